// libqrencode builds the QR module matrix for `skew qr encode` and `skew seed … --as png`.
#include <qrencode.h>
#include "loader_internal.h"
#define SKEW_CURRENT skew_qrencode

#define QRENCODE_FUNCTIONS(X, V) \
    X(QRcode *, QRcode_encodeString8bit, (const char *string, int version, QRecLevel level), (string, version, level)) \
    V(QRcode_free, (QRcode *code), (code))

SKEW_LIBRARY(skew_qrencode, QRENCODE_FUNCTIONS, "libqrencode.so.4", "libqrencode4", "SKEW_LIBQRENCODE")
QRENCODE_FUNCTIONS(SKEW_FORWARD, SKEW_FORWARD_VOID)
