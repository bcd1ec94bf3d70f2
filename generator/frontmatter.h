/* frontmatter: a content file split into YAML front matter and Markdown
 * body, with the keys wardsite knows checked and typed.
 *
 * Every problem is recorded with its line and column; one bad key does
 * not hide the next. */
#ifndef WARDSITE_FRONTMATTER_H
#define WARDSITE_FRONTMATTER_H

#include <stddef.h>

#include "diag.h"
#include "text.h"
#include "value.h"

struct front_matter {
	struct value *root;      /* the whole map (owned), or NULL */
	char *text;              /* the file in NFC (owned) */
	const char *body;        /* Markdown, inside text */
	size_t body_len;
	int body_line;           /* line of the file where the body starts */
	/* the known keys; pointers into root */
	const char *title, *summary, *slug, *layout, *translation_key;
	struct text_date date, lastmod;
	int has_date, has_lastmod, draft, has_weight;
	long long weight;
	const char **tags;       /* owned array, strings in root */
	int *tag_lines, *tag_cols; /* owned arrays: where each tag is written */
	size_t ntags;
	const char **aliases;    /* owned array, strings owned by the array */
	size_t naliases;
	int layout_line, layout_col, slug_line, slug_col;
};

/* Parses data (len bytes) of the file at path.  Dates without an offset get
 * tz_minutes.  Returns 0, or -1 when anything is wrong (every problem
 * recorded in d); fm is to be freed with front_matter_free either way. */
int front_matter_parse(struct front_matter *fm, const char *data, size_t len, const char *path, int tz_minutes,
		       struct diag *d);
void front_matter_free(struct front_matter *fm);

#endif
