/* Unit tests of luasrc: wardsite's own Lua compiles, and loads under its
 * file's name, so that an error in it points to generator/lua/NAME:LINE. */
#include <lauxlib.h>
#include <lualib.h>

#include "harness.h"
#include "luasrc.h"

static void test_every_file_compiles(lua_State *L)
{
	int n = 0;
	for (const struct luasrc *f = luasrc_files; f->path; f++, n++) {
		const char *name = strrchr(f->path, '/') + 1;
		int rc = luasrc_load(L, name);
		if (rc != LUA_OK)
			fprintf(stderr, "%s\n", lua_tostring(L, -1));
		CHECK_INT(rc, LUA_OK);
		lua_pop(L, 1);
	}
	CHECK(n >= 2); /* templates.lua and plugins.lua */
}

static void test_chunk_name(lua_State *L)
{
	CHECK_INT(luasrc_load(L, "templates.lua"), LUA_OK);
	lua_Debug ar;
	lua_getinfo(L, ">S", &ar);
	CHECK_STR(ar.source, "=generator/lua/templates.lua");
	CHECK_STR(ar.short_src, "generator/lua/templates.lua"); /* ">" popped the chunk */

	/* An error raised in the chunk's own code reads file:line: rendering
	 * a template that does not exist fails in rt.render. */
	lua_newtable(L); /* rt, kept */
	CHECK_INT(luasrc_load(L, "templates.lua"), LUA_OK);
	lua_pushvalue(L, -2);
	for (int i = 0; i < 4; i++)
		lua_newtable(L); /* c, helpers, templates, i18n */
	CHECK_INT(lua_pcall(L, 5, 0, 0), LUA_OK);
	lua_getfield(L, -1, "render");
	lua_pushliteral(L, "nope.html");
	lua_newtable(L);
	CHECK_INT(lua_pcall(L, 2, 1, 0), LUA_ERRRUN);
	const char *msg = lua_tostring(L, -1);
	CHECK(msg && strncmp(msg, "generator/lua/templates.lua:", 28) == 0);
	CHECK(msg && strstr(msg, ": template 'nope.html' not found") != NULL);
	lua_pop(L, 2);
}

static void test_unknown_file(lua_State *L)
{
	CHECK_INT(luasrc_load(L, "nothing.lua"), LUA_ERRFILE);
	CHECK_STR(lua_tostring(L, -1), "generator/lua/nothing.lua is not compiled into wardsite");
	lua_pop(L, 1);
	/* a path outside generator/lua/ is not a name of it */
	CHECK_INT(luasrc_load(L, "../lua/templates.lua"), LUA_ERRFILE);
	lua_pop(L, 1);
}

int main(void)
{
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	test_every_file_compiles(L);
	test_chunk_name(L);
	test_unknown_file(L);
	CHECK_INT(lua_gettop(L), 0);
	lua_close(L);
	HARNESS_DONE();
}
