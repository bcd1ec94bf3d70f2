#include "harness.h"

#include "buf.h"
#include "markdown.h"

static void html_is(const char *md, int unsafe, const char *want)
{
	struct markdown_result r;
	markdown_render(md, strlen(md), unsafe, "Bảng", &r);
	CHECK_STR(r.html, want);
	markdown_result_free(&r);
}

static void summary_is(const char *md, const char *want)
{
	struct markdown_result r;
	markdown_render(md, strlen(md), 0, "Bảng", &r);
	CHECK_STR(r.summary, want);
	markdown_result_free(&r);
}

static void test_gfm(void)
{
	html_is("| a | b |\n|---|---|\n| 1 | 2 |\n", 0,
		"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Bảng 1\"><table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table></div>\n");
	html_is("|a|\n|-|\n|1|\n\ntext\n\n|b|\n|-|\n|2|\n", 0,
		"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Bảng 1\"><table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table></div>\n<p>text</p>\n"
		"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Bảng 2\"><table>\n<thead>\n<tr>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>2</td>\n</tr>\n</tbody>\n</table></div>\n");
	html_is("~~cũ~~ mới", 0, "<p><del>cũ</del> mới</p>\n");
	html_is("xem https://binhphuoc.example.gov.vn nhé", 0,
		"<p>xem <a href=\"https://binhphuoc.example.gov.vn\">https://binhphuoc.example.gov.vn</a> nhé</p>\n");
	html_is("- [x] xong\n- [ ] chưa\n", 0,
		"<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> xong</li>\n<li><input type=\"checkbox\" disabled=\"\" /> chưa</li>\n</ul>\n");
}

static void test_raw_html(void)
{
	html_is("<script>alert(1)</script>\n", 0, "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n");
	html_is("a <b onclick=\"x()\">b</b>", 0, "<p>a &lt;b onclick=&quot;x()&quot;&gt;b&lt;/b&gt;</p>\n");
	html_is("[x](javascript:alert(1))", 0, "<p><a href=\"\">x</a></p>\n");
	html_is("a <b>b</b>", 1, "<p>a <b>b</b></p>\n");
}

static void test_summary(void)
{
	summary_is("# Tiêu đề\n\nĐoạn *đầu* tiên\nnối dòng.\n\nĐoạn hai.", "Đoạn đầu tiên nối dòng.");
	summary_is("# Chỉ tiêu đề\n", "");
	struct buf b = BUF_INIT;
	for (int i = 0; i < 100; i++)
		buf_puts(&b, "văn hóa ");
	struct markdown_result r;
	markdown_render(b.data, b.len, 0, "Bảng", &r);
	CHECK(strlen(r.summary) < strlen(b.data));
	CHECK(strcmp(r.summary + strlen(r.summary) - strlen("hóa…"), "hóa…") == 0);
	markdown_result_free(&r);
	buf_free(&b);
}

static void test_pathological(void)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 100000; i++)
		buf_puts(&b, "> ");
	buf_puts(&b, "sâu\n");
	struct markdown_result r;
	markdown_render(b.data, b.len, 0, "Bảng", &r);
	CHECK(strstr(r.html, "sâu") != NULL);
	markdown_result_free(&r);
	buf_reset(&b);
	for (int i = 0; i < 20000; i++)
		buf_printf(&b, "%*s- x\n", i % 200 * 2, "");
	markdown_render(b.data, b.len, 0, "Bảng", &r);
	CHECK(r.html != NULL);
	markdown_result_free(&r);
	buf_free(&b);
}

static void test_links(void)
{
	const char *md = "# Đầu\n\nĐồng Xoài [a](/vi/x/) và\n  ![ảnh](bia.jpg) <https://e.org>\n\n| ô | b |\n|---|---|\n| [c](#d) | x |\n";
	struct markdown_result r;
	markdown_render(md, strlen(md), 0, "Bảng", &r);
	CHECK_INT(r.nlinks, 4);
	if (r.nlinks == 4) {
		CHECK_STR(r.links[0].url, "/vi/x/");
		CHECK(r.links[0].line == 3 && r.links[0].col == 11); /* characters, not bytes */
		CHECK_STR(r.links[1].url, "bia.jpg");
		CHECK(r.links[1].line == 4 && r.links[1].col == 3);
		CHECK_STR(r.links[2].url, "https://e.org");
		CHECK_STR(r.links[3].url, "#d");
		CHECK(r.links[3].line == 8 && r.links[3].col == 3);
	}
	markdown_result_free(&r);
	CHECK(r.links == NULL && r.nlinks == 0);
}

int main(void)
{
	test_gfm();
	test_links();
	test_raw_html();
	test_summary();
	test_pathological();
	HARNESS_DONE();
}
