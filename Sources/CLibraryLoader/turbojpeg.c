// TurboJPEG decodes JPEG straight to 8-bit grey and reports errors by return value (no setjmp).
#include <turbojpeg.h>
#include "loader_internal.h"
#define SKEW_CURRENT skew_turbojpeg

#define TURBOJPEG_FUNCTIONS(X, V) \
    X(tjhandle, tjInitDecompress, (void), ()) \
    X(int, tjDestroy, (tjhandle handle), (handle)) \
    X(int, tjDecompressHeader3, (tjhandle handle, const unsigned char *jpegBuf, unsigned long jpegSize, int *width, int *height, \
                                 int *jpegSubsamp, int *jpegColorspace), \
      (handle, jpegBuf, jpegSize, width, height, jpegSubsamp, jpegColorspace)) \
    X(int, tjDecompress2, (tjhandle handle, const unsigned char *jpegBuf, unsigned long jpegSize, unsigned char *dstBuf, int width, \
                           int pitch, int height, int pixelFormat, int flags), \
      (handle, jpegBuf, jpegSize, dstBuf, width, pitch, height, pixelFormat, flags)) \
    X(int, tjGetErrorCode, (tjhandle handle), (handle)) \
    X(char *, tjGetErrorStr2, (tjhandle handle), (handle))

SKEW_LIBRARY(skew_turbojpeg, TURBOJPEG_FUNCTIONS, "libturbojpeg.so.0", "libturbojpeg0", "SKEW_LIBTURBOJPEG")
TURBOJPEG_FUNCTIONS(SKEW_FORWARD, SKEW_FORWARD_VOID)
