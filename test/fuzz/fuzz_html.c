/* libFuzzer target: a report.md rendered by the website backend. The body becomes libxml2
 * nodes in memory (md_render) and is serialised; then the whole site is written into a
 * folder in /dev/shm (the pages put the front matter into the templates). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "html/dom.h"
#include "html/html.h"
#include "publish.h"
#include "site_disk.h"
#include "util.h"

static struct site *site;
static struct html_templates *templates;
static char *out_dir;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	site = site_disk();
	struct diags d = {0};
	templates = html_templates_load(BAOCAO_SOURCE_DIR "/templates", &d);
	if (!templates) {
		diag_print(&d, stderr);
		abort();
	}
	struct stat st;
	out_dir = xasprintf("%s/baocao-fuzz-html-%ld",
			    stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
	for (size_t i = 0; i < site->n_reports; i++) {
		char *m = path_join(out_dir, site->reports[i].month);
		make_dirs(m);
		free(m);
	}
	return 0;
}

static void dump(xmlBufferPtr b, xmlNodePtr n)
{
	if (n)
		xmlNodeDump(b, NULL, n, 0, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t ri = site->n_reports - 1;
	struct report saved;
	struct diags d = {0};
	if (site_disk_swap(site, ri, &saved, data, size, &d)) {
		struct md_result res = {0};
		md_render(site, ri, "../", NULL, NULL, &res);
		xmlBufferPtr b = xmlBufferCreate();
		dump(b, res.body);
		dump(b, res.footnotes);
		dump(b, res.appendices);
		xmlBufferFree(b);
		md_result_free(&res);
		html_write_site(templates, site, out_dir, &d);
	}
	site_disk_restore(site, ri, &saved);
	diag_free(&d);
	return 0;
}
