/* watch.h — the folders `serve` rebuilds from (content, templates, assets), watched with
 * inotify: every folder in them, those made later included (each change looks for new
 * ones), whatever way a file is saved (written in place, or written aside and renamed into
 * place, as many editors do). Editors' own files (swap, backup, lock files) are not changes. */
#ifndef BAOCAO_SERVE_WATCH_H
#define BAOCAO_SERVE_WATCH_H

#include <stdbool.h>

#include "../diag.h"

struct watch;

/* A watch of nothing yet; NULL (errno set) if inotify cannot be had. */
struct watch *watch_open(void);
/* The descriptor to poll for reading. */
int watch_fd(const struct watch *w);
/* Watches the folder root and every folder in it (but those whose name starts with '.').
 * A folder it cannot watch is an error in d (the inotify limit:
 * /proc/sys/fs/inotify/max_user_watches); a root that does not exist is not. */
void watch_add(struct watch *w, const char *root, struct diags *d);
/* Reads what happened; true if some file the build reads may have changed. New folders are
 * watched at once (errors in d). */
bool watch_read(struct watch *w, struct diags *d);
void watch_close(struct watch *w);

/* Whether a file name is an editor's own (Vim's .swp and 4913, Emacs's #…# and .#…, a
 * backup~, LibreOffice's .~lock…#, Office's ~$…, a .tmp written before a rename). */
bool watch_ignored(const char *name);

#endif
