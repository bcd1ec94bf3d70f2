#!/usr/bin/env python3
"""How big the search index, feeds and sitemaps of a large portal get,
and what a search downloads.

For each N (default 10,000) makes a site of N pages whose text is the
bundled portal's own paragraphs, recombined (no new facts: this is a load
test, not content), builds it with WARDSITE and prints the size of the
Vietnamese search index (a folder: all of it, raw and gzip-compressed),
feeds, sitemap and search page (with its A-Z of every page), with the
build time; then, for a few typical queries,
the files the search page's script fetches (index.json, the term shards
of the query's words and word pairs, the fragments of the first 10
results) and their gzip-compressed bytes: what a phone downloads from a
server that compresses before it shows the first results.

usage: tests/bench/search-size.py WARDSITE_BINARY [N ...]
(KEEP=DIR keeps the site and its output in DIR.)
"""
import bisect
import glob
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

QUERIES = ["di tích", "lễ hội", "đồng xoài", "văn hóa thể thao", "kế hoạch 108", "olympic"]
SHOWN = 10  # results whose fragments search.js fetches first


def fold(s):
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.category(c).startswith("M"))
    s = s.lower().replace("đ", "d").replace("ð", "d")
    return [w for w in re.split(r"[^\w]+|_", s) if w]


def decode(postings):
    """The pages of a term (see generator/search.h), with their scores."""
    b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    docs, _, scores = postings.partition("|")
    out = {}
    if not docs:
        return out
    if docs.startswith("~"):
        for d, ch in enumerate(docs[1:]):
            v = b64.index(ch)
            out.update({d * 6 + k: 1 for k in range(6) if v >> k & 1})
    else:
        at = 0
        for x in docs.split(","):
            at += int(x, 36)
            out[at] = 1
    if scores.startswith("="):
        return {d: b64.index(c) for d, c in zip(sorted(out), scores[1:])}
    at = 0
    for x in filter(None, scores.split(",")):
        d, sc = x.split(":")
        at += int(d, 36)
        out[at] = int(sc, 36)
    return out


def downloads(folder, query):
    """The files search.js fetches for query (typed in full) and their
    gzip-compressed bytes, with the number of results."""
    def size(name):
        return len(gzip.compress(open(os.path.join(folder, name), "rb").read(), 6))
    meta = json.load(open(os.path.join(folder, "index.json"), encoding="utf-8"))
    shards = meta["shards"]
    q = fold(query)
    # as search.js: a number is not paired with its neighbours
    at = [i for i in range(len(q) - 1) if not q[i].isdigit() and not q[i + 1].isdigit()]
    terms = q + [q[i] + " " + q[i + 1] for i in at]
    files, found = {"index.json"}, []
    for t in terms:
        k = bisect.bisect_right(shards, t) - 1
        files.add("t%d.json" % k)
        shard = json.load(open(os.path.join(folder, "t%d.json" % k), encoding="utf-8"))
        found.append(decode(shard.get(t, "")))
    words, pairs = found[:len(q)], found[len(q):]
    whole, part = [], []
    for d in set.intersection(*(set(m) for m in words)):
        score = sum(m[d] for m in words) + 2 * sum(m.get(d, 0) for m in pairs)
        alone = [i not in at and i - 1 not in at for i in range(len(q))]
        for i, m in zip(at, pairs):
            if d in m:
                alone[i] = alone[i + 1] = True
        if all(d in m for m in pairs):
            whole.append((-score, d))
        elif not meta["adjacent"] or all(alone):
            part.append((-score, d))
    hits = sorted(whole) + sorted(part)
    for _, d in hits[:SHOWN]:
        files.add("p/%d.json" % d)
    return len(hits), len(files), sum(size(f) for f in files)


def main():
    binary = os.path.abspath(sys.argv[1])
    for n in [int(a) for a in sys.argv[2:]] or [10000]:
        if measure(binary, n):
            return 1
    return 0


def measure(binary, n):
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
        out = os.path.join(tmp, "out")
        for lang in sorted(os.listdir(out)):
            folder = os.path.join(out, lang, "search")
            if not os.path.isdir(folder):
                continue
            raw = packed = files = 0
            for dirpath, _, names in os.walk(folder):
                for name in names:
                    data = open(os.path.join(dirpath, name), "rb").read()
                    raw, packed, files = raw + len(data), packed + len(gzip.compress(data, 6)), files + 1
            print("%-24s %9d bytes, %8d gzip-compressed, in %d files" % (lang + "/search/", raw, packed, files))
        # the search page holds the A-Z of every page, for visitors without JavaScript
        for f in sorted(glob.glob(os.path.join(out, "*/sitemap.xml")) + glob.glob(os.path.join(out, "*/index.xml")) +
                        glob.glob(os.path.join(out, "vi/tim-kiem/index.html"))):
            data = open(f, "rb").read()
            print("%-24s %9d bytes, %8d gzip-compressed" % (os.path.relpath(f, out), len(data),
                                                            len(gzip.compress(data, 6))))
        for query in QUERIES:
            hits, files, size = downloads(os.path.join(out, "vi", "search"), query)
            print("query %-20s %6d results; downloads %3d files, %7d bytes gzip-compressed" % (
                "“%s”" % query, hits, files, size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
