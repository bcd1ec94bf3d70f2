/* luasrc: the parts of wardsite written in Lua (the files of generator/lua/: the
 * runtime of templates, the environment of plugins), compiled into the
 * binary by the Makefile and loaded under their real file names, so that
 * an error inside them reads "generator/lua/templates.lua:12: …" instead
 * of pointing into a C string. */
#ifndef WARDSITE_LUASRC_H
#define WARDSITE_LUASRC_H

#include <stddef.h>

#include <lua.h>

/* The folder of those files, the start of their chunk names. */
#define LUASRC_DIR "generator/lua/"

struct luasrc {
	const char *path; /* "generator/lua/templates.lua" */
	const char *text;
	size_t len;
};

/* Made by the Makefile, ending with {0, 0, 0}. */
extern const struct luasrc luasrc_files[];

/* Loads generator/lua/NAME (NAME "templates.lua") as a text chunk named
 * "=generator/lua/NAME" and pushes it: [-0, +1].  "=", not "@": Lua's
 * own message still reads "generator/lua/NAME:LINE: …", but lua_host and
 * plugin look for the template or plugin a message is about among "@"
 * chunks only, and lua_host's message handler moves a message raised in
 * LUASRC_DIR to the template line that called the helper.  Returns LUA_OK, or an
 * error code with the message pushed instead (a file missing from the
 * binary is LUA_ERRFILE). */
int luasrc_load(lua_State *L, const char *name);

#endif
