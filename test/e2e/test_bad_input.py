#!/usr/bin/env python3
"""The bad-input catalogue, continued (test_errors.py has the first cases and the helpers).

Each case copies test/fixtures/minimal/ into content/ of a fresh case folder, breaks one thing
and checks: exit 1; stderr lists `PATH:LINE:COL: error: …` at exactly that place with that
phrase (and, when `only`, nothing else); the published --out folder stays byte for byte as it
was and nothing is left beside it (`check` agreeing with `build` on each: test_check_build.py).
Every error here is also described for users in docs/errors.md.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_bad_input.py
"""

import os
import shutil
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, FIXTURES, REPO, TempDir, run, program_available,  # noqa: E402
                 baocao_path)
from test_errors import (replace_line, insert_line, delete_line, append_line,  # noqa: E402
                         replace_bytes, rename, all_of, col_after, lines_of, put_lines,
                         run_case)

MINIMAL = os.path.join(FIXTURES, "minimal")
C = "content/"
R1 = "reports/2025-01/report.md"
R0 = "reports/2024-12/report.md"
K1 = "reports/2025-01/kpi.csv"
K0 = "reports/2024-12/kpi.csv"
TB = "reports/2025-01/bang.csv"
IND = "indicators.csv"
SITE = "site.yaml"
LAST_R1 = 22  # the last line of R1: "Đã tiếp nhận {{ho_so}} hồ sơ; tỷ lệ {{ty_le}}."


# ---------------------------------------------------------------- more ways to break a copy


def write(rel, data):
    def f(c):
        p = os.path.join(c, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as fh:
            fh.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return f


def remove(rel):
    def f(c):
        p = os.path.join(c, rel)
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p)
        else:
            os.remove(p)
    return f


def symlink(target, rel):
    """rel (in the content) becomes a symbolic link to target (absolute, or relative to
    the link's folder; "{CASE}" is the case folder)."""
    def f(c):
        t = target.replace("{CASE}", os.path.dirname(c))
        os.symlink(t, os.path.join(c, rel))
    return f


def cut_mid_char(rel):
    """Cuts the file right after the first byte of its last multi-byte character."""
    def f(c):
        p = os.path.join(c, rel)
        with open(p, "rb") as fh:
            data = fh.read()
        i = max(k for k, b in enumerate(data) if b >= 0xC0)
        with open(p, "wb") as fh:
            fh.write(data[:i + 1])
    return f


def fifo(rel):
    """rel becomes a named pipe (no writer: reading it would block for ever)."""
    def f(c):
        p = os.path.join(c, rel)
        if os.path.lexists(p):
            os.remove(p)
        os.mkfifo(p)
    return f


def folder(rel):
    """rel becomes an empty folder."""
    def f(c):
        p = os.path.join(c, rel)
        if os.path.lexists(p):
            os.remove(p)
        os.makedirs(p)
    return f


def copy_month(src, dst):
    """A copy of a month folder under another name."""
    def f(c):
        shutil.copytree(os.path.join(c, src), os.path.join(c, dst))
    return f


def keep_lines(rel, n):
    """Keeps the first n lines (the file then ends without a newline)."""
    def f(c):
        put_lines(c, rel, lines_of(c, rel)[:n])
    return f


def templates_with(page, line, old, new):
    """A copy of templates/ beside the content, as tp/, with one edit in `page`."""
    def f(c):
        tp = os.path.join(os.path.dirname(c), "tp")
        shutil.copytree(os.path.join(REPO, "templates"), tp)
        p = os.path.join(tp, page)
        with open(p, "rb") as fh:
            ls = fh.read().decode("utf-8").split("\n")
        assert old in ls[line - 1], (page, line, old)
        ls[line - 1] = ls[line - 1].replace(old, new, 1)
        with open(p, "wb") as fh:
            fh.write("\n".join(ls).encode("utf-8"))
    return f


def find_line(path, needle):
    with open(path, "rb") as fh:
        for i, l in enumerate(fh.read().decode("utf-8").split("\n"), 1):
            if needle in l:
                return i
    raise AssertionError("%s: no line with %r" % (path, needle))


with open(os.path.join(MINIMAL, SITE), "rb") as _f:
    SITE_LINES = _f.read().count(b"\n")
with open(os.path.join(REPO, "templates", "page-style.yaml"), "rb") as _f:
    STYLE_LINES = _f.read().count(b"\n")
HEAD_END = find_line(os.path.join(REPO, "templates", "base.html"), "</head>")
SUBJECT_LINE = find_line(os.path.join(REPO, "templates", "report.html"), 'data-text="report.title"')
DEEP = "> " * 60 + "sâu quá"
PAGE_STYLE_REF = find_line(os.path.join(REPO, "templates", "page-style.yaml"), "appendix_reference:")


# ---------------------------------------------------------------- the catalogue
# (name, mutation, [(path from the case folder, line or None for a folder, col, phrase)],
#  only these errors, extra arguments to build and check)
# "{OFF}" in a phrase is the byte offset of the first invalid byte on that line.

CASES = [
    # -- Markdown pasted from Word that cmark-gfm would publish as text, without a word
    ("a footnote referenced but not defined", append_line(R1, "\nTheo báo cáo của 05 bộ[^2]."),
     [(C + R1, 24, col_after("Theo báo cáo của 05 bộ"),
       'footnote [^2] is referenced but not defined: write its text on a line of its own, '
       '"[^2]: …"')], True, []),
    ("a footnote defined but never referenced",
     append_line(R1, "\nTheo báo cáo của 05 bộ.\n\n[^1]: Bộ Tư pháp, Bộ Y tế."),
     [(C + R1, 26, 1, "footnote [^1] is defined but never referenced: its text would not be "
                      "published")], True, []),
    ("a footnote renumbered by hand, in a quote",
     append_line(R1, "\n> Theo 05 bộ[^2], \\[^3] và `[^4]`.\n>\n> [^1]: Bộ Tư pháp."),
     [(C + R1, 24, col_after("> Theo 05 bộ"), "footnote [^2] is referenced but not defined"),
      (C + R1, 26, 3, "footnote [^1] is defined but never referenced")], True, []),
    ("a table's second line one cell short",
     append_line(R1, "\n| STT | Tỉnh | Hồ sơ | Ghi chú |\n|---|---|---|\n| 1 | Huế | 12 | |"),
     [(C + R1, 25, 1, "a table's second line must have as many cells as its header (4; this "
                      "one has 3)")], True, []),
    ("a table row with one cell too many",
     append_line(R1, "\n| STT | Tỉnh |\n|:--|--:|\n| 1 | Huế | ghi chú quan trọng |\n| 2 |"),
     [(C + R1, 26, col_after("| 1 | Huế | "),
       "a table row of 3 cells under a header of 2: the cells from here on would not be "
       "published")], True, []),
    ("a table row split by a | inside code",
     append_line(R1, "\n| Lệnh | Ý nghĩa |\n|---|---|\n| `a|b` | hoặc |\n| `a\\|b` | hoặc |"),
     [(C + R1, 26, col_after("| `a|b` | "), "a table row of 3 cells under a header of 2")],
     True, []),
    ("an image's file name with spaces, without <>",
     append_line(R1, "\n![Biểu đồ](Ảnh chụp màn hình 2025-02-20.png)"),
     [(C + R1, 24, 1, "an image's file name with spaces must be written in <…>: "
                      "![…](<Ảnh chụp màn hình 2025-02-20.png>)")], True, []),
    ("a link's file name with spaces, without <>",
     append_line(R1, "\nXem [Quyết định](Quyết định 12.pdf) kèm theo [1] (xem mục 2)."),
     [(C + R1, 24, col_after("Xem "), "a link's address with spaces must be written in <…>: "
                                      "[…](<Quyết định 12.pdf>)")], True, []),
    # -- CSV syntax
    ("unterminated quote in a table file", replace_line(TB, 2, 'Hà Nội,"1.234'),
     [(C + TB, 2, 8, "unterminated quoted field")], True, []),
    ("unterminated quote in indicators.csv", replace_line(IND, 3, 'ho_so,"Hồ sơ trực tuyến,hồ sơ,count,Dịch vụ công'),
     [(C + IND, 3, 7, "unterminated quoted field")], True, []),
    ("a note's quote left open, the next row's quote closing it",
     all_of(replace_line(K1, 3, 'ho_so,1900,"ghi chú chưa đóng'),
            replace_line(K1, 4, 'ty_le,73.03,"ghi chú"')),
     [(C + K1, 3, 12, "this quoted field runs on to line 4, where a quote ends it")], True,
     []),
    ("quote in the middle of a field", replace_line(K1, 3, 'ho_so,19"00,'),
     [(C + K1, 3, 9, "malformed quoted field")], True, []),
    ("text after a closing quote", replace_line(K1, 3, 'ho_so,"1900"x,'),
     [(C + K1, 3, 13, "malformed quoted field")], True, []),
    # -- columns
    ("three fields in indicators.csv", replace_line(IND, 3, "ho_so,Hồ sơ trực tuyến,hồ sơ"),
     [(C + IND, 3, 1, "expected 5 fields, found 3")], True, []),
    ("unknown format, and the id used everywhere", replace_line(IND, 3, "ho_so,Hồ sơ trực tuyến,hồ sơ,cout,Dịch vụ công"),
     [(C + IND, 3, col_after("ho_so,Hồ sơ trực tuyến,hồ sơ,"), 'unknown format "cout"')], True, []),
    ("a table row with one field too many", append_line(TB, "Huế,12,x"),
     [(C + TB, 3, 1, "expected 2 fields, found 3")], True, []),
    ("kpi.csv header misspelt", replace_line(K1, 1, "id,valeur,note"),
     [(C + K1, 1, 1, 'the header row must be "id,value,note"')], True, []),
    ("indicators.csv header in another order", replace_line(IND, 1, "name,id,unit,format,group"),
     [(C + IND, 1, 1, 'the header row must be "id,name,unit,format,group"')], True, []),
    # -- values
    ("a count with a lone dot before two digits", replace_line(K1, 3, "ho_so,1.900.48,"),
     [(C + K1, 3, 7, 'not a number: "1.900.48"')], True, []),
    ("value in scientific notation", replace_line(K1, 3, "ho_so,1e9,"),
     [(C + K1, 3, 7, 'not a number: "1e9"')], True, []),
    ("value with a unit", replace_line(K1, 2, "the_cap,87900000 thẻ,"),
     [(C + K1, 2, 9, 'not a number: "87900000 thẻ"')], True, []),
    ("empty value in the middle row", replace_line(K1, 3, "ho_so,,"),
     [(C + K1, 3, 7, 'empty value for "ho_so"')], True, []),
    # -- ids
    ("id with capitals in indicators.csv", replace_line(IND, 3, "Ho_So,Hồ sơ trực tuyến,hồ sơ,count,Dịch vụ công"),
     [(C + IND, 3, 1, 'indicator id "Ho_So" must be lowercase letters a-z, digits and _'),
      # an id that is not one cannot be defined: its uses are unknown
      (C + K0, 3, 1, 'unknown indicator "ho_so"'), (C + K1, 3, 1, 'unknown indicator "ho_so"'),
      (C + R1, LAST_R1, 14, 'unknown indicator "ho_so"')], True, []),
    ("id with a dash in indicators.csv", replace_line(IND, 3, "ho-so,Hồ sơ trực tuyến,hồ sơ,count,Dịch vụ công"),
     [(C + IND, 3, 1, 'indicator id "ho-so" must be lowercase')], False, []),
    ("indicator without a name", replace_line(IND, 3, "ho_so,,hồ sơ,count,Dịch vụ công"),
     [(C + IND, 3, 7, 'empty name for "ho_so"')], True, []),
    ("unknown id in the previous month's kpi.csv", replace_line(K0, 4, "tyle,72.5,"),
     [(C + K0, 4, 1, 'unknown indicator "tyle"')], False, []),
    ("duplicate id in kpi.csv, far apart", all_of(append_line(K1, "ho_so,1,"), insert_line(K1, 3, "")),
     [(C + K1, 6, 1, 'duplicate indicator "ho_so" (first on line 4)')], True, []),
    # -- references
    ("unknown field of a reference", replace_line(R1, 16, "Đã cấp {{the_cap.next}} thẻ."),
     [(C + R1, 16, 8, 'unknown reference "{{the_cap.next}}"')], True, []),
    ("reference without its closing braces", replace_line(R1, 16, "Đã cấp {{the_cap thẻ."),
     [(C + R1, 16, 8, '"{{" without a closing "}}"')], True, []),
    ("table reference inside a sentence", replace_line(R1, 18, "Xem {{table bang.csv}} dưới đây."),
     [(C + R1, 18, 5, "must stand alone in its paragraph")], True, []),
    ("reference to a value this month lacks", delete_line(K1, 4),
     [(C + R1, LAST_R1, col_after("Đã tiếp nhận {{ho_so}} hồ sơ; tỷ lệ "),
       'no value for "ty_le" in this report\'s kpi.csv')], True, []),
    ("prev with no earlier value", replace_line(R0, 16, "Trước đó {{the_cap.prev}}."),
     [(C + R0, 16, 10, 'no earlier value of "the_cap"')], True, []),
    ("chart of an indicator without any value", all_of(
        delete_line(K0, 4), delete_line(K1, 4), replace_line(R1, 18, "{{chart ty_le}}"),
        replace_line(R1, LAST_R1, "Đã tiếp nhận {{ho_so}} hồ sơ.")),
     [(C + R1, 18, 1, 'no value of "ty_le" to chart')], True, []),
    # -- encoding
    ("NUL byte in kpi.csv", replace_bytes(K1, 3, b"ho_so,19\x0000,"),
     [(C + K1, 3, 9, "NUL byte at byte")], True, []),
    ("invalid UTF-8 in site.yaml", replace_bytes(SITE, 3, b'place: "H\xe0 N\xf4i"'),
     [(C + SITE, 3, 10, "invalid UTF-8 at byte {OFF}")], True, []),
    ("invalid UTF-8 in indicators.csv (Latin-1)", replace_bytes(IND, 3, "ho_so,H".encode() + b"\xf4 s\xa1,h,count,"),
     [(C + IND, 3, 8, "invalid UTF-8 at byte {OFF}")], True, []),
    ("invalid UTF-8 in a table file", replace_bytes(TB, 2, b"H\xc3 N\xe1\xbb,1"),
     [(C + TB, 2, 2, "invalid UTF-8 at byte {OFF}")], True, []),
    ("overlong UTF-8 encoding of '/'", replace_bytes(R1, 16, b"a \xc0\xaf b"),
     [(C + R1, 16, 3, "invalid UTF-8 at byte {OFF}")], True, []),
    ("UTF-16 surrogate encoded in UTF-8", replace_bytes(R1, 16, b"x\xed\xa0\x80"),
     [(C + R1, 16, 2, "invalid UTF-8 at byte {OFF}")], True, []),
    # -- YAML
    ("front matter: unclosed flow list", replace_line(R1, 5, 'to: ["Thủ tướng Chính phủ"'),
     [(C + R1, 6, 1, "YAML: did not find expected ',' or ']'")], True, []),
    ("front matter: tab used for indentation", replace_line(R1, 7, '\tauthority: "KT. TỔ TRƯỞNG"'),
     [(C + R1, 7, 1, "YAML: found character that cannot start any token")], True, []),
    ("front matter: indented with no-break spaces (pasted from Word)",
     replace_line(R1, 7, '\u00a0\u00a0authority: "KT. TỔ TRƯỞNG"'),
     [(C + R1, 7, 1, "YAML: a line indented with a no-break space (U+00A0")], True, []),
    ("site.yaml: a no-break space after the indentation's spaces",
     replace_line(SITE, 5, '  \u00a0name: "TỔ CÔNG TÁC"'),
     [(C + SITE, 5, 3, "indent with ordinary spaces")], True, []),
    ("front matter: a title in Word's curly quotes",
     replace_line(R1, 4, 'title: “Kết quả tháng 01/2025”'),
     [(C + R1, 4, 8, "title is in curly quotes “…” (as Word's AutoCorrect types them)")], True,
     []),
    ("front matter: unterminated string", replace_line(R1, 4, 'title: "Kết quả tháng 01/2025'),
     [(C + R1, 5, 7, "YAML: did not find expected key")], True, []),
    ("front matter is a list, not settings", write(R1, "---\n- a\n- b\n---\n# I. A\n"),
     [(C + R1, 2, 1, "expected settings as key: value lines")], True, []),
    ("site.yaml: unclosed flow list", replace_line(SITE, 3, "place: [Hà Nội"),
     [(C + SITE, 4, 7, "YAML: did not find expected ',' or ']'")], True, []),
    ("site.yaml: a key without its colon", insert_line(SITE, 3, "place Hà Nội"),
     [(C + SITE, 4, 1, "YAML: could not find expected ':'")], True, []),
    # -- keys
    ("unknown key in site.yaml", append_line(SITE, 'logo: "x.png"'),
     [(C + SITE, 8, 1, 'unknown key "logo" (title, base_url, place, issuer)')], True, []),
    ("unknown key under issuer", insert_line(SITE, 7, '  nmae: "X"'),
     [(C + SITE, 7, 3, 'unknown key "issuer.nmae" (parent, name, in_text)')], True, []),
    ("site.yaml without a title", delete_line(SITE, 1),
     [(C + SITE, 1, 1, 'missing required key "title"')], True, []),
    ("site.yaml without base_url", delete_line(SITE, 2),
     [(C + SITE, 1, 1, 'missing required key "base_url"')], True, []),
    ("site.yaml without issuer.name", delete_line(SITE, 6),
     [(C + SITE, 4, 1, 'missing required key "issuer.name"')], True, []),
    ("site.yaml without issuer.in_text", delete_line(SITE, 7),
     [(C + SITE, 4, 1, 'missing required key "issuer.in_text": how the issuer reads inside a '
                       'sentence')], True, []),
    ("the issuer in running text still in the page style",
     templates_with("page-style.yaml", PAGE_STYLE_REF,
                    'appendix_reference:', 'issuer_in_text: "Tổ Công tác"\n  appendix_reference:'),
     [("tp/page-style.yaml", PAGE_STYLE_REF, 3, "texts.issuer_in_text is now set in site.yaml, "
                                                "as issuer.in_text")], True,
     ["--templates", "tp"]),
    ("base_url that is not a web address", replace_line(SITE, 2, 'base_url: "example.org/bt/"'),
     [(C + SITE, 2, 11, "base_url must start with https:// or http://")], True, []),
    ("issuer written on one line", all_of(delete_line(SITE, 5), delete_line(SITE, 5),
                                          delete_line(SITE, 5),
                                          replace_line(SITE, 4, 'issuer: "BỘ CÔNG AN"')),
     [(C + SITE, 4, 9, "issuer must have parent, name and in_text lines under it")], True, []),
    ("unknown key under signer", insert_line(R1, 9, '  chuc_vu: "X"'),
     [(C + R1, 9, 3, 'unknown front-matter key "signer.chuc_vu"')], True, []),
    ("number without its slash", replace_line(R1, 2, 'number: "5-BC"'),
     [(C + R1, 2, 9, 'number must be written like "290/BC-TCTTKĐA"')], True, []),
    ("title given as a list", replace_line(R1, 4, 'title: ["a", "b"]'),
     [(C + R1, 4, 8, "title must be text")], True, []),
    ("to given as settings", replace_line(R1, 5, "to: {a: b}"),
     [(C + R1, 5, 5, "to must be text or a list of texts")], True, []),
    # -- dates
    ("30 February", replace_line(R1, 3, "date: 2025-02-30"),
     [(C + R1, 3, 7, 'a real date: "2025-02-30"')], True, []),
    ("29 February of a common year", replace_line(R1, 3, "date: 2025-02-29"),
     [(C + R1, 3, 7, 'a real date: "2025-02-29"')], True, []),
    ("date without leading zeros", replace_line(R1, 3, "date: 2025-2-4"),
     [(C + R1, 3, 7, "date must be YYYY-MM-DD or YYYY-MM")], True, []),
    ("month 00 in a draft date", replace_line(R1, 3, "date: 2025-00"),
     [(C + R1, 3, 7, "date must be YYYY-MM-DD or YYYY-MM")], True, []),
    ("date with a time", replace_line(R1, 3, "date: 2025-02-04 10:00"),
     [(C + R1, 3, 7, "date must be YYYY-MM-DD or YYYY-MM")], True, []),
    # -- report folders (a month can only be named once: see docs/errors.md)
    ("month folder with a trailing space", rename("reports/2025-01", "reports/2025-01 "),
     [(C + "reports/2025-01 ", None, None, 'report folder "2025-01 " is not named YYYY-MM')], True, []),
    ("second copy of a month with a suffix", lambda c: shutil.copytree(
        os.path.join(c, "reports/2025-01"), os.path.join(c, "reports/2025-01-ban-sua")),
     [(C + "reports/2025-01-ban-sua", None, None, "is not named YYYY-MM")], True, []),
    ("month 13", rename("reports/2025-01", "reports/2025-13"),
     [(C + "reports/2025-13", None, None, 'report folder "2025-13": there is no month 13')], True,
     []),
    ("two-digit year", rename("reports/2025-01", "reports/25-01"),
     [(C + "reports/25-01", None, None, "is not named YYYY-MM")], True, []),
    ("month folder that is a link pointing outside", symlink("{CASE}/outside", "reports/2025-02"),
     [(C + "reports/2025-02", None, None, "is a link pointing outside the content folder")],
     True, []),
    ("the reports folder a link pointing outside (its months are not listed one by one)",
     all_of(lambda c: shutil.move(os.path.join(c, "reports"),
                                  os.path.join(os.path.dirname(c), "reports-elsewhere")),
            symlink("{CASE}/reports-elsewhere", "reports")),
     [(C + "reports", 1, 1, "is a link pointing outside the content folder")], True, []),
    ("report.md that is a link pointing outside", all_of(remove(R1), symlink("{CASE}/outside/report.md", R1)),
     [(C + R1, 1, 1, "is a link pointing outside the content folder")], True, []),
    ("kpi.csv that is a link pointing outside", all_of(remove(K1), symlink("../../../outside/kpi.csv", K1)),
     [(C + K1, 1, 1, "is a link pointing outside the content folder")], True, []),
    ("site.yaml that is a link pointing outside", all_of(remove(SITE), symlink("{CASE}/outside/site.yaml", SITE)),
     [(C + SITE, 1, 1, "is a link pointing outside the content folder")], True, []),
    ("indicators.csv that is a link pointing outside", all_of(remove(IND), symlink("../outside/indicators.csv", IND)),
     [(C + IND, 1, 1, "is a link pointing outside the content folder")], True, []),
    # -- missing files and folders
    ("missing report.md", remove(R1),
     [(C + R1, 1, 1, "missing report.md")], True, []),
    ("missing kpi.csv", remove(K1),
     [(C + K1, 1, 1, "missing kpi.csv")], True, []),
    ("missing indicators.csv", remove(IND),
     [(C + IND, 1, 1, "cannot read")], True, []),
    ("missing site.yaml", remove(SITE),
     [(C + SITE, 1, 1, "cannot read")], True, []),
    ("no reports folder", remove("reports"),
     [(C + "reports", 1, 1, "cannot open the reports folder")], True, []),
    ("empty reports folder", all_of(remove("reports"), lambda c: os.makedirs(os.path.join(c, "reports"))),
     [(C + "reports", 1, 1, "no report folders")], True, []),
    # -- paths leaving the report's folder
    ("table file that is a link to /etc/passwd", all_of(
        symlink("/etc/passwd", "reports/2025-01/p.csv"), replace_line(R1, 18, "{{table p.csv}}")),
     [(C + R1, 18, 1, "is outside the report's folder (a link pointing out)")], True, []),
    ("table file that is a link to the previous month", all_of(
        symlink("../2024-12/kpi.csv", "reports/2025-01/k.csv"), replace_line(R1, 18, "{{table k.csv}}")),
     [(C + R1, 18, 1, "is outside the report's folder (a link pointing out)")], True, []),
    ("table path through a sub-folder and ..", replace_line(R1, 18, "{{table x/../../2024-12/kpi.csv}}"),
     [(C + R1, 18, 1, "is outside the report's folder")], True, []),
    ("table path with a backslash", replace_line(R1, 18, "{{table ..\\2024-12\\kpi.csv}}"),
     [(C + R1, 18, 1, "is outside the report's folder")], True, []),
    ("table that is a folder", all_of(lambda c: os.makedirs(os.path.join(c, "reports/2025-01/d.csv")),
                                      replace_line(R1, 18, "{{table d.csv}}")),
     [(C + R1, 18, 1, 'no such file "d.csv"')], True, []),
    # -- empty and truncated files
    ("empty report.md", write(R1, b""),
     [(C + R1, 1, 1, "report.md must start with front matter")], True, []),
    ("empty kpi.csv", write(K1, b""),
     [(C + K1, 1, 1, "empty file: expected a header row")], True, []),
    ("empty indicators.csv", write(IND, b""),
     [(C + IND, 1, 1, "empty file: expected a header row")], True, []),
    ("indicators.csv with only its header", keep_lines(IND, 1),
     [(C + IND, 1, 1, "no indicators")], False, []),
    ("empty site.yaml", write(SITE, b""),
     [(C + SITE, 1, 1, "empty: expected settings")], True, []),
    ("empty table file", write(TB, b""),
     [(C + TB, 1, 1, "empty file: expected a header row")], True, []),
    ("report.md cut in the middle of a character", cut_mid_char(R1),
     [(C + R1, LAST_R1, col_after("Đã tiếp nhận {{ho_so}} hồ sơ; tỷ l"), "invalid UTF-8 at byte {OFF}")],
     True, []),
    ("kpi.csv cut in the middle of a character", all_of(replace_line(K1, 4, "ty_le,73.03,ước tính"),
                                                       cut_mid_char(K1)),
     [(C + K1, 4, col_after("ty_le,73.03,ước t"), "invalid UTF-8 at byte {OFF}")], True, []),
    ("front matter cut after its third line", keep_lines(R1, 3),
     [(C + R1, 1, 1, 'the front matter has no closing "---" line')], True, []),
    ("front matter cut inside a quoted string", all_of(keep_lines(R1, 4), replace_line(R1, 4, 'title: "Kết quả')),
     [(C + R1, 1, 1, 'the front matter has no closing "---" line')], True, []),
    ("report.md without front matter", all_of(*[delete_line(R1, 1)] * 13),
     [(C + R1, 1, 1, "report.md must start with front matter")], True, []),
    # -- size and shape
    ("report.md larger than 16 MiB", write(R1, b"---\n" + b"x" * (16 * 1024 * 1024 + 1)),
     [(C + R1, 1, 1, "file larger than 16 MiB")], True, []),
    ("quotes nested 51 deep (50 are allowed)", replace_line(R1, 20, "> " * 51 + "sâu"),
     [(C + R1, 20, 101, "nested more than 50 levels deep")], True, []),
    ("emphasis nested 51 deep (50 are allowed)",
     replace_line(R1, 20, "*a " * 51 + "b" + "* b" * 51),
     [(C + R1, 20, 151, "nested more than 50 levels deep")], True, []),
    ("lists and quotes nested 60 deep", replace_line(R1, 20, DEEP),
     [(C + R1, 20, 101, "nested more than 50 levels deep")], True, []),
    ("table file of 31 columns", write(TB, ",".join("Cột %d" % i for i in range(31)) + "\n" +
                                        ",".join("1" for i in range(31)) + "\n"),
     [(C + TB, 1, 1, "a table of 31 columns (at most 30 fit across a page)")], True, []),
    ("Markdown table of 31 columns", replace_line(R1, 20, "|" + "a|" * 31 + "\n|" + "-|" * 31 + "\n|" + "1|" * 31),
     [(C + R1, 20, 1, "a table of 31 columns (at most 30 fit across a page)")], True, []),
    # -- characters no font can draw, where they are written (not where the PDF draws them)
    ("an emoji in the body", replace_line(R1, 16, "Đã cấp **nhiều** 😀 {{the_cap}} thẻ."),
     [(C + R1, 16, 18, "no font can draw U+1F600 '😀'")], True, []),
    ("an emoji in the title", replace_line(R1, 4, 'title: "Kết quả 🎉 tháng 01/2025"'),
     [(C + R1, 4, 17, "no font can draw U+1F389 '🎉'")], True, []),
    ("Chinese in a recipient", replace_line(R1, 11, '  - "Như trên 中;"'),
     [(C + R1, 11, 15, "no font can draw U+4E2D '中'")], True, []),
    ("Chinese in the issuer's name (site.yaml)",
     replace_line(SITE, 6, '  name: "TỔ CÔNG TÁC 中 ĐỀ ÁN 06"'),
     [(C + SITE, 6, 22, "no font can draw U+4E2D '中'")], True, []),
    ("an emoji in the issuer in running text (site.yaml)",
     replace_line(SITE, 7, '  in_text: "Tổ Công tác 👍"'),
     [(C + SITE, 7, 25, "no font can draw U+1F44D '👍'")], True, []),
    ("a symbol in an indicator's name (indicators.csv)",
     replace_line(IND, 3, "ho_so,Hồ sơ ✈ trực tuyến,hồ sơ,count,Dịch vụ công"),
     [(C + IND, 3, 13, "no font can draw U+2708 '✈'")], True, []),
    ("a control character pasted into the body", replace_line(R1, 16, "Đã cấp \x07{{the_cap}} thẻ."),
     [(C + R1, 16, 8, "U+0007")], False, []),
    ("an emoji in a fenced code block", replace_line(R1, 20, "```\nmã 😀\n```"),
     [(C + R1, 21, 4, "no font can draw U+1F600 '😀'")], True, []),
    ("an emoji in a table cell", write(TB, 'Đơn vị,Số hồ sơ\nHà Nội 🏙,"1.234"\n'),
     [(C + R1, 18, 1, "no font can draw U+1F3D9 '🏙'")], True, []),
    # -- templates (--templates DIR with a typo)
    ("template with an unknown placeholder",
     templates_with("report.html", SUBJECT_LINE, 'data-text="report.title"', 'data-text="report.titel"'),
     [("tp/report.html", SUBJECT_LINE, 1, "unknown field 'report.titel' in data-text")], True,
     ["--templates", "tp"]),
    # -- files that are not files: never opened for reading (a named pipe would block for
    # ever), each named for what it is; links to nothing and links that loop
    ("kpi.csv is a named pipe", fifo(K1),
     [(C + K1, 1, 1, "is a named pipe, not a file")], True, []),
    ("report.md is a named pipe", fifo(R1),
     [(C + R1, 1, 1, "is a named pipe, not a file")], True, []),
    ("site.yaml is a named pipe", fifo(SITE),
     [(C + SITE, 1, 1, "is a named pipe, not a file")], True, []),
    ("indicators.csv is a named pipe", fifo(IND),
     [(C + IND, 1, 1, "is a named pipe, not a file")], True, []),
    ("a table file is a named pipe", fifo(TB),
     [(C + TB, 1, 1, "is a named pipe, not a file")], True, []),
    ("report.md is a folder", folder(R1),
     [(C + R1, 1, 1, "is a folder, not a file")], True, []),
    ("kpi.csv is a link to nothing", all_of(remove(K1), symlink("moved/kpi.csv", K1)),
     [(C + K1, 1, 1, "is a link to nothing (what it points to was moved or deleted)")], True, []),
    ("a month folder that is a link to nothing", symlink("{CASE}/moved/2025-02", "reports/2025-02"),
     [(C + "reports/2025-02", None, None, "is a link to nothing")], True, []),
    ("a month folder that is a link to itself", symlink("2025-02", "reports/2025-02"),
     [(C + "reports/2025-02", None, None, "is a link that loops")], True, []),
    ("a file named like a month", write("reports/2025-02", "2025-02\n"),
     [(C + "reports/2025-02", None, None, '"2025-02" is a file, not a report folder')], True, []),
    ("a month before 1900", copy_month("reports/2024-12", "reports/1899-12"),
     [(C + "reports/1899-12", None, None, 'report folder "1899-12": a year before 1900')], True, []),
    ("a template that is a named pipe", all_of(templates_with("report.html", 1, "", ""),
                                               lambda c: fifo("../tp/index.html")(c)),
     [("tp/index.html", 1, 1, "is a named pipe, not a file")], True, ["--templates", "tp"]),
    # -- control characters: no text holds them (nor well-formed XML: the feed, the
    # sitemap), and a terminal obeys them; refused in every input, raw or made by an escape
    ("a control character in site.yaml", replace_bytes(SITE, 1, b'title: "B\x01n tin"'),
     [(C + SITE, 1, 10, "control character U+0001 at byte 9")], True, []),
    ("a form feed in base_url, written as a YAML escape",
     replace_line(SITE, 2, 'base_url: "https://example.org/\\f/"'),
     [(C + SITE, 2, 11, "base_url holds control character U+000C")], True, []),
    ("an escape character in the front matter's title, as a YAML escape",
     replace_line(R1, 4, 'title: "Kết quả \\e[31m"'),
     [(C + R1, 4, 8, "title holds control character U+001B")], True, []),
    ("an escape sequence in a kpi.csv note", replace_bytes(K1, 2, b"the_cap,87900000,\x1b[31m"),
     [(C + K1, 2, 18, "control character U+001B at byte 31")], True, []),
    ("a C1 control character (U+0085) in indicators.csv",
     replace_bytes(IND, 4, "ty_le,Tỷ lệ\u0085,,percent,Công dân số".encode()),
     [(C + IND, 4, 12, "control character U+0085 at byte")], True, []),
    ("a form feed in a table cell", replace_bytes(TB, 2, b"H\x0c,1"),
     [(C + TB, 2, 2, "control character U+000C")], True, []),
    ("a control character written as a character reference in report.md",
     replace_line(R1, 22, "Thử &#1; xem."),
     [(C + R1, 22, 1, "control character U+0001 (written as a character reference")], True, []),
    # -- texts longer than a PDF string (65 535 bytes) failed the whole PDF, unlocated
    ("a link address of 20 000 bytes", replace_line(R1, 22, "Xem [trang](https://example.org/" +
                                                    "a" * 20000 + ")."),
     [(C + R1, 22, 5, "a link address of 20020 bytes (at most 16384)")], True, []),
    ("a title of 1 001 characters", replace_line(R1, 4, 'title: "' + "Đ" * 1001 + '"'),
     [(C + R1, 4, 8, "title is 1001 characters long (at most 1000)")], True, []),
    # -- YAML: a key twice (the last would silently win), a second document (read by nobody)
    ("a key twice in site.yaml", append_line(SITE, 'title: "Lần hai"'),
     [(C + SITE, SITE_LINES + 1, 1, 'key "title" written twice (first on line 1)')], True, []),
    ("a key twice in the front matter", insert_line(R1, 3, 'number: "7/BC-TCTTKĐA"'),
     [(C + R1, 3, 1, 'key "number" written twice (first on line 2)')], True, []),
    ("a key twice under signer", insert_line(R1, 9, '  name: "Trần Văn B"'),
     [(C + R1, 10, 3, 'key "name" written twice (first on line 9)')], True, []),
    ("a second YAML document in site.yaml", all_of(append_line(SITE, "---"),
                                                    append_line(SITE, 'title: "Khác"')),
     [(C + SITE, SITE_LINES + 1, 1, "a second YAML document")], True, []),
    ("a key twice in page-style.yaml",
     templates_with("page-style.yaml", 6, "width_mm: 210", "width_mm: 210\n  width_mm: 200"),
     [("tp/page-style.yaml", 7, 3, "key 'width_mm' written twice in section 'page' (first on line 6)")],
     True, ["--templates", "tp"]),
    ("a second YAML document in page-style.yaml",
     all_of(templates_with("page-style.yaml", 6, "", ""),
            lambda c: open(os.path.join(c, "..", "tp", "page-style.yaml"), "a").write(
                "---\npage:\n  width_mm: 200\n")),
     [("tp/page-style.yaml", STYLE_LINES + 1, 1, "a second YAML document")], True,
     ["--templates", "tp"]),
    # -- templates: a value is never put where it would be code
    ("data-text on a <style> element",
     templates_with("base.html", HEAD_END, "</head>", '<style data-text="site.title"></style></head>'),
     [("tp/base.html", HEAD_END, 1, "data-text on <style>: a value is never put in a script or style element")],
     True, ["--templates", "tp"]),
    ("data-text on a JSON-LD <script> element",
     templates_with("base.html", HEAD_END, "</head>",
                    '<script type="application/ld+json" data-text="site.title"></script></head>'),
     [("tp/base.html", HEAD_END, 1, "data-text on <script>")], True, ["--templates", "tp"]),
    ("data-attr-src on a <script> element",
     templates_with("base.html", HEAD_END, "</head>",
                    '<script data-attr-src="site.base_url"></script></head>'),
     [("tp/base.html", HEAD_END, 1, "data-attr-src on <script>")], True, ["--templates", "tp"]),
    ("template that is not well-formed",
     templates_with("report.html", SUBJECT_LINE, 'data-text="report.title"', 'data-text="report.title'),
     [("tp/report.html", None, None, "error parsing attribute name")], False,
     ["--templates", "tp"]),
]


# ---------------------------------------------------------------- running a case


def outside(case):
    """What a link pointing outside the content folder would publish."""
    os.makedirs(os.path.join(case, "outside"))
    for rel in (R1, K1, SITE, IND):
        shutil.copy(os.path.join(MINIMAL, rel), os.path.join(case, "outside"))


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    with TempDir() as tmp:
        published = os.path.join(tmp, "published")
        r = run(["build", "--content", MINIMAL, "--out", published])
        T.eq(r.rc, 0, "minimal fixture builds (the good starting point)", r)
        if r.rc != 0:
            T.done()
        only = sys.argv[1] if len(sys.argv) > 1 else None
        for name, mutate, expected, only_these, extra in CASES:
            if only and only not in name:
                continue
            run_case(tmp, published, name, mutate, expected, only_these, extra,
                     prefix="", prepare=outside, follow_on_ok=False)
    T.done()


if __name__ == "__main__":
    main()
