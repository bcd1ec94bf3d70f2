# help: every command has its help (also as CMD --help); unknown ones exit 2 with one line;
# the man page is well-formed roff.
. "$CASE/../_lib.sh"
run all "$WARDSITE" help
expect_status 0
for c in build serve new report version help; do expect_contains "$LOG/all.out" "usage: wardsite $c"; done
expect_contains "$LOG/all.out" "exit codes: 0 done"
expect_contains "$LOG/all.out" "usage: wardsite report [--repo DIR] [--ref REF] [--worktree] [--json]"
expect_contains "$LOG/all.out" "asked of a shallow clone (its dates would be wrong)"
run one "$WARDSITE" help serve
expect_status 0
expect_contains "$LOG/one.out" "--bind ADDR"
expect_not_contains "$LOG/one.out" "usage: wardsite build"
run dash "$WARDSITE" --help
expect_status 0
# CMD --help (and -h) prints that command's help and exits 0
for c in build serve new publish report; do
    run "$c-help" "$WARDSITE" $c --help
    expect_status 0
    expect_contains "$LOG/$c-help.out" "usage: wardsite $c"
    expect_lines "$LOG/$c-help.err" 0
done
expect_not_contains "$LOG/build-help.out" "usage: wardsite serve"
run rf-help "$WARDSITE" report freshness -h
expect_status 0
expect_contains "$LOG/rf-help.out" "--fail-stale"
run new-help "$WARDSITE" new tin-tuc --help
expect_status 0
expect_contains "$LOG/new-help.out" "--translation-of FILE"
run nope "$WARDSITE" help nope
expect_status 2
expect_lines "$LOG/nope.err" 1
run none "$WARDSITE"
expect_status 2
if command -v man >/dev/null; then
    run man env MANWIDTH=80 man --warnings -l "$CASE/../../../man/wardsite.1"
    expect_status 0
    expect_contains "$LOG/man.out" "EXIT STATUS"
    if [ -s "$LOG/man.err" ]; then _fail "man page warnings:"; cat "$LOG/man.err"; fi
fi
finish
