# Git facts in pages: dates of pages without a front-matter date, authors,
# revisions that follow a rename, a bundle's files together, the revision
# history pages, no e-mail anywhere; the work tree builds with the history
# of HEAD; a theme without history.html makes no history pages.
. "$CASE/../_lib.sh"
cd "$REPO"

run build "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_lines "$LOG/build.err" 0

# a page without a front-matter date is dated by its first commit, and
# updated by its last; the front matter wins where it has a date
p=$OUT/vi/tin-tuc/khong-ngay/index.html
expect_contains "$p" "date=2026-01-15T09:00:00+07:00"
expect_contains "$p" "updated=2026-01-20T08:00:00+07:00 authors=Ban biên tập, Trần Thị Bình history=/vi/tin-tuc/khong-ngay/history/"
expect_contains "$OUT/vi/tin-tuc/co-ngay-moi/index.html" "date=2025-12-01T00:00:00+07:00"

# the history page of the renamed page goes back past the rename
h=$OUT/vi/tin-tuc/co-ngay-moi/history/index.html
first=$(git rev-parse HEAD~5) rename=$(git rev-parse HEAD~2)
expect_contains "$h" "<li>$rename ${rename:0:7} 2026-02-01T08:00:00+07:00 Lê Chi: Đổi tên bài có ngày</li>"
expect_contains "$h" "<li>$first ${first:0:7} 2026-01-15T09:00:00+07:00 Ban biên tập: site of history</li>"
expect_contains "$h" "authors=Ban biên tập, Lê Chi"
expect_contains "$h" "created=2025-12-01T00:00:00+07:00 updated=2026-02-01T08:00:00+07:00"
expect_contains "$h" "kind=history title=Bài có ngày url=/vi/tin-tuc/co-ngay-moi/history/ lang=vi"
expect_lines <(grep '^<li>' "$h") 2

# a bundle: the photo's commit is a revision of the page
b=$OUT/vi/tin-tuc/anh/history/index.html
expect_contains "$b" "Trần Thị Bình: Thay ảnh</li>"
expect_contains "$b" "Lê Chi: Thêm bài có ảnh</li>"
expect_contains "$b" "authors=Lê Chi, Trần Thị Bình"

# translations of a history page are the translations' history pages
expect_contains "$OUT/vi/tin-tuc/khong-ngay/history/index.html" '<li lang="en"><a href="/en/news/undated/history/">English: Undated story</a></li>'

# lists sort by the git dates too: newest first
expect_contains "$OUT/vi/tin-tuc/index.html" "$(printf '%s' '<li><a href="/vi/tin-tuc/moi/">Bài mới</a> 2026-02-10T08:00:00+07:00')"
order=$(grep -o 'href="/vi/tin-tuc/[a-z-]*/"' "$OUT/vi/tin-tuc/index.html" | paste -sd ' ')
expect_same_listing 'href="/vi/tin-tuc/moi/" href="/vi/tin-tuc/anh/" href="/vi/tin-tuc/khong-ngay/" href="/vi/tin-tuc/co-ngay-moi/"' "$order"

# no section or home page gets a history page; e-mails are never published
expect_absent "$OUT/vi/tin-tuc/history"
expect_absent "$OUT/vi/history"
if grep -rq "@example.gov.vn" "$OUT"; then _fail "an author e-mail is in the output:"; grep -rl "@example.gov.vn" "$OUT"; fi

# the work tree: the history of HEAD; an uncommitted page has none
printf -- '---\ntitle: Chưa commit\n---\nMới.\n' > content/vi/tin-tuc/chua-commit.md
run wt "$WARDSITE" build --quiet --worktree --out "$WORK/wt"
expect_status 0
expect_exists "$WORK/wt/vi/tin-tuc/chua-commit/index.html"
expect_absent "$WORK/wt/vi/tin-tuc/chua-commit/history"
expect_not_contains "$WORK/wt/vi/tin-tuc/chua-commit/index.html" "date="
expect_not_contains "$WORK/wt/vi/tin-tuc/chua-commit/index.html" "updated="
expect_same_tree "$OUT/vi/tin-tuc/co-ngay-moi/history" "$WORK/wt/vi/tin-tuc/co-ngay-moi/history"
rm content/vi/tin-tuc/chua-commit.md

# a theme without history.html: no history pages, no history_url
git rm -q layouts/history.html themes/test/layouts/history.html
git commit -q -m "Bỏ trang lịch sử"
run plain "$WARDSITE" build --quiet --out "$WORK/plain"
expect_status 0
expect_absent "$WORK/plain/vi/tin-tuc/khong-ngay/history"
expect_not_contains "$WORK/plain/vi/tin-tuc/khong-ngay/index.html" "history="
expect_contains "$WORK/plain/vi/tin-tuc/khong-ngay/index.html" "updated=2026-01-20T08:00:00+07:00"
finish
