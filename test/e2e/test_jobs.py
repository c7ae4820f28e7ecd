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


def same_errors_whatever_jobs(gen, tmp):
    """Reports are loaded and expanded on --jobs threads too: a folder with errors in many
    reports gives the same messages, in the same order, whatever the number of threads."""
    import shutil
    bad = os.path.join(tmp, "bad12")
    shutil.copytree(gen, bad)
    months = sorted(os.listdir(os.path.join(bad, "reports")))
    for k, month in enumerate(months):
        md = os.path.join(bad, "reports", month, "report.md")
        with open(md, "a", encoding="utf-8") as f:
            f.write("\nSố liệu {{khong_co_%d}} và ~~gạch~~ https://vneid.gov.vn.\n\n"
                    "{{table thieu-%d.csv}}\n" % (k, k))
        if k % 3 == 0:
            with open(os.path.join(bad, "reports", month, "kpi.csv"), "a",
                      encoding="utf-8") as f:
                f.write("cccd_cap_moi,mười,\n")
    outs = {}
    for jobs in (1, 2, 4):
        out = os.path.join(tmp, "bad-out-%d" % jobs)
        r = build(bad, out, jobs)
        T.ok(r.rc == 1 and not os.path.exists(out),
             "errors in 12 reports: exit 1 and nothing published (--jobs %d)" % jobs, r)
        outs[jobs] = r.err
    T.ok(outs[1].count("error:") >= 24,
         "errors in 12 reports: every report's errors are listed", outs[1][-2000:])
    for jobs in (2, 4):
        T.ok(outs[jobs] == outs[1],
             "errors in 12 reports: --jobs %d lists the same errors as --jobs 1" % jobs,
             outs[jobs][-2000:])


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
            same_errors_whatever_jobs(gen, tmp)
            # cmark-gfm's inline parser shares one table of special characters between
            # parsers (strikethrough's ~, autolinks): reports full of them, parsed on 4
            # threads, must come out as on one
            import shutil
            busy = os.path.join(tmp, "busy12")
            shutil.copytree(gen, busy)
            for month in os.listdir(os.path.join(busy, "reports")):
                with open(os.path.join(busy, "reports", month, "report.md"), "a",
                          encoding="utf-8") as f:
                    for k in range(150):
                        f.write("\nDòng %d: ~~đã bỏ~~ và ~~cũ~~, xem www.dichvucong.gov.vn và "
                                "https://vneid.gov.vn/a_%d, *nhấn* **mạnh** `mã`.\n" % (k, k))
            same_whatever_jobs("12 reports with strikethrough and links", busy, tmp)
        # rebuilding over a folder with another --jobs: still the same bytes
        out = os.path.join(tmp, "rebuilt")
        build(gen, out, 1)
        r = build(gen, out, 4)
        T.ok(r.rc == 0 and tree_hash(out) == tree_hash(os.path.join(tmp, "12 reports-1")),
             "12 reports: a rebuild with --jobs 4 over a --jobs 1 build gives the same bytes", r)
    T.done()


if __name__ == "__main__":
    main()
