#!/usr/bin/env python3
"""`baocao serve` on a copy of the bundled content: started on a free port (127.0.0.1 only),
its pages as `build --drafts` makes them but for the serve-only script, a kpi value saved
(in place, by renaming a new file into place, Vim's way) and the new figure served in the
page and its PDF within a second, a bad value's error page in place of its report (located,
escaped) while the others stay, a fix bringing it back, a folder made after the start, path
traversal and symbolic links refused, HEAD and ranges, media types, a foreign Host refused,
the reload in headless Chromium, Ctrl-C (SIGINT): stopped within a bound, no folder left.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_serve.py
"""

import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import T, REPO, TempDir, run, program_available, baocao_path, tree_hash  # noqa: E402
from browser import CHROMIUM, Browser  # noqa: E402

PDF = "2025-01/bao-cao-thang-01-2025.pdf"
SNIPPET_START = b"<script>/* baocao serve"


class Serve:
    """baocao serve --port 0 in the background; its address from its first line."""

    def __init__(self, args, cwd, env):
        self.proc = subprocess.Popen([baocao_path(), "serve", "--port", "0"] + args, cwd=cwd,
                                     env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.out, self.err = [], []
        self.ready = threading.Event()
        threading.Thread(target=self._read, args=(self.proc.stdout, self.out, True),
                         daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stderr, self.err, False),
                         daemon=True).start()
        self.ready.wait(30)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(self.out))
        self.port = int(m.group(1)) if m else None

    def _read(self, stream, lines, first):
        for line in iter(stream.readline, b""):
            lines.append(line.decode("utf-8", "replace"))
            if first:
                self.ready.set()
        self.ready.set()

    def request(self, path, method="GET", headers=None, host=None, body=None):
        """(status, {header: value}, body) of one request, the path sent as it is."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            c.putrequest(method, path, skip_host=host is not None, skip_accept_encoding=True)
            if host is not None:
                c.putheader("Host", host)
            for k, v in (headers or {}).items():
                c.putheader(k, v)
            if body is not None:
                c.putheader("Content-Length", str(len(body)))
            c.endheaders(body)
            r = c.getresponse()
            body = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, body
        finally:
            c.close()

    def get(self, path):
        return self.request(path)

    def wait_for(self, path, pred, timeout=5.0):
        """Polls path until pred(status, body); the seconds it took, or None."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            try:
                st, _, body = self.get(path)
                if pred(st, body):
                    return time.monotonic() - t0
            except OSError:
                pass
            time.sleep(0.01)
        return None

    def stop(self, sig=signal.SIGINT, bound=5.0):
        """Sends sig; (exit status, seconds to exit) or (None, bound) if it did not."""
        t0 = time.monotonic()
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(bound)
            return rc, time.monotonic() - t0
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None, bound


def unserved(body):
    """The page without what serve writes into it (the script and the notices before </body>)."""
    i = body.find(SNIPPET_START)
    j = body.rfind(b"</body>")
    return body[:i] + body[j:] if 0 <= i < j else body


def set_kpi(path, ind, value, how="inplace"):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for k, line in enumerate(lines):
        if line.startswith(ind + ","):
            parts = line.split(",", 2)
            parts[1] = value
            lines[k] = ",".join(parts)
            row = k + 1
    text = "\n".join(lines)
    if how == "inplace":
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    elif how == "rename":  # written aside, renamed into place (gedit, VS Code, many others)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(path + ".tmp", path)
    elif how == "vim":  # the old one renamed to a backup, a new file written, the backup removed
        os.replace(path, path + "~")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.unlink(path + "~")
    return row


def listening_addresses(port):
    """The local addresses listening on port (from /proc/net/tcp and tcp6)."""
    found = []
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    addr, state = parts[1], parts[3]
                    host, p = addr.rsplit(":", 1)
                    if int(p, 16) == port and state == "0A":
                        found.append(host)
        except OSError:
            pass
    return found


def pdf_text(data, tmp):
    path = os.path.join(tmp, "x.pdf")
    with open(path, "wb") as f:
        f.write(data)
    p = subprocess.run(["pdftotext", "-layout", path, "-"], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    return p.stdout.decode("utf-8", "replace")


def check_requests(s, tmp, private):
    """Traversal, links, HEAD, ranges, types, Host, methods."""
    secret = b"root:x:0:0"
    for path in ["/../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                 "/2025-01/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                 "/..%5c..%5cetc%5cpasswd", "/%2E%2E/etc/passwd", "/.%2e/.%2e/etc/passwd",
                 "//etc/passwd", "/.baocao-cache", "/.baocao-model", "/.baocao",
                 "/assets/leak.txt", "/index.html%00.pdf", "/index.html/"]:
        st, _, body = s.get(path)
        T.ok(st == 404 and secret not in body, "traversal %s: 404" % path, "status %s" % st)
    # links put into the private build folder itself are not followed either
    site = os.path.join(private, "site")
    os.symlink("/etc/passwd", os.path.join(site, "leak"))
    os.symlink("/etc", os.path.join(site, "etc"))
    for path in ["/leak", "/etc/passwd"]:
        st, _, body = s.get(path)
        T.ok(st == 404 and secret not in body, "a symbolic link in the build folder %s: 404" % path,
             "status %s" % st)

    st, h, full = s.get("/" + PDF)
    T.ok(st == 200 and full.startswith(b"%PDF-"), "the report's PDF: 200, a PDF")
    T.eq(h.get("content-type"), "application/pdf", "the PDF's type")
    T.eq(h.get("accept-ranges"), "bytes", "the PDF says it takes ranges")
    st, h, body = s.request("/" + PDF, "HEAD")
    T.ok(st == 200 and body == b"" and h.get("content-length") == str(len(full)) and
         h.get("content-type") == "application/pdf", "HEAD of the PDF: its length and type, no body",
         (st, h, len(body)))
    st, h, body = s.request("/2025-01/", "HEAD")
    T.ok(st == 200 and body == b"" and h.get("content-type", "").startswith("text/html"),
         "HEAD of a page: no body", (st, h))
    size = len(full)
    st, h, body = s.request("/" + PDF, headers={"Range": "bytes=0-7"})
    T.ok(st == 206 and body == full[:8] and h.get("content-range") == "bytes 0-7/%d" % size,
         "Range bytes=0-7: 206, the first 8 bytes", (st, h, body))
    st, h, body = s.request("/" + PDF, headers={"Range": "bytes=-100"})
    T.ok(st == 206 and body == full[-100:] and
         h.get("content-range") == "bytes %d-%d/%d" % (size - 100, size - 1, size),
         "Range bytes=-100: the last 100 bytes", (st, h.get("content-range")))
    st, h, body = s.request("/" + PDF, headers={"Range": "bytes=1000-"})
    T.ok(st == 206 and body == full[1000:], "Range bytes=1000-: the rest", st)
    st, h, body = s.request("/" + PDF, headers={"Range": "bytes=%d-" % size})
    T.ok(st == 416 and h.get("content-range") == "bytes */%d" % size,
         "Range past the end: 416 with the size", (st, h))
    st, h, body = s.request("/" + PDF, headers={"Range": "bytes=0-1,5-6"})
    T.ok(st == 200 and body == full, "several ranges: the whole file (allowed)", st)
    st, h, body = s.request("/" + PDF, headers={"Range": "bytes=0-7", "If-Range": '"other"'})
    T.ok(st == 200 and body == full, "If-Range of another version: the whole file", st)
    etag = s.request("/" + PDF, "HEAD")[1].get("etag")
    st, h, body = s.request("/" + PDF, headers={"Range": "bytes=0-7", "If-Range": etag or ""})
    T.ok(st == 206 and body == full[:8], "If-Range of this version: the range", st)
    st, h, body = s.request("/" + PDF, "HEAD", headers={"Range": "bytes=0-7"})
    T.ok(st == 206 and body == b"" and h.get("content-length") == "8", "HEAD with a range", (st, h))

    types = {"/": "text/html; charset=utf-8", "/assets/style.css": "text/css; charset=utf-8",
             "/search-index.js": "text/javascript; charset=utf-8",
             "/assets/favicon.svg": "image/svg+xml", "/feed.xml": "application/xml",
             "/sitemap.xml": "application/xml", "/robots.txt": "text/plain; charset=utf-8",
             "/data/tat-ca.csv": "text/csv; charset=utf-8",
             "/data/datapackage.json": "application/json",
             "/data/tat-ca.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    for path, want in types.items():
        st, h, _ = s.get(path)
        T.ok(st == 200 and h.get("content-type") == want, "type of %s: %s" % (path, want),
             (st, h.get("content-type")))
    st, h, _ = s.get("/2025-01")
    T.ok(st == 301 and h.get("location", "").endswith("/2025-01/"),
         "a folder without its '/': redirected to it (the pages' links are relative)", (st, h))
    st, h, _ = s.get("/")
    T.eq(h.get("cache-control"), "no-store", "nothing is kept by the browser")
    st, _, _ = s.request("/", host="evil.example:%d" % s.port)
    T.eq(st, 403, "a Host other than 127.0.0.1 or localhost (DNS rebinding): 403")
    st, _, _ = s.request("/", host="localhost:%d" % s.port)
    T.eq(st, 200, "Host localhost: served")
    st, h, _ = s.request("/", "POST")
    T.ok(st == 405 and "GET" in h.get("allow", ""), "POST: 405 with Allow", (st, h))
    try:  # with a body (a form's): answered too, not dropped without a word
        st, h, _ = s.request("/", "POST", headers={"Content-Type": "application/x-www-form-"
                                                   "urlencoded"}, body=b"x=1" * 20000)
    except Exception as e:  # noqa: BLE001 (the failure is the finding)
        st, h = repr(e), {}
    T.ok(st == 405 and "GET" in h.get("allow", ""), "POST with a body: 405 with Allow", st)


def check_browser(s, tmp, kpi):
    """The open page reloads by itself after a save; the error page comes and goes."""
    profile = os.path.join(tmp, "profile")
    os.makedirs(profile)
    b = Browser(profile, deadline=time.monotonic() + 40)
    try:
        sess = b.open_page()
        url = "http://127.0.0.1:%d/2025-01/" % s.port
        T.ok(b.navigate(sess, url), "chromium loads the report page from serve")
        time.sleep(0.3)  # its event stream connected
        b.evaluate(sess, "window.__before = 1")

        def page_has(text, gone_mark=True, timeout=6.0):
            t0 = time.monotonic()
            while time.monotonic() - t0 < timeout:
                try:
                    r = b.evaluate(sess, "[document.body ? document.body.innerText : '', "
                                         "typeof window.__before]")
                except Exception:
                    r = None
                if r and text in r[0] and (not gone_mark or r[1] == "undefined"):
                    return time.monotonic() - t0
                time.sleep(0.02)
            return None

        set_kpi(kpi, "cccd_chip", "93456789")
        took = page_has("93,5 triệu")
        T.ok(took is not None, "chromium: the open page reloaded by itself with the new figure "
             "(%.2f s after the save)" % (took or -1))
        b.evaluate(sess, "window.__before = 1")
        row = set_kpi(kpi, "cccd_chip", "chín mươi")
        took = page_has("kpi.csv:%d:" % row)
        T.ok(took is not None, "chromium: a bad value: the page reloaded to the located error")
        b.evaluate(sess, "window.__before = 1")
        set_kpi(kpi, "cccd_chip", "94567890", how="rename")
        took = page_has("94,6 triệu")
        T.ok(took is not None, "chromium: the fix (saved by a rename): the report is back")
        shot = b.send("Page.captureScreenshot", {"format": "png"}, session=sess)
        T.ok(bool(shot.get("data")), "chromium: a screenshot of the page")
    finally:
        b.close()


def main():
    if not program_available():
        T.ok(False, "program built", baocao_path())
        T.done()
    with TempDir() as tmp:
        work = os.path.join(tmp, "work")
        os.makedirs(work)
        for d in ("content", "templates", "assets"):
            shutil.copytree(os.path.join(REPO, d), os.path.join(work, d), symlinks=True)
        os.symlink("/etc/passwd", os.path.join(work, "assets", "leak.txt"))
        content = os.path.join(work, "content")
        kpi = os.path.join(content, "reports", "2025-01", "kpi.csv")
        r = run(["new", "2025-02", "--content", "content"], cwd=work)
        T.eq(r.rc, 0, "new 2025-02: a draft to preview", r)
        # its figures: last month's kpi.csv copied forward (new leaves the values empty)
        shutil.copy(kpi, os.path.join(content, "reports", "2025-02", "kpi.csv"))
        private_base = os.path.join(tmp, "tmp")
        os.makedirs(private_base)
        env = dict(os.environ, TMPDIR=private_base, LANG="C.UTF-8", LANGUAGE="")
        env.pop("BAOCAO_TIMING", None)
        before_content = tree_hash(content)

        s = Serve([], work, env)
        T.ok(s.port is not None, "serve prints its address, http://127.0.0.1:PORT/",
             "".join(s.out) + "".join(s.err))
        if s.port is None:
            s.stop()
            T.done()
        addrs = listening_addresses(s.port)
        T.ok(addrs and all(a == "0100007F" for a in addrs),
             "it listens on 127.0.0.1 only", addrs)
        privates = [d for d in os.listdir(private_base) if d.startswith("baocao-serve-")]
        T.eq(len(privates), 1, "one private folder, in $TMPDIR")
        private = os.path.join(private_base, privates[0]) if privates else private_base
        T.ok(not os.path.exists(os.path.join(work, "public")), "public/ is not made")

        # the pages as build --drafts makes them, but for the serve-only script
        ref = os.path.join(tmp, "ref")
        r = run(["build", "--drafts", "--content", "content", "--out", ref], cwd=work)
        T.eq(r.rc, 0, "build --drafts of the same content", r)
        for page in ["index.html", "2025-01/index.html", "2025-02/index.html",
                     "chi-so/cccd_chip.html"]:
            st, h, body = s.get("/" + page)
            with open(os.path.join(ref, page), "rb") as f:
                want = f.read()
            T.ok(st == 200 and SNIPPET_START in body and b"/__baocao/events" in body,
                 "%s: served with the reload script" % page, st)
            T.ok(unserved(body) == want, "%s: otherwise byte for byte build --drafts's" % page)
        st, _, body = s.get("/2025-02/")
        T.ok(st == 200 and "2025-02" in body.decode("utf-8", "replace"),
             "the draft made by new is shown")

        check_requests(s, tmp, private)

        # saves: in place, by a rename, Vim's way; the page and its PDF
        times = []
        for value, shown, how in [("91234567", "91,2 triệu", "inplace"),
                                  ("92345678", "92,3 triệu", "rename"),
                                  ("90123456", "90,1 triệu", "vim")]:
            t0 = time.monotonic()
            set_kpi(kpi, "cccd_chip", value, how)
            took = s.wait_for("/2025-01/", lambda st, b, x=shown: st == 200 and x.encode() in b,
                              timeout=5)
            T.ok(took is not None, "saved %s: the new figure %s is served" % (how, shown))
            times.append(took if took is not None else 5)
            st, h, body = s.get("/" + PDF)
            T.ok(st == 200 and shown in pdf_text(body, tmp),
                 "saved %s: the PDF has the new figure too" % how)
        med = statistics.median(times)
        T.ok(med <= 1.0, "a saved kpi value is served within 1 s (median %.2f s; %s)" %
             (med, ", ".join("%.2f" % t for t in times)))

        # a bad value: the report's page and PDF give its located error; the rest stays
        row = set_kpi(kpi, "cccd_chip", "<b>12</b>")
        took = s.wait_for("/2025-01/", lambda st, b: st == 500)
        st, h, body = s.get("/2025-01/")
        text = body.decode("utf-8", "replace")
        T.ok(took is not None and h.get("content-type", "").startswith("text/html"),
             "a bad value: the report's page is the error page (500)", st)
        T.ok(re.search(r"content/reports/2025-01/kpi\.csv:%d:\d+" % row, text) is not None,
             "the error page locates the error (path:line:col)", text[-2000:])
        T.ok("&lt;b&gt;12&lt;/b&gt;" in text and "<b>12</b>" not in text,
             "the value is escaped in the error page", text[-1500:])
        T.ok('<html lang="' in text and '<meta charset="utf-8">' in text and SNIPPET_START.decode() in text,
             "the error page: UTF-8, a language, the reload script")
        st, h, body = s.get("/" + PDF)
        T.ok(st == 500 and h.get("content-type", "").startswith("text/html"),
             "the report's PDF: the error page too (no stale PDF)", (st, h.get("content-type")))
        st, h, body = s.get("/2024-12/")
        T.ok(st == 200 and b"baocao-serve-notice" in body and b"kpi.csv:%d" % row in body,
             "another report: its last good page, with a notice of the error", st)
        st, h, body = s.get("/2024-12/bao-cao-thang-12-2024.pdf")
        T.ok(st == 200 and body.startswith(b"%PDF-"), "another report's PDF: still served")
        # the fix brings it back
        set_kpi(kpi, "cccd_chip", "95678901")
        took = s.wait_for("/2025-01/", lambda st, b: st == 200 and "95,7 triệu".encode() in b)
        T.ok(took is not None, "fixed: the page is back, with the new figure")
        st, h, body = s.get("/2024-12/")
        T.ok(st == 200 and b"baocao-serve-notice" not in body, "fixed: the notice is gone")

        # an error outside the reports (site.yaml): every page shows it
        site_yaml = os.path.join(content, "site.yaml")
        with open(site_yaml, encoding="utf-8") as f:
            good = f.read()
        with open(site_yaml, "w", encoding="utf-8") as f:
            f.write(good + "\n  : [unclosed\n")
        took = s.wait_for("/", lambda st, b: st == 500 and b"site.yaml:" in b)
        T.ok(took is not None, "site.yaml broken: the home page is the error page")
        st, _, body = s.get("/2024-12/")
        T.ok(st == 500 and b"site.yaml:" in body, "site.yaml broken: every report's page too")
        with open(site_yaml, "w", encoding="utf-8") as f:
            f.write(good)
        took = s.wait_for("/", lambda st, b: st == 200)
        T.ok(took is not None, "site.yaml fixed: the pages are back")

        # a folder made after the start (new: its values empty, errors), then saved in it
        r = run(["new", "2025-03", "--content", "content"], cwd=work)
        T.eq(r.rc, 0, "new 2025-03 while serving", r)
        kpi3 = os.path.join(content, "reports", "2025-03", "kpi.csv")
        took = s.wait_for("/2025-03/", lambda st, b: st == 500 and
                          b"content/reports/2025-03/kpi.csv:" in b)
        T.ok(took is not None, "the new report (values left empty): its page gives the errors "
             "located in its kpi.csv")
        st, _, body = s.get("/2025-01/")
        T.ok(st == 200 and b"baocao-serve-notice" in body,
             "meanwhile the other reports are the last good build's, with the notice")
        shutil.copy(kpi, kpi3 + ".tmp")
        os.replace(kpi3 + ".tmp", kpi3)
        took = s.wait_for("/2025-03/", lambda st, b: st == 200)
        T.ok(took is not None, "its kpi.csv filled in (saved in the folder made after the "
             "start): its page is served")
        set_kpi(kpi3, "cccd_chip", "96789012")
        took = s.wait_for("/2025-03/", lambda st, b: st == 200 and "96,8 triệu".encode() in b)
        T.ok(took is not None, "a value saved in that folder is built")
        manual = os.path.join(content, "reports", "2025-04")
        os.mkdir(manual)
        time.sleep(0.3)
        for name in sorted(os.listdir(os.path.join(content, "reports", "2025-03"))):
            with open(os.path.join(content, "reports", "2025-03", name), encoding="utf-8") as f:
                text = f.read()
            with open(os.path.join(manual, name), "w", encoding="utf-8") as f:
                f.write(text.replace("tháng 3/2025", "tháng 4/2025")
                        .replace("2025-03", "2025-04").replace("03/2025", "04/2025"))
        took = s.wait_for("/2025-04/", lambda st, b: st == 200)
        T.ok(took is not None, "an empty folder made, then its files written: built",
             "".join(s.err)[-1500:])

        # a template and an asset saved
        css = os.path.join(work, "assets", "style.css")
        with open(css, "a", encoding="utf-8") as f:
            f.write("\n/* saved while serving */\n")
        took = s.wait_for("/assets/style.css", lambda st, b: b"saved while serving" in b)
        T.ok(took is not None, "an asset saved: served new")

        if os.path.exists(CHROMIUM):
            check_browser(s, tmp, kpi)
        else:
            T.ok(False, "chromium at %s" % CHROMIUM)

        # Ctrl-C: stopped within a bound, nothing left
        set_kpi(kpi, "cccd_chip", "97890123")  # a build starting as it stops
        time.sleep(0.06)
        rc, took = s.stop(signal.SIGINT, bound=5.0)
        T.ok(rc == 0, "SIGINT: exit status 0 (%.2f s)" % took, rc)
        T.ok(took < 3.0, "SIGINT: stopped within 3 s (%.2f s)" % took)
        T.ok(not os.path.exists(private), "SIGINT: the private folder is removed",
             os.listdir(private_base))
        T.eq(os.listdir(private_base), [], "SIGINT: nothing else left in $TMPDIR")
        T.ok(not listening_addresses(s.port), "SIGINT: the port is free")
        after = tree_hash(content)
        changed = [k for k in set(before_content) | set(after)
                   if before_content.get(k) != after.get(k) and "2025-0" not in k[:20]
                   and not k.startswith("site.yaml")]
        T.ok(not [k for k in changed if not k.startswith("reports/")],
             "nothing but what the test saved changed in the content", changed)
        T.ok(not os.path.exists(os.path.join(work, "public")), "public/ never made")
        err = "".join(s.err)
        T.ok("built in" in err, "each build is said on stderr", err[-800:])

        # SIGTERM too, with $TMPDIR inside the content (the private folder must not be
        # there: its builds would be changes); and the port taken
        inside = os.path.join(content, "tmp")
        os.makedirs(inside)
        before_tmp = set(os.listdir("/tmp"))
        s = Serve([], work, dict(env, TMPDIR=inside))
        T.ok(s.port is not None and os.listdir(inside) == [],
             "$TMPDIR inside the content: the private folder is made elsewhere",
             os.listdir(inside))
        made = [d for d in set(os.listdir("/tmp")) - before_tmp if d.startswith("baocao-serve-")]
        T.eq(len(made), 1, "… in /tmp")
        s2 = subprocess.run([baocao_path(), "serve", "--port", str(s.port)], cwd=work, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, timeout=30)
        T.ok(s2.returncode == 1 and
             ("cannot listen on 127.0.0.1:%d" % s.port) in s2.stderr.decode(),
             "a port already taken: exit status 1 and how to choose another",
             s2.stderr.decode())
        rc, took = s.stop(signal.SIGTERM, bound=5.0)
        T.ok(rc == 0 and not [d for d in made if os.path.exists(os.path.join("/tmp", d))],
             "SIGTERM: stopped, nothing left", (rc, made))

        # killed (SIGKILL: nothing can be removed then): the next serve removes what it left
        s = Serve([], work, env)
        left = os.listdir(private_base)
        s.stop(signal.SIGKILL)
        T.ok(len(left) == 1 and os.listdir(private_base) == left,
             "SIGKILL: the private folder is left behind", left)
        s = Serve([], work, env)
        now = os.listdir(private_base)
        T.ok(s.port is not None and len(now) == 1 and now != left,
             "the next serve removes the folder a killed one left (its lock is free)", now)
        s.stop(signal.SIGINT)
        T.eq(os.listdir(private_base), [], "… and its own when it stops")

        for args, what in [(["--port", "70000"], "--port 70000"),
                           (["--port", "x"], "--port x"),
                           (["--out", "public"], "--out (serve publishes nothing)")]:
            r = run(["serve"] + args, cwd=work)
            T.eq(r.rc, 2, "serve %s: wrong usage, exit 2" % what, r)
        r = run(["build", "--port", "1"], cwd=work)
        T.eq(r.rc, 2, "--port with build: wrong usage", r)
        r = run(["serve", "--content", "nowhere", "--port", "0"], cwd=work)
        T.ok(r.rc == 1 and "nowhere" in r.err, "serve of a missing folder: exit 1, said", r)
        r = run(["--help"])
        T.ok("serve" in r.out and "8484" in r.out, "--help says serve and its port")

        # libmicrohttpd is opened when serve starts, not linked: a library that cannot be
        # loaded is said (exit 1, nothing left), and the other commands never load it
        broken = os.path.join(tmp, "broken-lib")
        os.makedirs(broken)
        open(os.path.join(broken, "libmicrohttpd.so.12"), "w").close()
        s2 = subprocess.run([baocao_path(), "serve", "--port", "0"], cwd=work,
                            env=dict(env, LD_LIBRARY_PATH=broken), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        err = s2.stderr.decode()
        T.ok(s2.returncode == 1 and "cannot load the web server's library, libmicrohttpd" in err
             and "libmicrohttpd.so.12" in err,
             "a libmicrohttpd that cannot be loaded: exit status 1, the system's reason", err)
        T.eq(os.listdir(private_base), [], "… and no private folder left")
        for args in (["--version"], ["check", "--content", os.path.join(REPO, "content")]):
            r = run(args, cwd=work, env=dict(env, LD_LIBRARY_PATH=broken))
            T.eq(r.rc, 0, "%s runs without loading libmicrohttpd" % args[0], r)
        libs = subprocess.run(["ldd", baocao_path()], stdout=subprocess.PIPE).stdout.decode()
        T.ok("libmicrohttpd" not in libs and "libgnutls" not in libs,
             "the program is not linked with libmicrohttpd (nor GnuTLS)", libs)
    T.done()


if __name__ == "__main__":
    main()
