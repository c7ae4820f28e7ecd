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
 * The text travels zlib-compressed (libdeflate) in a string as `LEN,"CHARS"`: LEN the
 * compressed bytes' number, CHARS those bytes seven bits a character (search_put_sevens);
 * the browser inflates them with DecompressionStream. Inflated, it is lines of UTF-8:
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

/* Appends n bytes to b as the characters of a JavaScript string, seven bits a character:
 * the bytes' bits in order in groups of seven (the last padded with zeros), each group the
 * ASCII character of its number, control characters included (a string may hold them as
 * they are), but for five: NUL (tools take a file with one for binary), LF, CR, '"' and
 * '\\', which a string cannot hold as they are. The k-th of those five (in that order) is
 * written with the six bits that follow it as one two-byte UTF-8 character, U+0100 + 64 k +
 * those bits (a Latin letter). The files are UTF-8, as the pages (the reports' labels in
 * search-index.js are Vietnamese). */
void search_put_sevens(struct buf *b, const unsigned char *p, size_t n);

/* Writes out_dir/rel, the script `baocaoSearch.part("KEY",LEN,"CHARS");` of text. */
int search_write_part(const char *out_dir, const char *rel, const char *key, const char *text,
		      size_t len, struct diags *d);

/* Writes out_dir/search-index.js: the reports and the indicators' values. */
int search_write_index(const struct site *site, const char *out_dir, struct diags *d);

#endif
