/* The CSV reader (gen/load/csv.c) feeds libcsv a field at a time. Here a reference reader
 * feeds it one byte at a time, the slow way whose positions are right by construction, and
 * the two must agree on every field, its line and column, and every error, over many
 * generated files. */
#include "check.h"

#include <csv.h>
#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "load/load.h"
#include "util.h"

struct ref_field {
	char *text;
	int line, col;
	size_t row;
};

struct ref {
	struct ref_field *f;
	size_t n, rows, row_fields;
	int field_line, field_col;
	bool at_field_start;
};

static void ref_field(void *s, size_t len, void *data)
{
	struct ref *r = data;
	r->f = xrealloc(r->f, (r->n + 1) * sizeof *r->f);
	r->f[r->n++] = (struct ref_field){xstrndup(s ? s : "", s ? len : 0), r->field_line,
					  r->field_col, r->rows};
	r->row_fields++;
	r->at_field_start = true;
}

static void ref_row(int c, void *data)
{
	(void)c;
	struct ref *r = data;
	if (r->row_fields)
		r->rows++;
	r->row_fields = 0;
	r->at_field_start = true;
}

static int only_space(unsigned char c)
{
	return c == ' ';
}

/* Returns 0, or the line and column of a parse error (*err 1: malformed, 2: unterminated,
 * 3: malformed in a quoted field opened on a line above, located at its start). */
static void ref_parse(const char *text, size_t len, struct ref *r, int *err, int *eline, int *ecol)
{
	struct csv_parser p;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL);
	char delim = csv_delimiter(text, len);
	csv_set_delim(&p, (unsigned char)delim);
	if (delim == '\t')
		csv_set_space_func(&p, only_space);
	memset(r, 0, sizeof *r);
	r->at_field_start = true;
	int line = 1;
	size_t line_start = 0;
	*err = 0;
	for (size_t i = 0; i < len; i++) {
		if (r->at_field_start) {
			r->field_line = line;
			r->field_col = diag_column(text + line_start, i - line_start);
			r->at_field_start = false;
		}
		if (csv_parse(&p, text + i, 1, ref_field, ref_row, r) != 1) {
			*err = 1;
			*eline = line;
			*ecol = diag_column(text + line_start, i - line_start);
			if (r->field_line < line) { /* a quoted field from a line above: at its start */
				*err = 3;
				*eline = r->field_line;
				*ecol = r->field_col;
			}
			break;
		}
		if (text[i] == '\n') {
			line++;
			line_start = i + 1;
		}
	}
	if (!*err && csv_fini(&p, ref_field, ref_row, r) != 0) {
		*err = 2;
		*eline = r->field_line;
		*ecol = r->field_col;
	}
	csv_free(&p);
}

static void ref_free(struct ref *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->f[i].text);
	free(r->f);
}

static size_t mismatches;

static void compare(const char *text, size_t len)
{
	struct ref r;
	int err, eline = 0, ecol = 0;
	ref_parse(text, len, &r, &err, &eline, &ecol);
	struct diags d = {0};
	struct csv_table *t = csv_parse_text(text, len, "t.csv", &d);
	bool ok;
	if (err) {
		ok = !t && d.n == 1 && d.v[0].line == eline && d.v[0].col == ecol &&
		     strstr(d.v[0].msg, err == 1   ? "malformed"
					: err == 2 ? "unterminated"
						   : "this quoted field runs on to line");
	} else {
		ok = t && d.n == 0;
		size_t k = 0;
		for (size_t row = 0; ok && row < t->n_rows; row++) {
			for (size_t c = 0; ok && c < t->n_fields[row]; c++, k++) {
				ok = k < r.n && r.f[k].row == row && strcmp(r.f[k].text, t->rows[row][c]) == 0 &&
				     r.f[k].col == t->cols[row][c] && (c || r.f[k].line == t->lines[row]);
			}
		}
		ok = ok && k == r.n;
	}
	if (!ok && mismatches++ < 5) {
		printf("# CSV reader disagrees with the byte-at-a-time reference on \"");
		for (size_t i = 0; i < len; i++)
			printf(text[i] == '\n' ? "\\n" : "%c", text[i]);
		printf("\"\n");
	}
	csv_table_free(t);
	diag_free(&d);
	ref_free(&r);
}

static uint64_t next_random(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

/* csv_delimiter of a whole string */
static char delim_of(const char *s)
{
	return csv_delimiter(s, strlen(s));
}

int main(void)
{
	/* a blank line does not take the position of the field after it */
	struct diags d = {0};
	const char blank[] = "id,value\n\nthe,1\n";
	struct csv_table *t = csv_parse_text(blank, sizeof blank - 1, "t.csv", &d);
	CHECK(t && t->n_rows == 2 && t->lines[1] == 3 && t->cols[1][1] == 5);
	csv_table_free(t);
	/* quoted fields over several lines start where their quote is */
	const char multi[] = "a,b\n1,\"x\ny\",z\n";
	t = csv_parse_text(multi, sizeof multi - 1, "t.csv", &d);
	CHECK(t && t->n_rows == 2 && t->lines[1] == 2 && t->cols[1][1] == 3 && t->cols[1][2] == 4);
	CHECK(t && strcmp(t->rows[1][1], "x\ny") == 0);
	csv_table_free(t);
	/* errors point at the character */
	const char bad[] = "a,b\n1,\"x\"y\n";
	CHECK(!csv_parse_text(bad, sizeof bad - 1, "t.csv", &d) && d.n == 1 && d.v[0].line == 2 &&
	      d.v[0].col == 6);
	diag_free(&d);
	CHECK(d.n == 0);

	/* the delimiter: the commonest of ',', ';', TAB in the header row, outside quotes */
	CHECK(delim_of("id,value,note\n") == ',');
	CHECK(delim_of("id;value;note\r\n") == ';');
	CHECK(delim_of("id\tvalue\tnote\n") == '\t');
	CHECK(delim_of("STT;Tỉnh, thành phố;Số hồ sơ\n1,2,3,4,5\n") == ';');
	CHECK(delim_of("\"a;b;c\",d\n") == ',');          /* ';' quoted */
	CHECK(delim_of("\"Tỉnh, thành\";Số\n") == ';');
	/* a tie: the next row decides, else ',' */
	CHECK(delim_of("Tỉnh, thành;Số\nHà Nội;12\n") == ';');
	CHECK(delim_of("Đơn vị (tỉnh; thành),Số\nHà Nội,12\n") == ',');
	CHECK(delim_of("Tỉnh, thành;Số\n") == ',');
	CHECK(delim_of("a\tb;c\nx;y\n") == ';');
	CHECK(delim_of("a\tb;c\n") == ';');
	CHECK(delim_of("a,b;c\n") == ',');
	CHECK(delim_of("Danh sách\na,b\n") == ',');        /* one column */
	CHECK(delim_of("") == ',');
	CHECK(delim_of("a\nb;c;d\n") == ',');              /* the header row only */
	const char semi[] = "id;value;note\nty_le;59,57;\"a;b\"\n";
	t = csv_parse_text(semi, sizeof semi - 1, "t.csv", &d);
	CHECK(t && t->delim == ';' && t->n_rows == 2 && t->n_fields[1] == 3 &&
	      strcmp(t->rows[1][1], "59,57") == 0 && strcmp(t->rows[1][2], "a;b") == 0 &&
	      t->cols[1][1] == 7 && t->cols[1][2] == 13);
	csv_table_free(t);
	const char tabs[] = "id\tvalue\tnote\nty_le\t 59,57\t\n";
	t = csv_parse_text(tabs, sizeof tabs - 1, "t.csv", &d);
	CHECK(t && t->delim == '\t' && t->n_rows == 2 && t->n_fields[1] == 3 &&
	      strcmp(t->rows[1][1], "59,57") == 0 && strcmp(t->rows[1][2], "") == 0 &&
	      t->cols[1][1] == 7 && t->cols[1][2] == 14);
	csv_table_free(t);
	CHECK(d.n == 0);

	/* generated files from the characters that matter to a CSV reader */
	static const char *const pieces[] = {"a", "b", " ", ",", ",", "\n", "\n", "\"", "\"\"",
					     "ệ", "Đ", "\t", "1.5", ";"};
	uint64_t state = 6;
	size_t n_pieces = sizeof pieces / sizeof pieces[0];
	for (int i = 0; i < 200000; i++) {
		struct buf b;
		buf_init(&b);
		size_t len = next_random(&state) % 40;
		for (size_t k = 0; k < len; k++)
			buf_puts(&b, pieces[next_random(&state) % n_pieces]);
		compare(b.s, b.len);
		buf_free(&b);
	}
	CHECK(mismatches == 0);
	return check_done();
}
