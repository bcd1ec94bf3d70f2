/* wardsite: the command line.  The only place that chooses exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "diag.h"

#ifndef WARDSITE_VERSION
#define WARDSITE_VERSION "0.1.0"
#endif

static const char S_usage[] =
	"usage: wardsite build [--repo DIR] [--ref REF] [--out DIR] [--worktree]\n"
	"                      [--drafts] [--future] [--strict] [--quiet]\n"
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
	"  --strict     make the warnings of plugins (such as an image without alt text) errors\n"
	"  --quiet      print only errors and warnings\n"
	"\n"
	"exit codes: 0 built; 1 the site has errors (the output was not changed);\n"
	"            2 wrong command line, repository, ref or output folder\n";

static int S_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "wardsite: error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (wardsite help lists the commands and options)\n");
	return 2;
}

static int S_build(int argc, char **argv)
{
	struct build_options opt = {.info = stdout};
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **dest = NULL;
		if (strcmp(a, "--repo") == 0)
			dest = &opt.repo;
		else if (strcmp(a, "--ref") == 0)
			dest = &opt.ref;
		else if (strcmp(a, "--out") == 0)
			dest = &opt.out;
		else if (strcmp(a, "--worktree") == 0)
			opt.worktree = 1;
		else if (strcmp(a, "--drafts") == 0)
			opt.drafts = 1;
		else if (strcmp(a, "--future") == 0)
			opt.future = 1;
		else if (strcmp(a, "--strict") == 0)
			opt.strict = 1;
		else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
			opt.quiet = 1;
		else
			return S_usage_error("unknown option '%s' for build", a);
		if (dest) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return S_usage_error("%s needs a value", a);
			*dest = argv[++i];
		}
	}
	if (opt.worktree && opt.ref)
		return S_usage_error("%s", "--worktree and --ref cannot be used together");
	struct diag d;
	diag_init(&d, stderr);
	enum build_status st = build_run(&opt, &d);
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
