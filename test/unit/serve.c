/* Unit tests of serve's pure parts: which paths a request may name (none outside the build
 * folder), media types, byte ranges, the script's place, the Host check, editors' files,
 * and which pages a failed build's error page replaces. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "serve/request.h"
#include "serve/view.h"
#include "serve/watch.h"

static void paths(void)
{
	CHECK_STR(request_path("/"), "");
	CHECK_STR(request_path("/index.html"), "index.html");
	CHECK_STR(request_path("/2025-01/"), "2025-01/");
	CHECK_STR(request_path("/2025-01/bao-cao-thang-01-2025.pdf"),
		  "2025-01/bao-cao-thang-01-2025.pdf");
	CHECK_STR(request_path("/assets/t%C3%AAp%20m%E1%BB%9Bi.css"), "assets/têp mới.css");
	CHECK_STR(request_path("/chi-so/cccd_chip.html"), "chi-so/cccd_chip.html");
	/* outside the folder, or the build's own files */
	const char *refused[] = {
		"", "index.html", "/..", "/../etc/passwd", "/a/../../etc/passwd", "/%2e%2e/etc/passwd",
		"/%2E%2E/%2E%2E/etc/passwd", "/.%2e/x", "/a/%2e%2e%2fb", "/a%2f..%2f..%2fetc%2fpasswd",
		"/a%2Fb", "/a%5cb", "/a\\b", "/..\\..\\etc", "/.", "/./index.html", "//etc/passwd",
		"/a//b", "/.baocao-cache", "/.baocao-model", "/2025-01/.hidden", "/a%00.html",
		"/a%0a", "/a%", "/a%4", "/a%zz", "/a%%32%65", "/\x01", "/a\x7f",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		char *p = request_path(refused[i]);
		check_report(p == NULL, __FILE__, __LINE__, "request_path refuses", refused[i]);
		free(p);
	}
	CHECK(request_path(NULL) == NULL);
}

static void types(void)
{
	CHECK(strcmp(request_mime("index.html"), "text/html; charset=utf-8") == 0);
	CHECK(strcmp(request_mime("assets/style.css"), "text/css; charset=utf-8") == 0);
	CHECK(strcmp(request_mime("search-index.js"), "text/javascript; charset=utf-8") == 0);
	CHECK(strcmp(request_mime("a/b.PDF"), "application/pdf") == 0);
	CHECK(strcmp(request_mime("assets/favicon.svg"), "image/svg+xml") == 0);
	CHECK(strcmp(request_mime("data/datapackage.json"), "application/json") == 0);
	CHECK(strcmp(request_mime("data/tat-ca.csv"), "text/csv; charset=utf-8") == 0);
	CHECK(strcmp(request_mime("data/tat-ca.xlsx"),
		     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") == 0);
	CHECK(strcmp(request_mime("sitemap.xml"), "application/xml") == 0);
	CHECK(strcmp(request_mime("robots.txt"), "text/plain; charset=utf-8") == 0);
	CHECK(strcmp(request_mime("a.png"), "image/png") == 0);
	CHECK(strcmp(request_mime("noext"), "application/octet-stream") == 0);
	CHECK(strcmp(request_mime("a.b/noext"), "application/octet-stream") == 0);
	CHECK(request_is_html("2025-01/index.html") && !request_is_html("x.pdf"));
	CHECK(request_is_page("") && request_is_page("2025-01/") && request_is_page("x.pdf") &&
	      request_is_page("a.html") && !request_is_page("assets/style.css") &&
	      !request_is_page("2025-01/search.js"));
}

static void ranges(void)
{
	uint64_t from = 99, len = 99;
	CHECK(request_range(NULL, 100, &from, &len) == REQUEST_RANGE_FULL);
	CHECK(request_range("bytes=0-9", 100, &from, &len) == REQUEST_RANGE_PART && from == 0 &&
	      len == 10);
	CHECK(request_range("bytes=90-", 100, &from, &len) == REQUEST_RANGE_PART && from == 90 &&
	      len == 10);
	CHECK(request_range("bytes=-5", 100, &from, &len) == REQUEST_RANGE_PART && from == 95 &&
	      len == 5);
	CHECK(request_range("bytes=-500", 100, &from, &len) == REQUEST_RANGE_PART && from == 0 &&
	      len == 100);
	CHECK(request_range("bytes=50-5000", 100, &from, &len) == REQUEST_RANGE_PART &&
	      from == 50 && len == 50);
	CHECK(request_range(" bytes = 1-1 ", 100, &from, &len) == REQUEST_RANGE_PART && from == 1 &&
	      len == 1);
	CHECK(request_range("bytes=100-", 100, &from, &len) == REQUEST_RANGE_BAD);
	CHECK(request_range("bytes=200-300", 100, &from, &len) == REQUEST_RANGE_BAD);
	CHECK(request_range("bytes=-0", 100, &from, &len) == REQUEST_RANGE_BAD);
	CHECK(request_range("bytes=0-", 0, &from, &len) == REQUEST_RANGE_BAD);
	/* not understood: the whole file */
	CHECK(request_range("bytes=0-1,5-6", 100, &from, &len) == REQUEST_RANGE_FULL);
	CHECK(request_range("items=0-1", 100, &from, &len) == REQUEST_RANGE_FULL);
	CHECK(request_range("bytes=5-1", 100, &from, &len) == REQUEST_RANGE_FULL);
	CHECK(request_range("bytes=-", 100, &from, &len) == REQUEST_RANGE_FULL);
	CHECK(request_range("bytes=x-1", 100, &from, &len) == REQUEST_RANGE_FULL);
	CHECK(request_range("bytes=99999999999999999999-", 100, &from, &len) ==
	      REQUEST_RANGE_FULL);
}

static void inject(void)
{
	size_t n;
	const char *page = "<html><body><p>a</p></body></html>\n";
	CHECK_STR(request_inject(page, strlen(page), "<s>", &n),
		  "<html><body><p>a</p><s></body></html>\n");
	const char *upper = "<BODY>x</BODY >";
	CHECK_STR(request_inject(upper, strlen(upper), "<s>", &n), "<BODY>x<s></BODY >");
	/* the last </body> (one in a comment or a script's text comes before it) */
	const char *two = "<body><script>\"</body>\"</script></body>";
	CHECK_STR(request_inject(two, strlen(two), "<s>", &n),
		  "<body><script>\"</body>\"</script><s></body>");
	CHECK_STR(request_inject("<p>x", 4, "<s>", &n), "<p>x<s>");
	CHECK(n == 7);
}

static void hosts(void)
{
	CHECK(request_host_ok(NULL, 8484));
	CHECK(request_host_ok("127.0.0.1:8484", 8484));
	CHECK(request_host_ok("localhost:8484", 8484));
	CHECK(request_host_ok("LOCALHOST", 8484));
	CHECK(request_host_ok("[::1]:8484", 8484));
	CHECK(request_host_ok("127.0.0.1", 8484));
	CHECK(!request_host_ok("127.0.0.1:8485", 8484));
	CHECK(!request_host_ok("evil.example:8484", 8484));
	CHECK(!request_host_ok("localhost.evil.example:8484", 8484));
	CHECK(!request_host_ok("127.0.0.1.nip.io:8484", 8484));
	CHECK(!request_host_ok("127.0.0.1:", 8484));
	CHECK(!request_host_ok("127.0.0.1:8484x", 8484));
}

static void editors(void)
{
	const char *ignored[] = {".report.md.swp", "report.md~", "4913", "#report.md#", ".#report.md",
				 ".~lock.kpi.csv#", "~$kpi.xlsx", "kpi.csv.tmp", ".goutputstream-X1"};
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		check_report(watch_ignored(ignored[i]), __FILE__, __LINE__, "ignored", ignored[i]);
	const char *changes[] = {"report.md", "kpi.csv", "site.yaml", "2025-02", "style.css",
				 "ho-tich.csv", "page-style.yaml", "logo.svg"};
	for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++)
		check_report(!watch_ignored(changes[i]), __FILE__, __LINE__, "a change", changes[i]);
}

static void folders(void)
{
	size_t k = 0;
	const char *f = view_folder("content/reports/2025-01/kpi.csv", "content", &k);
	CHECK(f && k == 7 && strncmp(f, "2025-01", 7) == 0);
	f = view_folder("content/reports/2025-02", "content", &k);
	CHECK(f && k == 7 && strncmp(f, "2025-02", 7) == 0);
	CHECK(view_folder("content/site.yaml", "content", &k) == NULL);
	CHECK(view_folder("content/../templates/report.html", "content", &k) == NULL);
	CHECK(view_folder("contents/reports/2025-01/kpi.csv", "content", &k) == NULL);
	CHECK(view_folder("/abs/c/reports/2025-01/report.md", "/abs/c", &k) != NULL);
}

static void replaced(void)
{
	struct diags e = {0}, w = {0};
	diag_add(&e, "content/reports/2025-01/kpi.csv", 3, 12, "bad <value> & \"more\"");
	diag_warn(&w, "content/reports/2024-12/report.md", 2, 1, "a draft");
	struct view *v = view_make(&e, &w, "content", "t-1", true, true);
	CHECK(v->n_bad == 1 && strcmp(v->bad[0], "2025-01") == 0 && !v->everywhere);
	CHECK(view_replaces(v, "2025-01/index.html", true));
	CHECK(view_replaces(v, "2025-01/bao-cao-thang-01-2025.pdf", true));
	CHECK(!view_replaces(v, "2025-01/search.js", true));
	CHECK(!view_replaces(v, "2024-12/index.html", true));
	CHECK(!view_replaces(v, "index.html", true));
	CHECK(view_replaces(v, "2025-02/index.html", false)); /* missing while failing */
	CHECK(!view_replaces(v, "assets/x.css", false));
	/* escaped in the page, and the reload script in it */
	CHECK(v->error_page && strstr(v->error_page, "bad &lt;value&gt; &amp; \"more\""));
	CHECK(strstr(v->error_page, "content/reports/2025-01/kpi.csv:3:12"));
	CHECK(strstr(v->error_page, "\"t-1\""));
	char *s = view_snippet(v, "index.html");
	CHECK(strstr(s, "baocao-serve-notice") && strstr(s, "bad &lt;value&gt;") &&
	      !strstr(s, "a draft"));
	free(s);
	s = view_snippet(v, "2024-12/index.html");
	CHECK(strstr(s, "a draft"));
	free(s);
	view_free(v);
	/* an error elsewhere: every page */
	diag_add(&e, "content/site.yaml", 1, 1, "bad");
	v = view_make(&e, &w, "content", "t-2", true, true);
	CHECK(v->everywhere && view_replaces(v, "index.html", true) &&
	      view_replaces(v, "2024-12/", true) && !view_replaces(v, "assets/style.css", true));
	view_free(v);
	/* a good build: nothing replaced; nothing built yet: every page */
	struct diags none = {0};
	v = view_make(&none, &w, "content", "t-3", true, false);
	CHECK(!view_replaces(v, "2025-01/index.html", true) && !v->error_page);
	s = view_snippet(v, "2025-01/index.html");
	CHECK(strstr(s, "EventSource") && !strstr(s, "baocao-serve-notice"));
	free(s);
	view_free(v);
	v = view_make(&e, &none, "content", "t-4", false, true);
	CHECK(view_replaces(v, "index.html", true) && view_replaces(v, "", false));
	view_free(v);
	diag_free(&e);
	diag_free(&w);
}

/* The error page shows the located line, its character at the column marked. */
static void excerpts(void)
{
	char path[] = "/tmp/unit-serve-XXXXXX";
	int fd = mkstemp(path);
	const char text[] = "\xEF\xBB\xBFid,value\r\nty_le,73,0\xE1\xBA\xA5x\r\nbad\x01line\n";
	CHECK(fd >= 0 && write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
	close(fd);
	struct diags e = {0}, w = {0};
	diag_add(&e, path, 2, 11, "not a number");   /* the 11th character: 'ấ' */
	diag_add(&e, path, 3, 1, "a control character"); /* not shown */
	diag_add(&e, path, 9, 1, "past the end");        /* not shown */
	struct view *v = view_make(&e, &w, "content", "t", false, true);
	CHECK(strstr(v->error_page, "ty_le,73,0<mark>\xE1\xBA\xA5</mark>x</pre>") != NULL);
	CHECK(strstr(v->error_page, "bad") == NULL);
	char *first = strstr(v->error_page, "<pre>");
	CHECK(first && !strstr(first + 1, "<pre>"));
	view_free(v);
	diag_free(&e);
	unlink(path);
}

int main(void)
{
	paths();
	types();
	ranges();
	inject();
	hosts();
	editors();
	folders();
	replaced();
	excerpts();
	return check_done();
}
