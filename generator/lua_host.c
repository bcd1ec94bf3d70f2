#include "lua_host.h"

#include <lauxlib.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "json.h"
#include "luasrc.h"
#include "map.h"
#include "msg.h"
#include "pattern.h"
#include "text.h"
#include "xalloc.h"

#define BUDGET_STEP 10000             /* instructions between two hook calls */
#define BUDGET_STEPS 20000            /* 200 million instructions a call */
#define MEMORY_LIMIT ((size_t)1024 << 20) /* bytes a state may hold */
#define MSGH_LEVELS 200               /* stack levels the message handler looks through */
#define BYTES_PER_STEP 16             /* bytes allocated that count as one instruction */
#define SORT_KEY_MAX 1000             /* bytes of a text that sort_by compares */

struct lua_host {
	lua_State *L;
	struct diag *d;
	size_t mem_used;
	size_t mem_limit;
	int calls;         /* lua_host_call running: the memory ceiling holds */
	int c_side;        /* in wardsite's own C function: it does not */
	long steps_left;
	long spent;        /* instructions charged by C functions, short of a step */
	size_t allocated;  /* bytes allocated in this call, short of a step */
	long budget;       /* hook calls a call may take */
	int overrun;       /* the current call ran out of budget: no pcall may catch it */
	int rt_ref;        /* registry: the runtime table */
	int templates_ref; /* registry: name -> chunk */
	int i18n_ref;      /* registry: lang -> strings */
	int helpers_ref;   /* registry: the helpers (T, date, number, …) */
	struct map held;   /* "E path" / "W path" -> diagnostics of that source (counted in the pointer) */
};

static void S_budget_hook(lua_State *L, lua_Debug *ar);

/* One instruction may do much work in C (a long concatenation, upper()
 * of a long string, a text a C function builds), and the hook counts it
 * once: the bytes it allocates are charged to the budget too, and when
 * that is gone the hook runs at the very next instruction. */
static void S_charge_bytes(struct lua_host *h, size_t n)
{
	if (h->calls == 0)
		return;
	h->allocated += n;
	if (h->allocated >= (size_t)BUDGET_STEP * BYTES_PER_STEP) {
		h->steps_left -= (long)(h->allocated / ((size_t)BUDGET_STEP * BYTES_PER_STEP));
		h->allocated %= (size_t)BUDGET_STEP * BYTES_PER_STEP;
		if (h->steps_left <= 0)
			lua_sethook(h->L, S_budget_hook, LUA_MASKCOUNT, 1);
	}
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
	/* The ceiling holds inside lua_host_call only: between calls
	 * wardsite's own C code pushes pages and strings without a protected
	 * call, where a refused allocation would be a Lua panic (an abort)
	 * instead of an error.  What a script keeps after its call still
	 * counts, so its next call fails instead. */
	if (h->calls > 0 && h->c_side == 0 && nsize > osize &&
	    (h->mem_used >= h->mem_limit || nsize - osize > h->mem_limit - h->mem_used))
		return NULL; /* Lua raises "not enough memory" */
	void *p = realloc(ptr, nsize);
	if (p == NULL)
		return NULL;
	h->mem_used = h->mem_used - osize + nsize;
	if (nsize > osize)
		S_charge_bytes(h, nsize - osize);
	return p;
}

int lua_host_hold(lua_State *L, long long delta)
{
	struct lua_host *h;
	lua_getallocf(L, (void **)&h);
	if (delta <= 0) {
		h->mem_used -= (size_t)-delta;
		return 0;
	}
	size_t n = (size_t)delta;
	if (h->calls > 0 && (h->mem_used >= h->mem_limit || n > h->mem_limit - h->mem_used))
		return -1;
	h->mem_used += n;
	S_charge_bytes(h, n);
	return 0;
}

/* Raises running out of budget at the position of stack level level. */
static int S_overrun(lua_State *L, struct lua_host *h, int level)
{
	/* From here on every hook raises again and pcall re-raises, so
	 * that a script cannot catch the error and go on looping. */
	h->overrun = 1;
	h->steps_left = 1;
	luaL_where(L, level);
	long total = h->budget * BUDGET_STEP;
	if (total >= 1000000)
		lua_pushfstring(L, "ran too long (more than %d million instructions)", (int)(total / 1000000));
	else
		lua_pushfstring(L, "ran too long (more than %d instructions)", (int)total);
	lua_concat(L, 2);
	return lua_error(L);
}

static void S_budget_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	struct lua_host *h;
	lua_getallocf(L, (void **)&h);
	if (--h->steps_left <= 0)
		S_overrun(L, h, 0); /* the hooked function, where the loop is */
}

void lua_host_spend(lua_State *L, lua_Integer n)
{
	struct lua_host *h;
	lua_getallocf(L, (void **)&h);
	if (n <= 0 || h->calls == 0)
		return;
	if (n / BUDGET_STEP >= h->steps_left)
		S_overrun(L, h, 1);
	h->steps_left -= (long)(n / BUDGET_STEP);
	h->spent += (long)(n % BUDGET_STEP);
	if (h->spent >= BUDGET_STEP) {
		h->spent -= BUDGET_STEP;
		if (--h->steps_left <= 0)
			S_overrun(L, h, 1);
	}
}

/* string.rep(s, n [, sep]) as Lua's, but copied by doubling: Lua's loops
 * once per copy, so string.rep('', math.maxinteger) never returned and
 * 200 MB of one character took 200 million calls of memcpy, far more
 * than the bytes allocated that the budget counts. */
static int S_safe_rep(lua_State *L)
{
	size_t l, lsep;
	const char *s = luaL_checklstring(L, 1, &l);
	lua_Integer n = luaL_checkinteger(L, 2);
	const char *sep = luaL_optlstring(L, 3, "", &lsep);
	if (n <= 0 || l + lsep == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	if (l + lsep < l || l + lsep > (size_t)INT_MAX / (size_t)n) /* Lua's own limit */
		return luaL_error(L, "resulting string too large");
	size_t total = (size_t)n * l + (size_t)(n - 1) * lsep, unit = l + lsep;
	luaL_Buffer b;
	char *p = luaL_buffinitsize(L, &b, total);
	memcpy(p, s, l);
	if (total > l)
		memcpy(p + l, sep, lsep);
	size_t filled = unit < total ? unit : total;
	while (filled < total) { /* p[0..filled) is whole units: copy them after */
		size_t k = filled < total - filled ? filled : total - filled;
		memcpy(p + filled, p, k);
		filled += k;
	}
	luaL_pushresultsize(&b, total);
	return 1;
}

/* table.move: a loop in C over as many indexes as asked, with no
 * instruction counted, so table.move({}, 1, 1e15, 1) would not return. */
static int S_safe_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
	if (e >= f)
		lua_host_spend(L, e - f < LUA_MAXINTEGER ? e - f + 1 : e - f);
	return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* setmetatable without __gc: a finaliser runs whenever the collector gets
 * to the table, in another plugin's or template's call or in lua_close
 * after the plugin registry is gone (where wardsite.* would use freed
 * memory), so none may be set. */
static int S_safe_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		int t = lua_rawget(L, 2);
		lua_pop(L, 1);
		if (t != LUA_TNIL)
			return luaL_error(L, "setmetatable(): __gc finalisers are not allowed");
	}
	return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* Runs wardsite's own C function (the last upvalue) with the memory
 * ceiling lifted: it holds C memory (a slug, a formatted date, a path)
 * while it pushes its results, and a refused allocation there would leak
 * that memory; what it allocates is bounded by its arguments. */
static int S_c_side(lua_State *L)
{
	struct lua_host *h;
	lua_getallocf(L, (void **)&h);
	int last = 1;
	while (lua_type(L, lua_upvalueindex(last + 1)) != LUA_TNONE)
		last++;
	lua_CFunction f = lua_tocfunction(L, lua_upvalueindex(last));
	h->c_side++;
	int n = f(L);
	h->c_side--;
	return n;
}

void lua_host_push_cfunction(lua_State *L, lua_CFunction f, int nup)
{
	lua_pushcfunction(L, f);
	lua_pushcclosure(L, S_c_side, nup + 1);
}

/* Replaces the function field of the table on top with f, which gets the
 * original as its upvalue. */
static void S_wrap(lua_State *L, const char *field, lua_CFunction f)
{
	lua_getfield(L, -1, field);
	lua_pushcclosure(L, f, 1);
	lua_setfield(L, -2, field);
}

/* pcall that does not catch running out of budget. */
static int S_pcall_k(lua_State *L, int status, lua_KContext extra)
{
	(void)extra;
	struct lua_host *h;
	lua_getallocf(L, (void **)&h);
	if (status != LUA_OK && status != LUA_YIELD) {
		h->c_side = 0; /* an error from a C function of ours skipped its end */
		if (h->overrun)
			return lua_error(L);
		lua_pushboolean(L, 0);
		lua_pushvalue(L, -2);
		return 2;
	}
	return lua_gettop(L);
}

static int S_safe_pcall(lua_State *L)
{
	luaL_checkany(L, 1);
	lua_pushboolean(L, 1);
	lua_insert(L, 1);
	int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, S_pcall_k);
	return S_pcall_k(L, status, 0);
}

/* load() for text only: a string (no reader function), never a binary
 * chunk; the environment is the fourth argument or the caller's _ENV, so
 * loaded code is as sandboxed as its caller. */
static int S_safe_load(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	const char *name = luaL_optstring(L, 2, "=(load)");
	const char *mode = luaL_optstring(L, 3, "t");
	if (len > 0 && s[0] == LUA_SIGNATURE[0])
		return luaL_error(L, "load(): binary chunks are not allowed");
	lua_host_spend(L, (lua_Integer)(len / 4)); /* compiling: more work a byte than copying */
	if (strcmp(mode, "t") != 0)
		return luaL_error(L, "load(): mode must be \"t\" (text), not \"%s\"", mode);
	int has_env = !lua_isnoneornil(L, 4);
	if (has_env)
		luaL_checktype(L, 4, LUA_TTABLE);
	if (luaL_loadbufferx(L, s, len, name, "t") != LUA_OK) {
		lua_pushnil(L);
		lua_insert(L, -2);
		return 2;
	}
	if (has_env) {
		lua_pushvalue(L, 4);
	} else {
		lua_Debug ar;
		int found = 0;
		if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "f", &ar)) {
			for (int i = 1; !found; i++) {
				const char *up = lua_getupvalue(L, -1, i);
				if (up == NULL)
					break;
				if (strcmp(up, "_ENV") == 0)
					found = 1;
				else
					lua_pop(L, 1);
			}
			if (found)
				lua_remove(L, -2); /* the calling function */
			else
				lua_pop(L, 1);
		}
		if (!found)
			lua_newtable(L); /* a caller without _ENV gets nothing */
	}
	lua_setupvalue(L, -2, 1);
	return 1;
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
	lua_host_spend(L, LUA_HOST_ITEM + (lua_Integer)len);
	char *slug = text_slug(s);
	lua_pushstring(L, slug);
	free(slug);
	return 1;
}

static int S_cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* If the table at idx is a read-only proxy (lua_host_push_readonly),
 * pushes the table behind it and returns its index; else returns idx. */
static int S_backing(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (!lua_getmetatable(L, idx))
		return idx;
	lua_pushliteral(L, "__readonly");
	if (lua_rawget(L, -2) != LUA_TTABLE) {
		lua_pop(L, 2);
		return idx;
	}
	lua_remove(L, -2);
	return lua_gettop(L);
}

/* The text json() builds: C memory held against the call's ceiling. */
struct json_text {
	struct buf b;
	size_t held; /* bytes counted by lua_host_hold */
};

/* Counts what the text has grown to against the memory ceiling. */
static void S_json_hold(lua_State *L, struct json_text *t)
{
	if (t->b.cap <= t->held)
		return;
	if (lua_host_hold(L, (long long)(t->b.cap - t->held)) < 0) {
		struct lua_host *h;
		lua_getallocf(L, (void **)&h);
		luaL_error(L, "json(): the text would not fit in the %d MiB of memory a template or plugin may use",
			   lua_host_memory_mib(h));
	}
	t->held = t->b.cap;
}

static void S_json(lua_State *L, int i, struct json_text *t, int depth, int seen);

/* Appends the table at index i (its contents, or those behind a read-only
 * proxy): a list as an array, else an object with its keys sorted, so the
 * output does not depend on Lua's table order. */
static void S_json_table(lua_State *L, int i, struct json_text *t, int depth, int seen)
{
	struct buf *b = &t->b;
	luaL_checkstack(L, 8, "json(): too deep");
	int top = lua_gettop(L);
	i = S_backing(L, i);
	lua_pushvalue(L, i);
	if (lua_rawget(L, seen) != LUA_TNIL)
		luaL_error(L, "json(): a table contains itself, so it has no JSON form");
	lua_pop(L, 1);
	lua_pushvalue(L, i);
	lua_pushboolean(L, 1);
	lua_rawset(L, seen);
	lua_Integer n = (lua_Integer)lua_rawlen(L, i), count = 0, strings = 0;
	lua_pushnil(L);
	while (lua_next(L, i)) {
		count++;
		if (lua_type(L, -2) == LUA_TSTRING)
			strings++;
		lua_pop(L, 1);
	}
	lua_host_spend(L, count * LUA_HOST_ITEM);
	if (count == n) { /* a sequence (or empty): an array */
		buf_putc(b, '[');
		for (lua_Integer k = 1; k <= n; k++) {
			if (k > 1)
				buf_putc(b, ',');
			lua_rawgeti(L, i, k);
			S_json(L, -1, t, depth + 1, seen);
			lua_pop(L, 1);
		}
		buf_putc(b, ']');
	} else {
		if (strings != count)
			luaL_error(L, "json(): a table must be a list (keys 1..n) or have only string keys");
		const char **keys = lua_newuserdatauv(L, (size_t)count * sizeof *keys, 0);
		size_t nk = 0;
		lua_pushnil(L);
		while (lua_next(L, i)) {
			keys[nk++] = lua_tostring(L, -2); /* the table keeps the strings alive */
			lua_pop(L, 1);
		}
		qsort(keys, nk, sizeof *keys, S_cmp_keys);
		buf_putc(b, '{');
		for (size_t k = 0; k < nk; k++) {
			if (k)
				buf_putc(b, ',');
			json_cstring(b, keys[k]);
			buf_putc(b, ':');
			lua_pushstring(L, keys[k]);
			lua_rawget(L, i);
			S_json(L, -1, t, depth + 1, seen);
			lua_pop(L, 1);
		}
		buf_putc(b, '}');
	}
	S_json_hold(L, t);
	/* a table met again on another path (shared, not a cycle) is written
	 * again: what that costs is charged as it is written */
	lua_pushvalue(L, i);
	lua_pushnil(L);
	lua_rawset(L, seen);
	lua_settop(L, top);
}

/* Appends the value at index i as JSON.  Errors are Lua errors; the text
 * is in a userdata that frees it, so nothing leaks when one is raised.
 * seen: a table of the tables being written (a cycle is an error). */
static void S_json(lua_State *L, int i, struct json_text *t, int depth, int seen)
{
	struct buf *b = &t->b;
	i = lua_absindex(L, i);
	if (depth > 32)
		luaL_error(L, "json(): nested more than 32 deep");
	lua_host_spend(L, LUA_HOST_ITEM);
	switch (lua_type(L, i)) {
	case LUA_TNIL: buf_puts(b, "null"); break;
	case LUA_TBOOLEAN: buf_puts(b, lua_toboolean(L, i) ? "true" : "false"); break;
	case LUA_TNUMBER:
		if (lua_isinteger(L, i)) {
			buf_printf(b, "%lld", (long long)lua_tointeger(L, i));
		} else {
			double x = lua_tonumber(L, i);
			char tmp[40];
			if (!isfinite(x))
				luaL_error(L, "json(): %s has no JSON form", x != x ? "nan" : "an infinite number");
			snprintf(tmp, sizeof tmp, "%.15g", x);
			if (strtod(tmp, NULL) != x)
				snprintf(tmp, sizeof tmp, "%.17g", x);
			buf_puts(b, tmp);
		}
		break;
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, i, &len);
		if (!text_utf8_valid(s, len, NULL))
			luaL_error(L, "json(): a string is not valid UTF-8");
		json_string(b, s, len);
		break;
	}
	case LUA_TTABLE: S_json_table(L, i, t, depth, seen); return;
	default: luaL_error(L, "json(): cannot write a %s value", luaL_typename(L, i)); return;
	}
	S_json_hold(L, t);
}

static int S_json_gc(lua_State *L)
{
	struct json_text *t = lua_touserdata(L, 1);
	lua_host_hold(L, -(long long)t->held);
	t->held = 0;
	buf_free(&t->b);
	return 0;
}

/* c.json(v): v as JSON text.  Runs under the memory ceiling (it holds no
 * C memory but the text, which its userdata frees). */
static int S_c_json(lua_State *L)
{
	luaL_checkany(L, 1);
	lua_settop(L, 1);
	struct json_text *t = lua_newuserdatauv(L, sizeof *t, 0);
	memset(t, 0, sizeof *t);
	if (luaL_newmetatable(L, "wardsite.json_text")) {
		lua_pushcfunction(L, S_json_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	lua_newtable(L); /* 3: seen */
	S_json(L, 1, t, 0, 3);
	lua_pushlstring(L, buf_cstr(&t->b), t->b.len);
	lua_replace(L, 3);
	/* the text is in Lua now: give its memory back at once */
	lua_host_hold(L, -(long long)t->held);
	t->held = 0;
	buf_free(&t->b);
	return 1;
}

/* c.collate_key(s, lang): the key sort_by compares, of the first
 * SORT_KEY_MAX bytes of s only: collating is much work per byte, and
 * comparing keys as long as whole texts (three strings of 200 MB took
 * 37 s) would escape the budget.  Texts alike that far sort as equal. */
static int S_c_collate_key(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	const char *lang = luaL_optstring(L, 2, "en");
	if (len > SORT_KEY_MAX) {
		len = SORT_KEY_MAX;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	lua_host_spend(L, LUA_HOST_ITEM + (lua_Integer)len);
	if (!text_utf8_valid(s, len, NULL))
		return luaL_error(L, "not valid UTF-8");
	char *head = xstrndup(s, len);
	unsigned char *key = text_collate_key(head, lang, &len);
	free(head);
	lua_pushlstring(L, (const char *)key, len);
	free(key);
	return 1;
}

/* c.escape(s): s with & < > " ' as HTML character references; s itself
 * (no new string) when it has none of them, as most titles and URLs. */
static int S_c_escape(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 1, &len);
	lua_host_spend(L, (lua_Integer)(len / BYTES_PER_STEP));
	size_t i = 0;
	while (i < len && s[i] != '&' && s[i] != '<' && s[i] != '>' && s[i] != '"' && s[i] != '\'')
		i++;
	if (i == len) {
		lua_settop(L, 1);
		return 1;
	}
	luaL_Buffer b;
	luaL_buffinitsize(L, &b, len + 16);
	luaL_addlstring(&b, s, i);
	for (; i < len; i++) {
		switch (s[i]) {
		case '&': luaL_addstring(&b, "&amp;"); break;
		case '<': luaL_addstring(&b, "&lt;"); break;
		case '>': luaL_addstring(&b, "&gt;"); break;
		case '"': luaL_addstring(&b, "&quot;"); break;
		case '\'': luaL_addstring(&b, "&#39;"); break;
		default: luaL_addchar(&b, s[i]);
		}
	}
	luaL_pushresult(&b);
	return 1;
}

/* The path of the innermost template or plugin on the stack, or NULL. */
static const char *S_innermost(lua_State *L)
{
	lua_Debug ar;
	for (int level = 1; level <= MSGH_LEVELS && lua_getstack(L, level, &ar); level++)
		if (lua_getinfo(L, "S", &ar) && ar.source[0] == '@')
			return ar.source + 1;
	return NULL;
}

/* A warning from the runtime (a missing interface string), printed once;
 * the first LUA_HOST_SHOWN of a template. */
static int S_c_warn(lua_State *L)
{
	struct lua_host *h;
	lua_getallocf(L, (void **)&h);
	luaL_checkstring(L, 1);
	lua_host_spend(L, 4 * LUA_HOST_ITEM);
	if (lua_host_may_report(h, DIAG_WARNING, S_innermost(L))) {
		const char *msg = lua_host_cut(L, 1);
		char *tr = msg_tr_text(msg);
		diag_once(h->d, DIAG_WARNING, NULL, 0, 0, "%s", tr ? tr : msg);
		free(tr);
	}
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
	static const char *const removed[] = {"dofile", "loadfile", "print", "collectgarbage", "require", "xpcall"};
	for (size_t i = 0; i < sizeof removed / sizeof *removed; i++) {
		lua_pushnil(L);
		lua_setglobal(L, removed[i]);
	}
	lua_pushcfunction(L, S_safe_load);
	lua_setglobal(L, "load");
	lua_pushcfunction(L, S_safe_pcall);
	lua_setglobal(L, "pcall");
	lua_pushglobaltable(L);
	S_wrap(L, "setmetatable", S_safe_setmetatable);
	lua_pop(L, 1);
	/* string.dump makes binary chunks: nothing in a sandbox needs it. */
	lua_getglobal(L, LUA_STRLIBNAME);
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	S_wrap(L, "rep", S_safe_rep);
	pattern_install(L); /* matching that counts its steps */
	lua_pop(L, 1);
	lua_getglobal(L, LUA_TABLIBNAME);
	S_wrap(L, "move", S_safe_move);
	lua_pop(L, 1);
	/* string methods stay what they are: no template replaces them. */
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);

	lua_newtable(L); /* 1: rt */
	lua_newtable(L); /* 2: templates */
	lua_newtable(L); /* 3: i18n */
	if (luasrc_load(L, "templates.lua") != LUA_OK)
		return lua_error(L);
	lua_pushvalue(L, 1);
	lua_newtable(L); /* c: the C primitives */
	lua_host_push_cfunction(L, S_c_date, 0);
	lua_setfield(L, -2, "date");
	lua_host_push_cfunction(L, S_c_number, 0);
	lua_setfield(L, -2, "number");
	lua_host_push_cfunction(L, S_c_slug, 0);
	lua_setfield(L, -2, "slug");
	lua_pushcfunction(L, S_c_json);
	lua_setfield(L, -2, "json");
	lua_host_push_cfunction(L, S_c_collate_key, 0);
	lua_setfield(L, -2, "collate_key");
	lua_host_push_cfunction(L, S_c_warn, 0);
	lua_setfield(L, -2, "warn");
	lua_pushcfunction(L, S_c_escape);
	lua_setfield(L, -2, "escape");
	lua_newtable(L); /* helpers */
	lua_pushvalue(L, -1);
	lua_insert(L, 4);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, 3);
	lua_call(L, 5, 0);
	return 4; /* rt, templates, i18n, helpers */
}

struct lua_host *lua_host_new(struct diag *d)
{
	struct lua_host *h = xcalloc(1, sizeof *h);
	h->d = d;
	h->mem_limit = MEMORY_LIMIT;
	h->L = lua_newstate(S_alloc, h);
	if (h->L == NULL) {
		free(h);
		return NULL;
	}
	h->budget = BUDGET_STEPS;
	lua_pushcfunction(h->L, S_open_sandbox);
	if (lua_pcall(h->L, 0, 4, 0) != LUA_OK) {
		diag_error(d, NULL, 0, 0, "cannot start Lua: %s", lua_tostring(h->L, -1));
		lua_close(h->L);
		free(h);
		return NULL;
	}
	h->helpers_ref = luaL_ref(h->L, LUA_REGISTRYINDEX);
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
	map_free(&h->held);
	free(h);
}

lua_State *lua_host_state(struct lua_host *h)
{
	return h->L;
}

struct diag *lua_host_diag(struct lua_host *h)
{
	return h->d;
}

void lua_host_set_budget(struct lua_host *h, long instructions)
{
	h->budget = instructions / BUDGET_STEP > 0 ? instructions / BUDGET_STEP : 1;
}

void lua_host_set_memory_limit(struct lua_host *h, size_t bytes)
{
	h->mem_limit = bytes;
}

int lua_host_memory_mib(struct lua_host *h)
{
	return (int)(h->mem_limit >> 20);
}

void lua_host_push_helpers(struct lua_host *h)
{
	lua_rawgeti(h->L, LUA_REGISTRYINDEX, h->helpers_ref);
}

void lua_host_push_runtime(struct lua_host *h, const char *name)
{
	lua_rawgeti(h->L, LUA_REGISTRYINDEX, h->rt_ref);
	lua_getfield(h->L, -1, name);
	lua_remove(h->L, -2);
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
	char *tr = msg_tr_text(text);
	if (what)
		diag_once(d, DIAG_ERROR, path, line, 0, "%s (rendering %s)", tr ? tr : text, what);
	else
		diag_once(d, DIAG_ERROR, path, line, 0, "%s", tr ? tr : text);
	free(tr);
	free(path);
}

const char *lua_host_cut(lua_State *L, int idx)
{
	size_t len;
	idx = lua_absindex(L, idx);
	const char *s = lua_tolstring(L, idx, &len);
	if (s == NULL || len <= LUA_HOST_MESSAGE_MAX)
		return s;
	size_t cut = LUA_HOST_MESSAGE_MAX;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--; /* not inside a character */
	lua_pushlstring(L, s, cut);
	lua_pushfstring(L, msg_tr("… (the message is cut: it was %I bytes long)"), (lua_Integer)len);
	lua_concat(L, 2);
	lua_replace(L, idx);
	return lua_tostring(L, idx);
}

int lua_host_may_report(struct lua_host *h, enum diag_severity sev, const char *source)
{
	char *key = xasprintf("%c %s", sev == DIAG_ERROR ? 'E' : 'W', source ? source : "");
	size_t n = (size_t)map_get(&h->held, key) + 1;
	map_put(&h->held, key, (void *)n);
	free(key);
	if (n <= LUA_HOST_SHOWN)
		return 1;
	diag_count(h->d, sev);
	return 0;
}

void lua_host_report_held(struct lua_host *h)
{
	const char **keys = xmalloc((h->held.len + 1) * sizeof *keys);
	size_t n = 0;
	for (size_t i = 0; i < h->held.cap; i++)
		if (h->held.slots[i].key && (size_t)h->held.slots[i].value > LUA_HOST_SHOWN)
			keys[n++] = h->held.slots[i].key;
	qsort(keys, n, sizeof *keys, S_cmp_keys);
	for (size_t i = 0; i < n; i++) {
		int more = (int)((size_t)map_get(&h->held, keys[i]) - LUA_HOST_SHOWN);
		const char *path = keys[i][2] ? keys[i] + 2 : NULL;
		if (keys[i][0] == 'E')
			diag_at(h->d, DIAG_NOTE, path, 0, 0, "%d more errors from here were counted but not shown (only the first %d are)",
				more, LUA_HOST_SHOWN);
		else
			diag_at(h->d, DIAG_NOTE, path, 0, 0, "%d more warnings from here were counted but not shown (only the first %d are)",
				more, LUA_HOST_SHOWN);
	}
	free(keys);
	map_free(&h->held);
	memset(&h->held, 0, sizeof h->held);
}

/* 1 when msg starts "path:line: " (no space in path). */
static int S_has_position(const char *msg)
{
	const char *colon = strchr(msg, ':');
	if (colon == NULL || colon == msg || strcspn(msg, " \t\n") < (size_t)(colon - msg))
		return 0;
	const char *p = colon + 1;
	size_t digits = strspn(p, "0123456789");
	return digits > 0 && p[digits] == ':' && p[digits + 1] == ' ';
}

/* The message handler: an error raised inside wardsite's own Lua (the
 * runtime, "generator/lua/templates.lua:N:") or without a position is given the position of
 * the innermost template or plugin line on the stack, which is where the
 * author can do something about it. */
static int S_msgh(lua_State *L)
{
	const char *msg = lua_isstring(L, 1) ? lua_host_cut(L, 1) : NULL;
	if (msg == NULL) /* error({...}): say so, where it was raised */
		msg = lua_pushfstring(L, "error() was given a %s value, not a message", luaL_typename(L, 1));
	const char *text = msg;
	if (strncmp(msg, LUASRC_DIR, sizeof LUASRC_DIR - 1) == 0) {
		const char *p = strstr(msg + sizeof LUASRC_DIR - 1, ": ");
		if (p)
			text = p + 2;
	} else if (S_has_position(msg)) {
		return 1; /* "path:line: text" already */
	}
	lua_Debug ar;
	/* lua_getstack walks from the top, so looking through every level of
	 * a deep recursion would take quadratic time: the innermost few
	 * levels are where a position is found anyway. */
	for (int level = 1; level <= MSGH_LEVELS && lua_getstack(L, level, &ar); level++) {
		if (lua_getinfo(L, "Sl", &ar) && ar.source[0] == '@' && ar.currentline > 0) {
			lua_pushfstring(L, "%s:%d: %s", ar.source + 1, ar.currentline, text);
			return 1;
		}
	}
	lua_pushstring(L, text);
	return 1;
}

int lua_host_call(struct lua_host *h, int nargs, int nresults)
{
	h->steps_left = h->budget;
	h->spent = 0;
	h->allocated = 0;
	h->overrun = 0;
	h->c_side = 0;
	lua_sethook(h->L, S_budget_hook, LUA_MASKCOUNT, BUDGET_STEP); /* S_alloc may have made it 1 */
	int base = lua_gettop(h->L) - nargs;
	lua_pushcfunction(h->L, S_msgh);
	lua_insert(h->L, base);
	h->calls++;
	int rc = lua_pcall(h->L, nargs, nresults, base);
	h->calls--;
	h->c_side = 0;
	/* After a memory error Lua 5.4.4 may leave the failed call's garbage
	 * in place (its emergency collection did not run again in tests), and
	 * every later call of the build would fail too: a full collection,
	 * outside the ceiling, keeps only what scripts still hold. */
	if (rc == LUA_ERRMEM)
		lua_gc(h->L, LUA_GCCOLLECT);
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

/* The path template name was loaded from, or NULL; it lives as long as
 * the template. */
static const char *S_template_path(struct lua_host *h, const char *name)
{
	lua_State *L = h->L;
	const char *path = NULL;
	lua_Debug ar;
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->templates_ref);
	if (lua_getfield(L, -1, name) == LUA_TFUNCTION && lua_getinfo(L, ">S", &ar) && ar.source[0] == '@')
		path = ar.source + 1;
	else
		lua_pop(L, 1);
	lua_pop(L, 1);
	return path;
}

int lua_host_render(struct lua_host *h, const char *name, const char *what, struct buf *out)
{
	lua_State *L = h->L;
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->rt_ref);
	lua_getfield(L, -1, "render");
	lua_remove(L, -2);
	lua_pushstring(L, name);
	lua_rotate(L, -3, -1); /* render, name, ctx */
	int rc = lua_host_call(h, 2, 1);
	if (rc == LUA_ERRMEM) {
		/* no handler runs for memory errors: say which template, by
		 * the file its chunk was loaded from */
		lua_pop(L, 1);
		const char *path = S_template_path(h, name);
		if (lua_host_may_report(h, DIAG_ERROR, path))
			diag_once(h->d, DIAG_ERROR, path, 0, 0, "template '%s' needs more than %d MiB of memory (rendering %s)",
				  name, lua_host_memory_mib(h), what ? what : "a page");
		return -1;
	}
	if (rc != LUA_OK) {
		if (lua_host_may_report(h, DIAG_ERROR, S_template_path(h, name)))
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

/* __newindex of a read-only table; upvalue: what it is ("page.params"). */
static int S_readonly_set(lua_State *L)
{
	const char *what = lua_tostring(L, lua_upvalueindex(1));
	const char *key = luaL_tolstring(L, 2, NULL);
	return luaL_error(L, "cannot assign %s.%s: %s is read-only", what, key, what);
}

/* __len of a read-only table: its backing's length. */
static int S_readonly_len(lua_State *L)
{
	int b = S_backing(L, 1);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, b));
	return 1;
}

/* __pairs of a read-only table: next over its backing. */
static int S_readonly_pairs(lua_State *L)
{
	int b = S_backing(L, 1);
	lua_getglobal(L, "next");
	lua_pushvalue(L, b);
	lua_pushnil(L);
	return 3;
}

void lua_host_push_readonly(lua_State *L, const struct value *v, const char *what)
{
	luaL_checkstack(L, 6, "value too deep");
	if (v == NULL || (v->type != VALUE_LIST && v->type != VALUE_MAP)) {
		lua_host_push_value(L, v);
		return;
	}
	lua_createtable(L, v->type == VALUE_LIST ? (int)v->n : 0, v->type == VALUE_MAP ? (int)v->n : 0);
	for (size_t i = 0; i < v->n; i++) {
		if (v->type == VALUE_MAP)
			lua_pushlstring(L, v->keys[i]->str, v->keys[i]->len);
		lua_host_push_readonly(L, v->items[i], what);
		if (v->type == VALUE_MAP)
			lua_rawset(L, -3);
		else
			lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_newtable(L); /* the proxy */
	lua_createtable(L, 0, 6);
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, "__index");
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, "__readonly");
	lua_pushstring(L, what);
	lua_pushcclosure(L, S_readonly_set, 1);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, S_readonly_len);
	lua_setfield(L, -2, "__len");
	lua_pushcfunction(L, S_readonly_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_remove(L, -2);
}

static uint64_t S_hash(lua_State *L, int idx, uint64_t seed, int depth,
		       uint64_t (*ident)(lua_State *, int, void *, int *), void *ud)
{
	idx = lua_absindex(L, idx);
	int t = lua_type(L, idx);
	seed = hash_u64((uint64_t)t, seed);
	switch (t) {
	case LUA_TBOOLEAN:
		return hash_u64((uint64_t)lua_toboolean(L, idx), seed);
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			return hash_u64((uint64_t)lua_tointeger(L, idx), seed);
		else {
			lua_Number n = lua_tonumber(L, idx);
			return hash_bytes(&n, sizeof n, seed);
		}
	case LUA_TSTRING: {
		size_t n;
		const char *s = lua_tolstring(L, idx, &n);
		return hash_bytes(s, n, seed);
	}
	case LUA_TTABLE: {
		if (ident) {
			int is = 0;
			uint64_t h = ident(L, idx, ud, &is);
			if (is)
				return hash_u64(h, seed);
		}
		if (depth >= 32 || !lua_checkstack(L, 6))
			return hash_u64((uint64_t)depth, seed);
		int top = lua_gettop(L);
		idx = S_backing(L, idx); /* a read-only table hashes as its contents */
		/* pairs come in any order: a sum of the pairs' hashes does not care */
		uint64_t sum = 0;
		lua_pushnil(L);
		while (lua_next(L, idx) != 0) {
			uint64_t k = S_hash(L, -2, 0, depth + 1, ident, ud);
			sum += hash_u64(S_hash(L, -1, 0, depth + 1, ident, ud), k);
			lua_pop(L, 1);
		}
		lua_settop(L, top);
		return hash_u64(sum, seed);
	}
	default:
		return seed; /* functions and userdata: their kind only */
	}
}

uint64_t lua_host_hash(lua_State *L, int idx, uint64_t seed,
		       uint64_t (*ident)(lua_State *L, int idx, void *ud, int *is_ident), void *ud)
{
	return S_hash(L, idx, seed, 0, ident, ud);
}

void lua_host_set_str(lua_State *L, const char *k, const char *v)
{
	if (v == NULL)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

void lua_host_set_int(lua_State *L, const char *k, long long v)
{
	lua_pushinteger(L, (lua_Integer)v);
	lua_setfield(L, -2, k);
}

void lua_host_set_bool(lua_State *L, const char *k, int v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

void lua_host_push_date(lua_State *L, const struct text_date *d)
{
	lua_createtable(L, 0, 8);
	lua_host_set_int(L, "year", d->year);
	lua_host_set_int(L, "month", d->month);
	lua_host_set_int(L, "day", d->day);
	lua_host_set_int(L, "hour", d->hour);
	lua_host_set_int(L, "minute", d->minute);
	lua_host_set_int(L, "second", d->second);
	lua_host_set_int(L, "tz", d->tz_minutes);
	struct buf iso = BUF_INIT;
	text_format_date(&iso, d, "en", "iso");
	lua_host_set_str(L, "iso", buf_cstr(&iso));
	buf_free(&iso);
}
