#include "new.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "load/load.h"
#include "publish.h"
#include "util.h"
#include "vn.h"

struct emit {
	yaml_emitter_t e;
	bool ok;
};

static void ev(struct emit *em, yaml_event_t *event)
{
	if (em->ok && !yaml_emitter_emit(&em->e, event))
		em->ok = false;
}

static void scalar(struct emit *em, const char *s)
{
	yaml_event_t e;
	bool plain_ok = s[0] && !strpbrk(s, ":#'\"[]{},&*!|>%@`") && s[0] != '-' && s[0] != ' ';
	yaml_scalar_event_initialize(&e, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
				     plain_ok ? YAML_PLAIN_SCALAR_STYLE
					      : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	ev(em, &e);
}

static void key_value(struct emit *em, const char *k, const char *v)
{
	if (!v)
		return;
	scalar(em, k);
	scalar(em, v);
}

static void list(struct emit *em, const char *k, char **v, size_t n, bool flow)
{
	if (!n)
		return;
	yaml_event_t e;
	scalar(em, k);
	yaml_sequence_start_event_initialize(&e, NULL, NULL, 1,
					     flow ? YAML_FLOW_SEQUENCE_STYLE
						  : YAML_BLOCK_SEQUENCE_STYLE);
	ev(em, &e);
	for (size_t i = 0; i < n; i++)
		scalar(em, v[i]);
	yaml_sequence_end_event_initialize(&e);
	ev(em, &e);
}

static int write_yaml_string(void *data, unsigned char *buffer, size_t size)
{
	return buf_put(data, (const char *)buffer, size) ? 1 : 0;
}

/* The front matter, written by libyaml's emitter. */
static char *front_matter(const struct report *r, int year, int month)
{
	struct buf out;
	buf_init(&out);
	struct emit em = {.ok = true};
	yaml_emitter_initialize(&em.e);
	yaml_emitter_set_output(&em.e, write_yaml_string, &out);
	yaml_emitter_set_unicode(&em.e, 1);
	yaml_emitter_set_width(&em.e, 1000);
	yaml_event_t e;
	yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
	ev(&em, &e);
	yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 0); /* writes "---" */
	ev(&em, &e);
	yaml_mapping_start_event_initialize(&e, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	ev(&em, &e);

	const char *slash = strchr(r->number, '/');
	key_value(&em, "number", slash ? slash : "/");
	int k = year * 12 + month; /* issued the month after */
	char date[16];
	snprintf(date, sizeof date, "%04d-%02d", k / 12, k % 12 + 1);
	key_value(&em, "date", date);
	char *title = vn_shift_months(r->title, r->year, r->mon,
				      (year * 12 + month) - (r->year * 12 + r->mon));
	key_value(&em, "title", title);
	free(title);
	list(&em, "to", r->to, r->n_to, true);
	if (r->signer.authority || r->signer.position || r->signer.title || r->signer.name) {
		scalar(&em, "signer");
		yaml_mapping_start_event_initialize(&e, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
		ev(&em, &e);
		key_value(&em, "authority", r->signer.authority);
		key_value(&em, "position", r->signer.position);
		key_value(&em, "title", r->signer.title);
		key_value(&em, "name", r->signer.name);
		yaml_mapping_end_event_initialize(&e);
		ev(&em, &e);
	}
	list(&em, "recipients", r->recipients, r->n_recipients, false);

	yaml_mapping_end_event_initialize(&e);
	ev(&em, &e);
	yaml_document_end_event_initialize(&e, 1);
	ev(&em, &e);
	yaml_stream_end_event_initialize(&e);
	ev(&em, &e);
	yaml_emitter_delete(&em.e);
	if (!em.ok) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach_free(&out);
}

/* The lines first..last (1-based) of text, each ending with '\n'. */
static void put_source_lines(struct buf *b, const char *text, int first, int last)
{
	const char *p = text;
	for (int line = 1; *p && line <= last; line++) {
		size_t n = strcspn(p, "\n");
		if (line >= first) {
			buf_put(b, p, n);
			buf_putc(b, '\n');
		}
		p += n + (p[n] == '\n');
	}
}

/* The file of a `{{table F}}` or `{{chart id}}` paragraph standing alone ("" for a chart),
 * or NULL for any other paragraph. */
static char *reference_block(cmark_node *n)
{
	if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
		return NULL;
	char *t = node_text(n);
	size_t len = strlen(t);
	while (len && (t[len - 1] == ' ' || t[len - 1] == '\n'))
		t[--len] = 0;
	char *out = NULL;
	const char *p = t;
	while (*p == ' ')
		p++;
	bool table = strncmp(p, "{{table ", 8) == 0, chart = strncmp(p, "{{chart ", 8) == 0;
	if ((table || chart) && len >= 4 && strcmp(t + len - 2, "}}") == 0 && !strchr(p, '\n') &&
	    !strstr(p + 2, "{{")) {
		const char *f = p + 8;
		while (*f == ' ')
			f++;
		size_t n_f = (size_t)(t + len - 2 - f);
		while (n_f && f[n_f - 1] == ' ')
			n_f--;
		out = table ? xstrndup(f, n_f) : xstrdup("");
	}
	free(t);
	return out;
}

/* Whether a paragraph is the closing sentence, "… kính báo cáo …./." */
static bool closing_sentence(cmark_node *n)
{
	if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
		return false;
	char *t = node_text(n);
	size_t len = strlen(t);
	while (len && (t[len - 1] == ' ' || t[len - 1] == '\n'))
		len--;
	bool yes = len >= 3 && strncmp(t + len - 3, "./.", 3) == 0;
	free(t);
	return yes;
}

/* Copies a table file of the latest report into the new folder, for the clerk to update:
 * only a plain file beside report.md (the loader says what is wrong with anything else). */
static void copy_table(const char *from_dir, const char *to_dir, const char *name,
		       struct diags *d)
{
	if (!*name || strchr(name, '/') || strchr(name, '\\') || name[0] == '.')
		return;
	char *from = path_join(from_dir, name), *to = path_join(to_dir, name);
	struct stat st;
	size_t len;
	char *bytes = lstat(from, &st) == 0 && S_ISREG(st.st_mode) && access(to, F_OK) != 0
			      ? read_file(from, (size_t)64 << 20, &len)
			      : NULL;
	if (bytes) {
		FILE *f = fopen(to, "wb");
		bool ok = f && fwrite(bytes, 1, len, f) == len;
		if (f && fclose(f) != 0)
			ok = false;
		if (!ok)
			diag_add(d, to, 1, 1, "cannot write the new report: %s", strerror(errno));
	}
	free(bytes);
	free(from);
	free(to);
}

/* The new report's body from the latest one's: its opening paragraphs and its closing
 * sentence (months moved on), its headings as written (emphasis kept, months moved on), and
 * its {{table}} and {{chart}} lines, whose tables are copied; the rest is for the clerk to
 * write. The author's own "(Kèm theo …)" line under an appendix names last month's report:
 * left out. */
static void new_body(const struct report *latest, int shift, const char *dir, struct buf *md,
		     struct diags *d)
{
	const char *text = latest->source;
	cmark_node *doc = latest->doc;
	if (!text || !doc)
		return;
	cmark_node *closing = NULL;
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		if (heading_is_appendix(n))
			break;
		if (closing_sentence(n))
			closing = n;
	}
	bool opening = true;
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		cmark_node_type type = cmark_node_get_type(n);
		char *file = reference_block(n);
		bool keep = type == CMARK_NODE_HEADING || file || n == closing ||
			    (opening && type == CMARK_NODE_PARAGRAPH);
		if (type == CMARK_NODE_HEADING)
			opening = false;
		if (keep) {
			struct buf lines;
			buf_init(&lines);
			put_source_lines(&lines, text, cmark_node_get_start_line(n),
					 cmark_node_get_end_line(n));
			char *moved = vn_shift_months(lines.s, latest->year, latest->mon, shift);
			buf_putc(md, '\n');
			buf_puts(md, moved);
			free(moved);
			buf_free(&lines);
		}
		if (file && *file)
			copy_table(latest->dir, dir, file, d);
		free(file);
	}
}

/* What separates the fields of the latest report's kpi.csv (',' when it cannot be read). */
static char kpi_delimiter(const struct report *latest)
{
	char *path = path_join(latest->dir, "kpi.csv");
	size_t len;
	char *raw = read_file(path, (size_t)1 << 20, &len);
	free(path);
	char sep = raw ? csv_delimiter(raw, len) : ',';
	free(raw);
	return sep;
}

int report_new(const char *content_dir, int year, int month, struct diags *d, struct diags *w)
{
	struct site *site = site_load_outline(content_dir, d);
	if (!site)
		return -1;
	char name[16];
	snprintf(name, sizeof name, "%04d-%02d", year, month);
	char *reports = path_join(content_dir, "reports");
	char *dir = path_join(reports, name);
	free(reports);
	int rc = -1;
	struct stat st;
	const struct report *latest = NULL;
	for (size_t i = 0; i < site->n_reports; i++)
		if (strcmp(site->reports[i].month, name) < 0)
			latest = &site->reports[i];
	if (!latest && site->n_reports)
		latest = &site->reports[0];
	if (stat(dir, &st) == 0) {
		diag_add(d, dir, 1, 1, "the report for %s already exists", name);
		goto out;
	}
	if (!latest) {
		diag_add(d, content_dir, 1, 1, "no earlier report to start from");
		goto out;
	}
	int shift = (year * 12 + month) - (latest->year * 12 + latest->mon);
	char *fm = front_matter(latest, year, month);
	if (!fm) {
		diag_add(d, latest->md_path, 1, 1, "cannot write its front matter");
		goto out;
	}
	if (make_dirs(dir) != 0) {
		diag_add(d, dir, 1, 1, "cannot make the folder: %s", strerror(errno));
		free(fm);
		goto out;
	}
	char *md_path = path_join(dir, "report.md"), *kpi_path = path_join(dir, "kpi.csv");
	if (shift > 1) {
		int k = latest->year * 12 + latest->mon; /* the month after the latest */
		diag_warn(w, md_path, 1, 1,
			  "there is no report for %04d-%02d: this one starts from %s's, its months "
			  "moved on by %d (was a month skipped?)",
			  k / 12, k % 12 + 1, latest->month, shift);
	} else if (shift < 1) {
		diag_warn(w, md_path, 1, 1,
			  "%s is before the latest report: this one starts from %s's, its months "
			  "moved back by %d",
			  name, latest->month, -shift);
	}
	struct buf md;
	buf_init(&md);
	/* the emitter opens with "---" (an explicit document start); a front matter also
	 * closes with "---", where YAML would close with "..." */
	const char *end = strstr(fm, "\n...");
	buf_put(&md, fm, end ? (size_t)(end - fm) + 1 : strlen(fm));
	buf_puts(&md, "---\n");
	free(fm);
	new_body(latest, shift, dir, &md, d);

	FILE *f = fopen(md_path, "w");
	bool ok = f && fwrite(md.s, 1, md.len, f) == md.len;
	if (f && fclose(f) != 0)
		ok = false;
	FILE *k = ok ? fopen(kpi_path, "w") : NULL;
	if (k) {
		/* the delimiter of the latest kpi.csv: a clerk whose Excel writes ';' opens a
		 * comma-separated file as one column */
		char sep = kpi_delimiter(latest);
		fprintf(k, "id%cvalue%cnote\n", sep, sep);
		/* ids are [a-z0-9_] (checked by the loader): nothing to quote */
		for (size_t i = 0; i < site->n_indicators; i++)
			fprintf(k, "%s%c%c\n", site->indicators[i].id, sep, sep);
		ok = fclose(k) == 0;
	} else {
		ok = false;
	}
	if (!ok)
		diag_add(d, dir, 1, 1, "cannot write the new report: %s", strerror(errno));
	else
		rc = d->n ? -1 : 0;
	free(md_path);
	free(kpi_path);
	buf_free(&md);
out:
	free(dir);
	site_free(site);
	return rc;
}
