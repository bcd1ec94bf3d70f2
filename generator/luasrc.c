/* luasrc: loading the Lua parts of wardsite (see luasrc.h). */
#include "luasrc.h"

#include <string.h>

#include <lauxlib.h>

int luasrc_load(lua_State *L, const char *name)
{
	static const char dir[] = LUASRC_DIR;
	for (const struct luasrc *f = luasrc_files; f->path; f++) {
		if (strncmp(f->path, dir, sizeof dir - 1) != 0 || strcmp(f->path + sizeof dir - 1, name) != 0)
			continue;
		lua_pushfstring(L, "=%s", f->path);
		int rc = luaL_loadbufferx(L, f->text, f->len, lua_tostring(L, -1), "t");
		lua_remove(L, -2);
		return rc;
	}
	lua_pushfstring(L, "%s%s is not compiled into wardsite", dir, name);
	return LUA_ERRFILE;
}
