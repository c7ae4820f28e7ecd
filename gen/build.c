/* build.c — one build: load the content, read the templates and the page style, render the
 * pages and the PDFs on --jobs threads, publish into the output folder (gen/publish.c),
 * taking over from the last build there what is unchanged. */
#include "build.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "html/cache.h"
#include "html/data.h"
#include "html/html.h"
#include "load/load.h"
#include "pdf/pdf.h"
#include "publish.h"
#include "util.h"

/* ---- BAOCAO_TIMING=1 ---- */

static double seconds(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *build_default_dir(const char *content, const char *name)
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
	int kind;     /* 0: a task of the website, 1: a PDF */
	size_t index; /* the website's task (html_write_task), or the PDF's report */
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
};

/* One task, on whichever thread parallel_for gives it, with the time it took. */
static void run_task(void *ctx, size_t i)
{
	struct work *w = ctx;
	struct task *t = &w->tasks[i];
	double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_THREAD_CPUTIME_ID);
	if (t->kind == 0) {
		html_write_task(w->templates, w->site, t->index, w->dir, &t->d);
	} else {
		const struct report *r = &w->site->reports[t->index];
		char *path = xasprintf("%s/%s/%s.pdf", w->dir, r->month, r->slug);
		pdf_write_report(w->style, w->site, t->index, path, &t->d);
		free(path);
	}
	t->wall = seconds(CLOCK_MONOTONIC) - wall;
	t->cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
}

static void print_task_times(FILE *out, const struct site *site, const struct task *tasks,
			     size_t n, int threads)
{
	double wall[2] = {0}, cpu[2] = {0}, max_pdf = 0;
	size_t count[2] = {0};
	for (size_t i = 0; i < n; i++) {
		int k = tasks[i].kind;
		if (k == 1)
			fprintf(out, "baocao timing: pdf %s %.1f ms (cpu %.1f ms)\n",
				site->reports[tasks[i].index].month, tasks[i].wall * 1e3,
				tasks[i].cpu * 1e3);
		wall[k] += tasks[i].wall;
		cpu[k] += tasks[i].cpu;
		count[k]++;
		if (k == 1 && tasks[i].wall > max_pdf)
			max_pdf = tasks[i].wall;
	}
	fprintf(out, "baocao timing: html %.1f ms (cpu %.1f ms)\n", wall[0] * 1e3,
		cpu[0] * 1e3); /* all its tasks: bench/measure.py reads this line */
	fprintf(out,
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

/* What the last build made and this one would make the same is linked from it (the build
 * cache: PDFs (gen/pdf/cache.c), report pages and indicator pages (gen/html/cache.c), and the
 * model (gen/load/reuse.c)); a report whose body was left unparsed is parsed only if its
 * PDF or its page has to be made. The rest is made on --jobs threads. */
struct made {
	char (*pdf_key)[33], (*page_key)[33];
	bool *pdf, *page, *has_page_key, *need_body;
	char ind_key[33], data_key[33];
	bool indicators, data, cache;
	size_t pdfs_reused, pages_reused;
};

/* Links every file of rels from the last build under key; if one cannot be, unlinks those
 * it linked and returns false (all are made again). */
static bool reuse_all(struct publish *p, char **rels, size_t n, const char *key)
{
	size_t linked = 0;
	while (linked < n && publish_reuse(p, rels[linked], key))
		linked++;
	for (size_t i = 0; linked < n && i < linked; i++) {
		char *path = path_join(p->staging, rels[i]);
		unlink(path);
		free(path);
	}
	return n > 0 && linked == n;
}

static char *indicator_rel(const struct site *site, size_t i)
{
	return xasprintf("chi-so/%s.html", site->indicators[i].id);
}

/* Decides what is made and links in what is not. */
static void take_over(struct site *site, struct pdf_style *style, struct publish *p,
		      const struct digest *program, const struct digest *base, struct made *m)
{
	size_t n = site->n_reports;
	m->pdf_key = xcalloc(n + 1, sizeof *m->pdf_key);
	m->page_key = xcalloc(n + 1, sizeof *m->page_key);
	m->pdf = xcalloc(n + 1, sizeof *m->pdf);
	m->page = xcalloc(n + 1, sizeof *m->page);
	m->has_page_key = xcalloc(n + 1, sizeof *m->has_page_key);
	m->need_body = xcalloc(n + 1, sizeof *m->need_body);
	for (size_t k = 0; k < n; k++) {
		const struct report *r = &site->reports[k];
		if (!report_published(site, k))
			continue; /* a draft: no page, no PDF */
		char *pdf = xasprintf("%s/%s.pdf", r->month, r->slug);
		char *page = xasprintf("%s/index.html", r->month);
		char *part = xasprintf("%s/search.js", r->month); /* made with the page */
		/* and the images beside it */
		char **with = xcalloc(r->n_images + 2, sizeof *with);
		with[0] = page, with[1] = part;
		for (size_t i = 0; i < r->n_images; i++) {
			with[i + 2] = xasprintf("%s/%s", r->month, r->images[i]);
			const char *slash = strrchr(r->images[i], '/');
			if (m->cache && slash) { /* in a folder of the report's: the folder first */
				char *dir = xasprintf("%s/%s/%.*s", p->staging, r->month,
						      (int)(slash - r->images[i]), r->images[i]);
				make_dirs(dir);
				free(dir);
			}
		}
		if (m->cache)
			pdf_report_key(style, site, k, program, m->pdf_key[k]);
		m->pdf[k] = !m->cache || !publish_reuse(p, pdf, m->pdf_key[k]);
		m->has_page_key[k] = m->cache && html_report_key(site, k, base, m->page_key[k]);
		m->page[k] = !m->has_page_key[k] ||
			     !reuse_all(p, with, r->n_images + 2, m->page_key[k]);
		for (size_t i = 0; i < r->n_images; i++)
			free(with[i + 2]);
		free(with);
		free(part);
		m->pdfs_reused += !m->pdf[k];
		m->pages_reused += !m->page[k];
		m->need_body[k] = (m->pdf[k] || m->page[k]) && r->body_skipped;
		free(pdf);
		free(page);
	}
	/* the indicator pages: all of them, or none */
	m->indicators = true;
	if (m->cache && site->n_indicators > 0) {
		html_indicators_key(site, base, m->ind_key);
		char *dir = path_join(p->staging, "chi-so");
		make_dirs(dir);
		free(dir);
		size_t linked = 0;
		while (linked < site->n_indicators) {
			char *rel = indicator_rel(site, linked);
			bool ok = publish_reuse(p, rel, m->ind_key);
			free(rel);
			if (!ok)
				break;
			linked++;
		}
		m->indicators = linked < site->n_indicators;
		for (size_t i = 0; m->indicators && i < linked; i++) {
			char *rel = indicator_rel(site, i), *path = path_join(p->staging, rel);
			unlink(path);
			free(path);
			free(rel);
		}
	}
	/* the open data: all of it, or none */
	m->data = true;
	if (m->cache) {
		size_t n;
		char **rels = data_files(site, &n);
		data_key(site, base, m->data_key);
		char *dir = path_join(p->staging, "data");
		make_dirs(dir);
		free(dir);
		m->data = !reuse_all(p, rels, n, m->data_key);
		data_files_free(rels, n);
	}
}

static void keep_keys(const struct site *site, struct publish *p, const struct made *m)
{
	for (size_t k = 0; m->cache && k < site->n_reports; k++) {
		const struct report *r = &site->reports[k];
		if (!report_published(site, k))
			continue;
		char *pdf = xasprintf("%s/%s.pdf", r->month, r->slug);
		publish_keep(p, pdf, m->pdf_key[k]);
		free(pdf);
		if (m->has_page_key[k]) {
			char *page = xasprintf("%s/index.html", r->month);
			char *part = xasprintf("%s/search.js", r->month);
			publish_keep(p, page, m->page_key[k]);
			publish_keep(p, part, m->page_key[k]);
			for (size_t i = 0; i < r->n_images; i++) {
				char *img = xasprintf("%s/%s", r->month, r->images[i]);
				publish_keep(p, img, m->page_key[k]);
				free(img);
			}
			free(page);
			free(part);
		}
	}
	if (m->cache) {
		size_t n;
		char **rels = data_files(site, &n);
		for (size_t i = 0; i < n; i++)
			publish_keep(p, rels[i], m->data_key);
		data_files_free(rels, n);
	}
	for (size_t i = 0; m->cache && i < site->n_indicators; i++) {
		char *rel = indicator_rel(site, i);
		publish_keep(p, rel, m->ind_key);
		free(rel);
	}
}

static void made_free(struct made *m)
{
	free(m->pdf_key);
	free(m->page_key);
	free(m->pdf);
	free(m->page);
	free(m->has_page_key);
	free(m->need_body);
}

static int render(struct site *site, const struct html_templates *t, struct pdf_style *style,
		  struct publish *p, const struct digest *program, const char *tdir, int jobs,
		  FILE *timing, struct diags *d)
{
	const char *dir = p->staging;
	for (size_t i = 0; i < site->n_reports; i++) {
		if (!report_published(site, i))
			continue;
		char *m = path_join(dir, site->reports[i].month);
		if (make_dirs(m) != 0)
			diag_add(d, m, 1, 1, "cannot make folder: %s", strerror(errno));
		free(m);
	}
	/* the pages' keys start from the program and every file of the templates folder */
	struct made m = {.cache = program != NULL};
	struct digest base;
	digest_init(&base);
	if (program) {
		digest_u64(&base, program->a);
		digest_u64(&base, program->b);
		m.cache = digest_folder(&base, tdir, (size_t)64 << 20);
	}
	take_over(site, style, p, program, &base, &m);
	/* the characters no font can draw, where they are written, as check finds them; then
	 * the reports' texts have located every error they could */
	if (site_load_bodies(site, m.need_body, jobs, d) < 0 ||
	    pdf_check_text(style, site, jobs, d) < 0) {
		made_free(&m);
		return -1;
	}
	site_drop_sources(site);

	struct work w = {.site = site, .templates = t, .style = style, .dir = dir};
	size_t n_html = html_site_tasks(site), n_pdf = 0;
	w.tasks = xcalloc(n_html + site->n_reports, sizeof *w.tasks);
	/* The longest first, so that no thread is left with a long task at the end: the PDFs
	 * (20-40 ms; the newest are the longest), then the website's pieces (a few ms each),
	 * which html_write_task numbers longest first too. */
	for (size_t k = site->n_reports; k-- > 0;) {
		if (!m.pdf[k])
			continue;
		w.tasks[w.n].kind = 1;
		w.tasks[w.n++].index = k;
		n_pdf++;
	}
	for (size_t i = 0; i < n_html; i++) {
		long k = html_task_report(site, i);
		if ((k >= 0 && !m.page[k]) || (html_task_is_indicators(i) && !m.indicators) ||
		    (html_task_is_data(i) && !m.data))
			continue;
		w.tasks[w.n].kind = 0;
		w.tasks[w.n++].index = i;
	}
	double fonts = seconds(CLOCK_MONOTONIC);
	if (n_pdf > 0)
		pdf_style_load_fonts(style, d);
	fonts = seconds(CLOCK_MONOTONIC) - fonts;
	int threads = parallel_for(w.n, jobs, run_task, &w);
	if (timing) {
		fprintf(timing, "baocao timing: fonts %.1f ms\n", fonts * 1e3);
		print_task_times(timing, site, w.tasks, w.n, threads);
		fprintf(timing, "baocao timing: %zu PDFs reused from the last build\n",
			m.pdfs_reused);
		fprintf(timing, "baocao timing: %zu report pages reused, the indicator pages %s\n",
			m.pages_reused, m.indicators ? "made" : "reused");
		fprintf(timing, "baocao timing: the open data %s\n", m.data ? "made" : "reused");
	}
	/* errors in a fixed order, whatever the number of threads */
	for (size_t i = 0; i < w.n; i++)
		diag_move(d, &w.tasks[i].d);
	/* the feed gives each PDF's size: after them */
	html_write_finish(site, dir, d);
	keep_keys(site, p, &m);
	made_free(&m);
	free(w.tasks);
	return 0;
}

#define MODEL_CACHE ".baocao-model"

/* The last build's model cache, from an output folder that baocao made. */
static struct model_cache *read_model_cache(const char *out)
{
	char *path = publish_last_file(out, MODEL_CACHE);
	struct model_cache *mc = path ? model_cache_read(path) : NULL;
	free(path);
	return mc;
}

/* The templates and the page style, read beside the content, and for a first build the
 * faces, which all its PDFs will need (a rebuild may reuse every PDF: render reads the
 * faces when some PDF has to be made, and reports why it cannot if that failed). */
struct style_job {
	const char *tdir, *style_path;
	bool fonts;
	struct html_templates *t;
	struct pdf_style *style;
	struct diags d, font_d;
	double cpu; /* seconds of CPU the thread took */
};

static void *load_style(void *arg)
{
	struct style_job *j = arg;
	double cpu = seconds(CLOCK_THREAD_CPUTIME_ID);
	j->t = html_templates_load(j->tdir, &j->d);
	j->style = pdf_style_load(j->style_path, &j->d);
	if (j->fonts && j->style)
		pdf_style_load_fonts(j->style, &j->font_d);
	j->cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
	return NULL;
}

/* The warnings each report's expansion found (figures the data contradicts, gen/figures.c). */
static void take_warnings(struct site *site, struct diags *w)
{
	for (size_t i = 0; site && i < site->n_reports; i++)
		diag_move(w, &site->reports[i].warnings);
}

int build_run(const struct build_options *o, struct diags *errors, struct diags *warnings_out)
{
	bool write = o->write;
	struct diags d = {0}, warnings = {0};
	double t0 = seconds(CLOCK_MONOTONIC), cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	char *tdir = o->templates ? xstrdup(o->templates) : build_default_dir(o->content, "templates");
	char *adir = o->assets ? xstrdup(o->assets) : build_default_dir(o->content, "assets");
	char *style_path = path_join(tdir, "page-style.yaml");
	/* A build takes over from the last one (OUT/.baocao-model, gen/load/reuse.c) the
	 * expansion of every report whose inputs are unchanged; a check parses everything. */
	struct digest program;
	bool have_program = write && program_digest(&program);
	struct model_cache *mc = have_program ? read_model_cache(o->out) : NULL;
	struct load_options lo = {.jobs = o->jobs, .program = have_program ? &program : NULL,
				  .cache = mc, .drafts = o->drafts, .warnings = &warnings};
	/* the faces too when there is no last build to reuse PDFs from, and for check, which
	 * lays every report out (pdf_check_pages) */
	struct style_job job = {.tdir = tdir, .style_path = style_path, .fonts = !write || !mc};
	pthread_t style_thread;
	bool threaded = pthread_create(&style_thread, NULL, load_style, &job) == 0;
	if (!threaded)
		load_style(&job);
	struct site *site = site_load_with(o->content, &lo, &d);
	model_cache_free(mc);
	take_warnings(site, &warnings);
	double t_load = seconds(CLOCK_MONOTONIC);
	if (threaded)
		pthread_join(style_thread, NULL);
	diag_move(&d, &job.d);
	diag_free(&job.font_d);
	struct html_templates *t = job.t;
	struct pdf_style *style = job.style;
	double t_style = seconds(CLOCK_MONOTONIC), t_render = t_style, t_assets = t_style;
	/* check: what build's render would refuse before it draws (pdf_check_text, which build
	 * runs in render) */
	if (site && style && d.n == 0 && !write && pdf_check_text(style, site, o->jobs, &d) == 0)
		pdf_check_pages(style, site, o->jobs, &d);
	/* warnings are found while loading (the content's own checks); under --strict they stop
	 * the build before anything is published */
	if (site && t && style && d.n == 0 && !(o->strict && warnings.n) && write) {
		struct publish p;
		const struct publish_input inputs[] = {
			{o->content, "--content"}, {tdir, "--templates"}, {adir, "--assets"}};
		if (publish_begin(&p, o->out, inputs, 3, o->scratch_out, &d) == 0) {
			render(site, t, style, &p, have_program ? &program : NULL, tdir, o->jobs,
			       o->timing, &d);
			t_render = seconds(CLOCK_MONOTONIC);
			char *assets_out = path_join(p.staging, "assets");
			struct stat st;
			if (d.n == 0 && stat(adir, &st) == 0)
				copy_tree(adir, assets_out, &d);
			free(assets_out);
			t_assets = seconds(CLOCK_MONOTONIC);
			char *model = path_join(p.staging, MODEL_CACHE);
			if (d.n == 0 && have_program && model_cache_write(site, model) != 0)
				diag_add(&d, model, 1, 1, "cannot write: %s", strerror(errno));
			free(model);
			if (d.n == 0)
				publish_commit(&p, &d);
			else
				publish_abort(&p);
		}
		publish_end(&p);
	}
	take_warnings(site, &warnings); /* of bodies parsed to render (none: see expand.c) */
	if (o->timing) {
		double t_end = seconds(CLOCK_MONOTONIC);
		fprintf(o->timing,
			"baocao timing: load %.1f ms (%zu reports); then waiting for the templates, "
			"page style and faces %.1f ms (their reading took %.1f ms of CPU); render %.1f "
			"ms; assets %.1f ms; publish %.1f ms\n",
			(t_load - t0) * 1e3, site ? site->n_reports : 0, (t_style - t_load) * 1e3,
			job.cpu * 1e3,
			(t_render - t_style) * 1e3, (t_assets - t_render) * 1e3,
			(t_end - t_assets) * 1e3);
		fprintf(o->timing, "baocao timing: total %.1f ms (cpu %.1f ms)\n", (t_end - t0) * 1e3,
			(seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0) * 1e3);
	}
	pdf_style_free(style);
	html_templates_free(t);
	site_free(site);
	free(style_path);
	free(tdir);
	free(adir);
	int rc = d.n || (o->strict && warnings.n) ? 1 : 0;
	diag_move(errors, &d);
	diag_move(warnings_out, &warnings);
	return rc;
}
