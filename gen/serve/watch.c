#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util.h"

/* Writes in place (close after writing; a write seen before the close is debounced by the
 * caller), renames into place and out of it, new and removed files and folders, and the
 * watched folder itself moved or removed. */
#define MASK                                                                                  \
	(IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |      \
	 IN_DELETE_SELF | IN_MOVE_SELF)

/* Deep enough for any content folder; a loop of bind mounts cannot recurse for ever. */
#define MAX_DEPTH 16

struct watch {
	int fd;
	char **roots;
	size_t n_roots;
};

struct watch *watch_open(void)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct watch *w = xcalloc(1, sizeof *w);
	w->fd = fd;
	return w;
}

int watch_fd(const struct watch *w)
{
	return w->fd;
}

bool watch_ignored(const char *name)
{
	size_t n = strlen(name);
	static const char *endings[] = {"~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload"};
	if (n == 0)
		return false;
	if (name[0] == '.' || name[0] == '#' || strncmp(name, "~$", 2) == 0 ||
	    strcmp(name, "4913") == 0)
		return true;
	for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
		size_t k = strlen(endings[i]);
		if (n >= k && strcmp(name + n - k, endings[i]) == 0)
			return true;
	}
	return false;
}

/* Watches dir and the folders in it. Adding a watch to a folder already watched is
 * harmless (inotify returns the same one), so a new scan of everything finds the folders
 * made since without keeping a list. */
static void add_tree(struct watch *w, const char *dir, int depth, bool root, struct diags *d)
{
	if (inotify_add_watch(w->fd, dir, MASK | (root ? 0 : IN_DONT_FOLLOW) | IN_ONLYDIR) < 0) {
		if (errno == ENOSPC)
			diag_add(d, dir, 0, 0,
				 "cannot watch this folder: the system's limit of watched folders "
				 "is reached (/proc/sys/fs/inotify/max_user_watches)");
		else if (errno != ENOENT && errno != ENOTDIR)
			diag_add(d, dir, 0, 0, "cannot watch this folder: %s", strerror(errno));
		return;
	}
	if (depth >= MAX_DEPTH)
		return;
	DIR *dh = opendir(dir);
	if (!dh)
		return;
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (e->d_name[0] == '.')
			continue;
		char *sub = path_join(dir, e->d_name);
		struct stat st;
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			add_tree(w, sub, depth + 1, false, d);
		free(sub);
	}
	closedir(dh);
}

void watch_add(struct watch *w, const char *root, struct diags *d)
{
	w->roots = xrealloc(w->roots, (w->n_roots + 1) * sizeof *w->roots);
	w->roots[w->n_roots++] = xstrdup(root);
	add_tree(w, root, 0, true, d);
}

bool watch_read(struct watch *w, struct diags *d)
{
	bool changed = false, rescan = false;
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof buf);
		if (n <= 0)
			break;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *e = (const struct inotify_event *)p;
			p += sizeof *e + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				changed = rescan = true; /* events were lost: anything may have changed */
				continue;
			}
			if (e->mask & IN_IGNORED)
				continue; /* a watch went with its folder */
			if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
				changed = rescan = true; /* a watched folder went: perhaps a root */
				continue;
			}
			if (e->len && watch_ignored(e->name))
				continue;
			changed = true;
			if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO)))
				rescan = true;
		}
	}
	if (rescan)
		for (size_t i = 0; i < w->n_roots; i++)
			add_tree(w, w->roots[i], 0, true, d);
	return changed;
}

void watch_close(struct watch *w)
{
	if (!w)
		return;
	close(w->fd);
	for (size_t i = 0; i < w->n_roots; i++)
		free(w->roots[i]);
	free(w->roots);
	free(w);
}
