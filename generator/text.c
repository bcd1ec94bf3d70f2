#include "text.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "hash.h"
#include "lunar.h"
#include "xalloc.h"

int text_is_lfs_pointer(const char *data, size_t len)
{
	static const char head[] = "version https://git-lfs.github.com/spec/";
	return len < 1024 && len >= sizeof head - 1 && memcmp(data, head, sizeof head - 1) == 0;
}

int text_utf8_valid(const char *s, size_t len, size_t *bad)
{
	/* By hand, not utf8proc_iterate per character: every file and many
	 * strings go through here, and Vietnamese text has a multi-byte
	 * character every few bytes.  Same rules: no NUL, no overlong form,
	 * no surrogate, nothing above U+10FFFF. */
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		/* ASCII without NUL, eight bytes at a time */
		while (len - i >= 8) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if ((w & 0x8080808080808080ULL) != 0 || ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) != 0)
				break;
			i += 8;
		}
		/* then byte by byte up to the next multi-byte character */
		while (i < len && u[i] >= 1 && u[i] < 0x80)
			i++;
		if (i == len)
			break;
		unsigned c = u[i];
		size_t n;
		unsigned lo = 0x80, hi = 0xBF; /* the range of the second byte */
		if (c >= 0xC2 && c <= 0xDF) {
			n = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 3;
			if (c == 0xE0)
				lo = 0xA0; /* overlong */
			else if (c == 0xED)
				hi = 0x9F; /* surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 4;
			if (c == 0xF0)
				lo = 0x90; /* overlong */
			else if (c == 0xF4)
				hi = 0x8F; /* above U+10FFFF */
		} else {
			goto fail; /* NUL, a continuation byte, C0, C1, F5..FF */
		}
		if (len - i < n || u[i + 1] < lo || u[i + 1] > hi)
			goto fail;
		for (size_t k = 2; k < n; k++)
			if ((u[i + k] & 0xC0) != 0x80)
				goto fail;
		i += n;
	}
	return 1;
fail:
	if (bad)
		*bad = i;
	return 0;
}

void text_position(const char *s, size_t off, int *line, int *col)
{
	int l = 1, c = 1;
	for (size_t i = 0; i < off && s[i]; i++) {
		if (s[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* U+00D0 (Ð, Icelandic eth) is typed for Đ by some keyboards and fonts. */
static utf8proc_int32_t S_fix_eth(utf8proc_int32_t cp, void *data)
{
	(void)data;
	if (cp == 0x00D0)
		return 0x0110;
	return cp;
}

/* NFC quick check.  A text whose every character is "safe" is in NFC
 * already: safe characters are neither combining marks, nor characters
 * that compose with what precedes them, nor changed by NFC on their own
 * (singletons such as U+2126 OHM SIGN).  Most portal text is Vietnamese in
 * precomposed letters, all safe, so normalising is a scan, not a
 * decompose-reorder-compose per character.  The answer for each BMP
 * character is worked out once: 0 unknown, 1 safe, 2 not. */
static _Atomic unsigned char S_nfc_safe[0x10000];

static int S_compute_nfc_safe(utf8proc_int32_t cp)
{
	if (cp >= 0x1100 && cp <= 0x11FF) /* conjoining jamo compose algorithmically */
		return 0;
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	if (p->combining_class != 0 || p->comp_exclusion || (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000))
		return 0;
	if (p->decomp_seqindex == UINT16_MAX)
		return 1;
	utf8proc_uint8_t one[4], *out = NULL;
	utf8proc_ssize_t n = utf8proc_encode_char(cp, one);
	utf8proc_ssize_t m = utf8proc_map(one, n, &out, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	int same = m == n && memcmp(out, one, (size_t)n) == 0;
	free(out);
	return same;
}

static int S_nfc_quick(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0xCC) { /* below U+0300: ASCII and Latin-1 letters */
			i += c < 0x80 ? 1 : 2;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0)
			return 0;
		i += (size_t)k;
		if (cp >= 0x10000) {
			if (!S_compute_nfc_safe(cp))
				return 0;
			continue;
		}
		unsigned char v = S_nfc_safe[cp];
		if (v == 0) {
			v = S_compute_nfc_safe(cp) ? 1 : 2;
			S_nfc_safe[cp] = v;
		}
		if (v == 2)
			return 0;
	}
	return 1;
}

char *text_nfc(const char *s, size_t len, size_t *out_len)
{
	if (S_nfc_quick(s, len)) {
		if (out_len)
			*out_len = len;
		return xstrndup(s, len);
	}
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
					  UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (n < 0) {
		/* Only invalid UTF-8 fails, and callers check that first. */
		if (out_len)
			*out_len = len;
		return xstrndup(s, len);
	}
	char *r = xstrndup((char *)out, (size_t)n);
	free(out);
	if (out_len)
		*out_len = (size_t)n;
	return r;
}

static void S_put_cp(struct buf *b, utf8proc_int32_t cp)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);
	buf_put(b, tmp, (size_t)n);
}

char *text_slug(const char *s)
{
	utf8proc_uint8_t *dec = NULL;
	struct buf b = BUF_INIT;
	utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), &dec,
						 UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD |
							 UTF8PROC_COMPAT,
						 S_fix_eth, NULL);
	if (n < 0)
		return xstrdup("");
	int pending_hyphen = 0;
	utf8proc_ssize_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(dec + i, n - i, &cp);
		if (k <= 0)
			break;
		i += k;
		if (cp == 0x0111 || cp == 0x0110)
			cp = 'd';
		utf8proc_category_t cat = utf8proc_category(cp);
		int keep = (cp < 128) ? ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				      : (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
					       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
		if (cp < 128 && cp >= 'A' && cp <= 'Z') {
			cp += 'a' - 'A';
			keep = 1;
		}
		if (!keep) {
			pending_hyphen = 1;
			continue;
		}
		if (pending_hyphen && b.len > 0)
			buf_putc(&b, '-');
		pending_hyphen = 0;
		S_put_cp(&b, cp);
	}
	free(dec);
	return buf_detach(&b);
}

/* 1 for the five Vietnamese tone marks in NFD: huyền, sắc, ngã, hỏi,
 * nặng.  Breve, circumflex and horn (ă â ê ô ơ ư) are letters' own marks. */
static int S_tone_mark(utf8proc_int32_t cp)
{
	return cp == 0x0300 || cp == 0x0301 || cp == 0x0303 || cp == 0x0309 || cp == 0x0323;
}

/* A tag's identity with its marks kept: NFD, case folded, every run of
 * characters that are neither letters, digits nor marks one hyphen, and
 * the tone marks of a word moved to its end, so that "hóa" (old style)
 * and "hoá" (new style) are one tag. */
static char *S_tag_key(const char *s)
{
	utf8proc_uint8_t *dec = NULL;
	struct buf b = BUF_INIT, tones = BUF_INIT;
	utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), &dec,
						 UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT, S_fix_eth,
						 NULL);
	if (n < 0)
		return xstrdup("");
	int pending_hyphen = 0;
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(dec + i, n - i, &cp);
		if (k <= 0)
			break;
		i += k;
		utf8proc_category_t cat = utf8proc_category(cp);
		int mark = cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME;
		int keep = (cp < 128) ? ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				      : mark || (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
					       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
		if (!keep) {
			pending_hyphen = 1;
			continue;
		}
		if (pending_hyphen && b.len > 0) {
			buf_put(&b, tones.data, tones.len);
			buf_reset(&tones);
			buf_putc(&b, '-');
		}
		pending_hyphen = 0;
		if (mark && S_tone_mark(cp))
			S_put_cp(&tones, cp);
		else
			S_put_cp(&b, cp);
	}
	buf_put(&b, tones.data, tones.len);
	buf_free(&tones);
	free(dec);
	return buf_detach(&b);
}

/* Why a hash and not the first tag met: a suffix that counted collisions
 * ("ba", "ba-2", ...) would depend on which pages exist and in which order,
 * so adding a page could move another tag's URL.  Why the plain slug for
 * unmarked tags: at most one spelling per folded form can own it without
 * knowing the others, and the unmarked one is the only choice made from the
 * tag alone; it keeps English tags' URLs as they were.  Changing the seed
 * or the key changes published URLs. */
char *text_tag_slug(const char *s, char **key)
{
	char *slug = text_slug(s), *k = S_tag_key(s);
	if (slug[0] != '\0' && strcmp(slug, k) != 0) {
		uint64_t h = hash_str(k, 0x746167);
		char *r = xasprintf("%s-%06x", slug, (unsigned)(h >> 40));
		free(slug);
		slug = r;
	}
	if (key)
		*key = k;
	else
		free(k);
	return slug;
}

/* Position of a Vietnamese letter in the alphabet, with the Latin letters
 * Vietnamese does not use (f j w z) where CLDR puts them. */
static const char S_vi_alphabet[] = {'a', 1, 2, 'b', 'c', 'd', 3, 'e', 4, 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm',
				      'n', 'o', 5, 6, 'p', 'q', 'r', 's', 't', 'u', 7, 'v', 'w', 'x', 'y', 'z', 0};
/* 1 ă  2 â  3 đ  4 ê  5 ô  6 ơ  7 ư */

enum { MOD_NONE, MOD_BREVE, MOD_CIRCUMFLEX, MOD_HORN };

static int S_tone_of(utf8proc_int32_t mark)
{
	switch (mark) {
	case 0x0300: return 1; /* huyền */
	case 0x0309: return 2; /* hỏi */
	case 0x0303: return 3; /* ngã */
	case 0x0301: return 4; /* sắc */
	case 0x0323: return 5; /* nặng */
	}
	return 0;
}

static int S_mod_of(utf8proc_int32_t mark)
{
	switch (mark) {
	case 0x0306: return MOD_BREVE;
	case 0x0302: return MOD_CIRCUMFLEX;
	case 0x031B: return MOD_HORN;
	}
	return MOD_NONE;
}

/* The Vietnamese letter code of base letter c (lowercase ASCII or 'đ' as
 * 3) with modifier mod, as it stands in S_vi_alphabet; 0 when the pair is
 * not a Vietnamese letter (the modifier is then an accent only). */
static int S_vi_letter(int c, int mod)
{
	if (mod == MOD_BREVE && c == 'a')
		return 1;
	if (mod == MOD_CIRCUMFLEX && c == 'a')
		return 2;
	if (mod == MOD_CIRCUMFLEX && c == 'e')
		return 4;
	if (mod == MOD_CIRCUMFLEX && c == 'o')
		return 5;
	if (mod == MOD_HORN && c == 'o')
		return 6;
	if (mod == MOD_HORN && c == 'u')
		return 7;
	return 0;
}

static void S_put_weight(struct buf *b, unsigned long w)
{
	unsigned char k[3] = {(unsigned char)(w >> 16), (unsigned char)(w >> 8), (unsigned char)w};
	buf_put(b, k, 3);
}

unsigned char *text_collate_key(const char *s, const char *lang, size_t *len)
{
	int vi = strcmp(lang, "vi") == 0;
	utf8proc_uint8_t *dec = NULL;
	utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), &dec,
						 UTF8PROC_DECOMPOSE, S_fix_eth, NULL);
	struct buf primary = BUF_INIT, secondary = BUF_INIT, tertiary = BUF_INIT;
	int syllable_tone = 0, in_syllable = 0;
	utf8proc_ssize_t i = 0;
	while (n > 0 && i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(dec + i, n - i, &cp);
		if (k <= 0)
			break;
		i += k;
		/* the marks that follow this character */
		int tone = 0, mod = MOD_NONE, other_marks = 0;
		for (;;) {
			utf8proc_int32_t m;
			utf8proc_ssize_t mk = i < n ? utf8proc_iterate(dec + i, n - i, &m) : 0;
			if (mk <= 0 || utf8proc_category(m) != UTF8PROC_CATEGORY_MN)
				break;
			i += mk;
			if (S_tone_of(m))
				tone = S_tone_of(m);
			else if (S_mod_of(m))
				mod = S_mod_of(m);
			else
				other_marks += (int)(m & 0xff);
		}
		int upper = 0, letter = -1;
		if (cp == 0x0110 || cp == 0x0111) {
			upper = cp == 0x0110;
			letter = 'd';
			mod = -1; /* đ */
		} else if (cp < 128 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))) {
			upper = cp <= 'Z';
			letter = (int)(cp | 0x20);
		}
		if (letter >= 0) {
			unsigned long w;
			int code = mod == -1 ? 3 : S_vi_letter(letter, mod);
			if (vi) {
				const char *pos = strchr(S_vi_alphabet, code ? code : letter);
				w = 0x2000 + (unsigned long)(pos - S_vi_alphabet);
				if (code == 0 && mod > 0)
					other_marks += mod; /* e.g. an o with a breve: an accent */
				if (tone)
					syllable_tone = syllable_tone ? syllable_tone : tone;
			} else {
				w = 0x2000 + (unsigned long)(letter - 'a');
				int accent = (mod == -1 ? 7 : mod) * 6 + tone;
				buf_putc(&secondary, (char)(1 + accent));
			}
			S_put_weight(&primary, w);
			if (other_marks && vi)
				buf_putc(&secondary, (char)(0x40 + (other_marks & 0x3f)));
			buf_putc(&tertiary, upper ? 2 : 1);
			in_syllable = 1;
			continue;
		}
		/* not a Latin letter: ends a syllable */
		if (in_syllable && vi)
			buf_putc(&secondary, (char)(1 + syllable_tone));
		in_syllable = 0;
		syllable_tone = 0;
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cp >= '0' && cp <= '9')
			S_put_weight(&primary, 0x1000 + (unsigned long)(cp - '0'));
		else if (cat == UTF8PROC_CATEGORY_ZS || cp == '\t' || cp == '\n')
			S_put_weight(&primary, 0x0002);
		else if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
			utf8proc_int32_t lower = utf8proc_tolower(cp);
			S_put_weight(&primary, 0x10000 + (unsigned long)lower);
			buf_putc(&tertiary, lower != cp ? 2 : 1);
		} else
			S_put_weight(&primary, 0x0100 + (unsigned long)(cp & 0xfff));
	}
	if (in_syllable && vi)
		buf_putc(&secondary, (char)(1 + syllable_tone));
	free(dec);
	struct buf key = BUF_INIT;
	buf_put(&key, primary.data ? primary.data : "", primary.len);
	buf_put(&key, "\0\0\0", 3);
	buf_put(&key, secondary.data ? secondary.data : "", secondary.len);
	buf_putc(&key, '\0');
	buf_put(&key, tertiary.data ? tertiary.data : "", tertiary.len);
	buf_free(&primary);
	buf_free(&secondary);
	buf_free(&tertiary);
	*len = key.len;
	return (unsigned char *)buf_detach(&key);
}

int text_collate(const char *a, const char *b, const char *lang)
{
	size_t la, lb;
	unsigned char *ka = text_collate_key(a, lang, &la), *kb = text_collate_key(b, lang, &lb);
	int c = memcmp(ka, kb, la < lb ? la : lb);
	if (c == 0)
		c = la < lb ? -1 : la > lb;
	free(ka);
	free(kb);
	if (c == 0)
		c = strcmp(a, b); /* a total order: different bytes never compare equal */
	return c;
}

void text_html_escape(struct buf *b, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_put(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_put(b, s + start, len - start);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), Howard Hinnant's
 * days_from_civil. */
static long long S_days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void S_civil_from_days(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long yy = yoe + era * 400;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int S_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static int S_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int text_parse_offset(const char *s, int *minutes)
{
	int h, m;
	if (strcmp(s, "Z") == 0 || strcmp(s, "z") == 0) {
		*minutes = 0;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || strlen(s) != 6 || s[3] != ':' || S_digits(s + 1, 2, &h) ||
	    S_digits(s + 4, 2, &m) || h > 14 || m > 59)
		return -1;
	*minutes = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
	return 0;
}

int text_parse_date(const char *s, int default_tz_minutes, struct text_date *out)
{
	struct text_date d = {0};
	size_t len = strlen(s);
	if (len < 10 || S_digits(s, 4, &d.year) || s[4] != '-' || S_digits(s + 5, 2, &d.month) || s[7] != '-' ||
	    S_digits(s + 8, 2, &d.day))
		return -1;
	if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > S_days_in_month(d.year, d.month))
		return -1;
	const char *p = s + 10;
	d.tz_minutes = default_tz_minutes;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (S_digits(p, 2, &d.hour) || p[2] != ':' || S_digits(p + 3, 2, &d.minute))
			return -1;
		p += 5;
		if (*p == ':') {
			if (S_digits(p + 1, 2, &d.second))
				return -1;
			p += 3;
			if (*p == '.') { /* fractions of a second are dropped */
				p++;
				while (*p >= '0' && *p <= '9')
					p++;
			}
		}
		if (d.hour > 23 || d.minute > 59 || d.second > 60)
			return -1;
		if (*p && text_parse_offset(p, &d.tz_minutes) < 0)
			return -1;
	} else if (*p) {
		return -1;
	}
	d.epoch = S_days_from_civil(d.year, d.month, d.day) * 86400LL + d.hour * 3600LL + d.minute * 60LL +
		  d.second - d.tz_minutes * 60LL;
	*out = d;
	return 0;
}

void text_date_from_epoch(long long epoch, int tz_minutes, struct text_date *out)
{
	long long local = epoch + tz_minutes * 60LL;
	long long days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	long long secs = local - days * 86400;
	memset(out, 0, sizeof *out);
	S_civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(secs / 3600);
	out->minute = (int)(secs / 60 % 60);
	out->second = (int)(secs % 60);
	out->tz_minutes = tz_minutes;
	out->epoch = epoch;
}

static const char *const S_en_months[] = {"January", "February", "March",     "April",   "May",      "June",
					   "July",    "August",   "September", "October", "November", "December"};
static const char *const S_vi_weekdays[] = {"Thứ Hai", "Thứ Ba",  "Thứ Tư",  "Thứ Năm",
					     "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"};
static const char *const S_en_weekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
					     "Friday", "Saturday", "Sunday"};

int text_format_date(struct buf *b, const struct text_date *d, const char *lang, const char *style)
{
	int vi = strcmp(lang, "vi") == 0, en = strcmp(lang, "en") == 0;
	if (strcmp(style, "iso") == 0) {
		int off = d->tz_minutes < 0 ? -d->tz_minutes : d->tz_minutes;
		if (d->year < 0 || d->year > 9999 || off / 60 > 99) {
			buf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d->year, d->month, d->day, d->hour,
				   d->minute, d->second, d->tz_minutes < 0 ? '-' : '+', off / 60, off % 60);
			return 0;
		}
		/* by hand: pages push several dates each, and printf is most of
		 * the cost of a date (5 % of a build's instructions) */
		char t[25];
		int f[] = {d->year / 100, d->year % 100, d->month, d->day, d->hour, d->minute, d->second, off / 60, off % 60};
		static const char sep[9] = {0, '-', '-', 'T', ':', ':', 0, ':', 0};
		char *q = t;
		for (int i = 0; i < 9; i++) {
			int v = f[i] < 0 ? 0 : f[i] % 100;
			*q++ = (char)('0' + v / 10);
			*q++ = (char)('0' + v % 10);
			if (i == 6)
				*q++ = d->tz_minutes < 0 ? '-' : '+';
			else if (sep[i])
				*q++ = sep[i];
		}
		buf_put(b, t, (size_t)(q - t));
	} else if (strcmp(style, "long") == 0) {
		if (vi)
			buf_printf(b, "ngày %d tháng %d năm %d", d->day, d->month, d->year);
		else if (en)
			buf_printf(b, "%d %s %d", d->day, S_en_months[d->month - 1], d->year);
		else
			buf_printf(b, "%04d-%02d-%02d", d->year, d->month, d->day);
	} else if (strcmp(style, "short") == 0) {
		if (en)
			buf_printf(b, "%d %.3s %d", d->day, S_en_months[d->month - 1], d->year);
		else if (vi)
			buf_printf(b, "%02d/%02d/%04d", d->day, d->month, d->year);
		else
			buf_printf(b, "%04d-%02d-%02d", d->year, d->month, d->day);
	} else if (strcmp(style, "weekday") == 0) {
		long long days = S_days_from_civil(d->year, d->month, d->day);
		int wd = (int)(((days % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
		buf_puts(b, vi ? S_vi_weekdays[wd] : S_en_weekdays[wd]);
	} else if (strcmp(style, "full") == 0) {
		if (!vi && !en) {
			buf_printf(b, "%04d-%02d-%02d", d->year, d->month, d->day);
			return 0;
		}
		text_format_date(b, d, lang, "weekday");
		if (vi)
			buf_printf(b, ", %d/%d/%d", d->day, d->month, d->year);
		else
			buf_printf(b, ", %d %s %d", d->day, S_en_months[d->month - 1], d->year);
	} else if (strcmp(style, "lunar") == 0) {
		/* the lunar calendar's day is Vietnam's: the moment in UTC+7 */
		long long t = S_days_from_civil(d->year, d->month, d->day) * 86400 + d->hour * 3600LL +
			      d->minute * 60LL + d->second - d->tz_minutes * 60LL + 7 * 3600LL;
		int y, m, day;
		lunar_civil((long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400)), &y, &m, &day);
		struct lunar_date l;
		if (lunar_from_solar(y, m, day, &l) == 0)
			lunar_format(b, &l, lang);
	} else {
		return -1;
	}
	return 0;
}

void text_format_number(struct buf *b, double n, int decimals, const char *lang)
{
	char group = ',', point = '.';
	if (strcmp(lang, "vi") == 0) {
		group = '.';
		point = ',';
	}
	if (!isfinite(n)) {
		buf_puts(b, isnan(n) ? "NaN" : (n < 0 ? "-∞" : "∞"));
		return;
	}
	char tmp[512];
	if (decimals < 0) {
		snprintf(tmp, sizeof tmp, "%.6f", n);
		char *dot = strchr(tmp, '.');
		if (dot) {
			char *end = tmp + strlen(tmp) - 1;
			while (end > dot && *end == '0')
				*end-- = '\0';
			if (end == dot)
				*end = '\0';
		}
	} else {
		snprintf(tmp, sizeof tmp, "%.*f", decimals > 20 ? 20 : decimals, n);
	}
	const char *p = tmp;
	if (*p == '-') {
		if (strspn(p + 1, "0.") != strlen(p + 1)) /* no "-0" */
			buf_putc(b, '-');
		p++;
	}
	size_t intlen = strcspn(p, ".");
	for (size_t i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0)
			buf_putc(b, group);
		buf_putc(b, p[i]);
	}
	if (p[intlen] == '.') {
		buf_putc(b, point);
		buf_puts(b, p + intlen + 1);
	}
}
