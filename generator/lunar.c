/* lunar: the Vietnamese lunar calendar from new moons and the sun's
 * longitude at UTC+7 (see lunar.h for the rules and their source). */
#include "lunar.h"

#include <math.h>
#include <string.h>

#define S_PI 3.14159265358979323846
#define S_TZ 7.0                        /* Vietnam's time zone, hours */
#define S_JDN_1970 2440588L             /* the Julian day number of 1970-01-01 */
#define S_SYNODIC 29.530588853          /* the mean lunar month, days */
#define S_NEW_MOON_1900 2415021.076998695 /* the first new moon of 1900, Julian date */

static long S_floor(double x)
{
	return (long)floor(x);
}

long lunar_day_number(int year, int month, int day)
{
	/* days from civil, H. Hinnant's algorithm */
	long y = year - (month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void lunar_civil(long days, int *year, int *month, int *day)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

/* The moment (Julian date, UT) of the k-th new moon after that of
 * 1900-01-01: Meeus' series for the mean new moon and its main periodic
 * terms, less the difference of dynamical and universal time. */
static double S_new_moon(long k)
{
	double t = (double)k / 1236.85, t2 = t * t, t3 = t2 * t, dr = S_PI / 180;
	double jd = 2415020.75933 + 29.53058868 * (double)k + 0.0001178 * t2 - 0.000000155 * t3;
	jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
	double m = (359.2242 + 29.10535608 * (double)k - 0.0000333 * t2 - 0.00000347 * t3) * dr;  /* sun's anomaly */
	double mp = (306.0253 + 385.81691806 * (double)k + 0.0107306 * t2 + 0.00001236 * t3) * dr; /* moon's */
	double f = (21.2964 + 390.67050646 * (double)k - 0.0016528 * t2 - 0.00000239 * t3) * dr;  /* latitude */
	double c = (0.1734 - 0.000393 * t) * sin(m) + 0.0021 * sin(2 * m) - 0.4068 * sin(mp) + 0.0161 * sin(2 * mp) -
		   0.0004 * sin(3 * mp) + 0.0104 * sin(2 * f) - 0.0051 * sin(m + mp) - 0.0074 * sin(m - mp) +
		   0.0004 * sin(2 * f + m) - 0.0004 * sin(2 * f - m) - 0.0006 * sin(2 * f + mp) +
		   0.0010 * sin(2 * f - mp) + 0.0005 * sin(m + 2 * mp);
	double dt = t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
			    : -0.000278 + 0.000265 * t + 0.000262 * t2;
	return jd + c - dt;
}

/* The Julian day number of the day (UTC+7) that holds the k-th new moon. */
static long S_new_moon_day(long k)
{
	return S_floor(S_new_moon(k) + 0.5 + S_TZ / 24);
}

/* The sector (0..11, each 30 degrees from the vernal equinox) of the sun's
 * longitude at the start of day jdn (UTC+7). */
static int S_sun_sector(long jdn)
{
	double t = ((double)jdn - 0.5 - S_TZ / 24 - 2451545.0) / 36525, t2 = t * t, dr = S_PI / 180;
	double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
	double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m) + (0.019993 - 0.000101 * t) * sin(dr * 2 * m) +
		    0.000290 * sin(dr * 3 * m);
	double l = fmod(l0 + dl, 360.0);
	if (l < 0)
		l += 360.0;
	return (int)(l / 30.0);
}

/* The Julian day number of the first day of month 11 of the lunar year
 * that ends in solar year `year`: the month holding the winter solstice
 * (the sun in sector 9, 270 degrees). */
static long S_month11(int year)
{
	long off = lunar_day_number(year, 12, 31) + S_JDN_1970 - 2415021;
	long k = S_floor((double)off / S_SYNODIC);
	long nm = S_new_moon_day(k);
	if (S_sun_sector(nm) >= 9)
		nm = S_new_moon_day(k - 1);
	return nm;
}

/* For a year beginning at month 11 a11 that has 13 months: which month
 * after a11 (1 = the next) is the leap month, the first without a major
 * solar term (its start and the next month's in the same sector). */
static int S_leap_offset(long a11)
{
	long k = S_floor(((double)a11 - S_NEW_MOON_1900) / S_SYNODIC + 0.5);
	int i = 1, arc = S_sun_sector(S_new_moon_day(k + 1)), last;
	do {
		last = arc;
		i++;
		arc = S_sun_sector(S_new_moon_day(k + i));
	} while (arc != last && i < 14);
	return i - 1;
}

int lunar_from_solar(int year, int month, int day, struct lunar_date *out)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR || month < 1 || month > 12 || day < 1 ||
	    day > mdays[month - 1] ||
	    (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))))
		return -1;
	long jdn = lunar_day_number(year, month, day) + S_JDN_1970;
	long k = S_floor(((double)jdn - S_NEW_MOON_1900) / S_SYNODIC);
	/* the estimate k can be one month late near a new moon */
	long start = S_new_moon_day(k + 1);
	for (int i = 0; i < 3 && start > jdn; i++)
		start = S_new_moon_day(k - i);
	long a11 = S_month11(year), b11;
	int lyear;
	if (a11 >= start) {
		lyear = year;
		b11 = a11;
		a11 = S_month11(year - 1);
	} else {
		lyear = year + 1;
		b11 = S_month11(year + 1);
	}
	int diff = (int)S_floor((double)(start - a11) / 29);
	int lmonth = diff + 11, leap = 0;
	if (b11 - a11 > 365) {
		int loff = S_leap_offset(a11);
		if (diff >= loff) {
			lmonth = diff + 10;
			leap = diff == loff;
		}
	}
	if (lmonth > 12)
		lmonth -= 12;
	if (lmonth >= 11 && diff < 4)
		lyear--;
	out->year = lyear;
	out->month = lmonth;
	out->day = (int)(jdn - start + 1);
	out->leap = leap;
	return 0;
}

/* The Julian day number of the first day of month (month, leap) of lunar
 * year `year`, and the number k of its new moon; -1 when there is no such
 * month. */
static int S_month_start(int year, int month, int leap, long *jdn, long *kout)
{
	if (year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR || month < 1 || month > 12)
		return -1;
	long a11, b11;
	if (month < 11) {
		a11 = S_month11(year - 1);
		b11 = S_month11(year);
	} else {
		a11 = S_month11(year);
		b11 = S_month11(year + 1);
	}
	long k = S_floor(0.5 + ((double)a11 - S_NEW_MOON_1900) / S_SYNODIC);
	int off = month - 11;
	if (off < 0)
		off += 12;
	if (b11 - a11 > 365) {
		int loff = S_leap_offset(a11);
		int lmonth = loff - 2;
		if (lmonth < 0)
			lmonth += 12;
		if (leap && month != lmonth)
			return -1;
		if (leap || off >= loff)
			off++;
	} else if (leap) {
		return -1;
	}
	*jdn = S_new_moon_day(k + off);
	*kout = k + off;
	return 0;
}

int lunar_month_length(int year, int month, int leap)
{
	long start, k;
	if (S_month_start(year, month, leap != 0, &start, &k) < 0)
		return 0;
	return (int)(S_new_moon_day(k + 1) - start);
}

int lunar_to_days(const struct lunar_date *l, long *days)
{
	long start, k;
	if (l->day < 1 || l->day > 30 || S_month_start(l->year, l->month, l->leap != 0, &start, &k) < 0)
		return -1;
	if (l->day > S_new_moon_day(k + 1) - start)
		return -1;
	*days = start + l->day - 1 - S_JDN_1970;
	return 0;
}

int lunar_leap_month(int year)
{
	for (int m = 1; m <= 12; m++)
		if (lunar_month_length(year, m, 1) > 0)
			return m;
	return 0;
}

static const char *const S_can[] = {"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"};
static const char *const S_chi[] = {"Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"};
static const char *const S_animal[] = {"Rat",   "Buffalo", "Tiger",  "Cat",     "Dragon", "Snake",
				       "Horse", "Goat",    "Monkey", "Rooster", "Dog",    "Pig"};

static int S_mod(int a, int n)
{
	return ((a % n) + n) % n;
}

void lunar_year_name(struct buf *b, int year)
{
	buf_printf(b, "%s %s", S_can[S_mod(year + 6, 10)], S_chi[S_mod(year + 8, 12)]);
}

const char *lunar_animal_en(int year)
{
	return S_animal[S_mod(year + 8, 12)];
}

/* 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st, 22nd, 23rd */
static const char *S_ordinal(int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

void lunar_format_day(struct buf *b, int day, int month, int leap, const char *lang)
{
	if (strcmp(lang, "vi") == 0) {
		buf_printf(b, "%s %d ", day <= 10 ? "mùng" : "ngày", day);
		if (month == 1 && !leap)
			buf_puts(b, "tháng Giêng");
		else if (month == 12 && !leap)
			buf_puts(b, "tháng Chạp");
		else
			buf_printf(b, "tháng %d%s", month, leap ? " nhuận" : "");
	} else if (strcmp(lang, "en") == 0) {
		buf_printf(b, "%d%s day of the %s%d%s lunar month", day, S_ordinal(day), leap ? "leap " : "", month,
			   S_ordinal(month));
	} else {
		buf_printf(b, "%d/%d%s", day, month, leap ? "n" : "");
	}
}

void lunar_format(struct buf *b, const struct lunar_date *l, const char *lang)
{
	lunar_format_day(b, l->day, l->month, l->leap, lang);
	if (strcmp(lang, "vi") == 0) {
		buf_puts(b, " năm ");
		lunar_year_name(b, l->year);
	} else if (strcmp(lang, "en") == 0) {
		buf_puts(b, ", year of ");
		lunar_year_name(b, l->year);
		buf_printf(b, " (%s)", lunar_animal_en(l->year));
	} else {
		buf_printf(b, "/%d", l->year);
	}
}
