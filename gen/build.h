/* build.h — one build of the site, as `build` and `check` run it and as `serve` runs it
 * into its private folder after every saved change: load the content, read the templates
 * and the page style, render the pages and the PDFs on `jobs` threads, publish into `out`
 * (gen/publish.c: replaced whole, or left as it was), linking from the last build there what
 * is unchanged (OUT/.baocao-cache, OUT/.baocao-model). It prints nothing (but the times, to
 * `timing`, when asked) and never exits: the caller reports what it returns. */
#ifndef BAOCAO_BUILD_H
#define BAOCAO_BUILD_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

struct build_options {
	const char *content;   /* the content folder (site.yaml, indicators.csv, reports/) */
	const char *out;       /* the folder published into (write only) */
	const char *templates; /* NULL: build_default_dir(content, "templates") */
	const char *assets;    /* NULL: build_default_dir(content, "assets") */
	int jobs;              /* reports rendered at once */
	bool write;            /* build; false: check (everything parsed, nothing written) */
	bool strict;           /* warnings are errors: nothing is published */
	bool drafts;           /* drafts are published as the other reports */
	bool scratch_out;      /* out is serve's own folder: what else is in it may go */
	FILE *timing;          /* where the time went (BAOCAO_TIMING=1), or NULL */
};

/* One build (or check). Its errors are appended to errors and its warnings to warnings, in
 * the order found (diag_sort them to print). Returns 0 when it succeeded (published, for a
 * build), 1 when it had errors, or warnings under strict (nothing published then). */
int build_run(const struct build_options *o, struct diags *errors, struct diags *warnings);

/* The folder `name` beside the content folder, else the one in the source tree (malloc'd). */
char *build_default_dir(const char *content, const char *name);

#endif
