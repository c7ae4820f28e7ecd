#!/usr/bin/env python3
"""The messages in Vietnamese (GNU gettext, po/vi.po) and in English.

1. The catalogue: xgettext, run on po/POTFILES with the keywords po/meson.build gives it, into
   a temporary file (po/ is left alone), finds every message of the sources; each must have a
   translation in po/vi.po that is neither empty nor fuzzy, with the same printf conversions
   (msgfmt --check). A message added to the sources without its translation turns this red:
   `ninja -C build baocao-update-po`, then translate the new entries of po/vi.po. A function
   that passes a format on to diag_add, diag_warn, diag_vadd or diag_vwarn must be one of those
   keywords, or its callers' messages would be left out of the catalogue unseen.
2. The program: check, build, new, usage errors and serve's first line and error page, under
   LANG=vi_VN.UTF-8, under LANGUAGE=vi with LANG=C.UTF-8, and under LANG=C.UTF-8 (English, as
   the rest of the suite runs): the Vietnamese words ("lỗi:", "cảnh báo:") and sentences, the
   same path:line:col in every language, and a site published byte for byte the same.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_messages.py
"""

import glob
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, REPO, FIXTURES, TempDir, run, program_available, baocao_path,  # noqa: E402
                 tree_hash, tree_diff)

MINIMAL = os.path.join(FIXTURES, "minimal")
PO_DIR = os.path.join(REPO, "po")
R1 = "reports/2025-01/report.md"
K1 = "reports/2025-01/kpi.csv"

# the environments: lib.py set LANG=C.UTF-8 and removed LANGUAGE and LC_* for every test
EN = dict(os.environ)
VI_LANG = dict(os.environ, LANG="vi_VN.UTF-8")
VI_LANGUAGE = dict(os.environ, LANGUAGE="vi")
C_LANGUAGE = dict(os.environ, LANG="C", LANGUAGE="vi")  # gettext: LANGUAGE is not read under C
VI = [("LANG=vi_VN.UTF-8", VI_LANG), ("LANGUAGE=vi LANG=C.UTF-8", VI_LANGUAGE)]

LINE_RE = re.compile(r"^(.*?):(\d+):(\d+): (error|warning|lỗi|cảnh báo): (.*)$")


def located(stderr):
    """[(path, line, col, word, message)] of the path:line:col: lines."""
    return [(m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5))
            for m in map(LINE_RE.match, stderr.splitlines()) if m]


def places(stderr):
    return [(p, l, c, {"error": "E", "lỗi": "E", "warning": "W", "cảnh báo": "W"}[w])
            for p, l, c, w, _ in located(stderr)]


# ---------------------------------------------------------------- 1. the catalogue


def keywords():
    """The --keyword=… arguments po/meson.build gives xgettext (the one list)."""
    with open(os.path.join(PO_DIR, "meson.build"), encoding="utf-8") as f:
        text = f.read()
    return re.findall(r"'(--keyword=[^']+)'", text)


def c_calls(text, names):
    """(name, offset, [argument texts]) of each call of one of names in C source text."""
    for m in re.finditer(r"\b(%s)\s*\(" % "|".join(map(re.escape, names)), text):
        i, depth, args, cur, quote = m.end(), 1, [], "", None
        while i < len(text) and depth:
            ch = text[i]
            if quote:
                cur += ch
                if ch == "\\":
                    cur += text[i + 1]
                    i += 1
                elif ch == quote:
                    quote = None
            elif ch in "\"'":
                quote = ch
                cur += ch
            elif ch in "([{":
                depth += 1
                cur += ch
            elif ch in ")]}":
                depth -= 1
                if depth:
                    cur += ch
            elif ch == "," and depth == 1:
                args.append(cur.strip())
                cur = ""
            else:
                cur += ch
            i += 1
        args.append(cur.strip())
        yield m.group(1), m.start(), args


def enclosing(text, offset):
    """The function or macro whose body holds offset: the last definition before it, a line
    that starts at column 0 with a name and has a "(" (or a #define NAME( line)."""
    best = None
    for line in text[:offset].split("\n"):
        m = re.match(r"#define\s+(\w+)\(", line)
        if m:
            best = m.group(1)
            continue
        if not re.match(r"[A-Za-z_]", line) or "(" not in line or line.rstrip().endswith(";"):
            continue
        head = re.sub(r"__attribute__\s*\(\(.*?\)\)", "", line).split("(")[0]
        names = re.findall(r"\w+", head)
        if names and names[-1] not in ("if", "for", "while", "switch", "return", "sizeof"):
            best = names[-1]
    return best


def wrappers_are_keywords(kw):
    """Every function (or macro) that hands its caller's format on to diag_* is a keyword."""
    names = {k.split("=", 1)[1].split(":")[0] for k in kw}
    # the format's place among the arguments (0-based) of each diag function
    fmt_at = {"diag_add": 4, "diag_warn": 4, "diag_vadd": 4, "diag_vwarn": 4}
    found = {}
    for path in sorted(glob.glob(os.path.join(REPO, "gen", "**", "*.c"), recursive=True)):
        rel = os.path.relpath(path, REPO)
        if rel == os.path.join("gen", "diag.c"):
            continue  # their definitions
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for name, off, args in c_calls(text, list(fmt_at)):
            if len(args) <= fmt_at[name]:
                continue
            fmt = args[fmt_at[name]]
            if fmt.startswith('"') or fmt.startswith("_("):
                continue  # a literal: extracted as it is (a "%s" passes a message made elsewhere)
            fn = enclosing(text, off)
            found.setdefault(fn, rel)
    missing = {fn: rel for fn, rel in found.items() if fn not in names}
    T.ok(found, "the sources have wrappers that pass a format on to diag_* (%s)" %
         ", ".join(sorted(map(str, found))))
    T.eq(missing, {}, "each such wrapper is an xgettext keyword in po/meson.build")


def po_tool(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          **kw)


def msgids(po_text):
    """The msgids of a .po text (joined, unescaped only of \\" and \\n), header excluded."""
    out = []
    for m in re.finditer(r'^msgid ((?:".*"\n)+)', po_text, re.M):
        s = "".join(re.findall(r'"(.*)"', m.group(1)))
        if s:
            out.append(s.replace('\\"', '"').replace("\\n", "\n"))
    return out


def catalogue():
    for tool in ("xgettext", "msgmerge", "msgattrib", "msgfmt"):
        if not shutil.which(tool):
            T.ok(False, "%s is installed (Debian's gettext)" % tool)
            return
    kw = keywords()
    T.ok(any(k.startswith("--keyword=diag_add") for k in kw) and len(kw) >= 6,
         "po/meson.build lists the xgettext keywords", kw)
    wrappers_are_keywords(kw)
    with TempDir() as tmp:
        pot = os.path.join(tmp, "baocao.pot")
        r = po_tool(["xgettext", "--from-code=UTF-8", "--package-name=baocao", "-D", REPO,
                     "-f", os.path.join(PO_DIR, "POTFILES"), "-o", pot] + kw)
        T.eq(r.returncode, 0, "xgettext reads po/POTFILES", r.stderr)
        if r.returncode != 0:
            return
        with open(pot, encoding="utf-8") as f:
            ids = msgids(f.read())
        T.ok(len(ids) >= 300, "xgettext finds the messages (%d)" % len(ids))
        # one message through each way in: diag_add, a wrapper of each kind, _(), P_(), N_()
        for want in ('unknown indicator "%.*s" (not in indicators.csv)',  # err_at
                     "unknown section '%s'",                               # ERR
                     "unknown field '%s' in %s",                           # check_err
                     "unknown command \"%s\"",                             # usage_error
                     "empty value for \"%s\"",                             # diag_add
                     "nothing under the heading \"%s\" (write the section, or remove the heading)",
                     "%zu error",                                          # P_
                     "mapping values are not allowed in this context",     # libyaml's, N_
                     "baocao serve: http://127.0.0.1:%u/ (the drafts shown; Ctrl-C stops)\n"):
            T.ok(want in ids, "the catalogue has %r" % want[:60])
        # every one of them translated in po/vi.po, exactly (no fuzzy match)
        merged = os.path.join(tmp, "vi.po")
        r = po_tool(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged,
                     os.path.join(PO_DIR, "vi.po"), pot])
        T.eq(r.returncode, 0, "po/vi.po merges with the sources' messages", r.stderr)
        if r.returncode != 0:
            return
        for what, flag in (("untranslated", "--untranslated"), ("fuzzy", "--only-fuzzy")):
            r = po_tool(["msgattrib", flag, "--no-obsolete", merged])
            left = msgids(r.stdout)
            T.eq(left, [], "no message of the sources is %s in po/vi.po "
                           "(ninja -C build baocao-update-po, then translate)" % what)
        r = po_tool(["msgfmt", "--check", "--statistics", "-o", os.devnull, merged])
        T.eq(r.returncode, 0, "msgfmt --check: each translation keeps its printf conversions "
                              "and the plural forms are nplurals=1", r.stderr)
        T.ok(re.search(r"^\d+ translated messages?\.$", r.stderr.strip()),
             "msgfmt: every message translated (%s)" % r.stderr.strip())
    mo = os.path.join(os.path.dirname(baocao_path()), "locale", "vi", "LC_MESSAGES", "baocao.mo")
    T.ok(os.path.isfile(mo), "the build wrote the catalogue beside the program (%s)" %
         os.path.relpath(mo, REPO))


# ---------------------------------------------------------------- 2. the program


def locale_ready():
    r = subprocess.run(["locale", "-a"], stdout=subprocess.PIPE, text=True)
    have = any(l.lower().replace("-", "") in ("vi_vn.utf8",) for l in r.stdout.split())
    T.ok(have, "the vi_VN.UTF-8 locale is generated (./build.sh test does it as root; or "
               "sed -i 's/^# *vi_VN.UTF-8/vi_VN.UTF-8/' /etc/locale.gen && locale-gen)")
    return have


def copy_minimal(tmp, name):
    d = os.path.join(tmp, name)
    shutil.copytree(MINIMAL, d)
    return d


def edit(content, rel, old, new):
    p = os.path.join(content, rel)
    with open(p, encoding="utf-8") as f:
        text = f.read()
    assert old in text, (rel, old)
    with open(p, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


def check_errors(tmp, have_vi):
    """check on a copy with two errors and a warning: the same places, the words translated."""
    c = copy_minimal(tmp, "check")
    edit(c, K1, "ty_le,73.03,", "ty_le,1.730,")                   # kpi.csv:4:7
    edit(c, R1, "Đã cấp {{the_cap}} thẻ", "Đã cấp {{the_cp}} thẻ")  # report.md:16:8
    with open(os.path.join(c, R1), "a", encoding="utf-8") as f:
        f.write("\n## 2. Dịch vụ công\n")                          # a heading with nothing under
    en = run(["check", "--content", c], env=EN)
    T.eq(en.rc, 1, "English: check exits 1", en)
    want = [(c + "/" + K1, 4, 7, "E"), (c + "/" + R1, 16, 8, "E"), (c + "/" + R1, 24, 1, "W")]
    T.eq(places(en.err), want, "English: the errors and the warning at their places", en.err)
    T.contains(en.err, ': error: "1.730" can be read two ways: 1730 (the dot separating '
               "thousands) or 1,73 (the dot as a decimal point); write 1730 or 1,73",
               "English: the message of kpi.csv")
    T.contains(en.err, ': error: unknown indicator "the_cp" (not in indicators.csv)',
               "English: the message of report.md")
    T.contains(en.err, ': warning: nothing under the heading "2. Dịch vụ công"',
               "English: the warning")
    T.ok(en.err.rstrip().endswith("baocao: 2 errors, 1 warning"), "English: the count", en.err)
    for label, env in VI if have_vi else VI[1:]:
        vi = run(["check", "--content", c], env=env)
        T.eq(vi.rc, 1, "%s: check exits 1" % label, vi)
        T.eq(places(vi.err), want, "%s: the same places as in English" % label, vi.err)
        T.eq(len(vi.err.splitlines()), len(en.err.splitlines()),
             "%s: as many lines as in English" % label, vi.err)
        T.contains(vi.err, c + "/" + K1 + ':4:7: lỗi: "1.730" có thể hiểu theo hai cách: 1730 '
                   "(dấu chấm phân cách hàng nghìn) hoặc 1,73 (dấu chấm là dấu thập phân); hãy "
                   "viết 1730 hoặc 1,73", "%s: the message of kpi.csv in Vietnamese" % label)
        T.contains(vi.err, c + "/" + R1 + ':16:8: lỗi: chỉ số "the_cp" không tồn tại (không có '
                   "trong indicators.csv)", "%s: the message of report.md in Vietnamese" % label)
        T.contains(vi.err, c + "/" + R1 + ':24:1: cảnh báo: không có nội dung dưới đề mục '
                   '"2. Dịch vụ công" (hãy viết nội dung mục này, hoặc xóa đề mục)',
                   "%s: the warning in Vietnamese" % label)
        T.ok(vi.err.rstrip().endswith("baocao: 2 lỗi, 1 cảnh báo"), "%s: the count" % label,
             vi.err)
        words = " ".join(w + " " + m for _, _, _, w, m in located(vi.err))
        T.ok(not re.search(r"\b(error|warning|unknown|can be read)\b", words),
             "%s: no English word left" % label, vi.err)
    # gettext reads LANGUAGE only under a locale other than C
    r = run(["check", "--content", c], env=C_LANGUAGE)
    T.eq(places(r.err), want, "LANGUAGE=vi LANG=C: the same places", r.err)
    T.ok(": error: " in r.err and "lỗi" not in r.err, "LANGUAGE=vi LANG=C: English", r.err)


def check_yaml(tmp, have_vi):
    """A title with a colon, unquoted: libyaml's own message, translated."""
    c = copy_minimal(tmp, "yaml")
    edit(c, R1, 'title: "Kết quả tháng 01/2025"', "title: Kết quả: tháng 01/2025")
    en = run(["check", "--content", c], env=EN)
    T.contains(en.err, R1 + ":4:15: error: YAML: mapping values are not allowed in this context",
               "English: libyaml's message")
    env = VI_LANG if have_vi else VI_LANGUAGE
    vi = run(["check", "--content", c], env=env)
    T.contains(vi.err, R1 + ':4:15: lỗi: YAML: không được có dấu ": " ở vị trí này (văn bản có '
               "dấu hai chấm phải đặt trong ngoặc kép)", "Vietnamese: libyaml's message")


def build_same_site(tmp, have_vi):
    """build with a warning: exit 0 in both languages, the warning translated, and the site
    the same byte for byte (the locale changes the messages, never what is published)."""
    c = copy_minimal(tmp, "build")
    with open(os.path.join(c, R1), "a", encoding="utf-8") as f:
        f.write("\n## 2. Dịch vụ công\n")
    outs = {}
    for label, env in [("English", EN)] + (VI if have_vi else VI[1:]):
        out = os.path.join(tmp, "public-" + str(len(outs)))
        r = run(["build", "--content", c, "--out", out], env=env)
        T.eq(r.rc, 0, "%s: build exits 0 (a warning does not stop it)" % label, r)
        T.eq(places(r.err), [(c + "/" + R1, 24, 1, "W")], "%s: the warning's place" % label,
             r.err)
        word = "warning" if env is EN else "cảnh báo"
        T.contains(r.err, ":24:1: %s: " % word, "%s: the word %r" % (label, word))
        outs[label] = tree_hash(out)
    first = outs.pop("English")
    for label, h in outs.items():
        T.ok(h == first and len(h) > 10, "%s: the site published is the English run's, byte "
                                          "for byte" % label, tree_diff(first, h))


def new_lines(tmp, have_vi):
    """new: its line on stdout, a skipped month's warning, the report that exists already."""
    env = VI_LANG if have_vi else VI_LANGUAGE
    c = copy_minimal(tmp, "new")
    en = run(["new", "2025-02", "--content", c], env=EN)
    T.eq((en.rc, en.out), (0, c + "/reports/2025-02/: report.md and kpi.csv to fill in\n"),
         "English: new's line", en)
    shutil.rmtree(os.path.join(c, "reports", "2025-02"))
    vi = run(["new", "2025-02", "--content", c], env=env)
    T.eq((vi.rc, vi.out), (0, c + "/reports/2025-02/: đề nghị điền report.md và kpi.csv\n"),
         "Vietnamese: new's line", vi)
    vi = run(["new", "2025-02", "--content", c], env=env)
    T.eq((vi.rc, vi.err), (1, c + "/reports/2025-02:1:1: lỗi: đã có báo cáo 2025-02\n"
                              "baocao: 1 lỗi\n"), "Vietnamese: new's error", vi)
    vi = run(["new", "2025-04", "--content", c], env=env)
    T.eq(vi.rc, 0, "Vietnamese: new of a month skipped exits 0", vi)
    T.contains(vi.err, c + "/reports/2025-04/report.md:1:1: cảnh báo: chưa có báo cáo 2025-03: "
               "báo cáo này được tạo từ báo cáo 2025-02, các tháng trong văn bản được dời lên 2 "
               "tháng (có phải đã bỏ sót một tháng?)", "Vietnamese: new's warning of a month "
               "skipped")


def usage(tmp, have_vi):
    env = VI_LANG if have_vi else VI_LANGUAGE
    for args, en_line, vi_line in (
            (["frobnicate"], 'baocao: unknown command "frobnicate"',
             'baocao: không có lệnh "frobnicate"'),
            (["build", "--bogus"], "baocao: unknown option --bogus",
             "baocao: không có tùy chọn --bogus"),
            (["serve", "--port", "x"], 'baocao: --port takes a number from 0 to 65535, not "x"',
             'baocao: --port nhận một số từ 0 đến 65535, không phải "x"'),
            (["new", "2025-1"], 'baocao: new needs a month written YYYY-MM, not "2025-1"',
             'baocao: new cần một tháng viết dạng YYYY-MM, không phải "2025-1"'),
            ([], "baocao: no command", "baocao: thiếu lệnh")):
        en = run(args, cwd=tmp, env=EN)
        vi = run(args, cwd=tmp, env=env)
        T.eq((en.rc, en.err.splitlines()[:2]), (2, [en_line, "usage: baocao build [--content "
                                                   "DIR] [--out DIR] [--templates DIR] "
                                                   "[--assets DIR] [--jobs N]"]),
             "English: %s" % en_line, en)
        T.eq((vi.rc, vi.err.splitlines()[:1]), (2, [vi_line]), "Vietnamese: %s" % vi_line, vi)
        T.ok(vi.err.splitlines()[1:2] == ["cách dùng: baocao build [--content DIR] [--out DIR] "
                                          "[--templates DIR] [--assets DIR]"],
             "Vietnamese: the usage follows", vi.err)
    vi = run(["--help"], cwd=tmp, env=env)
    T.ok(vi.rc == 0 and "kiểm tra toàn bộ, liệt kê mọi lỗi và cảnh báo; không ghi gì" in vi.out
         and "\ncách dùng: baocao build" in vi.out, "Vietnamese: --help", vi)


class Serve:
    """baocao serve --port 0; its first line (the address) on stdout."""

    def __init__(self, content, env):
        self.proc = subprocess.Popen([baocao_path(), "serve", "--port", "0", "--content",
                                      content], env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.first = None
        got = threading.Event()

        def read():
            self.first = self.proc.stdout.readline().decode("utf-8", "replace")
            got.set()
            self.proc.stdout.read()
        threading.Thread(target=read, daemon=True).start()
        self.err = b""
        self.err_reader = threading.Thread(target=self._err, daemon=True)
        self.err_reader.start()
        got.wait(30)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", self.first or "")
        self.port = int(m.group(1)) if m else None

    def _err(self):
        for chunk in iter(lambda: self.proc.stderr.read(4096), b""):
            self.err += chunk

    def page(self, path, want, timeout=120.0 if os.environ.get("BAOCAO_SANITIZED") else 30.0):
        """The body of path once it holds want (bytes), else the last one."""
        body, t0 = b"", time.monotonic()
        while time.monotonic() - t0 < timeout:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                c.request("GET", path)
                body = c.getresponse().read()
                c.close()
                if want in body:
                    break
            except OSError:
                pass
            time.sleep(0.05)
        return body

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            rc = self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        # all it wrote read: the reader may still be taking the last of the pipe
        self.err_reader.join(10)
        return rc


def serve(tmp, have_vi):
    """serve's first line, and the error page of a build that fails, in both languages."""
    c = copy_minimal(tmp, "serve")
    edit(c, "site.yaml", "base_url:", "base_url_x:")  # an error outside the reports: every page
    for label, env, line, texts in (
            ("English", EN, "baocao serve: http://127.0.0.1:%d/ (the drafts shown; Ctrl-C "
                            "stops)\n",
             [b'<html lang="en">', b"<h1>The build failed</h1>", b"errors, located below.",
              b": error: "]),
            ("Vietnamese", VI_LANG if have_vi else VI_LANGUAGE,
             "baocao serve: http://127.0.0.1:%d/ (có hiện các bản nháp; Ctrl-C để dừng)\n",
             ['<html lang="vi">', "<h1>Tạo trang không thành công</h1>",
              "lỗi, có vị trí ghi dưới đây.", ": lỗi: ",
              'không có khóa "base_url_x" (chỉ có: title, base_url, place, issuer)'])):
        s = Serve(c, env)
        if not T.ok(s.port, "%s: serve prints its address" % label, s.first):
            s.stop()
            continue
        T.eq(s.first, line % s.port, "%s: serve's first line" % label)
        texts = [t if isinstance(t, bytes) else t.encode("utf-8") for t in texts]
        body = s.page("/", texts[1])
        for t in texts:
            T.ok(t in body, "%s: the error page says %r" % (label, t.decode("utf-8")),
                 body[:1500].decode("utf-8", "replace"))
        T.eq(s.stop(), 0, "%s: serve stops on Ctrl-C" % label, s.err.decode("utf-8", "replace"))
        err = s.err.decode("utf-8", "replace")
        T.eq(places(err), [(c + "/site.yaml", 1, 1, "E"), (c + "/site.yaml", 2, 1, "E")],
             "%s: the console's errors at their places" % label, err)
        T.ok(("lỗi" in err) == (label == "Vietnamese"), "%s: the console's words" % label, err)


def main():
    catalogue()
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    have_vi = locale_ready()
    with TempDir() as tmp:
        check_errors(tmp, have_vi)
        check_yaml(tmp, have_vi)
        build_same_site(tmp, have_vi)
        new_lines(tmp, have_vi)
        u = os.path.join(tmp, "usage")
        os.makedirs(u)
        usage(u, have_vi)
        serve(tmp, have_vi)
    T.done()


if __name__ == "__main__":
    main()
