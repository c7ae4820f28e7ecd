#!/usr/bin/env python3
"""The commands: --help, --version, check, build with its defaults, and `new YYYY-MM`.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_commands.py
"""

import csv
import io
import os
import re
import shutil
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, FIXTURES, TempDir, run, program_available, tree_hash, tree_diff,  # noqa: E402
                 diagnostics, read_text, baocao_path, load_html)

MINIMAL = os.path.join(FIXTURES, "minimal")
SITE = os.path.join(FIXTURES, "site")


# ---------------------------------------------------------------- a small YAML subset reader
# Enough for front matter: scalars (plain, "double", 'single'), flow lists of scalars, block
# lists and one-level maps, in either of the usual styles.


def _scalar(s):
    s = s.strip()
    if s.startswith('"'):
        out, i = [], 1
        while i < len(s) and s[i] != '"':
            if s[i] == "\\" and i + 1 < len(s):
                i += 1
                out.append({"n": "\n", "t": "\t"}.get(s[i], s[i]))
            else:
                out.append(s[i])
            i += 1
        return "".join(out)
    if s.startswith("'"):
        return s[1:].split("'", 1)[0] if "''" not in s else s[1:-1].replace("''", "'")
    s = re.sub(r"\s+#.*$", "", s)
    return s


def _flow_list(s):
    s = s.strip()[1:-1]
    items, cur, q = [], "", None
    for ch in s:
        if q:
            cur += ch
            if ch == q:
                q = None
        elif ch in "\"'":
            q = ch
            cur += ch
        elif ch == ",":
            items.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        items.append(cur)
    return [_scalar(x) for x in items]


def _value(s):
    s = s.strip()
    if s.startswith("["):
        return _flow_list(s)
    return _scalar(s)


def yaml_subset(text):
    lines = [l for l in text.split("\n") if l.strip() and not l.lstrip().startswith("#")]
    res = {}
    i = 0
    while i < len(lines):
        m = re.match(r"^([A-Za-z_]+):\s*(.*)$", lines[i])
        if not m:
            raise ValueError("cannot read line %r" % lines[i])
        key, val = m.group(1), m.group(2)
        i += 1
        if val.strip():
            res[key] = _value(val)
            continue
        block = []
        while i < len(lines) and (lines[i].startswith(" ") or lines[i].startswith("-")):
            block.append(lines[i])
            i += 1
        if block and block[0].lstrip().startswith("- ") or (block and block[0].strip() == "-"):
            res[key] = [_value(b.lstrip()[1:]) for b in block]
        else:
            sub = {}
            for b in block:
                mm = re.match(r"^\s+([A-Za-z_]+):\s*(.*)$", b)
                if mm:
                    sub[mm.group(1)] = _value(mm.group(2))
            res[key] = sub
    return res


def split_report(text):
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    m = re.match(r"---\n(.*?)\n---\n?(.*)$", text, re.S)
    if not m:
        return None, None
    return yaml_subset(m.group(1)), m.group(2)


# ---------------------------------------------------------------- tests


def help_version(tmp):
    r = run(["--help"], cwd=tmp)
    T.eq(r.rc, 0, "--help exits 0")
    for w in ("build", "check", "new"):
        T.contains(r.out + r.err, w, "--help mentions %s" % w)
    r = run(["--version"], cwd=tmp)
    T.eq(r.rc, 0, "--version exits 0")
    T.ok(re.search(r"\d+\.\d+", r.out), "--version prints a version number", repr(r))
    T.eq(os.listdir(tmp), [], "--help and --version write nothing")


def check_good(tmp):
    for name, src in (("minimal", MINIMAL), ("site", SITE)):
        case = os.path.join(tmp, "check-" + name)
        content = os.path.join(case, "content")
        shutil.copytree(src, content)
        before = tree_hash(case)
        r = run(["check", "--content", content], cwd=case)
        T.eq(r.rc, 0, "check on good content (%s) exits 0" % name)
        T.ok(not r.err.strip() or ": error: " not in r.err, "check on good content (%s) lists no error"
             % name, r.err)
        T.ok(tree_hash(case) == before, "check (%s) writes nothing" % name,
             tree_diff(before, tree_hash(case)))


def defaults(tmp):
    case = os.path.join(tmp, "defaults")
    shutil.copytree(MINIMAL, os.path.join(case, "content"))
    r = run(["check"], cwd=case)
    T.eq(r.rc, 0, "check with no --content reads ./content")
    r = run(["build"], cwd=case)
    T.eq(r.rc, 0, "build with no options exits 0")
    T.ok(os.path.isfile(os.path.join(case, "public", "index.html")) and
         os.path.isfile(os.path.join(case, "public", "2025-01", "index.html")),
         "build with no options publishes content/ into public/")
    T.eq(sorted(os.listdir(case)), ["content", "public"], "build leaves nothing else beside public/")


def new_report(tmp):
    case = os.path.join(tmp, "new")
    content = os.path.join(case, "content")
    shutil.copytree(MINIMAL, content)
    latest_fm, latest_body = split_report(read_text(os.path.join(content, "reports/2025-01/report.md")))
    r = run(["new", "2025-02", "--content", content], cwd=case)
    T.eq(r.rc, 0, "new 2025-02 exits 0", repr(r))
    d = os.path.join(content, "reports", "2025-02")
    T.ok(os.path.isfile(os.path.join(d, "report.md")) and os.path.isfile(os.path.join(d, "kpi.csv")),
         "new 2025-02 creates reports/2025-02/report.md and kpi.csv")
    if not os.path.isfile(os.path.join(d, "report.md")):
        return
    T.eq(sorted(os.listdir(case)), ["content"], "new writes only inside the content folder")
    text = read_text(os.path.join(d, "report.md"))
    try:
        fm, body = split_report(text)
        T.ok(fm is not None, "new: report.md starts with a front matter block between --- lines",
             text[:300])
        if fm is None:
            # go on with what is there, to find the other problems too
            fm, body = split_report("---\n" + text)
    except ValueError as e:
        fm, body = None, None
        T.ok(False, "new: front matter readable", str(e))
    if fm is None:
        return
    T.eq(fm.get("number"), "/BC-TCTTKĐA", "new: number without its digits (a draft)")
    T.eq(str(fm.get("date")), "2025-03", "new: date is the following month only (a draft)")
    T.ok(isinstance(fm.get("title"), str) and fm.get("title"), "new: a title is there (required)",
         repr(fm.get("title")))
    to = fm.get("to")
    if isinstance(to, str):
        to = [to]
    T.eq(to, latest_fm["to"], "new: same Kính gửi as the latest report")
    T.eq(fm.get("signer"), latest_fm["signer"], "new: same signer as the latest report")
    # the renderer ends each recipient with ";" and the last with "." itself, so `new` may
    # leave that punctuation out: compare without it
    def bare(xs):
        return [x.rstrip(";. ") for x in xs] if isinstance(xs, list) else xs
    T.eq(bare(fm.get("recipients")), bare(latest_fm["recipients"]),
         "new: same recipients as the latest report (final ; or . aside)")
    heads = [l.strip() for l in body.split("\n") if l.startswith("#")]
    want_heads = [l.strip() for l in latest_body.split("\n") if l.startswith("#")]
    T.eq(heads, want_heads, "new: the latest report's heading lines, in order")
    old = [l for l in latest_body.split("\n") if l.strip() and not l.startswith("#")]
    kept = [l for l in body.split("\n") if l in old]
    T.eq(kept, ["{{table bang.csv}}"],
         "new: the bodies under the headings are emptied, but for the {{table}} line")
    with open(os.path.join(content, "reports", "2025-01", "bang.csv"), "rb") as f:
        want = f.read()
    got = None
    if os.path.isfile(os.path.join(d, "bang.csv")):
        with open(os.path.join(d, "bang.csv"), "rb") as f:
            got = f.read()
    T.eq(got, want, "new: the table's CSV is copied, its values kept for editing")
    # kpi.csv: every catalogue indicator, empty value
    rows = list(csv.reader(io.StringIO(read_text(os.path.join(d, "kpi.csv")).lstrip("\ufeff"))))
    T.eq(rows[0] if rows else None, ["id", "value", "note"], "new: kpi.csv header id,value,note")
    ids = [r_[0] for r_ in rows[1:] if r_]
    T.eq(ids, ["the_cap", "ho_so", "ty_le"], "new: kpi.csv lists every catalogue indicator once")
    T.ok(all(len(r_) >= 2 and r_[1] == "" for r_ in rows[1:] if r_),
         "new: every value in kpi.csv is empty", repr(rows))
    # check lists one empty value per indicator, located in that kpi.csv
    lines = read_text(os.path.join(d, "kpi.csv")).split("\n")
    rc = run(["check", "--content", content], cwd=case)
    T.eq(rc.rc, 1, "check after new exits 1 (values to fill in)")
    dg = diagnostics(rc.err)
    kpi = os.path.join(content, "reports", "2025-02", "kpi.csv")
    for i in ("the_cap", "ho_so", "ty_le"):
        ln = [n + 1 for n, l in enumerate(lines) if l.split(",")[0].strip('"') == i]
        hits = [x for x in dg if x[0] == kpi and ln and x[1] == ln[0] and
                x[3].find('empty value for "%s"' % i) >= 0]
        T.ok(len(hits) == 1, 'check after new: %s:%s: empty value for "%s"' % (kpi, ln, i), rc.err)
    T.eq(len(dg), 3, "check after new: only those three errors", rc.err)
    # new over an existing month
    before = tree_hash(content)
    r = run(["new", "2025-01", "--content", content], cwd=case)
    T.eq(r.rc, 1, "new for a month that exists exits 1")
    T.ok(r.err.strip(), "new for a month that exists says why")
    T.ok(tree_hash(content) == before, "new for a month that exists changes nothing",
         tree_diff(before, tree_hash(content)))
    for bad in ("2025-13", "2025-2", "25-02", "abc", "2025-02-01"):
        r = run(["new", bad, "--content", content], cwd=case)
        T.eq(r.rc, 2, "new %s (malformed month) is a usage error, exit 2" % bad)
    r = run(["new", "--content", content], cwd=case)
    T.eq(r.rc, 2, "new without a month is a usage error, exit 2")
    T.ok(tree_hash(content) == before, "malformed new commands change nothing")


def new_then_build(tmp):
    """new, fill the values in, build: the draft is left off the site (a warning says so);
    build --drafts publishes it with its blanks."""
    case = os.path.join(tmp, "new-build")
    content = os.path.join(case, "content")
    shutil.copytree(MINIMAL, content)
    r = run(["new", "2025-02", "--content", content], cwd=case)
    if r.rc != 0:
        T.ok(False, "new then build: new succeeds", repr(r))
        return
    with open(os.path.join(content, "reports", "2025-02", "kpi.csv"), "w", encoding="utf-8") as f:
        f.write("id,value,note\nthe_cap,88000000,\nho_so,1900482958,\nty_le,74,\n")
    out = os.path.join(case, "out")
    r = run(["build", "--content", content, "--out", out], cwd=case)
    T.eq(r.rc, 0, "new then build: the filled-in draft builds", repr(r))
    T.ok(re.search(r"2025-02/report\.md:2:9: warning: still a draft", r.err),
         "new then build: a warning says the report is still a draft", r.err)
    T.ok(r.rc == 0 and not os.path.exists(os.path.join(out, "2025-02")),
         "new then build: the draft is not published without --drafts")
    if r.rc == 0:
        idx = load_html(os.path.join(out, "index.html"))
        T.ok(not [a for a in idx.find_all("a") if "2025-02" in (a.get("href") or "")],
             "new then build: the index does not list the draft")
        row = idx.find("tr", data_indicator="the_cap")
        T.eq(row.find("td", "value").text() if row else None, "87,9 triệu",
             "new then build: the latest figures are still January's, not the draft's")
    r = run(["build", "--content", content, "--out", out, "--drafts"], cwd=case)
    T.eq(r.rc, 0, "new then build --drafts: the filled-in draft builds", repr(r))
    p = os.path.join(out, "2025-02", "index.html")
    if r.rc != 0 or not os.path.isfile(p):
        return
    d = load_html(p)
    n = d.find(cls="number")
    T.eq(n.raw_text().strip() if n else None, "Số:      /BC-TCTTKĐA",
         "new then build: draft number line with blanks")
    n = d.find(cls="date-line")
    T.eq(n.raw_text().strip() if n else None, "Hà Nội, ngày      tháng 3 năm 2025",
         "new then build: draft date line with a blank day")
    idx = load_html(os.path.join(out, "index.html"))
    row = idx.find("tr", data_indicator="the_cap")
    T.eq(row.find("td", "delta").text() if row and row.find("td", "delta") else None,
         "tăng 100 nghìn", "new then build: index delta 88000000 - 87900000 = tăng 100 nghìn")
    row = idx.find("tr", data_indicator="ho_so")
    T.eq(row.find("td", "delta").text() if row and row.find("td", "delta") else None,
         "không đổi", "new then build: unchanged count is 'không đổi'")


DECEMBER = """---
number: "310/BC-TCTTKĐA"
date: 2026-01-05
title: "Tình hình, kết quả triển khai Đề án 06/CP tháng 12 năm 2025 và nhiệm vụ trọng tâm tháng 01/2026"
to: ["Thủ tướng Chính phủ", "Các Phó Thủ tướng Chính phủ", "Bộ trưởng Bộ Công an"]
signer:
  authority: "KT. TỔ TRƯỞNG"
  name: "Nguyễn Văn A"
recipients:
  - "Như trên;"
  - "Lưu: VT, C06."
---

Tổ Công tác kính báo cáo tình hình tháng 12/2025 (so với tháng 11/2025) và nhiệm vụ tháng 1/2026 như sau:

# I. KẾT QUẢ *tháng 12/2025*

Đã cấp {{the_cap}} thẻ ({{the_cap.delta}}).

{{table bang.csv}}

## 1. **Hồ sơ** trực tuyến

Đã tiếp nhận {{ho_so}} hồ sơ; tỷ lệ {{ty_le}}.

{{chart the_cap}}

# II. NHIỆM VỤ THÁNG 01/2026

Hoàn thành trước ngày 15/01/2026 theo Nghị định số 12/2025/NĐ-CP.

Tổ Công tác kính báo cáo./.

# Phụ lục I. Số liệu tháng 12/2025 theo Chỉ thị 07/CT-TTg

(Kèm theo Báo cáo số 310/BC-TCTTKĐA ngày 05/01/2026)

{{table bang.csv}}
"""

# What `new 2026-01` must write after the front matter, by hand: December and January moved
# on a month, in the forms written (two digits kept, "1/2026" becomes "02/2026" as the decree
# writes months below 3); November, the day's date and the decree's number left alone; the
# headings with their emphasis, the {{table}} and {{chart}} lines, the closing sentence; the
# author's "(Kèm theo …)" line of December's report left out.
JANUARY_BODY = """
Tổ Công tác kính báo cáo tình hình tháng 01/2026 (so với tháng 11/2025) và nhiệm vụ tháng 02/2026 như sau:

# I. KẾT QUẢ *tháng 01/2026*

{{table bang.csv}}

## 1. **Hồ sơ** trực tuyến

{{chart the_cap}}

# II. NHIỆM VỤ THÁNG 02/2026

Tổ Công tác kính báo cáo./.

# Phụ lục I. Số liệu tháng 01/2026 theo Chỉ thị 07/CT-TTg

{{table bang.csv}}
"""


def new_year_end(tmp):
    """new across a year end (2025-12 -> 2026-01), then a month skipped (2026-03)."""
    case = os.path.join(tmp, "year-end")
    content = os.path.join(case, "content")
    shutil.copytree(MINIMAL, content)
    rep = os.path.join(content, "reports")
    os.rename(os.path.join(rep, "2024-12"), os.path.join(rep, "2025-11"))
    os.rename(os.path.join(rep, "2025-01"), os.path.join(rep, "2025-12"))
    p = os.path.join(rep, "2025-11", "report.md")
    text = read_text(p).replace("2025-01-06", "2025-12-05").replace("12/2024", "11/2025")
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(rep, "2025-12", "report.md"), "w", encoding="utf-8") as f:
        f.write(DECEMBER)
    c = run(["check", "--content", content], cwd=case)
    T.eq((c.rc, c.err), (0, ""), "year end: December's report checks clean")
    r = run(["new", "2026-01", "--content", content], cwd=case)
    T.eq((r.rc, r.err), (0, ""), "new 2026-01 from 2025-12: exit 0, no warning")
    d = os.path.join(rep, "2026-01")
    if r.rc != 0:
        return
    fm, body = split_report(read_text(os.path.join(d, "report.md")))
    T.eq(fm.get("title"), "Tình hình, kết quả triển khai Đề án 06/CP tháng 01 năm 2026 và nhiệm "
         "vụ trọng tâm tháng 02/2026", "new 2026-01: the title names January and February 2026")
    T.eq((fm.get("number"), str(fm.get("date"))), ("/BC-TCTTKĐA", "2026-02"),
         "new 2026-01: a draft issued in February 2026")
    T.eq(fm.get("to"), ["Thủ tướng Chính phủ", "Các Phó Thủ tướng Chính phủ",
                        "Bộ trưởng Bộ Công an"], "new 2026-01: the three addressees kept")
    T.eq(body, JANUARY_BODY, "new 2026-01: the body as written by hand")
    with open(os.path.join(rep, "2025-12", "bang.csv"), "rb") as f:
        want = f.read()
    with open(os.path.join(d, "bang.csv"), "rb") as f:
        T.eq(f.read(), want, "new 2026-01: bang.csv copied")
    # filled in: check passes with one warning (a draft), build leaves it off, --drafts not
    with open(os.path.join(d, "kpi.csv"), "w", encoding="utf-8") as f:
        f.write("id;value;note\nthe_cap;88.000.000;\nho_so;1.900.482.958;\nty_le;74,5;\n")
    c = run(["check", "--content", content], cwd=case)
    T.eq(c.rc, 0, "new 2026-01 filled in: check exits 0", c.err)
    warns = [l for l in c.err.splitlines() if ": warning: " in l]
    T.eq(len(warns), 1, "new 2026-01 filled in: one warning", c.err)
    T.ok(warns and "2026-01/report.md:2:9: warning: still a draft" in warns[0],
         "new 2026-01 filled in: the warning is the draft's", c.err)
    out = os.path.join(case, "out")
    r = run(["build", "--content", content, "--out", out, "--drafts"], cwd=case)
    T.eq(r.rc, 0, "new 2026-01 filled in: build --drafts exits 0", r.err)
    if r.rc == 0:
        page = load_html(os.path.join(out, "2026-01", "index.html"))
        T.eq(page.find(cls="subject").text(), fm.get("title"),
             "new 2026-01: the page's subject is January's")
        T.ok("Tổ Công tác kính báo cáo./." in page.find("article", "body").text(),
             "new 2026-01: the closing sentence is published")
    # a month skipped
    r = run(["new", "2026-03", "--content", content], cwd=case)
    T.eq(r.rc, 0, "new 2026-03 after 2026-01: exit 0 (a warning)")
    T.ok(re.search(r"2026-03/report\.md:1:1: warning: there is no report for 2026-02: this one "
                   r"starts from 2026-01's, its months moved on by 2", r.err),
         "new 2026-03: warns that 2026-02 was skipped", r.err)
    fm, body = split_report(read_text(os.path.join(rep, "2026-03", "report.md")))
    T.eq(fm.get("title"), "Tình hình, kết quả triển khai Đề án 06/CP tháng 03 năm 2026 và nhiệm "
         "vụ trọng tâm tháng 04/2026", "new 2026-03: the title names March and April")
    T.eq(read_text(os.path.join(rep, "2026-03", "kpi.csv")),
         "id;value;note\nthe_cap;;\nho_so;;\nty_le;;\n",
         "new 2026-03: kpi.csv separated by ';' as January's was (Excel opens it in columns)")


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    with TempDir() as tmp:
        hv = os.path.join(tmp, "hv")
        os.makedirs(hv)
        help_version(hv)
        check_good(tmp)
        defaults(tmp)
        new_report(tmp)
        new_then_build(tmp)
        new_year_end(tmp)
    T.done()


if __name__ == "__main__":
    main()
