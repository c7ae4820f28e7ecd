/* cache.h — what the build cache needs to know of the website (gen/main.c): which task
 * makes which pages, and the keys of the pages that can be taken over from the last build
 * (gen/html/cache.c). */
#ifndef BAOCAO_HTML_CACHE_H
#define BAOCAO_HTML_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "../model.h"

/* The report whose page task i (html_write_task) makes, or -1. */
long html_task_report(const struct site *site, size_t i);
/* Whether task i makes the indicator pages (chi-so/<id>.html, every indicator). */
bool html_task_is_indicators(size_t i);
/* Whether task i makes the open data (data/, every file of html_data_files). */
bool html_task_is_data(size_t i);

/* The key of report k's page (k/index.html); false if it has none (no model key). base:
 * the program and the templates folder. */
bool html_report_key(const struct site *site, size_t k, const struct digest *base,
		     char key[33]);
/* The key of all the indicator pages together. */
void html_indicators_key(const struct site *site, const struct digest *base, char key[33]);

#endif
