#include "vn.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const int64_t pow10_tab[] = {
	1LL,
	10LL,
	100LL,
	1000LL,
	10000LL,
	100000LL,
	1000000LL,
	10000000LL,
	100000000LL,
	1000000000LL,
	10000000000LL,
	100000000000LL,
	1000000000000LL,
	10000000000000LL,
	100000000000000LL,
	1000000000000000LL,
	10000000000000000LL,
	100000000000000000LL,
	1000000000000000000LL,
};

#define MAX_DIGITS 18

bool decimal_parse(const char *s, struct decimal *out)
{
	bool neg = false;
	if (*s == '-') {
		neg = true;
		s++;
	}
	int64_t m = 0;
	int digits = 0, scale = 0;
	bool dot = false, any = false;
	for (; *s; s++) {
		if (*s == '.') {
			if (dot || !any)
				return false;
			dot = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			return false;
		if (m == 0 && *s == '0' && !dot) {
			any = true;
			continue; /* leading zeros do not count against the limit */
		}
		if (++digits > MAX_DIGITS)
			return false;
		if (dot && ++scale > 9)
			return false;
		m = m * 10 + (*s - '0');
		any = true;
	}
	if (!any || (dot && scale == 0 && s[-1] == '.'))
		return false;
	out->mant = neg ? -m : m;
	out->scale = scale;
	return true;
}

/* Digits with thousands dots: "78.553.494" (a first group of one to three digits, not a
 * leading zero unless it is the whole number, then groups of three). Appends the digits. */
static bool grouped(const char *s, size_t n, struct buf *digits)
{
	size_t group = 0, groups = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (group == 0 || (groups == 0 && group > 3) || (groups > 0 && group != 3))
				return false;
			groups++;
			group = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (group == 0 && groups == 0 && s[i] == '0' && n > 1)
			return false; /* "0.123" is not a grouped number */
		buf_putc(digits, s[i]);
		group++;
	}
	return group > 0 && (groups == 0 ? true : group == 3);
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* "digits" or "digits.digits" as decimal_parse reads them, sign added back. */
static bool plain(bool neg, const char *ip, const char *fp, struct decimal *out)
{
	char *s = xasprintf("%s%s%s%s", neg ? "-" : "", ip, *fp ? "." : "", fp);
	bool ok = decimal_parse(s, out);
	free(s);
	return ok;
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;
	for (; (s = strchr(s, c)); s++)
		n++;
	return n;
}

/* A lone dot with one to three digits before it (not a leading zero) and three after:
 * "1.730". */
static bool before_three(const char *p, size_t k, size_t after)
{
	return after == 3 && k >= 1 && k <= 3 && p[0] != '0';
}

enum value_reading vn_read_value(const char *s, enum format f, struct decimal *out,
				 struct decimal *alt)
{
	size_t len = strlen(s);
	if (len > 1 && s[len - 1] == '%') {
		/* "73,03%" or "73,03 %": the number before the sign, read by the same rule */
		size_t k = len - 1;
		while (k > 0 && s[k - 1] == ' ')
			k--;
		if (f != FORMAT_PERCENT)
			return VALUE_PERCENT_SIGN;
		char *number = xstrndup(s, k);
		enum value_reading rc = k > 0 && number[0] != ' ' && number[k - 1] != '%'
						? vn_read_value(number, f, out, alt)
						: VALUE_NOT_NUMBER;
		free(number);
		return rc;
	}
	bool neg = *s == '-';
	const char *p = s + neg;
	size_t n = strlen(p), commas = count_char(p, ','), dots = count_char(p, '.');
	const char *frac = "";
	bool ok = false, two_ways = false;
	struct buf ip; /* the integer part's digits */
	buf_init(&ip);
	if (commas == 1) {
		/* the decimal comma; dots before it group thousands */
		const char *comma = strchr(p, ',');
		size_t k = (size_t)(comma - p), after = n - k - 1;
		if (!strchr(comma, '.') && all_digits(comma + 1, after)) {
			ok = dots ? grouped(p, k, &ip) : all_digits(p, k) && buf_put(&ip, p, k);
			frac = comma + 1;
		}
	} else if (commas == 0 && dots > 1) {
		ok = grouped(p, n, &ip); /* several dots: thousands */
	} else if (commas == 0 && dots == 1) {
		const char *dot = strchr(p, '.');
		size_t k = (size_t)(dot - p), after = n - k - 1;
		ok = all_digits(p, k) && all_digits(dot + 1, after) && buf_put(&ip, p, k);
		frac = dot + 1;
		two_ways = before_three(p, k, after);
	} else if (commas == 0) {
		ok = all_digits(p, n) && buf_put(&ip, p, n);
	}
	struct decimal point;
	ok = ok && plain(neg, ip.s, frac, &point);
	enum value_reading rc = ok ? VALUE_OK : VALUE_NOT_NUMBER;
	if (ok && two_ways) {
		/* the thousands reading: the same digits, whole */
		buf_puts(&ip, frac);
		ok = plain(neg, ip.s, "", out);
		while (point.scale > 0 && point.mant % 10 == 0) {
			point.mant /= 10; /* "1,73" rather than "1,730" */
			point.scale--;
		}
		*alt = point;
		/* a count is whole: only the thousands reading is left */
		rc = !ok ? VALUE_NOT_NUMBER : f == FORMAT_COUNT ? VALUE_OK : VALUE_AMBIGUOUS;
	} else if (ok) {
		*out = point;
	}
	buf_free(&ip);
	if (rc == VALUE_OK && f == FORMAT_COUNT) {
		/* a count is whole: "12,0" is 12, "12,5" is an error */
		struct decimal w = *out;
		while (w.scale > 0 && w.mant % 10 == 0) {
			w.mant /= 10;
			w.scale--;
		}
		*out = w;
		if (w.scale > 0)
			rc = VALUE_NOT_WHOLE;
	}
	return rc;
}

/* Brings both to the larger scale; false if that would overflow. */
static bool align(struct decimal *a, struct decimal *b)
{
	while (a->scale < b->scale) {
		if (llabs(a->mant) > INT64_MAX / 10)
			return false;
		a->mant *= 10;
		a->scale++;
	}
	while (b->scale < a->scale) {
		if (llabs(b->mant) > INT64_MAX / 10)
			return false;
		b->mant *= 10;
		b->scale++;
	}
	return true;
}

struct decimal decimal_sub(struct decimal a, struct decimal b)
{
	if (!align(&a, &b)) {
		/* beyond 18 digits: drop precision rather than overflow */
		while (a.scale > 0 && b.scale > 0 && a.scale != b.scale) {
			if (a.scale > b.scale) {
				a.mant /= 10;
				a.scale--;
			} else {
				b.mant /= 10;
				b.scale--;
			}
		}
	}
	struct decimal r = {a.mant - b.mant, a.scale};
	return r;
}

int decimal_cmp(struct decimal a, struct decimal b)
{
	struct decimal d = decimal_sub(a, b);
	return d.mant < 0 ? -1 : d.mant > 0;
}

double decimal_to_double(struct decimal d)
{
	return (double)d.mant / (double)pow10_tab[d.scale];
}

/* Rounds |d| / 10^shift to `decimals` places, half away from zero:
 * returns the magnitude as an integer count of 10^-decimals units. */
static uint64_t round_scaled(struct decimal d, int shift, int decimals)
{
	uint64_t m = d.mant < 0 ? (uint64_t)(-(d.mant + 1)) + 1 : (uint64_t)d.mant;
	int drop = d.scale + shift - decimals; /* digits to remove */
	if (drop <= 0) {
		while (drop < 0) {
			m *= 10;
			drop++;
		}
		return m;
	}
	if (drop > MAX_DIGITS)
		return 0;
	uint64_t div = (uint64_t)pow10_tab[drop];
	return (m + div / 2) / div;
}

/* Writes the integer part of `units` (in 10^-decimals) with thousands dots and, when
 * `trim`, the fraction without trailing zeros, after a decimal comma. */
static void put_number(struct buf *b, bool neg, uint64_t units, int decimals, bool trim)
{
	uint64_t ip = units, fp = 0;
	for (int i = 0; i < decimals; i++) {
		fp += (ip % 10) * (uint64_t)pow10_tab[i];
		ip /= 10;
	}
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)ip);
	if (neg && (ip || fp))
		buf_putc(b, '-');
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf_putc(b, '.');
		buf_putc(b, digits[i]);
	}
	int keep = decimals;
	if (trim)
		while (keep > 0 && fp % 10 == 0) {
			fp /= 10;
			keep--;
		}
	else
		keep = decimals;
	if (keep > 0) {
		char frac[16];
		snprintf(frac, sizeof frac, "%0*llu", keep, (unsigned long long)fp);
		buf_putc(b, ',');
		buf_puts(b, frac);
	}
}

char *vn_count(struct decimal d)
{
	struct buf b;
	buf_init(&b);
	put_number(&b, d.mant < 0, round_scaled(d, 0, d.scale), d.scale, false);
	return buf_detach_free(&b);
}

static char *scaled(struct decimal d, int shift, int decimals, const char *suffix)
{
	struct buf b;
	buf_init(&b);
	put_number(&b, d.mant < 0, round_scaled(d, shift, decimals), decimals, true);
	buf_puts(&b, suffix);
	return buf_detach_free(&b);
}

char *vn_millions(struct decimal d)
{
	return scaled(d, 6, 1, " triệu");
}

char *vn_billions(struct decimal d)
{
	return scaled(d, 9, 1, " tỷ");
}

char *vn_percent(struct decimal d)
{
	return scaled(d, 0, 2, "%");
}

char *vn_format(struct decimal d, enum format f)
{
	switch (f) {
	case FORMAT_MILLIONS:
		return vn_millions(d);
	case FORMAT_BILLIONS:
		return vn_billions(d);
	case FORMAT_PERCENT:
		return vn_percent(d);
	case FORMAT_COUNT:
	default:
		return vn_count(d);
	}
}

/* The magnitude of a change, in words a report would use: a change of a millions-format
 * indicator below a million is written in nghìn ("300 nghìn"), below a thousand in units. */
static char *magnitude(struct decimal d, enum format f)
{
	struct decimal a = d;
	if (a.mant < 0)
		a.mant = -a.mant;
	switch (f) {
	case FORMAT_PERCENT:
		return scaled(a, 0, 2, " điểm phần trăm");
	case FORMAT_MILLIONS:
	case FORMAT_BILLIONS: {
		uint64_t u = round_scaled(a, 0, 0);
		if (f == FORMAT_BILLIONS && u >= 1000000000ULL)
			return vn_billions(a);
		if (u >= 1000000ULL)
			return vn_millions(a);
		if (u >= 1000ULL)
			return scaled(a, 3, 0, " nghìn");
		return vn_count(a);
	}
	case FORMAT_COUNT:
	default:
		return vn_count(a);
	}
}

char *vn_delta(struct decimal delta, enum format f)
{
	if (delta.mant == 0)
		return xstrdup("không đổi");
	char *m = magnitude(delta, f);
	char *s = xasprintf("%s %s", delta.mant > 0 ? "tăng" : "giảm", m);
	free(m);
	return s;
}

char *vn_delta_signed(struct decimal delta, enum format f)
{
	if (delta.mant == 0)
		return xstrdup("0");
	char *m = magnitude(delta, f);
	if (f == FORMAT_PERCENT) {
		/* "0,53 điểm phần trăm" is too long for a table cell: "+0,53 điểm %" */
		char *sp = strstr(m, " điểm phần trăm");
		if (sp)
			strcpy(sp, " điểm %");
	}
	char *s = xasprintf("%s%s", delta.mant > 0 ? "+" : "\xE2\x88\x92", m);
	free(m);
	return s;
}

char *vn_date_line(const char *place, struct date d)
{
	char day[16], month[16];
	if (d.day > 0)
		snprintf(day, sizeof day, "%02d", d.day);
	else
		strcpy(day, "    "); /* with the spaces around it: six, as the decree shows */
	if (d.month <= 2)
		snprintf(month, sizeof month, "%02d", d.month);
	else
		snprintf(month, sizeof month, "%d", d.month);
	return xasprintf("%s, ngày %s tháng %s năm %d", place, day, month, d.year);
}

char *vn_number_line(const char *number)
{
	const char *slash = strchr(number, '/');
	size_t head = slash ? (size_t)(slash - number) : strlen(number);
	while (head > 0 && number[head - 1] == ' ')
		head--;
	if (head == 0)
		return xasprintf("Số:      %s", slash ? slash : number);
	bool digits = true;
	for (size_t i = 0; i < head; i++)
		if (number[i] < '0' || number[i] > '9')
			digits = false;
	const char *rest = slash ? slash : "";
	if (digits && head == 1)
		return xasprintf("Số: 0%c%s", number[0], rest);
	return xasprintf("Số: %.*s%s", (int)head, number, rest);
}

char *vn_month(int year, int month)
{
	return xasprintf("tháng %02d/%d", month, year);
}

char *vn_date_short(struct date d)
{
	if (d.day > 0)
		return xasprintf("%02d/%02d/%d", d.day, d.month, d.year);
	return xasprintf("%02d/%d", d.month, d.year);
}

char *vn_plain(struct decimal d)
{
	struct buf b;
	buf_init(&b);
	uint64_t m = d.mant < 0 ? (uint64_t)(-(d.mant + 1)) + 1 : (uint64_t)d.mant;
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%0*llu", d.scale + 1, (unsigned long long)m);
	if (d.mant < 0)
		buf_putc(&b, '-');
	buf_put(&b, digits, (size_t)(n - d.scale));
	if (d.scale > 0) {
		buf_putc(&b, ',');
		buf_put(&b, digits + n - d.scale, (size_t)d.scale);
	}
	return buf_detach_free(&b);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The 1-2 digit number at s (not a digit before it: checked by the caller), its length. */
static int month_digits(const char *s, int *m)
{
	if (!is_digit(s[0]))
		return 0;
	int n = is_digit(s[1]) ? 2 : 1;
	if (is_digit(s[n]))
		return 0;
	*m = n == 2 ? (s[0] - '0') * 10 + (s[1] - '0') : s[0] - '0';
	return *m >= 1 && *m <= 12 ? n : 0;
}

static int year_digits(const char *s, int *y)
{
	for (int i = 0; i < 4; i++)
		if (!is_digit(s[i]))
			return 0;
	if (is_digit(s[4]))
		return 0;
	*y = atoi(s);
	return *y >= 1900 ? 4 : 0;
}

/* Whether the text before `at` (from `start`) ends with "tháng " (any case) not after a
 * day ("ngày 5 tháng "): the month of a month, not of a date. */
static bool after_thang(const char *start, const char *at)
{
	static const char *const words[] = {"tháng", "Tháng", "THÁNG"};
	const char *p = at;
	while (p > start && p[-1] == ' ')
		p--;
	if (p == at)
		return false;
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(words[i]);
		if ((size_t)(p - start) < n || strncmp(p - n, words[i], n) != 0)
			continue;
		const char *q = p - n;
		while (q > start && q[-1] == ' ')
			q--;
		return !(q > start && is_digit(q[-1])); /* "ngày 05 tháng 6 năm 2025" */
	}
	return false;
}

/* The month reference starting at p, if any (the rules of vn_month_refs). */
static bool month_ref_at(const char *s, const char *p, struct vn_month_ref *ref)
{
	int m = 0, y = 0, nm, ny, gap = 0;
	bool free_start = p == s || (!is_digit(p[-1]) && p[-1] != '/' && p[-1] != '.' &&
				     p[-1] != ',');
	if (!free_start || (nm = month_digits(p, &m)) == 0)
		return false;
	if (p[nm] == '/' && (ny = year_digits(p + nm + 1, &y)) > 0 && p[nm + 1 + ny] != '/')
		gap = 1; /* "6/2025", not "12/2024/NĐ-CP" */
	else if (strncmp(p + nm, " năm ", strlen(" năm ")) == 0 && after_thang(s, p) &&
		 (ny = year_digits(p + nm + strlen(" năm "), &y)) > 0)
		gap = (int)strlen(" năm ");
	if (!gap)
		return false;
	*ref = (struct vn_month_ref){(size_t)(p - s), (size_t)(nm + gap + ny), nm, y, m};
	return true;
}

size_t vn_month_refs(const char *s, struct vn_month_ref *out, size_t max)
{
	size_t n = 0;
	for (const char *p = s; *p && n < max;) {
		if (month_ref_at(s, p, &out[n])) {
			p += out[n++].len;
			continue;
		}
		if (is_digit(*p)) /* a whole number, so that its tail is not taken for a month */
			while (is_digit(*p))
				p++;
		else
			p++;
	}
	return n;
}

char *vn_shift_months(const char *s, int year, int month, int shift)
{
	struct buf b;
	buf_init(&b);
	int base = year * 12 + month - 1;
	for (const char *p = s; *p;) {
		struct vn_month_ref ref;
		int k = 0;
		if (month_ref_at(s, p, &ref) &&
		    ((k = ref.year * 12 + ref.month - 1) == base || k == base + 1)) {
			k += shift;
			int m2 = k % 12 + 1;
			if (ref.month_digits == 2 || m2 <= 2)
				buf_printf(&b, "%02d", m2);
			else
				buf_printf(&b, "%d", m2);
			/* what separates the month and the year: "/" or " năm " */
			buf_put(&b, p + ref.month_digits, ref.len - (size_t)ref.month_digits - 4);
			buf_printf(&b, "%04d", k / 12);
			p += ref.len;
			continue;
		}
		if (is_digit(*p)) {
			while (is_digit(*p))
				buf_putc(&b, *p++);
			continue;
		}
		buf_putc(&b, *p++);
	}
	return buf_detach_free(&b);
}

char *vn_roman(int n)
{
	static const struct {
		int v;
		const char *s;
	} t[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
		 {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},   {4, "IV"},  {1, "I"}};
	struct buf b;
	buf_init(&b);
	if (n <= 0 || n > 3999)
		buf_puts(&b, "?");
	for (size_t i = 0; i < sizeof t / sizeof t[0] && n > 0; i++)
		while (n >= t[i].v) {
			buf_puts(&b, t[i].s);
			n -= t[i].v;
		}
	return buf_detach_free(&b);
}
