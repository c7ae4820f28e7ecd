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

/* A word of text, 6 units a byte, a space of 4 after it (none after the last). */
static struct word T(const char *s, bool last)
{
	struct word x = W(6.0 * (double)strlen(s), last ? 0 : 4);
	x.n_frags = 1;
	x.one.len = strlen(s);
	memcpy(x.one.inl, s, x.one.len + 1);
	return x;
}

/* A title's words: numbers kept with the word before them, lines balanced, and as many as
 * the greedy breaking makes. */
static void test_titles(void)
{
	static const char *const title[] = {"Tình", "hình,", "kết", "quả", "triển", "khai",
					    "Đề", "án", "06/CP", "tháng", "01/2025", "và",
					    "nhiệm", "vụ", "trọng", "tâm", "tháng", "02/2025"};
	enum { N = sizeof title / sizeof *title };
	struct word w[N];
	for (size_t i = 0; i < N; i++)
		w[i] = T(title[i], i + 1 == N);
	struct wordlist wl = {.v = w, .n = N};
	words_keep_numbers(&wl);
	CHECK(w[7].keep && w[9].keep && w[16].keep); /* án 06/CP, tháng 01/2025, tháng 02/2025 */
	CHECK(!w[8].keep && !w[10].keep && !w[15].keep && !w[0].keep);
	struct word d[2] = {T("–", false), T("06/2025", true)}; /* a dash: free to break */
	struct wordlist dl = {.v = d, .n = 2};
	words_keep_numbers(&dl);
	CHECK(!d[0].keep);
	int tried = 0, bad = 0, uneven = 0; /* uneven: a line shorter than the greedy's shortest */
	for (double width = 120; width <= 420; width += 7) {
		struct line *g, *b;
		size_t ng = break_lines(w, N, width, width, &g);
		size_t nb = break_balanced(w, N, width, width, &b);
		tried++;
		double gmin = 1e9, bmin = 1e9; /* the shortest line, the last one included */
		for (size_t l = 0; l < nb; l++) {
			const struct line *x = &b[l];
			bad += x->w > width + 0.01 || (l + 1 < nb && w[x->first + x->n - 1].keep) ||
			       (l > 0 && b[l - 1].first + b[l - 1].n != x->first);
			bmin = fmin(bmin, x->w);
		}
		for (size_t l = 0; l < ng; l++)
			gmin = fmin(gmin, g[l].w);
		bad += nb != ng || b[nb - 1].first + b[nb - 1].n != N;
		uneven += bmin < gmin - 0.01;
		free(g);
		free(b);
	}
	CHECK(tried > 40 && bad == 0);
	CHECK(uneven == 0);
	/* at 400 units the greedy lines are 388 and 252 (the second starts "tháng 01/2025": the
	 * greedy does not break before the number either); balanced, 302 and 338 */
	struct line *b;
	size_t nb = break_balanced(w, N, 400, 400, &b);
	CHECK(nb == 2 && fabs(b[0].w - b[1].w) < 40);
	free(b);
}

/* count_lines: break_lines' count, and the width from which it may change */
static void test_count(void)
{
	struct word w[5] = {W(20, 5), W(20, 5), W(20, 5), W(20, 5), W(20, 0)};
	double until;
	CHECK(count_lines(w, 5, 75, &until) == 2);
	CHECK(near(until, 95 - 0.01)); /* a fourth word joins the first line at 95 */
	CHECK(count_lines(w, 5, 94.9, NULL) == 2);
	CHECK(count_lines(w, 5, 120, &until) == 1 && isinf(until));
	/* every width below `until` breaks the same */
	int same = 0, tried = 0;
	for (double x = 20; x < 130; x += 0.5) {
		struct line *ln;
		size_t n = break_lines(w, 5, x, x, &ln);
		free(ln);
		double u;
		size_t c = count_lines(w, 5, x, &u);
		same += c == n;
		for (double y = x; y < u && y < 130; y += 0.5)
			same += count_lines(w, 5, y, NULL) == c ? 0 : -1000;
		tried++;
	}
	CHECK(same == tried);
	/* a hard break: the line it ends asks for no width */
	struct word h[3] = {W(10, 5), W(10, 5), W(10, 0)};
	h[0].brk = true;
	CHECK(count_lines(h, 3, 100, &until) == 2 && isinf(until));
	CHECK(count_lines(h, 0, 100, &until) == 0 && isinf(until));
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
	test_count();
	test_titles();
	return check_done();
}
