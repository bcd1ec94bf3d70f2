#!/usr/bin/env bash
# The real default theme (its meta tags, JSON-LD, about layout), and a
# commit whose author name holds a payload: git itself strips < and >
# from names, so the commit object is written by hand (as another git
# tool could).
set -eu
top=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p themes
cp -R "$top/themes/default" themes/
git add -A
git commit -q -m "the default theme"
echo "Sửa một chữ." >>content/vi/tin-tuc/bai.md
git add -A
tree=$(git write-tree)
parent=$(git rev-parse HEAD)
name='Tom <script>alert(1)</script>"><img src=x onerror=alert(1)> & Co'"'"
printf 'tree %s\nparent %s\nauthor %s <tom@x.vn> 1768528800 +0700\ncommitter Ban biên tập <bbt@example.gov.vn> 1768528800 +0700\n\n"><script>alert(1)</script> message\n' \
    "$tree" "$parent" "$name" >"$REPO/../commit.txt"
commit=$(git hash-object -t commit -w --literally "$REPO/../commit.txt")
git update-ref HEAD "$commit"
git reset -q --hard
