/* markdown.c — a report's expanded cmark-gfm tree as libxml2 HTML nodes.
 *
 * Never cmark_render_html and never the content's raw HTML: every value becomes a libxml2
 * text or attribute node. Raw HTML in the Markdown is shown as text (HTML comments, the
 * author's notes to self, are dropped). Links other than http, https, mailto and relative
 * ones become plain text. An image (read by the expansion) is a figure with its caption. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>

#include "../appendix.h"
#include "../text.h"
#include "../url.h"
#include "../util.h"
#include "dom.h"

xmlNodePtr dom_new(xmlDocPtr doc, const char *name, const char *cls)
{
	xmlNodePtr n = xmlNewDocNode(doc, NULL, BAD_CAST name, NULL);
	if (cls)
		dom_attr(n, "class", cls);
	return n;
}

xmlNodePtr dom_el(xmlNodePtr parent, const char *name, const char *cls)
{
	xmlNodePtr n = dom_new(parent->doc, name, cls);
	xmlAddChild(parent, n);
	return n;
}

void dom_text(xmlNodePtr parent, const char *s)
{
	if (s && *s)
		xmlAddChild(parent, xmlNewDocText(parent->doc, BAD_CAST s));
}

const xmlChar *dom_str(xmlDocPtr doc, const char *s)
{
	return doc && doc->dict ? xmlDictLookup(doc->dict, BAD_CAST s, -1) : BAD_CAST s;
}

xmlNodePtr dom_child(xmlNodePtr parent, xmlNsPtr ns, const xmlChar *name)
{
	xmlDocPtr doc = parent->doc;
	xmlNodePtr n = doc && doc->dict ? xmlNewDocNodeEatName(doc, ns, (xmlChar *)name, NULL)
					: xmlNewDocNode(doc, ns, name, NULL);
	xmlAddChild(parent, n);
	return n;
}

void dom_put(xmlNodePtr el, const xmlChar *name, const xmlChar *value)
{
	if (!el->doc || !el->doc->dict) {
		xmlNewProp(el, name, value); /* not xmlSetProp: no search for one to replace */
		return;
	}
	/* Name and value are the dictionary's, as libxml2's parser interns names and short
	 * texts (xmlFreeNode knows not to free them): a chart repeats a few coordinates and
	 * colours hundreds of times, a wide table its column names on every row. */
	xmlAttrPtr a = xmlNewNsPropEatName(el, NULL, (xmlChar *)name, NULL);
	xmlNodePtr text = xmlNewDocText(el->doc, NULL);
	text->content = (xmlChar *)value;
	text->parent = (xmlNodePtr)a;
	a->children = a->last = text;
}

void dom_attr(xmlNodePtr el, const char *name, const char *value)
{
	dom_put(el, dom_str(el->doc, name), dom_str(el->doc, value ? value : ""));
}

struct md {
	const struct site *site;
	const struct report *report;
	size_t report_idx;
	const char *root;
	const struct html_texts *texts; /* may be NULL */
	cmark_node **defs; /* footnote definitions, in document order */
	size_t n_defs;
	int *def_number;   /* [n_defs]: 0 until first referenced */
	int *def_refs;     /* [n_defs]: references seen so far */
	int next_number;
	int charts;
	bool *charted;
	bool in_heading;
};

static void render_blocks(struct md *m, cmark_node *first, xmlNodePtr out);
static void render_inlines(struct md *m, cmark_node *parent, xmlNodePtr out);

static bool is_comment(const char *lit)
{
	while (lit && (*lit == ' ' || *lit == '\n' || *lit == '\t'))
		lit++;
	return lit && strncmp(lit, "<!--", 4) == 0;
}

/* cmark-gfm replaces a footnote reference's literal with the number of its definition:
 * definitions end up at the end of the document in order of first reference, so number
 * N is the N-th definition. (A label that is not a number finds no definition.) */
static long footnote_def(struct md *m, const char *lit)
{
	char *end;
	long k = lit ? strtol(lit, &end, 10) : 0;
	if (!lit || *end || k < 1 || (size_t)k > m->n_defs)
		return -1;
	return k - 1;
}

static void render_footnote_ref(struct md *m, cmark_node *n, xmlNodePtr out)
{
	const char *lit = cmark_node_get_literal(n);
	long k = footnote_def(m, lit);
	if (k < 0) {
		char *t = xasprintf("[^%s]", lit ? lit : "");
		dom_text(out, t);
		free(t);
		return;
	}
	if (!m->def_number[k])
		m->def_number[k] = ++m->next_number;
	int num = m->def_number[k], seen = ++m->def_refs[k];
	char href[32], id[40], label[16];
	snprintf(href, sizeof href, "#fn-%d", num);
	if (seen == 1)
		snprintf(id, sizeof id, "fnref-%d", num);
	else
		snprintf(id, sizeof id, "fnref-%d-%d", num, seen);
	snprintf(label, sizeof label, "%d", num);
	xmlNodePtr sup = dom_el(out, "sup", "fnref");
	xmlNodePtr a = dom_el(sup, "a", NULL);
	dom_attr(a, "href", href);
	dom_attr(a, "id", id);
	dom_text(a, label);
}

/* A {{table}} cell's line breaks are '\n' in its text node (model.h): each is a <br>. */
static void text_with_breaks(xmlNodePtr out, const char *s)
{
	const char *nl;
	while (s && (nl = strchr(s, '\n'))) {
		char *part = xstrndup(s, (size_t)(nl - s));
		dom_text(out, part);
		free(part);
		dom_el(out, "br", NULL);
		s = nl + 1;
	}
	dom_text(out, s);
}

static void render_inline(struct md *m, cmark_node *n, xmlNodePtr out)
{
	const char *lit;
	xmlNodePtr el;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		if (m->in_heading) { /* "tháng 01/2025" never broken in a heading */
			char *kept = text_keep_numbers(cmark_node_get_literal(n));
			text_with_breaks(out, kept);
			free(kept);
		} else {
			text_with_breaks(out, cmark_node_get_literal(n));
		}
		return;
	case CMARK_NODE_SOFTBREAK:
		dom_text(out, "\n");
		return;
	case CMARK_NODE_LINEBREAK:
		dom_el(out, "br", NULL);
		return;
	case CMARK_NODE_CODE:
		dom_text(dom_el(out, "code", NULL), cmark_node_get_literal(n));
		return;
	case CMARK_NODE_HTML_INLINE:
		lit = cmark_node_get_literal(n);
		if (!is_comment(lit))
			dom_text(out, lit);
		return;
	case CMARK_NODE_EMPH:
		render_inlines(m, n, dom_el(out, "em", NULL));
		return;
	case CMARK_NODE_STRONG:
		render_inlines(m, n, dom_el(out, "strong", NULL));
		return;
	case CMARK_NODE_LINK: {
		const char *url = cmark_node_get_url(n);
		if (url && url_is_safe(url)) {
			el = dom_el(out, "a", NULL);
			dom_attr(el, "href", url);
			const char *title = cmark_node_get_title(n);
			if (title && *title)
				dom_attr(el, "title", title);
		} else {
			el = dom_el(out, "span", "link-removed");
		}
		render_inlines(m, n, el);
		return;
	}
	case CMARK_NODE_IMAGE:
		render_inlines(m, n, dom_el(out, "span", "image-alt"));
		return;
	case CMARK_NODE_FOOTNOTE_REFERENCE:
		render_footnote_ref(m, n, out);
		return;
	default:
		if (node_is(n, "strikethrough"))
			render_inlines(m, n, dom_el(out, "del", NULL));
		else
			render_inlines(m, n, out);
		return;
	}
}

static void render_inlines(struct md *m, cmark_node *parent, xmlNodePtr out)
{
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c))
		render_inline(m, c, out);
}

static const char *align_class(uint8_t a)
{
	switch (a) {
	case 'l':
		return "text-left";
	case 'c':
		return "text-center";
	case 'r':
		return "text-right";
	default:
		return NULL;
	}
}

/* A cell's text (node_text): the literal of its only text node, which is what a {{table}}
 * cell and most written ones hold, else a copy put in *copy for the caller to free. Tables
 * ask this of every cell several times: copying each time showed in the profile. */
static const char *cell_text(cmark_node *cell, char **copy)
{
	cmark_node *c = cmark_node_first_child(cell);
	*copy = NULL;
	if (c && !cmark_node_next(c) && cmark_node_get_type(c) == CMARK_NODE_TEXT) {
		const char *lit = cmark_node_get_literal(c);
		return lit ? lit : "";
	}
	return *copy = node_text(cell);
}

static bool is_stt(cmark_node *cell)
{
	char *copy;
	const char *t = cell_text(cell, &copy);
	bool yes = strcasecmp(t, "STT") == 0 || strcmp(t, "TT") == 0;
	free(copy);
	return yes;
}

static bool cell_is_empty(cmark_node *cell)
{
	char *copy;
	const char *t = cell_text(cell, &copy);
	bool empty = strspn(t, " \t\n") == strlen(t);
	free(copy);
	return empty;
}

/* "1.234", "65,5%", "−8", "12 triệu"? Only the first kind: digits with . , % + - and spaces. */
static bool cell_is_number(cmark_node *cell)
{
	char *copy;
	const char *t = cell_text(cell, &copy);
	bool digit = false, ok = true;
	for (const char *p = t; *p && ok; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (!strchr(".,%+- ", *p))
			ok = false;
	}
	free(copy);
	return ok && digit;
}

/* A body row with only its first cell filled ("A. NHIỆM VỤ THEO LỘ TRÌNH") heads a group:
 * the PDF's rule (gen/pdf/table.c), so both set the same rows across the table. */
static bool row_is_group(cmark_node *row, uint16_t ncols)
{
	if (ncols < 2)
		return false;
	cmark_node *first = cmark_node_first_child(row);
	if (!first || cell_is_empty(first))
		return false;
	for (cmark_node *c = cmark_node_next(first); c; c = cmark_node_next(c))
		if (!cell_is_empty(c))
			return false;
	return true;
}

/* A GFM table (written in Markdown or made by {{table F.csv}}) inside a wrapper that
 * scrolls sideways on a phone. Columns without an alignment of their own: the STT column
 * (row numbers) is centred, as in the decree; a column of numbers is aligned right. */
static void render_table(struct md *m, cmark_node *table, xmlNodePtr out)
{
	uint16_t ncols = cmark_gfm_extensions_get_table_columns(table);
	/* A table of many columns would scroll sideways on a phone: there its rows become
	 * blocks, each cell under its column's name (data-label, style.css). */
	bool wide = ncols >= 5;
	xmlNodePtr wrap = dom_el(out, "div", "table-wrap");
	xmlNodePtr t = dom_el(wrap, "table", wide ? "wide" : NULL);
	char **labels = xcalloc(ncols ? ncols : 1, sizeof *labels);
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(table);
	const char **cls = xcalloc(ncols ? ncols : 1, sizeof *cls);
	bool *numeric = xcalloc(ncols ? ncols : 1, sizeof *numeric);
	for (size_t col = 0; col < ncols; col++) {
		cls[col] = al ? align_class(al[col]) : NULL;
		numeric[col] = true;
	}
	bool any_body = false;
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
		if (node_is(row, "table_header")) {
			size_t col = 0;
			for (cmark_node *c = cmark_node_first_child(row); c && col < ncols;
			     c = cmark_node_next(c), col++) {
				if (!cls[col] && is_stt(c))
					cls[col] = "text-center";
				if (wide && !labels[col])
					labels[col] = node_text(c);
			}
			continue;
		}
		if (row_is_group(row, ncols))
			continue;
		any_body = true;
		size_t col = 0;
		for (cmark_node *c = cmark_node_first_child(row); c && col < ncols;
		     c = cmark_node_next(c), col++)
			if (!cell_is_empty(c) && !cell_is_number(c))
				numeric[col] = false;
	}
	for (size_t col = 0; col < ncols; col++)
		if (!cls[col] && numeric[col] && any_body)
			cls[col] = "text-right";

	/* The names every cell repeats, and its column's class and name, looked up once
	 * (dom_str): an appendix table has hundreds of cells. */
	xmlDocPtr doc = out->doc;
	const xmlChar *n_tr = dom_str(doc, "tr"), *n_td = dom_str(doc, "td"),
		      *n_th = dom_str(doc, "th"), *n_class = dom_str(doc, "class"),
		      *n_scope = dom_str(doc, "scope"), *n_label = dom_str(doc, "data-label"),
		      *v_col = dom_str(doc, "col");
	const xmlChar **col_cls = xcalloc(ncols ? ncols : 1, sizeof *col_cls);
	const xmlChar **col_label = xcalloc(ncols ? ncols : 1, sizeof *col_label);
	for (size_t col = 0; col < ncols; col++) {
		col_cls[col] = cls[col] ? dom_str(doc, cls[col]) : NULL;
		col_label[col] = labels[col] && *labels[col] ? dom_str(doc, labels[col]) : NULL;
	}

	xmlNodePtr tbody = NULL;
	char span[16];
	snprintf(span, sizeof span, "%u", (unsigned)ncols);
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
		bool head = node_is(row, "table_header");
		xmlNodePtr section;
		if (head) {
			section = dom_el(t, "thead", NULL);
		} else {
			if (!tbody)
				tbody = dom_el(t, "tbody", NULL);
			section = tbody;
		}
		if (!head && row_is_group(row, ncols)) {
			xmlNodePtr td = dom_el(dom_el(section, "tr", "group-row"), "td", NULL);
			dom_attr(td, "colspan", span);
			render_inlines(m, cmark_node_first_child(row), td);
			continue;
		}
		xmlNodePtr tr = dom_child(section, NULL, n_tr);
		size_t col = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell;
		     cell = cmark_node_next(cell), col++) {
			xmlNodePtr td = dom_child(tr, NULL, head ? n_th : n_td);
			if (col < ncols && col_cls[col])
				dom_put(td, n_class, col_cls[col]);
			if (head)
				dom_put(td, n_scope, v_col);
			else if (col < ncols && col_label[col])
				dom_put(td, n_label, col_label[col]);
			render_inlines(m, cell, td);
		}
	}
	for (size_t col = 0; col < ncols; col++)
		free(labels[col]);
	free(labels);
	free(col_cls);
	free(col_label);
	free(cls);
	free(numeric);
}

static bool in_tight_list(cmark_node *para)
{
	cmark_node *item = cmark_node_parent(para);
	if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return false;
	cmark_node *list = cmark_node_parent(item);
	return list && cmark_node_get_list_tight(list);
}

static void render_block(struct md *m, cmark_node *n, xmlNodePtr out)
{
	char name[4];
	const char *lit;
	xmlNodePtr el;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH: {
		/* an image alone in its paragraph (gen/expand.c): a figure, centred, its alt text
		 * the caption, its size in pixels given so that the page does not move */
		cmark_node *img = cmark_node_first_child(n);
		while (img && cmark_node_get_type(img) != CMARK_NODE_IMAGE)
			img = cmark_node_next(img);
		const struct image *im = img ? cmark_node_get_user_data(img) : NULL;
		if (im) {
			xmlNodePtr fig = dom_el(out, "figure", "image");
			xmlNodePtr el = dom_el(fig, "img", NULL);
			char *src = url_encode_path(im->name), wh[24];
			dom_attr(el, "src", src);
			free(src);
			char *alt = node_text(img);
			dom_attr(el, "alt", alt);
			snprintf(wh, sizeof wh, "%d", im->width);
			dom_attr(el, "width", wh);
			snprintf(wh, sizeof wh, "%d", im->height);
			dom_attr(el, "height", wh);
			dom_attr(el, "loading", "lazy");
			if (*alt) /* the same words under it, as the PDF's caption */
				render_inlines(m, img, dom_el(fig, "figcaption", NULL));
			free(alt);
			return;
		}
	}
		if (in_tight_list(n))
			render_inlines(m, n, out);
		else
			render_inlines(m, n, dom_el(out, "p", NULL));
		return;
	case CMARK_NODE_HEADING: {
		/* the page's own <h1> is BÁO CÁO, so the body's "#" is an <h2> */
		int level = cmark_node_get_heading_level(n) + 1;
		name[0] = 'h';
		name[1] = (char)('0' + (level > 6 ? 6 : level));
		name[2] = 0;
		m->in_heading = true;
		render_inlines(m, n, dom_el(out, name, NULL));
		m->in_heading = false;
		return;
	}
	case CMARK_NODE_THEMATIC_BREAK:
		dom_el(out, "hr", NULL);
		return;
	case CMARK_NODE_BLOCK_QUOTE:
		render_blocks(m, cmark_node_first_child(n), dom_el(out, "blockquote", NULL));
		return;
	case CMARK_NODE_LIST:
		if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
			el = dom_el(out, "ol", NULL);
			int start = cmark_node_get_list_start(n);
			if (start != 1) {
				char s[16];
				snprintf(s, sizeof s, "%d", start);
				dom_attr(el, "start", s);
			}
		} else {
			el = dom_el(out, "ul", NULL);
		}
		render_blocks(m, cmark_node_first_child(n), el);
		return;
	case CMARK_NODE_ITEM:
		render_blocks(m, cmark_node_first_child(n), dom_el(out, "li", NULL));
		return;
	case CMARK_NODE_CODE_BLOCK:
		dom_text(dom_el(dom_el(out, "pre", NULL), "code", NULL), cmark_node_get_literal(n));
		return;
	case CMARK_NODE_HTML_BLOCK:
		lit = cmark_node_get_literal(n);
		if (!is_comment(lit))
			dom_text(dom_el(out, "p", "raw-html"), lit);
		return;
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		return; /* collected into the footnotes section */
	case CMARK_NODE_CUSTOM_BLOCK: {
		const struct chart *ch = cmark_node_get_user_data(n);
		if (ch && ch->indicator < m->site->n_indicators) {
			char *href = xasprintf("%schi-so/%s.html", m->root,
					       m->site->indicators[ch->indicator].id);
			xmlAddChild(out, svg_chart_figure(m->site, ch->indicator, ch->upto,
							  ++m->charts, href, out->doc));
			free(href);
			m->charted[ch->indicator] = true;
		} else {
			render_blocks(m, cmark_node_first_child(n), out);
		}
		return;
	}
	default:
		if (node_is(n, "table"))
			render_table(m, n, out);
		else
			render_blocks(m, cmark_node_first_child(n), out);
		return;
	}
}

static void render_blocks(struct md *m, cmark_node *first, xmlNodePtr out)
{
	for (cmark_node *c = first; c; c = cmark_node_next(c))
		render_block(m, c, out);
}

/* An appendix's heading as the PDF sets it (gen/appendix.h, docs/bao-cao-format.md):
 * "Phụ lục I", its title in capitals on a line of its own, then the reference line
 * "(Kèm theo Báo cáo số … ngày … của …)" unless the author wrote one. */
static void render_appendix_head(struct md *m, cmark_node *heading, xmlNodePtr section)
{
	char *text = node_text(heading);
	char *label, *title;
	appendix_split(text, &label, &title);
	xmlNodePtr h = dom_el(section, "h2", "appendix-title");
	dom_text(dom_el(h, "span", "appendix-label"), label);
	if (*title) {
		dom_text(h, " ");
		char *kept = text_keep_numbers(title);
		dom_text(dom_el(h, "span", "appendix-name"), kept);
		free(kept);
	}
	/* the reference line, or the author's own "(Kèm theo …)" set as it would be */
	char *ref = appendix_reference_written(heading)
			    ? node_text(cmark_node_next(heading))
			    : appendix_reference_line(m->site, m->report,
						      m->texts ? m->texts->appendix_reference : NULL);
	dom_text(dom_el(dom_el(section, "p", "appendix-ref"), "em", NULL), ref);
	free(ref);
	free(label);
	free(title);
	free(text);
}

/* Where a note's back link goes: at the end of its last paragraph, or of the last item of a
 * list (or quote) that ends the note, as a note ending in prose has it; after a list it
 * stood on a line of its own. */
static xmlNodePtr back_link_host(xmlNodePtr note)
{
	xmlNodePtr host = note;
	for (;;) {
		xmlNodePtr last = xmlGetLastChild(host);
		if (!last || last->type != XML_ELEMENT_NODE)
			return host;
		if (xmlStrcmp(last->name, BAD_CAST "p") == 0)
			return last;
		if (xmlStrcmp(last->name, BAD_CAST "ul") != 0 && xmlStrcmp(last->name, BAD_CAST "ol") != 0 &&
		    xmlStrcmp(last->name, BAD_CAST "li") != 0 &&
		    xmlStrcmp(last->name, BAD_CAST "blockquote") != 0)
			return host;
		host = last;
	}
}

void md_render(const struct site *site, size_t report, const char *root,
	       const struct html_texts *texts, xmlDocPtr doc, struct md_result *out)
{
	const struct report *r = &site->reports[report];
	struct md m = {0};
	m.site = site;
	m.report = r;
	m.report_idx = report;
	m.root = root;
	m.texts = texts;
	m.charted = xcalloc(site->n_indicators ? site->n_indicators : 1, sizeof *m.charted);

	memset(out, 0, sizeof *out);
	out->body = dom_new(doc, "div", NULL);
	out->footnotes = dom_new(doc, "div", NULL);
	out->appendices = dom_new(doc, "div", NULL);
	out->charted = m.charted;
	if (!r->doc)
		return;

	for (cmark_node *c = cmark_node_first_child(r->doc); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION)
			m.n_defs++;
	m.defs = xcalloc(m.n_defs + 1, sizeof *m.defs);
	m.def_number = xcalloc(m.n_defs + 1, sizeof *m.def_number);
	m.def_refs = xcalloc(m.n_defs + 1, sizeof *m.def_refs);
	size_t k = 0;
	for (cmark_node *c = cmark_node_first_child(r->doc); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION)
			m.defs[k++] = c;

	/* The body up to the first "Phụ lục" heading; each appendix in its own section, which
	 * the page places after the closing block (docs/bao-cao-format.md). */
	xmlNodePtr cur = out->body;
	for (cmark_node *c = cmark_node_first_child(r->doc); c; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION)
			continue;
		if (heading_is_appendix(c)) {
			cur = dom_el(out->appendices, "section", "appendix");
			char id[32];
			snprintf(id, sizeof id, "phu-luc-%zu", ++out->n_appendices);
			dom_attr(cur, "id", id);
			render_appendix_head(&m, c, cur);
			if (appendix_reference_written(c)) /* set as the heading's reference line */
				c = cmark_node_next(c);
			continue;
		}
		render_block(&m, c, cur);
	}

	/* the footnotes, in the order of their numbers; footnotes may refer to others, which
	 * then get the next numbers */
	for (int num = 1; num <= m.next_number; num++) {
		size_t d = 0;
		while (d < m.n_defs && m.def_number[d] != num)
			d++;
		if (d == m.n_defs)
			continue;
		char id[32], back[32];
		snprintf(id, sizeof id, "fn-%d", num);
		snprintf(back, sizeof back, "#fnref-%d", num);
		xmlNodePtr li = dom_el(out->footnotes, "li", NULL);
		dom_attr(li, "id", id);
		render_blocks(&m, cmark_node_first_child(m.defs[d]), li);
		xmlNodePtr host = back_link_host(li);
		dom_text(host, " ");
		xmlNodePtr a = dom_el(host, "a", "fnback");
		dom_attr(a, "href", back);
		dom_attr(a, "aria-label", "Quay lại nội dung");
		dom_text(a, "\xE2\x86\xA9\xEF\xB8\x8E"); /* ↩ as text, not emoji */
		out->n_footnotes++;
	}
	free(m.defs);
	free(m.def_number);
	free(m.def_refs);
}

void md_result_free(struct md_result *r)
{
	if (r->body)
		xmlFreeNode(r->body);
	if (r->footnotes)
		xmlFreeNode(r->footnotes);
	if (r->appendices)
		xmlFreeNode(r->appendices);
	free(r->charted);
	memset(r, 0, sizeof *r);
}
