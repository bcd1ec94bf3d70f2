/* lunar: the Vietnamese lunar calendar (âm lịch) — solar dates to lunar
 * dates and back, leap months, the can-chi names of years — computed from
 * the new moons and the sun's longitude at Vietnam's meridian (UTC+7), as
 * Hồ Ngọc Đức describes the official rules ("Thuật toán tính âm lịch",
 * informatik.uni-leipzig.de/~duc/amlich/calrules.html):
 *
 *   - a month starts on the day (UTC+7) that holds the new moon;
 *   - the month that holds the winter solstice is month 11;
 *   - a year from one month 11 to the next with 13 months has a leap month:
 *     the first month after month 11 without a major solar term (the sun
 *     entering a 30-degree sector of longitude) repeats the month before it.
 *
 * New moons and the sun's longitude come from the short series of Meeus'
 * "Astronomical Algorithms", accurate to minutes: dates are checked from
 * LUNAR_MIN_YEAR to LUNAR_MAX_YEAR and refused outside.  No state, no
 * allocation but what a buf appends. */
#ifndef WARDSITE_LUNAR_H
#define WARDSITE_LUNAR_H

#include "buf.h"

#define LUNAR_MIN_YEAR 1900
#define LUNAR_MAX_YEAR 2199

/* A lunar date.  year is the solar year in which that lunar year begins
 * (Tết of lunar year 2026 is 17 February 2026); leap is 1 in the repeated
 * (leap, "nhuận") month. */
struct lunar_date {
	int year, month, day, leap;
};

/* The day number of a solar (proleptic Gregorian) date: days since
 * 1970-01-01, negative before. */
long lunar_day_number(int year, int month, int day);

/* The solar date of a day number. */
void lunar_civil(long days, int *year, int *month, int *day);

/* The lunar date of the solar date y-m-d (a day in Vietnam).  Returns 0,
 * or -1 when the date is not a date or lies outside LUNAR_MIN_YEAR ..
 * LUNAR_MAX_YEAR (*out untouched). */
int lunar_from_solar(int year, int month, int day, struct lunar_date *out);

/* The day number of the lunar date l.  Returns 0 with *days set, or -1
 * when l does not exist: month or day out of range, a leap month the year
 * does not have, day 30 of a 29-day month, a year out of range. */
int lunar_to_days(const struct lunar_date *l, long *days);

/* The length (29 or 30) of month `month` of lunar year `year` (its leap
 * month when leap is 1); 0 when that month does not exist. */
int lunar_month_length(int year, int month, int leap);

/* The month that lunar year `year` repeats as its leap month, or 0 when
 * the year has 12 months (or is out of range). */
int lunar_leap_month(int year);

/* The can-chi name of lunar year `year`: "Bính Ngọ" for 2026. */
void lunar_year_name(struct buf *b, int year);

/* The animal of the year's chi in English as Vietnam names it (Buffalo
 * for Sửu, Cat for Mão): "Horse" for 2026.  Static; never NULL. */
const char *lunar_animal_en(int year);

/* Appends l in language lang: vi "mùng 9 tháng 3 năm Bính Ngọ" ("tháng
 * Giêng", "tháng Chạp", "tháng 4 nhuận"), en "9th day of the 3rd lunar
 * month, year of Bính Ngọ (Horse)" ("of the leap 4th lunar month"); other
 * languages get "9/3/2026" ("9/4n/2020" in a leap month). */
void lunar_format(struct buf *b, const struct lunar_date *l, const char *lang);

/* Appends a lunar day and month without the year, as lunar_format
 * writes them: vi "mùng 10 tháng 3", en "10th day of the 3rd lunar
 * month", others "10/3" ("15/4n" in a leap month). */
void lunar_format_day(struct buf *b, int day, int month, int leap, const char *lang);

#endif
