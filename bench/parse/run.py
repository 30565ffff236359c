#!/usr/bin/env python3
"""Benchmarks talpa's parser against Go's go/parser on the Go 1.19 source tree.

Collects every *.go file under /usr/share/go-1.19/{src,test} (or the paths listed in
--files-from, one a line), builds goparse/ with Go 1.19's go command, warms the page
cache with one untimed run of each tool, then runs `talpa tool parse -stats` and goparse
interleaved --runs times, goparse both as Go runs it by default and with GOMAXPROCS=1.
Both read and parse every file in turn on one thread (Go's collector may use the other
core unless GOMAXPROCS=1) and print `parsed N files, B bytes in S s: R MB/s` to stderr;
the table gives the median of that rate and of the wall time, the peak RSS, and talpa's
rate over each.
Files with syntax errors (test/ has many on purpose) count as parsed for both tools.

    bench/parse/run.py [--talpa build/bin/talpa] [--runs 5] [--files-from FILE]
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
GO = "/usr/lib/go-1.19/bin/go"
GOROOT_SHARE = "/usr/share/go-1.19"
STATS = re.compile(r"parsed (\d+) files, (\d+) bytes in ([0-9.]+) s: ([0-9.]+) MB/s")


def collect(files_from):
    """The input files, sorted, or None when there is nothing to parse."""
    if files_from:
        with open(files_from) as f:
            return [line.strip() for line in f if line.strip()] or None
    roots = [os.path.join(GOROOT_SHARE, d) for d in ("src", "test")]
    if not all(os.path.isdir(r) for r in roots):
        return None
    files = []
    for root in roots:
        for dirpath, _, names in os.walk(root):
            files += [os.path.join(dirpath, n) for n in names if n.endswith(".go")]
    return sorted(files)


def build_goparse(work):
    out = os.path.join(work, "goparse")
    env = dict(os.environ, HOME=work, GO111MODULE="off", GOFLAGS="",
               GOCACHE=os.path.join(work, "gocache"))
    subprocess.run([GO, "build", "-o", out, "."], cwd=os.path.join(HERE, "goparse"),
                   check=True, env=env, capture_output=True)
    return out


def measure(cmd, env=None):
    """One run: (MB/s, wall seconds, peak RSS KiB). GNU time forks the tool from a small
    process, so the RSS is the tool's own and not the interpreter's pages before exec.
    The tools' stdout (talpa's nothing, goparse's error count) is not needed; stderr
    carries talpa's syntax errors, then the stats line, then time's %M last."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, errors="replace",
                          env=dict(os.environ, **(env or {})))
    elapsed = time.perf_counter() - start
    lines = proc.stderr.strip().splitlines()
    stats = [m for m in map(STATS.search, lines) if m]
    if not stats or not lines[-1].isdigit():
        sys.exit(f"{cmd[0]}: no stats line (exit {proc.returncode}):\n" +
                 "\n".join(lines[-5:]))
    return float(stats[-1].group(4)), elapsed, int(lines[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--talpa", default=os.path.join(HERE, "..", "..", "build", "bin", "talpa"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--files-from", help="parse the paths in this file, one a line")
    args = ap.parse_args()
    files = collect(args.files_from)
    if not files:
        print(f"no Go files to parse ({GOROOT_SHARE}/{{src,test}} not found); skipping")
        return 0
    work = tempfile.mkdtemp(prefix="talpa-bench-parse-")
    try:
        list_file = os.path.join(work, "files.txt")
        with open(list_file, "w") as f:
            f.write("".join(p + "\n" for p in files))
        goparse = build_goparse(work)
        # go/parser parses on one goroutine, but Go's collector runs beside it on the
        # other core by default; GOMAXPROCS=1 keeps the whole Go program on one thread,
        # as talpa is.
        cmds = {"talpa": ([args.talpa, "tool", "parse", "-stats"] + files, None),
                "go/parser": ([goparse, "-list", list_file], None),
                "go/parser 1P": ([goparse, "-list", list_file], {"GOMAXPROCS": "1"})}
        for cmd, env in cmds.values():  # warm the page cache; not timed
            measure(cmd, env)
        results = {t: [] for t in cmds}
        for _ in range(args.runs):  # interleaved so machine noise hits all alike
            for t, (cmd, env) in cmds.items():
                results[t].append(measure(cmd, env))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    size = sum(os.path.getsize(p) for p in files if os.path.isfile(p))
    print(f"{len(files)} files, {size / 1e6:.1f} MB, {args.runs} runs, medians")
    print(f"{'tool':12} {'MB/s':>7} {'wall s':>7} {'RSS MiB':>8} {'talpa/this':>10}")
    rate = {t: statistics.median(r[0] for r in runs) for t, runs in results.items()}
    for t, runs in results.items():
        print(f"{t:12} {rate[t]:7.1f} {statistics.median(r[1] for r in runs):7.3f} "
              f"{max(r[2] for r in runs) / 1024:8.1f} {rate['talpa'] / rate[t]:10.2f}")
    print(f"talpa/go-parser MB/s: {rate['talpa'] / rate['go/parser']:.2f} "
          f"({rate['talpa'] / rate['go/parser 1P']:.2f} against GOMAXPROCS=1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
