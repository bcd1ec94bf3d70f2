#define _XOPEN_SOURCE 700
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "msg.h"
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

/* 1 when an untracked file at path is something the site is built from. */
static int S_is_input(const char *path)
{
	static const char *const inputs[] = {"content/", "static/", "data/", "themes/", "lua-plugins/", "archetypes/", NULL};
	for (size_t i = 0; inputs[i]; i++)
		if (strncmp(path, inputs[i], strlen(inputs[i])) == 0)
			return 1;
	return strcmp(path, "site.yaml") == 0;
}

/* Names each uncommitted change of the work tree that publishing HEAD
 * would leave out: tracked files edited, deleted or staged, and new files
 * (not ignored) among the site's inputs.  Returns how many (recorded). */
static int S_check_dirty(struct publish *p)
{
	git_status_options so;
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		   GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_RENAMES_HEAD_TO_INDEX;
	git_status_list *list = NULL;
	int n = 0;
	if (git_status_list_new(&list, p->repo, &so) != 0) {
		git_error_clear();
		return 0;
	}
	for (size_t i = 0; i < git_status_list_entrycount(list); i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *dd = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
		if (dd == NULL)
			continue;
		const char *path = dd->new_file.path ? dd->new_file.path : dd->old_file.path;
		unsigned st = e->status;
		if (st == GIT_STATUS_WT_NEW && !S_is_input(path))
			continue;
		if (st & (GIT_STATUS_WT_NEW | GIT_STATUS_INDEX_NEW)) {
			diag_error(p->d, path, 0, 0, "new file, not committed: publish would leave it out");
		} else if (st & (GIT_STATUS_WT_DELETED | GIT_STATUS_INDEX_DELETED)) {
			diag_error(p->d, path, 0, 0, "deleted, but not committed: publish would still publish it");
		} else if (st & (GIT_STATUS_WT_MODIFIED | GIT_STATUS_WT_TYPECHANGE | GIT_STATUS_WT_RENAMED |
				 GIT_STATUS_INDEX_MODIFIED | GIT_STATUS_INDEX_RENAMED |
				 GIT_STATUS_INDEX_TYPECHANGE)) {
			diag_error(p->d, path, 0, 0, "edited, but not committed: publish would leave the edit out");
		} else {
			continue;
		}
		n++;
	}
	git_status_list_free(list);
	if (n == 1)
		diag_error(p->d, NULL, 0, 0,
			   "1 file has uncommitted changes: commit it (git add, git commit) and publish again, "
			   "or publish the last commit without it with --allow-dirty");
	else if (n > 1)
		diag_error(p->d, NULL, 0, 0,
			   "%d files have uncommitted changes: commit them (git add, git commit) and publish again, "
			   "or publish the last commit without them with --allow-dirty",
			   n);
	return n;
}

/* What the push callbacks share. */
struct push_state {
	int tries;        /* credential requests: libgit2 asks again after a refusal */
	int no_token;     /* the remote asked for a login and there is none */
	int refused;      /* the remote refused the login given */
	char *rejected;   /* the remote's reason for refusing the branch */
};

static int S_credentials(git_credential **out, const char *url, const char *user_from_url, unsigned int allowed,
			 void *payload)
{
	struct push_state *ps = payload;
	(void)url;
	if (ps->tries++ > 0) { /* asked again: what was given was refused */
		ps->refused = 1;
		return GIT_EUSER;
	}
	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return git_credential_ssh_key_from_agent(out, user_from_url ? user_from_url : "git");
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
		const char *token = getenv("WARDSITE_PUSH_TOKEN"), *user = getenv("WARDSITE_PUSH_USER");
		if (token == NULL || *token == '\0') {
			ps->no_token = 1;
			return GIT_EUSER;
		}
		if (user == NULL || *user == '\0')
			user = user_from_url && *user_from_url ? user_from_url : "x-access-token";
		return git_credential_userpass_plaintext_new(out, user, token);
	}
	return GIT_PASSTHROUGH;
}

static int S_push_update(const char *refname, const char *status, void *payload)
{
	struct push_state *ps = payload;
	(void)refname;
	if (status && ps->rejected == NULL)
		ps->rejected = xstrdup(status);
	return 0;
}

/* The URL to push to for name: remote.NAME.pushurl, else remote.NAME.url,
 * else name itself when it looks like a URL or a path; NULL when none
 * (caller frees).  Read with plain config lookups, not git_remote_lookup:
 * the libgit2 of Debian 12 (1.5.1) leaks in its regular-expression
 * matching there and in url.*.insteadOf rewriting (libgit2 PR #6382),
 * which is left out for that reason. */
static char *S_remote_url(git_repository *repo, const char *name)
{
	git_config *cfg = NULL;
	git_buf b = {0};
	char *url = NULL;
	if (git_repository_config_snapshot(&cfg, repo) == 0) {
		char *k1 = xasprintf("remote.%s.pushurl", name), *k2 = xasprintf("remote.%s.url", name);
		if (git_config_get_string_buf(&b, cfg, k1) == 0 || git_config_get_string_buf(&b, cfg, k2) == 0)
			url = xstrdup(b.ptr);
		free(k1);
		free(k2);
	}
	git_error_clear();
	git_buf_dispose(&b);
	git_config_free(cfg);
	if (url == NULL && (strchr(name, '/') || strchr(name, ':')))
		url = xstrdup(name);
	return url;
}

static void S_push_fail(struct publish *p, const char *url)
{
	const git_error *e = git_error_last();
	diag_error(p->d, NULL, 0, 0, "cannot push to %s: %s", url, e && e->message ? e->message : "unknown libgit2 error");
}

/* Pushes refs/heads/BRANCH to the remote (a name, else a URL or path).
 * Returns 0, or -1 recorded; says where it went on info. */
static int S_push(struct publish *p, const struct publish_options *opt, const char *branch, FILE *info)
{
	const char *name = opt->remote ? opt->remote : "origin";
	git_remote *remote = NULL;
	struct push_state ps = {0};
	int rc = -1;
	char *url = S_remote_url(p->repo, name);
	if (url == NULL) {
		diag_error(p->d, NULL, 0, 0,
			   "cannot push: there is no remote '%s' (git remote -v lists them; a URL or path works too)",
			   name);
		return -1;
	}
	struct stat st;
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');
	int local = strncmp(url, "file://", 7) == 0 || colon == NULL || (slash && slash < colon);
	if (local && stat(strncmp(url, "file://", 7) == 0 ? url + 7 : url, &st) != 0) {
		diag_error(p->d, NULL, 0, 0, "cannot push to %s: there is no repository there (%s)", url, strerror(errno));
		free(url);
		return -1;
	}
	git_remote_create_options ro;
	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	ro.repository = p->repo;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	if (git_remote_create_with_opts(&remote, url, &ro) != 0) {
		S_git_fail(p, url);
		free(url);
		return -1;
	}
	char *spec = xasprintf("refs/heads/%s:refs/heads/%s", branch, branch);
	char *specs[1] = {spec};
	git_strarray refspecs = {specs, 1};
	git_push_options po;
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	po.callbacks.credentials = S_credentials;
	po.callbacks.push_update_reference = S_push_update;
	po.callbacks.payload = &ps;
	int r = git_remote_push(remote, &refspecs, &po);
	if (r == GIT_ENONFASTFORWARD) {
		diag_error(p->d, NULL, 0, 0,
			   "cannot push '%s' to %s: the branch there has commits that are not here (published from "
			   "another clone?); run git fetch %s +%s:%s and publish again",
			   branch, url, name, branch, branch);
		goto out;
	}
	if (r != 0) {
		if (ps.refused)
			diag_error(p->d, NULL, 0, 0,
				   "cannot push to %s: the login was refused; check that WARDSITE_PUSH_TOKEN (and "
				   "WARDSITE_PUSH_USER) may push there, or that ssh-agent holds the key",
				   url);
		else if (ps.no_token)
			diag_error(p->d, NULL, 0, 0,
				   "cannot push to %s: it asks for a login; set WARDSITE_PUSH_TOKEN to a token that may "
				   "push (and WARDSITE_PUSH_USER if the host needs a user name), or use an ssh remote",
				   url);
		else
			S_push_fail(p, url);
		goto out;
	}
	if (ps.rejected) {
		diag_error(p->d, NULL, 0, 0,
			   "cannot push '%s' to %s: the remote refused it: %s", branch, url, ps.rejected);
		goto out;
	}
	if (info) {
		git_oid id;
		char hex[8] = "";
		char *ref = xasprintf("refs/heads/%s", branch);
		if (git_reference_name_to_id(&id, p->repo, ref) == 0)
			git_oid_tostr(hex, sizeof hex, &id);
		free(ref);
		fprintf(info, msg_tr("wardsite: pushed '%s' (%s) to %s (%s)\n"), branch, hex, name, url);
	}
	rc = 0;
out:
	free(ps.rejected);
	free(spec);
	free(url);
	git_remote_free(remote);
	return rc;
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
	if (opt->build.ref == NULL && !opt->allow_dirty && git_repository_workdir(p.repo) && S_check_dirty(&p) > 0) {
		rc = PUBLISH_FAILED;
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
			fprintf(opt->build.info, msg_tr("wardsite: '%s' already holds this output: nothing to publish\n"), branch);
		rc = PUBLISH_OK;
		goto push;
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
		fprintf(opt->build.info, msg_tr("wardsite: published %zu files to '%s' (%s), from %s (%s)\n"), p.files, branch,
			new_hex, what, short_hex);
	}
	rc = PUBLISH_OK;
push:
	if (opt->push && S_push(&p, opt, branch, opt->build.quiet ? NULL : opt->build.info) < 0)
		rc = PUBLISH_FAILED;
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
