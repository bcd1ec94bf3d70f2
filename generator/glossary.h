/* glossary: one English name for each Vietnamese official name in the
 * foreign-information column.  data/glossary.yaml lists the names
 *
 *     - vi: Ủy ban nhân dân phường Bình Phước
 *       en: People's Committee of Bình Phước Ward
 *       variants: [Binh Phuoc Ward People's Committee]
 *
 * and every English page (language "en") is searched for another form of
 * a name: a listed variant, or a form that differs from the English name
 * only in case, diacritics (đ as d), hyphens, punctuation or spacing
 * ("Binh Phuoc" for "Bình Phước").  Each one found is a warning at its
 * file:line:col (an error with --strict), and `wardsite report` lists
 * them.  Prose only: code, link targets, HTML tags, addresses and every
 * front-matter key but title, summary and description are not read. */
#ifndef WARDSITE_GLOSSARY_H
#define WARDSITE_GLOSSARY_H

#include <stddef.h>

#include "diag.h"
#include "value.h"

struct site;
struct source;
struct page;

/* The glossary's file. */
#define GLOSSARY_PATH "data/glossary.yaml"

struct glossary;

/* The glossary of root (the parsed data/glossary.yaml, whose positions
 * are reported against path).  Returns it (glossary_free), or NULL with
 * every problem of the file recorded in d. */
struct glossary *glossary_parse(const struct value *root, const char *path, struct diag *d);
void glossary_free(struct glossary *g);

/* One use of a name in another form: bytes [off, off + len) of the text,
 * of the entry term (0-based, in file order). */
typedef void (*glossary_found_fn)(void *ud, size_t off, size_t len, size_t term);

/* Calls fn for every use in text (len bytes of valid UTF-8) of a
 * glossary name in another form than its English one, in text order.  A
 * use inside a longer name found at the same place is not reported on its
 * own.  Returns how many it found. */
size_t glossary_scan(const struct glossary *g, const char *text, size_t len, glossary_found_fn fn, void *ud);

/* Blanks, in place, what is not prose in Markdown s (len bytes): fenced
 * code, code spans, link targets, autolinks and HTML tags, web and e-mail
 * addresses.  Bytes become spaces (line ends stay), so offsets and
 * positions are those of the original. */
void glossary_prose(char *s, size_t len);

/* The English name and the Vietnamese name of entry term, and the line of
 * the entry in the glossary file. */
const char *glossary_en(const struct glossary *g, size_t term);
const char *glossary_vi(const struct glossary *g, size_t term);
int glossary_line(const struct glossary *g, size_t term);

/* One use found on a page (strings owned by the list). */
struct glossary_hit {
	const struct page *p;
	int line, col;   /* in p->file */
	char *found;     /* as written, line ends as spaces */
	char *vi, *en;   /* the entry */
	int entry_line;  /* of the entry in GLOSSARY_PATH */
};

struct glossary_hits {
	struct glossary_hit *v;
	size_t n, cap;
};
void glossary_hits_free(struct glossary_hits *h);

/* Checks every English page of s (its file as src has it: the body and
 * the front matter's title, summary and description) against
 * GLOSSARY_PATH of src, when there is one.  With warn, each use in another form is a warning in d (an error
 * with strict); with hits, it is also added there.  Problems of the
 * glossary file are errors in d; a file that is not valid YAML is
 * reported only when yaml_errors is set (a build reports it with the
 * other data files).  Returns 0, or -1 when the glossary has errors. */
int glossary_check(struct source *src, const struct site *s, int warn, int strict, int yaml_errors,
		   struct glossary_hits *hits, struct diag *d);

#endif
