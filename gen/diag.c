#include "diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "text.h"
#include "util.h"

static void add(struct diags *d, bool warning, const char *path, int line, int col,
		const char *fmt, va_list ap)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	struct diag *g = &d->v[d->n++];
	g->path = xstrdup(path ? path : "baocao");
	g->line = line > 0 ? line : 1;
	g->col = col > 0 ? col : 1;
	g->msg = xvasprintf(_(fmt), ap);
	g->warning = warning;
}

void diag_vadd(struct diags *d, const char *path, int line, int col, const char *fmt,
	       va_list ap)
{
	add(d, false, path, line, col, fmt, ap);
}

void diag_vwarn(struct diags *d, const char *path, int line, int col, const char *fmt,
		va_list ap)
{
	add(d, true, path, line, col, fmt, ap);
}

void diag_warn(struct diags *d, const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vwarn(d, path, line, col, fmt, ap);
	va_end(ap);
}

void diag_add(struct diags *d, const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, path, line, col, fmt, ap);
	va_end(ap);
}

void diag_move(struct diags *dst, struct diags *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (dst->n == dst->cap) {
			dst->cap = dst->cap ? 2 * dst->cap : 16;
			dst->v = xrealloc(dst->v, dst->cap * sizeof *dst->v);
		}
		dst->v[dst->n++] = src->v[i];
	}
	free(src->v);
	src->v = NULL;
	src->n = src->cap = 0;
}

static int diag_cmp(const struct diag *a, const struct diag *b)
{
	int c = strcmp(a->path, b->path);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

/* A merge sort: stable, and n log n (a kpi.csv of 100 000 unknown ids lists 100 000 errors,
 * which an insertion sort took minutes to order when they came in reverse). */
static void merge_sort(struct diag *v, struct diag *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	merge_sort(v, tmp, h);
	merge_sort(v + h, tmp, n - h);
	if (diag_cmp(&v[h - 1], &v[h]) <= 0)
		return; /* already in order: the common case */
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = diag_cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	memcpy(v, tmp, k * sizeof *v); /* the rest, v[j..n), is in place */
}

void diag_sort(struct diags *d)
{
	if (d->n < 2)
		return;
	struct diag *tmp = xmalloc(d->n * sizeof *tmp);
	merge_sort(d->v, tmp, d->n);
	free(tmp);
}

/* s as a terminal shows it safely: a control character (a new line in a folder's name would
 * forge an error line of its own, an ESC would drive the terminal) or a byte that is not
 * UTF-8 is written as \\xNN, C1 ones as \\u00NN. */
static void put_visible(struct buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s, *end = u + strlen(s);
	while (u < end) {
		size_t run = 0;
		while (u + run < end && u[run] >= 0x20 && u[run] < 0x7F)
			run++;
		buf_put(b, (const char *)u, run);
		u += run;
		if (u == end)
			break;
		int32_t cp;
		int k = text_decode((const char *)u, (size_t)(end - u), &cp);
		if (k < 0 || cp < 0x80)
			buf_printf(b, "\\x%02X", *u), k = 1;
		else if (text_is_control(cp))
			buf_printf(b, "\\u%04X", (unsigned)cp);
		else
			buf_put(b, (const char *)u, (size_t)k);
		u += k;
	}
}

void diag_print(const struct diags *d, FILE *out)
{
	/* stderr is unbuffered: a line at a time, and 64 KB a write */
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < d->n; i++) {
		put_visible(&b, d->v[i].path);
		buf_printf(&b, ":%d:%d: %s: ", d->v[i].line, d->v[i].col,
			   d->v[i].warning ? _("warning") : _("error"));
		put_visible(&b, d->v[i].msg);
		buf_putc(&b, '\n');
		if (b.len >= (64 << 10) || i + 1 == d->n) {
			fwrite(b.s, 1, b.len, out);
			b.len = 0;
		}
	}
	buf_free(&b);
}

void diag_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

int diag_column(const char *line, size_t off)
{
	int col = 1;
	for (size_t i = 0; i < off && line[i]; i++)
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			col++;
	return col;
}

void diag_read_error(struct diags *d, const char *path, int err, size_t max)
{
	struct stat st;
	if (err == EFBIG)
		diag_add(d, path, 1, 1, "file larger than %zu MiB", max >> 20);
	else if (err == EISDIR)
		diag_add(d, path, 1, 1, "is a folder, not a file");
	else if (err == ENOLINK)
		diag_add(d, path, 1, 1,
			 "is a link to nothing (what it points to was moved or deleted)");
	else if (err == ELOOP)
		diag_add(d, path, 1, 1, "is a link that loops (it points back to itself)");
	else if (err == ENODEV && stat(path, &st) == 0 && S_ISFIFO(st.st_mode))
		diag_add(d, path, 1, 1, "is a named pipe, not a file (it is not read)");
	else if (err == ENODEV)
		diag_add(d, path, 1, 1, "is a device or a socket, not a file (it is not read)");
	else
		diag_add(d, path, 1, 1, "cannot read: %s", strerror(err));
}
