#!/usr/bin/env python3
"""Drives `wardsite init` on a terminal (a pty): it asks for the name, the
web address and the contacts, in that order, with the exact prompts; an
empty answer leaves a contact out; options given are not asked again; the
portal it makes builds.  End of input before the name is an error that
writes nothing.  Ends with "N passed, N failed".

usage: tests/init-prompt-test.py WARDSITE_BINARY
"""
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time

passed = failed = 0


def check(ok, what, got=None):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL init-prompt: " + what)
        if got is not None:
            print("  got: " + repr(got))


def read_until(fd, want, timeout=10):
    """Reads from fd until want (bytes) has appeared; returns all read."""
    data = b""
    end = time.time() + timeout
    while want not in data and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return data


def run(wardsite, args, answers, env):
    """Runs wardsite with a pty as stdin and stdout; answers is a list of
    (prompt expected, line to type).  Returns (the prompts seen in order,
    all output, exit status)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(wardsite, [wardsite] + args, env)
    seen, out = [], b""
    for prompt, line in answers:
        got = read_until(fd, prompt.encode())
        out += got
        seen.append(prompt if prompt.encode() in got else None)
        if line is None:
            os.write(fd, b"\x04")  # end of input
        else:
            os.write(fd, line.encode() + b"\n")
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return seen, out.decode("utf-8", "replace"), os.waitstatus_to_exitcode(status)


def main():
    wardsite = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="wardsite-init-prompt.")
    env = dict(os.environ, LC_ALL="C.UTF-8", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_AUTHOR_NAME="Ban biên tập", GIT_AUTHOR_EMAIL="bbt@example.gov.vn")
    env.pop("WARDSITE_MESSAGES", None)
    try:
        portal = os.path.join(tmp, "portal")
        prompts = [
            ("Name of the ward or commune (such as phường Bình Phước): ", "phường Bình Phước"),
            ("Web address of the portal (such as https://binhphuoc.gov.vn/): ", "https://binhphuoc.example.gov.vn"),
            ("Address of the People's Committee (empty: leave out): ", "Số 1, đường Lê Lợi"),
            ("Phone number (empty: leave out): ", ""),
            ("Email address (empty: leave out): ", "ubnd@binhphuoc.example.gov.vn"),
        ]
        seen, out, status = run(wardsite, ["init", portal], prompts, env)
        check(seen == [p for p, _ in prompts], "the prompts, in order", seen)
        check(status == 0, "init on a terminal exits 0", (status, out))
        check("wardsite: made the portal of phường Bình Phước in " in out, "the closing message", out)
        ward = open(os.path.join(portal, "data", "ward.yaml"), encoding="utf-8").read()
        check('  address: "Số 1, đường Lê Lợi"\n  email: "ubnd@binhphuoc.example.gov.vn"\n' in ward,
              "the contacts typed, the empty phone left out", ward)
        site = open(os.path.join(portal, "site.yaml"), encoding="utf-8").read()
        check('base_url: "https://binhphuoc.example.gov.vn/"' in site, "the base URL typed", site)
        b = subprocess.run([wardsite, "build", "--strict", "--quiet"], cwd=portal, env=env,
                           capture_output=True, text=True)
        check(b.returncode == 0 and b.stdout == "" and b.stderr == "", "the portal builds", b.stderr)

        # options given are not asked again: only the contacts are
        p2 = os.path.join(tmp, "p2")
        seen, out, status = run(wardsite, ["init", p2, "--name", "xã Tân Lập", "--base-url", "https://a.example/",
                                           "--phone", "0271 1"],
                                [("Address of the People's Committee (empty: leave out): ", ""),
                                 ("Email address (empty: leave out): ", "")], env)
        check(seen == ["Address of the People's Committee (empty: leave out): ",
                       "Email address (empty: leave out): "], "only the contacts not given are asked", seen)
        check(status == 0 and "Name of the ward" not in out and "Phone number" not in out,
              "no prompt for what was given", out)

        # end of input at the name: nothing written
        p3 = os.path.join(tmp, "p3")
        seen, out, status = run(wardsite, ["init", p3], [("Name of the ward or commune", None)], env)
        check(status == 2, "end of input exits 2", (status, out))
        check("wardsite: error: init needs the ward's name: --name \"phường Bình Phước\"" in out,
              "end of input says what is missing", out)
        check(not os.path.exists(p3), "nothing written")
    finally:
        shutil.rmtree(tmp)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
