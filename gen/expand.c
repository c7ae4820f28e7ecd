/* expand.c — the {{…}} references (docs/content-format.md) resolved on the parsed tree:
 *   {{id}} {{id.prev}} {{id.delta}}  -> the formatted value, inside the text node's literal
 *                                       (text, never markup)
 *   {{table F.csv}}                  -> a GFM table node, built by cmark-gfm itself from a
 *                                       skeleton and filled with text nodes
 *   {{chart id}}                     -> a CMARK_NODE_CUSTOM_BLOCK carrying a struct chart
 * Block references must stand alone in their paragraph. */
#include "expand.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmark-gfm-core-extensions.h>

#include "figures.h"
#include "i18n.h"
#include "load/load.h"
#include "text.h"
#include "util.h"
#include "vn.h"

/* cmark-gfm 0.29 is not thread-safe in two places: registering the extensions (once), and
 * the inline parser's table of special characters, which every parser with inline
 * extensions changes in cmark_parser_finish (it adds its extensions' characters, parses the
 * inlines, and removes them again). Reports are loaded on several threads, so finishing
 * such a parser holds a lock; reading the blocks (cmark_parser_feed), and the tables'
 * skeletons, which need no inline extension, run in parallel. */
static pthread_once_t registered = PTHREAD_ONCE_INIT;
static pthread_mutex_t inline_lock = PTHREAD_MUTEX_INITIALIZER;

static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/* Markdown with the extensions named (of table, strikethrough, autolink). Only the inline
 * ones (strikethrough, autolink) make cmark_parser_finish change the shared table, on the
 * entries of their own characters (~ : w), so a parser without them finishes unlocked. */
static cmark_node *parse_with(const char *text, size_t len, const char *const *exts,
			      size_t n_exts, bool inline_exts)
{
	pthread_once(&registered, register_extensions);
	cmark_parser *p = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS);
	for (size_t i = 0; i < n_exts; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	cmark_parser_feed(p, text, len);
	if (inline_exts)
		pthread_mutex_lock(&inline_lock);
	cmark_node *doc = cmark_parser_finish(p);
	if (inline_exts)
		pthread_mutex_unlock(&inline_lock);
	cmark_parser_free(p);
	cmark_consolidate_text_nodes(doc);
	return doc;
}

cmark_node *markdown_parse(const char *text, size_t len)
{
	static const char *const exts[] = {"table", "strikethrough", "autolink"};
	return parse_with(text, len, exts, 3, true);
}

/* A table skeleton (table_node): rows of empty cells, which need the table extension only and
 * hold none of the characters the inline extensions add. */
static cmark_node *table_skeleton_parse(const char *text, size_t len)
{
	static const char *const exts[] = {"table"};
	return parse_with(text, len, exts, 1, false);
}

struct ctx {
	struct site *site;
	size_t ri;
	struct report *r;
	struct diags *d;
	struct figure_refs refs; /* what the references made, for the figure check */
};

static void err_at(struct ctx *c, cmark_node *text, size_t off_chars, const char *fmt, ...)
	DIAG_PRINTF(4, 5);

/* Locates an error at the `off_chars`-th character of a text node's literal. */
static void err_at(struct ctx *c, cmark_node *text, size_t off_chars, const char *fmt, ...)
{
	int line = cmark_node_get_start_line(text);
	int col = 1;
	if (line > 0)
		col = report_column(c->r, line, cmark_node_get_start_column(text)) + (int)off_chars;
	else
		line = node_line(text);
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(c->d, c->r->md_path, line, col, fmt, ap);
	va_end(ap);
}

static size_t chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

/* The length of the blank at s (n bytes): a space, a tab, or a no-break space (U+00A0,
 * which Word and e-mail paste for a space and the eye cannot tell from one); 0 if none. */
static size_t blank_at(const char *s, size_t n)
{
	if (n && (*s == ' ' || *s == '\t'))
		return 1;
	return n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0 ? 2 : 0;
}

/* Trims blanks from both ends of [*s, *s+*n). */
static void trim(const char **s, size_t *n)
{
	for (size_t k; (k = blank_at(*s, *n));) {
		*s += k;
		*n -= k;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
		      (*n >= 2 && (unsigned char)(*s)[*n - 2] == 0xC2 &&
		       (unsigned char)(*s)[*n - 1] == 0xA0)))
		*n -= (*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ? 1 : 2;
}

static bool starts_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n > k && memcmp(s, w, k) == 0 && blank_at(s + k, n - k);
}

/* ---- values ---- */

/* The text of {{id}}, {{id.prev}} or {{id.delta}}, or NULL after an error; *made says which
 * indicator and field. */
static char *value_text(struct ctx *c, cmark_node *node, size_t at, const char *ref, size_t n,
			struct figure_ref *made)
{
	const char *dot = memchr(ref, '.', n);
	size_t idlen = dot ? (size_t)(dot - ref) : n;
	const char *field = dot ? dot + 1 : NULL;
	size_t flen = dot ? n - idlen - 1 : 0;
	long ind = indicator_find(c->site, ref, idlen);
	if (ind < 0) {
		err_at(c, node, at, "unknown indicator \"%.*s\" (not in indicators.csv)", (int)idlen,
		       ref);
		return NULL;
	}
	const struct indicator *I = &c->site->indicators[ind];
	const struct value *cur = &c->r->values[ind];
	bool prev_wanted = field && flen == 4 && memcmp(field, "prev", 4) == 0;
	bool delta_wanted = field && flen == 5 && memcmp(field, "delta", 5) == 0;
	if (field && !prev_wanted && !delta_wanted) {
		err_at(c, node, at, "unknown reference \"{{%.*s}}\" (write {{id}}, {{id.prev}} or "
				    "{{id.delta}})",
		       (int)n, ref);
		return NULL;
	}
	c->r->uses[ind] |= (prev_wanted ? 0 : USES_VALUE) | (field ? USES_HISTORY : 0);
	made->indicator = (size_t)ind;
	made->field = prev_wanted ? REF_PREV : delta_wanted ? REF_DELTA : REF_VALUE;
	if (!cur->present && !prev_wanted) {
		if (!cur->line) /* a value with its own error was reported in kpi.csv */
			err_at(c, node, at, "no value for \"%s\" in this report's kpi.csv", I->id);
		return NULL;
	}
	if (!field)
		return vn_format(cur->number, I->format);
	long pi = value_prev(c->site, c->ri, (size_t)ind);
	if (pi < 0) {
		for (size_t r = 0; r < c->ri; r++)
			if (c->site->reports[r].values[ind].line)
				return NULL; /* its value there has an error of its own */
		err_at(c, node, at, "no earlier value of \"%s\" in a previous report to compare with",
		       I->id);
		return NULL;
	}
	struct decimal prev = c->site->reports[pi].values[ind].number;
	if (prev_wanted)
		return vn_format(prev, I->format);
	return vn_delta(decimal_sub(cur->number, prev), I->format);
}

/* Replaces the inline references in a text node's literal. */
static void expand_text(struct ctx *c, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	if (!lit || !strstr(lit, "{{"))
		return;
	struct buf out;
	buf_init(&out);
	bool changed = false;
	const char *p = lit;
	size_t at = 0; /* characters before p: counted as p moves (a line of 30 000 references) */
	for (;;) {
		const char *open = strstr(p, "{{");
		if (!open) {
			buf_puts(&out, p);
			break;
		}
		buf_put(&out, p, (size_t)(open - p));
		at += chars(p, (size_t)(open - p));
		const char *close = strstr(open + 2, "}}");
		if (!close) {
			err_at(c, node, at, "\"{{\" without a closing \"}}\"");
			buf_puts(&out, open);
			break;
		}
		const char *ref = open + 2;
		size_t n = (size_t)(close - ref);
		trim(&ref, &n);
		if (starts_word(ref, n, "table") || starts_word(ref, n, "chart")) {
			err_at(c, node, at, "{{%.5s …}} must stand alone in its paragraph", ref);
			buf_put(&out, open, (size_t)(close + 2 - open));
		} else {
			struct figure_ref made = {.node = node};
			char *v = value_text(c, node, at, ref, n, &made);
			if (v) {
				made.src_start = (size_t)(open - lit);
				made.src_end = (size_t)(close + 2 - lit);
				made.out_start = out.len;
				buf_puts(&out, v);
				made.out_end = out.len;
				figure_refs_add(&c->refs, made);
				free(v);
				changed = true;
			} else {
				buf_put(&out, open, (size_t)(close + 2 - open));
			}
		}
		at += chars(open, (size_t)(close + 2 - open));
		p = close + 2;
	}
	if (changed)
		cmark_node_set_literal(node, out.s);
	buf_free(&out);
}

/* ---- tables ---- */

/* One table (a {{table}} file, or one written in Markdown) is at most this many rows and
 * cells, and a {{table}} file this many bytes: the costliest table allowed, 30 columns of
 * 15 000 rows, 3 columns of 100 000 rows, or 8 MiB of words, builds in under 1 GiB
 * (docs/limits.md: each cell costs the backends ~1.8 KB with its nodes, its HTML elements and
 * its PDF ops, each word ~0.3 KB more). That is per report rendered at once. */
#define TABLE_MAX_ROWS 100000
#define TABLE_MAX_CELLS 450000
#define TABLE_MAX_BYTES ((size_t)8 << 20)
/* Columns of any table: at the default page style about 33 columns of one character and
 * their padding fit across a landscape page; more cannot show their text (gen/pdf/table.c
 * checks the page style actually used). */
#define TABLE_MAX_COLUMNS 30

/* A path inside the report's folder: relative, no "..", and (following symbolic links)
 * still inside it. Returns the full path, or NULL after an error. */
static char *inside_path(struct ctx *c, cmark_node *node, const char *rel, size_t n)
{
	char *name = xstrndup(rel, n);
	bool bad = name[0] == '/' || name[0] == '\\' || strstr(name, "\\");
	for (const char *s = name; !bad && *s;) {
		size_t k = strcspn(s, "/");
		if (k == 2 && memcmp(s, "..", 2) == 0)
			bad = true;
		s += k + (s[k] ? 1 : 0);
	}
	if (bad) {
		err_at(c, node, 0, "\"%s\" is outside the report's folder (name a file beside "
				   "report.md)",
		       name);
		free(name);
		return NULL;
	}
	char *full = path_join(c->r->dir, name);
	/* The name in the text is NFC (text_clean); one on disk may be written decomposed (NFD,
	 * as macOS saves names): the file whose name is the same once composed is the one meant,
	 * but two such files are an error, not one of them silently. */
	int same = 0;
	char *other = NULL;
	char *dir = xstrdup(full), *slash = strrchr(dir, '/');
	*slash = 0;
	const char *base = slash + 1; /* the file's own name, NFC */
	DIR *dh = opendir(dir);
	for (struct dirent *e; dh && (e = readdir(dh));) {
		char *composed = text_nfc(e->d_name);
		if (composed && strcmp(composed, base) == 0) {
			same++;
			if (strcmp(e->d_name, base) != 0 && !other)
				other = xstrdup(e->d_name);
		}
		free(composed);
	}
	if (dh)
		closedir(dh);
	if (same > 1) {
		err_at(c, node, 0, "two files in %s are named \"%s\", one of them written decomposed "
				   "(NFD, as macOS saves names): keep one",
		       dir, name);
		free(dir), free(other), free(name), free(full);
		return NULL;
	}
	if (other) {
		char *was = full;
		full = path_join(dir, other);
		free(was);
	}
	free(dir);
	free(other);
	char real_dir[PATH_MAX], real_file[PATH_MAX];
	struct stat st;
	/* a named pipe or a device: csv_load says what it is, without reading it */
	if (stat(full, &st) != 0 || S_ISDIR(st.st_mode)) {
		err_at(c, node, 0, "no such file \"%s\" in %s", name, c->r->dir);
		free(name);
		free(full);
		return NULL;
	}
	if (!realpath(c->r->dir, real_dir) || !realpath(full, real_file) ||
	    strncmp(real_file, real_dir, strlen(real_dir)) != 0 ||
	    real_file[strlen(real_dir)] != '/') {
		err_at(c, node, 0, "\"%s\" is outside the report's folder (a link pointing out)",
		       name);
		free(name);
		free(full);
		return NULL;
	}
	free(name);
	return full;
}

/* Fills a skeleton cell (empty) with the CSV field as one text node. GFM cells cannot hold
 * LINEBREAK nodes (cmark-gfm refuses them), so a line break inside a field stays a '\n' in
 * the literal: backends break the line there. */
static void fill_cell(cmark_node *cell, const char *text)
{
	cmark_node *ch;
	while ((ch = cmark_node_first_child(cell)))
		cmark_node_free(ch);
	if (!*text)
		return;
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(t, text);
	cmark_node_append_child(cell, t);
}

/* A GFM table node for a CSV file: cmark-gfm parses a skeleton of the right shape (so the
 * node is exactly what a Markdown table gives), then the cells get the fields as text.
 * The skeleton starts on `line`, so the table's position is the reference's. */
static cmark_node *table_node(struct ctx *c, cmark_node *para, const char *rel, size_t n)
{
	char *path = inside_path(c, para, rel, n);
	if (!path)
		return NULL;
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > TABLE_MAX_BYTES) {
		diag_add(c->d, path, 1, 1,
			 "a table file larger than %zu MiB (split it, or publish a summary)",
			 TABLE_MAX_BYTES >> 20);
		free(path);
		return NULL;
	}
	struct csv_table *t = csv_load(path, c->d);
	if (!t) {
		free(path);
		return NULL;
	}
	digest_add(&c->r->inputs, rel, n); /* the PDF cache's key: which table, with what bytes */
	digest_u64(&c->r->inputs, t->digest.a);
	digest_u64(&c->r->inputs, t->digest.b);
	size_t cols = t->n_rows ? t->n_fields[0] : 0;
	bool ok = cols > 0;
	if (!ok)
		diag_add(c->d, path, 1, 1, "empty file: expected a header row");
	if (ok && cols > TABLE_MAX_COLUMNS) {
		diag_add(c->d, path, t->lines[0], 1,
			 "a table of %zu columns (at most %d fit across a page)", cols,
			 TABLE_MAX_COLUMNS);
		ok = false;
	}
	if (ok && t->n_rows > TABLE_MAX_ROWS + 1) {
		diag_add(c->d, path, t->lines[TABLE_MAX_ROWS + 1], 1,
			 "a table of more than %d rows (split it, or publish a summary)",
			 TABLE_MAX_ROWS);
		ok = false;
	} else if (ok && cols > 0 && t->n_rows - 1 > TABLE_MAX_CELLS / cols) {
		/* the body's cells; the first row past them is TABLE_MAX_CELLS / cols + 1 */
		diag_add(c->d, path, t->lines[TABLE_MAX_CELLS / cols + 1], 1,
			 "a table of more than %d cells (%zu rows of %zu columns; split it, or publish "
			 "a summary)",
			 TABLE_MAX_CELLS, t->n_rows - 1, cols);
		ok = false;
	}
	for (size_t r = 1; ok && r < t->n_rows; r++)
		if (t->n_fields[r] != cols && !csv_row_is_blank(t, r)) {
			csv_count_error(t, r, cols, path, c->d);
			ok = false;
		}
	cmark_node *table = NULL;
	if (ok) {
		struct buf b;
		buf_init(&b);
		b.cap = (size_t)1 << 30;
		for (int i = 1; i < cmark_node_get_start_line(para); i++)
			buf_putc(&b, '\n');
		size_t rows = 0;
		for (size_t r = 0; r < t->n_rows; r++) {
			if (r && csv_row_is_blank(t, r))
				continue;
			buf_putc(&b, '|');
			for (size_t k = 0; k < cols; k++)
				buf_puts(&b, " |"); /* empty: no inline parse */
			buf_putc(&b, '\n');
			if (r == 0) {
				buf_putc(&b, '|');
				for (size_t k = 0; k < cols; k++)
					buf_puts(&b, "-|");
				buf_putc(&b, '\n');
			}
			rows++;
		}
		cmark_node *doc = table_skeleton_parse(b.s, b.len);
		buf_free(&b);
		table = cmark_node_first_child(doc);
		if (!table || !node_is(table, "table")) {
			diag_add(c->d, path, 1, 1, "cannot be made into a table");
			table = NULL;
		} else {
			cmark_node_unlink(table);
			cmark_node *row = cmark_node_first_child(table);
			/* where each row and field is in the CSV file, for the figure check */
			int *lines = xmalloc((rows ? rows : 1) * sizeof *lines);
			int *where = xmalloc((rows && cols ? rows * cols : 1) * sizeof *where);
			size_t emitted = 0;
			for (size_t r = 0; r < t->n_rows && row; r++) {
				if (r && csv_row_is_blank(t, r))
					continue;
				lines[emitted] = t->lines[r];
				cmark_node *cell = cmark_node_first_child(row);
				for (size_t k = 0; k < cols && cell; k++) {
					fill_cell(cell, t->rows[r][k]);
					where[emitted * cols + k] = t->cols[r][k];
					cell = cmark_node_next(cell);
				}
				emitted++;
				row = cmark_node_next(row);
			}
			figure_refs_add_table(&c->refs, table, xstrdup(path), emitted, cols, lines,
					      where);
			free(lines);
			free(where);
		}
		cmark_node_free(doc);
		(void)rows;
	}
	csv_table_free(t);
	free(path);
	return table;
}

/* ---- images ---- */

static int hex_digit(char ch)
{
	return ch >= '0' && ch <= '9'	? ch - '0'
	       : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
	       : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
					: -1;
}

/* "%C6%A1" in a Markdown link's address is the byte it names, as a browser reads it. */
static char *percent_decode(const char *s)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = s; *p; p++) {
		int hi, lo;
		if (*p == '%' && (hi = hex_digit(p[1])) >= 0 && (lo = hex_digit(p[2])) >= 0) {
			buf_putc(&b, (char)(hi * 16 + lo));
			p += 2;
		} else {
			buf_putc(&b, *p);
		}
	}
	return buf_detach_free(&b);
}

static bool ends_with_ci(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char a = s[n - k + i];
		if ((a >= 'A' && a <= 'Z' ? a + 32 : a) != end[i])
			return false;
	}
	return true;
}

/* Whether a paragraph holds the image alone (spaces around it aside). */
static bool image_alone(cmark_node *image)
{
	cmark_node *para = cmark_node_parent(image);
	if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
		return false;
	for (cmark_node *k = cmark_node_first_child(para); k; k = cmark_node_next(k)) {
		if (k == image)
			continue;
		const char *lit = cmark_node_get_literal(k);
		cmark_node_type t = cmark_node_get_type(k);
		if ((t != CMARK_NODE_TEXT && t != CMARK_NODE_SOFTBREAK) ||
		    (lit && strspn(lit, " \t") != strlen(lit)))
			return false;
	}
	return true;
}

/* ![alt](file.png): the file, from the report's folder as a {{table}}'s, read and checked
 * (PNG or JPEG, at most IMAGE_MAX_PIXELS), kept as the node's user data for the backends. */
static void expand_image(struct ctx *c, cmark_node *node)
{
	const char *url = cmark_node_get_url(node);
	if (!image_alone(node))
		return; /* inside a sentence: its alt text, as before images were shown */
	for (cmark_node *up = cmark_node_parent(node); up; up = cmark_node_parent(up))
		if (cmark_node_get_type(up) == CMARK_NODE_FOOTNOTE_DEFINITION)
			return; /* a note is text at the foot of a page: its alt text too */
	if (!url || !*url || strstr(url, "://") || strncmp(url, "//", 2) == 0 ||
	    strncmp(url, "data:", 5) == 0) {
		err_at(c, node, 0, "the image \"%s\" is outside the report's folder (put the file "
				   "beside report.md and name it)",
		       url ? url : "");
		return;
	}
	char *name = percent_decode(url);
	char *path = inside_path(c, node, name, strlen(name));
	if (!path) {
		free(name);
		return;
	}
	if (!ends_with_ci(name, ".png") && !ends_with_ci(name, ".jpg") &&
	    !ends_with_ci(name, ".jpeg")) {
		err_at(c, node, 0, "the image \"%s\" is not named .png, .jpg or .jpeg (a PNG or "
				   "JPEG file is what the website and the PDF show)",
		       name);
		free(name);
		free(path);
		return;
	}
	size_t len = 0;
	struct stat st;
	unsigned char *data = NULL;
	if (stat(path, &st) != 0)
		err_at(c, node, 0, "cannot read the image \"%s\": %s", name, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		err_at(c, node, 0, "cannot read the image \"%s\": not a regular file", name);
	else if ((size_t)st.st_size > IMAGE_MAX_BYTES)
		err_at(c, node, 0, "the image \"%s\" is larger than %zu MiB (save it smaller)", name,
		       IMAGE_MAX_BYTES >> 20);
	else if (!(data = (unsigned char *)read_file(path, IMAGE_MAX_BYTES, &len)))
		err_at(c, node, 0, "cannot read the image \"%s\": %s", name, strerror(errno));
	if (!data) {
		free(name);
		free(path);
		return;
	}
	struct image *im = xcalloc(1, sizeof *im);
	const char *why = image_probe(data, len, im);
	if (why) {
		err_at(c, node, 0, "the image \"%s\" is %s", name, _(why));
	} else if ((double)im->width * im->height > IMAGE_MAX_PIXELS) {
		err_at(c, node, 0, "the image \"%s\" is %d × %d pixels, more than the %d million "
				   "an image may have (save it smaller)",
		       name, im->width, im->height, IMAGE_MAX_PIXELS / 1000000);
		why = "";
	}
	if (why) {
		free(data);
		free(im);
		free(name);
		free(path);
		return;
	}
	im->name = name;
	im->data = data;
	im->len = len;
	/* the PDF cache's key: which image, with what bytes */
	struct digest h;
	digest_init(&h);
	digest_add(&h, data, len);
	digest_str(&c->r->inputs, name);
	digest_u64(&c->r->inputs, h.a);
	digest_u64(&c->r->inputs, h.b);
	cmark_node_set_user_data(node, im);
	cmark_node_set_user_data_free_func(node, image_free);
	bool seen = false;
	for (size_t i = 0; i < c->r->n_images && !seen; i++)
		seen = strcmp(c->r->images[i], name) == 0;
	if (!seen) {
		c->r->images = xrealloc(c->r->images, (c->r->n_images + 1) * sizeof(char *));
		c->r->images[c->r->n_images++] = xstrdup(name);
	}
	free(path);
}

/* ---- charts ---- */

static void chart_free(cmark_mem *mem, void *data)
{
	(void)mem;
	free(data);
}

static cmark_node *chart_node(struct ctx *c, cmark_node *text, const char *id, size_t n)
{
	long ind = indicator_find(c->site, id, n);
	if (ind < 0) {
		err_at(c, text, 0, "unknown indicator \"%.*s\" (not in indicators.csv)", (int)n, id);
		return NULL;
	}
	c->r->uses[ind] |= USES_VALUE | USES_HISTORY;
	bool any = false, own_error = false;
	for (size_t r = 0; r <= c->ri; r++) {
		const struct value *v = &c->site->reports[r].values[ind];
		any = any || v->present;
		own_error = own_error || (!v->present && v->line); /* reported in kpi.csv */
	}
	if (!any) {
		if (!own_error)
			err_at(c, text, 0, "no value of \"%.*s\" to chart in this or an earlier report",
			       (int)n, id);
		return NULL;
	}
	struct chart *ch = xmalloc(sizeof *ch);
	ch->indicator = (size_t)ind;
	ch->upto = c->ri;
	cmark_node *node = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(node, "");
	cmark_node_set_on_exit(node, "");
	cmark_node_set_user_data(node, ch);
	cmark_node_set_user_data_free_func(node, chart_free);
	return node;
}

/* A paragraph that holds only {{table …}} or {{chart …}}: replaced by its block. Returns
 * true when the paragraph was such a reference (replaced, or reported). */
static bool expand_block(struct ctx *c, cmark_node *para)
{
	cmark_node *text = cmark_node_first_child(para);
	if (!text || cmark_node_next(text) || cmark_node_get_type(text) != CMARK_NODE_TEXT)
		return false;
	const char *lit = cmark_node_get_literal(text);
	size_t n = strlen(lit);
	trim(&lit, &n);
	if (n < 4 || memcmp(lit, "{{", 2) != 0 || memcmp(lit + n - 2, "}}", 2) != 0)
		return false;
	for (size_t j = 2; j + 3 < n; j++)
		if (lit[j] == '}' && lit[j + 1] == '}')
			return false; /* two references: not a block */
	const char *ref = lit + 2;
	size_t k = n - 4;
	trim(&ref, &k);
	bool is_table = starts_word(ref, k, "table"), is_chart = starts_word(ref, k, "chart");
	if (!is_table && !is_chart)
		return false;
	const char *arg = ref + 5;
	size_t an = k - 5;
	trim(&arg, &an);
	cmark_node *block = is_table ? table_node(c, text, arg, an) : chart_node(c, text, arg, an);
	if (block) {
		cmark_node_insert_before(para, block);
		cmark_node_free(para);
	}
	return true;
}

/* Literal strings are made into C strings lazily by cmark, on first read: read them all
 * now, so that backends reading the tree from several threads only read. */
static void touch_strings(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		(void)cmark_node_get_literal(n);
		(void)cmark_node_get_url(n);
		(void)cmark_node_get_title(n);
		(void)cmark_node_get_fence_info(n);
		(void)cmark_node_get_on_enter(n);
		(void)cmark_node_get_on_exit(n);
	}
	cmark_iter_free(it);
}

void expand_report(struct site *site, size_t i, struct diags *d)
{
	struct ctx c = {site, i, &site->reports[i], d, {0}};
	size_t errors = d->n;
	/* the <!-- baocao: ignore … --> comments out first: a {{table}} may carry one */
	figures_take_comments(c.r, &c.refs, &c.r->warnings);
	if (!c.r->uses)
		c.r->uses = xcalloc(site->n_indicators ? site->n_indicators : 1, sizeof *c.r->uses);
	/* Collect first: the tree changes under an iterator otherwise. */
	size_t n = 0, alloc = 64;
	cmark_node **nodes = xmalloc(alloc * sizeof *nodes);
	cmark_iter *it = cmark_iter_new(c.r->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev == CMARK_EVENT_ENTER && node_is(node, "table") &&
		    cmark_gfm_extensions_get_table_columns(node) > TABLE_MAX_COLUMNS)
			diag_add(d, c.r->md_path, node_line(node), 1,
				 "a table of %d columns (at most %d fit across a page)",
				 (int)cmark_gfm_extensions_get_table_columns(node), TABLE_MAX_COLUMNS);
		if (ev == CMARK_EVENT_ENTER && node_is(node, "table")) {
			size_t rows = 0; /* the header row too */
			size_t cols = cmark_gfm_extensions_get_table_columns(node);
			/* the header row and at most TABLE_MAX_ROWS rows of at most
			 * TABLE_MAX_CELLS cells */
			size_t max = cols > 0 && TABLE_MAX_CELLS / cols < TABLE_MAX_ROWS
					     ? TABLE_MAX_CELLS / cols + 1
					     : TABLE_MAX_ROWS + 1;
			cmark_node *row = cmark_node_first_child(node);
			for (; row && rows < max; row = cmark_node_next(row))
				rows++;
			if (row && max == TABLE_MAX_ROWS + 1)
				diag_add(d, c.r->md_path, node_line(row), 1,
					 "a table of more than %d rows (split it, or publish a summary)",
					 TABLE_MAX_ROWS);
			else if (row) {
				size_t all = rows - 1; /* the body's rows */
				for (cmark_node *r = row; r; r = cmark_node_next(r))
					all++;
				diag_add(d, c.r->md_path, node_line(row), 1,
					 "a table of more than %d cells (%zu rows of %zu columns; split it, "
					 "or publish a summary)",
					 TABLE_MAX_CELLS, all, cols);
			}
		}
		if (ev == CMARK_EVENT_ENTER &&
		    (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_TEXT || t == CMARK_NODE_IMAGE)) {
			if (n == alloc) {
				alloc *= 2;
				nodes = xrealloc(nodes, alloc * sizeof *nodes);
			}
			nodes[n++] = node;
		}
	}
	cmark_iter_free(it);
	for (size_t k = 0; k < n; k++) {
		if (cmark_node_get_type(nodes[k]) == CMARK_NODE_PARAGRAPH) {
			/* A block reference's paragraph holds exactly one text node, the next in
			 * the list; it may be freed now: skip it without touching it. */
			if (expand_block(&c, nodes[k]))
				k++;
			continue;
		}
		if (cmark_node_get_type(nodes[k]) == CMARK_NODE_IMAGE) {
			expand_image(&c, nodes[k]);
			continue;
		}
		expand_text(&c, nodes[k]);
	}
	free(nodes);
	/* figures typed in the prose against the data (gen/figures.c); a report with warnings
	 * is never taken from the model cache, so that every build prints them again */
	if (d->n == errors)
		figures_check(site, i, &c.refs, &c.r->warnings);
	if (c.r->warnings.n)
		c.r->model_key[0] = 0;
	figure_refs_free(&c.refs);
	touch_strings(c.r->doc);
}
