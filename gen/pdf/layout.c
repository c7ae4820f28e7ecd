/* layout.c — the report's cmark tree as a list of boxes, then the boxes on pages.
 *
 * Boxes are lines of text, table rows and unbreakable blocks, each with the drawing
 * operations it needs; pagination only decides where each box goes, so the rules of
 * docs/bao-cao-format.md that concern pages (headings keep with the next paragraph, no
 * widows or orphans, footnotes at the foot of the page of their reference, table headers
 * repeated) live in paginate() alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../appendix.h"
#include "../url.h"
#include "../util.h"
#include "pdf_int.h"

/* ---- boxes ---- */

struct box *box_new(struct boxlist *bl, enum box_kind kind)
{
	if (bl->n == bl->cap) {
		bl->cap = bl->cap ? bl->cap * 2 : 64;
		bl->v = xrealloc(bl->v, bl->cap * sizeof *bl->v);
	}
	struct box *b = &bl->v[bl->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->header = -1;
	b->row = -1;
	b->line = bl->line;
	return b;
}

static struct op *op_new(struct box *b, enum op_kind kind)
{
	if (b->n_ops == b->cap_ops) {
		b->cap_ops = b->cap_ops ? b->cap_ops * 2 : 8;
		b->ops = xrealloc(b->ops, b->cap_ops * sizeof *b->ops);
	}
	struct op *o = &b->ops[b->n_ops++];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	return o;
}

void op_text(struct box *b, double x, double y, int font, double size, const char *s,
	     size_t len, const char *link)
{
	struct op *o = op_new(b, OP_TEXT);
	o->x = x, o->y = y, o->font = font, o->size = size;
	if (len < sizeof o->inl) {
		memcpy(o->inl, s, len);
		o->inl[len] = 0;
	} else {
		o->heap = xstrndup(s, len);
	}
	o->len = len;
	o->link = link ? xstrdup(link) : NULL;
	b->owning_ops += o->heap || o->link;
}

struct op *op_line(struct box *b, double x1, double y1, double x2, double y2, double lw)
{
	struct op *o = op_new(b, OP_LINE);
	o->x = x1, o->y = y1, o->x2 = x2, o->y2 = y2, o->lw = lw;
	return o;
}

struct op *op_rect(struct box *b, double x, double y, double w, double h, double lw)
{
	struct op *o = op_new(b, OP_RECT);
	o->x = x, o->y = y, o->x2 = w, o->y2 = h, o->lw = lw;
	return o;
}

struct op *op_circle(struct box *b, double x, double y, double r)
{
	struct op *o = op_new(b, OP_CIRCLE);
	o->x = x, o->y = y, o->x2 = r, o->fill = true;
	return o;
}

void box_free(struct box *b)
{
	for (size_t k = 0; b->owning_ops && k < b->n_ops; k++) {
		free(b->ops[k].heap);
		free(b->ops[k].link);
	}
	free(b->ops);
	free(b->fns);
	free(b->title);
	free(b->rules);
}

void boxlist_free(struct boxlist *bl)
{
	for (size_t i = 0; i < bl->n; i++)
		box_free(&bl->v[i]);
	free(bl->v);
	memset(bl, 0, sizeof *bl);
}

/* The baseline in a line box: Times' ascent and descent (0.891 + 0.216 em) centred in it. */
static double baseline(double size, double lh)
{
	return (lh - 1.107 * size) / 2 + 0.891 * size;
}

void emit_lines(struct boxlist *bl, struct wordlist *wl, struct fontset *fs, double size,
		double lh, double first_x, double left_x, double right_x, enum align al,
		double before)
{
	words_split_wide(wl, fs, right_x - (first_x > left_x ? first_x : left_x));
	struct line *lines;
	size_t nl = break_lines(wl->v, wl->n, right_x - first_x, right_x - left_x, &lines);
	size_t first_box = bl->n;
	for (size_t i = 0; i < nl; i++) {
		struct box *b = box_new(bl, BOX_LINE);
		b->h = lh;
		b->before = i == 0 ? before : 0;
		double x0 = i == 0 ? first_x : left_x;
		double *xs = xmalloc((lines[i].n + 1) * sizeof *xs);
		place_words(wl->v, &lines[i], right_x - x0, al, xs);
		draw_words(b, wl->v, &lines[i], xs, x0, baseline(size, lh));
		free(xs);
		for (size_t k = 0; k < lines[i].n; k++) {
			const struct word *w = &wl->v[lines[i].first + k];
			if (!w->n_fns)
				continue;
			b->fns = xrealloc(b->fns, (b->n_fns + w->n_fns) * sizeof(int));
			memcpy(b->fns + b->n_fns, w->fns, w->n_fns * sizeof(int));
			b->n_fns += w->n_fns;
		}
	}
	/* no orphan (first line alone at a page's foot), no widow (last line alone at a top) */
	if (nl >= 2) {
		bl->v[first_box].keep_next = true;
		bl->v[first_box + nl - 2].keep_next = true;
	}
	free(lines);
}

/* ---- pagination ---- */

struct pager {
	const struct boxlist *bl;
	struct footnote *fns;
	size_t n_fns;
	double h_port, h_land, fn_gap;
	struct pagination *out;
	size_t cap_placed, cap_pages, cap_fn;
	bool *fn_done;
	/* the page being filled */
	double y, fn_h;
	bool landscape;
	int number;
	struct box **carry; /* footnote lines continued from the previous page */
	size_t n_carry;
};

static double avail(const struct pager *p)
{
	return p->landscape ? p->h_land : p->h_port;
}

static void put_fn_line(struct pager *p, struct box *b)
{
	struct pagination *o = p->out;
	if (o->n_fn_lines == p->cap_fn)
		o->fn_lines = xrealloc(o->fn_lines, (p->cap_fn = p->cap_fn * 2 + 16) * sizeof(void *));
	o->fn_lines[o->n_fn_lines++] = b;
	o->pages[o->n_pages - 1].n_fn_lines++;
	if (p->fn_h == 0)
		p->fn_h = p->fn_gap;
	p->fn_h += b->h + b->before;
}

static void new_page(struct pager *p, bool restart)
{
	struct pagination *o = p->out;
	if (o->n_pages == p->cap_pages)
		o->pages = xrealloc(o->pages, (p->cap_pages = p->cap_pages * 2 + 8) * sizeof *o->pages);
	p->number = restart ? 1 : p->number + 1;
	o->pages[o->n_pages++] = (struct page){.landscape = p->landscape,
					       .number = p->number >= 2 ? p->number : 0,
					       .first_fn_line = o->n_fn_lines};
	p->y = 0;
	p->fn_h = 0;
	/* continued footnotes first, as many lines as leave room for some text */
	size_t k = 0;
	while (k < p->n_carry && p->fn_h + p->carry[k]->h + p->fn_gap < avail(p) * 0.6)
		put_fn_line(p, p->carry[k++]);
	if (k) {
		memmove(p->carry, p->carry + k, (p->n_carry - k) * sizeof *p->carry);
		p->n_carry -= k;
	}
}

static void place(struct pager *p, size_t i, double before)
{
	struct pagination *o = p->out;
	if (o->n_placed == p->cap_placed)
		o->placed = xrealloc(o->placed,
				     (p->cap_placed = p->cap_placed * 2 + 64) * sizeof *o->placed);
	o->placed[o->n_placed++] = (struct placed){.box = i, .page = o->n_pages - 1,
						   .y = p->y + before};
	p->y += before + p->bl->v[i].h;
}

/* The height the not yet placed footnotes of box b need (with the separator if first). */
static double fn_need(const struct pager *p, const struct box *b, bool *any)
{
	double h = 0;
	for (size_t k = 0; k < b->n_fns; k++) {
		int n = b->fns[k];
		if (n < 1 || (size_t)n > p->n_fns || p->fn_done[n - 1])
			continue;
		bool seen = false; /* the same note twice on a line */
		for (size_t j = 0; j < k; j++)
			seen |= b->fns[j] == n;
		if (seen)
			continue;
		const struct boxlist *ls = &p->fns[n - 1].lines;
		for (size_t j = 0; j < ls->n; j++)
			h += ls->v[j].h + ls->v[j].before;
		*any = true;
	}
	return h;
}

static double before_of(const struct pager *p, const struct box *b)
{
	return p->y == 0 ? 0 : b->before;
}

/* Places box i and its footnotes; footnote lines that do not fit go to the next page. */
static void place_with_notes(struct pager *p, size_t i)
{
	const struct box *b = &p->bl->v[i];
	place(p, i, before_of(p, b));
	for (size_t k = 0; k < b->n_fns; k++) {
		int n = b->fns[k];
		if (n < 1 || (size_t)n > p->n_fns || p->fn_done[n - 1])
			continue;
		p->fn_done[n - 1] = true;
		struct boxlist *ls = &p->fns[n - 1].lines;
		for (size_t j = 0; j < ls->n; j++) {
			struct box *fl = &ls->v[j];
			double gap = p->fn_h == 0 ? p->fn_gap : 0;
			if (p->n_carry == 0 && p->y + p->fn_h + gap + fl->h + fl->before <= avail(p) + 0.01)
				put_fn_line(p, fl);
			else {
				p->carry = xrealloc(p->carry, (p->n_carry + 1) * sizeof *p->carry);
				p->carry[p->n_carry++] = fl;
			}
		}
	}
}

int paginate(const struct boxlist *bl, struct footnote *fns, size_t n_fns, double text_h_port,
	     double text_h_land, double fn_gap, struct pagination *out)
{
	memset(out, 0, sizeof *out);
	struct pager p = {.bl = bl, .fns = fns, .n_fns = n_fns, .h_port = text_h_port,
			  .h_land = text_h_land, .fn_gap = fn_gap, .out = out};
	p.fn_done = xcalloc(n_fns + 1, sizeof(bool));
	new_page(&p, true);
	for (size_t i = 0; i < bl->n; i++) {
		const struct box *b = &bl->v[i];
		if (b->kind == BOX_NEWPAGE) {
			bool empty = p.y == 0 && p.fn_h == 0;
			p.landscape = b->landscape;
			if (empty && !b->restart_numbers) {
				out->pages[out->n_pages - 1].landscape = p.landscape;
				continue;
			}
			if (empty && out->n_pages == 1) { /* nothing before: just restart */
				out->pages[0].landscape = p.landscape;
				continue;
			}
			new_page(&p, b->restart_numbers);
			continue;
		}
		for (int attempt = 0; attempt < 2; attempt++) {
			/* the chain of boxes that must stay together with this one */
			double chain = 0, fn = 0;
			bool any = false;
			size_t j = i;
			for (;;) {
				const struct box *c = &bl->v[j];
				chain += (j == i ? before_of(&p, c) : c->before) + c->h;
				fn += fn_need(&p, c, &any);
				if (!c->keep_next || j + 1 >= bl->n || bl->v[j + 1].kind == BOX_NEWPAGE)
					break;
				/* taller than a page: no page holds it, whatever follows (so it is
				 * not walked to its end from each of its boxes: 200 000 headings in
				 * a row took 101 s) */
				if (chain + fn > avail(&p) + 0.01)
					break;
				j++;
			}
			double room = avail(&p) - p.y - p.fn_h - (any && p.fn_h == 0 ? fn_gap : 0);
			bool at_top = p.y == 0;
			bool own_any = false;
			double own_fn = fn_need(&p, b, &own_any);
			double own = before_of(&p, b) + b->h;
			double first_fn_line = 0;
			for (size_t k = 0; k < b->n_fns; k++) {
				int n = b->fns[k];
				if (n >= 1 && (size_t)n <= n_fns && !p.fn_done[n - 1] && fns[n - 1].lines.n) {
					first_fn_line = fns[n - 1].lines.v[0].h;
					break;
				}
			}
			bool chain_fits = chain + fn <= room + 0.01;
			bool chain_too_big = chain + fn > avail(&p) * 0.9;
			bool own_fits = own + (own_fn > 0 ? first_fn_line : 0) <= room + 0.01 &&
					(own_fn == 0 || own + own_fn <= room + 0.01 ||
					 own_fn > avail(&p) * 0.3);
			if (attempt == 1 || at_top || chain_fits || (chain_too_big && own_fits)) {
				place_with_notes(&p, i);
				break;
			}
			new_page(&p, false);
			/* a table row that moves to a new page takes its header along */
			if (b->header >= 0 && (size_t)b->header != i)
				place(&p, (size_t)b->header, 0);
		}
	}
	while (p.n_carry) /* notes longer than the last page */
		new_page(&p, false);
	free(p.carry);
	free(p.fn_done);
	return 0;
}

void pagination_free(struct pagination *p)
{
	free(p->placed);
	free(p->pages);
	free(p->fn_lines);
	memset(p, 0, sizeof *p);
}

/* ---- the tree ---- */

struct srcpos node_pos(cmark_node *n)
{
	for (; n; n = cmark_node_parent(n))
		if (cmark_node_get_start_line(n) > 0)
			return (struct srcpos){cmark_node_get_start_line(n),
					       cmark_node_get_start_column(n)};
	return (struct srcpos){0, 0};
}

static int footnote_number(struct pdf_ctx *c, const char *label)
{
	for (size_t i = 0; i < c->n_fn_labels; i++)
		if (strcmp(c->fn_labels[i], label) == 0)
			return (int)i + 1;
	return 0;
}

struct istate {
	int face;
	const char *link;
	bool strike;
};

static void collect(struct pdf_ctx *c, cmark_node *node, struct istate st, struct itext *it)
{
	for (cmark_node *n = cmark_node_first_child(node); n; n = cmark_node_next(n)) {
		struct piece p = {.face = st.face, .link = (char *)st.link, .strike = st.strike,
				  .pos = node_pos(n)};
		const char *lit = cmark_node_get_literal(n);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE: { /* never markup: shown as the text it is */
			/* a '\n' in a text node is a line break: the cells of a {{table}} CSV carry
			 * their line breaks so (GFM cells cannot hold LINEBREAK nodes) */
			const char *t = lit ? lit : "";
			for (;;) {
				size_t k = strcspn(t, "\n");
				p.text = (char *)t, p.len = k, p.brk = false;
				if (k)
					itext_add_ex(it, &p);
				if (!t[k])
					break;
				p.text = NULL, p.len = 0, p.brk = true;
				itext_add_ex(it, &p);
				t += k + 1;
			}
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			p.text = " ", p.len = 1;
			itext_add_ex(it, &p);
			break;
		case CMARK_NODE_LINEBREAK:
			p.brk = true;
			itext_add_ex(it, &p);
			break;
		case CMARK_NODE_EMPH: {
			struct istate s2 = st;
			s2.face |= ST_ITALIC;
			collect(c, n, s2, it);
			break;
		}
		case CMARK_NODE_STRONG: {
			struct istate s2 = st;
			s2.face |= ST_BOLD;
			collect(c, n, s2, it);
			break;
		}
		case CMARK_NODE_LINK: {
			/* the website's rule (gen/url.c): a link it would not publish is text;
			 * a relative one points where the website has it */
			struct istate s2 = st;
			const char *url = cmark_node_get_url(n);
			char *abs = url && *url ? url_absolute(url, c->link_base) : NULL;
			s2.link = abs;
			collect(c, n, s2, it);
			free(abs);
			break;
		}
		case CMARK_NODE_FOOTNOTE_REFERENCE: {
			int num = footnote_number(c, lit ? lit : "");
			char nb[16];
			snprintf(nb, sizeof nb, "%d", num);
			p.text = nb, p.len = strlen(nb);
			p.fn = num > 0 ? num : -1;
			char note[32];
			snprintf(note, sizeof note, PDF_NOTE_LINK "%d", num);
			p.link = num > 0 ? note : NULL;
			p.size_scale = 0.62, p.rise = 0.36;
			p.face = 0;
			itext_add_ex(it, &p);
			break;
		}
		default:
			if (node_is(n, "strikethrough")) {
				struct istate s2 = st;
				s2.strike = true;
				collect(c, n, s2, it);
			} else {
				collect(c, n, st, it); /* images: their description */
			}
		}
	}
}

void collect_inlines(struct pdf_ctx *c, cmark_node *node, int face, struct itext *it)
{
	struct istate st = {.face = face};
	collect(c, node, st, it);
}

/* A heading's bookmark: its first 1 000 characters, "…" if there were more (libharu takes a
 * PDF string of at most 65 535 bytes: a longer heading failed the whole PDF with an
 * unlocated error; the heading itself is drawn whole). */
static char *outline_title(const char *title)
{
	size_t chars = 0, i = 0;
	for (; title[i] && chars < 1000; i++)
		chars += ((unsigned char)title[i] & 0xC0) != 0x80;
	while (title[i] && ((unsigned char)title[i] & 0xC0) == 0x80)
		i++; /* the rest of the 1000th character */
	return title[i] ? xasprintf("%.*s…", (int)i, title) : xstrdup(title);
}

int layout_text(struct pdf_ctx *c, struct itext *it, double size, double lh, double first_x,
		double left_x, double right_x, enum align al, double before, int level,
		const char *title)
{
	struct wordlist wl = {0};
	int rc = itext_words(it, &c->fs, size, c->rep->md_path, c->d, &wl);
	if (level > 0) /* a heading keeps "tháng 01/2025" on one line */
		words_keep_numbers(&wl);
	if (rc < 0)
		c->errors++;
	if (wl.n == 0) {
		wordlist_free(&wl);
		return rc;
	}
	size_t first = c->boxes.n;
	emit_lines(&c->boxes, &wl, &c->fs, size, lh, first_x, left_x, right_x, al, before);
	if (level > 0) {
		c->boxes.v[first].level = level;
		c->boxes.v[first].title = outline_title(title ? title : "");
		for (size_t i = first; i < c->boxes.n; i++) /* a heading is never last on a page */
			c->boxes.v[i].keep_next = true;
	}
	wordlist_free(&wl);
	return rc;
}

struct blockctx {
	double left, right; /* text edges, from the left margin */
	int list_level;
	int face;
	double size, lh, space; /* the text's size and line height, the space above a block */
};

/* The body's text, or a footnote's (which holds any block a footnote can: paragraphs,
 * lists, quotes, set smaller). */
static struct blockctx body_ctx(const struct pdf_style *st, double right)
{
	return (struct blockctx){.right = right, .size = st->body_size,
				 .lh = st->body_size * st->line_height, .space = st->para_space};
}

static double text_right(struct pdf_ctx *c)
{
	return c->landscape ? c->text_w_land : c->text_w;
}

static void layout_blocks(struct pdf_ctx *c, cmark_node *first, struct blockctx bc,
			  const char *marker);

/* How far a nested list or quote may indent its text by `by` on each of `sides` sides: deep
 * nesting stops indenting once the text would get narrower than half the page's text width
 * (otherwise the words no longer fit and are lost). */
static double nest_indent(struct pdf_ctx *c, struct blockctx bc, double by, int sides)
{
	return bc.right - bc.left - sides * by >= text_right(c) / 2 ? by : 0;
}

int layout_image(struct pdf_ctx *c, cmark_node *image)
{
	const struct pdf_style *st = c->st;
	const struct image *im = cmark_node_get_user_data(image);
	double W = text_right(c), H = (c->landscape ? c->text_h_land : c->text_h) * 0.7;
	/* at 96 pixels an inch, as a browser shows it, but never wider than the text nor
	 * taller than most of a page: kept on one page */
	double w = im->width * 0.75, h = im->height * 0.75;
	if (w > W) {
		h *= W / w;
		w = W;
	}
	if (h > H) {
		w *= H / h;
		h = H;
	}
	struct box *b = box_new(&c->boxes, BOX_BLOCK);
	b->before = st->para_space;
	struct op *o = op_rect(b, (W - w) / 2, 0, w, h, 0);
	o->kind = OP_IMAGE;
	o->img = im;
	double y = h;
	char *alt = node_text(image);
	if (*alt) { /* its alt text, as a Word caption under the figure */
		double size = st->body_size - 1;
		put_text(c, b, alt, ST_ITALIC, size, 0, y + size * 1.2, AL_CENTER, W);
		y += size * 1.6;
	}
	free(alt);
	b->h = y;
	return 0;
}

/* The image a paragraph holds alone (gen/expand.c made it the node's user data), or NULL. */
static cmark_node *paragraph_image(cmark_node *para)
{
	for (cmark_node *k = cmark_node_first_child(para); k; k = cmark_node_next(k))
		if (cmark_node_get_type(k) == CMARK_NODE_IMAGE && cmark_node_get_user_data(k))
			return k;
	return NULL;
}

static void layout_paragraph(struct pdf_ctx *c, cmark_node *n, struct blockctx bc,
			     const char *marker)
{
	const struct pdf_style *st = c->st;
	cmark_node *image = paragraph_image(n);
	if (image && !c->in_note) {
		layout_image(c, image);
		return;
	}
	struct itext it = {0};
	if (c->note_mark > 0) { /* a footnote's first paragraph starts with its number */
		char nb[24];
		snprintf(nb, sizeof nb, "%d", c->note_mark);
		struct piece mark = {.text = nb, .len = strlen(nb), .size_scale = 0.62, .rise = 0.36,
				     .pos = node_pos(n)};
		itext_add_ex(&it, &mark);
		itext_add(&it, " ", 1, 0, node_pos(n));
		c->note_mark = 0;
	}
	if (marker) {
		char *m = xasprintf("%s ", marker);
		itext_add(&it, m, strlen(m), bc.face, node_pos(n));
		free(m);
	}
	collect_inlines(c, n, bc.face, &it);
	double first = bc.left + st->indent;
	/* Word practice in these reports: "- text" at the first-line indent, the rest of the
	 * item back at the left edge of its level */
	layout_text(c, &it, bc.size, bc.lh, first, bc.left, bc.right, AL_JUSTIFY, bc.space, 0,
		    NULL);
	itext_free(&it);
}

static void layout_literal(struct pdf_ctx *c, cmark_node *n, struct blockctx bc)
{
	const struct pdf_style *st = c->st;
	const char *lit = cmark_node_get_literal(n);
	struct itext it = {0};
	struct srcpos pos = node_pos(n);
	for (const char *s = lit ? lit : ""; *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		itext_add(&it, s, len, bc.face, pos);
		struct piece br = {.brk = true, .pos = pos};
		if (e)
			itext_add_ex(&it, &br);
		s += len + (e ? 1 : 0);
		pos.line++;
	}
	double size = bc.size * 0.85;
	layout_text(c, &it, size, size * st->line_height, bc.left + st->indent,
		    bc.left + st->indent, bc.right, AL_LEFT, bc.space, 0, NULL);
	itext_free(&it);
}

static void layout_heading(struct pdf_ctx *c, cmark_node *n, struct blockctx bc)
{
	const struct pdf_style *st = c->st;
	int level = cmark_node_get_heading_level(n);
	/* docs/bao-cao-format.md: I. bold (uppercase as written), 1. bold, 1.1. bold italic,
	 * a) regular — all at body size, numbered by the author */
	int face = level <= 2 ? ST_BOLD : level == 3 ? ST_BOLD | ST_ITALIC : 0;
	struct itext it = {0};
	collect_inlines(c, n, face, &it);
	char *title = node_text(n);
	layout_text(c, &it, bc.size, bc.lh, bc.left + st->indent, bc.left, bc.right, AL_JUSTIFY,
		    bc.space + (c->in_note ? 0 : st->heading_space), c->in_note ? 0 : level,
		    title);
	free(title);
	itext_free(&it);
}

static void layout_list(struct pdf_ctx *c, cmark_node *list, struct blockctx bc)
{
	int num = cmark_node_get_list_start(list);
	bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
	bool paren = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM;
	struct blockctx inner = bc;
	inner.list_level = bc.list_level + 1;
	if (inner.list_level >= 2) /* nested levels indent further */
		inner.left = bc.left + nest_indent(c, bc, c->st->indent, 1);
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
		char marker[32];
		if (ordered)
			snprintf(marker, sizeof marker, "%d%c", num++, paren ? ')' : '.');
		else /* "-" then "+", never a bullet */
			snprintf(marker, sizeof marker, "%s", inner.list_level % 2 ? "-" : "+");
		layout_blocks(c, cmark_node_first_child(item), inner, marker);
	}
}

static void layout_rule(struct pdf_ctx *c, struct blockctx bc)
{
	struct box *b = box_new(&c->boxes, BOX_BLOCK);
	b->h = bc.size;
	b->before = bc.space;
	double mid = (bc.left + bc.right) / 2, half = MM(15);
	op_line(b, mid - half, b->h / 2, mid + half, b->h / 2, 0.5);
}

static void layout_block(struct pdf_ctx *c, cmark_node *n, struct blockctx bc,
			 const char *marker)
{
	if (cmark_node_get_start_line(n) > 0)
		c->boxes.line = cmark_node_get_start_line(n);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		layout_paragraph(c, n, bc, marker);
		return;
	case CMARK_NODE_HEADING:
		layout_heading(c, n, bc);
		return;
	case CMARK_NODE_LIST:
		layout_list(c, n, bc);
		return;
	case CMARK_NODE_BLOCK_QUOTE: {
		struct blockctx q = bc;
		double by = nest_indent(c, bc, c->st->indent, 2);
		q.left += by;
		q.right -= by;
		q.face |= ST_ITALIC;
		layout_blocks(c, cmark_node_first_child(n), q, marker);
		return;
	}
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK: /* shown as text, never as markup */
		layout_literal(c, n, bc);
		return;
	case CMARK_NODE_THEMATIC_BREAK:
		layout_rule(c, bc);
		return;
	case CMARK_NODE_CUSTOM_BLOCK:
		if (layout_chart(c, n) < 0)
			c->errors++;
		return;
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		return; /* at the foot of the pages */
	default:
		break;
	}
	if (node_is(n, "table")) {
		bool wide = !c->in_note && table_is_wide(c, n); /* a note's stays in its place */
		bool switch_page = wide && !c->landscape;
		if (switch_page) { /* the table alone on landscape pages, then back */
			struct box *b = box_new(&c->boxes, BOX_NEWPAGE);
			b->landscape = c->landscape = true;
		}
		if (layout_table(c, n) < 0)
			c->errors++;
		if (switch_page) {
			struct box *b = box_new(&c->boxes, BOX_NEWPAGE);
			b->landscape = c->landscape = false;
		}
		return;
	}
	layout_blocks(c, cmark_node_first_child(n), bc, marker);
}

static void layout_blocks(struct pdf_ctx *c, cmark_node *first, struct blockctx bc,
			  const char *marker)
{
	for (cmark_node *n = first; n; n = cmark_node_next(n)) {
		layout_block(c, n, bc, marker);
		marker = NULL; /* only the item's first paragraph carries it */
	}
}

/* Footnotes numbered 1… in the order of their first reference (cmark-gfm puts the
 * definitions in that order at the end of the document). */
static void number_footnotes(struct pdf_ctx *c)
{
	cmark_iter *it = cmark_iter_new(c->rep->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_REFERENCE) {
			const char *l = cmark_node_get_literal(n);
			if (!footnote_number(c, l ? l : "")) {
				c->fn_labels = xrealloc(c->fn_labels,
							(c->n_fn_labels + 1) * sizeof(char *));
				c->fn_labels[c->n_fn_labels++] = xstrdup(l ? l : "");
			}
		} else if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) {
			c->fn_defs = xrealloc(c->fn_defs, (c->n_fn_defs + 1) * sizeof(cmark_node *));
			c->fn_defs[c->n_fn_defs++] = n;
		}
	}
	cmark_iter_free(it);
}

static void layout_footnotes(struct pdf_ctx *c)
{
	const struct pdf_style *st = c->st;
	c->n_fns = c->n_fn_labels;
	c->fns = xcalloc(c->n_fns + 1, sizeof *c->fns);
	struct boxlist saved = c->boxes;
	c->in_note = true;
	for (size_t i = 0; i < c->n_fns && i < c->n_fn_defs; i++) {
		memset(&c->boxes, 0, sizeof c->boxes);
		/* at the text width, smaller, 2 pt between its blocks; its first paragraph
		 * carries its number */
		struct blockctx bc = {.right = c->text_w, .size = st->fn_size,
				      .lh = st->fn_size * st->fn_line_height, .space = 2};
		c->note_mark = (int)i + 1;
		layout_blocks(c, cmark_node_first_child(c->fn_defs[i]), bc, NULL);
		c->note_mark = 0;
		if (c->boxes.n)
			c->boxes.v[0].before = 0;
		for (size_t k = 0; k < c->boxes.n; k++)
			c->boxes.v[k].keep_next = false;
		c->fns[i].lines = c->boxes;
	}
	c->in_note = false;
	c->boxes = saved;
}

int layout_report(struct pdf_ctx *c)
{
	number_footnotes(c);
	if (block_header(c) < 0)
		c->errors++;
	struct blockctx bc = body_ctx(c->st, c->text_w);
	cmark_node *n = cmark_node_first_child(c->rep->doc);
	for (; n && !heading_is_appendix(n); n = cmark_node_next(n)) {
		bc.right = text_right(c);
		layout_block(c, n, bc, NULL);
	}
	/* the closing sentence stays with the signature */
	if (c->boxes.n && c->boxes.v[c->boxes.n - 1].kind == BOX_LINE)
		c->boxes.v[c->boxes.n - 1].keep_next = true;
	if (block_closing(c) < 0)
		c->errors++;
	/* the appendices: each on new pages, landscape when it holds a wide table */
	while (n) {
		cmark_node *head = n, *end = cmark_node_next(n);
		while (end && !heading_is_appendix(end))
			end = cmark_node_next(end);
		bool wide = false;
		for (cmark_node *k = cmark_node_next(head); k != end; k = cmark_node_next(k))
			wide |= node_is(k, "table") && table_is_wide(c, k);
		struct box *b = box_new(&c->boxes, BOX_NEWPAGE);
		b->landscape = c->landscape = wide;
		b->restart_numbers = true;
		if (block_appendix_title(c, head) < 0)
			c->errors++;
		bc.right = text_right(c);
		cmark_node *k = cmark_node_next(head);
		if (appendix_reference_written(head)) /* set under the title */
			k = cmark_node_next(k);
		for (; k != end; k = cmark_node_next(k))
			layout_block(c, k, bc, NULL);
		c->landscape = false;
		n = end;
	}
	layout_footnotes(c);
	return c->errors ? -1 : 0;
}
