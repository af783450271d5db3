// pcsc-lite's headers include each other as <pcsclite.h> and <wintypes.h>, which pkg-config finds by
// adding /usr/include/PCSC to the include path. libpcsclite is not linked (no pkg-config), so this
// folder, on the include path of everything that uses CPCSC, forwards those two names.
#include <PCSC/pcsclite.h>
