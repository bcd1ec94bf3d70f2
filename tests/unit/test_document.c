/* document: the pure parts of the document library (dates as precise as
 * the paper, sizes and formats of attached files) and a document found by
 * search by its number. */
#include "harness.h"

#include "document.h"
#include "search.h"

static const char *date_text(const char *s, const char *lang, int iso)
{
	static struct buf b;
	struct document_date d;
	buf_reset(&b);
	if (document_parse_date(s, &d) < 0)
		return "(bad)";
	document_format_date(&b, &d, lang, iso);
	return buf_cstr(&b);
}

static void test_dates(void)
{
	struct document_date d;
	CHECK(document_parse_date("2026-03-31", &d) == 0 && d.year == 2026 && d.month == 3 && d.day == 31);
	CHECK(document_parse_date("2026-05", &d) == 0 && d.year == 2026 && d.month == 5 && d.day == 0);
	CHECK(document_parse_date("2024", &d) == 0 && d.year == 2024 && d.month == 0 && d.day == 0);
	CHECK(document_parse_date("2024-02-29", &d) == 0);  /* a leap year */
	CHECK(document_parse_date("2026-02-29", &d) < 0);   /* not one */
	CHECK(document_parse_date("1900-02-29", &d) < 0);   /* a century: not one */
	CHECK(document_parse_date("2000-02-29", &d) == 0);  /* every 400 years: one */
	CHECK(document_parse_date("2026-04-31", &d) < 0);
	CHECK(document_parse_date("2026-13", &d) < 0);
	CHECK(document_parse_date("2026-00", &d) < 0);
	CHECK(document_parse_date("2026-1-5", &d) < 0);     /* two digits each */
	CHECK(document_parse_date("31/3/2026", &d) < 0);    /* the paper's way: not ours */
	CHECK(document_parse_date("0999", &d) < 0);
	CHECK(document_parse_date("", &d) < 0);
	CHECK(document_parse_date("2026-03-31T08:00", &d) < 0); /* a day, not a time */
	CHECK(document_parse_date("2026-03-3x", &d) < 0);
	CHECK(document_parse_date("２０２６", &d) < 0);     /* full-width digits */

	CHECK_STR(date_text("2026-03-31", "vi", 0), "31/3/2026");
	CHECK_STR(date_text("2026-05", "vi", 0), "tháng 5/2026");
	CHECK_STR(date_text("2024", "vi", 0), "năm 2024");
	CHECK_STR(date_text("2026-03-31", "en", 0), "31 March 2026");
	CHECK_STR(date_text("2026-05", "en", 0), "May 2026");
	CHECK_STR(date_text("2024", "en", 0), "2024");
	CHECK_STR(date_text("2026-05", "fr", 0), "2026-05"); /* other languages: ISO */
	CHECK_STR(date_text("2026-03-01", "vi", 1), "2026-03-01");
	CHECK_STR(date_text("2026-03", "vi", 1), "2026-03");
	CHECK_STR(date_text("2026", "en", 1), "2026");
}

static const char *size_text(size_t n, const char *lang)
{
	static struct buf b;
	buf_reset(&b);
	document_format_size(&b, n, lang);
	return buf_cstr(&b);
}

static void test_sizes(void)
{
	CHECK_STR(size_text(0, "vi"), "0 byte");
	CHECK_STR(size_text(900, "vi"), "900 byte");
	CHECK_STR(size_text(1, "en"), "1 byte");
	CHECK_STR(size_text(900, "en"), "900 bytes");
	CHECK_STR(size_text(1024, "vi"), "1 KB");
	CHECK_STR(size_text(225351, "vi"), "220 KB"); /* the portal's scans say "220 KB" */
	CHECK_STR(size_text(1258291, "vi"), "1,2 MB"); /* 1.2 MiB, the Vietnamese comma */
	CHECK_STR(size_text(1258291, "en"), "1.2 MB");
	CHECK_STR(size_text(1023 * 1024, "vi"), "1,0 MB"); /* no "1023 KB" */
	CHECK_STR(size_text((size_t)150 * 1024 * 1024, "vi"), "150 MB");
	CHECK_STR(size_text((size_t)1500 * 1024 * 1024, "vi"), "1.500 MB");
}

static void test_types(void)
{
	const char *format, *mime;
	document_file_type("ke-hoach.pdf", &format, &mime);
	CHECK_STR(format, "PDF");
	CHECK_STR(mime, "application/pdf");
	document_file_type("phu-luc/Bang.XLSX", &format, &mime);
	CHECK_STR(format, "XLSX");
	document_file_type("scan.jpeg", &format, &mime);
	CHECK_STR(format, "JPEG");
	CHECK_STR(mime, "image/jpeg");
	document_file_type("ban-do.kmz", &format, &mime);
	CHECK_STR(format, "KMZ");
	CHECK_STR(mime, "application/octet-stream");
	document_file_type("khong-duoi", &format, &mime);
	CHECK_STR(format, "FILE");
	document_file_type("thu.muc/khong-duoi", &format, &mime); /* a dot of the folder is no extension */
	CHECK_STR(format, "FILE");
	document_file_type("x.<b>", &format, &mime); /* no markup from a name */
	CHECK_STR(format, "FILE");
	document_file_type("x.abcdefghijk", &format, &mime);
	CHECK_STR(format, "FILE");
}

/* The search index holds a document's number as words of its title:
 * "108/KH-UBND" and "108" both find it, and so does its summary. */
static void test_search(void)
{
	static struct lang vi;
	static struct page home, p, other;
	static struct page *pages[2];
	static struct document doc;
	vi.code = "vi";
	doc = (struct document){.number = "108/KH-UBND", .type = "Kế hoạch", .issuer = "UBND phường",
				.summary = "Phát triển văn hóa",
				.search_text = "Kế hoạch\nUBND phường\nPhát triển văn hóa\n\n"};
	p = (struct page){.kind = PAGE_REGULAR, .lang = &vi, .section = "", .title = "Kế hoạch năm 2026",
			  .url = "/vi/kh/", .summary = "", .content = "", .doc = &doc};
	other = (struct page){.kind = PAGE_REGULAR, .lang = &vi, .section = "", .title = "Tin", .url = "/vi/tin/",
			      .summary = "", .content = "<p>Số 109</p>"};
	home = (struct page){.kind = PAGE_HOME, .lang = &vi, .section = "", .title = "Cổng", .url = "/vi/"};
	pages[0] = &p;
	pages[1] = &other;
	vi.home = &home;
	vi.pages = pages;
	vi.npages = 2;
	struct search_files f = {0};
	search_index(&f, &vi);
	const char *t0 = NULL;
	for (size_t i = 0; i < f.n; i++)
		if (strcmp(f.v[i].name, "t0.json") == 0)
			t0 = buf_cstr(&f.v[i].data);
	CHECK(t0 != NULL);
	t0 = t0 ? t0 : "";
	CHECK(strstr(t0, "\"108\":\"0|=e\"") != NULL);       /* page 0, a title's weight */
	CHECK(strstr(t0, "\"108 kh\":\"0|=e\"") != NULL);    /* "108/KH-UBND" as adjacent words */
	CHECK(strstr(t0, "\"kh ubnd\":\"0|=e\"") != NULL);
	CHECK(strstr(t0, "\"phat trien\":\"0|=I\"") != NULL); /* the summary: a heading's weight */
	CHECK(strstr(t0, "\"109\":\"1\"") != NULL);
	search_files_free(&f);
}

int main(void)
{
	test_dates();
	test_sizes();
	test_types();
	test_search();
	HARNESS_DONE();
}
