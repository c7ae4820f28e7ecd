#!/usr/bin/env python3
"""The search: the index baocao writes (search-index.js, YYYY-MM/search.js) and
assets/search.js in Debian's chromium, on the site opened from disk (file://).

- The index holds each report's headings, paragraphs, list items, table rows and chart
  descriptions, with anchors that exist in the page, and every indicator's values; it is at
  most 25% of the HTML's bytes (a generated site of 14 reports).
- In the browser: without JavaScript there is no search box; with it, "can cuoc",
  "CĂN CƯỚC" and "căn cước" find the same paragraphs (tone marks, case and đ folded both
  ways), the match highlighted in a snippet under the report and section; every word must
  be in the paragraph, a "quoted phrase" together; a figure is found from its indicator's
  name typed without marks; each result's link leads to a page and an id that exist.
Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_search.py
"""
import json
import os
import re
import subprocess
import sys
import time
import zlib

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import T, REPO, TempDir, run, program_available, files_under, load_html  # noqa: E402
from browser import CHROMIUM, Browser  # noqa: E402


def unsevens(n, s):
    """n bytes written seven bits a character (gen/html/search.c's put_sevens), decoded here
    from that description, not by baocao: a character under U+0080 is seven bits, U+0100 +
    64 k + b the k-th of NUL, LF, CR, '"', '\\' as seven bits and then the six bits b"""
    bits = []
    for c in map(ord, s):
        if c < 0x80:
            assert c not in (0, 10, 13, 34, 92), "a character the encoding escapes: %r" % chr(c)
            bits.append(format(c, "07b"))
        else:
            k, b = divmod(c - 0x100, 64)
            assert 0 <= k < 5, "a character out of the encoding: U+%04X" % c
            bits.append(format([0, 10, 13, 34, 92][k], "07b") + format(b, "06b"))
    bits = "".join(bits)
    assert 8 * n <= len(bits) < 8 * n + 13 and set(bits[8 * n:]) <= {"0"}, \
        "the padding: %d bits for %d bytes" % (len(bits), n)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, 8 * n, 8))


def inflate(n, s):
    return zlib.decompress(unsevens(n, s)).decode("utf-8")


def unpack(path):
    """(key, text) of a YYYY-MM/search.js; (None, indicators text, reports) of the index."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    m = re.fullmatch(r'baocaoSearch\.part\("([^"]*)",(\d+),"([^"\\]*)"\);\n', src)
    if m:
        return m.group(1), inflate(int(m.group(2)), m.group(3))
    m = re.fullmatch(r'baocaoSearch\.index\((.*)\);\n', src, re.S)
    data = json.loads(m.group(1), strict=False)  # a JavaScript string may hold control characters
    return None, inflate(*data["indicators"]), data


def check_index(out, label):
    pages = files_under(out, ".html")
    reports = sorted(p[:7] for p in pages if re.match(r"\d{4}-\d\d/index\.html$", p))
    _, ind_text, data = unpack(os.path.join(out, "search-index.js"))
    T.eq([r["key"] for r in data["reports"]], reports[::-1],
         "%s: search-index.js lists every report, newest first" % label)
    T.ok(all(os.path.isfile(os.path.join(out, r["part"])) for r in data["reports"]),
         "%s: each report's search.js exists" % label)
    bad = []
    for month in reports:
        key, text = unpack(os.path.join(out, month, "search.js"))
        if key != month:
            bad.append("%s: key %r" % (month, key))
        ids = {n.get("id") for n in load_html(os.path.join(out, month, "index.html")).root.iter()
               if n.get("id")}
        for line in text.split("\n"):
            if line.startswith("#") and "\t" in line:
                ref = line[1:line.index("\t")]
                if ref and (not ref.startswith("#") or ref[1:] not in ids):
                    bad.append("%s: section %r has no id in the page" % (month, ref))
            if "  " in line or line != line.strip():
                bad.append("%s: unsquashed whitespace in %r" % (month, line[:60]))
    T.ok(not bad, "%s: every section of the index links to an id of its page" % label,
         "\n".join(bad[:10]))
    return ind_text


def check_bundled_text(out):
    _, text = unpack(os.path.join(out, "2025-01", "search.js"))
    page = load_html(os.path.join(out, "2025-01", "index.html"))
    title = page.find("p", cls="subject").text()
    T.ok(text.startswith("#\t" + title + "\n"), "2025-01: the index starts with the title",
         text[:200])
    h2 = page.find("article", cls="body").find("h2")
    T.ok(h2 is not None and ("#%s\t%s" % (h2.get("id"), h2.text())) in text,
         "2025-01: a heading of the body is a section of the index, with its id", text[:400])
    para = page.find("article", cls="body").find("p").text()
    T.ok(para in text, "2025-01: the first paragraph is in the index as the page shows it",
         para[:200])
    T.ok(re.search(r"^##phu-luc-1\t", text, re.M) is not None,
         "2025-01: the appendix is a section (##phu-luc-1: its id)")
    T.ok(re.search(r"^##fn-1\t", text, re.M) is not None, "2025-01: footnotes are sections")
    T.ok(re.search(r"^[^#\t\n][^\n]*\t", text, re.M) is not None,
         "2025-01: table rows are blocks, their cells joined by tabs")
    desc = page.find("figure", cls="chart")
    desc = desc.find("desc").text() if desc is not None else None
    T.ok(desc and desc in text, "2025-01: a chart's description is in the index", desc)
    T.ok("↩" not in text and not re.search(r"[^\s]\d\.\s", text[:0]),
         "2025-01: the footnotes' back links are not in the index")


def check_size(tmp):
    gen = os.path.join(tmp, "gen14")
    subprocess.run([sys.executable, os.path.join(REPO, "bench", "gen.py"), "14", gen], check=True)
    out = os.path.join(tmp, "out-gen")
    r = run(["build", "--content", gen, "--out", out], timeout=300)
    T.ok(r.rc == 0, "generated site of 14 reports builds", r)
    if r.rc != 0:
        return
    html = sum(os.path.getsize(os.path.join(out, p)) for p in files_under(out, ".html"))
    index = sum(os.path.getsize(os.path.join(out, p)) for p in files_under(out, ".js")
                if p != "assets/search.js")
    T.ok(index <= 0.25 * html, "the search index is at most 25%% of the HTML (%d of %d bytes, "
         "%.1f%%)" % (index, html, 100.0 * index / html))
    check_index(out, "generated")


# Types q into the search box; the results once the whole index is in: [{href, text, snippet,
# marks}]
SEARCH = """(q => new Promise((done, fail) => {
  const input = document.querySelector('form.site-search input');
  input.focus();
  input.value = q;
  input.dispatchEvent(new Event('input'));
  const t0 = Date.now();
  (function wait() {
    const st = document.querySelector('.search-status');
    const busy = !st || /đang tải/i.test(st.textContent);
    if (!busy) return done(JSON.stringify({
      status: st.textContent,
      results: Array.from(document.querySelectorAll('.search-list li')).map(li => ({
        href: li.querySelector('a').href, link: li.querySelector('a').textContent,
        snippet: (li.querySelector('.search-snippet') || {textContent: ''}).textContent,
        marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent)}))}));
    if (Date.now() - t0 > 8000) return fail('no results in 8 s: ' + (st && st.textContent));
    setTimeout(wait, 30);
  })();
}))(%s)"""


def fold(s):
    import unicodedata
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if unicodedata.category(c) != "Mn").lower()


def check_browser(out, tmp):
    if not os.access(CHROMIUM, os.X_OK):
        T.ok(False, "chromium is installed at %s" % CHROMIUM)
        return
    profile = os.path.join(tmp, "profile")
    os.makedirs(profile)
    b = Browser(profile, deadline=time.monotonic() + 100)
    index = "file://" + os.path.join(out, "index.html")
    try:
        s = b.open_page(("Page.enable", "Runtime.enable", "Log.enable"))
        # without JavaScript: no search box, no results panel
        b.send("Emulation.setScriptExecutionDisabled", {"value": True}, session=s)
        b.navigate(s, index)
        b.send("Emulation.setScriptExecutionDisabled", {"value": False}, session=s)
        # (the box keeps its place, unseen and out of reach, so nothing moves when it shows)
        VISIBLE = ("[...document.querySelectorAll('form.site-search, .search-results')].map(e => "
                   "e.offsetParent !== null && getComputedStyle(e).visibility === 'visible')")
        T.eq(b.evaluate(s, VISIBLE), [False, False],
             "without JavaScript the search box and results are absent")
        b.evaluate(s, "document.querySelector('form.site-search input').focus()")
        T.ok(b.evaluate(s, "document.activeElement === document.body"),
             "without JavaScript the search box cannot be reached with the keyboard")
        since = len(b.events)
        b.navigate(s, index)
        T.eq(b.evaluate(s, VISIBLE), [True, False],
             "with JavaScript the search box shows (the page opened from disk)")

        def search(q):
            return json.loads(b.evaluate(s, SEARCH % json.dumps(q), timeout=20,
                                         await_promise=True))

        runs = {q: search(q) for q in ("can cuoc", "CĂN CƯỚC", "căn cước")}
        hrefs = {q: [x["href"] for x in r["results"]] for q, r in runs.items()}
        T.ok(len(hrefs["can cuoc"]) > 0, "\"can cuoc\" finds paragraphs", runs["can cuoc"])
        T.ok(hrefs["can cuoc"] == hrefs["căn cước"] or
             sorted(hrefs["can cuoc"]) == sorted(hrefs["căn cước"]),
             "\"can cuoc\" and \"căn cước\" find the same paragraphs")
        T.eq(sorted(hrefs["CĂN CƯỚC"]), sorted(hrefs["căn cước"]),
             "\"CĂN CƯỚC\" and \"căn cước\" find the same paragraphs")
        first = runs["căn cước"]["results"][0] if runs["căn cước"]["results"] else {}
        T.ok(first.get("marks") and all(fold(m) == "can cuoc" or fold(m) in ("can", "cuoc")
                                        for m in first["marks"]),
             "the match is highlighted (<mark>) in the result", first)
        T.ok(all("báo cáo tháng" in x["link"].lower() or "chỉ số" in x["link"].lower()
                 for x in runs["can cuoc"]["results"]),
             "each result names its report (or indicator) and section", runs["can cuoc"])
        exact = runs["căn cước"]["results"][:3]
        T.ok(all("căn cước" in (x["snippet"] + x["link"]).lower() for x in exact),
             "results with the query's own marks come first", exact)
        # đ and d
        dd = search("dinh danh dien tu")
        T.ok(dd["results"] and all("định danh" in (x["snippet"] + x["link"]).lower()
                                   for x in dd["results"][:5]),
             "\"dinh danh dien tu\" finds \"định danh điện tử\"", dd["results"][:3])
        # every word in the paragraph; a quoted phrase together
        multi = search("cccd chip")
        T.ok(multi["results"] and all("cccd" in fold(x["snippet"] + x["link"]) and
                                      "chip" in fold(x["snippet"] + x["link"])
                                      for x in multi["results"]),
             "several words: each result has all of them", multi["results"][:3])
        phrase = search('"thủ tục hành chính"')
        loose = search("hành chính thủ tục")
        T.ok(phrase["results"] and all("thu tuc hanh chinh" in fold(x["snippet"] + x["link"])
                                       for x in phrase["results"]),
             "a quoted phrase: each result has the words together", phrase["results"][:3])
        T.ok(len(loose["results"]) >= len(phrase["results"]),
             "the same words unquoted find at least as many paragraphs")
        nothing = search("xyzzy khong co")
        T.ok(not nothing["results"] and "Không tìm thấy" in nothing["status"],
             "a query found nowhere says so", nothing)
        # a figure, from its indicator's name typed without marks
        fig = search("the can cuoc cong dan gan chip")
        top = fig["results"][0] if fig["results"] else {}
        T.ok(top.get("href", "").endswith("chi-so/cccd_chip.html") and "87,9 triệu" in
             top.get("snippet", ""), "an indicator's figure is found without marks, first",
             fig["results"][:2])
        # every link leads somewhere real
        bad = []
        for r in list(runs.values()) + [dd, multi, phrase, fig]:
            for x in r["results"]:
                path, _, frag = x["href"][len("file://"):].partition("#")
                if not os.path.isfile(path):
                    bad.append("%s: no such file" % x["href"])
                elif frag and frag not in {n.get("id") for n in load_html(path).root.iter()}:
                    bad.append("%s: no id %r" % (x["href"], frag))
        T.ok(not bad, "every result's link leads to a page and an id that exist", bad[:5])
        errors = [e for e in b.events[since:] if e.get("sessionId") == s and (
            e.get("method") == "Runtime.exceptionThrown" or
            (e.get("method") == "Log.entryAdded" and
             e["params"]["entry"].get("level") == "error"))]
        T.ok(not errors, "no script error or failed load from file://", errors[:3])
        # from a report page one folder down, the same results
        b.navigate(s, "file://" + os.path.join(out, "2025-01", "index.html"))
        down = search("can cuoc")
        T.eq([x["href"] for x in down["results"]], hrefs["can cuoc"],
             "from a report page the results are the same links")
    except (RuntimeError, TimeoutError, OSError, ValueError) as e:
        T.ok(False, "the browser session ran to its end", str(e))
    finally:
        b.close()


def main():
    if not program_available():
        T.ok(False, "program built (set BAOCAO)")
        T.done()
    with TempDir() as tmp:
        out = os.path.join(tmp, "out")
        r = run(["build", "--content", os.path.join(REPO, "content"), "--out", out])
        T.ok(r.rc == 0, "bundled content builds", r)
        if r.rc == 0:
            ind = check_index(out, "bundled")
            T.ok(re.search(r"^#chi-so/cccd_chip\.html\t", ind, re.M) and
                 "87,9 triệu" in ind, "the indicators' values are in search-index.js")
            check_bundled_text(out)
            check_size(tmp)
            check_browser(out, tmp)
    T.done()


if __name__ == "__main__":
    main()
