#!/usr/bin/env bash
# Runs every test — the unit-* executables meson built, then test/e2e/test_*.py — and adds
# up their closing "N passed, N failed" lines. A test that crashes or ends without that line
# counts as one failure. Usage: test/run.sh [FILTER]   (only tests whose name contains FILTER)
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
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
	passed=$((passed + p))
	failed=$((failed + f))
	printf '%-40s %4d passed, %d failed  (%ds)\n' "$name" "$p" "$f" $((SECONDS - start))
}

for t in $(find "$BUILD" -type f -name 'unit-*' -perm -u+x | sort); do
	run "$(basename "$t")" "$t"
done
for t in test/e2e/test_*.py; do
	[ -e "$t" ] || continue
	run "$(basename "$t")" python3 "$t"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
