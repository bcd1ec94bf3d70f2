#!/usr/bin/env python3
"""Builds the bundled portal (the work tree of this repository) and checks
what a visitor relies on: the build is clean (no error, no warning), every
link and asset inside the site resolves to a file of the output, and every
page is a complete document in its language (lang attribute, one h1, a main
landmark, a skip link to it, a title, alt text on images, translations
linked with hreflang).  Prints one line per failed check and ends with
"N passed, N failed".

usage: tests/portal-check.py WARDSITE_BINARY [PORTAL_DIR]
(PORTAL_DIR: another portal's work tree, such as one `wardsite init` made;
default the bundled portal)
"""
import email.utils
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
import sys
import tempfile
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote

os.environ["WARDSITE_MESSAGES"] = "en"  # the expected messages are English (README, "Messages")


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
        self.viewport = False
        self.feeds = []
        self.before_main = 0  # links before <main>: then a skip link is needed
        self.seen_main = False

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
            self.seen_main = True
        elif tag == "title":
            self.in_title = True
        elif tag == "img":
            if a.get("alt") is None:
                self.imgs_without_alt += 1
            self.links.append(a.get("src", ""))
        elif tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.refresh = True
        elif tag == "meta" and a.get("name") == "viewport":
            self.viewport = True
        elif tag == "link":
            if a.get("rel") == "alternate" and a.get("hreflang"):
                self.hreflangs.append((a["hreflang"], a.get("href", "")))
            if a.get("rel") in ("stylesheet", "icon") or (a.get("rel") == "alternate" and a.get("type")):
                self.links.append(a.get("href", ""))
            if a.get("rel") == "alternate" and a.get("type"):
                self.feeds.append(a.get("href", ""))
        elif tag == "a":
            href = a.get("href", "")
            if self.skip is None and href.startswith("#"):
                self.skip = href[1:]
            if not self.seen_main:
                self.before_main += 1
            self.links.append(href)
        elif tag == "script" and a.get("src"):
            self.links.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


NS = {"atom": "http://www.w3.org/2005/Atom", "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "xhtml": "http://www.w3.org/1999/xhtml"}


def check_feeds(out, check):
    """robots.txt, the sitemaps and every feed: well-formed, the required
    elements there, dates readable, every URL absolute and naming a file
    of the output."""
    def local(url, where):
        u = urlsplit(url)
        ok = u.scheme == "https" and u.netloc == origin
        check(ok, "%s: not an absolute URL of the site: %s" % (where, url))
        f = os.path.join(out, unquote(u.path).lstrip("/"))
        if u.path.endswith("/"):
            f = os.path.join(f, "index.html")
        check(ok and os.path.isfile(f), "%s: %s names no file of the output" % (where, url))

    with open(os.path.join(out, "robots.txt"), encoding="utf-8") as fh:
        robots = fh.read()
    sitemaps = [l.split(":", 1)[1].strip() for l in robots.splitlines() if l.startswith("Sitemap:")]
    check(len(sitemaps) == 1, "robots.txt: %d Sitemap lines" % len(sitemaps))
    if not sitemaps:
        return
    origin = urlsplit(sitemaps[0]).netloc
    local(sitemaps[0], "robots.txt")
    index = ET.parse(os.path.join(out, "sitemap.xml")).getroot()
    check(index.tag == "{%s}sitemapindex" % NS["sm"], "sitemap.xml is not a sitemap index")
    langs = []
    for loc in index.findall("sm:sitemap/sm:loc", NS):
        local(loc.text, "sitemap.xml")
        langs.append(urlsplit(loc.text).path.strip("/").split("/")[0])
    check(sorted(langs) == ["en", "vi"], "sitemap.xml names %r" % langs)
    feeds = 0
    for lang in langs:
        sm = ET.parse(os.path.join(out, lang, "sitemap.xml")).getroot()
        urls = sm.findall("sm:url", NS)
        check(len(urls) > 5, "%s/sitemap.xml: %d URLs" % (lang, len(urls)))
        for u in urls:
            local(u.find("sm:loc", NS).text, lang + "/sitemap.xml")
            lm = u.find("sm:lastmod", NS)
            if lm is not None:
                datetime.fromisoformat(lm.text)
            for alt in u.findall("xhtml:link", NS):
                local(alt.get("href"), lang + "/sitemap.xml hreflang " + alt.get("hreflang"))
        for dirpath, _, files in os.walk(os.path.join(out, lang)):
            rel = os.path.relpath(dirpath, out)
            if "index.xml" in files:
                feeds += 1
                ch = ET.parse(os.path.join(dirpath, "index.xml")).getroot().find("channel")
                for k in ("title", "link", "description", "language", "lastBuildDate"):
                    check(ch.find(k) is not None and (ch.find(k).text or "").strip(), "%s/index.xml: no %s" % (rel, k))
                email.utils.parsedate_to_datetime(ch.find("lastBuildDate").text)
                for item in ch.findall("item"):
                    local(item.find("link").text, rel + "/index.xml")
                    check(item.find("guid").text == item.find("link").text, rel + "/index.xml: guid is not the link")
                    email.utils.parsedate_to_datetime(item.find("pubDate").text)
            if "atom.xml" in files:
                feed = ET.parse(os.path.join(dirpath, "atom.xml")).getroot()
                for k in ("atom:id", "atom:title", "atom:updated", "atom:author/atom:name"):
                    check(feed.find(k, NS) is not None, "%s/atom.xml: no %s" % (rel, k))
                for e in feed.findall("atom:entry", NS):
                    local(e.find("atom:link[@rel='alternate']", NS).get("href"), rel + "/atom.xml")
                    datetime.fromisoformat(e.find("atom:updated", NS).text)
                    check(e.find("atom:id", NS).text.startswith("https://"), rel + "/atom.xml: entry id")
            if "feed.json" in files:
                with open(os.path.join(dirpath, "feed.json"), encoding="utf-8") as fh:
                    jf = json.load(fh)
                check(jf.get("version") == "https://jsonfeed.org/version/1.1", rel + "/feed.json: version")
                local(jf["feed_url"], rel + "/feed.json")
                local(jf["home_page_url"], rel + "/feed.json")
                for it in jf["items"]:
                    local(it["url"], rel + "/feed.json")
                    check("content_text" in it or "content_html" in it, rel + "/feed.json: item without content")
    check(feeds >= 8, "only %d RSS feeds" % feeds)


class Refs(HTMLParser):
    """Every address an HTML page names: href, src, srcset, og:image."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if v is None:
                continue
            if k in ("href", "src", "poster", "data-index"):
                self.urls.append(v)
            elif k == "srcset":
                self.urls.extend(part.split()[0] for part in v.split(",") if part.split())
            elif k == "content" and (v.startswith("/") or v.startswith("http")):
                self.urls.append(v)


# published without a page naming them: crawlers, browsers and feed readers ask for these by name
WELL_KNOWN = {"robots.txt", "sitemap.xml", "favicon.ico", "favicon.svg", "404.html", "index.html", ".wardsite-output",
              ".nojekyll", "CNAME", "_headers", "_redirects"}  # and what hosts read
SOURCE_EXT = (".yaml", ".yml", ".csv", ".md")


def check_unreferenced(out, check):
    """Every published file is named by a page, a style sheet, a script or
    a feed (the well-known ones aside), and no source file is published
    (captions.yaml, data files, Markdown)."""
    host = None
    with open(os.path.join(out, "robots.txt"), encoding="utf-8") as fh:
        for line in fh:
            if line.lower().startswith("sitemap:"):
                host = urlsplit(line.split(":", 1)[1].strip()).netloc
    files, named = [], set()
    for dirpath, _, names in os.walk(out):
        for n in names:
            files.append(os.path.relpath(os.path.join(dirpath, n), out))

    def name(url, base):
        u = urlsplit(url.strip())
        if (u.scheme and u.scheme not in ("http", "https")) or (u.netloc and u.netloc != host) or not u.path:
            return
        path = unquote(u.path)
        if not path.startswith("/"):
            path = "/" + os.path.join(os.path.dirname(base), path)
        path = os.path.normpath(path).lstrip("/") + ("/" if path.endswith("/") else "")
        named.add(path + "index.html" if path.endswith("/") or path == "" else path)

    for rel in files:
        ext = os.path.splitext(rel)[1]
        if ext not in (".html", ".css", ".js", ".xml", ".json"):
            continue
        with open(os.path.join(out, rel), encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        if ext == ".html":
            r = Refs()
            r.feed(text)
            for url in r.urls:
                name(url, rel)
        elif ext == ".css":
            for url in re.findall(r"""url\(\s*['"]?([^'")]+)""", text):
                name(url, rel)
        # scripts, feeds and the search index name addresses in strings
        for url in re.findall(r"""(?:https?://[^/\s"'<>]+)?/[^\s"'<>(),]*""", text):
            name(url, rel)
    # the split search index: LANG/search/index.json names its shards by
    # count (t0.json ...) and its pages by count (p/0.json ...); search.js
    # makes those names, so they are named when their number is in range
    for rel in files:
        if rel.endswith("search/index.json"):
            with open(os.path.join(out, rel), encoding="utf-8") as fh:
                idx = json.load(fh)
            folder = os.path.dirname(rel)
            named.update("%s/t%d.json" % (folder, i) for i in range(len(idx["shards"])))
            named.update("%s/p/%d.json" % (folder, i) for i in range(idx["pages"]))
    for rel in sorted(files):
        base = os.path.basename(rel)
        check(not rel.endswith(SOURCE_EXT), "%s: a source file is published" % rel)
        if base in WELL_KNOWN or base in ("sitemap.xml", "index.xml", "atom.xml", "feed.json"):
            continue
        check(rel in named, "%s: published, but no page, style sheet, script or feed names it" % rel)


def check_events(out, check):
    """The festivals on lunar dates: each page shows its next date in both
    calendars, in Vietnamese and English, with its calendar file; the homes
    list the upcoming events; the calendar files are read by
    python3-icalendar (Debian's /usr/bin/python3) as the events they are."""
    def read(rel):
        with open(os.path.join(out, rel), encoding="utf-8") as f:
            return f.read()
    vi = read("vi/le-hoi/gio-to-hung-vuong/index.html")
    check("Hằng năm, mùng 10 tháng 3 âm lịch" in vi, "gio-to-hung-vuong: no 'Hằng năm, mùng 10 tháng 3 âm lịch'")
    check(re.search(r"(Thứ [^,<]+|Chủ Nhật), \d+/\d+/\d{4} — mùng 10 tháng 3 năm [^<]+</time>", vi) is not None,
          "gio-to-hung-vuong: its next date is not shown in both calendars")
    check('href="/vi/le-hoi/gio-to-hung-vuong/event.ics"' in vi and "Thêm vào lịch" in vi,
          "gio-to-hung-vuong: no 'Thêm vào lịch' link to its event.ics")
    en = read("en/foreign-information/hung-kings-day/index.html")
    check("Every year on the 10th day of the 3rd lunar month" in en, "hung-kings-day: no 'Every year on the 10th day…'")
    check(re.search(r"day, \d+ [A-Z][a-z]+ \d{4} — 10th day of the 3rd lunar month, year of [^<]+ \([A-Z][a-z]+\)</time>",
                    en) is not None, "hung-kings-day: its next date is not shown in both calendars")
    check("Add to calendar" in en, "hung-kings-day: no 'Add to calendar' link")
    for lang, heading in (("vi", "Sự kiện sắp diễn ra"), ("en", "Upcoming events")):
        home = read(lang + "/index.html")
        check(heading in home and "/%s/events.ics" % lang in home, "%s home: no upcoming events list" % lang)
    check("/vi/le-hoi/tet-nguyen-dan/" in read("vi/le-hoi/index.html").split("upcoming-heading")[-1],
          "vi/le-hoi: Tết is not in the section's upcoming events")
    script = """
import sys, icalendar
for path in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(path, 'rb').read())
    ev = cal.walk('VEVENT')
    print(path, len(ev), ' '.join(str(e.decoded('DTSTART')) for e in ev))
"""
    files = [os.path.join(out, f) for f in ("vi/le-hoi/gio-to-hung-vuong/event.ics", "vi/events.ics",
                                             "en/events.ics")]
    r = subprocess.run(["/usr/bin/python3", "-c", script] + files, capture_output=True, text=True)
    check(r.returncode == 0, "calendar files: python3-icalendar failed: " + r.stderr.strip()[-300:])
    counts = [int(line.split()[1]) for line in r.stdout.splitlines()]
    check(counts == [5, 10, 10], "calendar files: events per file %r, expected [5, 10, 10]" % counts)
# The five seed plans, as each seed's header and text give them (README,
# "Documents"): the number only where the seed prints one, the date only as
# precise as the seed gives it, the issuer as the seed names it.
SEED_DOCUMENTS = {
    "/vi/van-ban/ke-hoach-108/": ("108/KH-UBND", "2026-03-31", "Ủy ban nhân dân phường Bình Phước", None),
    "/vi/van-ban/ke-hoach-binh-thanh-2024/": (None, None, "Ủy ban nhân dân xã Bình Thành", "Đinh Văn Chinh"),
    "/vi/van-ban/ke-hoach-tan-an-2026/": ("/KH-UBND", "2026-05", "Ủy ban nhân dân phường Tân An", "Trần Văn Quỳnh"),
    "/vi/van-ban/ke-hoach-bac-son-2024/": ("/KH-BCĐ", "2024-03", "Ban Chỉ đạo Phong trào “Toàn dân đoàn kết xây dựng "
                                           "đời sống văn hóa” huyện Bắc Sơn", "Dương Thị Thép"),
    "/vi/van-ban/ke-hoach-vinh-thuan-2026/": ("/KH-UBND", "2026-06", "Ủy ban nhân dân xã Vĩnh Thuận", "Võ Thị Thuý An"),
}


def check_documents(out, check):
    """The library lists the five seed plans with their real metadata, by
    year and by type with counts, and each document page says what it is."""
    with open(os.path.join(out, "vi", "documents.json"), encoding="utf-8") as fh:
        idx = json.load(fh)
    docs = {urlsplit(d["url"]).path: d for d in idx["documents"]}
    check(idx["count"] == 5 and sorted(docs) == sorted(SEED_DOCUMENTS),
          "vi/documents.json lists %r, not the five seed plans" % sorted(docs))
    for url, (number, issued, issuer, signer) in SEED_DOCUMENTS.items():
        d = docs.get(url, {})
        got = (d.get("number"), d.get("issued"), d.get("issuer"), d.get("signer"))
        check(got == (number, issued, issuer, signer), "%s: %r, the seed gives %r" % (url, got, (number, issued, issuer, signer)))
        check(d.get("type") == "Kế hoạch" and d.get("files") == [], "%s: type %r, files %r" % (url, d.get("type"), d.get("files")))
        with open(os.path.join(out, url.strip("/"), "index.html"), encoding="utf-8") as fh:
            html = fh.read()
        check('"@type": "DigitalDocument"' in html or '"@type":"DigitalDocument"' in html,
              url + ": no DigitalDocument JSON-LD")
    check(docs.get("/vi/van-ban/ke-hoach-108/", {}).get("summary", "").startswith(
        "Triển khai thực hiện Kế hoạch số 45-KH/ĐU ngày 31/01/2026"), "Plan 108: the summary is not its title")
    with open(os.path.join(out, "vi", "van-ban", "index.html"), encoding="utf-8") as fh:
        lib = fh.read()
    for url in SEED_DOCUMENTS:
        check('href="%s"' % url in lib, "vi/van-ban/: no link to " + url)
    for href, count in (("/vi/van-ban/nam/2026/", 3), ("/vi/van-ban/nam/2024/", 1), ("/vi/van-ban/loai/ke-hoach/", 5)):
        check(re.search(r'href="%s">[^<]*<span class="count">\(%d văn bản\)' % (re.escape(href), count), lib) is not None,
              "vi/van-ban/: no link %s with the count %d" % (href, count))
        check(os.path.isfile(os.path.join(out, href.strip("/"), "index.html")), href + " was not written")
    check("Không ghi năm" in lib, "vi/van-ban/: the plan without a date is not counted apart")
    with open(os.path.join(out, "vi", "van-ban", "nam", "2026", "index.html"), encoding="utf-8") as fh:
        y = fh.read()
    listed = re.findall(r'<h2 class="page-list-title"><a href="([^"]+)"', y)
    check(listed == ["/vi/van-ban/ke-hoach-vinh-thuan-2026/", "/vi/van-ban/ke-hoach-tan-an-2026/",
                     "/vi/van-ban/ke-hoach-108/"], "vi/van-ban/nam/2026/ lists %r" % listed)
    with open(os.path.join(out, "en", "documents.json"), encoding="utf-8") as fh:
        en = json.load(fh)
    check(sorted(urlsplit(d["url"]).path for d in en["documents"]) ==
          ["/en/documents/plan-108/", "/en/documents/tan-an-plan-2026/"], "en/documents.json: %r" % en["documents"])


def main():
    binary = os.path.abspath(sys.argv[1])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(sys.argv) > 2:
        root = os.path.abspath(sys.argv[2])
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
        # the English pages name every office as data/glossary.yaml does
        # (README, "Glossary of the foreign-information column")
        if len(sys.argv) <= 2:  # the bundled portal has one; a portal of wardsite init may not
            check(os.path.isfile(os.path.join(root, "data", "glossary.yaml")), "the portal has no data/glossary.yaml")
        env = dict(os.environ, WARDSITE_MESSAGES="en")
        rep = subprocess.run([binary, "report", "--worktree", "--json"], cwd=root, capture_output=True, text=True,
                             env=env)
        if rep.returncode == 2 and "shallow" in rep.stderr:
            check("another English form" not in r.stderr, "glossary warnings:\n" + r.stderr)
        else:
            check(rep.returncode == 0, "report exit status %d: %s" % (rep.returncode, rep.stderr.strip()))
            names = json.loads(rep.stdout).get("glossary") if rep.returncode == 0 else None
            check(names == [], "English names not as in the glossary: %r" % (names,))
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
                check(rel != "index.html", "index.html: the site's root is a redirect, not a page")
                check(len(p.links) == 1 and p.links[0].startswith("/"), rel + ": redirect without one link")
            else:
                top = rel.split("/")[0]
                want = top if top in ("vi", "en") else "vi"
                check(p.lang == want, "%s: <html lang=%r>, expected %r" % (rel, p.lang, want))
                check(p.h1 == 1, "%s: %d <h1> elements" % (rel, p.h1))
                check(len(p.main_ids) == 1, "%s: %d <main> landmarks" % (rel, len(p.main_ids)))
                if rel == "index.html":  # the language chooser: a page of its own, no redirect
                    check(p.viewport, rel + ": no viewport")
                    check("/vi/" in p.links and "/en/" in p.links, rel + ": no link to each language")
                    check("/vi/index.xml" in p.feeds and "/en/index.xml" in p.feeds,
                          rel + ": the languages' feeds are not advertised")
                if p.before_main == 0 and p.skip is None:
                    pass  # nothing to skip: <main> comes first
                else:
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
        check_unreferenced(out, check)
        try:
            # the bundled portal's festivals (another portal has its own)
            if os.path.exists(os.path.join(root, "content/vi/le-hoi/gio-to-hung-vuong.md")):
                check_events(out, check)
        except (OSError, ValueError) as e:
            check(False, "events: %s: %s" % (type(e).__name__, e))
        try:
            if len(sys.argv) <= 2:  # the bundled portal, not another one
                check_documents(out, check)
        except (ValueError, KeyError, OSError) as e:
            check(False, "document library: %s: %s" % (type(e).__name__, e))
        try:
            check_feeds(out, check)
        except (ET.ParseError, ValueError, KeyError, AttributeError, OSError) as e:
            check(False, "feeds and sitemaps: %s: %s" % (type(e).__name__, e))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
