/* history: facts of files from scripted repositories (authors, renames,
 * merges, a re-created file, a page bundle, a shallow clone). */
#define HARNESS_DIAG
#include "harness.h"

#include <stdlib.h>
#include <unistd.h>

#include "history.h"
#include "output.h"
#include "source.h"

static char root[] = "/tmp/wardsite-history-XXXXXX";

/* Runs a shell script in root with a fixed, config-free git. */
static int sh(const char *script)
{
	char path[300];
	snprintf(path, sizeof path, "%s/script.sh", root);
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fprintf(f,
		"set -e\ncd %s\nexport HOME=%s GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null\n"
		"git() { command git -c commit.gpgsign=false -c init.defaultBranch=main \"$@\"; }\n"
		"# c NAME EMAIL DATE MESSAGE: commit everything as NAME at DATE\n"
		"c() { git add -A && GIT_AUTHOR_NAME=\"$1\" GIT_AUTHOR_EMAIL=\"$2\" GIT_AUTHOR_DATE=\"$3\" "
		"GIT_COMMITTER_NAME=\"$1\" GIT_COMMITTER_EMAIL=\"$2\" GIT_COMMITTER_DATE=\"$3\" "
		"git commit -q --allow-empty -m \"$4\"; }\n"
		"m() { GIT_AUTHOR_NAME=\"$1\" GIT_AUTHOR_EMAIL=\"$2\" GIT_AUTHOR_DATE=\"$3\" "
		"GIT_COMMITTER_NAME=\"$1\" GIT_COMMITTER_EMAIL=\"$2\" GIT_COMMITTER_DATE=\"$3\" "
		"git merge -q --no-ff -m \"$4\" \"$5\"; }\n"
		"lines() { for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo \"dòng $i của $1\"; done; }\n"
		"%s\n",
		root, root, script);
	fclose(f);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "bash %s >%s/script.log 2>&1", path, root);
	int rc = system(cmd);
	if (rc != 0) {
		snprintf(cmd, sizeof cmd, "cat %s/script.log >&2", root);
		if (system(cmd) != 0)
			fprintf(stderr, "script failed\n");
	}
	return rc;
}

static const char S_script[] =
	"git init -q repo && cd repo\n"
	"mkdir -p content/vi/bundle themes/t\n"
	"lines a > content/vi/a.md; lines b > content/vi/b.md; lines bundle > content/vi/bundle/index.md\n"
	"echo ảnh > content/vi/bundle/photo.txt; echo css > themes/t/style.css\n"
	"printf 'Nguyễn Văn An <an@example.gov.vn> <an.old@example.com>\\n' > .mailmap\n"
	"c 'an cũ' an.old@example.com 2026-01-01T08:00:00+07:00 'Thêm các trang đầu tiên'\n"
	"sed -i 's/dòng 1 của a/dòng một của a/' content/vi/a.md\n"
	"c 'Trần Thị Bình' binh@example.gov.vn 2026-01-02T08:00:00+07:00 $'Sửa trang a\\n\\nChi tiết ở dòng sau.'\n"
	"mkdir -p content/vi/tin-tuc && git mv content/vi/b.md content/vi/tin-tuc/b-moi.md\n"
	"sed -i 's/dòng 12 của b/dòng cuối của b/' content/vi/tin-tuc/b-moi.md\n"
	"c 'Nguyễn Văn An' an@example.gov.vn 2026-01-03T08:00:00+07:00 'Chuyển b vào tin tức'\n"
	"echo 'thêm' >> content/vi/tin-tuc/b-moi.md\n"
	"c 'Lê Chi' chi@example.gov.vn 2026-01-04T08:00:00+07:00 'Bổ sung b'\n"
	/* a branch whose edit of a is merged without conflict */
	"git checkout -q -b nhanh\n"
	"sed -i 's/dòng 5 của a/dòng năm của a/' content/vi/a.md\n"
	"c 'Phạm Dũng' dung@example.gov.vn 2026-01-05T08:00:00+07:00 'Sửa dòng 5 của a'\n"
	"git checkout -q main\n"
	"echo 'ảnh mới' > content/vi/bundle/photo.txt\n"
	"c 'Trần Thị Bình' binh@example.gov.vn 2026-01-06T08:00:00+07:00 'Thay ảnh'\n"
	"m 'Nguyễn Văn An' an@example.gov.vn 2026-01-07T08:00:00+07:00 'Gộp nhánh' nhanh\n"
	/* a conflict on a, resolved in the merge */
	"git checkout -q -b xung-dot\n"
	"sed -i 's/dòng 9 của a/dòng chín (nhánh) của a/' content/vi/a.md\n"
	"c 'Phạm Dũng' dung@example.gov.vn 2026-01-08T08:00:00+07:00 'Dòng 9 theo nhánh'\n"
	"git checkout -q main\n"
	"sed -i 's/dòng 9 của a/dòng chín (chính) của a/' content/vi/a.md\n"
	"c 'Lê Chi' chi@example.gov.vn 2026-01-09T08:00:00+07:00 'Dòng 9 theo nhánh chính'\n"
	"m 'Lê Chi' chi@example.gov.vn 2026-01-10T08:00:00+07:00 'Gộp xung đột' xung-dot || true\n"
	"sed -i 's/^dòng chín.*/dòng chín (đã gộp) của a/; /^[<=>]/d' content/vi/a.md\n"
	"c 'Lê Chi' chi@example.gov.vn 2026-01-10T08:00:00+07:00 'Gộp xung đột'\n"
	/* a file deleted and made again: its history starts again */
	"lines c > content/vi/c.md; c 'Lê Chi' chi@example.gov.vn 2026-01-11T08:00:00+07:00 'Thêm c'\n"
	"git rm -q content/vi/c.md; c 'Lê Chi' chi@example.gov.vn 2026-01-12T08:00:00+07:00 'Xóa c'\n"
	"echo 'c mới' > content/vi/c.md; c 'Phạm Dũng' dung@example.gov.vn 2026-01-13T08:00:00+07:00 'Viết lại c'\n"
	"echo css2 > themes/t/style.css; c 'Lê Chi' chi@example.gov.vn 2026-01-14T08:00:00+07:00 'Giao diện'\n";

static void check_revs(const struct history_file *f, const char *const *want, size_t n)
{
	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK_INT(f->nrevs, n);
	for (size_t i = 0; i < n && i < f->nrevs; i++)
		CHECK_STR(f->revs[i]->message, want[i]);
}

static struct history *load(const char *dir, struct source **src, struct diag *d)
{
	struct source_options o = {.repo = dir};
	char *err = NULL;
	struct history *h = NULL;
	CHECK(source_open(src, &o, &err) == 0);
	free(err);
	if (*src)
		CHECK(history_load(&h, *src, "content/", 0, d) == 0);
	return h;
}

int main(void)
{
	CHECK(mkdtemp(root) != NULL);
	CHECK(sh(S_script) == 0);
	char repo[300];
	snprintf(repo, sizeof repo, "%s/repo", root);

	struct source *src = NULL;
	struct diag *d = harness_diag();
	struct history *h = load(repo, &src, d);
	CHECK_STR(harness_diag_text(), "");
	CHECK(h != NULL);
	if (h == NULL)
		HARNESS_DONE();
	CHECK_INT(history_shallow(h), 0);

	/* a: the merge that only brought a branch in is not a change of a;
	 * the one that resolved a conflict is */
	const struct history_file *a = history_find(h, "content/vi/a.md");
	static const char *const a_revs[] = {"Gộp xung đột", "Dòng 9 theo nhánh chính", "Dòng 9 theo nhánh",
					     "Sửa dòng 5 của a", "Sửa trang a", "Thêm các trang đầu tiên"};
	check_revs(a, a_revs, 6);
	if (a && a->nrevs == 6) {
		/* the mailmap names the first author; no e-mail anywhere */
		CHECK_STR(a->revs[5]->author, "Nguyễn Văn An");
		CHECK_STR(a->revs[0]->author, "Lê Chi");
		CHECK_INT(a->revs[5]->time, 1767229200); /* 2026-01-01T08:00:00+07:00 */
		CHECK_INT(a->revs[5]->tz_minutes, 420);
		CHECK_INT(strlen(a->revs[0]->id), 40);
		CHECK_INT(a->nauthors, 4);
		if (a->nauthors == 4) {
			CHECK_STR(a->authors[0], "Nguyễn Văn An");
			CHECK_STR(a->authors[1], "Trần Thị Bình");
			CHECK_STR(a->authors[2], "Phạm Dũng");
			CHECK_STR(a->authors[3], "Lê Chi");
		}
	}

	/* b was renamed and edited: its history goes on under the new name */
	const struct history_file *b = history_find(h, "content/vi/tin-tuc/b-moi.md");
	static const char *const b_revs[] = {"Bổ sung b", "Chuyển b vào tin tức", "Thêm các trang đầu tiên"};
	check_revs(b, b_revs, 3);
	if (b && b->nauthors == 2) {
		CHECK_STR(b->authors[0], "Nguyễn Văn An");
		CHECK_STR(b->authors[1], "Lê Chi");
	} else {
		CHECK(0);
	}
	CHECK(history_find(h, "content/vi/b.md") == NULL);

	/* c was deleted and written again: only the new file's commit */
	static const char *const c_revs[] = {"Viết lại c"};
	check_revs(history_find(h, "content/vi/c.md"), c_revs, 1);

	/* a bundle: the commits of all its files */
	static const char *const bundle_revs[] = {"Thay ảnh", "Thêm các trang đầu tiên"};
	check_revs(history_folder(h, "content/vi/bundle"), bundle_revs, 2);
	CHECK(history_folder(h, "content/vi/bundle") == history_folder(h, "content/vi/bundle"));
	CHECK(history_folder(h, "content/vi/nothing") == NULL);
	CHECK(history_folder(h, "content/vi/bund") == NULL);

	/* outside the prefix: nothing */
	CHECK(history_find(h, "themes/t/style.css") == NULL);
	/* commits that changed a file: not the merge without conflict, the
	 * first c's two, or the theme's */
	CHECK_INT(history_commits(h), 10);
	history_free(h);
	source_close(src);

	/* a shallow clone: what is there, and one warning */
	CHECK(sh("git clone -q --depth 3 file://$PWD/repo shallow") == 0);
	char shallow[300];
	snprintf(shallow, sizeof shallow, "%s/shallow", root);
	d = harness_diag();
	h = load(shallow, &src, d);
	CHECK(h != NULL);
	if (h) {
		CHECK_INT(history_shallow(h), 1);
		const char *text = harness_diag_text();
		const char *want = "wardsite: warning: the repository is a shallow clone: its history starts at commit ";
		CHECK(strncmp(text, want, strlen(want)) == 0);
		char *after = strstr(text, " of 2026-01-12, so older pages seem to be created then (fetch the whole "
					   "history for true dates: git fetch --unshallow, or fetch-depth: 0 in CI)\n");
		CHECK(after != NULL && after - text == (long)strlen(want) + 7 && after[strlen(after) - 1] == '\n' &&
		      strchr(text, '\n') == text + strlen(text) - 1);
		const struct history_file *sa = history_find(h, "content/vi/a.md");
		CHECK(sa != NULL && sa->nrevs == 1);
		if (sa && sa->nrevs == 1)
			CHECK_STR(sa->revs[0]->message, "Xóa c"); /* the oldest commit there */
		static const char *const sc_revs[] = {"Viết lại c"};
		check_revs(history_find(h, "content/vi/c.md"), sc_revs, 1);
		history_free(h);
	}
	source_close(src);

	/* strict: the same words as an error */
	d = harness_diag();
	{
		struct source_options so = {.repo = shallow};
		char *e2 = NULL;
		CHECK(source_open(&src, &so, &e2) == 0);
		free(e2);
		h = NULL;
		CHECK(history_load(&h, src, "content/", 1, d) == 0);
		CHECK(strncmp(harness_diag_text(), "wardsite: error: the repository is a shallow clone: its history "
						   "starts at commit ",
			      80) == 0);
		CHECK_INT(d->errors, 1);
		history_free(h);
		source_close(src);
	}

	/* the same commit again: the same history, handed out again, warning
	 * and all; a new commit: a new walk */
	d = harness_diag();
	struct history *h1 = load(shallow, &src, d), *h2 = NULL;
	struct source *src2 = NULL;
	h2 = load(shallow, &src2, d);
	CHECK(h1 != NULL && h1 == h2);
	const char *twice = harness_diag_text();
	CHECK(strstr(twice, "shallow clone") && strstr(strstr(twice, "shallow clone") + 1, "shallow clone"));
	history_free(h1);
	history_free(h2);
	source_close(src2);
	source_close(src);
	CHECK(sh("cd shallow && echo x > content/vi/them.md && git add -A && c T t@t 2026-02-01T08:00:00+07:00 'Thêm'") == 0);
	h2 = load(shallow, &src, d);
	CHECK(h2 != NULL && history_find(h2, "content/vi/them.md") != NULL);
	history_free(h2);
	source_close(src);

	/* the work tree: the history of HEAD; an uncommitted file has none */
	CHECK(sh("cd repo && echo mới > content/vi/moi.md") == 0);
	struct source_options wo = {.repo = repo, .worktree = 1};
	char *err = NULL;
	CHECK(source_open(&src, &wo, &err) == 0);
	d = harness_diag();
	CHECK(history_load(&h, src, "content/", 0, d) == 0);
	CHECK(history_find(h, "content/vi/moi.md") == NULL);
	CHECK(history_find(h, "content/vi/a.md") != NULL);
	history_free(h);
	source_close(src);

	/* a folder moved whole, two of its files the same text: each file
	 * keeps its own history */
	CHECK(sh("git init -q moved && cd moved && mkdir -p content/cu && lines x > content/cu/a.md && "
		 "lines x > content/cu/b.md && lines c > content/cu/c.md && "
		 "c A a@x 2026-02-01T08:00:00+07:00 'Ba trang' && git mv content/cu content/moi && "
		 "c B b@x 2026-02-02T08:00:00+07:00 'Chuyển thư mục' && echo thêm >> content/moi/a.md && "
		 "c C c@x 2026-02-03T08:00:00+07:00 'Sửa a'") == 0);
	char moved[300];
	snprintf(moved, sizeof moved, "%s/moved", root);
	d = harness_diag();
	h = load(moved, &src, d);
	if (h) {
		static const char *const ma[] = {"Sửa a", "Chuyển thư mục", "Ba trang"};
		static const char *const mb[] = {"Chuyển thư mục", "Ba trang"};
		check_revs(history_find(h, "content/moi/a.md"), ma, 3);
		check_revs(history_find(h, "content/moi/b.md"), mb, 2);
		check_revs(history_find(h, "content/moi/c.md"), mb, 2);
		history_free(h);
	}
	source_close(src);

	/* commits left off the history: listed in .git-blame-ignore-revs (ill-
	 * formed and unknown lines are warnings with their line) or with the
	 * trailer "Wardsite-History: skip"; a file made only by such commits
	 * has no history */
	CHECK(sh("git init -q ign && cd ign && mkdir content && lines a > content/a.md && lines b > content/b.md && "
		 "c A a@x 2026-03-01T08:00:00+07:00 'Thêm trang' && sed -i 's/dòng 1/Dòng 1/' content/a.md && "
		 "c Dev d@x 2026-03-02T08:00:00+07:00 'Định dạng lại' && sed -i 's/dòng 2/Dòng 2/' content/*.md && "
		 "c Dev d@x 2026-03-03T08:00:00+07:00 $'Sửa giao diện\\n\\nwardsite-history: Skip' && "
		 "echo d > content/d.md && c Dev d@x 2026-03-04T08:00:00+07:00 $'Thêm d\\n\\nWardsite-History: skip' && "
		 "printf '# định dạng\\n%s  # Định dạng lại\\n\\nabc\\n%s\\n' $(git rev-parse HEAD~2) "
		 "0123456789012345678901234567890123456789 > .git-blame-ignore-revs && "
		 "c Dev d@x 2026-03-05T08:00:00+07:00 'Danh sách bỏ qua'") == 0);
	char ign[300];
	snprintf(ign, sizeof ign, "%s/ign", root);
	d = harness_diag();
	h = load(ign, &src, d);
	CHECK_STR(harness_diag_text(),
		  ".git-blame-ignore-revs:4:1: warning: 'abc' is not a full commit id (40 hexadecimal digits, as git log "
		  "shows it), so no commit is left out of the history for this line\n"
		  ".git-blame-ignore-revs:5:1: warning: 0123456789012345678901234567890123456789 is not a commit of this "
		  "repository (a typo, or a commit of another clone?); remove the line or correct the id\n");
	if (h) {
		static const char *const only_first[] = {"Thêm trang"};
		check_revs(history_find(h, "content/a.md"), only_first, 1);
		check_revs(history_find(h, "content/b.md"), only_first, 1);
		CHECK(history_find(h, "content/d.md") == NULL);
		CHECK_INT(history_commits(h), 1);
		history_free(h);
	}
	source_close(src);

	/* a repository without commits: an empty history */
	CHECK(sh("git init -q empty && mkdir -p empty/content && echo x > empty/content/a.md") == 0);
	char empty[300];
	snprintf(empty, sizeof empty, "%s/empty", root);
	struct source_options eo = {.repo = empty, .worktree = 1};
	CHECK(source_open(&src, &eo, &err) == 0);
	CHECK(history_load(&h, src, "content/", 0, d) == 0);
	CHECK(h != NULL && history_find(h, "content/a.md") == NULL);
	CHECK_INT(history_commits(h), 0);
	history_free(h);
	source_close(src);

	harness_diag_end();
	output_remove_tree(root);
	HARNESS_DONE();
}
