#include "text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "xalloc.h"

int text_utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0 || cp == 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += (size_t)n;
	}
	return 1;
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

char *text_nfc(const char *s, size_t len, size_t *out_len)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
						 &out, UTF8PROC_COMPOSE | UTF8PROC_STABLE, S_fix_eth, NULL);
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
		buf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d->year, d->month, d->day, d->hour,
			   d->minute, d->second, d->tz_minutes < 0 ? '-' : '+', off / 60, off % 60);
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
