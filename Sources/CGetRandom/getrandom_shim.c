#include "getrandom_shim.h"
#include <errno.h>
#include <sys/random.h>

int skew_getrandom(void *buffer, size_t length) {
    unsigned char *next = buffer;
    while (length > 0) {
        ssize_t got = getrandom(next, length, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        next += got;
        length -= (size_t)got;
    }
    return 0;
}
