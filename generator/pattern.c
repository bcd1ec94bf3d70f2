#include "pattern.h"

#include <ctype.h>
#include <lauxlib.h>
#include <stddef.h>
#include <string.h>

#include "lua_host.h"

#define MAX_CAPTURES 32 /* LUA_MAXCAPTURES */
#define MAX_DEPTH 200   /* nested matcher calls: "pattern too complex" */
#define CAP_OPEN (-1)   /* a capture not closed yet */
#define CAP_POSITION (-2)
#define STEPS_BATCH 4096 /* steps counted before they are charged */
#define SPECIALS "^$*+?.([%-"

struct match {
	lua_State *L;
	const char *src, *src_end; /* the subject */
	const char *pat_end;
	int depth;    /* calls of S_match left */
	int level;    /* captures open or closed */
	long steps;   /* not charged yet */
	struct {
		const char *start;
		ptrdiff_t len; /* or CAP_OPEN, CAP_POSITION */
	} cap[MAX_CAPTURES];
};

static void S_steps(struct match *m, long n)
{
	m->steps += n;
	if (m->steps >= STEPS_BATCH) {
		long n_ = m->steps;
		m->steps = 0;
		lua_host_spend(m->L, n_);
	}
}

static void S_flush(struct match *m)
{
	long n = m->steps;
	m->steps = 0;
	lua_host_spend(m->L, n);
}

static void S_init(struct match *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp)
{
	m->L = L;
	m->src = s;
	m->src_end = s + ls;
	m->pat_end = p + lp;
	m->steps = 0;
}

static void S_reset(struct match *m)
{
	m->level = 0;
	m->depth = MAX_DEPTH;
}

/* The end of the single-character class at p ('%x', '[set]', or one
 * character). */
static const char *S_class_end(struct match *m, const char *p)
{
	char c = *p++;
	if (c == '%') {
		if (p == m->pat_end)
			luaL_error(m->L, "malformed pattern (ends with '%%')");
		return p + 1;
	}
	if (c == '[') {
		if (p < m->pat_end && *p == '^')
			p++;
		/* the first character of a set, even ']', is a member */
		do {
			if (p == m->pat_end)
				luaL_error(m->L, "malformed pattern (missing ']')");
			c = *p++;
			if (c == '%' && p < m->pat_end)
				p++;
		} while (*p != ']'); /* the pattern string ends in a NUL */
		return p + 1;
	}
	return p;
}

/* c against the class letter cl (%a, %d, …; another character is itself). */
static int S_class(int c, int cl)
{
	int r;
	switch (tolower(cl)) {
	case 'a': r = isalpha(c); break;
	case 'c': r = iscntrl(c); break;
	case 'd': r = isdigit(c); break;
	case 'g': r = isgraph(c); break;
	case 'l': r = islower(c); break;
	case 'p': r = ispunct(c); break;
	case 's': r = isspace(c); break;
	case 'u': r = isupper(c); break;
	case 'w': r = isalnum(c); break;
	case 'x': r = isxdigit(c); break;
	case 'z': r = c == 0; break; /* deprecated in Lua 5.2, still there */
	default: return cl == c;
	}
	r = r != 0;
	return isupper(cl) ? !r : r;
}

/* c against the set from p ('[') to close (its ']'). */
static int S_set(int c, const char *p, const char *close)
{
	int in = 1;
	p++;
	if (*p == '^') {
		in = 0;
		p++;
	}
	while (p < close) {
		if (*p == '%') { /* p[1] is at most the closing ']' */
			if (S_class(c, (unsigned char)p[1]))
				return in;
			p += 2;
		} else if (p[1] == '-' && p + 2 < close) {
			if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2])
				return in;
			p += 3;
		} else {
			if ((unsigned char)*p == c)
				return in;
			p++;
		}
	}
	return !in;
}

/* Whether the character at s matches the class from p to end. */
static int S_single(struct match *m, const char *s, const char *p, const char *end)
{
	if (s >= m->src_end)
		return 0;
	int c = (unsigned char)*s;
	switch (*p) {
	case '.': return 1;
	case '%': return S_class(c, (unsigned char)p[1]);
	case '[': return S_set(c, p, end - 1);
	default: return (unsigned char)*p == c;
	}
}

static const char *S_match(struct match *m, const char *s, const char *p);

static const char *S_balance(struct match *m, const char *s, const char *p)
{
	if (p + 1 >= m->pat_end)
		luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
	if (s >= m->src_end || *s != *p)
		return NULL;
	char open = p[0], close = p[1];
	int depth = 1;
	const char *start = s;
	while (++s < m->src_end) {
		if (*s == close) {
			if (--depth == 0) {
				S_steps(m, s - start);
				return s + 1;
			}
		} else if (*s == open) {
			depth++;
		}
	}
	S_steps(m, s - start);
	return NULL;
}

/* The longest run of the class, then shorter ones, until the rest of the
 * pattern (after the '*' at end) matches. */
static const char *S_max_expand(struct match *m, const char *s, const char *p, const char *end)
{
	ptrdiff_t i = 0;
	while (S_single(m, s + i, p, end))
		i++;
	S_steps(m, i);
	for (; i >= 0; i--) {
		const char *r = S_match(m, s + i, end + 1);
		if (r)
			return r;
	}
	return NULL;
}

/* The shortest run of the class after which the rest matches. */
static const char *S_min_expand(struct match *m, const char *s, const char *p, const char *end)
{
	for (;;) {
		const char *r = S_match(m, s, end + 1);
		if (r)
			return r;
		if (!S_single(m, s, p, end))
			return NULL;
		s++;
	}
}

static const char *S_open(struct match *m, const char *s, const char *p, ptrdiff_t what)
{
	if (m->level >= MAX_CAPTURES)
		luaL_error(m->L, "too many captures");
	m->cap[m->level].start = s;
	m->cap[m->level].len = what;
	m->level++;
	const char *r = S_match(m, s, p);
	if (r == NULL)
		m->level--;
	return r;
}

static const char *S_close(struct match *m, const char *s, const char *p)
{
	int l = m->level - 1;
	while (l >= 0 && m->cap[l].len != CAP_OPEN)
		l--;
	if (l < 0)
		luaL_error(m->L, "invalid pattern capture");
	m->cap[l].len = s - m->cap[l].start;
	const char *r = S_match(m, s, p);
	if (r == NULL)
		m->cap[l].len = CAP_OPEN;
	return r;
}

/* %1 … %9 in a pattern: the capture's text again. */
static const char *S_backref(struct match *m, const char *s, int digit)
{
	int l = digit - '1';
	if (l < 0 || l >= m->level || m->cap[l].len == CAP_OPEN)
		luaL_error(m->L, "invalid capture index %%%d", l + 1);
	size_t len = (size_t)m->cap[l].len;
	S_steps(m, (long)len);
	if ((size_t)(m->src_end - s) >= len && memcmp(m->cap[l].start, s, len) == 0)
		return s + len;
	return NULL;
}

/* The end of the match of pattern p at s, or NULL. */
static const char *S_match(struct match *m, const char *s, const char *p)
{
	if (m->depth-- == 0)
		luaL_error(m->L, "pattern too complex");
	for (;;) {
		S_steps(m, 1);
		if (p == m->pat_end)
			break;
		if (*p == '(') {
			s = p + 1 < m->pat_end && p[1] == ')' ? S_open(m, s, p + 2, CAP_POSITION) : S_open(m, s, p + 1, CAP_OPEN);
			break;
		}
		if (*p == ')') {
			s = S_close(m, s, p + 1);
			break;
		}
		if (*p == '$' && p + 1 == m->pat_end) {
			if (s != m->src_end)
				s = NULL;
			break;
		}
		if (*p == '%' && p + 1 < m->pat_end && p[1] == 'b') {
			s = S_balance(m, s, p + 2);
			if (s == NULL)
				break;
			p += 4;
			continue;
		}
		if (*p == '%' && p + 1 < m->pat_end && p[1] == 'f') {
			p += 2;
			if (*p != '[')
				luaL_error(m->L, "missing '[' after '%%f' in pattern");
			const char *end = S_class_end(m, p);
			int prev = s == m->src ? '\0' : (unsigned char)s[-1];
			int cur = s < m->src_end ? (unsigned char)*s : '\0';
			if (S_set(prev, p, end - 1) || !S_set(cur, p, end - 1)) {
				s = NULL;
				break;
			}
			p = end;
			continue;
		}
		if (*p == '%' && p + 1 < m->pat_end && isdigit((unsigned char)p[1])) {
			s = S_backref(m, s, (unsigned char)p[1]);
			if (s == NULL)
				break;
			p += 2;
			continue;
		}
		/* a single-character class, maybe with a repetition */
		const char *end = S_class_end(m, p);
		char rep = end < m->pat_end ? *end : '\0';
		if (!S_single(m, s, p, end)) {
			if (rep == '*' || rep == '?' || rep == '-') { /* none is fine */
				p = end + 1;
				continue;
			}
			s = NULL;
			break;
		}
		if (rep == '?') {
			const char *r = S_match(m, s + 1, end + 1);
			if (r) {
				s = r;
				break;
			}
			p = end + 1;
			continue;
		}
		if (rep == '+' || rep == '*') {
			s = S_max_expand(m, rep == '+' ? s + 1 : s, p, end);
			break;
		}
		if (rep == '-') {
			s = S_min_expand(m, s, p, end);
			break;
		}
		s++;
		p = end;
	}
	m->depth++;
	return s;
}

/* Pushes capture i (the whole match s..e when there are none). */
static void S_push_capture(struct match *m, int i, const char *s, const char *e)
{
	if (i >= m->level) {
		if (i != 0)
			luaL_error(m->L, "invalid capture index %%%d", i + 1);
		lua_pushlstring(m->L, s, (size_t)(e - s));
		return;
	}
	ptrdiff_t len = m->cap[i].len;
	if (len == CAP_OPEN)
		luaL_error(m->L, "unfinished capture");
	if (len == CAP_POSITION)
		lua_pushinteger(m->L, (lua_Integer)(m->cap[i].start - m->src) + 1);
	else
		lua_pushlstring(m->L, m->cap[i].start, (size_t)len);
}

/* Pushes every capture, or the whole match when there is none and s is
 * not NULL; returns how many. */
static int S_push_captures(struct match *m, const char *s, const char *e)
{
	int n = m->level == 0 && s ? 1 : m->level;
	luaL_checkstack(m->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		S_push_capture(m, i, s, e);
	return n;
}

/* A position argument: negative from the end, clipped to 1. */
static size_t S_start(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

static int S_has_specials(const char *p, size_t lp)
{
	for (size_t i = 0; i < lp; i++)
		if (p[i] != '\0' && strchr(SPECIALS, p[i]))
			return 1;
	return 0;
}

/* A plain search of p in s, its steps counted. */
static const char *S_find_plain(struct match *m, const char *s, size_t ls, const char *p, size_t lp)
{
	if (lp == 0)
		return s;
	if (lp > ls)
		return NULL;
	const char *last = s + (ls - lp);
	for (const char *q = s; q <= last; q++) {
		q = memchr(q, p[0], (size_t)(last - q) + 1);
		if (q == NULL)
			break;
		S_steps(m, (long)lp);
		if (memcmp(q + 1, p + 1, lp - 1) == 0) {
			S_steps(m, q - s);
			return q;
		}
	}
	S_steps(m, (long)ls);
	return NULL;
}

static int S_find_aux(lua_State *L, int find)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = S_start(luaL_optinteger(L, 3, 1), ls) - 1;
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	struct match m;
	S_init(&m, L, s, ls, p, lp);
	if (find && (lua_toboolean(L, 4) || !S_has_specials(p, lp))) {
		const char *at = S_find_plain(&m, s + init, ls - init, p, lp);
		S_flush(&m);
		if (at) {
			lua_pushinteger(L, (lua_Integer)(at - s) + 1);
			lua_pushinteger(L, (lua_Integer)(at - s + lp));
			return 2;
		}
	} else {
		const char *from = s + init;
		int anchor = lp > 0 && *p == '^';
		if (anchor) {
			p++;
			lp--;
			m.pat_end = p + lp;
		}
		do {
			S_reset(&m);
			const char *e = S_match(&m, from, p);
			if (e) {
				S_flush(&m);
				if (find) {
					lua_pushinteger(L, (lua_Integer)(from - s) + 1);
					lua_pushinteger(L, (lua_Integer)(e - s));
					return S_push_captures(&m, NULL, NULL) + 2;
				}
				return S_push_captures(&m, from, e);
			}
		} while (from++ < m.src_end && !anchor);
		S_flush(&m);
	}
	luaL_pushfail(L);
	return 1;
}

static int S_find(lua_State *L)
{
	return S_find_aux(L, 1);
}

static int S_match_fn(lua_State *L)
{
	return S_find_aux(L, 0);
}

/* The state of a gmatch loop, as offsets (the strings are upvalues). */
struct gmatch {
	size_t next;      /* where the next match is tried */
	size_t lastmatch; /* the end of the last match, + 1; 0: none */
};

static int S_gmatch_step(lua_State *L)
{
	size_t ls, lp;
	const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
	const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
	struct gmatch *g = lua_touserdata(L, lua_upvalueindex(3));
	struct match m;
	S_init(&m, L, s, ls, p, lp);
	for (const char *from = s + g->next; from <= m.src_end; from++) {
		S_reset(&m);
		const char *e = S_match(&m, from, p);
		if (e && (g->lastmatch == 0 || e != s + g->lastmatch - 1)) {
			g->next = (size_t)(e - s);
			g->lastmatch = (size_t)(e - s) + 1;
			S_flush(&m);
			return S_push_captures(&m, from, e);
		}
	}
	g->next = ls + 1;
	S_flush(&m);
	return 0;
}

static int S_gmatch(lua_State *L)
{
	size_t ls;
	luaL_checklstring(L, 1, &ls);
	luaL_checkstring(L, 2);
	size_t init = S_start(luaL_optinteger(L, 3, 1), ls) - 1;
	if (init > ls)
		init = ls + 1;
	lua_settop(L, 2);
	struct gmatch *g = lua_newuserdatauv(L, sizeof *g, 0);
	g->next = init;
	g->lastmatch = 0;
	lua_pushcclosure(L, S_gmatch_step, 3);
	return 1;
}

/* A replacement string: %0 … %9 are captures, %% a '%'. */
static void S_add_string(struct match *m, luaL_Buffer *b, const char *s, const char *e)
{
	size_t l;
	const char *r = lua_tolstring(m->L, 3, &l);
	const char *end = r + l;
	while (r < end) {
		const char *pct = memchr(r, '%', (size_t)(end - r));
		if (pct == NULL) {
			luaL_addlstring(b, r, (size_t)(end - r));
			break;
		}
		luaL_addlstring(b, r, (size_t)(pct - r));
		r = pct + 1;
		if (r < end && *r == '%') {
			luaL_addchar(b, '%');
		} else if (r < end && isdigit((unsigned char)*r)) {
			if (*r == '0') {
				luaL_addlstring(b, s, (size_t)(e - s));
			} else {
				S_push_capture(m, *r - '1', s, e);
				luaL_tolstring(m->L, -1, NULL);
				lua_remove(m->L, -2);
				luaL_addvalue(b);
			}
		} else {
			luaL_error(m->L, "invalid use of '%c' in replacement string", '%');
		}
		r++;
	}
}

/* Adds the replacement of the match s..e (repl of type t at index 3). */
static void S_add_value(struct match *m, luaL_Buffer *b, const char *s, const char *e, int t)
{
	lua_State *L = m->L;
	if (t == LUA_TFUNCTION) {
		lua_pushvalue(L, 3);
		int n = S_push_captures(m, s, e);
		lua_call(L, n, 1);
	} else if (t == LUA_TTABLE) {
		S_push_capture(m, 0, s, e);
		lua_gettable(L, 3);
	} else {
		S_add_string(m, b, s, e);
		return;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s)); /* the original text */
	} else if (!lua_isstring(L, -1)) {
		luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	} else {
		luaL_addvalue(b);
	}
}

static int S_gsub(lua_State *L)
{
	size_t ls, lp;
	const char *src = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	int t = lua_type(L, 3);
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
	luaL_argexpected(L, t == LUA_TNUMBER || t == LUA_TSTRING || t == LUA_TFUNCTION || t == LUA_TTABLE, 3,
			 "string/function/table");
	int anchor = lp > 0 && *p == '^';
	if (anchor) {
		p++;
		lp--;
	}
	struct match m;
	S_init(&m, L, src, ls, p, lp);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	const char *lastmatch = NULL;
	lua_Integer n = 0;
	while (n < max) {
		S_reset(&m);
		const char *e = S_match(&m, src, p);
		if (e && e != lastmatch) {
			n++;
			S_add_value(&m, &b, src, e, t);
			src = lastmatch = e;
		} else if (src < m.src_end) {
			luaL_addchar(&b, *src++);
		} else {
			break;
		}
		if (anchor)
			break;
	}
	luaL_addlstring(&b, src, (size_t)(m.src_end - src));
	S_flush(&m);
	luaL_pushresult(&b);
	lua_pushinteger(L, n);
	return 2;
}

void pattern_install(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{"find", S_find}, {"match", S_match_fn}, {"gmatch", S_gmatch}, {"gsub", S_gsub}, {NULL, NULL},
	};
	luaL_setfuncs(L, fns, 0);
}
