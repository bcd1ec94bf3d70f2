#define HARNESS_DIAG
#include "harness.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int count_entries(const char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", dir);
	FILE *p = popen(cmd, "r");
	int n = -1;
	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

int main(void)
{
	char tmpl[] = "/tmp/wardsite-output-XXXXXX";
	char *root = mkdtemp(tmpl);
	char out[300], path[400];
	snprintf(out, sizeof out, "%s/public", root);

	/* first build: out does not exist yet */
	struct diag *d = harness_diag();
	struct output *o = output_begin(out, NULL, d);
	CHECK(o != NULL);
	CHECK(output_write(o, "vi/index.html", "một", strlen("một"), "content/vi/_index.md") == 0);
	CHECK(output_write(o, "vi/a/b/c.txt", "c", 1, "x") == 0);
	CHECK(output_exists(o, "vi/index.html"));
	CHECK(output_write(o, "vi/index.html", "hai", 3, "content/vi/khac.md") < 0);
	CHECK(output_write(o, "../escape.html", "x", 1, "content/vi/x.md") < 0);
	CHECK(output_write(o, "vi/../../x", "x", 1, "content/vi/x.md") < 0);
	CHECK(output_write(o, "/etc/passwd", "x", 1, "content/vi/x.md") < 0);
	CHECK_STR(harness_diag_text(),
		  "content/vi/khac.md: error: writes /vi/index.html, which content/vi/_index.md writes too\n"
		  "content/vi/x.md: error: refusing to write outside the output folder: '../escape.html'\n"
		  "content/vi/x.md: error: refusing to write outside the output folder: 'vi/../../x'\n"
		  "content/vi/x.md: error: refusing to write outside the output folder: '/etc/passwd'\n");
	CHECK_INT(output_count(o), 2);
	CHECK(output_commit(o, NULL) == 0);
	snprintf(path, sizeof path, "%s/vi/index.html", out);
	CHECK_STR(slurp(path), "một");

	/* second build swaps in whole */
	o = output_begin(out, NULL, harness_diag());
	CHECK(output_write(o, "new.html", "new", 3, "x") == 0);
	CHECK(output_commit(o, NULL) == 0);
	snprintf(path, sizeof path, "%s/new.html", out);
	CHECK_STR(slurp(path), "new");
	snprintf(path, sizeof path, "%s/vi/index.html", out);
	CHECK(access(path, F_OK) != 0);
	CHECK_INT(count_entries(root), 1); /* no staging or old folders left */

	/* unchanged bytes are not rewritten: same file (inode, mtime) */
	struct stat before, after;
	snprintf(path, sizeof path, "%s/new.html", out);
	CHECK(stat(path, &before) == 0);
	o = output_begin(out, NULL, harness_diag());
	CHECK(output_write(o, "new.html", "new", 3, "x") == 0);
	CHECK(output_write(o, "other.html", "o", 1, "x") == 0);
	struct output_stats st;
	CHECK(output_commit(o, &st) == 0);
	CHECK(stat(path, &after) == 0);
	CHECK(before.st_ino == after.st_ino);
	CHECK(before.st_mtime == after.st_mtime);
	CHECK_INT(st.written, 2);
	CHECK_INT(st.unchanged, 1);
	CHECK_INT(st.added, 1);
	CHECK_INT(st.changed, 0);
	CHECK_INT(st.removed, 0);
	o = output_begin(out, NULL, harness_diag());
	CHECK(output_write(o, "new.html", "NEW", 3, "x") == 0);
	CHECK(output_commit(o, &st) == 0);
	CHECK_INT(st.changed, 1);
	CHECK_INT(st.removed, 1);
	CHECK_STR(slurp(path), "NEW");

	/* an aborted build leaves the old output and no staging folder */
	o = output_begin(out, NULL, harness_diag());
	CHECK(output_write(o, "broken.html", "b", 1, "x") == 0);
	output_abort(o);
	snprintf(path, sizeof path, "%s/new.html", out);
	CHECK_STR(slurp(path), "NEW");
	CHECK_INT(count_entries(root), 1);

	/* what killed builds left beside out: removed by the next build, but
	 * the staging folder of a build still running (it holds the flock) */
	char left[360], running[360], old[360];
	snprintf(left, sizeof left, "%s/.public.staging-Ab12Cd", root);
	CHECK(mkdir(left, 0755) == 0);
	snprintf(path, sizeof path, "%s/half.html", left);
	fclose(fopen(path, "w"));
	struct output *busy = output_begin(out, NULL, harness_diag());
	CHECK(busy != NULL);
	CHECK(access(left, F_OK) != 0);
	CHECK_INT(count_entries(root), 2); /* out and busy's staging folder */
	o = output_begin(out, NULL, harness_diag());
	CHECK_INT(count_entries(root), 3); /* busy's is kept */
	output_abort(o);
	output_abort(busy);
	CHECK_INT(count_entries(root), 1);
	/* killed between the two renames of the fallback: out is gone and the
	 * old site is in .old-: put back before anything else */
	snprintf(running, sizeof running, "%s/.public.staging-Ef34Gh", root);
	snprintf(old, sizeof old, "%s/.public.staging-Ef34Gh.old-Ij56Kl", root);
	CHECK(mkdir(running, 0755) == 0);
	CHECK(rename(out, old) == 0);
	d = harness_diag();
	o = output_begin(out, NULL, d);
	CHECK(o != NULL);
	snprintf(path, sizeof path, "%s/new.html", out);
	CHECK_STR(slurp(path), "NEW");
	CHECK(access(old, F_OK) != 0);
	CHECK(access(running, F_OK) != 0);
	CHECK_INT(count_entries(root), 2);
	output_abort(o);
	/* with out there, an .old- folder is a leftover like the others */
	CHECK(mkdir(old, 0755) == 0);
	o = output_begin(out, NULL, harness_diag());
	output_abort(o);
	CHECK_INT(count_entries(root), 1);
	CHECK_STR(slurp(path), "NEW");
	CHECK_INT(d->errors, 0);

	/* the mark: written by every build, naming the site, not counted,
	 * not writable by the site */
	d = harness_diag();
	o = output_begin(out, "https://phuong.example.gov.vn/", d);
	CHECK(output_write(o, ".wardsite-output", "x", 1, "static/.wardsite-output") < 0);
	CHECK_STR(harness_diag_text(),
		  "static/.wardsite-output: error: writes /.wardsite-output, which wardsite writes too\n");
	CHECK(output_write(o, "new.html", "NEW", 3, "x") == 0);
	CHECK(output_commit(o, &st) == 0);
	CHECK_INT(st.written, 1);
	CHECK_INT(st.unchanged, 1);
	CHECK_INT(st.removed, 0);
	snprintf(path, sizeof path, "%s/.wardsite-output", out);
	CHECK_STR(slurp(path), "This folder is made by wardsite, and every build replaces all of it.\n"
			       "site: https://phuong.example.gov.vn/\n");
	/* the same mark again is not rewritten (an rsync deploy skips it) */
	CHECK(stat(path, &before) == 0);
	o = output_begin(out, "https://phuong.example.gov.vn/", harness_diag());
	CHECK(output_commit(o, &st) == 0);
	CHECK(stat(path, &after) == 0);
	CHECK(before.st_ino == after.st_ino);
	CHECK_INT(st.written, 0);
	CHECK_INT(st.removed, 1); /* new.html */

	/* output_check: a folder with files but no mark is refused */
	d = harness_diag();
	CHECK(output_check(out, 0, d) == 0); /* marked */
	snprintf(path, sizeof path, "%s/missing", root);
	CHECK(output_check(path, 0, d) == 0);
	snprintf(path, sizeof path, "%s/empty", root);
	CHECK(mkdir(path, 0755) == 0);
	CHECK(output_check(path, 0, d) == 0);
	CHECK_STR(harness_diag_text(), "");
	snprintf(path, sizeof path, "%s/empty/luan-van.txt", root);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof path, "%s/empty", root);
	CHECK(output_check(path, 0, d) < 0);
	CHECK(output_check(path, 1, d) == 0);
	char want[1024];
	snprintf(want, sizeof want,
		 "wardsite: error: the output folder %s is not empty and has no .wardsite-output, so wardsite did not "
		 "make it: a build would delete everything in it; choose a new or empty folder, or add --force (once, "
		 "for an output made by an older wardsite)\n",
		 path);
	CHECK_STR(harness_diag_text(), want);
	/* the home folder and above: never, even with --force */
	d = harness_diag();
	setenv("HOME", path, 1);
	CHECK(output_check(path, 1, d) < 0);
	CHECK(output_check(root, 1, d) < 0);
	CHECK(output_check("/", 1, d) < 0);
	snprintf(want, sizeof want,
		 "wardsite: error: the output folder /%s is the home folder or a folder above it: a build replaces the "
		 "whole output folder, so wardsite never builds there, not even with --force; choose a folder of its "
		 "own, such as public/\n",
		 "");
	CHECK(strstr(harness_diag_text(), want) != NULL);
	CHECK_INT(d->errors, 3);
	snprintf(path, sizeof path, "%s/empty/luan-van.txt", root);
	CHECK(unlink(path) == 0);
	snprintf(path, sizeof path, "%s/empty", root);
	CHECK(rmdir(path) == 0);

	/* out is a file: refused, staging removed */
	snprintf(path, sizeof path, "%s/file", root);
	FILE *f = fopen(path, "w");
	fclose(f);
	d = harness_diag();
	o = output_begin(path, NULL, d);
	CHECK(o != NULL);
	CHECK(output_commit(o, NULL) < 0);
	CHECK_INT(d->errors, 1);
	CHECK_INT(count_entries(root), 2);

	output_remove_tree(root);
	CHECK(access(root, F_OK) != 0);
	harness_diag_end();
	HARNESS_DONE();
}
