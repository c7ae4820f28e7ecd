/* main.c — the command line only: build, check, new. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "diag.h"
#include "html/html.h"
#include "load/load.h"
#include "new.h"
#include "pdf/pdf.h"
#include "publish.h"
#include "util.h"

static const char usage[] =
	"usage: baocao build [--content DIR] [--out DIR] [--templates DIR] [--assets DIR] [--jobs N]\n"
	"       baocao check [--content DIR] [--templates DIR]\n"
	"       baocao new YYYY-MM [--content DIR]\n"
	"       baocao --help | --version\n";

static const char help[] =
	"baocao — Markdown and CSV reports into a static website and official BÁO CÁO PDFs\n"
	"\n"
	"  build   publish the content folder into the output folder (default: content, public)\n"
	"          the output folder is replaced whole, only when everything succeeded\n"
	"  check   validate everything and list all errors; write nothing\n"
	"  new     start next month's report from the latest one (number and day left blank,\n"
	"          the same headings, kpi.csv with every indicator and empty values)\n"
	"\n"
	"  --content DIR    the content folder (site.yaml, indicators.csv, reports/)\n"
	"  --out DIR        the folder to publish into\n"
	"  --templates DIR  HTML templates and page-style.yaml (default: templates/ beside the\n"
	"                   content folder, else the ones baocao was built with)\n"
	"  --assets DIR     static files copied to OUT/assets (same default rule)\n"
	"  --jobs N         reports rendered at once (default: the number of cores)\n"
	"\n"
	"Exit status: 0 done; 1 the content has errors (each listed as path:line:col: error: …);\n"
	"2 wrong usage.\n";

struct options {
	const char *command;
	const char *content, *out, *templates, *assets;
	const char *month;
	int jobs;
	bool timing; /* BAOCAO_TIMING=1: where the time went, on stderr (for bench/run.sh) */
};

/* ---- BAOCAO_TIMING=1 ---- */

static double seconds(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The folder `name` beside the content folder, else the one in the source tree. */
static char *default_dir(const char *content, const char *name)
{
	char *beside = xasprintf("%s/../%s", content, name);
	struct stat st;
	if (stat(beside, &st) == 0 && S_ISDIR(st.st_mode))
		return beside;
	free(beside);
	return xasprintf("%s/%s", BAOCAO_SOURCE_DIR, name);
}

/* ---- build: the site and each PDF as tasks on --jobs threads ---- */

struct task {
	int kind; /* 0: the website, 1: a PDF */
	size_t report;
	struct diags d;
	double wall, cpu; /* seconds the task took, on the clock and on its thread's CPU */
};

struct work {
	const struct site *site;
	const struct html_templates *templates;
	const struct pdf_style *style;
	const char *dir;
	struct task *tasks;
	size_t n;
	atomic_size_t next;
};

static void run_task(struct work *w, struct task *t)
{
	if (t->kind == 0) {
		html_write_site(w->templates, w->site, w->dir, &t->d);
		return;
	}
	const struct report *r = &w->site->reports[t->report];
	char *path = xasprintf("%s/%s/%s.pdf", w->dir, r->month, r->slug);
	pdf_write_report(w->style, w->site, t->report, path, &t->d);
	free(path);
}

static void *worker(void *arg)
{
	struct work *w = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&w->next, 1);
		if (i >= w->n)
			return NULL;
		double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_THREAD_CPUTIME_ID);
		run_task(w, &w->tasks[i]);
		w->tasks[i].wall = seconds(CLOCK_MONOTONIC) - wall;
		w->tasks[i].cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
	}
}

static void print_task_times(const struct site *site, const struct task *tasks, size_t n,
			     int threads)
{
	double wall[2] = {0}, cpu[2] = {0}, max_pdf = 0;
	size_t count[2] = {0};
	for (size_t i = 0; i < n; i++) {
		int k = tasks[i].kind;
		if (k == 1)
			fprintf(stderr, "baocao timing: pdf %s %.1f ms (cpu %.1f ms)\n",
				site->reports[tasks[i].report].month, tasks[i].wall * 1e3,
				tasks[i].cpu * 1e3);
		wall[k] += tasks[i].wall;
		cpu[k] += tasks[i].cpu;
		count[k]++;
		if (k == 1 && tasks[i].wall > max_pdf)
			max_pdf = tasks[i].wall;
	}
	fprintf(stderr, "baocao timing: html %.1f ms (cpu %.1f ms)\n", wall[0] * 1e3,
		cpu[0] * 1e3);
	fprintf(stderr,
		"baocao timing: pdf %.1f ms (cpu %.1f ms) in %zu tasks: %.1f ms each, the longest "
		"%.1f ms; %d thread%s\n",
		wall[1] * 1e3, cpu[1] * 1e3, count[1], count[1] ? wall[1] * 1e3 / (double)count[1] : 0,
		max_pdf * 1e3, threads, threads == 1 ? "" : "s");
}

/* The digest of the program itself, part of every PDF's cache key: a rebuilt baocao may lay
 * out differently without a new version number. False if it cannot be read (no cache). */
static bool program_digest(struct digest *h)
{
	size_t len;
	char *exe = read_file("/proc/self/exe", (size_t)256 << 20, &len);
	if (!exe)
		return false;
	digest_init(h);
	digest_add(h, exe, len);
	free(exe);
	return true;
}

/* The PDFs whose key is what the published one was made from are linked from it (the PDF
 * cache, gen/pdf/cache.c and gen/publish.c); the others are made, and the website, on
 * --jobs threads. */
static int render(const struct site *site, const struct html_templates *t,
		  struct pdf_style *style, struct publish *p, int jobs, bool timing,
		  struct diags *d)
{
	const char *dir = p->staging;
	for (size_t i = 0; i < site->n_reports; i++) {
		char *m = path_join(dir, site->reports[i].month);
		if (make_dirs(m) != 0)
			diag_add(d, m, 1, 1, "cannot make folder: %s", strerror(errno));
		free(m);
	}
	struct digest program;
	bool cache = program_digest(&program);
	char (*keys)[33] = xcalloc(site->n_reports ? site->n_reports : 1, sizeof *keys);
	struct work w = {.site = site, .templates = t, .style = style, .dir = dir};
	w.tasks = xcalloc(1 + site->n_reports, sizeof *w.tasks);
	/* the website first, then the PDFs, the longest first (the newest are the longest),
	 * so that no thread is left with a long task at the end */
	w.tasks[w.n++].kind = 0;
	size_t reused = 0;
	for (size_t k = site->n_reports; k-- > 0;) {
		const struct report *r = &site->reports[k];
		char *rel = xasprintf("%s/%s.pdf", r->month, r->slug);
		if (cache) {
			pdf_report_key(style, site, k, &program, keys[k]);
			if (publish_reuse(p, rel, keys[k])) {
				reused++;
				free(rel);
				continue;
			}
		}
		free(rel);
		w.tasks[w.n].kind = 1;
		w.tasks[w.n++].report = k;
	}
	if (w.n > 1)
		pdf_style_load_fonts(style, d);
	atomic_init(&w.next, 0);
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > w.n)
		jobs = (int)w.n;
	pthread_t *th = xcalloc((size_t)jobs, sizeof *th);
	int started = 0;
	for (int i = 1; i < jobs; i++)
		if (pthread_create(&th[i], NULL, worker, &w) == 0)
			started = i;
		else
			break;
	worker(&w);
	for (int i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	free(th);
	if (timing) {
		print_task_times(site, w.tasks, w.n, started + 1);
		fprintf(stderr, "baocao timing: %zu PDFs reused from the last build\n", reused);
	}
	/* errors in a fixed order, whatever the number of threads */
	for (size_t i = 0; i < w.n; i++)
		diag_move(d, &w.tasks[i].d);
	for (size_t k = 0; cache && k < site->n_reports; k++) {
		const struct report *r = &site->reports[k];
		char *rel = xasprintf("%s/%s.pdf", r->month, r->slug);
		publish_keep(p, rel, keys[k]);
		free(rel);
	}
	free(keys);
	free(w.tasks);
	return 0;
}

static int finish(struct diags *d)
{
	diag_sort(d);
	diag_print(d, stderr);
	int rc = d->n ? 1 : 0;
	if (d->n)
		fprintf(stderr, "baocao: %zu error%s\n", d->n, d->n == 1 ? "" : "s");
	diag_free(d);
	return rc;
}

static int cmd_build(const struct options *o, bool write)
{
	struct diags d = {0};
	double t0 = seconds(CLOCK_MONOTONIC), cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	char *tdir = o->templates ? xstrdup(o->templates) : default_dir(o->content, "templates");
	char *adir = o->assets ? xstrdup(o->assets) : default_dir(o->content, "assets");
	char *style_path = path_join(tdir, "page-style.yaml");
	struct site *site = site_load_jobs(o->content, o->jobs, &d);
	double t_load = seconds(CLOCK_MONOTONIC);
	struct html_templates *t = html_templates_load(tdir, &d);
	struct pdf_style *style = pdf_style_load(style_path, &d);
	double t_style = seconds(CLOCK_MONOTONIC), t_render = t_style, t_assets = t_style;
	if (site && t && style && d.n == 0 && write) {
		struct publish p;
		if (publish_begin(&p, o->out, &d) == 0) {
			render(site, t, style, &p, o->jobs, o->timing, &d);
			t_render = seconds(CLOCK_MONOTONIC);
			char *assets_out = path_join(p.staging, "assets");
			struct stat st;
			if (d.n == 0 && stat(adir, &st) == 0)
				copy_tree(adir, assets_out, &d);
			free(assets_out);
			t_assets = seconds(CLOCK_MONOTONIC);
			if (d.n == 0)
				publish_commit(&p, &d);
			else
				publish_abort(&p);
		}
		publish_end(&p);
	}
	if (o->timing) {
		double t_end = seconds(CLOCK_MONOTONIC);
		fprintf(stderr,
			"baocao timing: load %.1f ms (%zu reports); templates and page style %.1f ms; "
			"render %.1f ms; assets %.1f ms; publish %.1f ms\n",
			(t_load - t0) * 1e3, site ? site->n_reports : 0, (t_style - t_load) * 1e3,
			(t_render - t_style) * 1e3, (t_assets - t_render) * 1e3,
			(t_end - t_assets) * 1e3);
		fprintf(stderr, "baocao timing: total %.1f ms (cpu %.1f ms)\n", (t_end - t0) * 1e3,
			(seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0) * 1e3);
	}
	pdf_style_free(style);
	html_templates_free(t);
	site_free(site);
	free(style_path);
	free(tdir);
	free(adir);
	return finish(&d);
}

static int cmd_new(const struct options *o)
{
	struct diags d = {0};
	int y = atoi(o->month), m = atoi(o->month + 5);
	report_new(o->content, y, m, &d);
	int rc = finish(&d);
	if (rc == 0)
		printf("%s/reports/%s/: report.md and kpi.csv to fill in\n", o->content, o->month);
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
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage);
	return 2;
}

int main(int argc, char **argv)
{
	struct options o = {.content = "content", .out = "public"};
	const char *timing = getenv("BAOCAO_TIMING");
	o.timing = timing && strcmp(timing, "1") == 0;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	o.jobs = cores > 0 ? (int)cores : 1;
	if (argc < 2)
		return usage_error("%s", "no command");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(help, stdout);
			fputs("\n", stdout);
			fputs(usage, stdout);
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
		if (slot || strcmp(a, "--jobs") == 0) {
			if (i + 1 >= argc)
				return usage_error("%s needs a value", a);
			const char *v = argv[++i];
			if (slot) {
				*slot = v;
			} else {
				char *end;
				long n = strtol(v, &end, 10);
				if (*end || n < 1 || n > 256)
					return usage_error("--jobs takes a number from 1 to 256, not \"%s\"", v);
				o.jobs = (int)n;
			}
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
		return usage_error("%s", "no command");
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
	} else {
		return usage_error("unknown command \"%s\"", o.command);
	}
	xmlCleanupParser();
	return rc;
}
