/* appendix.h — what an appendix's heading says, the same on the website and in the PDF
 * (docs/bao-cao-format.md, "Appendices"): "Phụ lục I" bold and centred, its title in capitals
 * on a line of its own, then the italic reference line
 * "(Kèm theo Báo cáo số 290/BC-TCTTKĐA ngày 04/02/2025 của Tổ Công tác triển khai Đề án 06)".
 * Backend-neutral: the backends only set these strings. Each function returns a malloc'd
 * string (never NULL). */
#ifndef BAOCAO_APPENDIX_H
#define BAOCAO_APPENDIX_H

#include <stdbool.h>

#include "model.h"

/* The reference line when the page style names none; {number} is the report's number as
 * the header writes it ("290/BC-TCTTKĐA", "05/BC-…"; a draft "     /BC-…"), {date} its
 * date dd/mm/yyyy (a draft "     /02/2023"), {issuer} the issuing body inside a sentence. */
#define APPENDIX_REFERENCE_DEFAULT "(Kèm theo Báo cáo số {number} ngày {date} của {issuer})"

/* "Phụ lục I. Các nhiệm vụ…" (also "PHỤ LỤC I:", "phụ lục 2 - …", "Phụ lục I – …") ->
 * *label "Phụ lục I" (the number in capitals) and *title "CÁC NHIỆM VỤ…" (in capitals as
 * appendix_title_upper sets them; "" when the heading has no title). */
void appendix_split(const char *heading_text, char **label, char **title);

/* The reference line of site->reports[…] `r`: `tmpl` with its {number}, {date} and {issuer}
 * filled (NULL: APPENDIX_REFERENCE_DEFAULT); {issuer} is site.yaml's issuer.in_text, how the
 * issuer reads inside a sentence ("Tổ Công tác triển khai Đề án 06"). */
char *appendix_reference_line(const struct site *site, const struct report *r,
			      const char *tmpl);

/* Whether the author wrote the reference line: the first block after the appendix's heading
 * is a paragraph starting "(Kèm theo" or "Kèm theo" (any case). Then no line is added. */
bool appendix_reference_written(cmark_node *heading);

/* UPPER CASE and Sentence case of UTF-8 text (utf8proc's case mapping, the result in NFC),
 * as the official blocks set names: "Tổ Công tác" -> "TỔ CÔNG TÁC"; "TỔ CÔNG TÁC" -> "Tổ
 * công tác". */
char *appendix_upper(const char *s);
char *appendix_sentence_case(const char *s);
/* A title in capitals, as the official layout sets appendix titles, but for the words a
 * capital would damage, kept as the author wrote them: a word with a digit or a slash (a
 * document's number and symbol: "07/CT-TTg", "06/CP") or with a capital after its first
 * letter and a small letter somewhere (a name: "VNeID", "CT-TTg"). Words are what spaces
 * separate, their punctuation included: "Chỉ thị số 07/CT-TTg về VNeID" -> "CHỈ THỊ SỐ
 * 07/CT-TTg VỀ VNeID". */
char *appendix_title_upper(const char *s);

#endif
