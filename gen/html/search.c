/* search.c — the search index (format and files: search.h). The text is taken from the DOM
 * the page is made of (md_render's containers), so a result says what the page says. */
#include "search.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "../vn.h"
#include "data.h"
#include "dom.h"

/* ---- the text of a page ---- */

static bool is_el(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static bool has_class(xmlNodePtr n, const char *cls)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST "class");
	bool yes = false;
	if (v) {
		size_t len = strlen(cls);
		for (const char *p = (const char *)v; (p = strstr(p, cls)); p += len)
			if ((p == (const char *)v || p[-1] == ' ') && (p[len] == 0 || p[len] == ' ')) {
				yes = true;
				break;
			}
	}
	xmlFree(v);
	return yes;
}

/* Appends s with every run of whitespace as one space (none at the start of a line or after
 * a tab): s is appended whole, then squashed in place in one pass (a call a word cost ~50
 * instructions a character). */
static void put_squashed(struct buf *b, const char *s)
{
	size_t start = b->len;
	if (!buf_put(b, s, strlen(s)))
		return;
	char *w = b->s + start;
	const char *r = w, *end = b->s + b->len;
	/* a space may be written: not at the start, nor after a space, a new line or a tab */
	bool space = start > 0 && b->s[start - 1] != ' ' && b->s[start - 1] != '\n' &&
		     b->s[start - 1] != '\t';
	while (r < end) {
		char c = *r++;
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			if (space)
				*w++ = ' ';
			space = false;
		} else {
			*w++ = c;
			space = true;
		}
	}
	*w = 0;
	b->len = (size_t)(w - b->s);
}

/* The text a reader sees in n: footnote marks, back links and drawings left out, a <br> as
 * a space. */
static void put_text(struct buf *b, xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			put_squashed(b, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			if (is_el(c, "br")) {
				put_squashed(b, " ");
			} else if (is_el(c, "svg") || (is_el(c, "sup") && has_class(c, "fnref")) ||
				   (is_el(c, "a") && has_class(c, "fnback"))) {
				continue;
			} else {
				put_text(b, c);
			}
		}
	}
}

struct walk {
	struct buf *out;
	int headings;
	char **first_paragraph;
	bool in_body;
};

/* Ends the line being written: a block that came out empty is taken back. */
static void end_line(struct buf *b, size_t start)
{
	while (b->len > start && (b->s[b->len - 1] == ' ' || b->s[b->len - 1] == '\t'))
		b->len--;
	if (b->len == start || (b->len == start + 1 && b->s[start] == '#')) {
		b->len = start;
		b->s[b->len] = 0;
		return;
	}
	buf_putc(b, '\n');
}

/* Ends a block: a block's line never starts with '#' (a section's does), nor with a tab. */
static void end_block(struct buf *b, size_t start)
{
	if (b->len > start && (b->s[start] == '#' || b->s[start] == '\t')) {
		buf_putc(b, 0);
		memmove(b->s + start + 1, b->s + start, b->len - start - 1);
		b->s[start] = ' ';
	}
	end_line(b, start);
}

static void block(struct walk *w, xmlNodePtr n)
{
	size_t start = w->out->len;
	put_text(w->out, n);
	if (w->in_body && w->first_paragraph && !*w->first_paragraph && is_el(n, "p") &&
	    w->out->len > start)
		*w->first_paragraph = xstrndup(w->out->s + start, w->out->len - start);
	end_block(w->out, start);
}

static void section(struct walk *w, const char *ref, xmlNodePtr heading)
{
	size_t start = w->out->len;
	buf_putc(w->out, '#');
	buf_puts(w->out, ref);
	buf_putc(w->out, '\t');
	size_t text = w->out->len;
	put_text(w->out, heading);
	if (w->out->len == text) /* a heading without text still starts its section */
		buf_putc(w->out, ' ');
	end_line(w->out, start);
}

static void walk_blocks(struct walk *w, xmlNodePtr parent);

/* An item's own text (its inline children), then its nested blocks. */
static void walk_item(struct walk *w, xmlNodePtr li)
{
	static const char *const blocks[] = {"p", "ul", "ol", "div", "table", "blockquote",
					     "pre", "figure", "h2", "h3", "h4", "h5", "h6", NULL};
	size_t start = w->out->len;
	bool nested = false;
	for (xmlNodePtr c = li->children; c; c = c->next) {
		bool is_block = false;
		for (size_t i = 0; blocks[i] && !is_block; i++)
			is_block = is_el(c, blocks[i]);
		if (is_block) {
			nested = true;
			continue;
		}
		if (c->type == XML_TEXT_NODE) {
			put_squashed(w->out, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE && !(is_el(c, "a") && has_class(c, "fnback")) &&
			   !(is_el(c, "sup") && has_class(c, "fnref"))) {
			if (is_el(c, "br"))
				put_squashed(w->out, " ");
			else
				put_text(w->out, c);
		}
	}
	end_block(w->out, start);
	if (nested)
		walk_blocks(w, li);
}

static void walk_row(struct walk *w, xmlNodePtr tr)
{
	size_t start = w->out->len;
	for (xmlNodePtr c = tr->children; c; c = c->next) {
		if (!is_el(c, "td") && !is_el(c, "th"))
			continue;
		size_t cell = w->out->len;
		if (cell > start)
			buf_putc(w->out, '\t'); /* shown " · " */
		size_t text = w->out->len;
		put_text(w->out, c);
		while (w->out->len > text && w->out->s[w->out->len - 1] == ' ')
			w->out->len--;
		if (w->out->len == text)
			w->out->len = cell; /* an empty cell adds no separator */
		w->out->s[w->out->len] = 0;
	}
	end_block(w->out, start);
}

static void walk_block(struct walk *w, xmlNodePtr n)
{
	if (n->type != XML_ELEMENT_NODE)
		return;
	const char *name = (const char *)n->name;
	if (name[0] == 'h' && name[1] >= '2' && name[1] <= '6' && !name[2]) {
		/* the body's headings get ids a result can link to; an appendix's title is its
		 * section's (phu-luc-N) */
		xmlChar *id = xmlGetProp(n, BAD_CAST "id");
		char ref[48];
		if (id) {
			snprintf(ref, sizeof ref, "#%s", (const char *)id);
		} else if (has_class(n, "appendix-title") && n->parent &&
			   (id = xmlGetProp(n->parent, BAD_CAST "id"))) {
			snprintf(ref, sizeof ref, "#%s", (const char *)id);
		} else {
			snprintf(ref, sizeof ref, "muc-%d", ++w->headings);
			dom_attr(n, "id", ref);
			snprintf(ref, sizeof ref, "#muc-%d", w->headings);
		}
		xmlFree(id);
		section(w, ref, n);
	} else if (is_el(n, "p") || is_el(n, "pre")) {
		block(w, n);
	} else if (is_el(n, "li")) {
		walk_item(w, n);
	} else if (is_el(n, "tr")) {
		if (!(n->parent && is_el(n->parent, "thead")))
			walk_row(w, n);
	} else if (is_el(n, "figure")) {
		/* a chart: its description says its figures in words */
		for (xmlNodePtr c = n->children; c; c = c->next)
			if (is_el(c, "svg"))
				for (xmlNodePtr d = c->children; d; d = d->next)
					if (is_el(d, "desc")) {
						block(w, d);
						return;
					}
	} else {
		walk_blocks(w, n);
	}
}

static void walk_blocks(struct walk *w, xmlNodePtr parent)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		walk_block(w, c);
}

void search_page_text(const char *title, xmlNodePtr body, xmlNodePtr appendices,
		      xmlNodePtr footnotes, struct buf *out, char **first_paragraph)
{
	struct walk w = {.out = out, .first_paragraph = first_paragraph, .in_body = true};
	if (first_paragraph)
		*first_paragraph = NULL;
	size_t start = out->len;
	buf_puts(out, "#\t");
	put_squashed(out, title ? title : "");
	end_line(out, start);
	walk_blocks(&w, body);
	w.in_body = false;
	walk_blocks(&w, appendices);
	/* each footnote a section of its own, so that a result links to it */
	for (xmlNodePtr li = footnotes ? footnotes->children : NULL; li; li = li->next) {
		xmlChar *id = is_el(li, "li") ? xmlGetProp(li, BAD_CAST "id") : NULL;
		if (!id)
			continue;
		buf_printf(out, "##%s\tChú thích %s\n", (const char *)id,
			   strncmp((const char *)id, "fn-", 3) == 0 ? (const char *)id + 3 : "");
		xmlFree(id);
		walk_item(&w, li);
	}
}

/* ---- the description ---- */

char *search_description(const char *p)
{
	enum { MAX = 160 };
	size_t n = strlen(p);
	/* the first sentence: up to ". " (or "! ", "? ") after a few words */
	for (size_t i = 40; i + 1 < n; i++)
		if ((p[i] == '.' || p[i] == '!' || p[i] == '?') && p[i + 1] == ' ') {
			n = i + 1;
			break;
		}
	if (n <= MAX)
		return xstrndup(p, n);
	/* too long: cut at the last space before MAX bytes, never inside a character */
	size_t cut = MAX;
	while (cut > 0 && p[cut] != ' ')
		cut--;
	if (cut == 0)
		for (cut = MAX; cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80; cut--)
			;
	while (cut > 0 && (p[cut - 1] == ' ' || p[cut - 1] == ',' || p[cut - 1] == ';'))
		cut--;
	char *s = xmalloc(cut + 4);
	memcpy(s, p, cut);
	memcpy(s + cut, "\xE2\x80\xA6", 4); /* … */
	return s;
}

/* ---- the files ---- */

/* (search.h) The bits in groups of seven, each the character of its number unless it is one
 * of the five escaped. 8/7 of the bytes and a little, where Z85 took 5/4 and base64 4/3.
 * Browsers have no decoder of any such encoding: assets/search.js has one. */
void search_put_sevens(struct buf *b, const unsigned char *p, size_t n)
{
	static const unsigned char escape[128] = {[0] = 1, ['\n'] = 2, ['\r'] = 3, ['"'] = 4,
						  ['\\'] = 5};
	char *out = xmalloc(2 * (n * 8 / 7 + 1)), *o = out; /* at most two bytes a group */
	uint32_t acc = 0; /* the bits not yet written are its lowest `bits` */
	int bits = 0;
	size_t i = 0;
	for (;;) {
		while (bits < 13 && i < n) {
			acc = acc << 8 | p[i++];
			bits += 8;
		}
		if (bits == 0)
			break;
		unsigned v = bits >= 7 ? acc >> (bits - 7) & 127 : acc << (7 - bits) & 127;
		bits = bits >= 7 ? bits - 7 : 0;
		if (!escape[v]) {
			*o++ = (char)v;
			continue;
		}
		unsigned u = bits >= 6 ? acc >> (bits - 6) & 63 : acc << (6 - bits) & 63;
		bits = bits >= 6 ? bits - 6 : 0;
		unsigned cp = 0x100 + 64 * (escape[v] - 1u) + u;
		*o++ = (char)(0xC0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 63));
	}
	buf_put(b, out, (size_t)(o - out));
	free(out);
}

/* `LEN,"TEXT"`: the text zlib-compressed (what DecompressionStream("deflate") reads) by
 * libdeflate at level 1, its length, and the bytes seven bits a character.
 * Level 6 made the compressed bytes 8% fewer in 7 times the time (383 M instructions of a
 * 36-report build, 11% of it); in Z85 it needed level 6 to stay under the index's budget
 * (a quarter of the HTML's bytes), seven bits a character does at level 1 (docs/performance.md). */
static void put_packed(struct buf *b, const char *text, size_t len)
{
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
	if (!c)
		abort(); /* out of memory, as xmalloc */
	size_t bound = libdeflate_zlib_compress_bound(c, len);
	unsigned char *z = xmalloc(bound);
	size_t zn = libdeflate_zlib_compress(c, text, len, z, bound);
	libdeflate_free_compressor(c);
	buf_printf(b, "%zu,\"", zn);
	search_put_sevens(b, z, zn);
	buf_putc(b, '"');
	free(z);
}

static int write_buf(const char *out_dir, const char *rel, const struct buf *b, struct diags *d)
{
	char *path = path_join(out_dir, rel);
	struct file_sink *s = file_sink_open(path, (size_t)64 << 10);
	file_sink_put(s, b->s, b->len);
	int error = file_sink_close(s);
	if (error)
		diag_add(d, path, 0, 0, "cannot write: %s", strerror(error));
	free(path);
	return error ? -1 : 0;
}

int search_write_part(const char *out_dir, const char *rel, const char *key, const char *text,
		      size_t len, struct diags *d)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "baocaoSearch.part(");
	json_put_string(&b, key);
	buf_putc(&b, ',');
	put_packed(&b, text, len);
	buf_puts(&b, ");\n");
	int rc = write_buf(out_dir, rel, &b, d);
	buf_free(&b);
	return rc;
}

/* Every indicator's value in every month, newest first, as sentences a reader would type
 * words of: "Thẻ CCCD gắn chip đã cấp tháng 01/2025: 87,9 triệu, tăng 1,3 triệu." */
static void indicators_text(const struct site *site, struct buf *t)
{
	for (size_t i = 0; i < site->n_indicators; i++) {
		const struct indicator *in = &site->indicators[i];
		buf_printf(t, "#chi-so/%s.html\t", in->id);
		put_squashed(t, in->name);
		buf_putc(t, '\n');
		for (size_t r = site->n_reports; r-- > 0;) {
			const struct value *v = &site->reports[r].values[i];
			if (!v->present || !report_published(site, r))
				continue;
			char *m = vn_month(site->reports[r].year, site->reports[r].mon);
			char *val = vn_format(v->number, in->format);
			size_t start = t->len;
			put_squashed(t, in->name);
			buf_printf(t, " %s: %s", m, val);
			long p = value_prev(site, r, i);
			if (p >= 0) {
				char *dl = vn_delta(decimal_sub(v->number, site->reports[p].values[i].number),
						    in->format);
				buf_printf(t, ", %s", dl);
				free(dl);
			}
			buf_putc(t, '.');
			if (v->note && *v->note) {
				buf_putc(t, ' ');
				put_squashed(t, v->note);
			}
			end_block(t, start);
			free(m);
			free(val);
		}
	}
}

int search_write_index(const struct site *site, const char *out_dir, struct diags *d)
{
	struct buf b, t;
	buf_init(&b);
	buf_init(&t);
	buf_puts(&b, "baocaoSearch.index({\"reports\":[");
	bool first = true;
	for (size_t r = site->n_reports; r-- > 0;) {
		const struct report *rep = &site->reports[r];
		if (!report_published(site, r))
			continue; /* a draft has no page */
		char *m = vn_month(rep->year, rep->mon);
		char *label = xasprintf("Báo cáo %s", m);
		buf_puts(&b, first ? "\n{\"key\":" : ",\n{\"key\":");
		first = false;
		json_put_string(&b, rep->month);
		buf_printf(&b, ",\"url\":\"%s/index.html\",\"part\":\"%s/search.js\",\"label\":",
			   rep->month, rep->month);
		json_put_string(&b, label);
		buf_puts(&b, "}");
		free(label);
		free(m);
	}
	buf_puts(&b, "],\n\"indicators\":[");
	indicators_text(site, &t);
	put_packed(&b, t.s, t.len);
	buf_puts(&b, "]});\n");
	int rc = write_buf(out_dir, "search-index.js", &b, d);
	buf_free(&t);
	buf_free(&b);
	return rc;
}
