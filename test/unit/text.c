/* UTF-8 validation, BOM, line ends and NFC on the way in. */
#include "check.h"

#include "text.h"

#include <stdbool.h>
#include <stdint.h>

#include <utf8proc.h>

#include "util.h"

/* ---- the NFC quick check (gen/text.c) must give exactly utf8proc_NFC's result ---- */

static size_t put_cp(char *out, int32_t cp)
{
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

static bool valid_cp(int32_t cp)
{
	return cp > 0 && cp < 0x110000 && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != '\r';
}

static size_t nfc_mismatches, nfc_compared;

/* text_clean (no BOM, no CR, no NUL in s) and text_nfc against utf8proc_NFC. */
static void compare_nfc(const char *s, size_t n)
{
	char *want = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
	struct diags d = {0};
	/* text_clean drops a leading byte-order mark (U+FEFF) */
	bool bom = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
	/* and refuses a control character, with one error */
	int32_t cp;
	bool control = text_find_control(s, n, &cp) >= 0;
	char *got = bom ? xstrdup(want) : text_clean(s, n, "f.md", &d);
	if (control && !bom) {
		if (got || d.n != 1)
			nfc_mismatches++;
		free(got);
		got = xstrdup(want);
	}
	char *got2 = text_nfc(s);
	nfc_compared++;
	if (!want || !got || !got2 || strcmp(want, got) != 0 || strcmp(want, got2) != 0) {
		if (nfc_mismatches++ < 5) {
			printf("# NFC mismatch on:");
			for (size_t i = 0; i < n; i++)
				printf(" %02X", (unsigned char)s[i]);
			printf("\n");
		}
	}
	free(want);
	free(got);
	free(got2);
	diag_free(&d);
}

/* A small deterministic generator: the same strings on every run. */
static uint64_t next_random(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

static void check_nfc_quick(void)
{
	char s[128];
	/* every code point alone, and between letters that compose with much (a, ư, Ơ, the
	 * Hangul L jamo and an LV syllable, a Kannada and a Sinhala vowel) */
	static const int32_t around[] = {'a', 0x01B0, 0x01A0, 0x1100, 0xAC00, 0x0CBF, 0x0DD9, 0x0B47};
	for (int32_t cp = 1; cp < 0x110000; cp++) {
		if (!valid_cp(cp))
			continue;
		size_t n = put_cp(s, cp);
		s[n] = 0;
		compare_nfc(s, n);
		/* beyond the BMP only the code points NFC may touch, to keep the test quick */
		const utf8proc_property_t *p = utf8proc_get_property(cp);
		if (cp >= 0x10000 && p->combining_class == 0 && p->decomp_seqindex == UINT16_MAX &&
		    p->comb_index == UINT16_MAX)
			continue;
		for (size_t k = 0; k < sizeof around / sizeof around[0]; k++) {
			n = put_cp(s, around[k]);
			n += put_cp(s + n, cp);
			n += put_cp(s + n, around[k]);
			s[n] = 0;
			compare_nfc(s, n);
		}
	}
	/* every Vietnamese letter, precomposed and decomposed (NFD), in a word */
	static const char *const vowels = "aăâeêioôơuưy";
	static const int32_t tones[] = {0, 0x0300, 0x0301, 0x0303, 0x0309, 0x0323};
	for (int upper = 0; upper < 2; upper++) {
		for (const char *v = vowels; *v;) {
			int32_t base;
			v += text_decode(v, strlen(v), &base);
			if (upper)
				base = utf8proc_toupper(base);
			for (size_t t = 0; t < sizeof tones / sizeof tones[0]; t++) {
				/* NFD of base + tone, then NFC of that: both through the check */
				size_t n = 0;
				n += put_cp(s + n, 'V');
				n += put_cp(s + n, base);
				if (tones[t])
					n += put_cp(s + n, tones[t]);
				n += put_cp(s + n, 't');
				s[n] = 0;
				compare_nfc(s, n); /* partly decomposed */
				char *nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)s);
				compare_nfc(nfd, strlen(nfd));
				char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
				compare_nfc(nfc, strlen(nfc));
				free(nfd);
				free(nfc);
			}
		}
	}
	/* random strings: code points anywhere, and from the ranges where NFC acts */
	static const int32_t pools[][2] = {
		{0x20, 0x7E},     {0xA0, 0x24F},    {0x300, 0x36F},   {0x1EA0, 0x1EF9},
		{0x1100, 0x11FF}, {0xAC00, 0xAC40}, {0x0900, 0x0DFF}, {0x1F00, 0x1FFF},
		{0x2100, 0x214F}, {0xF900, 0xFAFF}, {0x1, 0x10FFFF},  {0x1D15E, 0x1D1C0}};
	uint64_t state = 20250101;
	for (int i = 0; i < 300000; i++) {
		size_t n = 0, len = 1 + next_random(&state) % 12;
		for (size_t k = 0; k < len; k++) {
			const int32_t *pool = pools[next_random(&state) % (sizeof pools / sizeof pools[0])];
			int32_t cp = pool[0] + (int32_t)(next_random(&state) % (uint64_t)(pool[1] - pool[0] + 1));
			if (valid_cp(cp))
				n += put_cp(s + n, cp);
		}
		s[n] = 0;
		if (n)
			compare_nfc(s, n);
	}
	printf("# NFC quick check: %zu strings compared with utf8proc_NFC\n", nfc_compared);
	CHECK(nfc_mismatches == 0);
}

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

	/* control characters: none but tab, line feed and carriage return, located */
	CHECK_STR(clean("a\tb\r\nc\n", 7, &d), "a\tb\nc\n");
	const char ff[] = "dòng 1\nx\fy";
	CHECK(clean(ff, sizeof ff - 1, &d) == NULL && d.n == 1 && d.v[0].line == 2 &&
	      d.v[0].col == 2 && strstr(d.v[0].msg, "control character U+000C at byte 9"));
	diag_free(&d);
	const char esc[] = "\x1b[31m";
	CHECK(clean(esc, sizeof esc - 1, &d) == NULL && d.n == 1 && strstr(d.v[0].msg, "U+001B"));
	diag_free(&d);
	const char del[] = "a\x7f", c1[] = "\xC2\x85";
	CHECK(clean(del, 2, &d) == NULL && d.n == 1 && strstr(d.v[0].msg, "U+007F"));
	diag_free(&d);
	CHECK(clean(c1, 2, &d) == NULL && d.n == 1 && strstr(d.v[0].msg, "U+0085"));
	diag_free(&d);
	{
		int32_t c = 0;
		CHECK(text_find_control("Việt Nam\t\n", strlen("Việt Nam\t\n"), &c) == -1);
		CHECK(text_find_control("ab\x01", 3, &c) == 2 && c == 1);
		CHECK(text_find_control("ệ\xC2\x9F", 5, &c) == 3 && c == 0x9F);
		CHECK(text_find_control("a\0b", 3, &c) == 1 && c == 0);
	}

	/* columns count characters, not bytes */
	CHECK(diag_column("Đề án 06", 0) == 1);
	CHECK(diag_column("Đề án 06", 5) == 3); /* after "Đề" (2 + 3 bytes) */

	int32_t cp;
	CHECK(text_decode("\xE1\xBB\x87", 3, &cp) == 3 && cp == 0x1EC7);
	CHECK(text_decode("\xFF", 1, &cp) < 0);
	/* the inline forms decode as utf8proc_iterate does: every sequence of one and two
	 * bytes, and of three with the third byte at each boundary of a continuation, each
	 * also cut short */
	{
		static const unsigned char third[] = {0x00, 0x3F, 0x7F, 0x80, 0x81, 0x9F,
						      0xA0, 0xBF, 0xC0, 0xE0, 0xFF};
		size_t wrong = 0, tried = 0;
		for (unsigned a = 0; a < 256; a++)
			for (unsigned b = 0; b < 256; b++)
				for (size_t t = 0; t < sizeof third; t++) {
					unsigned char seq[3] = {(unsigned char)a, (unsigned char)b,
								third[t]};
					for (size_t n = 1; n <= 3; n++) {
						int32_t c1 = -7, c2 = -7;
						int k1 = text_decode((const char *)seq, n, &c1);
						int k2 = text_decode_slow((const char *)seq, n, &c2);
						wrong += k1 != k2 || (k1 > 0 && c1 != c2);
						tried++;
					}
				}
		CHECK(wrong == 0 && tried > 2000000);
	}
	CHECK_STR(text_nfc("A\xCC\x80"), "\xC3\x80");

	/* a number keeps the word before it (a no-break space), nothing else changes */
	CHECK_STR(text_keep_numbers("Tình hình tháng 01/2025"), "Tình hình tháng\xC2\xA0" "01/2025");
	CHECK_STR(text_keep_numbers("Báo cáo số 290 về Đề án 06"),
		  "Báo cáo số\xC2\xA0" "290 về Đề án\xC2\xA0" "06");
	CHECK_STR(text_keep_numbers("Năm 2025"), "Năm\xC2\xA0" "2025"); /* capital letter */
	/* after a digit, punctuation or a dash: free to break as before */
	CHECK_STR(text_keep_numbers("1. Kết quả: 12 tháng – 06/2025 và 3 4"),
		  "1. Kết quả: 12 tháng – 06/2025 và\xC2\xA0" "3 4");
	CHECK_STR(text_keep_numbers("Nam  2025 x"), "Nam  2025 x"); /* two spaces: the second free */
	CHECK_STR(text_keep_numbers(""), "");
	CHECK_STR(text_keep_numbers(NULL), "");
	CHECK(text_ends_in_letter("tháng", strlen("tháng")) && text_ends_in_letter("Đ", 2));
	CHECK(!text_ends_in_letter("–", 3) && !text_ends_in_letter("1.", 2) &&
	      !text_ends_in_letter("a)", 2) && !text_ends_in_letter("", 0));
	CHECK(!text_ends_in_letter("a\xE1\xBB", 3)); /* cut short: not a letter */
	CHECK(text_is_word("THEO", 4, "theo") && text_is_word("Đến", strlen("Đến"), "đến"));
	CHECK(text_is_word("ĐẾN", strlen("ĐẾN"), "đến") && !text_is_word("ĐẾ", strlen("ĐẾ"), "đến"));
	CHECK(!text_is_word("theory", 6, "theo") && !text_is_word("", 0, "và"));
	check_nfc_quick();
	return check_done();
}
