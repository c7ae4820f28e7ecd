/* encoding.c — UTF-16 files converted, 8-bit files recognised (rules in encoding.h). */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

bool encoding_is_utf16(const char *bytes, size_t len)
{
	const unsigned char *u = (const unsigned char *)bytes;
	return len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
}

/* The line and character column (1-based) after the UTF-8 text out[0..n): where a bad
 * character of the original file is, as an editor counts (CRLF, CR and LF end a line). */
static void position(const char *out, size_t n, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];
		if (c == '\n' && i > 0 && out[i - 1] == '\r')
			continue; /* the CR counted the line */
		if (c == '\n' || c == '\r') {
			(*line)++;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

char *encoding_from_utf16(const char *bytes, size_t len, size_t *out_len, const char *path,
			  struct diags *d)
{
	bool little = (unsigned char)bytes[0] == 0xFF;
	iconv_t cd = iconv_open("UTF-8", little ? "UTF-16LE" : "UTF-16BE");
	if (cd == (iconv_t)-1) {
		diag_add(d, path, 1, 1, "cannot convert from UTF-16: %s", strerror(errno));
		return NULL;
	}
	/* UTF-8 takes at most 3 bytes for 2 of UTF-16 (a surrogate pair: 4 for 4) */
	size_t cap = (len / 2) * 3 + 4;
	char *out = xmalloc(cap);
	char *in = (char *)bytes + 2, *o = out;
	size_t in_left = len - 2, out_left = cap - 1;
	size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
	int err = rc == (size_t)-1 ? errno : 0;
	iconv_close(cd);
	size_t n = (size_t)(o - out);
	if (err) {
		int line, col;
		position(out, n, &line, &col);
		size_t at = (size_t)(in - bytes);
		if (err == EINVAL)
			diag_add(d, path, line, col,
				 "the file ends inside a UTF-16 character (at byte %zu): it was cut "
				 "short; take it again from where it came",
				 at);
		else
			diag_add(d, path, line, col,
				 "invalid UTF-16 at byte %zu (half of a character pair, or a file "
				 "that is not UTF-16 after all): save it again as UTF-8",
				 at);
		free(out);
		return NULL;
	}
	out[n] = 0;
	*out_len = n;
	return out;
}

bool encoding_is_8bit(const char *bytes, size_t len)
{
	size_t valid = 0, invalid = 0;
	for (size_t i = 0; i < len;) {
		if ((unsigned char)bytes[i] < 0x80) {
			i++;
			continue;
		}
		int32_t cp;
		int k = text_decode(bytes + i, len - i, &cp);
		if (k > 0) {
			valid++;
			i += (size_t)k;
		} else {
			invalid++;
			i++;
		}
	}
	return invalid > valid;
}
