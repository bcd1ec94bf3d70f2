/* nav: how a reader moves from a page to the next: its neighbours in its
 * section's list, and the pages that share most of its tags.
 *
 * Both are read from the model as site_load() left it (lists sorted, tags
 * collected); nav only adds an index from a page to its place in those
 * lists, so each question is answered without scanning every page. */
#ifndef WARDSITE_NAV_H
#define WARDSITE_NAV_H

#include <stddef.h>

#include "site.h"

struct nav;

/* An index of the regular pages of s.  Owned by the caller (nav_free);
 * never NULL.  It borrows the model: free it before site_free. */
struct nav *nav_new(const struct site *s);
void nav_free(struct nav *n);

/* The pages before and after p in its section's list (the order of the
 * section page: weight, then newest first).  Either is NULL at an end, and
 * both for pages outside sections and for pages of other kinds. */
void nav_neighbours(const struct nav *n, const struct page *p, struct page **prev, struct page **next);

/* Up to max pages of p's language that share tags with p, the most shared
 * tags first, then in the order of the language's list; p itself is never
 * among them.  Writes them to out and returns how many. */
size_t nav_related(struct nav *n, const struct page *p, struct page **out, size_t max);

#endif
