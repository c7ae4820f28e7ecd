#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(void)
{
	fputs("baocao: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	/* never NULL; says so to GCC 12, whose -fsanitize=undefined build otherwise warns of a
	 * "null format string" (an error under -Werror) */
	if (!fmt)
		fmt = "";
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void buf_init(struct buf *b)
{
	b->alloc = 64;
	b->s = xmalloc(b->alloc);
	b->s[0] = 0;
	b->len = 0;
	b->cap = BUF_DEFAULT_CAP;
}

bool buf_put(struct buf *b, const char *s, size_t n)
{
	if (n > b->cap || b->len > b->cap - n)
		return false;
	if (b->len + n + 1 > b->alloc) {
		size_t a = b->alloc;
		while (b->len + n + 1 > a)
			a *= 2;
		b->s = xrealloc(b->s, a);
		b->alloc = a;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
	return true;
}

bool buf_puts(struct buf *b, const char *s)
{
	return buf_put(b, s, strlen(s));
}

bool buf_putc(struct buf *b, char c)
{
	return buf_put(b, &c, 1);
}

bool buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	bool ok = buf_puts(b, p);
	free(p);
	return ok;
}

char *buf_detach(struct buf *b)
{
	char *s = b->s;
	buf_init(b);
	return s;
}

char *buf_detach_free(struct buf *b)
{
	char *s = b->s;
	b->s = NULL;
	b->len = b->alloc = 0;
	return s;
}

void buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->alloc = 0;
}

char *read_file(const char *path, size_t max, size_t *len)
{
	/* O_NONBLOCK: opening a named pipe waits for a writer otherwise; nothing but a regular
	 * file is read (a pipe would block forever, a device may never end) */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		struct stat lst;
		if (errno == ENOENT && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
			errno = ENOLINK;
		return NULL;
	}
	struct stat st;
	int e = fstat(fd, &st) != 0 ? errno : S_ISREG(st.st_mode) ? 0 : S_ISDIR(st.st_mode) ? EISDIR
									      : ENODEV;
	if (e) {
		close(fd);
		errno = e;
		return NULL;
	}
	if ((uintmax_t)st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	/* the size fstat gives, and more if the file grows meanwhile (up to max) */
	size_t alloc = (size_t)st.st_size + 2, n = 0; /* its bytes, the NUL, one to see the end */
	if (alloc < 4096)
		alloc = 4096;
	char *p = xmalloc(alloc);
	for (;;) {
		if (n + 1 >= alloc) {
			if (alloc > max) {
				free(p);
				close(fd);
				errno = EFBIG;
				return NULL;
			}
			alloc *= 2;
			p = xrealloc(p, alloc);
		}
		ssize_t r = read(fd, p + n, alloc - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			free(p);
			close(fd);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max) {
		free(p);
		errno = EFBIG;
		return NULL;
	}
	p[n] = 0;
	if (len)
		*len = n;
	return p;
}

int write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a);
	while (la > 1 && a[la - 1] == '/')
		la--;
	return xasprintf("%.*s/%s", (int)la, a, b);
}

struct pfor {
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	size_t n;
	atomic_size_t next;
};

static void *pfor_worker(void *arg)
{
	struct pfor *p = arg;
	for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
		p->fn(p->ctx, i);
	return NULL;
}

int parallel_for(size_t n, int jobs, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct pfor p = {.fn = fn, .ctx = ctx, .n = n};
	atomic_init(&p.next, 0);
	if ((size_t)jobs > n)
		jobs = (int)n;
	pthread_t *th = jobs > 1 ? xcalloc((size_t)jobs, sizeof *th) : NULL;
	int started = 0;
	for (int i = 1; i < jobs; i++, started++)
		if (pthread_create(&th[started], NULL, pfor_worker, &p) != 0)
			break; /* fewer threads: the work is still all done */
	pfor_worker(&p);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	return started + 1;
}

struct file_sink *file_sink_open(const char *path, size_t cap)
{
	struct file_sink *s = xmalloc(sizeof *s);
	unlink(path);
	s->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	s->error = s->fd < 0 ? errno : 0;
	s->n = 0;
	s->cap = cap;
	s->buf = xmalloc(cap);
	return s;
}

static void file_sink_flush(struct file_sink *s)
{
	for (size_t done = 0; done < s->n && !s->error;) {
		ssize_t w = write(s->fd, s->buf + done, s->n - done);
		if (w < 0 && errno != EINTR)
			s->error = errno;
		else if (w > 0)
			done += (size_t)w;
	}
	s->n = 0;
}

void file_sink_put(struct file_sink *s, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len > 0 && !s->error) {
		size_t k = s->cap - s->n < len ? s->cap - s->n : len;
		memcpy(s->buf + s->n, p, k);
		s->n += k, p += k, len -= k;
		if (s->n == s->cap)
			file_sink_flush(s);
	}
}

int file_sink_close(struct file_sink *s)
{
	file_sink_flush(s);
	if (s->fd >= 0 && close(s->fd) != 0 && !s->error)
		s->error = errno;
	int error = s->error;
	free(s->buf);
	free(s);
	return error;
}
