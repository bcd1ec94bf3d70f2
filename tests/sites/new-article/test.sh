# wardsite new: one file per archetype (news, festival, class, heritage,
# default), dated "today" (SOURCE_DATE_EPOCH) in the site's +07:00; the
# English twin shares a translation_key added to the Vietnamese page; an
# existing file and an unknown language are refused; the result builds.
. "$CASE/../_lib.sh"
cd "$REPO"
mkdir -p themes/test/archetypes
cp "$CASE/../../../themes/default/archetypes/"*.md themes/test/archetypes/
export SOURCE_DATE_EPOCH=1795000000   # 2026-11-18T08:53:20Z

run news "$WARDSITE" new tin-tuc "Ngày chạy Olympic vì sức khỏe toàn dân"
expect_status 0
f=content/vi/tin-tuc/ngay-chay-olympic-vi-suc-khoe-toan-dan.md
cat >"$WORK/want" <<'WANT'
---
title: "Ngày chạy Olympic vì sức khỏe toàn dân"
date: 2026-11-18
# vi: một câu tóm tắt cho danh sách tin / en: a one-sentence summary for the lists
summary: ""
tags: []
---
WANT
diff -u "$WORK/want" "$f" || _fail "news archetype"
expect_contains "$LOG/news.out" "created $f from themes/test/archetypes/news.md"

run twin "$WARDSITE" new news "Olympic Run Day: health for all" --lang en --translation-of "$f"
expect_status 0
expect_contains "$LOG/twin.out" "added translation_key: \"tin-tuc/ngay-chay-olympic-vi-suc-khoe-toan-dan\" to $f"
expect_contains content/en/news/olympic-run-day-health-for-all.md 'translation_key: "tin-tuc/ngay-chay-olympic-vi-suc-khoe-toan-dan"'
expect_contains content/en/news/olympic-run-day-health-for-all.md 'title: "Olympic Run Day: health for all"'
expect_contains "$f" 'translation_key: "tin-tuc/ngay-chay-olympic-vi-suc-khoe-toan-dan"'

run festival "$WARDSITE" new le-hoi 'Hội "làng": mùa xuân'
expect_status 0
cat >"$WORK/want" <<'WANT'
---
title: "Hội \"làng\": mùa xuân"
date: 2026-11-18
summary: ""
tags: [lễ hội]
# vi: ngày giờ bắt đầu (và kết thúc), nơi tổ chức / en: when it starts (and ends), where it is held
# vi: lễ hội hằng năm theo âm lịch: thay start_date, end_date bằng lunar: "10/3" / en: every year on a lunar date: lunar: "10/3" instead of start_date and end_date
event:
  type: Festival
  start_date: 2026-11-18
  end_date: 2026-11-18
  location: ""
  address: ""
---
WANT
diff -u "$WORK/want" content/vi/le-hoi/hoi-lang-mua-xuan.md || _fail "festival archetype"

run class "$WARDSITE" new lop-hoc "Lớp Quan họ thiếu nhi"
expect_status 0
expect_contains content/vi/lop-hoc/lop-quan-ho-thieu-nhi.md 'teacher: ""'
expect_contains content/vi/lop-hoc/lop-quan-ho-thieu-nhi.md 'type: EducationEvent'
run heritage "$WARDSITE" new di-tich "Đền thờ" --slug den-tho
expect_status 0
expect_contains content/vi/di-tich/den-tho.md 'type: LandmarksOrHistoricalBuildings'
run plain "$WARDSITE" new thong-bao "Thông báo"
expect_status 0
expect_contains "$LOG/plain.out" "from themes/test/archetypes/default.md"

run again "$WARDSITE" new le-hoi 'Hội "làng": mùa xuân'
expect_status 1
expect_contains "$LOG/again.err" "content/vi/le-hoi/hoi-lang-mua-xuan.md: error: already exists: choose another title or --slug"
run badlang "$WARDSITE" new tin-tuc "X" --lang fr
expect_status 1
expect_contains "$LOG/badlang.err" "wardsite: error: 'fr' is not a language of site.yaml (valid: vi, en): use one of them, or add the language to 'languages' in site.yaml"
expect_lines "$LOG/badlang.err" 1
run typolang "$WARDSITE" new tin-tuc "X" --lang vn
expect_status 1
expect_contains "$LOG/typolang.err" "wardsite: error: 'vn' is not a language of site.yaml (valid: vi, en): did you mean --lang vi?"
run badsec "$WARDSITE" new "Tin Tức" "X"
expect_status 1
run usage "$WARDSITE" new tin-tuc
expect_status 2

run build "$WARDSITE" build --worktree --quiet --out "$OUT"
expect_status 0
expect_contains "$OUT/vi/tin-tuc/ngay-chay-olympic-vi-suc-khoe-toan-dan/index.html" "/en/news/olympic-run-day-health-for-all/"
finish
