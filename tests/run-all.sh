#!/usr/bin/env bash
# The whole suite: every unit test binary, then the whole-site tests, first
# against the sanitizer build (memory errors, leaks, undefined behaviour),
# then against the optimised binary that `make site` uses.  Ends with one
# line "N passed, N failed" that sums them all.
#
# Environment: UNIT_DIR (default build/san), WARDSITE (default
# build/san/wardsite), RELEASE (default ./wardsite; empty to skip),
# VALGRIND=1 to run the unit tests and fuzz targets under valgrind, BROWSER=0
# to leave out the browser and HTML-validity tests (tests/browser/run.sh),
# PORTAL=0 to leave out the portal, incremental, serve and editor tests too.
set -u
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8 WARDSITE_MESSAGES=en
UNIT_DIR=${UNIT_DIR:-build/san}
WARDSITE=${WARDSITE:-build/san/wardsite}
RELEASE=${RELEASE-./wardsite}
BROWSER=${BROWSER:-1}
PORTAL=${PORTAL:-1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

passed=0
failed=0

# count LOG: adds the last "N passed, N failed" line of LOG; a run without
# one (a crash) counts as one failure.
count() {
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1))
        return
    fi
    set -- $line
    passed=$((passed + $1))
    failed=$((failed + $3))
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$UNIT_DIR"/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    if [ "${VALGRIND:-0}" = 1 ]; then
        valgrind -q --error-exitcode=99 --leak-check=full "$t" >"$log" 2>&1
    else
        "$t" >"$log" 2>&1
    fi
    rc=$?
    if [ $rc -ne 0 ] && ! grep -qE '^[0-9]+ passed, [1-9][0-9]* failed' "$log"; then
        echo "unit $name: exit $rc"; cat "$log"
        failed=$((failed + 1))
    fi
    count "$log"
    echo "unit $name: $(tail -n 1 "$log")"
    grep -E 'FAIL|ERROR|runtime error' "$log" | head -20
done

# The libFuzzer targets as plain programs over their seed corpus and the
# inputs fuzzing found bugs with (tests/fuzz/regress.sh).
tests/fuzz/regress.sh "$UNIT_DIR" >"$log" 2>&1
grep -E '^FAIL' -A 40 "$log" | head -60
count "$log"
echo "fuzz regress: $(tail -n 1 "$log")"

# The message catalogue: every message has its Vietnamese entry, every
# entry is still a message, the arguments agree (tests/messages-test.py).
python3 tests/messages-test.py >"$log" 2>&1
grep -E '^FAIL' -A 40 "$log" | head -60
count "$log"
echo "messages: $(tail -n 1 "$log")"

run_sites() {
    tests/sites/run.sh "$1" >"$log" 2>&1
    grep -E '^(FAIL|ERROR)' -A 40 "$log" | head -200
    count "$log"
    echo "sites ($1): $(tail -n 1 "$log")"
}
run_sites "$WARDSITE"
[ -n "$RELEASE" ] && run_sites "$RELEASE"

# make install into a temporary DESTDIR, and the installed binary alone.
tests/install-test.sh >"$log" 2>&1
grep -E '^FAIL' -A 20 "$log" | head -40
count "$log"
echo "install: $(tail -n 1 "$log")"

# wardsite init's questions on a terminal (a pty).
python3 tests/init-prompt-test.py "$WARDSITE" >"$log" 2>&1
grep -E '^FAIL' -A 2 "$log" | head -40
count "$log"
echo "init prompts: $(tail -n 1 "$log")"

# The bundled portal, built by the sanitizer binary, checked as a visitor
# would use it.
if [ "$PORTAL" = 1 ]; then
python3 tests/portal-check.py "$WARDSITE" >"$log" 2>&1
grep -E '^FAIL' "$log" | head -40
count "$log"
echo "portal: $(tail -n 1 "$log")"

# Incremental builds equal clean builds over a scripted sequence of
# commits; the sanitizer build.
python3 tests/incremental-test.py "$WARDSITE" >"$log" 2>&1
grep -E '^FAIL' -A 20 "$log" | head -60
count "$log"
echo "incremental: $(tail -n 1 "$log")"

# The bad-input corpus: every broken site gives its exact messages and
# leaves the previous output as it was; the sanitizer build.
tests/bad/run.sh "$WARDSITE" >"$log" 2>&1
grep -E '^FAIL' -A 20 "$log" | head -80
count "$log"
echo "bad input: $(tail -n 1 "$log")"

# Builds killed with SIGKILL at random and at chosen calls leave --out the
# old or the new site and nothing the next build trusts; the killed builds
# are the release binary's when there is one (faster, and a SIGKILL leaves
# a sanitizer nothing to find), the builds after them the sanitizer's.
KILL_WARDSITE=$RELEASE python3 tests/kill-test.py "$WARDSITE" >"$log" 2>&1
grep -E '^FAIL' -A 12 "$log" | head -60
count "$log"
echo "kill: $(tail -n 1 "$log")"

# A build writes only in --out and its cache folder (strace, and a
# read-only file system around them when root); sanitizer build.
python3 tests/confine-test.py "$WARDSITE" >"$log" 2>&1
grep -E '^FAIL' -A 20 "$log" | head -60
count "$log"
echo "confine: $(tail -n 1 "$log")"

# --out never deletes a folder wardsite did not make (build, publish,
# serve); a full disk, a read-only output and a kill -9 during publish
# leave the previous output and branch as they were; the swap is synced in
# order (strace); sanitizer build.
python3 tests/out-test.py "$WARDSITE" >"$log" 2>&1
grep -E '^(FAIL|SKIP)' -A 12 "$log" | head -60
count "$log"
echo "out: $(tail -n 1 "$log")"

# The preview server over loopback, sanitizer build.
python3 tests/serve-test.py "$WARDSITE" >"$log" 2>&1
grep -E '^FAIL' -A 30 "$log" | head -60
count "$log"
echo "serve: $(tail -n 1 "$log")"

# Slowloris against the preview server over loopback, sanitizer build.
python3 tests/serve-flood-test.py "$WARDSITE" >"$log" 2>&1
grep -E '^FAIL' -A 30 "$log" | head -60
count "$log"
echo "serve-flood: $(tail -n 1 "$log")"

# The editor's day on a fresh machine in Vietnamese (LANG=vi_VN.UTF-8, no
# WARDSITE_MESSAGES): init, new with a photo and its translation, build,
# serve with an error and a warning, report, publish --push to a bare
# repository; every message compared whole; sanitizer build.
python3 tests/editor-test.py "$WARDSITE" >"$log" 2>&1
grep -E '^FAIL' -A 30 "$log" | head -80
count "$log"
echo "editor: $(tail -n 1 "$log")"
fi

# The same portal served on 127.0.0.1 to headless Chromium (axe-core WCAG
# 2.1 A/AA at phone and desktop widths, search, print) and checked by the
# Nu HTML Checker.
if [ "$BROWSER" = 1 ]; then
    tests/browser/run.sh "$WARDSITE" >"$log" 2>&1
    grep -E '^FAIL' -A 12 "$log" | head -80
    count "$log"
    echo "browser: $(tail -n 1 "$log")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
