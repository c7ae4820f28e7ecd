#include "text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "encoding.h"
#include "util.h"

int text_decode_slow(const char *s, size_t n, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
	if (k < 0)
		return -1;
	*cp = c;
	return (int)k;
}

/* ---- the NFC quick check ----
 *
 * Most text is already NFC, and utf8proc_NFC costs a decomposition, a reordering, a
 * recomposition and a copy of every character. A string is left as it is by NFC when each
 * of its code points is "stable": a starter (combining class 0), not the second half of any
 * composition (utf8proc marks those with comb_index >= 0x8000; Hangul jamo compose by
 * rule), and either without a canonical decomposition or one that composes back to itself
 * and begins with such a stable starter. Then no reordering can happen (there are no
 * non-starters), and no composition can join two neighbours (the right one would have to be
 * a second half). Anything else goes to utf8proc_NFC; test/unit/text.c compares the two on
 * every code point and many strings. */

static bool second_half(const utf8proc_property_t *p)
{
	return p->comb_index != UINT16_MAX && p->comb_index >= 0x8000;
}

static bool hangul(int32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7A3);
}

static bool stable_uncached(int32_t cp)
{
	if (hangul(cp))
		return false; /* decomposed and recomposed by rule: leave them to utf8proc */
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	if (p->combining_class != 0 || second_half(p))
		return false;
	if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
		return true; /* no canonical decomposition (NFC ignores compatibility ones) */
	utf8proc_int32_t buf[8];
	int boundclass = 0;
	utf8proc_option_t opt = UTF8PROC_COMPOSE | UTF8PROC_STABLE;
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 8, opt, &boundclass);
	if (n < 1 || n > 8 || hangul(buf[0]))
		return false;
	const utf8proc_property_t *first = utf8proc_get_property(buf[0]);
	if (first->combining_class != 0 || second_half(first))
		return false;
	n = utf8proc_normalize_utf32(buf, n, opt);
	return n == 1 && buf[0] == cp;
}

/* Which code points of the Basic Multilingual Plane are known to be stable, worked out as
 * they are met: a file uses few distinct characters. */
struct nfc_cache {
	uint64_t known[0x10000 / 64], stable[0x10000 / 64];
};

static bool stable(int32_t cp, struct nfc_cache *c)
{
	if (cp < 0x80)
		return true;
	if (cp >= 0x10000 || !c)
		return stable_uncached(cp);
	size_t w = (size_t)cp / 64;
	uint64_t bit = (uint64_t)1 << (cp % 64);
	if (!(c->known[w] & bit)) {
		c->known[w] |= bit;
		if (stable_uncached(cp))
			c->stable[w] |= bit;
	}
	return (c->stable[w] & bit) != 0;
}

/* For the short strings of the backends: no cache. */
char *text_nfc(const char *s)
{
	size_t n = strlen(s);
	bool quick = true;
	for (size_t i = 0; i < n && quick;) {
		int32_t cp;
		int k = (unsigned char)s[i] < 0x80 ? (cp = (unsigned char)s[i], 1)
						    : text_decode(s + i, n - i, &cp);
		quick = k > 0 && stable(cp, NULL);
		i += k > 0 ? (size_t)k : 1;
	}
	if (quick)
		return xstrdup(s);
	return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

char *text_clean(const char *bytes, size_t len, const char *path, struct diags *d)
{
	if (encoding_is_utf16(bytes, len)) {
		size_t n;
		char *utf8 = encoding_from_utf16(bytes, len, &n, path, d);
		char *text = utf8 ? text_clean(utf8, n, path, d) : NULL;
		free(utf8);
		return text;
	}
	size_t i = 0;
	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	char *lf = xmalloc(len - i + 1);
	struct nfc_cache *cache = xcalloc(1, sizeof *cache);
	bool is_nfc = true;
	size_t n = 0;
	int line = 1;
	size_t line_start = i;
	while (i < len) {
		unsigned char c = (unsigned char)bytes[i];
		if (c == 0) {
			diag_add(d, path, line, diag_column(bytes + line_start, i - line_start),
				 "NUL byte at byte %zu: not a text file", i);
			free(lf);
			free(cache);
			return NULL;
		}
		if (c < 0x80 && text_is_control(c)) {
			diag_add(d, path, line, diag_column(bytes + line_start, i - line_start),
				 "control character U+%04X at byte %zu: not text (delete it; it is "
				 "invisible in most editors)",
				 c, i);
			free(lf);
			free(cache);
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
			int col = diag_column(bytes + line_start, i - line_start);
			if (encoding_is_8bit(bytes, len)) /* a character a byte */
				diag_add(d, path, line, (int)(i - line_start) + 1,
					 "invalid UTF-8 at byte %zu (0x%02X): the file is in another "
					 "encoding, most likely Windows-1258 (what Excel's \"CSV\" and "
					 "Notepad's \"ANSI\" write on a Vietnamese Windows); save it again "
					 "as UTF-8 (Excel: \"CSV UTF-8\"), or convert it: iconv -f CP1258 -t "
					 "UTF-8",
					 i, c);
			else
				diag_add(d, path, line, col, "invalid UTF-8 at byte %zu (0x%02X)", i, c);
			free(lf);
			free(cache);
			return NULL;
		}
		if (text_is_control(cp)) {
			diag_add(d, path, line, diag_column(bytes + line_start, i - line_start),
				 "control character U+%04X at byte %zu: not text (delete it; it is "
				 "invisible in most editors)",
				 (unsigned)cp, i);
			free(lf);
			free(cache);
			return NULL;
		}
		if (is_nfc && !stable(cp, cache))
			is_nfc = false;
		memcpy(lf + n, bytes + i, (size_t)k);
		n += (size_t)k;
		i += (size_t)k;
	}
	lf[n] = 0;
	free(cache);
	if (is_nfc)
		return lf;
	char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)lf);
	free(lf);
	if (!nfc) {
		diag_add(d, path, 1, 1, "text cannot be normalised to NFC");
		return NULL;
	}
	return nfc;
}

long text_find_control(const char *s, size_t n, int32_t *cp)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F) { /* printable ASCII: most of any text */
			i++;
			continue;
		}
		int32_t u;
		int k = text_decode(s + i, n - i, &u);
		if (k < 0)
			return -1; /* not UTF-8: text_clean's to say */
		if (text_is_control(u)) {
			*cp = u;
			return (long)i;
		}
		i += (size_t)k;
	}
	return -1;
}

bool text_ends_in_letter(const char *s, size_t n)
{
	if (n == 0)
		return false;
	size_t i = n - 1;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) /* back to its first byte */
		i--;
	int32_t cp;
	if (text_decode(s + i, n - i, &cp) != (int)(n - i))
		return false;
	utf8proc_category_t cat = utf8proc_category(cp);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
}

bool text_is_word(const char *s, size_t n, const char *lower)
{
	size_t i = 0, j = 0, m = strlen(lower);
	while (i < n && j < m) {
		int32_t a, b;
		int ka = text_decode(s + i, n - i, &a), kb = text_decode(lower + j, m - j, &b);
		if (ka <= 0 || kb <= 0 || utf8proc_tolower(a) != b)
			return false;
		i += (size_t)ka;
		j += (size_t)kb;
	}
	return i == n && j == m;
}

char *text_keep_numbers(const char *s)
{
	struct buf b;
	buf_init(&b);
	bool letter = false; /* the code point before is a letter (or a mark on one) */
	size_t n = strlen(s ? s : "");
	for (const char *p = s ? s : "", *end = p + n; p < end;) {
		if (*p == ' ' && letter && p[1] >= '0' && p[1] <= '9') {
			buf_puts(&b, "\xC2\xA0");
			p++;
			letter = false;
			continue;
		}
		int32_t cp;
		int k = text_decode(p, (size_t)(end - p), &cp);
		if (k <= 0) { /* not UTF-8: copied as it is */
			buf_putc(&b, *p++);
			letter = false;
			continue;
		}
		utf8proc_category_t cat = utf8proc_category(cp);
		letter = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
			 (letter && cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
		buf_put(&b, p, (size_t)k);
		p += k;
	}
	return buf_detach_free(&b);
}

char *text_one_line(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n;) {
		if (s[i] != '\n' && s[i] != '\r') {
			*o++ = s[i++];
			continue;
		}
		while (o > out && o[-1] == ' ')
			o--;
		while (i < n && (s[i] == '\n' || s[i] == '\r' || s[i] == ' '))
			i++;
		if (o > out && i < n)
			*o++ = ' ';
	}
	*o = 0;
	return out;
}
