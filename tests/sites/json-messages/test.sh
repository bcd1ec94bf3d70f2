# build --json: the summary on stdout lists every message (severity, path,
# line, col, message), for a failed build and for one with warnings only;
# stderr still has them for people.
. "$CASE/../_lib.sh"
cd "$REPO"
run ok "$WARDSITE" build --json --out "$OUT"
expect_status 0
python3 - "$LOG/ok.out" <<'PY' || _fail "build --json with a warning: unexpected JSON"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["status"] == "ok" and j["warnings"] == 1 and j["errors"] == 0, j
assert j["messages"] == [{"severity": "warning", "path": "content/vi/tin-tuc/lich.md", "line": 4, "col": 1,
    "message": "this line looks like a table row, but no table was made: put a separator row such as |---|---| under the header row (one --- for each of its 2 columns)"}], j["messages"]
PY
expect_lines "$LOG/ok.err" 1

printf -- '---\ntitle: Lễ hội: ngày 1\n---\nVăn bản.\n' >content/vi/tin-tuc/le-hoi.md
run failed "$WARDSITE" build --json --worktree --out "$OUT"
expect_status 1
python3 - "$LOG/failed.out" <<'PY' || _fail "failed build --json: unexpected JSON"
import json, sys
text = open(sys.argv[1]).read()
assert text.count("\n") == 1, text
j = json.loads(text)
assert j["status"] == "failed" and j["warnings"] == 1 and j["errors"] == 1, j
assert j["messages"] == [
    {"severity": "error", "path": "content/vi/tin-tuc/le-hoi.md", "line": 2, "col": 14,
     "message": "the value of 'title' has ': ' in it; put the whole value in double quotes: title: \"Lễ hội: ngày 1\""},
    {"severity": "warning", "path": "content/vi/tin-tuc/lich.md", "line": 4, "col": 1,
     "message": "this line looks like a table row, but no table was made: put a separator row such as |---|---| under the header row (one --- for each of its 2 columns)"},
], j["messages"]
PY
expect_lines "$LOG/failed.err" 3
finish
