# The image cache (12 versions of the photos, 2 share pictures): the second build decodes nothing and gives the same
# files; the cache stays out of git (no "uncommitted change" warning); a
# cache file (JPEG or WebP) cut short is made again.
source "$CASE/../_lib.sh"
cd "$REPO"
run first "$WARDSITE" build --out "$OUT"
expect_status 0
expect_contains "$LOG/first.out" "  images: 6 sources, 14 versions (6 decoded, 0 from the cache, 0 corrupt cache files made again)"
expect_exists "$REPO/.wardsite-cache/.gitignore"
cp -R "$OUT" "$WORK/first"
run second "$WARDSITE" build --out "$OUT"
expect_status 0
expect_contains "$LOG/second.out" "  images: 6 sources, 14 versions (0 decoded, 14 from the cache, 0 corrupt cache files made again)"
expect_not_contains "$LOG/second.err" "uncommitted"
expect_same_tree "$WORK/first" "$OUT"
f=$(ls "$REPO"/.wardsite-cache/*/*-128w-*.jpg | head -n 1)
head -c 100 "$f" >"$f.x" && mv "$f.x" "$f"
run third "$WARDSITE" build --out "$OUT"
expect_status 0
expect_contains "$LOG/third.out" "(1 decoded, 13 from the cache, 1 corrupt cache files made again)"
expect_same_tree "$WORK/first" "$OUT"
# the WebP beside a JPEG is kept in the cache too, and checked the same way
expect_exists "$(ls "$REPO"/.wardsite-cache/*/*-128w-q80-v1.webp | head -n 1)"
f=$(ls "$REPO"/.wardsite-cache/*/*-128w-*.webp | head -n 1)
head -c 20 "$f" >"$f.x" && mv "$f.x" "$f"
run fourth "$WARDSITE" build --out "$OUT"
expect_status 0
expect_contains "$LOG/fourth.out" "(1 decoded, 13 from the cache, 1 corrupt cache files made again)"
expect_same_tree "$WORK/first" "$OUT"
finish
