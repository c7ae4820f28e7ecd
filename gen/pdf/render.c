/* render.c — pdf_write_report: one libharu document per call (so reports can be written
 * from several threads), the laid-out pages drawn, bookmarks, links, the document's metadata
 * (pdfa.c), and the same bytes for the same content (dates from the report, /ID from a hash
 * of the pages).
 *
 * Every PDF is a PDF/A-1b unless the page style says `pdfa: false` (pdfa.c says what that
 * takes). Here: the header %PDF-1.4; bookmark and link destinations written as direct arrays
 * (PDFBox, and with it the archive's validator, cannot read an indirect one); annotations
 * that print (/F 4); a link only where the website would make one (gen/url.c), to an
 * absolute ASCII URI; a footnote mark linked to its note. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../text.h"
#include "../util.h"
#include "pdf_int.h"

struct hpdf_status {
	HPDF_STATUS error, detail;
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct hpdf_status *s = data;
	if (!s->error) {
		s->error = error;
		s->detail = detail;
	}
}

/* A destination in the document: page, scrolled to top (PDF coordinates), the zoom kept;
 * direct, as PDF/A-1 readers want it. NULL if libharu fails. */
static HPDF_Array destination(HPDF_Doc pdf, HPDF_Page page, double left, double top)
{
	HPDF_Array a = HPDF_Array_New(pdf->mmgr);
	if (!a || HPDF_Array_Add(a, page) != HPDF_OK ||
	    HPDF_Array_AddName(a, "XYZ") != HPDF_OK ||
	    HPDF_Array_AddReal(a, (HPDF_REAL)left) != HPDF_OK ||
	    HPDF_Array_AddReal(a, (HPDF_REAL)top) != HPDF_OK ||
	    HPDF_Array_Add(a, HPDF_Null_New(pdf->mmgr)) != HPDF_OK)
		return NULL;
	return a;
}

/* A link annotation over r on page, without a border, printed (PDF/A-1: /F 4, the Print
 * flag), added to the page's /Annots; its target is for the caller to add. NULL if libharu
 * fails. */
static HPDF_Dict link_annot(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r)
{
	HPDF_Dict a = HPDF_Dict_New(pdf->mmgr);
	if (!a || HPDF_Xref_Add(pdf->xref, a) != HPDF_OK)
		return NULL;
	HPDF_Array annots = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
	if (!annots) {
		annots = HPDF_Array_New(pdf->mmgr);
		if (!annots || HPDF_Dict_Add(page, "Annots", annots) != HPDF_OK)
			return NULL;
	}
	HPDF_Array rect = HPDF_Array_New(pdf->mmgr), border = HPDF_Array_New(pdf->mmgr);
	if (!rect || !border)
		return NULL;
	HPDF_STATUS ret = HPDF_Array_Add(annots, a);
	ret += HPDF_Dict_AddName(a, "Type", "Annot");
	ret += HPDF_Dict_AddName(a, "Subtype", "Link");
	ret += HPDF_Array_AddReal(rect, r.left);
	ret += HPDF_Array_AddReal(rect, r.bottom);
	ret += HPDF_Array_AddReal(rect, r.right);
	ret += HPDF_Array_AddReal(rect, r.top);
	ret += HPDF_Dict_Add(a, "Rect", rect);
	for (int i = 0; i < 3; i++)
		ret += HPDF_Array_AddNumber(border, 0);
	ret += HPDF_Dict_Add(a, "Border", border);
	ret += HPDF_Dict_AddNumber(a, "F", 4);
	return ret == HPDF_OK ? a : NULL;
}

/* A footnote mark's link, made once every page is there (its note may be further on). */
struct note_link {
	size_t page;
	HPDF_Rect r;
	int note;
};

struct drawing {
	HPDF_Doc pdf;
	struct content cs;
	struct digest h; /* the /ID */
	HPDF_Page *pages;
	struct note_link *notes;
	size_t n_notes, cap_notes;
	int rc;
};

/* One link over r: a URL (already absolute and ASCII, layout.c) opens it; a footnote mark's
 * goes to its note, once every page is there. */
static void add_link(struct drawing *dr, size_t page, const char *link, HPDF_Rect r)
{
	digest_str(&dr->h, link); /* the same pages with other links: another file */
	if (strncmp(link, PDF_NOTE_LINK, strlen(PDF_NOTE_LINK)) == 0) {
		if (dr->n_notes == dr->cap_notes)
			dr->notes = xrealloc(dr->notes,
					     (dr->cap_notes = dr->cap_notes * 2 + 16) * sizeof *dr->notes);
		dr->notes[dr->n_notes++] =
			(struct note_link){page, r, atoi(link + strlen(PDF_NOTE_LINK))};
		return;
	}
	HPDF_Dict a = link_annot(dr->pdf, dr->cs.page, r);
	HPDF_Dict action = HPDF_Dict_New(dr->pdf->mmgr);
	if (!a || !action || HPDF_Dict_AddName(action, "S", "URI") != HPDF_OK ||
	    HPDF_Dict_Add(action, "URI", HPDF_String_New(dr->pdf->mmgr, link, NULL)) != HPDF_OK ||
	    HPDF_Dict_Add(a, "A", action) != HPDF_OK)
		dr->rc = -1;
}

/* Links: the text is drawn as text; an annotation over it makes it clickable, one over the
 * words of a line that share a link. */
static void link_annots(struct drawing *dr, size_t page, const struct box *b, double ox,
			double top)
{
	const char *link = NULL;
	double y = 0;
	HPDF_Rect r = {0};
	for (size_t i = 0; i <= b->n_ops; i++) {
		const struct op *o = i < b->n_ops ? &b->ops[i] : NULL;
		if (o && (o->kind != OP_TEXT || !o->len))
			continue;
		if (link && (!o || !o->link || o->y != y || strcmp(o->link, link) != 0)) {
			add_link(dr, page, link, r);
			link = NULL;
		}
		if (!o || !o->link)
			continue;
		double w = fontset_width(dr->cs.fs, o->font, o->size, op_str(o), o->len);
		HPDF_Rect ro = {(HPDF_REAL)(ox + o->x), (HPDF_REAL)(top - o->y - o->size * 0.22),
				(HPDF_REAL)(ox + o->x + w), (HPDF_REAL)(top - o->y + o->size * 0.8)};
		if (!link) {
			link = o->link;
			y = o->y;
			r = ro;
			continue;
		}
		r.left = ro.left < r.left ? ro.left : r.left;
		r.right = ro.right > r.right ? ro.right : r.right;
		r.bottom = ro.bottom < r.bottom ? ro.bottom : r.bottom;
		r.top = ro.top > r.top ? ro.top : r.top;
	}
}

static void draw_box(struct drawing *dr, size_t page, const struct box *b, double ox, double top)
{
	content_box(&dr->cs, b, ox, top);
	link_annots(dr, page, b, ox, top);
}

/* Which note (1…) box b is the first line of, or 0. */
static int note_of(const struct pdf_ctx *c, const struct box *b)
{
	for (size_t k = 0; k < c->n_fns; k++)
		if (c->fns[k].lines.n && b == &c->fns[k].lines.v[0])
			return (int)k + 1;
	return 0;
}

static int draw_document(struct pdf_ctx *c, HPDF_Doc pdf, struct pagination *pg)
{
	const struct pdf_style *st = c->st;
	struct drawing dr = {.pdf = pdf};
	buf_init(&dr.cs.b);
	digest_init(&dr.h);
	dr.pages = xcalloc(pg->n_pages + 1, sizeof *dr.pages);
	/* where each note starts: its page and the top of its first line */
	size_t *note_page = xcalloc(c->n_fns + 1, sizeof *note_page);
	double *note_top = xcalloc(c->n_fns + 1, sizeof *note_top);
	HPDF_Outline parents[8] = {0};
	size_t next = 0; /* pg->placed is in page order */
	for (size_t p = 0; p < pg->n_pages && dr.rc == 0; p++) {
		const struct page *pp = &pg->pages[p];
		double pw = pp->landscape ? st->page_h : st->page_w;
		double ph = pp->landscape ? st->page_w : st->page_h;
		double th = pp->landscape ? c->text_h_land : c->text_h;
		HPDF_Page page = HPDF_AddPage(pdf);
		if (!page) { /* libharu is in error: the caller reports it */
			dr.rc = -1;
			break;
		}
		dr.pages[p] = page;
		HPDF_Page_SetWidth(page, (HPDF_REAL)pw);
		HPDF_Page_SetHeight(page, (HPDF_REAL)ph);
		content_begin_page(&dr.cs, page, &c->fs);
		digest_add(&dr.h, &pw, sizeof pw);
		/* page number, centred in the top margin */
		if (pp->number > 0) {
			char num[16];
			snprintf(num, sizeof num, "%d", pp->number);
			struct box nb = {0};
			put_text(c, &nb, num, 0, st->pn_size, 0, 0, AL_CENTER, pw - st->m_left - st->m_right);
			draw_box(&dr, p, &nb, st->m_left, ph - st->m_top / 2 + st->pn_size * 0.3);
			box_free(&nb);
		}
		/* the boxes, and the bookmarks of the headings, nested by level */
		double run_top = 0; /* where the slices of a table row on this page begin */
		for (; next < pg->n_placed && pg->placed[next].page == p; next++) {
			const struct placed *pl = &pg->placed[next];
			const struct box *b = &c->boxes.v[pl->box];
			double top = ph - st->m_top - pl->y;
			draw_box(&dr, p, b, st->m_left, top);
			bool page_ends = next + 1 == pg->n_placed || pg->placed[next + 1].page != p;
			static const float black[3] = {0, 0, 0};
			if (b->row >= 0) { /* the row's side rules down its slices on this page */
				const struct placed *before = next > 0 ? &pg->placed[next - 1] : NULL;
				if (!before || before->page != p || c->boxes.v[before->box].row != b->row)
					run_top = top;
				if (page_ends || c->boxes.v[pg->placed[next + 1].box].row != b->row) {
					const struct box *f = &c->boxes.v[b->row];
					for (size_t k = 0; k < f->n_rules; k++)
						content_line(&dr.cs, st->m_left + f->rules[k], run_top,
							     st->m_left + f->rules[k], top - b->h,
							     st->border, black);
				}
			}
			if (b->split_rule > 0 && page_ends)
				content_line(&dr.cs, st->m_left, top - b->h, st->m_left + b->split_rule,
					     top - b->h, st->border, black);
			if (b->level > 0 && b->title) {
				int lv = b->level > 7 ? 7 : b->level;
				HPDF_Outline parent = NULL;
				for (int k = lv - 1; k >= 1 && !parent; k--)
					parent = parents[k];
				HPDF_Outline o = HPDF_CreateOutline(pdf, parent, "-", NULL);
				HPDF_Array dst = o ? destination(pdf, page, 0, top + 4) : NULL;
				if (dst) {
					HPDF_Dict_Add(o, "Title", pdf_text_string(pdf, b->title));
					HPDF_Dict_Add(o, "Dest", dst);
					HPDF_Outline_SetOpened(o, HPDF_FALSE);
				}
				parents[lv] = o;
				for (int k = lv + 1; k < 8; k++)
					parents[k] = NULL;
			}
		}
		/* footnotes: a short rule, then the notes, at the foot of the text area */
		if (pp->n_fn_lines) {
			static const float black[3] = {0, 0, 0};
			double fh = 0;
			for (size_t k = 0; k < pp->n_fn_lines; k++) {
				const struct box *fb = pg->fn_lines[pp->first_fn_line + k];
				fh += fb->h + fb->before;
			}
			double gap = st->body_size * 0.8;
			double y = th - fh - gap; /* from the text top */
			double top = ph - st->m_top;
			content_line(&dr.cs, st->m_left, top - y - gap / 2, st->m_left + st->fn_rule,
				     top - y - gap / 2, 0.5, black);
			y += gap;
			for (size_t k = 0; k < pp->n_fn_lines; k++) {
				const struct box *fb = pg->fn_lines[pp->first_fn_line + k];
				y += fb->before;
				int note = note_of(c, fb);
				if (note) {
					note_page[note] = p;
					note_top[note] = top - y;
				}
				draw_box(&dr, p, fb, st->m_left, top - y);
				y += fb->h;
			}
		}
		if (content_end_page(&dr.cs, &dr.h) < 0)
			dr.rc = -1;
	}
	content_free(&dr.cs);
	/* each footnote mark to the top of its note (a note of another page: there) */
	for (size_t i = 0; i < dr.n_notes && dr.rc == 0; i++) {
		const struct note_link *nl = &dr.notes[i];
		if (nl->note < 1 || (size_t)nl->note > c->n_fns || !note_top[nl->note])
			continue;
		HPDF_Dict a = link_annot(pdf, dr.pages[nl->page], nl->r);
		HPDF_Array dst = destination(pdf, dr.pages[note_page[nl->note]], st->m_left,
					     note_top[nl->note] + st->fn_size);
		if (!a || !dst || HPDF_Dict_Add(a, "Dest", dst) != HPDF_OK)
			dr.rc = -1;
	}
	free(note_page);
	free(note_top);
	free(dr.notes);
	free(dr.pages);
	if (dr.rc < 0)
		return dr.rc;

	/* the file's identity: the same pages give the same /ID (and so the same bytes) */
	unsigned char id[16];
	for (int k = 0; k < 8; k++) {
		id[k] = (unsigned char)(dr.h.a >> (8 * k));
		id[8 + k] = (unsigned char)(dr.h.b >> (8 * k));
	}
	HPDF_Array ids = HPDF_Array_New(pdf->mmgr);
	HPDF_Array_Add(ids, HPDF_Binary_New(pdf->mmgr, id, 16));
	HPDF_Array_Add(ids, HPDF_Binary_New(pdf->mmgr, id, 16));
	HPDF_Dict_Add(pdf->trailer, "ID", ids);
	return 0;
}

/* libharu's objects for one document (~4,500 small ones for a 30-page report), taken from
 * 256 KB blocks and all given back with the document: malloc and free for each was 2% of a
 * build. libharu's own memory pool (HPDF_NewEx's mem_pool_buf_size) does the same but does
 * not align what it hands out, and its structs then sit at odd addresses (UBSan's
 * "misaligned address"). Its allocator takes no context: the document's blocks are the
 * thread's, as a document is made on one thread. */
#define HPDF_BLOCK ((size_t)256 << 10)

struct hpdf_block {
	struct hpdf_block *next;
	size_t used, size;
	max_align_t data[];
};

static _Thread_local struct hpdf_block *hpdf_blocks;

static void *HPDF_STDCALL hpdf_alloc(HPDF_UINT size)
{
	const size_t align = _Alignof(max_align_t);
	size_t n = ((size_t)size + align - 1) / align * align;
	struct hpdf_block *b = hpdf_blocks;
	if (!b || b->size - b->used < n) {
		size_t cap = n > HPDF_BLOCK ? n : HPDF_BLOCK;
		b = malloc(sizeof *b + cap);
		if (!b)
			return NULL; /* libharu reports HPDF_FAILD_TO_ALLOC_MEM */
		b->used = 0;
		b->size = cap;
		b->next = hpdf_blocks;
		hpdf_blocks = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

static void HPDF_STDCALL hpdf_free(void *p)
{
	(void)p; /* with the document's blocks */
}

static void hpdf_blocks_free(void)
{
	while (hpdf_blocks) {
		struct hpdf_block *next = hpdf_blocks->next;
		free(hpdf_blocks);
		hpdf_blocks = next;
	}
}

/* The file, written through a 256 KB buffer: libharu's HPDF_SaveToFile writes through
 * stdio's 4 KB one, ~50 system calls for a report. HPDF_SaveToStream writes into the
 * document's stream, ours here, as HPDF_SaveToFile does into its file. */
static HPDF_STATUS sink_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT size)
{
	struct file_sink *s = stream->attr;
	file_sink_put(s, ptr, size);
	return s->error ? HPDF_FILE_IO_ERROR : HPDF_OK;
}

/* Returns 0, or -1 with errno set (0 for a libharu error). */
static int save_pdf(HPDF_Doc pdf, const char *path)
{
	struct file_sink *s = file_sink_open(path, (size_t)256 << 10);
	int rc = -1;
	if (!s->error) {
		HPDF_Stream out = HPDF_CallbackWriter_New(pdf->mmgr, sink_write, s);
		if (out) {
			pdf->stream = out;
			rc = HPDF_SaveToStream(pdf) == HPDF_OK ? 0 : -1;
			pdf->stream = NULL;
			HPDF_Stream_Free(out);
		}
	}
	int error = file_sink_close(s);
	if (error)
		rc = -1;
	errno = error;
	return rc;
}

/* libharu keeps a document's pages in one array of at most 32 767 (HPDF_LIMIT_MAX_ARRAY:
 * past it, an unlocated "libharu error 1001"), and each page costs memory; real reports
 * have tens, a table of 100 000 one-line rows about 2 500. */
#define PDF_MAX_PAGES 10000

/* The report's boxes laid out and placed on pages (fonts measured through pdf), and the page
 * count held to PDF_MAX_PAGES: an error located where page PDF_MAX_PAGES + 1 would start. */
static int lay_out(struct pdf_ctx *c, HPDF_Doc pdf, struct pagination *pg)
{
	const struct pdf_style *st = c->st;
	const struct report *rep = c->rep;
	if (fontset_init(&c->fs, st, pdf, c->d) < 0)
		return -1;
	c->link_base =
		xasprintf("%s%s/", c->site->base_url ? c->site->base_url : "", rep->month);
	c->text_w = st->page_w - st->m_left - st->m_right;
	c->text_h = st->page_h - st->m_top - st->m_bottom;
	c->text_w_land = st->page_h - st->m_left - st->m_right;
	c->text_h_land = st->page_w - st->m_top - st->m_bottom;
	if (layout_report(c) < 0)
		return -1;
	paginate(&c->boxes, c->fns, c->n_fns, c->text_h, c->text_h_land, st->body_size * 0.8, pg);
	if (pg->n_pages > PDF_MAX_PAGES) {
		int line = 1;
		for (size_t i = 0; i < pg->n_placed; i++)
			if (pg->placed[i].page == PDF_MAX_PAGES) {
				line = c->boxes.v[pg->placed[i].box].line;
				break;
			}
		diag_add(c->d, rep->md_path, line > 0 ? line : 1, 1,
			 "the PDF would have %zu pages, and its page %d starts here (at most %d: split "
			 "the report, or publish a summary of a long table)",
			 pg->n_pages, PDF_MAX_PAGES + 1, PDF_MAX_PAGES);
		return -1;
	}
	return 0;
}

static void ctx_free(struct pdf_ctx *c, struct pagination *pg)
{
	pagination_free(pg);
	table_memo_free(c);
	boxlist_free(&c->boxes);
	for (size_t i = 0; i < c->n_fns; i++)
		boxlist_free(&c->fns[i].lines);
	free(c->fns);
	for (size_t i = 0; i < c->n_fn_labels; i++)
		free(c->fn_labels[i]);
	free(c->fn_labels);
	free(c->fn_defs);
	free(c->link_base);
	fontset_free(&c->fs);
}

int pdf_write_report(const struct pdf_style *st, const struct site *site, size_t report,
		     const char *out_path, struct diags *d)
{
	const struct report *rep = &site->reports[report];
	struct hpdf_status status = {0};
	HPDF_Doc pdf = HPDF_NewEx(on_error, hpdf_alloc, hpdf_free, 0, &status);
	if (!pdf) {
		hpdf_blocks_free();
		diag_add(d, out_path, 0, 0, "libharu cannot start a document");
		return -1;
	}
	int rc = -1;
	struct pdf_ctx c = {.st = st, .site = site, .rep = rep, .d = d};
	struct pagination pg = {0};
	char *tmp = NULL;
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	if (lay_out(&c, pdf, &pg) < 0)
		goto out;
	if (draw_document(&c, pdf, &pg) < 0 && !status.error) {
		diag_add(d, out_path, 0, 0, "cannot draw the pages (libharu failed)");
		goto out;
	}
	if (fontset_finish(&c.fs) < 0 && !status.error) {
		diag_add(d, out_path, 0, 0, "cannot embed the fonts (libharu or hb-subset failed)");
		goto out;
	}

	/* Info and XMP: what the report is, dated by the report (never the clock) */
	char *subject = xasprintf("Báo cáo số %s", rep->number ? rep->number : "");
	char *title = text_one_line(rep->title ? rep->title : "");
	char *author = site->issuer_name ? text_one_line(site->issuer_name) : NULL;
	struct pdf_meta meta = {.title = title,
				.author = author,
				.subject = subject,
				.creator = "baocao",
				.producer = "baocao " BAOCAO_VERSION " (libharu)",
				.date = rep->date};
	int meta_rc = pdf_write_meta(pdf, st, &meta);
	free(subject);
	free(title);
	free(author);
	if (meta_rc < 0 && !status.error) {
		diag_add(d, out_path, 0, 0, "cannot write the document's metadata (libharu failed)");
		goto out;
	}
	if (status.error) {
		diag_add(d, out_path, 0, 0, "libharu error %04lX (detail %lu) while drawing",
			 (unsigned long)status.error, (unsigned long)status.detail);
		goto out;
	}

	/* written beside the target and renamed: never a partial file at out_path */
	tmp = xasprintf("%s.tmp", out_path);
	if (save_pdf(pdf, tmp) != 0 || status.error) {
		diag_add(d, out_path, 0, 0, "cannot write the PDF (libharu error %04lX, %s)",
			 (unsigned long)status.error, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, out_path) < 0) {
		diag_add(d, out_path, 0, 0, "cannot write the PDF: %s", strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	ctx_free(&c, &pg);
	HPDF_Free(pdf);
	hpdf_blocks_free();
	return rc;
}

/* check's side of the page limit: each report build would render laid out and paginated as
 * build does, on the --jobs threads, and nothing drawn (~20% of a build's work) */
struct pages_job {
	const struct pdf_style *st;
	const struct site *site;
	struct diags *d; /* one a report, joined in the reports' order */
};

static void pages_one(void *ctx, size_t i)
{
	struct pages_job *j = ctx;
	if (!report_published(j->site, i))
		return;
	struct hpdf_status status = {0};
	HPDF_Doc pdf = HPDF_NewEx(on_error, hpdf_alloc, hpdf_free, 0, &status);
	if (pdf) {
		struct pdf_ctx c = {.st = j->st, .site = j->site, .rep = &j->site->reports[i],
				    .d = &j->d[i]};
		struct pagination pg = {0};
		HPDF_UseUTFEncodings(pdf);
		lay_out(&c, pdf, &pg);
		ctx_free(&c, &pg);
		HPDF_Free(pdf);
	}
	hpdf_blocks_free();
}

int pdf_check_pages(const struct pdf_style *st, const struct site *site, int jobs,
		    struct diags *d)
{
	struct pages_job j = {.st = st, .site = site,
			      .d = xcalloc(site->n_reports + 1, sizeof *j.d)};
	parallel_for(site->n_reports, jobs, pages_one, &j);
	size_t before = d->n;
	for (size_t i = 0; i < site->n_reports; i++)
		diag_move(d, &j.d[i]);
	free(j.d);
	return d->n > before ? -1 : 0;
}
