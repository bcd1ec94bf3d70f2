/* init: `wardsite init`, a new portal repository that builds at once.
 *
 * Writes site.yaml (the ward's name, vi and en, the base URL), data/ward.yaml
 * (the contacts given), the sections a ward portal needs with their
 * _index.md pages in both languages and their archetypes, a .gitignore for
 * the output and the cache, the CI files of GitHub Actions and GitLab CI,
 * and makes the first commit with libgit2.  The theme is the default one
 * compiled into wardsite (source.h), so the repository has no themes/. */
#ifndef WARDSITE_INIT_H
#define WARDSITE_INIT_H

#include <stdio.h>

#include "diag.h"

struct init_options {
	const char *dir;      /* the new repository's folder (made if missing; must be empty); NULL: "." */
	const char *name;     /* "phường Bình Phước"; asked for on a terminal */
	const char *name_en;  /* "Bình Phước ward"; NULL: from name */
	const char *base_url; /* "https://binhphuoc.gov.vn/"; asked for on a terminal */
	const char *email;    /* contacts, each optional */
	const char *phone;
	const char *address;
	FILE *ask;  /* read the missing values from here (a terminal), or NULL */
	FILE *info; /* prompts and what was made are said here */
};

enum init_status {
	INIT_OK = 0,
	INIT_FAILED = 1, /* files could not be written or committed (recorded) */
	INIT_USAGE = 2,  /* a value is missing or wrong, or the folder is not empty (recorded); nothing written */
};

/* Makes the portal.  Values missing from opt are asked on opt->ask when
 * it is set; otherwise name and base_url are required.  Returns the
 * status; problems go to d. */
enum init_status init_run(const struct init_options *opt, struct diag *d);

#endif
