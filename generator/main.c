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
	 "usage: wardsite build [--repo DIR] [--ref REF] [--out DIR] [--force] [--worktree]\n"
	 "                      [--drafts] [--future] [--strict] [--quiet] [--json]\n"
	 "  reads the site from the git tree of HEAD (or --ref) of the repository that contains\n"
	 "  the current folder (or --repo) and writes it to public/ (or --out)\n"
	 "  --repo DIR   a folder inside the repository (default: .)\n"
	 "  --ref REF    a branch, tag or commit to build instead of HEAD\n"
	 "  --worktree   build the files of the work tree, with uncommitted edits\n"
	 "  --out DIR    the output folder (default: public/ at the top of the work tree); every build\n"
	 "               replaces all of it, so a folder with files that wardsite did not make is refused\n"
	 "  --force      replace --out even so (once, for an output made by an older wardsite)\n"
	 "  --drafts     include pages with draft: true\n"
	 "  --future     include pages dated in the future\n"
	 "  --strict     make the warnings of plugins (such as an image without alt text) and\n"
	 "               links to a missing page or anchor errors\n"
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

/* One option of a command: a flag sets *flag to 1, a valued option sets
 * *value to the next argument. */
struct option {
	const char *name;   /* "--repo" */
	const char *alias;  /* "-q", or NULL */
	const char **value;
	int *flag;
};

/* Parses argv for command against opts (ended by a NULL name); up to npos
 * positional arguments go to pos, their number to *npos_got (NULL: none
 * allowed).  Returns 0, or 2 after printing what is wrong. */
static int S_parse(const char *command, int argc, char **argv, const struct option *opts, const char **pos,
		   int npos, int *npos_got)
{
	int got = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct option *o = opts;
		while (o->name && strcmp(a, o->name) != 0 && !(o->alias && strcmp(a, o->alias) == 0))
			o++;
		if (o->name == NULL) {
			if (a[0] == '-' && a[1] != '\0') {
				fprintf(stderr, "wardsite: error: unknown option '%s' for %s (wardsite help lists the commands and options)\n", a, command);
				return 2;
			}
			if (npos_got == NULL || got == npos) {
				fprintf(stderr, "wardsite: error: %s does not take '%s' (wardsite help lists the commands and options)\n", command, a);
				return 2;
			}
			pos[got++] = a;
		} else if (o->value) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return S_usage_error("%s needs a value", a);
			*o->value = argv[++i];
		} else {
			*o->flag = 1;
		}
	}
	if (npos_got)
		*npos_got = got;
	return 0;
}

static int S_serve(int argc, char **argv)
{
	struct serve_options opt = {0};
	const char *port = NULL;
	const struct option opts[] = {{"--repo", NULL, &opt.repo, NULL},     {"--ref", NULL, &opt.ref, NULL},
				      {"--bind", NULL, &opt.bind, NULL},     {"--port", NULL, &port, NULL},
				      {"--drafts", NULL, NULL, &opt.drafts}, {"--future", NULL, NULL, &opt.future},
				      {NULL, NULL, NULL, NULL}};
	if (S_parse("serve", argc, argv, opts, NULL, 0, NULL))
		return 2;
	if (port) {
		char *end;
		long p = strtol(port, &end, 10);
		if (*end || p < 1 || p > 65535)
			return S_usage_error("--port needs a number from 1 to 65535, not '%s'", port);
		opt.port = (int)p;
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
	const char *pos[2];
	int npos;
	const struct option opts[] = {{"--lang", NULL, &opt.lang, NULL},
				      {"--translation-of", NULL, &opt.translation_of, NULL},
				      {"--slug", NULL, &opt.slug, NULL},
				      {"--repo", NULL, &opt.repo, NULL},
				      {NULL, NULL, NULL, NULL}};
	if (S_parse("new", argc, argv, opts, pos, 2, &npos))
		return 2;
	if (npos < 2)
		return S_usage_error("%s", "new needs a section and a title: wardsite new tin-tuc \"Tiêu đề\"");
	opt.section = pos[0];
	opt.title = pos[1];
	struct diag d;
	diag_init(&d, stderr);
	enum build_status st = scaffold_new(&opt, &d);
	diag_free(&d);
	return (int)st;
}

static int S_report(int argc, char **argv)
{
	const char *what = argc >= 1 ? argv[0] : "";
	struct diag d;
	int rc;
	if (strcmp(what, "freshness") == 0) {
		struct freshness_options opt = {.out = stdout};
		const struct option opts[] = {{"--repo", NULL, &opt.repo, NULL},
					      {"--ref", NULL, &opt.ref, NULL},
					      {"--json", NULL, NULL, &opt.json},
					      {"--fail-stale", NULL, NULL, &opt.fail_stale},
					      {NULL, NULL, NULL, NULL}};
		if (S_parse("report freshness", argc - 1, argv + 1, opts, NULL, 0, NULL))
			return 2;
		diag_init(&d, stderr);
		enum freshness_status st = freshness_report(&opt, &d);
		if (st == FRESHNESS_FAILED && d.errors > 0)
			fprintf(stderr, "wardsite: %d error%s: no report\n", d.errors, d.errors == 1 ? "" : "s");
		rc = (int)st;
	} else if (strcmp(what, "translations") == 0) {
		struct build_options opt = {.info = stdout};
		int json = 0;
		const struct option opts[] = {{"--repo", NULL, &opt.repo, NULL},
					      {"--ref", NULL, &opt.ref, NULL},
					      {"--worktree", NULL, NULL, &opt.worktree},
					      {"--json", NULL, NULL, &json},
					      {NULL, NULL, NULL, NULL}};
		if (S_parse("report translations", argc - 1, argv + 1, opts, NULL, 0, NULL))
			return 2;
		diag_init(&d, stderr);
		rc = (int)report_translations(&opt, json, stdout, &d);
	} else {
		return S_usage_error("%s", "report needs what to report: translations or freshness");
	}
	diag_free(&d);
	return rc;
}

static int S_build(int argc, char **argv)
{
	struct build_options opt = {.info = stdout};
	const struct option opts[] = {
		{"--repo", NULL, &opt.repo, NULL},       {"--ref", NULL, &opt.ref, NULL},
		{"--out", NULL, &opt.out, NULL},         {"--worktree", NULL, NULL, &opt.worktree},
		{"--drafts", NULL, NULL, &opt.drafts},   {"--future", NULL, NULL, &opt.future},
		{"--strict", NULL, NULL, &opt.strict},   {"--quiet", "-q", NULL, &opt.quiet},
		{"--json", NULL, NULL, &opt.json},       {"--force", NULL, NULL, &opt.force},
		{NULL, NULL, NULL, NULL}};
	if (S_parse("build", argc, argv, opts, NULL, 0, NULL))
		return 2;
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
	int worktree = 0;
	const struct option opts[] = {
		{"--branch", NULL, &opt.branch, NULL},        {"--message", "-m", &opt.message, NULL},
		{"--repo", NULL, &opt.build.repo, NULL},      {"--ref", NULL, &opt.build.ref, NULL},
		{"--out", NULL, &opt.build.out, NULL},        {"--worktree", NULL, NULL, &worktree},
		{"--drafts", NULL, NULL, &opt.build.drafts},  {"--future", NULL, NULL, &opt.build.future},
		{"--quiet", "-q", NULL, &opt.build.quiet},    {"--force", NULL, NULL, &opt.build.force},
		{NULL, NULL, NULL, NULL}};
	if (S_parse("publish", argc, argv, opts, NULL, 0, NULL))
		return 2;
	if (worktree)
		return S_usage_error("%s", "publish builds a commit: --worktree cannot be published (commit first)");
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
