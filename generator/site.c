#include "site.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "frontmatter.h"
#include "history.h"
#include "map.h"
#include "markdown.h"
#include "msg.h"
#include "xalloc.h"

#define CONFIG_PATH "site.yaml"

static const char *const S_config_keys[] = {"title",       "base_url", "default_language", "theme", "paginate",
					     "timezone",    "unsafe_html", "languages",     "params", "images", "freshness",
					     "feed_items",  "report",      "messages", "screen", NULL};
static const char *const S_lang_keys[] = {"name", "title", "description", "menu", "params", NULL};

/* The language of messages site.yaml asks for: messages: vi|en, else the
 * default language (default_language, else the first of languages) when it
 * is one of them (msg_set_site_lang: only when
 * neither the command line nor the environment chose). */
static void S_messages_lang(struct diag *d, const struct value *c)
{
	const struct value *m = value_get(c, "messages");
	if (m && (m->type != VALUE_STRING || (strcmp(m->str, "vi") != 0 && strcmp(m->str, "en") != 0))) {
		diag_error(d, CONFIG_PATH, m->line, m->col, "'messages' is the language of wardsite's messages: vi or en, not %s",
			   m->type == VALUE_STRING ? m->str : value_type_name(m->type));
		m = NULL;
	}
	const struct value *def = value_get(c, "default_language");
	const struct value *langs = value_get(c, "languages");
	if (m == NULL && def && def->type == VALUE_STRING)
		m = def;
	else if (m == NULL && def == NULL && langs && langs->type == VALUE_MAP && langs->n > 0)
		m = langs->keys[0]; /* the default language is the first */
	if (m && m->type == VALUE_STRING)
		msg_set_site_lang(m->str);
}

/* A growable array of pointers, for the lists of the model. */
struct vec {
	void **items;
	size_t n, cap;
};

/* 1 when a browser would run url as script or open it as a document of
 * the site's origin: a javascript:, vbscript: or data: scheme in any case,
 * after the spaces and controls that browsers drop. */
static int S_is_script_url(const char *url)
{
	static const char *const schemes[] = {"javascript:", "vbscript:", "data:"};
	char head[16];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)url; *p && n < sizeof head - 1; p++)
		if (*p > 0x20)
			head[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	head[n] = '\0';
	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
		if (strncmp(head, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	return 0;
}

static void S_vec_push(struct vec *v, void *p)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->items = xrealloc(v->items, v->cap * sizeof *v->items);
	}
	v->items[v->n++] = p;
}

static void S_vec_sort(struct vec *v, int (*cmp)(const void *, const void *))
{
	if (v->n > 1)
		qsort(v->items, v->n, sizeof *v->items, cmp);
}

/* Copies the vector into the arena and frees it. */
static void **S_vec_finish(struct arena *a, struct vec *v, size_t *n)
{
	void **items = arena_alloc(a, (v->n ? v->n : 1) * sizeof *items);
	if (v->n)
		memcpy(items, v->items, v->n * sizeof *items);
	*n = v->n;
	free(v->items);
	memset(v, 0, sizeof *v);
	return items;
}

static int S_is_known(const char *const *keys, const char *k)
{
	for (; *keys; keys++)
		if (strcmp(*keys, k) == 0)
			return 1;
	return 0;
}

static void S_warn_unknown(struct diag *d, const char *path, const struct value *map, const char *const *known,
			   const char *where)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct value *k = map->keys[i];
		if (!S_is_known(known, k->str))
			diag_warning(d, path, k->line, k->col, "unknown key '%s'%s is ignored", k->str, where);
	}
}

/* The string under key: NULL when absent (an error when required) or
 * not a scalar (an error). */
static const char *S_config_string(struct diag *d, const struct value *map, const char *key, int required,
				   const char *where)
{
	const struct value *v = value_get(map, key);
	if (v == NULL || v->type == VALUE_NULL) {
		if (required) {
			if (map->line)
				diag_error(d, CONFIG_PATH, map->line, map->col, "missing required key '%s'%s", key, where);
			else
				diag_error(d, CONFIG_PATH, 0, 0, "missing required key '%s'%s", key, where);
		}
		return NULL;
	}
	if (v->type == VALUE_LIST || v->type == VALUE_MAP) {
		diag_error(d, CONFIG_PATH, v->line, v->col, "'%s' must be a string, not %s", key, value_type_name(v->type));
		return NULL;
	}
	return v->str;
}

static int S_valid_lang_code(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 12)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] == '-' && i >= 2) || (s[i] >= '0' && s[i] <= '9' && i >= 3)))
			return 0;
	return 1;
}

static int S_load_config(struct site *s, struct source *src, struct diag *d)
{
	const struct source_file *f = source_find(src, CONFIG_PATH);
	char *data = NULL, *err = NULL;
	size_t len;
	if (f == NULL) {
		diag_error(d, CONFIG_PATH, 0, 0, "no site.yaml at the top of %s", msg_tr(source_describe(src)));
		return -1;
	}
	if (source_read(src, f, &data, &len, &err) < 0) {
		diag_error(d, CONFIG_PATH, 0, 0, "%s", err);
		free(err);
		return -1;
	}
	size_t bad;
	if (!text_utf8_valid(data, len, &bad)) {
		int line, col;
		text_position(data, bad, &line, &col);
		if (data[bad] == '\0')
			diag_error(d, CONFIG_PATH, line, col, "a NUL byte is not allowed in site.yaml");
		else
			diag_error(d, CONFIG_PATH, line, col, "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
				   (unsigned char)data[bad]);
		free(data);
		return -1;
	}
	s->config = value_parse_yaml(data, len, CONFIG_PATH, 0, d);
	free(data);
	if (s->config == NULL)
		return -1;
	struct value *c = s->config;
	if (c->type != VALUE_MAP) {
		diag_error(d, CONFIG_PATH, c->line, c->col, "site.yaml must be a map of keys, not %s", value_type_name(c->type));
		return -1;
	}
	int errors = d->errors;
	S_messages_lang(d, c);
	S_warn_unknown(d, CONFIG_PATH, c, S_config_keys, "");
	s->title = S_config_string(d, c, "title", 1, "");
	s->theme = S_config_string(d, c, "theme", 1, "");
	const char *base = S_config_string(d, c, "base_url", 1, "");
	if (base) {
		const char *scheme_end = strstr(base, "://");
		if ((strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0) || scheme_end[3] == '\0' ||
		    scheme_end[3] == '/') {
			const struct value *v = value_get(c, "base_url");
			diag_error(d, CONFIG_PATH, v->line, v->col, "'base_url' must be an absolute http(s) URL, not '%s'", base);
		} else {
			size_t blen = strlen(base);
			s->base_url = base[blen - 1] == '/' ? arena_strdup(&s->arena, base)
							     : arena_printf(&s->arena, "%s/", base);
			const char *path = strchr(scheme_end + 3, '/');
			s->origin = arena_strndup(&s->arena, s->base_url, (size_t)(path ? path - base : (long)blen));
			s->base_path = path ? s->base_url + (path - base) : "/";
		}
	}
	if (s->base_path == NULL) {
		s->base_url = "http://localhost/";
		s->origin = "http://localhost";
		s->base_path = "/";
	}
	s->paginate = 10;
	const struct value *v = value_get(c, "paginate");
	if (v && v->type != VALUE_NULL) {
		if (v->type != VALUE_INT || v->i < 1 || v->i > 10000)
			diag_error(d, CONFIG_PATH, v->line, v->col, "'paginate' must be a whole number from 1 to 10000, not '%s'",
				   v->str ? v->str : value_type_name(v->type));
		else
			s->paginate = (int)v->i;
	}
	s->tz_minutes = 7 * 60;
	const char *tz = S_config_string(d, c, "timezone", 0, "");
	if (tz && text_parse_offset(tz, &s->tz_minutes) < 0) {
		v = value_get(c, "timezone");
		diag_error(d, CONFIG_PATH, v->line, v->col, "'timezone' must be an offset such as \"+07:00\", not '%s'", tz);
	}
	v = value_get(c, "unsafe_html");
	if (v && v->type != VALUE_NULL) {
		if (v->type != VALUE_BOOL)
			diag_error(d, CONFIG_PATH, v->line, v->col, "'unsafe_html' must be true or false, not '%s'",
				   v->str ? v->str : value_type_name(v->type));
		else
			s->unsafe_html = (int)v->i;
	}
	v = value_get(c, "params");
	if (v && v->type != VALUE_MAP && v->type != VALUE_NULL)
		diag_error(d, CONFIG_PATH, v->line, v->col, "'params' must be a map, not %s", value_type_name(v->type));

	const struct value *langs = value_get(c, "languages");
	struct vec lv = {0};
	int bad_langs = 0; /* then default_language is not checked against them: one error is enough */
	if (langs == NULL || langs->type == VALUE_NULL) {
		diag_error(d, CONFIG_PATH, c->line, c->col, "missing required key 'languages'");
	} else if (langs->type != VALUE_MAP || langs->n == 0) {
		diag_error(d, CONFIG_PATH, langs->line, langs->col, "'languages' must be a map of language codes (vi, en, …)");
	} else {
		for (size_t i = 0; i < langs->n; i++) {
			const struct value *k = langs->keys[i], *lm = langs->items[i];
			if (!S_valid_lang_code(k->str)) {
				diag_error(d, CONFIG_PATH, k->line, k->col, "'%s' is not a language code such as vi or en", k->str);
				bad_langs = 1;
				continue;
			}
			if (lm->type != VALUE_MAP) {
				diag_error(d, CONFIG_PATH, lm->line ? lm->line : k->line, lm->line ? lm->col : k->col,
					   "language '%s' must be a map with at least 'name'", k->str);
				bad_langs = 1;
				continue;
			}
			struct lang *l = arena_alloc(&s->arena, sizeof *l);
			char *where = xasprintf(msg_tr(" in language '%s'"), k->str);
			S_warn_unknown(d, CONFIG_PATH, lm, S_lang_keys, where);
			l->code = k->str;
			l->name = S_config_string(d, lm, "name", 1, where);
			l->title = S_config_string(d, lm, "title", 0, where);
			l->description = S_config_string(d, lm, "description", 0, where);
			free(where);
			if (l->title == NULL)
				l->title = s->title;
			if (l->name == NULL)
				l->name = l->code;
			const struct value *menu = value_get(lm, "menu");
			if (menu && menu->type != VALUE_NULL) {
				int ok = menu->type == VALUE_LIST;
				for (size_t m = 0; ok && m < menu->n; m++) {
					const struct value *item = menu->items[m];
					const struct value *name = value_get(item, "name"), *url = value_get(item, "url");
					if (item->type != VALUE_MAP || name == NULL || url == NULL || name->str == NULL ||
					    url->str == NULL) {
						diag_error(d, CONFIG_PATH, item->line, item->col,
							   "a menu item needs 'name' and 'url' strings");
						ok = 0;
					}
				}
				for (size_t m = 0; ok && m < menu->n; m++) {
					const struct value *url = value_get(menu->items[m], "url");
					if (S_is_script_url(url->str)) {
						diag_error(d, CONFIG_PATH, url->line, url->col,
							   "a menu url cannot be a javascript:, vbscript: or data: URL");
						ok = 0;
					}
				}
				if (menu->type != VALUE_LIST)
					diag_error(d, CONFIG_PATH, menu->line, menu->col, "'menu' must be a list of {name, url}");
				if (ok)
					l->menu = menu;
			}
			S_vec_push(&lv, l);
		}
	}
	s->langs = (struct lang **)S_vec_finish(&s->arena, &lv, &s->nlangs);
	const char *def = S_config_string(d, c, "default_language", 0, "");
	if (def && langs && langs->type == VALUE_MAP && langs->n > 0 && !bad_langs) {
		for (size_t i = 0; i < s->nlangs; i++)
			if (strcmp(s->langs[i]->code, def) == 0)
				s->default_language = s->langs[i]->code;
		if (s->default_language == NULL) {
			v = value_get(c, "default_language");
			diag_error(d, CONFIG_PATH, v->line, v->col, "'default_language' is '%s', which is not in 'languages'", def);
		}
	}
	if (s->default_language == NULL && s->nlangs > 0)
		s->default_language = s->langs[0]->code;
	if (s->title == NULL)
		s->title = "";
	return d->errors > errors || s->nlangs == 0 ? -1 : 0;
}

/* content/CODE/ for a CODE not in site.yaml: an error when CODE has the
 * shape of a language code (content/vn/), else a folder put outside the
 * language folders (content/tin-tuc/), whose files are skipped. */
static void S_unknown_lang(struct site *s, const char *path, const char *code, struct diag *d)
{
	/* a two-letter code (fr, vn, en-US), or one close to a language of the
	 * site (vie); content/img/ or content/tin-tuc/ is a folder misplaced */
	if (!site_looks_like_lang(code) && site_lang_guess(s, code) == NULL) {
		diag_warning(d, NULL, 0, 0, "content/%s/ is not a language of site.yaml: its files are skipped", code);
		return;
	}
	char *valid = site_lang_list(s);
	const char *guess = site_lang_guess(s, code);
	if (guess)
		diag_error(d, path, 0, 0,
		           "the language folder content/%s/ is not a language of site.yaml (valid: %s): did you mean "
		           "content/%s/?",
		           code, valid, guess);
	else
		diag_error(d, path, 0, 0,
		           "the language folder content/%s/ is not a language of site.yaml (valid: %s): rename the "
		           "folder, or add the language to 'languages' in site.yaml",
		           code, valid);
	free(valid);
}

static struct lang *S_find_lang(struct site *s, const char *code, size_t n)
{
	for (size_t i = 0; i < s->nlangs; i++)
		if (strlen(s->langs[i]->code) == n && strncmp(s->langs[i]->code, code, n) == 0)
			return s->langs[i];
	return NULL;
}

char *site_lang_list(const struct site *s)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < s->nlangs; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", s->langs[i]->code);
	return buf_detach(&b);
}

/* Country codes that editors write for a language's code. */
static const char *const S_country_lang[][2] = {{"vn", "vi"}, {"us", "en"}, {"gb", "en"}, {"uk", "en"},
                                                {"cn", "zh"}, {"jp", "ja"}, {"kr", "ko"}, {"kh", "km"},
                                                {"la", "lo"}, {"dk", "da"}, {"se", "sv"}, {"cz", "cs"}};

const char *site_lang_guess(const struct site *s, const char *code)
{
	char low[16];
	size_t n = strlen(code);
	if (n >= sizeof low)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] - 'A' + 'a' : code[i]);
	const char *want = low;
	for (size_t i = 0; i < sizeof S_country_lang / sizeof *S_country_lang; i++)
		if (strcmp(low, S_country_lang[i][0]) == 0)
			want = S_country_lang[i][1];
	for (size_t i = 0; i < s->nlangs; i++) {
		const char *c = s->langs[i]->code;
		size_t cn = strlen(c);
		if (strcmp(c, want) == 0 || (strncmp(c, low, 2) == 0 && (cn == 2 || n == 2)))
			return c; /* vn -> vi, VI -> vi, vie or vi-VN -> vi, en -> en-GB */
	}
	return NULL;
}

int site_looks_like_lang(const char *name)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (n != 2)
		return 0;
	if (name[n] == '\0')
		return 1;
	if (name[n] != '-')
		return 0;
	const char *r = name + n + 1;
	size_t letters = strspn(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	size_t digits = strspn(r, "0123456789");
	return (r[letters] == '\0' && (letters == 2 || letters == 4)) || (r[digits] == '\0' && digits == 3);
}

const char *site_page_url(struct site *s, const char *url, int n)
{
	if (n <= 1)
		return url;
	return arena_printf(&s->arena, "%spage/%d/", url, n);
}

/* A collation key in the site's arena. */
static const unsigned char *S_key(struct site *s, const char *text, const char *lang, size_t *len)
{
	unsigned char *k = text_collate_key(text ? text : "", lang, len);
	unsigned char *copy = arena_alloc(&s->arena, *len ? *len : 1);
	memcpy(copy, k, *len);
	free(k);
	return copy;
}

static int S_cmp_keys(const unsigned char *a, size_t la, const unsigned char *b, size_t lb)
{
	int c = memcmp(a, b, la < lb ? la : lb);
	return c ? c : (la > lb) - (la < lb);
}

/* Pages: weighted first by weight, then newest first, then by title in
 * the language's alphabetical order. */
static int S_cmp_pages(const void *pa, const void *pb)
{
	const struct page *a = *(struct page *const *)pa, *b = *(struct page *const *)pb;
	if (a->has_weight != b->has_weight)
		return a->has_weight ? -1 : 1;
	if (a->has_weight && a->weight != b->weight)
		return a->weight < b->weight ? -1 : 1;
	if (a->has_date != b->has_date)
		return a->has_date ? -1 : 1;
	if (a->has_date && a->date.epoch != b->date.epoch)
		return a->date.epoch > b->date.epoch ? -1 : 1;
	int c = S_cmp_keys(a->title_key, a->title_key_len, b->title_key, b->title_key_len);
	return c ? c : strcmp(a->url, b->url);
}

static int S_cmp_sections(const void *pa, const void *pb)
{
	const struct section *a = *(struct section *const *)pa, *b = *(struct section *const *)pb;
	const struct page *x = a->page, *y = b->page;
	if (x->has_weight != y->has_weight)
		return x->has_weight ? -1 : 1;
	if (x->has_weight && x->weight != y->weight)
		return x->weight < y->weight ? -1 : 1;
	int c = S_cmp_keys(x->title_key, x->title_key_len, y->title_key, y->title_key_len);
	return c ? c : strcmp(a->name, b->name);
}

static int S_cmp_terms(const void *pa, const void *pb)
{
	const struct term *a = *(struct term *const *)pa, *b = *(struct term *const *)pb;
	int c = S_cmp_keys(a->key, a->key_len, b->key, b->key_len);
	return c ? c : strcmp(a->slug, b->slug);
}

/* Slugs every '/'-separated part of rel; NULL when a part has no letter or
 * digit. */
static char *S_url_path(struct site *s, const char *rel)
{
	struct buf b = BUF_INIT;
	const char *p = rel;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *part = xstrndup(p, n);
		char *slug = text_slug(part);
		free(part);
		if (slug[0] == '\0') {
			free(slug);
			buf_free(&b);
			return NULL;
		}
		buf_puts(&b, slug);
		buf_putc(&b, '/');
		free(slug);
		p = e ? e + 1 : p + n;
	}
	char *r = arena_strdup(&s->arena, buf_cstr(&b));
	buf_free(&b);
	return r;
}

/* An alias that is a page's URL, or another page's alias, is an error at
 * the alias in the front matter (the output would have one file for
 * both).  urls maps the URLs of content pages to their pages. */
/* Whether page a's file came into the history after b's.  A file not yet
 * committed (--worktree) is newer than a committed one.  Between two files
 * of one commit (or two uncommitted ones), the one whose 'slug' takes the
 * URL counts as newer, then the one later in path order. */
static int S_newer(const struct page *a, const struct page *b)
{
	int ha = a->history && a->history->nrevs, hb = b->history && b->history->nrevs;
	if (ha != hb)
		return hb;
	if (ha) {
		const struct history_commit *ca = a->history->revs[a->history->nrevs - 1];
		const struct history_commit *cb = b->history->revs[b->history->nrevs - 1];
		if (ca != cb)
			return history_newer(ca, cb);
	}
	if ((a->slug_line != 0) != (b->slug_line != 0))
		return a->slug_line != 0;
	return strcmp(a->file, b->file) > 0;
}

/* Two pages with one URL: the error at the newer page's 'slug' (or line
 * 1), naming the older one with its line. */
static void S_duplicate_url(const struct page *p, const struct page *other, struct diag *d)
{
	const struct page *newer = S_newer(p, other) ? p : other, *older = newer == p ? other : p;
	diag_error(d, newer->file, newer->slug_line ? newer->slug_line : 1, newer->slug_line ? newer->slug_col : 1,
	           "the URL %s is also the URL of %s:%d: give this page another 'slug' or file name", newer->url,
	           older->file, older->slug_line ? older->slug_line : 1);
}

/* The line and column of alias k of p in its front matter. */
static void S_alias_at(const struct page *p, size_t k, int *line, int *col)
{
	const struct value *list = value_get(p->front, "aliases");
	const struct value *at = list && list->type == VALUE_LIST && k < list->n ? list->items[k] : list;
	*line = at ? at->line : 1;
	*col = at ? at->col : 1;
}

static void S_check_aliases(struct site *s, struct vec *all, struct map *urls, struct diag *d)
{
	struct map seen = MAP_INIT;
	for (size_t i = 0; i < all->n; i++) {
		struct page *p = all->items[i];
		if (p == NULL || p->naliases == 0)
			continue;
		for (size_t k = 0; k < p->naliases; k++) {
			int line, col, tline = 1, tcol;
			S_alias_at(p, k, &line, &col);
			char *url = xasprintf("%s%s", s->base_path, p->aliases[k] + 1);
			const struct page *owner = map_get(urls, url), *twin = map_get(&seen, url);
			if (owner && owner != p)
				diag_error(
				    d, p->file, line, col,
				    "the alias %s is the URL of %s:%d: remove it from 'aliases', or give that page "
				    "another 'slug'",
				    p->aliases[k], owner->file, owner->slug_line ? owner->slug_line : 1);
			else if (owner)
				diag_error(d, p->file, line, col, "the alias %s is this page's own URL", p->aliases[k]);
			else if (twin && twin != p) {
				for (size_t t = 0; t < twin->naliases; t++)
					if (strcmp(twin->aliases[t], p->aliases[k]) == 0)
						S_alias_at(twin, t, &tline, &tcol);
				diag_error(
				    d, p->file, line, col,
				    "the alias %s is also an alias of %s:%d: an old URL can lead to one page only",
				    p->aliases[k], twin->file, tline);
			} else
				map_put(&seen, url, p);
			free(url);
		}
	}
	map_free(&seen);
}

static struct page *S_new_page(struct site *s, enum page_kind kind, struct lang *l)
{
	struct page *p = arena_alloc(&s->arena, sizeof *p);
	p->kind = kind;
	p->lang = l;
	p->section = "";
	p->lua_ref = -2; /* LUA_NOREF */
	return p;
}

/* Length of the white space (ASCII or no-break space) at t, or 0. */
static size_t S_space(const char *t)
{
	if (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
		return 1;
	return (unsigned char)t[0] == 0xC2 && (unsigned char)t[1] == 0xA0 ? 2 : 0;
}

/* t without white space at either end, in the site's arena. */
static const char *S_trim(struct site *s, const char *t)
{
	size_t k;
	while ((k = S_space(t)) > 0)
		t += k;
	size_t end = 0;
	for (size_t i = 0; t[i];) {
		k = S_space(t + i);
		i += k ? k : 1;
		if (!k)
			end = i;
	}
	return arena_strndup(&s->arena, t, end);
}

/* t (trimmed) with every run of white space one space, in the arena. */
static const char *S_one_space(struct site *s, const char *t)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; t[i];) {
		size_t k = S_space(t + i);
		if (k == 0) {
			buf_putc(&b, t[i++]);
			continue;
		}
		while ((k = S_space(t + i)) > 0)
			i += k;
		buf_putc(&b, ' ');
	}
	const char *r = arena_strdup(&s->arena, buf_cstr(&b));
	buf_free(&b);
	return r;
}

/* Puts page p on the term of its tag number t, making the term when it is
 * the first of its slug.  A spelling that text_tag_slug folds onto an
 * earlier one (case, spacing, punctuation, tone placement) is one tag with
 * it, and a warning, once per spelling, names both places: editors meant
 * one tag, or two that need telling apart.  Two tags whose slugs meet by
 * chance (the hash) are a warning too. */
static void S_add_tag(struct site *s, struct map *term_map, struct vec *terms, struct map *spellings, struct page *p,
		      size_t t, struct diag *d)
{
	char *id = NULL;
	char *slug = text_tag_slug(p->tags[t], &id);
	struct term *term = map_get(term_map, slug);
	if (term == NULL) {
		term = arena_alloc(&s->arena, sizeof *term);
		term->name = p->tags[t];
		term->slug = arena_strdup(&s->arena, slug);
		term->id = arena_strdup(&s->arena, id);
		term->written = p->tag_raw[t];
		term->file = p->file;
		term->line = p->tag_lines[t];
		term->col = p->tag_cols[t];
		term->key = S_key(s, term->name, p->lang->code, &term->key_len);
		term->pages = (struct page **)xcalloc(1, sizeof(struct vec));
		map_put(term_map, slug, term);
		map_put(spellings, p->tag_raw[t], (void *)"");
		S_vec_push(terms, term);
	} else if (map_get(spellings, p->tag_raw[t]) == NULL) {
		map_put(spellings, p->tag_raw[t], (void *)"");
		if (strcmp(term->id, id) != 0)
			diag_warning(d, p->file, p->tag_lines[t], p->tag_cols[t],
				     "the tags '%s' and '%s' (%s:%d:%d) get the same address, %s%s/tags/%s/, by chance: "
				     "write one of them differently",
				     p->tag_raw[t], term->written, term->file, term->line, term->col, s->base_path,
				     p->lang->code, term->slug);
		else
			diag_warning(d, p->file, p->tag_lines[t], p->tag_cols[t],
				     "the tag '%s' is written '%s' at %s:%d:%d; they differ only in case, spacing, "
				     "punctuation or the place of a tone mark, so they are one tag (%s%s/tags/%s/): "
				     "write it one way everywhere",
				     p->tag_raw[t], term->written, term->file, term->line, term->col, s->base_path,
				     p->lang->code, term->slug);
	}
	struct vec *tv = (struct vec *)term->pages;
	if (tv->n == 0 || tv->items[tv->n - 1] != p)
		S_vec_push(tv, p);
	free(slug);
	free(id);
}

/* Reads one content file into a page.  NULL when it has errors (recorded)
 * or is left out (draft, future). */
static struct page *S_load_page(struct site *s, struct source *src, const struct source_file *f, struct lang *l,
				const char *rest, const struct site_options *opt, struct diag *d)
{
	char *data = NULL, *err = NULL;
	size_t len;
	struct page *p = NULL;
	struct front_matter fm;
	int errors = d->errors;

	if (source_read(src, f, &data, &len, &err) < 0) {
		diag_error(d, f->path, 0, 0, "%s", err);
		free(err);
		return NULL;
	}
	int bad = front_matter_parse(&fm, data, len, f->path, s->tz_minutes, d) < 0;

	const char *name = strrchr(rest, '/');
	name = name ? name + 1 : rest;
	size_t dirlen = name > rest ? (size_t)(name - rest - 1) : 0;
	char *dir = arena_strndup(&s->arena, rest, dirlen);
	enum page_kind kind = PAGE_REGULAR;
	const char *rel;
	if (strcmp(name, "_index.md") == 0) {
		if (dirlen == 0) {
			kind = PAGE_HOME;
			rel = "";
		} else if (strchr(dir, '/') == NULL) {
			kind = PAGE_SECTION;
			rel = dir;
		} else {
			diag_warning(d, f->path, 0, 0, "only top-level folders are sections: this _index.md is ignored");
			goto out_fm;
		}
	} else if (strcmp(name, "index.md") == 0 && dirlen > 0) {
		rel = dir;
	} else {
		size_t nlen = strlen(name) - 3;
		rel = dirlen ? arena_printf(&s->arena, "%s/%.*s", dir, (int)nlen, name)
			     : arena_strndup(&s->arena, name, nlen);
	}
	/* no second error for a title that is there but wrong, or front
	 * matter that could not be read as keys at all */
	const struct value *tv = fm.root && fm.root->type == VALUE_MAP ? value_get(fm.root, "title") : NULL;
	int unreadable = bad && (fm.root == NULL || (fm.root->type != VALUE_MAP && fm.root->type != VALUE_NULL));
	if (fm.title == NULL && kind == PAGE_REGULAR && !unreadable && (tv == NULL || tv->type == VALUE_NULL)) {
		diag_error(d, f->path, 1, 1, "missing required key 'title'");
		bad = 1;
	}
	if (bad)
		goto out_fm;
	if (fm.draft && !opt->drafts)
		goto out_fm;

	p = S_new_page(s, kind, l);
	p->file = f->path;
	p->rel = rel;
	p->front = fm.root;
	fm.root = NULL;
	p->title = fm.title ? arena_strdup(&s->arena, fm.title) : NULL;
	p->layout = fm.layout ? arena_strdup(&s->arena, fm.layout) : NULL;
	p->translation_key = fm.translation_key ? arena_strdup(&s->arena, fm.translation_key) : NULL;
	p->date = fm.date;
	p->has_date = fm.has_date;
	p->lastmod = fm.lastmod;
	p->has_lastmod = fm.has_lastmod;
	p->draft = fm.draft;
	p->has_weight = fm.has_weight;
	p->weight = fm.weight;
	p->layout_line = fm.layout_line;
	p->layout_col = fm.layout_col;
	p->slug_line = fm.slug_line;
	p->slug_col = fm.slug_col;
	size_t nt = fm.ntags ? fm.ntags : 1;
	p->tags = arena_alloc(&s->arena, nt * sizeof *p->tags);
	p->tag_raw = arena_alloc(&s->arena, nt * sizeof *p->tag_raw);
	p->tag_lines = arena_alloc(&s->arena, nt * sizeof *p->tag_lines);
	p->tag_cols = arena_alloc(&s->arena, nt * sizeof *p->tag_cols);
	for (size_t i = 0; i < fm.ntags; i++) {
		p->tag_raw[p->ntags] = S_trim(s, fm.tags[i]);
		p->tag_lines[p->ntags] = fm.tag_lines[i];
		p->tag_cols[p->ntags] = fm.tag_cols[i];
		p->tags[p->ntags] = S_one_space(s, p->tag_raw[p->ntags]);
		p->ntags++;
	}
	p->aliases = arena_alloc(&s->arena, (fm.naliases ? fm.naliases : 1) * sizeof *p->aliases);
	for (size_t i = 0; i < fm.naliases; i++)
		p->aliases[p->naliases++] = arena_strdup(&s->arena, fm.aliases[i]);
	if (strcmp(name, "index.md") == 0 && dirlen > 0)
		p->bundle = arena_printf(&s->arena, "content/%s/%s", l->code, dir);
	if (opt->history)
		p->history = p->bundle ? history_folder(opt->history, p->bundle) : history_find(opt->history, f->path);

	/* URL: every folder slugged, the last part replaced by the slug. */
	char *path = S_url_path(s, rel);
	if (path == NULL) {
		diag_error(d, f->path, 0, 0, "the file's path gives no URL: every folder and file name needs a letter or digit");
		value_free(p->front);
		p = NULL;
		goto out_fm;
	}
	if (fm.slug) {
		size_t plen = strlen(path);
		size_t cut = plen > 0 ? plen - 1 : 0;
		while (cut > 0 && path[cut - 1] != '/')
			cut--;
		path = arena_printf(&s->arena, "%.*s%s/", (int)cut, path, fm.slug);
	}
	p->url = arena_printf(&s->arena, "%s%s/%s", s->base_path, l->code, path);
	if (kind == PAGE_SECTION || (kind == PAGE_REGULAR && strchr(rel, '/')))
		p->section = arena_strndup(&s->arena, path, strcspn(path, "/"));
	if (kind == PAGE_HOME)
		p->url = arena_printf(&s->arena, "%s%s/", s->base_path, l->code);

	/* Markdown waits for site_render_content: widgets need plugins and the model. */
	p->body = xstrndup(fm.body, fm.body_len);
	p->body_len = fm.body_len;
	p->body_line = fm.body_line;
	p->summary = fm.summary ? arena_strdup(&s->arena, fm.summary) : NULL;
	(void)errors;
out_fm:
	front_matter_free(&fm);
	free(data);
	return p;
}

static struct section *S_section(struct site *s, struct lang *l, struct vec *secs, const char *name)
{
	for (size_t i = 0; i < secs->n; i++) {
		struct section *sec = secs->items[i];
		if (strcmp(sec->name, name) == 0)
			return sec;
	}
	struct section *sec = arena_alloc(&s->arena, sizeof *sec);
	sec->name = arena_strdup(&s->arena, name);
	S_vec_push(secs, sec);
	(void)l;
	return sec;
}

const char *site_kind_name(enum page_kind kind)
{
	static const char *const names[] = {"home", "section", "page", "tags", "tag", "404", "search"};
	_Static_assert(sizeof names / sizeof names[0] == PAGE_SEARCH + 1, "a name for every page kind");
	return names[kind];
}

/* What makes pages translations of each other: the same translation_key,
 * or else the same kind and path below content/LANG/.  NULL for tag pages
 * (tags are words of one language).  Caller frees. */
static char *S_translation_key(const struct page *p)
{
	if (p->translation_key)
		return xasprintf("k:%s", p->translation_key);
	switch (p->kind) {
	case PAGE_HOME: return xstrdup("home");
	case PAGE_TAGS: return xstrdup("tags");
	case PAGE_404: return xstrdup("404");
	case PAGE_SEARCH: return xstrdup("search");
	case PAGE_TAG: return NULL;
	case PAGE_SECTION: return xasprintf("s:%s", p->rel);
	case PAGE_REGULAR: break;
	}
	return xasprintf("p:%s", p->rel);
}

/* Front matter a translation takes from the default language's page when
 * it does not set it: everything but what is words of one language. */
static const char *const S_not_inherited[] = {"title", "summary", "slug", "aliases", "translation_key",
					      "draft", "lastmod", "tags", NULL};

static void S_inherit(struct page *p, const struct page *src)
{
	if (!p->has_date && src->has_date) {
		p->date = src->date;
		p->has_date = 1;
	}
	if (!p->has_weight && src->has_weight) {
		p->weight = src->weight;
		p->has_weight = 1;
	}
	if (p->layout == NULL && src->layout) {
		p->layout = src->layout;
		p->layout_line = p->layout_col = 0;
	}
	if (src->front == NULL || src->front->type != VALUE_MAP)
		return;
	if (p->front == NULL || p->front->type != VALUE_MAP) {
		value_free(p->front);
		p->front = xcalloc(1, sizeof *p->front);
		p->front->type = VALUE_MAP;
	}
	for (size_t i = 0; i < src->front->n; i++) {
		const char *k = src->front->keys[i]->str;
		if (!S_is_known(S_not_inherited, k) && value_get(p->front, k) == NULL)
			value_map_add(p->front, value_clone(src->front->keys[i]), value_clone(src->front->items[i]));
	}
}

/* A page without a date (its own or inherited) is dated by its first
 * commit, and without lastmod by its last. */
static void S_git_dates(const struct site *s, struct page *p)
{
	if (p->history && !p->has_date) {
		text_date_from_epoch(p->history->revs[p->history->nrevs - 1]->time, s->tz_minutes, &p->date);
		p->has_date = 1;
	}
	if (p->history && !p->has_lastmod) {
		text_date_from_epoch(p->history->revs[0]->time, s->tz_minutes, &p->lastmod);
		p->has_lastmod = 1;
	}
}

/* Every page of another language inherits from its default-language
 * translation; then pages dated in the future are left out (a date may
 * have come from the default language); then the others get their dates
 * from git where they have none. */
static void S_inherit_and_filter(struct site *s, struct vec *lang_pages, const struct site_options *opt)
{
	size_t def = 0;
	while (def < s->nlangs && strcmp(s->langs[def]->code, s->default_language) != 0)
		def++;
	struct map sources = MAP_INIT;
	for (size_t i = 0; def < s->nlangs && i < lang_pages[def].n; i++) {
		struct page *p = lang_pages[def].items[i];
		char *key = S_translation_key(p);
		if (key && map_get(&sources, key) == NULL)
			map_put(&sources, key, p);
		free(key);
	}
	for (size_t li = 0; li < s->nlangs; li++) {
		for (size_t i = 0; li != def && i < lang_pages[li].n; i++) {
			struct page *p = lang_pages[li].items[i];
			char *key = S_translation_key(p);
			struct page *src = key ? map_get(&sources, key) : NULL;
			if (src)
				S_inherit(p, src);
			free(key);
		}
	}
	/* only now, when no page inherits any more */
	for (size_t li = 0; li < s->nlangs; li++) {
		struct vec *v = &lang_pages[li];
		size_t kept = 0;
		for (size_t i = 0; i < v->n; i++) {
			struct page *p = v->items[i];
			if (p->has_date && p->date.epoch > (long long)opt->now && !opt->future) {
				free(p->content);
				free(p->body);
				value_free(p->front);
				continue;
			}
			S_git_dates(s, p);
			v->items[kept++] = p;
		}
		v->n = kept;
	}
	map_free(&sources);
}

/* Links pages that are translations of each other. */
static void S_link_translations(struct site *s, struct vec *all, struct diag *d)
{
	struct map groups = MAP_INIT;
	struct vec keys = {0};
	for (size_t i = 0; i < all->n; i++) {
		struct page *p = all->items[i];
		char *key = S_translation_key(p);
		if (key == NULL)
			continue;
		struct vec *g = map_get(&groups, key);
		if (g == NULL) {
			g = xcalloc(1, sizeof *g);
			map_put(&groups, key, g);
			S_vec_push(&keys, g);
		}
		for (size_t j = 0; j < g->n; j++) {
			struct page *q = g->items[j];
			if (q->lang == p->lang && p->translation_key) {
				const struct value *k = value_key(p->front, "translation_key");
				diag_error(d, p->file, k ? k->line : 0, k ? k->col : 0,
					   "translation_key '%s' is also used by %s, in the same language", p->translation_key,
					   q->file);
				goto next;
			}
		}
		S_vec_push(g, p);
next:
		free(key);
	}
	for (size_t k = 0; k < keys.n; k++) {
		struct vec *g = keys.items[k];
		for (size_t i = 0; i < g->n; i++) {
			struct page *p = g->items[i];
			p->translations = arena_alloc(&s->arena, g->n * sizeof *p->translations);
			/* in the order of the languages in site.yaml */
			for (size_t li = 0; li < s->nlangs; li++)
				for (size_t j = 0; j < g->n; j++) {
					struct page *q = g->items[j];
					if (q != p && q->lang == s->langs[li])
						p->translations[p->ntranslations++] = q;
				}
		}
		free(g->items);
		free(g);
	}
	free(keys.items);
	map_free(&groups);
}

/* The written section of translation t's language that t is in, or NULL. */
static const struct section *S_written_section(const struct page *t)
{
	for (size_t i = 0; i < t->lang->nsections; i++) {
		const struct section *sec = t->lang->sections[i];
		if (strcmp(sec->name, t->section) == 0)
			return sec->page && sec->page->file && sec->page->title ? sec : NULL;
	}
	return NULL;
}

/* A section with no _index.md whose pages translate pages of a section
 * that has one (content/en/festivals/ beside content/vi/le-hoi/_index.md)
 * takes that section's title rather than its folder name, with a
 * warning: its list page and menus read "Lễ hội", not "festivals". */
static void S_borrow_section_titles(struct site *s, struct diag *d)
{
	for (size_t li = 0; li < s->nlangs; li++) {
		struct lang *l = s->langs[li];
		int changed = 0;
		for (size_t k = 0; k < l->nsections; k++) {
			struct section *sec = l->sections[k];
			const struct section *from = NULL;
			const struct page *p = NULL;
			for (size_t i = 0; i < sec->npages && from == NULL && sec->page->file == NULL; i++)
				for (size_t j = 0; j < sec->pages[i]->ntranslations && from == NULL; j++)
					if ((from = S_written_section(sec->pages[i]->translations[j])) != NULL)
						p = sec->pages[i];
			if (from == NULL)
				continue;
			const struct value *key = value_key(p->front, "translation_key");
			diag_warning(
			    d, p->file, key ? key->line : 1, key ? key->col : 1,
			    "the section content/%s/%s/ has no _index.md: its list page takes the title '%s' of %s, "
			    "the section of this page's translation; add content/%s/%s/_index.md with the title in "
			    "this language",
			    l->code, sec->name, from->page->title, from->page->file, l->code, sec->name);
			sec->page->title = from->page->title;
			sec->page->title_key = S_key(s, sec->page->title, l->code, &sec->page->title_key_len);
			changed = 1;
		}
		if (changed && l->nsections > 1)
			qsort(l->sections, l->nsections, sizeof *l->sections, S_cmp_sections);
	}
}

struct site *site_load(struct source *src, const struct site_options *opt, struct diag *d)
{
	struct site *s = xcalloc(1, sizeof *s);
	s->d = d;
	/* 0. Tree entries that no file can have: the commit is refused. */
	for (size_t i = 0; i < source_nbad(src); i++)
		source_fault_report(d, source_describe(src), source_bad(src, i));
	if (S_load_config(s, src, d) < 0 && s->nlangs == 0) {
		site_free(s);
		return NULL;
	}

	struct vec *lang_pages = xcalloc(s->nlangs, sizeof *lang_pages);
	struct vec files = {0}, dests = {0};
	struct map unknown_langs = MAP_INIT;

	/* 1. Content files. */
	for (size_t i = 0; i < source_count(src); i++) {
		const struct source_file *f = source_get(src, i);
		if (strncmp(f->path, "content/", 8) != 0)
			continue;
		const char *lp = f->path + 8;
		const char *slash = strchr(lp, '/');
		if (slash == NULL) {
			diag_warning(d, f->path, 0, 0, "content files belong in a language folder (content/%s/…): skipped",
				     s->default_language);
			continue;
		}
		struct lang *l = S_find_lang(s, lp, (size_t)(slash - lp));
		if (l == NULL) {
			char *code = xstrndup(lp, (size_t)(slash - lp));
			if (map_get(&unknown_langs, code) == NULL) {
				map_put(&unknown_langs, code, s);
				S_unknown_lang(s, f->path, code, d);
			}
			free(code);
			continue;
		}
		size_t li = 0;
		while (s->langs[li] != l)
			li++;
		const char *rest = slash + 1;
		if (f->kind == SOURCE_LINK) {
			diag_warning(d, f->path, 0, 0, "symbolic links are not followed: skipped");
			continue;
		}
		if (f->kind == SOURCE_SUBMODULE) {
			diag_warning(d, f->path, 0, 0, "a git submodule's files are not in this repository: skipped");
			continue;
		}
		size_t plen = strlen(rest);
		if (plen > 3 && strcmp(rest + plen - 3, ".md") == 0) {
			struct page *p = S_load_page(s, src, f, l, rest, opt, d);
			if (p)
				S_vec_push(&lang_pages[li], p);
		} else {
			S_vec_push(&files, (void *)f);
			S_vec_push(&dests, (void *)rest);
		}
	}
	map_free(&unknown_langs);

	S_inherit_and_filter(s, lang_pages, opt);

	/* 2. Per language: home, sections, unique URLs, tags. */
	struct vec all = {0};
	struct map urls = MAP_INIT;
	for (size_t li = 0; li < s->nlangs; li++) {
		struct lang *l = s->langs[li];
		struct vec secs = {0}, regular = {0}, terms = {0};
		struct map term_map = MAP_INIT;
		struct map spellings = MAP_INIT; /* tags as written -> "" once checked */
		for (size_t i = 0; i < lang_pages[li].n; i++) {
			struct page *p = lang_pages[li].items[i];
			struct page *other = map_get(&urls, p->url);
			if (other) {
				S_duplicate_url(p, other, d);
				free(p->content);
				free(p->body);
				value_free(p->front);
				continue;
			}
			map_put(&urls, p->url, p);
			if (p->kind == PAGE_HOME) {
				l->home = p;
			} else if (p->kind == PAGE_SECTION) {
				struct section *sec = S_section(s, l, &secs, p->section);
				sec->page = p;
				p->sec = sec;
			} else {
				S_vec_push(&regular, p);
			}
		}
		if (l->home == NULL) {
			l->home = S_new_page(s, PAGE_HOME, l);
			l->home->url = arena_printf(&s->arena, "%s%s/", s->base_path, l->code);
			l->home->rel = "";
			l->home->content = xstrdup("");
			l->home->summary = "";
		}
		if (l->home->title == NULL)
			l->home->title = l->title;
		for (size_t i = 0; i < regular.n; i++) {
			struct page *p = regular.items[i];
			p->title_key = S_key(s, p->title, l->code, &p->title_key_len);
		}
		S_vec_sort(&regular, S_cmp_pages);
		struct vec *sec_pages = NULL;
		for (size_t i = 0; i < regular.n; i++) {
			struct page *p = regular.items[i];
			if (p->section[0])
				S_section(s, l, &secs, p->section);
		}
		sec_pages = xcalloc(secs.n ? secs.n : 1, sizeof *sec_pages);
		for (size_t i = 0; i < regular.n; i++) {
			struct page *p = regular.items[i];
			if (p->section[0])
				for (size_t k = 0; k < secs.n; k++)
					if (strcmp(((struct section *)secs.items[k])->name, p->section) == 0)
						S_vec_push(&sec_pages[k], p);
			for (size_t t = 0; t < p->ntags; t++)
				S_add_tag(s, &term_map, &terms, &spellings, p, t, d);
		}
		for (size_t k = 0; k < secs.n; k++) {
			struct section *sec = secs.items[k];
			sec->pages = (struct page **)S_vec_finish(&s->arena, &sec_pages[k], &sec->npages);
			if (sec->page == NULL) {
				struct page *p = S_new_page(s, PAGE_SECTION, l);
				p->section = sec->name;
				p->rel = sec->name;
				p->title = sec->name;
				p->url = arena_printf(&s->arena, "%s%s/%s/", s->base_path, l->code, sec->name);
				p->content = xstrdup("");
				p->summary = "";
				p->sec = sec;
				sec->page = p;
				if (map_get(&urls, p->url) == NULL)
					map_put(&urls, p->url, p);
			}
			if (sec->page->title == NULL)
				sec->page->title = sec->name;
			sec->page->title_key = S_key(s, sec->page->title, l->code, &sec->page->title_key_len);
		}
		free(sec_pages);
		S_vec_sort(&secs, S_cmp_sections);
		S_vec_sort(&terms, S_cmp_terms);
		l->sections = (struct section **)S_vec_finish(&s->arena, &secs, &l->nsections);
		l->pages = (struct page **)S_vec_finish(&s->arena, &regular, &l->npages);

		l->tags_page = S_new_page(s, PAGE_TAGS, l);
		l->tags_page->url = arena_printf(&s->arena, "%s%s/tags/", s->base_path, l->code);
		l->tags_page->rel = "tags";
		for (size_t k = 0; k < terms.n; k++) {
			struct term *term = terms.items[k];
			struct vec *tv = (struct vec *)term->pages;
			struct vec copy = *tv;
			free(tv);
			term->pages = (struct page **)S_vec_finish(&s->arena, &copy, &term->npages);
			struct page *p = S_new_page(s, PAGE_TAG, l);
			p->title = term->name;
			p->url = arena_printf(&s->arena, "%s%s/tags/%s/", s->base_path, l->code, term->slug);
			p->rel = p->url;
			p->term = term;
			term->page = p;
		}
		l->terms = (struct term **)S_vec_finish(&s->arena, &terms, &l->nterms);
		map_free(&term_map);
		map_free(&spellings);
		l->not_found = S_new_page(s, PAGE_404, l);
		l->not_found->url = arena_printf(&s->arena, "%s%s/404.html", s->base_path, l->code);
		l->not_found->rel = "404";
		l->search = S_new_page(s, PAGE_SEARCH, l);
		l->search->rel = "search";

		/* output order */
		S_vec_push(&all, l->home);
		for (size_t k = 0; k < l->nsections; k++)
			S_vec_push(&all, l->sections[k]->page);
		for (size_t k = 0; k < l->npages; k++)
			S_vec_push(&all, l->pages[k]);
		S_vec_push(&all, l->tags_page);
		for (size_t k = 0; k < l->nterms; k++)
			S_vec_push(&all, l->terms[k]->page);
		S_vec_push(&all, l->not_found);
		S_vec_push(&all, l->search);
		free(lang_pages[li].items);
	}
	free(lang_pages);
	S_check_aliases(s, &all, &urls, d);
	map_free(&urls);
	S_link_translations(s, &all, d);
	S_borrow_section_titles(s, d);

	/* 3. Files beside the pages: a bundle's go beside its page. */
	struct map bundles = MAP_INIT;
	for (size_t i = 0; i < all.n; i++) {
		struct page *p = all.items[i];
		if (p->bundle)
			map_put(&bundles, p->bundle, p);
	}
	size_t base_len = strlen(s->base_path);
	for (size_t i = 0; i < files.n; i++) {
		const struct source_file *f = files.items[i];
		const char *dest = NULL;
		char *dir = xstrdup(f->path);
		char *cut;
		while (dest == NULL && (cut = strrchr(dir, '/')) != NULL) {
			*cut = '\0';
			struct page *p = map_get(&bundles, dir);
			if (p)
				dest = arena_printf(&s->arena, "%s%s", p->url + base_len, f->path + strlen(dir) + 1);
		}
		free(dir);
		dests.items[i] = (void *)(dest ? dest : f->path + strlen("content/"));
	}
	map_free(&bundles);
	s->pages = (struct page **)S_vec_finish(&s->arena, &all, &s->npages);
	s->files = (const struct source_file **)S_vec_finish(&s->arena, &files, &s->nfiles);
	size_t nd;
	s->file_dest = (const char **)S_vec_finish(&s->arena, &dests, &nd);
	return s;
}

int site_render_content(struct site *s, struct page *p, const struct markdown_hooks *hooks)
{
	if (p->body == NULL)
		return 0; /* generated, or rendered already */
	struct markdown_result md;
	struct markdown_hooks h;
	if (hooks) {
		h = *hooks;
		h.line_offset = p->body_line - 1;
	}
	int rc = markdown_render_hooked(p->body, p->body_len, s->unsafe_html,
					strcmp(p->lang->code, "vi") == 0 ? "Bảng" : "Table", hooks ? &h : NULL, &md);
	if (md.deep_line > 0)
		diag_error(s->d, p->file, md.deep_line + p->body_line - 1, md.deep_col,
			   "lists, quotes, emphasis or links nested more than %d deep: this text cannot be shown",
			   MARKDOWN_MAX_DEPTH);
	for (size_t i = 0; i < md.nnot_tables; i++) {
		const struct markdown_not_table *nt = &md.not_tables[i];
		int line = nt->line + p->body_line - 1;
		if (nt->separator_columns == 0)
			diag_warning(
			    s->d, p->file, line, nt->col,
			    "this line looks like a table row, but no table was made: put a separator row such as "
			    "|---|---| under the header row (one --- for each of its %d columns)",
			    nt->columns);
		else if (nt->separator_columns != nt->columns)
			diag_warning(
			    s->d, p->file, line, nt->col,
			    "no table was made: the header row has %d columns but the separator row under it has "
			    "%d; give both the same number of columns",
			    nt->columns, nt->separator_columns);
	}
	free(p->content);
	p->content = md.html;
	if (p->summary == NULL)
		p->summary = arena_strdup(&s->arena, md.summary);
	p->links = arena_alloc(&s->arena, (md.nlinks ? md.nlinks : 1) * sizeof *p->links);
	p->nlinks = 0;
	for (size_t i = 0; i < md.nlinks; i++)
		p->links[p->nlinks++] = (struct page_link){arena_strdup(&s->arena, md.links[i].url),
							   md.links[i].line + p->body_line - 1, md.links[i].col,
							   md.links[i].image};
	md.html = NULL; /* the page keeps it */
	markdown_result_free(&md);
	free(p->body);
	p->body = NULL;
	return rc;
}

void site_free(struct site *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->npages; i++) {
		free(s->pages[i]->body);
		free(s->pages[i]->content);
		value_free(s->pages[i]->front);
	}
	value_free(s->config);
	arena_free(&s->arena);
	free(s);
}
