# Commits listed in .git-blame-ignore-revs or with the trailer
# "Wardsite-History: skip" are no update and no revision: the page's
# updated date and history page show the editor's change only; a page made
# only by such commits has no history and takes its dates from its front
# matter.
. "$CASE/../_lib.sh"
cd "$REPO"

run build "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_lines "$LOG/build.err" 0
h=$OUT/vi/tin-tuc/bai-mot/history/index.html
expect_contains "$h" "created=2026-01-15T09:00:00+07:00 updated=2026-02-01T08:00:00+07:00"
expect_contains "$h" "authors=Ban biên tập, Trần Thị Bình"
expect_contains "$h" "2026-02-01T08:00:00+07:00 Trần Thị Bình: Bổ sung bài một</li>"
expect_lines <(grep '^<li>' "$h") 2
if grep -q "developer" "$h"; then _fail "an ignored commit is on the history page"; fi
expect_absent "$OUT/vi/tin-tuc/bai-mau/history"
expect_contains "$OUT/vi/tin-tuc/bai-mau/index.html" "date=2026-01-10T00:00:00+07:00"

expect_contains "$OUT/vi/tin-tuc/bai-mot/index.html" "updated=2026-02-01T08:00:00+07:00"
# feeds and the sitemap carry the same date, and nothing later
expect_contains "$OUT/vi/sitemap.xml" "<lastmod>2026-02-01T08:00:00+07:00</lastmod>"
expect_contains "$OUT/vi/atom.xml" "<updated>2026-02-01T08:00:00+07:00</updated>"
if grep -q "2026-03-0" "$OUT/vi/atom.xml" "$OUT/vi/sitemap.xml" "$OUT/vi/feed.json"; then _fail "an ignored commit dates a feed"; fi

# an id that is not a commit: a warning with its line, and the build goes on
printf '\n0123456789abcdef0123456789abcdef01234567\n' >> .git-blame-ignore-revs
git commit -qam "A wrong id"
run bad "$WARDSITE" build --quiet --out "$WORK/bad"
expect_status 0
echo ".git-blame-ignore-revs:4:1: warning: 0123456789abcdef0123456789abcdef01234567 is not a commit of this repository (a typo, or a commit of another clone?); remove the line or correct the id" >"$WORK/want"
diff -u "$WORK/want" "$LOG/bad.err" || _fail "build: unexpected stderr"
finish
