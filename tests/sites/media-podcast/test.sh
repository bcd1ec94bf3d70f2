# The podcast feeds of the "media" case read by a real parser, Debian's
# python3-feedparser (/usr/bin/python3; see the Makefile's BROWSER_DEBS):
# the iTunes channel fields, one item per page with an audio file (a page
# without one is left out), each with its enclosure's URL, length and
# type, and its duration; and the same bytes as the golden case expects.
# The files of the portal's media pages are read again after they change:
# a new recording's length and duration reach the feed in the next build.
. "$CASE/../_lib.sh"
cd "$REPO"
cp -R "$CASE/../media/site/." .
git add -A && git commit -q -m "site of media"

run build "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_same_tree "$CASE/../media/expected/vi/ban-tin/podcast.xml" "$OUT/vi/ban-tin/podcast.xml"

run parse /usr/bin/python3 - "$OUT" <<'PY'
import os, sys
import feedparser

out = sys.argv[1]
base = "https://thunghiem.example.gov.vn"

def parse(rel):
    d = feedparser.parse(os.path.join(out, rel))
    assert not d.bozo, (rel, d.get("bozo_exception"))
    assert d.version == "rss20", d.version
    return d

d = parse("vi/ban-tin/podcast.xml")
f = d.feed
assert f.title == "Bản tin truyền thanh – Phường Thử Nghiệm", f.title
assert f.language == "vi"
assert f.link == base + "/vi/ban-tin/"
assert f.image.href == base + "/vi/ban-tin/bia.png", f.image
assert f.author_detail.name == "Đài truyền thanh phường Thử Nghiệm", f.author_detail
assert f.publisher_detail.email == "truyenthanh@thunghiem.example.gov.vn", f.publisher_detail
assert [t.term for t in f.tags] == ["Government"], f.tags
# feedparser reads only the old yes/clean: Apple's spec now asks for true or false
raw = open(os.path.join(out, "vi/ban-tin/podcast.xml"), encoding="utf-8").read()
assert raw.count("<itunes:explicit>false</itunes:explicit>") == 1 + len(d.entries), raw
assert f.itunes_type == "episodic"
items = [(e.title, e.enclosures[0].href, e.enclosures[0].length, e.enclosures[0].type, e.itunes_duration)
         for e in d.entries]
want = [
    ("Bản tin ngày 5/12/2026", base + "/vi/ban-tin/2026-12-05/ban-tin.mp3", "834", "audio/mpeg", "192"),
    ("Bản tin ngày 4/12/2026", base + "/vi/ban-tin/2026-12-04/ban-tin.m4a", "204", "audio/mp4", "125"),
]
assert items == want, items
for e in d.entries:
    assert len(e.enclosures) == 1
    assert e.published_parsed is not None
    size = os.path.getsize(os.path.join(out, e.enclosures[0].href[len(base) + 1:]))
    assert int(e.enclosures[0].length) == size, (e.enclosures[0], size)

d = parse("en/bulletins/podcast.xml")
assert d.feed.language == "en"
assert [(e.enclosures[0].type, e.itunes_duration) for e in d.entries] == [("audio/mpeg", "192")], d.entries
print("ok")
PY
expect_status 0
expect_contains "$LOG/parse.out" "ok"
if [ "$status" != 0 ]; then sed 's/^/    /' "$LOG/parse.err" | tail -n 15; fi

# a longer recording in place of the bulletin of 4/12: the next build's
# feed has its new length and duration
cp "$CASE/../../fuzz/corpus/media/a.m4a" content/vi/ban-tin/2026-12-04/ban-tin.m4a
git commit -qam "the bulletin of 4/12 again"
run rebuild "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_contains "$OUT/vi/ban-tin/podcast.xml" '<enclosure url="https://thunghiem.example.gov.vn/vi/ban-tin/2026-12-04/ban-tin.m4a" length="204" type="audio/mp4"/>'
[ "$(grep -c '<itunes:duration>192</itunes:duration>' "$OUT/vi/ban-tin/podcast.xml")" = 2 ] ||
    _fail "after the new recording, both episodes should last 192 s: $(grep duration "$OUT/vi/ban-tin/podcast.xml")"
expect_contains "$OUT/vi/ban-tin/2026-12-04/index.html" '<time datetime="PT3M12S">3 phút 12 giây</time>'

# an incremental build after an edit of another page: the pages with
# players are not kept from the last build but rendered again, so their
# files, transcripts and captions are still published
printf '\nSửa lịch.\n' >>content/vi/ban-tin/2026-12-03/index.md
git commit -qam "the schedule again"
run again "$WARDSITE" build --out "$OUT"
expect_status 0
expect_contains "$LOG/again.out" "kept from the last build"
for f in vi/ban-tin/2026-12-05/ban-tin.mp3 vi/ban-tin/2026-12-05/ban-tin.txt vi/tin-tuc/le-hoi/le-hoi.vtt \
         vi/tin-tuc/le-hoi/chao.txt vi/ban-tin/bia.png en/bulletins/2026-12-05/bulletin.txt; do
    expect_exists "$OUT/$f"
done
finish
