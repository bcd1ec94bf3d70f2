/* map: string keys to pointers (open addressing, FNV-1a).
 *
 * Keys are copied into the map; values are the caller's.  Iteration order
 * is unspecified, so output code sorts what it takes from a map. */
#ifndef WARDSITE_MAP_H
#define WARDSITE_MAP_H

#include <stddef.h>

struct map_slot {
	char *key;
	void *value;
};

struct map {
	struct map_slot *slots;
	size_t cap, len;
};

#define MAP_INIT {NULL, 0, 0}

/* The value under key, or NULL. */
void *map_get(const struct map *m, const char *key);
/* Sets key to value; returns the previous value or NULL. */
void *map_put(struct map *m, const char *key, void *value);
/* Frees the map's own memory (keys), not the values. */
void map_free(struct map *m);

#endif
