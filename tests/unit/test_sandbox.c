/* Hostile plugins and templates, run through the public APIs: each attempt
 * to get out of the sandbox, to change what other plugins and templates
 * see, or to exhaust memory or time must end in one clear diagnostic (or
 * have no effect), never in a crash, a hang or an escape. */
#define HARNESS_DIAG
#include "harness.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lua_host.h"
#include "plugin.h"
#include "site.h"
#include "template.h"
#include "value.h"

/* Bytes a state may hold: little, but a full Lua stack needs more. */
static size_t S_memory = (size_t)16 << 20;

/* Instructions a call may run: few for the loops, Lua's default for the
 * tests that need time to fill memory or a stack. */
static long S_budget = 200000;

static struct lua_host *H;
static struct plugins *P;
static struct lang LANG_VI = {.code = "vi"};
static struct page PAGE = {.kind = PAGE_REGULAR, .lang = &LANG_VI, .file = "content/vi/x.md", .title = "T",
			   .url = "/vi/x/", .section = "s"};

/* ---- plugins ---- */

static void setup(void)
{
	if (P)
		plugins_free(P);
	if (H)
		lua_host_free(H);
	H = lua_host_new(harness_diag());
	lua_host_set_budget(H, S_budget);
	lua_host_set_memory_limit(H, S_memory);
	P = plugins_new(H, NULL);
}

/* Loads code as lua-plugins/x.lua into a fresh state; returns its status. */
static int load(const char *code)
{
	setup();
	return plugins_load(P, "lua-plugins/x.lua", code, strlen(code));
}

static void load_fails(const char *code, const char *want)
{
	CHECK_INT(load(code), -1);
	CHECK_STR(harness_diag_text(), want);
}

/* Calls widget name (block at line 12) on the current state: its HTML
 * or NULL, with the diagnostics in harness_diag_text(). */
static char *widget(const char *name)
{
	char *html = NULL;
	harness_diag();
	plugins_begin(P, &PAGE, LUA_NOREF);
	int rc = plugins_widget(P, name, "", 0, 12, 1, &html);
	plugins_end(P);
	if (rc < 0) {
		free(html);
		return NULL;
	}
	return html;
}

static void widget_is(const char *name, const char *want)
{
	char *got = widget(name);
	CHECK_STR(got, want);
	if (got == NULL)
		fprintf(stderr, "  diagnostics: %s", harness_diag_text());
	free(got);
}

static void widget_fails(const char *name, const char *want)
{
	char *got = widget(name);
	CHECK(got == NULL);
	CHECK_STR(harness_diag_text(), want);
	free(got);
}

/* One widget 'w' whose body is code, in a fresh state. */
static void body_is(const char *code, const char *want)
{
	char *src = malloc(strlen(code) + 64);
	sprintf(src, "wardsite.widget('w', function()\n%s\nend)\n", code);
	CHECK_INT(load(src), 0);
	widget_is("w", want);
	free(src);
}

static void body_fails(const char *code, const char *want)
{
	char *src = malloc(strlen(code) + 64);
	sprintf(src, "wardsite.widget('w', function()\n%s\nend)\n", code);
	CHECK_INT(load(src), 0);
	widget_fails("w", want);
	free(src);
}

#define W "content/vi/x.md:12:1: error: widget 'w': "

/* No path leads to os, io, package, debug or the real library tables. */
static void test_reach(void)
{
	load_fails("return _G.os\n", "lua-plugins/x.lua:1: error: unknown global '_G'\n");
	load_fails("return _ENV.os\n", "lua-plugins/x.lua:1: error: unknown global 'os'\n");
	load_fails("local e = _ENV\nreturn e['i' .. 'o']\n", "lua-plugins/x.lua:2: error: unknown global 'io'\n");
	load_fails("return getmetatable('').__index.os\n", "lua-plugins/x.lua:1: error: attempt to index a boolean value\n");
	load_fails("return require\n", "lua-plugins/x.lua:1: error: unknown global 'require'\n");
	load_fails("return coroutine.wrap(function() while true do end end)()\n",
		   "lua-plugins/x.lua:1: error: unknown global 'coroutine'\n");
	load_fails("collectgarbage('stop')\n", "lua-plugins/x.lua:1: error: unknown global 'collectgarbage'\n");
	load_fails("rawset(string, 'x', 1)\n", "lua-plugins/x.lua:1: error: unknown global 'rawset'\n");
	load_fails("debug.sethook()\n", "lua-plugins/x.lua:1: error: unknown global 'debug'\n");
	/* what raw access and the libraries hand out is nothing */
	body_is("return tostring(rawget(_ENV, 'os')) .. tostring(rawget(wardsite, 'esc')) .. tostring(rawget(string, 'rep'))"
		" .. tostring(next(string)) .. tostring(string.os) .. tostring(('').os) .. tostring(getmetatable(string))"
		" .. tostring(getmetatable(wardsite)) .. tostring(getmetatable(_ENV))",
		"nilnilnilnilnilnilfalsefalsefalse");
	/* load: text only, in the caller's sandbox or an empty one */
	load_fails("load('return os')()\n", "(load):1: error: unknown global 'os'\n");
	body_is("return tostring(load('return os', 'x', 't', {})()) .. tostring(select(2, pcall(load, 'return io'))())",
		"nilnil");
	load_fails("load('return 1', 'x', 'bt')\n", "lua-plugins/x.lua:1: error: load(): mode must be \"t\" (text), not \"bt\"\n");
	load_fails("load('\\27Lua\\84\\0')\n", "lua-plugins/x.lua:1: error: load(): binary chunks are not allowed\n");
	load_fails("load(function() return nil end)\n",
		   "lua-plugins/x.lua:1: error: bad argument #1 to 'load' (string expected, got function)\n");
	load_fails("return string.dump(load)\n", "lua-plugins/x.lua:1: error: attempt to call a nil value (field 'dump')\n");
	load_fails("return ('').dump(print)\n", "lua-plugins/x.lua:1: error: unknown global 'print'\n");
}

/* The API and library tables are shared by every plugin: none may change
 * them, not through pairs' state, setmetatable or the string metatable. */
static void test_shared_tables(void)
{
	load_fails("local _, t = pairs(wardsite)\nt.esc = function(s) return s end\n",
		   "lua-plugins/x.lua:2: error: cannot assign wardsite.esc: wardsite is read-only\n");
	load_fails("local _, t = pairs(string)\nt.upper = nil\n",
		   "lua-plugins/x.lua:2: error: cannot assign string.upper: string is read-only\n");
	load_fails("setmetatable(wardsite, {})\n", "lua-plugins/x.lua:1: error: cannot change a protected metatable\n");
	load_fails("setmetatable(string, {__index = {}})\n", "lua-plugins/x.lua:1: error: cannot change a protected metatable\n");
	load_fails("setmetatable('', {})\n",
		   "lua-plugins/x.lua:1: error: bad argument #1 to 'setmetatable' (table expected, got string)\n");
	load_fails("getmetatable('').__index = {}\n", "lua-plugins/x.lua:1: error: attempt to index a boolean value\n");
	load_fails("table.insert = nil\n", "lua-plugins/x.lua:1: error: cannot assign table.insert: table is read-only\n");
	/* pairs still lists them */
	body_is("local n = 0\nfor k, v in pairs(wardsite) do assert(type(v) == 'function' or k == 'version'); n = n + 1 end\n"
		"return tostring(n > 10)",
		"true");
	/* one plugin's attempt leaves the next one's esc working */
	const char *two = "pcall(function() local _, t = pairs(wardsite); t.esc = tostring end)\n"
			  "wardsite.widget('w', function() return wardsite.esc('<script>') .. ('a'):upper() end)\n";
	setup();
	CHECK_INT(plugins_load(P, "lua-plugins/x.lua", two, strlen(two)), 0);
	widget_is("w", "&lt;script&gt;A");
}

/* Code that runs later, outside its call: finalisers and error objects. */
static void test_later(void)
{
	load_fails("local t = setmetatable({}, {__gc = function() wardsite.warn('late') end})\n",
		   "lua-plugins/x.lua:1: error: setmetatable(): __gc finalisers are not allowed\n");
	load_fails("error(setmetatable({}, {__gc = function() while true do end end}))\n",
		   "lua-plugins/x.lua:1: error: setmetatable(): __gc finalisers are not allowed\n");
	/* a __gc added after setmetatable marks nothing for finalisation:
	 * garbage is made until the collector has surely run, and at
	 * lua_close (after the registry is freed) nothing runs either */
	CHECK_INT(load("local keep = {}\n"
		       "for i = 1, 100 do local mt = {}; keep[i] = setmetatable({}, mt); mt.__gc = function() wardsite.warn('late') end end\n"
		       "keep = nil\n"
		       "wardsite.widget('w', function() for i = 1, 2000 do local s = string.rep('x', 100, tostring(i)) end return 'ok' end)\n"),
		  0);
	widget_is("w", "ok");
	CHECK_STR(harness_diag_text(), "");
	plugins_free(P);
	P = NULL;
	lua_host_free(H);
	H = NULL;
	CHECK_STR(harness_diag_text(), "");
	/* an error object is never turned into text by calling it */
	body_fails("error(setmetatable({}, {__tostring = function() while true do end end}))",
		   W "lua-plugins/x.lua:2: error() was given a table value, not a message\n");
	body_fails("error(setmetatable({}, {__index = function() while true do end end}))",
		   W "lua-plugins/x.lua:2: error() was given a table value, not a message\n");
}

/* Running out of time: no way around the budget. */
static void test_budget(void)
{
	body_fails("while true do end", W "lua-plugins/x.lua:2: ran too long (more than 200000 instructions)\n");
	/* pcall, nested or around the loop, cannot catch it */
	body_fails("local ok = pcall(pcall, function() while true do end end)\nreturn 'escaped'",
		   W "lua-plugins/x.lua:2: ran too long (more than 200000 instructions)\n");
	body_fails("while true do pcall(function() local i = 0; repeat i = i + 1 until false end) end",
		   W "lua-plugins/x.lua:2: ran too long (more than 200000 instructions)\n");
	/* nor a to-be-closed variable whose __close loops again */
	body_fails("local x <close> = setmetatable({}, {__close = function() while true do end end})\nwhile true do end",
		   W "lua-plugins/x.lua:2: ran too long (more than 200000 instructions)\n");
	/* nor loaded code */
	body_fails("load('while true do end', '@lua-plugins/y.lua')()", W "lua-plugins/y.lua:1: ran too long (more than 200000 instructions)\n");
	/* C functions that loop over what they are asked for */
	body_fails("table.move({}, 1, 1e15, 1, {})", W "lua-plugins/x.lua:2: ran too long (more than 200000 instructions)\n");
	body_is("return '[' .. string.rep('', math.maxinteger) .. ('').rep('', 1e15, '') .. ']'", "[]");
	body_is("local t = table.move({1, 2, 3}, 1, 3, 2) return table.concat(t, ',')", "1,1,2,3");
	/* one instruction that copies much (a concatenation, upper()) counts
	 * what it allocates: a loop of them ends like any other */
	body_fails("local big = ('x'):rep(4 << 20)\nfor i = 1, 1e9 do local y = big .. 'a' end",
		   W "lua-plugins/x.lua:3: ran too long (more than 200000 instructions)\n");
	body_fails("local big = ('x'):rep(1 << 20)\nfor i = 1, 1e9 do local y = big:upper() end",
		   W "lua-plugins/x.lua:3: ran too long (more than 200000 instructions)\n");
	/* the state is usable for the next call, with its whole budget */
	body_is("local n = 0 for i = 1, 30000 do n = n + i end return tostring(n)", "450015000");
	CHECK_INT(load("wardsite.widget('spin', function() while true do end end)\n"
		       "wardsite.widget('w', function() local n = 0 for i = 1, 30000 do n = n + 1 end return tostring(n) end)\n"),
		  0);
	widget_fails("spin", "content/vi/x.md:12:1: error: widget 'spin': lua-plugins/x.lua:1: ran too long (more than 200000 instructions)\n");
	widget_is("w", "30000");
	load_fails("\n\nwhile true do end\n", "lua-plugins/x.lua:3: error: ran too long (more than 200000 instructions)\n");
}

/* Running out of memory: a clear error, and the state goes on. */
static void test_memory(void)
{
	S_budget = 200000000;
	body_fails("local t = {} for i = 1, 1e9 do t[i] = i end", W "needs more than 16 MiB of memory\n");
	body_fails("local s = 'x' for i = 1, 40 do s = s .. s end", W "needs more than 16 MiB of memory\n");
	body_fails("return string.rep('x', 1 << 30)", W "needs more than 16 MiB of memory\n");
	body_fails("return ('ab'):rep(1 << 40, ',')", W "lua-plugins/x.lua:2: resulting string too large\n");
	/* pcall may catch it; the memory is given back */
	body_is("local ok, e = pcall(string.rep, 'x', 1 << 30) return tostring(ok) .. ' ' .. e .. ' ' .. ('y'):rep(3)",
		"false not enough memory yyy");
	load_fails("local s = 'x' for i = 1, 40 do s = s .. s end\n", "lua-plugins/x.lua: error: needs more than 16 MiB of memory while it loads\n");
	/* the state goes on after a memory error, with its memory back */
	CHECK_INT(load("wardsite.widget('eat', function() local t = {} for i = 1, 1e9 do t[i] = 'x' .. i end end)\n"
		       "wardsite.widget('w', function() return #string.rep('-', 1 << 20) .. ' bytes' end)\n"),
		  0);
	widget_fails("eat", "content/vi/x.md:12:1: error: widget 'eat': needs more than 16 MiB of memory\n");
	widget_is("w", "1048576 bytes");
	widget_fails("eat", "content/vi/x.md:12:1: error: widget 'eat': needs more than 16 MiB of memory\n");
	widget_is("w", "1048576 bytes");
	/* a plugin that keeps memory to the brim makes its own later calls
	 * fail with the same message, and wardsite's C side, which pushes
	 * pages between calls, still works; once it lets go, calls work */
	CHECK_INT(load("local keep = {}\n"
		       "wardsite.widget('fill', function()\n"
		       "  local size = 1 << 20\n"
		       "  while size >= 1 do\n"
		       "    local ok, s = pcall(string.rep, 'x', size, tostring(#keep))\n"
		       "    if ok then ok = pcall(function() keep[#keep + 1] = s end) end\n"
		       "    if not ok then size = size // 2 end\n"
		       "  end\n"
		       "  return 'full'\n"
		       "end)\n"
		       "wardsite.widget('drop', function() keep = nil end)\n"
		       "wardsite.widget('slug', function() return wardsite.slug('Đồng Xoài') end)\n"
		       "wardsite.widget('w', function() return #string.rep('-', 1 << 20) .. ' bytes' end)\n"),
		  0);
	char *got = widget("fill");
	/* returning needs a little memory too: either way, no crash */
	CHECK(got == NULL ? strcmp(harness_diag_text(), "content/vi/x.md:12:1: error: widget 'fill': needs more than 16 MiB of memory\n") == 0
			  : strcmp(got, "full") == 0);
	free(got);
	widget_fails("w", W "needs more than 16 MiB of memory\n");
	widget_fails("w", W "needs more than 16 MiB of memory\n");
	/* wardsite's own helpers still give their results: a memory error
	 * in them would leak the C memory they hold */
	widget_is("slug", "dong-xoai");
	widget_is("drop", "");
	widget_is("w", "1048576 bytes");
}

/* Stacks: Lua's, the C stack, the message handler on a deep stack. */
static void test_stacks(void)
{
	S_memory = (size_t)256 << 20;
	body_fails("local function f() return 1 + f() end\nreturn f()", W "lua-plugins/x.lua:2: stack overflow\n");
	body_fails("local t = setmetatable({}, {__index = function(t, k) return t[k] end})\nreturn t.x",
		   W "lua-plugins/x.lua:2: C stack overflow\n");
	body_fails("local function f(s) return (s:gsub('.', f)) end\nreturn f('x')", W "lua-plugins/x.lua:2: C stack overflow\n");
	body_fails("local a, b = {}, {}\nsetmetatable(a, {__index = b}) setmetatable(b, {__index = a})\nreturn a.x",
		   W "lua-plugins/x.lua:4: '__index' chain too long; possible loop\n");
	body_fails("local t = setmetatable({}, {__tostring = function(t) return tostring(t) end})\nreturn tostring(t)",
		   W "lua-plugins/x.lua:2: C stack overflow\n");
	/* an error without a position far down a deep stack is reported at
	 * once (the handler looks at the innermost levels only) */
	body_fails("load('local function f(n) if n == 0 then error(\"boom\", 0) end f(n - 1) end f(150000)', '=x')()",
		   W "boom\n");
	body_fails("return string.format('%99999d', 1)", W "lua-plugins/x.lua:2: invalid conversion specification: '%99999d'\n");
	body_is("return tostring(#string.format('%99.99f', 1))", "101");
}

/* ---- pattern matching ----
 *
 * The sandbox's string.find, match, gmatch and gsub (pattern.c) count
 * their steps; they must give what Lua's own give, results and messages,
 * for every pattern: these scripts print both for a fixed corpus and for
 * random patterns, run in the sandbox and in a plain Lua state. */

static const char S_patterns_fixed[] =
	"local subjects = {'', 'a', 'aaa', 'hello world', '  x = 1, y = 22  ', '(foo(bar))baz', 'THE (quick) fox', 'a.b-c+d*e?f',\n"
	"  '\\0a\\0b', 'abcabcabc', 'x=1&y=2', 'đồng xoài', '[[]]', '%d%s', 'f(a,b) g(c)', 'THE END.\\n'}\n"
	"local patterns = {'a', 'a*', 'a-', 'a+', 'a?', '.', '.-', '^a', 'a$', '^$', '', '^', '$', '%a+', '%A+', '%d+', '%s*',\n"
	"  '%w+', '%p', '%x+', '[%a_][%w_]*', '[^%s]+', '[a-c]+', '[]]', '[^]]+', '[%]]', '()a()', '(a)(b)?', '(a*(.)%w(%s*))',\n"
	"  '%((%w+)%)', '%b()', '%f[%w]%w+', '%f[%W]', '(%w+)=(%w+)', '(.)%1', '^(%s*)(.-)(%s*)$', '[%d.]+', '%%', 'x', 'b-c',\n"
	"  '[a-]', '[-a]', 'a-b', '%.', '(', ')', '%', '[a', '[^', '%b', '%ba', '%f', '%fx', '%1', '%0', '(()', '(a)%2', '%g+',\n"
	"  '%c', '%u%l*', '%z', '[%z]', '\\0', '[\\0-a]', '(h)(e)(l)(l)(o)', '.-b', 'a.-c', '(.-)%s*$', '[^%w%s]', '%S+%s*',\n"
	"  '%bxy', '[a-%%]', '[%a-z]', '^(a)', 'a?a?a', '(a?)', '%f[^\\0]', '%f[%z]', '[%w%-]+', '((a)(b))', '%[%]', '[[]',\n"
	"  '..?$', 'o()', '^()', '%1()', '[^%]]', 'e*$', '%s$', '%S-%s', '()()', '((((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))'}\n"
	"local out = {}\n"
	"local function ser(...)\n"
	"  local t = table.pack(...)\n"
	"  local r = {}\n"
	"  for i = 1, t.n do\n"
	"    local v = t[i]\n"
	"    r[i] = type(v) == 'string' and string.format('%q', v) or tostring(v)\n"
	"  end\n"
	"  return table.concat(r, ',')\n"
	"end\n"
	"for _, s in ipairs(subjects) do\n"
	"  for _, p in ipairs(patterns) do\n"
	"    local h = ser(s, p) .. ': '\n"
	"    for _, init in ipairs({1, 2, -2, 0, -100, 100}) do\n"
	"      out[#out + 1] = h .. 'find ' .. init .. ' ' .. ser(pcall(string.find, s, p, init))\n"
	"      out[#out + 1] = h .. 'plain ' .. init .. ' ' .. ser(pcall(string.find, s, p, init, true))\n"
	"      out[#out + 1] = h .. 'match ' .. init .. ' ' .. ser(pcall(string.match, s, p, init))\n"
	"    end\n"
	"    out[#out + 1] = h .. 'gsub ' .. ser(pcall(string.gsub, s, p, '<%0>'))\n"
	"    out[#out + 1] = h .. 'gsub1 ' .. ser(pcall(string.gsub, s, p, '[%1]', 2))\n"
	"    out[#out + 1] = h .. 'gsubf ' .. ser(pcall(string.gsub, s, p, function(a, b) if b then return a .. '|' .. tostring(b) end end))\n"
	"    out[#out + 1] = h .. 'gsubt ' .. ser(pcall(string.gsub, s, p, {a = 'A', [''] = 'E', x = false, l = 7}))\n"
	"    for _, init in ipairs({1, 3, -1, 100}) do\n"
	"      out[#out + 1] = h .. 'gmatch ' .. init .. ' ' .. ser(pcall(function()\n"
	"        local r = {}\n"
	"        for a, b in string.gmatch(s, p, init) do\n"
	"          r[#r + 1] = ser(a, b)\n"
	"          if #r > 50 then break end\n"
	"        end\n"
	"        return table.concat(r, ';')\n"
	"      end))\n"
	"    end\n"
	"  end\n"
	"end\n"
	"for _, r in ipairs({'%%', '%', '%2', '%a', '%0%0', 'x%1y', '%1%1', ''}) do\n"
	"  out[#out + 1] = ser(r, pcall(string.gsub, 'abc', '(b)', r))\n"
	"  out[#out + 1] = ser(r, pcall(string.gsub, 'abc', 'b', r))\n"
	"  out[#out + 1] = ser(r, pcall(string.gsub, 'abc', '()b', r))\n"
	"end\n"
	"out[#out + 1] = ser(pcall(string.gsub, 'abc', 'b', 1.5))\n"
	"out[#out + 1] = ser(pcall(string.gsub, 'abc', 'b', 7))\n"
	"out[#out + 1] = ser(pcall(string.gsub, 'abc', 'b'))\n"
	"out[#out + 1] = ser(pcall(string.gsub, 'abc', 'b', true))\n"
	"out[#out + 1] = ser(pcall(string.gsub, 'abc', '(b)', {b = {}}))\n"
	"out[#out + 1] = ser(pcall(string.gsub, 'abc', '(b)', function() return {} end))\n"
	"out[#out + 1] = ser(pcall(string.gsub, 'abc', '', '-', 0))\n"
	"out[#out + 1] = ser(pcall(string.gsub, 'abc', '', '-', -1))\n"
	"out[#out + 1] = ser(pcall(string.gsub, 'abc', '', '-', 2.0))\n"
	"out[#out + 1] = ser(pcall(string.gsub, 123, 2, 9))\n"
	"out[#out + 1] = ser(pcall(string.find, 12345, 34))\n"
	"out[#out + 1] = ser(pcall(string.find, 'abc', {}))\n"
	"out[#out + 1] = ser(pcall(string.match, 'abc'))\n"
	"out[#out + 1] = ser(pcall(string.gmatch, nil, 'x'))\n"
	"out[#out + 1] = ser(pcall(string.find, 'abc', 'b', 1.5))\n"
	"out[#out + 1] = ser(pcall(string.find, ('a'):rep(300), ('a?'):rep(300)))\n"
	"out[#out + 1] = ser(pcall(string.match, ('('):rep(33) .. ('a'):rep(33), ('%('):rep(33)))\n"
	"out[#out + 1] = ser(pcall(string.match, ('a'):rep(40), ('(a)'):rep(33)))\n"
	"local it = string.gmatch('a1b2', '%a(%d)')\n"
	"out[#out + 1] = ser(it(), it(), it(), it())\n"
	"return table.concat(out, '\\n')\n"
	"\n";

static const char S_patterns_random[] =
	"math.randomseed(42)\n"
	"local atoms = {'a', 'b', '.', '%a', '%d', '%s', '%w', '%A', '[ab]', '[^a]', '[a-c]', '[%d%s]', '%%', '%.', '(', ')', '()',\n"
	"  '%1', '%2', '%b()', '%bab', '%f[%w]', '%f[%W]', '^', '$', '*', '+', '-', '?', '[', ']', '%', '[]]', '[^]]', '1', ' ', '\\0'}\n"
	"local chars = {'a', 'b', 'c', '1', '2', ' ', '(', ')', '.', '%', '\\0', ']', '['}\n"
	"local function ser(...)\n"
	"  local t = table.pack(...)\n"
	"  local r = {}\n"
	"  for i = 1, t.n do local v = t[i] r[i] = type(v) == 'string' and string.format('%q', v) or tostring(v) end\n"
	"  return table.concat(r, ',')\n"
	"end\n"
	"local out = {}\n"
	"for i = 1, 6000 do\n"
	"  local p = {}\n"
	"  for k = 1, math.random(1, 7) do p[k] = atoms[math.random(#atoms)] end\n"
	"  p = table.concat(p)\n"
	"  local s = {}\n"
	"  for k = 1, math.random(0, 10) do s[k] = chars[math.random(#chars)] end\n"
	"  s = table.concat(s)\n"
	"  local init = math.random(-3, 5)\n"
	"  out[#out + 1] = ser(s, p, init) .. ' ' .. ser(pcall(string.find, s, p, init)) .. ' ' .. ser(pcall(string.match, s, p, init))\n"
	"    .. ' ' .. ser(pcall(string.gsub, s, p, '<%0%1>')) .. ' ' .. ser(pcall(string.gsub, s, p, function(...) return select('#', ...) .. '' end, 3))\n"
	"    .. ' ' .. ser(pcall(function() local r = {} for a, b in string.gmatch(s, p, init) do r[#r + 1] = ser(a, b) if #r > 20 then break end end return table.concat(r, ';') end))\n"
	"end\n"
	"return table.concat(out, '\\n')\n"
	"\n";

/* The output of script in a plain Lua state and in the sandbox. */
static void same_as_lua(const char *script)
{
	lua_State *ref = luaL_newstate();
	luaL_openlibs(ref);
	CHECK_INT(luaL_loadstring(ref, script) || lua_pcall(ref, 0, 1, 0), 0);
	setup();
	lua_host_set_budget(H, 2000000000L);
	lua_State *L = lua_host_state(H);
	CHECK_INT(luaL_loadstring(L, script) || lua_host_call(H, 0, 1), 0);
	const char *want = lua_tostring(ref, -1), *got = lua_tostring(L, -1);
	CHECK(want && got && strlen(want) > 100000);
	if (want && got && strcmp(want, got) != 0) {
		CHECK(0);
		size_t i = 0, line = 1;
		for (; want[i] && want[i] == got[i]; i++)
			line += want[i] == '\n';
		fprintf(stderr, "  first difference on line %zu: want %.120s\n  got  %.120s\n", line, want + i, got + i);
	}
	lua_close(ref);
}

static void test_patterns(void)
{
	same_as_lua(S_patterns_fixed);
	same_as_lua(S_patterns_random);
	/* catastrophic backtracking ends on the budget, at the caller's line */
	body_fails("local s = string.rep('a', 1e5)\nreturn tostring(string.find(s, '.-.-.-.-b'))",
		   W "lua-plugins/x.lua:3: ran too long (more than 200000 instructions)\n");
	body_fails("return (('x'):rep(40):find(('x?'):rep(40) .. ('x'):rep(40)))",
		   W "lua-plugins/x.lua:2: ran too long (more than 200000 instructions)\n");
	body_fails("local n = 0\nfor w in (('a'):rep(3000)):gmatch('a-a-a-b') do n = n + 1 end",
		   W "lua-plugins/x.lua:3: ran too long (more than 200000 instructions)\n");
	body_fails("return (('a'):rep(3000):gsub('.-.-b', ''))", W "lua-plugins/x.lua:2: ran too long (more than 200000 instructions)\n");
	/* nor can pcall catch it */
	body_fails("local ok = pcall(string.match, ('a'):rep(1e5), '.-.-.-b')\nreturn 'escaped'",
		   W "lua-plugins/x.lua:2: ran too long (more than 200000 instructions)\n");
	/* ordinary matching on a long text is well within the budget */
	body_is("local s = ('<p>a &amp; b</p>'):rep(1000)\nlocal n = select(2, s:gsub('<p>(.-)</p>', '%1'))\nreturn n .. ' ' .. #s",
		"1000 16000");
}

/* ---- templates ---- */

static int add(const char *name, const char *src)
{
	struct buf code = BUF_INIT;
	char *path = malloc(strlen(name) + 32);
	sprintf(path, "themes/t/layouts/%s", name);
	int rc = template_compile(src, strlen(src), path, &code, &harness_d);
	if (rc == 0)
		rc = lua_host_add_template(H, name, path, code.data, code.len);
	buf_free(&code);
	free(path);
	return rc;
}

/* Renders name with page = {title = title}. */
static char *render(const char *name, const char *title)
{
	lua_State *L = lua_host_state(H);
	lua_newtable(L);
	lua_newtable(L);
	lua_pushstring(L, title);
	lua_setfield(L, -2, "title");
	lua_setfield(L, -2, "page");
	lua_newtable(L);
	lua_pushstring(L, "vi");
	lua_setfield(L, -2, "default_language");
	lua_pushstring(L, "/");
	lua_setfield(L, -2, "base_path");
	lua_newtable(L);
	lua_setfield(L, -2, "languages");
	lua_setfield(L, -2, "site");
	lua_pushstring(L, "vi");
	lua_setfield(L, -2, "lang");
	struct buf out = BUF_INIT;
	if (lua_host_render(H, name, "content/vi/a.md", &out) < 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

static void renders(const char *name, const char *src, const char *title, const char *want)
{
	harness_diag();
	CHECK(add(name, src) == 0);
	char *got = render(name, title);
	CHECK_STR(got, want);
	if (got == NULL)
		fprintf(stderr, "  diagnostics: %s", harness_diag_text());
	free(got);
}

static void fails(const char *name, const char *src, const char *want)
{
	harness_diag();
	char *got = NULL;
	if (add(name, src) == 0)
		got = render(name, "x");
	CHECK(got == NULL);
	CHECK_STR(harness_diag_text(), want);
	free(got);
}

#define R " (rendering content/vi/a.md)\n"

static void test_templates(void)
{
	setup();
	plugins_free(P);
	P = NULL;
	renders("esc.html", "<h1 title=\"{{ page.title }}\">{{ page.title }}</h1>", "\"><script>alert(1)</script>",
		"<h1 title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>");
	/* nothing to reach */
	renders("reach.html", "[{{ _G }}|{{ _ENV.os }}|{{ rawget(_ENV, 'io') }}|{{ string.os }}|{{ type(getmetatable) }}|{{ type(load) }}"
			      "|{{ type(setmetatable) }}|{{ type(coroutine) }}|{{ type(collectgarbage) }}|{{ type(require) }}]",
		"", "[||||nil|nil|nil|nil|nil|nil]");
	fails("os.html", "{{ os.getenv('HOME') }}", "themes/t/layouts/os.html:1: error: attempt to index a nil value (global 'os')" R);
	fails("dump.html", "{{ string.dump(type) }}",
	      "themes/t/layouts/dump.html:1: error: attempt to call a nil value (field 'dump')" R);
	fails("co.html", "{% coroutine.wrap(function() end)() %}",
	      "themes/t/layouts/co.html:1: error: attempt to index a nil value (global 'coroutine')" R);
	/* the runtime and the libraries are shared by all templates and
	 * plugins: a template cannot change them */
	fails("rt.html", "{% __rt.e = __rt.r %}", "themes/t/layouts/rt.html:1: error: cannot assign __rt.e: __rt is read-only" R);
	fails("rt2.html", "{% local _, t = pairs(__rt) t.o = print %}",
	      "themes/t/layouts/rt2.html:1: error: cannot assign __rt.o: __rt is read-only" R);
	fails("str.html", "{% string.format = nil %}",
	      "themes/t/layouts/str.html:1: error: cannot assign string.format: string is read-only" R);
	fails("str2.html", "{% local _, t = pairs(string) t.gsub = nil %}",
	      "themes/t/layouts/str2.html:1: error: cannot assign string.gsub: string is read-only" R);
	fails("tab.html", "\n{% table.concat = nil %}", "themes/t/layouts/tab.html:2: error: cannot assign table.concat: table is read-only" R);
	fails("env.html", "{% _G = 1 %}", "themes/t/layouts/env.html:1: error: cannot assign the global '_G': use 'local'" R);
	/* after all that, escaping and the libraries are what they were */
	renders("esc2.html", "{{ page.title }}|{{ string.upper('a') }}|{{ table.concat({1, 2}, '-') }}", "<img src=x onerror=alert(1)>",
		"&lt;img src=x onerror=alert(1)&gt;|A|1-2");
	/* url() gives nothing for a URL that would run script */
	renders("url.html", "[{{ url('javascript:alert(1)') }}|{{ url('JavaScript:x') }}|{{ url('vbscript:x') }}|{{ url('data:text/html,x') }}"
			    "|{{ abs_url('javascript:x') }}|{{ url('https://a.vn/') }}|{{ url('/x/') }}|{{ url('mailto:a@b.vn') }}]",
		"", "[|||||https://a.vn/|/x/|mailto:a@b.vn]");
	/* time, memory, stacks */
	fails("loop.html", "{% while true do end %}",
	      "themes/t/layouts/loop.html:1: error: ran too long (more than 200000 instructions)" R);
	fails("loop2.html", "\n{% while true do pcall(function() while true do end end) end %}",
	      "themes/t/layouts/loop2.html:2: error: ran too long (more than 200000 instructions)" R);
	fails("re.html", "\n\n{{ string.find(string.rep('a', 1e5), '.-.-.-.-b') }}",
	      "themes/t/layouts/re.html:3: error: ran too long (more than 200000 instructions)" R);
	lua_host_set_budget(H, 200000000);
	/* json() writes C memory, counted against the same ceiling */
	fails("json.html", "{% local s = string.rep('x', 1 << 20) local t = {} for i = 1, 100 do t[i] = s end %}\n{{{ json(t) }}}",
	      "themes/t/layouts/json.html:2: error: json(): the text would not fit in the 16 MiB of memory a template or plugin may use" R);
	fails("mem.html", "{% local t = {} for i = 1, 1e9 do t[i] = 'x' .. i end %}",
	      "themes/t/layouts/mem.html: error: template 'mem.html' needs more than 16 MiB of memory" R);
	/* the next page has the memory again */
	renders("mem2.html", "{{ #string.rep('x', 1 << 20) }}", "", "1048576");
	lua_host_set_memory_limit(H, (size_t)256 << 20);
	fails("rec.html", "{% local function f() return 1 + f() end f() %}",
	      "themes/t/layouts/rec.html:1: error: stack overflow" R);
	fails("fmt.html", "{{ string.format('%99999d', 1) }}",
	      "themes/t/layouts/fmt.html:1: error: invalid conversion specification: '%99999d'" R);
	/* and the state still renders */
	renders("after.html", "{{ page.title }}", "a & b", "a &amp; b");
	lua_host_free(H);
	H = NULL;
}

/* ---- work done in C ----
 *
 * wardsite's own functions charge what they do (bytes, items) to the same
 * budgets as Lua's instructions, and what they print is bounded. */

/* A text of n bytes: the first line of the diagnostics, and all of them. */
static char *S_repeat(const char *head, char c, size_t n, const char *tail)
{
	size_t lh = strlen(head), lt = strlen(tail);
	char *s = malloc(lh + n + lt + 1);
	memcpy(s, head, lh);
	memset(s + lh, c, n);
	memcpy(s + lh + n, tail, lt + 1);
	return s;
}

static void test_c_work_plugins(void)
{
	S_budget = 200000;
	/* a plugin's warnings: the first 20, the rest counted, one note */
	body_is("for i = 1, 300 do wardsite.warn('w' .. i) end return 'ok'", "ok");
	struct buf want = BUF_INIT;
	for (int i = 1; i <= 20; i++)
		buf_printf(&want, "content/vi/x.md:12:1: warning: widget 'w': w%d\n", i);
	CHECK_STR(harness_diag_text(), buf_cstr(&want));
	CHECK_INT(harness_d.warnings, 300);
	lua_host_report_held(H);
	buf_puts(&want, "lua-plugins/x.lua: note: 280 more warnings from here were counted but not shown (only the first 20 are)\n");
	CHECK_STR(harness_diag_text(), buf_cstr(&want));
	/* for ever: the budget ends it, after 20 lines */
	CHECK_INT(load("wardsite.widget('w', function()\nwhile true do wardsite.warn('x') end\nend)\n"), 0);
	free(widget("w"));
	buf_reset(&want);
	for (int i = 1; i <= 20; i++)
		buf_puts(&want, "content/vi/x.md:12:1: warning: widget 'w': x\n");
	buf_puts(&want, W "lua-plugins/x.lua:2: ran too long (more than 200000 instructions)\n");
	CHECK_STR(harness_diag_text(), buf_cstr(&want));
	buf_free(&want);
	/* a long message is cut at a character, with its length */
	body_is("wardsite.warn(('é'):rep(3000) .. 'z') return 'ok'", "ok");
	struct buf e = BUF_INIT;
	buf_puts(&e, "content/vi/x.md:12:1: warning: widget 'w': ");
	for (int i = 0; i < 2048; i++)
		buf_puts(&e, "é");
	buf_puts(&e, "… (the message is cut: it was 6001 bytes long)\n");
	CHECK_STR(harness_diag_text(), buf_cstr(&e));
	buf_free(&e);
	S_budget = 200000000;
	char *big = S_repeat(W "lua-plugins/x.lua:2: ", 'x', 4096 - strlen("lua-plugins/x.lua:2: "),
			     "… (the message is cut: it was 100000021 bytes long)\n");
	body_fails("error(('x'):rep(1e8))", big);
	free(big);
	S_budget = 200000;
	/* a widget's errors on many pages: the first 20 */
	CHECK_INT(load("wardsite.widget('w', function() error('no') end)\n"), 0);
	harness_diag();
	for (int i = 0; i < 25; i++) {
		char *html = NULL;
		plugins_begin(P, &PAGE, LUA_NOREF);
		CHECK_INT(plugins_widget(P, "w", "", 0, 12 + i, 1, &html), -1);
		plugins_end(P);
		free(html);
	}
	lua_host_report_held(H);
	CHECK_INT(harness_d.errors, 25);
	const char *text = harness_diag_text();
	CHECK(strstr(text, "content/vi/x.md:31:1: error: widget 'w': lua-plugins/x.lua:1: no\n") != NULL);
	CHECK(strstr(text, "content/vi/x.md:32:1:") == NULL);
	CHECK(strstr(text, "lua-plugins/x.lua: note: 5 more errors from here were counted but not shown (only the first 20 are)\n") !=
	      NULL);
	/* load() charges the text it compiles */
	body_fails("local s = ('-- '):rep(3e5)\nload(s)", W "lua-plugins/x.lua:3: ran too long (more than 200000 instructions)\n");
	/* HTML with a NUL byte would be cut there: an error instead */
	body_fails("return 'a\\0b'",
		   W "lua-plugins/x.lua returned HTML with a NUL byte (byte 2 of 3), which would cut the page there\n");
	/* string.rep copies by doubling and gives Lua's results */
	body_is("return table.concat({('ab'):rep(3, ','), ('x'):rep(1), ('x'):rep(0), ('ab'):rep(2), ('é'):rep(3, '-'),"
		" (''):rep(5, ','), ('a'):rep(-1), ('xyz'):rep(7), #('ab'):rep(100001, '--')}, '|')",
		"ab,ab,ab|x||abab|é-é-é|,,,,||xyzxyzxyzxyzxyzxyzxyz|400002");
}

static int S_page_ref = LUA_NOREF;

/* Renders name with page = the table at S_page_ref: its text, or NULL. */
static char *S_render_ro(const char *name, const char *src)
{
	harness_diag();
	if (add(name, src) != 0)
		return NULL;
	lua_State *L = lua_host_state(H);
	lua_newtable(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, S_page_ref);
	lua_setfield(L, -2, "page");
	lua_pushstring(L, "vi");
	lua_setfield(L, -2, "lang");
	struct buf out = BUF_INIT;
	if (lua_host_render(H, name, "content/vi/a.md", &out) < 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

static void ro_renders(const char *name, const char *src, const char *want)
{
	char *got = S_render_ro(name, src);
	CHECK_STR(got, want);
	if (got == NULL)
		fprintf(stderr, "  diagnostics: %s", harness_diag_text());
	free(got);
}

static void ro_fails(const char *name, const char *src, const char *want)
{
	char *got = S_render_ro(name, src);
	CHECK(got == NULL);
	CHECK_STR(harness_diag_text(), want);
	free(got);
}

static void test_c_work_templates(void)
{
	setup();
	plugins_free(P);
	P = NULL;
	/* json(): a shared table is written again, at a price; a graph
	 * that doubles 30 times ends on the budget, not after 2^30 tables */
	renders("dag1.html", "{% local a = {1} %}{{{ json({a, a, {x = a}}) }}}", "", "[[1],[1],{\"x\":[1]}]");
	fails("dag.html", "{% local t = {} for i = 1, 30 do t = {t, t} end %}{{{ json(t) }}}",
	      "themes/t/layouts/dag.html:1: error: ran too long (more than 200000 instructions)" R);
	fails("cyc.html", "{% local t = {1, {2}} t[2][2] = t %}{{{ json(t) }}}",
	      "themes/t/layouts/cyc.html:1: error: json(): a table contains itself, so it has no JSON form" R);
	/* sort_by compares the first 1,000 bytes: alike that far, two texts
	 * keep their order (comparing 200 MB strings took 37 s) */
	renders("sort.html", "{% local s = ('x'):rep(2000) %}{% for _, v in ipairs(sort_by({s .. 'b', s .. 'a', 'a'})) do %}{{ v:sub(-1) }}{% end %}",
		"", "aba");
	renders("sort2.html", "{% for _, v in ipairs(sort_by({'b', 'c', 'a'}, nil, 'desc')) do %}{{ v }}{% end %}", "", "cba");
	/* a template that fails on many pages: the first 20 */
	CHECK(add("bad.html", "{{ nil .. 1 }}") == 0);
	harness_diag();
	lua_State *L = lua_host_state(H);
	for (int i = 0; i < 23; i++) {
		char what[32];
		snprintf(what, sizeof what, "p%d.md", i);
		lua_newtable(L);
		struct buf out = BUF_INIT;
		CHECK_INT(lua_host_render(H, "bad.html", what, &out), -1);
		buf_free(&out);
	}
	lua_host_report_held(H);
	CHECK_INT(harness_d.errors, 23);
	const char *text = harness_diag_text();
	CHECK(strstr(text, "(rendering p19.md)\n") != NULL);
	CHECK(strstr(text, "(rendering p20.md)\n") == NULL);
	CHECK(strstr(text, "themes/t/layouts/bad.html: note: 3 more errors from here were counted but not shown (only the first 20 are)\n") !=
	      NULL);
	/* a template's warnings (interface strings missing): the first 20 */
	const char *strings = "k1: v\nk2: v\nk3: v\nk4: v\nk5: v\nk6: v\nk7: v\nk8: v\nk9: v\nk10: v\nk11: v\nk12: v\nk13: v\n"
			      "k14: v\nk15: v\nk16: v\nk17: v\nk18: v\nk19: v\nk20: v\nk21: v\nk22: v\nk23: v\nk24: v\n";
	struct value *vi = value_parse_yaml(strings, strlen(strings), "i18n/vi.yaml", 0, &harness_d);
	CHECK(vi != NULL);
	lua_host_set_strings(H, "vi", "i18n/vi.yaml", vi);
	value_free(vi);
	CHECK(add("t.html", "{% for i = 1, 24 do %}{{ T('k' .. i) }}{% end %}") == 0);
	harness_diag();
	lua_newtable(L);
	lua_pushstring(L, "en");
	lua_setfield(L, -2, "lang");
	lua_newtable(L);
	lua_pushstring(L, "vi");
	lua_setfield(L, -2, "default_language");
	lua_setfield(L, -2, "site");
	struct buf tout = BUF_INIT;
	CHECK_INT(lua_host_render(H, "t.html", "content/en/a.md", &tout), 0);
	CHECK_INT((int)tout.len, 24);
	buf_free(&tout);
	lua_host_report_held(H);
	CHECK_INT(harness_d.warnings, 24);
	text = harness_diag_text();
	CHECK(strstr(text, "wardsite: warning: interface string 'k20' is missing from the strings of en; the 'vi' one is used\n") != NULL);
	CHECK(strstr(text, "'k21'") == NULL);
	CHECK(strstr(text, "themes/t/layouts/t.html: note: 4 more warnings from here were counted but not shown (only the first 20 are)\n") !=
	      NULL);
	/* read-only tables (page.params): no writes, every read */
	static struct value k1 = {.type = VALUE_STRING, .str = "a", .len = 1}, k2 = {.type = VALUE_STRING, .str = "l", .len = 1};
	static struct value v1 = {.type = VALUE_INT, .i = 7}, i1 = {.type = VALUE_STRING, .str = "x", .len = 1};
	static struct value *items[] = {&i1, &i1};
	static struct value list = {.type = VALUE_LIST, .items = items, .n = 2};
	static struct value *keys[] = {&k1, &k2}, *vals[] = {&v1, &list};
	static struct value map = {.type = VALUE_MAP, .keys = keys, .items = vals, .n = 2};
	lua_newtable(L);
	lua_host_push_readonly(L, &map, "page.params");
	uint64_t h1 = lua_host_hash(L, -1, 0, NULL, NULL);
	lua_host_push_value(L, &map);
	CHECK(h1 == lua_host_hash(L, -1, 0, NULL, NULL)); /* incremental builds see its contents */
	lua_pop(L, 1);
	lua_setfield(L, -2, "params");
	S_page_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	ro_renders("ro.html",
		   "{{ page.params.a }} {{ #page.params.l }} {{ page.params.l[2] }} {% local n = 0 for k in pairs(page.params) do n = n + 1 end %}"
		   "{{ n }} {% for i, v in ipairs(page.params.l) do %}{{ i }}{{ v }}{% end %} {{{ json(page.params) }}}",
		   "7 2 x 2 1x2x {\"a\":7,\"l\":[\"x\",\"x\"]}");
	ro_fails("ro1.html", "{% page.params.a = 1 %}",
		 "themes/t/layouts/ro1.html:1: error: cannot assign page.params.a: page.params is read-only (rendering content/vi/a.md)\n");
	ro_fails("ro2.html", "\n{% page.params.l[3] = 'y' %}",
		 "themes/t/layouts/ro2.html:2: error: cannot assign page.params.3: page.params is read-only (rendering content/vi/a.md)\n");
	ro_fails("ro3.html", "{% table.insert(page.params.l, 'y') %}",
		 "themes/t/layouts/ro3.html:1: error: cannot assign page.params.3: page.params is read-only (rendering content/vi/a.md)\n");
	ro_renders("ro4.html", "{{ page.params.a }}", "7"); /* as it was */
	luaL_unref(L, LUA_REGISTRYINDEX, S_page_ref);
	lua_host_free(H);
	H = NULL;
}

int main(void)
{
	test_reach();
	test_shared_tables();
	test_later();
	test_budget();
	test_memory();
	test_stacks();
	S_budget = 200000;
	S_memory = (size_t)16 << 20;
	test_patterns();
	S_memory = (size_t)16 << 20;
	test_templates();
	S_memory = (size_t)256 << 20;
	test_c_work_plugins();
	S_budget = 200000;
	S_memory = (size_t)16 << 20;
	test_c_work_templates();
	plugins_free(P);
	lua_host_free(H);
	harness_diag_end();
	HARNESS_DONE();
}
