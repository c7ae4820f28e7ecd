/* chart.c — {{chart id}} as vector graphics. The geometry (scale, ticks, labels, points) is
 * gen/chart.h's, the same numbers the website's SVG draws, so both charts match; here
 * it is only scaled to the text width and drawn with lines, circles and text. */
#include <string.h>

#include "../chart.h"
#include "../util.h"
#include "pdf_int.h"

static void colour(struct op *o, float r, float g, float b)
{
	o->rgb[0] = r, o->rgb[1] = g, o->rgb[2] = b;
}

int layout_chart(struct pdf_ctx *c, cmark_node *node)
{
	const struct chart *ch = cmark_node_get_user_data(node);
	if (!ch || ch->indicator >= c->site->n_indicators)
		return 0; /* not a chart: nothing to draw */
	const struct pdf_style *st = c->st;
	int err0 = c->errors;
	struct chart_layout cl;
	chart_layout(c->site, ch->indicator, ch->upto, &cl);
	double W = c->landscape ? c->text_w_land : c->text_w;
	if (cl.single) { /* one value: the value itself, large, with its month (chart.h) */
		const struct indicator *ind = &c->site->indicators[ch->indicator];
		struct box *b = box_new(&c->boxes, BOX_BLOCK);
		b->before = st->para_space;
		double big = st->body_size * 1.6, y = big * 1.1;
		char *line = ind->unit && *ind->unit && ind->format != FORMAT_PERCENT
				     ? xasprintf("%s %s", cl.value_label, ind->unit)
				     : xstrdup(cl.value_label);
		put_text(c, b, line, ST_BOLD, big, 0, y, AL_CENTER, W);
		free(line);
		char *when = xasprintf("(tháng %s)", cl.points[0].month);
		y += st->body_size * 1.3;
		put_text(c, b, when, 0, st->body_size, 0, y, AL_CENTER, W);
		free(when);
		double size = st->body_size - 1;
		y += size * 1.6;
		put_text(c, b, cl.title, ST_ITALIC, size, 0, y, AL_CENTER, W);
		b->h = y + size * 0.5;
		chart_layout_free(&cl);
		return c->errors > err0 ? -1 : 0;
	}
	double k = st->chart_height / cl.height;
	if (cl.width * k > W)
		k = W / cl.width;
	double x0 = (W - cl.width * k) / 2;
	struct box *b = box_new(&c->boxes, BOX_BLOCK);
	b->before = st->para_space;
#define X(v) (x0 + (v) * k)
#define Y(v) ((v) * k)
	for (size_t i = 0; i < cl.n_ticks; i++) {
		const struct chart_tick *t = &cl.ticks[i];
		bool zero = cl.has_zero && t->y == cl.zero_y;
		struct op *o = op_line(b, X(cl.left), Y(t->y), X(cl.right), Y(t->y), zero ? 0.8 : 0.4);
		float g = zero ? 0.35f : 0.8f;
		colour(o, g, g, g);
		put_text(c, b, t->label, 0, CHART_FONT * k, X(cl.left - 8) - W, Y(t->y + 4), AL_RIGHT,
			 W);
	}
	for (size_t i = 0; i + 1 < cl.n_points; i++) {
		struct op *o = op_line(b, X(cl.points[i].x), Y(cl.points[i].y), X(cl.points[i + 1].x),
				       Y(cl.points[i + 1].y), 1.6);
		colour(o, 0.1f, 0.3f, 0.6f);
	}
	for (size_t i = 0; i < cl.n_points; i++) {
		const struct chart_point *p = &cl.points[i];
		colour(op_circle(b, X(p->x), Y(p->y), 2.2), 0.1f, 0.3f, 0.6f);
		if (p->month_shown)
			put_text(c, b, p->month, 0, CHART_FONT * k, X(p->x) - W / 2,
				 Y(cl.bottom + 20), AL_CENTER, W);
	}
	if (cl.cut) /* the axis break mark at the foot of the y axis */
		for (size_t i = 0; i + 1 < CHART_CUT_N; i++) {
			const double *a = chart_cut_mark[i], *e = chart_cut_mark[i + 1];
			op_line(b, X(cl.left) + a[0] * k, Y(cl.bottom + a[1]), X(cl.left) + e[0] * k,
				Y(cl.bottom + e[1]), 1);
		}
	if (cl.value_label) {
		double vx = X(cl.value_x);
		if (cl.value_anchor == CHART_ANCHOR_END)
			put_text(c, b, cl.value_label, ST_BOLD, CHART_FONT_VALUE * k, vx - W,
				 Y(cl.value_y), AL_RIGHT, W);
		else
			put_text(c, b, cl.value_label, ST_BOLD, CHART_FONT_VALUE * k, vx - W / 2,
				 Y(cl.value_y), AL_CENTER, W);
	}
	double y = Y(cl.height);
	/* the caption: the indicator's name, as a Word caption under the figure */
	if (cl.title) {
		double size = st->body_size - 1;
		put_text(c, b, cl.title, ST_ITALIC, size, 0, y + size, AL_CENTER, W);
		y += size * 1.5;
	}
#undef X
#undef Y
	b->h = y;
	chart_layout_free(&cl);
	return c->errors > err0 ? -1 : 0;
}
