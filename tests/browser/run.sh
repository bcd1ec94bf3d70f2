#!/usr/bin/env bash
# The bundled portal as browsers and validators see it: builds it, serves
# it on 127.0.0.1 (a free port, the server stopped at the end), runs
# check.mjs in headless Chromium (axe-core WCAG 2.1 A/AA at 390 and 1280
# px, search, print, weight), screen.mjs (the e-bulletin screens at
# 1920x1080 and 1080x1920), then the Nu HTML Checker over every HTML
# file.  Ends with one line "N passed, N failed" for run-all.sh.
#
# usage: tests/browser/run.sh WARDSITE_BINARY
# Needs /usr/bin/chromium, node, java and tests/browser/node_modules
# (make deps; npm ci) -- `make check` provides them.
set -u
cd "$(dirname "$0")"
HERE=$PWD
WARDSITE=$1
case $WARDSITE in /*) ;; *) WARDSITE=$HERE/../../$WARDSITE ;; esac

passed=0
failed=0
fail() { echo "FAIL browser: $*"; failed=$((failed + 1)); }
for need in /usr/bin/chromium node java; do
    command -v "$need" >/dev/null || fail "$need is missing (make deps installs it)"
done
[ -d node_modules/playwright-core ] || fail "tests/browser/node_modules is missing (npm ci)"
if [ $failed -ne 0 ]; then echo "$passed passed, $failed failed"; exit 1; fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/wardsite-browser.XXXXXX")
SERVER=
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; fi
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# The portal's own commits are developers' work, left out of its public
# history by .git-blame-ignore-revs, so it has no history page until an
# editor changes a page.  The portal is built from a throwaway clone of
# this repository (with the work tree's files and the photo cache) in
# which the editorial board has changed two pages, as the first month of a
# real portal would.
PORTAL=$TMP/portal
TOP=$(cd "$HERE/../.." && pwd)
git clone -q --no-checkout "$TOP" "$PORTAL" && (cd "$PORTAL" && git checkout -q --detach "$(git -C "$TOP" rev-parse HEAD)")
(cd "$TOP" && { git ls-files -co --exclude-standard -z; find .wardsite-cache -type f -print0 2>/dev/null; } |
    tar --null -T - -cf -) | tar -C "$PORTAL" -xf -
(cd "$PORTAL" && printf '\nCập nhật tiến độ tháng 4.\n' >>content/vi/ke-hoach/ke-hoach-108.md &&
    printf '\nProgress update for April.\n' >>content/en/plans/plan-108.md && git add -A &&
    GIT_AUTHOR_NAME="Ban biên tập" GIT_AUTHOR_EMAIL=bbt@example.gov.vn GIT_COMMITTER_NAME="Ban biên tập" \
    GIT_COMMITTER_EMAIL=bbt@example.gov.vn git -c commit.gpgsign=false commit -qm "Cập nhật tiến độ Kế hoạch 108")
PUBLIC=$TMP/public
if ! (cd "$PORTAL" && "$WARDSITE" build --quiet --out "$PUBLIC") >"$TMP/build.log" 2>&1; then
    fail "the bundled portal does not build:"; cat "$TMP/build.log"
    echo "$passed passed, $failed failed"; exit 1
fi

# A port nobody uses: the kernel picks one, and the server binds it at once.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$PUBLIC" "$PORT" >"$TMP/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/vi/')" 2>/dev/null && break
    sleep 0.1
done

node check.mjs "http://127.0.0.1:$PORT/" >"$TMP/check.log" 2>&1
grep -E '^(FAIL|article )' "$TMP/check.log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$TMP/check.log" | tail -n 1)
if [ -n "$line" ]; then
    set -- $line
    passed=$((passed + $1)); failed=$((failed + $3))
else
    fail "check.mjs stopped:"; tail -n 30 "$TMP/check.log"
fi

# The public e-bulletin screens at both orientations (screen.mjs).
node screen.mjs "http://127.0.0.1:$PORT/" >"$TMP/screen.log" 2>&1
grep -E '^FAIL' "$TMP/screen.log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$TMP/screen.log" | tail -n 1)
if [ -n "$line" ]; then
    set -- $line
    passed=$((passed + $1)); failed=$((failed + $3))
else
    fail "screen.mjs stopped:"; tail -n 30 "$TMP/screen.log"
fi

# The Nu HTML Checker: every HTML file of the output, errors only.  One
# check per file.
# A canary with a known error proves that the checker reports errors the
# way this script reads them.
find "$PUBLIC" -name '*.html' | sort >"$TMP/files"
printf '<!doctype html><html lang="vi"><head><title>x</title></head><body><p><div></p></body></html>\n' >"$TMP/canary.html"
java -Xss2m -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --format gnu --exit-zero-always \
    "$TMP/canary.html" $(cat "$TMP/files") >"$TMP/vnu.log" 2>&1
if grep -qF "\"file:$TMP/canary.html\"" "$TMP/vnu.log"; then
    passed=$((passed + 1))
else
    fail "the Nu HTML Checker did not report the error of a broken file:"; head -n 20 "$TMP/vnu.log"
fi
while read -r f; do
    # messages read "file:/tmp/…/vi/index.html":3.5-3.9: error: …
    if grep -qF "\"file:$f\"" "$TMP/vnu.log"; then
        fail "Nu HTML Checker: ${f#$PUBLIC/}:"; grep -F "\"file:$f\"" "$TMP/vnu.log" | sed "s|file:$PUBLIC/||" | head -n 10
    else
        passed=$((passed + 1))
    fi
done <"$TMP/files"
if [ ! -s "$TMP/files" ] || grep -vqF '"file:/' "$TMP/vnu.log"; then
    fail "the Nu HTML Checker did not run:"; head -n 20 "$TMP/vnu.log"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
