#!/usr/bin/env python3
"""Hostile content is inert. HTML, script and URL tricks written in the Markdown body, in CSV
cells, in kpi.csv notes, in indicators.csv, in the front matter, in site.yaml and in file names
reach the website only as text: every page is parsed and may hold no element or attribute the
content injected (no <script>, <iframe>, <img onerror>, no on* attribute, no javascript: or
data: link). And nothing a content folder holds can make a build write outside --out: links
planted as the staging or old folder, a report folder that is a link, links in assets/.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_hostile.py
"""

import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, FIXTURES, REPO, TempDir, run, program_available, tree_hash,  # noqa: E402
                 tree_diff, load_html, files_under, read_text, baocao_path)

MINIMAL = os.path.join(FIXTURES, "minimal")
R1 = "reports/2025-01/report.md"

# what an attacker would write; each carries a marker so we can find where it went
SCRIPT = "<script>alert('X1')</script>"
IMG = '<img src=x onerror="alert(\'X2\')">'
QUOTE_BREAK = '"><svg onload=alert(\'X3\')>'
NAMES = ("script", "iframe", "object", "embed", "img", "style", "form", "input", "base",
         "meta", "link", "frame", "frameset", "applet", "textarea", "button", "video", "audio",
         "math", "template", "noscript", "marquee", "xss")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


def write(path, text):
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))


def hostile_content(content):
    shutil.copytree(MINIMAL, content)
    write(os.path.join(content, "site.yaml"),
          'title: "Bản tin %s"\n' % SCRIPT +
          'base_url: "https://example.org/bt/\\"><script>alert(1)</script>/"\n'
          'place: "Hà Nội %s"\n' % IMG.replace('"', '\\"') +
          "issuer:\n"
          '  parent: "BỘ %s"\n' % QUOTE_BREAK.replace('"', '\\"') +
          '  name: "TỔ <b>CÔNG</b> TÁC"\n'
          '  in_text: "Tổ <i>Công</i> tác %s"\n' % SCRIPT.replace('"', '\\"'))
    write(os.path.join(content, "indicators.csv"),
          "id,name,unit,format,group\n"
          '"the_cap","Thẻ %s","thẻ %s",millions,"Nhóm %s"\n' % (
              SCRIPT, IMG.replace('"', '""'), QUOTE_BREAK.replace('"', '""')) +
          "ho_so,Hồ sơ <iframe src=javascript:alert(4)>,hồ sơ,count,Dịch vụ công\n"
          "ty_le,Tỷ lệ kích hoạt,,percent,Công dân số\n")
    write(os.path.join(content, "reports/2025-01/kpi.csv"),
          "id,value,note\n"
          'the_cap,87900000,"ước tính %s"\n' % SCRIPT +
          'ho_so,1900482958,"%s"\n' % QUOTE_BREAK.replace('"', '""') +
          "ty_le,73.03,<style>body{display:none}</style>\n")
    # a table whose file name and cells try HTML
    write(os.path.join(content, "reports/2025-01", 'x"onmouseover=alert(5).csv'),
          "Đơn vị %s,Số\n" % SCRIPT + '"%s",1\n' % IMG.replace('"', '""') +
          "<a href=javascript:alert(6)>bấm</a>,2\n")
    fm = ("---\n"
          'number: "5/BC-%s"\n' % QUOTE_BREAK.replace('"', '\\"') +
          "date: 2025-02-04\n"
          'title: "Kết quả %s"\n' % SCRIPT.replace('"', '\\"') +
          'to: ["Thủ tướng %s", "<iframe srcdoc=x>"]\n' % IMG.replace('"', '\\"') +
          "signer:\n"
          '  authority: "KT. <script>x</script>"\n'
          '  position: "TỔ PHÓ %s"\n' % QUOTE_BREAK.replace('"', '\\"') +
          '  name: "Nguyễn Văn A<img src=x onerror=alert(7)>"\n'
          "recipients:\n"
          '  - "Như trên %s;"\n' % SCRIPT.replace('"', '\\"') +
          '  - "Lưu: VT."\n'
          "---\n")
    body = """# I. KẾT QUẢ %s

Đã cấp {{the_cap}} thẻ ({{the_cap.delta}}) %s và %s.

<script>alert('X8')</script>

<div onclick="alert(9)">khối HTML</div>

<iframe src="https://evil.example/"></iframe>

<!-- <script>alert(10)</script> -->

<style>body { display: none }</style>

Liên kết [bấm](javascript:alert(11)), [dữ liệu](data:text/html;base64,PHNjcmlwdD4=),
[vb](vbscript:msgbox(1)), [tệp](file:///etc/passwd), <javascript:alert(12)>,
[tiêu đề](https://example.org/ "\\" onmouseover=\\"alert(13)"), ![ảnh](javascript:alert(14))
và ![ảnh2](https://example.org/a.png" onerror="alert(15)) và [java&#115;cript](jav&#x61;script:alert(16)).

Ghi chú[^1] và <svg/onload=alert(17)> và <math><mtext></mtext></math> và &lt;b&gt;.

{{table x"onmouseover=alert(5).csv}}

## 1. Hồ sơ `<script>alert(18)</script>`

```html
<script>alert(19)</script>
```

| <b onclick=alert(20)>a</b> | b |
|---|---|
| <img src=x onerror=alert(21)> | [x](javascript:alert(22)) |

[^1]: Chú thích <script>alert(23)</script> [x](javascript:alert(24)).
""" % (SCRIPT, IMG, QUOTE_BREAK)
    write(os.path.join(content, R1), fm + body)


def check_pages(out, label):
    pages = files_under(out, ".html")
    T.ok(len(pages) >= 4, "%s: pages were written" % label, pages)
    bad = []
    for p in pages:
        d = load_html(os.path.join(out, p))
        for n in d.root.iter():
            # the templates' own: the head's metadata and the search's script; the search
            # box in the site's navigation
            ours = (n.tag in ("meta", "link") and n.inside("head")) or \
                (n.tag == "script" and n.inside("head") and not n.children and
                 re.fullmatch(r"(\.\./)*assets/search\.js", n.get("src") or "")) or \
                (n.tag in ("form", "input") and n.inside("nav", "site-nav") and
                 (n.has_class("site-search") or n.inside("form", "site-search")))
            if n.tag in NAMES and not ours:
                bad.append("%s: <%s %r>" % (p, n.tag, n.attrs))
            for a, v in n.attrs.items():
                if a.lower().startswith("on") or a.lower() in ("srcdoc", "formaction"):
                    bad.append("%s: <%s %s=%r>" % (p, n.tag, a, v))
                if a.lower() in ("href", "src", "xlink:href", "action", "data") and v:
                    if v.strip().lower().replace("\t", "").startswith(BAD_SCHEMES):
                        bad.append("%s: <%s %s=%r>" % (p, n.tag, a, v))
                if a == "style" and "display" in (v or ""):
                    bad.append("%s: <%s style=%r>" % (p, n.tag, v))
    T.ok(not bad, "%s: no element or attribute injected by the content in %d pages"
         % (label, len(pages)), "\n".join(bad[:20]))
    return pages


def check_text(out, label):
    """The hostile strings are there, as text."""
    d = load_html(os.path.join(out, "2025-01", "index.html"))
    text = d.root.raw_text()
    for what, s in (("title", "Kết quả " + SCRIPT), ("table cell", IMG),
                    ("table header", "Đơn vị " + SCRIPT), ("signer", "Nguyễn Văn A<img src=x onerror=alert(7)>"),
                    ("number", QUOTE_BREAK), ("heading", "KẾT QUẢ " + SCRIPT),
                    ("inline code", "<script>alert(18)</script>"),
                    ("code block", "<script>alert(19)</script>")):
        T.ok(s in text, "%s: the %s is published as text" % (label, what), s)
    idx = load_html(os.path.join(out, "index.html")).root.raw_text()
    T.ok("Thẻ " + SCRIPT in idx, "%s: indicator name published as text on the index" % label)
    ind = load_html(os.path.join(out, "chi-so", "the_cap.html")).root.raw_text()
    T.ok("ước tính " + SCRIPT in ind, "%s: kpi.csv note published as text" % label)


def check_xml(out, label):
    for rel in ("feed.xml", "sitemap.xml"):
        try:
            root = ET.parse(os.path.join(out, rel)).getroot()
        except ET.ParseError as e:
            T.ok(False, "%s: %s is well-formed XML" % (label, rel), e)
            continue
        tags = {el.tag.split("}")[-1] for el in root.iter()}
        T.ok(not (tags & {"script", "img", "iframe", "svg"}),
             "%s: %s holds no injected element" % (label, rel), tags)
        for el in root.iter():
            for a, v in el.attrib.items():
                T.ok(not v.lower().startswith(BAD_SCHEMES) and not a.lower().startswith("on"),
                     "%s: %s: %s=%r is not a script link" % (label, rel, a, v))


def outside_writes(tmp):
    """Links planted beside --out and in the content cannot make a build write or delete
    outside --out."""
    case = os.path.join(tmp, "planted")
    os.makedirs(case)
    content = os.path.join(case, "content")
    shutil.copytree(MINIMAL, content)
    victim = os.path.join(case, "victim")
    for sub in ("a", "b", "c"):
        os.makedirs(os.path.join(victim, sub))
        write(os.path.join(victim, sub, "keep.txt"), "do not touch " + sub)
    pub = os.path.join(case, "pub")
    os.makedirs(pub)
    out = os.path.join(pub, "out")
    # debris names that a killed build leaves, planted as links to someone else's folders
    os.symlink(os.path.join(victim, "a"), out + ".baocao-staging")
    os.symlink(os.path.join(victim, "b"), out + ".baocao-old")
    # a report folder that is a link to a folder inside the content (allowed: inside)
    os.symlink("2025-01", os.path.join(content, "reports", "2025-02"))
    # assets with a link to a secret and a link to a folder outside
    assets = os.path.join(case, "assets")
    shutil.copytree(os.path.join(REPO, "assets"), assets)
    os.symlink("/etc/passwd", os.path.join(assets, "passwd.css"))
    os.symlink(os.path.join(victim, "c"), os.path.join(assets, "c"))
    victim_before = tree_hash(victim)
    content_before = tree_hash(content)
    r = run(["build", "--content", "content", "--out", "pub/out", "--assets", "assets"], cwd=case)
    T.eq(r.rc, 0, "planted links: the build succeeds", r)
    T.ok(tree_hash(victim) == victim_before, "planted links: nothing outside --out was written "
         "or removed", tree_diff(victim_before, tree_hash(victim)))
    T.ok(tree_hash(content) == content_before, "planted links: the content is untouched")
    T.eq(sorted(os.listdir(pub)), ["out"], "planted links: only --out is left beside it")
    if os.path.isdir(out):
        links = [p for p in files_under(out) if os.path.islink(os.path.join(out, p))]
        T.eq(links, [], "planted links: the site holds no symbolic link")
        T.ok(not os.path.exists(os.path.join(out, "assets", "passwd.css")) and
             not os.path.exists(os.path.join(out, "assets", "c")),
             "planted links: links in assets/ are not published")
        T.ok(os.path.isfile(os.path.join(out, "2025-02", "index.html")),
             "planted links: a report folder linked inside the content is published")
    # --out itself a link to a folder baocao did not make: refused, folder untouched
    os.symlink(os.path.join(victim, "a"), os.path.join(pub, "linked"))
    r = run(["build", "--content", "content", "--out", "pub/linked"], cwd=case)
    T.eq(r.rc, 1, "--out that is a link to someone else's folder is refused", r)
    T.ok(tree_hash(victim) == victim_before, "--out link: the folder it points to is untouched",
         tree_diff(victim_before, tree_hash(victim)))


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    with TempDir() as tmp:
        content = os.path.join(tmp, "content")
        hostile_content(content)
        out = os.path.join(tmp, "out")
        around = tree_hash(tmp)
        r = run(["build", "--content", content, "--out", out])
        T.eq(r.rc, 0, "hostile content builds (it is only text)", r)
        after = tree_hash(tmp)
        new = [k for k in tree_diff(around, after) if not k.startswith("out")]
        T.eq(new, [], "the build wrote nothing beside --out")
        if r.rc == 0:
            check_pages(out, "hostile")
            check_text(out, "hostile")
            check_xml(out, "hostile")
            pdfs = files_under(out, ".pdf")
            T.eq(len(pdfs), 2, "hostile: both PDFs written", pdfs)
        outside_writes(tmp)
    T.done()


if __name__ == "__main__":
    main()
