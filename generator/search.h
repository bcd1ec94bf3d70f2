/* search: the index that the search page's script reads, one file per
 * language, so that a site searches without a server.
 *
 * Text is folded the way a Vietnamese reader types it: Unicode
 * compatibility decomposition, every combining mark dropped, đ -> d,
 * case folded, and everything that is not a letter or a digit a word
 * break.  "Đồng Xoài", "dong xoai", "ĐỒNG XOÀI" typed in NFD, "hoá" and
 * "hóa" all fold to the same words.  The theme's script folds the query
 * the same way.
 *
 * The index (SEARCH_INDEX in the language's folder) is JSON:
 *
 *   {"version": 1, "lang": "vi",
 *    "sections": [[title, url], ...],
 *    "pages": [[title, url, section (index or -1), date or null, snippet], ...],
 *    "terms": {"word": "postings", ...}}
 *
 * pages are the regular pages in the language's list order, then the
 * section pages; the snippet is the summary cut to SEARCH_SNIPPET_CHARS.
 * A term's postings are the numbers of the pages whose title, tags,
 * summary or text contain the word, ascending, written as differences in
 * base 36 joined by commas ("0,3,1a"), or, when that is shorter, as a
 * bitmap: "~" then one base64url digit (A-Z a-z 0-9 - _) for every six
 * pages, bit k of digit d standing for page 6d+k. */
#ifndef WARDSITE_SEARCH_H
#define WARDSITE_SEARCH_H

#include <stddef.h>

#include "buf.h"
#include "output.h"
#include "site.h"

#define SEARCH_INDEX "search-index.json"
#define SEARCH_SNIPPET_CHARS 120

/* Appends the folded words of s[0..len) (valid UTF-8), each followed by
 * one space: "Đồng Xoài!" -> "dong xoai ". */
void search_fold(struct buf *out, const char *s, size_t len);

/* Appends the plain text of an HTML fragment: tags of blocks and
 * character references become spaces, so they never join two words;
 * inline tags (<em>, <a>, …) vanish, so they never split one. */
void search_html_text(struct buf *out, const char *html);

/* Appends the search index of language l. */
void search_index(struct buf *out, const struct lang *l);

/* Writes every language's index into o.  Returns 0, or -1 when a write
 * failed (diagnostic recorded by output). */
int search_write(const struct site *s, struct output *o);

#endif
