// zbar's image scanner: SkewKit hands it 8-bit grey (Y800) buffers and reads back QR symbols.
// Types and constants only: the functions come from CLibraryLoader, which opens the library on first use.
#ifndef SKEWKIT_CZBAR_SHIM_H
#define SKEWKIT_CZBAR_SHIM_H
#include <zbar.h>
#endif
