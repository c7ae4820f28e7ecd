#!/usr/bin/env python3
"""Warnings (docs/errors.md, "Warnings"): each case copies test/fixtures/minimal/, changes one
thing a clerk gets wrong without breaking the content, and checks: `check` exits 0 and gives
exactly that warning at path:line:col; `build` gives the same and publishes; a rebuild over
that build (the model cache) warns the same; `check --strict` and `build --strict` exit 1 and
publish nothing.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_warnings.py
"""

import os
import re
import shutil
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, FIXTURES, TempDir, run, program_available, baocao_path,  # noqa: E402
                 tree_hash)
from test_errors import replace_line, append_line, all_of  # noqa: E402

MINIMAL = os.path.join(FIXTURES, "minimal")
R1 = "reports/2025-01/report.md"
WARN_RE = re.compile(r"^(.*?):(\d+):(\d+): warning: (.*)$")


def warnings(stderr):
    return [(m.group(1), int(m.group(2)), int(m.group(3)), m.group(4))
            for m in map(WARN_RE.match, stderr.splitlines()) if m]


def crlf(rel):
    """The file with Windows line ends (CR LF), as Notepad saves it."""
    def f(c):
        p = os.path.join(c, rel)
        with open(p, "rb") as fh:
            data = fh.read()
        with open(p, "wb") as fh:
            fh.write(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    return f


# (name, change, [(path, line, col, phrase)]): the warnings, all of them
CASES = [
    ("a heading with nothing under it", append_line(R1, "\n## 2. Dịch vụ công"),
     [(R1, 24, 1, 'nothing under the heading "2. Dịch vụ công" (write the section, or remove '
                  'the heading)')]),
    ("a heading followed by one of its level", append_line(R1, "\n# II. TỒN TẠI\n\n# III. KIẾN NGHỊ\n\nKhông có."),
     [(R1, 24, 1, 'nothing under the heading "II. TỒN TẠI"')]),
    ("an empty appendix",
     append_line(R1, "\n# Phụ lục I. Danh sách\n\n# Phụ lục II. Bảng\n\n{{table bang.csv}}"),
     [(R1, 24, 1, 'the appendix "Phụ lục I. Danh sách" is empty: its page would be blank')]),
    ("a title naming last month", replace_line(R1, 4, 'title: "Kết quả tháng 12/2024"'),
     [(R1, 4, 23, 'the title names "12/2024", but this is the report of tháng 01/2025')]),
    ("a title naming a month in words", replace_line(R1, 4, 'title: "Kết quả tháng 3 năm 2025"'),
     [(R1, 4, 23, 'the title names "3 năm 2025"')]),
    ("a date in another month", replace_line(R1, 3, "date: 2025-05-04"),
     [(R1, 3, 7, "the date 04/05/2025 is neither in tháng 01/2025, the report's month, nor in "
                 "the month after it")]),
    ("last month's number", replace_line(R1, 2, 'number: "250/BC-TCTTKĐA"'),
     [(R1, 2, 10, "the number 250/BC-TCTTKĐA is also the number of the report of tháng 12/2024 "
                  "(a report copied from another month?)")]),
    ("a draft without its number", replace_line(R1, 2, 'number: "/BC-TCTTKĐA"'),
     [(R1, 2, 10, "still a draft (no number, or no day in its date): it is left off the public "
                 "site (build --drafts publishes it)")]),
    ("a draft without its day", replace_line(R1, 3, "date: 2025-02"),
     [(R1, 3, 7, "still a draft")]),
    ("Word bullets pasted as text", append_line(R1, "\n•\tChủ trì hội nghị;\n● Hướng dẫn;\n–\tPhối hợp."),
     [(R1, 24, 1, 'a line starting with • is not a list item: write "- " at its start'),
      (R1, 25, 1, "a line starting with ● is not a list item"),
      (R1, 26, 1, "a line starting with – is not a list item")]),
    ("a Word bullet in a CRLF file, in a list and a quote",
     all_of(append_line(R1, "\n- Chủ trì;\n  ▪ Hướng dẫn.\n\n> — Phối hợp."), crlf(R1)),
     [(R1, 25, 3, "a line starting with ▪ is not a list item"),
      (R1, 27, 3, "a line starting with — is not a list item")]),
    ("a heading without its space", append_line(R1, "\n#III. TỒN TẠI, HẠN CHẾ\n\nKhông có."),
     [(R1, 24, 1, '"#III." is not a heading: write a space after the # ("# III. …")')]),
    # not warned: what looks like a slip but is not one
    ("pasted text that is right", append_line(R1, "\n- • Chủ trì – phối hợp — #1 và #abc;\n"
                                              "- Hướng dẫn [1] (xem mục 2), [1](xem mục 2), "
                                              "\\[^2] và `[^3]`.\n\n```\n• mã\n#III. mã\n"
                                              "| a | b |\n|---|\n```\n\n| A | B | C |\n"
                                              "|---|---|---|\n| 1 | 2 |\n| 1 \\| 2 | 3 | 4 |\n"
                                              "| 1 | 2 | 3 | |"), []),
    # not warned: a heading whose subsection has text; the title naming the next month; a
    # date at the end of the month reported on
    ("no warning", all_of(append_line(R1, "\n# II. NHIỆM VỤ\n\n## 1. Chung\n\nTiếp tục."),
                          replace_line(R1, 4, 'title: "Kết quả tháng 01/2025, nhiệm vụ tháng 02/2025"'),
                          replace_line(R1, 3, "date: 2025-01-31")), []),
]


def run_case(tmp, name, change, expected):
    case = os.path.join(tmp, "case")
    shutil.rmtree(case, ignore_errors=True)
    os.makedirs(case)
    shutil.copytree(MINIMAL, os.path.join(case, "content"))
    change(os.path.join(case, "content"))
    want = sorted(("content/" + p, l, c) for p, l, c, _ in expected)
    c = run(["check", "--content", "content"], cwd=case)
    T.eq(c.rc, 0, "%s: check exits 0" % name, c.err)
    got = warnings(c.err)
    T.eq(sorted(g[:3] for g in got), want, "%s: check warns at exactly these places" % name, c.err)
    for p, l, col, phrase in expected:
        T.ok([g for g in got if g[:3] == ("content/" + p, l, col) and phrase in g[3]],
             "%s: %s:%d:%d: warning: …%s…" % (name, p, l, col, phrase), c.err)
    T.ok(": error: " not in c.err, "%s: no error" % name, c.err)
    b = run(["build", "--content", "content", "--out", "out"], cwd=case)
    T.eq((b.rc, warnings(b.err)), (0, got), "%s: build warns the same and publishes" % name,
         b.err)
    again = run(["build", "--content", "content", "--out", "out"], cwd=case)
    T.eq((again.rc, warnings(again.err)), (0, got),
         "%s: a rebuild (the model cache) warns the same" % name, again.err)
    if expected:
        before = tree_hash(os.path.join(case, "out"))
        s = run(["check", "--content", "content", "--strict"], cwd=case)
        T.eq(s.rc, 1, "%s: check --strict exits 1" % name)
        T.ok(s.err.rstrip().endswith("(errors under --strict)"),
             "%s: check --strict says the warnings are errors" % name, s.err[-200:])
        s = run(["build", "--content", "content", "--out", "out", "--strict"], cwd=case)
        T.eq(s.rc, 1, "%s: build --strict exits 1" % name)
        T.ok(tree_hash(os.path.join(case, "out")) == before,
             "%s: build --strict publishes nothing" % name)
        s = run(["build", "--content", "content", "--out", "new-out", "--strict"], cwd=case)
        T.ok(s.rc == 1 and not os.path.exists(os.path.join(case, "new-out")),
             "%s: build --strict into a new folder makes none" % name)


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    c = run(["check", "--content", MINIMAL])
    T.eq((c.rc, c.err), (0, ""), "the minimal fixture checks without a warning")
    with TempDir() as tmp:
        for name, change, expected in CASES:
            run_case(tmp, name, change, expected)
    T.done()


if __name__ == "__main__":
    main()
