#include "model.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util.h"

bool report_published(const struct site *site, size_t r)
{
	return !site->reports[r].draft || site->drafts;
}

long report_published_next(const struct site *site, size_t r, int step)
{
	for (long k = (long)r + step; k >= 0 && (size_t)k < site->n_reports; k += step)
		if (report_published(site, (size_t)k))
			return k;
	return -1;
}

size_t series_points(const struct site *site, size_t ind, size_t upto, struct point *out)
{
	size_t n = 0;
	for (size_t r = 0; r <= upto && r < site->n_reports; r++) {
		const struct value *v = &site->reports[r].values[ind];
		if (!v->present || (r != upto && !report_published(site, r)))
			continue;
		out[n].report = r;
		out[n].number = v->number;
		n++;
	}
	return n;
}

long value_prev(const struct site *site, size_t report, size_t ind)
{
	for (size_t r = report; r-- > 0;)
		if (site->reports[r].values[ind].present && report_published(site, r))
			return (long)r;
	return -1;
}

static uint64_t id_hash(const char *id, size_t len)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)id[i]) * 1099511628211u;
	return h;
}

static bool id_is(const struct indicator *ind, const char *id, size_t len)
{
	return strncmp(ind->id, id, len) == 0 && ind->id[len] == 0;
}

long indicator_find(const struct site *site, const char *id, size_t len)
{
	if (!site->ind_index) {
		for (size_t i = 0; i < site->n_indicators; i++)
			if (id_is(&site->indicators[i], id, len))
				return (long)i;
		return -1;
	}
	size_t mask = site->ind_index_cap - 1;
	for (size_t k = (size_t)id_hash(id, len) & mask;; k = (k + 1) & mask) {
		uint32_t v = site->ind_index[k];
		if (!v)
			return -1;
		if (id_is(&site->indicators[v - 1], id, len))
			return (long)v - 1;
	}
}

static void index_put(uint32_t *index, size_t cap, const struct indicator *ind, uint32_t v)
{
	size_t mask = cap - 1;
	size_t k = (size_t)id_hash(ind->id, strlen(ind->id)) & mask;
	while (index[k])
		k = (k + 1) & mask;
	index[k] = v;
}

void indicator_index_add(struct site *site, size_t i)
{
	if (2 * (i + 1) > site->ind_index_cap) { /* at most half full: short probes */
		size_t cap = site->ind_index_cap ? 2 * site->ind_index_cap : 64;
		while (2 * (i + 1) > cap)
			cap *= 2;
		uint32_t *index = xcalloc(cap, sizeof *index);
		for (size_t k = 0; k < site->ind_index_cap; k++)
			if (site->ind_index[k])
				index_put(index, cap, &site->indicators[site->ind_index[k] - 1],
					  site->ind_index[k]);
		free(site->ind_index);
		site->ind_index = index;
		site->ind_index_cap = cap;
	}
	index_put(site->ind_index, site->ind_index_cap, &site->indicators[i], (uint32_t)i + 1);
}

bool node_is(cmark_node *node, const char *type_string)
{
	return node && strcmp(cmark_node_get_type_string(node), type_string) == 0;
}

static void collect_text(cmark_node *node, struct buf *b)
{
	for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(b, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			break;
		case CMARK_NODE_FOOTNOTE_REFERENCE:
		case CMARK_NODE_HTML_INLINE:
			break;
		default:
			collect_text(c, b);
		}
	}
}

char *node_text(cmark_node *node)
{
	struct buf b;
	buf_init(&b);
	collect_text(node, &b);
	return buf_detach_free(&b);
}

bool heading_is_appendix(cmark_node *heading)
{
	if (cmark_node_get_type(heading) != CMARK_NODE_HEADING ||
	    cmark_node_get_heading_level(heading) != 1)
		return false;
	char *t = node_text(heading);
	/* Only 'P' and 'p' fold to a 'p' (utf8proc says so of every code point): other
	 * headings need no folding, a copy and a pass over the text each. */
	const char *first = t + strspn(t, " ");
	if (*first != 'P' && *first != 'p') {
		free(t);
		return false;
	}
	/* case-fold the start: "Phụ lục", "PHỤ LỤC", "phụ lục" */
	utf8proc_uint8_t *folded = NULL;
	utf8proc_map((const utf8proc_uint8_t *)t, 0, &folded,
		     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	free(t);
	const char *s = (const char *)folded;
	while (s && *s == ' ')
		s++;
	bool yes = s && strncmp(s, "phụ lục", strlen("phụ lục")) == 0;
	free(folded);
	return yes;
}

void report_index_lines(struct report *r)
{
	free(r->line_starts);
	size_t n = 1, cap = 256;
	uint32_t *v = xmalloc(cap * sizeof *v);
	v[0] = 0;
	for (const char *p = r->source; (p = strchr(p, '\n')); p++) {
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		v[n++] = (uint32_t)(p + 1 - r->source); /* report.md is at most 16 MiB */
	}
	r->line_starts = v;
	r->n_line_starts = n;
}

int report_column(const struct report *r, int line, int byte_col)
{
	if (!r->source || !r->line_starts || line < 1 || byte_col < 1 ||
	    (size_t)line > r->n_line_starts)
		return 1;
	const char *p = r->source + r->line_starts[line - 1];
	size_t n = strcspn(p, "\n");
	size_t off = (size_t)byte_col - 1;
	if (off > n)
		off = n;
	int col = 1;
	for (size_t i = 0; i < off; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			col++;
	return col;
}

void report_drop_source(struct report *r)
{
	free(r->source);
	r->source = NULL;
	free(r->line_starts);
	r->line_starts = NULL;
	r->n_line_starts = 0;
}

int node_line(cmark_node *node)
{
	for (; node; node = cmark_node_parent(node)) {
		int l = cmark_node_get_start_line(node);
		if (l > 0)
			return l;
	}
	return 1;
}

void digest_site_settings(struct digest *h, const struct site *s)
{
	digest_str(h, s->title);
	digest_str(h, s->base_url);
	digest_str(h, s->place);
	digest_str(h, s->issuer_parent);
	digest_str(h, s->issuer_name);
	digest_str(h, s->issuer_in_text);
}

void digest_catalogue(struct digest *h, const struct site *s)
{
	digest_u64(h, s->n_indicators);
	for (size_t i = 0; i < s->n_indicators; i++) {
		const struct indicator *ind = &s->indicators[i];
		digest_str(h, ind->id);
		digest_str(h, ind->name);
		digest_str(h, ind->unit);
		digest_str(h, ind->group);
		digest_u64(h, (uint64_t)ind->format);
	}
}

void digest_report_values(struct digest *h, const struct site *s, const struct report *rep)
{
	for (size_t i = 0; i < s->n_indicators; i++) {
		const struct value *v = &rep->values[i];
		digest_u64(h, v->present);
		digest_u64(h, (uint64_t)v->number.mant);
		digest_u64(h, (uint64_t)v->number.scale);
		digest_str(h, v->note ? v->note : "");
	}
}
