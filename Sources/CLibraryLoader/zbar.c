// zbar's image scanner: SkewKit hands it 8-bit grey (Y800) buffers and reads back QR symbols.
#include <zbar.h>
#include "loader_internal.h"
#define SKEW_CURRENT skew_zbar

#define ZBAR_FUNCTIONS(X, V) \
    X(zbar_image_scanner_t *, zbar_image_scanner_create, (void), ()) \
    V(zbar_image_scanner_destroy, (zbar_image_scanner_t *scanner), (scanner)) \
    X(int, zbar_image_scanner_set_config, (zbar_image_scanner_t *scanner, zbar_symbol_type_t symbology, zbar_config_t config, int value), \
      (scanner, symbology, config, value)) \
    X(zbar_image_t *, zbar_image_create, (void), ()) \
    V(zbar_image_destroy, (zbar_image_t *image), (image)) \
    V(zbar_image_set_format, (zbar_image_t *image, unsigned long format), (image, format)) \
    V(zbar_image_set_size, (zbar_image_t *image, unsigned width, unsigned height), (image, width, height)) \
    V(zbar_image_set_data, (zbar_image_t *image, const void *data, unsigned long length, zbar_image_cleanup_handler_t *cleanup), \
      (image, data, length, cleanup)) \
    X(int, zbar_scan_image, (zbar_image_scanner_t *scanner, zbar_image_t *image), (scanner, image)) \
    X(const zbar_symbol_t *, zbar_image_first_symbol, (const zbar_image_t *image), (image)) \
    X(zbar_symbol_type_t, zbar_symbol_get_type, (const zbar_symbol_t *symbol), (symbol)) \
    X(const char *, zbar_symbol_get_data, (const zbar_symbol_t *symbol), (symbol)) \
    X(unsigned int, zbar_symbol_get_data_length, (const zbar_symbol_t *symbol), (symbol)) \
    X(const zbar_symbol_t *, zbar_symbol_next, (const zbar_symbol_t *symbol), (symbol)) \
    X(int, zbar_version, (unsigned *major, unsigned *minor, unsigned *patch), (major, minor, patch))

SKEW_LIBRARY(skew_zbar, ZBAR_FUNCTIONS, "libzbar.so.0", "libzbar0", "SKEW_LIBZBAR")
ZBAR_FUNCTIONS(SKEW_FORWARD, SKEW_FORWARD_VOID)
