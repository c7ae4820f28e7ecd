/* report.c — report.md: the YAML front matter between `---` lines, then the Markdown body.
 * The front matter is blanked out (not cut) before cmark-gfm parses the body, so every
 * node's line is a line of report.md. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../expand.h"
#include "../text.h"
#include "../util.h"
#include "internal.h"
#include "yaml.h"

#define REPORT_MAX_BYTES ((size_t)16 << 20)
/* What a build holds in memory grows with the elements of a report, not its bytes: 16 MiB
 * of "a\n\n" (5.6 million paragraphs) took 8.9 GB, of "*a* " 3.4 GB to check alone, a
 * million links 8.3 GB (docs/limits.md). Lines and the characters that open inline
 * elements (emphasis, links, code, HTML, table cells) are counted before cmark-gfm parses,
 * links after: at these bounds the costliest report built takes under 1 GB. */
#define REPORT_MAX_LINES 100000
#define REPORT_MAX_MARKS 1000000
#define REPORT_MAX_LINKS 50000
/* A link's address: the PDF takes strings of at most 65 535 bytes (a longer one failed the
 * whole PDF with an unlocated "libharu error 105B"); real ones are a few hundred. */
#define LINK_MAX_BYTES 16384
/* Lists, list items, quotes, emphasis and links nested inside one another: both backends
 * walk the tree recursively, so without a bound a 1 MB line of ">" overflows their stack
 * (docs/limits.md). Real reports nest a handful of levels. */
#define REPORT_MAX_NESTING 50

size_t trim_list_item(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n && (s[n - 1] == ';' || s[n - 1] == '.'))
		n--;
	while (n && s[n - 1] == ' ')
		n--;
	s[n] = 0;
	size_t i = 0;
	if (s[0] == '-' && s[1] == ' ')
		i = 2;
	while (s[i] == ' ')
		i++;
	if (i)
		memmove(s, s + i, strlen(s + i) + 1);
	return i;
}

struct fm_ctx {
	struct report *r;
	bool seen_number, seen_date, seen_title;
};

static bool valid_date(const char *s, struct date *out)
{
	size_t n = strlen(s);
	if (n != 7 && n != 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool sep = i == 4 || i == 7;
		if (sep ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	out->year = atoi(s);
	out->month = atoi(s + 5);
	out->day = n == 10 ? atoi(s + 8) : 0;
	if (out->year < 1900 || out->month < 1 || out->month > 12)
		return false;
	if (n == 10) {
		static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		int y = out->year;
		int max = days[out->month - 1];
		if (out->month == 2 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
			max = 28;
		if (out->day < 1 || out->day > max)
			return false;
	}
	return true;
}

static void signer_key(struct ydoc *y, const char *key, yaml_node_t *kn, yaml_node_t *v, void *ctx)
{
	struct report *r = ctx;
	struct signer *s = &r->signer;
	int k = strcmp(key, "authority") == 0  ? 0
		: strcmp(key, "position") == 0 ? 1
		: strcmp(key, "title") == 0    ? 2
		: strcmp(key, "name") == 0     ? 3
					       : -1;
	char **slot = k == 0 ? &s->authority : k == 1 ? &s->position : k == 2 ? &s->title
		      : k == 3 ? &s->name : NULL;
	if (!slot) {
		diag_add(y->d, y->path, ynode_line(y, kn), ynode_col(kn),
			 "unknown front-matter key \"signer.%s\" (authority, position, title, name)",
			 key);
		return;
	}
	free(*slot);
	*slot = ystring(y, v, key);
	r->signer_pos[k] = ypos(y, v);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void fm_key(struct ydoc *y, const char *key, yaml_node_t *kn, yaml_node_t *v, void *ctx)
{
	struct fm_ctx *c = ctx;
	struct report *r = c->r;
	if (strcmp(key, "number") == 0) {
		c->seen_number = true;
		free(r->number);
		r->number = ystring(y, v, "number");
		r->number_pos = ypos(y, v);
		if (r->number && !strchr(r->number, '/'))
			diag_add(y->d, y->path, ynode_line(y, v), ynode_col(v),
				 "number must be written like \"290/BC-TCTTKĐA\" (or \"/BC-TCTTKĐA\" "
				 "for a draft)");
	} else if (strcmp(key, "date") == 0) {
		c->seen_date = true;
		r->date_pos = ypos(y, v);
		char *s = ystring(y, v, "date");
		if (s && !valid_date(s, &r->date)) {
			diag_add(y->d, y->path, ynode_line(y, v), ynode_col(v),
				 "date must be YYYY-MM-DD or YYYY-MM (a draft), a real date: \"%s\"", s);
			memset(&r->date, 0, sizeof r->date); /* no date: nothing to warn about */
		}
		free(s);
	} else if (strcmp(key, "title") == 0) {
		c->seen_title = true;
		free(r->title);
		r->title = ystring(y, v, "title");
		r->title_pos = ypos(y, v);
	} else if (strcmp(key, "to") == 0) {
		free_list(r->to, r->n_to);
		free(r->to_pos);
		r->to = ystrings_at(y, v, "to", &r->n_to, &r->to_pos);
		for (size_t i = 0; i < r->n_to; i++)
			r->to_pos[i].col += (int)trim_list_item(r->to[i]);
	} else if (strcmp(key, "recipients") == 0) {
		free_list(r->recipients, r->n_recipients);
		free(r->recipients_pos);
		r->recipients = ystrings_at(y, v, "recipients", &r->n_recipients,
					    &r->recipients_pos);
		for (size_t i = 0; i < r->n_recipients; i++)
			r->recipients_pos[i].col += (int)trim_list_item(r->recipients[i]);
	} else if (strcmp(key, "signer") == 0) {
		if (v->type != YAML_MAPPING_NODE)
			diag_add(y->d, y->path, ynode_line(y, v), ynode_col(v),
				 "signer must have authority, position, title, name lines under it");
		else
			ymap_each(y, v, signer_key, r);
	} else {
		diag_add(y->d, y->path, ynode_line(y, kn), ynode_col(kn),
			 "unknown front-matter key \"%s\" (number, date, title, to, signer, "
			 "recipients)",
			 key);
	}
}

/* The first node nested deeper than `max` levels below the document, or NULL. Walks the
 * tree without recursion: the tree may be as deep as the file is long. */
static cmark_node *too_deep(cmark_node *doc, int max)
{
	cmark_node *n = doc;
	int depth = 0;
	for (;;) {
		if (depth > max) /* a text too deep: the emphasis or link that holds it */
			return cmark_node_get_type(n) == CMARK_NODE_TEXT && cmark_node_parent(n) != doc
				       ? cmark_node_parent(n)
				       : n;
		cmark_node *child = cmark_node_first_child(n);
		if (child) {
			n = child;
			depth++;
			continue;
		}
		while (n != doc && !cmark_node_next(n)) {
			n = cmark_node_parent(n);
			depth--;
		}
		if (n == doc)
			return NULL;
		n = cmark_node_next(n);
	}
}

/* The container markers a line opens before its text — block quotes ("> ", one level each)
 * and list items ("- ", "+ ", "* ", "1. ", two levels each: the list and its item) — can
 * nest deeper than `max` on one line. cmark-gfm checks every appended node against all its
 * ancestors, so a line of 24 000 ">" makes its parse quadratic (minutes under the
 * sanitizers) before too_deep() could refuse the result: refuse such a line first, at the
 * same place too_deep() names (the column of the marker that opens level max + 1). Fenced
 * code is skipped; its lines are text. Returns that column on `*line`, or 0. */
static int line_too_deep(const char *text, int max, int *line)
{
	bool fenced = false;
	int ln = 1;
	for (const char *p = text; *p; ln++) {
		const char *s = p;
		while (*s == ' ')
			s++;
		if ((s[0] == '`' || s[0] == '~') && s[1] == s[0] && s[2] == s[0])
			fenced = !fenced;
		int depth = 0;
		for (const char *q = p; !fenced;) {
			while (*q == ' ')
				q++;
			const char *m = q;
			int levels = 0;
			if (*q == '>') {
				levels = 1;
				q++;
			} else if ((*q == '-' || *q == '+' || *q == '*') && q[1] == ' ') {
				levels = 2;
				q++;
			} else {
				const char *d = q;
				while (*d >= '0' && *d <= '9' && d - q < 9)
					d++;
				if (d > q && (*d == '.' || *d == ')') && d[1] == ' ') {
					levels = 2;
					q = d + 1;
				}
			}
			if (!levels)
				break;
			if (depth + 1 > max) {
				*line = ln;
				return diag_column(p, (size_t)(m - p));
			}
			depth += levels;
		}
		p += strcspn(p, "\n");
		if (*p)
			p++;
	}
	return 0;
}

/* The place (1-based line, column) where text passes REPORT_MAX_LINES lines or
 * REPORT_MAX_MARKS marks (* _ ~ [ ` < |); *what 'l' or 'm'; 0 when it does not. */
static int too_many_elements(const char *text, int *line, char *what)
{
	size_t marks = 0;
	int ln = 1;
	const char *line_start = text;
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '\n':
			if (++ln > REPORT_MAX_LINES) {
				*line = ln;
				*what = 'l';
				return 1;
			}
			line_start = p + 1;
			break;
		case '*':
		case '_':
		case '~':
		case '[':
		case '`':
		case '<':
		case '|':
			if (++marks > REPORT_MAX_MARKS) {
				*line = ln;
				*what = 'm';
				return diag_column(line_start, (size_t)(p - line_start));
			}
			break;
		default:
			break;
		}
	}
	return 0;
}

/* The (REPORT_MAX_LINKS + 1)-th link of the body, or the first link or image whose address
 * is longer than LINK_MAX_BYTES (*long_url set), or NULL. */
static cmark_node *bad_link(cmark_node *doc, bool *long_url)
{
	size_t n = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *found = NULL;
	while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE))
			continue;
		const char *url = cmark_node_get_url(node);
		*long_url = url && strlen(url) > LINK_MAX_BYTES;
		if (*long_url || (t == CMARK_NODE_LINK && ++n > REPORT_MAX_LINKS))
			found = node;
	}
	cmark_iter_free(it);
	return found;
}

/* The length of the line at s, without its '\n'. */
static size_t line_len(const char *s)
{
	const char *e = strchr(s, '\n');
	return e ? (size_t)(e - s) : strlen(s);
}

static bool is_fence(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 3 && (memcmp(s, "---", 3) == 0 || (memcmp(s, "...", 3) == 0));
}

void report_load_front(struct report *r, struct diags *d)
{
	size_t len;
	char *raw = read_file(r->md_path, REPORT_MAX_BYTES, &len);
	if (!raw) {
		if (errno == ENOENT)
			diag_add(d, r->md_path, 1, 1, "missing report.md");
		else
			diag_read_error(d, r->md_path, errno, REPORT_MAX_BYTES);
		return;
	}
	digest_init(&r->inputs);
	digest_add(&r->inputs, raw, len);
	r->md_inputs = r->inputs;
	report_parse_front(r, raw, len, d);
	free(raw);
}

void report_load(struct report *r, struct diags *d)
{
	report_load_front(r, d);
	report_parse_body(r, d);
}

void report_parse(struct report *r, const char *raw, size_t len, struct diags *d)
{
	report_parse_front(r, raw, len, d);
	report_parse_body(r, d);
}

void report_parse_front(struct report *r, const char *raw, size_t len, struct diags *d)
{
	char *text = text_clean(raw, len, r->md_path, d);
	if (!text)
		return;
	size_t first = line_len(text);
	if (!is_fence(text, first) || text[first] != '\n') {
		diag_add(d, r->md_path, 1, 1,
			 "report.md must start with front matter: a line \"---\", the settings "
			 "(number, date, title, …), and another \"---\"");
		free(text);
		return;
	}
	/* find the closing fence */
	char *p = text + first + 1;
	int line = 2;
	char *close = NULL;
	while (*p) {
		size_t n = line_len(p);
		if (is_fence(p, n)) {
			close = p;
			break;
		}
		p += n + (p[n] ? 1 : 0);
		line++;
	}
	if (!close) {
		diag_add(d, r->md_path, 1, 1, "the front matter has no closing \"---\" line");
		free(text);
		return;
	}
	char *yaml_text = xstrndup(text + first + 1, (size_t)(close - (text + first + 1)));
	struct ydoc y;
	yaml_node_t *root = ydoc_load(&y, yaml_text, r->md_path, 1, d);
	if (root) {
		struct fm_ctx c = {.r = r};
		ymap_each(&y, root, fm_key, &c);
		const char *missing = !c.seen_number ? "number"
				      : !c.seen_date ? "date"
				      : !c.seen_title ? "title"
						      : NULL;
		if (missing)
			diag_add(d, r->md_path, 1, 1, "missing required front-matter key \"%s\"",
				 missing);
		/* a draft: the number's digits or the date's day left blank
		 * (docs/content-format.md); a draft stays off the public site */
		const char *n = r->number ? r->number : "";
		while (*n == ' ')
			n++;
		r->draft = (c.seen_date && r->date.day == 0 && r->date.year) || *n == '/' ||
			   (c.seen_number && !*n);
	}
	ydoc_free(&y);
	free(yaml_text);

	/* Blank the front matter so that the body keeps its line numbers. */
	char *body_end = close + line_len(close);
	for (char *q = text; q < body_end; q++)
		if (*q != '\n')
			*q = ' ';
	r->source = text;
	report_index_lines(r);
}

/* Where node starts on its line `line` (node_line), as a column of characters; 1 for a node
 * cmark gives no place (an inline's place is its block's line). */
static int node_column(const struct report *r, cmark_node *node, int line)
{
	return cmark_node_get_start_line(node) > 0
		       ? report_column(r, line, cmark_node_get_start_column(node))
		       : 1;
}

/* The first string of node that holds a control character: the text itself has none
 * (text_clean), but a character reference ("&#1;", "&#x85;") makes one. */
static bool node_has_control(cmark_node *n, int32_t *cp)
{
	const char *v[] = {cmark_node_get_literal(n), cmark_node_get_url(n),
			   cmark_node_get_title(n)};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (v[i] && text_find_control(v[i], strlen(v[i]), cp) >= 0)
			return true;
	return false;
}

/* Adds an error for each node of the body with a control character; false if there were. */
static bool body_without_controls(struct report *r, struct diags *d)
{
	bool clean = true;
	cmark_iter *it = cmark_iter_new(r->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		int32_t cp;
		if (ev != CMARK_EVENT_ENTER || !node_has_control(n, &cp))
			continue;
		int line = node_line(n), col = node_column(r, n, line);
		diag_add(d, r->md_path, line, col,
			 "control character U+%04X (written as a character reference such as "
			 "\"&#1;\"): not text",
			 (unsigned)cp);
		clean = false;
	}
	cmark_iter_free(it);
	return clean;
}

void report_parse_body(struct report *r, struct diags *d)
{
	const char *text = r->source;
	if (!text || r->doc) /* the front matter is unreadable, or the body is parsed */
		return;
	int many_line;
	char what;
	int many_col = too_many_elements(text, &many_line, &what);
	if (many_col && what == 'l') {
		diag_add(d, r->md_path, many_line, 1,
			 "more than %d lines (split the report; a long table goes in a CSV file: "
			 "{{table F.csv}})",
			 REPORT_MAX_LINES);
		return;
	}
	if (many_col) {
		diag_add(d, r->md_path, many_line, many_col,
			 "more than %d marks of emphasis, links, code, HTML and table cells (* _ ~ [ ` "
			 "< |) in one report",
			 REPORT_MAX_MARKS);
		return;
	}
	int deep_line, deep_col = line_too_deep(text, REPORT_MAX_NESTING, &deep_line);
	if (deep_col) {
		diag_add(d, r->md_path, deep_line, deep_col,
			 "nested more than %d levels deep (lists, quotes, emphasis and links inside "
			 "one another)",
			 REPORT_MAX_NESTING);
		return;
	}
	r->doc = markdown_parse(text, strlen(text));
	/* the limit counts the lists, items, quotes, emphasis and links inside one another: the
	 * paragraph and the text at the bottom of the tree are two more levels */
	cmark_node *deep = too_deep(r->doc, REPORT_MAX_NESTING + 2);
	bool long_url = false;
	cmark_node *link = deep ? NULL : bad_link(r->doc, &long_url);
	if (link) {
		int line = node_line(link), col = node_column(r, link, line);
		if (long_url)
			diag_add(d, r->md_path, line, col,
				 "a link address of %zu bytes (at most %d): link to a page that holds it",
				 strlen(cmark_node_get_url(link)), LINK_MAX_BYTES);
		else
			diag_add(d, r->md_path, line, col, "more than %d links in one report",
				 REPORT_MAX_LINKS);
		cmark_node_free(r->doc);
		r->doc = NULL;
	} else if (deep) {
		int line = node_line(deep), col = node_column(r, deep, line);
		diag_add(d, r->md_path, line, col,
			 "nested more than %d levels deep (lists, quotes, emphasis and links inside "
			 "one another)",
			 REPORT_MAX_NESTING);
		cmark_node_free(r->doc);
		r->doc = NULL;
	} else if (!body_without_controls(r, d)) {
		cmark_node_free(r->doc);
		r->doc = NULL;
	} else {
		report_check_slips(r, d);
	}
}

void report_free(struct report *r)
{
	free(r->number);
	free(r->title);
	free_list(r->to, r->n_to);
	free_list(r->recipients, r->n_recipients);
	free(r->to_pos);
	free(r->recipients_pos);
	free(r->signer.authority);
	free(r->signer.position);
	free(r->signer.title);
	free(r->signer.name);
	if (r->doc)
		cmark_node_free(r->doc);
	report_drop_source(r);
	free(r->uses);
	for (size_t i = 0; i < r->n_images; i++)
		free(r->images[i]);
	free(r->images);
	diag_free(&r->warnings);
}
