/* Unit tests for lunar: the Vietnamese lunar calendar.
 *
 * The tables below are the published dates of the python-holidays project
 * (vacanza/holidays, holidays/calendars/chinese.py at commit
 * c382fdec456ce76e03b841ab809d47e46be610a2, MIT licence): its Chinese
 * lunisolar dates with its Vietnamese exceptions applied
 * (VIETNAMESE_CALENDAR_LUNAR_NEW_YEAR_DATES: 1965, 1968, 1969, 1985, 2007,
 * 2030; VIETNAMESE_CALENDAR_HUNG_KINGS_DATES: 1975, 2009, 2037, 2038), the
 * days on which Vietnam keeps Tết (1/1), the Hùng Kings' commemoration
 * (Giỗ Tổ Hùng Vương, 10/3) and the Mid-Autumn festival (Trung thu,
 * 15/8).  Some of Vietnam's exceptions are documented elsewhere too: Tết
 * 2007 on 17 February (China 18) and 2030 on 2 February (China 3)
 * (kientruc2014.com, "What year is it in Vietnam"; scienceinfo.net, "Why is
 * the Vietnamese and Chinese New Year a day different?"), and Tết 1968 on
 * 29 January in the North, which had taken UTC+7, 30 January in the South
 * (Helmer Aslaksen, "The Mathematics of the Chinese Calendar").
 *
 * Leap months (tháng nhuận).  2025 repeats month 6, from 25 July to 22
 * August: english.shanghai.gov.cn, "Leap Sixth Month returns: Only six
 * occurrences this century" (28 July 2025), for China's calendar, whose
 * Tết, Hùng Kings' day and Mid-Autumn day of 2025 are Vietnam's too.  2020
 * and 2023 are bracketed by the tables above and python-holidays'
 * DRAGON_BOAT_DATES (5/5): Tết 25 January 2020, 10/3 on 2 April, 5/5 on 25
 * June (152 days after Tết: five months, so a month repeats between the
 * 3rd and the 5th); Tết 22 January 2023 and 10/3 on 29 April (97 days:
 * three months, so a month repeats before the 3rd).  That the repeated
 * months are the 4th of 2020 and the 2nd of 2023 is the algorithm's
 * answer, not a cited one.
 */
#include <stdio.h>

#include "harness.h"
#include "lunar.h"
#include "schema.h"

struct S_solar {
	int year, month, day;
};

static const struct S_solar S_tet[] = {
	{1950, 2, 17}, {1951, 2, 6}, {1952, 1, 27}, {1953, 2, 14}, {1954, 2, 3}, {1955, 1, 24},
	{1956, 2, 12}, {1957, 1, 31}, {1958, 2, 18}, {1959, 2, 8}, {1960, 1, 28}, {1961, 2, 15},
	{1962, 2, 5}, {1963, 1, 25}, {1964, 2, 13}, {1965, 2, 1}, {1966, 1, 21}, {1967, 2, 9},
	{1968, 1, 29}, {1969, 2, 16}, {1970, 2, 6}, {1971, 1, 27}, {1972, 2, 15}, {1973, 2, 3},
	{1974, 1, 23}, {1975, 2, 11}, {1976, 1, 31}, {1977, 2, 18}, {1978, 2, 7}, {1979, 1, 28},
	{1980, 2, 16}, {1981, 2, 5}, {1982, 1, 25}, {1983, 2, 13}, {1984, 2, 2}, {1985, 1, 21},
	{1986, 2, 9}, {1987, 1, 29}, {1988, 2, 17}, {1989, 2, 6}, {1990, 1, 27}, {1991, 2, 15},
	{1992, 2, 4}, {1993, 1, 23}, {1994, 2, 10}, {1995, 1, 31}, {1996, 2, 19}, {1997, 2, 7},
	{1998, 1, 28}, {1999, 2, 16}, {2000, 2, 5}, {2001, 1, 24}, {2002, 2, 12}, {2003, 2, 1},
	{2004, 1, 22}, {2005, 2, 9}, {2006, 1, 29}, {2007, 2, 17}, {2008, 2, 7}, {2009, 1, 26},
	{2010, 2, 14}, {2011, 2, 3}, {2012, 1, 23}, {2013, 2, 10}, {2014, 1, 31}, {2015, 2, 19},
	{2016, 2, 8}, {2017, 1, 28}, {2018, 2, 16}, {2019, 2, 5}, {2020, 1, 25}, {2021, 2, 12},
	{2022, 2, 1}, {2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29}, {2026, 2, 17}, {2027, 2, 6},
	{2028, 1, 26}, {2029, 2, 13}, {2030, 2, 2}, {2031, 1, 23}, {2032, 2, 11}, {2033, 1, 31},
	{2034, 2, 19}, {2035, 2, 8}, {2036, 1, 28}, {2037, 2, 15}, {2038, 2, 4}, {2039, 1, 24},
	{2040, 2, 12}, {2041, 2, 1}, {2042, 1, 22}, {2043, 2, 10}, {2044, 1, 30}, {2045, 2, 17},
	{2046, 2, 6}, {2047, 1, 26}, {2048, 2, 14}, {2049, 2, 2}, {2050, 1, 23},
};
static const struct S_solar S_hung_kings[] = {
	{1950, 4, 26}, {1951, 4, 15}, {1952, 4, 4}, {1953, 4, 23}, {1954, 4, 12}, {1955, 4, 2},
	{1956, 4, 20}, {1957, 4, 9}, {1958, 4, 28}, {1959, 4, 17}, {1960, 4, 5}, {1961, 4, 24},
	{1962, 4, 14}, {1963, 4, 3}, {1964, 4, 21}, {1965, 4, 11}, {1966, 3, 31}, {1967, 4, 19},
	{1968, 4, 7}, {1969, 4, 26}, {1970, 4, 15}, {1971, 4, 5}, {1972, 4, 23}, {1973, 4, 12},
	{1974, 4, 2}, {1975, 4, 20}, {1976, 4, 9}, {1977, 4, 27}, {1978, 4, 16}, {1979, 4, 6},
	{1980, 4, 24}, {1981, 4, 14}, {1982, 4, 3}, {1983, 4, 22}, {1984, 4, 10}, {1985, 4, 29},
	{1986, 4, 18}, {1987, 4, 7}, {1988, 4, 25}, {1989, 4, 15}, {1990, 4, 5}, {1991, 4, 24},
	{1992, 4, 12}, {1993, 4, 1}, {1994, 4, 20}, {1995, 4, 9}, {1996, 4, 27}, {1997, 4, 16},
	{1998, 4, 6}, {1999, 4, 25}, {2000, 4, 14}, {2001, 4, 3}, {2002, 4, 22}, {2003, 4, 11},
	{2004, 4, 28}, {2005, 4, 18}, {2006, 4, 7}, {2007, 4, 26}, {2008, 4, 15}, {2009, 4, 4},
	{2010, 4, 23}, {2011, 4, 12}, {2012, 3, 31}, {2013, 4, 19}, {2014, 4, 9}, {2015, 4, 28},
	{2016, 4, 16}, {2017, 4, 6}, {2018, 4, 25}, {2019, 4, 14}, {2020, 4, 2}, {2021, 4, 21},
	{2022, 4, 10}, {2023, 4, 29}, {2024, 4, 18}, {2025, 4, 7}, {2026, 4, 26}, {2027, 4, 16},
	{2028, 4, 4}, {2029, 4, 23}, {2030, 4, 12}, {2031, 4, 1}, {2032, 4, 19}, {2033, 4, 9},
	{2034, 4, 28}, {2035, 4, 17}, {2036, 4, 6}, {2037, 4, 24}, {2038, 4, 13}, {2039, 4, 3},
	{2040, 4, 20}, {2041, 4, 10}, {2042, 4, 29}, {2043, 4, 19}, {2044, 4, 7}, {2045, 4, 26},
	{2046, 4, 15}, {2047, 4, 4}, {2048, 4, 22}, {2049, 4, 11}, {2050, 4, 1},
};
static const struct S_solar S_mid_autumn[] = {
	{1950, 9, 26}, {1951, 9, 15}, {1952, 10, 3}, {1953, 9, 22}, {1954, 9, 11}, {1955, 9, 30},
	{1956, 9, 19}, {1957, 9, 8}, {1958, 9, 27}, {1959, 9, 17}, {1960, 10, 5}, {1961, 9, 24},
	{1962, 9, 13}, {1963, 10, 2}, {1964, 9, 20}, {1965, 9, 10}, {1966, 9, 29}, {1967, 9, 18},
	{1968, 10, 6}, {1969, 9, 26}, {1970, 9, 15}, {1971, 10, 3}, {1972, 9, 22}, {1973, 9, 11},
	{1974, 9, 30}, {1975, 9, 20}, {1976, 9, 8}, {1977, 9, 27}, {1978, 9, 17}, {1979, 10, 5},
	{1980, 9, 23}, {1981, 9, 12}, {1982, 10, 1}, {1983, 9, 21}, {1984, 9, 10}, {1985, 9, 29},
	{1986, 9, 18}, {1987, 10, 7}, {1988, 9, 25}, {1989, 9, 14}, {1990, 10, 3}, {1991, 9, 22},
	{1992, 9, 11}, {1993, 9, 30}, {1994, 9, 20}, {1995, 9, 9}, {1996, 9, 27}, {1997, 9, 16},
	{1998, 10, 5}, {1999, 9, 24}, {2000, 9, 12}, {2001, 10, 1}, {2002, 9, 21}, {2003, 9, 11},
	{2004, 9, 28}, {2005, 9, 18}, {2006, 10, 6}, {2007, 9, 25}, {2008, 9, 14}, {2009, 10, 3},
	{2010, 9, 22}, {2011, 9, 12}, {2012, 9, 30}, {2013, 9, 19}, {2014, 9, 8}, {2015, 9, 27},
	{2016, 9, 15}, {2017, 10, 4}, {2018, 9, 24}, {2019, 9, 13}, {2020, 10, 1}, {2021, 9, 21},
	{2022, 9, 10}, {2023, 9, 29}, {2024, 9, 17}, {2025, 10, 6}, {2026, 9, 25}, {2027, 9, 15},
	{2028, 10, 3}, {2029, 9, 22}, {2030, 9, 12}, {2031, 10, 1}, {2032, 9, 19}, {2033, 9, 8},
	{2034, 9, 27}, {2035, 9, 16}, {2036, 10, 4}, {2037, 9, 24}, {2038, 9, 13}, {2039, 10, 2},
	{2040, 9, 20}, {2041, 9, 10}, {2042, 9, 28}, {2043, 9, 17}, {2044, 10, 5}, {2045, 9, 25},
	{2046, 9, 15}, {2047, 10, 4}, {2048, 9, 22}, {2049, 9, 11}, {2050, 9, 30},
};

#define S_N(a) (sizeof(a) / sizeof *(a))

/* Every row of table t is lunar day/month of its year, but for the years
 * in skip (0-terminated). */
static void S_check_table(const struct S_solar *t, size_t n, int lday, int lmonth, const int *skip, const char *what)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const int *s = skip;
		while (*s && *s != t[i].year)
			s++;
		if (*s)
			continue;
		struct lunar_date l = {0};
		int rc = lunar_from_solar(t[i].year, t[i].month, t[i].day, &l);
		if (rc != 0 || l.day != lday || l.month != lmonth || l.leap || l.year != t[i].year) {
			fprintf(stderr, "%s %d-%02d-%02d: got %d/%d%s/%d\n", what, t[i].year, t[i].month, t[i].day,
				l.day, l.month, l.leap ? "n" : "", l.year);
			bad++;
		}
		struct lunar_date back = {t[i].year, lmonth, lday, 0};
		long days;
		if (lunar_to_days(&back, &days) != 0 || days != lunar_day_number(t[i].year, t[i].month, t[i].day)) {
			fprintf(stderr, "%s %d: lunar %d/%d gives another day\n", what, t[i].year, lday, lmonth);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
}

static void S_check(int y, int m, int d, int ly, int lm, int ld, int leap)
{
	struct lunar_date l = {0};
	CHECK_INT(lunar_from_solar(y, m, d, &l), 0);
	CHECK_INT(l.year, ly);
	CHECK_INT(l.month, lm);
	CHECK_INT(l.day, ld);
	CHECK_INT(l.leap, leap);
}

static void S_format(int y, int m, int d, const char *lang, const char *want)
{
	struct lunar_date l;
	struct buf b = BUF_INIT;
	if (lunar_from_solar(y, m, d, &l) == 0)
		lunar_format(&b, &l, lang);
	CHECK_STR(buf_cstr(&b), want);
	buf_free(&b);
}

int main(void)
{
	static const int none[] = {0};
	/* The Mid-Autumn table is China's (UTC+8), with no Vietnamese
	 * exceptions: in 1978, 2034 and 2041 the new moon that begins month 8
	 * falls between 16:00 and 17:00 UTC, before midnight in Vietnam and
	 * after it in China, so Vietnam's month 8 and its Trung thu come a day
	 * earlier; those years are checked on their own below. */
	static const int mid_autumn_china[] = {1978, 2034, 2041, 0};
	S_check_table(S_tet, S_N(S_tet), 1, 1, none, "Tết");
	S_check_table(S_hung_kings, S_N(S_hung_kings), 10, 3, none, "Giỗ Tổ Hùng Vương");
	S_check_table(S_mid_autumn, S_N(S_mid_autumn), 15, 8, mid_autumn_china, "Trung thu");
	S_check(1978, 9, 16, 1978, 8, 15, 0);
	S_check(2034, 9, 26, 2034, 8, 15, 0);
	S_check(2041, 9, 9, 2041, 8, 15, 0);

	/* leap months */
	CHECK_INT(lunar_leap_month(2020), 4);
	CHECK_INT(lunar_leap_month(2023), 2);
	CHECK_INT(lunar_leap_month(2025), 6);
	CHECK_INT(lunar_leap_month(2024), 0);
	CHECK_INT(lunar_leap_month(2026), 0);
	/* 2020: 4th month from 23 April, the leap 4th from 23 May, 5th from 21 June */
	S_check(2020, 5, 22, 2020, 4, 30, 0);
	S_check(2020, 5, 23, 2020, 4, 1, 1);
	S_check(2020, 6, 21, 2020, 5, 1, 0);
	/* Đoan ngọ (5/5) of 2020 and 2023, python-holidays' DRAGON_BOAT_DATES */
	S_check(2020, 6, 25, 2020, 5, 5, 0);
	S_check(2023, 6, 22, 2023, 5, 5, 0);
	/* 2023: 2nd month from 20 February, the leap 2nd from 22 March */
	S_check(2023, 3, 22, 2023, 2, 1, 1);
	S_check(2023, 4, 20, 2023, 3, 1, 0);
	/* 2025: the leap 6th month from 25 July */
	S_check(2025, 7, 25, 2025, 6, 1, 1);
	S_check(2025, 8, 23, 2025, 7, 1, 0);
	/* the days before Tết belong to the year before */
	S_check(2026, 2, 16, 2025, 12, 29, 0);
	S_check(2026, 2, 17, 2026, 1, 1, 0);
	S_check(2026, 4, 25, 2026, 3, 9, 0);

	/* a leap month the year does not have, day 30 of a 29-day month */
	long days;
	struct lunar_date no_leap = {2026, 3, 10, 1}, leap4 = {2020, 4, 15, 1};
	CHECK_INT(lunar_to_days(&no_leap, &days), -1);
	CHECK_INT(lunar_to_days(&leap4, &days), 0);
	CHECK_INT(days, lunar_day_number(2020, 6, 6));
	CHECK_INT(lunar_month_length(2025, 12, 0), 29); /* Tết 2026 follows 29 tháng Chạp */
	struct lunar_date d30 = {2025, 12, 30, 0}, bad = {2026, 13, 1, 0}, zero = {2026, 1, 0, 0};
	CHECK_INT(lunar_to_days(&d30, &days), -1);
	CHECK_INT(lunar_to_days(&bad, &days), -1);
	CHECK_INT(lunar_to_days(&zero, &days), -1);
	struct lunar_date l;
	CHECK_INT(lunar_from_solar(1899, 12, 31, &l), -1);
	CHECK_INT(lunar_from_solar(2200, 1, 1, &l), -1);
	CHECK_INT(lunar_from_solar(2026, 2, 29, &l), -1);
	CHECK_INT(lunar_from_solar(2026, 4, 31, &l), -1);

	/* every day of 1901-2150 and back: months 29 or 30 days, in order */
	int bad_round = 0, bad_len = 0;
	long first = lunar_day_number(1901, 1, 1), last = lunar_day_number(2150, 12, 31);
	struct lunar_date prev = {0};
	for (long n = first; n <= last; n++) {
		int y, m, d;
		lunar_civil(n, &y, &m, &d);
		if (lunar_day_number(y, m, d) != n)
			bad_round++;
		if (lunar_from_solar(y, m, d, &l) != 0 || lunar_to_days(&l, &days) != 0 || days != n) {
			bad_round++;
			continue;
		}
		if (n > first) {
			int next_day = l.day == prev.day + 1 && l.month == prev.month && l.leap == prev.leap;
			int new_month = l.day == 1 && prev.day >= 29 &&
					prev.day == lunar_month_length(prev.year, prev.month, prev.leap);
			if (!next_day && !new_month)
				bad_len++;
		}
		prev = l;
	}
	CHECK_INT(bad_round, 0);
	CHECK_INT(bad_len, 0);

	/* names */
	struct buf b = BUF_INIT;
	lunar_year_name(&b, 2026);
	CHECK_STR(buf_cstr(&b), "Bính Ngọ");
	buf_reset(&b);
	lunar_year_name(&b, 1984);
	CHECK_STR(buf_cstr(&b), "Giáp Tý");
	buf_reset(&b);
	lunar_year_name(&b, 2025);
	CHECK_STR(buf_cstr(&b), "Ất Tỵ");
	buf_free(&b);
	CHECK_STR(lunar_animal_en(2021), "Buffalo");
	CHECK_STR(lunar_animal_en(2023), "Cat");
	S_format(2026, 4, 25, "vi", "mùng 9 tháng 3 năm Bính Ngọ");
	S_format(2026, 4, 25, "en", "9th day of the 3rd lunar month, year of Bính Ngọ (Horse)");
	S_format(2026, 2, 17, "vi", "mùng 1 tháng Giêng năm Bính Ngọ");
	S_format(2026, 2, 16, "vi", "ngày 29 tháng Chạp năm Ất Tỵ");
	S_format(2020, 6, 6, "vi", "ngày 15 tháng 4 nhuận năm Canh Tý");
	S_format(2020, 6, 6, "en", "15th day of the leap 4th lunar month, year of Canh Tý (Rat)");
	S_format(2026, 9, 25, "en", "15th day of the 8th lunar month, year of Bính Ngọ (Horse)");
	S_format(2026, 4, 25, "fr", "9/3/2026");
	/* the front matter's form: "D/M", "D/Mn" or "D/M nhuận", then " HH:MM" */
	struct schema_lunar sl;
	CHECK_INT(schema_parse_lunar("10/3", &sl), 0);
	CHECK(sl.day == 10 && sl.month == 3 && !sl.leap && !sl.has_time);
	CHECK_INT(schema_parse_lunar("15/4n 19:30", &sl), 0);
	CHECK(sl.day == 15 && sl.month == 4 && sl.leap && sl.has_time && sl.hour == 19 && sl.minute == 30);
	CHECK_INT(schema_parse_lunar("15/4 nhuận", &sl), 0);
	CHECK(sl.leap && !sl.has_time);
	CHECK_INT(schema_parse_lunar("32/13", &sl), -2);
	CHECK_INT(schema_parse_lunar("0/1", &sl), -2);
	CHECK_INT(schema_parse_lunar("30/12", &sl), 0);
	static const char *const bad_forms[] = {"", "/", "10/", "/3", "10-3", "10/3/2026", "10/3 7:3", "10/3 24:00",
						"10/3 07:60", "10/3x", "100/3", "10/333", "10/3 ", "1/1n nhuận",
						"mùng 10 tháng 3", "10/3\n"};
	int accepted = 0;
	for (size_t i = 0; i < S_N(bad_forms); i++)
		if (schema_parse_lunar(bad_forms[i], &sl) != -1)
			accepted++;
	CHECK_INT(accepted, 0);
	HARNESS_DONE();
}
