/* content.c — a page's content stream, written as PDF operators into a buffer, deflated
 * (libdeflate) and handed to libharu as the page's stream.
 *
 * libharu 2.3.0 can draw text only with Tj, one call per placed word: for a CID font each
 * call clears a 512-byte buffer, formats a Td of two 5-decimal numbers, measures the word
 * again and writes it as 4 hex digits a character. Justified text must place every word
 * itself (Tw does nothing for two-byte codes), so a report's pages were ~1 MB of Td/Tj that
 * zlib then spent a third of the build compressing. Here each run of words on one baseline
 * in one font and size is one TJ holding one literal string, the words with the face's
 * spaces between them, and a number in the array where a gap is not a plain space (a
 * justified line's). Every font's codes are Identity-H's: the code point in two bytes (the
 * faces' made by embed.c, the fallbacks' by libharu's UTF-8 encoder). Word spacing (Tw) would
 * spare the numbers, but it applies to the one-byte code 32 only, and a one-byte ASCII
 * encoding of the build's was misread by MuPDF (embed.c). Colours and line widths are written
 * only when they change, and one text object spans every line until a path has to be drawn.
 *
 * The glyph widths are the /W array's integers (the face's table, or libharu's def for a
 * fallback font, which also marks the glyph for libharu's subset): what a viewer advances
 * by, and what the layout measured. Positions are rounded to 1/100 pt, the TJ numbers to
 * the thousandth of the size, and the pen is followed with the rounded numbers, so rounding
 * never accumulates along a line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_fontdef.h>
#include <hpdf_font.h>
#include <hpdf_pages.h>

#include "../digest.h"
#include "../text.h"
#include "../util.h"
#include "pdf_int.h"

/* Room for n more bytes; the buffer's own cap is far above any page. */
static char *room(struct content *c, size_t n)
{
	struct buf *b = &c->b;
	if (b->len + n + 1 > b->alloc) {
		size_t want = b->alloc ? b->alloc : 4096;
		while (b->len + n + 1 > want)
			want *= 2;
		b->s = xrealloc(b->s, want);
		b->alloc = want;
	}
	return b->s + b->len;
}

static void put(struct content *c, const char *s, size_t n)
{
	memcpy(room(c, n), s, n);
	c->b.len += n;
	c->b.s[c->b.len] = 0;
}

static void puts_(struct content *c, const char *s)
{
	put(c, s, strlen(s));
}

/* llround (halves away from zero), inline: it was a libm call for every number of every
 * page. x - (long long)x is exact, so this is llround's result for |x| < 2^53. */
static long long round_half_away(double x)
{
	long long i = (long long)x;
	double f = x - (double)i;
	if (f >= 0.5)
		i++;
	else if (f <= -0.5)
		i--;
	return i;
}

size_t content_num(char *out, double v, int decimals)
{
	static const long long scale[] = {1, 10, 100, 1000};
	long long n = round_half_away(v * (double)scale[decimals]);
	size_t len = 0;
	if (n < 0) {
		out[len++] = '-';
		n = -n;
	}
	if (n == 0) {
		out[0] = '0';
		return 1;
	}
	long long ip = n / scale[decimals], fp = n % scale[decimals];
	char tmp[24];
	size_t k = 0;
	do {
		tmp[k++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	while (k)
		out[len++] = tmp[--k];
	if (fp) {
		int d = decimals;
		while (fp % 10 == 0) {
			fp /= 10;
			d--;
		}
		out[len++] = '.';
		for (int i = d - 1; i >= 0; i--) {
			out[len + (size_t)i] = (char)('0' + fp % 10);
			fp /= 10;
		}
		len += (size_t)d;
	}
	return len;
}

static void num(struct content *c, double v, int decimals)
{
	char *p = room(c, 32);
	size_t n = content_num(p, v, decimals);
	p[n] = ' ';
	c->b.len += n + 1;
	c->b.s[c->b.len] = 0;
}

static double rounded(double v, int decimals)
{
	static const double scale[] = {1, 10, 100, 1000};
	return (double)round_half_away(v * scale[decimals]) / scale[decimals];
}

/* ---- graphics state ---- */

static bool same_rgb(const float a[3], const float b[3])
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
}

static void rgb(struct content *c, const float v[3], const char *op)
{
	for (int i = 0; i < 3; i++)
		num(c, v[i], 3);
	puts_(c, op);
}

/* Ends the open TJ: its array always ends in an open string. */
static void end_run(struct content *c)
{
	if (c->in_run)
		puts_(c, ")]TJ\n");
	c->in_run = false;
}

static void end_text(struct content *c)
{
	if (c->in_text) {
		end_run(c);
		puts_(c, "ET\n");
	}
	c->in_text = c->in_run = false;
}

static inline void set_fill(struct content *c, const float v[3])
{
	if (!same_rgb(c->fill, v)) {
		end_run(c);
		rgb(c, v, "rg\n");
		memcpy(c->fill, v, sizeof c->fill);
	}
}

static void set_stroke(struct content *c, const float v[3], double lw)
{
	if (!same_rgb(c->stroke, v)) {
		rgb(c, v, "RG\n");
		memcpy(c->stroke, v, sizeof c->stroke);
	}
	lw = rounded(lw > 0 ? lw : 0.5, 2);
	if (lw != c->lw) {
		num(c, lw, 2);
		puts_(c, "w\n");
		c->lw = lw;
	}
}

void content_begin_page(struct content *c, HPDF_Page page, struct fontset *fs)
{
	c->page = page;
	c->fs = fs;
	c->b.len = 0;
	/* a page starts with PDF's initial state: black, 1 pt lines, no text object */
	static const float black[3] = {0, 0, 0};
	memcpy(c->fill, black, sizeof c->fill);
	memcpy(c->stroke, black, sizeof c->stroke);
	c->lw = 1;
	c->in_text = c->in_run = false;
}

void content_line(struct content *c, double x1, double y1, double x2, double y2, double lw,
		  const float color[3])
{
	end_text(c);
	set_stroke(c, color, lw);
	num(c, x1, 2), num(c, y1, 2), puts_(c, "m ");
	num(c, x2, 2), num(c, y2, 2), puts_(c, "l S\n");
}

/* A circle as four Bézier quarter arcs (the usual 0.5523 control distance). */
static void circle(struct content *c, double x, double y, double r)
{
	double k = r * 0.5523;
	num(c, x + r, 2), num(c, y, 2), puts_(c, "m\n");
	num(c, x + r, 2), num(c, y + k, 2), num(c, x + k, 2), num(c, y + r, 2);
	num(c, x, 2), num(c, y + r, 2), puts_(c, "c\n");
	num(c, x - k, 2), num(c, y + r, 2), num(c, x - r, 2), num(c, y + k, 2);
	num(c, x - r, 2), num(c, y, 2), puts_(c, "c\n");
	num(c, x - r, 2), num(c, y - k, 2), num(c, x - k, 2), num(c, y - r, 2);
	num(c, x, 2), num(c, y - r, 2), puts_(c, "c\n");
	num(c, x + k, 2), num(c, y - r, 2), num(c, x + r, 2), num(c, y - k, 2);
	num(c, x + r, 2), num(c, y, 2), puts_(c, "c f\n");
}

/* ---- text ---- */

/* A code byte as it goes into a literal string: 0 as it is, else the letter after the
 * backslash. A literal string may hold any byte but these (and a bare CR or LF would be
 * read as an end of line). */
static const char escape[256] = {['('] = '(', [')'] = ')', ['\\'] = '\\', ['\r'] = 'r',
				 ['\n'] = 'n'};

static char *put_code_byte(char *p, unsigned char ch)
{
	if (escape[ch])
		*p++ = '\\', ch = (unsigned char)escape[ch];
	*p++ = (char)ch;
	return p;
}

/* One op's text into the open string, in the font's codes (the code point in two bytes),
 * escaped; returns its advance in thousandths of the size. A face embed.c makes takes its
 * widths from the face's table; a fallback font, libharu's, from its def, which also marks
 * the glyph for its subset. */
static long text_codes(struct content *c, const int16_t *widths, HPDF_FontDef def,
		       const char *s, size_t len)
{
	long adv = 0;
	char *p = room(c, len * 4), *start = p;
	uint8_t *drawn = c->drawn;
	for (size_t off = 0; off < len;) {
		int32_t cp = (unsigned char)s[off];
		int n = 1;
		if (cp >= 0x80)
			n = text_decode(s + off, len - off, &cp);
		if (n <= 0 || cp > 0xFFFF) { /* cannot happen: text is valid, fonts are BMP */
			n = n <= 0 ? 1 : n;
			cp = 0xFFFD;
		}
		off += (size_t)n;
		drawn[cp >> 3] |= (uint8_t)(1u << (cp & 7));
		adv += widths ? widths[cp] : HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)cp);
		p = put_code_byte(p, (unsigned char)(cp >> 8));
		p = put_code_byte(p, (unsigned char)cp);
	}
	c->b.len += (size_t)(p - start);
	c->b.s[c->b.len] = 0;
	return adv;
}

/* A face's space in thousandths of the size, 0 if it has none (or the font is a fallback
 * one, widths NULL): the gaps are then TJ numbers only. */
static int face_space(const struct content *c, int font, const int16_t *widths)
{
	return widths && c->fs->st->face_gids[font][' '] ? widths[' '] : 0;
}

/* An op's text at (x, y): y rounded as Td writes it, x as laid out (a line's first word is
 * placed by Td to 1/100 pt, the others by the gaps from it, to the thousandth of the size). */
static void text_op(struct content *c, const struct op *o, double x, double y)
{
	static const float black[3] = {0, 0, 0};
	if (!c->in_text) {
		puts_(c, "BT\n");
		c->in_text = true;
		c->in_run = false;
		c->font = -1;
		c->lx = c->ly = 0;
	}
	set_fill(c, black);
	if (o->font != c->font || o->size != c->size) {
		end_run(c);
		HPDF_Font font = fontset_font(c->fs, o->font);
		const char *name = font ? HPDF_Page_GetLocalFontName(c->page, font) : NULL;
		c->drawn = fontset_drawn_bits(c->fs, o->font);
		put(c, "/", 1);
		puts_(c, name ? name : "F0");
		put(c, " ", 1);
		num(c, o->size, 3);
		puts_(c, "Tf\n");
		c->font = o->font;
		c->size = o->size;
	}
	HPDF_Font font = fontset_font(c->fs, o->font);
	if (!font) /* libharu is in error: the document is not written */
		return;
	bool embed = c->fs->by_embed[o->font];
	const int16_t *widths = embed ? c->fs->st->face_widths[o->font] : NULL;
	if (c->in_run && y == c->py) {
		/* The gap from where the last word ended, in thousandths of the size: a space
		 * (the face's own, so that the text reads with its spaces) when it is one at
		 * least half wide, then what is left as a TJ number, to the thousandth (0.014 pt
		 * at 14 pt). The pen follows the numbers written: no error adds up along a
		 * line. */
		double adj = (x - c->pen) * 1000 / o->size;
		int space = face_space(c, o->font, widths);
		if (space > 0 && adj >= space / 2.0) {
			c->drawn[' ' >> 3] |= 1u << (' ' & 7);
			put(c, "\0 ", 2);
			adj -= space;
			c->pen += (double)space * o->size / 1000;
		}
		long long r = round_half_away(adj);
		if (r != 0) {
			char *p = room(c, 32);
			p[0] = ')';
			size_t n = 1 + content_num(p + 1, (double)-r, 0);
			p[n++] = '(';
			c->b.len += n;
			c->b.s[c->b.len] = 0;
			c->pen += (double)r * o->size / 1000;
		}
	} else {
		end_run(c);
		double dx = rounded(rounded(x, 2) - c->lx, 2), dy = rounded(y - c->ly, 2);
		num(c, dx, 2), num(c, dy, 2), puts_(c, "Td[(");
		c->lx += dx;
		c->ly += dy;
		c->pen = c->lx;
		c->py = y;
		c->in_run = true;
	}
	long adv;
	if (embed)
		adv = text_codes(c, widths, NULL, op_str(o), o->len);
	else
		adv = text_codes(c, NULL, ((HPDF_FontAttr)font->attr)->fontdef, op_str(o),
				 o->len);
	c->pen += (double)adv * o->size / 1000;
}

void content_box(struct content *c, const struct box *b, double ox, double top)
{
	/* graphics first (outside any text object), then the text */
	for (size_t i = 0; i < b->n_ops; i++) {
		const struct op *o = &b->ops[i];
		if (o->kind == OP_TEXT)
			continue;
		if (o->kind == OP_LINE) {
			content_line(c, ox + o->x, top - o->y, ox + o->x2, top - o->y2, o->lw, o->rgb);
		} else if (o->kind == OP_RECT) {
			end_text(c);
			if (o->fill)
				set_fill(c, o->rgb);
			else
				set_stroke(c, o->rgb, o->lw);
			num(c, ox + o->x, 2), num(c, top - o->y - o->y2, 2);
			num(c, o->x2, 2), num(c, o->y2, 2);
			puts_(c, o->fill ? "re f\n" : "re S\n");
		} else if (o->kind == OP_CIRCLE) {
			end_text(c);
			set_fill(c, o->rgb);
			circle(c, ox + o->x, top - o->y, o->x2);
		} else if (o->kind == OP_IMAGE) {
			end_text(c);
			size_t k = 0;
			while (k < c->n_imgs && c->img_keys[k] != o->img)
				k++;
			if (k == c->n_imgs) { /* loaded into the document once */
				c->img_keys = xrealloc(c->img_keys, (k + 1) * sizeof *c->img_keys);
				c->img_objs = xrealloc(c->img_objs, (k + 1) * sizeof *c->img_objs);
				c->img_keys[k] = o->img;
				c->img_objs[k] = pdf_image_load(c->fs->pdf, o->img);
				c->n_imgs++;
			}
			const char *name = c->img_objs[k]
						   ? HPDF_Page_GetXObjectName(c->page, c->img_objs[k])
						   : NULL;
			if (name) {
				puts_(c, "q ");
				num(c, o->x2, 2), puts_(c, "0 0 "), num(c, o->y2, 2);
				num(c, ox + o->x, 2), num(c, top - o->y - o->y2, 2);
				puts_(c, "cm /");
				puts_(c, name);
				puts_(c, " Do Q\n");
			}
		}
	}
	for (size_t i = 0; i < b->n_ops; i++) {
		const struct op *o = &b->ops[i];
		if (o->kind == OP_TEXT && o->len > 0)
			text_op(c, o, ox + o->x, rounded(top - o->y, 2));
	}
}

int content_end_page(struct content *c, struct digest *h)
{
	end_text(c);
	if (c->b.len == 0)
		return 0;
	HPDF_PageAttr attr = c->page->attr;
	/* deflated here (libdeflate, faster than libharu's zlib) and written as they are */
	size_t z_len;
	unsigned char *z = pdf_deflate(c->fs->zip, c->b.s, c->b.len, &z_len);
	if (!z)
		return -1;
	digest_add(h, z, z_len);
	/* read from z as the file is written, not copied into the page's memory stream (libharu
	 * copies a byte at a time) */
	HPDF_Stream bytes = pdf_bytes_reader(attr->contents->mmgr, z, z_len, true);
	if (!bytes)
		return -1;
	HPDF_Stream_Free(attr->contents->stream);
	attr->contents->stream = attr->stream = bytes;
	attr->contents->filter = HPDF_STREAM_FILTER_NONE;
	attr->contents->write_fn = pdf_write_flate_filter;
	return 0;
}

void content_free(struct content *c)
{
	buf_free(&c->b);
	free(c->img_keys);
	free(c->img_objs);
	c->img_keys = NULL;
	c->img_objs = NULL;
	c->n_imgs = 0;
}
