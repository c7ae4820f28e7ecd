/* cache.c — the keys of the website's pages in the build cache (gen/main.c links a page
 * published last time into the new build when its key is the same, as it does for the PDFs).
 * A key must change whenever its page could: anything left out would serve a stale page, so
 * when in doubt a thing goes in. `base` is the program and the templates folder (every file
 * in it: the templates, their texts, the page style), worked out once by the caller. */
#include <stdio.h>

#include "cache.h"

static void digest_site(struct digest *h, const struct site *site, const struct digest *base)
{
	digest_u64(h, base->a);
	digest_u64(h, base->b);
	digest_site_settings(h, site);
}

static void digest_nav(struct digest *h, const struct report *r)
{
	digest_str(h, r->month);
	digest_str(h, r->title ? r->title : "");
}

bool html_report_key(const struct site *site, size_t k, const struct digest *base, char key[33])
{
	const struct report *r = &site->reports[k];
	/* the model key holds report.md (so the front matter), the tables, the catalogue, the
	 * values of every report up to this one (figures, deltas, charts), site.yaml and the
	 * program; the page adds its neighbours' titles */
	if (!r->model_key[0])
		return false;
	struct digest h;
	digest_init(&h);
	digest_str(&h, "baocao html report " BAOCAO_VERSION);
	digest_site(&h, site, base);
	digest_str(&h, r->model_key);
	digest_u64(&h, k);
	long prev = report_published_next(site, k, -1), next = report_published_next(site, k, 1);
	if (prev >= 0)
		digest_nav(&h, &site->reports[prev]);
	digest_str(&h, "|");
	if (next >= 0)
		digest_nav(&h, &site->reports[next]);
	digest_hex(&h, key);
	return true;
}

void html_indicators_key(const struct site *site, const struct digest *base, char key[33])
{
	/* each indicator's page: the catalogue, and every report's month, title and values */
	struct digest h;
	digest_init(&h);
	digest_str(&h, "baocao html indicators " BAOCAO_VERSION);
	digest_site(&h, site, base);
	digest_catalogue(&h, site);
	digest_u64(&h, site->n_reports);
	for (size_t r = 0; r < site->n_reports; r++) {
		const struct report *rep = &site->reports[r];
		digest_nav(&h, rep);
		digest_str(&h, rep->slug);
		digest_u64(&h, report_published(site, r));
		digest_report_values(&h, site, rep);
	}
	digest_hex(&h, key);
}
