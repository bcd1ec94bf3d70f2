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

/* "line:col:columns/separator columns;" for each paragraph that looks
 * like a table but is not one. */
static void not_tables_are(const char *md, const char *want)
{
	struct markdown_result r;
	struct buf b = BUF_INIT;
	markdown_render(md, strlen(md), 0, "Bảng", &r);
	for (size_t i = 0; i < r.nnot_tables; i++)
		buf_printf(&b, "%d:%d:%d/%d;", r.not_tables[i].line, r.not_tables[i].col, r.not_tables[i].columns,
		           r.not_tables[i].separator_columns);
	CHECK_STR(buf_cstr(&b), want);
	buf_free(&b);
	markdown_result_free(&r);
}

static void test_not_tables(void)
{
	not_tables_are("| a | b |\n|---|---|\n| 1 | 2 |\n", "");
	not_tables_are("a | b\n--|--\n", "");
	not_tables_are("một | hai\n\n`a|b|c` và a \\| b \\| c\n", "");
	not_tables_are("Lịch:\n\n| a | b |\n| 1 | 2 |\n", "3:1:2/0;");
	not_tables_are("x\n\n> | a | b | c |\n> |---|---|\n", "3:3:3/2;");
	not_tables_are("|a|b|\n\nchữ\n\na|b|c\n", "1:1:2/0;5:1:3/0;");
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
	/* refused past MARKDOWN_MAX_DEPTH, at the first container too deep */
	CHECK(markdown_render(b.data, b.len, 0, "Bảng", &r) == -1);
	CHECK(r.deep_line == 1 && r.deep_col == 2 * MARKDOWN_MAX_DEPTH + 1);
	CHECK(strcmp(r.html, "") == 0);
	markdown_result_free(&r);
	buf_reset(&b);
	for (int i = 0; i < MARKDOWN_MAX_DEPTH - 1; i++)
		buf_puts(&b, "> ");
	buf_puts(&b, "sâu\n");
	CHECK(markdown_render(b.data, b.len, 0, "Bảng", &r) == 0); /* 99 quotes and a paragraph: the limit */
	CHECK(r.deep_line == 0 && strstr(r.html, "sâu") != NULL);
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

static void test_heading_ids(void)
{
	html_is("# Lịch sử di tích\n\n## Lịch sử di tích\n\n## Lịch sử di tích\n", 0,
		"<h1 id=\"lich-su-di-tich\">Lịch sử di tích</h1>\n<h2 id=\"lich-su-di-tich-2\">Lịch sử di tích</h2>\n"
		"<h2 id=\"lich-su-di-tich-3\">Lịch sử di tích</h2>\n");
	/* the text of links, emphasis and code counts; no letter: h-N */
	html_is("### ~~Cũ~~ *Đồng* `Xoài` [100 %](/x/)\n\n#### ***\n", 0,
		"<h3 id=\"cu-dong-xoai-100\"><del>Cũ</del> <em>Đồng</em> <code>Xoài</code> <a href=\"/x/\">100 %</a></h3>\n"
		"<h4 id=\"h-2\">***</h4>\n");
	/* a heading whose slug is another's with a suffix stays unique */
	html_is("## A\n\n## A 2\n\n## A\n", 0,
		"<h2 id=\"a\">A</h2>\n<h2 id=\"a-2\">A 2</h2>\n<h2 id=\"a-3\">A</h2>\n");
	/* a numbered id already taken by a heading's own text is skipped */
	html_is("## A\n\n## A\n\n## A 2\n\n## A\n", 1,
		"<h2 id=\"a\">A</h2>\n<h2 id=\"a-2\">A</h2>\n<h2 id=\"a-2-2\">A 2</h2>\n<h2 id=\"a-3\">A</h2>\n");
	html_is("Setext\n======\n", 1, "<h1 id=\"setext\">Setext</h1>\n");
}

static void test_lang_parts(void)
{
	html_is("Xem <span lang=\"en\">[About the portal](/en/about/)</span>.", 0,
		"<p>Xem <span lang=\"en\"><a href=\"/en/about/\">About the portal</a></span>.</p>\n");
	html_is("<span lang=\"en-GB\">a <span lang=\"fr\">b</span></span>", 0,
		"<p><span lang=\"en-GB\">a <span lang=\"fr\">b</span></span></p>\n");
	html_is("<div lang=\"en\">\n\n**English** text.\n\n</div>\n", 0,
		"<div lang=\"en\">\n<p><strong>English</strong> text.</p>\n</div>\n");
	/* unbalanced, other attributes, bad tags, other parents: shown as text */
	html_is("<span lang=\"en\">lẻ", 0, "<p>&lt;span lang=&quot;en&quot;&gt;lẻ</p>\n");
	html_is("lẻ</span>", 0, "<p>lẻ&lt;/span&gt;</p>\n");
	html_is("<span lang=\"en\" onclick=\"x()\">a</span>", 0,
		"<p>&lt;span lang=&quot;en&quot; onclick=&quot;x()&quot;&gt;a&lt;/span&gt;</p>\n");
	html_is("<span lang=\"e\">a</span> <span lang=\"en-\">b</span> <span lang='en'>c</span>", 0,
		"<p>&lt;span lang=&quot;e&quot;&gt;a&lt;/span&gt; &lt;span lang=&quot;en-&quot;&gt;b&lt;/span&gt; "
		"&lt;span lang='en'&gt;c&lt;/span&gt;</p>\n");
	html_is("<span lang=\"en\">a\n\nb</span>", 0,
		"<p>&lt;span lang=&quot;en&quot;&gt;a</p>\n<p>b&lt;/span&gt;</p>\n");
	html_is("<div lang=\"en\">\n<script>x</script>\n\n</div>\n", 0,
		"<pre><code>&lt;div lang=&quot;en&quot;&gt;\n&lt;script&gt;x&lt;/script&gt;\n</code></pre>\n"
		"<pre><code>&lt;/div&gt;\n</code></pre>\n");
	/* a table cell takes no raw HTML node: a pair there is shown as text
	 * (it was dropped, and leaked, before; found by fuzzing) */
	html_is("| a |\n|---|\n| <span lang=\"en\">x</span> |\n", 0,
		"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Bảng 1\"><table>\n<thead>\n<tr>\n"
		"<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>&lt;span lang=&quot;en&quot;&gt;x&lt;/span&gt;</td>\n"
		"</tr>\n</tbody>\n</table></div>\n");
}

static int S_figure(void *ud, const struct markdown_image *img, char **html)
{
	(void)ud;
	struct buf b = BUF_INIT;
	buf_printf(&b, "<figure>%s</figure>", img->src);
	*html = buf_detach(&b);
	return 0;
}

/* An image hook's HTML replaces the image, except in a table cell, where
 * cmark-gfm takes no raw HTML node: the image stays as Markdown has it. */
static void test_image_hook(void)
{
	struct markdown_hooks h = {.image = S_figure};
	const char *md = "Ảnh ![a](x.jpg) đây.\n\n| b |\n|---|\n| ![c](y.jpg) |\n";
	struct markdown_result r;
	CHECK_INT(markdown_render_hooked(md, strlen(md), 0, "Bảng", &h, &r), 0);
	CHECK_STR(r.html, "<p>Ảnh <figure>x.jpg</figure> đây.</p>\n"
			  "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Bảng 1\"><table>\n"
			  "<thead>\n<tr>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
			  "<td><img src=\"y.jpg\" alt=\"c\" /></td>\n</tr>\n</tbody>\n</table></div>\n");
	markdown_result_free(&r);
}

int main(void)
{
	test_gfm();
	test_not_tables();
	test_links();
	test_raw_html();
	test_heading_ids();
	test_image_hook();
	test_lang_parts();
	test_summary();
	test_pathological();
	HARNESS_DONE();
}
