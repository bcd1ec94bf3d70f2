# The plugin-authoring example of README.md ("Writing a widget") works as
# the README says: the files under site/ are the README's, and
# expected-widget.html is the HTML the README shows.
source "$CASE/../_lib.sh"
cd "$REPO"
run build "$WARDSITE" build --quiet --out "$OUT"
expect_status 0
expect_lines "$LOG/build.err" 0
python3 - "$OUT/vi/lien-he/index.html" "$CASE/expected-widget.html" <<'PY' || _fail "the page does not hold the README's HTML"
import sys
page, want = open(sys.argv[1]).read(), open(sys.argv[2]).read()
sys.exit(0 if want in page else 1)
PY
sed -i 's/^id: van-phong$/id: van-phong-x/' content/vi/lien-he.md
run bad "$WARDSITE" build --quiet --worktree --out "$OUT"
expect_status 1
expect_contains "$LOG/bad.err" "content/vi/lien-he.md:8:5: error: widget 'contact': lua-plugins/contact.lua:8: no contact 'van-phong-x' in data/contacts.yaml"
expect_lines "$LOG/bad.err" 2
finish
