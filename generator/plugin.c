#include "plugin.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "image.h"
#include "lua_host.h"
#include "luasrc.h"
#include "map.h"
#include "media.h"
#include "msg.h"
#include "site.h"
#include "source.h"
#include "text.h"
#include "value.h"
#include "xalloc.h"

#define PLUGIN_DIR "lua-plugins/"
#define DATA_DIR "data/"

/* A parsed data file, kept for the whole build. */
struct data_file {
	struct value *yaml; /* a YAML file, or NULL */
	struct csv *csv;    /* a CSV file, or NULL */
	int failed;         /* problems were recorded when it was read */
};

/* The files directly in one folder, in path order (indexes into the
 * source's list). */
struct folder {
	size_t *files;
	size_t n, cap;
};

struct plugins {
	struct lua_host *h;
	lua_State *L;
	struct diag *d;
	struct plugin_env env;
	int make_env_ref;  /* registry: function(path) -> a plugin's _ENV */
	int widgets_ref;   /* registry: name -> function */
	int hooks_ref;     /* registry: event -> list of functions */
	int where_ref;     /* registry: table -> "path:line" (weak keys) */
	int ctx_ref;       /* registry: the context of the current page */
	struct map widget_owner; /* name -> plugin path (owned) */
	struct map data;         /* path -> struct data_file */
	struct map by_url, by_file;
	int pages_indexed;
	struct map dest;     /* source path -> its path in the output */
	int dest_indexed;
	struct map folders;  /* folder -> struct folder: wardsite.files() without a scan per call */
	int folders_indexed;
	const char *loading; /* the plugin being loaded, or NULL */
	int npage_hooks, nimage_hooks;
	/* the current call */
	struct page *page;
	const char *file;          /* content file of the current page */
	int line, col;             /* position of the current call */
	const char *what;          /* "widget 'x'", "image 'a.jpg'", "page hook" */
	const char *source;        /* the plugin called (its path), or NULL */
	const struct value *args;  /* the current widget's arguments */
	char *fail_key;            /* set by wardsite.arg_error */
	char *content_error;       /* the last error the API raised about the site's files */
};

static struct plugins *S_self(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/* ---- paths ---- */

/* Decodes %XX escapes of a URL path; NULL for a bad escape or a NUL. */
static char *S_unescape(const char *s)
{
	struct buf b = BUF_INIT;
	for (const char *p = s; *p; p++) {
		if (*p == '%') {
			int v = 0;
			for (int i = 1; i <= 2; i++) {
				char c = p[i];
				int x = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
				if (x < 0) {
					buf_free(&b);
					return NULL;
				}
				v = v * 16 + x;
			}
			if (v == 0) {
				buf_free(&b);
				return NULL;
			}
			buf_putc(&b, (char)v);
			p += 2;
		} else {
			buf_putc(&b, *p);
		}
	}
	return buf_detach(&b);
}

static char *S_resolve_from(const char *file, const char *ref);

/* The repository path of ref: relative to the folder of the current
 * page's file, or from the top of the repository when it starts with
 * '/'.  "." and ".." are resolved; NULL when ref leaves the repository or
 * is a URL with a scheme. */
static char *S_resolve(struct plugins *p, const char *ref)
{
	return S_resolve_from(p->file, ref);
}

/* S_resolve relative to the folder of file (NULL: the top). */
static char *S_resolve_from(const char *file, const char *ref)
{
	if (strchr(ref, ':') && strcspn(ref, ":") < strcspn(ref, "/"))
		return NULL; /* https:, data:, … */
	char *path = S_unescape(ref);
	if (path == NULL)
		return NULL;
	struct buf joined = BUF_INIT;
	if (path[0] != '/' && file) {
		const char *slash = strrchr(file, '/');
		if (slash)
			buf_put(&joined, file, (size_t)(slash - file + 1));
	}
	buf_puts(&joined, path[0] == '/' ? path + 1 : path);
	free(path);
	/* normalise */
	char *in = buf_detach(&joined);
	struct buf out = BUF_INIT;
	size_t *starts = xmalloc((strlen(in) + 1) * sizeof *starts);
	size_t depth = 0;
	char *save = NULL;
	int bad = 0;
	for (char *seg = strtok_r(in, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (depth == 0) {
				bad = 1;
				break;
			}
			out.len = starts[--depth];
			if (out.data)
				out.data[out.len] = '\0';
			continue;
		}
		starts[depth++] = out.len;
		if (out.len)
			buf_putc(&out, '/');
		buf_puts(&out, seg);
	}
	free(starts);
	free(in);
	if (bad || out.len == 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

/* ---- pushing values ---- */

static void S_set_where(struct plugins *p, int idx, const char *path, int line)
{
	lua_State *L = p->L;
	idx = lua_absindex(L, idx);
	lua_rawgeti(L, LUA_REGISTRYINDEX, p->where_ref);
	lua_pushvalue(L, idx);
	if (line > 0)
		lua_pushfstring(L, "%s:%d", path, line);
	else
		lua_pushstring(L, path);
	lua_rawset(L, -3);
	lua_pop(L, 1);
}

/* Pushes a YAML value; every table it makes knows where it came from. */
static void S_push_value(struct plugins *p, const struct value *v, const char *path)
{
	lua_State *L = p->L;
	luaL_checkstack(L, 6, "data too deep");
	if (v == NULL || (v->type != VALUE_LIST && v->type != VALUE_MAP)) {
		lua_host_push_value(L, v);
		return;
	}
	lua_host_spend(L, LUA_HOST_ITEM * (1 + (lua_Integer)v->n));
	lua_createtable(L, v->type == VALUE_LIST ? (int)v->n : 0, v->type == VALUE_MAP ? (int)v->n : 0);
	for (size_t i = 0; i < v->n; i++) {
		if (v->type == VALUE_MAP)
			lua_pushlstring(L, v->keys[i]->str, v->keys[i]->len);
		S_push_value(p, v->items[i], path);
		if (v->type == VALUE_MAP)
			lua_rawset(L, -3);
		else
			lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	S_set_where(p, -1, path, v->line);
}

/* A CSV file: a list of rows, each a table of column name -> text (empty
 * cells left out). */
static void S_push_csv(struct plugins *p, const struct csv *c, const char *path)
{
	lua_State *L = p->L;
	lua_createtable(L, (int)c->nrows, 0);
	for (size_t r = 0; r < c->nrows; r++) {
		lua_host_spend(L, LUA_HOST_ITEM * (1 + (lua_Integer)c->ncols));
		lua_createtable(L, 0, (int)c->ncols);
		for (size_t k = 0; k < c->ncols; k++) {
			if (c->rows[r].cells[k][0] == '\0')
				continue;
			lua_pushstring(L, c->rows[r].cells[k]);
			lua_setfield(L, -2, c->header[k]);
		}
		S_set_where(p, -1, path, c->rows[r].line);
		lua_rawseti(L, -2, (lua_Integer)r + 1);
	}
	S_set_where(p, -1, path, 1);
}

/* What a plugin sees of a page: no content (pages are rendered one after
 * the other, so another page's content may not exist yet). */
static void S_push_page(struct plugins *p, const struct page *pg)
{
	lua_State *L = p->L;
	lua_createtable(L, 0, 12);
	lua_host_set_str(L, "kind", site_kind_name(pg->kind));
	lua_host_set_str(L, "title", pg->title);
	lua_host_set_str(L, "url", pg->url);
	lua_host_set_str(L, "lang", pg->lang ? pg->lang->code : NULL);
	lua_host_set_str(L, "section", pg->section);
	lua_host_set_str(L, "file", pg->file);
	lua_host_set_str(L, "summary", pg->summary);
	if (p->env.site && pg->url) {
		lua_pushfstring(L, "%s%s", p->env.site->origin, pg->url);
		lua_setfield(L, -2, "permalink");
	}
	if (pg->has_date) {
		lua_host_push_date(L, &pg->date);
		lua_setfield(L, -2, "date");
	}
	if (pg->has_lastmod) {
		lua_host_push_date(L, &pg->lastmod);
		lua_setfield(L, -2, "lastmod");
	}
	lua_createtable(L, (int)pg->ntags, 0);
	for (size_t i = 0; i < pg->ntags; i++) {
		lua_pushstring(L, pg->tags[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "tags");
	if (pg->front && pg->front->type == VALUE_MAP)
		lua_host_push_value(L, pg->front);
	else
		lua_newtable(L);
	lua_setfield(L, -2, "params");
}

/* ---- the C side of the API ---- */

static int S_api_widget(lua_State *L)
{
	struct plugins *p = S_self(L);
	const char *name = luaL_checkstring(L, 1);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	if (p->loading == NULL)
		return luaL_error(L, "wardsite.widget() registers a widget while its plugin loads, not later");
	int ok = name[0] >= 'a' && name[0] <= 'z';
	for (const char *c = name; ok && *c; c++)
		ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_';
	if (!ok)
		return luaL_error(L, "widget name '%s': use lowercase letters, digits, '-' and '_', starting with a letter",
				  name);
	const char *owner = map_get(&p->widget_owner, name);
	if (owner)
		return luaL_error(L, "widget '%s' is already registered by %s", name, owner);
	map_put(&p->widget_owner, name, xstrdup(p->loading));
	lua_rawgeti(L, LUA_REGISTRYINDEX, p->widgets_ref);
	lua_pushvalue(L, 2);
	lua_setfield(L, -2, name);
	return 0;
}

static int S_api_hook(lua_State *L)
{
	struct plugins *p = S_self(L);
	const char *event = luaL_checkstring(L, 1);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	if (p->loading == NULL)
		return luaL_error(L, "wardsite.hook() registers a hook while its plugin loads, not later");
	int *count = strcmp(event, "page") == 0 ? &p->npage_hooks : strcmp(event, "image") == 0 ? &p->nimage_hooks : NULL;
	if (count == NULL)
		return luaL_error(L, "unknown hook '%s' (there are \"page\" and \"image\")", event);
	lua_rawgeti(L, LUA_REGISTRYINDEX, p->hooks_ref);
	lua_getfield(L, -1, event);
	lua_pushvalue(L, 2);
	lua_rawseti(L, -2, ++*count);
	return 0;
}

static const char *const S_data_ext[] = {".yaml", ".yml", ".csv"};

static struct data_file *S_data_load(struct plugins *p, const char *path, const struct source_file *f)
{
	struct data_file *df = map_get(&p->data, path);
	if (df)
		return df;
	df = xcalloc(1, sizeof *df);
	map_put(&p->data, path, df);
	char *data = NULL, *err = NULL;
	size_t len, bad;
	if (source_read(p->env.src, f, &data, &len, &err) < 0) {
		diag_error(p->d, path, 0, 0, "%s", err);
		free(err);
		df->failed = 1;
		return df;
	}
	size_t n = strlen(path);
	int csv = n > 4 && strcmp(path + n - 4, ".csv") == 0;
	/* the build read the YAML files below data/ for site.data and reported their errors */
	struct diag quiet, *d = p->d;
	diag_init(&quiet, NULL);
	if (!csv && p->env.data_reported && strncmp(path, DATA_DIR, strlen(DATA_DIR)) == 0)
		d = &quiet;
	if (!text_utf8_valid(data, len, &bad)) {
		int line, col;
		text_position(data, bad, &line, &col);
		diag_error(d, path, line, col, "invalid UTF-8 or a NUL byte (save the file as UTF-8)");
		df->failed = 1;
	} else {
		size_t nlen;
		char *nfc = text_nfc(data, len, &nlen);
		if (csv)
			df->csv = csv_parse(nfc, nlen, path, d);
		else
			df->yaml = value_parse_yaml(nfc, nlen, path, 0, d);
		df->failed = df->csv == NULL && df->yaml == NULL;
		free(nfc);
	}
	diag_free(&quiet);
	free(data);
	return df;
}

/* Raises an error about the site's files (a missing image, a broken data
 * file), not about the plugin: S_fail reports it at the page's line
 * without the plugin's.  Does not return. */
static int S_content_error(lua_State *L, struct plugins *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *msg = lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	free(p->content_error);
	p->content_error = xstrdup(msg);
	return lua_error(L);
}

/* wardsite.data(name [, optional]): data/NAME.yaml, .yml or .csv; or a
 * path with a '/' or an extension, relative to the page (or from the top
 * with '/').  A missing file is an error, or nil when optional. */
static int S_api_data(lua_State *L)
{
	struct plugins *p = S_self(L);
	const char *name = luaL_checkstring(L, 1);
	if (p->env.src == NULL)
		return luaL_error(L, "wardsite.data(): no site to read data files from");
	const struct source_file *f = NULL;
	char *path = NULL;
	if (strchr(name, '/') == NULL && strchr(name, '.') == NULL) {
		for (size_t i = 0; i < 3 && f == NULL; i++) {
			free(path);
			path = xasprintf(DATA_DIR "%s%s", name, S_data_ext[i]);
			f = source_find(p->env.src, path);
		}
		if (f == NULL) {
			free(path);
			if (lua_toboolean(L, 2))
				return 0; /* optional: nil */
			return S_content_error(L, p, "no data file '%s': there is no data/%s.yaml, .yml or .csv", name, name);
		}
	} else {
		path = S_resolve(p, name);
		if (path == NULL)
			return S_content_error(L, p, "data file '%s' is outside the site", name);
		size_t n = strlen(path);
		int known = 0;
		for (size_t i = 0; i < 3; i++) {
			size_t e = strlen(S_data_ext[i]);
			known |= n > e && strcmp(path + n - e, S_data_ext[i]) == 0;
		}
		f = source_find(p->env.src, path);
		if (known && (f == NULL || f->kind != SOURCE_FILE) && lua_toboolean(L, 2)) {
			free(path);
			return 0;
		}
		if (!known || f == NULL || f->kind != SOURCE_FILE) {
			lua_pushfstring(L, known ? "no data file %s" : "%s: data files are .yaml, .yml or .csv", path);
			free(path);
			free(p->content_error);
			p->content_error = xstrdup(lua_tostring(L, -1));
			return lua_error(L);
		}
	}
	struct data_file *df = S_data_load(p, f->path, f);
	free(path);
	if (df->failed)
		return S_content_error(L, p, "data file %s has errors (reported above)", f->path);
	if (df->csv)
		S_push_csv(p, df->csv, f->path);
	else
		S_push_value(p, df->yaml, f->path);
	return 1;
}

static int S_api_where(lua_State *L)
{
	struct plugins *p = S_self(L);
	if (!lua_istable(L, 1))
		return 0;
	lua_rawgeti(L, LUA_REGISTRYINDEX, p->where_ref);
	lua_pushvalue(L, 1);
	lua_rawget(L, -2);
	return 1;
}

static void S_index_pages(struct plugins *p)
{
	if (p->pages_indexed || p->env.site == NULL)
		return;
	p->pages_indexed = 1;
	for (size_t i = 0; i < p->env.site->npages; i++) {
		struct page *pg = p->env.site->pages[i];
		if (pg->url)
			map_put(&p->by_url, pg->url, pg);
		if (pg->file)
			map_put(&p->by_file, pg->file, pg);
	}
}

/* wardsite.page(ref): a page by its file ("content/vi/x.md") or URL
 * ("/vi/x/", with or without the site's base path); nil when none. */
static int S_api_page(lua_State *L)
{
	struct plugins *p = S_self(L);
	const char *ref = luaL_checkstring(L, 1);
	if (p->env.site == NULL)
		return luaL_error(L, "wardsite.page(): no site to look pages up in");
	S_index_pages(p);
	struct page *pg = map_get(&p->by_file, ref);
	if (pg == NULL)
		pg = map_get(&p->by_url, ref);
	if (pg == NULL && ref[0] == '/') {
		char *with_base = xasprintf("%s%s", p->env.site->base_path, ref + 1);
		pg = map_get(&p->by_url, with_base);
		free(with_base);
	}
	if (pg == NULL)
		return 0;
	lua_host_spend(L, LUA_HOST_ITEM * (4 + (lua_Integer)pg->ntags));
	S_push_page(p, pg);
	return 1;
}

/* Files by folder, made on the first wardsite.files() of the build: a
 * scan of every file per call made a loop of calls hang on a large site. */
static void S_index_folders(struct plugins *p)
{
	if (p->folders_indexed)
		return;
	p->folders_indexed = 1;
	for (size_t i = 0; i < source_count(p->env.src); i++) {
		const struct source_file *f = source_get(p->env.src, i);
		const char *slash = strrchr(f->path, '/');
		if (f->kind != SOURCE_FILE || slash == NULL)
			continue;
		char *dir = xstrndup(f->path, (size_t)(slash - f->path));
		struct folder *fo = map_get(&p->folders, dir);
		if (fo == NULL)
			map_put(&p->folders, dir, fo = xcalloc(1, sizeof *fo));
		free(dir);
		if (fo->n == fo->cap) {
			fo->cap = fo->cap ? fo->cap * 2 : 8;
			fo->files = xrealloc(fo->files, fo->cap * sizeof *fo->files);
		}
		fo->files[fo->n++] = i;
	}
}

/* wardsite.files(folder): the files directly in folder (relative to the
 * page, or from the top with '/'), sorted: a list of {path, name}.  Each
 * file listed is charged to the budget. */
static int S_api_files(lua_State *L)
{
	struct plugins *p = S_self(L);
	const char *ref = luaL_checkstring(L, 1);
	if (p->env.src == NULL)
		return luaL_error(L, "wardsite.files(): no site to list files of");
	char *dir = S_resolve(p, ref);
	if (dir == NULL)
		return luaL_error(L, "folder '%s' is outside the site", ref);
	S_index_folders(p);
	const struct folder *fo = map_get(&p->folders, dir);
	size_t n = strlen(dir), count = fo ? fo->n : 0;
	free(dir);
	lua_host_spend(L, LUA_HOST_ITEM * (1 + (lua_Integer)count));
	lua_createtable(L, (int)count, 0);
	for (size_t k = 0; k < count; k++) {
		const struct source_file *f = source_get(p->env.src, fo->files[k]);
		lua_createtable(L, 0, 2);
		lua_host_set_str(L, "path", f->path);
		lua_host_set_str(L, "name", f->path + n + 1);
		lua_rawseti(L, -2, (lua_Integer)k + 1);
	}
	return 1;
}

/* The path of the plugin whose function is at stack level level, or
 * NULL (code made by load()). */
static const char *S_caller(lua_State *L, int level)
{
	lua_Debug ar;
	if (lua_getstack(L, level, &ar) && lua_getinfo(L, "S", &ar) && ar.source[0] == '@')
		return ar.source + 1;
	return NULL;
}

/* wardsite.warn(message): a warning at the current page's position (an
 * error with --strict); the first LUA_HOST_SHOWN of a plugin are printed,
 * the rest counted; a long message is cut. */
static int S_api_warn(lua_State *L)
{
	struct plugins *p = S_self(L);
	luaL_checkstring(L, 1);
	enum diag_severity sev = p->env.strict ? DIAG_ERROR : DIAG_WARNING;
	const char *source = S_caller(L, 1);
	lua_host_spend(L, 4 * LUA_HOST_ITEM); /* a message formatted and counted: dearer than an item */
	if (!lua_host_may_report(p->h, sev, source ? source : p->source ? p->source : p->loading))
		return 0;
	const char *msg = lua_host_cut(L, 1);
	char *tr = msg_tr_text(msg);
	diag_at(p->d, sev, p->file, p->line, p->col, "%s%s%s", p->what ? p->what : "", p->what ? ": " : "", tr ? tr : msg);
	free(tr);
	return 0;
}

/* wardsite.arg_error(key, message): the widget's error, reported at the
 * argument key's line instead of the block's. */
static int S_api_arg_error(lua_State *L)
{
	struct plugins *p = S_self(L);
	const char *key = luaL_checkstring(L, 1);
	luaL_checkstring(L, 2);
	free(p->fail_key);
	p->fail_key = xstrdup(key);
	lua_settop(L, 2);
	return lua_error(L); /* the message handler adds the plugin's line */
}

/* wardsite.parse_number(s): a number from a cell ("87,29", "1.234,5 %"),
 * or nil and the reason. */
static int S_api_parse_number(lua_State *L)
{
	if (lua_type(L, 1) == LUA_TNUMBER) {
		lua_settop(L, 1);
		return 1;
	}
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	lua_host_spend(L, LUA_HOST_ITEM + (lua_Integer)len);
	double v;
	const char *why;
	if (csv_number(s, &v, &why) == 0) {
		if (v == (double)(lua_Integer)v && v > -1e15 && v < 1e15)
			lua_pushinteger(L, (lua_Integer)v);
		else
			lua_pushnumber(L, v);
		return 1;
	}
	lua_pushnil(L);
	lua_pushstring(L, why);
	return 2;
}

/* Where a source file is published: content files where the site copies
 * them, static/x at x; NULL for files that are not published. */
static const char *S_dest(struct plugins *p, const struct source_file *f)
{
	if (!p->dest_indexed && p->env.site) {
		p->dest_indexed = 1;
		for (size_t i = 0; i < p->env.site->nfiles; i++)
			map_put(&p->dest, p->env.site->files[i]->path, (void *)p->env.site->file_dest[i]);
	}
	const char *d = map_get(&p->dest, f->path);
	if (d)
		return d;
	if (strncmp(f->path, "static/", 7) == 0)
		return f->path + 7;
	if (p->env.site == NULL && strncmp(f->path, "content/", 8) == 0)
		return f->path + 8;
	return NULL;
}

/* The file of the site that ref names (relative to the page, or from the
 * top with '/': then also below static/ or content/; a translation's
 * reference may be to the file beside its original).  Raises a content
 * error when there is none (does not return then). */
static const struct source_file *S_find_file(lua_State *L, struct plugins *p, const char *ref)
{
	char *path = S_resolve(p, ref);
	if (path == NULL) {
		S_content_error(L, p, "'%s' is not a file of the site", ref);
		return NULL;
	}
	const struct source_file *f = source_find(p->env.src, path);
	if (f == NULL && ref[0] == '/') {
		/* a URL from the site root: the file under static/ or content/ */
		static const char *const roots[] = {"static/", "content/"};
		for (size_t i = 0; i < 2 && f == NULL; i++) {
			char *alt = xasprintf("%s%s", roots[i], path);
			f = source_find(p->env.src, alt);
			free(alt);
		}
	}
	if (f == NULL && ref[0] != '/' && p->page) {
		/* a translation in another folder keeps its original's image paths:
		 * anh.jpg of content/en/x.md may be the one beside content/vi/x.md */
		for (size_t i = 0; i < p->page->ntranslations && f == NULL; i++) {
			if (p->page->translations[i]->file == NULL)
				continue;
			char *there = S_resolve_from(p->page->translations[i]->file, ref);
			f = there ? source_find(p->env.src, there) : NULL;
			free(there);
		}
	}
	if (f == NULL && ref[0] != '/' && p->page && p->page->translation_key && p->page->ntranslations == 0) {
		/* a translation whose original was not read (its front matter has
		 * an error, or it is gone): say so, so that the editor looks at the
		 * original rather than at this page, which may be right */
		lua_pushfstring(L, msg_tr("no such file: %s, and no page of another language with translation_key '%s' "
		                          "was read (if its original has the photo, that file is missing or has an error)"),
		                path, p->page->translation_key);
		free(path);
		free(p->content_error);
		p->content_error = xstrdup(lua_tostring(L, -1));
		lua_error(L);
		return NULL;
	}
	if (f == NULL) {
		lua_pushfstring(L, msg_tr("no such file: %s"), path);
		free(path);
		free(p->content_error);
		p->content_error = xstrdup(lua_tostring(L, -1));
		lua_error(L);
		return NULL;
	}
	free(path);
	return f;
}

/* The published source file of an image reference, with where it is
 * published in *dest_out; raises the content error of a missing or
 * unpublished file.  [-0, +0, e] */
static const struct source_file *S_image_file(lua_State *L, struct plugins *p, const char *ref, const char **dest_out)
{
	if (p->env.images == NULL || p->env.src == NULL) {
		luaL_error(L, "image(): no images in this build");
		return NULL;
	}
	const struct source_file *f = S_find_file(L, p, ref);
	const char *dest = S_dest(p, f);
	if (dest == NULL) {
		S_content_error(L, p, "%s is not published: put images under content/ or static/", f->path);
		return NULL;
	}
	*dest_out = dest;
	return f;
}

/* wardsite.image(src [, {widths = {…}} or {largest = true}]): the web
 * versions of an image (relative to the page, or from the top with '/');
 * largest: only the widest configured one, for a link to the large photo.
 * Returns a table {url (the original, published only when a page links
 * to it), width, height (as shown), src (a middle version),
 * srcset, sizes, largest (URL), webp_srcset (for a <source type="image/webp">
 * beside a JPEG, whose element wardsite leaves out when no WebP is smaller
 * than its JPEG; absent for a PNG), variants = {{url, width, height}, …}}. */
static int S_api_image(lua_State *L)
{
	struct plugins *p = S_self(L);
	const char *ref = luaL_checkstring(L, 1);
	int widths[IMAGE_MAX_WIDTHS];
	size_t nw = 0;
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		if (lua_getfield(L, 2, "widths") != LUA_TNIL) {
			luaL_checktype(L, -1, LUA_TTABLE);
			lua_Integer n = luaL_len(L, -1);
			if (n < 1 || n > IMAGE_MAX_WIDTHS)
				return luaL_error(L, "image(): widths must list 1 to %d widths", IMAGE_MAX_WIDTHS);
			for (lua_Integer i = 1; i <= n; i++) {
				lua_geti(L, -1, i);
				int isnum;
				lua_Integer w = lua_tointegerx(L, -1, &isnum);
				lua_pop(L, 1);
				if (!isnum || w < 16 || w > 10000 || (nw > 0 && w <= widths[nw - 1]))
					return luaL_error(L, "image(): widths must be growing whole numbers from 16 to 10000");
				widths[nw++] = (int)w;
			}
		}
		lua_pop(L, 1);
		lua_getfield(L, 2, "largest");
		if (lua_toboolean(L, -1) && p->env.images) {
			widths[0] = images_widest(p->env.images);
			nw = 1;
		}
		lua_pop(L, 1);
	}
	const char *dest;
	const struct source_file *f = S_image_file(L, p, ref, &dest);
	struct image_plan plan;
	char *why = NULL;
	const char *base = p->env.site ? p->env.site->base_path : "/";
	if (images_plan(p->env.images, f, dest, base, nw ? widths : NULL, nw, p->file, p->line, p->col, &plan, &why) < 0) {
		lua_pushfstring(L, "%s: %s", f->path, why);
		free(why);
		free(p->content_error);
		p->content_error = xstrdup(lua_tostring(L, -1));
		return lua_error(L);
	}
	lua_host_spend(L, LUA_HOST_ITEM * (1 + (lua_Integer)plan.n));
	lua_createtable(L, 0, 9);
	lua_host_set_str(L, "url", plan.original);
	lua_pushinteger(L, plan.info.width);
	lua_setfield(L, -2, "width");
	lua_pushinteger(L, plan.info.height);
	lua_setfield(L, -2, "height");
	lua_host_set_str(L, "src", plan.v[plan.n / 2].url);
	lua_host_set_str(L, "largest", plan.v[plan.n - 1].url);
	lua_host_set_str(L, "sizes", images_sizes(p->env.images));
	if (plan.webp)
		lua_host_set_str(L, "webp_srcset", plan.webp);
	struct buf srcset = BUF_INIT;
	lua_createtable(L, (int)plan.n, 0);
	for (size_t i = 0; i < plan.n; i++) {
		lua_createtable(L, 0, 3);
		lua_host_set_str(L, "url", plan.v[i].url);
		lua_pushinteger(L, plan.v[i].width);
		lua_setfield(L, -2, "width");
		lua_pushinteger(L, plan.v[i].height);
		lua_setfield(L, -2, "height");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
		buf_printf(&srcset, "%s%s %dw", i ? ", " : "", plan.v[i].url, plan.v[i].width);
	}
	lua_setfield(L, -2, "variants");
	lua_host_set_str(L, "srcset", buf_cstr(&srcset));
	buf_free(&srcset);
	return 1;
}

/* The URL of the published file dest ("vi/x/ban tin.mp3") from the site
 * root, percent-encoded but for what a path keeps. */
static void S_push_file_url(lua_State *L, struct plugins *p, const char *dest)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, p->env.site ? p->env.site->base_path : "/");
	for (const unsigned char *c = (const unsigned char *)dest; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("-._~/", *c))
			buf_putc(&b, (char)*c);
		else
			buf_printf(&b, "%%%02X", *c);
	}
	lua_pushlstring(L, b.data ? b.data : "", b.len);
	buf_free(&b);
}

/* The language of a file of content/LANG/…: LANG when it is one of the
 * site's, else the current page's. */
static const char *S_file_lang(struct plugins *p, const char *path)
{
	const struct site *s = p->env.site;
	for (size_t i = 0; s && strncmp(path, "content/", 8) == 0 && i < s->nlangs; i++) {
		size_t n = strlen(s->langs[i]->code);
		if (strncmp(path + 8, s->langs[i]->code, n) == 0 && path[8 + n] == '/')
			return s->langs[i]->code;
	}
	return p->page && p->page->lang ? p->page->lang->code : "";
}

/* The file beside stem ("content/vi/x/ban-tin") named STEM.LANG.EXT in
 * the page's language, else STEM.EXT; NULL when neither is published. */
static const struct source_file *S_sibling(struct plugins *p, const char *stem, const char *ext, const char **lang)
{
	const char *page_lang = p->page && p->page->lang ? p->page->lang->code : NULL;
	for (int i = page_lang ? 0 : 1; i < 2; i++) {
		char *path = i == 0 ? xasprintf("%s.%s.%s", stem, page_lang, ext) : xasprintf("%s.%s", stem, ext);
		const struct source_file *f = source_find(p->env.src, path);
		free(path);
		if (f && f->kind == SOURCE_FILE && S_dest(p, f)) {
			*lang = i == 0 ? page_lang : S_file_lang(p, f->path);
			return f;
		}
	}
	return NULL;
}

/* t[key] = {url, type, format, size, lang} of a file beside a media
 * file, which is then published too. */
static void S_set_sibling(lua_State *L, struct plugins *p, const struct source_file *f, const char *mime,
			  const char *format, const char *lang, const char *key)
{
	media_set_publish(p->env.media, f->path);
	lua_createtable(L, 0, 5);
	S_push_file_url(L, p, S_dest(p, f));
	lua_setfield(L, -2, "url");
	lua_host_set_str(L, "type", mime);
	lua_host_set_str(L, "format", format);
	lua_host_set_str(L, "lang", lang);
	lua_pushinteger(L, (lua_Integer)media_set_size(p->env.media, f));
	lua_setfield(L, -2, "size");
	lua_setfield(L, -2, key);
}

/* wardsite.media(src): an audio or video file of the site (relative to
 * the page, or from the top with '/'), published where it is.  Returns
 * a table {url, type (MIME), format ("MP3"), kind ("audio" or "video"),
 * size (bytes), duration (seconds; absent when the file does not say:
 * a warning then), duration_text ("3 phút 12 giây" in the page's
 * language), duration_iso ("PT3M12S"), and what lies beside it under the
 * same name: poster ("/path" of NAME.jpg, .jpeg or .png, for
 * wardsite.image), captions (NAME.vtt) and transcript (NAME.txt, else
 * NAME.pdf), each {url, type, format, size, lang}, NAME.LANG.EXT in the
 * page's language first}.  A file that is not audio or video wardsite
 * plays, or is missing, is an error at the page's line. */
static int S_api_media(lua_State *L)
{
	struct plugins *p = S_self(L);
	const char *ref = luaL_checkstring(L, 1);
	if (p->env.media == NULL || p->env.src == NULL)
		return luaL_error(L, "media(): no media files in this build");
	const struct media_type *t = media_type_of(ref);
	if (t == NULL)
		return S_content_error(L, p, "'%s' is not audio or video that wardsite plays (mp3, m4a, ogg, opus, mp4, webm)",
				       ref);
	const struct source_file *f = S_find_file(L, p, ref);
	const char *dest = S_dest(p, f);
	if (dest == NULL)
		return S_content_error(L, p, "%s is not published: put audio and video under content/ or static/", f->path);
	media_set_publish(p->env.media, f->path);
	const struct media_info *info = media_set_probe(p->env.media, f);
	lua_host_spend(L, LUA_HOST_ITEM * 4);
	const char *lang = p->page && p->page->lang ? p->page->lang->code : "en";
	lua_createtable(L, 0, 12);
	S_push_file_url(L, p, dest);
	lua_setfield(L, -2, "url");
	lua_host_set_str(L, "type", t->mime);
	lua_host_set_str(L, "format", t->label);
	lua_host_set_str(L, "kind", t->kind == MEDIA_VIDEO ? "video" : "audio");
	lua_pushinteger(L, (lua_Integer)info->size);
	lua_setfield(L, -2, "size");
	if (info->has_duration) {
		struct buf b = BUF_INIT;
		lua_pushnumber(L, (lua_Number)info->ms / 1000.0);
		lua_setfield(L, -2, "duration");
		media_duration_text(&b, info->ms, lang);
		lua_host_set_str(L, "duration_text", buf_cstr(&b));
		buf_reset(&b);
		media_duration_iso(&b, info->ms);
		lua_host_set_str(L, "duration_iso", buf_cstr(&b));
		buf_free(&b);
	} else {
		enum diag_severity sev = p->env.strict ? DIAG_ERROR : DIAG_WARNING;
		if (info->why)
			diag_at(p->d, sev, p->file, p->line, p->col,
				"%s%sthe duration of %s cannot be read: %s; the page shows none (check that the file plays)",
				p->what ? p->what : "", p->what ? ": " : "", f->path, msg_tr(info->why));
		else
			diag_at(p->d, sev, p->file, p->line, p->col, "%s%scannot read %s: the page shows no duration",
				p->what ? p->what : "", p->what ? ": " : "", f->path);
	}
	const char *dot = strrchr(f->path, '.');
	char *stem = dot ? xstrndup(f->path, (size_t)(dot - f->path)) : xstrdup(f->path);
	const char *slang;
	static const char *const posters[] = {"jpg", "jpeg", "png", "JPG", "PNG"};
	for (size_t i = 0; i < sizeof posters / sizeof *posters; i++) {
		char *path = xasprintf("%s.%s", stem, posters[i]);
		const struct source_file *pf = source_find(p->env.src, path);
		if (pf && pf->kind == SOURCE_FILE) {
			lua_pushfstring(L, "/%s", path);
			lua_setfield(L, -2, "poster");
			free(path);
			break;
		}
		free(path);
	}
	const struct source_file *sf = S_sibling(p, stem, "vtt", &slang);
	if (sf)
		S_set_sibling(L, p, sf, "text/vtt", "WebVTT", slang, "captions");
	if ((sf = S_sibling(p, stem, "txt", &slang)) != NULL)
		S_set_sibling(L, p, sf, "text/plain", "TXT", slang, "transcript");
	else if ((sf = S_sibling(p, stem, "pdf", &slang)) != NULL)
		S_set_sibling(L, p, sf, "application/pdf", "PDF", slang, "transcript");
	free(stem);
	return 1;
}

/* wardsite.share_image(src, alt): offers a photo as the page's share
 * picture (og:image): on an article (a regular page) that has none yet,
 * plans its 1200 x 630 JPEG (images_plan_share) and keeps it, with alt,
 * for the page's table (page.share_image).  Returns {url, width, height}
 * of the picture, or nil when the page is not an article, already has
 * one (the first photo wins) or names its own in the front matter's
 * image (that one is used as it is); then nothing is made.  [-0, +1, e] */
static int S_api_share_image(lua_State *L)
{
	struct plugins *p = S_self(L);
	const char *ref = luaL_checkstring(L, 1);
	const char *alt = luaL_optstring(L, 2, "");
	const struct value *own = p->page && p->page->front ? value_get(p->page->front, "image") : NULL;
	if (p->page == NULL || p->page->kind != PAGE_REGULAR || p->page->share_image != NULL ||
	    (own && own->type == VALUE_STRING)) {
		lua_pushnil(L);
		return 1;
	}
	const char *dest;
	const struct source_file *f = S_image_file(L, p, ref, &dest);
	struct image_variant v;
	char *why = NULL;
	const char *base = p->env.site ? p->env.site->base_path : "/";
	if (images_plan_share(p->env.images, f, dest, base, p->file, p->line, p->col, &v, &why) < 0) {
		lua_pushfstring(L, "%s: %s", f->path, why);
		free(why);
		free(p->content_error);
		p->content_error = xstrdup(lua_tostring(L, -1));
		return lua_error(L);
	}
	lua_host_spend(L, LUA_HOST_ITEM);
	p->page->share_image = v.url;
	p->page->share_width = v.width;
	p->page->share_height = v.height;
	p->page->share_alt = p->env.site ? arena_strdup(&p->env.site->arena, alt) : NULL;
	lua_createtable(L, 0, 3);
	lua_host_set_str(L, "url", v.url);
	lua_pushinteger(L, v.width);
	lua_setfield(L, -2, "width");
	lua_pushinteger(L, v.height);
	lua_setfield(L, -2, "height");
	return 1;
}

static const luaL_Reg S_api[] = {
	{"widget", S_api_widget},     {"hook", S_api_hook},   {"data", S_api_data},
	{"where", S_api_where},       {"page", S_api_page},   {"files", S_api_files},
	{"warn", S_api_warn},         {"arg_error", S_api_arg_error},
	{"parse_number", S_api_parse_number}, {"image", S_api_image}, {"media", S_api_media},
	{"share_image", S_api_share_image},
	{NULL, NULL},
};

/* ---- set-up ---- */

static int S_ref_new_table(lua_State *L)
{
	lua_newtable(L);
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

struct plugins *plugins_new(struct lua_host *h, const struct plugin_env *env)
{
	struct plugins *p = xcalloc(1, sizeof *p);
	p->h = h;
	p->L = lua_host_state(h);
	p->d = lua_host_diag(h);
	if (env)
		p->env = *env;
	lua_State *L = p->L;
	p->widgets_ref = S_ref_new_table(L);
	lua_newtable(L);
	lua_newtable(L);
	lua_setfield(L, -2, "page");
	lua_newtable(L);
	lua_setfield(L, -2, "image");
	p->hooks_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	p->where_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	p->ctx_ref = LUA_NOREF;

	if (luasrc_load(L, "plugins.lua") != LUA_OK) {
		diag_error(p->d, NULL, 0, 0, "cannot start plugins: %s", lua_tostring(L, -1));
		lua_pop(L, 1);
		p->make_env_ref = LUA_NOREF;
		return p;
	}
	lua_newtable(L);
	for (const luaL_Reg *r = S_api; r->name; r++) {
		lua_pushlightuserdata(L, p);
		lua_host_push_cfunction(L, r->func, 1);
		lua_setfield(L, -2, r->name);
	}
	lua_pushliteral(L, "0.1");
	lua_setfield(L, -2, "version");
	lua_host_push_helpers(h);
	if (lua_host_call(h, 2, 1) != LUA_OK) {
		diag_error(p->d, NULL, 0, 0, "cannot start plugins: %s", lua_tostring(L, -1));
		lua_pop(L, 1);
		p->make_env_ref = LUA_NOREF;
		return p;
	}
	p->make_env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return p;
}

int plugins_read_data(const struct plugins *p, const char *path)
{
	return p != NULL && map_get(&p->data, path) != NULL;
}

void plugins_free(struct plugins *p)
{
	if (p == NULL)
		return;
	lua_State *L = p->L;
	luaL_unref(L, LUA_REGISTRYINDEX, p->make_env_ref);
	luaL_unref(L, LUA_REGISTRYINDEX, p->widgets_ref);
	luaL_unref(L, LUA_REGISTRYINDEX, p->hooks_ref);
	luaL_unref(L, LUA_REGISTRYINDEX, p->where_ref);
	luaL_unref(L, LUA_REGISTRYINDEX, p->ctx_ref);
	for (size_t i = 0; i < p->widget_owner.cap; i++)
		if (p->widget_owner.slots[i].key)
			free(p->widget_owner.slots[i].value);
	map_free(&p->widget_owner);
	for (size_t i = 0; i < p->data.cap; i++)
		if (p->data.slots[i].key) {
			struct data_file *df = p->data.slots[i].value;
			value_free(df->yaml);
			csv_free(df->csv);
			free(df);
		}
	map_free(&p->data);
	map_free(&p->by_url);
	map_free(&p->by_file);
	map_free(&p->dest);
	for (size_t i = 0; i < p->folders.cap; i++)
		if (p->folders.slots[i].key) {
			struct folder *fo = p->folders.slots[i].value;
			free(fo->files);
			free(fo);
		}
	map_free(&p->folders);
	free(p->fail_key);
	free(p->content_error);
	free(p);
}

int plugins_load(struct plugins *p, const char *path, const char *code, size_t len)
{
	lua_State *L = p->L;
	if (p->make_env_ref == LUA_NOREF)
		return -1;
	if (len > 0 && code[0] == LUA_SIGNATURE[0]) {
		diag_error(p->d, path, 0, 0, "a compiled (binary) Lua chunk: plugins must be Lua source text");
		return -1;
	}
	size_t bad;
	if (!text_utf8_valid(code, len, &bad)) {
		int line, col;
		text_position(code, bad, &line, &col);
		diag_error(p->d, path, line, col, "invalid UTF-8 or a NUL byte");
		return -1;
	}
	char *chunkname = xasprintf("@%s", path);
	int rc = luaL_loadbufferx(L, code, len, chunkname, "t");
	free(chunkname);
	if (rc != LUA_OK) {
		lua_host_report(p->d, lua_tostring(L, -1), NULL);
		lua_pop(L, 1);
		return -1;
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, p->make_env_ref);
	lua_call(L, 0, 1);
	lua_setupvalue(L, -2, 1); /* the chunk's _ENV */
	p->loading = path;
	p->file = NULL;
	p->what = NULL;
	rc = lua_host_call(p->h, 0, 0);
	p->loading = NULL;
	if (rc == LUA_ERRMEM) {
		diag_error(p->d, path, 0, 0, "needs more than %d MiB of memory while it loads", lua_host_memory_mib(p->h));
		lua_pop(L, 1);
		return -1;
	}
	if (rc != LUA_OK) {
		lua_host_report(p->d, lua_tostring(L, -1), NULL);
		lua_pop(L, 1);
		return -1;
	}
	return 0;
}

static int S_is_plugin_path(const char *path)
{
	size_t n = strlen(path);
	return strncmp(path, PLUGIN_DIR, strlen(PLUGIN_DIR)) == 0 && strchr(path + strlen(PLUGIN_DIR), '/') == NULL &&
	       n > strlen(PLUGIN_DIR) + 4 && strcmp(path + n - 4, ".lua") == 0;
}

int plugins_load_all(struct plugins *p)
{
	int rc = 0;
	/* shipped and site plugins, merged in path order */
	size_t i = 0, k = 0, nsrc = p->env.src ? source_count(p->env.src) : 0;
	for (;;) {
		while (k < nsrc && !S_is_plugin_path(source_get(p->env.src, k)->path))
			k++;
		const struct source_file *f = k < nsrc ? source_get(p->env.src, k) : NULL;
		const struct plugin_file *s = i < plugin_nshipped ? &plugin_shipped[i] : NULL;
		if (f == NULL && s == NULL)
			break;
		int cmp = f == NULL ? 1 : s == NULL ? -1 : strcmp(f->path, s->path);
		if (cmp <= 0) {
			/* the site's own; it replaces a shipped one of the same path */
			if (f->kind != SOURCE_FILE) {
				diag_warning(p->d, f->path, 0, 0, "a plugin must be a regular file, not a %s: skipped",
					     f->kind == SOURCE_LINK ? "symbolic link" : "submodule");
			} else {
				char *data, *err;
				size_t len;
				if (source_read(p->env.src, f, &data, &len, &err) < 0) {
					diag_error(p->d, f->path, 0, 0, "%s", err);
					free(err);
					rc = -1;
				} else {
					if (plugins_load(p, f->path, data, len) < 0)
						rc = -1;
					free(data);
				}
			}
			k++;
			if (cmp == 0)
				i++;
		} else {
			if (plugins_load(p, s->path, s->code, s->len) < 0)
				rc = -1;
			i++;
		}
	}
	return rc;
}

int plugins_has_widget(struct plugins *p, const char *name)
{
	return map_get(&p->widget_owner, name) != NULL;
}

int plugins_page_hooks(struct plugins *p)
{
	return p->npage_hooks;
}

uint64_t plugins_page_key(struct plugins *p, const struct page *pg, uint64_t seed)
{
	S_push_page(p, pg);
	uint64_t h = lua_host_hash(p->L, -1, seed, NULL, NULL);
	lua_pop(p->L, 1);
	return h;
}

void plugins_begin(struct plugins *p, struct page *pg, int site_ref)
{
	lua_State *L = p->L;
	p->page = pg;
	p->file = pg->file;
	lua_createtable(L, 0, 3);
	lua_host_set_str(L, "lang", pg->lang ? pg->lang->code : "en");
	if (site_ref != LUA_NOREF) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, site_ref);
	} else {
		lua_createtable(L, 0, 4);
		const struct site *s = p->env.site;
		lua_host_set_str(L, "base_path", s ? s->base_path : "/");
		lua_host_set_str(L, "origin", s ? s->origin : "");
		lua_host_set_str(L, "default_language", s ? s->default_language : pg->lang ? pg->lang->code : "en");
		lua_newtable(L);
		lua_setfield(L, -2, "languages");
	}
	lua_setfield(L, -2, "site");
	S_push_page(p, pg);
	lua_setfield(L, -2, "page");
	luaL_unref(L, LUA_REGISTRYINDEX, p->ctx_ref);
	p->ctx_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

void plugins_end(struct plugins *p)
{
	luaL_unref(p->L, LUA_REGISTRYINDEX, p->ctx_ref);
	p->ctx_ref = LUA_NOREF;
	p->page = NULL;
	p->file = NULL;
}

/* The path of the plugin of the function on top of the stack, or NULL. */
static const char *S_fn_source(lua_State *L)
{
	lua_Debug ar;
	lua_pushvalue(L, -1);
	if (lua_getinfo(L, ">S", &ar) && ar.source[0] == '@')
		return ar.source + 1; /* kept alive by the function */
	return NULL;
}

/* Calls fn (on the stack, below nargs arguments) through the runtime's
 * call(context, f, …) so that the helpers see the page's language.
 * Returns lua_host_call's status; the one result or the message is on
 * the stack. */
static int S_call(struct plugins *p, int nargs)
{
	lua_State *L = p->L;
	int fn = lua_gettop(L) - nargs;
	lua_host_push_runtime(p->h, "call");
	lua_insert(L, fn);
	lua_rawgeti(L, LUA_REGISTRYINDEX, p->ctx_ref);
	lua_insert(L, fn + 1);
	free(p->fail_key);
	p->fail_key = NULL;
	free(p->content_error);
	p->content_error = NULL;
	return lua_host_call(p->h, nargs + 2, 1);
}

/* msg without "lua-plugins/x.lua:N: " when it is the API's error about
 * the site's files: the editor's page and line say where, the plugin's
 * line would only mislead.  A plugin's own errors keep their position. */
static const char *S_without_plugin_line(const struct plugins *p, const char *msg)
{
	if (msg == NULL || p->content_error == NULL)
		return msg;
	size_t n = strlen(msg), k = strlen(p->content_error);
	if (n < k || strcmp(msg + n - k, p->content_error) != 0)
		return msg;
	if (n == k)
		return msg + n - k;
	const char *colon = strchr(msg, ':');
	if (n >= k + 2 && msg[n - k - 2] == ':' && msg[n - k - 1] == ' ' && colon && colon + 1 < msg + n - k &&
	    strspn(colon + 1, "0123456789") == (size_t)(msg + n - k - 2 - colon - 1))
		return msg + n - k;
	return msg;
}

/* Records the failure of the current call (message on the stack, popped). */
static void S_fail(struct plugins *p, int status)
{
	lua_State *L = p->L;
	int line = p->line, col = p->col;
	if (p->fail_key && p->args) {
		const struct value *k = value_key(p->args, p->fail_key);
		const struct value *v = value_get(p->args, p->fail_key);
		if (v && v->line) {
			line = v->line;
			col = v->col;
		} else if (k) {
			line = k->line;
			col = k->col;
		}
	}
	if (!lua_host_may_report(p->h, DIAG_ERROR, p->source))
		; /* counted: the plugin failed on more pages than are shown */
	else if (status == LUA_ERRMEM)
		diag_at(p->d, DIAG_ERROR, p->file, line, col, "%s: needs more than %d MiB of memory", p->what,
			lua_host_memory_mib(p->h));
	else {
		const char *msg = S_without_plugin_line(p, lua_tostring(L, -1));
		char *tr = msg_tr_text(msg);
		diag_at(p->d, DIAG_ERROR, p->file, line, col, "%s: %s", p->what, tr ? tr : msg);
		free(tr);
	}
	lua_pop(L, 1);
}

/* Takes the call's result (popped): a string into *html; nil -> NULL. */
static int S_result(struct plugins *p, const char *owner, char **html)
{
	lua_State *L = p->L;
	*html = NULL;
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return 1;
	}
	if (lua_type(L, -1) != LUA_TSTRING) {
		diag_at(p->d, DIAG_ERROR, p->file, p->line, p->col, "%s: %s returned a %s, not a string of HTML", p->what,
			owner, luaL_typename(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	size_t len;
	const char *s = lua_tolstring(L, -1, &len);
	const char *nul = memchr(s, '\0', len);
	if (nul) {
		diag_at(p->d, DIAG_ERROR, p->file, p->line, p->col,
			"%s: %s returned HTML with a NUL byte (byte %zu of %zu), which would cut the page there", p->what,
			owner, (size_t)(nul - s) + 1, len);
		lua_pop(L, 1);
		return -1;
	}
	*html = xstrndup(s, len);
	lua_pop(L, 1);
	return 0;
}

int plugins_widget(struct plugins *p, const char *name, const char *args, size_t len, int line, int col,
		   char **html)
{
	lua_State *L = p->L;
	*html = NULL;
	char *what = xasprintf(msg_tr("widget '%s'"), name);
	int rc = -1;
	char *prefix = xasprintf(msg_tr("%s: its arguments are not valid YAML"), what);
	struct value *v = value_parse_yaml_as(args, len, p->file, line, prefix, p->d);
	free(prefix);
	if (v == NULL)
		goto out;
	if (v->type != VALUE_MAP && v->type != VALUE_NULL) {
		diag_error(p->d, p->file, line, col, "%s: the block must hold YAML arguments (key: value lines), not %s",
			   what, value_type_name(v->type));
		goto out;
	}
	p->line = line;
	p->col = col;
	p->what = what;
	p->args = v;
	p->source = map_get(&p->widget_owner, name);
	lua_rawgeti(L, LUA_REGISTRYINDEX, p->widgets_ref);
	lua_getfield(L, -1, name);
	lua_remove(L, -2);
	if (v->type == VALUE_MAP)
		S_push_value(p, v, p->file ? p->file : "");
	else
		lua_newtable(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, p->ctx_ref);
	lua_getfield(L, -1, "page");
	lua_remove(L, -2);
	int st = S_call(p, 2);
	if (st != LUA_OK) {
		S_fail(p, st);
		goto out;
	}
	rc = S_result(p, map_get(&p->widget_owner, name), html) < 0 ? -1 : 0;
	if (rc == 0 && *html == NULL)
		*html = xstrdup("");
out:
	p->what = NULL;
	p->args = NULL;
	p->source = NULL;
	value_free(v);
	free(what);
	return rc;
}

int plugins_image(struct plugins *p, const struct markdown_image *img, char **html)
{
	lua_State *L = p->L;
	*html = NULL;
	if (p->nimage_hooks == 0)
		return 1;
	/* the media plugin's audio and video are written as images too */
	const struct media_type *mt = media_type_of(img->src);
	char *what = mt == NULL ? xasprintf(msg_tr("image '%s'"), img->src)
		     : mt->kind == MEDIA_VIDEO ? xasprintf(msg_tr("video '%s'"), img->src)
					       : xasprintf(msg_tr("audio '%s'"), img->src);
	p->what = what;
	p->line = img->line;
	p->col = img->col;
	int rc = 1;
	for (int i = 1; i <= p->nimage_hooks && rc == 1; i++) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, p->hooks_ref);
		lua_getfield(L, -1, "image");
		lua_rawgeti(L, -1, i);
		lua_replace(L, -3);
		lua_pop(L, 1);
		p->source = S_fn_source(L);
		lua_createtable(L, 0, 5);
		lua_host_set_str(L, "src", img->src);
		lua_host_set_str(L, "alt", img->alt);
		lua_host_set_str(L, "title", img->title);
		lua_pushboolean(L, !img->alone);
		lua_setfield(L, -2, "inline");
		lua_pushinteger(L, img->line);
		lua_setfield(L, -2, "line");
		lua_rawgeti(L, LUA_REGISTRYINDEX, p->ctx_ref);
		lua_getfield(L, -1, "page");
		lua_remove(L, -2);
		int st = S_call(p, 2);
		if (st != LUA_OK) {
			S_fail(p, st);
			rc = -1;
			break;
		}
		rc = S_result(p, "the image hook", html);
	}
	p->what = NULL;
	p->source = NULL;
	free(what);
	return rc;
}

int plugins_page(struct plugins *p, char **html)
{
	lua_State *L = p->L;
	int rc = 0;
	p->what = "page hook";
	p->line = p->col = 0;
	for (int i = 1; i <= p->npage_hooks; i++) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, p->hooks_ref);
		lua_getfield(L, -1, "page");
		lua_rawgeti(L, -1, i);
		lua_replace(L, -3);
		lua_pop(L, 1);
		p->source = S_fn_source(L);
		lua_pushstring(L, *html ? *html : "");
		lua_rawgeti(L, LUA_REGISTRYINDEX, p->ctx_ref);
		lua_getfield(L, -1, "page");
		lua_remove(L, -2);
		int st = S_call(p, 2);
		if (st != LUA_OK) {
			S_fail(p, st);
			rc = -1;
			break;
		}
		char *out;
		int r = S_result(p, "the page hook", &out);
		if (r < 0) {
			rc = -1;
			break;
		}
		if (r == 0) {
			free(*html);
			*html = out;
		}
	}
	p->what = NULL;
	p->source = NULL;
	return rc;
}

static int S_hook_is_widget(void *ud, const char *name)
{
	return plugins_has_widget(ud, name);
}

static int S_hook_widget(void *ud, const char *name, const char *args, size_t len, int line, int col, char **html)
{
	return plugins_widget(ud, name, args, len, line, col, html);
}

static int S_hook_image(void *ud, const struct markdown_image *img, char **html)
{
	return plugins_image(ud, img, html);
}

/* The edit distance of a and b (insertions, deletions, substitutions),
 * or more than max when it is. */
static size_t S_distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40 || (la > lb ? la - lb : lb - la) > max)
		return max + 1;
	size_t row[41];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* A code block named almost like a widget ("indicater", "galery") is
 * most likely a misspelt widget: a warning names the widget. */
static void S_hook_not_widget(void *ud, const char *name, int line, int col)
{
	struct plugins *p = ud;
	size_t len = strlen(name);
	if (len < 5 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_") != len)
		return;
	size_t max = len >= 8 ? 2 : 1, best_d = max + 1;
	const char *best = NULL;
	for (size_t i = 0; i < p->widget_owner.cap; i++) {
		const char *w = p->widget_owner.slots[i].key;
		if (w == NULL)
			continue;
		size_t dist = S_distance(name, w, max);
		if (dist < best_d || (dist == best_d && best && strcmp(w, best) < 0)) {
			best_d = dist;
			best = w;
		}
	}
	if (best)
		diag_at(p->d, p->env.strict ? DIAG_ERROR : DIAG_WARNING, p->file, line, col,
			"there is no widget '%s' (did you mean '%s'?): the block is shown as code", name, best);
}

struct markdown_hooks plugins_markdown_hooks(struct plugins *p)
{
	struct markdown_hooks h = {.ud = p, .is_widget = S_hook_is_widget, .widget = S_hook_widget,
				   .not_widget = S_hook_not_widget};
	if (p->nimage_hooks > 0)
		h.image = S_hook_image;
	return h;
}
