// Exposes the parts of OpenSSL's libcrypto SkewKit uses: the SHA block functions for the
// precomputed-HMAC fast path, one-shot HMAC as its independent check, and EVP for SM4.
// The low-level SHA*_Transform calls are deprecated in OpenSSL 3 but still exported.
#ifndef SKEWKIT_COPENSSL_SHIM_H
#define SKEWKIT_COPENSSL_SHIM_H
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#endif
