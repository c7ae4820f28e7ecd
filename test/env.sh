# test/env.sh — the environment every test runs in, whatever the machine's: sourced by
# test/run.sh (so by every unit and end-to-end test it runs), test/valgrind.sh and
# test/fuzz/run.sh; test/e2e/lib.py sets the same for an end-to-end test run alone.
#   - fonts: only those test/fonts/liberation.conf names (Liberation Serif), so that a font
#     the machine happens to have (a CJK fallback, DejaVu) cannot change a result; a test
#     that means other fonts names another file of test/fonts/ for its own runs
#   - messages in English (they are translated through gettext: a Vietnamese locale would
#     change them), a fixed time zone and umask
_baocao_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export FONTCONFIG_FILE=$_baocao_root/test/fonts/liberation.conf
unset FONTCONFIG_PATH FONTCONFIG_SYSROOT LANGUAGE LC_ALL
for _v in $(compgen -e | grep '^LC_'); do unset "$_v"; done
unset _v _baocao_root
export LANG=C.UTF-8 TZ=UTC
umask 022
