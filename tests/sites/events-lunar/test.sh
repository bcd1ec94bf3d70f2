# Events on lunar dates, built at a fixed "now" (SOURCE_DATE_EPOCH, 20 April
# 2026 00:00 in Vietnam): every page shows its event in both calendars, in
# Vietnamese and English; homes and sections list the upcoming events; the
# calendar files (one per event, one per language) are exactly as expected
# and read by python3-icalendar as the events they are.  The same commit at
# the same "now" gives the same bytes; a later "now" moves a recurring
# event to its next year.  EVENTS_REGEN=1 rewrites expected/ (review it).
. "$CASE/../_lib.sh"
cd "$REPO"

export SOURCE_DATE_EPOCH=1776618000
run build "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_lines "$LOG/build.err" 0
if [ "${EVENTS_REGEN:-0}" = 1 ]; then rm -rf "$CASE/expected"; cp -R "$OUT" "$CASE/expected"; fi
expect_same_tree "$CASE/expected" "$OUT"

run again "$WARDSITE" build --quiet --out "$WORK/again"
expect_status 0
expect_same_tree "$OUT" "$WORK/again"

# the calendar files, read by a real parser
run ics /usr/bin/python3 "$CASE/check-ics.py" "$OUT"
expect_status 0
expect_contains "$LOG/ics.out" "ok"

# on 10 April 2027, Giỗ Tổ is the one of 2027 (10/3 Đinh Mùi: 16 April 2027)
SOURCE_DATE_EPOCH=1807290000 run later "$WARDSITE" build --quiet --out "$WORK/later"
expect_status 0
expect_contains "$WORK/later/vi/le-hoi/gio-to/index.html" "when=Thứ Sáu, 16/4/2027 — mùng 10 tháng 3 năm Đinh Mùi"
expect_contains "$WORK/later/en/festivals/hung-kings/index.html" "when=Friday, 16 April 2027 — 10th day of the 3rd lunar month, year of Đinh Mùi (Goat)"
expect_not_contains "$WORK/later/vi/index.html" "upcoming=/vi/lop-hoc/quan-ho/"
finish
