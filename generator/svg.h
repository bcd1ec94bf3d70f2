/* svg: finds what makes an SVG file run script when a visitor opens it on
 * its own (it then runs on the site's origin): <script> and other active
 * elements, on* event attributes, javascript: in any attribute value,
 * entity declarations that could hide them, and encodings the check cannot
 * read.  A careful scanner of the XML text, not a parser and not a
 * sanitizer: it reports, it never changes the file. */
#ifndef WARDSITE_SVG_H
#define WARDSITE_SVG_H

#include <stddef.h>

enum svg_kind {
	SVG_ELEMENT,   /* an active element: script, foreignObject, iframe, ... (name) */
	SVG_EVENT,     /* an on* attribute (name) */
	SVG_JS_URL,    /* javascript: in an attribute value (the attribute's name) */
	SVG_ENTITY,    /* <!ENTITY in the DOCTYPE */
	SVG_ENCODING,  /* UTF-16/32 or NUL bytes: not checked */
};

struct svg_finding {
	enum svg_kind kind;
	int line, col;  /* 1-based; col counts bytes */
	char name[48];  /* the element or attribute as written (cut) */
};

/* Scans the SVG text data (len bytes, need not be NUL-terminated) and
 * writes up to max findings, in order, to out.  Returns how many there
 * are in all (possibly more than max).  Never fails. */
size_t svg_check(const char *data, size_t len, struct svg_finding *out, size_t max);

#endif
