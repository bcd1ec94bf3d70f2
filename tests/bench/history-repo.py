#!/usr/bin/env python3
"""Writes a git fast-import stream of a site with history, for measuring
what the history pass costs (not a test).

usage: tests/bench/history-repo.py PAGES COMMITS | git -C REPO fast-import --quiet

The first commit brings site.yaml, the test theme and a fifth of the
pages; every later commit, by one of eight editors a few hours after the
previous one, adds pages, edits one to three pages, and now and then
renames one, so that the last commit has PAGES pages in 8 sections of 2
languages.
"""
import os
import random
import sys

pages, commits = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(5)
here = os.path.dirname(os.path.abspath(__file__))
theme = os.path.join(here, "..", "sites", "_theme")
out = sys.stdout.buffer
sections = ["tin-tuc", "ke-hoach", "di-tich", "le-hoi", "van-ban", "thong-bao", "hoat-dong", "doi-ngoai"]
editors = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Chi", "Phạm Dũng", "Hoàng Yến", "Võ Minh", "Đặng Lan", "Bùi Hải"]
files = {}  # path -> revision number
t = 1735689600  # 2025-01-01


def body(path, rev):
    title = os.path.basename(path)[:-3].replace("-", " ")
    text = "---\ntitle: Bài %s\n---\n" % title
    text += "".join("Đoạn %d của bài %s, bản %d. Phường Bình Phước cập nhật thông tin.\n\n" % (i, title, rev)
                    for i in range(6))
    return text.encode()


def data(b):
    out.write(b"data %d\n" % len(b))
    out.write(b)
    out.write(b"\n")


def new_page():
    lang = "vi" if rnd.random() < 0.7 else "en"
    while True:
        p = "content/%s/%s/bai-%d.md" % (lang, rnd.choice(sections), rnd.randrange(10 ** 7))
        if p not in files:
            return p


first = pages // 5
per_commit = (pages - first) / max(1, commits - 1)
owed = 0.0
for n in range(commits):
    who = rnd.choice(editors)
    t += rnd.randrange(600, 8 * 3600)
    out.write(b"commit refs/heads/main\n")
    out.write(("author %s <e%d@example.gov.vn> %d +0700\n" % (who, editors.index(who), t)).encode())
    out.write(("committer %s <e%d@example.gov.vn> %d +0700\n" % (who, editors.index(who), t)).encode())
    data(("Cập nhật số %d" % n).encode())
    changes = []
    if n == 0:
        site = ("title: Bench\nbase_url: https://example.gov.vn/\ntheme: test\n"
                "languages:\n  vi:\n    name: Tiếng Việt\n  en:\n    name: English\n").encode()
        changes.append(("site.yaml", site))
        for dirpath, _, names in os.walk(theme):
            for name in names:
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, theme)
                with open(full, "rb") as fh:
                    changes.append(("themes/test/" + rel, fh.read()))
        for _ in range(first):
            p = new_page()
            files[p] = 0
            changes.append((p, body(p, 0)))
    else:
        owed += per_commit
        while owed >= 1 and len(files) < pages:
            owed -= 1
            p = new_page()
            files[p] = 0
            changes.append((p, body(p, 0)))
        keys = list(files)
        for _ in range(rnd.randrange(1, 4)):
            p = rnd.choice(keys)
            files[p] += 1
            changes.append((p, body(p, files[p])))
        if rnd.random() < 0.02:
            old = rnd.choice(keys)
            new = old[:-3] + "-moi.md"
            if new not in files:
                out.write(("R %s %s\n" % (old, new)).encode())
                files[new] = files.pop(old)
    for path, b in changes:
        out.write(("M 100644 inline %s\n" % path).encode())
        data(b)
    out.write(b"\n")
