#include "lua_host.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

#define BUDGET_STEP 10000             /* instructions between two hook calls */
#define BUDGET_STEPS 20000            /* 200 million instructions a call */
#define MEMORY_LIMIT (1024u << 20)     /* bytes a state may hold */

struct lua_host {
	lua_State *L;
	struct diag *d;
	size_t mem_used;
	long steps_left;
	int rt_ref;        /* registry: the runtime table */
	int templates_ref; /* registry: name -> chunk */
	int i18n_ref;      /* registry: lang -> strings */
};

/* The runtime of templates, in pieces under C's 4095-character limit for
 * one string literal; S_read_prelude hands them to lua_load. */
static const char *const S_prelude[] = {
	"local rt, c, helpers, templates, i18n = ...\n"
	"local i18n_path = {}\n"
	"rt.i18n_path = i18n_path\n"
	"local type, tostring, tonumber, error, concat, gsub, format, floor, mtype ="
	" type, tostring, tonumber, error, table.concat, string.gsub, string.format, math.floor, math.type\n"
	"local buf, n, blocks, ctx = nil, 0, nil, nil\n"
	"local ESC = {['&']='&amp;', ['<']='&lt;', ['>']='&gt;', ['\"']='&quot;', [\"'\"]='&#39;'}\n"
	"local function tostr(v)\n"
	"  local t = type(v)\n"
	"  if t == 'string' then return v end\n"
	"  if v == nil then return '' end\n"
	"  if t == 'number' then\n"
	"    if mtype(v) == 'float' and v == floor(v) and v > -1e15 and v < 1e15 then return format('%d', v) end\n"
	"    return tostring(v)\n"
	"  end\n"
	"  if t == 'boolean' then return tostring(v) end\n"
	"  error('cannot print a ' .. t .. ' value', 3)\n"
	"end\n"
	"function rt.o(s) n = n + 1; buf[n] = s end\n"
	"function rt.e(v) return (gsub(tostr(v), '[&<>\"\\']', ESC)) end\n"
	"function rt.r(v) return tostr(v) end\n"
	"function rt.block(name, default) local f = blocks[name] or default; f() end\n"
	"function rt.defblock(name, f) if blocks[name] == nil then blocks[name] = f end end\n"
	"local function find(name, level)\n"
	"  if type(name) ~= 'string' then error('a template name must be a string, not ' .. type(name), level) end\n"
	"  local t = templates[name]\n"
	"  if not t then error(\"template '\" .. name .. \"' not found\", level) end\n"
	"  return t\n"
	"end\n"
	"function rt.include(name) find(name, 3)() end\n"
	"function rt.extends(name) return find(name, 3)() end\n"
	"function rt.render(name, context)\n"
	"  buf, n, blocks, ctx = {}, 0, {}, context\n"
	"  find(name, 2)()\n"
	"  local s = concat(buf, '', 1, n)\n"
	"  buf, blocks, ctx = nil, nil, nil\n"
	"  return s\n"
	"end\n"
	"rt.env = setmetatable({}, {\n"
	"  __index = function(_, k) local v = ctx and ctx[k]; if v ~= nil then return v end; return helpers[k] end,\n"
	"  __newindex = function(_, k) error(\"cannot assign the global '\" .. tostring(k) .. \"': use 'local'\", 2) end,\n"
	"  __metatable = false,\n"
	"})\n"
	,
	"helpers.__rt = rt\n"
	"function helpers.T(key, ...)\n"
	"  local lang = ctx.lang\n"
	"  local t = i18n[lang]\n"
	"  local s = t and t[key]\n"
	"  if s == nil then\n"
	"    local def = ctx.site.default_language\n"
	"    local d = i18n[def]; s = d and d[key]\n"
	"    if s ~= nil and def ~= lang then\n"
	"      c.warn(\"interface string '\" .. tostring(key) .. \"' is missing from \" .. (i18n_path[lang] or ('the strings of ' .. tostring(lang))) .. \"; the '\" .. def .. \"' one is used\")\n"
	"    end\n"
	"  end\n"
	"  if s == nil then error(\"no interface string '\" .. tostring(key) .. \"' for language '\" .. tostring(lang) .. \"'\", 2) end\n"
	"  s = tostr(s)\n"
	"  local args = table.pack(...)\n"
	"  if args.n > 0 then\n"
	"    s = gsub(s, '{(%d+)}', function(i) local v = args[tonumber(i)]; if v == nil then return nil end; return tostr(v) end)\n"
	"  end\n"
	"  return s\n"
	"end\n"
	"function helpers.T_lang(l, key, ...)\n"
	"  local saved = ctx.lang\n"
	"  ctx.lang = l\n"
	"  local ok, s = pcall(helpers.T, key, ...)\n"
	"  ctx.lang = saved\n"
	"  if not ok then error(s, 2) end\n"
	"  return s\n"
	"end\n"
	"local styles = {long = true, short = true, iso = true, weekday = true}\n"
	"function helpers.date(d, style)\n"
	"  if d == nil then return '' end\n"
	"  if type(d) ~= 'table' or type(d.year) ~= 'number' then error('date() needs a date table such as page.date, not a ' .. type(d), 2) end\n"
	"  style = style or 'long'\n"
	"  if not styles[style] then error(\"date(): unknown style '\" .. tostring(style) .. \"' (long, short, iso, weekday)\", 2) end\n"
	"  return c.date(d.year, d.month or 1, d.day or 1, d.hour or 0, d.minute or 0, d.second or 0, d.tz or 0, style, ctx.lang)\n"
	"end\n"
	"function helpers.number(x, decimals)\n"
	"  local v = tonumber(x)\n"
	"  if v == nil then error('number() needs a number, not ' .. type(x), 2) end\n"
	"  return c.number(v, decimals and floor(decimals) or -1, ctx.lang)\n"
	"end\n"
	"function helpers.slug(s) return c.slug(tostr(s)) end\n"
	"function helpers.yaml(s)\n"
	"  return '\"' .. (gsub(tostr(s), '[%c\"\\\\]', function(ch)\n"
	"    if ch == '\\n' then return '\\\\n' end\n"
	"    if ch == '\"' or ch == '\\\\' then return '\\\\' .. ch end\n"
	"    return format('\\\\x%02X', ch:byte())\n"
	"  end)) .. '\"'\n"
	"end\n"
	"function helpers.sort_by(list, field, order)\n"
	"  if type(list) ~= 'table' then error('sort_by() needs a list, not ' .. type(list), 2) end\n"
	"  local keys, out = {}, {}\n"
	"  for i, item in ipairs(list) do\n"
	"    out[i] = item\n"
	"    local v = field and type(item) == 'table' and item[field] or item\n"
	"    keys[item] = type(v) == 'number' and string.format('%020.6f', v) or c.collate_key(tostr(v), ctx.lang)\n"
	"  end\n"
	"  local desc = order == 'desc'\n"
	"  table.sort(out, function(a, b) if desc then return keys[a] > keys[b] end return keys[a] < keys[b] end)\n"
	"  return out\n"
	"end\n"
	"function helpers.esc(s) return (gsub(tostr(s), '[&<>\"\\']', ESC)) end\n"
	"function helpers.url(p)\n"
	"  p = tostr(p)\n"
	"  if p:match('^%a[%w+.-]*:') or p:sub(1, 2) == '//' then return p end\n"
	"  local base = ctx.site.base_path\n"
	"  if base ~= '/' and p:sub(1, #base) == base then return p end -- page.url and friends are ready\n"
	"  return base .. (gsub(p, '^/', ''))\n"
	"end\n"
	"function helpers.abs_url(p)\n"
	"  p = helpers.url(p)\n"
	"  if p:sub(1, 1) ~= '/' then return p end\n"
	"  return ctx.site.origin .. p\n"
	"end\n"
	"function helpers.is_active(u)\n"
	"  local p = ctx.page and ctx.page.url\n"
	"  if type(u) ~= 'string' or not p then return false end\n"
	"  if p == u then return true end\n"
	"  for _, l in ipairs(ctx.site.languages) do if l.url == u then return false end end\n"
	"  return p:sub(1, #u) == u\n"
	"end\n"
	"for _, k in ipairs({'string', 'table', 'math', 'utf8', 'ipairs', 'pairs', 'tostring', 'tonumber', 'type',\n"
	"  'select', 'next', 'error', 'assert', 'pcall', 'rawequal', 'rawlen', 'rawget'}) do helpers[k] = _G[k] end\n",
	NULL};

static const char *S_read_prelude(lua_State *L, void *ud, size_t *size)
{
	(void)L;
	const char *const **piece = ud;
	const char *s = **piece;
	if (s == NULL) {
		*size = 0;
		return NULL;
	}
	(*piece)++;
	*size = strlen(s);
	return s;
}

static void *S_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct lua_host *h = ud;
	if (ptr == NULL)
		osize = 0;
	if (nsize == 0) {
		h->mem_used -= osize;
		free(ptr);
		return NULL;
	}
	if (nsize > osize && h->mem_used + (nsize - osize) > MEMORY_LIMIT)
		return NULL; /* Lua raises "not enough memory" */
	void *p = realloc(ptr, nsize);
	if (p == NULL)
		return NULL;
	h->mem_used = h->mem_used - osize + nsize;
	return p;
}

static void S_budget_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	struct lua_host *h;
	lua_getallocf(L, (void **)&h);
	if (--h->steps_left <= 0) {
		h->steps_left = BUDGET_STEPS; /* room for the error handler */
		luaL_where(L, 0);   /* the hooked function, where the loop is */
		lua_pushfstring(L, "ran too long (more than %d million instructions)",
				BUDGET_STEP / 1000 * BUDGET_STEPS / 1000);
		lua_concat(L, 2);
		lua_error(L);
	}
}

static int S_c_date(lua_State *L)
{
	struct text_date d = {0};
	d.year = (int)luaL_checkinteger(L, 1);
	d.month = (int)luaL_checkinteger(L, 2);
	d.day = (int)luaL_checkinteger(L, 3);
	d.hour = (int)luaL_checkinteger(L, 4);
	d.minute = (int)luaL_checkinteger(L, 5);
	d.second = (int)luaL_checkinteger(L, 6);
	d.tz_minutes = (int)luaL_checkinteger(L, 7);
	const char *style = luaL_checkstring(L, 8);
	const char *lang = luaL_optstring(L, 9, "en");
	if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31)
		return luaL_error(L, "not a date: %d-%d-%d", d.year, d.month, d.day);
	struct buf b = BUF_INIT;
	text_format_date(&b, &d, lang, style);
	lua_pushlstring(L, buf_cstr(&b), b.len);
	buf_free(&b);
	return 1;
}

static int S_c_number(lua_State *L)
{
	double n = luaL_checknumber(L, 1);
	int decimals = (int)luaL_checkinteger(L, 2);
	const char *lang = luaL_optstring(L, 3, "en");
	struct buf b = BUF_INIT;
	text_format_number(&b, n, decimals, lang);
	lua_pushlstring(L, buf_cstr(&b), b.len);
	buf_free(&b);
	return 1;
}

static int S_c_slug(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	if (!text_utf8_valid(s, len, NULL))
		return luaL_error(L, "slug(): not valid UTF-8");
	char *slug = text_slug(s);
	lua_pushstring(L, slug);
	free(slug);
	return 1;
}

static int S_c_collate_key(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	const char *lang = luaL_optstring(L, 2, "en");
	if (!text_utf8_valid(s, len, NULL))
		return luaL_error(L, "not valid UTF-8");
	unsigned char *key = text_collate_key(s, lang, &len);
	lua_pushlstring(L, (const char *)key, len);
	free(key);
	return 1;
}

/* A warning from the runtime (a missing interface string), printed once. */
static int S_c_warn(lua_State *L)
{
	struct lua_host *h;
	lua_getallocf(L, (void **)&h);
	diag_once(h->d, DIAG_WARNING, NULL, 0, 0, "%s", luaL_checkstring(L, 1));
	return 0;
}

static int S_open_sandbox(lua_State *L)
{
	static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},     {LUA_STRLIBNAME, luaopen_string},
					{LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
					{LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL}};
	for (const luaL_Reg *lib = libs; lib->func; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}
	static const char *const removed[] = {"dofile", "loadfile", "load", "print", "collectgarbage", "require"};
	for (size_t i = 0; i < sizeof removed / sizeof *removed; i++) {
		lua_pushnil(L);
		lua_setglobal(L, removed[i]);
	}
	/* string methods stay what they are: no template replaces them. */
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);

	lua_newtable(L); /* 1: rt */
	lua_newtable(L); /* 2: templates */
	lua_newtable(L); /* 3: i18n */
	const char *const *piece = S_prelude;
	if (lua_load(L, S_read_prelude, &piece, "=wardsite", "t") != LUA_OK)
		return lua_error(L);
	lua_pushvalue(L, 1);
	lua_newtable(L); /* c: the C primitives */
	lua_pushcfunction(L, S_c_date);
	lua_setfield(L, -2, "date");
	lua_pushcfunction(L, S_c_number);
	lua_setfield(L, -2, "number");
	lua_pushcfunction(L, S_c_slug);
	lua_setfield(L, -2, "slug");
	lua_pushcfunction(L, S_c_collate_key);
	lua_setfield(L, -2, "collate_key");
	lua_pushcfunction(L, S_c_warn);
	lua_setfield(L, -2, "warn");
	lua_newtable(L); /* helpers */
	lua_pushvalue(L, 2);
	lua_pushvalue(L, 3);
	lua_call(L, 5, 0);
	return 3; /* rt, templates, i18n */
}

struct lua_host *lua_host_new(struct diag *d)
{
	struct lua_host *h = xcalloc(1, sizeof *h);
	h->d = d;
	h->L = lua_newstate(S_alloc, h);
	if (h->L == NULL) {
		free(h);
		return NULL;
	}
	lua_pushcfunction(h->L, S_open_sandbox);
	if (lua_pcall(h->L, 0, 3, 0) != LUA_OK) {
		diag_error(d, NULL, 0, 0, "cannot start Lua: %s", lua_tostring(h->L, -1));
		lua_close(h->L);
		free(h);
		return NULL;
	}
	h->i18n_ref = luaL_ref(h->L, LUA_REGISTRYINDEX);
	h->templates_ref = luaL_ref(h->L, LUA_REGISTRYINDEX);
	h->rt_ref = luaL_ref(h->L, LUA_REGISTRYINDEX);
	lua_sethook(h->L, S_budget_hook, LUA_MASKCOUNT, BUDGET_STEP);
	return h;
}

void lua_host_free(struct lua_host *h)
{
	if (h == NULL)
		return;
	lua_close(h->L);
	free(h);
}

lua_State *lua_host_state(struct lua_host *h)
{
	return h->L;
}

void lua_host_report(struct diag *d, const char *msg, const char *what)
{
	/* "path:line: text" from Lua's position info. */
	const char *p = msg;
	const char *colon = NULL;
	int line = 0;
	while ((p = strchr(p, ':')) != NULL) {
		char *end;
		long l = strtol(p + 1, &end, 10);
		if (end > p + 1 && *end == ':' && end[1] == ' ' && l > 0) {
			colon = p;
			line = (int)l;
			p = end + 2;
			break;
		}
		p++;
	}
	char *path = colon ? xstrndup(msg, (size_t)(colon - msg)) : NULL;
	const char *text = colon ? p : msg;
	if (what)
		diag_once(d, DIAG_ERROR, path, line, 0, "%s (rendering %s)", text, what);
	else
		diag_once(d, DIAG_ERROR, path, line, 0, "%s", text);
	free(path);
}

/* The message handler: an error raised inside wardsite's own Lua (the
 * prelude, "wardsite:N:") or without a position is given the position of
 * the innermost template or plugin line on the stack, which is where the
 * author can do something about it. */
static int S_msgh(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (msg == NULL)
		return 1;
	const char *text = msg;
	if (strncmp(msg, "wardsite:", 9) == 0) {
		const char *p = strstr(msg + 9, ": ");
		if (p)
			text = p + 2;
	} else if (msg[0] && strstr(msg, ": ") && strchr(msg, ':') < strstr(msg, ": ")) {
		return 1; /* "path:line: text" already */
	}
	lua_Debug ar;
	for (int level = 1; lua_getstack(L, level, &ar); level++) {
		if (lua_getinfo(L, "Sl", &ar) && ar.source[0] == '@' && ar.currentline > 0) {
			lua_pushfstring(L, "%s:%d: %s", ar.source + 1, ar.currentline, text);
			return 1;
		}
	}
	lua_pushstring(L, text);
	return 1;
}

/* Runs the function below nargs arguments on the stack in protected mode
 * with a fresh budget and the message handler; on error, leaves the
 * message string. */
static int S_pcall(struct lua_host *h, int nargs, int nresults)
{
	h->steps_left = BUDGET_STEPS;
	int base = lua_gettop(h->L) - nargs;
	lua_pushcfunction(h->L, S_msgh);
	lua_insert(h->L, base);
	int rc = lua_pcall(h->L, nargs, nresults, base);
	lua_remove(h->L, base);
	if (rc != LUA_OK && !lua_isstring(h->L, -1)) {
		const char *t = luaL_typename(h->L, -1);
		lua_pop(h->L, 1);
		lua_pushfstring(h->L, "error object is a %s value", t);
	}
	return rc;
}

int lua_host_add_template(struct lua_host *h, const char *name, const char *path, const char *code, size_t len)
{
	lua_State *L = h->L;
	char *chunkname = xasprintf("@%s", path);
	int rc = luaL_loadbufferx(L, code, len, chunkname, "t");
	free(chunkname);
	if (rc != LUA_OK) {
		lua_host_report(h->d, lua_tostring(L, -1), NULL);
		lua_pop(L, 1);
		return -1;
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->rt_ref);
	lua_getfield(L, -1, "env");
	lua_remove(L, -2);
	lua_setupvalue(L, -2, 1); /* _ENV of the chunk */
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->templates_ref);
	lua_insert(L, -2);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
	return 0;
}

int lua_host_has_template(struct lua_host *h, const char *name)
{
	lua_rawgeti(h->L, LUA_REGISTRYINDEX, h->templates_ref);
	int t = lua_getfield(h->L, -1, name);
	lua_pop(h->L, 2);
	return t == LUA_TFUNCTION;
}

void lua_host_set_strings(struct lua_host *h, const char *lang, const char *path, const struct value *map)
{
	lua_rawgeti(h->L, LUA_REGISTRYINDEX, h->i18n_ref);
	lua_host_push_value(h->L, map);
	lua_setfield(h->L, -2, lang);
	lua_pop(h->L, 1);
	lua_rawgeti(h->L, LUA_REGISTRYINDEX, h->rt_ref);
	lua_getfield(h->L, -1, "i18n_path");
	lua_pushstring(h->L, path);
	lua_setfield(h->L, -2, lang);
	lua_pop(h->L, 2);
}

int lua_host_render(struct lua_host *h, const char *name, const char *what, struct buf *out)
{
	lua_State *L = h->L;
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->rt_ref);
	lua_getfield(L, -1, "render");
	lua_remove(L, -2);
	lua_pushstring(L, name);
	lua_rotate(L, -3, -1); /* render, name, ctx */
	int rc = S_pcall(h, 2, 1);
	if (rc == LUA_ERRMEM) {
		/* no handler runs for memory errors: say which template */
		lua_pop(L, 1);
		lua_pushfstring(L, "template '%s' needs more than %d MiB of memory", name, (int)(MEMORY_LIMIT >> 20));
		lua_host_report(h->d, lua_tostring(L, -1), what);
		lua_pop(L, 1);
		return -1;
	}
	if (rc != LUA_OK) {
		lua_host_report(h->d, lua_tostring(L, -1), what);
		lua_pop(L, 1);
		return -1;
	}
	size_t len;
	const char *s = lua_tolstring(L, -1, &len);
	buf_put(out, s, len);
	lua_pop(L, 1);
	return 0;
}

void lua_host_push_value(lua_State *L, const struct value *v)
{
	luaL_checkstack(L, 4, "value too deep");
	if (v == NULL) {
		lua_pushnil(L);
		return;
	}
	switch (v->type) {
	case VALUE_NULL: lua_pushnil(L); break;
	case VALUE_BOOL: lua_pushboolean(L, (int)v->i); break;
	case VALUE_INT: lua_pushinteger(L, (lua_Integer)v->i); break;
	case VALUE_FLOAT: lua_pushnumber(L, v->f); break;
	case VALUE_STRING: lua_pushlstring(L, v->str, v->len); break;
	case VALUE_LIST:
		lua_createtable(L, (int)v->n, 0);
		for (size_t i = 0; i < v->n; i++) {
			lua_host_push_value(L, v->items[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		break;
	case VALUE_MAP:
		lua_createtable(L, 0, (int)v->n);
		for (size_t i = 0; i < v->n; i++) {
			lua_pushlstring(L, v->keys[i]->str, v->keys[i]->len);
			lua_host_push_value(L, v->items[i]);
			lua_rawset(L, -3);
		}
		break;
	}
}
