/* text.h — every byte read from content goes through here: validated as UTF-8 (utf8proc),
 * byte-order mark dropped, CRLF and CR turned into LF, normalised to NFC. */
#ifndef BAOCAO_TEXT_H
#define BAOCAO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Returns the cleaned text (malloc'd), or NULL after adding an error located at the first
 * invalid byte ("invalid UTF-8 at byte N"). */
char *text_clean(const char *bytes, size_t len, const char *path, struct diags *d);

/* NFC of a valid UTF-8 string (malloc'd); NULL if s is not valid UTF-8. */
char *text_nfc(const char *s);

/* Decodes one code point at s (n bytes available); returns its length, or -1. */
int text_decode(const char *s, size_t n, int32_t *cp);

#endif
