/* report: `wardsite report translations`: what the editorial board should
 * translate next. */
#ifndef WARDSITE_REPORT_H
#define WARDSITE_REPORT_H

#include <stdio.h>

#include "build.h"
#include "diag.h"

/* Reads the site as a build would (opt: repo, ref, worktree) and prints to
 * out, as text or JSON, every content page that lacks a translation in
 * some language of site.yaml, and every translation whose default-language
 * source was committed after the translation's last commit.  Returns BUILD_OK, BUILD_FAILED (the site has
 * errors, recorded in d) or BUILD_BAD_SOURCE. */
enum build_status report_translations(const struct build_options *opt, int json, FILE *out, struct diag *d);

#endif
