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
/* The same on up to `jobs` threads: the same site and the same errors. */
struct site *site_load_jobs(const char *content_dir, int jobs, struct diags *d);
/* Only site.yaml, indicators.csv and each report.md (front matter, unexpanded body): what
 * `baocao new` needs from the latest report, whatever the state of the figures. */
struct site *site_load_outline(const char *content_dir, struct diags *d);
void site_free(struct site *site);

/* A CSV file read with libcsv: rows of fields, each field NFC UTF-8. */
struct csv_table {
	char ***rows;     /* rows[r][c] */
	int **cols;       /* cols[r][c]: the character column where field c starts */
	size_t *n_fields; /* per row */
	int *lines;       /* the line each row starts on */
	size_t n_rows;
	struct digest digest; /* of the file's bytes, as read (csv_load) */
};

/* Reads a CSV file (validated UTF-8, BOM and CRLF accepted, NFC); errors are located in
 * path. NULL on error. */
struct csv_table *csv_load(const char *path, struct diags *d);
/* The same for text already cleaned (text_clean). */
struct csv_table *csv_parse_text(const char *text, size_t len, const char *path,
				 struct diags *d);
void csv_table_free(struct csv_table *t);
/* A row whose fields are all empty. */
bool csv_row_is_blank(const struct csv_table *t, size_t row);

#endif
