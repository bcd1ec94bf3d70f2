/* wardsite: the command line.  The only place that chooses exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board.h"
#include "build.h"
#include "diag.h"
#include "msg.h"
#include "freshness.h"
#include "init.h"
#include "msg.h"
#include "publish.h"
#include "report.h"
#include "scaffold.h"
#include "serve.h"
#include "xalloc.h"

#ifndef WARDSITE_VERSION
#define WARDSITE_VERSION "0.1.0"
#endif

/* Help, one entry a command; `wardsite help` prints them all. */
static const struct {
	const char *name;
	const char *text;
} S_help[] = {
	{"build",
	 MSG_N("usage: wardsite build [--repo DIR] [--ref REF] [--out DIR] [--force] [--worktree]\n"
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
	 "  --json       print the summary as one JSON object (for CI)\n")},
	{"serve",
	 MSG_N("usage: wardsite serve [--repo DIR] [--ref REF] [--port N] [--bind ADDR] [--drafts] [--future]\n"
	 "  builds the work tree (or --ref) and serves it on http://127.0.0.1:1313/; rebuilds on\n"
	 "  every saved change and reloads open pages; a broken file shows as an error page\n"
	 "  --port N     the port (default 1313)\n"
	 "  --bind ADDR  the address to listen on (default 127.0.0.1; 0.0.0.0 shows it on the LAN)\n")},
	{"init",
	 MSG_N("usage: wardsite init [DIR] [--name NAME] [--name-en NAME] [--base-url URL]\n"
	 "                     [--email EMAIL] [--phone PHONE] [--address ADDRESS]\n"
	 "  makes a new portal repository in DIR (new or empty; default: the current folder)\n"
	 "  that builds at once: site.yaml, the sections in Vietnamese and English with their\n"
	 "  archetypes, data/ward.yaml with the contacts, .gitignore, CI files for GitHub and\n"
	 "  GitLab, and a first commit; asks for what is not given when run in a terminal\n"
	 "  --name NAME      the ward or commune, as in \"phường Bình Phước\" (required)\n"
	 "  --name-en NAME   its English name (default: \"Bình Phước ward\" from the name)\n"
	 "  --base-url URL   the portal's web address (required)\n"
	 "  --email, --phone, --address   the contacts of the People's Committee (optional)\n")},
	{"new",
	 MSG_N("usage: wardsite new SECTION \"TITLE\" [--lang LANG] [--translation-of FILE] [--slug SLUG] [--repo DIR]\n"
	 "  creates content/LANG/SECTION/SLUG.md from the section's archetype, dated today\n"
	 "  --lang LANG            the language (default: the site's default language)\n"
	 "  --translation-of FILE  the page this one translates; they share its translation_key\n"
	 "  --slug SLUG            the file name (default: from the title)\n")},
	{"publish",
	 MSG_N("usage: wardsite publish [--branch NAME] [--message TEXT] [--push [REMOTE]] [--allow-dirty]\n"
	 "                        [build options but --worktree]\n"
	 "  builds like build, then commits the output folder to a branch of the repository\n"
	 "  (default gh-pages) without touching the work tree, the index or HEAD\n"
	 "  --branch NAME   the branch to commit to (its previous tip is the parent)\n"
	 "  --message TEXT  the commit message's first line (default: names the source commit)\n"
	 "  --push [REMOTE] then push the branch to REMOTE (default origin); credentials from\n"
	 "                  ssh-agent, or WARDSITE_PUSH_TOKEN (and WARDSITE_PUSH_USER) for https\n"
	 "  --allow-dirty   publish although the work tree has uncommitted edits\n")},
	{"report",
	 MSG_N("usage: wardsite report [--repo DIR] [--ref REF] [--worktree] [--json]\n"
	 "  what the editorial board must update, page by page: pages overdue by the freshness\n"
	 "  rule of their section, translations older than their original (with the changes to\n"
	 "  carry over), pages of site.yaml's report: translate_sections without a translation,\n"
	 "  and photos without alt text; wardsite serve shows it at /__wardsite/report\n"
	 "usage: wardsite report translations [--repo DIR] [--ref REF] [--worktree] [--json]\n"
	 "  lists the content pages that have no translation in some language\n"
	 "usage: wardsite report freshness [--repo DIR] [--ref REF] [--json] [--fail-stale]\n"
	 "  lists each section of each language with its last update and whether that is older\n"
	 "  than its period (site.yaml freshness:, default 30 days)\n"
	 "  --fail-stale  exit 1 when a section is stale\n")},
	{"version", MSG_N("usage: wardsite version\n  prints the version\n")},
	{"help", MSG_N("usage: wardsite help [COMMAND]\n  explains the commands, or one of them\n")},
};

static const char *const S_exit_codes = MSG_N(
	"exit codes: 0 done; 1 the site has errors (the output was not changed), or\n"
	"            report freshness --fail-stale found a stale section, or publish found\n"
	"            uncommitted changes or could not push;\n"
	"            2 wrong command line, repository, ref or output folder; init: a value\n"
	"            is missing, the folder is not empty or git does not know the author;\n"
	"            a report asked of a shallow clone (its dates would be wrong)\n"
	"messages: --messages vi|en with any command, else WARDSITE_MESSAGES, else LANG,\n"
	"          else site.yaml (messages:, or the default language)\n"
	"more: man wardsite, and README.md\n");

static int S_usage_error(const char *fmt, const char *arg);

static int S_print_help(FILE *f, const char *command)
{
	for (size_t i = 0; i < sizeof S_help / sizeof *S_help; i++) {
		if (command && strcmp(command, S_help[i].name) != 0)
			continue;
		fputs(msg_tr(S_help[i].text), f);
		if (command == NULL)
			fputc('\n', f);
		else
			return 0;
	}
	if (command) {
		return S_usage_error(MSG_N("no command '%s' (wardsite help lists them)"), command);
	}
	fputs(msg_tr(S_exit_codes), f);
	return 0;
}

/* Prints "wardsite: error: " and the message fmt (one %s: arg) in the
 * language of messages; returns 2, the exit code of a wrong command line. */
static int S_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "wardsite: %s: ", msg_tr("error"));
	fprintf(stderr, msg_tr(fmt), arg);
	fputc('\n', stderr);
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
 * allowed).  Returns 0; 2 after printing what is wrong; or -1 after
 * printing the command's help for --help or -h (the caller exits 0). */
static int S_parse(const char *command, int argc, char **argv, const struct option *opts, const char **pos,
		   int npos, int *npos_got)
{
	int got = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct option *o = opts;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			char *first = xstrndup(command, strcspn(command, " "));
			S_print_help(stdout, first);
			free(first);
			return -1;
		}
		while (o->name && strcmp(a, o->name) != 0 && !(o->alias && strcmp(a, o->alias) == 0))
			o++;
		if (o->name == NULL) {
			if (a[0] == '-' && a[1] != '\0') {
				fprintf(stderr, "wardsite: %s: ", msg_tr("error"));
				fprintf(stderr, msg_tr("unknown option '%s' for %s (wardsite help lists the commands and options)"), a, command);
				fputc('\n', stderr);
				return 2;
			}
			if (npos_got == NULL || got == npos) {
				fprintf(stderr, "wardsite: %s: ", msg_tr("error"));
				fprintf(stderr, msg_tr("%s does not take '%s' (wardsite help lists the commands and options)"), command, a);
				fputc('\n', stderr);
				return 2;
			}
			pos[got++] = a;
		} else if (o->value) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return S_usage_error(MSG_N("%s needs a value (wardsite help lists the commands and options)"), a);
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
	int rc;
	struct serve_options opt = {0};
	const char *port = NULL;
	const struct option opts[] = {{"--repo", NULL, &opt.repo, NULL},     {"--ref", NULL, &opt.ref, NULL},
				      {"--bind", NULL, &opt.bind, NULL},     {"--port", NULL, &port, NULL},
				      {"--drafts", NULL, NULL, &opt.drafts}, {"--future", NULL, NULL, &opt.future},
				      {NULL, NULL, NULL, NULL}};
	if ((rc = S_parse("serve", argc, argv, opts, NULL, 0, NULL)) != 0)
		return rc < 0 ? 0 : rc;
	if (port) {
		char *end;
		long p = strtol(port, &end, 10);
		if (*end || p < 1 || p > 65535)
			return S_usage_error(MSG_N("--port needs a number from 1 to 65535, not '%s' (wardsite help lists the commands and options)"), port);
		opt.port = (int)p;
	}
	struct diag d;
	diag_init(&d, stderr);
	rc = serve_run(&opt, &d);
	diag_free(&d);
	return rc;
}

static int S_new(int argc, char **argv)
{
	int rc;
	struct scaffold_options opt = {.info = stdout};
	const char *pos[2];
	int npos;
	const struct option opts[] = {{"--lang", NULL, &opt.lang, NULL},
				      {"--translation-of", NULL, &opt.translation_of, NULL},
				      {"--slug", NULL, &opt.slug, NULL},
				      {"--repo", NULL, &opt.repo, NULL},
				      {NULL, NULL, NULL, NULL}};
	if ((rc = S_parse("new", argc, argv, opts, pos, 2, &npos)) != 0)
		return rc < 0 ? 0 : rc;
	if (npos == 1 && strcmp(pos[0], "site") == 0)
		return S_usage_error(MSG_N("a new portal is made with wardsite init DIR; new adds an article to a portal (wardsite help lists the commands and options)"), NULL);
	if (npos < 2)
		return S_usage_error(MSG_N("new needs a section and a title: wardsite new tin-tuc \"Tiêu đề\" (wardsite help lists the commands and options)"), NULL);
	opt.section = pos[0];
	opt.title = pos[1];
	struct diag d;
	diag_init(&d, stderr);
	enum build_status st = scaffold_new(&opt, &d);
	diag_free(&d);
	return (int)st;
}

static int S_init(int argc, char **argv)
{
	struct init_options opt = {.info = stdout};
	const char *pos[1];
	int npos;
	const struct option opts[] = {{"--name", NULL, &opt.name, NULL},       {"--name-en", NULL, &opt.name_en, NULL},
				      {"--base-url", NULL, &opt.base_url, NULL}, {"--email", NULL, &opt.email, NULL},
				      {"--phone", NULL, &opt.phone, NULL},     {"--address", NULL, &opt.address, NULL},
				      {NULL, NULL, NULL, NULL}};
	if (S_parse("init", argc, argv, opts, pos, 1, &npos))
		return 2;
	opt.dir = npos ? pos[0] : NULL;
	if (isatty(STDIN_FILENO))
		opt.ask = stdin;
	struct diag d;
	diag_init(&d, stderr);
	enum init_status st = init_run(&opt, &d);
	diag_free(&d);
	return (int)st;
}

static int S_report(int argc, char **argv)
{
	const char *what = argc >= 1 ? argv[0] : "";
	struct diag d;
	int rc;
	if (strcmp(what, "--help") == 0 || strcmp(what, "-h") == 0)
		return S_print_help(stdout, "report");
	if (strcmp(what, "freshness") == 0) {
		struct freshness_options opt = {.out = stdout};
		const struct option opts[] = {{"--repo", NULL, &opt.repo, NULL},
					      {"--ref", NULL, &opt.ref, NULL},
					      {"--json", NULL, NULL, &opt.json},
					      {"--fail-stale", NULL, NULL, &opt.fail_stale},
					      {NULL, NULL, NULL, NULL}};
		if ((rc = S_parse("report freshness", argc - 1, argv + 1, opts, NULL, 0, NULL)) != 0)
			return rc < 0 ? 0 : rc;
		diag_init(&d, stderr);
		enum freshness_status st = freshness_report(&opt, &d);
		if (st == FRESHNESS_FAILED && d.errors > 0)
			fprintf(stderr, msg_tr("wardsite: %d error%s: no report\n"), d.errors, d.errors == 1 ? "" : "s");
		rc = (int)st;
	} else if (strcmp(what, "translations") == 0) {
		struct build_options opt = {.info = stdout};
		int json = 0;
		const struct option opts[] = {{"--repo", NULL, &opt.repo, NULL},
					      {"--ref", NULL, &opt.ref, NULL},
					      {"--worktree", NULL, NULL, &opt.worktree},
					      {"--json", NULL, NULL, &json},
					      {NULL, NULL, NULL, NULL}};
		if ((rc = S_parse("report translations", argc - 1, argv + 1, opts, NULL, 0, NULL)) != 0)
			return rc < 0 ? 0 : rc;
		diag_init(&d, stderr);
		rc = (int)report_translations(&opt, json, stdout, &d);
	} else if (what[0] == '\0' || what[0] == '-') {
		struct build_options opt = {.info = stdout};
		int json = 0;
		const struct option opts[] = {{"--repo", NULL, &opt.repo, NULL},
					      {"--ref", NULL, &opt.ref, NULL},
					      {"--worktree", NULL, NULL, &opt.worktree},
					      {"--json", NULL, NULL, &json},
					      {NULL, NULL, NULL, NULL}};
		if (S_parse("report", argc, argv, opts, NULL, 0, NULL))
			return 2;
		if (opt.worktree && opt.ref)
			return S_usage_error(MSG_N("--worktree and --ref cannot be used together (wardsite help lists the commands and options)"), NULL);
		diag_init(&d, stderr);
		struct buf out = BUF_INIT;
		rc = (int)board_report(&opt, json ? BOARD_JSON : BOARD_TEXT, &out, &d);
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
		buf_free(&out);
	} else {
		return S_usage_error(MSG_N("report takes no word but translations or freshness: wardsite report, wardsite report translations, wardsite report freshness (wardsite help lists the commands and options)"), NULL);
	}
	diag_free(&d);
	return rc;
}

static int S_build(int argc, char **argv)
{
	int rc;
	struct build_options opt = {.info = stdout};
	const struct option opts[] = {
		{"--repo", NULL, &opt.repo, NULL},       {"--ref", NULL, &opt.ref, NULL},
		{"--out", NULL, &opt.out, NULL},         {"--worktree", NULL, NULL, &opt.worktree},
		{"--drafts", NULL, NULL, &opt.drafts},   {"--future", NULL, NULL, &opt.future},
		{"--strict", NULL, NULL, &opt.strict},   {"--quiet", "-q", NULL, &opt.quiet},
		{"--json", NULL, NULL, &opt.json},       {"--force", NULL, NULL, &opt.force},
		{NULL, NULL, NULL, NULL}};
	if ((rc = S_parse("build", argc, argv, opts, NULL, 0, NULL)) != 0)
		return rc < 0 ? 0 : rc;
	if (opt.worktree && opt.ref)
		return S_usage_error(MSG_N("--worktree and --ref cannot be used together (wardsite help lists the commands and options)"), NULL);
	struct diag d;
	diag_init(&d, stderr);
	d.keep = opt.json; /* --json lists every message */
	enum build_status st = build_run(&opt, &d);
	diag_free(&d);
	return (int)st;
}

static int S_publish(int argc, char **argv)
{
	int rc;
	struct publish_options opt = {.build = {.info = stdout}};
	int worktree = 0;
	const char *pos[1];
	int npos;
	const struct option opts[] = {
		{"--branch", NULL, &opt.branch, NULL},        {"--message", "-m", &opt.message, NULL},
		{"--repo", NULL, &opt.build.repo, NULL},      {"--ref", NULL, &opt.build.ref, NULL},
		{"--out", NULL, &opt.build.out, NULL},        {"--worktree", NULL, NULL, &worktree},
		{"--drafts", NULL, NULL, &opt.build.drafts},  {"--future", NULL, NULL, &opt.build.future},
		{"--strict", NULL, NULL, &opt.build.strict},  {"--quiet", "-q", NULL, &opt.build.quiet},
		{"--push", NULL, NULL, &opt.push},            {"--allow-dirty", NULL, NULL, &opt.allow_dirty},
		{"--force", NULL, NULL, &opt.build.force},
		{NULL, NULL, NULL, NULL}};
	if ((rc = S_parse("publish", argc, argv, opts, pos, 1, &npos)) != 0)
		return rc < 0 ? 0 : rc;
	if (npos && !opt.push)
		return S_usage_error(MSG_N("publish does not take '%s' (a remote follows --push) (wardsite help lists the commands and options)"), pos[0]);
	opt.remote = npos ? pos[0] : NULL;
	if (worktree)
		return S_usage_error(MSG_N("publish builds a commit: --worktree cannot be published (commit first) (wardsite help lists the commands and options)"), NULL);
	struct diag d;
	diag_init(&d, stderr);
	enum publish_status st = publish_run(&opt, &d);
	diag_free(&d);
	return (int)st;
}

/* Takes every "--messages vi|en" out of argv (before or after the command
 * name) and sets the language of messages: that option, else the
 * environment (msg_lang_from_env), else English until a site.yaml says.
 * Returns 0, or 2 after printing what is wrong. */
static int S_messages(int *argc, char **argv)
{
	enum msg_lang lang;
	int chosen = msg_lang_from_env(&lang), n = 1;
	const char *bad = NULL;
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--messages") != 0) {
			argv[n++] = argv[i];
			continue;
		}
		const char *v = i + 1 < *argc ? argv[++i] : "";
		if (strcmp(v, "vi") == 0 || strcmp(v, "en") == 0) {
			lang = v[0] == 'v' ? MSG_VI : MSG_EN;
			chosen = 1;
		} else {
			bad = v;
		}
	}
	*argc = n;
	argv[n] = NULL;
	if (chosen)
		msg_set_lang(lang);
	if (bad)
		return S_usage_error(MSG_N("--messages needs vi or en, not '%s' (wardsite help lists the commands and options)"), bad);
	return 0;
}

int main(int argc, char **argv)
{
	if (S_messages(&argc, argv))
		return 2;
	if (argc < 2) {
		S_print_help(stderr, NULL);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "build") == 0)
		return S_build(argc - 2, argv + 2);
	if (strcmp(cmd, "serve") == 0)
		return S_serve(argc - 2, argv + 2);
	if (strcmp(cmd, "init") == 0)
		return S_init(argc - 2, argv + 2);
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
	return S_usage_error(MSG_N("unknown command '%s' (wardsite help lists the commands and options)"), cmd);
}
