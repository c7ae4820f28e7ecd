#!/usr/bin/env python3
"""Bounded work (docs/limits.md). Pathological content either builds in bounded time and
memory or is refused with a located error: a huge paragraph, a huge table, thousands of
footnotes, lists, quotes and emphasis nested thousands deep, a 100 000-character word, too
many rows, a too-large file, a hundred thousand errors. Each build's wall time and peak RSS
are measured (os.wait4) and bounded generously.

The sizes here are scaled down so that the whole file runs in well under a minute on two
cores (and under the sanitizers); `--full` runs the sizes docs/limits.md reports and prints
the measurements as a table.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_limits.py [--full]
"""

import os
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, FIXTURES, TempDir, program_available, diagnostics, load_html,  # noqa: E402
                 baocao_path, record_pdfs)

MINIMAL = os.path.join(FIXTURES, "minimal")
R1 = "reports/2025-01/report.md"
FULL = "--full" in sys.argv
# the sanitizer builds (test/run.sh --all) run several times slower: smaller sizes there,
# and looser bounds
SANITIZED = bool(os.environ.get("BAOCAO_SANITIZED"))
SLOW = 6 if SANITIZED else 1
with open(os.path.join(MINIMAL, R1), encoding="utf-8") as f:
    FRONT = f.read().split("# I.")[0]


TIME = "/usr/bin/time"


def measure4(args, cwd, timeout):
    """Runs the program; returns (exit status, stderr, seconds, peak RSS in MiB). The RSS is
    GNU time's (%M) when it is installed; else os.wait4's, which also counts what the
    forking Python had (an upper bound)."""
    t0 = time.monotonic()
    errf, timef = os.path.join(cwd, ".stderr"), os.path.join(cwd, ".time")
    cmd = [baocao_path()] + args
    if os.access(TIME, os.X_OK):
        cmd = [TIME, "-f", "%M", "-o", timef] + cmd
    with open(errf, "wb") as ef:
        p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=ef)
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - t0 > timeout:
                p.kill()
                pid, status, ru = os.wait4(p.pid, 0)
                return None, "timeout after %ss" % timeout, time.monotonic() - t0, 0
            time.sleep(0.005)
    secs = time.monotonic() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc == 0 and args[:1] == ["build"] and "--out" in args:  # for test_readers.py --collected
        record_pdfs(os.path.join(cwd, args[args.index("--out") + 1]))
    with open(errf, "rb") as ef:
        err = ef.read().decode("utf-8", "replace")
    mib = ru.ru_maxrss / 1024
    if os.path.exists(timef):
        with open(timef) as tf:
            last = tf.read().split()
        if last and last[-1].isdigit():
            mib = int(last[-1]) / 1024
    return rc, err, secs, mib


def content_with(tmp, name, body, files=None):
    c = os.path.join(tmp, name)
    shutil.copytree(MINIMAL, c)
    with open(os.path.join(c, R1), "wb") as f:
        f.write((FRONT + body).encode("utf-8") if isinstance(body, str) else body)
    for rel, data in (files or {}).items():
        with open(os.path.join(c, "reports/2025-01", rel), "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return c


def n(small, full):
    return full if FULL else small // 5 if SANITIZED else small


WORD = "Đề án 06 cấp thẻ căn cước "


def cases():
    """(name, body, files, expect, max s, max MiB, check). expect: 0 (builds; check(out) then
    looks at the output) or (line, col, phrase) of the error (check(stderr) then looks at the
    errors); None for line or col: any."""
    para_bytes = n(2000, 10000) * 1000
    rows = n(10000, 100000)
    wide_rows = n(3000, 15000)
    fns = n(2000, 10000)
    deep = 10000
    stars = 50000
    long_word = n(100000, 1000000)
    yield ("a %s paragraph" % ("%d MB" % (para_bytes // 1000000) if para_bytes >= 1000000
                               else "%d KB" % (para_bytes // 1000)),
           "# I. A\n\n" + WORD * (para_bytes // len(WORD.encode())) + "cuối.\n", None,
           0, n(20, 60), n(600, 1500), None)
    yield ("a table of %d rows" % rows, "# I. A\n\n{{table lon.csv}}\n",
           {"lon.csv": "Tỉnh,Số hồ sơ,Tỷ lệ\n" + "".join(
               "Tỉnh số %d,%d,%d.5\n" % (i, i * 37, i % 100) for i in range(rows))},
           0, n(20, 60), n(800, 2000), lambda out: table_rows(out) == rows + 1)
    # 30 columns of short cells: the most cells a table may have, each bounded (a cell's
    # words were held 32 at a time: 5 KB a cell, 6.8 GB for 40 000 rows)
    yield ("a table of %d rows and 30 columns" % wide_rows, "# I. A\n\n{{table rong.csv}}\n",
           {"rong.csv": ",".join("Cột %d" % k for k in range(30)) + "\n" + "".join(
               ",".join(str((i * 31 + k * 7) % 1000) for k in range(30)) + "\n"
               for i in range(wide_rows))},
           0, n(20, 60), n(350, 1024), lambda out: table_rows(out) == wide_rows + 1)
    yield ("%d footnotes" % fns,
           "# I. A\n\n" + "".join("Câu %d[^%d].\n" % (i, i) for i in range(fns)) + "\n" +
           "".join("[^%d]: Ghi chú số %d.\n\n" % (i, i) for i in range(fns)), None,
           0, n(20, 60), n(500, 1000), lambda out: footnotes(out) == fns)
    yield ("%d levels of >" % deep, "# I. A\n\n" + ">" * deep + " sâu\n", None,
           (2 + len(FRONT.split("\n")), 51, "nested more than 50 levels deep"), 10, 200, None)
    # the limit itself: 50 levels (the paragraph and its text are not levels)
    yield ("50 levels of > and of emphasis", "# I. A\n\n" + "> " * 50 + "sâu\n\nx " +
           "*a " * 50 + "b" + "* b" * 50 + "\n", None, 0, 10, 200, None)
    yield ("%d levels of nested - lists" % deep, "# I. A\n\n" + "- " * deep + "x\n", None,
           (2 + len(FRONT.split("\n")), 51, "nested more than 50 levels deep"), 10, 200, None)
    yield ("%d levels of indented lists" % 2000,
           "# I. A\n\n" + "".join("  " * i + "- mục %d\n" % i for i in range(2000)), None,
           (None, None, "nested more than 50 levels deep"), 10, 300, None)
    yield ("%d * around a word" % stars, "# I. A\n\n" + "*" * stars + "chữ" + "*" * stars + "\n",
           None, (None, None, "nested more than 50 levels deep"), 10, 200, None)
    yield ("%d * alone" % stars, "# I. A\n\n" + "*" * stars + "\n", None, 0, 10, 200, None)
    yield ("%d '*a ' in one paragraph" % stars, "# I. A\n\n" + "*a " * stars + "\n", None,
           0, 20, 400, None)
    yield ("%d [ then ](u)" % n(100000, 1000000),
           "# I. A\n\n" + "[" * n(100000, 1000000) + "x" + "](u)" * n(100000, 1000000) + "\n",
           None, 0, n(20, 60), n(600, 1500), None)
    yield ("a word of %d characters" % long_word, "# I. A\n\n" + "ư" * long_word + "\n", None,
           0, n(20, 60), n(600, 1500), lambda out: pdf_has(out, "ưưưưưưưưưư"))
    yield ("a word of %d bold and plain pieces" % (2 * n(20000, 100000)),
           "# I. A\n\n" + "a**b**" * n(20000, 100000) + "\n", None,
           0, n(10, 30), n(300, 600), lambda out: pdf_has(out, "abababababab"))
    # its bookmark was a PDF string over 65 535 bytes: the whole PDF failed, unlocated
    yield ("a heading of 40 000 characters", "# I. A\n\n## " + "Mục " * 10000 + "cuối\n\nx\n",
           None, 0, 10, 300, lambda out: pdf_has(out, "Mục Mục Mục"))
    yield ("16 nested quotes keep their words in the PDF",
           "# I. A\n\n" + "> " * 16 + "chữ sâu tầng mười sáu vẫn còn đủ\n", None,
           0, 10, 300, lambda out: pdf_has(out, "chữ sâu tầng mười sáu vẫn còn đủ"))
    yield ("a table of 100 001 rows", "# I. A\n\n{{table lon.csv}}\n",
           {"lon.csv": "a,b\n" + "1,x\n" * 100001},
           (100002, 1, "a table of more than 100000 rows"), 10, 400, None)
    # (a Markdown table of 100 001 rows is refused by report.md's 100 000 lines first)
    # 30 columns: 15 000 rows are the most cells a table may have (450 000)
    yield ("a table of 15 001 rows of 30 columns", "# I. A\n\n{{table rong.csv}}\n",
           {"rong.csv": ",".join("c%d" % k for k in range(30)) + "\n" +
            (",".join("1" for k in range(30)) + "\n") * 15001},
           (15002, 1, "a table of more than 450000 cells (15001 rows of 30 columns"), 10, 300,
           None)
    yield ("a Markdown table of 15 001 rows of 30 columns",
           "# I. A\n\n|" + "|".join("c%d" % k for k in range(30)) + "|\n|" + "-|" * 30 + "\n" +
           ("|" + "1|" * 30 + "\n") * 15001, None,
           (len(FRONT.split("\n")) + 3 + 15001, 1,
            "a table of more than 450000 cells (15001 rows of 30 columns"), 20, 600, None)
    yield ("a table file of 8 MiB and a byte", "# I. A\n\n{{table lon.csv}}\n",
           {"lon.csv": b"a,b\n" + b"x" * (8 * 1024 * 1024 - 3) + b"\n"},
           (1, 1, "a table file larger than 8 MiB"), 10, 300, None)
    yield ("a table of 1 000 001 rows", "# I. A\n\n{{table lon.csv}}\n",
           {"lon.csv": "a\n" + "1\n" * 1000000}, (None, None, "more than 1000000 rows"),
           20, 1500, None)
    yield ("a kpi.csv of 65 MiB", "# I. A\n\nx\n",
           {"kpi.csv": b"id,value,note\n" + (b"x" * 1023 + b"\n") * (65 * 1024)},
           (None, None, "file larger than 64 MiB"), 10, 300, None)
    body_line = 2 + len(FRONT.split("\n"))  # the line after "# I. A" and a blank line
    # what costs memory is the number of elements, not bytes: 16 MiB of "a\n\n" took 8.9 GB
    # and 86 s, of "*a* " 3.4 GB to check, a million links 8.3 GB
    heads = n(49990, 49990)
    # each heading is kept with the next box: their chain was walked to its end from each
    # of its boxes (quadratic: 200 000 headings took 101 s)
    yield ("%d headings in a row" % heads, "# I. A\n\n" + "".join(
        "## M%d\n\n" % i for i in range(heads)), None, 0, 10, 600,
        lambda out: pdf_has(out, "M%d" % (heads - 1), last_pages=2))
    if FULL:  # the costliest reports within those bounds (docs/limits.md)
        yield ("500 000 '*a* ' (a million marks)", "# I. A\n\n" + "*a* " * 499990 + "\n", None,
               0, 60, 1024, None)
        yield ("50 000 paragraphs quoted 48 deep (100 000 lines)",
               "# I. A\n\n" + ("> " * 48 + "a\n\n") * 49990, None, 0, 60, 1024, None)
        yield ("50 000 links", "# I. A\n\n" + "[a](b) " * 50000 + "\n", None, 0, 60, 1024, None)
    yield ("100 001 lines", "# I. A\n\n" + "a\n" * 100001, None,
           (100001, 1, "more than 100000 lines"), 10, 300, None)
    yield ("1 000 001 marks of emphasis", "# I. A\n\n" + "*" * 1000001 + "\n", None,
           (body_line, 1000001, "more than 1000000 marks of emphasis, links, code"), 10, 300, None)
    yield ("50 001 links", "# I. A\n\n" + "[a](b) " * 50001 + "\n", None,
           (body_line, 7 * 50000 + 1, "more than 50000 links in one report"), 10, 300, None)
    # a row breaks across pages as Word's do: 606 000 lines of table, ~52 on a page
    yield ("a PDF of more than 10 000 pages", "# I. A\n\nMở đầu.\n\n{{table dai.csv}}\n",
           {"dai.csv": "Nội dung\n" + ('"' + "\n".join("dòng %d" % k for k in range(60)) +
                                        '"\n') * 10100},
           (body_line + 2, 1, "pages, and its page 10001 starts here"), 20, 800, None)
    yield ("100 000 errors, all listed", "# I. A\n\nx\n",
           {"kpi.csv": "id,value,note\n" + "".join("sai_%d,1,\n" % i for i in range(100000))},
           (None, None, "unknown indicator"), 20, 300, lambda err: len(diagnostics(err)) == 100000)


def check_cases():
    """(name, files by path in the content folder, max s, max MiB, check(stderr)): inputs that
    made `check` quadratic, checked in bounded time."""
    ids = n(20000, 100000)
    catalogue = "id,name,unit,format,group\n" + "".join(
        "chi_so_%d,Chỉ số %d,cái,count,Nhóm\n" % (i, i) for i in range(ids))
    for rel in ("indicators.csv",):
        with open(os.path.join(MINIMAL, rel), encoding="utf-8") as f:
            catalogue += f.read().split("\n", 1)[1]
    kpi = "id,value,note\nthe_cap,87900000,\nho_so,1900482958,\nty_le,73.03,\n" + "".join(
        "chi_so_%d,%d,\n" % (i, i) for i in range(ids))
    # every id was looked up in turn in the catalogue: 0.6 s at 10 000, 212 s at 100 000
    yield ("a kpi.csv of %d rows, each a known id" % ids,
           {"indicators.csv": catalogue, "reports/2025-01/kpi.csv": kpi}, 10 if FULL else 2, 300,
           lambda err: err == "")
    errs = n(20000, 50000)
    # errors listed out of order (an earlier report's body after a later report's kpi.csv)
    # were put in order one at a time: quadratic
    yield ("%d errors in each of two files, found out of order" % errs,
           {"reports/2025-01/kpi.csv": "id,value,note\nthe_cap,87900000,\nho_so,1900482958,"
            "\nty_le,73.03,\n" + "".join(
               "sai_%d,1,\n" % i for i in range(errs)),
            "reports/2024-12/report.md": FRONT.replace("01/2025", "12/2024").replace(
                "2025-02-04", "2025-01-06") + "# I. A\n\n" + "".join(
                "Số {{sai_%d}}.\n" % i for i in range(errs))},
           10 if FULL else 2, 400, lambda err: len(diagnostics(err)) == 2 * errs and
           diagnostics(err) == sorted(diagnostics(err), key=lambda d: (d[0], d[1], d[2])))


def table_rows(out):
    d = load_html(os.path.join(out, "2025-01", "index.html"))
    return max((len(t.find_all("tr")) for t in d.find_all("table")), default=0)


def footnotes(out):
    d = load_html(os.path.join(out, "2025-01", "index.html"))
    return len([li for li in d.find_all("li") if (li.get("id") or "").startswith("fn")])


def pdf_has(out, words, last_pages=None):
    """words in the PDF's text (in its last pages only: poppler reads ~30 ms a page)."""
    pdf = os.path.join(out, "2025-01", "bao-cao-thang-01-2025.pdf")
    first = []
    if last_pages:
        info = subprocess.run(["pdfinfo", pdf], stdout=subprocess.PIPE, text=True).stdout
        pages = int(next(l.split()[1] for l in info.splitlines() if l.startswith("Pages:")))
        first = ["-f", str(max(1, pages - last_pages + 1))]
    p = subprocess.run(["pdftotext"] + first + [pdf, "-"], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    return words in p.stdout.decode("utf-8", "replace").replace("\n", "")


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    rows = []
    with TempDir() as tmp:
        for i, (name, body, files, expect, max_s, max_mib, check) in enumerate(cases()):
            c = content_with(tmp, "c%d" % i, body, files)
            out = os.path.join(tmp, "out%d" % i)
            rc, err, secs, mib = measure4(["build", "--content", c, "--out", out], cwd=tmp,
                                          timeout=max_s * SLOW * 3)
            rows.append((name, rc, secs, mib))
            print("# %s: exit %s, %.2f s, %.0f MiB" % (name, rc, secs, mib))
            if expect == 0:
                T.eq(rc, 0, "%s: builds" % name, err[-800:])
                if rc == 0 and check:
                    T.ok(check(out), "%s: the output holds all of it" % name)
            else:
                line, col, phrase = expect
                T.eq(rc, 1, "%s: refused with exit 1" % name, err[-800:])
                ds = diagnostics(err)
                T.ok(ds and all(d[0].startswith(c) for d in ds) and any(
                    phrase in d[3] and (line is None or d[1] == line) and
                    (col is None or d[2] == col) for d in ds),
                     "%s: a located error: …%s…" % (name, phrase), err[:800])
                T.ok(not os.path.exists(out), "%s: nothing published" % name)
                if check:
                    T.ok(check(err), "%s: as many errors as there are" % name)
                # check refuses exactly what build refuses (the page limit too, which only
                # the layout finds)
                crc, cerr, _, _ = measure4(["check", "--content", c], cwd=tmp,
                                           timeout=max_s * SLOW * 3)
                T.eq((crc, diagnostics(cerr)), (rc, ds), "%s: check says the same" % name)
            T.ok(secs < max_s * SLOW, "%s: finishes in under %d s (%.2f s)" % (name, max_s * SLOW, secs))
            if not SANITIZED:  # ASan's shadow memory inflates RSS
                T.ok(mib < max_mib, "%s: peak RSS under %d MiB (%.0f MiB)" % (name, max_mib, mib))
            shutil.rmtree(c, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
        for i, (name, files, max_s, max_mib, check) in enumerate(check_cases()):
            c = os.path.join(tmp, "k%d" % i)
            shutil.copytree(MINIMAL, c)
            for rel, data in files.items():
                with open(os.path.join(c, rel), "w", encoding="utf-8") as f:
                    f.write(data)
            rc, err, secs, mib = measure4(["check", "--content", c], cwd=tmp,
                                          timeout=max_s * SLOW * 3)
            rows.append(("check: " + name, rc, secs, mib))
            print("# check: %s: exit %s, %.2f s, %.0f MiB" % (name, rc, secs, mib))
            T.ok(rc in (0, 1) and check(err), "check: %s: every error listed, in order" % name,
                 err[:800])
            T.ok(secs < max_s * SLOW, "check: %s: finishes in under %d s (%.2f s)" %
                 (name, max_s * SLOW, secs))
            if not SANITIZED:
                T.ok(mib < max_mib, "check: %s: peak RSS under %d MiB (%.0f MiB)" %
                     (name, max_mib, mib))
            shutil.rmtree(c, ignore_errors=True)
    if FULL:
        print("\n| input | exit | time (s) | peak RSS (MiB) |\n|---|---|---|---|")
        for name, rc, secs, mib in rows:
            print("| %s | %s | %.2f | %.0f |" % (name, rc, secs, mib))
    T.done()


if __name__ == "__main__":
    main()
