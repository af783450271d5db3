// libcurl for Swift: curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call,
// so each argument type gets a typed inline wrapper.
#ifndef SKEWKIT_CCURL_SHIM_H
#define SKEWKIT_CCURL_SHIM_H
#include <curl/curl.h>

typedef size_t (*skew_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode skew_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// For string options; libcurl copies strings it is given (CURLOPT_COPYPOSTFIELDS for bodies).
static inline CURLcode skew_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode skew_curl_set_headers(CURL *handle, struct curl_slist *headers) {
    return curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
}

static inline CURLcode skew_curl_set_writer(CURL *handle, skew_curl_write_callback callback, void *context) {
    CURLcode result = curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    if (result != CURLE_OK) return result;
    return curl_easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

static inline long skew_curl_response_code(CURL *handle) {
    long code = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &code);
    return code;
}
/// The loaded libcurl's version text; CURLVERSION_NOW is a macro Swift cannot import.
static inline const char *skew_curl_version(void) { return curl_version_info(CURLVERSION_NOW)->version; }

#endif
