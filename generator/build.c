#define _POSIX_C_SOURCE 200809L
#include "build.h"

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "events.h"
#include "document.h"
#include "feeds.h"
#include "glossary.h"
#include "hash.h"
#include "history.h"
#include "image.h"
#include "json.h"
#include "links.h"
#include "lua_host.h"
#include "map.h"
#include "media.h"
#include "msg.h"
#include "nav.h"
#include "output.h"
#include "plugin.h"
#include "podcast.h"
#include "root.h"
#include "schema.h"
#include "screen.h"
#include "search.h"
#include "selfid.h"
#include "site.h"
#include "source.h"
#include "state.h"
#include "svg.h"
#include "template.h"
#include "text.h"
#include "xalloc.h"

struct build {
	const struct build_options *opt;
	struct diag *d;
	struct source *src;
	struct history *history;
	struct site *site;
	struct lua_host *lua;
	struct plugins *plugins;
	struct images *images;
	struct media_set *media;   /* audio and video files (media.h) */
	struct output *out;
	struct nav *nav;
	struct links *links;       /* element ids of the pages written, for the link check */
	struct events *events;     /* place and event of every page, upcoming lists, calendar files */
	struct documents *docs;    /* the document library (document.h) */
	const char *theme_layouts; /* "themes/NAME/layouts/" */
	int *site_refs;            /* per language: the site table */
	char *not_found_html;      /* the default language's 404 page */
	size_t not_found_len;
	size_t pages_written;
	double started;
	int progress;              /* a progress line is on the terminal */
	int has_search;            /* the theme has search.html: search pages and indexes */
	/* incremental builds (state.h) */
	const char *out_dir;
	char *out_abs;             /* out_dir as an absolute path */
	char *state_path;
	struct state *old;         /* the last build's state, when it describes out_dir */
	struct state *next;        /* what this build leaves */
	uint64_t global;           /* fingerprint of everything but the pages */
	int *backing_refs;         /* per page: the table behind its read-only proxy */
	uint32_t *deps;            /* pages read by the output being rendered */
	uint32_t ndeps, deps_cap;
	unsigned *mark, gen;
	int tracking;
	size_t kept;               /* outputs kept from the last build */
	/* WARDSITE_TIMINGS=1: where a build's time goes, on stderr */
	int timings;
	double phase_started;
	struct buf phases;
	struct map tag_slugs;      /* tag -> text_slug(tag) (owned) */
	struct page **pending;     /* S_push_page: pages whose prev, next, related are to be set */
	size_t npending, pending_cap;
	int filling;
};

/* Reads a file of the source as text: valid UTF-8, NFC.  NULL on error
 * (recorded). */
static char *S_read_text(struct build *b, const struct source_file *f, size_t *len)
{
	char *data, *err;
	if (source_read(b->src, f, &data, len, &err) < 0) {
		diag_error(b->d, f->path, 0, 0, "%s", err);
		free(err);
		return NULL;
	}
	size_t bad;
	if (!text_utf8_valid(data, *len, &bad)) {
		int line, col;
		text_position(data, bad, &line, &col);
		diag_error(b->d, f->path, line, col, "invalid UTF-8 or a NUL byte");
		free(data);
		return NULL;
	}
	char *nfc = text_nfc(data, *len, len);
	free(data);
	return nfc;
}

static void S_load_template(struct build *b, const struct source_file *f, const char *name)
{
	size_t len;
	char *src = S_read_text(b, f, &len);
	if (src == NULL)
		return;
	struct buf code = BUF_INIT;
	if (template_compile(src, len, f->path, &code, b->d) == 0)
		lua_host_add_template(b->lua, name, f->path, code.data, code.len);
	buf_free(&code);
	free(src);
}

/* Theme templates, then the site's own layouts/ over them. */
static int S_load_templates(struct build *b)
{
	size_t tl = strlen(b->theme_layouts), n = 0;
	for (size_t i = 0; i < source_count(b->src); i++) {
		const struct source_file *f = source_get(b->src, i);
		if (strncmp(f->path, b->theme_layouts, tl) != 0)
			continue;
		if (f->kind != SOURCE_FILE) {
			diag_warning(b->d, f->path, 0, 0, "a template must be a regular file, not a %s: skipped",
				     f->kind == SOURCE_LINK ? "symbolic link" : "submodule");
			continue;
		}
		n++;
		char *site_path = xasprintf("layouts/%s", f->path + tl);
		const struct source_file *own = source_find(b->src, site_path);
		if (own == NULL || own->kind != SOURCE_FILE) /* a skipped link does not hide the theme's */
			S_load_template(b, f, f->path + tl);
		free(site_path);
	}
	for (size_t i = 0; i < source_count(b->src); i++) {
		const struct source_file *f = source_get(b->src, i);
		if (strncmp(f->path, "layouts/", 8) == 0 && f->kind == SOURCE_FILE)
			S_load_template(b, f, f->path + 8);
		else if (strncmp(f->path, "layouts/", 8) == 0)
			diag_warning(b->d, f->path, 0, 0, "a template must be a regular file, not a %s: skipped",
				     f->kind == SOURCE_LINK ? "symbolic link" : "submodule");
	}
	if (n == 0) {
		const struct value *k = value_get(b->site->config, "theme");
		diag_error(b->d, "site.yaml", k ? k->line : 0, k ? k->col : 0,
			   "theme '%s' has no templates: there is no %s in %s", b->site->theme, b->theme_layouts,
			   msg_tr(source_describe(b->src)));
		return -1;
	}
	return 0;
}

/* Titles of generated pages come from the language's interface strings
 * ("tags", "not_found_title") when it has them. */
static void S_generated_title(struct build *b, struct page *p, const struct value *strings, const char *key,
			      const char *fallback)
{
	const struct value *v = value_get(strings, key);
	if (p->title == NULL)
		p->title = v && v->str ? arena_strdup(&b->site->arena, v->str) : fallback;
}

/* The search page is at /LANG/SLUG/, SLUG the interface string
 * search_slug ("tim-kiem"), or "search". */
static void S_search_url(struct build *b, struct lang *l, const struct source_file *f, const struct value *strings)
{
	if (l->search->url)
		return;
	const struct value *v = value_get(strings, "search_slug");
	const char *slug = "search";
	char *mine = NULL;
	if (v && v->str) {
		mine = text_slug(v->str);
		if (mine[0] && strcmp(mine, v->str) == 0)
			slug = mine;
		else
			diag_error(b->d, f->path, v->line, v->col,
				   "'search_slug' must be one URL segment of lowercase letters, digits and '-', not '%s'",
				   v->str);
	}
	l->search->url = arena_printf(&b->site->arena, "%s%s/", l->home->url, slug);
	free(mine);
}

static void S_load_strings(struct build *b)
{
	for (size_t i = 0; i < b->site->nlangs; i++) {
		struct lang *l = b->site->langs[i];
		char *site_path = xasprintf("i18n/%s.yaml", l->code);
		char *theme_path = xasprintf("themes/%s/i18n/%s.yaml", b->site->theme, l->code);
		const struct source_file *f = source_find(b->src, site_path);
		if (f == NULL)
			f = source_find(b->src, theme_path);
		if (f) {
			size_t len;
			char *text = S_read_text(b, f, &len);
			struct value *v = text ? value_parse_yaml(text, len, f->path, 0, b->d) : NULL;
			if (v && v->type != VALUE_MAP && v->type != VALUE_NULL)
				diag_error(b->d, f->path, v->line, v->col, "interface strings must be a map of key: text");
			else if (v)
				lua_host_set_strings(b->lua, l->code, f->path, v);
			S_generated_title(b, l->tags_page, v, "tags", "Tags");
			S_generated_title(b, l->not_found, v, "not_found_title", "404");
			S_generated_title(b, l->search, v, "search", "Search");
			S_search_url(b, l, f, v);
			value_free(v);
			free(text);
		}
		S_generated_title(b, l->tags_page, NULL, "tags", "Tags");
		S_generated_title(b, l->not_found, NULL, "not_found_title", "404");
		S_generated_title(b, l->search, NULL, "search", "Search");
		S_search_url(b, l, NULL, NULL);
		free(site_path);
		free(theme_path);
	}
}

static const char *S_lookup(struct build *b, struct buf *name, const char *section, const char *base);

/* The template of p's revision history page ("history.html", or the
 * section's), or NULL when p has none: only articles with git history get
 * one, and only from a theme that has the template. */
static const char *S_history_template(struct build *b, struct page *p, struct buf *name)
{
	if (p->kind != PAGE_REGULAR || p->history == NULL)
		return NULL;
	return S_lookup(b, name, p->section, "history");
}

/* The URL of p's revision history page: "/vi/x/y/" -> "/vi/x/y/history/". */
static const char *S_history_url(struct build *b, struct page *p)
{
	return arena_printf(&b->site->arena, "%shistory/", p->url);
}

/* Sets created, updated, authors and revisions of the table on top of the
 * stack from p's dates and git facts. */
static void S_set_history(struct build *b, struct page *p)
{
	lua_State *L = lua_host_state(b->lua);
	if (p->has_date) {
		lua_host_push_date(L, &p->date);
		lua_setfield(L, -2, "created");
	}
	if (p->has_date || p->has_lastmod) {
		const struct text_date *u = !p->has_lastmod ? &p->date
					   : p->has_date && p->lastmod.epoch < p->date.epoch ? &p->date : &p->lastmod;
		lua_host_push_date(L, u);
		lua_setfield(L, -2, "updated");
	}
	const struct history_file *h = p->history;
	lua_createtable(L, h ? (int)h->nauthors : 0, 0);
	for (size_t i = 0; h && i < h->nauthors; i++) {
		lua_pushstring(L, h->authors[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "authors");
	lua_createtable(L, h ? (int)h->nrevs : 0, 0);
	for (size_t i = 0; h && i < h->nrevs; i++) {
		const struct history_commit *c = h->revs[i];
		struct text_date d;
		lua_createtable(L, 0, 5);
		lua_host_set_str(L, "id", c->id);
		lua_pushlstring(L, c->id, 7);
		lua_setfield(L, -2, "short");
		text_date_from_epoch(c->time, b->site->tz_minutes, &d);
		lua_host_push_date(L, &d);
		lua_setfield(L, -2, "date");
		lua_host_set_str(L, "author", c->author);
		lua_host_set_str(L, "message", c->message);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "revisions");
}

static const char *S_permalink(struct build *b, const char *url, struct buf *tmp)
{
	buf_reset(tmp);
	buf_puts(tmp, b->site->origin);
	buf_puts(tmp, url);
	return buf_cstr(tmp);
}

/* Related pages a page table lists at most. */
#define RELATED_MAX 5

static void S_push_page(struct build *b, struct page *p);

/* prev, next, related, place and event of a regular page (table on top).
 * The pages named are their own (cached) tables, so a related page costs
 * a reference, not a copy; p's table is registered before, so pages that
 * name each other end in a cycle, not in a recursion. */
static void S_push_regular(struct build *b, struct page *p)
{
	lua_State *L = lua_host_state(b->lua);
	struct page *prev, *next, *related[RELATED_MAX];
	nav_neighbours(b->nav, p, &prev, &next);
	if (prev) {
		S_push_page(b, prev);
		lua_setfield(L, -2, "prev");
	}
	if (next) {
		S_push_page(b, next);
		lua_setfield(L, -2, "next");
	}
	size_t n = nav_related(b->nav, p, related, RELATED_MAX);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		S_push_page(b, related[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "related");

	const struct page_schema *sc = events_schema(b->events, p);
	if (sc->has_place) {
		lua_createtable(L, 0, 5);
		lua_host_set_str(L, "type", sc->place.type);
		lua_host_set_str(L, "name", sc->place.name);
		lua_host_set_str(L, "address", sc->place.address);
		if (sc->place.has_geo) {
			lua_pushnumber(L, sc->place.latitude);
			lua_setfield(L, -2, "latitude");
			lua_pushnumber(L, sc->place.longitude);
			lua_setfield(L, -2, "longitude");
		}
		lua_setfield(L, -2, "place");
	}
	events_push_event(b->events, L, p);
}

/* ---- pages as read-only proxies that record who reads them ----
 *
 * Templates see a page through an empty table whose metatable reads the
 * page's real table (the backing) and notes, while an output renders,
 * that the output read that page: the output depends on it.  An
 * incremental build renders an output again only when a page it read
 * changed (see S_keep). */

/* Notes that the output being rendered read page i. */
static void S_dep(struct build *b, uint32_t i)
{
	if (!b->tracking || b->mark[i] == b->gen)
		return;
	b->mark[i] = b->gen;
	if (b->ndeps == b->deps_cap) {
		b->deps_cap = b->deps_cap ? b->deps_cap * 2 : 64;
		b->deps = xrealloc(b->deps, b->deps_cap * sizeof *b->deps);
	}
	b->deps[b->ndeps++] = i;
}

/* A page's HTML is not copied into its table: page.content is made from
 * p->content when read (the HTML of every page twice, in C and in Lua,
 * was a sixth of a large build's memory). */
static int S_is_content(lua_State *L, int idx)
{
	size_t n;
	const char *k = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &n) : NULL;
	return k && n == 7 && memcmp(k, "content", 7) == 0;
}

/* __index(proxy, key); upvalues: the build, the backing, the page index. */
static int S_proxy_get(lua_State *L)
{
	struct build *b = lua_touserdata(L, lua_upvalueindex(1));
	lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));
	S_dep(b, (uint32_t)i);
	lua_settop(L, 2);
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(2)) == LUA_TNIL && S_is_content(L, 2) && b->site->pages[i]->content) {
		lua_pop(L, 1);
		lua_pushstring(L, b->site->pages[i]->content);
	}
	return 1;
}

/* next(backing, key) for __pairs, with "content" last; upvalues as
 * S_proxy_get's. */
static int S_proxy_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (S_is_content(L, 2)) {
		lua_pushnil(L);
		return 1;
	}
	if (lua_next(L, 1))
		return 2;
	struct build *b = lua_touserdata(L, lua_upvalueindex(1));
	const char *html = b->site->pages[lua_tointeger(L, lua_upvalueindex(3))]->content;
	if (html) {
		lua_pushliteral(L, "content");
		lua_pushstring(L, html);
		return 2;
	}
	lua_pushnil(L);
	return 1;
}

/* __pairs(proxy): the backing's pairs. */
static int S_proxy_pairs(lua_State *L)
{
	S_dep(lua_touserdata(L, lua_upvalueindex(1)), (uint32_t)lua_tointeger(L, lua_upvalueindex(3)));
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_pushvalue(L, lua_upvalueindex(3));
	lua_pushcclosure(L, S_proxy_next, 3);
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_pushnil(L);
	return 3;
}

static int S_proxy_set(lua_State *L)
{
	luaL_where(L, 1);
	lua_pushfstring(L, "page tables are read-only (setting '%s')", luaL_tolstring(L, 2, NULL));
	lua_remove(L, -2);
	lua_concat(L, 2);
	return lua_error(L);
}

/* Replaces p's table (on top of the stack) with its proxy; both are kept
 * in the registry (p->lua_ref: the proxy). */
static void S_make_proxy(struct build *b, struct page *p)
{
	lua_State *L = lua_host_state(b->lua);
	int backing = lua_gettop(L);
	lua_newtable(L);
	lua_createtable(L, 0, 5);
	lua_pushlightuserdata(L, b);
	lua_pushvalue(L, backing);
	lua_pushinteger(L, (lua_Integer)p->index);
	lua_pushcclosure(L, S_proxy_get, 3);
	lua_setfield(L, -2, "__index");
	lua_pushlightuserdata(L, b);
	lua_pushvalue(L, backing);
	lua_pushinteger(L, (lua_Integer)p->index);
	lua_pushcclosure(L, S_proxy_pairs, 3);
	lua_setfield(L, -2, "__pairs");
	lua_pushcfunction(L, S_proxy_set);
	lua_setfield(L, -2, "__newindex");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pushinteger(L, (lua_Integer)p->index);
	lua_setfield(L, -2, "__page");
	lua_setmetatable(L, -2);
	lua_pushvalue(L, -1);
	p->lua_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pushvalue(L, backing);
	b->backing_refs[p->index] = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_remove(L, backing);
}

/* For lua_host_hash: a page's proxy hashes as its URL. */
static uint64_t S_ident(lua_State *L, int idx, void *ud, int *is)
{
	struct build *b = ud;
	uint64_t h = 0;
	if (!lua_getmetatable(L, idx))
		return 0;
	lua_pushliteral(L, "__page");
	if (lua_rawget(L, -2) == LUA_TNUMBER) {
		lua_Integer i = lua_tointeger(L, -1);
		if (i >= 0 && (size_t)i < b->site->npages) {
			*is = 1;
			h = hash_str(b->site->pages[i]->url, 0x70616765);
		}
	}
	lua_pop(L, 2);
	return h;
}

/* Pushes the table behind p's proxy (made when missing), for the build's
 * own changes (a list's pages, a search page's terms). */
static void S_push_backing(struct build *b, struct page *p)
{
	lua_State *L = lua_host_state(b->lua);
	S_push_page(b, p);
	lua_pop(L, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, b->backing_refs[p->index]);
}

static const struct value S_empty_map = {.type = VALUE_MAP};

static void S_push_page(struct build *b, struct page *p)
{
	lua_State *L = lua_host_state(b->lua);
	if (p->lua_ref != LUA_NOREF) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, p->lua_ref);
		return;
	}
	struct buf tmp = BUF_INIT;
	lua_createtable(L, 0, 24);
	lua_host_set_str(L, "kind", site_kind_name(p->kind));
	lua_host_set_str(L, "title", p->title);
	lua_host_set_str(L, "url", p->url);
	lua_host_set_str(L, "permalink", S_permalink(b, p->url, &tmp));
	lua_host_set_str(L, "lang", p->lang->code);
	lua_host_set_str(L, "section", p->section);
	lua_host_set_str(L, "summary", p->summary);
	lua_host_set_str(L, "file", p->file);
	lua_host_set_str(L, "layout", p->layout);
	lua_pushboolean(L, p->draft);
	lua_setfield(L, -2, "draft");
	if (p->has_weight)
		lua_host_set_int(L, "weight", p->weight);
	if (p->has_date) {
		lua_host_push_date(L, &p->date);
		lua_setfield(L, -2, "date");
	}
	if (p->has_lastmod) {
		lua_host_push_date(L, &p->lastmod);
		lua_setfield(L, -2, "lastmod");
	}
	lua_createtable(L, (int)p->ntags, 0);
	for (size_t i = 0; i < p->ntags; i++) {
		lua_createtable(L, 0, 2);
		lua_host_set_str(L, "name", p->tags[i]);
		/* a tag's slug once per build, not once per page that has it */
		char *slug = map_get(&b->tag_slugs, p->tags[i]);
		if (slug == NULL)
			map_put(&b->tag_slugs, p->tags[i], slug = text_tag_slug(p->tags[i], NULL));
		buf_reset(&tmp);
		buf_printf(&tmp, "%s%s/tags/%s/", b->site->base_path, p->lang->code, slug);
		lua_host_set_str(L, "url", buf_cstr(&tmp));
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "tags");
	/* read-only as the page itself: one template's change would be
	 * what later templates and pages see */
	if (p->front && p->front->type == VALUE_MAP)
		lua_host_push_readonly(L, p->front, "page.params");
	else
		lua_host_push_readonly(L, &S_empty_map, "page.params");
	lua_setfield(L, -2, "params");
	lua_createtable(L, (int)p->ntranslations, 0);
	for (size_t i = 0; i < p->ntranslations; i++) {
		struct page *t = p->translations[i];
		lua_createtable(L, 0, 4);
		lua_host_set_str(L, "lang", t->lang->code);
		lua_host_set_str(L, "language_name", t->lang->name);
		lua_host_set_str(L, "title", t->title);
		lua_host_set_str(L, "url", t->url);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "translations");
	if (p->share_image) { /* og:image: the share picture of the first photo (plugin.c) */
		lua_createtable(L, 0, 6);
		lua_host_set_str(L, "url", p->share_image);
		lua_host_set_str(L, "permalink", S_permalink(b, p->share_image, &tmp));
		lua_host_set_int(L, "width", p->share_width);
		lua_host_set_int(L, "height", p->share_height);
		lua_host_set_str(L, "type", "image/jpeg");
		lua_host_set_str(L, "alt", p->share_alt);
		lua_setfield(L, -2, "share_image");
	}
	S_set_history(b, p);
	if (S_history_template(b, p, &tmp))
		lua_host_set_str(L, "history_url", S_history_url(b, p));
	events_push_upcoming(b->events, L, p);
	buf_free(&tmp);
	documents_push(b->docs, L, p);
	S_make_proxy(b, p);
	if (p->kind != PAGE_REGULAR)
		return;
	/* prev, next and related name other pages, which name others in
	 * turn: a chain as long as a section.  They are filled from a work
	 * list by the outermost call, not by recursion (a section of 10,000
	 * pages overflowed the C stack). */
	if (b->npending == b->pending_cap) {
		b->pending_cap = b->pending_cap ? b->pending_cap * 2 : 64;
		b->pending = xrealloc(b->pending, b->pending_cap * sizeof *b->pending);
	}
	b->pending[b->npending++] = p;
	if (b->filling)
		return;
	b->filling = 1;
	while (b->npending > 0) {
		struct page *q = b->pending[--b->npending];
		lua_rawgeti(L, LUA_REGISTRYINDEX, b->backing_refs[q->index]);
		S_push_regular(b, q);
		lua_pop(L, 1);
	}
	b->filling = 0;
}

/* "/x/" from site.yaml is below the base path; other URLs as written. */
static void S_push_href(struct build *b, const char *url)
{
	lua_State *L = lua_host_state(b->lua);
	if (url[0] == '/' && url[1] != '/')
		lua_pushfstring(L, "%s%s", b->site->base_path, url + 1);
	else
		lua_pushstring(L, url);
}

/* t.feeds = {rss = URL, atom = URL, json = URL} for the feeds in dir. */
static void S_set_feeds(lua_State *L, const char *dir)
{
	lua_createtable(L, 0, 3);
	lua_pushfstring(L, "%s%s", dir, FEEDS_RSS);
	lua_setfield(L, -2, "rss");
	lua_pushfstring(L, "%s%s", dir, FEEDS_ATOM);
	lua_setfield(L, -2, "atom");
	lua_pushfstring(L, "%s%s", dir, FEEDS_JSON);
	lua_setfield(L, -2, "json");
	lua_setfield(L, -2, "feeds");
}

/* The YAML files below data/ as one table: data/ward.yaml is site.data.ward,
 * data/a/b.yaml site.data.a.b.  Leaves the table on the stack. */
static void S_push_data(struct build *b)
{
	lua_State *L = lua_host_state(b->lua);
	lua_newtable(L);
	for (size_t i = 0; i < source_count(b->src); i++) {
		const struct source_file *f = source_get(b->src, i);
		size_t n = strlen(f->path);
		size_t ext = n > 5 && strcmp(f->path + n - 5, ".yaml") == 0 ? 5 : n > 4 && strcmp(f->path + n - 4, ".yml") == 0 ? 4 : 0;
		if (strncmp(f->path, "data/", 5) == 0 && f->kind == SOURCE_LINK) {
			diag_warning(b->d, f->path, 0, 0, "symbolic links are not followed: skipped");
			continue;
		}
		if (strncmp(f->path, "data/", 5) != 0 || ext == 0 || f->kind != SOURCE_FILE)
			continue;
		size_t len;
		char *text = S_read_text(b, f, &len);
		struct value *v = text ? value_parse_yaml(text, len, f->path, 0, b->d) : NULL;
		free(text);
		if (v == NULL)
			continue;
		/* walk to the folder's table, making it on the way */
		lua_pushvalue(L, -1);
		const char *p = f->path + 5;
		const char *slash;
		while ((slash = strchr(p, '/')) != NULL) {
			lua_pushlstring(L, p, (size_t)(slash - p));
			if (lua_rawget(L, -2) != LUA_TTABLE) {
				lua_pop(L, 1);
				lua_newtable(L);
				lua_pushlstring(L, p, (size_t)(slash - p));
				lua_pushvalue(L, -2);
				lua_rawset(L, -4);
			}
			lua_remove(L, -2);
			p = slash + 1;
		}
		lua_pushlstring(L, p, strlen(p) - ext);
		lua_host_push_value(L, v);
		lua_rawset(L, -3);
		lua_pop(L, 1);
		value_free(v);
	}
}

static void S_make_site_tables(struct build *b)
{
	struct site *s = b->site;
	lua_State *L = lua_host_state(b->lua);
	b->site_refs = xcalloc(s->nlangs, sizeof *b->site_refs);
	S_push_data(b);
	for (size_t i = 0; i < s->nlangs; i++) {
		struct lang *l = s->langs[i];
		lua_createtable(L, 0, 16);
		lua_host_set_str(L, "title", l->title);
		lua_host_set_str(L, "description", l->description);
		lua_host_set_str(L, "base_url", s->base_url);
		lua_host_set_str(L, "base_path", s->base_path);
		lua_host_set_str(L, "origin", s->origin);
		lua_host_set_str(L, "lang", l->code);
		lua_host_set_str(L, "language_name", l->name);
		lua_host_set_str(L, "default_language", s->default_language);
		S_set_feeds(L, l->home->url);
		if (b->has_search)
			lua_host_set_str(L, "search_url", l->search->url);
		lua_createtable(L, (int)s->nlangs, 0);
		for (size_t k = 0; k < s->nlangs; k++) {
			lua_createtable(L, 0, 4);
			lua_host_set_str(L, "lang", s->langs[k]->code);
			lua_host_set_str(L, "name", s->langs[k]->name);
			lua_host_set_str(L, "title", s->langs[k]->title);
			lua_host_set_str(L, "url", s->langs[k]->home->url);
			lua_rawseti(L, -2, (lua_Integer)k + 1);
		}
		lua_setfield(L, -2, "languages");
		const struct value *menu = l->menu;
		lua_createtable(L, menu ? (int)menu->n : 0, 0);
		for (size_t k = 0; menu && k < menu->n; k++) {
			lua_createtable(L, 0, 2);
			lua_host_set_str(L, "name", value_get(menu->items[k], "name")->str);
			S_push_href(b, value_get(menu->items[k], "url")->str);
			lua_setfield(L, -2, "url");
			lua_rawseti(L, -2, (lua_Integer)k + 1);
		}
		lua_setfield(L, -2, "menu");
		lua_createtable(L, (int)l->nsections, 0);
		for (size_t k = 0; k < l->nsections; k++) {
			lua_createtable(L, 0, 3);
			lua_host_set_str(L, "name", l->sections[k]->name);
			lua_host_set_str(L, "title", l->sections[k]->page->title);
			lua_host_set_str(L, "url", l->sections[k]->page->url);
			S_set_feeds(L, l->sections[k]->page->url);
			if (podcast_enabled(l->sections[k]->page, b->d)) {
				lua_pushfstring(L, "%s%s", l->sections[k]->page->url, PODCAST_FILE);
				lua_setfield(L, -2, "podcast");
			}
			lua_rawseti(L, -2, (lua_Integer)k + 1);
		}
		lua_setfield(L, -2, "sections");
		const struct value *params = value_get(s->config, "params");
		if (params && params->type == VALUE_MAP)
			lua_host_push_value(L, params);
		else
			lua_newtable(L);
		lua_setfield(L, -2, "params");
		lua_pushvalue(L, -2);
		lua_setfield(L, -2, "data");
		b->site_refs[i] = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	lua_pop(L, 1); /* the data table */
}

static size_t S_lang_index(struct build *b, const struct lang *l)
{
	size_t i = 0;
	while (b->site->langs[i] != l)
		i++;
	return i;
}

/* The output file of a URL: "/vi/x/" -> "vi/x/index.html". */
static char *S_out_path(struct build *b, const char *url)
{
	const char *rel = url + strlen(b->site->base_path);
	size_t n = strlen(rel);
	if (n == 0)
		return xstrdup("index.html");
	if (rel[n - 1] == '/')
		return xasprintf("%sindex.html", rel);
	return xstrdup(rel);
}

static const char *S_lookup(struct build *b, struct buf *name, const char *section, const char *base)
{
	if (section && section[0]) {
		buf_reset(name);
		buf_printf(name, "%s/%s.html", section, base);
		if (lua_host_has_template(b->lua, buf_cstr(name)))
			return buf_cstr(name);
	}
	buf_reset(name);
	buf_printf(name, "%s.html", base);
	if (lua_host_has_template(b->lua, buf_cstr(name)))
		return buf_cstr(name);
	return NULL;
}

/* The template for p, in name; NULL with a diagnostic when there is none. */
static const char *S_template_for(struct build *b, struct page *p, struct buf *name)
{
	static const char *const base[] = {"home", "list", "single", "tags", "tag", "404", "search"};
	const char *base_name = p->layout ? p->layout : base[p->kind];
	const char *section = p->kind == PAGE_SECTION || p->kind == PAGE_REGULAR ? p->section : NULL;
	const char *t = S_lookup(b, name, section, base_name);
	if (t)
		return t;
	const char *tl = b->theme_layouts;
	if (p->layout)
		diag_error(b->d, p->file, p->layout_line, p->layout_col,
			   "layout '%s' not found (looked for %s%s%s%s.html and %s%s.html)", p->layout, tl,
			   section && section[0] ? section : "", section && section[0] ? "/" : "", p->layout, tl, p->layout);
	else {
		const struct value *k = value_get(b->site->config, "theme");
		diag_once(b->d, DIAG_ERROR, "site.yaml", k ? k->line : 0, k ? k->col : 0,
			  "theme '%s' has no template for pages of kind '%s': %s%s.html is missing", b->site->theme,
			  site_kind_name(p->kind), tl, base_name);
	}
	return NULL;
}

/* 1 when the last build's output rel is still right: it had the same sig
 * and every page it read is unchanged.  The file is then kept as it is. */
static int S_keep(struct build *b, struct page *p, const char *rel, uint64_t sig, const char *owner)
{
	const struct state_output *o = b->old ? state_output(b->old, rel) : NULL;
	if (o == NULL || o->sig != sig || p->kind == PAGE_404)
		return 0;
	for (uint32_t k = 0; k < o->ndeps; k++) {
		uint32_t n = state_page(b->next, b->old->urls[o->deps[k]]);
		if (n == 0 || b->next->fps[n - 1] != b->old->fps[o->deps[k]])
			return 0;
	}
	if (output_keep(b->out, rel, owner, o->size, o->mtime_s, o->mtime_ns) < 0)
		return 0;
	links_set_ids(b->links, rel, o->ids);
	struct state_output *n = state_add_output(b->next, arena_strdup(&b->next->arena, rel));
	n->sig = sig;
	n->ndeps = o->ndeps;
	n->deps = arena_alloc(&b->next->arena, (o->ndeps ? o->ndeps : 1) * sizeof *n->deps);
	for (uint32_t k = 0; k < o->ndeps; k++)
		n->deps[k] = state_page(b->next, b->old->urls[o->deps[k]]) - 1;
	n->ids = links_ids(b->links, rel);
	n->size = o->size;
	n->mtime_s = o->mtime_s;
	n->mtime_ns = o->mtime_ns;
	b->kept++;
	return 1;
}

/* Records in the next state that rel (size bytes) was rendered reading
 * b->deps.  Its mtime is known once it is written: S_state_save. */
static void S_record(struct build *b, const char *rel, uint64_t sig, size_t size)
{
	if (b->next == NULL)
		return;
	struct state_output *n = state_add_output(b->next, arena_strdup(&b->next->arena, rel));
	n->sig = sig;
	n->ndeps = b->ndeps;
	n->deps = arena_alloc(&b->next->arena, (b->ndeps ? b->ndeps : 1) * sizeof *n->deps);
	memcpy(n->deps, b->deps, b->ndeps * sizeof *n->deps);
	n->ids = links_ids(b->links, rel);
	n->size = size;
	n->mtime_s = n->mtime_ns = -1;
}

/* Renders p with template t as url and writes it, unless the last
 * build's file is still right.  sig covers what the output shows besides
 * pages (a list's members, the terms), which pages do not record. */
static void S_render(struct build *b, struct page *p, const char *t, const char *url, uint64_t sig)
{
	lua_State *L = lua_host_state(b->lua);
	const char *what = p->file ? p->file : url;
	char *rel = S_out_path(b, url);
	if (S_keep(b, p, rel, sig, what)) {
		lua_pop(L, 1);
		b->pages_written++;
		free(rel);
		return;
	}
	/* page table is on top of the stack */
	lua_createtable(L, 0, 3);
	lua_insert(L, -2);
	lua_setfield(L, -2, "page");
	lua_rawgeti(L, LUA_REGISTRYINDEX, b->site_refs[S_lang_index(b, p->lang)]);
	lua_setfield(L, -2, "site");
	lua_pushstring(L, p->lang->code);
	lua_setfield(L, -2, "lang");
	struct buf html = BUF_INIT;
	b->gen++;
	b->ndeps = 0;
	b->tracking = 1;
	S_dep(b, (uint32_t)p->index);
	int rc = lua_host_render(b->lua, t, what, &html);
	b->tracking = 0;
	if (rc == 0) {
		if (output_write(b->out, rel, html.data ? html.data : "", html.len, what) == 0) {
			links_add_page(b->links, rel, html.data ? html.data : "", html.len);
			S_record(b, rel, sig, html.len);
		}
		b->pages_written++;
		if (p->kind == PAGE_404 && strcmp(p->lang->code, b->site->default_language) == 0) {
			free(b->not_found_html);
			b->not_found_len = html.len;
			b->not_found_html = buf_detach(&html);
		}
	}
	free(rel);
	buf_free(&html);
}

static void S_render_list(struct build *b, struct page *p, const char *t, struct page **items, size_t n)
{
	lua_State *L = lua_host_state(b->lua);
	size_t per = (size_t)b->site->paginate;
	int total = n ? (int)((n + per - 1) / per) : 1;
	struct buf tmp = BUF_INIT;
	for (int k = 1; k <= total; k++) {
		const char *url = site_page_url(b->site, p->url, k);
		uint64_t sig = hash_u64((uint64_t)k, hash_u64((uint64_t)total, hash_u64(per, 0x6c697374)));
		S_push_backing(b, p);
		lua_createtable(L, (int)per, 0);
		for (size_t i = (size_t)(k - 1) * per, j = 1; i < n && j <= per; i++, j++) {
			S_push_page(b, items[i]);
			lua_rawseti(L, -2, (lua_Integer)j);
			sig = hash_str(items[i]->url, sig);
		}
		lua_setfield(L, -2, "pages");
		lua_createtable(L, 0, 6);
		lua_host_set_int(L, "page", k);
		lua_host_set_int(L, "total", total);
		lua_host_set_str(L, "first", p->url);
		lua_host_set_str(L, "last", site_page_url(b->site, p->url, total));
		if (k > 1)
			lua_host_set_str(L, "prev", site_page_url(b->site, p->url, k - 1));
		if (k < total)
			lua_host_set_str(L, "next", site_page_url(b->site, p->url, k + 1));
		lua_setfield(L, -2, "paginator");
		lua_host_set_str(L, "url", url);
		lua_host_set_str(L, "permalink", S_permalink(b, url, &tmp));
		S_push_page(b, p);
		S_render(b, p, t, url, sig);
		/* the cached table keeps the first page's URL */
		lua_host_set_str(L, "url", p->url);
		lua_host_set_str(L, "permalink", S_permalink(b, p->url, &tmp));
		lua_pushnil(L);
		lua_setfield(L, -2, "pages");
		lua_pushnil(L);
		lua_setfield(L, -2, "paginator");
		lua_pop(L, 1);
	}
	buf_free(&tmp);
}

static int S_cmp_title_keys(const void *pa, const void *pb)
{
	const struct page *a = *(struct page *const *)pa, *b = *(struct page *const *)pb;
	size_t n = a->title_key_len < b->title_key_len ? a->title_key_len : b->title_key_len;
	int c = memcmp(a->title_key, b->title_key, n);
	if (c == 0 && a->title_key_len != b->title_key_len)
		c = a->title_key_len < b->title_key_len ? -1 : 1;
	return c ? c : strcmp(a->url, b->url);
}

/* Pushes the search page's A-Z: {{title, url, pages = {{title, url}, ...}}, ...},
 * one group for each section, then one (title and url nil) for the pages
 * outside sections, the titles in the language's collation.  Returns sig
 * with every title and URL hashed in.  [-0, +1, m] */
static uint64_t S_push_az(struct build *b, const struct lang *l, uint64_t sig)
{
	lua_State *L = lua_host_state(b->lua);
	struct page **v = xmalloc((l->npages ? l->npages : 1) * sizeof *v);
	lua_createtable(L, (int)l->nsections + 1, 0);
	int ngroups = 0;
	for (size_t g = 0; g <= l->nsections; g++) {
		const struct section *sec = g < l->nsections ? l->sections[g] : NULL;
		size_t n = 0;
		for (size_t i = 0; i < l->npages; i++)
			if (sec ? strcmp(l->pages[i]->section, sec->name) == 0 : l->pages[i]->section[0] == '\0')
				v[n++] = l->pages[i];
		if (n == 0)
			continue;
		qsort(v, n, sizeof *v, S_cmp_title_keys);
		lua_createtable(L, 0, 3);
		if (sec) {
			lua_host_set_str(L, "title", sec->page->title);
			lua_host_set_str(L, "url", sec->page->url);
			sig = hash_str(sec->page->url, hash_str(sec->page->title, sig));
		}
		lua_createtable(L, (int)n, 0);
		for (size_t i = 0; i < n; i++) {
			lua_createtable(L, 0, 2);
			lua_host_set_str(L, "title", v[i]->title);
			lua_host_set_str(L, "url", v[i]->url);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
			sig = hash_str(v[i]->url, hash_str(v[i]->title, sig));
		}
		lua_setfield(L, -2, "pages");
		lua_rawseti(L, -2, ++ngroups);
	}
	free(v);
	return sig;
}

static void S_render_page(struct build *b, struct page *p)
{
	lua_State *L = lua_host_state(b->lua);
	struct buf name = BUF_INIT;
	if (p->kind == PAGE_SEARCH && !b->has_search)
		return; /* a theme without search.html has no search */
	const char *t = S_template_for(b, p, &name);
	if (t == NULL)
		goto out;
	struct lang *l = p->lang;
	switch (p->kind) {
	case PAGE_HOME: {
		/* the home lists the pages of the sections, newest first */
		struct page **items = xmalloc((l->npages ? l->npages : 1) * sizeof *items);
		size_t n = 0;
		for (size_t i = 0; i < l->npages; i++)
			if (l->pages[i]->section[0])
				items[n++] = l->pages[i];
		S_render_list(b, p, t, items, n);
		free(items);
		break;
	}
	case PAGE_SECTION:
		S_render_list(b, p, t, p->sec->pages, p->sec->npages);
		break;
	case PAGE_TAG:
		S_render_list(b, p, t, p->term->pages, p->term->npages);
		break;
	case PAGE_SEARCH:
	case PAGE_TAGS: {
		uint64_t sig = 0x7465726d73;
		S_push_backing(b, p);
		if (p->kind == PAGE_SEARCH) {
			lua_pushfstring(L, "%s%s", l->home->url, SEARCH_INDEX);
			lua_setfield(L, -2, "search_index");
			sig = S_push_az(b, l, sig);
			lua_setfield(L, -2, "az");
		}
		lua_createtable(L, (int)l->nterms, 0);
		for (size_t i = 0; i < l->nterms; i++) {
			lua_createtable(L, 0, 3);
			lua_host_set_str(L, "name", l->terms[i]->name);
			lua_host_set_str(L, "url", l->terms[i]->page->url);
			lua_host_set_int(L, "count", (long long)l->terms[i]->npages);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
			sig = hash_u64(l->terms[i]->npages, hash_str(l->terms[i]->page->url, hash_str(l->terms[i]->name, sig)));
		}
		lua_setfield(L, -2, "terms");
		lua_pop(L, 1);
		S_push_page(b, p);
		S_render(b, p, t, p->url, sig);
		break;
	}
	default:
		S_push_page(b, p);
		S_render(b, p, t, p->url, 0);
		break;
	}
out:
	buf_free(&name);
}

/* Renders p's revision history page, when it has one: the page table is
 * of kind "history", with the article's title, git facts and translations
 * (those that have a history page), and the article's table as article. */
static void S_render_history(struct build *b, struct page *p)
{
	lua_State *L = lua_host_state(b->lua);
	struct buf name = BUF_INIT, tmp = BUF_INIT;
	const char *t = S_history_template(b, p, &name);
	if (t == NULL)
		goto out;
	const char *url = S_history_url(b, p);
	lua_createtable(L, 0, 16);
	lua_host_set_str(L, "kind", "history");
	lua_host_set_str(L, "title", p->title);
	lua_host_set_str(L, "url", url);
	lua_host_set_str(L, "permalink", S_permalink(b, url, &tmp));
	lua_host_set_str(L, "lang", p->lang->code);
	lua_host_set_str(L, "section", p->section);
	lua_host_set_str(L, "file", p->file);
	S_set_history(b, p);
	S_push_page(b, p);
	lua_setfield(L, -2, "article");
	lua_createtable(L, (int)p->ntranslations, 0);
	for (size_t i = 0, n = 0; i < p->ntranslations; i++) {
		struct page *tr = p->translations[i];
		if (S_history_template(b, tr, &tmp) == NULL)
			continue;
		lua_createtable(L, 0, 4);
		lua_host_set_str(L, "lang", tr->lang->code);
		lua_host_set_str(L, "language_name", tr->lang->name);
		lua_host_set_str(L, "title", tr->title);
		lua_host_set_str(L, "url", S_history_url(b, tr));
		lua_rawseti(L, -2, (lua_Integer)++n);
	}
	lua_setfield(L, -2, "translations");
	/* the history page shows translations' history URLs: it reads them */
	uint64_t sig = 0x686973746f7279;
	for (size_t i = 0; i < p->ntranslations; i++)
		sig = hash_str(S_history_template(b, p->translations[i], &tmp) ? p->translations[i]->url : "-", sig);
	S_render(b, p, t, url, sig);
out:
	buf_free(&name);
	buf_free(&tmp);
}

/* A page that sends the visitor on to target: meta refresh for browsers,
 * a canonical link for search engines, a plain link for everyone else. */
static void S_redirect(struct build *b, const char *rel, const char *target, const char *target_title,
		       const struct lang *l, const char *owner)
{
	struct buf h = BUF_INIT, esc = BUF_INIT, abs = BUF_INIT, title = BUF_INIT;
	text_html_escape(&esc, target, strlen(target));
	text_html_escape(&title, target_title, strlen(target_title));
	if (target[0] == '/')
		buf_puts(&abs, b->site->origin);
	text_html_escape(&abs, target, strlen(target));
	buf_printf(&h,
		   "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<title>%s</title>\n<link rel=\"canonical\" href=\"%s\">\n"
		   "<meta name=\"robots\" content=\"noindex\">\n"
		   "<meta http-equiv=\"refresh\" content=\"0; url=%s\">\n</head>\n"
		   "<body>\n<p><a href=\"%s\">%s</a></p>\n</body>\n</html>\n",
		   l->code, buf_cstr(&title), buf_cstr(&abs), buf_cstr(&esc), buf_cstr(&esc), buf_cstr(&title));
	output_write(b->out, rel, h.data, h.len, owner);
	buf_free(&h);
	buf_free(&esc);
	buf_free(&abs);
	buf_free(&title);
}

#define SVG_REPORTED 10 /* findings listed per SVG file */

/* 1 when path is an SVG file of the site's own (content/ or static/, not
 * the theme's). */
static int S_site_svg(const char *path)
{
	size_t n = strlen(path);
	return (strncmp(path, "content/", 8) == 0 || strncmp(path, "static/", 7) == 0) && n > 4 &&
	       strcasecmp(path + n - 4, ".svg") == 0;
}

/* Reports what in an SVG runs script when a visitor opens the image on
 * its own: a warning, an error under --strict. */
static void S_check_svg(struct build *b, const char *path, const char *data, size_t len)
{
	struct svg_finding f[SVG_REPORTED];
	size_t n = svg_check(data, len, f, SVG_REPORTED);
	enum diag_severity sev = b->opt->strict ? DIAG_ERROR : DIAG_WARNING;
	for (size_t i = 0; i < n && i < SVG_REPORTED; i++) {
		switch (f[i].kind) {
		case SVG_ELEMENT:
			diag_at(b->d, sev, path, f[i].line, f[i].col,
				"this SVG has a <%s> element, which runs script (or holds a page that can) when the "
				"image is opened on its own, with the site's rights: remove it (an error under --strict)",
				f[i].name);
			break;
		case SVG_EVENT:
			diag_at(b->d, sev, path, f[i].line, f[i].col,
				"this SVG has the event attribute %s, which runs script when the image is opened on its "
				"own, with the site's rights: remove it (an error under --strict)",
				f[i].name);
			break;
		case SVG_JS_URL:
			diag_at(b->d, sev, path, f[i].line, f[i].col,
				"this SVG has a javascript: address in %s, which runs script when the image is opened on "
				"its own, with the site's rights: remove it (an error under --strict)",
				f[i].name);
			break;
		case SVG_ENTITY:
			diag_at(b->d, sev, path, f[i].line, f[i].col,
				"this SVG declares an entity (<!ENTITY), which can hide script from wardsite's check: "
				"remove the declaration (an error under --strict)");
			break;
		case SVG_ENCODING:
			diag_at(b->d, sev, path, 0, 0,
				"this SVG is not UTF-8 (it is UTF-16 or has NUL bytes), so wardsite cannot check it for "
				"script: save it as UTF-8 (an error under --strict)");
			break;
		}
	}
	if (n > SVG_REPORTED)
		diag_at(b->d, sev, path, 0, 0, "this SVG has %zu more places that can run script than the %d listed",
			n - SVG_REPORTED, SVG_REPORTED);
}

static void S_copy(struct build *b, const struct source_file *f, const char *rel)
{
	char *data, *err;
	size_t len;
	if (f->kind == SOURCE_LINK) {
		diag_warning(b->d, f->path, 0, 0, "symbolic links are not followed: skipped");
		return;
	}
	if (f->kind != SOURCE_FILE)
		return;
	if (source_read(b->src, f, &data, &len, &err) < 0) {
		diag_error(b->d, f->path, 0, 0, "%s", err);
		free(err);
		return;
	}
	if (S_site_svg(f->path))
		S_check_svg(b, f->path, data, len);
	output_write(b->out, rel, data, len, f->path);
	free(data);
}

#define REF_LINK ((void *)1)  /* a link, [text](url), or the front matter's image */
#define REF_IMAGE ((void *)2) /* only images, ![text](url) */

static void S_add_ref(struct build *b, struct map *refs, struct page *p, const char *url, void *how)
{
	struct buf rel = BUF_INIT;
	if (links_target(b->site, p, url, &rel) == 0 && map_get(refs, buf_cstr(&rel)) != REF_LINK)
		map_put(refs, buf_cstr(&rel), how);
	buf_free(&rel);
}

/* Fills refs with the output path of every file a page names: its
 * Markdown's links and images and its front matter's image (og:image). */
static void S_references(struct build *b, struct map *refs)
{
	for (size_t i = 0; i < b->site->npages; i++) {
		struct page *p = b->site->pages[i];
		for (size_t k = 0; k < p->nlinks; k++)
			S_add_ref(b, refs, p, p->links[k].url, p->links[k].image ? REF_IMAGE : REF_LINK);
		const struct value *image = p->front ? value_get(p->front, "image") : NULL;
		if (image && image->type == VALUE_STRING)
			S_add_ref(b, refs, p, image->str, REF_LINK);
		for (size_t k = 0; p->doc && k < p->doc->nfiles; k++)
			S_add_ref(b, refs, p, p->doc->files[k].name, REF_LINK);
	}
}

/* 1 when the file f of content/ or static/ is to be published at rel.
 * Never what a plugin read as data (a gallery's captions.yaml).  A photo's
 * original only when a link names it: its web versions stand for it on
 * pages.  Other files of content/ (a PDF, a CSV) only when a page names
 * them; other files of static/ always: that folder is published as it is. */
static int S_publish(struct build *b, const struct map *refs, const struct source_file *f, const char *rel)
{
	int content = strncmp(f->path, "content/", 8) == 0;
	if (plugins_read_data(b->plugins, f->path))
		return 0;
	if (media_set_published(b->media, f->path)) /* a player's file, transcript, captions or a podcast's cover */
		return 1;
	void *how = map_get(refs, rel);
	if (images_planned(b->images, f->path)) {
		if (how != REF_LINK)
			links_accept(b->links, rel);
		return how == REF_LINK;
	}
	return !content || how != NULL;
}

static void S_copy_static(struct build *b)
{
	char *theme_static = xasprintf("themes/%s/static/", b->site->theme);
	size_t tl = strlen(theme_static);
	struct map refs = MAP_INIT;
	S_references(b, &refs);
	for (size_t i = 0; i < source_count(b->src); i++) {
		const struct source_file *f = source_get(b->src, i);
		if (strncmp(f->path, theme_static, tl) == 0) {
			char *site_path = xasprintf("static/%s", f->path + tl);
			if (source_find(b->src, site_path) == NULL)
				S_copy(b, f, f->path + tl);
			free(site_path);
		} else if (strncmp(f->path, "static/", 7) == 0 && S_publish(b, &refs, f, f->path + 7)) {
			S_copy(b, f, f->path + 7);
		}
	}
	free(theme_static);
	for (size_t i = 0; i < b->site->nfiles; i++)
		if (S_publish(b, &refs, b->site->files[i], b->site->file_dest[i]))
			S_copy(b, b->site->files[i], b->site->file_dest[i]);
	map_free(&refs);
}

/* Puts the WebP versions images_run found smaller into the pages' HTML. */
static void S_resolve_images(struct build *b)
{
	for (size_t i = 0; i < b->site->npages; i++) {
		struct page *p = b->site->pages[i];
		char *html = p->content ? images_resolve(b->images, p->content) : NULL;
		if (html) {
			free(p->content);
			p->content = html;
		}
	}
}

static void S_write_extras(struct build *b)
{
	struct site *s = b->site;
	for (size_t i = 0; i < s->npages; i++) {
		struct page *p = s->pages[i];
		for (size_t k = 0; k < p->naliases; k++) {
			const char *a = p->aliases[k] + 1;
			size_t n = strlen(a);
			char *rel = n == 0 ? xstrdup("index.html")
					   : a[n - 1] == '/' ? xasprintf("%sindex.html", a) : xstrdup(a);
			S_redirect(b, rel, p->url, p->title, p->lang, p->file);
			free(rel);
		}
	}
	if (s->nlangs > 1 && !output_exists(b->out, "index.html")) {
		struct buf h = BUF_INIT;
		char *icon = output_exists(b->out, "favicon.svg") ? xasprintf("%sfavicon.svg", s->base_path) : NULL;
		root_page(&h, s, icon);
		output_write(b->out, "index.html", h.data, h.len, "the root page");
		buf_free(&h);
		free(icon);
	}
	/* one language: nothing to choose, its home is the site */
	if (s->nlangs == 1 && !output_exists(b->out, "index.html"))
		S_redirect(b, "index.html", s->langs[0]->home->url, s->langs[0]->title, s->langs[0],
			   "the root redirect");
	if (b->not_found_html && !output_exists(b->out, "404.html"))
		output_write(b->out, "404.html", b->not_found_html, b->not_found_len, "the root 404 page");
}

/* ---- the build state ---- */

/* The fingerprint of everything a page's output can show besides pages:
 * wardsite itself, the options, every file but the Markdown of content/
 * (templates, plugins, strings, data, static files, photos, site.yaml) and
 * the site tables templates see. */
static uint64_t S_global(struct build *b)
{
	uint64_t h = hash_str("wardsite build state", 0);
	uint64_t self = selfid_hash(h);
	h = self ? self : hash_u64((uint64_t)time(NULL), h); /* unknown binary: never the same */
	h = hash_u64((uint64_t)b->opt->drafts, h);
	h = hash_u64((uint64_t)b->opt->future, h);
	static const unsigned char zero[20];
	for (size_t i = 0; i < source_count(b->src); i++) {
		const struct source_file *f = source_get(b->src, i);
		size_t n = strlen(f->path);
		if (strncmp(f->path, "content/", 8) == 0 && n > 3 && strcmp(f->path + n - 3, ".md") == 0)
			continue;
		h = hash_str(f->path, hash_u64((uint64_t)f->kind, h));
		if (memcmp(f->oid, zero, 20) != 0) {
			h = hash_bytes(f->oid, 20, h);
		} else if (f->kind == SOURCE_FILE) {
			char *data, *err;
			size_t len;
			if (source_read(b->src, f, &data, &len, &err) == 0) {
				h = hash_bytes(data, len, h);
				free(data);
			} else {
				free(err);
				h = hash_u64((uint64_t)time(NULL), h);
			}
		}
	}
	lua_State *L = lua_host_state(b->lua);
	for (size_t i = 0; i < b->site->nlangs; i++) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, b->site_refs[i]);
		h = lua_host_hash(L, -1, h, S_ident, b);
		lua_pop(L, 1);
	}
	return hash_u64((uint64_t)b->has_search, h);
}

/* Reads the last build's state when it describes out_dir and this build
 * can use it; says why not on info when a previous output is there. */
static void S_state_open(struct build *b, const char *cache)
{
	if (cache == NULL)
		return;
	if (b->out_dir[0] == '/') {
		b->out_abs = xstrdup(b->out_dir);
	} else {
		char *cwd = getcwd(NULL, 0);
		b->out_abs = xasprintf("%s/%s", cwd ? cwd : ".", b->out_dir);
		free(cwd);
	}
	b->state_path = xasprintf("%s/build-%016llx.state", cache, (unsigned long long)hash_str(b->out_abs, 0));
	b->next = state_new();
	b->global = S_global(b);
	struct stat st;
	int have_out = stat(b->out_dir, &st) == 0 && S_ISDIR(st.st_mode);
	char *why = NULL;
	int say = 1;
	struct state *old = state_read(b->state_path, &why);
	if (old == NULL) {
		char *w = strcmp(why, "missing") == 0 ? xasprintf(msg_tr("no build state for it in %s"), cache)
						       : xasprintf(msg_tr("the build state in %s is not usable: %s"), cache, why);
		free(why);
		why = w;
	} else if (strcmp(old->out, b->out_abs) != 0 || !have_out || (uint64_t)st.st_ino != old->out_ino) {
		why = xasprintf(msg_tr("the build state in %s is of another output"), cache);
	} else if (old->global != b->global) {
		why = xstrdup("wardsite, its options, the templates, plugins, data or site.yaml changed");
		say = 0;
	}
	if (why) {
		if (have_out && say && !b->opt->quiet && !b->opt->json && b->opt->info)
			fprintf(b->opt->info, msg_tr("wardsite: %s: %s, so every page is rendered\n"), b->out_dir, why);
		free(why);
		state_free(old);
		old = NULL;
	}
	b->old = old;
}

/* Writes the state of this build, whose output is now in place. */
static void S_state_save(struct build *b)
{
	if (b->next == NULL)
		return;
	struct stat st;
	char *why = NULL;
	b->next->global = b->global;
	b->next->out = b->out_abs;
	/* the mtimes of the files written by this build, now in out_dir */
	size_t dirlen = strlen(b->out_dir);
	struct buf path = BUF_INIT;
	for (uint32_t i = 0; i < b->next->noutputs; i++) {
		struct state_output *o = &b->next->outputs[i];
		if (o->mtime_s != -1)
			continue;
		buf_reset(&path);
		buf_put(&path, b->out_dir, dirlen);
		buf_putc(&path, '/');
		buf_puts(&path, o->rel);
		if (lstat(buf_cstr(&path), &st) == 0 && (uint64_t)st.st_size == o->size) {
			o->mtime_s = (int64_t)st.st_mtim.tv_sec;
			o->mtime_ns = (int64_t)st.st_mtim.tv_nsec;
		} else {
			o->size = UINT64_MAX; /* never kept */
		}
	}
	buf_free(&path);
	b->next->out_ino = stat(b->out_dir, &st) == 0 ? (uint64_t)st.st_ino : 0;
	char *dir = xstrdup(b->state_path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	if ((slash && cache_prepare(dir) < 0) || state_write(b->next, b->state_path, &why) < 0)
		diag_warning(b->d, NULL, 0, 0, "cannot save the build state (%s): the next build renders every page",
			     why ? why : strerror(errno));
	free(why);
	free(dir);
}

/* The fingerprint of what goes into p's HTML: the page as plugins see
 * it, its Markdown, and everything global. */
static uint64_t S_content_key(struct build *b, struct page *p)
{
	uint64_t h = plugins_page_key(b->plugins, p, b->global);
	h = hash_u64((uint64_t)p->body_line, hash_u64(p->summary != NULL, h));
	return hash_bytes(p->body, p->body_len, h);
}

/* Takes p's HTML, summary and links from the last build.  Returns 1, or 0
 * when it has none for key. */
static int S_content_from_state(struct build *b, struct page *p, uint64_t key)
{
	const struct state_content *c = b->old ? state_content(b->old, key) : NULL;
	if (c == NULL)
		return 0;
	struct site *s = b->site;
	free(p->content);
	p->content = xstrdup(c->html);
	if (p->summary == NULL && c->summary)
		p->summary = arena_strdup(&s->arena, c->summary);
	p->links = arena_alloc(&s->arena, (c->nlinks ? c->nlinks : 1) * sizeof *p->links);
	p->nlinks = c->nlinks;
	for (uint32_t i = 0; i < c->nlinks; i++)
		p->links[i] = (struct page_link){arena_strdup(&s->arena, c->links[i].url), (int)c->links[i].line,
						 (int)c->links[i].col};
	free(p->body);
	p->body = NULL;
	return 1;
}

/* Keeps p's HTML for the next build under key. */
static void S_content_to_state(struct build *b, struct page *p, uint64_t key, const char *summary)
{
	if (b->next == NULL || p->content == NULL)
		return;
	struct state_content *c = state_add_content(b->next, key);
	c->html = p->content;
	c->summary = summary;
	c->nlinks = (uint32_t)p->nlinks;
	c->links = arena_alloc(&b->next->arena, (p->nlinks ? p->nlinks : 1) * sizeof *c->links);
	for (size_t i = 0; i < p->nlinks; i++)
		c->links[i] = (struct state_link){p->links[i].url, (uint32_t)p->links[i].line, (uint32_t)p->links[i].col};
}

/* Loads the plugins, then turns every page's Markdown into HTML, with
 * widgets and image hooks, then runs the page hooks; a page whose
 * Markdown and context did not change since the last build takes that
 * build's HTML.  Returns 0, or -1 when the plugins cannot load (every
 * problem recorded). */
static int S_render_content(struct build *b)
{
	struct image_config ic;
	int bad_config = image_config_read(&ic, value_get(b->site->config, "images"), b->d) < 0;
	const char *root = source_workdir(b->src) ? source_workdir(b->src) : ".";
	b->images = images_new(&ic, b->src, root, 0, b->d);
	char *cache = bad_config ? NULL : ic.cache_dir[0] == '/' ? xstrdup(ic.cache_dir) : xasprintf("%s/%s", root, ic.cache_dir);
	image_config_free(&ic);
	b->media = media_set_new(b->src);
	struct plugin_env env = {.src = b->src, .site = b->site, .images = b->images, .media = b->media, .strict = b->opt->strict,
				 .data_reported = 1 /* by S_push_data */};
	b->plugins = plugins_new(b->lua, &env);
	if (bad_config || plugins_load_all(b->plugins) < 0) {
		free(cache);
		return -1;
	}
	S_state_open(b, cache);
	free(cache);
	struct markdown_hooks hooks = plugins_markdown_hooks(b->plugins);
	for (size_t i = 0; i < b->site->npages; i++) {
		struct page *p = b->site->pages[i];
		if (p->body == NULL)
			continue;
		uint64_t key = S_content_key(b, p);
		if (S_content_from_state(b, p, key)) {
			S_content_to_state(b, p, key, b->old ? state_content(b->old, key)->summary : NULL);
			continue;
		}
		/* a page that warns, plans photos or plays media renders every
		 * time: the warnings are said again, the photos made, the media
		 * files marked to be published */
		size_t plans = images_plans(b->images), media = media_set_uses(b->media);
		int warnings = b->d->warnings, errors = b->d->errors;
		int had_summary = p->summary != NULL;
		plugins_begin(b->plugins, p, b->site_refs[S_lang_index(b, p->lang)]);
		if (site_render_content(b->site, p, &hooks) == 0 && plugins_page_hooks(b->plugins) > 0)
			plugins_page(b->plugins, &p->content);
		plugins_end(b->plugins);
		if (plans == images_plans(b->images) && media == media_set_uses(b->media) && warnings == b->d->warnings &&
		    errors == b->d->errors)
			S_content_to_state(b, p, key, had_summary ? NULL : p->summary);
	}
	return 0;
}

/* Every page's fingerprint (of its table as templates see it) into the
 * next state, in the order of site->pages. */
static void S_fingerprints(struct build *b)
{
	if (b->next == NULL)
		return;
	lua_State *L = lua_host_state(b->lua);
	for (size_t i = 0; i < b->site->npages; i++) {
		struct page *p = b->site->pages[i];
		S_push_page(b, p);
		lua_pop(L, 1);
	}
	for (size_t i = 0; i < b->site->npages; i++) {
		struct page *p = b->site->pages[i];
		lua_rawgeti(L, LUA_REGISTRYINDEX, b->backing_refs[i]);
		state_add_page(b->next, p->url, hash_str(p->content, lua_host_hash(L, -1, 0, S_ident, b)));
		lua_pop(L, 1);
	}
}

static double S_seconds(void);

/* With WARDSITE_TIMINGS set, notes the wall time since the last phase
 * under name; printed on stderr at the end (S_timings). */
static void S_phase(struct build *b, const char *name)
{
	if (!b->timings)
		return;
	double now = S_seconds();
	buf_printf(&b->phases, "%s%s %.3f s", b->phases.len ? ", " : "", name, now - b->phase_started);
	b->phase_started = now;
}

/* On a terminal, a build that has run for a second shows how far it is. */
static void S_progress(struct build *b, size_t done, size_t total)
{
	if (b->opt->quiet || b->opt->json || !isatty(STDERR_FILENO))
		return;
	if (!b->progress && S_seconds() - b->started < 1.0)
		return;
	if (done != total && done % 64 != 0)
		return;
	b->progress = 1;
	fputs("\r\033[K", stderr);
	fprintf(stderr, msg_tr("wardsite: %zu/%zu pages"), done, total);
	if (done == total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* Text for JSON: a byte that is not UTF-8 (a path git stores as it
 * was given) becomes U+FFFD.  Caller frees. */
static char *S_json_text(const char *s)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(s), bad;
	while (!text_utf8_valid(s, len, &bad)) {
		buf_put(&b, s, bad);
		buf_puts(&b, "\xEF\xBF\xBD");
		s += bad + 1;
		len -= bad + 1;
	}
	buf_put(&b, s, len);
	return buf_detach(&b);
}

/* ", "messages": [...]": every diagnostic of the build, for --json. */
static void S_json_messages(FILE *f, const struct diag *d)
{
	static const char *const sev[] = {"note", "warning", "error"};
	struct buf b = BUF_INIT;
	buf_puts(&b, ", \"messages\": [");
	for (size_t i = 0; i < d->nentries; i++) {
		const struct diag_entry *e = &d->entries[i];
		char *path = e->path ? S_json_text(e->path) : NULL, *msg = S_json_text(e->message);
		buf_printf(&b, "%s{\"severity\": \"%s\", \"path\": ", i ? ", " : "", sev[e->sev]);
		json_cstring(&b, path);
		buf_printf(&b, ", \"line\": %d, \"col\": %d, \"message\": ", e->line, e->col);
		json_cstring(&b, msg);
		buf_putc(&b, '}');
		free(path);
		free(msg);
	}
	buf_putc(&b, ']');
	fputs(buf_cstr(&b), f);
	buf_free(&b);
}

static void S_summary(struct build *b, const struct output_stats *st, const char *out_dir, struct diag *d)
{
	FILE *f = b->opt->info;
	double secs = S_seconds() - b->started;
	struct site *s = b->site;
	if (b->opt->json) {
		struct image_stats is;
		images_stats(b->images, &is);
		fprintf(f, "{\"status\": \"ok\", \"seconds\": %.3f, \"pages\": %zu, \"images\": {\"sources\": %zu, \"versions\": %zu, "
			"\"decoded\": %zu, \"cached\": %zu}, \"articles\": {", secs, b->pages_written, is.sources, is.variants, is.decoded, is.cached);
		for (size_t i = 0; i < s->nlangs; i++)
			fprintf(f, "%s\"%s\": %zu", i ? ", " : "", s->langs[i]->code, s->langs[i]->npages);
		fprintf(f,
		        "}, \"files\": {\"written\": %zu, \"added\": %zu, \"changed\": %zu, \"unchanged\": %zu, "
		        "\"removed\": %zu}, \"kept\": %zu, \"warnings\": %d, \"errors\": %d",
		        st->written, st->added, st->changed, st->unchanged, st->removed, b->kept, d->warnings,
		        d->errors);
		S_json_messages(f, d);
		fputs("}\n", f);
		return;
	}
	if (b->opt->quiet)
		return;
	fprintf(f, msg_tr("wardsite: built %zu pages ("), b->pages_written);
	for (size_t i = 0; i < s->nlangs; i++)
		fprintf(f, msg_tr("%s%s %zu article%s"), i ? ", " : "", s->langs[i]->code, s->langs[i]->npages,
			s->langs[i]->npages == 1 ? "" : "s");
	struct buf t = BUF_INIT;
	text_format_number(&t, secs, 2, msg_lang() == MSG_VI ? "vi" : "en");
	fprintf(f, msg_tr(") from %s into %s in %s s\n"), msg_tr(source_describe(b->src)), out_dir, buf_cstr(&t));
	buf_free(&t);
	fprintf(f, msg_tr("  files: %zu (%zu new, %zu changed, %zu unchanged, %zu removed); %d warning%s, %d errors\n"),
		st->written, st->added, st->changed, st->unchanged, st->removed, d->warnings, d->warnings == 1 ? "" : "s",
		d->errors);
	if (b->old)
		fprintf(f, msg_tr("  incremental: %zu pages rendered, %zu kept from the last build\n"),
			b->pages_written - b->kept, b->kept);
	struct image_stats is;
	images_stats(b->images, &is);
	if (is.sources > 0)
		fprintf(f, msg_tr("  images: %zu sources, %zu versions (%zu decoded, %zu from the cache, %zu corrupt cache files made again)\n"),
			is.sources, is.variants, is.decoded, is.cached, is.rebuilt);
}

static time_t S_now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		long long v = strtoll(e, &end, 10);
		if (*end == '\0')
			return (time_t)v;
	}
	return time(NULL);
}

static double S_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum build_status build_run(const struct build_options *opt, struct diag *d)
{
	struct build b = {.opt = opt, .d = d};
	struct source_options so = {.repo = opt->repo, .ref = opt->ref, .worktree = opt->worktree};
	enum build_status rc = BUILD_FAILED;
	char *err = NULL, *out_dir = NULL;
	struct screen *screen = NULL;
	b.started = S_seconds();
	b.phase_started = b.started;
	b.timings = getenv("WARDSITE_TIMINGS") != NULL && getenv("WARDSITE_TIMINGS")[0] != '\0';

	if (source_open(&b.src, &so, &err) < 0) {
		diag_error(d, NULL, 0, 0, "%s", err);
		free(err);
		return BUILD_BAD_SOURCE;
	}
	if (source_dirty(b.src) > 0)
		diag_warning(d, NULL, 0, 0,
			     "the work tree has %d uncommitted change%s; building the committed state, %s "
			     "(--worktree builds the files as they are)",
			     source_dirty(b.src), source_dirty(b.src) == 1 ? "" : "s", source_describe(b.src));
	if (opt->out)
		out_dir = xstrdup(opt->out);
	else if (source_workdir(b.src))
		out_dir = xasprintf("%s/public", source_workdir(b.src));
	else {
		diag_error(d, NULL, 0, 0, "a bare repository has no work tree: say where to write with --out");
		rc = BUILD_BAD_SOURCE;
		goto out;
	}
	err = source_check_out(b.src, out_dir); /* the swap would delete what it replaces */
	if (err) {
		diag_error(d, NULL, 0, 0, "%s", err);
		free(err);
		rc = BUILD_BAD_SOURCE;
		goto out;
	}
	if (output_check(out_dir, opt->force, d) < 0) { /* a folder wardsite did not make is not replaced */
		rc = BUILD_BAD_SOURCE;
		goto out;
	}
	source_leave_out(b.src, out_dir); /* an --out inside content/ is not read back */

	S_phase(&b, "open");
	if (history_load(&b.history, b.src, "content/", opt->strict, d) < 0)
		goto out;
	S_phase(&b, "history");
	struct site_options sopt = {.drafts = opt->drafts, .future = opt->future, .now = S_now(), .history = b.history};
	b.site = site_load(b.src, &sopt, d);
	if (b.site == NULL || b.site->theme == NULL)
		goto out;
	b.docs = documents_load(b.site, b.src, d);
	S_phase(&b, "load");
	glossary_check(b.src, b.site, 1, opt->strict, 0, NULL, d); /* English names (data/glossary.yaml) */
	b.theme_layouts = arena_printf(&b.site->arena, "themes/%s/layouts/", b.site->theme);
	b.out_dir = out_dir;
	for (size_t i = 0; i < b.site->npages; i++)
		b.site->pages[i]->index = i;
	b.events = events_new(b.site, (long long)sopt.now, d);
	b.backing_refs = xcalloc(b.site->npages + 1, sizeof *b.backing_refs);
	b.mark = xcalloc(b.site->npages + 1, sizeof *b.mark);
	b.nav = nav_new(b.site);
	b.links = links_new();
	b.lua = lua_host_new(d);
	if (b.lua == NULL)
		goto out;
	if (S_load_templates(&b) < 0)
		goto out;
	b.has_search = lua_host_has_template(b.lua, "search.html");
	S_load_strings(&b);
	S_make_site_tables(&b);
	S_phase(&b, "templates");
	if (S_render_content(&b) < 0)
		goto out;
	documents_link(b.docs);
	S_phase(&b, "markdown");
	size_t feed_items = feeds_limit(b.site, d);
	screen = screen_new(b.site, b.src, b.events, sopt.now, d); /* the public e-bulletin screens: README */
	if (d->errors > 0)
		goto out; /* the model or the templates are broken: rendering would only repeat it */
	S_fingerprints(&b);
	S_phase(&b, "fingerprints");
	if (b.state_path) {
		/* beside the build state: the tree the next build reuses */
		char *spare = xasprintf("%.*s.spare", (int)(strlen(b.state_path) - 6), b.state_path);
		b.out = output_begin_reusing(out_dir, spare, b.site->base_url, d);
		free(spare);
	} else {
		b.out = output_begin(out_dir, b.site->base_url, d);
	}
	if (b.out == NULL) {
		rc = BUILD_BAD_SOURCE;
		goto out;
	}
	/* photos first: a page offers only the WebP versions that came out
	 * smaller than their JPEG */
	if (images_run(b.images, b.out, !opt->quiet && isatty(STDERR_FILENO) ? stderr : NULL) == 0) {
		S_resolve_images(&b);
		images_write_webp(b.images, b.out);
	}
	S_phase(&b, "images");
	for (size_t i = 0; i < b.site->npages; i++) {
		S_render_page(&b, b.site->pages[i]);
		S_progress(&b, i + 1, b.site->npages);
	}
	S_phase(&b, "pages");
	for (size_t i = 0; i < b.site->npages; i++)
		S_render_history(&b, b.site->pages[i]);
	S_phase(&b, "history pages");
	/* before the copy: it marks the podcasts' covers to be published */
	podcast_write(b.site, b.media, b.src, b.out, feed_items, opt->strict, d);
	S_copy_static(&b);
	S_phase(&b, "static files");
	feeds_write(b.site, b.out, feed_items);
	events_write(b.events, b.out);
	screen_write(screen, b.out);
	if (b.has_search)
		search_write(b.site, b.out);
	documents_write(b.docs, b.out);
	S_write_extras(&b);
	S_phase(&b, "feeds, search, sitemaps");
	links_check(b.links, b.site, b.out, opt->strict, d);
	S_phase(&b, "links");
	if (d->errors == 0) {
		struct output_stats st;
		/* the state describes the output being replaced: gone with it,
		 * so that a build killed from here on leaves none */
		if (b.state_path)
			unlink(b.state_path);
		if (output_commit(b.out, &st) == 0) {
			rc = BUILD_OK;
			S_phase(&b, "swap");
			S_state_save(&b);
			S_phase(&b, "state");
			if (opt->info)
				S_summary(&b, &st, out_dir, d);
		}
	} else {
		output_abort(b.out);
	}
	b.out = NULL;
out:
	if (b.lua)
		lua_host_report_held(b.lua); /* how many messages of a plugin or template were not shown */
	if (rc == BUILD_FAILED && d->errors > 0) {
		/* counted but not printed again (diag_once): say so, or the count looks wrong */
		char rep[64] = "";
		if (d->suppressed > 0)
			snprintf(rep, sizeof rep, msg_tr(" (%d repeated message%s not shown)"), d->suppressed,
				 d->suppressed == 1 ? "" : "s");
		fprintf(stderr, msg_tr("wardsite: %d error%s, %d warning%s%s; %s was not changed\n"), d->errors,
			d->errors == 1 ? "" : "s", d->warnings, d->warnings == 1 ? "" : "s", rep,
			out_dir ? out_dir : msg_tr("the output"));
		if (opt->json && opt->info) {
			fprintf(opt->info, "{\"status\": \"failed\", \"warnings\": %d, \"errors\": %d", d->warnings,
				d->errors);
			S_json_messages(opt->info, d);
			fputs("}\n", opt->info);
		}
	}
	if (b.timings)
		fprintf(stderr, msg_tr("wardsite: timings: %s; total %.3f s\n"), b.phases.data ? b.phases.data : "",
			S_seconds() - b.started);
	buf_free(&b.phases);
	screen_free(screen);
	for (size_t i = 0; i < b.tag_slugs.cap; i++)
		free(b.tag_slugs.slots[i].value);
	map_free(&b.tag_slugs);
	free(b.not_found_html);
	free(b.site_refs);
	free(b.backing_refs);
	free(b.pending);
	free(b.mark);
	free(b.deps);
	free(b.out_abs);
	free(b.state_path);
	state_free(b.old);
	state_free(b.next);
	plugins_free(b.plugins);
	images_free(b.images);
	media_set_free(b.media);
	lua_host_free(b.lua);
	nav_free(b.nav);
	events_free(b.events);
	links_free(b.links);
	documents_free(b.docs);
	site_free(b.site);
	history_free(b.history);
	source_close(b.src);
	free(out_dir);
	return rc;
}
