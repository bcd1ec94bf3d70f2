/* diag: the one sink for every problem of a build.
 *
 * Each diagnostic is printed at once as "path:line:col: error: message"
 * (line and col left out when unknown) and counted, so an editor sees every
 * mistake of a build in one run.  Functions that fail record a diagnostic
 * here and return -1 or NULL; only main.c turns counts into exit codes. */
#ifndef WARDSITE_DIAG_H
#define WARDSITE_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#include "map.h"

enum diag_severity { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/* One diagnostic as recorded with keep set (strings owned by the sink). */
struct diag_entry {
	enum diag_severity sev;
	char *path;    /* NULL: about the whole build */
	int line, col; /* 0 when unknown */
	char *message; /* without "path:line:col: error: " */
};

struct diag {
	FILE *out;      /* where messages go; stderr in the program */
	int errors;
	int warnings;
	int suppressed; /* repeats of an identical message not printed again */
	struct map seen;
	int keep; /* set by the caller: every printed diagnostic is also kept in entries */
	struct diag_entry *entries;
	size_t nentries;
};

void diag_init(struct diag *d, FILE *out);
/* Frees what d holds (the entries kept too); d itself is the caller's. */
void diag_free(struct diag *d);

/* Records and prints one diagnostic.  path may be NULL (a message about the
 * whole build), line and col 0 when unknown. */
void diag_at(struct diag *d, enum diag_severity sev, const char *path, int line, int col,
	     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diag_vat(struct diag *d, enum diag_severity sev, const char *path, int line, int col,
	      const char *fmt, va_list ap);

/* Like diag_at, but an identical (path, line, message) already printed is
 * only counted: a template bug hit by 10,000 pages prints once. */
void diag_once(struct diag *d, enum diag_severity sev, const char *path, int line, int col,
	       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Counts one diagnostic of severity sev that is not printed (a plugin's
 * warning past the first few of its kind): it counts as an error or a
 * warning, and as suppressed. */
void diag_count(struct diag *d, enum diag_severity sev);

#define diag_error(d, path, line, col, ...) diag_at((d), DIAG_ERROR, (path), (line), (col), __VA_ARGS__)
#define diag_warning(d, path, line, col, ...) diag_at((d), DIAG_WARNING, (path), (line), (col), __VA_ARGS__)

#endif
