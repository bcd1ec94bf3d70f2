/* root: the page at the top of a site of several languages, /index.html.
 *
 * Not a redirect: a visitor, a screen reader and a search engine that
 * open the site's address get a complete page, the portal's name in every
 * language and one link to each language's home, with the languages'
 * feeds and hreflang alternates in its head (x-default is this page, as
 * for a language chooser).  Written in C, not by the theme: it must exist
 * and be valid whatever the theme has; it brings its own small style. */
#ifndef WARDSITE_ROOT_H
#define WARDSITE_ROOT_H

#include "buf.h"
#include "site.h"

/* Appends the root page of s to out.  favicon: the site-root URL of an
 * icon to link, or NULL. */
void root_page(struct buf *out, const struct site *s, const char *favicon);

#endif
