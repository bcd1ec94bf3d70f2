# build --ref v1 gives the old title, the default build (HEAD) the new one,
# a commit id builds like its tag, an unknown ref exits 2 with one line.
. "$CASE/../_lib.sh"
cd "$REPO"
page=vi/gioi-thieu/index.html

run v1 "$WARDSITE" build --quiet --ref v1 --out "$WORK/v1"
expect_status 0
expect_contains "$WORK/v1/$page" "<title>Giới thiệu bản cũ</title>"
expect_contains "$WORK/v1/$page" "Văn bản cũ."
expect_not_contains "$WORK/v1/$page" "bản mới"

run head "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_contains "$OUT/$page" "<title>Giới thiệu bản mới</title>"
expect_contains "$OUT/$page" "Văn bản mới."
expect_not_contains "$OUT/$page" "bản cũ"

run sha "$WARDSITE" build --quiet --ref "$(git rev-parse v1)" --out "$WORK/sha"
expect_status 0
expect_same_tree "$WORK/v1" "$WORK/sha"

run main1 "$WARDSITE" build --quiet --repo "$REPO" --ref main~1 --out "$WORK/main1"
expect_status 0
expect_same_tree "$WORK/v1" "$WORK/main1"

run nosuchref "$WARDSITE" build --quiet --ref nosuchref --out "$WORK/bad"
expect_status 2
expect_lines "$LOG/nosuchref.err" 1
expect_contains "$LOG/nosuchref.err" "nosuchref"
expect_absent "$WORK/bad"
finish
