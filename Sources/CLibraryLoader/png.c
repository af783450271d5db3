// libpng's simplified API (png_image_*): whole-image reads and writes in memory, no setjmp.
#include <png.h>
#include "loader_internal.h"
#define SKEW_CURRENT skew_png

#define PNG_FUNCTIONS(X, V) \
    X(int, png_image_begin_read_from_memory, (png_imagep image, png_const_voidp memory, size_t size), (image, memory, size)) \
    X(int, png_image_finish_read, (png_imagep image, png_const_colorp background, void *buffer, png_int_32 row_stride, void *colormap), \
      (image, background, buffer, row_stride, colormap)) \
    V(png_image_free, (png_imagep image), (image)) \
    X(int, png_image_write_to_memory, (png_imagep image, void *memory, png_alloc_size_t *PNG_RESTRICT memory_bytes, int convert_to_8_bit, \
                                       const void *buffer, png_int_32 row_stride, const void *colormap), \
      (image, memory, memory_bytes, convert_to_8_bit, buffer, row_stride, colormap))

SKEW_LIBRARY(skew_png, PNG_FUNCTIONS, "libpng16.so.16", "libpng16-16", "SKEW_LIBPNG")
PNG_FUNCTIONS(SKEW_FORWARD, SKEW_FORWARD_VOID)
