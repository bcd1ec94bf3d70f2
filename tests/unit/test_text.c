#include "harness.h"

#include "text.h"

static void slug_is(const char *in, const char *want)
{
	char *s = text_slug(in);
	CHECK_STR(s, want);
	free(s);
}

static char *nfc(const char *s)
{
	return text_nfc(s, strlen(s), NULL);
}

static void test_slugs(void)
{
	slug_is("Di tích lịch sử Quốc gia Địa điểm Chiến thắng Đồng Xoài",
		"di-tich-lich-su-quoc-gia-dia-diem-chien-thang-dong-xoai");
	slug_is("Ngày chạy Olympic vì sức khỏe toàn dân", "ngay-chay-olympic-vi-suc-khoe-toan-dan");
	slug_is("  --Văn hóa, thể thao!!  ", "van-hoa-the-thao");
	slug_is("Thông tin đối ngoại", "thong-tin-doi-ngoai");
	/* NFD input: marks as separate code points */
	slug_is("Đo\xcc\x82\xcc\x80ng Xoa\xcc\x80i", "dong-xoai");
	/* U+00D0 typed for Đ */
	slug_is("\xc3\x90\xe1\xbb\x93ng", "dong");
	slug_is("ĐƯỜNG ƯƠNG", "duong-uong");
	slug_is("Quan họ 2026", "quan-ho-2026");
	slug_is("!!!", "");
	slug_is("", "");
	slug_is("a_b.c", "a-b-c");
}

static void test_nfc(void)
{
	char *s = nfc("Đo\xcc\x82\xcc\x80ng"); /* NFD */
	CHECK_STR(s, "Đồng");
	free(s);
	s = nfc("\xc3\x90\xe1\xbb\x93ng"); /* Ð (U+00D0) */
	CHECK_STR(s, "Đồng");
	free(s);
	s = nfc("hoá hóa"); /* old and new tone placement stay as written */
	CHECK_STR(s, "hoá hóa");
	free(s);
}

static void test_utf8(void)
{
	size_t bad = 99;
	CHECK(text_utf8_valid("Việt", strlen("Việt"), &bad));
	CHECK(!text_utf8_valid("ab\xc3", 3, &bad));
	CHECK_INT(bad, 2);
	CHECK(!text_utf8_valid("ab\0c", 4, &bad));
	CHECK_INT(bad, 2);
	CHECK(!text_utf8_valid("\xed\xa0\x80", 3, &bad)); /* a surrogate */
	int line, col;
	text_position("ab\ncđe\nf", 7, &line, &col);
	CHECK_INT(line, 2);
	CHECK_INT(col, 4);
}

static void date_is(const char *in, const char *lang, const char *style, const char *want)
{
	struct text_date d;
	struct buf b = BUF_INIT;
	if (text_parse_date(in, 7 * 60, &d) == 0)
		text_format_date(&b, &d, lang, style);
	else
		buf_puts(&b, "(invalid)");
	CHECK_STR(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_dates(void)
{
	date_is("2026-03-31", "vi", "long", "ngày 31 tháng 3 năm 2026");
	date_is("2026-03-31", "vi", "short", "31/03/2026");
	date_is("2026-03-31", "en", "long", "31 March 2026");
	date_is("2026-03-31", "en", "short", "31 Mar 2026");
	date_is("2026-03-31", "vi", "iso", "2026-03-31T00:00:00+07:00");
	date_is("2026-03-31T08:30", "en", "iso", "2026-03-31T08:30:00+07:00");
	date_is("2026-03-31T08:30:15Z", "en", "iso", "2026-03-31T08:30:15+00:00");
	date_is("2026-03-31 08:30:00-05:30", "en", "iso", "2026-03-31T08:30:00-05:30");
	date_is("2026-03-31", "vi", "weekday", "Thứ Ba");
	date_is("2026-11-22", "vi", "weekday", "Chủ Nhật");
	date_is("2026-11-23", "en", "weekday", "Monday");
	date_is("2024-02-29", "vi", "short", "29/02/2024");
	date_is("2026-02-29", "vi", "short", "(invalid)");
	date_is("hôm qua", "vi", "short", "(invalid)");
	date_is("2026-13-01", "vi", "short", "(invalid)");
	date_is("2026-03-31T25:00", "vi", "short", "(invalid)");
	date_is("2026-03-31junk", "vi", "short", "(invalid)");
	struct text_date a, b;
	CHECK(text_parse_date("2026-03-31T07:00:00+07:00", 0, &a) == 0);
	CHECK(text_parse_date("2026-03-31T00:00:00Z", 0, &b) == 0);
	CHECK_INT(a.epoch, b.epoch);
	CHECK_INT(b.epoch, 1774915200LL);
	struct text_date e;
	text_date_from_epoch(1774915200LL, 420, &e);
	CHECK_INT(e.year, 2026);
	CHECK_INT(e.day, 31);
	CHECK_INT(e.hour, 7);
	int m;
	CHECK(text_parse_offset("+07:00", &m) == 0 && m == 420);
	CHECK(text_parse_offset("-05:30", &m) == 0 && m == -330);
	CHECK(text_parse_offset("7", &m) < 0);
}

static void number_is(double n, int dec, const char *lang, const char *want)
{
	struct buf b = BUF_INIT;
	text_format_number(&b, n, dec, lang);
	CHECK_STR(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_numbers(void)
{
	number_is(1234567, 0, "vi", "1.234.567");
	number_is(1234567, 0, "en", "1,234,567");
	number_is(99.32, 2, "vi", "99,32");
	number_is(99.32, 2, "en", "99.32");
	number_is(98, -1, "vi", "98");
	number_is(0.5, -1, "vi", "0,5");
	number_is(-1234.5, 1, "en", "-1,234.5");
	number_is(-0.0001, 2, "en", "0.00");
	number_is(100, 0, "vi", "100");
	number_is(999, 0, "en", "999");
	number_is(1000, 0, "en", "1,000");
}

static void test_escape(void)
{
	struct buf b = BUF_INIT;
	const char *s = "<a href=\"x\">Tom & Jerry's</a>";
	text_html_escape(&b, s, strlen(s));
	CHECK_STR(buf_cstr(&b), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
	buf_free(&b);
}

int main(void)
{
	test_slugs();
	test_nfc();
	test_utf8();
	test_dates();
	test_numbers();
	test_escape();
	HARNESS_DONE();
}
