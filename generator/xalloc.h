/* xalloc: allocation that never returns NULL.
 *
 * Allocation failure is not a condition wardsite can recover from, so every
 * allocation goes through these wrappers, which print one line and abort
 * (cmark and redis do the same).  Nobody else checks malloc by hand. */
#ifndef WARDSITE_XALLOC_H
#define WARDSITE_XALLOC_H

#include <stddef.h>

/* Each returns memory owned by the caller (free it with free()); never NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string owned by the caller. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* fn is called when an allocation fails, before the message and abort();
 * a photo decoder process (imgworker) exits there with the status that
 * says "out of memory".  NULL: none (the default). */
void xalloc_on_failure(void (*fn)(size_t n));

#endif
