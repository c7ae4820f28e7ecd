#!/usr/bin/env python3
"""The open data (data/): read back with other people's readers and compared with the
kpi.csv files they come from.

- data/ID.csv: RFC 4180 (UTF-8 without a byte-order mark, CRLF, quotes only where needed),
  columns month,value,value_text,delta,note; plain numbers ("87900000", "73.03"), the
  delta the exact difference from the previous month that has a value, the value as the
  reports write it (formatted here from docs/content-format.md, not by baocao);
- data/ID.json: the same rows, numbers as JSON numbers; data/tat-ca.csv: every row of every
  indicator; data/tat-ca.xlsx (openpyxl): the same tables, the sheet "Tất cả" then one per
  indicator, numbers as numbers, Vietnamese intact;
- data/datapackage.json (Frictionless): a resource per CSV, whose fields are the CSV's
  header, whose types read every value, whose primary key is unique;
- each indicator page links its CSV, its JSON and the workbook, naming its sheet; the index
  links the whole set;
- the same content gives the same bytes (the workbooks carry no build time).
A note with a comma, quotes and a line break is added to a copy of content/ first.
Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_data.py
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, REPO, TempDir, run, program_available, load_html, tree_hash,  # noqa: E402
                 fmt_value, read_text)

FIELDS = ["month", "value", "value_text", "delta", "note"]
TRICKY = 'Số liệu sơ bộ, "chưa chính thức"\nsẽ cập nhật'


def read_xlsx(path):
    """[(sheet name, its rows, each cell with its type: [[(type name, value)]])] (openpyxl;
    Debian's python3 when this one lacks it)."""
    script = ("import json, sys, openpyxl\n"
              "print(json.dumps([(ws.title, [[(type(c).__name__, c) for c in r] for r in "
              "ws.iter_rows(values_only=True)]) "
              "for ws in openpyxl.load_workbook(sys.argv[1]).worksheets]))\n")
    try:
        import openpyxl  # noqa: F401
        exe = sys.executable
    except ImportError:
        exe = "/usr/bin/python3"
    p = subprocess.run([exe, "-c", script, path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode("utf-8", "replace")[-500:])
    return json.loads(p.stdout.decode("utf-8"))


def expected(content):
    """{id: [(month, Decimal value, note)]} from the kpi.csv files, oldest first; and the
    catalogue {id: (name, unit, format, group)}."""
    cat = {}
    with open(os.path.join(content, "indicators.csv"), encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            cat[row["id"]] = (row["name"], row["unit"], row["format"], row.get("group") or "")
    vals = {i: [] for i in cat}
    for month in sorted(os.listdir(os.path.join(content, "reports"))):
        path = os.path.join(content, "reports", month, "kpi.csv")
        if not re.fullmatch(r"\d{4}-\d\d", month) or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                if row["id"] in vals and (row.get("value") or "").strip():
                    vals[row["id"]].append((month, Decimal(row["value"].strip()),
                                            (row.get("note") or "").strip()))
    return vals, cat


def with_deltas(rows):
    out, prev = [], None
    for month, v, note in rows:
        out.append((month, v, None if prev is None else v - prev, note))
        prev = v
    return out


def check_csv_bytes(path, label):
    with open(path, "rb") as f:
        raw = f.read()
    T.ok(not raw.startswith(b"\xef\xbb\xbf"), "%s: no byte-order mark" % label)
    unquoted = re.sub(rb'"(?:[^"]|"")*"', b"", raw)
    T.ok(raw.endswith(b"\r\n") and b"\n" not in unquoted.replace(b"\r\n", b""),
         "%s: every record ends with CRLF" % label)
    raw.decode("utf-8")  # raises on anything else
    # quotes only where RFC 4180 needs them: never around a plain number
    T.ok(re.search(rb'(^|,)"-?\d+(\.\d+)?"(,|\r\n)', raw, re.M) is None,
         "%s: numbers are not quoted" % label)
    return raw.decode("utf-8")


def check_indicator(out, ind, rows, cat, books):
    name, unit, fmt, group = cat
    want = with_deltas(rows)
    text = check_csv_bytes(os.path.join(out, "data", ind + ".csv"), "data/%s.csv" % ind)
    got = list(csv.reader(io.StringIO(text, newline="")))
    T.eq(got[0] if got else None, FIELDS, "data/%s.csv: the header" % ind)
    bad = []
    for (month, v, d, note), r in zip(want, got[1:]):
        if r[0] != month or Decimal(r[1]) != v or r[2] != fmt_value(v, fmt) or \
                (r[3] != "" if d is None else Decimal(r[3]) != d) or r[4] != note:
            bad.append("%r, want %r" % (r, (month, str(v), fmt_value(v, fmt), d, note)))
        if not re.fullmatch(r"-?\d+(\.\d+)?", r[1]) or (r[3] and not re.fullmatch(r"-?\d+(\.\d+)?", r[3])):
            bad.append("not a plain number: %r" % r)
    T.ok(len(got) - 1 == len(want) and not bad,
         "data/%s.csv: %d rows, the kpi.csv values, deltas and notes" % (ind, len(want)),
         "\n".join(bad[:5]) or "%d rows, want %d" % (len(got) - 1, len(want)))
    with open(os.path.join(out, "data", ind + ".json"), encoding="utf-8") as f:
        j = json.load(f, parse_float=Decimal, parse_int=Decimal)
    T.ok(j["id"] == ind and j["name"] == name and j["unit"] == unit and j["format"] == fmt,
         "data/%s.json: the indicator's id, name, unit and format" % ind, {k: j[k] for k in
                                                                            ("id", "name")})
    jr = [(x["month"], x["value"], x["delta"], x["note"] or "") for x in j["data"]]
    T.eq(jr, [(m, v, d, n) for m, v, d, n in want],
         "data/%s.json: the same rows, numbers as numbers" % ind)
    x = books.get(ind, [])
    xr = x[1:]
    ok = len(xr) == len(want)
    for (month, v, d, note), r in zip(want, xr):
        ok = ok and r[0] == ["str", month] and r[1][0] in ("int", "float") and \
            abs(Decimal(str(r[1][1])) - v) <= abs(v) * Decimal("1e-12") and \
            r[2] == ["str", fmt_value(v, fmt)] and \
            (r[3][1] is None if d is None else abs(Decimal(str(r[3][1])) - d) <= Decimal("1e-6")) and \
            (r[4][1] or "") == note
    T.ok(ok, "tat-ca.xlsx, sheet %s: the same rows, numbers as numbers, text intact" % ind,
         x[:3])
    return len(want)


def check_package(out):
    with open(os.path.join(out, "data", "datapackage.json"), encoding="utf-8") as f:
        pkg = json.load(f)
    T.eq(pkg.get("profile"), "tabular-data-package", "datapackage.json: a tabular data package")
    bad = []
    for res in pkg["resources"]:
        path = os.path.join(out, "data", res["path"])
        if not re.fullmatch(r"[a-z0-9._-]+", res["name"]):
            bad.append("%s: not a Frictionless name" % res["name"])
        if not os.path.isfile(path):
            bad.append("%s: no such file" % res["path"])
            continue
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        fields = res["schema"]["fields"]
        if rows[0] != [x["name"] for x in fields]:
            bad.append("%s: header %r is not the schema's fields" % (res["path"], rows[0]))
        for r in rows[1:]:
            for x, v in zip(fields, r):
                if v == "":
                    continue
                if x["type"] == "number" and not re.fullmatch(r"-?\d+(\.\d+)?", v) or \
                        x["type"] == "yearmonth" and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v):
                    bad.append("%s: %r is not a %s" % (res["path"], v, x["type"]))
        idx = [[x["name"] for x in fields].index(k) for k in res["schema"]["primaryKey"]]
        keys = [tuple(r[i] for i in idx) for r in rows[1:]]
        if len(keys) != len(set(keys)):
            bad.append("%s: primary key not unique" % res["path"])
    T.ok(not bad, "datapackage.json: %d resources, each a CSV whose header, types and keys "
         "match" % len(pkg["resources"]), "\n".join(bad[:10]))
    return pkg


def main():
    if not program_available():
        T.ok(False, "program built (set BAOCAO)")
        T.done()
    with TempDir() as tmp:
        content = os.path.join(tmp, "content")
        shutil.copytree(os.path.join(REPO, "content"), content)
        # a clerk's note with a comma, quotes and a line break
        kpi = os.path.join(content, "reports", "2025-01", "kpi.csv")
        with open(kpi, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        rows[2][2] = TRICKY
        with open(kpi, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
        tricky_id = rows[2][0]
        out = os.path.join(tmp, "out")
        r = run(["build", "--content", content, "--out", out])
        T.ok(r.rc == 0, "the content builds", r)
        if r.rc != 0:
            T.done()
        vals, cat = expected(content)
        sheets = read_xlsx(os.path.join(out, "data", "tat-ca.xlsx"))
        books = dict(sheets)
        T.eq([n for n, _ in sheets], ["Tất cả"] + [i for i in cat],
             "tat-ca.xlsx: the sheet of every indicator first, then one per indicator")
        total = 0
        for ind in cat:
            if vals[ind]:
                total += check_indicator(out, ind, vals[ind], cat[ind], books)
        raw = read_text(os.path.join(out, "data", tricky_id + ".csv"))
        T.ok('"Số liệu sơ bộ, ""chưa chính thức""\nsẽ cập nhật"' in raw,
             "a note with a comma, quotes and a line break is quoted as RFC 4180 says")
        text = check_csv_bytes(os.path.join(out, "data", "tat-ca.csv"), "data/tat-ca.csv")
        long_rows = list(csv.reader(io.StringIO(text, newline="")))
        T.eq(len(long_rows) - 1, total, "data/tat-ca.csv: a row per indicator and month")
        T.eq(long_rows[0], ["indicator", "name", "unit", "group"] + FIELDS,
             "data/tat-ca.csv: the header")
        x = books["Tất cả"]
        T.ok(len(x) - 1 == total and all(r[1][0] == "str" and r[5][0] in ("int", "float")
                                         for r in x[1:]),
             "tat-ca.xlsx, sheet Tất cả: the rows of tat-ca.csv, Vietnamese names, numeric "
             "values", x[:2])
        T.ok(any(r[1][1] == cat[long_rows[1][0]][0] for r in x[1:]),
             "data/tat-ca.xlsx: the indicators' Vietnamese names read back intact")
        pkg = check_package(out)
        T.eq(sorted(r["path"] for r in pkg["resources"]),
             sorted([i + ".csv" for i in cat] + ["tat-ca.csv"]),
             "datapackage.json: every CSV is a resource")
        # linked from each indicator page and the index
        bad = []
        for ind in cat:
            page = load_html(os.path.join(out, "chi-so", ind + ".html"))
            hrefs = {a.get("href") for a in page.find_all("a")}
            want = ["../data/%s.csv" % ind, "../data/%s.json" % ind, "../data/tat-ca.xlsx"]
            if vals[ind] and not set(want) <= hrefs:
                bad.append("chi-so/%s.html: links %r" % (ind, sorted(h for h in hrefs if "data/" in (h or ""))))
            sheet = page.find("span", cls="sheet")
            if vals[ind] and (sheet is None or sheet.text() != ind):
                bad.append("chi-so/%s.html: names sheet %r" % (ind, sheet and sheet.text()))
        T.ok(not bad, "each indicator page links its CSV, its JSON and the workbook, naming its "
             "sheet", "\n".join(bad[:5]))
        index = load_html(os.path.join(out, "index.html"))
        hrefs = {a.get("href") for a in index.find_all("a")}
        T.ok({"data/tat-ca.csv", "data/tat-ca.xlsx", "data/datapackage.json"} <= hrefs,
             "the index links the whole set and its description")
        again = os.path.join(tmp, "again")
        run(["build", "--content", content, "--out", again])
        a, b = tree_hash(os.path.join(out, "data")), tree_hash(os.path.join(again, "data"))
        T.ok(a == b, "the same content gives the same bytes in data/, workbooks included",
             [k for k in a if a.get(k) != (b or {}).get(k)][:5])
    T.done()


if __name__ == "__main__":
    main()
