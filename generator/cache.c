#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

int cache_mkdirs(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0777) < 0 && errno != EEXIST)
		rc = -1;
	int e = errno;
	free(p);
	errno = e;
	return rc;
}

/* Removes from dir (and, with depth 1, its folders: the photos' "ab/")
 * the temporary files of writers that died before their rename: NAME.tmp.PID.TID
 * (cache_write_atomic) and NAME.tmp-PID (the build state) whose PID is not
 * a running process.  A live writer's file is left alone. */
static void S_sweep(const char *dir, int depth)
{
	DIR *dp = opendir(dir);
	if (dp == NULL)
		return;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || (e->d_name[1] == '.' && e->d_name[2] == '\0')))
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		const char *t = strstr(e->d_name, ".tmp");
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth > 0)
				S_sweep(path, depth - 1);
		} else if (t && (t[4] == '.' || t[4] == '-') && t[5] >= '0' && t[5] <= '9') {
			long pid = strtol(t + 5, NULL, 10);
			if (pid > 0 && kill((pid_t)pid, 0) < 0 && errno == ESRCH)
				unlink(path);
		}
		free(path);
	}
	closedir(dp);
}

int cache_prepare(const char *dir)
{
	static const char ignore_text[] = "# made by wardsite: the cache is not part of the site\n*\n";
	if (cache_mkdirs(dir) < 0)
		return -1;
	char *ignore = xasprintf("%s/.gitignore", dir);
	struct stat st;
	if (stat(ignore, &st) < 0)
		cache_write_atomic(ignore, ignore_text, sizeof ignore_text - 1);
	free(ignore);
	S_sweep(dir, 1); /* what builds killed half-way through a write left */
	return 0;
}

int cache_write_atomic(const char *path, const void *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp.%ld.%lx", path, (long)getpid(), (unsigned long)pthread_self());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	int rc = -1;
	if (fd >= 0) {
		const char *p = data;
		size_t left = len;
		while (left > 0) {
			ssize_t w = write(fd, p, left);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			p += w;
			left -= (size_t)w;
		}
		if (close(fd) == 0 && left == 0 && rename(tmp, path) == 0)
			rc = 0;
	}
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
