/* data.c — the open data (files and formats: data.h). CSV fields are quoted by libcsv, the
 * workbook written by libxlsxwriter; the JSON is plain enough to write here. Nothing reads
 * the clock: the same content gives the same bytes (the workbook's creation date is the
 * newest report's). One workbook of many sheets rather than a workbook per indicator:
 * libxlsxwriter assembles each from ~20 temporary files, which made the open data most of a
 * small site's build. */
#define _DEFAULT_SOURCE /* timegm */
#include "data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>
#include <xlsxwriter.h>

#include "../text.h"
#include "../util.h"
#include "../vn.h"

#define LONG_NAME "tat-ca" /* every indicator: never an id, which has no '-' */

/* ---- the rows ---- */

/* "87900000", "73.03", "-1.5": the exact decimal, '.' before its decimals. */
static char *plain_number(struct decimal d)
{
	uint64_t a = d.mant < 0 ? 0 - (uint64_t)d.mant : (uint64_t)d.mant;
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%0*llu", d.scale + 1, (unsigned long long)a);
	char *s = xmalloc((size_t)n + 3);
	char *p = s;
	if (d.mant < 0)
		*p++ = '-';
	memcpy(p, digits, (size_t)(n - d.scale));
	p += n - d.scale;
	if (d.scale > 0) {
		*p++ = '.';
		memcpy(p, digits + n - d.scale, (size_t)d.scale);
		p += d.scale;
	}
	*p = 0;
	return s;
}

struct row {
	const struct report *report;
	struct decimal value, delta;
	bool has_delta;
	char *value_text;
	const char *note; /* "" when none */
};

/* The rows of indicator ind: one per published report that has a value, oldest first (a
 * draft's figures are not published, unless --drafts). */
static struct row *rows_of(const struct site *site, size_t ind, size_t *n)
{
	struct row *rows = xcalloc(site->n_reports + 1, sizeof *rows);
	*n = 0;
	for (size_t r = 0; r < site->n_reports; r++) {
		const struct value *v = &site->reports[r].values[ind];
		if (!v->present || !report_published(site, r))
			continue;
		struct row *w = &rows[(*n)++];
		w->report = &site->reports[r];
		w->value = v->number;
		w->value_text = vn_format(v->number, site->indicators[ind].format);
		w->note = v->note ? v->note : "";
		long p = value_prev(site, r, ind);
		if (p >= 0) {
			w->delta = decimal_sub(v->number, site->reports[p].values[ind].number);
			w->has_delta = true;
		}
	}
	return rows;
}

static void rows_free(struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].value_text);
	free(rows);
}

/* ---- CSV ---- */

/* A field, quoted (by libcsv) only when RFC 4180 needs it: a comma, a quote, a line break,
 * or spaces at its ends that a reader could drop. */
static void csv_field(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_putc(b, ',');
	size_t n = strlen(s);
	bool quote = n && (s[0] == ' ' || s[n - 1] == ' ');
	for (const char *p = s; *p && !quote; p++)
		quote = *p == ',' || *p == '"' || *p == '\n' || *p == '\r';
	if (!quote) {
		buf_put(b, s, n);
		return;
	}
	size_t cap = 2 * n + 3;
	char *q = xmalloc(cap);
	size_t len = csv_write(q, cap, s, n);
	buf_put(b, q, len < cap ? len : cap);
	free(q);
}

static void csv_number(struct buf *b, struct decimal d, bool present)
{
	char *s = present ? plain_number(d) : xstrdup("");
	csv_field(b, s, false);
	free(s);
}

static void csv_row_end(struct buf *b)
{
	buf_puts(b, "\r\n");
}

/* ---- JSON ---- */

void json_put_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c < 0x20) {
			buf_printf(b, "\\u%04x", c);
		} else if (c == '/' && b->len && b->s[b->len - 1] == '<') {
			buf_puts(b, "\\/"); /* never "</script" in a script that holds JSON */
		} else {
			buf_putc(b, (char)c);
		}
	}
	buf_putc(b, '"');
}

static void json_key(struct buf *b, const char *key, bool first)
{
	if (!first)
		buf_putc(b, ',');
	json_put_string(b, key);
	buf_putc(b, ':');
}

static void json_number(struct buf *b, struct decimal d, bool present)
{
	char *s = present ? plain_number(d) : xstrdup("null");
	buf_puts(b, s);
	free(s);
}

static const char *format_name(enum format f)
{
	switch (f) {
	case FORMAT_MILLIONS:
		return "millions";
	case FORMAT_PERCENT:
		return "percent";
	case FORMAT_BILLIONS:
		return "billions";
	default:
		return "count";
	}
}

/* ---- files ---- */

static int write_bytes(const char *path, const struct buf *b, struct diags *d)
{
	struct file_sink *s = file_sink_open(path, (size_t)64 << 10);
	file_sink_put(s, b->s, b->len);
	int error = file_sink_close(s);
	if (error)
		diag_add(d, path, 0, 0, "cannot write: %s", strerror(error));
	return error ? -1 : 0;
}

static const char *const field_names[] = {"month", "value", "value_text", "delta", "note"};
/* the same columns, headed for a reader of the spreadsheet */
static const char *const field_titles[] = {"Tháng", "Giá trị", "Giá trị (như trong báo cáo)",
					   "Thay đổi so với kỳ trước", "Ghi chú"};

static int write_csv(const char *path, const struct site *site, size_t ind, const struct row *rows,
		     size_t n, struct diags *d)
{
	(void)site;
	(void)ind;
	struct buf b;
	buf_init(&b);
	for (size_t f = 0; f < 5; f++)
		csv_field(&b, field_names[f], f == 0);
	csv_row_end(&b);
	for (size_t i = 0; i < n; i++) {
		csv_field(&b, rows[i].report->month, true);
		csv_number(&b, rows[i].value, true);
		csv_field(&b, rows[i].value_text, false);
		csv_number(&b, rows[i].delta, rows[i].has_delta);
		csv_field(&b, rows[i].note, false);
		csv_row_end(&b);
	}
	int rc = write_bytes(path, &b, d);
	buf_free(&b);
	return rc;
}

static int write_json(const char *path, const struct site *site, size_t ind,
		      const struct row *rows, size_t n, struct diags *d)
{
	const struct indicator *in = &site->indicators[ind];
	struct buf b;
	buf_init(&b);
	buf_putc(&b, '{');
	json_key(&b, "id", true);
	json_put_string(&b, in->id);
	json_key(&b, "name", false);
	json_put_string(&b, in->name);
	json_key(&b, "unit", false);
	json_put_string(&b, in->unit);
	json_key(&b, "group", false);
	json_put_string(&b, in->group);
	json_key(&b, "format", false);
	json_put_string(&b, format_name(in->format));
	json_key(&b, "page", false);
	char *page = xasprintf("%schi-so/%s.html", site->base_url, in->id);
	json_put_string(&b, page);
	free(page);
	json_key(&b, "data", false);
	buf_putc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		buf_puts(&b, i ? ",\n{" : "\n{");
		json_key(&b, "month", true);
		json_put_string(&b, rows[i].report->month);
		json_key(&b, "value", false);
		json_number(&b, rows[i].value, true);
		json_key(&b, "value_text", false);
		json_put_string(&b, rows[i].value_text);
		json_key(&b, "delta", false);
		json_number(&b, rows[i].delta, rows[i].has_delta);
		json_key(&b, "note", false);
		if (*rows[i].note)
			json_put_string(&b, rows[i].note);
		else
			buf_puts(&b, "null");
		buf_putc(&b, '}');
	}
	buf_puts(&b, "\n]}\n");
	int rc = write_bytes(path, &b, d);
	buf_free(&b);
	return rc;
}

/* ---- workbooks ---- */

/* How a value shows in a spreadsheet: Excel's format codes are the same in every locale
 * (a Vietnamese Excel shows "#,##0.00" as 1.234,56). */
static const char *number_format(enum format f)
{
	return f == FORMAT_PERCENT ? "0.00" : "#,##0.##";
}

struct workbook {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *text;
	lxw_format *num[4]; /* by enum format */
	char *path;
};

static time_t newest_time(const struct site *site)
{
	/* the newest report's date as a UTC midnight: fixed, so the same content gives the same
	 * workbook */
	struct date dt = {1980, 1, 1};
	for (size_t r = 0; r < site->n_reports; r++) {
		struct date x = site->reports[r].date;
		if (!report_published(site, r))
			continue;
		if (x.year * 10000 + x.month * 100 + x.day > dt.year * 10000 + dt.month * 100 + dt.day)
			dt = x;
	}
	struct tm tm = {.tm_year = dt.year - 1900, .tm_mon = dt.month - 1,
			.tm_mday = dt.day ? dt.day : 1};
	return timegm(&tm);
}

static bool book_open(struct workbook *w, const char *path, const struct site *site,
		      const char *title, struct diags *d)
{
	memset(w, 0, sizeof *w);
	w->path = xstrdup(path);
	unlink(path); /* a file linked from the last build is replaced, never written through */
	w->wb = workbook_new(path);
	if (!w->wb) {
		diag_add(d, path, 0, 0, "cannot write: %s", strerror(errno ? errno : EIO));
		free(w->path);
		return false;
	}
	char *author = text_one_line(site->issuer_name ? site->issuer_name : site->title);
	lxw_doc_properties props = {
		.title = (char *)title,
		.author = author,
		.created = newest_time(site),
	};
	workbook_set_properties(w->wb, &props);
	free(author); /* libxlsxwriter keeps its own copy */
	w->head = workbook_add_format(w->wb);
	format_set_bold(w->head);
	format_set_text_wrap(w->head);
	format_set_align(w->head, LXW_ALIGN_VERTICAL_TOP);
	w->text = workbook_add_format(w->wb);
	format_set_num_format(w->text, "@");
	for (int f = 0; f < 4; f++) {
		w->num[f] = workbook_add_format(w->wb);
		format_set_num_format(w->num[f], number_format((enum format)f));
	}
	return true;
}

/* A new sheet, the one written from now on, its header row frozen. */
static void book_sheet(struct workbook *w, const char *name)
{
	w->ws = workbook_add_worksheet(w->wb, name);
	worksheet_freeze_panes(w->ws, 1, 0);
}

static int book_close(struct workbook *w, struct diags *d)
{
	errno = 0;
	lxw_error e = workbook_close(w->wb);
	int err = errno; /* the system's reason: "Zip generic error ZIP_ERRNO" says none */
	int rc = 0;
	if (e != LXW_NO_ERROR) {
		diag_add(d, w->path, 0, 0, "cannot write: %s", err ? strerror(err) : lxw_strerror(e));
		rc = -1;
	}
	free(w->path);
	return rc;
}

static void book_headers(struct workbook *w, const char *const *titles, size_t n,
			 const double *widths)
{
	for (size_t c = 0; c < n; c++) {
		worksheet_write_string(w->ws, 0, (lxw_col_t)c, titles[c], w->head);
		worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	}
}

static void book_number(struct workbook *w, lxw_row_t row, lxw_col_t col, struct decimal v,
			bool present, enum format f)
{
	if (present)
		worksheet_write_number(w->ws, row, col, decimal_to_double(v), w->num[f]);
}

static void book_text(struct workbook *w, lxw_row_t row, lxw_col_t col, const char *s)
{
	if (s && *s)
		worksheet_write_string(w->ws, row, col, s, w->text);
}

/* Indicator ind's table as a sheet of the workbook, named by data_sheet. */
static void write_sheet(struct workbook *w, const struct site *site, size_t ind,
			const struct row *rows, size_t n)
{
	const struct indicator *in = &site->indicators[ind];
	char *name = data_sheet(site, ind);
	book_sheet(w, name);
	free(name);
	static const double widths[] = {10, 16, 22, 18, 40};
	book_headers(w, field_titles, 5, widths);
	for (size_t i = 0; i < n; i++) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		book_text(w, r, 0, rows[i].report->month);
		book_number(w, r, 1, rows[i].value, true, in->format);
		book_text(w, r, 2, rows[i].value_text);
		book_number(w, r, 3, rows[i].delta, rows[i].has_delta, in->format);
		book_text(w, r, 4, rows[i].note);
	}
}

char *data_sheet(const struct site *site, size_t ind)
{
	/* Excel's sheet names: at most 31 characters, unique, none of []:*?/\ (an id has
	 * [a-z0-9_] only). A longer id is cut and given its row in the catalogue, a number no
	 * other cut name has; an id of 31 characters or fewer that looks the same ("…_7") would
	 * have to be 22 letters, '_' and that row's number. */
	const char *id = site->indicators[ind].id;
	if (strlen(id) <= 31)
		return xstrdup(id);
	return xasprintf("%.22s_%zu", id, ind + 1);
}

/* ---- every indicator in one table ---- */

static const char *const long_names[] = {"indicator", "name", "unit", "group", "month",
					 "value", "value_text", "delta", "note"};
static const char *const long_titles[] = {"Mã chỉ số", "Chỉ số", "Đơn vị tính", "Nhóm",
					  "Tháng", "Giá trị", "Giá trị (như trong báo cáo)",
					  "Thay đổi so với kỳ trước", "Ghi chú"};

static int write_long(const char *dir, const struct site *site, struct diags *d)
{
	struct buf b;
	buf_init(&b);
	for (size_t f = 0; f < 9; f++)
		csv_field(&b, long_names[f], f == 0);
	csv_row_end(&b);
	char *xpath = xasprintf("%s/" LONG_NAME ".xlsx", dir);
	struct workbook w;
	bool book = book_open(&w, xpath, site, site->title, d);
	static const double widths[] = {22, 36, 12, 18, 10, 16, 22, 18, 40};
	if (book) {
		book_sheet(&w, "Tất cả");
		book_headers(&w, long_titles, 9, widths);
	}
	lxw_row_t r = 1;
	for (size_t i = 0; i < site->n_indicators; i++) {
		const struct indicator *in = &site->indicators[i];
		size_t n;
		struct row *rows = rows_of(site, i, &n);
		for (size_t k = 0; k < n; k++, r++) {
			const struct row *x = &rows[k];
			csv_field(&b, in->id, true);
			csv_field(&b, in->name, false);
			csv_field(&b, in->unit ? in->unit : "", false);
			csv_field(&b, in->group ? in->group : "", false);
			csv_field(&b, x->report->month, false);
			csv_number(&b, x->value, true);
			csv_field(&b, x->value_text, false);
			csv_number(&b, x->delta, x->has_delta);
			csv_field(&b, x->note, false);
			csv_row_end(&b);
			if (!book)
				continue;
			book_text(&w, r, 0, in->id);
			book_text(&w, r, 1, in->name);
			book_text(&w, r, 2, in->unit);
			book_text(&w, r, 3, in->group);
			book_text(&w, r, 4, x->report->month);
			book_number(&w, r, 5, x->value, true, in->format);
			book_text(&w, r, 6, x->value_text);
			book_number(&w, r, 7, x->delta, x->has_delta, in->format);
			book_text(&w, r, 8, x->note);
		}
		rows_free(rows, n);
	}
	/* then a sheet per indicator */
	for (size_t i = 0; book && i < site->n_indicators; i++) {
		size_t n;
		struct row *rows = rows_of(site, i, &n);
		write_sheet(&w, site, i, rows, n);
		rows_free(rows, n);
	}
	int rc = book ? book_close(&w, d) : -1;
	free(xpath);
	char *path = xasprintf("%s/" LONG_NAME ".csv", dir);
	if (write_bytes(path, &b, d))
		rc = -1;
	free(path);
	buf_free(&b);
	return rc;
}

/* ---- the Data Package (Frictionless, v1) ---- */

static void schema_field(struct buf *b, const char *name, const char *title, const char *type,
			 const char *desc, bool first)
{
	buf_puts(b, first ? "\n{" : ",\n{");
	json_key(b, "name", true);
	json_put_string(b, name);
	json_key(b, "title", false);
	json_put_string(b, title);
	json_key(b, "type", false);
	json_put_string(b, type);
	if (desc) {
		json_key(b, "description", false);
		json_put_string(b, desc);
	}
	buf_putc(b, '}');
}

static void resource_head(struct buf *b, const char *name, const char *path, const char *title,
			  const char *desc)
{
	buf_puts(b, "{");
	json_key(b, "name", true);
	json_put_string(b, name);
	json_key(b, "path", false);
	json_put_string(b, path);
	json_key(b, "title", false);
	json_put_string(b, title);
	if (desc && *desc) {
		json_key(b, "description", false);
		json_put_string(b, desc);
	}
	buf_puts(b, ",\"profile\":\"tabular-data-resource\",\"format\":\"csv\","
		    "\"mediatype\":\"text/csv\",\"encoding\":\"utf-8\",\"dialect\":"
		    "{\"delimiter\":\",\",\"lineTerminator\":\"\\r\\n\",\"quoteChar\":\"\\\"\","
		    "\"doubleQuote\":true,\"header\":true},\n\"schema\":{\"fields\":[");
}

static void value_fields(struct buf *b, bool first)
{
	schema_field(b, "month", field_titles[0], "yearmonth", "tháng của báo cáo, dạng YYYY-MM",
		     first);
	schema_field(b, "value", field_titles[1], "number", NULL, false);
	schema_field(b, "value_text", field_titles[2], "string",
		     "giá trị như báo cáo viết", false);
	schema_field(b, "delta", field_titles[3], "number",
		     "thay đổi so với tháng gần nhất trước đó có số liệu; để trống ở tháng đầu tiên",
		     false);
	schema_field(b, "note", field_titles[4], "string", "ghi chú của kpi.csv, nếu có", false);
}

static int write_package(const char *dir, const struct site *site, struct diags *d)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "{\"profile\":\"tabular-data-package\"");
	json_key(&b, "title", false);
	json_put_string(&b, site->title);
	json_key(&b, "homepage", false);
	json_put_string(&b, site->base_url);
	json_key(&b, "description", false);
	char *desc = xasprintf("Số liệu các chỉ số trong các báo cáo tháng của %s: mỗi chỉ số một "
			       "tệp CSV (cùng số liệu trong tệp .json cùng tên), và tệp "
			       LONG_NAME ".csv gồm mọi chỉ số; " LONG_NAME ".xlsx có các bảng ấy, "
			       "mỗi bảng một trang tính.",
			       site->issuer_name ? site->issuer_name : site->title);
	char *desc1 = text_one_line(desc);
	json_put_string(&b, desc1);
	free(desc1);
	free(desc);
	json_key(&b, "resources", false);
	buf_putc(&b, '[');
	for (size_t i = 0; i < site->n_indicators; i++) {
		const struct indicator *in = &site->indicators[i];
		buf_puts(&b, i ? ",\n" : "\n");
		char *path = xasprintf("%s.csv", in->id);
		char *rd = in->unit && *in->unit ? xasprintf("Đơn vị tính: %s.", in->unit) : xstrdup("");
		resource_head(&b, in->id, path, in->name, rd);
		free(rd);
		free(path);
		value_fields(&b, true);
		buf_puts(&b, "],\"primaryKey\":[\"month\"]}}");
	}
	buf_puts(&b, site->n_indicators ? ",\n" : "\n");
	resource_head(&b, LONG_NAME, LONG_NAME ".csv", "Mọi chỉ số theo tháng", NULL);
	for (size_t f = 0; f < 4; f++)
		schema_field(&b, long_names[f], long_titles[f], "string",
			     f == 0 ? "mã chỉ số (tên các tệp riêng của chỉ số)" : NULL,
			     f == 0);
	value_fields(&b, false);
	buf_puts(&b, "],\"primaryKey\":[\"indicator\",\"month\"]}}\n]}\n");
	char *path = xasprintf("%s/datapackage.json", dir);
	int rc = write_bytes(path, &b, d);
	free(path);
	buf_free(&b);
	return rc;
}

/* ---- the task ---- */

int data_write(const struct site *site, const char *out_dir, struct diags *d)
{
	char *dir = path_join(out_dir, "data");
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		diag_add(d, dir, 0, 0, "cannot create the folder: %s", strerror(errno));
		free(dir);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < site->n_indicators; i++) {
		size_t n;
		struct row *rows = rows_of(site, i, &n);
		const char *id = site->indicators[i].id;
		char *csv = xasprintf("%s/%s.csv", dir, id), *json = xasprintf("%s/%s.json", dir, id);
		if (write_csv(csv, site, i, rows, n, d) || write_json(json, site, i, rows, n, d))
			rc = -1;
		free(csv);
		free(json);
		rows_free(rows, n);
	}
	if (write_long(dir, site, d) || write_package(dir, site, d))
		rc = -1;
	free(dir);
	return rc;
}

char **data_files(const struct site *site, size_t *n)
{
	char **v = xcalloc(2 * site->n_indicators + 4, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < site->n_indicators; i++) {
		v[k++] = xasprintf("data/%s.csv", site->indicators[i].id);
		v[k++] = xasprintf("data/%s.json", site->indicators[i].id);
	}
	v[k++] = xstrdup("data/" LONG_NAME ".csv");
	v[k++] = xstrdup("data/" LONG_NAME ".xlsx");
	v[k++] = xstrdup("data/datapackage.json");
	*n = k;
	return v;
}

void data_files_free(char **files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

void data_key(const struct site *site, const struct digest *base, char key[33])
{
	struct digest h;
	digest_init(&h);
	digest_str(&h, "baocao data " BAOCAO_VERSION);
	digest_u64(&h, base->a);
	digest_u64(&h, base->b);
	digest_site_settings(&h, site);
	digest_catalogue(&h, site);
	digest_u64(&h, site->n_reports);
	for (size_t r = 0; r < site->n_reports; r++) {
		const struct report *rep = &site->reports[r];
		digest_str(&h, rep->month);
		digest_u64(&h, report_published(site, r));
		/* the workbooks' creation date */
		digest_u64(&h, (uint64_t)(rep->date.year * 10000 + rep->date.month * 100 + rep->date.day));
		digest_report_values(&h, site, rep);
	}
	digest_hex(&h, key);
}
