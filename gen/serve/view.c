#include "view.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>

#include "../html/dom.h"
#include "../html/template.h"
#include "../i18n.h"
#include "../text.h"
#include "../util.h"
#include "request.h"

/* The pages reload when the build they show is no longer the last one. Only the visible
 * page listens: a browser gives a server six connections, and a hidden tab holding one would
 * soon leave none for the pages. When it is shown again it asks at once (and reloads if a
 * build came meanwhile). */
static const char script_fmt[] =
	"<script>/* baocao serve: reloads the page when a saved change has been built */\n"
	"(function(){var t=\"%s\",s=null;"
	"function on(){if(s||document.hidden)return;s=new EventSource(\"/__baocao/events\");"
	"s.onmessage=function(e){if(e.data!==t){s.close();location.reload();}};}"
	"function off(){if(s){s.close();s=null;}}"
	"document.addEventListener(\"visibilitychange\",function(){document.hidden?off():on();});"
	"on();})();</script>\n";

static const char style[] =
	"body{margin:0;background:#fff;color:#1a1a1a;font:16px/1.5 system-ui,\"Segoe UI\",Roboto,"
	"\"Noto Sans\",\"Liberation Sans\",Arial,sans-serif}"
	"main{max-width:60rem;margin:0 auto;padding:1rem 1.25rem 3rem}"
	"h1{color:#a40000;font-size:1.5rem;margin:1rem 0 .5rem}"
	"h2{font-size:1.2rem;margin:2rem 0 .5rem}"
	"ol{padding-left:1.5rem}li{margin:0 0 1.25rem}p{margin:.25rem 0}"
	"code,pre{font-family:\"Liberation Mono\",\"DejaVu Sans Mono\",Consolas,monospace;"
	"font-size:.9rem}"
	"pre{background:#f6f6f6;border-left:4px solid #a40000;margin:.5rem 0 0;padding:.5rem .75rem;"
	"overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}"
	".warnings pre{border-left-color:#b26a00}"
	".ln{color:#777;user-select:none}"
	"mark{background:#ffd54d;color:inherit}";

/* The notice's box: fixed in a corner, over the page (its own styles, inline, so that no
 * rule of the site's style sheet reaches it). */
static const char box_style[] =
	"position:fixed;right:.75rem;bottom:.75rem;z-index:2147483647;max-width:min(40rem,"
	"calc(100vw - 1.5rem));max-height:50vh;overflow:auto;background:#fffbea;color:#1a1a1a;"
	"border:1px solid #b26a00;border-radius:4px;box-shadow:0 2px 8px rgba(0,0,0,.25);"
	"padding:.5rem .75rem;font:14px/1.45 system-ui,'Segoe UI',Roboto,'Noto Sans',"
	"'Liberation Sans',Arial,sans-serif;text-align:left";

const char *view_folder(const char *path, const char *content, size_t *len)
{
	size_t n = strlen(content);
	if (strncmp(path, content, n) != 0 || strncmp(path + n, "/reports/", 9) != 0)
		return NULL;
	const char *f = path + n + 9;
	size_t k = strcspn(f, "/");
	if (k == 0 || f[0] == '.')
		return NULL;
	*len = k;
	return f;
}

static bool in_list(char **v, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0)
			return true;
	return false;
}

/* The first segment of a request path: the report folder a page is in. */
static size_t first_segment(const char *rel)
{
	return strcspn(rel, "/");
}

bool view_replaces(const struct view *v, const char *rel, bool exists)
{
	if (!request_is_page(rel))
		return false;
	if (!v->built)
		return true;
	if (!v->failed)
		return false;
	size_t k = first_segment(rel);
	return v->everywhere || !exists || (rel[k] == '/' && in_list(v->bad, v->n_bad, rel, k));
}

/* ---- the located line of a file, its column marked ---- */

/* The file the last excerpt was taken from: the errors are sorted by path, so each file is
 * read once however many errors it has. */
struct source {
	char *path, *text;
	size_t len;
};

/* Line `line` of the file at path (NULL if it cannot be read as UTF-8), without its end. */
static char *file_line(struct source *src, const char *path, int line, size_t *len)
{
	if (!src->path || strcmp(src->path, path) != 0) {
		free(src->path);
		free(src->text);
		src->path = xstrdup(path);
		src->text = read_file(path, (size_t)16 << 20, &src->len);
	}
	if (!src->text)
		return NULL;
	const char *p = src->text, *end = src->text + src->len;
	if (src->len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (int i = 1; i < line && p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
	size_t n = (size_t)((nl ? nl : end) - p);
	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (p == end && line != 1)
		return NULL;
	/* valid UTF-8 and no control character but tabs: else it is not shown */
	for (size_t i = 0; i < n;) {
		int32_t cp;
		int k = text_decode(p + i, n - i, &cp);
		if (k <= 0 || (cp < 0x20 && cp != '\t') || cp == 0x7f)
			return NULL;
		i += (size_t)k;
	}
	*len = n;
	return xstrndup(p, n);
}

/* Appends "  12 │ the line, its character at col marked" as a <pre> (nothing if the line
 * cannot be shown). Long lines are cut around the column. */
static void excerpt(xmlNodePtr parent, struct source *src, const char *path, int line, int col)
{
	size_t n;
	char *s = file_line(src, path, line, &n);
	if (!s)
		return;
	/* byte offsets of the marked character and of the shown part (at most 160 characters) */
	size_t at = n, at_end = n, from = 0, to = n;
	int c = 1;
	for (size_t i = 0; i <= n;) {
		if (c == col - 80 && col > 80)
			from = i;
		if (c == col) {
			at = i;
			int32_t cp;
			int k = i < n ? text_decode(s + i, n - i, &cp) : 0;
			at_end = i + (k > 0 ? (size_t)k : 0);
		}
		if (c == col + 80) {
			to = i;
			break;
		}
		if (i == n)
			break;
		int32_t cp;
		int k = text_decode(s + i, n - i, &cp);
		i += k > 0 ? (size_t)k : 1;
		c++;
	}
	if (at < from)
		at = at_end = from;
	if (at > to)
		at = at_end = to;
	xmlNodePtr pre = dom_el(parent, "pre", NULL);
	char *num = xasprintf("%5d │ ", line);
	dom_text(dom_el(pre, "span", "ln"), num);
	free(num);
	char *part = xstrndup(s + from, at - from);
	if (from > 0)
		dom_text(pre, "…");
	dom_text(pre, part);
	free(part);
	xmlNodePtr mark = dom_el(pre, "mark", NULL);
	part = xstrndup(s + at, at_end - at);
	dom_text(mark, *part ? part : " ");
	free(part);
	part = xstrndup(s + at_end, to - at_end);
	dom_text(pre, part);
	free(part);
	if (to < n)
		dom_text(pre, "…");
	free(s);
}

static char *place(const struct diag *g)
{
	return xasprintf("%s:%d:%d", g->path, g->line, g->col);
}

/* <li><code>path:line:col</code>: error: message</li>, with the line when `lines`. */
static void item(xmlNodePtr list, const struct diag *g, struct source *lines)
{
	xmlNodePtr li = dom_el(list, "li", NULL);
	xmlNodePtr p = dom_el(li, "p", NULL);
	char *where = place(g);
	dom_text(dom_el(p, "code", NULL), where);
	free(where);
	char *what = xasprintf(": %s: ", g->warning ? _("warning") : _("error"));
	dom_text(p, what);
	free(what);
	dom_text(p, g->msg);
	if (lines)
		excerpt(li, lines, g->path, g->line, g->col);
}

/* The node's HTML (the site's serialiser, on a node alone). */
static char *node_html(xmlDocPtr doc, xmlNodePtr node)
{
	xmlOutputBufferPtr out = xmlAllocOutputBuffer(NULL);
	htmlNodeDumpFormatOutput(out, doc, node, "UTF-8", 0);
	xmlOutputBufferFlush(out);
	char *s = xstrndup((const char *)xmlOutputBufferGetContent(out),
			  xmlOutputBufferGetSize(out));
	xmlOutputBufferClose(out);
	return s;
}

/* TRANSLATORS: the language of the messages, as an HTML lang attribute ("vi"). */
#define LANG_CODE N_("en")

/* A page of its own: <h1>title</h1>, then what fill adds to <main>. */
static xmlDocPtr page_begin(const char *title, xmlNodePtr *main)
{
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL);
	xmlNodePtr html = dom_new(doc, "html", NULL);
	xmlDocSetRootElement(doc, html);
	dom_attr(html, "lang", _(LANG_CODE));
	xmlNodePtr head = dom_el(html, "head", NULL);
	dom_attr(dom_el(head, "meta", NULL), "charset", "utf-8");
	xmlNodePtr vp = dom_el(head, "meta", NULL);
	dom_attr(vp, "name", "viewport");
	dom_attr(vp, "content", "width=device-width, initial-scale=1");
	char *t = xasprintf("%s — baocao serve", title);
	dom_text(dom_el(head, "title", NULL), t);
	free(t);
	dom_text(dom_el(head, "style", NULL), style);
	xmlNodePtr body = dom_el(html, "body", NULL);
	*main = dom_el(body, "main", NULL);
	dom_text(dom_el(*main, "h1", NULL), title);
	return doc;
}

static char *page_end(xmlDocPtr doc, const char *script, size_t *len)
{
	size_t n;
	char *html = html_serialize(doc, &n);
	xmlFreeDoc(doc);
	char *out = request_inject(html, n, script, len);
	free(html);
	return out;
}

static char *error_page(const struct diags *errors, const struct diags *warnings, bool built,
			const char *script, size_t *len)
{
	xmlNodePtr main;
	xmlDocPtr doc = page_begin(_("The build failed"), &main);
	char *count = xasprintf(P_("%zu error, located below.", "%zu errors, located below.",
				   errors->n),
				errors->n);
	xmlNodePtr p = dom_el(main, "p", NULL);
	dom_text(p, count);
	dom_text(p, " ");
	dom_text(p, built ? _("Fix the file and save it: this page comes back by itself. The "
			      "other pages are the last ones built without error.")
			  : _("Fix the file and save it: the site appears by itself once it is "
			      "built without error."));
	free(count);
	struct source src = {0};
	xmlNodePtr list = dom_el(main, "ol", "errors");
	for (size_t i = 0; i < errors->n; i++)
		item(list, &errors->v[i], i < 50 ? &src : NULL);
	if (warnings->n) {
		xmlNodePtr sec = dom_el(main, "section", "warnings");
		dom_text(dom_el(sec, "h2", NULL), _("Warnings"));
		xmlNodePtr wl = dom_el(sec, "ol", NULL);
		for (size_t i = 0; i < warnings->n; i++)
			item(wl, &warnings->v[i], i < 50 ? &src : NULL);
	}
	free(src.path);
	free(src.text);
	return page_end(doc, script, len);
}

static char *not_found_page(const char *script, size_t *len)
{
	xmlNodePtr main;
	xmlDocPtr doc = page_begin(_("Not found"), &main);
	xmlNodePtr p = dom_el(main, "p", NULL);
	dom_text(p, _("The build has no such page."));
	dom_text(p, " ");
	xmlNodePtr a = dom_el(p, "a", NULL);
	dom_attr(a, "href", "/");
	dom_text(a, _("The home page"));
	return page_end(doc, script, len);
}

/* A <details> listing errors (open), or the warnings w->v[from..to) that are in `folder`
 * (NULL: in no report's folder); NULL when there is none. */
static char *notice(const struct diags *errors, const struct diags *w, size_t from, size_t to,
		    const char *folder, size_t folder_len, const char *content)
{
	const struct diags *list_of = errors ? errors : w;
	size_t n = 0;
	bool *shown = xcalloc(list_of->n + 1, sizeof *shown);
	for (size_t i = errors ? 0 : from; i < (errors ? errors->n : to); i++) {
		size_t k;
		const char *f = view_folder(list_of->v[i].path, content, &k);
		shown[i] = errors || (folder ? f && k == folder_len && memcmp(f, folder, k) == 0 : !f);
		n += shown[i];
	}
	if (!n) {
		free(shown);
		return NULL;
	}
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr d = dom_new(doc, "details", NULL);
	xmlDocSetRootElement(doc, d);
	dom_attr(d, "lang", _(LANG_CODE));
	xmlNodePtr sum = dom_el(d, "summary", NULL);
	char *s;
	if (errors) {
		dom_attr(d, "open", NULL);
		s = xasprintf(P_("The last build failed (%zu error): this page is the last one built "
				 "without error.",
				 "The last build failed (%zu errors): this page is the last one "
				 "built without error.",
				 n),
			      n);
		dom_attr(sum, "style", "cursor:pointer;font-weight:bold;color:#a40000");
	} else {
		s = xasprintf(P_("%zu warning", "%zu warnings", n), n);
		dom_attr(sum, "style", "cursor:pointer;font-weight:bold;color:#7a4a00");
	}
	dom_text(sum, s);
	free(s);
	xmlNodePtr list = dom_el(d, "ol", NULL);
	dom_attr(list, "style", "margin:.25rem 0;padding-left:1.25rem");
	size_t listed = 0;
	for (size_t i = 0; i < list_of->n && listed < 50; i++)
		if (shown[i]) {
			item(list, &list_of->v[i], NULL);
			listed++;
		}
	free(shown);
	char *html = node_html(doc, d);
	xmlFreeDoc(doc);
	return html;
}

struct view *view_make(struct diags *errors, struct diags *warnings, const char *content,
		       const char *token, bool built, bool failed)
{
	struct view *v = xcalloc(1, sizeof *v);
	snprintf(v->token, sizeof v->token, "%s", token);
	v->built = built;
	v->failed = failed;
	v->n_errors = errors->n;
	diag_sort(errors);
	diag_sort(warnings);
	v->script = xasprintf(script_fmt, v->token);
	for (size_t i = 0; i < errors->n; i++) {
		size_t k;
		const char *f = view_folder(errors->v[i].path, content, &k);
		if (!f) {
			v->everywhere = true;
		} else if (!in_list(v->bad, v->n_bad, f, k)) {
			v->bad = xrealloc(v->bad, (v->n_bad + 1) * sizeof *v->bad);
			v->bad[v->n_bad++] = xstrndup(f, k);
		}
	}
	if (failed) {
		v->error_page = error_page(errors, warnings, built, v->script, &v->error_len);
		v->failed_notice = notice(errors, warnings, 0, 0, NULL, 0, content);
	}
	v->not_found = not_found_page(v->script, &v->not_found_len);
	/* the warnings, by report folder (sorted by path: each folder's are together) */
	for (size_t i = 0; i < warnings->n;) {
		size_t k;
		const char *f = view_folder(warnings->v[i].path, content, &k);
		size_t j = i + 1;
		while (j < warnings->n) {
			size_t k2;
			const char *f2 = view_folder(warnings->v[j].path, content, &k2);
			if (!f != !f2 || (f && (k2 != k || memcmp(f, f2, k) != 0)))
				break;
			j++;
		}
		if (f) {
			v->warn_folder = xrealloc(v->warn_folder, (v->n_warn + 1) * sizeof(char *));
			v->warn_notice = xrealloc(v->warn_notice, (v->n_warn + 1) * sizeof(char *));
			v->warn_folder[v->n_warn] = xstrndup(f, k);
			v->warn_notice[v->n_warn++] = notice(NULL, warnings, i, j, f, k, content);
		}
		i = j;
	}
	v->warn_elsewhere = notice(NULL, warnings, 0, warnings->n, NULL, 0, content);
	v->refs = 1;
	return v;
}

char *view_snippet(const struct view *v, const char *rel)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, v->script);
	const char *parts[3] = {v->failed ? v->failed_notice : NULL, NULL, v->warn_elsewhere};
	size_t k = first_segment(rel);
	for (size_t i = 0; rel[k] == '/' && i < v->n_warn; i++)
		if (strlen(v->warn_folder[i]) == k && memcmp(v->warn_folder[i], rel, k) == 0)
			parts[1] = v->warn_notice[i];
	if (parts[0] || parts[1] || parts[2]) {
		buf_printf(&b, "<div id=\"baocao-serve-notice\" style=\"%s\">", box_style);
		for (int i = 0; i < 3; i++)
			if (parts[i])
				buf_puts(&b, parts[i]);
		buf_puts(&b, "</div>\n");
	}
	return buf_detach_free(&b);
}

void view_free(struct view *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n_bad; i++)
		free(v->bad[i]);
	free(v->bad);
	for (size_t i = 0; i < v->n_warn; i++) {
		free(v->warn_folder[i]);
		free(v->warn_notice[i]);
	}
	free(v->warn_folder);
	free(v->warn_notice);
	free(v->warn_elsewhere);
	free(v->error_page);
	free(v->not_found);
	free(v->script);
	free(v->failed_notice);
	free(v);
}
