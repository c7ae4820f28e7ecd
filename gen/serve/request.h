/* request.h — what `serve` makes of a request before touching a file: the path it names
 * inside the build folder (or none: nothing outside that folder is ever named), the file's
 * media type, a byte range, and where the page's serve-only script goes. Pure functions. */
#ifndef BAOCAO_SERVE_REQUEST_H
#define BAOCAO_SERVE_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The file a request's path names, relative to the build folder: "" for the root,
 * "2025-01/" for a folder, "2025-01/index.html"; %XX escapes decoded. NULL (a 404) when it
 * may not name anything there: not starting with '/', an empty, "." or ".." segment, a
 * segment starting with '.' (the build's own files: .baocao-cache…), an escaped '/' or '\',
 * a '\', a NUL or another control character, a bad escape. */
char *request_path(const char *url);

/* The Content-Type of a file, by its name's ending (text types in UTF-8);
 * application/octet-stream when unknown. */
const char *request_mime(const char *rel);

/* Whether the file is a page the server writes into (the reload script), or a page that
 * a build error replaces (a page or a PDF). */
bool request_is_html(const char *rel);
bool request_is_page(const char *rel);

/* A Range header on a file of `size` bytes (RFC 9110 14.2): REQUEST_RANGE_FULL when there
 * is none or it is not understood (several ranges, another unit: the whole file is sent, as
 * the RFC allows), REQUEST_RANGE_PART with *from and *len, REQUEST_RANGE_BAD when no byte of
 * it is in the file (416). */
enum request_range { REQUEST_RANGE_FULL, REQUEST_RANGE_PART, REQUEST_RANGE_BAD };
enum request_range request_range(const char *header, uint64_t size, uint64_t *from,
				 uint64_t *len);

/* The page with `snippet` inserted before its last </body> (at its end when it has none);
 * malloc'd, *out_len its length. */
char *request_inject(const char *html, size_t len, const char *snippet, size_t *out_len);

/* Whether the Host header names this machine's loopback (127.0.0.1, localhost, [::1], with
 * or without :port): another name is a page elsewhere reaching the server through DNS
 * rebinding. NULL (HTTP/1.0 without Host) is accepted. */
bool request_host_ok(const char *host, unsigned port);

#endif
