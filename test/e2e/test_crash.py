#!/usr/bin/env python3
"""Crash-safe publishing. Site A is published; then builds of site B into the same --out are
killed with SIGKILL at seeded random moments (spread over the whole build, and packed around
its end, when the new site is swapped in). After each kill --out must be byte for byte A or B
(tree hashes), never a mix and never missing; the next build must work whatever debris the
killed one left; and at the end a normal build leaves no *.baocao-staging, *.baocao-old or
lock file beside --out and no temporary file in it.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_crash.py [KILLS] [SEED]
"""

import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, FIXTURES, REPO, TempDir, run, program_available, tree_hash,  # noqa: E402
                 tree_diff, baocao_path)

SITE_A = os.path.join(FIXTURES, "minimal")
SITE_B = os.path.join(REPO, "content")  # the biggest content at hand: the longest window


def build(content, out, extra=()):
    return run(["build", "--content", content, "--out", out, "--jobs", "2"] + list(extra))


def start(content, out):
    return subprocess.Popen([baocao_path(), "build", "--content", content, "--out", out,
                             "--jobs", "2"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def beside(out):
    parent, name = os.path.split(out)
    return sorted(n for n in os.listdir(parent) if n != name)


def temp_files(out):
    res = []
    for dp, dns, fns in os.walk(out):
        res += [os.path.join(dp, f) for f in fns if f.endswith(".tmp")]
    return res


def concurrent(out, hash_b):
    """While a build holds the lock (here: this test, with flock as baocao takes it), others
    are refused, and a refused build does not remove the lock file (which would let a third
    build in beside the first). Then two real builds at once: one publishes, and whatever
    the other did, --out is a whole site."""
    lock = out + ".baocao-lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    ino = os.fstat(fd).st_ino
    before = tree_hash(out)
    r1 = build(SITE_A, out)
    r2 = build(SITE_A, out)
    still = os.stat(lock).st_ino if os.path.exists(lock) else None
    T.eq((r1.rc, r2.rc), (1, 1), "lock held: the builds are refused", "%r\n%r" % (r1, r2))
    T.ok("another build is publishing here" in r1.err and "another build is publishing here"
         in r2.err, "lock held: the refusal says why", r1.err)
    T.eq(still, ino, "lock held: a refused build leaves the lock file in place")
    T.ok(tree_hash(out) == before, "lock held: --out untouched")
    os.close(fd)  # released, as by a build that was killed: the file stays, harmless
    p = start(SITE_A, out)
    r = build(SITE_B, out)
    p.wait()
    T.ok(r.rc == 0 or "another build is publishing here" in r.err,
         "two builds at once: each publishes or is refused", r)
    h = tree_hash(out)
    T.ok(h == hash_b or h == tree_hash(os.path.join(os.path.dirname(os.path.dirname(out)), "ref-a")),
         "two builds at once: --out is one whole site")
    T.eq(build(SITE_B, out).rc, 0, "then a build publishes B")
    T.eq(beside(out), [], "and no debris is left beside --out")


def between_renames(tmp, out, hash_b):
    """On a file system without RENAME_EXCHANGE the swap is two renames: a build killed
    between them leaves no --out, only OUT.baocao-old. The next build puts it back first, so
    even one that then fails (here: a character no font has, found while rendering) leaves
    the old site at --out."""
    os.rename(out, out + ".baocao-old")
    bad = os.path.join(tmp, "bad")
    shutil.copytree(SITE_A, bad)
    with open(os.path.join(bad, "reports/2025-01/report.md"), "a", encoding="utf-8") as f:
        f.write("\nChữ Hán: 中.\n")
    r = build(bad, out)
    T.eq(r.rc, 1, "killed between the two renames: a build that fails while rendering exits 1", r)
    T.ok(tree_hash(out) == hash_b, "killed between the two renames: the old site is back at --out",
         tree_diff(hash_b, tree_hash(out)))
    T.eq(beside(out), [], "killed between the two renames: nothing left beside --out")


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20250204
    rnd = random.Random(seed)
    with TempDir() as tmp:
        ref_a, ref_b = os.path.join(tmp, "ref-a"), os.path.join(tmp, "ref-b")
        T.eq(build(SITE_A, ref_a).rc, 0, "site A builds")
        t0 = time.monotonic()
        T.eq(build(SITE_B, ref_b).rc, 0, "site B builds")
        duration = time.monotonic() - t0
        hash_a, hash_b = tree_hash(ref_a), tree_hash(ref_b)
        T.ok(hash_a and hash_b and hash_a != hash_b, "A and B are different sites")
        pub = os.path.join(tmp, "pub")
        os.makedirs(pub)
        out = os.path.join(pub, "out")
        T.eq(build(SITE_A, out).rc, 0, "A published")
        T.ok(tree_hash(out) == hash_a, "a build over nothing gives A byte for byte",
             tree_diff(hash_a, tree_hash(out)))
        # two thirds spread over the build, one third packed around the swap at its end
        delays = [rnd.uniform(0, duration) for _ in range(kills - kills // 3)]
        delays += [rnd.uniform(0.8 * duration, 1.2 * duration) for _ in range(kills // 3)]
        rnd.shuffle(delays)
        seen = {"A": 0, "B": 0}
        mixed = []
        for i, delay in enumerate(delays):
            p = start(SITE_B, out)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.wait()
            h = tree_hash(out)
            state = "A" if h == hash_a else "B" if h == hash_b else None
            if state:
                seen[state] += 1
            else:
                mixed.append("kill %d at %.3fs: %s" % (i, delay, "no --out" if h is None else
                                                         tree_diff(hash_a, h)[:5]))
            if state != "A":  # back to A for the next kill (also proves recovery)
                r = build(SITE_A, out)
                if r.rc != 0 or tree_hash(out) != hash_a:
                    mixed.append("kill %d: the build after it failed: %r" % (i, r))
        T.eq(mixed, [], "after each of %d SIGKILLs (seed %d, builds of %.2fs) --out is A or B"
             % (kills, seed, duration))
        T.ok(seen["A"] > 0, "some builds were killed before the swap (%d)" % seen["A"])
        print("# kills: %d left A, %d left B, %d neither" % (seen["A"], seen["B"], len(mixed)))
        r = build(SITE_B, out)
        T.eq(r.rc, 0, "a normal build after the kills succeeds", r)
        T.ok(tree_hash(out) == hash_b, "and publishes B byte for byte",
             tree_diff(hash_b, tree_hash(out)))
        T.eq(beside(out), [], "no staging, old or lock debris beside --out")
        T.eq(temp_files(out), [], "no temporary file in --out")
        T.eq(build(SITE_A, out).rc, 0, "and the next build works too")
        T.eq(beside(out), [], "still no debris beside --out")
        concurrent(out, hash_b)
        between_renames(tmp, out, hash_b)
        # debris of every kind at once, as left by kills at different moments
        os.makedirs(out + ".baocao-staging/2025-01")
        with open(out + ".baocao-staging/2025-01/index.html", "w") as f:
            f.write("half")
        os.makedirs(out + ".baocao-old/x")
        open(out + ".baocao-lock", "w").close()
        r = build(SITE_B, out)
        T.eq(r.rc, 0, "a build over planted staging, old and lock debris succeeds", r)
        T.ok(tree_hash(out) == hash_b, "and publishes B byte for byte")
        T.eq(beside(out), [], "and removes the debris")
    T.done()


if __name__ == "__main__":
    main()
