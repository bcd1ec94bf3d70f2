#define HARNESS_DIAG
#include "harness.h"

#include <lauxlib.h>
#include <lua.h>

#include "lua_host.h"
#include "template.h"

static struct lua_host *H;
static const char *S_lang = "vi";

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

/* Renders name with page = {title = title, n = 3, list = {"a", "b"}}. */
static char *render(const char *name, const char *title)
{
	lua_State *L = lua_host_state(H);
	lua_newtable(L);
	lua_newtable(L);
	lua_pushstring(L, title);
	lua_setfield(L, -2, "title");
	lua_pushinteger(L, 3);
	lua_setfield(L, -2, "n");
	lua_newtable(L);
	lua_pushstring(L, "a");
	lua_rawseti(L, -2, 1);
	lua_pushstring(L, "b");
	lua_rawseti(L, -2, 2);
	lua_setfield(L, -2, "list");
	lua_newtable(L);
	lua_pushinteger(L, 2026);
	lua_setfield(L, -2, "year");
	lua_pushinteger(L, 3);
	lua_setfield(L, -2, "month");
	lua_pushinteger(L, 31);
	lua_setfield(L, -2, "day");
	lua_setfield(L, -2, "date");
	lua_setfield(L, -2, "page");
	lua_newtable(L);
	lua_pushstring(L, "vi");
	lua_setfield(L, -2, "default_language");
	lua_pushstring(L, "/p/");
	lua_setfield(L, -2, "base_path");
	lua_pushstring(L, "https://x.vn");
	lua_setfield(L, -2, "origin");
	lua_newtable(L);
	lua_setfield(L, -2, "languages");
	lua_setfield(L, -2, "site");
	lua_pushstring(L, S_lang);
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

static void test_output(void)
{
	renders("a.html", "<h1>{{ page.title }}</h1>", "<b>Tom & \"J\"</b>",
		"<h1>&lt;b&gt;Tom &amp; &quot;J&quot;&lt;/b&gt;</h1>");
	renders("b.html", "{{{ page.title }}}|{{ page.missing }}|{{ page.n * 2 }}|{{ 1.5 }}", "<b>x</b>",
		"<b>x</b>||6|1.5");
	renders("c.html", "<ul>\n{% for _, x in ipairs(page.list) do %}\n  <li>{{ x }}</li>\n{% end %}\n</ul>\n", "",
		"<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n");
	renders("d.html", "{% if page.n > 2 then %}big{% else %}small{% end %} {# hidden #}end", "", "big end");
	renders("e.html", "a \"quoted\" \\ back\\slash\n", "", "a \"quoted\" \\ back\\slash\n");
	renders("f.html", "{{ date(page.date, 'long') }}|{{ date(page.date, 'short') }}|{{ number(1234567.5, 1) }}",
		"", "ngày 31 tháng 3 năm 2026|31/03/2026|1.234.567,5");
	renders("g.html", "{{ slug('Đồng Xoài') }} {{ url('/vi/') }} {{ abs_url('vi/x/') }} {{ url('https://a.b/') }}", "",
		"dong-xoai /p/vi/ https://x.vn/p/vi/x/ https://a.b/");
	renders("g2.html", "{{ url('/p/vi/x/') }} {{ abs_url('/p/vi/x/') }}", "", "/p/vi/x/ https://x.vn/p/vi/x/");
	renders("h.html", "{% local s = 0 %}{% for i = 1, 10 do s = s + i end %}{{ s }}", "", "55");
	/* json(): keys sorted, lists as arrays, safe inside <script> */
	renders("j.html", "{{{ json({ b = 1, a = { 'x', true, 2.5 }, c = page.title, d = {} }) }}}", "</script><!-- \"q\"",
		"{\"a\":[\"x\",true,2.5],\"b\":1,\"c\":\"<\\/script>\\u003c!-- \\\"q\\\"\",\"d\":[]}");
	renders("j2.html", "{{{ json(page.missing) }}} {{{ json(0.1) }}} {{{ json(page.n) }}}", "", "null 0.1 3");
}

static void test_inheritance(void)
{
	harness_diag();
	CHECK(add("base.html", "<title>{% block title %}Site{% endblock %}</title>\n<main>{% block main %}{% endblock %}</main>\n") == 0);
	CHECK(add("partials/x.html", "[{{ page.title }}]") == 0);
	renders("child.html",
		"{% extends \"base.html\" %}\nignored text\n{% block main %}<p>{{ page.title }}</p>{% include \"partials/x.html\" %}{% endblock %}\n",
		"T", "<title>Site</title>\n<main><p>T</p>[T]</main>\n");
	renders("grandchild.html", "{% extends \"child.html\" %}{% block title %}G{% endblock %}", "U",
		"<title>G</title>\n<main><p>U</p>[U]</main>\n");
}

static void test_errors(void)
{
	fails("e1.html", "line1\n{{ page.title", "themes/t/layouts/e1.html:2:1: error: '{{' is not closed\n");
	fails("e2.html", "\n\n{% if x then %}", "themes/t/layouts/e2.html:4: error: 'end' expected (to close 'if' at line 3) near <eof>\n");
	fails("e3.html", "a\nb\n{{ page.nope.deeper }}",
	      "themes/t/layouts/e3.html:3: error: attempt to index a nil value (field 'nope') (rendering content/vi/a.md)\n");
	fails("e4.html", "{% block x %}", "themes/t/layouts/e4.html:1:1: error: 'block' is not closed by 'endblock'\n");
	fails("e5.html", "{% endblock %}", "themes/t/layouts/e5.html:1:1: error: 'endblock' without 'block'\n");
	/* a Lua block left open inside a template block: named where it opens */
	fails("e5b.html", "{% block x %}\n{% for i = 1, 2 do %}{% if i then %}\n{% end %}\n{% endblock %}",
	      "themes/t/layouts/e5b.html:2:1: error: 'for' is not closed by {% end %} before its block's {% endblock %}\n");
	/* balanced ones, with functions, strings, comments and fields, are fine */
	renders("e5c.html",
		"{% block x %}{% local f = function(s) return s .. ' end' end %}{% if true then -- if\n %}"
		"{{ f('a') }}{% end %}{% local t = {} t.do_ = 1 %}{% endblock %}",
		"T", "a end");
	fails("e6.html", "\n{% include \"nope.html\" %}",
	      "themes/t/layouts/e6.html:2: error: template 'nope.html' not found (rendering content/vi/a.md)\n");
	fails("e7.html", "{% x = 1 %}",
	      "themes/t/layouts/e7.html:1: error: cannot assign the global 'x': use 'local' (rendering content/vi/a.md)\n");
	fails("e8.html", "{{ T('missing') }}",
	      "themes/t/layouts/e8.html:1: error: no interface string 'missing' for language 'vi' (rendering content/vi/a.md)\n");
	fails("e9.html", "{% while true do end %}",
	      "themes/t/layouts/e9.html:1: error: ran too long (more than 200 million instructions) (rendering content/vi/a.md)\n");
	fails("e10.html", "{{ page }}",
	      "themes/t/layouts/e10.html:1: error: cannot print a table value (rendering content/vi/a.md)\n");
	fails("e11.html", "{{ os.execute('true') }}",
	      "themes/t/layouts/e11.html:1: error: attempt to index a nil value (global 'os') (rendering content/vi/a.md)\n");
	fails("e12.html", "{{ load('return 1') }}",
	      "themes/t/layouts/e12.html:1: error: attempt to call a nil value (global 'load') (rendering content/vi/a.md)\n");
	fails("e13.html", "{% local s = string.rep('x', 1 << 20) for i = 1, 12 do s = s .. s end %}",
	      "themes/t/layouts/e13.html: error: template 'e13.html' needs more than 1024 MiB of memory (rendering content/vi/a.md)\n");
	fails("e15.html", "{{{ json({ 1, x = 2 }) }}}",
	      "themes/t/layouts/e15.html:1: error: json(): a table must be a list (keys 1..n) or have only string keys "
	      "(rendering content/vi/a.md)\n");
	fails("e16.html", "{% local t = {} t.t = t %}{{{ json(t) }}}",
	      "themes/t/layouts/e16.html:1: error: json(): a table contains itself, so it has no JSON form "
	      "(rendering content/vi/a.md)\n");
	fails("e17.html", "{{{ json(1/0) }}}",
	      "themes/t/layouts/e17.html:1: error: json(): an infinite number has no JSON form (rendering content/vi/a.md)\n");
	fails("e14.html", "{% include 'e14.html' %}",
	      "themes/t/layouts/e14.html:1: error: templates nested deeper than 100 levels: does 'e14.html' include or extend itself? (rendering content/vi/a.md)\n");
}

static void test_strings(void)
{
	struct diag *d = harness_diag();
	struct value *v = value_parse_yaml("hello: \"Xin chào {1}, trang {2}/{3}\"\n", strlen("hello: \"Xin chào {1}, trang {2}/{3}\"\n"), "i18n/vi.yaml", 0, d);
	lua_host_set_strings(H, "vi", "i18n/vi.yaml", v);
	value_free(v);
	renders("s.html", "{{ T('hello', 'bạn', 2, page.n) }}", "", "Xin chào bạn, trang 2/3");

	/* a key missing in English falls back to Vietnamese, with one warning */
	d = harness_diag();
	v = value_parse_yaml("other: x\n", 9, "i18n/en.yaml", 0, d);
	lua_host_set_strings(H, "en", "themes/t/i18n/en.yaml", v);
	value_free(v);
	S_lang = "en";
	CHECK(add("s2.html", "{{ T('hello', 1, 2, 3) }}|{{ T('other') }}") == 0);
	char *got = render("s2.html", "");
	CHECK_STR(got, "Xin chào 1, trang 2/3|x");
	free(got);
	got = render("s2.html", "");
	free(got);
	CHECK_STR(harness_diag_text(), "wardsite: warning: interface string 'hello' is missing from themes/t/i18n/en.yaml; the 'vi' one is used\n");
	CHECK_INT(harness_d.warnings, 2);
	S_lang = "vi";
}

static void test_sort_by(void)
{
	renders("sort.html",
		"{% local l = {{t='Đồng'}, {t='an'}, {t='Ăn'}, {t='đa'}, {t='ba'}} %}"
		"{% for _, x in ipairs(sort_by(l, 't')) do %}{{ x.t }},{% end %}|"
		"{% for _, x in ipairs(sort_by({3, 10, 2}, nil, 'desc')) do %}{{ x }},{% end %}",
		"", "an,Ăn,ba,đa,Đồng,|10,3,2,");
}

int main(void)
{
	harness_diag();
	H = lua_host_new(&harness_d);
	test_output();
	test_inheritance();
	test_strings();
	test_sort_by();
	test_errors();
	lua_host_free(H);
	harness_diag_end();
	HARNESS_DONE();
}
