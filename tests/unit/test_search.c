/* search: Vietnamese folding, HTML to text, and the exact index of a small
 * model. */
#include "harness.h"

#include "search.h"

static void folds(const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	search_fold(&b, in, strlen(in));
	CHECK_STR(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_fold(void)
{
	folds("Đồng Xoài", "dong xoai ");
	folds("ĐỒNG XOÀI!", "dong xoai ");
	folds("Đo\xcc\x82\xcc\x80ng Xoa\xcc\x80i", "dong xoai "); /* NFD: o + circumflex + grave */
	folds("hoá hóa HOÁ", "hoa hoa hoa ");
	folds("\xc3\x90\xe1\xbb\x93ng", "dong "); /* Ð (eth) typed for Đ */
	folds("108/KH-UBND, ngày 31/3/2026", "108 kh ubnd ngay 31 3 2026 ");
	folds("ﬁ ½", "fi 1 2 "); /* compatibility forms */
	folds("  ", "");
	folds("", "");
}

static void test_html_text(void)
{
	struct buf b = BUF_INIT;
	search_html_text(&b, "<p>Tom &amp; Jerry</p><ul><li>a<b>b</b> <a href=\"/x/\">Đồng</a>Xoài</li></ul>x&lt;y&#39;z &broken");
	CHECK_STR(buf_cstr(&b), " Tom   Jerry   ab ĐồngXoài  x y z &broken");
	buf_free(&b);
}

static void test_index(void)
{
	static struct lang vi;
	static struct page home, sec, a, b;
	static struct section s1;
	static struct page *pages[2], *secpages[2];
	static struct section *secs[1];
	static const char *tags[] = {"Văn hóa"};
	vi.code = "vi";
	a = (struct page){.kind = PAGE_REGULAR, .lang = &vi, .section = "tin-tuc", .title = "Đồng Xoài \"mới\"",
			  .url = "/vi/tin-tuc/dong-xoai/", .summary = "Tóm tắt", .content = "<p>Di tích <em>lịch sử</em></p>",
			  .tags = tags, .ntags = 1};
	text_parse_date("2026-03-31", 420, &a.date);
	a.has_date = 1;
	b = (struct page){.kind = PAGE_REGULAR, .lang = &vi, .section = "", .title = "Giới thiệu", .url = "/vi/gioi-thieu/",
			  .summary = "", .content = "<p>Phường di tích</p>"};
	sec = (struct page){.kind = PAGE_SECTION, .lang = &vi, .section = "tin-tuc", .title = "Tin tức",
			    .url = "/vi/tin-tuc/", .summary = "", .content = ""};
	home = (struct page){.kind = PAGE_HOME, .lang = &vi, .section = "", .title = "Cổng", .url = "/vi/"};
	pages[0] = &a;
	pages[1] = &b;
	secpages[0] = &a;
	s1 = (struct section){.name = "tin-tuc", .page = &sec, .pages = secpages, .npages = 1};
	secs[0] = &s1;
	vi.home = &home;
	vi.pages = pages;
	vi.npages = 2;
	vi.sections = secs;
	vi.nsections = 1;
	struct buf out = BUF_INIT;
	search_index(&out, &vi);
	CHECK_STR(buf_cstr(&out), "{\"version\":1,\"lang\":\"vi\",\n"
				  "\"sections\":[\n[\"Tin tức\",\"/vi/tin-tuc/\"]],\n"
				  "\"pages\":[\n"
				  "[\"Đồng Xoài \\\"mới\\\"\",\"/vi/tin-tuc/dong-xoai/\",0,\"31/03/2026\",\"Tóm tắt\"],\n"
				  "[\"Giới thiệu\",\"/vi/gioi-thieu/\",-1,null,\"\"],\n"
				  "[\"Tin tức\",\"/vi/tin-tuc/\",0,null,\"\"]],\n"
				  "\"terms\":{\n"
				  "\"di\":\"~D\",\n" /* a bitmap is shorter than "0,1" */
				  "\"dong\":\"0\",\n"
				  "\"gioi\":\"1\",\n"
				  "\"hoa\":\"0\",\n"
				  "\"lich\":\"0\",\n"
				  "\"moi\":\"0\",\n"
				  "\"phuong\":\"1\",\n"
				  "\"su\":\"0\",\n"
				  "\"tat\":\"0\",\n"
				  "\"thieu\":\"1\",\n"
				  "\"tich\":\"~D\",\n"
				  "\"tin\":\"2\",\n"
				  "\"tom\":\"0\",\n"
				  "\"tuc\":\"2\",\n"
				  "\"van\":\"0\",\n"
				  "\"xoai\":\"0\"}}\n");
	buf_free(&out);

	/* postings are differences in base 36 */
	static struct page many[40], *mp[40];
	for (int i = 0; i < 40; i++) {
		many[i] = (struct page){.kind = PAGE_REGULAR, .lang = &vi, .section = "", .title = i % 38 == 0 ? "x" : "y",
					.url = "/vi/p/", .summary = "", .content = ""};
		mp[i] = &many[i];
	}
	vi.pages = mp;
	vi.npages = 40;
	vi.nsections = 0;
	search_index(&out, &vi);
	CHECK(strstr(buf_cstr(&out), "\"x\":\"0,12\"") != NULL); /* pages 0 and 38: 38 = "12" in base 36 */
	/* "y" is on the 38 other pages: 1-5 ("-" = 62), 6-35 ("_" = 63), 36, 37, 39 ("L" = 11) */
	CHECK(strstr(buf_cstr(&out), "\"y\":\"~-_____L\"") != NULL);
	buf_reset(&out);

	/* snippets: the summary cut on a word boundary */
	static struct page longp, *lp[1];
	static char summary[400]; /* 20 × 15 bytes, 220 characters */
	strcpy(summary, "");
	for (int i = 0; i < 20; i++)
		strcat(summary, "Đồng Xoài, ");
	longp = (struct page){.kind = PAGE_REGULAR, .lang = &vi, .section = "", .title = "t", .url = "/vi/t/",
			      .summary = summary, .content = ""};
	lp[0] = &longp;
	vi.pages = lp;
	vi.npages = 1;
	search_index(&out, &vi);
	CHECK(strstr(buf_cstr(&out), "Đồng Xoài, Đồng…\"]") != NULL);
	const char *q = strstr(buf_cstr(&out), "\"Đồng");
	size_t chars = 0;
	for (; q && *q && strncmp(q, "…", 3) != 0; q++)
		chars += ((unsigned char)*q & 0xC0) != 0x80;
	CHECK(chars <= SEARCH_SNIPPET_CHARS + 1);
	buf_free(&out);
}

int main(void)
{
	test_fold();
	test_html_text();
	test_index();
	HARNESS_DONE();
}
