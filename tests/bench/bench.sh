#!/usr/bin/env bash
# make bench: wardsite and Hugo side by side on the same generated site, in
# the same run, alternating, RUNS times each; medians of wall time, CPU time
# (user+sys) and peak memory, and the ratio wardsite/Hugo.  Then wardsite's
# own figures: rebuild after a one-page edit committed, no-op rebuild.
# Not a test: nothing here passes or fails on time.
#
# usage: tests/bench/bench.sh [PAGES...]   (default: 10000)
set -eu
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
WARDSITE=$PWD/wardsite
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: /usr/bin/time is missing (apt-get install time)"; exit 1; }
HUGO=$(command -v hugo || true)
[ $# -gt 0 ] || set -- 10000
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $($WARDSITE version); ${HUGO:+$(hugo version | cut -d' ' -f1-2)}"

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

# measure NAME CMD...: one run, appends "wall cpu maxrss_kb" to $W/NAME
measure() {
    local name=$1; shift
    "$TIME" -f "%e %U %S %M" -o "$W/t" "$@" >/dev/null 2>"$W/err" || { cat "$W/err"; exit 1; }
    awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$W/t" >>"$W/$name"
}

report() { # report NAME LABEL
    printf "  %-34s wall %7s s   cpu %7s s   peak %7s MB\n" "$2" \
        "$(cut -d' ' -f1 "$W/$1" | median)" "$(cut -d' ' -f2 "$W/$1" | median)" \
        "$(cut -d' ' -f3 "$W/$1" | median | awk '{printf "%.0f", $1 / 1024}')"
}

for N in "$@"; do
    W=$(mktemp -d "${TMPDIR:-/tmp}/wardsite-bench-$N.XXXXXX")
    trap 'rm -rf "$W"' EXIT
    python3 tests/bench/gen.py "$N" "$W/site" >/dev/null
    REPO=$W/site/repo
    echo
    echo "== $N pages ($(find "$REPO/content" -name '*.md' | wc -l) files, $(git -C "$REPO" rev-list --count HEAD) commits)"
    for i in $(seq "$RUNS"); do
        rm -rf "$W/ws-out"
        measure ws_cold "$WARDSITE" build --repo "$REPO" --out "$W/ws-out" --quiet
        if [ -n "$HUGO" ]; then
            rm -rf "$W/hugo-out" "$W/site/hugo/resources"
            measure hugo_cold "$HUGO" --quiet -s "$W/site/hugo" -d "$W/hugo-out"
        fi
    done
    report ws_cold "wardsite cold build"
    if [ -n "$HUGO" ]; then
        report hugo_cold "hugo cold build"
        paste -d' ' "$W/ws_cold" "$W/hugo_cold" >"$W/both"
        printf "  %-34s wall %s   peak memory %s\n" "ratio wardsite/hugo (medians)" \
            "$(echo "$(cut -d' ' -f1 "$W/ws_cold" | median) $(cut -d' ' -f1 "$W/hugo_cold" | median)" | awk '{printf "%.2f", $1 / $2}')" \
            "$(echo "$(cut -d' ' -f3 "$W/ws_cold" | median) $(cut -d' ' -f3 "$W/hugo_cold" | median)" | awk '{printf "%.2f", $1 / $2}')"
    else
        echo "  (hugo is not installed: apt-get install hugo for the comparison)"
    fi
    for i in $(seq "$RUNS"); do
        measure ws_noop "$WARDSITE" build --repo "$REPO" --out "$W/ws-out" --quiet
    done
    report ws_noop "wardsite no-op rebuild"
    for i in $(seq "$RUNS"); do
        f=$(cd "$REPO" && ls content/vi/tin-tuc | head -n 1)
        printf '\nSửa lần %s.\n' "$i" >>"$REPO/content/vi/tin-tuc/$f"
        git -C "$REPO" -c user.name=Bench -c user.email=b@example.gov.vn commit -qam "Sửa một bài"
        measure ws_edit "$WARDSITE" build --repo "$REPO" --out "$W/ws-out" --quiet
    done
    report ws_edit "wardsite rebuild after a one-page edit"
    printf "  %-34s %s MB\n" "output size" "$(du -sm "$W/ws-out" | cut -f1)"
    rm -rf "$W"
    trap - EXIT
done
