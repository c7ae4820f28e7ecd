#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util.h"

int text_decode(const char *s, size_t n, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
	if (k < 0)
		return -1;
	*cp = c;
	return (int)k;
}

char *text_nfc(const char *s)
{
	return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

char *text_clean(const char *bytes, size_t len, const char *path, struct diags *d)
{
	size_t i = 0;
	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	char *lf = xmalloc(len - i + 1);
	size_t n = 0;
	int line = 1;
	size_t line_start = i;
	while (i < len) {
		unsigned char c = (unsigned char)bytes[i];
		if (c == 0) {
			diag_add(d, path, line, diag_column(bytes + line_start, i - line_start),
				 "NUL byte at byte %zu: not a text file", i);
			free(lf);
			return NULL;
		}
		if (c < 0x80) {
			if (c == '\r') {
				lf[n++] = '\n';
				if (i + 1 < len && bytes[i + 1] == '\n')
					i++;
				i++;
				line++;
				line_start = i;
				continue;
			}
			lf[n++] = (char)c;
			i++;
			if (c == '\n') {
				line++;
				line_start = i;
			}
			continue;
		}
		int32_t cp;
		int k = text_decode(bytes + i, len - i, &cp);
		if (k < 0) {
			diag_add(d, path, line, diag_column(bytes + line_start, i - line_start),
				 "invalid UTF-8 at byte %zu (0x%02X)", i, c);
			free(lf);
			return NULL;
		}
		memcpy(lf + n, bytes + i, (size_t)k);
		n += (size_t)k;
		i += (size_t)k;
	}
	lf[n] = 0;
	char *nfc = text_nfc(lf);
	free(lf);
	if (!nfc) {
		diag_add(d, path, 1, 1, "text cannot be normalised to NFC");
		return NULL;
	}
	return nfc;
}
