#!/usr/bin/env python3
"""Figures in the prose checked against the data (gen/figures.c, docs/content-format.md).

The reports under test/e2e/fixtures/figures/ carry planted defects: a mark ⟦kind⟧ stands right
before each figure where a warning of that kind must be reported (the mark is taken out before
baocao reads the file; line and column are where the mark was). Every other warning is a false
one. The test prints recall and false warnings per kind, over those reports and the bundled
content/, and fails on a missed or a false warning.
"""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import T, REPO, TempDir, run, program_available  # noqa: E402

KINDS = ["stale", "current", "change", "ratio", "total", "count"]
MARK = re.compile("⟦(" + "|".join(KINDS) + ")⟧")
WARN_RE = re.compile(r"^(.*?):(\d+):(\d+): warning: (.*) \[(\w+)\]$")
FIXTURES = os.path.join(REPO, "test", "e2e", "fixtures", "figures")


def strip_marks(src, dst):
    """Copies the folder src to dst without the marks; returns {(relpath, line, col): kind}."""
    expected = {}
    for dp, _, fns in os.walk(src):
        for fn in fns:
            p = os.path.join(dp, fn)
            rel = os.path.relpath(p, src)
            out = os.path.join(dst, rel)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(p, encoding="utf-8") as f:
                text = f.read()
            lines = []
            for ln, line in enumerate(text.split("\n"), 1):
                while True:
                    m = MARK.search(line)
                    if not m:
                        break
                    expected[(rel, ln, m.start() + 1)] = m.group(1)
                    line = line[:m.start()] + line[m.end():]
                lines.append(line)
            with open(out, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
    return expected


def warnings_of(stderr, root):
    """{(relpath, line, col): (kind, message)} of the warnings baocao printed."""
    got = {}
    for line in stderr.splitlines():
        m = WARN_RE.match(line)
        if m:
            rel = os.path.relpath(m.group(1), root)
            got[(rel, int(m.group(2)), int(m.group(3)))] = (m.group(5), m.group(4))
    return got


def score(name, expected, got, table):
    for key, kind in expected.items():
        row = table.setdefault(kind, [0, 0, 0])
        row[1] += 1
        hit = got.get(key)
        if hit and hit[0] == kind:
            row[0] += 1
        T.ok(hit is not None and hit[0] == kind,
             "%s: %s at %s:%d:%d is reported" % (name, kind, *key),
             "got %r" % (hit,) if hit else "nothing there; all: %r" % sorted(got.items()))
    for key, (kind, msg) in sorted(got.items()):
        if key not in expected:
            table.setdefault(kind, [0, 0, 0])[2] += 1
            T.ok(False, "%s: no false warning at %s:%d:%d" % (name, *key), "%s [%s]" % (msg, kind))


def test_commands():
    """check and build print the same warnings, a rebuild too; --strict publishes nothing;
    an ignore comment is published nowhere."""
    with TempDir() as tmp:
        root = os.path.join(tmp, "tinh")
        strip_marks(os.path.join(FIXTURES, "tinh"), root)
        md = os.path.join(root, "reports", "2025-05", "report.md")
        with open(md, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("(3) Còn 05 huyện[^1]",
                            "(3) Còn 05 huyện[^1] <!-- baocao: ignore count — chờ số liệu -->")
        with open(md, "w", encoding="utf-8") as f:
            f.write(text)
        out = os.path.join(tmp, "public")
        c = run(["check", "--content", root])
        b1 = run(["build", "--content", root, "--out", out])
        b2 = run(["build", "--content", root, "--out", out])
        T.eq(b1.rc, 0, "build with warnings succeeds", b1)
        T.ok(c.err.count("warning:") >= 10, "check prints the warnings", c.err)
        T.eq(b1.err, c.err, "build prints what check prints")
        T.eq(b2.err, c.err, "a rebuild (the model cache) prints them again")
        T.ok(":55:" not in c.err, "an ignore comment silences the warning on its line", c.err)
        page = open(os.path.join(out, "2025-05", "index.html"), encoding="utf-8").read()
        T.ok("baocao:" not in page and "chờ số liệu" not in page,
             "the ignore comment is not on the page")
        pdfs = [f for f in os.listdir(os.path.join(out, "2025-05")) if f.endswith(".pdf")]
        if shutil.which("pdftotext") and pdfs:
            import subprocess
            txt = subprocess.run(["pdftotext", os.path.join(out, "2025-05", pdfs[0]), "-"],
                                 stdout=subprocess.PIPE).stdout.decode("utf-8", "replace")
            T.ok("Còn 05 huyện" in txt.replace("\n", " ") and "baocao:" not in txt,
                 "the ignore comment is not in the PDF (pdftotext)", txt[:300])
        strict_out = os.path.join(tmp, "strict")
        s = run(["build", "--strict", "--content", root, "--out", strict_out])
        T.eq(s.rc, 1, "build --strict: warnings are errors", s)
        T.ok(not os.path.exists(strict_out), "build --strict publishes nothing")
        T.contains(s.err, "(errors under --strict)", "--strict says why it failed")


def test_slow_text():
    """Text made to be slow (nested parentheses of parts, a line of references, a table of
    15 000 rows, a list of 50 000 names) is checked in bounded time: the check stops and says
    so, the build goes on."""
    import time
    with TempDir() as tmp:
        root = os.path.join(tmp, "slow")
        strip_marks(os.path.join(FIXTURES, "tinh"), root)
        parts = ["(1 hồ sơ gồm 2 hồ sơ và 3 hồ sơ " * 20000 + ")" * 20000,
                 "Có {{camera_an_ninh}} camera tăng 5 camera " * 10000,
                 "Còn 05 huyện[^9] " * 10000 + "\n\n[^9]: Hà Nội, Huế.",
                 "| A | B |\n|---|--:|\n" + "| x | 1 |\n" * 14999 + "| Tổng | 5 |",
                 "Có 12 địa phương: " + ", ".join(["Hà Nội"] * 50000) + "."]
        md = os.path.join(root, "reports", "2025-06", "report.md")
        with open(md, encoding="utf-8") as f:
            head = f.read().split("\n---\n", 1)[0] + "\n---\n\n"
        with open(md, "w", encoding="utf-8") as f:
            f.write(head + "\n\n".join(parts) + "\n")
        t0 = time.monotonic()
        r = run(["check", "--content", root], timeout=300)
        took = time.monotonic() - t0
        T.eq(r.rc, 0, "slow text: check succeeds", r)
        T.ok(took < 30, "slow text: checked in %.1f s (bound 30 s)" % took)
        T.contains(r.err, "the figures from here on are not checked",
                   "slow text: the check stops and says so")


def main():
    if not program_available():
        T.ok(False, "baocao is built")
        T.done()
    test_commands()
    test_slow_text()
    table = {}
    for site in sorted(os.listdir(FIXTURES)):
        with TempDir() as tmp:
            root = os.path.join(tmp, site)
            expected = strip_marks(os.path.join(FIXTURES, site), root)
            r = run(["check", "--content", root])
            T.eq(r.rc, 0, "%s: check succeeds (warnings do not stop it)" % site, r)
            score(site, expected, warnings_of(r.err, root), table)
    # the bundled content: no warning; without its ignore comments, the two inconsistencies
    # of the source document it keeps (Báo cáo 290/BC-TCTTKĐA) come back
    content = os.path.join(REPO, "content")
    r = run(["check", "--content", content])
    T.eq(r.rc, 0, "content/: check succeeds", r)
    T.eq(warnings_of(r.err, content), {}, "content/: no warning", r.err)
    with TempDir() as tmp:
        root = os.path.join(tmp, "content")
        shutil.copytree(content, root)
        md = os.path.join(root, "reports", "2025-01", "report.md")
        with open(md, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r" ?<!-- baocao: ignore[^>]*-->", "", text)
        with open(md, "w", encoding="utf-8") as f:
            f.write(text)
        expected = {}
        for needle, kind in (("33 địa phương[^7]", "count"), ("**6.496**", "total")):
            before = text[:text.index(needle)]
            line = before.count("\n") + 1
            col = len(before) - (before.rfind("\n") + 1) + 1 + needle.index(needle.lstrip("*"))
            expected[("reports/2025-01/report.md", line, col)] = kind
        r = run(["check", "--content", root])
        score("content without its ignore comments", expected, warnings_of(r.err, root), table)
    print("# kind      found/planted  false warnings")
    for kind in KINDS:
        found, planted, false = table.get(kind, [0, 0, 0])
        print("# %-8s  %3d/%-3d        %d" % (kind, found, planted, false))
    T.done()


if __name__ == "__main__":
    main()
