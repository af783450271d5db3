// libcurl for the HTTP verifiers. curl_easy_setopt and curl_easy_getinfo are variadic: they are
// looked up like the rest and called through a variadic pointer with one typed argument each.
#include <curl/curl.h>
#include "loader_internal.h"
#define SKEW_CURRENT skew_curl

// The typed wrappers below call these two through their own names, so curl.h's type-checking
// macros (which wrap calls of the real names) must not rewrite them.
#undef curl_easy_setopt
#undef curl_easy_getinfo
typedef CURLcode (*variadic_call)(CURL *, int, ...);

#define CURL_FUNCTIONS(X, V) \
    X(CURLcode, curl_global_init, (long flags), (flags)) \
    X(CURL *, curl_easy_init, (void), ()) \
    V(curl_easy_cleanup, (CURL *handle), (handle)) \
    X(CURLcode, curl_easy_perform, (CURL *handle), (handle)) \
    X(const char *, curl_easy_strerror, (CURLcode code), (code)) \
    X(struct curl_slist *, curl_slist_append, (struct curl_slist *list, const char *data), (list, data)) \
    V(curl_slist_free_all, (struct curl_slist *list), (list)) \
    X(curl_version_info_data *, curl_version_info, (CURLversion version), (version))

// Looked up with the others but not defined here under their own names (they are variadic).
#define CURL_VARIADIC(X, V) \
    CURL_FUNCTIONS(X, V) \
    X(CURLcode, curl_easy_setopt, (void), ()) \
    X(CURLcode, curl_easy_getinfo, (void), ())

SKEW_LIBRARY(skew_curl, CURL_VARIADIC, "libcurl.so.4", "libcurl4", "SKEW_LIBCURL")
CURL_FUNCTIONS(SKEW_FORWARD, SKEW_FORWARD_VOID)

static CURLcode setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return ((variadic_call)skew_library_symbol(&skew_curl, SKEW_INDEX_curl_easy_setopt))(handle, (int)option, value);
}

CURLcode skew_curl_set_long(CURL *handle, CURLoption option, long value) {
    return ((variadic_call)skew_library_symbol(&skew_curl, SKEW_INDEX_curl_easy_setopt))(handle, (int)option, value);
}

CURLcode skew_curl_set_string(CURL *handle, CURLoption option, const char *value) { return setopt_pointer(handle, option, value); }

CURLcode skew_curl_set_headers(CURL *handle, struct curl_slist *headers) { return setopt_pointer(handle, CURLOPT_HTTPHEADER, headers); }

CURLcode skew_curl_set_writer(CURL *handle, skew_curl_write_callback callback, void *context) {
    CURLcode result = ((variadic_call)skew_library_symbol(&skew_curl, SKEW_INDEX_curl_easy_setopt))(handle, (int)CURLOPT_WRITEFUNCTION, callback);
    if (result != CURLE_OK) return result;
    return setopt_pointer(handle, CURLOPT_WRITEDATA, context);
}

long skew_curl_response_code(CURL *handle) {
    long code = 0;
    ((variadic_call)skew_library_symbol(&skew_curl, SKEW_INDEX_curl_easy_getinfo))(handle, (int)CURLINFO_RESPONSE_CODE, &code);
    return code;
}

const char *skew_curl_version(void) { return curl_version_info(CURLVERSION_NOW)->version; }
