/* lua_host: a sandboxed Lua 5.4 state that runs compiled templates and
 * plugins (plugin.c).
 *
 * Only the base, string, table, math and utf8 libraries are there, without
 * dofile, loadfile, print, collectgarbage, xpcall, require and string.dump;
 * load takes text only, setmetatable refuses __gc, libraries are
 * read-only and pcall cannot catch running out of budget (which also
 * counts pattern matching, table.move and bytes allocated); every call
 * into Lua goes through one protected call with an instruction budget and
 * a memory ceiling, and a Lua error becomes a diagnostic "path:line:
 * message".  Templates see the current page's variables through a
 * read-only environment, and the helpers (T, date, number, slug, esc,
 * url, abs_url, is_active, sort_by) that plugins will share. */
#ifndef WARDSITE_LUA_HOST_H
#define WARDSITE_LUA_HOST_H

#include <lua.h>
#include <stdint.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "text.h"
#include "value.h"

struct lua_host;

/* A new state; NULL if Lua cannot start.  Owned by the caller. */
struct lua_host *lua_host_new(struct diag *d);
void lua_host_free(struct lua_host *h);
lua_State *lua_host_state(struct lua_host *h);

/* Loads compiled template code as template name; chunkname is the
 * template's path (for messages).  Returns 0, or -1 with a diagnostic. */
int lua_host_add_template(struct lua_host *h, const char *name, const char *path, const char *code, size_t len);
/* 1 when a template of that name is loaded. */
int lua_host_has_template(struct lua_host *h, const char *name);

/* The interface strings of a language (a YAML map of strings), read from
 * path.  A key missing from a language falls back to the default
 * language's string with one warning. */
void lua_host_set_strings(struct lua_host *h, const char *lang, const char *path, const struct value *map);

/* Renders template name with the context table on top of the stack (which
 * is popped).  The result is appended to out.  Returns 0, or -1 with a
 * diagnostic that names the template line and, after it, what (the page
 * being rendered). */
int lua_host_render(struct lua_host *h, const char *name, const char *what, struct buf *out);

/* The one protected call into Lua: calls the function below nargs
 * arguments on the stack with a fresh instruction budget and the message
 * handler, which gives an error the position of the innermost template or
 * plugin line ("path:line: text").  Returns LUA_OK with nresults on the
 * stack, or an error code with the message string on the stack (for
 * LUA_ERRMEM the message is Lua's bare "not enough memory"). */
int lua_host_call(struct lua_host *h, int nargs, int nresults);

/* The instructions one call may run (default 200 million); for tests. */
void lua_host_set_budget(struct lua_host *h, long instructions);
/* The bytes the state may hold during a call (default 1 GiB); for tests. */
void lua_host_set_memory_limit(struct lua_host *h, size_t bytes);
/* That limit in MiB, for messages. */
int lua_host_memory_mib(struct lua_host *h);

/* Charges n instructions' worth of work that a C function does in one go
 * (the hook counts only Lua instructions) to the current call's budget;
 * raises "ran too long" at the caller's line when it is gone.  Nothing
 * outside lua_host_call. */
void lua_host_spend(lua_State *L, lua_Integer n);

/* What C work costs, in instructions: one item (a table, a list entry, a
 * file) that a C function of ours makes or visits.  A Lua loop making the
 * same takes a few instructions, but each of those does far less. */
#define LUA_HOST_ITEM 50
/* Diagnostics of one kind (errors, warnings) printed from one template or
 * plugin: later ones are counted, and one note says how many. */
#define LUA_HOST_SHOWN 20
/* Bytes of a message from Lua (error(), wardsite.warn) that are printed. */
#define LUA_HOST_MESSAGE_MAX 4096

/* Counts delta bytes of C memory that a C function holds while the
 * current call runs (a text it builds) against the call's memory ceiling,
 * and charges them to its budget like bytes Lua allocates; a negative
 * delta gives them back.  Returns 0, or -1 (nothing counted) when they
 * would pass the ceiling: the caller raises its error. */
int lua_host_hold(lua_State *L, long long delta);

/* Cuts the string at idx to LUA_HOST_MESSAGE_MAX bytes (at a character
 * boundary) with a note of its length, in place.  Returns the string. */
const char *lua_host_cut(lua_State *L, int idx);

/* 1 when one more diagnostic of severity sev from source (a template's or
 * plugin's path) may be printed: the first LUA_HOST_SHOWN are.  Otherwise
 * 0, and it is counted (diag_count) for lua_host_report_held. */
int lua_host_may_report(struct lua_host *h, enum diag_severity sev, const char *source);
/* Prints one note for each source whose diagnostics were held back (how
 * many), in path order, and forgets them. */
void lua_host_report_held(struct lua_host *h);

/* Pushes v as lua_host_push_value does, but each map and list as a
 * read-only table (a proxy: writes raise "cannot assign what.key: what is
 * read-only"; pairs, ipairs, # and json() see the contents). */
void lua_host_push_readonly(lua_State *L, const struct value *v, const char *what);

/* Pushes C function f with nup upvalues (on the stack, popped) as a Lua
 * function that runs with the memory ceiling lifted: for wardsite's own
 * API, whose allocations are bounded by their arguments and which hold C
 * memory that a memory error would leak. */
void lua_host_push_cfunction(lua_State *L, lua_CFunction f, int nup);

/* Pushes the helpers table (T, date, number, slug, esc, url, abs_url,
 * is_active and the safe base functions) that templates see. */
void lua_host_push_helpers(struct lua_host *h);
/* Pushes a function of the template runtime; "call" is
 * call(context, f, ...): runs f(...) with the helpers seeing context
 * ({lang, site, page}) as templates do. */
void lua_host_push_runtime(struct lua_host *h, const char *name);

struct diag *lua_host_diag(struct lua_host *h);

/* Pushes v as a Lua value (maps and lists as tables, NULL as nil). */
void lua_host_push_value(lua_State *L, const struct value *v);

/* Fields of the table on top of L's stack, for C that builds tables for
 * templates and plugins: t[k] = v, a NULL string setting nothing.
 * [-0, +0, m] */
void lua_host_set_str(lua_State *L, const char *k, const char *v);
void lua_host_set_int(lua_State *L, const char *k, long long v);
void lua_host_set_bool(lua_State *L, const char *k, int v);

/* Pushes the table of a date as templates and plugins see one (page.date):
 * {year, month, day, hour, minute, second, tz (minutes east of UTC),
 * iso}, what date() formats.  [-0, +1, m] */
void lua_host_push_date(lua_State *L, const struct text_date *d);

/* The hash of the value at idx: equal for equal contents (strings, numbers,
 * booleans, tables by their pairs in any order), continuing from seed.  A
 * table for which ident (when not NULL) sets *is_ident hashes as ident's
 * result, without its contents (pages that name each other); tables
 * deeper than 32 levels hash as their depth. */
uint64_t lua_host_hash(lua_State *L, int idx, uint64_t seed,
		       uint64_t (*ident)(lua_State *L, int idx, void *ud, int *is_ident), void *ud);

/* Turns a Lua error message "path:line: text" into a diagnostic. */
void lua_host_report(struct diag *d, const char *msg, const char *what);

#endif
