/* An appendix's heading and reference line, shared by the website and the PDF. The expected
 * strings are written from docs/bao-cao-format.md ("Appendices", drafts), not from the
 * program's output. */
#include "check.h"

#include "appendix.h"
#include "util.h"

static void split(const char *heading, const char *want_label, const char *want_title)
{
	char *label = NULL, *title = NULL;
	appendix_split(heading, &label, &title);
	CHECK_STR(label, want_label);
	CHECK_STR(title, want_title);
}

static void test_split(void)
{
	split("Phụ lục I. Các nhiệm vụ chậm tiến độ chủ yếu đến ngày 20/01/2025", "Phụ lục I",
	      "CÁC NHIỆM VỤ CHẬM TIẾN ĐỘ CHỦ YẾU ĐẾN NGÀY 20/01/2025");
	/* written in capitals, or in lower case: the label still reads "Phụ lục" */
	split("PHỤ LỤC II. SỐ LIỆU THEO HUYỆN", "Phụ lục II", "SỐ LIỆU THEO HUYỆN");
	split("phụ lục iii: danh sách đơn vị", "Phụ lục III", "DANH SÁCH ĐƠN VỊ");
	/* the separators authors use */
	split("Phụ lục 2 - Bảng tổng hợp", "Phụ lục 2", "BẢNG TỔNG HỢP");
	split("Phụ lục IV – Kinh phí", "Phụ lục IV", "KINH PHÍ");
	split("Phụ lục V—Kinh phí", "Phụ lục V", "KINH PHÍ");
	split("Phụ lục I.Các đơn vị", "Phụ lục I", "CÁC ĐƠN VỊ");
	split("Phụ lục số 01: Danh mục", "Phụ lục số 01", "DANH MỤC");
	split("  Phụ lục I.  Các đơn vị  ", "Phụ lục I", "CÁC ĐƠN VỊ");
	/* no title */
	split("Phụ lục I", "Phụ lục I", "");
	split("PHỤ LỤC II.", "Phụ lục II", "");
	split("Phụ lục", "Phụ lục", "");
	split("Phụ lục: Danh sách", "Phụ lục", "DANH SÁCH");
	split("Phụ lục Danh sách đơn vị", "Phụ lục", "DANH SÁCH ĐƠN VỊ");
	split("Phụ lục Số liệu chi tiết", "Phụ lục", "SỐ LIỆU CHI TIẾT");
	split("Phụ lục A. Bảng", "Phụ lục A", "BẢNG");
	split("Phụ lục iv", "Phụ lục IV", "");
	/* the title keeps its own punctuation */
	split("Phụ lục I. Nhiệm vụ (theo Nghị quyết số 01/NQ-CP)", "Phụ lục I",
	      "NHIỆM VỤ (THEO NGHỊ QUYẾT SỐ 01/NQ-CP)");
	/* capitals that would damage a symbol or a name: those words are kept as written */
	split("Phụ lục II. Kết quả thực hiện Chỉ thị số 07/CT-TTg", "Phụ lục II",
	      "KẾT QUẢ THỰC HIỆN CHỈ THỊ SỐ 07/CT-TTg");
	split("Phụ lục III. Tiện ích trên ứng dụng VNeID", "Phụ lục III",
	      "TIỆN ÍCH TRÊN ỨNG DỤNG VNeID");
	split("Phụ lục I. Nhiệm vụ theo Nghị định 30/2020/NĐ-CP (VNeID, iPhone)", "Phụ lục I",
	      "NHIỆM VỤ THEO NGHỊ ĐỊNH 30/2020/NĐ-CP (VNeID, iPhone)");
	split("Phụ lục I. Kế hoạch số 579/KH-TCTTKĐA và Quyết định 206/QĐ-TTg", "Phụ lục I",
	      "KẾ HOẠCH SỐ 579/KH-TCTTKĐA VÀ QUYẾT ĐỊNH 206/QĐ-TTg");
	split("Phụ lục I. Báo cáo Quý I/2025", "Phụ lục I", "BÁO CÁO QUÝ I/2025");
	split("Phụ lục I. Đề án 06 năm 2025", "Phụ lục I", "ĐỀ ÁN 06 NĂM 2025");
	split("Phụ lục I. Cục C06 và TP. Hồ Chí Minh", "Phụ lục I", "CỤC C06 VÀ TP. HỒ CHÍ MINH");
	split("Phụ lục I. ĐƠN VỊ CT-TTg", "Phụ lục I", "ĐƠN VỊ CT-TTg");
}

static void test_title_upper(void)
{
	CHECK_STR(appendix_title_upper("Các đơn vị  và\tđịa phương"), "CÁC ĐƠN VỊ  VÀ\tĐỊA PHƯƠNG");
	CHECK_STR(appendix_title_upper("ứng dụng VNeID"), "ỨNG DỤNG VNeID");
	CHECK_STR(appendix_title_upper("(VNeID)"), "(VNeID)");
	CHECK_STR(appendix_title_upper("eKYC và eID"), "eKYC VÀ eID");
	CHECK_STR(appendix_title_upper("iphone"), "IPHONE"); /* no capital to keep */
	CHECK_STR(appendix_title_upper("Thủ tướng"), "THỦ TƯỚNG");
	CHECK_STR(appendix_title_upper("tháng 01/2025"), "THÁNG 01/2025");
	CHECK_STR(appendix_title_upper("a/b"), "a/b");
	CHECK_STR(appendix_title_upper(""), "");
	CHECK_STR(appendix_title_upper(NULL), "");
}

static void test_case(void)
{
	CHECK_STR(appendix_upper("Tổ Công tác triển khai Đề án 06"), "TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06");
	CHECK_STR(appendix_upper("ỷ ạ ộ ủ ơ ư đ"), "Ỷ Ạ Ộ Ủ Ơ Ư Đ");
	CHECK_STR(appendix_sentence_case("TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06"),
		  "Tổ công tác triển khai đề án 06");
	CHECK_STR(appendix_sentence_case("06 ĐƠN VỊ"), "06 Đơn vị"); /* the first letter */
	CHECK_STR(appendix_upper(""), "");
	CHECK_STR(appendix_upper(NULL), "");
}

static void test_reference(void)
{
	struct site site = {0};
	site.issuer_name = "TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06";
	site.issuer_in_text = "Tổ Công tác triển khai Đề án 06";
	struct report r = {0};
	r.number = "290/BC-TCTTKĐA";
	r.date = (struct date){2025, 2, 4};

	/* the issuer as site.yaml's issuer.in_text writes it inside a sentence */
	CHECK_STR(appendix_reference_line(&site, &r, NULL),
		  "(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025 của Tổ Công tác triển khai "
		  "Đề án 06)");
	/* another body: never the name of the one the templates were written for */
	site.issuer_name = "BỘ CÔNG AN";
	site.issuer_in_text = "Bộ Công an";
	CHECK_STR(appendix_reference_line(&site, &r, NULL),
		  "(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025 của Bộ Công an)");
	/* a template of the office's own, each placeholder wherever it is */
	CHECK_STR(appendix_reference_line(&site, &r, "Kèm theo {number}, {date}; {number}"),
		  "Kèm theo 290/BC-TCTTKĐA, 04/02/2025; 290/BC-TCTTKĐA");
	/* a number below 10 gets its leading zero, as in "Số: 05/BC-…" */
	site.issuer_in_text = "Tổ Công tác";
	r.number = "5/BC-TCTTKĐA";
	r.date = (struct date){2024, 7, 5};
	CHECK_STR(appendix_reference_line(&site, &r, NULL),
		  "(Kèm theo Báo cáo số 05/BC-TCTTKĐA ngày 05/07/2024 của Tổ Công tác)");
	/* a draft: the number and the day left blank, as the header leaves them */
	r.number = "/BC-TCTTKĐA";
	r.date = (struct date){2023, 2, 0};
	CHECK_STR(appendix_reference_line(&site, &r, NULL),
		  "(Kèm theo Báo cáo số      /BC-TCTTKĐA ngày      /02/2023 của Tổ Công tác)");
	/* no issuer at all (the loader refuses that; nothing breaks here) */
	site.issuer_name = NULL;
	site.issuer_in_text = NULL;
	r.number = "1/BC-X";
	r.date = (struct date){2025, 1, 6};
	CHECK_STR(appendix_reference_line(&site, &r, "(số {number} của {issuer})"),
		  "(số 01/BC-X của )");
}

/* The first appendix heading of a Markdown text (parsed by cmark), or NULL. */
static cmark_node *first_appendix(cmark_node *doc)
{
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n))
		if (heading_is_appendix(n))
			return n;
	return NULL;
}

static bool written(const char *md)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	cmark_node *h = first_appendix(doc);
	bool yes = h && appendix_reference_written(h);
	if (!h)
		printf("# no appendix heading in %s\n", md);
	cmark_node_free(doc);
	return yes;
}

static void test_written(void)
{
	CHECK(written("# Phụ lục I\n\n(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025)\n"));
	CHECK(written("# Phụ lục I\n\n*(kèm theo Báo cáo số 290)*\n"));
	CHECK(written("# PHỤ LỤC I\n\nKÈM THEO BÁO CÁO SỐ 290\n"));
	CHECK(!written("# Phụ lục I\n\nBảng dưới đây, kèm theo Báo cáo.\n"));
	CHECK(!written("# Phụ lục I\n\n## DANH SÁCH\n\n(Kèm theo Báo cáo)\n"));
	CHECK(!written("# Phụ lục I\n"));
	CHECK(!appendix_reference_written(NULL));
}

int main(void)
{
	test_split();
	test_title_upper();
	test_case();
	test_reference();
	test_written();
	return check_done();
}
