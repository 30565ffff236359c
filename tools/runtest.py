#!/usr/bin/env python3
"""Runs talpa's behaviour tests (test/run/*.go) for one target and compares their output.

Each test is a Go program whose first line is `// run` (optionally with arguments, as in
Go's test/); its `.out` file holds the exact expected stdout+stderr (no file: no output).
The program must exit 0, unless a line `// exitcode N` before `package` says otherwise;
then it must exit N and its output must *begin* with the .out text (a panic's traceback
after the `panic: ...` line is the runtime's business). A line `// XFAIL: *` (or
`// XFAIL: windows/amd64, linux/riscv64`) before `package` expects a failure for now:
failing is then no failure, and passing is one (remove the line). A .out file made by
`go run x.go > x.out 2>&1` for a failing program says the same by itself: it ends with
`exit status N`, and what follows "\n\ngoroutine " is ignored. See test/README.md.

  tools/runtest.py --talpa build/bin/talpa --target linux/arm64 [file.go|dir ...]

Prints one line per failure (-v: per test), then `N passed, M failed`; exits 1 on failure.
"""

import argparse
import glob
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import talpatest  # noqa: E402


def collect(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            files.extend(sorted(glob.glob(os.path.join(p, "*.go"))))
        else:
            files.append(p)
    return [os.path.abspath(f) for f in files]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--talpa", required=True, help="the talpa binary")
    ap.add_argument("--target", default=os.environ.get("TALPA_TARGET")
                    or talpatest.host_target_name(), help="goos/goarch (default: host)")
    ap.add_argument("--targets-dir", default=talpatest.DEFAULT_TARGETS_DIR)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--build-timeout", type=int, default=60)
    ap.add_argument("--run-timeout", type=int, default=10)
    ap.add_argument("--timeout-scale", type=int, default=1,
                    help="multiply every timeout (for emulated targets)")
    ap.add_argument("--wineprefix", default=os.environ.get("WINEPREFIX"),
                    help="wine prefix for windows targets (default: in the work dir)")
    ap.add_argument("--workdir", help="scratch directory (default: a temporary one)")
    ap.add_argument("-k", "--keep", action="store_true", help="keep the scratch directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per test")
    ap.add_argument("tests", nargs="*", help="test files or directories (default test/run)")
    opts = ap.parse_args()

    target = talpatest.load_target(opts.target, opts.targets_dir)
    if not os.path.exists(opts.talpa):
        sys.exit(f"error: no talpa binary at {opts.talpa}")
    files = collect(opts.tests or [os.path.join(talpatest.REPO, "test", "run")])
    if not files:
        sys.exit("error: no tests found")

    workdir = opts.workdir or tempfile.mkdtemp(prefix=f"talpa-run-{target.ident}-")
    os.makedirs(workdir, exist_ok=True)
    if target.run == "wine":
        opts.wineprefix = opts.wineprefix or os.path.join(workdir, "wineprefix")
        talpatest.ensure_wine_prefix(opts.wineprefix)
        talpatest.start_wineserver(opts.wineprefix)
    runner = talpatest.Runner(opts.talpa, target, workdir, opts.wineprefix,
                              build_timeout=opts.build_timeout,
                              run_timeout=opts.run_timeout, timeout_scale=opts.timeout_scale)

    def one(path):
        name = os.path.relpath(path, talpatest.REPO) if path.startswith(talpatest.REPO) \
            else path
        recipe = talpatest.read_recipe(path, target.goos, target.goarch)
        if recipe.action is None:
            return talpatest.Result(name, "skip", recipe.skip)
        if recipe.action != "run":
            return talpatest.Result(name, "skip", f"action {recipe.action!r} is not run")
        # Flags talpa understands are passed to its build (`// run -gcflags=-precise=1`);
        # a program with others is skipped.
        if any(f not in talpatest.PASSTHROUGH_FLAGS for f in recipe.flags):
            return talpatest.Result(name, "skip", f"go flags {recipe.flags}")
        extra = [os.path.join(os.path.dirname(path), f) for f in recipe.files]
        expected = talpatest.read_expected(path)
        exact = recipe.exitcode == 0
        from_go_run = talpatest.go_run_expectation(expected, recipe)
        if from_go_run and exact:
            expected, recipe.exitcode = from_go_run
            exact = False
        r = runner.build_and_run(name, [path] + extra, expected, recipe,
                                 cwd=os.path.dirname(path), exact=exact)
        if recipe.xfail:
            if r.passed:
                return talpatest.Result(name, "xpass", "passes, but is marked XFAIL for "
                                        "this target: remove the XFAIL line", r.seconds)
            r.detail = f"[{r.kind}] " + r.detail
            r.kind = "xfail"
        return r

    def report(r):
        if r.kind in ("skip", "xfail"):
            if opts.verbose:
                print(f"{r.kind.upper()} {r.name}: {r.detail.splitlines()[0]}", flush=True)
        elif r.passed:
            if r.detail:
                print(f"note {r.name}: {r.detail.strip()}, passed", flush=True)
            elif opts.verbose:
                print(f"PASS {r.name} ({r.seconds:.1f}s)", flush=True)
        else:
            print(f"FAIL {r.name} [{r.kind}]\n" + talpatest.indent(r.detail), flush=True)

    try:
        results = talpatest.run_parallel(one, files, opts.jobs, report)
    finally:
        if not opts.keep and not opts.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    passed = sum(r.passed for r in results)
    skipped = sum(r.kind == "skip" for r in results)
    xfailed = sum(r.kind == "xfail" for r in results)
    failed = len(results) - passed - skipped - xfailed
    print(f"run tests for {target.name}: {xfailed} expected failures (XFAIL), "
          f"{skipped} skipped")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
