/* util.h — allocation that cannot return NULL (out of memory aborts: there is no useful
 * recovery for a batch tool), and a growing string buffer with a hard cap. */
#ifndef BAOCAO_UTIL_H
#define BAOCAO_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;
char *xvasprintf(const char *fmt, va_list ap);

/* A growing buffer. s is never NULL after buf_init; len excludes the NUL. Appends past
 * `cap` bytes fail (return false) and leave the buffer as it was. */
struct buf {
	char *s;
	size_t len, alloc, cap;
};

#define BUF_DEFAULT_CAP ((size_t)256 << 20)

void buf_init(struct buf *b);
bool buf_put(struct buf *b, const char *s, size_t n);
bool buf_puts(struct buf *b, const char *s);
bool buf_putc(struct buf *b, char c);
bool buf_printf(struct buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
char *buf_detach(struct buf *b); /* the string, owned by the caller; b is reset */
char *buf_detach_free(struct buf *b); /* the string, owned by the caller; b is freed */
void buf_free(struct buf *b);

/* Calls fn(ctx, i) for every i in [0, n) on up to `jobs` threads (the caller's one of them)
 * and returns, with the number of threads used, when all calls have returned. Indexes are
 * handed out in order. */
int parallel_for(size_t n, int jobs, void (*fn)(void *ctx, size_t i), void *ctx);

/* Reads a whole regular file (at most max bytes). Returns NULL and sets errno on failure:
 * the system's, or EFBIG (over max), EISDIR (a folder), ENODEV (a named pipe, a device or a
 * socket: never read from, a pipe would block forever), ENOLINK (a symbolic link to nothing).
 * diag_read_error (diag.h) says each in words. */
char *read_file(const char *path, size_t max, size_t *len);

/* A new file written through a buffer of `cap` bytes: unlinked first (never a write through
 * a hard link to a published file), then created. The first error is kept and the rest of
 * the writes skipped; file_sink_close returns it (an errno, 0 when all went well) and frees
 * the sink. */
struct file_sink {
	int fd;
	int error;
	size_t n, cap;
	unsigned char *buf;
};
struct file_sink *file_sink_open(const char *path, size_t cap);
void file_sink_put(struct file_sink *s, const void *data, size_t len);
int file_sink_close(struct file_sink *s);

/* Writes all n bytes (a write cut short is continued); -1 with errno, ENOSPC for a write
 * that wrote nothing and said nothing. */
int write_all(int fd, const void *data, size_t n);

/* Joins two path parts with one '/'. */
char *path_join(const char *a, const char *b);

#endif
