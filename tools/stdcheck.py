#!/usr/bin/env python3
"""Type-checks the standard library with `talpa tool check -v std` for the targets of the
front end's goal (linux/amd64, windows/amd64, darwin/arm64) and compares the packages that
do not check cleanly with test/std/known_failures/<goos>_<goarch>.txt, a list that may only
shrink: a package that checked before and fails now fails the test; one that is listed but
now checks is reported so that it can come off the list (--update does that).

    tools/stdcheck.py --talpa build/bin/talpa [--update] [--target goos/goarch ...]
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KNOWN = os.path.join(HERE, "..", "test", "std", "known_failures")
TARGETS = ("linux/amd64", "windows/amd64", "darwin/arm64")


def check(talpa, target, goroot):
    env = dict(os.environ, GOROOT=goroot)
    env.pop("GOOS", None)
    env.pop("GOARCH", None)
    r = subprocess.run([talpa, "tool", "check", "-v", "-target", target, "std"], env=env,
                       capture_output=True, text=True, timeout=1200)
    verdicts = {}
    for line in r.stdout.splitlines():
        if "\t" in line:
            v, pkg = line.split("\t", 1)
            verdicts[pkg] = v
    if r.returncode not in (0, 1) or not verdicts:
        sys.stderr.write(r.stderr[-4000:])
        raise SystemExit("stdcheck: talpa tool check failed for %s (exit %d)" % (target, r.returncode))
    return verdicts, r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--talpa", required=True)
    ap.add_argument("--goroot", default=os.environ.get("GOROOT", "/usr/share/go-1.19"))
    ap.add_argument("--target", action="append")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--show-errors", action="store_true", help="print talpa's diagnostics")
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.goroot, "src")):
        print("skipped: no Go tree at %s" % a.goroot)
        return 0
    bad = 0
    for target in a.target or TARGETS:
        verdicts, errors = check(a.talpa, target, a.goroot)
        failing = sorted(p for p, v in verdicts.items() if v != "ok")
        path = os.path.join(KNOWN, target.replace("/", "_") + ".txt")
        known = set()
        if os.path.exists(path):
            with open(path) as f:
                known = {l.strip() for l in f if l.strip() and not l.startswith("#")}
        new = [p for p in failing if p not in known]
        fixed = sorted(p for p in known if verdicts.get(p) == "ok" or p not in verdicts)
        for p in [] if a.update else new:
            print("FAIL %s %s (%s; not a known failure)" % (target, p, verdicts[p]))
        for p in fixed:
            print("FIXED %s %s (listed as a known failure: take it off the list)" % (target, p))
        if a.show_errors:
            sys.stdout.write(errors)
        if a.update:
            os.makedirs(KNOWN, exist_ok=True)
            with open(path, "w") as f:
                f.write("# std packages that do not type-check yet with talpa tool check -target %s\n"
                        "# (FAIL: type errors; skip: an import failed). May only shrink:\n"
                        "# tools/stdcheck.py --update regenerates it.\n" % target)
                for p in failing:
                    f.write(p + "\n")
        ok = sum(1 for v in verdicts.values() if v == "ok")
        nfail = sum(1 for v in verdicts.values() if v == "FAIL")
        nskip = sum(1 for v in verdicts.values() if v == "skip")
        print("std %s: %d packages, %d check cleanly, %d with type errors, %d skipped (an import "
              "failed)" % (target, len(verdicts), ok, nfail, nskip))
        if new and not a.update:
            bad += len(new)
    print("%d passed, %d failed" % (0 if bad else 1, 1 if bad else 0))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
