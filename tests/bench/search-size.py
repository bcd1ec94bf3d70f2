#!/usr/bin/env python3
"""How big the search index, feeds and sitemaps of a large portal get.

Makes a site of N pages (default 10,000) whose text is the bundled
portal's own paragraphs, recombined (no new facts: this is a load test,
not content), builds it with WARDSITE and prints the size of each
language's search index, raw and gzip-compressed (what a phone downloads
from a server that compresses), with the build time.

usage: tests/bench/search-size.py WARDSITE_BINARY [N]
(KEEP=DIR keeps the site and its output in DIR.)
"""
import glob
import gzip
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    binary = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    rng = random.Random(108)
    paras, tags = [], set()
    for f in glob.glob(os.path.join(root, "content/vi/**/*.md"), recursive=True):
        text = open(f, encoding="utf-8").read()
        fm, body = text.split("---", 2)[1:]
        m = re.search(r"^tags: \[(.*)\]$", fm, re.M)
        if m:
            tags.update(t.strip() for t in m.group(1).split(","))
        # plain paragraphs only: no headings, tables, quotes, widgets or photos
        paras += [p.strip() for p in body.split("\n\n")
                  if len(p.strip()) > 80 and not p.strip().startswith(("#", "|", ">", "`", "<")) and "![" not in p]
    tags = sorted(tags)
    sections = ["tin-tuc", "ke-hoach", "di-tich", "le-hoi", "thong-tin-doi-ngoai"]
    with tempfile.TemporaryDirectory() as tmp:
        if os.environ.get("KEEP"): tmp = os.environ["KEEP"]; os.makedirs(tmp, exist_ok=True)
        site = os.path.join(tmp, "site")
        shutil.copytree(os.path.join(root, "themes"), os.path.join(site, "themes"))
        shutil.copy(os.path.join(root, "site.yaml"), site)
        for s in sections:
            os.makedirs(os.path.join(site, "content/vi", s))
        os.makedirs(os.path.join(site, "content/en"))
        for i in range(n):
            words = rng.choice(paras).replace("\n", " ").split()
            title = " ".join(words[:rng.randint(6, 14)]).strip("*_“”\"") or "Bài %d" % i
            body = "\n\n".join(rng.sample(paras, rng.randint(3, 8)))
            day = "2026-%02d-%02d" % (1 + i % 12, 1 + i % 28)
            with open(os.path.join(site, "content/vi", sections[i % 5], "bai-%05d.md" % i), "w", encoding="utf-8") as fh:
                fh.write("---\ntitle: \"%s\"\ndate: %s\ntags: [%s]\n---\n%s\n" % (
                    title.replace('"', "'"), day, ", ".join(rng.sample(tags, 3)), body))
        env = dict(os.environ, SOURCE_DATE_EPOCH="1800000000")
        subprocess.run(["git", "init", "-q", site], check=True)  # --worktree reads the files of a repository
        t0 = time.time()
        r = subprocess.run([binary, "build", "--worktree", "--quiet", "--out", os.path.join(tmp, "out")],
                           cwd=site, capture_output=True, text=True, env=env)
        dt = time.time() - t0
        if r.returncode != 0:
            print(r.stderr)
            return 1
        print("%d pages built in %.1f s" % (n, dt))
        for f in sorted(glob.glob(os.path.join(tmp, "out/*/search-index.json")) +
                        glob.glob(os.path.join(tmp, "out/*/sitemap.xml")) +
                        glob.glob(os.path.join(tmp, "out/*/index.xml"))):
            data = open(f, "rb").read()
            print("%-24s %9d bytes, %8d gzip-compressed" % (os.path.relpath(f, os.path.join(tmp, "out")), len(data),
                                                            len(gzip.compress(data, 6))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
