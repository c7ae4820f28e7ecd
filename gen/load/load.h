/* load.h — content/ into a struct site: site.yaml (libyaml), indicators.csv and kpi.csv
 * (libcsv), reports/YYYY-MM/report.md (front matter with libyaml, body with cmark-gfm).
 * Every problem is added to the diags, located, and loading goes on to find the others. */
#ifndef BAOCAO_LOAD_H
#define BAOCAO_LOAD_H

#include "../diag.h"
#include "../model.h"

/* Loads and validates the whole content folder and expands every report's references
 * (gen/expand.c). Returns the site, or NULL when there were errors (all of them in d).
 * `allow_empty`: kpi.csv rows with an empty value are accepted (for `baocao new` output
 * being inspected); a build passes false. */
struct site *site_load(const char *content_dir, struct diags *d);
void site_free(struct site *site);

/* A CSV file read with libcsv: rows of fields, each field NFC UTF-8. */
struct csv_table {
	char ***rows;     /* rows[r][c] */
	size_t *n_fields; /* per row */
	int *lines;       /* the line each row starts on */
	size_t n_rows;
};

/* Reads path (at most `max` bytes); errors are located in path. NULL on error. */
struct csv_table *csv_load(const char *path, struct diags *d);
void csv_free(struct csv_table *t);

#endif
