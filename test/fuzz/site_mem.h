/* site_mem.h — a small site made in memory, for fuzz targets that feed one report.md. */
#ifndef BAOCAO_FUZZ_SITE_MEM_H
#define BAOCAO_FUZZ_SITE_MEM_H

#include <string.h>

#include "load/internal.h"
#include "load/load.h"
#include "util.h"

/* Three indicators (count, millions, percent); report 0 has values, report 1 (the fuzzed
 * one) has two of them. */
static inline struct site *site_mem(void)
{
	struct site *s = xcalloc(1, sizeof *s);
	s->title = xstrdup("Bản tin");
	s->base_url = xstrdup("https://example.gov.vn/");
	s->place = xstrdup("Hà Nội");
	s->issuer_parent = xstrdup("BỘ CÔNG AN");
	s->issuer_name = xstrdup("TỔ CÔNG TÁC");
	s->issuer_in_text = xstrdup("Tổ Công tác");
	s->content_dir = xstrdup("/nonexistent");
	static const char *ids[] = {"a", "b_c", "pct"};
	static const enum format fmts[] = {FORMAT_COUNT, FORMAT_MILLIONS, FORMAT_PERCENT};
	s->n_indicators = 3;
	s->indicators = xcalloc(3, sizeof *s->indicators);
	for (int i = 0; i < 3; i++) {
		s->indicators[i].id = xstrdup(ids[i]);
		s->indicators[i].name = xstrdup("Chỉ số");
		s->indicators[i].unit = xstrdup("");
		s->indicators[i].group = xstrdup("");
		s->indicators[i].format = fmts[i];
		s->indicators[i].line = i + 2;
	}
	s->n_reports = 2;
	s->reports = xcalloc(2, sizeof *s->reports);
	for (int r = 0; r < 2; r++) {
		struct report *rep = &s->reports[r];
		rep->month = xstrdup(r ? "2025-01" : "2024-12");
		rep->year = r ? 2025 : 2024;
		rep->mon = r ? 1 : 12;
		rep->dir = xstrdup("/nonexistent/reports/x");
		rep->md_path = xstrdup("report.md");
		rep->slug = xstrdup("bao-cao");
		rep->values = xcalloc(3, sizeof *rep->values);
		for (int i = 0; i < 3; i++) {
			if (r == 1 && i == 2)
				continue;
			rep->values[i].present = true;
			rep->values[i].number = (struct decimal){(r + 1) * 1234567LL + i, i == 2 ? 2 : 0};
			rep->values[i].line = i + 2;
		}
	}
	s->reports[0].number = xstrdup("1/BC-X");
	s->reports[0].title = xstrdup("x");
	return s;
}

#endif
