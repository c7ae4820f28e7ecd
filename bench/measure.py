#!/usr/bin/env python3
"""The benchmark's measurements (run through bench/run.sh, which installs the tools).

For each N: a content folder of N reports (bench/gen.py), then, each command timed as a child
process (os.wait4: wall clock, user + system CPU, peak resident memory), the median of RUNS
runs after a warm-up:
  - baocao build into a fresh folder, --jobs 1 and --jobs 2 (BAOCAO_TIMING=1 splits the time:
    load, the website, each PDF), a rebuild with nothing changed and one after the newest
    report changed (the build cache: PDFs, pages, and the model of unchanged reports);
  - hugo building the HTML of the same reports (a minimal generated site: config, the
    report.md files as content, a two-line layout, no theme); for target 1, baocao --jobs 2
    and hugo again, in turns, so that both meet the same drift of a shared machine;
  - pandoc -> HTML for every report, two at a time (as baocao on two cores);
  - cmark-gfm parsing and rendering the same Markdown (one process, all files), against
    baocao's HTML stage;
  - one report's PDF: baocao's PDF task against pandoc -> wkhtmltopdf, WeasyPrint and, when
    installed, LaTeX.
Prints one table per N with ratios (baocao = 1) and the targets of docs/performance.md.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BAOCAO = os.path.abspath(os.environ.get("BAOCAO", os.path.join(REPO, "build", "baocao")))
RUNS = int(os.environ.get("RUNS", "5"))
WORK = os.environ.get("BENCH_DIR", "/tmp/baocao-bench")
ALTERNATIVES = os.environ.get("ALTERNATIVES", "1") != "0"
CMARK_EXTENSIONS = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "footnotes"]


class Run:
    def __init__(self, wall, cpu, rss_kb, rc, err):
        self.wall, self.cpu, self.rss_kb, self.rc, self.err = wall, cpu, rss_kb, rc, err


def timed(cmd, env=None, cwd=None):
    """Runs cmd; its wall time, CPU time (user + system, with its children) and peak RSS."""
    full_env = dict(os.environ, **(env or {}))
    err_path = os.path.join(WORK, "stderr.txt")
    with open(err_path, "wb") as err, open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=null, stderr=err,
                             env=full_env, cwd=cwd)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    with open(err_path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    rc = os.waitstatus_to_exitcode(status)
    return Run(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, rc, text)


def median_runs(make_run, runs=RUNS, warmup=True, before=None):
    """Runs make_run() (after before(), untimed) warm-up + runs times; the runs' medians."""
    results = []
    for i in range(runs + (1 if warmup else 0)):
        if before:
            before(i)
        r = make_run()
        if r.rc != 0:
            sys.exit("bench: command failed (exit %s):\n%s" % (r.rc, r.err[-2000:]))
        if i > 0 or not warmup:
            results.append(r)
    med = Run(statistics.median(r.wall for r in results), statistics.median(r.cpu for r in results),
              max(r.rss_kb for r in results), 0, results[len(results) // 2].err)
    med.all = results
    return med


def median_timing(run):
    """parse_timing of every run of a median_runs result, each stage's figure the median
    over the runs (not the one run whose wall time was the median)."""
    ts = [parse_timing(r.err) for r in getattr(run, "all", [run])]
    t = ts[len(ts) // 2]
    for key in ("load", "html", "html_cpu"):
        vals = [x[key] for x in ts if x[key] is not None]
        t[key] = statistics.median(vals) if vals else None
    for month in t["pdf"]:
        t["pdf"][month] = statistics.median(x["pdf"].get(month, 0) for x in ts)
    return t


def parse_timing(err):
    """BAOCAO_TIMING=1 lines: {'load': ms, 'html_cpu': ms, 'pdf': {month: cpu ms}, ...}"""
    t = {"pdf": {}}
    m = re.search(r"timing: load ([\d.]+) ms", err)
    t["load"] = float(m.group(1)) if m else None
    m = re.search(r"timing: html ([\d.]+) ms \(cpu ([\d.]+) ms\)", err)
    t["html"], t["html_cpu"] = (float(m.group(1)), float(m.group(2))) if m else (None, None)
    for m in re.finditer(r"timing: pdf (\d{4}-\d\d) ([\d.]+) ms \(cpu ([\d.]+) ms\)", err):
        t["pdf"][m.group(1)] = float(m.group(3))
    m = re.search(r"(\d+) PDFs reused", err)
    t["reused"] = int(m.group(1)) if m else None
    m = re.search(r"(\d+) report pages reused, the indicator pages (made|reused)", err)
    t["pages"] = int(m.group(1)) if m else None
    t["indicators"] = m.group(2) if m else None
    return t


def have(tool):
    return shutil.which(tool) is not None


def du(path, suffix=None):
    total = 0
    for dp, _, fns in os.walk(path):
        for fn in fns:
            if suffix is None or fn.endswith(suffix):
                total += os.path.getsize(os.path.join(dp, fn))
    return total


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else 0


# ------------------------------------------------------------------------- the alternatives

def hugo_site(content, site):
    """A minimal Hugo site over the same report.md files (their YAML front matter has the
    title and the date Hugo needs; the other keys are page parameters to Hugo)."""
    if os.path.exists(site):
        shutil.rmtree(site)
    os.makedirs(os.path.join(site, "content", "reports"))
    os.makedirs(os.path.join(site, "layouts", "_default"))
    with open(os.path.join(site, "config.toml"), "w") as f:
        f.write('baseURL = "https://example.gov.vn/de-an-06/"\nlanguageCode = "vi"\n'
                'title = "Bản tin Đề án 06"\ndisableKinds = ["taxonomy", "term"]\n')
    page = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}'
            '</title></head><body><h1>{{ .Title }}</h1>%s</body></html>\n')
    with open(os.path.join(site, "layouts", "_default", "single.html"), "w") as f:
        f.write(page % "{{ .Content }}")
    with open(os.path.join(site, "layouts", "_default", "list.html"), "w") as f:
        f.write(page % '<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}'
                       '</a></li>{{ end }}</ul>')
    for month in sorted(os.listdir(os.path.join(content, "reports"))):
        shutil.copy(os.path.join(content, "reports", month, "report.md"),
                    os.path.join(site, "content", "reports", month + ".md"))


def pandoc_html_all(mds, out):
    """pandoc -> standalone HTML for each file, two at a time; one Run for the lot."""
    os.makedirs(out, exist_ok=True)
    t0 = time.perf_counter()
    cpu0 = os.times()

    def one(md):
        month = os.path.basename(os.path.dirname(md))
        return subprocess.run(["pandoc", "-f", "markdown", "-t", "html5", "-s", md, "-o",
                               os.path.join(out, month + ".html")],
                              capture_output=True).returncode

    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        rcs = list(ex.map(one, mds))
    cpu1 = os.times()
    wall = time.perf_counter() - t0
    cpu = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    return Run(wall, cpu, 0, max(rcs) if rcs else 0, "")


# ------------------------------------------------------------------------- one N

def fmt_ratio(x, base):
    return "%.1f×" % (x / base) if base else "-"


def bench(n, report):
    content = os.path.join(WORK, "content-%d" % n)
    if not os.path.exists(os.path.join(content, "site.yaml")):
        subprocess.run([sys.executable, os.path.join(REPO, "bench", "gen.py"), str(n), content],
                       check=True)
    out = os.path.join(WORK, "out-%d" % n, "public")
    mds = [os.path.join(content, "reports", m, "report.md")
           for m in sorted(os.listdir(os.path.join(content, "reports")))]
    md_bytes = sum(os.path.getsize(p) for p in mds)
    rows = []  # (label, Run, note)

    def fresh(_):
        shutil.rmtree(os.path.dirname(out), ignore_errors=True)
        # nothing left for the disk to write when the timed run starts: baocao's syncfs()
        # (the new site durable before the swap) would otherwise also wait for the last
        # run's deletions and for what the other programs just wrote
        os.sync()

    def build(jobs):
        return lambda: timed([BAOCAO, "build", "--content", content, "--out", out, "--jobs",
                              str(jobs)], env={"BAOCAO_TIMING": "1"})

    cold = {}
    for jobs in (2, 1):
        cold[jobs] = median_runs(build(jobs), before=fresh)
        cold[jobs].timing = median_timing(cold[jobs])
    base = cold[2]
    pages = {m: pdf_pages(p) for m, p in
             ((os.path.basename(os.path.dirname(p)), p) for p in sorted(
                 os.path.join(dp, f) for dp, _, fs in os.walk(out) for f in fs if f.endswith(".pdf")))}
    n_pages = sum(pages.values())
    sizes = (du(out), du(out, ".pdf"), du(out, ".html"))

    # rebuilds over the published folder: the build cache
    same = median_runs(build(2), before=lambda i: os.sync())
    same.timing = parse_timing(same.err)
    newest = mds[-1]
    with open(newest, encoding="utf-8") as f:
        original = f.read()

    def change_newest(i):
        with open(newest, "w", encoding="utf-8") as f:
            f.write(original + "\nMột câu thêm vào lần thứ %d.\n" % i)
        os.sync()

    try:
        one_changed = median_runs(build(2), before=change_newest)
        one_changed.timing = parse_timing(one_changed.err)
    finally:
        with open(newest, "w", encoding="utf-8") as f:
            f.write(original)

    rows.append(("baocao build --jobs 2: site + %d PDFs" % n, base, "peak %.0f MiB" % (base.rss_kb / 1024)))
    rows.append(("baocao build --jobs 1", cold[1], "peak %.0f MiB" % (cold[1].rss_kb / 1024)))
    def reuse_note(t):
        return "%s PDFs, %s pages reused" % (t["reused"], t["pages"])
    rows.append(("baocao rebuild, nothing changed (--jobs 2)", same, reuse_note(same.timing)))
    rows.append(("baocao rebuild, newest report changed", one_changed,
                 reuse_note(one_changed.timing)))

    alt = {}
    if ALTERNATIVES and have("hugo"):
        site = os.path.join(WORK, "hugo-%d" % n)
        hugo_site(content, site)
        hout = os.path.join(WORK, "hugo-out-%d" % n)
        hugo = lambda: timed(["hugo", "--quiet", "-s", site, "-d", hout])
        alt["hugo"] = median_runs(hugo, before=lambda i: (shutil.rmtree(hout, ignore_errors=True),
                                                          os.sync()))
        rows.append(("hugo: the HTML only (minimal layout)", alt["hugo"], ""))
        # Target 1 from runs taken in turns, baocao then Hugo: on a shared machine the speed
        # of both cores drifts by a third over minutes, and runs minutes apart compare the
        # drift as much as the programs.
        pairs = []
        for i in range(RUNS + 1):
            fresh(i)
            b = build(2)()
            shutil.rmtree(hout, ignore_errors=True)
            os.sync()
            h = hugo()
            if b.rc != 0 or h.rc != 0:
                sys.exit("bench: command failed:\n%s%s" % (b.err[-2000:], h.err[-2000:]))
            if i > 0:
                pairs.append((b.wall, h.wall))
        alt["turns"] = (statistics.median(p[0] for p in pairs),
                        statistics.median(p[1] for p in pairs),
                        sum(p[0] < p[1] for p in pairs), len(pairs))
    if ALTERNATIVES and have("pandoc"):
        pout = os.path.join(WORK, "pandoc-html-%d" % n)
        alt["pandoc"] = median_runs(lambda: pandoc_html_all(mds, pout), runs=1)
        rows.append(("pandoc -> HTML, %d files, 2 at a time" % n, alt["pandoc"], "1 run"))
    if have("cmark-gfm"):
        alt["cmark"] = median_runs(lambda: timed(["cmark-gfm"] + CMARK_EXTENSIONS + mds))
        rows.append(("cmark-gfm: parse + render all %d .md" % n, alt["cmark"], ""))

    print("\n## %d reports: %.1f MB of Markdown, %d PDF pages; median of %d runs after a "
          "warm-up" % (n, md_bytes / 1e6, n_pages, RUNS))
    print("%-46s %8s %8s %8s  %s" % ("", "wall s", "cpu s", "÷ baocao", "notes"))
    for label, r, note in rows:
        print("%-46s %8.3f %8.3f %8s  %s" % (label, r.wall, r.cpu, fmt_ratio(r.wall, base.wall), note))
    t1, t2 = cold[1].timing, base.timing
    pdf_cpu = sum(t1["pdf"].values())
    print("baocao --jobs 1 stages: load %.0f ms, website %.0f ms (cpu), PDFs %.0f ms (cpu): "
          "%.1f ms a PDF, %.2f ms a page" % (t1["load"], t1["html_cpu"], pdf_cpu,
                                             pdf_cpu / max(1, len(t1["pdf"])), pdf_cpu / max(1, n_pages)))
    print("baocao --jobs 2: %.1f ms a report, %.2f ms a PDF page (wall, whole build)"
          % (base.wall * 1e3 / n, base.wall * 1e3 / max(1, n_pages)))
    print("output: %.1f MiB (PDFs %.1f MiB, HTML %.1f MiB)" % (sizes[0] / 2**20, sizes[1] / 2**20,
                                                               sizes[2] / 2**20))

    # one report's PDF: the report of median size
    by_size = sorted(mds, key=os.path.getsize)
    md = by_size[len(by_size) // 2]
    month = os.path.basename(os.path.dirname(md))
    own = statistics.median(parse_timing(r.err)["pdf"][month] for r in cold[1].all) / 1e3
    print("\none report, %s (%.0f KB of Markdown; baocao's PDF: %d pages):" %
          (month, os.path.getsize(md) / 1e3, pages.get(month, 0)))
    print("%-46s %8s %8s %8s" % ("", "wall s", "cpu s", "÷ baocao"))
    print("%-46s %8.3f %8.3f %8s" % ("baocao: its PDF task (--jobs 1)", own, own, "1×"))
    routes = []
    tmp = os.path.join(WORK, "one")
    os.makedirs(tmp, exist_ok=True)
    if ALTERNATIVES and have("pandoc"):
        env = {"QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": tmp}
        if have("wkhtmltopdf"):
            routes.append(("pandoc -> wkhtmltopdf", ["--pdf-engine=wkhtmltopdf"], env))
        if have("weasyprint"):
            routes.append(("pandoc -> WeasyPrint", ["--pdf-engine=weasyprint"], env))
        latex = [e for e in ("xelatex", "lualatex", "pdflatex") if have(e)]
        if latex:
            routes.append(("pandoc -> %s" % latex[0], ["--pdf-engine=" + latex[0]], env))
        else:
            print("%-46s %s" % ("pandoc -> LaTeX", "skipped: no LaTeX installed (texlive is "
                                                   "~1 GB; not installed by the benchmark)"))
    for label, args, env in routes:
        pdf = os.path.join(tmp, "one.pdf")
        r = median_runs(lambda: timed(["pandoc", "-s", md, "-o", pdf] + args, env=env),
                        runs=min(RUNS, 3))
        print("%-46s %8.3f %8.3f %8s  %d pages" % (label, r.wall, r.cpu, fmt_ratio(r.wall, own),
                                                    pdf_pages(pdf)))
        alt[label] = r

    # the targets (docs/performance.md)
    print("\ntargets:")
    if n == 36 and "turns" in alt:
        b, h, won, runs = alt["turns"]
        print("  (1) whole build of 36 < hugo's HTML: %.3f s vs %.3f s, medians of %d runs "
              "taken in turns (baocao faster in %d): %s" % (b, h, runs, won,
                                                           "met" if b < h else "MISSED"))
    if "pandoc -> wkhtmltopdf" in alt:
        ratio = alt["pandoc -> wkhtmltopdf"].wall / own
        print("  (2) one PDF >= 50× faster than pandoc -> wkhtmltopdf: %.0f×: %s"
              % (ratio, "met" if ratio >= 50 else "MISSED"))
    if "cmark" in alt and t1["html_cpu"] is not None:
        ratio = t1["html_cpu"] / 1e3 / alt["cmark"].cpu
        print("  (3) HTML stage <= 2× cmark-gfm: %.3f s vs %.3f s cpu = %.2f×: %s"
              % (t1["html_cpu"] / 1e3, alt["cmark"].cpu, ratio, "met" if ratio <= 2 else "MISSED"))
    if n == 120:
        ok = base.wall < 2 and base.rss_kb < 100 * 1024
        print("  (4) 120 reports < 2 s and < 100 MiB: %.3f s, %.0f MiB: %s"
              % (base.wall, base.rss_kb / 1024, "met" if ok else "MISSED"))
        print("  (6) 120-report rebuild after one changed < 0.2 s: %.3f s: %s"
              % (one_changed.wall, "met" if one_changed.wall < 0.2 else "MISSED"))
    print("  (5) both cores: --jobs 2 %.3f s vs --jobs 1 %.3f s wall (%.2f× faster)"
          % (base.wall, cold[1].wall, cold[1].wall / base.wall))
    report.append((n, base, alt))


def profile(n):
    content = os.path.join(WORK, "content-%d" % n)
    if not os.path.exists(os.path.join(content, "site.yaml")):
        subprocess.run([sys.executable, os.path.join(REPO, "bench", "gen.py"), str(n), content],
                       check=True)
    out = os.path.join(WORK, "profile-out")
    shutil.rmtree(out, ignore_errors=True)
    cmd = [BAOCAO, "build", "--content", content, "--out", out, "--jobs", "1"]
    data = os.path.join(WORK, "perf.data")
    ok = have("perf") and subprocess.run(["perf", "record", "-o", data, "-e", "cpu-clock", "-F",
                                          "2000", "-g", "--"] + cmd, capture_output=True).returncode == 0
    if ok:
        print("# perf record -e cpu-clock -F 2000 -g -- %s" % " ".join(cmd))
        for sort in ("dso", "dso,sym"):
            rep = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", sort,
                                  "-g", "none", "--percent-limit", "0.7"],
                                 capture_output=True, text=True).stdout
            print("\n".join(l for l in rep.splitlines() if l and not l.startswith("#")))
        return
    print("# perf cannot record here: valgrind --tool=callgrind (slow)")
    cg = os.path.join(WORK, "callgrind.out")
    subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + cg] + cmd, check=True)
    print(subprocess.run(["callgrind_annotate", cg], capture_output=True, text=True).stdout[:6000])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", action="store_true", help="profile one build instead")
    ap.add_argument("n", nargs="*", type=int)
    a = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    if a.profile:
        profile(a.n[0] if a.n else 36)
        return
    print("# baocao benchmark: %s; %d cores; %s" % (BAOCAO, os.cpu_count(),
                                                    time.strftime("%Y-%m-%d %H:%M")))
    print("# load average at the start: %.2f %.2f %.2f (other work on the machine skews "
          "wall times)" % os.getloadavg())
    report = []
    for n in a.n or [36, 120]:
        bench(n, report)


if __name__ == "__main__":
    main()
