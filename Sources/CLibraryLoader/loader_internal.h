// What each library's file shares with loader.c: the table of one library, and the X-macros that
// turn a list of functions into slots, names and forwarding definitions.
#ifndef SKEWKIT_LOADER_INTERNAL_H
#define SKEWKIT_LOADER_INTERNAL_H
#include <pthread.h>
#include <stddef.h>
#include "library_loader.h"

struct skew_library {
    const char *soname;
    const char *package;
    const char *override;
    const char *const *names;
    void **slots;
    size_t count;
    pthread_mutex_t lock;
    int attempted;
    int loaded;
    char error[512];
};

/// Loads `library` if that was not tried yet; 0 when it is there.
int skew_library_open(struct skew_library *library);
/// The slot of a function, loading the library first; a missing library ends the process with its
/// reason (Swift code checks with skew_library_load first, so this is the safety net).
void *skew_library_symbol(struct skew_library *library, size_t index);

// Each library file lists its functions as X(return type, name, (parameters), (arguments)) and
// V(name, (parameters), (arguments)) for functions returning void, then expands these:
// SKEW_LIBRARY for the table, LIST(SKEW_FORWARD, SKEW_FORWARD_VOID) for the definitions.
#define SKEW_ENUM_X(ret, name, params, args) SKEW_INDEX_##name,
#define SKEW_ENUM_V(name, params, args) SKEW_INDEX_##name,
#define SKEW_NAME_X(ret, name, params, args) #name,
#define SKEW_NAME_V(name, params, args) #name,
// The forwarding definitions use the table named by SKEW_CURRENT, which each file defines first.
#define SKEW_FORWARD(ret, name, params, args) \
    ret name params { return ((ret (*) params)skew_library_symbol(&SKEW_CURRENT, SKEW_INDEX_##name)) args; }
#define SKEW_FORWARD_VOID(name, params, args) \
    void name params { ((void (*) params)skew_library_symbol(&SKEW_CURRENT, SKEW_INDEX_##name)) args; }

/// Declares the table `lib` for the functions in `LIST`, and defines every function in it.
#define SKEW_LIBRARY(lib, LIST, so, deb, variable) \
    enum { LIST(SKEW_ENUM_X, SKEW_ENUM_V) SKEW_COUNT_##lib }; \
    static const char *const lib##_names[] = { LIST(SKEW_NAME_X, SKEW_NAME_V) }; \
    static void *lib##_slots[SKEW_COUNT_##lib]; \
    struct skew_library lib = { so, deb, variable, lib##_names, lib##_slots, SKEW_COUNT_##lib, PTHREAD_MUTEX_INITIALIZER, 0, 0, "" };

#endif
