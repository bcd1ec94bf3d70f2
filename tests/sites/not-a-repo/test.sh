# A folder that is not in a git repository, and a repository without a
# commit, are errors of the command line: exit 2 with one line on stderr.
. "$CASE/../_lib.sh"

mkdir -p "$WORK/plain"
cp -R "$REPO/." "$WORK/plain/"
rm -rf "$WORK/plain/.git"
run plain "$WARDSITE" build --quiet --repo "$WORK/plain" --out "$WORK/o-plain"
expect_status 2
expect_lines "$LOG/plain.err" 1
expect_absent "$WORK/o-plain"

# the same from inside the folder, without --repo
run plain-cwd sh -c 'cd "$1" && "$2" build --quiet --out "$3"' - "$WORK/plain" "$WARDSITE" "$WORK/o-cwd"
expect_status 2
expect_lines "$LOG/plain-cwd.err" 1
expect_absent "$WORK/o-cwd"

git init -q "$WORK/empty"
cp -R "$REPO/site.yaml" "$REPO/content" "$WORK/empty/"
run empty "$WARDSITE" build --quiet --repo "$WORK/empty" --out "$WORK/o-empty"
expect_status 2
expect_lines "$LOG/empty.err" 1
expect_absent "$WORK/o-empty"

run missing "$WARDSITE" build --quiet --repo "$WORK/no-such-folder" --out "$WORK/o-missing"
expect_status 2
expect_lines "$LOG/missing.err" 1
expect_absent "$WORK/o-missing"

run badopt "$WARDSITE" build --quiet --no-such-option --repo "$REPO" --out "$WORK/o-badopt"
expect_status 2
expect_lines "$LOG/badopt.err" 1
expect_absent "$WORK/o-badopt"
finish
