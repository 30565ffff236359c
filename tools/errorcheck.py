#!/usr/bin/env python3
"""Checks talpa's diagnostics against `// ERROR "regexp"` comments, as Go's errorcheck does.

A comment `// ERROR "re1" "re2"` on a line says talpa must report, on that line, an error
matching each regexp (searched in the message after `file:line:col: `; `LINE` in a regexp
stands for `file:line` of the comment's line, `LINE+1`, `LINE-2` for neighbours). Every error
talpa reports must be claimed by some regexp of its line. A file with ERROR comments must
fail to build. Used by the lit suite (test/lit/diagnostics) and tools/gotest.py.

  tools/errorcheck.py --talpa build/bin/talpa file.go [more.go ...]
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


def check(path, src, output, status):
    """(ok, report lines) for one file's talpa output and exit status."""
    want = expectations(path, src)
    diags = parse_diagnostics(output, path)
    problems = []
    if want and status == 0:
        problems.append(f"{path}: build succeeded, want errors")
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


def run_talpa(talpa, files, target=None, timeout=60):
    """(exit status, output) of `talpa build -emit-llvm`; status 124 on timeout."""
    tmp = tempfile.mkdtemp(prefix="talpa-errorcheck-")
    try:
        argv = [talpa, "build", "-gcflags=-e"]  # every error, as run.go's compile -e
        if target:
            argv += ["-target", target]
        argv += ["-emit-llvm", "-o", os.path.join(tmp, "out.ll")] + list(files)
        r = talpatest.run_command(argv, timeout)
        if r.timed_out:
            return 124, f"talpa timed out after {timeout}s\n"
        return r.status, talpatest.normalize_output(r.output)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_file(talpa, path, target=None, timeout=60):
    """(ok, report, talpa's exit status)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        src = f.read()
    status, output = run_talpa(talpa, [path], target, timeout)
    ok, problems = check(path, src, output, status)
    return ok, "\n".join(problems), status


# Exit statuses of this command: each file passed; some failed; talpa crashed (status
# neither 0, 1 nor 2) on one; talpa timed out on one.
EXIT_OK, EXIT_FAILED, EXIT_CRASH, EXIT_TIMEOUT = 0, 1, 3, 4


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--talpa", required=True)
    ap.add_argument("--target")
    ap.add_argument("--timeout", type=int, default=60, help="seconds per talpa build")
    ap.add_argument("files", nargs="+")
    opts = ap.parse_args()
    result = EXIT_OK
    for path in opts.files:
        ok, report, status = check_file(opts.talpa, path, opts.target, opts.timeout)
        if not ok:
            print(report)
            result = max(result, EXIT_TIMEOUT if status == 124 else
                         EXIT_CRASH if status not in (0, 1, 2) else EXIT_FAILED)
    return result


if __name__ == "__main__":
    sys.exit(main())
