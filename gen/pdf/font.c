/* font.c — fonts through fontconfig, chosen by what they can draw, never by path.
 *
 * A face must cover every Vietnamese letter: Liberation Serif 1.x shares its family name with
 * Liberation Serif 2 but lacks ~92 of them (docs/bao-cao-format.md), so among the files of a
 * family we take the one with full coverage and the highest version. Characters a face lacks
 * come from a fallback font found for that character, or are drawn as a smaller raised or
 * lowered base character (⁽¹⁾ in real reports); only then are they an error. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libdeflate.h>

#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>

#include "../text.h"
#include "../util.h"
#include "pdf_int.h"

/* The precomposed letters of Vietnamese (NFC), upper and lower case. */
static FcCharSet *vietnamese_letters(void)
{
	static const uint32_t ranges[][2] = {
		{0x00C0, 0x00C3}, {0x00C8, 0x00CA}, {0x00CC, 0x00CD}, {0x00D2, 0x00D5},
		{0x00D9, 0x00DA}, {0x00DD, 0x00DD}, {0x00E0, 0x00E3}, {0x00E8, 0x00EA},
		{0x00EC, 0x00ED}, {0x00F2, 0x00F5}, {0x00F9, 0x00FA}, {0x00FD, 0x00FD},
		{0x0102, 0x0103}, {0x0110, 0x0111}, {0x0128, 0x0129}, {0x0168, 0x0169},
		{0x01A0, 0x01A1}, {0x01AF, 0x01B0}, {0x1EA0, 0x1EF9}, {0x0041, 0x005A},
		{0x0061, 0x007A},
	};
	FcCharSet *cs = FcCharSetCreate();
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		for (uint32_t c = ranges[i][0]; c <= ranges[i][1]; c++)
			FcCharSetAddChar(cs, c);
	return cs;
}

static const int face_weight[N_FACES] = {FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD, FC_WEIGHT_REGULAR,
					 FC_WEIGHT_BOLD};
static const int face_slant[N_FACES] = {FC_SLANT_ROMAN, FC_SLANT_ROMAN, FC_SLANT_ITALIC,
					FC_SLANT_ITALIC};
static const char *const face_name[N_FACES] = {"regular", "bold", "italic", "bold italic"};

/* libharu loads TrueType outlines only (not CFF-flavoured OpenType). */
static bool loadable(FcPattern *p)
{
	FcChar8 *fmt = NULL, *file = NULL;
	int index = 0;
	if (FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch)
		return false;
	FcPatternGetInteger(p, FC_INDEX, 0, &index);
	if (index != 0)
		return false;
	if (FcPatternGetString(p, FC_FONTFORMAT, 0, &fmt) == FcResultMatch &&
	    strcmp((const char *)fmt, "TrueType") != 0)
		return false;
	size_t n = strlen((const char *)file);
	return n > 4 && strcasecmp((const char *)file + n - 4, ".ttf") == 0;
}

/* The best file of `family` in one face: full Vietnamese coverage first, then a normal width
 * (a family may list its condensed cut under the same name: "DejaVu Serif" holds
 * DejaVuSerifCondensed-Bold), then the version. */
static FcPattern *best_face(const char *family, int face, FcCharSet *viet)
{
	FcPattern *pat = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, family, FC_WEIGHT,
					FcTypeInteger, face_weight[face], FC_SLANT, FcTypeInteger,
					face_slant[face], (char *)0);
	FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_CHARSET, FC_FONTVERSION,
					   FC_FONTFORMAT, FC_FAMILY, FC_WIDTH, (char *)0);
	FcFontSet *set = FcFontList(NULL, pat, os);
	FcPatternDestroy(pat);
	FcObjectSetDestroy(os);
	FcPattern *best = NULL;
	FcChar32 best_missing = 0;
	int best_version = -1, best_off = 0;
	for (int i = 0; set && i < set->nfont; i++) {
		FcPattern *p = set->fonts[i];
		FcCharSet *cs = NULL;
		int version = 0, width = FC_WIDTH_NORMAL;
		if (!loadable(p) || FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) != FcResultMatch)
			continue;
		FcPatternGetInteger(p, FC_FONTVERSION, 0, &version);
		FcPatternGetInteger(p, FC_WIDTH, 0, &width);
		int off = abs(width - FC_WIDTH_NORMAL);
		FcChar32 missing = FcCharSetSubtractCount(viet, cs);
		if (!best || missing < best_missing || (missing == best_missing && off < best_off) ||
		    (missing == best_missing && off == best_off && version > best_version)) {
			best = p;
			best_missing = missing;
			best_off = off;
			best_version = version;
		}
	}
	FcPattern *out = NULL;
	if (best && best_missing == 0) {
		out = best;
		FcPatternReference(out);
	}
	if (set)
		FcFontSetDestroy(set);
	return out;
}

/* What the PDFs' fonts depend on: the four faces' files (a file replaced or updated has
 * another size or time) and every font fontconfig knows, where fallbacks come from. */
static void digest_faces(struct pdf_style *s)
{
	digest_str(&s->digest, s->face_family);
	for (int face = 0; face < N_FACES; face++) {
		struct stat st;
		digest_str(&s->digest, s->face_path[face]);
		if (stat(s->face_path[face], &st) == 0) {
			digest_u64(&s->digest, (uint64_t)st.st_size);
			digest_u64(&s->digest, (uint64_t)st.st_ino);
			digest_u64(&s->digest, (uint64_t)st.st_mtim.tv_sec);
			digest_u64(&s->digest, (uint64_t)st.st_mtim.tv_nsec);
		}
	}
	digest_u64(&s->digest, (uint64_t)FcGetVersion());
	FcFontSet *set = FcConfigGetFonts(NULL, FcSetSystem);
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *file = NULL;
		int index = 0, version = 0;
		FcPatternGetString(set->fonts[i], FC_FILE, 0, &file);
		FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
		FcPatternGetInteger(set->fonts[i], FC_FONTVERSION, 0, &version);
		digest_str(&s->digest, (const char *)file);
		digest_u64(&s->digest, (uint64_t)index);
		digest_u64(&s->digest, (uint64_t)version);
	}
}

int font_find_faces(struct pdf_style *s, struct diags *d)
{
	if (!FcInit()) {
		diag_add(d, s->path, 0, 0, "fontconfig cannot be initialised");
		return -1;
	}
	FcCharSet *viet = vietnamese_letters();
	int rc = -1;
	for (size_t f = 0; f < s->n_families && rc < 0; f++) {
		FcPattern *found[N_FACES] = {0};
		int ok = 0;
		for (int face = 0; face < N_FACES; face++)
			ok += (found[face] = best_face(s->families[f], face, viet)) != NULL;
		if (ok == N_FACES) {
			for (int face = 0; face < N_FACES; face++) {
				FcChar8 *file;
				FcCharSet *cs;
				FcPatternGetString(found[face], FC_FILE, 0, &file);
				FcPatternGetCharSet(found[face], FC_CHARSET, 0, &cs);
				s->face_path[face] = xstrdup((const char *)file);
				s->face_charset[face] = FcCharSetCopy(cs);
			}
			s->face_family = xstrdup(s->families[f]);
			rc = 0;
			digest_faces(s);
		}
		for (int face = 0; face < N_FACES; face++)
			if (found[face])
				FcPatternDestroy(found[face]);
	}
	FcCharSetDestroy(viet);
	if (rc < 0) {
		struct buf b;
		buf_init(&b);
		for (size_t f = 0; f < s->n_families; f++)
			buf_printf(&b, "%s'%s'", f ? ", " : "", s->families[f]);
		int line = s->families_pos.line, col = s->families_pos.col;
		if (s->n_families)
			diag_add(d, s->path, line, col,
				 "no font family with all four faces (%s, %s, %s, %s) covering "
				 "Vietnamese: tried %s (install fonts-liberation2)",
				 face_name[0], face_name[1], face_name[2], face_name[3], b.s);
		else
			diag_add(d, s->path, line, col,
				 "fonts.families is empty: name the font families to use (e.g. "
				 "[\"Times New Roman\", \"Liberation Serif\"])");
		buf_free(&b);
	}
	return rc;
}

int32_t font_synth(int32_t cp, double *scale, double *rise)
{
	static const char super[] = "0\0\0\0" "456789+-=()n"; /* U+2070.. */
	static const char sub[] = "0123456789+-=()";                /* U+2080.. */
	int32_t base = 0;
	double r = 0;
	if (cp == 0x00B9 || cp == 0x00B2 || cp == 0x00B3)
		base = cp == 0x00B9 ? '1' : cp == 0x00B2 ? '2' : '3', r = 0.36;
	else if (cp >= 0x2070 && cp <= 0x207F && super[cp - 0x2070])
		base = (unsigned char)super[cp - 0x2070], r = 0.36;
	else if (cp >= 0x2080 && cp <= 0x208E)
		base = (unsigned char)sub[cp - 0x2080], r = -0.14;
	if (base) {
		*scale = 0.62;
		*rise = r;
	}
	return base;
}

/* libharu 2.3.0 gives its UTF-8 fonts a "ToUnicode" stream that is really an identity CID
 * map (begincidrange), which strict readers reject, so copied text could come out wrong.
 * With the UTF-8 encoder the codes in the page are the Unicode code points themselves
 * (BMP): the document's map of them (fontset_to_unicode) replaces it. */
static void fix_to_unicode(struct fontset *fs, HPDF_Font font)
{
	HPDF_Dict cmap = fontset_to_unicode(fs);
	if (cmap)
		HPDF_Dict_Add(font, "ToUnicode", cmap);
}

HPDF_Dict fontset_to_unicode(struct fontset *fs)
{
	if (!fs->to_unicode) /* its bytes come in fontset_finish */
		fs->to_unicode = pdf_deflated_stream(fs->pdf, NULL, 0, false);
	return fs->to_unicode;
}

/* ---- the faces, read once per build ----
 *
 * libharu 2.3.0 parses a TrueType file anew for each document (HPDF_LoadTTFontFromFile: a
 * thousand small seeks and reads), and HPDF_GetFont then looks up the glyph of each of the
 * 65,536 BMP code points, every lookup a linear search through the cmap's segments: ~5 ms a
 * face, for every PDF. So each face's file is read once per build and handed to libharu
 * from memory, and each document's parsed cmap is swapped for an equivalent one-segment
 * table of the same glyph ids, worked out once with libharu's own lookup. Both use libharu
 * 2.3.0's internal structures (hpdf_fontdef.h, hpdf_streams.h): test/unit/pdf_font.c checks
 * the table against libharu's lookup, and the PDFs are the same bytes as before. */

#define FACE_MAX_BYTES ((size_t)64 << 20)

/* A read-only stream over bytes in memory, with the semantics of libharu's file reader. */
struct face_reader {
	const unsigned char *data;
	size_t len, pos;
	bool owned; /* data is freed with the stream */
};

static HPDF_STATUS face_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
	struct face_reader *r = s->attr;
	size_t want = *siz, left = r->pos < r->len ? r->len - r->pos : 0;
	size_t n = want < left ? want : left;
	memcpy(ptr, r->data + r->pos, n);
	r->pos += n;
	if (n == want)
		return HPDF_OK;
	memset(ptr + n, 0, want - n);
	*siz = (HPDF_UINT)n;
	return HPDF_STREAM_EOF;
}

static HPDF_STATUS face_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct face_reader *r = s->attr;
	long long base = mode == HPDF_SEEK_CUR ? (long long)r->pos
			 : mode == HPDF_SEEK_END ? (long long)r->len
						 : 0;
	if (base + pos < 0)
		return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, EINVAL);
	r->pos = (size_t)(base + pos);
	return HPDF_OK;
}

static HPDF_INT32 face_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((struct face_reader *)s->attr)->pos;
}

static HPDF_UINT32 face_size(HPDF_Stream s)
{
	return (HPDF_UINT32)((struct face_reader *)s->attr)->len;
}

static void face_reader_free(HPDF_Stream s)
{
	struct face_reader *r = s->attr;
	if (r->owned)
		free((void *)r->data);
	HPDF_FreeMem(s->mmgr, r);
}

HPDF_Stream pdf_bytes_reader(HPDF_MMgr mmgr, const unsigned char *data, size_t len, bool owned)
{
	struct face_reader *r = HPDF_GetMem(mmgr, sizeof *r);
	if (!r) {
		if (owned)
			free((void *)data);
		return NULL;
	}
	*r = (struct face_reader){data, len, 0, owned};
	HPDF_Stream stream =
		HPDF_CallbackReader_New(mmgr, face_read, face_seek, face_tell, face_size, r);
	if (!stream) {
		if (owned)
			free((void *)data);
		HPDF_FreeMem(mmgr, r);
		return NULL;
	}
	stream->free_fn = face_reader_free;
	return stream;
}

/* Swaps a loaded face's cmap for the one-segment table gids (65,536 glyph ids): then
 * HPDF_TTFontDef_GetGlyphid reads gids[unicode] at once (idx = id_range_offset / 2 +
 * unicode - start - segments = unicode). The old cmap stays if memory runs out. */
static void use_gid_table(HPDF_FontDef def, const uint16_t *gids)
{
	HPDF_TTFontDefAttr a = def->attr;
	if (!gids || a->cmap.format != 4 || a->cmap.seg_count_x2 == 0)
		return;
	HPDF_MMgr m = def->mmgr;
	HPDF_UINT16 *end = HPDF_GetMem(m, sizeof *end), *start = HPDF_GetMem(m, sizeof *start);
	HPDF_INT16 *delta = HPDF_GetMem(m, sizeof *delta);
	HPDF_UINT16 *range = HPDF_GetMem(m, sizeof *range);
	HPDF_UINT16 *glyphs = HPDF_GetMem(m, 0x10000 * sizeof *glyphs);
	if (!end || !start || !delta || !range || !glyphs) {
		HPDF_UINT16 *mem[] = {end, start, (HPDF_UINT16 *)delta, range, glyphs};
		for (size_t i = 0; i < sizeof mem / sizeof mem[0]; i++)
			if (mem[i])
				HPDF_FreeMem(m, mem[i]);
		return;
	}
	*end = 0xFFFF;
	*start = 0;
	*delta = 0;
	*range = 2;
	memcpy(glyphs, gids, 0x10000 * sizeof *glyphs);
	HPDF_FreeMem(m, a->cmap.end_count);
	HPDF_FreeMem(m, a->cmap.start_count);
	HPDF_FreeMem(m, a->cmap.id_delta);
	HPDF_FreeMem(m, a->cmap.id_range_offset);
	if (a->cmap.glyph_id_array)
		HPDF_FreeMem(m, a->cmap.glyph_id_array);
	a->cmap.seg_count_x2 = 2;
	a->cmap.end_count = end;
	a->cmap.start_count = start;
	a->cmap.id_delta = delta;
	a->cmap.id_range_offset = range;
	a->cmap.glyph_id_array = glyphs;
	a->cmap.glyph_id_array_count = 0x10000;
}

/* What HPDF_LoadTTFontFromFile does (hpdf_doc.c, LoadTTFontFromStream), from the face's
 * bytes in memory: the font definition, registered under the next subset tag. */
HPDF_FontDef font_load_face(HPDF_Doc pdf, const struct pdf_style *st, int face)
{
	HPDF_Stream stream =
		pdf_bytes_reader(pdf->mmgr, st->face_data[face], st->face_len[face], false);
	if (!stream)
		return NULL;
	HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, stream, HPDF_TRUE); /* owns stream */
	if (!def)
		return NULL;
	HPDF_FontDef had = HPDF_Doc_FindFontDef(pdf, def->base_font);
	if (had) {
		HPDF_FontDef_Free(def);
		return had;
	}
	if (HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
		HPDF_FontDef_Free(def);
		return NULL;
	}
	if (pdf->ttfont_tag[0] == 0) {
		memcpy(pdf->ttfont_tag, "HPDFAA", 6);
	} else {
		for (int i = 5; i >= 0; i--) {
			pdf->ttfont_tag[i] += 1;
			if (pdf->ttfont_tag[i] > 'Z')
				pdf->ttfont_tag[i] = 'A';
			else
				break;
		}
	}
	HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
	use_gid_table(def, st->face_gids[face]);
	return def;
}

/* The BMP code points of a charset as bits, looked up per character without fontconfig. */
static uint8_t *bmp_bits(const FcCharSet *cs)
{
	uint8_t *bits = xcalloc(0x10000 / 8, 1);
	FcChar32 map[FC_CHARSET_MAP_SIZE], next;
	for (FcChar32 base = FcCharSetFirstPage(cs, map, &next);
	     base != FC_CHARSET_DONE && base < 0x10000; base = FcCharSetNextPage(cs, map, &next))
		for (unsigned i = 0; i < FC_CHARSET_MAP_SIZE; i++) /* 32 code points a word */
			for (unsigned j = 0; j < 32; j++)
				if (map[i] & (1u << j)) {
					uint32_t cp = base + 32 * i + j;
					bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
				}
	return bits;
}

/* One face: its bytes, and its glyph and width tables with libharu's own lookup, on a
 * document of its own. Sets *err to errno when the file cannot be read. */
struct face_job {
	struct pdf_style *s;
	int err[N_FACES];
};

static void load_one_face(void *ctx, size_t i)
{
	struct face_job *j = ctx;
	struct pdf_style *s = j->s;
	int face = (int)i;
	if (s->face_data[face])
		return;
	s->face_data[face] =
		(unsigned char *)read_file(s->face_path[face], FACE_MAX_BYTES, &s->face_len[face]);
	if (!s->face_data[face]) {
		j->err[face] = errno ? errno : EIO;
		return;
	}
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	HPDF_FontDef def = pdf ? font_load_face(pdf, s, face) : NULL;
	if (def) {
		HPDF_TTFontDefAttr a = def->attr;
		if (a->cmap.format == 4 && a->cmap.seg_count_x2 > 0) {
			uint16_t *gids = xmalloc(0x10000 * sizeof *gids);
			int16_t *widths = xmalloc(0x10000 * sizeof *widths);
			/* HPDF_TTFontDef_GetGlyphid searches the segments from the first for
			 * each code point; going up the code points, it is asked with the
			 * cmap's arrays starting at the segment it would stop at, so that its
			 * own arithmetic (which counts segments from the end) is unchanged */
			HPDF_TTF_CmapRange whole = a->cmap;
			size_t segs = whole.seg_count_x2 / 2, i = 0;
			for (uint32_t u = 0; u < 0x10000; u++) {
				while (i < segs && u > whole.end_count[i])
					i++;
				if (i == segs) { /* past the last segment: no glyph */
					gids[u] = 0;
				} else {
					a->cmap.end_count = whole.end_count + i;
					a->cmap.start_count = whole.start_count + i;
					a->cmap.id_delta = whole.id_delta + i;
					a->cmap.id_range_offset = whole.id_range_offset + i;
					a->cmap.seg_count_x2 = (HPDF_UINT16)(2 * (segs - i));
					gids[u] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)u);
				}
				/* = HPDF_TTFontDef_GetCharWidth(u), without a second search of
				 * the cmap and without marking the glyph used */
				widths[u] = HPDF_TTFontDef_GetGidWidth(def, gids[u]);
			}
			a->cmap = whole;
			s->face_gids[face] = gids;
			s->face_widths[face] = widths;
			s->face_cover[face] = bmp_bits(s->face_charset[face]);
			embed_face_build(s, face, def);
		}
	}
	HPDF_Free(pdf);
}

int pdf_style_load_fonts(struct pdf_style *s, struct diags *d)
{
	/* the faces side by side */
	struct face_job j = {.s = s};
	parallel_for(N_FACES, N_FACES, load_one_face, &j);
	for (int face = 0; face < N_FACES; face++)
		if (j.err[face]) {
			diag_add(d, s->face_path[face], 0, 0, "cannot read the font: %s",
				 strerror(j.err[face]));
			return -1;
		}
	return 0;
}

/* A face into the document: from the bytes read once per build, else from its file. */
static HPDF_Font load_document_face(struct fontset *fs, int face)
{
	const struct pdf_style *st = fs->st;
	const char *name;
	if (st->face_data[face]) {
		HPDF_FontDef def = font_load_face(fs->pdf, st, face);
		if (!def)
			HPDF_CheckError(&fs->pdf->error);
		name = def ? def->base_font : NULL;
	} else { /* pdf_style_load_fonts was not called */
		name = HPDF_LoadTTFontFromFile(fs->pdf, st->face_path[face], HPDF_TRUE);
	}
	HPDF_Font font = name ? HPDF_GetFont(fs->pdf, name, "UTF-8") : NULL;
	if (font)
		fix_to_unicode(fs, font);
	return font;
}

int fontset_init(struct fontset *fs, const struct pdf_style *st, HPDF_Doc pdf, struct diags *d)
{
	memset(fs, 0, sizeof *fs);
	fs->st = st;
	fs->pdf = pdf;
	if (pdf && !(fs->zip = libdeflate_alloc_compressor(PDF_ZIP_LEVEL))) {
		diag_add(d, st->path, 0, 0, "out of memory for a compressor");
		return -1;
	}
	for (int face = 0; face < N_FACES; face++) {
		fs->cs[face] = st->face_charset[face];
		/* a face without its width table is measured by libharu: load it now */
		if (pdf && !st->face_widths[face]) {
			fs->font[face] = load_document_face(fs, face);
			if (!fs->font[face]) {
				diag_add(d, st->face_path[face], 0, 0,
					 "libharu cannot load this font (error %04lX)",
					 (unsigned long)HPDF_GetError(pdf));
				HPDF_ResetError(pdf);
				return -1;
			}
		}
	}
	fs->n = N_FACES;
	return 0;
}

HPDF_Font fontset_font(struct fontset *fs, int i)
{
	if (!fs->font[i] && i < N_FACES && fs->pdf)
		fs->font[i] = fs->st->face_embed[i] ? embed_font_new(fs, i) : load_document_face(fs, i);
	return fs->font[i];
}

void fontset_free(struct fontset *fs)
{
	libdeflate_free_compressor(fs->zip);
	fs->zip = NULL;
	for (int i = 0; i < fs->n; i++) {
		if (fs->owned[i])
			FcCharSetDestroy(fs->cs[i]);
		free(fs->drawn[i]);
		fs->drawn[i] = NULL;
	}
	fs->n = 0;
}

uint32_t fontset_next_drawn(const uint8_t *drawn, uint32_t cp)
{
	/* 64 code points at a time where none was drawn, as most of the 65,536 were not */
	while (cp < 0x10000) {
		if ((cp & 63) == 0) {
			uint64_t word;
			memcpy(&word, drawn + (cp >> 3), sizeof word);
			if (!word) {
				cp += 64;
				continue;
			}
		}
		if (drawn[cp >> 3] & (1u << (cp & 7)))
			return cp;
		cp++;
	}
	return 0x10000;
}

uint8_t *fontset_drawn_bits(struct fontset *fs, int i)
{
	if (!fs->drawn[i])
		fs->drawn[i] = xcalloc(0x10000 / 8, 1);
	return fs->drawn[i];
}

void fontset_mark_drawn(struct fontset *fs, int i, uint32_t cp)
{
	if (cp <= 0xFFFF)
		fontset_drawn_bits(fs, i)[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

/* The /W array as libharu writes it (hpdf_font_cid.c): runs "c [w w …]" of consecutive
 * codes, leaving out the widths equal to DW (the face's missing width), for the codes drawn
 * (drawn: a bit per BMP code point; widths: each code point's). NULL if libharu fails. */
HPDF_Array fontset_widths_array(HPDF_MMgr mmgr, const uint8_t *drawn, const int16_t *widths,
				HPDF_FontDef def, int dw)
{
	HPDF_Array w = HPDF_Array_New(mmgr), run = NULL;
	if (!w)
		return NULL;
	for (uint32_t cp = fontset_next_drawn(drawn, 0), prev = 0x10000; cp < 0x10000;
	     prev = cp, cp = fontset_next_drawn(drawn, cp + 1)) {
		if (cp != prev + 1)
			run = NULL;
		int cw = widths ? widths[cp]
				: HPDF_TTFontDef_GetGidWidth(
					  def, HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp));
		if (cw == dw) {
			run = NULL;
			continue;
		}
		if (!run) {
			run = HPDF_Array_New(mmgr);
			if (!run || HPDF_Array_AddNumber(w, (HPDF_INT32)cp) != HPDF_OK ||
			    HPDF_Array_Add(w, run) != HPDF_OK)
				return NULL;
		}
		if (HPDF_Array_AddNumber(run, cw) != HPDF_OK)
			return NULL;
	}
	return w;
}

/* The document's ToUnicode map: the characters drawn in any font. */
static int finish_to_unicode(struct fontset *fs)
{
	if (!fs->to_unicode)
		return 0;
	uint8_t *all = xcalloc(0x10000 / 8, 1);
	for (int i = 0; i < fs->n; i++)
		for (size_t k = 0; fs->drawn[i] && k < 0x10000 / 8; k++)
			all[k] |= fs->drawn[i][k];
	struct buf b;
	buf_init(&b);
	embed_to_unicode_text(&b, all);
	free(all);
	size_t z_len = 0;
	unsigned char *z = pdf_deflate(fs->zip, b.s, b.len, &z_len);
	buf_free(&b);
	HPDF_Stream bytes = z ? pdf_bytes_reader(fs->pdf->mmgr, z, z_len, true) : NULL;
	if (!bytes)
		return -1;
	HPDF_Stream_Free(fs->to_unicode->stream);
	fs->to_unicode->stream = bytes;
	return 0;
}

int fontset_finish(struct fontset *fs)
{
	int rc = finish_to_unicode(fs);
	for (int i = 0; i < fs->n; i++) {
		if (fs->font[i] && fs->by_embed[i]) {
			if (embed_font_finish(fs, i) < 0)
				rc = -1;
			continue;
		}
		if (!fs->font[i] || !fs->drawn[i])
			continue;
		HPDF_FontAttr attr = fs->font[i]->attr;
		HPDF_Font cid_font = attr->descendant_font;
		HPDF_FontDef def = attr->fontdef;
		if (!cid_font || !def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE)
			continue;
		HPDF_Array w = fontset_widths_array(cid_font->mmgr, fs->drawn[i], NULL, def,
						    def->missing_width);
		if (!w || HPDF_Dict_Add(cid_font, "W", w) != HPDF_OK) /* frees libharu's */
			rc = -1;
		/* PDF/A-1: which CIDs its subset has (libharu keeps the glyphs it measured).
		 * libharu makes the descriptor and the subset just before writing the font
		 * (its before_write_fn), once: made now, with every glyph drawn marked */
		HPDF_Font type0 = fs->font[i];
		if (!def->descriptor && type0->before_write_fn &&
		    type0->before_write_fn(type0) != HPDF_OK)
			rc = -1;
		HPDF_Dict desc = def->descriptor;
		HPDF_Dict cid_set = desc ? pdf_cid_set(fs, fs->drawn[i]) : NULL;
		if (!cid_set || HPDF_Dict_Add(desc, "CIDSet", cid_set) != HPDF_OK ||
		    HPDF_Dict_AddNumber(desc, "CapHeight", def->cap_height) != HPDF_OK)
			rc = -1; /* CapHeight: required, which libharu leaves out */
	}
	return rc;
}

static bool excluded(const struct pdf_style *st, const char *family)
{
	for (size_t i = 0; i < st->n_fallback_exclude; i++)
		if (strncasecmp(family, st->fallback_exclude[i], strlen(st->fallback_exclude[i])) == 0)
			return true;
	return false;
}

int fontset_font_for(struct fontset *fs, int face, int32_t cp)
{
	if (cp > 0xFFFF) /* libharu's UTF-8 fonts have two-byte codes: the BMP only */
		return -1;
	const uint8_t *cover = fs->st->face_cover[face];
	if (cover ? (cover[cp >> 3] >> (cp & 7)) & 1
		  : FcCharSetHasChar(fs->cs[face], (FcChar32)cp) != 0)
		return face;
	for (int i = N_FACES; i < fs->n; i++)
		if (FcCharSetHasChar(fs->cs[i], (FcChar32)cp))
			return i;
	if (fs->n >= MAX_FONTS)
		return -1;
	/* Ask fontconfig for fonts that have it, best match for the face first. */
	FcCharSet *want = FcCharSetCreate();
	FcCharSetAddChar(want, (FcChar32)cp);
	FcPattern *pat = FcPatternBuild(NULL, FC_WEIGHT, FcTypeInteger, face_weight[face],
					FC_SLANT, FcTypeInteger, face_slant[face], (char *)0);
	FcPatternAddCharSet(pat, FC_CHARSET, want);
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"serif");
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcFontSet *set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
	FcPatternDestroy(pat);
	FcCharSetDestroy(want);
	int out = -1;
	for (int i = 0; set && i < set->nfont && out < 0; i++) {
		FcPattern *p = set->fonts[i];
		FcCharSet *cs;
		FcChar8 *family, *file;
		if (FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) != FcResultMatch ||
		    !FcCharSetHasChar(cs, (FcChar32)cp) || !loadable(p) ||
		    FcPatternGetString(p, FC_FAMILY, 0, &family) != FcResultMatch ||
		    excluded(fs->st, (const char *)family))
			continue;
		FcPatternGetString(p, FC_FILE, 0, &file);
		HPDF_Font font = NULL;
		if (fs->pdf) {
			const char *name =
				HPDF_LoadTTFontFromFile(fs->pdf, (const char *)file, HPDF_TRUE);
			font = name ? HPDF_GetFont(fs->pdf, name, "UTF-8") : NULL;
			if (font)
				fix_to_unicode(fs, font);
			if (!font) {
				HPDF_ResetError(fs->pdf);
				continue;
			}
		}
		out = fs->n++;
		fs->font[out] = font;
		fs->cs[out] = FcCharSetCopy(cs);
		fs->owned[out] = true;
	}
	if (set)
		FcFontSetDestroy(set);
	return out;
}

long face_text_units(const int16_t *widths, const char *s, size_t len)
{
	long w = 0;
	for (size_t off = 0; off < len;) {
		unsigned char c = (unsigned char)s[off];
		if (c < 0x80) {
			w += widths[c];
			off++;
			continue;
		}
		int32_t cp;
		int n = text_decode(s + off, len - off, &cp);
		if (n <= 0) {
			n = 1;
			cp = 0xFFFD;
		}
		w += widths[cp > 0xFFFF ? 0xFFFD : cp];
		off += (size_t)n;
	}
	return w;
}

double fontset_width(const struct fontset *fs, int font, double size, const char *s, size_t len)
{
	if (!fs->pdf || len == 0) /* coverage-only tests: a rough advance */
		return (double)len * size * 0.5;
	const int16_t *widths = font < N_FACES ? fs->st->face_widths[font] : NULL;
	if (widths) /* what HPDF_Font_TextWidth adds up, without a libharu font */
		return fontset_units_width(face_text_units(widths, s, len), size);
	/* libharu refuses a text longer than 65535 bytes (HPDF_STRING_OUT_OF_RANGE) and then
	 * fails every later call: measure a long word in pieces cut between characters */
	double w = 0;
	while (len > 0) {
		size_t n = len;
		if (n > 60000) {
			n = 60000;
			while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
				n--;
		}
		HPDF_TextWidth tw = HPDF_Font_TextWidth(fs->font[font], (const HPDF_BYTE *)s,
							(HPDF_UINT)n);
		w += tw.width;
		s += n;
		len -= n;
	}
	return w * size / 1000.0;
}
