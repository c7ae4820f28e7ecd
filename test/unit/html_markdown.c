/* A report's expanded Markdown as DOM: escaping, links, footnotes, tables, lists, raw HTML,
 * charts, appendices. The content is loaded with site_load from a folder written here. */
#include "html/dom.h"
#include "html_helpers.h"

static const char *report_md =
	"---\n"
	"number: \"290/BC-TCTTKĐA\"\n"
	"date: 2025-02-04\n"
	"title: \"Báo cáo <script>alert(1)</script>\"\n"
	"to: [\"Thủ tướng Chính phủ\"]\n"
	"signer:\n"
	"  position: \"TỔ PHÓ\"\n"
	"  name: \"Nguyễn Văn A\"\n"
	"recipients: [\"Như trên\", \"Lưu: VT\"]\n"
	"---\n"
	"# I. <script>alert(2)</script> KẾT QUẢ\n"
	"\n"
	"Đoạn một[^b] có [liên kết](javascript:alert(3)) và [web](https://x.vn/a?b=1&c=2) và "
	"[thư](mailto:a@b.vn) và [tương đối](../2024-12/) và ![ảnh](https://evil.example/x.png).\n"
	"\n"
	"Đoạn hai[^a] nhắc lại[^b] <b>đậm giả</b> <!-- ghi chú --> số {{cccd}}.\n"
	"\n"
	"- cấp 1\n"
	"  + cấp 2\n"
	"\n"
	"| A | B |\n"
	"|:-:|--:|\n"
	"| 1 | 2 |\n"
	"\n"
	"{{table bang.csv}}\n"
	"\n"
	"{{table nhom.csv}}\n"
	"\n"
	"{{chart cccd}}\n"
	"\n"
	"<div>khối HTML</div>\n"
	"\n"
	"[^a]: Chú thích A.\n"
	"[^b]: Chú thích B.\n"
	"\n"
	"# Phụ lục I\n"
	"\n"
	"## DANH SÁCH\n"
	"\n"
	"Nội dung phụ lục.\n"
	"\n"
	"# PHỤ LỤC II. BẢNG\n"
	"\n"
	"(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025 của Tổ Công tác)\n"
	"\n"
	"Nội dung hai.\n";

static const struct file files[] = {
	{"site.yaml", "title: \"T\"\nbase_url: \"https://example.gov.vn/x/\"\nplace: \"Hà Nội\"\n"
		      "issuer:\n  name: \"TỔ CÔNG TÁC\"\n"},
	{"indicators.csv", "id,name,unit,format,group\ncccd,Thẻ CCCD gắn chip,thẻ,millions,Công dân số\n"},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC-X\"\ndate: 2025-01-06\ntitle: \"Tháng 12\"\n"
				      "to: [\"A\"]\n---\nBáo cáo./.\n"},
	{"reports/2024-12/kpi.csv", "id,value,note\ncccd,86612345,\n"},
	{"reports/2025-01/kpi.csv", "id,value,note\ncccd,87912345,\n"},
	{"reports/2025-01/nhom.csv", "STT,Nội dung,Số lượng,Ghi chú\nA. NHÓM MỘT,,,\n"
				     "1,Việc một,1.234,\n2,Việc hai,\"56,5%\",xong\n"},
	{"reports/2025-01/bang.csv", "Tên,Ghi chú\n\"<script>x</script>\",\"dòng 1\ndòng 2\"\n"},
	{NULL, NULL},
};

static xmlDocPtr as_doc(xmlNodePtr *container)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlDocSetRootElement(doc, *container);
	*container = NULL;
	return doc;
}

static void test_url_is_safe(void)
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
}

int main(void)
{
	test_url_is_safe();

	struct file all[sizeof files / sizeof files[0] + 1];
	memcpy(all, files, sizeof files);
	all[sizeof files / sizeof files[0] - 1] = (struct file){"reports/2025-01/report.md", report_md};
	all[sizeof files / sizeof files[0]] = (struct file){NULL, NULL};
	struct site *site = load_site(all);
	CHECK(site != NULL);
	if (!site)
		return check_done();

	struct md_result r;
	md_render(site, 1, "../", &r);
	CHECK(r.n_footnotes == 2);
	CHECK(r.n_appendices == 2);
	CHECK(r.charted[0]);
	xmlDocPtr body = as_doc(&r.body), notes = as_doc(&r.footnotes), apps = as_doc(&r.appendices);

	/* escaping: the heading's raw HTML is text; nothing executable anywhere */
	CHECK_STR(xp_str(body, "//h2[1]"), "I. <script>alert(2)</script> KẾT QUẢ");
	CHECK(xp_count(body, "//script") == 0);
	CHECK(xp_count(body, "//*[starts-with(@href, 'javascript')]") == 0);
	CHECK_STR(xp_str(body, "//span[@class='link-removed']"), "liên kết");
	CHECK(xp_count(body, "//a[@href='https://x.vn/a?b=1&c=2']") == 1);
	CHECK(xp_count(body, "//a[@href='mailto:a@b.vn']") == 1);
	CHECK(xp_count(body, "//a[@href='../2024-12/']") == 1);
	CHECK(xp_count(body, "//img") == 0); /* no external resource */
	CHECK_STR(xp_str(body, "//span[@class='image-alt']"), "ảnh");

	/* raw inline HTML shown as text, comments dropped, values as text */
	char *p2 = xp_str(body, "//p[2]");
	CHECK(strstr(p2, "<b>đậm giả</b>") != NULL);
	CHECK(strstr(p2, "ghi chú") == NULL);
	CHECK(strstr(p2, "87,9 triệu") != NULL);
	free(p2);
	CHECK(xp_count(body, "//b") == 0);
	CHECK(xp_count(body, "/div//div[not(@class)]") == 0);
	CHECK(xp_count(body, "//p[@class='raw-html' and contains(., '<div>khối HTML</div>')]") == 1);

	/* footnotes numbered in order of first reference, with back links */
	CHECK(xp_count(body, "//sup[@class='fnref']") == 3);
	CHECK_STR(xp_str(body, "//p[1]/sup/a"), "1");
	CHECK_STR(xp_str(body, "//p[1]/sup/a/@href"), "#fn-1");
	CHECK_STR(xp_str(body, "//p[1]/sup/a/@id"), "fnref-1");
	CHECK_STR(xp_str(body, "//p[2]/sup[1]/a"), "2");
	CHECK_STR(xp_str(body, "//p[2]/sup[1]/a/@id"), "fnref-2");
	CHECK_STR(xp_str(body, "//p[2]/sup[2]/a"), "1");
	CHECK_STR(xp_str(body, "//p[2]/sup[2]/a/@href"), "#fn-1");
	CHECK(xp_count(body, "//a[@id='fnref-1']") == 1); /* the repeat gets another id */
	CHECK(xp_count(notes, "/div/li") == 2);
	CHECK_STR(xp_str(notes, "/div/li[1]/@id"), "fn-1");
	char *n1 = xp_str(notes, "/div/li[1]");
	CHECK(strstr(n1, "Chú thích B.") != NULL);
	free(n1);
	CHECK_STR(xp_str(notes, "/div/li[1]//a[@class='fnback']/@href"), "#fnref-1");
	CHECK_STR(xp_str(notes, "/div/li[2]/@id"), "fn-2");
	CHECK_STR(xp_str(notes, "/div/li[2]//a[@class='fnback']/@href"), "#fnref-2");

	/* lists: a "+" list inside a "-" list */
	CHECK(xp_count(body, "//ul/li/ul/li") == 1);

	/* tables: the header row in thead, alignments, the CSV's cells as text, line breaks */
	CHECK(xp_count(body, "//div[@class='table-wrap']/table") == 3);
	CHECK(xp_count(body, "(//table)[1]/thead/tr/th") == 2);
	CHECK(xp_count(body, "(//table)[1]/tbody/tr/td") == 2);
	CHECK_STR(xp_str(body, "(//table)[1]/thead/tr/th[1]/@class"), "text-center");
	CHECK_STR(xp_str(body, "(//table)[1]/tbody/tr/td[2]/@class"), "text-right");
	CHECK_STR(xp_str(body, "(//table)[2]/thead/tr/th[1]"), "Tên");
	CHECK_STR(xp_str(body, "(//table)[2]/tbody/tr/td[1]"), "<script>x</script>");
	CHECK(xp_count(body, "(//table)[2]/tbody/tr/td[2]/br") == 1);

	/* a row with only its first cell heads a group; STT centred, numbers to the right */
	CHECK(xp_count(body, "(//table)[3]/tbody/tr") == 3);
	CHECK_STR(xp_str(body, "(//table)[3]/tbody/tr[1]/@class"), "group-row");
	CHECK_STR(xp_str(body, "(//table)[3]/tbody/tr[1]/td/@colspan"), "4");
	CHECK_STR(xp_str(body, "(//table)[3]/tbody/tr[1]/td"), "A. NHÓM MỘT");
	CHECK_STR(xp_str(body, "(//table)[3]/tbody/tr[2]/td[1]/@class"), "text-center");
	CHECK_STR(xp_str(body, "(//table)[3]/tbody/tr[2]/td[3]/@class"), "text-right");
	CHECK_STR(xp_str(body, "(//table)[3]/thead/tr/th[3]/@class"), "text-right");
	CHECK(xp_count(body, "(//table)[3]/tbody/tr[3]/td[4]/@class") == 0);
	CHECK(xp_count(body, "(//table)[3]/tbody/tr[3]/td[2]/@class") == 0);

	/* the chart */
	CHECK(xp_count(body, "//figure[@class='chart' and @data-indicator='cccd']") == 1);
	CHECK(xp_count(body, "//figure//*[local-name()='svg' and @role='img']") == 1);
	CHECK_STR(xp_str(body, "//figure//a/@href"), "../chi-so/cccd.html");

	/* appendices: out of the body, each in its own section, with the reference line under
	 * the title unless the author wrote one */
	char *all_body = xp_str(body, "/");
	CHECK(strstr(all_body, "Nội dung phụ lục") == NULL);
	CHECK(strstr(all_body, "Chú thích") == NULL);
	free(all_body);
	CHECK(xp_count(apps, "/div/section[@class='appendix']") == 2);
	CHECK_STR(xp_str(apps, "/div/section[1]/h2[@class='appendix-title']"), "Phụ lục I");
	CHECK_STR(xp_str(apps, "/div/section[1]/*[2]"), "DANH SÁCH");
	CHECK_STR(xp_str(apps, "/div/section[1]/*[3]"),
		  "(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025)");
	CHECK_STR(xp_str(apps, "/div/section[1]/*[3]/@class"), "appendix-ref");
	CHECK(xp_count(apps, "/div/section[2]/p[@class='appendix-ref']") == 0);
	CHECK_STR(xp_str(apps, "/div/section[2]/@id"), "phu-luc-2");

	xmlFreeDoc(body);
	xmlFreeDoc(notes);
	xmlFreeDoc(apps);
	md_result_free(&r);
	site_free(site);
	return check_done();
}
