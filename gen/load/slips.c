/* slips.c — Markdown written the way text pasted from Word comes, which cmark-gfm would
 * publish without a word: a footnote referenced but not defined (printed "[^2]") or defined
 * but not referenced (its text lost), a table whose second line or one of its rows has the
 * wrong number of cells (printed as a paragraph of pipes; the extra cells lost), an image or
 * a link whose file name has spaces (printed as raw Markdown) are errors; a Word bullet
 * ("•<TAB>") and a heading without the space after its "#" are warnings (the text is all
 * published, in the wrong shape). Found on the parsed tree, located in r->source
 * (docs/content-format.md). */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <utf8proc.h>

#include "internal.h"

/* Line `line` (1-based) of r->source and its length without '\n'; "" when there is none. */
static const char *src_line(const struct report *r, int line, size_t *len)
{
	*len = 0;
	if (!r->source || !r->line_starts || line < 1 || (size_t)line > r->n_line_starts)
		return "";
	const char *p = r->source + r->line_starts[line - 1];
	*len = strcspn(p, "\n");
	return p;
}

static int col_at(const struct report *r, int line, const char *p, const char *at)
{
	return report_column(r, line, (int)(at - p) + 1);
}

static bool blank(const char *s, const char *e)
{
	for (; s < e; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

static bool has_ancestor(cmark_node *n, cmark_node_type t)
{
	for (n = cmark_node_parent(n); n; n = cmark_node_parent(n))
		if (cmark_node_get_type(n) == t)
			return true;
	return false;
}

/* Where the text of line `line` of a paragraph starts: on its first line at the paragraph's
 * column, on the others after the indentation and, in a quote, the '>' that continue it. */
static const char *para_text(const struct report *r, cmark_node *para, int line, bool quoted,
			     const char **end)
{
	size_t len;
	const char *p = src_line(r, line, &len), *q = p;
	*end = p + len;
	if (line == cmark_node_get_start_line(para)) {
		size_t c = (size_t)cmark_node_get_start_column(para);
		q = p + (c >= 1 && c - 1 <= len ? c - 1 : 0);
	}
	while (q < *end && (*q == ' ' || *q == '\t' || (quoted && *q == '>')))
		q++;
	return q;
}

/* ---- tables ---- */

/* The cells of a table's line from s (at its first '|' or text) to e, split as cmark-gfm
 * splits them: at every '|' without a backslash just before it (code spans too: GFM splits
 * "`a|b`"; "\\|" is a backslash and a '|' in the cell), a
 * leading and a trailing '|' opening and closing the row. Returns how many; *extra is set
 * to the first text of a cell after the first `keep` (NULL when those are all empty). */
static int count_cells(const char *s, const char *e, int keep, const char **extra)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (s < e && *s == '|')
		s++;
	int n = 0;
	const char *cell = s;
	if (extra)
		*extra = NULL;
	for (const char *q = s; q <= e; q++) {
		if (q < e && *q == '\\' && q + 1 < e && q[1] == '|') {
			q++;
			continue;
		}
		if (q < e && *q != '|')
			continue;
		if (q == e && cell == e && n > 0)
			break; /* the row ends with '|' */
		if (extra && !*extra && n >= keep && !blank(cell, q)) {
			const char *t = cell;
			while (*t == ' ' || *t == '\t')
				t++;
			*extra = t;
		}
		n++;
		cell = q + 1;
	}
	return n;
}

/* A table's second line: only '|', '-', ':' and spaces, with a '|' and a '-'. */
static bool separator_like(const char *s, const char *e)
{
	bool bar = false, dash = false;
	for (; s < e; s++) {
		if (*s == '|')
			bar = true;
		else if (*s == '-')
			dash = true;
		else if (*s != ':' && *s != ' ' && *s != '\t')
			return false;
	}
	return bar && dash;
}

static void check_table(const struct report *r, cmark_node *table, struct diags *d)
{
	int cols = (int)cmark_gfm_extensions_get_table_columns(table);
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
		int line = cmark_node_get_start_line(row);
		size_t len, c = (size_t)cmark_node_get_start_column(row);
		const char *p = src_line(r, line, &len), *extra;
		const char *s = p + (c >= 1 && c - 1 <= len ? c - 1 : 0);
		int n = count_cells(s, p + len, cols, &extra);
		if (extra)
			diag_add(d, r->md_path, line, col_at(r, line, p, extra),
				 "a table row of %d cells under a header of %d: the cells from here on "
				 "would not be published (add the column to the header and the second "
				 "line, or write \\| for a | inside a cell)",
				 n, cols);
	}
}

/* A paragraph that starts a table (a line "| …", then a line of "|---|") but did not become
 * one: its second line has another number of cells than its first. */
static void check_failed_table(const struct report *r, cmark_node *para, bool quoted,
			       struct diags *d)
{
	int first = cmark_node_get_start_line(para), last = cmark_node_get_end_line(para);
	for (int line = first; line < last; line++) {
		const char *e1, *e2;
		const char *h = para_text(r, para, line, quoted, &e1);
		const char *s = para_text(r, para, line + 1, quoted, &e2);
		if (h >= e1 || *h != '|' || !separator_like(s, e2))
			continue;
		int want = count_cells(h, e1, 0, NULL), got = count_cells(s, e2, 0, NULL);
		if (want != got) {
			size_t len;
			const char *p = src_line(r, line + 1, &len);
			diag_add(d, r->md_path, line + 1, col_at(r, line + 1, p, s),
				 "a table's second line must have as many cells as its header (%d; "
				 "this one has %d)",
				 want, got);
		}
	}
}

/* ---- text cmark-gfm left as text ---- */

/* A text node's line in the source, searched from left to right for what its literal holds:
 * the candidates of one literal come in order, so each search goes on from the last place
 * found (a line of 100 000 "[^x]" is read once). */
struct written {
	const char *line, *end, *cur;
	bool lost; /* a search found nothing: the source spells it otherwise (an entity) */
};

static struct written written_start(const struct report *r, cmark_node *text)
{
	size_t len, c = (size_t)cmark_node_get_start_column(text);
	struct written w = {.line = src_line(r, cmark_node_get_start_line(text), &len)};
	w.end = w.line + len;
	w.cur = w.line + (c >= 1 && c - 1 <= len ? c - 1 : 0);
	return w;
}

/* The place of `what` (the bytes lit[at, at+n) of a text node) as it is written in the
 * source, on *line and *col; false when it is written escaped (a "\[" meant as text). The
 * column falls back to the node's own plus the characters before it when the source spells
 * it otherwise. */
static bool text_place(const struct report *r, cmark_node *text, struct written *w,
		       const char *lit, size_t at, size_t n, int *line, int *col)
{
	bool escaped = false;
	const char *found = NULL;
	for (const char *q = w->cur; !w->lost && !found && q + n <= w->end; q++) {
		if (memcmp(q, lit + at, n) != 0)
			continue;
		size_t bs = 0;
		for (const char *b = q; b > w->line && b[-1] == '\\'; b--)
			bs++;
		if (bs % 2 == 0)
			found = q;
		else
			escaped = true;
		w->cur = q + 1;
	}
	if (!found && escaped)
		return false;
	if (!found)
		w->lost = true;
	*line = node_line(text);
	if (found)
		*col = col_at(r, *line, w->line, found);
	else
		*col = report_column(r, *line, cmark_node_get_start_column(text)) +
		       diag_column(lit, at) - 1;
	return true;
}

/* "[^label]" in a text: a footnote reference cmark-gfm found no definition for. */
static void check_footnote_refs(const struct report *r, cmark_node *text, struct diags *d)
{
	const char *lit = cmark_node_get_literal(text);
	struct written w = written_start(r, text);
	for (const char *s = lit ? strstr(lit, "[^") : NULL; s; s = strstr(s + 2, "[^")) {
		const char *l = s + 2;
		size_t n = strcspn(l, "] \t[");
		if (!n || n > 100 || l[n] != ']')
			continue;
		int line, col;
		if (text_place(r, text, &w, lit, (size_t)(s - lit), n + 3, &line, &col))
			diag_add(d, r->md_path, line, col,
				 "footnote [^%.*s] is referenced but not defined: write its text on a "
				 "line of its own, \"[^%.*s]: …\" (or correct the reference)",
				 (int)n, l, (int)n, l);
	}
}

static bool looks_like_address(const char *s, size_t n)
{
	if (memchr(s, '/', n))
		return true;
	size_t k = 0; /* a file name's extension: ".pdf", ".xlsx" */
	while (k < n && k <= 5 && ((s[n - 1 - k] >= 'a' && s[n - 1 - k] <= 'z') ||
				    (s[n - 1 - k] >= 'A' && s[n - 1 - k] <= 'Z') ||
				    (s[n - 1 - k] >= '0' && s[n - 1 - k] <= '9')))
		k++;
	return k >= 2 && k <= 5 && k < n && s[n - 1 - k] == '.';
}

/* "![…](a b.png)" or "[…](a b.pdf)" in a text: an image or a link cmark-gfm did not take,
 * its address having spaces outside <…>. */
static void check_spaced_targets(const struct report *r, cmark_node *text, struct diags *d)
{
	const char *lit = cmark_node_get_literal(text);
	if (!lit || !strstr(lit, "]("))
		return;
	struct written w = written_start(r, text);
	/* the '[' still open, innermost last: each "](" closes the last one (one pass; a line of
	 * 100 000 "[" and "](u)" is read once) */
	size_t n_open = 0, cap = 16;
	const char **opens = malloc(cap * sizeof *opens);
	if (!opens)
		return;
	for (const char *m = lit; *m; m++) {
		if (*m == '[') {
			if (n_open == cap) {
				const char **v = realloc(opens, 2 * cap * sizeof *opens);
				if (!v)
					break;
				opens = v;
				cap *= 2;
			}
			opens[n_open++] = m;
			continue;
		}
		if (*m != ']')
			continue;
		const char *open = n_open ? opens[--n_open] : NULL;
		if (m[1] != '(')
			continue;
		/* the ')' that closes the address: a file name, not a page of text */
		const char *t = m + 2, *close = NULL;
		int depth = 0;
		for (const char *q = t; *q && !close && q - t < 1024; q++) {
			if (*q == '(')
				depth++;
			else if (*q == ')' && depth-- == 0)
				close = q;
		}
		if (!open || !close)
			continue;
		const char *ts = t, *te = close;
		while (ts < te && *ts == ' ')
			ts++;
		while (te > ts && te[-1] == ' ')
			te--;
		if (ts == te || *ts == '<' || !memchr(ts, ' ', (size_t)(te - ts)))
			continue;
		bool image = open > lit && open[-1] == '!';
		if (!image && !looks_like_address(ts, (size_t)(te - ts)))
			continue; /* "[1](xem mục 2)": words in brackets, not a link */
		const char *from = image ? open - 1 : open;
		int line, col, tn = (int)(te - ts);
		bool placed = text_place(r, text, &w, lit, (size_t)(from - lit),
					 (size_t)(close + 1 - from), &line, &col);
		if (placed && image)
			diag_add(d, r->md_path, line, col,
				 "an image's file name with spaces must be written in <…>: "
				 "![…](<%.*s>)",
				 tn, ts);
		else if (placed)
			diag_add(d, r->md_path, line, col,
				 "a link's address with spaces must be written in <…>: […](<%.*s>)", tn,
				 ts);
		m = close;
	}
	free(opens);
}

/* ---- footnote definitions ---- */

/* "[^label]:" opening a line that no block of the tree holds: a footnote definition that
 * cmark-gfm dropped, as nothing references it. */
static void check_footnote_defs(const struct report *r, struct diags *d)
{
	size_t n = r->n_line_starts;
	unsigned char *held = calloc(n + 2, 1);
	if (!held)
		return;
	cmark_iter *it = cmark_iter_new(r->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER || t == CMARK_NODE_DOCUMENT || t == CMARK_NODE_LIST ||
		    t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE ||
		    (cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK)
			continue;
		int a = cmark_node_get_start_line(node), b = cmark_node_get_end_line(node);
		for (int l = a > 0 ? a : 1; l <= b && (size_t)l <= n; l++)
			held[l] = 1;
	}
	cmark_iter_free(it);
	for (size_t line = 1; line <= n; line++) {
		if (held[line])
			continue;
		size_t len;
		const char *p = src_line(r, (int)line, &len), *e = p + len, *s = p;
		while (s < e && (*s == ' ' || *s == '\t' || *s == '>'))
			s++;
		if (e - s < 5 || s[0] != '[' || s[1] != '^')
			continue;
		size_t k = strcspn(s + 2, "] \t[\n");
		if (!k || s + 2 + k + 1 >= e || s[2 + k] != ']' || s[3 + k] != ':')
			continue;
		diag_add(d, r->md_path, (int)line, col_at(r, (int)line, p, s),
			 "footnote [^%.*s] is defined but never referenced: its text would not be "
			 "published (write [^%.*s] where it belongs, or remove the note)",
			 (int)k, s + 2, (int)k, s + 2);
	}
	free(held);
}

void report_check_slips(const struct report *r, struct diags *d)
{
	if (!r->doc || !r->source)
		return;
	cmark_iter *it = cmark_iter_new(r->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(node);
		if (t == CMARK_NODE_TEXT) {
			check_footnote_refs(r, node, d);
			check_spaced_targets(r, node, d);
		} else if (t == CMARK_NODE_PARAGRAPH) {
			check_failed_table(r, node, has_ancestor(node, CMARK_NODE_BLOCK_QUOTE), d);
		} else if (node_is(node, "table")) {
			check_table(r, node, d);
		}
	}
	cmark_iter_free(it);
	check_footnote_defs(r, d);
}

/* ---- warnings ---- */

/* The Word bullets a pasted list keeps as text: a bullet, "", an en or em dash. */
static size_t word_bullet(const char *s, const char *e)
{
	static const char *const bullets[] = {"•", "●", "▪", "◦", "\xEF\x82\xB7", "–", "—"};
	for (size_t i = 0; i < sizeof bullets / sizeof *bullets; i++) {
		size_t n = strlen(bullets[i]);
		if ((size_t)(e - s) > n && memcmp(s, bullets[i], n) == 0 &&
		    (s[n] == ' ' || s[n] == '\t'))
			return n;
	}
	return 0;
}

/* 1–6 '#' and then a letter or a digit: a heading without its space. Returns the '#'s. */
static size_t hashes_then_word(const char *s, const char *e)
{
	size_t k = 0;
	while (s + k < e && s[k] == '#')
		k++;
	if (k < 1 || k > 6 || s + k >= e)
		return 0;
	utf8proc_int32_t cp;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s + k, e - s - (ptrdiff_t)k, &cp) < 1)
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO ? k : 0;
}

void report_review_slips(const struct report *r, struct diags *w)
{
	if (!r->doc || !r->source)
		return;
	cmark_iter *it = cmark_iter_new(r->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *para = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
			continue;
		bool quoted = has_ancestor(para, CMARK_NODE_BLOCK_QUOTE);
		cmark_node *parent = cmark_node_parent(para);
		/* the first line of a list item's first paragraph follows the item's "- " */
		bool item_first = parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM &&
				  cmark_node_first_child(parent) == para;
		int first = cmark_node_get_start_line(para), last = cmark_node_get_end_line(para);
		for (int line = first; line > 0 && line <= last; line++) {
			const char *e, *s = para_text(r, para, line, quoted, &e);
			size_t len, n;
			const char *p = src_line(r, line, &len);
			if (!(item_first && line == first) && (n = word_bullet(s, e)))
				diag_warn(w, r->md_path, line, col_at(r, line, p, s),
					  "a line starting with %.*s is not a list item: write \"- \" at "
					  "its start",
					  (int)n, s);
			else if ((n = hashes_then_word(s, e))) {
				size_t word = strcspn(s, " \t\n");
				diag_warn(w, r->md_path, line, col_at(r, line, p, s),
					  "\"%.*s\" is not a heading: write a space after the # (\"%.*s "
					  "%.*s …\")",
					  (int)word, s, (int)n, s, (int)(word - n), s + n);
			}
		}
	}
	cmark_iter_free(it);
}
