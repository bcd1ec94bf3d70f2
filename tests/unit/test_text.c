#include "harness.h"

#include <utf8proc.h>

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

static char *tag_slug(const char *in)
{
	return text_tag_slug(in, NULL);
}

/* Distinct tags keep distinct slugs; spellings of one tag share one; a
 * slug depends on the tag alone. */
static void test_tag_slugs(void)
{
	const char *ba[] = {"ba", "bà", "bả", "bã", "bá", "bạ", "an", "ăn", "ân", "em", "êm", "băng", "bâng", "đa", "da"};
	size_t n = sizeof ba / sizeof *ba;
	char *s[sizeof ba / sizeof *ba];
	for (size_t i = 0; i < n; i++)
		s[i] = tag_slug(ba[i]);
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			CHECK(strcmp(s[i], s[k]) != 0);
	/* the unmarked spelling keeps the plain slug; a marked one adds six hex digits */
	CHECK_STR(s[0], "ba");
	CHECK(strncmp(s[1], "ba-", 3) == 0 && strlen(s[1]) == 9);
	CHECK(strncmp(s[11], "bang-", 5) == 0);
	for (size_t i = 0; i < n; i++)
		free(s[i]);
	/* pinned: a published URL must not move when the code changes */
	char *v = tag_slug("văn hóa");
	CHECK_STR(v, "van-hoa-fcc05f");
	/* case, spacing, punctuation, tone placement (hóa / hoá), NFD: one tag */
	const char *same[] = {"Văn hoá", "  văn   hóa ", "VĂN HÓA", "văn-hóa", "va\xcc\x86n hoa\xcc\x81"};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		char *o = tag_slug(same[i]);
		CHECK_STR(o, v);
		free(o);
	}
	free(v);
	char *k = NULL;
	v = text_tag_slug("Fruit", &k);
	CHECK_STR(v, "fruit");
	CHECK_STR(k, "fruit");
	free(v);
	free(k);
	v = tag_slug("!!!");
	CHECK_STR(v, "");
	free(v);
	/* other scripts: nothing folded away, no suffix */
	v = tag_slug("東京");
	CHECK_STR(v, "東京");
	free(v);
}

static void test_nfc(void)
{
	char *s = nfc("Đo\xcc\x82\xcc\x80ng"); /* NFD */
	CHECK_STR(s, "Đồng");
	free(s);
	s = nfc("\xc3\x90\xe1\xbb\x93ng"); /* Ð (U+00D0) renders as written */
	CHECK_STR(s, "\xc3\x90\xe1\xbb\x93ng");
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
	/* the eight-bytes-at-a-time path: a bad byte or a NUL at every
	 * offset of a long ASCII text is found at that offset */
	char text[40];
	for (size_t at = 0; at < sizeof text; at++) {
		memset(text, 'a', sizeof text);
		text[at] = '\0';
		bad = 99;
		CHECK(!text_utf8_valid(text, sizeof text, &bad) && bad == at);
		text[at] = (char)0xff;
		bad = 99;
		CHECK(!text_utf8_valid(text, sizeof text, &bad) && bad == at);
		text[at] = (char)0xc3; /* a sequence cut by the next ASCII byte */
		CHECK(at + 1 == sizeof text || !text_utf8_valid(text, sizeof text, &bad));
	}
	memset(text, 'a', sizeof text);
	memcpy(text + 13, "Đồng", strlen("Đồng"));
	CHECK(text_utf8_valid(text, sizeof text, &bad));
	/* every sequence of one to three bytes from a set that covers each
	 * boundary of the rules (lead bytes, continuation ranges, overlong,
	 * surrogates, above U+10FFFF) agrees with utf8proc */
	static const unsigned char probe[] = {0x00, 0x01, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
					      0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4,
					      0xF5, 0xFF};
	size_t np = sizeof probe, disagree = 0;
	for (size_t a = 0; a < np; a++)
		for (size_t b2 = 0; b2 < np; b2++)
			for (size_t c = 0; c < np; c++)
				for (size_t d = 0; d < np; d += 5) {
					unsigned char t[4] = {probe[a], probe[b2], probe[c], probe[d]};
					for (size_t n = 1; n <= 4; n++) {
						size_t i = 0;
						int ok = 1;
						while (i < n) {
							utf8proc_int32_t cp;
							utf8proc_ssize_t k = utf8proc_iterate(t + i, (utf8proc_ssize_t)(n - i), &cp);
							if (k <= 0 || cp == 0) {
								ok = 0;
								break;
							}
							i += (size_t)k;
						}
						size_t where = 99;
						int got = text_utf8_valid((const char *)t, n, &where);
						if (got != ok || (!ok && where != i))
							disagree++;
					}
				}
	CHECK_INT(disagree, 0);
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

/* Vietnamese alphabetical order of real words, as CLDR's vi collation
 * sorts them: letters first (ă after a, â after ă, đ after d, …), then the
 * tone of each syllable, then case. */
static const char *const S_vi_order[] = {
	"a", "à", "ả", "ã", "á", "ạ", "an", "an khang", "ang", "anh", "ảnh", "ăn", "ắt", "âm", "ấm", "ẩn",
	"ba", "bà", "Bà", "bả", "bã", "bá", "bạ", "bác", "bắc", "bầu", "bé", "bê", "bến", "ca", "cà", "cả",
	"cá", "cam", "căn", "cân", "cây", "chanh", "chè", "co", "có", "cô", "cố", "cơ", "cờ", "cu", "cũ",
	"cư", "cứ", "da", "dạ", "dân", "dòng", "đa", "đá", "đàn", "đê", "đi", "đông", "đồng", "Đồng Xoài",
	"đường", "e", "è", "ê", "ếch", "ga", "gà", "gạo", "ghi", "gì", "gió", "hoa", "hòa", "hóa", "i",
	"ít", "kẻ", "kem", "la", "lá", "lúa", "ma", "mà", "mả", "mã", "má", "mạ", "nam", "năm", "nấm",
	"ngày", "nghĩ", "nhà", "nhỏ", "o", "ong", "ô", "ông", "ơ", "ơn", "phở", "quả", "rau", "sách",
	"sông", "tay", "tây", "thủy", "trà", "u", "ú", "ư", "ừ", "văn", "vân", "xanh", "xuân", "ý", "yêu",
};

static const char *S_lang;

static int S_cmp(const void *a, const void *b)
{
	return text_collate(*(const char *const *)a, *(const char *const *)b, S_lang);
}

static void test_collation(void)
{
	size_t n = sizeof S_vi_order / sizeof *S_vi_order;
	CHECK(n >= 50);
	const char **words = malloc(n * sizeof *words);
	/* a scrambled copy: every 7th word, wrapping round */
	for (size_t i = 0; i < n; i++)
		words[i] = S_vi_order[(i * 7 + 3) % n];
	CHECK(n % 7 != 0);
	S_lang = "vi";
	qsort(words, n, sizeof *words, S_cmp);
	for (size_t i = 0; i < n; i++)
		CHECK_STR(words[i], S_vi_order[i]);
	free(words);

	/* same word whatever the keyboard: NFD, U+00D0, old tone placement */
	size_t la, lb;
	unsigned char *a = text_collate_key("Đồng", "vi", &la);
	unsigned char *b = text_collate_key("\xc3\x90o\xcc\x82\xcc\x80ng", "vi", &lb);
	CHECK(la == lb && memcmp(a, b, la) == 0);
	free(a);
	free(b);
	a = text_collate_key("hoá thuỷ", "vi", &la);
	b = text_collate_key("hóa thủy", "vi", &lb);
	CHECK(la == lb && memcmp(a, b, la) == 0);
	free(a);
	free(b);

	/* English order: base letters, đ as d, accents after, case last */
	const char *en[] = {"zebra", "école", "Đồng Xoài", "cherry", "Banana", "apple", "dong", "Apple"};
	const char *en_want[] = {"apple", "Apple", "Banana", "cherry", "dong", "Đồng Xoài", "école", "zebra"};
	S_lang = "en";
	qsort(en, 8, sizeof *en, S_cmp);
	for (size_t i = 0; i < 8; i++)
		CHECK_STR(en[i], en_want[i]);
	/* in Vietnamese, đ is a letter of its own after d */
	CHECK(text_collate("dz", "đa", "vi") < 0);
	CHECK(text_collate("dz", "đa", "en") > 0);
	CHECK(text_collate("2026", "a", "vi") < 0);
}

/* Every tone on every vowel, composed and decomposed, slugs to the bare
 * vowel and collates after the toneless one in tone order. */
static void test_every_tone(void)
{
	static const struct { const char *vowel; const char *slug; } vowels[] = {
		{"a", "a"}, {"ă", "a"}, {"â", "a"}, {"e", "e"}, {"ê", "e"}, {"i", "i"},
		{"o", "o"}, {"ô", "o"}, {"ơ", "o"}, {"u", "u"}, {"ư", "u"}, {"y", "y"}};
	static const char *const tones[] = {"", "\xcc\x80", "\xcc\x89", "\xcc\x83", "\xcc\x81", "\xcc\xa3"};
	for (size_t v = 0; v < sizeof vowels / sizeof *vowels; v++) {
		char *prev = NULL;
		for (size_t t = 0; t < 6; t++) {
			char nfd[32];
			snprintf(nfd, sizeof nfd, "%s%s", vowels[v].vowel, tones[t]);
			char *composed = text_nfc(nfd, strlen(nfd), NULL);
			size_t chars = 0;
			for (const char *c = composed; *c; c++)
				chars += ((unsigned char)*c & 0xC0) != 0x80;
			CHECK_INT(chars, 1); /* really one precomposed letter */
			char *s1 = text_slug(nfd), *s2 = text_slug(composed);
			CHECK_STR(s1, vowels[v].slug);
			CHECK_STR(s2, vowels[v].slug);
			if (prev)
				CHECK(text_collate(prev, composed, "vi") < 0);
			CHECK(text_collate(nfd, composed, "vi") != 0 || strcmp(nfd, composed) == 0);
			size_t l1, l2;
			unsigned char *k1 = text_collate_key(nfd, "vi", &l1), *k2 = text_collate_key(composed, "vi", &l2);
			CHECK(l1 == l2 && memcmp(k1, k2, l1) == 0);
			free(k1);
			free(k2);
			free(s1);
			free(s2);
			free(prev);
			prev = composed;
		}
		free(prev);
	}
}

int main(void)
{
	test_collation();
	test_every_tone();
	test_slugs();
	test_tag_slugs();
	test_nfc();
	test_utf8();
	test_dates();
	test_numbers();
	test_escape();
	HARNESS_DONE();
}
