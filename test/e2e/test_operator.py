#!/usr/bin/env python3
"""What an unlucky operator does to a build, and what it must never cost them: content kept
inside --out (or --out inside the content), a --out that is a symbolic link, a published site
that this user cannot change (made read-only, built by another user) and the debris an older
baocao left of one, files this user cannot read, a disk that fills up at any moment of a build,
and folder names that would forge error lines or drive the terminal. Each ends in a clear
located error or the right output; nothing published or kept in the content folder is lost.

The cases about permissions run baocao as the user "nobody" (setpriv) when the tests run as
root, as root reads and removes anything; the full-disk sweep builds on a small tmpfs when the
tests may mount one (root), else under a file-size limit (ulimit -f).

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_operator.py
"""

import os
import resource
import shutil
import signal
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, FIXTURES, REPO, TempDir, run, program_available, tree_hash,  # noqa: E402
                 tree_diff, diagnostics, baocao_path, Result)

MINIMAL = os.path.join(FIXTURES, "minimal")
SITE = os.path.join(FIXTURES, "site")
ROOT = os.geteuid() == 0
NOBODY = 65534


def beside(out):
    """What a build left beside --out (its staging, old or lock folder)."""
    d, name = os.path.split(out.rstrip("/"))
    return sorted(n for n in os.listdir(d) if n.startswith(name + ".baocao"))


def as_user(args, cwd):
    """baocao as an ordinary user: "nobody" when the tests run as root (which may read and
    remove anything), else the user running them. cwd is a user_folder: the program, the
    templates, the assets and the fonts' configuration are its copies (the checkout may be
    closed to that user)."""
    cmd = [baocao_path()] + list(args)
    env = None
    if ROOT:
        cmd = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups",
               "--", os.path.join(cwd, "bin", "baocao")] + list(args)
        env = dict(os.environ, FONTCONFIG_FILE=os.path.join(cwd, "bin", "fonts.conf"))
    p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120, env=env)
    return Result(p.returncode, p.stdout.decode("utf-8", "replace"),
                  p.stderr.decode("utf-8", "replace"))


def user_folder(tmp, name):
    """A folder the ordinary user of as_user owns, with a copy of the minimal content (and,
    when that user is "nobody", of what it needs from the checkout)."""
    d = os.path.join(tmp, name)
    shutil.copytree(MINIMAL, os.path.join(d, "content"))
    if ROOT:
        for sub in ("templates", "assets"):
            shutil.copytree(os.path.join(REPO, sub), os.path.join(d, sub))
        os.makedirs(os.path.join(d, "bin"))
        shutil.copy(baocao_path(), os.path.join(d, "bin", "baocao"))
        shutil.copy(os.environ["FONTCONFIG_FILE"], os.path.join(d, "bin", "fonts.conf"))
        os.chmod(tmp, 0o755)
        for dp, dns, fns in os.walk(d):
            for n in [dp] + [os.path.join(dp, f) for f in fns]:
                os.chown(n, NOBODY, NOBODY)
    return d


def errors_at(r, path, phrase):
    return [dg for dg in diagnostics(r.err) if dg[0] == path and phrase in dg[3]]


# ---------------------------------------------------------------- inputs inside --out


def inputs_inside_out(tmp):
    """The content kept inside the published folder (`site/content`) went with the old site
    at the swap: now refused before anything is touched. So are the templates and assets
    under --out, and --out under the content."""
    d = os.path.join(tmp, "inside")
    os.makedirs(d)
    content = os.path.join(d, "content")
    shutil.copytree(MINIMAL, content)
    T.eq(run(["build", "--content", "content", "--out", "site"], cwd=d).rc, 0,
         "inside: a site is published")
    shutil.copytree(content, os.path.join(d, "site", "content"))
    before = tree_hash(os.path.join(d, "site"))
    r = run(["build", "--content", "site/content", "--out", "site"], cwd=d)
    T.eq(r.rc, 1, "inside: content kept inside --out: the build exits 1", r)
    T.ok(errors_at(r, "site/content", "the --content folder is inside site, which a build "
                   "replaces or removes whole"), "inside: the error is at the content folder", r.err)
    T.ok(tree_hash(os.path.join(d, "site")) == before,
         "inside: the site and the content kept in it are untouched",
         tree_diff(before, tree_hash(os.path.join(d, "site"))))
    T.eq(beside(os.path.join(d, "site")), [], "inside: nothing left beside --out")
    for opt, sub in (("--templates", "tp"), ("--assets", "as")):
        shutil.copytree(os.path.join(os.path.dirname(FIXTURES), "..", "templates"),
                        os.path.join(d, "site", sub))
        r = run(["build", "--content", "content", "--out", "site", opt, "site/" + sub], cwd=d)
        T.ok(r.rc == 1 and errors_at(r, "site/" + sub, "the %s folder is inside site" % opt),
             "inside: %s inside --out is refused" % opt, r)
        T.ok(os.path.isdir(os.path.join(d, "site", sub)), "inside: and %s is still there" % opt)
    r = run(["build", "--content", "content", "--out", "content/public"], cwd=d)
    T.ok(r.rc == 1 and errors_at(r, "content/public", "the output folder is inside the "
                                 "--content folder content"),
         "inside: --out inside the content is refused", r)
    T.ok(not os.path.exists(os.path.join(content, "public")), "inside: and nothing is made there")
    # the debris folders are removed by a build: no input may be there either
    shutil.copytree(content, os.path.join(d, "site.baocao-old"))
    r = run(["build", "--content", "site.baocao-old", "--out", "site"], cwd=d)
    T.ok(r.rc == 1 and errors_at(r, "site.baocao-old", "is inside site.baocao-old"),
         "inside: content in the folder a build removes as debris is refused", r)
    T.ok(os.path.isdir(os.path.join(d, "site.baocao-old", "reports")), "inside: and kept")


# ---------------------------------------------------------------- a symbolic link as --out


def symlinked_out(tmp):
    d = os.path.join(tmp, "link")
    os.makedirs(os.path.join(d, "srv"))
    os.symlink("srv/www", os.path.join(d, "public"))  # a link to a folder not made yet
    for content, what in ((MINIMAL, "first"), (SITE, "second")):
        r = run(["build", "--content", content, "--out", "public"], cwd=d)
        T.eq(r.rc, 0, "link: the %s build through a link as --out" % what, r)
        T.ok(os.path.islink(os.path.join(d, "public")) and
             os.readlink(os.path.join(d, "public")) == "srv/www",
             "link: after the %s build --out is still the same link" % what)
        T.ok(os.path.isfile(os.path.join(d, "srv", "www", "index.html")),
             "link: the folder it points to holds the site")
        T.eq(sorted(os.listdir(d)), ["public", "srv"], "link: nothing beside the link")
        T.eq(sorted(os.listdir(os.path.join(d, "srv"))), ["www"],
             "link: nothing beside the folder it points to")
    ref = os.path.join(tmp, "link-ref")
    run(["build", "--content", SITE, "--out", ref])
    T.ok(tree_hash(os.path.join(d, "srv", "www")) == tree_hash(ref),
         "link: the folder holds the second site, byte for byte",
         tree_diff(tree_hash(ref), tree_hash(os.path.join(d, "srv", "www"))))


def kept_in_out(tmp):
    """A published folder the operator made a git checkout of (gh-pages style) and gave a
    CNAME: the next build would delete them with the folder. Refused, naming each; once
    they are moved out, the build publishes."""
    d = os.path.join(tmp, "kept")
    os.makedirs(d)
    r = run(["build", "--content", MINIMAL, "--out", "public"], cwd=d)
    T.eq(r.rc, 0, "kept: the first build", r)
    pub = os.path.join(d, "public")
    os.makedirs(os.path.join(pub, ".git", "objects"))
    with open(os.path.join(pub, ".git", "HEAD"), "w") as f:
        f.write("ref: refs/heads/gh-pages\n")
    with open(os.path.join(pub, "CNAME"), "w") as f:
        f.write("bantin.example.gov.vn\n")
    before = tree_hash(pub)
    r = run(["build", "--content", SITE, "--out", "public"], cwd=d)
    T.ok(r.rc == 1 and errors_at(r, "public/.git", "not made by baocao") and
         errors_at(r, "public/CNAME", "not made by baocao") and len(diagnostics(r.err)) == 2,
         "kept: a .git and a CNAME in --out are refused, each named", r.err)
    T.ok(tree_hash(pub) == before, "kept: and left as they were, with the site")
    shutil.move(os.path.join(pub, ".git"), os.path.join(d, "git-moved"))
    os.remove(os.path.join(pub, "CNAME"))
    r = run(["build", "--content", SITE, "--out", "public"], cwd=d)
    T.eq(r.rc, 0, "kept: moved out, the next build publishes", r)


# ---------------------------------------------------------------- a site this user cannot change


def cannot_change(tmp):
    d = user_folder(tmp, "perm")
    out = os.path.join(d, "out")
    T.eq(as_user(["build", "--content", "content", "--out", "out"], cwd=d).rc, 0,
         "read-only: a site is published")
    published = tree_hash(out)
    os.chmod(out, 0o555)
    r = as_user(["build", "--content", "content", "--out", "out"], cwd=d)
    T.eq(r.rc, 1, "read-only: a build over a site made read-only exits 1", r)
    T.ok(errors_at(r, "out", "cannot replace the published site: this folder of it cannot be "
                   "changed (Permission denied)"), "read-only: the error names that folder and why",
         r.err)
    T.ok(tree_hash(out) == published, "read-only: the published site is untouched")
    T.eq(beside(out), [], "read-only: nothing left beside --out")
    os.chmod(out, 0o755)
    r = as_user(["build", "--content", "content", "--out", "out"], cwd=d)
    T.ok(r.rc == 0 and beside(out) == [], "read-only: made writable again, the next build "
         "publishes and leaves nothing beside", r)
    # a subfolder made read-only: named itself
    os.chmod(os.path.join(out, "2025-01"), 0o555)
    r = as_user(["build", "--content", "content", "--out", "out"], cwd=d)
    T.ok(r.rc == 1 and errors_at(r, "out/2025-01", "cannot be changed (Permission denied)"),
         "read-only: a read-only folder inside the site is named", r)
    os.chmod(os.path.join(out, "2025-01"), 0o755)
    # the debris an older baocao left: an old site it could not remove, named as itself
    old = out + ".baocao-old"
    if os.path.exists(old):  # left by a build that did not name the folder it could not change
        T.ok(False, "read-only: nothing was left beside --out", beside(out))
        for dp, dns, fns in os.walk(old):
            os.chmod(dp, 0o755)
        shutil.rmtree(old)
    shutil.copytree(out, old)
    if ROOT:
        for dp, dns, fns in os.walk(old):
            for n in [dp] + [os.path.join(dp, f) for f in fns]:
                os.chown(n, NOBODY, NOBODY)
    os.chmod(old, 0o555)
    r = as_user(["build", "--content", "content", "--out", "out"], cwd=d)
    T.ok(r.rc == 1 and errors_at(r, "out.baocao-old", "cannot remove an earlier build's folder: "
                                 "Permission denied"),
         "debris: an old site left beside --out that cannot be removed is named (not the staging "
         "folder)", r)
    os.chmod(old, 0o755)
    r = as_user(["build", "--content", "content", "--out", "out"], cwd=d)
    T.ok(r.rc == 0 and beside(out) == [], "debris: once it can be removed, the next build "
         "removes it and publishes", r)
    if not ROOT:
        print("# not root: the site built by another user is not tried")
        return
    # a site root built, in this user's folder
    other = os.path.join(d, "theirs")
    T.eq(run(["build", "--content", MINIMAL, "--out", other]).rc, 0, "another user: root "
         "publishes a site")
    theirs = tree_hash(other)
    r = as_user(["build", "--content", "content", "--out", "theirs"], cwd=d)
    T.ok(r.rc == 1 and errors_at(r, "theirs", "cannot be changed (Permission denied)"),
         "another user: a build over their site exits 1 and names it", r)
    T.ok(tree_hash(other) == theirs and beside(other) == [],
         "another user: their site is untouched, nothing left beside it")


def unreadable(tmp):
    """A file or a month folder this user cannot read: said so, with the system's reason,
    not called missing."""
    d = user_folder(tmp, "unreadable")
    kpi = os.path.join(d, "content", "reports", "2025-01", "kpi.csv")
    os.chmod(kpi, 0)
    r = as_user(["check", "--content", "content"], cwd=d)
    T.ok(r.rc == 1 and errors_at(r, "content/reports/2025-01/kpi.csv",
                                 "cannot read: Permission denied"),
         "unreadable: a kpi.csv this user cannot read is named so", r)
    T.ok(not [dg for dg in diagnostics(r.err) if "missing" in dg[3]],
         "unreadable: and not called missing", r.err)
    os.chmod(kpi, 0o644)
    month = os.path.join(d, "content", "reports", "2025-01")
    os.chmod(month, 0)
    r = as_user(["check", "--content", "content"], cwd=d)
    T.ok(r.rc == 1 and errors_at(r, "content/reports/2025-01/kpi.csv", "Permission denied") and
         errors_at(r, "content/reports/2025-01/report.md", "Permission denied"),
         "unreadable: a month folder this user cannot open: each file named, with the reason", r)
    os.chmod(month, 0o755)


# ---------------------------------------------------------------- the disk fills up


class SmallDisk:
    """A tmpfs of `size` bytes at path (root), unmounted at exit."""

    def __init__(self, path, size):
        self.path, self.size = path, size

    def __enter__(self):
        os.makedirs(self.path, exist_ok=True)
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%d" % self.size, "tmpfs",
                            self.path], stderr=subprocess.PIPE)
        self.ok = p.returncode == 0
        return self

    def __exit__(self, *exc):
        if self.ok:
            subprocess.run(["umount", self.path])
        return False


def fill(path, leave):
    """Fills the file system of path but `leave` bytes with a file of path's."""
    st = os.statvfs(path)
    free = st.f_bavail * st.f_frsize
    with open(os.path.join(path, "filler"), "wb") as f:
        f.write(b"\0" * max(free - leave, 0))


def disk_full(tmp):
    """On a disk that fills up at some moment of a build (a sweep of the room left, from
    nothing to enough), each build either publishes the new site whole or exits 1 with the
    system's reason ("No space left on device") at a real path, the old site untouched and
    nothing left beside it; never exit 0 with a cache or a model written short."""
    ref_a, ref_b = os.path.join(tmp, "full-a"), os.path.join(tmp, "full-b")
    run(["build", "--content", MINIMAL, "--out", ref_a])
    run(["build", "--content", SITE, "--out", ref_b])
    hash_a, hash_b = tree_hash(ref_a), tree_hash(ref_b)
    need = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fns in os.walk(ref_b)
               for f in fns)
    disk = os.path.join(tmp, "disk")
    with SmallDisk(disk, 4 * need + (1 << 20)) as sd:
        if not sd.ok:
            return disk_full_by_limit(tmp, hash_a, hash_b, need)
        out = os.path.join(disk, "pub", "out")
        outcomes = {"published": 0, "refused": 0}
        bad = []
        steps = 16
        for k in range(steps + 1):
            leave = need * 2 * k // steps
            shutil.rmtree(os.path.join(disk, "pub"), ignore_errors=True)
            if os.path.exists(os.path.join(disk, "filler")):
                os.remove(os.path.join(disk, "filler"))
            shutil.copytree(ref_a, out)
            fill(disk, leave)
            r = run(["build", "--content", SITE, "--out", out])
            h = tree_hash(out)
            if r.rc == 0 and h == hash_b and beside(out) == []:
                outcomes["published"] += 1
            elif (r.rc == 1 and h == hash_a and beside(out) == [] and diagnostics(r.err) and
                  all("No space left on device" in dg[3] and dg[0].startswith(disk)
                      for dg in diagnostics(r.err))):
                outcomes["refused"] += 1
            else:
                bad.append((leave, r.rc, tree_diff(hash_b if r.rc == 0 else hash_a, h)[:5],
                            beside(out), r.err[-400:]))
        T.ok(not bad, "disk full: each of %d builds (%d KB left to %d KB) publishes the new site "
             "whole or exits 1 naming the full disk at a real path, the old site untouched "
             "(%d published, %d refused)" % (steps + 1, 0, 2 * need // 1024,
                                             outcomes["published"], outcomes["refused"]),
             bad[:3])
        T.ok(outcomes["published"] and outcomes["refused"],
             "disk full: the sweep met both outcomes", outcomes)


def disk_full_by_limit(tmp, hash_a, hash_b, need):
    """Without a tmpfs: a build whose files may not grow past `limit` bytes (ulimit -f)."""
    print("# cannot mount a tmpfs: the full disk is a file-size limit instead")
    out = os.path.join(tmp, "limit", "out")
    bad = []
    for limit in (0, 512, 4096, 16384, 65536, 1 << 20):
        shutil.rmtree(os.path.dirname(out), ignore_errors=True)
        shutil.copytree(os.path.join(tmp, "full-a"), out)

        def cap(limit=limit):
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        p = subprocess.run([baocao_path(), "build", "--content", SITE, "--out", out],
                           preexec_fn=cap, stderr=subprocess.PIPE)
        h = tree_hash(out)
        err = p.stderr.decode("utf-8", "replace")
        if not ((p.returncode == 0 and h == hash_b) or
                (p.returncode == 1 and h == hash_a and "File too large" in err)) or beside(out):
            bad.append((limit, p.returncode, err[-300:]))
    T.ok(not bad, "file-size limit: each build publishes whole or exits 1 naming the limit",
         bad[:3])


# ---------------------------------------------------------------- names that are not text


def forged_names(tmp):
    """A folder name with a new line would print a second, forged error line; one with an
    ESC would drive the terminal: both are printed escaped."""
    d = os.path.join(tmp, "names")
    shutil.copytree(MINIMAL, d)
    os.makedirs(os.path.join(d, "reports", "x\nsite.yaml:9:9: error: forged"))
    os.makedirs(os.path.join(d, "reports", "\x1b[2J\x1b[31mred"))
    r = run(["check", "--content", d])
    lines = r.err.splitlines()
    T.eq(r.rc, 1, "names: check exits 1", r)
    T.ok(not any("\x1b" in l or "\r" in l for l in lines), "names: no raw escape reaches the "
         "terminal", repr(r.err))
    T.ok(len(lines) == 3 and all(l.startswith(d + "/reports/") for l in lines[:2]),
         "names: one line per error, each at its folder (no forged line)", r.err)
    T.ok(any("x\\x0Asite.yaml:9:9: error: forged" in l for l in lines) and
         any("\\x1B[31mred" in l for l in lines), "names: the control characters shown as \\xNN",
         r.err)


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    with TempDir() as tmp:
        inputs_inside_out(tmp)
        symlinked_out(tmp)
        kept_in_out(tmp)
        cannot_change(tmp)
        unreadable(tmp)
        disk_full(tmp)
        forged_names(tmp)
    T.done()


if __name__ == "__main__":
    main()
