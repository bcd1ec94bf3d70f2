/* imgworker: the processes that decode photos, limited and filtered, and
 * the parent's side of talking to them (see imgworker.h). */
#define _GNU_SOURCE /* posix_spawn_file_actions_addclosefrom_np */
#include "imgworker.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xalloc.h"

extern char **environ;

#define ENV_NAME  "WARDSITE_IMGWORKER"
#define MAX_FRAME ((uint64_t)1 << 31)

struct imgworker {
	struct imgworker_limits lim;
	pid_t pid; /* 0: not running */
	int fd;
	double born;
};

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct imgworker *imgworker_new(const struct imgworker_limits *lim)
{
	struct imgworker *w = xcalloc(1, sizeof *w);
	w->lim = *lim;
	w->fd = -1;
	return w;
}

/* Kills the worker (when kill_it) and waits for it; its wait status. */
static int S_stop(struct imgworker *w, int kill_it)
{
	int st = 0;
	if (w->pid == 0)
		return 0;
	if (kill_it)
		kill(w->pid, SIGKILL);
	close(w->fd);
	while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
		;
	w->pid = 0;
	w->fd = -1;
	return st;
}

void imgworker_free(struct imgworker *w)
{
	if (w == NULL)
		return;
	if (w->pid) {
		/* closing the socket ends a waiting worker's loop */
		close(w->fd);
		w->fd = -1;
		int st;
		while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	free(w);
}

/* The worker's environment: the parent's, its limits, and sanitizer
 * options that let a fault be the kernel's (a signal, NULL from malloc)
 * rather than a report and exit status 1. */
static char **S_env(const struct imgworker_limits *lim)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = xcalloc(n + 3, sizeof *env);
	size_t k = 0;
	const char *asan = "";
	for (size_t i = 0; i < n; i++) {
		if (strncmp(environ[i], ENV_NAME "=", sizeof ENV_NAME) == 0)
			continue;
		if (strncmp(environ[i], "ASAN_OPTIONS=", 13) == 0) {
			asan = environ[i] + 13;
			continue;
		}
		env[k++] = xstrdup(environ[i]);
	}
	env[k++] = xasprintf(ENV_NAME "=%lld %d", lim->mem_bytes, lim->seconds);
	env[k++] = xasprintf("ASAN_OPTIONS=%s%sallocator_may_return_null=1:handle_segv=0:handle_sigbus=0:"
	                     "handle_abort=0:handle_sigfpe=0:handle_sigill=0:detect_leaks=0",
	                     asan, *asan ? ":" : "");
	env[k] = NULL;
	return env;
}

/* This program's file: readlink, which valgrind answers with the program
 * it runs (so the worker runs without it), else /proc/self/exe. */
static char *S_exe(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	if (n <= 0 || (size_t)n >= sizeof path - 1)
		return xstrdup("/proc/self/exe");
	path[n] = '\0';
	if (n > 10 && strcmp(path + n - 10, " (deleted)") == 0)
		return xstrdup("/proc/self/exe");
	return xstrdup(path);
}

/* Starts the worker: 0, or an errno. */
static int S_start(struct imgworker *w)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return errno;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	char **env = S_env(&w->lim);
	char *exe = S_exe();
	char *argv[] = {"wardsite-imgworker", NULL};
	int rc = posix_spawn(&w->pid, exe, &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	for (char **e = env; *e; e++)
		free(*e);
	free(env);
	free(exe);
	close(sv[1]);
	if (rc != 0) {
		close(sv[0]);
		w->pid = 0;
		return rc;
	}
	w->fd = sv[0];
	w->born = S_now();
	return 0;
}

/* What a dead worker's wait status means; timed_out: the parent killed it. */
static enum imgworker_fault S_fault(const struct imgworker *w, int st, int timed_out, long long *n)
{
	if (timed_out || (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU)) {
		*n = w->lim.seconds;
		return IMGWORKER_TIMEOUT;
	}
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS)
		return IMGWORKER_FORBIDDEN;
	if (WIFSIGNALED(st)) {
		*n = WTERMSIG(st);
		return IMGWORKER_CRASHED;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == IMGWORKER_EXIT_NOMEM) {
		*n = (w->lim.mem_bytes + 999999) / 1000000;
		return IMGWORKER_NOMEM;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == IMGWORKER_EXIT_SANDBOX)
		return IMGWORKER_NOSANDBOX;
	*n = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return IMGWORKER_EXITED;
}

/* The exchange of one request and its reply within the deadline: 1 when
 * the reply is whole, 0 when the worker closed its end, -1 on timeout. */
static int S_exchange(struct imgworker *w, const void *req, size_t len, struct buf *reply, double deadline)
{
	unsigned char hdr_out[8], hdr_in[8];
	uint64_t l = len;
	memcpy(hdr_out, &l, 8);
	size_t sent = 0, total = 8 + len, got = 0;
	uint64_t want = 0;
	for (;;) {
		double left = deadline - S_now();
		if (left <= 0)
			return -1;
		struct pollfd pf = {w->fd, (short)(POLLIN | (sent < total ? POLLOUT : 0)), 0};
		int r = poll(&pf, 1, (int)(left * 1000) + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue; /* the deadline is checked above */
		if (sent < total && (pf.revents & POLLOUT)) {
			const unsigned char *p = sent < 8 ? hdr_out + sent : (const unsigned char *)req + (sent - 8);
			size_t chunk = sent < 8 ? 8 - sent : total - sent;
			ssize_t k = send(w->fd, p, chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (k > 0)
				sent += (size_t)k;
			else if (k < 0 && errno != EAGAIN && errno != EINTR)
				sent = total; /* the worker is gone: its status says why */
		}
		if (!(pf.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		unsigned char tmp[65536];
		unsigned char *dst = got < 8 ? hdr_in + got : tmp;
		size_t room =
		    got < 8 ? 8 - got : (size_t)(want - (got - 8) < sizeof tmp ? want - (got - 8) : sizeof tmp);
		ssize_t k = recv(w->fd, dst, room, MSG_DONTWAIT);
		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (k <= 0)
			return 0;
		if (got >= 8)
			buf_put(reply, tmp, (size_t)k);
		got += (size_t)k;
		if (got == 8) {
			memcpy(&want, hdr_in, 8);
			if (want > MAX_FRAME)
				return 0;
			buf_grow(reply, (size_t)want);
		}
		if (got >= 8 && got - 8 == want)
			return 1;
	}
}

enum imgworker_fault imgworker_call(struct imgworker *w, const void *req, size_t len, struct buf *reply, long long *n)
{
	*n = 0;
	if (w->pid && S_now() - w->born > w->lim.seconds)
		S_stop(w, 0);
	if (w->pid == 0) {
		int e = S_start(w);
		if (e) {
			*n = e;
			return IMGWORKER_START;
		}
	}
	size_t start = reply->len;
	int r = S_exchange(w, req, len, reply, S_now() + w->lim.seconds);
	if (r == 1)
		return IMGWORKER_OK;
	reply->len = start;
	/* a worker that sent a frame too large is killed: "signal 9" */
	int timed_out = r < 0;
	int st = S_stop(w, 1);
	return S_fault(w, st, timed_out, n);
}

/* ---- inside the worker ---- */

int imgworker_is_worker(struct imgworker_limits *lim)
{
	const char *v = getenv(ENV_NAME);
	return v && sscanf(v, "%lld %d", &lim->mem_bytes, &lim->seconds) == 2 && lim->mem_bytes > 0 && lim->seconds > 0;
}

_Noreturn void imgworker_exit(int status)
{
	_exit(status);
}

static void S_nomem(size_t n)
{
	(void)n;
	imgworker_exit(IMGWORKER_EXIT_NOMEM);
}

/* The address space in use now (the program, its libraries, and under
 * ASan its shadow memory), from /proc/self/statm. */
static long long S_vm_size(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long long pages = 0;
	if (f) {
		if (fscanf(f, "%lld", &pages) != 1)
			pages = 0;
		fclose(f);
	}
	return pages * sysconf(_SC_PAGESIZE);
}

/* Allows what decoding needs and nothing else: reading the socket (fd 0),
 * writing it and stderr, memory that cannot be executable, asking for the
 * signal stack (ASan does, before every call that does not return),
 * exiting. */
static int S_seccomp(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (ctx == NULL)
		return -1;
	int rc = 0;
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(read), 1, SCMP_A0(SCMP_CMP_EQ, 0));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(write), 1, SCMP_A0(SCMP_CMP_EQ, 0));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(write), 1, SCMP_A0(SCMP_CMP_EQ, 2));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	/* a query only: ASan asks before every call that does not return */
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(sigaltstack), 1, SCMP_A0(SCMP_CMP_EQ, 0));
	static const int plain[] = {SCMP_SYS(munmap),  SCMP_SYS(mremap),     SCMP_SYS(brk),
	                            SCMP_SYS(madvise), SCMP_SYS(exit_group), SCMP_SYS(exit)};
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
		rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, plain[i], 0);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc == 0 ? 0 : -1;
}

int imgworker_sandbox(const struct imgworker_limits *lim)
{
	struct rlimit r;
	r.rlim_cur = r.rlim_max = (rlim_t)(S_vm_size() + lim->mem_bytes);
	if (setrlimit(RLIMIT_AS, &r) < 0)
		return -1;
	/* the parent replaces a worker older than lim->seconds before a
	 * request, and kills one whose request takes longer: CPU time never
	 * reaches twice that unless the parent cannot run */
	r.rlim_cur = (rlim_t)lim->seconds * 2;
	r.rlim_max = r.rlim_cur + 5;
	if (setrlimit(RLIMIT_CPU, &r) < 0)
		return -1;
	xalloc_on_failure(S_nomem);
	return S_seccomp();
}

static int S_read_all(void *p, size_t n)
{
	unsigned char *d = p;
	while (n > 0) {
		ssize_t k = read(0, d, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		d += k;
		n -= (size_t)k;
	}
	return 0;
}

static int S_write_all(const void *p, size_t n)
{
	const unsigned char *d = p;
	while (n > 0) {
		ssize_t k = write(0, d, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		d += k;
		n -= (size_t)k;
	}
	return 0;
}

int imgworker_recv(struct buf *req)
{
	uint64_t n;
	buf_reset(req);
	if (S_read_all(&n, 8) < 0 || n > MAX_FRAME)
		return -1;
	buf_grow(req, (size_t)n);
	if (S_read_all(req->data, (size_t)n) < 0)
		return -1;
	req->len = (size_t)n;
	return 0;
}

int imgworker_send(const void *data, size_t len)
{
	uint64_t n = len;
	return S_write_all(&n, 8) < 0 || S_write_all(data, len) < 0 ? -1 : 0;
}
