/* The whole website from a small content folder: the hooks of docs/html-structure.md on
 * every page, the order of the report page's blocks, the feed and the sitemap (parsed back
 * as XML), the same bytes on a second build and when written task by task. */
#include <dirent.h>

#include "html_helpers.h"
#include "html/search.h"

static const struct file files[] = {
	{"site.yaml", "title: \"Bản tin <Đề án 06> & co\"\n"
		      "base_url: \"https://example.gov.vn/de-an-06/\"\n"
		      "place: \"Hà Nội\"\n"
		      "issuer:\n  parent: \"BỘ CÔNG AN\"\n  name: \"TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06\"\n"
		      "  in_text: \"Tổ Công tác triển khai Đề án 06\"\n"},
	{"indicators.csv", "id,name,unit,format,group\n"
			   "cccd,Thẻ CCCD gắn chip đã cấp,thẻ,millions,Công dân số\n"
			   "sinh_trac,Tỷ lệ xác thực sinh trắc học,,percent,Dịch vụ công\n"
			   "cham,Nhiệm vụ chậm tiến độ,nhiệm vụ,count,Chỉ đạo\n"
			   "moi,Chỉ số chưa có số liệu,,count,Chỉ đạo\n"},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC-TCTTKĐA\"\ndate: 2025-01-06\n"
				      "title: \"Tháng 12/2024\"\nto: [\"Thủ tướng Chính phủ\"]\n---\n"
				      "Báo cáo {{cccd}}./.\n"},
	{"reports/2024-12/kpi.csv", "id,value,note\ncccd,86612345,\nsinh_trac,72.5,\ncham,20,\n"},
	{"reports/2025-01/report.md",
	 "---\nnumber: \"290/BC-TCTTKĐA\"\ndate: 2025-02-04\n"
	 "title: \"Tình hình <b>tháng 01/2025</b>\"\n"
	 "to: [\"Thủ tướng Chính phủ\", \"Các Phó Thủ tướng Chính phủ;\"]\n"
	 "signer:\n  authority: \"KT. TỔ TRƯỞNG\"\n  position: \"TỔ PHÓ THƯỜNG TRỰC\"\n"
	 "  title: \"THỨ TRƯỞNG BỘ CÔNG AN\"\n  name: \"Trung tướng Nguyễn Văn Long\"\n"
	 "recipients: [\"Như trên;\", \"Lưu: VT, C06\"]\n---\n"
	 "# I. KẾT QUẢ\n\nĐã cấp {{cccd}} ({{cccd.delta}}).[^1]\n\n{{chart cccd}}\n\n"
	 "Tổ Công tác kính báo cáo./.\n\n[^1]: Nguồn: C06.\n\n"
	 "# Phụ lục I. NHIỆM VỤ CHẬM\n\n| STT | Nhiệm vụ |\n|---|---|\n| 1 | Kết nối |\n"},
	{"reports/2025-01/kpi.csv", "id,value,note\ncccd,87912345,\"trên 87,9 triệu <thẻ>\"\n"
				    "sinh_trac,73.03,\ncham,12,\n"},
	{"reports/2025-02/report.md", "---\nnumber: \"/BC-TCTTKĐA\"\ndate: 2025-03\n"
				      "title: \"Dự thảo tháng 02/2025\"\nto: [\"Thủ tướng Chính phủ\"]\n---\n"
				      "Nội dung./.\n"},
	{"reports/2025-02/kpi.csv", "id,value,note\ncccd,87912345,chưa chốt số liệu\n"},
	{NULL, NULL},
};

static void test_index(const char *out)
{
	xmlDocPtr d = read_page(out, "index.html");
	CHECK(d != NULL);
	CHECK_STR(xp_str(d, "/html/@lang"), "vi");
	CHECK(xp_count(d, "//meta[@charset='utf-8']") == 1);
	CHECK(xp_count(d, "//meta[@name='viewport']") == 1);
	CHECK_STR(xp_str(d, "//title"), "Bản tin <Đề án 06> & co");
	CHECK_STR(xp_str(d, "//link[@rel='stylesheet']/@href"), "assets/style.css");
	/* the one script, the search's, from a file: the search box hidden until it runs */
	CHECK(xp_count(d, "//script") == 1);
	CHECK_STR(xp_str(d, "//script/@src"), "assets/search.js");
	CHECK_STR(xp_str(d, "//script"), "");
	CHECK(xp_count(d, "//form[@class='site-search' and @hidden]") == 1);
	CHECK(xp_count(d, "//section[@class='search-results' and @hidden]") == 1);
	/* one public address, a description, Open Graph */
	CHECK_STR(xp_str(d, "//link[@rel='canonical']/@href"), "https://example.gov.vn/de-an-06/");
	char *desc = xp_str(d, "//meta[@name='description']/@content");
	CHECK(strlen(desc) > 20);
	free(desc);
	CHECK_STR(xp_str(d, "//meta[@property='og:type']/@content"), "website");
	CHECK(xp_count(d, "//a[@href='feed.xml']") >= 1);
	/* latest figures: the newest report with values (2025-02 has only cccd) */
	CHECK(xp_count(d, "//section[@class='latest']//tr[@data-indicator]") == 1);
	CHECK_STR(xp_str(d, "//tr[@data-indicator='cccd']/td[@class='value']"), "87,9 triệu");
	CHECK_STR(xp_str(d, "//tr[@data-indicator='cccd']/td[@class='delta']"), "không đổi");
	CHECK(xp_count(d, "//tr[@data-indicator='cccd']//a[@href='chi-so/cccd.html']") == 1);
	/* its kpi.csv note under the name */
	CHECK_STR(xp_str(d, "//tr[@data-indicator='cccd']/th/small[@class='note']"), "chưa chốt số liệu");
	CHECK_STR(xp_str(d, "//tr[@data-indicator='cccd']/th/a"), "Thẻ CCCD gắn chip đã cấp");
	/* every indicator listed under its catalogue group, in the catalogue's order */
	CHECK(xp_count(d, "//section[@class='indicator-list']//div[@class='indicator-group']") == 3);
	CHECK_STR(xp_str(d, "(//div[@class='indicator-group'])[3]/h3"), "Chỉ đạo");
	CHECK(xp_count(d, "(//div[@class='indicator-group'])[3]//li") == 2);
	CHECK_STR(xp_str(d, "(//div[@class='indicator-group'])[3]//li[2]/a/@href"), "chi-so/moi.html");
	/* bulletins, newest first, with their PDFs */
	CHECK(xp_count(d, "//ol[@class='bulletins']/li[@class='bulletin']") == 3);
	CHECK(xp_count(d, "//li[@class='bulletin'][1]//a[@href='2025-02/index.html']") == 1);
	CHECK(xp_count(d, "//li[@class='bulletin'][3]//a[@href='2024-12/index.html']") == 1);
	CHECK(xp_count(d, "//li[@class='bulletin'][2]//a[@href='2025-01/bao-cao-thang-01-2025.pdf']") == 1);
	char *b2 = xp_str(d, "//li[@class='bulletin'][2]");
	CHECK(strstr(b2, "tháng 01/2025") && strstr(b2, "290/BC-TCTTKĐA") && strstr(b2, "04/02/2025"));
	free(b2);
	/* the title never breaks between "tháng" and its number: a no-break space */
	CHECK_STR(xp_str(d, "//li[@class='bulletin'][2]/a[1]"), "Tình hình <b>tháng\xC2\xA0" "01/2025</b>");
	xmlFreeDoc(d);
}

static void test_report(const char *out)
{
	xmlDocPtr d = read_page(out, "2025-01/index.html");
	CHECK(d != NULL);
	CHECK_STR(xp_str(d, "//link[@rel='stylesheet']/@href"), "../assets/style.css");
	CHECK(xp_count(d, "//a[@href='../index.html']") >= 1);
	CHECK_STR(xp_str(d, "//header[@class='bc-header']//*[@class='issuer-parent']"), "BỘ CÔNG AN");
	CHECK_STR(xp_str(d, "//*[@class='issuer-name']"), "TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06");
	CHECK_STR(xp_str(d, "//*[@class='issuer']/*[@class='number']"), "Số: 290/BC-TCTTKĐA");
	CHECK_STR(xp_str(d, "//*[@class='nation-name']"), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	CHECK_STR(xp_str(d, "//*[@class='motto']"), "Độc lập - Tự do - Hạnh phúc");
	CHECK_STR(xp_str(d, "//*[@class='nation']/*[@class='date-line']"),
		  "Hà Nội, ngày 04 tháng 02 năm 2025");
	CHECK_STR(xp_str(d, "//h1[@class='doc-type']"), "BÁO CÁO");
	CHECK_STR(xp_str(d, "//p[@class='subject']"), "Tình hình <b>tháng\xC2\xA0" "01/2025</b>");
	CHECK(xp_count(d, "//p[@class='subject']/b") == 0);
	/* several addressees: "- X;" lines, the last ending "." */
	CHECK(xp_count(d, "//*[@class='to']//li") == 2);
	CHECK_STR(xp_str(d, "//*[@class='to']//li[1]"), "Thủ tướng Chính phủ;");
	CHECK_STR(xp_str(d, "//*[@class='to']//li[2]"), "Các Phó Thủ tướng Chính phủ.");
	/* the body, its chart and footnote */
	CHECK(xp_count(d, "//article[@class='body']/h2") == 1);
	CHECK(xp_count(d, "//article[@class='body']/figure[@class='chart' and @data-indicator='cccd']") == 1);
	CHECK(xp_count(d, "//figure[@class='chart']/svg[@role='img']/title") == 1);
	CHECK(xp_count(d, "//figure[@class='chart']/svg[1][@class='chart-svg']/title") == 1);
	CHECK(xp_count(d, "//sup[@class='fnref']/a[@href='#fn-1' and @id='fnref-1']") == 1);
	CHECK(xp_count(d, "//section[@class='footnotes']//li[@id='fn-1']//a[@href='#fnref-1']") == 1);
	/* closing block */
	CHECK_STR(xp_str(d, "//footer[@class='closing']//*[@class='recipients']//li[1]"), "Như trên;");
	CHECK_STR(xp_str(d, "//footer[@class='closing']//*[@class='recipients']//li[2]"), "Lưu: VT, C06.");
	CHECK_STR(xp_str(d, "//*[@class='signer']/*[@class='authority']"), "KT. TỔ TRƯỞNG");
	CHECK_STR(xp_str(d, "//*[@class='signer']/*[@class='position']"), "TỔ PHÓ THƯỜNG TRỰC");
	CHECK_STR(xp_str(d, "//*[@class='signer']/*[@class='signer-title']"), "THỨ TRƯỞNG BỘ CÔNG AN");
	CHECK_STR(xp_str(d, "//*[@class='signer']/*[@class='signer-name']"), "Trung tướng Nguyễn Văn Long");
	/* order: body, closing, footnotes (the end of the document, as on the PDF's last page),
	 * then the appendix */
	CHECK(xp_count(d, "//article[@class='body']/following::footer[@class='closing']"
			  "/following::section[@class='footnotes']/following::section[@class='appendix']") == 1);
	CHECK(xp_count(d, "//section[@class='footnotes']/following::footer[@class='closing']") == 0);
	CHECK(xp_count(d, "//article[@class='body']//section[@class='appendix']") == 0);
	CHECK(xp_count(d, "//section[@class='appendix']//table/thead/tr/th") == 2);
	/* the appendix headed as the PDF heads it, its reference line in the wording of the
	 * project's templates/page-style.yaml */
	CHECK_STR(xp_str(d, "//section[@class='appendix']/h2/span[@class='appendix-label']"), "Phụ lục I");
	CHECK_STR(xp_str(d, "//section[@class='appendix']/h2/span[@class='appendix-name']"),
		  "NHIỆM VỤ CHẬM");
	char *ref = xp_str(d, "//section[@class='appendix']/p[@class='appendix-ref']/em");
	CHECK(strncmp(ref, "(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025 ", 50) == 0);
	free(ref);
	/* the figures of the report with their notes */
	CHECK_STR(xp_str(d, "//aside[@class='figures']//tr[@data-indicator='cccd']/th/small[@class='note']"),
		  "trên 87,9 triệu <thẻ>");
	CHECK(xp_count(d, "//aside[@class='figures']//tr[@data-indicator='cham']/th/small") == 0);
	CHECK(xp_count(d, "//a[@class='pdf-link' and @href='bao-cao-thang-01-2025.pdf']") == 1);
	CHECK(xp_count(d, "//a[@href='../chi-so/cccd.html']") >= 1);
	CHECK_STR(xp_str(d, "//script/@src"), "../assets/search.js");
	/* the folder's address is the page's one public address; the opening sentence of the
	 * body its description */
	CHECK_STR(xp_str(d, "//link[@rel='canonical']/@href"),
		  "https://example.gov.vn/de-an-06/2025-01/");
	CHECK_STR(xp_str(d, "//meta[@property='og:url']/@content"),
		  "https://example.gov.vn/de-an-06/2025-01/");
	CHECK_STR(xp_str(d, "//meta[@property='og:type']/@content"), "article");
	char *desc = xp_str(d, "//meta[@name='description']/@content");
	CHECK(strlen(desc) > 10);
	free(desc);
	/* the body's headings have ids a search result links to */
	CHECK(xp_count(d, "//article[@class='body']/h2[@id='muc-1']") == 1);
	xmlFreeDoc(d);

	/* one addressee on one line; a draft keeps its blanks */
	d = read_page(out, "2025-02/index.html");
	CHECK(xp_count(d, "//*[@class='to']//li") == 0);
	char *to = xp_str(d, "//*[@class='to']");
	CHECK(strstr(to, "Kính gửi:") && strstr(to, "Thủ tướng Chính phủ"));
	free(to);
	CHECK_STR(xp_str(d, "//*[@class='number']"), "Số:      /BC-TCTTKĐA");
	CHECK_STR(xp_str(d, "//*[@class='date-line']"), "Hà Nội, ngày      tháng 3 năm 2025");
	CHECK(xp_count(d, "//section[@class='footnotes']") == 0);
	CHECK(xp_count(d, "//section[@class='appendix']") == 0);
	xmlFreeDoc(d);
}

static void test_indicator(const char *out)
{
	xmlDocPtr d = read_page(out, "chi-so/cccd.html");
	CHECK(d != NULL);
	CHECK_STR(xp_str(d, "//h1"), "Thẻ CCCD gắn chip đã cấp");
	CHECK(xp_count(d, "//figure[@class='chart' and @data-indicator='cccd']/svg[@class='chart-svg']/desc") == 1);
	CHECK(xp_count(d, "//table[@class='series']//tr[@data-month]") == 3);
	CHECK_STR(xp_str(d, "//tr[@data-month='2025-01']/td[@class='value']"), "87,9 triệu");
	CHECK_STR(xp_str(d, "//tr[@data-month='2025-01']/td[@class='delta']"), "tăng 1,3 triệu");
	CHECK_STR(xp_str(d, "//tr[@data-month='2024-12']/td[@class='delta']"), "");
	/* the month links its report's page (a file: the site works opened from a folder) */
	CHECK(xp_count(d, "//tr[@data-month='2025-01']/th/a[@href='../2025-01/index.html']") == 1);
	CHECK_STR(xp_str(d, "//tr[@data-month='2025-01']/th/a/@title"), "Tình hình <b>tháng 01/2025</b>");
	/* the kpi.csv notes in a column of their own, empty where a month has none */
	CHECK_STR(xp_str(d, "//table[@class='series']/thead//th[@class='note']"), "Ghi chú");
	CHECK(xp_count(d, "//table[@class='series']//tr[@data-month]/td[@class='note']") == 3);
	CHECK_STR(xp_str(d, "//tr[@data-month='2025-01']/td[@class='note']"), "trên 87,9 triệu <thẻ>");
	CHECK_STR(xp_str(d, "//tr[@data-month='2025-02']/td[@class='note']"), "chưa chốt số liệu");
	CHECK_STR(xp_str(d, "//tr[@data-month='2024-12']/td[@class='note']"), "");
	/* figures line up: value and delta are the cells the stylesheet aligns right */
	CHECK_STR(xp_str(d, "//tr[@data-month='2025-01']/td[1]/@class"), "value");
	CHECK_STR(xp_str(d, "//tr[@data-month='2025-01']/td[2]/@class"), "delta");
	xmlFreeDoc(d);

	d = read_page(out, "chi-so/sinh_trac.html"); /* no note in any month: no column */
	CHECK(xp_count(d, "//table[@class='series']//tr[@data-month]") == 2);
	CHECK(xp_count(d, "//table[@class='series']//*[@class='note']") == 0);
	xmlFreeDoc(d);

	d = read_page(out, "chi-so/moi.html"); /* no value yet: a page all the same */
	CHECK(d != NULL);
	CHECK(xp_count(d, "//table[@class='series']") == 0);
	xmlFreeDoc(d);
}

static void test_feed_sitemap(const char *out)
{
	xmlDocPtr f = read_xml(out, "feed.xml");
	CHECK(f != NULL);
	CHECK(xp_count(f, "/a:feed") == 1);
	CHECK_STR(xp_str(f, "/a:feed/a:title"), "Bản tin <Đề án 06> & co");
	CHECK_STR(xp_str(f, "/a:feed/a:id"), "https://example.gov.vn/de-an-06/");
	CHECK_STR(xp_str(f, "/a:feed/a:updated"), "2025-03-01T00:00:00+07:00");
	CHECK(xp_count(f, "/a:feed/a:entry") == 3);
	CHECK_STR(xp_str(f, "/a:feed/a:entry[1]/a:id"), "https://example.gov.vn/de-an-06/2025-02/");
	CHECK_STR(xp_str(f, "/a:feed/a:entry[2]/a:link[@rel='alternate']/@href"),
		  "https://example.gov.vn/de-an-06/2025-01/");
	CHECK_STR(xp_str(f, "/a:feed/a:entry[2]/a:updated"), "2025-02-04T00:00:00+07:00");
	CHECK_STR(xp_str(f, "/a:feed/a:entry[2]/a:title"), "Tình hình <b>tháng 01/2025</b>");
	CHECK(xp_count(f, "//a:link[not(starts-with(@href, 'https://example.gov.vn/de-an-06/'))]") == 0);
	xmlFreeDoc(f);

	xmlDocPtr s = read_xml(out, "sitemap.xml");
	CHECK(s != NULL);
	CHECK(xp_count(s, "/sm:urlset/sm:url") == 1 + 3 + 4);
	CHECK(xp_count(s, "//sm:loc[not(starts-with(., 'https://example.gov.vn/de-an-06/'))]") == 0);
	CHECK(xp_count(s, "//sm:loc[.='https://example.gov.vn/de-an-06/chi-so/cham.html']") == 1);
	CHECK(xp_count(s, "//sm:url[sm:loc='https://example.gov.vn/de-an-06/2025-01/']"
			  "[sm:lastmod='2025-02-04']") == 1);
	xmlFreeDoc(s);
}

/* No clock, no address: a second build gives the same bytes. */
static void test_same_bytes(const char *a, const char *b)
{
	const char *rel[] = {"index.html", "2025-01/index.html", "chi-so/cccd.html", "feed.xml",
			     "sitemap.xml"};
	for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
		char *pa = path_join(a, rel[i]), *pb = path_join(b, rel[i]);
		size_t la = 0, lb = 0;
		char *x = read_file(pa, 1 << 24, &la), *y = read_file(pb, 1 << 24, &lb);
		CHECK(x && y && la == lb && memcmp(x, y, la) == 0);
		free(x);
		free(y);
		free(pa);
		free(pb);
	}
}

/* A copy of the project's HTML templates in a fresh folder, with `style` as its
 * page-style.yaml (NULL: none). */
static char *templates_with(const char *style)
{
	char tmpl[] = "/tmp/baocao-tpl-XXXXXX";
	char *dir = xstrdup(mkdtemp(tmpl));
	const char *names[] = {"base.html", "index.html", "report.html", "indicator.html"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *src = path_join(BAOCAO_SOURCE_DIR "/templates", names[i]);
		char *dst = path_join(dir, names[i]);
		size_t len = 0;
		char *text = read_file(src, 1 << 20, &len);
		FILE *f = fopen(dst, "wb");
		CHECK(text && f && fwrite(text, 1, len, f) == len);
		if (f)
			fclose(f);
		free(text);
		free(src);
		free(dst);
	}
	if (style) {
		char *dst = path_join(dir, "page-style.yaml");
		FILE *f = fopen(dst, "w");
		CHECK(f != NULL);
		if (f) {
			fputs(style, f);
			fclose(f);
		}
		free(dst);
	}
	return dir;
}

/* The appendix's reference line reads as the page style says, as the PDF's does. */
static void test_texts(const struct site *site)
{
	struct {
		const char *style, *want;
	} cases[] = {
		{"texts:\n  appendix_reference: \"(Kèm theo {number}, {date}; {issuer})\"\n",
		 "(Kèm theo 290/BC-TCTTKĐA, 04/02/2025; Tổ Công tác triển khai Đề án 06)"},
		/* no reference template: the default, the issuer from site.yaml */
		{"body:\n  size: 13\n", "(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025 của Tổ "
					"Công tác triển khai Đề án 06)"},
		/* no page style (the PDF reports that): the defaults */
		{NULL, "(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025 của Tổ Công tác triển "
		       "khai Đề án 06)"},
		/* broken YAML: the defaults too */
		{"texts: [\n", "(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025 của Tổ Công tác "
				"triển khai Đề án 06)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *dir = templates_with(cases[i].style);
		char tmpl[] = "/tmp/baocao-html-XXXXXX";
		char *out = xstrdup(mkdtemp(tmpl));
		struct diags d = {0};
		struct html_templates *t = html_templates_load(dir, &d);
		CHECK(t != NULL && d.n == 0);
		CHECK(t && html_write_site(t, site, out, &d) == 0);
		html_templates_free(t);
		diag_free(&d);
		xmlDocPtr doc = read_page(out, "2025-01/index.html");
		CHECK_STR(xp_str(doc, "//p[@class='appendix-ref']"), cases[i].want);
		xmlFreeDoc(doc);
		remove_tree(out);
		remove_tree(dir);
		free(out);
		free(dir);
	}
}

/* The files under dir/rel that are also, byte for byte, under ref/rel; how many there are
 * (a file missing from ref or different fails the check). */
static size_t same_files(const char *ref, const char *dir, const char *rel)
{
	char *path = path_join(dir, rel);
	DIR *dp = opendir(path);
	size_t n = 0;
	struct dirent *de;
	while (dp && (de = readdir(dp))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *sub = path_join(rel, de->d_name), *pa = path_join(dir, sub);
		struct stat st;
		if (stat(pa, &st) == 0 && S_ISDIR(st.st_mode)) {
			n += same_files(ref, dir, sub);
		} else {
			char *pr = path_join(ref, sub);
			size_t la = 0, lr = 0;
			char *x = read_file(pa, 1 << 24, &la), *y = read_file(pr, 1 << 24, &lr);
			bool same = x && y && la == lr && memcmp(x, y, la) == 0;
			if (!same)
				printf("# %s differs from %s\n", pa, pr);
			CHECK(same);
			n++;
			free(x);
			free(y);
			free(pr);
		}
		free(pa);
		free(sub);
	}
	if (dp)
		closedir(dp);
	free(path);
	return n;
}

/* html_write_task, each task alone in an empty folder: it needs no other (it makes its
 * folders), and the tasks together write every file of html_write_site once, the same
 * bytes; then all of them in reverse order into one folder: the same site. */
static void test_tasks(const struct site *site, const char *full)
{
	struct diags d = {0};
	struct html_templates *t = html_templates_load(BAOCAO_SOURCE_DIR "/templates", &d);
	CHECK(t != NULL);
	if (!t)
		return;
	size_t n = html_site_tasks(site), files = 0;
	CHECK(n == 3 + site->n_reports);
	for (size_t i = 0; i < n; i++) {
		char tmpl[] = "/tmp/baocao-task-XXXXXX";
		char *out = xstrdup(mkdtemp(tmpl));
		CHECK(html_write_task(t, site, i, out, &d) == 0 && d.n == 0);
		size_t k = same_files(full, out, "");
		CHECK(k > 0);
		files += k;
		remove_tree(out);
		free(out);
	}
	/* the feed is written after the tasks (it gives the PDFs' sizes) */
	char ftmpl[] = "/tmp/baocao-task-XXXXXX";
	char *fout = xstrdup(mkdtemp(ftmpl));
	CHECK(html_write_finish(site, fout, &d) == 0 && d.n == 0);
	files += same_files(full, fout, "");
	remove_tree(fout);
	free(fout);
	CHECK(files == same_files(full, full, ""));
	char tmpl[] = "/tmp/baocao-task-XXXXXX";
	char *out = xstrdup(mkdtemp(tmpl));
	for (size_t i = n; i-- > 0;)
		CHECK(html_write_task(t, site, i, out, &d) == 0);
	CHECK(html_write_finish(site, out, &d) == 0);
	CHECK(d.n == 0);
	CHECK(same_files(full, out, "") == files && same_files(out, full, "") == files);
	remove_tree(out);
	free(out);
	html_templates_free(t);
	diag_free(&d);
}

/* Without --drafts the draft (2025-02) is nowhere: not listed, no page, not in the feed or
 * the sitemap, not in the indicator pages, and never the source of the latest figures. */
static void test_drafts_off(struct site *site)
{
	site->drafts = false;
	char *out = write_site(site);
	xmlDocPtr d = read_page(out, "index.html");
	CHECK(xp_count(d, "//ol[@class='bulletins']/li[@class='bulletin']") == 2);
	CHECK(xp_count(d, "//a[starts-with(@href, '2025-02/')]") == 0);
	/* the latest figures: 2025-01's, all three, against 2024-12 */
	CHECK(xp_count(d, "//section[@class='latest']//tr[@data-indicator]") == 3);
	CHECK_STR(xp_str(d, "//tr[@data-indicator='cccd']/td[@class='delta']"), "tăng 1,3 triệu");
	CHECK_STR(xp_str(d, "//tr[@data-indicator='cccd']/th/small[@class='note']"),
		  "trên 87,9 triệu <thẻ>");
	CHECK_STR(xp_str(d, "//section[@class='latest']//a[contains(@href, 'index.html')]/@href"),
		  "2025-01/index.html");
	xmlFreeDoc(d);
	char *draft_dir = path_join(out, "2025-02");
	struct stat st;
	CHECK(stat(draft_dir, &st) != 0);
	free(draft_dir);
	d = read_page(out, "2025-01/index.html"); /* no link forward to the draft */
	CHECK(xp_count(d, "//a[contains(@href, '2025-02')]") == 0);
	xmlFreeDoc(d);
	d = read_page(out, "chi-so/cccd.html");
	CHECK(xp_count(d, "//table[@class='series']//tr[@data-month]") == 2);
	CHECK(xp_count(d, "//tr[@data-month='2025-02']") == 0);
	xmlFreeDoc(d);
	xmlDocPtr f = read_xml(out, "feed.xml");
	CHECK(xp_count(f, "/a:feed/a:entry") == 2);
	CHECK_STR(xp_str(f, "/a:feed/a:updated"), "2025-02-04T00:00:00+07:00");
	xmlFreeDoc(f);
	xmlDocPtr s = read_xml(out, "sitemap.xml");
	CHECK(xp_count(s, "/sm:urlset/sm:url") == 1 + 2 + 4);
	CHECK(xp_count(s, "//sm:loc[contains(., '2025-02')]") == 0);
	xmlFreeDoc(s);
	remove_tree(out);
	free(out);
	site->drafts = true;
}

/* search_put_sevens against a decoder written here from search.h's description, on every
 * length up to 40 bytes of pseudo-random bytes and of bytes whose groups are all escaped
 * (each of the five, the last group too): the bytes come back, no character a JavaScript
 * string cannot hold as it is is written, and the padding is zeros. */
static int unsevens(const char *s, size_t len, unsigned char *out, size_t n)
{
	static const unsigned escaped[5] = {0, 10, 13, 34, 92};
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned c = (unsigned char)s[i];
		if (c == 0 || c == 10 || c == 13 || c == 34 || c == 92)
			return -1; /* a character the encoding escapes, written as it is */
		if (c < 0x80) {
			acc = acc << 7 | c;
			bits += 7;
		} else {
			if ((c & 0xE0) != 0xC0 || i + 1 >= len ||
			    ((unsigned char)s[i + 1] & 0xC0) != 0x80)
				return -1; /* not a two-byte UTF-8 character */
			unsigned cp = (c & 0x1F) << 6 | ((unsigned char)s[++i] & 0x3F);
			if (cp < 0x100 || cp >= 0x100 + 5 * 64)
				return -1;
			acc = acc << 13 | escaped[(cp - 0x100) / 64] << 6 | (cp & 63);
			bits += 13;
		}
		while (bits >= 8) {
			bits -= 8;
			if (o < n)
				out[o++] = (unsigned char)(acc >> bits);
			else if ((acc >> bits) & 0xFF)
				return -1; /* padding that is not zeros */
		}
		acc &= (1u << bits) - 1;
	}
	return o == n && acc == 0 ? 0 : -1;
}

static void test_sevens(void)
{
	static const unsigned char five[5] = {0, 10, 13, 34, 92};
	unsigned seed = 1;
	int bad = 0, escapes = 0;
	for (int kind = 0; kind < 6; kind++)
		for (size_t n = 0; n <= 40; n++) {
			unsigned char in[40], back[40];
			/* kind 5: random; kind k < 5: every group the k-th escaped one, each followed by
			 * its six bits, so that the last group is one too */
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				in[i] = (unsigned char)(seed >> 16);
			}
			for (size_t bit = 0; kind < 5 && bit < 8 * n; bit++)
				if (bit % 13 < 7) {
					unsigned v = five[kind] >> (6 - bit % 13) & 1;
					in[bit / 8] = (unsigned char)((in[bit / 8] & ~(0x80u >> bit % 8)) |
								      v << (7 - bit % 8));
				}
			struct buf b;
			buf_init(&b);
			search_put_sevens(&b, in, n);
			if (unsevens(b.s, b.len, back, n) != 0 || memcmp(in, back, n) != 0)
				bad++;
			for (size_t i = 0; i < b.len; i++)
				escapes += ((unsigned char)b.s[i] & 0xE0) == 0xC0;
			buf_free(&b);
		}
	CHECK(bad == 0);
	CHECK(escapes > 5 * 40 * 2); /* the escaped groups were written as such */
}

int main(void)
{
	test_sevens();
	struct site *site = load_site(files);
	CHECK(site != NULL);
	if (!site)
		return check_done();
	test_drafts_off(site);
	site->drafts = true; /* the rest: as `build --drafts` publishes them */
	char *out = write_site(site);
	test_index(out);
	test_report(out);
	test_indicator(out);
	test_feed_sitemap(out);
	test_texts(site);
	test_tasks(site, out);
	char *again = write_site(site);
	test_same_bytes(out, again);
	remove_tree(out);
	remove_tree(again);
	free(out);
	free(again);
	site_free(site);
	return check_done();
}
