// libqrencode builds the QR module matrix for `skew qr encode`.
#ifndef SKEWKIT_CQRENCODE_SHIM_H
#define SKEWKIT_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
