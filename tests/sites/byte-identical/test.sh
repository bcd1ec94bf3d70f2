# The same commit gives byte-identical output: twice in a row, under another
# time zone and locale, and from a shallow clone.
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
expect_same_tree "$WORK/a" "$WORK/c"
finish
