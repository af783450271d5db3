// zbar's image scanner: SkewKit hands it 8-bit grey (Y800) buffers and reads back QR symbols.
#ifndef SKEWKIT_CZBAR_SHIM_H
#define SKEWKIT_CZBAR_SHIM_H
#include <zbar.h>
#endif
