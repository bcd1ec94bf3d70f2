#define HARNESS_DIAG
#include "harness.h"

#include <lauxlib.h>
#include <lua.h>

#include "lua_host.h"
#include "markdown.h"
#include "plugin.h"
#include "site.h"

static struct lua_host *H;
static struct plugins *P;
static struct lang LANG_VI = {.code = "vi"};
static struct lang LANG_EN = {.code = "en"};
static struct page PAGE = {.kind = PAGE_REGULAR, .lang = &LANG_VI, .file = "content/vi/ke-hoach/x.md",
			   .title = "Chỉ tiêu", .url = "/vi/ke-hoach/x/", .section = "ke-hoach"};

/* A fresh state and registry with the plugins given as path, code pairs
 * (NULL-terminated); returns the number that failed to load. */
static int setup(const char *const *plugins)
{
	if (P)
		plugins_free(P);
	if (H)
		lua_host_free(H);
	H = lua_host_new(harness_diag());
	P = plugins_new(H, NULL);
	int failed = 0;
	for (; plugins && plugins[0]; plugins += 2)
		failed += plugins_load(P, plugins[0], plugins[1], strlen(plugins[1])) < 0;
	return failed;
}

static void load_fails(const char *path, const char *code, const char *want)
{
	const char *pl[] = {path, code, NULL};
	CHECK_INT(setup(pl), 1);
	CHECK_STR(harness_diag_text(), want);
}

/* Calls widget name with args on PAGE (block at line 12); returns the
 * HTML or NULL. */
static char *widget(struct page *pg, const char *name, const char *args)
{
	char *html = NULL;
	plugins_begin(P, pg, LUA_NOREF);
	int rc = plugins_widget(P, name, args, strlen(args), 12, 1, &html);
	plugins_end(P);
	if (rc < 0) {
		free(html);
		return NULL;
	}
	return html;
}

static void widget_is(const char *name, const char *args, const char *want)
{
	char *got = widget(&PAGE, name, args);
	CHECK_STR(got, want);
	if (got == NULL)
		fprintf(stderr, "  diagnostics: %s", harness_diag_text());
	free(got);
}

static void widget_fails(const char *name, const char *args, const char *want)
{
	harness_diag();
	char *got = widget(&PAGE, name, args);
	CHECK(got == NULL);
	CHECK_STR(harness_diag_text(), want);
	free(got);
}

static const char S_hello[] =
	"local function hello(args, page)\n"
	"  return '<p>' .. wardsite.esc(args.name or '?') .. ' ' .. wardsite.number(args.n or 0, 2) .. ' ' .. page.lang .. '</p>'\n"
	"end\n"
	"wardsite.widget('hello', hello)\n";

static void test_widget_call(void)
{
	const char *pl[] = {"lua-plugins/hello.lua", S_hello, NULL};
	CHECK_INT(setup(pl), 0);
	CHECK(plugins_has_widget(P, "hello"));
	CHECK(!plugins_has_widget(P, "python"));
	widget_is("hello", "name: <Bình Phước>\nn: 1234.5\n", "<p>&lt;Bình Phước&gt; 1.234,50 vi</p>");
	struct page en = PAGE;
	en.lang = &LANG_EN;
	char *got = widget(&en, "hello", "name: x\nn: 1234.5\n");
	CHECK_STR(got, "<p>x 1,234.50 en</p>");
	free(got);
	widget_is("hello", "", "<p>? 0,00 vi</p>");
	/* YAML problems are at their line of the content file (block at 12) */
	widget_fails("hello", "name: [a\n",
	             "content/vi/ke-hoach/x.md:13:7: error: widget 'hello': its arguments are not valid YAML: the [ "
	             "that opens this value is not closed: end it with ]\n");
	widget_fails("hello", "- a\n- b\n",
		     "content/vi/ke-hoach/x.md:12:1: error: widget 'hello': the block must hold YAML arguments (key: value lines), not a list\n");
}

static void test_widget_errors(void)
{
	const char *pl[] = {"lua-plugins/indicator.lua",
			    "local known = {a = 1}\n"
			    "wardsite.widget('indicator', function(args)\n"
			    "  if not known[args.id] then\n"
			    "    error(\"unknown indicator '\" .. tostring(args.id) .. \"'\")\n"
			    "  end\n"
			    "  return 'ok'\n"
			    "end)\n"
			    "wardsite.widget('ind-arg', function(args)\n"
			    "  wardsite.arg_error('id', \"unknown indicator '\" .. args.id .. \"'\")\n"
			    "end)\n"
			    "wardsite.widget('table', function() return {} end)\n"
			    "wardsite.widget('nothing', function() end)\n"
			    "wardsite.widget('global', function() y = 1 end)\n"
			    "wardsite.widget('helper', function() local s = wardsite.number('x'); return s end)\n"
			    "wardsite.widget('late', function() wardsite.widget('x', print) end)\n",
			    NULL};
	CHECK_INT(setup(pl), 0);
	widget_is("indicator", "id: a\n", "ok");
	widget_fails("indicator", "id: abc\n",
		     "content/vi/ke-hoach/x.md:12:1: error: widget 'indicator': lua-plugins/indicator.lua:4: unknown indicator 'abc'\n");
	widget_fails("ind-arg", "title: x\nid: abc\n",
		     "content/vi/ke-hoach/x.md:14:5: error: widget 'ind-arg': lua-plugins/indicator.lua:9: unknown indicator 'abc'\n");
	widget_fails("table", "",
		     "content/vi/ke-hoach/x.md:12:1: error: widget 'table': lua-plugins/indicator.lua returned a table, not a string of HTML\n");
	widget_is("nothing", "", "");
	widget_fails("global", "",
		     "content/vi/ke-hoach/x.md:12:1: error: widget 'global': lua-plugins/indicator.lua:13: cannot assign the global 'y': use 'local'\n");
	widget_fails("helper", "",
		     "content/vi/ke-hoach/x.md:12:1: error: widget 'helper': lua-plugins/indicator.lua:14: number() needs a number, not string\n");
	widget_fails("late", "",
		     "content/vi/ke-hoach/x.md:12:1: error: widget 'late': lua-plugins/indicator.lua:15: unknown global 'print'\n");
}

static void test_registration(void)
{
	load_fails("lua-plugins/a.lua", "wardsite.widget('Bad Name', function() end)\n",
		   "lua-plugins/a.lua:1: error: widget name 'Bad Name': use lowercase letters, digits, '-' and '_', starting with a letter\n");
	load_fails("lua-plugins/a.lua", "wardsite.hook('render', function() end)\n",
		   "lua-plugins/a.lua:1: error: unknown hook 'render' (there are \"page\" and \"image\")\n");
	load_fails("lua-plugins/a.lua", "wardsite.widget('x', 42)\n",
		   "lua-plugins/a.lua:1: error: bad argument #2 to 'widget' (function expected, got number)\n");
	const char *two[] = {"lua-plugins/a.lua", "wardsite.widget('x', function() end)\n", "lua-plugins/b.lua",
			     "\nwardsite.widget('x', function() end)\n", NULL};
	CHECK_INT(setup(two), 1);
	CHECK_STR(harness_diag_text(), "lua-plugins/b.lua:2: error: widget 'x' is already registered by lua-plugins/a.lua\n");
	load_fails("lua-plugins/a.lua", "wardsite.widget('x', function() end\n",
		   "lua-plugins/a.lua:2: error: ')' expected (to close '(' at line 1) near <eof>\n");
}

/* Everything a plugin must not reach. */
static void test_sandbox(void)
{
	load_fails("lua-plugins/io.lua", "local f = io.open('/etc/passwd')\n", "lua-plugins/io.lua:1: error: unknown global 'io'\n");
	load_fails("lua-plugins/os.lua", "\nos.execute('rm -rf /')\n", "lua-plugins/os.lua:2: error: unknown global 'os'\n");
	load_fails("lua-plugins/p.lua", "return package.loadlib\n", "lua-plugins/p.lua:1: error: unknown global 'package'\n");
	load_fails("lua-plugins/d.lua", "return debug.getregistry()\n", "lua-plugins/d.lua:1: error: unknown global 'debug'\n");
	load_fails("lua-plugins/r.lua", "require('os')\n", "lua-plugins/r.lua:1: error: unknown global 'require'\n");
	load_fails("lua-plugins/f.lua", "dofile('/etc/passwd')\n", "lua-plugins/f.lua:1: error: unknown global 'dofile'\n");
	load_fails("lua-plugins/f.lua", "loadfile('/etc/passwd')\n", "lua-plugins/f.lua:1: error: unknown global 'loadfile'\n");
	load_fails("lua-plugins/g.lua", "return _G\n", "lua-plugins/g.lua:1: error: unknown global '_G'\n");
	load_fails("lua-plugins/g.lua", "rawset(_ENV, 'x', 1)\n", "lua-plugins/g.lua:1: error: unknown global 'rawset'\n");
	load_fails("lua-plugins/g.lua", "collectgarbage()\n", "lua-plugins/g.lua:1: error: unknown global 'collectgarbage'\n");
	/* binary chunks: as a plugin file, through load, and string.dump to make one */
	load_fails("lua-plugins/b.lua", "\x1bLua\x54\x00", "lua-plugins/b.lua: error: a compiled (binary) Lua chunk: plugins must be Lua source text\n");
	load_fails("lua-plugins/b.lua", "load(string.char(27) .. 'Lua')\n", "lua-plugins/b.lua:1: error: load(): binary chunks are not allowed\n");
	load_fails("lua-plugins/b.lua", "load('return 1', 'x', 'b')\n", "lua-plugins/b.lua:1: error: load(): mode must be \"t\" (text), not \"b\"\n");
	load_fails("lua-plugins/b.lua", "local s = string.dump(function() end)\n",
		   "lua-plugins/b.lua:1: error: attempt to call a nil value (field 'dump')\n");
	/* text load gets the caller's sandbox */
	load_fails("lua-plugins/b.lua", "local f = load('x = 1', '=chunk')\nf()\n",
		   "chunk:1: error: cannot assign the global 'x': use 'local'\n");
	load_fails("lua-plugins/b.lua", "load('return io')()\n", "(load):1: error: unknown global 'io'\n");
	/* globals and libraries are read-only */
	load_fails("lua-plugins/w.lua", "\n\ncounter = 0\n", "lua-plugins/w.lua:3: error: cannot assign the global 'counter': use 'local'\n");
	load_fails("lua-plugins/w.lua", "string.upper = nil\n", "lua-plugins/w.lua:1: error: cannot assign string.upper: string is read-only\n");
	load_fails("lua-plugins/w.lua", "wardsite.number = tostring\n",
		   "lua-plugins/w.lua:1: error: cannot assign wardsite.number: wardsite is read-only\n");
	load_fails("lua-plugins/w.lua", "setmetatable(_ENV, nil)\n", "lua-plugins/w.lua:1: error: cannot change a protected metatable\n");
	load_fails("lua-plugins/w.lua", "getmetatable('').__index.upper = nil\n",
		   "lua-plugins/w.lua:1: error: attempt to index a boolean value\n");
	/* what a plugin may use */
	const char *ok[] = {"lua-plugins/ok.lua",
			    "local t = {}\n"
			    "for k in pairs(string) do t[#t + 1] = k end\n"
			    "assert(#t > 10 and ('x'):upper() == 'X' and math.floor(2.5) == 2 and utf8.len('đ') == 1)\n"
			    "assert(select('#', pcall(error, 'x')) == 2 and type(table.concat) == 'function')\n"
			    "assert(load('return 1 + 1')() == 2)\n",
			    NULL};
	CHECK_INT(setup(ok), 0);
	CHECK_STR(harness_diag_text(), "");
}

static void test_budget(void)
{
	const char *pl[] = {"lua-plugins/spin.lua",
			    "wardsite.widget('spin', function()\n"
			    "  while true do end\n"
			    "end)\n"
			    "wardsite.widget('catch', function()\n"
			    "  while true do pcall(function() while true do end end) end\n"
			    "end)\n"
			    "wardsite.widget('fine', function() return 'fine' end)\n",
			    NULL};
	CHECK_INT(setup(pl), 0);
	lua_host_set_budget(H, 200000);
	widget_fails("spin", "",
		     "content/vi/ke-hoach/x.md:12:1: error: widget 'spin': lua-plugins/spin.lua:2: ran too long (more than 200000 instructions)\n");
	widget_fails("catch", "",
		     "content/vi/ke-hoach/x.md:12:1: error: widget 'catch': lua-plugins/spin.lua:5: ran too long (more than 200000 instructions)\n");
	/* the next call has its budget again */
	harness_diag();
	widget_is("fine", "", "fine");
	load_fails("lua-plugins/top.lua", "local i = 0\nrepeat i = i + 1 until false\n",
		   "lua-plugins/top.lua:2: error: ran too long (more than 200 million instructions)\n");
}

static int S_is_widget(void *ud, const char *name)
{
	return plugins_has_widget(ud, name);
}

static void test_markdown(void)
{
	const char *pl[] = {"lua-plugins/w.lua",
			    "wardsite.widget('box', function(a) return '<div class=\"box\">' .. wardsite.esc(a.text) .. '</div>' end)\n"
			    "wardsite.hook('image', function(img, page)\n"
			    "  if img.src:match('^https?:') then return nil end\n"
			    "  local tag = '<img src=\"/' .. img.src .. '\" alt=\"' .. wardsite.esc(img.alt) .. '\">'\n"
			    "  if img.inline then return tag end\n"
			    "  return '<figure>' .. tag .. '<figcaption>' .. wardsite.esc(img.title) .. '</figcaption></figure>'\n"
			    "end)\n"
			    "wardsite.hook('page', function(html, page) return html .. '<!-- ' .. page.title .. ' -->' end)\n",
			    NULL};
	CHECK_INT(setup(pl), 0);
	const char *md = "Mở đầu\n"
			 "\n"
			 "```box\n"
			 "text: <b>đạt</b>\n"
			 "```\n"
			 "\n"
			 "```python\n"
			 "print(1)\n"
			 "```\n"
			 "\n"
			 "![Bia *tưởng niệm*](anh/bia.jpg \"Chú thích\")\n"
			 "\n"
			 "Chữ ![nhỏ](a.png) và ![ngoài](https://x.vn/a.png).\n";
	plugins_begin(P, &PAGE, LUA_NOREF);
	struct markdown_hooks h = plugins_markdown_hooks(P);
	CHECK(h.is_widget == NULL || h.is_widget(P, "box") == S_is_widget(P, "box"));
	h.line_offset = 4;
	struct markdown_result r;
	CHECK_INT(markdown_render_hooked(md, strlen(md), 0, "Bảng", &h, &r), 0);
	CHECK_STR(r.html, "<p>Mở đầu</p>\n"
			  "<div class=\"box\">&lt;b&gt;đạt&lt;/b&gt;</div>\n"
			  "<pre lang=\"python\"><code>print(1)\n</code></pre>\n"
			  "<figure><img src=\"/anh/bia.jpg\" alt=\"Bia tưởng niệm\"><figcaption>Chú thích</figcaption></figure>\n"
			  "<p>Chữ <img src=\"/a.png\" alt=\"nhỏ\"> và <img src=\"https://x.vn/a.png\" alt=\"ngoài\" />.</p>\n");
	char *html = r.html;
	r.html = NULL;
	CHECK_INT(plugins_page(P, &html), 0);
	CHECK(strstr(html, "<!-- Chỉ tiêu -->") != NULL);
	free(html);
	markdown_result_free(&r);
	/* a widget error in a page: the line of the fence in the file */
	harness_diag();
	const char *bad = "x\n\n```box\ntext: [1]\n```\n";
	CHECK_INT(markdown_render_hooked(bad, strlen(bad), 0, "Bảng", &h, &r), -1);
	CHECK_STR(harness_diag_text(),
		  "content/vi/ke-hoach/x.md:7:1: error: widget 'box': lua-plugins/w.lua:1: cannot print a table value\n");
	markdown_result_free(&r);
	plugins_end(P);
}

int main(void)
{
	test_widget_call();
	test_widget_errors();
	test_registration();
	test_sandbox();
	test_budget();
	test_markdown();
	plugins_free(P);
	lua_host_free(H);
	harness_diag_end();
	HARNESS_DONE();
}
