/* wardsite: the command line.  The only place that chooses exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "diag.h"
#include "publish.h"
#include "report.h"

#ifndef WARDSITE_VERSION
#define WARDSITE_VERSION "0.1.0"
#endif

static const char S_usage[] =
	"usage: wardsite build [--repo DIR] [--ref REF] [--out DIR] [--worktree]\n"
	"                      [--drafts] [--future] [--quiet]\n"
	"       wardsite publish [--branch NAME] [--message TEXT] [build options but --worktree]\n"
	"       wardsite report freshness [--json] [--fail-stale] [--repo DIR] [--ref REF]\n"
	"       wardsite version\n"
	"       wardsite help\n"
	"\n"
	"build     reads the site from the git tree of HEAD (or --ref) of the repository that\n"
	"          contains the current folder (or --repo) and writes it to public/ (or --out)\n"
	"  --repo DIR   a folder inside the repository (default: .)\n"
	"  --ref REF    a branch, tag or commit to build instead of HEAD\n"
	"  --worktree   build the files of the work tree, with uncommitted edits\n"
	"  --out DIR    the output folder (default: public/ at the top of the work tree)\n"
	"  --drafts     include pages with draft: true\n"
	"  --future     include pages dated in the future\n"
	"  --quiet      print only errors and warnings\n"
	"\n"
	"\n"
	"publish   builds, then commits the output folder to a branch (default gh-pages) of the\n"
	"          repository, without touching the work tree, the index or HEAD\n"
	"  --branch NAME   the branch to commit to (its previous tip is the parent)\n"
	"  --message TEXT  the commit message's first line (default: names the source commit)\n"
	"\n"
	"report freshness   lists each section of each language with its last update and\n"
	"          whether that is older than its period (site.yaml freshness:, default 30 days)\n"
	"  --json       JSON for CI instead of a table for people\n"
	"  --fail-stale exit 1 when any section is stale\n"
	"\n"
	"exit codes: 0 built (published); 1 the site has errors (the output was not changed), or\n"
	"            report --fail-stale found a stale section;\n"
	"            2 wrong command line, repository, ref or output folder\n";

static int S_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "wardsite: error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (wardsite help lists the commands and options)\n");
	return 2;
}

/* Takes build option argv[*i] (and its value) into opt.  Returns 1 when
 * it was one, 0 when it is not a build option, 2 after printing a usage
 * error. */
static int S_build_option(int argc, char **argv, int *i, struct build_options *opt)
{
	const char *a = argv[*i];
	const char **dest = NULL;
	if (strcmp(a, "--repo") == 0)
		dest = &opt->repo;
	else if (strcmp(a, "--ref") == 0)
		dest = &opt->ref;
	else if (strcmp(a, "--out") == 0)
		dest = &opt->out;
	else if (strcmp(a, "--worktree") == 0)
		opt->worktree = 1;
	else if (strcmp(a, "--drafts") == 0)
		opt->drafts = 1;
	else if (strcmp(a, "--future") == 0)
		opt->future = 1;
	else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
		opt->quiet = 1;
	else
		return 0;
	if (dest) {
		if (*i + 1 >= argc || argv[*i + 1][0] == '\0')
			return S_usage_error("%s needs a value", a);
		*dest = argv[++*i];
	}
	return 1;
}

static int S_build(int argc, char **argv)
{
	struct build_options opt = {.info = stdout};
	for (int i = 0; i < argc; i++) {
		int r = S_build_option(argc, argv, &i, &opt);
		if (r == 0)
			return S_usage_error("unknown option '%s' for build", argv[i]);
		if (r == 2)
			return 2;
	}
	if (opt.worktree && opt.ref)
		return S_usage_error("%s", "--worktree and --ref cannot be used together");
	struct diag d;
	diag_init(&d, stderr);
	enum build_status st = build_run(&opt, &d);
	diag_free(&d);
	return (int)st;
}

static int S_publish(int argc, char **argv)
{
	struct publish_options opt = {.build = {.info = stdout}};
	for (int i = 0; i < argc; i++) {
		const char **dest = NULL;
		if (strcmp(argv[i], "--branch") == 0)
			dest = &opt.branch;
		else if (strcmp(argv[i], "--message") == 0 || strcmp(argv[i], "-m") == 0)
			dest = &opt.message;
		if (dest) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return S_usage_error("%s needs a value", argv[i]);
			*dest = argv[++i];
			continue;
		}
		int r = S_build_option(argc, argv, &i, &opt.build);
		if (r == 0)
			return S_usage_error("unknown option '%s' for publish", argv[i]);
		if (r == 2)
			return 2;
	}
	if (opt.build.worktree)
		return S_usage_error("%s", "publish builds a commit: --worktree cannot be published (commit first)");
	struct diag d;
	diag_init(&d, stderr);
	enum publish_status st = publish_run(&opt, &d);
	diag_free(&d);
	return (int)st;
}

static int S_report(int argc, char **argv)
{
	struct report_options opt = {.out = stdout};
	if (argc < 1 || strcmp(argv[0], "freshness") != 0)
		return S_usage_error("%s", argc < 1 ? "report needs a kind of report: freshness"
						    : "unknown report: the one there is is 'freshness'");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **dest = NULL;
		if (strcmp(a, "--repo") == 0)
			dest = &opt.repo;
		else if (strcmp(a, "--ref") == 0)
			dest = &opt.ref;
		else if (strcmp(a, "--json") == 0)
			opt.json = 1;
		else if (strcmp(a, "--fail-stale") == 0)
			opt.fail_stale = 1;
		else
			return S_usage_error("unknown option '%s' for report freshness", a);
		if (dest) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return S_usage_error("%s needs a value", a);
			*dest = argv[++i];
		}
	}
	struct diag d;
	diag_init(&d, stderr);
	enum report_status st = report_freshness(&opt, &d);
	if (st == REPORT_FAILED && d.errors > 0)
		fprintf(stderr, "wardsite: %d error%s: no report\n", d.errors, d.errors == 1 ? "" : "s");
	diag_free(&d);
	return (int)st;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(S_usage, stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "build") == 0)
		return S_build(argc - 2, argv + 2);
	if (strcmp(cmd, "publish") == 0)
		return S_publish(argc - 2, argv + 2);
	if (strcmp(cmd, "report") == 0)
		return S_report(argc - 2, argv + 2);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("wardsite %s\n", WARDSITE_VERSION);
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(S_usage, stdout);
		return 0;
	}
	return S_usage_error("unknown command '%s'", cmd);
}
