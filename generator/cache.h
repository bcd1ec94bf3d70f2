/* cache: the cache folder that builds share (resized photos, build state).
 *
 * The folder lives by default inside the site's work tree
 * (.wardsite-cache/), so it is made with a .gitignore of "*": git neither
 * shows it as a change nor commits it, and CI can keep it between runs. */
#ifndef WARDSITE_CACHE_H
#define WARDSITE_CACHE_H

#include <stddef.h>

/* Makes path and every folder above it that is missing.  Returns 0, or -1
 * with errno set. */
int cache_mkdirs(const char *path);

/* Makes the cache folder dir (cache_mkdirs) and its .gitignore when it has
 * none, and removes the temporary files that writers killed before their
 * rename left in it.  Returns 0, or -1 with errno set when the folder
 * cannot be made. */
int cache_prepare(const char *dir);

/* Writes len bytes to path through a temporary file renamed over it, so
 * that a reader (or a build killed half-way) never sees half a file.
 * Returns 0 or -1 (nothing left behind). */
int cache_write_atomic(const char *path, const void *data, size_t len);

#endif
