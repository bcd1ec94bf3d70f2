/* scaffold: `wardsite new`, a new article from the theme's archetype. */
#ifndef WARDSITE_SCAFFOLD_H
#define WARDSITE_SCAFFOLD_H

#include <stdio.h>

#include "build.h"
#include "diag.h"

struct scaffold_options {
	const char *repo;            /* folder inside the repository; NULL: "." */
	const char *section;         /* top-level folder of the language */
	const char *title;
	const char *lang;            /* NULL: the default language */
	const char *slug;            /* NULL: from the title */
	const char *translation_of;  /* a content file this one translates, or NULL */
	FILE *info;                  /* what was made is said here */
};

/* Creates content/LANG/SECTION/SLUG.md in the work tree from the archetype
 * of the section (the section's `archetype` front-matter key, else
 * archetypes/SECTION.md, else archetypes/default.md of the theme).  With
 * translation_of, the new page shares that page's translation_key, which is
 * added to that page when it has none.  Returns BUILD_OK, BUILD_FAILED (a
 * diagnostic says why; nothing was written) or BUILD_BAD_SOURCE. */
enum build_status scaffold_new(const struct scaffold_options *opt, struct diag *d);

#endif
