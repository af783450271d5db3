// libpng's simplified API (png_image_*): whole-image reads and writes in memory, no setjmp.
// Types and constants only: the functions come from CLibraryLoader, which opens the library on first use.
#ifndef SKEWKIT_CPNG_SHIM_H
#define SKEWKIT_CPNG_SHIM_H
#include <png.h>
#endif
