#!/usr/bin/env bash
# The libFuzzer targets as plain programs (tests/fuzz/driver.c, built by
# the Makefile as DIR/fuzz_TARGET with gcc and the sanitizers of DIR's
# build) over their seed corpus, tests/fuzz/corpus/TARGET/, and the
# reproducers of every crash, leak or hang fuzzing found,
# tests/fuzz/regress/TARGET/.  No clang needed: `make check` runs it.
# usage: tests/fuzz/regress.sh DIR      (VALGRIND=1: under memcheck)
# Ends with "N passed, N failed": one per input file; a target that
# crashes counts as one failure more, with its log shown.
set -u
cd "$(dirname "$0")/../.."
DIR=${1:?usage: tests/fuzz/regress.sh BUILD_DIR}
TARGETS="frontmatter markdown template csv image media"
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in $TARGETS; do
    bin=$DIR/fuzz_$t
    files=()
    for f in tests/fuzz/corpus/$t/* tests/fuzz/regress/$t/*; do
        [ -f "$f" ] && files+=("$f")
    done
    if [ ! -x "$bin" ]; then
        echo "FAIL fuzz_$t: no $bin (make $bin)"
        failed=$((failed + 1))
        continue
    fi
    if [ "${VALGRIND:-0}" = 1 ]; then
        valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
            "$bin" "${files[@]}" >"$log" 2>&1
    else
        "$bin" "${files[@]}" >"$log" 2>&1
    fi
    rc=$?
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ $rc -ne 0 ] || [ -z "$line" ]; then
        echo "FAIL fuzz_$t: exit $rc"
        tail -n 40 "$log"
        failed=$((failed + 1))
        continue
    fi
    set -- $line
    passed=$((passed + $1))
    failed=$((failed + $3))
    echo "PASS fuzz_$t: $1 inputs"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
