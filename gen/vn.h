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
/* Roman numerals 1..3999 ("IV"), for quarters: "Quý I/2025". */
char *vn_roman(int n);

/* Parses a kpi.csv value: digits, optional '.' and up to 9 decimals, optional leading '-'.
 * Returns false when it is not such a number (or out of range). */
bool decimal_parse(const char *s, struct decimal *out);

#endif
