/* vn.h — Vietnamese numbers and dates (CLDR vi: decimal comma, thousands dot).
 * Pure functions; each returns a malloc'd string. Rules: docs/content-format.md and
 * docs/bao-cao-format.md. */
#ifndef BAOCAO_VN_H
#define BAOCAO_VN_H

#include <stdbool.h>

#include "model.h"

/* 1900482958 -> "1.900.482.958"; decimals kept as given, with a comma: 12.5 -> "12,5". */
char *vn_count(struct decimal d);
/* 87912345 -> "87,9 triệu" (one decimal at most, ",0" dropped). */
char *vn_millions(struct decimal d);
/* 10200000000 -> "10,2 tỷ". */
char *vn_billions(struct decimal d);
/* 73.03 -> "73,03%", 22.5 -> "22,5%", 80 -> "80%" (two decimals at most). */
char *vn_percent(struct decimal d);
/* The value in the indicator's format. */
char *vn_format(struct decimal d, enum format f);
/* A change with its direction: "tăng 1.982.696", "giảm 8", "không đổi"; percentages
 * change by "điểm phần trăm": "tăng 0,53 điểm phần trăm". */
char *vn_delta(struct decimal delta, enum format f);
/* A change without words, for tables: "+1.982.696", "−8" (U+2212), "0". */
char *vn_delta_signed(struct decimal delta, enum format f);

/* Header date line: "Hà Nội, ngày 04 tháng 02 năm 2025"; the day gets a leading zero
 * below 10, the month only for 01 and 02. A draft (day 0) leaves the day blank:
 * "Hà Nội, ngày      tháng 02 năm 2023". */
char *vn_date_line(const char *place, struct date d);
/* "Số: 290/BC-TCTTKĐA"; a number below 10 gets a leading zero ("Số: 05/BC-…"); a draft
 * "/BC-TCTTKĐA" becomes "Số:      /BC-TCTTKĐA". */
char *vn_number_line(const char *number);
/* "tháng 01/2025" (two-digit month, as reports write it). */
char *vn_month(int year, int month);
/* "04/02/2025" or "02/2025" for a draft. */
char *vn_date_short(struct date d);
/* A number as a kpi.csv value may be written, without thousands dots, with a decimal
 * comma: 1730, "1,73", "-0,5" (what an error message suggests writing). */
char *vn_plain(struct decimal d);
/* A reference to a month in running text: "tháng 6/2025", "06/2025", "6/2025", "tháng 6
 * năm 2025" (not a day's date, "ngày 20/06/2025", nor a document's number,
 * "06/2025/NĐ-CP"). */
struct vn_month_ref {
	size_t at, len;   /* s[at..at+len): "6/2025", "6 năm 2025" */
	int month_digits; /* 1 or 2 */
	int year, month;
};
/* The month references of s, first to last: at most max into out; returns how many. */
size_t vn_month_refs(const char *s, struct vn_month_ref *out, size_t max);

/* s with its references to the month (year, month) and to the month after it moved on by
 * `shift` months (`baocao new`): "tháng 6/2025", "06/2025", "6/2025", "tháng 6 năm 2025",
 * across a year end ("tháng 12/2024" + 1: "tháng 01/2025"). A month keeps two digits when
 * it had them, and gets them below 3 as the decree writes months ("01/2025"). Left alone:
 * dates of a day ("ngày 20/01/2025", "ngày 5 tháng 6 năm 2025"), document numbers
 * ("12/2024/NĐ-CP"), other months. */
char *vn_shift_months(const char *s, int year, int month, int shift);
/* Roman numerals 1..3999 ("IV"), for quarters: "Quý I/2025". */
char *vn_roman(int n);

/* Parses a plain number: digits, optional '.' and up to 9 decimals, optional leading '-'.
 * Returns false when it is not such a number (or out of range). */
bool decimal_parse(const char *s, struct decimal *out);

/* How a kpi.csv value reads (docs/content-format.md, "kpi.csv"): */
enum value_reading {
	VALUE_OK,         /* *out is the value */
	VALUE_NOT_NUMBER, /* not a number in any accepted form, or more than 18 digits */
	VALUE_AMBIGUOUS,  /* a lone dot before exactly three digits, not a count: "1.730" is
			   * 1730 (*out, a thousands dot) or 1,73 (*alt, a decimal point) */
	VALUE_NOT_WHOLE,  /* a count whose value has a fraction (*out) */
	VALUE_PERCENT_SIGN, /* "73,03%" for an indicator whose format is not percent */
};
/* Reads a kpi.csv value as people write it, Excel's Vietnamese forms included, by one rule:
 * an optional '-', digits, and marks. A comma is the decimal comma (at most one); dots
 * are thousands dots when there are several or a comma follows them (each group after
 * the first of three digits); a single dot is a decimal point, but a lone dot with one to
 * three digits before it (not a leading zero) and exactly three after reads two ways
 * ("1.730": 1730 or 1,73): a count, which must be whole, takes the thousands reading; any
 * other format is VALUE_AMBIGUOUS. A count's value is made whole ("12,0" is 12). A percent
 * may end with '%' (Excel writes a cell formatted as a percentage "73,03%"); another format
 * may not (VALUE_PERCENT_SIGN). */
enum value_reading vn_read_value(const char *s, enum format f, struct decimal *out,
				 struct decimal *alt);

#endif
