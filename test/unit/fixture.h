/* fixture.h — writes a small content folder into a temporary directory for a test. */
#ifndef BAOCAO_TEST_FIXTURE_H
#define BAOCAO_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "publish.h"
#include "util.h"

struct file {
	const char *path, *text;
};

/* Makes a fresh folder and writes the files (NULL-terminated list) into it. */
static inline char *fixture(const struct file *files)
{
	char tmpl[] = "/tmp/baocao-test-XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (!dir)
		abort();
	for (const struct file *f = files; f->path; f++) {
		char *full = path_join(dir, f->path);
		char *slash = strrchr(full, '/');
		*slash = 0;
		make_dirs(full);
		*slash = '/';
		FILE *out = fopen(full, "w");
		if (!out)
			abort();
		fputs(f->text, out);
		fclose(out);
		free(full);
	}
	return xstrdup(dir);
}

/* Overwrites (or adds) one file of a fixture. */
static inline void fixture_write(const char *dir, const char *path, const char *text)
{
	char *full = path_join(dir, path);
	FILE *out = fopen(full, "w");
	if (out) {
		fputs(text, out);
		fclose(out);
	}
	free(full);
}

/* True when some error is at path suffix `file`, line, col and contains `phrase`. */
static inline int has_error(const struct diags *d, const char *file, int line, int col,
			    const char *phrase)
{
	for (size_t i = 0; i < d->n; i++) {
		size_t pl = strlen(d->v[i].path), fl = strlen(file);
		if (pl >= fl && strcmp(d->v[i].path + pl - fl, file) == 0 && d->v[i].line == line &&
		    (col == 0 || d->v[i].col == col) && strstr(d->v[i].msg, phrase))
			return 1;
	}
	printf("# wanted %s:%d:%d \"%s\"; have:\n", file, line, col, phrase);
	diag_print(d, stdout);
	return 0;
}

#endif
