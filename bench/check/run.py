#!/usr/bin/env python3
"""Benchmarks talpa's type checker against go/types on Go 1.19's standard library.

The packages are the public standard library: `go list std` with CGO_ENABLED=0 for the
target, less every path with an `internal` element and vendor/... (153 packages for
linux/amd64), or the import paths listed in --packages-from. Both tools load, parse and
type-check those and everything they import (221 packages on linux/amd64), each package
once, function bodies included, on one thread:

  talpa     `talpa tool check -stats -v PKG...`, which prints
            `check: N packages, ... load+parse X ms, check Y ms` to stderr and a verdict
            (ok, FAIL or skip) a package to stdout;
  go/types  gotypes/ (built with Go 1.19's go command), which finds the packages with
            go/build (CgoEnabled=false), parses them with go/parser and checks them with
            go/types in dependency order, and prints the same kind of line.

go/types runs with GOMAXPROCS=1 (one thread, as talpa) and, for reference, as Go runs it
by default (the collector then works on the other core) and with IgnoreFuncBodies
(declarations only). The script warms the page cache with one untimed run of each, runs
them interleaved --runs times and prints the medians of each tool's own load+parse and
check times and of the CPU time, the peak RSS, and go/types' time over talpa's for each
phase and for the CPU time (higher is better for talpa). The clocks are the tools' own,
from before loading to after the last check, process start and exit left out; CPU time
is the process's user+sys, the steadier number when the machine is busy.

talpa's checker is not complete: it reports type errors in packages go/types accepts and
skips the packages that import a failed one, so a non-zero exit is expected and the
check times cover different work. Until talpa checks every package with no error the
check and total ratios are marked provisional; load+parse covers the whole closure in
both tools either way.

    bench/check/run.py [--talpa build/bin/talpa] [--runs 5] [--target goos/goarch]
                       [--packages-from FILE]
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GO = "/usr/lib/go-1.19/bin/go"
GOROOT_SHARE = "/usr/share/go-1.19"  # Debian's source tree; /usr/lib/go-1.19/src links here
STATS = re.compile(r"check: (\d+) packages, .*load\+parse ([0-9.]+) ms, check ([0-9.]+) ms")


def go_env(work, target):
    env = dict(os.environ, HOME=work, GO111MODULE="off", GOFLAGS="", CGO_ENABLED="0",
               GOCACHE=os.path.join(work, "gocache"))
    if target:
        env["GOOS"], env["GOARCH"] = target.split("/")
    return env


def public_std(work, target):
    """The standard library's import paths less internal and vendored ones, sorted."""
    out = subprocess.run([GO, "list", "std"], env=go_env(work, target), check=True,
                         capture_output=True, text=True).stdout
    return sorted(p for p in out.split() if "internal" not in p.split("/")
                  and not p.startswith(("vendor/", "cmd/")))


def build_gotypes(work):
    out = os.path.join(work, "gotypes")
    # Built for the host: -target only changes what it checks.
    subprocess.run([GO, "build", "-o", out, "."], cwd=os.path.join(HERE, "gotypes"),
                   check=True, env=go_env(work, None), capture_output=True)
    return out


def measure(cmd, env):
    """One run: (packages, load+parse ms, check ms, CPU s, peak RSS KiB, stdout). GNU
    time forks the tool from a small process, so the RSS is the tool's own; its
    `%M %U %S` line comes last on stderr, after the tool's errors and stats line. A
    non-zero exit is not a crash: both tools exit 1 on type errors; the stats line is
    what must be there."""
    proc = subprocess.run(["/usr/bin/time", "-f", "%M %U %S"] + cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, errors="replace",
                          env=dict(os.environ, GOROOT=GOROOT_SHARE, **env))
    lines = proc.stderr.strip().splitlines()
    stats = [m for m in map(STATS.search, lines) if m]
    last = lines[-1].split() if lines else []
    if not stats or len(last) != 3:
        sys.exit(f"{cmd[0]}: no stats line (exit {proc.returncode}):\n" +
                 "\n".join(lines[-5:]))
    n, load, check = stats[-1].groups()
    return (int(n), float(load), float(check), float(last[1]) + float(last[2]),
            int(last[0]), proc.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--talpa", default=os.path.join(HERE, "..", "..", "build", "bin", "talpa"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--target", help="goos/goarch to check for (default: the host's)")
    ap.add_argument("--packages-from", help="check the import paths in this file, one a line")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(GOROOT_SHARE, "src")) or not os.path.exists(GO):
        print(f"no Go 1.19 ({GO}, {GOROOT_SHARE}/src); skipping")
        return 0
    work = tempfile.mkdtemp(prefix="talpa-bench-check-")
    try:
        if args.packages_from:
            with open(args.packages_from) as f:
                pkgs = [line.strip() for line in f if line.strip()]
        else:
            pkgs = public_std(work, args.target)
        list_file = os.path.join(work, "packages.txt")
        with open(list_file, "w") as f:
            f.write("".join(p + "\n" for p in pkgs))
        gotypes = build_gotypes(work)
        target = ["-target", args.target] if args.target else []
        cmds = {"talpa": ([args.talpa, "tool", "check", "-stats", "-v"] + target + pkgs, {}),
                "go/types 1P": ([gotypes, "-list", list_file] + target, {"GOMAXPROCS": "1"}),
                "go/types": ([gotypes, "-list", list_file] + target, {}),
                "go/types 1P nobodies": ([gotypes, "-nobodies", "-list", list_file] + target,
                                         {"GOMAXPROCS": "1"})}
        for cmd, env in cmds.values():  # warm the page cache; not timed
            measure(cmd, env)
        results = {t: [] for t in cmds}
        for _ in range(args.runs):  # interleaved so machine noise hits all alike
            for t, (cmd, env) in cmds.items():
                results[t].append(measure(cmd, env))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    med = {t: [statistics.median(r[i] for r in runs) for i in (1, 2, 3)]
           for t, runs in results.items()}  # load+parse ms, check ms, CPU s
    closure = results["go/types 1P"][0][0]
    verdicts = [line.split("\t")[0] for line in results["talpa"][-1][5].splitlines()]
    ok, failed, skipped = (verdicts.count(v) for v in ("ok", "FAIL", "skip"))
    provisional = failed or skipped or ok != closure
    mark = "*" if provisional else ""

    print(f"{len(pkgs)} packages and their imports: {closure} packages; {args.runs} runs, "
          "medians; x: go/types 1P over this (higher: talpa faster)")
    print(f"{'tool':20} {'pkgs':>4} {'load ms':>8} {'check ms':>8} {'total ms':>8} "
          f"{'CPU s':>6} {'RSS MiB':>7} {'load x':>6} {'check x':>7} {'total x':>7} {'CPU x':>6}")
    base = med["go/types 1P"]
    for t, runs in results.items():
        load, check, cpu = (max(v, 1e-3) for v in med[t])
        m = mark if t == "talpa" else " "
        print(f"{t:20} {runs[-1][0]:4} {load:8.1f} {check:8.1f} {load + check:8.1f} {cpu:6.2f} "
              f"{max(r[4] for r in runs) / 1024:7.1f} {base[0] / load:6.2f} "
              f"{base[1] / check:6.2f}{m} {sum(base[:2]) / (load + check):6.2f}{m} "
              f"{base[2] / cpu:5.2f}{m}")
    print(f"talpa: {ok} of {closure} packages checked with no error, {failed} with errors, "
          f"{skipped} skipped (an import failed)")
    if len(verdicts) != closure:
        print(f"talpa loaded {len(verdicts)} packages, go/types {closure}: the sets differ")
    if provisional:
        print("* provisional: talpa did not check every package cleanly, so its check and CPU "
              "times and its RSS cover less work than go/types'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
