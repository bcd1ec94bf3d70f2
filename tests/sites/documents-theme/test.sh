# The document library with the default theme: facts, files with format and
# size in each language's number format, lists by year and by type with
# counts, JSON-LD; an article that starts linking to a document shows on
# the document's page at the next (incremental) build; a file named but
# missing fails the build and leaves the last output as it was.
. "$CASE/../_lib.sh"
cd "$REPO"

run one "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
doc="$OUT/vi/van-ban/kh-09/index.html"
expect_contains "$doc" '<dd>09/KH-UBND</dd>'
expect_contains "$doc" '<dd><a href="/vi/van-ban/loai/ke-hoach/">Kế hoạch</a></dd>'
expect_contains "$doc" '<dd><time datetime="2026-02-10">10/2/2026</time> · <a href="/vi/van-ban/nam/2026/">các văn bản năm 2026</a></dd>'
expect_contains "$doc" '<dd><time datetime="2026-03">tháng 3/2026 (văn bản không ghi ngày)</time></dd>'
expect_contains "$doc" '<dd>Nguyễn Văn A (Chủ tịch)</dd>'
expect_contains "$doc" '<li><a href="/vi/van-ban/kh-09/ke-hoach-09.pdf" type="application/pdf">ke-hoach-09.pdf</a> <span class="file-meta">(PDF, 1,2 MB)</span></li>'
expect_contains "$doc" '"@type":"DigitalDocument"'
expect_contains "$doc" '"contentSize":"1,2 MB"'
expect_contains "$doc" '"temporalCoverage":"2026-03/.."'
expect_not_contains "$doc" 'doc-related-heading'
expect_exists "$OUT/vi/van-ban/kh-09/ke-hoach-09.pdf"
en="$OUT/en/documents/plan-09/index.html"
expect_contains "$en" '<a href="/en/documents/plan-09/ke-hoach-09.pdf" type="application/pdf">The plan (in Vietnamese)</a> <span class="file-meta">(PDF, 1.2 MB)</span>'
expect_contains "$en" '<time datetime="2026-02-10">10 February 2026</time>'
blank="$OUT/vi/van-ban/tb-blank/index.html"
expect_contains "$blank" '<dd>Để trống trên văn bản (“Số: /TB-UBND”)</dd>'
expect_contains "$blank" '<time datetime="2025">năm 2025 (văn bản không ghi ngày, tháng)</time>'
expect_contains "$blank" '<p class="empty">Cổng thông tin chưa đăng tệp của văn bản này.</p>'
expect_not_contains "$blank" '"identifier"'
lib="$OUT/vi/van-ban/index.html"
expect_contains "$lib" '<li><a href="/vi/van-ban/nam/2026/">2026 <span class="count">(1 văn bản)</span></a></li>'
expect_contains "$lib" '<li><a href="/vi/van-ban/loai/thong-bao/">Thông báo <span class="count">(1 văn bản)</span></a></li>'
year="$OUT/vi/van-ban/nam/2025/index.html"
expect_contains "$year" '<h1>Văn bản năm 2025</h1>'
expect_contains "$year" '<a href="/vi/van-ban/nam/2025/" aria-current="page">2025 <span class="count">(1 văn bản)</span></a>'
expect_contains "$year" '<li><a href="/vi/van-ban/">Văn bản</a></li>'
expect_contains "$OUT/en/documents/index.html" '<a href="/en/documents/year/2026/">2026 <span class="count">(1 document)</span></a>'
expect_contains "$OUT/en/documents/type/plan/index.html" '<h1>Documents: Plan</h1>'

# an article starts linking to the plan: the plan's page lists it
printf '\nXem [Kế hoạch số 09/KH-UBND](/vi/van-ban/kh-09/).\n' >> content/vi/tin-tuc/lop-hoc.md
git commit -q -a -m "link the plan"
run two "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_contains "$doc" '<li><a href="/vi/tin-tuc/lop-hoc/">Mở lớp Quan họ</a></li>'

# a file named but not there: the build fails, the output stays
cp "$doc" "$WORK/before.html"
sed -i 's/files: \[ke-hoach-09.pdf\]/files: [ke-hoach-09.pdf, phu-luc.pdf]/' content/vi/van-ban/kh-09/index.md
git commit -q -a -m "a file that is not there"
run three "$WARDSITE" build --quiet --out "$OUT"
expect_status 1
expect_contains "$LOG/three.err" "content/vi/van-ban/kh-09/index.md:13:28: error: the file 'phu-luc.pdf' is not in this page's folder (content/vi/van-ban/kh-09/): add it there, or correct its name"
expect_same_tree "$WORK/before.html" "$doc"
finish
