#!/usr/bin/env python3
"""`check` refuses exactly what `build` refuses. Every case of the bad-input catalogue
(test_errors.py and test_bad_input.py) and of the warnings (test_warnings.py, also under
--strict) is run through both: the same exit status, the same errors and warnings at the same
places; a build that fails into a new --out makes nothing; check writes nothing.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_check_build.py [FILTER]
"""

import os
import re
import shutil
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, FIXTURES, TempDir, run, program_available, baocao_path,  # noqa: E402
                 tree_hash, tree_diff)
import test_bad_input  # noqa: E402
import test_errors  # noqa: E402
import test_warnings  # noqa: E402

MINIMAL = os.path.join(FIXTURES, "minimal")
DIAG_RE = re.compile(r"^(.*?):(\d+):(\d+): (error|warning): (.*)$")


def diags(stderr):
    return sorted(m.groups() for m in map(DIAG_RE.match, stderr.splitlines()) if m)


def agree(tmp, name, mutate, extra=(), prepare=None, want_rc=None):
    case = os.path.join(tmp, "case")
    shutil.rmtree(case, ignore_errors=True)
    os.makedirs(case)
    shutil.copytree(MINIMAL, os.path.join(case, "content"))
    if prepare:
        prepare(case)
    mutate(os.path.join(case, "content"))
    before = tree_hash(case)
    c = run(["check", "--content", "content"] + list(extra), cwd=case)
    T.ok(tree_hash(case) == before, "%s: check writes nothing" % name,
         tree_diff(before, tree_hash(case)))
    b = run(["build", "--content", "content", "--out", "out"] + list(extra), cwd=case)
    if want_rc is not None:
        T.eq(b.rc, want_rc, "%s: build exits %d" % (name, want_rc), b.err[-600:])
    T.eq((c.rc, diags(c.err)), (b.rc, diags(b.err)),
         "%s: check and build agree (exit status, errors, warnings)" % name,
         "check:\n%s\nbuild:\n%s" % (c.err[-800:], b.err[-800:]))
    if b.rc == 1:
        T.ok(not os.path.exists(os.path.join(case, "out")),
             "%s: a failed build into a new --out makes nothing" % name)


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    only = sys.argv[1] if len(sys.argv) > 1 else None
    with TempDir() as tmp:
        for name, mutate, _, _ in test_errors.CASES:
            if not only or only in name:
                agree(tmp, name, mutate, want_rc=1)
        for name, mutate, _, _, extra in test_bad_input.CASES:
            if not only or only in name:
                agree(tmp, name, mutate, extra, prepare=test_bad_input.outside, want_rc=1)
        for name, change, expected in test_warnings.CASES:
            if only and only not in name:
                continue
            agree(tmp, name, change, want_rc=0)
            agree(tmp, name + " (--strict)", change, ["--strict"],
                  want_rc=1 if expected else 0)
            agree(tmp, name + " (--drafts)", change, ["--drafts"], want_rc=0)
    T.done()


if __name__ == "__main__":
    main()
