/* site.c — the content folder into a struct site: site.yaml, indicators.csv, the report
 * folders and their kpi.csv; then every report's references are expanded. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../expand.h"
#include "../review.h"
#include "../text.h"
#include "../util.h"
#include "../vn.h"
#include "internal.h"
#include "load.h"
#include "yaml.h"

#define YAML_MAX_BYTES ((size_t)1 << 20)

/* Whether path is inside the content folder once symbolic links are followed: nothing
 * outside it is read, so that content cannot publish someone else's files. A missing path
 * is "inside": it is reported where it is read. */
static bool inside_content(const char *content_dir, const char *path)
{
	char real_content[PATH_MAX], real_path[PATH_MAX];
	if (!realpath(path, real_path))
		return true;
	if (!realpath(content_dir, real_content))
		return false;
	size_t n = strlen(real_content);
	return strncmp(real_path, real_content, n) == 0 && (real_path[n] == '/' || n == 1);
}

/* Adds the error and returns true when the file at path is a link pointing outside. */
static bool link_outside(const char *content_dir, const char *path, struct diags *d)
{
	if (inside_content(content_dir, path))
		return false;
	diag_add(d, path, 1, 1, "is a link pointing outside the content folder");
	return true;
}

/* ---- site.yaml ---- */

struct site_ctx {
	struct site *site;
	bool seen_title, seen_base, seen_place, seen_issuer;
	bool issuer_map; /* issuer has lines under it (else that is the error reported) */
	int issuer_line, issuer_col; /* where "issuer:" is: a key missing under it is named there */
};

static void issuer_key(struct ydoc *y, const char *key, yaml_node_t *kn, yaml_node_t *v, void *ctx)
{
	struct site *s = ctx;
	if (strcmp(key, "parent") == 0) {
		free(s->issuer_parent);
		s->issuer_parent = ystring(y, v, "issuer.parent");
		s->issuer_parent_pos = ypos(y, v);
	} else if (strcmp(key, "name") == 0) {
		free(s->issuer_name);
		s->issuer_name = ystring(y, v, "issuer.name");
		s->issuer_name_pos = ypos(y, v);
	} else if (strcmp(key, "in_text") == 0) {
		free(s->issuer_in_text);
		s->issuer_in_text = ystring(y, v, "issuer.in_text");
		s->issuer_in_text_pos = ypos(y, v);
	} else {
		diag_add(y->d, y->path, ynode_line(y, kn), ynode_col(kn),
			 "unknown key \"issuer.%s\" (parent, name, in_text)", key);
	}
}

static void site_key(struct ydoc *y, const char *key, yaml_node_t *kn, yaml_node_t *v, void *ctx)
{
	struct site_ctx *c = ctx;
	struct site *s = c->site;
	if (strcmp(key, "title") == 0) {
		free(s->title);
		s->title = ystring(y, v, "title");
		c->seen_title = true;
	} else if (strcmp(key, "base_url") == 0) {
		free(s->base_url);
		s->base_url = ystring(y, v, "base_url");
		c->seen_base = true;
		if (s->base_url && strncmp(s->base_url, "https://", 8) != 0 &&
		    strncmp(s->base_url, "http://", 7) != 0)
			diag_add(y->d, y->path, ynode_line(y, v), ynode_col(v),
				 "base_url must start with https:// or http://");
	} else if (strcmp(key, "place") == 0) {
		free(s->place);
		s->place = ystring(y, v, "place");
		s->place_pos = ypos(y, v);
		c->seen_place = true;
	} else if (strcmp(key, "issuer") == 0) {
		c->seen_issuer = true;
		c->issuer_line = ynode_line(y, kn);
		c->issuer_col = ynode_col(kn);
		if (v->type != YAML_MAPPING_NODE)
			diag_add(y->d, y->path, ynode_line(y, v), ynode_col(v),
				 "issuer must have parent, name and in_text lines under it");
		else
			ymap_each(y, v, issuer_key, s);
		c->issuer_map = v->type == YAML_MAPPING_NODE;
	} else {
		diag_add(y->d, y->path, ynode_line(y, kn), ynode_col(kn),
			 "unknown key \"%s\" (title, base_url, place, issuer)", key);
	}
}

void site_yaml_parse(struct site *s, const char *raw, size_t len, const char *path,
		     struct diags *d)
{
	char *text = text_clean(raw, len, path, d);
	if (text) {
		struct ydoc y;
		yaml_node_t *root = ydoc_load(&y, text, path, 0, d);
		if (root) {
			struct site_ctx c = {.site = s};
			ymap_each(&y, root, site_key, &c);
			const char *missing = !c.seen_title ? "title"
					      : !c.seen_base ? "base_url"
					      : !c.seen_place ? "place"
					      : !c.seen_issuer ? "issuer"
							       : NULL;
			if (missing)
				diag_add(d, path, 1, 1, "missing required key \"%s\"", missing);
			if (!missing && !s->issuer_name && c.issuer_map)
				diag_add(d, path, c.issuer_line, c.issuer_col,
					 "missing required key \"issuer.name\"");
			/* how the issuer reads inside a sentence cannot be told from its name in
			 * capitals: "BỘ CÔNG AN" is "Bộ Công an" */
			if (!missing && !s->issuer_in_text && c.issuer_map)
				diag_add(d, path, c.issuer_line, c.issuer_col,
					 "missing required key \"issuer.in_text\": how the issuer reads "
					 "inside a sentence, e.g. in_text: \"Bộ Công an\" for name: \"BỘ "
					 "CÔNG AN\" (the appendices' \"(Kèm theo Báo cáo … của …)\")");
		}
		ydoc_free(&y);
		free(text);
	}
	if (s->base_url && s->base_url[0] && s->base_url[strlen(s->base_url) - 1] != '/') {
		char *b = xasprintf("%s/", s->base_url);
		free(s->base_url);
		s->base_url = b;
	}
}

static void load_site_yaml(struct site *s, const char *dir, struct diags *d)
{
	char *path = path_join(dir, "site.yaml");
	if (link_outside(dir, path, d)) {
		free(path);
		return;
	}
	size_t len;
	char *raw = read_file(path, YAML_MAX_BYTES, &len);
	if (!raw) {
		diag_read_error(d, path, errno, YAML_MAX_BYTES);
		free(path);
		return;
	}
	site_yaml_parse(s, raw, len, path, d);
	free(raw);
	free(path);
}

/* ---- indicators.csv ---- */

static bool valid_id(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static const struct {
	const char *name;
	enum format f;
} formats[] = {{"count", FORMAT_COUNT},
	       {"millions", FORMAT_MILLIONS},
	       {"percent", FORMAT_PERCENT},
	       {"billions", FORMAT_BILLIONS}};

static bool parse_format(const char *s, enum format *f)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(s, formats[i].name) == 0) {
			*f = formats[i].f;
			return true;
		}
	return false;
}

/* The word indicators.csv uses for a format. */
static const char *format_name(enum format f)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (formats[i].f == f)
			return formats[i].name;
	return "?";
}

/* Checks that the header row names exactly the expected columns (the last ones optional
 * from `required` on). */
static bool check_header(const struct csv_table *t, const char *path, const char *const *names,
			 size_t n_names, size_t required, struct diags *d)
{
	if (t->n_rows == 0) {
		diag_add(d, path, 1, 1, "empty file: expected a header row");
		return false;
	}
	size_t n = t->n_fields[0];
	bool ok = n >= required && n <= n_names;
	for (size_t j = 0; ok && j < n; j++)
		if (strcmp(t->rows[0][j], names[j]) != 0)
			ok = false;
	if (!ok) {
		struct buf b;
		buf_init(&b);
		for (size_t j = 0; j < n_names; j++)
			buf_printf(&b, "%s%s", j ? "," : "", names[j]);
		diag_add(d, path, t->lines[0], 1, "the header row must be \"%s\"", b.s);
		buf_free(&b);
	}
	return ok;
}

/* Returns false when the catalogue could not be read at all (then every id would look
 * unknown: those follow-on errors are not reported). */
static bool load_indicators(struct site *s, const char *dir, struct diags *d)
{
	char *path = path_join(dir, "indicators.csv");
	if (link_outside(dir, path, d)) {
		free(path);
		return false;
	}
	struct csv_table *t = csv_load(path, d);
	static const char *const names[] = {"id", "name", "unit", "format", "group"};
	if (!t || !check_header(t, path, names, 5, 4, d)) {
		csv_table_free(t);
		free(path);
		return false;
	}
	s->indicators = xcalloc(t->n_rows, sizeof *s->indicators);
	for (size_t r = 1; r < t->n_rows; r++) {
		if (csv_row_is_blank(t, r))
			continue;
		char **f = t->rows[r];
		int *col = t->cols[r];
		size_t nf = t->n_fields[r];
		bool ok = nf == t->n_fields[0];
		if (!ok)
			csv_count_error(t, r, t->n_fields[0], path, d);
		if (!valid_id(f[0])) {
			if (ok)
				diag_add(d, path, t->lines[r], col[0],
					 "indicator id \"%s\" must be lowercase letters a-z, digits and _",
					 f[0]);
			continue;
		}
		if (indicator_find(s, f[0], strlen(f[0])) >= 0) {
			if (ok)
				diag_add(d, path, t->lines[r], col[0], "duplicate indicator \"%s\"",
					 f[0]);
			continue;
		}
		enum format fmt = FORMAT_COUNT;
		if (ok && !parse_format(f[3], &fmt)) {
			diag_add(d, path, t->lines[r], col[3],
				 "unknown format \"%s\" (count, millions, percent, billions)", f[3]);
			ok = false;
		}
		if (ok && !f[1][0])
			diag_add(d, path, t->lines[r], col[1], "empty name for \"%s\"", f[0]);
		/* A row with an error still defines its id (the load fails anyway), so that the
		 * uses of the id in kpi.csv and the reports are not all reported as unknown. */
		struct indicator *ind = &s->indicators[s->n_indicators++];
		ind->id = xstrdup(f[0]);
		ind->name = xstrdup(nf > 1 ? f[1] : "");
		ind->unit = xstrdup(nf > 2 ? f[2] : "");
		ind->group = xstrdup(nf > 4 ? f[4] : "");
		ind->format = fmt;
		ind->line = t->lines[r];
		ind->name_pos = (struct textpos){t->lines[r], nf > 1 ? col[1] : 0};
		ind->unit_pos = (struct textpos){t->lines[r], nf > 2 ? col[2] : 0};
		indicator_index_add(s, s->n_indicators - 1);
	}
	if (s->n_indicators == 0 && t->n_rows <= 1)
		diag_add(d, path, 1, 1, "no indicators");
	csv_table_free(t);
	free(path);
	return true;
}

/* ---- kpi.csv ---- */

/* A kpi.csv that cannot be read at all: every value is marked as having an error of its
 * own (line -1), so that the report's references to them add no follow-on errors. */
static void kpi_unreadable(const struct site *s, struct report *rep)
{
	for (size_t i = 0; i < s->n_indicators; i++)
		rep->values[i].line = -1;
}

/* "59" and "57" of `x,59,57,` in a comma-separated kpi.csv: a decimal comma that split the
 * value in two. */
static bool split_number(const char *a, const char *b)
{
	struct decimal x;
	return *b && strspn(b, "0123456789") == strlen(b) && strchr(a, ',') == NULL &&
	       vn_read_value(a, FORMAT_COUNT, &x, &x) != VALUE_NOT_NUMBER;
}

/* catalogue: indicators.csv could be read; otherwise ids are not checked against it. */
static void load_kpi(const struct site *s, struct report *rep, bool catalogue, struct diags *d)
{
	rep->values = xcalloc(s->n_indicators ? s->n_indicators : 1, sizeof *rep->values);
	char *path = path_join(rep->dir, "kpi.csv");
	struct stat st;
	if (lstat(path, &st) != 0 && errno == ENOENT) { /* else csv_load says what it is */
		/* Windows hides known extensions: "kpi.csv" typed over "kpi.txt" (Excel's Unicode
		 * Text) is kpi.csv.txt on disk */
		static const char *const near[] = {"kpi.csv.txt", "kpi.txt", "kpi.csv.csv",
						   "KPI.csv", "kpi.CSV", "Kpi.csv"};
		const char *found = NULL;
		for (size_t i = 0; i < sizeof near / sizeof *near && !found; i++) {
			char *p = path_join(rep->dir, near[i]);
			struct stat ns;
			if (lstat(p, &ns) == 0 && S_ISREG(ns.st_mode))
				found = near[i];
			free(p);
		}
		if (found)
			diag_add(d, path, 1, 1,
				 "missing kpi.csv (id,value,note); the folder has %s: rename it kpi.csv",
				 found);
		else
			diag_add(d, path, 1, 1, "missing kpi.csv (id,value,note)");
		kpi_unreadable(s, rep);
		free(path);
		return;
	}
	if (link_outside(s->content_dir, path, d)) {
		kpi_unreadable(s, rep);
		free(path);
		return;
	}
	struct csv_table *t = csv_load(path, d);
	static const char *const names[] = {"id", "value", "note"};
	if (!t || !check_header(t, path, names, 3, 2, d)) {
		kpi_unreadable(s, rep);
		csv_table_free(t);
		free(path);
		return;
	}
	size_t width = t->n_fields[0];
	for (size_t r = 1; r < t->n_rows; r++) {
		char **f = t->rows[r];
		int *col = t->cols[r];
		int line = t->lines[r];
		if (csv_row_is_blank(t, r))
			continue; /* a blank line, or Excel's row of empty cells (";;") */
		if (t->n_fields[r] != width) {
			long known = indicator_find(s, f[0], strlen(f[0]));
			if (t->delim == ',' && t->n_fields[r] == width + 1 && split_number(f[1], f[2]) &&
			    known >= 0 && !rep->values[known].line) {
				rep->values[known].line = line; /* its value has this error */
				diag_add(d, path, line, col[1],
					 "expected %zu fields, found %zu: \"%s,%s\" looks like one "
					 "number with a decimal comma; put it in quotes (\"%s,%s\"), or "
					 "separate the fields with \";\"",
					 width, t->n_fields[r], f[1], f[2], f[1], f[2]);
			} else {
				csv_count_error(t, r, width, path, d);
			}
			continue;
		}
		long ind = indicator_find(s, f[0], strlen(f[0]));
		if (ind < 0) {
			if (catalogue)
				diag_add(d, path, line, col[0],
					 "unknown indicator \"%s\" (not in indicators.csv)", f[0]);
			continue;
		}
		/* `x,12,5` reads as the value 12 with the note "5": never take that silently */
		bool split = t->delim == ',' && width > 2 && split_number(f[1], f[2]);
		if (split)
			diag_add(d, path, line, col[1],
				 "the value \"%s\" and the note \"%s\" look like one number, \"%s,%s\", "
				 "split at its decimal comma: put it in quotes (\"%s,%s\") or separate the "
				 "fields with \";\" (a note of digits alone is taken for this mistake: "
				 "add a word to it)",
				 f[1], f[2], f[1], f[2], f[1], f[2]);
		struct value *v = &rep->values[ind];
		if (v->line) {
			diag_add(d, path, line, col[0], "duplicate indicator \"%s\" (first on line %d)",
				 f[0], v->line);
			continue;
		}
		v->line = line;
		if (split)
			continue;
		if (!f[1][0]) {
			diag_add(d, path, line, col[1], "empty value for \"%s\"", f[0]);
			continue;
		}
		struct decimal alt;
		enum value_reading rd = vn_read_value(f[1], s->indicators[ind].format, &v->number,
						      &alt);
		if (rd == VALUE_NOT_NUMBER) {
			diag_add(d, path, line, col[1],
				 "not a number: \"%s\" (write digits, with a decimal comma or point "
				 "and, if you like, thousands dots: 87900000, 78.553.494, 73,03, 73.03)",
				 f[1]);
			continue;
		}
		if (rd == VALUE_PERCENT_SIGN) {
			diag_add(d, path, line, col[1],
				 "\"%s\" ends with a %% sign, but \"%s\" is not a percentage (its format "
				 "is %s in indicators.csv): write the number alone",
				 f[1], f[0], format_name(s->indicators[ind].format));
			continue;
		}
		if (rd == VALUE_AMBIGUOUS) {
			char *thousands = vn_plain(v->number), *point = vn_plain(alt);
			diag_add(d, path, line, col[1],
				 "\"%s\" can be read two ways: %s (the dot separating thousands) or %s "
				 "(the dot as a decimal point); write %s or %s",
				 f[1], thousands, point, thousands, point);
			free(thousands);
			free(point);
			continue;
		}
		/* "88,8" for 88,8 triệu: published as "0 triệu", a figure nobody meant */
		enum format fmt = s->indicators[ind].format;
		if (rd == VALUE_OK && v->number.mant != 0 &&
		    (fmt == FORMAT_MILLIONS || fmt == FORMAT_BILLIONS)) {
			char *shown = vn_format(v->number, fmt);
			bool zero = strcmp(shown, fmt == FORMAT_MILLIONS ? "0 triệu" : "0 tỷ") == 0 ||
				    strcmp(shown, fmt == FORMAT_MILLIONS ? "-0 triệu" : "-0 tỷ") == 0;
			if (zero && fmt == FORMAT_MILLIONS)
				diag_add(d, path, line, col[1],
					 "\"%s\" would be published as \"%s\": \"%s\" is shown in millions "
					 "(format millions), but its value is written whole, e.g. 87900000 or "
					 "87.900.000 for 87,9 triệu",
					 f[1], shown, f[0]);
			else if (zero)
				diag_add(d, path, line, col[1],
					 "\"%s\" would be published as \"%s\": \"%s\" is shown in billions "
					 "(format billions), but its value is written whole, e.g. 24375000000000 "
					 "or 24.375.000.000.000 for 24.375 tỷ",
					 f[1], shown, f[0]);
			free(shown);
			if (zero)
				continue;
		}
		if (rd == VALUE_NOT_WHOLE) {
			diag_add(d, path, line, col[1],
				 "\"%s\" is not a whole number, and \"%s\" counts things (format count "
				 "in indicators.csv): write a whole number",
				 f[1], f[0]);
			continue;
		}
		v->present = true;
		if (width > 2 && f[2][0])
			v->note = xstrdup(f[2]);
	}
	csv_table_free(t);
	free(path);
}

/* ---- the report folders ---- */

/* Written YYYY-MM (digits), whatever the values: those are checked apart, to say what is
 * wrong with them. */
static bool month_shape(const char *s, int *year, int *mon)
{
	if (strlen(s) != 7 || s[4] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return false;
	*year = atoi(s);
	*mon = atoi(s + 5);
	return true;
}

static int report_cmp(const void *a, const void *b)
{
	return strcmp(((const struct report *)a)->month, ((const struct report *)b)->month);
}


static void find_reports(struct site *s, const char *dir, struct diags *d)
{
	char *rdir = path_join(dir, "reports");
	/* the folder itself a link out: one error, not one a month found through it (nor a
	 * listing of whatever folder it points to) */
	struct stat rst;
	if (stat(rdir, &rst) == 0 && link_outside(dir, rdir, d)) {
		free(rdir);
		return;
	}
	DIR *dh = opendir(rdir);
	if (!dh) {
		diag_add(d, rdir, 1, 1, "cannot open the reports folder: %s", strerror(errno));
		free(rdir);
		return;
	}
	size_t alloc = 0;
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (e->d_name[0] == '.')
			continue;
		char *sub = path_join(rdir, e->d_name);
		struct stat st;
		int y, m;
		bool shaped = month_shape(e->d_name, &y, &m);
		if (stat(sub, &st) != 0) {
			/* a link to a folder that was moved, a loop: that month would be missing */
			int err = errno;
			struct stat lst;
			if (err == ENOENT && lstat(sub, &lst) == 0 && S_ISLNK(lst.st_mode))
				err = ENOLINK;
			diag_read_error(d, sub, err, 0);
			free(sub);
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (shaped)
				diag_add(d, sub, 1, 1,
					 "\"%s\" is a file, not a report folder (reports/YYYY-MM/ holds "
					 "report.md and kpi.csv)",
					 e->d_name);
			free(sub);
			continue; /* a stray file beside the month folders is not a report */
		}
		if (!inside_content(dir, sub)) {
			diag_add(d, sub, 1, 1,
				 "report folder \"%s\" is a link pointing outside the content folder",
				 e->d_name);
			free(sub);
			continue;
		}
		if (!shaped) {
			diag_add(d, sub, 1, 1, "report folder \"%s\" is not named YYYY-MM", e->d_name);
			free(sub);
			continue;
		}
		if (m < 1 || m > 12 || y < 1900) {
			if (m < 1 || m > 12)
				diag_add(d, sub, 1, 1,
					 "report folder \"%s\": there is no month %02d (01 to 12)",
					 e->d_name, m);
			else
				diag_add(d, sub, 1, 1,
					 "report folder \"%s\": a year before 1900 (the year is written "
					 "in full, e.g. 2025-01)",
					 e->d_name);
			free(sub);
			continue;
		}
		if (s->n_reports == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			s->reports = xrealloc(s->reports, alloc * sizeof *s->reports);
		}
		struct report *r = &s->reports[s->n_reports++];
		memset(r, 0, sizeof *r);
		r->month = xstrdup(e->d_name);
		r->year = y;
		r->mon = m;
		r->dir = sub;
		r->md_path = path_join(sub, "report.md");
		r->slug = xasprintf("bao-cao-thang-%02d-%d", m, y);
	}
	closedir(dh);
	if (s->n_reports == 0)
		diag_add(d, rdir, 1, 1, "no report folders (reports/YYYY-MM/)");
	if (s->n_reports) /* qsort(NULL, 0, …) is undefined behaviour */
		qsort(s->reports, s->n_reports, sizeof *s->reports, report_cmp);
	free(rdir);
}

/* Each report is read and given its values, then parsed and expanded, on its own (on
 * several threads), with its own error list; the lists are joined in report order. */
struct load_job {
	struct site *s;
	bool values, catalogue;
	const bool *want; /* site_load_bodies: which reports; NULL while loading */
	struct diags *d;  /* one list per report */
	struct diags *w;  /* one list of warnings per report; NULL: no warnings */
};

static void load_one(void *ctx, size_t i)
{
	struct load_job *j = ctx;
	struct report *r = &j->s->reports[i];
	if (!link_outside(j->s->content_dir, r->md_path, &j->d[i]))
		report_load_front(r, &j->d[i]);
	if (j->values)
		load_kpi(j->s, r, j->catalogue, &j->d[i]);
}

/* Expansion reads every report's values (deltas look back) and changes only its own. */
static void body_one(void *ctx, size_t i)
{
	struct load_job *j = ctx;
	struct report *r = &j->s->reports[i];
	if ((j->want && !j->want[i]) || r->doc || (r->body_skipped && !j->want))
		return;
	if (r->body_skipped) /* the expansion adds the tables again */
		r->inputs = r->md_inputs;
	r->body_skipped = false;
	report_parse_body(r, &j->d[i]);
	if (r->doc && j->w) {
		review_body(r, &j->w[i]);
		report_review_slips(r, &j->w[i]);
		r->body_warned = j->w[i].n > 0;
	}
	/* without the catalogue every reference would be an unknown id */
	if (r->doc && j->values && j->catalogue)
		expand_report(j->s, i, &j->d[i]);
	/* the text locates the errors of parsing and expanding, and of the characters the PDF
	 * cannot draw (pdf_check_text): site_drop_sources frees it after that */
}

static void join_diags(struct load_job *j, struct diags *d, struct diags *w)
{
	for (size_t i = 0; i < j->s->n_reports; i++) {
		diag_move(d, &j->d[i]);
		if (j->w && w)
			diag_move(w, &j->w[i]);
	}
}

static struct site *load(const char *content_dir, bool values, const struct load_options *o,
			 struct diags *d)
{
	size_t before = d->n;
	struct site *s = xcalloc(1, sizeof *s);
	s->content_dir = xstrdup(content_dir);
	s->drafts = o->drafts;
	struct stat st;
	if (stat(content_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_add(d, content_dir, 1, 1, "no such content folder");
		site_free(s);
		return NULL;
	}
	load_site_yaml(s, content_dir, d);
	bool catalogue = load_indicators(s, content_dir, d);
	find_reports(s, content_dir, d);
	struct load_job j = {s, values, catalogue, NULL, xcalloc(s->n_reports + 1, sizeof *j.d),
			     o->warnings ? xcalloc(s->n_reports + 1, sizeof *j.w) : NULL};
	parallel_for(s->n_reports, o->jobs, load_one, &j);
	join_diags(&j, d, o->warnings);
	for (size_t i = 0; o->warnings && i < s->n_reports; i++)
		if (s->reports[i].source)
			review_front(s, &s->reports[i], o->warnings);
	if (values && o->program) {
		model_keys(s, o->program, o->jobs);
		for (size_t i = 0; i < s->n_reports && d->n == before; i++)
			model_cache_take(o->cache, s, &s->reports[i]);
	}
	/* References need every report's values, so the bodies come last; even after errors
	 * elsewhere, so that one run lists them all. */
	parallel_for(s->n_reports, o->jobs, body_one, &j);
	join_diags(&j, d, o->warnings);
	free(j.d);
	free(j.w);
	if (d->n != before) {
		site_free(s);
		return NULL;
	}
	return s;
}

int site_load_bodies(struct site *s, const bool *want, int jobs, struct diags *d)
{
	size_t before = d->n;
	struct load_job j = {s, true, true, want, xcalloc(s->n_reports + 1, sizeof *j.d), NULL};
	parallel_for(s->n_reports, jobs, body_one, &j);
	join_diags(&j, d, NULL);
	free(j.d);
	return d->n == before ? 0 : -1;
}

void site_drop_sources(struct site *s)
{
	for (size_t i = 0; s && i < s->n_reports; i++)
		report_drop_source(&s->reports[i]);
}

struct site *site_load(const char *content_dir, struct diags *d)
{
	const struct load_options o = {.jobs = 1};
	return load(content_dir, true, &o, d);
}

struct site *site_load_with(const char *content_dir, const struct load_options *o,
			    struct diags *d)
{
	return load(content_dir, true, o, d);
}

struct site *site_load_outline(const char *content_dir, struct diags *d)
{
	const struct load_options o = {.jobs = 1};
	return load(content_dir, false, &o, d);
}

void site_free(struct site *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_reports; i++) {
		struct report *r = &s->reports[i];
		report_free(r);
		if (r->values)
			for (size_t j = 0; j < s->n_indicators; j++)
				free(r->values[j].note);
		free(r->values);
		free(r->month);
		free(r->dir);
		free(r->md_path);
		free(r->slug);
	}
	free(s->reports);
	for (size_t i = 0; i < s->n_indicators; i++) {
		free(s->indicators[i].id);
		free(s->indicators[i].name);
		free(s->indicators[i].unit);
		free(s->indicators[i].group);
	}
	free(s->indicators);
	free(s->ind_index);
	free(s->title);
	free(s->base_url);
	free(s->place);
	free(s->issuer_parent);
	free(s->issuer_name);
	free(s->issuer_in_text);
	free(s->content_dir);
	free(s);
}
