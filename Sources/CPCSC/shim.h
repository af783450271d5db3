// Exposes pcsc-lite's WinSCard API. SCARD_PCI_T0/T1 are macros over extern structs that Swift
// cannot import, so two static inline functions return them.
#ifndef SKEWKIT_CPCSC_SHIM_H
#define SKEWKIT_CPCSC_SHIM_H
#include <winscard.h>
#include <pcsclite.h>

static inline const SCARD_IO_REQUEST *skew_pci_t0(void) { return SCARD_PCI_T0; }
static inline const SCARD_IO_REQUEST *skew_pci_t1(void) { return SCARD_PCI_T1; }
#endif
