#!/usr/bin/env python3
"""A build writes nowhere but --out (with its staging folder beside it)
and its cache folder.

Each build runs under strace (-f, every call that names a file), and as
root also in a mount namespace where every mount is read-only but the
folder of --out and the cache folder.  Every call that creates, opens for
writing, truncates, removes, renames, links or changes a file or folder
must name a path inside those, whether it succeeded or not (a mkdir of a
folder that exists, such as the cache folder's parents, changes nothing
and is not counted).  The builds: the bundled portal with a cold cache;
pages with a slug, aliases, images and links that climb out with "..";
--out inside the content folder (which must not be read back as content);
an --out that the swap would delete with the old output (the work tree,
.git, content/, themes/, a folder above the repository): refused, exit 2,
nothing touched.  The checker is shown to catch writes
outside: a shell that writes outside, and the log of the portal's build
checked against a list of allowed folders that leaves out the cache or
--out.

usage: tests/confine-test.py WARDSITE
Ends with "N passed, N failed".
"""
import codecs
import os
import re
import shutil
import subprocess
import sys
import tempfile

os.environ["WARDSITE_MESSAGES"] = "en"  # the expected messages are English (README, "Messages")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WARDSITE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "wardsite"))
passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)
        if detail:
            print(detail)
    return ok


def run(cmd, cwd, env=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)


def git(repo, *args):
    r = run(["git", "-c", "user.name=Ban biên tập", "-c", "user.email=bbt@example.gov.vn", *args], repo)
    if r.returncode != 0:
        raise SystemExit("git %s: %s" % (" ".join(args), r.stderr))
    return r.stdout


def write(repo, path, text):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


# The calls that change the file system, and which of their arguments name
# what they change (0-based).  Calls on a file descriptor (write, ftruncate,
# fchmod) change what an open for writing, checked here, named.
CHANGES = {
    "creat": [0], "mkdir": [0], "rmdir": [0], "unlink": [0], "truncate": [0], "chmod": [0], "chown": [0],
    "lchown": [0], "utime": [0], "utimes": [0], "mknod": [0], "setxattr": [0], "lsetxattr": [0],
    "removexattr": [0], "lremovexattr": [0], "rename": [0, 1], "link": [1], "symlink": [1],
    "mkdirat": [(0, 1)], "unlinkat": [(0, 1)], "fchmodat": [(0, 1)], "fchownat": [(0, 1)],
    "utimensat": [(0, 1)], "futimesat": [(0, 1)], "mknodat": [(0, 1)], "renameat": [(0, 1), (2, 3)],
    "renameat2": [(0, 1), (2, 3)], "linkat": [(2, 3)], "symlinkat": [(1, 2)],
}
OPENS = {"open": 0, "openat": (0, 1), "openat2": (0, 1)}
WRITE_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC")
TRACED = ",".join(sorted(set(CHANGES) | set(OPENS) | {"chdir", "fchdir"}))
LINE = re.compile(r"^(\d+)\s+(\w+)\((.*)\)\s+=\s+(-?\d+|\?)(?:\s+(\w+))?")


def split_args(text):
    """The arguments of a strace line: strings (decoded to bytes) and the
    rest as text.  With -y a descriptor reads 3</the/path>."""
    args, i, cur = [], 0, ""
    while i < len(text):
        c = text[i]
        if c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur = codecs.escape_decode(text[i + 1:j].encode("latin-1", "backslashreplace"))[0]
            i = j + 1
            if text[i:i + 3] == "...":
                i += 3
            continue
        if c in "{[":
            depth = 1
            j = i + 1
            while depth:
                depth += 1 if text[j] in "{[" else -1 if text[j] in "}]" else 0
                j += 1
            cur = text[i:j]
            i = j
            continue
        if c == ",":
            args.append(cur.strip() if isinstance(cur, str) else cur)
            cur = ""
            i += 1
            continue
        if isinstance(cur, str):
            cur += c
        i += 1
    if cur != "":
        args.append(cur.strip() if isinstance(cur, str) else cur)
    return args


def fd_path(arg, cwd):
    """The folder a descriptor argument names (-y prints 3</the/path>, and
    AT_FDCWD</the/cwd>), or None."""
    if arg == "AT_FDCWD":
        return cwd
    m = re.match(r"(?:-?\d+|AT_FDCWD)<(.*)>$", arg)
    return codecs.escape_decode(m.group(1).encode("latin-1", "backslashreplace"))[0] if m else None


def changes(log, cwd):
    """(syscall, absolute path, result) for every call of the log that
    changes the file system; unresolvable paths come back as they are."""
    found = []
    cwds = {}
    pending = {}
    with open(log, encoding="latin-1") as f:
        lines = f.read().splitlines()
    for raw in lines:
        m = re.match(r"^(\d+)\s+(.*) <unfinished \.\.\.>$", raw)
        if m:
            pending[m.group(1)] = m.group(2)
            continue
        m = re.match(r"^(\d+)\s+<\.\.\. \w+ resumed>(.*)$", raw)
        if m:
            raw = m.group(1) + " " + pending.pop(m.group(1), "") + m.group(2)
        m = LINE.match(raw)
        if not m:
            continue
        pid, name, argtext, ret, err = m.groups()
        here = cwds.get(pid, cwd.encode())
        args = split_args(argtext)

        def resolve(spec):
            if isinstance(spec, tuple):
                base, path = fd_path(args[spec[0]], here), args[spec[1]]
            else:
                base, path = here, args[spec]
            if not isinstance(path, bytes) or base is None:
                return "?" + str(path)
            return os.path.normpath(os.path.join(base, path)).decode("utf-8", "backslashreplace")

        if name == "chdir" and ret == "0":
            cwds[pid] = os.path.normpath(os.path.join(here, args[0]))
        elif name == "fchdir" and ret == "0":
            cwds[pid] = fd_path(args[0], here) or here
        elif name in OPENS:
            spec = OPENS[name]
            flags = " ".join(a for a in args if isinstance(a, str))
            if WRITE_FLAGS.search(flags):
                found.append((name, resolve(spec), err or ret))
        elif name in CHANGES:
            if name in ("mkdir", "mkdirat") and err == "EEXIST":
                continue  # changes nothing
            for spec in CHANGES[name]:
                found.append((name, resolve(spec), err or ret))
    return found


def outside(found, allowed, staging_of=()):
    """The changes of found outside the allowed folders.  A folder of
    staging_of also allows the staging folders beside it."""
    bad = []
    for name, path, ret in found:
        if path in ("/dev/null", "/dev/tty"):
            continue
        ok = any(path == a or path.startswith(a.rstrip("/") + "/") for a in allowed)
        for out in staging_of:
            parent, base = os.path.split(out)
            rel = os.path.relpath(path, parent) if path.startswith(parent + "/") else ""
            if rel.split("/")[0].startswith("." + base + ".staging-"):
                ok = True
        if not ok:
            bad.append("%s %s = %s" % (name, path, ret))
    return bad


def main():
    work = tempfile.mkdtemp(prefix="wardsite-confine-")
    try:
        repo = os.path.join(work, "repo")
        os.makedirs(repo)
        for name in ["content", "data", "lua-plugins", "static", "themes", "site.yaml"]:
            src = os.path.join(ROOT, name)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(repo, name))
            elif os.path.exists(src):
                shutil.copy(src, repo)
        # one photo width instead of three: the cold build stays short
        with open(os.path.join(repo, "site.yaml"), encoding="utf-8") as f:
            yaml = f.read()
        write(repo, "site.yaml", yaml.replace("widths: [480, 960, 1600]", "widths: [480]"))
        write(repo, ".gitignore", "/.wardsite-cache/\n")
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "Cổng thông tin")
        cache = os.path.join(repo, ".wardsite-cache")
        site = os.path.join(work, "site")  # --out's folder: --out and its staging folders only
        os.makedirs(site)
        os.makedirs(cache)
        logs = os.path.join(work, "logs")
        os.makedirs(logs)
        env = dict(os.environ, SOURCE_DATE_EPOCH="1798761600",  # 2027-01-01: after every page of the portal
                   ASAN_OPTIONS=(os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":"))  # LeakSanitizer cannot run under ptrace
        if shutil.which("strace") is None:
            check(False, "strace is installed (make deps)")
            return
        can_ro = os.geteuid() == 0 and shutil.which("unshare") is not None
        if not can_ro:
            print("not root: the builds run under strace only, not also on a read-only file system")

        def traced(argv, writable, cwd=repo):
            """Runs argv under strace, on a read-only file system but the
            folders of writable when possible.  Returns the result and the
            changes the log shows."""
            log = os.path.join(logs, "trace.log")  # strace writes it, not the build
            cmd = ["strace", "-f", "-qq", "-y", "-s", "4096", "-o", log, "-e", "trace=" + TRACED, *argv]
            if can_ro:
                # sh -c SCRIPT NAME ARGS: the allowed folders, then the command
                cmd = ["unshare", "-m", "--propagation", "private", "sh", "-c",
                       'set -e\nfor d in $RW; do mount --bind "$d" "$d"; done\n'
                       'for m in $(awk \'{print $5}\' /proc/self/mountinfo | sort -u); do\n'
                       '  case " $RW " in *" $m "*) continue ;; esac\n'
                       '  mount -o remount,bind,ro "$m" 2>/dev/null || true\ndone\n'
                       'for d in $RW; do mount -o remount,bind,rw "$d"; done\n'
                       'if touch /wardsite-confine-probe 2>/dev/null; then echo "/ is writable" >&2; exit 97; fi\n'
                       'exec "$@"\n', "confine", *cmd]
            e = dict(env, RW=" ".join([*writable, logs]))
            r = run(cmd, cwd, e)
            found = changes(log, cwd) if os.path.exists(log) else []
            if os.path.exists(log):
                os.remove(log)
            return r, found

        # the negative control: a shell that writes outside
        victim = os.path.join(work, "victim")
        os.makedirs(victim)
        r, found = traced(["sh", "-c", 'echo x > "$1/a"; mkdir "$1/d"; mv "$1/a" "$1/d/b"; rm -r "$1/d"; '
                                       'echo y > "$2/ok"', "sh", victim, site], [site, cache])
        bad = outside(found, [site, cache])
        paths = sorted(set(b.split(" ")[1] for b in bad))
        want = [os.path.join(victim, p) for p in ("a", "d", "d/b")]
        check(paths == want, "negative control: the shell's writes outside are flagged", "\n".join(bad))
        if can_ro:
            check(bad and not any(b.endswith(" = 0") for b in bad) and
                  not os.listdir(victim), "negative control: the read-only file system refused them",
                  "\n".join(bad) + r.stderr)
        check(not any("/ok" in b for b in bad) and any(p == os.path.join(site, "ok") for _, p, _ in found),
              "negative control: its write inside is seen and allowed", "\n".join(bad))
        if os.path.exists(os.path.join(site, "ok")):
            os.remove(os.path.join(site, "ok"))

        # the portal, cold
        out = os.path.join(site, "public")
        r, found = traced([WARDSITE, "build", "--out", out], [site, cache])
        check(r.returncode == 0 and os.path.exists(os.path.join(out, "vi", "index.html")),
              "the portal builds on a read-only file system but --out's folder and the cache",
              r.stdout + r.stderr)
        bad = outside(found, [out, cache], [out])
        check(bad == [], "the portal's build writes only in --out and the cache", "\n".join(bad[:30]))
        check(any(p.startswith(cache + "/") and p.endswith(".jpg") for _, p, _ in found) and
              any(n == "rename" and p == out for n, p, _ in found),
              "the trace saw the photos cached and the output put in place", "\n".join("%s %s %s" % x for x in found[:20]))
        # the checker catches the build's own writes where they are not allowed
        bad = outside(found, [out], [out])
        check(len(bad) > 10 and all(cache in b for b in bad),
              "negative control: the same log, the cache not allowed: its writes are flagged",
              "\n".join(bad[:10]))
        bad = outside(found, [cache])
        check(len(bad) > 100 and all(site in b for b in bad),
              "negative control: the same log, --out not allowed: its writes are flagged", "\n".join(bad[:10]))

        # pages that climb out of the site
        write(repo, "content/vi/tin-tuc/leo-ra.md",
              "---\ntitle: Leo ra ngoài\ndate: 2026-04-02\nslug: ../../../../x-slug\n"
              "aliases: [/../../../../x-alias/, ../x-alias2]\n---\nNội dung.\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "slug và aliases leo ra ngoài")
        r, found = traced([WARDSITE, "build", "--out", out], [site, cache])
        check(r.returncode == 1 and r.stderr.splitlines()[:3] == [
            "content/vi/tin-tuc/leo-ra.md:4:7: error: 'slug' must be one URL segment (letters, digits, '-', "
            "'_', '.'), not '../../../../x-slug'",
            "content/vi/tin-tuc/leo-ra.md:5:11: error: 'aliases' must be absolute paths such as /vi/tin-cu/, "
            "not '/../../../../x-alias/'",
            "content/vi/tin-tuc/leo-ra.md:5:34: error: 'aliases' must be absolute paths such as /vi/tin-cu/, "
            "not '../x-alias2'"], "a slug and aliases with '..' are errors", r.stderr)
        bad = outside(found, [out, cache], [out])
        check(bad == [], "a slug and aliases with '..': nothing written outside", "\n".join(bad[:30]))
        for name in ["x-slug", "x-alias", "x-alias2"]:
            check(not any(name in p for _, p, _ in found), "nothing named %s is written anywhere" % name)

        write(repo, "content/vi/tin-tuc/leo-ra.md",
              "---\ntitle: Leo ra ngoài\ndate: 2026-04-02\n---\n"
              "![mật khẩu](../../../../../../../../etc/passwd)\n\n![máy](/../../../../etc/hostname)\n\n"
              "[liên kết](../../../../../x-link)\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "ảnh và liên kết leo ra ngoài")
        r, found = traced([WARDSITE, "build", "--out", out], [site, cache])
        check(r.returncode == 0 and r.stderr.splitlines() == [
            "content/vi/tin-tuc/leo-ra.md:5:1: warning: link to '../../../../../../../../etc/passwd' leads out "
            "of the site",
            "content/vi/tin-tuc/leo-ra.md:7:1: warning: link to '/../../../../etc/hostname' leads out of the site",
            "content/vi/tin-tuc/leo-ra.md:9:1: warning: link to '../../../../../x-link' leads out of the site"],
            "images and links with '..': warnings", r.stderr)
        bad = outside(found, [out, cache], [out])
        check(bad == [], "images and links with '..': nothing written outside", "\n".join(bad[:30]))
        names = set()
        for top, _, files in os.walk(out):
            names.update(files)
        check("passwd" not in names and "hostname" not in names, "no file of /etc is copied into the site",
              str(sorted(n for n in names if n in ("passwd", "hostname"))))

        # --out inside the content folder
        for rel in ["content/public", "content/vi/public"]:
            inner = os.path.join(repo, rel)
            os.makedirs(inner, exist_ok=True)
            counts = []
            for args in (["--out", rel], ["--worktree", "--out", rel], ["--worktree", "--out", rel]):
                r, found = traced([WARDSITE, "build", *args], [os.path.dirname(inner), cache])
                check(r.returncode == 0, "build %s" % " ".join(args), r.stdout + r.stderr)
                bad = outside(found, [inner, cache], [inner])
                check(bad == [], "build %s: nothing written outside" % " ".join(args), "\n".join(bad[:30]))
                counts.append(sum(len(f) for _, _, f in os.walk(inner)))
            # a --worktree build does not read its last output back as content
            check(counts[0] == counts[1] == counts[2] and not os.path.exists(os.path.join(inner, "vi", "public")),
                  "--out %s: the output does not grow with itself (%s files)" % (rel, counts))
            shutil.rmtree(inner)
        # an --out that the swap would delete along with the old output
        git(repo, "rm", "-q", "content/vi/tin-tuc/leo-ra.md")
        git(repo, "commit", "-q", "-m", "bỏ trang leo ra ngoài")
        before = sorted(os.path.relpath(os.path.join(t, f), repo) for t, _, fs in os.walk(repo) for f in fs)
        for rel, what in [(repo, "the repository %s/.git" % repo), (".", "the repository %s/.git" % repo),
                          (".git", "the repository %s/.git" % repo), ("content", "content/, which the site is built from"),
                          ("themes/", "themes/, which the site is built from"),
                          (os.path.dirname(repo), "the repository %s/.git" % repo)]:
            r, found = traced([WARDSITE, "build", "--out", rel], [site, cache])
            check(r.returncode == 2 and r.stderr == "wardsite: error: --out %s would replace %s: the output needs a "
                  "folder of its own, such as public/\n" % (rel, what), "--out %s is refused" % rel,
                  "exit %d\n%s" % (r.returncode, r.stderr))
            bad = outside(found, [cache])
            check(bad == [], "--out %s: nothing is written" % rel, "\n".join(bad[:30]))
        after = sorted(os.path.relpath(os.path.join(t, f), repo) for t, _, fs in os.walk(repo) for f in fs)
        check(before == after, "the repository is as it was", str(set(before) ^ set(after))[:400])
        check(git(repo, "status", "--porcelain") == "", "the work tree is as it was", git(repo, "status", "--short"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


main()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
