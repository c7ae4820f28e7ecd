#!/usr/bin/env bash
# The benchmark (not part of the tests): baocao build against Hugo, pandoc, wkhtmltopdf,
# WeasyPrint and cmark-gfm on the same generated reports (bench/gen.py), side by side in one
# run. See docs/performance.md for what it measures, the targets and the latest figures.
#
#   bench/run.sh [N ...]            content folders of N reports (default: 36 120)
#   bench/run.sh --profile [N]      where baocao's time goes (perf, else valgrind), N=36
#   bench/run.sh web [--reports N] [--before DIR]   the website for its readers (bench/web.py):
#                                   the search against Pagefind, Lighthouse; node tools from
#                                   bench/package-lock.json
# Environment: BAOCAO (default build/baocao), RUNS (timed runs after a warm-up, default 5),
# BENCH_DIR (work folder, default /tmp/baocao-bench), ALTERNATIVES=0 to time baocao alone.
set -euo pipefail
cd "$(dirname "$0")/.."

# The alternatives and the measuring tools, from Debian. LaTeX (texlive, ~1 GB) is not
# installed: pandoc's LaTeX route is timed only where it already is.
packages=(hugo pandoc wkhtmltopdf weasyprint cmark-gfm poppler-utils time linux-perf valgrind)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "bench: installing ${missing[*]}" >&2
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			"${missing[@]}" >&2 || echo "bench: some packages could not be installed" >&2
	else
		echo "bench: missing ${missing[*]} (sudo apt-get install -y ${missing[*]});" \
			"their rows are skipped" >&2
	fi
fi

BAOCAO=${BAOCAO:-build/baocao}
if [ "${1:-}" = web ]; then
	# Lighthouse and Pagefind, exactly as bench/package-lock.json pins them (Pagefind's
	# binary comes in its optional per-platform package)
	stamp=bench/node_modules/.package-lock.json
	if [ ! -f "$stamp" ] || ! cmp -s bench/package-lock.json "$stamp.baocao" 2>/dev/null; then
		npm ci --prefix bench --no-audit --no-fund --loglevel=error
		cp bench/package-lock.json "$stamp.baocao"
	fi
	[ -x "$BAOCAO" ] || { echo "bench: $BAOCAO is not built" >&2; exit 2; }
	export BAOCAO
	exec python3 bench/web.py "${@:2}"
fi
if [ ! -x "$BAOCAO" ]; then
	echo "bench: $BAOCAO is not built (./build.sh, or set BAOCAO)" >&2
	exit 2
fi
exec python3 bench/measure.py "$@"
