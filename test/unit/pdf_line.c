/* Line breaking and justification (gen/pdf/line.c), on words of given widths. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../gen/pdf/pdf_int.h"
#include "check.h"

static struct word W(double w, double space)
{
	struct word x;
	memset(&x, 0, sizeof x);
	x.w = w;
	x.space = space;
	return x;
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-6;
}

int main(void)
{
	/* five words of 20 with spaces of 5: 20+5+20+5+20 = 70 fits in 75, a fourth does not */
	struct word w[5] = {W(20, 5), W(20, 5), W(20, 5), W(20, 5), W(20, 0)};
	struct line *ln;
	size_t n = break_lines(w, 5, 75, 75, &ln);
	CHECK(n == 2);
	CHECK(ln[0].first == 0 && ln[0].n == 3 && !ln[0].last);
	CHECK(ln[1].first == 3 && ln[1].n == 2 && ln[1].last);
	CHECK(near(ln[0].w, 70));

	/* justified: the 5 pt left over go into the two gaps; the line ends on the margin */
	double xs[8];
	place_words(w, &ln[0], 75, AL_JUSTIFY, xs);
	CHECK(near(xs[0], 0));
	CHECK(near(xs[1], 27.5));
	CHECK(near(xs[2], 55));
	CHECK(near(xs[2] + w[2].w, 75));
	/* the last line is left-aligned with natural spaces */
	place_words(w, &ln[1], 75, AL_JUSTIFY, xs);
	CHECK(near(xs[0], 0) && near(xs[1], 25));
	/* centred and right */
	place_words(w, &ln[1], 75, AL_CENTER, xs);
	CHECK(near(xs[0], (75 - 45) / 2.0));
	place_words(w, &ln[1], 75, AL_RIGHT, xs);
	CHECK(near(xs[1] + 20, 75));
	free(ln);

	/* a narrower first line (the 1 cm indent): only two words fit on it */
	n = break_lines(w, 5, 50, 75, &ln);
	CHECK(n == 2 && ln[0].n == 2 && ln[1].n == 3);
	free(ln);

	/* a hard break ends a line early, and that line is not stretched */
	struct word h[3] = {W(10, 5), W(10, 5), W(10, 0)};
	h[0].brk = true;
	n = break_lines(h, 3, 100, 100, &ln);
	CHECK(n == 2 && ln[0].n == 1 && ln[0].last);
	place_words(h, &ln[1], 100, AL_JUSTIFY, xs);
	CHECK(near(xs[1], 15));
	free(ln);

	/* glued pieces (space 0, e.g. a split long word) never take stretch */
	struct word g[4] = {W(10, 5), W(10, 0), W(10, 5), W(60, 0)};
	n = break_lines(g, 4, 40, 100, &ln);
	CHECK(n == 2 && ln[0].n == 3);
	place_words(g, &ln[0], 40, AL_JUSTIFY, xs);
	CHECK(near(xs[1], 10 + 5 + 5));     /* the only real gap takes all 5 */
	CHECK(near(xs[2], xs[1] + 10));     /* glued: no gap */
	CHECK(near(xs[2] + 10, 40));
	free(ln);

	/* a word wider than the line is alone on its line, not dropped */
	struct word big[2] = {W(500, 5), W(10, 0)};
	n = break_lines(big, 2, 100, 100, &ln);
	CHECK(n == 2 && ln[0].n == 1 && ln[1].n == 1);
	free(ln);
	return check_done();
}
