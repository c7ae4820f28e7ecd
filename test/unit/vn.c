/* Vietnamese numbers and dates: expected strings written from docs/content-format.md and
 * docs/bao-cao-format.md, not from the program's output. */
#include "check.h"

#include "vn.h"

static struct decimal D(const char *s)
{
	struct decimal d = {0, 0};
	if (!decimal_parse(s, &d))
		printf("not ok - test input \"%s\" did not parse\n", s);
	return d;
}

static void test_parse(void)
{
	struct decimal d;
	CHECK(decimal_parse("0", &d) && d.mant == 0 && d.scale == 0);
	CHECK(decimal_parse("73.03", &d) && d.mant == 7303 && d.scale == 2);
	CHECK(decimal_parse("-8", &d) && d.mant == -8);
	CHECK(decimal_parse("0001900482958", &d) && d.mant == 1900482958LL);
	CHECK(decimal_parse("999999999999999999", &d));
	CHECK(!decimal_parse("9999999999999999999", &d)); /* 19 digits */
	CHECK(!decimal_parse("", &d));
	CHECK(!decimal_parse("-", &d));
	CHECK(!decimal_parse("1.", &d));
	CHECK(!decimal_parse(".5", &d));
	CHECK(!decimal_parse("1.2.3", &d));
	CHECK(!decimal_parse("1,5", &d));
	CHECK(!decimal_parse("87,9 triệu", &d));
	CHECK(!decimal_parse(" 12", &d));
	CHECK(!decimal_parse("1e6", &d));
	CHECK(!decimal_parse("0.1234567890", &d)); /* 10 decimals */
	CHECK(!decimal_parse("+5", &d));
}

/* vn_read_value: the rule of docs/content-format.md ("kpi.csv"), case by case. */
static int reads(const char *s, enum format f, long long mant, int scale)
{
	struct decimal d = {0, 0}, alt = {0, 0};
	return vn_read_value(s, f, &d, &alt) == VALUE_OK && d.mant == mant && d.scale == scale;
}

static int ambiguous(const char *s, enum format f, long long thousands, long long point_mant,
		     int point_scale)
{
	struct decimal d = {0, 0}, alt = {0, 0};
	return vn_read_value(s, f, &d, &alt) == VALUE_AMBIGUOUS && d.mant == thousands &&
	       d.scale == 0 && alt.mant == point_mant && alt.scale == point_scale;
}

static enum value_reading reading(const char *s, enum format f)
{
	struct decimal d, alt;
	return vn_read_value(s, f, &d, &alt);
}

static void test_read_value(void)
{
	/* plain forms, as before */
	CHECK(reads("78553494", FORMAT_COUNT, 78553494, 0));
	CHECK(reads("59.57", FORMAT_PERCENT, 5957, 2));
	CHECK(reads("73.03", FORMAT_PERCENT, 7303, 2));
	CHECK(reads("87900000", FORMAT_MILLIONS, 87900000, 0));
	CHECK(reads("-8", FORMAT_COUNT, -8, 0));
	CHECK(reads("0", FORMAT_PERCENT, 0, 0));
	CHECK(reads("0.5", FORMAT_PERCENT, 5, 1));
	CHECK(reads("0.125", FORMAT_PERCENT, 125, 3)); /* a leading zero never groups */
	CHECK(reads("1730.5", FORMAT_PERCENT, 17305, 1));
	CHECK(reads("1730.500", FORMAT_PERCENT, 1730500, 3)); /* four digits before: a point */
	CHECK(reads("12.5", FORMAT_MILLIONS, 125, 1));
	CHECK(reads("12.3456", FORMAT_PERCENT, 123456, 4));
	/* Excel's Vietnamese forms */
	CHECK(reads("78.553.494", FORMAT_COUNT, 78553494, 0));
	CHECK(reads("78.553.494", FORMAT_MILLIONS, 78553494, 0));
	CHECK(reads("1.900.482.958", FORMAT_COUNT, 1900482958LL, 0));
	CHECK(reads("59,57", FORMAT_PERCENT, 5957, 2));
	CHECK(reads("87,9", FORMAT_PERCENT, 879, 1));
	CHECK(reads("0,5", FORMAT_PERCENT, 5, 1));
	CHECK(reads("1.234,56", FORMAT_PERCENT, 123456, 2));
	CHECK(reads("21.375.000.000.000", FORMAT_BILLIONS, 21375000000000LL, 0));
	CHECK(reads("-1.234.567", FORMAT_COUNT, -1234567, 0));
	CHECK(reads("-0,53", FORMAT_PERCENT, -53, 2));
	/* a count must be whole: a lone dot before three digits groups thousands */
	CHECK(reads("1.730", FORMAT_COUNT, 1730, 0));
	CHECK(reads("36.010", FORMAT_COUNT, 36010, 0));
	CHECK(reads("105.000", FORMAT_COUNT, 105000, 0));
	CHECK(reads("-105.000", FORMAT_COUNT, -105000, 0));
	CHECK(reads("12,0", FORMAT_COUNT, 12, 0));
	CHECK(reads("12.00", FORMAT_COUNT, 12, 0)); /* two digits after: a point, and whole */
	CHECK(reading("1,730", FORMAT_COUNT) == VALUE_NOT_WHOLE); /* a comma is decimal */
	CHECK(reads("1,730", FORMAT_PERCENT, 1730, 3));
	CHECK(reads("23,456", FORMAT_PERCENT, 23456, 3));
	CHECK(reads("12,3456", FORMAT_PERCENT, 123456, 4));
	CHECK(reads("1730,500", FORMAT_PERCENT, 1730500, 3));
	CHECK(reads("0,125", FORMAT_PERCENT, 125, 3));
	CHECK(reading("12,5", FORMAT_COUNT) == VALUE_NOT_WHOLE);
	CHECK(reading("12.5", FORMAT_COUNT) == VALUE_NOT_WHOLE);
	CHECK(reading("1.234,5", FORMAT_COUNT) == VALUE_NOT_WHOLE);
	CHECK(reading("0.125", FORMAT_COUNT) == VALUE_NOT_WHOLE);
	/* both readings are possible for any other format: an error naming both */
	CHECK(ambiguous("1.730", FORMAT_PERCENT, 1730, 173, 2));
	CHECK(ambiguous("36.010", FORMAT_MILLIONS, 36010, 3601, 2));
	CHECK(ambiguous("105.000", FORMAT_BILLIONS, 105000, 105, 0));
	CHECK(ambiguous("-1.730", FORMAT_PERCENT, -1730, -173, 2));
	CHECK(ambiguous("999.999", FORMAT_PERCENT, 999999, 999999, 3));
	/* a percent may carry its sign, as Excel writes a cell formatted as a percentage; by
	 * the same rule before it */
	CHECK(reads("73,03%", FORMAT_PERCENT, 7303, 2));
	CHECK(reads("73,03 %", FORMAT_PERCENT, 7303, 2));
	CHECK(reads("80%", FORMAT_PERCENT, 80, 0));
	CHECK(reads("-1,5%", FORMAT_PERCENT, -15, 1));
	CHECK(ambiguous("1.730%", FORMAT_PERCENT, 1730, 173, 2));
	CHECK(reading("73,03%", FORMAT_COUNT) == VALUE_PERCENT_SIGN);
	CHECK(reading("35%", FORMAT_MILLIONS) == VALUE_PERCENT_SIGN);
	CHECK(reading("35 %", FORMAT_BILLIONS) == VALUE_PERCENT_SIGN);
	CHECK(reading("5%%", FORMAT_PERCENT) == VALUE_NOT_NUMBER);
	CHECK(reading(",%", FORMAT_PERCENT) == VALUE_NOT_NUMBER);
	CHECK(reading(" %", FORMAT_PERCENT) == VALUE_NOT_NUMBER);
	CHECK(reading(" 5%", FORMAT_PERCENT) == VALUE_NOT_NUMBER);
	/* not numbers under the rule */
	const char *bad[] = {"", "-", ",", ".", "1.", ".5", ",5", "1,", "1,2,3", "1,2.3",
			     "1.2.3", "12.34.567", "1.2345.678", "1234.567.890", "0.123.456",
			     "1.234.56", "1..234", "1.234,", "87,9 triệu", " 12", "12 ", "1e6",
			     "+5", "--5", "5-", "1 234", "0.1234567890", "1,1234567890",
			     "9999999999999999999", "9.999.999.999.999.999.999", "x", "%",
			     "% 5", "5 %x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int ok = reading(bad[i], FORMAT_PERCENT) == VALUE_NOT_NUMBER &&
			 reading(bad[i], FORMAT_COUNT) == VALUE_NOT_NUMBER;
		check_report(ok, __FILE__, __LINE__, "not a number", bad[i]);
	}
	/* every plain number decimal_parse takes reads the same, but for the one-dot,
	 * three-digit forms the rule names (a count's fraction aside) */
	for (int ip = 0; ip < 2000; ip += 7)
		for (int fd = 0; fd <= 4; fd++) {
			char s[32];
			if (fd == 0)
				snprintf(s, sizeof s, "%d", ip);
			else
				snprintf(s, sizeof s, "%d.%0*d", ip, fd, (ip * 37) % (fd == 1 ? 10 :
					 fd == 2 ? 100 : fd == 3 ? 1000 : 10000));
			struct decimal want, got, alt;
			decimal_parse(s, &want);
			enum value_reading r = vn_read_value(s, FORMAT_PERCENT, &got, &alt);
			bool grouping = fd == 3 && ip >= 1 && ip <= 999;
			int ok = grouping ? r == VALUE_AMBIGUOUS && decimal_cmp(alt, want) == 0
					  : r == VALUE_OK && got.mant == want.mant &&
						    got.scale == want.scale;
			check_report(ok, __FILE__, __LINE__, "a plain number reads as before", s);
		}
}

static void test_plain(void)
{
	CHECK_STR(vn_plain(D("1730")), "1730");
	CHECK_STR(vn_plain(D("1.73")), "1,73");
	CHECK_STR(vn_plain(D("0.05")), "0,05");
	CHECK_STR(vn_plain(D("-1.73")), "-1,73");
	CHECK_STR(vn_plain(D("-0.5")), "-0,5");
	CHECK_STR(vn_plain(D("0")), "0");
	CHECK_STR(vn_plain(D("999999999999999999")), "999999999999999999");
	CHECK_STR(vn_plain(D("0.000000001")), "0,000000001");
}

/* vn_shift_months, as `baocao new` moves a report on: the expected texts written by hand. */
static void test_shift_months(void)
{
	/* June 2025's report to July's: June and July move on one month, in every form */
	CHECK_STR(vn_shift_months("Tình hình tháng 6/2025 và nhiệm vụ trọng tâm tháng 7/2025",
				  2025, 6, 1),
		  "Tình hình tháng 7/2025 và nhiệm vụ trọng tâm tháng 8/2025");
	CHECK_STR(vn_shift_months("kết quả tháng 6 năm 2025 và nhiệm vụ tháng 7 năm 2025", 2025,
				  6, 1),
		  "kết quả tháng 7 năm 2025 và nhiệm vụ tháng 8 năm 2025");
	CHECK_STR(vn_shift_months("số liệu 06/2025, 6/2025 và 07/2025", 2025, 6, 1),
		  "số liệu 07/2025, 7/2025 và 08/2025");
	CHECK_STR(vn_shift_months("Tháng 6 năm 2025", 2025, 6, 1), "Tháng 7 năm 2025");
	/* across a year end; months below 3 get their zero, as the decree writes them */
	CHECK_STR(vn_shift_months("tháng 12/2025 và tháng 01/2026", 2025, 12, 1),
		  "tháng 01/2026 và tháng 02/2026");
	CHECK_STR(vn_shift_months("tháng 12 năm 2025, tháng 1 năm 2026", 2025, 12, 1),
		  "tháng 01 năm 2026, tháng 02 năm 2026");
	CHECK_STR(vn_shift_months("tháng 11/2025 và tháng 12/2025", 2025, 11, 1),
		  "tháng 12/2025 và tháng 01/2026");
	CHECK_STR(vn_shift_months("tháng 9/2025", 2025, 9, 1), "tháng 10/2025");
	/* a skipped month: two on */
	CHECK_STR(vn_shift_months("tháng 7/2025 và tháng 8/2025", 2025, 7, 2),
		  "tháng 9/2025 và tháng 10/2025");
	/* left alone: other months, dates of a day, document numbers, other numbers */
	CHECK_STR(vn_shift_months("so với tháng 5/2025 và tháng 6/2024", 2025, 6, 1),
		  "so với tháng 5/2025 và tháng 6/2024");
	CHECK_STR(vn_shift_months("ngày 20/06/2025 và ngày 5 tháng 6 năm 2025", 2025, 6, 1),
		  "ngày 20/06/2025 và ngày 5 tháng 6 năm 2025");
	CHECK_STR(vn_shift_months("Nghị định số 06/2025/NĐ-CP", 2025, 6, 1),
		  "Nghị định số 06/2025/NĐ-CP");
	CHECK_STR(vn_shift_months("106/2025, 1.06/2025, 6/20250", 2025, 6, 1),
		  "106/2025, 1.06/2025, 6/20250");
	CHECK_STR(vn_shift_months("6 năm 2025", 2025, 6, 1), "6 năm 2025"); /* no "tháng" */
	CHECK_STR(vn_shift_months("Quý II/2025, 13/2025, 0/2025", 2025, 6, 1),
		  "Quý II/2025, 13/2025, 0/2025");
	CHECK_STR(vn_shift_months("", 2025, 6, 1), "");
	CHECK_STR(vn_shift_months("6/2025", 2025, 6, 1), "7/2025");

	/* the references themselves, where they are */
	struct vn_month_ref refs[4];
	const char *t = "Kết quả tháng 12/2024 và tháng 1 năm 2025 (ngày 20/01/2025, 06/2025/NĐ-CP)";
	size_t n = vn_month_refs(t, refs, 4);
	CHECK(n == 2);
	CHECK(n >= 1 && refs[0].year == 2024 && refs[0].month == 12 && refs[0].month_digits == 2 &&
	      strncmp(t + refs[0].at, "12/2024", refs[0].len) == 0 && refs[0].len == 7);
	CHECK(n >= 2 && refs[1].year == 2025 && refs[1].month == 1 && refs[1].month_digits == 1 &&
	      strncmp(t + refs[1].at, "1 năm 2025", refs[1].len) == 0);
	CHECK(vn_month_refs("6/2025 7/2025 8/2025", refs, 2) == 2); /* at most max */
	CHECK(vn_month_refs("", refs, 4) == 0);
}

static void test_count(void)
{
	CHECK_STR(vn_count(D("0")), "0");
	CHECK_STR(vn_count(D("7")), "7");
	CHECK_STR(vn_count(D("999")), "999");
	CHECK_STR(vn_count(D("1000")), "1.000");
	CHECK_STR(vn_count(D("54")), "54");
	CHECK_STR(vn_count(D("520887")), "520.887");
	CHECK_STR(vn_count(D("1900482958")), "1.900.482.958");
	CHECK_STR(vn_count(D("1075078244")), "1.075.078.244");
	CHECK_STR(vn_count(D("-1234")), "-1.234");
	CHECK_STR(vn_count(D("12.5")), "12,5");
	CHECK_STR(vn_count(D("2917.9")), "2.917,9");
	CHECK_STR(vn_count(D("999999999999999999")), "999.999.999.999.999.999");
}

static void test_millions(void)
{
	CHECK_STR(vn_millions(D("87900000")), "87,9 triệu");
	CHECK_STR(vn_millions(D("87912345")), "87,9 triệu");
	CHECK_STR(vn_millions(D("87950000")), "88 triệu"); /* half up, ",0" dropped */
	CHECK_STR(vn_millions(D("2900000")), "2,9 triệu");
	CHECK_STR(vn_millions(D("60000000")), "60 triệu");
	CHECK_STR(vn_millions(D("14030000")), "14 triệu");
	CHECK_STR(vn_millions(D("80100000")), "80,1 triệu");
	CHECK_STR(vn_millions(D("1234567890")), "1.234,6 triệu");
	CHECK_STR(vn_millions(D("0")), "0 triệu");
	CHECK_STR(vn_millions(D("-2500000")), "-2,5 triệu");
	CHECK_STR(vn_millions(D("56.8")), "0 triệu");
}

static void test_percent(void)
{
	CHECK_STR(vn_percent(D("73.03")), "73,03%");
	CHECK_STR(vn_percent(D("22.5")), "22,5%");
	CHECK_STR(vn_percent(D("22.50")), "22,5%");
	CHECK_STR(vn_percent(D("80")), "80%");
	CHECK_STR(vn_percent(D("59.57")), "59,57%");
	CHECK_STR(vn_percent(D("56")), "56%");
	CHECK_STR(vn_percent(D("33.255")), "33,26%");
	CHECK_STR(vn_percent(D("99.999")), "100%");
	CHECK_STR(vn_percent(D("0.004")), "0%");
	CHECK_STR(vn_percent(D("100")), "100%");
}

static void test_billions(void)
{
	CHECK_STR(vn_billions(D("10200000000")), "10,2 tỷ");
	CHECK_STR(vn_billions(D("116000000000000")), "116.000 tỷ");
	CHECK_STR(vn_format(D("1230000000"), FORMAT_BILLIONS), "1,2 tỷ");
	CHECK_STR(vn_format(D("87900000"), FORMAT_MILLIONS), "87,9 triệu");
	CHECK_STR(vn_format(D("73.03"), FORMAT_PERCENT), "73,03%");
	CHECK_STR(vn_format(D("1900482958"), FORMAT_COUNT), "1.900.482.958");
}

static void test_delta(void)
{
	CHECK_STR(vn_delta(D("1982696"), FORMAT_COUNT), "tăng 1.982.696");
	CHECK_STR(vn_delta(D("-8"), FORMAT_COUNT), "giảm 8");
	CHECK_STR(vn_delta(D("0"), FORMAT_COUNT), "không đổi");
	CHECK_STR(vn_delta(D("0"), FORMAT_PERCENT), "không đổi");
	CHECK_STR(vn_delta(D("154168"), FORMAT_COUNT), "tăng 154.168");
	/* millions: below a million in nghìn, as the reports write "tăng hơn 300 nghìn" */
	CHECK_STR(vn_delta(D("300000"), FORMAT_MILLIONS), "tăng 300 nghìn");
	CHECK_STR(vn_delta(D("-200000"), FORMAT_MILLIONS), "giảm 200 nghìn");
	CHECK_STR(vn_delta(D("2000000"), FORMAT_MILLIONS), "tăng 2 triệu");
	CHECK_STR(vn_delta(D("2030000"), FORMAT_MILLIONS), "tăng 2 triệu");
	CHECK_STR(vn_delta(D("2050000"), FORMAT_MILLIONS), "tăng 2,1 triệu");
	CHECK_STR(vn_delta(D("999"), FORMAT_MILLIONS), "tăng 999");
	CHECK_STR(vn_delta(D("1500"), FORMAT_MILLIONS), "tăng 2 nghìn");
	CHECK_STR(vn_delta(D("0.53"), FORMAT_PERCENT), "tăng 0,53 điểm phần trăm");
	CHECK_STR(vn_delta(D("-1.5"), FORMAT_PERCENT), "giảm 1,5 điểm phần trăm");
	CHECK_STR(vn_delta(D("3000000000"), FORMAT_BILLIONS), "tăng 3 tỷ");
	CHECK_STR(vn_delta_signed(D("-8"), FORMAT_COUNT), "\xE2\x88\x92" "8");
	CHECK_STR(vn_delta_signed(D("1982696"), FORMAT_COUNT), "+1.982.696");
	CHECK_STR(vn_delta_signed(D("0"), FORMAT_COUNT), "0");
	CHECK_STR(vn_delta_signed(D("0.5"), FORMAT_PERCENT), "+0,5 điểm %");
}

static void test_sub(void)
{
	struct decimal a = D("73.03"), b = D("72.5");
	struct decimal r = decimal_sub(a, b);
	CHECK(r.mant == 53 && r.scale == 2);
	CHECK(decimal_cmp(D("1"), D("1.00")) == 0);
	CHECK(decimal_cmp(D("-1"), D("0.5")) < 0);
	CHECK(decimal_cmp(D("87900000"), D("87899999.99")) > 0);
	r = decimal_sub(D("520887"), D("366719"));
	CHECK(r.mant == 154168 && r.scale == 0);
}

static void test_dates(void)
{
	struct date d = {2025, 2, 4};
	CHECK_STR(vn_date_line("Hà Nội", d), "Hà Nội, ngày 04 tháng 02 năm 2025");
	d = (struct date){2019, 6, 29};
	CHECK_STR(vn_date_line("Hà Nội", d), "Hà Nội, ngày 29 tháng 6 năm 2019");
	d = (struct date){2024, 1, 9};
	CHECK_STR(vn_date_line("Huế", d), "Huế, ngày 09 tháng 01 năm 2024");
	d = (struct date){2024, 3, 10};
	CHECK_STR(vn_date_line("Hà Nội", d), "Hà Nội, ngày 10 tháng 3 năm 2024");
	d = (struct date){2024, 12, 31};
	CHECK_STR(vn_date_line("Hà Nội", d), "Hà Nội, ngày 31 tháng 12 năm 2024");
	d = (struct date){2023, 2, 0}; /* a draft */
	CHECK_STR(vn_date_line("Hà Nội", d), "Hà Nội, ngày      tháng 02 năm 2023");
	d = (struct date){2025, 10, 0};
	CHECK_STR(vn_date_line("Hà Nội", d), "Hà Nội, ngày      tháng 10 năm 2025");
	CHECK_STR(vn_date_short((struct date){2025, 2, 4}), "04/02/2025");
	CHECK_STR(vn_date_short((struct date){2025, 3, 0}), "03/2025");
	CHECK_STR(vn_month(2025, 1), "tháng 01/2025");
	CHECK_STR(vn_month(2024, 12), "tháng 12/2024");
}

static void test_number(void)
{
	CHECK_STR(vn_number_line("290/BC-TCTTKĐA"), "Số: 290/BC-TCTTKĐA");
	CHECK_STR(vn_number_line("5/BC-TCTTKĐA"), "Số: 05/BC-TCTTKĐA");
	CHECK_STR(vn_number_line("05/BC-TCTTKĐA"), "Số: 05/BC-TCTTKĐA");
	CHECK_STR(vn_number_line("10/BC-UBND"), "Số: 10/BC-UBND");
	CHECK_STR(vn_number_line("/BC-TCTTKĐA"), "Số:      /BC-TCTTKĐA");
	CHECK_STR(vn_number_line("290 /BC-TCTTKĐA"), "Số: 290/BC-TCTTKĐA");
}

static void test_roman(void)
{
	CHECK_STR(vn_roman(1), "I");
	CHECK_STR(vn_roman(2), "II");
	CHECK_STR(vn_roman(4), "IV");
	CHECK_STR(vn_roman(9), "IX");
	CHECK_STR(vn_roman(14), "XIV");
	CHECK_STR(vn_roman(40), "XL");
	CHECK_STR(vn_roman(1994), "MCMXCIV");
	CHECK_STR(vn_roman(0), "?");
}

int main(void)
{
	test_parse();
	test_read_value();
	test_plain();
	test_shift_months();
	test_count();
	test_millions();
	test_percent();
	test_billions();
	test_delta();
	test_sub();
	test_dates();
	test_number();
	test_roman();
	return check_done();
}
