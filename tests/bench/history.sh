#!/usr/bin/env bash
# make bench-history: what the git history costs.  Generates a site of
# PAGES pages written over COMMITS commits (tests/bench/history-repo.py:
# eight editors, edits, renames), then medians of RUNS runs of the history
# pass alone, a cold build, a no-op rebuild and a rebuild after a one-page
# edit.  Not a test: nothing here passes or fails on time.
#
# usage: tests/bench/history.sh [PAGES [COMMITS]]   (default: 10000 5000)
set -eu
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
PAGES=${1:-10000}
COMMITS=${2:-5000}
WARDSITE=$PWD/wardsite
WALK=$PWD/build/history-walk
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: /usr/bin/time is missing (apt-get install time)"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/wardsite-bench-history.XXXXXX")
trap 'rm -rf "$W"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

git init -q -b main "$W/repo"
python3 tests/bench/history-repo.py "$PAGES" "$COMMITS" | git -C "$W/repo" fast-import --quiet
git -C "$W/repo" checkout -q -f main
git -C "$W/repo" gc -q
echo "machine: $(nproc) cores; $($WARDSITE version)"
echo "== $PAGES pages, $(git -C "$W/repo" rev-list --count HEAD) commits"

for i in $(seq "$RUNS"); do "$WALK" "$W/repo" | cut -d' ' -f1 >>"$W/walk"; done
set -- $("$WALK" "$W/repo")
printf "  %-38s %7s s   (%s files, %s commits changed them)\n" "history pass alone" "$(median <"$W/walk")" "$2" "$3"

measure() { # measure NAME CMD...
    local name=$1; shift
    "$TIME" -f "%e %U %S %M" -o "$W/t" "$@" >/dev/null 2>"$W/err" || { cat "$W/err"; exit 1; }
    awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$W/t" >>"$W/$name"
}
report() { # report NAME LABEL
    printf "  %-38s wall %7s s   cpu %7s s   peak %5s MB\n" "$2" \
        "$(cut -d' ' -f1 "$W/$1" | median)" "$(cut -d' ' -f2 "$W/$1" | median)" \
        "$(cut -d' ' -f3 "$W/$1" | median | awk '{printf "%.0f", $1 / 1024}')"
}
for i in $(seq "$RUNS"); do
    rm -rf "$W/out"
    measure cold "$WARDSITE" build --repo "$W/repo" --out "$W/out" --quiet
done
report cold "cold build (history pass included)"
echo "  history pass / (cold build - history pass): $(echo "$(median <"$W/walk") $(cut -d' ' -f1 "$W/cold" | median)" | awk '{printf "%.0f %%", 100 * $1 / ($2 - $1)}')"
for i in $(seq "$RUNS"); do measure noop "$WARDSITE" build --repo "$W/repo" --out "$W/out" --quiet; done
report noop "no-op rebuild"
for i in $(seq "$RUNS"); do
    f=$(cd "$W/repo" && ls content/vi/tin-tuc | head -n 1)
    printf '\nSửa lần %s.\n' "$i" >>"$W/repo/content/vi/tin-tuc/$f"
    git -C "$W/repo" -c user.name=Bench -c user.email=b@example.gov.vn commit -qam "Sửa một bài"
    measure edit "$WARDSITE" build --repo "$W/repo" --out "$W/out" --quiet
done
report edit "rebuild after a one-page edit"
