// The kernel's CSPRNG through glibc's getrandom(2), which Swift's Glibc module does not import.
#ifndef SKEWKIT_GETRANDOM_SHIM_H
#define SKEWKIT_GETRANDOM_SHIM_H
#include <stddef.h>

/// Fills `length` bytes at `buffer` from the kernel's random pool, blocking only until the pool is
/// first seeded. Returns 0 on success, or the errno of the failing call.
int skew_getrandom(void *buffer, size_t length);
#endif
