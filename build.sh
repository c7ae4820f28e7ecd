#!/usr/bin/env bash
# baocao's one set-up command.
#   ./build.sh         install missing Debian packages (as root; otherwise print the one
#                      apt-get line), compile into build/, publish content/ into public/
#   ./build.sh test    the same set-up, then every test (test/run.sh --all: the suite, the
#                      same under sanitizers, valgrind, the fuzz targets)
#   ./build.sh bench   the benchmark (bench/run.sh), not part of the tests
set -euo pipefail
cd "$(dirname "$0")"

# Everything baocao needs to compile, run and be tested, from Debian 12's own packages.
packages=(gcc libc6-dev meson ninja-build pkg-config
	libcmark-gfm-dev libcmark-gfm-extensions-dev libhpdf-dev libdeflate-dev libharfbuzz-dev libcsv-dev libutf8proc-dev
	libyaml-dev libxml2-dev libfontconfig-dev fonts-liberation2
	poppler-utils qpdf python3)
if [ "${1:-}" = test ]; then
	# the browser tests; the sanitizer suite and the fuzz targets (clang with libFuzzer);
	# valgrind; GNU time for the peak memory that test/e2e/test_limits.py bounds
	packages+=(chromium clang libclang-rt-14-dev valgrind time)
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "build.sh: installing ${missing[*]}"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
	else
		echo "build.sh: missing packages; install them with:"
		echo "  sudo apt-get install -y ${missing[*]}"
		exit 1
	fi
fi

if [ ! -f build/build.ninja ]; then
	# CI builds with warnings as errors; a newcomer's build is not stopped by a new compiler's
	# new warning.
	werror=false
	[ -n "${CI:-}" ] && werror=true
	meson setup build -Dwerror="$werror" >/dev/null
fi
ninja -C build

case "${1:-}" in
"")
	build/baocao build --content content --out public
	echo "build.sh: published content/ into public/ (open public/index.html)"
	;;
test)
	# the suite, then again under ASan + UBSan, then valgrind, then each fuzz target for a
	# short while: all counted in the closing "N passed, N failed" (test/run.sh)
	exec test/run.sh --all
	;;
bench)
	exec bench/run.sh "${@:2}"
	;;
*)
	echo "usage: ./build.sh [test|bench]" >&2
	exit 2
	;;
esac
