/* reuse.c — the model cache: a rebuild does not parse and expand the body of a report whose
 * expansion would come out as last time.
 *
 * The expansion of report i (gen/expand.c) reads only: its folder (report.md and the tables
 * it inserts, which must lie inside the folder), the indicator catalogue, and the values of
 * reports 0..i (deltas, .prev and charts look back). Its results that outlive it are the
 * tree, which only the renderers read, and two small things the caches need: `inputs` (a
 * digest of report.md and the tables) and `uses` (which values it shows). So the model key
 * of a report digests all of those inputs, with the program itself; when it equals the key
 * the last published build wrote in OUT/.baocao-model, `inputs` and `uses` are taken from
 * there and the body is left unparsed (the report's errors, none then, would be the same
 * too). A renderer that must make something from the body gets it parsed first
 * (site_load_bodies). When in doubt a thing goes into the key: a wrong key serves a stale
 * page. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util.h"
#include "load.h"

#define MODEL_HEADER "baocao-model 2\n"
/* A report folder bigger than this is not digested: its body is always parsed. */
#define FOLDER_MAX_BYTES ((size_t)64 << 20)

struct model_entry {
	char month[16];
	char key[33];
	struct digest inputs;
	char *uses; /* one digit a indicator */
	char *images; /* the images' names, each after a space, escaped (put_name) */
};

struct model_cache {
	struct model_entry *v;
	size_t n;
};

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every entry of a folder tree, in name order: its name, its kind, and a regular file's
 * bytes (symbolic links: the link's text, not followed). False if it cannot all be read. */
static bool digest_tree(struct digest *h, const char *dir, const char *rel, size_t *budget)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return false;
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *e; (e = readdir(dp));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof *names, name_cmp);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		char *path = path_join(dir, names[i]);
		char *sub = rel[0] ? path_join(rel, names[i]) : xstrdup(names[i]);
		struct stat st;
		digest_str(h, sub);
		if (ok && lstat(path, &st) != 0) {
			ok = false;
		} else if (ok && S_ISDIR(st.st_mode)) {
			digest_str(h, "/");
			ok = digest_tree(h, path, sub, budget);
		} else if (ok && S_ISLNK(st.st_mode)) {
			char target[4096];
			ssize_t k = readlink(path, target, sizeof target - 1);
			ok = k >= 0;
			target[k > 0 ? k : 0] = 0;
			digest_str(h, "->");
			digest_str(h, target);
		} else if (ok && S_ISREG(st.st_mode)) {
			size_t len;
			char *bytes = (size_t)st.st_size <= *budget
					      ? read_file(path, *budget, &len)
					      : NULL;
			ok = bytes != NULL;
			if (ok) {
				*budget -= len;
				digest_u64(h, len);
				digest_add(h, bytes, len);
			}
			free(bytes);
		} else if (ok) {
			digest_str(h, "?"); /* a device or a pipe: never read */
		}
		free(path);
		free(sub);
		free(names[i]);
	}
	free(names);
	return ok;
}

bool digest_folder(struct digest *h, const char *dir, size_t max_bytes)
{
	return digest_tree(h, dir, "", &max_bytes);
}

/* One report's values: what the later reports' expansions read of it too. */
static void digest_values(struct digest *h, const struct site *s, const struct report *r)
{
	digest_str(h, r->month);
	digest_u64(h, !r->draft || s->drafts); /* an unpublished report's values are not shown */
	for (size_t k = 0; k < s->n_indicators; k++) {
		const struct value *v = &r->values[k];
		digest_u64(h, v->present);
		digest_u64(h, (uint64_t)v->number.mant);
		digest_u64(h, (uint64_t)v->number.scale);
		digest_u64(h, (uint64_t)(int64_t)v->line);
		digest_str(h, v->note ? v->note : "");
	}
}

/* Each report's folder, digested on its own thread: the bulk of the work, reading files. */
struct folder_job {
	const struct site *s;
	struct digest *h;
	bool *ok;
};

static void digest_one_folder(void *ctx, size_t i)
{
	struct folder_job *j = ctx;
	size_t budget = FOLDER_MAX_BYTES;
	digest_init(&j->h[i]);
	j->ok[i] = digest_tree(&j->h[i], j->s->reports[i].dir, "", &budget);
}

void model_keys(struct site *s, const struct digest *program, int jobs)
{
	struct folder_job j = {s, xcalloc(s->n_reports + 1, sizeof *j.h),
			       xcalloc(s->n_reports + 1, sizeof *j.ok)};
	parallel_for(s->n_reports, jobs, digest_one_folder, &j);
	struct digest base;
	digest_init(&base);
	digest_str(&base, "baocao model " BAOCAO_VERSION);
	digest_u64(&base, program->a);
	digest_u64(&base, program->b);
	digest_site_settings(&base, s);
	digest_catalogue(&base, s);
	/* the values of reports 0..i, as a chain: one pass over all reports */
	struct digest chain = base;
	for (size_t i = 0; i < s->n_reports; i++) {
		struct report *r = &s->reports[i];
		if (r->values)
			digest_values(&chain, s, r);
		struct digest h = chain;
		digest_str(&h, r->month);
		digest_str(&h, r->slug);
		digest_u64(&h, j.h[i].a);
		digest_u64(&h, j.h[i].b);
		if (r->values && j.ok[i])
			digest_hex(&h, r->model_key);
		else
			r->model_key[0] = 0; /* never matches: the body is parsed */
	}
	free(j.h);
	free(j.ok);
}

struct model_cache *model_cache_read(const char *path)
{
	size_t len;
	char *text = read_file(path, (size_t)64 << 20, &len);
	if (!text)
		return NULL;
	struct model_cache *mc = xcalloc(1, sizeof *mc);
	if (strncmp(text, MODEL_HEADER, strlen(MODEL_HEADER)) == 0) {
		char *line = text + strlen(MODEL_HEADER);
		for (char *end; (end = strchr(line, '\n')); line = end + 1) {
			*end = 0;
			struct model_entry e = {0};
			unsigned long long a, b;
			int uses_at = 0;
			if (sscanf(line, "%15s %32s %16llx%16llx %n", e.month, e.key, &a, &b,
				   &uses_at) != 4 ||
			    strlen(e.key) != 32 || uses_at == 0)
				continue;
			e.inputs.a = a;
			e.inputs.b = b;
			char *sp = strchr(line + uses_at, ' ');
			e.images = xstrdup(sp ? sp : "");
			if (sp)
				*sp = 0;
			e.uses = xstrdup(line + uses_at);
			mc->v = xrealloc(mc->v, (mc->n + 1) * sizeof *mc->v);
			mc->v[mc->n++] = e;
		}
	}
	free(text);
	return mc;
}

void model_cache_free(struct model_cache *mc)
{
	if (!mc)
		return;
	for (size_t i = 0; i < mc->n; i++) {
		free(mc->v[i].uses);
		free(mc->v[i].images);
	}
	free(mc->v);
	free(mc);
}

bool model_cache_take(const struct model_cache *mc, const struct site *s, struct report *r)
{
	if (!mc || !r->model_key[0])
		return false;
	for (size_t i = 0; i < mc->n; i++) {
		const struct model_entry *e = &mc->v[i];
		if (strcmp(e->month, r->month) != 0)
			continue;
		if (strcmp(e->key, r->model_key) != 0 || strlen(e->uses) != s->n_indicators)
			return false;
		r->inputs = e->inputs;
		free(r->uses);
		r->uses = xcalloc(s->n_indicators ? s->n_indicators : 1, 1);
		for (size_t k = 0; k < s->n_indicators; k++)
			r->uses[k] = (unsigned char)(e->uses[k] - '0');
		/* the images' names: " a.png b%20c.jpg" */
		for (const char *p = e->images; *p == ' ';) {
			p++;
			size_t n = strcspn(p, " ");
			struct buf b;
			buf_init(&b);
			for (size_t k = 0; k < n; k++) {
				unsigned v;
				if (p[k] == '%' && k + 2 < n + 1 && sscanf(p + k + 1, "%2x", &v) == 1) {
					buf_putc(&b, (char)v);
					k += 2;
				} else {
					buf_putc(&b, p[k]);
				}
			}
			r->images = xrealloc(r->images, (r->n_images + 1) * sizeof(char *));
			r->images[r->n_images++] = buf_detach_free(&b);
			p += n;
		}
		r->body_skipped = true;
		return true;
	}
	return false;
}

int model_cache_write(const struct site *s, const char *path)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, MODEL_HEADER);
	for (size_t i = 0; i < s->n_reports; i++) {
		const struct report *r = &s->reports[i];
		if (!r->model_key[0] || !r->uses || r->body_warned)
			continue;
		buf_printf(&b, "%s %s %016llx%016llx ", r->month, r->model_key,
			   (unsigned long long)r->inputs.a, (unsigned long long)r->inputs.b);
		for (size_t k = 0; k < s->n_indicators; k++)
			buf_putc(&b, (char)('0' + (r->uses[k] & 3)));
		for (size_t k = 0; k < r->n_images; k++) { /* a space, '%' and controls escaped */
			buf_putc(&b, ' ');
			for (const char *p = r->images[k]; *p; p++)
				if ((unsigned char)*p <= ' ' || *p == '%')
					buf_printf(&b, "%%%02X", (unsigned char)*p);
				else
					buf_putc(&b, *p);
		}
		buf_putc(&b, '\n');
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc = fd >= 0 && write_all(fd, b.s, b.len) == 0 ? 0 : -1;
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	int e = errno;
	buf_free(&b);
	errno = e;
	return rc;
}
