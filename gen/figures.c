/* figures.c — figures in the prose checked against the data (figures.h says what; the
 * rules, with an example of each warning, are in docs/content-format.md).
 *
 * Each block of text (a paragraph, a heading, a table cell, a footnote) is flattened into
 * one string, emphasis and links dropped, with a map back to the text nodes it came from
 * (struct flat): so a figure's place in report.md is known, and whether a reference made it.
 * The figures of the string are read (scan), then each kind of warning looks at them. */
#include "figures.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text.h"
#include "util.h"
#include "vn.h"

/* ---- what the expansion records ---- */

void figure_refs_add(struct figure_refs *refs, struct figure_ref ref)
{
	if (refs->n == refs->cap) {
		refs->cap = refs->cap ? 2 * refs->cap : 32;
		refs->v = xrealloc(refs->v, refs->cap * sizeof *refs->v);
	}
	refs->v[refs->n++] = ref;
}

void figure_refs_add_table(struct figure_refs *refs, cmark_node *table, char *path,
			   size_t n_rows, size_t n_cols, const int *lines, const int *cols)
{
	refs->tables = xrealloc(refs->tables, (refs->n_tables + 1) * sizeof *refs->tables);
	struct figure_table *t = &refs->tables[refs->n_tables++];
	t->table = table;
	t->path = path;
	t->n_rows = n_rows;
	t->n_cols = n_cols;
	t->lines = xmalloc((n_rows ? n_rows : 1) * sizeof *t->lines);
	t->cols = xmalloc((n_rows && n_cols ? n_rows * n_cols : 1) * sizeof *t->cols);
	if (n_rows)
		memcpy(t->lines, lines, n_rows * sizeof *lines);
	if (n_rows && n_cols)
		memcpy(t->cols, cols, n_rows * n_cols * sizeof *cols);
}

void figure_refs_free(struct figure_refs *refs)
{
	for (size_t i = 0; i < refs->n_tables; i++) {
		free(refs->tables[i].path);
		free(refs->tables[i].lines);
		free(refs->tables[i].cols);
	}
	free(refs->tables);
	free(refs->v);
	free(refs->ignores);
	memset(refs, 0, sizeof *refs);
}

/* ---- characters and words ---- */

static int32_t cp_at(const char *s, size_t n, size_t i, int *len)
{
	int32_t cp = 0;
	int k = i < n ? text_decode(s + i, n - i, &cp) : -1;
	if (k < 1) {
		*len = 1;
		return -1;
	}
	*len = k;
	return cp;
}

static bool cp_letter(int32_t cp)
{
	if (cp < 0)
		return false;
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	if ((cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1EA0 && cp <= 0x1EF9) ||
	    (cp >= 0x300 && cp < 0x370))
		return true; /* Vietnamese letters and combining marks */
	utf8proc_category_t k = utf8proc_category(cp);
	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
	       (k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool letter_at(const char *s, size_t n, size_t i)
{
	int k;
	return i < n && cp_letter(cp_at(s, n, i, &k));
}

static bool alnum_at(const char *s, size_t n, size_t i)
{
	return i < n && (is_digit(s[i]) || letter_at(s, n, i));
}

/* The start of the character that ends just before i. */
static size_t back1(const char *s, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static bool letter_before(const char *s, size_t n, size_t i)
{
	return i > 0 && letter_at(s, n, back1(s, i));
}

static bool alnum_before(const char *s, size_t n, size_t i)
{
	return i > 0 && alnum_at(s, n, back1(s, i));
}

/* A lower-case copy with the same byte offsets (a character whose lower case has another
 * length is kept as it is: none in Vietnamese). ASCII and the Vietnamese capitals are done
 * here; utf8proc only for the rest of the capitals outside them. */
static char *lower_copy(const char *s, size_t n)
{
	char *o = xmalloc(n + 1);
	memcpy(o, s, n);
	o[n] = 0;
	unsigned char *u = (unsigned char *)o;
	for (size_t i = 0; i < n;) {
		unsigned char b = u[i];
		if (b < 0x80) {
			if (b >= 'A' && b <= 'Z')
				u[i] = (unsigned char)(b + 32);
			i++;
			continue;
		}
		int k;
		int32_t cp = cp_at(s, n, i, &k);
		if (cp >= 0x1EA0 && cp <= 0x1EF9) { /* Ạ..ỹ: capitals even, the small letter next */
			if (!(cp & 1)) {
				cp++;
				u[i + 2] = (unsigned char)(0x80 | (cp & 0x3F));
				u[i + 1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
			}
		} else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) { /* À..Þ */
			u[i + 1] = (unsigned char)(u[i + 1] + 0x20);
		} else if (cp == 0x102 || cp == 0x110 || cp == 0x128 || cp == 0x168 || cp == 0x1A0 || cp == 0x1AF) {
			cp++; /* Ă Đ Ĩ Ũ Ơ Ư */
			u[i] = (unsigned char)(0xC0 | (cp >> 6));
			u[i + 1] = (unsigned char)(0x80 | (cp & 0x3F));
		} else if (cp > 0x7F && (cp < 0x1E00 || cp > 0x1EFF) && !(cp >= 0xDF && cp < 0x100)) {
			int32_t lo = utf8proc_tolower(cp);
			utf8proc_uint8_t enc[4];
			if (lo != cp && utf8proc_encode_char(lo, enc) == k)
				memcpy(o + i, enc, (size_t)k);
		}
		i += (size_t)k;
	}
	return o;
}

static bool space_at(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return false;
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
		return true;
	return (unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0;
}

static size_t skip_sp(const char *s, size_t n, size_t i)
{
	while (space_at(s, n, i))
		i += s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ? 1 : 2;
	return i;
}

/* Spaces and the marks around a figure that do not change it ("**", "_", quotes). */
static size_t skip_sp_back(const char *s, size_t i)
{
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n'))
		i--;
	while (i >= 2 && (unsigned char)s[i - 2] == 0xC2 && (unsigned char)s[i - 1] == 0xA0)
		i -= 2;
	return i;
}

/* low[i..] is the words w, ending at a word boundary. */
static bool word_at(const char *low, size_t n, size_t i, const char *w)
{
	size_t k = strlen(w);
	return i + k <= n && memcmp(low + i, w, k) == 0 && !alnum_at(low, n, i + k);
}

/* The words w end just before i (spaces skipped), starting at a word boundary. Returns
 * where they start, or (size_t)-1. */
static size_t words_before(const char *low, size_t n, size_t i, const char *w)
{
	size_t j = skip_sp_back(low, i), k = strlen(w);
	if (j < k || memcmp(low + j - k, w, k) != 0 || alnum_before(low, n, j - k))
		return (size_t)-1;
	return j - k;
}

static bool is_before(const char *low, size_t n, size_t i, const char *w)
{
	return words_before(low, n, i, w) != (size_t)-1;
}

/* The end of the word (letters) at i. */
static size_t word_end(const char *s, size_t n, size_t i)
{
	while (i < n) {
		int k;
		if (!cp_letter(cp_at(s, n, i, &k)))
			break;
		i += (size_t)k;
	}
	return i;
}

static bool in_list(const char *w, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == len && memcmp(*list, w, len) == 0)
			return true;
	return false;
}

/* ---- the words around figures ---- */

/* Nouns of several words that follow a figure as its unit; the longest that matches is the
 * unit, else the first word. */
static const char *const compound_units[] = {
	"tỉnh, thành phố", "tỉnh/thành phố", "bộ, cơ quan ngang bộ", "bộ, ngành", "bộ, cơ quan",
	"sở, ban, ngành", "sở, ngành", "thị xã", "thị trấn",
	"cơ sở dữ liệu", "thủ tục hành chính", "trường thông tin", "đơn vị hành chính",
	"tổ chức tín dụng", "hộ kinh doanh", "điểm phần trăm", "hồ sơ", "nhiệm vụ", "tài khoản",
	"địa phương", "cơ quan", "đơn vị", "thủ tục", "dịch vụ", "yêu cầu", "tiện ích",
	"thông tin", "dữ liệu", "doanh nghiệp", "tổ chức", "văn bản", "ý kiến", "thành phố",
	"giao dịch", "hóa đơn", "trường hợp", "đối tượng", "cán bộ", "công dân", "thửa đất",
	"nội dung", "phần mềm", "bệnh viện", "ngân hàng", "nghị định", "quyết định", "thông tư",
	"nghị quyết", "chỉ thị", "tập đoàn", "cơ sở", "người dân", "giấy tờ", "nhà thuốc",
	"học sinh", "sinh viên", "lao động", "mô hình", "giải pháp", "hệ thống", "lượt truy cập",
	"ngày đêm", "nhà cung cấp", "cục nghiệp vụ", NULL};

/* Units that name the same things: the first of each group is the one kept. */
static const char *const unit_same[][6] = {
	{"địa phương", "tỉnh", "thành phố", "tỉnh, thành phố", "tỉnh/thành phố", NULL},
	{"bộ, ngành", "bộ", "ngành", "bộ, cơ quan", "bộ, cơ quan ngang bộ", NULL},
};

/* The first word after a figure that is not a unit. */
static const char *const not_units[] = {
	"và", "của", "so", "trong", "đã", "là", "tại", "với", "được", "đến", "từ", "trên",
	"dưới", "hơn", "khoảng", "cho", "theo", "thì", "mà", "nhưng", "hoặc", "hay", "các",
	"những", "này", "đó", "kể", "vào", "ra", "lên", "xuống", "về", "cũng", "sẽ", "đang",
	"chưa", "không", "có", "đạt", "chiếm", "bằng", "tương", "ở", "do", "nên", "vẫn", "còn",
	"gồm", "trước", "sau", "nay", "khi", "để", "bị", "thuộc", "như", "mỗi", "trở", NULL};

/* Time, age and the like: figures, but not things a list could count. */
static const char *const time_units[] = {"ngày", "tháng", "năm", "giờ", "phút", "giây", "tuần",
					 "quý", "lần", "ngày đêm", "tuổi", "kỳ", NULL};

/* Nouns that count named things ("33 địa phương[^7]: …"). */
static const char *const collective_units[] = {
	"địa phương", "bộ, ngành", "cơ quan", "đơn vị", "tổ chức", "doanh nghiệp", "ngân hàng",
	"bệnh viện", "cục", "sở", "sở, ngành", "sở, ban, ngành", "huyện", "thị xã", "thị trấn", "xã", "quận", "tập đoàn", "nước", "quốc gia",
	"nhiệm vụ", "đơn vị hành chính", "tổ chức tín dụng", "nhà cung cấp", "cục nghiệp vụ",
	NULL};

/* Words before a number that make it an identifier, not a figure: "ngày 15", "Điều 35",
 * "kỳ họp thứ 9", "Thông tư 12", "mức độ 2". */
static const char *const id_words[] = {
	"ngày", "tháng", "năm", "quý", "thứ", "điều", "khoản", "mục", "lần", "đợt", "vòng",
	"khóa", "khoá", "luật", "mẫu", "bảng", "biểu", "phòng", "tầng", "lớp",
	"ấp", "thôn", "phường", "quận", "câu", "trang", "dòng", "cột", "chương", "hiệu", "điểm",
	"thông tư", "nghị định", "quyết định", "nghị quyết", "chỉ thị", "công văn", "văn bản",
	"kế hoạch", "thông báo", "tờ trình", "công điện", "chương trình", "đề án", "dự án",
	"phiên bản", "mức độ", "cấp độ", "giai đoạn", "phụ lục", "kỳ họp", "hội nghị", "phiên",
	"hình", NULL};

static const char *const qual_above[] = {"ít nhất", "tối thiểu", "hơn", "trên", "vượt", NULL};
static const char *const qual_below[] = {"chưa đến", "chưa tới", "chưa đầy", "không quá",
					 "tối đa", "dưới", NULL};
static const char *const qual_about[] = {"khoảng chừng", "ước tính", "ước đạt", "xấp xỉ",
					 "khoảng", "chừng", "ước", "gần", "tới", "trung bình",
					 "bình quân", "hàng", "vài", NULL};

/* Of the list, the words that end just before i; NULL if none. */
static const char *before_any(const char *low, size_t n, size_t i, const char *const *list)
{
	for (; *list; list++)
		if (is_before(low, n, i, *list))
			return *list;
	return NULL;
}

static void unit_canonical(char *u, size_t cap)
{
	for (size_t g = 0; g < sizeof unit_same / sizeof unit_same[0]; g++)
		for (size_t k = 1; unit_same[g][k]; k++)
			if (strcmp(u, unit_same[g][k]) == 0) {
				snprintf(u, cap, "%s", unit_same[g][0]);
				return;
			}
}

/* The unit after position i (where the figure ends), lower case, or "" . `extra`: the
 * catalogue's units. */
static size_t read_unit(const char *low, size_t n, size_t i, const char *const *extra, char *out,
			size_t cap)
{
	out[0] = 0;
	i = skip_sp(low, n, i);
	if (!letter_at(low, n, i))
		return i;
	size_t best = 0;
	for (int pass = 0; pass < 2; pass++) {
		const char *const *list = pass ? compound_units : extra;
		for (; list && *list; list++) {
			size_t k = strlen(*list);
			if (k > best && word_at(low, n, i, *list))
				best = k;
		}
	}
	if (!best)
		best = word_end(low, n, i) - i;
	if (best == 0 || best >= cap || in_list(low + i, best, not_units))
		return i;
	memcpy(out, low + i, best);
	out[best] = 0;
	unit_canonical(out, cap);
	return i + best;
}

/* ---- reading a number ---- */

/* The scale words: "87,9 triệu", "10 nghìn tỷ". */
static const struct {
	const char *word, *norm;
	double factor;
} scales[] = {
	{"nghìn tỷ", "nghìn tỷ", 1e12}, {"ngàn tỷ", "nghìn tỷ", 1e12}, {"triệu tỷ", "triệu tỷ", 1e15},
	{"nghìn", "nghìn", 1e3},	{"ngàn", "nghìn", 1e3},	    {"triệu", "triệu", 1e6},
	{"tỷ", "tỷ", 1e9},		{"tỉ", "tỷ", 1e9},
};

/* Reads digits with thousands dots and a decimal comma at i: returns false when this is no
 * number in Vietnamese notation ("2.1.", "1.5", "12345.678"); *end is past it either way.
 * *int_digits gets the digits without dots, *dec the decimals. */
static bool read_digits(const char *s, size_t n, size_t i, size_t *end, char *int_digits,
			size_t icap, char *dec, size_t dcap)
{
	size_t k = 0, j = i, first = 0;
	bool ok = true;
	while (j < n && is_digit(s[j])) {
		if (k + 1 < icap)
			int_digits[k++] = s[j];
		j++;
		first++;
	}
	while (j + 1 < n && s[j] == '.' && is_digit(s[j + 1])) {
		size_t g = 0;
		while (j + 1 + g < n && is_digit(s[j + 1 + g]))
			g++;
		if (g != 3 || first > 3) {
			ok = false;
			j += 1 + g;
			continue;
		}
		for (size_t q = 0; q < 3; q++)
			if (k + 1 < icap)
				int_digits[k++] = s[j + 1 + q];
		j += 4;
	}
	int_digits[k] = 0;
	size_t d = 0;
	if (j + 1 < n && s[j] == ',' && is_digit(s[j + 1])) {
		j++;
		while (j < n && is_digit(s[j])) {
			if (d + 1 < dcap)
				dec[d++] = s[j];
			j++;
		}
		if (j + 1 < n && (s[j] == '.' || s[j] == ',') && is_digit(s[j + 1])) {
			ok = false; /* 1,234.5 or 1,2,3 */
			while (j < n && (is_digit(s[j]) || s[j] == '.' || s[j] == ','))
				j++;
		}
	}
	dec[d] = 0;
	*end = j;
	return ok && k > 0 && k + 1 < icap;
}

static double digits_value(const char *int_digits, const char *dec)
{
	double v = 0;
	for (const char *p = int_digits; *p; p++)
		v = v * 10 + (*p - '0');
	double f = 0.1;
	for (const char *p = dec; *p; p++, f /= 10)
		v += (*p - '0') * f;
	return v;
}

/* A run of digits is a year when it is 1900-2100 written as is. */
static bool year_like(const char *int_digits, const char *dec)
{
	if (strlen(int_digits) != 4 || dec[0])
		return false;
	int y = atoi(int_digits);
	return y >= 1900 && y <= 2100;
}

enum parse_result { NOT_A_FIGURE, FIGURE };

/* Reads the figure at s[i] (a digit): fills f (start, end, value, unit, …) and *next, where
 * scanning goes on. `low` is the lower-case copy of s; `block_start` where the text
 * starts (its numbering "1.", "2.1." is no figure). */
static enum parse_result parse_at(const char *s, const char *low, size_t n, size_t i,
				  size_t block_start, const char *const *extra, struct figure *f,
				  size_t *next)
{
	memset(f, 0, sizeof *f);
	f->ref = -1;
	f->start = i;
	char id[40], dec[24];
	size_t j;
	bool ok = read_digits(s, n, i, &j, id, sizeof id, dec, sizeof dec);
	*next = j;
	/* what comes right before: a code (A08, C06), a range or a part of a date */
	if (alnum_before(s, n, i))
		return NOT_A_FIGURE;
	if (i > 0 && (s[i - 1] == '/' || s[i - 1] == '.' || s[i - 1] == ','))
		return NOT_A_FIGURE;
	if (i > 0 && (s[i - 1] == '-' || s[i - 1] == ':') && alnum_before(s, n, i - 1))
		return NOT_A_FIGURE; /* COVID-19, 08:30 */
	if (!ok)
		return NOT_A_FIGURE;
	/* what comes right after */
	if (j < n && s[j] == '/') {
		if (j + 1 < n && is_digit(s[j + 1])) {
			char id2[40], dec2[24];
			size_t j2;
			bool ok2 = read_digits(s, n, j + 1, &j2, id2, sizeof id2, dec2, sizeof dec2);
			*next = j2;
			if (!ok2 || dec[0] || dec2[0])
				return NOT_A_FIGURE;
			if (j2 < n && (s[j2] == '/' || s[j2] == '-') && j2 + 1 < n &&
			    alnum_at(s, n, j2 + 1))
				return NOT_A_FIGURE; /* 08/01/2025, 36/2024/QH15 */
			if (alnum_at(s, n, j2))
				return NOT_A_FIGURE;
			double a = digits_value(id, dec), b = digits_value(id2, dec2);
			if (year_like(id2, dec2) && a >= 1 && a <= 12)
				return NOT_A_FIGURE; /* 6/2024 */
			if (a >= 1 && a <= 31 && b >= 1 && b <= 12 &&
			    (is_before(low, n, i, "ngày") || is_before(low, n, i, "đến") ||
			     is_before(low, n, i, "từ")))
				return NOT_A_FIGURE; /* ngày 15/01 */
			if (b <= 0)
				return NOT_A_FIGURE;
			f->fraction = true;
			f->qstart = i;
			f->value = a;
			f->denom = b;
			f->end = j2;
			f->ulp = 0;
			f->sig = (int)strlen(id);
			f->unit_end = read_unit(low, n, j2, extra, f->unit, sizeof f->unit);
			snprintf(f->norm, sizeof f->norm, "%s/%s", id, id2);
			return FIGURE;
		}
		return NOT_A_FIGURE; /* 03/NQ-CP */
	}
	if (j < n && s[j] == '-' && j + 1 < n && alnum_at(s, n, j + 1))
		return NOT_A_FIGURE; /* 57-NQ/TW, 2025-2035 */
	if (j < n && s[j] == ':' && j + 1 < n && is_digit(s[j + 1]))
		return NOT_A_FIGURE; /* 08:30 */
	if (alnum_at(s, n, j))
		return NOT_A_FIGURE; /* 5G */
	/* identifiers: "ngày 15", "(1)", "1." opening a heading */
	size_t wb = skip_sp_back(low, i);
	bool word_before = wb > 0 && letter_before(low, n, wb);
	const char *idw = word_before ? before_any(low, n, i, id_words) : NULL;
	if (idw) {
		bool total = strcmp(idw, "số") == 0 && is_before(low, n, i, "tổng số");
		if (!total)
			return NOT_A_FIGURE;
	}
	if (word_before && is_before(low, n, i, "số") && !is_before(low, n, i, "tổng số"))
		return NOT_A_FIGURE;
	if (skip_sp(s, n, block_start) == i && j < n && (s[j] == '.' || s[j] == ')' || s[j] == '\t'))
		return NOT_A_FIGURE; /* "1. …", "2) …", a pasted row's "3<tab>…" */
	if (i > 0 && s[i - 1] == '(' && j < n && s[j] == ')' && !dec[0])
		return NOT_A_FIGURE;

	/* the figure */
	f->value = digits_value(id, dec);
	f->decimals = (int)strlen(dec);
	size_t lz = strspn(id, "0");
	const char *sig_int = id + lz;
	if (!*sig_int)
		sig_int = id + strlen(id) - 1;
	int sig = (int)strlen(sig_int) + f->decimals;
	if (!f->decimals) { /* trailing zeros of a whole number are not significant */
		size_t t = strlen(sig_int);
		while (t > 1 && sig_int[t - 1] == '0') {
			t--;
			sig--;
		}
	}
	f->sig = sig;
	double factor = 1;
	const char *scale_norm = NULL;
	size_t e = j;
	size_t k = skip_sp(s, n, j);
	if (k < n && s[k] == '%' && k - j <= 1) {
		f->percent = true;
		e = k + 1;
	} else {
		for (size_t q = 0; q < sizeof scales / sizeof scales[0]; q++)
			if (k > j && word_at(low, n, k, scales[q].word)) {
				factor = scales[q].factor;
				scale_norm = scales[q].norm;
				e = k + strlen(scales[q].word);
				break;
			}
	}
	size_t after = skip_sp(s, n, e);
	if (word_at(low, n, after, "điểm phần trăm") || (word_at(low, n, after, "điểm") &&
							  skip_sp(s, n, after + strlen("điểm")) < n &&
							  s[skip_sp(s, n, after + strlen("điểm"))] == '%'))
		f->points = true;
	if (!f->percent && !scale_norm && !f->points && year_like(id, dec) && j - i == 4) {
		char u[48];
		read_unit(low, n, e, extra, u, sizeof u);
		if (!u[0])
			return NOT_A_FIGURE; /* a year */
	}
	f->value *= factor;
	f->ulp = (scale_norm || f->decimals) ? pow(10, -f->decimals) * factor : 1;
	f->end = e;
	*next = e;
	const char *q = NULL;
	if (!word_before)
		;
	else if ((q = before_any(low, n, i, qual_above)))
		f->qual = QUAL_ABOVE;
	else if ((q = before_any(low, n, i, qual_below)))
		f->qual = QUAL_BELOW;
	else if ((q = before_any(low, n, i, qual_about)))
		f->qual = QUAL_ABOUT;
	f->qstart = q ? words_before(low, n, i, q) : i;
	static const char *const change_words[] = {"tăng thêm", "giảm bớt", "giảm đi", "tăng",
						   "giảm", NULL};
	f->change = word_before && before_any(low, n, f->qstart, change_words) != NULL;
	f->unit_end = e;
	if (!f->percent)
		f->unit_end = read_unit(low, n, e, extra, f->unit, sizeof f->unit);
	/* "từ 02 cơ sở dữ liệu trở lên": a bound, not a count */
	if (f->qual == QUAL_EXACT) {
		size_t u = skip_sp(s, n, f->unit_end);
		if (word_at(low, n, u, "trở lên"))
			f->qual = QUAL_ABOVE;
		else if (word_at(low, n, u, "trở xuống"))
			f->qual = QUAL_BELOW;
	}
	snprintf(f->norm, sizeof f->norm, "%s%s%s%s%s%s", *sig_int ? id + lz : "0",
		 f->decimals ? "," : "", dec, scale_norm ? " " : "", scale_norm ? scale_norm : "",
		 f->percent ? "%" : "");
	if (!id[lz])
		snprintf(f->norm, sizeof f->norm, "0%s%s%s%s%s", f->decimals ? "," : "", dec,
			 scale_norm ? " " : "", scale_norm ? scale_norm : "", f->percent ? "%" : "");
	return FIGURE;
}

size_t figures_scan(const char *text, struct figure *out, size_t max)
{
	size_t n = strlen(text), found = 0;
	char *low = lower_copy(text, n);
	for (size_t i = 0; i < n;) {
		if (!is_digit(text[i])) {
			i++;
			continue;
		}
		struct figure f;
		size_t next;
		if (parse_at(text, low, n, i, 0, NULL, &f, &next) == FIGURE && found < max)
			out[found++] = f;
		i = next > i ? next : i + 1;
	}
	free(low);
	return found;
}

/* Warnings of one report: past this many, the text is rather a copy of another report's
 * than a report with a few wrong figures, and the rest is not checked. */
#define MAX_WARNINGS 200

/* ---- a block's text, flattened ---- */

struct seg {
	size_t start, len; /* in the flat text */
	cmark_node *node;  /* its text node; NULL for a space between nodes */
	size_t node_off;   /* where it starts in the node's literal */
	long ref;          /* made by refs->v[ref], or -1 */
};

struct fnmark {
	size_t at; /* where the reference stands in the flat text */
	int ord;   /* the footnote's number: the ord-th definition */
};

struct flat {
	struct buf t;
	char *low;
	struct seg *segs;
	size_t n_segs, cap_segs;
	struct fnmark *fns;
	size_t n_fns;
	cmark_node *block;
	/* a cell of a {{table}}: its place in the CSV file */
	const char *csv_path;
	int csv_line, csv_col;
	struct figure *figs;
	size_t n_figs;
	size_t *sent; /* sentence starts (. ! ? outside parentheses); sent[n_sent] = len */
	size_t n_sent;
	int *depth; /* parenthesis depth before each byte */
};

/* What the checker knows of one indicator in this report. */
struct ind_info {
	bool cur, prev;
	struct decimal cur_d, prev_d;
	double cur_v, prev_v;
	char cur_norm[48], prev_norm[48], cur_plain[48], prev_plain[48];
	char *cur_text, *prev_text; /* as the format writes them */
	char prev_month[16];        /* "12/2024" */
	char unit[48];
	char name[96];              /* shortened for messages */
	char **syl;                 /* the name's words that say what it is, lower case */
	bool *own;                  /* [n_syl]: the word is in no other indicator's name */
	size_t n_syl;
};

struct ctx {
	const struct site *site;
	size_t ri;
	const struct report *r;
	const struct figure_refs *in;
	size_t *order; /* refs by node */
	struct ind_info *ind;
	char **units; /* the catalogue's units in lower case, NULL-terminated */
	cmark_node **defs;  /* footnote definitions, in their order */
	size_t n_defs;
	struct diags out; /* warnings before the ignore comments are applied */
	/* The work is bounded by the size of report.md (a text made to be slow stops the check,
	 * not the build): steps spent, and where it stopped. */
	size_t steps, budget;
	cmark_node *stopped;
	unsigned *kinds;
	int *anchors;
	size_t n_marks, cap_marks;
	bool *total_done; /* scratch */
};

/* Counts k steps of work; true when the budget is spent (or enough warnings are out). */
static bool spend(struct ctx *c, size_t k)
{
	c->steps += k;
	return c->steps > c->budget || c->out.n >= MAX_WARNINGS;
}

static void mark(struct ctx *c, unsigned kind, int anchor)
{
	if (c->n_marks == c->cap_marks) {
		c->cap_marks = c->cap_marks ? 2 * c->cap_marks : 16;
		c->kinds = xrealloc(c->kinds, c->cap_marks * sizeof *c->kinds);
		c->anchors = xrealloc(c->anchors, c->cap_marks * sizeof *c->anchors);
	}
	c->kinds[c->n_marks] = kind;
	c->anchors[c->n_marks++] = anchor;
}

static void add_seg(struct flat *f, const char *s, size_t len, cmark_node *node, size_t off,
		    long ref)
{
	if (!len)
		return;
	if (f->n_segs == f->cap_segs) {
		f->cap_segs = f->cap_segs ? 2 * f->cap_segs : 16;
		f->segs = xrealloc(f->segs, f->cap_segs * sizeof *f->segs);
	}
	f->segs[f->n_segs++] = (struct seg){f->t.len, len, node, off, ref};
	buf_put(&f->t, s, len);
}

/* The first of c->order whose ref is on `node`. */
static size_t first_ref(const struct ctx *c, cmark_node *node)
{
	size_t lo = 0, hi = c->in->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if ((uintptr_t)c->in->v[c->order[mid]].node < (uintptr_t)node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void add_text(struct ctx *c, struct flat *f, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	if (!lit)
		return;
	size_t len = strlen(lit), at = 0;
	for (size_t k = first_ref(c, node); k < c->in->n && c->in->v[c->order[k]].node == node;
	     k++) {
		const struct figure_ref *r = &c->in->v[c->order[k]];
		if (r->out_start < at || r->out_end > len)
			continue;
		add_seg(f, lit + at, r->out_start - at, node, at, -1);
		add_seg(f, lit + r->out_start, r->out_end - r->out_start, node, r->out_start,
			(long)c->order[k]);
		at = r->out_end;
	}
	add_seg(f, lit + at, len - at, node, at, -1);
}

static void flat_inlines(struct ctx *c, struct flat *f, cmark_node *parent)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			add_text(c, f, n);
			break;
		case CMARK_NODE_CODE: /* code is not prose */
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			add_seg(f, " ", 1, NULL, 0, -1);
			break;
		case CMARK_NODE_FOOTNOTE_REFERENCE: {
			const char *l = cmark_node_get_literal(n);
			f->fns = xrealloc(f->fns, (f->n_fns + 1) * sizeof *f->fns);
			f->fns[f->n_fns++] = (struct fnmark){f->t.len, l ? atoi(l) : 0};
			break;
		}
		case CMARK_NODE_HTML_INLINE:
			break;
		default:
			flat_inlines(c, f, n);
		}
	}
}

static void flat_free(struct flat *f)
{
	buf_free(&f->t);
	free(f->low);
	free(f->segs);
	free(f->fns);
	free(f->figs);
	free(f->sent);
	free(f->depth);
	memset(f, 0, sizeof *f);
}

static const struct seg *seg_at(const struct flat *f, size_t at)
{
	size_t lo = 0, hi = f->n_segs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->segs[mid].start + f->segs[mid].len <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->n_segs ? &f->segs[lo] : NULL;
}

static bool typed_at(const struct flat *f, size_t at)
{
	const struct seg *s = seg_at(f, at);
	return !s || s->ref < 0;
}

static void push_fig(struct flat *f, const struct figure *g, size_t *cap)
{
	if (f->n_figs == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		f->figs = xrealloc(f->figs, *cap * sizeof *f->figs);
	}
	f->figs[f->n_figs++] = *g;
}

/* A figure for the text a reference made: its value is the data's, exact. */
static void ref_figure(struct ctx *c, struct flat *f, const struct seg *s, struct figure *g,
		       size_t *next)
{
	const struct figure_ref *r = &c->in->v[s->ref];
	const struct ind_info *I = &c->ind[r->indicator];
	const struct indicator *ind = &c->site->indicators[r->indicator];
	const char *t = f->t.s, *low = f->low;
	size_t n = f->t.len;
	memset(g, 0, sizeof *g);
	g->ref = s->ref;
	g->start = g->qstart = s->start;
	g->end = s->start + s->len;
	*next = g->end;
	g->sig = 18;
	g->percent = ind->format == FORMAT_PERCENT;
	if (r->field == REF_DELTA) {
		g->change = true;
		g->points = g->percent;
		g->percent = false;
		g->value = I->cur_v - I->prev_v;
	} else {
		g->value = r->field == REF_PREV ? I->prev_v : I->cur_v;
		snprintf(g->norm, sizeof g->norm, "%s", r->field == REF_PREV ? I->prev_norm : I->cur_norm);
	}
	if (r->field != REF_DELTA) { /* "14,03 triệu": 2 */
		const char *comma = strchr(g->norm, ',');
		if (comma)
			g->decimals = (int)strspn(comma + 1, "0123456789");
	}
	const char *q;
	if ((q = before_any(low, n, g->start, qual_above)))
		g->qual = QUAL_ABOVE;
	else if ((q = before_any(low, n, g->start, qual_below)))
		g->qual = QUAL_BELOW;
	else if ((q = before_any(low, n, g->start, qual_about)))
		g->qual = QUAL_ABOUT;
	if (q)
		g->qstart = words_before(low, n, g->start, q);
	if (g->end + 1 < n && t[g->end] == '/' && is_digit(t[g->end + 1])) {
		char id[40], dec[24];
		size_t j;
		if (read_digits(t, n, g->end + 1, &j, id, sizeof id, dec, sizeof dec) && !dec[0] &&
		    !alnum_at(t, n, j) && !(j < n && t[j] == '/')) {
			g->fraction = true;
			g->denom = digits_value(id, dec);
			g->end = *next = j;
		}
	}
	g->unit_end = g->end;
	if (!g->percent)
		g->unit_end = read_unit(low, n, g->end, (const char *const *)c->units, g->unit,
					sizeof g->unit);
}

static void flat_finish(struct ctx *c, struct flat *f)
{
	const char *s = f->t.s;
	size_t n = f->t.len, cap = 0;
	f->low = lower_copy(s, n);
	size_t k = 0; /* the segment of i */
	for (size_t i = 0; i < n;) {
		while (k < f->n_segs && f->segs[k].start + f->segs[k].len <= i)
			k++;
		const struct seg *sg = k < f->n_segs ? &f->segs[k] : NULL;
		struct figure g;
		size_t next = i + 1;
		if (sg && sg->ref >= 0 && sg->start == i) {
			ref_figure(c, f, sg, &g, &next);
			push_fig(f, &g, &cap);
		} else if (sg && sg->ref >= 0) {
			next = sg->start + sg->len;
		} else if (is_digit(s[i])) {
			if (parse_at(s, f->low, n, i, 0, (const char *const *)c->units, &g, &next) ==
			    FIGURE)
				push_fig(f, &g, &cap);
		} else {
			while (next < n && !is_digit(s[next]) &&
			       !(sg && next >= sg->start + sg->len))
				next++;
		}
		i = next > i ? next : i + 1;
	}
	/* a table's cells are kept until the table is checked: no room to spare in each (room
	 * for 16 figures and 16 segments was ~3.5 KB a cell, test_limits.py) */
	if (f->n_figs && f->n_figs < cap)
		f->figs = xrealloc(f->figs, f->n_figs * sizeof *f->figs);
	if (f->n_segs && f->n_segs < f->cap_segs) {
		f->segs = xrealloc(f->segs, f->n_segs * sizeof *f->segs);
		f->cap_segs = f->n_segs;
	}
	/* sentences, and the depth of parentheses: only a text with figures needs them */
	if (!f->n_figs) {
		f->sent = xmalloc(2 * sizeof *f->sent);
		f->sent[0] = 0;
		f->sent[1] = n;
		f->n_sent = 1;
		return;
	}
	f->depth = xmalloc((n + 1) * sizeof *f->depth);
	size_t cap_s = 8;
	f->sent = xmalloc(cap_s * sizeof *f->sent);
	f->sent[0] = 0;
	f->n_sent = 1;
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		f->depth[i] = depth;
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		bool end = depth == 0 && (s[i] == '.' || s[i] == '!' || s[i] == '?') &&
			   (i + 1 == n || space_at(s, n, i + 1));
		if (end && s[i] == '.') { /* "TP. Hà Nội" */
			static const char *const abbrev[] = {"tp", "tx", "tt", "ths", "ts", "pgs",
							     "gs", "bs", "ks", "v.v", NULL};
			size_t w = i;
			while (w > 0 && letter_before(f->low, n, w))
				w = back1(f->low, w);
			if (in_list(f->low + w, i - w, abbrev))
				end = false;
		}
		if (end && i + 1 < n) {
			if (f->n_sent + 1 >= cap_s) {
				cap_s *= 2;
				f->sent = xrealloc(f->sent, cap_s * sizeof *f->sent);
			}
			f->sent[f->n_sent++] = i + 1;
		}
	}
	f->depth[n] = depth;
	f->sent = xrealloc(f->sent, (f->n_sent + 1) * sizeof *f->sent);
	f->sent[f->n_sent] = n;
}

/* The sentence around byte `at`: [*a, *b). */
static size_t sentence_index(const struct flat *f, size_t at)
{
	size_t lo = 0, hi = f->n_sent - 1; /* the last k with sent[k] <= at */
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		if (f->sent[mid] <= at)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static void sentence_of(const struct flat *f, size_t at, size_t *a, size_t *b)
{
	size_t k = sentence_index(f, at);
	*a = f->sent[k];
	*b = f->sent[k + 1];
}

/* Builds the flat text of a block whose children are inlines. */
static void flat_block(struct ctx *c, struct flat *f, cmark_node *block)
{
	memset(f, 0, sizeof *f);
	buf_init(&f->t);
	f->block = block;
	flat_inlines(c, f, block);
	flat_finish(c, f);
	spend(c, f->t.len);
}

/* ---- where a figure is ---- */

/* The text of line `line` of report.md, and its length. */
static const char *source_line(const struct report *r, int line, size_t *len)
{
	if (!r->source || line < 1)
		return NULL;
	const char *p = r->source;
	for (int l = 1; l < line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return NULL;
	*len = strcspn(p, "\n");
	return p;
}

/* The place of byte `at` of the flat text in report.md (or in the CSV file of a {{table}}
 * cell): path, line, character column, and the line of report.md that an ignore comment
 * names (for a {{table}}, the line of the reference). */
struct place {
	const char *path;
	int line, col, anchor;
};

static struct place locate(const struct ctx *c, const struct flat *f, size_t at, size_t len)
{
	struct place p = {c->r->md_path, node_line(f->block), 1, 0};
	if (f->csv_path) { /* an ignore comment names the line of the {{table}} */
		cmark_node *t = f->block;
		while (t && !node_is(t, "table"))
			t = cmark_node_parent(t);
		p.path = f->csv_path;
		p.line = f->csv_line;
		p.col = f->csv_col;
		p.anchor = node_line(t ? t : f->block);
		return p;
	}
	const struct seg *s = seg_at(f, at);
	while (s && !s->node && s > f->segs)
		s--;
	if (!s || !s->node) {
		p.anchor = p.line;
		return p;
	}
	int line = cmark_node_get_start_line(s->node), col = cmark_node_get_start_column(s->node);
	if (line <= 0) {
		p.anchor = p.line;
		return p;
	}
	size_t off; /* in the literal as written */
	if (s->ref >= 0) {
		off = c->in->v[s->ref].src_start;
	} else {
		off = s->node_off + (at - s->start);
		size_t k = first_ref(c, s->node);
		long shift = 0;
		for (; k < c->in->n && c->in->v[c->order[k]].node == s->node; k++) {
			const struct figure_ref *r = &c->in->v[c->order[k]];
			if (r->out_end <= off)
				shift += (long)(r->out_end - r->out_start) - (long)(r->src_end - r->src_start);
		}
		off = (size_t)((long)off - shift);
	}
	size_t byte = (size_t)col - 1 + off, ll;
	const char *ln = source_line(c->r, line, &ll);
	/* escapes, entities and the indentation of a continued line move the text: look for
	 * it on its line, nearest to where it should be */
	const char *want = s->ref >= 0 ? "{{" : f->t.s + at;
	size_t wl = s->ref >= 0 ? 2 : len;
	if (ln && wl && (byte + wl > ll || memcmp(ln + byte, want, wl) != 0)) {
		size_t best = (size_t)-1, bestd = (size_t)-1;
		for (size_t i = 0; i + wl <= ll; i++)
			if (memcmp(ln + i, want, wl) == 0) {
				size_t d = i > byte ? i - byte : byte - i;
				if (d < bestd) {
					bestd = d;
					best = i;
				}
			}
		if (best != (size_t)-1)
			byte = best;
	}
	p.line = line;
	p.col = report_column(c->r, line, (int)byte + 1);
	p.anchor = line;
	return p;
}

static struct place fig_place(const struct ctx *c, const struct flat *f, const struct figure *g)
{
	size_t len = g->ref >= 0 ? 0 : g->end - g->start;
	const char *t = f->t.s + g->start;
	size_t k = 0; /* the digits are enough to find it: "87,8" of "87,8 triệu" */
	while (k < len && (is_digit(t[k]) || t[k] == '.' || t[k] == ',' || t[k] == '/'))
		k++;
	return locate(c, f, g->start, k ? k : len);
}

/* The figure's text as written ("87,9 triệu", "6.496"), for messages (malloc'd). */
static char *fig_text(const struct flat *f, const struct figure *g)
{
	return xstrndup(f->t.s + g->start, g->end - g->start);
}

/* ---- intervals: what a figure as written allows ---- */

struct ival {
	double lo, hi;
};

static struct ival fig_ival(const struct figure *g)
{
	double v = g->value, u = g->ulp;
	struct ival r;
	bool rounded = u > 0 && (u != 1 || g->percent || g->decimals);
	if (u == 0)
		r = (struct ival){v, v};
	else if (rounded) /* rounded, or cut: 87,9 triệu is 87 850 000 to 87 999 999 */
		r = (struct ival){v - u / 2, v + u};
	else /* a whole number written out is exact */
		r = (struct ival){v, v};
	switch (g->qual) {
	case QUAL_ABOVE:
		r.hi = INFINITY;
		break;
	case QUAL_BELOW:
		r.lo = -INFINITY;
		break;
	case QUAL_ABOUT:
		r.lo = r.lo - fabs(v) * 0.1;
		r.hi = r.hi + fabs(v) * 0.1;
		break;
	default:
		break;
	}
	return r;
}

static bool overlap(struct ival a, struct ival b)
{
	double eps = 1e-9 * fmax(1, fmax(fabs(a.lo) < INFINITY ? fabs(a.lo) : 1,
					 fabs(b.lo) < INFINITY ? fabs(b.lo) : 1));
	return a.lo <= b.hi + eps && b.lo <= a.hi + eps;
}

/* A value written like `like` ("13,95 triệu" for parts in triệu): malloc'd. */
static char *amount(double v, const struct figure *like, int decimals)
{
	double factor = 1;
	const char *word = "";
	const char *sp = strchr(like->norm, ' ');
	if (sp) {
		for (size_t q = 0; q < sizeof scales / sizeof scales[0]; q++)
			if (strcmp(sp + 1, scales[q].norm) == 0) {
				factor = scales[q].factor;
				word = scales[q].norm;
				break;
			}
	}
	if (decimals > 4)
		decimals = 4;
	struct decimal d = {(int64_t)llround(v / factor * pow(10, decimals)), decimals};
	char *num = vn_count(d);
	char *s = xasprintf("%s%s%s%s", num, *word ? " " : "", word, like->percent ? "%" : "");
	free(num);
	return s;
}

/* The decimals a figure has in the scale it is written in. */
static int fig_decimals(const struct figure *g)
{
	return g->decimals;
}

/* ---- the indicators ---- */

/* The norm (struct figure) of a value as vn.c writes it: "1.900.482.958" -> "1900482958";
 * "87,9 triệu", "73,03%" stay; a minus sign is dropped (figures are read without one). */
static void norm_of(const char *text, char *out, size_t cap)
{
	size_t k = 0;
	const char *p = text;
	if (*p == '-')
		p++;
	while (*p == '0' && is_digit(p[1]))
		p++;
	for (; *p && k + 1 < cap; p++)
		if (*p != '.')
			out[k++] = *p;
	out[k] = 0;
}

/* Words of a name that do not say what it is. */
static const char *const name_stop[] = {
	"đã", "của", "trên", "các", "và", "số", "được", "tại", "với", "cho", "từ", "ngày", "về",
	"có", "theo", "trong", "vào", "đến", "tổng", "những", "là", "một", "sự", "việc", NULL};

struct syl_ref {
	const char *word;
	size_t indicator, index;
};

static int syl_cmp(const void *a, const void *b)
{
	return strcmp(((const struct syl_ref *)a)->word, ((const struct syl_ref *)b)->word);
}

static void ind_setup(struct ctx *c)
{
	const struct site *s = c->site;
	c->ind = xcalloc(s->n_indicators + 1, sizeof *c->ind);
	c->units = xcalloc(s->n_indicators + 1, sizeof *c->units);
	size_t nu = 0;
	for (size_t k = 0; k < s->n_indicators; k++) {
		const struct indicator *ind = &s->indicators[k];
		struct ind_info *I = &c->ind[k];
		const struct value *v = &c->r->values[k];
		if (v->present) {
			I->cur = true;
			I->cur_d = v->number;
			I->cur_v = decimal_to_double(v->number);
			I->cur_text = vn_format(v->number, ind->format);
			norm_of(I->cur_text, I->cur_norm, sizeof I->cur_norm);
			char *plain = vn_count(v->number);
			norm_of(plain, I->cur_plain, sizeof I->cur_plain);
			free(plain);
		}
		long pi = value_prev(s, c->ri, k);
		if (pi >= 0) {
			const struct report *pr = &s->reports[pi];
			I->prev = true;
			I->prev_d = pr->values[k].number;
			I->prev_v = decimal_to_double(I->prev_d);
			I->prev_text = vn_format(I->prev_d, ind->format);
			norm_of(I->prev_text, I->prev_norm, sizeof I->prev_norm);
			char *plain = vn_count(I->prev_d);
			norm_of(plain, I->prev_plain, sizeof I->prev_plain);
			free(plain);
			snprintf(I->prev_month, sizeof I->prev_month, "%02d/%d", pr->mon, pr->year);
		}
		char *low = lower_copy(ind->unit, strlen(ind->unit));
		snprintf(I->unit, sizeof I->unit, "%s", low);
		unit_canonical(I->unit, sizeof I->unit);
		if (low[0] && !in_list(low, strlen(low), compound_units))
			c->units[nu++] = low;
		else
			free(low);
		/* "Thẻ Căn cước công dân gắn chip đã cấp" -> «Thẻ Căn cước công dân gắn chip…»:
		 * about 30 characters, cut between words */
		size_t nl = strlen(ind->name), cut = nl, chars = 0;
		for (size_t i = 0; i < nl; i++)
			if (((unsigned char)ind->name[i] & 0xC0) != 0x80 && ++chars > 32) {
				cut = i;
				while (cut > 0 && ind->name[cut] != ' ')
					cut--;
				break;
			}
		snprintf(I->name, sizeof I->name, "%.*s%s", (int)cut, ind->name, cut < nl ? "…" : "");
		char *nlow = lower_copy(ind->name, nl);
		for (size_t i = 0; i < nl;) {
			if (!letter_at(nlow, nl, i)) {
				i++;
				continue;
			}
			size_t e = word_end(nlow, nl, i);
			if (!in_list(nlow + i, e - i, name_stop)) {
				I->syl = xrealloc(I->syl, (I->n_syl + 1) * sizeof *I->syl);
				I->syl[I->n_syl++] = xstrndup(nlow + i, e - i);
			}
			i = e;
		}
		free(nlow);
	}
	/* the words that tell an indicator from the others ("Tốt" from "Khá"): all the words,
	 * sorted, and a word is its indicator's own when no other indicator's sits beside it */
	size_t total = 0;
	for (size_t k = 0; k < s->n_indicators; k++)
		total += c->ind[k].n_syl;
	struct syl_ref *all = xmalloc((total + 1) * sizeof *all);
	size_t m = 0;
	for (size_t k = 0; k < s->n_indicators; k++) {
		c->ind[k].own = xcalloc(c->ind[k].n_syl + 1, sizeof *c->ind[k].own);
		for (size_t i = 0; i < c->ind[k].n_syl; i++)
			all[m++] = (struct syl_ref){c->ind[k].syl[i], k, i};
	}
	qsort(all, m, sizeof *all, syl_cmp);
	for (size_t a = 0; a < m;) {
		size_t b = a;
		bool shared = false;
		while (b < m && strcmp(all[b].word, all[a].word) == 0) {
			shared = shared || all[b].indicator != all[a].indicator;
			b++;
		}
		for (size_t q = a; q < b; q++)
			c->ind[all[q].indicator].own[all[q].index] = !shared;
		a = b;
	}
	free(all);
}

static void ind_free(struct ctx *c)
{
	for (size_t k = 0; c->ind && k < c->site->n_indicators; k++) {
		struct ind_info *I = &c->ind[k];
		free(I->cur_text);
		free(I->prev_text);
		for (size_t i = 0; i < I->n_syl; i++)
			free(I->syl[i]);
		free(I->syl);
		free(I->own);
	}
	free(c->ind);
	for (size_t i = 0; c->units && c->units[i]; i++)
		free(c->units[i]);
	free(c->units);
}

/* The text [a, b) names indicator k: most of the words of its name are there. */
static bool names_indicator(const struct ctx *c, const char *low, size_t a, size_t b, size_t k)
{
	const struct ind_info *I = &c->ind[k];
	size_t found = 0;
	for (size_t i = 0; i < I->n_syl; i++) {
		size_t w = strlen(I->syl[i]);
		for (size_t p = a; p + w <= b; p++)
			if (low[p] == I->syl[i][0] && memcmp(low + p, I->syl[i], w) == 0 &&
			    !alnum_before(low, b, p) && !alnum_at(low, b, p + w)) {
				found++;
				break;
			}
	}
	return found >= 3 && found * 10 >= I->n_syl * 6;
}

/* [a, b) holds a word that only indicator k's name has, or k's name has none such. */
static bool tells_indicator(const struct ctx *c, const char *low, size_t a, size_t b, size_t k)
{
	const struct ind_info *I = &c->ind[k];
	bool any = false;
	for (size_t i = 0; i < I->n_syl; i++) {
		if (!I->own[i])
			continue;
		any = true;
		size_t w = strlen(I->syl[i]);
		for (size_t p = a; p + w <= b; p++)
			if (memcmp(low + p, I->syl[i], w) == 0 && !alnum_before(low, b, p) &&
			    !alnum_at(low, b, p + w))
				return true;
	}
	return !any;
}

/* The clause of a figure: up to the nearest , ; : ( ) around it, within its sentence. */
static void clause_of(const struct flat *f, const struct figure *g, size_t *ca, size_t *cb)
{
	size_t a, b;
	sentence_of(f, g->start, &a, &b);
	*ca = g->qstart;
	*cb = g->end;
	while (*ca > a && !strchr(",;:()", f->low[*ca - 1]))
		(*ca)--;
	while (*cb < b && !strchr(",;:()", f->low[*cb]))
		(*cb)++;
}

static bool unit_of(const struct ctx *c, const struct figure *g, size_t k)
{
	return g->unit[0] && strcmp(g->unit, c->ind[k].unit) == 0;
}

/* A figure unlikely to equal a value by chance: four significant digits, or three of a
 * value in triệu or a percentage. */
static bool distinctive(const struct figure *g)
{
	return g->sig >= 4 || ((g->percent || strchr(g->norm, ' ')) && g->sig >= 3);
}

/* ---- 1 and 2: a value typed by hand ---- */

/* Words of a comparison with an earlier figure ("so với", "từ … lên"): a figure among
 * them may well be last month's on purpose. */
static bool comparison_near(const struct flat *f, const struct figure *g, const char *prev_month)
{
	const char *low = f->low;
	size_t n = f->t.len, a, b;
	sentence_of(f, g->start, &a, &b);
	/* the clause: up to the nearest , ; : ( ) on either side */
	size_t ca = g->qstart, cb = g->end;
	while (ca > a && !strchr(",;:()", low[ca - 1]))
		ca--;
	while (cb < b && !strchr(",;:()", low[cb]))
		cb++;
	static const char *const marks[] = {"so với", "cùng kỳ", "tháng trước", "kỳ trước",
					    "trước đó", "báo cáo trước", NULL};
	for (size_t p = ca; p < cb; p++)
		for (const char *const *m = marks; *m; m++)
			if (word_at(low, n, p, *m) && !alnum_before(low, n, p))
				return true;
	/* the figure's clause names the previous report's month ("(366.719 hồ sơ của tháng
	 * 12/2024)"), or the sentence opens with it ("Tháng 12/2024, …"): not a month named
	 * after the figure, nor within another figure's parentheses ("… (tăng 840 nghìn so với
	 * tháng 02/2025)"), which compare that other figure */
	const char *pmz = prev_month[0] == '0' ? prev_month + 1 : prev_month;
	for (size_t p = a; p < b && prev_month[0]; p++)
		for (int z = 0; z < 2; z++) {
			const char *m = z ? pmz : prev_month;
			size_t k = strlen(m);
			if (p + k <= b && memcmp(low + p, m, k) == 0 && !alnum_at(low, n, p + k) &&
			    !(p > 0 && (is_digit(low[p - 1]) || low[p - 1] == '/')) &&
			    ((p >= ca && p < cb) || (p < g->qstart && f->depth && f->depth[p] == 0)))
				return true;
		}
	return is_before(low, n, g->qstart, "từ") || is_before(low, n, g->qstart, "lên từ");
}

static void check_values(struct ctx *c, const struct flat *f, const char *context_low,
			 size_t ctx_len)
{
	if (!f->n_figs)
		return;
	for (size_t i = 0; i < f->n_figs; i++) {
		const struct figure *g = &f->figs[i];
		if (spend(c, c->site->n_indicators))
			return;
		if (g->ref >= 0 || g->fraction || g->change || g->points || !g->norm[0])
			continue;
		size_t a, b;
		sentence_of(f, g->start, &a, &b);
		const char *low = context_low ? context_low : f->low;
		if (context_low) {
			a = 0;
			b = ctx_len;
		}
		for (size_t k = 0; k < c->site->n_indicators; k++) {
			const struct ind_info *I = &c->ind[k];
			const struct indicator *ind = &c->site->indicators[k];
			if (!I->cur)
				continue;
			bool pct = ind->format == FORMAT_PERCENT;
			bool is_cur = strcmp(g->norm, I->cur_norm) == 0 ||
				      (!pct && strcmp(g->norm, I->cur_plain) == 0);
			bool is_prev = !is_cur && I->prev && strcmp(I->prev_norm, I->cur_norm) != 0 &&
				       (strcmp(g->norm, I->prev_norm) == 0 ||
					(!pct && strcmp(g->norm, I->prev_plain) == 0));
			if (!is_cur && !is_prev)
				continue;
			if (pct != g->percent)
				continue;
			size_t ca = a, cb = b;
			if (!context_low)
				clause_of(f, g, &ca, &cb);
			/* the sentence names it, and a figure that could be there by chance has its
			 * own clause tell it from the others ("03 địa phương Tốt, 28 địa phương Khá") */
			bool named = names_indicator(c, low, a, b, k) &&
				     (distinctive(g) || tells_indicator(c, low, ca, cb, k));
			struct place p = fig_place(c, f, g);
			char *txt = fig_text(f, g);
			if (is_prev && (distinctive(g) || named) && !comparison_near(f, g, I->prev_month)) {
				diag_warn(&c->out, p.path, p.line, p.col,
					  "%s is the %s value of «%s»; this month's is %s: write {{%s}} "
					  "[stale]",
					  txt, I->prev_month, I->name, I->cur_text, ind->id);
				mark(c, FIGURE_STALE, p.anchor);
				free(txt);
				break;
			}
			if (is_cur && (named || (distinctive(g) && unit_of(c, g, k)))) {
				diag_warn(&c->out, p.path, p.line, p.col,
					  "%s is this month's value of «%s», typed by hand: write {{%s}} "
					  "so that it follows the data [current]",
					  txt, I->name, ind->id);
				mark(c, FIGURE_CURRENT, p.anchor);
				free(txt);
				break;
			}
			free(txt);
		}
	}
}

/* ---- 3: a change typed by hand ---- */

/* What the change after "tăng"/"giảm" is measured against: true when that is the previous
 * report (named, or left unsaid), false for "so với cùng kỳ", another month, a plan. */
static bool against_previous(const struct flat *f, size_t from, size_t to, const char *prev_month)
{
	const char *low = f->low;
	size_t n = f->t.len;
	for (size_t p = from; p < to; p++) {
		if (word_at(low, n, p, "cùng kỳ") || word_at(low, n, p, "đầu năm"))
			return false;
		if (!word_at(low, n, p, "so với") || alnum_before(low, n, p))
			continue;
		size_t q = skip_sp(low, n, p + strlen("so với"));
		static const char *const prev_words[] = {"tháng trước", "kỳ trước", "lần trước",
							 "báo cáo trước", "kỳ báo cáo trước", NULL};
		for (const char *const *w = prev_words; *w; w++)
			if (word_at(low, n, q, *w))
				return true;
		if (word_at(low, n, q, "cuối"))
			q = skip_sp(low, n, q + strlen("cuối"));
		if (word_at(low, n, q, "tháng"))
			q = skip_sp(low, n, q + strlen("tháng"));
		/* "12/2024" or "thời điểm …": the previous report's month, or another base */
		size_t pm = strlen(prev_month);
		const char *pmz = prev_month[0] == '0' ? prev_month + 1 : prev_month;
		size_t pmzl = strlen(pmz);
		if ((pm && q + pm <= n && memcmp(low + q, prev_month, pm) == 0 && !alnum_at(low, n, q + pm)) ||
		    (pmzl && q + pmzl <= n && memcmp(low + q, pmz, pmzl) == 0 && !alnum_at(low, n, q + pmzl)))
			return true;
		return false;
	}
	return true;
}

static void check_changes(struct ctx *c, const struct flat *f)
{
	if (!f->n_figs)
		return;
	const char *low = f->low;
	size_t n = f->t.len;
	for (size_t p = 0; p < n; p++) {
		if (low[p] != 't' && low[p] != 'g')
			continue;
		bool up = word_at(low, n, p, "tăng"), down = !up && word_at(low, n, p, "giảm");
		if ((!up && !down) || alnum_before(low, n, p) || !typed_at(f, p))
			continue;
		size_t q = skip_sp(low, n, p + strlen(up ? "tăng" : "giảm"));
		static const char *const level_words[] = {"lên", "xuống", "còn", "từ", "gấp", "đến",
							  "trưởng", NULL};
		size_t we = word_end(low, n, q);
		if (in_list(low + q, we - q, level_words))
			continue; /* "tăng lên 87,9 triệu": a level, not a change */
		/* the figure right after, past "thêm" and a qualifier */
		const struct figure *g = NULL;
		for (size_t i = 0; i < f->n_figs; i++) {
			const struct figure *h = &f->figs[i];
			if (h->start < q)
				continue;
			size_t gap = h->qstart;
			size_t t = q;
			if (word_at(low, n, t, "thêm") || word_at(low, n, t, "bớt") || word_at(low, n, t, "đi"))
				t = skip_sp(low, n, word_end(low, n, t));
			if (gap == t && h->ref < 0)
				g = h;
			break;
		}
		if (spend(c, f->n_figs) || !g || g->fraction)
			continue;
		if (word_at(low, n, skip_sp(low, n, g->end), "lần"))
			continue;
		/* the sentence, up to a ';' (clauses of several indicators) */
		size_t a, b;
		sentence_of(f, p, &a, &b);
		size_t ca = p, cb = g->end;
		while (ca > a && !(low[ca - 1] == ';' && f->depth[ca - 1] == 0))
			ca--;
		while (cb < b && !(low[cb] == ';' && f->depth[cb] == 0))
			cb++;
		/* the reference it speaks of: a value reference in the clause, the nearest before
		 * (else after), of the same unit */
		long best = -1, other = -1;
		size_t best_d = (size_t)-1;
		for (size_t i = 0; i < f->n_figs; i++) {
			const struct figure *h = &f->figs[i];
			if (h->ref < 0 || h->start < ca || h->start >= cb)
				continue;
			const struct figure_ref *r = &c->in->v[h->ref];
			if (r->field != REF_VALUE)
				continue;
			size_t k = r->indicator;
			const struct ind_info *I = &c->ind[k];
			if (!I->cur || !I->prev)
				continue;
			bool has_delta = false; /* {{id.delta}} in the clause: the typed change is another */
			if (spend(c, f->n_figs))
				return;
			for (size_t j = 0; j < f->n_figs; j++) {
				const struct figure *d = &f->figs[j];
				if (d->ref >= 0 && d->start >= ca && d->start < cb &&
				    c->in->v[d->ref].field == REF_DELTA && c->in->v[d->ref].indicator == k)
					has_delta = true;
			}
			if (has_delta)
				continue;
			bool pct = c->site->indicators[k].format == FORMAT_PERCENT;
			if (g->points && !pct)
				continue;
			if (g->percent && !g->points && pct)
				continue; /* "tăng 2%" of a percentage: points or relative? */
			if (g->unit[0] && !g->percent && !g->points &&
			    !in_list(g->unit, strlen(g->unit), time_units) && strcmp(g->unit, I->unit) != 0)
				continue;
			if (best >= 0 && c->in->v[f->figs[best].ref].indicator != k)
				other = (long)k;
			size_t d = h->start < p ? p - h->start : (h->start - p) + n; /* before first */
			if (d < best_d) {
				if (best >= 0 && c->in->v[f->figs[best].ref].indicator != k)
					other = (long)c->in->v[f->figs[best].ref].indicator;
				best_d = d;
				best = (long)i;
			}
		}
		int candidates = best < 0 ? 0 : other < 0 ? 1 : 2;
		if (best < 0 || (!g->unit[0] && candidates > 1))
			continue;
		if (!against_previous(f, g->end, cb, c->ind[c->in->v[f->figs[best].ref].indicator].prev_month))
			continue;
		size_t k = c->in->v[f->figs[best].ref].indicator;
		const struct ind_info *I = &c->ind[k];
		const struct indicator *ind = &c->site->indicators[k];
		double delta = I->cur_v - I->prev_v;
		double expect = delta;
		if (g->percent && !g->points) {
			if (I->prev_v == 0)
				continue;
			expect = delta / I->prev_v * 100;
		}
		if (down)
			expect = -expect;
		struct ival iv = fig_ival(g);
		if (overlap(iv, (struct ival){expect, expect}))
			continue;
		struct place pl = fig_place(c, f, g);
		char *said = xstrndup(f->t.s + p, g->end - p);
		char *real;
		if (g->percent && !g->points)
			real = xasprintf("%s %.2f%%", delta >= 0 ? "tăng" : "giảm", fabs(delta / I->prev_v * 100));
		else
			real = vn_delta(decimal_sub(I->cur_d, I->prev_d), ind->format);
		if (g->percent && !g->points) { /* a decimal comma */
			char *dot = strrchr(real, '.');
			if (dot)
				*dot = ',';
		}
		diag_warn(&c->out, pl.path, pl.line, pl.col,
			  "«%s» does not match the data: «%s» went from %s (%s) to %s, %s: write "
			  "{{%s.delta}} [change]",
			  said, I->name, I->prev_text, I->prev_month, I->cur_text, real, ind->id);
		mark(c, FIGURE_CHANGE, pl.anchor);
		free(said);
		free(real);
	}
}

/* ---- 4: a ratio and its percentage ---- */

static void ratio_warn(struct ctx *c, const struct flat *f, const struct figure *frac,
		       const struct figure *pct)
{
	if (frac->denom <= 0)
		return;
	double r = frac->value / frac->denom * 100;
	if (overlap(fig_ival(pct), (struct ival){r, r}))
		return;
	int dec = pct->decimals > 2 ? pct->decimals : 2;
	struct figure like = {.percent = true};
	char *real = amount(r, &like, dec);
	/* trailing zeros of the decimals say nothing: 71,00% -> 71% */
	char *pc = strchr(real, '%'), *comma = strchr(real, ',');
	if (comma && pc) {
		char *e = pc;
		while (e > comma + 1 && e[-1] == '0')
			e--;
		if (e == comma + 1)
			e = comma;
		memmove(e, pc, strlen(pc) + 1);
	}
	char *ft = xstrndup(f->t.s + frac->start, frac->end - frac->start);
	char *sp = strchr(ft, ' '); /* "54/76 dịch vụ": the fraction alone */
	if (sp && frac->ref < 0)
		*sp = 0;
	char *pt = fig_text(f, pct);
	struct place pl = fig_place(c, f, pct);
	diag_warn(&c->out, pl.path, pl.line, pl.col, "%s is %s, not %s [ratio]", ft, real, pt);
	mark(c, FIGURE_RATIO, pl.anchor);
	free(real);
	free(ft);
	free(pt);
}

static void check_ratios(struct ctx *c, const struct flat *f)
{
	if (!f->n_figs)
		return;
	const char *low = f->low, *s = f->t.s;
	size_t n = f->t.len;
	static const char *const lead[] = {"đạt", "chiếm", "bằng", "tương đương", "tỷ lệ", "tỉ lệ",
					   "đạt tỷ lệ", "=", NULL};
	for (size_t i = 0; i + 1 < f->n_figs; i++) {
		const struct figure *g = &f->figs[i], *h = &f->figs[i + 1];
		if (sentence_index(f, g->start) != sentence_index(f, h->start))
			continue;
		bool semi = false;
		if (spend(c, h->qstart - g->end + 1))
			return;
		for (size_t p = g->end; p < h->qstart; p++)
			semi = semi || s[p] == ';';
		if (semi || h->qstart - g->end > 120)
			continue;
		/* N/M … (P%)  or  N/M …, đạt P% */
		if (g->fraction && h->percent && !h->change) {
			bool paren = false;
			for (size_t p = g->end; p < h->qstart; p++)
				if (s[p] == '(')
					paren = true;
				else if (s[p] == ')')
					paren = false;
			if (paren || before_any(low, n, h->qstart, lead))
				ratio_warn(c, f, g, h);
		}
		/* P% (N/M …), or P% and the few words it counts: "72,7% bộ, ngành (18/22)" */
		if (h->fraction && g->percent && !g->change) {
			size_t q = skip_sp(s, n, g->end), words = 0;
			bool word = false;
			while (q < n && s[q] != '(' && words <= 4 && !is_digit(s[q]) &&
			       !strchr(".;:!?)[]{}", s[q])) {
				bool letter = s[q] != ' ' && s[q] != ',';
				words += letter && !word;
				word = letter;
				q++;
			}
			if (q < n && s[q] == '(' && words <= 4 && skip_sp(s, n, q + 1) == h->qstart)
				ratio_warn(c, f, h, g);
		}
	}
}

/* ---- 5: totals ---- */

/* A figure that may be a part or a total: a number of things, not a change, a ratio, a
 * percentage or a time. */
static bool amount_fig(const struct figure *g)
{
	return !g->change && !g->fraction && !g->percent && !g->points && g->unit[0] &&
	       !in_list(g->unit, strlen(g->unit), time_units);
}

struct part {
	const struct flat *f;
	const struct figure *g;
};

/* Warns at the total when the parts cannot add up to it (exhaustive: "gồm"), or add up to
 * more than it (`within`: "trong đó", a colon). */
static void sum_check(struct ctx *c, const struct flat *tf, const struct figure *total,
		      const struct part *parts, size_t np, bool within)
{
	if (np < 2)
		return;
	struct ival sum = {0, 0};
	double v = 0;
	int dec = fig_decimals(total);
	for (size_t i = 0; i < np; i++) {
		struct ival iv = fig_ival(parts[i].g);
		sum.lo += iv.lo;
		sum.hi += iv.hi;
		v += parts[i].g->value;
		if (fig_decimals(parts[i].g) > dec)
			dec = fig_decimals(parts[i].g);
	}
	struct ival t = fig_ival(total);
	if (within ? !(sum.lo > t.hi + 1e-9 * fmax(1, fabs(t.hi))) : overlap(sum, t))
		return;
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < np; i++) {
		if (i == 6 && np > 7) {
			buf_puts(&b, " + …");
			i = np - 1;
		}
		char *pt = xstrndup(parts[i].f->t.s + parts[i].g->start,
				    parts[i].g->end - parts[i].g->start);
		buf_printf(&b, "%s%s", i ? " + " : "", pt);
		free(pt);
	}
	char *st = amount(v, total, dec), *tt = fig_text(tf, total);
	/* at the total; at the first part when the total is the data's ({{id}}) and the parts
	 * were typed: what to fix is there */
	struct place p = total->ref >= 0 && parts[0].g->ref < 0 ? fig_place(c, parts[0].f, parts[0].g)
								: fig_place(c, tf, total);
	if (within)
		diag_warn(&c->out, p.path, p.line, p.col,
			  "the parts %s = %s %s add up to more than the total, %s [total]", b.s, st,
			  total->unit, tt);
	else
		diag_warn(&c->out, p.path, p.line, p.col, "%s = %s %s, but the total says %s [total]",
			  b.s, st, total->unit, tt);
	mark(c, FIGURE_TOTAL, p.anchor);
	free(st);
	free(tt);
	buf_free(&b);
}

static const char *const part_triggers[] = {"bao gồm", "gồm có", "gồm", "trong đó có",
					    "trong đó", NULL};

/* The trigger word at p, or NULL. */
static const char *trigger_at(const struct flat *f, size_t p)
{
	if (alnum_before(f->low, f->t.len, p))
		return NULL;
	for (const char *const *t = part_triggers; *t; t++)
		if (word_at(f->low, f->t.len, p, *t))
			return *t;
	return NULL;
}

/* The nearest amount of unit u that ends at or before `limit`, in the sentence of `limit`
 * (or the one before, when the trigger opens its sentence). */
static const struct figure *total_before(const struct flat *f, size_t limit, const char *u,
					 size_t trigger)
{
	size_t a, b;
	sentence_of(f, trigger, &a, &b);
	if (skip_sp(f->t.s, f->t.len, a) == trigger && a > 0)
		sentence_of(f, a - 1, &a, &b);
	for (size_t i = f->n_figs; i-- > 0;) {
		const struct figure *g = &f->figs[i];
		if (g->end > limit)
			continue;
		if (g->start < a)
			break;
		if (amount_fig(g) && strcmp(g->unit, u) == 0)
			return g;
	}
	return NULL;
}

/* The amounts in [from, to) of the unit of the first one (stopping at a nested trigger). */
static size_t parts_in(const struct flat *f, size_t from, size_t to, struct part *out, size_t max,
		       char *unit, size_t ucap)
{
	for (size_t p = from + 1; p < to; p++)
		if ((f->low[p] == 'g' || f->low[p] == 't' || f->low[p] == 'b') && trigger_at(f, p)) {
			to = p;
			break;
		}
	size_t np = 0;
	unit[0] = 0;
	int depth = -1; /* "815 thôn (… 312 thôn) và 235 thôn": 312 is a part of a part */
	for (size_t i = 0; i < f->n_figs; i++) {
		const struct figure *g = &f->figs[i];
		if (g->qstart < from || g->start >= to)
			continue;
		if (depth >= 0 && f->depth[g->start] != depth)
			continue;
		if (!amount_fig(g)) {
			if (g->change && unit[0] && strcmp(g->unit, unit) == 0)
				return 0; /* "gồm A …, tăng B …": not a breakdown */
			continue;
		}
		if (!unit[0]) {
			snprintf(unit, ucap, "%s", g->unit);
			depth = f->depth[g->start];
		}
		if (strcmp(g->unit, unit) == 0 && np < max)
			out[np++] = (struct part){f, g};
	}
	return np;
}

/* The end of the parenthesis open at p (depth d there), or of the sentence. */
static size_t group_end(const struct flat *f, size_t p)
{
	int d = f->depth[p];
	size_t a, b;
	sentence_of(f, p, &a, &b);
	if (d == 0)
		return b;
	for (size_t i = p; i < f->t.len; i++)
		if (f->t.s[i] == ')' && f->depth[i] == d)
			return i;
	return f->t.len;
}

#define MAX_PARTS 64

static void check_sums(struct ctx *c, const struct flat *f)
{
	if (!f->n_figs)
		return;
	const char *s = f->t.s;
	size_t n = f->t.len;
	struct part parts[MAX_PARTS];
	char unit[48];
	const struct figure *done[16];
	size_t n_done = 0;
	for (size_t p = 0; p < n; p++) {
		char ch = f->low[p];
		if (ch != '(' && ch != ':' &&
		    !(ch == 'g' && (unsigned char)f->low[p + 1] == 0xE1) && /* gồm */
		    !(ch == 't' && f->low[p + 1] == 'r') && !(ch == 'b' && f->low[p + 1] == 'a'))
			continue;
		if (!typed_at(f, p))
			continue;
		const char *t = ch == '(' || ch == ':' ? NULL : trigger_at(f, p);
		bool paren = s[p] == '(';
		if (!t && !paren && s[p] != ':')
			continue;
		size_t from = t ? p + strlen(t) : p + 1;
		size_t to = group_end(f, p);
		if (s[p] == '(') { /* the group itself */
			for (size_t i = p + 1; i < n; i++)
				if (s[i] == ')' && f->depth[i] == f->depth[p] + 1) {
					to = i;
					break;
				}
		}
		if (spend(c, to - from + f->n_figs))
			return;
		size_t np = parts_in(f, from, to, parts, MAX_PARTS, unit, sizeof unit);
		if (np < 2)
			continue;
		/* where the total must end: before the trigger, or before the '(' around it */
		size_t limit = p;
		if (!paren && f->depth[p] > 0)
			for (size_t i = p; i-- > 0;)
				if (s[i] == '(' && f->depth[i] == f->depth[p] - 1) {
					limit = i;
					break;
				}
		const struct figure *total = total_before(f, limit, unit, p);
		if (!total)
			continue;
		bool within = (t && strncmp(t, "trong đó", strlen("trong đó")) == 0) || s[p] == ':';
		if (paren) {
			/* "57 nhiệm vụ (08 nhiệm vụ chung và 49 nhiệm vụ cụ thể)": a figure opens the
			 * group, close after the total; "và" makes it the whole */
			if (parts[0].g->qstart != skip_sp(s, n, p + 1))
				continue;
			size_t words = 0;
			for (size_t i = total->unit_end; i < p; i++)
				if (s[i] == ' ')
					words++;
				else if (strchr(",;:()", s[i]))
					words = 99; /* "Thanh Hóa (5.459 hồ sơ), Hà Nội (…)": no total */
			bool between = false;
			for (size_t i = 0; i < f->n_figs; i++)
				if (f->figs[i].start > total->end && f->figs[i].start < p)
					between = true;
			if (words > 6 || between)
				continue;
			within = true;
			for (size_t i = parts[np - 2].g->end; i < parts[np - 1].g->qstart; i++)
				if (word_at(f->low, n, i, "và") && !alnum_before(f->low, n, i))
					within = false;
		}
		if (s[p] == ':' && words_before(f->low, n, p, "gồm") != (size_t)-1)
			within = false;
		bool seen = false;
		for (size_t i = 0; i < n_done; i++)
			seen = seen || done[i] == total;
		if (seen)
			continue;
		if (n_done < sizeof done / sizeof done[0])
			done[n_done++] = total;
		sum_check(c, f, total, parts, np, within);
	}
}

/* Where the colon that ends a paragraph with figures stands ("… gồm:", "… sau:"), or -1: the
 * paragraphs that announce the list after them. */
static size_t ends_with_colon(const struct flat *f)
{
	if (!f->n_figs)
		return (size_t)-1;
	size_t colon = skip_sp_back(f->t.s, f->t.len);
	if (colon == 0 || f->t.s[colon - 1] != ':')
		return (size_t)-1;
	return colon - 1;
}

/* "còn 51 nhiệm vụ chậm tiến độ, gồm:" and a list whose items hold the parts. */
static void check_list_sum(struct ctx *c, const struct flat *f, cmark_node *list)
{
	size_t colon = ends_with_colon(f);
	if (colon == (size_t)-1)
		return;
	struct part parts[MAX_PARTS];
	size_t np = 0;
	char unit[48] = "";
	struct flat items[MAX_PARTS];
	size_t n_items = 0;
	for (cmark_node *it = cmark_node_first_child(list); it && n_items < MAX_PARTS;
	     it = cmark_node_next(it)) {
		cmark_node *para = cmark_node_first_child(it);
		if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
			continue;
		struct flat *fi = &items[n_items++];
		flat_block(c, fi, para);
		if (spend(c, fi->t.len + fi->n_figs))
			break;
		char u[48];
		struct part pp[MAX_PARTS];
		size_t k = parts_in(fi, 0, fi->t.len, pp, MAX_PARTS, u, sizeof u);
		if (k && !unit[0])
			snprintf(unit, sizeof unit, "%s", u);
		for (size_t i = 0; i < k && np < MAX_PARTS; i++)
			if (strcmp(pp[i].g->unit, unit) == 0)
				parts[np++] = pp[i];
	}
	const struct figure *total = unit[0] ? total_before(f, colon, unit, colon) : NULL;
	bool within = words_before(f->low, f->t.len, colon, "gồm") == (size_t)-1;
	if (total && np >= 2)
		sum_check(c, f, total, parts, np, within);
	for (size_t i = 0; i < n_items; i++)
		flat_free(&items[i]);
}

/* -- tables -- */

enum cell_state { CELL_EMPTY, CELL_FIGURE, CELL_OTHER };

/* A cell of a table. Its flat text is kept for the header, the labels and the rows that are
 * not data (totals, groups); a data cell keeps only what the sums need (fig, percent,
 * decimals, value, iv) and its flat is freed once read: a table of 450 000 cells would
 * otherwise hold ~4 KB a cell. */
struct cell {
	struct flat f;
	enum cell_state state;
	const struct figure *g; /* into f.figs; NULL once f is freed */
	bool percent;
	int decimals;
	double value;
	struct ival iv;
};

static enum cell_state cell_state(const struct flat *f, const struct figure **g)
{
	const char *s = f->t.s;
	size_t n = f->t.len, a = skip_sp(s, n, 0), b = skip_sp_back(s, n);
	*g = NULL;
	if (a >= b)
		return CELL_EMPTY;
	static const char *const dashes[] = {"-", "—", "–", "x", NULL};
	if (in_list(s + a, b - a, dashes))
		return CELL_EMPTY;
	if (f->n_figs != 1)
		return CELL_OTHER;
	const struct figure *h = &f->figs[0];
	if (h->qstart != a || skip_sp(s, n, h->end) != b || h->fraction || h->change)
		return CELL_OTHER;
	*g = h;
	return CELL_FIGURE;
}

static bool total_label(const char *low, size_t n)
{
	size_t a = skip_sp(low, n, 0);
	if (word_at(low, n, a, "tổng cộng") || word_at(low, n, a, "tổng số"))
		return true;
	for (int w = 0; w < 2; w++) {
		const char *word = w ? "cộng" : "tổng";
		if (word_at(low, n, a, word) && !letter_at(low, n, skip_sp(low, n, a + strlen(word))))
			return true;
	}
	return false;
}

/* A column whose numbers do not add up: averages, rates, ranks, scores. */
static bool unsummable_column(const char *header_low, size_t n)
{
	static const char *const words[] = {"bình quân", "trung bình", "tỷ lệ", "tỉ lệ", "xếp hạng",
					    "thứ hạng", "điểm số", "điểm đánh giá", "chỉ số", "mức",
					    "%", NULL};
	for (size_t p = 0; p < n; p++)
		for (const char *const *w = words; *w; w++)
			if (word_at(header_low, n, p, *w) && !alnum_before(header_low, n, p))
				return true;
	return false;
}

static bool stt_column(const char *header_low, size_t n)
{
	static const char *const names[] = {"stt", "tt", "số tt", "số thứ tự", "thứ tự", NULL};
	size_t a = skip_sp(header_low, n, 0), b = skip_sp_back(header_low, n);
	return a < b && in_list(header_low + a, b - a, names);
}

static void table_warn(struct ctx *c, const struct cell *tc, double sum, const struct figure *like,
		       int dec, const char *header)
{
	char *st = amount(sum, like, dec), *tt = fig_text(&tc->f, tc->g);
	struct place p = fig_place(c, &tc->f, tc->g);
	diag_warn(&c->out, p.path, p.line, p.col,
		  "the rows above add up to %s in «%s», but this row says %s [total]", st, header, tt);
	mark(c, FIGURE_TOTAL, p.anchor);
	free(st);
	free(tt);
}

/* The paragraph that introduces a table: the block before it, or the last paragraph of
 * a list before it. */
static cmark_node *intro_of(cmark_node *table)
{
	cmark_node *prev = cmark_node_previous(table);
	while (prev && cmark_node_get_type(prev) == CMARK_NODE_LIST) {
		cmark_node *item = cmark_node_last_child(prev);
		prev = item ? cmark_node_last_child(item) : NULL;
	}
	return prev && cmark_node_get_type(prev) == CMARK_NODE_PARAGRAPH ? prev : NULL;
}

/* The block holds a digit its author typed (not one a reference made): else there is no
 * figure to check (a text whose figures are all references is the data's). */
static bool typed_digit(const struct ctx *c, cmark_node *node)
{
	for (cmark_node *n = cmark_node_first_child(node); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_TEXT) {
			const char *lit = cmark_node_get_literal(n);
			if (!lit)
				continue;
			size_t k = first_ref(c, n);
			if (k >= c->in->n || c->in->v[c->order[k]].node != n) {
				if (strpbrk(lit, "0123456789"))
					return true;
				continue;
			}
			size_t at = 0, len = strlen(lit);
			for (; k < c->in->n && c->in->v[c->order[k]].node == n; k++) {
				const struct figure_ref *r = &c->in->v[c->order[k]];
				for (size_t i = at; i < r->out_start && i < len; i++)
					if (is_digit(lit[i]))
						return true;
				at = r->out_end;
			}
			for (size_t i = at; i < len; i++)
				if (is_digit(lit[i]))
					return true;
		} else if (cmark_node_first_child(n) && typed_digit(c, n)) {
			return true;
		}
	}
	return false;
}

/* A cell with nothing but spaces or a dash. */
static bool cell_blank(cmark_node *cell)
{
	if (!cell)
		return true;
	for (cmark_node *n = cmark_node_first_child(cell); n; n = cmark_node_next(n)) {
		const char *lit = cmark_node_get_literal(n);
		if (cmark_node_first_child(n) && !cell_blank(n))
			return false;
		if (!lit || cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE)
			continue;
		for (const char *p = lit; *p; p++)
			if (*p != ' ' && *p != '-' && *p != '\t' && *p != '\n' &&
			    strncmp(p, "—", strlen("—")) != 0 && strncmp(p, "–", strlen("–")) != 0 &&
			    ((unsigned char)*p & 0xC0) != 0x80)
				return false;
	}
	return true;
}

static void build_cell(struct ctx *c, struct cell *cells, cmark_node **nodes, cmark_node *table,
		       const struct figure_table *csv, size_t cols, size_t r, size_t k)
{
	struct cell *tc = &cells[r * cols + k];
	if (tc->f.low)
		return;
	if (!nodes[r * cols + k]) { /* a row shorter than the header */
		memset(&tc->f, 0, sizeof tc->f);
		buf_init(&tc->f.t);
		tc->f.block = table;
		flat_finish(c, &tc->f);
		return;
	}
	flat_block(c, &tc->f, nodes[r * cols + k]);
	if (csv && r < csv->n_rows && k < csv->n_cols) {
		tc->f.csv_path = csv->path;
		tc->f.csv_line = csv->lines[r];
		tc->f.csv_col = csv->cols[r * csv->n_cols + k];
	}
	tc->state = cell_state(&tc->f, &tc->g);
}

static void check_table(struct ctx *c, cmark_node *table, const struct figure_table *csv)
{
	size_t rows = 0, cols = 0;
	for (cmark_node *r = cmark_node_first_child(table); r; r = cmark_node_next(r)) {
		size_t k = 0;
		for (cmark_node *cl = cmark_node_first_child(r); cl; cl = cmark_node_next(cl))
			k++;
		if (k > cols)
			cols = k;
		rows++;
	}
	if (rows < 2 || cols == 0)
		return;
	if (spend(c, rows * cols)) {
		if (!c->stopped)
			c->stopped = table;
		return;
	}
	struct cell *cells = xcalloc(rows * cols, sizeof *cells);
	cmark_node **nodes = xcalloc(rows * cols, sizeof *nodes);
	size_t ri = 0;
	for (cmark_node *r = cmark_node_first_child(table); r; r = cmark_node_next(r), ri++) {
		size_t k = 0;
		for (cmark_node *cl = cmark_node_first_child(r); cl; cl = cmark_node_next(cl), k++)
			nodes[ri * cols + k] = cl;
	}
	/* the header and the labels first: a table with no total row, typed in no report's
	 * prose, needs no more (the appendices' long tables) */
	for (size_t k = 0; k < cols; k++)
		build_cell(c, cells, nodes, table, csv, cols, 0, k);
	for (size_t r = 1; r < rows; r++) {
		build_cell(c, cells, nodes, table, csv, cols, r, 0);
		if (cells[r * cols].state == CELL_EMPTY && cols > 1) /* the label is in the second */
			build_cell(c, cells, nodes, table, csv, cols, r, 1);
	}
	enum { ROW_DATA, ROW_TOTAL, ROW_GROUP } *kind = xcalloc(rows, sizeof *kind);
	size_t *label = xcalloc(rows, sizeof *label);
	bool any_total = false;
	for (size_t r = 1; r < rows; r++) {
		size_t l = cells[r * cols].state == CELL_EMPTY && cols > 1 ? 1 : 0;
		label[r] = l;
		struct cell *lc = &cells[r * cols + l];
		if (lc->state == CELL_OTHER && total_label(lc->f.low, lc->f.t.len)) {
			kind[r] = ROW_TOTAL;
			any_total = true;
			continue;
		}
		bool others_empty = lc->state == CELL_OTHER;
		for (size_t k = 0; k < cols; k++)
			if (k != l && k != 0 && !cell_blank(nodes[r * cols + k]))
				others_empty = false;
		if (others_empty && cols > 2)
			kind[r] = ROW_GROUP;
	}
	cmark_node *intro = intro_of(table);
	if (!any_total && !intro && csv)
		goto done;
	for (size_t r = 1; r < rows; r++)
		for (size_t k = 0; k < cols; k++) {
			build_cell(c, cells, nodes, table, csv, cols, r, k);
			struct cell *tc = &cells[r * cols + k];
			if (tc->g) {
				tc->percent = tc->g->percent;
				tc->decimals = tc->g->decimals;
				tc->value = tc->g->value;
				tc->iv = fig_ival(tc->g);
			}
			/* 1 and 2 in a table typed in the Markdown: the header and the row's label
			 * name it */
			if (!csv && tc->f.n_figs && !stt_column(cells[k].f.low, cells[k].f.t.len)) {
				struct cell *lc = &cells[r * cols + label[r]];
				struct buf b;
				buf_init(&b);
				buf_put(&b, cells[k].f.low, cells[k].f.t.len);
				buf_putc(&b, ' ');
				buf_put(&b, lc->f.low, lc->f.t.len);
				buf_putc(&b, ' ');
				buf_put(&b, tc->f.low, tc->f.t.len);
				check_values(c, &tc->f, b.s, b.len);
				buf_free(&b);
			}
			if (kind[r] == ROW_DATA && k != label[r]) {
				flat_free(&tc->f);
				tc->g = NULL;
			}
		}
	/* 5a: a total row against the rows above it */
	for (size_t k = 0; k < cols; k++) {
		if (unsummable_column(cells[k].f.low, cells[k].f.t.len))
			continue;
		struct ival seg = {0, 0}, all = {0, 0}, sub = {0, 0};
		double seg_v = 0, all_v = 0;
		bool seg_bad = false, all_bad = false;
		size_t seg_n = 0, all_n = 0, sub_n = 0;
		int dec = 0;
		for (size_t r = 1; r < rows; r++) {
			struct cell *tc = &cells[r * cols + k];
			if (kind[r] == ROW_GROUP) {
				seg = (struct ival){0, 0};
				seg_v = 0;
				seg_bad = false;
				seg_n = 0;
				continue;
			}
			if (k == label[r])
				continue;
			if (kind[r] == ROW_DATA) {
				if (tc->state == CELL_OTHER || (tc->state == CELL_FIGURE && tc->percent)) {
					seg_bad = all_bad = true;
				} else if (tc->state == CELL_FIGURE) {
					seg.lo += tc->iv.lo;
					seg.hi += tc->iv.hi;
					all.lo += tc->iv.lo;
					all.hi += tc->iv.hi;
					seg_v += tc->value;
					all_v += tc->value;
					seg_n++;
					all_n++;
					if (tc->decimals > dec)
						dec = tc->decimals;
				}
				continue;
			}
			/* a total row */
			if (tc->state == CELL_FIGURE && !tc->g->percent && (seg_n || all_n)) {
				struct ival t = fig_ival(tc->g);
				bool ok = (seg_n && !seg_bad && overlap(seg, t)) ||
					  (all_n && !all_bad && overlap(all, t)) ||
					  (sub_n && overlap(sub, t));
				bool judged = (seg_n && !seg_bad) || (all_n && !all_bad);
				if (!ok && judged) {
					char *h = xstrndup(cells[k].f.t.s, cells[k].f.t.len);
					table_warn(c, tc, seg_n && !seg_bad ? seg_v : all_v, tc->g, dec,
						   h);
					free(h);
				}
				struct ival iv = t;
				sub.lo += iv.lo;
				sub.hi += iv.hi;
				sub_n++;
			}
			seg = (struct ival){0, 0};
			seg_v = 0;
			seg_bad = false;
			seg_n = 0;
		}
	}
	/* 5c: a total stated in the paragraph that introduces the table */
	if (intro) {
		struct flat fi;
		flat_block(c, &fi, intro);
		for (size_t k = 0; k < cols; k++) {
			struct cell *hc = &cells[k];
			if (stt_column(hc->f.low, hc->f.t.len) ||
			    unsummable_column(hc->f.low, hc->f.t.len))
				continue;
			struct ival sum = {0, 0};
			double v = 0;
			size_t nfig = 0;
			bool bad = false, seq = true, years = true;
			int dec = 0;
			for (size_t r = 1; r < rows; r++) {
				struct cell *tc = &cells[r * cols + k];
				if (kind[r] != ROW_DATA || k == label[r])
					continue;
				if (tc->state == CELL_OTHER || (tc->state == CELL_FIGURE && tc->percent)) {
					bad = true;
					break;
				}
				if (tc->state != CELL_FIGURE)
					continue;
				sum.lo += tc->iv.lo;
				sum.hi += tc->iv.hi;
				v += tc->value;
				nfig++;
				seq = seq && tc->value == (double)nfig;
				years = years && tc->value >= 1900 && tc->value <= 2100;
				if (tc->decimals > dec)
					dec = tc->decimals;
			}
			if (bad || nfig < 2 || seq || years)
				continue;
			const struct figure *near = NULL;
			bool matched = false;
			for (size_t i = 0; i < fi.n_figs; i++) {
				const struct figure *g = &fi.figs[i];
				if (g->change || g->fraction || g->percent || g->points ||
				    (g->unit[0] && in_list(g->unit, strlen(g->unit), time_units)))
					continue;
				if (g->unit[0]) { /* "6.496 trường thông tin": the header names it */
					size_t w = word_end(g->unit, strlen(g->unit), 0);
					char *u = xstrndup(g->unit, w);
					bool in_header = strstr(hc->f.low, u) != NULL;
					free(u);
					if (!in_header)
						continue;
				}
				struct ival t = fig_ival(g);
				if (overlap(sum, t)) {
					matched = true;
					break;
				}
				if (!near && fabs(v - g->value) <= 0.05 * fabs(g->value))
					near = g;
			}
			if (!matched && near) {
				char *st = amount(v, near, dec), *tt = fig_text(&fi, near);
				char *h = xstrndup(hc->f.t.s, hc->f.t.len);
				struct place p = fig_place(c, &fi, near);
				diag_warn(&c->out, p.path, p.line, p.col,
					  "the column «%s» of the table below adds up to %s, not %s "
					  "[total]",
					  h, st, tt);
				mark(c, FIGURE_TOTAL, p.anchor);
				free(st);
				free(tt);
				free(h);
			}
		}
		flat_free(&fi);
	}
done:
	for (size_t i = 0; i < rows * cols; i++)
		flat_free(&cells[i].f);
	free(cells);
	free(nodes);
	free(kind);
	free(label);
}

/* ---- 6: counted lists ---- */

/* Words that open the name of a body in a list ("Bộ Tài chính, Văn phòng Chính phủ"). */
static const char *const org_start[] = {
	"Bộ", "Ban", "Văn phòng", "Ngân hàng", "Tập đoàn", "Bảo hiểm", "Ủy ban", "Uỷ ban",
	"UBND", "Tòa án", "Toà án", "Viện", "Thanh tra", "Kiểm toán", "Cục", "Tổng cục", "Sở",
	"Trung tâm", "Đài", "Thông tấn", "Học viện", "Đại học", "Tổng công ty", "Công ty", "Hội",
	"Liên đoàn", "Đoàn", "Thành phố", "TP.", "Tỉnh", "Quận", "Huyện", "Bệnh viện",
	"Kho bạc", "Vụ", NULL};

static bool starts_org(const char *s, size_t n, size_t i)
{
	for (const char *const *w = org_start; *w; w++) {
		size_t k = strlen(*w);
		if (i + k <= n && memcmp(s + i, *w, k) == 0 &&
		    (i + k == n || !alnum_at(s, n, i + k) || (*w)[k - 1] == '.'))
			return true;
	}
	return false;
}

static bool upper_at(const char *s, size_t n, size_t i)
{
	int k;
	int32_t cp = cp_at(s, n, i, &k);
	return cp >= 0 && (utf8proc_category(cp) == UTF8PROC_CATEGORY_LU || is_digit(s[i]));
}

/* Words that make a list item a sentence rather than a name. */
static const char *const predicates[] = {"là", "đã", "đang", "sẽ", "có", "được", "chưa", "không",
					 "cần", "phải", "đạt", "hoàn", "nhằm", "để", NULL};

/* The text holds a word of `predicates` (after its first word). */
static bool has_predicate(const char *s, size_t n)
{
	char *low = lower_copy(s, n);
	bool found = false;
	for (size_t z = 1; z < n && !found; z++)
		if (low[z - 1] == ' ' && letter_at(low, n, z)) {
			size_t we = word_end(low, n, z);
			found = in_list(low + z, we - z, predicates);
		}
	free(low);
	return found;
}

/* A name starts at i: a capital ("Hà Nội", "Bộ Y tế"), a number ("12 cục"), or a kind of
 * place or body before one ("huyện Quế Võ", "tỉnh Bắc Ninh"). */
static bool name_at(const char *s, size_t n, size_t i)
{
	if (upper_at(s, n, i))
		return true;
	static const char *const kinds[] = {"huyện", "tỉnh", "thành phố", "thị xã", "thị trấn", "xã",
					    "phường", "quận", "bộ", "sở", "ban", "cục", "tập đoàn",
					    "ngân hàng", "bệnh viện", "trường", "ủy ban", NULL};
	for (const char *const *k = kinds; *k; k++)
		if (word_at(s, n, i, *k)) {
			size_t j = skip_sp(s, n, i + strlen(*k));
			return j < n && upper_at(s, n, j);
		}
	return false;
}

/* How many things the list [a, b) names ("Hà Nội, Huế và Đà Nẵng": 3; "…, và 12 cục
 * nghiệp vụ": 12 for the last), or -1 when it does not read as a list of names: items of
 * a few capitalised words. `places`: names of places, which hold no "và". */
static int list_count(const char *text, size_t a, size_t b, bool places)
{
	/* the list without what is in parentheses */
	struct buf t;
	buf_init(&t);
	int depth = 0;
	for (size_t i = a; i < b; i++) {
		if (text[i] == '(')
			depth++;
		else if (text[i] == ')' && depth > 0)
			depth--;
		else if (!depth)
			buf_putc(&t, text[i]);
	}
	size_t n = t.len;
	while (n && (t.s[n - 1] == ' ' || t.s[n - 1] == '.' || t.s[n - 1] == ';' ||
		     t.s[n - 1] == ','))
		n--;
	t.s[n] = 0;
	if (n >= 3 && (strcmp(t.s + n - 3, "…") == 0 || strstr(t.s, "v.v") ||
		       strstr(t.s, "...")))
		n = 0; /* "…": the list is not whole */
	char sep = memchr(t.s, ';', n) ? ';' : ',';
	int count = 0;
	bool ok = n > 0;
	size_t prev_start = (size_t)-1;
	for (size_t i = 0; ok && i < n;) {
		size_t e = i;
		while (e < n && t.s[e] != sep)
			e++;
		size_t s0 = skip_sp(t.s, n, i), s1 = skip_sp_back(t.s, e);
		/* "Bộ Văn hóa, Thể thao và Du lịch": a name with a comma */
		if (sep == ',' && !places && prev_start != (size_t)-1 && s0 < s1 &&
		    upper_at(t.s, n, s0) && !starts_org(t.s, n, s0) && !is_digit(t.s[s0]) &&
		    word_at(t.s, n, prev_start, "Bộ") && !has_predicate(t.s + s0, s1 - s0)) {
			i = e + 1;
			continue;
		}
		/* the items inside: split at "và" before a name that starts one */
		size_t p = s0;
		while (ok && p < s1) {
			size_t q = p, next = s1;
			for (size_t v = p; v + 4 <= s1; v++)
				if (word_at(t.s, s1, v, "và") && !alnum_before(t.s, s1, v) && v > p) {
					size_t w = skip_sp(t.s, s1, v + strlen("và"));
					if (places || starts_org(t.s, s1, w) || is_digit(t.s[w])) {
						q = skip_sp_back(t.s, v);
						next = w;
						break;
					}
				}
			if (next == s1)
				q = s1;
			if (q <= p || !name_at(t.s, q, p)) {
				ok = false;
				break;
			}
			int words = 1;
			for (size_t z = p; z < q; z++)
				if (t.s[z] == ' ' && !space_at(t.s, q, z + 1))
					words++;
			if (words > 10 || has_predicate(t.s + p, q - p)) { /* "Hà Nội là …": no name */
				ok = false;
				break;
			}
			struct figure g;
			char *item = xstrndup(t.s + p, q - p);
			if (is_digit(t.s[p]) && figures_scan(item, &g, 1) == 1 && g.start == 0 &&
			    g.unit[0] && !g.decimals && g.value >= 1 && g.value < 10000)
				count += (int)g.value;
			else
				count++;
			free(item);
			prev_start = p;
			p = next;
		}
		i = e + 1;
	}
	buf_free(&t);
	return ok ? count : -1;
}

/* A figure that counts things a list can name: a whole number, exact, of a unit that is
 * no time ("33 địa phương", "04 nội dung"); `collective`: of bodies or places only. */
/* A count of places, whose names hold no "và" ("Tân An và Phú Mỹ" are two). */
static bool place_unit(const char *unit)
{
	static const char *const places[] = {"địa phương", "huyện", "xã", "quận", "phường",
					     "thị xã", "thị trấn", "thôn", "quốc gia", "nước", NULL};
	return in_list(unit, strlen(unit), places);
}

static bool count_fig(const struct figure *g, bool collective)
{
	if (g->change || g->fraction || g->percent || g->points || g->decimals ||
	    strchr(g->norm, ' ') || g->qual != QUAL_EXACT || !g->unit[0] || g->value < 2 ||
	    g->value > 1000 || in_list(g->unit, strlen(g->unit), time_units))
		return false;
	return !collective || in_list(g->unit, strlen(g->unit), collective_units);
}

static void count_warn(struct ctx *c, const struct flat *f, const struct figure *g, int expect,
		       int found, const char *where)
{
	char *txt = xstrndup(f->t.s + g->start, g->unit_end - g->start);
	struct place p = fig_place(c, f, g);
	(void)expect;
	if (strcmp(where, "footnote") == 0)
		diag_warn(&c->out, p.path, p.line, p.col,
			  "%s, but the list in its footnote names %d [count]", txt, found);
	else
		diag_warn(&c->out, p.path, p.line, p.col,
			  "%s, but the list that follows has %d items [count]", txt, found);
	mark(c, FIGURE_COUNT, p.anchor);
	free(txt);
}

/* "N <noun> …:" at the colon at `colon`: the count it announces, or NULL. */
static const struct figure *count_before_colon(const struct flat *f, size_t colon)
{
	const char *s = f->t.s;
	size_t a, b;
	sentence_of(f, colon, &a, &b);
	bool gom = words_before(f->low, f->t.len, colon, "gồm") != (size_t)-1 ||
		   words_before(f->low, f->t.len, colon, "như sau") != (size_t)-1 ||
		   words_before(f->low, f->t.len, colon, "sau") != (size_t)-1;
	for (size_t i = f->n_figs; i-- > 0;) {
		const struct figure *g = &f->figs[i];
		if (g->end > colon)
			continue;
		if (g->start < a || f->depth[g->start] > f->depth[colon])
			return NULL;
		if (!count_fig(g, false))
			continue;
		for (size_t p = g->unit_end; p < colon; p++)
			if ((s[p] == ',' && f->depth[p] == 0 && !gom) || s[p] == ':' || s[p] == ';')
				return NULL;
		return g;
	}
	return NULL;
}

/* An enumeration mark at i: "⁽¹⁾", "(1)", "(¹)". Returns its number (0: none) and *len. */
static int enum_mark(const char *s, size_t n, size_t i, size_t *len)
{
	int k, num = 0;
	size_t j = i;
	int32_t cp = cp_at(s, n, j, &k);
	if (cp != 0x207D && cp != '(')
		return 0;
	j += (size_t)k;
	size_t digits = 0;
	for (;;) {
		cp = cp_at(s, n, j, &k);
		int d = cp >= '0' && cp <= '9' ? cp - '0'
			: cp == 0xB9		   ? 1
			: cp == 0xB2		   ? 2
			: cp == 0xB3		   ? 3
			: cp >= 0x2070 && cp <= 0x2079 && cp != 0x2071 && cp != 0x2072 && cp != 0x2073
				? cp - 0x2070
				: -1;
		if (d < 0 || digits > 2)
			break;
		num = num * 10 + d;
		digits++;
		j += (size_t)k;
	}
	if (!digits || (cp != 0x207E && cp != ')'))
		return 0;
	*len = j + (size_t)k - i;
	return num;
}

static void check_counts(struct ctx *c, const struct flat *f)
{
	if (!f->n_figs)
		return;
	const char *s = f->t.s, *low = f->low;
	size_t n = f->t.len;
	/* a count with a footnote: "33 địa phương[^7]" and the names in [^7] */
	for (size_t m = 0; m < f->n_fns; m++) {
		size_t at = f->fns[m].at;
		int ord = f->fns[m].ord;
		if (ord < 1 || (size_t)ord > c->n_defs || spend(c, f->n_figs + at))
			continue;
		const struct figure *g = NULL;
		size_t gi = 0;
		for (size_t i = f->n_figs; i-- > 0;)
			if (f->figs[i].end <= at) {
				g = &f->figs[i];
				gi = i;
				break;
			}
		if (!g || !count_fig(g, true))
			continue;
		bool near = true;
		int words = 0;
		for (size_t p = g->end; p < at; p++) {
			if (strchr(".;:()", s[p]))
				near = false;
			if (s[p] == ' ')
				words++;
		}
		if (!near || words > 8)
			continue;
		double expect = g->value;
		/* "12 địa phương và 13 bộ, ngành[^8]" */
		for (size_t i = gi; i-- > 0;) {
			const struct figure *h = &f->figs[i];
			const struct figure *next = &f->figs[i + 1];
			if (!count_fig(h, true) || words_before(low, n, next->qstart, "và") == (size_t)-1 ||
			    words_before(low, n, next->qstart, "và") != skip_sp(s, n, h->unit_end))
				break;
			expect += h->value;
		}
		struct flat fd;
		memset(&fd, 0, sizeof fd);
		buf_init(&fd.t);
		fd.block = c->defs[ord - 1];
		for (cmark_node *p = cmark_node_first_child(c->defs[ord - 1]); p; p = cmark_node_next(p)) {
			if (cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
				continue;
			if (fd.t.len)
				add_seg(&fd, " ", 1, NULL, 0, -1);
			flat_inlines(c, &fd, p);
		}
		flat_finish(c, &fd);
		/* a note that announces its own lists ("12 địa phương: …") is checked as prose */
		bool own = false;
		for (size_t i = 0; i < fd.n_figs && !own; i++) {
			size_t q = skip_sp(fd.t.s, fd.t.len, fd.figs[i].unit_end);
			own = count_fig(&fd.figs[i], true) && q < fd.t.len && fd.t.s[q] == ':';
		}
		int found = own ? -1
				: list_count(fd.t.s, 0, fd.t.len, place_unit(g->unit));
		if (found >= 2 && (double)found != expect)
			count_warn(c, f, g, (int)expect, found, "footnote");
		flat_free(&fd);
	}
	/* "04 địa phương (A, B, C, D)", "12 địa phương: A, B, …" */
	for (size_t i = 0; i < f->n_figs; i++) {
		const struct figure *g = &f->figs[i];
		if (!count_fig(g, true))
			continue;
		size_t q = skip_sp(s, n, g->unit_end);
		static const char *const glue[] = {"còn lại", "như sau", "sau đây", "gồm có", "gồm",
						   "là", "sau", NULL};
		for (int k = 0; k < 2; k++)
			for (const char *const *w = glue; *w; w++)
				if (word_at(low, n, q, *w)) {
					q = skip_sp(s, n, q + strlen(*w));
					break;
				}
		if (q >= n || s[q] != '(' || spend(c, n - q))
			continue;
		size_t a = q + 1, b = a;
		while (b < n && !(s[b] == ')' && f->depth[b] == f->depth[q] + 1))
			b++;
		int found = list_count(s, a, b, place_unit(g->unit));
		if (found >= 2 && (double)found != g->value)
			count_warn(c, f, g, (int)g->value, found, "list");
	}
	/* "04 nội dung chưa hoàn thành: ⁽¹⁾ …; ⁽²⁾ …", "07 sở, ngành chưa …: Sở Y tế, …" */
	for (size_t p = 0; p < n; p++) {
		if (s[p] != ':' || !typed_at(f, p))
			continue;
		size_t len, q = skip_sp(s, n, p + 1);
		if (spend(c, n - p + f->n_figs))
			return;
		const struct figure *g = count_before_colon(f, p);
		if (!g)
			continue;
		if (enum_mark(s, n, q, &len) != 1) {
			if (!count_fig(g, true))
				continue;
			size_t sa, sb;
			sentence_of(f, q, &sa, &sb);
			int found = list_count(s, q, sb, place_unit(g->unit));
			if (found >= 2 && (double)found != g->value)
				count_warn(c, f, g, (int)g->value, found, "list");
			continue;
		}
		int last = 1;
		for (size_t i = q + len; i < n; i++) {
			size_t l2;
			int k = enum_mark(s, n, i, &l2);
			if (k == last + 1) {
				last = k;
				i += l2 - 1;
			}
		}
		if (last >= 2 && (double)last != g->value)
			count_warn(c, f, g, (int)g->value, last, "list");
	}
}

/* "… 04 nhiệm vụ sau:" and the list after the paragraph. */
static void check_list_count(struct ctx *c, const struct flat *f, cmark_node *list)
{
	size_t colon = ends_with_colon(f);
	if (colon == (size_t)-1)
		return;
	const struct figure *g = count_before_colon(f, colon);
	if (!g)
		return;
	int items = 0;
	for (cmark_node *it = cmark_node_first_child(list); it; it = cmark_node_next(it)) {
		cmark_node *para = cmark_node_first_child(it);
		items++;
		if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH) {
			struct flat fi;
			flat_block(c, &fi, para);
			bool breakdown = fi.n_figs && fi.figs[0].qstart == skip_sp(fi.t.s, fi.t.len, 0);
			flat_free(&fi);
			if (breakdown)
				return; /* "- 19 nhiệm vụ …": parts of a total, not items */
		}
	}
	if (items >= 2 && (double)items != g->value)
		count_warn(c, f, g, (int)g->value, items, "list");
}

/* ---- the ignore comments ---- */

static const struct {
	const char *name;
	unsigned bit;
} kind_names[] = {{"stale", FIGURE_STALE}, {"current", FIGURE_CURRENT}, {"change", FIGURE_CHANGE},
		  {"ratio", FIGURE_RATIO}, {"total", FIGURE_TOTAL},	  {"count", FIGURE_COUNT}};

/* The first line after `line` of report.md that is not blank (0: none). */
static int next_text_line(const struct report *r, int line)
{
	size_t len;
	for (int l = line + 1;; l++) {
		const char *p = source_line(r, l, &len);
		if (!p)
			return 0;
		if (skip_sp(p, len, 0) < len)
			return l;
		if (!p[len])
			return 0;
	}
}

/* Reads "<!-- baocao: ignore total — reason -->"; false when it is no baocao comment. */
static bool read_comment(const struct report *r, cmark_node *node, struct figure_refs *refs,
			 struct diags *w)
{
	const char *lit = cmark_node_get_literal(node);
	if (!lit)
		return false;
	size_t n = strlen(lit), i = skip_sp(lit, n, 0);
	if (strncmp(lit + i, "<!--", 4) != 0)
		return false;
	i = skip_sp(lit, n, i + 4);
	if (strncmp(lit + i, "baocao:", 7) != 0)
		return false;
	const char *close = strstr(lit + i, "-->");
	size_t end = close ? (size_t)(close - lit) : n;
	bool block = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK;
	int line = cmark_node_get_start_line(node);
	if (line <= 0)
		line = node_line(node);
	int col = 1;
	size_t ll;
	const char *ln = source_line(r, line, &ll);
	if (ln) {
		const char *at = NULL;
		for (size_t k = 0; k + 4 <= ll && !at; k++)
			if (memcmp(ln + k, "<!--", 4) == 0 && strstr(ln + k, "baocao:") &&
			    (size_t)(strstr(ln + k, "baocao:") - ln) < ll)
				at = ln + k;
		if (at)
			col = report_column(r, line, (int)(at - ln) + 1);
	}
	if (block && close && skip_sp(lit, n, (size_t)(close - lit) + 3) < n) {
		diag_warn(w, r->md_path, line, col,
			  "a <!-- baocao: … --> comment that starts a line must be alone on it (the "
			  "text after it on that line is not published)");
		return false;
	}
	i = skip_sp(lit, end, i + 7);
	if (!word_at(lit, end, i, "ignore")) {
		size_t e = i;
		while (e < end && !space_at(lit, end, e))
			e++;
		diag_warn(w, r->md_path, line, col,
			  "unknown baocao comment \"%.*s\" (write <!-- baocao: ignore [KIND …] — "
			  "reason -->)",
			  (int)(e - i), lit + i);
		return true;
	}
	i += strlen("ignore");
	unsigned kinds = 0;
	for (;;) {
		i = skip_sp(lit, end, i);
		if (i >= end)
			break;
		size_t e = i;
		while (e < end && !space_at(lit, end, e) && lit[e] != ',' && lit[e] != ':')
			e++;
		unsigned bit = 0;
		for (size_t k = 0; k < sizeof kind_names / sizeof kind_names[0]; k++)
			if (strlen(kind_names[k].name) == e - i &&
			    memcmp(lit + i, kind_names[k].name, e - i) == 0)
				bit = kind_names[k].bit;
		if (!bit) {
			/* a reason starts with a dash, a colon or a parenthesis */
			if (strchr("-:(", lit[i]) || strncmp(lit + i, "—", strlen("—")) == 0 ||
			    strncmp(lit + i, "–", strlen("–")) == 0)
				break;
			diag_warn(w, r->md_path, line, col,
				  "unknown kind \"%.*s\" in <!-- baocao: ignore … --> (stale, current, "
				  "change, ratio, total, count; a reason goes after \"—\")",
				  (int)(e - i), lit + i);
			kinds = 0;
			return true;
		}
		kinds |= bit;
		i = e;
		if (i < end && lit[i] == ',')
			i++;
		if (i < end && lit[i] == ':')
			break;
	}
	if (!kinds)
		kinds = FIGURE_ALL;
	int target = line;
	if (block) { /* alone on its line: the next line that is not blank */
		for (const char *q = lit; (q = strchr(q, '\n')) && q[1]; q++)
			target++;
		target = next_text_line(r, target);
	}
	refs->ignores = xrealloc(refs->ignores, (refs->n_ignores + 1) * sizeof *refs->ignores);
	refs->ignores[refs->n_ignores++] = (struct figure_ignore){target, kinds};
	return true;
}

void figures_take_comments(struct report *r, struct figure_refs *refs, struct diags *w)
{
	if (!r->doc)
		return;
	size_t n = 0, cap = 0;
	cmark_node **found = NULL;
	cmark_iter *it = cmark_iter_new(r->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_HTML_INLINE && t != CMARK_NODE_HTML_BLOCK))
			continue;
		const char *lit = cmark_node_get_literal(node);
		if (!lit || !strstr(lit, "baocao:"))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			found = xrealloc(found, cap * sizeof *found);
		}
		found[n++] = node;
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < n; i++)
		if (read_comment(r, found[i], refs, w)) {
			/* a directive to baocao is no content: neither page nor PDF shows it */
			cmark_node_unlink(found[i]);
			cmark_node_free(found[i]);
		}
	free(found);
}

/* ---- the check ---- */

struct ref_key {
	uintptr_t node;
	size_t out_start, index;
};

static int ref_key_cmp(const void *a, const void *b)
{
	const struct ref_key *x = a, *y = b;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return x->out_start < y->out_start ? -1 : x->out_start > y->out_start;
}

static void check_block(struct ctx *c, cmark_node *block)
{
	if (spend(c, 1)) {
		if (!c->stopped)
			c->stopped = block;
		return;
	}
	if (!typed_digit(c, block))
		return;
	struct flat f;
	flat_block(c, &f, block);
	check_values(c, &f, NULL, 0);
	check_changes(c, &f);
	check_ratios(c, &f);
	check_sums(c, &f);
	check_counts(c, &f);
	cmark_node *next = cmark_node_next(block);
	if (cmark_node_get_type(block) == CMARK_NODE_PARAGRAPH && next &&
	    cmark_node_get_type(next) == CMARK_NODE_LIST) {
		check_list_sum(c, &f, next);
		check_list_count(c, &f, next);
	}
	flat_free(&f);
}

void figures_check(const struct site *site, size_t ri, const struct figure_refs *in,
		   struct diags *w)
{
	const struct report *r = &site->reports[ri];
	if (!r->doc || !r->values)
		return;
	struct ctx c = {.site = site, .ri = ri, .r = r, .in = in};
	/* real reports take about 2 steps a byte */
	c.budget = 16 * (r->source ? strlen(r->source) : 0) + 1000000;
	struct ref_key *keys = xmalloc((in->n + 1) * sizeof *keys);
	for (size_t i = 0; i < in->n; i++)
		keys[i] = (struct ref_key){(uintptr_t)in->v[i].node, in->v[i].out_start, i};
	qsort(keys, in->n, sizeof *keys, ref_key_cmp);
	c.order = xmalloc((in->n + 1) * sizeof *c.order);
	for (size_t i = 0; i < in->n; i++)
		c.order[i] = keys[i].index;
	free(keys);
	ind_setup(&c);
	size_t cap_defs = 0;
	for (cmark_node *n = cmark_node_first_child(r->doc); n; n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) {
			if (c.n_defs == cap_defs) {
				cap_defs = cap_defs ? 2 * cap_defs : 16;
				c.defs = xrealloc(c.defs, cap_defs * sizeof *c.defs);
			}
			c.defs[c.n_defs++] = n;
		}
	cmark_iter *it = cmark_iter_new(r->doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(node);
		if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) {
			check_block(&c, node);
		} else if (node_is(node, "table")) {
			const struct figure_table *csv = NULL;
			for (size_t i = 0; i < in->n_tables; i++)
				if (in->tables[i].table == node)
					csv = &in->tables[i];
			check_table(&c, node, csv);
		}
	}
	cmark_iter_free(it);
	if (c.stopped) {
		int line = node_line(c.stopped);
		if (c.out.n >= MAX_WARNINGS)
			diag_warn(w, r->md_path, line, 1,
				  "more than %d figure warnings: the figures from here on are not checked",
				  MAX_WARNINGS);
		else
			diag_warn(w, r->md_path, line, 1,
				  "the figures from here on are not checked: the text is too long or "
				  "unusual to check quickly");
	}
	/* the ignore comments */
	for (size_t k = 0; k < c.out.n; k++) {
		bool ignored = false;
		for (size_t i = 0; i < in->n_ignores; i++)
			if (in->ignores[i].line == c.anchors[k] && (in->ignores[i].kinds & c.kinds[k]))
				ignored = true;
		if (ignored) {
			free(c.out.v[k].path);
			free(c.out.v[k].msg);
			continue;
		}
		if (w->n == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 16;
			w->v = xrealloc(w->v, w->cap * sizeof *w->v);
		}
		w->v[w->n++] = c.out.v[k];
	}
	free(c.out.v);
	free(c.kinds);
	free(c.anchors);
	free(c.defs);
	free(c.order);
	ind_free(&c);
}
