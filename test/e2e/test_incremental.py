#!/usr/bin/env python3
"""The build cache: a rebuild re-renders only the PDFs and pages whose sources changed, and
never serves a stale one.

A copy of content/ (and of templates/, for the page style) is built, then changed one thing
at a time and rebuilt over the published folder. Each time: the PDFs that depend on the
change are new, the others are byte-identical and were reused (linked from the last build:
the same inode), the build says how many it reused (BAOCAO_TIMING=1), and the whole tree is
byte-identical to a build of the same content into a fresh folder (which can reuse nothing).
Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_incremental.py
"""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, REPO, TempDir, run, program_available, tree_hash, tree_diff,  # noqa: E402
                 read_text, write_text)

MONTHS = ["2024-06", "2024-12", "2025-01"]


def pdf_path(out, month):
    y, m = month.split("-")
    return os.path.join(out, month, "bao-cao-thang-%s-%s.pdf" % (m, y))


class Site:
    def __init__(self, tmp):
        self.tmp = tmp
        self.content = os.path.join(tmp, "content")
        self.templates = os.path.join(tmp, "templates")
        self.out = os.path.join(tmp, "pub", "out")
        shutil.copytree(os.path.join(REPO, "content"), self.content)
        shutil.copytree(os.path.join(REPO, "templates"), self.templates)
        self.fresh = 0

    def build(self, out=None):
        env_args = ["build", "--content", self.content, "--out", out or self.out,
                    "--templates", self.templates, "--assets", os.path.join(REPO, "assets")]
        os.environ["BAOCAO_TIMING"] = "1"
        r = run(env_args, timeout=300)
        del os.environ["BAOCAO_TIMING"]
        m = re.search(r"(\d+) PDFs reused", r.err)
        r.reused = int(m.group(1)) if m else None
        m = re.search(r"(\d+) report pages reused, the indicator pages (made|reused)", r.err)
        r.pages_reused = int(m.group(1)) if m else None
        r.indicators_reused = (m.group(2) == "reused") if m else None
        return r

    def pages(self):
        """{month or chi-so/x.html: (bytes, inode)}: the report pages and indicator pages"""
        res = {}
        rels = ["%s/index.html" % m for m in MONTHS]
        rels += ["chi-so/" + n for n in sorted(os.listdir(os.path.join(self.out, "chi-so")))]
        for rel in rels:
            p = os.path.join(self.out, rel)
            with open(p, "rb") as f:
                res[rel] = (f.read(), os.stat(p).st_ino)
        return res

    def pdfs(self):
        """{month: (bytes, inode)}"""
        res = {}
        for month in MONTHS:
            p = pdf_path(self.out, month)
            with open(p, "rb") as f:
                res[month] = (f.read(), os.stat(p).st_ino)
        return res

    def files(self, rels):
        """{rel: (bytes, inode)} of files of the published folder"""
        res = {}
        for rel in rels:
            p = os.path.join(self.out, rel)
            with open(p, "rb") as f:
                res[rel] = (f.read(), os.stat(p).st_ino)
        return res

    def edit(self, rel, old, new):
        path = os.path.join(self.content, rel) if not rel.startswith("templates/") else \
            os.path.join(self.tmp, rel)
        text = read_text(path)
        T.ok(old in text, "test setup: %r is in %s" % (old, rel))
        write_text(path, text.replace(old, new, 1))


def step(site, label, changed, new_pages=None, same_pages=None, indicators_reused=None):
    """Rebuilds over the published folder; the PDFs of `changed` months must differ from the
    last build, the others be the same file reused. The report pages of the months in
    new_pages must differ, those in same_pages be the same file reused; indicators_reused:
    whether the indicator pages must be reused (True) or made again (False)."""
    before = site.pdfs()
    pages_before = site.pages()
    r = site.build()
    T.ok(r.rc == 0, "%s: the rebuild succeeds" % label, r)
    if r.rc != 0:
        return
    after = site.pdfs()
    for month in MONTHS:
        if month in changed:
            T.ok(after[month][0] != before[month][0], "%s: %s's PDF is new" % (label, month))
        else:
            T.ok(after[month][0] == before[month][0],
                 "%s: %s's PDF is byte-identical" % (label, month))
            T.ok(after[month][1] == before[month][1],
                 "%s: %s's PDF was reused (linked, not made again)" % (label, month))
    T.eq(r.reused, len(MONTHS) - len(changed), "%s: the build reports the PDFs it reused" % label,
         r.err[-600:])
    pages_after = site.pages()
    for month in new_pages or []:
        rel = "%s/index.html" % month
        T.ok(pages_after[rel][0] != pages_before[rel][0], "%s: %s's page is new" % (label, rel))
    for month in same_pages or []:
        rel = "%s/index.html" % month
        T.ok(pages_after[rel] == pages_before[rel],
             "%s: %s's page was reused (linked, the same bytes)" % (label, rel))
    if same_pages is not None:
        T.eq(r.pages_reused, len(same_pages), "%s: the build reports the pages it reused" % label,
             r.err[-600:])
    if indicators_reused is not None:
        T.eq(r.indicators_reused, indicators_reused,
             "%s: the indicator pages are %s" % (label, "reused" if indicators_reused else "made"),
             r.err[-600:])
        ind = [k for k in pages_before if k.startswith("chi-so/")]
        T.ok(len(ind) > 0, "%s: there are indicator pages" % label)
        if indicators_reused:
            T.ok(all(pages_after[k] == pages_before[k] for k in ind),
                 "%s: every indicator page was reused (linked)" % label)
        else:
            T.ok(all(pages_after[k][1] != pages_before[k][1] for k in ind),
                 "%s: every indicator page was made again" % label)
    # never stale: the same tree as a build that could reuse nothing
    site.fresh += 1
    fresh = os.path.join(site.tmp, "fresh%d" % site.fresh, "out")
    rf = site.build(fresh)
    T.ok(rf.rc == 0 and rf.reused == 0, "%s: a build into a new folder reuses nothing" % label, rf)
    T.ok(tree_hash(fresh) == tree_hash(site.out),
         "%s: the rebuilt tree is byte-identical to a fresh build" % label,
         "differ: %r" % tree_diff(tree_hash(fresh), tree_hash(site.out))[:10])


def delta_cases(site):
    """(indicator, the earlier month whose value 2025-01's {{id.delta}} compares with, the
    months whose PDFs show that value) for each delta of 2025-01."""
    def md(month):
        return read_text(os.path.join(site.content, "reports", month, "report.md"))

    def has_value(month, ind):
        kpi = read_text(os.path.join(site.content, "reports", month, "kpi.csv"))
        return re.search(r"^%s,[0-9]" % ind, kpi, re.M) is not None

    cases = []
    for ind in sorted(set(re.findall(r"\{\{([a-z0-9_]+)\.delta\}\}", md("2025-01")))):
        prev = [m for m in MONTHS[:-1] if has_value(m, ind)]
        if not prev:
            continue
        at = prev[-1]
        changed = ["2025-01"] + [m for m in MONTHS[MONTHS.index(at):-1] if ind in md(m)]
        cases.append((ind, at, sorted(changed)))
    # first the case that leaves the most PDFs as they were
    cases.sort(key=lambda c: len(c[2]))
    return cases


def main():
    if not program_available():
        T.ok(False, "program built (set BAOCAO)")
        T.done()
    with TempDir() as tmp:
        site = Site(tmp)
        r = site.build()
        T.ok(r.rc == 0 and r.reused == 0, "first build: every PDF made", r)
        if r.rc != 0:
            T.done()
        data_before = site.files(["data/datapackage.json", "data/tat-ca.xlsx"])
        step(site, "nothing changed", [], same_pages=MONTHS, indicators_reused=True)
        T.ok(site.files(["data/datapackage.json", "data/tat-ca.xlsx"]) == data_before,
             "nothing changed: the open data was reused (linked)")

        # one report's figure: a value 2025-01 shows, in its kpi.csv
        kpi = os.path.join(site.content, "reports/2025-01/kpi.csv")
        body = read_text(os.path.join(site.content, "reports/2025-01/report.md"))
        shown = [l.split(",")[0] for l in read_text(kpi).splitlines()[1:]
                 if l and "{{%s}}" % l.split(",")[0] in body]
        T.ok(len(shown) > 0, "test setup: 2025-01 shows a value of its kpi.csv")
        if shown:
            line = next(l for l in read_text(kpi).splitlines() if l.startswith(shown[0] + ","))
            value = line.split(",")[1]
            # the files that hold that figure, and some that do not
            other = next(l.split(",")[0] for l in read_text(kpi).splitlines()[1:]
                         if l and l.split(",")[0] != shown[0])
            extra = ["data/%s.csv" % shown[0], "data/%s.json" % shown[0], "data/tat-ca.csv",
                     "data/%s.csv" % other, "2025-01/search.js", "2024-06/search.js",
                     "2024-12/search.js", "search-index.js"]
            before = site.files(extra)
            site.edit("reports/2025-01/kpi.csv", line, line.replace(value, value + "7", 1))
            step(site, "a figure of 2025-01", ["2025-01"], new_pages=["2025-01"],
                 same_pages=["2024-06", "2024-12"], indicators_reused=False)
            after = site.files(extra)
            for rel in extra[:3] + ["2025-01/search.js", "search-index.js"]:
                T.ok(after[rel][0] != before[rel][0],
                     "a figure of 2025-01: %s, which shows it, is new" % rel)
            T.ok(after[extra[3]][0] == before[extra[3]][0],
                 "a figure of 2025-01: another indicator's data (%s) is the same" % extra[3])
            for rel in ("2024-06/search.js", "2024-12/search.js"):
                T.ok(after[rel] == before[rel],
                     "a figure of 2025-01: %s was reused with its page (linked)" % rel)

        # an earlier value that 2025-01's {{id.delta}} compares with
        cases = delta_cases(site)
        T.ok(len(cases) > 0, "test setup: 2025-01 has a delta of an earlier value")
        for ind, at, changed in cases[:2]:
            path = "reports/%s/kpi.csv" % at
            line = next(l for l in read_text(os.path.join(site.content, path)).splitlines()
                        if l.startswith(ind + ","))
            value = line.split(",")[1]
            site.edit(path, line, line.replace(value, value + "1", 1))
            step(site, "%s's value of %s, in 2025-01's delta" % (at, ind), changed)

        # a sentence of the oldest report: only its own PDF
        text = read_text(os.path.join(site.content, "reports/2024-06/report.md"))
        body = text.split("\n---\n", 1)[1]  # after the front matter
        paragraph = next(l for l in body.splitlines()
                         if len(l) > 80 and not l.startswith(("#", "|", "-", "{{", " ")))
        site.edit("reports/2024-06/report.md", paragraph, paragraph + " Thêm một câu.")
        step(site, "a sentence of 2024-06", ["2024-06"], new_pages=["2024-06"],
             same_pages=["2024-12", "2025-01"], indicators_reused=True)

        # a report's title: its page, and its neighbour's, which names it in its links
        site.edit("reports/2025-01/report.md", "title: \"", "title: \"(Sửa) ")
        step(site, "the title of 2025-01", ["2025-01"], new_pages=["2025-01"],
             same_pages=["2024-06"], indicators_reused=False)

        # a template: every page
        site.edit("templates/report.html", '<h1 class="doc-type">BÁO CÁO</h1>',
                  '<h1 class="doc-type">BÁO CÁO</h1><p>Bản thử</p>')
        step(site, "report.html", [], new_pages=MONTHS, same_pages=[],
             indicators_reused=False)

        # the page style: every PDF
        style = read_text(os.path.join(site.templates, "page-style.yaml"))
        m = re.search(r"^(\s*margin_left_mm:\s*)(\d+)", style, re.M)
        T.ok(m is not None, "test setup: page-style.yaml has margin_left_mm")
        if m:
            site.edit("templates/page-style.yaml", m.group(0), m.group(1) + str(int(m.group(2)) - 2))
            step(site, "page-style.yaml", MONTHS)

        # site.yaml: the issuer is in every PDF's header
        site.edit("site.yaml", "TỔ CÔNG TÁC\\nTRIỂN KHAI ĐỀ ÁN 06", "TỔ CÔNG TÁC\\nĐỀ ÁN 06")
        step(site, "site.yaml", MONTHS)

        # a published PDF changed by hand is not trusted: made again
        p = pdf_path(site.out, "2024-12")
        with open(p, "r+b") as f:
            f.seek(-20, os.SEEK_END)
            f.write(b"%% edited by hand\n")
        r = site.build()
        T.ok(r.rc == 0 and r.reused == len(MONTHS) - 1,
             "a PDF edited in the published folder is made again", r)
        with open(p, "rb") as f:
            T.ok(b"edited by hand" not in f.read(), "the edited PDF was replaced")

        # a published page changed by hand, keeping its size: not trusted, made again
        page = os.path.join(site.out, "2024-12", "index.html")
        html = read_text(page)
        i = html.index("</h1>") - 1
        edited = html[:i] + ("X" if html[i] != "X" else "Y") + html[i + 1:]
        with open(page, "w", encoding="utf-8") as f:
            f.write(edited)
        r = site.build()
        T.ok(r.rc == 0 and r.pages_reused == len(MONTHS) - 1,
             "a page edited in the published folder (same size) is made again", r)
        T.ok(read_text(page) == html, "the edited page was replaced by the right one")
    T.done()


if __name__ == "__main__":
    main()
