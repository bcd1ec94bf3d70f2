/* feeds: exact RSS, Atom, JSON Feed, sitemap and robots.txt for a small
 * hand-made model, and the JSON string escaping they share with templates. */
#define HARNESS_DIAG
#include "harness.h"

#include "feeds.h"
#include "json.h"

static struct site S;
static struct lang VI, EN;
static struct page HOME, SEC, P1, P2, P3, EN_HOME, EN_P1, TAGS, TAG;
static struct section SECTION;
static struct term TERM;

static void date(struct text_date *d, const char *s)
{
	if (text_parse_date(s, 7 * 60, d) < 0)
		abort();
}

static void setup(void)
{
	static struct lang *langs[2];
	static struct section *secs[1];
	static struct page *vi_pages[3], *sec_pages[3], *term_pages[2], *tr_home_vi[1], *tr_home_en[1], *tr_p1[1],
		*tr_en_p1[1];
	static const char *p1_tags[] = {"văn hóa", "A&B"};
	static struct term *terms[1];
	S.title = "Cổng";
	S.base_url = "https://x.example/";
	S.origin = "https://x.example";
	S.base_path = "/";
	S.default_language = "vi";
	langs[0] = &VI;
	langs[1] = &EN;
	S.langs = langs;
	S.nlangs = 2;

	VI.code = "vi";
	VI.title = "Cổng <phường>";
	VI.description = "Tin \"mới\" & đủ";
	VI.home = &HOME;
	VI.tags_page = &TAGS;
	secs[0] = &SECTION;
	VI.sections = secs;
	VI.nsections = 1;
	EN.code = "en";
	EN.title = "Portal";
	EN.home = &EN_HOME;
	EN.tags_page = &TAGS;
	EN.pages = vi_pages;
	EN.npages = 0;

	HOME = (struct page){.kind = PAGE_HOME, .lang = &VI, .section = "", .title = "Cổng", .url = "/vi/"};
	EN_HOME = (struct page){.kind = PAGE_HOME, .lang = &EN, .section = "", .title = "Portal", .url = "/en/"};
	tr_home_vi[0] = &EN_HOME;
	tr_home_en[0] = &HOME;
	HOME.translations = tr_home_vi;
	HOME.ntranslations = 1;
	EN_HOME.translations = tr_home_en;
	EN_HOME.ntranslations = 1;

	SEC = (struct page){.kind = PAGE_SECTION, .lang = &VI, .section = "tin-tuc", .title = "Tin tức",
			    .url = "/vi/tin-tuc/", .summary = ""};
	P1 = (struct page){.kind = PAGE_REGULAR, .lang = &VI, .section = "tin-tuc", .title = "A & B <1>",
			   .url = "/vi/tin-tuc/a/", .summary = "Tóm tắt \"x\" <b>đậm</b>", .tags = p1_tags, .ntags = 2};
	date(&P1.date, "2026-03-31");
	P1.has_date = 1;
	P2 = (struct page){.kind = PAGE_REGULAR, .lang = &VI, .section = "tin-tuc", .title = "Hai",
			   .url = "/vi/tin-tuc/hai/", .summary = ""};
	date(&P2.date, "2026-04-02T08:30:00+07:00");
	P2.has_date = 1;
	date(&P2.lastmod, "2026-04-05T10:00:00Z");
	P2.has_lastmod = 1;
	P3 = (struct page){.kind = PAGE_REGULAR, .lang = &VI, .section = "tin-tuc", .title = "Không ngày",
			   .url = "/vi/tin-tuc/khong-ngay/", .summary = "x"};
	EN_P1 = (struct page){.kind = PAGE_REGULAR, .lang = &EN, .section = "news", .title = "A", .url = "/en/news/a/"};
	tr_p1[0] = &EN_P1;
	tr_en_p1[0] = &P1;
	P1.translations = tr_p1;
	P1.ntranslations = 1;
	EN_P1.translations = tr_en_p1;
	EN_P1.ntranslations = 1;

	/* sorted as site.c sorts: newest first, undated last */
	vi_pages[0] = &P2;
	vi_pages[1] = &P1;
	vi_pages[2] = &P3;
	VI.pages = vi_pages;
	VI.npages = 3;
	for (int i = 0; i < 3; i++)
		sec_pages[i] = vi_pages[i];
	SECTION.name = "tin-tuc";
	SECTION.page = &SEC;
	SECTION.pages = sec_pages;
	SECTION.npages = 3;
	SEC.sec = &SECTION;

	TAGS = (struct page){.kind = PAGE_TAGS, .lang = &VI, .section = "", .title = "Chủ đề", .url = "/vi/tags/"};
	TAG = (struct page){.kind = PAGE_TAG, .lang = &VI, .section = "", .title = "văn hóa", .url = "/vi/tags/van-hoa/"};
	term_pages[0] = &P1;
	TERM.name = "văn hóa";
	TERM.slug = "van-hoa";
	TERM.page = &TAG;
	TERM.pages = term_pages;
	TERM.npages = 1;
	terms[0] = &TERM;
	VI.terms = terms;
	VI.nterms = 1;
}

static void test_select(void)
{
	size_t n;
	struct page **items = feeds_select(VI.pages, VI.npages, 0, &n);
	CHECK_INT(n, 2); /* the undated page is left out */
	CHECK(items[0] == &P2 && items[1] == &P1);
	free(items);
	items = feeds_select(VI.pages, VI.npages, 1, &n);
	CHECK_INT(n, 1);
	CHECK(items[0] == &P2);
	free(items);
	struct text_date d;
	CHECK(feeds_page_updated(&P2, &d) == 1);
	CHECK_INT(d.epoch, P2.lastmod.epoch);
	CHECK(feeds_page_updated(&P3, &d) == 0);
}

static struct feed vi_feed(struct page ***items)
{
	struct feed f = {.site = &S, .lang = &VI, .title = VI.title, .description = VI.description,
			 .author = VI.title, .home_url = "/vi/", .dir = "/vi/"};
	*items = feeds_select(VI.pages, VI.npages, 0, &f.nitems);
	f.items = *items;
	f.updated = P2.lastmod;
	return f;
}

static void test_rss(void)
{
	struct page **items;
	struct feed f = vi_feed(&items);
	struct buf b = BUF_INIT;
	feeds_rss(&b, &f);
	CHECK_STR(buf_cstr(&b),
		  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		  "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n"
		  "<title>Cổng &lt;phường&gt;</title>\n"
		  "<link>https://x.example/vi/</link>\n"
		  "<description>Tin &quot;mới&quot; &amp; đủ</description>\n"
		  "<language>vi</language>\n"
		  "<generator>wardsite</generator>\n"
		  "<lastBuildDate>Sun, 05 Apr 2026 10:00:00 +0000</lastBuildDate>\n"
		  "<atom:link href=\"https://x.example/vi/index.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n"
		  "<item>\n<title>Hai</title>\n"
		  "<link>https://x.example/vi/tin-tuc/hai/</link>\n"
		  "<guid isPermaLink=\"true\">https://x.example/vi/tin-tuc/hai/</guid>\n"
		  "<pubDate>Thu, 02 Apr 2026 08:30:00 +0700</pubDate>\n"
		  "</item>\n"
		  "<item>\n<title>A &amp; B &lt;1&gt;</title>\n"
		  "<link>https://x.example/vi/tin-tuc/a/</link>\n"
		  "<guid isPermaLink=\"true\">https://x.example/vi/tin-tuc/a/</guid>\n"
		  "<pubDate>Tue, 31 Mar 2026 00:00:00 +0700</pubDate>\n"
		  "<description>Tóm tắt &amp;quot;x&amp;quot; &amp;lt;b&amp;gt;đậm&amp;lt;/b&amp;gt;</description>\n"
		  "<category>văn hóa</category>\n"
		  "<category>A&amp;B</category>\n"
		  "</item>\n"
		  "</channel>\n</rss>\n");
	buf_free(&b);
	free(items);
}

static void test_atom(void)
{
	struct page **items;
	struct feed f = vi_feed(&items);
	struct buf b = BUF_INIT;
	feeds_atom(&b, &f);
	CHECK_STR(buf_cstr(&b),
		  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		  "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n"
		  "<title>Cổng &lt;phường&gt;</title>\n"
		  "<subtitle>Tin &quot;mới&quot; &amp; đủ</subtitle>\n"
		  "<link rel=\"alternate\" type=\"text/html\" href=\"https://x.example/vi/\"/>\n"
		  "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://x.example/vi/atom.xml\"/>\n"
		  "<id>https://x.example/vi/atom.xml</id>\n"
		  "<updated>2026-04-05T10:00:00+00:00</updated>\n"
		  "<author><name>Cổng &lt;phường&gt;</name></author>\n"
		  "<generator>wardsite</generator>\n"
		  "<entry>\n<title>Hai</title>\n"
		  "<link rel=\"alternate\" type=\"text/html\" href=\"https://x.example/vi/tin-tuc/hai/\"/>\n"
		  "<id>https://x.example/vi/tin-tuc/hai/</id>\n"
		  "<published>2026-04-02T08:30:00+07:00</published>\n"
		  "<updated>2026-04-05T10:00:00+00:00</updated>\n"
		  "</entry>\n"
		  "<entry>\n<title>A &amp; B &lt;1&gt;</title>\n"
		  "<link rel=\"alternate\" type=\"text/html\" href=\"https://x.example/vi/tin-tuc/a/\"/>\n"
		  "<id>https://x.example/vi/tin-tuc/a/</id>\n"
		  "<published>2026-03-31T00:00:00+07:00</published>\n"
		  "<updated>2026-03-31T00:00:00+07:00</updated>\n"
		  "<summary>Tóm tắt &quot;x&quot; &lt;b&gt;đậm&lt;/b&gt;</summary>\n"
		  "<category term=\"văn hóa\"/>\n"
		  "<category term=\"A&amp;B\"/>\n"
		  "</entry>\n"
		  "</feed>\n");
	buf_free(&b);
	free(items);
}

static void test_json_feed(void)
{
	struct page **items;
	struct feed f = vi_feed(&items);
	struct buf b = BUF_INIT;
	feeds_json(&b, &f);
	CHECK_STR(buf_cstr(&b),
		  "{\n"
		  "  \"version\": \"https://jsonfeed.org/version/1.1\",\n"
		  "  \"title\": \"Cổng <phường>\",\n"
		  "  \"home_page_url\": \"https://x.example/vi/\",\n"
		  "  \"feed_url\": \"https://x.example/vi/feed.json\",\n"
		  "  \"description\": \"Tin \\\"mới\\\" & đủ\",\n"
		  "  \"language\": \"vi\",\n"
		  "  \"authors\": [{\"name\": \"Cổng <phường>\"}],\n"
		  "  \"items\": [\n"
		  "    {\n"
		  "      \"id\": \"https://x.example/vi/tin-tuc/hai/\",\n"
		  "      \"url\": \"https://x.example/vi/tin-tuc/hai/\",\n"
		  "      \"title\": \"Hai\",\n"
		  "      \"content_text\": \"Hai\",\n"
		  "      \"date_published\": \"2026-04-02T08:30:00+07:00\",\n"
		  "      \"date_modified\": \"2026-04-05T10:00:00+00:00\",\n"
		  "      \"language\": \"vi\"\n"
		  "    },\n"
		  "    {\n"
		  "      \"id\": \"https://x.example/vi/tin-tuc/a/\",\n"
		  "      \"url\": \"https://x.example/vi/tin-tuc/a/\",\n"
		  "      \"title\": \"A & B <1>\",\n"
		  "      \"summary\": \"Tóm tắt \\\"x\\\" <b>đậm<\\/b>\",\n"
		  "      \"content_text\": \"Tóm tắt \\\"x\\\" <b>đậm<\\/b>\",\n"
		  "      \"date_published\": \"2026-03-31T00:00:00+07:00\",\n"
		  "      \"date_modified\": \"2026-03-31T00:00:00+07:00\",\n"
		  "      \"tags\": [\"văn hóa\", \"A&B\"],\n"
		  "      \"language\": \"vi\"\n"
		  "    }\n"
		  "  ]\n"
		  "}\n");
	buf_free(&b);

	/* an empty feed is still a valid document */
	f.nitems = 0;
	f.description = NULL;
	buf_reset(&b);
	feeds_json(&b, &f);
	CHECK_STR(buf_cstr(&b), "{\n"
				"  \"version\": \"https://jsonfeed.org/version/1.1\",\n"
				"  \"title\": \"Cổng <phường>\",\n"
				"  \"home_page_url\": \"https://x.example/vi/\",\n"
				"  \"feed_url\": \"https://x.example/vi/feed.json\",\n"
				"  \"language\": \"vi\",\n"
				"  \"authors\": [{\"name\": \"Cổng <phường>\"}],\n"
				"  \"items\": []\n"
				"}\n");
	buf_free(&b);
	free(items);
}

static void test_sitemap(void)
{
	struct buf b = BUF_INIT;
	feeds_sitemap(&b, &S, &VI);
	CHECK_STR(buf_cstr(&b),
		  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		  "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		  "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
		  "<url>\n<loc>https://x.example/vi/</loc>\n<lastmod>2026-04-05T10:00:00+00:00</lastmod>\n"
		  "<xhtml:link rel=\"alternate\" hreflang=\"vi\" href=\"https://x.example/vi/\"/>\n"
		  "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://x.example/en/\"/>\n"
		  "</url>\n"
		  "<url>\n<loc>https://x.example/vi/tin-tuc/</loc>\n<lastmod>2026-04-05T10:00:00+00:00</lastmod>\n</url>\n"
		  "<url>\n<loc>https://x.example/vi/tin-tuc/hai/</loc>\n<lastmod>2026-04-05T10:00:00+00:00</lastmod>\n"
		  "</url>\n"
		  "<url>\n<loc>https://x.example/vi/tin-tuc/a/</loc>\n<lastmod>2026-03-31T00:00:00+07:00</lastmod>\n"
		  "<xhtml:link rel=\"alternate\" hreflang=\"vi\" href=\"https://x.example/vi/tin-tuc/a/\"/>\n"
		  "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://x.example/en/news/a/\"/>\n"
		  "</url>\n"
		  "<url>\n<loc>https://x.example/vi/tin-tuc/khong-ngay/</loc>\n</url>\n"
		  "<url>\n<loc>https://x.example/vi/tags/</loc>\n<lastmod>2026-03-31T00:00:00+07:00</lastmod>\n</url>\n"
		  "<url>\n<loc>https://x.example/vi/tags/van-hoa/</loc>\n"
		  "<lastmod>2026-03-31T00:00:00+07:00</lastmod>\n</url>\n"
		  "</urlset>\n");
	buf_reset(&b);
	feeds_sitemap_index(&b, &S);
	CHECK_STR(buf_cstr(&b), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
				"<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
				"<sitemap>\n<loc>https://x.example/vi/sitemap.xml</loc>\n"
				"<lastmod>2026-04-05T10:00:00+00:00</lastmod>\n</sitemap>\n"
				"<sitemap>\n<loc>https://x.example/en/sitemap.xml</loc>\n</sitemap>\n"
				"</sitemapindex>\n");
	buf_reset(&b);
	feeds_robots(&b, &S);
	CHECK_STR(buf_cstr(&b), "User-agent: *\nAllow: /\n\nSitemap: https://x.example/sitemap.xml\n");
	buf_free(&b);
}

static void test_escaping(void)
{
	/* characters XML 1.0 forbids are dropped; URLs beyond ASCII are percent-encoded */
	static struct page odd;
	odd = (struct page){.kind = PAGE_REGULAR, .lang = &VI, .section = "x", .title = "a\x01" "b\xef\xbf\xbe" "c",
			    .url = "/vi/x/ký tự/", .summary = ""};
	date(&odd.date, "2026-01-01");
	odd.has_date = 1;
	struct page *items[] = {&odd};
	struct feed f = {.site = &S, .lang = &VI, .title = "t", .author = "a", .home_url = "/vi/x/",
			 .dir = "/vi/x/", .items = items, .nitems = 1, .updated = odd.date};
	struct buf b = BUF_INIT;
	feeds_rss(&b, &f);
	CHECK(strstr(buf_cstr(&b), "<title>abc</title>") != NULL);
	CHECK(strstr(buf_cstr(&b), "<link>https://x.example/vi/x/k%C3%BD%20t%E1%BB%B1/</link>") != NULL);
	buf_free(&b);

	buf_reset(&b);
	json_cstring(&b, "a\"b\\c\n\t\x01</script>\xe2\x80\xa8 đ");
	CHECK_STR(buf_cstr(&b), "\"a\\\"b\\\\c\\n\\t\\u0001<\\/script>\\u2028 đ\"");
	buf_reset(&b);
	json_cstring(&b, NULL);
	CHECK_STR(buf_cstr(&b), "null");
	buf_free(&b);
}

static void test_limit(void)
{
	struct diag *d = harness_diag();
	struct value *cfg = value_parse_yaml("feed_items: 5\n", 14, "site.yaml", 0, d);
	S.config = cfg;
	CHECK_INT(feeds_limit(&S, d), 5);
	value_free(cfg);
	cfg = value_parse_yaml("title: x\n", 9, "site.yaml", 0, d);
	S.config = cfg;
	CHECK_INT(feeds_limit(&S, d), FEEDS_DEFAULT_ITEMS);
	value_free(cfg);
	cfg = value_parse_yaml("feed_items: -1\n", 15, "site.yaml", 0, d);
	S.config = cfg;
	CHECK_INT(feeds_limit(&S, d), FEEDS_DEFAULT_ITEMS);
	CHECK_STR(harness_diag_text(), "site.yaml:1:13: error: 'feed_items' must be a whole number (0 for every page), "
				       "not '-1'\n");
	value_free(cfg);
	S.config = NULL;
	harness_diag_end();
}

int main(void)
{
	setup();
	test_select();
	test_rss();
	test_atom();
	test_json_feed();
	test_sitemap();
	test_escaping();
	test_limit();
	HARNESS_DONE();
}
