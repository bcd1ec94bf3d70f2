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
	CHECK_STR(buf_cstr(&b), "\nTom   Jerry\n\n\nab ĐồngXoài\n\nx y z &broken");
	buf_free(&b);
}

static const char *file_of(struct search_files *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return buf_cstr(&f->v[i].data);
	return "";
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
			  .url = "/vi/tin-tuc/dong-xoai/", .summary = "Tóm tắt", .content = "<h2>Lịch sử</h2><p>Di tích <em>lịch sử</em>. Phường</p>",
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
	struct search_files f = {0};
	search_index(&f, &vi);
	CHECK_INT((long long)f.n, 5); /* three pages, one shard, the index */
	CHECK_STR(file_of(&f, "index.json"), "{\"version\":2,\"lang\":\"vi\",\"adjacent\":true,\"pages\":3,\n"
					     "\"sections\":[\n[\"Tin tức\",\"/vi/tin-tuc/\"]],\n"
					     "\"shards\":[\n\"\"]}\n");
	CHECK_STR(file_of(&f, "p/0.json"),
		  "{\"title\":\"Đồng Xoài \\\"mới\\\"\",\"url\":\"/vi/tin-tuc/dong-xoai/\",\"section\":0,"
		  "\"date\":\"31/03/2026\",\"summary\":\"Tóm tắt\",\"text\":\"Lịch sử Di tích lịch sử. Phường \"}\n");
	CHECK_STR(file_of(&f, "p/2.json"), "{\"title\":\"Tin tức\",\"url\":\"/vi/tin-tuc/\",\"section\":0,\"date\":null,"
					   "\"summary\":\"\",\"text\":\"\"}\n");
	CHECK_STR(file_of(&f, "t0.json"),
		  "{\n"
		  "\"di\":\"~D\",\n" /* a bitmap is shorter than "0,1" */
		  "\"di tich\":\"~D\",\n"
		  "\"dong\":\"0|=e\",\n" /* in the title: 30 */
		  "\"dong xoai\":\"0|=e\",\n"
		  "\"gioi\":\"1|=e\",\n"
		  "\"gioi thieu\":\"1|=8\",\n" /* the whole title: 30 + 30 */
		  "\"hoa\":\"0|=I\",\n" /* a tag: 8 */
		  "\"lich\":\"0|=K\",\n" /* a heading, and twice in the text (the heading too): 8 + 2 */
		  "\"lich su\":\"0|=K\",\n"
		  "\"moi\":\"0|=e\",\n"
		  "\"phuong\":\"~D\",\n"
		  "\"phuong di\":\"1\",\n"
		  "\"su\":\"0|=K\",\n" /* no "su phuong": a full stop ends a phrase */
		  "\"tat\":\"0\",\n"
		  "\"thieu\":\"1|=e\",\n"
		  "\"tich\":\"~D\",\n"
		  "\"tich lich\":\"0\",\n"
		  "\"tin\":\"2|=e\",\n"
		  "\"tin tuc\":\"2|=8\",\n"
		  "\"tom\":\"0\",\n"
		  "\"tom tat\":\"0\",\n"
		  "\"tuc\":\"2|=e\",\n"
		  "\"van\":\"0|=I\",\n"
		  "\"van hoa\":\"0|=I\",\n"
		  "\"xoai\":\"0|=e\",\n"
		  "\"xoai moi\":\"0|=e\"}\n"); /* a quotation mark does not end a phrase */
	search_files_free(&f);

	/* a fragment's text is cut after SEARCH_TEXT_CHARS characters (3000
	 * "ộ" of 3 bytes each), never inside one; blocks become spaces */
	static char longtext[SEARCH_TEXT_CHARS * 3 + 100];
	strcpy(longtext, "<p>");
	for (int i = 0; i < SEARCH_TEXT_CHARS + 10; i++)
		strcat(longtext, "ộ");
	strcat(longtext, "</p>");
	b.content = longtext;
	a.content = "<p>Lễ hội</p>";
	search_index(&f, &vi);
	const char *t = strstr(file_of(&f, "p/1.json"), "\"text\":\"");
	CHECK(t != NULL && strlen(t) == strlen("\"text\":\"") + SEARCH_TEXT_CHARS * 3 + strlen("\"}\n"));
	CHECK(strstr(file_of(&f, "p/0.json"), "\"text\":\"Lễ hội \"}") != NULL);
	search_files_free(&f);

	/* postings are differences in base 36 */
	static struct page many[40], *mp[40];
	for (int i = 0; i < 40; i++) {
		many[i] = (struct page){.kind = PAGE_REGULAR, .lang = &vi, .section = "", .title = i == 5 ? "t y" : "t",
					.url = "/vi/p/", .summary = "", .content = i == 0 ? "<p>x</p>" : i == 38 ? "<p>x x x</p>" : "<p>y</p>"};
		mp[i] = &many[i];
	}
	vi.pages = mp;
	vi.npages = 40;
	vi.nsections = 0;
	search_index(&f, &vi);
	CHECK_INT((long long)f.n, 42);
	const char *t0 = file_of(&f, "t0.json");
	/* pages 0 and 38: 38 = "12" in base 36; not common: three uses on
	 * page 38 score 3, written as a digit for each page ("B" = 1, "D" = 3),
	 * shorter than "|12:3" */
	CHECK(strstr(t0, "\"x\":\"0,12|=BD\"") != NULL);
	/* "y" is on the 38 other pages: 1-5 ("-" = 62), 6-35 ("_" = 63), 36,
	 * 37, 39 ("L" = 11), and in the title and text of page 5 (31 = "v") */
	CHECK(strstr(t0, "\"y\":\"~-_____L|5:v\"") != NULL);
	search_files_free(&f);

	/* shards: the terms in order, cut where a shard is full; the index
	 * names the first term of each */
	static struct page big[600], *bp[600];
	static char titles[600][32];
	for (int i = 0; i < 600; i++) {
		snprintf(titles[i], sizeof titles[i], "w%03d z%03d", i, i);
		big[i] = (struct page){.kind = PAGE_REGULAR, .lang = &vi, .section = "", .title = titles[i],
				       .url = "/vi/p/", .summary = "", .content = ""};
		bp[i] = &big[i];
	}
	for (int i = 0; i < 600; i++) /* long postings: every term on every page */
		big[i].content = "<p>a a b c d e f g h i j k l m n o p q r s t u v w x y z</p>";
	vi.pages = bp;
	vi.npages = 600;
	search_index(&f, &vi);
	const char *idx = file_of(&f, "index.json");
	CHECK(strstr(idx, "\"shards\":[\n\"\",\n\"") != NULL);
	size_t shards = 0;
	for (size_t i = 0; i < f.n; i++)
		if (f.v[i].name[0] == 't') {
			shards++;
			CHECK(f.v[i].data.len < SEARCH_SHARD_BYTES + 200);
		}
	CHECK(shards > 1);
	/* "a" is on more than 500 pages: its two uses on each do not count,
	 * and it has no scores */
	const char *entry = NULL;
	for (size_t i = 0; i < f.n && entry == NULL; i++)
		entry = strstr(buf_cstr(&f.v[i].data), "\n\"a\":\"~");
	CHECK(entry != NULL && strcspn(entry + 1, "|\n") == strcspn(entry + 1, "\n"));
	search_files_free(&f);
}

int main(void)
{
	test_fold();
	test_html_text();
	test_index();
	HARNESS_DONE();
}
