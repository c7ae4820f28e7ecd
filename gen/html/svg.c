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

static xmlNodePtr line(xmlNodePtr g, xmlNsPtr ns, double x1, double y1, double x2, double y2,
		       const char *stroke, double width)
{
	xmlNodePtr l = svg_el(g, ns, "line");
	set_num(l, "x1", x1);
	set_num(l, "y1", y1);
	set_num(l, "x2", x2);
	set_num(l, "y2", y2);
	dom_attr(l, "stroke", stroke);
	set_num(l, "stroke-width", width);
	return l;
}

static xmlNodePtr text(xmlNodePtr g, xmlNsPtr ns, double x, double y, const char *anchor,
		       const char *s)
{
	xmlNodePtr t = svg_el(g, ns, "text");
	set_num(t, "x", x);
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

/* The points' ticks on the x axis, one path of 4-unit strokes down from the axis, and their
 * dots, one path of circles (two arcs each), the last one larger. A report's chart covers
 * every earlier month, so the charts grow with the square of the number of reports: as a
 * <line> and a <circle> a point they were most of the website's elements and attributes
 * at 120 reports. They draw the same. */
static void marks(xmlNodePtr xaxis, xmlNodePtr dots, xmlNsPtr ns, const struct chart_layout *c)
{
	struct buf t, d;
	buf_init(&t);
	buf_init(&d);
	for (size_t i = 0; i < c->n_points; i++) {
		const struct chart_point *p = &c->points[i];
		double r = i + 1 == c->n_points ? 5 : 3.5;
		static const char *const tick_sep[] = {"M", " ", "v4"};
		put_nums(&t, tick_sep, (double[]){p->x, c->bottom}, 2);
		buf_puts(&t, tick_sep[2]);
		static const char *const dot_sep[] = {"M", " ", "m-", ",0a", ",", " 0 1,0 ", ",0a",
						      ",", " 0 1,0 -", ",0"};
		put_nums(&d, dot_sep, (double[]){p->x, p->y, r, r, r, 2 * r, r, r, 2 * r}, 9);
		buf_puts(&d, dot_sep[9]);
	}
	xmlNodePtr tp = svg_el(xaxis, ns, "path");
	dom_attr(tp, "d", t.s);
	dom_attr(tp, "stroke", "#333333");
	dom_attr(tp, "stroke-width", "1");
	xmlNodePtr dp = svg_el(dots, ns, "path");
	dom_attr(dp, "d", d.s);
	buf_free(&t);
	buf_free(&d);
}

/* One drawing of the layout: <svg class="cls" role="img"> with its <title> and <desc>. */
static xmlNodePtr draw(const struct chart_layout *c, const char *cls, const char *id_prefix,
		       xmlDocPtr doc)
{
	xmlNodePtr svg = xmlNewDocNode(doc, NULL, BAD_CAST "svg", NULL);
	xmlNsPtr ns = xmlNewNs(svg, BAD_CAST SVG_NS, NULL);
	xmlSetNs(svg, ns);
	char vb[64], id_t[64], id_d[64], both[140];
	snprintf(vb, sizeof vb, "0 0 %d %d", (int)c->width, (int)c->height);
	snprintf(id_t, sizeof id_t, "%s-title", id_prefix);
	snprintf(id_d, sizeof id_d, "%s-desc", id_prefix);
	snprintf(both, sizeof both, "%s %s", id_t, id_d);
	dom_attr(svg, "class", cls);
	dom_attr(svg, "viewBox", vb);
	dom_attr(svg, "width", "100%");
	dom_attr(svg, "role", "img");
	dom_attr(svg, "aria-labelledby", both);
	set_num(svg, "font-size", CHART_FONT);

	xmlNodePtr title = svg_el(svg, ns, "title");
	dom_attr(title, "id", id_t);
	xmlAddChild(title, xmlNewDocText(doc, BAD_CAST c->title));
	xmlNodePtr desc = svg_el(svg, ns, "desc");
	dom_attr(desc, "id", id_d);
	xmlAddChild(desc, xmlNewDocText(doc, BAD_CAST c->desc));

	if (c->n_points == 0) {
		line(svg, ns, c->left, c->bottom, c->right, c->bottom, "#333333", 1);
		text(svg, ns, (c->left + c->right) / 2, (c->top + c->bottom) / 2, "middle",
		     "Chưa có số liệu");
		return svg;
	}

	xmlNodePtr grid = svg_el(svg, ns, "g");
	dom_attr(grid, "class", "grid");
	xmlNodePtr ylab = svg_el(svg, ns, "g");
	dom_attr(ylab, "class", "y-axis");
	dom_attr(ylab, "fill", "#333333");
	for (size_t i = 0; i < c->n_ticks; i++) {
		const struct chart_tick *t = &c->ticks[i];
		if (i > 0)
			line(grid, ns, c->left, t->y, c->right, t->y,
			     c->has_zero && t->y == c->zero_y ? "#666666" : "#d5d9e0", 1);
		text(ylab, ns, c->left - 8, t->y + 5, "end", t->label);
	}
	xmlNodePtr xaxis = svg_el(svg, ns, "g");
	dom_attr(xaxis, "class", "x-axis");
	dom_attr(xaxis, "fill", "#333333");
	line(xaxis, ns, c->left, c->bottom, c->right, c->bottom, "#333333", 1);
	for (size_t i = 0; i < c->n_points; i++) {
		const struct chart_point *p = &c->points[i];
		if (p->month_shown)
			text(xaxis, ns, p->x, c->bottom + 22, "middle", p->month);
	}

	if (c->n_points > 1) {
		struct buf pts;
		buf_init(&pts);
		for (size_t i = 0; i < c->n_points; i++) {
			char xy[2 * NUM_SIZE + 2];
			size_t n = 0;
			if (i)
				xy[n++] = ' ';
			num(xy + n, c->points[i].x);
			n += strlen(xy + n);
			xy[n++] = ',';
			num(xy + n, c->points[i].y);
			buf_puts(&pts, xy);
		}
		xmlNodePtr pl = svg_el(svg, ns, "polyline");
		dom_attr(pl, "class", "series");
		dom_attr(pl, "points", pts.s);
		dom_attr(pl, "fill", "none");
		dom_attr(pl, "stroke", INK);
		dom_attr(pl, "stroke-width", "2.5");
		dom_attr(pl, "stroke-linejoin", "round");
		buf_free(&pts);
	}
	xmlNodePtr dots = svg_el(svg, ns, "g");
	dom_attr(dots, "class", "points");
	dom_attr(dots, "fill", INK);
	marks(xaxis, dots, ns, c);
	xmlNodePtr v = text(svg, ns, c->value_x, c->value_y,
			    c->value_anchor == CHART_ANCHOR_END ? "end" : "middle", c->value_label);
	dom_attr(v, "class", "value-label");
	dom_attr(v, "font-weight", "bold");
	set_num(v, "font-size", CHART_FONT_VALUE);
	dom_attr(v, "fill", "#111111");
	return svg;
}

/* The chart drawn twice: CHART_W wide for screens and paper, CHART_NARROW_W for phones,
 * where the wide one's labels would shrink below 11 px. style.css shows one of them. */
xmlNodePtr svg_chart_figure(const struct site *site, size_t ind, size_t upto, int seq,
			    const char *href, xmlDocPtr doc)
{
	const struct indicator *indi = &site->indicators[ind];
	xmlNodePtr fig = dom_new(doc, "figure", "chart");
	dom_attr(fig, "data-indicator", indi->id);

	struct chart_layout c;
	char prefix[48];
	chart_layout(site, ind, upto, &c);
	snprintf(prefix, sizeof prefix, "chart-%d", seq);
	xmlAddChild(fig, draw(&c, "chart-wide", prefix, doc));
	chart_layout_free(&c);
	chart_layout_box(site, ind, upto, CHART_NARROW_W, CHART_NARROW_H, &c);
	snprintf(prefix, sizeof prefix, "chart-%d-narrow", seq);
	xmlAddChild(fig, draw(&c, "chart-narrow", prefix, doc));

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
