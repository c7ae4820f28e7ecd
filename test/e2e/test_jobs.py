#!/usr/bin/env python3
"""--jobs N: the reports are rendered on N threads, and the output is the same whatever N.

Builds the bundled content/ and a generated folder of 12 reports (bench/gen.py) with --jobs 1,
2 and 4 into fresh folders, and compares the trees byte for byte; then checks that the default
(the number of cores) gives the same tree too. Run from the repo root:
BAOCAO=build/baocao python3 test/e2e/test_jobs.py
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import T, REPO, TempDir, run, program_available, tree_hash, tree_diff  # noqa: E402


def build(content, out, jobs=None):
    args = ["build", "--content", content, "--out", out]
    if jobs is not None:
        args += ["--jobs", str(jobs)]
    return run(args, timeout=600)


def same_whatever_jobs(label, content, tmp):
    trees = {}
    for jobs in (1, 2, 4, None):
        out = os.path.join(tmp, "%s-%s" % (label, jobs or "default"))
        r = build(content, out, jobs)
        T.ok(r.rc == 0, "%s: builds with --jobs %s" % (label, jobs or "(default)"), r)
        trees[jobs] = tree_hash(out)
    pdfs = [k for k in (trees[1] or {}) if k.endswith(".pdf")]
    T.ok(len(pdfs) > 0, "%s: the build made PDFs (%d)" % (label, len(pdfs)))
    for jobs in (2, 4, None):
        T.ok(trees[jobs] == trees[1],
             "%s: --jobs %s gives the same bytes as --jobs 1" % (label, jobs or "(default)"),
             "differ: %r" % tree_diff(trees[1], trees[jobs])[:20])


def main():
    if not program_available():
        T.ok(False, "program built (set BAOCAO)")
        T.done()
    with TempDir() as tmp:
        same_whatever_jobs("content", os.path.join(REPO, "content"), tmp)
        gen = os.path.join(tmp, "gen12")
        p = subprocess.run([sys.executable, os.path.join(REPO, "bench", "gen.py"), "12", gen],
                           capture_output=True, text=True)
        T.ok(p.returncode == 0, "bench/gen.py makes 12 reports", p.stderr)
        if p.returncode == 0:
            same_whatever_jobs("12 reports", gen, tmp)
        # rebuilding over a folder with another --jobs: still the same bytes
        out = os.path.join(tmp, "rebuilt")
        build(gen, out, 1)
        r = build(gen, out, 4)
        T.ok(r.rc == 0 and tree_hash(out) == tree_hash(os.path.join(tmp, "12 reports-1")),
             "12 reports: a rebuild with --jobs 4 over a --jobs 1 build gives the same bytes", r)
    T.done()


if __name__ == "__main__":
    main()
