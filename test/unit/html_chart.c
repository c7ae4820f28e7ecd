/* Chart geometry (nice ticks, Vietnamese labels, positions) and its SVG. Sites are built by
 * hand in memory: only indicators, reports and values matter here. */
#include <math.h>

#include "chart.h"
#include "html/dom.h"
#include "html_helpers.h"

struct mini {
	struct site site;
	struct indicator ind;
	struct report rep[30];
	struct value val[30];
	char month[30][8];
};

/* n monthly reports from 12/2024 on; values in units of 10^-scale, `skip` (bit set) absent. */
static void mini_init(struct mini *m, enum format f, const long long *v, int scale, size_t n,
		      unsigned skip)
{
	memset(m, 0, sizeof *m);
	m->ind.id = "cccd";
	m->ind.name = "Thẻ CCCD gắn chip đã cấp";
	m->ind.unit = "thẻ";
	m->ind.group = "";
	m->ind.format = f;
	m->site.indicators = &m->ind;
	m->site.n_indicators = 1;
	m->site.reports = m->rep;
	m->site.n_reports = n;
	m->site.title = "T";
	for (size_t i = 0; i < n; i++) {
		int ord = 2024 * 12 + 11 + (int)i;
		m->rep[i].year = ord / 12;
		m->rep[i].mon = ord % 12 + 1;
		snprintf(m->month[i], sizeof m->month[i], "%04d-%02d", m->rep[i].year, m->rep[i].mon);
		m->rep[i].month = m->month[i];
		m->rep[i].values = &m->val[i];
		m->val[i].present = !(skip & (1u << i));
		m->val[i].number = (struct decimal){v[i], scale};
	}
}

/* how many times needle occurs in s (NULL: none) */
static int count_of(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; p && (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static bool ticks_ok(const struct chart_layout *c)
{
	if (c->n_ticks < 2 || c->n_ticks > 6)
		return false;
	for (size_t i = 1; i < c->n_ticks; i++) /* bottom to top, evenly spaced */
		if (!(c->ticks[i].y < c->ticks[i - 1].y) ||
		    fabs((c->ticks[1].y - c->ticks[0].y) - (c->ticks[i].y - c->ticks[i - 1].y)) > 1e-6)
			return false;
	for (size_t i = 0; i < c->n_points; i++)
		if (c->points[i].y < c->top - 1e-6 || c->points[i].y > c->bottom + 1e-6 ||
		    c->points[i].x < c->left || c->points[i].x > c->right)
			return false;
	return fabs(c->ticks[0].y - c->bottom) < 1e-6 && fabs(c->ticks[c->n_ticks - 1].y - c->top) < 1e-6;
}

static void test_millions(void)
{
	struct mini m;
	long long v[] = {85300000, 86600000, 87912345};
	mini_init(&m, FORMAT_MILLIONS, v, 0, 3, 0);
	struct chart_layout c;
	chart_layout(&m.site, 0, 2, &c);
	CHECK(ticks_ok(&c));
	CHECK(c.n_ticks == 4);
	CHECK_STR(xstrdup(c.ticks[0].label), "85 triệu");
	CHECK_STR(xstrdup(c.ticks[3].label), "88 triệu");
	CHECK(c.n_points == 3);
	CHECK(c.points[0].x < c.points[1].x && c.points[1].x < c.points[2].x);
	CHECK(c.points[0].y > c.points[2].y); /* larger value, higher up */
	CHECK_STR(xstrdup(c.points[2].month), "02/2025");
	CHECK(c.points[2].month_shown);
	CHECK_STR(xstrdup(c.value_label), "87,9 triệu");
	/* the axis starts at 85 million: cut, and the description says so */
	CHECK(c.cut);
	CHECK_STR(xstrdup(c.desc), "Thẻ CCCD gắn chip đã cấp: 87,9 triệu tháng 02/2025, tăng 1,3 "
				   "triệu so với tháng 01/2025. Trục dọc bắt đầu từ 85 triệu, "
				   "không từ 0.");
	chart_layout_free(&c);

	/* upto limits the series */
	chart_layout(&m.site, 0, 0, &c);
	CHECK(c.n_points == 1);
	chart_layout_free(&c);
}

static void test_percent(void)
{
	struct mini m;
	long long v[] = {7000, 7250, 7303};
	mini_init(&m, FORMAT_PERCENT, v, 2, 3, 0);
	struct chart_layout c;
	chart_layout(&m.site, 0, 2, &c);
	CHECK(ticks_ok(&c));
	CHECK(c.n_ticks == 5);
	CHECK_STR(xstrdup(c.ticks[0].label), "70%");
	CHECK_STR(xstrdup(c.ticks[4].label), "74%");
	CHECK_STR(xstrdup(c.value_label), "73,03%");
	CHECK(c.cut && !c.single);
	CHECK(strstr(c.desc, "Trục dọc bắt đầu từ 70%, không từ 0.") != NULL);
	chart_layout_free(&c);

	/* 100 % stays the top of the axis */
	long long full[] = {10000, 10000};
	mini_init(&m, FORMAT_PERCENT, full, 2, 2, 0);
	chart_layout(&m.site, 0, 1, &c);
	CHECK(ticks_ok(&c));
	CHECK_STR(xstrdup(c.ticks[c.n_ticks - 1].label), "100%");
	chart_layout_free(&c);
}

static void test_counts(void)
{
	struct mini m;
	long long v[] = {1898500262, 1900482958};
	mini_init(&m, FORMAT_COUNT, v, 0, 2, 0);
	struct chart_layout c;
	chart_layout(&m.site, 0, 1, &c);
	CHECK(ticks_ok(&c));
	/* a step of 0,5 triệu over 1,9 tỷ: "tỷ" with one decimal could not tell the ticks apart */
	CHECK_STR(xstrdup(c.ticks[0].label), "1.898,5 triệu");
	CHECK_STR(xstrdup(c.ticks[1].label), "1.899 triệu");
	CHECK_STR(xstrdup(c.value_label), "1.900.482.958");
	chart_layout_free(&c);

	/* counts below a million stay whole numbers */
	long long small[] = {12345, 23456};
	mini_init(&m, FORMAT_COUNT, small, 0, 2, 0);
	chart_layout(&m.site, 0, 1, &c);
	CHECK(ticks_ok(&c));
	CHECK_STR(xstrdup(c.ticks[1].label), "15.000");
	chart_layout_free(&c);

	long long big[] = {1200000000, 1900000000};
	mini_init(&m, FORMAT_COUNT, big, 0, 2, 0);
	chart_layout(&m.site, 0, 1, &c);
	CHECK(ticks_ok(&c));
	CHECK(strstr(c.ticks[c.n_ticks - 1].label, " tỷ") != NULL);
	chart_layout_free(&c);
}

static void test_edge_cases(void)
{
	struct mini m;
	struct chart_layout c;

	long long one[] = {42};
	mini_init(&m, FORMAT_COUNT, one, 0, 1, 0);
	chart_layout(&m.site, 0, 0, &c);
	CHECK(ticks_ok(&c));
	CHECK(fabs(c.points[0].x - (c.left + c.right) / 2) < 1e-6);
	CHECK_STR(xstrdup(c.desc), "Thẻ CCCD gắn chip đã cấp: 42 tháng 12/2024.");
	CHECK(c.single && !c.cut); /* one value: shown as the value, never said to be cut */
	chart_layout_free(&c);

	long long same[] = {5, 5, 5};
	mini_init(&m, FORMAT_COUNT, same, 0, 3, 0);
	chart_layout(&m.site, 0, 2, &c);
	CHECK(ticks_ok(&c));
	CHECK(c.points[0].y == c.points[2].y);
	CHECK(c.points[0].y > c.top && c.points[0].y < c.bottom);
	CHECK(strstr(c.desc, "không đổi") != NULL);
	chart_layout_free(&c);

	long long zero[] = {0, 0};
	mini_init(&m, FORMAT_COUNT, zero, 0, 2, 0);
	chart_layout(&m.site, 0, 1, &c);
	CHECK(ticks_ok(&c));
	CHECK_STR(xstrdup(c.ticks[0].label), "0");
	CHECK(fabs(c.points[0].y - c.bottom) < 1e-6);
	CHECK(!c.cut && !c.single);
	CHECK(strstr(c.desc, "Trục dọc") == NULL);
	chart_layout_free(&c);

	long long neg[] = {-3, 2, -1};
	mini_init(&m, FORMAT_COUNT, neg, 0, 3, 0);
	chart_layout(&m.site, 0, 2, &c);
	CHECK(ticks_ok(&c));
	CHECK(c.has_zero);
	CHECK(c.zero_y > c.top && c.zero_y < c.bottom);
	CHECK(c.ticks[0].value.mant < 0);
	CHECK(!c.cut); /* the axis crosses zero */
	chart_layout_free(&c);

	/* a missing month leaves a gap on the x axis */
	long long gap[] = {1, 2, 3, 4};
	mini_init(&m, FORMAT_COUNT, gap, 0, 4, 1u << 1);
	chart_layout(&m.site, 0, 3, &c);
	CHECK(c.n_points == 3);
	CHECK(fabs((c.points[1].x - c.points[0].x) - 2 * (c.points[2].x - c.points[1].x)) < 1e-6);
	chart_layout_free(&c);

	/* no value at all */
	mini_init(&m, FORMAT_COUNT, gap, 0, 2, 3u);
	chart_layout(&m.site, 0, 1, &c);
	CHECK(c.n_points == 0 && c.n_ticks == 0);
	CHECK(strstr(c.desc, "chưa có số liệu") != NULL);
	CHECK(!c.single && !c.cut);
	chart_layout_free(&c);

	/* two years of months: not every label fits, the last one is always shown */
	long long many[30];
	for (int i = 0; i < 30; i++)
		many[i] = 100 + i;
	mini_init(&m, FORMAT_COUNT, many, 0, 30, 0);
	chart_layout(&m.site, 0, 29, &c);
	size_t shown = 0;
	for (size_t i = 0; i < c.n_points; i++)
		shown += c.points[i].month_shown;
	CHECK(shown >= 3 && (double)shown * CHART_XLABEL_W <= c.right - c.left);
	CHECK(c.points[29].month_shown);
	chart_layout_free(&c);
}

/* Months close together (12/2024, then 06/2025 and 07/2025) never print over each other, in
 * either box; the last is always shown. */
static void test_month_labels(void)
{
	struct mini m;
	long long v[8] = {10, 0, 0, 0, 0, 0, 20, 30};
	mini_init(&m, FORMAT_COUNT, v, 0, 8, 0x3e); /* 01..05/2025 absent */
	const double widths[] = {CHART_W, CHART_NARROW_W}, heights[] = {CHART_H, CHART_NARROW_H};
	for (int k = 0; k < 2; k++) {
		struct chart_layout c;
		chart_layout_box(&m.site, 0, 7, widths[k], heights[k], &c);
		CHECK(c.n_points == 3);
		CHECK(c.points[2].month_shown);
		CHECK(!c.points[1].month_shown); /* 06/2025 is one month before 07/2025 */
		CHECK(c.points[0].month_shown);  /* 12/2024 is far enough */
		double last = INFINITY;
		for (size_t i = c.n_points; i-- > 0;)
			if (c.points[i].month_shown) {
				CHECK(last - c.points[i].x >= CHART_XLABEL_W);
				last = c.points[i].x;
			}
		CHECK(ticks_ok(&c));
		CHECK(c.right == widths[k] - CHART_RIGHT && c.bottom == heights[k] - CHART_BOTTOM);
		/* the y labels (right-aligned at left - 8) fit inside the box */
		for (size_t i = 0; i < c.n_ticks; i++)
			CHECK(c.left - 8 - (double)strlen(c.ticks[i].label) * CHART_CHAR_W >= 0);
		chart_layout_free(&c);
	}
}

static void test_svg(void)
{
	struct mini m;
	long long v[] = {86612345, 87912345};
	mini_init(&m, FORMAT_MILLIONS, v, 0, 2, 0);
	xmlNodePtr fig = svg_chart_figure(&m.site, 0, 1, 3, "../chi-so/cccd.html", NULL);
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlDocSetRootElement(doc, fig);
	CHECK_STR(xp_str(doc, "/figure/@class"), "chart");
	CHECK_STR(xp_str(doc, "/figure/@data-indicator"), "cccd");
	const char *svg = "/figure/*[local-name()='svg' and "
			  "namespace-uri()='http://www.w3.org/2000/svg']";
	char *q = xasprintf("%s/@role", svg);
	CHECK_STR(xp_str(doc, q), "img");
	free(q);
	/* as wide as its figure, CHART_H pixels high; the plot inside stretched across */
	q = xasprintf("%s/@width", svg);
	CHECK_STR(xp_str(doc, q), "100%");
	free(q);
	q = xasprintf("%s/@height", svg);
	CHECK_STR(xp_str(doc, q), "270");
	free(q);
	CHECK_STR(xp_str(doc, "/figure/*[1]/*[local-name()='svg']/@preserveAspectRatio"), "none");
	CHECK(xp_count(doc, "/figure/*[1]/*[local-name()='svg']//*[@vector-effect='non-scaling-stroke']") >= 4);
	CHECK_STR(xp_str(doc, "//*[local-name()='title']"), "Thẻ CCCD gắn chip đã cấp");
	CHECK_STR(xp_str(doc, "//*[local-name()='desc']"),
		  "Thẻ CCCD gắn chip đã cấp: 87,9 triệu tháng 01/2025, tăng 1,3 triệu so với "
		  "tháng 12/2024. Trục dọc bắt đầu từ 86,5 triệu, không từ 0.");
	CHECK_STR(xp_str(doc, "//*[local-name()='svg']/@aria-labelledby"),
		  "chart-3-title chart-3-desc");
	CHECK_STR(xp_str(doc, "//*[local-name()='title']/@id"), "chart-3-title");
	/* axes: tick labels in triệu, months, the x axis line, the last value */
	CHECK(xp_count(doc, "//*[@class='y-axis']/*[local-name()='text' and contains(., ' triệu')]") >= 3);
	CHECK(xp_count(doc, "/figure/*[1]/*[@class='x-axis']/*[local-name()='text' and .='01/2025']") == 1);
	/* the month labels at percentages of the width: 12/2024 left of 01/2025 */
	char *x0 = xp_str(doc, "/figure/*[1]/*[@class='x-axis']/*[local-name()='text'][1]/@x");
	char *x1 = xp_str(doc, "/figure/*[1]/*[@class='x-axis']/*[local-name()='text'][2]/@x");
	CHECK(strchr(x0, '%') && strchr(x1, '%') && atof(x0) < atof(x1) && atof(x1) <= 100);
	free(x0);
	free(x1);
	/* the plot: the gridlines in one path, the axis with a 4-pixel tick a point, the line,
	 * the dots as round caps of zero-length strokes, the last one larger */
	const char *plot = "/figure/*[1]/*[local-name()='svg' and @class='plot']";
	q = xasprintf("%s/*[@class='grid']/@d", plot);
	char *grid = xp_str(doc, q);
	free(q);
	CHECK(count_of(grid, "H") >= 2);
	free(grid);
	q = xasprintf("%s/*[local-name()='polyline']", plot);
	CHECK(xp_count(doc, q) == 1);
	free(q);
	q = xasprintf("%s/*[@class='points']/@d", plot);
	char *dots = xp_str(doc, q);
	free(q);
	CHECK(count_of(dots, "h0") == 1 && count_of(dots, "M") == 1);
	free(dots);
	q = xasprintf("%s/*[@class='last-point']/@stroke-linecap", plot);
	CHECK_STR(xp_str(doc, q), "round");
	free(q);
	q = xasprintf("%s/*[@class='x-axis']/@d", plot);
	char *ticks = xp_str(doc, q);
	free(q);
	CHECK(count_of(ticks, "v4") == 2 && count_of(ticks, "M") == 3);
	free(ticks);
	CHECK_STR(xp_str(doc, "//*[@class='value-label']"), "87,9 triệu");
	/* the y labels left of the plot, in the padding that is as wide as they need */
	char *style = xp_str(doc, "/figure/*[1]/@style");
	CHECK(strstr(style, "padding:0 20px 0 ") != NULL);
	free(style);
	CHECK_STR(xp_str(doc, "/figure/*[1]/*[@class='y-axis']/*[1]/@x"), "-8");
	/* drawn once: labels of 14 px at every width */
	CHECK(xp_count(doc, "/figure/*[local-name()='svg']") == 1);
	CHECK_STR(xp_str(doc, "/figure/*[1]/@class"), "chart-svg");
	CHECK_STR(xp_str(doc, "/figure/*[1]/@font-size"), "14");
	CHECK(xp_count(doc, "//@id[.='chart-3-title']") == 1);
	CHECK_STR(xp_str(doc, "/figure/figcaption//a/@href"), "../chi-so/cccd.html");
	CHECK_STR(xp_str(doc, "/figure/figcaption"), "Thẻ CCCD gắn chip đã cấp — số liệu theo tháng");
	/* coordinates are plain numbers whatever the locale */
	char *pts = xp_str(doc, "//*[local-name()='polyline']/@points");
	CHECK(strchr(pts, ';') == NULL && strstr(pts, ",") != NULL);
	free(pts);
	/* the axis starts at 86,5 triệu: the break mark at the foot of the y axis (x 0 is the
	 * plot's left edge), the same path at every width */
	char *cut = xp_str(doc, "/figure/*[1]/*[local-name()='path' and @class='axis-cut']/@d");
	CHECK(cut && strncmp(cut, "M0 ", 3) == 0 && count_of(cut, "L") == CHART_CUT_N - 1);
	free(cut);
	xmlFreeDoc(doc);

	/* one value: the value and its month, no drawing */
	long long one[] = {87912345};
	mini_init(&m, FORMAT_MILLIONS, one, 0, 1, 0);
	fig = svg_chart_figure(&m.site, 0, 0, 4, NULL, NULL);
	doc = xmlNewDoc(BAD_CAST "1.0");
	xmlDocSetRootElement(doc, fig);
	CHECK_STR(xp_str(doc, "/figure/@class"), "chart chart-single");
	CHECK(xp_count(doc, "//*[local-name()='svg']") == 0);
	CHECK_STR(xp_str(doc, "/figure/p[@class='single-value']"), "87,9 triệu thẻ (tháng 12/2024)");
	CHECK_STR(xp_str(doc, "/figure/p/strong[@class='value']"), "87,9 triệu");
	xmlFreeDoc(doc);
}

int main(void)
{
	test_millions();
	test_percent();
	test_counts();
	test_edge_cases();
	test_month_labels();
	test_svg();
	return check_done();
}
