#!/usr/bin/env python3
"""Generates, deterministically, the benchmark site twice: as a wardsite
repository (a git fast-import stream with a scripted history) and as the
equivalent Hugo site (same pages, same URLs, comparable templates).

usage: tests/bench/gen.py PAGES OUTDIR
  OUTDIR/repo   a git repository: site.yaml, content/{vi,en}/…, themes/bench
  OUTDIR/hugo   a Hugo site: hugo.toml, content/{vi,en}/…, layouts/

Pages: Vietnamese text with diacritics, 400–800 words, headings, lists, a
table, links to other pages, tags from a pool of 50, five sections like the
portal's; every other page has an English translation (same path).  The
history: about PAGES/25 commits (at least 300) by six editors, first adding
pages and then editing them.
"""
import os
import random
import shutil
import subprocess
import sys

N = int(sys.argv[1])
OUT = os.path.abspath(sys.argv[2])
rnd = random.Random(20260331)

SECTIONS = ["tin-tuc", "di-tich", "le-hoi", "quan-ho", "thong-tin-doi-ngoai"]
EDITORS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chi", "Phạm Thị Dung", "Hoàng Văn Em", "Võ Thị Giang"]
WORDS = ("phường xã văn hóa thể thao thông tin truyền thông đối ngoại di tích lịch sử quốc gia địa điểm chiến thắng "
         "đồng xoài nhân dân cán bộ đảng viên kế hoạch mục tiêu nhiệm vụ giải pháp tổ chức thực hiện tuyên truyền "
         "giáo dục truyền thống cách mạng thanh niên thiếu nhi trường học gia đình khu phố câu lạc bộ văn nghệ "
         "lễ hội quan họ dân ca bảo tồn phát huy giá trị di sản số hóa chuyển đổi số cổng thông tin điện tử "
         "bảng tin loa truyền thanh thông minh nhóm zalo hội nghị tổng kết năm chỉ tiêu đạt chuẩn đô thị văn minh "
         "ủy ban mặt trận tổ quốc phụ nữ cựu chiến binh nông dân công an quân sự trung tâm phục vụ hành chính "
         "công giải thi đấu ngày chạy olympic sức khỏe toàn dân luyện tập thường xuyên nhà văn hóa công viên "
         "hoa viên thiết chế ngân sách xã hội hóa doanh nghiệp cơ quan đơn vị quy ước nếp sống hạnh phúc").split()
TAGS = ["văn hóa", "thể thao", "di tích", "lễ hội", "quan họ", "thông tin đối ngoại", "chuyển đổi số", "giáo dục",
        "thanh niên", "gia đình", "khu phố", "câu lạc bộ", "văn nghệ", "bảo tồn", "di sản", "số hóa", "hội nghị",
        "tổng kết", "chỉ tiêu", "đô thị văn minh", "mặt trận", "phụ nữ", "cựu chiến binh", "nông dân", "công an",
        "quân sự", "hành chính", "giải thi đấu", "sức khỏe", "nhà văn hóa", "công viên", "ngân sách", "xã hội hóa",
        "doanh nghiệp", "quy ước", "hạnh phúc", "loa truyền thanh", "zalo", "bảng tin", "cổng thông tin",
        "tuyên truyền", "truyền thống", "cách mạng", "trường học", "thiếu nhi", "dân ca", "du lịch", "ẩm thực",
        "môi trường", "an sinh"]


def sentence(k):
    w = [rnd.choice(WORDS) for _ in range(k)]
    return w[0].capitalize() + " " + " ".join(w[1:]) + "."


def page_text(i, slugs, lang):
    words = rnd.randint(400, 800)
    out, count = [], 0
    while count < words:
        kind = rnd.random()
        if kind < 0.12:
            out.append("## " + sentence(rnd.randint(3, 7))[:-1])
        elif kind < 0.24:
            items = [sentence(rnd.randint(5, 10)) for _ in range(rnd.randint(3, 5))]
            out.append("\n".join("- " + s for s in items))
            count += sum(len(s.split()) for s in items)
        elif kind < 0.28:
            rows = ["| Chỉ tiêu | Năm 2025 | Năm 2030 |", "|---|---:|---:|"]
            for _ in range(4):
                rows.append("| %s | %d,%d%% | %d%% |" % (sentence(3)[:-1], rnd.randint(40, 99), rnd.randint(0, 9),
                                                        rnd.randint(60, 100)))
            out.append("\n".join(rows))
            count += 20
        else:
            s = " ".join(sentence(rnd.randint(8, 18)) for _ in range(rnd.randint(3, 6)))
            if rnd.random() < 0.3:
                other = rnd.choice(slugs)
                s += " Xem thêm [bài liên quan](/%s/%s/)." % (lang, other)
            out.append(s)
            count += len(s.split())
    return "\n\n".join(out) + "\n"


def front(title, date, tags, extra=""):
    tl = ", ".join('"%s"' % t for t in tags)
    return '---\ntitle: "%s"\ndate: %s\ntags: [%s]\n%s---\n' % (title, date, tl, extra)


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    here = os.path.dirname(os.path.abspath(__file__))
    # pages: (path below content/LANG, vi text, en text or None, tags, date)
    pages = []
    slugs = []
    for i in range(N):
        sec = SECTIONS[i % len(SECTIONS)]
        slug = "%s/bai-%05d" % (sec, i)
        slugs.append(slug)
    for i in range(N):
        day = 1 + i % 28
        date = "20%02d-%02d-%02d" % (20 + (i // 336) % 6, 1 + (i // 28) % 12, day)
        tags = rnd.sample(TAGS, rnd.randint(1, 4))
        pages.append((slugs[i], date, tags, i % 2 == 0))
    # English links go to pages that have an English version
    en_slugs = [p[0] for p in pages if p[3]]

    # the git history as a fast-import stream
    commits = max(300, N // 25)
    stream = []
    mark = 0
    t = 1767225600  # 2026-01-01

    def blob(data):
        nonlocal mark
        mark += 1
        b = data.encode("utf-8")
        stream.append(b"blob\nmark :%d\ndata %d\n" % (mark, len(b)) + b + b"\n")
        return mark

    def commit(files, msg, who):
        nonlocal t
        t += rnd.randint(600, 7200)
        ident = ("%s <%s@example.gov.vn> %d +0700" % (who, who.split()[-1].lower(), t)).encode("utf-8")
        m = msg.encode("utf-8")
        head = b"commit refs/heads/main\nauthor " + ident + b"\ncommitter " + ident + b"\ndata %d\n" % len(m) + m + b"\n"
        body = b"".join(b"M 100644 :%d %s\n" % (mk, p.encode("utf-8")) for p, mk in files)
        stream.append(head + body + b"\n")

    static = []
    with open(os.path.join(here, "site.yaml"), encoding="utf-8") as f:
        static.append(("site.yaml", blob(f.read())))
    for root, _, names in os.walk(os.path.join(here, "theme")):
        for n in sorted(names):
            full = os.path.join(root, n)
            rel = os.path.relpath(full, os.path.join(here, "theme"))
            with open(full, encoding="utf-8") as f:
                static.append(("themes/bench/" + rel, blob(f.read())))
    adding = int(commits * 0.8)
    per = (N + adding - 1) // adding
    texts = {}
    for c in range(commits):
        files = list(static) if c == 0 else []
        who = EDITORS[c % len(EDITORS)]
        if c < adding:
            batch = pages[c * per:(c + 1) * per]
            for slug, date, tags, en in batch:
                num = slug.split("-")[-1]
                vi = front("Bài số %s: %s" % (num, sentence(6)[:-1]), date, tags) + page_text(0, slugs, "vi")
                texts[slug] = vi
                files.append(("content/vi/%s.md" % slug, blob(vi)))
                if en:
                    e = front("Article %s: %s" % (num, sentence(5)[:-1]), date, tags[:1]) + page_text(0, en_slugs, "en")
                    files.append(("content/en/%s.md" % slug, blob(e)))
            msg = "Thêm %d bài" % len(batch)
        else:
            for slug in rnd.sample(slugs, 3):
                texts[slug] = texts[slug] + "\n" + sentence(12) + "\n"
                files.append(("content/vi/%s.md" % slug, blob(texts[slug])))
            msg = "Sửa 3 bài"
        if files:
            commit(files, msg, who)
    repo = os.path.join(OUT, "repo")
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    p = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    for chunk in stream:
        p.stdin.write(chunk)
    p.stdin.close()
    if p.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", repo, "checkout", "-q", "main"], check=True)

    # the same pages as a Hugo site
    hugo = os.path.join(OUT, "hugo")
    shutil.copytree(os.path.join(repo, "content"), os.path.join(hugo, "content"))
    shutil.copytree(os.path.join(here, "hugo", "layouts"), os.path.join(hugo, "layouts"))
    shutil.copy(os.path.join(here, "hugo", "hugo.toml"), os.path.join(hugo, "hugo.toml"))
    print("generated %d pages (%d with English), %d commits in %s" % (N, (N + 1) // 2, commits, OUT))


main()
