#!/usr/bin/env python3
"""A build killed at any moment loses nothing.

Copies the bundled portal (it has photos, so the image cache is used) into
a temporary git repository with two commits, A and B, and builds a clean
reference of each.  Then, many times over, with --out holding one of them
(after a build of it, so with a warm cache and build state, or copied in
with no cache at all: cold), the build of the other is started and sent
SIGKILL after a random delay (very early, anywhere in the
build, or near its end where the swap and the removal of the old tree
are).  After each kill --out must be exactly the old or exactly the new
tree (every file, folder and byte), and the next build must succeed,
remove what the killed one left beside --out, find no corrupt cache file
or build state (they are written to a temporary name and renamed) and
give exactly the new tree.

Then the same at chosen system calls, with strace's fault injection: just
before the RENAME_EXCHANGE, before and during the removal of the old tree,
before the build state is renamed into place, and through the two renames
of the fallback used where RENAME_EXCHANGE is refused.  Last, cache files
spoilt by hand (a resized photo truncated or filled with garbage, a .info
cut short or garbage, garbage in the build state) must be noticed and made
again, giving exactly B.

The photos of the copy are replaced by 640 pixels wide versions (made by
one build) so that a cold build stays short; every one is still resized
and cached.

usage: tests/kill-test.py WARDSITE
Environment: KILL_RUNS (default 50), the number of random kills;
KILL_SEED (default 108) for their delays; KILL_WARDSITE, a binary for the
builds that are killed (run-all.sh passes the release build: faster, and
a SIGKILL leaves a sanitizer nothing to find), WARDSITE by default.  The
builds that must clean up after a kill are always WARDSITE's.
Ends with "N passed, N failed".
"""
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

os.environ["WARDSITE_MESSAGES"] = "en"  # the expected messages are English (README, "Messages")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WARDSITE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "wardsite"))
RUNS = int(os.environ.get("KILL_RUNS", "50"))
passed = failed = 0


T0 = time.monotonic()


def phase(what):
    print("%6.1f s  %s" % (time.monotonic() - T0, what))


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
    """Every file (its bytes), folder and symlink below folder; None when
    folder is missing.  Two trees are the same site only when equal."""
    if not os.path.lexists(folder):
        return None
    items = {}
    for top, dirs, names in os.walk(folder):
        for n in dirs + names:
            p = os.path.join(top, n)
            rel = os.path.relpath(p, folder)
            if os.path.islink(p):
                items[rel] = "link " + os.readlink(p)
            elif os.path.isdir(p):
                items[rel] = "folder"
            else:
                with open(p, "rb") as f:
                    items[rel] = hashlib.sha256(f.read()).hexdigest()
    return items


def diff(a, b):
    a, b = a or {}, b or {}
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def write(repo, path, text):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def append(repo, path, text):
    with open(os.path.join(repo, path), "a", encoding="utf-8") as f:
        f.write(text)


IMAGES = re.compile(r"images: (\d+) sources, (\d+) versions \((\d+) decoded, (\d+) from the cache, "
                    r"(\d+) corrupt cache files made again\)")


def shrink_photos(repo):
    """Replaces every photo the portal shows by its 640 pixels wide version,
    made by one build: a cold build then decodes 30 times fewer pixels, so
    the cold runs stay short, and every photo is still resized and cached."""
    with open(os.path.join(repo, "site.yaml"), encoding="utf-8") as f:
        yaml = f.read()
    if "widths: [480, 960, 1600]" not in yaml:
        raise SystemExit("site.yaml: images widths not found")
    write(repo, "site.yaml", yaml.replace("widths: [480, 960, 1600]", "widths: [640]"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "ảnh gốc")
    small = os.path.join(repo, "..", "small")
    r = run([WARDSITE, "build", "--out", small, "--quiet"], repo)
    if r.returncode != 0:
        raise SystemExit("building the portal to shrink its photos: " + r.stderr)
    write(repo, "site.yaml", yaml)
    photos = 0
    for top in ["content", "static"]:
        for folder, _, names in os.walk(os.path.join(repo, top)):
            for n in names:
                if not n.endswith(".jpg"):
                    continue
                rel = os.path.relpath(os.path.join(folder, n), os.path.join(repo, top))
                if top == "content":
                    rel = re.sub(r"\.md$", "", rel)
                version = os.path.join(small, rel[:-len(".jpg")] + "-640w.jpg")
                if not os.path.exists(version):
                    continue  # only linked (a document scan): never decoded
                shutil.copy(version, os.path.join(folder, n))
                photos += 1
    if photos < 3:
        raise SystemExit("only %d photos in the portal" % photos)
    shutil.rmtree(small)
    shutil.rmtree(os.path.join(repo, ".wardsite-cache"))


def main():
    work = tempfile.mkdtemp(prefix="wardsite-kill-")
    try:
        repo = os.path.join(work, "repo")
        os.makedirs(repo)
        for name in ["content", "data", "lua-plugins", "static", "themes", "site.yaml"]:
            src = os.path.join(ROOT, name)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(repo, name))
            elif os.path.exists(src):
                shutil.copy(src, repo)
        write(repo, ".gitignore", "/.wardsite-cache/\n")
        git(repo, "init", "-q", "-b", "main")
        shrink_photos(repo)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "Cổng thông tin")
        rev_a = git(repo, "rev-parse", "HEAD").strip()
        # B: a page edited, one added, one removed, a style sheet changed
        append(repo, "content/vi/tin-tuc/ban-hanh-ke-hoach-108.md", "\nBan biên tập cập nhật đoạn này.\n")
        write(repo, "content/vi/tin-tuc/bai-moi.md",
              "---\ntitle: Bài mới của Ban biên tập\ndate: 2026-04-02\n---\nNội dung mới.\n")
        git(repo, "rm", "-q", "content/vi/tin-tuc/nhac-han-bao-cao-6-thang.md")
        append(repo, "themes/default/static/css/print.css", "\n/* B */\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "B")
        rev_b = git(repo, "rev-parse", "HEAD").strip()

        cache = os.path.join(repo, ".wardsite-cache")
        out = os.path.join(work, "site", "out")  # its own folder: the staging folders go beside it
        os.makedirs(os.path.dirname(out))
        env = dict(os.environ, SOURCE_DATE_EPOCH="1785000000")
        # LeakSanitizer cannot run under ptrace (strace)
        traced_env = dict(env, ASAN_OPTIONS=(os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":"))

        def build(rev, folder, prefix=(), e=env, binary=WARDSITE):
            return run([*prefix, binary, "build", "--ref", rev, "--out", folder], repo, e)

        def leftovers():
            return sorted(n for n in os.listdir(os.path.dirname(out)) if n != "out")

        phase("the repository is made")
        # the references: each a clean build with a cold cache
        ref = {"A": os.path.join(work, "ref-a"), "B": os.path.join(work, "ref-b")}
        rev = {"A": rev_a, "B": rev_b}
        trees = {}
        for side in "AB":
            shutil.rmtree(cache, ignore_errors=True)
            r = build(rev[side], ref[side])
            if not check(r.returncode == 0, "reference build of " + side, r.stdout + r.stderr):
                return
            trees[side] = tree(ref[side])
            m = IMAGES.search(r.stdout)
            check(m is not None and int(m.group(3)) >= 3, "the cold build of %s resizes photos" % side, r.stdout)
        tree_a, tree_b = trees["A"], trees["B"]
        check(len(diff(tree_a, tree_b)) >= 4, "A and B differ in several files", str(diff(tree_a, tree_b)))

        killer = os.environ.get("KILL_WARDSITE") or WARDSITE
        killer = os.path.abspath(killer if os.path.exists(killer) else WARDSITE)

        def restore_a(cold):
            """--out back to site A: with the cache and state of a build of A
            into it (warm), or a copy of A and no cache at all (cold)."""
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
                shutil.rmtree(out, ignore_errors=True)
                shutil.copytree(ref["A"], out, symlinks=True)
                return True
            # twice: the spare tree the next build stages in (the output
            # before last, in the cache) is then A too, so that the calls
            # of a build of B are the same each time
            build(rev_a, out, binary=killer)
            r = build(rev_a, out, binary=killer)
            return check(r.returncode == 0 and tree(out) == tree_a, "restoring A by a build",
                         r.stdout + r.stderr + str(diff(tree(out), tree_a))[:400])

        def after_kill(what, old="A", new="B", expect=None, binary=WARDSITE):
            """--out is the old or the new site; the next build cleans up,
            trusts no corrupt cache file or state, and gives the new one.
            Returns what --out was: "A", "B", "missing" or None."""
            expect = expect or (old, new)
            t = tree(out)
            got = "missing" if t is None else "A" if t == tree_a else "B" if t == tree_b else None
            check(got in expect, "%s: --out is %s" % (what, " or ".join(expect)),
                  "got %s; differs from A in %s; from B in %s; beside it: %s"
                  % (got, diff(t, tree_a)[:10], diff(t, tree_b)[:10], leftovers()))
            r = build(rev[new], out, binary=binary)
            ok = check(r.returncode == 0, "%s: the next build succeeds" % what, r.stdout + r.stderr)
            if ok:
                t = tree(out)
                check(t == trees[new], "%s: the next build gives exactly %s" % (what, new),
                      str(diff(t, trees[new])[:20]))
                check(leftovers() == [], "%s: the next build removes what the killed one left" % what,
                      str(leftovers()))
                m = IMAGES.search(r.stdout)
                check(m is not None and m.group(5) == "0" and "not usable" not in r.stdout,
                      "%s: no cache file or build state was left corrupt" % what, r.stdout)
            return got

        phase("the references are built")
        # Random kills.  The killed builds (and the builds that put A back)
        # use KILL_WARDSITE when given (run-all.sh passes the release
        # build): the sanitizer build makes each of these hundreds of
        # builds a few times slower and a SIGKILL leaves it nothing to
        # find; every build that must clean up after a kill is WARDSITE's.
        durations = {}
        for cold in (False, True):
            restore_a(cold)
            t0 = time.monotonic()
            r = build(rev_b, out, binary=killer)
            durations[cold] = time.monotonic() - t0
            check(r.returncode == 0 and tree(out) == tree_b, "an unkilled build of B (%s) gives B"
                  % ("cold" if cold else "warm"), r.stdout + r.stderr)
        print("%s: a build of B takes %.2f s warm, %.2f s cold" % (killer, durations[False], durations[True]))
        rnd = random.Random(int(os.environ.get("KILL_SEED", "108")))
        ranges = [("very early", 0.0, 0.03), ("anywhere", 0.0, 1.0), ("near the end", 0.75, 1.1),
                  ("anywhere", 0.0, 1.0), ("at the end", 0.9, 1.25)]
        outcome = {}
        cur = "B"  # --out holds B; each run kills the build of the other side
        for i in range(RUNS):
            new = "A" if cur == "B" else "B"
            cold = i % 4 == 3
            name, lo, hi = ranges[i % len(ranges)]
            d = durations[cold]
            delay = rnd.uniform(lo, hi) * (1 if name == "very early" else d)
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
                shutil.rmtree(out, ignore_errors=True)
                shutil.copytree(ref[cur], out, symlinks=True)
            p = subprocess.Popen([killer, "build", "--ref", rev[new], "--out", out], cwd=repo, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            t0 = time.monotonic()
            try:
                # finished before the kill: the machine is faster now than
                # when it was measured, and the next delays follow it
                p.wait(timeout=delay)
                durations[cold] = (durations[cold] + time.monotonic() - t0) / 2
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            killed = p.returncode == -9
            what = "run %d (%s to %s, %s, %s, kill after %.3f s%s)" % (
                i + 1, cur, new, "cold" if cold else "warm", name, delay, "" if killed else ", it had finished")
            left = leftovers()
            got = after_kill(what, cur, new)
            key = ("old" if got == cur else "new" if got == new else str(got), killed, bool(left))
            outcome[key] = outcome.get(key, 0) + 1
            cur = new
        print("random kills (--out, killed, something left beside it): " +
              ", ".join("%s %s %s: %d" % (k[0], "killed" if k[1] else "finished", "leftover" if k[2] else "clean", n)
                        for k, n in sorted(outcome.items(), key=str)))
        # a write killed before its rename leaves its temporary file: never
        # read (its name is not an entry's), and removed by the next build
        tmp = [f for _, _, names in os.walk(cache) for f in names if re.search(r"\.tmp[.-]", f)]
        check(tmp == [], "no temporary file of a killed build stays in the cache", str(tmp[:10]))
        killed_runs = sum(n for k, n in outcome.items() if k[1])
        check(killed_runs >= RUNS // 3, "a third of the random kills or more hit a running build (%d of %d)"
              % (killed_runs, RUNS))
        # after the swap a build only saves its state, a moment too short
        # for random delays to hit reliably: the chosen calls below kill
        # there ("before the new state is renamed in")
        check(any(k[0] == "old" and k[1] for k in outcome) and any(k[0] == "new" for k in outcome),
              "some kills came before the swap, some builds of the new site finished")
        # a build stages in the spare tree in the cache folder, not beside
        # --out: a kill leaves a half-made spare tree there, which the next
        # build (after_kill) does not trust
        check(not any(k[2] for k in outcome), "no kill leaves anything beside --out", str(outcome))

        phase("random kills done")
        # kills at chosen system calls (strace delivers SIGKILL on entry)
        if shutil.which("strace") is None:
            check(False, "strace is installed (make deps)")
            return

        def count_calls(names):
            """How many calls of each of names a warm build of B from A makes."""
            restore_a(False)
            log = os.path.join(work, "calls.log")
            r = build(rev_b, out, ["strace", "-f", "-qq", "-o", log, "-e", "trace=" + ",".join(names)], traced_env,
                      killer)
            counts = dict.fromkeys(names, 0)
            with open(log) as f:
                for line in f:
                    m = re.match(r"\d+\s+(\w+)\(", line)
                    if m and m.group(1) in counts:
                        counts[m.group(1)] += 1
            os.remove(log)
            check(r.returncode == 0 and tree(out) == tree_b, "a traced build gives B", r.stdout + r.stderr)
            return counts

        n = count_calls(["unlink", "rmdir", "rename", "renameat2"])
        # the spare tree: a few files replaced or pruned before the swap, the
        # old state removed, nothing removed after it (the old tree is the
        # next build's spare tree)
        check(n["renameat2"] == 1 and n["rename"] == 1 and 1 <= n["unlink"] < len(tree_b) // 4,
              "a warm build: one swap, one state renamed, only what changed unlinked", str(n))
        points = [
            # (what, strace options, what --out may be)
            ("just before the swap", ["-e", "inject=renameat2:signal=KILL:when=1"], ("A",)),
            ("replacing the first file of the spare tree", ["-e", "inject=unlink:signal=KILL:when=1"], ("A",)),
            ("pruning the spare tree", ["-e", "inject=unlink:signal=KILL:when=%d" % max(1, n["unlink"] // 2)],
             ("A",)),
            ("before the new state is renamed in", ["-e", "inject=rename:signal=KILL:when=1"], ("B",)),
            ("without RENAME_EXCHANGE, before the first rename",
             ["-e", "inject=renameat2:error=EINVAL", "-e", "inject=rename:signal=KILL:when=1"], ("A",)),
            ("without RENAME_EXCHANGE, between the two renames",
             ["-e", "inject=renameat2:error=EINVAL", "-e", "inject=rename:signal=KILL:when=2"], ("missing",)),
            ("without RENAME_EXCHANGE, removing the old tree after the two renames",
             ["-e", "inject=renameat2:error=EINVAL", "-e", "inject=unlink:signal=KILL:when=%d" % (n["unlink"] + 1)],
             ("B",)),
        ]
        for what, opts, expect in points:
            restore_a(False)
            # strace injects only into the calls it traces
            names = sorted(set(re.findall(r"inject=(\w+):", " ".join(opts))))
            trace = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=" + ",".join(names), *opts]
            r = build(rev_b, out, trace, traced_env, killer)
            check(r.returncode == 137 or r.returncode == -9, "%s: the build was killed" % what,
                  "exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr))
            if expect == ("missing",):
                # the fallback's one window: --out is gone, the complete old
                # site is beside it, and the next build puts it back first
                old = [x for x in leftovers() if ".old-" in x]
                check(len(old) == 1 and tree(os.path.join(os.path.dirname(out), old[0])) == tree_a,
                      "%s: the old site is kept whole beside --out" % what, str(leftovers()))
            after_kill(what, expect=expect)

        phase("kills at chosen calls done")
        # cache files spoilt by hand
        r = build(rev_b, out)
        entries = sorted(os.path.join(top, f) for top, _, names in os.walk(cache) for f in names)
        photos = [p for p in entries if p.endswith(".jpg")]
        infos = [p for p in entries if p.endswith(".info")]
        states = [p for p in entries if re.search(r"/build-[0-9a-f]{16}\.state$", p)]
        if not check(len(photos) >= 2 and len(infos) >= 2 and len(states) == 1, "the cache has photos, .info files and a state",
                     str(entries)):
            return
        spoilt = {p: open(p, "rb").read() for p in photos[:2] + infos[:2] + states}
        with open(photos[0], "r+b") as f:
            f.truncate(len(spoilt[photos[0]]) // 2)
        with open(photos[1], "wb") as f:
            f.write(os.urandom(len(spoilt[photos[1]])))
        with open(infos[0], "r+b") as f:
            f.truncate(20)
        with open(infos[1], "wb") as f:
            f.write(b"wardsite-image 12 x garbage\n")
        with open(states[0], "r+b") as f:
            f.seek(len(spoilt[states[0]]) // 2)
            f.write(b"\x00garbage\xff")
        r = build(rev_b, out)
        check(r.returncode == 0, "spoilt cache: the build succeeds", r.stdout + r.stderr)
        check(tree(out) == tree_b, "spoilt cache: the build gives exactly B", str(diff(tree(out), tree_b)[:20]))
        m = IMAGES.search(r.stdout)
        check(m is not None and m.group(5) == "2", "spoilt cache: the two spoilt photos are made again", r.stdout)
        check("wardsite: %s: the build state in %s is not usable: it is corrupt (its checksum does not match), "
              "so every page is rendered" % (out, cache) in r.stdout, "spoilt cache: the spoilt state is not used",
              r.stdout)
        for p, data in spoilt.items():
            if p in states:
                continue
            with open(p, "rb") as f:
                check(f.read() == data, "spoilt cache: %s is made again as it was" % os.path.relpath(p, cache))
        # temporary files: a dead writer's are removed, a live one's kept
        dead = subprocess.Popen(["true"])
        dead.wait()
        sub = os.path.dirname(photos[0])
        stale = [os.path.join(sub, "x.jpg.tmp.%d.7f00" % dead.pid), os.path.join(cache, "build-0.state.tmp-%d" % dead.pid)]
        live = os.path.join(sub, "y.jpg.tmp.%d.7f00" % os.getpid())
        for p in stale + [live]:
            with open(p, "wb") as f:
                f.write(b"half")
        r = build(rev_b, out)
        check(r.returncode == 0 and not any(os.path.exists(p) for p in stale) and os.path.exists(live),
              "the temporary files of a dead writer are removed, a live writer's are not", r.stdout + r.stderr)
        os.remove(live)
        # a state replaced by garbage of another kind: not even the magic
        with open(states[0], "wb") as f:
            f.write(b"garbage" * 50)
        r = build(rev_b, out)
        check(r.returncode == 0 and tree(out) == tree_b and
              "is not usable: it is not a build state of this version of wardsite" in r.stdout,
              "a garbage state: not used, the build gives B", r.stdout + r.stderr)
        # a spoilt photo under a warm state: the page is kept, the photo made again
        with open(photos[0], "r+b") as f:
            f.truncate(100)
        r = build(rev_b, out)
        m = IMAGES.search(r.stdout)
        check(r.returncode == 0 and tree(out) == tree_b and "incremental:" in r.stdout and m is not None
              and m.group(5) == "1", "a truncated photo under a warm state: made again, B", r.stdout + r.stderr)
        phase("spoilt cache files done")
    finally:
        shutil.rmtree(work, ignore_errors=True)


main()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
