#!/usr/bin/env python3
"""Benchmarks the sequential language: talpa against gc and against C ports.

For each bench/lang/NAME.go (a `package main` that imports nothing and prints its result
with println) the script builds it with talpa (`talpa build`, -O2 by default) and with gc
(`go build`, Go 1.19), and builds bench/lang/c/NAME.c, the C port where there is one,
with clang -O2. It runs every binary once untimed and compares its output (stdout and
stderr) with NAME.out, the output gc's build printed when the file was written. Then it
runs the binaries that printed the right output interleaved, --runs times (the order
reversed every other round), and reports the median wall time, CPU time (user+system)
and peak RSS, the binary sizes, and the ratios talpa/gc, talpa/C and gc/C.

A build failure or a wrong output is reported in the benchmark's row, never a crash of
the script: talpa refuses what it cannot compile yet with `talpa: not yet supported`
("unsupported" below, expected while the language is being implemented). The exit
status is 1 if any binary printed the wrong output, failed at run time, or failed to
build for any other reason, else 0.

    bench/lang/run.py [--talpa build/bin/talpa] [--runs 5] [--gc1p] [NAME...]
    bench/lang/run.py --write-golden [NAME...]   # NAME.out from gc, run twice, must agree

--gc1p adds gc's binary run with GOMAXPROCS=1 (Go's collector otherwise works on the
second core beside the program). --runs 0 only builds and checks the outputs.
"""
import argparse, glob, os, platform, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from benchlib import GO, go_env, measure, median  # noqa: E402

CC = "clang-19"
# Baseline x86-64 (no -march), as gc's default GOAMD64=v1. No contraction of a*b+c into
# a fused multiply-add, which Go's amd64 code never does (and the baseline has no FMA):
# a fused result would round differently and change the printed digits. Linked
# statically, as gc's and talpa's executables are: no dynamic loader at startup, and the
# size counts the C library code the program uses.
CFLAGS = ["-O2", "-ffp-contract=off", "-static"]
BUILD_TIMEOUT = 600
RUN_TIMEOUT = 300


class Binary:
    """One benchmark built by one toolchain: its state, and its samples once timed."""

    def __init__(self, toolchain, exe, env=None):
        self.toolchain, self.exe, self.env = toolchain, exe, env
        # ok, unsupported, build error, exit N, wrong output, timeout, no port, skipped
        self.status = "ok"
        self.message = ""
        self.samples = []

    def ok(self):
        return self.status == "ok"

    def failed(self):
        """A failure that is a bug somewhere, not a construct talpa does not do yet."""
        return self.status not in ("ok", "unsupported", "no port", "skipped")


def first_lines(text, n=2):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " | ".join(lines[:n])


def build(binary, cmd, env=None, cwd=None):
    """Runs a build command; on failure sets the binary's status and message."""
    try:
        proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True,
                              errors="replace", timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        binary.status, binary.message = "build error", f"timed out after {BUILD_TIMEOUT} s"
        return
    except OSError as e:
        binary.status, binary.message = "build error", str(e)
        return
    if proc.returncode == 0 and os.path.exists(binary.exe):
        return
    out = proc.stderr + proc.stdout
    unsupported = [line for line in out.splitlines() if "talpa: not yet supported" in line]
    if unsupported:
        binary.status = "unsupported"
        binary.message = os.path.basename(unsupported[0].strip())
        if len(unsupported) > 1:
            binary.message += f" (+{len(unsupported) - 1} more)"
    else:
        binary.status = "build error"
        binary.message = f"exit {proc.returncode}: {first_lines(out)}"


def run_output(exe, env=None):
    """(exit status, stdout+stderr bytes) of one untimed run."""
    proc = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=env, timeout=RUN_TIMEOUT)
    return proc.returncode, proc.stdout


def check(binary, expected):
    """Runs the binary once and compares its output with the expected bytes."""
    try:
        code, out = run_output(binary.exe, binary.env)
    except subprocess.TimeoutExpired:
        binary.status, binary.message = "timeout", f"no exit after {RUN_TIMEOUT} s"
        return
    if code != 0:
        binary.status = f"exit {code}"
        binary.message = first_lines(out.decode(errors="replace"), 3)
    elif out != expected:
        got = out.decode(errors="replace").splitlines()
        want = expected.decode(errors="replace").splitlines()
        diff = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w),
                    min(len(got), len(want)))
        binary.status = "wrong output"
        binary.message = (f"line {diff + 1}: got {got[diff] if diff < len(got) else 'EOF'!r}, "
                          f"want {want[diff] if diff < len(want) else 'EOF'!r}")


def build_all(name, args, work, here):
    """The benchmark's binaries, one per toolchain, built (or failed)."""
    src = os.path.join(here, name + ".go")
    csrc = os.path.join(here, "c", name + ".c")
    exe = lambda tc: os.path.join(work, f"{name}.{tc}")  # noqa: E731
    talpa, gc, c = Binary("talpa", exe("talpa")), Binary("gc", exe("gc")), Binary("C", exe("c"))
    if args.talpa:
        build(talpa, [args.talpa, "build", "-o", talpa.exe, src])
    else:
        talpa.status, talpa.message = "skipped", "no talpa binary (--talpa)"
    build(gc, [GO, "build", "-o", gc.exe, src], env=go_env(work), cwd=work)
    if os.path.exists(csrc):
        build(c, [CC] + CFLAGS + ["-o", c.exe, csrc])
    else:
        c.status, c.message = "no port", "no c/" + name + ".c"
    binaries = [talpa, gc, c]
    if args.gc1p:
        gc1 = Binary("gc-1P", gc.exe, env=dict(os.environ, GOMAXPROCS="1"))
        gc1.status, gc1.message = gc.status, gc.message
        binaries.insert(2, gc1)
    return binaries


def write_golden(names, work, here):
    """Writes NAME.out from gc's build, after two runs printed the same bytes."""
    bad = 0
    for name in names:
        gc = Binary("gc", os.path.join(work, name + ".gc"))
        build(gc, [GO, "build", "-o", gc.exe, os.path.join(here, name + ".go")],
              env=go_env(work), cwd=work)
        if not gc.ok():
            print(f"{name}: gc: {gc.status}: {gc.message}")
            bad += 1
            continue
        runs = [run_output(gc.exe) for _ in range(2)]
        if runs[0][0] != 0 or runs[0] != runs[1]:
            print(f"{name}: gc's binary exits {runs[0][0]}, {runs[1][0]} or is not "
                  "deterministic; no .out written")
            bad += 1
            continue
        with open(os.path.join(here, name + ".out"), "wb") as f:
            f.write(runs[0][1])
        print(f"{name}: wrote {name}.out ({len(runs[0][1])} bytes, two runs agree)")
    return 1 if bad else 0


def versions(args):
    def first(cmd):
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            return first_lines(out.stdout + out.stderr, 1)
        except OSError:
            return "?"
    talpa = first([args.talpa, "version"]) if args.talpa else "none"
    return (f"talpa: {talpa}\ngc: {first([GO, 'version'])}\n"
            f"C: {first([CC, '--version'])}, {' '.join(CFLAGS)}")


def loadavg():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def fmt(value, spec):
    """value formatted by spec, or a '-' as wide when there is none."""
    if value is None or value != value:
        return "-".rjust(int(spec.split(".")[0]))
    return format(value, spec)


def report(results, args):
    print(f"\n{args.runs} runs each, interleaved; medians. Wall and CPU in s, peak RSS in "
          "MiB, size in KiB.")
    print(f"{'benchmark':13} {'toolchain':9} {'wall':>7} {'CPU':>7} {'RSS':>7} "
          f"{'size':>7}  status")
    for name, binaries in results:
        for b in binaries:
            wall = median(s.wall for s in b.samples) if b.samples else None
            cpu = median(s.cpu for s in b.samples) if b.samples else None
            rss = median(s.rss for s in b.samples) / 1024 if b.samples else None
            size = os.path.getsize(b.exe) / 1024 if os.path.exists(b.exe) else None
            status = b.status + (": " + b.message if b.message else "")
            print(f"{name:13} {b.toolchain:9} {fmt(wall, '7.3f')} {fmt(cpu, '7.3f')} "
                  f"{fmt(rss, '7.1f')} {fmt(size, '7.0f')}  {status}")

    print("\nratios of the medians, where both sides ran")
    print(f"{'benchmark':13} {'ratio':11} {'wall':>6} {'CPU':>6} {'RSS':>6} {'size':>6}")
    pairs = [("talpa", "gc"), ("talpa", "C"), ("gc", "C")]
    if args.gc1p:
        pairs += [("talpa", "gc-1P"), ("gc-1P", "C")]
    for name, binaries in results:
        by = {b.toolchain: b for b in binaries}
        for a, b in pairs:
            x, y = by[a], by[b]
            if not (x.samples and y.samples):
                continue

            def ratio(get):
                den = median(map(get, y.samples))
                return median(map(get, x.samples)) / den if den else None
            size = os.path.getsize(x.exe) / os.path.getsize(y.exe)
            print(f"{name:13} {a + '/' + b:11} {fmt(ratio(lambda s: s.wall), '6.2f')} "
                  f"{fmt(ratio(lambda s: s.cpu), '6.2f')} {fmt(ratio(lambda s: s.rss), '6.2f')} "
                  f"{fmt(size, '6.2f')}")


def main(here=HERE, description=__doc__.split("\n")[1]):
    """Runs the benchmarks NAME.go of the directory `here` (bench/proc/run.py reuses it)."""
    ap = argparse.ArgumentParser(description=description)
    default_talpa = os.path.join(HERE, "..", "..", "build", "bin", "talpa")
    ap.add_argument("--talpa", default=default_talpa, help="the talpa binary")
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each binary")
    ap.add_argument("--gc1p", action="store_true",
                    help="also time gc's binary with GOMAXPROCS=1")
    ap.add_argument("--write-golden", action="store_true",
                    help="write NAME.out from gc's build (run twice, must agree) and stop")
    ap.add_argument("names", nargs="*", help="benchmarks (default: every NAME.go here)")
    args = ap.parse_args()
    names = args.names or sorted(os.path.splitext(os.path.basename(p))[0]
                                 for p in glob.glob(os.path.join(here, "*.go")))
    for name in names:
        if not os.path.exists(os.path.join(here, name + ".go")):
            sys.exit(f"no benchmark {name}: {os.path.join(here, name + '.go')} not found")

    work = tempfile.mkdtemp(prefix=f"talpa-bench-{os.path.basename(here)}-")
    try:
        if args.write_golden:
            return write_golden(names, work, here)
        if args.talpa and not os.path.exists(args.talpa):
            print(f"warning: {args.talpa} not found; talpa's column stays empty",
                  file=sys.stderr)
            args.talpa = None
        print(versions(args))
        print(f"host: {platform.machine()}, {os.cpu_count()} CPUs; load average before: "
              f"{loadavg()}", flush=True)
        results = []
        for name in names:
            binaries = build_all(name, args, work, here)
            golden = os.path.join(here, name + ".out")
            if os.path.exists(golden):
                with open(golden, "rb") as f:
                    expected = f.read()
            else:  # compare with gc's output, which then passes by definition
                print(f"warning: no {name}.out (--write-golden); comparing with gc",
                      file=sys.stderr)
                gc = next(b for b in binaries if b.toolchain == "gc")
                expected = run_output(gc.exe)[1] if gc.ok() else b""
            for b in binaries:
                if b.ok():
                    check(b, expected)
            timed = [b for b in binaries if b.ok()]
            for r in range(args.runs):  # interleaved so machine noise hits all alike
                for b in list(timed if r % 2 == 0 else timed[::-1]):
                    b.samples.append(measure([b.exe], b.env))
                    if b.samples[-1].status != 0:
                        b.status = f"exit {b.samples[-1].status}"
                        b.message = "in a timed run"
                        timed.remove(b)
            results.append((name, binaries))
            print(f"{name}: " + ", ".join(f"{b.toolchain} {b.status}" for b in binaries),
                  flush=True)
        print(f"load average after: {loadavg()}")
        report(results, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if any(b.failed() for _, bs in results for b in bs) else 0


if __name__ == "__main__":
    sys.exit(main())
