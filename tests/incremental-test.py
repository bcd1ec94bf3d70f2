#!/usr/bin/env python3
"""Incremental builds equal clean builds.

Copies the bundled portal into a temporary git repository and commits a
scripted sequence of changes (edit, add, rename, delete, front matter,
translations, a template, site.yaml, a data file, a plugin, a static
file, an empty commit, a revert).  After each commit it builds twice:
incrementally into one output folder that keeps its build state, and from
scratch into a fresh folder.  The two trees must be byte-identical; a
change to one page must render few pages and keep the rest (files not
rewritten: their mtimes stay); a corrupt or missing state must fall back
to a full build with one line saying why.

usage: tests/incremental-test.py WARDSITE
Ends with "N passed, N failed".
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

os.environ["WARDSITE_MESSAGES"] = "en"  # the expected messages are English (README, "Messages")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WARDSITE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "wardsite"))
passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)
        if detail:
            print(detail)


def run(cmd, cwd, env=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)


def git(repo, *args):
    r = run(["git", "-c", "user.name=Ban biên tập", "-c", "user.email=bbt@example.gov.vn", *args], repo)
    if r.returncode != 0:
        raise SystemExit("git %s: %s" % (" ".join(args), r.stderr))
    return r.stdout


def tree(folder):
    files = {}
    for top, _, names in os.walk(folder):
        for n in names:
            p = os.path.join(top, n)
            with open(p, "rb") as f:
                files[os.path.relpath(p, folder)] = hashlib.sha256(f.read()).hexdigest()
    return files


def read(repo, path):
    with open(os.path.join(repo, path), encoding="utf-8") as f:
        return f.read()


def write(repo, path, text):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def sub(repo, path, old, new):
    text = read(repo, path)
    if old not in text:
        raise SystemExit("%s: %r not found" % (path, old))
    write(repo, path, text.replace(old, new, 1))


def append(repo, path, text):
    write(repo, path, read(repo, path) + text)


NEWS = "content/vi/tin-tuc/ban-hanh-ke-hoach-108.md"
NEWS_EN = "content/en/news/plan-108-issued.md"
PLAN = "content/vi/ke-hoach/muc-tieu-van-hoa.md"

# (message, change, kind): kind "page" changes pages only, so the build
# must keep most of the site; "global" may render everything.
STEPS = [
    ("sửa nội dung một bài", lambda r: append(r, NEWS, "\nBan biên tập cập nhật đoạn này.\n"), "page"),
    ("sửa tiêu đề", lambda r: sub(r, PLAN, "title: ", "title: (Sửa) "), "page"),
    ("thêm bài mới", lambda r: write(r, "content/vi/tin-tuc/bai-thu-nghiem.md",
                                    "---\ntitle: Bài thử nghiệm của Ban biên tập\ndate: 2026-04-02\n"
                                    "tags: [kế hoạch]\n---\nNội dung thử nghiệm.\n"), "page"),
    ("thêm thẻ mới", lambda r: sub(r, "content/vi/tin-tuc/bai-thu-nghiem.md", "tags: [kế hoạch]",
                                   "tags: [kế hoạch, thử nghiệm]"), "page"),
    ("đổi tên tệp", lambda r: git(r, "mv", "content/vi/tin-tuc/bai-thu-nghiem.md",
                                  "content/vi/tin-tuc/bai-thu-nghiem-2.md"), "page"),
    ("thêm bản dịch", lambda r: write(r, "content/en/news/bai-thu-nghiem-2.md",
                                     "---\ntitle: A test article of the editorial board\ndate: 2026-04-02\n---\n"
                                     "Test text.\n"), "page"),
    ("đổi ngày", lambda r: sub(r, "content/vi/tin-tuc/bai-thu-nghiem-2.md", "date: 2026-04-02",
                               "date: 2026-01-02"), "page"),
    ("liên kết sang bài khác", lambda r: append(r, "content/vi/tin-tuc/bai-thu-nghiem-2.md",
                                                "\nXem [kế hoạch](/vi/ke-hoach/ke-hoach-108/).\n"), "page"),
    ("tóm tắt", lambda r: sub(r, "content/vi/tin-tuc/bai-thu-nghiem-2.md", "date: 2026-01-02",
                              "date: 2026-01-02\nsummary: Tóm tắt thử nghiệm."), "page"),
    ("bản nháp", lambda r: sub(r, "content/vi/tin-tuc/bai-thu-nghiem-2.md", "date: 2026-01-02",
                               "date: 2026-01-02\ndraft: true"), "page"),
    ("bỏ nháp", lambda r: sub(r, "content/vi/tin-tuc/bai-thu-nghiem-2.md", "draft: true\n", ""), "page"),
    ("thêm đường dẫn cũ", lambda r: sub(r, "content/vi/tin-tuc/bai-thu-nghiem-2.md", "date: 2026-01-02",
                                       "date: 2026-01-02\naliases: [/vi/bai-cu/]"), "page"),
    ("sửa bài tiếng Anh", lambda r: append(r, NEWS_EN, "\nThe editorial board updated this paragraph.\n"), "page"),
    ("sửa tiêu đề chuyên mục", lambda r: sub(r, "content/vi/le-hoi/_index.md", "title: ", "title: (Sửa) "), "global"),
    ("xoá bài", lambda r: git(r, "rm", "-q", "content/vi/tin-tuc/bai-thu-nghiem-2.md"), "page"),
    ("commit rỗng", lambda r: None, "page"),
    ("sửa khuôn trang", lambda r: append(r, "themes/default/layouts/partials/last-updated.html",
                                        "\n<!-- sửa -->\n"), "global"),
    ("sửa site.yaml", lambda r: append(r, "site.yaml", "\n# sửa\n"), "global"),
    ("sửa tệp dữ liệu", lambda r: append(r, "data/ward.yaml", "\n# sửa\n"), "global"),
    ("sửa plugin", lambda r: append(r, "lua-plugins/indicator.lua", "\n-- sửa\n"), "global"),
    ("sửa tệp tĩnh", lambda r: append(r, "themes/default/static/css/print.css", "\n/* sửa */\n"), "global"),
    ("hoàn tác", lambda r: git(r, "revert", "--no-edit", "HEAD~3"), "global"),
    ("sửa lại nội dung", lambda r: append(r, NEWS, "\nMột đoạn nữa.\n"), "page"),
]


def main():
    work = tempfile.mkdtemp(prefix="wardsite-incr-")
    try:
        repo = os.path.join(work, "repo")
        os.makedirs(repo)
        for name in ["content", "data", "lua-plugins", "static", "themes", "site.yaml"]:
            src = os.path.join(ROOT, name)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(repo, name))
            elif os.path.exists(src):
                shutil.copy(src, repo)
        write(repo, ".gitignore", "/.wardsite-cache/\n")
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "Cổng thông tin")
        inc, clean = os.path.join(work, "inc"), os.path.join(work, "clean")
        env = dict(os.environ, SOURCE_DATE_EPOCH="1785000000")

        def build(out):
            return run([WARDSITE, "build", "--out", out], repo, env)

        r = build(inc)
        check(r.returncode == 0, "first build", r.stdout + r.stderr)
        check("incremental" not in r.stdout and "every page" not in r.stdout,
              "a first build into a new folder says nothing of a state", r.stdout)
        states = os.listdir(os.path.join(repo, ".wardsite-cache"))
        inc_state = [s for s in states if s.startswith("build-") and s.endswith(".state")]
        check(len(inc_state) == 1, "one state file in the cache folder", str(states))
        if len(inc_state) != 1:
            return
        inc_state = os.path.join(repo, ".wardsite-cache", inc_state[0])

        # a file nothing below touches: its mtime must stay
        quiet_file = os.path.join("vi", "di-tich", "index.html")
        for i, (message, change, kind) in enumerate(STEPS, 1):
            change(repo)
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "--allow-empty", "-m", message)
            before = os.stat(os.path.join(inc, quiet_file)).st_mtime_ns
            r = build(inc)
            check(r.returncode == 0, "step %d (%s): incremental build" % (i, message), r.stdout + r.stderr)
            m = re.search(r"incremental: (\d+) pages rendered, (\d+) kept", r.stdout)
            if kind != "global":
                check(m is not None, "step %d (%s): the build was incremental" % (i, message), r.stdout)
            print("step %d (%s): %s" % (i, message, m.group(0) if m else "full"))
            if m and kind == "page":
                rendered, kept = int(m.group(1)), int(m.group(2))
                check(kept > rendered, "step %d (%s): fewer pages rendered again than kept (%d rendered, %d kept)"
                      % (i, message, rendered, kept))
                check(os.stat(os.path.join(inc, quiet_file)).st_mtime_ns == before,
                      "step %d (%s): an unaffected file is not rewritten" % (i, message))
            # the clean build: a new folder and no state for it
            shutil.rmtree(clean, ignore_errors=True)
            for s in os.listdir(os.path.join(repo, ".wardsite-cache")):
                p = os.path.join(repo, ".wardsite-cache", s)
                if s.startswith("build-") and not p.startswith(inc_state[:-len(".state")] + "."):
                    # the clean build's state and spare tree
                    shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
            c = build(clean)
            check(c.returncode == 0 and "incremental" not in c.stdout,
                  "step %d (%s): clean build" % (i, message), c.stdout + c.stderr)
            a, b = tree(inc), tree(clean)
            diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            check(not diff, "step %d (%s): incremental output equals the clean build" % (i, message),
                  "differ: " + ", ".join(diff[:20]))
            check(r.stderr == c.stderr, "step %d (%s): the same warnings" % (i, message),
                  "incremental:\n" + r.stderr + "clean:\n" + c.stderr)

        # the spare tree (the output before last, reused as the next
        # staging folder) is never trusted: junk in it, a folder where a
        # file goes, a file where a folder goes, a changed copy
        spare = inc_state[:-len(".state")] + ".spare"
        check(os.path.isdir(spare), "the spare tree is in the cache folder", str(os.listdir(os.path.dirname(spare))))
        write(spare, "rac/tep-la.html", "rác")
        shutil.rmtree(os.path.join(spare, "vi", "di-tich"), ignore_errors=True)
        os.makedirs(os.path.join(spare, "vi", "di-tich", "index.html"))
        shutil.rmtree(os.path.join(spare, "en", "news"), ignore_errors=True)
        write(spare, "en/news", "not a folder")
        victim = os.path.join(spare, "vi", "tags", "index.html")
        if os.path.exists(victim):
            os.remove(victim)  # unlinked first: the live file keeps its bytes
        write(spare, "vi/tags/index.html", "<p>sửa tay</p>")
        append(repo, NEWS, "\nSửa khi cây dự phòng hỏng.\n")
        git(repo, "commit", "-q", "-am", "sửa")
        r = build(inc)
        shutil.rmtree(clean, ignore_errors=True)
        for s in os.listdir(os.path.join(repo, ".wardsite-cache")):
            p = os.path.join(repo, ".wardsite-cache", s)
            if s.startswith("build-") and not p.startswith(inc_state[:-len(".state")] + "."):
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
        c = build(clean)
        a, b = tree(inc), tree(clean)
        diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        check(r.returncode == 0 and not diff, "a tampered spare tree: the output still equals a clean build",
              r.stdout + r.stderr + "differ: " + ", ".join(diff[:20]))

        # a corrupt state: a full build, saying why in one line
        with open(inc_state, "r+b") as f:
            f.seek(100)
            f.write(b"\xff\xfe")
        append(repo, NEWS, "\nSửa sau khi hỏng.\n")
        git(repo, "commit", "-q", "-am", "sửa")
        r = build(inc)
        lines = [l for l in r.stdout.splitlines() if "every page is rendered" in l]
        check(r.returncode == 0 and lines == [
            "wardsite: %s: the build state in %s is not usable: it is corrupt (its checksum does not match), "
            "so every page is rendered" % (inc, os.path.join(repo, ".wardsite-cache"))],
            "a corrupt state: one line, a full build", r.stdout + r.stderr)
        check("incremental:" not in r.stdout, "a corrupt state is not used", r.stdout)
        r = build(inc)
        check("incremental: 2 pages rendered" in r.stdout, "after it, a no-op build renders only the 404 pages",
              r.stdout)
        # a missing state
        os.remove(inc_state)
        r = build(inc)
        lines = [l for l in r.stdout.splitlines() if "every page is rendered" in l]
        check(r.returncode == 0 and lines == [
            "wardsite: %s: no build state for it in %s, so every page is rendered"
            % (inc, os.path.join(repo, ".wardsite-cache"))], "a missing state: one line, a full build",
            r.stdout + r.stderr)
        # a truncated state
        with open(inc_state, "r+b") as f:
            f.truncate(40)
        r = build(inc)
        check(r.returncode == 0 and "is not usable" in r.stdout and "incremental:" not in r.stdout,
              "a truncated state: a full build", r.stdout + r.stderr)
        # hand-edited output: the page is rendered again, not kept
        page = os.path.join(inc, quiet_file)
        with open(page, "a") as f:
            f.write("<!-- edited by hand -->")
        r = build(inc)
        with open(page) as f:
            check("edited by hand" not in f.read(), "a hand-edited output file is rendered again", r.stdout)
    finally:
        shutil.rmtree(work, ignore_errors=True)


main()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
