/* The history pass alone, for tests/bench/history.sh: loads the history of
 * HEAD of a repository (content/) once and prints the wall time in
 * seconds, the files with history and the commits that changed them.
 * Not a test. */
#include <stdio.h>
#include <time.h>

#include "history.h"
#include "source.h"

static double S_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: history-walk REPO\n");
		return 2;
	}
	struct source_options o = {.repo = argv[1]};
	struct source *src;
	char *err;
	if (source_open(&src, &o, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	struct diag d;
	diag_init(&d, stderr);
	struct history *h;
	double t0 = S_seconds();
	if (history_load(&h, src, "content/", 0, &d) < 0)
		return 1;
	double t = S_seconds() - t0;
	size_t files = 0;
	for (size_t k = 0; k < source_count(src); k++)
		files += history_find(h, source_get(src, k)->path) != NULL;
	printf("%.3f %zu %zu\n", t, files, history_commits(h));
	history_free(h);
	diag_free(&d);
	source_close(src);
	return 0;
}
