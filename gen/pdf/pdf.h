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
/* Reads the fonts' files once for all the documents to come (faster than each document
 * reading them); optional. */
int pdf_style_load_fonts(struct pdf_style *s, struct diags *d);

/* The key of site->reports[report]'s PDF in the PDF cache: 32 hex digits that change
 * whenever anything the PDF is made from changes: the program (`program`: a digest of
 * baocao itself), its libraries, the page style and fonts, site.yaml and indicators.csv,
 * the report's own files, and the earlier values it shows. gen/pdf/cache.c. */
void pdf_report_key(const struct pdf_style *s, const struct site *site, size_t report,
		    const struct digest *program, char key[33]);

/* Every character of the site's text that no font can draw (what pdf_write_report would
 * refuse), as errors located where it is written: site.yaml, indicators.csv, report.md
 * (front matter; the body of each report whose body is parsed), the page style. Lays
 * nothing out: `check` runs it, and `build` before it renders. The reports are checked on up
 * to `jobs` threads; the errors come in the same order whatever their number. Returns -1
 * after errors. */
int pdf_check_text(const struct pdf_style *s, const struct site *site, int jobs,
		   struct diags *d);

/* What build's render would refuse once the reports are laid out (their page count): each
 * published report laid out and paginated, nothing drawn; for check, after pdf_check_text. */
int pdf_check_pages(const struct pdf_style *s, const struct site *site, int jobs,
		    struct diags *d);

/* Writes site->reports[report] as a PDF to out_path. Errors (e.g. a character no font can
 * draw, located in report.md) go to d; returns 0 or -1. Safe to call from several threads
 * at once for different reports. */
int pdf_write_report(const struct pdf_style *s, const struct site *site, size_t report,
		     const char *out_path, struct diags *d);

#endif
