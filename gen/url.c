/* url.c — the links a report may publish, for both backends (gen/html/markdown.c keeps a safe
 * link as written, gen/pdf/layout.c as url_absolute makes it). Resolution is libxml2's
 * xmlBuildURI (RFC 3986, dot segments removed). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>

#include "url.h"
#include "util.h"

bool url_is_safe(const char *url)
{
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	size_t n = strcspn(url, ":/?#");
	if (url[n] != ':')
		return true; /* relative */
	static const char *const ok[] = {"http", "https", "mailto"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (n == strlen(ok[i]) && strncasecmp(url, ok[i], n) == 0)
			return true;
	return false;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/* url with every byte a URI may not hold as it is percent-encoded: UTF-8, spaces, "<>\^`{|}
 * and a '%' that starts no escape. */
static char *escape(const char *url)
{
	static const char keep[] = "-._~:/?#[]@!$&'()*+,;=";
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(url);
	char *out = xmalloc(3 * n + 1), *o = out;
	for (const char *p = url; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || (c && strchr(keep, c));
		if (c == '%' && is_hex(p[1]) && is_hex(p[2]))
			plain = true;
		if (plain) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = 0;
	return out;
}

char *url_absolute(const char *url, const char *base)
{
	if (!url || !url_is_safe(url))
		return NULL;
	char *escaped = escape(url);
	xmlChar *abs = xmlBuildURI((const xmlChar *)escaped, (const xmlChar *)base);
	free(escaped);
	if (!abs)
		return NULL;
	char *out = xstrdup((const char *)abs);
	xmlFree(abs);
	/* resolving gives a relative link the base's scheme; an absolute one keeps its own */
	if (!url_is_safe(out)) {
		free(out);
		return NULL;
	}
	return out;
}

char *url_encode_path(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	buf_init(&b);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p)) {
			buf_putc(&b, (char)*p);
		} else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		}
	}
	return buf_detach_free(&b);
}
