/* appendix.c — an appendix's heading and reference line (rules in appendix.h). */
#include "appendix.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text.h"
#include "util.h"
#include "vn.h"

enum case_map { CASE_UPPER, CASE_LOWER, CASE_SENTENCE };

static char *map_case(const char *s, enum case_map how)
{
	struct buf b;
	buf_init(&b);
	bool first = true; /* no letter seen yet */
	for (const char *p = s; *p;) {
		int32_t cp;
		int n = text_decode(p, strlen(p), &cp);
		if (n <= 0)
			break;
		bool upper = how == CASE_UPPER || (how == CASE_SENTENCE && first);
		cp = upper ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
			first = false;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char(cp, enc);
		buf_put(&b, (const char *)enc, (size_t)k);
		p += n;
	}
	char *raw = buf_detach_free(&b);
	char *nfc = text_nfc(raw);
	free(raw);
	return nfc ? nfc : xstrdup("");
}

char *appendix_upper(const char *s)
{
	return map_case(s ? s : "", CASE_UPPER);
}

char *appendix_sentence_case(const char *s)
{
	return map_case(s ? s : "", CASE_SENTENCE);
}

/* Whether the word s[0..n) is kept as written (appendix_title_upper). */
static bool keep_case(const char *s, size_t n)
{
	bool upper_after_first = false, lower = false, letters = false;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		int k = text_decode(s + i, n - i, &cp);
		if (k <= 0)
			return true;
		if ((cp >= '0' && cp <= '9') || cp == '/')
			return true;
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cat == UTF8PROC_CATEGORY_LU && letters)
			upper_after_first = true;
		if (cat == UTF8PROC_CATEGORY_LL)
			lower = true;
		if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
			letters = true;
		i += (size_t)k;
	}
	return upper_after_first && lower;
}

char *appendix_title_upper(const char *s)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = s ? s : ""; *p;) {
		size_t sp = strspn(p, " \t");
		buf_put(&b, p, sp);
		p += sp;
		size_t n = strcspn(p, " \t");
		if (!n)
			continue;
		char *word = xstrndup(p, n);
		char *up = keep_case(word, n) ? xstrdup(word) : appendix_upper(word);
		buf_puts(&b, up);
		free(up);
		free(word);
		p += n;
	}
	return buf_detach_free(&b);
}

/* The separators between "Phụ lục I" and its title: spaces, '.', ':', ')', hyphens and
 * the en and em dashes. Returns the length of the one at s, or 0. */
static size_t separator(const char *s)
{
	if (*s && strchr(" \t.:)-", *s))
		return 1;
	if (strncmp(s, "–", strlen("–")) == 0 || strncmp(s, "—", strlen("—")) == 0)
		return strlen("–"); /* both are 3 bytes */
	return 0;
}

static const char *skip_word(const char *p)
{
	while (*p && *p != ' ' && *p != '\t')
		p++;
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* An appendix's number: digits ("2", "01"), a Roman numeral ("IV", "iv") or one letter ("A"). */
static bool is_number(const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (n == 1 && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return true;
	bool digits = true, roman = true;
	for (size_t i = 0; i < n; i++) {
		digits = digits && s[i] >= '0' && s[i] <= '9';
		roman = roman && s[i] && strchr("IVXLCDMivxlcdm", s[i]);
	}
	return digits || roman;
}

void appendix_split(const char *heading_text, char **label, char **title)
{
	const char *p = heading_text ? heading_text : "";
	while (*p == ' ' || *p == '\t')
		p++;
	/* "Phụ lục" in whatever case (heading_is_appendix); its case variants are as long */
	char *low = map_case(p, CASE_LOWER);
	if (strncmp(low, "phụ lục", strlen("phụ lục")) == 0)
		p += strlen("phụ lục");
	free(low);
	while (*p == ' ' || *p == '\t')
		p++;
	/* then its number, "I", "II", "2", "A" (or "số 2"), up to a separator */
	bool so = strncmp(p, "số ", strlen("số ")) == 0 || strncmp(p, "Số ", strlen("Số ")) == 0 ||
		  strncmp(p, "SỐ ", strlen("SỐ ")) == 0;
	const char *num = so ? skip_word(p) : p;
	const char *q = num;
	while (*q && !separator(q))
		q++;
	size_t num_len = is_number(num, (size_t)(q - num)) ? (size_t)(q - num) : 0;
	if (num_len)
		p = q;
	for (size_t k; (k = separator(p)) > 0;)
		p += k;
	if (num_len) {
		char *raw = xstrndup(num, num_len);
		char *up = appendix_upper(raw);
		*label = xasprintf("Phụ lục %s%s", so ? "số " : "", up);
		free(up);
		free(raw);
	} else {
		*label = xstrdup("Phụ lục");
	}
	size_t n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	char *t = xstrndup(p, n);
	*title = appendix_title_upper(t);
	free(t);
}

static char *replace(const char *tmpl, const char *key, const char *val)
{
	struct buf b;
	buf_init(&b);
	size_t kl = strlen(key);
	for (const char *p = tmpl; *p;) {
		if (strncmp(p, key, kl) == 0) {
			buf_puts(&b, val);
			p += kl;
		} else {
			buf_putc(&b, *p++);
		}
	}
	return buf_detach_free(&b);
}

/* A draft leaves the day blank as the header does (docs/bao-cao-format.md): "     /02/2023". */
static char *reference_date(struct date d)
{
	char *s = vn_date_short(d);
	if (d.day > 0)
		return s;
	char *blank = xasprintf("     /%s", s);
	free(s);
	return blank;
}

char *appendix_reference_line(const struct site *site, const struct report *r,
			      const char *tmpl)
{
	/* the number as "Số: …" writes it, leading zero and draft blanks included */
	char *line = vn_number_line(r->number ? r->number : "");
	const char *number = strncmp(line, "Số: ", strlen("Số: ")) == 0 ? line + strlen("Số: ")
									   : line;
	char *date = reference_date(r->date);
	const char *issuer = site->issuer_in_text ? site->issuer_in_text : "";
	char *t1 = replace(tmpl ? tmpl : APPENDIX_REFERENCE_DEFAULT, "{number}", number);
	char *t2 = replace(t1, "{date}", date);
	char *out = replace(t2, "{issuer}", issuer);
	free(t2);
	free(t1);
	free(date);
	free(line);
	return out;
}

bool appendix_reference_written(cmark_node *heading)
{
	cmark_node *next = heading ? cmark_node_next(heading) : NULL;
	if (!next || cmark_node_get_type(next) != CMARK_NODE_PARAGRAPH)
		return false;
	char *t = node_text(next);
	const char *s = t;
	while (*s == ' ' || *s == '(')
		s++;
	char *low = map_case(s, CASE_LOWER);
	bool yes = strncmp(low, "kèm theo", strlen("kèm theo")) == 0;
	free(low);
	free(t);
	return yes;
}
