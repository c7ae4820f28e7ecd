/* pdf_int.h — what the files of gen/pdf share. Not part of the backend's interface (pdf.h).
 *
 * The stages, one file each:
 *   style.c   templates/page-style.yaml -> struct pdf_style (sizes in pt)
 *   font.c    fontconfig: the four faces, coverage, fallback and synthesised characters
 *   line.c    inline text -> words (runs of one font) -> broken, justified lines
 *   layout.c  the cmark tree -> boxes (lines, rows, blocks), then boxes -> pages
 *   blocks.c  the official blocks: header, closing block, appendix titles (docs/bao-cao-format.md)
 *   table.c   GFM tables: column widths, wrapped cells, group rows, landscape
 *   chart.c   {{chart id}} as vector graphics
 *   render.c  pdf_write_report: the libharu document, drawing, outlines, info, determinism
 *
 * Units are PostScript points. A box's y grows downwards from its top; render.c turns that into
 * PDF coordinates. Nothing here is global: everything per report hangs off struct pdf_ctx. */
#ifndef BAOCAO_PDF_INT_H
#define BAOCAO_PDF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fontconfig/fontconfig.h>
#include <hpdf.h>

#include "../diag.h"
#include "../model.h"
#include "../util.h"
#include "pdf.h"

#define MM(x) ((x) * 72.0 / 25.4)

/* libdeflate's level for the streams baocao deflates itself, a document's pages and font
 * programs (content.c, embed.c); libharu deflates the rest (a fallback font's objects) with
 * zlib's default level */
#define PDF_ZIP_LEVEL 1

/* Face styles are bit sets, so that nested emphasis combines: bold | italic. */
enum { ST_BOLD = 1, ST_ITALIC = 2, N_FACES = 4 };

/* Bytes written into a PDF stream as they are, already deflated (a zlib stream). */
struct embed_stream {
	unsigned char *z;
	size_t z_len;
};

struct pdf_style {
	char *path; /* of the style file, for messages */
	struct textpos families_pos; /* fonts.families' value in it; {0, 0} if not written */

	double page_w, page_h; /* portrait */
	double m_top, m_bottom, m_left, m_right;
	double pn_size; /* page numbers */

	double body_size, line_height; /* line_height: a factor of the size */
	double para_space;             /* between paragraphs */
	double indent;                 /* first line */
	double heading_space;          /* extra space before a heading */
	double fn_size, fn_line_height, fn_rule;
	double table_size, table_line_height, cell_pad_x, cell_pad_y, border;

	double issuer_size, national_size, motto_size, date_size, title_size;
	double header_left, header_right_min; /* left column as a fraction of the text width */
	double closing_left;                  /* the Nơi nhận column, a fraction */
	double recipients_label_size, recipients_size, signer_size, signature_space;

	double chart_height;
	bool pdfa;

	char *t_national, *t_motto, *t_doctype, *t_draft, *t_to, *t_recipients, *t_appendix_ref;

	char **families; /* preferred first */
	size_t n_families;
	char **fallback_exclude; /* families never used as fallback (DejaVu: composite glyphs) */
	size_t n_fallback_exclude;

	/* found by font.c */
	char *face_path[N_FACES];
	char *face_family;
	FcCharSet *face_charset[N_FACES];
	/* The page-style file's text, the faces' files (path, size, time) and every font
	 * fontconfig knows (the fallbacks): what all the PDFs depend on besides the content. */
	struct digest digest;

	/* read by font.c once per build (pdf_style_load_fonts), then shared read-only by every
	 * document; NULL until then, and fontset_init reads the files itself */
	unsigned char *face_data[N_FACES]; /* the file */
	size_t face_len[N_FACES];
	uint16_t *face_gids[N_FACES]; /* the glyph of each BMP code point; NULL: not worked out */
	int16_t *face_widths[N_FACES]; /* its advance in thousandths of an em (libharu's /W) */
	uint8_t *face_cover[N_FACES];  /* a bit per BMP code point in face_charset */
	/* each face's PDF objects, made once per build by embed.c; NULL: libharu makes them */
	struct face_embed *face_embed[N_FACES];
	/* PDF/A (pdfa.c): the sRGB profile of the output intent, deflated; NULL unless pdfa */
	struct embed_stream *icc;
};

/* style.c: parses a page style from memory (path is for messages). */
int style_parse(struct pdf_style *s, const char *text, size_t len, const char *path,
		struct diags *d);
void style_defaults(struct pdf_style *s);

/* font.c: finds the faces through fontconfig (and adds them to s->digest). */
int font_find_faces(struct pdf_style *s, struct diags *d);
/* A code point the faces lack that can be drawn as a smaller, raised or lowered base
 * character (superscript ⁽¹⁾, subscripts). Returns the base or 0; *rise is in ems. */
int32_t font_synth(int32_t cp, double *scale, double *rise);
/* A face's font definition in document pdf, from the bytes read by pdf_style_load_fonts. */
HPDF_FontDef font_load_face(HPDF_Doc pdf, const struct pdf_style *st, int face);
/* A libharu stream that reads len bytes at data: not copied, so they must outlive it, or
 * owned (malloc'ed), freed with it (also when this fails). */
HPDF_Stream pdf_bytes_reader(HPDF_MMgr mmgr, const unsigned char *data, size_t len, bool owned);

/* ---- embed.c: the faces' PDF objects, made once per build ---- */

struct libdeflate_compressor;
/* in as a zlib stream (what /FlateDecode reads), malloc'ed; NULL if it fails. */
unsigned char *pdf_deflate(struct libdeflate_compressor *zip, const void *in, size_t len,
			   size_t *out_len);
/* in, deflated at libdeflate's level 9 (about zlib's 6) into out: for what a build makes
 * once for all its documents. false if it fails. */
bool pdf_deflate_shared(const unsigned char *in, size_t len, struct embed_stream *out);
/* An indirect stream object over deflated bytes z: shared by the build, or owned
 * (malloc'ed, freed with the document, also when this fails). NULL if libharu fails. */
HPDF_Dict pdf_deflated_stream(HPDF_Doc pdf, const unsigned char *z, size_t len, bool owned);
/* A stream dictionary's write_fn for bytes already deflated: libharu writes /Filter only
 * for what it compresses itself. */
HPDF_STATUS pdf_write_flate_filter(HPDF_Dict dict, HPDF_Stream out);

/* Builds face's shared objects from def, a font definition of a scratch document whose
 * glyph table is s->face_gids[face] (pdf_style_load_fonts, one thread a face). */
void embed_face_build(struct pdf_style *s, int face, HPDF_FontDef def);
/* The ToUnicode CMap of fonts whose codes are the Unicode code points (BMP, two bytes,
 * Identity-H), for the code points drawn (a bit each): the identity, as bfranges of runs. */
void embed_to_unicode_text(struct buf *b, const uint8_t *drawn);
void embed_face_free(struct pdf_style *s);

#define MAX_FONTS 16
/* The fonts of one document: the four faces, then fallbacks found as needed. */
struct fontset {
	const struct pdf_style *st;
	HPDF_Doc pdf; /* NULL in tests that only check coverage */
	/* the libharu fonts; a face read once per build (pdf_style_load_fonts) is measured from
	 * its width table and enters the document only when something is drawn in it
	 * (fontset_font): a face a report never uses costs nothing */
	HPDF_Font font[MAX_FONTS];
	/* made by embed.c (no libharu font attr), not HPDF_GetFont; then its CIDFontType2 */
	bool by_embed[MAX_FONTS];
	HPDF_Dict cid[MAX_FONTS];
	HPDF_Dict to_unicode; /* the ToUnicode CMap of every font (fontset_to_unicode) */
	struct libdeflate_compressor *zip; /* the document's streams (PDF_ZIP_LEVEL) */
	FcCharSet *cs[MAX_FONTS];
	bool owned[MAX_FONTS];
	int n;
	uint8_t *drawn[MAX_FONTS]; /* a bit per BMP code point drawn in the font (content.c) */
};
int fontset_init(struct fontset *fs, const struct pdf_style *st, HPDF_Doc pdf, struct diags *d);
void fontset_free(struct fontset *fs);
/* The font (index) that draws cp in face `face`, a fallback, or -1. */
int fontset_font_for(struct fontset *fs, int face, int32_t cp);
/* The same, inline for a character of the face itself (most of them). */
static inline int fontset_font_of(struct fontset *fs, int face, int32_t cp)
{
	const uint8_t *cover = fs->st->face_cover[face];
	if (cover && cp >= 0 && cp <= 0xFFFF && ((cover[cp >> 3] >> (cp & 7)) & 1))
		return face;
	return fontset_font_for(fs, face, cp);
}
/* The document's ToUnicode CMap, which every font shares (their codes are all the code
 * points): made on first use, its bytes written by fontset_finish, when the characters
 * drawn are known. NULL if libharu fails. */
HPDF_Dict fontset_to_unicode(struct fontset *fs);
/* The libharu font of font index i, loaded into the document on first use; NULL if libharu
 * fails (its error handler has been called). */
HPDF_Font fontset_font(struct fontset *fs, int i);
/* Font i's drawn bits (a bit per BMP code point), allocated on first use. */
uint8_t *fontset_drawn_bits(struct fontset *fs, int i);
/* Marks cp as drawn in font i. */
void fontset_mark_drawn(struct fontset *fs, int i, uint32_t cp);
/* The first code point from cp on whose bit is set in drawn (8,192 bytes), or 0x10000. */
uint32_t fontset_next_drawn(const uint8_t *drawn, uint32_t cp);
/* Completes the fonts drawn in before the document is saved: each gets the widths of the
 * characters drawn in it only (libharu's /W has one for every code point the face maps,
 * ~2,500 numbers, ~12 KB a face of every PDF), and the faces made by embed.c their font
 * program and names. -1 if libharu or hb-subset fails. */
int fontset_finish(struct fontset *fs);
/* The /W array of the code points drawn (a bit each), with widths from the table, else
 * from libharu's def; NULL if libharu fails. */
HPDF_Array fontset_widths_array(HPDF_MMgr mmgr, const uint8_t *drawn, const int16_t *widths,
				HPDF_FontDef def, int dw);
/* embed.c: a CIDSet stream (PDF/A-1: which CIDs a subset font program has) for CID 0 and
 * the code points drawn, the CIDs of every font here; NULL if libharu fails. */
HPDF_Dict pdf_cid_set(struct fontset *fs, const uint8_t *drawn);
/* embed.c: the document's font of a face, from the build's shared objects; NULL if libharu
 * fails. */
HPDF_Font embed_font_new(struct fontset *fs, int face);
/* embed.c: the font program, names and widths of a face drawn in; -1 if libharu or
 * hb-subset fails. */
int embed_font_finish(struct fontset *fs, int face);
/* The advance of UTF-8 text in a face's width table, in thousandths of the size. */
long face_text_units(const int16_t *widths, const char *s, size_t len);
/* Width in points of UTF-8 text in one font. */
double fontset_width(const struct fontset *fs, int font, double size, const char *s, size_t len);
/* Width in points of a sum of a width table's entries (thousandths of an em): what
 * fontset_width gives for the characters summed, so a width added up elsewhere is equal. */
static inline double fontset_units_width(long units, double size)
{
	return (double)units * size / 1000.0;
}

/* ---- pdfa.c: what the document says about itself; PDF/A-1b ---- */

#define PDF_LANG "vi-VN" /* the text's language (the catalogue's /Lang, the XMP's) */

/* What the Info dictionary and the XMP metadata say, the same in both. */
struct pdf_meta {
	const char *title, *author, *subject; /* may be NULL or empty: left out */
	const char *creator, *producer;
	struct date date; /* the report's; a draft's day 0 */
};
/* Reads the sRGB profile of the output intent (when s->pdfa) into s->icc and s->digest;
 * -1 after an error in d. */
int pdfa_load_profile(struct pdf_style *s, struct diags *d);
void pdfa_free(struct pdf_style *s);
/* The Info dictionary, dated by the report, the catalogue's /Lang and /ViewerPreferences,
 * the header's version, and with s->pdfa the XMP metadata and the output intent; -1 if
 * libharu fails. */
int pdf_write_meta(HPDF_Doc pdf, const struct pdf_style *st, const struct pdf_meta *m);
/* A PDF text string: UTF-16BE with its byte-order mark. */
HPDF_Binary pdf_text_string(HPDF_Doc pdf, const char *s);

/* ---- line.c: inline text ---- */

/* A run of text in one font, size and baseline shift: the unit that is measured and drawn. */
struct frag {
	/* the text (frag_str): short ones in the frag itself, like an op's */
	char *heap; /* owned, text_cap(len + 1) bytes; NULL: the text is in inl */
	char inl[16];
	size_t len;
	long units; /* its width from the face's table, in thousandths of the size; -1: measure it */
	int font;
	double size, rise, w; /* rise > 0 raises */
	double dx;            /* offset of the frag in its word */
	char *link;           /* URL, may be NULL (owned) */
	bool strike;
};

static inline const char *frag_str(const struct frag *f)
{
	return f->heap ? f->heap : f->inl;
}

/* Words are separated by spaces; the line breaker sees only their widths. */
struct word {
	/* the frags (word_frags): one, as most words have, in the word itself */
	struct frag *frags; /* owned, when there are more than one; else NULL */
	struct frag one;
	size_t n_frags;
	double w;
	double space;  /* the width of the space after it; 0: glued to the next (no gap) */
	bool brk;      /* a hard line break after it */
	bool keep;     /* no line break after it (a number follows: "tháng 01/2025") */
	int *fns;      /* footnote numbers referenced in the word */
	size_t n_fns;
};
static inline struct frag *word_frags(struct word *w)
{
	return w->frags ? w->frags : &w->one;
}
static inline const struct frag *word_cfrags(const struct word *w)
{
	return w->frags ? w->frags : &w->one;
}


/* The link of a footnote mark: PDF_NOTE_LINK and the note's number. render.c links it to the
 * note; no URL starts so (a Markdown link's destination holds no line break). */
#define PDF_NOTE_LINK "\nnote "

/* A location in report.md, for errors. */
struct srcpos {
	int line, col;
};

/* Inline content being collected: text pieces with their face, then words. */
struct piece {
	char *text;
	size_t len;
	int face;
	double size_scale, rise; /* superscripts: 0.65, 0.33 em */
	int fn;                  /* > 0: a footnote reference (text is its number) */
	bool brk;                /* a hard line break */
	bool strike;
	char *link;
	struct srcpos pos;
};

struct itext {
	struct piece *v;
	size_t n, cap;
};

void itext_add(struct itext *it, const char *s, size_t len, int face, struct srcpos pos);
void itext_add_ex(struct itext *it, const struct piece *p);
void itext_free(struct itext *it);

struct wordlist {
	struct word *v;
	size_t n, cap;
	size_t owning; /* words that own memory (wordlist_free looks at each only if any do) */
};
/* Turns pieces into measured words in `size`. Characters nothing can draw are errors in d
 * (located by the piece's position, in md_path); returns -1 then. */
int itext_words(const struct itext *it, struct fontset *fs, double size, const char *md_path,
		struct diags *d, struct wordlist *out);
/* Frees what the list holds beyond its words (a list grows 32 words at a time: a table's
 * cells, read all at once, each held 4.8 KB for a word or two). */
void wordlist_fit(struct wordlist *wl);
void wordlist_free(struct wordlist *wl);
/* Splits words wider than `width` after hyphens or slashes, else between characters. */
void words_split_wide(struct wordlist *wl, struct fontset *fs, double width);

struct line {
	size_t first, n; /* words */
	double w;        /* natural width, single spaces */
	bool last;       /* the paragraph's last line (or before a hard break): not justified */
};
/* Greedy first-fit breaking like Word's: the first line is `first_width` wide, the others
 * `width`. Returns the number of lines (*lines malloc'd). */
size_t break_lines(const struct word *w, size_t n, double first_width, double width,
		   struct line **lines);
/* Titles and headings: marks the words a number follows ("tháng 01/2025", "số 290", "Đề án
 * 06") to stay with it (word.keep), which break_lines honours. */
void words_keep_numbers(struct wordlist *wl);
/* Centred titles: the fewest lines break_lines can make, as even in length as they can be,
 * broken where a typist would (after a comma, before "và", "về", "của" …), never between
 * a word and the number after it. Returns the number of lines (*lines malloc'd). */
size_t break_balanced(const struct word *w, size_t n, double first_width, double width,
		      struct line **lines);
/* How many lines break_lines makes of the words at one width (nothing allocated); *until
 * (if not NULL): the least width at which the lines may differ (at every width from `width`
 * up to it the words break the same: INFINITY if they never would). */
size_t count_lines(const struct word *w, size_t n, double width, double *until);
enum align { AL_JUSTIFY, AL_LEFT, AL_CENTER, AL_RIGHT };
/* The x of each word of a line (xs[0..line->n)), for a line `avail` wide. */
void place_words(const struct word *w, const struct line *ln, double avail, enum align al,
		 double *xs);

/* ---- layout.c: boxes and pages ---- */

enum op_kind { OP_TEXT, OP_LINE, OP_RECT, OP_CIRCLE, OP_IMAGE };
struct op {
	enum op_kind kind;
	double x, y;   /* text: baseline start; line: from; rect: top-left */
	double x2, y2; /* line: to; rect: width, height */
	double lw;
	int font;
	double size;
	/* the text (op_str): short ones, most words, in the op itself, as half a million
	 * small allocations were a tenth of a build's time */
	char *heap; /* owned; NULL: the text is in inl */
	char inl[16];
	size_t len;
	char *link; /* owned, may be NULL */
	float rgb[3]; /* black unless set */
	bool fill;    /* rect, circle: filled */
	const struct image *img; /* OP_IMAGE: at (x, y) top-left, x2 × y2 (the model's) */
};
static inline const char *op_str(const struct op *o)
{
	return o->heap ? o->heap : o->inl;
}

enum box_kind {
	BOX_LINE,    /* a line of text */
	BOX_ROW,     /* a table row */
	BOX_BLOCK,   /* an unbreakable block: header, closing, chart, appendix title */
	BOX_NEWPAGE, /* starts a page: orientation and numbering in the fields below */
};

struct box {
	enum box_kind kind;
	double h;           /* height */
	double before;      /* space above; dropped at the top of a page */
	bool keep_next;     /* never the last box on a page */
	struct op *ops;
	size_t n_ops, cap_ops;
	size_t owning_ops; /* ops that own memory (heap text, link) */
	int *fns; /* footnotes referenced */
	size_t n_fns;
	long header; /* a table row: the index of its table's header box to repeat, or -1 */
	/* a slice of a table row that goes on below it (table.c): the width of the rule that
	 * closes the row where a page ends after it; 0 otherwise */
	double split_rule;
	/* a slice of a table row (table.c): the index of the row's first slice, -1 otherwise.
	 * The row's vertical rules are drawn by render.c down each run of its slices on a page
	 * (not by every slice: rules for each line made the benchmark's PDFs a few per cent
	 * larger), at the x of `rules` (n_rules), which the first slice holds. */
	long row;
	double *rules;
	size_t n_rules;
	/* BOX_NEWPAGE */
	bool landscape;
	bool restart_numbers; /* an appendix: numbering starts again, its first page unnumbered */
	/* outline */
	int level; /* > 0: a heading's first line */
	char *title;
	int line; /* the line of report.md it comes from (0: none), for errors about it */
};

struct boxlist {
	struct box *v;
	size_t n, cap;
	int line; /* of the block being laid out: box_new gives it to its boxes */
};

struct box *box_new(struct boxlist *bl, enum box_kind kind);
void op_text(struct box *b, double x, double y, int font, double size, const char *s,
	     size_t len, const char *link);
struct op *op_line(struct box *b, double x1, double y1, double x2, double y2, double lw);
struct op *op_rect(struct box *b, double x, double y, double w, double h, double lw);
/* circle at (x, y) of radius r; the op is returned to set its colour */
struct op *op_circle(struct box *b, double x, double y, double r);
/* What a box owns (its ops' texts and links, its footnote numbers, its title); not b. */
void box_free(struct box *b);
void boxlist_free(struct boxlist *bl);

/* Lays out a paragraph's words as line boxes: first line indented by `first_x`, others at
 * `left_x`, justified up to `right_x`. Marks widows/orphans keep-with-next. */
void emit_lines(struct boxlist *bl, struct wordlist *wl, struct fontset *fs, double size,
		double lh, double first_x, double left_x, double right_x, enum align al,
		double before);
/* Draws one line's words into box b at baseline y. */
void draw_words(struct box *b, const struct word *w, const struct line *ln, const double *xs,
		double x0, double y);

/* ---- content.c: a page's content stream ---- */

struct content {
	HPDF_Page page;
	struct fontset *fs;
	struct buf b;
	float fill[3], stroke[3]; /* the page's current colours and line width */
	double lw;
	bool in_text, in_run; /* inside BT … ET; inside a TJ array */
	int font;
	uint8_t *drawn; /* the font's bits of the characters drawn (fontset_drawn_bits) */
	double size;
	double lx, ly; /* the text line's origin (what Td moves) */
	double pen, py; /* where the open TJ's next glyph goes, and its baseline */
	/* the document's images, loaded once each (image.c) */
	const struct image **img_keys;
	HPDF_Image *img_objs;
	size_t n_imgs;
};
/* Starts a page (content.b must have been buf_init'ed). */
void content_begin_page(struct content *c, HPDF_Page page, struct fontset *fs);
/* Draws a box whose top-left is (ox, top) in PDF coordinates. */
void content_box(struct content *c, const struct box *b, double ox, double top);
void content_line(struct content *c, double x1, double y1, double x2, double y2, double lw,
		  const float color[3]);
/* Hands the page's operators to libharu, deflated, and adds what it wrote to h (the
 * document's /ID: the same pages, the same bytes); -1 if it fails. */
int content_end_page(struct content *c, struct digest *h);
void content_free(struct content *c);
/* v with at most `decimals` (0–3) decimals, no trailing zeros, into out (>= 24 bytes). */
size_t content_num(char *out, double v, int decimals);

/* A placed box. */
struct placed {
	size_t box;
	size_t page;
	double y; /* top, from the top of the text area */
};
struct page {
	bool landscape;
	int number; /* 0: not printed */
	double fn_y; /* top of the footnote area */
	size_t first_fn_line, n_fn_lines; /* into pag->fn_lines */
};

/* Footnotes, laid out at the text width as line boxes. */
struct footnote {
	struct boxlist lines;
};

struct pagination {
	struct placed *placed;
	size_t n_placed;
	struct page *pages;
	size_t n_pages;
	struct box **fn_lines; /* footnote line boxes per page, in page order */
	size_t n_fn_lines;
};

/* Decides where every box goes. `usable(landscape)` is the height of the text area. */
int paginate(const struct boxlist *bl, struct footnote *fns, size_t n_fns, double text_h_port,
	     double text_h_land, double fn_gap, struct pagination *out);
void pagination_free(struct pagination *p);

/* The per-report context. */
struct pdf_ctx {
	const struct pdf_style *st;
	const struct site *site;
	const struct report *rep;
	struct fontset fs;
	struct diags *d;
	double text_w, text_w_land; /* text widths, portrait and landscape */
	double text_h, text_h_land;
	struct boxlist boxes;
	struct footnote *fns;
	size_t n_fns;
	char **fn_labels; /* the references' literals, in numbering order */
	size_t n_fn_labels;
	cmark_node **fn_defs; /* definitions, in document order */
	size_t n_fn_defs;
	char *link_base; /* where the PDF is published, for relative links (base_url/month/) */
	bool landscape; /* of the section being laid out */
	int errors;
	bool in_note;   /* laying out a footnote (layout.c) */
	int note_mark;  /* > 0: the footnote number the next paragraph starts with */
	void *tables; /* table.c's tables read ahead (struct tbl_memo) */
	size_t n_tables;
};

int layout_report(struct pdf_ctx *c);
/* Inline content of a node into it (emphasis, links, footnote refs, code, breaks). */
void collect_inlines(struct pdf_ctx *c, cmark_node *node, int face, struct itext *it);
struct srcpos node_pos(cmark_node *n);
/* A paragraph of inline text as lines (all the knobs of emit_lines). */
int layout_text(struct pdf_ctx *c, struct itext *it, double size, double lh, double first_x,
		double left_x, double right_x, enum align al, double before, int level,
		const char *title);

/* blocks.c */
int block_header(struct pdf_ctx *c);
int block_closing(struct pdf_ctx *c);
int block_appendix_title(struct pdf_ctx *c, cmark_node *heading);
char *text_upper(const char *s);
/* Centred single-line text (shaped, possibly several fonts) into box b; returns its width. */
double put_text(struct pdf_ctx *c, struct box *b, const char *s, int face, double size,
		double x, double y, enum align al, double width);
double text_width(struct pdf_ctx *c, const char *s, int face, double size);

/* table.c */
bool table_is_wide(struct pdf_ctx *c, cmark_node *table);
void table_memo_free(struct pdf_ctx *c);
int layout_table(struct pdf_ctx *c, cmark_node *table);

/* image.c: an image into document pdf, through libharu's loaders (a PNG with transparency
 * or 16-bit samples decoded by libpng onto white first); NULL if libharu fails. */
HPDF_Image pdf_image_load(HPDF_Doc pdf, const struct image *im);
/* layout.c: an image alone in its paragraph as a block: at most the text's width and 0.7 of
 * the page's height, centred, its alt text an italic caption. */
int layout_image(struct pdf_ctx *c, cmark_node *image);

/* chart.c */
int layout_chart(struct pdf_ctx *c, cmark_node *node);

#endif
