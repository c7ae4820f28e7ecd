/* libFuzzer target: report.md bytes through the front matter, cmark-gfm and the reference
 * expansion, inside a small site made in memory. */
#include <stdint.h>
#include <stdlib.h>

#include "expand.h"
#include "site_mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct site *s = site_mem();
	struct diags d = {0};
	report_parse(&s->reports[1], (const char *)data, size, &d);
	if (s->reports[1].doc)
		expand_report(s, 1, &d);
	diag_free(&d);
	site_free(s);
	return 0;
}
