/* pattern: string.find, string.match, string.gmatch and string.gsub for
 * the sandbox, with every step of the matcher counted.
 *
 * Lua's own matcher backtracks in C, where the instruction hook never
 * runs: string.find(string.rep('a', 1e5), '.-.-.-.-b') would not return in
 * a lifetime, and no budget could stop it.  This is an implementation of
 * the same pattern language (Lua 5.4 manual, §6.4.1) and of the same four
 * functions, with the same results and messages, that charges its steps
 * to the call's instruction budget (lua_host_spend), so a pattern that
 * backtracks too much ends with "ran too long" at the caller's line. */
#ifndef WARDSITE_PATTERN_H
#define WARDSITE_PATTERN_H

#include <lua.h>

/* Sets find, match, gmatch and gsub in the table on top of the stack. */
void pattern_install(lua_State *L);

#endif
