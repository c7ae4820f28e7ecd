/* blocks.c — the official blocks of a BÁO CÁO (docs/bao-cao-format.md, Mẫu 1.4): the
 * two-column header with the national name, the title and addressees, the closing block with
 * the recipients and the signature, and each appendix's title. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../appendix.h"
#include "../util.h"
#include "../vn.h"
#include "pdf_int.h"

char *text_upper(const char *s)
{
	return appendix_upper(s);
}

/* Text from the front matter or the style has no line of its own in report.md: its errors
 * point at the front matter. */
static struct srcpos fm_pos(void)
{
	return (struct srcpos){1, 1};
}

static double baseline(double size, double lh)
{
	return (lh - 1.107 * size) / 2 + 0.891 * size;
}

/* A run of spaces is one word break to the line breaker; the blanks of a draft
 * ("Số:      /BC-…", "ngày      tháng") must keep their width: all but the first space of a
 * run become no-break spaces, which are drawn as wide as a space but break nothing. */
static char *keep_blanks(const char *s)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = s; *p; p++) {
		if (*p == ' ' && p > s && p[-1] == ' ')
			buf_puts(&b, "\xC2\xA0");
		else
			buf_putc(&b, *p);
	}
	return buf_detach_free(&b);
}

/* s as pieces of it, each line break the author typed (a '\n' of a YAML string: a title or
 * an issuer's name broken by hand, docs/content-format.md) a break; the blanks around a
 * break, and the breaks at either end, are dropped. */
static void add_lines(struct itext *it, const char *s, int face)
{
	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	while (*s) {
		size_t len = strcspn(s, "\r\n"), end = len;
		while (end && s[end - 1] == ' ')
			end--;
		itext_add(it, s, end, face, fm_pos());
		s += len;
		while (*s == '\n' || *s == '\r' || *s == ' ')
			s++;
		if (*s) {
			struct piece br = {.brk = true, .pos = fm_pos()};
			itext_add_ex(it, &br);
		}
	}
}

/* Wrapped text in a column: lines `lh` apart from y_top, continuation lines indented by
 * `hang`. Returns the height used; *maxw gets the widest line. */
static double put_para(struct pdf_ctx *c, struct box *b, const char *s, int face, double size,
		       double lh, double x, double y_top, double width, enum align al, double hang,
		       double *maxw)
{
	struct itext it = {0};
	char *kept = keep_blanks(s);
	add_lines(&it, kept, face);
	free(kept);
	struct wordlist wl = {0};
	if (itext_words(&it, &c->fs, size, c->rep->md_path, c->d, &wl) < 0)
		c->errors++;
	itext_free(&it);
	words_split_wide(&wl, &c->fs, width - hang);
	words_keep_numbers(&wl);
	struct line *lines;
	/* centred titles wrap into lines of even length, where a typist breaks them */
	size_t nl = al == AL_CENTER ? break_balanced(wl.v, wl.n, width, width - hang, &lines)
				    : break_lines(wl.v, wl.n, width, width - hang, &lines);
	double mw = 0;
	for (size_t i = 0; i < nl; i++) {
		double x0 = x + (i ? hang : 0), avail = width - (i ? hang : 0);
		double *xs = xmalloc((lines[i].n + 1) * sizeof *xs);
		place_words(wl.v, &lines[i], avail, al, xs);
		draw_words(b, wl.v, &lines[i], xs, x0, y_top + (double)i * lh + baseline(size, lh));
		free(xs);
		if (lines[i].w > mw)
			mw = lines[i].w;
	}
	if (maxw)
		*maxw = mw;
	free(lines);
	wordlist_free(&wl);
	return (double)nl * lh;
}

double text_width(struct pdf_ctx *c, const char *s, int face, double size)
{
	struct itext it = {0};
	char *kept = keep_blanks(s);
	itext_add(&it, kept, strlen(kept), face, fm_pos());
	free(kept);
	struct wordlist wl = {0};
	struct diags scratch = {0}; /* measuring only: drawing reports the errors */
	itext_words(&it, &c->fs, size, c->rep->md_path, &scratch, &wl);
	diag_free(&scratch);
	double w = 0;
	for (size_t i = 0; i < wl.n; i++)
		w += wl.v[i].w + (i + 1 < wl.n ? wl.v[i].space : 0);
	itext_free(&it);
	wordlist_free(&wl);
	return w;
}

double put_text(struct pdf_ctx *c, struct box *b, const char *s, int face, double size,
		double x, double y, enum align al, double width)
{
	double w = text_width(c, s, face, size);
	double lh = size * 1.15;
	/* one line: width is generous so that the text never wraps */
	double x0 = al == AL_CENTER ? x + (width - w) / 2 : al == AL_RIGHT ? x + width - w : x;
	put_para(c, b, s, face, size, lh, x0, y - baseline(size, lh), w + 1, AL_LEFT, 0, NULL);
	return w;
}

/* "X;" for every addressee or recipient but the last, which gets "." (as the decree's
 * samples do) unless the author already ended them. */
static char *with_end(const char *s, char end)
{
	size_t n = strlen(s);
	if (n && strchr(";.:,", s[n - 1]))
		return xstrdup(s);
	return xasprintf("%s%c", s, end);
}

int block_header(struct pdf_ctx *c)
{
	const struct pdf_style *st = c->st;
	const struct report *r = c->rep;
	const struct site *site = c->site;
	struct box *b = box_new(&c->boxes, BOX_BLOCK);
	double W = c->text_w;
	int err0 = c->errors;

	double nat_w = text_width(c, st->t_national, ST_BOLD, st->national_size);
	double right_w = W * (1 - st->header_left);
	if (right_w < st->header_right_min)
		right_w = st->header_right_min;
	if (right_w < nat_w + 1) /* the national name on one line, whatever the sizes */
		right_w = nat_w + 1;
	double left_w = W - right_w;

	/* left column: parent body, issuing body with its rule */
	double y = 0, lh = st->issuer_size * 1.15;
	if (site->issuer_parent && *site->issuer_parent) {
		char *up = text_upper(site->issuer_parent);
		y += put_para(c, b, up, 0, st->issuer_size, lh, 0, y, left_w, AL_CENTER, 0, NULL);
		free(up);
	}
	char *issuer = text_upper(site->issuer_name ? site->issuer_name : "");
	double iw;
	y += put_para(c, b, issuer, ST_BOLD, st->issuer_size, lh, 0, y, left_w, AL_CENTER, 0, &iw);
	free(issuer);
	double rule = iw * 0.4;
	y += 3.5; /* clear of the descenders, as the drawn line of the Word samples */
	op_line(b, left_w / 2 - rule / 2, y, left_w / 2 + rule / 2, y, 0.6);
	double left_bottom = y;

	/* right column: national name, motto with a rule exactly its width */
	double rx = left_w;
	double ry = 0, nlh = st->national_size * 1.15, mlh = st->motto_size * 1.15;
	put_text(c, b, st->t_national, ST_BOLD, st->national_size, rx,
		 ry + baseline(st->national_size, nlh), AL_CENTER, right_w);
	ry += nlh;
	double mw = put_text(c, b, st->t_motto, ST_BOLD, st->motto_size, rx,
			     ry + baseline(st->motto_size, mlh), AL_CENTER, right_w);
	ry += mlh + 1; /* a drawn line below the motto, not an underline */
	op_line(b, rx + right_w / 2 - mw / 2, ry, rx + right_w / 2 + mw / 2, ry, 0.6);
	double right_bottom = ry;

	/* "Số:" and the date line share a baseline */
	double top = (left_bottom > right_bottom ? left_bottom : right_bottom) + 6;
	double base = top + 0.891 * st->date_size;
	char *num = vn_number_line(r->number);
	put_text(c, b, num, 0, st->issuer_size, 0, base, AL_CENTER, left_w);
	free(num);
	char *date = vn_date_line(site->place ? site->place : "", r->date);
	double dlh = st->date_size * 1.15, more = 0;
	if (text_width(c, date, ST_ITALIC, st->date_size) <= right_w)
		put_text(c, b, date, ST_ITALIC, st->date_size, rx, base, AL_CENTER, right_w);
	else /* a long place name wraps in the column: centred on one line it ran off the page */
		more = put_para(c, b, date, ST_ITALIC, st->date_size, dlh, rx,
				base - baseline(st->date_size, dlh), right_w, AL_CENTER, 0, NULL) - dlh;
	free(date);
	y = base + 0.216 * st->date_size + 18 + more;

	/* a draft (built with --drafts, or by serve) says so in a box above BÁO CÁO, as its page
	 * on the website does: the PDF is what is printed and sent round for comments */
	if (r->draft && st->t_draft[0]) {
		double ds = st->issuer_size, dlh2 = ds * 1.15, pad = 3;
		double dw = text_width(c, st->t_draft, ST_BOLD, ds);
		op_rect(b, W / 2 - dw / 2 - pad, y, dw + 2 * pad, dlh2 + 2, 0.6);
		put_text(c, b, st->t_draft, ST_BOLD, ds, 0, y + 1 + baseline(ds, dlh2), AL_CENTER, W);
		y += dlh2 + 2 + 8;
	}
	/* BÁO CÁO, the subject and its short rule */
	double tlh = st->title_size * 1.15;
	put_text(c, b, st->t_doctype, ST_BOLD, st->title_size, 0, y + baseline(st->title_size, tlh),
		 AL_CENTER, W);
	y += tlh;
	double tw;
	y += put_para(c, b, r->title ? r->title : "", ST_BOLD, st->title_size, tlh, 0, y, W,
		      AL_CENTER, 0, &tw);
	double trule = tw / 3 < MM(25) ? MM(25) : tw / 3;
	y += 4;
	op_line(b, W / 2 - trule / 2, y, W / 2 + trule / 2, y, 0.6);
	y += 12;

	/* Kính gửi */
	double size = st->body_size, blh = size * st->line_height;
	if (r->n_to == 1) {
		char *line = xasprintf("%s %s", st->t_to, r->to[0]);
		double label = text_width(c, st->t_to, 0, size) + text_width(c, " ", 0, size);
		double w = text_width(c, line, 0, size);
		double x = w < W ? (W - w) / 2 : 0;
		y += put_para(c, b, line, 0, size, blh, x, y, W - x, AL_LEFT, label, NULL);
		free(line);
	} else if (r->n_to > 1) {
		/* "Kính gửi:" then "- X;" lines starting under its colon, centred as a block */
		char *label_nocolon = xstrdup(st->t_to);
		size_t ln = strlen(label_nocolon);
		if (ln && label_nocolon[ln - 1] == ':')
			label_nocolon[ln - 1] = 0;
		double colon_x = text_width(c, label_nocolon, 0, size);
		free(label_nocolon);
		double widest = 0;
		char **lines = xcalloc(r->n_to, sizeof(char *));
		for (size_t i = 0; i < r->n_to; i++) {
			char *e = with_end(r->to[i], i + 1 < r->n_to ? ';' : '.');
			lines[i] = xasprintf("- %s", e);
			free(e);
			double w = text_width(c, lines[i], 0, size);
			if (w > widest)
				widest = w;
		}
		double block = colon_x + widest;
		if (block > W)
			block = W;
		double x0 = (W - block) / 2;
		y += put_para(c, b, st->t_to, 0, size, blh, x0, y, W - x0, AL_LEFT, 0, NULL);
		double dash = text_width(c, "- ", 0, size);
		for (size_t i = 0; i < r->n_to; i++) {
			y += put_para(c, b, lines[i], 0, size, blh, x0 + colon_x, y, W - x0 - colon_x,
				      AL_LEFT, dash, NULL);
			free(lines[i]);
		}
		free(lines);
	}
	b->h = y + 6;
	return c->errors > err0 ? -1 : 0;
}

int block_closing(struct pdf_ctx *c)
{
	const struct pdf_style *st = c->st;
	const struct report *r = c->rep;
	const struct signer *sg = &r->signer;
	struct box *b = box_new(&c->boxes, BOX_BLOCK);
	b->before = st->para_space + 6;
	int err0 = c->errors;
	double W = c->text_w, lw = W * st->closing_left, rw = W - lw;
	double size = st->signer_size, lh = size * 1.15;

	/* right: authority, position, signature space, title, name */
	double y = 0, first_base = baseline(size, lh);
	const char *upper_lines[2] = {sg->authority, sg->position};
	for (int i = 0; i < 2; i++) {
		if (!upper_lines[i] || !*upper_lines[i])
			continue;
		char *up = text_upper(upper_lines[i]);
		y += put_para(c, b, up, ST_BOLD, size, lh, lw, y, rw, AL_CENTER, 0, NULL);
		free(up);
	}
	y += st->signature_space;
	if (sg->title && *sg->title) {
		char *up = text_upper(sg->title);
		y += put_para(c, b, up, ST_BOLD, size, lh, lw, y, rw, AL_CENTER, 0, NULL);
		free(up);
	}
	if (sg->name && *sg->name)
		y += put_para(c, b, sg->name, ST_BOLD, size, lh, lw, y, rw, AL_CENTER, 0, NULL);
	double right_bottom = y;

	/* left: "Nơi nhận:" on the authority's baseline, then one recipient a line */
	double ly = 0;
	if (r->n_recipients) {
		double llh = st->recipients_label_size * 1.15;
		put_text(c, b, st->t_recipients, ST_BOLD | ST_ITALIC, st->recipients_label_size, 0,
			 first_base, AL_LEFT, lw);
		ly = first_base + 0.216 * st->recipients_label_size + (llh - 1.107 *
			st->recipients_label_size) / 2;
		double rs = st->recipients_size, rlh = rs * 1.1;
		double dash = text_width(c, "- ", 0, rs);
		for (size_t i = 0; i < r->n_recipients; i++) {
			const char *t = r->recipients[i];
			char *e = with_end(t, i + 1 < r->n_recipients ? ';' : '.');
			char *line = strncmp(e, "- ", 2) == 0 ? xstrdup(e) : xasprintf("- %s", e);
			ly += put_para(c, b, line, 0, rs, rlh, 0, ly, lw - 4, AL_LEFT, dash, NULL);
			free(line);
			free(e);
		}
	}
	b->h = right_bottom > ly ? right_bottom : ly;
	return c->errors > err0 ? -1 : 0;
}

int block_appendix_title(struct pdf_ctx *c, cmark_node *heading)
{
	const struct pdf_style *st = c->st;
	const struct report *r = c->rep;
	struct box *b = box_new(&c->boxes, BOX_BLOCK);
	int err0 = c->errors;
	double W = c->landscape ? c->text_w_land : c->text_w;
	double size = st->body_size, lh = size * st->line_height;
	char *text = node_text(heading);
	char *label, *title;
	appendix_split(text, &label, &title);
	double y = 0;
	y += put_para(c, b, label, ST_BOLD, size, lh, 0, y, W, AL_CENTER, 0, NULL);
	if (*title)
		y += put_para(c, b, title, ST_BOLD, size, lh, 0, y, W, AL_CENTER, 0, NULL);
	/* the reference line, or the author's own "(Kèm theo …)" set as it would be */
	char *ref = appendix_reference_written(heading)
			    ? node_text(cmark_node_next(heading))
			    : appendix_reference_line(c->site, r, st->t_appendix_ref);
	y += put_para(c, b, ref, ST_ITALIC, size, lh, 0, y, W, AL_CENTER, 0, NULL);
	free(ref);
	b->h = y + 6;
	b->level = 1;
	b->title = text;
	free(label);
	free(title);
	return c->errors > err0 ? -1 : 0;
}
