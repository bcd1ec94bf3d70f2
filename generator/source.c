#define _XOPEN_SOURCE 700
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "msg.h"
#include "diag.h"
#include "xalloc.h"

struct source {
	git_repository *repo;
	git_tree *tree;  /* NULL for the work tree, or an unreadable commit tree */
	int from_commit; /* files come from tree, not the work tree */
	char *workdir;
	char *describe;
	int dirty;
	int shallow;
	int has_commit;
	git_oid commit;        /* the commit read, or HEAD's for the work tree */
	struct source_file *files;
	size_t nfiles, cap;
	struct source_fault *bad; /* see source_bad(); path and name owned */
	size_t nbad;
};

static int S_libgit2_users;

static char *S_git_error(const char *what)
{
	const git_error *e = git_error_last();
	return xasprintf("%s: %s", what, e && e->message ? e->message : "unknown libgit2 error");
}

static struct source_file *S_add(struct source *s, const char *path)
{
	if (s->nfiles == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->files = xrealloc(s->files, s->cap * sizeof *s->files);
	}
	struct source_file *f = &s->files[s->nfiles++];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	return f;
}

/* A name git itself never writes into a tree: ".", "..", ".git" in any
 * case, an empty one, or one with a '/' (it would climb between folders)
 * or a backslash (a path separator on Windows). */
static int S_bad_name(const char *name)
{
	if (name[0] == '\0')
		return 1;
	if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0') || strcasecmp(name + 1, "git") == 0))
		return 1;
	return strpbrk(name, "/\\") != NULL; /* one pass: the history walk judges every entry it reads */
}

enum source_fault_kind source_entry_fault(const git_tree *t, size_t i)
{
	const git_tree_entry *e = git_tree_entry_byindex(t, i);
	const char *name = git_tree_entry_name(e);
	if (S_bad_name(name))
		return SOURCE_FAULT_NAME;
	if (i == 0)
		return SOURCE_FAULT_NONE;
	int c = git_tree_entry_cmp(git_tree_entry_byindex(t, i - 1), e);
	if (c == 0)
		return SOURCE_FAULT_DUPLICATE;
	if (c > 0)
		return SOURCE_FAULT_ORDER;
	/* a file and a folder of one name sort apart ("a" < "a.md" < "a/"),
	 * the folder last: the names between them all begin with its name */
	if (git_tree_entry_filemode(e) != GIT_FILEMODE_TREE)
		return SOURCE_FAULT_NONE;
	size_t n = strlen(name);
	for (size_t k = i; k-- > 0;) {
		const char *prev = git_tree_entry_name(git_tree_entry_byindex(t, k));
		if (strncmp(prev, name, n) != 0)
			break;
		if (prev[n] == '\0')
			return SOURCE_FAULT_DUPLICATE;
	}
	return SOURCE_FAULT_NONE;
}

/* Why libgit2 refused the raw tree data: 1 when an entry has an empty
 * name, which libgit2 does not parse; 0 otherwise. */
static int S_raw_empty_name(git_repository *repo, const git_oid *id)
{
	git_odb *odb = NULL;
	git_odb_object *obj = NULL;
	int found = 0;
	if (git_repository_odb(&odb, repo) == 0 && git_odb_read(&obj, odb, id) == 0) {
		const char *p = git_odb_object_data(obj), *end = p + git_odb_object_size(obj);
		while (p < end && !found) {
			const char *sp = memchr(p, ' ', (size_t)(end - p));
			const char *nul = sp ? memchr(sp, '\0', (size_t)(end - sp)) : NULL;
			if (nul == NULL)
				break;
			found = nul == sp + 1;
			p = nul + 1 + GIT_OID_RAWSZ;
		}
	}
	git_odb_object_free(obj);
	git_odb_free(odb);
	git_error_clear();
	return found;
}

int source_tree_read(git_repository *repo, const git_oid *id, git_tree **out, enum source_fault_kind *kind, char **why)
{
	*out = NULL;
	if (git_tree_lookup(out, repo, id) == 0)
		return 0;
	const git_error *e = git_error_last();
	*why = xstrdup(e && e->message ? e->message : "unknown libgit2 error");
	*kind = SOURCE_FAULT_UNREADABLE;
	if (S_raw_empty_name(repo, id)) {
		free(*why);
		*why = xstrdup("");
		*kind = SOURCE_FAULT_NAME;
	}
	return -1;
}

void source_fault_report(struct diag *d, const char *commit, const struct source_fault *f)
{
	switch (f->kind) {
	case SOURCE_FAULT_NONE: break;
	case SOURCE_FAULT_NAME:
		diag_error(d, f->path, 0, 0,
		           "commit %s has a tree entry named '%s', which git never makes: it was made by hand or by "
		           "a broken tool and is refused",
		           commit, f->name);
		break;
	case SOURCE_FAULT_DUPLICATE:
		diag_error(d, f->path, 0, 0,
		           "commit %s has two tree entries named '%s' in one folder, which git never makes: it was "
		           "made by hand or by a broken tool and is refused",
		           commit, f->name);
		break;
	case SOURCE_FAULT_ORDER:
		diag_error(d, f->path, 0, 0,
		           "commit %s has a folder whose entries are out of git's order at '%s', which git never "
		           "makes: it was made by hand or by a broken tool and is refused",
		           commit, f->name);
		break;
	case SOURCE_FAULT_UNREADABLE:
		diag_error(d, f->path, 0, 0,
		           "commit %s has a folder that cannot be read (%s): it was made by hand or by a broken tool "
		           "and is refused",
		           commit, f->name);
		break;
	}
}

static void S_fault(struct source *s, const char *path, const char *name, enum source_fault_kind kind)
{
	s->bad = xrealloc(s->bad, (s->nbad + 1) * sizeof *s->bad);
	s->bad[s->nbad++] = (struct source_fault){path ? xstrdup(path) : NULL, xstrdup(name), kind};
}

static void S_add_entry(struct source *s, const char *path, const git_tree_entry *entry)
{
	git_filemode_t mode = git_tree_entry_filemode(entry);
	struct source_file *f = S_add(s, path);
	memcpy(f->oid, git_tree_entry_id(entry)->id, 20);
	if (mode == GIT_FILEMODE_LINK)
		f->kind = SOURCE_LINK;
	else if (mode == GIT_FILEMODE_COMMIT)
		f->kind = SOURCE_SUBMODULE;
	else
		f->kind = SOURCE_FILE;
}

/* Lists the files of tree t, the folder dir ("" or "content/vi/"); an
 * entry with a fault is recorded and neither read nor walked into. */
static void S_walk_tree(struct source *s, const git_tree *t, const char *dir)
{
	size_t n = git_tree_entrycount(t);
	for (size_t i = 0; i < n; i++) {
		const git_tree_entry *entry = git_tree_entry_byindex(t, i);
		char *path = xasprintf("%s%s", dir, git_tree_entry_name(entry));
		enum source_fault_kind kind = source_entry_fault(t, i);
		if (kind != SOURCE_FAULT_NONE) {
			S_fault(s, path, git_tree_entry_name(entry), kind);
		} else if (git_tree_entry_filemode(entry) == GIT_FILEMODE_TREE) {
			git_tree *sub = NULL;
			char *why = NULL, *subdir = xasprintf("%s/", path);
			if (source_tree_read(s->repo, git_tree_entry_id(entry), &sub, &kind, &why) == 0)
				S_walk_tree(s, sub, subdir);
			else if (kind == SOURCE_FAULT_NAME)
				S_fault(s, subdir, why, kind);
			else
				S_fault(s, path, why, kind);
			git_tree_free(sub);
			free(why);
			free(subdir);
		} else {
			S_add_entry(s, path, entry);
		}
		free(path);
	}
}

static int S_cmp_files(const void *a, const void *b)
{
	return strcmp(((const struct source_file *)a)->path, ((const struct source_file *)b)->path);
}

/* Walks the work tree below dir (relative path rel), skipping .git and
 * what git ignores. */
static int S_walk_dir(struct source *s, const char *rel, char **err)
{
	char *abs = rel[0] ? xasprintf("%s/%s", s->workdir, rel) : xstrdup(s->workdir);
	DIR *dir = opendir(abs);
	if (dir == NULL) {
		*err = xasprintf(msg_tr("cannot read folder %s: %s"), abs, strerror(errno));
		free(abs);
		return -1;
	}
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 || strcmp(de->d_name, ".git") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dir);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		char *full = xasprintf("%s/%s", s->workdir, path);
		struct stat st;
		int ignored = 0;
		if (rc == 0 && lstat(full, &st) == 0 &&
		    (git_ignore_path_is_ignored(&ignored, s->repo, path) != 0 || !ignored)) {
			if (S_ISDIR(st.st_mode)) {
				rc = S_walk_dir(s, path, err);
			} else if (S_ISLNK(st.st_mode)) {
				S_add(s, path)->kind = SOURCE_LINK;
			} else if (S_ISREG(st.st_mode)) {
				struct source_file *f = S_add(s, path);
				f->kind = SOURCE_FILE;
				f->size = (size_t)st.st_size;
			}
		}
		free(full);
		free(path);
		free(names[i]);
	}
	free(names);
	free(abs);
	return rc;
}

static int S_count_dirty(struct source *s)
{
	git_status_options opts;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	git_status_list *list = NULL;
	if (git_status_list_new(&list, s->repo, &opts) != 0)
		return 0;
	int n = (int)git_status_list_entrycount(list);
	git_status_list_free(list);
	return n;
}

/* Adds each shipped theme file that the tree has no file (or link) for.
 * Needs s->files sorted; leaves them sorted. */
static void S_add_shipped(struct source *s)
{
	size_t have = s->nfiles;
	for (size_t i = 0; i < source_ntheme; i++) {
		const struct source_shipped *t = &source_theme[i];
		size_t lo = 0, hi = have;
		int found = 0;
		while (lo < hi && !found) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(s->files[mid].path, t->path);
			found = c == 0;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (found)
			continue;
		struct source_file *f = S_add(s, t->path);
		git_oid oid; /* the blob id git would give it: caches key on it */
		git_odb_hash(&oid, t->data, t->len, GIT_OBJECT_BLOB);
		memcpy(f->oid, oid.id, 20);
		f->kind = SOURCE_FILE;
		f->size = t->len;
		f->shipped = t->data;
	}
	if (s->nfiles > have)
		qsort(s->files, s->nfiles, sizeof *s->files, S_cmp_files);
}

int source_open(struct source **out, const struct source_options *opt, char **err)
{
	struct source *s = xcalloc(1, sizeof *s);
	const char *dir = opt->repo ? opt->repo : ".";
	git_object *obj = NULL;
	git_commit *commit = NULL;

	*out = NULL;
	*err = NULL;
	if (S_libgit2_users++ == 0) {
		git_libgit2_init();
		/* libgit2 hashes every object it reads again to check its id
		 * (SHA-1 with collision detection: 12 % of a cold build's
		 * instructions on the 10,000-page bench site).  git itself does
		 * not on reads, leaving it to fsck; a corrupt pack still fails
		 * zlib's and the pack's own checks. */
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	}

	struct stat st;
	if (stat(dir, &st) != 0) {
		*err = xasprintf(msg_tr("%s: %s"), dir, strerror(errno));
		goto fail;
	}
	if (git_repository_open_ext(&s->repo, dir, 0, NULL) != 0) {
		*err = xasprintf(msg_tr("%s is not inside a git repository"), dir);
		goto fail;
	}
	if (git_repository_workdir(s->repo)) {
		s->workdir = xstrdup(git_repository_workdir(s->repo));
		size_t len = strlen(s->workdir);
		while (len > 1 && s->workdir[len - 1] == '/')
			s->workdir[--len] = '\0';
	}
	s->shallow = git_repository_is_shallow(s->repo) == 1;

	if (opt->worktree) {
		if (s->workdir == NULL) {
			*err = xasprintf(msg_tr("%s is a bare repository: it has no work tree to read"), dir);
			goto fail;
		}
		if (S_walk_dir(s, "", err) < 0)
			goto fail;
		s->describe = xstrdup(MSG_N("work tree"));
		s->has_commit = git_reference_name_to_id(&s->commit, s->repo, "HEAD") == 0;
	} else {
		const char *ref = opt->ref ? opt->ref : "HEAD";
		if (opt->ref == NULL && (git_repository_head_unborn(s->repo) == 1 || git_repository_is_empty(s->repo) == 1)) {
			*err = xasprintf(msg_tr("the repository %s has no commits yet"), s->workdir ? s->workdir : dir);
			goto fail;
		}
		if (git_revparse_single(&obj, s->repo, ref) != 0) {
			*err = xasprintf(msg_tr("'%s' names no branch, tag or commit of %s"), ref, s->workdir ? s->workdir : dir);
			goto fail;
		}
		if (git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT) != 0) {
			*err = xasprintf(msg_tr("'%s' is not a commit"), ref);
			goto fail;
		}
		enum source_fault_kind kind;
		char *why = NULL;
		s->from_commit = 1;
		if (source_tree_read(s->repo, git_commit_tree_id(commit), &s->tree, &kind, &why) == 0)
			S_walk_tree(s, s->tree, "");
		else
			S_fault(s, NULL, why, kind); /* the top folder: no path */
		free(why);
		git_oid_cpy(&s->commit, git_commit_id(commit));
		s->has_commit = 1;
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, 8, git_commit_id(commit));
		s->describe = xasprintf("%s (%s)", ref, hex);
		if (opt->ref == NULL && s->workdir)
			s->dirty = S_count_dirty(s);
	}
	if (s->nfiles > 1)
		qsort(s->files, s->nfiles, sizeof *s->files, S_cmp_files);
	S_add_shipped(s);
	git_commit_free(commit);
	git_object_free(obj);
	*out = s;
	return 0;
fail:
	git_commit_free(commit);
	git_object_free(obj);
	source_close(s);
	return -1;
}

void source_close(struct source *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nfiles; i++)
		free(s->files[i].path);
	free(s->files);
	for (size_t i = 0; i < s->nbad; i++) {
		free((char *)s->bad[i].path);
		free((char *)s->bad[i].name);
	}
	free(s->bad);
	git_tree_free(s->tree);
	git_repository_free(s->repo);
	free(s->workdir);
	free(s->describe);
	free(s);
	if (--S_libgit2_users == 0)
		git_libgit2_shutdown();
}

size_t source_count(const struct source *s)
{
	return s->nfiles;
}

const struct source_file *source_get(const struct source *s, size_t i)
{
	return i < s->nfiles ? &s->files[i] : NULL;
}

size_t source_nbad(const struct source *s)
{
	return s->nbad;
}

const struct source_fault *source_bad(const struct source *s, size_t i)
{
	return i < s->nbad ? &s->bad[i] : NULL;
}

const struct source_file *source_find(const struct source *s, const char *path)
{
	size_t lo = 0, hi = s->nfiles;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->files[mid].path, path);
		if (c == 0)
			return &s->files[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int source_read(struct source *s, const struct source_file *f, char **data, size_t *len, char **err)
{
	*data = NULL;
	*len = 0;
	if (f->kind != SOURCE_FILE) {
		*err = xasprintf(msg_tr("%s is not a regular file"), f->path);
		return -1;
	}
	if (f->shipped) {
		*data = xmalloc(f->size + 1);
		memcpy(*data, f->shipped, f->size);
		(*data)[f->size] = '\0';
		*len = f->size;
		return 0;
	}
	if (s->from_commit) {
		git_blob *blob = NULL;
		git_oid oid;
		memcpy(oid.id, f->oid, 20);
		if (git_blob_lookup(&blob, s->repo, &oid) != 0) {
			*err = S_git_error(f->path);
			return -1;
		}
		size_t n = (size_t)git_blob_rawsize(blob);
		*data = xmalloc(n + 1);
		memcpy(*data, git_blob_rawcontent(blob), n);
		(*data)[n] = '\0';
		*len = n;
		git_blob_free(blob);
		return 0;
	}
	char *full = xasprintf("%s/%s", s->workdir, f->path);
	FILE *fp = fopen(full, "rb");
	if (fp == NULL) {
		*err = xasprintf(msg_tr("cannot open %s: %s"), f->path, strerror(errno));
		free(full);
		return -1;
	}
	struct buf b = BUF_INIT;
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
		buf_put(&b, tmp, n);
	int bad = ferror(fp);
	fclose(fp);
	free(full);
	if (bad) {
		*err = xasprintf(msg_tr("cannot read %s"), f->path);
		buf_free(&b);
		return -1;
	}
	*len = b.len;
	*data = buf_detach(&b);
	return 0;
}

/* dir as an absolute path without symbolic links, also when dir itself
 * is not there yet (its parent is resolved); NULL when neither is. */
static char *S_abs(const char *dir)
{
	char *full = realpath(dir, NULL);
	if (full == NULL) {
		char *copy = xstrdup(dir);
		size_t n = strlen(copy);
		while (n > 1 && copy[n - 1] == '/')
			copy[--n] = '\0';
		char *slash = strrchr(copy, '/');
		const char *leaf = slash ? slash + 1 : copy, *up = ".";
		if (slash == copy) {
			up = "/";
		} else if (slash) {
			*slash = '\0';
			up = copy;
		}
		char *parent = realpath(up, NULL);
		if (parent)
			full = xasprintf("%s/%s", parent, leaf);
		free(parent);
		free(copy);
	}
	return full;
}

/* 1 when path is folder or below it. */
static int S_within(const char *path, const char *folder)
{
	size_t n = strlen(folder);
	return strncmp(path, folder, n) == 0 && (path[n] == '\0' || path[n] == '/' || (n > 0 && folder[n - 1] == '/'));
}

char *source_check_out(struct source *s, const char *dir)
{
	static const char *const inputs[] = {"content", "static", "themes", "data", "lua-plugins", NULL};
	char *full = S_abs(dir);
	char *git = realpath(git_repository_path(s->repo), NULL);
	char *top = s->workdir ? realpath(s->workdir, NULL) : NULL;
	char *why = NULL;
	if (full == NULL)
		goto out;
	if (git && (S_within(git, full) || S_within(full, git)))
		why = xasprintf(msg_tr("--out %s would replace the repository %s"), dir, git);
	else if (top && S_within(top, full))
		why = xasprintf(msg_tr("--out %s would replace the work tree %s"), dir, top);
	for (size_t i = 0; top && why == NULL && inputs[i]; i++) {
		char *input = xasprintf("%s/%s", top, inputs[i]);
		if (S_within(input, full))
			why = xasprintf(msg_tr("--out %s would replace %s/, which the site is built from"), dir, inputs[i]);
		free(input);
	}
	if (why) {
		char *w = xasprintf("%s: the output needs a folder of its own, such as public/", why);
		free(why);
		why = w;
	}
out:
	free(full);
	free(git);
	free(top);
	return why;
}

void source_leave_out(struct source *s, const char *dir)
{
	if (s->from_commit || s->workdir == NULL)
		return;
	char *top = realpath(s->workdir, NULL);
	char *full = S_abs(dir); /* the staging folders beside a missing dir are still skipped */
	char *name = NULL;
	size_t tl = top ? strlen(top) : 0;
	if (top == NULL || full == NULL || strncmp(full, top, tl) != 0 || full[tl] != '/')
		goto out;
	const char *rel = full + tl + 1;             /* "content/vi/public" */
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	name = xasprintf("%.*s.%s.staging-", (int)(base - rel), rel, base); /* "content/vi/.public.staging-" */
	size_t rl = strlen(rel), nl = strlen(name), kept = 0;
	for (size_t i = 0; i < s->nfiles; i++) {
		const char *p = s->files[i].path;
		if ((strncmp(p, rel, rl) == 0 && p[rl] == '/') || strncmp(p, name, nl) == 0) {
			free(s->files[i].path);
			continue;
		}
		s->files[kept++] = s->files[i];
	}
	s->nfiles = kept;
out:
	free(name);
	free(full);
	free(top);
}

const char *source_workdir(const struct source *s)
{
	return s->workdir;
}

const char *source_describe(const struct source *s)
{
	return s->describe;
}

int source_dirty(const struct source *s)
{
	return s->dirty;
}

int source_shallow(const struct source *s)
{
	return s->shallow;
}

struct git_repository *source_repository(const struct source *s)
{
	return s->repo;
}

int source_commit(const struct source *s, unsigned char oid[20])
{
	if (!s->has_commit)
		return -1;
	memcpy(oid, s->commit.id, 20);
	return 0;
}
