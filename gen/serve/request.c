#include "request.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util.h"

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One segment, decoded; false if it may not be served. */
static bool segment(const char *s, size_t n, struct buf *out)
{
	size_t start = out->len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return false;
			int h = hex(s[i + 1]), l = hex(s[i + 2]);
			if (h < 0 || l < 0)
				return false;
			c = (unsigned char)(h * 16 + l);
			i += 2;
			/* an escaped separator would join two segments past the checks below */
			if (c == '/' || c == '\\')
				return false;
		}
		if (c < 0x20 || c == 0x7f || c == '\\')
			return false;
		buf_putc(out, (char)c);
	}
	const char *seg = out->s + start;
	size_t len = out->len - start;
	/* "", ".", "..", and the build's own files (.baocao, .baocao-cache, .baocao-model) */
	return len > 0 && seg[0] != '.';
}

char *request_path(const char *url)
{
	if (!url || url[0] != '/')
		return NULL;
	struct buf b;
	buf_init(&b);
	const char *p = url + 1;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (!segment(p, n, &b)) {
			buf_free(&b);
			return NULL;
		}
		if (!slash)
			break;
		buf_putc(&b, '/');
		p = slash + 1;
	}
	return buf_detach_free(&b);
}

static const char *ending(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	const char *name = slash ? slash + 1 : rel;
	const char *dot = strrchr(name, '.');
	return dot ? dot + 1 : "";
}

static const struct {
	const char *ext, *type;
} types[] = {
	{"html", "text/html; charset=utf-8"},
	{"htm", "text/html; charset=utf-8"},
	{"css", "text/css; charset=utf-8"},
	{"js", "text/javascript; charset=utf-8"},
	{"mjs", "text/javascript; charset=utf-8"},
	{"json", "application/json"},
	{"map", "application/json"},
	{"webmanifest", "application/manifest+json"},
	{"svg", "image/svg+xml"},
	{"pdf", "application/pdf"},
	{"csv", "text/csv; charset=utf-8"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"xml", "application/xml"},
	{"txt", "text/plain; charset=utf-8"},
	{"md", "text/plain; charset=utf-8"},
	{"png", "image/png"},
	{"jpg", "image/jpeg"},
	{"jpeg", "image/jpeg"},
	{"gif", "image/gif"},
	{"webp", "image/webp"},
	{"avif", "image/avif"},
	{"ico", "image/vnd.microsoft.icon"},
	{"woff", "font/woff"},
	{"woff2", "font/woff2"},
	{"ttf", "font/ttf"},
	{"otf", "font/otf"},
	{"wasm", "application/wasm"},
	{"zip", "application/zip"},
};

const char *request_mime(const char *rel)
{
	const char *ext = ending(rel);
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcasecmp(ext, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

bool request_is_html(const char *rel)
{
	const char *ext = ending(rel);
	return strcasecmp(ext, "html") == 0 || strcasecmp(ext, "htm") == 0;
}

bool request_is_page(const char *rel)
{
	size_t n = strlen(rel);
	return n == 0 || rel[n - 1] == '/' || request_is_html(rel) ||
	       strcasecmp(ending(rel), "pdf") == 0;
}

/* A decimal number of at most 19 digits at *s; false if there is none. */
static bool number(const char **s, uint64_t *v)
{
	const char *p = *s;
	uint64_t x = 0;
	int digits = 0;
	while (*p >= '0' && *p <= '9') {
		if (++digits > 19)
			return false;
		x = x * 10 + (uint64_t)(*p - '0');
		p++;
	}
	if (!digits)
		return false;
	*s = p;
	*v = x;
	return true;
}

enum request_range request_range(const char *header, uint64_t size, uint64_t *from,
				 uint64_t *len)
{
	if (!header)
		return REQUEST_RANGE_FULL;
	const char *p = header;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "bytes", 5) != 0)
		return REQUEST_RANGE_FULL;
	p += 5;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '=')
		return REQUEST_RANGE_FULL;
	while (*p == ' ' || *p == '\t')
		p++;
	uint64_t a = 0, b = 0;
	bool has_a = number(&p, &a);
	if (*p++ != '-')
		return REQUEST_RANGE_FULL;
	bool has_b = number(&p, &b);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p) /* several ranges, or not a range */
		return REQUEST_RANGE_FULL;
	if (!has_a) {
		/* bytes=-N: the last N bytes */
		if (!has_b)
			return REQUEST_RANGE_FULL;
		if (b == 0 || size == 0)
			return REQUEST_RANGE_BAD;
		*len = b < size ? b : size;
		*from = size - *len;
		return REQUEST_RANGE_PART;
	}
	if (has_b && b < a)
		return REQUEST_RANGE_FULL; /* invalid: ignored, as RFC 9110 says */
	if (a >= size)
		return REQUEST_RANGE_BAD;
	uint64_t last = has_b && b < size - 1 ? b : size - 1;
	*from = a;
	*len = last - a + 1;
	return REQUEST_RANGE_PART;
}

char *request_inject(const char *html, size_t len, const char *snippet, size_t *out_len)
{
	size_t at = len;
	for (size_t i = len; i-- > 0;) {
		if (html[i] == '<' && len - i >= 6 && strncasecmp(html + i, "</body", 6) == 0) {
			at = i;
			break;
		}
	}
	size_t n = strlen(snippet);
	char *out = xmalloc(len + n + 1);
	memcpy(out, html, at);
	memcpy(out + at, snippet, n);
	memcpy(out + at + n, html + at, len - at);
	out[len + n] = 0;
	*out_len = len + n;
	return out;
}

bool request_host_ok(const char *host, unsigned port)
{
	if (!host)
		return true;
	static const char *names[] = {"127.0.0.1", "localhost", "[::1]"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t n = strlen(names[i]);
		if (strncasecmp(host, names[i], n) != 0)
			continue;
		const char *rest = host + n;
		if (!*rest)
			return true;
		if (*rest != ':')
			continue;
		char *end;
		unsigned long p = strtoul(rest + 1, &end, 10);
		return rest[1] >= '0' && rest[1] <= '9' && !*end && p == port;
	}
	return false;
}
