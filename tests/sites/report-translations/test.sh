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
]}
WANT
diff -u "$WORK/want.json" "$LOG/json.out" || _fail "report translations --json: unexpected JSON"

run bad "$WARDSITE" report nothing
expect_status 2
expect_lines "$LOG/bad.err" 1
finish
