#!/usr/bin/env python3
"""The official BÁO CÁO PDF (docs/bao-cao-format.md), measured from the outside.

Builds test/e2e/fixtures/pdf with $BAOCAO and reads the PDF with poppler-utils and qpdf:
page sizes, margins, the header's columns, centring, page numbers, justification, first-line
indents, footnotes beside their references, repeated table headers on landscape pages, fonts,
file validity, byte-identical rebuilds, and the source text in order. Run from the repo root.
"""
import base64
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402  (the suite's environment: only the fonts of test/fonts/liberation.conf)
from lib import record_pdfs  # noqa: E402

BAOCAO = os.environ.get("BAOCAO", "build/baocao")
FIXTURE = "test/e2e/fixtures/pdf"
MM = 72 / 25.4
A4_W, A4_H = 210 * MM, 297 * MM
LEFT, RIGHT, TOP, BOTTOM = 35 * MM, 20 * MM, 25 * MM, 20 * MM  # templates/page-style.yaml
INDENT = 10 * MM
TEXT_W = A4_W - LEFT - RIGHT
RIGHT_EDGE = A4_W - RIGHT

passed = failed = 0


# --- TrueType, just enough to compare a subset's glyphs with the face's ---

def ttf_tables(data):
    n = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag.decode("latin-1")] = data[off:off + length]
    return tables


def ttf_glyph(tables, gid):
    """(advance width, the glyph's header: contours and bounding box; None when empty)."""
    long_loca = struct.unpack(">h", tables["head"][50:52])[0] == 1
    loca = tables["loca"]
    if long_loca:
        start, end = struct.unpack(">II", loca[4 * gid:4 * gid + 8])
    else:
        start, end = (2 * v for v in struct.unpack(">HH", loca[2 * gid:2 * gid + 4]))
    header = tables["glyf"][start:start + 10] if end > start else None
    n_metrics = struct.unpack(">H", tables["hhea"][34:36])[0]
    k = min(gid, n_metrics - 1)
    return struct.unpack(">H", tables["hmtx"][4 * k:4 * k + 2])[0], header


def ttf_cmap(tables):
    """Code point -> glyph, from the (3, 1) format 4 subtable."""
    cmap = tables["cmap"]
    for i in range(struct.unpack(">H", cmap[2:4])[0]):
        pid, eid, off = struct.unpack(">HHI", cmap[4 + 8 * i:12 + 8 * i])
        if (pid, eid) == (3, 1) and struct.unpack(">H", cmap[off:off + 2])[0] == 4:
            t = cmap[off:]
            segs = struct.unpack(">H", t[6:8])[0] // 2
            arr = lambda k: struct.unpack(">%dH" % segs, t[14 + k * 2 * segs + 2 * (k > 0):][:2 * segs])
            ends, starts, deltas = arr(0), arr(1), arr(2)
            ro_at = 16 + 6 * segs
            out = {}
            for j in range(segs):
                ro = struct.unpack(">H", t[ro_at + 2 * j:ro_at + 2 * j + 2])[0]
                for c in range(starts[j], ends[j] + 1):
                    if ro == 0:
                        g = (c + deltas[j]) & 0xFFFF
                    else:
                        at = ro_at + 2 * j + ro + 2 * (c - starts[j])
                        g = struct.unpack(">H", t[at:at + 2])[0]
                        g = (g + deltas[j]) & 0xFFFF if g else 0
                    out[c] = g
            return out
    return {}


def subset_glyphs_wrong(pdf, family="Liberation Serif", env=None):
    """For each face's CID font: the characters drawn (its /W) whose glyph in the subset (by
    the CIDToGIDMap) is not the face's own glyph for them (advance, contours, box)."""
    r = run("qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
            "--decode-level=generalized", pdf)
    objs = json.loads(r.stdout)["qpdf"][1]
    stream = lambda ref: base64.b64decode(objs["obj:" + ref]["stream"]["data"])
    fonts, wrong = 0, []
    for v in objs.values():
        d = v.get("value") if isinstance(v, dict) else None
        if not isinstance(d, dict) or d.get("/Subtype") != "/CIDFontType2":
            continue
        name = d["/BaseFont"].split("+", 1)[1].split(",")[0]
        style = {"Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}.get(
            name.split("-")[1] if "-" in name else "", "Regular")
        path = run("fc-match", "-f", "%{file}", family + ":style=" + style, env=env).stdout
        face = ttf_tables(open(path, "rb").read())
        cmap = ttf_cmap(face)
        sub = ttf_tables(stream(objs["obj:" + d["/FontDescriptor"]]["value"]["/FontFile2"]))
        m = stream(d["/CIDToGIDMap"])
        w = d["/W"]
        cids = []
        for i in range(0, len(w) - 1, 2):
            cids += [w[i] + k for k in range(len(w[i + 1]))]
        fonts += 1
        for cid in cids:
            new = struct.unpack(">H", m[2 * cid:2 * cid + 2])[0] if 2 * cid + 2 <= len(m) else 0
            if new == 0 or ttf_glyph(sub, new) != ttf_glyph(face, cmap.get(cid, 0)):
                wrong.append((name, hex(cid)))
    return fonts, wrong


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {what}")
    else:
        failed += 1
        print(f"not ok - {what}" + (f": {detail}" if detail else ""))


def run(*args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode == 0 and args[:2] == (BAOCAO, "build") and "--out" in args:
        record_pdfs(args[args.index("--out") + 1])  # for test_readers.py --collected
    return r


def build(out):
    r = run(BAOCAO, "build", "--content", FIXTURE, "--out", out)
    return r


def templates_with(folder, key, value):
    """A copy of templates/ in folder whose page-style.yaml has `key: value` (a list)."""
    shutil.copytree("templates", folder)
    style = os.path.join(folder, "page-style.yaml")
    text = open(style, encoding="utf-8").read()
    open(style, "w", encoding="utf-8").write(
        re.sub(r"%s: \[[^]]*\]" % key, lambda m: "%s: %s" % (key, value), text))
    return folder


def words_by_page(pdf):
    """[(page_w, page_h, [(xMin, yMin, xMax, yMax, text)])] from pdftotext -bbox-layout."""
    r = run("pdftotext", "-bbox-layout", pdf, "-")
    xml = re.sub(r'xmlns="[^"]*"', "", r.stdout, count=1)
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter("page"):
        ws = []
        for w in page.iter("word"):
            ws.append((float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                       float(w.get("yMax")), w.text or ""))
        pages.append((float(page.get("width")), float(page.get("height")), ws))
    return pages


def lines_of(words):
    """Words grouped into visual lines by baseline (bottom of the box), left to right.
    A superscript mark shares the line of the text around it."""
    lines = []
    # the tallest words make the lines; smaller ones (superscripts) join the line they sit in
    for w in sorted(words, key=lambda w: (-round(w[3] - w[1], 1), w[3], w[0])):
        h = w[3] - w[1]
        for ln in lines:
            if abs(ln["bottom"] - w[3]) < 1.5 or (w[1] >= ln["top"] - 1 and w[3] <= ln["bottom"] + 1
                                                 and h < ln["h"]):
                ln["words"].append(w)
                if h > ln["h"]:
                    ln["h"], ln["top"], ln["bottom"] = h, w[1], w[3]
                break
        else:
            lines.append({"words": [w], "h": h, "top": w[1], "bottom": w[3]})
    for ln in lines:
        ln["words"].sort(key=lambda w: w[0])
        ln["x0"] = ln["words"][0][0]
        ln["x1"] = max(w[2] for w in ln["words"])
        ln["text"] = " ".join(w[4] for w in ln["words"])
    lines.sort(key=lambda ln: ln["bottom"])
    return lines


def find_line(lines, text):
    for ln in lines:
        if text in ln["text"]:
            return ln
    return None


def baseline(word):
    # Liberation Serif: ascent 0.891, descent 0.216 of the size; the box is both
    size = (word[3] - word[1]) / 1.107
    return word[3] - 0.216 * size


def norm(s):
    return unicodedata.normalize("NFC", s)


def fixture_with_sentence(dest, sentence):
    """A copy of the fixture at dest whose 2025-01 report.md has sentence put before the
    paragraph "Cổng Dịch vụ công…"; returns (that report.md, the paragraph's 0-based line)."""
    shutil.copytree(FIXTURE, dest)
    rmd = os.path.join(dest, "reports/2025-01/report.md")
    lines = open(rmd, encoding="utf-8").read().split("\n")
    n = next(k for k, l in enumerate(lines) if l.startswith("Cổng Dịch vụ công"))
    lines[n] = sentence + lines[n]
    open(rmd, "w", encoding="utf-8").write("\n".join(lines))
    return rmd, n


def main():
    if not os.path.exists(BAOCAO):
        print(f"not ok - {BAOCAO} is not built")
        print("0 passed, 1 failed")
        return 1
    tmp = tempfile.mkdtemp(prefix="baocao-pdf-")
    out1, out2 = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    r = build(out1)
    check(r.returncode == 0, "the fixture builds", r.stderr.strip())
    pdf = os.path.join(out1, "2025-01", "bao-cao-thang-01-2025.pdf")
    check(os.path.exists(pdf), "the report's PDF is written")
    if not os.path.exists(pdf):
        print(f"{passed} passed, {failed} failed")
        return 1

    # --- the file ---
    r = run("qpdf", "--check", pdf)
    check(r.returncode == 0 and "No syntax or stream encoding errors" in r.stdout,
          "qpdf --check is clean", r.stdout[-300:] + r.stderr[-300:])
    r = run("pdffonts", pdf)
    rows = [l for l in r.stdout.splitlines()[2:] if l.strip()]
    check(len(rows) >= 4, "four faces at least are used", r.stdout)
    for row in rows:
        cols = row.split()
        check(cols[-5:-2] == ["yes", "yes", "yes"], f"font embedded, subset, with a Unicode map: {cols[0]}",
              row)
    # each face's program is a subset (gen/pdf/embed.c: the glyphs drawn, without glyph
    # names or layout tables): tens of KB, where a Liberation Serif file is ~380 KB and
    # libharu's own subsets, which keep every table but glyf whole, were ~75 KB
    objs = json.loads(run("qpdf", "--json=2", "--json-key=qpdf", pdf).stdout)["qpdf"][1]
    programs = [v["stream"]["dict"]["/Length1"] for v in objs.values()
                if isinstance(v, dict) and "/Length1" in v.get("stream", {}).get("dict", {})]
    check(len(programs) == len(rows) and all(0 < n < 60000 for n in programs),
          "one font program a face, each a subset under 60 KB", str(programs))
    # the subsets number their glyphs anew: each character drawn is still its own glyph
    n_fonts, wrong = subset_glyphs_wrong(pdf)
    check(n_fonts >= 4 and not wrong, "each character drawn is the face's glyph in its subset",
          f"{n_fonts} fonts, wrong: {wrong[:5]}")
    r = build(out2)
    pdf2 = os.path.join(out2, "2025-01", "bao-cao-thang-01-2025.pdf")
    same = r.returncode == 0 and open(pdf, "rb").read() == open(pdf2, "rb").read()
    check(same, "two builds give identical bytes")
    info = run("pdfinfo", "-rawdates", pdf).stdout
    check("Title:           Tình hình, kết quả triển khai Đề án 06/CP" in info, "Info title is the report's", info)
    check("Creator:         baocao" in info and "CreationDate:    D:20250204000000+07'00'" in info,
          "creator baocao, dated by the report at midnight in Vietnam (not the clock)", info)
    qdf = run("qpdf", "--qdf", "--object-streams=disable", pdf, "-").stdout if False else ""
    r = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"], capture_output=True)
    check(b"/Outlines" in r.stdout and r.stdout.count(b"/Dest") >= 8,
          "bookmarks for the headings")

    pages = words_by_page(pdf)
    check(len(pages) >= 5, "several pages", str(len(pages)))
    portrait = [i for i, p in enumerate(pages) if abs(p[0] - A4_W) < 1 and abs(p[1] - A4_H) < 1]
    landscape = [i for i, p in enumerate(pages) if abs(p[0] - A4_H) < 1 and abs(p[1] - A4_W) < 1]
    check(len(portrait) + len(landscape) == len(pages) and 0 in portrait,
          "every page is A4, portrait or landscape")

    # --- margins: no word outside the text area (page numbers sit in the top margin) ---
    bad = []
    for i, (pw, ph, ws) in enumerate(pages):
        for w in ws:
            in_top_margin = w[3] < TOP
            if w[0] < LEFT - 0.5 or w[2] > pw - RIGHT + 0.5 or w[3] > ph - BOTTOM + 0.5:
                bad.append((i + 1, w))
            elif in_top_margin and not (i > 0 and re.fullmatch(r"\d+", w[4])):
                bad.append((i + 1, w))
    check(not bad, "every word inside the margins", str(bad[:5]))

    # --- page 1: the header's two columns ---
    p1 = lines_of(pages[0][2])
    right_w = max(0.6 * TEXT_W, 96 * MM)
    left_w = TEXT_W - right_w
    left_c, right_c = LEFT + left_w / 2, LEFT + left_w + right_w / 2
    for text, centre, what in [("BỘ CÔNG AN", left_c, "parent body centred in the left column"),
                               ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right_c,
                                "national name centred in the right column, on one line"),
                               ("Độc lập - Tự do - Hạnh phúc", right_c, "motto centred in the right column")]:
        ln = find_line(p1, text)
        col = LEFT + left_w - 2
        words = [w for w in (ln["words"] if ln else []) if (w[2] < col if centre == left_c else w[0] > col)]
        ok = bool(words) and abs((words[0][0] + max(w[2] for w in words)) / 2 - centre) < 1.0
        check(ok, what, str(words[:2]))
    so = [w for w in pages[0][2] if w[4] == "Số:"]
    ha = [w for w in pages[0][2] if w[4] == "Hà" and w[0] > LEFT + left_w]
    check(so and ha and abs(baseline(so[0]) - baseline(ha[0])) < 0.6,
          "'Số:' and the date line share a baseline", f"{so} {ha}")
    check(so and so[0][2] < LEFT + left_w and ha and ha[0][0] > LEFT + left_w,
          "'Số:' left, the date right")
    bc = find_line(p1, "BÁO CÁO")
    check(bc and abs((bc["x0"] + bc["x1"]) / 2 - (LEFT + TEXT_W / 2)) < 1.0,
          "BÁO CÁO centred on the text width", str(bc and (bc["x0"], bc["x1"])))
    kg = find_line(p1, "Kính gửi:")
    dashes = [ln for ln in p1 if ln["text"].startswith("- ") and ln["text"].endswith((";", "."))
              and kg and ln["top"] > kg["top"] and ln["top"] < kg["top"] + 60]
    check(kg is not None and len(dashes) == 3, "Kính gửi: then one line per addressee", str(dashes))
    colon = None
    if kg:
        kw = [w for w in kg["words"] if w[4] == "gửi:"]
        colon = kw[0][2] if kw else None
    check(colon is not None and all(colon - 6 < d["x0"] < colon + 1 for d in dashes),
          "addressees aligned under the colon", f"{colon} {[d['x0'] for d in dashes]}")
    check(dashes and dashes[-1]["text"].endswith(".") and all(d["text"].endswith(";") for d in dashes[:-1]),
          "addressees end ';' and the last '.'")

    # --- page numbers: none on page 1, centred in the top margin from page 2 ---
    def top_numbers(i):
        return [w for w in pages[i][2] if w[3] < TOP and re.fullmatch(r"\d+", w[4])]
    check(not top_numbers(0), "no page number on page 1")
    first_appendix = landscape[0] if landscape else len(pages)
    for i in range(1, first_appendix):
        n = top_numbers(i)
        pw = pages[i][0]
        ok = len(n) == 1 and n[0][4] == str(i + 1) and abs((n[0][0] + n[0][2]) / 2 - (LEFT + (pw - LEFT - RIGHT) / 2)) < 1
        check(ok, f"page {i + 1} numbered {i + 1}, centred in the top margin", str(n))
    if landscape:
        check(not top_numbers(landscape[0]), "the appendix's first page is unnumbered")
        if len(landscape) > 1:
            n = top_numbers(landscape[1])
            check(n and n[0][4] == "2", "the appendix restarts its numbering", str(n))

    # --- body: first-line indents and justification ---
    body_h = (1.107 * 14) - 1.5
    justified = short = 0
    bad_just, indents = [], 0
    for i in portrait:
        lines = [ln for ln in lines_of(pages[i][2]) if ln["h"] > body_h and ln["top"] > TOP]
        if i == 0:
            lines = [ln for ln in lines if bc and ln["top"] > kg["top"] + 60]
        for a, b in zip(lines, lines[1:]):
            if b["top"] - a["bottom"] > 12 or "Nơi nhận:" in a["text"]:
                continue  # not consecutive lines of one paragraph; the closing block
            if abs(a["x0"] - (LEFT + INDENT)) < 0.5:
                indents += 1
            # followed by a continuation line at the left margin: a's paragraph goes on
            if abs(b["x0"] - LEFT) < 0.5 and a["x0"] < LEFT + INDENT + 0.5:
                justified += 1
                if abs(a["x1"] - RIGHT_EDGE) > 0.5:
                    bad_just.append((i + 1, a["text"][-40:], round(a["x1"] - RIGHT_EDGE, 2)))
    check(justified > 20, "many justified lines measured", str(justified))
    check(not bad_just, "lines before a continuation end on the right margin (±0.5 pt)", str(bad_just[:5]))
    check(indents > 15, "paragraphs start at the 1 cm first-line indent", str(indents))
    intro = [w for w in pages[0][2] if w[4] == "Tổ" and w[1] > (kg["top"] if kg else 0) + 40]
    check(intro and abs(intro[0][0] - (LEFT + INDENT)) < 0.5, "first paragraph indented 1 cm",
          str(intro[:1]))
    # the last line of a paragraph is not stretched
    last = [ln for i in portrait for ln in lines_of(pages[i][2]) if ln["text"].startswith("phủ./.")]
    check(last and last[0]["x1"] < RIGHT_EDGE - 50, "a paragraph's last line is left-aligned")
    # bullets: "-" at the first level at the indent, "+" at the second further in
    dash = [ln for i in portrait for ln in lines_of(pages[i][2]) if ln["text"].startswith("- Đồng chí Tổ trưởng")]
    plus = [ln for i in portrait for ln in lines_of(pages[i][2]) if ln["text"].startswith("+ Nhiệm vụ cấp hai")]
    check(dash and abs(dash[0]["x0"] - (LEFT + INDENT)) < 0.5, "level-1 items start '- ' at the indent")
    check(plus and plus[0]["x0"] > LEFT + INDENT + 5, "level-2 items start '+ ', indented further")
    check(all("•" not in w[4] for p in pages for w in p[2]), "no bullet character")

    # --- footnotes on the page of their reference ---
    for ref, note in [("điểmAlpha", "GHICHUA"), ("điểmBeta", "GHICHUB"), ("điểmGamma", "GHICHUC")]:
        rp = [i for i, p in enumerate(pages) for w in p[2] if w[4].startswith(ref)]
        np_ = [i for i, p in enumerate(pages) for w in p[2] if w[4] == note]
        check(rp and np_ and rp[0] == np_[0], f"footnote {note} on the page of its reference", f"{rp} {np_}")
        if np_:
            nw = [w for w in pages[np_[0]][2] if w[4] == note][0]
            rw = [w for w in pages[rp[0]][2] if w[4].startswith(ref)][0] if rp else None
            check(rw and nw[1] > rw[3], f"footnote {note} below its reference, at the foot")
            # small: 11 pt against the body's 14
            check((nw[3] - nw[1]) < 1.107 * 12, f"footnote {note} set smaller than the body")

    # --- the wide table: landscape, the header on every page it crosses ---
    check(len(landscape) >= 2, "the 7-column appendix table goes on landscape pages", str(landscape))
    rows_pages = sorted({i for i, p in enumerate(pages) for w in p[2] if w[4].startswith("NVT")})
    check(rows_pages and all(i in landscape for i in rows_pages), "every table row is on a landscape page")
    for i in rows_pages:
        heads = [w for w in pages[i][2] if w[4] == "STT"]
        check(len(heads) == 1, f"the table header is on page {i + 1}")
    nums = sorted(int(m.group(1)) for i in rows_pages for w in pages[i][2] for m in [re.fullmatch(r"NVT(\d+)", w[4])] if m)
    check(nums == list(range(1, 19)), "every row is printed once, none lost at a page break", str(nums))
    if landscape:
        lp = lines_of(pages[landscape[0]][2])
        pl = find_line(lp, "Phụ lục I")
        ref = find_line(lp, "(Kèm theo Báo cáo số 15/BC-TCTTKĐA ngày 04/02/2025")
        lw = A4_H - LEFT - RIGHT
        check(pl and abs((pl["x0"] + pl["x1"]) / 2 - (LEFT + lw / 2)) < 1, "'Phụ lục I' centred")
        check(find_line(lp, "CÁC NHIỆM VỤ CHẬM TIẾN ĐỘ") is not None, "the appendix title in capitals")
        check(ref is not None, "the appendix's reference line from the front matter")

    # --- closing block ---
    close = [(i, ln) for i in portrait for ln in lines_of(pages[i][2]) if ln["text"].startswith("Nơi nhận:")]
    check(len(close) == 1, "Nơi nhận: once")
    if close:
        i, ln = close[0]
        check("KT. TỔ TRƯỞNG" in ln["text"], "Nơi nhận: on the line of the signing authority", ln["text"])
        lines = lines_of(pages[i][2])
        name = find_line(lines, "Trung tướng Nguyễn Văn Long")
        check(name is not None and name["top"] - ln["bottom"] > 25 * MM, "space for the signature")
        check(find_line(lines, "- Ban Bí thư Trung ương Đảng;") is not None, "recipients '- X;'")

    # --- the text: each paragraph's words, in order ---
    r = run("pdftotext", "-raw", pdf, "-")
    # the fonts' codes (Identity-H) and their ToUnicode map, read by poppler without a word
    check(r.returncode == 0 and not r.stderr.strip(), "pdftotext reads the fonts' maps without a warning",
          r.stderr[:300])
    text = norm(r.stdout)
    stream = text.split()
    md = norm(open(os.path.join(FIXTURE, "reports/2025-01/report.md"), encoding="utf-8").read())
    body = md.split("---", 2)[2]
    paras = [p for p in body.split("\n\n") if p.strip() and not re.search(r"[{}\[\]#*|]|^[-+ ]", p.strip())]
    check(len(paras) > 10, "plain paragraphs to compare", str(len(paras)))
    missing = []
    for p in paras:
        words = p.split()
        k = 0
        for tok in stream:
            if k < len(words) and tok == words[k]:
                k += 1
        if k < len(words):
            missing.append((words[max(k - 1, 0)], words[k] if k < len(words) else ""))
    check(not missing, "the source text is in the PDF, word by word in order", str(missing[:3]))
    check("Cục" not in "" and "87,9 triệu" in text, "references resolved to their values")

    # --- a character no font can draw (test/fonts/liberation.conf: Liberation Serif alone,
    # whatever the machine has installed): a located error, and no PDF ---
    bad_dir = os.path.join(tmp, "bad")
    rmd, n = fixture_with_sentence(bad_dir, "Chữ Hán 中 không vẽ được. ")
    r = run(BAOCAO, "build", "--content", bad_dir, "--out", os.path.join(tmp, "bad-out"))
    want = f"{rmd}:{n + 1}:9: error: no font can draw U+4E2D '中'"
    check(r.returncode == 1 and want in r.stderr, "a character no font has is a located error", r.stderr.strip()[:300])
    check(not os.path.exists(os.path.join(tmp, "bad-out", "2025-01")), "and nothing is published")
    system = dict(os.environ)
    del system["FONTCONFIG_FILE"]
    check(not run("fc-list", ":charset=4e2d", "file").stdout.strip(),
          "the suite's fonts draw no '中', whatever the machine has (here: %s)" %
          (run("fc-list", ":charset=4e2d", "family", env=system).stdout.strip() or "none"))

    # --- where the user has a CJK font (Droid Sans Fallback, test/fonts/cjk.conf), '中' is
    # drawn from it instead: a fallback font beside the faces, and the text reads back ---
    droid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
    check(os.path.exists(droid), "fonts-droid-fallback is installed (./build.sh test installs it)")
    if os.path.exists(droid):
        cjk_out = os.path.join(tmp, "cjk-out")
        r = run(BAOCAO, "build", "--content", bad_dir, "--out", cjk_out,
                env=lib.fonts_env("cjk"))
        cjk_pdf = os.path.join(cjk_out, "2025-01", "bao-cao-thang-01-2025.pdf")
        check(r.returncode == 0 and os.path.exists(cjk_pdf),
              "with a CJK font installed, '中' builds instead of an error", r.stderr.strip()[:300])
        if os.path.exists(cjk_pdf):
            fonts = run("pdffonts", cjk_pdf).stdout
            check(any("DroidSansFallback" in l and l.split()[-5:-2] == ["yes", "yes", "yes"]
                      for l in fonts.splitlines()),
                  "'中' is drawn from Droid Sans Fallback, embedded, subset, with a Unicode map",
                  fonts)
            check("Chữ Hán 中 không vẽ được." in run("pdftotext", cjk_pdf, "-").stdout,
                  "'中' is copied out as '中'")

    # --- a character the faces lack, drawn from a fallback font that fontconfig finds (the
    # fonts libharu embeds itself, beside the faces baocao's embed.c makes): DejaVu Sans
    # (test/fonts/dejavu.conf), with the page style's exclusion of DejaVu lifted ---
    # --- a font family that is not installed, and none at all: located at the list ---
    for value, phrase in (('["Times New Roma"]', "tried 'Times New Roma'"),
                          ("[]", "fonts.families is empty")):
        ft = templates_with(os.path.join(tmp, "ft%d" % len(value)), "families", value)
        r = run(BAOCAO, "check", "--content", FIXTURE, "--templates", ft)
        line = next(i for i, l in enumerate(open(os.path.join(ft, "page-style.yaml"),
                                                  encoding="utf-8"), 1) if "families:" in l)
        want = "%s/page-style.yaml:%d:13: error: " % (ft, line)
        check(r.returncode == 1 and want in r.stderr and phrase in r.stderr,
              "fonts.families %s: an error at the list" % value, r.stderr[-300:])

    # --- a soft hyphen (Word's optional hyphen, U+00AD) is not drawn, as browsers hide it ---
    shy_dir = os.path.join(tmp, "shy")
    fixture_with_sentence(shy_dir, "Đã trình Chính\u00adphủ dự thảo. ")
    shy_out = os.path.join(tmp, "shy-out")
    r = run(BAOCAO, "build", "--content", shy_dir, "--out", shy_out)
    shy_pdf = os.path.join(shy_out, "2025-01", "bao-cao-thang-01-2025.pdf")
    t = run("pdftotext", shy_pdf, "-").stdout if r.returncode == 0 else ""
    check("Đã trình Chínhphủ dự thảo." in norm(t) and "Chính-phủ" not in t and "\u00ad" not in t,
          "a soft hyphen is not drawn in the PDF", r.stderr[:300] + t[:300])

    # --- a draft's PDF (build --drafts, serve) says DỰ THẢO above BÁO CÁO, as its web page
    # does; a published report's does not ---
    dr_dir = os.path.join(tmp, "draft")
    rmd, _ = fixture_with_sentence(dr_dir, "")
    src = open(rmd, encoding="utf-8").read()
    open(rmd, "w", encoding="utf-8").write(
        re.sub(r"(?m)^date: (\d{4}-\d{2})-\d{2}$", r"date: \1", src, count=1))
    dr_out = os.path.join(tmp, "draft-out")
    r = run(BAOCAO, "build", "--drafts", "--content", dr_dir, "--out", dr_out)
    dr_pdf = os.path.join(dr_out, "2025-01", "bao-cao-thang-01-2025.pdf")
    t = run("pdftotext", "-l", "1", dr_pdf, "-").stdout if r.returncode == 0 else ""
    lines = [l.strip() for l in norm(t).splitlines() if l.strip()]
    check("DỰ THẢO" in lines and "BÁO CÁO" in lines and
          lines.index("DỰ THẢO") + 1 == lines.index("BÁO CÁO"),
          "a draft's PDF says DỰ THẢO right above BÁO CÁO", r.stderr[-300:] + "\n".join(lines[:12]))
    check("DỰ THẢO" not in norm(run("pdftotext", "-l", "1", pdf, "-").stdout),
          "a published report's PDF does not")

    fb_dir = os.path.join(tmp, "fb")
    fixture_with_sentence(fb_dir, "Đánh dấu ✓ ở đây. ")
    fb_templates = templates_with(os.path.join(tmp, "fb-templates"), "fallback_exclude",
                                  "[]")
    fb_out = os.path.join(tmp, "fb-out")
    dejavu = lib.fonts_env("dejavu")
    r = run(BAOCAO, "build", "--content", fb_dir, "--templates", fb_templates, "--out", fb_out,
            env=dejavu)
    have = run("fc-list", ":charset=2713", "file", env=dejavu).stdout.strip()
    check("DejaVuSans" in have, "test/fonts/dejavu.conf: DejaVu Sans draws ✓ (fonts-dejavu-core)",
          have)
    if have:
        fb_pdf = os.path.join(fb_out, "2025-01", "bao-cao-thang-01-2025.pdf")
        check(r.returncode == 0 and os.path.exists(fb_pdf), "✓ from a fallback font builds",
              r.stderr.strip()[:300])
        if os.path.exists(fb_pdf):
            fonts = run("pdffonts", fb_pdf).stdout
            rows = [l for l in fonts.splitlines()[2:] if l.strip()]
            check(len(rows) >= 5 and any("Liberation" not in l.split()[0] for l in rows) and
                  all(l.split()[-5:-2] == ["yes", "yes", "yes"] for l in rows),
                  "a fallback font beside the faces, embedded, subset, with a Unicode map", fonts)
            r2 = run("qpdf", "--check", fb_pdf)
            check(r2.returncode == 0, "qpdf --check is clean with a fallback font", r2.stdout[-200:])
            check("Đánh dấu ✓ ở đây." in run("pdftotext", fb_pdf, "-").stdout,
                  "✓ is copied out as ✓")

    # --- faces of another family (DejaVu Serif, whose composite glyphs nest): the family's
    # normal-width cuts, not the condensed ones it also lists ---
    dv_faces = [run("fc-list", "DejaVu Serif:style=" + st, "file", env=dejavu).stdout.strip()
                for st in ("Book", "Bold", "Italic", "Bold Italic")]
    check(all(dv_faces), "test/fonts/dejavu.conf: DejaVu Serif's four faces (fonts-dejavu-core, "
          "-extra)", dv_faces)
    if all(dv_faces):
        dv_templates = templates_with(os.path.join(tmp, "dv-templates"), "families",
                                      '["DejaVu Serif"]')
        dv_out = os.path.join(tmp, "dv-out")
        r = run(BAOCAO, "build", "--content", FIXTURE, "--templates", dv_templates, "--out", dv_out,
                env=dejavu)
        dv_pdf = os.path.join(dv_out, "2025-01", "bao-cao-thang-01-2025.pdf")
        check(r.returncode == 0 and os.path.exists(dv_pdf), "DejaVu Serif faces build", r.stderr[:300])
        if os.path.exists(dv_pdf):
            rows = [l for l in run("pdffonts", dv_pdf).stdout.splitlines()[2:] if l.strip()]
            check(len(rows) == 4 and all("DejaVuSerif" in l and "Condensed" not in l and
                                         "Identity-H" in l for l in rows),
                  "four DejaVu Serif faces, normal width, Identity-H", "\n".join(rows))
            t = run("pdftotext", "-raw", dv_pdf, "-")
            check(not t.stderr.strip() and "Tình hình, kết quả triển khai Đề án 06/CP" in t.stdout,
                  "their text reads back, without a warning", t.stderr[:300])
            n_fonts, wrong = subset_glyphs_wrong(dv_pdf, "DejaVu Serif", env=dejavu)
            check(n_fonts == 4 and not wrong, "each character drawn is DejaVu's glyph in its subset",
                  f"{n_fonts} fonts, wrong: {wrong[:5]}")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
