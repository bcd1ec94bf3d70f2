/* arena: memory with one lifetime, freed all at once.
 *
 * The site model (pages, their strings, the tag lists) lives exactly as long
 * as a build, so it is allocated from one arena and released with
 * arena_free() instead of hundreds of thousands of free() calls. */
#ifndef WARDSITE_ARENA_H
#define WARDSITE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
};

#define ARENA_INIT {NULL}

/* Zeroed memory owned by the arena, aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees every allocation of the arena; the arena is empty again after. */
void arena_free(struct arena *a);

#endif
