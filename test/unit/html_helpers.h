/* html_helpers.h — for the website backend's unit tests: a content folder written to a
 * temporary directory and loaded, the site written, the pages parsed back with libxml2 and
 * queried with XPath (never compared as strings). */
#ifndef BAOCAO_TEST_HTML_HELPERS_H
#define BAOCAO_TEST_HTML_HELPERS_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "check.h"
#include "fixture.h"
#include "html/html.h"
#include "load/load.h"

/* Loads a content folder written from `files`; prints the errors when it fails. */
static inline struct site *load_site(const struct file *files)
{
	char *dir = fixture(files);
	struct diags d = {0};
	struct site *s = site_load(dir, &d);
	if (!s)
		diag_print(&d, stdout);
	diag_free(&d);
	free(dir);
	return s;
}

/* Writes the site with the project's templates into a fresh folder (returned). */
static inline char *write_site(const struct site *s)
{
	char tmpl[] = "/tmp/baocao-html-XXXXXX";
	char *out = xstrdup(mkdtemp(tmpl));
	struct diags d = {0};
	struct html_templates *t = html_templates_load(BAOCAO_SOURCE_DIR "/templates", &d);
	int rc = t ? html_write_site(t, s, out, &d) : -1;
	if (rc)
		diag_print(&d, stdout);
	CHECK(rc == 0);
	html_templates_free(t);
	diag_free(&d);
	return out;
}

/* Parses out/rel as HTML, quietly (HTML5 tags are unknown to libxml2's HTML 4 tables). */
static inline xmlDocPtr read_page(const char *out, const char *rel)
{
	char *path = path_join(out, rel);
	xmlDocPtr doc = htmlReadFile(path, "UTF-8",
				     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (!doc)
		printf("# cannot parse %s\n", path);
	free(path);
	return doc;
}

/* Parses out/rel as XML; NULL when it is not well-formed. */
static inline xmlDocPtr read_xml(const char *out, const char *rel)
{
	char *path = path_join(out, rel);
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
							XML_PARSE_NOWARNING);
	free(path);
	return doc;
}

static inline xmlXPathObjectPtr xp_eval(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
	xmlXPathRegisterNs(ctx, BAD_CAST "sm", BAD_CAST "http://www.sitemaps.org/schemas/sitemap/0.9");
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlXPathFreeContext(ctx);
	if (!o)
		printf("# bad XPath %s\n", expr);
	return o;
}

/* The number of nodes an XPath selects (-1 on a bad expression or no document). */
static inline int xp_count(xmlDocPtr doc, const char *expr)
{
	if (!doc)
		return -1;
	xmlXPathObjectPtr o = xp_eval(doc, expr);
	int n = o && o->nodesetval ? o->nodesetval->nodeNr : (o ? 0 : -1);
	xmlXPathFreeObject(o);
	return n;
}

/* string(expr), malloc'd ("" when nothing matches). */
static inline char *xp_str(xmlDocPtr doc, const char *expr)
{
	if (!doc)
		return xstrdup("(no document)");
	char *wrapped = xasprintf("string(%s)", expr);
	xmlXPathObjectPtr o = xp_eval(doc, wrapped);
	free(wrapped);
	char *s = xstrdup(o && o->stringval ? (const char *)o->stringval : "");
	xmlXPathFreeObject(o);
	return s;
}

#endif
