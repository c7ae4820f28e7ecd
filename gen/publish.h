/* publish.h — the output folder is replaced whole or not at all: a build writes into a
 * staging folder beside it and swaps it in with one atomic rename (RENAME_EXCHANGE), so a
 * failed or killed build leaves the published folder exactly as it was. */
#ifndef BAOCAO_PUBLISH_H
#define BAOCAO_PUBLISH_H

#include <stdbool.h>

#include "diag.h"

struct cache_entry {
	char *rel;     /* "2025-01/bao-cao-thang-01-2025.pdf" */
	char key[33];  /* what the file was made from (gen/pdf/cache.c) */
	long long size; /* the file as published: its size and a digest of its end */
	char tail[33];
	bool linked; /* size and tail were checked, and the file linked into the staging folder */
};

struct publish {
	char *out;     /* as the user gave it, or the folder a link given as out points to */
	char *staging; /* out + ".baocao-staging" */
	char *old;     /* out + ".baocao-old" */
	int lock_fd;
	/* the cache: what out/.baocao-cache says, and what the staging folder's will say */
	struct cache_entry *cached, *kept;
	size_t n_cached, n_kept;
};

/* The path of a file the last build left in out (a cache), or NULL when out is not a folder
 * baocao made (it has no marker file). */
char *publish_last_file(const char *out, const char *name);
/* A folder the build reads (the content, the templates, the assets), by the option that
 * names it ("--content"): it may not be inside out (every build replaces out whole, and
 * would take it along), nor out inside it. */
struct publish_input {
	const char *path;
	const char *option;
};

/* Takes the lock beside out, removes debris of earlier killed builds and makes an empty
 * staging folder. Refuses to replace an existing folder that baocao did not make, one that
 * holds anything an earlier build did not make (unless `scratch`: serve's private folder,
 * whose content nobody keeps), and an out that holds an input or is held by one. An out that
 * is a symbolic link stays one: the folder it points to is replaced (p->out names that
 * folder). */
int publish_begin(struct publish *p, const char *out, const struct publish_input *inputs,
		  size_t n_inputs, bool scratch, struct diags *d);
/* Swaps the staging folder in as out; the previous out is removed. */
int publish_commit(struct publish *p, struct diags *d);
/* Removes the staging folder; out is untouched. */
void publish_abort(struct publish *p);
/* Releases the lock and the names. */
void publish_end(struct publish *p);

/* The cache of generated files (the PDFs and the pages): out/.baocao-cache lists each with
 * the key of what it was made from. publish_reuse links out/rel into the staging folder when
 * it is listed with this key and is still the file published then (its size, and the digest
 * of the whole file, or of a PDF's last 4 KiB, where its cross-reference table is: any edit
 * of a PDF changes them); otherwise the caller makes it again. publish_keep records rel's key
 * for the next build's cache (written by publish_commit). The cache file holds nothing that
 * differs between two builds of the same content, so output trees stay byte-identical. */
bool publish_reuse(struct publish *p, const char *rel, const char *key);
void publish_keep(struct publish *p, const char *rel, const char *key);

/* Copies a folder tree (regular files and folders; links are not followed). */
int copy_tree(const char *from, const char *to, struct diags *d);
/* Removes a folder tree (links are removed, not followed). */
int remove_tree(const char *path);
/* Makes every missing folder of a path. */
int make_dirs(const char *path);

#endif
