#define _XOPEN_SOURCE 700
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "output.h"
#include "xalloc.h"

struct publish {
	git_repository *repo;
	struct diag *d;
	size_t files;
};

static int S_git_fail(struct publish *p, const char *what)
{
	const git_error *e = git_error_last();
	diag_error(p->d, NULL, 0, 0, "cannot publish: %s: %s", what, e && e->message ? e->message : "unknown libgit2 error");
	return -1;
}

/* Writes folder dir into the repository as a tree: *oid, and *empty when it
 * holds no file (git keeps no empty folders); top is 1 for the output
 * folder itself, whose OUTPUT_MARK is not part of the site.  Returns 0 or
 * -1 (recorded). */
static int S_write_tree(struct publish *p, const char *dir, int top, git_oid *oid, int *empty)
{
	git_treebuilder *tb = NULL;
	DIR *dp = opendir(dir);
	int rc = -1;
	*empty = 1;
	if (dp == NULL) {
		diag_error(p->d, NULL, 0, 0, "cannot publish: cannot read folder %s: %s", dir, strerror(errno));
		return -1;
	}
	if (git_treebuilder_new(&tb, p->repo, NULL) != 0) {
		S_git_fail(p, "a tree");
		goto out;
	}
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    (top && strcmp(de->d_name, OUTPUT_MARK) == 0))
			continue;
		char *path = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;
		git_oid id;
		int r = 0, sub_empty = 0;
		git_filemode_t mode = GIT_FILEMODE_BLOB;
		if (lstat(path, &st) != 0) {
			diag_error(p->d, NULL, 0, 0, "cannot publish: %s: %s", path, strerror(errno));
			r = -1;
		} else if (S_ISDIR(st.st_mode)) {
			mode = GIT_FILEMODE_TREE;
			r = S_write_tree(p, path, 0, &id, &sub_empty);
		} else if (S_ISREG(st.st_mode)) {
			if (st.st_mode & S_IXUSR)
				mode = GIT_FILEMODE_BLOB_EXECUTABLE;
			if (git_blob_create_from_disk(&id, p->repo, path) != 0)
				r = S_git_fail(p, path);
			else
				p->files++;
		} else {
			diag_warning(p->d, NULL, 0, 0, "%s is not a file or a folder: not published", path);
			sub_empty = 1;
		}
		if (r == 0 && !sub_empty) {
			if (git_treebuilder_insert(NULL, tb, de->d_name, &id, mode) != 0)
				r = S_git_fail(p, path);
			else
				*empty = 0;
		}
		free(path);
		if (r < 0)
			goto out;
	}
	if (git_treebuilder_write(oid, tb) != 0) {
		S_git_fail(p, "a tree");
		goto out;
	}
	rc = 0;
out:
	git_treebuilder_free(tb);
	closedir(dp);
	return rc;
}

/* Who commits: GIT_COMMITTER_NAME/EMAIL (as git reads them), else the
 * repository's user.name/user.email, else "wardsite". */
static git_signature *S_signature(struct publish *p)
{
	git_signature *sig = NULL;
	const char *name = getenv("GIT_COMMITTER_NAME"), *email = getenv("GIT_COMMITTER_EMAIL");
	if (name && *name && email && *email && git_signature_now(&sig, name, email) == 0)
		return sig;
	if (git_signature_default(&sig, p->repo) == 0)
		return sig;
	git_error_clear();
	if (git_signature_now(&sig, "wardsite", "wardsite@localhost") == 0)
		return sig;
	return NULL;
}

enum publish_status publish_run(const struct publish_options *opt, struct diag *d)
{
	struct publish p = {.d = d};
	const char *branch = opt->branch ? opt->branch : "gh-pages";
	const char *dir = opt->build.repo ? opt->build.repo : ".";
	char *refname = xasprintf("refs/heads/%s", branch);
	char *out_dir = NULL;
	git_object *src_obj = NULL;
	git_commit *src = NULL, *parent = NULL;
	git_reference *ref = NULL, *head = NULL, *newref = NULL;
	const char *what = NULL; /* the source, for people: "main", "v1.2" */
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	struct buf msg = BUF_INIT;
	enum publish_status rc = PUBLISH_BAD_SOURCE;
	int valid = 0;

	git_libgit2_init();
	/* What can be checked before building is checked before building. */
	if (git_reference_name_is_valid(&valid, refname) != 0 || !valid) {
		diag_error(d, NULL, 0, 0, "'%s' is not a valid branch name", branch);
		goto out;
	}
	if (git_repository_open_ext(&p.repo, dir, 0, NULL) != 0) {
		diag_error(d, NULL, 0, 0, "%s is not inside a git repository", dir);
		goto out;
	}
	const char *spec = opt->build.ref ? opt->build.ref : "HEAD";
	if (git_revparse_single(&src_obj, p.repo, spec) != 0 ||
	    git_object_peel((git_object **)&src, src_obj, GIT_OBJECT_COMMIT) != 0) {
		git_error_clear();
		rc = (enum publish_status)build_run(&opt->build, d); /* says what is wrong with the ref */
		if (rc == PUBLISH_OK) {
			diag_error(d, NULL, 0, 0, "'%s' is not a commit", spec);
			rc = PUBLISH_BAD_SOURCE;
		}
		goto out;
	}
	what = spec;
	if (opt->build.ref == NULL && git_repository_head(&head, p.repo) == 0 && git_reference_is_branch(head))
		what = git_reference_shorthand(head);
	git_error_clear();
	if (git_reference_lookup(&ref, p.repo, refname) == 0) {
		if (git_branch_is_checked_out(ref) == 1) {
			diag_error(d, NULL, 0, 0,
				   "the branch '%s' is checked out: publishing to it would leave its work tree behind "
				   "(check out another branch, or publish to another one)",
				   branch);
			goto out;
		}
		if (git_reference_peel((git_object **)&parent, ref, GIT_OBJECT_COMMIT) != 0) {
			S_git_fail(&p, branch);
			goto out;
		}
	} else {
		git_error_clear();
	}

	rc = (enum publish_status)build_run(&opt->build, d);
	if (rc != PUBLISH_OK)
		goto out;
	rc = PUBLISH_FAILED;
	if (opt->build.out)
		out_dir = xstrdup(opt->build.out);
	else
		out_dir = xasprintf("%spublic", git_repository_workdir(p.repo));

	git_oid tree_id, commit_id;
	int empty;
	if (S_write_tree(&p, out_dir, 1, &tree_id, &empty) < 0)
		goto out;
	char src_hex[GIT_OID_HEXSZ + 1], short_hex[8];
	git_oid_tostr(src_hex, sizeof src_hex, git_commit_id(src));
	git_oid_tostr(short_hex, sizeof short_hex, git_commit_id(src));
	if (parent && git_oid_equal(git_commit_tree_id(parent), &tree_id)) {
		if (!opt->build.quiet && opt->build.info)
			fprintf(opt->build.info, "wardsite: '%s' already holds this output: nothing to publish\n", branch);
		rc = PUBLISH_OK;
		goto out;
	}
	if (git_tree_lookup(&tree, p.repo, &tree_id) != 0 || (sig = S_signature(&p)) == NULL) {
		S_git_fail(&p, "the commit");
		goto out;
	}
	if (opt->message)
		buf_puts(&msg, opt->message);
	else
		buf_printf(&msg, "Publish %s (%s): %s", what, short_hex, git_commit_summary(src));
	buf_printf(&msg, "\n\nSource-Commit: %s\n", src_hex);
	const git_commit *parents[1] = {parent};
	if (git_commit_create(&commit_id, p.repo, NULL, sig, sig, "UTF-8", buf_cstr(&msg), tree, parent ? 1 : 0,
			      parents) != 0) {
		S_git_fail(&p, "the commit");
		goto out;
	}
	char *log = xasprintf("wardsite publish: %s", buf_cstr(&msg));
	*strchr(log, '\n') = '\0';
	int r = parent ? git_reference_create_matching(&newref, p.repo, refname, &commit_id, 1, git_commit_id(parent), log)
		       : git_reference_create(&newref, p.repo, refname, &commit_id, 0, log);
	free(log);
	if (r != 0) {
		S_git_fail(&p, branch);
		goto out;
	}
	if (!opt->build.quiet && opt->build.info) {
		char new_hex[8];
		git_oid_tostr(new_hex, sizeof new_hex, &commit_id);
		fprintf(opt->build.info, "wardsite: published %zu files to '%s' (%s), from %s (%s)\n", p.files, branch,
			new_hex, what, short_hex);
	}
	rc = PUBLISH_OK;
out:
	buf_free(&msg);
	git_signature_free(sig);
	git_tree_free(tree);
	git_reference_free(newref);
	git_reference_free(head);
	git_reference_free(ref);
	git_commit_free(parent);
	git_commit_free(src);
	git_object_free(src_obj);
	git_repository_free(p.repo);
	git_libgit2_shutdown();
	free(out_dir);
	free(refname);
	return rc;
}
