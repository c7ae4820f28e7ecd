/* new.h — `baocao new YYYY-MM`: next month's report folder, started from the latest one. */
#ifndef BAOCAO_NEW_H
#define BAOCAO_NEW_H

#include "diag.h"

/* Creates content/reports/YYYY-MM/ from the latest report before that month: report.md with
 * its front matter (the number's digits and the day left blank), its opening paragraphs,
 * headings, {{table}} and {{chart}} lines and closing sentence, every reference to its
 * month and the next moved on to the new ones (vn_shift_months); the tables it inserts,
 * copied; kpi.csv with every indicator and empty values. A month skipped, or one before
 * the latest report, is a warning (w). Returns 0, or -1 after adding errors. */
int report_new(const char *content_dir, int year, int month, struct diags *d, struct diags *w);

#endif
