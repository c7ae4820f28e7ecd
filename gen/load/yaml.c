#include "yaml.h"

#include <stdlib.h>
#include <string.h>

#include "../i18n.h"
#include "../text.h"
#include "../util.h"

#define YAML_TEXT_MAX 1000

/* libyaml's own messages (0.2.5: its parser, scanner, reader and loader), marked here for the
 * catalogue: they are translated where they are printed, _(p.problem) and _(p.context) below
 * and in pdf/style.c. xgettext reads this block; the compiler does not. */
#if 0
N_("block sequence entries are not allowed in this context"),
N_("control characters are not allowed"),
N_("could not find expected ':'"),
N_("could not find expected directive name"),
N_("did not find URI escaped octet"),
N_("did not find expected '!'"),
N_("did not find expected ',' or ']'"),
N_("did not find expected ',' or '}'"),
N_("did not find expected '-' indicator"),
N_("did not find expected <document start>"),
N_("did not find expected <stream-start>"),
N_("did not find expected alphabetic or numeric character"),
N_("did not find expected comment or line break"),
N_("did not find expected digit or '.' character"),
N_("did not find expected hexdecimal number"),
N_("did not find expected key"),
N_("did not find expected node content"),
N_("did not find expected tag URI"),
N_("did not find expected version number"),
N_("did not find expected whitespace"),
N_("did not find expected whitespace or line break"),
N_("did not find the expected '>'"),
N_("found a tab character that violates indentation"),
N_("found a tab character where an indentation space is expected"),
N_("found an incorrect leading UTF-8 octet"),
N_("found an incorrect trailing UTF-8 octet"),
N_("found an indentation indicator equal to 0"),
N_("found character that cannot start any token"),
/* xgettext:no-c-format */ N_("found duplicate %TAG directive"),
/* xgettext:no-c-format */ N_("found duplicate %YAML directive"),
N_("found duplicate anchor; first occurrence"),
N_("found extremely long version number"),
N_("found incompatible YAML document"),
N_("found invalid Unicode character escape code"),
N_("found undefined alias"),
N_("found undefined tag handle"),
N_("found unexpected ':'"),
N_("found unexpected document indicator"),
N_("found unexpected end of stream"),
N_("found unexpected non-alphabetical character"),
N_("found unknown directive name"),
N_("found unknown escape character"),
N_("incomplete UTF-16 character"),
N_("incomplete UTF-16 surrogate pair"),
N_("incomplete UTF-8 octet sequence"),
N_("input error"),
N_("input is too long"),
N_("invalid Unicode character"),
N_("invalid leading UTF-8 octet"),
N_("invalid length of a UTF-8 sequence"),
N_("invalid trailing UTF-8 octet"),
N_("mapping keys are not allowed in this context"),
N_("mapping values are not allowed in this context"),
N_("tag handle must contain alphanumerical characters only"),
N_("tag handle must end with '!'"),
N_("tag handle must not be empty"),
N_("tag handle must start with '!'"),
N_("tag prefix must not be empty"),
N_("tag value must not be empty"),
N_("unexpected low surrogate area"),
/* xgettext:no-c-format */ N_("while parsing a %TAG directive"),
N_("while parsing a block collection"),
N_("while parsing a block mapping"),
N_("while parsing a block node"),
N_("while parsing a flow mapping"),
N_("while parsing a flow node"),
N_("while parsing a flow sequence"),
N_("while parsing a node"),
N_("while parsing a quoted scalar"),
N_("while parsing a tag"),
N_("while parsing a tag directive"),
/* xgettext:no-c-format */ N_("while scanning a %TAG directive"),
/* xgettext:no-c-format */ N_("while scanning a %YAML directive"),
N_("while scanning a block scalar"),
N_("while scanning a directive"),
N_("while scanning a plain scalar"),
N_("while scanning a quoted scalar"),
N_("while scanning a simple key"),
N_("while scanning a tag"),
N_("while scanning a tag directive"),
N_("while scanning an alias"),
N_("while scanning an anchor"),
N_("while scanning for the next token"),
#endif

int ynode_line(const struct ydoc *y, const yaml_node_t *n)
{
	return (int)n->start_mark.line + 1 + y->line_offset;
}

/* libyaml counts columns in characters, from 0 */
int ynode_col(const yaml_node_t *n)
{
	return (int)n->start_mark.column + 1;
}

/* A line indented with a no-break space (U+00A0), as Word and e-mail paste indentation:
 * YAML takes it for text, and its message ("found unexpected ':'", on the next line) names
 * neither the cause nor the place. Its 1-based line within text and the character column
 * of the first such space, or 0. */
static int nbsp_indent(const char *text, int *col)
{
	int line = 1;
	for (const char *l = text; *l; line++) {
		int c = 1;
		const char *q = l;
		for (; *q == ' ' || *q == '\t' ||
		       ((unsigned char)q[0] == 0xC2 && (unsigned char)q[1] == 0xA0);
		     c++) {
			if (*q == ' ' || *q == '\t') {
				q++;
				continue;
			}
			*col = c;
			return line;
		}
		const char *e = strchr(l, '\n');
		if (!e)
			break;
		l = e + 1;
	}
	return 0;
}

yaml_node_t *ydoc_load(struct ydoc *y, const char *text, const char *path, int line_offset,
		       struct diags *d)
{
	memset(y, 0, sizeof *y);
	y->path = path;
	y->line_offset = line_offset;
	y->d = d;
	int nb_col = 0, nb_line = nbsp_indent(text, &nb_col);
	if (nb_line) {
		diag_add(d, path, nb_line + line_offset, nb_col,
			 "YAML: a line indented with a no-break space (U+00A0, as Word and e-mail "
			 "paste spaces): indent with ordinary spaces");
		return NULL;
	}
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		diag_add(d, path, line_offset + 1, 1, "YAML: cannot start the parser");
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	if (!yaml_parser_load(&p, &y->doc)) {
		const yaml_mark_t *m = p.context ? &p.context_mark : &p.problem_mark;
		if (p.problem_mark.line || p.problem_mark.column)
			m = &p.problem_mark;
		diag_add(d, path, (int)m->line + 1 + line_offset, (int)m->column + 1, "YAML: %s%s%s",
			 p.problem ? _(p.problem) : _("syntax error"), p.context ? " " : "",
			 p.context ? _(p.context) : "");
		yaml_parser_delete(&p);
		return NULL;
	}
	y->loaded = true;
	/* one document: what follows a second "---" would be read by nobody */
	yaml_document_t more;
	if (!yaml_parser_load(&p, &more)) {
		diag_add(d, path, (int)p.problem_mark.line + 1 + line_offset,
			 (int)p.problem_mark.column + 1, "YAML: %s",
			 p.problem ? _(p.problem) : _("syntax error"));
		yaml_parser_delete(&p);
		return NULL;
	}
	bool second = yaml_document_get_root_node(&more) != NULL;
	if (second)
		diag_add(d, path, (int)more.start_mark.line + 1 + line_offset, 1,
			 "a second YAML document (after a \"---\" line): the settings are one "
			 "document");
	yaml_document_delete(&more);
	yaml_parser_delete(&p);
	if (second)
		return NULL;
	yaml_node_t *root = yaml_document_get_root_node(&y->doc);
	if (!root) {
		diag_add(d, path, line_offset + 1, 1, "empty: expected settings (key: value lines)");
		return NULL;
	}
	if (root->type != YAML_MAPPING_NODE) {
		diag_add(d, path, ynode_line(y, root), ynode_col(root),
			 "expected settings as key: value lines");
		return NULL;
	}
	return root;
}

void ydoc_free(struct ydoc *y)
{
	if (y->loaded)
		yaml_document_delete(&y->doc);
	y->loaded = false;
}

char *ystring(struct ydoc *y, yaml_node_t *n, const char *what)
{
	if (!n || n->type != YAML_SCALAR_NODE) {
		if (n)
			diag_add(y->d, y->path, ynode_line(y, n), ynode_col(n), "%s must be text", what);
		return NULL;
	}
	const char *v = (const char *)n->data.scalar.value;
	size_t len = n->data.scalar.length;
	int32_t cp;
	/* an escape ("\x01", "\0", "\e") makes one: no text, nor well-formed XML, holds it */
	if (text_find_control(v, len, &cp) >= 0) {
		diag_add(y->d, y->path, ynode_line(y, n), ynode_col(n),
			 "%s holds control character U+%04X (written as an escape such as \"\\x01\"): "
			 "not text",
			 what, (unsigned)cp);
		return NULL;
	}
	size_t chars = 0;
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)v[i] & 0xC0) != 0x80;
	/* a title, a name, an address: no more (the PDF's document information takes texts of at
	 * most 65 535 bytes; a longer one failed the PDF with an unlocated error) */
	if (chars > YAML_TEXT_MAX) {
		diag_add(y->d, y->path, ynode_line(y, n), ynode_col(n),
			 "%s is %zu characters long (at most %d)", what, chars, YAML_TEXT_MAX);
		return NULL;
	}
	/* “…” typed by Word's AutoCorrect around a value: YAML's quotes are straight, so these
	 * would be printed, in the title under BÁO CÁO and the PDF's metadata */
	static const char *const curly[][2] = {{"\xE2\x80\x9C", "\xE2\x80\x9D"},
					       {"\xE2\x80\x98", "\xE2\x80\x99"}};
	for (size_t k = 0; k < 2 && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE; k++)
		if (len > 6 && memcmp(v, curly[k][0], 3) == 0 &&
		    memcmp(v + len - 3, curly[k][1], 3) == 0) {
			diag_add(y->d, y->path, ynode_line(y, n), ynode_col(n),
				 "%s is in curly quotes %s…%s (as Word's AutoCorrect types them), which "
				 "would be printed: use straight quotes \"…\"",
				 what, curly[k][0], curly[k][1]);
			return NULL;
		}
	return xstrndup(v, len);
}

struct textpos ypos(const struct ydoc *y, const yaml_node_t *n)
{
	bool quoted = n->type == YAML_SCALAR_NODE &&
		      (n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		       n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	return (struct textpos){ynode_line(y, n), ynode_col(n) + quoted};
}

char **ystrings(struct ydoc *y, yaml_node_t *n, const char *what, size_t *count)
{
	return ystrings_at(y, n, what, count, NULL);
}

char **ystrings_at(struct ydoc *y, yaml_node_t *n, const char *what, size_t *count,
		   struct textpos **pos)
{
	*count = 0;
	if (pos)
		*pos = NULL;
	if (n->type == YAML_SCALAR_NODE) {
		char **v = xmalloc(sizeof *v);
		v[0] = ystring(y, n, what);
		*count = 1;
		if (pos) {
			*pos = xmalloc(sizeof **pos);
			(*pos)[0] = ypos(y, n);
		}
		return v;
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		diag_add(y->d, y->path, ynode_line(y, n), ynode_col(n),
			 "%s must be text or a list of texts", what);
		return NULL;
	}
	size_t k = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	char **v = xcalloc(k ? k : 1, sizeof *v);
	if (pos)
		*pos = xcalloc(k ? k : 1, sizeof **pos);
	size_t m = 0;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++) {
		yaml_node_t *item = yaml_document_get_node(&y->doc, *it);
		char *s = ystring(y, item, what);
		if (s && pos)
			(*pos)[m] = ypos(y, item);
		if (s)
			v[m++] = s;
	}
	*count = m;
	return v;
}

struct ykey {
	const char *name;
	size_t i; /* the pair's place in the mapping */
};

static int ykey_cmp(const void *a, const void *b)
{
	const struct ykey *x = a, *z = b;
	int c = strcmp(x->name, z->name);
	return c ? c : x->i < z->i ? -1 : x->i > z->i;
}

void ymap_each(struct ydoc *y, yaml_node_t *map, ymap_fn f, void *ctx)
{
	yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
	size_t n = (size_t)(map->data.mapping.pairs.top - pairs);
	/* a key written twice is an error (libyaml keeps both, and the last would silently
	 * win): found by sorting the names, so that a long mapping costs n log n */
	struct ykey *sorted = xmalloc((n ? n : 1) * sizeof *sorted);
	size_t *first = xmalloc((n ? n : 1) * sizeof *first); /* n: the first of its name */
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *k = yaml_document_get_node(&y->doc, pairs[i].key);
		first[i] = n;
		if (k && k->type == YAML_SCALAR_NODE)
			sorted[m++] = (struct ykey){(const char *)k->data.scalar.value, i};
	}
	if (m > 1)
		qsort(sorted, m, sizeof *sorted, ykey_cmp);
	for (size_t j = 1; j < m; j++)
		if (strcmp(sorted[j].name, sorted[j - 1].name) == 0)
			first[sorted[j].i] =
				first[sorted[j - 1].i] < n ? first[sorted[j - 1].i] : sorted[j - 1].i;
	free(sorted);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *k = yaml_document_get_node(&y->doc, pairs[i].key);
		yaml_node_t *v = yaml_document_get_node(&y->doc, pairs[i].value);
		if (!k || k->type != YAML_SCALAR_NODE) {
			if (k)
				diag_add(y->d, y->path, ynode_line(y, k), ynode_col(k),
					 "a key must be a plain name");
			continue;
		}
		if (first[i] < n) {
			yaml_node_t *k0 = yaml_document_get_node(&y->doc, pairs[first[i]].key);
			diag_add(y->d, y->path, ynode_line(y, k), ynode_col(k),
				 "key \"%s\" written twice (first on line %d)",
				 (const char *)k->data.scalar.value, ynode_line(y, k0));
			continue;
		}
		f(y, (const char *)k->data.scalar.value, k, v, ctx);
	}
	free(first);
}
