/* main.c — the command line only: build, check, new, serve. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "build.h"
#include "diag.h"
#include "i18n.h"
#include "new.h"
#include "serve/serve.h"

static const char usage[] = N_(
	"usage: baocao build [--content DIR] [--out DIR] [--templates DIR] [--assets DIR] [--jobs N]\n"
	"             [--drafts] [--strict]\n"
	"       baocao check [--content DIR] [--templates DIR] [--drafts] [--strict]\n"
	"       baocao new YYYY-MM [--content DIR]\n"
	"       baocao serve [--content DIR] [--port N] [--templates DIR] [--assets DIR] [--jobs N]\n"
	"             [--strict]\n"
	"       baocao --help | --version\n");

static const char help[] = N_(
	"baocao — Markdown and CSV reports into a static website and official BÁO CÁO PDFs\n"
	"\n"
	"  build   publish the content folder into the output folder (default: content, public)\n"
	"          the output folder is replaced whole, only when everything succeeded\n"
	"  check   validate everything and list all errors and warnings; write nothing\n"
	"  new     start next month's report from the latest one (a draft: number and day left\n"
	"          blank; its headings, tables and opening and closing sentences, the months\n"
	"          moved on; kpi.csv with every indicator and empty values)\n"
	"  serve   preview while writing: the site with its drafts, served at\n"
	"          http://127.0.0.1:8484/ from a private folder (public/ is left alone); each\n"
	"          saved change is built again and the open pages reload; a page the build\n"
	"          cannot make shows its errors instead; Ctrl-C stops\n"
	"\n"
	"  --content DIR    the content folder (site.yaml, indicators.csv, reports/)\n"
	"  --out DIR        the folder to publish into\n"
	"  --templates DIR  HTML templates and page-style.yaml (default: templates/ beside the\n"
	"                   content folder, else the ones baocao was built with)\n"
	"  --assets DIR     static files copied to OUT/assets (same default rule)\n"
	"  --jobs N         reports rendered at once (default: the number of cores)\n"
	"  --drafts         publish the drafts too (reports without a number or a day); without\n"
	"                   it they are checked but left off the site\n"
	"  --strict         warnings are errors: nothing is published, exit status 1\n"
	"  --port N         serve's port on 127.0.0.1 (default 8484; 0: any free port)\n"
	"\n"
	"Exit status: 0 done (warnings, path:line:col: warning: …, do not stop a build); 1 the\n"
	"content has errors (each listed as path:line:col: error: …);\n"
	"2 wrong usage.\n");

struct options {
	const char *command;
	const char *content, *out, *templates, *assets;
	const char *month;
	int jobs;
	long port;   /* serve --port; -1: the default */
	bool strict; /* --strict: warnings are errors (exit status 1) */
	bool drafts; /* --drafts: drafts are published */
	bool timing; /* BAOCAO_TIMING=1: where the time went, on stderr (for bench/run.sh) */
};

/* Prints the errors and the warnings in the order of their places, then how many there
 * were; exit status 1 if there was an error, or a warning under --strict. Frees both. */
static int finish(struct diags *d, struct diags *w, bool strict)
{
	size_t errors = d->n, warnings = w ? w->n : 0;
	if (w)
		diag_move(d, w);
	diag_sort(d);
	diag_print(d, stderr);
	if (errors || warnings) {
		fputs("baocao: ", stderr);
		if (errors)
			fprintf(stderr, P_("%zu error", "%zu errors", errors), errors);
		if (errors && warnings)
			fputs(", ", stderr);
		if (warnings)
			fprintf(stderr, P_("%zu warning", "%zu warnings", warnings), warnings);
		if (warnings && strict && !errors)
			fputs(_(" (errors under --strict)"), stderr);
		fputc('\n', stderr);
	}
	diag_free(d);
	return errors || (strict && warnings) ? 1 : 0;
}

static int cmd_build(const struct options *o, bool write)
{
	struct build_options b = {.content = o->content, .out = o->out, .templates = o->templates,
				  .assets = o->assets, .jobs = o->jobs, .write = write,
				  .strict = o->strict, .drafts = o->drafts,
				  .timing = o->timing ? stderr : NULL};
	struct diags d = {0}, w = {0};
	build_run(&b, &d, &w);
	return finish(&d, &w, o->strict);
}

static int cmd_new(const struct options *o)
{
	struct diags d = {0}, w = {0};
	int y = atoi(o->month), m = atoi(o->month + 5);
	report_new(o->content, y, m, &d, &w);
	int rc = finish(&d, &w, false);
	if (rc == 0)
		printf(_("%s/reports/%s/: report.md and kpi.csv to fill in\n"), o->content, o->month);
	return rc;
}

static bool valid_month(const char *s)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return false;
	int m = atoi(s + 5);
	return m >= 1 && m <= 12 && atoi(s) >= 1900;
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "baocao: ");
	fprintf(stderr, _(fmt), arg);
	fprintf(stderr, "\n%s", _(usage));
	return 2;
}

int main(int argc, char **argv)
{
	i18n_init();
	struct options o = {.content = "content", .out = "public", .port = -1};
	bool out_given = false;
	const char *timing = getenv("BAOCAO_TIMING");
	o.timing = timing && strcmp(timing, "1") == 0;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	o.jobs = cores > 0 ? (int)cores : 1;
	if (argc < 2)
		return usage_error(_("no command"), "");
	if (strcmp(argv[1], "__serve-build") == 0) { /* serve's build child (serve.c), not for users */
		xmlInitParser();
		int rc = serve_child_main(argc, argv, o.timing ? stderr : NULL);
		xmlCleanupParser();
		return rc;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(_(help), stdout);
			fputs("\n", stdout);
			fputs(_(usage), stdout);
			return 0;
		}
		if (strcmp(a, "--version") == 0) {
			printf("baocao %s\n", BAOCAO_VERSION);
			return 0;
		}
		const char **slot = strcmp(a, "--content") == 0	 ? &o.content
				    : strcmp(a, "--out") == 0	 ? &o.out
				    : strcmp(a, "--templates") == 0 ? &o.templates
				    : strcmp(a, "--assets") == 0	 ? &o.assets
								 : NULL;
		if (slot || strcmp(a, "--jobs") == 0 || strcmp(a, "--port") == 0) {
			if (i + 1 >= argc)
				return usage_error("%s needs a value", a);
			const char *v = argv[++i];
			if (slot && !*v) /* "--out $OUT" with OUT unset: not the current folder */
				return usage_error("%s needs a value (it is empty)", a);
			if (slot) {
				*slot = v;
				if (slot == &o.out)
					out_given = true;
			} else if (strcmp(a, "--port") == 0) {
				char *end;
				long n = strtol(v, &end, 10);
				if (!*v || *end || n < 0 || n > 65535)
					return usage_error("--port takes a number from 0 to 65535, not \"%s\"", v);
				o.port = n;
			} else {
				char *end;
				long n = strtol(v, &end, 10);
				if (*end || n < 1 || n > 256)
					return usage_error("--jobs takes a number from 1 to 256, not \"%s\"", v);
				o.jobs = (int)n;
			}
			continue;
		}
		if (strcmp(a, "--strict") == 0) {
			o.strict = true;
			continue;
		}
		if (strcmp(a, "--drafts") == 0) {
			o.drafts = true;
			continue;
		}
		if (a[0] == '-')
			return usage_error("unknown option %s", a);
		if (!o.command) {
			o.command = a;
		} else if (strcmp(o.command, "new") == 0 && !o.month) {
			o.month = a;
		} else {
			return usage_error("unexpected argument \"%s\"", a);
		}
	}
	if (!o.command)
		return usage_error(_("no command"), "");
	if (o.port >= 0 && strcmp(o.command, "serve") != 0)
		return usage_error("%s is for serve", "--port");
	xmlInitParser();
	int rc;
	if (strcmp(o.command, "build") == 0) {
		rc = cmd_build(&o, true);
	} else if (strcmp(o.command, "check") == 0) {
		rc = cmd_build(&o, false);
	} else if (strcmp(o.command, "new") == 0) {
		if (!valid_month(o.month))
			return usage_error("new needs a month written YYYY-MM, not \"%s\"",
					   o.month ? o.month : "");
		rc = cmd_new(&o);
	} else if (strcmp(o.command, "serve") == 0) {
		if (out_given)
			return usage_error("%s: serve publishes nothing (it builds into a private "
					   "folder); --out is for build",
					   "--out");
		struct serve_options so = {.content = o.content, .templates = o.templates,
					   .assets = o.assets, .jobs = o.jobs, .strict = o.strict,
					   .port = o.port < 0 ? SERVE_DEFAULT_PORT : (unsigned)o.port,
					   .timing = o.timing ? stderr : NULL};
		rc = serve_run(&so);
	} else {
		return usage_error("unknown command \"%s\"", o.command);
	}
	xmlCleanupParser();
	return rc;
}
