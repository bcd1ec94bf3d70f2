#!/usr/bin/env python3
"""Builds the bundled portal (the work tree of this repository) and checks
what a visitor relies on: the build is clean (no error, no warning), every
link and asset inside the site resolves to a file of the output, and every
page is a complete document in its language (lang attribute, one h1, a main
landmark, a skip link to it, a title, alt text on images, translations
linked with hreflang).  Prints one line per failed check and ends with
"N passed, N failed".

usage: tests/portal-check.py WARDSITE_BINARY
"""
import os
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.links = []
        self.h1 = 0
        self.main_ids = []
        self.skip = None
        self.title = ""
        self.in_title = False
        self.imgs_without_alt = 0
        self.refresh = False
        self.hreflangs = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "main":
            self.main_ids.append(a.get("id"))
        elif tag == "title":
            self.in_title = True
        elif tag == "img":
            if a.get("alt") is None:
                self.imgs_without_alt += 1
            self.links.append(a.get("src", ""))
        elif tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.refresh = True
        elif tag == "link":
            if a.get("rel") == "alternate" and a.get("hreflang"):
                self.hreflangs.append((a["hreflang"], a.get("href", "")))
            if a.get("rel") in ("stylesheet", "icon"):
                self.links.append(a.get("href", ""))
        elif tag == "a":
            href = a.get("href", "")
            if self.skip is None and href.startswith("#"):
                self.skip = href[1:]
            self.links.append(href)
        elif tag == "script" and a.get("src"):
            self.links.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def main():
    binary = os.path.abspath(sys.argv[1])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL portal: " + what)

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "public")
        r = subprocess.run([binary, "build", "--worktree", "--quiet", "--out", out], cwd=root,
                           capture_output=True, text=True)
        check(r.returncode == 0, "build exit status %d: %s" % (r.returncode, r.stderr.strip()))
        check(r.stderr == "", "build printed errors or warnings:\n" + r.stderr)
        if r.returncode != 0:
            print("%d passed, %d failed" % (passed, failed))
            return 1
        pages = []
        for dirpath, _, files in os.walk(out):
            for f in files:
                if f.endswith(".html"):
                    pages.append(os.path.join(dirpath, f))
        pages.sort()
        check(len(pages) > 20, "only %d pages" % len(pages))
        for path in pages:
            rel = os.path.relpath(path, out)
            p = Page()
            with open(path, encoding="utf-8") as fh:
                p.feed(fh.read())
            if p.refresh:  # a redirect page
                check(len(p.links) == 1 and p.links[0].startswith("/"), rel + ": redirect without one link")
            else:
                top = rel.split("/")[0]
                want = top if top in ("vi", "en") else "vi"
                check(p.lang == want, "%s: <html lang=%r>, expected %r" % (rel, p.lang, want))
                check(p.h1 == 1, "%s: %d <h1> elements" % (rel, p.h1))
                check(len(p.main_ids) == 1, "%s: %d <main> landmarks" % (rel, len(p.main_ids)))
                check(p.skip is not None and p.skip in p.main_ids,
                      "%s: the first in-page link (%r) is not a skip link to <main>" % (rel, p.skip))
                check(p.title.strip() != "", rel + ": empty <title>")
                check(p.imgs_without_alt == 0, "%s: %d images without alt" % (rel, p.imgs_without_alt))
                for lang, href in p.hreflangs:
                    check(href.startswith("https://"), "%s: hreflang %s link is not absolute: %s" % (rel, lang, href))
            for link in p.links:
                u = urlsplit(link)
                if u.scheme or u.netloc or not u.path:
                    if not u.scheme and not u.path and u.fragment:
                        check(u.fragment in p.ids, "%s: #%s names no element" % (rel, u.fragment))
                    continue
                target = unquote(u.path)
                if not target.startswith("/"):
                    target = os.path.normpath(os.path.join("/" + os.path.dirname(rel), target))
                    if u.path.endswith("/"):
                        target += "/"
                f = os.path.join(out, target.lstrip("/"))
                if target.endswith("/"):
                    f = os.path.join(f, "index.html")
                check(os.path.isfile(f), "%s: broken link %s" % (rel, link))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
