/* dom.h — generated libxml2 HTML nodes: the report body from its cmark-gfm tree
 * (markdown.c) and the inline SVG charts (svg.c). Nodes are made in the document of the
 * page they go into (tpl_begin; its dictionary holds their names), or without one (doc
 * NULL, for tests); the template engine moves them into the page. */
#ifndef BAOCAO_HTML_DOM_H
#define BAOCAO_HTML_DOM_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "../model.h"

/* A new element <name class="cls"> (cls may be NULL) of doc (may be NULL), not in the tree. */
xmlNodePtr dom_new(xmlDocPtr doc, const char *name, const char *cls);
/* The same, of parent's document, appended to parent. */
xmlNodePtr dom_el(xmlNodePtr parent, const char *name, const char *cls);
/* Appends a text node (escaped on output, never parsed). */
void dom_text(xmlNodePtr parent, const char *s);
/* Adds an attribute the element does not have yet (value NULL: ""). */
void dom_attr(xmlNodePtr el, const char *name, const char *value);

/* For names and values used over and over, looked up once: s as the nodes of doc hold their
 * strings (interned in its dictionary; s itself when it has none, to be used before s
 * changes), and dom_el and dom_attr taking such strings. */
const xmlChar *dom_str(xmlDocPtr doc, const char *s);
xmlNodePtr dom_child(xmlNodePtr parent, xmlNsPtr ns, const xmlChar *name);
void dom_put(xmlNodePtr el, const xmlChar *name, const xmlChar *value);

/* The rendered body of site->reports[report]. Each member is a container <div> whose
 * children go into a template slot. */
struct md_result {
	xmlNodePtr body;       /* the blocks before the first appendix */
	xmlNodePtr footnotes;  /* <li id="fn-N"> items, numbered in order of first reference */
	xmlNodePtr appendices; /* <section class="appendix"> items */
	size_t n_footnotes, n_appendices;
	bool *charted;         /* [site->n_indicators]: has a {{chart}} in this report */
};

/* The texts of the page style (templates/page-style.yaml, "texts") the website shares with
 * the PDF, so both say the same; NULL members: the defaults (gen/appendix.h). */
struct html_texts {
	char *appendix_reference; /* "(Kèm theo Báo cáo số {number} ngày {date} của {issuer})" */
};

/* `root` is the relative path from the page to the site root ("../"); `texts` may be NULL;
 * the nodes are made in doc (may be NULL). */
void md_render(const struct site *site, size_t report, const char *root,
	       const struct html_texts *texts, xmlDocPtr doc, struct md_result *out);
void md_result_free(struct md_result *r);

/* <figure class="chart" data-indicator="ID"> with the inline SVG of indicator `ind` over
 * site->reports[0..upto], made in doc (may be NULL). `seq` makes the ids of <title>/<desc>
 * unique on the page; `href`, when not NULL, is the indicator page linked from the
 * caption. */
xmlNodePtr svg_chart_figure(const struct site *site, size_t ind, size_t upto, int seq,
			    const char *href, xmlDocPtr doc);

#endif
