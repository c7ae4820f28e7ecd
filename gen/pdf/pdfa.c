/* pdfa.c — what a PDF says about itself: the Info dictionary, the catalogue's language and
 * viewer preferences, and what makes it a PDF/A-1b (ISO 19005-1; in Vietnam TCVN
 * 14159-1:2024, the form of long-term preservation): an XMP metadata stream saying the
 * same as the Info dictionary, and an output intent with the sRGB colour profile, which
 * gives the pages' DeviceGray and DeviceRGB colours their meaning.
 *
 * The rest of PDF/A-1b is where the objects are made: a CIDSet for each subset font
 * (embed.c, font.c), outline and link destinations as direct arrays and annotations that
 * print (render.c), the header %PDF-1.4 and an /ID from the pages (render.c): every byte
 * from the content, so that the same content gives the same file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/entities.h>

#include <hpdf_objects.h>

#include "../text.h"
#include "../util.h"
#include "pdf_int.h"

#ifndef BAOCAO_SRGB_PROFILE
#define BAOCAO_SRGB_PROFILE "/usr/share/color/icc/sRGB.icc"
#endif

int pdfa_load_profile(struct pdf_style *s, struct diags *d)
{
	if (!s->pdfa || s->icc)
		return 0;
	const char *path = BAOCAO_SRGB_PROFILE;
	size_t len = 0;
	unsigned char *icc = (unsigned char *)read_file(path, 1 << 20, &len);
	if (!icc) {
		diag_add(d, path, 0, 0,
			 "cannot read the sRGB colour profile every PDF/A embeds: %s (install "
			 "icc-profiles-free, or set page.pdfa to false in %s)",
			 strerror(errno), s->path);
		return -1;
	}
	/* an RGB display profile ('mntr', 'RGB ', 'acsp') of ICC version 2, the version of
	 * PDF 1.4, which PDF/A-1 is built on */
	if (len < 132 || memcmp(icc + 12, "mntr", 4) != 0 || memcmp(icc + 16, "RGB ", 4) != 0 ||
	    memcmp(icc + 36, "acsp", 4) != 0 || icc[8] != 2) {
		diag_add(d, path, 0, 0,
			 "not an RGB colour profile of ICC version 2, which PDF/A-1 needs (version "
			 "%u): install Debian's icc-profiles-free, or set page.pdfa to false in %s",
			 len > 8 ? icc[8] : 0, s->path);
		free(icc);
		return -1;
	}
	/* the PDFs embed it: a profile changed makes them anew */
	digest_add(&s->digest, icc, len);
	s->icc = xcalloc(1, sizeof *s->icc);
	bool ok = pdf_deflate_shared(icc, len, s->icc);
	free(icc);
	if (!ok) {
		free(s->icc);
		s->icc = NULL;
		diag_add(d, path, 0, 0, "out of memory for the colour profile");
		return -1;
	}
	return 0;
}

void pdfa_free(struct pdf_style *s)
{
	if (s->icc)
		free(s->icc->z);
	free(s->icc);
	s->icc = NULL;
}

HPDF_Binary pdf_text_string(HPDF_Doc pdf, const char *s)
{
	/* outside ASCII a text string is UTF-16BE with a byte-order mark; libharu's own string
	 * writer would store the UTF-8 bytes as PDFDocEncoding */
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

/* Text for XML: & < > " escaped (libxml2's xmlEncodeSpecialChars), into b. */
static void xml_text(struct buf *b, const char *s)
{
	xmlChar *e = xmlEncodeSpecialChars(NULL, (const xmlChar *)s);
	buf_puts(b, e ? (const char *)e : "");
	xmlFree(e);
}

/* The XMP packet: the Info dictionary's entries in the schemas PDF/A-1 maps them to
 * (ISO 19005-1, 6.7.3), the language, and the PDF/A identification. Written as it is, not
 * compressed (6.7.2), without the packet header's bytes or encoding attribute (6.7.5). */
static void xmp_text(struct buf *b, const struct pdf_meta *m, const char *date)
{
	buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		    "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		    "<dc:format>application/pdf</dc:format>\n");
	if (m->title && *m->title) {
		buf_puts(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(b, m->title);
		buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (m->author && *m->author) {
		buf_puts(b, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(b, m->author);
		buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (m->subject && *m->subject) {
		buf_puts(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(b, m->subject);
		buf_puts(b, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	buf_printf(b, "<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n"
		      "</rdf:Description>\n"
		      "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
		      "<xmp:CreatorTool>",
		   PDF_LANG);
	xml_text(b, m->creator);
	buf_printf(b, "</xmp:CreatorTool>\n<xmp:CreateDate>%s</xmp:CreateDate>\n"
		      "<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
		      "<xmp:MetadataDate>%s</xmp:MetadataDate>\n</rdf:Description>\n"
		      "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
		      "<pdf:Producer>",
		   date, date, date);
	xml_text(b, m->producer);
	buf_puts(b, "</pdf:Producer>\n</rdf:Description>\n"
		    "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
		    "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
		    "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
}

/* An uncompressed stream object of the document holding len bytes. */
static HPDF_Dict plain_stream(HPDF_Doc pdf, const char *bytes, size_t len)
{
	HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!d)
		return NULL;
	d->filter = HPDF_STREAM_FILTER_NONE;
	if (HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)bytes, (HPDF_UINT)len) != HPDF_OK)
		return NULL;
	return d;
}

static void set_info(HPDF_Doc pdf, const char *key, const char *value, HPDF_STATUS *ret)
{
	if (value && *value)
		*ret += HPDF_Dict_Add(pdf->info, key, pdf_text_string(pdf, value));
}

int pdf_write_meta(HPDF_Doc pdf, const struct pdf_style *st, const struct pdf_meta *m)
{
	HPDF_STATUS ret = HPDF_OK;
	/* the report's date at midnight in Vietnam (UTC+7), as the feed dates it; a draft,
	 * which has no day yet, the first of its month */
	HPDF_Date hd = {.year = m->date.year,
			.month = m->date.month ? m->date.month : 1,
			.day = m->date.day ? m->date.day : 1,
			.ind = '+',
			.off_hour = 7};
	char date[40];
	snprintf(date, sizeof date, "%04d-%02d-%02dT00:00:00+07:00", hd.year, hd.month, hd.day);

	ret += HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, m->creator);
	ret += HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, m->producer);
	set_info(pdf, "Title", m->title, &ret);
	set_info(pdf, "Author", m->author, &ret);
	set_info(pdf, "Subject", m->subject, &ret);
	ret += HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, hd);
	ret += HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, hd);

	/* the text's language (screen readers, search) and the title in the window's bar */
	HPDF_Dict catalog = pdf->catalog;
	ret += HPDF_Dict_Add(catalog, "Lang", HPDF_String_New(pdf->mmgr, PDF_LANG, NULL));
	HPDF_Dict prefs = HPDF_Dict_New(pdf->mmgr);
	if (!prefs)
		return -1;
	ret += HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
	ret += HPDF_Dict_Add(catalog, "ViewerPreferences", prefs);
	pdf->pdf_version = HPDF_VER_14; /* what PDF/A-1 is built on */
	if (!st->pdfa || ret != HPDF_OK)
		return ret == HPDF_OK ? 0 : -1;

	struct buf x;
	buf_init(&x);
	xmp_text(&x, m, date);
	HPDF_Dict meta = plain_stream(pdf, x.s, x.len);
	buf_free(&x);
	if (!meta)
		return -1;
	ret += HPDF_Dict_AddName(meta, "Type", "Metadata");
	ret += HPDF_Dict_AddName(meta, "Subtype", "XML");
	ret += HPDF_Dict_Add(catalog, "Metadata", meta);

	HPDF_Dict icc = st->icc ? pdf_deflated_stream(pdf, st->icc->z, st->icc->z_len, false)
				: NULL;
	HPDF_Dict intent = HPDF_Dict_New(pdf->mmgr);
	HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
	if (!icc || !intent || !intents)
		return -1;
	ret += HPDF_Dict_AddNumber(icc, "N", 3);
	ret += HPDF_Dict_AddName(intent, "Type", "OutputIntent");
	ret += HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
	ret += HPDF_Dict_Add(intent, "OutputConditionIdentifier",
			     HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
	ret += HPDF_Dict_Add(intent, "RegistryName",
			     HPDF_String_New(pdf->mmgr, "http://www.color.org", NULL));
	ret += HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, "sRGB", NULL));
	ret += HPDF_Dict_Add(intent, "DestOutputProfile", icc);
	ret += HPDF_Array_Add(intents, intent);
	ret += HPDF_Dict_Add(catalog, "OutputIntents", intents);
	return ret == HPDF_OK ? 0 : -1;
}
