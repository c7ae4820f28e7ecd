#include "new.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "load/load.h"
#include "publish.h"
#include "util.h"

/* Shifts every "MM/YYYY" in s that names the latest report's month or the month after it
 * by `shift` months: "tháng 01/2025 … tháng 02/2025" becomes "tháng 02/2025 … tháng 03/2025". */
static char *shift_months(const char *s, int ly, int lm, int shift)
{
	struct buf b;
	buf_init(&b);
	int base = ly * 12 + lm - 1;
	for (const char *p = s; *p;) {
		int m, y, n = 0;
		if (p[0] >= '0' && p[0] <= '9' && sscanf(p, "%2d/%4d%n", &m, &y, &n) == 2 && n == 7 &&
		    (p == s || p[-1] < '0' || p[-1] > '9')) {
			int k = y * 12 + m - 1;
			if (k == base || k == base + 1) {
				k += shift;
				buf_printf(&b, "%02d/%04d", k % 12 + 1, k / 12);
				p += n;
				continue;
			}
		}
		buf_putc(&b, *p++);
	}
	return buf_detach_free(&b);
}

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
	char *title = shift_months(r->title, r->year, r->mon, (year * 12 + month) - (r->year * 12 + r->mon));
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

int report_new(const char *content_dir, int year, int month, struct diags *d)
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
	char *fm = front_matter(latest, year, month);
	if (!fm) {
		diag_add(d, latest->md_path, 1, 1, "cannot write its front matter");
		goto out;
	}
	struct buf md;
	buf_init(&md);
	/* the emitter opens with "---" (an explicit document start); a front matter also
	 * closes with "---", where YAML would close with "..." */
	const char *end = strstr(fm, "\n...");
	buf_put(&md, fm, end ? (size_t)(end - fm) + 1 : strlen(fm));
	buf_puts(&md, "---\n");
	free(fm);
	cmark_iter *it = cmark_iter_new(latest->doc);
	cmark_event_type e;
	while ((e = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (e != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		char *t = node_text(n);
		buf_putc(&md, '\n');
		for (int l = 0; l < cmark_node_get_heading_level(n); l++)
			buf_putc(&md, '#');
		buf_printf(&md, " %s\n", t);
		free(t);
	}
	cmark_iter_free(it);

	if (make_dirs(dir) != 0) {
		diag_add(d, dir, 1, 1, "cannot make the folder: %s", strerror(errno));
		buf_free(&md);
		goto out;
	}
	char *md_path = path_join(dir, "report.md"), *kpi_path = path_join(dir, "kpi.csv");
	FILE *f = fopen(md_path, "w");
	bool ok = f && fwrite(md.s, 1, md.len, f) == md.len;
	if (f && fclose(f) != 0)
		ok = false;
	FILE *k = ok ? fopen(kpi_path, "w") : NULL;
	if (k) {
		fputs("id,value,note\n", k);
		/* ids are [a-z0-9_] (checked by the loader): nothing to quote */
		for (size_t i = 0; i < site->n_indicators; i++)
			fprintf(k, "%s,,\n", site->indicators[i].id);
		ok = fclose(k) == 0;
	} else {
		ok = false;
	}
	if (!ok)
		diag_add(d, dir, 1, 1, "cannot write the new report: %s", strerror(errno));
	else
		rc = 0;
	free(md_path);
	free(kpi_path);
	buf_free(&md);
out:
	free(dir);
	site_free(site);
	return rc;
}
