// libcurl's types and constants for Swift. Its functions are defined by CLibraryLoader, which opens
// libcurl on first use, with typed wrappers for the variadic curl_easy_setopt and curl_easy_getinfo.
#ifndef SKEWKIT_CCURL_SHIM_H
#define SKEWKIT_CCURL_SHIM_H
#include <curl/curl.h>
#endif
