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

long indicator_find(const struct site *site, const char *id, size_t len)
{
	for (size_t i = 0; i < site->n_indicators; i++)
		if (strlen(site->indicators[i].id) == len && memcmp(site->indicators[i].id, id, len) == 0)
			return (long)i;
	return -1;
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

int report_column(const struct report *r, int line, int byte_col)
{
	if (!r->source || line < 1 || byte_col < 1)
		return 1;
	const char *p = r->source;
	for (int l = 1; l < line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return 1;
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
