#!/usr/bin/env python3
"""Files saved the way Excel saves them (test/e2e/fixtures/excel/, README.md there): each one,
put into a copy of test/fixtures/minimal/, publishes exactly the figures written in its row of
that README — values, deltas, notes, table cells, on the index, the report page and in the
PDF — or gives the located message written there, the same from `check` and `build`.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_excel.py
"""

import os
import shutil
import subprocess
import sys
import unicodedata

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, FIXTURES, TempDir, run, program_available, baocao_path,  # noqa: E402
                 diagnostics, load_html)

EXCEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "excel")
MINIMAL = os.path.join(FIXTURES, "minimal")
KPI = "reports/2025-01/kpi.csv"
TABLE = "reports/2025-01/bang.csv"

# Written by hand from the README's table (and docs/content-format.md), not from a run.
FIGURES = {
    "the_cap": ("87,9 triệu", "tăng 2,3 triệu", "trên 87,9 triệu thẻ"),
    "ho_so": ("1.900.482.958", "tăng 1.982.696", "tính đến 20/01/2025; ước tính"),
    "ty_le": ("73,03%", "tăng 0,53 điểm phần trăm", None),
}
TABLE_ROWS = [["Đơn vị", "Số hồ sơ", "Ghi chú"],
              ["Hà Nội", "1.234", "gồm 30 quận, huyện; thị xã"],
              ["Đà Nẵng", "56", ""]]

# (fixture, where it goes, what its bytes must be (so the fixture is what it claims: the
# Windows-1258 one is the UTF-8 one's text, its tone marks combining, "triê" + dot below), outcome)
# outcome: "figures", "table", or [(path, line, col, phrase)] of the errors, all of them
CASES = [
    ("kpi-vi-csv-utf8.csv", KPI, lambda b: b.startswith(b"\xef\xbb\xbfid;value;note\r\n"),
     "figures"),
    ("kpi-vi-csv-utf8-empty-rows.csv", KPI, lambda b: b.endswith(b"\r\n;;\r\n;;\r\n"),
     "figures"),
    ("kpi-vi-csv-utf8-percent.csv", KPI, lambda b: b"\r\nty_le;73,03%;\r\n" in b, "figures"),
    ("kpi-vi-csv-utf8-percent-count.csv", KPI, lambda b: b"ho_so;1.900.482.958%;" in b,
     [(KPI, 3, 7, '"1.900.482.958%" ends with a % sign, but "ho_so" is not a percentage (its '
                  'format is count in indicators.csv): write the number alone')]),
    ("kpi-unicode-text.txt", KPI, lambda b: b.startswith("\ufeffid\tvalue".encode("utf-16-le"))
     and b"\r\x00\n\x00" in b, "figures"),
    ("kpi-utf16be.txt", KPI, lambda b: b.startswith("\ufeffid\tvalue".encode("utf-16-be")),
     "figures"),
    ("kpi-vi-csv-cp1258.csv", KPI,
     lambda b: b"\xef\xbb\xbf" + unicodedata.normalize("NFC", b.decode("cp1258")).encode() ==
     open(os.path.join(EXCEL, "kpi-vi-csv-utf8.csv"), "rb").read() and b"tri\xea\xf2u" in b,
     [(KPI, 2, 22, "invalid UTF-8 at byte 36 (0xEA): the file is in another encoding, most "
                   "likely Windows-1258"),
      (KPI, 2, 22, 'save it again as UTF-8 (Excel: "CSV UTF-8"), or convert it: iconv -f '
                   "CP1258 -t UTF-8")]),
    ("kpi-unicode-text-cut.txt", KPI, lambda b: len(b) == 153 and b.startswith(b"\xff\xfe"),
     [(KPI, 3, 21, "the file ends inside a UTF-16 character (at byte 152)")]),
    ("kpi-en-csv-utf8.csv", KPI, lambda b: b'"87,900,000"' in b,
     [(KPI, 2, 9, 'not a number: "87,900,000"'), (KPI, 3, 7, 'not a number: "1,900,482,958"')]),
    # Excel's Unicode Text renamed "kpi.csv" in a Windows that hides extensions: kpi.csv.txt
    # (the case's kpi.csv is removed)
    ("kpi-unicode-text.txt", KPI + ".txt",
     lambda b: b.startswith("\ufeffid\tvalue".encode("utf-16-le")),
     [(KPI, 1, 1, "missing kpi.csv (id,value,note); the folder has kpi.csv.txt: rename it "
                  "kpi.csv")]),
    ("table-vi-csv-utf8.csv", TABLE, lambda b: b.startswith("\ufeffĐơn vị;".encode("utf-8")),
     "table"),
    ("table-unicode-text.txt", TABLE, lambda b: b.startswith("\ufeffĐơn vị\t".encode("utf-16-le")),
     "table"),
    ("table-mixed.csv", TABLE, lambda b: b"\r\n" in b,
     [(TABLE, 3, 1, 'expected 3 fields, found 1: this row seems to separate them with ",", the '
                    'header row with ";"')]),
]


def pdf_text(path):
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", path, "-"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return p.stdout.decode("utf-8", "replace") if p.returncode == 0 else None


def check_figures(name, out):
    d = load_html(os.path.join(out, "index.html"))
    for ind, (value, delta, note) in FIGURES.items():
        row = d.find("tr", data_indicator=ind)
        if not T.ok(row is not None, "%s: the index has a row for %s" % (name, ind)):
            continue
        v, dl, nt = row.find("td", "value"), row.find("td", "delta"), row.find("small", "note")
        T.eq(v.text() if v else None, value, "%s: %s's value on the index" % (name, ind))
        T.eq(dl.text() if dl else None, delta, "%s: %s's change on the index" % (name, ind))
        T.eq(nt.text() if nt else None, note, "%s: %s's note on the index" % (name, ind))
    page = load_html(os.path.join(out, "2025-01", "index.html"))
    body = page.find("article", "body").text()
    T.ok("Đã cấp 87,9 triệu thẻ (tăng 2,3 triệu)." in body and
         "Đã tiếp nhận 1.900.482.958 hồ sơ; tỷ lệ 73,03%." in body,
         "%s: the report's sentences carry the figures" % name, body[:400])
    text = pdf_text(os.path.join(out, "2025-01", "bao-cao-thang-01-2025.pdf"))
    T.ok(text is not None and "87,9 triệu thẻ (tăng 2,3 triệu)" in text and
         "1.900.482.958 hồ sơ; tỷ lệ 73,03%" in text,
         "%s: the PDF carries the figures" % name, (text or "")[:600])


def check_table(name, out):
    page = load_html(os.path.join(out, "2025-01", "index.html"))
    tables = [t for t in page.find("article", "body").find_all("table")]
    rows = [[c.text() for c in tr.find_all() if c.tag in ("th", "td")]
            for tr in tables[0].find_all("tr")] if tables else None
    T.eq(rows, TABLE_ROWS, "%s: the table is published with its three columns" % name)
    text = pdf_text(os.path.join(out, "2025-01", "bao-cao-thang-01-2025.pdf")) or ""
    lines = [" ".join(l.split()) for l in text.splitlines()]
    T.ok(any(l.startswith("Đơn vị Số hồ sơ Ghi chú") for l in lines) and
         any("Hà Nội 1.234 gồm 30 quận, huyện; thị xã" in l for l in lines),
         "%s: the PDF's table has the same cells" % name, "\n".join(lines[:60]))


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    with TempDir() as tmp:
        for k, (fixture, rel, bytes_ok, outcome) in enumerate(CASES):
            with open(os.path.join(EXCEL, fixture), "rb") as f:
                data = f.read()
            T.ok(bytes_ok(data), "%s: the fixture holds the bytes Excel writes" % fixture)
            case = os.path.join(tmp, "%02d-%s" % (k, fixture))
            content = os.path.join(case, "content")
            shutil.copytree(MINIMAL, content)
            if rel != KPI and rel.startswith(KPI):
                os.remove(os.path.join(content, KPI))
            with open(os.path.join(content, rel), "wb") as f:
                f.write(data)
            out = os.path.join(case, "out")
            r = run(["build", "--content", "content", "--out", "out"], cwd=case)
            c = run(["check", "--content", "content"], cwd=case)
            T.eq((c.rc, diagnostics(c.err)), (r.rc, diagnostics(r.err)),
                 "%s: check and build say the same" % fixture)
            if outcome in ("figures", "table"):
                if not T.eq(r.rc, 0, "%s: builds" % fixture, r.err[-800:]):
                    continue
                (check_figures if outcome == "figures" else check_table)(fixture, out)
                continue
            T.eq(r.rc, 1, "%s: refused" % fixture)
            T.ok(not os.path.exists(out), "%s: nothing published" % fixture)
            got = diagnostics(r.err)
            for path, line, col, phrase in outcome:
                hits = [g for g in got if g[0] == "content/" + path and g[1] == line and
                        g[2] == col and phrase in g[3]]
                T.ok(hits, "%s: %s:%d:%d: …%s…" % (fixture, path, line, col, phrase), r.err)
            T.eq(len(got), len({(p, l, c) for p, l, c, _ in outcome}),
                 "%s: no other error" % fixture, r.err)
    T.done()


if __name__ == "__main__":
    main()
