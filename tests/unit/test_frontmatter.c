#define HARNESS_DIAG
#include "harness.h"

#include "frontmatter.h"

static int parse(struct front_matter *fm, const char *text)
{
	struct diag *d = harness_diag();
	return front_matter_parse(fm, text, strlen(text), "content/vi/a.md", 420, d);
}

static void errors_are(const char *text, const char *want)
{
	struct front_matter fm;
	CHECK(parse(&fm, text) < 0);
	CHECK_STR(harness_diag_text(), want);
	front_matter_free(&fm);
}

static void test_fields(void)
{
	struct front_matter fm;
	CHECK(parse(&fm, "---\ntitle: Đồng Xoài\ndate: 2026-03-31\nlastmod: 2026-04-01T10:00:00+07:00\ndraft: false\n"
			 "slug: dong-xoai\ntags: [di tích, lịch sử]\nweight: 3\nlayout: gallery\n"
			 "translation_key: dx\naliases: [/vi/cu, /vi/cu.html]\nsummary: Tóm tắt\nextra: 1\n---\n# Body\n") == 0);
	CHECK_STR(fm.title, "Đồng Xoài");
	CHECK(fm.has_date && fm.date.year == 2026 && fm.date.month == 3 && fm.date.day == 31);
	CHECK_INT(fm.date.tz_minutes, 420);
	CHECK(fm.has_lastmod && fm.lastmod.hour == 10);
	CHECK_INT(fm.draft, 0);
	CHECK_STR(fm.slug, "dong-xoai");
	CHECK_INT(fm.ntags, 2);
	CHECK_STR(fm.tags[1], "lịch sử");
	CHECK(fm.has_weight && fm.weight == 3);
	CHECK_STR(fm.layout, "gallery");
	CHECK_INT(fm.layout_line, 9);
	CHECK_STR(fm.translation_key, "dx");
	CHECK_INT(fm.naliases, 2);
	CHECK_STR(fm.aliases[0], "/vi/cu/");
	CHECK_STR(fm.aliases[1], "/vi/cu.html");
	CHECK_STR(fm.summary, "Tóm tắt");
	CHECK_INT(fm.body_line, 15);
	CHECK(strncmp(fm.body, "# Body\n", fm.body_len) == 0);
	front_matter_free(&fm);

	CHECK(parse(&fm, "No front matter at all.\n") == 0);
	CHECK(fm.root == NULL && fm.title == NULL);
	CHECK_INT(fm.body_len, 24);
	front_matter_free(&fm);

	/* CRLF, a byte order mark, "..." to close, NFD text */
	CHECK(parse(&fm, "\xEF\xBB\xBF---\r\ntitle: Đo\xcc\x82\xcc\x80ng\r\n...\r\nBody") == 0);
	CHECK_STR(fm.title, "Đồng");
	CHECK_STR(fm.body, "Body");
	front_matter_free(&fm);

	CHECK(parse(&fm, "---\ntags: văn hóa\n---\n") == 0);
	CHECK_INT(fm.ntags, 1);
	front_matter_free(&fm);
}

static void test_errors(void)
{
	errors_are("---\ntitle: x\n", "content/vi/a.md:1:1: error: the front matter opened by '---' is not closed by a '---' line\n");
	errors_are("---\ntitle: x\ndate: hôm qua\ndraft: maybe\nweight: nặng\n---\n",
		   "content/vi/a.md:3:7: error: 'date' must be a date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+07:00), not 'hôm qua'\n"
		   "content/vi/a.md:4:8: error: 'draft' must be true or false, not 'maybe'\n"
		   "content/vi/a.md:5:9: error: 'weight' must be a whole number, not 'nặng'\n");
	errors_are("---\nslug: ../../etc\n---\n",
		   "content/vi/a.md:2:7: error: 'slug' must be one URL segment (letters, digits, '-', '_', '.'), not '../../etc'\n");
	errors_are("---\naliases: [/vi/../x, vi/y, \"/a b\"]\n---\n",
		   "content/vi/a.md:2:11: error: 'aliases' must be absolute paths such as /vi/tin-cu/, not '/vi/../x'\n"
		   "content/vi/a.md:2:21: error: 'aliases' must be absolute paths such as /vi/tin-cu/, not 'vi/y'\n"
		   "content/vi/a.md:2:27: error: 'aliases' must be absolute paths such as /vi/tin-cu/, not '/a b'\n");
	errors_are("---\ntitle: [a]\ntags: {a: b}\n---\n",
		   "content/vi/a.md:2:8: error: 'title' must be a string, not a list\n"
		   "content/vi/a.md:3:7: error: 'tags' must be a list of strings, not a map\n");
	errors_are("---\n- a\n---\n", "content/vi/a.md:2:1: error: the front matter must be a map of keys, not a list\n");
	errors_are("---\ntitle: \xc3\x28\n---\n",
		   "content/vi/a.md:2:8: error: invalid UTF-8 (byte 0xC3): save the file as UTF-8\n");
	errors_are("---\ntags: [\"!!\"]\n---\n", "content/vi/a.md:2:8: error: the tag '!!' has no letter or digit\n");
	errors_are("---\ntitle:Lễ hội\n---\n",
	           "content/vi/a.md:2:1: error: 'title:' needs a space after the colon: write title: Lễ hội\n");
	errors_are("---\nhttp://x.vn\n---\n",
	           "content/vi/a.md:2:1: error: the front matter must be a map of keys, not a string\n");
	errors_are("---\nvăn bản thường\n---\n",
	           "content/vi/a.md:2:1: error: the front matter must be a map of keys, not a string\n");
}

/* A '#' after a space cuts a plain value short: a warning with the fix;
 * none in quotes, without the space, or in another key. */
static void test_comment_cut(void)
{
	struct front_matter fm;
	parse(&fm, "---\ntitle: Số #1 \"a\"\nsummary: Giá 5#6\nslug: a # b\n---\n");
	CHECK_STR(
	    harness_diag_text(),
	    "content/vi/a.md:2:11: warning: the value of 'title' stops before ' #': YAML reads the rest of the line "
	    "as a comment; if it is part of the value, put the whole value in double quotes: title: \"Số #1 "
	    "\\\"a\\\"\"\n");
	CHECK_STR(fm.title, "Số");
	front_matter_free(&fm);
	parse(&fm, "---\ntitle: \"Số #1\"\nsummary: 'a #b'\n---\n");
	CHECK_STR(harness_diag_text(), "");
	front_matter_free(&fm);
}

static void test_nul(void)
{
	struct front_matter fm;
	struct diag *d = harness_diag();
	static const char text[] = "---\ntitle: a\0b\n---\n";
	CHECK(front_matter_parse(&fm, text, sizeof text - 1, "content/vi/a.md", 0, d) < 0);
	CHECK_STR(harness_diag_text(), "content/vi/a.md:2:9: error: a NUL byte is not allowed in a content file\n");
	front_matter_free(&fm);
}

static void test_huge(void)
{
	size_t n = 10u << 20;
	char *text = malloc(n + 16);
	memcpy(text, "---\n", 4);
	for (size_t i = 4; i < n; i += 8)
		memcpy(text + i, "a: b\nc: ", 8);
	memcpy(text + n, "\n---\n", 6);
	struct front_matter fm;
	struct diag *d = harness_diag();
	CHECK(front_matter_parse(&fm, text, n + 5, "content/vi/a.md", 0, d) < 0);
	CHECK(strstr(harness_diag_text(), "is larger than the limit of 1048576") != NULL);
	front_matter_free(&fm);
	free(text);
}

int main(void)
{
	test_fields();
	test_errors();
	test_comment_cut();
	test_nul();
	test_huge();
	harness_diag_end();
	HARNESS_DONE();
}
