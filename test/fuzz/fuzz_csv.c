/* libFuzzer target: a CSV file through text_clean and the located libcsv reader. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "load/load.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = {0};
	char *text = text_clean((const char *)data, size, "kpi.csv", &d);
	if (text) {
		struct csv_table *t = csv_parse_text(text, strlen(text), "kpi.csv", &d);
		csv_table_free(t);
		free(text);
	}
	diag_free(&d);
	return 0;
}
