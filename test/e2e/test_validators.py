#!/usr/bin/env python3
"""Other people's validators on what baocao publishes, each expected to report nothing:

- the Nu HTML checker (vnu-jar, test/package.json): no error and no warning on the pages,
  all of them in one run of the JVM;
- axe-core 4.14 (test/package.json) in Debian's chromium: no violation at 390 px (a phone)
  and 1280 px, also with the search's results open;
- every feed.xml against RFC 4287's RELAX NG schema (jing, test/schemas/atom.rnc);
- every sitemap.xml against the sitemaps.org 0.9 XSD (xmllint, test/schemas/sitemap.xsd).

Builds: the bundled content/, test/fixtures/site, test/e2e/fixtures/layout (images, a
one-value chart, a cut axis, footnotes holding lists) and a generated site of 14 reports
(bench/gen.py: charts of many months, footnotes, wide appendix tables). The pages checked
are a representative set (the index, the newest and the oldest report, an indicator page
of each build); with BAOCAO_TEST_ALL=1 every page of every build.
Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_validators.py
"""
import json
import os
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import T, REPO, TempDir, run, program_available, files_under  # noqa: E402
from browser import CHROMIUM, Browser  # noqa: E402

ALL = os.environ.get("BAOCAO_TEST_ALL") == "1"
VNU = os.path.join(REPO, "test", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
AXE = os.path.join(REPO, "test", "node_modules", "axe-core", "axe.min.js")
SCHEMAS = os.path.join(REPO, "test", "schemas")


def build_sites(tmp):
    """{label: published folder} of every build, or {} after a failure."""
    gen = os.path.join(tmp, "gen14")
    subprocess.run([sys.executable, os.path.join(REPO, "bench", "gen.py"), "14", gen],
                   check=True)
    sources = [("bundled", os.path.join(REPO, "content")),
               ("fixture", os.path.join(REPO, "test", "fixtures", "site")),
               # its newest report: images, a one-value chart, a cut axis, footnotes holding
               # lists, three list levels
               ("layout", os.path.join(REPO, "test", "e2e", "fixtures", "layout")),
               ("generated", gen)]
    out = {}
    for label, content in sources:
        dest = os.path.join(tmp, "out-" + label)
        r = run(["build", "--content", content, "--out", dest], timeout=300)
        T.ok(r.rc == 0, "%s: builds" % label, r)
        if r.rc == 0:
            out[label] = dest
    return out


def pages_of(out):
    """The pages to check in one build: all of them under BAOCAO_TEST_ALL=1, else the
    index, the newest and the oldest report and the first indicator page."""
    pages = files_under(out, ".html")
    if ALL:
        return pages
    reports = sorted(p for p in pages if p[:4].isdigit())
    ind = sorted(p for p in pages if p.startswith("chi-so/"))
    pick = ["index.html"] + reports[-1:] + reports[:1] + ind[:1]
    return sorted(set(p for p in pick if p in pages))


def check_vnu(sites):
    files = [os.path.join(out, p) for out in sites.values() for p in pages_of(out)]
    if not os.path.isfile(VNU):
        T.ok(False, "the Nu HTML checker is installed (npm ci --prefix test)", VNU)
        return
    t0 = time.monotonic()
    # one JVM for every page; the client compiler alone starts the checker in half the time
    p = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m",
                        "-jar", VNU, "--format", "json"] + files,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    try:
        messages = json.loads(p.stderr.decode("utf-8") or p.stdout.decode("utf-8"))["messages"]
    except (ValueError, KeyError) as e:
        T.ok(False, "the Nu HTML checker answers in JSON", "%s: %s" % (e, p.stderr[-800:]))
        return
    errors = [m for m in messages if m.get("type") == "error" or m.get("type") == "non-document-error"]
    warnings = [m for m in messages if m.get("type") == "info" and m.get("subType") == "warning"]

    def show(ms):
        return "\n".join("%s:%s: %s" % (os.path.relpath(m.get("url", "")[7:], "/"),
                                        m.get("lastLine"), m.get("message")) for m in ms[:20])
    T.ok(not errors, "Nu HTML checker: no error on %d pages" % len(files), show(errors))
    T.ok(not warnings, "Nu HTML checker: no warning on %d pages" % len(files), show(warnings))
    print("# vnu: %d pages in %.1f s" % (len(files), time.monotonic() - t0))


def check_feeds_and_sitemaps(sites):
    if not shutil.which("jing") or not shutil.which("xmllint"):
        T.ok(False, "jing and xmllint are installed (apt-get install jing libxml2-utils)")
        return
    labels = list(sites)
    # every feed in one run of jing: it names the file of each error
    feeds = [os.path.join(sites[k], "feed.xml") for k in labels]
    p = subprocess.run(["jing", "-c", os.path.join(SCHEMAS, "atom.rnc")] + feeds,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    T.ok(p.returncode == 0, "%d feeds (%s) are valid Atom (RFC 4287 RELAX NG, jing)"
         % (len(feeds), ", ".join(labels)), p.stdout.decode("utf-8", "replace")[-1500:])
    maps = [os.path.join(sites[k], "sitemap.xml") for k in labels]
    p = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(SCHEMAS, "sitemap.xsd")]
                       + maps, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    T.ok(p.returncode == 0, "%d sitemaps (%s) are valid (sitemaps.org 0.9 XSD, xmllint)"
         % (len(maps), ", ".join(labels)), p.stderr.decode("utf-8", "replace")[-1500:])


AXE_RUN = """axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(
  r.violations.map(v => ({id: v.id, impact: v.impact,
                          nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"""

# types a query into the search box and waits for its results
SEARCH_OPEN = """new Promise((done, fail) => {
  const input = document.querySelector('form.site-search input');
  if (!input) return fail('no search box');
  input.focus();
  input.value = 'can cuoc';
  input.dispatchEvent(new Event('input'));
  const t0 = Date.now();
  (function wait() {
    if (document.querySelectorAll('.search-list li').length) return done(true);
    if (Date.now() - t0 > 8000) return fail('no results in 8 s');
    setTimeout(wait, 50);
  })();
})"""


def check_axe(sites, tmp):
    if not os.access(CHROMIUM, os.X_OK) or not os.path.isfile(AXE):
        T.ok(False, "chromium and axe-core are installed", "%s %s" % (CHROMIUM, AXE))
        return
    with open(AXE, encoding="utf-8") as f:
        axe_src = f.read()
    # at 390 px: the bundled site's index, newest report and an indicator page, and the
    # generated site's newest report (charts of many months); at 1280 px the index and the
    # report (the same stylesheet). Every page of every build at both widths under
    # BAOCAO_TEST_ALL=1.
    todo = {390: [], 1280: []}
    for label, out in sites.items():
        pages = pages_of(out)
        if not ALL:
            reports = [p for p in pages if p[:4].isdigit()]
            if label == "bundled":
                pages = ["index.html"] + reports[-1:] + [p for p in pages if "/" in p
                                                        and not p[:4].isdigit()][:1]
            else:
                pages = reports[-1:] if label == "generated" else []
        todo[390] += [(label, out, p) for p in pages]
        todo[1280] += [(label, out, p) for p in pages
                       if ALL or (label == "bundled" and not p.startswith("chi-so/"))]
    profile = os.path.join(tmp, "profile")
    os.makedirs(profile)
    t0 = time.monotonic()
    b = Browser(profile, deadline=time.monotonic() + (900 if ALL else 120))
    try:
        s = b.open_page()
        b.send("Page.addScriptToEvaluateOnNewDocument", {"source": axe_src}, session=s)
        for width in (390, 1280):
            b.set_width(s, width)
            bad = []
            for label, out, p in todo[width]:
                if not b.navigate(s, "file://" + os.path.join(out, p)):
                    bad.append("%s/%s: did not load" % (label, p))
                    continue
                found = json.loads(b.evaluate(s, AXE_RUN, timeout=60, await_promise=True))
                bad += ["%s/%s: %s (%s) %s" % (label, p, v["id"], v["impact"], v["nodes"])
                        for v in found]
            T.ok(not bad, "axe-core: no violation on %d pages at %d px" % (len(todo[width]), width),
                 "\n".join(bad[:20]))
            # the search's results, drawn by the script
            out = sites.get("bundled") or next(iter(sites.values()))
            b.navigate(s, "file://" + os.path.join(out, "index.html"))
            b.evaluate(s, SEARCH_OPEN, timeout=20, await_promise=True)
            found = json.loads(b.evaluate(s, AXE_RUN, timeout=60, await_promise=True))
            T.ok(not found, "axe-core: no violation with the search's results open at %d px"
                 % width, found)
    except (RuntimeError, TimeoutError, OSError, ValueError) as e:
        T.ok(False, "the browser session ran to its end", str(e))
    finally:
        b.close()
    print("# axe: %d + %d pages in %.1f s" % (len(todo[390]), len(todo[1280]),
                                             time.monotonic() - t0))


def main():
    if not program_available():
        T.ok(False, "program built (set BAOCAO)")
        T.done()
    with TempDir() as tmp:
        sites = build_sites(tmp)
        if sites:
            check_feeds_and_sitemaps(sites)
            check_vnu(sites)
            check_axe(sites, tmp)
    T.done()


if __name__ == "__main__":
    main()
