#!/usr/bin/env python3
"""The website for its readers (not part of the tests; figures go to docs/performance.md).

On a generated site of N reports (bench/gen.py, default 120):
  - the search index's size against the HTML's, and baocao's search in Debian's headless
    chromium on the site opened from disk (file://): the time the index takes to load, then
    queries typed a key at a time (DevTools Input.insertText: a real input event), the time
    from each key to its results drawn (measured in the page, and around the key on this
    side), and whether "can cuoc" finds what "căn cước" finds;
  - Pagefind (npm, bench/package.json) on the same HTML: its index's size, the time from a
    query to its first result's data (pagefind.search, then .data(), over HTTP: Pagefind
    needs fetch and WebAssembly), and whether it folds Vietnamese tone marks;
  - Lighthouse 12.2.3 (npm) on the index and a report page, mobile and desktop, over HTTP
    (text gzipped, as a production server sends it):
    the four scores, total blocking time and the number of elements; with --before DIR
    (a site built by an earlier baocao) the same of that site, for comparison.
Usage: bench/web.py [--reports N] [--before DIR] [--no-lighthouse] [--no-pagefind]
Environment: BAOCAO (build/baocao), BENCH_DIR (/tmp/baocao-bench), CHROMIUM.
Needs `npm ci --prefix bench` (bench/run.sh web does it).
"""
import argparse
import functools
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(REPO, "test", "e2e"))
from browser import CHROMIUM, Browser, Server, Quiet  # noqa: E402

BAOCAO = os.path.abspath(os.environ.get("BAOCAO", os.path.join(REPO, "build", "baocao")))
WORK = os.environ.get("BENCH_DIR", "/tmp/baocao-bench")
BIN = os.path.join(REPO, "bench", "node_modules", ".bin")
QUERIES = ["can cuoc", "căn cước", "dinh danh dien tu", "dịch vụ công trực tuyến", "vneid",
           '"thủ tục hành chính"', "bo cong an", "the cccd gan chip", "87,9"]


def size_of(root, pred):
    total = 0
    for dp, _, fns in os.walk(root):
        for fn in fns:
            p = os.path.join(dp, fn)
            if pred(os.path.relpath(p, root)):
                total += os.path.getsize(p)
    return total


def build(n):
    content = os.path.join(WORK, "web-%d" % n)
    out = os.path.join(WORK, "web-%d-site" % n)
    if not os.path.isdir(content):
        subprocess.run([sys.executable, os.path.join(REPO, "bench", "gen.py"), str(n), content],
                       check=True)
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([BAOCAO, "build", "--content", content, "--out", out], check=True)
    return out


class Gzip(Quiet):
    """Text gzipped when the browser asks, as any production web server sends it."""

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not path.endswith((".html", ".css", ".js", ".xml", ".json", ".svg")) or \
                "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path):
            return super().send_head()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(root, handler=Quiet):
    srv = Server(("127.0.0.1", 0), functools.partial(handler, directory=root))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, "http://127.0.0.1:%d/" % srv.server_address[1]


WAIT_READY = """new Promise((done, fail) => {
  const input = document.querySelector('form.site-search input');
  const t0 = performance.now();
  input.focus();
  input.value = 'a';
  input.dispatchEvent(new Event('input'));
  (function wait() {
    if (baocaoSearch.ready()) return done(performance.now() - t0);
    if (performance.now() - t0 > 60000) return fail('index not loaded in 60 s');
    setTimeout(wait, 10);
  })();
})"""


def baocao_search(site, tmp):
    profile = os.path.join(tmp, "profile-search")
    os.makedirs(profile, exist_ok=True)
    b = Browser(profile, deadline=time.monotonic() + 600)
    res = {"page_ms": [], "key_ms": []}
    try:
        s = b.open_page()
        b.set_width(s, 1280)
        b.navigate(s, "file://" + os.path.join(site, "index.html"))
        res["load_ms"] = b.evaluate(s, WAIT_READY, timeout=90, await_promise=True)
        counts = {}
        for q in QUERIES:
            b.evaluate(s, "(i => { i.value = ''; i.dispatchEvent(new Event('input')); })"
                          "(document.querySelector('form.site-search input'))")
            for i, ch in enumerate(q):
                t0 = time.perf_counter()
                b.send("Input.insertText", {"text": ch}, session=s)
                # the input event's handler searched and drew before insertText returned
                n = b.evaluate(s, "document.querySelectorAll('.search-list li').length")
                res["key_ms"].append((time.perf_counter() - t0) * 1e3)
                res["page_ms"].append(b.evaluate(s, "baocaoSearch.lastMs"))
                res.setdefault("keys", []).append((res["key_ms"][-1], q[:i + 1]))
            counts[q] = (n, b.evaluate(s, "document.querySelector('.search-status').textContent"))
        res["counts"] = counts
    finally:
        b.close()
    return res


PAGEFIND_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>pf</title></head>
<body><script type="module">
window.pf = await import('/pagefind/pagefind.js');
await window.pf.init();
window.pfReady = true;
</script></body></html>"""

PAGEFIND_QUERY = """(async q => {
  const t0 = performance.now();
  const r = await pf.search(q);
  const first = r.results.length ? await r.results[0].data() : null;
  return JSON.stringify({ms: performance.now() - t0, n: r.results.length,
                         url: first && first.url, excerpt: first && first.excerpt});
})(%s)"""


def pagefind(site, tmp):
    exe = os.path.join(BIN, "pagefind")
    if not os.path.exists(exe):
        return None
    copy = os.path.join(tmp, "pagefind-site")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy)
    t0 = time.perf_counter()
    p = subprocess.run([exe, "--site", copy], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    took = time.perf_counter() - t0
    if p.returncode != 0:
        print(p.stdout.decode("utf-8", "replace")[-2000:])
        return None
    res = {"index_bytes": size_of(os.path.join(copy, "pagefind"), lambda r: True),
           "index_s": took, "ms": [], "counts": {}}
    with open(os.path.join(copy, "pf.html"), "w", encoding="utf-8") as f:
        f.write(PAGEFIND_PAGE)
    srv, origin = serve(copy)
    profile = os.path.join(tmp, "profile-pf")
    os.makedirs(profile, exist_ok=True)
    b = Browser(profile, deadline=time.monotonic() + 600)
    try:
        s = b.open_page()
        b.navigate(s, origin + "pf.html")
        for _ in range(300):
            if b.evaluate(s, "window.pfReady === true"):
                break
            time.sleep(0.05)
        for q in QUERIES:
            # as typed: every prefix of the query, each a search
            for i in range(1, len(q) + 1):
                r = json.loads(b.evaluate(s, PAGEFIND_QUERY % json.dumps(q[:i]), timeout=60,
                                          await_promise=True))
                res["ms"].append(r["ms"])
            res["counts"][q] = (r["n"], r["url"])
    finally:
        b.close()
        srv.shutdown()
    return res


def lighthouse(site, label, tmp, pages, presets=("mobile", "desktop"), runs=1):
    exe = os.path.join(BIN, "lighthouse")
    if not os.path.exists(exe):
        return []
    srv, origin = serve(site, Gzip)
    rows = []
    try:
        for page in pages:
            for preset, run in [(p, k) for p in presets for k in range(runs)]:
                out = os.path.join(tmp, "lh-%s-%s-%s-%d.json" % (label, page.replace("/", "_"),
                                                                 preset, run))
                cmd = [exe, origin + page, "--output=json", "--output-path=" + out, "--quiet",
                       "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
                if preset == "desktop":
                    cmd.append("--preset=desktop")
                subprocess.run(cmd, env=dict(os.environ, CHROME_PATH=CHROMIUM),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
                if not os.path.isfile(out):
                    rows.append((label, page, preset, None))
                    continue
                with open(out, encoding="utf-8") as f:
                    r = json.load(f)
                cats = {k: round(v["score"] * 100) if v["score"] is not None else None
                        for k, v in r["categories"].items()}
                a = r["audits"]
                work = {x["group"]: x["duration"] for x in
                        a["mainthread-work-breakdown"]["details"]["items"]}
                rows.append((label, page, preset, {
                    "style_layout_ms": work.get("styleLayout", 0),
                    "scores": cats,
                    "tbt_ms": a["total-blocking-time"]["numericValue"],
                    "elements": a["dom-size"]["numericValue"],
                    "lcp_ms": a["largest-contentful-paint"]["numericValue"],
                    "failed": sorted(k for k, v in a.items() if v.get("score") is not None
                                     and v["score"] < 0.9 and v.get("scoreDisplayMode") in
                                     ("binary", "numeric", "metricSavings"))}))
    finally:
        srv.shutdown()
    return rows


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=120)
    ap.add_argument("--before", help="a site built by an earlier baocao, for Lighthouse")
    ap.add_argument("--no-lighthouse", action="store_true")
    ap.add_argument("--no-pagefind", action="store_true")
    ap.add_argument("--no-search", action="store_true")
    ap.add_argument("--lighthouse-runs", type=int, default=1,
                    help="runs of each page and preset (all are printed: TBT varies with load)")
    ap.add_argument("--lighthouse-pages", default="index,report",
                    help="index, report (the newest), or both")
    ap.add_argument("--lighthouse-presets", default="mobile,desktop")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    tmp = os.path.join(WORK, "web-tmp")
    os.makedirs(tmp, exist_ok=True)
    with open("/proc/loadavg") as f:
        print("# load average at start: %s" % f.read().split()[0])
    site = build(args.reports)
    html = size_of(site, lambda r: r.endswith(".html"))
    index = size_of(site, lambda r: r == "search-index.js" or r.endswith("/search.js")
                    and not r.startswith("assets/"))
    script = os.path.getsize(os.path.join(site, "assets", "search.js"))
    print("\n## %d reports: search index %d bytes = %.1f%% of the HTML (%d bytes); "
          "the script %d bytes" % (args.reports, index, 100.0 * index / html, html, script))
    r = None if args.no_search else baocao_search(site, tmp)
    if r:
        print("baocao: index loaded in %.0f ms (file://); a key to its results drawn: median %.1f ms,"
          " 95th percentile %.1f ms, max %.1f ms (in the page: median %.1f, max %.1f ms) over %d "
          "keys" % (r["load_ms"], statistics.median(r["key_ms"]), pct(r["key_ms"], 95),
                    max(r["key_ms"]), statistics.median(r["page_ms"]), max(r["page_ms"]),
                    len(r["key_ms"])))
        print("  slowest keys: %s" % ", ".join("%r %.0f ms" % (k, ms) for ms, k in
                                                sorted(r["keys"], reverse=True)[:5]))
        for q, (n, status) in r["counts"].items():
            print("  %-28s %3d shown  %s" % (q, n, status))
    if not args.no_pagefind:
        pf = pagefind(site, tmp)
        if pf:
            print("Pagefind: index %d bytes = %.1f%% of the HTML, made in %.1f s; a query (each "
                  "prefix typed) to its first result's data: median %.1f ms, 95th percentile "
                  "%.1f ms, max %.1f ms (HTTP, localhost)" % (
                      pf["index_bytes"], 100.0 * pf["index_bytes"] / html, pf["index_s"],
                      statistics.median(pf["ms"]), pct(pf["ms"], 95), max(pf["ms"])))
            for q, (n, url) in pf["counts"].items():
                print("  %-28s %3d results, first %s" % (q, n, url))
    if not args.no_lighthouse:
        reports = sorted(d for d in os.listdir(site) if d[:4].isdigit())
        pages = [{"index": "", "report": reports[-1] + "/"}[k]
                 for k in args.lighthouse_pages.split(",")]
        presets = args.lighthouse_presets.split(",")
        rows = lighthouse(site, "after", tmp, pages, presets, args.lighthouse_runs)
        if args.before:
            rows += lighthouse(args.before, "before", tmp, pages, presets, args.lighthouse_runs)
        print("\nLighthouse 12.2.3 (perf / a11y / best practices / SEO; TBT; elements):")
        for label, page, preset, v in rows:
            if not v:
                print("  %-6s %-10s %-7s failed to run" % (label, page or "index", preset))
                continue
            sc = v["scores"]
            print("  %-6s %-10s %-7s %3s / %3s / %3s / %3s   TBT %4.0f ms  LCP %5.0f ms  style and "
                  "layout %4.0f ms  %5d elements  %s" % (
                      label, page or "index", preset, sc.get("performance"),
                      sc.get("accessibility"), sc.get("best-practices"), sc.get("seo"),
                      v["tbt_ms"], v["lcp_ms"], v["style_layout_ms"], v["elements"],
                      ",".join(v["failed"])[:120]))


if __name__ == "__main__":
    main()
