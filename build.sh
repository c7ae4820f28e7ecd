#!/usr/bin/env bash
# baocao's one set-up command.
#   ./build.sh         install missing Debian packages (as root; otherwise print the one
#                      apt-get line), compile into build/, publish content/ into public/
#   ./build.sh test    the same set-up, then the suite (test/run.sh: unit and end-to-end
#                      tests, other people's validators on a representative set; minutes)
#   ./build.sh test --all   everything, what CI runs (test/run.sh --all: the suite with the
#                      validators on every output, the same under sanitizers, valgrind, the
#                      fuzz targets)
#   ./build.sh bench   the benchmark (bench/run.sh), not part of the tests
set -euo pipefail
cd "$(dirname "$0")"

# Everything baocao needs to compile, run and be tested, from Debian 12's own packages.
# gettext: msgfmt for the Vietnamese messages (po/); icc-profiles-free: the sRGB profile
# every PDF embeds as its PDF/A output intent; libpng and libjpeg: the images read through
# when checked, and a PNG's transparency flattened for the PDF.
packages=(gcc libc6-dev meson ninja-build pkg-config gettext
	libcmark-gfm-dev libcmark-gfm-extensions-dev libhpdf-dev libdeflate-dev libharfbuzz-dev libcsv-dev libutf8proc-dev
	libyaml-dev libxml2-dev libfontconfig-dev libmicrohttpd-dev libxlsxwriter-dev
	libpng-dev libjpeg-dev
	fonts-liberation2 icc-profiles-free
	poppler-utils qpdf python3)
if [ "${1:-}" = test ]; then
	# the browser tests; the sanitizer suite and the fuzz targets (clang with libFuzzer);
	# valgrind; GNU time for the peak memory that test/e2e/test_limits.py bounds
	packages+=(chromium clang libclang-rt-14-dev valgrind time)
	# a CJK font, as most machines have one (Ghostscript depends on it): the suite runs on
	# its own fonts (test/fonts/), and test_pdf.py shows that '中', which they lack, is
	# drawn from this one where the user has it instead of being an error
	packages+=(fonts-droid-fallback)
	# other people's readers and validators, run on what baocao makes: MuPDF, PDFBox and its
	# PDF/A Preflight (Java; the JDK's javac compiles test/tools/PdfCheck.java, which runs
	# them on every PDF in one JVM), jing (RELAX NG: the Atom feed), xmllint (XSD: the
	# sitemap), openpyxl (the .xlsx downloads), Node.js for pdf.js, the Nu HTML checker and
	# axe-core (test/package.json); locales for the Vietnamese messages' tests
	packages+=(mupdf-tools libpdfbox2-java libjaxb-api-java libactivation-java
		default-jdk-headless jing libxml2-utils python3-openpyxl locales)
	command -v node >/dev/null 2>&1 || packages+=(nodejs)
	command -v npm >/dev/null 2>&1 || packages+=(npm)
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

if [ "${1:-}" = test ]; then
	# vi_VN.UTF-8, for the tests of the Vietnamese messages (LANG=vi_VN.UTF-8)
	if ! locale -a 2>/dev/null | grep -qix 'vi_VN.utf8' && [ "$(id -u)" = 0 ]; then
		sed -i 's/^# *\(vi_VN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
		grep -q '^vi_VN.UTF-8 UTF-8' /etc/locale.gen || echo 'vi_VN.UTF-8 UTF-8' >>/etc/locale.gen
		locale-gen >/dev/null
	fi
	# the node tools, exactly as test/package-lock.json pins them; install scripts are not
	# run (vnu-jar's would download a Java runtime: Debian's is used)
	stamp=test/node_modules/.package-lock.json
	if [ ! -f "$stamp" ] || ! cmp -s test/package-lock.json "$stamp.baocao" 2>/dev/null; then
		npm ci --prefix test --ignore-scripts --omit=optional --no-audit --no-fund --loglevel=error
		cp test/package-lock.json "$stamp.baocao"
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
	# all counted in the closing "N passed, N failed" (test/run.sh)
	exec test/run.sh "${@:2}"
	;;
bench)
	exec bench/run.sh "${@:2}"
	;;
*)
	echo "usage: ./build.sh [test [--all]|bench]" >&2
	exit 2
	;;
esac
