/* line.c — inline text into measured words, words into lines, lines into justified positions.
 *
 * Justification places every word itself: libharu's word spacing (Tw) does nothing for the
 * two-byte UTF-8 fonts, and HPDF_TALIGN_JUSTIFY stretches letters. Breaking is greedy
 * first-fit, which is what Word does, so lines break where an office would expect them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../text.h"
#include "../util.h"
#include "pdf_int.h"

void itext_add_ex(struct itext *it, const struct piece *p)
{
	if (it->n == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 16;
		it->v = xrealloc(it->v, it->cap * sizeof *it->v);
	}
	struct piece *q = &it->v[it->n++];
	*q = *p;
	q->text = p->text ? xstrndup(p->text, p->len) : NULL;
	q->link = p->link ? xstrdup(p->link) : NULL;
	if (q->size_scale == 0)
		q->size_scale = 1;
}

void itext_add(struct itext *it, const char *s, size_t len, int face, struct srcpos pos)
{
	struct piece p = {.text = (char *)s, .len = len, .face = face, .pos = pos};
	itext_add_ex(it, &p);
}

void itext_free(struct itext *it)
{
	for (size_t i = 0; i < it->n; i++) {
		free(it->v[i].text);
		free(it->v[i].link);
	}
	free(it->v);
	memset(it, 0, sizeof *it);
}

static void word_free(struct word *w)
{
	struct frag *fr = word_frags(w);
	for (size_t i = 0; i < w->n_frags; i++) {
		free(fr[i].heap);
		free(fr[i].link);
	}
	free(w->frags);
	free(w->fns);
}

/* Whether freeing w has anything to free besides the list's array. */
static bool word_owns(const struct word *w)
{
	return w->frags || w->fns || w->one.heap || w->one.link;
}

/* Counts the words that own memory: a list's words are read again only if some do (most
 * lists hold none; the pass over a paragraph's or a table's words was 1% of a build). */
static void count_owning(struct wordlist *wl)
{
	wl->owning = 0;
	for (size_t i = 0; i < wl->n; i++)
		wl->owning += word_owns(&wl->v[i]);
}

void wordlist_free(struct wordlist *wl)
{
	for (size_t i = 0; wl->owning && i < wl->n; i++)
		word_free(&wl->v[i]);
	free(wl->v);
	memset(wl, 0, sizeof *wl);
}

void wordlist_fit(struct wordlist *wl)
{
	if (wl->n < wl->cap) {
		wl->v = xrealloc(wl->v, (wl->n ? wl->n : 1) * sizeof *wl->v);
		wl->cap = wl->n ? wl->n : 1;
	}
}

static struct word *new_word(struct wordlist *wl)
{
	if (wl->n == wl->cap) {
		wl->cap = wl->cap ? wl->cap * 2 : 32;
		wl->v = xrealloc(wl->v, wl->cap * sizeof *wl->v);
	}
	struct word *w = &wl->v[wl->n++];
	memset(w, 0, sizeof *w);
	return w;
}

/* The bytes allocated for a frag's text of n bytes (NUL included): the next power of two. */
static size_t text_cap(size_t n)
{
	size_t c = 16;
	while (c < n)
		c *= 2;
	return c;
}

/* Appends bytes to the word's last frag when font, size and shift match, else a new frag. */
static void word_put(struct word *w, const char *s, size_t len, int font, double size,
		     double rise, const char *link, bool strike, long units)
{
	struct frag *f = w->n_frags ? &word_frags(w)[w->n_frags - 1] : NULL;
	if (!f || f->font != font || f->size != size || f->rise != rise || f->strike != strike ||
	    (f->link == NULL) != (link == NULL) || (link && strcmp(f->link, link) != 0)) {
		if (w->n_frags == 0) {
			f = &w->one;
		} else {
			if (w->n_frags == 1) { /* the second: both into an array */
				w->frags = xmalloc(2 * sizeof *w->frags);
				w->frags[0] = w->one;
			} else if ((w->n_frags & (w->n_frags - 1)) == 0) { /* at powers of two */
				w->frags = xrealloc(w->frags, 2 * w->n_frags * sizeof *w->frags);
			}
			f = &w->frags[w->n_frags];
		}
		w->n_frags++;
		memset(f, 0, sizeof *f);
		f->font = font, f->size = size, f->rise = rise, f->strike = strike;
		f->link = link ? xstrdup(link) : NULL;
	} else if (f->units >= 0 && units >= 0) {
		units += f->units;
	} else {
		units = -1;
	}
	f->units = units;
	/* in the frag while it fits, then grown by doubling: a word of 100 000 characters is put
	 * one character at a time, and a realloc that cannot grow in place copies (quadratic
	 * under ASan, for one) */
	size_t need = f->len + len + 1;
	if (!f->heap && need > sizeof f->inl) {
		f->heap = xmalloc(text_cap(need));
		memcpy(f->heap, f->inl, f->len);
	} else if (f->heap && text_cap(f->len + 1) < need) {
		f->heap = xrealloc(f->heap, text_cap(need));
	}
	char *t = f->heap ? f->heap : f->inl;
	memcpy(t + f->len, s, len);
	f->len += len;
	t[f->len] = 0;
}

static void word_measure(struct word *w, struct fontset *fs)
{
	w->w = 0;
	for (size_t i = 0; i < w->n_frags; i++) {
		struct frag *f = &word_frags(w)[i];
		f->dx = w->w;
		/* added up by the scan, else measured */
		f->w = f->units >= 0 ? fontset_units_width(f->units, f->size)
				     : fontset_width(fs, f->font, f->size, frag_str(f), f->len);
		w->w += f->w;
	}
}

/* Real reports write ⁽¹⁾; a face with only some superscripts would mix two designs in one
 * mark, so unless it has them all they are all drawn as raised small digits. */
static bool face_has_superscripts(struct fontset *fs, int face)
{
	static const int32_t need[] = {0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074, 0x2075, 0x2076,
				       0x2077, 0x2078, 0x2079, 0x207D, 0x207E};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!FcCharSetHasChar(fs->cs[face], (FcChar32)need[i]))
			return false;
	return true;
}

/* The table fontset_width measures a font with (NULL: it asks libharu). */
static const int16_t *width_table(const struct fontset *fs, int font)
{
	return fs->pdf && font >= 0 && font < N_FACES ? fs->st->face_widths[font] : NULL;
}

/* fontset_width of " ", without its call for every space of the text */
static double space_width(const struct fontset *fs, int face, double size)
{
	const int16_t *widths = width_table(fs, face);
	return widths ? fontset_units_width(widths[' '], size) : fontset_width(fs, face, size, " ", 1);
}

static bool is_space(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
}

int itext_words(const struct itext *it, struct fontset *fs, double size, const char *md_path,
		struct diags *d, struct wordlist *out)
{
	int rc = 0;
	struct word *cur = NULL; /* the open word, NULL after a space */
	bool super_ok[N_FACES];
	for (int f = 0; f < N_FACES; f++)
		super_ok[f] = face_has_superscripts(fs, f);
	/* room for every word at once: at most one per piece and one after each space (a
	 * table cell's few words no longer take a paragraph's array, nor a long paragraph
	 * its copies while the array grows) */
	size_t most = out->n;
	for (size_t i = 0; i < it->n; i++) {
		most++;
		for (size_t k = 0; k < it->v[i].len; k++)
			most += is_space((unsigned char)it->v[i].text[k]);
	}
	if (most > out->cap) {
		out->cap = most;
		out->v = xrealloc(out->v, most * sizeof *out->v);
	}
	for (size_t i = 0; i < it->n; i++) {
		const struct piece *p = &it->v[i];
		double psize = size * p->size_scale, prise = size * p->rise;
		if (p->brk) {
			if (!cur && out->n == 0)
				cur = new_word(out);
			if (!cur)
				cur = &out->v[out->n - 1];
			cur->brk = true;
			cur = NULL;
			continue;
		}
		if (p->fn > 0) { /* a footnote mark sticks to the word before it */
			if (!cur)
				cur = new_word(out);
			word_put(cur, p->text, p->len, p->face & ~ST_ITALIC & ~ST_BOLD, psize, prise,
				 p->link, false, -1); /* its link: to the note (PDF_NOTE_LINK) */
			cur->fns = xrealloc(cur->fns, (cur->n_fns + 1) * sizeof(int));
			cur->fns[cur->n_fns++] = p->fn;
			continue;
		}
		size_t off = 0, run = 0, run_len = 0; /* characters of one font, put at once */
		int col = p->pos.col, run_font = -1;
		const int16_t *run_table = NULL; /* and their widths added up, if from a table */
		long run_units = -1;
		while (off < p->len) {
			int32_t cp;
			int n = text_decode(p->text + off, p->len - off, &cp);
			if (n <= 0) {
				n = 1;
				cp = 0xFFFD;
			}
			/* the common case: a character of the run's font, right after it */
			if (run_len && off == run + run_len && !is_space(cp) && cp >= 0x20 &&
			    cp < 0x2070 && cp != 0xAD && cp != 0xB2 && cp != 0xB3 && cp != 0xB9 &&
			    fontset_font_of(fs, p->face, cp) == run_font) {
				if (run_table)
					run_units += run_table[cp];
				run_len += (size_t)n;
				off += (size_t)n;
				col++;
				continue;
			}
			if (run_len) {
				word_put(cur, p->text + run, run_len, run_font, psize, prise, p->link,
					 p->strike, run_units);
				run_len = 0;
			}
			if (cp == 0xAD) {
				/* a soft hyphen (Word's optional hyphen) is not drawn, as browsers
				 * hide it; lines are not broken there */
			} else if (is_space(cp)) {
				if (cur) {
					cur->space = space_width(fs, p->face, psize);
					cur = NULL;
				}
			} else {
				if (!cur)
					cur = new_word(out);
				double scale = 1, rise = 0;
				int font = -1;
				int32_t base = font_synth(cp, &scale, &rise);
				if (!base || super_ok[p->face])
					font = fontset_font_of(fs, p->face, cp);
				if (font < 0 && base) {
					char b[4];
					b[0] = (char)base;
					const int16_t *tb = width_table(fs, p->face);
					word_put(cur, b, 1, p->face, psize * scale, prise + psize * rise,
						 p->link, p->strike, tb ? tb[base] : -1);
				} else if (font < 0) {
					diag_add(d, md_path, p->pos.line, col,
						 "no font can draw U+%04X '%.*s'", (unsigned)cp, n,
						 p->text + off);
					rc = -1;
				} else { /* starts a run */
					run = off;
					run_len = (size_t)n;
					run_font = font;
					run_table = width_table(fs, font);
					run_units = run_table ? run_table[cp] : -1;
				}
			}
			off += (size_t)n;
			col++;
		}
		if (run_len)
			word_put(cur, p->text + run, run_len, run_font, psize, prise, p->link,
				 p->strike, run_units);
	}
	for (size_t i = 0; i < out->n; i++)
		word_measure(&out->v[i], fs);
	count_owning(out);
	/* a space before a hard break or at the end is not a gap */
	if (out->n)
		out->v[out->n - 1].space = 0;
	return rc;
}

/* Moves the cursor (frag *k, which starts at byte *fpos of the word) to the frag that holds
 * byte pos. Words can have thousands of frags ("a**b**a**b**…"): never scan from the first. */
static void frag_seek(const struct word *w, size_t pos, size_t *k, size_t *fpos)
{
	while (*k > 0 && pos < *fpos)
		*fpos -= word_cfrags(w)[--*k].len;
	while (*k < w->n_frags && *fpos + word_cfrags(w)[*k].len <= pos)
		*fpos += word_cfrags(w)[(*k)++].len;
}

/* A new word holding bytes [from, to) of w's text, counted across its frags; frag k starts
 * at byte pos and holds byte from. */
static void slice_word(const struct word *w, size_t from, size_t to, size_t k, size_t pos,
		       struct word *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = k; i < w->n_frags && pos < to; i++) {
		const struct frag *f = &word_cfrags(w)[i];
		size_t a = from > pos ? from - pos : 0, b = to - pos < f->len ? to - pos : f->len;
		if (a < f->len && a < b)
			word_put(out, frag_str(f) + a, b - a, f->font, f->size, f->rise, f->link,
				 f->strike, -1);
		pos += f->len;
	}
}

void words_split_wide(struct wordlist *wl, struct fontset *fs, double width)
{
	size_t wide = 0;
	while (wide < wl->n && wl->v[wide].w <= width)
		wide++;
	if (wide == wl->n) /* none: the list as it is */
		return;
	/* as many words as before and a few pieces: a table cell's list is a word or two, and a
	 * list of the default 32 words for each of 3 million cells was 130 MB a 1 000-row table */
	struct wordlist res = {.cap = wl->n + 4};
	res.v = xmalloc(res.cap * sizeof *res.v);
	for (size_t i = 0; i < wl->n; i++) {
		struct word *w = &wl->v[i];
		if (w->w <= width) {
			*new_word(&res) = *w;
			continue;
		}
		/* the whole text, with each byte's frag, to measure prefixes */
		size_t total = 0;
		for (size_t k = 0; k < w->n_frags; k++)
			total += word_cfrags(w)[k].len;
		size_t start = 0, k = 0, fpos = 0;
		while (start < total) {
			size_t pos = start, last_ok = 0, last_hyphen = 0;
			double acc = 0;
			frag_seek(w, start, &k, &fpos);
			size_t start_k = k, start_fpos = fpos;
			while (pos < total) {
				frag_seek(w, pos, &k, &fpos); /* the byte's frag */
				const struct frag *f = &word_cfrags(w)[k];
				int32_t cp;
				int n = text_decode(frag_str(f) + (pos - fpos), f->len - (pos - fpos), &cp);
				if (n <= 0)
					n = 1;
				double cw = fontset_width(fs, f->font, f->size, frag_str(f) + (pos - fpos),
							  (size_t)n);
				if (acc + cw > width && pos > start)
					break;
				acc += cw;
				pos += (size_t)n;
				last_ok = pos;
				if (cp == '-' || cp == '/')
					last_hyphen = pos;
			}
			size_t end = pos >= total ? total : last_hyphen > start ? last_hyphen : last_ok;
			struct word *piece = new_word(&res);
			slice_word(w, start, end, start_k, start_fpos, piece);
			word_measure(piece, fs);
			if (end >= total) {
				piece->space = w->space;
				piece->brk = w->brk;
				piece->fns = w->fns, piece->n_fns = w->n_fns;
				w->fns = NULL;
			}
			start = end;
		}
		w->n_fns = 0;
		word_free(w);
	}
	free(wl->v);
	res.v = xrealloc(res.v, (res.n ? res.n : 1) * sizeof *res.v);
	res.cap = res.n ? res.n : 1;
	*wl = res;
	count_owning(wl);
}

size_t break_lines(const struct word *w, size_t n, double first_width, double width,
		   struct line **lines)
{
	size_t cap = 8, nl = 0;
	*lines = xmalloc(cap * sizeof **lines);
	size_t i = 0;
	while (i < n) {
		double avail = nl == 0 ? first_width : width;
		double acc = w[i].w;
		size_t j = i + 1;
		while (j < n && !w[j - 1].brk && acc + w[j - 1].space + w[j].w <= avail + 0.01) {
			acc += w[j - 1].space + w[j].w;
			j++;
		}
		if (j < n && !w[j - 1].brk && w[j - 1].keep) { /* back to a break allowed */
			size_t k = j - 1;
			while (k > i && w[k - 1].keep)
				k--;
			if (k > i) {
				j = k;
				acc = w[i].w;
				for (size_t m = i + 1; m < j; m++)
					acc += w[m - 1].space + w[m].w;
			}
		}
		if (nl == cap)
			*lines = xrealloc(*lines, (cap *= 2) * sizeof **lines);
		(*lines)[nl++] = (struct line){.first = i, .n = j - i, .w = acc,
					       .last = j == n || w[j - 1].brk};
		i = j;
	}
	return nl;
}

/* The text of a word's first or last frag. */
static const char *word_text(const struct word *w, bool last, size_t *len)
{
	const struct frag *f = &word_cfrags(w)[last ? w->n_frags - 1 : 0];
	*len = f->len;
	return frag_str(f);
}

void words_keep_numbers(struct wordlist *wl)
{
	for (size_t i = 0; i + 1 < wl->n; i++) {
		struct word *a = &wl->v[i];
		const struct word *b = &wl->v[i + 1];
		if (!a->n_frags || !b->n_frags || a->brk || a->space <= 0)
			continue;
		size_t la, lb;
		const char *ta = word_text(a, true, &la), *tb = word_text(b, false, &lb);
		/* a word ending in a letter (not "1.", "a)", ",", "–"), then one starting with a
		 * digit: as the website's text_keep_numbers */
		a->keep = lb && tb[0] >= '0' && tb[0] <= '9' && text_ends_in_letter(ta, la);
	}
}

/* Whether a break after word i is where a typist would break a title: after punctuation,
 * or before a word that starts a phrase. */
static bool good_break(const struct word *w, size_t i, size_t n)
{
	static const char *const starts[] = {"và", "về", "của", "cho", "trong", "theo", "tại",
					     "với", "trên", "đến", "từ", "để", "đối", "năm", "nhằm",
					     "thuộc", "do"};
	size_t l;
	const char *t = word_text(&w[i], true, &l);
	if (l && strchr(",;:.)", t[l - 1]))
		return true;
	if (i + 1 >= n)
		return true;
	t = word_text(&w[i + 1], false, &l);
	if (l && t[0] == '(')
		return true;
	for (size_t k = 0; k < sizeof starts / sizeof *starts; k++)
		if (text_is_word(t, l, starts[k])) /* in any case: an appendix's title is in capitals */
			return true;
	return false;
}

size_t break_balanced(const struct word *w, size_t n, double first_width, double width,
		      struct line **lines)
{
	size_t nl = break_lines(w, n, first_width, width, lines);
	if (nl < 2 || n > 300)
		return nl;
	for (size_t i = 0; i < n; i++)
		if (w[i].brk && i + 1 < n)
			return nl; /* the author's own breaks: as written */
	/* best[L][j]: the least cost of words [0, j) on L lines; a line's cost is its width
	 * squared (so that lines of a fixed total come out even), plus a typist's penalty for a
	 * break inside a phrase; a break before a number is never taken */
	size_t L = nl;
	double *best = xmalloc((L + 1) * (n + 1) * sizeof *best);
	size_t *from = xmalloc((L + 1) * (n + 1) * sizeof *from);
	for (size_t k = 0; k < (L + 1) * (n + 1); k++)
		best[k] = -1;
	best[0] = 0;
	double penalty = (0.12 * width) * (0.12 * width);
	for (size_t l = 1; l <= L; l++) {
		double avail = l == 1 ? first_width : width;
		for (size_t j = 1; j <= n; j++) {
			if (j < n && (w[j - 1].keep))
				continue; /* no break after a word a number follows */
			double acc = 0;
			for (size_t i = j; i-- > 0;) {
				acc += w[i].w + (i + 1 < j ? w[i].space : 0);
				if (acc > avail + 0.01)
					break;
				double prev = best[(l - 1) * (n + 1) + i];
				if (prev < 0)
					continue;
				double cost = prev + acc * acc + (j < n && !good_break(w, j - 1, n) ? penalty : 0);
				double *b = &best[l * (n + 1) + j];
				if (*b < 0 || cost < *b) {
					*b = cost;
					from[l * (n + 1) + j] = i;
				}
			}
		}
	}
	if (best[L * (n + 1) + n] >= 0) {
		size_t j = n;
		for (size_t l = L; l > 0; l--) {
			size_t i = from[l * (n + 1) + j];
			double acc = 0;
			for (size_t k = i; k < j; k++)
				acc += w[k].w + (k + 1 < j ? w[k].space : 0);
			(*lines)[l - 1] = (struct line){.first = i, .n = j - i, .w = acc, .last = j == n};
			j = i;
		}
	}
	free(best);
	free(from);
	return nl;
}

size_t count_lines(const struct word *w, size_t n, double width, double *until)
{
	size_t nl = 0, i = 0;
	double least = INFINITY;
	while (i < n) { /* break_lines' rule, without keeping the lines */
		double acc = w[i].w;
		size_t j = i + 1;
		while (j < n && !w[j - 1].brk && acc + w[j - 1].space + w[j].w <= width + 0.01) {
			acc += w[j - 1].space + w[j].w;
			j++;
		}
		/* the line would take word j from this width on: the lines may change there */
		if (j < n && !w[j - 1].brk && acc + w[j - 1].space + w[j].w - 0.01 < least)
			least = acc + w[j - 1].space + w[j].w - 0.01;
		nl++;
		i = j;
	}
	if (until)
		*until = least;
	return nl;
}

void place_words(const struct word *w, const struct line *ln, double avail, enum align al,
		 double *xs)
{
	double extra = 0, x = 0;
	size_t stretch = 0;
	for (size_t k = 0; k + 1 < ln->n; k++)
		stretch += w[ln->first + k].space > 0;
	if (al == AL_JUSTIFY && !ln->last && stretch > 0 && ln->w < avail)
		extra = (avail - ln->w) / (double)stretch;
	else if (al == AL_CENTER && ln->w < avail)
		x = (avail - ln->w) / 2;
	else if (al == AL_RIGHT && ln->w < avail)
		x = avail - ln->w;
	for (size_t k = 0; k < ln->n; k++) {
		const struct word *wk = &w[ln->first + k];
		xs[k] = x;
		x += wk->w + wk->space + (wk->space > 0 ? extra : 0);
	}
}

void draw_words(struct box *b, const struct word *w, const struct line *ln, const double *xs,
		double x0, double y)
{
	for (size_t k = 0; k < ln->n; k++) {
		const struct word *wk = &w[ln->first + k];
		for (size_t i = 0; i < wk->n_frags; i++) {
			const struct frag *f = &word_cfrags(wk)[i];
			double x = x0 + xs[k] + f->dx;
			op_text(b, x, y - f->rise, f->font, f->size, frag_str(f), f->len, f->link);
			if (f->strike)
				op_line(b, x, y - f->size * 0.28, x + f->w, y - f->size * 0.28,
					f->size / 18);
		}
		/* a struck or linked gap continues the line under the space */
	}
}
