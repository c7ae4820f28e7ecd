/* A report's expanded Markdown as DOM: escaping, links, footnotes, tables, lists, raw HTML,
 * charts, appendices. The content is loaded with site_load from a folder written here. */
#include "url.h"
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
		      "issuer:\n  name: \"TỔ CÔNG TÁC\"\n  in_text: \"Tổ Công tác triển khai Đề án 06\"\n"},
	{"indicators.csv", "id,name,unit,format,group\ncccd,Thẻ CCCD gắn chip,thẻ,millions,Công dân số\n"},
	{"reports/2024-12/report.md", "---\nnumber: \"1/BC-X\"\ndate: 2025-01-06\ntitle: \"Tháng 12\"\n"
				      "to: [\"A\"]\n---\nBáo cáo./.\n"},
	{"reports/2024-12/kpi.csv", "id,value,note\ncccd,86612345,\n"},
	{"reports/2025-01/kpi.csv", "id,value,note\ncccd,87912345,\n"},
	{"reports/2025-01/nhom.csv", "STT,Nội dung,Số lượng,Ghi chú\nA. NHÓM MỘT,,,\n"
				     "1,Việc một,1.234,\n2,Việc hai,\"56,5%\",xong\n"},
	{"reports/2025-01/bang.csv", "Tên,Ghi chú\n\"<script>x</script>\",\"dòng 1\ndòng 2\"\n"},
	/* a draft (no number, no day) with an appendix of group rows in every form */
	{"reports/2025-02/report.md",
	 "---\nnumber: \"/BC-TCTTKĐA\"\ndate: 2025-03\ntitle: \"Dự thảo\"\nto: [\"A\"]\n---\n"
	 "Báo cáo./.\n\n"
	 "# Phụ lục I. Các nhiệm vụ chậm tiến độ\n\n"
	 "{{table nhiem-vu.csv}}\n\n"
	 "{{table hai-cot.csv}}\n\n"
	 "| STT | Nhiệm vụ | Đơn vị | Hạn | Kết quả |\n|---|---|---|---|---|\n"
	 "| **B. VỀ DỮ LIỆU** | | | | |\n| 1 | Kết nối | Bộ Y tế | 2024 | Chưa xong |\n"},
	{"reports/2025-02/kpi.csv", "id,value,note\ncccd,88000000,\n"},
	{"reports/2025-02/nhiem-vu.csv",
	 "STT,Nội dung nhiệm vụ,Văn bản chỉ đạo,Đơn vị thực hiện,Thời gian,Kết quả,Ghi chú\n"
	 "A. VỀ HOÀN THIỆN THỂ CHẾ,,,,,,\n"
	 "1,Trình Nghị định,Nghị quyết 01,Bộ Tư pháp,Đã quá hạn,Đang trình,Chậm 06 tháng\n"},
	{"reports/2025-02/hai-cot.csv", "Địa phương,Số hồ sơ\nMiền Bắc,\nHà Nội,32.354\n"},
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

/* The draft's appendix: the reference line with the page style's texts and a draft's blanks;
 * group rows across the whole table in a 7-column CSV table, a 2-column CSV table and a
 * Markdown table; a wide table's cells carry their column's name for phones. */
static void test_draft_appendix(const struct site *site)
{
	struct html_texts texts = {NULL};
	struct md_result r;
	md_render(site, 2, "../", &texts, NULL, &r);
	CHECK(r.n_appendices == 1);
	xmlDocPtr apps = as_doc(&r.appendices);
	CHECK_STR(xp_str(apps, "//h2/span[@class='appendix-label']"), "Phụ lục I");
	CHECK_STR(xp_str(apps, "//h2/span[@class='appendix-name']"), "CÁC NHIỆM VỤ CHẬM TIẾN ĐỘ");
	CHECK_STR(xp_str(apps, "//p[@class='appendix-ref']"),
		  "(Kèm theo Báo cáo số      /BC-TCTTKĐA ngày      /03/2025 của Tổ Công tác triển "
		  "khai Đề án 06)");

	/* the 7-column table: its group row spans the 7 columns; the cells are labelled */
	CHECK(xp_count(apps, "//table") == 3);
	CHECK_STR(xp_str(apps, "(//table)[1]/@class"), "wide");
	CHECK(xp_count(apps, "(//table)[1]/tbody/tr[1]/td") == 1);
	CHECK_STR(xp_str(apps, "(//table)[1]/tbody/tr[1]/@class"), "group-row");
	CHECK_STR(xp_str(apps, "(//table)[1]/tbody/tr[1]/td/@colspan"), "7");
	CHECK_STR(xp_str(apps, "(//table)[1]/tbody/tr[1]/td"), "A. VỀ HOÀN THIỆN THỂ CHẾ");
	CHECK(xp_count(apps, "(//table)[1]/tbody/tr[2]/td") == 7);
	CHECK_STR(xp_str(apps, "(//table)[1]/tbody/tr[2]/td[2]/@data-label"), "Nội dung nhiệm vụ");
	CHECK_STR(xp_str(apps, "(//table)[1]/tbody/tr[2]/td[7]/@data-label"), "Ghi chú");
	CHECK(xp_count(apps, "(//table)[1]/tbody/tr[1]/td/@data-label") == 0);
	/* two columns: a row with only its first cell is a group row too, as in the PDF */
	CHECK(xp_count(apps, "(//table)[2]/@class") == 0);
	CHECK_STR(xp_str(apps, "(//table)[2]/tbody/tr[1]/@class"), "group-row");
	CHECK_STR(xp_str(apps, "(//table)[2]/tbody/tr[1]/td/@colspan"), "2");
	CHECK(xp_count(apps, "(//table)[2]/tbody/tr[2]/td") == 2);
	CHECK(xp_count(apps, "(//table)[2]//@data-label") == 0); /* narrow: stays a table */
	/* Markdown: the author's bold is kept inside the spanning cell */
	CHECK_STR(xp_str(apps, "(//table)[3]/tbody/tr[1]/@class"), "group-row");
	CHECK_STR(xp_str(apps, "(//table)[3]/tbody/tr[1]/td/@colspan"), "5");
	CHECK_STR(xp_str(apps, "(//table)[3]/tbody/tr[1]/td/strong"), "B. VỀ DỮ LIỆU");
	CHECK(xp_count(apps, "(//table)[3]/tbody/tr[2]/td") == 5);
	xmlFreeDoc(apps);
	md_result_free(&r);

	/* an office's own reference template */
	struct html_texts own = {"(Kèm theo Báo cáo {number})"};
	md_render(site, 2, "../", &own, NULL, &r);
	apps = as_doc(&r.appendices);
	CHECK_STR(xp_str(apps, "//p[@class='appendix-ref']"), "(Kèm theo Báo cáo      /BC-TCTTKĐA)");
	xmlFreeDoc(apps);
	md_result_free(&r);
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
	md_render(site, 1, "../", NULL, NULL, &r);
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
	CHECK(xp_count(body, "//figure//*[local-name()='svg' and @role='img']") == 1); /* drawn once */
	CHECK(xp_count(body, "//figure/*[1][local-name()='svg' and @class='chart-svg']") == 1);
	CHECK_STR(xp_str(body, "//figure//a/@href"), "../chi-so/cccd.html");

	/* appendices: out of the body, each in its own section, with the reference line under
	 * the title unless the author wrote one */
	char *all_body = xp_str(body, "/");
	CHECK(strstr(all_body, "Nội dung phụ lục") == NULL);
	CHECK(strstr(all_body, "Chú thích") == NULL);
	free(all_body);
	CHECK(xp_count(apps, "/div/section[@class='appendix']") == 2);
	/* "# Phụ lục I" has no title: the label alone, then the reference line (the issuer as
	 * site.yaml's issuer.in_text writes it), then the author's "## DANH SÁCH" */
	CHECK_STR(xp_str(apps, "/div/section[1]/*[1][self::h2][@class='appendix-title']"),
		  "Phụ lục I");
	CHECK_STR(xp_str(apps, "/div/section[1]/h2/span[@class='appendix-label']"), "Phụ lục I");
	CHECK(xp_count(apps, "/div/section[1]/h2/span[@class='appendix-name']") == 0);
	CHECK_STR(xp_str(apps, "/div/section[1]/*[2][self::p][@class='appendix-ref']/em"),
		  "(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025 của Tổ Công tác triển khai Đề "
		  "án 06)");
	CHECK_STR(xp_str(apps, "/div/section[1]/*[3][self::h3]"), "DANH SÁCH");
	/* "# PHỤ LỤC II. BẢNG": "Phụ lục II" and the title in capitals on lines of their own;
	 * the author wrote the reference line: none is added, theirs is kept as written and set
	 * as the generated one would be */
	CHECK_STR(xp_str(apps, "/div/section[2]/h2/span[@class='appendix-label']"), "Phụ lục II");
	CHECK_STR(xp_str(apps, "/div/section[2]/h2/span[@class='appendix-name']"), "BẢNG");
	CHECK_STR(xp_str(apps, "/div/section[2]/h2"), "Phụ lục II BẢNG");
	CHECK(xp_count(apps, "/div/section[2]/p[@class='appendix-ref']") == 1);
	CHECK_STR(xp_str(apps, "/div/section[2]/*[2][self::p][@class='appendix-ref']/em"),
		  "(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025 của Tổ Công tác)");
	CHECK_STR(xp_str(apps, "/div/section[2]/*[3][self::p]"), "Nội dung hai.");
	CHECK_STR(xp_str(apps, "/div/section[2]/@id"), "phu-luc-2");

	xmlFreeDoc(body);
	xmlFreeDoc(notes);
	xmlFreeDoc(apps);
	md_result_free(&r);
	test_draft_appendix(site);
	site_free(site);
	return check_done();
}
