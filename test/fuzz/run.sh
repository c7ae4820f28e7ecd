#!/usr/bin/env bash
# Builds the fuzz targets with clang (libFuzzer + ASan + UBSan) in build-fuzz/ and runs each
# for SECONDS seconds (default 20), seeded from content/ and the test fixtures. A crash
# leaves its input in build-fuzz/crashes/ and fails the run: turn it into a regression test.
#   test/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-20}
shift || true
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Db_lundef=false >/dev/null
fi
ninja -C build-fuzz >/dev/null
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv report)
mkdir -p build-fuzz/crashes
status=0
for t in "${targets[@]}"; do
	corpus=build-fuzz/corpus-$t
	mkdir -p "$corpus"
	case $t in
	csv) find content test -name '*.csv' -size -64k -exec cp {} "$corpus/" \; 2>/dev/null || true ;;
	*) find content test -name '*.md' -size -256k -exec cp {} "$corpus/" \; 2>/dev/null || true ;;
	esac
	dict=test/fuzz/$t.dict
	args=(-max_total_time="$secs" -max_len=262144 -timeout=10 -rss_limit_mb=2048
		-artifact_prefix=build-fuzz/crashes/$t- -print_final_stats=1)
	[ -f "$dict" ] && args+=(-dict="$dict")
	echo "fuzz-$t: ${secs}s"
	if ! build-fuzz/test/fuzz/fuzz-"$t" "${args[@]}" "$corpus" >build-fuzz/fuzz-$t.log 2>&1; then
		echo "not ok - fuzz-$t found a crash:"
		grep -E "ERROR|SUMMARY|artifact" build-fuzz/fuzz-$t.log | head -5
		status=1
	fi
	grep -E "stat::number_of_executed_units|stat::peak_rss_mb" build-fuzz/fuzz-$t.log || true
done
exit $status
