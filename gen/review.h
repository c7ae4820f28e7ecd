/* review.h — warnings: what makes a report valid but probably not what its author meant
 * (docs/errors.md, "Warnings"). `check` and `build` give the same; --strict makes them
 * errors. Pure: they read the model and add to a struct diags of warnings. */
#ifndef BAOCAO_REVIEW_H
#define BAOCAO_REVIEW_H

#include "diag.h"
#include "model.h"

/* The front matter: a title naming a month other than the report's or the next one (a
 * title copied from last month), a date in neither of those months, the number of an
 * earlier report of the same year, a report still in draft (left off the public site
 * unless s->drafts). r is one of s->reports. */
void review_front(const struct site *s, const struct report *r, struct diags *w);

/* The body (r->doc and r->source, before the expansion frees the source): a heading with
 * nothing under it before the next heading of its level or above, and an empty appendix
 * (a blank page in the PDF). */
void review_body(const struct report *r, struct diags *w);

#endif
