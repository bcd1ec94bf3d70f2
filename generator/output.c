#define _GNU_SOURCE
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "msg.h"
#include "map.h"
#include "msg.h"
#include "xalloc.h"

/* A file for the writer thread: write data to rel, or (data NULL) link
 * the previous output's rel into the new tree. */
struct S_job {
	struct S_job *next;
	char *rel;
	char *data;
	size_t len;
};

/* Files are written by one thread of their own, so that the system calls
 * of making folders and files (a third of a cold build) overlap with
 * rendering.  The build thread checks paths and records what is written;
 * the writer makes folders, compares with the previous output, writes and
 * counts.  Its errors wait in errors until output_flush hands them to the
 * diagnostics, which are not shared between threads. */
#define S_QUEUE_BYTES (32u << 20) /* the most bytes waiting to be written */

struct output {
	char *out;      /* the live folder */
	char *staging;  /* where this build writes */
	int reuse;      /* staging is the spare tree: it holds an older output */
	int lock_fd;    /* the staging folder, open and flock()ed while the build runs; or -1 */
	struct diag *d;
	struct map written; /* rel -> owner (owned strings) */
	size_t count;
	/* shared with the writer thread, under lock */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	pthread_t writer;
	struct S_job *head, **tail;
	size_t queued;      /* bytes in the queue */
	int busy;           /* the writer holds a job */
	int stop;
	struct buf errors;  /* lines, each a message */
	int nerrors;
	/* the writer's own */
	struct map dirs;    /* folders made */
	int full;           /* the disk is full: nothing more is written */
	struct output_stats stats;
};

static void *S_writer(void *arg);
static void S_clear(struct output *o, const char *path);
static int S_same_as_before(struct output *o, const char *rel, const void *data, size_t len, const char *path);
static int S_write_all(int fd, const char *data, size_t len);
static void S_werror(struct output *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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

/* 1 when path is folder or below it. */
static int S_within(const char *path, const char *folder)
{
	size_t n = strlen(folder);
	return strncmp(path, folder, n) == 0 && (path[n] == '\0' || path[n] == '/' || (n > 0 && folder[n - 1] == '/'));
}

/* 1 when dir is / or the home folder or a folder above it: never an
 * output, whatever it holds. */
static int S_above_home(const char *dir)
{
	char *full = realpath(dir, NULL);
	const char *h = getenv("HOME");
	char *home = h && h[0] ? realpath(h, NULL) : NULL;
	int above = full && (strcmp(full, "/") == 0 || (home && S_within(home, full)));
	free(full);
	free(home);
	return above;
}

/* 1 when the folder dir holds no entry. */
static int S_empty(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int empty = dp != NULL;
	while (empty && (e = readdir(dp)) != NULL)
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	if (dp)
		closedir(dp);
	return empty;
}

int output_check(const char *out_dir, int force, struct diag *d)
{
	struct stat st;
	if (lstat(out_dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0; /* made by the swap; what is not a folder is refused by output_commit */
	if (S_above_home(out_dir)) {
		diag_error(d, NULL, 0, 0,
			   "the output folder %s is the home folder or a folder above it: a build replaces the whole "
			   "output folder, so wardsite never builds there, not even with --force; choose a folder of "
			   "its own, such as public/",
			   out_dir);
		return -1;
	}
	char *mark = xasprintf("%s/%s", out_dir, OUTPUT_MARK);
	int marked = lstat(mark, &st) == 0 && S_ISREG(st.st_mode);
	free(mark);
	if (marked || force || S_empty(out_dir))
		return 0;
	diag_error(d, NULL, 0, 0,
		   "the output folder %s is not empty and has no .wardsite-output, so wardsite did not make it: a build "
		   "would delete everything in it; choose a new or empty folder, or add --force (once, for an output "
		   "made by an older wardsite)",
		   out_dir);
	return -1;
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


/* Takes spare as the staging folder: made when missing, locked so that
 * two builds into the same output do not share it.  0, or -1 when it
 * cannot be used (another build holds it, it is not a folder, ...). */
static int S_take_spare(struct output *o, const char *spare)
{
	if (mkdir(spare, 0755) != 0 && errno != EEXIST)
		return -1;
	int fd = open(spare, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* it must be on the file system of the output, to be swapped in */
	char *parent = xstrdup(o->out);
	char *slash = strrchr(parent, '/');
	if (slash == NULL)
		strcpy(parent, ".");
	else if (slash == parent)
		parent[1] = '\0';
	else
		*slash = '\0';
	/* the same mount, not only the same device: a bind mount of the same
	 * file system refuses a rename across it (EXDEV) */
	struct statx a, b;
	int same_fs = statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &a) == 0 &&
		      statx(AT_FDCWD, parent, 0, STATX_MNT_ID, &b) == 0 && (a.stx_mask & STATX_MNT_ID) &&
		      (b.stx_mask & STATX_MNT_ID) && a.stx_mnt_id == b.stx_mnt_id && a.stx_dev_major == b.stx_dev_major &&
		      a.stx_dev_minor == b.stx_dev_minor;
	free(parent);
	if (!same_fs || flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return -1;
	}
	o->lock_fd = fd;
	o->staging = xstrdup(spare);
	o->reuse = 1;
	return 0;
}

/* Writes OUTPUT_MARK into the staging folder (linked from the live output
 * when it says the same, so that an rsync deploy does not send it again);
 * a failure waits in the errors for output_flush, like a file's. */
static void S_mark(struct output *o, const char *site)
{
	char *path = xasprintf("%s/%s", o->staging, OUTPUT_MARK);
	char *text = xasprintf("This folder is made by wardsite, and every build replaces all of it.\n%s%s%s",
			       site ? "site: " : "", site ? site : "", site ? "\n" : "");
	map_put(&o->written, OUTPUT_MARK, xstrdup("wardsite"));
	if (S_same_as_before(o, OUTPUT_MARK, text, strlen(text), path) == 1)
		goto out;
	S_clear(o, path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	int err = fd < 0 || S_write_all(fd, text, strlen(text)) < 0 ? errno : 0;
	if (fd >= 0 && close(fd) != 0 && err == 0)
		err = errno;
	if (err)
		S_werror(o, "cannot write %s: %s", path, strerror(err));
out:
	free(text);
	free(path);
}

struct output *output_begin_reusing(const char *out_dir, const char *spare, const char *site, struct diag *d)
{
	struct output *o = xcalloc(1, sizeof *o);
	o->d = d;
	o->lock_fd = -1;
	o->out = xstrdup(out_dir);
	size_t n = strlen(o->out);
	while (n > 1 && o->out[n - 1] == '/')
		o->out[--n] = '\0';
	const char *slash = strrchr(o->out, '/');
	char *dir = slash ? xstrndup(o->out, (size_t)(slash - o->out)) : xstrdup(".");
	S_clean_leftovers(o->out, dir[0] ? dir : "/", slash ? slash + 1 : o->out);
	free(dir);
	if (spare == NULL || S_take_spare(o, spare) < 0) {
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
		/* a lock, not a name, tells a running build's folder from a leftover */
		o->lock_fd = open(o->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (o->lock_fd >= 0)
			flock(o->lock_fd, LOCK_EX | LOCK_NB);
	}
	chmod(o->staging, 0755);
	pthread_mutex_init(&o->lock, NULL);
	pthread_cond_init(&o->changed, NULL);
	o->tail = &o->head;
	S_mark(o, site);
	pthread_create(&o->writer, NULL, S_writer, o);
	return o;
}

struct output *output_begin(const char *out_dir, const char *site, struct diag *d)
{
	return output_begin_reusing(out_dir, NULL, site, d);
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

/* Records an error of the writer thread, for output_flush. */
static void S_werror(struct output *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_werror(struct output *o, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, msg_tr(fmt), ap);
	va_end(ap);
	pthread_mutex_lock(&o->lock);
	buf_printf(&o->errors, "%s\n", msg);
	o->nerrors++;
	pthread_mutex_unlock(&o->lock);
}

/* 1 when err says the disk is full: the first time, one message for the
 * whole build (every file after it would fail the same way). */
static int S_disk_full(struct output *o, const char *rel, int err)
{
	if (err != ENOSPC && err != EDQUOT)
		return 0;
	if (!o->full)
		S_werror(o,
			 msg_tr("the disk that holds %s is full (at /%s): free some space on it, or choose an --out on "
				"another disk, and build again"),
			 o->out, rel); /* printed by output_flush as "%s": translated here */
	o->full = 1;
	return 1;
}

/* Makes the folders of rel below the staging folder (writer thread). */
static int S_mkdirs(struct output *o, const char *rel)
{
	char *path = xasprintf("%s/%s", o->staging, rel);
	size_t base = strlen(o->staging) + 1;
	int rc = 0;
	for (char *p = path + base; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (map_get(&o->dirs, path) == NULL) {
			struct stat st;
			if (o->reuse && lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
				unlink(path);
			if (mkdir(path, 0755) != 0 && errno != EEXIST) {
				if (!S_disk_full(o, rel, errno))
					S_werror(o, "cannot make folder %s: %s", path, strerror(errno));
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

/* Makes path free for a new file: in a reused tree, whatever is there
 * goes (never written in place: it may be a link to the live output). */
static void S_clear(struct output *o, const char *path)
{
	struct stat st;
	if (!o->reuse || lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode))
		output_remove_tree(path);
	else
		unlink(path);
}

/* Links the previous output's file old (whose lstat is *st) to path.  In a
 * reused tree path may be that very file already: nothing to do. */
static int S_link(struct output *o, const char *old, const struct stat *st, const char *path)
{
	struct stat have;
	if (o->reuse && lstat(path, &have) == 0 && have.st_ino == st->st_ino && have.st_dev == st->st_dev)
		return 0;
	S_clear(o, path);
	return link(old, path);
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
	if (same && S_link(o, old, &st, path) == 0)
		rc = 1;
out:
	free(old);
	return rc;
}

/* Writes len bytes of data to fd; 0, or -1 with errno. */
static int S_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Writes job's file into the staging folder (writer thread). */
static void S_do_write(struct output *o, struct S_job *j)
{
	if (o->full || S_mkdirs(o, j->rel) < 0)
		return;
	char *path = xasprintf("%s/%s", o->staging, j->rel);
	if (j->data == NULL) {
		char *old = xasprintf("%s/%s", o->out, j->rel);
		struct stat st;
		if (lstat(old, &st) == 0 && S_link(o, old, &st, path) == 0)
			o->stats.unchanged++;
		else
			S_werror(o, "cannot keep %s: %s", old, strerror(errno));
		free(old);
		free(path);
		return;
	}
	switch (S_same_as_before(o, j->rel, j->data, j->len, path)) {
	case 1:
		o->stats.unchanged++;
		free(path);
		return;
	case 0:
		o->stats.changed++;
		break;
	default:
		o->stats.added++;
	}
	S_clear(o, path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		if (!S_disk_full(o, j->rel, errno))
			S_werror(o, "cannot write %s: %s", path, strerror(errno));
		free(path);
		return;
	}
	int err = S_write_all(fd, j->data, j->len) < 0 ? errno : 0;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err && !S_disk_full(o, j->rel, err))
		S_werror(o, "cannot write %s: %s", path, strerror(err));
	free(path);
}

static void *S_writer(void *arg)
{
	struct output *o = arg;
	pthread_mutex_lock(&o->lock);
	for (;;) {
		while (o->head == NULL && !o->stop)
			pthread_cond_wait(&o->changed, &o->lock);
		if (o->head == NULL)
			break;
		struct S_job *j = o->head;
		o->head = j->next;
		if (o->head == NULL)
			o->tail = &o->head;
		o->busy = 1;
		pthread_mutex_unlock(&o->lock);
		S_do_write(o, j);
		pthread_mutex_lock(&o->lock);
		o->busy = 0;
		o->queued -= j->len;
		pthread_cond_broadcast(&o->changed);
		free(j->rel);
		free(j->data);
		free(j);
	}
	pthread_mutex_unlock(&o->lock);
	return NULL;
}

/* Hands a file to the writer; waits while too many bytes are waiting. */
static void S_enqueue(struct output *o, const char *rel, const void *data, size_t len)
{
	struct S_job *j = xcalloc(1, sizeof *j);
	j->rel = xstrdup(rel);
	if (data) {
		j->data = xmalloc(len ? len : 1);
		memcpy(j->data, data, len);
		j->len = len;
	}
	pthread_mutex_lock(&o->lock);
	while (o->queued > S_QUEUE_BYTES)
		pthread_cond_wait(&o->changed, &o->lock);
	*o->tail = j;
	o->tail = &j->next;
	o->queued += j->len;
	pthread_cond_broadcast(&o->changed);
	pthread_mutex_unlock(&o->lock);
}

int output_flush(struct output *o)
{
	pthread_mutex_lock(&o->lock);
	while (o->head != NULL || o->busy)
		pthread_cond_wait(&o->changed, &o->lock);
	int n = o->nerrors;
	char *text = buf_detach(&o->errors);
	o->nerrors = 0;
	pthread_mutex_unlock(&o->lock);
	for (char *line = text, *nl; line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		diag_error(o->d, NULL, 0, 0, "%s", line);
	}
	free(text);
	return n ? -1 : 0;
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
	S_enqueue(o, rel, data ? data : "", len);
	o->count++;
	return 0;
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
	map_put(&o->written, rel, xstrdup(owner ? owner : "wardsite"));
	S_enqueue(o, rel, NULL, 0);
	o->count++;
	rc = 0;
out:
	free(old);
	return rc;
}

int output_exists(struct output *o, const char *rel)
{
	return map_get(&o->written, rel) != NULL;
}

size_t output_count(const struct output *o)
{
	return o->count;
}

const struct output_stats *output_stats(struct output *o)
{
	output_flush(o);
	return &o->stats;
}

/* Removing from a reused tree what this build did not write. */
static struct output *S_pruning;
static size_t S_staging_len;

static int S_prune(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	if (ftw->level == 0)
		return 0;
	if (flag == FTW_DP) {
		if (map_get(&S_pruning->dirs, path) == NULL)
			rmdir(path);
	} else if (map_get(&S_pruning->written, path + S_staging_len + 1) == NULL) {
		unlink(path);
	}
	return 0;
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

/* Stops the writer thread once everything queued is written. */
static void S_stop(struct output *o)
{
	pthread_mutex_lock(&o->lock);
	o->stop = 1;
	pthread_cond_broadcast(&o->changed);
	pthread_mutex_unlock(&o->lock);
	pthread_join(o->writer, NULL);
}

static void S_free(struct output *o)
{
	if (o->lock_fd >= 0)
		close(o->lock_fd); /* and its lock */
	buf_free(&o->errors);
	pthread_mutex_destroy(&o->lock);
	pthread_cond_destroy(&o->changed);
	for (size_t i = 0; i < o->written.cap; i++)
		free(o->written.slots[i].value);
	map_free(&o->written);
	map_free(&o->dirs);
	free(o->out);
	free(o->staging);
	free(o);
}

void output_abort(struct output *o)
{
	if (o == NULL)
		return;
	output_flush(o);
	S_stop(o);
	if (!o->reuse)
		output_remove_tree(o->staging); /* a spare tree stays for the next build */
	S_free(o);
}

/* Puts every file and folder of the staging folder on disk, before the
 * rename that makes it the output: one syncfs of its file system.  An
 * fsync of every file and folder instead made the swap of a cold build of
 * 10,000 pages 6 times slower, syncfs 1.1 times (make bench, the commit
 * message).  0, or -1 with errno. */
static int S_sync_tree(struct output *o)
{
	int fd = open(o->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = syncfs(fd);
	int err = errno;
	close(fd);
	errno = err;
	return rc;
}

/* fsync of the folder that holds path; 0, or -1 with errno. */
static int S_sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL   ? xstrdup(".")
		    : slash == path ? xstrdup("/")
				    : xstrndup(path, (size_t)(slash - path));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = fd < 0 ? -1 : fsync(fd);
	int err = errno;
	if (fd >= 0)
		close(fd);
	free(dir);
	errno = err;
	return rc;
}

/* Puts the renames of the swap on disk: the folders holding out and the
 * staging folder.  A failure is a warning: the new output is in place. */
static void S_sync_swap(struct output *o)
{
	if (S_sync_parent(o->out) < 0 || S_sync_parent(o->staging) < 0)
		diag_warning(o->d, NULL, 0, 0,
			     "%s is in place, but the disk did not confirm the swap (%s): after a power cut it may "
			     "hold the previous output",
			     o->out, strerror(errno));
}

int output_commit(struct output *o, struct output_stats *stats)
{
	int rc = 0;
	struct stat st;
	if (output_flush(o) < 0) {
		/* a file could not be written: the new output is not whole */
		S_stop(o);
		output_remove_tree(o->staging);
		S_free(o);
		return -1;
	}
	S_stop(o);
	o->stats.written = o->count;
	if (o->reuse) {
		S_pruning = o;
		S_staging_len = strlen(o->staging);
		nftw(o->staging, S_prune, 16, FTW_DEPTH | FTW_PHYS);
		S_pruning = NULL;
	}
	if (lstat(o->out, &st) == 0 && S_ISDIR(st.st_mode)) {
		S_counting = o;
		S_out_len = strlen(o->out);
		nftw(o->out, S_count_removed, 16, FTW_PHYS);
		S_counting = NULL;
	}
	if (stats)
		*stats = o->stats;
	if (S_sync_tree(o) < 0) {
		diag_error(o->d, NULL, 0, 0, "cannot write the new output to disk: %s", strerror(errno));
		output_remove_tree(o->staging);
		S_free(o);
		return -1;
	}
	if (lstat(o->out, &st) != 0) {
		if (rename(o->staging, o->out) != 0) {
			diag_error(o->d, NULL, 0, 0, "cannot move %s to %s: %s", o->staging, o->out, strerror(errno));
			output_remove_tree(o->staging);
			rc = -1;
		} else {
			S_sync_swap(o);
		}
	} else if (!S_ISDIR(st.st_mode)) {
		diag_error(o->d, NULL, 0, 0, "%s exists and is not a folder: the new output is not put in place", o->out);
		output_remove_tree(o->staging);
		rc = -1;
	} else if (renameat2(AT_FDCWD, o->staging, AT_FDCWD, o->out, RENAME_EXCHANGE) == 0) {
		/* the staging path now holds the previous output: the spare
		 * tree of the next build, or gone */
		S_sync_swap(o);
		if (!o->reuse)
			output_remove_tree(o->staging);
	} else {
		/* No RENAME_EXCHANGE (an old kernel or file system): two
		 * renames, with the old output kept until the new is in. */
		char *old;
		if (o->reuse) {
			/* beside out, where the next build looks for it */
			const char *slash = strrchr(o->out, '/');
			if (slash)
				old = xasprintf("%.*s/.%s.staging-spare.old-XXXXXX", (int)(slash - o->out), o->out, slash + 1);
			else
				old = xasprintf(".%s.staging-spare.old-XXXXXX", o->out);
		} else {
			old = xasprintf("%s.old-XXXXXX", o->staging);
		}
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
			S_sync_swap(o);
			output_remove_tree(old);
		}
		free(old);
	}
	S_free(o);
	return rc;
}
