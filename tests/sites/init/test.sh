# wardsite init: a new portal in an empty folder, without a terminal (every
# value from options): the exact messages, the first commit, a --strict
# build with no warning, a clean `git status` after it (public/ and the
# cache ignored), the embedded default theme replaced file by file by the
# repository's own themes/default/, the CI files exactly as the README
# shows them, and the refusals (missing name, non-empty folder, no author).
. "$CASE/../_lib.sh"
ROOT=$CASE/../../..
P=$WORK/portal

run init "$WARDSITE" init "$P" --name "phường Bình Phước" --base-url https://binhphuoc.example.gov.vn \
    --phone "0271 3 123 456" --email "ubnd@binhphuoc.example.gov.vn" </dev/null
expect_status 0
expect_lines "$LOG/init.err" 0
expect_same_listing "wardsite: made the portal of phường Bình Phước in $(cd "$P" && pwd -P): 24 files, first commit $(git -C "$P" rev-parse --short=7 HEAD) on main
next: cd $P && wardsite serve   (the preview is at http://127.0.0.1:1313/)" "$(cat "$LOG/init.out")"
expect_same_listing "1" "$(git -C "$P" rev-list --count HEAD)"
expect_same_listing "refs/heads/main" "$(git -C "$P" symbolic-ref HEAD)"
expect_same_listing "Ban biên tập <bbt@example.gov.vn>|Tạo trang thông tin điện tử (wardsite init)" \
    "$(git -C "$P" log -1 --format='%an <%ae>|%s')"
expect_same_listing "" "$(git -C "$P" status --porcelain)"
expect_absent "$P/themes"
cat >"$WORK/want" <<'WANT'
name: {vi: "Phường Bình Phước", en: "Bình Phước ward"}
contact:
  phone: "0271 3 123 456"
  email: "ubnd@binhphuoc.example.gov.vn"
WANT
grep -v '^#' "$P/data/ward.yaml" | diff -u "$WORK/want" - || _fail "data/ward.yaml"
expect_contains "$P/site.yaml" 'base_url: "https://binhphuoc.example.gov.vn/"'
expect_contains "$P/site.yaml" 'title: "Bình Phước ward information portal"'

cd "$P"
run build "$WARDSITE" build --strict
expect_status 0
expect_lines "$LOG/build.err" 0
expect_contains "$LOG/build.out" "0 warnings, 0 errors"
expect_same_listing "" "$(git status --porcelain)"
expect_contains public/vi/gioi-thieu/index.html "0271 3 123 456"
expect_contains public/en/about/index.html "Decree No. 42/2022/NĐ-CP, Article 7"
for s in tin-tuc van-ban ke-hoach di-tich le-hoi thong-tin-doi-ngoai; do expect_exists "public/vi/$s/index.html"; done
for s in news documents plans heritage festivals foreign-information; do expect_exists "public/en/$s/index.html"; done
cmp -s public/css/style.css "$ROOT/themes/default/static/css/style.css" || _fail "the shipped style.css"
# what a visitor relies on, as for the bundled portal
run portal python3 "$ROOT/tests/portal-check.py" "$WARDSITE" "$P"
expect_status 0
expect_contains "$LOG/portal.out" " passed, 0 failed"

# sections have their archetypes
run new "$WARDSITE" new van-ban "Quyết định số 1"
expect_status 0
expect_contains "$LOG/new.out" "wardsite: created content/vi/van-ban/quyet-dinh-so-1.md from archetypes/document.md"
run new-en "$WARDSITE" new festivals "Spring festival" --lang en
expect_status 0
expect_contains "$LOG/new-en.out" "from themes/default/archetypes/festival.md"
git clean -q -f content

# the repository's own themes/default/ replaces the shipped theme file by file
mkdir -p themes/default/static/css themes/default/layouts
echo "body { color: black }" >themes/default/static/css/style.css
printf '{%% extends "baseof.html" %%}{%% block main %%}<p>own-404</p>{%% endblock %%}\n' >themes/default/layouts/404.html
git add themes && git commit -q -m "Giao diện riêng"
run own "$WARDSITE" build --strict --quiet
expect_status 0
expect_lines "$LOG/own.err" 0
expect_same_listing "body { color: black }" "$(cat public/css/style.css)"
cmp -s public/js/search.js "$ROOT/themes/default/static/js/search.js" || _fail "the shipped search.js"
expect_contains public/404.html "own-404"
expect_contains public/404.html 'class="skip-link"'
expect_not_contains public/vi/index.html "own-404"
expect_same_listing "" "$(git status --porcelain)"

# the README shows exactly the CI files init writes
readme_block() { # readme_block FILE: the fenced block after the line naming FILE
    awk -v f="$1" 'index($0, f) && !seen { seen = 1; next } seen && /^```/ { if (on) exit; on = 1; next } on' "$ROOT/README.md"
}
readme_block 'GitHub Actions, `.github/workflows/site.yml`' | diff -u - .github/workflows/site.yml || _fail "README's GitHub workflow"
readme_block 'GitLab CI, `.gitlab-ci.yml`' | diff -u - .gitlab-ci.yml || _fail "README's GitLab CI file"
# the CI files install exactly the Makefile's DEBS but the test tools
# (python3, strace, xxd), plus git and ca-certificates for the clone
debs=$(sed -n '/^DEBS *:=/,/[^\\]$/p' "$ROOT/Makefile" | sed 's/^DEBS *:=//; s/\\//' | tr ' ' '\n' | grep -v -e '^$' -e '^python3$' -e '^strace$' -e '^xxd$' | sort)
for f in .github/workflows/site.yml .gitlab-ci.yml; do
    got=$(awk '/apt-get install/ { on = 1 } /git clone/ { on = 0 } on' "$f" | tr ' \\' '\n\n' | grep -E '^[a-z0-9.+-]+$' | grep -v -e '^apt-get$' -e '^install$' -e '^-' | sort)
    expect_same_listing "$(printf '%s\nca-certificates\ngit\n' "$debs" | sort -u)" "$got"
done
cd "$WORK"

# refusals: nothing is written
run noname "$WARDSITE" init "$WORK/p2" --base-url https://a.example/ </dev/null
expect_status 2
expect_same_listing 'wardsite: error: init needs the ward'"'"'s name: --name "phường Bình Phước"' "$(cat "$LOG/noname.err")"
expect_absent "$WORK/p2"
run nourl "$WARDSITE" init "$WORK/p2" --name "xã Tân Lập" </dev/null
expect_status 2
expect_same_listing "wardsite: error: init needs the portal's web address: --base-url https://binhphuoc.gov.vn/" "$(cat "$LOG/nourl.err")"
run badurl "$WARDSITE" init "$WORK/p2" --name "xã Tân Lập" --base-url tanlap.gov.vn </dev/null
expect_status 2
expect_same_listing "wardsite: error: --base-url must be an address starting with https:// or http://, not 'tanlap.gov.vn'" "$(cat "$LOG/badurl.err")"
run notempty "$WARDSITE" init "$P" --name "xã Tân Lập" --base-url https://a.example/ </dev/null
expect_status 2
expect_same_listing "wardsite: error: $P is not empty: init makes a new portal in an empty or new folder" "$(cat "$LOG/notempty.err")"
expect_same_listing "2" "$(git -C "$P" rev-list --count HEAD)"
run noauthor env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL HOME="$WORK/nohome" XDG_CONFIG_HOME="$WORK/nohome" \
    "$WARDSITE" init "$WORK/p2" --name "xã Tân Lập" --base-url https://a.example/ </dev/null
expect_status 2
expect_same_listing 'wardsite: error: git does not know who makes the first commit: run git config --global user.name "Your Name" and git config --global user.email you@example.gov.vn, then init again' "$(cat "$LOG/noauthor.err")"
expect_absent "$WORK/p2"
run control "$WARDSITE" init "$WORK/p2" --name "xã Tân Lập" --base-url https://a.example/ --address "$(printf 'a\nb')" </dev/null
expect_status 2
expect_absent "$WORK/p2"

# `wardsite new site`, which people try first, points to init
run newsite "$WARDSITE" new site
expect_status 2
expect_same_listing "wardsite: error: a new portal is made with wardsite init DIR; new adds an article to a portal (wardsite help lists the commands and options)" "$(cat "$LOG/newsite.err")"

# no DIR: the current folder, which must be empty
mkdir "$WORK/p4" && cd "$WORK/p4"
run here "$WARDSITE" init --name "thị trấn Tân Phú" --base-url https://tanphu.example/ </dev/null
expect_status 0
expect_same_listing "wardsite: made the portal of thị trấn Tân Phú in $(pwd -P): 24 files, first commit $(git rev-parse --short=7 HEAD) on main
next: wardsite serve   (the preview is at http://127.0.0.1:1313/)" "$(cat "$LOG/here.out")"
expect_contains site.yaml 'ward_en: "Tân Phú township"'
run here-again "$WARDSITE" init --name "thị trấn Tân Phú" --base-url https://tanphu.example/ </dev/null
expect_status 2
expect_same_listing "wardsite: error: the current folder is not empty: init makes a new portal in an empty or new folder (wardsite init DIR makes DIR)" "$(cat "$LOG/here-again.err")"
cd "$WORK"

# a commune with a quote and Markdown characters in its English name
run commune "$WARDSITE" init "$WORK/p3" --name "xã Tân Lập" --name-en 'Tan Lap "A" *commune*' --base-url https://a.example/ </dev/null
expect_status 0
expect_contains "$WORK/p3/site.yaml" 'ward_en: "Tan Lap \"A\" *commune*"'
expect_contains "$WORK/p3/content/en/news/_index.md" 'activities and events of Tan Lap "A" \*commune\*.'
cd "$WORK/p3"
run build3 "$WARDSITE" build --strict --quiet
expect_status 0
expect_lines "$LOG/build3.err" 0
finish
