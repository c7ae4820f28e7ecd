/* svg.c — an indicator's chart as inline SVG (libxml2 nodes in the SVG namespace), drawn
 * from the backend-neutral geometry of chart.c. Presentation attributes rather than CSS, so
 * the chart looks the same wherever the SVG is copied. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "../chart.h"
#include "dom.h"

#define SVG_NS "http://www.w3.org/2000/svg"
#define INK "#1f4e8c"

/* A coordinate with one decimal and a '.', whatever the locale: "12", "12.5", "-0.5".
 * Written by hand: snprintf was a fifth of a chart's time, and a chart has thousands. */
#define NUM_SIZE 24

static void num(char *buf, double v)
{
	long t = lround(v * 10);
	unsigned long a = t < 0 ? 0UL - (unsigned long)t : (unsigned long)t;
	char rev[NUM_SIZE];
	size_t n = 0;
	if (a % 10) {
		rev[n++] = (char)('0' + a % 10);
		rev[n++] = '.';
	}
	a /= 10;
	do {
		rev[n++] = (char)('0' + a % 10);
		a /= 10;
	} while (a);
	if (t < 0)
		*buf++ = '-';
	while (n)
		*buf++ = rev[--n];
	*buf = 0;
}

static xmlNodePtr svg_el(xmlNodePtr parent, xmlNsPtr ns, const char *name)
{
	xmlNodePtr n = xmlNewDocNode(parent->doc, ns, BAD_CAST name, NULL);
	xmlAddChild(parent, n);
	return n;
}

static void set_num(xmlNodePtr el, const char *name, double v)
{
	char b[NUM_SIZE];
	num(b, v);
	dom_attr(el, name, b);
}

/* <text> at x (a number, or a percentage of the width: "37.5%"), y. */
static xmlNodePtr text(xmlNodePtr g, xmlNsPtr ns, const char *x, double y, const char *anchor,
		       const char *s)
{
	xmlNodePtr t = svg_el(g, ns, "text");
	dom_attr(t, "x", x);
	set_num(t, "y", y);
	if (anchor)
		dom_attr(t, "text-anchor", anchor);
	xmlAddChild(t, xmlNewDocText(t->doc, BAD_CAST s));
	return t;
}

/* Appends the numbers to b, each formatted by num and preceded by its separator. */
static void put_nums(struct buf *b, const char *const *seps, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x[NUM_SIZE];
		num(x, v[i]);
		buf_puts(b, seps[i]);
		buf_puts(b, x);
	}
}

/* A stroked path of the plot: its lines keep their width in pixels however far the plot
 * is stretched (vector-effect). */
static xmlNodePtr plot_path(xmlNodePtr plot, xmlNsPtr ns, const char *cls, const char *d,
			    const char *stroke, const char *width)
{
	xmlNodePtr p = svg_el(plot, ns, "path");
	if (cls)
		dom_attr(p, "class", cls);
	dom_attr(p, "d", d);
	dom_attr(p, "fill", "none");
	dom_attr(p, "stroke", stroke);
	dom_attr(p, "stroke-width", width);
	dom_attr(p, "vector-effect", "non-scaling-stroke");
	return p;
}

/* x of the layout as a percentage of the plot's width: "37.5%" */
static void pct(char b[NUM_SIZE + 1], const struct chart_layout *c, double x)
{
	num(b, (x - c->left) / (c->right - c->left) * 100);
	strcat(b, "%");
}

/* The month labels a wide figure adds to those of the narrow box: going back from the
 * newest, a point whose label lies at least CHART_XLABEL_W units (of c) from every label
 * kept, the narrow box's included, so the two sets never print over each other. */
static bool *extra_months(const struct chart_layout *c, const struct chart_layout *narrow)
{
	bool *more = xcalloc(c->n_points + 1, sizeof *more);
	if (!narrow)
		return more;
	for (size_t i = c->n_points; i-- > 0;) {
		if (i < narrow->n_points && narrow->points[i].month_shown)
			continue;
		bool fits = true;
		for (size_t k = 0; k < c->n_points && fits; k++) {
			bool kept = more[k] || (k < narrow->n_points && narrow->points[k].month_shown);
			fits = !kept || fabs(c->points[k].x - c->points[i].x) >= CHART_XLABEL_W;
		}
		more[i] = fits;
	}
	return more;
}

/* One drawing that adapts to its width: <svg class="chart-svg" role="img"> as wide as its
 * figure and CHART_H pixels high, its labels 14 px at any width. The plot (gridlines, axis,
 * line, dots) is an inner <svg> whose viewBox is the layout's plot area, stretched across
 * (preserveAspectRatio="none", strokes kept in pixels by vector-effect; the dots are
 * round caps of zero-length strokes, which stay round). The outer <svg> keeps the y labels'
 * width as its left padding, where they are drawn (overflow visible); the month labels sit
 * at percentages of the width. `narrow`, the layout of a phone's box, says which month
 * labels still fit there: the others are class x-more, which style.css shows only when the
 * figure is wide enough (a container query). */
static xmlNodePtr draw(const struct chart_layout *c, const struct chart_layout *narrow,
		       const char *id_prefix, xmlDocPtr doc)
{
	xmlNodePtr svg = xmlNewDocNode(doc, NULL, BAD_CAST "svg", NULL);
	xmlNsPtr ns = xmlNewNs(svg, BAD_CAST SVG_NS, NULL);
	xmlSetNs(svg, ns);
	char id_t[64], id_d[64], both[140], height[NUM_SIZE], style[96];
	snprintf(id_t, sizeof id_t, "%s-title", id_prefix);
	snprintf(id_d, sizeof id_d, "%s-desc", id_prefix);
	snprintf(both, sizeof both, "%s %s", id_t, id_d);
	num(height, c->height);
	snprintf(style, sizeof style, "box-sizing:border-box;padding:0 %dpx 0 %dpx",
		 (int)lround(c->width - c->right), (int)lround(c->left));
	dom_attr(svg, "class", "chart-svg");
	dom_attr(svg, "width", "100%");
	dom_attr(svg, "height", height);
	dom_attr(svg, "role", "img");
	dom_attr(svg, "aria-labelledby", both);
	set_num(svg, "font-size", CHART_FONT);
	dom_attr(svg, "overflow", "visible");
	dom_attr(svg, "style", style);

	xmlNodePtr title = svg_el(svg, ns, "title");
	dom_attr(title, "id", id_t);
	xmlAddChild(title, xmlNewDocText(doc, BAD_CAST c->title));
	xmlNodePtr desc = svg_el(svg, ns, "desc");
	dom_attr(desc, "id", id_d);
	xmlAddChild(desc, xmlNewDocText(doc, BAD_CAST c->desc));

	xmlNodePtr plot = svg_el(svg, ns, "svg");
	char vb[4 * NUM_SIZE + 4], l[NUM_SIZE], w[NUM_SIZE];
	num(l, c->left);
	num(w, c->right - c->left);
	snprintf(vb, sizeof vb, "%s 0 %s %s", l, w, height);
	dom_attr(plot, "class", "plot");
	dom_attr(plot, "width", "100%");
	dom_attr(plot, "height", height);
	dom_attr(plot, "viewBox", vb);
	dom_attr(plot, "preserveAspectRatio", "none");
	dom_attr(plot, "overflow", "visible");

	struct buf axis;
	buf_init(&axis);
	static const char *const hline[] = {"M", " ", "H"};
	put_nums(&axis, hline, (double[]){c->left, c->bottom, c->right}, 3);
	if (c->n_points == 0) {
		plot_path(plot, ns, "x-axis", axis.s, "#333333", "1");
		buf_free(&axis);
		text(svg, ns, "50%", (c->top + c->bottom) / 2, "middle", "Chưa có số liệu");
		return svg;
	}

	struct buf grid, zero;
	buf_init(&grid);
	buf_init(&zero);
	xmlNodePtr ylab = svg_el(svg, ns, "g");
	dom_attr(ylab, "class", "y-axis");
	dom_attr(ylab, "fill", "#333333");
	dom_attr(ylab, "text-anchor", "end");
	for (size_t i = 0; i < c->n_ticks; i++) {
		const struct chart_tick *t = &c->ticks[i];
		if (i > 0)
			put_nums(c->has_zero && t->y == c->zero_y ? &zero : &grid, hline,
				 (double[]){c->left, t->y, c->right}, 3);
		text(ylab, ns, "-8", t->y + 5, NULL, t->label);
	}
	if (grid.len)
		plot_path(plot, ns, "grid", grid.s, "#d5d9e0", "1");
	if (zero.len)
		plot_path(plot, ns, "zero", zero.s, "#666666", "1");
	buf_free(&grid);
	buf_free(&zero);

	/* the axis, and a tick a point: a 4-pixel stroke down from it */
	xmlNodePtr xlab = svg_el(svg, ns, "g");
	dom_attr(xlab, "class", "x-axis");
	dom_attr(xlab, "fill", "#333333");
	dom_attr(xlab, "text-anchor", "middle");
	bool *more = extra_months(c, narrow);
	struct buf dots;
	buf_init(&dots);
	for (size_t i = 0; i < c->n_points; i++) {
		const struct chart_point *p = &c->points[i];
		static const char *const tick[] = {"M", " ", "v4"};
		put_nums(&axis, tick, (double[]){p->x, c->bottom}, 2);
		buf_puts(&axis, tick[2]);
		if (i + 1 < c->n_points) {
			static const char *const dot[] = {"M", " ", "h0"};
			put_nums(&dots, dot, (double[]){p->x, p->y}, 2);
			buf_puts(&dots, dot[2]);
		}
		bool in_narrow = !narrow || (i < narrow->n_points && narrow->points[i].month_shown);
		if (in_narrow || more[i]) {
			char x[NUM_SIZE + 1];
			pct(x, c, p->x);
			xmlNodePtr t = text(xlab, ns, x, c->bottom + 22, NULL, p->month);
			if (!in_narrow && narrow)
				dom_attr(t, "class", "x-more");
		}
	}
	free(more);
	plot_path(plot, ns, "x-axis", axis.s, "#333333", "1");
	buf_free(&axis);

	if (c->n_points > 1) {
		struct buf pts;
		buf_init(&pts);
		for (size_t i = 0; i < c->n_points; i++) {
			static const char *const sep[] = {" ", ","};
			put_nums(&pts, sep, (double[]){c->points[i].x, c->points[i].y}, 2);
		}
		xmlNodePtr pl = svg_el(plot, ns, "polyline");
		dom_attr(pl, "class", "series");
		dom_attr(pl, "points", pts.s + 1);
		dom_attr(pl, "fill", "none");
		dom_attr(pl, "stroke", INK);
		dom_attr(pl, "stroke-width", "2.5");
		dom_attr(pl, "stroke-linejoin", "round");
		dom_attr(pl, "vector-effect", "non-scaling-stroke");
		buf_free(&pts);
	}
	/* the dots: round caps of zero-length strokes, 7 px across, the last one 10 */
	if (dots.len)
		dom_attr(plot_path(plot, ns, "points", dots.s, INK, "7"), "stroke-linecap", "round");
	buf_free(&dots);
	const struct chart_point *last = &c->points[c->n_points - 1];
	struct buf lp;
	buf_init(&lp);
	static const char *const dot[] = {"M", " ", "h0"};
	put_nums(&lp, dot, (double[]){last->x, last->y}, 2);
	buf_puts(&lp, dot[2]);
	dom_attr(plot_path(plot, ns, "last-point", lp.s, INK, "10"), "stroke-linecap", "round");
	buf_free(&lp);

	if (c->cut) { /* the axis break mark, at the foot of the y axis (chart.h) */
		struct buf cut;
		buf_init(&cut);
		for (size_t i = 0; i < CHART_CUT_N; i++) {
			static const char *const sep[] = {"M", " ", "L"};
			const char *const *sp = i ? (const char *const[]){" L", " "} : sep;
			put_nums(&cut, sp, (double[]){chart_cut_mark[i][0], c->bottom + chart_cut_mark[i][1]},
				 2);
		}
		xmlNodePtr p = svg_el(svg, ns, "path");
		dom_attr(p, "class", "axis-cut");
		dom_attr(p, "d", cut.s);
		dom_attr(p, "fill", "none");
		dom_attr(p, "stroke", "#333333");
		dom_attr(p, "stroke-width", "1.5");
		buf_free(&cut);
	}
	char vx[NUM_SIZE + 1];
	pct(vx, c, c->value_x);
	xmlNodePtr v = text(svg, ns, vx, c->value_y,
			    c->value_anchor == CHART_ANCHOR_END ? "end" : "middle", c->value_label);
	dom_attr(v, "class", "value-label");
	dom_attr(v, "font-weight", "bold");
	set_num(v, "font-size", CHART_FONT_VALUE);
	dom_attr(v, "fill", "#111111");
	return svg;
}

/* The chart, drawn once for every width (draw): the layout of a CHART_W box, with the
 * month labels a CHART_NARROW_W box keeps marked for phones. */
xmlNodePtr svg_chart_figure(const struct site *site, size_t ind, size_t upto, int seq,
			    const char *href, xmlDocPtr doc)
{
	const struct indicator *indi = &site->indicators[ind];
	struct chart_layout c, narrow;
	char prefix[48];
	chart_layout(site, ind, upto, &c);
	/* its class set once: dom_attr adds, it never replaces */
	xmlNodePtr fig = dom_new(doc, "figure", c.single ? "chart chart-single" : "chart");
	dom_attr(fig, "data-indicator", indi->id);

	chart_layout_box(site, ind, upto, CHART_NARROW_W, CHART_H, &narrow);
	snprintf(prefix, sizeof prefix, "chart-%d", seq);
	if (c.single) { /* one value: the value itself, not a chart of one dot (chart.h) */
		xmlNodePtr p = dom_el(fig, "p", "single-value");
		dom_text(dom_el(p, "strong", "value"), c.value_label);
		if (indi->unit && *indi->unit && indi->format != FORMAT_PERCENT) {
			dom_text(p, " ");
			dom_text(dom_el(p, "span", "unit"), indi->unit);
		}
		dom_text(p, " ");
		char *when = xasprintf("(tháng %s)", c.points[0].month);
		dom_text(dom_el(p, "span", "month"), when);
		free(when);
	} else {
		xmlAddChild(fig, draw(&c, &narrow, prefix, doc));
	}
	chart_layout_free(&narrow);

	if (href) {
		xmlNodePtr cap = dom_el(fig, "figcaption", NULL);
		dom_text(cap, c.title);
		xmlNodePtr more = dom_el(cap, "span", "chart-more"); /* not on paper */
		dom_text(more, " — ");
		xmlNodePtr a = dom_el(more, "a", NULL);
		dom_attr(a, "href", href);
		dom_text(a, "số liệu theo tháng");
	}
	chart_layout_free(&c);
	return fig;
}
