# wardsite report: the four groups of what the board must do, as text and
# JSON, on a fixed "now" (SOURCE_DATE_EPOCH); a page dated 2026-01-01 but
# committed on 2026-01-15 was last updated then; an ignored commit is no
# change to carry over; an alt text of one space counts as one, as in the
# build's photo plugin; site.yaml mistakes; no section named.
. "$CASE/../_lib.sh"
cd "$REPO"
export SOURCE_DATE_EPOCH=1774976400 # 2026-04-01T00:00:00+07:00
head=$(git rev-parse --short=7 HEAD)
b1=$(git rev-parse HEAD~2) b2=$(git rev-parse HEAD~1)

run text "$WARDSITE" report
expect_status 0
expect_lines "$LOG/text.err" 0
cat >"$WORK/want.txt" <<WANT
What to update on 2026-04-01, from HEAD ($head): 6 things to do
Overdue by the freshness rule of their section (2):
  content/vi/tin-tuc/_index.md (Tin tức): last updated 2026-01-15, 75 days ago; the period of its section is 30 days, so it is 45 days overdue
  content/vi/tin-tuc/cu.md (Tin cũ): last updated 2026-01-15, 75 days ago; the period of its section is 30 days, so it is 45 days overdue
Translations older than their original (1):
  content/en/foreign-information/introduction.md (Introducing the ward): translated 2026-01-15; carry over these changes of content/vi/thong-tin-doi-ngoai/gioi-thieu.md:
    2026-03-01 ${b2:0:12} Lê Chi: Giới thiệu: dân số
    2026-02-01 ${b1:0:12} Trần Thị Bình: Giới thiệu: sáu khu phố
Pages without translation in the sections that must be translated (1):
  content/vi/thong-tin-doi-ngoai/lien-he.md (Liên hệ): no translation in en
Photos without alt text (2):
  content/vi/tin-tuc/moi.md (Tin mới):
    line 7: anh-1.jpg
    line 9: anh-2.jpg
English names not as in the glossary (0):
  none
WANT
diff -u "$WORK/want.txt" "$LOG/text.out" || _fail "report: unexpected text"

run json "$WARDSITE" report --json
expect_status 0
cat >"$WORK/want.json" <<WANT
{
  "source": "HEAD ($head)",
  "date": "2026-04-01",
  "overdue": [
    {"file": "content/vi/tin-tuc/_index.md", "title": "Tin tức", "lang": "vi", "url": "https://thunghiem.example.gov.vn/vi/tin-tuc/", "last_update": "2026-01-15", "days_since": 75, "period_days": 30},
    {"file": "content/vi/tin-tuc/cu.md", "title": "Tin cũ", "lang": "vi", "url": "https://thunghiem.example.gov.vn/vi/tin-tuc/cu/", "last_update": "2026-01-15", "days_since": 75, "period_days": 30}
  ],
  "outdated_translations": [
    {"file": "content/en/foreign-information/introduction.md", "title": "Introducing the ward", "lang": "en", "url": "https://thunghiem.example.gov.vn/en/foreign-information/introduction/", "translated": "2026-01-15", "original": "content/vi/thong-tin-doi-ngoai/gioi-thieu.md", "changes": [{"commit": "$b2", "date": "2026-03-01", "author": "Lê Chi", "message": "Giới thiệu: dân số"}, {"commit": "$b1", "date": "2026-02-01", "author": "Trần Thị Bình", "message": "Giới thiệu: sáu khu phố"}]}
  ],
  "translate_sections": ["thong-tin-doi-ngoai"],
  "untranslated": [
    {"file": "content/vi/thong-tin-doi-ngoai/lien-he.md", "title": "Liên hệ", "lang": "vi", "url": "https://thunghiem.example.gov.vn/vi/thong-tin-doi-ngoai/lien-he/", "missing": ["en"]}
  ],
  "photos_without_alt": [
    {"file": "content/vi/tin-tuc/moi.md", "title": "Tin mới", "lang": "vi", "url": "https://thunghiem.example.gov.vn/vi/tin-tuc/moi/", "src": "anh-1.jpg", "line": 7, "col": 1},
    {"file": "content/vi/tin-tuc/moi.md", "title": "Tin mới", "lang": "vi", "url": "https://thunghiem.example.gov.vn/vi/tin-tuc/moi/", "src": "anh-2.jpg", "line": 9, "col": 5}
  ],
  "glossary": []
}
WANT
diff -u "$WORK/want.json" "$LOG/json.out" || _fail "report --json: unexpected JSON"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$LOG/json.out" || _fail "the JSON report does not parse"

# the subcommands stay
run tr "$WARDSITE" report translations
expect_status 0
run fr "$WARDSITE" report freshness
expect_status 0

# nothing to do
cd "$WORK" && rm -rf none && mkdir none && cd none && git init -q && mkdir -p content/vi
printf 'title: T\nbase_url: https://t.example/\ntheme: test\nlanguages:\n  vi:\n    name: Tiếng Việt\n' > site.yaml
cp -r "$REPO/themes" . && git add -A && GIT_AUTHOR_DATE=2026-03-31T08:00:00+07:00 GIT_COMMITTER_DATE=2026-03-31T08:00:00+07:00 git commit -qm init
run none "$WARDSITE" report
expect_status 0
cat >"$WORK/want.txt" <<WANT
What to update on 2026-04-01, from HEAD ($(git rev-parse --short=7 HEAD)): 0 things to do
Overdue by the freshness rule of their section (0):
  none
Translations older than their original (0):
  none
Pages without translation: no section is named in site.yaml (report: translate_sections: [thong-tin-doi-ngoai])
Photos without alt text (0):
  none
English names not as in the glossary (0):
  none
WANT
diff -u "$WORK/want.txt" "$LOG/none.out" || _fail "report: unexpected text with nothing to do"

# a section that does not exist: a warning at its position, the report all the same
cp site.yaml site.good
printf 'report:\n  translate_sections: [khong-co]\n' >> site.yaml
git commit -qam "no such section"
run nosection "$WARDSITE" report
expect_status 0
echo "site.yaml:8:24: warning: 'report.translate_sections' names 'khong-co', which is not a section (folder) of the default language 'vi'" >"$WORK/want"
diff -u "$WORK/want" "$LOG/nosection.err" || _fail "report: unexpected stderr for an unknown section"
expect_contains "$LOG/nosection.out" "Pages without translation in the sections that must be translated (0):"

# site.yaml mistakes: the error at its position, exit 1, no report
cp site.good site.yaml
printf 'report:\n  translate_sections: thong-tin-doi-ngoai\n' >> site.yaml
git commit -qam "bad report"
run bad "$WARDSITE" report
expect_status 1
expect_lines "$LOG/bad.out" 0
echo "site.yaml:8:23: error: 'report.translate_sections' must be a list of section folders, such as [thong-tin-doi-ngoai], not a string" >"$WORK/want"
diff -u "$WORK/want" "$LOG/bad.err" || _fail "report: unexpected stderr"

run extra "$WARDSITE" report everything
expect_status 2
echo "wardsite: error: report takes no word but translations or freshness: wardsite report, wardsite report translations, wardsite report freshness (wardsite help lists the commands and options)" >"$WORK/want"
diff -u "$WORK/want" "$LOG/extra.err" || _fail "report everything: unexpected stderr"
finish
