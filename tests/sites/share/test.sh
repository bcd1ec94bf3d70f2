# Sharing (README, "Sharing"): the golden tree (share links on articles
# only, og:image of the first photo, a smaller photo never enlarged, a
# transparent PNG as a JPEG on white); the share pictures' sizes read from
# the JPEG files themselves; a second build takes them from the cache; the
# site's default share_image for articles without a photo.
# The golden tree is expected/: after an intended change, build the case
# by hand (tests/sites/README.md) and review the diff before copying it.
source "$CASE/../_lib.sh"
cd "$REPO"
run first "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_lines "$LOG/first.err" 0
expect_same_tree "$CASE/expected" "$OUT"
# width x height from the JPEG's frame header (SOF0/SOF2), not from our own tags
jpeg_size() {
    python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[:2] == b"\xff\xd8", "not a JPEG"
p = 2
while p + 4 <= len(d):
    m, n = d[p + 1], struct.unpack(">H", d[p + 2:p + 4])[0]
    if m in (0xC0, 0xC1, 0xC2):
        h, w = struct.unpack(">HH", d[p + 5:p + 9])
        print(f"{w}x{h}")
        break
    p += 2 + n
PY
}
got=$(jpeg_size "$OUT/vi/tin/anh/bo-cong-anh-1200x630.jpg")
[ "$got" = "1200x630" ] || _fail "the share picture of a 2000 x 1250 photo should be 1200x630, it is '$got'"
got=$(jpeg_size "$OUT/vi/tin/anh/trong-suot-160x84.jpg")
[ "$got" = "160x84" ] || _fail "the share picture of a 160 x 120 PNG should be 160x84 (not enlarged), it is '$got'"
expect_contains "$OUT/vi/tin/anh-lon/index.html" '<meta property="og:image:width" content="1200">'
expect_contains "$OUT/vi/tin/anh-lon/index.html" '<meta property="og:image:height" content="630">'
# only articles: the list page's photo makes no share picture, and has no share links
expect_absent "$OUT/vi/tin/anh/nho-1200x630.jpg"
expect_not_contains "$OUT/vi/tin/index.html" 'class="share"'
expect_not_contains "$OUT/vi/tin/index.html" '<meta property="og:image"'
# from the cache the second time, byte for byte the same
run second "$WARDSITE" build --out "$OUT"
expect_status 0
expect_contains "$LOG/second.out" "(0 decoded,"
expect_same_tree "$CASE/expected" "$OUT"
# the site's default picture for an article without a photo; a photo still wins
mkdir -p static/anh
cp "$CASE/extra/mac-dinh.jpg" static/anh/mac-dinh.jpg
printf 'params:\n  share_image: /anh/mac-dinh.jpg\n' >>site.yaml
# an article that names its own image keeps it, and no share picture is made of its photo
sed -i 's|^date: 2026-01-11$|date: 2026-01-11\nimage: https://anh.example.org/rieng.jpg|' content/vi/tin/anh-nho.md
run third "$WARDSITE" build --worktree --quiet --out "$OUT"
expect_status 0
expect_contains "$OUT/vi/tin/anh-nho/index.html" '<meta property="og:image" content="https://anh.example.org/rieng.jpg">'
expect_absent "$OUT/vi/tin/anh/trong-suot-160x84.jpg"
expect_contains "$OUT/vi/tin/khong-anh/index.html" '<meta property="og:image" content="https://thunghiem.example.gov.vn/anh/mac-dinh.jpg">'
expect_contains "$OUT/vi/tin/anh-lon/index.html" '<meta property="og:image" content="https://thunghiem.example.gov.vn/vi/tin/anh/bo-cong-anh-1200x630.jpg">'
finish
