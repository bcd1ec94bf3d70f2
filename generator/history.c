#include "history.h"

#include <git2.h>
#include <git2/sys/hashsig.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "map.h"
#include "text.h"
#include "xalloc.h"

/* A file of the source's commit and what the walk found for it. */
struct hfile {
	struct history_file pub;
	size_t cap;
	int born; /* its creation has been seen: older commits are not its history */
};

struct hcommit {
	struct history_commit pub;
	size_t seq; /* position in the walk: smaller is newer */
};

/* Names that a path had in older commits: path -> struct hfile, or S_DEAD
 * for a name whose older history is some other file's.  Shared between the
 * commits of a walk until a rename changes it, so a history without renames
 * never copies one. */
struct aset {
	struct map m;
	int refs;
};

static char S_dead_mark;
#define S_DEAD ((void *)&S_dead_mark)

/* A commit found by the walk. */
struct node {
	git_oid oid;
	long long time;        /* committer date: the order of the walk */
	int tz_minutes;        /* its offset */
	size_t *parents;       /* indices of the parents that are in the repository */
	size_t nparents;
	int missing;           /* some parent is not in the repository (shallow) */
	size_t children_left;  /* children not walked yet */
	struct aset *names;    /* what its children say the names are */
};

struct history {
	struct arena arena;
	struct map files;      /* path -> struct hfile */
	struct hfile **sorted; /* by path, for folders */
	size_t nfiles;
	struct map folders;    /* dir -> struct hfile (merged), or S_DEAD */
	size_t ncommits;
	int shallow;
	char shallow_id[8];    /* the oldest commit of a shallow clone, and its date */
	struct text_date shallow_date;
	int refs;
	char *key;             /* repository, commit and prefix it is the history of */
};

/* The last history loaded (one reference), for the next load of the same
 * commit: `serve` builds again on every save, mostly of the same HEAD. */
static struct history *S_last;

/* A path, author or message as valid UTF-8 in NFC (bytes that are not
 * UTF-8 become '?'), in the arena. */
static const char *S_clean(struct arena *a, const char *s)
{
	size_t len = strlen(s);
	char *tmp = xstrndup(s, len);
	size_t pos = 0, bad;
	while (pos < len && !text_utf8_valid(tmp + pos, len - pos, &bad)) {
		tmp[pos + bad] = '?';
		pos += bad + 1;
	}
	size_t n;
	char *nfc = text_nfc(tmp, len, &n);
	free(tmp);
	while (n > 0 && (nfc[n - 1] == ' ' || nfc[n - 1] == '\t' || nfc[n - 1] == '\r' || nfc[n - 1] == '\n'))
		n--;
	const char *r = arena_strndup(a, nfc, n);
	free(nfc);
	return r;
}

static void S_aset_release(struct aset *s)
{
	if (s && --s->refs == 0) {
		map_free(&s->m);
		free(s);
	}
}

static struct aset *S_aset_copy(const struct aset *s)
{
	struct aset *c = xcalloc(1, sizeof *c);
	c->refs = 1;
	for (size_t i = 0; s && i < s->m.cap; i++)
		if (s->m.slots[i].key)
			map_put(&c->m, s->m.slots[i].key, s->m.slots[i].value);
	return c;
}

/* Takes the reference of add and folds it into *into (whose names win). */
static void S_aset_merge(struct aset **into, struct aset *add)
{
	if (add == NULL || add == *into) {
		S_aset_release(add);
		return;
	}
	if (*into == NULL) {
		*into = add;
		return;
	}
	struct aset *c = S_aset_copy(*into);
	for (size_t i = 0; i < add->m.cap; i++)
		if (add->m.slots[i].key && map_get(&c->m, add->m.slots[i].key) == NULL)
			map_put(&c->m, add->m.slots[i].key, add->m.slots[i].value);
	S_aset_release(*into);
	S_aset_release(add);
	*into = c;
}

/* The file of the source's commit that path is a name of, in a commit
 * whose names are s; NULL when none. */
static struct hfile *S_resolve(struct history *h, const struct aset *s, const char *path)
{
	void *v = s ? map_get(&s->m, path) : NULL;
	if (v == S_DEAD)
		return NULL;
	if (v)
		return v;
	return map_get(&h->files, path);
}

struct walk {
	struct history *h;
	git_repository *repo;
	git_mailmap *mailmap;
	struct diag *d;
	const char *prefix;
	struct node *nodes;
	size_t nnodes, cap;
	struct map index; /* hex id -> node index + 1 */
	size_t *heap;
	size_t nheap;
	size_t unborn;
	size_t oldest_boundary; /* a node with a missing parent, or SIZE_MAX */
	/* trees read by this visit and by the previous one: a commit's trees
	 * are its child's parent trees, read just before */
	struct map trees_now, trees_before; /* hex id -> git_tree */
	struct map ignored; /* hex id -> S_DEAD: the ids of HISTORY_IGNORE_FILE */
	const git_oid *side_a, *side_b;     /* the commits of the trees S_tree_diff compares */
};

static int S_git_fail(struct walk *w, const char *what)
{
	const git_error *e = git_error_last();
	diag_error(w->d, NULL, 0, 0, "cannot read the history: %s: %s", what,
		   e && e->message ? e->message : "unknown libgit2 error");
	return -1;
}

static void S_trees_free(struct map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			git_tree_free(m->slots[i].value);
	map_free(m);
}

/* Checks every entry of tree t (the folder dir of commit): a tree git
 * never writes is refused, as the source refuses one in the commit built
 * (recorded; -1). */
static int S_tree_check(struct walk *w, git_tree *t, const char *dir, const git_oid *commit)
{
	for (size_t i = 0; i < git_tree_entrycount(t); i++) {
		enum source_fault_kind kind = source_entry_fault(t, i);
		if (kind == SOURCE_FAULT_NONE)
			continue;
		const char *name = git_tree_entry_name(git_tree_entry_byindex(t, i));
		char *path = xasprintf("%s%s", dir, name);
		char hex[8];
		git_oid_tostr(hex, sizeof hex, commit);
		struct source_fault f = {path, name, kind};
		source_fault_report(w->d, hex, &f);
		free(path);
		return -1;
	}
	return 0;
}

/* The tree of id, the folder dir ("" or "content/vi/") of commit, read
 * and checked once for two visits; owned by the walk.  NULL when it cannot
 * be read or is malformed (recorded). */
static git_tree *S_tree(struct walk *w, const git_oid *id, const char *dir, const git_oid *commit)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, id);
	git_tree *t = map_get(&w->trees_now, hex);
	if (t)
		return t;
	t = map_get(&w->trees_before, hex);
	if (t) {
		map_put(&w->trees_before, hex, NULL);
	} else {
		enum source_fault_kind kind;
		char *why = NULL;
		if (source_tree_read(w->repo, id, &t, &kind, &why) < 0) {
			char chex[8];
			git_oid_tostr(chex, sizeof chex, commit);
			size_t n = strlen(dir);
			char *path = kind == SOURCE_FAULT_NAME ? xstrdup(dir) : xstrndup(dir, n ? n - 1 : 0);
			struct source_fault f = {path[0] ? path : NULL, why, kind};
			source_fault_report(w->d, chex, &f);
			free(path);
			free(why);
			return NULL;
		}
		if (S_tree_check(w, t, dir, commit) < 0) {
			git_tree_free(t);
			return NULL;
		}
	}
	map_put(&w->trees_now, hex, t);
	return t;
}

/* Finds the node of oid, adding it when new.  Returns its index. */
static size_t S_node(struct walk *w, const git_oid *oid, int *is_new)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, oid);
	uintptr_t i = (uintptr_t)map_get(&w->index, hex);
	*is_new = i == 0;
	if (i)
		return (size_t)i - 1;
	if (w->nnodes == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->nodes = xrealloc(w->nodes, w->cap * sizeof *w->nodes);
	}
	struct node *n = &w->nodes[w->nnodes];
	memset(n, 0, sizeof *n);
	git_oid_cpy(&n->oid, oid);
	map_put(&w->index, hex, (void *)(uintptr_t)(w->nnodes + 1));
	return w->nnodes++;
}

/* Finds every commit reachable from start, its parents that are in the
 * repository, and how many children each has. */
static int S_discover(struct walk *w, const git_oid *start)
{
	size_t *stack = NULL, nstack = 0, cap = 0;
	int is_new, rc = 0;
	size_t first = S_node(w, start, &is_new);
	stack = xmalloc(sizeof *stack);
	stack[nstack++] = first;
	cap = 1;
	w->oldest_boundary = SIZE_MAX;
	while (nstack > 0) {
		size_t ni = stack[--nstack];
		git_commit *c = NULL;
		if (git_commit_lookup(&c, w->repo, &w->nodes[ni].oid) != 0) {
			rc = S_git_fail(w, "a commit");
			break;
		}
		w->nodes[ni].time = (long long)git_commit_time(c);
		w->nodes[ni].tz_minutes = git_commit_time_offset(c);
		unsigned np = git_commit_parentcount(c);
		w->nodes[ni].parents = xmalloc((np ? np : 1) * sizeof(size_t));
		for (unsigned k = 0; k < np; k++) {
			const git_oid *pid = git_commit_parent_id(c, k);
			git_commit *pc = NULL;
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof hex, pid);
			if (map_get(&w->index, hex) == NULL && git_commit_lookup(&pc, w->repo, pid) != 0) {
				/* a shallow clone's boundary */
				git_error_clear();
				w->nodes[ni].missing = 1;
				continue;
			}
			git_commit_free(pc);
			size_t pi = S_node(w, pid, &is_new);
			int dup = 0;
			for (size_t j = 0; j < w->nodes[ni].nparents; j++)
				dup |= w->nodes[ni].parents[j] == pi;
			if (dup)
				continue;
			w->nodes[ni].parents[w->nodes[ni].nparents++] = pi;
			w->nodes[pi].children_left++;
			if (is_new) {
				if (nstack == cap) {
					cap *= 2;
					stack = xrealloc(stack, cap * sizeof *stack);
				}
				stack[nstack++] = pi;
			}
		}
		if (w->nodes[ni].missing &&
		    (w->oldest_boundary == SIZE_MAX || w->nodes[ni].time < w->nodes[w->oldest_boundary].time))
			w->oldest_boundary = ni;
		git_commit_free(c);
	}
	free(stack);
	return rc;
}

/* The heap of commits whose children have all been walked: newest first,
 * ties by id, so the order is the same on every machine. */
static int S_before(struct walk *w, size_t a, size_t b)
{
	if (w->nodes[a].time != w->nodes[b].time)
		return w->nodes[a].time > w->nodes[b].time;
	return git_oid_cmp(&w->nodes[a].oid, &w->nodes[b].oid) < 0;
}

static void S_heap_push(struct walk *w, size_t ni)
{
	size_t i = w->nheap++;
	w->heap[i] = ni;
	while (i > 0 && S_before(w, w->heap[i], w->heap[(i - 1) / 2])) {
		size_t p = (i - 1) / 2, t = w->heap[p];
		w->heap[p] = w->heap[i];
		w->heap[i] = t;
		i = p;
	}
}

static size_t S_heap_pop(struct walk *w)
{
	size_t top = w->heap[0];
	w->heap[0] = w->heap[--w->nheap];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < w->nheap && S_before(w, w->heap[l], w->heap[m]))
			m = l;
		if (r < w->nheap && S_before(w, w->heap[r], w->heap[m]))
			m = r;
		if (m == i)
			break;
		size_t t = w->heap[m];
		w->heap[m] = w->heap[i];
		w->heap[i] = t;
		i = m;
	}
	return top;
}

static struct hcommit *S_commit_record(struct walk *w, git_commit *c, size_t seq)
{
	struct history *h = w->h;
	struct hcommit *hc = arena_alloc(&h->arena, sizeof *hc);
	hc->seq = seq;
	git_oid_tostr(hc->pub.id, sizeof hc->pub.id, git_commit_id(c));
	git_signature *sig = NULL;
	const git_signature *author = git_commit_author(c);
	if (w->mailmap && git_commit_author_with_mailmap(&sig, c, w->mailmap) == 0)
		author = sig;
	hc->pub.time = (long long)author->when.time;
	hc->pub.tz_minutes = author->when.offset;
	hc->pub.author = S_clean(&h->arena, author->name ? author->name : "");
	git_signature_free(sig);
	const char *summary = git_commit_summary(c);
	hc->pub.message = S_clean(&h->arena, summary ? summary : "");
	return hc;
}

static void S_touch(struct hfile *f, struct hcommit *hc)
{
	if (f->pub.nrevs > 0 && f->pub.revs[f->pub.nrevs - 1] == &hc->pub)
		return;
	if (f->pub.nrevs == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 4;
		f->pub.revs = xrealloc(f->pub.revs, f->cap * sizeof *f->pub.revs);
	}
	f->pub.revs[f->pub.nrevs++] = &hc->pub;
}

/* One change between a parent's tree and a commit's. */
enum change_status { CHANGE_ADDED, CHANGE_MODIFIED, CHANGE_DELETED, CHANGE_RENAMED };

struct change {
	const char *path;     /* in the commit */
	const char *old_path; /* CHANGE_RENAMED: in the parent */
	enum change_status status;
	git_oid oid;          /* the blob: new, or old for CHANGE_DELETED */
};

struct changes {
	struct change *v;
	size_t n, cap;
};

static void S_change(struct arena *a, struct changes *c, const char *dir, const git_tree_entry *e,
		     enum change_status st)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	struct change *ch = &c->v[c->n++];
	ch->path = arena_printf(a, "%s%s", dir, git_tree_entry_name(e));
	ch->old_path = NULL;
	ch->status = st;
	git_oid_cpy(&ch->oid, git_tree_entry_id(e));
}

/* 1 when the folder dir ("content/vi/") can hold files of the prefix. */
static int S_dir_in_prefix(const char *prefix, const char *dir)
{
	if (prefix == NULL)
		return 1;
	size_t n = strlen(dir), p = strlen(prefix);
	return strncmp(dir, prefix, n < p ? n : p) == 0;
}

static int S_file_in_prefix(const char *prefix, const char *path)
{
	return prefix == NULL || strncmp(path, prefix, strlen(prefix)) == 0;
}

/* The changes from tree a to tree b (either may be NULL: empty) below
 * folder dir ("" or "content/vi/").  Subtrees with the same id on both
 * sides are skipped without being read: most commits change a few files
 * of a large tree, so this is where the walk saves its time (libgit2's
 * tree diff reads every entry of both trees). */
static int S_tree_diff(struct walk *w, struct arena *a, git_tree *ta, git_tree *tb, const char *dir,
		       struct changes *out)
{
	size_t na = ta ? git_tree_entrycount(ta) : 0, nb = tb ? git_tree_entrycount(tb) : 0, i = 0, j = 0;
	int rc = 0;
	while (rc == 0 && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(ta, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(tb, j) : NULL;
		int cmp = ea == NULL ? 1 : eb == NULL ? -1 : git_tree_entry_cmp(ea, eb);
		const git_tree_entry *e = cmp <= 0 ? ea : eb;
		if (cmp < 0)
			i++;
		else if (cmp > 0)
			j++;
		else {
			i++;
			j++;
			if (git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
			    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
				continue;
		}
		git_filemode_t mode = git_tree_entry_filemode(e);
		if (mode == GIT_FILEMODE_COMMIT)
			continue;
		if (mode == GIT_FILEMODE_TREE) {
			char *sub = xasprintf("%s%s/", dir, git_tree_entry_name(e));
			if (S_dir_in_prefix(w->prefix, sub)) {
				git_tree *sa = NULL, *sb = NULL;
				if ((cmp <= 0 && (sa = S_tree(w, git_tree_entry_id(ea), sub, w->side_a)) == NULL) ||
				    (cmp >= 0 && (sb = S_tree(w, git_tree_entry_id(eb), sub, w->side_b)) == NULL))
					rc = -1;
				else
					rc = S_tree_diff(w, a, sa, sb, sub, out);
			}
			free(sub);
			continue;
		}
		char *path = xasprintf("%s%s", dir, git_tree_entry_name(e));
		if (S_file_in_prefix(w->prefix, path))
			S_change(a, out, dir, e, cmp < 0 ? CHANGE_DELETED : cmp > 0 ? CHANGE_ADDED : CHANGE_MODIFIED);
		free(path);
	}
	return rc;
}

/* Lists the files of tree t, the folder dir of the source's commit,
 * that are within the prefix. */
static int S_list_files(struct walk *w, git_tree *t, const char *dir, const git_oid *commit)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < git_tree_entrycount(t); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		git_filemode_t mode = git_tree_entry_filemode(e);
		char *path = xasprintf("%s%s", dir, git_tree_entry_name(e));
		if (mode == GIT_FILEMODE_TREE) {
			char *sub = xasprintf("%s/", path);
			git_tree *st = NULL;
			if (S_dir_in_prefix(w->prefix, sub))
				rc = (st = S_tree(w, git_tree_entry_id(e), sub, commit))
				         ? S_list_files(w, st, sub, commit)
				         : -1;
			free(sub);
		} else if (mode != GIT_FILEMODE_COMMIT && S_file_in_prefix(w->prefix, path)) {
			struct hfile *f = arena_alloc(&w->h->arena, sizeof *f);
			f->pub.path = arena_strdup(&w->h->arena, path);
			map_put(&w->h->files, path, f); /* S_tree refused a tree with two of a name */
			w->h->nfiles++;
			w->unborn++;
		}
		free(path);
	}
	return rc;
}

#define RENAME_SIMILARITY 50   /* percent, as git's default */
#define RENAME_LIMIT 1000      /* added or deleted files beyond which only exact renames are found */

struct pair {
	size_t add, del;
	int score;
};

static int S_cmp_pairs(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->add != b->add)
		return a->add < b->add ? -1 : 1;
	return a->del < b->del ? -1 : a->del > b->del;
}

static git_hashsig *S_hashsig(struct walk *w, const git_oid *oid)
{
	git_blob *blob = NULL;
	git_hashsig *sig = NULL;
	if (git_blob_lookup(&blob, w->repo, oid) == 0 &&
	    git_hashsig_create(&sig, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
			       GIT_HASHSIG_SMART_WHITESPACE | GIT_HASHSIG_ALLOW_SMALL_FILES) != 0)
		sig = NULL;
	git_error_clear();
	git_blob_free(blob);
	return sig;
}

/* Turns added and deleted files of one edge into renames: the same blob
 * first, then the most similar contents (at least RENAME_SIMILARITY %). */
static void S_find_renames(struct walk *w, struct changes *c)
{
	size_t *adds = xmalloc((c->n ? c->n : 1) * sizeof *adds), *dels = xmalloc((c->n ? c->n : 1) * sizeof *dels);
	size_t na = 0, nd = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (c->v[i].status == CHANGE_ADDED)
			adds[na++] = i;
		else if (c->v[i].status == CHANGE_DELETED)
			dels[nd++] = i;
	}
	if (na == 0 || nd == 0)
		goto out;
	/* exact: the same blob (a map, as a section moved whole is thousands) */
	struct map by_blob = MAP_INIT; /* hex id -> index in dels + 1 of the first deletion */
	size_t *next = xmalloc(nd * sizeof *next);
	for (size_t k = nd; k-- > 0;) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof hex, &c->v[dels[k]].oid);
		uintptr_t first = (uintptr_t)map_get(&by_blob, hex);
		next[k] = first ? (size_t)first - 1 : SIZE_MAX;
		map_put(&by_blob, hex, (void *)(uintptr_t)(k + 1));
	}
	for (size_t i = 0; i < na; i++) {
		char hex[GIT_OID_HEXSZ + 1];
		struct change *add = &c->v[adds[i]];
		git_oid_tostr(hex, sizeof hex, &add->oid);
		uintptr_t first = (uintptr_t)map_get(&by_blob, hex);
		for (size_t k = first ? (size_t)first - 1 : SIZE_MAX; k != SIZE_MAX; k = next[k]) {
			struct change *del = &c->v[dels[k]];
			if (del->status != CHANGE_DELETED)
				continue;
			add->status = CHANGE_RENAMED;
			add->old_path = del->path;
			del->status = CHANGE_MODIFIED; /* consumed: see below */
			del->path = NULL;
			break;
		}
	}
	free(next);
	map_free(&by_blob);
	size_t ra = 0, rd = 0;
	for (size_t i = 0; i < na; i++)
		if (c->v[adds[i]].status == CHANGE_ADDED)
			adds[ra++] = adds[i];
	for (size_t k = 0; k < nd; k++)
		if (c->v[dels[k]].status == CHANGE_DELETED)
			dels[rd++] = dels[k];
	if (ra > 0 && rd > 0 && ra <= RENAME_LIMIT && rd <= RENAME_LIMIT) {
		git_hashsig **sa = xcalloc(ra, sizeof *sa), **sd = xcalloc(rd, sizeof *sd);
		struct pair *pairs = xmalloc(ra * rd * sizeof *pairs);
		size_t np = 0;
		for (size_t i = 0; i < ra; i++)
			sa[i] = S_hashsig(w, &c->v[adds[i]].oid);
		for (size_t k = 0; k < rd; k++)
			sd[k] = S_hashsig(w, &c->v[dels[k]].oid);
		for (size_t i = 0; i < ra; i++)
			for (size_t k = 0; k < rd; k++) {
				int score = sa[i] && sd[k] ? git_hashsig_compare(sa[i], sd[k]) : -1;
				if (score >= RENAME_SIMILARITY)
					pairs[np++] = (struct pair){i, k, score};
			}
		qsort(pairs, np, sizeof *pairs, S_cmp_pairs);
		for (size_t p = 0; p < np; p++) {
			struct change *add = &c->v[adds[pairs[p].add]], *del = &c->v[dels[pairs[p].del]];
			if (add->status != CHANGE_ADDED || del->status != CHANGE_DELETED)
				continue;
			add->status = CHANGE_RENAMED;
			add->old_path = del->path;
			del->status = CHANGE_MODIFIED;
			del->path = NULL;
		}
		for (size_t i = 0; i < ra; i++)
			git_hashsig_free(sa[i]);
		for (size_t k = 0; k < rd; k++)
			git_hashsig_free(sd[k]);
		free(sa);
		free(sd);
		free(pairs);
	}
	/* drop the deletions that became renames */
	size_t k = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].path)
			c->v[k++] = c->v[i];
	c->n = k;
out:
	free(adds);
	free(dels);
}

/* 1 when the message of c has the trailer "Wardsite-History: skip" (any
 * case), which keeps the commit off history pages and dates. */
static int S_trailer_skip(git_commit *c)
{
	git_message_trailer_array t = {0};
	int skip = 0;
	if (git_message_trailers(&t, git_commit_message(c)) != 0) {
		git_error_clear();
		return 0;
	}
	for (size_t i = 0; i < t.count; i++)
		if (strcasecmp(t.trailers[i].key, HISTORY_TRAILER) == 0 && strcasecmp(t.trailers[i].value, "skip") == 0)
			skip = 1;
	git_message_trailer_array_free(&t);
	return skip;
}

/* 1 when c is listed in HISTORY_IGNORE_FILE or says so in its message. */
static int S_ignored(struct walk *w, git_commit *c)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, git_commit_id(c));
	return map_get(&w->ignored, hex) != NULL || S_trailer_skip(c);
}

static int S_full_id(const char *s, int len)
{
	if (len != GIT_OID_HEXSZ)
		return 0;
	for (int i = 0; i < len; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return 0;
	return 1;
}

/* Reads HISTORY_IGNORE_FILE from tree (the source's commit) into
 * w->ignored: one full commit id a line, '#' starts a comment, blank lines
 * are skipped, as `git blame --ignore-revs-file` reads it.  A line that is
 * not a commit of the repository is a warning with its line. */
static void S_read_ignored(struct walk *w, git_tree *tree)
{
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	if (git_tree_entry_bypath(&e, tree, HISTORY_IGNORE_FILE) != 0 ||
	    git_blob_lookup(&blob, w->repo, git_tree_entry_id(e)) != 0) {
		git_error_clear();
		git_tree_entry_free(e);
		return;
	}
	const char *p = git_blob_rawcontent(blob), *end = p + git_blob_rawsize(blob);
	for (int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end, *hash = memchr(p, '#', (size_t)(eol - p));
		const char *a = p, *b = hash ? hash : eol;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
			b--;
		p = nl ? nl + 1 : end;
		if (a == b)
			continue;
		int len = (int)(b - a);
		git_oid oid;
		git_commit *c = NULL;
		if (!S_full_id(a, len) || git_oid_fromstrn(&oid, a, GIT_OID_HEXSZ) != 0) {
			git_error_clear();
			diag_warning(w->d, HISTORY_IGNORE_FILE, line, 1,
				     "'%.*s' is not a full commit id (40 hexadecimal digits, as git log shows it), so no "
				     "commit is left out of the history for this line",
				     len > 60 ? 60 : len, a);
			continue;
		}
		if (git_commit_lookup(&c, w->repo, &oid) != 0) {
			git_error_clear();
			diag_warning(w->d, HISTORY_IGNORE_FILE, line, 1,
				     "%.*s is not a commit of this repository (a typo, or a commit of another clone?); "
				     "remove the line or correct the id",
				     len, a);
			continue;
		}
		git_commit_free(c);
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof hex, &oid);
		map_put(&w->ignored, hex, S_DEAD);
	}
	git_blob_free(blob);
	git_tree_entry_free(e);
}

/* Hands one commit's changes to the files and its names to its parents. */
static int S_visit(struct walk *w, size_t ni, size_t seq)
{
	struct node *n = &w->nodes[ni];
	struct history *h = w->h;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	size_t nd = n->nparents ? n->nparents : 1;
	struct changes *edges = xcalloc(nd, sizeof *edges);
	struct arena tmp = ARENA_INIT;
	struct hcommit *hc = NULL;
	struct map seen = MAP_INIT; /* merges: path -> number of parents it differs from */
	int skip = -1;              /* ignored: no revision of any file; -1: not asked yet */
	int rc = -1;

	S_trees_free(&w->trees_before);
	w->trees_before = w->trees_now;
	memset(&w->trees_now, 0, sizeof w->trees_now);
	if (git_commit_lookup(&c, w->repo, &n->oid) != 0) {
		S_git_fail(w, "a commit");
		goto out;
	}
	if ((tree = S_tree(w, git_commit_tree_id(c), "", &n->oid)) == NULL)
		goto out;
	w->side_b = &n->oid;
	for (size_t k = 0; k < nd; k++) {
		git_commit *pc = NULL;
		git_tree *pt = NULL;
		if (n->nparents > 0) {
			if (git_commit_lookup(&pc, w->repo, &w->nodes[n->parents[k]].oid) != 0) {
				S_git_fail(w, "a parent commit");
				goto out;
			}
			pt = S_tree(w, git_commit_tree_id(pc), "", &w->nodes[n->parents[k]].oid);
			git_commit_free(pc);
			w->side_a = &w->nodes[n->parents[k]].oid;
			if (pt == NULL)
				goto out;
		}
		if (S_tree_diff(w, &tmp, pt, tree, "", &edges[k]) < 0)
			goto out;
		if (pt)
			S_find_renames(w, &edges[k]);
	}
	/* which paths this commit changed: for a merge, those that differ
	 * from every parent */
	for (size_t k = 0; k < nd; k++) {
		for (size_t i = 0; i < edges[k].n; i++) {
			const struct change *ch = &edges[k].v[i];
			if (ch->status == CHANGE_DELETED)
				continue;
			int added = ch->status == CHANGE_ADDED;
			if (nd > 1) {
				/* count in the low bits, "added everywhere" in bit 24 */
				uintptr_t v = (uintptr_t)map_get(&seen, ch->path);
				uintptr_t cnt = (v & 0xffffff) + 1;
				uintptr_t all_added = k == 0 ? (uintptr_t)added : ((v >> 24) & 1) & (uintptr_t)added;
				map_put(&seen, ch->path, (void *)(cnt | all_added << 24));
				if (cnt < nd)
					continue;
				added = (int)all_added;
			}
			struct hfile *f = S_resolve(h, n->names, ch->path);
			if (f == NULL || f->born)
				continue;
			if (skip < 0)
				skip = S_ignored(w, c);
			if (!skip) {
				if (hc == NULL)
					hc = S_commit_record(w, c, seq);
				S_touch(f, hc);
			}
			if (added) {
				f->born = 1;
				w->unborn--;
			}
		}
	}
	if (hc)
		h->ncommits++;
	/* what the names are on the side of each parent */
	for (size_t k = 0; k < n->nparents; k++) {
		struct aset *edge = NULL;
		for (size_t i = 0; i < edges[k].n; i++) {
			const struct change *ch = &edges[k].v[i];
			if (ch->status != CHANGE_RENAMED)
				continue;
			if (edge == NULL)
				edge = S_aset_copy(n->names);
			struct hfile *f = S_resolve(h, n->names, ch->path);
			map_put(&edge->m, ch->old_path, f ? (void *)f : S_DEAD);
			map_put(&edge->m, ch->path, S_DEAD);
		}
		if (edge == NULL && n->names) {
			edge = n->names;
			edge->refs++;
		}
		struct node *p = &w->nodes[n->parents[k]];
		S_aset_merge(&p->names, edge);
		if (--p->children_left == 0)
			S_heap_push(w, n->parents[k]);
	}
	rc = 0;
out:
	map_free(&seen);
	for (size_t k = 0; k < nd; k++)
		free(edges[k].v);
	free(edges);
	arena_free(&tmp);
	git_commit_free(c);
	return rc;
}

static int S_cmp_files(const void *a, const void *b)
{
	return strcmp((*(struct hfile *const *)a)->pub.path, (*(struct hfile *const *)b)->pub.path);
}

/* Distinct authors of f's revisions, oldest first. */
static void S_authors(struct history *h, struct history_file *f)
{
	f->authors = arena_alloc(&h->arena, (f->nrevs ? f->nrevs : 1) * sizeof *f->authors);
	for (size_t i = f->nrevs; i-- > 0;) {
		const char *a = f->revs[i]->author;
		size_t k = 0;
		while (k < f->nauthors && strcmp(f->authors[k], a) != 0)
			k++;
		if (k == f->nauthors)
			f->authors[f->nauthors++] = a;
	}
}

/* Says that h comes from a shallow clone: a warning, or an error when
 * strict (the dates, history pages and reports would be wrong). */
static void S_say_shallow(const struct history *h, int strict, struct diag *d)
{
	diag_at(d, strict ? DIAG_ERROR : DIAG_WARNING, NULL, 0, 0,
		"the repository is a shallow clone: its history starts at commit %s of %04d-%02d-%02d, so older pages "
		"seem to be created then (fetch the whole history for true dates: git fetch --unshallow, "
		"or fetch-depth: 0 in CI)",
		h->shallow_id, h->shallow_date.year, h->shallow_date.month, h->shallow_date.day);
}

static void S_note_shallow(struct walk *w)
{
	struct node *n = &w->nodes[w->oldest_boundary];
	w->h->shallow = 1;
	text_date_from_epoch(n->time, n->tz_minutes, &w->h->shallow_date);
	git_oid_tostr(w->h->shallow_id, sizeof w->h->shallow_id, &n->oid);
}

int history_load(struct history **out, struct source *src, const char *prefix, int strict, struct diag *d)
{
	struct history *h = xcalloc(1, sizeof *h);
	struct walk w = {.h = h, .repo = source_repository(src), .d = d, .prefix = prefix};
	unsigned char raw[20];
	git_oid start;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	int rc = -1;

	*out = NULL;
	h->refs = 1;
	/* a commit the source refused (a tree git never writes) is reported by
	 * site_load(); there is no history to read from it */
	if (source_commit(src, raw) < 0 || source_nbad(src) > 0) {
		*out = h;
		return 0;
	}
	memcpy(start.id, raw, 20);
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, &start);
	h->key = xasprintf("%s\n%s\n%s", git_repository_commondir(w.repo), hex, prefix ? prefix : "");
	if (S_last && strcmp(S_last->key, h->key) == 0) {
		history_free(h);
		S_last->refs++;
		if (S_last->shallow)
			S_say_shallow(S_last, strict, d);
		*out = S_last;
		return 0;
	}
	if (git_commit_lookup(&c, w.repo, &start) != 0) {
		S_git_fail(&w, "the commit");
		goto out;
	}
	if ((tree = S_tree(&w, git_commit_tree_id(c), "", &start)) == NULL || S_list_files(&w, tree, "", &start) < 0)
		goto out;
	S_read_ignored(&w, tree);
	if (git_mailmap_from_repository(&w.mailmap, w.repo) != 0) {
		git_error_clear();
		w.mailmap = NULL;
	}
	if (S_discover(&w, &start) < 0)
		goto out;
	if (w.oldest_boundary != SIZE_MAX) {
		S_note_shallow(&w);
		S_say_shallow(h, strict, d);
	}
	w.heap = xmalloc(w.nnodes * sizeof *w.heap);
	S_heap_push(&w, 0);
	/* once every file's creation is seen, older commits can add nothing */
	for (size_t seq = 0; w.nheap > 0 && w.unborn > 0; seq++)
		if (S_visit(&w, S_heap_pop(&w), seq) < 0)
			goto out;
	h->sorted = arena_alloc(&h->arena, (h->nfiles ? h->nfiles : 1) * sizeof *h->sorted);
	size_t k = 0;
	for (size_t i = 0; i < h->files.cap; i++)
		if (h->files.slots[i].key)
			h->sorted[k++] = h->files.slots[i].value;
	qsort(h->sorted, h->nfiles, sizeof *h->sorted, S_cmp_files);
	for (size_t i = 0; i < h->nfiles; i++)
		S_authors(h, &h->sorted[i]->pub);
	rc = 0;
out:
	for (size_t i = 0; i < w.nnodes; i++) {
		free(w.nodes[i].parents);
		S_aset_release(w.nodes[i].names);
	}
	free(w.nodes);
	free(w.heap);
	map_free(&w.index);
	map_free(&w.ignored);
	S_trees_free(&w.trees_now);
	S_trees_free(&w.trees_before);
	git_mailmap_free(w.mailmap);
	git_commit_free(c);
	if (rc < 0) {
		history_free(h);
		return -1;
	}
	history_free(S_last);
	S_last = h;
	h->refs++;
	*out = h;
	return 0;
}

void history_free(struct history *h)
{
	if (h == NULL || --h->refs > 0)
		return;
	free(h->key);
	for (size_t i = 0; i < h->files.cap; i++)
		if (h->files.slots[i].key)
			free(((struct hfile *)h->files.slots[i].value)->pub.revs);
	for (size_t i = 0; i < h->folders.cap; i++)
		if (h->folders.slots[i].key && h->folders.slots[i].value != S_DEAD)
			free(((struct hfile *)h->folders.slots[i].value)->pub.revs);
	map_free(&h->files);
	map_free(&h->folders);
	arena_free(&h->arena);
	free(h);
}

const struct history_file *history_find(struct history *h, const char *path)
{
	struct hfile *f = map_get(&h->files, path);
	return f && f->pub.nrevs > 0 ? &f->pub : NULL;
}

int history_newer(const struct history_commit *a, const struct history_commit *b)
{
	/* the walk goes from the newest commit back: a smaller seq is newer */
	return ((const struct hcommit *)a)->seq < ((const struct hcommit *)b)->seq;
}

static int S_cmp_seq(const void *a, const void *b)
{
	const struct hcommit *x = *(const struct hcommit *const *)a, *y = *(const struct hcommit *const *)b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

const struct history_file *history_folder(struct history *h, const char *dir)
{
	void *cached = map_get(&h->folders, dir);
	if (cached)
		return cached == S_DEAD ? NULL : cached;
	char *prefix = xasprintf("%s/", dir);
	size_t plen = strlen(prefix), lo = 0, hi = h->nfiles;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(h->sorted[mid]->pub.path, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	struct hfile *m = arena_alloc(&h->arena, sizeof *m);
	m->pub.path = arena_strdup(&h->arena, dir);
	for (size_t i = lo; i < h->nfiles && strncmp(h->sorted[i]->pub.path, prefix, plen) == 0; i++)
		for (size_t r = 0; r < h->sorted[i]->pub.nrevs; r++) {
			if (m->pub.nrevs == m->cap) {
				m->cap = m->cap ? m->cap * 2 : 8;
				m->pub.revs = xrealloc(m->pub.revs, m->cap * sizeof *m->pub.revs);
			}
			m->pub.revs[m->pub.nrevs++] = h->sorted[i]->pub.revs[r];
		}
	free(prefix);
	if (m->pub.nrevs == 0) {
		map_put(&h->folders, dir, S_DEAD);
		return NULL;
	}
	/* newest first, each commit once */
	qsort(m->pub.revs, m->pub.nrevs, sizeof *m->pub.revs, S_cmp_seq);
	size_t k = 0;
	for (size_t i = 0; i < m->pub.nrevs; i++)
		if (k == 0 || m->pub.revs[k - 1] != m->pub.revs[i])
			m->pub.revs[k++] = m->pub.revs[i];
	m->pub.nrevs = k;
	S_authors(h, &m->pub);
	map_put(&h->folders, dir, m);
	return &m->pub;
}

size_t history_commits(const struct history *h)
{
	return h->ncommits;
}

int history_shallow(const struct history *h)
{
	return h->shallow;
}
