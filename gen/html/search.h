/* search.h — the website's search index, written at build time (gen/html/search.c) and read
 * by assets/search.js in the reader's browser.
 *
 * Files (docs/html-structure.md):
 *   YYYY-MM/search.js   one report's text: its title, then its headings, paragraphs, list
 *                       items, table rows, chart descriptions and footnotes, as the page
 *                       shows them; made with the report's page and kept with it in the cache
 *   search-index.js     the list of reports (newest first) and every indicator's value in
 *                       every month, written with the index page
 * Each is a script that hands its data to baocaoSearch (assets/search.js), so that the
 * search works from a folder opened from disk, where a browser fetches no JSON file.
 *
 * The text travels zlib-compressed (libdeflate) and base64-encoded in a string; the browser
 * inflates it with DecompressionStream. Inflated, it is lines of UTF-8:
 *   "#REF\tHEADING"  a section: REF is appended to the document's address ("#muc-3" in a
 *                    report, "chi-so/ID.html" for the indicators), HEADING its title
 *   "TEXT"           a block of text (whitespace collapsed) of the last section
 */
#ifndef BAOCAO_HTML_SEARCH_H
#define BAOCAO_HTML_SEARCH_H

#include <libxml/tree.h>

#include "../diag.h"
#include "../model.h"
#include "../util.h"

/* The searchable text of a report page into out (the format above): the title, then the
 * blocks of body, appendices and footnotes (the containers md_render makes). Gives each
 * heading of the body an id (muc-N) that a result can link to. *first_paragraph gets the
 * text of the body's first paragraph (malloc'd; NULL when it has none): the page's
 * description. */
void search_page_text(const char *title, xmlNodePtr body, xmlNodePtr appendices,
		      xmlNodePtr footnotes, struct buf *out, char **first_paragraph);

/* The opening sentence of a paragraph, at most about 160 characters (cut at a space, with
 * "…"): a page's meta description. malloc'd. */
char *search_description(const char *paragraph);

/* Writes out_dir/rel, the script `baocaoSearch.part("KEY","BASE64");` of text. */
int search_write_part(const char *out_dir, const char *rel, const char *key, const char *text,
		      size_t len, struct diags *d);

/* Writes out_dir/search-index.js: the reports and the indicators' values. */
int search_write_index(const struct site *site, const char *out_dir, struct diags *d);

#endif
