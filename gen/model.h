/* model.h — the few structs every stage shares.
 *
 * content/ --load--> struct site (reports, indicators, values) --expand--> each report's
 * cmark tree has its {{…}} references resolved --> html/ and pdf/ backends.
 *
 * Ownership: everything reachable from a struct site is owned by it and freed by
 * site_free() (gen/load/load.h). Strings are UTF-8, NFC, NUL-terminated. Backends treat
 * the site as read-only, so reports can be rendered in parallel.
 */
#ifndef BAOCAO_MODEL_H
#define BAOCAO_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmark-gfm.h>

#include "diag.h"
#include "digest.h"

/* An exact decimal number: mant / 10^scale. kpi.csv values are parsed into this, so that
 * formatting and deltas never suffer binary rounding (73,03% stays 73,03%). */
struct decimal {
	int64_t mant;
	int scale; /* 0..9 */
};

/* Where a value is written in its file (site.yaml, indicators.csv, report.md's front
 * matter): the line and the character column of its first character; 0 when unknown. For
 * what is found wrong after loading (a character no font can draw, a warning). */
struct textpos {
	int line, col;
};

/* How an indicator's values are written (docs/content-format.md, indicators.csv). */
enum format {
	FORMAT_COUNT,    /* 1.900.482.958 */
	FORMAT_MILLIONS, /* 87,9 triệu */
	FORMAT_PERCENT,  /* 73,03% */
	FORMAT_BILLIONS, /* 10,2 tỷ */
};

struct indicator {
	char *id;    /* [a-z0-9_]+ */
	char *name;  /* "Thẻ CCCD gắn chip đã cấp" */
	char *unit;  /* "thẻ", may be "" */
	char *group; /* "Công dân số", may be "" */
	enum format format;
	int line;    /* its row in indicators.csv */
	struct textpos name_pos, unit_pos;
};

/* One indicator's value in one report (a kpi.csv row). */
struct value {
	bool present;
	struct decimal number;
	char *note; /* may be NULL */
	int line;   /* its row in kpi.csv, 0 when absent, -1 when kpi.csv could not be read */
};

/* A date in the header. day == 0: a draft whose day is left blank (front matter
 * `date: 2023-02`). */
struct date {
	int year, month, day;
};

struct signer {
	char *authority; /* "KT. TỔ TRƯỞNG", may be NULL */
	char *position;  /* "TỔ PHÓ THƯỜNG TRỰC", may be NULL */
	char *title;     /* "THỨ TRƯỞNG BỘ CÔNG AN", may be NULL */
	char *name;      /* "Trung tướng Nguyễn Văn Long", may be NULL */
};

struct report {
	char *month;   /* "2025-01": the folder name */
	int year, mon; /* 2025, 1 */
	char *dir;     /* the folder, as the user's --content path + "/reports/2025-01" */
	char *md_path; /* dir + "/report.md" */
	char *slug;    /* "bao-cao-thang-01-2025": the PDF is public/2025-01/<slug>.pdf */

	/* front matter */
	char *number; /* "290/BC-TCTTKĐA"; a draft: "/BC-TCTTKĐA" (nothing before the slash) */
	struct date date;
	bool draft;   /* no number, or no day: kept off the public site (report_published) */
	struct textpos number_pos, date_pos, title_pos; /* in report.md */
	char *title;  /* trích yếu */
	char **to;    /* kính gửi */
	size_t n_to;
	struct signer signer;
	char **recipients; /* nơi nhận, one a line */
	size_t n_recipients;
	struct textpos *to_pos, *recipients_pos; /* [n_to], [n_recipients] */
	struct textpos signer_pos[4];            /* authority, position, title, name */

	/* The body, parsed by cmark-gfm (tables, footnotes) and expanded: {{id}} and
	 * friends are plain text nodes, {{table F.csv}} is a GFM table node (as if written in
	 * Markdown; each cell holds one text node, in which '\n' is a line break: GFM cells
	 * cannot hold LINEBREAK nodes), {{chart id}} is a CMARK_NODE_CUSTOM_BLOCK
	 * whose user data is a struct chart. Owned. */
	cmark_node *doc;

	struct value *values; /* [site->n_indicators], in the order of site->indicators */

	char *source; /* report.md as read (NFC, LF line ends), for locating errors in it */
	/* where each line of source starts (report_index_lines, when source is set), for
	 * report_column: 100 000 errors each counted their lines from the start (quadratic) */
	uint32_t *line_starts;
	size_t n_line_starts;

	/* What the report is made from, for the PDF cache's key (gen/pdf/cache.c): a digest of
	 * report.md and of the tables its body inserts, and the values it shows, per indicator
	 * (USES_* bits, [site->n_indicators], set by the expansion; NULL before). */
	struct digest inputs;
	unsigned char *uses;

	/* The model cache (gen/load/reuse.c): a digest of everything the expansion of this
	 * report depends on, and whether the body was left unparsed because the last build's
	 * inputs and uses could be taken over (doc is NULL then; site_load_bodies parses it). */
	char model_key[33];
	bool body_skipped;
	bool body_warned; /* its body gave warnings: never taken from the model cache, so that a
			   * rebuild warns as the first build did */
	struct digest md_inputs; /* report.md alone: what inputs starts from */

	/* The images the body shows (struct image's names, each once), for the website's
	 * build cache: set by the expansion, or taken from the model cache with the body. */
	char **images;
	size_t n_images;

	/* Warnings found while expanding (figures typed in the prose that the data
	 * contradicts, gen/figures.c): main.c prints them with the others. */
	struct diags warnings;
};

enum {
	USES_VALUE = 1,   /* this report's value: {{id}}, {{id.delta}}, {{chart id}} */
	USES_HISTORY = 2, /* earlier reports' values: {{id.prev}}, {{id.delta}}, {{chart id}} */
};

/* An image the report shows, `![alt](file.png)` alone in its paragraph: read by the expansion
 * from the report's folder (PNG or JPEG, docs/content-format.md) and kept as the user data
 * of its CMARK_NODE_IMAGE, for the backends, which never read a content file. */
enum image_kind { IMAGE_PNG, IMAGE_JPEG };
struct image {
	char *name;          /* the path in the report's folder as written (NFC): the website
			      * publishes it under that name beside the page */
	unsigned char *data; /* the file's bytes */
	size_t len;
	enum image_kind kind;
	int width, height;   /* pixels */
	bool flatten;        /* a PNG with transparency or 16-bit samples: the PDF draws it
			      * composited onto white in 8 bits (PDF/A-1 has no soft masks) */
};
#define IMAGE_MAX_PIXELS 25000000 /* docs/limits.md */
#define IMAGE_MAX_BYTES ((size_t)32 << 20)

/* The user data of a {{chart id}} custom block. */
struct chart {
	size_t indicator; /* index into site->indicators */
	size_t upto;      /* the chart covers site->reports[0..upto] */
};

struct site {
	char *title;
	char *base_url;      /* always ends with '/' */
	char *place;         /* địa danh: "Hà Nội" */
	char *issuer_parent; /* cơ quan chủ quản, may be NULL */
	char *issuer_name;   /* cơ quan ban hành */
	char *issuer_in_text; /* the issuer inside a sentence: "Tổ Công tác triển khai Đề án 06" */
	struct textpos place_pos, issuer_parent_pos, issuer_name_pos, issuer_in_text_pos;

	struct indicator *indicators;
	size_t n_indicators;
	/* indicator_find's hash table of the ids: indexes + 1 (0: empty slot), open addressing,
	 * ind_index_cap a power of two; NULL (a site filled by hand) is searched in turn */
	uint32_t *ind_index;
	size_t ind_index_cap;
	struct report *reports; /* oldest first */
	size_t n_reports;

	char *content_dir; /* as the user gave it */
	bool drafts;       /* `build --drafts`: drafts are published as the other reports */
};

/* Whether site->reports[r] goes on the public site: it is not a draft, or drafts are
 * published (Hugo's convention). An unpublished report is checked as the others, but no
 * page, PDF, list, feed, figure or chart of a published report shows it or its values. */
bool report_published(const struct site *site, size_t r);
/* The nearest published report before (step -1) or after (step 1) report r, or -1. */
long report_published_next(const struct site *site, size_t r, int step);

/* A point of an indicator's series: the value in site->reports[report]. */
struct point {
	size_t report;
	struct decimal number;
};

/* The points of indicator `ind` in reports[0..upto], oldest first, skipping reports without
 * a value and unpublished ones (but for upto itself). Writes at most site->n_reports points
 * into out; returns how many. */
size_t series_points(const struct site *site, size_t ind, size_t upto, struct point *out);

/* The index of the latest published report before `report` that has a value for `ind`, or
 * -1. */
long value_prev(const struct site *site, size_t report, size_t ind);

/* The index of the indicator with this id, or -1. */
long indicator_find(const struct site *site, const char *id, size_t len);
/* Adds indicators[i] (its id set) to indicator_find's hash table: a kpi.csv of 100 000 rows
 * looked each up in turn in 100 000 ids (minutes). */
void indicator_index_add(struct site *site, size_t i);

/* A level-1 heading whose text starts with "Phụ lục" (any case) starts the appendices. */
bool heading_is_appendix(cmark_node *heading);

/* The character column (1-based) in report.md of a cmark byte column on `line`; nodes
 * made by the expansion have no position: use their nearest ancestor's (node_line). */
int report_column(const struct report *r, int line, int byte_col);
/* Indexes the lines of r->source (set) for report_column; report_drop_source frees both. */
void report_index_lines(struct report *r);
void report_drop_source(struct report *r);
/* The line of a node or of its nearest ancestor that has one (at least 1). */
int node_line(cmark_node *node);

/* The concatenated literal text of a node's inline descendants (malloc'd). */
char *node_text(cmark_node *node);

/* A table node made by cmark-gfm's table extension: "table", "table_row"/"table_header",
 * "table_cell" (cmark_node_get_type_string). */
bool node_is(cmark_node *node, const char *type_string);

/* decimal arithmetic and conversion */
struct decimal decimal_sub(struct decimal a, struct decimal b);
int decimal_cmp(struct decimal a, struct decimal b);
double decimal_to_double(struct decimal d);

/* site.yaml's settings, and the indicator catalogue, into a digest: what the build cache's
 * keys (PDFs, pages, the model) take of the site. */
void digest_site_settings(struct digest *h, const struct site *s);
void digest_catalogue(struct digest *h, const struct site *s);
/* a report's value of every indicator of the catalogue, with its note */
void digest_report_values(struct digest *h, const struct site *s, const struct report *rep);

#endif
