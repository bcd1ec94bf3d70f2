/* build: one run of `wardsite build`, from the source to the swapped-in
 * output folder. */
#ifndef WARDSITE_BUILD_H
#define WARDSITE_BUILD_H

#include <stdio.h>

#include "diag.h"

struct build_options {
	const char *repo;   /* folder inside the repository; NULL: "." */
	const char *ref;    /* NULL: HEAD */
	const char *out;    /* NULL: public/ at the top of the work tree */
	int worktree;
	int drafts;
	int future;
	int quiet;          /* no summary on info, no progress line */
	int json;           /* the summary as one JSON object on info */
	int force;          /* replace --out even when wardsite did not make it
			       (output_check) */
	int strict;         /* warnings of plugins (a missing alt text) and broken
			       internal links are errors */
	FILE *info;         /* where the summary and notes go */
};

enum build_status { BUILD_OK = 0, BUILD_FAILED = 1, BUILD_BAD_SOURCE = 2 };

/* Runs a build.  Every problem is recorded in d.  BUILD_FAILED: the site
 * has errors and the output folder was not touched; BUILD_BAD_SOURCE: the
 * repository, ref or output folder cannot be used at all. */
enum build_status build_run(const struct build_options *opt, struct diag *d);

#endif
