/* podcast: the podcast feeds of the sections that ask for one (see
 * podcast.h). */
#include "podcast.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "feeds.h"
#include "image.h"
#include "links.h"
#include "map.h"
#include "markdown.h"
#include "source.h"
#include "text.h"
#include "xalloc.h"

/* What the front matter's `podcast:` says. */
struct S_settings {
	const char *image; /* the cover as written, or NULL */
	int image_line, image_col;
	const char *category; /* Apple's category */
	const char *author;
	const char *email;
	int is_explicit;
	const char *type; /* "episodic" or "serial" */
};

/* Reads p's `podcast:` into *st.  Returns 1 when the section has a
 * podcast, 0 when not, -1 when the setting is wrong (recorded). */
static int S_settings(const struct page *p, struct S_settings *st, struct diag *d)
{
	static const char *const keys[] = {"image", "category", "author", "email", "explicit", "type"};
	const struct value *v = p->front ? value_get(p->front, "podcast") : NULL;
	memset(st, 0, sizeof *st);
	st->category = "Government";
	st->type = "episodic";
	if (v == NULL || (v->type == VALUE_BOOL && !v->i))
		return 0;
	if (v->type == VALUE_BOOL)
		return 1;
	if (v->type != VALUE_MAP) {
		diag_error(d, p->file, v->line, v->col,
		           "'podcast' must be true, or the podcast's settings (image, category, author, email, "
		           "explicit, type) "
		           "as a map, not %s",
		           value_type_name(v->type));
		return -1;
	}
	int rc = 1;
	for (size_t i = 0; i < v->n; i++) {
		const struct value *k = v->keys[i], *x = v->items[i];
		size_t which = 0;
		while (which < sizeof keys / sizeof *keys && strcmp(k->str, keys[which]) != 0)
			which++;
		if (which == sizeof keys / sizeof *keys) {
			diag_error(d, p->file, k->line, k->col,
			           "unknown podcast setting '%s' (there are image, category, author, email, explicit "
			           "and type)",
			           k->str);
			rc = -1;
			continue;
		}
		if (which == 4) {
			if (x->type != VALUE_BOOL) {
				diag_error(d, p->file, x->line, x->col,
				           "podcast 'explicit' must be true or false, not '%s'",
				           x->str ? x->str : value_type_name(x->type));
				rc = -1;
			}
			st->is_explicit = x->type == VALUE_BOOL && x->i;
			continue;
		}
		if (x->type != VALUE_STRING || x->len == 0) {
			diag_error(d, p->file, x->line, x->col, "podcast '%s' must be a text, not %s", k->str,
			           x->type == VALUE_STRING ? "an empty one" : value_type_name(x->type));
			rc = -1;
			continue;
		}
		if (which == 0) {
			st->image = x->str;
			st->image_line = x->line;
			st->image_col = x->col;
		} else if (which == 1) {
			st->category = x->str;
		} else if (which == 2) {
			st->author = x->str;
		} else if (which == 3) {
			st->email = x->str;
		} else if (strcmp(x->str, "episodic") == 0 || strcmp(x->str, "serial") == 0) {
			st->type = x->str;
		} else {
			diag_error(d, p->file, x->line, x->col, "podcast 'type' must be episodic or serial, not '%s'",
			           x->str);
			rc = -1;
		}
	}
	return rc;
}

int podcast_enabled(const struct page *p, struct diag *d)
{
	struct S_settings st;
	struct diag quiet;
	diag_init(&quiet, NULL);
	int r = p && p->kind == PAGE_SECTION ? S_settings(p, &st, d ? d : &quiet) : 0;
	diag_free(&quiet);
	return r == 1;
}

/* The source file published at rel ("vi/ban-tin/a.mp3"), or NULL. */
static const struct source_file *S_file_at(const struct map *dests, struct source *src, const char *rel)
{
	const struct source_file *f = map_get(dests, rel);
	if (f == NULL) {
		char *path = xasprintf("static/%s", rel);
		f = source_find(src, path);
		free(path);
	}
	return f && f->kind == SOURCE_FILE ? f : NULL;
}

/* The cover's URL from the site root (caller frees), marked to be
 * published, or NULL: none given (a warning) or not usable (an error). */
static char *S_cover(const struct site *s, const struct page *sec, const struct S_settings *st, const struct map *dests,
                     struct media_set *m, struct source *src, int strict, struct diag *d)
{
	enum diag_severity warn = strict ? DIAG_ERROR : DIAG_WARNING;
	if (st->image == NULL) {
		const struct value *v = value_get(sec->front, "podcast");
		diag_at(d, warn, sec->file, v->line, v->col,
		        "the podcast has no cover: podcast apps list a show only with one; give podcast: a map with "
		        "image: (a square JPEG or PNG of 1400 to 3000 pixels beside %s)",
		        sec->file);
		return NULL;
	}
	struct buf rel = BUF_INIT;
	const struct source_file *f = NULL;
	if (links_target(s, sec, st->image, &rel) == 0)
		f = S_file_at(dests, src, buf_cstr(&rel));
	if (f == NULL) {
		diag_error(
		    d, sec->file, st->image_line, st->image_col,
		    "the podcast's cover '%s' is not a file of the site: give the path of a JPEG or PNG beside %s",
		    st->image, sec->file);
		buf_free(&rel);
		return NULL;
	}
	char *data = NULL, *why = NULL;
	size_t len;
	struct image_info info;
	if (source_read(src, f, &data, &len, &why) < 0 ||
	    image_probe((const unsigned char *)data, len, 100LL * 1000 * 1000, &info, &why) < 0) {
		diag_error(d, sec->file, st->image_line, st->image_col, "the podcast's cover %s cannot be read: %s",
		           f->path, why ? why : "");
		free(why);
		free(data);
		buf_free(&rel);
		return NULL;
	}
	free(data);
	if (info.width != info.height || info.width < 1400 || info.width > 3000)
		diag_at(d, warn, sec->file, st->image_line, st->image_col,
		        "the podcast's cover %s is %d×%d pixels: podcast apps ask for a square image of 1400 to 3000 "
		        "pixels",
		        f->path, info.width, info.height);
	media_set_publish(m, f->path);
	char *url = xasprintf("%s%s", s->base_path, buf_cstr(&rel));
	buf_free(&rel);
	return url;
}

/* The episode of page p: the first audio or video file its Markdown
 * names (as an image, ![…](a.mp3), or a link) that is a file of the site;
 * its published path goes to rel.  The Markdown is read again from the
 * page's file: a player's image is gone from the page's links once the
 * media plugin has made it HTML, and a page kept from the last build was
 * not rendered at all. */
static const struct media_info *S_episode(const struct site *s, const struct page *p, const struct map *dests,
                                          struct media_set *m, struct source *src, struct buf *rel)
{
	const struct source_file *pf = p->file ? source_find(src, p->file) : NULL;
	char *text = NULL, *err = NULL;
	size_t len;
	if (pf == NULL || source_read(src, pf, &text, &len, &err) < 0) {
		free(err);
		return NULL;
	}
	/* the body: after body_line - 1 lines of front matter */
	size_t off = 0;
	for (int line = 1; line < p->body_line && off < len; off++)
		if (text[off] == '\n')
			line++;
	struct markdown_result md;
	const struct media_info *found = NULL;
	markdown_render(text + off, len - off, 0, NULL, &md);
	for (size_t i = 0; i < md.nlinks && found == NULL; i++) {
		if (media_type_of(md.links[i].url) == NULL)
			continue;
		buf_reset(rel);
		if (links_target(s, p, md.links[i].url, rel) != 0)
			continue;
		const struct source_file *f = S_file_at(dests, src, buf_cstr(rel));
		if (f)
			found = media_set_probe(m, f);
	}
	markdown_result_free(&md);
	free(text);
	return found;
}

static void S_tag(struct buf *b, const char *name, const char *text)
{
	buf_printf(b, "<%s>", name);
	feeds_xml(b, text);
	buf_printf(b, "</%s>\n", name);
}

/* Appends the feed of section sec of language l. */
static void S_feed(struct buf *b, const struct site *s, const struct lang *l, const struct section *sec,
                   const struct S_settings *st, const char *cover, struct page **items, const struct media_info **infos,
                   char **rels, size_t n)
{
	const struct page *list = sec->page;
	char *title = xasprintf("%s – %s", list->title, l->title);
	const char *desc = list->summary && list->summary[0]     ? list->summary
	                   : l->description && l->description[0] ? l->description
	                                                         : title;
	const char *author = st->author ? st->author : l->title;
	const char *explicit_ = st->is_explicit ? "true" : "false";
	struct text_date updated = {0};
	int have = 0;
	for (size_t i = 0; i < n; i++) {
		struct text_date dt;
		if (feeds_page_updated(items[i], &dt) && (!have || dt.epoch > updated.epoch))
			updated = dt, have = 1;
	}
	if (!have && !feeds_page_updated(list, &updated))
		text_date_from_epoch(0, 0, &updated);

	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	            "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" "
	            "xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
	S_tag(b, "title", title);
	buf_puts(b, "<link>");
	feeds_xml_abs(b, s, list->url);
	buf_puts(b, "</link>\n");
	S_tag(b, "description", desc);
	S_tag(b, "language", l->code);
	buf_puts(b, "<generator>wardsite</generator>\n<lastBuildDate>");
	feeds_rfc822(b, &updated);
	buf_puts(b, "</lastBuildDate>\n<atom:link href=\"");
	char *self = xasprintf("%s%s", list->url, PODCAST_FILE);
	feeds_xml_abs(b, s, self);
	free(self);
	buf_puts(b, "\" rel=\"self\" type=\"application/rss+xml\"/>\n");
	if (cover) {
		buf_puts(b, "<image>\n<url>");
		feeds_xml_abs(b, s, cover);
		buf_puts(b, "</url>\n");
		S_tag(b, "title", title);
		buf_puts(b, "<link>");
		feeds_xml_abs(b, s, list->url);
		buf_puts(b, "</link>\n</image>\n<itunes:image href=\"");
		feeds_xml_abs(b, s, cover);
		buf_puts(b, "\"/>\n");
	}
	S_tag(b, "itunes:author", author);
	buf_puts(b, "<itunes:owner>\n");
	S_tag(b, "itunes:name", author);
	if (st->email)
		S_tag(b, "itunes:email", st->email);
	buf_puts(b, "</itunes:owner>\n<itunes:category text=\"");
	feeds_xml(b, st->category);
	buf_puts(b, "\"/>\n");
	S_tag(b, "itunes:explicit", explicit_);
	S_tag(b, "itunes:type", st->type);
	struct buf url = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = items[i];
		const struct media_info *mi = infos[i];
		buf_puts(b, "<item>\n");
		S_tag(b, "title", p->title);
		buf_puts(b, "<link>");
		feeds_xml_abs(b, s, p->url);
		buf_puts(b, "</link>\n<guid isPermaLink=\"true\">");
		feeds_xml_abs(b, s, p->url);
		buf_puts(b, "</guid>\n<pubDate>");
		feeds_rfc822(b, p->has_date ? &p->date : &p->lastmod);
		buf_puts(b, "</pubDate>\n");
		if (p->summary && p->summary[0]) {
			/* readers take it as HTML, as feeds.c says */
			struct buf html = BUF_INIT;
			text_html_escape(&html, p->summary, strlen(p->summary));
			S_tag(b, "description", buf_cstr(&html));
			buf_free(&html);
		}
		buf_reset(&url);
		buf_printf(&url, "%s%s", s->base_path, rels[i]);
		buf_puts(b, "<enclosure url=\"");
		feeds_xml_abs(b, s, buf_cstr(&url));
		buf_printf(b, "\" length=\"%zu\" type=\"", mi->size);
		feeds_xml(b, mi->type->mime);
		buf_puts(b, "\"/>\n");
		if (mi->has_duration)
			buf_printf(b, "<itunes:duration>%llu</itunes:duration>\n",
			           (unsigned long long)((mi->ms + 500) / 1000));
		S_tag(b, "itunes:explicit", explicit_);
		buf_puts(b, "</item>\n");
	}
	buf_puts(b, "</channel>\n</rss>\n");
	buf_free(&url);
	free(title);
}

int podcast_write(const struct site *s, struct media_set *m, struct source *src, struct output *o, size_t limit,
                  int strict, struct diag *d)
{
	int rc = 0;
	struct map dests = MAP_INIT;
	for (size_t i = 0; i < s->nfiles; i++)
		map_put(&dests, s->file_dest[i], (void *)s->files[i]);
	for (size_t li = 0; li < s->nlangs; li++) {
		const struct lang *l = s->langs[li];
		for (size_t k = 0; k < l->nsections; k++) {
			const struct section *sec = l->sections[k];
			struct S_settings st;
			int r = S_settings(sec->page, &st, d);
			if (r <= 0) {
				rc = r < 0 ? -1 : rc;
				continue;
			}
			char *cover = S_cover(s, sec->page, &st, &dests, m, src, strict, d);
			size_t n;
			/* a page without an audio or video file is no episode: the
			 * newest limit pages that have one */
			struct page **items = feeds_select(sec->pages, sec->npages, 0, &n);
			struct page **episodes = xmalloc((n ? n : 1) * sizeof *episodes);
			const struct media_info **infos = xmalloc((n ? n : 1) * sizeof *infos);
			char **rels = xmalloc((n ? n : 1) * sizeof *rels);
			size_t ne = 0;
			struct buf rel = BUF_INIT;
			for (size_t i = 0; i < n && (limit == 0 || ne < limit); i++) {
				if ((infos[ne] = S_episode(s, items[i], &dests, m, src, &rel)) != NULL) {
					rels[ne] = xstrdup(buf_cstr(&rel));
					episodes[ne++] = items[i];
				}
			}
			buf_free(&rel);
			struct buf b = BUF_INIT;
			S_feed(&b, s, l, sec, &st, cover, episodes, infos, rels, ne);
			for (size_t i = 0; i < ne; i++)
				free(rels[i]);
			free(rels);
			free(infos);
			char *out = xasprintf("%s%s", sec->page->url + strlen(s->base_path), PODCAST_FILE);
			if (output_write(o, out, b.data, b.len, sec->page->file ? sec->page->file : "a podcast feed") <
			    0)
				rc = -1;
			free(out);
			buf_free(&b);
			free(episodes);
			free(items);
			free(cover);
		}
	}
	map_free(&dests);
	return rc;
}
