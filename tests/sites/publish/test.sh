# wardsite publish: the output folder becomes a commit on a branch, whose
# tree is the folder; the parent is the branch's previous tip; the message
# names the source commit; the work tree, index and HEAD stay as they were.
. "$CASE/../_lib.sh"
cd "$REPO"
echo public/ > .gitignore && git add .gitignore && git commit -q -m "Bỏ qua public/"
head=$(git rev-parse HEAD)

# same tree as the folder but its mark .wardsite-output, which is not
# committed: extract the branch and compare
check_tree() { # check_tree BRANCH DIR
    rm -rf "$WORK/extract" && mkdir "$WORK/extract"
    git archive "$1" | tar -x -C "$WORK/extract"
    expect_exists "$2/.wardsite-output"
    expect_absent "$WORK/extract/.wardsite-output"
    cp "$2/.wardsite-output" "$WORK/extract/"
    expect_same_tree "$2" "$WORK/extract"
}

run first "$WARDSITE" publish --branch gh-pages
expect_status 0
expect_lines "$LOG/first.err" 0
expect_contains "$LOG/first.out" "wardsite: published "
expect_contains "$LOG/first.out" " files to 'gh-pages' ($(git rev-parse --short=7 gh-pages)), from main (${head:0:7})"
check_tree gh-pages "$REPO/public"
expect_same_listing "" "$(git log --format=%P -1 gh-pages)"
expect_same_listing "Publish main (${head:0:7}): Bỏ qua public/

Source-Commit: $head" "$(git log --format=%B -1 gh-pages)"
expect_same_listing "$head" "$(git rev-parse HEAD)"
expect_same_listing "refs/heads/main" "$(git symbolic-ref HEAD)"
expect_same_listing "" "$(git status --porcelain)"

# nothing changed: no new commit
tip=$(git rev-parse gh-pages)
run again "$WARDSITE" publish --branch gh-pages
expect_status 0
expect_contains "$LOG/again.out" "wardsite: 'gh-pages' already holds this output: nothing to publish"
expect_same_listing "$tip" "$(git rev-parse gh-pages)"

# an edit: a new commit on top of the previous one, with the given message,
# into another output folder
printf -- '---\ntitle: Tin mới\n---\nTin.\n' > content/vi/tin.md
git add content && git commit -q -m "Thêm tin"
head2=$(git rev-parse HEAD)
run second "$WARDSITE" publish --branch gh-pages --message "Cập nhật trang" --out "$WORK/site" --quiet
expect_status 0
expect_lines "$LOG/second.out" 0
check_tree gh-pages "$WORK/site"
expect_exists "$WORK/extract/vi/tin/index.html"
expect_same_listing "$tip" "$(git log --format=%P -1 gh-pages)"
expect_same_listing "Cập nhật trang

Source-Commit: $head2" "$(git log --format=%B -1 gh-pages)"
expect_same_listing "" "$(git status --porcelain)"
expect_same_listing "2" "$(git rev-list --count gh-pages)"

# an older commit, to another branch, from outside the repository
cd "$WORK"
run ref "$WARDSITE" publish --repo "$REPO" --ref "$head" --branch trang/cu --out "$WORK/old"
expect_status 0
expect_contains "$LOG/ref.out" "from $head (${head:0:7})"
cd "$REPO"
check_tree trang/cu "$WORK/old"
expect_absent "$WORK/extract/vi/tin"

# refusals: a branch that is checked out (in a clone), a bad branch name,
# --worktree, a site with errors (the branch stays)
git clone -q "$REPO" "$WORK/clone"
git -C "$WORK/clone" checkout -q -b gh-pages origin/gh-pages
run checked "$WARDSITE" publish --repo "$WORK/clone" --branch gh-pages --out "$WORK/x"
expect_status 2
expect_contains "$LOG/checked.err" "wardsite: error: the branch 'gh-pages' is checked out: publishing to it would leave its work tree behind"
expect_absent "$WORK/x"
run badname "$WARDSITE" publish --branch "a..b"
expect_status 2
expect_contains "$LOG/badname.err" "wardsite: error: 'a..b' is not a valid branch name"
run wt "$WARDSITE" publish --worktree
expect_status 2
tip=$(git rev-parse gh-pages)
printf -- '---\ntitle: [sai\n---\n' > content/vi/sai.md
git add content && git commit -q -m "Lỗi"
run broken "$WARDSITE" publish --branch gh-pages --out "$WORK/broken"
expect_status 1
expect_same_listing "$tip" "$(git rev-parse gh-pages)"
finish
