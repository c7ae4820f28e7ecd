/* cache.c — the key of a report's PDF in the PDF cache (gen/main.c reuses the PDF published
 * last time when its key is the same). It must change whenever the PDF could: anything
 * left out here would serve a stale PDF, so when in doubt a thing goes in. What the PDF of
 * report i is made from:
 *   - the program and the libraries that draw it (libharu, fontconfig);
 *   - the page style and the fonts (pdf_style's digest: the style file's text, the faces'
 *     files, every font fontconfig knows, for fallbacks);
 *   - site.yaml (the issuer, the place) and indicators.csv (names, units, formats);
 *   - the report's own report.md and the tables it inserts (its inputs);
 *   - the values it shows, as the expansion marked them (struct report's uses): its own
 *     ({{id}}, {{id.delta}}, charts) and the earlier reports' with their months
 *     ({{id.prev}}, {{id.delta}}, {{chart id}}). kpi.csv's notes are not in the PDF.
 * It reads no file: all of this is in the model and the style. */
#include <string.h>

#include "pdf_int.h"

void pdf_report_key(const struct pdf_style *s, const struct site *site, size_t report,
		    const struct digest *program, char key[33])
{
	struct digest h;
	digest_init(&h);
	digest_str(&h, "baocao pdf " BAOCAO_VERSION);
	digest_u64(&h, program->a);
	digest_u64(&h, program->b);
	digest_str(&h, HPDF_GetVersion());
	digest_u64(&h, s->digest.a);
	digest_u64(&h, s->digest.b);

	digest_site_settings(&h, site);
	digest_catalogue(&h, site);

	const struct report *r = &site->reports[report];
	digest_str(&h, r->month);
	digest_str(&h, r->slug);
	digest_u64(&h, r->inputs.a);
	digest_u64(&h, r->inputs.b);
	for (size_t i = 0; i < site->n_indicators && r->uses; i++) {
		if (!r->uses[i])
			continue;
		digest_u64(&h, i);
		digest_u64(&h, r->uses[i]);
		for (size_t j = r->uses[i] & USES_HISTORY ? 0 : report; j <= report; j++) {
			const struct report *e = &site->reports[j];
			const struct value *v = &e->values[i];
			if (j == report && !(r->uses[i] & USES_VALUE))
				break;
			digest_str(&h, e->month);
			digest_u64(&h, report_published(site, j)); /* a draft's values are not shown */
			digest_u64(&h, (uint64_t)e->year * 12 + (uint64_t)e->mon);
			digest_u64(&h, v->present);
			digest_u64(&h, (uint64_t)v->number.mant);
			digest_u64(&h, (uint64_t)v->number.scale);
		}
	}
	digest_hex(&h, key);
}
