/* wardsite: the command line.  The only place that chooses exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "diag.h"
#include "freshness.h"
#include "publish.h"
#include "report.h"
#include "scaffold.h"
#include "serve.h"

#ifndef WARDSITE_VERSION
#define WARDSITE_VERSION "0.1.0"
#endif

/* Help, one entry a command; `wardsite help` prints them all. */
static const struct {
	const char *name;
	const char *text;
} S_help[] = {
	{"build",
	 "usage: wardsite build [--repo DIR] [--ref REF] [--out DIR] [--worktree]\n"
	 "                      [--drafts] [--future] [--strict] [--quiet] [--json]\n"
	 "  reads the site from the git tree of HEAD (or --ref) of the repository that contains\n"
	 "  the current folder (or --repo) and writes it to public/ (or --out)\n"
	 "  --repo DIR   a folder inside the repository (default: .)\n"
	 "  --ref REF    a branch, tag or commit to build instead of HEAD\n"
	 "  --worktree   build the files of the work tree, with uncommitted edits\n"
	 "  --out DIR    the output folder (default: public/ at the top of the work tree)\n"
	 "  --drafts     include pages with draft: true\n"
	 "  --future     include pages dated in the future\n"
	 "  --strict     make the warnings of plugins (such as an image without alt text) errors\n"
	 "  --quiet      print only errors and warnings\n"
	 "  --json       print the summary as one JSON object (for CI)\n"},
	{"serve",
	 "usage: wardsite serve [--repo DIR] [--ref REF] [--port N] [--bind ADDR] [--drafts] [--future]\n"
	 "  builds the work tree (or --ref) and serves it on http://127.0.0.1:1313/; rebuilds on\n"
	 "  every saved change and reloads open pages; a broken file shows as an error page\n"
	 "  --port N     the port (default 1313)\n"
	 "  --bind ADDR  the address to listen on (default 127.0.0.1; 0.0.0.0 shows it on the LAN)\n"},
	{"new",
	 "usage: wardsite new SECTION \"TITLE\" [--lang LANG] [--translation-of FILE] [--slug SLUG] [--repo DIR]\n"
	 "  creates content/LANG/SECTION/SLUG.md from the section's archetype, dated today\n"
	 "  --lang LANG            the language (default: the site's default language)\n"
	 "  --translation-of FILE  the page this one translates; they share its translation_key\n"
	 "  --slug SLUG            the file name (default: from the title)\n"},
	{"publish",
	 "usage: wardsite publish [--branch NAME] [--message TEXT] [build options but --worktree]\n"
	 "  builds like build, then commits the output folder to a branch of the repository\n"
	 "  (default gh-pages) without touching the work tree, the index or HEAD\n"
	 "  --branch NAME   the branch to commit to (its previous tip is the parent)\n"
	 "  --message TEXT  the commit message's first line (default: names the source commit)\n"},
	{"report",
	 "usage: wardsite report translations [--repo DIR] [--ref REF] [--worktree] [--json]\n"
	 "  lists the content pages that have no translation in some language\n"
	 "usage: wardsite report freshness [--repo DIR] [--ref REF] [--json] [--fail-stale]\n"
	 "  lists each section of each language with its last update and whether that is older\n"
	 "  than its period (site.yaml freshness:, default 30 days)\n"
	 "  --fail-stale  exit 1 when a section is stale\n"},
	{"version", "usage: wardsite version\n  prints the version\n"},
	{"help", "usage: wardsite help [COMMAND]\n  explains the commands, or one of them\n"},
};

static const char S_exit_codes[] =
	"exit codes: 0 done; 1 the site has errors (the output was not changed), or\n"
	"            report freshness --fail-stale found a stale section;\n"
	"            2 wrong command line, repository, ref or output folder\n"
	"more: man wardsite, and README.md\n";

static int S_print_help(FILE *f, const char *command)
{
	for (size_t i = 0; i < sizeof S_help / sizeof *S_help; i++) {
		if (command && strcmp(command, S_help[i].name) != 0)
			continue;
		fputs(S_help[i].text, f);
		if (command == NULL)
			fputc('\n', f);
		else
			return 0;
	}
	if (command) {
		fprintf(stderr, "wardsite: error: no command '%s' (wardsite help lists them)\n", command);
		return 2;
	}
	fputs(S_exit_codes, f);
	return 0;
}

static int S_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "wardsite: error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (wardsite help lists the commands and options)\n");
	return 2;
}

static int S_serve(int argc, char **argv)
{
	struct serve_options opt = {0};
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **dest = NULL;
		const char *port = NULL;
		if (strcmp(a, "--repo") == 0)
			dest = &opt.repo;
		else if (strcmp(a, "--ref") == 0)
			dest = &opt.ref;
		else if (strcmp(a, "--bind") == 0)
			dest = &opt.bind;
		else if (strcmp(a, "--port") == 0)
			dest = &port;
		else if (strcmp(a, "--drafts") == 0)
			opt.drafts = 1;
		else if (strcmp(a, "--future") == 0)
			opt.future = 1;
		else
			return S_usage_error("unknown option '%s' for serve", a);
		if (dest) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return S_usage_error("%s needs a value", a);
			*dest = argv[++i];
		}
		if (port) {
			char *end;
			long p = strtol(port, &end, 10);
			if (*end || p < 1 || p > 65535)
				return S_usage_error("--port needs a number from 1 to 65535, not '%s'", port);
			opt.port = (int)p;
		}
	}
	struct diag d;
	diag_init(&d, stderr);
	int rc = serve_run(&opt, &d);
	diag_free(&d);
	return rc;
}

static int S_new(int argc, char **argv)
{
	struct scaffold_options opt = {.info = stdout};
	int positional = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **dest = NULL;
		if (strcmp(a, "--lang") == 0)
			dest = &opt.lang;
		else if (strcmp(a, "--translation-of") == 0)
			dest = &opt.translation_of;
		else if (strcmp(a, "--slug") == 0)
			dest = &opt.slug;
		else if (strcmp(a, "--repo") == 0)
			dest = &opt.repo;
		else if (a[0] == '-' && a[1] != '\0')
			return S_usage_error("unknown option '%s' for new", a);
		else if (positional == 0)
			opt.section = argv[positional++, i];
		else if (positional == 1)
			opt.title = argv[positional++, i];
		else
			return S_usage_error("new takes a section and a title, not also '%s'", a);
		if (dest) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return S_usage_error("%s needs a value", a);
			*dest = argv[++i];
		}
	}
	if (positional < 2)
		return S_usage_error("%s", "new needs a section and a title: wardsite new tin-tuc \"Tiêu đề\"");
	struct diag d;
	diag_init(&d, stderr);
	enum build_status st = scaffold_new(&opt, &d);
	diag_free(&d);
	return (int)st;
}

static int S_freshness(int argc, char **argv)
{
	struct freshness_options opt = {.out = stdout};
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
	enum freshness_status st = freshness_report(&opt, &d);
	if (st == FRESHNESS_FAILED && d.errors > 0)
		fprintf(stderr, "wardsite: %d error%s: no report\n", d.errors, d.errors == 1 ? "" : "s");
	diag_free(&d);
	return (int)st;
}

static int S_report(int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "freshness") == 0)
		return S_freshness(argc, argv);
	if (argc < 1 || strcmp(argv[0], "translations") != 0)
		return S_usage_error("%s", "report needs what to report: translations or freshness");
	struct build_options opt = {.info = stdout};
	int json = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **dest = NULL;
		if (strcmp(a, "--repo") == 0)
			dest = &opt.repo;
		else if (strcmp(a, "--ref") == 0)
			dest = &opt.ref;
		else if (strcmp(a, "--worktree") == 0)
			opt.worktree = 1;
		else if (strcmp(a, "--json") == 0)
			json = 1;
		else
			return S_usage_error("unknown option '%s' for report", a);
		if (dest) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return S_usage_error("%s needs a value", a);
			*dest = argv[++i];
		}
	}
	struct diag d;
	diag_init(&d, stderr);
	enum build_status st = report_translations(&opt, json, stdout, &d);
	diag_free(&d);
	return (int)st;
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
		else if (strcmp(a, "--json") == 0)
			opt.json = 1;
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

static int S_publish(int argc, char **argv)
{
	struct publish_options opt = {.build = {.info = stdout}};
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **dest = NULL;
		if (strcmp(a, "--branch") == 0)
			dest = &opt.branch;
		else if (strcmp(a, "--message") == 0 || strcmp(a, "-m") == 0)
			dest = &opt.message;
		else if (strcmp(a, "--repo") == 0)
			dest = &opt.build.repo;
		else if (strcmp(a, "--ref") == 0)
			dest = &opt.build.ref;
		else if (strcmp(a, "--out") == 0)
			dest = &opt.build.out;
		else if (strcmp(a, "--worktree") == 0)
			return S_usage_error("%s", "publish builds a commit: --worktree cannot be published (commit first)");
		else if (strcmp(a, "--drafts") == 0)
			opt.build.drafts = 1;
		else if (strcmp(a, "--future") == 0)
			opt.build.future = 1;
		else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
			opt.build.quiet = 1;
		else
			return S_usage_error("unknown option '%s' for publish", a);
		if (dest) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return S_usage_error("%s needs a value", a);
			*dest = argv[++i];
		}
	}
	struct diag d;
	diag_init(&d, stderr);
	enum publish_status st = publish_run(&opt, &d);
	diag_free(&d);
	return (int)st;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		S_print_help(stderr, NULL);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "build") == 0)
		return S_build(argc - 2, argv + 2);
	if (strcmp(cmd, "serve") == 0)
		return S_serve(argc - 2, argv + 2);
	if (strcmp(cmd, "new") == 0)
		return S_new(argc - 2, argv + 2);
	if (strcmp(cmd, "report") == 0)
		return S_report(argc - 2, argv + 2);
	if (strcmp(cmd, "publish") == 0)
		return S_publish(argc - 2, argv + 2);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("wardsite %s\n", WARDSITE_VERSION);
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		return S_print_help(stdout, argc > 2 ? argv[2] : NULL);
	return S_usage_error("unknown command '%s'", cmd);
}
