#define HARNESS_DIAG
#include "harness.h"

#include "csv.h"

static struct csv *parse(const char *text)
{
	return csv_parse(text, strlen(text), "data/x.csv", harness_diag());
}

static void fails(const char *text, const char *want)
{
	struct csv *c = parse(text);
	CHECK(c == NULL);
	CHECK_STR(harness_diag_text(), want);
	csv_free(c);
}

static void test_spreadsheet_export(void)
{
	/* LibreOffice/Excel in a Vietnamese locale: BOM, ';', CRLF, quotes */
	struct csv *c = parse("\xEF\xBB\xBFid;Tên chỉ tiêu;Kết quả 2023;Kế hoạch 2024\r\n"
			      "gia-dinh;\"Tỷ lệ gia đình văn hóa\";87,29;90\r\n"
			      "do-thi;\"Tỷ lệ đạt chuẩn \"\"đô thị văn minh\"\"; ghi chú\";0;(nâng 02 chỉ tiêu trong 9 tiêu chí)\r\n"
			      "\r\n"
			      "nhieu-dong;\"dòng 1\r\ndòng 2\";72,2;77,7\r\n");
	CHECK(c != NULL);
	if (c == NULL)
		return;
	CHECK_INT(c->sep, ';');
	CHECK_INT(c->ncols, 4);
	CHECK_STR(c->header[0], "id");
	CHECK_STR(c->header[1], "Tên chỉ tiêu");
	CHECK_INT(c->nrows, 3);
	CHECK_STR(c->rows[0].cells[1], "Tỷ lệ gia đình văn hóa");
	CHECK_STR(c->rows[0].cells[2], "87,29");
	CHECK_STR(c->rows[1].cells[1], "Tỷ lệ đạt chuẩn \"đô thị văn minh\"; ghi chú");
	CHECK_STR(c->rows[1].cells[3], "(nâng 02 chỉ tiêu trong 9 tiêu chí)");
	CHECK_STR(c->rows[2].cells[1], "dòng 1\ndòng 2");
	CHECK_INT(c->rows[0].line, 2);
	CHECK_INT(c->rows[1].line, 3);
	CHECK_INT(c->rows[2].line, 5);
	CHECK_INT(csv_column(c, "Kế hoạch 2024"), 3);
	CHECK_INT(csv_column(c, "nope"), -1);
	CHECK_STR(harness_diag_text(), "");
	csv_free(c);

	/* commas with quoted decimal commas, LF, no final line break, spaces */
	c = parse("id, value ,note\na, \"87,29\" ,  x  \nb,,\"\"");
	CHECK(c != NULL);
	if (c) {
		CHECK_INT(c->sep, ',');
		CHECK_STR(c->header[1], "value");
		CHECK_STR(c->rows[0].cells[1], "87,29");
		CHECK_STR(c->rows[0].cells[2], "x");
		CHECK_STR(c->rows[1].cells[1], "");
		CHECK_STR(c->rows[1].cells[2], "");
		CHECK_INT(c->nrows, 2);
	}
	csv_free(c);
	c = parse("a\tb\n1\t2\n");
	CHECK(c != NULL && c->sep == '\t' && c->nrows == 1);
	csv_free(c);
}

static void test_errors(void)
{
	fails("id;ten\na;\"chưa đóng\n", "data/x.csv:2:3: error: this quoted field is never closed (a '\"' is missing)\n");
	fails("id;ten\na;b;c\nd\n",
	      "data/x.csv:2: error: this row has 3 fields but the header has 2 columns\n"
	      "data/x.csv:3: error: this row has 1 field but the header has 2 columns\n");
	fails("id;;id\n", "data/x.csv:1: error: column 2 has no name in the header line\n"
			  "data/x.csv:1: error: column 'id' appears twice in the header line\n");
	fails("", "data/x.csv:1:1: error: no header line: the first line must name the columns\n");
	fails("a,b\n\"x\"y,1\n",
	      "data/x.csv:2:4: error: text after a closing quote: put the whole field in quotes, with '\"\"' for a quote inside it\n");
}

static void number_is(const char *s, double want)
{
	double v = -12345;
	const char *why = NULL;
	int rc = csv_number(s, &v, &why);
	CHECK_INT(rc, 0);
	if (rc != 0 || v != want)
		fprintf(stderr, "  csv_number(\"%s\") = %d, %g (%s), want %g\n", s, rc, v, why ? why : "", want);
	CHECK(v == want);
}

static void number_fails(const char *s, const char *want)
{
	double v;
	const char *why = NULL;
	CHECK_INT(csv_number(s, &v, &why), -1);
	CHECK_STR(why, want);
}

static void test_numbers(void)
{
	number_is("87,29", 87.29);
	number_is("99,32", 99.32);
	number_is("100", 100);
	number_is("0", 0);
	number_is("1.234", 1234);
	number_is("1.234.567", 1234567);
	number_is("1.234,5", 1234.5);
	number_is("-3", -3);
	number_is("+3,5", 3.5);
	number_is(" 48 % ", 48);
	number_is("72,2%", 72.2);
	number_is("1\xC2\xA0" "234", 1234);
	number_is("1\xE2\x80\xAF" "234,5", 1234.5);
	number_fails("99.32", "a dot groups thousands (1.234.567); decimals take a comma (99,32)");
	number_fails("1234.567", "a dot groups thousands (1.234.567); decimals take a comma (99,32)");
	number_fails("12.34.567", "a dot groups thousands (1.234.567); decimals take a comma (99,32)");
	number_fails("1,2,3", "not a number");
	number_fails("3,", "no digits after the decimal comma");
	number_fails("", "empty");
	number_fails("%", "empty");
	number_fails("(nâng 02 chỉ tiêu trong 9 tiêu chí)", "not a number");
	number_fails("12a", "not a number");
}

int main(void)
{
	test_spreadsheet_export();
	test_errors();
	test_numbers();
	harness_diag_end();
	HARNESS_DONE();
}
