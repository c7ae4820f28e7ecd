/* review.c — what `check` and `build` warn about in a report that is valid but probably not
 * what its author meant (rules in review.h). */
#include "review.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vn.h"

void review_front(const struct site *s, const struct report *r, struct diags *w)
{
	int month = r->year * 12 + r->mon - 1; /* the report's month; the next is month + 1 */
	if (r->title) {
		struct vn_month_ref refs[16];
		size_t n = vn_month_refs(r->title, refs, 16);
		for (size_t i = 0; i < n; i++) {
			int k = refs[i].year * 12 + refs[i].month - 1;
			if (k == month || k == month + 1)
				continue;
			/* at the month, inside the title */
			int col = r->title_pos.col + diag_column(r->title, refs[i].at) - 1;
			diag_warn(w, r->md_path, r->title_pos.line, col,
				  "the title names \"%.*s\", but this is the report of tháng %02d/%d "
				  "(a title copied from another month?)",
				  (int)refs[i].len, r->title + refs[i].at, r->mon, r->year);
			break;
		}
	}
	int dated = r->date.year * 12 + r->date.month - 1;
	if (r->date.year && dated != month && dated != month + 1) {
		char *date = vn_date_short(r->date);
		diag_warn(w, r->md_path, r->date_pos.line, r->date_pos.col,
			  "the date %s is neither in tháng %02d/%d, the report's month, nor in the "
			  "month after it",
			  date, r->mon, r->year);
		free(date);
	}
	/* numbers start again each year: the same number in the same year is a report copied
	 * from an earlier one */
	for (const struct report *e = s->reports; !r->draft && r->number && e < r; e++)
		if (!e->draft && e->number && strcmp(e->number, r->number) == 0 &&
		    e->date.year == r->date.year) {
			diag_warn(w, r->md_path, r->number_pos.line, r->number_pos.col,
				  "the number %s is also the number of the report of tháng %02d/%d (a "
				  "report copied from another month?)",
				  r->number, e->mon, e->year);
			break;
		}
	if (r->draft) {
		const char *n = r->number ? r->number : "";
		while (*n == ' ')
			n++;
		bool no_number = *n == '/' || !*n;
		struct textpos at = no_number ? r->number_pos : r->date_pos;
		int line = at.line, col = at.col;
		if (s->drafts)
			diag_warn(w, r->md_path, line, col,
				  "still a draft (no number, or no day in its date): published as one "
				  "(--drafts)");
		else
			diag_warn(w, r->md_path, line, col,
				  "still a draft (no number, or no day in its date): it is left off the "
				  "public site (build --drafts publishes it)");
	}
}

static int heading_level(cmark_node *n)
{
	return cmark_node_get_type(n) == CMARK_NODE_HEADING ? cmark_node_get_heading_level(n) : 0;
}

void review_body(const struct report *r, struct diags *w)
{
	if (!r->doc || !r->source)
		return;
	for (cmark_node *n = cmark_node_first_child(r->doc); n; n = cmark_node_next(n)) {
		int level = heading_level(n);
		if (!level)
			continue;
		/* empty: the next block is a heading of the same or a higher level, an
		 * appendix, or nothing (a heading of a lower level starts its subsection) */
		cmark_node *next = cmark_node_next(n);
		int next_level = next ? heading_level(next) : 0;
		bool appendix = heading_is_appendix(n);
		if (next && (!next_level || (next_level > level && !heading_is_appendix(next))))
			continue;
		int line = cmark_node_get_start_line(n);
		int col = report_column(r, line, cmark_node_get_start_column(n));
		char *text = node_text(n);
		if (appendix)
			diag_warn(w, r->md_path, line, col,
				  "the appendix \"%s\" is empty: its page would be blank (write it, or "
				  "remove the heading)",
				  text);
		else
			diag_warn(w, r->md_path, line, col,
				  "nothing under the heading \"%s\" (write the section, or remove the "
				  "heading)",
				  text);
		free(text);
	}
}
