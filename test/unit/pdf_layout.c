/* Pagination decisions (gen/pdf/layout.c): keep-with-next, widows and orphans, footnotes on
 * the page of their reference, table headers repeated, page numbers. */
#include <stdlib.h>
#include <string.h>

#include "../../gen/pdf/pdf_int.h"
#include "check.h"

static struct box *add(struct boxlist *bl, double h, bool keep)
{
	struct box *b = box_new(bl, BOX_LINE);
	b->h = h;
	b->keep_next = keep;
	return b;
}

static size_t page_of(const struct pagination *p, size_t box)
{
	for (size_t i = 0; i < p->n_placed; i++)
		if (p->placed[i].box == box)
			return p->placed[i].page;
	return (size_t)-1;
}

int main(void)
{
	struct pagination p;
	/* a page of 100 holds 10 lines of 10 */
	{
		struct boxlist bl = {0};
		for (int i = 0; i < 8; i++)
			add(&bl, 10, false);
		/* a heading (keep with next) then a 3-line paragraph with widow/orphan marks */
		add(&bl, 10, true);  /* 8 heading */
		add(&bl, 10, true);  /* 9 first line: keeps with the second */
		add(&bl, 10, true);  /* 10 second-to-last: keeps with the last */
		add(&bl, 10, false); /* 11 */
		paginate(&bl, NULL, 0, 100, 100, 5, &p);
		/* the heading would fit at y=80 but its paragraph would not: all go over */
		CHECK(page_of(&p, 7) == 0);
		CHECK(page_of(&p, 8) == 1);
		CHECK(page_of(&p, 9) == 1 && page_of(&p, 11) == 1);
		CHECK(p.n_pages == 2);
		CHECK(p.pages[0].number == 0 && p.pages[1].number == 2);
		pagination_free(&p);
		boxlist_free(&bl);
	}
	/* orphan: a 4-line paragraph starting on the last line of a page moves whole */
	{
		struct boxlist bl = {0};
		for (int i = 0; i < 9; i++)
			add(&bl, 10, false);
		add(&bl, 10, true);  /* 9 first line */
		add(&bl, 10, false); /* 10 */
		add(&bl, 10, true);  /* 11 */
		add(&bl, 10, false); /* 12 last */
		paginate(&bl, NULL, 0, 100, 100, 5, &p);
		CHECK(page_of(&p, 9) == 1);
		pagination_free(&p);
		boxlist_free(&bl);
	}
	/* widow: lines 0..8 full, a paragraph of 3 from line 8 would leave its last alone */
	{
		struct boxlist bl = {0};
		for (int i = 0; i < 8; i++)
			add(&bl, 10, false);
		add(&bl, 10, true);  /* 8 first */
		add(&bl, 10, true);  /* 9 second-to-last */
		add(&bl, 10, false); /* 10 last: would be alone on page 2 */
		paginate(&bl, NULL, 0, 100, 100, 5, &p);
		CHECK(page_of(&p, 10) == 1);
		CHECK(page_of(&p, 9) == 1); /* taken along */
		pagination_free(&p);
		boxlist_free(&bl);
	}
	/* a footnote goes on the page of its reference, and the reference moves if needed */
	{
		struct boxlist bl = {0};
		for (int i = 0; i < 8; i++)
			add(&bl, 10, false);
		struct box *r = add(&bl, 10, false); /* 8: references note 1 */
		r->fns = malloc(sizeof(int));
		r->fns[0] = 1;
		r->n_fns = 1;
		struct footnote fn = {0};
		for (int i = 0; i < 3; i++)
			add(&fn.lines, 8, false);
		paginate(&bl, &fn, 1, 100, 100, 5, &p);
		/* 80 + 10 + 5 + 24 > 100: the line and its note go to page 2 together */
		CHECK(page_of(&p, 8) == 1);
		CHECK(p.pages[1].n_fn_lines == 3 && p.pages[0].n_fn_lines == 0);
		pagination_free(&p);
		boxlist_free(&bl);
		boxlist_free(&fn.lines);
	}
	/* a long footnote continues on the next page */
	{
		struct boxlist bl = {0};
		struct box *r = add(&bl, 10, false);
		r->fns = malloc(sizeof(int));
		r->fns[0] = 1;
		r->n_fns = 1;
		for (int i = 0; i < 3; i++)
			add(&bl, 10, false);
		struct footnote fn = {0};
		for (int i = 0; i < 12; i++)
			add(&fn.lines, 8, false);
		paginate(&bl, &fn, 1, 100, 100, 5, &p);
		CHECK(page_of(&p, 0) == 0);
		CHECK(p.pages[0].n_fn_lines >= 1);
		CHECK(p.n_pages == 2 && p.pages[0].n_fn_lines + p.pages[1].n_fn_lines == 12);
		pagination_free(&p);
		boxlist_free(&bl);
		boxlist_free(&fn.lines);
	}
	/* table rows: the header is repeated on the next page; new sections restart numbers */
	{
		struct boxlist bl = {0};
		struct box *hd = box_new(&bl, BOX_ROW);
		hd->h = 20;
		hd->keep_next = true;
		for (int i = 0; i < 6; i++) {
			struct box *row = box_new(&bl, BOX_ROW);
			row->h = 25;
			row->header = 0;
		}
		struct box *np = box_new(&bl, BOX_NEWPAGE);
		np->landscape = true;
		np->restart_numbers = true;
		add(&bl, 10, false);
		paginate(&bl, NULL, 0, 100, 100, 5, &p);
		size_t headers = 0;
		for (size_t i = 0; i < p.n_placed; i++)
			headers += p.placed[i].box == 0;
		CHECK(headers == 2);       /* 20 + 3*25 = 95; rows 4..6 on page 2 under a header */
		CHECK(page_of(&p, 4) == 1);
		CHECK(p.n_pages == 3);
		CHECK(p.pages[2].landscape && p.pages[2].number == 0);
		CHECK(!p.pages[1].landscape && p.pages[1].number == 2);
		pagination_free(&p);
		boxlist_free(&bl);
	}
	return check_done();
}
