#!/usr/bin/env python3
"""Checks talpa's diagnostics against `// ERROR "regexp"` comments, as Go's errorcheck does.

A comment `// ERROR "re1" "re2"` on a line says talpa must report, on that line, an error
matching each regexp (searched in the message after `file:line:col: `; `LINE` in a regexp
stands for `file:line` of the comment's line, `LINE+1`, `LINE-2` for neighbours). Every error
talpa reports must be claimed by some regexp of its line. A file with ERROR comments must
fail to build. Used by the lit suite (test/lit/diagnostics) and tools/gotest.py.

  tools/errorcheck.py --talpa build/bin/talpa [--gcflags "-e -lang=go1.17"]
                      [--want errors|success] file.go [more.go ...]

--want says what the build must do regardless of the comments: `errors` (run.go's
errorcheck: compile must fail), `success` (its `-0` flag: compile must succeed, the
diagnostics still matched). Default: fail if the file has ERROR comments.
gc_recipe_flags() maps the gc flags of a Go test/ `// errorcheck` recipe to what this
check does with them (see GC_FLAGS).
"""

import argparse
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import talpatest  # noqa: E402

ERROR_RE = re.compile(r"// (?:GC_)?ERROR (.*)")
QUOTED_RE = re.compile(r'"([^"]*)"')
LINE_RE = re.compile(r"LINE(([+-])([0-9]+))?")


def has_expectations(src):
    return ERROR_RE.search(src) is not None


def expectations(path, src):
    """[(line, [regexp text, ...])] for each ERROR comment."""
    base = os.path.basename(path)
    out = []
    for i, line in enumerate(src.split("\n"), 1):
        m = ERROR_RE.search(line)
        if not m:
            continue
        pats = []
        for q in QUOTED_RE.findall(m.group(1)):
            def repl(lm, i=i):
                n = i
                if lm.group(1):
                    d = int(lm.group(3))
                    n = i + d if lm.group(2) == "+" else i - d
                return f"{re.escape(base)}:{n}"
            pats.append(LINE_RE.sub(repl, q))
        out.append((i, pats))
    return out


def parse_diagnostics(output, path):
    """[(line or None, full text)]: continuation lines (leading tab) join the one before."""
    base = re.escape(os.path.basename(path))
    pos = re.compile(rf"^(?:[^\s:]*[/\\])?{base}:(\d+)(?::\d+)?: ")
    diags = []
    for raw in output.replace("\r\n", "\n").split("\n"):
        if not raw or raw.startswith("# "):
            continue
        if raw.startswith("\t") and diags:
            diags[-1] = (diags[-1][0], diags[-1][1] + "\n" + raw)
            continue
        m = pos.match(raw)
        # Drop directories before the file's name, as run.go does before matching.
        text = re.sub(rf"[^\s:]*[/\\](?={base}:)", "", raw)
        diags.append((int(m.group(1)) if m else None, text))
    return diags


def compile_regexp(p):
    # Go's RE2 syntax is mostly Python's; translate the few spellings that differ.
    p = p.replace(r"\z", r"\Z").replace("[[:space:]]", r"\s")
    return re.compile(p)


def check(path, src, output, status, want_error=None):
    """(ok, report lines) for one file's talpa output and exit status.

    want_error: True, the build must fail; False, it must succeed (run.go's `-0`); None,
    it must fail if the file has ERROR comments."""
    want = expectations(path, src)
    diags = parse_diagnostics(output, path)
    problems = []
    if want_error is None and want:
        want_error = True
    if want_error and status == 0:
        problems.append(f"{path}: build succeeded, want errors")
    if want_error is False and status in (1, 2):
        problems.append(f"{path}: build failed, want success (-0)")
    if status not in (0, 1, 2):
        problems.append(f"{path}: talpa crashed (status {status}):\n{output}")
    unclaimed = list(diags)
    for line, pats in want:
        for p in pats:
            try:
                rx = compile_regexp(p)
            except re.error as e:
                problems.append(f"{os.path.basename(path)}:{line}: bad regexp {p!r}: {e}")
                continue
            # As run.go: the regexp sees the message after the first space, so it cannot
            # match the file name; every error of the line it matches is claimed.
            hit = [d for d in unclaimed
                   if d[0] == line and rx.search(d[1].split(" ", 1)[-1])]
            if not hit:
                problems.append(f"{os.path.basename(path)}:{line}: missing error \"{p}\"")
            unclaimed = [d for d in unclaimed if d not in hit]
    for d in unclaimed:
        if re.search(r"(^|: )too many errors$", d[1]):
            continue
        problems.append(f"unmatched error: {d[1]}")
    if problems:
        problems.append("talpa output:\n" + output)
    return not problems, problems


def run_talpa(talpa, files, target=None, timeout=60, gcflags=("-e",)):
    """(exit status, output) of `talpa build -emit-llvm`; status 124 on timeout.

    gcflags: talpa's -gcflags, by default -e (every error, as run.go's compile -e)."""
    tmp = tempfile.mkdtemp(prefix="talpa-errorcheck-")
    try:
        argv = [talpa, "build"]
        if gcflags:
            argv.append("-gcflags=" + " ".join(gcflags))
        if target:
            argv += ["-target", target]
        argv += ["-emit-llvm", "-o", os.path.join(tmp, "out.ll")] + list(files)
        r = talpatest.run_command(argv, timeout)
        if r.timed_out:
            return 124, f"talpa timed out after {timeout}s\n"
        return r.status, talpatest.normalize_output(r.output)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_file(talpa, path, target=None, timeout=60, gcflags=("-e",), want_error=None):
    """(ok, report, talpa's exit status)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        src = f.read()
    status, output = run_talpa(talpa, [path], target, timeout, gcflags)
    ok, problems = check(path, src, output, status, want_error)
    return ok, "\n".join(problems), status


# ---------------------------------------------------------------------------------------
# The flags of Go's test/ `// errorcheck` recipes

# run.go compiles an errorcheck test with `go tool compile -p=p -d=panic -C -e` plus the
# recipe's flags (after taking out its own: -0, -1, -s, -t N, -goexperiment X). These are
# the flags Go 1.19's recipes carry (tools/gotest.py --action errorcheck --list-flags lists
# them), each with what the harness does. Kinds:
#   skip     the test asks for gc's optimizer remarks or gc internals, which talpa does
#            not produce (escape analysis, inlining, liveness, SSA passes, ...): the test
#            is left out of the errorcheck set.
#   pass     handed to talpa as -gcflags (talpa's ParseBuildFlags accepts it).
#   drop     nothing to hand over: run.go's own default, or handled here (-e=0).
#   lacking  a gc mode talpa has no flag for (`talpa build -gcflags=-+` says "not yet
#            supported"): not passed, the test runs without it and passes only if talpa's
#            diagnostics already match; a failure's report names the flag.
# Prefix keys end in "=" and match `key...`; a flag matching none is "unknown" and skips
# the test (so a new flag is looked at, not silently run).
GC_FLAGS = {
    # Optimizer remarks and gc internals.
    "-m": ("skip", "escape analysis and inlining remarks"),
    "-m=": ("skip", "escape analysis and inlining remarks (verbosity N)"),
    "-l": ("skip", "disables inlining (only with remark flags)"),
    "-live": ("skip", "liveness analysis remarks"),
    "-N": ("skip", "disables optimizations (only with remark flags)"),
    "-wb=": ("skip", "write barrier switch (only with -live)"),
    "-race": ("skip", "race detector instrumentation"),
    "-smallframes": ("skip", "escape analysis stack-size limits"),
    "-d=": ("skip", "gc debug switches: SSA pass remarks, nil/bounds checks, write "
            "barriers, defer kinds, type assertions"),  # but see -d=panic below
    # gc's -d=panic: show internal compiler panics even after errors. run.go passes it to
    # every errorcheck test, so the 14 recipes that repeat it ask for nothing more.
    "-d=panic": ("drop", "run.go's default (report compiler panics after errors)"),
    # run.go's -e: no limit on the number of errors; -e=0 turns it off again (gc stops
    # after 10 errors with "too many errors", which fixedbugs/issue20298.go tests).
    "-e": ("pass", "every error (passed anyway)"),
    "-e=0": ("drop", "error limit: -e is not passed, talpa's default limit applies"),
    "-lang=": ("pass", "language version (talpa -gcflags=-lang=go1.N)"),
    # gc's -+: compiling the runtime (allows //go:nowritebarrier and the like, reports
    # heap allocations and write barriers the runtime may not have).
    "-+": ("lacking", "compiling runtime: talpa has no such mode"),
    # gc's -std: compiling the standard library (only std's //go: directives are
    # allowed; //go:uintptrkeepalive is).
    "-std": ("lacking", "compiling std: talpa has no such mode"),
    # gc's -complete: the package has no non-Go (assembly) files, so a function without
    # a body is an error; talpa has no assembly and reports it anyway.
    "-complete": ("lacking", "complete package: talpa has no such mode"),
    # gc's -p: the package's import path (run.go passes -p=p; the one recipe saying
    # -p=runtime is skipped for -m).
    "-p=": ("lacking", "package import path: talpa has no such flag"),
}


def gc_flag_kind(flag):
    """(kind, why) of one gc flag of an errorcheck recipe: kind skip, pass, drop, lacking,
    unknown."""
    if flag in GC_FLAGS:
        return GC_FLAGS[flag]
    if flag.startswith("-d="):
        keys = {k.split("=", 1)[0].split("/", 1)[0] for k in flag[3:].split(",")}
        if keys == {"panic"}:
            return GC_FLAGS["-d=panic"]
    for key, v in GC_FLAGS.items():
        if key.endswith("=") and flag.startswith(key):
            return v
    return ("unknown", "not a gc flag the harness knows")


def gc_recipe_flags(flags):
    """How to check a test whose errorcheck recipe carries `flags` (its leading -x words,
    run.go's -t N already taken out): (skip reason or None, talpa gcflags, want_error,
    the flags of gc modes talpa lacks). A skip reason starts "optimizer flag" or "unknown
    gc flag"."""
    gcflags, lacking, want_error, no_e = [], [], True, False
    for f in flags:
        if f == "-0":  # run.go: the compile must succeed
            want_error = False
            continue
        if f == "-1":
            want_error = True
            continue
        kind, why = gc_flag_kind(f)
        if kind == "skip":
            return f"optimizer flag {f} ({why})", [], want_error, []
        if kind == "unknown":
            return f"unknown gc flag {f}", [], want_error, []
        if kind == "pass":
            if f not in gcflags:
                gcflags.append(f)
        elif kind == "lacking":
            lacking.append(f)
        no_e = no_e or f == "-e=0"
    if not no_e and "-e" not in gcflags:
        gcflags.insert(0, "-e")
    if no_e and "-e" in gcflags:
        gcflags.remove("-e")
    return None, gcflags, want_error, lacking


# Exit statuses of this command: each file passed; some failed; talpa crashed (status
# neither 0, 1 nor 2) on one; talpa timed out on one.
EXIT_OK, EXIT_FAILED, EXIT_CRASH, EXIT_TIMEOUT = 0, 1, 3, 4


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--talpa", required=True)
    ap.add_argument("--target")
    ap.add_argument("--timeout", type=int, default=60, help="seconds per talpa build")
    ap.add_argument("--gcflags", default="-e", help="talpa's -gcflags (default -e)")
    ap.add_argument("--want", choices=["errors", "success"],
                    help="the build must fail (errors) or succeed (success); default: "
                    "fail if the file has ERROR comments")
    ap.add_argument("files", nargs="+")
    opts = ap.parse_args()
    want_error = {"errors": True, "success": False, None: None}[opts.want]
    result = EXIT_OK
    for path in opts.files:
        ok, report, status = check_file(opts.talpa, path, opts.target, opts.timeout,
                                        opts.gcflags.split(), want_error)
        if not ok:
            print(report)
            result = max(result, EXIT_TIMEOUT if status == 124 else
                         EXIT_CRASH if status not in (0, 1, 2) else EXIT_FAILED)
    return result


if __name__ == "__main__":
    sys.exit(main())
