"""lit's test format for talpa (a module of its own so lit's worker processes can load it).

ShTest, plus Go errorcheck files: a .go file with `// ERROR "regexp"` comments and no RUN:
line is checked by tools/errorcheck.py against talpa's diagnostics (`// XFAIL: *` on a
line of its own marks one that is expected to fail for now)."""

import re

import lit.formats
import lit.Test

import errorcheck


XFAIL_RE = re.compile(r"^//\s*XFAIL:\s*\*\s*$", re.M)


class TalpaFormat(lit.formats.ShTest):
    def __init__(self, talpa):
        super().__init__(execute_external=False)
        self.talpa = talpa

    def execute(self, test, litConfig):
        path = test.getSourcePath()
        if path.endswith(".go"):
            with open(path, encoding="utf-8", errors="replace") as f:
                src = f.read()
            if "RUN:" not in src:
                if not errorcheck.has_expectations(src):
                    return lit.Test.Result(lit.Test.FAIL,
                                           "no RUN: line and no // ERROR comments")
                ok, report, _ = errorcheck.check_file(self.talpa, path)
                if XFAIL_RE.search(src):  # `// XFAIL: *`: expected to fail for now
                    return lit.Test.Result(lit.Test.XPASS if ok else lit.Test.XFAIL, report)
                return lit.Test.Result(lit.Test.PASS if ok else lit.Test.FAIL, report)
        return super().execute(test, litConfig)
