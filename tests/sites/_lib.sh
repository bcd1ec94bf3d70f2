# Helpers for test.sh cases; source "$CASE/../_lib.sh".
# Every assertion prints what it expected and what it got when it fails.
set -u
export LC_ALL=C.UTF-8 TZ=UTC WARDSITE_MESSAGES=en
: "${WARDSITE:?}" "${REPO:?}" "${OUT:?}" "${WORK:?}" "${CASE:?}"
_failures=0
_n=0
LOG=$WORK/log
mkdir -p "$LOG"

_fail() { echo "FAILED: $*"; _failures=$((_failures + 1)); }

# run NAME CMD...: runs CMD, keeping stdout, stderr and status in
# $LOG/NAME.out, $LOG/NAME.err and $status.
run() {
    local name=$1; shift
    _n=$((_n + 1))
    "$@" >"$LOG/$name.out" 2>"$LOG/$name.err"
    status=$?
    last=$name
    return 0
}

show_last() {
    echo "  command output ($last): stdout:"; sed 's/^/    /' "$LOG/$last.out" | head -n 10
    echo "  stderr:"; sed 's/^/    /' "$LOG/$last.err" | head -n 10
}

# expect_status WANT: the status of the last run
expect_status() {
    if [ "$status" != "$1" ]; then
        _fail "$last: expected exit status $1, got $status"; show_last
    fi
}

# expect_lines FILE N: FILE has exactly N lines
expect_lines() {
    local got
    got=$(wc -l <"$1")
    if [ "$got" != "$2" ]; then
        _fail "expected $2 line(s) in $(basename "$1"), got $got:"; sed 's/^/    /' "$1" | head -n 10
    fi
}

# expect_contains FILE TEXT / expect_not_contains FILE TEXT
expect_contains() {
    if [ ! -f "$1" ]; then _fail "expected file $1 (to contain '$2'), but it does not exist"; return; fi
    grep -qF -- "$2" "$1" || { _fail "expected $1 to contain '$2', it has:"; sed 's/^/    /' "$1" | head -n 15; }
}
expect_not_contains() {
    if [ ! -f "$1" ]; then _fail "expected file $1 (not to contain '$2'), but it does not exist"; return; fi
    if grep -qF -- "$2" "$1"; then _fail "expected $1 not to contain '$2', it has:"; grep -nF -- "$2" "$1" | head -n 5; fi
}

expect_exists() { [ -e "$1" ] || _fail "expected $1 to exist, it does not"; }
expect_absent() { [ ! -e "$1" ] || _fail "expected $1 not to exist, it does"; }

# expect_same_tree A B: diff -r A B is empty
expect_same_tree() {
    local d
    if ! d=$(diff -r "$1" "$2" 2>&1); then
        _fail "expected $1 and $2 to be identical, diff -r says:"; echo "$d" | head -n 30
    fi
}

# expect_same_listing WANT GOT: two `ls -A` listings (strings)
expect_same_listing() {
    if [ "$1" != "$2" ]; then
        _fail "expected the folder to hold [$(echo $1)], it holds [$(echo $2)]"
    fi
}

finish() {
    if [ $_failures -ne 0 ]; then echo "$_failures assertion(s) failed"; exit 1; fi
    echo "ok ($_n runs)"
    exit 0
}
