"""Helpers shared by talpa's benchmark scripts: Go's toolchain, one measured run, medians.

The scripts import it with `sys.path.insert(0, <bench dir>)`; it needs only the standard
library.
"""
import os, statistics, subprocess, tempfile, time
from typing import NamedTuple

GO = "/usr/lib/go-1.19/bin/go"
TIME = "/usr/bin/time"


def go_env(work):
    """The environment for `go build` of a program that imports nothing or only the
    standard library: no module mode, HOME in the scratch directory `work`, and a build
    cache kept in the temporary directory across runs (go's cache is safe to share), so
    that the runtime is compiled once and not by every run of a script."""
    return dict(os.environ, HOME=work, GO111MODULE="off", GOFLAGS="",
                GOCACHE=os.path.join(tempfile.gettempdir(), "talpa-bench-gocache"))


class Sample(NamedTuple):
    wall: float  # seconds from spawn to exit
    cpu: float  # user + system seconds of the program (and of time(1), ~1 ms)
    rss: int  # peak resident set, KiB
    status: int  # exit status, or -N for signal N


def measure(cmd, env=None):
    """Runs cmd once with its output discarded and returns its Sample.

    GNU time forks the program from a small process and writes its peak RSS (%M) to a
    file: taken from Python's own wait, the child's maxrss would include the
    interpreter's pages it had before exec. The CPU time comes from waiting for time(1)
    with wait4, whose rusage covers time and the program it waited for, in microseconds
    (time's own %U %S are in hundredths)."""
    with tempfile.NamedTemporaryFile("r", prefix="talpa-bench-time-") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([TIME, "-f", "%M", "-o", out.name] + list(cmd),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        # time(1) reports a signalled or failing program on lines before its format.
        lines = out.read().strip().splitlines()
    rss = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    code = proc.returncode
    for line in lines:  # "Command terminated by signal N", "Command exited with non-zero status N"
        if line.startswith("Command terminated by signal"):
            code = -int(line.split()[-1])
        elif line.startswith("Command exited with non-zero status"):
            code = int(line.split()[-1])
    return Sample(wall, usage.ru_utime + usage.ru_stime, rss, code)


def median(values):
    values = list(values)
    return statistics.median(values) if values else float("nan")
