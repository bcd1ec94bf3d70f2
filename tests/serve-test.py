#!/usr/bin/env python3
"""Drives `wardsite serve` on loopback: a page is served with the reload
script, an edit sends a reload event and shows the new text, a broken file
gives the error page with file, line and source, fixing it brings the page
back, a build with warnings (a broken link) shows them over its pages,
traversal attempts are refused, content types are right, a client
that disconnects mid-stream does not hurt the server, SIGTERM stops it.
`new` is tested in tests/sites/new-article.  Ends with "N passed, N failed".

usage: tests/serve-test.py WARDSITE_BINARY
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

os.environ["WARDSITE_MESSAGES"] = "en"  # the expected messages are English (README, "Messages")

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL serve: " + what)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(port, path):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as r:
            return r.status, r.headers.get("Content-Type"), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read().decode("utf-8", "replace")


def raw(port, request):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(request)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    return data.decode("utf-8", "replace")


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    binary = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    work = tempfile.mkdtemp(prefix="wardsite-serve-test.")
    repo = os.path.join(work, "repo")
    os.makedirs(os.path.join(repo, "content", "vi", "tin-tuc"))
    shutil.copytree(os.path.join(here, "sites", "_theme"), os.path.join(repo, "themes", "test"))
    os.makedirs(os.path.join(repo, "themes", "test", "static", "css"))
    write(os.path.join(repo, "themes", "test", "static", "css", "s.css"), "body{}\n")
    write(os.path.join(repo, "site.yaml"),
          "title: Phường Thử\nbase_url: https://thu.example.gov.vn/\ntheme: test\n"
          "languages:\n  vi:\n    name: Tiếng Việt\n  en:\n    name: English\n")
    page = os.path.join(repo, "content", "vi", "tin-tuc", "bai.md")
    write(page, "---\ntitle: Bài một\ndate: 2026-01-10\n---\nNội dung đầu tiên.\n")
    subprocess.run(["git", "init", "-q", repo], check=True)
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "w")
    # no WARDSITE_MESSAGES and no locale: the messages follow site.yaml (vi)
    env = {k: v for k, v in os.environ.items() if k != "WARDSITE_MESSAGES"}
    env["LC_ALL"] = "C.UTF-8"
    proc = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=repo, stdout=log, stderr=log, env=env)
    try:
        up = False
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                up = True
                break
            except OSError:
                time.sleep(0.1)
        check(up, "server did not start")
        if not up:
            return
        status, ctype, body = get(port, "/vi/tin-tuc/bai/")
        check(status == 200, "page status %s" % status)
        check(ctype == "text/html; charset=utf-8", "page content type %s" % ctype)
        check("Nội dung đầu tiên." in body, "page text")
        check("EventSource(\"/__wardsite/events\")" in body, "reload script injected")
        status, ctype, _ = get(port, "/css/s.css")
        check(status == 200 and ctype == "text/css; charset=utf-8", "css %s %s" % (status, ctype))
        status, _, body = get(port, "/vi/khong-co/")
        check(status == 404 and "kind=404" in body, "404 page (%s)" % status)
        for attack in (b"GET /../site.yaml HTTP/1.0\r\n\r\n", b"GET /%2e%2e/site.yaml HTTP/1.0\r\n\r\n",
                       b"GET /vi/..%2f..%2fsite.yaml HTTP/1.0\r\n\r\n"):
            reply = raw(port, attack)
            first = reply.split("\r\n", 1)[0]
            check((" 403 " in first or " 404 " in first) and "base_url" not in reply,
                  "traversal %r answered %r" % (attack, first))
        status, _, _ = get(port, "/vi")
        check(status == 200, "folder without slash is redirected to it (%s)" % status)

        # a client that goes away mid-request and mid-stream
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /vi/tin-tuc/bai/ HTTP/1.1\r\nHost: x\r\n")
        s.close()
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /__wardsite/events HTTP/1.1\r\nHost: x\r\n\r\n")
        s.recv(100)
        s.close()

        # the reload event, then the new text
        events = []
        stream = urllib.request.urlopen("http://127.0.0.1:%d/__wardsite/events" % port, timeout=30)

        def listen():
            try:
                for line in stream:
                    events.append(line.decode())
            except Exception:
                pass
        t = threading.Thread(target=listen, daemon=True)
        t.start()
        time.sleep(0.3)
        write(page, "---\ntitle: Bài một\ndate: 2026-01-10\n---\nNội dung đã sửa.\n")
        for _ in range(100):
            if any(e.startswith("event: reload") for e in events):
                break
            time.sleep(0.1)
        check(any(e.startswith("event: reload") for e in events), "no reload event after an edit")
        status, _, body = get(port, "/vi/tin-tuc/bai/")
        check("Nội dung đã sửa." in body, "edited text not served")

        # a broken file: the error page, in the language of messages, with the source line
        n = len([e for e in events if e.startswith("event: reload")])
        write(page, "---\ntitle: Bài một\ndate: hôm qua\n---\nx\n")
        for _ in range(100):
            if len([e for e in events if e.startswith("event: reload")]) > n:
                break
            time.sleep(0.1)
        status, _, body = get(port, "/vi/tin-tuc/bai/")
        check(status == 500, "error page status %s" % status)
        check("content/vi/tin-tuc/bai.md:3:7" in body, "error page names file:line:col")
        check("date: hôm qua" in body and 'class="here"' in body, "error page shows the source line")
        check("Lỗi khi dựng trang" in body and '<html lang="vi">' in body, "error page in Vietnamese")
        check("</span>: lỗi: &#39;date&#39; phải là một ngày" in body or "</span>: lỗi: 'date' phải là một ngày" in body,
              "the error in Vietnamese, as site.yaml's language asks")
        status, _, body = get(port, "/en/")
        check('<html lang="vi">' in body and "Lỗi khi dựng trang" in body, "error page of /en/ in the editor's language too")
        check("EventSource" in body, "error page reloads itself")

        # fixed: the page comes back without a restart
        n = len([e for e in events if e.startswith("event: reload")])
        write(page, "---\ntitle: Bài một\ndate: 2026-01-10\n---\nĐã sửa lỗi.\n")
        for _ in range(100):
            if len([e for e in events if e.startswith("event: reload")]) > n:
                break
            time.sleep(0.1)
        # a reload event can be the last one of the broken file (an editor's
        # write can make two rebuilds): the page is back within seconds
        for _ in range(100):
            status, _, body = get(port, "/vi/tin-tuc/bai/")
            if status == 200:
                break
            time.sleep(0.1)
        check(status == 200 and "Đã sửa lỗi." in body, "page back after the fix (%s)" % status)
        check("wardsite-warnings" not in body, "no warnings overlay for a build without warnings")

        # a broken link: the page is built, and the warning is shown over it (in
        # Vietnamese, as everything serve shows here: site.yaml's language)
        n = len([e for e in events if e.startswith("event: reload")])
        write(page, "---\ntitle: Bài một\ndate: 2026-01-10\n---\nXem [trang cũ](/vi/khong-co/).\n")
        for _ in range(100):
            status, _, body = get(port, "/vi/tin-tuc/bai/")
            if "trang cũ" in body and "wardsite-warnings" in body:
                break
            time.sleep(0.1)
        check(status == 200, "a build with warnings serves its pages (%s)" % status)
        check('<aside id="wardsite-warnings"' in body, "link warning: no warnings overlay")
        check("<code>content/vi/tin-tuc/bai.md:5:5</code>: liên kết tới &#39;/vi/khong-co/&#39;: không có gì ở /vi/khong-co/" in body,
              "link warning: the overlay names file:line:col and the message")
        check("lần dựng vừa rồi có 1 cảnh báo" in body, "link warning: the overlay counts the warnings")

        # wardsite report as a page of the preview, never in the output
        write(page, "---\ntitle: Bài <một>\ndate: 2026-01-10\n---\n![](anh.jpg)\n")
        for _ in range(100):
            status, _, body = get(port, "/__wardsite/report")
            if "Bài &lt;một&gt;" in body:
                break
            time.sleep(0.1)
        check(status == 200, "report page status %s" % status)
        check("<h1>Việc cần cập nhật (ngày " in body and ", theo thư mục làm việc): 2 việc cần làm</h1>" in body,
              "report page heading")
        check("<h2>Trang quá hạn cập nhật theo quy định của chuyên mục (1):</h2>\n<ul>\n"
              "<li>content/vi/tin-tuc/bai.md (Bài &lt;một&gt;): cập nhật lần cuối 2026-01-10, " in body,
              "report page lists the overdue page, escaped")
        check("<h2>Ảnh chưa có mô tả alt (1):</h2>\n<ul>\n<li>content/vi/tin-tuc/bai.md (Bài &lt;một&gt;):"
              "<ul>\n<li>dòng 5: anh.jpg</li></ul>\n</li></ul>\n" in body, "report page lists the photo")
        check("EventSource" in body, "report page reloads itself")
        stream.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = None
        check(code == 0, "serve did not stop cleanly on SIGTERM (exit %s)" % code)
        log.close()
        if failed:
            print(open(os.path.join(work, "serve.log")).read()[-3000:])
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))


if __name__ == "__main__":
    main()
    sys.exit(1 if failed else 0)
