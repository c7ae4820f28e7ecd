/* expand.h — turns the {{…}} references of a report's Markdown tree into text nodes, GFM
 * table nodes and chart blocks; the only place that knows the reference syntax
 * (docs/content-format.md, "References to the data"). */
#ifndef BAOCAO_EXPAND_H
#define BAOCAO_EXPAND_H

#include "diag.h"
#include "model.h"

/* Expands site->reports[i]->doc in place. Errors are located in its report.md. */
void expand_report(struct site *site, size_t i, struct diags *d);

/* Parses Markdown the way every report body is parsed (GFM tables, strikethrough, autolinks,
 * footnotes, source positions; raw HTML kept as nodes for the backends to neutralise). */
cmark_node *markdown_parse(const char *text, size_t len);

#endif
