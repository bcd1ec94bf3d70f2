#include "map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static uint64_t S_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct map_slot *S_find(struct map_slot *slots, size_t cap, const char *key)
{
	size_t i = (size_t)S_hash(key) & (cap - 1);
	while (slots[i].key && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

void *map_get(const struct map *m, const char *key)
{
	if (m->cap == 0)
		return NULL;
	struct map_slot *s = S_find(m->slots, m->cap, key);
	return s->key ? s->value : NULL;
}

void *map_put(struct map *m, const char *key, void *value)
{
	if ((m->len + 1) * 4 >= m->cap * 3) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct map_slot *slots = xcalloc(cap, sizeof *slots);
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].key)
				*S_find(slots, cap, m->slots[i].key) = m->slots[i];
		free(m->slots);
		m->slots = slots;
		m->cap = cap;
	}
	struct map_slot *s = S_find(m->slots, m->cap, key);
	if (s->key) {
		void *old = s->value;
		s->value = value;
		return old;
	}
	s->key = xstrdup(key);
	s->value = value;
	m->len++;
	return NULL;
}

void map_free(struct map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}
