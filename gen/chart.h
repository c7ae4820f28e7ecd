/* chart.h — the geometry of an indicator's chart, backend-neutral: the website draws it as
 * SVG (svg.c), the PDF can draw the same numbers with libharu. Depends only on model.h and
 * vn.h.
 *
 * The rules (so both backends match):
 * - A line chart of one indicator over site->reports[0..upto], one point per report that
 *   has a value, oldest left. Abstract box CHART_W × CHART_H units (SVG: viewBox units; PDF:
 *   scale to the text width: 480 units = 160 mm, 1/3 mm a unit). y grows DOWNWARDS
 *   (SVG convention): a PDF draws at y_pdf = box_top - y * scale.
 * - Plot area: top CHART_TOP, bottom CHART_H - CHART_BOTTOM, right CHART_W - CHART_RIGHT,
 *   left = CHART_PAD + (longest tick label in characters) * CHART_CHAR_W, at least 40:
 *   labels (CHART_FONT) sit right-aligned at left - 8, baseline at the tick + 5.
 * - x: by month (year*12+month), so a missing month leaves a gap; the first and last points
 *   sit CHART_INSET inside the plot area; a single point is centred. x labels "01/2025"
 *   centred under the points, baseline at plot bottom + 22, a 4-unit tick mark above. The
 *   last label is always kept; going back, a label is kept when it lies at least
 *   CHART_XLABEL_W units left of the last one kept (months close together never overlap).
 * - y ticks: step = 1, 2 or 5 × 10^k, the smallest giving at most 5 intervals over
 *   [min, max] (4 intervals is typical); the axis runs from floor(min/step)·step to
 *   ceil(max/step)·step. Equal values get ±10 % (or [0, 1] for zeros); values ≥ 0 never get
 *   a negative axis; percentages ≤ 100 never get an axis above 100. A gridline per tick;
 *   when 0 lies inside the axis its gridline is the zero line (drawn darker).
 * - Tick labels: the catalogue format, compacted to what the step can show: percent "70%",
 *   millions "80 triệu", billions "1,9 tỷ"; counts of millions or more as "triệu"/"tỷ" when
 *   the step is a whole 0,1 of that unit, else "1.500.000".
 * - An axis that does not reach zero (percentages of 80 to 82) is cut: `cut` is set, the
 *   description says where the axis starts, and both backends draw the break mark
 *   (chart_cut_mark: a zigzag up the y axis from the x axis, in units from (left, bottom),
 *   never stretched with the plot).
 * - A series of one value is no chart: both backends show the value itself, large, with its
 *   month (`single`).
 * - The last point carries its value (as the catalogue formats it), 10 units above it,
 *   anchored at its end when it is within 80 units of the right edge.
 */
#ifndef BAOCAO_HTML_CHART_H
#define BAOCAO_HTML_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

#define CHART_W 480.0
#define CHART_H 270.0
#define CHART_TOP 30.0
#define CHART_BOTTOM 34.0
#define CHART_RIGHT 20.0
#define CHART_PAD 14.0
#define CHART_CHAR_W 7.2     /* average width of a 14-unit character */
#define CHART_FONT 14.0      /* tick and month labels */
#define CHART_FONT_VALUE 15.0 /* the last value, bold */
#define CHART_INSET 18.0
#define CHART_XLABEL_W 64.0
/* A phone's chart: a narrower box with the same 14-unit labels, so that drawn about 340 px
 * wide its labels stay about 15 px (CHART_W would shrink them to 10). */
#define CHART_NARROW_W 320.0
#define CHART_NARROW_H 250.0

struct chart_tick {
	double y;
	struct decimal value;
	char *label; /* "80 triệu" */
};

struct chart_point {
	double x, y;
	size_t report;        /* index into site->reports */
	struct decimal value;
	char *month;          /* "01/2025" */
	bool month_shown;     /* whether its x label is drawn */
};

enum chart_anchor { CHART_ANCHOR_MIDDLE, CHART_ANCHOR_END };

struct chart_layout {
	double width, height;                   /* CHART_W, CHART_H */
	double left, right, top, bottom;        /* the plot area */
	struct chart_tick *ticks;               /* bottom to top */
	size_t n_ticks;
	bool has_zero;                          /* 0 is a tick inside the axis */
	double zero_y;
	struct chart_point *points;             /* oldest first */
	size_t n_points;
	char *value_label;                      /* the last value: "87,9 triệu", or NULL */
	double value_x, value_y;
	enum chart_anchor value_anchor;
	bool cut;    /* the axis does not reach zero */
	bool single; /* one value: shown as the value, not a chart */
	char *title;                            /* the indicator's name */
	char *desc; /* "Thẻ CCCD gắn chip đã cấp: 87,9 triệu tháng 01/2025, tăng 1,3 triệu so với
		     * tháng 12/2024." (no earlier value: no comparison; no value: "chưa có số
		     * liệu") */
};

/* The axis break mark of a cut axis: a zigzag of CHART_CUT_N points, in units from the
 * plot's (left, bottom), y downwards. */
#define CHART_CUT_N 6
static const double chart_cut_mark[CHART_CUT_N][2] = {{0, 0},  {0, -3},  {-5, -6},
						       {5, -10}, {0, -13}, {0, -16}};

/* Lays out indicator `ind` over site->reports[0..upto] in CHART_W × CHART_H. Always succeeds
 * (no points: no ticks and a desc saying so). Free with chart_layout_free. */
void chart_layout(const struct site *site, size_t ind, size_t upto, struct chart_layout *out);
/* The same in a box of width × height units (CHART_NARROW_W × CHART_NARROW_H for phones):
 * the rules above with CHART_W and CHART_H replaced. */
void chart_layout_box(const struct site *site, size_t ind, size_t upto, double width,
		      double height, struct chart_layout *out);
void chart_layout_free(struct chart_layout *c);

#endif
