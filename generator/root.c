/* root: the language chooser at the top of a site (see root.h). */
#include "root.h"

#include <string.h>

#include "feeds.h"
#include "text.h"

/* Small enough to inline: the page must not depend on the theme's files.
 * Colours as the default theme's, WCAG AA on white. */
static const char S_style[] =
	"body{margin:0;border-top:.5rem solid #8b1a1a;font-family:-apple-system,BlinkMacSystemFont,\"Segoe UI\","
	"Roboto,\"Noto Sans\",Arial,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}"
	"main{max-width:40rem;margin:0 auto;padding:2rem 1rem}"
	"h1{color:#8b1a1a;font-size:1.6rem;line-height:1.3;margin:0 0 .5rem}"
	".also{color:#555;font-size:1.15rem;line-height:1.3;margin:0 0 1.5rem}"
	"ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.75rem}"
	"a{display:inline-flex;align-items:center;min-height:44px;padding:.5rem 1.25rem;border:2px solid #8b1a1a;"
	"border-radius:4px;color:#8b1a1a;font-size:1.1rem;font-weight:700;text-decoration:none}"
	"a:hover{background:#faf6ef;text-decoration:underline}"
	"a:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;background:#ffdd00;color:#0b0c0c}";

static void S_esc(struct buf *b, const char *s)
{
	text_html_escape(b, s, strlen(s));
}

/* The languages, the default one first, else in site.yaml's order. */
static const struct lang *S_lang(const struct site *s, size_t i)
{
	size_t def = 0;
	for (size_t k = 0; k < s->nlangs; k++)
		if (strcmp(s->langs[k]->code, s->default_language) == 0)
			def = k;
	if (i == 0)
		return s->langs[def];
	return s->langs[i <= def ? i - 1 : i];
}

/* A language's title, or the site's when it has none of its own. */
static const char *S_title(const struct site *s, const struct lang *l)
{
	return l->title && l->title[0] ? l->title : s->title;
}

static void S_head(struct buf *b, const struct site *s, const char *favicon)
{
	const struct lang *def = S_lang(s, 0);
	buf_puts(b, "<!doctype html>\n<html lang=\"");
	S_esc(b, def->code);
	buf_puts(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	for (size_t i = 0; i < s->nlangs; i++) {
		const char *t = S_title(s, S_lang(s, i));
		if (i > 0 && strcmp(t, S_title(s, def)) == 0)
			continue;
		if (i > 0)
			buf_puts(b, " – ");
		S_esc(b, t);
	}
	buf_puts(b, "</title>\n");
	if (def->description && def->description[0]) {
		buf_puts(b, "<meta name=\"description\" content=\"");
		S_esc(b, def->description);
		buf_puts(b, "\">\n");
	}
	buf_puts(b, "<link rel=\"canonical\" href=\"");
	S_esc(b, s->origin);
	S_esc(b, s->base_path);
	buf_puts(b, "\">\n");
	for (size_t i = 0; i < s->nlangs; i++) {
		const struct lang *l = S_lang(s, i);
		buf_printf(b, "<link rel=\"alternate\" hreflang=\"%s\" href=\"", l->code);
		S_esc(b, s->origin);
		S_esc(b, l->home->url);
		buf_puts(b, "\">\n");
	}
	buf_puts(b, "<link rel=\"alternate\" hreflang=\"x-default\" href=\"");
	S_esc(b, s->origin);
	S_esc(b, s->base_path);
	buf_puts(b, "\">\n");
	if (favicon) {
		buf_puts(b, "<link rel=\"icon\" href=\"");
		S_esc(b, favicon);
		buf_puts(b, "\" type=\"image/svg+xml\">\n");
	}
	static const char *const kinds[][3] = {{"application/rss+xml", FEEDS_RSS, "RSS"},
					       {"application/atom+xml", FEEDS_ATOM, "Atom"},
					       {"application/feed+json", FEEDS_JSON, "JSON Feed"}};
	for (size_t i = 0; i < s->nlangs; i++) {
		const struct lang *l = S_lang(s, i);
		for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
			buf_printf(b, "<link rel=\"alternate\" type=\"%s\" title=\"", kinds[k][0]);
			S_esc(b, S_title(s, l));
			buf_printf(b, " (%s)\" href=\"", kinds[k][2]);
			S_esc(b, l->home->url);
			buf_printf(b, "%s\">\n", kinds[k][1]);
		}
	}
	buf_printf(b, "<style>%s</style>\n</head>\n", S_style);
}

void root_page(struct buf *out, const struct site *s, const char *favicon)
{
	const struct lang *def = S_lang(s, 0);
	S_head(out, s, favicon);
	buf_puts(out, "<body>\n<main>\n<h1>");
	S_esc(out, S_title(s, def));
	buf_puts(out, "</h1>\n");
	for (size_t i = 1; i < s->nlangs; i++) {
		const struct lang *l = S_lang(s, i);
		if (strcmp(S_title(s, l), S_title(s, def)) == 0)
			continue;
		buf_printf(out, "<p class=\"also\" lang=\"%s\">", l->code);
		S_esc(out, S_title(s, l));
		buf_puts(out, "</p>\n");
	}
	buf_puts(out, "<ul>\n");
	for (size_t i = 0; i < s->nlangs; i++) {
		const struct lang *l = S_lang(s, i);
		buf_puts(out, "<li><a href=\"");
		S_esc(out, l->home->url);
		buf_printf(out, "\" hreflang=\"%s\" lang=\"%s\">", l->code, l->code);
		S_esc(out, l->name && l->name[0] ? l->name : l->code);
		buf_puts(out, "</a></li>\n");
	}
	buf_puts(out, "</ul>\n</main>\n</body>\n</html>\n");
}
