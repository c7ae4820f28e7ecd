#!/usr/bin/env bash
# Runs the unit tests and one full build of content/ (both backends, on two threads) under
# valgrind's memcheck: any memory error, or a leak that is definitely lost and not one of the
# library leaks in test/valgrind.supp, fails. Ends with "N passed, N failed".
#   test/valgrind.sh        ($BUILD, default build/: a normal, unsanitized build)
set -u
cd "$(dirname "$0")/.."
. test/env.sh
BUILD=${BUILD:-build}
passed=0
failed=0
if ! command -v valgrind >/dev/null; then
	echo "not ok - valgrind is installed (apt-get install valgrind)"
	echo "0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vg=(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite
	--show-leak-kinds=definite --error-exitcode=9 --suppressions=test/valgrind.supp
	--num-callers=30)

check() { # NAME COMMAND...: passes when valgrind finds nothing (exit status 9 otherwise)
	local name=$1
	shift
	local start=$SECONDS
	"${vg[@]}" --log-file="$tmp/vg.log" "$@" >"$tmp/out.log" 2>&1
	local rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$tmp/vg.log" ]; then
		echo "ok - valgrind: $name ($((SECONDS - start))s)"
		passed=$((passed + 1))
	else
		echo "not ok - valgrind: $name (exit $rc)"
		head -n 40 "$tmp/vg.log"
		tail -n 5 "$tmp/out.log"
		failed=$((failed + 1))
	fi
}

for t in $(find "$BUILD" -type f -name 'unit-*' -perm -u+x | sort); do
	check "$(basename "$t")" "$t"
done
check "build of content/" "$BUILD/baocao" build --content content --out "$tmp/public" --jobs 2
check "check of test/fixtures/site" "$BUILD/baocao" check --content test/fixtures/site
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
