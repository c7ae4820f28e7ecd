/* view.h — what `serve` shows of a build besides its files: the reload script every page
 * gets, the page of located errors that replaces the pages a failed build could not make,
 * the notice on the pages still served from the last good build, each report's warnings,
 * the page for a missing file. Made once after each build, on one thread (libxml2 and
 * gettext are used there only); read by the server's threads (immutable, counted). */
#ifndef BAOCAO_SERVE_VIEW_H
#define BAOCAO_SERVE_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "../diag.h"

struct view {
	char token[64]; /* names this build: an open page reloads when the token changes */
	bool built;     /* a build has succeeded: its files are served */
	bool failed;    /* the last build failed: the files are the last good build's */
	bool everywhere; /* an error outside every report's folder: no page is right */
	char **bad;     /* the report folders ("2025-01") with errors */
	size_t n_bad;
	size_t n_errors;
	char *error_page, *not_found; /* whole pages, the reload script in them */
	size_t error_len, not_found_len;
	char *script;         /* the reload script (<script>…</script>) */
	char *failed_notice;  /* the errors, shown on the pages of the last good build */
	char **warn_folder;   /* report folders with warnings, and their notices */
	char **warn_notice;
	size_t n_warn;
	char *warn_elsewhere; /* the warnings outside every report's folder: on every page */
	int refs;             /* the server's threads hold it while they answer */
};

/* The view of a build: its errors and warnings (sorted here), located in the files under
 * `content` (as the user gave it, without a trailing '/'). `built`: some build succeeded;
 * `failed`: this one did not. */
struct view *view_make(struct diags *errors, struct diags *warnings, const char *content,
		       const char *token, bool built, bool failed);
void view_free(struct view *v);

/* The report folder ("2025-01") a located path is in (content + "/reports/2025-01/…"),
 * with its length; NULL when it is in none. */
const char *view_folder(const char *path, const char *content, size_t *len);

/* Whether the error page replaces the build folder's file `rel` (request_path): a page or a
 * PDF of a report with errors, any page when an error is elsewhere or nothing was ever
 * built, and a missing page while the build fails (it may be the one that failed). */
bool view_replaces(const struct view *v, const char *rel, bool exists);

/* What is injected into the page `rel`: the reload script, and the notices of errors and
 * warnings that concern it (malloc'd). */
char *view_snippet(const struct view *v, const char *rel);

#endif
