# The same commit gives byte-identical output: twice in a row, under another
# time zone and locale, and from a shallow clone twice.  A shallow clone
# lacks the older history, so its dates and revision histories differ from
# the full clone's: the same files, and one warning that says why.
. "$CASE/../_lib.sh"
cd "$REPO"

run a "$WARDSITE" build --quiet --out "$WORK/a"
expect_status 0
expect_exists "$WORK/a/vi/di-tich/dong-xoai/index.html"
run b "$WARDSITE" build --quiet --out "$WORK/b"
expect_status 0
expect_same_tree "$WORK/a" "$WORK/b"

run tz env TZ=America/Los_Angeles LC_ALL=C "$WARDSITE" build --quiet --out "$WORK/tz"
expect_status 0
expect_same_tree "$WORK/a" "$WORK/tz"

git clone -q --depth 1 "file://$REPO" "$WORK/shallow"
if [ "$(git -C "$WORK/shallow" rev-parse --is-shallow-repository)" != true ]; then
    _fail "expected $WORK/shallow to be a shallow clone"
fi
run shallow "$WARDSITE" build --quiet --repo "$WORK/shallow" --out "$WORK/c"
expect_status 0
expect_lines "$LOG/shallow.err" 1
expect_contains "$LOG/shallow.err" "wardsite: warning: the repository is a shallow clone: its history starts at commit $(git rev-parse --short=7 HEAD) of 2026-01-20, so older pages seem to be created then"
expect_same_listing "$(cd "$WORK/a" && find . | sort)" "$(cd "$WORK/c" && find . | sort)"
expect_contains "$WORK/a/vi/di-tich/dong-xoai/history/index.html" "site of byte-identical"
expect_not_contains "$WORK/c/vi/di-tich/dong-xoai/history/index.html" "site of byte-identical"
run shallow2 "$WARDSITE" build --quiet --repo "$WORK/shallow" --out "$WORK/d"
expect_status 0
expect_same_tree "$WORK/c" "$WORK/d"
finish
