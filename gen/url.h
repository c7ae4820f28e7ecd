/* url.h — what a link of a report may point to: one rule for the website and the PDF. */
#ifndef BAOCAO_URL_H
#define BAOCAO_URL_H

#include <stdbool.h>

/* Whether a link target may be published: http, https, mailto or a relative URL, with no
 * control character. Anything else (javascript:, vbscript:, data:, file:, …) is shown as
 * its text, without the link. */
bool url_is_safe(const char *url);

/* A safe link as the PDF keeps it: resolved against base (the absolute URL of the folder
 * the PDF is published in, ending in '/'), so that a file kept apart from the website still
 * points somewhere, and written in 7-bit ASCII (RFC 3986: every other byte, and every
 * character a URI cannot hold, percent-encoded; escapes already there kept). NULL for a
 * link that is not safe or cannot be read as a URI reference. malloc'ed. */
char *url_absolute(const char *url, const char *base);

/* A relative path (a file's name, its folders) as a URL path: every byte but letters,
 * digits, "-._~" and '/' percent-encoded ("sơ đồ#1.png" -> "s%C6%A1%20%C4%91%E1%BB%93%231.png").
 * malloc'ed. */
char *url_encode_path(const char *path);

#endif
