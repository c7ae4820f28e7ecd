/* diag.h — errors located as path:line:col, collected so that `check` lists them all.
 * Library code adds to a struct diags and returns; only main.c prints. */
#ifndef BAOCAO_DIAG_H
#define BAOCAO_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct diag {
	char *path; /* as the user gave it */
	int line;   /* 1-based; 0 when the whole file is meant */
	int col;    /* 1-based, in characters; 0 when the whole line is meant */
	char *msg;
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

/* Appends all of src to dst and empties src. */
void diag_move(struct diags *dst, struct diags *src);

/* Sorts by path, line, col (stable), so parallel stages report in a fixed order. */
void diag_sort(struct diags *d);

/* "path:line:col: error: message\n" for each. */
void diag_print(const struct diags *d, FILE *out);

void diag_free(struct diags *d);

/* The 1-based character column of byte offset `off` in the line starting at `line`. */
int diag_column(const char *line, size_t off);

#endif
