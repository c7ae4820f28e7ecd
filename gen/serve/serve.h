/* serve.h — `baocao serve`: the site with its drafts, built into a private temporary folder
 * (never the published one) and served on 127.0.0.1; every saved change in the content,
 * the templates or the assets is built again (`build --drafts`, reusing the last build's
 * unchanged pages and PDFs) and the open pages reload; a failed build shows its located
 * errors in the pages it could not make. Like main.c it is a command: it prints. */
#ifndef BAOCAO_SERVE_H
#define BAOCAO_SERVE_H

#include <stdbool.h>
#include <stdio.h>

/* The port when none is given: 8484, "84" (Viet Nam's calling code) twice; none of the
 * usual development servers' ports (Hugo 1313, Jekyll 4000, MkDocs and Python 8000, 8080,
 * Vite 5173, Jupyter 8888) nor in /etc/services. */
#define SERVE_DEFAULT_PORT 8484

struct serve_options {
	const char *content;   /* as build's */
	const char *templates; /* NULL: the default (build_default_dir) */
	const char *assets;
	int jobs;
	bool strict;
	unsigned port; /* 0: any free port */
	FILE *timing;  /* BAOCAO_TIMING=1: each build's times */
};

/* Runs until SIGINT, SIGTERM or SIGHUP; then removes the private folder. The exit status:
 * 0 stopped, 1 could not start (the port is taken, no temporary folder…; said on stderr). */
int serve_run(const struct serve_options *o);

/* The build serve runs as a child process of its own: `baocao __serve-build CONTENT OUT
 * TEMPLATES ASSETS JOBS strict|-` (main.c passes argv when argv[1] is that), its errors and
 * warnings written to fd 3 for serve to read. Returns the exit status. */
int serve_child_main(int argc, char **argv, FILE *timing);

#endif
