/* json: JSON text for the feeds, the search index and templates.
 *
 * Strings are written so that the JSON is also safe inside an HTML
 * <script> element: "</" becomes "<\/" (a script element cannot be closed
 * from inside a string), "<!" becomes "\u003c!" (no "<!--" either) and
 * U+2028/U+2029 are escaped (JavaScript before
 * ES2019 read them as line ends).  Everything else that is not ASCII stays
 * UTF-8. */
#ifndef WARDSITE_JSON_H
#define WARDSITE_JSON_H

#include <stddef.h>

#include "buf.h"

/* Appends s (len bytes of valid UTF-8) as a quoted JSON string. */
void json_string(struct buf *b, const char *s, size_t len);
/* Same for a NUL-terminated string; NULL is written as null. */
void json_cstring(struct buf *b, const char *s);

#endif
