/* The figure check (gen/figures.c): figures read in Vietnamese notation, and each kind of
 * warning at its line and column, silenced by an ignore comment on its line. */
#include <math.h>

#include "check.h"
#include "figures.h"
#include "fixture.h"
#include "load/load.h"

/* ---- reading figures ---- */

static const struct figure *only(const char *text, struct figure *f)
{
	size_t n = figures_scan(text, f, 8);
	if (n != 1) {
		printf("# \"%s\": %zu figures\n", text, n);
		return NULL;
	}
	return f;
}

static void test_notation(void)
{
	struct figure f[8];
	const struct figure *g;
	CHECK((g = only("đạt 1.234.567 hồ sơ", f)) && g->value == 1234567 && !strcmp(g->unit, "hồ sơ"));
	CHECK((g = only("bình quân 12,5 lượt", f)) && fabs(g->value - 12.5) < 1e-9 &&
	      g->qual == QUAL_ABOUT);
	CHECK((g = only("trên 87,9 triệu thẻ", f)) && fabs(g->value - 87.9e6) < 1e-3 &&
	      g->qual == QUAL_ABOVE && !strcmp(g->norm, "87,9 triệu") && g->ulp == 1e5);
	CHECK((g = only("hơn 10 nghìn tỷ đồng", f)) && g->value == 1e13 && !strcmp(g->unit, "đồng"));
	CHECK((g = only("khoảng 200 ngàn tài khoản", f)) && g->value == 2e5 &&
	      !strcmp(g->norm, "200 nghìn"));
	CHECK((g = only("đạt 73,03%", f)) && g->percent && !strcmp(g->norm, "73,03%"));
	CHECK((g = only("đạt 73,03 %", f)) && g->percent);
	CHECK((g = only("tăng 0,53 điểm phần trăm", f)) && g->points && g->change);
	CHECK((g = only("04 địa phương", f)) && g->value == 4 && !strcmp(g->norm, "4"));
	CHECK((g = only("13 tỉnh, thành phố", f)) && !strcmp(g->unit, "địa phương"));
	CHECK((g = only("6.496 trường thông tin", f)) && !strcmp(g->unit, "trường thông tin"));
	CHECK((g = only("2.001 camera", f)) && g->value == 2001); /* no year: it has a dot */
	CHECK((g = only("tổng số 116 nghìn tỷ đồng", f)) && g->value == 116e12);
	CHECK((g = only("54/76 dịch vụ", f)) && g->fraction && g->value == 54 && g->denom == 76);
	CHECK((g = only("6.198/10.599 xã", f)) && g->fraction && g->denom == 10599);
	CHECK((g = only("tăng thêm 300 nghìn hồ sơ", f)) && g->change);
}

static void test_not_figures(void)
{
	static const char *const none[] = {
		"ngày 08/01/2025", "ngày 15/01", "tháng 6/2024", "đến 6/2024", "Nghị quyết số 03/NQ-CP",
		"Báo cáo 290/BC-TCTTKĐA", "Nghị quyết 57-NQ/TW", "Luật số 36/2024/QH15",
		"Điều 35", "khoản 7", "kỳ họp thứ 9", "lần 2", "năm 2024", "giai đoạn 2025-2035",
		"trong 2024", "A08", "Cục C06", "COVID-19", "mạng 5G", "(1) Bộ", "1.5 lần",
		"2.1. Bộ Công an", "1. Về thể chế", "Thông tư 12", "Tờ trình số 105", "08:30",
		"mức độ 2", "Phụ lục 1", "Quý I/2025", "10-15 ngày"};
	struct figure f[8];
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		size_t n = figures_scan(none[i], f, 8);
		char what[128];
		snprintf(what, sizeof what, "\"%s\" has no figure (found %zu)", none[i], n);
		check_report(n == 0, __FILE__, __LINE__, what, NULL);
	}
}

/* ---- the warnings ---- */

static const char SITE[] = "title: \"Bản tin\"\nbase_url: \"https://example.gov.vn/\"\n"
			   "place: \"Huế\"\nissuer:\n  name: \"SỞ THỬ\"\n  in_text: \"Sở Thử\"\n";
static const char INDICATORS[] =
	"id,name,unit,format,group\n"
	"the,Thẻ Căn cước công dân gắn chip đã cấp,thẻ,millions,Căn cước\n"
	"hoso,Hồ sơ trực tuyến đã tiếp nhận,hồ sơ,count,DVC\n"
	"tyle,Tỷ lệ hồ sơ trực tuyến toàn trình,,percent,DVC\n"
	"tot,Địa phương xếp loại Tốt,địa phương,count,DVC\n";
static const char KPI1[] = "id,value,note\nthe,87800000,\nhoso,12345,\ntyle,60.5,\ntot,3,\n";
static const char KPI2[] = "id,value,note\nthe,87900000,\nhoso,13580,\ntyle,61.25,\ntot,7,\n";
static const char FRONT[] = "---\nnumber: \"1/BC-S\"\ndate: 2025-02-04\ntitle: \"Tháng 01\"\n---\n";
/* line 6 is the first line of the body */
static const char BODY[] =
	"\n"
	"Đã cấp 87,8 triệu thẻ Căn cước công dân gắn chip.\n"		      /* 7 */
	"\n"
	"Tiếp nhận 13.580 hồ sơ trực tuyến.\n"				      /* 9 */
	"\n"
	"Đã tiếp nhận {{hoso}} hồ sơ (tăng 1.253 hồ sơ so với tháng trước).\n" /* 11 */
	"\n"
	"Có 54/76 dịch vụ (72,37%) được cung cấp.\n" /* 13 */
	"\n"
	"Tiếp nhận 7.120 hồ sơ, gồm 4.315 hồ sơ cấp tỉnh và 2.795 hồ sơ cấp huyện.\n" /* 15 */
	"\n"
	"Còn 05 địa phương[^1] chưa hoàn thành.\n" /* 17 */
	"\n"
	"[^1]: Hà Nội, Huế, Đà Nẵng, Cần Thơ.\n"
	"\n"
	"Đã cấp 87,8 triệu thẻ Căn cước công dân gắn chip. <!-- baocao: ignore stale -->\n" /* 21 */
	"\n"
	"<!-- baocao: ignore -->\n"
	"Đã cấp 87,8 triệu thẻ Căn cước công dân gắn chip.\n" /* 24 */
	"\n"
	"Nhận 7.120 hồ sơ, gồm 4.315 hồ sơ và 2.795 hồ sơ. <!-- baocao: ignore stale -->\n" /* 26 */
	"\n"
	"<!-- baocao: ignore totl -->\n" /* 28 */
	"\n"
	"| Đơn vị | Hồ sơ |\n"
	"|---|--:|\n"
	"| Sở A | 120 |\n"
	"| Sở B | 80 |\n"
	"| **Tổng cộng** | **210** |\n" /* 34 */
	"\n"
	"Ngày 08/01/2025, Nghị quyết số 03/NQ-CP, 57-NQ/TW, Điều 35, kỳ họp thứ 9, năm 2024, "
	"7 địa phương, tháng 12/2024, tăng {{hoso.delta}}.\n" /* 36 */
	"\n"
	"{{table bang.csv}} <!-- baocao: ignore total — the source says so -->\n" /* 38 */
	"\n"
	"{{table bang2.csv}}\n" /* 40 */
	"\n"
	"Còn 03 nội dung chưa xong: ⁽¹⁾ số hóa; ⁽²⁾ kết nối.\n" /* 42 */
	"\n"
	/* no warning: last month named, an average column, a list that is not whole */
	"Tháng 12/2024 đã cấp 87,8 triệu thẻ Căn cước công dân gắn chip.\n"
	"\n"
	"| Đơn vị | Số ngày xử lý bình quân |\n"
	"|---|--:|\n"
	"| Sở A | 3 |\n"
	"| Sở B | 5 |\n"
	"| Tổng | 4 |\n"
	"\n"
	"Còn 05 địa phương (Hà Nội, Huế…) chưa xong.\n"
	"\n"
	/* a bound, not a count: the list names the bodies, not the 02 databases */
	"Các bộ, ngành có từ 02 cơ sở dữ liệu trở lên chưa đồng bộ gồm:\n"
	"\n"
	"- Bộ Xây dựng: cơ sở dữ liệu về hoạt động xây dựng, cơ sở dữ liệu đường sắt;\n"
	"- Bộ Công Thương: cơ sở dữ liệu hợp đồng điện tử, cơ sở dữ liệu hóa chất;\n"
	"- Bộ Nội vụ: cơ sở dữ liệu tổ chức hành chính, cơ sở dữ liệu lưu trữ.\n"
	"\n"
	/* last month's value, though the sentence names last month: in another figure's
	 * parentheses, after it */
	"Đã cấp trên 87,8 triệu thẻ Căn cước công dân gắn chip, tiếp nhận {{hoso}} hồ sơ (tăng "
	"1.235 hồ sơ so với tháng 12/2024).\n"
	"\n"
	/* a percentage, the few words it counts, and its ratio in parentheses */
	"Có 72,7% địa phương (18/22) đã xong; 75% bộ, ngành (27/36) đã xong.\n"
	"\n"
	/* no warning: the sentence opens with last month */
	"Tháng 12/2024, đã cấp 87,8 triệu thẻ Căn cước công dân gắn chip.\n";

/* The line of text (1-based) that holds `needle`, or 0. */
static int line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	if (!at)
		return 0;
	int line = 1;
	for (const char *q = text; q < at; q++)
		line += *q == '\n';
	return line;
}

/* The character column of `needle` on line `line` of text (1-based), or 0. */
static int col_of(const char *text, int line, const char *needle)
{
	const char *p = text;
	for (int l = 1; l < line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return 0;
	const char *e = strchr(p, '\n'), *at = strstr(p, needle);
	if (!at || (e && at > e))
		return 0;
	int col = 1;
	for (const char *q = p; q < at; q++)
		if (((unsigned char)*q & 0xC0) != 0x80)
			col++;
	return col;
}

static int warned(const struct site *s, const char *file, int line, int col, const char *phrase)
{
	struct diags all = {0};
	for (size_t i = 0; i < s->n_reports; i++)
		for (size_t k = 0; k < s->reports[i].warnings.n; k++) {
			const struct diag *g = &s->reports[i].warnings.v[k];
			diag_warn(&all, g->path, g->line, g->col, "%s", g->msg);
		}
	int ok = has_error(&all, file, line, col, phrase);
	diag_free(&all);
	return ok;
}

static void test_warnings(void)
{
	char *report = xasprintf("%s%s", FRONT, BODY);
	const struct file files[] = {
		{"site.yaml", SITE},
		{"indicators.csv", INDICATORS},
		{"reports/2024-12/kpi.csv", KPI1},
		{"reports/2024-12/report.md", "---\nnumber: \"9/BC-S\"\ndate: 2025-01-04\n"
					      "title: \"Tháng 12\"\n---\nĐã cấp {{the}} thẻ.\n"},
		{"reports/2025-01/kpi.csv", KPI2},
		{"reports/2025-01/report.md", report},
		{"reports/2025-01/bang.csv", "Đơn vị,Số\nA,1\nB,2\nCộng,4\n"},
		{"reports/2025-01/bang2.csv", "Đơn vị,Số\nA,1\nB,2\nCộng,4\n"},
		{NULL, NULL}};
	char *dir = fixture(files);
	struct diags d = {0};
	struct site *s = site_load(dir, &d);
	CHECK(s != NULL && d.n == 0);
	if (!s) {
		diag_print(&d, stdout);
		goto out;
	}
	const char *md = "2025-01/report.md";
	CHECK(warned(s, md, 7, col_of(report, 7, "87,8"),
		     "87,8 triệu is the 12/2024 value of «Thẻ Căn cước công dân gắn chip…»; this "
		     "month's is 87,9 triệu: write {{the}} [stale]"));
	CHECK(warned(s, md, 9, col_of(report, 9, "13.580"), "typed by hand: write {{hoso}}"));
	CHECK(warned(s, md, 11, col_of(report, 11, "1.253"),
		     "«tăng 1.253» does not match the data: «Hồ sơ trực tuyến đã tiếp nhận» went from "
		     "12.345 (12/2024) to 13.580, tăng 1.235: write {{hoso.delta}} [change]"));
	CHECK(warned(s, md, 13, col_of(report, 13, "72,37%"), "54/76 is 71,05%, not 72,37% [ratio]"));
	CHECK(warned(s, md, 15, col_of(report, 15, "7.120"),
		     "4.315 + 2.795 = 7.110 hồ sơ, but the total says 7.120 [total]"));
	CHECK(warned(s, md, 17, col_of(report, 17, "05"),
		     "05 địa phương, but the list in its footnote names 4 [count]"));
	CHECK(warned(s, md, 26, col_of(report, 26, "7.120"), "[total]"));
	CHECK(warned(s, md, 28, col_of(report, 28, "<!--"), "unknown kind \"totl\""));
	CHECK(warned(s, md, 34, col_of(report, 34, "210"),
		     "the rows above add up to 200 in «Hồ sơ», but this row says 210 [total]"));
	CHECK(warned(s, "2025-01/bang2.csv", 4, 6, "add up to 3 in «Số», but this row says 4"));
	CHECK(warned(s, md, 42, col_of(report, 42, "03"),
		     "03 nội dung, but the list that follows has 2 items [count]"));
	int l = line_of(report, "Đã cấp trên 87,8");
	CHECK(warned(s, md, l, col_of(report, l, "87,8"), "87,8 triệu is the 12/2024 value"));
	l = line_of(report, "Có 72,7%");
	CHECK(warned(s, md, l, col_of(report, l, "72,7%"), "18/22 is 81,82%, not 72,7% [ratio]"));
	/* and nothing else: the silenced ones, the dates and numbers of documents */
	size_t n = 0;
	for (size_t i = 0; i < s->n_reports; i++)
		n += s->reports[i].warnings.n;
	CHECK(n == 13);
	if (n != 13)
		for (size_t i = 0; i < s->n_reports; i++)
			diag_print(&s->reports[i].warnings, stdout);
	/* the comments are no content */
	bool comment = false;
	cmark_iter *it = cmark_iter_new(s->reports[1].doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		const char *lit = cmark_node_get_literal(cmark_iter_get_node(it));
		comment = comment || (lit && strstr(lit, "baocao:"));
	}
	cmark_iter_free(it);
	CHECK(!comment);
	site_free(s);
out:
	diag_free(&d);
	free(dir);
	free(report);
}

int main(void)
{
	test_notation();
	test_not_figures();
	test_warnings();
	return check_done();
}
