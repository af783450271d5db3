// TurboJPEG decodes JPEG straight to 8-bit grey and reports errors by return value (no setjmp).
// Types and constants only: the functions come from CLibraryLoader, which opens the library on first use.
#ifndef SKEWKIT_CTURBOJPEG_SHIM_H
#define SKEWKIT_CTURBOJPEG_SHIM_H
#include <turbojpeg.h>
#endif
