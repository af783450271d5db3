#define _GNU_SOURCE
#include <locale.h>
#include <pthread.h>
#include <wchar.h>
#include "display_width.h"

static locale_t utf8;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;
static void make_utf8(void) { utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0); }

int skew_scalar_width(uint32_t scalar) {
    // C.UTF-8 is built into glibc since 2.35. It is set for this thread only, around the one call,
    // so the process's locale never changes.
    pthread_once(&utf8_once, make_utf8);
    if (!utf8) return -1;
    locale_t previous = uselocale(utf8);
    int width = wcwidth((wchar_t)scalar);
    uselocale(previous);
    return width < 0 ? 0 : width;
}
