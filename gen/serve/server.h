/* server.h — the HTTP side of `serve`, on libmicrohttpd: the files of the build folder (and
 * nothing outside it), the pages with the reload script and the notices of the last build
 * (view.h) written in, the error page in place of the pages a failed build could not make,
 * HEAD and byte ranges, and /__baocao/events, the server-sent events that tell open pages
 * a new build is there. One thread per connection (an event stream waits in its own). */
#ifndef BAOCAO_SERVE_SERVER_H
#define BAOCAO_SERVE_SERVER_H

#include "view.h"

struct server;

/* Serves root (the build folder, a real path: no link in it) on listen_fd, a socket bound to
 * 127.0.0.1:port and listening. Requests wait for the first view (server_show). NULL if
 * libmicrohttpd cannot start; *why is then the system's reason if the library could not be
 * loaded (it is opened here, not linked: server.c), else NULL. */
struct server *server_start(int listen_fd, unsigned port, const char *root, const char **why);
/* Shows a new build: v replaces the last view (the server owns it), and the open pages'
 * event streams are told. */
void server_show(struct server *s, struct view *v);
/* Ends every connection (the event streams too), stops, frees. */
void server_stop(struct server *s);

#endif
