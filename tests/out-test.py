#!/usr/bin/env python3
"""--out never deletes what wardsite did not make, and a swap survives the
disk filling up, a read-only output and a kill -9 during publish.

A small site (tests/bad/_base with the test theme) in a temporary git
repository, commits A and B.  Checked, each with the exact message, the
exit code and the folders byte for byte:

- a folder with a user's file is refused (build and publish, exit 2), the
  file untouched and nothing left beside it; --force replaces it; the
  output then carries .wardsite-output (naming the site's base URL) and is
  rebuilt without --force; an empty folder is used as it is; the home
  folder and a folder above it are refused even with --force; serve takes
  no --out (it builds in a private folder of its own);
- publish leaves .wardsite-output out of the branch; a site's own
  static/.wardsite-output is an error;
- under strace: the new tree is put on disk (syncfs) before the rename that
  swaps it in, the folders of the rename after it (fsync), and the build
  state's folder after the state is renamed into place;
- as root (skipped with the reason printed where mount is not permitted):
  --out on a 2 MB tmpfs that a build of B does not fit in, and --out on a
  read-only mount: a clear error and the previous output byte-identical,
  nothing beside it;
- publish killed with SIGKILL at random moments: the branch is the old tip
  or a commit of B's output, the repository is sound (git fsck), --out is
  the old or the new site, and the next publish succeeds.

usage: tests/out-test.py WARDSITE
Environment: OUT_KILL_RUNS (default 20) kills of publish.
Ends with "N passed, N failed".
"""
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WARDSITE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "wardsite"))
KILL_RUNS = int(os.environ.get("OUT_KILL_RUNS", "20"))
passed = failed = 0

NOT_MADE = ("wardsite: error: the output folder %s is not empty and has no .wardsite-output, so wardsite did "
            "not make it: a build would delete everything in it; choose a new or empty folder, or add --force "
            "(once, for an output made by an older wardsite)\n")
HOME_MSG = ("wardsite: error: the output folder %s is the home folder or a folder above it: a build replaces "
            "the whole output folder, so wardsite never builds there, not even with --force; choose a folder "
            "of its own, such as public/\n")
MARK = ("This folder is made by wardsite, and every build replaces all of it.\n"
        "site: https://thunghiem.example.gov.vn/\n")


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


def tree(folder):
    """Every file (bytes, mode, mtime), folder and symlink below folder;
    None when folder is missing."""
    if not os.path.lexists(folder):
        return None
    items = {}
    for top, dirs, names in os.walk(folder):
        for n in dirs + names:
            p = os.path.join(top, n)
            rel = os.path.relpath(p, folder)
            st = os.lstat(p)
            if os.path.islink(p):
                items[rel] = "link " + os.readlink(p)
            elif os.path.isdir(p):
                items[rel] = "folder %o" % st.st_mode
            else:
                with open(p, "rb") as f:
                    items[rel] = "%o %d %s" % (st.st_mode, st.st_mtime_ns, hashlib.sha256(f.read()).hexdigest())
    return items


def content(folder):
    """Like tree, without modes and times: what a site is."""
    t = tree(folder)
    return None if t is None else {k: v.split()[-1] for k, v in t.items()}


def write(repo, path, text):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def beside(out):
    """What is beside out in its folder, but out."""
    parent, name = os.path.split(out.rstrip("/"))
    return sorted(n for n in os.listdir(parent) if n != name)


def make_repo(work):
    repo = os.path.join(work, "repo")
    shutil.copytree(os.path.join(ROOT, "tests", "bad", "_base", "site"), repo)
    shutil.copytree(os.path.join(ROOT, "tests", "sites", "_theme"), os.path.join(repo, "themes", "test"))
    write(repo, ".gitignore", "/.wardsite-cache/\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A")
    git(repo, "tag", "A")
    for i in range(30):
        write(repo, "content/vi/tin-tuc/bai-%02d.md" % i,
              "---\ntitle: Bài %d\ndate: 2026-01-%02d\n---\nNội dung bài %d.\n" % (i, i % 28 + 1, i))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "B")
    git(repo, "tag", "B")
    return repo


def test_user_folder(work, repo):
    docs = os.path.join(work, "tai-lieu")
    os.makedirs(docs)
    write(docs, "luan-van.txt", "x\n")
    before, around = tree(docs), beside(docs)
    r = run([WARDSITE, "build", "--out", docs], repo)
    check(r.returncode == 2, "build into a user's folder: exit 2", r.stdout + r.stderr)
    check(r.stderr == NOT_MADE % docs, "build into a user's folder: the message", r.stderr)
    check(tree(docs) == before and beside(docs) == around, "build into a user's folder: nothing touched",
          str(tree(docs)) + " " + str(beside(docs)))

    r = run([WARDSITE, "publish", "--out", docs], repo)
    check(r.returncode == 2, "publish into a user's folder: exit 2", r.stdout + r.stderr)
    check(r.stderr == NOT_MADE % docs, "publish into a user's folder: the message", r.stderr)
    check(tree(docs) == before and beside(docs) == around, "publish into a user's folder: nothing touched")
    check(run(["git", "rev-parse", "-q", "--verify", "refs/heads/gh-pages"], repo).returncode != 0,
          "publish into a user's folder: no branch made")

    r = run([WARDSITE, "build", "--out", docs, "--force", "--quiet"], repo)
    check(r.returncode == 0 and r.stderr == "", "--force replaces the folder", r.stdout + r.stderr)
    check(not os.path.exists(os.path.join(docs, "luan-van.txt")) and
          os.path.exists(os.path.join(docs, "vi", "index.html")), "--force: the site in place of the folder")
    mark = None
    if os.path.exists(os.path.join(docs, ".wardsite-output")):
        with open(os.path.join(docs, ".wardsite-output"), encoding="utf-8") as f:
            mark = f.read()
    check(mark == MARK, "the output carries .wardsite-output naming the site", mark)

    r = run([WARDSITE, "build", "--out", docs], repo)
    check(r.returncode == 0 and r.stderr == "", "a marked output is rebuilt without --force", r.stdout + r.stderr)
    check(" 0 removed)" in r.stdout and ".wardsite-output" not in r.stdout,
          "the mark is not counted as a file removed or added", r.stdout)
    check(beside(docs) == around, "nothing left beside the output", str(beside(docs)))

    empty = os.path.join(work, "trong")
    os.makedirs(empty)
    r = run([WARDSITE, "build", "--out", empty, "--quiet"], repo)
    check(r.returncode == 0 and r.stderr == "" and os.path.exists(os.path.join(empty, ".wardsite-output")),
          "an empty folder is used", r.stdout + r.stderr)

    # an output of an older wardsite: no mark; refused, then --force once
    old = os.path.join(work, "cu")
    shutil.copytree(docs, old)
    if os.path.exists(os.path.join(old, ".wardsite-output")):
        os.unlink(os.path.join(old, ".wardsite-output"))
    r = run([WARDSITE, "build", "--out", old], repo)
    check(r.returncode == 2 and r.stderr == NOT_MADE % old, "an output of an older wardsite: refused with the hint",
          r.stderr)
    r = run([WARDSITE, "build", "--out", old, "--force", "--quiet"], repo)
    r2 = run([WARDSITE, "build", "--out", old, "--quiet"], repo)
    check(r.returncode == 0 and r2.returncode == 0 and r2.stderr == "",
          "an output of an older wardsite: --force once, then builds as usual", r.stderr + r2.stderr)

    # a .wardsite-output that is a folder is no mark
    fake = os.path.join(work, "gia")
    os.makedirs(os.path.join(fake, ".wardsite-output"))
    write(fake, "thu.txt", "x\n")
    r = run([WARDSITE, "build", "--out", fake], repo)
    check(r.returncode == 2 and r.stderr == NOT_MADE % fake, "a folder named .wardsite-output is no mark", r.stderr)


def test_home(work, repo):
    home = os.path.join(work, "h", "nguoi-dung")
    os.makedirs(home)
    write(home, "ghi-chu.txt", "x\n")
    env = dict(os.environ, HOME=home)
    for out in [home, os.path.join(work, "h"), home + "/"]:
        before = tree(os.path.join(work, "h"))
        r = run([WARDSITE, "build", "--out", out, "--force"], repo, env)
        check(r.returncode == 2 and r.stderr == HOME_MSG % out,
              "--out %s (the home folder or above it) with --force: refused" % out, r.stdout + r.stderr)
        check(tree(os.path.join(work, "h")) == before, "--out %s: nothing touched" % out)
    r = run([WARDSITE, "build", "--out", "/", "--force"], repo, env)
    check(r.returncode == 2 and r.stderr.startswith("wardsite: error: --out / would replace the repository "),
          "--out / is refused", r.stderr)


def test_serve(work, repo):
    docs = os.path.join(work, "tai-lieu-2")
    os.makedirs(docs)
    write(docs, "luan-van.txt", "x\n")
    r = run([WARDSITE, "serve", "--out", docs], repo)
    check(r.returncode == 2 and r.stderr == "wardsite: error: unknown option '--out' for serve (wardsite help "
          "lists the commands and options)\n", "serve takes no --out: it builds in a private folder", r.stderr)
    check(os.path.exists(os.path.join(docs, "luan-van.txt")), "serve: the folder untouched")


def test_publish_mark(work, repo):
    out = os.path.join(work, "pub")
    r = run([WARDSITE, "publish", "--out", out, "--quiet"], repo)
    check(r.returncode == 0 and r.stderr == "", "publish into a new folder", r.stderr)
    files = git(repo, "ls-tree", "-r", "--name-only", "gh-pages").split()
    check("vi/index.html" in files and ".wardsite-output" not in files,
          "publish leaves .wardsite-output out of the branch", " ".join(files))
    check(os.path.exists(os.path.join(out, ".wardsite-output")), "publish: the output folder is marked")
    git(repo, "branch", "-D", "gh-pages")


def test_static_mark(work):
    repo = os.path.join(work, "repo-static")
    shutil.copytree(os.path.join(work, "repo"), repo)
    write(repo, "static/.wardsite-output", "của trang\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "static mark")
    out = os.path.join(work, "out-static")
    r = run([WARDSITE, "build", "--out", out, "--quiet"], repo)
    want = ("static/.wardsite-output: error: writes /.wardsite-output, which wardsite writes too\n"
            "wardsite: 1 error, 0 warnings; %s was not changed\n" % out)
    check(r.returncode == 1 and r.stderr == want, "a site's static/.wardsite-output is an error", r.stderr)
    check(not os.path.exists(out), "static/.wardsite-output: no output made")


def strace_calls(cmd, cwd):
    log = os.path.join(cwd, "..", "strace.log")
    # LeakSanitizer cannot run under ptrace (strace)
    env = dict(os.environ, ASAN_OPTIONS=(os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":"))
    r = run(["strace", "-f", "-qq", "-o", log, "-e", "trace=syncfs,fsync,fdatasync,rename,renameat,renameat2,openat",
             *cmd], cwd, env)
    with open(log, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    os.unlink(log)
    return r, lines


def fd_paths(lines):
    """The calls in order, with fds replaced by the path opened."""
    fds, calls = {}, []
    for line in lines:
        m = re.match(r"(\d+)\s+(\w+)\((.*)\)\s+=\s+(-?\d+)", line)
        if not m:
            continue
        pid, name, args, ret = m.group(1), m.group(2), m.group(3), int(m.group(4))
        if name == "openat" and ret >= 0:
            fds[(pid, ret)] = re.search(r'"([^"]*)"', args).group(1)
        elif name in ("fsync", "syncfs", "fdatasync") and ret == 0:
            calls.append((name, fds.get((pid, int(args.split(",")[0])), "?")))
        elif name.startswith("rename") and ret == 0:
            calls.append((name, args))
    return calls


def test_sync_order(work, repo):
    if shutil.which("strace") is None:
        print("SKIP the order of syncs: strace is not installed")
        return
    out = os.path.join(work, "dong-bo")
    for n, what in [(1, "a first build (out made by a rename)"), (2, "a second build (the exchange)")]:
        r, lines = strace_calls([WARDSITE, "build", "--out", out, "--quiet"], repo)
        if not check(r.returncode == 0, what + " under strace", r.stderr):
            return
        calls = fd_paths(lines)
        swap = [i for i, c in enumerate(calls) if c[0].startswith("rename") and '"%s"' % out in c[1]]
        if not check(len(swap) == 1, what + ": one rename onto --out", "\n".join(map(str, calls))):
            return
        i = swap[0]
        synced = [c for c in calls[:i] if c[0] == "syncfs"]
        check(len(synced) >= 1, what + ": the new tree is on disk (syncfs) before the rename",
              "\n".join(map(str, calls)))
        after = [c[1] for c in calls[i + 1:] if c[0] == "fsync"]
        check(work in after and os.path.join(repo, ".wardsite-cache") in after,
              what + ": the folders of the rename are synced after it (--out's and the spare tree's)",
              "\n".join(map(str, calls)))
        state = [j for j, c in enumerate(calls) if c[0].startswith("rename") and ".state" in c[1]]
        check(len(state) == 1 and ("fsync", os.path.join(repo, ".wardsite-cache")) in calls[state[0] + 1:],
              what + ": the build state's folder is synced after its rename", "\n".join(map(str, calls)))


def mount_tmpfs(where, size):
    os.makedirs(where, exist_ok=True)
    r = run(["mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", where], "/")
    return r.returncode == 0, r.stderr.strip()


def test_disk_full(work, repo):
    mnt = os.path.join(work, "nho")
    ok, why = mount_tmpfs(mnt, "2m") if os.geteuid() == 0 else (False, "not root")
    if not ok:
        print("SKIP disk full on a small tmpfs: mount is not permitted (%s)" % why)
        return
    try:
        big = os.path.join(work, "repo-big")
        shutil.copytree(repo, big)
        shutil.rmtree(os.path.join(big, ".wardsite-cache"), ignore_errors=True)
        git(big, "checkout", "-q", "A")
        out = os.path.join(mnt, "public")
        r = run([WARDSITE, "build", "--out", out, "--quiet"], big)
        check(r.returncode == 0, "disk full: the first build fits", r.stderr)
        git(big, "checkout", "-q", "-B", "main", "B")
        os.makedirs(os.path.join(big, "static"), exist_ok=True)
        with open(os.path.join(big, "static", "bando.bin"), "wb") as f:
            f.write(os.urandom(3 << 20))
        git(big, "add", "-A")
        git(big, "commit", "-q", "-m", "a 3 MB map")
        before = tree(out)
        r = run([WARDSITE, "build", "--out", out, "--quiet"], big)
        want = ("wardsite: error: the disk that holds %s is full (at /bando.bin): free some space on it, or choose "
                "an --out on another disk, and build again\n"
                "wardsite: 1 error, 0 warnings; %s was not changed\n" % (out, out))
        check(r.returncode == 1 and r.stderr == want, "disk full: exit 1 and one message", r.stderr)
        check(tree(out) == before, "disk full: the previous output byte-identical")
        check(beside(out) == [], "disk full: nothing left beside the output", str(beside(out)))
        os.unlink(os.path.join(big, "static", "bando.bin"))
        git(big, "commit", "-q", "-am", "no map")
        r = run([WARDSITE, "build", "--out", out, "--quiet"], big)
        check(r.returncode == 0 and r.stderr == "", "disk full: the next build that fits succeeds", r.stderr)
    finally:
        run(["umount", mnt], "/")


def test_read_only(work, repo):
    mnt = os.path.join(work, "chi-doc")
    ok, why = mount_tmpfs(mnt, "8m") if os.geteuid() == 0 else (False, "not root")
    if not ok:
        print("SKIP read-only output: mount is not permitted (%s)" % why)
        return
    try:
        out = os.path.join(mnt, "public")
        git(repo, "checkout", "-q", "A")
        r = run([WARDSITE, "build", "--out", out, "--quiet"], repo)
        check(r.returncode == 0, "read-only: the first build", r.stderr)
        r = run(["mount", "-o", "remount,ro", mnt], "/")
        if not check(r.returncode == 0, "read-only: remount", r.stderr):
            return
        git(repo, "checkout", "-q", "B")
        before = tree(out)
        r = run([WARDSITE, "build", "--out", out, "--quiet"], repo)
        want = "wardsite: error: cannot make a staging folder beside %s: Read-only file system\n" % out
        check(r.returncode == 2 and r.stderr == want, "read-only: exit 2 and the message", r.stderr)
        check(tree(out) == before and beside(out) == [], "read-only: the previous output byte-identical")
    finally:
        git(repo, "checkout", "-q", "main")
        run(["umount", mnt], "/")


def test_kill_publish(work, repo):
    """SIGKILL during publish: the branch is the old tip or B's output."""
    ref_out = os.path.join(work, "ref-b")
    r = run([WARDSITE, "build", "--ref", "B", "--out", ref_out, "--quiet"], repo)
    check(r.returncode == 0, "kill: the reference build of B", r.stderr)
    want_b = content(ref_out)
    out = os.path.join(work, "kill-out")
    git(repo, "checkout", "-q", "A")
    r = run([WARDSITE, "publish", "--out", out, "--quiet"], repo)
    check(r.returncode == 0, "kill: publish A", r.stderr)
    old_tip = git(repo, "rev-parse", "gh-pages").strip()
    old_tree = git(repo, "rev-parse", "gh-pages^{tree}").strip()
    want_a = content(out)
    git(repo, "checkout", "-q", "main")
    rng = random.Random(108)
    start = time.monotonic()
    r = run([WARDSITE, "publish", "--out", os.path.join(work, "time-it"), "--branch", "thu", "--quiet"], repo)
    took = time.monotonic() - start
    git(repo, "branch", "-D", "thu")
    new_trees = set()
    moved = 0
    for n in range(KILL_RUNS):
        p = subprocess.Popen([WARDSITE, "publish", "--out", out, "--quiet"], cwd=repo,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, took * 1.2))
        p.send_signal(signal.SIGKILL)
        p.wait()
        tip = git(repo, "rev-parse", "gh-pages").strip()
        now = content(out)
        ok_out = now == want_a or now == want_b
        if tip != old_tip:
            moved += 1
            new_trees.add(git(repo, "rev-parse", "gh-pages^{tree}").strip())
            ok_tip = git(repo, "rev-parse", "gh-pages^").strip() == old_tip
        else:
            ok_tip = True
        if not check(ok_tip and ok_out, "kill %d: the branch is old or new, --out is A or B" % n, tip):
            break
        if tip != old_tip:
            git(repo, "update-ref", "refs/heads/gh-pages", old_tip)
    r = run(["git", "fsck", "--no-dangling"], repo)
    check(r.returncode == 0, "kill: git fsck after the kills", r.stdout + r.stderr)
    r = run([WARDSITE, "publish", "--out", out, "--quiet"], repo)
    check(r.returncode == 0 and content(out) == want_b, "kill: the next publish succeeds", r.stderr)
    new_trees.add(git(repo, "rev-parse", "gh-pages^{tree}").strip())
    check(len(new_trees) == 1 and old_tree not in new_trees, "kill: every new tip holds B's output", str(new_trees))
    print("kill: %d publishes killed, %d of them after the branch moved" % (KILL_RUNS, moved))


def main():
    work = tempfile.mkdtemp(prefix="wardsite-out-")
    try:
        repo = make_repo(work)
        test_user_folder(work, repo)
        test_home(work, repo)
        test_serve(work, repo)
        test_publish_mark(work, repo)
        test_static_mark(work)
        test_sync_order(work, repo)
        test_disk_full(work, repo)
        test_read_only(work, repo)
        test_kill_publish(work, repo)
    finally:
        for m in ["nho", "chi-doc"]:
            if os.path.ismount(os.path.join(work, m)):
                run(["umount", os.path.join(work, m)], "/")
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
