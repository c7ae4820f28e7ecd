#!/usr/bin/env python3
"""Vietnamese written decomposed (NFD, as some editors and macOS tools save it) is published
composed (NFC) in the HTML and in the PDF alike: every file of the content is rewritten NFD
(site.yaml, indicators.csv, kpi.csv, a table, report.md's front matter and body), and the
pages and the PDF's text (pdftotext) must be NFC and hold the same words as the NFC build.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_nfd.py
"""

import os
import shutil
import subprocess
import sys
import unicodedata

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, FIXTURES, TempDir, run, program_available, files_under,  # noqa: E402
                 read_text, load_html, baocao_path, diagnostics)

MINIMAL = os.path.join(FIXTURES, "minimal")
# on the 2025-01 page and in its PDF
WORDS = ["Thủ tướng Chính phủ", "Kết quả tháng 01/2025", "Nguyễn Văn A", "1. Hồ sơ", "Hà Nội",
         "Đơn vị", "Lưu: VT, C06"]


def pdf_text(path):
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return p.stdout.decode("utf-8", "replace") if p.returncode == 0 else None


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    with TempDir() as tmp:
        nfc, nfd = os.path.join(tmp, "nfc"), os.path.join(tmp, "nfd")
        shutil.copytree(MINIMAL, nfc)
        shutil.copytree(MINIMAL, nfd)
        changed = 0
        for rel in files_under(nfd):
            p = os.path.join(nfd, rel)
            text = read_text(p)
            d = unicodedata.normalize("NFD", text)
            changed += d != text
            with open(p, "wb") as f:
                f.write(d.encode("utf-8"))
        T.ok(changed >= 5, "the NFD copy really is decomposed (%d files)" % changed)
        outs = {}
        for name, content in (("nfc", nfc), ("nfd", nfd)):
            out = os.path.join(tmp, "out-" + name)
            r = run(["build", "--content", content, "--out", out])
            T.eq(r.rc, 0, "%s content builds" % name, r)
            outs[name] = out
        if not all(os.path.isdir(o) for o in outs.values()):
            T.done()
        out = outs["nfd"]
        pages = files_under(out, ".html") + ["feed.xml", "sitemap.xml"]
        not_nfc = [p for p in pages if not unicodedata.is_normalized("NFC", read_text(os.path.join(out, p)))]
        T.eq(not_nfc, [], "NFD content: all %d pages, the feed and the sitemap are NFC" % len(pages))
        page = load_html(os.path.join(out, "2025-01", "index.html")).root.raw_text()
        ref = load_html(os.path.join(outs["nfc"], "2025-01", "index.html")).root.raw_text()
        T.eq(page, ref, "NFD content: the report page says exactly what the NFC build's says")
        for w in WORDS:  # a heading keeps "tháng" with its number by a no-break space
            T.ok(w in page.replace("\u00a0", " "), "NFD content: %r on the report page, composed" % w)
        pdfs = files_under(out, ".pdf")
        T.eq(len(pdfs), 2, "NFD content: both PDFs written", pdfs)
        for rel in pdfs:
            text = pdf_text(os.path.join(out, rel))
            ref = pdf_text(os.path.join(outs["nfc"], rel))
            T.ok(text is not None and unicodedata.is_normalized("NFC", text),
                 "NFD content: the text of %s is NFC" % rel, (text or "")[:300])
            T.eq(text, ref, "NFD content: %s has the same text as the NFC build's" % rel)
            for w in WORDS if rel.startswith("2025-01") else []:
                T.ok(text is not None and w in text, "NFD content: %s holds %r, composed" % (rel, w),
                     (text or "")[:600])
            with open(os.path.join(out, rel), "rb") as a, \
                    open(os.path.join(outs["nfc"], rel), "rb") as b:
                T.ok(a.read() == b.read(), "NFD content: %s is byte for byte the NFC build's" % rel)
        file_names(tmp)
    T.done()


def file_names(tmp):
    """A table file whose name is written decomposed (NFD, as macOS saves names) is the one
    the text names (composed, as all text is read): it is used. Two files whose names are
    the same once composed are an error at the reference, not one of them silently."""
    nfc_name = "Bảng số liệu.csv"
    nfd_name = unicodedata.normalize("NFD", nfc_name)
    c = os.path.join(tmp, "names")
    shutil.copytree(MINIMAL, c)
    month = os.path.join(c, "reports", "2025-01")
    os.rename(os.path.join(month, "bang.csv"), os.path.join(month, nfd_name))
    rmd = os.path.join(month, "report.md")
    text = read_text(rmd).replace("{{table bang.csv}}", "{{table %s}}" % nfc_name)
    with open(rmd, "wb") as f:
        f.write(text.encode("utf-8"))
    out = os.path.join(tmp, "names-out")
    r = run(["build", "--content", c, "--out", out])
    T.eq(r.rc, 0, "a table file named in NFD, written NFC in the text: builds", r)
    if r.rc == 0:
        ref = os.path.join(tmp, "out-nfc")
        cells = [n.text() for n in load_html(os.path.join(out, "2025-01", "index.html")).find_all("td")]
        want = [n.text() for n in load_html(os.path.join(ref, "2025-01", "index.html")).find_all("td")]
        T.ok(cells and cells == want, "and its table is the file's", (cells[:6], want[:6]))
    shutil.copy(os.path.join(MINIMAL, "reports", "2025-01", "bang.csv"),
                os.path.join(month, nfc_name))
    r = run(["check", "--content", c])
    line = next(i for i, l in enumerate(text.split("\n"), 1) if "{{table" in l)
    T.ok(r.rc == 1 and (rmd, line, 1) in [dg[:3] for dg in diagnostics(r.err)] and
         "one of them written decomposed (NFD" in r.err,
         "two files named the same once composed: a located error", r)


if __name__ == "__main__":
    main()
