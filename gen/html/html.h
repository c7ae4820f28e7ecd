/* html.h — the website backend: the site's pages from the expanded model, through the
 * templates in templates/ (libxml2), inline SVG charts, the Atom feed and the sitemap.
 * It reads no content file: everything comes from struct site. */
#ifndef BAOCAO_HTML_H
#define BAOCAO_HTML_H

#include "../diag.h"
#include "../model.h"

struct html_templates; /* the parsed HTML templates, reusable across builds */

/* Loads and checks every template in dir; errors (with the template's path and line) go to d.
 * Returns NULL when any template has an error. */
struct html_templates *html_templates_load(const char *dir, struct diags *d);
void html_templates_free(struct html_templates *t);

/* Writes the whole website into out_dir (which exists and is empty):
 *   index.html, YYYY-MM/index.html, chi-so/<id>.html, feed.xml, sitemap.xml, robots.txt,
 *   the search index (search-index.js, YYYY-MM/search.js) and the open data (data/).
 * (assets/ is copied by publish.c; PDFs are written by pdf/.) Returns 0, or -1 after adding
 * errors to d. The same as html_write_task for every task in turn. */
int html_write_site(const struct html_templates *t, const struct site *site,
		    const char *out_dir, struct diags *d);

/* The website as independent tasks: how many there are for this site (the indicator
 * pages, the index with the feed and the sitemap, each report's page), numbered about
 * longest first. */
size_t html_site_tasks(const struct site *site);

/* Writes task i's files into out_dir. Tasks wait for nothing and may run at the same time
 * on different threads, each with its own d: they only read t and site (libxml2 must have
 * been initialised, as html_templates_load does). Returns 0, or -1 after adding errors to
 * d. */
int html_write_task(const struct html_templates *t, const struct site *site, size_t i,
		    const char *out_dir, struct diags *d);

/* What is written once every task is done and the PDFs are written: the feed, which gives
 * each PDF's size (a missing PDF: no size). 0, or -1 after adding errors to d. */
int html_write_finish(const struct site *site, const char *out_dir, struct diags *d);

#endif
