// pcsc-lite's WinSCard types and constants for Swift. Its functions, and SCARD_PCI_T0/T1 (macros
// over structures in the library, which Swift cannot import), come from CLibraryLoader, which opens
// libpcsclite on first use.
#ifndef SKEWKIT_CPCSC_SHIM_H
#define SKEWKIT_CPCSC_SHIM_H
#include <PCSC/winscard.h>
#include <PCSC/pcsclite.h>
#endif
