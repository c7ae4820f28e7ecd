#define _GNU_SOURCE /* close_range */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../build.h"
#include "../i18n.h"
#include "../publish.h"
#include "../util.h"
#include "server.h"
#include "view.h"
#include "watch.h"

/* A save is built when nothing more has changed for QUIET_MS (an editor's save is several
 * events within a millisecond or two), or MAX_WAIT_MS after the first change at the latest
 * (a long copy is built while it goes on, and again at its end). */
#define QUIET_MS 50
#define MAX_WAIT_MS 400

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void say(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

/* A line on stderr, "baocao: " in front, as main.c's messages. */
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("baocao: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- the private folder ---- */

/* Whether path is dir or inside it (both real paths). */
static bool inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == 0 || strcmp(dir, "/") == 0);
}

/* The private folder is locked (flock on LOCK inside it) for as long as its serve runs,
 * whatever way it ends; a folder whose lock can be taken was left by a serve that was
 * killed (SIGKILL, a crash): the next serve removes it. The lock file is locked before it
 * gets its name, so that no other serve can find it unlocked in between. */
#define PREFIX "baocao-serve-"
#define LOCK ".serve-lock"

static int lock_folder(const char *dir)
{
	char *tmp = path_join(dir, LOCK ".new"), *lock = path_join(dir, LOCK);
	int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0 && (flock(fd, LOCK_EX) != 0 || rename(tmp, lock) != 0)) {
		close(fd);
		fd = -1;
	}
	free(tmp);
	free(lock);
	return fd;
}

static void remove_left(const char *base)
{
	DIR *dh = opendir(base);
	if (!dh)
		return;
	struct dirent *e;
	while ((e = readdir(dh))) {
		/* mkdtemp's names only: PREFIX and six characters */
		if (strncmp(e->d_name, PREFIX, strlen(PREFIX)) != 0 ||
		    strlen(e->d_name) != strlen(PREFIX) + 6)
			continue;
		char *dir = path_join(base, e->d_name), *lock = path_join(dir, LOCK);
		struct stat st;
		int fd = lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid()
				 ? open(lock, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
				 : -1;
		if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
			remove_tree(dir);
		if (fd >= 0)
			close(fd);
		free(lock);
		free(dir);
	}
	closedir(dh);
}

/* A new folder of its own (mode 0700) in $TMPDIR or /tmp, outside every folder watched: a
 * build written into a watched folder would start the next build, for ever. */
static char *private_folder(const char **watched, size_t n, int *lock_fd)
{
	const char *bases[] = {getenv("TMPDIR"), "/tmp"};
	for (size_t b = 0; b < 2; b++) {
		if (!bases[b] || bases[b][0] != '/')
			continue;
		char *base = realpath(bases[b], NULL);
		if (!base)
			continue;
		bool ok = true;
		for (size_t i = 0; ok && i < n; i++) {
			char *w = realpath(watched[i], NULL);
			ok = !w || !inside(base, w);
			free(w);
		}
		if (!ok) {
			free(base);
			continue;
		}
		remove_left(base);
		char *tmpl = xasprintf("%s/" PREFIX "XXXXXX", base);
		free(base);
		if (mkdtemp(tmpl)) {
			*lock_fd = lock_folder(tmpl);
			if (*lock_fd >= 0)
				return tmpl;
			remove_tree(tmpl);
		}
		free(tmpl);
	}
	return NULL;
}

/* ---- the socket ---- */

static int listen_on(unsigned *port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	/* a port just left by an earlier serve (TIME_WAIT) can be taken again at once */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)*port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only: nothing beyond this machine */
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 64) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	socklen_t len = sizeof a;
	if (getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		*port = ntohs(a.sin_port);
	return fd;
}

/* ---- a build, in a child process ---- */

/* A build runs in a process of its own: stopping kills it at once (a killed build leaves
 * the last one published, gen/publish.c), and what a build allocates or breaks ends with
 * it. It hands its errors and warnings back over a pipe, five NUL-ended fields each:
 * kind (E or W), path, line, column, message. */
struct child {
	pid_t pid;
	int fd;
	struct buf out;
	double started;
};

static void put_diags(FILE *f, const struct diags *d, char kind)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		fprintf(f, "%c%c%s%c%d%c%d%c%s%c", kind, 0, g->path, 0, g->line, 0, g->col, 0,
			g->msg, 0);
	}
}

/* The hidden command a build child runs (serve_child_main), and its arguments. */
#define CHILD_COMMAND "__serve-build"

/* A build child: this program run again (/proc/self/exe), never a bare fork of serve. serve
 * has the web server's threads; a forked copy that goes on to build inherits whatever lock
 * one of them held at the fork (under ASan its allocator's: the build hung for good), while a
 * fresh program starts with none. Between fork and exec only async-signal-safe calls: the
 * arguments are made before. */
static bool start_build(const struct build_options *b, struct child *c)
{
	char jobs[16];
	snprintf(jobs, sizeof jobs, "%d", b->jobs);
	char *argv[] = {(char *)"baocao",
			(char *)CHILD_COMMAND,
			(char *)b->content,
			(char *)b->out,
			(char *)(b->templates ? b->templates : ""),
			(char *)(b->assets ? b->assets : ""),
			jobs,
			(char *)(b->strict ? "strict" : "-"),
			NULL};
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		return false;
	fflush(stdout);
	fflush(stderr);
	pid_t serve = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return false;
	}
	if (pid == 0) {
		/* Ctrl-C is serve's to handle (it kills the build), not the build's: a group of its
		 * own; and it dies with serve, however serve ends */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != serve)
			_exit(1); /* serve ended before the line above */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		/* the errors go out on fd 3; none of the server's sockets stays open in the build */
		if (dup2(p[1], 3) < 0)
			_exit(2);
		close_range(4, ~0U, 0);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(p[1]);
	c->pid = pid;
	c->fd = p[0];
	buf_init(&c->out);
	c->started = now_ms();
	return true;
}

int serve_child_main(int argc, char **argv, FILE *timing)
{
	if (argc != 8 || strcmp(argv[1], CHILD_COMMAND) != 0)
		return 2;
	struct build_options b = {.content = argv[2], .out = argv[3],
				  .templates = argv[4][0] ? argv[4] : NULL,
				  .assets = argv[5][0] ? argv[5] : NULL, .jobs = atoi(argv[6]),
				  .write = true, .strict = strcmp(argv[7], "strict") == 0,
				  .drafts = true, .scratch_out = true, .timing = timing};
	struct diags d = {0}, w = {0};
	int rc = build_run(&b, &d, &w);
	FILE *f = fdopen(3, "w");
	if (f) {
		put_diags(f, &d, 'E');
		put_diags(f, &w, 'W');
		fclose(f);
	}
	diag_free(&d);
	diag_free(&w);
	return rc == 0 ? 0 : 1;
}

/* The child's errors and warnings, once its pipe is at its end; false if the build did not
 * end by itself (an error then says how it ended). */
static bool finish_build(struct child *c, const char *content, struct diags *d, struct diags *w)
{
	close(c->fd);
	int status = 0;
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	const char *s = c->out.s, *end = c->out.s + c->out.len;
	while (s < end) {
		const char *f[5];
		int k = 0;
		for (; k < 5 && s < end; k++) {
			f[k] = s;
			s += strlen(s) + 1;
		}
		if (k < 5)
			break;
		struct diags *to = f[0][0] == 'W' ? w : d;
		if (f[0][0] == 'W')
			diag_warn(to, f[1], atoi(f[2]), atoi(f[3]), "%s", f[4]);
		else
			diag_add(to, f[1], atoi(f[2]), atoi(f[3]), "%s", f[4]);
	}
	buf_free(&c->out);
	c->pid = 0;
	bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && d->n == 0 && w->n == 0))
		diag_add(d, content, 0, 0, "the build stopped without finishing (status %d)", status);
	return ok;
}

static void kill_build(struct child *c)
{
	if (!c->pid)
		return;
	kill(c->pid, SIGKILL);
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	close(c->fd);
	buf_free(&c->out);
	c->pid = 0;
}

/* ---- what is printed after each build ---- */

static char *diag_text(struct diags *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return xstrdup("");
	diag_sort(d);
	diag_print(d, f);
	fclose(f);
	return text;
}

static void report_build(struct diags *d, struct diags *w, bool ok, double ms, char **last)
{
	/* the lists are printed when they change (a draft's warning is not said at each save) */
	struct diags all = {0};
	for (size_t i = 0; i < d->n; i++)
		diag_add(&all, d->v[i].path, d->v[i].line, d->v[i].col, "%s", d->v[i].msg);
	for (size_t i = 0; i < w->n; i++)
		diag_warn(&all, w->v[i].path, w->v[i].line, w->v[i].col, "%s", w->v[i].msg);
	char *text = diag_text(&all);
	diag_free(&all);
	if (!*last || strcmp(text, *last) != 0)
		fputs(text, stderr);
	free(*last);
	*last = text;
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	char when[16];
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	if (ok) {
		fprintf(stderr, _("%s built in %.0f ms"), when, ms);
	} else {
		fprintf(stderr, _("%s the build failed: "), when);
		fprintf(stderr, P_("%zu error", "%zu errors", d->n), d->n);
		fputs(_(" (shown in the pages; the others are the last good build)"), stderr);
	}
	if (w->n) {
		fputs(", ", stderr);
		fprintf(stderr, P_("%zu warning", "%zu warnings", w->n), w->n);
	}
	fputc('\n', stderr);
}

/* ---- the loop ---- */

int serve_run(const struct serve_options *o)
{
	/* the paths as every error will give them: the content folder without a trailing '/' */
	char *content = xstrdup(o->content);
	for (size_t n = strlen(content); n > 1 && content[n - 1] == '/';)
		content[--n] = 0;
	char *tdir = o->templates ? xstrdup(o->templates) : build_default_dir(content, "templates");
	char *adir = o->assets ? xstrdup(o->assets) : build_default_dir(content, "assets");
	const char *watched[] = {content, tdir, adir};
	int rc = 1;
	char *tmp = NULL, *site = NULL, *last_text = NULL;
	int listen_fd = -1, sig_fd = -1, lock_fd = -1;
	struct watch *watch = NULL;
	struct server *server = NULL;
	struct child child = {0};
	struct diags d = {0};

	struct stat st;
	if (stat(content, &st) != 0 || !S_ISDIR(st.st_mode)) {
		say(_("%s: not a folder (--content DIR: the folder of site.yaml and reports/)"),
		    content);
		goto end;
	}
	/* Ctrl-C and the others arrive through a descriptor the loop polls: blocked in every
	 * thread (the server's are started below, with this mask) */
	sigset_t stop_set;
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	sigaddset(&stop_set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	signal(SIGPIPE, SIG_IGN); /* a page closed while it was sent is not the end of serve */
	sig_fd = signalfd(-1, &stop_set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sig_fd < 0) {
		say(_("cannot start: %s"), strerror(errno));
		goto end;
	}

	unsigned port = o->port;
	listen_fd = listen_on(&port);
	if (listen_fd < 0) {
		say(_("cannot listen on 127.0.0.1:%u: %s; choose another port with --port N "
		      "(--port 0: any free one)"),
		    o->port, strerror(errno));
		goto end;
	}
	tmp = private_folder(watched, 3, &lock_fd);
	if (!tmp) {
		say(_("cannot make a private folder for the build in $TMPDIR or /tmp: %s"),
		    strerror(errno));
		goto end;
	}
	site = path_join(tmp, "site"); /* what a build publishes, the server serves */
	watch = watch_open();
	if (!watch) {
		say(_("cannot watch the folders for changes (inotify): %s"), strerror(errno));
		goto end;
	}
	for (size_t i = 0; i < 3; i++)
		watch_add(watch, watched[i], &d);
	const char *why;
	server = server_start(listen_fd, port, site, &why);
	if (!server) {
		if (why)
			say(_("cannot load the web server's library, libmicrohttpd (Debian's package "
			      "libmicrohttpd12): %s"),
			    why);
		else
			say(_("cannot start the web server (libmicrohttpd) on 127.0.0.1:%u"), port);
		goto end;
	}
	listen_fd = -1; /* the server's now */
	if (d.n) {
		diag_print(&d, stderr);
		diag_free(&d);
	}
	printf(_("baocao serve: http://127.0.0.1:%u/ (the drafts shown; Ctrl-C stops)\n"), port);
	fflush(stdout);

	struct build_options b = {.content = content, .out = site, .templates = tdir,
				  .assets = adir, .jobs = o->jobs, .write = true,
				  .strict = o->strict, .drafts = true, .scratch_out = true,
				  .timing = o->timing};
	char token_base[32];
	snprintf(token_base, sizeof token_base, "%lx",
		 (unsigned long)getpid() ^ (unsigned long)time(NULL));
	unsigned generation = 0;
	bool built = false, dirty = true;
	double first_change = 0, last_change = -1e9;
	for (;;) {
		double now = now_ms();
		int timeout = -1;
		if (dirty && !child.pid) {
			double due = last_change + QUIET_MS, cap = first_change + MAX_WAIT_MS;
			if (cap < due && first_change > 0)
				due = cap;
			if (due <= now) {
				dirty = false;
				first_change = 0;
				if (!start_build(&b, &child)) {
					say(_("cannot start a build: %s"), strerror(errno));
					goto end;
				}
				continue;
			}
			timeout = (int)(due - now) + 1;
		}
		struct pollfd fds[3] = {{sig_fd, POLLIN, 0}, {watch_fd(watch), POLLIN, 0},
					{child.pid ? child.fd : -1, POLLIN, 0}};
		if (poll(fds, 3, timeout) < 0 && errno != EINTR)
			break;
		if (fds[0].revents) {
			struct signalfd_siginfo si;
			if (read(sig_fd, &si, sizeof si) > 0)
				break;
		}
		if (fds[1].revents) {
			if (watch_read(watch, &d)) {
				now = now_ms();
				if (!dirty || first_change == 0)
					first_change = now;
				dirty = true;
				last_change = now;
			}
			if (d.n) {
				diag_print(&d, stderr);
				diag_free(&d);
			}
		}
		if (child.pid && fds[2].revents) {
			char chunk[8192];
			ssize_t n = read(child.fd, chunk, sizeof chunk);
			if (n > 0) {
				buf_put(&child.out, chunk, (size_t)n);
				continue;
			}
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			struct diags e = {0}, w = {0};
			double ms = now_ms() - child.started;
			bool ok = finish_build(&child, content, &e, &w);
			built |= ok;
			report_build(&e, &w, ok, ms, &last_text);
			if (o->strict && !ok)
				diag_move(&e, &w); /* under --strict the warnings are what failed */
			char token[64];
			snprintf(token, sizeof token, "%s-%u", token_base, ++generation);
			server_show(server, view_make(&e, &w, content, token, built, !ok));
			diag_free(&e);
			diag_free(&w);
		}
	}
	rc = 0;
	fputs(_("baocao serve: stopped\n"), stderr);
end:
	server_stop(server); /* the pages' connections first: then nothing reads the folder */
	kill_build(&child);
	if (listen_fd >= 0)
		close(listen_fd);
	if (sig_fd >= 0)
		close(sig_fd);
	watch_close(watch);
	if (tmp && remove_tree(tmp) != 0)
		say(_("cannot remove the private folder %s: %s"), tmp, strerror(errno));
	if (lock_fd >= 0)
		close(lock_fd);
	diag_free(&d);
	free(last_text);
	free(tmp);
	free(site);
	free(content);
	free(tdir);
	free(adir);
	return rc;
}
