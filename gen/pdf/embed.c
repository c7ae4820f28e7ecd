/* embed.c — the four faces' PDF objects, without HPDF_GetFont.
 *
 * Through HPDF_GetFont, libharu 2.3.0 rebuilt each face for every PDF: the glyph of each of
 * the 65,536 code points, a /W array of ~2,500 allocated numbers (replaced before saving
 * anyway), a 128 KB CIDToGIDMap and a ToUnicode map, all deflated again with zlib, then a
 * subset whose every byte it copied and checksummed four bytes at a time: most of a short
 * report's PDF time. Here what is the same in every document (the faces' metrics and
 * glyph tables) is made once per build; a document gets small dictionaries, the widths of
 * what it draws, its own subset of each face with its CIDToGIDMap and CIDSet, and one
 * ToUnicode map of the characters it draws, for all its fonts.
 *
 * The subset is HarfBuzz's (hb-subset, what Chromium's PDFs use): the glyphs drawn and the
 * parts of composite ones, numbered anew, without glyph names or OpenType layout tables,
 * which a PDF's CID font never reads. 5 times faster than libharu's and 40% smaller
 * (libharu keeps every table but glyf whole), and it follows nested composite glyphs, which
 * libharu 2.3.0 does not. The map takes each character drawn to its glyph in the subset, up
 * to the last one drawn: with the glyphs at their own ids instead, one 128 KB map served
 * every document, but each PDF carried ~4 KB of it a face, deflated, and each subset
 * per-glyph tables (loca, hmtx) as long as the whole face's: 10-20% of a PDF.
 *
 * The objects are those libharu writes (hpdf_font_cid.c), built with its dictionary API:
 * Type0 → CIDFontType2, whose CIDs are the Unicode code points as with libharu's UTF-8
 * encoder → FontDescriptor → FontFile2 and CIDSet. The Type0's encoding is Identity-H (each
 * character two bytes, its code point), with a ToUnicode map that reads the codes as the code
 * points: what every reader knows. A one-byte code for ASCII under a CMap of the build's was
 * 0.4-8.5% smaller, but MuPDF (SumatraPDF, zathura, PyMuPDF's indexers) maps a CID font's
 * ToUnicode through its CIDs within the encoding's code space, and read most of the text as
 * U+FFFD. The ToUnicode map lists the characters drawn, not the whole BMP: PDFBox (and the
 * indexers built on it) read the identity map's 63,488 entries for every font, seconds a
 * document. A subset's tag is a digest of the glyphs it keeps: the same glyphs, the same
 * name, whatever else the build holds.
 *
 * A subset shared by every document (the Vietnamese repertoire, once per build) was tried:
 * 5 ms less a PDF, but 25-40% larger PDFs, since a report draws ~110-140 of its ~350
 * characters. The archive keeps the PDFs; each keeps its own subset. */
#include <string.h>

#include <hb-subset.h>
#include <libdeflate.h>

#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "../digest.h"
#include "../util.h"
#include "pdf_int.h"

struct face_embed {
	/* libharu's font definition: the name without a subset tag, and the descriptor */
	char name[HPDF_LIMIT_MAX_NAME_LEN + 1];
	HPDF_INT16 ascent, descent, italic_angle, missing_width;
	HPDF_UINT flags;
	HPDF_Box bbox;
	HPDF_UINT16 stemv, x_height, cap_height;
	hb_face_t *hb;           /* the face for hb-subset, over pdf_style.face_data */
};

unsigned char *pdf_deflate(struct libdeflate_compressor *zip, const void *in, size_t len,
			   size_t *out_len)
{
	size_t cap = libdeflate_zlib_compress_bound(zip, len);
	unsigned char *out = xmalloc(cap);
	*out_len = libdeflate_zlib_compress(zip, in, len, out, cap);
	if (*out_len == 0) { /* cannot happen: cap is the bound */
		free(out);
		return NULL;
	}
	return out;
}

bool pdf_deflate_shared(const unsigned char *in, size_t len, struct embed_stream *out)
{
	struct libdeflate_compressor *zip = libdeflate_alloc_compressor(9);
	if (!zip)
		return false;
	out->z = pdf_deflate(zip, in, len, &out->z_len);
	libdeflate_free_compressor(zip);
	return out->z != NULL;
}

/* A CMap's opening: its name, the character collection, its type (1: codes to CIDs, 2:
 * codes to Unicode). */
static void cmap_begin(struct buf *b, const char *name, const char *ordering, int type)
{
	buf_printf(b,
		   "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		   "/CIDSystemInfo << /Registry (Adobe) /Ordering (%s) /Supplement 0 >> def\n"
		   "/CMapName /%s def\n/CMapType %d def\n",
		   ordering, name, type);
}

static void cmap_end(struct buf *b)
{
	buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* The entries of a section, at most 100 to a section as a CMap allows. */
struct cmap_section {
	struct buf *b;
	const char *name; /* "cidrange", "bfchar", … */
	struct buf entries;
	unsigned n;
};

static void section_flush(struct cmap_section *sec)
{
	if (sec->n)
		buf_printf(sec->b, "%u begin%s\n%send%s\n", sec->n, sec->name, sec->entries.s,
			   sec->name);
	sec->entries.len = 0;
	if (sec->entries.s)
		sec->entries.s[0] = 0;
	sec->n = 0;
}

static void section_add(struct cmap_section *sec, const char *entry)
{
	if (sec->n == 100)
		section_flush(sec);
	buf_puts(&sec->entries, entry);
	sec->n++;
}

void embed_to_unicode_text(struct buf *b, const uint8_t *drawn)
{
	cmap_begin(b, "Adobe-Identity-UCS", "UCS", 2);
	buf_puts(b, "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	struct cmap_section ranges = {b, "bfrange", {0}, 0};
	buf_init(&ranges.entries);
	/* runs of code points drawn, within one first byte as a bfrange must be */
	for (uint32_t cp = fontset_next_drawn(drawn, 0); cp < 0x10000;) {
		uint32_t last = cp;
		while (last + 1 < 0x10000 && ((last + 1) & 0xFF) != 0 &&
		       (drawn[(last + 1) >> 3] >> ((last + 1) & 7)) & 1)
			last++;
		if (cp < 0xD800 || cp > 0xDFFF) { /* surrogates are no characters */
			char e[32];
			snprintf(e, sizeof e, "<%04X> <%04X> <%04X>\n", cp, last, cp);
			section_add(&ranges, e);
		}
		cp = fontset_next_drawn(drawn, last + 1);
	}
	section_flush(&ranges);
	buf_free(&ranges.entries);
	cmap_end(b);
}

void embed_face_build(struct pdf_style *s, int face, HPDF_FontDef def)
{
	struct face_embed *e = xcalloc(1, sizeof *e);
	memcpy(e->name, def->base_font, sizeof e->name);
	e->name[sizeof e->name - 1] = 0;
	e->ascent = def->ascent;
	e->descent = def->descent;
	e->italic_angle = def->italic_angle;
	e->missing_width = def->missing_width;
	e->flags = def->flags;
	e->bbox = def->font_bbox;
	e->stemv = def->stemv;
	e->x_height = def->x_height;
	e->cap_height = def->cap_height;

	/* read-only over the file's bytes, which outlive it; immutable, so the documents'
	 * threads may subset it at once. (hb_subset_preprocess halves each subset's time, but
	 * costs ~3 ms and ~1.5 MB a face: no faster for 36 reports, 6 MB more at the peak.) */
	hb_blob_t *blob = hb_blob_create((const char *)s->face_data[face],
					 (unsigned)s->face_len[face], HB_MEMORY_MODE_READONLY,
					 NULL, NULL);
	e->hb = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	hb_face_make_immutable(e->hb);
	if (hb_face_get_glyph_count(e->hb) == 0) {
		/* libharu makes this face's objects in each document, as before */
		hb_face_destroy(e->hb);
		free(e);
		return;
	}
	s->face_embed[face] = e;
}

void embed_face_free(struct pdf_style *s)
{
	for (int face = 0; face < N_FACES; face++) {
		struct face_embed *e = s->face_embed[face];
		if (!e)
			continue;
		hb_face_destroy(e->hb);
		free(e);
		s->face_embed[face] = NULL;
	}
}

/* ---- in a document ---- */

/* libharu writes /Filter only for what it compresses itself: this adds it to a stream whose
 * bytes are already deflated, written last in its dictionary. */
HPDF_STATUS pdf_write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* An indirect stream object over deflated bytes: shared by the build, or owned (malloc'ed,
 * freed with the document, also when this fails). */
HPDF_Dict pdf_deflated_stream(HPDF_Doc pdf, const unsigned char *z, size_t len, bool owned)
{
	HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
	if (d && HPDF_Xref_Add(pdf->xref, d) != HPDF_OK) /* frees d on failure */
		d = NULL;
	HPDF_Number length = d ? HPDF_Number_New(pdf->mmgr, 0) : NULL;
	if (!length || HPDF_Xref_Add(pdf->xref, length) != HPDF_OK ||
	    HPDF_Dict_Add(d, "Length", length) != HPDF_OK) {
		if (owned)
			free((void *)z);
		return NULL;
	}
	d->stream = pdf_bytes_reader(pdf->mmgr, z, len, owned);
	if (!d->stream)
		return NULL;
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->write_fn = pdf_write_flate_filter;
	return d;
}

static HPDF_Dict indirect_dict(HPDF_Doc pdf)
{
	HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
	if (d && HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
		return NULL;
	return d;
}

HPDF_Dict pdf_cid_set(struct fontset *fs, const uint8_t *drawn)
{
	/* a bit a CID, the first the high bit of the first byte (drawn's are the low bits) */
	uint32_t last = 0;
	for (uint32_t cp = fontset_next_drawn(drawn, 0); cp < 0x10000;
	     cp = fontset_next_drawn(drawn, cp + 1))
		last = cp;
	size_t len = last / 8 + 1;
	unsigned char *bits = xcalloc(len, 1);
	bits[0] = 0x80; /* CID 0, .notdef, is in every font program */
	for (uint32_t cp = fontset_next_drawn(drawn, 0); cp < 0x10000;
	     cp = fontset_next_drawn(drawn, cp + 1))
		bits[cp >> 3] |= (unsigned char)(0x80u >> (cp & 7));
	size_t z_len = 0;
	unsigned char *z = pdf_deflate(fs->zip, bits, len, &z_len);
	free(bits);
	return z ? pdf_deflated_stream(fs->pdf, z, z_len, true) : NULL;
}

HPDF_Font embed_font_new(struct fontset *fs, int face)
{
	HPDF_Doc pdf = fs->pdf;
	const struct face_embed *e = fs->st->face_embed[face];
	HPDF_Dict font = indirect_dict(pdf), cid = indirect_dict(pdf);
	HPDF_Array descendants = HPDF_Array_New(pdf->mmgr);
	HPDF_Dict info = HPDF_Dict_New(pdf->mmgr);
	HPDF_Dict to_unicode = fontset_to_unicode(fs);
	if (!font || !cid || !descendants || !info || !to_unicode)
		return NULL;
	font->header.obj_class |= HPDF_OSUBCLASS_FONT;
	HPDF_STATUS ret = HPDF_OK;
	ret += HPDF_Dict_AddName(font, "Type", "Font");
	ret += HPDF_Dict_AddName(font, "Subtype", "Type0");
	ret += HPDF_Dict_AddName(font, "Encoding", "Identity-H");
	ret += HPDF_Dict_Add(font, "DescendantFonts", descendants);
	ret += HPDF_Array_Add(descendants, cid);
	ret += HPDF_Dict_Add(font, "ToUnicode", to_unicode);
	ret += HPDF_Dict_AddName(cid, "Type", "Font");
	ret += HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
	ret += HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL));
	ret += HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
	ret += HPDF_Dict_AddNumber(info, "Supplement", 0);
	ret += HPDF_Dict_Add(cid, "CIDSystemInfo", info);
	ret += HPDF_Dict_AddNumber(cid, "DW", e->missing_width);
	if (ret != HPDF_OK)
		return NULL;
	fs->cid[face] = cid;
	fs->by_embed[face] = true;
	return font;
}

/* "TAG+name", cut to the longest name libharu writes (as its own subset names are). */
static void tagged_name(char out[HPDF_LIMIT_MAX_NAME_LEN + 1], const char *tag, const char *name)
{
	size_t t = strlen(tag), n = strlen(name);
	memcpy(out, tag, t);
	out[t] = '+';
	if (n > HPDF_LIMIT_MAX_NAME_LEN - t - 1)
		n = HPDF_LIMIT_MAX_NAME_LEN - t - 1;
	memcpy(out + t + 1, name, n);
	out[t + 1 + n] = 0;
}

/* The document's subset of a face, cut by hb-subset: the glyphs of the code points drawn
 * and the parts of composite ones, numbered anew from 0 in their order. Its FontFile2
 * stream, and the CIDToGIDMap that takes each code point drawn (the CIDs) to its glyph in
 * the subset, into *map; its name, with the tag, into tagged. NULL if hb-subset or libharu
 * fails. */
static HPDF_Dict subset(struct fontset *fs, int face, const uint8_t *drawn,
			char tagged[HPDF_LIMIT_MAX_NAME_LEN + 1], HPDF_Dict *map)
{
	const struct face_embed *e = fs->st->face_embed[face];
	const uint16_t *gids = fs->st->face_gids[face];
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return NULL;
	/* the characters drawn, as code points: given their glyphs instead, hb-subset 6.0
	 * reads the face's whole cmap into a hash map (for the code points of those glyphs)
	 * on every call, 2/3 of its time; the face's cmap gives it the same glyphs
	 * (test_pdf compares them) */
	hb_set_t *unicodes = hb_subset_input_unicode_set(in);
	struct digest h;
	digest_init(&h);
	digest_str(&h, e->name);
	uint32_t last = 0;
	for (uint32_t cp = fontset_next_drawn(drawn, 0); cp < 0x10000;
	     cp = fontset_next_drawn(drawn, cp + 1)) {
		hb_set_add(unicodes, cp);
		digest_u64(&h, gids[cp]);
		last = cp;
	}
	/* a PDF's CID font draws glyphs by id: no OpenType layout */
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
	hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
	hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
	hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(e->hb, in);
	hb_subset_input_destroy(in);
	if (!plan)
		return NULL;
	/* the map up to the last code point drawn, two bytes each, as libharu writes one */
	const hb_map_t *new_gid = hb_subset_plan_old_to_new_glyph_mapping(plan);
	size_t map_len = 2 * ((size_t)last + 1);
	unsigned char *m = xcalloc(map_len, 1);
	for (uint32_t cp = fontset_next_drawn(drawn, 0); cp < 0x10000;
	     cp = fontset_next_drawn(drawn, cp + 1)) {
		hb_codepoint_t g = hb_map_get(new_gid, gids[cp]);
		if (g == HB_MAP_VALUE_INVALID)
			g = 0;
		m[2 * cp] = (unsigned char)(g >> 8);
		m[2 * cp + 1] = (unsigned char)g;
	}
	size_t mz_len = 0;
	unsigned char *mz = pdf_deflate(fs->zip, m, map_len, &mz_len);
	free(m);
	hb_face_t *sub = hb_subset_plan_execute_or_fail(plan);
	hb_subset_plan_destroy(plan);
	if (!sub || !mz) {
		free(mz);
		hb_face_destroy(sub);
		return NULL;
	}
	*map = pdf_deflated_stream(fs->pdf, mz, mz_len, true);
	hb_blob_t *blob = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	unsigned len = 0;
	const char *bytes = hb_blob_get_data(blob, &len);
	size_t z_len = 0;
	unsigned char *z = len ? pdf_deflate(fs->zip, bytes, len, &z_len) : NULL;
	hb_blob_destroy(blob);
	if (!z || !*map)
		return NULL;
	HPDF_Dict file = pdf_deflated_stream(fs->pdf, z, z_len, true);
	if (!file || HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)len) != HPDF_OK)
		return NULL;
	/* the subset's tag: six capitals from the glyphs it keeps */
	char tag[HPDF_TTF_FONT_TAG_LEN + 1];
	uint64_t v = h.a ^ h.b;
	for (int i = 0; i < HPDF_TTF_FONT_TAG_LEN; i++, v /= 26)
		tag[i] = (char)('A' + v % 26);
	tag[HPDF_TTF_FONT_TAG_LEN] = 0;
	tagged_name(tagged, tag, e->name);
	return file;
}

int embed_font_finish(struct fontset *fs, int face)
{
	HPDF_Doc pdf = fs->pdf;
	const struct face_embed *e = fs->st->face_embed[face];
	static const uint8_t none[0x10000 / 8];
	const uint8_t *drawn = fs->drawn[face] ? fs->drawn[face] : none;
	char name[HPDF_LIMIT_MAX_NAME_LEN + 1];
	HPDF_Dict map = NULL;
	HPDF_Dict file = subset(fs, face, drawn, name, &map);
	HPDF_Dict desc = indirect_dict(pdf);
	HPDF_Array widths = fontset_widths_array(pdf->mmgr, drawn, fs->st->face_widths[face],
						 NULL, e->missing_width);
	HPDF_Dict cid_set = file ? pdf_cid_set(fs, drawn) : NULL;
	if (!file || !desc || !widths || !cid_set)
		return -1;
	HPDF_STATUS ret = HPDF_OK;
	ret += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	ret += HPDF_Dict_AddName(desc, "FontName", name);
	ret += HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)e->flags);
	ret += HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(pdf->mmgr, e->bbox));
	ret += HPDF_Dict_AddNumber(desc, "ItalicAngle", e->italic_angle);
	ret += HPDF_Dict_AddNumber(desc, "Ascent", e->ascent);
	ret += HPDF_Dict_AddNumber(desc, "Descent", e->descent);
	ret += HPDF_Dict_AddNumber(desc, "CapHeight", e->cap_height);
	ret += HPDF_Dict_AddNumber(desc, "XHeight", e->x_height);
	ret += HPDF_Dict_AddNumber(desc, "StemV", e->stemv);
	ret += HPDF_Dict_Add(desc, "FontFile2", file);
	ret += HPDF_Dict_Add(desc, "CIDSet", cid_set);
	ret += HPDF_Dict_AddName(fs->font[face], "BaseFont", name);
	ret += HPDF_Dict_AddName(fs->cid[face], "BaseFont", name);
	ret += HPDF_Dict_Add(fs->cid[face], "FontDescriptor", desc);
	ret += HPDF_Dict_Add(fs->cid[face], "CIDToGIDMap", map);
	ret += HPDF_Dict_Add(fs->cid[face], "W", widths);
	return ret == HPDF_OK ? 0 : -1;
}
