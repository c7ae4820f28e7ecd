#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* A folder baocao made has this file, so that `--out ~` can never wipe a home folder. */
#define MARKER ".baocao"

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		return rmdir(path);
	return unlink(path);
}

int remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
}

int make_dirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0755) != 0 && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		close(in);
		return -1;
	}
	char buf[1 << 16];
	ssize_t n;
	int rc = 0;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			rc = -1;
			break;
		}
	if (n < 0)
		rc = -1;
	close(in);
	if (close(out) != 0)
		rc = -1;
	return rc;
}

int copy_tree(const char *from, const char *to, struct diags *d)
{
	if (make_dirs(to) != 0) {
		diag_add(d, to, 1, 1, "cannot make folder: %s", strerror(errno));
		return -1;
	}
	DIR *dh = opendir(from);
	if (!dh) {
		diag_add(d, from, 1, 1, "cannot read folder: %s", strerror(errno));
		return -1;
	}
	/* sorted, so that errors and work come in a fixed order */
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	while ((e = readdir(dh))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dh);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *a = path_join(from, names[i]), *b = path_join(to, names[i]);
		struct stat st;
		if (lstat(a, &st) != 0) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc |= copy_tree(a, b, d);
		} else if (S_ISREG(st.st_mode)) {
			if (copy_file(a, b) != 0) {
				diag_add(d, a, 1, 1, "cannot copy to %s: %s", b, strerror(errno));
				rc = -1;
			}
		} /* links and devices in assets/ are not published */
		free(a);
		free(b);
		free(names[i]);
	}
	free(names);
	return rc;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_empty_dir(const char *path)
{
	DIR *dh = opendir(path);
	if (!dh)
		return false;
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(dh)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(dh);
	return empty;
}

int publish_begin(struct publish *p, const char *out, struct diags *d)
{
	memset(p, 0, sizeof *p);
	p->lock_fd = -1;
	size_t n = strlen(out);
	while (n > 1 && out[n - 1] == '/')
		n--;
	p->out = xstrndup(out, n);
	p->staging = xasprintf("%s.baocao-staging", p->out);
	p->old = xasprintf("%s.baocao-old", p->out);
	if (is_dir(p->out)) {
		char *marker = path_join(p->out, MARKER);
		bool ours = access(marker, F_OK) == 0 || is_empty_dir(p->out);
		free(marker);
		if (!ours) {
			diag_add(d, p->out, 1, 1,
				 "refusing to replace a folder baocao did not make (it has no %s "
				 "file); choose another --out",
				 MARKER);
			return -1;
		}
	}
	/* the folder that will hold out, its staging folder and the lock */
	char *parent = xstrdup(p->out);
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = 0;
		if (make_dirs(parent) != 0) {
			diag_add(d, parent, 1, 1, "cannot make folder: %s", strerror(errno));
			free(parent);
			return -1;
		}
	}
	free(parent);
	char *lock = xasprintf("%s.baocao-lock", p->out);
	p->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (p->lock_fd < 0 || flock(p->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		diag_add(d, lock, 1, 1, "%s",
			 p->lock_fd < 0 ? strerror(errno) : "another build is publishing here");
		free(lock);
		return -1;
	}
	free(lock);
	/* debris of a build that was killed */
	if (remove_tree(p->staging) != 0 || remove_tree(p->old) != 0) {
		diag_add(d, p->staging, 1, 1, "cannot remove an earlier build's folder: %s",
			 strerror(errno));
		return -1;
	}
	if (mkdir(p->staging, 0755) != 0) {
		diag_add(d, p->staging, 1, 1, "cannot make the staging folder: %s", strerror(errno));
		return -1;
	}
	char *marker = path_join(p->staging, MARKER);
	FILE *f = fopen(marker, "w");
	if (f) {
		fputs("Made by baocao. The whole folder is replaced by each build.\n", f);
		fclose(f);
	}
	free(marker);
	return 0;
}

static void sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int publish_commit(struct publish *p, struct diags *d)
{
	int rc = 0;
	if (is_dir(p->out)) {
		if (renameat2(AT_FDCWD, p->staging, AT_FDCWD, p->out, RENAME_EXCHANGE) != 0) {
			/* filesystems without RENAME_EXCHANGE: two renames, a short gap */
			if (rename(p->out, p->old) != 0) {
				diag_add(d, p->out, 1, 1, "cannot publish: %s", strerror(errno));
				rc = -1;
			} else if (rename(p->staging, p->out) != 0) {
				diag_add(d, p->out, 1, 1, "cannot publish: %s", strerror(errno));
				rename(p->old, p->out);
				rc = -1;
			}
		} else if (rename(p->staging, p->old) != 0) {
			rc = 0; /* published; the old tree is removed by the next build */
		}
	} else if (rename(p->staging, p->out) != 0) {
		diag_add(d, p->out, 1, 1, "cannot publish: %s", strerror(errno));
		rc = -1;
	}
	char *parent = xstrdup(p->out);
	char *slash = strrchr(parent, '/');
	if (slash)
		*(slash == parent ? slash + 1 : slash) = 0;
	sync_path(slash ? parent : ".");
	free(parent);
	remove_tree(p->old);
	remove_tree(p->staging);
	return rc;
}

void publish_abort(struct publish *p)
{
	if (p->staging)
		remove_tree(p->staging);
}

void publish_end(struct publish *p)
{
	if (p->lock_fd >= 0) {
		char *lock = xasprintf("%s.baocao-lock", p->out);
		unlink(lock); /* still held: nobody else can have taken it meanwhile */
		free(lock);
		close(p->lock_fd);
	}
	free(p->out);
	free(p->staging);
	free(p->old);
	memset(p, 0, sizeof *p);
	p->lock_fd = -1;
}
