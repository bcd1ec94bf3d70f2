#!/usr/bin/env bash
# make install: the binary and the man page under DESTDIR/PREFIX, and that
# binary alone (the default theme and the plugins are compiled in) makes a
# portal with init and builds it with --strict, far from the sources.
# usage: tests/install-test.sh   (from the top of wardsite's sources)
# Ends with "N passed, N failed".
set -u
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wardsite-install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
passed=0 failed=0
check() { # check WHAT COMMAND...
    local what=$1; shift
    if "$@" >"$TMP/log" 2>&1; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL install: $what"; head -n 20 "$TMP/log"; fi
}
check "make install" make --no-print-directory install DESTDIR="$TMP/dest" PREFIX=/usr
check "the binary" test -x "$TMP/dest/usr/bin/wardsite"
check "the man page" cmp man/wardsite.1 "$TMP/dest/usr/share/man/man1/wardsite.1"
check "nothing else" test "$(cd "$TMP/dest" && find . -type f | sort | tr '\n' ' ')" = \
    "./usr/bin/wardsite ./usr/share/man/man1/wardsite.1 "
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Ban biên tập" GIT_AUTHOR_EMAIL="bbt@example.gov.vn"
W=$TMP/dest/usr/bin/wardsite
check "init with the installed binary" sh -c "cd '$TMP' && '$W' init portal --name 'xã Tân Lập' --base-url https://tanlap.example.gov.vn/ </dev/null"
check "build --strict with the installed binary, no message" sh -c "cd '$TMP/portal' && out=\$('$W' build --strict --quiet 2>&1) && test -z \"\$out\" && test -f public/css/style.css"
check "git status clean after the build" test -z "$(git -C "$TMP/portal" status --porcelain 2>&1)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
