/* encoding.h — files saved in an encoding other than UTF-8, as Windows programs save them
 * (docs/content-format.md, "Encodings"): UTF-16 with its byte-order mark (Excel's "Unicode
 * Text", Notepad's "Unicode") is converted with iconv; any other non-UTF-8 file is refused,
 * with the likely encoding named (Windows-1258: Excel's "CSV" on a Vietnamese Windows)
 * rather than guessed and converted, as a wrong guess would publish wrong letters. */
#ifndef BAOCAO_ENCODING_H
#define BAOCAO_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Whether bytes start with a UTF-16 byte-order mark (FF FE or FE FF). */
bool encoding_is_utf16(const char *bytes, size_t len);

/* The UTF-16 bytes (with their byte-order mark) as UTF-8 without one (malloc'd, *out_len
 * bytes, NUL-terminated). NULL after adding an error located at the line and character
 * column of the first bad character (an unpaired surrogate, a file cut inside one). */
char *encoding_from_utf16(const char *bytes, size_t len, size_t *out_len, const char *path,
			  struct diags *d);

/* Whether bytes that are not valid UTF-8 were saved in an 8-bit encoding rather than cut
 * in the middle of a UTF-8 character (or holding a stray byte): more of their bytes above
 * 0x7F are outside valid UTF-8 sequences than there are such sequences. */
bool encoding_is_8bit(const char *bytes, size_t len);

#endif
