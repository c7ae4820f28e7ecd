/* site.c — the website: each page's values, the templates filled with them, the Atom feed
 * and the sitemap, and the files written. Hooks: docs/html-structure.md. */
#include "html.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "../load/yaml.h"
#include "../publish.h"
#include "../text.h"
#include "../util.h"
#include "../vn.h"
#include "data.h"
#include "dom.h"
#include "search.h"
#include "template.h"

/* ---- what the templates may name (templates/README.md lists them for designers) ---- */

static const struct tfield f_site[] = {
	{"title", TF_TEXT, NULL},         {"base_url", TF_TEXT, NULL},
	{"place", TF_TEXT, NULL},         {"issuer_parent", TF_TEXT, NULL},
	{"issuer_name", TF_TEXT, NULL},   {NULL, 0, NULL},
};
static const struct tfield f_page[] = {
	{"title", TF_TEXT, NULL},       {"root", TF_TEXT, NULL},
	{"kind", TF_TEXT, NULL},        {"description", TF_TEXT, NULL},
	{"canonical", TF_TEXT, NULL},   {"og_type", TF_TEXT, NULL},
	{NULL, 0, NULL},
};
/* an indicator's value in one report: the latest figures, a report's figures, a series */
static const struct tfield f_figure[] = {
	{"id", TF_TEXT, NULL},        {"name", TF_TEXT, NULL},     {"unit", TF_TEXT, NULL},
	{"value", TF_TEXT, NULL},     {"delta", TF_TEXT, NULL},    {"delta_dir", TF_TEXT, NULL},
	{"note", TF_TEXT, NULL},      {"url", TF_TEXT, NULL},      {"month", TF_TEXT, NULL},
	{"key", TF_TEXT, NULL},       {"report_url", TF_TEXT, NULL}, {"report_title", TF_TEXT, NULL},
	{NULL, 0, NULL},
};
static const struct tfield f_group[] = {
	{"name", TF_TEXT, NULL}, {"rows", TF_LIST, f_figure}, {NULL, 0, NULL},
};
static const struct tfield f_line[] = {{"text", TF_TEXT, NULL}, {NULL, 0, NULL}};
/* a report, as listed and as shown */
static const struct tfield f_report[] = {
	{"key", TF_TEXT, NULL},          {"url", TF_TEXT, NULL},
	{"month", TF_TEXT, NULL},        {"title", TF_TEXT, NULL},
	{"number", TF_TEXT, NULL},       {"number_line", TF_TEXT, NULL},
	{"date", TF_TEXT, NULL},         {"date_line", TF_TEXT, NULL},
	{"pdf_url", TF_TEXT, NULL},      {"pdf_name", TF_TEXT, NULL},
	{"draft", TF_FLAG, NULL},        {"to_one", TF_TEXT, NULL},
	{"to_many", TF_LIST, f_line},    {"recipients", TF_LIST, f_line},
	{"authority", TF_TEXT, NULL},    {"position", TF_TEXT, NULL},
	{"signer_title", TF_TEXT, NULL}, {"signer_name", TF_TEXT, NULL},
	{"has_footnotes", TF_FLAG, NULL}, {"has_appendices", TF_FLAG, NULL},
	{NULL, 0, NULL},
};
static const struct tfield f_latest[] = {
	{"month", TF_TEXT, NULL}, {"url", TF_TEXT, NULL}, {"title", TF_TEXT, NULL},
	{"groups", TF_LIST, f_group}, {NULL, 0, NULL},
};
static const struct tfield f_indicator[] = {
	{"id", TF_TEXT, NULL},   {"name", TF_TEXT, NULL},  {"unit", TF_TEXT, NULL},
	{"group", TF_TEXT, NULL}, {"url", TF_TEXT, NULL},  {"value", TF_TEXT, NULL},
	{"month", TF_TEXT, NULL}, {"has_notes", TF_FLAG, NULL},
	{"csv_url", TF_TEXT, NULL}, {"json_url", TF_TEXT, NULL}, {"xlsx_url", TF_TEXT, NULL},
	{"sheet", TF_TEXT, NULL},       {NULL, 0, NULL},
};
static const struct tfield f_indicator_group[] = {
	{"name", TF_TEXT, NULL}, {"items", TF_LIST, f_indicator}, {NULL, 0, NULL},
};
static const struct tfield f_nav[] = {
	{"url", TF_TEXT, NULL}, {"month", TF_TEXT, NULL}, {"title", TF_TEXT, NULL}, {NULL, 0, NULL},
};

#define COMMON {"site", TF_OBJECT, f_site}, {"page", TF_OBJECT, f_page}

static const struct tfield s_base[] = {COMMON, {"main", TF_SLOT, NULL}, {NULL, 0, NULL}};
static const struct tfield s_index[] = {
	COMMON,
	{"latest", TF_OBJECT, f_latest},
	{"reports", TF_LIST, f_report},
	{"indicators", TF_LIST, f_indicator},
	{"indicator_groups", TF_LIST, f_indicator_group},
	{NULL, 0, NULL},
};
static const struct tfield s_report[] = {
	COMMON,
	{"report", TF_OBJECT, f_report},
	{"body", TF_SLOT, NULL},
	{"footnotes", TF_SLOT, NULL},
	{"appendices", TF_SLOT, NULL},
	{"figures", TF_LIST, f_figure},
	{"prev", TF_OBJECT, f_nav},
	{"next", TF_OBJECT, f_nav},
	{NULL, 0, NULL},
};
static const struct tfield s_indicator[] = {
	COMMON,
	{"indicator", TF_OBJECT, f_indicator},
	{"chart", TF_SLOT, NULL},
	{"series", TF_LIST, f_figure},
	{NULL, 0, NULL},
};

struct html_templates {
	struct tpl *base, *index, *report, *indicator;
	struct html_texts texts;
};

static void texts_entry(struct ydoc *y, const char *key, yaml_node_t *key_node,
			yaml_node_t *value, void *ctx)
{
	(void)key_node;
	struct html_texts *tx = ctx;
	char **dst = strcmp(key, "appendix_reference") == 0 ? &tx->appendix_reference : NULL;
	if (!dst || value->type != YAML_SCALAR_NODE)
		return;
	char *raw = ystring(y, value, key);
	free(*dst);
	*dst = raw ? text_nfc(raw) : NULL;
	free(raw);
}

static void style_entry(struct ydoc *y, const char *key, yaml_node_t *key_node,
			yaml_node_t *value, void *ctx)
{
	(void)key_node;
	if (strcmp(key, "texts") == 0 && value->type == YAML_MAPPING_NODE)
		ymap_each(y, value, texts_entry, ctx);
}

/* The texts the website shares with the PDF, from the page style beside the templates
 * (page-style.yaml, "texts"), so the appendices' reference lines read the same. The PDF's
 * loader (gen/pdf/style.c) checks that file and reports its errors: here a missing or
 * broken file only leaves the defaults. */
static void load_texts(const char *dir, struct html_texts *tx)
{
	char *path = path_join(dir, "page-style.yaml");
	size_t len;
	char *text = read_file(path, (size_t)1 << 20, &len);
	struct diags scratch = {0};
	struct ydoc y;
	memset(&y, 0, sizeof y);
	yaml_node_t *root = text ? ydoc_load(&y, text, path, 0, &scratch) : NULL;
	if (root)
		ymap_each(&y, root, style_entry, tx);
	ydoc_free(&y);
	diag_free(&scratch);
	free(text);
	free(path);
}

struct html_templates *html_templates_load(const char *dir, struct diags *d)
{
	static const char *const base_slots[] = {"main", NULL};
	static const char *const report_slots[] = {"body", NULL};
	xmlInitParser(); /* once, before any thread uses libxml2 */
	struct html_templates *t = xcalloc(1, sizeof *t);
	struct {
		struct tpl **dst;
		const char *file;
		const struct tfield *schema;
		const char *const *slots;
	} list[] = {
		{&t->base, "base.html", s_base, base_slots},
		{&t->index, "index.html", s_index, NULL},
		{&t->report, "report.html", s_report, report_slots},
		{&t->indicator, "indicator.html", s_indicator, NULL},
	};
	bool ok = true;
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
		char *path = path_join(dir, list[i].file);
		*list[i].dst = tpl_load(path, list[i].schema, list[i].slots, d);
		ok = ok && *list[i].dst;
		free(path);
	}
	if (!ok) {
		html_templates_free(t);
		return NULL;
	}
	load_texts(dir, &t->texts);
	return t;
}

void html_templates_free(struct html_templates *t)
{
	if (!t)
		return;
	tpl_free(t->base);
	tpl_free(t->index);
	tpl_free(t->report);
	tpl_free(t->indicator);
	free(t->texts.appendix_reference);
	free(t);
}

/* ---- values ---- */

static char *cat4(const char *a, const char *b, const char *c, const char *d);

/* The fields every page has. `description`: its meta description (taken); `path`: its
 * public address under base_url, the folder's for a report ("2025-01/"), so that the
 * canonical link, the sitemap and the feed name one address per page. */
static void put_common(struct tvalue *root, const struct site *site, const char *title,
		       const char *root_path, const char *kind, char *description,
		       const char *path)
{
	struct tvalue *s = tv_object(root, "site");
	tv_text_ref(s, "title", site->title);
	tv_text_ref(s, "base_url", site->base_url);
	tv_text_ref(s, "place", site->place);
	tv_text_ref(s, "issuer_parent", site->issuer_parent);
	tv_text_ref(s, "issuer_name", site->issuer_name);
	struct tvalue *p = tv_object(root, "page");
	tv_text(p, "title", title);
	tv_text_ref(p, "root", root_path);
	tv_text_ref(p, "kind", kind);
	tv_text_take(p, "description", description);
	tv_text_take(p, "canonical", cat4(site->base_url, path, "", ""));
	tv_text_ref(p, "og_type", strcmp(kind, "report") == 0 ? "article" : "website");
}

/* "Thủ tướng Chính phủ;" → "Thủ tướng Chính phủ": the page adds the punctuation the
 * decree asks for, whether or not the author wrote it. */
static char *bare_line(const char *s)
{
	while (*s == ' ' || *s == '-' || *s == '+')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == ';' || s[n - 1] == ',' || s[n - 1] == '.'))
		n--;
	return xstrndup(s, n);
}

static void put_lines(struct tvalue *o, const char *name, char **lines, size_t n)
{
	tv_list(o, name);
	for (size_t i = 0; i < n; i++) {
		char *b = bare_line(lines[i]);
		tv_text_take(tv_list_add(o, name), "text", xasprintf("%s%s", b, i + 1 < n ? ";" : "."));
		free(b);
	}
}

/* a, b, c and d end to end: the links of every figure and report on every page, for which
 * xasprintf's formatting cost more than the rest of the figure. */
static char *cat4(const char *a, const char *b, const char *c, const char *d)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c), ld = strlen(d);
	char *s = xmalloc(la + lb + lc + ld + 1);
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc);
	memcpy(s + la + lb + lc, d, ld + 1);
	return s;
}

/* A report's fields; `to_root` is the path from the page to the site root. */
static void put_report(struct tvalue *o, const struct site *site, const struct report *r,
		       const char *to_root, bool full)
{
	tv_text_ref(o, "key", r->month);
	tv_text_take(o, "url", cat4(to_root, r->month, "/index.html", ""));
	tv_text_take(o, "month", vn_month(r->year, r->mon));
	/* "tháng 01/2025" never broken (text_keep_numbers) */
	tv_text_take(o, "title", text_keep_numbers(r->title));
	tv_text_ref(o, "number", r->number);
	tv_text_take(o, "number_line", vn_number_line(r->number ? r->number : ""));
	tv_text_take(o, "date", vn_date_short(r->date));
	tv_text_take(o, "date_line", vn_date_line(site->place ? site->place : "", r->date));
	tv_text_take(o, "pdf_name", xasprintf("%s.pdf", r->slug));
	tv_text_take(o, "pdf_url", xasprintf("%s%s/%s.pdf", to_root, r->month, r->slug));
	tv_flag(o, "draft", r->draft);
	if (!full)
		return;
	if (r->n_to == 1) {
		tv_text_take(o, "to_one", bare_line(r->to[0]));
		tv_list(o, "to_many");
	} else {
		tv_text_ref(o, "to_one", "");
		put_lines(o, "to_many", r->to, r->n_to);
	}
	put_lines(o, "recipients", r->recipients, r->n_recipients);
	tv_text_ref(o, "authority", r->signer.authority);
	tv_text_ref(o, "position", r->signer.position);
	tv_text_ref(o, "signer_title", r->signer.title);
	tv_text_ref(o, "signer_name", r->signer.name);
}

static const char *delta_dir(struct decimal d)
{
	return d.mant > 0 ? "tang" : d.mant < 0 ? "giam" : "khong-doi";
}

/* An indicator's value in report r, with its change since the previous report that has
 * one (empty when none). */
static void put_figure(struct tvalue *o, const struct site *site, size_t r, size_t ind,
		       const char *to_root)
{
	const struct indicator *in = &site->indicators[ind];
	const struct report *rep = &site->reports[r];
	const struct value *v = &rep->values[ind];
	tv_text_ref(o, "id", in->id);
	tv_text_ref(o, "name", in->name);
	tv_text_ref(o, "unit", in->unit);
	tv_text_take(o, "value", vn_format(v->number, in->format));
	long p = value_prev(site, r, ind);
	if (p >= 0) {
		struct decimal dl = decimal_sub(v->number, site->reports[p].values[ind].number);
		tv_text_take(o, "delta", vn_delta(dl, in->format));
		tv_text_ref(o, "delta_dir", delta_dir(dl));
	} else {
		tv_text_ref(o, "delta", "");
		tv_text_ref(o, "delta_dir", "");
	}
	tv_text_ref(o, "note", v->note);
	tv_text_take(o, "url", cat4(to_root, "chi-so/", in->id, ".html"));
	tv_text_take(o, "month", vn_month(rep->year, rep->mon));
	tv_text_ref(o, "key", rep->month);
	tv_text_take(o, "report_url", cat4(to_root, rep->month, "/index.html", ""));
	tv_text_ref(o, "report_title", rep->title);
}

/* The figures of report r grouped as the catalogue groups them (first appearance order). */
static void put_groups(struct tvalue *o, const struct site *site, size_t r, const char *to_root)
{
	tv_list(o, "groups");
	bool *done = xcalloc(site->n_indicators + 1, sizeof *done);
	for (size_t i = 0; i < site->n_indicators; i++) {
		if (done[i])
			continue;
		const char *g = site->indicators[i].group ? site->indicators[i].group : "";
		struct tvalue *grp = NULL;
		for (size_t k = i; k < site->n_indicators; k++) {
			const char *gk = site->indicators[k].group ? site->indicators[k].group : "";
			if (done[k] || strcmp(g, gk) != 0)
				continue;
			done[k] = true;
			if (!site->reports[r].values[k].present)
				continue;
			if (!grp) {
				grp = tv_list_add(o, "groups");
				tv_text_ref(grp, "name", g);
				tv_list(grp, "rows");
			}
			put_figure(tv_list_add(grp, "rows"), site, r, k, to_root);
		}
	}
	free(done);
}

/* ---- output ---- */

static int write_file(const char *path, const char *data, size_t len, struct diags *d)
{
	/* a page taken over from the last build is a hard link to the published file: a
	 * new file, never a write through the link */
	unlink(path);
	FILE *f = fopen(path, "wb");
	if (!f) {
		diag_add(d, path, 0, 0, "cannot write: %s", strerror(errno));
		return -1;
	}
	size_t w = fwrite(data, 1, len, f);
	int bad = w != len;
	if (fclose(f) != 0)
		bad = 1;
	if (bad) {
		diag_add(d, path, 0, 0, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int make_dir(const char *path, struct diags *d)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		diag_add(d, path, 0, 0, "cannot create the folder: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Fills doc (tpl_begin(t->base)) with root, the page template in the layout's "main", and
 * writes it to out_dir/rel. Takes root and doc. */
static int write_page(const struct html_templates *t, const struct tpl *page, xmlDocPtr doc,
		      struct tvalue *root, const char *out_dir, const char *rel, struct diags *d)
{
	int rc = tpl_fill_page(doc, t->base, "main", page, root, d);
	if (rc == 0) {
		char *path = path_join(out_dir, rel);
		rc = html_save(doc, path, d);
		free(path);
	}
	tv_free(root); /* before doc: unused slots hold nodes of doc */
	xmlFreeDoc(doc);
	return rc;
}

/* The newest published report that has a value: the index's latest figures (never a
 * draft's, unless drafts are published). */
static long latest_report(const struct site *site)
{
	for (size_t r = site->n_reports; r-- > 0;)
		for (size_t i = 0; i < site->n_indicators && report_published(site, r); i++)
			if (site->reports[r].values[i].present)
				return (long)r;
	return -1;
}

/* An indicator's open data (data.h), from a page `to_root` below the root: its CSV and
 * JSON, and the workbook with its sheet. */
static void put_data_urls(struct tvalue *o, const struct site *site, size_t ind,
			  const char *to_root)
{
	const struct indicator *in = &site->indicators[ind];
	tv_text_take(o, "csv_url", cat4(to_root, "data/", in->id, ".csv"));
	tv_text_take(o, "json_url", cat4(to_root, "data/", in->id, ".json"));
	tv_text_take(o, "xlsx_url", cat4(to_root, "data/tat-ca.xlsx", "", ""));
	tv_text_take(o, "sheet", data_sheet(site, ind));
}

static void put_indicator(struct tvalue *o, const struct site *site, size_t ind)
{
	const struct indicator *in = &site->indicators[ind];
	tv_text_ref(o, "id", in->id);
	tv_text_ref(o, "name", in->name);
	tv_text_ref(o, "unit", in->unit);
	tv_text_ref(o, "group", in->group);
	tv_text_take(o, "url", xasprintf("chi-so/%s.html", in->id));
	put_data_urls(o, site, ind, "");
}

/* "Bản tin Đề án 06: 3 báo cáo tháng, từ tháng 06/2024 đến tháng 01/2025; số liệu của
 * 12 chỉ số theo tháng và bản PDF chính thức." */
static char *index_description(const struct site *site)
{
	long first = -1, last = -1; /* the published reports: a draft is not on the site */
	size_t n = 0;
	for (size_t r = 0; r < site->n_reports; r++)
		if (report_published(site, r)) {
			if (first < 0)
				first = (long)r;
			n++;
			last = (long)r;
		}
	if (!n)
		return xasprintf("%s.", site->title);
	const struct report *a = &site->reports[first], *z = &site->reports[last];
	char *ma = vn_month(a->year, a->mon), *mz = vn_month(z->year, z->mon);
	char *span = n == 1 ? xasprintf("%s", mz) : xasprintf("từ %s đến %s", ma, mz);
	char *s = xasprintf("%s: %zu báo cáo, %s; số liệu của %zu chỉ số theo tháng và bản PDF "
			    "chính thức.",
			    site->title, n, span, site->n_indicators);
	free(span);
	free(ma);
	free(mz);
	return s;
}

static int write_index(const struct html_templates *t, const struct site *site,
		       const char *out_dir, struct diags *d)
{
	struct tvalue *root = tv_new();
	put_common(root, site, site->title, "", "index", index_description(site), "");
	long lr = latest_report(site);
	if (lr >= 0) {
		struct tvalue *l = tv_object(root, "latest");
		const struct report *r = &site->reports[lr];
		tv_text_take(l, "month", vn_month(r->year, r->mon));
		tv_text_take(l, "url", xasprintf("%s/index.html", r->month));
		tv_text_ref(l, "title", r->title);
		put_groups(l, site, (size_t)lr, "");
	}
	tv_list(root, "reports");
	for (size_t r = site->n_reports; r-- > 0;)
		if (report_published(site, r))
			put_report(tv_list_add(root, "reports"), site, &site->reports[r], "", false);
	tv_list(root, "indicators");
	for (size_t i = 0; i < site->n_indicators; i++)
		put_indicator(tv_list_add(root, "indicators"), site, i);
	/* the same, grouped as the catalogue groups them (first appearance order) */
	tv_list(root, "indicator_groups");
	bool *done = xcalloc(site->n_indicators + 1, sizeof *done);
	for (size_t i = 0; i < site->n_indicators; i++) {
		if (done[i])
			continue;
		const char *g = site->indicators[i].group ? site->indicators[i].group : "";
		struct tvalue *grp = tv_list_add(root, "indicator_groups");
		tv_text_ref(grp, "name", g);
		tv_list(grp, "items");
		for (size_t k = i; k < site->n_indicators; k++) {
			const char *gk = site->indicators[k].group ? site->indicators[k].group : "";
			if (!done[k] && strcmp(g, gk) == 0) {
				done[k] = true;
				put_indicator(tv_list_add(grp, "items"), site, k);
			}
		}
	}
	free(done);
	return write_page(t, t->index, tpl_begin(t->base), root, out_dir, "index.html", d);
}

static void put_nav(struct tvalue *root, const char *name, const struct report *r)
{
	struct tvalue *o = tv_object(root, name);
	tv_text_take(o, "url", xasprintf("../%s/index.html", r->month));
	tv_text_take(o, "month", vn_month(r->year, r->mon));
	tv_text_ref(o, "title", r->title);
}

/* The report's images, beside its page under the names they have in its folder (the
 * expansion read and checked them: gen/expand.c). */
static int write_images(const struct report *r, const char *out_dir, struct diags *d)
{
	int rc = 0;
	if (!r->doc)
		return 0;
	cmark_iter *it = cmark_iter_new(r->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && rc == 0) {
		cmark_node *n = cmark_iter_get_node(it);
		const struct image *im = cmark_node_get_type(n) == CMARK_NODE_IMAGE
						 ? cmark_node_get_user_data(n)
						 : NULL;
		if (ev != CMARK_EVENT_ENTER || !im)
			continue;
		char *rel = xasprintf("%s/%s", r->month, im->name);
		char *path = path_join(out_dir, rel);
		char *slash = strrchr(path, '/');
		*slash = 0;
		make_dirs(path); /* an image in a folder of the report's */
		*slash = '/';
		rc = write_file(path, (const char *)im->data, im->len, d);
		free(path);
		free(rel);
	}
	cmark_iter_free(it);
	return rc;
}

static int write_report(const struct html_templates *t, const struct site *site, size_t ri,
			const char *out_dir, struct diags *d)
{
	const struct report *r = &site->reports[ri];
	if (!report_published(site, ri))
		return 0; /* a draft without --drafts: no page */
	char *dir = path_join(out_dir, r->month);
	int rc = make_dir(dir, d);
	free(dir);
	if (rc)
		return -1;

	if (write_images(r, out_dir, d))
		return -1;
	xmlDocPtr doc = tpl_begin(t->base);
	struct md_result md;
	md_render(site, ri, "../", &t->texts, doc, &md);
	/* the search's text of the page, which also gives its headings their ids */
	struct buf text;
	buf_init(&text);
	char *first = NULL;
	search_page_text(r->title, md.body, md.appendices, md.footnotes, &text, &first);
	char *rel_part = xasprintf("%s/search.js", r->month);
	rc = search_write_part(out_dir, rel_part, r->month, text.s, text.len, d);
	free(rel_part);
	buf_free(&text);
	struct tvalue *root = tv_new();
	char *m = vn_month(r->year, r->mon);
	char *title = xasprintf("Báo cáo %s — %s", m, site->title);
	char *path = xasprintf("%s/", r->month);
	put_common(root, site, title, "../", "report",
		   search_description(first ? first : r->title ? r->title : ""), path);
	free(path);
	free(first);
	free(title);
	free(m);
	struct tvalue *o = tv_object(root, "report");
	put_report(o, site, r, "../", true);
	tv_text_take(o, "pdf_url", xasprintf("%s.pdf", r->slug)); /* beside the page */
	tv_text_ref(o, "url", "./");
	tv_flag(o, "has_footnotes", md.n_footnotes > 0);
	tv_flag(o, "has_appendices", md.n_appendices > 0);
	tv_slot(root, "body", md.body);
	tv_slot(root, "footnotes", md.footnotes);
	tv_slot(root, "appendices", md.appendices);
	md.body = md.footnotes = md.appendices = NULL;
	md_result_free(&md);

	tv_list(root, "figures");
	for (size_t i = 0; i < site->n_indicators; i++)
		if (r->values[i].present)
			put_figure(tv_list_add(root, "figures"), site, ri, i, "../");
	long prev = report_published_next(site, ri, -1), next = report_published_next(site, ri, 1);
	if (prev >= 0)
		put_nav(root, "prev", &site->reports[prev]);
	if (next >= 0)
		put_nav(root, "next", &site->reports[next]);

	char *rel = xasprintf("%s/index.html", r->month);
	if (write_page(t, t->report, doc, root, out_dir, rel, d))
		rc = -1;
	free(rel);
	return rc;
}

/* "Thẻ CCCD gắn chip đã cấp: 87,9 triệu tháng 01/2025, tăng 1,3 triệu so với kỳ trước;
 * số liệu theo tháng từ tháng 06/2024." */
static char *indicator_description(const struct site *site, size_t ind)
{
	const struct indicator *in = &site->indicators[ind];
	long last = -1, first = -1;
	for (size_t r = 0; r < site->n_reports; r++)
		if (site->reports[r].values[ind].present && report_published(site, r)) {
			last = (long)r;
			if (first < 0)
				first = (long)r;
		}
	if (last < 0)
		return xasprintf("%s: chưa có số liệu.", in->name);
	const struct report *rl = &site->reports[last], *rf = &site->reports[first];
	char *val = vn_format(rl->values[ind].number, in->format);
	char *ml = vn_month(rl->year, rl->mon), *mf = vn_month(rf->year, rf->mon);
	long p = value_prev(site, (size_t)last, ind);
	char *dl = p >= 0 ? vn_delta(decimal_sub(rl->values[ind].number,
						 site->reports[p].values[ind].number),
				     in->format)
			  : NULL;
	char *s = xasprintf("%s: %s %s%s%s%s; số liệu theo tháng từ %s.", in->name, val, ml,
			    dl ? ", " : "", dl ? dl : "", dl ? " so với kỳ trước" : "", mf);
	free(dl);
	free(val);
	free(ml);
	free(mf);
	return s;
}

static int write_indicator(const struct html_templates *t, const struct site *site, size_t ind,
			   const char *out_dir, struct diags *d)
{
	const struct indicator *in = &site->indicators[ind];
	xmlDocPtr doc = tpl_begin(t->base);
	struct tvalue *root = tv_new();
	char *title = xasprintf("%s — %s", in->name, site->title);
	char *path = xasprintf("chi-so/%s.html", in->id);
	put_common(root, site, title, "../", "indicator", indicator_description(site, ind), path);
	free(path);
	free(title);
	struct tvalue *o = tv_object(root, "indicator");
	tv_text_ref(o, "id", in->id);
	tv_text_ref(o, "name", in->name);
	tv_text_ref(o, "unit", in->unit);
	tv_text_ref(o, "group", in->group);
	tv_text_take(o, "url", xasprintf("%s.html", in->id));
	put_data_urls(o, site, ind, "../");
	bool notes = false;
	long last = -1; /* the newest published report: the chart stops there */
	for (size_t r = 0; r < site->n_reports; r++) {
		const struct value *v = &site->reports[r].values[ind];
		if (!report_published(site, r))
			continue;
		notes = notes || (v->present && v->note && *v->note);
		last = (long)r;
	}
	tv_flag(o, "has_notes", notes);
	xmlNodePtr box = dom_new(doc, "div", NULL);
	if (last >= 0)
		xmlAddChild(box, svg_chart_figure(site, ind, (size_t)last, 1, NULL, doc));
	tv_slot(root, "chart", box);
	tv_list(root, "series");
	for (size_t r = 0; r < site->n_reports; r++)
		if (site->reports[r].values[ind].present && report_published(site, r))
			put_figure(tv_list_add(root, "series"), site, r, ind, "../");
	char *rel = xasprintf("chi-so/%s.html", in->id);
	int rc = write_page(t, t->indicator, doc, root, out_dir, rel, d);
	free(rel);
	return rc;
}

/* ---- feed and sitemap (libxml2 tree API) ---- */

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define SITEMAP_NS "http://www.sitemaps.org/schemas/sitemap/0.9"

/* RFC 3339 at the start of the report's day in Vietnam; a draft: the first of its month. */
static char *atom_date(struct date dt)
{
	return xasprintf("%04d-%02d-%02dT00:00:00+07:00", dt.year, dt.month, dt.day ? dt.day : 1);
}

static char *iso_day(struct date dt)
{
	return xasprintf("%04d-%02d-%02d", dt.year, dt.month, dt.day ? dt.day : 1);
}

static void text_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *s)
{
	xmlNodePtr n = xmlNewChild(parent, ns, BAD_CAST name, NULL);
	xmlAddChild(n, xmlNewText(BAD_CAST(s ? s : "")));
}

static void link_child(xmlNodePtr parent, xmlNsPtr ns, const char *rel, const char *href,
		       const char *type)
{
	xmlNodePtr l = xmlNewChild(parent, ns, BAD_CAST "link", NULL);
	if (rel)
		xmlNewProp(l, BAD_CAST "rel", BAD_CAST rel);
	xmlNewProp(l, BAD_CAST "href", BAD_CAST href);
	if (type)
		xmlNewProp(l, BAD_CAST "type", BAD_CAST type);
}

static int write_xml(xmlDocPtr doc, const char *out_dir, const char *rel, struct diags *d)
{
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	char *path = path_join(out_dir, rel);
	int rc = mem ? write_file(path, (const char *)mem, (size_t)len, d) : -1;
	if (!mem)
		diag_add(d, path, 0, 0, "cannot serialise");
	free(path);
	xmlFree(mem);
	return rc;
}

static int write_feed(const struct site *site, const char *out_dir, struct diags *d)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr feed = xmlNewNode(NULL, BAD_CAST "feed");
	xmlNsPtr ns = xmlNewNs(feed, BAD_CAST ATOM_NS, NULL);
	xmlSetNs(feed, ns);
	xmlDocSetRootElement(doc, feed);
	xmlNodeSetLang(feed, BAD_CAST "vi");
	xmlNodePtr title = xmlNewChild(feed, ns, BAD_CAST "title", NULL);
	xmlAddChild(title, xmlNewText(BAD_CAST site->title));
	text_child(feed, ns, "id", site->base_url);
	char *self = xasprintf("%sfeed.xml", site->base_url);
	link_child(feed, ns, "self", self, "application/atom+xml");
	free(self);
	link_child(feed, ns, "alternate", site->base_url, "text/html");
	struct date newest = {1970, 1, 1};
	for (size_t i = 0; i < site->n_reports; i++) {
		if (!report_published(site, i))
			continue;
		struct date dt = site->reports[i].date;
		int a = dt.year * 10000 + dt.month * 100 + (dt.day ? dt.day : 1);
		int b = newest.year * 10000 + newest.month * 100 + (newest.day ? newest.day : 1);
		if (a > b)
			newest = dt;
	}
	char *upd = atom_date(newest);
	text_child(feed, ns, "updated", upd);
	free(upd);
	xmlNodePtr author = xmlNewChild(feed, ns, BAD_CAST "author", NULL);
	char *author_name = text_one_line(site->issuer_name ? site->issuer_name : site->title);
	text_child(author, ns, "name", author_name);
	free(author_name);

	for (size_t i = site->n_reports; i-- > 0;) {
		const struct report *r = &site->reports[i];
		if (!report_published(site, i))
			continue;
		xmlNodePtr e = xmlNewChild(feed, ns, BAD_CAST "entry", NULL);
		text_child(e, ns, "title", r->title);
		char *url = xasprintf("%s%s/", site->base_url, r->month);
		text_child(e, ns, "id", url);
		link_child(e, ns, "alternate", url, "text/html");
		free(url);
		char *pdf = xasprintf("%s%s/%s.pdf", site->base_url, r->month, r->slug);
		link_child(e, ns, "enclosure", pdf, "application/pdf");
		free(pdf);
		/* its size, which RFC 4287 asks of an enclosure: the PDF is written by then */
		char *file = xasprintf("%s/%s/%s.pdf", out_dir, r->month, r->slug);
		struct stat st;
		if (stat(file, &st) == 0) {
			char len[32];
			snprintf(len, sizeof len, "%lld", (long long)st.st_size);
			xmlNewProp(xmlGetLastChild(e), BAD_CAST "length", BAD_CAST len);
		}
		free(file);
		char *u = atom_date(r->date);
		text_child(e, ns, "updated", u);
		free(u);
		char *num = r->draft ? xstrdup("Dự thảo")
					       : vn_number_line(r->number ? r->number : "");
		char *m = vn_month(r->year, r->mon);
		char *sum = xasprintf("Báo cáo %s. %s.", m, num);
		text_child(e, ns, "summary", sum);
		free(sum);
		free(m);
		free(num);
	}
	int rc = write_xml(doc, out_dir, "feed.xml", d);
	xmlFreeDoc(doc);
	return rc;
}

static void sitemap_url(xmlNodePtr set, xmlNsPtr ns, const char *base, const char *rel,
			const struct date *lastmod)
{
	xmlNodePtr u = xmlNewChild(set, ns, BAD_CAST "url", NULL);
	char *loc = xasprintf("%s%s", base, rel);
	text_child(u, ns, "loc", loc);
	free(loc);
	if (lastmod) {
		char *day = iso_day(*lastmod);
		text_child(u, ns, "lastmod", day);
		free(day);
	}
}

static int write_sitemap(const struct site *site, const char *out_dir, struct diags *d)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr set = xmlNewNode(NULL, BAD_CAST "urlset");
	xmlNsPtr ns = xmlNewNs(set, BAD_CAST SITEMAP_NS, NULL);
	xmlSetNs(set, ns);
	xmlDocSetRootElement(doc, set);
	long last = site->n_reports ? report_published_next(site, site->n_reports, -1) : -1;
	const struct date *newest = last >= 0 ? &site->reports[last].date : NULL;
	sitemap_url(set, ns, site->base_url, "", newest);
	for (size_t i = site->n_reports; i-- > 0;) {
		if (!report_published(site, i))
			continue;
		char *rel = xasprintf("%s/", site->reports[i].month);
		sitemap_url(set, ns, site->base_url, rel, &site->reports[i].date);
		free(rel);
	}
	for (size_t i = 0; i < site->n_indicators; i++) {
		char *rel = xasprintf("chi-so/%s.html", site->indicators[i].id);
		sitemap_url(set, ns, site->base_url, rel, newest);
		free(rel);
	}
	int rc = write_xml(doc, out_dir, "sitemap.xml", d);
	xmlFreeDoc(doc);
	return rc;
}

/* The indicator pages, one task: they stop at the first error (the same template error
 * would repeat on each). The folder is made here, so the task waits for no other. */
static int write_indicators(const struct html_templates *t, const struct site *site,
			    const char *out_dir, struct diags *d)
{
	char *dir = path_join(out_dir, "chi-so");
	int rc = make_dir(dir, d);
	free(dir);
	for (size_t i = 0; i < site->n_indicators && rc == 0; i++)
		rc = write_indicator(t, site, i, out_dir, d);
	return rc;
}

/* robots.txt: everything may be crawled; the sitemap is named, absolute as it must be. */
static int write_robots(const struct site *site, const char *out_dir, struct diags *d)
{
	char *text = xasprintf("User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n", site->base_url);
	char *path = path_join(out_dir, "robots.txt");
	int rc = write_file(path, text, strlen(text), d);
	free(path);
	free(text);
	return rc;
}

/* The tasks, numbered about longest first (for the threads' sake): the indicator pages,
 * the open data, the index with the search index, the sitemap and robots.txt, then the
 * report pages, newest first (the newest have the charts of the most months). */
enum { TASK_INDICATORS, TASK_DATA, TASK_INDEX, TASK_REPORTS };

size_t html_site_tasks(const struct site *site)
{
	return TASK_REPORTS + site->n_reports;
}

int html_write_task(const struct html_templates *t, const struct site *site, size_t i,
		    const char *out_dir, struct diags *d)
{
	if (i >= TASK_REPORTS)
		return write_report(t, site, site->n_reports - 1 - (i - TASK_REPORTS), out_dir, d);
	if (i == TASK_INDICATORS)
		return write_indicators(t, site, out_dir, d);
	if (i == TASK_DATA)
		return data_write(site, out_dir, d);
	int rc = write_index(t, site, out_dir, d);
	if (search_write_index(site, out_dir, d))
		rc = -1;
	if (write_sitemap(site, out_dir, d))
		rc = -1;
	if (write_robots(site, out_dir, d))
		rc = -1;
	return rc;
}

int html_write_finish(const struct site *site, const char *out_dir, struct diags *d)
{
	return write_feed(site, out_dir, d);
}

int html_write_site(const struct html_templates *t, const struct site *site, const char *out_dir,
		    struct diags *d)
{
	int rc = 0;
	for (size_t i = 0; i < html_site_tasks(site); i++)
		if (html_write_task(t, site, i, out_dir, d))
			rc = -1;
	if (html_write_finish(site, out_dir, d))
		rc = -1;
	return rc;
}

long html_task_report(const struct site *site, size_t i)
{
	if (i < TASK_REPORTS || i >= html_site_tasks(site))
		return -1;
	return (long)(site->n_reports - 1 - (i - TASK_REPORTS));
}

bool html_task_is_indicators(size_t i)
{
	return i == TASK_INDICATORS;
}

bool html_task_is_data(size_t i)
{
	return i == TASK_DATA;
}
