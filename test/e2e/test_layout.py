#!/usr/bin/env python3
"""The official layout where it is hardest (test/e2e/fixtures/layout/: a Sở's report with a
39-row and a 110-row appendix, footnotes holding lists, a PNG with transparency and a JPEG,
three list levels, an author's "(Kèm theo …)" line, a long title, a cut-axis chart, a
one-value chart): table widths (no column narrower than its longest word, the appendix's
pages), footnotes, images in both backends (PDF/A-1b kept: PDFBox Preflight), images refused
as build and check refuse them, and the website's blocks."""
import csv
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import T, run, parse_html, TempDir, REPO  # noqa: E402

FIX = os.path.join(REPO, "test", "e2e", "fixtures", "layout")
IMAGES = os.path.join(REPO, "test", "e2e", "fixtures", "images")
MONTH = "2025-05"


def pdf_text(pdf, first=None, last=None):
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(args + [pdf, "-"], capture_output=True, text=True).stdout


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def appendix_pages(pdf):
    """[(first page, pages)] of each appendix: from its "Phụ lục N" line to the next."""
    n = pages(pdf)
    starts = [p for p in range(1, n + 1)
              if re.search(r"^\s*Phụ lục [IVX]+\s*$", pdf_text(pdf, p), re.M)]
    return [(s, (starts[i + 1] if i + 1 < len(starts) else n + 1) - s)
            for i, s in enumerate(starts)]


def vertical_rules(pdf, page):
    """The x of the table's vertical borders on a page (mutool trace's stroked lines)."""
    out = subprocess.run(["mutool", "trace", pdf, str(page)], capture_output=True,
                         text=True).stdout
    xs = set()
    for m in re.finditer(r'<moveto x="([\d.]+)" y="([\d.]+)"/>\s*<lineto x="([\d.]+)" '
                         r'y="([\d.]+)"/>\s*</stroke_path>', out):
        x0, y0, x1, y1 = map(float, m.groups())
        if abs(x0 - x1) < 0.01 and abs(y0 - y1) > 5:
            xs.add(round(x0, 1))
    return sorted(xs)


def png_grey(w, h):
    """A white PNG of w × h one-bit pixels (a few KB for millions of pixels)."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    row = b"\0" + b"\xff" * ((w + 7) // 8)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(row * h, 9)) + chunk(b"IEND", b""))


def pdf_words(pdf, first, last):
    """[(word, (page, xMin, yMin, xMax, yMax))] of pages first..last (pdftotext -bbox, y from
    the top)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(first), "-l", str(last), pdf, "-"],
                         capture_output=True, text=True).stdout
    words, page = [], first - 1
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                      r'yMax="([\d.]+)">(.*)</word>', line)
        if m:
            words.append((html.unescape(m.group(5)), (page,) + tuple(map(float, m.groups()[:4]))))
    return words


def rule_segments(pdf, page):
    """[(x, y top, y bottom)] of the vertical borders on a page, y from the top: the sides
    of rectangles (a table row drawn whole) and vertical lines (the rules down a row's
    slices), from mutool trace."""
    out = subprocess.run(["mutool", "trace", pdf, str(page)], capture_output=True,
                         text=True).stdout
    segs = []
    for path in re.finditer(r'<stroke_path [^>]*transform="1 0 0 -1 0 ([\d.]+)">(.*?)</stroke_path>',
                            out, re.S):
        h = float(path.group(1))
        pts = [tuple(map(float, m)) for m in
               re.findall(r'<(?:moveto|lineto) x="([\d.]+)" y="([\d.]+)"/>', path.group(2))]
        if "<closepath/>" in path.group(2):
            pts.append(pts[0])
        for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
            if abs(xa - xb) < 0.01 and abs(ya - yb) > 1:
                segs.append((xa, h - max(ya, yb), h - min(ya, yb)))
    return segs


def main():
    with TempDir() as tmp:
        out = os.path.join(tmp, "out")
        r = run(["build", "--content", FIX, "--out", out])
        T.ok(r.rc == 0, "the fixture builds", r.err)
        pdf = os.path.join(out, MONTH, "bao-cao-thang-05-2025.pdf")
        app = appendix_pages(pdf) if os.path.exists(pdf) else []
        T.ok(len(app) == 2, "two appendices", app)
        if len(app) == 2:
            # measured before the widths that make a table shortest: 8 and 7 pages
            T.ok(app[0][1] <= 7, "the 39-row appendix fits in 7 pages", app)
            T.ok(app[1][1] <= 6, "the 110-row appendix fits in 6 pages", app)
            # no column narrower than its longest word: "Nghị định", "45/2020/NĐ-CP" and the
            # longest words of every column fit between two rules
            xs = vertical_rules(pdf, app[0][0])
            T.ok(len(xs) == 6, "Phụ lục I: 5 columns, 6 rules", xs)
            widths = [b - a for a, b in zip(xs, xs[1:])]
            T.ok(len(widths) == 5 and widths[1] == max(widths),
                 "the long tasks' column is the widest, not the mostly short status", widths)
            text = pdf_text(pdf, app[0][0], app[0][0] + app[0][1] - 1)
            T.ok("45/2020/NĐ-CP" in text and "07/CT-TTg" in text,
                 "long words whole in their cells", text[:400])
            # every word of both tables whole on one line of its cell (a column narrower
            # than its longest word would split it), and no border drawn through a word
            for (first, n), csv_name in zip(app, ("phu-luc-1.csv", "phu-luc-2.csv")):
                words = pdf_words(pdf, first, first + n - 1)
                with open(os.path.join(FIX, "reports", MONTH, csv_name), encoding="utf-8") as f:
                    tokens = {w for row in csv.reader(f) for cell in row for w in cell.split()}
                split = sorted(tokens - {w for w, _ in words})
                T.ok(tokens and not split, "%s: each of its %d words whole in the PDF" %
                     (csv_name, len(tokens)), split[:10])
                crossed, bare = [], []
                for p in range(first, first + n):
                    rules = rule_segments(pdf, p)
                    if len({round(x) for x, _, _ in rules}) < 6:
                        bare.append(p)
                    for w, (page, x0, y0, x1, y1) in words:
                        crossed += [w for (x, ya, yb) in rules if page == p and
                                    x0 + 0.5 < x < x1 - 0.5 and ya < y1 - 1 and yb > y0 + 1]
                T.ok(not bare and not crossed, "%s: no border through a word (of its columns' "
                     "borders, found on every page)" % csv_name, (bare, crossed[:10]))
        body = pdf_text(pdf, 1, 3)
        T.ok(re.search(r"- chứng thực bản sao từ bản chính;\s*\n\s*- đăng ký khai sinh", body),
             "a footnote's list keeps its markers and lines in the PDF", body[-900:])
        T.ok("tháng 05/2025" in re.sub(r"\s+", " ", body[:1500]) and
             not re.search(r"tháng\s*\n\s*05/2025", body[:1500]),
             "the title never breaks between tháng and 05/2025")
        T.ok("214 thủ tục" in body and "(tháng 05/2025)" in body,
             "a one-value chart is the value with its month")
        all_text = pdf_text(pdf)
        T.ok(all_text.count("(Kèm theo Báo cáo số 58/BC-TTPVHCC") == 2,
             "each appendix one reference line: the generated one, and the author's",
             all_text.count("(Kèm theo"))
        imgs = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True).stdout
        rows = [l.split() for l in imgs.splitlines()[2:]]
        T.ok(len(rows) == 2 and {r[2] for r in rows} == {"image"} and
             sorted(r[3] for r in rows) == ["1200", "640"],
             "the PNG and the JPEG in the PDF, no soft mask", imgs)
        # PDF/A-1b with the images (PDFBox Preflight, as test_readers.py runs it)
        import test_readers
        res, err = test_readers.read_all([pdf])
        if err is None and "pdfbox" in res[pdf]["text"]:
            T.ok(res[pdf]["valid"], "PDF/A-1b valid with its images (Preflight)",
                 res[pdf]["errors"])
        # the website
        page = os.path.join(out, MONTH, "index.html")
        html = open(page, encoding="utf-8").read() if os.path.exists(page) else ""
        for name, w, h in (("so-do-ket-noi.png", "1200", "400"), ("anh-tap-huan.jpg", "640", "360")):
            T.ok(os.path.exists(os.path.join(out, MONTH, name)) and
                 open(os.path.join(out, MONTH, name), "rb").read() ==
                 open(os.path.join(FIX, "reports", MONTH, name), "rb").read(),
                 "%s copied beside the page" % name)
            T.ok(re.search(r'<img src="%s" alt="[^"]+" width="%s" height="%s"' % (name, w, h), html),
                 "%s shown with its size and alt text" % name)
        T.ok(html.find('class="footnotes"') > html.find('class="closing"') > 0,
             "the footnotes after the closing block")
        # a note ending in a list: its back link ends the last item, not a line of its own
        T.ok(re.search(r'<li>cấp phiếu lý lịch tư pháp\. <a class="fnback" href="#fnref-2"', html),
             "the back link of a note that ends in a list ends its last item",
             html[html.find('id="fn-2"'):html.find('id="fn-2"') + 400])
        T.ok(html.count("(Kèm theo Báo cáo số 58/BC-TTPVHCC") == 2 and
             html.count('class="appendix-ref"') == 2,
             "the author's reference line set as the generated one on the website")
        T.ok("tháng\u00a005/2025" in html, "the subject keeps tháng 05/2025 together")
        T.ok('class="axis-cut"' in html and "Trục dọc bắt đầu từ" in html,
             "the cut axis marked and said")
        # a rebuild with a changed image remakes the page's copy and the PDF
        png = os.path.join(tmp, "c")
        shutil.copytree(FIX, png)
        run(["build", "--content", png, "--out", out])
        shutil.copy(os.path.join(IMAGES, "bang-mau.png"),
                    os.path.join(png, "reports", MONTH, "so-do-ket-noi.png"))
        r = run(["build", "--content", png, "--out", out])
        T.ok(r.rc == 0 and open(os.path.join(out, MONTH, "so-do-ket-noi.png"), "rb").read() ==
             open(os.path.join(IMAGES, "bang-mau.png"), "rb").read() and
             'width="300" height="120"' in open(page, encoding="utf-8").read(),
             "a changed image is published again, its page remade", r.err)
        T.ok("300" in subprocess.run(["pdfimages", "-list", pdf], capture_output=True,
                                     text=True).stdout, "and its PDF remade")
        # an image in a folder of the report's, its name with spaces: published under it,
        # and an unchanged rebuild links the page and the image from the last build
        sub = os.path.join(tmp, "sub")
        shutil.copytree(FIX, sub)
        rep = os.path.join(sub, "reports", MONTH)
        os.mkdir(os.path.join(rep, "hình"))
        shutil.move(os.path.join(rep, "so-do-ket-noi.png"), os.path.join(rep, "hình", "sơ đồ.png"))
        src = open(os.path.join(rep, "report.md"), encoding="utf-8").read()
        open(os.path.join(rep, "report.md"), "w", encoding="utf-8").write(
            src.replace("(so-do-ket-noi.png)", "(<hình/sơ đồ.png>)"))
        sout = os.path.join(tmp, "sub-out")
        env = dict(os.environ, BAOCAO_TIMING="1")
        r1 = run(["build", "--content", sub, "--out", sout], env=env)
        shown = os.path.join(sout, MONTH, "hình", "sơ đồ.png")
        ino = os.stat(shown).st_ino if os.path.exists(shown) else None
        r2 = run(["build", "--content", sub, "--out", sout], env=env)
        T.ok(r1.rc == 0 and r2.rc == 0 and ino is not None and
             '<img src="h%C3%ACnh/s%C6%A1%20%C4%91%E1%BB%93.png"' in
             open(os.path.join(sout, MONTH, "index.html"), encoding="utf-8").read(),
             "an image in a folder, its name with spaces, published under that name", r1.err)
        T.ok("4 report pages reused" in r2.err and os.path.exists(shown) and
             os.stat(shown).st_ino == ino,
             "an unchanged rebuild links the page and its image from the last build", r2.err)
        # images refused, by check as by build, located
        cases = [("![x](../../site.yaml)", "outside the report's folder"),
                 ("![x](https://example.gov.vn/a.png)", "outside the report's folder"),
                 ("![x](khong-co.png)", "no such file"),
                 ("![x](cmyk.jpg)", "CMYK"),
                 ("![x](kpi.csv)", "not named .png"),
                 ("![x](gia.png)", "not a PNG or JPEG"),
                 # a good header, the rest cut off: read to the end, refused
                 ("![x](cut.png)", "not a PNG image that can be read"),
                 ("![x](cut.jpg)", "a JPEG image cut short or damaged"),
                 ("![x](thu-muc.png)", "no such file"),
                 ("![x](lon.png)", "is 5001 × 5001 pixels, more than the 25 million"),
                 ("![x](nang.jpg)", "is larger than 32 MiB")]
        for md, want in cases:
            d = os.path.join(tmp, "bad")
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(FIX, d)
            rep = os.path.join(d, "reports", MONTH)
            for f in os.listdir(IMAGES):
                shutil.copy(os.path.join(IMAGES, f), rep)
            open(os.path.join(rep, "gia.png"), "w").write("not an image\n")
            for name, keep in (("so-do-ket-noi.png", 3000), ("anh-tap-huan.jpg", 20000)):
                with open(os.path.join(rep, name), "rb") as f:
                    head = f.read(keep)
                with open(os.path.join(rep, "cut" + os.path.splitext(name)[1]), "wb") as f:
                    f.write(head)
            os.mkdir(os.path.join(rep, "thu-muc.png"))
            with open(os.path.join(rep, "lon.png"), "wb") as f:
                f.write(png_grey(5001, 5001))
            with open(os.path.join(rep, "nang.jpg"), "wb") as f:  # sparse: nothing written
                f.truncate(32 * 1024 * 1024 + 1)
            src = open(os.path.join(rep, "report.md"), encoding="utf-8").read()
            src = src.replace("Các nhiệm vụ đã triển khai:", "Các nhiệm vụ đã triển khai:\n\n" + md + "\n")
            open(os.path.join(rep, "report.md"), "w", encoding="utf-8").write(src)
            line = src.splitlines().index(md) + 1
            rb = run(["build", "--content", d, "--out", os.path.join(tmp, "bad-out")])
            rc = run(["check", "--content", d])
            T.ok(rb.rc == 1 and want in rb.err and
                 ("report.md:%d:" % line) in rb.err,
                 "refused, located: %s" % md, rb.err[-600:])
            T.ok(rc.rc == 1 and rc.err == rb.err, "check refuses it as build: %s" % md,
                 rc.err[-300:])
        # grey, progressive, palette and 16-bit images are drawn, the PDF still PDF/A
        d = os.path.join(tmp, "odd")
        shutil.copytree(FIX, d)
        rep = os.path.join(d, "reports", MONTH)
        extra = ""
        for f in ("xam.jpg", "luy-tien.jpg", "bang-mau.png", "sau-muoi-sau-bit.png"):
            shutil.copy(os.path.join(IMAGES, f), rep)
            extra += "\n![%s](%s)\n" % (f, f)
        src = open(os.path.join(rep, "report.md"), encoding="utf-8").read()
        open(os.path.join(rep, "report.md"), "w", encoding="utf-8").write(
            src.replace("## 3. Về nhiệm vụ", extra + "\n## 3. Về nhiệm vụ"))
        r = run(["build", "--content", d, "--out", os.path.join(tmp, "odd-out")])
        T.ok(r.rc == 0, "grey, progressive, palette and 16-bit images build", r.err)
        opdf = os.path.join(tmp, "odd-out", MONTH, "bao-cao-thang-05-2025.pdf")
        if r.rc == 0:
            res, err = test_readers.read_all([opdf])
            if err is None and "pdfbox" in res[opdf]["text"]:
                T.ok(res[opdf]["valid"], "PDF/A-1b valid with them", res[opdf]["errors"])
        hand_breaks(tmp)
    T.done()


def hand_breaks(tmp):
    """An issuer's name and a title broken by hand (a '\\n' in the YAML string, or a `|`
    block): the lines as typed in the PDF's header and on the page, one line in the metadata
    and the feed. Without them the balancing broke "QUẢN / LÝ", a word of two syllables."""
    d = os.path.join(tmp, "hand")
    shutil.copytree(FIX, d)
    site = os.path.join(d, "site.yaml")
    src = open(site, encoding="utf-8").read()
    src = re.sub(r'(?m)^  name: .*$', '  name: |\n    CỤC CẢNH SÁT\n    QUẢN LÝ HÀNH CHÍNH\n'
                 '    VỀ TRẬT TỰ XÃ HỘI', src)
    open(site, "w", encoding="utf-8").write(src)
    md = os.path.join(d, "reports", MONTH, "report.md")
    src = open(md, encoding="utf-8").read()
    # the two characters \ and n in a double-quoted YAML string: a line break
    src = re.sub(r'(?m)^title: .*$', lambda m: 'title: "Tình hình chuyển đổi số\\ntháng 05/2025"',
                 src)
    open(md, "w", encoding="utf-8").write(src)
    out = os.path.join(tmp, "hand-out")
    r = run(["build", "--content", d, "--out", out])
    T.ok(r.rc == 0, "an issuer's name and a title broken by hand build", r.err)
    if r.rc != 0:
        return
    pdf = os.path.join(out, MONTH, "bao-cao-thang-05-2025.pdf")
    lines = [l.strip() for l in pdf_text(pdf, 1).splitlines()]
    left = [re.split(r"\s{2,}", l)[0] for l in lines[:6]]
    for want in ("CỤC CẢNH SÁT", "QUẢN LÝ HÀNH CHÍNH", "VỀ TRẬT TỰ XÃ HỘI"):
        T.ok(want in left, "the issuer's line '%s' as typed, in the PDF" % want, left)
    T.ok("Tình hình chuyển đổi số" in lines and "tháng 05/2025" in lines,
         "the title's two lines as typed, in the PDF", lines[:14])
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    T.ok("Title:           Tình hình chuyển đổi số tháng 05/2025\n" in info and
         "Author:          CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI\n" in info,
         "the metadata on one line", info)
    page = open(os.path.join(out, MONTH, "index.html"), encoding="utf-8").read()
    m = re.search(r'<p class="issuer-name">(.*?)</p>', page, re.S)
    T.ok(m and m.group(1).strip().split("\n") ==
         ["CỤC CẢNH SÁT", "QUẢN LÝ HÀNH CHÍNH", "VỀ TRẬT TỰ XÃ HỘI"],
         "the page keeps the issuer's lines", m and m.group(1))
    css = open(os.path.join(out, "assets", "style.css"), encoding="utf-8").read()
    rule = re.search(r"([^{}]*)\{\s*white-space:\s*pre-line;\s*\}", css)
    T.ok(rule and {".issuer-name", ".subject"} <= {x.strip() for x in rule.group(1).split(",")},
         "and shows them (white-space: pre-line)", rule and rule.group(1))
    feed = open(os.path.join(out, "feed.xml"), encoding="utf-8").read()
    T.ok("<name>CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI</name>" in feed,
         "the feed's author on one line", feed[:600])


if __name__ == "__main__":
    main()
