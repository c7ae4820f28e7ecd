/* new.h — `baocao new YYYY-MM`: next month's report folder, started from the latest one. */
#ifndef BAOCAO_NEW_H
#define BAOCAO_NEW_H

#include "diag.h"

/* Creates content/reports/YYYY-MM/ with report.md (the latest report's front matter with
 * the number's digits and the day left blank, its headings with empty bodies) and kpi.csv
 * (every indicator, empty values). Returns 0, or -1 after adding errors. */
int report_new(const char *content_dir, int year, int month, struct diags *d);

#endif
