/* value: a YAML document as a tree, with the position of every node.
 *
 * Front matter, site.yaml and i18n files all go through value_parse_yaml(),
 * which refuses what a content file never needs and an attacker would use:
 * aliases (billion laughs), duplicate keys, nesting deeper than
 * VALUE_MAX_DEPTH, more than one document.  Scalars keep their text; the
 * plain ones are typed the YAML 1.2 core way (null, true/false, integers,
 * floats), quoted ones are always strings. */
#ifndef WARDSITE_VALUE_H
#define WARDSITE_VALUE_H

#include <stddef.h>

#include "diag.h"

#define VALUE_MAX_DEPTH 64

enum value_type { VALUE_NULL, VALUE_BOOL, VALUE_INT, VALUE_FLOAT, VALUE_STRING, VALUE_LIST, VALUE_MAP };

struct value {
	enum value_type type;
	int line, col;  /* 1-based position in the file */
	char *str;      /* scalars: the text as written (NUL-terminated); else NULL */
	size_t len;     /* length of str */
	long long i;    /* VALUE_INT, VALUE_BOOL */
	double f;       /* VALUE_FLOAT */
	/* VALUE_LIST: n items; VALUE_MAP: n pairs, keys[k] and items[k] */
	struct value **items;
	struct value **keys;
	size_t n;
};

/* Parses text (len bytes) as one YAML document.  line_offset is added to
 * every line (front matter starts on line 2 of its file).  Returns the root
 * (an empty document is a VALUE_NULL), owned by the caller (value_free), or
 * NULL with every problem recorded in d against path. */
struct value *value_parse_yaml(const char *text, size_t len, const char *path, int line_offset,
			       struct diag *d);
/* value_parse_yaml with "PREFIX: " before every message, which says what
 * the YAML is ("widget 'indicator': its arguments"). */
struct value *value_parse_yaml_as(const char *text, size_t len, const char *path, int line_offset,
				  const char *prefix, struct diag *d);

void value_free(struct value *v);

/* A deep copy of v (NULL for NULL), owned by the caller. */
struct value *value_clone(const struct value *v);

/* Adds key: item (taken over) at the end of map, which must not have key. */
void value_map_add(struct value *map, struct value *key, struct value *item);

/* For maps: the value under key, or NULL. */
struct value *value_get(const struct value *map, const char *key);
/* The key node of key in map (for positions), or NULL. */
struct value *value_key(const struct value *map, const char *key);

/* "a string", "a list", … for error messages. */
const char *value_type_name(enum value_type t);

#endif
