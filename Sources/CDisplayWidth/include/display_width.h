// Terminal column width of one Unicode scalar, from the C library's wcwidth under a UTF-8 locale.
// glibc declares wcwidth only for X/Open sources, which Swift's Glibc module does not import.
#ifndef SKEWKIT_DISPLAY_WIDTH_H
#define SKEWKIT_DISPLAY_WIDTH_H
#include <stdint.h>

/// Columns the scalar takes (2 for East Asian wide, 0 for combining marks and controls), or -1 when
/// no UTF-8 locale is available.
int skew_scalar_width(uint32_t scalar);
#endif
