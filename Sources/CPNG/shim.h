// libpng's simplified API (png_image_*): whole-image reads and writes in memory, no setjmp.
#ifndef SKEWKIT_CPNG_SHIM_H
#define SKEWKIT_CPNG_SHIM_H
#include <png.h>
#endif
