#!/usr/bin/env python3
"""A catalogue of bad inputs. Each case copies test/fixtures/minimal/ to a temp dir, breaks one
thing and checks: exit 1; stderr lists `PATH:LINE:COL: error: …` at the exact place with the
key phrase; the published --out folder is unchanged and nothing is left beside it
(test_check_build.py runs `check` and a build into a new folder on every case of this
catalogue and test_bad_input.py's, and asserts they agree). Also: several errors all
listed; BOM + CRLF accepted; NFD published as NFC; usage errors exit 2.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_errors.py
"""

import os
import re
import shutil
import sys
import unicodedata

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, FIXTURES, TempDir, run, program_available, tree_hash, tree_diff,  # noqa: E402
                 diagnostics, load_html, read_text, baocao_path, files_under)

MINIMAL = os.path.join(FIXTURES, "minimal")
R1 = "reports/2025-01/report.md"
R0 = "reports/2024-12/report.md"
K1 = "reports/2025-01/kpi.csv"
IND = "indicators.csv"


# ---------------------------------------------------------------- editing the copy


def _path(content, rel):
    return os.path.join(content, rel)


def lines_of(content, rel):
    with open(_path(content, rel), "rb") as f:
        return f.read().decode("utf-8").split("\n")


def put_lines(content, rel, lines):
    with open(_path(content, rel), "wb") as f:
        f.write("\n".join(lines).encode("utf-8"))


def replace_line(rel, n, new):
    def f(c):
        ls = lines_of(c, rel)
        ls[n - 1] = new
        put_lines(c, rel, ls)
    return f


def insert_line(rel, n, new):
    """new becomes line n."""
    def f(c):
        ls = lines_of(c, rel)
        ls.insert(n - 1, new)
        put_lines(c, rel, ls)
    return f


def delete_line(rel, n):
    def f(c):
        ls = lines_of(c, rel)
        del ls[n - 1]
        put_lines(c, rel, ls)
    return f


def append_line(rel, new):
    def f(c):
        ls = lines_of(c, rel)
        while ls and ls[-1] == "":
            ls.pop()
        ls.append(new)
        ls.append("")
        put_lines(c, rel, ls)
    return f


def replace_bytes(rel, n, new_bytes):
    def f(c):
        with open(_path(c, rel), "rb") as fh:
            ls = fh.read().split(b"\n")
        ls[n - 1] = new_bytes
        with open(_path(c, rel), "wb") as fh:
            fh.write(b"\n".join(ls))
    return f


def rename(rel, new_rel):
    def f(c):
        os.rename(_path(c, rel), _path(c, new_rel))
    return f


def all_of(*fs):
    def f(c):
        for g in fs:
            g(c)
    return f


def col_after(prefix):
    """1-based character column of the character after prefix."""
    return len(prefix) + 1


# ---------------------------------------------------------------- the catalogue
# (name, mutation, [(rel path or None for a folder, line, col or None, phrase)], only_these)

IND2_PREFIX = "the_cap,Thẻ căn cước đã cấp,thẻ,"

CASES = [
    ("unknown front-matter key", insert_line(R1, 5, 'sumary: "x"'),
     [(R1, 5, 1, 'unknown front-matter key "sumary"')], True),
    ("missing number", delete_line(R1, 2),
     [(R1, 1, 1, 'missing required front-matter key "number"')], True),
    ("missing date", delete_line(R1, 3),
     [(R1, 1, 1, 'missing required front-matter key "date"')], True),
    ("missing title", delete_line(R1, 4),
     [(R1, 1, 1, 'missing required front-matter key "title"')], True),
    ("bad date (month 13)", replace_line(R1, 3, "date: 2025-13-04"),
     [(R1, 3, 7, "date must be YYYY-MM-DD or YYYY-MM")], True),
    ("bad date (dd/mm/yyyy)", replace_line(R1, 3, "date: 04/02/2025"),
     [(R1, 3, 7, "date must be YYYY-MM-DD or YYYY-MM")], True),
    ("YAML syntax error in front matter", replace_line(R1, 3, "date: 2025-02-04: x"),
     [(R1, 3, None, "YAML")], False),
    ("YAML syntax error in site.yaml", replace_line("site.yaml", 3, "place: Hà Nội: x"),
     [("site.yaml", 3, None, "YAML")], False),
    ("unknown indicator in kpi.csv", replace_line(K1, 3, "hoso,1900482958,"),
     [(K1, 3, 1, 'unknown indicator "hoso"')], True),
    ("duplicate row in kpi.csv", append_line(K1, "ho_so,1,"),
     [(K1, 5, 1, 'duplicate indicator "ho_so"')], True),
    ("non-numeric value (a letter O for a zero)", replace_line(K1, 2, "the_cap,8790000O,"),
     [(K1, 2, 9, 'not a number: "8790000O"')], True),
    ("a percent with one dot before three digits reads two ways",
     replace_line(K1, 4, "ty_le,73.030,"),
     [(K1, 4, 7, '"73.030" can be read two ways: 73030 (the dot separating thousands) or '
                 '73,03 (the dot as a decimal point); write 73030 or 73,03')], True),
    ("a count with a decimal comma before three digits",
     replace_line(K1, 3, 'ho_so,"1,730",'),
     [(K1, 3, 7, '"1,730" is not a whole number, and "ho_so" counts things')], True),
    ("a millions value written in millions", replace_line(K1, 2, 'the_cap,"87,9",'),
     [(K1, 2, 9, '"87,9" would be published as "0 triệu": "the_cap" is shown in millions '
                 '(format millions), but its value is written whole')], True),
    ("a count with a fraction", replace_line(K1, 3, 'ho_so,"1.900.482.958,5",'),
     [(K1, 3, 7, '"1.900.482.958,5" is not a whole number, and "ho_so" counts things')], True),
    ("a decimal comma splitting the value from its note", replace_line(K1, 4, "ty_le,73,03"),
     [(K1, 4, 7, 'the value "73" and the note "03" look like one number, "73,03"')], True),
    ("a decimal comma making a fourth field", replace_line(K1, 4, "ty_le,73,03,"),
     [(K1, 4, 7, 'expected 3 fields, found 4: "73,03" looks like one number with a decimal '
                 'comma')], True),
    ("a row separated by ';' under a header separated by ','", replace_line(K1, 4, "ty_le;73,03;"),
     [(K1, 4, 1, 'expected 3 fields, found 2: this row seems to separate them with ";", the '
                 'header row with ","')], True),
    ("empty value", replace_line(K1, 4, "ty_le,,"),
     [(K1, 4, 7, 'empty value for "ty_le"')], True),
    ("two fields instead of three", replace_line(K1, 3, "ho_so,1900482958"),
     [(K1, 3, 1, "expected 3 fields, found 2")], True),
    ("four fields instead of three", replace_line(K1, 3, "ho_so,1900482958,,x"),
     [(K1, 3, 1, "expected 3 fields, found 4")], True),
    ("unterminated quote", replace_line(K1, 4, 'ty_le,73.03,"chưa đóng'),
     [(K1, 4, 13, "unterminated quoted field")], True),
    ("invalid UTF-8 in kpi.csv", replace_bytes(K1, 3, b"ho_so,1900482958,ab\xff"),
     [(K1, 3, 20, "invalid UTF-8 at byte {OFF}")], True),
    ("invalid UTF-8 in report.md", replace_bytes(R1, 16, "Đã cấp ".encode() + b"\xc3\x28 x"),
     [(R1, 16, 8, "invalid UTF-8 at byte {OFF}")], True),
    ("unknown id in report.md", replace_line(R1, 16, "Đã cấp {{the_cp}} thẻ ({{the_cap.delta}})."),
     [(R1, 16, 8, 'unknown indicator "the_cp"')], True),
    ("unknown id in .delta, second on the line",
     replace_line(R1, 16, "Đã cấp {{the_cap}} thẻ ({{thecap.delta}})."),
     [(R1, 16, col_after("Đã cấp {{the_cap}} thẻ ("), 'unknown indicator "thecap"')], True),
    ("delta with no earlier value", replace_line(R0, 16, "Đã cấp {{the_cap.delta}} thẻ."),
     [(R0, 16, 8, "no earlier value")], True),
    ("unknown id in a chart", replace_line(R1, 18, "{{chart khong_co}}"),
     [(R1, 18, 1, 'unknown indicator "khong_co"')], True),
    ("table of a missing file", replace_line(R1, 18, "{{table missing.csv}}"),
     [(R1, 18, 1, "no such file")], True),
    ("table outside the folder (..)", replace_line(R1, 18, "{{table ../site.yaml}}"),
     [(R1, 18, 1, "outside the report's folder")], True),
    ("table outside the folder (absolute)", replace_line(R1, 18, "{{table /etc/passwd}}"),
     [(R1, 18, 1, "outside the report's folder")], True),
    ("table outside the folder (sibling report)",
     replace_line(R1, 18, "{{table ../../reports/2024-12/kpi.csv}}"),
     [(R1, 18, 1, "outside the report's folder")], True),
    ("report folder not named YYYY-MM", rename("reports/2025-01", "reports/2025-1"),
     [("reports/2025-1", None, None, "not named YYYY-MM")], True),
    ("unknown format in indicators.csv",
     replace_line(IND, 2, IND2_PREFIX + "milions,Công dân số"),
     [(IND, 2, col_after(IND2_PREFIX), 'unknown format "milions"')], False),
    ("duplicate id in indicators.csv", append_line(IND, "ho_so,Khác,,count,"),
     [(IND, 5, 1, 'duplicate indicator "ho_so"')], True),
    ("several errors in different files, all listed",
     all_of(append_line(IND, "ho_so,Khác,,count,"),
            replace_line(K1, 3, "hoso,1900482958,"),
            insert_line(R0, 5, 'sumary: "x"'),
            replace_line(R1, 18, "{{table missing.csv}}")),
     [(IND, 5, 1, 'duplicate indicator "ho_so"'),
      (K1, 3, 1, 'unknown indicator "hoso"'),
      (R0, 5, 1, 'unknown front-matter key "sumary"'),
      (R1, 18, 1, "no such file")], False),
    ("several errors in one kpi.csv, all listed",
     all_of(replace_line(K1, 2, "the_cap,abc,"), replace_line(K1, 4, "ty_le,,")),
     [(K1, 2, 9, "not a number"), (K1, 4, 7, 'empty value for "ty_le"')], True),
]


def to_bom_crlf(content):
    for rel in files_under(content):
        p = os.path.join(content, rel)
        with open(p, "rb") as f:
            data = f.read()
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        if not data.startswith(b"\xef\xbb\xbf"):
            data = b"\xef\xbb\xbf" + data
        with open(p, "wb") as f:
            f.write(data)



def bom_crlf_then(mut):
    def f(c):
        mut(c)
        to_bom_crlf(c)
    return f


CASES.append(("not a number, in a BOM + CRLF file",
              bom_crlf_then(replace_line(K1, 2, "the_cap,8790000O,")),
              [(K1, 2, 9, "not a number")], True))
def utf16_then(mut, rel):
    """mut, then rel saved as UTF-16LE with its BOM and CRLF (Excel's "Unicode Text",
    Notepad's "Unicode"): errors keep their line and column in characters."""
    def f(c):
        mut(c)
        p = os.path.join(c, rel)
        with open(p, "rb") as fh:
            text = fh.read().decode("utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
        with open(p, "wb") as fh:
            fh.write(b"\xff\xfe" + text.encode("utf-16-le"))
    return f


CASES.append(("not a number, in a UTF-16 kpi.csv",
              utf16_then(replace_line(K1, 4, "ty_le,73 phần trăm,"), K1),
              [(K1, 4, 7, 'not a number: "73 phần trăm"')], True))
CASES.append(("unknown id in report.md, in UTF-16",
              utf16_then(replace_line(R1, 16, "Đã cấp {{the_cp}} thẻ."), R1),
              [(R1, 16, 8, 'unknown indicator "the_cp"')], True))
CASES.append(("unknown id in report.md, in a BOM + CRLF file",
              bom_crlf_then(replace_line(R1, 16, "Đã cấp {{the_cp}} thẻ.")),
              [(R1, 16, 8, 'unknown indicator "the_cp"')], True))


# ---------------------------------------------------------------- running a case


def run_case(tmp, published, name, mutate, expected, only, extra=(), prefix="content/",
             prepare=None, follow_on_ok=True):
    """Breaks a copy of the minimal fixture with `mutate` and checks every promise a failed
    build makes. `expected` holds (path, line, col, phrase), the path relative to `prefix`
    (paths on the command line are relative to the case folder); `only`: these are all the
    errors; `extra`: more arguments for build and check; `prepare(case)`: more files beside
    the content; `follow_on_ok`: "no value for" errors that follow a broken kpi.csv row are
    not counted by `only`. Shared with test_bad_input.py."""
    case = os.path.join(tmp, "case")
    shutil.rmtree(case, ignore_errors=True)
    os.makedirs(case)
    content = os.path.join(case, "content")
    shutil.copytree(MINIMAL, content)
    if prepare:
        prepare(case)
    mutate(content)
    pub = os.path.join(case, "pub")
    os.makedirs(pub)
    out = os.path.join(pub, "out")
    shutil.copytree(published, out)
    before = tree_hash(out)
    content_before = tree_hash(content)
    # paths are given relative to the case folder, which is the working directory
    r = run(["build", "--content", "content", "--out", "pub/out"] + list(extra), cwd=case)
    T.eq(r.rc, 1, "%s: build exits 1" % name, r.err[-1500:])
    diags = diagnostics(r.err)
    for rel, line, col, phrase in expected:
        path = prefix + rel
        if "{OFF}" in phrase:
            phrase = phrase.replace("{OFF}", str(mutate_bytes_offset(case, path, line)))
        if line is None:  # a folder: only the path matters
            hits = [dg for dg in diags if dg[0].rstrip("/") == path and phrase in dg[3]]
            where = path
        else:
            hits = [dg for dg in diags if dg[0] == path and dg[1] == line and
                    (col is None or dg[2] == col) and phrase in dg[3]]
            where = "%s:%d:%s" % (path, line, col if col is not None else "*")
        T.ok(hits, "%s: %s: error: …%s…" % (name, where, phrase), r.err[-1500:])
    if only:
        # a kpi.csv row that cannot be read leaves its indicator without a value: the report's
        # references to it then fail too ("no value for …"); where those follow-on errors
        # are fine, they are not counted
        own = [dg for dg in diags if not (follow_on_ok and "no value for" in dg[3])]
        T.eq(len(own), len(expected), "%s: exactly %d error(s) listed%s" %
             (name, len(expected), " (besides follow-on 'no value for')" if follow_on_ok else ""),
             r.err[-1500:])
    T.ok(diags and all(dg[0].startswith(("content/", "tp/")) for dg in diags),
         "%s: every error's path starts as given on the command line" % name, r.err[-1500:])
    last = r.err.rstrip().split("\n")[-1]
    T.ok(re.fullmatch(r"baocao: %d errors?(, \d+ warnings?)?" % len(diags), last) and
         last.split(",")[0].endswith("error" if len(diags) == 1 else "errors"),
         "%s: the count of errors closes the list" % name, r.err[-300:])
    after = tree_hash(out)
    T.ok(before == after, "%s: published --out unchanged" % name, tree_diff(before, after)[:10])
    T.eq(sorted(os.listdir(pub)), ["out"], "%s: no staging debris beside --out" % name)
    T.ok(tree_hash(content) == content_before, "%s: build leaves the content untouched" % name)
    # `check` on the same case, and a build into a new folder: test_check_build.py


def mutate_bytes_offset(content, rel, line):
    """0-based byte offset of the first invalid byte on `line` of the (broken) file."""
    with open(os.path.join(content, rel), "rb") as f:
        data = f.read()
    off = 0
    for _ in range(line - 1):
        off = data.index(b"\n", off) + 1
    end = data.find(b"\n", off)
    seg = data[off:end if end >= 0 else len(data)]
    try:
        seg.decode("utf-8")
        return -1
    except UnicodeDecodeError as e:
        return off + e.start


# ---------------------------------------------------------------- accepted variants


def index_values(out):
    d = load_html(os.path.join(out, "index.html"))
    return {r.get("data-indicator"): (r.find("td", "value").text() if r.find("td", "value") else None,
                                      r.find("td", "delta").text() if r.find("td", "delta") else None)
            for r in d.find_all("tr", data_indicator=True)}


def body_text(out, month):
    d = load_html(os.path.join(out, month, "index.html"))
    b = d.find("article", "body")
    return b.text() if b else None


def accepted_variants(tmp, published):
    ref_index = index_values(published)
    T.eq(ref_index, {"the_cap": ("87,9 triệu", "tăng 2,3 triệu"),
                     "ho_so": ("1.900.482.958", "tăng 1.982.696"),
                     "ty_le": ("73,03%", "tăng 0,53 điểm phần trăm")},
         "minimal: index figures as computed by hand")
    ref_body = body_text(published, "2025-01")
    T.contains(ref_body or "", "Đã cấp 87,9 triệu thẻ (tăng 2,3 triệu).",
               "minimal: body sentence as computed by hand")
    # BOM + CRLF in every file
    case = os.path.join(tmp, "bom")
    content = os.path.join(case, "content")
    shutil.copytree(MINIMAL, content)
    to_bom_crlf(content)
    out = os.path.join(case, "out")
    r = run(["build", "--content", content, "--out", out])
    T.eq(r.rc, 0, "BOM + CRLF in every file: build succeeds")
    if r.rc == 0:
        T.eq(index_values(out), ref_index, "BOM + CRLF: same figures on the index")
        T.eq(body_text(out, "2025-01"), ref_body, "BOM + CRLF: same report body")
        d = load_html(os.path.join(out, "2025-01", "index.html"))
        s = d.find("p", "subject")
        T.eq(s.text() if s else None, "Kết quả tháng 01/2025", "BOM + CRLF: title read without BOM/CR")
        raw = read_text(os.path.join(out, "2025-01", "index.html"))
        T.ok("\ufeff" not in raw and "\r" not in raw.replace("\r\n", "\n"),
             "BOM + CRLF: no BOM or stray CR in the page")
    rc = run(["check", "--content", content])
    T.eq(rc.rc, 0, "BOM + CRLF: check exits 0")
    # NFD-decomposed Vietnamese in report.md (front matter and body)
    case = os.path.join(tmp, "nfd")
    content = os.path.join(case, "content")
    shutil.copytree(MINIMAL, content)
    p = os.path.join(content, R1)
    text = read_text(p)
    nfd = unicodedata.normalize("NFD", text)
    T.ok(nfd != text, "NFD fixture really is decomposed")
    with open(p, "wb") as f:
        f.write(nfd.encode("utf-8"))
    out = os.path.join(case, "out")
    r = run(["build", "--content", content, "--out", out])
    T.eq(r.rc, 0, "NFD report.md: build succeeds")
    if r.rc == 0:
        page = read_text(os.path.join(out, "2025-01", "index.html"))
        T.ok(unicodedata.is_normalized("NFC", page), "NFD report.md: page is published NFC")
        T.eq(body_text(out, "2025-01"), ref_body, "NFD report.md: same body text as the NFC source")
        d = load_html(os.path.join(out, "2025-01", "index.html"))
        s = d.find("p", "subject")
        T.eq(s.text() if s else None, "Kết quả tháng 01/2025", "NFD report.md: title published NFC")
        hs = [h.text() for h in d.find_all() if h.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        T.ok("I. KẾT QUẢ" in hs and "1. Hồ sơ" in hs, "NFD report.md: headings published NFC",
             repr(hs))


def usage_errors(tmp):
    for args, what in ((["frobnicate"], "unknown command"),
                       (["build", "--bogus"], "unknown option"),
                       (["check", "--frob", "x"], "unknown option to check"),
                       (["build", "--content"], "option without its value"),
                       (["build", "--out", ""], "an empty --out (a shell variable left unset)"),
                       (["check", "--content", ""], "an empty --content"),
                       ([], "no command")):
        r = run(args, cwd=tmp)
        T.eq(r.rc, 2, "usage: %s (%s) exits 2" % (what, " ".join(args) or "nothing"))
        T.ok(r.err.strip() != "", "usage: %s says something on stderr" % what)
    T.eq(sorted(os.listdir(tmp)), [], "usage errors write nothing")


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    with TempDir() as tmp:
        published = os.path.join(tmp, "published")
        r = run(["build", "--content", MINIMAL, "--out", published])
        T.eq(r.rc, 0, "minimal fixture builds (the good starting point)")
        if r.rc != 0:
            print("# " + repr(r).replace("\n", "\n# "))
            T.done()
        rc = run(["check", "--content", MINIMAL])
        T.eq(rc.rc, 0, "minimal fixture passes check")
        accepted_variants(tmp, published)
        u = os.path.join(tmp, "usage")
        os.makedirs(u)
        usage_errors(u)
        for name, mutate, expected, only in CASES:
            run_case(tmp, published, name, mutate, expected, only)
    T.done()


if __name__ == "__main__":
    main()
