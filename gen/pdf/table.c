/* table.c — GFM tables (a {{table F.csv}} arrives as one too) as Word draws them in these
 * reports: single borders, a bold centred header row repeated on every page, a centred STT
 * column, group rows ("A. NHIỆM VỤ…") spanning the width, columns as wide as their content
 * asks, and landscape pages when portrait is too narrow (docs/bao-cao-format.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "../util.h"
#include "pdf_int.h"

struct cell {
	struct wordlist wl;
	double min, max; /* the longest word; the natural width */
	bool empty;
};

struct trow {
	struct cell *cells;
	size_t n;
	bool header, group;
	cmark_node *node;
};

struct tbl {
	struct trow *rows;
	size_t n_rows, n_cols;
	uint8_t *align;
	bool *stt;
	bool *num; /* every body cell a figure: right-aligned, as the website does */
	double *minw, *maxw, *w;
	double *bodyw; /* the natural width of the body's cells (the header's aside) */
};

static void tbl_free(struct tbl *t)
{
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t k = 0; k < t->rows[r].n; k++)
			wordlist_free(&t->rows[r].cells[k].wl);
		free(t->rows[r].cells);
	}
	free(t->rows);
	free(t->stt);
	free(t->num);
	free(t->minw);
	free(t->maxw);
	free(t->w);
	free(t->bodyw);
}

/* A figure as tables write them: digits with separators, a sign, a percent sign. */
static bool is_figure(const char *s)
{
	bool digit = false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = true;
		else if (!strchr(".,%+- ", *s) && strncmp(s, "\xE2\x88\x92", 3) != 0)
			return false;
		else if (*s == '\xE2')
			s += 2; /* U+2212 minus */
	}
	return digit;
}

/* True when every non-empty body cell of column k (group rows aside) is a figure. */
static bool column_is_numeric(const struct tbl *t, size_t k)
{
	bool any = false;
	for (size_t r = 0; r < t->n_rows; r++) {
		const struct trow *tr = &t->rows[r];
		if (tr->header || tr->group || k >= tr->n)
			continue;
		cmark_node *cell = cmark_node_first_child(tr->node);
		for (size_t j = 0; cell && j < k; j++)
			cell = cmark_node_next(cell);
		if (!cell)
			continue;
		char *text = node_text(cell);
		bool empty = !*text, fig = is_figure(text);
		free(text);
		if (empty)
			continue;
		if (!fig)
			return false;
		any = true;
	}
	return any;
}

static int tbl_read(struct pdf_ctx *c, cmark_node *table, struct tbl *t)
{
	const struct pdf_style *st = c->st;
	int rc = 0;
	memset(t, 0, sizeof *t);
	t->n_cols = cmark_gfm_extensions_get_table_columns(table);
	t->align = cmark_gfm_extensions_get_table_alignments(table);
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row))
		t->n_rows++;
	t->rows = xcalloc(t->n_rows + 1, sizeof *t->rows);
	size_t r = 0;
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row), r++) {
		struct trow *tr = &t->rows[r];
		tr->node = row;
		tr->header = node_is(row, "table_header");
		tr->cells = xcalloc(t->n_cols + 1, sizeof *tr->cells);
		tr->n = t->n_cols;
		size_t k = 0, filled = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && k < t->n_cols;
		     cell = cmark_node_next(cell), k++) {
			struct itext it = {0};
			collect_inlines(c, cell, tr->header ? ST_BOLD : 0, &it);
			if (itext_words(&it, &c->fs, st->table_size, c->rep->md_path, c->d,
					&tr->cells[k].wl) < 0)
				rc = -1;
			itext_free(&it);
			wordlist_fit(&tr->cells[k].wl);
			tr->cells[k].empty = tr->cells[k].wl.n == 0;
			filled += !tr->cells[k].empty;
		}
		for (; k < t->n_cols; k++)
			tr->cells[k].empty = true;
		tr->group = !tr->header && t->n_cols > 1 && filled == 1 && !tr->cells[0].empty;
		if (tr->group) { /* a group row is bold: re-measure its words in bold */
			wordlist_free(&tr->cells[0].wl);
			struct itext it = {0};
			collect_inlines(c, cmark_node_first_child(row), ST_BOLD, &it);
			struct diags scratch = {0};
			itext_words(&it, &c->fs, st->table_size, c->rep->md_path, &scratch,
				    &tr->cells[0].wl);
			diag_free(&scratch);
			itext_free(&it);
		}
	}
	t->stt = xcalloc(t->n_cols + 1, sizeof(bool));
	t->num = xcalloc(t->n_cols + 1, sizeof(bool));
	t->minw = xcalloc(t->n_cols + 1, sizeof(double));
	t->maxw = xcalloc(t->n_cols + 1, sizeof(double));
	t->w = xcalloc(t->n_cols + 1, sizeof(double));
	t->bodyw = xcalloc(t->n_cols + 1, sizeof(double));
	double pad = 2 * st->cell_pad_x;
	for (r = 0; r < t->n_rows; r++) {
		struct trow *tr = &t->rows[r];
		for (size_t k = 0; k < t->n_cols; k++) {
			struct cell *ce = &tr->cells[k];
			double line = 0;
			for (size_t i = 0; i < ce->wl.n; i++) {
				const struct word *w = &ce->wl.v[i];
				if (w->w > ce->min)
					ce->min = w->w;
				line += w->w;
				if (w->brk || i + 1 == ce->wl.n) {
					if (line > ce->max)
						ce->max = line;
					line = 0;
				} else
					line += w->space;
			}
			if (tr->group)
				continue; /* it spans the table: no column's measure */
			if (ce->min + pad > t->minw[k])
				t->minw[k] = ce->min + pad;
			if (ce->max + pad > t->maxw[k])
				t->maxw[k] = ce->max + pad;
			if (!tr->header && ce->max + pad > t->bodyw[k])
				t->bodyw[k] = ce->max + pad;
		}
	}
	/* the STT column: a header "STT" or "TT" */
	if (t->n_rows && t->rows[0].header) {
		size_t k = 0;
		for (cmark_node *cell = cmark_node_first_child(t->rows[0].node); cell && k < t->n_cols;
		     cell = cmark_node_next(cell), k++) {
			char *h = node_text(cell);
			t->stt[k] = strcmp(h, "STT") == 0 || strcmp(h, "TT") == 0;
			free(h);
		}
	}
	for (size_t k = 0; k < t->n_cols; k++)
		t->num[k] = !t->stt[k] && column_is_numeric(t, k);
	return rc;
}

static double sum(const double *v, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s;
}

/* A table is read (its cells into measured words) once: table_is_wide keeps what it read
 * for layout_table, which asks after it (an appendix's tables are asked about twice). */
struct tbl_memo {
	cmark_node *node;
	bool wide;
	bool clean; /* read without errors: t is kept for layout_table */
	struct tbl t;
};

static struct tbl_memo *memo_find(struct pdf_ctx *c, cmark_node *table)
{
	struct tbl_memo *m = c->tables;
	for (size_t i = 0; i < c->n_tables; i++)
		if (m[i].node == table)
			return &m[i];
	return NULL;
}

void table_memo_free(struct pdf_ctx *c)
{
	struct tbl_memo *m = c->tables;
	for (size_t i = 0; i < c->n_tables; i++)
		if (m[i].clean)
			tbl_free(&m[i].t);
	free(c->tables);
	c->tables = NULL;
	c->n_tables = 0;
}

bool table_is_wide(struct pdf_ctx *c, cmark_node *table)
{
	struct tbl_memo *m = memo_find(c, table);
	if (m)
		return m->wide;
	c->tables = xrealloc(c->tables, (c->n_tables + 1) * sizeof(struct tbl_memo));
	m = (struct tbl_memo *)c->tables + c->n_tables++;
	memset(m, 0, sizeof *m);
	m->node = table;
	struct diags scratch = {0};
	struct diags *saved = c->d;
	c->d = &scratch; /* errors are reported once, when the table is laid out */
	int rc = tbl_read(c, table, &m->t);
	c->d = saved;
	m->clean = rc == 0 && scratch.n == 0;
	diag_free(&scratch);
	double mn = sum(m->t.minw, m->t.n_cols), mx = sum(m->t.maxw, m->t.n_cols);
	/* too wide for portrait, or many columns of long text (the delayed-tasks appendix) */
	m->wide = mn > c->text_w || (m->t.n_cols >= 6 && mx > 2 * c->text_w);
	if (!m->clean)
		tbl_free(&m->t);
	return m->wide;
}

/* A cell's lines at some width, and the least width at which they may change (count_lines):
 * as a column only grows, a cell is measured again only when its width reaches `until`. */
struct fit {
	int lines;
	double until;
};

/* Column k's cells at width w (its padding included), from what `f` holds (measured at a
 * width no larger); a group row spans the table: 0 lines. */
static void column_fit(const struct tbl *t, size_t k, double w, double pad, struct fit *f)
{
	for (size_t r = 0; r < t->n_rows; r++) {
		const struct trow *tr = &t->rows[r];
		if (tr->group) {
			f[r] = (struct fit){0, INFINITY};
		} else if (w - pad >= f[r].until) {
			const struct wordlist *wl = &tr->cells[k].wl;
			f[r].lines = (int)count_lines(wl->v, wl->n, w - pad, &f[r].until);
		}
	}
}

/* The header row is repeated on every page: its lines count as many times as the table
 * has pages, about one for every 25 rows. */
static long header_weight(const struct tbl *t)
{
	return 1 + (long)t->n_rows / 25;
}


#define TABLE_WIDTH_STEPS 32 /* the parts the room left is given out in */
#define TABLE_LOOK 4         /* the most parts given to or moved from a column at once */
#define WIN (2 * TABLE_LOOK + 1)

/* What the search knows of one column: its cells' lines at its width and at up to
 * TABLE_LOOK parts more and less (at[i]: at w + (i - TABLE_LOOK) parts; NULL: not measured,
 * or below what the column may have). */
struct col {
	struct fit *at[WIN];
	double floor; /* its least width: its longest word, or its figures on one line */
};

/* Column k's measures after its width moved by `by` parts (as many as are known kept; the
 * ones past them measured: upwards from the one below, where count_lines' `until` spares
 * most cells; the ones below, from scratch). */
static void col_shift(const struct tbl *t, size_t k, struct col *c, int by, double step,
		      double pad, bool below)
{
	size_t R = t->n_rows;
	struct fit *was[WIN], *spare[WIN];
	int n_spare = 0;
	memcpy(was, c->at, sizeof was);
	for (int i = 0; i < WIN; i++)
		c->at[i] = i + by >= 0 && i + by < WIN ? was[i + by] : NULL;
	for (int i = 0; i < WIN; i++) /* the ones shifted out */
		if (was[i] && (i - by < 0 || i - by >= WIN))
			spare[n_spare++] = was[i];
	for (int i = 0; i < WIN; i++) {
		double w = t->w[k] + (i - TABLE_LOOK) * step;
		if (c->at[i] || (i < TABLE_LOOK && !below) || w < c->floor - 0.01 ||
		    (i > TABLE_LOOK && w - step >= t->maxw[k]))
			continue; /* known, not asked yet, or never: below its floor, or past one line */
		struct fit *f = n_spare ? spare[--n_spare] : xmalloc((R + 1) * sizeof *f);
		if (i > 0 && c->at[i - 1]) {
			memcpy(f, c->at[i - 1], R * sizeof *f);
		} else {
			for (size_t r = 0; r < R; r++)
				f[r].until = -INFINITY;
		}
		column_fit(t, k, w, pad, f);
		c->at[i] = f;
	}
	while (n_spare)
		free(spare[--n_spare]);
}

/* Each row's three tallest cells (lines, column; 1 and n where it has fewer): the tallest of
 * a row without two given columns is one of them. */
struct top3 {
	int v[3];
	size_t k[3];
};

static void rows_top3(const struct tbl *t, const struct col *cols, struct top3 *tp)
{
	size_t n = t->n_cols;
	for (size_t r = 0; r < t->n_rows; r++) {
		struct top3 x = {{1, 1, 1}, {n, n, n}};
		for (size_t j = 0; j < n; j++) {
			int v = cols[j].at[TABLE_LOOK][r].lines;
			for (int q = 0; q < 3; q++)
				if (v > x.v[q]) { /* in at q, the rest down one */
					for (int z = 2; z > q; z--)
						x.v[z] = x.v[z - 1], x.k[z] = x.k[z - 1];
					x.v[q] = v, x.k[q] = j;
					break;
				}
		}
		tp[r] = x;
	}
}

/* The table's height in lines (rows weighted) and the sum of its rows' heights squared,
 * were column `i` measured `a` and column `j` measured `b` (n, NULL: as they are). */
static void height_with(const struct tbl *t, const struct top3 *tp, const long *weight,
			size_t i, const struct fit *a, size_t j, const struct fit *b, long *total,
			long *squares)
{
	long tot = 0, sq = 0;
	for (size_t r = 0; r < t->n_rows; r++) {
		int h = 1;
		for (int q = 0; q < 3; q++)
			if (tp[r].k[q] != i && tp[r].k[q] != j) {
				h = tp[r].v[q];
				break;
			}
		if (a && a[r].lines > h)
			h = a[r].lines;
		if (b && b[r].lines > h)
			h = b[r].lines;
		tot += h * weight[r];
		sq += (long)h * h * weight[r];
	}
	*total = tot;
	*squares = sq;
}

/* Whether column j is the tallest cell of a row taller than a line (else a part more to it
 * shortens nothing). */
static bool col_holds(const struct tbl *t, const struct top3 *tp, size_t j)
{
	for (size_t r = 0; r < t->n_rows; r++)
		if (tp[r].v[0] > 1 && (tp[r].k[0] == j || (tp[r].v[1] == tp[r].v[0] && tp[r].k[1] == j)))
			return true;
	return false;
}

/* Widths that make the table as short as they can (the sum of its rows' heights, each row
 * as tall as its tallest cell), each column at least its longest word: a column of figures
 * keeps its natural width, one of short texts starts at it (and gives room back only where
 * that shortens the table), then the room left is given out in
 * TABLE_WIDTH_STEPS equal parts (Word's and the browsers' automatic widths share it by how
 * much longer each column's text is, which gives a mostly empty column of short notes as
 * much as the column of long tasks that makes every row tall):
 *   - each 1 to TABLE_LOOK at a time to the column where they save the most lines a part
 *     (one part more may take no line off a long note that three would take ten off);
 *   - then 1 to TABLE_LOOK moved from one column to another while that makes the table
 *     shorter, or as short with rows more even (the sum of their heights squared): the
 *     39-row appendix of test/e2e/fixtures/layout/ went from 298 lines with a row of 29 (one
 *     part at a time) to 290 with none over 24; content/'s 2025-01 appendix, whose short
 *     "Ghi chú" kept 82 pt, from 126 lines (Word-like shares: 117) to 113.
 * Lines are counted only (count_lines), and a cell again only where a part changes its
 * lines: a column is measured at about as many widths as it is given parts, plus those
 * moved. */
static void shortest_widths(struct tbl *t, double W, double pad)
{
	size_t n = t->n_cols, R = t->n_rows;
	double used = 0;
	for (size_t k = 0; k < n; k++) { /* figures and short texts on one line */
		bool keep = t->num[k] || t->stt[k] || t->bodyw[k] <= W * 0.12;
		t->w[k] = keep && t->bodyw[k] > t->minw[k] ? t->bodyw[k] : t->minw[k];
		used += t->w[k];
	}
	if (used > W) { /* no room for that: every column from its longest word */
		used = 0;
		for (size_t k = 0; k < n; k++)
			used += t->w[k] = t->minw[k];
	}
	double step = (W - used) / TABLE_WIDTH_STEPS;
	if (step <= 0.01)
		return;
	struct col *cols = xcalloc(n, sizeof *cols);
	for (size_t k = 0; k < n; k++) {
		/* figures keep theirs; a short text may give room to a long one (move_parts) */
		cols[k].floor = t->num[k] || t->stt[k] ? t->w[k] : t->minw[k];
		col_shift(t, k, &cols[k], 0, step, pad, false);
	}
	struct top3 *tp = xcalloc(R + 1, sizeof *tp);
	long *weight = xcalloc(R + 1, sizeof *weight);
	for (size_t r = 0; r < R; r++)
		weight[r] = t->rows[r].header ? header_weight(t) : 1;
	/* each row's tallest cell, how many cells are that tall, and the next tallest */
	int *top = xcalloc(R + 1, sizeof *top), *n_top = xcalloc(R + 1, sizeof *n_top);
	int *second = xcalloc(R + 1, sizeof *second);
	for (int left = TABLE_WIDTH_STEPS; left > 0;) {
		for (size_t r = 0; r < R; r++) {
			int a = 1, na = 0, b = 1;
			for (size_t j = 0; j < n; j++) {
				int v = cols[j].at[TABLE_LOOK][r].lines;
				if (v > a)
					b = a, a = v, na = 1;
				else if (v == a)
					na++;
				else if (v > b)
					b = v;
			}
			top[r] = a, n_top[r] = na, second[r] = b;
		}
		long best = 0;
		int parts = 1;
		size_t to = n;
		for (size_t k = 0; k < n; k++) {
			const struct fit *now = cols[k].at[TABLE_LOOK];
			for (int m = 1; m <= TABLE_LOOK && m <= left; m++) {
				if (t->w[k] + (m - 1) * step >= t->maxw[k]) /* on one line already */
					break;
				const struct fit *then = cols[k].at[TABLE_LOOK + m];
				long gain = 0;
				for (size_t r = 0; r < R; r++) {
					if (now[r].lines < top[r])
						continue; /* not its tallest cell: the row keeps its height */
					int other = n_top[r] == 1 ? second[r] : top[r];
					int after = then[r].lines > other ? then[r].lines : other;
					gain += (top[r] - after) * weight[r];
				}
				if (gain * parts > best * m) {
					best = gain;
					parts = m;
					to = k;
				}
			}
		}
		if (to == n) { /* no part shortens a row alone (two columns hold it tall): to
				* the column that holds the most lines of rows tall */
			long most = 0;
			for (size_t k = 0; k < n; k++) {
				if (t->w[k] >= t->maxw[k])
					continue;
				long held = 0;
				for (size_t r = 0; r < R; r++)
					held += cols[k].at[TABLE_LOOK][r].lines == top[r] && top[r] > 1
							? top[r] * weight[r]
							: 0;
				if (held > most) {
					most = held;
					to = k;
				}
			}
			if (to == n)
				break;
		}
		t->w[to] += parts * step;
		left -= parts;
		col_shift(t, to, &cols[to], parts, step, pad, false);
	}
	/* then parts moved between columns (the measures below each width taken now) */
	for (size_t k = 0; k < n; k++)
		col_shift(t, k, &cols[k], 0, step, pad, true);
	for (int moves = 0; moves < TABLE_WIDTH_STEPS; moves++) {
		rows_top3(t, cols, tp);
		long total, squares;
		height_with(t, tp, weight, n, NULL, n, NULL, &total, &squares);
		size_t from = n, to = n;
		int parts = 0;
		for (size_t j = 0; j < n; j++) {
			if (!col_holds(t, tp, j))
				continue;
			for (size_t i = 0; i < n; i++)
				for (int m = 1; i != j && m <= TABLE_LOOK; m++) {
					const struct fit *less = cols[i].at[TABLE_LOOK - m];
					if (!less || t->w[j] + (m - 1) * step >= t->maxw[j])
						break;
					long tt, sq;
					height_with(t, tp, weight, i, less, j, cols[j].at[TABLE_LOOK + m],
						    &tt, &sq);
					if (tt < total || (tt == total && sq < squares)) {
						total = tt, squares = sq;
						from = i, to = j, parts = m;
					}
				}
		}
		if (from == n)
			break;
		t->w[to] += parts * step;
		col_shift(t, to, &cols[to], parts, step, pad, true);
		t->w[from] -= parts * step;
		col_shift(t, from, &cols[from], -parts, step, pad, true);
	}
	/* what is left (every column on one line), shared by natural width */
	double left = W - sum(t->w, n), mx = sum(t->maxw, n);
	for (size_t k = 0; k < n && left > 0.01; k++)
		t->w[k] += left * (mx > 0 ? t->maxw[k] / mx : 1.0 / (double)n);
	for (size_t k = 0; k < n; k++)
		for (int i = 0; i < WIN; i++)
			free(cols[k].at[i]);
	free(cols);
	free(tp);
	free(weight);
	free(top);
	free(n_top);
	free(second);
}

/* Column widths: everything at its natural width, stretched to the text width; else the
 * widths that make the table shortest; else (the longest words do not fit) each column as
 * much of the width as its longest word is of theirs. */
static void widths(struct tbl *t, double W, double pad)
{
	size_t n = t->n_cols;
	double mn = sum(t->minw, n), mx = sum(t->maxw, n);
	if (mx > W && mn <= W) {
		shortest_widths(t, W, pad);
		return;
	}
	for (size_t k = 0; k < n; k++) {
		if (mx <= W)
			t->w[k] = t->maxw[k] + (W - mx) * (mx > 0 ? t->maxw[k] / mx : 1.0 / (double)n);
		else /* nothing fits: long words will be split */
			t->w[k] = W * t->minw[k] / mn;
	}
}

struct cell_lines {
	struct line *lines;
	size_t n;
	enum align al;
	double x, w; /* inner */
};

/* One line of a cell drawn into a row's box, its top `top` below the box's, and the footnotes
 * its words call kept with the box (they go to the foot of the page the box lands on). */
static void cell_line(struct pdf_ctx *c, struct box *b, const struct word *words,
		      const struct line *ln, const struct cell_lines *cl, double top)
{
	const struct pdf_style *st = c->st;
	double lh = st->table_size * st->table_line_height;
	double *xs = xmalloc((ln->n + 1) * sizeof *xs);
	place_words(words, ln, cl->w, cl->al, xs);
	draw_words(b, words, ln, xs, cl->x,
		   top + (lh - 1.107 * st->table_size) / 2 + 0.891 * st->table_size);
	free(xs);
	for (size_t j = 0; j < ln->n; j++) {
		const struct word *w = &words[ln->first + j];
		if (!w->n_fns)
			continue;
		b->fns = xrealloc(b->fns, (b->n_fns + w->n_fns) * sizeof(int));
		memcpy(b->fns + b->n_fns, w->fns, w->n_fns * sizeof(int));
		b->n_fns += w->n_fns;
	}
}

/* One row box holding lines [from, to) of every cell (rows taller than a page are cut). */
static void row_box(struct pdf_ctx *c, struct tbl *t, struct trow *tr, struct cell_lines *cl,
		    size_t ncl, size_t from, size_t to, long header)
{
	const struct pdf_style *st = c->st;
	double lh = st->table_size * st->table_line_height;
	size_t most = 0;
	for (size_t k = 0; k < ncl; k++) {
		size_t a = from < cl[k].n ? from : cl[k].n, b = to < cl[k].n ? to : cl[k].n;
		if (b - a > most)
			most = b - a;
	}
	struct box *b = box_new(&c->boxes, BOX_ROW);
	b->h = (double)(most ? most : 1) * lh + 2 * st->cell_pad_y;
	b->header = header;
	double x = 0;
	for (size_t k = 0; k < ncl; k++) {
		struct cell *ce = &tr->cells[k];
		size_t a = from < cl[k].n ? from : cl[k].n, e = to < cl[k].n ? to : cl[k].n;
		double cell_w = cl[k].w + 2 * st->cell_pad_x;
		op_rect(b, x, 0, cell_w, b->h, st->border);
		/* vertically centred, as these reports set their tables */
		double y0 = st->cell_pad_y + ((double)most - (double)(e - a)) * lh / 2;
		for (size_t i = a; i < e; i++)
			cell_line(c, b, ce->wl.v, &cl[k].lines[i], &cl[k], y0 + (double)(i - a) * lh);
		x += cell_w;
	}
	/* a table's rows stay until the report is drawn: no room to spare in each */
	if (b->n_ops && b->n_ops < b->cap_ops) {
		b->ops = xrealloc(b->ops, b->n_ops * sizeof *b->ops);
		b->cap_ops = b->n_ops;
	}
	(void)t;
}

/* A row of more than ROW_SPLIT_LINES lines may break across pages, as Word's rows do ("allow
 * row to break across pages", on by default): it is laid out as slices of a line, which the
 * pagination places as it places a paragraph's lines (at least two at a page's foot and two
 * at the next top, its header repeated above them). Each cell keeps its lines centred in the
 * row, to the line. A row of more than ROW_SLICES lines is cut into ROW_SLICES slices of
 * several lines (at most a page's worth each): a box costs ~1 KB, and a table file of
 * one-word lines would otherwise cost a box for every line (test_limits.py). */
#define ROW_SPLIT_LINES 3
#define ROW_SLICES 16

/* The lines [from, to) (of `most`) of a row as one box: the row's top or bottom border on
 * its first or last slice, and the cells' lines that fall on it (the cells' side borders:
 * render.c, from the first slice's `rules`). */
static void row_slice(struct pdf_ctx *c, struct trow *tr, struct cell_lines *cl, size_t ncl,
		      size_t from, size_t to, size_t most, long header, long row)
{
	const struct pdf_style *st = c->st;
	double lh = st->table_size * st->table_line_height;
	bool first = from == 0, last = to == most;
	struct box *b = box_new(&c->boxes, BOX_ROW);
	b->h = (double)(to - from) * lh + (first ? st->cell_pad_y : 0) + (last ? st->cell_pad_y : 0);
	b->header = header;
	b->row = row;
	if (first) {
		b->rules = xmalloc((ncl + 1) * sizeof *b->rules);
		b->n_rules = ncl + 1;
	}
	double x = 0, y0 = first ? st->cell_pad_y : 0, row_w = 0;
	for (size_t k = 0; k < ncl; k++)
		row_w += cl[k].w + 2 * st->cell_pad_x;
	if (first) /* the row's top and bottom borders: one rule each across it */
		op_line(b, 0, 0, row_w, 0, st->border);
	if (last)
		op_line(b, 0, b->h, row_w, b->h, st->border);
	for (size_t k = 0; k < ncl; k++) {
		double cell_w = cl[k].w + 2 * st->cell_pad_x;
		if (first)
			b->rules[k] = x;
		size_t off = (most - cl[k].n) / 2;
		for (size_t L = from; L < to; L++) {
			if (L < off || L - off >= cl[k].n)
				continue;
			cell_line(c, b, tr->cells[k].wl.v, &cl[k].lines[L - off], &cl[k],
				  y0 + (double)(L - from) * lh);
		}
		x += cell_w;
	}
	if (first)
		b->rules[ncl] = x;
	if (!last)
		b->split_rule = x;
	/* two lines at least at a page's foot, and at the next one's top */
	b->keep_next = to < 2 || (to < most && most - to < 2);
}

int layout_table(struct pdf_ctx *c, cmark_node *table)
{
	const struct pdf_style *st = c->st;
	struct tbl t;
	struct tbl_memo *m = memo_find(c, table);
	int rc = 0;
	if (m && m->clean) { /* taken over: the memo no longer owns it */
		t = m->t;
		m->clean = false;
	} else {
		rc = tbl_read(c, table, &t);
	}
	double W = c->landscape ? c->text_w_land : c->text_w;
	double page_h = c->landscape ? c->text_h_land : c->text_h;
	/* A column narrower than one character and its padding cannot show its text (the
	 * letters would be drawn over one another): such a table is an error, not a mess. */
	double least = st->table_size + 2 * st->cell_pad_x;
	if ((double)t.n_cols * least > W) {
		diag_add(c->d, c->rep->md_path, node_line(table), 1,
			 "a table of %zu columns is too wide for the page (at most %d fit)",
			 t.n_cols, (int)(c->text_w_land / least));
		tbl_free(&t);
		return -1;
	}
	widths(&t, W, 2 * st->cell_pad_x);
	double lh = st->table_size * st->table_line_height;
	long header = -1;
	double header_h = 0;
	for (size_t r = 0; r < t.n_rows; r++) {
		struct trow *tr = &t.rows[r];
		size_t ncl = tr->group ? 1 : t.n_cols;
		struct cell_lines *cl = xcalloc(ncl, sizeof *cl);
		double x = 0;
		size_t most = 0;
		for (size_t k = 0; k < ncl; k++) {
			double w = tr->group ? W : t.w[k];
			cl[k].w = w - 2 * st->cell_pad_x;
			cl[k].x = x + st->cell_pad_x;
			x += w;
			uint8_t a = t.align ? t.align[k] : 0;
			cl[k].al = tr->header || t.stt[k] || a == 'c' ? AL_CENTER
				   : a == 'r' || (a == 0 && t.num[k])	    ? AL_RIGHT
									    : AL_LEFT;
			if (tr->group)
				cl[k].al = AL_LEFT;
			words_split_wide(&tr->cells[k].wl, &c->fs, cl[k].w);
			cl[k].n = break_lines(tr->cells[k].wl.v, tr->cells[k].wl.n, cl[k].w, cl[k].w,
					      &cl[k].lines);
			if (cl[k].n > most)
				most = cl[k].n;
		}
		/* a row taller than a page is cut into pieces that fit under the header */
		size_t per = (size_t)((page_h - header_h - 2 * st->cell_pad_y) / lh);
		if (per < 1)
			per = 1;
		size_t first_box = c->boxes.n;
		if (!tr->header && most > ROW_SPLIT_LINES) {
			size_t g = (most + ROW_SLICES - 1) / ROW_SLICES; /* lines a slice */
			g = g > per ? per : g;
			for (size_t from = 0; from < most; from += g)
				row_slice(c, tr, cl, ncl, from, from + g < most ? from + g : most, most,
					  header, (long)first_box);
		} else
			for (size_t from = 0; from < (most ? most : 1); from += per)
				row_box(c, &t, tr, cl, ncl, from, from + per, tr->header ? -1 : header);
		if (r == 0)
			c->boxes.v[first_box].before = st->para_space;
		if (tr->header) {
			header = (long)first_box;
			header_h = c->boxes.v[first_box].h;
			c->boxes.v[first_box].keep_next = true; /* never alone at a page's foot */
		}
		for (size_t k = 0; k < ncl; k++)
			free(cl[k].lines);
		free(cl);
		/* drawn: its words are no longer needed (a table's would all be held till its
		 * end otherwise) */
		for (size_t k = 0; k < tr->n; k++)
			wordlist_free(&tr->cells[k].wl);
	}
	tbl_free(&t);
	return rc;
}
