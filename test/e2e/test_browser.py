#!/usr/bin/env python3
"""The bundled site in a real browser: Debian's /usr/bin/chromium, headless, driven over the
DevTools protocol on a pipe (fd 3: commands in, fd 4: events out, NUL-separated JSON).
Every page is loaded from a local http.server: no console error, no failed request, every
internal link answers 200, no horizontal page scroll at 390 px, and screenshots at 390 and
1280 px of the index, the 2025-01 report and one indicator page go to build/screenshots/.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_browser.py
"""

import base64
import functools
import http.server
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urldefrag, urlsplit

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import T, REPO, TempDir, run, program_available, files_under, baocao_path  # noqa: E402
from browser import CHROMIUM, Browser, Server, Quiet  # noqa: E402

SHOTS = os.path.join(REPO, "build", "screenshots")


def problems_in(events, session, origin):
    """Console errors and failed requests among events."""
    bad = []
    failed_ids = {}
    for e in events:
        if e.get("sessionId") != session:
            continue
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.exceptionThrown":
            bad.append("exception: %s" % p.get("exceptionDetails", {}).get("text"))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            bad.append("log error: %s %s" % (p["entry"].get("text"), p["entry"].get("url", "")))
        elif m == "Runtime.consoleAPICalled" and p.get("type") == "error":
            bad.append("console.error: %r" % [a.get("value") for a in p.get("args", [])])
        elif m == "Network.requestWillBeSent":
            failed_ids[p.get("requestId")] = p.get("request", {}).get("url")
            u = p.get("request", {}).get("url", "")
            if not u.startswith(origin) and not u.startswith(("data:", "about:")):
                bad.append("external request: %s" % u)
        elif m == "Network.loadingFailed":
            bad.append("request failed: %s (%s)" % (failed_ids.get(p.get("requestId")),
                                                    p.get("errorText")))
        elif m == "Network.responseReceived":
            st = p.get("response", {}).get("status", 0)
            if st >= 400:
                bad.append("HTTP %s: %s" % (st, p["response"].get("url")))
    return bad


JS_LAYOUT = """(() => {
  const de = document.documentElement;
  const vw = de.clientWidth;
  const wide = [];
  for (const t of document.querySelectorAll('table, svg, pre, img')) {
    const r = t.getBoundingClientRect();
    if (r.right > vw + 1 || r.width > vw + 1) {
      const okx = t.tagName === 'TABLE' ? ['auto', 'scroll'] : ['auto', 'scroll', 'hidden'];
      let a = t.parentElement, ok = false;
      while (a && a !== document.body) {
        if (okx.includes(getComputedStyle(a).overflowX) && a.clientWidth <= vw) { ok = true; break; }
        a = a.parentElement;
      }
      if (!ok) wide.push(t.tagName + (typeof t.className === 'string' && t.className ? '.' + t.className : ''));
    }
  }
  const links = Array.from(document.querySelectorAll('a[href], link[href], img[src]'))
    .map(e => e.href || e.src);
  return JSON.stringify({scroll: de.scrollWidth, client: vw, inner: window.innerWidth,
                         height: de.scrollHeight, wide: wide, links: links,
                         title: document.title});
})()"""


def main():
    if not os.access(CHROMIUM, os.X_OK):
        T.ok(False, "chromium is installed at %s (apt-get install chromium)" % CHROMIUM)
        T.done()
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    with TempDir() as tmp:
        out = os.path.join(tmp, "site")
        r = run(["build", "--content", "content", "--out", out])
        T.ok(r.rc == 0, "bundled content builds", repr(r))
        if r.rc != 0:
            T.done()
        handler = functools.partial(Quiet, directory=out)
        srv = Server(("127.0.0.1", 0), handler)
        th = threading.Thread(target=srv.serve_forever, daemon=True)
        th.start()
        origin = "http://127.0.0.1:%d/" % srv.server_address[1]
        profile = os.path.join(tmp, "profile")
        os.makedirs(profile)
        b = None
        try:
            b = Browser(profile)
            session_test(b, out, origin)
        except (RuntimeError, TimeoutError, OSError) as e:
            T.ok(False, "the browser session ran to its end", str(e))
        finally:
            if b is not None:
                b.close()
            srv.shutdown()
            srv.server_close()
    T.done()


def session_test(b, out, origin):
    t = b.send("Target.createTarget", {"url": "about:blank"})
    s = b.send("Target.attachToTarget", {"targetId": t["targetId"], "flatten": True})["sessionId"]
    for dom in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
        b.send(dom, session=s)
    b.send("Network.setCacheDisabled", {"cacheDisabled": True}, session=s)
    pages = files_under(out, ".html")
    T.ok(len(pages) >= 3, "bundled site has pages to load (%d)" % len(pages))
    os.makedirs(SHOTS, exist_ok=True)
    shots = {"index.html": "index", "2025-01/index.html": "report-2025-01"}
    chi = sorted(p for p in pages if p.startswith("chi-so/"))
    ind = "chi-so/cccd_chip.html" if "chi-so/cccd_chip.html" in pages else (chi[0] if chi else None)
    if ind:
        shots[ind] = "indicator-" + os.path.basename(ind)[:-5]
    all_links = set()
    for width in (390, 1280):
        b.send("Emulation.setDeviceMetricsOverride",
               {"width": width, "height": 844 if width == 390 else 900,
                "deviceScaleFactor": 1, "mobile": width < 600}, session=s)
        todo = pages if width == 390 else [p for p in pages if p in shots]
        errors, overflow = [], []
        for p in todo:
            url = origin + ("" if p == "index.html" else p[:-len("index.html")]
                            if p.endswith("/index.html") else p)
            since = len(b.events)
            b.send("Page.navigate", {"url": url}, session=s)
            ev = b.wait_event("Page.loadEventFired", s, since, timeout=10)
            if ev is None:
                errors.append("%s: no load event in 10 s" % p)
                continue
            b.drain(0.15)
            errors += ["%s: %s" % (p, x) for x in problems_in(b.events[since:], s, origin)]
            res = b.send("Runtime.evaluate", {"expression": JS_LAYOUT, "returnByValue": True},
                         session=s)
            info = json.loads(res["result"]["value"])
            all_links.update(info["links"])
            if width == 390 and (info["scroll"] > info["client"] or info["wide"]):
                overflow.append("%s: scrollWidth %d > %d; unwrapped wide %r"
                                % (p, info["scroll"], info["client"], info["wide"]))
            if p in shots:
                h = min(max(info["height"], 300), 16000)
                shot = b.send("Page.captureScreenshot",
                              {"format": "png", "captureBeyondViewport": True,
                               "clip": {"x": 0, "y": 0, "width": width, "height": h, "scale": 1}},
                              session=s, timeout=20)
                name = os.path.join(SHOTS, "%s-%d.png" % (shots[p], width))
                with open(name, "wb") as f:
                    f.write(base64.b64decode(shot["data"]))
                # the first screen alone, easier to review than a long page
                top = b.send("Page.captureScreenshot",
                             {"format": "png",
                              "clip": {"x": 0, "y": 0, "width": width,
                                       "height": 844 if width == 390 else 900, "scale": 1}},
                             session=s, timeout=20)
                with open(os.path.join(SHOTS, "%s-%d-top.png" % (shots[p], width)), "wb") as f:
                    f.write(base64.b64decode(top["data"]))
        T.ok(not errors, "%d px: %d pages load with no console error and no failed request"
             % (width, len(todo)), "\n".join(errors[:20]))
        if width == 390:
            T.ok(not overflow, "390 px: no horizontal page scroll on any of %d pages "
                 "(wide content scrolls in its wrapper)" % len(todo), "\n".join(overflow[:20]))
    # every internal link answers
    bad = []
    internal = sorted({urldefrag(u)[0] for u in all_links if u.startswith(origin)})
    external = sorted({u for u in all_links if not u.startswith(origin)
                       and urlsplit(u).scheme in ("http", "https")})
    for u in internal:
        try:
            with urllib.request.urlopen(u, timeout=5) as resp:
                resp.read()
                if resp.status != 200:
                    bad.append("%s: %s" % (u, resp.status))
        except (urllib.error.URLError, OSError) as e:
            bad.append("%s: %s" % (u, e))
    T.ok(internal and not bad, "all %d internal links answer 200" % len(internal), "\n".join(bad[:20]))
    print("# %d external links (not fetched)" % len(external))
    want = ["%s-%d.png" % (n, w) for n in shots.values() for w in (390, 1280)]
    have = [w for w in want if os.path.isfile(os.path.join(SHOTS, w))
            and os.path.getsize(os.path.join(SHOTS, w)) > 1000]
    T.eq(sorted(have), sorted(want), "screenshots saved in build/screenshots/")


if __name__ == "__main__":
    main()
