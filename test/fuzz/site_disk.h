/* site_disk.h — test/fixtures/site/ loaded once, for the targets that render one report.md: the fuzzed
 * bytes stand in for the latest report's report.md; its folder (and so its table files), its
 * kpi.csv values and every other report stay as loaded. */
#ifndef BAOCAO_FUZZ_SITE_DISK_H
#define BAOCAO_FUZZ_SITE_DISK_H

#include <stdio.h>
#include <stdlib.h>

#include "expand.h"
#include "load/internal.h"
#include "load/load.h"

static inline struct site *site_disk(void)
{
	struct diags d = {0};
	struct site *s = site_load(BAOCAO_SOURCE_DIR "/test/fixtures/site", &d);
	if (!s) {
		diag_print(&d, stderr);
		abort();
	}
	diag_free(&d);
	return s;
}

/* Parses the bytes as report `ri`'s report.md and expands its references; the loaded one is
 * kept in *saved. Returns whether the report can be rendered: its front matter is valid (the
 * pipeline stops before the backends otherwise). A reference with an error stays as text,
 * so the tree is still whole and is rendered. */
static inline bool site_disk_swap(struct site *s, size_t ri, struct report *saved,
				  const uint8_t *data, size_t size, struct diags *d)
{
	*saved = s->reports[ri];
	struct report *r = &s->reports[ri];
	*r = (struct report){.month = saved->month, .year = saved->year, .mon = saved->mon,
			     .dir = saved->dir, .md_path = saved->md_path, .slug = saved->slug,
			     .values = saved->values};
	report_parse(r, (const char *)data, size, d);
	if (d->n || !r->doc)
		return false;
	expand_report(s, ri, d);
	return true;
}

static inline void site_disk_restore(struct site *s, size_t ri, struct report *saved)
{
	report_free(&s->reports[ri]);
	s->reports[ri] = *saved;
}

#endif
