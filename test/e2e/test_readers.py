#!/usr/bin/env python3
"""Every PDF reads the same in four readers and is a valid PDF/A-1b.

The four text extractors people's tools are built on: poppler (`pdftotext -layout`), MuPDF
(`mutool draw -F txt`: SumatraPDF, zathura, PyMuPDF's indexers), Apache PDFBox (its
PDFTextStripper: Apache Tika's indexers) and pdf.js (Firefox); and the archive's validator,
PDFBox Preflight (PDF/A-1b, TCVN 14159-1:2024). For each PDF:
  - Preflight finds it valid;
  - no reader reads a U+FFFD, each reads NFC text, and the four read the same characters;
  - every body paragraph, footnote and table cell of its report.md (and of the CSV tables it
    inserts) is in each reader's text: a paragraph's words in order (a paragraph that
    crosses a page may have that page's footnotes and number between its halves), a
    {{reference}} standing for its value, a cell's characters in order (a wrapped cell may
    break anywhere);
  - no reader, `mutool clean -s` or `qpdf --check` says a word of warning;
  - /Lang (vi-VN), /DisplayDocTitle, %PDF-1.4; every link an ASCII http(s) or mailto URI.
The PDFs: content/, test/fixtures/minimal and site, test/e2e/fixtures/pdf and readers (links of
every kind, a 110-row appendix), layout (a PNG with transparency and a JPEG, footnotes holding
lists, table rows across pages), a fallback font, DejaVu Serif faces, a draft. One JVM
(test/tools/PdfCheck.java, compiled into the build folder) and one node process
(test/tools/pdfjs_text.mjs) read them all. The checker is checked too: a PDF whose ToUnicode
map says U+FFFD must be caught in all four readers.

With --collected DIR (test/run.sh --all, after the suite): the PDFs every other test built,
which test/e2e/lib.py copied into DIR ($BAOCAO_PDF_DIR), without their sources: the same
checks but the comparison with the source.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_readers.py
"""

import collections
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, REPO, FIXTURES, TempDir, run, program_available, baocao_path,  # noqa: E402
                 fonts_env)

E2E_FIXTURES = os.path.join(REPO, "test", "e2e", "fixtures")
TOOLS = os.path.join(REPO, "test", "tools")
PDFJS = os.path.join(REPO, "test", "node_modules", "pdfjs-dist", "legacy", "build", "pdf.mjs")
JARS = ["pdfbox2.jar", "preflight.jar", "fontbox2.jar", "xmpbox.jar", "commons-logging.jar",
        "javax.activation.jar", "jaxb-api.jar"]
ENGINES = ("poppler", "mupdf", "pdfbox", "pdfjs")
# what a reader says about itself, not about the file
IGNORED = (re.compile(r"^warning: ICC support is not available"),  # Debian's mutool
           re.compile(r"Cannot polyfill `(DOMMatrix|Path2D|ImageData)`"))  # pdf.js in node


# ---------------------------------------------------------------------------- the readers


def sh(args, timeout=600):
    """args run; a reader that hangs fails its file (exit status None), not the suite."""
    try:
        return subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, None, b"", ("%s: timeout after %d s\n" % (
            args[0], timeout)).encode())


def noise(line):
    return not line.strip() or any(p.search(line) for p in IGNORED)


def complaints(text):
    return [l for l in text.splitlines() if not noise(l)]


def pdfcheck_classes():
    """PdfCheck compiled into the build folder (again when its source is newer); the
    classpath, or an error message."""
    jars = [os.path.join("/usr/share/java", j) for j in JARS]
    missing = [j for j in jars if not os.path.exists(j)]
    if missing or not shutil.which("javac"):
        return None, "PDFBox or a JDK is not installed (./build.sh test installs them): %s" % missing
    src = os.path.join(TOOLS, "PdfCheck.java")
    out = os.path.join(os.path.dirname(baocao_path()), "test-tools", "java")
    cls = os.path.join(out, "PdfCheck.class")
    cp = ":".join(jars)
    if not os.path.exists(cls) or os.path.getmtime(cls) < os.path.getmtime(src):
        tmp = out + ".%d" % os.getpid()
        os.makedirs(tmp, exist_ok=True)
        r = sh(["javac", "-nowarn", "-d", tmp, "-cp", cp, src])
        if r.returncode != 0:
            return None, "javac: " + r.stderr.decode("utf-8", "replace")[-800:]
        shutil.rmtree(out, ignore_errors=True)
        os.replace(tmp, out)
    return out + ":" + cp, None


def read_all(pdfs):
    """{pdf: {"text": {engine: text}, "warnings": [...], "valid": bool, "errors": [...]}} from
    the four readers, Preflight, mutool clean and qpdf; the JVM and node run beside the others."""
    res = {p: {"text": {}, "warnings": [], "valid": False, "errors": []} for p in pdfs}
    listing = "".join(p + "\n" for p in pdfs).encode("utf-8")
    cp, err = pdfcheck_classes()
    java = node = None
    if cp:
        java = subprocess.Popen(["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp,
                                 "PdfCheck", "-"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if os.path.exists(PDFJS) and shutil.which("node"):
        node = subprocess.Popen(["node", os.path.join(TOOLS, "pdfjs_text.mjs"), PDFJS, "-"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    for proc in (java, node):
        if proc:
            proc.stdin.write(listing)
            proc.stdin.close()
    fd, cleaned = tempfile.mkstemp(suffix=".pdf")
    os.close(fd)
    for p in pdfs:
        r = res[p]
        x = sh(["pdftotext", "-layout", "-enc", "UTF-8", p, "-"])
        r["text"]["poppler"] = x.stdout.decode("utf-8", "replace")
        r["warnings"] += ["pdftotext: " + l for l in complaints(x.stderr.decode("utf-8", "replace"))]
        x = sh(["mutool", "draw", "-q", "-F", "txt", "-o", "-", p])
        r["text"]["mupdf"] = x.stdout.decode("utf-8", "replace")
        r["warnings"] += ["mutool draw: " + l for l in complaints(x.stderr.decode("utf-8", "replace"))]
        if x.returncode != 0:
            r["warnings"].append("mutool draw: exit status %s" % x.returncode)
        x = sh(["mutool", "clean", "-s", p, cleaned])  # (to /dev/null, it never ends)
        r["warnings"] += ["mutool clean -s: " + l
                          for l in complaints(x.stderr.decode("utf-8", "replace"))]
        x = sh(["qpdf", "--check", p])
        out = (x.stdout + x.stderr).decode("utf-8", "replace")
        if x.returncode != 0 or "WARNING" in out or "No syntax or stream encoding errors" not in out:
            r["warnings"].append("qpdf --check: " + out[-400:])
    os.unlink(cleaned)
    if java:
        for line in java.stdout:
            j = json.loads(line)
            r = res.get(j["file"])
            if r is None:
                continue
            r["text"]["pdfbox"] = j["text"]
            r["valid"] = j["valid"]
            r["errors"] = j["errors"]
            r["warnings"] += ["PDFBox: " + w for w in j["warnings"]]
        java.wait()
    if node:
        for line in node.stdout:
            j = json.loads(line)
            r = res.get(j["file"])
            if r is None:
                continue
            if j["error"]:
                r["warnings"].append("pdf.js: " + j["error"])
            else:
                r["text"]["pdfjs"] = j["text"]
            r["warnings"] += ["pdf.js: " + w for w in j["warnings"] if not noise(w)]
        node.wait()
    return res, err


# ---------------------------------------------------------------------------- the source

FN_REF = re.compile(r"\[\^[^\]\s]+\]")
EXPANSION = re.compile(r"\{\{[^{}]*\}\}")
LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\((?:<[^>]*>|[^()\s]*(?:\([^()]*\)[^()\s]*)*)"
                  r"(?:\s+\"[^\"]*\")?\)")
LIST_ITEM = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+")
FN = "\x01"   # a footnote mark: its number
ANY = "\x02"  # a reference: its value


def synth_base(s):
    """What the PDF draws for the characters it makes from a smaller, raised or lowered base
    character (gen/pdf/font.c's font_synth): ⁽¹⁾ reads (1)."""
    return "".join(unicodedata.normalize("NFKC", c) if ("\u2070" <= c <= "\u208e" or
                                                          c in "\u00b2\u00b3\u00b9") else c
                   for c in s)


def inline_text(s):
    """The text a Markdown line shows: marks, links, emphasis, code and escapes taken off;
    a footnote reference as FN, a {{reference}} as ANY."""
    s = re.sub(r"\s*<!--\s*baocao:.*?-->", "", s)  # the figure check's comments: not published
    s = FN_REF.sub(FN, s)
    s = EXPANSION.sub(ANY, s)
    s = re.sub(r"<((?:https?|mailto):[^>\s]*)>", r"\1", s)  # autolinks
    for _ in range(3):  # links in links' text
        s = LINK.sub(r"\1", s)
    s = re.sub(r"`+([^`]*)`+", r"\1", s)
    s = re.sub(r"\*+|~~", "", s)
    s = re.sub(r"(?<![\w\\])_+|_+(?!\w)", "", s)
    s = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", s)
    s = html.unescape(s)
    return synth_base(unicodedata.normalize("NFC", s)).strip()


def read_csv_cells(path):
    import csv
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [c for row in csv.reader(f) for c in row if c.strip()]


def source_items(report_md):
    """[(kind, text)] of a report.md: ("para", text) for each paragraph, list item, heading
    and footnote of the body, ("cell", text) for each table cell, the CSV tables' too."""
    text = open(report_md, encoding="utf-8-sig").read().replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        text = text[text.find("\n", end + 1) + 1:] if end >= 0 else text
    items = []
    folder = os.path.dirname(report_md)
    for block in re.split(r"\n\s*\n", text):
        lines = [l for l in block.split("\n") if l.strip()]
        if not lines:
            continue
        first = lines[0].strip()
        m = re.fullmatch(r"\{\{\s*table\s+(.+?)\s*\}\}", first)
        if m:
            path = os.path.join(folder, m.group(1))
            if os.path.exists(path):
                items += [("cell", inline_text(c)) for c in read_csv_cells(path)]
            continue
        if first.startswith(("{{", "<", "```", "~~~")):
            continue  # a chart; raw HTML and code, not compared
        if first.startswith("|"):
            for l in lines:
                if re.fullmatch(r"\|?[\s:|-]+\|?", l.strip()):
                    continue
                cells = l.strip().strip("|").split("|")
                items += [("cell", inline_text(c)) for c in cells if c.strip()]
            continue
        if first.startswith("#"):
            if re.match(r"#\s*ph[ụu] l[ụu]c", first, re.I):
                continue  # set as "Phụ lục I" and the title in capitals (docs/content-format.md)
            items.append(("para", inline_text(first.lstrip("#"))))
            continue
        cur = []
        for l in lines:
            fm = re.match(r"^\[\^[^\]]+\]:\s*", l)
            if fm or LIST_ITEM.match(l):
                if cur:
                    items.append(("para", inline_text(" ".join(cur))))
                cur = [l[fm.end():] if fm else LIST_ITEM.sub("", l, count=1)]
            else:
                cur.append(l.strip())
        if cur:
            items.append(("para", inline_text(" ".join(cur))))
    return [(k, t) for k, t in items if t.replace(ANY, "").replace(FN, "").strip()]


def para_regex(text):
    """A paragraph's words as a regular expression over a reader's text: any white space
    between them, a footnote mark's number where the reference is, anything short where a
    reference's value is."""
    out = []
    for tok in text.split():
        parts = []
        for piece in re.split("([%s%s])" % (FN, ANY), tok):
            if piece == FN:
                parts.append(r"\s*\d{1,3}\s*")
            elif piece == ANY:
                parts.append(r".{1,80}?")
            elif piece:
                parts.append(re.escape(piece.casefold()))
        out.append("".join(parts))
    return out


def found_para(hay, toks):
    """The paragraph in hay (casefolded); else in two halves with up to 6,000 characters
    between them (a page's foot, its number): the longest beginning of it that hay has, then
    the rest soon after."""
    if not toks:
        return True
    if re.search(r"\s+".join(toks), hay, re.S):
        return True
    lo, hi, first = 0, len(toks) - 1, None  # toks[:lo] is found at first
    while lo < hi:
        k = (lo + hi + 1) // 2
        m = re.search(r"\s+".join(toks[:k]), hay, re.S)
        if m:
            lo, first = k, m
        else:
            hi = k - 1
    if not first:
        return False
    rest = re.compile(r"\s+".join(toks[lo:]), re.S)
    return rest.search(hay, first.end(), first.end() + 6000) is not None


def found_cell(squeezed, cell):
    """A cell's characters (white space left out) in order within a window of the text, its
    first three together (or its first word, if shorter: a header cell may wrap after
    "Cơ"): a wrapped cell's lines come between its neighbours'."""
    words = cell.replace(ANY, " ").replace(FN, " ").casefold().split()
    c = "".join(words)
    if not c:
        return True
    k = min(3, len(words[0]))
    head, rest = c[:k], c[k:]
    window = 3 * len(c) + 400
    at = squeezed.find(head)
    while at >= 0:
        it = iter(squeezed[at + len(head):at + len(head) + window])
        if all(ch in it for ch in rest):
            return True
        at = squeezed.find(head, at + 1)
    return False


def compare(text, items):
    """The source items a reader's text lacks (the characters made from a base character
    compared as that: a family that has ⁽¹⁾ draws it, another draws (1))."""
    hay = synth_base(unicodedata.normalize("NFC", text)).casefold()
    squeezed = re.sub(r"\s+", "", hay)
    missing = []
    for kind, t in items:
        ok = found_cell(squeezed, t) if kind == "cell" else found_para(hay, para_regex(t))
        if not ok:
            missing.append((kind, t.replace(FN, "[^]").replace(ANY, "{{}}")))
    return missing


# ---------------------------------------------------------------------------- the file


def uris(data):
    """The /URI strings of a PDF's link annotations (libharu writes them in the clear)."""
    out = []
    for m in re.finditer(rb"/URI \(((?:[^()\\]|\\.)*)\)", data):
        s = re.sub(rb"\\([0-7]{1,3}|.)", lambda e: bytes([int(e.group(1), 8) & 255])
                   if e.group(1)[:1].isdigit() else e.group(1), m.group(1))
        out.append(s.decode("latin-1"))
    return out


def check_file(T, label, pdf, r, items=None):
    data = open(pdf, "rb").read()
    if b"<pdfaid:part>1</pdfaid:part>" in data:
        T.ok(r["valid"], "%s: PDFBox Preflight finds it a valid PDF/A-1b" % label, r["errors"][:10])
    else:  # made with page.pdfa: false (test_readers.py, --collected)
        print("# %s: no PDF/A claimed (page.pdfa: false), not validated" % label)
    T.ok(not r["warnings"], "%s: no reader, mutool clean or qpdf warns" % label, r["warnings"][:10])
    missing_engine = [e for e in ENGINES if e not in r["text"]]
    T.ok(not missing_engine, "%s: the four readers read it" % label, missing_engine)
    bad = {e: t.count("\ufffd") for e, t in r["text"].items() if "\ufffd" in t}
    T.ok(not bad, "%s: no reader reads a U+FFFD" % label, bad)
    not_nfc = [e for e, t in r["text"].items() if unicodedata.normalize("NFC", t) != t]
    T.ok(not not_nfc, "%s: every reader's text is NFC" % label, not_nfc)
    chars = {e: collections.Counter(c for c in t if not c.isspace()) for e, t in r["text"].items()}
    base = chars.get("poppler", collections.Counter())
    differ = {e: (dict((base - c).most_common(5)), dict((c - base).most_common(5)))
              for e, c in chars.items() if c != base}
    T.ok(not differ and sum(base.values()) > 50,
         "%s: the four readers read the same %d characters" % (label, sum(base.values())),
         "missing, extra against poppler: %s" % differ)
    T.ok(data.startswith(b"%PDF-1.4\n") and b"/Lang (vi-VN)" in data and
         re.search(rb"/DisplayDocTitle true", data) is not None,
         "%s: %%PDF-1.4, /Lang (vi-VN), /DisplayDocTitle" % label)
    links = uris(data)
    bad_links = [u for u in links if not re.fullmatch(r"(https?://|mailto:)[!-~]+", u)]
    T.ok(not bad_links, "%s: %d links, each an ASCII http(s) or mailto URI" % (label, len(links)),
         bad_links)
    if items is None:
        return
    n_para = sum(1 for k, _ in items if k == "para")
    for e in ENGINES:
        if e not in r["text"]:
            continue
        missing = compare(r["text"][e], items)
        T.ok(not missing, "%s: %s has all %d paragraphs and %d cells of the source"
             % (label, e, n_para, len(items) - n_para), missing[:6])


# ---------------------------------------------------------------------------- building


def build(label, content, out, templates=None):
    # --drafts: a draft is only published (and so only has a PDF) when asked for
    args = ["build", "--drafts", "--content", content, "--out", out]
    if templates:
        args += ["--templates", templates]
    # the suite's fonts are Liberation Serif alone (test/fonts/): DejaVu Serif's faces and
    # the fallback font (DejaVu Sans) are those of test/fonts/dejavu.conf
    r = run(args, env=fonts_env("dejavu") if label in ("fallback", "dejavu") else None)
    T.ok(r.rc == 0, "%s builds" % label, r)
    return r.rc == 0


def pdfs_of(content, out):
    """[(pdf, its report.md)] of a build."""
    res = []
    for month in sorted(os.listdir(out)):
        d = os.path.join(out, month)
        if not re.fullmatch(r"\d{4}-\d{2}", month) or not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if f.endswith(".pdf"):
                res.append((os.path.join(d, f), os.path.join(content, "reports", month, "report.md")))
    return res


def templates_with(folder, pattern, value):
    shutil.copytree(os.path.join(REPO, "templates"), folder)
    style = os.path.join(folder, "page-style.yaml")
    text = open(style, encoding="utf-8").read()
    new = re.sub(pattern, value, text)
    assert new != text, pattern
    open(style, "w", encoding="utf-8").write(new)
    return folder


def edit(path, old, new):
    text = open(path, encoding="utf-8").read()
    assert old in text, (path, old)
    open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))


def tampered(pdf, dest):
    """pdf with its ToUnicode map saying U+FFFD for the first run of characters it lists:
    what the readers must be caught reading."""
    qdf = dest + ".qdf"
    sh(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
    data = open(qdf, "rb").read()
    new, n = re.subn(rb"(beginbfrange\n<([0-9A-F]{4})> <([0-9A-F]{4})> )<[0-9A-F]{4}>",
                     lambda m: m.group(1) + (b"[" + b" ".join(b"<FFFD>" for _ in range(
                         int(m.group(3), 16) - int(m.group(2), 16) + 1)) + b"]"), data, count=1)
    open(qdf, "wb").write(new)
    r = sh(["fix-qdf", qdf])
    open(dest, "wb").write(r.stdout)
    return n == 1


# ---------------------------------------------------------------------------- the links


def annotations(pdf):
    """[(page index, /Rect, /URI or None, /Dest or None, /F)] from qpdf's JSON."""
    r = sh(["qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf", pdf])
    j = json.loads(r.stdout)
    objs = j["qpdf"][1]
    page_of = {p["object"]: i for i, p in enumerate(j["pages"])}
    out = []
    for i, p in enumerate(j["pages"]):
        annots = objs["obj:" + p["object"]]["value"].get("/Annots", [])
        if isinstance(annots, str):
            annots = objs["obj:" + annots]["value"]
        for a in annots:
            d = objs["obj:" + a]["value"] if isinstance(a, str) else a
            uri = d.get("/A", {}).get("/URI") if isinstance(d.get("/A"), dict) else None
            dest = d.get("/Dest")
            if dest:
                dest = [page_of.get(dest[0], -1)] + dest[1:]
            out.append((i, d.get("/Rect"), uri[2:] if uri else None, dest, d.get("/F")))
    return out


def words_on_pages(pdf):
    """[[(xMin, yMin, xMax, yMax, word)]] a page (poppler; y from the top)."""
    r = sh(["pdftotext", "-bbox", pdf, "-"])
    pages = []
    for part in r.stdout.decode("utf-8").split("<page ")[1:]:
        h = float(re.search(r'height="([\d.]+)"', part).group(1))
        pages.append([(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in
                      re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                 r'yMax="([\d.]+)">([^<]*)</word>', part)])
        pages[-1] = (h, pages[-1])
    return pages


def check_links(pdf, text):
    ann = annotations(pdf)
    got = sorted({a[2] for a in ann if a[2]})
    want = sorted([
        "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
        "https://so.example.gov.vn/huong-dan?muc=d%E1%BB%8Bch%20v%E1%BB%A5&trang=2#nop-ho-so",
        "https://so.example.gov.vn/ban-tin/2024-12/",
        "https://so.example.gov.vn/ban-tin/2025-01/t%C3%A0i%20li%E1%BB%87u/"
        "b%E1%BA%A3ng%20t%E1%BB%95ng%20h%E1%BB%A3p.pdf",
        "mailto:vanthu@so.example.gov.vn?subject=G%C3%B3p%20%C3%BD%20b%C3%A1o%20c%C3%A1o",
        "https://so.example.gov.vn/ban-tin/2025-01/#phu-luc",
        "https://so.example.gov.vn/",
        "https://dichvucong.gov.vn/",
        "https://so.example.gov.vn/thong-ke",
    ])
    T.eq(got, want, "links: the website's (http, https, mailto, relative), relative ones "
         "resolved against base_url/2025-01/, percent-encoded ASCII; no javascript:, data:, "
         "vbscript:, file:, ms-excel:")
    T.ok(all(a[4] == 4 for a in ann), "links: every annotation prints (/F 4, PDF/A-1)",
         [a for a in ann if a[4] != 4][:3])
    # one annotation over the words of a line that share a link: the first link's 6 words
    first = [a for a in ann if a[2] == "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"]
    T.eq(len(first), 1, "links: one annotation over a line's words of one link")
    for t in ("mở biểu mẫu", "tải tệp", "xem ảnh", "chạy lệnh", "tệp nội bộ", "tệp mạng",
              "ứng dụng", "mã hóa khác", "biểu mẫu"):
        T.ok(t in text, "links: the text of a refused link stays, as text: %r" % t)
    # footnote marks to their notes: the page, and the top of the note's first line
    notes = [a for a in ann if a[3]]
    pages = words_on_pages(pdf)
    starts = {"1": "Số liệu từ Hệ thống", "2": "Người dùng chỉ thấy", "3": "Danh sách 110"}
    T.eq(len(notes), 3, "links: each of the three footnote marks is a link", notes)
    for page, rect, _, dest, _ in notes:
        mark = None
        h, words = pages[page]
        for w in words:  # the mark: the digit under the annotation
            if abs(w[0] - rect[0]) < 1.5 and re.fullmatch(r"\d", w[4]):
                mark = w[4]
        target_page, kind, left, top = dest[0], dest[1], dest[2], dest[3]
        th, twords = pages[target_page]
        first_word = starts.get(mark, "?").split()[0]
        line = [w for w in twords if w[4] == first_word and w[1] > th * 0.6]
        ok = kind == "/XYZ" and line and abs((th - top) - line[0][1]) < 12
        T.ok(ok, "links: footnote mark %s goes to its note's first line (page %d)"
             % (mark, target_page + 1), "dest %r, note line %r" % (dest, line[:1]))


# ---------------------------------------------------------------------------- main


def collected(folder):
    pdfs = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".pdf"))
    T.ok(pdfs, "the tests built PDFs into %s" % folder)
    res, err = read_all(pdfs)
    T.ok(err is None, "PDFBox runs", err)
    for p in pdfs:
        check_file(T, os.path.basename(p), p, res[p])


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    if len(sys.argv) == 3 and sys.argv[1] == "--collected":
        collected(sys.argv[2])
        T.done()
    with TempDir() as tmp:
        cases = []  # (label, content, out, templates)
        cases.append(("content", os.path.join(REPO, "content"), None))
        cases.append(("minimal", os.path.join(FIXTURES, "minimal"), None))
        cases.append(("site", os.path.join(FIXTURES, "site"), None))
        cases.append(("pdf", os.path.join(E2E_FIXTURES, "pdf"), None))
        cases.append(("readers", os.path.join(E2E_FIXTURES, "readers"), None))
        # images: a PNG with transparency (flattened onto white: PDF/A-1 has no soft mask)
        # and a JPEG; footnotes holding lists, tables whose rows break across pages
        cases.append(("layout", os.path.join(E2E_FIXTURES, "layout"), None))
        # a character the faces lack, from a fallback font (libharu's embedding)
        fb = os.path.join(tmp, "fallback")
        shutil.copytree(os.path.join(E2E_FIXTURES, "pdf"), fb)
        edit(os.path.join(fb, "reports", "2025-01", "report.md"), "Cổng Dịch vụ công",
             "Đánh dấu ✓ ở đây, gần bằng ≈ và mũi tên → cũng vậy. Cổng Dịch vụ công")
        cases.append(("fallback", fb, templates_with(os.path.join(tmp, "fb-templates"),
                                                     r"fallback_exclude: \[[^]]*\]",
                                                     "fallback_exclude: []")))
        cases.append(("dejavu", os.path.join(E2E_FIXTURES, "pdf"),
                      templates_with(os.path.join(tmp, "dv-templates"), r"families: \[[^]]*\]",
                                     'families: ["DejaVu Serif"]')))
        # a draft: no number, no day
        draft = os.path.join(tmp, "draft")
        shutil.copytree(os.path.join(E2E_FIXTURES, "readers"), draft)
        rmd = os.path.join(draft, "reports", "2025-01", "report.md")
        edit(rmd, 'number: "12/BC-STTTT"', 'number: "/BC-STTTT"')
        edit(rmd, "date: 2025-02-05", "date: 2025-02")
        cases.append(("draft", draft, None))

        todo = []  # (label, pdf, report.md)
        for label, content, templates in cases:
            out = os.path.join(tmp, "out-" + label)
            if build(label, content, out, templates):
                for pdf, md in pdfs_of(content, out):
                    month = os.path.basename(os.path.dirname(pdf))
                    if label in ("fallback", "dejavu", "draft") and month != "2025-01":
                        continue  # the same as the fixture's
                    if label == "layout" and month != "2025-05":
                        continue  # the report with the images
                    todo.append(("%s/%s" % (label, month), pdf, md))
        T.ok(len(todo) >= 16, "%d PDFs to read" % len(todo))
        # the checker checked: U+FFFD in a ToUnicode map is caught in every reader
        bad_pdf = os.path.join(tmp, "tampered.pdf")
        T.ok(tampered(todo[0][1], bad_pdf), "a PDF whose ToUnicode map says U+FFFD is made")

        res, err = read_all([p for _, p, _ in todo] + [bad_pdf])
        T.ok(err is None, "PDFBox runs", err)
        caught = [e for e in ENGINES if "\ufffd" in res[bad_pdf]["text"].get(e, "")]
        T.eq(caught, list(ENGINES), "the U+FFFD check fails on a PDF that reads U+FFFD, in all "
             "four readers")

        # and the comparison: a word gone from a paragraph, a cell gone, are missed
        label, pdf, md = todo[2]  # content/2025-01
        text, items = res[pdf]["text"].get("poppler", ""), source_items(md)
        para = next(t for k, t in items if k == "para" and len(t.split()) > 20)
        cell = next(t for k, t in items if k == "cell" and len(t) > 20)
        gone = text.replace(" " + para.split()[10] + " ", " ", 1)
        gone = gone.replace(cell.split()[-1], "", 1)
        T.eq(len(compare(gone, items)), 2, "the comparison misses a paragraph that lost a word "
             "and a cell that lost one")

        n_items = 0
        for label, pdf, md in todo:
            items = source_items(md) if os.path.exists(md) else []
            n_items += len(items)
            check_file(T, label, pdf, res[pdf], items)
        T.ok(n_items > 800, "%d paragraphs and cells compared in each reader" % n_items)

        by_label = {label: pdf for label, pdf, _ in todo}
        check_links(by_label["readers/2025-01"], res[by_label["readers/2025-01"]]["text"]["poppler"])
        data = open(by_label["readers/2025-01"], "rb").read()
        T.ok(b"/CreationDate (D:20250205000000+07'00')" in data and
             b"<xmp:CreateDate>2025-02-05T00:00:00+07:00</xmp:CreateDate>" in data,
             "dated by the report at 00:00 +07:00, in the Info and in the XMP")
        data = open(by_label["draft/2025-01"], "rb").read()
        T.ok(b"/CreationDate (D:20250201000000+07'00')" in data and
             b"<xmp:ModifyDate>2025-02-01T00:00:00+07:00</xmp:ModifyDate>" in data,
             "a draft (no day) is dated the first of its month")
        xmp = re.search(rb"<x:xmpmeta.*</x:xmpmeta>", data, re.S)
        T.ok(xmp and "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Kết quả triển khai Đề án 06 "
             "tháng 01/2025 và nhiệm vụ tháng 02/2025</rdf:li>".encode() in xmp.group(0) and
             b"<pdfaid:part>1</pdfaid:part>" in xmp.group(0),
             "the XMP metadata, uncompressed: the title, PDF/A-1")

        # the same content, the same bytes (links and notes included)
        again = os.path.join(tmp, "again")
        if build("readers, again", os.path.join(E2E_FIXTURES, "readers"), again):
            same = open(os.path.join(again, "2025-01", os.path.basename(by_label["readers/2025-01"])),
                        "rb").read() == open(by_label["readers/2025-01"], "rb").read()
            T.ok(same, "a second build gives the same bytes")
        # a place name too long for the date line's column wraps in it: centred on one line,
        # "năm 2025" ran off the page, and poppler read "năm 202"
        long_place = os.path.join(tmp, "long-place")
        shutil.copytree(os.path.join(FIXTURES, "minimal"), long_place)
        edit(os.path.join(long_place, "site.yaml"), 'place: "Hà Nội"',
             'place: "Thành phố Hồ Chí Minh, Văn phòng đại diện tại Thành phố Thủ Đức"')
        if build("a long place name", long_place, os.path.join(tmp, "long-out")):
            pdf = pdfs_of(long_place, os.path.join(tmp, "long-out"))[-1][0]
            h, words = words_on_pages(pdf)[0]
            right = 595.28 - 20 * 72 / 25.4  # A4 less the right margin
            date = [w for w in words if w[1] < 200 and w[4] in ("ngày", "năm", "2025")]
            T.ok(len(date) == 3 and all(w[2] <= right + 0.5 for w in words),
                 "a long place name wraps in its column, within the margin", date)
        # page.pdfa: false: no claim, no profile, no XMP
        plain = os.path.join(tmp, "plain")
        if build("minimal, pdfa: false", os.path.join(FIXTURES, "minimal"), plain,
                 templates_with(os.path.join(tmp, "plain-templates"), r"pdfa: true", "pdfa: false")):
            data = open(pdfs_of(os.path.join(FIXTURES, "minimal"), plain)[-1][0], "rb").read()
            T.ok(b"/OutputIntents" not in data and b"pdfaid" not in data and b"/Lang (vi-VN)" in data,
                 "page.pdfa: false leaves out the output intent and the XMP, not the language")
    T.done()


if __name__ == "__main__":
    main()
