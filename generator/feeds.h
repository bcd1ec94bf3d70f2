/* feeds: what other channels read from the site: RSS 2.0, Atom 1.0 and
 * JSON Feed 1.1 per language and per section, a sitemap per language, the
 * sitemap index and robots.txt.
 *
 * These are formats that must be exactly right, so they are written here
 * in C and not by theme templates.  Every text is escaped for its format
 * (XML: & < > " ', and characters XML 1.0 forbids are dropped; JSON: see
 * json.h), every URL is absolute and percent-encoded beyond ASCII, and
 * nothing depends on the time of the build: the same commit gives the same
 * bytes.  A feed lists the newest dated pages (date, or lastmod when there
 * is no date), newest first; an entry's id is the page's permalink and
 * its "updated" date is lastmod when there is one, else date. */
#ifndef WARDSITE_FEEDS_H
#define WARDSITE_FEEDS_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "site.h"

/* Names of the feed files inside a language's or a section's folder. */
#define FEEDS_RSS "index.xml"
#define FEEDS_ATOM "atom.xml"
#define FEEDS_JSON "feed.json"
#define FEEDS_SITEMAP "sitemap.xml"

/* Entries in a feed unless site.yaml says otherwise (feed_items). */
#define FEEDS_DEFAULT_ITEMS 20

struct feed {
	const struct site *site;
	const struct lang *lang;
	const char *title;
	const char *description; /* NULL: the title */
	const char *author;      /* the publisher's name */
	const char *home_url;    /* the HTML page of the feed, from the site root: "/vi/tin-tuc/" */
	const char *dir;         /* where the feed files go, from the site root: "/vi/tin-tuc/" */
	struct page **items;     /* newest first (feeds_select) */
	size_t nitems;
	struct text_date updated; /* newest date of the items, or of the list page */
};

/* Picks from pages[0..n) the pages that have a date or lastmod, newest
 * first (ties by URL), at most limit (0: all) of them.  Returns an array
 * the caller frees; *nout its length. */
struct page **feeds_select(struct page *const *pages, size_t n, size_t limit, size_t *nout);

/* The date a page was last updated (lastmod, else date); 0 when it has
 * neither. */
int feeds_page_updated(const struct page *p, struct text_date *out);

/* Append the feed f in each format. */
void feeds_rss(struct buf *out, const struct feed *f);
void feeds_atom(struct buf *out, const struct feed *f);
void feeds_json(struct buf *out, const struct feed *f);

/* Appends the sitemap of language l: home, sections, pages, the tag index
 * and the tag pages (not further list pages, the 404 page or redirects),
 * each with lastmod and the alternate languages of the page. */
void feeds_sitemap(struct buf *out, const struct site *s, const struct lang *l);
/* Appends the sitemap index naming every language's sitemap. */
void feeds_sitemap_index(struct buf *out, const struct site *s);
/* Appends robots.txt: everything may be crawled; where the sitemap is. */
void feeds_robots(struct buf *out, const struct site *s);

/* The number of entries per feed from site.yaml `feed_items` (a whole
 * number, 0 for all; default FEEDS_DEFAULT_ITEMS).  A wrong value is an
 * error recorded in d, and the default is returned. */
size_t feeds_limit(const struct site *s, struct diag *d);

/* Writes every feed, the sitemaps and (unless the site has its own)
 * robots.txt into o, with at most limit entries a feed (0: all).
 * Returns 0, or -1 when a write failed (diagnostic recorded). */
int feeds_write(const struct site *s, struct output *o, size_t limit);

/* For the other feeds (podcast.h): appends s escaped for XML text and
 * attribute values (characters XML 1.0 forbids dropped); the absolute,
 * percent-encoded form of url (from the site root) escaped so; a date as
 * RSS 2.0 writes it ("Tue, 31 Mar 2026 08:30:00 +0700"). */
void feeds_xml(struct buf *b, const char *s);
void feeds_xml_abs(struct buf *b, const struct site *s, const char *url);
void feeds_rfc822(struct buf *b, const struct text_date *d);

#endif
