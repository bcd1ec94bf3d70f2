/* publish: `wardsite publish`, a build committed to a branch.
 *
 * Builds like `wardsite build`, then writes the output folder into the
 * repository as a tree and a commit on refs/heads/BRANCH (its parent is the
 * branch's previous tip, if any; the message names the source commit), all
 * with libgit2: the work tree, the index and HEAD are not touched, so it
 * runs in the same clone CI built from.  An output identical to the
 * branch's tree makes no commit.
 *
 * Before building HEAD it checks the work tree as `git status` does:
 * edits to tracked files and new files not ignored in the folders the
 * site is built from are named, and publish stops unless allow_dirty (the
 * editor would think them published).  With push it then pushes the branch
 * with libgit2 (credentials from ssh-agent, or WARDSITE_PUSH_TOKEN and
 * WARDSITE_PUSH_USER for https). */
#ifndef WARDSITE_PUBLISH_H
#define WARDSITE_PUBLISH_H

#include "build.h"
#include "diag.h"

struct publish_options {
	struct build_options build; /* worktree must be 0: only commits are published */
	const char *branch;         /* NULL: "gh-pages" */
	const char *message;        /* first line of the commit message; NULL: a default */
	int allow_dirty;            /* publish HEAD although the work tree has uncommitted changes */
	int push;                   /* then push the branch */
	const char *remote;         /* a remote's name, URL or path; NULL: "origin" */
};

enum publish_status {
	PUBLISH_OK = 0,         /* committed, or nothing changed */
	PUBLISH_FAILED = 1,     /* the site has errors, or the commit could not be made (recorded) */
	PUBLISH_BAD_SOURCE = 2, /* repository, ref, branch or output folder unusable (recorded) */
};

/* Builds and publishes; what happened goes to opt->build.info unless
 * quiet, problems to d. */
enum publish_status publish_run(const struct publish_options *opt, struct diag *d);

#endif
