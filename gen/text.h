/* text.h — every byte read from content goes through here: validated as UTF-8 (utf8proc),
 * byte-order mark dropped, CRLF and CR turned into LF, normalised to NFC. */
#ifndef BAOCAO_TEXT_H
#define BAOCAO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Returns the cleaned text (malloc'd), or NULL after adding an error located at the first
 * invalid byte ("invalid UTF-8 at byte N", or a NUL or another control character). */
char *text_clean(const char *bytes, size_t len, const char *path, struct diags *d);

/* A control character is no text: C0 but TAB, LF and CR, DEL, and C1 (U+0080-U+009F).
 * XML cannot hold C0 ones at all, and a terminal obeys them. */
static inline bool text_is_control(int32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F);
}

/* The byte offset of the first control character in valid UTF-8 s (n bytes), or -1; *cp
 * is set to it. For text that escapes made (YAML's "\x01", Markdown's "&#1;"): text_clean
 * refuses the characters themselves. */
long text_find_control(const char *s, size_t n, int32_t *cp);

/* NFC of a valid UTF-8 string (malloc'd); NULL if s is not valid UTF-8. */
char *text_nfc(const char *s);
/* s with a no-break space (U+00A0) for each space between a word ending in a letter and a
 * number ("tháng 01/2025", "số 290", "Đề án 06"), so that a title or a heading never
 * breaks there. malloc'd. */
char *text_keep_numbers(const char *s);
/* Whether the last character of s[0..n) is a letter (or a mark on one), as
 * text_keep_numbers asks of the word before a number. */
bool text_ends_in_letter(const char *s, size_t n);
/* s on one line (a new string): each line break an author typed, with the blanks around it,
 * becomes one space; for the places that hold one line (a PDF's Info and XMP). */
char *text_one_line(const char *s);
/* Whether s[0..n) is the word `lower` (written in lower case) in any case: "THEO", "Theo". */
bool text_is_word(const char *s, size_t n, const char *lower);

/* Decodes one code point at s (n bytes available); returns its length, or -1. What
 * utf8proc_iterate does (text_decode_slow calls it); the one-, two- and three-byte forms
 * that cannot be overlong or surrogates (all Vietnamese text) are decoded here, inline, as
 * the PDF decodes every character several times. test/unit/text.c compares the two on
 * every sequence of up to three bytes. */
int text_decode_slow(const char *s, size_t n, int32_t *cp);
static inline int text_decode(const char *s, size_t n, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 1 && u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (n >= 2 && u[0] >= 0xC2 && u[0] <= 0xDF && (u[1] & 0xC0) == 0x80) {
		*cp = (int32_t)((u[0] & 0x1Fu) << 6 | (u[1] & 0x3Fu));
		return 2;
	}
	if (n >= 3 && u[0] >= 0xE1 && u[0] <= 0xEF && u[0] != 0xED && (u[1] & 0xC0) == 0x80 &&
	    (u[2] & 0xC0) == 0x80) {
		*cp = (int32_t)((u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu));
		return 3;
	}
	return text_decode_slow(s, n, cp);
}

#endif
