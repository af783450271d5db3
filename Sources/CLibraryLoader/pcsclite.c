// pcsc-lite's WinSCard API, and the two protocol structures behind SCARD_PCI_T0/T1.
#include <PCSC/winscard.h>
#include <PCSC/pcsclite.h>
#include "loader_internal.h"
#define SKEW_CURRENT skew_pcsclite

#define PCSCLITE_FUNCTIONS(X, V) \
    X(LONG, SCardEstablishContext, (DWORD scope, LPCVOID reserved1, LPCVOID reserved2, LPSCARDCONTEXT context), \
      (scope, reserved1, reserved2, context)) \
    X(LONG, SCardReleaseContext, (SCARDCONTEXT context), (context)) \
    X(LONG, SCardConnect, (SCARDCONTEXT context, LPCSTR reader, DWORD share, DWORD protocols, LPSCARDHANDLE card, LPDWORD active), \
      (context, reader, share, protocols, card, active)) \
    X(LONG, SCardReconnect, (SCARDHANDLE card, DWORD share, DWORD protocols, DWORD initialization, LPDWORD active), \
      (card, share, protocols, initialization, active)) \
    X(LONG, SCardDisconnect, (SCARDHANDLE card, DWORD disposition), (card, disposition)) \
    X(LONG, SCardGetStatusChange, (SCARDCONTEXT context, DWORD timeout, SCARD_READERSTATE *states, DWORD count), \
      (context, timeout, states, count)) \
    X(LONG, SCardTransmit, (SCARDHANDLE card, const SCARD_IO_REQUEST *sendPci, LPCBYTE send, DWORD sendLength, \
                            SCARD_IO_REQUEST *receivePci, LPBYTE receive, LPDWORD receiveLength), \
      (card, sendPci, send, sendLength, receivePci, receive, receiveLength)) \
    X(LONG, SCardListReaders, (SCARDCONTEXT context, LPCSTR groups, LPSTR readers, LPDWORD length), (context, groups, readers, length)) \
    X(LONG, SCardCancel, (SCARDCONTEXT context), (context)) \
    X(const char *, pcsc_stringify_error, (const LONG code), (code))

// The structures are data, looked up with the functions.
#define PCSCLITE_SYMBOLS(X, V) \
    PCSCLITE_FUNCTIONS(X, V) \
    X(void, g_rgSCardT0Pci, (void), ()) \
    X(void, g_rgSCardT1Pci, (void), ())

SKEW_LIBRARY(skew_pcsclite, PCSCLITE_SYMBOLS, "libpcsclite.so.1", "libpcsclite1", "SKEW_LIBPCSCLITE")
PCSCLITE_FUNCTIONS(SKEW_FORWARD, SKEW_FORWARD_VOID)

const SCARD_IO_REQUEST *skew_pci_t0(void) { return skew_library_symbol(&skew_pcsclite, SKEW_INDEX_g_rgSCardT0Pci); }
const SCARD_IO_REQUEST *skew_pci_t1(void) { return skew_library_symbol(&skew_pcsclite, SKEW_INDEX_g_rgSCardT1Pci); }
