# report translations lists every content page (drafts and future pages
# too) that lacks a translation, by file name, as text and as JSON.
. "$CASE/../_lib.sh"
cd "$REPO"

run text "$WARDSITE" report translations
expect_status 0
cat >"$WORK/want.txt" <<'WANT'
  content/en/festivals/english-only.md (English only: notes): no vi
  content/vi/le-hoi/chi-tieng-viet.md (Chỉ có tiếng Việt): no en
2 pages in one language only
0 translations older than the source
WANT
tail -n +2 "$LOG/text.out" >"$WORK/got.txt"
diff -u "$WORK/want.txt" "$WORK/got.txt" || _fail "report translations: unexpected text"
expect_contains "$LOG/text.out" "Translations of HEAD ("
expect_contains "$LOG/text.out" "(languages: vi* en)"

run json "$WARDSITE" report translations --json
expect_status 0
cat >"$WORK/want.json" <<'WANT'
{"missing": [
  {"file": "content/en/festivals/english-only.md", "title": "English only: notes", "lang": "en", "missing": ["vi"]},
  {"file": "content/vi/le-hoi/chi-tieng-viet.md", "title": "Chỉ có tiếng Việt", "lang": "vi", "missing": ["en"]}
],
"outdated": []}
WANT
diff -u "$WORK/want.json" "$LOG/json.out" || _fail "report translations --json: unexpected JSON"

# the Vietnamese source changes after its English translation
printf '\nMột đoạn mới.\n' >>content/vi/le-hoi/hoi-lang.md
GIT_AUTHOR_DATE="2026-02-01T10:00:00+07:00" GIT_COMMITTER_DATE="2026-02-01T10:00:00+07:00" \
    git commit -qam "Hội làng: thêm một đoạn"
id=$(git rev-parse --short=12 HEAD)
run outdated "$WARDSITE" report translations
expect_status 0
expect_contains "$LOG/outdated.out" "Translations older than their source:"
expect_contains "$LOG/outdated.out" "  content/en/festivals/village-festival.md (last changed 2026-01-15): content/vi/le-hoi/hoi-lang.md changed 2026-02-01 ($id, Hội làng: thêm một đoạn)"
expect_contains "$LOG/outdated.out" "1 translation older than the source"
run outdated_json "$WARDSITE" report translations --json
expect_contains "$LOG/outdated_json.out" "{\"file\": \"content/en/festivals/village-festival.md\", \"source\": \"content/vi/le-hoi/hoi-lang.md\", \"translated\": \"2026-01-15\", \"source_changed\": \"2026-02-01\", \"commit\": \"$id\"}"

run bad "$WARDSITE" report nothing
expect_status 2
expect_lines "$LOG/bad.err" 1
finish
