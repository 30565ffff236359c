#!/usr/bin/env python3
"""Unit tests of the test tools themselves (ctest `tools_selftest`): build-constraint
evaluation, recipe reading, errorcheck matching and recipe flags, and the runners'
verdicts with fake talpas (one "compiles" a program into a shell script, one reports the
errors a file's comments dictate)."""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import errorcheck  # noqa: E402
import gotest  # noqa: E402
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

    def test_declared(self):
        r = self.recipe("// +build aix\n// errorcheck -0\n\npackage p\n")
        self.assertEqual((r.action, r.declared), (None, "errorcheck"))
        r = self.recipe("//errorcheck -0 -m\n// +build linux,amd64\n\npackage p\n")
        self.assertEqual((r.action, r.declared, r.flags), ("errorcheck", "errorcheck",
                                                           ["-0", "-m"]))
        # A recipe running on into the next comment lines (run.go ignores the words).
        r = self.recipe("// errorcheck -std\n// Issue 1: pragmas.\npackage p\n\n")
        self.assertEqual((r.action, r.flags, r.args[:2]), ("errorcheck", ["-std"],
                                                           ["//", "Issue"]))


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

    def test_want_error(self):
        src = 'package p\nvar x = 1 // ERROR "oops"\n'
        out = "p.go:2:5: oops\n"
        self.assertTrue(errorcheck.check("p.go", src, out, 0, want_error=False)[0])
        ok, problems = errorcheck.check("p.go", src, out, 2, want_error=False)
        self.assertFalse(ok)
        self.assertIn("want success", "\n".join(problems))
        self.assertTrue(errorcheck.check("p.go", "package p\n", "", 0, want_error=False)[0])
        self.assertFalse(errorcheck.check("p.go", "package p\n", "", 0, want_error=True)[0])
        self.assertTrue(errorcheck.check("p.go", "package p\n", "", 0)[0])
        # No comments, no --want: the build's status is not looked at (as before).
        ok, problems = errorcheck.check("p.go", "package p\n", "p.go:1:1: x\n", 2)
        self.assertNotIn("want success", "\n".join(problems))

    def test_continuation_lines(self):
        src = 'package p\nvar _ = f(1) // ERROR "not enough arguments"\n'
        out = "p.go:2:10: not enough arguments in call to f\n\thave (number)\n\twant (int, int)\n"
        self.assertTrue(errorcheck.check("p.go", src, out, 2)[0])


class GcFlagsTest(unittest.TestCase):
    def flags(self, *flags):
        return errorcheck.gc_recipe_flags(list(flags))

    def test_plain(self):
        self.assertEqual(self.flags(), (None, ["-e"], True, []))
        self.assertEqual(self.flags("-e"), (None, ["-e"], True, []))

    def test_optimizer(self):
        for flags in (["-0", "-m", "-l"], ["-0", "-live"], ["-0", "-N", "-d=nil"],
                      ["-0", "-race"], ["-m=2"], ["-0", "-live", "-wb=0"],
                      ["-0", "-d=ssa/prove/debug=1"], ["-d=panic,ssa/check/on"],
                      ["-+", "-0", "-l", "-d=wb"], ["-0", "-m", "-l", "-smallframes"]):
            why = self.flags(*flags)[0]
            self.assertTrue(why and why.startswith("optimizer flag"), (flags, why))

    def test_unknown(self):
        self.assertTrue(self.flags("-goexperiment")[0].startswith("unknown gc flag"))
        self.assertTrue(self.flags("-e=1")[0].startswith("unknown gc flag"))

    def test_passed_and_dropped(self):
        self.assertEqual(self.flags("-lang=go1.17"), (None, ["-e", "-lang=go1.17"], True, []))
        self.assertEqual(self.flags("-0", "-lang=go1.17"),
                         (None, ["-e", "-lang=go1.17"], False, []))
        self.assertEqual(self.flags("-d=panic"), (None, ["-e"], True, []))
        self.assertEqual(self.flags("-e=0"), (None, [], True, []))
        self.assertEqual(self.flags("-e=0", "-e"), (None, [], True, []))
        for f in ("-+", "-std", "-complete", "-p=runtime"):
            self.assertEqual(self.flags(f), (None, ["-e"], True, [f]))


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


FAKE_ERRORCHECK_TALPA = r"""#!/bin/sh
# Fake talpa for errorcheck: `build [-gcflags=F] [-target T] -emit-llvm -o OUT FILE`
# reports `// say: TEXT` comments as errors on their lines and `// echo-gcflags` as
# "gcflags=F"; it fails (status 2) if it reported anything.
shift
gcflags=
while [ $# -gt 0 ]; do
  case $1 in -gcflags=*) gcflags=${1#-gcflags=}; shift;; -o|-target) shift 2;; -*) shift;;
  *) break;; esac
done
awk -v f="$1" -v g="$gcflags" '
/\/\/ say: / { s = $0; sub(/.*\/\/ say: /, "", s); sub(/ *\/\/ ERROR.*/, "", s)
               print f ":" NR ":1: " s; bad = 1 }
/\/\/ echo-gcflags/ { print f ":" NR ":1: gcflags=" g; bad = 1 }
END { exit bad ? 2 : 0 }' "$1" >&2
"""


class TierTest(unittest.TestCase):
    """gotest.tier: which `// run` tests count for the issues' tier figures."""

    def classify(self, src):
        with tempfile.NamedTemporaryFile("w", suffix=".go", delete=False) as f:
            f.write(textwrap.dedent(src))
        try:
            return gotest.tier(f.name)
        finally:
            os.unlink(f.name)

    def test_imports(self):
        self.assertIsNone(self.classify('package main\nimport "fmt"\nfunc main() { fmt.Println() }\n'))
        self.assertIsNone(self.classify('package main\n\nimport (\n\t"os"\n)\n'))

    def test_runtime_imports(self):
        self.assertEqual(self.classify('package main\nimport "runtime"\nfunc main() {}\n'),
                         "runtime")
        self.assertEqual(self.classify(
            'package main\n\nimport (\n\t"runtime" // GC\n\tu "unsafe"\n)\n'), "runtime")
        self.assertIsNone(self.classify('package main\nimport (\n\t"runtime"\n\t"os"\n)\n'))

    def test_sequential(self):
        self.assertEqual(self.classify('''
            // run
            // a comment about goroutines: go f() and chan int, select {}
            package main
            var s = "go f() <- chan"
            func main() { println(s, "import") }
            '''), "sequential")

    def test_concurrency(self):
        for body in ("go f()", "go func() {}()", "c := make(chan int)", "select {}", "x := <-c",
                     "go t.m(1)"):
            self.assertEqual(self.classify(f"package main\nfunc main() {{ {body} }}\n"), "tier0",
                             body)


class GotestErrorcheckTest(unittest.TestCase):
    """tools/gotest.py --action errorcheck over a fake Go test/ directory."""

    FILES = {
        "ok.go": "// errorcheck\n\npackage p\n\n"
                 'var x = y // say: undefined: y // ERROR "undefined: y"\n',
        "lang.go": "// errorcheck -lang=go1.12\n\npackage p\n\n"
                   '// echo-gcflags // ERROR "^gcflags=-e -lang=go1.12$"\n',
        "elimit.go": "// errorcheck -e=0\n\npackage p\n\n"
                     '// echo-gcflags // ERROR "^gcflags=$"\n',
        "zero.go": "// errorcheck -0 -lang=go1.17\n\npackage p\n",
        "zerobad.go": "// errorcheck -0\n\npackage p\n\n"
                      'var x // say: oops // ERROR "oops"\n',
        "runon.go": "// errorcheck -std\n// Issue 1.\n\npackage p\n\n"
                    '// echo-gcflags // ERROR "^gcflags=-e$"\n',
        "missing.go": '// errorcheck\n\npackage p\n\nvar x = y // ERROR "undefined"\n',
        "opt.go": "// errorcheck -0 -m -l\n\npackage p\n",
        "aix.go": "// +build aix\n// errorcheck\n\npackage p\n",
        "prog.go": "// run\n\npackage main\n",
        "progaix.go": "// +build aix\n// run\n\npackage main\n",
    }

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="talpa-selftest-")
        self.talpa = os.path.join(self.dir, "talpa")
        with open(self.talpa, "w") as f:
            f.write(FAKE_ERRORCHECK_TALPA)
        os.chmod(self.talpa, 0o755)
        os.makedirs(os.path.join(self.dir, "go", "test"))
        for name, src in self.FILES.items():
            with open(os.path.join(self.dir, "go", "test", name), "w") as f:
                f.write(src)
        self.known = os.path.join(self.dir, "known.txt")

    def tearDown(self):
        subprocess.run(["rm", "-rf", self.dir])

    def gotest(self, *args):
        p = subprocess.run([sys.executable, os.path.join(TOOLS, "gotest.py"), "--talpa",
                            self.talpa, "--target", "linux/amd64", "--action", "errorcheck",
                            "--goroot", os.path.join(self.dir, "go"), "--known", self.known,
                            "-j", "2"] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return p.returncode, p.stdout

    def test_summary(self):
        with open(self.known, "w") as f:
            f.write("# known\nmissing.go\nzerobad.go\n")
        rc, out = self.gotest()
        self.assertEqual(rc, 0, out)
        self.assertIn("errorcheck: 5 of 7 pass (71.4%), 1 skipped for optimizer flags, "
                      "1 excluded by build constraints for linux/amd64\n", out)
        self.assertIn("7 errorcheck tests, 2 known failures, 2 skipped", out)
        self.assertIn("5 passed, 0 failed", out)

    def test_regression_and_init(self):
        with open(self.known, "w") as f:
            f.write("# known\nmissing.go\nok.go\n")
        rc, out = self.gotest()
        self.assertEqual(rc, 1, out)
        self.assertIn("FAIL zerobad.go [errors]", out)
        self.assertIn("want success", out)
        self.assertIn("FIXED ok.go", out)
        rc, out = self.gotest("--init")
        self.assertEqual(rc, 0, out)
        self.assertIn("2 entries, 1 added, 1 removed", out)
        with open(self.known) as f:
            self.assertEqual(f.read(), "# known\nmissing.go\nzerobad.go\n")


if __name__ == "__main__":
    unittest.main()
