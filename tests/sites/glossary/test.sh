# The glossary of the foreign-information column (README, "Glossary of the
# foreign-information column"): the build's warnings, with their text and
# positions; --strict makes them errors; the messages in Vietnamese;
# `wardsite report` lists them (text and JSON); the pages written as the
# glossary has them build with no warning; mistakes of the glossary file.
source "$CASE/../_lib.sh"
cd "$REPO"
export SOURCE_DATE_EPOCH=1774976400 # 2026-04-01T00:00:00+07:00
P=content/en/foreign-information/introduction.md
cat >"$WORK/want" <<WANT
$P:2:8: warning: 'Thu Nghiem Ward People's Committee' is another English form of 'Ủy ban nhân dân phường Thử Nghiệm': write 'People's Committee of Thử Nghiệm ward', its one form in data/glossary.yaml:2
$P:4:25: warning: 'ward culture and society office' is another English form of 'Phòng Văn hóa - Xã hội phường': write 'ward Culture and Society Office', its one form in data/glossary.yaml:7
$P:7:5: warning: 'Thử Nghiệm ward People's Committee' is another English form of 'Ủy ban nhân dân phường Thử Nghiệm': write 'People's Committee of Thử Nghiệm ward', its one form in data/glossary.yaml:2
$P:8:1: warning: 'Dong-Xoai' is another English form of 'Đồng Xoài': write 'Đồng Xoài', its one form in data/glossary.yaml:9
$P:25:9: warning: 'People's Committee of Thu Nghiem ward' is another English form of 'Ủy ban nhân dân phường Thử Nghiệm': write 'People's Committee of Thử Nghiệm ward', its one form in data/glossary.yaml:2
WANT
run build "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
diff -u "$WORK/want" "$LOG/build.err" || _fail "build: unexpected warnings"

# --strict: the same, as errors, and the output is not made
run strict "$WARDSITE" build --quiet --strict --out "$WORK/strict"
expect_status 1
expect_contains "$LOG/strict.err" "$P:8:1: error: 'Dong-Xoai' is another English form of 'Đồng Xoài'"
expect_absent "$WORK/strict"

# in the editor's language
WARDSITE_MESSAGES=vi run vi "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_contains "$LOG/vi.err" "$P:8:1: cảnh báo: 'Dong-Xoai' là một cách viết tiếng Anh khác của 'Đồng Xoài': hãy viết 'Đồng Xoài', cách viết duy nhất ghi trong data/glossary.yaml:9"

# wardsite report: the group of its own, page by page
run report "$WARDSITE" report
expect_status 0
cat >"$WORK/want.txt" <<WANT
English names not as in the glossary (5):
  $P (Thu Nghiem Ward People's Committee welcomes visitors):
    line 2, column 8: 'Thu Nghiem Ward People's Committee': write 'People's Committee of Thử Nghiệm ward' (Ủy ban nhân dân phường Thử Nghiệm, data/glossary.yaml:2)
    line 4, column 25: 'ward culture and society office': write 'ward Culture and Society Office' (Phòng Văn hóa - Xã hội phường, data/glossary.yaml:7)
    line 7, column 5: 'Thử Nghiệm ward People's Committee': write 'People's Committee of Thử Nghiệm ward' (Ủy ban nhân dân phường Thử Nghiệm, data/glossary.yaml:2)
    line 8, column 1: 'Dong-Xoai': write 'Đồng Xoài' (Đồng Xoài, data/glossary.yaml:9)
    line 25, column 9: 'People's Committee of Thu Nghiem ward': write 'People's Committee of Thử Nghiệm ward' (Ủy ban nhân dân phường Thử Nghiệm, data/glossary.yaml:2)
WANT
sed -n '/^English names/,$p' "$LOG/report.out" >"$WORK/got.txt"
diff -u "$WORK/want.txt" "$WORK/got.txt" || _fail "report: unexpected glossary group"
expect_lines "$LOG/report.err" 0
run json "$WARDSITE" report --json
expect_status 0
python3 - "$LOG/json.out" >"$WORK/json.txt" <<'PY' || _fail "report --json does not parse"
import json, sys
r = json.load(open(sys.argv[1]))
for h in r["glossary"]:
    print(h["file"], h["lang"], h["url"], h["line"], h["col"], h["found"], "|", h["vi"], "|", h["en"], h["glossary_line"])
PY
cat >"$WORK/want.json.txt" <<WANT
$P en https://thunghiem.example.gov.vn/en/foreign-information/introduction/ 2 8 Thu Nghiem Ward People's Committee | Ủy ban nhân dân phường Thử Nghiệm | People's Committee of Thử Nghiệm ward 2
$P en https://thunghiem.example.gov.vn/en/foreign-information/introduction/ 4 25 ward culture and society office | Phòng Văn hóa - Xã hội phường | ward Culture and Society Office 7
$P en https://thunghiem.example.gov.vn/en/foreign-information/introduction/ 7 5 Thử Nghiệm ward People's Committee | Ủy ban nhân dân phường Thử Nghiệm | People's Committee of Thử Nghiệm ward 2
$P en https://thunghiem.example.gov.vn/en/foreign-information/introduction/ 8 1 Dong-Xoai | Đồng Xoài | Đồng Xoài 9
$P en https://thunghiem.example.gov.vn/en/foreign-information/introduction/ 25 9 People's Committee of Thu Nghiem ward | Ủy ban nhân dân phường Thử Nghiệm | People's Committee of Thử Nghiệm ward 2
WANT
diff -u "$WORK/want.json.txt" "$WORK/json.txt" || _fail "report --json: unexpected glossary list"

# the page written as the glossary has it: no warning, nothing in the report
cp "$CASE/clean/introduction.md" "$P"
run clean "$WARDSITE" build --worktree --quiet --out "$OUT"
expect_status 0
expect_lines "$LOG/clean.err" 0
run cleanreport "$WARDSITE" report --worktree
expect_status 0
expect_contains "$LOG/cleanreport.out" "English names not as in the glossary (0):"

# mistakes of the glossary file: errors at their place, no output
printf -- '- vi: A\n- en: B\n  vi: C\n  variants: D\n' >data/glossary.yaml
run bad "$WARDSITE" build --worktree --quiet --out "$WORK/bad"
expect_status 1
cat >"$WORK/want" <<WANT
data/glossary.yaml:1:3: error: this name of the glossary needs vi (the Vietnamese name) and en (its one English form), each a text
data/glossary.yaml:4:13: error: variants must be a list: variants: ["D"]
wardsite: 2 errors, 0 warnings; $WORK/bad was not changed
WANT
diff -u "$WORK/want" "$LOG/bad.err" || _fail "build: unexpected errors of a bad glossary"
run badreport "$WARDSITE" report --worktree
expect_status 1
expect_contains "$LOG/badreport.err" "data/glossary.yaml:4:13: error: variants must be a list"
# not YAML: said once, by the build's reading of data/
printf -- '- vi: [A\n' >data/glossary.yaml
run yaml "$WARDSITE" build --worktree --quiet --out "$WORK/bad"
expect_status 1
n=$(grep -c 'data/glossary.yaml' "$LOG/yaml.err")
[ "$n" = 1 ] || _fail "a glossary that is not YAML should be reported once, it is reported $n times"
finish
