#!/usr/bin/env bash
# The bad-input corpus of wardsite: every case a broken site, each with the
# exact messages it must give.
# usage: tests/bad/run.sh WARDSITE_BINARY [--regen] [CASE...]
# See tests/bad/README.md.
set -u
export LC_ALL=C.UTF-8 TZ=UTC WARDSITE_MESSAGES=en

usage() { echo "usage: $0 WARDSITE_BINARY [--regen] [CASE...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
WARDSITE=$1; shift
case $WARDSITE in /*) ;; *) WARDSITE=$PWD/$WARDSITE ;; esac
[ -x "$WARDSITE" ] || { echo "$0: not an executable: $WARDSITE" >&2; exit 2; }
export WARDSITE
LIMIT=${BAD_TIMEOUT:-60} # seconds a build may take before it counts as a hang

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
THEME=$HERE/../sites/_theme
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
git() { command git -c commit.gpgsign=false -c init.defaultBranch=main "$@"; }
export -f git

TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/wardsite-bad.XXXXXX")
trap 'rm -rf "$TMPROOT"' EXIT INT TERM

passed=0
failed=0

# A fingerprint of a whole tree: every entry's type, path, size, mode,
# modification time and link target, and every file's contents.
tree_hash() {
    (cd "$1" && find . -printf '%y %P %s %m %T@ %l\n' | LC_ALL=C sort &&
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) | sha256sum
}

run_case() {
    local name=$1 dir=$HERE/$1 tmp repo out
    local problems
    if [ ! -d "$dir" ]; then echo "FAIL $name: no such case"; failed=$((failed + 1)); return; fi
    # the repository and ../out in work/, nothing else: a failed build
    # must leave that folder as it was; the logs go beside it
    tmp=$TMPROOT/$name
    mkdir -p "$tmp/work"
    repo=$tmp/work/repo out=$tmp/work/out problems=$tmp/problems
    : >"$problems"

    # 1. the base site, committed and built into ../out
    git init -q -b main "$repo"
    cp -R "$HERE/_base/site/." "$repo/"
    mkdir -p "$repo/themes" && cp -R "$THEME" "$repo/themes/test"
    (cd "$repo" && git add -A && git commit -q -m "base site") || {
        echo "FAIL $name: could not commit the base site"; failed=$((failed + 1)); return; }
    (cd "$repo" && timeout "$LIMIT" "$WARDSITE" build --quiet --out ../out) >"$tmp/base.out" 2>"$tmp/base.err"
    local st=$?
    if [ $st -ne 0 ] || [ -s "$tmp/base.err" ]; then
        echo "FAIL $name: the base site does not build (exit $st)"; head -n 20 "$tmp/base.err"
        failed=$((failed + 1)); return
    fi
    local before listing
    before=$(tree_hash "$out")
    listing=$(ls -A "$tmp/work")

    # 2. the case: files laid over the base, setup.sh, one more commit
    if [ -d "$dir/site" ]; then cp -R "$dir/site/." "$repo/"; fi
    if [ -f "$dir/setup.sh" ]; then
        local head0
        head0=$(git -C "$repo" rev-parse HEAD)
        if ! (cd "$repo" && REPO=$repo CASE=$dir bash "$dir/setup.sh") >"$tmp/setup.log" 2>&1; then
            echo "FAIL $name: setup.sh failed"; head -n 20 "$tmp/setup.log"; failed=$((failed + 1)); return
        fi
        # a setup.sh that made its own commit (git plumbing) is built as it is
        if [ "$(git -C "$repo" rev-parse HEAD)" != "$head0" ]; then touch "$tmp/committed"; fi
    fi
    if [ ! -e "$tmp/committed" ]; then
        (cd "$repo" && git add -A && git commit -q --allow-empty -m "broken: $name") || {
            echo "FAIL $name: could not commit the case"; failed=$((failed + 1)); return; }
    fi

    # 3. the broken build, into the same folder
    local args=() envs=() t0 t1 secs
    if [ -f "$dir/args" ]; then read -r -a args <<<"$(tr '\n' ' ' <"$dir/args")"; fi
    if [ -f "$dir/env" ]; then mapfile -t envs <"$dir/env"; fi
    t0=$(date +%s%N)
    (cd "$repo" && env "${envs[@]}" timeout "$LIMIT" "$WARDSITE" build --quiet --out ../out "${args[@]}") \
        >"$tmp/stdout" 2>"$tmp/stderr"
    st=$?
    t1=$(date +%s%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')

    if [ $st -eq 124 ]; then echo "hung: killed after ${LIMIT} s" >>"$problems"; fi
    if [ $st -gt 128 ] && [ $st -ne 124 ]; then echo "crashed: killed by signal $((st - 128))" >>"$problems"; fi
    if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer' "$tmp/stderr"; then
        echo "sanitizer report:" >>"$problems"; head -n 30 "$tmp/stderr" >>"$problems"
    fi

    if [ $REGEN -eq 1 ] && [ ! -s "$problems" ]; then
        cp "$tmp/stderr" "$dir/expected.stderr"
        echo $st >"$dir/expected.status"
        echo "PASS $name (regenerated, ${secs} s): review it:"
        sed 's/^/    /' "$dir/expected.stderr"
        passed=$((passed + 1))
        return
    fi

    local want_status=1
    if [ -f "$dir/expected.status" ]; then want_status=$(tr -d ' \n' <"$dir/expected.status"); fi
    if [ "$st" != "$want_status" ]; then
        echo "exit status: expected $want_status, got $st" >>"$problems"
    fi
    if [ ! -f "$dir/expected.stderr" ]; then
        echo "no expected.stderr (run with --regen and review it); stderr was:" >>"$problems"
        cat "$tmp/stderr" >>"$problems"
    elif ! cmp -s "$dir/expected.stderr" "$tmp/stderr"; then
        echo "stderr differs:" >>"$problems"
        diff -u --label expected.stderr --label stderr "$dir/expected.stderr" "$tmp/stderr" >>"$problems"
    fi
    if [ "$st" -ne 0 ]; then
        if [ "$(tree_hash "$out")" != "$before" ]; then
            echo "the failed build changed the previous output in ../out" >>"$problems"
        fi
        if [ "$(ls -A "$tmp/work")" != "$listing" ]; then
            echo "the failed build left files beside ../out: $(ls -A "$tmp/work" | tr '\n' ' ')" >>"$problems"
        fi
    elif [ ! -f "$out/index.html" ]; then
        echo "the build succeeded but wrote no ../out/index.html" >>"$problems"
    fi
    # expected.files: paths the output must have, or (with a leading !) must not
    if [ -f "$dir/expected.files" ]; then
        local p
        while IFS= read -r p; do
            case $p in
                '') ;;
                '!'*) if [ -e "$out/${p#!}" ] || [ -L "$out/${p#!}" ]; then echo "the output must not have ${p#!}" >>"$problems"; fi ;;
                *) if [ ! -e "$out/$p" ]; then echo "the output has no $p" >>"$problems"; fi ;;
            esac
        done <"$dir/expected.files"
    fi

    if [ -s "$problems" ]; then
        echo "FAIL $name (${secs} s)${dir:+: $(head -n 1 "$dir/about" 2>/dev/null)}"
        head -n 40 "$problems" | sed 's/^/    /'
        failed=$((failed + 1))
    else
        echo "PASS $name (${secs} s)"; passed=$((passed + 1))
    fi
}

for c in "${CASES[@]}"; do run_case "$c"; done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
