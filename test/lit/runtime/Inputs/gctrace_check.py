"""Reads a program's output with GODEBUG=gctrace=1 lines mixed in; prints the other lines,
then `peak heap N MB, M GCs`, and exits 1 if there were fewer than --min-gcs cycles or the
heap ever exceeded --max-peak-mb (the heap at cycle start and at mark end)."""
import argparse
import re
import sys

TRACE = re.compile(r"^gc (\d+) @.* (\d+)->(\d+)->(\d+) MB, (\d+) MB goal")

ap = argparse.ArgumentParser()
ap.add_argument("--min-gcs", type=int, required=True)
ap.add_argument("--max-peak-mb", type=int, required=True)
opts = ap.parse_args()

peak, cycles = 0, 0
for line in sys.stdin:
    m = TRACE.match(line)
    if m:
        cycles += 1
        peak = max(peak, int(m.group(2)), int(m.group(3)))
    else:
        sys.stdout.write(line)
print(f"peak heap {peak} MB, {cycles} GCs")
if cycles < opts.min_gcs or peak > opts.max_peak_mb:
    print(f"gctrace_check: want at least {opts.min_gcs} GCs and at most "
          f"{opts.max_peak_mb} MB", file=sys.stderr)
    sys.exit(1)
