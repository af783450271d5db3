// libqrencode builds the QR module matrix for `skew qr encode`.
// Types and constants only: the functions come from CLibraryLoader, which opens the library on first use.
#ifndef SKEWKIT_CQRENCODE_SHIM_H
#define SKEWKIT_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
