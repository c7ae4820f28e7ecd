"""Shared helpers for the end-to-end tests (python3 stdlib only).

- T: the ok/not ok counter; T.done() prints the final "N passed, N failed" and exits.
- run(): runs the built program ($BAOCAO, default build/baocao).
- parse_html(): a tiny DOM built with html.parser, with tag/class/attribute lookup and
  a list of structural problems (mismatched or unclosed tags).
- tree_hash(): a {relative path: sha256} map of a folder, to compare trees byte for byte.
- resolve_link(): where a relative href/src of an output page points to.
- Vietnamese formatting written here independently of the program (docs/content-format.md).
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from decimal import Decimal, ROUND_HALF_UP
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(REPO, "test", "fixtures")


def baocao_path():
    p = os.environ.get("BAOCAO", "build/baocao")
    return os.path.abspath(p)


# ---------------------------------------------------------------------------- counter


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, desc, detail=None):
        if cond:
            self.passed += 1
            print("ok - " + desc)
        else:
            self.failed += 1
            line = "not ok - " + desc
            if detail is not None:
                d = str(detail)
                if len(d) > 1500:
                    d = d[:1500] + "…"
                line += "\n    # " + d.replace("\n", "\n    # ")
            print(line)
        sys.stdout.flush()
        return bool(cond)

    def eq(self, got, want, desc, detail=None):
        d = "got %r, want %r" % (got, want)
        if detail is not None:
            d += "\n" + str(detail)
        return self.ok(got == want, desc, d)

    def contains(self, hay, needle, desc):
        return self.ok(hay is not None and needle in hay, desc,
                       "%r not found in %r" % (needle, (hay or "")[:800]))

    def done(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        sys.stdout.flush()
        sys.exit(1 if self.failed else 0)


T = Tally()


# ---------------------------------------------------------------------------- running


class Result:
    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    def __repr__(self):
        return "exit %s\nstdout: %s\nstderr: %s" % (self.rc, self.out[-1500:], self.err[-1500:])


def run(args, cwd=None, timeout=120):
    """Runs the program with args; returns Result (rc None on timeout or missing program)."""
    exe = baocao_path()
    try:
        p = subprocess.run([exe] + list(args), cwd=cwd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Result(None, "", "timeout after %ss" % timeout)
    except OSError as e:
        return Result(None, "", "cannot run %s: %s" % (exe, e))
    if p.returncode == 0 and args and args[0] == "build" and "--out" in args:
        record_pdfs(os.path.join(cwd or ".", args[list(args).index("--out") + 1]))
    return Result(p.returncode, p.stdout.decode("utf-8", "replace"),
                  p.stderr.decode("utf-8", "replace"))


def record_pdfs(out):
    """With $BAOCAO_PDF_DIR set (test/run.sh --all), a copy of each PDF a build published into
    out, named by its digest, for test_readers.py --collected to read after the suite."""
    dest = os.environ.get("BAOCAO_PDF_DIR")
    if not dest or not os.path.isdir(out):
        return
    for rel in files_under(out, ".pdf"):
        with open(os.path.join(out, rel), "rb") as f:
            data = f.read()
        path = os.path.join(dest, hashlib.sha256(data).hexdigest()[:20] + ".pdf")
        if not os.path.exists(path):
            with open(path + ".tmp", "wb") as f:
                f.write(data)
            os.replace(path + ".tmp", path)


def program_available():
    return os.access(baocao_path(), os.X_OK)


DIAG_RE = re.compile(r"^(.*?):(\d+):(\d+): error: (.*)$")


def diagnostics(stderr):
    """The `path:line:col: error: message` lines of stderr as (path, line, col, msg)."""
    out = []
    for line in stderr.splitlines():
        m = DIAG_RE.match(line)
        if m:
            out.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)))
    return out


class TempDir:
    """mkdtemp() removed at exit of the with block."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="baocao-e2e-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)
        return False


# ---------------------------------------------------------------------------- files


def tree_hash(root):
    """{relative path: sha256 hex} of every file (and '/'-suffixed entry of every dir)."""
    out = {}
    if not os.path.exists(root):
        return None
    for dp, dns, fns in os.walk(root):
        dns.sort()
        rel = os.path.relpath(dp, root)
        if rel != ".":
            out[rel + "/"] = "dir"
        for fn in sorted(fns):
            p = os.path.join(dp, fn)
            r = os.path.relpath(p, root)
            if os.path.islink(p):
                out[r] = "link:" + os.readlink(p)
                continue
            with open(p, "rb") as f:
                out[r] = hashlib.sha256(f.read()).hexdigest()
    return out


def tree_diff(a, b):
    a = a or {}
    b = b or {}
    diffs = []
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            diffs.append(k)
    return diffs


def files_under(root, ext=None):
    res = []
    for dp, dns, fns in os.walk(root):
        for fn in fns:
            if ext is None or fn.endswith(ext):
                res.append(os.path.relpath(os.path.join(dp, fn), root))
    return sorted(res)


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8")


def write_text(path, text, bom=False, crlf=False):
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------------------- tiny DOM

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param"}
# elements whose end tag HTML lets you leave out (closed implicitly by a sibling or parent)
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
                "colgroup", "caption", "rt", "rp", "optgroup", "html", "head", "body"}


class Node:
    def __init__(self, tag, attrs=None, parent=None, line=0):
        self.tag = tag
        self.attrs = dict(attrs or {})
        self.children = []  # Node or str
        self.parent = parent
        self.line = line
        self.order = 0

    # --- lookup
    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def has_class(self, c):
        return c in self.classes()

    def find_all(self, tag=None, cls=None, **attrs):
        res = []
        for n in self.iter():
            if n is self:
                continue
            if tag is not None and n.tag != tag:
                continue
            if cls is not None and not n.has_class(cls):
                continue
            okk = True
            for k, v in attrs.items():
                k = k.replace("_", "-")
                if v is True:
                    if k not in n.attrs:
                        okk = False
                elif n.attrs.get(k) != v:
                    okk = False
            if okk:
                res.append(n)
        return res

    def find(self, tag=None, cls=None, **attrs):
        r = self.find_all(tag, cls, **attrs)
        return r[0] if r else None

    def get(self, name, default=None):
        return self.attrs.get(name, default)

    def ancestors(self):
        p = self.parent
        while p is not None:
            yield p
            p = p.parent

    def inside(self, tag=None, cls=None):
        for a in self.ancestors():
            if (tag is None or a.tag == tag) and (cls is None or a.has_class(cls)):
                return True
        return False

    # --- text
    def raw_text(self):
        parts = []

        def walk(n):
            for c in n.children:
                if isinstance(c, str):
                    parts.append(c)
                else:
                    walk(c)
        walk(self)
        return "".join(parts)

    def text(self):
        """Text with runs of whitespace collapsed to one space, stripped."""
        return squash(self.raw_text())

    def __repr__(self):
        return "<%s %s>" % (self.tag, " ".join('%s="%s"' % kv for kv in self.attrs.items()))


def squash(s):
    return re.sub(r"\s+", " ", s).strip()


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.cur = self.root
        self.problems = []
        self.doctype = None
        self.first_thing = None
        self.counter = 0

    def _mark(self, what):
        if self.first_thing is None:
            self.first_thing = what

    def handle_decl(self, decl):
        self._mark("decl")
        if self.doctype is None:
            self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self._mark("tag")
        line = self.getpos()[0]
        # implicit closing of optional-end elements
        if tag in ("li",):
            self._close_implied({"li"}, stop={"ul", "ol"})
        elif tag in ("td", "th"):
            self._close_implied({"td", "th"}, stop={"tr", "table"})
        elif tag == "tr":
            self._close_implied({"tr", "td", "th"}, stop={"table", "thead", "tbody", "tfoot"})
        elif tag in ("tbody", "tfoot", "thead"):
            self._close_implied({"thead", "tbody", "tfoot", "tr", "td", "th"}, stop={"table"})
        elif tag in ("dt", "dd"):
            self._close_implied({"dt", "dd"}, stop={"dl"})
        if tag in BLOCKS_CLOSING_P and self._open_tag_in_scope("p"):
            self._close_implied({"p"}, stop=set())
        self.counter += 1
        n = Node(tag, [(k, v if v is not None else "") for k, v in attrs], self.cur, line)
        n.order = self.counter
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            # <div/> in HTML is not self-closing; accept it for svg children
            if self.cur.tag == tag:
                self.cur = self.cur.parent

    def _open_tag_in_scope(self, tag):
        n = self.cur
        while n is not None and n.tag != "#document":
            if n.tag == tag:
                return True
            if n.tag in ("button", "table", "td", "th", "div", "section", "article", "li",
                         "figure", "header", "footer", "body"):
                return False
            n = n.parent
        return False

    def _close_implied(self, tags, stop):
        n = self.cur
        chain = []
        while n is not None and n.tag != "#document":
            if n.tag in stop:
                return
            chain.append(n)
            if n.tag in tags:
                if all(c.tag in OPTIONAL_END for c in chain):
                    self.cur = n.parent
                return
            n = n.parent

    def handle_endtag(self, tag):
        line = self.getpos()[0]
        if tag in VOID:
            return
        n = self.cur
        chain = []
        while n is not None and n.tag != "#document":
            chain.append(n)
            if n.tag == tag:
                break
            n = n.parent
        else:
            self.problems.append("line %d: stray </%s>" % (line, tag))
            return
        for c in chain[:-1]:
            if c.tag not in OPTIONAL_END:
                self.problems.append("line %d: <%s> (line %d) closed by </%s>"
                                     % (line, c.tag, c.line, tag))
        self.cur = n.parent

    def handle_data(self, data):
        if data.strip():
            self._mark("text")
        self.cur.children.append(data)

    def close(self):
        super().close()
        n = self.cur
        while n is not None and n.tag != "#document":
            if n.tag not in OPTIONAL_END:
                self.problems.append("<%s> (line %d) never closed" % (n.tag, n.line))
            n = n.parent


BLOCKS_CLOSING_P = {"address", "article", "aside", "blockquote", "div", "dl", "fieldset",
                    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                    "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul", "figcaption"}


class Doc:
    def __init__(self, text):
        b = _Builder()
        b.feed(text)
        b.close()
        self.root = b.root
        self.problems = b.problems
        self.doctype = b.doctype
        self.first_thing = b.first_thing
        self.source = text

    def __getattr__(self, name):
        return getattr(self.root, name)


def parse_html(text):
    return Doc(text)


def load_html(path):
    return Doc(read_text(path))


def doc_order(a, b):
    return a.order < b.order


# ---------------------------------------------------------------------------- links


def is_external(href):
    s = urlsplit(href)
    return bool(s.scheme) or href.startswith("//")


def resolve_link(out_root, page_rel, href):
    """For a relative href on page page_rel (path relative to out_root): returns
    (target file path relative to out_root or None if it does not exist, fragment)."""
    s = urlsplit(href)
    frag = s.fragment
    if not s.path:
        return page_rel, frag
    base = os.path.dirname(page_rel)
    p = os.path.normpath(os.path.join(base, unquote(s.path)))
    if p.startswith(".."):
        return None, frag
    full = os.path.join(out_root, p)
    if os.path.isdir(full):
        full = os.path.join(full, "index.html")
        p = os.path.join(p, "index.html")
    if not os.path.isfile(full):
        return None, frag
    return os.path.normpath(p), frag


def link_attrs(doc):
    """(node, attribute, value) for every href/src/srcset-ish reference in the page."""
    res = []
    for n in doc.root.iter():
        for a in ("href", "src", "xlink:href", "poster", "data"):
            if a in n.attrs and n.tag != "#document":
                res.append((n, a, n.attrs[a]))
    return res


def check_links(T, out_root, label):
    """Every internal link and src of every HTML page resolves to a file of the output
    (and a #fragment to an id of that page). Returns the number of links checked."""
    pages = files_under(out_root, ".html")
    ids = {}
    docs = {}
    for p in pages:
        d = load_html(os.path.join(out_root, p))
        docs[p] = d
        ids[p] = {n.attrs["id"] for n in d.root.iter() if "id" in n.attrs}
    bad = []
    count = 0
    for p, d in docs.items():
        for n, a, v in link_attrs(d):
            if is_external(v):
                s = urlsplit(v)
                if s.scheme in ("http", "https", "mailto"):
                    # a page's canonical address names it, loads nothing
                    if a != "href" or (n.tag == "link" and n.get("rel") != "canonical"):
                        bad.append("%s: external resource %s=%r" % (p, a, v))
                continue
            count += 1
            target, frag = resolve_link(out_root, p, v)
            if target is None:
                bad.append("%s: <%s %s=%r> resolves to nothing" % (p, n.tag, a, v))
            elif frag and target.endswith(".html"):
                if target not in ids:
                    ids[target] = {x.attrs["id"] for x in load_html(
                        os.path.join(out_root, target)).root.iter() if "id" in x.attrs}
                if frag not in ids[target]:
                    bad.append("%s: %r: no id %r in %s" % (p, v, frag, target))
    T.ok(not bad and count > 0, "%s: all %d internal links and srcs resolve" % (label, count),
         "\n".join(bad[:30]))
    return count


def check_html5(T, out_root, label):
    """Doctype, lang="vi", charset, viewport, title, stylesheet, well-formed, unique ids."""
    pages = files_under(out_root, ".html")
    problems = []
    for p in pages:
        text = read_text(os.path.join(out_root, p))
        d = parse_html(text)
        where = "%s: " % p
        if not (d.first_thing == "decl" and d.doctype and d.doctype.lower().strip() == "doctype html"):
            problems.append(where + "no <!DOCTYPE html> first (got %r)" % d.doctype)
        html = d.find("html")
        if html is None or html.get("lang") != "vi":
            problems.append(where + '<html lang="vi"> missing')
        metas = d.find_all("meta")
        if not any((m.get("charset") or "").lower() == "utf-8" for m in metas):
            problems.append(where + '<meta charset="utf-8"> missing')
        vp = [m for m in metas if m.get("name") == "viewport"]
        if not vp or "width=device-width" not in (vp[0].get("content") or ""):
            problems.append(where + "viewport meta missing")
        t = d.find("title")
        if t is None or not t.text():
            problems.append(where + "no <title>")
        depth = p.count("/")
        want_css = "../" * depth + "assets/style.css"
        css = [l.get("href") for l in d.find_all("link") if "stylesheet" in (l.get("rel") or "")]
        if want_css not in css:
            problems.append(where + "stylesheet %r not linked (have %r)" % (want_css, css))
        if d.problems:
            problems.append(where + "; ".join(d.problems[:5]))
        seen = {}
        for n in d.root.iter():
            i = n.attrs.get("id")
            if i is not None:
                if i in seen:
                    problems.append(where + "duplicate id %r" % i)
                seen[i] = 1
        if not unicodedata.is_normalized("NFC", text):
            problems.append(where + "text is not NFC")
    T.ok(pages and not problems,
         "%s: %d pages are HTML5 (doctype, lang=vi, charset, viewport, title, stylesheet, "
         "well-formed, unique ids, NFC)" % (label, len(pages)), "\n".join(problems[:30]))


# ---------------------------------------------------------------------------- formatting
# Written from docs/content-format.md and docs/bao-cao-format.md, not from the program.


def _group(intpart):
    s = str(intpart)
    out = []
    while len(s) > 3:
        out.insert(0, s[-3:])
        s = s[:-3]
    out.insert(0, s)
    return ".".join(out)


def _num(value, places, trim=True):
    """|value| rounded half-up to `places` decimals, Vietnamese style."""
    d = Decimal(value).copy_abs()
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if places else \
        d.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    s = format(q, "f")
    if "." in s:
        ip, fp = s.split(".")
    else:
        ip, fp = s, ""
    if trim:
        fp = fp.rstrip("0")
    r = _group(int(ip))
    if fp:
        r += "," + fp
    return r


def fmt_value(value, fmt):
    v = Decimal(value)
    neg = "-" if v < 0 else ""
    if fmt == "count":
        # whole number; decimals kept as written
        s = str(v.copy_abs())
        ip, _, fp = s.partition(".")
        return neg + _group(int(ip)) + ("," + fp if fp else "")
    if fmt == "millions":
        return neg + _num(v / Decimal(1000000), 1) + " triệu"
    if fmt == "billions":
        return neg + _num(v / Decimal(1000000000), 1) + " tỷ"
    if fmt == "percent":
        return neg + _num(v, 2) + "%"
    raise ValueError(fmt)


def fmt_delta(cur, prev, fmt):
    d = Decimal(cur) - Decimal(prev)
    if d == 0:
        return "không đổi"
    word = "tăng" if d > 0 else "giảm"
    a = d.copy_abs()
    if fmt == "percent":
        mag = _num(a, 2) + " điểm phần trăm"
    elif fmt in ("millions", "billions"):
        if fmt == "billions" and a >= 1000000000:
            mag = _num(a / Decimal(1000000000), 1) + " tỷ"
        elif a >= 1000000:
            mag = _num(a / Decimal(1000000), 1) + " triệu"
        elif a >= 1000:
            mag = _num(a / Decimal(1000), 0) + " nghìn"
        else:
            mag = _num(a, 0)
    else:
        mag = fmt_value(a, "count")
    return word + " " + mag


def fmt_date_line(place, year, month, day):
    """day None: a draft (the day left blank)."""
    dd = "%02d" % day if day else "     "
    mm = "%02d" % month if month <= 2 else "%d" % month
    # bao-cao-format.md: `Hà Nội, ngày      tháng 02 năm 2023` (six spaces between the words)
    if day:
        return "%s, ngày %s tháng %s năm %d" % (place, dd, mm, year)
    return "%s, ngày      tháng %s năm %d" % (place, mm, year)


def fmt_number_line(number):
    head, slash, rest = number.partition("/")
    head = head.strip()
    if not head:
        return "Số:      /" + rest
    if head.isdigit() and int(head) < 10:
        head = "%02d" % int(head)
    return "Số: %s/%s" % (head, rest)


def read_csv(path):
    import csv
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))
