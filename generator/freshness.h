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
#include <time.h>

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

/* Prints the freshness report of the site.  Problems are recorded in d.
 * A shallow clone is FRESHNESS_BAD_SOURCE: its dates would be wrong. */
enum freshness_status freshness_report(const struct freshness_options *opt, struct diag *d);

struct site;
struct lang;
struct section;
struct page;

/* The periods of site.yaml's `freshness`, for `wardsite report`. */
struct freshness_rules;

/* Reads and checks site.yaml's `freshness` of s.  Returns the rules
 * (caller frees with freshness_rules_free), or NULL with errors in d. */
struct freshness_rules *freshness_rules_read(const struct site *s, struct diag *d);
void freshness_rules_free(struct freshness_rules *r);

/* The period in days of section sec of language l ("LANG/SECTION" first,
 * then "SECTION", slugged as folder names are); 0: not checked. */
long long freshness_period(struct freshness_rules *r, const struct lang *l, const struct section *sec);

/* The last update of p: lastmod (from the front matter or git), never
 * before its date.  Returns 1 with *when, or 0 when p has neither. */
int freshness_page_update(const struct page *p, long long *when);

/* "Now": SOURCE_DATE_EPOCH when set (reproducible reports), else the clock. */
time_t freshness_now(void);

#endif
