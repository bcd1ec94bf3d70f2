# A build with an error exits 1 and leaves the previous output as it was,
# with no staging folder left beside it; the next good build replaces it.
. "$CASE/../_lib.sh"
cd "$REPO"

run first "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_exists "$OUT/vi/gioi-thieu/index.html"
cp -a "$OUT" "$WORK/before"
listing=$(ls -A "$WORK")

cat > content/vi/gioi-thieu.md <<'MD'
---
title: [Giới thiệu
date: 2025-01-01
---
Front matter hỏng.
MD
git commit -q -am "Front matter hỏng"
run broken "$WARDSITE" build --quiet --out "$OUT"
expect_status 1
expect_contains "$LOG/broken.err" "content/vi/gioi-thieu.md:"
expect_contains "$LOG/broken.err" "error:"
expect_same_tree "$WORK/before" "$OUT"
expect_same_listing "$listing" "$(ls -A "$WORK")"

# fix it and delete a page: the new output replaces the old one completely
git rm -q content/vi/gioi-thieu.md
git commit -q -m "Xoá trang giới thiệu"
run fixed "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_exists "$OUT/vi/index.html"
expect_absent "$OUT/vi/gioi-thieu"
expect_same_listing "$listing" "$(ls -A "$WORK")"
finish
