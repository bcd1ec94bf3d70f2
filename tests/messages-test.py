#!/usr/bin/env python3
"""The message catalogue is complete: every message of the code has its
Vietnamese form in generator/messages.vi.po, every entry there is still a
message of the code, and each translation takes the same printf arguments.

Messages are found where the house style puts them (generator/msg.h):
the format literal of each diag_at / diag_error / diag_warning / diag_once /
diag_vat call, the literal in msg_tr("...") and MSG_N("..."), adjacent
literals concatenated over several lines included; and in lua-plugins/*.lua
the message of error(...), wardsite.warn(...) and wardsite.arg_error(key,
...), where format("...", ...) gives its format and a piece joined with ..
that is not a literal counts as %s; the same in wardsite's own Lua,
generator/lua/*.lua; and luaL_error(L, "...") in C.
These last three are the catalogue's "#, text" entries, matched against
the finished text.

    tests/messages-test.py            the test; ends with "N passed, N failed"
    tests/messages-test.py --missing  prints a PO stub for each message with
                                      no entry, to append to the catalogue
"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CATALOGUE = os.path.join(ROOT, "generator", "messages.vi.po")

# call name -> index of the message argument
C_CALLS = {"diag_at": 5, "diag_once": 5, "diag_vat": 5, "diag_error": 4, "diag_warning": 4,
           "msg_tr": 0, "MSG_N": 0}
# static helpers that pass their format on to diag (file -> name -> index)
C_WRAPPERS = {"value.c": {"S_error": 2}, "output.c": {"S_werror": 1}, "template.c": {"S_error_at": 2},
              "frontmatter.c": {"S_fail": 3, "S_fail_got": 3}}
LUA_CALLS = {"error": 0, "wardsite.warn": 0, "wardsite.arg_error": 1}


def unescape(body):
    """A C or PO string literal's body as text (\\n \\t \\" \\\\ \\r, octal)."""
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in "01234567":
            m = re.match(r"[0-7]{1,3}", body[i + 1:])
            out.append(chr(int(m.group(0), 8)))
            i += 1 + len(m.group(0))
            continue
        out.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
        i += 2
    return "".join(out)


def split_args(src, start):
    """The top-level arguments of the call whose '(' is at src[start]."""
    args, depth, i, cur = [], 0, start + 1, start + 1
    while i < len(src):
        ch = src[i]
        if ch in "\"'":
            j = i + 1
            while j < len(src) and src[j] != ch:
                j += 2 if src[j] == "\\" else 1
            i = j + 1
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                args.append(src[cur:i])
                return args
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(src[cur:i])
            cur = i + 1
        i += 1
    return args


C_LIT = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def c_messages(arg):
    """The messages in one C argument: each run of adjacent literals (a
    ternary gives two)."""
    msgs, run, last = [], None, None
    for m in C_LIT.finditer(arg):
        between = arg[last:m.start()] if last is not None else ""
        if run is not None and between.strip() == "":
            run += unescape(m.group(1))
        else:
            if run is not None:
                msgs.append(run)
            run = unescape(m.group(1))
        last = m.end()
    if run is not None:
        msgs.append(run)
    return msgs


def strip_c_comments(src):
    """src with its comments blanked (newlines kept), literals untouched."""
    tok = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|/\*.*?\*/|//[^\n]*', re.S)
    return tok.sub(lambda m: m.group(0) if m.group(0)[0] in "\"'" else re.sub(r"[^\n]", " ", m.group(0)), src)


def is_message(text):
    return re.search(r"[A-Za-z]{2}", re.sub(r"%[-+ #0-9.*$]*(?:hh|h|ll|l|z|j|t|L)?[a-zA-Z%]", "", text)) is not None


def from_c():
    found = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "generator", "*.c")) + glob.glob(os.path.join(ROOT, "generator", "*.h"))):
        calls = dict(C_CALLS, **C_WRAPPERS.get(os.path.basename(path), {}))
        call = re.compile(r"\b(" + "|".join(calls) + r")\s*\(")
        src = strip_c_comments(open(path, encoding="utf-8").read()).replace("\\\n", " \n")
        for m in call.finditer(src):
            before = src[src.rfind("\n", 0, m.start()) + 1:m.start()]
            if before.lstrip().startswith("#define") or re.fullmatch(r"\s*(static\s+)?(const\s+)?(void|int|char|struct \w+|enum \w+)\s*\**\s*", before):
                continue  # a definition or declaration, not a call
            args = split_args(src, m.end() - 1)
            k = calls[m.group(1)]
            if len(args) <= k:
                continue
            for msg in c_messages(args[k]):
                if is_message(msg):
                    line = src.count("\n", 0, m.start()) + 1
                    found.setdefault(msg, "%s:%d" % (os.path.relpath(path, ROOT), line))
    return found


LUA_LIT = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')


def lua_message(arg):
    """The text an argument of error()/warn() makes, %s for what is not a
    literal; None when it has no literal at all."""
    arg = arg.strip()
    m = re.match(r"(?:string\.)?format\s*\(", arg)
    if m:
        inner = split_args(arg, m.end() - 1)
        lit = LUA_LIT.fullmatch(inner[0].strip())
        return unescape(lit.group(1) if lit.group(1) is not None else lit.group(2)) if lit else None
    pieces, any_lit = [], False
    for part in re.split(r"\.\.", arg):
        lit = LUA_LIT.fullmatch(part.strip())
        if lit:
            pieces.append(unescape(lit.group(1) if lit.group(1) is not None else lit.group(2)))
            any_lit = True
        else:
            pieces.append("%s")
    return "".join(pieces) if any_lit else None


def lua_sources():
    """(name, Lua text) of each plugin and of wardsite's own Lua."""
    for pattern in (("lua-plugins", "*.lua"), ("generator", "lua", "*.lua")):
        for path in sorted(glob.glob(os.path.join(ROOT, *pattern))):
            yield os.path.relpath(path, ROOT), open(path, encoding="utf-8").read()


def from_lua():
    found = {}
    call = re.compile(r"(?<![\w.])(" + "|".join(re.escape(c) for c in LUA_CALLS) + r")\s*\(")
    for name, text in lua_sources():
        src = re.sub(r"--[^\n]*", "", text)
        for m in call.finditer(src):
            args = split_args(src, m.end() - 1)
            k = LUA_CALLS[m.group(1)]
            if len(args) <= k:
                continue
            msg = lua_message(args[k])
            if msg and is_message(msg):
                found.setdefault(msg, "%s:%d" % (name, src.count("\n", 0, m.start()) + 1))
    return found


def from_luaL_error():
    """luaL_error(L, "...") and plugin.c's S_content_error(L, p, "...") in C:
    Lua formats them, so they reach diag as text."""
    found = {}
    call = re.compile(r"\b(luaL_error|S_content_error)\s*\(")
    for path in sorted(glob.glob(os.path.join(ROOT, "generator", "*.c"))):
        src = strip_c_comments(open(path, encoding="utf-8").read())
        for m in call.finditer(src):
            args = split_args(src, m.end() - 1)
            at = 1 if m.group(1) == "luaL_error" else 2  # S_content_error(L, p, fmt, ...)
            for msg in c_messages(args[at]) if len(args) > at else []:
                if is_message(msg):
                    found.setdefault(msg, "%s:%d" % (os.path.relpath(path, ROOT), src.count("\n", 0, m.start()) + 1))
    return found


def read_catalogue(path):
    """[(msgid, msgstr, is_text, line)] of the PO-like catalogue."""
    entries, cur, text_flag = [], None, False
    ent = None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("#, text"):
            text_flag = True
        elif line.startswith("msgid "):
            ent = {"id": unescape(line[7:-1]), "str": "", "text": text_flag, "line": n}
            entries.append(ent)
            cur, text_flag = "id", False
        elif line.startswith("msgstr "):
            ent["str"] = unescape(line[8:-1])
            cur = "str"
        elif line.startswith('"') and ent is not None and cur:
            ent[cur] += unescape(line[1:-1])
        elif line == "" or line.startswith("#"):
            cur = None
    return entries


# (%I is lua_pushfstring's lua_Integer)
CONV = re.compile(r"%(?:([1-9][0-9]*)\$)?[-+ #0]*(\*|[0-9]+)?(?:\.(\*|[0-9]+))?(hh|h|ll|l|z|j|t|L)?([diouxXeEfFgGcspI%])")


def conversions(fmt):
    """The argument types fmt consumes, in order, and whether it numbers
    them (%1$s); None for a malformed or mixed format."""
    types, positional, numbered = [], set(), {}
    rest = CONV.sub("", fmt)
    if "%" in rest:
        return None
    for m in CONV.finditer(fmt):
        pos, width, prec, length, conv = m.groups()
        if conv == "%":
            continue
        kind = (length or "") + ("d" if conv == "i" else conv)
        if kind in ("o", "u", "x", "X"):
            kind = "u"
        if pos:
            positional.add(True)
            numbered.setdefault(int(pos), set()).add(kind)
        else:
            positional.add(False)
            types += ["int"] * (width == "*") + ["int"] * (prec == "*") + [kind]
    if len(positional) > 1:
        return None
    if positional == {True}:
        n = max(numbered)
        if sorted(numbered) != list(range(1, n + 1)) or any(len(v) > 1 for v in numbered.values()):
            return None
        return [next(iter(numbered[i])) for i in range(1, n + 1)]
    return types


def po_quote(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = s.split("\n")
    if len(lines) == 1:
        return '"%s"' % s
    parts = [l + "\\n" for l in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join('"%s"' % p for p in parts)


def main():
    code_c, code_lua = from_c(), dict(from_luaL_error(), **from_lua())
    cat = read_catalogue(CATALOGUE) if os.path.exists(CATALOGUE) else []
    if "--missing" in sys.argv:
        have = {(e["id"], e["text"]) for e in cat}
        for msgs, text in ((code_c, False), (code_lua, True)):
            for msg, where in msgs.items():
                if (msg, text) not in have:
                    print("# %s\n%smsgid %s\nmsgstr \"\"\n" % (where, "#, text\n" if text else "", po_quote(msg)))
        return 0
    checks = []

    problems = []
    have = {(e["id"], e["text"]) for e in cat if e["str"]}
    for msgs, text in ((code_c, False), (code_lua, True)):
        for msg, where in sorted(msgs.items(), key=lambda kv: kv[1]):
            if (msg, text) not in have:
                problems.append("%s: no Vietnamese for %s%r" % (where, "the plugin message " if text else "", msg))
    checks.append(("every message has a Vietnamese entry", problems))

    problems = []
    for e in cat:
        if e["id"] not in (code_lua if e["text"] else code_c):
            problems.append("generator/messages.vi.po:%d: no longer a message of the code: %r" % (e["line"], e["id"]))
    checks.append(("every catalogue entry is a message of the code", problems))

    problems, seen = [], {}
    for e in cat:
        key = (e["id"], e["text"])
        if key in seen:
            problems.append("generator/messages.vi.po:%d: %r is also at line %d" % (e["line"], e["id"], seen[key]))
        seen[key] = e["line"]
    checks.append(("no entry twice", problems))

    problems = []
    for e in cat:
        if not e["str"]:
            continue
        want, got = conversions(e["id"]), conversions(e["str"])
        if want is None:
            problems.append("generator/messages.vi.po:%d: msgid has a malformed conversion: %r" % (e["line"], e["id"]))
        elif got != want:
            problems.append("generator/messages.vi.po:%d: msgstr takes %s, msgid %s: %r" % (
                e["line"], "a malformed format" if got is None else "(%s)" % ", ".join(got), "(%s)" % ", ".join(want), e["str"]))
    checks.append(("each msgstr takes the arguments of its msgid", problems))

    # the checker itself tells agreeing formats from the others
    problems = []
    for mid, mstr, same in (("%d error%s", "%1$d lỗi%2$.0s", True), ("%s in %s", "%2$s của %1$s", True),
                            ("%zu pages", "%zu trang", True), ("%s: %d", "%d: %s", False),
                            ("%s and %s", "%1$s", False), ("%zu of %s", "%d của %s", False),
                            ("%s %s", "%1$s %s", False), ("%d%%", "%d %", False), ("%.*s", "%s", False)):
        if (conversions(mstr) == conversions(mid)) != same:
            problems.append("%r against %r: should %s" % (mstr, mid, "agree" if same else "differ"))
    checks.append(("the conversion check tells formats apart", problems))

    passed = failed = 0
    for name, problems in checks:
        if problems:
            failed += 1
            print("FAIL %s: %d problem%s" % (name, len(problems), "" if len(problems) == 1 else "s"))
            for p in problems:
                print("  " + p)
        else:
            passed += 1
            print("ok   %s" % name)
    print("%d messages in the code (%d of plugins), %d entries in the catalogue" % (len(code_c) + len(code_lua), len(code_lua), len(cat)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
