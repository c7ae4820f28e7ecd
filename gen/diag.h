/* diag.h — errors and warnings located as path:line:col, collected so that `check` lists
 * them all. Library code adds to a struct diags and returns; only main.c prints.
 *
 * Errors stop a build; warnings do not (unless --strict). They are kept in separate lists
 * (a stage that warns takes a second struct diags), so that "d->n == 0" keeps meaning "no
 * error" everywhere. Messages are translated (gettext, domain "baocao") when they are added:
 * a format given to diag_add or diag_warn is looked up in po/vi.po as it is written. */
#ifndef BAOCAO_DIAG_H
#define BAOCAO_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct diag {
	char *path; /* as the user gave it */
	int line;   /* 1-based; 0 when the whole file is meant */
	int col;    /* 1-based, in characters; 0 when the whole line is meant */
	char *msg;
	bool warning; /* printed as "warning:" (Vietnamese: "cảnh báo:") */
};

struct diags {
	struct diag *v;
	size_t n, cap;
};

#if defined(__GNUC__)
#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DIAG_PRINTF(a, b)
#endif

/* Adds an error. line/col 0 are printed as 1, so every error reads path:line:col. */
void diag_add(struct diags *d, const char *path, int line, int col, const char *fmt, ...)
	DIAG_PRINTF(5, 6);
void diag_vadd(struct diags *d, const char *path, int line, int col, const char *fmt,
	       va_list ap);

/* Adds a warning: the same as diag_add, printed as "warning:". */
void diag_warn(struct diags *d, const char *path, int line, int col, const char *fmt, ...)
	DIAG_PRINTF(5, 6);
void diag_vwarn(struct diags *d, const char *path, int line, int col, const char *fmt,
		va_list ap);

/* Appends all of src to dst and empties src. */
void diag_move(struct diags *dst, struct diags *src);

/* Sorts by path, line, col (stable), so parallel stages report in a fixed order. */
void diag_sort(struct diags *d);

/* "path:line:col: error: message\n" for each ("warning:" for a warning; both words
 * translated, as GCC does: "lỗi:", "cảnh báo:"). */
void diag_print(const struct diags *d, FILE *out);

void diag_free(struct diags *d);

/* The error of a file read_file (util.h) could not read, by its errno: "file larger than
 * MAX MiB", "is a folder, not a file", a named pipe, a device, a link to nothing or one
 * that loops, else "cannot read: " and the system's message. */
void diag_read_error(struct diags *d, const char *path, int err, size_t max);

/* The 1-based character column of byte offset `off` in the line starting at `line`. */
int diag_column(const char *line, size_t off);

#endif
