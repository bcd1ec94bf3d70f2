# A shallow clone (git clone --depth 1, as CI makes by default) makes the
# dates, history pages and reports wrong: build warns, build --strict fails,
# and the reports refuse it with exit status 2.
. "$CASE/../_lib.sh"
git clone -q --depth 1 "file://$REPO" "$WORK/shallow" || _fail "git clone --depth 1 failed"
cd "$WORK/shallow"
id=$(git rev-parse --short=7 HEAD)
msg="the repository is a shallow clone: its history starts at commit $id of 2026-03-01, so older pages seem to be created then (fetch the whole history for true dates: git fetch --unshallow, or fetch-depth: 0 in CI)"

run build "$WARDSITE" build --quiet --out "$WORK/out"
expect_status 0
echo "wardsite: warning: $msg" >"$WORK/want"
diff -u "$WORK/want" "$LOG/build.err" || _fail "build: unexpected stderr"

run strict "$WARDSITE" build --quiet --strict --out "$WORK/strict"
expect_status 1
expect_contains "$LOG/strict.err" "wardsite: error: $msg"
expect_absent "$WORK/strict"

for r in freshness translations; do
    run "$r" "$WARDSITE" report "$r"
    expect_status 2
    echo "wardsite: error: $msg" >"$WORK/want"
    diff -u "$WORK/want" "$LOG/$r.err" || _fail "report $r: unexpected stderr"
    expect_lines "$LOG/$r.out" 0
done
run board "$WARDSITE" report --json
expect_status 2
echo "wardsite: error: $msg" >"$WORK/want"
diff -u "$WORK/want" "$LOG/board.err" || _fail "report: unexpected stderr"
expect_lines "$LOG/board.out" 0

# the whole history: no warning, and the reports work
cd "$REPO"
run full "$WARDSITE" report freshness
expect_status 0
expect_lines "$LOG/full.err" 0
finish
