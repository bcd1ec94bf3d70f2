/* text: UTF-8, Unicode normalisation, Vietnamese slugs, escaping, and the
 * per-language formats of dates and numbers.
 *
 * Templates and plugins reach the same functions through lua_host, so a
 * date or a number looks the same wherever it is printed. */
#ifndef WARDSITE_TEXT_H
#define WARDSITE_TEXT_H

#include <stddef.h>

#include "buf.h"
#include "msg.h"

/* Returns 1 when s[0..len) is valid UTF-8 without NUL bytes; otherwise 0
 * and *bad (if not NULL) is the offset of the first bad byte. */
int text_utf8_valid(const char *s, size_t len, size_t *bad);

/* 1 when data is a Git LFS pointer file ("version https://git-lfs…"), the
 * few lines that git keeps instead of a file tracked with LFS. */
int text_is_lfs_pointer(const char *data, size_t len);

/* The message for a file that is an LFS pointer, the same everywhere. */
#define TEXT_LFS_MESSAGE                                                                                 \
	MSG_N("a Git LFS pointer, not the file itself: a commit holds only this pointer for a file tracked " \
	      "with LFS; store the file in git itself (git lfs untrack, then add it again)")

/* Line and column (1-based, column counted in characters) of byte offset
 * off in s. */
void text_position(const char *s, size_t off, int *line, int *col);

/* s (valid UTF-8) in Unicode NFC: text renders as it was written (a
 * look-alike Ð, U+00D0, stays; slugs and sort keys read it as Đ).
 * Returns a string owned by the caller; *out_len its length. */
char *text_nfc(const char *s, size_t len, size_t *out_len);

/* The URL slug of s: marks removed, đ -> d, lowercase, every run of other
 * characters one hyphen, no hyphen at either end.  "Đồng Xoài" ->
 * "dong-xoai".  Letters of other scripts are kept.  Owned by the caller;
 * empty when s has no letter or digit. */
char *text_slug(const char *s);

/* The URL slug of the tag s: text_slug(s) when that drops nothing but
 * case and punctuation, else text_slug(s) and "-" and six hex digits of a
 * hash of s with its marks kept: "ba" -> "ba", "bà" -> "ba-xxxxxx",
 * "bá" -> "ba-yyyyyy".  Tags that differ only in case, spacing,
 * punctuation or where a syllable's tone mark sits ("hóa", "hoá") get one
 * slug.  The slug is a function of s alone, so a tag added elsewhere never
 * changes another tag's URL.  Owned by the caller; empty when s has no
 * letter or digit.  *key, when key is not NULL, gets what was hashed (or
 * the slug itself), owned by the caller: equal keys, the same tag. */
char *text_tag_slug(const char *s, char **key);

/* A sort key for s in the alphabetical order of language lang: keys
 * compare with memcmp (shorter first on a common prefix).  For "vi" it is
 * CLDR's Vietnamese order: letters a ă â b c d đ e ê … o ô ơ … u ư … y
 * first, then tones syllable by syllable (none, huyền, hỏi, ngã, sắc,
 * nặng), then lower case before upper.  A syllable's tone counts once,
 * wherever it is placed ("hoá" = "hóa"), NFD input and Ð (U+00D0) sort as
 * their composed forms.  Other languages sort by base letter (đ as d), then
 * accents, then case.  Returns the key (caller frees), its length in
 * *len. */
unsigned char *text_collate_key(const char *s, const char *lang, size_t *len);

/* <0, 0, >0 as a sorts before, with or after b in language lang. */
int text_collate(const char *a, const char *b, const char *lang);

/* Appends s escaped for HTML text and attribute values (& < > " '). */
void text_html_escape(struct buf *b, const char *s, size_t len);

struct text_date {
	int year, month, day, hour, minute, second;
	int tz_minutes;     /* offset from UTC */
	long long epoch;    /* seconds since 1970-01-01T00:00:00Z */
};

/* Parses "2026-03-31", "2026-03-31T08:30", "2026-03-31 08:30:00",
 * "…T08:30:00+07:00" or "…Z".  Without an offset, default_tz_minutes
 * applies.  Returns 0, or -1 when s is not such a date or names a day that
 * does not exist. */
int text_parse_date(const char *s, int default_tz_minutes, struct text_date *out);

/* Parses "+07:00" / "-05:30" / "Z" into minutes; 0 or -1. */
int text_parse_offset(const char *s, int *minutes);

/* A date from the epoch in the given offset. */
void text_date_from_epoch(long long epoch, int tz_minutes, struct text_date *out);

/* Appends d formatted for language lang ("vi", "en", others get ISO):
 * style "long"  vi "ngày 31 tháng 3 năm 2026"  en "31 March 2026"
 *       "short" vi "31/03/2026"                en "31 Mar 2026"
 *       "iso"   "2026-03-31T08:30:00+07:00"
 *       "weekday" vi "Thứ Ba"                  en "Tuesday"
 *       "full"  vi "Thứ Ba, 31/3/2026"          en "Tuesday, 31 March 2026"
 *       "lunar" the day in the Vietnamese lunar calendar (lunar_format):
 *               vi "mùng 13 tháng 2 năm Bính Ngọ", en "13th day of the 2nd
 *               lunar month, year of Bính Ngọ (Horse)"; nothing for a
 *               year out of the calendar's range
 * Returns 0, or -1 for an unknown style (nothing appended). */
int text_format_date(struct buf *b, const struct text_date *d, const char *lang, const char *style);

/* Appends n with decimals digits after the point, grouped for lang:
 * vi 1.234.567,5  en 1,234,567.5.  decimals < 0: as many as needed (up to 6). */
void text_format_number(struct buf *b, double n, int decimals, const char *lang);

#endif
