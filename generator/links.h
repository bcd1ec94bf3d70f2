/* links: every link of the content checked against what the build wrote.
 *
 * A Markdown link or image to a path of the site (root-relative "/vi/x/",
 * or relative "../y/", "bia.jpg", "#muc") must name a file of the output
 * ("/vi/x/" is "vi/x/index.html"; "/vi/x" is accepted when "vi/x/" is a
 * page), and its #fragment an element id of that page.  A broken one is a
 * warning at the content file's line and column, an error when strict.
 * Links with a scheme (https:, mailto:) or to another host are not
 * checked: that needs the network. */
#ifndef WARDSITE_LINKS_H
#define WARDSITE_LINKS_H

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "site.h"

struct links;

/* An empty set of known element ids.  Owned by the caller (links_free). */
struct links *links_new(void);
void links_free(struct links *l);

/* Records the element ids (id="…") of the HTML page written to the
 * output path rel ("vi/x/index.html"). */
void links_add_page(struct links *l, const char *rel, const char *html, size_t len);

/* The ids recorded for rel (in the form links_set_ids takes), or NULL;
 * valid until the next change to l. */
const char *links_ids(const struct links *l, const char *rel);
/* Records ids (as links_ids gave them) for rel, as if its HTML had been
 * added: an incremental build keeps a page without reading it. */
void links_set_ids(struct links *l, const char *rel, const char *ids);

/* Appends to rel the output path ("vi/x/bia.jpg"; "vi/x/" for a folder)
 * that url names from page p, decoded, "." and ".." resolved.  Returns 0,
 * or -1 when url is not a path of the site (a scheme, another host,
 * outside the base path), with rel unspecified. */
int links_target(const struct site *s, const struct page *p, const char *url, struct buf *rel);

/* Lets links name rel although the build did not write it: a photo's
 * original, which its web versions stand for on the page. */
void links_accept(struct links *l, const char *rel);

/* Checks the links of every page of s against o and the recorded ids.
 * Returns the number of broken links (each recorded in d: a warning, or
 * an error when strict). */
int links_check(struct links *l, const struct site *s, struct output *o, int strict, struct diag *d);

#endif
