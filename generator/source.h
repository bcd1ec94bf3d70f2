/* source: one interface over "the tree of a git commit" and "the files of
 * the work tree".
 *
 * Both are merged with the default theme compiled into wardsite
 * (source_theme): a file themes/default/PATH that the tree lacks is read
 * from the program, so a repository without themes/ builds with theme:
 * default, and its own themes/default/PATH replaces the shipped one file
 * by file.
 *
 * A build never touches the file system or libgit2 for its input except
 * through this module, so the same build runs from a commit in CI and from
 * the work tree in a preview. */
#ifndef WARDSITE_SOURCE_H
#define WARDSITE_SOURCE_H

#include <stddef.h>

enum source_kind {
	SOURCE_FILE,      /* a regular file (blob) */
	SOURCE_LINK,      /* a symbolic link: never followed */
	SOURCE_SUBMODULE, /* a gitlink: its content is not in this repository */
};

struct source_file {
	char *path;            /* relative to the top of the tree, '/'-separated */
	enum source_kind kind;
	unsigned char oid[20]; /* git blob id (zero for work-tree files) */
	size_t size;
	const char *shipped;   /* the bytes of a shipped theme file, else NULL */
};

/* A file compiled into the program (shipped_theme.c, made by the Makefile
 * from themes/default/); the list ends with a NULL path. */
struct source_shipped {
	const char *path; /* "themes/default/layouts/home.html" */
	const char *data;
	size_t len;
};
extern const struct source_shipped source_theme[];
extern const size_t source_ntheme;

struct source;

struct source_options {
	const char *repo; /* a folder inside the repository; NULL: "." */
	const char *ref;  /* NULL: HEAD */
	int worktree;     /* read the work tree instead of a commit */
};

/* Opens the source.  Returns 0 and *out (caller closes with source_close),
 * or -1 with a one-line reason in *err (caller frees). */
int source_open(struct source **out, const struct source_options *opt, char **err);
void source_close(struct source *s);

/* The files, sorted by path (bytewise). */
size_t source_count(const struct source *s);
const struct source_file *source_get(const struct source *s, size_t i);
/* The file at path, or NULL. */
const struct source_file *source_find(const struct source *s, const char *path);

/* What is wrong with a tree object that git itself never writes (git fsck
 * reports each): only a commit made by hand or by a broken tool has one. */
enum source_fault_kind {
	SOURCE_FAULT_NONE,
	SOURCE_FAULT_NAME,       /* ".", "..", ".git" in any case, empty, or a '/' or '\\' in it */
	SOURCE_FAULT_DUPLICATE,  /* a second entry of the same name in one tree */
	SOURCE_FAULT_ORDER,      /* entries not in git's order (it diffs trees by that order) */
	SOURCE_FAULT_UNREADABLE, /* libgit2 cannot parse the tree object */
};

struct source_fault {
	const char *path; /* the entry's path ("content/vi/a.md"); the folder's for SOURCE_FAULT_UNREADABLE; NULL: the
	                     top folder */
	const char *name; /* the entry's name as in the tree; libgit2's reason for SOURCE_FAULT_UNREADABLE */
	enum source_fault_kind kind;
};

/* The faults of the commit's tree (none for the work tree): the entries
 * are left out of the files (a folder with all it holds), and the build
 * refuses the commit.  Owned by the source. */
size_t source_nbad(const struct source *s);
const struct source_fault *source_bad(const struct source *s, size_t i);

struct git_repository;
struct git_tree;
struct git_oid;
struct diag;

/* The fault of entry i of tree t, judged against the entries before it
 * (SOURCE_FAULT_NONE when it is sound). */
enum source_fault_kind source_entry_fault(const struct git_tree *t, size_t i);

/* Reads the tree id (of the folder dir, "" or "content/vi/") into *out
 * (caller frees with git_tree_free) and returns 0.  Returns -1 when libgit2
 * cannot parse it, with *why (caller frees) its reason and *kind either
 * SOURCE_FAULT_NAME (an entry with an empty name: *why is "") or
 * SOURCE_FAULT_UNREADABLE. */
int source_tree_read(struct git_repository *repo, const struct git_oid *id, struct git_tree **out,
                     enum source_fault_kind *kind, char **why);

/* Reports fault f of the tree of commit ("HEAD (9f9b699)", "1a2b3c4") as
 * one error on d. */
void source_fault_report(struct diag *d, const char *commit, const struct source_fault *f);

/* NULL when the folder dir may be an output folder, which a build
 * replaces whole; otherwise why not (caller frees): it is the work tree or
 * above it, the repository's .git, or a folder the site is built from
 * (content/, static/, themes/, data/, lua-plugins/) or above one. */
char *source_check_out(struct source *s, const char *dir);

/* For the work tree: forgets the files below the folder dir (any path:
 * the output folder) and below the staging folders beside it
 * (".NAME.staging-..."), so that a build whose --out is inside content/ or
 * static/ does not read its own last output back as input.  Nothing for a
 * commit, or a dir outside the work tree. */
void source_leave_out(struct source *s, const char *dir);

/* Reads a file's bytes into *data (caller frees; NUL-terminated) and
 * *len.  Returns 0, or -1 with a reason in *err (caller frees). */
int source_read(struct source *s, const struct source_file *f, char **data, size_t *len, char **err);

/* The top of the work tree (absolute, no trailing slash), or NULL for a
 * bare repository. */
const char *source_workdir(const struct source *s);
/* A description of what is read: "HEAD (3f2a1c9)", "v1 (…)", "work tree". */
const char *source_describe(const struct source *s);
/* Number of uncommitted changes (tracked and untracked, not ignored) when
 * building HEAD of a work tree; 0 otherwise. */
int source_dirty(const struct source *s);
/* 1 when the repository is a shallow clone. */
int source_shallow(const struct source *s);

/* The repository (owned by the source, valid until source_close), for the
 * modules that read more of git than files (history). */
struct git_repository *source_repository(const struct source *s);
/* The commit whose tree is read; for the work tree, the commit of HEAD.
 * Returns 0 and its id in oid, or -1 when there is none (no commit yet). */
int source_commit(const struct source *s, unsigned char oid[20]);

#endif
