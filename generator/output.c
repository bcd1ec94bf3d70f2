#define _GNU_SOURCE
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "map.h"
#include "xalloc.h"

struct output {
	char *out;      /* the live folder */
	char *staging;  /* where this build writes */
	int lock;       /* the staging folder, open and flock()ed while the build runs */
	struct diag *d;
	struct map written; /* rel -> owner (owned strings) */
	struct map dirs;    /* folders made */
	size_t count;
	struct output_stats stats;
};

static int S_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

int output_remove_tree(const char *dir)
{
	struct stat st;
	if (lstat(dir, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	return nftw(dir, S_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* Removes what builds killed half-way left beside out: staging folders
 * (".NAME.staging-XXXXXX": a new tree not yet swapped in, or the old one
 * being removed after the swap) whose build is not running (it holds a
 * flock on its folder), and the ".old-XXXXXX" of the two-rename fallback
 * of output_commit.  A build killed between that fallback's two renames
 * left no out at all but the complete previous output in ".old-": it is
 * put back, so that out is always the old or the new site. */
static void S_clean_leftovers(const char *out, const char *dir, const char *name)
{
	char *prefix = xasprintf(".%s.staging-", name);
	size_t plen = strlen(prefix);
	DIR *dp = opendir(dir);
	char **found = NULL;
	size_t n = 0;
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL) {
		if (strncmp(e->d_name, prefix, plen) == 0) {
			found = xrealloc(found, (n + 1) * sizeof *found);
			found[n++] = xasprintf("%s/%s", dir, e->d_name);
		}
	}
	if (dp)
		closedir(dp);
	struct stat st;
	for (size_t i = 0; i < n; i++) {
		const char *old = strstr(found[i] + strlen(dir) + 1 + plen, ".old-");
		if (old && lstat(out, &st) != 0 && errno == ENOENT && rename(found[i], out) == 0)
			continue;
		int fd = open(found[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (fd >= 0 && (old || flock(fd, LOCK_EX | LOCK_NB) == 0))
			output_remove_tree(found[i]);
		if (fd >= 0)
			close(fd);
	}
	for (size_t i = 0; i < n; i++)
		free(found[i]);
	free(found);
	free(prefix);
}

struct output *output_begin(const char *out_dir, struct diag *d)
{
	struct output *o = xcalloc(1, sizeof *o);
	o->d = d;
	o->out = xstrdup(out_dir);
	size_t n = strlen(o->out);
	while (n > 1 && o->out[n - 1] == '/')
		o->out[--n] = '\0';
	const char *slash = strrchr(o->out, '/');
	char *dir = slash ? xstrndup(o->out, (size_t)(slash - o->out)) : xstrdup(".");
	S_clean_leftovers(o->out, dir[0] ? dir : "/", slash ? slash + 1 : o->out);
	free(dir);
	if (slash)
		o->staging = xasprintf("%.*s/.%s.staging-XXXXXX", (int)(slash - o->out), o->out, slash + 1);
	else
		o->staging = xasprintf(".%s.staging-XXXXXX", o->out);
	if (mkdtemp(o->staging) == NULL) {
		diag_error(d, NULL, 0, 0, "cannot make a staging folder beside %s: %s", o->out, strerror(errno));
		free(o->out);
		free(o->staging);
		free(o);
		return NULL;
	}
	chmod(o->staging, 0755);
	/* a lock, not a name, tells a running build's folder from a leftover */
	o->lock = open(o->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->lock >= 0)
		flock(o->lock, LOCK_EX | LOCK_NB);
	return o;
}

static int S_valid_rel(const char *rel)
{
	if (rel[0] == '\0' || rel[0] == '/' || strchr(rel, '\\'))
		return 0;
	const char *p = rel;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return 1;
}

/* Makes the folders of rel below the staging folder. */
static int S_mkdirs(struct output *o, const char *rel)
{
	char *path = xasprintf("%s/%s", o->staging, rel);
	size_t base = strlen(o->staging) + 1;
	int rc = 0;
	for (char *p = path + base; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (map_get(&o->dirs, path) == NULL) {
			if (mkdir(path, 0755) != 0 && errno != EEXIST) {
				diag_error(o->d, NULL, 0, 0, "cannot make folder %s: %s", path, strerror(errno));
				rc = -1;
				break;
			}
			map_put(&o->dirs, path, o);
		}
		*p = '/';
	}
	free(path);
	return rc;
}

/* 1 when the previous output has rel with exactly these bytes and it was
 * linked to path; 0 when it has rel with other bytes; -1 when it has not. */
static int S_same_as_before(struct output *o, const char *rel, const void *data, size_t len, const char *path)
{
	char *old = xasprintf("%s/%s", o->out, rel);
	struct stat st;
	int rc = -1;
	if (lstat(old, &st) != 0 || !S_ISREG(st.st_mode))
		goto out;
	rc = 0;
	if ((size_t)st.st_size != len)
		goto out;
	int fd = open(old, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		goto out;
	char buf[65536];
	size_t off = 0;
	int same = 1;
	while (same && off < len) {
		ssize_t r = read(fd, buf, sizeof buf);
		if (r <= 0) {
			same = 0;
			break;
		}
		if ((size_t)r > len - off || memcmp(buf, (const char *)data + off, (size_t)r) != 0)
			same = 0;
		off += (size_t)r;
	}
	close(fd);
	if (same && link(old, path) == 0)
		rc = 1;
out:
	free(old);
	return rc;
}

int output_write(struct output *o, const char *rel, const void *data, size_t len, const char *owner)
{
	if (!S_valid_rel(rel)) {
		diag_error(o->d, owner, 0, 0, "refusing to write outside the output folder: '%s'", rel);
		return -1;
	}
	const char *prev = map_get(&o->written, rel);
	if (prev) {
		diag_error(o->d, owner, 0, 0, "writes /%s, which %s writes too", rel, prev);
		return -1;
	}
	map_put(&o->written, rel, xstrdup(owner ? owner : "wardsite"));
	if (S_mkdirs(o, rel) < 0)
		return -1;
	char *path = xasprintf("%s/%s", o->staging, rel);
	switch (S_same_as_before(o, rel, data, len, path)) {
	case 1:
		o->stats.unchanged++;
		o->stats.written++;
		o->count++;
		free(path);
		return 0;
	case 0:
		o->stats.changed++;
		break;
	default:
		o->stats.added++;
	}
	o->stats.written++;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	int rc = -1;
	if (fd < 0) {
		diag_error(o->d, NULL, 0, 0, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			diag_error(o->d, NULL, 0, 0, "cannot write %s: %s", path, strerror(errno));
			close(fd);
			goto out;
		}
		p += w;
		left -= (size_t)w;
	}
	if (close(fd) != 0) {
		diag_error(o->d, NULL, 0, 0, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	o->count++;
	rc = 0;
out:
	free(path);
	return rc;
}

int output_keep(struct output *o, const char *rel, const char *owner, unsigned long long size, long long mtime_s,
		long long mtime_ns)
{
	if (!S_valid_rel(rel) || map_get(&o->written, rel) != NULL)
		return -1;
	char *old = xasprintf("%s/%s", o->out, rel);
	struct stat st;
	int rc = -1;
	if (lstat(old, &st) != 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_size != size ||
	    (long long)st.st_mtim.tv_sec != mtime_s || (long long)st.st_mtim.tv_nsec != mtime_ns)
		goto out;
	if (S_mkdirs(o, rel) < 0)
		goto out;
	char *path = xasprintf("%s/%s", o->staging, rel);
	if (link(old, path) == 0) {
		map_put(&o->written, rel, xstrdup(owner ? owner : "wardsite"));
		o->stats.unchanged++;
		o->stats.written++;
		o->count++;
		rc = 0;
	}
	free(path);
out:
	free(old);
	return rc;
}

int output_stat(struct output *o, const char *rel, unsigned long long *size, long long *mtime_s, long long *mtime_ns)
{
	char *path = xasprintf("%s/%s", o->staging, rel);
	struct stat st;
	int rc = lstat(path, &st);
	free(path);
	if (rc != 0)
		return -1;
	*size = (unsigned long long)st.st_size;
	*mtime_s = (long long)st.st_mtim.tv_sec;
	*mtime_ns = (long long)st.st_mtim.tv_nsec;
	return 0;
}

int output_exists(struct output *o, const char *rel)
{
	return map_get(&o->written, rel) != NULL;
}

size_t output_count(const struct output *o)
{
	return o->count;
}

const struct output_stats *output_stats(const struct output *o)
{
	return &o->stats;
}

/* Counting the files of the previous output that this build did not
 * write: nftw has no user pointer, hence the file-scope state. */
static struct output *S_counting;
static size_t S_out_len;

static int S_count_removed(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_F && map_get(&S_counting->written, path + S_out_len + 1) == NULL)
		S_counting->stats.removed++;
	return 0;
}

static void S_free(struct output *o)
{
	for (size_t i = 0; i < o->written.cap; i++)
		free(o->written.slots[i].value);
	map_free(&o->written);
	map_free(&o->dirs);
	if (o->lock >= 0)
		close(o->lock);
	free(o->out);
	free(o->staging);
	free(o);
}

void output_abort(struct output *o)
{
	if (o == NULL)
		return;
	output_remove_tree(o->staging);
	S_free(o);
}

int output_commit(struct output *o, struct output_stats *stats)
{
	int rc = 0;
	struct stat st;
	if (lstat(o->out, &st) == 0 && S_ISDIR(st.st_mode)) {
		S_counting = o;
		S_out_len = strlen(o->out);
		nftw(o->out, S_count_removed, 16, FTW_PHYS);
		S_counting = NULL;
	}
	if (stats)
		*stats = o->stats;
	if (lstat(o->out, &st) != 0) {
		if (rename(o->staging, o->out) != 0) {
			diag_error(o->d, NULL, 0, 0, "cannot move %s to %s: %s", o->staging, o->out, strerror(errno));
			output_remove_tree(o->staging);
			rc = -1;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		diag_error(o->d, NULL, 0, 0, "%s exists and is not a folder: the new output is not put in place", o->out);
		output_remove_tree(o->staging);
		rc = -1;
	} else if (renameat2(AT_FDCWD, o->staging, AT_FDCWD, o->out, RENAME_EXCHANGE) == 0) {
		/* the staging path now holds the previous output */
		output_remove_tree(o->staging);
	} else {
		/* No RENAME_EXCHANGE (an old kernel or file system): two
		 * renames, with the old output kept until the new is in. */
		char *old = xasprintf("%s.old-XXXXXX", o->staging);
		if (mkdtemp(old) == NULL || rmdir(old) != 0 || rename(o->out, old) != 0) {
			diag_error(o->d, NULL, 0, 0, "cannot move %s aside: %s", o->out, strerror(errno));
			output_remove_tree(o->staging);
			rc = -1;
		} else if (rename(o->staging, o->out) != 0) {
			diag_error(o->d, NULL, 0, 0, "cannot move %s to %s: %s", o->staging, o->out, strerror(errno));
			rename(old, o->out);
			output_remove_tree(o->staging);
			rc = -1;
		} else {
			output_remove_tree(old);
		}
		free(old);
	}
	S_free(o);
	return rc;
}
