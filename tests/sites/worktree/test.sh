# With uncommitted edits, a default build uses the committed text and says so
# in one line; --worktree builds the edited files.
. "$CASE/../_lib.sh"
cd "$REPO"
page=vi/gioi-thieu/index.html

# The note is for people, so look for it in a build without --quiet.
run loud "$WARDSITE" build --out "$WORK/loud"
expect_status 0
if [ "$(cat "$LOG/loud.out" "$LOG/loud.err" | grep -ci uncommitted)" != 1 ]; then
    _fail "expected exactly one line mentioning 'uncommitted' on stdout or stderr"; show_last
fi
expect_contains "$WORK/loud/$page" "<title>Giới thiệu bản cũ</title>"

run head "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_contains "$OUT/$page" "<title>Giới thiệu bản cũ</title>"
expect_not_contains "$OUT/$page" "đang sửa"
expect_absent "$OUT/vi/trang-moi"
expect_same_tree "$WORK/loud" "$OUT"

run wt "$WARDSITE" build --quiet --worktree --out "$WORK/wt"
expect_status 0
expect_contains "$WORK/wt/$page" "<title>Giới thiệu đang sửa</title>"
expect_contains "$WORK/wt/vi/trang-moi/index.html" "<title>Trang mới chưa commit</title>"

# the build must not have touched the work tree or the index
if [ -n "$(git status --porcelain | grep -v -e ' content/vi/gioi-thieu.md$' -e ' content/vi/trang-moi.md$')" ]; then
    _fail "expected only the two edits in git status, got:"; git status --porcelain
fi
finish
