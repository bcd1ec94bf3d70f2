#!/usr/bin/env python3
"""Slowloris against `wardsite serve`, on loopback only: one client
(127.0.0.1) opens up to 1,500 connections that send the start of a request
and never finish its headers.  The server must keep answering another
client (127.0.0.2) at once, close what one client holds beyond its share
at once and the rest after the idle timeout, then answer the first client
again; a reload stream (/__wardsite/events) quiet for longer than that
timeout stays open.  Every loop is bounded in count and time.  Ends with
"N passed, N failed".

usage: tests/serve-flood-test.py WARDSITE_BINARY
"""
import os
import resource
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ATTACK = 1500        # idle connections, fewer when the descriptor limit is lower
PER_CLIENT = 32      # SERVE_PER_CLIENT in generator/serve.c
IDLE_SECONDS = 5     # SERVE_IDLE_SECONDS
PARTIAL = b"GET /vi/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow"

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL serve-flood: " + what)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def request(port, source, path="/vi/", timeout=3.0):
    """The status line of a whole GET from source, and the seconds it took;
    (None, seconds) when it failed or was not answered within timeout."""
    t0 = time.monotonic()
    s = socket.socket()
    s.settimeout(timeout)
    try:
        s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while b"\r\n" not in data and time.monotonic() - t0 < timeout:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        line = data.split(b"\r\n", 1)[0].decode("latin-1") if b"\r\n" in data else None
    except OSError:
        line = None
    finally:
        s.close()
    return line, time.monotonic() - t0


def closed_by_peer(s):
    """1 when the server closed or reset s (reads at once), 0 when it is open."""
    try:
        p = select.poll()  # select() cannot take a descriptor above 1023
        p.register(s, select.POLLIN)
        if not p.poll(0):
            return 0
        return 1 if s.recv(4096) == b"" else 0
    except OSError:
        return 1


def count_open(conns):
    return sum(1 for s in conns if not closed_by_peer(s))


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    binary = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = ATTACK + 200
    if soft < want:
        soft = min(want, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    attack = min(ATTACK, soft - 200)
    check(attack > 4 * PER_CLIENT, "only %d descriptors: too few for the test" % soft)

    work = tempfile.mkdtemp(prefix="wardsite-serve-flood.")
    repo = os.path.join(work, "repo")
    os.makedirs(os.path.join(repo, "content", "vi"))
    shutil.copytree(os.path.join(here, "sites", "_theme"), os.path.join(repo, "themes", "test"))
    write(os.path.join(repo, "site.yaml"),
          "title: Phường Thử\nbase_url: https://thu.example.gov.vn/\ntheme: test\n"
          "languages:\n  vi:\n    name: Tiếng Việt\n")
    write(os.path.join(repo, "content", "vi", "_index.md"), "---\ntitle: Trang chủ\n---\nXin chào.\n")
    subprocess.run(["git", "init", "-q", repo], check=True)
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "w")
    proc = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=repo, stdout=log, stderr=log)
    conns = []
    try:
        up = False
        for _ in range(100):
            if request(port, "127.0.0.1", timeout=1)[0]:
                up = True
                break
            time.sleep(0.1)
        check(up, "server did not start")
        if not up:
            return

        # a reload stream, quiet through the whole attack
        stream = socket.create_connection(("127.0.0.1", port), timeout=10)
        stream.settimeout(10)
        stream.sendall(b"GET /__wardsite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        first = stream.recv(4096)
        check(first.startswith(b"HTTP/1.1 200"), "events stream not opened: %r" % first[:40])

        t0 = time.monotonic()
        for _ in range(attack):
            if time.monotonic() - t0 > 20:
                break
            s = socket.socket()
            s.settimeout(2)
            try:
                s.bind(("127.0.0.1", 0))
                s.connect(("127.0.0.1", port))
                s.sendall(PARTIAL)
            except OSError:
                s.close()
                continue
            conns.append(s)
        check(len(conns) > 4 * PER_CLIENT, "only %d attacking connections made" % len(conns))

        # another client is answered at once, and more than once
        for i in range(3):
            line, secs = request(port, "127.0.0.2")
            check(line is not None and " 200 " in line and secs < 3,
                  "request %d from another client during the attack: %r after %.1f s" % (i, line, secs))

        # one client's connections beyond its share are closed at once
        time.sleep(1)
        still = count_open(conns)
        check(still <= PER_CLIENT, "%d of %d attacking connections still open after 1 s (at most %d)"
              % (still, len(conns), PER_CLIENT))

        # the rest when their headers have been silent for the idle timeout
        deadline = time.monotonic() + IDLE_SECONDS + 5
        while still > 0 and time.monotonic() < deadline:
            time.sleep(0.5)
            still = count_open(conns)
        check(still == 0, "%d attacking connections still open %d s after they went silent"
              % (still, IDLE_SECONDS + 5))

        # the attacker's address is served again, and the stream is alive
        # (libmicrohttpd forgets the closed connections of an address lazily:
        # the first new one can still be refused)
        for _ in range(3):
            line, secs = request(port, "127.0.0.1")
            if line is not None:
                break
            time.sleep(0.2)
        check(line is not None and " 200 " in line, "the first client after the attack: %r" % line)
        got = b""
        try:
            got = stream.recv(4096)
        except OSError:
            pass
        check(b": waiting" in got, "the events stream was closed while quiet: %r" % got[:60])
        stream.close()
    finally:
        for s in conns:
            s.close()
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
