/* data.h — the open data: every indicator's values as files for tools (gen/html/data.c).
 *
 *   data/ID.csv, data/ID.json    one indicator: a row per report that has a value
 *                                (month, value, value_text, delta, note)
 *   data/tat-ca.csv              every indicator, one row per indicator and month
 *   data/tat-ca.xlsx             the same tables for spreadsheets: the sheet "Tất cả" (as
 *                                tat-ca.csv), then a sheet per indicator (as ID.csv, named
 *                                data_sheet), numbers as numbers, a header row in Vietnamese
 *   data/datapackage.json        a Frictionless Data Package describing the CSVs
 * CSVs are RFC 4180 (UTF-8 without a byte-order mark, CRLF, quotes where needed) with plain
 * numbers ("87900000", "73.03"). The file names cannot collide: an indicator's id has no
 * '-'. */
#ifndef BAOCAO_HTML_DATA_H
#define BAOCAO_HTML_DATA_H

#include "../diag.h"
#include "../digest.h"
#include "../model.h"
#include "../util.h"

/* Writes every file of data/ into out_dir (data/ is made). 0, or -1 after adding errors. */
int data_write(const struct site *site, const char *out_dir, struct diags *d);

/* The files data_write makes, relative to out_dir ("data/cccd_chip.csv", …), in a fixed
 * order; *n gets their number. Free with data_files_free. */
char **data_files(const struct site *site, size_t *n);
void data_files_free(char **files, size_t n);

/* The key of all of them together in the build cache: what they are made from (the site's
 * settings, the catalogue, every report's month and every value and note), with `base`
 * (the program and the templates). */
void data_key(const struct site *site, const struct digest *base, char key[33]);

/* The name of indicator ind's sheet in tat-ca.xlsx: its id, or when that is longer than
 * Excel's 31 characters a shortened one made unique (malloc'd). */
char *data_sheet(const struct site *site, size_t ind);

/* A JSON string of s (NULL: ""): quotes, backslashes and control characters escaped, and
 * "</" written "<\/" so that no text can close a <script>. */
void json_put_string(struct buf *b, const char *s);

#endif
