#include "server.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "../i18n.h"
#include "../util.h"
#include "request.h"

/* ---- libmicrohttpd, opened when serve starts ----
 *
 * Linked, libmicrohttpd brought GnuTLS and the dozen libraries GnuTLS needs into every run
 * of baocao, to be mapped, relocated and initialised: ~5 ms of every `build`, `check` and
 * `--version` (12 -> 17 ms), for a server only `serve` starts. Its functions are looked up
 * once (pthread_once) and only read after that: the table is the process's, as the dynamic
 * linker's own would be. */
#define MHD_LIBRARY "libmicrohttpd.so.12" /* its ABI since 0.9.x (Debian: libmicrohttpd12) */

static struct mhd_api {
	struct MHD_Daemon *(*start_daemon)(unsigned int flags, uint16_t port,
					   MHD_AcceptPolicyCallback apc, void *apc_cls,
					   MHD_AccessHandlerCallback dh, void *dh_cls, ...);
	void (*stop_daemon)(struct MHD_Daemon *daemon);
	struct MHD_Response *(*create_response_from_buffer)(size_t size, void *buffer,
							     enum MHD_ResponseMemoryMode mode);
	struct MHD_Response *(*create_response_from_callback)(uint64_t size, size_t block_size,
							       MHD_ContentReaderCallback crc,
							       void *crc_cls,
							       MHD_ContentReaderFreeCallback crfc);
	struct MHD_Response *(*create_response_from_fd_at_offset64)(uint64_t size, int fd,
								     uint64_t offset);
	enum MHD_Result (*add_response_header)(struct MHD_Response *response, const char *header,
					       const char *content);
	enum MHD_Result (*queue_response)(struct MHD_Connection *connection,
					  unsigned int status_code, struct MHD_Response *response);
	void (*destroy_response)(struct MHD_Response *response);
	const char *(*lookup_connection_value)(struct MHD_Connection *connection,
					       enum MHD_ValueKind kind, const char *key);
	bool loaded;
	char error[256]; /* why it could not be loaded */
} mhd;

#if defined(__GNUC__) /* the table's types are the header's (checked without a reference) */
#define SAME_TYPE(f, member) \
	_Static_assert(__builtin_types_compatible_p(__typeof__(&f), __typeof__(mhd.member)), #f)
SAME_TYPE(MHD_start_daemon, start_daemon);
SAME_TYPE(MHD_stop_daemon, stop_daemon);
SAME_TYPE(MHD_create_response_from_buffer, create_response_from_buffer);
SAME_TYPE(MHD_create_response_from_callback, create_response_from_callback);
SAME_TYPE(MHD_create_response_from_fd_at_offset64, create_response_from_fd_at_offset64);
SAME_TYPE(MHD_add_response_header, add_response_header);
SAME_TYPE(MHD_queue_response, queue_response);
SAME_TYPE(MHD_destroy_response, destroy_response);
SAME_TYPE(MHD_lookup_connection_value, lookup_connection_value);
#endif

static void mhd_load(void)
{
	void *lib = dlopen(MHD_LIBRARY, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(mhd.error, sizeof mhd.error, "%s", dlerror());
		return;
	}
	/* (a function pointer from dlsym's void *, as POSIX allows) */
#define LOOK_UP(member, name)                                                                  \
	if (!(*(void **)&mhd.member = dlsym(lib, name))) {                                      \
		snprintf(mhd.error, sizeof mhd.error, "%s", dlerror());                        \
		return;                                                                        \
	}
	LOOK_UP(start_daemon, "MHD_start_daemon")
	LOOK_UP(stop_daemon, "MHD_stop_daemon")
	LOOK_UP(create_response_from_buffer, "MHD_create_response_from_buffer")
	LOOK_UP(create_response_from_callback, "MHD_create_response_from_callback")
	LOOK_UP(create_response_from_fd_at_offset64, "MHD_create_response_from_fd_at_offset64")
	LOOK_UP(add_response_header, "MHD_add_response_header")
	LOOK_UP(queue_response, "MHD_queue_response")
	LOOK_UP(destroy_response, "MHD_destroy_response")
	LOOK_UP(lookup_connection_value, "MHD_lookup_connection_value")
#undef LOOK_UP
	mhd.loaded = true; /* the library stays open: the process ends with the server */
}

/* An event stream says something at least this often, so that a closed page is noticed
 * (a write fails) and nothing between drops the connection as idle. */
#define PING_SECONDS 5
/* How long a request waits for the first build. */
#define FIRST_BUILD_SECONDS 300

struct server {
	struct MHD_Daemon *daemon;
	char *root;
	unsigned port;
	pthread_mutex_t lock;
	pthread_cond_t changed; /* a new view, or stopping */
	struct view *view;      /* the last build's */
	bool stopping;
};

static void deadline(struct timespec *ts, int seconds)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += seconds;
}

/* The current view, held; NULL while stopping (or after waiting for the first build in vain). */
static struct view *hold(struct server *s)
{
	struct timespec until;
	deadline(&until, FIRST_BUILD_SECONDS);
	pthread_mutex_lock(&s->lock);
	while (!s->view && !s->stopping)
		if (pthread_cond_timedwait(&s->changed, &s->lock, &until) == ETIMEDOUT)
			break;
	struct view *v = s->stopping ? NULL : s->view;
	if (v)
		v->refs++;
	pthread_mutex_unlock(&s->lock);
	return v;
}

static void release(struct server *s, struct view *v)
{
	pthread_mutex_lock(&s->lock);
	bool last = --v->refs == 0;
	pthread_mutex_unlock(&s->lock);
	if (last)
		view_free(v);
}

/* ---- responses ---- */

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
			    const char *type)
{
	if (!r)
		return MHD_NO;
	if (type)
		mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	/* every answer is of this moment's build: never kept by the browser */
	mhd.add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ok = mhd.queue_response(c, status, r);
	mhd.destroy_response(r);
	return ok;
}

static enum MHD_Result send_copy(struct MHD_Connection *c, unsigned status, const char *body,
				 size_t len, const char *type)
{
	return reply(c, status,
		    mhd.create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY), type);
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return send_copy(c, status, text, strlen(text), "text/plain; charset=utf-8");
}

static enum MHD_Result send_error_page(struct MHD_Connection *c, const struct view *v)
{
	return send_copy(c, MHD_HTTP_INTERNAL_SERVER_ERROR, v->error_page, v->error_len,
			 "text/html; charset=utf-8");
}

static enum MHD_Result send_not_found(struct MHD_Connection *c, const struct view *v)
{
	return send_copy(c, MHD_HTTP_NOT_FOUND, v->not_found, v->not_found_len,
			 "text/html; charset=utf-8");
}

/* ---- the build folder's files ---- */

/* Opens root/rel (rel from request_path: no "..", no hidden segment) if it is that very
 * file: a path that resolves anywhere else (a symbolic link on the way) is not served. */
static int open_under(const char *root, const char *rel, struct stat *st)
{
	char *path = *rel ? path_join(root, rel) : xstrdup(root);
	size_t n = strlen(path);
	bool folder = n > 1 && path[n - 1] == '/'; /* "a.html/" names no file */
	while (n > 1 && path[n - 1] == '/')
		path[--n] = 0;
	char *real = realpath(path, NULL);
	int fd = -1;
	if (real && strcmp(real, path) == 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd >= 0 && (fstat(fd, st) != 0 || !(S_ISREG(st->st_mode) || S_ISDIR(st->st_mode)) ||
				(folder && !S_ISDIR(st->st_mode)))) {
			close(fd);
			fd = -1;
		}
	}
	free(real);
	free(path);
	return fd;
}

static enum MHD_Result send_page(struct MHD_Connection *c, const struct view *v, int fd,
				 const struct stat *st, const char *rel)
{
	if (st->st_size > ((off_t)64 << 20)) {
		close(fd);
		return send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, _("page too large\n"));
	}
	size_t size = (size_t)st->st_size, got = 0;
	char *html = xmalloc(size + 1);
	while (got < size) {
		ssize_t k = read(fd, html + got, size - got);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	char *snippet = view_snippet(v, rel);
	size_t len;
	char *page = request_inject(html, got, snippet, &len);
	free(snippet);
	free(html);
	return reply(c, MHD_HTTP_OK,
		    mhd.create_response_from_buffer(len, page, MHD_RESPMEM_MUST_FREE),
		    "text/html; charset=utf-8");
}

static enum MHD_Result send_file(struct MHD_Connection *c, int fd, const struct stat *st,
				 const char *rel)
{
	uint64_t size = (uint64_t)st->st_size, from = 0, len = size;
	char etag[96];
	snprintf(etag, sizeof etag, "\"%" PRIx64 "-%" PRIx64 "-%" PRIx64 "-%lx\"",
		 (uint64_t)st->st_ino, size, (uint64_t)st->st_mtim.tv_sec,
		 (unsigned long)st->st_mtim.tv_nsec);
	const char *range = mhd.lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE);
	const char *if_range =
		mhd.lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_RANGE);
	/* a range of another version of the file is not this one's: the whole file */
	if (if_range && strcmp(if_range, etag) != 0)
		range = NULL;
	enum request_range kind = request_range(range, size, &from, &len);
	if (kind == REQUEST_RANGE_BAD) {
		close(fd);
		struct MHD_Response *r = mhd.create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
		char cr[64];
		snprintf(cr, sizeof cr, "bytes */%" PRIu64, size);
		mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, cr);
		return reply(c, MHD_HTTP_RANGE_NOT_SATISFIABLE, r, NULL);
	}
	struct MHD_Response *r = mhd.create_response_from_fd_at_offset64(len, fd, from);
	if (!r) {
		close(fd);
		return MHD_NO;
	}
	mhd.add_response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
	mhd.add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	unsigned status = MHD_HTTP_OK;
	if (kind == REQUEST_RANGE_PART) {
		char cr[96];
		snprintf(cr, sizeof cr, "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, from,
			 from + len - 1, size);
		mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, cr);
		status = MHD_HTTP_PARTIAL_CONTENT;
	}
	return reply(c, status, r, request_mime(rel));
}

/* ---- /__baocao/events: server-sent events ---- */

struct stream {
	struct server *s;
	char token[64]; /* the last one sent; "" before the first */
};

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct stream *st = cls;
	struct server *s = st->s;
	struct timespec until;
	deadline(&until, PING_SECONDS);
	pthread_mutex_lock(&s->lock);
	bool ping = false;
	while (!s->stopping && (!s->view || strcmp(s->view->token, st->token) == 0)) {
		if (pthread_cond_timedwait(&s->changed, &s->lock, &until) == ETIMEDOUT) {
			ping = true;
			break;
		}
	}
	if (s->stopping) {
		pthread_mutex_unlock(&s->lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	int n;
	if (ping) {
		n = snprintf(buf, max, ": ping\n\n");
	} else {
		/* retry: a stream broken off (the server restarted) is taken up again soon */
		n = snprintf(buf, max, "%sdata: %s\n\n", st->token[0] ? "" : "retry: 500\n",
			     s->view->token);
		snprintf(st->token, sizeof st->token, "%s", s->view->token);
	}
	pthread_mutex_unlock(&s->lock);
	return n > 0 && (size_t)n < max ? n : MHD_CONTENT_READER_END_WITH_ERROR;
}

static enum MHD_Result send_events(struct MHD_Connection *c, struct server *s)
{
	struct stream *st = xcalloc(1, sizeof *st);
	st->s = s;
	struct MHD_Response *r =
		mhd.create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, stream_read, st, free);
	if (!r) {
		free(st);
		return MHD_NO;
	}
	return reply(c, MHD_HTTP_OK, r, "text/event-stream; charset=utf-8");
}

/* ---- requests ---- */

static enum MHD_Result answer(struct server *s, struct MHD_Connection *c, const char *url,
			      const struct view *v)
{
	if (strcmp(url, "/__baocao/events") == 0)
		return send_events(c, s);
	char *rel = request_path(url);
	if (!rel)
		return send_not_found(c, v);
	struct stat st;
	int fd = open_under(s->root, rel, &st);
	if (fd >= 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		size_t n = strlen(rel);
		if (n > 0 && rel[n - 1] != '/') {
			/* the pages' links are relative: a folder's page is read at its '/' */
			free(rel);
			struct MHD_Response *r =
				mhd.create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
			char *to = xasprintf("%s/", url);
			mhd.add_response_header(r, MHD_HTTP_HEADER_LOCATION, to);
			free(to);
			return reply(c, MHD_HTTP_MOVED_PERMANENTLY, r, NULL);
		}
		char *index = xasprintf("%sindex.html", rel);
		free(rel);
		rel = index;
		fd = open_under(s->root, rel, &st);
		if (fd >= 0 && !S_ISREG(st.st_mode)) {
			close(fd);
			fd = -1;
		}
	}
	enum MHD_Result ok;
	if (view_replaces(v, rel, fd >= 0)) {
		if (fd >= 0)
			close(fd);
		ok = send_error_page(c, v);
	} else if (fd < 0) {
		ok = send_not_found(c, v);
	} else if (request_is_html(rel)) {
		ok = send_page(c, v, fd, &st, rel);
	} else {
		ok = send_file(c, fd, &st, rel);
	}
	free(rel);
	return ok;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	(void)version;
	(void)upload_data;
	struct server *s = cls;
	/* the first call only announces the request (the library's way: answered at the
	 * second, once the headers are all in; answering at the first closes the connection) */
	if (!*con_cls) {
		*con_cls = s;
		return MHD_YES;
	}
	/* a request's body (a POST's) is read and dropped: the answer (405) comes once it is all
	 * in; answered before, the library closed the connection with no answer at all */
	if (*upload_data_size) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		struct MHD_Response *r = mhd.create_response_from_buffer(
			19, "method not allowed\n", MHD_RESPMEM_PERSISTENT);
		mhd.add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, r, "text/plain; charset=utf-8");
	}
	const char *host = mhd.lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (!request_host_ok(host, s->port))
		return send_text(c, MHD_HTTP_FORBIDDEN,
				 _("baocao serve answers only at 127.0.0.1 and localhost\n"));
	struct view *v = hold(s);
	if (!v)
		return send_text(c, MHD_HTTP_SERVICE_UNAVAILABLE,
				 _("baocao serve is not serving (stopping, or no build yet)\n"));
	enum MHD_Result ok = answer(s, c, url, v);
	release(s, v);
	return ok;
}

/* The path as it came: request_path decodes it once, after checking each segment (the
 * library's decoding would turn %2F into a '/' before anyone could tell). */
static size_t keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

struct server *server_start(int listen_fd, unsigned port, const char *root, const char **why)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, mhd_load);
	*why = NULL;
	if (!mhd.loaded) {
		*why = mhd.error;
		return NULL;
	}
	struct server *s = xcalloc(1, sizeof *s);
	s->root = xstrdup(root);
	s->port = port;
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->changed, &ca);
	pthread_condattr_destroy(&ca);
	s->daemon = mhd.start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL,
		0, NULL, NULL, handle, s, MHD_OPTION_LISTEN_SOCKET, listen_fd,
		MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)64, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(4 * PING_SECONDS),
		MHD_OPTION_END);
	if (!s->daemon) {
		pthread_cond_destroy(&s->changed);
		pthread_mutex_destroy(&s->lock);
		free(s->root);
		free(s);
		return NULL;
	}
	return s;
}

void server_show(struct server *s, struct view *v)
{
	pthread_mutex_lock(&s->lock);
	struct view *old = s->view;
	s->view = v;
	bool last = old && --old->refs == 0;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	if (last)
		view_free(old);
}

void server_stop(struct server *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	mhd.stop_daemon(s->daemon);
	view_free(s->view);
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->lock);
	free(s->root);
	free(s);
}
