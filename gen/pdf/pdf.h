/* pdf.h — the official BÁO CÁO PDF (docs/bao-cao-format.md) laid out on libharu.
 * It reads no content file: everything comes from struct site and the page style. */
#ifndef BAOCAO_PDF_H
#define BAOCAO_PDF_H

#include "../diag.h"
#include "../model.h"

struct pdf_style; /* templates/page-style.yaml, parsed, plus the fonts found for it */

/* Loads the page style and finds its fonts through fontconfig. NULL after adding errors. */
struct pdf_style *pdf_style_load(const char *path, struct diags *d);
void pdf_style_free(struct pdf_style *s);

/* Writes site->reports[report] as a PDF to out_path. Errors (e.g. a character no font can
 * draw, located in report.md) go to d; returns 0 or -1. Safe to call from several threads
 * at once for different reports. */
int pdf_write_report(const struct pdf_style *s, const struct site *site, size_t report,
		     const char *out_path, struct diags *d);

#endif
