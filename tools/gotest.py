#!/usr/bin/env python3
"""Runs the single-file `// run` tests of Go's own test/ directory with talpa.

(`--action errorcheck` runs its `// errorcheck` tests instead: talpa must report the
errors the `// ERROR "regexp"` comments ask for and no others, and fail to build (succeed
with run.go's `-0`); see tools/errorcheck.py. The set is every single-file errorcheck test
of those directories (the files of *.dir directories belong to errorcheckdir tests and are
not looked at) whose build constraints admit the target, less those whose recipe flags ask
for gc's optimizer remarks or internals (-m, -l, -live, -N, -d=..., -wb, -race,
-smallframes); the other flags are passed to talpa or dropped as errorcheck.GC_FLAGS
says, and the recipe's words after the flags are ignored, as run.go ignores them.
`--list-flags` lists the flags the recipes carry. The summary's first line,
`errorcheck: N of M pass (P%), ...`, is the figure the errorcheck goal is judged by.
Their known failures are in <goos>_<goarch>.errorcheck.txt.)

Test selection follows Go's test/run.go: the files *.go of its directories (".", "ken",
"chan", ...), the recipe up to the first blank line, build constraints evaluated for the
target with the tags run.go sets (goos, goarch, gc, test_run). Only the `run` action is
taken; a recipe with go-command flags (`-gcflags=...`, `-race`, `-goexperiment`) is skipped
unless talpa understands the flag, and `-t N` sets the run timeout. Leading `.go`
arguments are further files of the program (as `go run a.go b.go` reads them), the rest
are the program's arguments. A test passes when talpa builds it, it exits 0 and its
output equals the .out file (no .out file: empty output).

Known failures live in test/gotest/known_failures/<goos>_<goarch>.txt, one test path a
line (relative to the Go test/ directory), sorted, `#` comments allowed. The run fails on
a failing test that is not listed (a regression) and on a listed test that passes (take it
off the list in the same commit: --update does that). --init writes the list afresh from
the run's failures and prints what it added and removed: the way to re-baseline once, when
the set of tests grows (check first that a plain run's FAIL lines are all new tests).
An entry `path  # flaky: why` may pass or fail (a timeout under emulation, say).

  tools/gotest.py --talpa build/bin/talpa --target linux/amd64 [--update|--init] [pattern ...]

Patterns are fnmatch globs over test paths (`fixedbugs/issue1*.go`, `ken/*`).
"""

import argparse
import collections
import fnmatch
import re
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import errorcheck  # noqa: E402
import talpatest  # noqa: E402

# As test/run.go's `dirs`.
DIRS = [".", "ken", "chan", "interface", "syntax", "dwarf", "fixedbugs", "codegen",
        "runtime", "abi", "typeparam", "typeparam/mdempsky"]

KNOWN_DIR = os.path.join(talpatest.REPO, "test", "gotest", "known_failures")


def discover(testdir):
    paths = []
    for d in DIRS:
        full = os.path.join(testdir, d)
        if not os.path.isdir(full):
            continue
        for name in sorted(os.listdir(full)):
            if name.endswith(".go") and not name.startswith("."):
                paths.append(os.path.normpath(os.path.join(d, name)))
    return paths


IMPORT_RE = re.compile(r'^\s*import\b', re.M)
CONCURRENCY_RE = re.compile(r'\bgo\s+(func\b|[\w.]+\s*\(|\()|\bchan\b|\bselect\s*\{|<-')


def strip_comments(src):
    """Go source without its comments and string literals (roughly: enough to find tokens)."""
    src = re.sub(r'/\*.*?\*/', ' ', src, flags=re.S)
    src = re.sub(r'//[^\n]*', ' ', src)
    src = re.sub(r'`[^`]*`', '""', src)
    return re.sub(r'"(\\.|[^"\\\n])*"', '""', src)


IMPORT_DECL_RE = re.compile(r'^\s*import\s*(\((?P<group>[^)]*)\)|(?P<one>[^\n]*))', re.M)
IMPORT_PATH_RE = re.compile(r'"([^"]*)"|`([^`]*)`')


def import_paths(src):
    """The import paths of Go source (read before its first declaration is not needed:
    import declarations start their line)."""
    src = re.sub(r'/\*.*?\*/', ' ', src, flags=re.S)
    src = re.sub(r'//[^\n]*', ' ', src)
    paths = set()
    for m in IMPORT_DECL_RE.finditer(src):
        text = m.group("group") if m.group("group") is not None else m.group("one")
        paths.update(a or b for a, b in IMPORT_PATH_RE.findall(text))
    return paths


def tier(path):
    """The issue tiers of a `// run` test: "tier0" (imports nothing) and "sequential" (tier
    0 without goroutines, channels or select); "runtime" when it imports runtime and/or
    unsafe and nothing else; or None."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            raw = f.read()
    except OSError:
        return None
    code = strip_comments(raw)
    if IMPORT_RE.search(code):
        paths = import_paths(raw)
        return "runtime" if paths and paths <= {"runtime", "unsafe"} else None
    return "tier0" if CONCURRENCY_RE.search(code) else "sequential"


def tier_summary(tests, testdir, target):
    """gotest's tier figures: of the tier-0 `// run` tests (single files importing nothing),
    how many pass, and of those without goroutines, channels or select."""
    counts = collections.Counter()
    passes = collections.Counter()
    for r in tests:
        t = tier(os.path.join(testdir, r.name))
        if t is None:
            continue
        for k in {"sequential": ("tier0", "sequential"), "tier0": ("tier0",),
                  "runtime": ("runtime",)}[t]:
            counts[k] += 1
            passes[k] += r.passed
    pct = lambda k: 100.0 * passes[k] / counts[k] if counts[k] else 0.0
    return (f"tier 0 {target.name}: {passes['tier0']} of {counts['tier0']} pass "
            f"({pct('tier0'):.1f}%); without goroutines, channels, select: "
            f"{passes['sequential']} of {counts['sequential']} ({pct('sequential'):.1f}%); "
            f"importing only runtime/unsafe: {passes['runtime']} of {counts['runtime']} "
            f"({pct('runtime'):.1f}%)")


def read_known(path):
    """Returns (entries, header comment lines, {entry: trailing comment})."""
    entries, header, notes = [], [], {}
    if not os.path.exists(path):
        return None, header, notes
    with open(path) as f:
        for line in f:
            text, _, note = line.partition("#")
            text = text.strip()
            if text:
                entries.append(text)
                if note.strip():
                    notes[text] = note.strip()
            elif line.startswith("#") and not entries:
                header.append(line.rstrip("\n"))
    return entries, header, notes


def write_known(path, entries, header, target, notes=None, action="run"):
    if not header:
        header = [f"# Go test/ `// {action}` tests talpa fails on {target.name}.",
                  "# Maintained by tools/gotest.py; may only shrink: a fixed test leaves",
                  "# this list in the same commit (tools/gotest.py --update)."]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for line in header:
            f.write(line + "\n")
        for e in sorted(set(entries)):
            note = (notes or {}).get(e)
            f.write(f"{e}  # {note}\n" if note else e + "\n")


def errorcheck_summary(tests, skipped, target):
    """The line the errorcheck goal is judged by: passing tests of the set, and what was
    left out of it."""
    n_pass = sum(1 for r in tests if r.passed)
    pct = 100.0 * n_pass / len(tests) if tests else 0.0
    why = collections.Counter()
    for r in skipped:
        if r.detail.startswith("optimizer flag"):
            why["skipped for optimizer flags"] += 1
        elif r.detail.startswith("build constraint"):
            why[f"excluded by build constraints for {target.name}"] += 1
        elif r.detail.startswith("unknown gc flag"):
            why["skipped for unknown flags (classify them in errorcheck.GC_FLAGS)"] += 1
        else:
            why["skipped otherwise (malformed recipe)"] += 1
    order = ["skipped for optimizer flags",
             f"excluded by build constraints for {target.name}"]
    parts = [f"{why.pop(k, 0)} {k}" for k in order]
    parts += [f"{n} {k}" for k, n in sorted(why.items())]
    return f"errorcheck: {n_pass} of {len(tests)} pass ({pct:.1f}%), " + ", ".join(parts)


def list_flags(testdir, paths, target, action):
    """Prints each distinct recipe flag of the `action` tests, how many tests carry it and
    (errorcheck) what the harness does with it."""
    count = collections.Counter()
    example = {}
    for rel in paths:
        recipe = talpatest.read_recipe(os.path.join(testdir, rel), target.goos, target.goarch)
        if recipe.action != action:
            continue
        flags = list(recipe.flags) + ([f"-t {recipe.timeout}"] if recipe.timeout else [])
        for f in dict.fromkeys(flags):
            count[f] += 1
            example.setdefault(f, rel)
    for f, n in sorted(count.items()):
        what = ""
        if action == "errorcheck":
            if f in ("-0", "-1"):
                what = "run.go: the compile must " + ("succeed" if f == "-0" else "fail")
            elif f.startswith("-t "):
                what = "run.go: timeout (the build timeout is at least this)"
            else:
                kind, why = errorcheck.gc_flag_kind(f)
                what = f"{kind}: {why}"
        print(f"{f:<60} {n:4}  {what}  (e.g. {example[f]})")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--talpa", required=True, help="the talpa binary")
    ap.add_argument("--target", default=os.environ.get("TALPA_TARGET")
                    or talpatest.host_target_name())
    ap.add_argument("--targets-dir", default=talpatest.DEFAULT_TARGETS_DIR)
    ap.add_argument("--goroot", default="/usr/share/go-1.19")
    ap.add_argument("--gobin", default="/usr/lib/go-1.19/bin",
                    help="first on the tests' PATH, as run.go puts GOROOT/bin (some "
                    "tests run the go command)")
    ap.add_argument("--action", choices=["run", "errorcheck"], default="run",
                    help="which tests: `// run` programs (default) or `// errorcheck` "
                    "files, whose ERROR comments are matched against talpa's diagnostics")
    ap.add_argument("--known", help="known-failures file (default: "
                    "test/gotest/known_failures/<goos>_<goarch>.txt)")
    ap.add_argument("--update", action="store_true",
                    help="remove passing (and vanished) tests from the known-failures list")
    ap.add_argument("--init", action="store_true",
                    help="write the known-failures list afresh from this run's failures")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--build-timeout", type=int, default=30)
    ap.add_argument("--run-timeout", type=int, default=10)
    ap.add_argument("--known-run-timeout", type=int, default=5,
                    help="run timeout for listed known failures, so hanging ones cost "
                    "less (not with --update/--init)")
    ap.add_argument("--timeout-scale", type=int, default=1,
                    help="multiply every timeout (for emulated targets)")
    ap.add_argument("--wineprefix", default=os.environ.get("WINEPREFIX"))
    ap.add_argument("--workdir")
    ap.add_argument("-k", "--keep", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per test")
    ap.add_argument("--show-failures", action="store_true",
                    help="print the details of known failures too")
    ap.add_argument("--show-skips", action="store_true")
    ap.add_argument("--results", help="write `<verdict> <kind> <test>` lines to this file")
    ap.add_argument("--list-flags", action="store_true",
                    help="list the distinct flags of the selected tests' recipes (with "
                    "--action errorcheck: and what the harness does with each), and exit")
    ap.add_argument("patterns", nargs="*")
    opts = ap.parse_args()

    target = talpatest.load_target(opts.target, opts.targets_dir)
    if not os.path.exists(opts.talpa):
        sys.exit(f"error: no talpa binary at {opts.talpa}")
    testdir = os.path.join(opts.goroot, "test")
    if not os.path.isdir(testdir):
        sys.exit(f"error: no Go test directory at {testdir}")
    suffix = "" if opts.action == "run" else "." + opts.action
    known_path = opts.known or os.path.join(KNOWN_DIR, f"{target.ident}{suffix}.txt")
    known, header, notes = read_known(known_path)
    if known is None and not opts.init:
        sys.exit(f"error: no known-failures list {known_path}; create it with --init")
    known = set(known or [])
    # `path  # flaky ...`: listed, but passing now and then is no news.
    flaky = {k for k, n in notes.items() if n.startswith("flaky")}

    paths = discover(testdir)
    if opts.patterns:
        paths = [p for p in paths if any(fnmatch.fnmatch(p, pat) or p == pat
                                         for pat in opts.patterns)]
    full_run = not opts.patterns

    if opts.list_flags:
        return list_flags(testdir, paths, target, opts.action)

    workdir = opts.workdir or tempfile.mkdtemp(prefix=f"talpa-gotest-{target.ident}-")
    os.makedirs(workdir, exist_ok=True)
    if target.run == "wine":
        opts.wineprefix = opts.wineprefix or os.path.join(workdir, "wineprefix")
        talpatest.ensure_wine_prefix(opts.wineprefix)
        talpatest.start_wineserver(opts.wineprefix)
    runner = talpatest.Runner(opts.talpa, target, workdir, opts.wineprefix,
                              build_timeout=opts.build_timeout,
                              run_timeout=opts.run_timeout, timeout_scale=opts.timeout_scale,
                              path_prefix=opts.gobin if os.path.isdir(opts.gobin) else None)

    def check_errors(rel, path, gcflags, want_error, lacking, recipe_timeout):
        # In a process of its own: Python's backtracking regexps hold the GIL, and one
        # pathological ERROR pattern must cost one timeout, not stall every worker.
        timeout = max(opts.build_timeout, recipe_timeout or 0) * opts.timeout_scale
        r = talpatest.run_command(
            [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                          "errorcheck.py"), "--talpa", runner.talpa,
             "--target", target.name, "--timeout", str(timeout),
             "--gcflags=" + " ".join(gcflags),
             "--want=" + ("errors" if want_error else "success"), path], timeout + 10)
        detail = talpatest.normalize_output(r.output)
        if lacking and r.status != errorcheck.EXIT_OK:
            detail += ("(recipe flags of gc modes talpa lacks, not passed; see "
                       "errorcheck.GC_FLAGS: " + " ".join(lacking) + ")\n")
        kind = {errorcheck.EXIT_OK: "pass", errorcheck.EXIT_FAILED: "errors",
                errorcheck.EXIT_CRASH: "crash",
                errorcheck.EXIT_TIMEOUT: "build-timeout"}.get(r.status, "crash")
        if r.timed_out:
            kind, detail = "build-timeout", f"errorcheck timed out after {timeout + 10}s"
        return talpatest.Result(rel, kind, detail, r.seconds)

    def one(rel):
        path = os.path.join(testdir, rel)
        recipe = talpatest.read_recipe(path, target.goos, target.goarch)
        if recipe.action is None:
            if (recipe.skip.startswith("build constraint") and
                    recipe.declared != opts.action):
                return talpatest.Result(rel, "other", recipe.declared)
            return talpatest.Result(rel, "skip", recipe.skip)
        if recipe.action != opts.action:
            return talpatest.Result(rel, "other", recipe.action)
        if opts.action == "errorcheck":
            # Flags asking for gc's optimizer remarks (-m, -live, -d=ssa/...) test gc, not
            # Go: skipped. The rest are passed or dropped (errorcheck.GC_FLAGS). run.go
            # ignores an errorcheck recipe's other words (some recipes run on into the
            # next comment lines), and so does this.
            why, gcflags, want_error, lacking = errorcheck.gc_recipe_flags(recipe.flags)
            if why:
                return talpatest.Result(rel, "skip", why)
            return check_errors(rel, path, gcflags, want_error, lacking, recipe.timeout)
        if any(f not in talpatest.PASSTHROUGH_FLAGS for f in recipe.flags):
            return talpatest.Result(rel, "skip", "go flags: " + " ".join(recipe.flags))
        files = [path] + [os.path.join(testdir, f) for f in recipe.files]
        # run.go runs `run` tests in the test/ directory itself.
        short = rel in known and not (opts.update or opts.init)
        return runner.build_and_run(rel, files, talpatest.read_expected(path), recipe,
                                    cwd=testdir,
                                    run_timeout=opts.known_run_timeout if short else None)

    def report(r):
        if r.kind == "other":
            return
        if r.kind == "skip":
            if opts.show_skips or opts.verbose:
                print(f"skip {r.name}: {r.detail}", flush=True)
            return
        listed = r.name in known
        if r.passed and r.detail:
            print(f"note {r.name}: {r.detail.strip()}, passed", flush=True)
        if r.passed:
            if listed and r.name in flaky:
                if opts.verbose:
                    print(f"PASS {r.name} (listed as flaky)", flush=True)
            elif listed:
                print(f"FIXED {r.name} (listed as a known failure: take it off the list)",
                      flush=True)
            elif opts.verbose:
                print(f"PASS {r.name} ({r.seconds:.1f}s)", flush=True)
        elif listed:
            if opts.verbose or opts.show_failures:
                print(f"known {r.name} [{r.kind}]", flush=True)
                if opts.show_failures:
                    print(talpatest.indent(r.detail), end="", flush=True)
        else:
            print(f"FAIL {r.name} [{r.kind}]\n" + talpatest.indent(r.detail), end="", flush=True)

    start = time.time()
    try:
        results = talpatest.run_parallel(one, paths, opts.jobs, report)
    finally:
        if not opts.keep and not opts.workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    tests = [r for r in results if r.kind not in ("skip", "other")]
    skipped = [r for r in results if r.kind == "skip"]
    passed = [r for r in tests if r.passed and
              (opts.update or r.name not in known or r.name in flaky)]
    fixed = [r for r in tests if r.passed and r.name in known and r.name not in flaky]
    known_failed = [r for r in tests if not r.passed and r.name in known]
    regressions = [r for r in tests if not r.passed and r.name not in known]
    selected = {r.name for r in tests}
    # A listed test that is no longer a `run` test for this target (or no longer exists).
    stale = sorted(k for k in known if k not in selected and
                   (full_run or any(fnmatch.fnmatch(k, p) or k == p
                                    for p in opts.patterns)))

    if opts.results:
        with open(opts.results, "w") as f:
            for r in sorted(results, key=lambda r: r.name):
                if r.kind != "other":
                    verdict = "PASS" if r.passed else ("SKIP" if r.kind == "skip" else "FAIL")
                    f.write(f"{verdict} {r.kind} {r.name}\n")

    if opts.init:
        if not full_run:
            sys.exit("error: --init needs a full run (no patterns)")
        new = {r.name for r in tests if not r.passed}
        write_known(known_path, new, header, target, notes, opts.action)
        added, removed = sorted(new - known), sorted(known - new)
        print(f"wrote {known_path}: {len(new)} entries, {len(added)} added, "
              f"{len(removed)} removed")
        for name in added:
            print(f"  added {name}")
        for name in removed:
            print(f"  removed {name}")
    elif opts.update:
        keep = known - {r.name for r in fixed} - set(stale)
        write_known(known_path, keep, header, target, notes, opts.action)
        print(f"updated {known_path}: removed {len(known) - len(keep)} entries")
    else:
        for s in stale:
            print(f"STALE {s} (listed but not a run test here: take it off the list)")

    if opts.action == "errorcheck":
        print(errorcheck_summary(tests, skipped, target))
    elif full_run:
        print(tier_summary(tests, testdir, target))
    kinds = collections.Counter(r.kind for r in tests if not r.passed)
    print(f"gotest {target.name}: {len(tests)} {opts.action} tests, {len(known_failed)} known failures, "
          f"{len(skipped)} skipped, {time.time() - start:.0f}s")
    if kinds:
        print("failures by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    failed = len(regressions) + (0 if opts.update or opts.init else len(fixed) + len(stale))
    if opts.init:
        failed = 0
    print(f"{len(passed)} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
