#!/usr/bin/env python3
"""The time from saving a file to the reloaded page, with `baocao serve` (not part of the
tests). On a copy of a content folder (its templates/ and assets/ beside it too, if any):
serve on a free port, the latest report's page open in headless Chromium; then RUNS times a
value of its kpi.csv saved (one the report's text shows), and timed from the moment the
file is closed until
  page   the open page has reloaded by itself and shows the new figure (load event done),
  pdf    the report's PDF served is a new one (its ETag changed),
  build  what serve printed: the build alone ("built in N ms"),
  load   of the page's time, the browser's own: its reload, from the request to the end of
         its load event (Navigation Timing).
Prints each run, then the median, the lowest and the highest.

Usage: bench/serve_latency.py CONTENT_DIR [RUNS]     (BAOCAO: default build/baocao)
  e.g. python3 bench/gen.py 120 /tmp/b120 && bench/serve_latency.py /tmp/b120 15
"""

import csv
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "test", "e2e"))
from browser import Browser  # noqa: E402


def figure(fmt, v):
    if fmt == "count":
        return "{:,}".format(v).replace(",", ".")
    if fmt == "millions":
        return ("%.1f" % (v / 1e6)).replace(".", ",") + " triệu"
    return None


def pick(content, month):
    """An indicator the report's text shows ({{id}}) with a count or millions format."""
    with open(os.path.join(content, "indicators.csv"), encoding="utf-8-sig") as f:
        formats = {r[0]: r[3] for r in csv.reader(f) if len(r) > 3}
    with open(os.path.join(content, "reports", month, "report.md"), encoding="utf-8") as f:
        text = f.read()
    kpi = os.path.join(content, "reports", month, "kpi.csv")
    with open(kpi, encoding="utf-8-sig") as f:
        values = {r[0]: r[1] for r in csv.reader(f) if len(r) > 1}
    for m in re.finditer(r"\{\{([a-z0-9_]+)\}\}", text):
        i = m.group(1)
        if formats.get(i) in ("count", "millions") and values.get(i, "").isdigit():
            return i, formats[i], int(values[i]), kpi
    sys.exit("no {{id}} of a count or millions indicator in %s's report.md" % month)


def save(kpi, ind, value):
    with open(kpi, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for k, line in enumerate(lines):
        if line.startswith(ind + ","):
            p = line.split(",", 2)
            p[1] = str(value)
            lines[k] = ",".join(p)
    with open(kpi, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return time.monotonic(), time.time()


def etag(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request("HEAD", path)
        r = c.getresponse()
        r.read()
        return r.getheader("ETag")
    finally:
        c.close()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    src = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    exe = os.path.abspath(os.environ.get("BAOCAO", "build/baocao"))
    tmp = tempfile.mkdtemp(prefix="baocao-serve-bench-")
    try:
        work = os.path.join(tmp, "w")
        os.makedirs(work)
        shutil.copytree(src, os.path.join(work, "content"))
        for d in ("templates", "assets"):
            if os.path.isdir(os.path.join(src, "..", d)):
                shutil.copytree(os.path.join(src, "..", d), os.path.join(work, d))
        content = os.path.join(work, "content")
        month = sorted(os.listdir(os.path.join(content, "reports")))[-1]
        ind, fmt, base, kpi = pick(content, month)
        pdf = "/%s/bao-cao-thang-%s-%s.pdf" % (month, month[5:], month[:4])
        env = dict(os.environ, TMPDIR=tmp)
        env.pop("BAOCAO_TIMING", None)
        p = subprocess.Popen([exe, "serve", "--port", "0"], cwd=work, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        err = []
        threading.Thread(target=lambda: [err.append(l.decode("utf-8", "replace"))
                                         for l in iter(p.stderr.readline, b"")],
                         daemon=True).start()
        line = p.stdout.readline().decode()
        port = int(re.search(r":(\d+)/", line).group(1))
        t0 = time.monotonic()
        while not any("built in" in l for l in err):
            if time.monotonic() - t0 > 300 or p.poll() is not None:
                sys.exit("serve did not build: " + "".join(err)[-2000:])
            time.sleep(0.05)
        first = [l for l in err if "built in" in l][0].strip()
        reports = len(os.listdir(os.path.join(content, "reports")))
        print("%s: %d reports; first build: %s; the value of %s in %s/kpi.csv, %d runs"
              % (src, reports, first, ind, month, runs))
        os.makedirs(os.path.join(tmp, "profile"))
        b = Browser(os.path.join(tmp, "profile"), deadline=time.monotonic() + 60 + 10 * runs)
        pages, pdfs, builds, loads = [], [], [], []
        try:
            s = b.open_page()
            b.navigate(s, "http://127.0.0.1:%d/%s/" % (port, month))
            for i in range(runs + 1):  # the first is a warm-up, not counted
                value = base + (i + 1) * 1_000_000 + (i + 1) * 1_111
                want = figure(fmt, value)
                b.evaluate(s, "window.__mark = 1")
                time.sleep(0.5)
                old = etag(port, pdf)
                n_err = len(err)
                t, wall = save(kpi, ind, value)
                # the page is not polled (the browser would take CPU from the build): its
                # reload says when it ended (Navigation Timing, on the same clock as time())
                pdf_t = None
                while time.monotonic() - t < 10 and pdf_t is None:
                    if etag(port, pdf) != old:
                        pdf_t = time.monotonic() - t
                    time.sleep(0.025)
                page = None
                while time.monotonic() - t < 20 and page is None:
                    time.sleep(0.1)
                    try:
                        r = b.evaluate(s, "[typeof window.__mark, document.readyState,"
                                          " document.body ? document.body.innerText : '',"
                                          " performance.timeOrigin + performance"
                                          ".getEntriesByType('navigation')[0].loadEventEnd]")
                    except Exception:
                        r = None
                    if r and r[0] == "undefined" and r[1] == "complete" and want in r[2] and r[3]:
                        page = r[3] / 1e3 - wall
                try:
                    load = b.evaluate(s, "performance.getEntriesByType('navigation')[0].duration")
                except Exception:
                    load = None
                built = [l for l in err[n_err:] if "built in" in l]
                ms = float(re.search(r"built in (\d+)", built[-1]).group(1)) if built else None
                if i == 0:
                    continue
                print("run %2d: page %s  pdf %s  build %s  load %s" % (
                    i, "%.0f ms" % (page * 1e3) if page is not None else "—",
                    "%.0f ms" % (pdf_t * 1e3) if pdf_t is not None else "—",
                    "%.0f ms" % ms if ms is not None else "—",
                    "%.0f ms" % load if load is not None else "—"))
                if load is not None:
                    loads.append(load)
                if page is not None:
                    pages.append(page * 1e3)
                if pdf_t is not None:
                    pdfs.append(pdf_t * 1e3)
                if ms is not None:
                    builds.append(ms)
        finally:
            b.close()
            p.send_signal(2)
            p.wait(10)
        for name, v in (("save → reloaded page", pages), ("save → new PDF served", pdfs),
                        ("the build alone", builds), ("the browser's reload", loads)):
            if v:
                print("%-22s median %4.0f ms  (lowest %.0f, highest %.0f; %d runs)"
                      % (name, statistics.median(v), min(v), max(v), len(v)))
        print("load average:", open("/proc/loadavg").read().split()[:3])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
