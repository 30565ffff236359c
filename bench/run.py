#!/usr/bin/env python3
"""Benchmarks talpa against gc (and gccgo when present), side by side on this machine.

For each bench/*.go program: build with each compiler, check the outputs agree, run the
binaries interleaved (ABAB...) --runs times, and report the median wall time, the ratio
to gc, peak RSS and binary size. Ratios, not absolute times, are the result.

    bench/run.py [--talpa build/bin/talpa] [--runs 5] [programs...]
"""
import argparse, glob, os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
GO = "/usr/lib/go-1.19/bin/go"


def build(compiler, src, out, talpa):
    env = dict(os.environ, HOME=tempfile.gettempdir(), GO111MODULE="off",
               GOCACHE=os.path.join(tempfile.gettempdir(), "talpa-bench-gocache"))
    if compiler == "talpa":
        cmd = [talpa, "build", "-o", out, src]
    elif compiler == "gc":
        cmd = [GO, "build", "-o", out, src]
    else:
        cmd = ["gccgo", "-O2", "-o", out, src]
    subprocess.run(cmd, check=True, env=env, capture_output=True)


def measure(exe):
    """One run: wall seconds and peak RSS in KiB. GNU time forks the program from a small
    process; measured directly from Python, the child's maxrss would include the
    interpreter's pages it had before exec."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", exe], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    return elapsed, int(proc.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--talpa", default=os.path.join(HERE, "..", "build", "bin", "talpa"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("programs", nargs="*")
    args = ap.parse_args()
    programs = args.programs or sorted(glob.glob(os.path.join(HERE, "*.go")))
    compilers = ["talpa", "gc"] + (["gccgo"] if shutil.which("gccgo") else [])
    work = tempfile.mkdtemp(prefix="talpa-bench-")
    print(f"{'program':10} {'compiler':7} {'median s':>9} {'vs gc':>6} {'RSS KiB':>8} {'size B':>9}")
    failed = False
    for src in programs:
        name = os.path.splitext(os.path.basename(src))[0]
        exes, outputs = {}, {}
        for c in compilers:
            exes[c] = os.path.join(work, f"{name}.{c}")
            build(c, src, exes[c], args.talpa)
            outputs[c] = subprocess.run([exes[c]], capture_output=True).stderr
        if len(set(outputs.values())) != 1:
            print(f"{name}: outputs differ: {outputs}", file=sys.stderr)
            failed = True
        results = {c: ([], 0) for c in compilers}
        for _ in range(args.runs):  # interleaved so machine noise hits all alike
            for c in compilers:
                t, rss = measure(exes[c])
                results[c] = (results[c][0] + [t], max(results[c][1], rss))
        base = statistics.median(results["gc"][0])
        for c in compilers:
            med = statistics.median(results[c][0])
            print(f"{name:10} {c:7} {med:9.3f} {med / base:6.2f} {results[c][1]:8d} "
                  f"{os.path.getsize(exes[c]):9d}")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
