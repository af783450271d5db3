// TurboJPEG decodes JPEG straight to 8-bit grey and reports errors by return value (no setjmp).
#ifndef SKEWKIT_CTURBOJPEG_SHIM_H
#define SKEWKIT_CTURBOJPEG_SHIM_H
#include <turbojpeg.h>
#endif
