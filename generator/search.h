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
 * The index of a language is a folder (SEARCH_DIR in the language's
 * folder) of small files, so that a query downloads only what it needs:
 *
 *   index.json  {"version": 2, "lang": "vi", "adjacent": true,
 *                "pages": N, "sections": [[title, url], ...],
 *                "shards": ["", "first term of t1", ...]}
 *   tK.json     {"term": "postings", ...}: the terms in byte order, cut
 *               into shards of about SEARCH_SHARD_BYTES; shard K holds
 *               the terms from shards[K] to before shards[K+1]
 *   p/D.json    {"title", "url", "section" (index or -1), "date" (or
 *               null), "summary", "text"}: page D, fetched only when it
 *               is a result shown; text is its plain text, cut to
 *               SEARCH_TEXT_CHARS, that the excerpt is taken from
 *
 * Pages are numbered: the regular pages in the language's list order,
 * then the section pages.  Terms are the folded words of a page's title,
 * tags, headings, summary and text, and every two words next to each
 * other in one phrase (no punctuation between them) as "first second":
 * a query of several words is found as adjacent words by looking up its
 * pairs.  A term's postings are the pages that hold it, ascending, as
 * differences in base 36 joined by commas ("0,3,1a"), or, when shorter,
 * as a bitmap: "~" then one base64url digit (A-Z a-z 0-9 - _) for every
 * six pages, bit k of digit d standing for page 6d+k; then, when some
 * page scores more than 1, "|" and "difference:score" in base 36 for
 * those pages ("|3:k,1a:2"), or, when shorter (a term on most pages),
 * "|=" and the score of each of its pages as one base64url digit, 63 at
 * most ("|=BBCu").  The score weighs where the term stands:
 * title 30 (30 more when the term is the whole title), a heading 8, a
 * tag 8, plus 1 for each use in the text up to 5, unless the term is on
 * more than 500 pages (a common word says little about a page).
 *
 * "adjacent" is true for Vietnamese: a Vietnamese word is written as
 * syllables apart ("quan họ", "lễ hội"), so a query's syllables found
 * apart are other words ("quan" … "hồ"): the script shows a page only if
 * each syllable of the query stands in it next to a neighbour of the
 * query, the pages with the whole phrase first ("chỉ tiêu văn hóa" also
 * finds "chỉ tiêu về văn hóa", after them).  Showing the pages with the
 * syllables apart, even last, would bring back what made search useless:
 * "quan ho" found 24 of the portal's 25 pages, none about quan họ.  In
 * English, words of a query found apart still say what the page is
 * about: the script shows them after the pages with the phrase. */
#ifndef WARDSITE_SEARCH_H
#define WARDSITE_SEARCH_H

#include <stddef.h>

#include "buf.h"
#include "output.h"
#include "site.h"

#define SEARCH_DIR "search/"
#define SEARCH_INDEX SEARCH_DIR "index.json"
#define SEARCH_TEXT_CHARS 3000
#define SEARCH_SHARD_BYTES 8192

/* Appends the folded words of s[0..len) (valid UTF-8), each followed by
 * one space: "Đồng Xoài!" -> "dong xoai ". */
void search_fold(struct buf *out, const char *s, size_t len);

/* Appends the plain text of an HTML fragment: tags of blocks and
 * character references become spaces and the ends of blocks new lines,
 * so they never join two words;
 * inline tags (<em>, <a>, …) vanish, so they never split one. */
void search_html_text(struct buf *out, const char *html);

/* A file of the index: its name in SEARCH_DIR ("t0.json") and bytes. */
struct search_file {
	char *name;
	struct buf data;
};

struct search_files {
	struct search_file *v;
	size_t n, cap;
};

/* Appends the files of the search index of language l to *files, which
 * the caller frees with search_files_free. */
void search_index(struct search_files *files, const struct lang *l);

void search_files_free(struct search_files *f);

/* Writes every language's index into o.  Returns 0, or -1 when a write
 * failed (diagnostic recorded by output). */
int search_write(const struct site *s, struct output *o);

#endif
