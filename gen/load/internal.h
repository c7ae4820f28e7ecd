/* internal.h — the loader's pieces, shared between site.c and report.c. */
#ifndef BAOCAO_LOAD_INTERNAL_H
#define BAOCAO_LOAD_INTERNAL_H

#include "../diag.h"
#include "../model.h"

/* Reads report.md of r (r->dir, r->md_path set): front matter and body. */
void report_load(struct report *r, struct diags *d);
/* The same from bytes in memory (r->md_path names them in errors). */
void report_parse(struct report *r, const char *raw, size_t len, struct diags *d);
/* Both in two steps: the file and its front matter (r->source keeps the cleaned text),
 * then the body from r->source (nothing when the front matter was unreadable). */
void report_load_front(struct report *r, struct diags *d);
void report_parse_front(struct report *r, const char *raw, size_t len, struct diags *d);
void report_parse_body(struct report *r, struct diags *d);
void report_free(struct report *r);
/* site.yaml's settings from bytes in memory into s (path names them in errors). */
void site_yaml_parse(struct site *s, const char *raw, size_t len, const char *path,
		     struct diags *d);

struct model_cache;
/* reuse.c: every report's model key (kpi values loaded; the folders are read on `jobs`
 * threads); takes a report's inputs and uses from the cache when its key is there, and says
 * so. */
void model_keys(struct site *s, const struct digest *program, int jobs);
bool model_cache_take(const struct model_cache *mc, const struct site *s, struct report *r);

/* slips.c: Markdown pasted from Word that cmark-gfm would publish as text without a word
 * (docs/content-format.md). Errors: a footnote referenced but not defined, or defined but
 * never referenced; a table's second line or a row with the wrong number of cells; an image
 * or a link whose address has spaces outside <…>. Warnings: a Word bullet ("•<TAB>") opening
 * a line, a "#" heading without its space. Both need r->doc and r->source. */
void report_check_slips(const struct report *r, struct diags *d);
void report_review_slips(const struct report *r, struct diags *w);

/* Strips a leading "- " and a trailing ";" or "." that authors copy from Word: renderers
 * add them back in the official form. In place; returns how many characters were taken
 * from its start. */
size_t trim_list_item(char *s);

#endif
