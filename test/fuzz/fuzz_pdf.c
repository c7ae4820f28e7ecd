/* libFuzzer target: a report.md laid out as the BÁO CÁO PDF (pdf_write_report into /dev/shm),
 * with the page style and its fonts loaded once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pdf/pdf.h"
#include "site_disk.h"
#include "util.h"

static struct site *site;
static struct pdf_style *style;
static char *out_path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	site = site_disk();
	struct diags d = {0};
	style = pdf_style_load(BAOCAO_SOURCE_DIR "/templates/page-style.yaml", &d);
	if (!style) {
		diag_print(&d, stderr);
		abort();
	}
	struct stat st;
	out_path = xasprintf("%s/baocao-fuzz-%ld.pdf",
			     stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t ri = site->n_reports - 1;
	struct report saved;
	struct diags d = {0};
	if (site_disk_swap(site, ri, &saved, data, size, &d))
		pdf_write_report(style, site, ri, out_path, &d);
	site_disk_restore(site, ri, &saved);
	diag_free(&d);
	return 0;
}
