/* A tiny test harness in the manner of cmark's api_test/harness.h: every
 * CHECK is one test; main() ends with HARNESS_DONE(), which prints
 * "N passed, N failed" and returns non-zero when anything failed. */
#ifndef WARDSITE_HARNESS_H
#define WARDSITE_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int harness_passed, harness_failed;

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (cond) {                                                                \
			harness_passed++;                                                  \
		} else {                                                                   \
			harness_failed++;                                                  \
			fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                                          \
	} while (0)

#define CHECK_STR(got, want)                                                                         \
	do {                                                                                         \
		const char *g_ = (got), *w_ = (want);                                                \
		if (g_ && w_ && strcmp(g_, w_) == 0) {                                               \
			harness_passed++;                                                            \
		} else {                                                                             \
			harness_failed++;                                                            \
			fprintf(stderr, "%s:%d: FAIL: %s\n  want: \"%s\"\n  got:  \"%s\"\n", __FILE__, \
				__LINE__, #got, w_ ? w_ : "(null)", g_ ? g_ : "(null)");             \
		}                                                                                    \
	} while (0)

#define CHECK_INT(got, want)                                                                        \
	do {                                                                                        \
		long long g_ = (long long)(got), w_ = (long long)(want);                            \
		if (g_ == w_) {                                                                     \
			harness_passed++;                                                           \
		} else {                                                                            \
			harness_failed++;                                                           \
			fprintf(stderr, "%s:%d: FAIL: %s\n  want: %lld\n  got:  %lld\n", __FILE__, __LINE__, \
				#got, w_, g_);                                                      \
		}                                                                                   \
	} while (0)

#define HARNESS_DONE()                                                         \
	do {                                                                   \
		printf("%d passed, %d failed\n", harness_passed, harness_failed); \
		return harness_failed ? 1 : 0;                                 \
	} while (0)

#endif

#ifdef HARNESS_DIAG
#include "diag.h"
/* A diagnostics sink that writes into memory: harness_diag_text() returns
 * everything printed so far. */
static char *harness_diag_buf;
static size_t harness_diag_len;
static FILE *harness_diag_fp;
static struct diag harness_d;

static struct diag *harness_diag(void)
{
	if (harness_diag_fp) {
		fclose(harness_diag_fp);
		free(harness_diag_buf);
		diag_free(&harness_d);
	}
	harness_diag_buf = NULL;
	harness_diag_fp = open_memstream(&harness_diag_buf, &harness_diag_len);
	diag_init(&harness_d, harness_diag_fp);
	return &harness_d;
}

static const char *harness_diag_text(void)
{
	fflush(harness_diag_fp);
	return harness_diag_buf ? harness_diag_buf : "";
}

static void harness_diag_end(void)
{
	if (harness_diag_fp) {
		fclose(harness_diag_fp);
		free(harness_diag_buf);
		diag_free(&harness_d);
		harness_diag_fp = NULL;
	}
}
#endif
