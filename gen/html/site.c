/* Placeholder until the website backend lands. */
#include "html.h"

#include <stdlib.h>

struct html_templates {
	int unused;
};

struct html_templates *html_templates_load(const char *dir, struct diags *d)
{
	(void)dir;
	(void)d;
	return calloc(1, sizeof(struct html_templates));
}

void html_templates_free(struct html_templates *t)
{
	free(t);
}

int html_write_site(const struct html_templates *t, const struct site *site, const char *out_dir,
		    struct diags *d)
{
	(void)t;
	(void)site;
	(void)out_dir;
	(void)d;
	return 0;
}
