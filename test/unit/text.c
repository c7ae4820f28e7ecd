/* UTF-8 validation, BOM, line ends and NFC on the way in. */
#include "check.h"

#include "text.h"

static char *clean(const char *s, size_t n, struct diags *d)
{
	return text_clean(s, n, "f.md", d);
}

int main(void)
{
	struct diags d = {0};
	CHECK_STR(clean("abc", 3, &d), "abc");
	CHECK_STR(clean("\xEF\xBB\xBFx", 4, &d), "x");             /* BOM dropped */
	CHECK_STR(clean("a\r\nb\r\n", 6, &d), "a\nb\n");           /* CRLF */
	CHECK_STR(clean("a\rb", 3, &d), "a\nb");                   /* old Mac CR */
	/* "Việt" decomposed: e + U+0323 (dot below) + U+0302 (circumflex) -> ệ U+1EC7 */
	const char nfd[] = "Vie\xCC\xA3\xCC\x82t";
	CHECK_STR(clean(nfd, sizeof nfd - 1, &d), "Vi\xE1\xBB\x87t");
	CHECK(d.n == 0);

	/* invalid UTF-8: located at its line and character column, with the byte offset */
	const char bad[] = "dòng 1\nxy\xFFz";
	CHECK(clean(bad, sizeof bad - 1, &d) == NULL);
	CHECK(d.n == 1 && d.v[0].line == 2 && d.v[0].col == 3);
	CHECK(d.n == 1 && strstr(d.v[0].msg, "invalid UTF-8 at byte 10") != NULL);
	diag_free(&d);

	const char overlong[] = "\xC0\xAF";
	CHECK(clean(overlong, 2, &d) == NULL && d.n == 1);
	diag_free(&d);
	const char surrogate[] = "\xED\xA0\x80";
	CHECK(clean(surrogate, 3, &d) == NULL && d.n == 1);
	diag_free(&d);
	const char truncated[] = "ab\xE1\xBB";
	CHECK(clean(truncated, 4, &d) == NULL && d.n == 1 && d.v[0].col == 3);
	diag_free(&d);
	const char nul[] = "a\0b";
	CHECK(clean(nul, 3, &d) == NULL && d.n == 1 && strstr(d.v[0].msg, "NUL"));
	diag_free(&d);

	/* columns count characters, not bytes */
	CHECK(diag_column("Đề án 06", 0) == 1);
	CHECK(diag_column("Đề án 06", 5) == 3); /* after "Đề" (2 + 3 bytes) */

	int32_t cp;
	CHECK(text_decode("\xE1\xBB\x87", 3, &cp) == 3 && cp == 0x1EC7);
	CHECK(text_decode("\xFF", 1, &cp) < 0);
	CHECK_STR(text_nfc("A\xCC\x80"), "\xC3\x80");
	return check_done();
}
