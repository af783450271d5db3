// dlopen and dlsym for the libraries in library_loader.h: each is opened once, on first use, and
// every function SkewKit calls is looked up then, so a library that is missing or too old is
// reported before the first call rather than part-way through one.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "loader_internal.h"

extern struct skew_library skew_zbar, skew_qrencode, skew_png, skew_turbojpeg, skew_curl, skew_pcsclite;

static struct skew_library *library_named(skew_library_id id) {
    switch (id) {
    case SKEW_LIBRARY_ZBAR: return &skew_zbar;
    case SKEW_LIBRARY_QRENCODE: return &skew_qrencode;
    case SKEW_LIBRARY_PNG: return &skew_png;
    case SKEW_LIBRARY_TURBOJPEG: return &skew_turbojpeg;
    case SKEW_LIBRARY_CURL: return &skew_curl;
    case SKEW_LIBRARY_PCSCLITE: return &skew_pcsclite;
    }
    return NULL;
}

int skew_library_open(struct skew_library *library) {
    pthread_mutex_lock(&library->lock);
    if (!library->attempted) {
        library->attempted = 1;
        const char *path = getenv(library->override);
        if (path == NULL || *path == '\0') path = library->soname;
        void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (handle == NULL) {
            const char *reason = dlerror();
            snprintf(library->error, sizeof library->error, "%s cannot be loaded (%s)", path, reason ? reason : "unknown reason");
        } else {
            size_t index;
            for (index = 0; index < library->count; index++) {
                library->slots[index] = dlsym(handle, library->names[index]);
                if (library->slots[index] == NULL) {
                    snprintf(library->error, sizeof library->error, "%s has no function %s (too old a version)", path, library->names[index]);
                    break;
                }
            }
            library->loaded = index == library->count;
        }
    }
    int loaded = library->loaded;
    pthread_mutex_unlock(&library->lock);
    return loaded ? 0 : -1;
}

void *skew_library_symbol(struct skew_library *library, size_t index) {
    if (skew_library_open(library) != 0) {
        fprintf(stderr, "skew: error: %s. Fix: install the Debian package %s.\n", library->error, library->package);
        exit(69);
    }
    return library->slots[index];
}

int skew_library_load(skew_library_id id, char *error, size_t size) {
    struct skew_library *library = library_named(id);
    if (skew_library_open(library) == 0) return 0;
    if (error != NULL && size > 0) snprintf(error, size, "%s", library->error);
    return -1;
}

const char *skew_library_soname(skew_library_id id) { return library_named(id)->soname; }
const char *skew_library_package(skew_library_id id) { return library_named(id)->package; }
