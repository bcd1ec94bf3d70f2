# XSS payloads through every field a site has: front matter, site.yaml,
# data files (YAML and CSV) read by widgets and templates, image alt text
# and captions, Markdown links, a git author's name and a commit message.
# check.py parses every page (html.parser), feed and sitemap (XML) and JSON
# file and fails on anything a payload added or broke.  setup.sh brings in
# the default theme, whose meta tags and JSON-LD are the contexts to test.
. "$CASE/../_lib.sh"
cd "$REPO"
bai=content/vi/tin-tuc/bai.md

run build "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
# the two links the link check cannot find (a tab in the first is decoded
# from &#x09;, and the URL is relative: java%09script:… is no scheme)
printf '%s\n' \
    "content/vi/tin-tuc/bai.md:16:58: warning: link to 'java	script:alert(1)': nothing is at /vi/tin-tuc/bai/java	script:alert(1)" \
    "content/vi/tin-tuc/bai.md:20:49: warning: link to '/vi/tin-tuc/#\"><script>alert(1)</script>': /vi/tin-tuc/ has no element with id '\"><script>alert(1)</script>'" \
    >"$WORK/want.err"
cmp -s "$WORK/want.err" "$LOG/build.err" || { _fail "unexpected stderr:"; diff "$WORK/want.err" "$LOG/build.err"; }

run check python3 "$CASE/check.py" "$OUT"
expect_status 0
[ "$status" = 0 ] || cat "$LOG/check.out"

# Markdown links to script URLs are dropped, raw HTML is text
page=$OUT/vi/tin-tuc/bai/index.html
expect_contains "$page" '<p>Links: <a href="">a</a> <a href="">b</a> <a href="java%09script:alert(1)">c</a>'
expect_contains "$page" '<a href="">d</a> <a href="">e</a>'
expect_contains "$page" '<a href="">f</a> <a href="">g</a> <a href="">javascript:alert(1)</a> <a href="">h</a>'
expect_contains "$page" '<p>Images: <img src="" alt="js" /> <img src="" alt="data" />'
expect_contains "$page" '<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;'
# a URL from a data file or site.yaml params goes through url(): nothing
expect_contains "$OUT/vi/gioi-thieu/index.html" '<dd><a href="">javascript:alert(1)</a></dd>'
expect_contains "$page" '<dd><a href="">javascript:alert(1)</a></dd>'
expect_not_contains "$page" 'content="javascript:'

# Fields that cannot hold a payload are refused with their position.
refused() { # NAME FILE SED WANT...: the edit makes the build fail with WANT
    local name=$1 file=$2 edit=$3; shift 3
    sed -i "$edit" "$file"
    run "$name" "$WARDSITE" build --quiet --worktree --out "$WORK/$name"
    git checkout -q -- "$file"
    expect_status 1
    printf '%s\n' "$@" "wardsite: $(($# )) error$([ $# = 1 ] || echo s), 0 warnings; $WORK/$name was not changed" >"$WORK/$name.want"
    cmp -s "$WORK/$name.want" "$LOG/$name.err" || { _fail "$name: unexpected stderr:"; diff "$WORK/$name.want" "$LOG/$name.err"; }
    expect_absent "$WORK/$name"
}
ev=content/vi/tin-tuc/su-kien.md
refused date "$ev" 's|^date: 2026-01-09|date: "2026-01-09<script>alert(1)</script>"|' \
    "$ev:3:7: error: 'date' must be a date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+07:00), not '2026-01-09<script>alert(1)</script>'"
refused lastmod "$ev" 's|^date: 2026-01-09|date: 2026-01-09\nlastmod: "<script>"|' \
    "$ev:4:10: error: 'lastmod' must be a date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+07:00), not '<script>'"
refused slug "$ev" 's|^date: 2026-01-09|date: 2026-01-09\nslug: "\\"><script>alert(1)</script>"|' \
    "$ev:4:7: error: 'slug' must be one URL segment (letters, digits, '-', '_', '.'), not '\"><script>alert(1)</script>'"
refused aliases "$ev" 's|^date: 2026-01-09|date: 2026-01-09\naliases: ["/vi/\\"><script>alert(1)</script>/", "javascript:alert(1)"]|' \
    "$ev:4:11: error: 'aliases' must be absolute paths such as /vi/tin-cu/, not '/vi/\"><script>alert(1)</script>/'" \
    "$ev:4:48: error: 'aliases' must be absolute paths such as /vi/tin-cu/, not 'javascript:alert(1)'"
refused menu site.yaml 's|url: /vi/tin-tuc/|url: " JavaScript:alert(1)"|' \
    "site.yaml:14:14: error: a menu url cannot be a javascript:, vbscript: or data: URL"

# Raw HTML is what lets a <script> of the Markdown through: with
# unsafe_html: true it reaches the page, and check.py says so (so it can
# fail); without the key (above) it does not.
echo "unsafe_html: true" >>site.yaml
run unsafe "$WARDSITE" build --quiet --worktree --out "$WORK/unsafe"
git checkout -q -- site.yaml
expect_status 0
expect_contains "$WORK/unsafe/vi/tin-tuc/bai/index.html" '<p>Raw inline: <script>alert(1)</script> <img src=x onerror=alert(1)>'
run unsafe-check python3 "$CASE/check.py" "$WORK/unsafe"
expect_status 1
expect_contains "$LOG/unsafe-check.out" "PROBLEM vi/tin-tuc/bai/index.html: inline <script>: 'alert(1)'"
expect_contains "$LOG/unsafe-check.out" "PROBLEM vi/tin-tuc/bai/index.html: <img> has an event handler attribute onerror='alert(1)'"
finish
