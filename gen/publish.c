#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "i18n.h"
#include "util.h"

/* A folder baocao made has this file, so that `--out ~` can never wipe a home folder. */
#define MARKER ".baocao"
/* The keys of the generated files kept for the next build (publish_reuse). */
#define CACHE ".baocao-cache"
#define CACHE_HEADER "baocao-cache 1\n"

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

/* A copy of the regular file `from` (nothing else is opened for reading: a named pipe would
 * block) at `to`; with errno, -1 when `from` could not be read, -2 when `to` not written. */
static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY);
	if (in < 0)
		return -1;
	struct stat st;
	int e = fstat(in, &st) != 0 ? errno : S_ISREG(st.st_mode) ? 0 : ENODEV;
	if (e) {
		close(in);
		errno = e;
		return -1;
	}
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		e = errno;
		close(in);
		errno = e;
		return -2;
	}
	char buf[1 << 16];
	ssize_t n;
	int rc = 0;
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write_all(out, buf, (size_t)n) != 0) {
			rc = n < 0 ? -1 : -2;
			break;
		}
	}
	e = errno;
	close(in);
	if (close(out) != 0 && rc == 0) {
		rc = -2;
		e = errno;
	}
	errno = e;
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
			diag_read_error(d, a, errno, 0);
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc |= copy_tree(a, b, d);
		} else if (S_ISREG(st.st_mode)) {
			int c = copy_file(a, b);
			if (c == -1)
				diag_read_error(d, a, errno, 0);
			else if (c == -2)
				diag_add(d, b, 1, 1, "cannot write: %s", strerror(errno));
			rc |= c;
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

/* Whether name is one of the entries a build writes at the top of the site (html/site.c,
 * html/data.c, html/search.c, this file): anything else there was put by someone else. */
static bool ours(const char *name)
{
	static const char *const made[] = {"index.html", "feed.xml",	"sitemap.xml",
					   "robots.txt", "search-index.js", "assets",
					   "data",	 "chi-so"};
	if (strncmp(name, MARKER, strlen(MARKER)) == 0)
		return true;
	for (size_t i = 0; i < sizeof made / sizeof *made; i++)
		if (strcmp(name, made[i]) == 0)
			return true;
	int y, m, k = 0;
	return sscanf(name, "%4d-%2d%n", &y, &m, &k) == 2 && k == 7 && !name[k];
}

/* The entries of an earlier build's folder that it did not make (a .git of a site kept in
 * git, a CNAME, a README): each an error, as the swap would delete them with the folder.
 * Returns their count. */
static size_t foreign_entries(const char *out, struct diags *d)
{
	DIR *dh = opendir(out);
	if (!dh)
		return 0;
	size_t n = 0;
	for (struct dirent *e; (e = readdir(dh));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || ours(e->d_name))
			continue;
		char *path = path_join(out, e->d_name);
		diag_add(d, path, 1, 1,
			 "not made by baocao: a build replaces %s whole and would delete it; move it "
			 "out of that folder (a site kept in git: build into another folder and copy "
			 "the site in)",
			 out);
		free(path);
		n++;
	}
	closedir(dh);
	return n;
}

static void read_cache(struct publish *p);

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* Locks the file `lock` (made if missing); errno EWOULDBLOCK: another build holds it. The
 * build that holds it unlinks it when done, so a lock taken on a file that is no longer the
 * one at that name is worth nothing: then take the new one. Only a build that holds the lock
 * keeps lock_fd (publish_end unlinks the file). */
static int take_lock(struct publish *p, const char *lock)
{
	for (int tries = 0; tries < 100; tries++) {
		p->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (p->lock_fd < 0)
			return -1;
		if (flock(p->lock_fd, LOCK_EX | LOCK_NB) != 0) {
			int e = errno;
			close(p->lock_fd);
			p->lock_fd = -1;
			errno = e;
			return -1;
		}
		struct stat held, named;
		if (fstat(p->lock_fd, &held) == 0 && stat(lock, &named) == 0 &&
		    held.st_dev == named.st_dev && held.st_ino == named.st_ino)
			return 0;
		close(p->lock_fd);
		p->lock_fd = -1;
	}
	errno = EAGAIN;
	return -1;
}

static bool has_marker(const char *dir)
{
	char *marker = path_join(dir, MARKER);
	bool ours = access(marker, F_OK) == 0;
	free(marker);
	return ours;
}

char *publish_last_file(const char *out, const char *name)
{
	return has_marker(out) ? path_join(out, name) : NULL;
}

/* The absolute path `path` names once its links are followed; the part that does not exist
 * yet is taken as written (".." and "." resolved on the way). */
static char *resolved(const char *path)
{
	char buf[PATH_MAX];
	if (realpath(path, buf))
		return xstrdup(buf);
	if (strcmp(path, ".") == 0 || strcmp(path, "/") == 0)
		return xstrdup(path); /* the working folder is gone: as written */
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	const char *slash = NULL;
	for (size_t i = n; i-- > 0;)
		if (path[i] == '/') {
			slash = path + i;
			break;
		}
	char *parent = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
			     : xstrdup(".");
	char *name = slash ? xstrndup(slash + 1, n - (size_t)(slash + 1 - path)) : xstrndup(path, n);
	char *up = resolved(parent), *r;
	if (strcmp(name, ".") == 0 || !*name) {
		r = up;
	} else if (strcmp(name, "..") == 0) {
		char *s = strrchr(up, '/');
		if (s)
			*(s == up ? s + 1 : s) = 0;
		r = up;
	} else {
		r = path_join(up, name);
		free(up);
	}
	free(parent);
	free(name);
	return r;
}

/* a is b, or inside it (both resolved) */
static bool within(const char *a, const char *b)
{
	size_t n = strlen(b);
	if (n == 1 && b[0] == '/')
		return true;
	return strncmp(a, b, n) == 0 && (a[n] == 0 || a[n] == '/');
}

/* Nothing a build reads may be inside a folder it replaces or removes (the content would go
 * with the old site), nor the output inside a folder it reads. */
static int check_inputs(const struct publish *p, const struct publish_input *in, size_t n_in,
			struct diags *d)
{
	const char *ours[] = {p->out, p->staging, p->old};
	char *mine[3];
	for (int k = 0; k < 3; k++)
		mine[k] = resolved(ours[k]);
	int rc = 0;
	for (size_t i = 0; i < n_in; i++) {
		if (!in[i].path)
			continue;
		char *r = resolved(in[i].path);
		for (int k = 0; k < 3; k++)
			if (within(r, mine[k])) {
				diag_add(d, in[i].path, 1, 1,
					 "the %s folder is inside %s, which a build replaces or removes "
					 "whole: keep it outside, or choose another --out",
					 in[i].option, ours[k]);
				rc = -1;
				break;
			}
		if (rc == 0 && within(mine[0], r)) {
			diag_add(d, p->out, 1, 1,
				 "the output folder is inside the %s folder %s: choose an --out outside "
				 "it",
				 in[i].option, in[i].path);
			rc = -1;
		}
		free(r);
	}
	for (int k = 0; k < 3; k++)
		free(mine[k]);
	return rc;
}

/* The folder a symbolic link `out` stands for: the link stays, its target is replaced. */
static char *link_target(const char *out)
{
	struct stat st;
	if (lstat(out, &st) != 0 || !S_ISLNK(st.st_mode))
		return NULL;
	char buf[PATH_MAX];
	if (realpath(out, buf))
		return xstrdup(buf);
	/* a link to a folder not made yet: where the link's text says */
	ssize_t k = readlink(out, buf, sizeof buf - 1);
	if (k <= 0)
		return NULL;
	buf[k] = 0;
	if (buf[0] == '/')
		return resolved(buf);
	char *dir = xstrdup(out), *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = 0;
	char *joined = path_join(slash ? dir : ".", buf), *r = resolved(joined);
	free(joined);
	free(dir);
	return r;
}

int publish_begin(struct publish *p, const char *out, const struct publish_input *inputs,
		  size_t n_inputs, bool scratch, struct diags *d)
{
	memset(p, 0, sizeof *p);
	p->lock_fd = -1;
	size_t n = strlen(out);
	while (n > 1 && out[n - 1] == '/')
		n--;
	char *given = xstrndup(out, n);
	p->out = link_target(given);
	if (p->out)
		free(given);
	else
		p->out = given;
	p->staging = xasprintf("%s.baocao-staging", p->out);
	p->old = xasprintf("%s.baocao-old", p->out);
	if (check_inputs(p, inputs, n_inputs, d) != 0)
		return -1;
	if (is_dir(p->out)) {
		if (!has_marker(p->out) && !is_empty_dir(p->out)) {
			diag_add(d, p->out, 1, 1,
				 "refusing to replace a folder baocao did not make (it has no %s "
				 "file); choose another --out",
				 MARKER);
			return -1;
		}
		if (!scratch && foreign_entries(p->out, d))
			return -1;
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
	if (take_lock(p, lock) != 0) {
		diag_add(d, lock, 1, 1, "%s",
			 errno == EWOULDBLOCK ? _("another build is publishing here") : strerror(errno));
		free(lock);
		return -1;
	}
	free(lock);
	/* A build killed between the two renames of the fallback swap (publish_commit) left
	 * no out but the whole previous site as old: put it back first. */
	if (!exists(p->out) && is_dir(p->old) && has_marker(p->old))
		rename(p->old, p->out);
	/* debris of a build that was killed */
	const char *debris[] = {p->staging, p->old};
	for (int k = 0; k < 2; k++)
		if (remove_tree(debris[k]) != 0) {
			diag_add(d, debris[k], 1, 1,
				 "cannot remove an earlier build's folder: %s (remove it, or make it "
				 "writable)",
				 strerror(errno));
			return -1;
		}
	if (mkdir(p->staging, 0755) != 0) {
		diag_add(d, p->staging, 1, 1, "cannot make the staging folder: %s", strerror(errno));
		return -1;
	}
	char *marker = path_join(p->staging, MARKER);
	static const char text[] = "Made by baocao. The whole folder is replaced by each build.\n";
	int fd = open(marker, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write_all(fd, text, sizeof text - 1) != 0 || close(fd) != 0) {
		diag_add(d, marker, 1, 1, "cannot write: %s", strerror(errno));
		free(marker);
		publish_abort(p);
		return -1;
	}
	free(marker);
	read_cache(p);
	return 0;
}

/* ---- the cache of generated files ---- */

static void entries_free(struct cache_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].rel);
	free(v);
}

/* out/.baocao-cache: a header line, then "KEY SIZE TAIL REL" lines. A file that is missing
 * or not understood is an empty cache: everything is made again. */
static void read_cache(struct publish *p)
{
	char *path = path_join(p->out, CACHE);
	size_t len;
	char *text = read_file(path, (size_t)16 << 20, &len);
	free(path);
	if (!text)
		return;
	if (strncmp(text, CACHE_HEADER, strlen(CACHE_HEADER)) == 0) {
		char *line = text + strlen(CACHE_HEADER);
		while (*line) {
			char *end = strchr(line, '\n');
			if (!end)
				break;
			*end = 0;
			struct cache_entry e = {0};
			int rel_at = 0;
			if (sscanf(line, "%32s %lld %32s %n", e.key, &e.size, e.tail, &rel_at) == 3 &&
			    rel_at > 0 && line[rel_at] && strlen(e.key) == 32 && strlen(e.tail) == 32) {
				e.rel = xstrdup(line + rel_at);
				p->cached = xrealloc(p->cached, (p->n_cached + 1) * sizeof *p->cached);
				p->cached[p->n_cached++] = e;
			}
			line = end + 1;
		}
	}
	free(text);
}

/* A file is trusted as published if it still has its size and its digest: of the whole file
 * for a page, of its last 4 KiB for a PDF (where its cross-reference table is: any edit of
 * a PDF changes it, and the PDFs are most of the bytes). */
static bool digest_whole(const char *path)
{
	size_t n = strlen(path);
	return n < 4 || strcmp(path + n - 4, ".pdf") != 0;
}

/* The size of a regular file and its digest (above); -1 if it cannot be read. */
static long long file_tail(const char *path, char tail[33])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	struct stat st;
	long long size = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		char small[4096];
		bool whole = digest_whole(path) && st.st_size <= ((off_t)64 << 20);
		size_t want = whole ? (size_t)st.st_size
				    : (size_t)(st.st_size > (off_t)sizeof small ? sizeof small
										: (size_t)st.st_size);
		char *buf = want > sizeof small ? malloc(want) : small;
		off_t from = st.st_size - (off_t)want;
		ssize_t n = buf ? pread(fd, buf, want, from) : -1;
		if (n >= 0 && from + n == st.st_size) {
			struct digest h;
			digest_init(&h);
			digest_add(&h, buf, (size_t)n);
			digest_hex(&h, tail);
			size = (long long)st.st_size;
		}
		if (buf != small)
			free(buf);
	}
	close(fd);
	return size;
}

static struct cache_entry *cached_entry(struct publish *p, const char *rel)
{
	for (size_t i = 0; i < p->n_cached; i++)
		if (strcmp(p->cached[i].rel, rel) == 0)
			return &p->cached[i];
	return NULL;
}

bool publish_reuse(struct publish *p, const char *rel, const char *key)
{
	struct cache_entry *e = cached_entry(p, rel);
	if (!e || strcmp(e->key, key) != 0)
		return false;
	char *from = path_join(p->out, rel), *to = path_join(p->staging, rel);
	char tail[33];
	bool ok = file_tail(from, tail) == e->size && strcmp(tail, e->tail) == 0 &&
		  (link(from, to) == 0 || copy_file(from, to) == 0);
	if (!ok)
		unlink(to);
	e->linked = ok;
	free(from);
	free(to);
	return ok;
}

void publish_keep(struct publish *p, const char *rel, const char *key)
{
	struct cache_entry e = {0};
	/* a file linked from the last build is the one checked then: not read again */
	const struct cache_entry *was = cached_entry(p, rel);
	if (was && was->linked && strcmp(was->key, key) == 0)
		e = *was;
	e.rel = xstrdup(rel);
	memcpy(e.key, key, 32);
	p->kept = xrealloc(p->kept, (p->n_kept + 1) * sizeof *p->kept);
	p->kept[p->n_kept++] = e;
}

/* staging/.baocao-cache, listing the kept files as they are in the staging folder. */
static int write_cache(struct publish *p, struct diags *d)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, CACHE_HEADER);
	for (size_t i = 0; i < p->n_kept; i++) {
		struct cache_entry *e = &p->kept[i];
		if (!e->linked) {
			char *file = path_join(p->staging, e->rel);
			e->size = file_tail(file, e->tail);
			free(file);
		}
		if (e->size >= 0)
			buf_printf(&b, "%s %lld %s %s\n", e->key, e->size, e->tail, e->rel);
	}
	char *path = path_join(p->staging, CACHE);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc = fd >= 0 && write_all(fd, b.s, b.len) == 0 ? 0 : -1;
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (rc != 0) /* a cache written short would be taken for a whole one */
		diag_add(d, path, 1, 1, "cannot write: %s", strerror(errno));
	free(path);
	buf_free(&b);
	return rc;
}

static int sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* The first folder of the tree at dir that this user cannot empty (it is not writable, or
 * cannot be searched or listed: a site made read-only, or built by another user), with
 * errno, or NULL. Links are not followed. */
static char *unremovable(const char *dir)
{
	if (faccessat(AT_FDCWD, dir, W_OK | X_OK | R_OK, AT_EACCESS) != 0)
		return xstrdup(dir);
	DIR *dh = opendir(dir);
	if (!dh)
		return xstrdup(dir);
	char *bad = NULL;
	struct dirent *e;
	while (!bad && (e = readdir(dh))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		struct stat st;
		char *sub = path_join(dir, e->d_name);
		if ((e->d_type == DT_DIR || e->d_type == DT_UNKNOWN) && lstat(sub, &st) == 0 &&
		    S_ISDIR(st.st_mode))
			bad = unremovable(sub);
		free(sub);
	}
	int err = errno;
	closedir(dh);
	errno = err;
	return bad;
}

int publish_commit(struct publish *p, struct diags *d)
{
	int rc = 0;
	if (write_cache(p, d) != 0) {
		publish_abort(p);
		return -1;
	}
	/* Whatever replaces the old site must be able to remove it: checked before, so that a
	 * site this user cannot change (made read-only, built by another user) is an error now,
	 * with the old site still published, not a folder left beside it for ever. */
	char *bad = is_dir(p->out) ? unremovable(p->out) : NULL;
	if (bad) {
		diag_add(d, bad, 1, 1,
			 "cannot replace the published site: this folder of it cannot be changed "
			 "(%s); make it writable (chmod -R u+w %s) or build as its owner",
			 strerror(errno), p->out);
		free(bad);
		publish_abort(p);
		return -1;
	}
	/* the new site on disk before it is swapped in: one syncfs() of the staging folder's
	 * file system (fsync of each file and folder costs ten times more: docs/performance.md) */
	int fd = open(p->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || syncfs(fd) != 0) {
		diag_add(d, p->staging, 1, 1, "cannot write the new site to disk: %s",
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		publish_abort(p);
		return -1;
	}
	close(fd);
	bool swapped = false;
	if (is_dir(p->out)) {
		if (renameat2(AT_FDCWD, p->staging, AT_FDCWD, p->out, RENAME_EXCHANGE) == 0) {
			swapped = true;
			rename(p->staging, p->old); /* else it is removed as the staging folder */
		} else {
			/* filesystems without RENAME_EXCHANGE: two renames, a short gap */
			if (rename(p->out, p->old) != 0) {
				diag_add(d, p->out, 1, 1, "cannot publish: %s", strerror(errno));
				rc = -1;
			} else if (rename(p->staging, p->out) != 0) {
				diag_add(d, p->out, 1, 1, "cannot publish: %s", strerror(errno));
				rename(p->old, p->out);
				rc = -1;
			} else {
				swapped = true;
			}
		}
	} else if (rename(p->staging, p->out) != 0) {
		diag_add(d, p->out, 1, 1, "cannot publish: %s", strerror(errno));
		rc = -1;
	}
	char *parent = xstrdup(p->out);
	char *slash = strrchr(parent, '/');
	if (slash)
		*(slash == parent ? slash + 1 : slash) = 0;
	if (rc == 0 && sync_path(slash ? parent : ".") != 0) {
		diag_add(d, slash ? parent : ".", 1, 1, "cannot write the new site to disk: %s",
			 strerror(errno));
		rc = -1;
	}
	free(parent);
	/* the old site, swapped out: where it is now */
	const char *gone[] = {p->old, p->staging};
	for (int k = 0; k < 2; k++)
		if (remove_tree(gone[k]) != 0 && swapped)
			diag_add(d, gone[k], 1, 1,
				 "the new site is published, but the old one moved here cannot be "
				 "removed: %s (remove it; until then a build stops here)",
				 strerror(errno));
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
	entries_free(p->cached, p->n_cached);
	entries_free(p->kept, p->n_kept);
	memset(p, 0, sizeof *p);
	p->lock_fd = -1;
}
