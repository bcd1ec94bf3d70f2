#!/usr/bin/env bash
# make bench: wardsite and Hugo side by side on the same generated site, in
# the same run, alternating, RUNS times each; medians of wall time, CPU time
# (user+sys) and peak memory, and the ratio wardsite/Hugo.  Then wardsite's
# own figures: where a cold build's time goes, no-op rebuild, rebuild after
# a one-page edit committed, memory per 1,000 pages.  Not a test: nothing
# here passes or fails on time.
#
# usage: tests/bench/bench.sh [PAGES...]   (default: 10000)
# RUNS (default 5) runs of each; Hugo is left out above HUGO_MAX_PAGES
# (default 10000: a 50,000-page Hugo build takes many minutes and GiB).
set -eu
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
HUGO_MAX_PAGES=${HUGO_MAX_PAGES:-10000}
WARDSITE=$PWD/wardsite
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: /usr/bin/time is missing (apt-get install time)"; exit 1; }
HUGO=$(command -v hugo || true)
[ $# -gt 0 ] || set -- 10000
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $($WARDSITE version); ${HUGO:+$(hugo version | cut -d' ' -f1-2)}"
echo "runs: $RUNS of each, alternating; figures are medians"

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

# measure NAME CMD...: one run, appends "wall cpu maxrss_kb" to $W/NAME
measure() {
    local name=$1; shift
    "$TIME" -f "%e %U %S %M" -o "$W/t" "$@" >/dev/null 2>"$W/err" || { cat "$W/err"; exit 1; }
    awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$W/t" >>"$W/$name"
}

col() { cut -d' ' -f"$2" "$W/$1" | median; }

report() { # report NAME LABEL
    printf "  %-40s wall %8s s   cpu %8s s   peak %6s MB\n" "$2" "$(col "$1" 1)" "$(col "$1" 2)" \
        "$(col "$1" 3 | awk '{printf "%.0f", $1 / 1024}')"
}

ratio() { echo "$1 $2" | awk '{printf "%.3f", $1 / $2}'; }

for N in "$@"; do
    W=$(mktemp -d "${TMPDIR:-/tmp}/wardsite-bench-$N.XXXXXX")
    trap 'rm -rf "$W"' EXIT
    python3 tests/bench/gen.py "$N" "$W/site" >/dev/null
    REPO=$W/site/repo
    echo
    echo "== $N pages ($(find "$REPO/content" -name '*.md' | wc -l) Markdown files, $(git -C "$REPO" rev-list --count HEAD) commits by $(git -C "$REPO" log --format=%an | sort -u | wc -l) authors)"
    with_hugo=
    [ -n "$HUGO" ] && [ "$N" -le "$HUGO_MAX_PAGES" ] && with_hugo=1
    for i in $(seq "$RUNS"); do
        # cold: no output, no cache (photos, build state, spare tree)
        rm -rf "$W/ws-out" "$REPO/.wardsite-cache"
        measure ws_cold "$WARDSITE" build --repo "$REPO" --out "$W/ws-out" --quiet
        if [ -n "$with_hugo" ]; then
            rm -rf "$W/hugo-out" "$W/site/hugo/resources"
            measure hugo_cold "$HUGO" --quiet -s "$W/site/hugo" -d "$W/hugo-out"
        fi
    done
    report ws_cold "wardsite cold build (git history on)"
    if [ -n "$with_hugo" ]; then
        report hugo_cold "hugo cold build"
        printf "  %-40s wall %s   cpu %s   peak memory %s\n" "ratio wardsite/hugo" \
            "$(ratio "$(col ws_cold 1)" "$(col hugo_cold 1)")" "$(ratio "$(col ws_cold 2)" "$(col hugo_cold 2)")" \
            "$(ratio "$(col ws_cold 3)" "$(col hugo_cold 3)")"
        printf "  %-40s %s pages (hugo), %s files (wardsite)\n" "output" \
            "$(find "$W/hugo-out" -name index.html | wc -l)" "$(find "$W/ws-out" -type f | wc -l)"
    elif [ -n "$HUGO" ]; then
        echo "  (hugo left out above HUGO_MAX_PAGES=$HUGO_MAX_PAGES)"
    else
        echo "  (hugo is not installed: apt-get install hugo for the comparison)"
    fi
    printf "  %-40s %s MB\n" "wardsite peak memory per 1,000 pages" \
        "$(col ws_cold 3 | awk -v n="$N" '{printf "%.1f", $1 / 1024 / (n / 1000)}')"
    rm -rf "$W/ws-out" "$REPO/.wardsite-cache"
    echo "  one cold build, by phase: $(WARDSITE_TIMINGS=1 "$WARDSITE" build --repo "$REPO" --out "$W/ws-out" --quiet 2>&1 | sed -n 's/^wardsite: timings: //p')"
    # the first rebuild makes the spare tree's folders; later ones reuse them
    "$WARDSITE" build --repo "$REPO" --out "$W/ws-out" --quiet
    for i in $(seq "$RUNS"); do
        measure ws_noop "$WARDSITE" build --repo "$REPO" --out "$W/ws-out" --quiet
    done
    report ws_noop "wardsite no-op rebuild"
    f=$(cd "$REPO" && ls content/vi/tin-tuc | head -n 1)
    for i in $(seq "$RUNS"); do
        printf '\nSửa lần %s.\n' "$i" >>"$REPO/content/vi/tin-tuc/$f"
        git -C "$REPO" -c user.name=Bench -c user.email=b@example.gov.vn commit -qam "Sửa một bài"
        measure ws_edit "$WARDSITE" build --repo "$REPO" --out "$W/ws-out" --quiet
    done
    report ws_edit "wardsite rebuild after a one-page edit"
    printf '\nSửa lần cuối.\n' >>"$REPO/content/vi/tin-tuc/$f"
    git -C "$REPO" -c user.name=Bench -c user.email=b@example.gov.vn commit -qam "Sửa một bài"
    echo "  one such rebuild, by phase: $(WARDSITE_TIMINGS=1 "$WARDSITE" build --repo "$REPO" --out "$W/ws-out" --quiet 2>&1 | sed -n 's/^wardsite: timings: //p')"
    printf "  %-40s %s MB\n" "output size" "$(du -sm "$W/ws-out" | cut -f1)"
    rm -rf "$W"
    trap - EXIT
done
