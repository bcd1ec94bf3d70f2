#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "source.h"

static char root[] = "/tmp/wardsite-source-XXXXXX";

static void sh(const char *fmt, const char *arg)
{
	char cmd[2048], inner[1536];
	snprintf(inner, sizeof inner, fmt, arg);
	snprintf(cmd, sizeof cmd,
		 "cd %s && export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t "
		 "GIT_CONFIG_NOSYSTEM=1 HOME=%s; %s >/dev/null 2>&1",
		 root, root, inner);
	if (system(cmd) != 0)
		fprintf(stderr, "command failed: %s\n", inner);
}

static char *read_all(struct source *s, const char *path)
{
	const struct source_file *f = source_find(s, path);
	char *data = NULL, *err = NULL;
	size_t len;
	if (f == NULL || source_read(s, f, &data, &len, &err) < 0) {
		free(err);
		return NULL;
	}
	return data;
}

static void opens_not(struct source_options *o, const char *want)
{
	struct source *s = NULL;
	char *err = NULL;
	CHECK(source_open(&s, o, &err) < 0);
	CHECK(s == NULL);
	CHECK_STR(err, want);
	free(err);
}

int main(void)
{
	CHECK(mkdtemp(root) != NULL);
	char repo[256], plain[256];
	snprintf(repo, sizeof repo, "%s/repo", root);
	snprintf(plain, sizeof plain, "%s/plain", root);
	sh("mkdir %s && git init -q -b main repo && mkdir repo/empty", plain);
	sh("%s", "git -C repo commit -q --allow-empty -m first 2>/dev/null; true");

	char want[512];
	struct source_options o = {.repo = plain};
	snprintf(want, sizeof want, "%s is not inside a git repository", plain);
	opens_not(&o, want);

	sh("%s", "git init -q -b main empty-repo");
	char empty[256];
	snprintf(empty, sizeof empty, "%s/empty-repo", root);
	o.repo = empty;
	snprintf(want, sizeof want, "the repository %s has no commits yet", empty);
	opens_not(&o, want);

	o.repo = repo;
	o.ref = "nosuchref";
	snprintf(want, sizeof want, "'nosuchref' names no branch, tag or commit of %s", repo);
	opens_not(&o, want);

	sh("%s", "cd repo && mkdir -p content/vi && printf 'một\\n' > content/vi/a.md && printf 'x' > site.yaml "
		 "&& ln -s a.md content/vi/link.md && git add -A && git commit -q -m one && git tag v1 "
		 "&& printf 'hai\\n' > content/vi/a.md && git commit -qam two && printf 'ba\\n' > content/vi/a.md "
		 "&& printf 'new' > untracked.txt");

	/* HEAD: committed text, two uncommitted changes noticed */
	struct source *s = NULL;
	char *err = NULL;
	o.ref = NULL;
	CHECK(source_open(&s, &o, &err) == 0);
	CHECK_INT(source_count(s), 3 + source_ntheme); /* the shipped theme's files come after */
	CHECK_STR(source_get(s, 0)->path, "content/vi/a.md");
	CHECK_STR(source_get(s, 1)->path, "content/vi/link.md");
	CHECK_INT(source_get(s, 1)->kind, SOURCE_LINK);
	char *text = read_all(s, "content/vi/a.md");
	CHECK_STR(text, "hai\n");
	free(text);
	CHECK_INT(source_dirty(s), 2);
	CHECK(strncmp(source_describe(s), "HEAD (", 6) == 0);
	CHECK(source_find(s, "nope") == NULL);
	source_close(s);

	/* a tag */
	o.ref = "v1";
	CHECK(source_open(&s, &o, &err) == 0);
	text = read_all(s, "content/vi/a.md");
	CHECK_STR(text, "một\n");
	free(text);
	CHECK_INT(source_dirty(s), 0);
	source_close(s);

	/* the work tree, from a folder inside it */
	char inside[300];
	snprintf(inside, sizeof inside, "%s/content/vi", repo);
	struct source_options w = {.repo = inside, .worktree = 1};
	CHECK(source_open(&s, &w, &err) == 0);
	text = read_all(s, "content/vi/a.md");
	CHECK_STR(text, "ba\n");
	free(text);
	CHECK(source_find(s, "untracked.txt") != NULL);
	CHECK(source_find(s, ".git/HEAD") == NULL);
	CHECK_STR(source_describe(s), "work tree");
	CHECK_STR(source_workdir(s), repo);
	source_close(s);

	/* tree entries git never makes ('..', '.git'), written with plumbing:
	 * listed as bad, and neither they nor what they hold are files */
	sh("%s", "cd repo && b=$(printf 'x' | git hash-object -w --stdin) "
		 "&& t=$(printf '100644 blob %s\\tx.md\\n' $b | git mktree) "
		 "&& c=$( { printf '040000 tree %s\\t..\\n' $t; printf '100644 blob %s\\tok.md\\n' $b; } | git mktree) "
		 "&& g=$(printf '040000 tree %s\\t.GIT\\n' $t | git mktree) "
		 "&& r=$( { printf '040000 tree %s\\tcontent\\n' $c; printf '040000 tree %s\\tstatic\\n' $g; } | git mktree) "
		 "&& git update-ref refs/heads/odd $(git commit-tree $r -m odd)");
	o.ref = "odd";
	CHECK(source_open(&s, &o, &err) == 0);
	CHECK_INT(source_count(s), 1 + source_ntheme);
	CHECK_STR(source_get(s, 0)->path, "content/ok.md");
	CHECK_INT(source_nbad(s), 2);
	CHECK_STR(source_bad(s, 0)->path, "content/..");
	CHECK_STR(source_bad(s, 0)->name, "..");
	CHECK_INT(source_bad(s, 0)->kind, SOURCE_FAULT_NAME);
	CHECK_STR(source_bad(s, 1)->path, "static/.GIT");
	CHECK(source_bad(s, 2) == NULL);
	source_close(s);

	/* a tree holding x.md twice (git hash-object --literally): the second
	 * is a fault, the first a file */
	sh("%s", "cd repo && b=$(printf 'x' | git hash-object -w --stdin) "
		 "&& t=$( { printf '100644 x.md\\0'; printf $b | xxd -r -p; printf '100644 x.md\\0'; "
		 "printf $b | xxd -r -p; } | git hash-object -w --literally -t tree --stdin) "
		 "&& r=$(printf '040000 tree %s\\tcontent\\n' $t | git mktree --missing) "
		 "&& git update-ref refs/heads/twice $(git commit-tree $r -m twice)");
	o.ref = "twice";
	CHECK(source_open(&s, &o, &err) == 0);
	CHECK_INT(source_count(s), 1 + source_ntheme);
	CHECK_STR(source_get(s, 0)->path, "content/x.md");
	CHECK_INT(source_nbad(s), 1);
	CHECK_STR(source_bad(s, 0)->path, "content/x.md");
	CHECK_INT(source_bad(s, 0)->kind, SOURCE_FAULT_DUPLICATE);
	source_close(s);
	o.ref = NULL;

	/* an output folder inside the work tree is not read back, nor the
	 * staging folders beside it, whether it exists yet or not */
	sh("%s", "cd repo && mkdir -p content/vi/public/vi content/vi/.public.staging-Ab12Cd "
		 "&& printf o > content/vi/public/vi/index.html && printf s > content/vi/.public.staging-Ab12Cd/x "
		 "&& printf p > content/vi/public.md");
	CHECK(source_open(&s, &w, &err) == 0);
	CHECK(source_find(s, "content/vi/public/vi/index.html") != NULL);
	char pub[320];
	snprintf(pub, sizeof pub, "%s/public/", inside);
	source_leave_out(s, pub);
	CHECK(source_find(s, "content/vi/public/vi/index.html") == NULL);
	CHECK(source_find(s, "content/vi/.public.staging-Ab12Cd/x") == NULL);
	CHECK(source_find(s, "content/vi/public.md") != NULL);
	CHECK(source_find(s, "content/vi/a.md") != NULL);
	source_close(s);
	sh("%s", "rm -r repo/content/vi/public");
	CHECK(source_open(&s, &w, &err) == 0);
	source_leave_out(s, pub);
	CHECK(source_find(s, "content/vi/.public.staging-Ab12Cd/x") == NULL);
	CHECK(source_find(s, "content/vi/public.md") != NULL);
	source_close(s);
	sh("%s", "rm -r repo/content/vi/.public.staging-Ab12Cd repo/content/vi/public.md");

	/* a shallow clone reads like any other */
	sh("%s", "git clone -q --depth 1 file://$PWD/repo shallow");
	char shallow[256];
	snprintf(shallow, sizeof shallow, "%s/shallow", root);
	struct source_options sh_o = {.repo = shallow};
	CHECK(source_open(&s, &sh_o, &err) == 0);
	CHECK(source_shallow(s));
	text = read_all(s, "content/vi/a.md");
	CHECK_STR(text, "hai\n");
	free(text);
	source_close(s);

	/* the shipped default theme: every file there when the tree has none,
	 * sorted in; a file (or link) of the tree at the same path wins */
	CHECK(source_ntheme > 10);
	CHECK_STR(source_theme[source_ntheme].path == NULL ? "end" : "no end", "end");
	sh("%s", "cd repo && mkdir -p themes/default/layouts themes/default/static/css "
		 "&& printf 'own' > themes/default/layouts/home.html && ln -s x themes/default/static/css/style.css "
		 "&& git add -A && git commit -q -m theme");
	for (int worktree = 0; worktree < 2; worktree++) {
		struct source_options t = {.repo = repo, .worktree = worktree};
		CHECK(source_open(&s, &t, &err) == 0);
		const struct source_file *home = source_find(s, "themes/default/layouts/home.html");
		CHECK(home != NULL && home->shipped == NULL);
		text = read_all(s, "themes/default/layouts/home.html");
		CHECK_STR(text, "own");
		free(text);
		const struct source_file *css = source_find(s, "themes/default/static/css/style.css");
		CHECK(css != NULL && css->kind == SOURCE_LINK && css->shipped == NULL);
		const struct source_file *base = source_find(s, "themes/default/layouts/baseof.html");
		CHECK(base != NULL && base->shipped != NULL && base->kind == SOURCE_FILE);
		text = read_all(s, "themes/default/layouts/baseof.html");
		CHECK(text != NULL && base != NULL && strlen(text) == base->size && strstr(text, "<html") != NULL);
		free(text);
		static const unsigned char zero[20];
		CHECK(base != NULL && memcmp(base->oid, zero, 20) != 0); /* a blob id: caches key on it */
		int sorted = 1;
		for (size_t i = 1; i < source_count(s); i++)
			sorted &= strcmp(source_get(s, i - 1)->path, source_get(s, i)->path) < 0;
		CHECK(sorted);
		source_close(s);
	}

	output_remove_tree(root);
	HARNESS_DONE();
}
