/* serve: `wardsite serve`, a preview server for the editorial board.
 *
 * Builds the work tree (or a ref) into a private folder, serves it over
 * HTTP with libmicrohttpd, watches the site's folders with inotify and
 * rebuilds on every change; open pages reload themselves through
 * server-sent events (a few lines of script added to HTML responses only,
 * never to built output).  While the last build failed, HTML pages show
 * the errors with the lines of source around them, in the page's
 * language. */
#ifndef WARDSITE_SERVE_H
#define WARDSITE_SERVE_H

#include "build.h"
#include "diag.h"

struct serve_options {
	const char *repo;   /* folder inside the repository; NULL: "." */
	const char *ref;    /* NULL: the work tree */
	const char *bind;   /* address; NULL: 127.0.0.1 */
	int port;           /* 0: 1313 */
	int drafts, future;
};

/* Serves until SIGINT or SIGTERM.  Returns 0, or 2 when the server cannot
 * start (a diagnostic says why). */
int serve_run(const struct serve_options *opt, struct diag *d);

#endif
