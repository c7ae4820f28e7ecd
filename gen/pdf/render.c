/* render.c — pdf_write_report: one libharu document per call (so reports can be written
 * from several threads), the laid-out pages drawn, bookmarks, the Info dictionary, and the
 * same bytes for the same content (dates from the report, /ID from a hash of the pages).
 *
 * PDF/A-1b is not offered (page-style.yaml `pdfa: true` is an error): libharu 2.3.0 writes
 * no CIDSet for its subset CID fonts, compresses the XMP metadata stream with
 * HPDF_COMP_METADATA, builds an XMP without dc:title matching the Info dictionary, and takes
 * its /ID from the clock; no ICC profile is installed for the OutputIntent either. A file
 * that claims PDF/A and fails validation is worse than an honest PDF 1.x. */
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

/* PDF text strings outside ASCII must be UTF-16BE with a byte-order mark; libharu's own
 * string writer would store the UTF-8 bytes as PDFDocEncoding. */
static HPDF_Binary utf16(HPDF_Doc pdf, const char *s)
{
	struct buf b;
	buf_init(&b);
	buf_put(&b, "\xFE\xFF", 2);
	for (size_t off = 0, n = strlen(s); off < n;) {
		int32_t cp;
		int k = text_decode(s + off, n - off, &cp);
		if (k <= 0) {
			k = 1;
			cp = 0xFFFD;
		}
		off += (size_t)k;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			unsigned hi = 0xD800 + ((unsigned)cp >> 10), lo = 0xDC00 + ((unsigned)cp & 0x3FF);
			char u[4] = {(char)(hi >> 8), (char)hi, (char)(lo >> 8), (char)lo};
			buf_put(&b, u, 4);
		} else {
			char u[2] = {(char)((unsigned)cp >> 8), (char)cp};
			buf_put(&b, u, 2);
		}
	}
	HPDF_Binary bin = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)b.s, (HPDF_UINT)b.len);
	buf_free(&b);
	return bin;
}

static void set_info(HPDF_Doc pdf, const char *key, const char *value)
{
	if (value && *value)
		HPDF_Dict_Add(pdf->info, key, utf16(pdf, value));
}

/* Links: the text is drawn as text; an annotation over it makes it clickable. */
static void link_annots(HPDF_Page pg, const struct fontset *fs, const struct box *b, double ox,
			double top)
{
	for (size_t i = 0; i < b->n_ops; i++) {
		const struct op *o = &b->ops[i];
		if (o->kind != OP_TEXT || !o->link || !o->len)
			continue;
		double w = fontset_width(fs, o->font, o->size, op_str(o), o->len);
		HPDF_Rect r = {(HPDF_REAL)(ox + o->x), (HPDF_REAL)(top - o->y - o->size * 0.22),
			       (HPDF_REAL)(ox + o->x + w), (HPDF_REAL)(top - o->y + o->size * 0.8)};
		HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(pg, r, o->link);
		if (a)
			HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
	}
}

static void draw_box(struct content *cs, const struct box *b, double ox, double top)
{
	content_box(cs, b, ox, top);
	link_annots(cs->page, cs->fs, b, ox, top);
}

static HPDF_Date date_of(struct date d)
{
	HPDF_Date hd = {0};
	hd.year = d.year;
	hd.month = d.month ? d.month : 1;
	hd.day = d.day ? d.day : 1;
	hd.ind = 'Z';
	return hd;
}

static int draw_document(struct pdf_ctx *c, HPDF_Doc pdf, struct pagination *pg)
{
	const struct pdf_style *st = c->st;
	struct content cs = {0};
	buf_init(&cs.b);
	struct digest h;
	digest_init(&h);
	HPDF_Outline parents[8] = {0};
	size_t next = 0; /* pg->placed is in page order */
	int rc = 0;
	for (size_t p = 0; p < pg->n_pages && rc == 0; p++) {
		const struct page *pp = &pg->pages[p];
		double pw = pp->landscape ? st->page_h : st->page_w;
		double ph = pp->landscape ? st->page_w : st->page_h;
		double th = pp->landscape ? c->text_h_land : c->text_h;
		HPDF_Page page = HPDF_AddPage(pdf);
		if (!page) { /* libharu is in error: the caller reports it */
			rc = -1;
			break;
		}
		HPDF_Page_SetWidth(page, (HPDF_REAL)pw);
		HPDF_Page_SetHeight(page, (HPDF_REAL)ph);
		content_begin_page(&cs, page, &c->fs);
		digest_add(&h, &pw, sizeof pw);
		/* page number, centred in the top margin */
		if (pp->number > 0) {
			char num[16];
			snprintf(num, sizeof num, "%d", pp->number);
			struct box nb = {0};
			put_text(c, &nb, num, 0, st->pn_size, 0, 0, AL_CENTER, pw - st->m_left - st->m_right);
			draw_box(&cs, &nb, st->m_left, ph - st->m_top / 2 + st->pn_size * 0.3);
			box_free(&nb);
		}
		/* the boxes, and the bookmarks of the headings, nested by level */
		for (; next < pg->n_placed && pg->placed[next].page == p; next++) {
			const struct placed *pl = &pg->placed[next];
			const struct box *b = &c->boxes.v[pl->box];
			double top = ph - st->m_top - pl->y;
			draw_box(&cs, b, st->m_left, top);
			if (b->level > 0 && b->title) {
				int lv = b->level > 7 ? 7 : b->level;
				HPDF_Outline parent = NULL;
				for (int k = lv - 1; k >= 1 && !parent; k--)
					parent = parents[k];
				HPDF_Outline o = HPDF_CreateOutline(pdf, parent, "-", NULL);
				if (o) {
					HPDF_Dict_Add(o, "Title", utf16(pdf, b->title));
					HPDF_Destination dst = HPDF_Page_CreateDestination(page);
					HPDF_Destination_SetFitH(dst, (HPDF_REAL)(top + 4));
					HPDF_Outline_SetDestination(o, dst);
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
			content_line(&cs, st->m_left, top - y - gap / 2, st->m_left + st->fn_rule,
				     top - y - gap / 2, 0.5, black);
			y += gap;
			for (size_t k = 0; k < pp->n_fn_lines; k++) {
				const struct box *fb = pg->fn_lines[pp->first_fn_line + k];
				y += fb->before;
				draw_box(&cs, fb, st->m_left, top - y);
				y += fb->h;
			}
		}
		if (content_end_page(&cs, &h) < 0)
			rc = -1;
	}
	content_free(&cs);
	if (rc < 0)
		return rc;

	/* the file's identity: the same pages give the same /ID (and so the same bytes) */
	unsigned char id[16];
	for (int k = 0; k < 8; k++) {
		id[k] = (unsigned char)(h.a >> (8 * k));
		id[8 + k] = (unsigned char)(h.b >> (8 * k));
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
	if (fontset_init(&c.fs, st, pdf, d) < 0)
		goto out;
	c.text_w = st->page_w - st->m_left - st->m_right;
	c.text_h = st->page_h - st->m_top - st->m_bottom;
	c.text_w_land = st->page_h - st->m_left - st->m_right;
	c.text_h_land = st->page_w - st->m_top - st->m_bottom;
	if (layout_report(&c) < 0)
		goto out;
	paginate(&c.boxes, c.fns, c.n_fns, c.text_h, c.text_h_land, st->body_size * 0.8, &pg);
	if (pg.n_pages > PDF_MAX_PAGES) {
		int line = 1;
		for (size_t i = 0; i < pg.n_placed; i++)
			if (pg.placed[i].page == PDF_MAX_PAGES) {
				line = c.boxes.v[pg.placed[i].box].line;
				break;
			}
		diag_add(d, rep->md_path, line > 0 ? line : 1, 1,
			 "the PDF would have %zu pages, and its page %d starts here (at most %d: split "
			 "the report, or publish a summary of a long table)",
			 pg.n_pages, PDF_MAX_PAGES + 1, PDF_MAX_PAGES);
		goto out;
	}
	draw_document(&c, pdf, &pg);
	if (fontset_finish(&c.fs) < 0 && !status.error) {
		diag_add(d, out_path, 0, 0, "cannot embed the fonts (libharu or hb-subset failed)");
		goto out;
	}

	/* Info: what the report is, dated by the report (never the clock) */
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "baocao");
	HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "baocao " BAOCAO_VERSION " (libharu)");
	set_info(pdf, "Title", rep->title);
	set_info(pdf, "Author", site->issuer_name);
	char *subject = xasprintf("Báo cáo số %s", rep->number ? rep->number : "");
	set_info(pdf, "Subject", subject);
	free(subject);
	HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date_of(rep->date));
	HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date_of(rep->date));
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
	pagination_free(&pg);
	table_memo_free(&c);
	boxlist_free(&c.boxes);
	for (size_t i = 0; i < c.n_fns; i++)
		boxlist_free(&c.fns[i].lines);
	free(c.fns);
	for (size_t i = 0; i < c.n_fn_labels; i++)
		free(c.fn_labels[i]);
	free(c.fn_labels);
	free(c.fn_defs);
	fontset_free(&c.fs);
	HPDF_Free(pdf);
	hpdf_blocks_free();
	return rc;
}
