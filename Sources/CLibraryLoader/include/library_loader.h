// The C libraries that only some commands need (QR pictures, HTTP verifiers, PC/SC) are opened with
// dlopen on first use instead of being linked, so a command such as `skew window` starts without
// loading them and everything they pull in. This target defines the libraries' functions that
// SkewKit calls, under their own names, each forwarding to the symbol found in the opened library;
// Swift code calls them as before, after `skew_library_load` said the library is there.
#ifndef SKEWKIT_LIBRARY_LOADER_H
#define SKEWKIT_LIBRARY_LOADER_H
#include <stddef.h>
#include <curl/curl.h>
#include <PCSC/winscard.h>

/// The libraries loaded on first use.
typedef enum {
    SKEW_LIBRARY_ZBAR,
    SKEW_LIBRARY_QRENCODE,
    SKEW_LIBRARY_PNG,
    SKEW_LIBRARY_TURBOJPEG,
    SKEW_LIBRARY_CURL,
    SKEW_LIBRARY_PCSCLITE,
} skew_library_id;

/// Opens the library (once per process) and resolves every function SkewKit uses from it.
/// Returns 0, or -1 with the reason in `error`. An environment variable per library (SKEW_LIBZBAR,
/// SKEW_LIBCURL, …, in each library's file) names another file to open (tests make one missing so).
int skew_library_load(skew_library_id library, char *error, size_t size);
/// The shared object's name (`libzbar.so.0`) and the Debian package holding it.
const char *skew_library_soname(skew_library_id library);
const char *skew_library_package(skew_library_id library);

// libcurl's curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one
// typed function per argument type.
typedef size_t (*skew_curl_write_callback)(char *data, size_t size, size_t count, void *context);
CURLcode skew_curl_set_long(CURL *handle, CURLoption option, long value);
/// For string options; libcurl copies strings it is given (CURLOPT_COPYPOSTFIELDS for bodies).
CURLcode skew_curl_set_string(CURL *handle, CURLoption option, const char *value);
CURLcode skew_curl_set_headers(CURL *handle, struct curl_slist *headers);
CURLcode skew_curl_set_writer(CURL *handle, skew_curl_write_callback callback, void *context);
long skew_curl_response_code(CURL *handle);
/// The loaded libcurl's version text; CURLVERSION_NOW is a macro Swift cannot import.
const char *skew_curl_version(void);

// SCARD_PCI_T0/T1 are macros over structures exported by libpcsclite, which Swift cannot import.
const SCARD_IO_REQUEST *skew_pci_t0(void);
const SCARD_IO_REQUEST *skew_pci_t1(void);
#endif
