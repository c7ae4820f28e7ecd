/* Fonts and coverage (gen/pdf/font.c, style.c): the face chosen covers Vietnamese, ⁽¹⁾ is
 * drawn (synthesised), a character no font has is an error located in report.md, and the
 * page style rejects unknown keys where they are. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../gen/pdf/pdf_int.h"
#include "../../gen/text.h"
#include "../../gen/util.h"
#include "check.h"

static const char *first_msg(struct diags *d)
{
	return d->n ? d->v[0].msg : "";
}

/* The faces read once per build (pdf_style_load_fonts, gen/pdf/font.c): the glyph table
 * that replaces each document's cmap gives what libharu's own lookup gives for every BMP code
 * point, and a document's fonts measure text as fonts loaded from the files do. */
static void check_loaded_fonts(struct pdf_style *st)
{
	struct diags d = {0};
	CHECK(pdf_style_load_fonts(st, &d) == 0 && d.n == 0);
	const char *text = "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập, Tự do, Hạnh phúc";
	for (int face = 0; face < N_FACES; face++) {
		CHECK(st->face_data[face] != NULL && st->face_gids[face] != NULL);
		if (!st->face_gids[face])
			continue;
		HPDF_Doc pdf = HPDF_New(NULL, NULL);
		const char *name = HPDF_LoadTTFontFromFile(pdf, st->face_path[face], HPDF_TRUE);
		HPDF_FontDef def = name ? HPDF_GetFontDef(pdf, name) : NULL;
		CHECK(def != NULL);
		size_t differ = 0, glyphs = 0, widths_differ = 0;
		for (uint32_t u = 0; def && u < 0x10000; u++) {
			HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)u);
			differ += gid != st->face_gids[face][u];
			glyphs += gid != 0;
			widths_differ += HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)u) !=
					 st->face_widths[face][u];
		}
		CHECK(differ == 0 && glyphs > 1000);
		/* the coverage bits are fontconfig's charset, code point by code point */
		size_t cover_differ = 0;
		for (uint32_t u = 0; st->face_cover[face] && u < 0x10000; u++)
			cover_differ += ((st->face_cover[face][u >> 3] >> (u & 7)) & 1) !=
					(FcCharSetHasChar(st->face_charset[face], u) != 0);
		CHECK(st->face_cover[face] != NULL && cover_differ == 0);
		CHECK(widths_differ == 0);
		HPDF_UseUTFEncodings(pdf);
		HPDF_Font from_file = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
		CHECK(from_file != NULL);
		HPDF_Doc pdf2 = HPDF_New(NULL, NULL);
		HPDF_UseUTFEncodings(pdf2);
		struct fontset fs;
		CHECK(fontset_init(&fs, st, pdf2, &d) == 0);
		/* a face enters the document only when something is drawn in it */
		CHECK(fs.font[face] == NULL);
		/* measured from the width table as libharu measures with the font */
		double table_w = fontset_width(&fs, face, 1000, text, strlen(text));
		if (from_file) {
			HPDF_TextWidth a = HPDF_Font_TextWidth(from_file, (const HPDF_BYTE *)text,
							       (HPDF_UINT)strlen(text));
			CHECK(a.width > 0 && table_w == (double)a.width);
		}
		/* the document's font is made by embed.c; its name is the face's with the tag of
		 * the subset: the same for the same characters, another for others */
		char *names[3] = {0};
		for (int k = 0; k < 3; k++) {
			HPDF_Doc doc = HPDF_New(NULL, NULL);
			struct fontset f2;
			CHECK(fontset_init(&f2, st, doc, &d) == 0);
			HPDF_Font mine = fontset_font(&f2, face);
			CHECK(mine != NULL && f2.by_embed[face] && f2.cid[face] != NULL);
			const char *t = k < 2 ? text : "Zz";
			for (size_t off = 0; off < strlen(t);) {
				int32_t cp;
				off += (size_t)text_decode(t + off, strlen(t) - off, &cp);
				fontset_mark_drawn(&f2, face, (uint32_t)cp);
			}
			fontset_finish(&f2);
			HPDF_Name bf = mine ? HPDF_Dict_GetItem(mine, "BaseFont", HPDF_OCLASS_NAME) : NULL;
			CHECK(bf != NULL && strlen(bf->value) > 7 && bf->value[6] == '+');
			if (bf && from_file)
				CHECK(strcmp(bf->value + 7, HPDF_Font_GetFontName(from_file)) == 0);
			names[k] = xstrdup(bf ? bf->value : "");
			fontset_free(&f2);
			HPDF_Free(doc);
		}
		CHECK(strcmp(names[0], names[1]) == 0 && strcmp(names[0], names[2]) != 0);
		for (int k = 0; k < 3; k++)
			free(names[k]);
		fontset_free(&fs);
		HPDF_Free(pdf2);
		HPDF_Free(pdf);
	}
	diag_free(&d);
}

/* fontset_next_drawn finds every set bit, in order, as a bit-by-bit scan does: bitmaps
 * empty, full, with bits at the ends of words, and random. */
static void check_next_drawn(void)
{
	static uint8_t bits[0x10000 / 8];
	unsigned seed = 12345;
	for (int round = 0; round < 40; round++) {
		memset(bits, round == 1 ? 0xFF : 0, sizeof bits);
		if (round == 2)
			bits[0] = 1, bits[7] = 0x80, bits[8] = 1, bits[sizeof bits - 1] = 0x80;
		for (int k = 0; round > 2 && k < round * round; k++) {
			seed = seed * 1103515245u + 12345u;
			uint32_t cp = (seed >> 8) & 0xFFFF;
			bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
		}
		size_t wrong = 0;
		uint32_t got = fontset_next_drawn(bits, 0);
		for (uint32_t cp = 0; cp < 0x10000; cp++)
			if (bits[cp >> 3] & (1u << (cp & 7))) {
				wrong += got != cp;
				got = fontset_next_drawn(bits, cp + 1);
			}
		CHECK(wrong == 0 && got == 0x10000);
	}
}

int main(void)
{
	check_next_drawn();
	struct diags d = {0};
	struct pdf_style *st = pdf_style_load(BAOCAO_SOURCE_DIR "/templates/page-style.yaml", &d);
	CHECK(st != NULL);
	CHECK(d.n == 0);
	if (!st)
		return check_done();
	CHECK(st->body_size == 14);
	CHECK(st->m_left > 99 && st->m_left < 100); /* 35 mm */
	/* all four faces, each with every Vietnamese letter (not Liberation Serif 1.x) */
	for (int f = 0; f < N_FACES; f++) {
		CHECK(st->face_path[f] != NULL);
		CHECK(FcCharSetHasChar(st->face_charset[f], 0x1ED8)); /* Ộ */
		CHECK(FcCharSetHasChar(st->face_charset[f], 0x1EE6)); /* Ủ */
		CHECK(FcCharSetHasChar(st->face_charset[f], 0x1EA1)); /* ạ */
	}

	struct fontset fs;
	CHECK(fontset_init(&fs, st, NULL, &d) == 0);
	struct itext it = {0};
	struct wordlist wl = {0};
	const char *ok = "Cộng hòa ⁽¹⁾ xã hội";
	itext_add(&it, ok, strlen(ok), 0, (struct srcpos){3, 1});
	CHECK(itext_words(&it, &fs, 14, "report.md", &d, &wl) == 0);
	CHECK(d.n == 0);
	CHECK(wl.n == 5);
	/* ⁽¹⁾: three small raised frags of the base characters */
	if (wl.n == 5) {
		const struct frag *f = word_cfrags(&wl.v[2]);
		CHECK(wl.v[2].n_frags == 1 && strcmp(frag_str(f), "(1)") == 0);
		CHECK(f->rise > 0 && f->size < 14);
	}
	wordlist_free(&wl);
	itext_free(&it);

	/* a character nothing installed can draw: located, named, never a blank */
	const char *bad = "Số 中 ở đây";
	itext_add(&it, bad, strlen(bad), ST_BOLD, (struct srcpos){7, 5});
	CHECK(itext_words(&it, &fs, 14, "report.md", &d, &wl) == -1);
	CHECK(d.n == 1);
	CHECK(d.n && strcmp(d.v[0].path, "report.md") == 0 && d.v[0].line == 7 && d.v[0].col == 8);
	CHECK_STR(xstrdup(first_msg(&d)), "no font can draw U+4E2D '中'");
	wordlist_free(&wl);
	itext_free(&it);
	fontset_free(&fs);
	diag_free(&d);
	check_loaded_fonts(st);
	pdf_style_free(st);

	/* the style file: unknown keys and bad values are located errors */
	struct pdf_style *s2 = xcalloc(1, sizeof *s2);
	style_defaults(s2);
	const char *yml = "page:\n  margin_left_mm: 30\n  margn_right_mm: 15\nbody:\n  size: big\n"
			  "colour:\n  x: 1\n";
	CHECK(style_parse(s2, yml, strlen(yml), "page-style.yaml", &d) == -1);
	CHECK(d.n == 3);
	if (d.n == 3) {
		CHECK(d.v[0].line == 3 && d.v[0].col == 3);
		CHECK(strstr(d.v[0].msg, "margn_right_mm") != NULL);
		CHECK(d.v[1].line == 5 && strstr(d.v[1].msg, "expected a number") != NULL);
		CHECK(d.v[2].line == 6 && strstr(d.v[2].msg, "colour") != NULL);
	}
	CHECK(s2->m_left > 85 && s2->m_left < 85.1); /* 30 mm = 85.04 pt */
	diag_free(&d);
	pdf_style_free(s2);
	return check_done();
}
