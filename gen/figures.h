/* figures.h — figures in the prose checked against the data (docs/content-format.md,
 * "Figures checked against the data").
 *
 * After a report's references are expanded, the figures its authors typed are read in
 * Vietnamese notation and compared with kpi.csv and with each other: a stale figure (last
 * report's value), a current value typed by hand, a change ("tăng X") the data contradicts,
 * a ratio ("54/76 (71,05%)") that does not compute, a total its parts do not add up to, and
 * a count ("33 địa phương[^7]") its list does not have. Each finding is a warning at the
 * figure's line and column. Text made by a reference is data, never a typed figure: the
 * expansion tells which (struct figure_refs). A `<!-- baocao: ignore … -->` comment
 * silences warnings on its line; the comments are taken out of the tree here.
 *
 * Precision before recall: every rule asks for context (a unit word, the indicator's name,
 * a trigger such as "gồm") and allows for rounding, so that a warning is worth reading. */
#ifndef BAOCAO_FIGURES_H
#define BAOCAO_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "model.h"

enum ref_field { REF_VALUE, REF_PREV, REF_DELTA };

/* One value reference as the expansion replaced it: bytes [src_start, src_end) of the text
 * node's literal as written ("{{cccd_chip}}") became [out_start, out_end) of its new literal
 * ("87,9 triệu"). */
struct figure_ref {
	cmark_node *node;
	size_t src_start, src_end, out_start, out_end;
	size_t indicator;
	enum ref_field field;
};

/* One {{table F.csv}} as the expansion inserted it: its CSV rows (blank rows skipped, the
 * header first), where each starts and where each field starts, for warnings in F.csv. */
struct figure_table {
	cmark_node *table;
	char *path; /* as the user's --content path + the report folder + F.csv */
	size_t n_rows, n_cols;
	int *lines; /* [n_rows] */
	int *cols;  /* [n_rows * n_cols] character columns */
};

/* A `<!-- baocao: ignore [KIND …] [— reason] -->` comment: no warning of those kinds (all,
 * when none is named) about a figure on `line`. A comment alone on its line means the next
 * line that is not blank. */
struct figure_ignore {
	int line;
	unsigned kinds; /* FIGURE_* bits */
};

/* What the expansion tells the check: which text it made, and the comments it took out. */
struct figure_refs {
	struct figure_ref *v;
	size_t n, cap;
	struct figure_table *tables;
	size_t n_tables;
	struct figure_ignore *ignores;
	size_t n_ignores;
};

/* The kinds of warning, as `ignore` names them. */
enum {
	FIGURE_STALE = 1,   /* last report's value typed by hand */
	FIGURE_CURRENT = 2, /* this report's value typed by hand */
	FIGURE_CHANGE = 4,  /* "tăng X" the data contradicts */
	FIGURE_RATIO = 8,   /* N/M (P%) that does not compute */
	FIGURE_TOTAL = 16,  /* parts that do not add up to their total */
	FIGURE_COUNT = 32,  /* "N địa phương" with a list of another length */
	FIGURE_ALL = 63,
};

void figure_refs_add(struct figure_refs *refs, struct figure_ref ref);
/* Takes path; copies lines and cols. */
void figure_refs_add_table(struct figure_refs *refs, cmark_node *table, char *path,
			   size_t n_rows, size_t n_cols, const int *lines, const int *cols);
void figure_refs_free(struct figure_refs *refs);

/* Takes the `<!-- baocao: … -->` comments out of r's tree (before the expansion: a
 * {{table}} may carry one on its line) into refs->ignores; a comment baocao cannot read is a
 * warning in w. */
void figures_take_comments(struct report *r, struct figure_refs *refs, struct diags *w);

/* Checks site->reports[ri] (expanded, its source still loaded) and adds the warnings to w. */
void figures_check(const struct site *site, size_t ri, const struct figure_refs *refs,
		   struct diags *w);

/* A figure as read from text (for the tests and the checker alike). */
enum figure_qual {
	QUAL_EXACT,
	QUAL_ABOVE, /* hơn, trên, ít nhất */
	QUAL_BELOW, /* dưới, chưa đến */
	QUAL_ABOUT, /* khoảng, xấp xỉ, gần, ước */
};

struct figure {
	size_t start, end;  /* bytes of the number and its scale word or '%' */
	double value;       /* in units: "87,9 triệu" is 87 900 000 */
	double ulp;         /* the unit of its last digit: 100 000 for "87,9 triệu"; 0: exact */
	int sig;            /* significant digits written */
	int decimals;       /* digits after the decimal comma */
	bool percent;       /* 73,03% */
	bool points;        /* "0,53 điểm phần trăm": a change of a percentage */
	bool fraction;      /* N/M: value is N, denom M */
	double denom;
	enum figure_qual qual;
	char unit[48];      /* the noun after it, lower case, one name for words that mean the same
			     * ("tỉnh, thành phố" is "địa phương"), or "" */
	size_t unit_end;    /* where that noun ends */
	char norm[48];      /* digits without thousands dots or leading zeros, the decimals, the
			     * scale word or '%': "87,9 triệu", "6496", "73,03%" */
	long ref;           /* made by refs->v[ref]; -1: typed */
	size_t qstart;      /* where its qualifier ("hơn", "khoảng") starts; start if none */
	bool change;        /* after "tăng"/"giảm", or made by {{id.delta}}: a change, no level */
};

/* The figures of a text (UTF-8, NFC): at most max into out; returns how many were found.
 * Dates (08/01/2025, tháng 6/2024), document numbers (03/NQ-CP, 57-NQ/TW), years, ordinals
 * ("(1)", "thứ 9", "Điều 35") and codes (A08, C06) are not figures. */
size_t figures_scan(const char *text, struct figure *out, size_t max);

#endif
