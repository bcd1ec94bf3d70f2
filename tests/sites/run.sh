#!/usr/bin/env bash
# Whole-site golden tests of wardsite.
# usage: tests/sites/run.sh WARDSITE_BINARY [--regen] [CASE...]
# See tests/sites/README.md.
set -u
export LC_ALL=C.UTF-8 TZ=UTC WARDSITE_MESSAGES=en

usage() { echo "usage: $0 WARDSITE_BINARY [--regen] [CASE...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
WARDSITE=$1; shift
case $WARDSITE in /*) ;; *) WARDSITE=$PWD/$WARDSITE ;; esac
[ -x "$WARDSITE" ] || { echo "$0: not an executable: $WARDSITE" >&2; exit 2; }
export WARDSITE

REGEN=0
CASES=()
for a in "$@"; do
    case $a in
        --regen) REGEN=1 ;;
        -*) usage ;;
        *) CASES+=("${a%/}") ;;
    esac
done

HERE=$(cd "$(dirname "$0")" && pwd)
if [ ${#CASES[@]} -eq 0 ]; then
    for d in "$HERE"/*/; do
        n=$(basename "$d")
        case $n in _*) continue ;; esac
        CASES+=("$n")
    done
fi

# Reproducible git: fixed identity and dates, no user or system config.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Ban biên tập" GIT_AUTHOR_EMAIL="bbt@example.gov.vn"
export GIT_COMMITTER_NAME="Ban biên tập" GIT_COMMITTER_EMAIL="bbt@example.gov.vn"
export GIT_AUTHOR_DATE="2026-01-15T09:00:00+07:00" GIT_COMMITTER_DATE="2026-01-15T09:00:00+07:00"
git() { command git -c commit.gpgsign=false -c tag.gpgsign=false -c init.defaultBranch=main "$@"; }
export -f git

TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/wardsite-sites.XXXXXX")
trap 'rm -rf "$TMPROOT"' EXIT INT TERM

passed=0
failed=0

# fail NAME MESSAGE: prints the failure header, details follow on stdin
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }

run_case() {
    local name=$1 dir=$HERE/$1 tmp repo out
    if [ ! -d "$dir" ]; then fail "$name" "no such case"; return; fi
    tmp=$TMPROOT/$name
    mkdir -p "$tmp"
    repo=$tmp/repo out=$tmp/out
    git init -q -b main "$repo"
    if [ -d "$dir/site" ]; then cp -R "$dir/site/." "$repo/"; fi
    if [ ! -d "$dir/site/themes" ]; then
        mkdir -p "$repo/themes"
        cp -R "$HERE/_theme" "$repo/themes/test"
    fi
    (cd "$repo" && git add -A && git commit -q --allow-empty -m "site of $name") || {
        fail "$name" "could not commit the site"; return; }
    if [ -x "$dir/setup.sh" ]; then
        local slog=$tmp/setup.log
        if ! (cd "$repo" && REPO=$repo WARDSITE=$WARDSITE "$dir/setup.sh") >"$slog" 2>&1; then
            fail "$name" "setup.sh failed"; head -n 40 "$slog"; return
        fi
    fi

    if [ -f "$dir/test.sh" ]; then
        local log=$tmp/test.log
        if (cd "$tmp" && WARDSITE=$WARDSITE REPO=$repo OUT=$out CASE=$dir WORK=$tmp \
                bash "$dir/test.sh") >"$log" 2>&1; then
            echo "PASS $name"; passed=$((passed + 1))
        else
            fail "$name" "test.sh"; head -n 40 "$log"
        fi
        return
    fi

    local args=() status want_status=0
    if [ -f "$dir/args" ]; then read -r -a args <<<"$(tr '\n' ' ' <"$dir/args")"; fi
    (cd "$repo" && "$WARDSITE" build --quiet --out ../out "${args[@]}") \
        >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?

    if [ $REGEN -eq 1 ]; then
        rm -rf "$dir/expected" "$dir/expected.stderr" "$dir/expected.status"
        if [ $status -eq 0 ] && [ -d "$out" ]; then cp -R "$out" "$dir/expected"; fi
        if [ -s "$tmp/stderr" ]; then cp "$tmp/stderr" "$dir/expected.stderr"; fi
        if [ $status -ne 0 ]; then echo $status >"$dir/expected.status"; fi
        echo "PASS $name (regenerated)"; passed=$((passed + 1))
        return
    fi

    if [ -f "$dir/expected.status" ]; then want_status=$(tr -d ' \n' <"$dir/expected.status"); fi
    local problems=$tmp/problems
    : >"$problems"
    if [ "$status" != "$want_status" ]; then
        echo "exit status: expected $want_status, got $status" >>"$problems"
    fi
    if [ -f "$dir/expected.stderr" ]; then
        if ! cmp -s "$dir/expected.stderr" "$tmp/stderr"; then
            echo "stderr differs:" >>"$problems"
            diff -u --label expected.stderr --label stderr "$dir/expected.stderr" "$tmp/stderr" >>"$problems"
        fi
    elif [ -s "$tmp/stderr" ]; then
        echo "stderr should be empty, got:" >>"$problems"
        cat "$tmp/stderr" >>"$problems"
    fi
    if [ "$want_status" = 0 ]; then
        if [ ! -d "$dir/expected" ]; then
            echo "no expected/ folder (run with --regen and review it)" >>"$problems"
        elif [ ! -d "$out" ]; then
            echo "no output folder was written" >>"$problems"
        elif ! diff -r "$dir/expected" "$out" >/dev/null 2>&1; then
            echo "output differs from expected/:" >>"$problems"
            (cd "$tmp" && rm -rf expected && cp -R "$dir/expected" expected &&
                diff -ruN expected out) >>"$problems"
        fi
    elif [ -e "$out" ]; then
        echo "a failed build must not create the output folder, but $out exists" >>"$problems"
    fi

    if [ -s "$problems" ]; then
        fail "$name"; head -n 40 "$problems"
    else
        echo "PASS $name"; passed=$((passed + 1))
    fi
}

for c in "${CASES[@]}"; do run_case "$c"; done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
