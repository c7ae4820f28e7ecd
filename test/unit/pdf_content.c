/* Page content streams (gen/pdf/content.c): numbers, the literal strings in the fonts' codes
 * (Identity-H: the code point in two bytes) and their escapes, one TJ per baseline with the
 * spaces and the gaps that put every word where the layout placed it, colours and line widths
 * written only when they change; and the fonts' ToUnicode CMap (embed.c), which reads every
 * code back as its code point. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_font.h>

#include "../../gen/pdf/pdf_int.h"
#include "../../gen/util.h"
#include "check.h"

static char *num(double v, int decimals)
{
	char out[32];
	size_t n = content_num(out, v, decimals);
	out[n] = 0;
	return xstrdup(out);
}

/* how many times needle (of n bytes) occurs in the buffer */
static size_t count(const struct buf *b, const char *needle, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i + n <= b->len; i++)
		k += memcmp(b->s + i, needle, n) == 0;
	return k;
}

/* The code point of one character code (two bytes, Identity-H), read at *p, which it moves
 * past the code. */
static uint32_t read_code(const char **p)
{
	unsigned char b[2];
	for (int n = 0; n < 2; n++) {
		unsigned char ch = (unsigned char)*(*p)++;
		if (ch == '\\') {
			ch = (unsigned char)*(*p)++;
			ch = ch == 'n' ? '\n' : ch == 'r' ? '\r' : ch;
		}
		b[n] = ch;
	}
	return (uint32_t)b[0] << 8 | b[1];
}

/* The TJ operands of the buffer, as a viewer reads them: each character's advance (widths
 * from the face's table) and each number's shift; returns the x where each word starts (the
 * first character after a space, or of the array), and counts the spaces. */
static size_t word_starts(const struct buf *b, const struct fontset *fs, int font, double size,
			  double x0, double *xs, size_t max, size_t *spaces)
{
	const char *p = memchr(b->s, '[', b->len), *end_of_buf = b->s + b->len;
	size_t n = 0;
	double x = x0;
	bool word_start = true;
	*spaces = 0;
	while (p && p + 1 < end_of_buf && *p != ']') {
		p++;
		if (*p == '(') {
			p++;
			while (p < end_of_buf && *p != ')') { /* the last string is still open */
				uint32_t cp = read_code(&p);
				if (cp == ' ') {
					word_start = true;
					++*spaces;
				} else if (word_start && n < max) {
					xs[n++] = x;
					word_start = false;
				}
				x += fs->st->face_widths[font][cp] * size / 1000;
			}
		} else if (*p == '-' || (*p >= '0' && *p <= '9')) {
			char *end;
			double v = strtod(p, &end);
			x -= v * size / 1000;
			p = end - 1;
		}
	}
	return n;
}

/* The fonts' ToUnicode CMap (embed.c) read back: each code it lists, to its Unicode value,
 * into map[code] (-1: not listed). Returns false on a line it cannot read. */
static bool read_cmap(const char *text, long *map)
{
	for (long i = 0; i < 0x10000; i++)
		map[i] = -1;
	const char *p = text;
	while ((p = strstr(p, "begin"))) {
		p += 5;
		bool range = strncmp(p, "bfrange", 7) == 0;
		bool one = strncmp(p, "bfchar", 6) == 0;
		if (!range && !one)
			continue;
		p = strchr(p, '\n') + 1;
		while (strncmp(p, "end", 3) != 0) {
			unsigned long lo, hi, dst;
			int n = 0;
			if (range) {
				if (sscanf(p, "<%lx> <%lx> <%lx>%n", &lo, &hi, &dst, &n) != 3)
					return false;
			} else {
				if (sscanf(p, "<%lx> <%lx>%n", &lo, &dst, &n) != 2)
					return false;
				hi = lo;
			}
			for (unsigned long c = lo; c <= hi && c < 0x10000; c++)
				map[c] = (long)(dst + (c - lo));
			p = strchr(p + n, '\n') + 1;
		}
	}
	return true;
}

/* Every code point a face has reads back as itself through a ToUnicode map of them all, whose
 * code space is the two-byte codes; a map of a few lists those only. */
static void check_cmaps(const struct pdf_style *st)
{
	uint8_t *drawn = xcalloc(0x10000 / 8, 1);
	for (uint32_t cp = 1; cp < 0x10000; cp++)
		for (int f = 0; f < N_FACES; f++)
			if (st->face_gids[f][cp])
				drawn[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	struct buf uni;
	buf_init(&uni);
	embed_to_unicode_text(&uni, drawn);
	long *u = xmalloc(0x10000 * sizeof *u);
	CHECK(read_cmap(uni.s, u));
	size_t tried = 0, wrong = 0, extra = 0;
	for (uint32_t cp = 0; cp < 0x10000; cp++) {
		bool has = (drawn[cp >> 3] >> (cp & 7)) & 1 && (cp < 0xD800 || cp > 0xDFFF);
		tried += has;
		wrong += has && u[cp] != (long)cp;
		extra += !has && u[cp] != -1;
	}
	printf("# %zu code points of the faces through the ToUnicode map\n", tried);
	CHECK(tried > 2000 && wrong == 0 && extra == 0);
	CHECK(strstr(uni.s, "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange") != NULL);
	/* a few characters: A-C, đ, ệ */
	memset(drawn, 0, 0x10000 / 8);
	const uint32_t few[] = {'A', 'B', 'C', 0x111, 0x1EC7};
	for (size_t i = 0; i < sizeof few / sizeof few[0]; i++)
		drawn[few[i] >> 3] |= (uint8_t)(1u << (few[i] & 7));
	uni.len = 0;
	embed_to_unicode_text(&uni, drawn);
	CHECK(strstr(uni.s, "3 beginbfrange\n<0041> <0043> <0041>\n<0111> <0111> <0111>\n"
			    "<1EC7> <1EC7> <1EC7>\nendbfrange") != NULL);
	/* a run crossing a first byte: two ranges (a bfrange's codes differ in the last byte) */
	memset(drawn, 0, 0x10000 / 8);
	drawn[0xFF >> 3] |= 0x80, drawn[0x100 >> 3] |= 1;
	uni.len = 0;
	embed_to_unicode_text(&uni, drawn);
	CHECK(strstr(uni.s, "2 beginbfrange\n<00FF> <00FF> <00FF>\n<0100> <0100> <0100>\n") != NULL);
	free(drawn);
	free(u);
	buf_free(&uni);
}

/* The /W array of face 0 after fontset_finish: runs "c [w …]"; every width is the face's
 * width of that code point, and every code point listed was drawn. */
static bool fontset_finish_check(struct fontset *fs, const struct pdf_style *st)
{
	fontset_finish(fs);
	HPDF_Array w = fs->cid[0] ? HPDF_Dict_GetItem(fs->cid[0], "W", HPDF_OCLASS_ARRAY) : NULL;
	if (!w)
		return false;
	size_t listed = 0, wrong = 0;
	for (HPDF_UINT i = 0; i + 1 < w->list->count; i += 2) {
		HPDF_Number start = HPDF_List_ItemAt(w->list, i);
		HPDF_Array run = HPDF_List_ItemAt(w->list, i + 1);
		if ((start->header.obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_NUMBER)
			return false;
		if (run->header.obj_class == HPDF_OCLASS_PROXY)
			return false;
		for (HPDF_UINT k = 0; k < run->list->count; k++) {
			HPDF_Number n = HPDF_List_ItemAt(run->list, k);
			uint32_t cp = (uint32_t)start->value + k;
			wrong += n->value != st->face_widths[0][cp] ||
				 !(fs->drawn[0][cp >> 3] & (1u << (cp & 7)));
			listed++;
		}
	}
	printf("# /W of the regular face: %zu widths\n", listed);
	return listed > 5 && listed < 40 && wrong == 0;
}

int main(void)
{
	CHECK_STR(num(0, 2), "0");
	CHECK_STR(num(-0.004, 2), "0");
	CHECK_STR(num(1.5, 2), "1.5");
	CHECK_STR(num(12.3, 2), "12.3");
	CHECK_STR(num(-3.456, 2), "-3.46");
	CHECK_STR(num(100, 2), "100");
	CHECK_STR(num(0.05, 1), "0.1");
	CHECK_STR(num(-0.25, 3), "-0.25");
	CHECK_STR(num(841.89, 2), "841.89");
	CHECK_STR(num(0.07, 2), "0.07");
	/* the rounding is llround's (halves away from zero), on halves, their neighbours and
	 * random values of every size a page has */
	{
		size_t wrong = 0;
		unsigned seed = 7;
		for (int i = 0; i < 200000; i++) {
			seed = seed * 1103515245u + 12345u;
			double v = ((double)(seed >> 8) / (1 << 24) - 0.5) * (i % 3 ? 2000 : 20);
			if (i % 4 == 0) /* an exact half, or next to one */
				v = (double)((int)(seed >> 9) % 200001 - 100000) / 200.0 +
				    (i % 8 ? 0.0 : 1e-12);
			for (int dec = 0; dec <= 3; dec++) {
				static const double sc[] = {1, 10, 100, 1000};
				long long want = llround(v * sc[dec]);
				char exp[40], out[40];
				/* what content_num must print: want / 10^dec without trailing 0s */
				long long ip = (want < 0 ? -want : want) / (long long)sc[dec];
				long long fp = (want < 0 ? -want : want) % (long long)sc[dec];
				int n = snprintf(exp, sizeof exp, "%s%lld", want < 0 ? "-" : "", ip);
				if (fp) {
					int d = dec;
					while (fp % 10 == 0)
						fp /= 10, d--;
					snprintf(exp + n, sizeof exp - (size_t)n, ".%0*lld", d, fp);
				}
				out[content_num(out, v, dec)] = 0;
				wrong += strcmp(exp, out) != 0;
			}
		}
		CHECK(wrong == 0);
	}
	CHECK_STR(num(-1234.5, 1), "-1234.5");

	struct diags d = {0};
	struct pdf_style *st = pdf_style_load(BAOCAO_SOURCE_DIR "/templates/page-style.yaml", &d);
	CHECK(st != NULL && d.n == 0);
	if (!st)
		return check_done();
	CHECK(pdf_style_load_fonts(st, &d) == 0);
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	HPDF_UseUTFEncodings(pdf);
	struct fontset fs;
	CHECK(fontset_init(&fs, st, pdf, &d) == 0);
	HPDF_Page page = HPDF_AddPage(pdf);
	struct content c = {0};
	buf_init(&c.b);

	/* words on one baseline: one TJ; each word starts where the layout put it */
	content_begin_page(&c, page, &fs);
	const char *words[] = {"Cộng", "hòa", "xã", "hội"};
	double x = 0, xs_want[4];
	struct box b = {0};
	for (int i = 0; i < 4; i++) {
		xs_want[i] = x;
		op_text(&b, x, 10, 0, 14, words[i], strlen(words[i]), NULL);
		x += fontset_width(&fs, 0, 14, words[i], strlen(words[i])) + 3.5 + i * 1.37;
	}
	content_box(&c, &b, 100, 700);
	CHECK(count(&c.b, "TJ", 2) == 0); /* the TJ is still open */
	CHECK(count(&c.b, "Td[", 3) == 1);
	double xs[8];
	size_t spaces;
	size_t n = word_starts(&c.b, &fs, 0, 14, 100, xs, 8, &spaces);
	CHECK(n == 4);
	for (size_t i = 0; i < n && i < 4; i++)
		CHECK(fabs(xs[i] - (100 + xs_want[i])) < 0.01);
	/* the gaps are the face's spaces (3.5 pt at 14 pt), then what is left in whole
	 * thousandths of the size: "( )-98(" for 1.37 pt more */
	CHECK(spaces == 3);
	CHECK(count(&c.b, " )-98(", 6) == 1 && count(&c.b, " )-196(", 7) == 1);
	/* "Cộng" then the space and "hòa": no number between */
	CHECK(count(&c.b, "\0g\0 \0h", 6) == 1);
	const char *array = memchr(c.b.s, '[', c.b.len);
	CHECK(array && memchr(array, '.', c.b.len - (size_t)(array - c.b.s)) == NULL);
	/* a justified line, its gaps wider than a space by the same 2 pt: its words in one
	 * string with their spaces, a number after each space (Tw would not apply to the
	 * two-byte code of a space) */
	{
		struct content cj = {0};
		buf_init(&cj.b);
		content_begin_page(&cj, page, &fs);
		struct box bj = {0};
		double xj = 0, want[4];
		for (int i = 0; i < 4; i++) {
			want[i] = xj;
			op_text(&bj, xj, 10, 0, 14, words[i], strlen(words[i]), NULL);
			xj += fontset_width(&fs, 0, 14, words[i], strlen(words[i])) + 3.5 + 2;
		}
		content_box(&cj, &bj, 100, 700);
		CHECK(count(&cj.b, "Tw", 2) == 0);
		CHECK(count(&cj.b, "\0 )-14", 6) == 3);
		double got[8];
		size_t sp;
		size_t nj = word_starts(&cj.b, &fs, 0, 14, 100, got, 8, &sp);
		CHECK(nj == 4 && sp == 3);
		for (size_t i = 0; i < nj && i < 4; i++)
			CHECK(fabs(got[i] - (100 + want[i])) < 0.01);
		box_free(&bj);
		content_free(&cj);
	}
	/* a face enters the document when drawn: the regular face only */
	CHECK(fs.font[0] != NULL && fs.font[1] == NULL && fs.font[2] == NULL);
	/* another baseline: a new Td, the same text object and font */
	struct box b2 = {0};
	op_text(&b2, 0, 10, 0, 14, "Nam", 3, NULL);
	content_box(&c, &b2, 100, 680);
	CHECK(count(&c.b, "]TJ\n", 4) == 1);
	CHECK(count(&c.b, "BT\n", 3) == 1 && count(&c.b, "Tf\n", 3) == 1);
	CHECK(count(&c.b, "0 -20 Td[", 9) == 1);

	/* bytes a literal string must escape: ĩ is 01 29 ')', Ċ is 01 0A, č is 01 0D; ASCII
	 * takes two bytes too, the first 0 */
	struct box b3 = {0};
	op_text(&b3, 0, 0, 0, 12, "ĩĊč(\\a", strlen("ĩĊč(\\a"), NULL);
	content_box(&c, &b3, 100, 600);
	CHECK(count(&c.b, "Td[(\x01\\)\x01\\n\x01\\r\0\\(\0\\\\\0a", 21) == 1);

	/* graphics: the colour and the width once for lines that share them; a path ends the
	 * text object first */
	struct box g = {0};
	float grey[3] = {0.5f, 0.5f, 0.5f};
	for (int i = 0; i < 3; i++)
		memcpy(op_line(&g, 0, i, 100, i, 0.4)->rgb, grey, sizeof grey);
	op_text(&g, 0, 20, 0, 12, "x", 1, NULL);
	size_t before = c.b.len;
	content_box(&c, &g, 100, 500);
	struct buf tail = {.s = c.b.s + before, .len = c.b.len - before};
	CHECK(count(&tail, ")]TJ\nET\n", 8) == 1);
	CHECK(count(&tail, "0.5 0.5 0.5 RG\n", 15) == 1);
	CHECK(count(&tail, "0.4 w\n", 6) == 1);
	CHECK(count(&tail, " l S\n", 5) == 3);
	CHECK(count(&tail, "BT\n", 3) == 1);
	struct digest h;
	digest_init(&h);
	CHECK(content_end_page(&c, &h) == 0);
	CHECK(c.in_text == false);

	/* the regular face's /W: the widths of the characters drawn, not of every code point
	 * the face maps (~2,500), each the width the text was measured with */
	CHECK(fontset_finish_check(&fs, st));
	check_cmaps(st);

	struct box *boxes[] = {&b, &b2, &b3, &g};
	for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++)
		box_free(boxes[i]);
	content_free(&c);
	fontset_free(&fs);
	HPDF_Free(pdf);
	pdf_style_free(st);
	diag_free(&d);
	return check_done();
}
