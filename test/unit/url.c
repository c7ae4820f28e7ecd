/* The links a report may publish (gen/url.c): the schemes both backends allow, and the
 * absolute, 7-bit ASCII form the PDF keeps. */
#include "../../gen/url.h"
#include "check.h"

#define BASE "https://example.gov.vn/de-an-06/2025-01/"

static void check_none(const char *url)
{
	char *got = url_absolute(url, BASE);
	check_report(got == NULL, __FILE__, __LINE__, url, got);
	free(got);
}

int main(void)
{
	CHECK(url_is_safe("https://dichvucong.gov.vn/"));
	CHECK(url_is_safe("HTTP://x.vn"));
	CHECK(url_is_safe("mailto:a@b.vn"));
	CHECK(url_is_safe("../2024-12/"));
	CHECK(url_is_safe("#fn-1"));
	CHECK(url_is_safe("a/b:c"));
	CHECK(!url_is_safe("javascript:alert(1)"));
	CHECK(!url_is_safe("JavaScript:alert(1)"));
	CHECK(!url_is_safe("java\tscript:alert(1)"));
	CHECK(!url_is_safe("vbscript:x"));
	CHECK(!url_is_safe("data:text/html,<script>"));
	CHECK(!url_is_safe("file:///etc/passwd"));

	/* relative links: against the folder of the report's page and PDF */
	CHECK_STR(url_absolute("../2024-12/", BASE), "https://example.gov.vn/de-an-06/2024-12/");
	CHECK_STR(url_absolute("bang.pdf#page=2", BASE),
		  "https://example.gov.vn/de-an-06/2025-01/bang.pdf#page=2");
	CHECK_STR(url_absolute("#fn-1", BASE), "https://example.gov.vn/de-an-06/2025-01/#fn-1");
	CHECK_STR(url_absolute("/lien-he/", BASE), "https://example.gov.vn/lien-he/");
	CHECK_STR(url_absolute("//other.gov.vn/a", BASE), "https://other.gov.vn/a");
	CHECK_STR(url_absolute("../../../../x", BASE), "https://example.gov.vn/x");
	/* absolute ones as they are */
	CHECK_STR(url_absolute("https://dichvucong.gov.vn/p/home.html?a=1&b=2#x", BASE),
		  "https://dichvucong.gov.vn/p/home.html?a=1&b=2#x");
	CHECK_STR(url_absolute("mailto:vanthu@example.gov.vn", BASE),
		  "mailto:vanthu@example.gov.vn");
	/* 7-bit ASCII: UTF-8 and what a URI cannot hold percent-encoded, escapes kept */
	CHECK_STR(url_absolute("tài liệu.pdf", BASE),
		  "https://example.gov.vn/de-an-06/2025-01/t%C3%A0i%20li%E1%BB%87u.pdf");
	CHECK_STR(url_absolute("https://x.vn/?q=Đề án", BASE), "https://x.vn/?q=%C4%90%E1%BB%81%20%C3%A1n");
	CHECK_STR(url_absolute("https://x.vn/a%20b", BASE), "https://x.vn/a%20b");
	CHECK_STR(url_absolute("https://x.vn/50%", BASE), "https://x.vn/50%25");
	CHECK_STR(url_absolute("https://x.vn/\"<>\\^`{|}", BASE),
		  "https://x.vn/%22%3C%3E%5C%5E%60%7B%7C%7D");
	/* what the website refuses, the PDF refuses */
	check_none("javascript:alert(1)");
	check_none("JAVASCRIPT:alert(1)");
	check_none("vbscript:msgbox(1)");
	check_none("data:text/html;base64,PHNjcmlwdD4=");
	check_none("file:///etc/passwd");
	check_none("java\tscript:alert(1)");
	check_none("\x01https://x.vn/");
	check_none("ftp://x.vn/");
	CHECK(url_absolute(NULL, BASE) == NULL);
	return check_done();
}
