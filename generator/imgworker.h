/* imgworker: a process in which untrusted photos are decoded, so that a
 * decoder fault (a crash, a hang, a memory bomb) is an error of one photo,
 * never the end of the build.
 *
 * The parent starts the worker by running its own program again
 * (/proc/self/exe) with WARDSITE_IMGWORKER in the environment; a
 * constructor of the image module sees it before main() and serves
 * requests instead (so the wardsite binary, the unit tests and the fuzz
 * drivers all work as workers).  The worker limits itself (RLIMIT_AS: its
 * size at start plus mem_bytes; RLIMIT_CPU) and installs a seccomp filter
 * that allows reading and writing its socket, writing stderr, memory
 * without PROT_EXEC, asking for the signal stack, and exiting; anything
 * else (opening a file, a socket, fork, exec) kills it with SIGSYS.  The
 * parent enforces a wall-clock limit per request and kills the worker when
 * it passes.
 *
 * Requests and replies are frames on one socket pair: a 64-bit length,
 * then the bytes. */
#ifndef WARDSITE_IMGWORKER_H
#define WARDSITE_IMGWORKER_H

#include <stddef.h>

#include "buf.h"

/* Why a call failed. */
enum imgworker_fault {
	IMGWORKER_OK,
	IMGWORKER_CRASHED,   /* n: the signal that killed the worker */
	IMGWORKER_EXITED,    /* n: its exit status (a sanitizer's report, say) */
	IMGWORKER_TIMEOUT,   /* n: the limit in seconds */
	IMGWORKER_NOMEM,     /* n: the limit in MB */
	IMGWORKER_FORBIDDEN, /* killed by the seccomp filter */
	IMGWORKER_START,     /* n: errno of starting it */
	IMGWORKER_NOSANDBOX, /* it could not limit itself (seccomp or rlimits refused) */
};

struct imgworker_limits {
	long long mem_bytes; /* address space a request may add */
	int seconds;         /* wall-clock time of one request (CPU: the same, per life) */
};

/* The exit status of a worker whose allocation failed, and of one that
 * could not limit itself. */
#define IMGWORKER_EXIT_NOMEM   86
#define IMGWORKER_EXIT_SANDBOX 87

struct imgworker;

/* A worker with these limits, started at its first call.  Owned by the
 * caller; imgworker_free stops it.  Never NULL. */
struct imgworker *imgworker_new(const struct imgworker_limits *lim);
void imgworker_free(struct imgworker *w);

/* Sends req, waits at most lim.seconds for the reply frame and appends it
 * to *reply.  Returns IMGWORKER_OK, or the fault with *n (see the enum);
 * the worker is then stopped and the next call starts a new one.  A worker
 * that has lived longer than lim.seconds is replaced before the request,
 * so that its CPU limit is never reached by photos that were in time. */
enum imgworker_fault imgworker_call(struct imgworker *w, const void *req, size_t len, struct buf *reply, long long *n);

/* ---- inside the worker ---- */

/* 1 when this process was started as a worker, with its limits in *lim;
 * 0 otherwise. */
int imgworker_is_worker(struct imgworker_limits *lim);

/* Limits this process (RLIMIT_AS, RLIMIT_CPU), makes an allocation failure
 * exit with IMGWORKER_EXIT_NOMEM and installs the seccomp filter.  Returns
 * 0, or -1 (with errno) when a step failed: the worker then exits. */
int imgworker_sandbox(const struct imgworker_limits *lim);

/* The next request, into *req (emptied first).  Returns 0, or -1 at the
 * end of the requests (the parent closed the socket). */
int imgworker_recv(struct buf *req);

/* Sends one reply frame.  Returns 0 or -1. */
int imgworker_send(const void *data, size_t len);

/* Ends the worker with status (_exit: no atexit handlers, no leak check). */
_Noreturn void imgworker_exit(int status);

#endif
