#include "feeds.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "text.h"
#include "xalloc.h"

/* Appends s escaped for XML text and attribute values.  Characters XML 1.0
 * does not allow (C0 controls but tab, LF and CR; U+FFFE, U+FFFF) are
 * dropped: no parser would read the file otherwise. */
static void S_xml(struct buf *b, const char *s)
{
	size_t start = 0, i = 0;
	if (s == NULL)
		return;
	for (; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;
		size_t skip = 1;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
				rep = "";
			} else if (c == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
				   ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
				rep = "";
				skip = 3;
			} else {
				continue;
			}
		}
		buf_put(b, s + start, i - start);
		buf_puts(b, rep);
		i += skip - 1;
		start = i + 1;
	}
	buf_put(b, s + start, i - start);
}

/* The absolute form of a URL from the site root, percent-encoded beyond
 * printable ASCII (sitemaps and some feed readers want URIs, not IRIs). */
static void S_abs(struct buf *b, const struct site *s, const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	if (url[0] == '/')
		buf_puts(b, s->origin);
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\' || *p == '^' ||
		    *p == '`' || *p == '{' || *p == '|' || *p == '}') {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		} else {
			buf_putc(b, (char)*p);
		}
	}
}

static void S_xml_abs(struct buf *b, const struct site *s, const char *url)
{
	struct buf tmp = BUF_INIT;
	S_abs(&tmp, s, url);
	S_xml(b, buf_cstr(&tmp));
	buf_free(&tmp);
}

static void S_json_abs(struct buf *b, const struct site *s, const char *url)
{
	struct buf tmp = BUF_INIT;
	S_abs(&tmp, s, url);
	json_string(b, tmp.data ? tmp.data : "", tmp.len);
	buf_free(&tmp);
}

static void S_iso(struct buf *b, const struct text_date *d)
{
	text_format_date(b, d, "en", "iso");
}

/* RFC 822 (with four-digit years, as RSS 2.0 asks): "Tue, 31 Mar 2026
 * 08:30:00 +0700". */
static void S_rfc822(struct buf *b, const struct text_date *d)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	long long local = d->epoch + d->tz_minutes * 60LL;
	long long day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int wd = (int)(((day + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
	int off = d->tz_minutes < 0 ? -d->tz_minutes : d->tz_minutes;
	buf_printf(b, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", days[wd], d->day, months[d->month - 1], d->year,
		   d->hour, d->minute, d->second, d->tz_minutes < 0 ? '-' : '+', off / 60, off % 60);
}

int feeds_page_updated(const struct page *p, struct text_date *out)
{
	if (p->has_lastmod && (!p->has_date || p->lastmod.epoch >= p->date.epoch))
		*out = p->lastmod;
	else if (p->has_date)
		*out = p->date;
	else
		return 0;
	return 1;
}

/* The date a page was published: date, else lastmod. */
static int S_published(const struct page *p, struct text_date *out)
{
	if (p->has_date)
		*out = p->date;
	else if (p->has_lastmod)
		*out = p->lastmod;
	else
		return 0;
	return 1;
}

static int S_cmp_newest(const void *pa, const void *pb)
{
	const struct page *a = *(struct page *const *)pa, *b = *(struct page *const *)pb;
	struct text_date x = {0}, y = {0};
	S_published(a, &x);
	S_published(b, &y);
	if (x.epoch != y.epoch)
		return x.epoch > y.epoch ? -1 : 1;
	return strcmp(a->url, b->url);
}

struct page **feeds_select(struct page *const *pages, size_t n, size_t limit, size_t *nout)
{
	struct page **items = xmalloc((n ? n : 1) * sizeof *items);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (pages[i]->has_date || pages[i]->has_lastmod)
			items[k++] = pages[i];
	if (k > 1)
		qsort(items, k, sizeof *items, S_cmp_newest);
	if (limit && k > limit)
		k = limit;
	*nout = k;
	return items;
}

/* Keeps in *best the newer of *best and the date of p; returns have. */
static int S_newer(int have, struct text_date *best, const struct page *p)
{
	struct text_date d;
	if (!feeds_page_updated(p, &d))
		return have;
	if (!have || d.epoch > best->epoch)
		*best = d;
	return 1;
}

void feeds_rss(struct buf *b, const struct feed *f)
{
	const struct site *s = f->site;
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>");
	S_xml(b, f->title);
	buf_puts(b, "</title>\n<link>");
	S_xml_abs(b, s, f->home_url);
	buf_puts(b, "</link>\n<description>");
	S_xml(b, f->description && f->description[0] ? f->description : f->title);
	buf_puts(b, "</description>\n<language>");
	S_xml(b, f->lang->code);
	buf_puts(b, "</language>\n<generator>wardsite</generator>\n<lastBuildDate>");
	S_rfc822(b, &f->updated);
	buf_puts(b, "</lastBuildDate>\n<atom:link href=\"");
	struct buf self = BUF_INIT;
	buf_printf(&self, "%s%s", f->dir, FEEDS_RSS);
	S_xml_abs(b, s, buf_cstr(&self));
	buf_puts(b, "\" rel=\"self\" type=\"application/rss+xml\"/>\n");
	for (size_t i = 0; i < f->nitems; i++) {
		const struct page *p = f->items[i];
		struct text_date d;
		buf_puts(b, "<item>\n<title>");
		S_xml(b, p->title);
		buf_puts(b, "</title>\n<link>");
		S_xml_abs(b, s, p->url);
		buf_puts(b, "</link>\n<guid isPermaLink=\"true\">");
		S_xml_abs(b, s, p->url);
		buf_puts(b, "</guid>\n");
		if (S_published(p, &d)) {
			buf_puts(b, "<pubDate>");
			S_rfc822(b, &d);
			buf_puts(b, "</pubDate>\n");
		}
		if (p->summary && p->summary[0]) {
			/* readers take an RSS description as HTML: the plain-text
			 * summary is escaped for HTML, and that for XML */
			struct buf html = BUF_INIT;
			text_html_escape(&html, p->summary, strlen(p->summary));
			buf_puts(b, "<description>");
			S_xml(b, buf_cstr(&html));
			buf_puts(b, "</description>\n");
			buf_free(&html);
		}
		for (size_t t = 0; t < p->ntags; t++) {
			buf_puts(b, "<category>");
			S_xml(b, p->tags[t]);
			buf_puts(b, "</category>\n");
		}
		buf_puts(b, "</item>\n");
	}
	buf_puts(b, "</channel>\n</rss>\n");
	buf_free(&self);
}

void feeds_atom(struct buf *b, const struct feed *f)
{
	const struct site *s = f->site;
	struct buf self = BUF_INIT;
	buf_printf(&self, "%s%s", f->dir, FEEDS_ATOM);
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	S_xml(b, f->lang->code);
	buf_puts(b, "\">\n<title>");
	S_xml(b, f->title);
	buf_puts(b, "</title>\n");
	if (f->description && f->description[0]) {
		buf_puts(b, "<subtitle>");
		S_xml(b, f->description);
		buf_puts(b, "</subtitle>\n");
	}
	buf_puts(b, "<link rel=\"alternate\" type=\"text/html\" href=\"");
	S_xml_abs(b, s, f->home_url);
	buf_puts(b, "\"/>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"");
	S_xml_abs(b, s, buf_cstr(&self));
	buf_puts(b, "\"/>\n<id>");
	S_xml_abs(b, s, buf_cstr(&self));
	buf_puts(b, "</id>\n<updated>");
	S_iso(b, &f->updated);
	buf_puts(b, "</updated>\n<author><name>");
	S_xml(b, f->author);
	buf_puts(b, "</name></author>\n<generator>wardsite</generator>\n");
	for (size_t i = 0; i < f->nitems; i++) {
		const struct page *p = f->items[i];
		struct text_date d;
		buf_puts(b, "<entry>\n<title>");
		S_xml(b, p->title);
		buf_puts(b, "</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
		S_xml_abs(b, s, p->url);
		buf_puts(b, "\"/>\n<id>");
		S_xml_abs(b, s, p->url);
		buf_puts(b, "</id>\n");
		if (S_published(p, &d)) {
			buf_puts(b, "<published>");
			S_iso(b, &d);
			buf_puts(b, "</published>\n");
		}
		feeds_page_updated(p, &d);
		buf_puts(b, "<updated>");
		S_iso(b, &d);
		buf_puts(b, "</updated>\n");
		if (p->summary && p->summary[0]) {
			buf_puts(b, "<summary>");
			S_xml(b, p->summary);
			buf_puts(b, "</summary>\n");
		}
		for (size_t t = 0; t < p->ntags; t++) {
			buf_puts(b, "<category term=\"");
			S_xml(b, p->tags[t]);
			buf_puts(b, "\"/>\n");
		}
		buf_puts(b, "</entry>\n");
	}
	buf_puts(b, "</feed>\n");
	buf_free(&self);
}

void feeds_json(struct buf *b, const struct feed *f)
{
	const struct site *s = f->site;
	struct buf self = BUF_INIT;
	buf_printf(&self, "%s%s", f->dir, FEEDS_JSON);
	buf_puts(b, "{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"title\": ");
	json_cstring(b, f->title);
	buf_puts(b, ",\n  \"home_page_url\": ");
	S_json_abs(b, s, f->home_url);
	buf_puts(b, ",\n  \"feed_url\": ");
	S_json_abs(b, s, buf_cstr(&self));
	if (f->description && f->description[0]) {
		buf_puts(b, ",\n  \"description\": ");
		json_cstring(b, f->description);
	}
	buf_puts(b, ",\n  \"language\": ");
	json_cstring(b, f->lang->code);
	buf_puts(b, ",\n  \"authors\": [{\"name\": ");
	json_cstring(b, f->author);
	buf_puts(b, "}],\n  \"items\": [");
	for (size_t i = 0; i < f->nitems; i++) {
		const struct page *p = f->items[i];
		struct text_date d;
		buf_puts(b, i ? ",\n    {\n      \"id\": " : "\n    {\n      \"id\": ");
		S_json_abs(b, s, p->url);
		buf_puts(b, ",\n      \"url\": ");
		S_json_abs(b, s, p->url);
		buf_puts(b, ",\n      \"title\": ");
		json_cstring(b, p->title);
		const char *summary = p->summary ? p->summary : "";
		if (summary[0]) {
			buf_puts(b, ",\n      \"summary\": ");
			json_cstring(b, summary);
		}
		/* an item needs content_html or content_text: the summary, as in the other formats */
		buf_puts(b, ",\n      \"content_text\": ");
		json_cstring(b, summary[0] ? summary : p->title);
		if (S_published(p, &d)) {
			buf_puts(b, ",\n      \"date_published\": \"");
			S_iso(b, &d);
			buf_putc(b, '"');
		}
		feeds_page_updated(p, &d);
		buf_puts(b, ",\n      \"date_modified\": \"");
		S_iso(b, &d);
		buf_putc(b, '"');
		if (p->ntags) {
			buf_puts(b, ",\n      \"tags\": [");
			for (size_t t = 0; t < p->ntags; t++) {
				if (t)
					buf_puts(b, ", ");
				json_cstring(b, p->tags[t]);
			}
			buf_putc(b, ']');
		}
		buf_puts(b, ",\n      \"language\": ");
		json_cstring(b, p->lang->code);
		buf_puts(b, "\n    }");
	}
	buf_puts(b, f->nitems ? "\n  ]\n}\n" : "]\n}\n");
	buf_free(&self);
}

static void S_sitemap_url(struct buf *b, const struct site *s, const struct page *p, int have,
			  const struct text_date *lastmod)
{
	buf_puts(b, "<url>\n<loc>");
	S_xml_abs(b, s, p->url);
	buf_puts(b, "</loc>\n");
	if (have) {
		buf_puts(b, "<lastmod>");
		S_iso(b, lastmod);
		buf_puts(b, "</lastmod>\n");
	}
	if (p->ntranslations > 0) {
		/* every version names all versions, itself included, in the order of site.yaml */
		for (size_t li = 0; li < s->nlangs; li++) {
			const struct page *v = NULL;
			if (s->langs[li] == p->lang)
				v = p;
			for (size_t t = 0; v == NULL && t < p->ntranslations; t++)
				if (p->translations[t]->lang == s->langs[li])
					v = p->translations[t];
			if (v == NULL)
				continue;
			buf_puts(b, "<xhtml:link rel=\"alternate\" hreflang=\"");
			S_xml(b, v->lang->code);
			buf_puts(b, "\" href=\"");
			S_xml_abs(b, s, v->url);
			buf_puts(b, "\"/>\n");
		}
	}
	buf_puts(b, "</url>\n");
}

/* A list page's lastmod: the newest of its own date and its pages'. */
static int S_list_lastmod(const struct page *list, struct page *const *pages, size_t n, struct text_date *out)
{
	int have = S_newer(0, out, list);
	for (size_t i = 0; i < n; i++)
		have = S_newer(have, out, pages[i]);
	return have;
}

void feeds_sitemap(struct buf *b, const struct site *s, const struct lang *l)
{
	struct text_date d;
	int have;
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		    "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
	have = S_list_lastmod(l->home, l->pages, l->npages, &d);
	S_sitemap_url(b, s, l->home, have, &d);
	for (size_t i = 0; i < l->nsections; i++) {
		const struct section *sec = l->sections[i];
		have = S_list_lastmod(sec->page, sec->pages, sec->npages, &d);
		S_sitemap_url(b, s, sec->page, have, &d);
	}
	for (size_t i = 0; i < l->npages; i++) {
		have = feeds_page_updated(l->pages[i], &d);
		S_sitemap_url(b, s, l->pages[i], have, &d);
	}
	if (l->nterms > 0) {
		have = 0;
		for (size_t i = 0; i < l->nterms; i++)
			for (size_t k = 0; k < l->terms[i]->npages; k++)
				have = S_newer(have, &d, l->terms[i]->pages[k]);
		S_sitemap_url(b, s, l->tags_page, have, &d);
		for (size_t i = 0; i < l->nterms; i++) {
			const struct term *t = l->terms[i];
			have = S_list_lastmod(t->page, t->pages, t->npages, &d);
			S_sitemap_url(b, s, t->page, have, &d);
		}
	}
	buf_puts(b, "</urlset>\n");
}

void feeds_sitemap_index(struct buf *b, const struct site *s)
{
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t i = 0; i < s->nlangs; i++) {
		const struct lang *l = s->langs[i];
		struct text_date d;
		int have = S_list_lastmod(l->home, l->pages, l->npages, &d);
		for (size_t k = 0; k < l->nsections; k++)
			have = S_newer(have, &d, l->sections[k]->page);
		struct buf url = BUF_INIT;
		buf_printf(&url, "%s%s/%s", s->base_path, l->code, FEEDS_SITEMAP);
		buf_puts(b, "<sitemap>\n<loc>");
		S_xml_abs(b, s, buf_cstr(&url));
		buf_puts(b, "</loc>\n");
		if (have) {
			buf_puts(b, "<lastmod>");
			S_iso(b, &d);
			buf_puts(b, "</lastmod>\n");
		}
		buf_puts(b, "</sitemap>\n");
		buf_free(&url);
	}
	buf_puts(b, "</sitemapindex>\n");
}

void feeds_robots(struct buf *b, const struct site *s)
{
	struct buf url = BUF_INIT;
	buf_printf(&url, "%s%s", s->base_path, FEEDS_SITEMAP);
	buf_puts(b, "User-agent: *\nAllow: /\n\nSitemap: ");
	S_abs(b, s, buf_cstr(&url));
	buf_putc(b, '\n');
	buf_free(&url);
}

size_t feeds_limit(const struct site *s, struct diag *d)
{
	const struct value *v = value_get(s->config, "feed_items");
	if (v == NULL || v->type == VALUE_NULL)
		return FEEDS_DEFAULT_ITEMS;
	if (v->type != VALUE_INT || v->i < 0 || v->i > 1000000) {
		diag_error(d, "site.yaml", v->line, v->col,
			   "'feed_items' must be a whole number (0 for every page), not '%s'",
			   v->str ? v->str : value_type_name(v->type));
		return FEEDS_DEFAULT_ITEMS;
	}
	return (size_t)v->i;
}

/* Writes the three feeds of f.  Returns 0 or -1. */
static int S_write_feed(struct output *o, const struct site *s, struct feed *f, const char *owner)
{
	static const char *const names[] = {FEEDS_RSS, FEEDS_ATOM, FEEDS_JSON};
	void (*const writers[])(struct buf *, const struct feed *) = {feeds_rss, feeds_atom, feeds_json};
	int rc = 0;
	for (size_t i = 0; i < 3; i++) {
		struct buf b = BUF_INIT, rel = BUF_INIT;
		writers[i](&b, f);
		buf_printf(&rel, "%s%s", f->dir + strlen(s->base_path), names[i]);
		if (output_write(o, buf_cstr(&rel), b.data, b.len, owner) < 0)
			rc = -1;
		buf_free(&b);
		buf_free(&rel);
	}
	return rc;
}

static void S_feed_date(struct feed *f, const struct page *list)
{
	if (f->nitems > 0) {
		int have = 0;
		for (size_t i = 0; i < f->nitems; i++)
			have = S_newer(have, &f->updated, f->items[i]);
	} else if (!feeds_page_updated(list, &f->updated)) {
		text_date_from_epoch(0, 0, &f->updated);
	}
}

int feeds_write(const struct site *s, struct output *o, size_t limit)
{
	int rc = 0;
	for (size_t li = 0; li < s->nlangs; li++) {
		const struct lang *l = s->langs[li];
		struct page **in_sections = xmalloc((l->npages ? l->npages : 1) * sizeof *in_sections);
		size_t n = 0;
		for (size_t i = 0; i < l->npages; i++)
			if (l->pages[i]->section[0])
				in_sections[n++] = l->pages[i];
		struct feed f = {.site = s, .lang = l, .title = l->title, .description = l->description,
				 .author = l->title, .home_url = l->home->url, .dir = l->home->url};
		f.items = feeds_select(in_sections, n, limit, &f.nitems);
		S_feed_date(&f, l->home);
		if (S_write_feed(o, s, &f, "the language's feeds") < 0)
			rc = -1;
		free(f.items);
		free(in_sections);

		for (size_t k = 0; k < l->nsections; k++) {
			const struct section *sec = l->sections[k];
			char *title = xasprintf("%s – %s", sec->page->title, l->title);
			struct feed sf = {.site = s, .lang = l, .title = title, .author = l->title,
					  .home_url = sec->page->url, .dir = sec->page->url};
			sf.description = sec->page->summary && sec->page->summary[0] ? sec->page->summary : l->description;
			sf.items = feeds_select(sec->pages, sec->npages, limit, &sf.nitems);
			S_feed_date(&sf, sec->page);
			if (S_write_feed(o, s, &sf, sec->page->file ? sec->page->file : "a section's feeds") < 0)
				rc = -1;
			free(sf.items);
			free(title);
		}

		struct buf b = BUF_INIT;
		char *rel = xasprintf("%s/%s", l->code, FEEDS_SITEMAP);
		feeds_sitemap(&b, s, l);
		if (output_write(o, rel, b.data, b.len, "the language's sitemap") < 0)
			rc = -1;
		free(rel);
		buf_free(&b);
	}
	struct buf b = BUF_INIT;
	feeds_sitemap_index(&b, s);
	if (output_write(o, FEEDS_SITEMAP, b.data, b.len, "the sitemap index") < 0)
		rc = -1;
	buf_reset(&b);
	if (!output_exists(o, "robots.txt")) {
		feeds_robots(&b, s);
		if (output_write(o, "robots.txt", b.data, b.len, "robots.txt") < 0)
			rc = -1;
	}
	buf_free(&b);
	return rc;
}

/* ---- for the other feeds (podcast.c) ---- */

void feeds_xml(struct buf *b, const char *s)
{
	S_xml(b, s);
}

void feeds_xml_abs(struct buf *b, const struct site *s, const char *url)
{
	S_xml_abs(b, s, url);
}

void feeds_rfc822(struct buf *b, const struct text_date *d)
{
	S_rfc822(b, d);
}
