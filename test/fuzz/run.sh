#!/usr/bin/env bash
# Builds the fuzz targets with clang (libFuzzer + ASan + UBSan) in build-fuzz/, replays every
# input kept in test/fuzz/regressions/TARGET/ (each one crashed once), then fuzzes each target
# for SECONDS seconds (default 20), starting from its corpus kept in the repository
# (test/fuzz/corpus/TARGET/: the inputs earlier runs found that reach new code, minimised),
# so that a short run starts deep, and from content/ and the test fixtures. What a run finds
# goes to build-fuzz/corpus-TARGET/; --merge adds what of it reaches new code to
# test/fuzz/corpus/TARGET/ (libFuzzer's -merge=1), to commit. A crash leaves its input in
# build-fuzz/crashes/ and fails the run: minimise it (fuzz-T -minimize_crash=1), fix the bug
# and add the input to test/fuzz/regressions/T/. Ends with "N passed, N failed".
#   test/fuzz/run.sh [--merge] [SECONDS] [TARGET...]      targets: csv report yaml html pdf
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/env.sh
merge=false
if [ "${1:-}" = --merge ]; then
	merge=true
	shift
fi
secs=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv report yaml html pdf)
passed=0
failed=0
ok() { echo "ok - $*"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $*"; failed=$((failed + 1)); }

if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Db_lundef=false >/dev/null || true
fi
mkdir -p build-fuzz
if ! ninja -C build-fuzz >build-fuzz/ninja.log 2>&1; then
	tail -n 20 build-fuzz/ninja.log
	not_ok "the fuzz targets build (CC=clang, -Dfuzz=true)"
	echo "$passed passed, $failed failed"
	exit 1
fi
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/test/lsan.supp:print_suppressions=0
mkdir -p build-fuzz/crashes

seed() { # TARGET CORPUS: copies the seed inputs into CORPUS
	case $1 in
	csv) find content test -name '*.csv' -size -64k -exec cp {} "$2/" \; ;;
	yaml)
		find content test templates -name '*.yaml' -size -64k -exec cp {} "$2/" \;
		# the front matter of each report.md
		local i=0
		find content test -name report.md | while read -r f; do
			i=$((i + 1))
			awk 'NR == 1 { next } /^---/ { exit } { print }' "$f" >"$2/front-matter-$i.yaml"
		done
		;;
	*) find content test -name '*.md' -size -256k -exec cp {} "$2/" \; ;;
	esac
}

for t in "${targets[@]}"; do
	exe=build-fuzz/test/fuzz/fuzz-$t
	log=build-fuzz/fuzz-$t.log
	regressions=(test/fuzz/regressions/"$t"/*)
	if [ -e "${regressions[0]}" ]; then
		if "$exe" -timeout=30 -artifact_prefix=build-fuzz/crashes/$t- "${regressions[@]}" >"$log" 2>&1; then
			ok "fuzz-$t: the ${#regressions[@]} inputs of test/fuzz/regressions/$t/ run clean"
		else
			not_ok "fuzz-$t: an input of test/fuzz/regressions/$t/ fails again"
			grep -E "Running:|ERROR|SUMMARY" "$log" | tail -n 5
		fi
	fi
	[ "$secs" -gt 0 ] || continue
	corpus=build-fuzz/corpus-$t
	mkdir -p "$corpus"
	seed "$t" "$corpus" 2>/dev/null
	dict=test/fuzz/$t.dict
	[ -f "$dict" ] || dict=test/fuzz/report.dict
	[ "$t" = csv ] && dict=
	args=(-max_total_time="$secs" -max_len=262144 -timeout=20 -rss_limit_mb=2048
		-artifact_prefix=build-fuzz/crashes/$t- -print_final_stats=1)
	[ -n "$dict" ] && args+=(-dict="$dict")
	kept=test/fuzz/corpus/$t
	mkdir -p "$kept"
	# new inputs go to the first folder; the kept corpus is read
	if "$exe" "${args[@]}" "$corpus" "$kept" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
		ok "fuzz-$t: ${secs}s from $(ls "$kept" | wc -l) kept inputs, ${runs:-?} inputs, peak RSS ${rss:-?} MB, no crash"
		if $merge; then
			before=$(ls "$kept" | wc -l)
			# inputs of at most 8 KB: nearly all the coverage (447 of 452 edges for
			# report, 1032 of 1043 for html) in a fifth of the bytes
			"$exe" -merge=1 -timeout=20 -rss_limit_mb=2048 -max_len=8192 "$kept" "$corpus" \
				>>"$log" 2>&1
			echo "# fuzz-$t: test/fuzz/corpus/$t/: $before -> $(ls "$kept" | wc -l) inputs"
		fi
	else
		not_ok "fuzz-$t found a crash (input kept in build-fuzz/crashes/):"
		grep -E "ERROR|SUMMARY|artifact|#[0-9] " "$log" | head -n 12
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
