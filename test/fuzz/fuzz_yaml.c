/* libFuzzer target: YAML settings. The bytes as site.yaml, then the same bytes between
 * "---" lines as a report's front matter (with an empty body). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "site_mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = {0};
	struct site *site = xcalloc(1, sizeof *site);
	site_yaml_parse(site, (const char *)data, size, "site.yaml", &d);
	site_free(site);

	char *md = xmalloc(size + 9);
	memcpy(md, "---\n", 4);
	memcpy(md + 4, data, size);
	memcpy(md + 4 + size, "\n---\n", 5);
	struct site *s = site_mem();
	report_parse(&s->reports[1], md, size + 9, &d);
	free(md);
	site_free(s);
	diag_free(&d);
	return 0;
}
