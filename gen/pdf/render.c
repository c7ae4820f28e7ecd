/* Placeholder until the PDF backend lands. */
#include "pdf.h"

#include <stdlib.h>

struct pdf_style {
	int unused;
};

struct pdf_style *pdf_style_load(const char *path, struct diags *d)
{
	(void)path;
	(void)d;
	return calloc(1, sizeof(struct pdf_style));
}

void pdf_style_free(struct pdf_style *s)
{
	free(s);
}

int pdf_write_report(const struct pdf_style *s, const struct site *site, size_t report,
		     const char *out_path, struct diags *d)
{
	(void)s;
	(void)site;
	(void)report;
	(void)out_path;
	(void)d;
	return 0;
}
