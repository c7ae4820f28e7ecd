/* coverage.c — every character the PDFs draw that no font can draw, found before any page
 * is laid out and located where it is written: site.yaml (the issuer, the place),
 * indicators.csv (the names under the charts), report.md (the front matter and the body),
 * the page style's texts. `check` and `build` both run it, so that `check` refuses what the
 * PDF would (pdf.h). A character is drawable as line.c decides: by a face, by a fallback
 * font fontconfig finds, or drawn smaller from its base (superscript digits). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../appendix.h"
#include "../text.h"
#include "../util.h"
#include "pdf_int.h"

/* Whether each character of the BMP can be drawn, worked out once per build and shared by
 * the threads that check the reports: a bit of `ok` is set before its bit of `known`, and two
 * threads that work out the same character set the same bits. */
struct drawable_cache {
	_Atomic uint8_t known[0x10000 / 8], ok[0x10000 / 8];
};

struct cover {
	const struct pdf_style *st;
	struct drawable_cache *cache;
	struct diags *d;
	int errors;
};

static bool drawable_uncached(struct cover *c, int32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r')
		return true; /* line.c's spaces */
	double scale, rise;
	if (font_synth(cp, &scale, &rise))
		return true;
	if (cp < 0 || cp > 0xFFFF)
		return false; /* libharu's two-byte codes: the BMP only */
	/* the regular face's own, then a fallback (line.c's choice for any face: fontconfig
	 * finds the family's other faces too): a fontset of its own for each character asked,
	 * so that the fallbacks of many never fill one (MAX_FONTS) */
	const uint8_t *cover = c->st->face_cover[0];
	bool yes = cover ? (cover[cp >> 3] >> (cp & 7)) & 1
			 : FcCharSetHasChar(c->st->face_charset[0], (FcChar32)cp) != 0;
	if (!yes) {
		struct fontset probe;
		struct diags scratch = {0};
		yes = fontset_init(&probe, c->st, NULL, &scratch) == 0 &&
		      fontset_font_for(&probe, 0, cp) >= 0;
		fontset_free(&probe);
		diag_free(&scratch);
	}
	return yes;
}

/* Whether cp can be drawn: worked out once for each character of the BMP. */
static inline bool drawable(struct cover *c, int32_t cp)
{
	if (cp < 0 || cp > 0xFFFF)
		return drawable_uncached(c, cp);
	uint8_t bit = (uint8_t)(1u << (cp & 7));
	struct drawable_cache *k = c->cache;
	if (!(atomic_load_explicit(&k->known[cp >> 3], memory_order_acquire) & bit)) {
		bool yes = drawable_uncached(c, cp);
		if (yes)
			atomic_fetch_or_explicit(&k->ok[cp >> 3], bit, memory_order_relaxed);
		atomic_fetch_or_explicit(&k->known[cp >> 3], bit, memory_order_release);
		return yes;
	}
	return (atomic_load_explicit(&k->ok[cp >> 3], memory_order_relaxed) & bit) != 0;
}

/* Whether every character of s can be drawn: the quick pass over all the text, before any
 * place is worked out. */
static bool all_drawable(struct cover *c, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	for (size_t off = 0; off < len;) {
		unsigned char b = (unsigned char)s[off];
		if (b >= 0x20 && b < 0x7F) { /* printable ASCII: every face has it */
			off++;
			continue;
		}
		int32_t cp;
		int n = text_decode(s + off, len - off, &cp);
		if (n <= 0 || !drawable(c, cp))
			return false;
		off += (size_t)n;
	}
	return true;
}

/* s, written at `at` in path (a line break in s starts the next line): each character no
 * font can draw is an error there. `cell`: s is a cell of a {{table}} CSV, located at the
 * {{table}} line (the cells' places in their file are not kept). */
static void check_text_in(struct cover *c, const char *path, struct textpos at, const char *s,
			  bool cell)
{
	if (all_drawable(c, s))
		return;
	int line = at.line > 0 ? at.line : 1, col = at.col > 0 ? at.col : 1;
	size_t len = strlen(s);
	for (size_t off = 0; off < len;) {
		int32_t cp;
		int n = text_decode(s + off, len - off, &cp);
		if (n <= 0) {
			n = 1;
			cp = 0xFFFD;
		}
		if (!drawable(c, cp)) {
			if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) /* not printed: invisible */
				diag_add(c->d, path, line, cell ? 1 : col,
					 "no font can draw U+%04X, a control character (invisible in most "
					 "editors: delete the character at that place and retype it)",
					 (unsigned)cp);
			else if (cell)
				diag_add(c->d, path, line, 1,
					 "no font can draw U+%04X '%.*s' (in a cell of the table inserted "
					 "here)",
					 (unsigned)cp, n, s + off);
			else
				diag_add(c->d, path, line, col, "no font can draw U+%04X '%.*s'",
					 (unsigned)cp, n, s + off);
			c->errors++;
		}
		if (cp == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
		off += (size_t)n;
	}
}

static void check_text(struct cover *c, const char *path, struct textpos at, const char *s)
{
	check_text_in(c, path, at, s, false);
}

/* The same for a text the PDF sets in capitals (its characters are those of the capitals;
 * the place, those of the text as written). */
static void check_upper(struct cover *c, const char *path, struct textpos at, const char *s)
{
	if (!s)
		return;
	char *up = appendix_upper(s);
	check_text(c, path, at, up);
	free(up);
}

/* Where a node of the body starts, in characters (report_column), as errors count: its own
 * place; a cell of a {{table}} CSV (a text node the expansion made, in a table), its
 * {{table}} line (*cell set: the table's skeleton has places of its own, not the file's);
 * any other node the expansion made, its nearest ancestor's. */
static struct textpos body_pos(const struct report *r, cmark_node *n, bool *cell)
{
	*cell = false;
	if (cmark_node_get_start_line(n) <= 0)
		for (cmark_node *a = cmark_node_parent(n); a; a = cmark_node_parent(a))
			if (node_is(a, "table") && cmark_node_get_start_line(a) > 0) {
				*cell = true;
				return (struct textpos){cmark_node_get_start_line(a), 1};
			}
	for (; n; n = cmark_node_parent(n)) {
		int line = cmark_node_get_start_line(n);
		if (line > 0)
			return (struct textpos){line,
						report_column(r, line, cmark_node_get_start_column(n))};
	}
	return (struct textpos){1, 1};
}

static void check_body(struct cover *c, const struct report *r)
{
	cmark_iter *it = cmark_iter_new(r->doc);
	for (cmark_event_type e; (e = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
		cmark_node *n = cmark_iter_get_node(it);
		if (e != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type type = cmark_node_get_type(n);
		const char *lit = cmark_node_get_literal(n);
		if (!lit || all_drawable(c, lit))
			continue; /* the place is worked out only for an error */
		bool cell;
		struct textpos at = body_pos(r, n, &cell);
		switch (type) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_HTML_BLOCK:
			check_text_in(c, r->md_path, at, cmark_node_get_literal(n), cell);
			break;
		case CMARK_NODE_CODE_BLOCK: {
			/* a fenced block's text starts on the line after its fence (cmark writes
			 * through each pointer it is given) */
			int length = 0, offset = 0;
			char fence = 0;
			if (cmark_node_get_fenced(n, &length, &offset, &fence))
				at = (struct textpos){at.line + 1, 1};
			check_text(c, r->md_path, at, cmark_node_get_literal(n));
			break;
		}
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static void check_report(struct cover *c, const struct report *r)
{
	const char *p = r->md_path;
	check_text(c, p, r->number_pos, r->number);
	check_text(c, p, r->title_pos, r->title);
	for (size_t i = 0; i < r->n_to; i++)
		check_text(c, p, r->to_pos ? r->to_pos[i] : (struct textpos){0, 0}, r->to[i]);
	for (size_t i = 0; i < r->n_recipients; i++)
		check_text(c, p, r->recipients_pos ? r->recipients_pos[i] : (struct textpos){0, 0},
			   r->recipients[i]);
	const struct signer *sg = &r->signer;
	check_upper(c, p, r->signer_pos[0], sg->authority);
	check_upper(c, p, r->signer_pos[1], sg->position);
	check_upper(c, p, r->signer_pos[2], sg->title);
	check_text(c, p, r->signer_pos[3], sg->name);
	if (r->doc)
		check_body(c, r);
}

/* Each report on a thread of its own, its errors in a list of its own. */
struct check_job {
	const struct pdf_style *st;
	const struct site *site;
	struct drawable_cache *cache;
	struct diags *d;
	int *errors;
};

static void check_one(void *ctx, size_t i)
{
	struct check_job *j = ctx;
	struct cover c = {.st = j->st, .cache = j->cache, .d = &j->d[i]};
	check_report(&c, &j->site->reports[i]);
	j->errors[i] = c.errors;
}

int pdf_check_text(const struct pdf_style *st, const struct site *site, int jobs,
		   struct diags *d)
{
	struct drawable_cache *cache = xcalloc(1, sizeof *cache);
	struct cover c = {.st = st, .cache = cache, .d = d};
	/* the page style's fixed texts: their place in it is not kept */
	const char *texts[] = {st->t_national, st->t_motto,	 st->t_doctype,	     st->t_draft,
			       st->t_to,       st->t_recipients, st->t_appendix_ref};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		check_text(&c, st->path, (struct textpos){1, 1}, texts[i]);
	char *yaml = path_join(site->content_dir, "site.yaml");
	check_text(&c, yaml, site->place_pos, site->place);
	check_upper(&c, yaml, site->issuer_parent_pos, site->issuer_parent);
	check_upper(&c, yaml, site->issuer_name_pos, site->issuer_name);
	check_text(&c, yaml, site->issuer_in_text_pos, site->issuer_in_text);
	free(yaml);
	char *csv = path_join(site->content_dir, "indicators.csv");
	for (size_t i = 0; i < site->n_indicators; i++)
		check_text(&c, csv, site->indicators[i].name_pos, site->indicators[i].name);
	free(csv);
	/* the reports on the --jobs threads (~1.5% of a build's instructions), their errors
	 * joined in the reports' order */
	struct check_job j = {.st = st, .site = site, .cache = cache,
			      .d = xcalloc(site->n_reports + 1, sizeof *j.d),
			      .errors = xcalloc(site->n_reports + 1, sizeof *j.errors)};
	parallel_for(site->n_reports, jobs, check_one, &j);
	int errors = c.errors;
	for (size_t i = 0; i < site->n_reports; i++) {
		diag_move(d, &j.d[i]);
		errors += j.errors[i];
	}
	free(j.d);
	free(j.errors);
	free(cache);
	return errors ? -1 : 0;
}
