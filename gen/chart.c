/* chart.c — chart geometry (rules in chart.h). */
#include "chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vn.h"

/* k · m · 10^e as an exact decimal. */
static struct decimal tick_value(long long k, int m, int e)
{
	struct decimal d;
	if (e >= 0) {
		long long p = 1;
		for (int i = 0; i < e; i++)
			p *= 10;
		d.mant = k * m * p;
		d.scale = 0;
	} else {
		d.mant = k * m;
		d.scale = -e > 9 ? 9 : -e;
	}
	return d;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static char *tick_label(struct decimal v, enum format f, double step, double maxabs)
{
	if (v.mant == 0)
		return xstrdup(f == FORMAT_PERCENT ? "0%" : "0");
	const double eps = 1e-9;
	switch (f) {
	case FORMAT_PERCENT:
		return vn_percent(v);
	case FORMAT_MILLIONS:
		return step >= 1e5 - eps ? vn_millions(v) : vn_count(v);
	case FORMAT_BILLIONS:
		if (step >= 1e8 - eps)
			return vn_billions(v);
		return step >= 1e5 - eps ? vn_millions(v) : vn_count(v);
	case FORMAT_COUNT:
	default:
		if (maxabs >= 1e9 && step >= 1e8 - eps)
			return vn_billions(v);
		if (maxabs >= 1e6 && step >= 1e5 - eps)
			return vn_millions(v);
		return vn_count(v);
	}
}

/* "01/2025" (as "%02d/%d" would print it), by hand: every chart labels each of its months,
 * so the website's charts made ~15,000 of these for 120 reports. */
static char *month_short(const struct report *r)
{
	if (r->mon < 1 || r->mon > 12 || r->year < 0 || r->year > 9999)
		return xasprintf("%02d/%d", r->mon, r->year);
	char *s = xmalloc(8), *p = s;
	*p++ = (char)('0' + r->mon / 10);
	*p++ = (char)('0' + r->mon % 10);
	*p++ = '/';
	if (r->year >= 1000)
		*p++ = (char)('0' + r->year / 1000);
	if (r->year >= 100)
		*p++ = (char)('0' + r->year / 100 % 10);
	if (r->year >= 10)
		*p++ = (char)('0' + r->year / 10 % 10);
	*p++ = (char)('0' + r->year % 10);
	*p = 0;
	return s;
}

static char *make_desc(const struct site *site, const struct indicator *ind,
		       const struct chart_point *p, size_t n)
{
	if (n == 0)
		return xasprintf("%s: chưa có số liệu.", ind->name);
	const struct report *last = &site->reports[p[n - 1].report];
	char *v = vn_format(p[n - 1].value, ind->format);
	char *m = vn_month(last->year, last->mon);
	char *s;
	if (n >= 2) {
		const struct report *prev = &site->reports[p[n - 2].report];
		char *dl = vn_delta(decimal_sub(p[n - 1].value, p[n - 2].value), ind->format);
		char *pm = vn_month(prev->year, prev->mon);
		s = xasprintf("%s: %s %s, %s so với %s.", ind->name, v, m, dl, pm);
		free(dl);
		free(pm);
	} else {
		s = xasprintf("%s: %s %s.", ind->name, v, m);
	}
	free(v);
	free(m);
	return s;
}

void chart_layout(const struct site *site, size_t ind, size_t upto, struct chart_layout *c)
{
	chart_layout_box(site, ind, upto, CHART_W, CHART_H, c);
}

void chart_layout_box(const struct site *site, size_t ind, size_t upto, double width,
		      double height, struct chart_layout *c)
{
	const struct indicator *indi = &site->indicators[ind];
	memset(c, 0, sizeof *c);
	c->width = width;
	c->height = height;
	c->top = CHART_TOP;
	c->bottom = height - CHART_BOTTOM;
	c->right = width - CHART_RIGHT;
	c->left = 40;
	c->title = xstrdup(indi->name);

	struct point *pts = xcalloc(site->n_reports ? site->n_reports : 1, sizeof *pts);
	size_t n = site->n_reports ? series_points(site, ind, upto, pts) : 0;
	c->n_points = n;
	c->points = xcalloc(n ? n : 1, sizeof *c->points);
	for (size_t i = 0; i < n; i++) {
		c->points[i].report = pts[i].report;
		c->points[i].value = pts[i].number;
		c->points[i].month = month_short(&site->reports[pts[i].report]);
	}
	free(pts);
	c->desc = make_desc(site, indi, c->points, n);
	if (n == 0)
		return;

	/* the value range, then the axis (rules in chart.h) */
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		double v = decimal_to_double(c->points[i].value);
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	bool nonneg = lo >= 0;
	bool pct_capped = indi->format == FORMAT_PERCENT && hi <= 100;
	if (hi - lo < 1e-12 * (fabs(hi) + 1)) {
		if (lo == 0) {
			hi = indi->format == FORMAT_PERCENT ? 10 : 1;
		} else {
			double pad = fabs(lo) * 0.1;
			lo -= pad;
			hi += pad;
			if (nonneg && lo < 0)
				lo = 0;
			if (pct_capped && hi > 100)
				hi = 100;
		}
	}
	static const int ms[] = {1, 2, 5};
	int e = (int)floor(log10((hi - lo) / 5));
	int m = 1;
	long long klo = 0, khi = 0;
	double step = 1;
	for (int tries = 0; tries < 40; tries++) {
		m = ms[tries % 3];
		int ee = e + tries / 3;
		step = m * pow(10, ee);
		klo = (long long)floor(lo / step + 1e-9);
		khi = (long long)ceil(hi / step - 1e-9);
		if (nonneg && klo < 0)
			klo = 0;
		if (pct_capped && khi * step > 100 + 1e-9)
			khi = (long long)floor(100 / step + 1e-9);
		if (khi - klo <= 5 && khi > klo) {
			e = ee;
			break;
		}
	}
	double axis_lo = klo * step, axis_hi = khi * step;
	c->single = n == 1;
	c->cut = !c->single && (axis_lo > 0 || axis_hi < 0);
	double maxabs = fabs(axis_lo) > fabs(axis_hi) ? fabs(axis_lo) : fabs(axis_hi);

	c->n_ticks = (size_t)(khi - klo + 1);
	c->ticks = xcalloc(c->n_ticks, sizeof *c->ticks);
	size_t longest = 1;
	for (size_t i = 0; i < c->n_ticks; i++) {
		long long k = klo + (long long)i;
		c->ticks[i].value = tick_value(k, m, e);
		c->ticks[i].label = tick_label(c->ticks[i].value, indi->format, step, maxabs);
		size_t w = utf8_chars(c->ticks[i].label);
		longest = w > longest ? w : longest;
	}
	double left = CHART_PAD + (double)longest * CHART_CHAR_W;
	c->left = left < 40 ? 40 : left;

	double span = axis_hi - axis_lo;
	for (size_t i = 0; i < c->n_ticks; i++) {
		c->ticks[i].y = c->bottom - ((double)i / (double)(c->n_ticks - 1)) * (c->bottom - c->top);
		if (c->ticks[i].value.mant == 0 && i > 0) {
			c->has_zero = true;
			c->zero_y = c->ticks[i].y;
		}
	}

	/* points */
	const struct report *r0 = &site->reports[c->points[0].report];
	const struct report *rn = &site->reports[c->points[n - 1].report];
	int ord0 = r0->year * 12 + r0->mon - 1, ordn = rn->year * 12 + rn->mon - 1;
	for (size_t i = 0; i < n; i++) {
		struct chart_point *p = &c->points[i];
		const struct report *r = &site->reports[p->report];
		int ord = r->year * 12 + r->mon - 1;
		if (n == 1 || ordn == ord0)
			p->x = (c->left + c->right) / 2;
		else
			p->x = c->left + CHART_INSET +
			       (double)(ord - ord0) / (double)(ordn - ord0) *
				       (c->right - c->left - 2 * CHART_INSET);
		double v = decimal_to_double(p->value);
		p->y = c->bottom - (v - axis_lo) / span * (c->bottom - c->top);
	}
	/* from the last label back, a label only where it clears the one kept after it, so that
	 * months close together (06/2024, 12/2024, 01/2025) never print over each other */
	double kept_x = INFINITY;
	for (size_t i = n; i-- > 0;) {
		c->points[i].month_shown = kept_x - c->points[i].x >= CHART_XLABEL_W - 1e-9;
		if (c->points[i].month_shown)
			kept_x = c->points[i].x;
	}

	const struct chart_point *last = &c->points[n - 1];
	c->value_label = vn_format(last->value, indi->format);
	if (c->cut) { /* the description says what the drawing marks */
		char *d = xasprintf("%s Trục dọc bắt đầu từ %s, không từ 0.", c->desc,
				    c->ticks[0].label);
		free(c->desc);
		c->desc = d;
	}
	c->value_y = last->y - 10;
	if (last->x > c->width - 80) {
		c->value_anchor = CHART_ANCHOR_END;
		c->value_x = last->x + 4;
	} else {
		c->value_anchor = CHART_ANCHOR_MIDDLE;
		c->value_x = last->x;
	}
}

void chart_layout_free(struct chart_layout *c)
{
	for (size_t i = 0; i < c->n_ticks; i++)
		free(c->ticks[i].label);
	free(c->ticks);
	for (size_t i = 0; i < c->n_points; i++)
		free(c->points[i].month);
	free(c->points);
	free(c->value_label);
	free(c->title);
	free(c->desc);
	memset(c, 0, sizeof *c);
}
