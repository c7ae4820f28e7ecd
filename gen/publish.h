/* publish.h — the output folder is replaced whole or not at all: a build writes into a
 * staging folder beside it and swaps it in with one atomic rename (RENAME_EXCHANGE), so a
 * failed or killed build leaves the published folder exactly as it was. */
#ifndef BAOCAO_PUBLISH_H
#define BAOCAO_PUBLISH_H

#include <stdbool.h>

#include "diag.h"

struct publish {
	char *out;     /* as the user gave it */
	char *staging; /* out + ".baocao-staging" */
	char *old;     /* out + ".baocao-old" */
	int lock_fd;
};

/* Takes the lock beside out, removes debris of earlier killed builds and makes an empty
 * staging folder. Refuses to replace an existing folder that baocao did not make. */
int publish_begin(struct publish *p, const char *out, struct diags *d);
/* Swaps the staging folder in as out; the previous out is removed. */
int publish_commit(struct publish *p, struct diags *d);
/* Removes the staging folder; out is untouched. */
void publish_abort(struct publish *p);
/* Releases the lock and the names. */
void publish_end(struct publish *p);

/* Copies a folder tree (regular files and folders; links are not followed). */
int copy_tree(const char *from, const char *to, struct diags *d);
/* Removes a folder tree (links are removed, not followed). */
int remove_tree(const char *path);
/* Makes every missing folder of a path. */
int make_dirs(const char *path);

#endif
