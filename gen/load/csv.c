/* csv.c — CSV files read with libcsv. The parser is fed one field at a time (up to each
 * delimiter or new line) so that every field is known by its line and column: errors must
 * point at the cell, not the file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "../text.h"
#include "../util.h"
#include "load.h"

#define CSV_MAX_BYTES ((size_t)64 << 20)
#define CSV_MAX_ROWS 1000000

struct reader {
	struct csv_table *t;
	/* the row being built */
	char **fields;
	int *cols;
	size_t n, alloc;
	int row_line;
	/* where the field being read started */
	int field_line, field_col;
	bool at_field_start;
	bool too_many;
	int *col_of; /* per row: columns of its fields, kept for error messages */
};

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 8;
		r->fields = xrealloc(r->fields, r->alloc * sizeof *r->fields);
		r->cols = xrealloc(r->cols, r->alloc * sizeof *r->cols);
	}
	if (r->n == 0)
		r->row_line = r->field_line;
	r->fields[r->n] = xstrndup(s ? s : "", s ? len : 0);
	r->cols[r->n] = r->field_col;
	r->n++;
	r->at_field_start = true;
}

static void on_row(int c, void *data)
{
	(void)c;
	struct reader *r = data;
	struct csv_table *t = r->t;
	if (r->n == 0) { /* a blank line (CSV_REPALL_NL): no row, but the next field starts after it */
		r->at_field_start = true;
		return;
	}
	if (t->n_rows >= CSV_MAX_ROWS) {
		r->too_many = true;
		for (size_t i = 0; i < r->n; i++)
			free(r->fields[i]);
		r->n = 0;
		r->at_field_start = true;
		return;
	}
	if ((t->n_rows & (t->n_rows - 1)) == 0) { /* grow at powers of two */
		size_t a = t->n_rows ? 2 * t->n_rows : 1;
		t->rows = xrealloc(t->rows, a * sizeof *t->rows);
		t->n_fields = xrealloc(t->n_fields, a * sizeof *t->n_fields);
		t->lines = xrealloc(t->lines, a * sizeof *t->lines);
		t->cols = xrealloc(t->cols, a * sizeof *t->cols);
	}
	t->rows[t->n_rows] = xrealloc(r->fields, (r->n ? r->n : 1) * sizeof(char *));
	t->cols[t->n_rows] = xrealloc(r->cols, (r->n ? r->n : 1) * sizeof(int));
	t->n_fields[t->n_rows] = r->n;
	t->lines[t->n_rows] = r->row_line;
	t->n_rows++;
	r->fields = NULL;
	r->cols = NULL;
	r->n = r->alloc = 0;
	r->at_field_start = true;
}

/* How often each of ',', ';', TAB occurs outside quotes in the line starting at *at; *at
 * moves past it. */
static void count_marks(const char *text, size_t len, size_t *at, size_t n[3])
{
	bool quoted = false;
	n[0] = n[1] = n[2] = 0;
	size_t i = *at;
	for (; i < len; i++) {
		char c = text[i];
		if (c == '"')
			quoted = !quoted; /* a doubled quote toggles twice */
		else if (quoted)
			continue;
		else if (c == '\n')
			break;
		else
			n[0] += c == ',', n[1] += c == ';', n[2] += c == '\t';
	}
	*at = i + (i < len);
}

char csv_delimiter(const char *text, size_t len)
{
	static const char marks[3] = {',', ';', '\t'};
	size_t at = 0, head[3], next[3];
	count_marks(text, len, &at, head);
	count_marks(text, len, &at, next);
	size_t most = head[0] > head[1] ? head[0] : head[1];
	most = most > head[2] ? most : head[2];
	if (most == 0)
		return ',';
	/* a tie: the one that gives the next row as many fields; then ',' (the older form) */
	int pick = -1;
	for (int k = 0; k < 3; k++)
		if (head[k] == most && (pick < 0 || (next[k] == most && next[pick] != most)))
			pick = k;
	return marks[pick];
}

/* libcsv drops spaces and tabs around unquoted fields; with TAB between the fields, only
 * spaces. */
static int space_not_tab(unsigned char c)
{
	return c == ' ';
}

struct csv_table *csv_parse_text(const char *text, size_t len, const char *path, struct diags *d)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL) != 0) {
		diag_add(d, path, 1, 1, "cannot start the CSV parser");
		return NULL;
	}
	char delim = csv_delimiter(text, len);
	csv_set_delim(&p, (unsigned char)delim);
	if (delim == '\t')
		csv_set_space_func(&p, space_not_tab);
	struct csv_table *t = xcalloc(1, sizeof *t);
	t->delim = delim;
	struct reader r = {.t = t, .at_field_start = true};
	int line = 1;
	size_t line_start = 0;
	/* the column of byte col_at, counted on from there: fields come left to right */
	size_t col_at = 0;
	int col = 1;
	bool failed = false;
	/* A field can only start after a delimiter or a new line: the parser is fed up to each
	 * of them in turn, so that where the next field starts is always known. */
	for (size_t i = 0; i < len;) {
		size_t n = 0;
		while (i + n < len && text[i + n] != delim && text[i + n] != '\n')
			n++;
		n += i + n < len; /* with the delimiter or new line */
		if (r.at_field_start) {
			if (col_at < line_start) {
				col_at = line_start;
				col = 1;
			}
			col += diag_column(text + col_at, i - col_at) - 1;
			col_at = i;
			r.field_line = line;
			r.field_col = col;
			r.at_field_start = false;
		}
		size_t done = csv_parse(&p, text + i, n, on_field, on_row, &r);
		if (done != n) {
			size_t at = i + done;
			if (r.field_line < line) /* a quote opened lines above, never closed: the
						  * next quote of the file ended its field here */
				diag_add(d, path, r.field_line, r.field_col,
					 "this quoted field runs on to line %d, where a quote ends it "
					 "with text after it: its closing quote is missing (or a quote "
					 "inside it is not doubled)",
					 line);
			else
				diag_add(d, path, line,
					 diag_column(text + line_start, at - line_start),
					 "malformed quoted field (a quote inside a field must be "
					 "doubled, and a quoted field must end right after its closing "
					 "quote)");
			failed = true;
			break;
		}
		i += n;
		if (text[i - 1] == '\n') {
			line++;
			line_start = i;
			/* a new line inside a quoted field continues the field */
		}
		if (r.too_many)
			break;
	}
	if (!failed && !r.too_many && csv_fini(&p, on_field, on_row, &r) != 0) {
		diag_add(d, path, r.field_line, r.field_col, "unterminated quoted field");
		failed = true;
	}
	if (r.too_many) {
		diag_add(d, path, line, 1, "more than %d rows", CSV_MAX_ROWS);
		failed = true;
	}
	csv_free(&p);
	for (size_t i = 0; i < r.n; i++)
		free(r.fields[i]);
	free(r.fields);
	free(r.cols);
	if (failed) {
		csv_table_free(t);
		return NULL;
	}
	return t;
}

struct csv_table *csv_load(const char *path, struct diags *d)
{
	size_t len;
	char *raw = read_file(path, CSV_MAX_BYTES, &len);
	if (!raw) {
		diag_read_error(d, path, errno, CSV_MAX_BYTES);
		return NULL;
	}
	struct digest digest;
	digest_init(&digest);
	digest_add(&digest, raw, len);
	char *text = text_clean(raw, len, path, d);
	free(raw);
	if (!text)
		return NULL;
	struct csv_table *t = csv_parse_text(text, strlen(text), path, d);
	free(text);
	if (t)
		t->digest = digest;
	return t;
}

void csv_table_free(struct csv_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_rows; i++) {
		for (size_t j = 0; j < t->n_fields[i]; j++)
			free(t->rows[i][j]);
		free(t->rows[i]);
		free(t->cols[i]);
	}
	free(t->rows);
	free(t->cols);
	free(t->n_fields);
	free(t->lines);
	free(t);
}

static const char *delim_name(char c)
{
	return c == '\t' ? "TAB" : c == ';' ? ";" : ",";
}

void csv_count_error(const struct csv_table *t, size_t row, size_t want, const char *path,
		     struct diags *d)
{
	size_t found = t->n_fields[row];
	int line = t->lines[row];
	/* another delimiter that would give the row the header's count */
	const char *other = NULL;
	for (const char *c = ",;\t"; want > 1 && *c && !other; c++) {
		size_t n = 0;
		for (size_t k = 0; *c != t->delim && k < found; k++)
			for (const char *p = t->rows[row][k]; (p = strchr(p, *c)); p++)
				n++;
		if (n + 1 == want)
			other = delim_name(*c);
	}
	if (other)
		diag_add(d, path, line, 1,
			 "expected %zu fields, found %zu: this row seems to separate them with "
			 "\"%s\", the header row with \"%s\" (use one of them throughout)",
			 want, found, other, delim_name(t->delim));
	else if (t->delim != ',')
		diag_add(d, path, line, 1,
			 "expected %zu fields, found %zu (separated by \"%s\", as in the header row)",
			 want, found, delim_name(t->delim));
	else
		diag_add(d, path, line, 1, "expected %zu fields, found %zu", want, found);
}

bool csv_row_is_blank(const struct csv_table *t, size_t row)
{
	for (size_t j = 0; j < t->n_fields[row]; j++)
		if (t->rows[row][j][0])
			return false;
	return true;
}
