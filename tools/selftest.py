#!/usr/bin/env python3
"""Unit tests of the test tools themselves (ctest `tools_selftest`): build-constraint
evaluation, recipe reading, errorcheck matching, and the runners' verdicts with a fake
talpa that "compiles" a program into a shell script."""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import errorcheck  # noqa: E402
import talpatest  # noqa: E402

TOOLS = os.path.dirname(os.path.abspath(__file__))


class ConstraintTest(unittest.TestCase):
    def ok(self, header, goos="linux", goarch="amd64"):
        return talpatest.should_test(header, goos, goarch)[0]

    def test_plus_build(self):
        self.assertTrue(self.ok("// +build linux", "linux", "arm"))
        self.assertTrue(self.ok("// +build !windows", "linux", "arm"))
        self.assertFalse(self.ok("// +build !windows", "windows", "amd64"))
        self.assertTrue(self.ok("// This is a test.", "os", "arch"))
        self.assertFalse(self.ok("// +build arm 386", "linux", "amd64"))
        self.assertFalse(self.ok("// +build !windows,!plan9", "windows", "amd64"))
        self.assertTrue(self.ok("// +build !windows !plan9", "windows", "amd64"))
        self.assertTrue(self.ok("// +build !windows\n// +build amd64", "linux", "amd64"))
        self.assertFalse(self.ok("// +build !windows\n// +build amd64", "windows", "amd64"))
        self.assertTrue(self.ok("//+build linux"))
        self.assertTrue(self.ok("// +buildlinux\n"))  # not a constraint

    def test_go_build(self):
        self.assertTrue(self.ok("//go:build !wasm"))
        self.assertFalse(self.ok("//go:build ppc64 || ppc64le"))
        self.assertTrue(self.ok("//go:build (386 || amd64 || arm64) && !gcflags_noopt"))
        self.assertFalse(self.ok("//go:build cgo"))
        self.assertFalse(self.ok("//go:build goexperiment.unified"))
        self.assertTrue(self.ok("//go:build gc && test_run"))
        self.assertFalse(self.ok("//go:build !windows && !wasm", "windows", "amd64"))
        self.assertTrue(self.ok("//go:build bad // ERROR \"x\""))  # unparsable: ignored

    def test_stops_at_package(self):
        self.assertTrue(self.ok("// run\n\npackage main\n// +build ignore\n"))


class RecipeTest(unittest.TestCase):
    def recipe(self, src, goos="linux", goarch="amd64"):
        with tempfile.NamedTemporaryFile("w", suffix=".go", delete=False) as f:
            f.write(src)
        try:
            return talpatest.read_recipe(f.name, goos, goarch)
        finally:
            os.unlink(f.name)

    def test_run(self):
        r = self.recipe("// run\n\npackage main\n")
        self.assertEqual((r.action, r.flags, r.args, r.files), ("run", [], [], []))

    def test_args_files_flags(self):
        r = self.recipe("// run other.go arg1 arg2\n\npackage main\n")
        self.assertEqual((r.files, r.args), (["other.go"], ["arg1", "arg2"]))
        r = self.recipe('// run -gcflags="-d=checkptr"\n\npackage main\n')
        self.assertEqual(r.flags, ["-gcflags=-d=checkptr"])
        r = self.recipe("// run -t 30\n\npackage main\n")
        self.assertEqual((r.timeout, r.flags), (30, []))

    def test_build_line_first(self):
        r = self.recipe("// +build !windows\n// run\n\npackage main\n", "linux")
        self.assertEqual(r.action, "run")
        r = self.recipe("// +build !windows\n// run\n\npackage main\n", "windows")
        self.assertIsNone(r.action)
        self.assertIn("build constraint", r.skip)

    def test_exitcode(self):
        r = self.recipe("// run\n\n// Panics.\n// exitcode 2\n\npackage main\n")
        self.assertEqual(r.exitcode, 2)

    def test_malformed(self):
        self.assertIsNone(self.recipe("\n// run\n\npackage main\n").action)
        self.assertIsNone(self.recipe("// run\npackage main\n").action)


class GoRunOutTest(unittest.TestCase):
    def test_panic(self):
        text = ("before\npanic: boom [recovered]\n\tpanic: again\n\ngoroutine 1 [running]:\n"
                "main.main()\n\t/x.go:5 +0x1\nexit status 2\n")
        self.assertEqual(talpatest.go_run_expectation(text, None),
                         ("before\npanic: boom [recovered]\n\tpanic: again\n", 2))

    def test_exit(self):
        self.assertEqual(talpatest.go_run_expectation("a\nexit status 3\n", None),
                         ("a\n", 3))
        self.assertEqual(talpatest.go_run_expectation("exit status 3\n", None), ("", 3))
        self.assertIsNone(talpatest.go_run_expectation("a\nb\n", None))


class ErrorcheckTest(unittest.TestCase):
    SRC = textwrap.dedent("""\
        package main
        func main() {
        \tfoo() // ERROR "undefined: foo"
        \tx := 1 // ERROR "declared (and|but) not used"
        \tgoto L // ERROR "jumps over declaration of y at LINE+1"
        \ty := 2
        L:
        }
        """)

    def test_match(self):
        out = ("# command-line-arguments\n/d/x.go:3:2: undefined: foo\n"
               "./x.go:4:2: x declared but not used\n"
               "./x.go:5:7: goto L jumps over declaration of y at ./x.go:6:2\n")
        ok, problems = errorcheck.check("/d/x.go", self.SRC, out, 2)
        self.assertTrue(ok, problems)

    def test_missing_and_unmatched(self):
        out = "x.go:3:2: undefined: foo\nx.go:5:1: something else\n"
        ok, problems = errorcheck.check("x.go", self.SRC, out, 2)
        self.assertFalse(ok)
        text = "\n".join(problems)
        self.assertIn("x.go:4: missing error", text)
        self.assertIn("unmatched error: x.go:5:1: something else", text)

    def test_build_must_fail(self):
        ok, problems = errorcheck.check("x.go", self.SRC, "", 0)
        self.assertFalse(ok)

    def test_continuation_lines(self):
        src = 'package p\nvar _ = f(1) // ERROR "not enough arguments"\n'
        out = "p.go:2:10: not enough arguments in call to f\n\thave (number)\n\twant (int, int)\n"
        self.assertTrue(errorcheck.check("p.go", src, out, 2)[0])


FAKE_TALPA = """#!/bin/sh
# Fake talpa: `build -target T [flags] -o OUT FILE...` writes OUT as a shell script that
# runs the `// fake:` line of the first file, or fails if the file says `// fake-error`.
shift
while [ $# -gt 0 ]; do
  case $1 in -o) out=$2; shift 2;; -target) shift 2;; -*) shift;; *) break;; esac
done
if grep -q 'fake-error' "$1"; then echo "$1:3:1: undefined: nope" >&2; exit 2; fi
{ echo '#!/bin/sh'; sed -n 's|^// fake: ||p' "$1"; } > "$out"
chmod +x "$out"
"""


class RunnerTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="talpa-selftest-")
        self.talpa = os.path.join(self.dir, "talpa")
        with open(self.talpa, "w") as f:
            f.write(FAKE_TALPA)
        os.chmod(self.talpa, 0o755)
        os.mkdir(os.path.join(self.dir, "run"))

    def tearDown(self):
        subprocess.run(["rm", "-rf", self.dir])

    def add(self, name, header, fake, out=None):
        path = os.path.join(self.dir, "run", name + ".go")
        with open(path, "w") as f:
            f.write(f"{header}\n\n// fake: {fake}\npackage main\n")
        if out is not None:
            with open(path[:-3] + ".out", "w") as f:
                f.write(out)

    def runtest(self):
        p = subprocess.run([sys.executable, os.path.join(TOOLS, "runtest.py"), "--talpa",
                            self.talpa, "--target", "linux/amd64", "--run-timeout", "2",
                            os.path.join(self.dir, "run")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return p.returncode, p.stdout

    def test_verdicts(self):
        self.add("ok", "// run", "echo hi; echo err >&2", "hi\nerr\n")
        self.add("empty", "// run", "true")
        self.add("args", "// run a b", 'echo "$@"', "a b\n")
        self.add("panics", "// run\n\n// exitcode 2", "echo 'panic: x'; echo trace; exit 2",
                 "panic: x\n")
        self.add("crlf", "// run", "printf 'a\\r\\n'", "a\n")
        self.add("gorun", "// run", "echo x; echo 'panic: y'; echo; echo 'goroutine 9'; exit 2",
                 "x\npanic: y\n\ngoroutine 1 [running]:\nexit status 2\n")
        self.add("xfail", "// run\n\n// XFAIL: *", "exit 1")
        self.add("xfail_other", "// run\n\n// XFAIL: windows/amd64", "true")
        rc, out = self.runtest()
        self.assertEqual(rc, 0, out)
        self.assertIn("1 expected failures (XFAIL)", out)
        self.assertIn("7 passed, 0 failed", out)

    def test_xpass(self):
        self.add("xpass", "// run\n\n// XFAIL: linux/amd64", "true")
        rc, out = self.runtest()
        self.assertEqual(rc, 1, out)
        self.assertIn("[xpass]", out)
        self.assertIn("0 passed, 1 failed", out)

    def test_failures(self):
        self.add("wrong", "// run", "echo no", "yes\n")
        self.add("noisy", "// run", "echo unexpected")
        self.add("status", "// run", "exit 1")
        self.add("hang", "// run", "sleep 30")
        self.add("bad", "// run\n\n// fake-error", "true")
        rc, out = self.runtest()
        self.assertEqual(rc, 1, out)
        self.assertIn("0 passed, 5 failed", out)
        for kind in ("[output]", "[exit]", "[run-timeout]", "[build]"):
            self.assertIn(kind, out)


if __name__ == "__main__":
    unittest.main()
