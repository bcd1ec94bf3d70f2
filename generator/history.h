/* history: what git knows about each file of a site: when it was first and
 * last committed, who wrote it, and every commit that changed it.
 *
 * history_load() walks the commits reachable from the source's commit once
 * (children before parents, newest first), diffs each commit's tree with
 * its parents' trees with rename detection, and hands every change to the
 * file it is part of in the source's commit, following renames.  A merge
 * counts as a change of a file only when the file differs from every
 * parent (a conflict resolution), not when it merely brings in a branch,
 * whose own commits are walked anyway.  A shallow clone or a commit whose
 * parent is missing ends the walk there: its files seem to start at that
 * commit, and one warning says so (an error when strict).
 *
 * Commits that are not editorial changes stay off the history: the
 * commits listed in HISTORY_IGNORE_FILE of the source's commit (git's
 * `git blame --ignore-revs-file` convention: one full id a line, '#'
 * comments), and those whose message has the trailer "Wardsite-History:
 * skip".  Such a commit is no revision and no update of any file; a file
 * created by one still starts there (older commits are some other file's),
 * so a file whose every commit is left off has no history at all: its
 * dates come from its front matter, as for an uncommitted file. */
#ifndef WARDSITE_HISTORY_H
#define WARDSITE_HISTORY_H

#include <stddef.h>

#include "diag.h"
#include "source.h"

/* The file at the top of the repository that lists ignored commits. */
#define HISTORY_IGNORE_FILE ".git-blame-ignore-revs"
/* The key of the commit-message trailer "Wardsite-History: skip". */
#define HISTORY_TRAILER "Wardsite-History"

struct history_commit {
	char id[41];          /* full hex id */
	long long time;       /* author date, seconds since the epoch */
	int tz_minutes;       /* the author's offset from UTC */
	const char *author;   /* name after .mailmap, NFC; e-mails are never kept */
	const char *message;  /* first paragraph of the message, on one line */
};

struct history_file {
	const char *path;
	/* the commits that changed the file, newest first: revs[0] is the last
	 * update, revs[nrevs - 1] the commit that created it */
	const struct history_commit **revs;
	size_t nrevs;
	/* distinct author names, in the order of their first commit */
	const char **authors;
	size_t nauthors;
};

struct history;

/* 1 when commit a comes after commit b in the history (a is newer), also
 * when both have the same date; 0 when it does not or a is b. */
int history_newer(const struct history_commit *a, const struct history_commit *b);

/* Walks the history of the source's commit (for the work tree, of HEAD)
 * for the files whose path starts with prefix ("content/"; NULL: every
 * file).  Returns 0 and *out (caller frees with history_free), which is
 * empty when there is no commit; or -1 when git cannot be read, with a
 * diagnostic.  A shallow clone is a warning in d, or an error when strict,
 * not a failure (history_shallow() tells).  An ill-formed or unknown line
 * of HISTORY_IGNORE_FILE is a warning with its line.  The last
 * history loaded is kept: loading the same commit of the same repository
 * again (`serve` builds on every save) hands it out again at no cost, and
 * says its warning again.  Not for concurrent use from several threads. */
int history_load(struct history **out, struct source *src, const char *prefix, int strict, struct diag *d);
/* Gives up the caller's hold on h. */
void history_free(struct history *h);

/* The facts of the file at path, or NULL when it has none (not committed,
 * or outside the prefix).  Owned by h. */
const struct history_file *history_find(struct history *h, const char *path);

/* The facts of every file below folder dir together ("content/vi/x" for a
 * page bundle): the commits that changed any of them.  NULL when none has
 * any.  Owned by h. */
const struct history_file *history_folder(struct history *h, const char *dir);

/* Number of commits that changed at least one of the files. */
size_t history_commits(const struct history *h);
/* 1 when the walk met a commit whose parent is not in the repository (a
 * shallow clone), else 0. */
int history_shallow(const struct history *h);

#endif
