/* load.h — content/ into a struct site: site.yaml (libyaml), indicators.csv and kpi.csv
 * (libcsv), reports/YYYY-MM/report.md (front matter with libyaml, body with cmark-gfm).
 * Every problem is added to the diags, located, and loading goes on to find the others. */
#include <stdbool.h>

#ifndef BAOCAO_LOAD_H
#define BAOCAO_LOAD_H

#include "../diag.h"
#include "../model.h"

/* Loads and validates the whole content folder and expands every report's references
 * (gen/expand.c). Returns the site, or NULL when there were errors (all of them in d). */
struct site *site_load(const char *content_dir, struct diags *d);
/* The model cache of the last build (gen/load/reuse.c): OUT/.baocao-model. */
struct model_cache;
struct model_cache *model_cache_read(const char *path); /* NULL: no cache */
void model_cache_free(struct model_cache *mc);
/* Writes the loaded site's model keys, inputs and uses for the next build; -1 with errno. */
int model_cache_write(const struct site *s, const char *path);

/* Every file of a folder tree (names, kinds, bytes; links not followed) into h; false if
 * some cannot be read or they pass max_bytes. */
bool digest_folder(struct digest *h, const char *dir, size_t max_bytes);

/* gen/load/image.c: the kind, size and colours of an image file's bytes, into im (its name
 * and data untouched), its pixels read to the end (unless it has more than IMAGE_MAX_PIXELS:
 * the header only, the caller refuses it); NULL, or why it cannot be shown (an English
 * sentence, marked for translation). */
const char *image_probe(const unsigned char *data, size_t len, struct image *im);
/* A struct image and what it holds, as a cmark user data's free function. */
void image_free(cmark_mem *mem, void *im);

struct load_options {
	int jobs;                      /* threads */
	const struct digest *program;  /* baocao itself: NULL, no model keys */
	const struct model_cache *cache; /* NULL: every body is parsed */
	bool drafts;                   /* `--drafts`: drafts are published (site->drafts) */
	struct diags *warnings;        /* NULL: no warnings (gen/review.h) */
};
/* site_load on o->jobs threads (the same site and the same errors whatever the number);
 * with a program digest it sets each report's model_key, and a report whose key is in the
 * cache is loaded without its body (body_skipped). */
struct site *site_load_with(const char *content_dir, const struct load_options *o,
			    struct diags *d);
/* Parses and expands the bodies that were skipped, of the reports with want[i] set.
 * Returns -1 after adding errors to d. */
int site_load_bodies(struct site *s, const bool *want, int jobs, struct diags *d);
/* Only site.yaml, indicators.csv and each report.md (front matter, unexpanded body): what
 * `baocao new` needs from the latest report, whatever the state of the figures. */
struct site *site_load_outline(const char *content_dir, struct diags *d);
void site_free(struct site *site);
/* Frees each report's text (report.md as read), which only locates errors: ~10% of the
 * model's memory, not needed once the bodies are parsed and checked. */
void site_drop_sources(struct site *s);

/* A CSV file read with libcsv: rows of fields, each field NFC UTF-8. */
struct csv_table {
	char ***rows;     /* rows[r][c] */
	int **cols;       /* cols[r][c]: the character column where field c starts */
	size_t *n_fields; /* per row */
	int *lines;       /* the line each row starts on */
	size_t n_rows;
	struct digest digest; /* of the file's bytes, as read (csv_load) */
	char delim;           /* ',', ';' or '\t': what separates the fields (csv_delimiter) */
};

/* What separates the fields of a CSV file: the one of ',', ';' and TAB found most often in
 * its header row outside quotes (Excel writes ';' in a Vietnamese locale, TAB for "Unicode
 * Text"); of two found as often, the one found as often in the next row, else ',' (the
 * older form), then ';'; none of them (one column): ','. */
char csv_delimiter(const char *text, size_t len);

/* Reads a CSV file (validated UTF-8 or UTF-16 with its byte-order mark, BOM and CRLF
 * accepted, NFC; the delimiter from its header row); errors are located in path. NULL on
 * error. */
struct csv_table *csv_load(const char *path, struct diags *d);
/* The same for text already cleaned (text_clean). */
struct csv_table *csv_parse_text(const char *text, size_t len, const char *path,
				 struct diags *d);
void csv_table_free(struct csv_table *t);
/* Adds "expected N fields, found M" at the start of `row`, saying which delimiter the
 * header row uses and, when the row holds another one, that too. */
void csv_count_error(const struct csv_table *t, size_t row, size_t want, const char *path,
		     struct diags *d);
/* A row whose fields are all empty. */
bool csv_row_is_blank(const struct csv_table *t, size_t row);

#endif
