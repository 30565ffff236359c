#!/usr/bin/env python3
"""Benchmarks talpa against gc (and gccgo when present), side by side on this machine.

For each bench/*.go program: build with each compiler, check the outputs agree, run the
binaries interleaved (ABAB...) --runs times, and report the median wall time, the ratio
to gc, peak RSS and binary size. Ratios, not absolute times, are the result.

    bench/run.py [--talpa build/bin/talpa] [--runs 5] [programs...]
"""
import argparse, glob, os, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from benchlib import GO, go_env, measure  # noqa: E402


def build(compiler, src, out, talpa, work):
    env = go_env(work)
    if compiler == "talpa":
        cmd = [talpa, "build", "-o", out, src]
    elif compiler == "gc":
        cmd = [GO, "build", "-o", out, src]
    else:
        cmd = ["gccgo", "-O2", "-o", out, src]
    subprocess.run(cmd, check=True, env=env, capture_output=True)


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
            build(c, src, exes[c], args.talpa, work)
            outputs[c] = subprocess.run([exes[c]], capture_output=True).stderr
        if len(set(outputs.values())) != 1:
            print(f"{name}: outputs differ: {outputs}", file=sys.stderr)
            failed = True
        results = {c: ([], 0) for c in compilers}
        for _ in range(args.runs):  # interleaved so machine noise hits all alike
            for c in compilers:
                sample = measure([exes[c]])
                results[c] = (results[c][0] + [sample.wall], max(results[c][1], sample.rss))
        base = statistics.median(results["gc"][0])
        for c in compilers:
            med = statistics.median(results[c][0])
            print(f"{name:10} {c:7} {med:9.3f} {med / base:6.2f} {results[c][1]:8d} "
                  f"{os.path.getsize(exes[c]):9d}")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
