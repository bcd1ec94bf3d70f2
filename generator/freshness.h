/* freshness: `wardsite report freshness`, whether each section of each
 * language has been updated within its period.
 *
 * A section's last update is the newest `updated` of its pages and its
 * _index.md (front-matter lastmod, else the last commit, never before the
 * page's date), from the same model a build makes of the commit.  Periods
 * come from site.yaml:
 *
 *     freshness:
 *       default_days: 30        # every section not named below; default 30
 *       sections:
 *         tin-tuc: 30           # a section of any language
 *         en/news: 60           # one language's section (wins)
 *         gioi-thieu: false     # not checked */
#ifndef WARDSITE_FRESHNESS_H
#define WARDSITE_FRESHNESS_H

#include <stdio.h>

#include "diag.h"

struct freshness_options {
	const char *repo; /* folder inside the repository; NULL: "." */
	const char *ref;  /* NULL: HEAD */
	int json;         /* JSON for CI instead of text for people */
	int fail_stale;   /* a stale section is a failure */
	FILE *out;        /* where the report goes */
};

enum freshness_status {
	FRESHNESS_OK = 0,         /* printed; nothing stale, or stale without fail_stale */
	FRESHNESS_FAILED = 1,     /* stale with fail_stale, or the site has errors (recorded) */
	FRESHNESS_BAD_SOURCE = 2, /* the repository or ref cannot be used (recorded) */
};

/* Prints the freshness report of the site.  Problems are recorded in d. */
enum freshness_status freshness_report(const struct freshness_options *opt, struct diag *d);

#endif
