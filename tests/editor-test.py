#!/usr/bin/env python3
"""The editor's day on a fresh machine, in Vietnamese: a new HOME, an empty
folder, LANG=vi_VN.UTF-8 and no WARDSITE_MESSAGES, so the messages are
Vietnamese because of the locale (README, "Messages in Vietnamese or
English"), as on an editor's computer.  The steps of the README's "Editor's
guide": `wardsite init` in the empty folder; `new` an article, a photo next
to it written with its description, `new --lang en --translation-of` its
translation, a commit; `build --strict`; `serve` on loopback (the page
loads; a colon in an unquoted title shows the error page telling to put the
title in double quotes; the fix brings the page back; a broken link shows
the warnings box); `report`; `publish --push` to a bare repository,
refused first while edits are not committed.  Every message met is compared
whole, in Vietnamese, with commit ids, timings, dates and temporary paths
replaced.  Ends with "N passed, N failed".

usage: tests/editor-test.py WARDSITE_BINARY
"""
import difflib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PHOTO = os.path.join(HERE, "sites", "photos", "site", "content", "vi", "bai-anh", "doc.jpg")      # 300x200
PHOTO2 = os.path.join(HERE, "sites", "xss", "site", "content", "vi", "tin-tuc", "anh", "a.jpg")
WAIT = 60          # seconds any wait on serve may take (the sanitizer build is slow)
POLL = 0.1

passed = failed = 0

# English that must not reach an editor whose locale is Vietnamese (words
# of wardsite's English messages that no Vietnamese message or path uses).
ENGLISH = re.compile(r"\b(error|warning|built|building|serving|published|pushed|created|made|"
                     r"things to do|nothing|none|files?|photos?|from|into|next|"
                     r"uncommitted|committed|work tree|update)\b", re.I)


def check(ok, what, detail=None):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL editor: " + what)
        if detail:
            print(detail)


def same(want, got, what):
    """Passes when the texts are equal; else fails with a diff."""
    check(want == got, what, "".join(difflib.unified_diff(
        want.splitlines(True), got.splitlines(True), "want", "got")) if want != got else None)


def vietnamese(text, what):
    """Fails when text has a word of wardsite's English messages."""
    m = ENGLISH.search(text)
    check(m is None, "%s: English for a Vietnamese editor: %r" % (what, m and text[max(0, m.start() - 60):m.end() + 40]))


class Editor:
    def __init__(self, binary, work):
        self.binary = binary
        self.work = work
        self.home = os.path.join(work, "home")
        self.portal = os.path.join(work, "binhphuoc")
        os.makedirs(self.home)
        os.makedirs(self.portal)
        env = {k: v for k, v in os.environ.items()
               if k not in ("WARDSITE_MESSAGES", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "SOURCE_DATE_EPOCH")
               and not k.startswith("GIT_")}
        env.update(HOME=self.home, XDG_CONFIG_HOME=os.path.join(self.home, ".config"), LANG="vi_VN.UTF-8",
                   GIT_CONFIG_NOSYSTEM="1")
        self.env = env
        # the author as an editor's machine has it: git's global config
        for k, v in (("user.name", "Ban biên tập"), ("user.email", "bbt@binhphuoc.example.gov.vn"),
                     ("init.defaultBranch", "main")):
            subprocess.run(["git", "config", "--global", k, v], env=env, check=True)
        self.real = os.path.realpath(work)

    def norm(self, text):
        """The text with what varies from run to run replaced."""
        text = text.replace(self.real, "<TMP>").replace(self.work, "<TMP>")
        text = re.sub(r"\S*/wardsite-serve-[^/\s]+", "<SERVE>", text)
        text = re.sub(r"trong [0-9]+,[0-9]+ giây", "trong <T> giây", text)
        return re.sub(r"\b20[0-9]{2}-[0-9]{2}-[0-9]{2}\b", "<DATE>", text)

    def run(self, *args, cwd=None, stdin=subprocess.DEVNULL):
        p = subprocess.run([self.binary] + list(args), cwd=cwd or self.portal, env=self.env, stdin=stdin,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        return p.returncode, self.norm(p.stdout.decode("utf-8", "replace")), self.norm(p.stderr.decode("utf-8", "replace"))

    def step(self, what, args, rc, out, err=""):
        """Runs wardsite ARGS; its exit code, stdout and stderr must be
        exactly rc, out and err (normalised), and Vietnamese; out None:
        the caller compares stdout (returned)."""
        got_rc, got_out, got_err = self.run(*args)
        check(got_rc == rc, "%s: exit %d, not %d" % (what, got_rc, rc), got_err)
        if out is not None:
            same(out, got_out, what + ": stdout")
        same(err, got_err, what + ": stderr")
        vietnamese(got_out + got_err, what)
        return got_out

    def git(self, *args, cwd=None):
        p = subprocess.run(["git"] + list(args), cwd=cwd or self.portal, env=self.env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
        return p.stdout.decode().strip()

    def path(self, rel):
        return os.path.join(self.portal, rel)

    def read(self, rel):
        with open(self.path(rel), encoding="utf-8") as f:
            return f.read()

    def write(self, rel, text):
        with open(self.path(rel), "w", encoding="utf-8") as f:
            f.write(text)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(port, path):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except OSError as e:
        return None, str(e)


def poll(port, path, ready):
    """GETs path until ready(status, body), at most WAIT seconds and
    WAIT / POLL times; returns the last answer."""
    deadline = time.monotonic() + WAIT
    status, body = None, ""
    for _ in range(int(WAIT / POLL)):
        status, body = get(port, path)
        if ready(status, body) or time.monotonic() > deadline:
            break
        time.sleep(POLL)
    return status, body


def init_and_write(ed):
    # 1. the portal, made in the empty folder the editor is in
    out = ed.step("init", ["init", "--name", "phường Bình Phước", "--base-url", "https://binhphuoc.example.gov.vn/"],
                  0, None)
    head = ed.git("rev-parse", "--short=7", "HEAD") if os.path.isdir(ed.path(".git")) else "?"
    same("wardsite: đã tạo cổng thông tin của phường Bình Phước trong <TMP>/binhphuoc: 24 tệp, "
         "commit đầu tiên %s trên nhánh main\n"
         "tiếp theo: wardsite serve   (xem trước tại http://127.0.0.1:1313/)\n" % head, out, "init: stdout")
    same("Ban biên tập <bbt@binhphuoc.example.gov.vn>", ed.git("log", "-1", "--format=%an <%ae>"), "init: the author")

    # 2. an article, its photo, its translation
    art = "content/vi/tin-tuc/le-khai-mac-hoi-xuan.md"
    ed.step("new", ["new", "tin-tuc", "Lễ khai mạc hội xuân"], 0,
            "wardsite: đã tạo %s từ themes/default/archetypes/news.md\n" % art)
    text = ed.read(art)
    check(text.startswith('---\ntitle: "Lễ khai mạc hội xuân"\ndate: ') and 'summary: ""' in text,
          "new: the article's front matter", text)
    shutil.copyfile(PHOTO, ed.path("content/vi/tin-tuc/le-khai-mac.jpg"))
    ed.write(art, text.replace('summary: ""', 'summary: "Phường khai mạc hội xuân tại nhà văn hóa."')
             + "Sáng nay, phường khai mạc hội xuân.\n\n"
             + '![Các đại biểu cắt băng khai mạc hội xuân](le-khai-mac.jpg "Lễ khai mạc")\n')

    en = "content/en/news/spring-festival-opens.md"
    ed.step("new translation", ["new", "news", "Spring festival opens", "--lang", "en", "--translation-of", art], 0,
            'wardsite: đã thêm translation_key: "tin-tuc/le-khai-mac-hoi-xuan" vào %s\n'
            "wardsite: đã tạo %s từ themes/default/archetypes/news.md\n" % (art, en))
    check(ed.read(art).startswith('---\ntranslation_key: "tin-tuc/le-khai-mac-hoi-xuan"\ntitle: '),
          "new translation: the key written into the original")
    text = ed.read(en)
    check('translation_key: "tin-tuc/le-khai-mac-hoi-xuan"\n' in text, "new translation: the key in the translation", text)
    ed.write(en, text.replace('summary: ""', 'summary: "The ward opened its spring festival."')
             + "The ward opened its spring festival this morning.\n\n"
             + '![Delegates cut the ribbon to open the spring festival](le-khai-mac.jpg "The opening")\n')
    ed.git("add", "-A")
    ed.git("commit", "-q", "-m", "Thêm tin khai mạc hội xuân")
    return art, en


def build(ed):
    # 3. the check before publishing
    head = ed.git("rev-parse", "--short=7", "HEAD")
    ed.step("build --strict", ["build", "--strict"], 0,
            "wardsite: đã dựng 28 trang (vi 2 bài, en 2 bài) từ HEAD (%s) vào <TMP>/binhphuoc/public trong <T> giây\n"
            "  tệp: 104 (mới 104, thay đổi 0, giữ nguyên 0, bỏ 0); cảnh báo 0, lỗi 0\n"
            "  ảnh: 1 ảnh gốc, 2 phiên bản (giải mã 1, lấy từ bộ nhớ đệm 0, làm lại 0 tệp đệm hỏng)\n" % head)
    # the original is not published: no page links to it, its web versions stand for it
    check(not os.path.exists(ed.path("public/vi/tin-tuc/le-khai-mac.jpg")), "build: the original photo is published")
    for f in ("public/vi/tin-tuc/le-khai-mac-200w.jpg", "public/vi/tin-tuc/le-khai-mac-200w.webp",
              "public/vi/tin-tuc/le-khai-mac-hoi-xuan/index.html", "public/en/news/spring-festival-opens/index.html"):
        check(os.path.isfile(ed.path(f)), "build: no " + f)
    with open(ed.path("public/vi/tin-tuc/le-khai-mac-200w.jpg"), "rb") as f:
        check(f.read(3) == b"\xff\xd8\xff", "build: the resized photo is a JPEG")
    sizes = "(min-width: 50.5em) 47.5rem, (min-width: 48em) calc(100vw - 3rem), calc(100vw - 2rem)"
    img = ('<picture><source type="image/webp" srcset="/vi/tin-tuc/le-khai-mac-200w.webp 200w" sizes="' + sizes + '">'
           '<img src="/vi/tin-tuc/le-khai-mac-200w.jpg" srcset="/vi/tin-tuc/le-khai-mac-200w.jpg 200w" '
           'sizes="' + sizes + '" width="200" height="300" alt="%s" loading="lazy" decoding="async"></picture>')
    for f, alt, title in (("public/vi/tin-tuc/le-khai-mac-hoi-xuan/index.html", "Các đại biểu cắt băng khai mạc hội xuân",
                           "<title>Lễ khai mạc hội xuân – Trang thông tin điện tử phường Bình Phước</title>"),
                          ("public/en/news/spring-festival-opens/index.html", "Delegates cut the ribbon to open the spring festival",
                           "<title>Spring festival opens – Bình Phước ward information portal</title>")):
        html = ed.read(f) if os.path.isfile(ed.path(f)) else ""
        check(img % alt in html, "build: the photo with its description in " + f)
        check(title in html, "build: the title of " + f)
    same("", ed.git("status", "--porcelain"), "build: git status clean after the build")


def serve(ed, art):
    # 4. the preview, as the editor uses it
    url = "/vi/tin-tuc/le-khai-mac-hoi-xuan/"
    good = ed.read(art)
    port = free_port()
    log_path = os.path.join(ed.work, "serve.log")
    log = open(log_path, "w")
    proc = subprocess.Popen([ed.binary, "serve", "--port", str(port)], cwd=ed.portal, env=ed.env,
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    try:
        status, body = poll(port, url, lambda s, b: s is not None)
        check(status == 200, "serve: the article loads (%s)" % status, body[:300])
        check("<title>Lễ khai mạc hội xuân – Trang thông tin điện tử phường Bình Phước</title>" in body,
              "serve: the article's title")
        check('alt="Các đại biểu cắt băng khai mạc hội xuân"' in body, "serve: the photo")

        # the mistake an editor makes: a colon in a title without quotes
        ed.write(art, re.sub(r'(?m)^title: .*$', "title: Lễ hội: ngày 1", good))
        status, body = poll(port, url, lambda s, b: s == 500)
        check(status == 500, "serve: the error page (%s)" % status, body[:300])
        for want in ('<html lang="vi">', "<title>Lỗi khi dựng trang</title>", "<h1>Lỗi khi dựng trang</h1>",
                     "<p>Trang sẽ tự tải lại khi tệp được sửa và lưu.</p>",
                     '<p><span class="where">content/vi/tin-tuc/le-khai-mac-hoi-xuan.md:3:14</span>: lỗi: '
                     "giá trị của &#39;title&#39; có &#39;: &#39; ở giữa; hãy đặt cả giá trị trong dấu ngoặc kép: "
                     "title: &quot;Lễ hội: ngày 1&quot;</p>",
                     '<span class="here">    3 | title: Lễ hội: ngày 1</span>',
                     # the translation, whose photo is beside the original, cannot find it: said so
                     '<p><span class="where">content/en/news/spring-festival-opens.md:11:1</span>: lỗi: '
                     "ảnh &#39;le-khai-mac.jpg&#39;: không có tệp: content/en/news/le-khai-mac.jpg, và không đọc được "
                     "trang ngôn ngữ nào khác có translation_key &#39;tin-tuc/le-khai-mac-hoi-xuan&#39; (nếu ảnh nằm "
                     "cạnh bản gốc thì tệp bản gốc đang bị thiếu hoặc có lỗi)</p>",
                     'new EventSource("/__wardsite/events")'):
            check(want in body, "serve: the error page has " + want)
        shown = re.sub(r"(?s)<style>.*?</style>|<script>.*?</script>|<pre.*?</pre>|<[^>]+>", "", body)
        vietnamese(shown, "serve: the error page")

        # fixed: the page is back
        ed.write(art, good)
        status, body = poll(port, url, lambda s, b: s == 200)
        check(status == 200 and "<title>Lễ khai mạc hội xuân – " in body, "serve: the page back after the fix (%s)" % status)
        check("wardsite-warnings" not in body, "serve: no warnings box after the fix")

        # a broken link: the page, and the warnings box over it
        ed.write(art, good + "Xem [lịch hội](/vi/le-hoi/lich/).\n")
        status, body = poll(port, url, lambda s, b: "wardsite-warnings" in b)
        check(status == 200, "serve: a page with a warning is served (%s)" % status)
        box = re.search(r'(?s)<aside id="wardsite-warnings".*?</aside>', body)
        box = box.group(0) if box else ""
        same("<strong>wardsite serve: lần dựng vừa rồi có 1 cảnh báo (trang vẫn hiển thị như đã dựng)</strong>\n"
             "<ul>\n<li><code>content/vi/tin-tuc/le-khai-mac-hoi-xuan.md:12:5</code>: liên kết tới &#39;/vi/le-hoi/lich/&#39;: "
             "không có gì ở /vi/le-hoi/lich/</li>\n</ul></aside>",
             box[box.find("<strong>"):], "serve: the warnings box")
        vietnamese(re.sub(r"<[^>]+>", "", box).replace("wardsite serve", ""), "serve: the warnings box")
        ed.write(art, good)
        status, body = poll(port, url, lambda s, b: s == 200 and "wardsite-warnings" not in b)
        check("wardsite-warnings" not in body, "serve: the warnings box gone once the link is removed")
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C, as the serve line says
        try:
            code = proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = None
        log.close()
    check(code == 0, "serve: Ctrl-C did not stop it cleanly (exit %s)" % code)
    with open(log_path, encoding="utf-8", errors="replace") as f:
        text = ed.norm(f.read())
    lines = text.splitlines()
    same("wardsite: đã dựng 28 trang (vi 2 bài, en 2 bài) từ thư mục làm việc vào <SERVE>/public trong <T> giây\n"
         "  tệp: 104 (mới 104, thay đổi 0, giữ nguyên 0, bỏ 0); cảnh báo 0, lỗi 0\n"
         "  ảnh: 1 ảnh gốc, 2 phiên bản (giải mã 0, lấy từ bộ nhớ đệm 2, làm lại 0 tệp đệm hỏng)\n"
         "wardsite: đang cho xem thư mục làm việc tại http://127.0.0.1:%d/ (Ctrl-C để dừng)\n" % port,
         "".join(l + "\n" for l in lines[:4]), "serve: the first lines it prints")
    for want in ("wardsite: 2 lỗi, 0 cảnh báo; <SERVE>/public không bị thay đổi",
                 "content/vi/tin-tuc/le-khai-mac-hoi-xuan.md:3:14: lỗi: giá trị của 'title' có ': ' ở giữa; "
                 "hãy đặt cả giá trị trong dấu ngoặc kép: title: \"Lễ hội: ngày 1\"",
                 "content/en/news/spring-festival-opens.md:11:1: lỗi: ảnh 'le-khai-mac.jpg': không có tệp: "
                 "content/en/news/le-khai-mac.jpg, và không đọc được trang ngôn ngữ nào khác có translation_key "
                 "'tin-tuc/le-khai-mac-hoi-xuan' (nếu ảnh nằm cạnh bản gốc thì tệp bản gốc đang bị thiếu hoặc có lỗi)",
                 "content/vi/tin-tuc/le-khai-mac-hoi-xuan.md:12:5: cảnh báo: liên kết tới '/vi/le-hoi/lich/': "
                 "không có gì ở /vi/le-hoi/lich/"):
        check(want in lines, "serve: it prints " + want, text[-2000:])
    vietnamese(text, "serve: what it prints")
    same("", ed.git("status", "--porcelain"), "serve: git status clean after the preview")


def report(ed):
    # 5. what to do: the sections that must be translated, set as the README shows
    with open(ed.path("site.yaml"), "a", encoding="utf-8") as f:
        f.write("report:\n  translate_sections: [tin-tuc, thong-tin-doi-ngoai]\n")
    ed.git("commit", "-q", "-a", "-m", "Chuyên mục phải dịch")
    head = ed.git("rev-parse", "--short=7", "HEAD")
    ed.step("report", ["report"], 0,
            "Việc cần cập nhật (ngày <DATE>, theo HEAD (%s)): 0 việc cần làm\n"
            "Trang quá hạn cập nhật theo quy định của chuyên mục (0):\n  không có\n"
            "Bản dịch cũ hơn bản gốc (0):\n  không có\n"
            "Trang chưa có bản dịch trong các chuyên mục phải dịch (0):\n  không có\n"
            "Ảnh chưa có mô tả alt (0):\n  không có\n"
            "Tên tiếng Anh chưa đúng như bảng thuật ngữ (0):\n  không có\n" % head)

    # a second article, not committed yet: its photo has no description and
    # it has no translation; and an edit of the first
    shutil.copyfile(PHOTO2, ed.path("content/vi/tin-tuc/hop.jpg"))
    ed.write("content/vi/tin-tuc/hop-to-dan-pho.md",
             '---\ntitle: "Họp tổ dân phố số 3"\ndate: 2026-12-01\nsummary: "Tổ dân phố số 3 họp bàn việc giữ vệ sinh."\n---\n'
             "Tổ dân phố số 3 họp tại nhà văn hóa.\n\n![](hop.jpg)\n")
    art = "content/vi/tin-tuc/le-khai-mac-hoi-xuan.md"
    ed.write(art, ed.read(art).replace("Sáng nay,", "Sáng ngày 5/12,"))
    ed.step("report --worktree", ["report", "--worktree"], 0,
            "Việc cần cập nhật (ngày <DATE>, theo thư mục làm việc): 2 việc cần làm\n"
            "Trang quá hạn cập nhật theo quy định của chuyên mục (0):\n  không có\n"
            "Bản dịch cũ hơn bản gốc (0):\n  không có\n"
            "Trang chưa có bản dịch trong các chuyên mục phải dịch (1):\n"
            "  content/vi/tin-tuc/hop-to-dan-pho.md (Họp tổ dân phố số 3): chưa có bản dịch sang en\n"
            "Ảnh chưa có mô tả alt (1):\n"
            "  content/vi/tin-tuc/hop-to-dan-pho.md (Họp tổ dân phố số 3):\n    dòng 8: hop.jpg\n"
            "Tên tiếng Anh chưa đúng như bảng thuật ngữ (0):\n  không có\n")


def publish(ed):
    # 6. publishing to a remote: refused while edits are not committed
    remote = os.path.join(ed.work, "remote.git")
    subprocess.run(["git", "init", "-q", "--bare", remote], env=ed.env, check=True)
    ed.git("remote", "add", "origin", remote)
    ed.step("publish --push, uncommitted", ["publish", "--push"], 1, "",
            "content/vi/tin-tuc/hop-to-dan-pho.md: lỗi: tệp mới, chưa commit: publish sẽ không xuất bản tệp này\n"
            "content/vi/tin-tuc/hop.jpg: lỗi: tệp mới, chưa commit: publish sẽ không xuất bản tệp này\n"
            "content/vi/tin-tuc/le-khai-mac-hoi-xuan.md: lỗi: đã sửa nhưng chưa commit: publish sẽ xuất bản nội dung trước khi sửa\n"
            "wardsite: lỗi: 3 tệp có thay đổi chưa commit: hãy commit (git add, git commit) rồi xuất bản lại, "
            "hoặc dùng --allow-dirty để xuất bản commit cuối cùng, không có các thay đổi đó\n")
    same("", ed.git("branch", "--list", "gh-pages"), "publish refused: no gh-pages branch here")
    same("", ed.git("branch", "--list", "gh-pages", cwd=remote), "publish refused: nothing pushed")

    # the editor describes the photo, commits, publishes
    f = "content/vi/tin-tuc/hop-to-dan-pho.md"
    ed.write(f, ed.read(f).replace("![](hop.jpg)", "![Các hộ dân tổ 3 họp tại nhà văn hóa](hop.jpg)"))
    ed.git("add", "-A")
    ed.git("commit", "-q", "-m", "Tin họp tổ dân phố số 3")
    head = ed.git("rev-parse", "--short=7", "HEAD")
    got_rc, got_out, got_err = ed.run("publish", "--push")
    pages = ed.git("rev-parse", "--short=7", "gh-pages") if ed.git("branch", "--list", "gh-pages") else "?"
    check(got_rc == 0, "publish --push: exit %d" % got_rc, got_err)
    same("wardsite: đã dựng 30 trang (vi 3 bài, en 2 bài) từ HEAD (%s) vào <TMP>/binhphuoc/public trong <T> giây\n"
         "  tệp: 110 (mới 6, thay đổi 22, giữ nguyên 82, bỏ 0); cảnh báo 0, lỗi 0\n"
         "  ảnh: 2 ảnh gốc, 4 phiên bản (giải mã 1, lấy từ bộ nhớ đệm 2, làm lại 0 tệp đệm hỏng)\n"
         "wardsite: đã xuất bản 110 tệp vào 'gh-pages' (%s), từ main (%s)\n"
         "wardsite: đã đẩy (push) nhánh 'gh-pages' (%s) lên origin (<TMP>/remote.git)\n" % (head, pages, head, pages),
         got_out, "publish --push: stdout")
    same("", got_err, "publish --push: stderr")
    vietnamese(got_out + got_err, "publish --push")
    same(ed.git("rev-parse", "gh-pages"), ed.git("rev-parse", "gh-pages", cwd=remote) if pages != "?" else "",
         "publish --push: the remote's gh-pages is the one published")
    files = ed.git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split("\n") if pages != "?" else []
    for want in ("index.html", "vi/tin-tuc/le-khai-mac-hoi-xuan/index.html", "vi/tin-tuc/le-khai-mac-200w.jpg",
                 "vi/tin-tuc/hop-to-dan-pho/index.html", "en/news/spring-festival-opens/index.html"):
        check(want in files, "publish --push: the remote's gh-pages has " + want)
    same("", ed.git("status", "--porcelain"), "publish: git status clean")


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="wardsite-editor-test.")
    try:
        ed = Editor(binary, work)
        art, _ = init_and_write(ed)
        build(ed)
        serve(ed, art)
        report(ed)
        publish(ed)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))


if __name__ == "__main__":
    main()
    sys.exit(1 if failed else 0)
