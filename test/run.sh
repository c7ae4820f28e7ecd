#!/usr/bin/env bash
# Runs every test — the unit-* executables meson built, then test/e2e/test_*.py — and adds
# up their closing "N passed, N failed" lines. A test that crashes or ends without that line
# counts as one failure.
#   test/run.sh [FILTER]         only tests whose name contains FILTER ($BUILD, default build/)
#   test/run.sh --all [FILTER]   what CI runs (./build.sh test --all): that suite with
#                                BAOCAO_TEST_ALL=1 (the outside validators on every output the
#                                tests make, not only a representative set), then the same under
#                                AddressSanitizer + UndefinedBehaviorSanitizer ($ASAN_BUILD,
#                                default build-asan/),
#                                then test/valgrind.sh, then each fuzz target for $FUZZ_SECONDS
#                                (default 20) after replaying test/fuzz/regressions/
set -u
cd "$(dirname "$0")/.."
. test/env.sh # fonts, locale, time zone, umask: the same on every machine
all=false
if [ "${1:-}" = --all ]; then
	all=true
	export BAOCAO_TEST_ALL=1
	shift
fi
BUILD=${BUILD:-build}
ASAN_BUILD=${ASAN_BUILD:-build-asan}
export BAOCAO=${BAOCAO:-$BUILD/baocao}
filter=${1:-}
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run() {
	local name=$1
	shift
	[ -n "$filter" ] && [[ $name != *"$filter"* ]] && return
	local start=$SECONDS
	timeout 900 "$@" >"$log" 2>&1
	local rc=$?
	local last
	last=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	local p=0 f=0
	if [[ $last =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
		p=${BASH_REMATCH[1]}
		f=${BASH_REMATCH[2]}
	fi
	if [ -z "$last" ] || { [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; }; then
		f=$((f + 1))
		echo "not ok - $name exited with status $rc without reporting its failures"
		tail -n 20 "$log"
	fi
	grep -E '^not ok' "$log"
	grep -E '^(ERROR|SUMMARY): |runtime error: ' "$log" | head -n 5
	passed=$((passed + p))
	failed=$((failed + f))
	printf '%-40s %4d passed, %d failed  (%ds)\n' "$name" "$p" "$f" $((SECONDS - start))
}

suite() { # BUILD_DIR PREFIX: the unit tests of BUILD_DIR, then the e2e tests on its baocao
	local dir=$1 prefix=$2
	for t in $(find "$dir" -type f -name 'unit-*' -perm -u+x | sort); do
		run "$prefix$(basename "$t")" "$t"
	done
	for t in test/e2e/test_*.py; do
		[ -e "$t" ] || continue
		run "$prefix$(basename "$t")" python3 "$t"
	done
}

stage_failed() { # NAME LOG: a stage that could not even start counts as one failure
	echo "not ok - $1"
	tail -n 20 "$2"
	failed=$((failed + 1))
}

if $all; then
	# every PDF the suite builds (test/e2e/lib.py copies them here), read after it by the four
	# readers and PDF/A Preflight
	pdf_dir=$(mktemp -d)
	export BAOCAO_PDF_DIR=$pdf_dir
	trap 'rm -f "$log"; rm -rf "$pdf_dir"' EXIT
fi
suite "$BUILD" ""
if $all; then
	run "test_readers.py --collected" python3 test/e2e/test_readers.py --collected "$BAOCAO_PDF_DIR"
	unset BAOCAO_PDF_DIR
fi

if $all; then
	# The same tests on a build with ASan + UBSan: any error aborts (and so fails its test).
	# test/lsan.supp says which library leaks are not ours, and why.
	echo "# sanitizers: $ASAN_BUILD/ (address, undefined)"
	werror=false
	[ -n "${CI:-}" ] && werror=true
	if { [ -f "$ASAN_BUILD/build.ninja" ] ||
		meson setup "$ASAN_BUILD" -Dwerror="$werror" \
			-Db_sanitize=address,undefined -Db_lundef=false; } >"$log" 2>&1 &&
		ninja -C "$ASAN_BUILD" >>"$log" 2>&1; then
		(
			export BAOCAO=$ASAN_BUILD/baocao BAOCAO_SANITIZED=1
			export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1
			export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
			export LSAN_OPTIONS=suppressions=$PWD/test/lsan.supp:print_suppressions=0
			suite "$ASAN_BUILD" "asan/"
			echo "$passed passed, $failed failed" >"$log.asan"
		)
		if [[ $(cat "$log.asan" 2>/dev/null) =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
			passed=${BASH_REMATCH[1]}
			failed=${BASH_REMATCH[2]}
		else
			stage_failed "the sanitizer suite did not finish" /dev/null
		fi
		rm -f "$log.asan"
	else
		stage_failed "$ASAN_BUILD/ builds (meson setup -Db_sanitize=address,undefined)" "$log"
	fi
	echo "# valgrind: the unit tests and a build of content/"
	run valgrind env BUILD="$BUILD" test/valgrind.sh
	echo "# fuzzing: ${FUZZ_SECONDS:-20}s per target"
	run fuzz test/fuzz/run.sh "${FUZZ_SECONDS:-20}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
