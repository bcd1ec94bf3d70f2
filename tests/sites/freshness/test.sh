# wardsite report freshness: the table and the JSON on a fixed "now"
# (SOURCE_DATE_EPOCH), --fail-stale, periods per section and per language,
# and the mistakes an editor can make in site.yaml.
. "$CASE/../_lib.sh"
cd "$REPO"
export SOURCE_DATE_EPOCH=1774976400 # 2026-04-01T00:00:00+07:00

# "describe" names the commit: take it out of the golden files
head=$(git rev-parse --short=7 HEAD)
strip() { sed "s/$head/HEAD-ID/" "$1"; }

run text "$WARDSITE" report freshness
expect_status 0
expect_lines "$LOG/text.err" 0
if ! d=$(diff -u "$CASE/expected.txt" <(strip "$LOG/text.out")); then _fail "the text report differs:"; echo "$d"; fi

run json "$WARDSITE" report freshness --json
expect_status 0
if ! d=$(diff -u "$CASE/expected.json" <(strip "$LOG/json.out")); then _fail "the JSON report differs:"; echo "$d"; fi
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$LOG/json.out" || _fail "the JSON report does not parse"

run fail "$WARDSITE" report freshness --fail-stale --json
expect_status 1
cmp -s "$LOG/fail.out" "$LOG/json.out" || _fail "--fail-stale changed the report"

# from outside the repository, and an older commit
cd "$WORK"
run old "$WARDSITE" report freshness --repo "$REPO" --ref HEAD~2
expect_status 0
expect_contains "$LOG/old.out" "Freshness of HEAD~2 ("
expect_contains "$LOG/old.out" "vi    tin-tuc         1  2026-01-15   75 days  30 days  STALE: 45 days overdue"
run badref "$WARDSITE" report freshness --repo "$REPO" --ref nosuch
expect_status 2
run badopt "$WARDSITE" report freshness --jsn
expect_status 2
expect_contains "$LOG/badopt.err" "wardsite: error: unknown option '--jsn' for report freshness"
run nokind "$WARDSITE" report
expect_status 2
cd "$REPO"

# longer periods: nothing stale, --fail-stale passes
sed -i 's/default_days: 30/default_days: 365/; s/ke-hoach: 60/ke-hoach: 365/' site.yaml
git commit -q -am "Kỳ hạn dài hơn"
run fresh "$WARDSITE" report freshness --fail-stale
expect_status 0
expect_contains "$LOG/fresh.out" ": 0 of 6 sections stale"

# mistakes: a period that is not a number of days, a section that does not
# exist, an unknown key
sed -i 's/default_days: 365/default_days: mot thang/' site.yaml
git commit -q -am "Sai kỳ hạn"
run bad "$WARDSITE" report freshness
expect_status 1
expect_lines "$LOG/bad.out" 0
expect_contains "$LOG/bad.err" "site.yaml:5:17: error: 'freshness.default_days' must be a whole number of days from 1 to 36500, or false, not 'mot thang'"
expect_contains "$LOG/bad.err" "wardsite: 1 error: no report"
sed -i 's/default_days: mot thang/default_days: 30\n  period: 7/; s/ke-hoach: 365/ke-hoachh: 365/' site.yaml
git commit -q -am "Lỗi gõ"
run typo "$WARDSITE" report freshness
expect_status 0
expect_lines "$LOG/typo.err" 2
expect_contains "$LOG/typo.err" "site.yaml:6:3: warning: unknown key 'period' in 'freshness' is ignored (it has default_days and sections)"
expect_contains "$LOG/typo.err" "site.yaml:8:5: warning: 'freshness.sections' names 'ke-hoachh', which is not a section of any language"
# the build knows the key and says nothing about it
run build "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_lines "$LOG/build.err" 0
finish
