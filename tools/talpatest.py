"""Shared pieces of talpa's test runners: targets, test recipes, building and running.

tools/runtest.py (test/run) and tools/gotest.py (Go's own test/ directory) both read a
Go test file the way Go's test/run.go does -- the recipe is the comment block before the
first blank line, build constraints are evaluated up to the `package` clause -- then build
it with `talpa build -target goos/goarch` and run the executable the way the target's
targets/<goos>_<goarch>.json "run" field says: natively, under qemu-user, or under wine.
Output is stdout and stderr interleaved in one pipe, "\r\n" folded to "\n", compared with
the test's .out file (no .out file: the output must be empty).

Used as a command it prepares a wine prefix: `talpatest.py wine-prefix DIR`.
"""

import concurrent.futures
import fcntl
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_TARGETS_DIR = os.path.join(REPO, "targets")

# Longest output kept from one process; a runaway test is cut here instead of eating memory.
OUTPUT_LIMIT = 4 << 20


# ---------------------------------------------------------------------------------------
# Targets

class Target:
    """One targets/<goos>_<goarch>.json leaf, with its parent's fields merged in."""

    def __init__(self, goos, goarch, fields):
        self.goos = goos
        self.goarch = goarch
        self.fields = fields
        self.run = fields.get("run", "inspect")
        self.exe_suffix = fields.get("exe-suffix", "")

    @property
    def name(self):
        return f"{self.goos}/{self.goarch}"

    @property
    def ident(self):
        return f"{self.goos}_{self.goarch}"

    @property
    def runnable(self):
        return self.run != "inspect"


def host_target_name():
    machine = os.uname().machine
    goarch = {"x86_64": "amd64", "aarch64": "arm64", "riscv64": "riscv64"}.get(machine, machine)
    return f"linux/{goarch}"


def load_target(name, targets_dir=DEFAULT_TARGETS_DIR):
    """Reads target `goos/goarch`; raises SystemExit with one line if it does not exist."""
    if "/" not in name:
        raise SystemExit(f"error: malformed target {name!r}: want goos/goarch")
    goos, goarch = name.split("/", 1)
    path = os.path.join(targets_dir, f"{goos}_{goarch}.json")
    if not os.path.exists(path):
        raise SystemExit(f"error: unknown target {name} (no {path})")
    fields = {}
    chain = []
    while path:
        with open(path) as f:
            data = json.load(f)
        chain.append(data)
        parent = data.get("inherits")
        path = os.path.join(targets_dir, parent + ".json") if parent else None
    for data in reversed(chain):
        fields.update(data)
    return Target(goos, goarch, fields)


# ---------------------------------------------------------------------------------------
# Wine

def wine_env(prefix):
    env = dict(os.environ)
    env["WINEPREFIX"] = os.path.abspath(prefix)
    env["WINEDEBUG"] = "-all"
    # No "install Mono/Gecko?" dialogs; there is no display anyway.
    env["WINEDLLOVERRIDES"] = "mscoree,mshtml="
    env.pop("DISPLAY", None)
    return env


def ensure_wine_prefix(prefix, log=sys.stderr):
    """Creates the wine prefix once (it takes a while); later calls return at once.

    Serialised with a lock file so parallel runners do not initialise it twice."""
    prefix = os.path.abspath(prefix)
    os.makedirs(os.path.dirname(prefix), exist_ok=True)
    with open(prefix + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(os.path.join(prefix, "system.reg")):
            return
        print(f"creating wine prefix {prefix} (once)", file=log, flush=True)
        env = wine_env(prefix)
        start = time.time()
        r = subprocess.run(["wineboot", "-i"], env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        subprocess.run(["wineserver", "-w"], env=env, timeout=300)
        if not os.path.exists(os.path.join(prefix, "system.reg")):
            raise SystemExit(f"error: wineboot failed for {prefix}:\n"
                             + r.stdout.decode(errors="replace"))
        print(f"wine prefix ready in {time.time() - start:.1f}s", file=log, flush=True)


WINESERVER_LINGER = 30  # seconds the server outlives its last wine process


def start_wineserver(prefix):
    """Starts our prefix's wineserver in a session of its own: a test that times out has
    its process group killed, and that must not take the server along.

    Several runners share one prefix (ctest runs run_windows_amd64, gotest_windows_amd64
    and lit side by side), so no runner may end the server when it finishes: that killed
    the other runners' programs mid-run (exit status 1, no output). The server instead
    ends by itself WINESERVER_LINGER seconds after its last client; a second start while
    it runs is a no-op."""
    subprocess.run(["wineserver", f"-p{WINESERVER_LINGER}"], env=wine_env(prefix),
                   start_new_session=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def stop_wineserver(prefix):
    """Ends the wineserver of our own prefix (and only that one). Only for the prefix's
    creation, before any runner uses it; see start_wineserver."""
    subprocess.run(["wineserver", "-k"], env=wine_env(prefix),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------
# Processes

class Outcome:
    """What one command did: exit status (negative: signal), output, timed out or not."""

    def __init__(self, status, output, timed_out, seconds):
        self.status = status
        self.output = output
        self.timed_out = timed_out
        self.seconds = seconds


def run_command(argv, timeout, cwd=None, env=None):
    """Runs argv with stdout+stderr in one pipe, killing its process group on timeout."""
    start = time.time()
    try:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
    except OSError as e:
        return Outcome(127, f"cannot start {argv[0]}: {e}\n".encode(), False, 0.0)
    chunks = []
    kept = [0]

    def reader():
        while True:
            data = proc.stdout.read1(65536)
            if not data:
                break
            if kept[0] < OUTPUT_LIMIT:
                chunks.append(data[:OUTPUT_LIMIT - kept[0]])
                kept[0] += len(data)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    t.join(timeout=5)
    return Outcome(proc.returncode, b"".join(chunks), timed_out, time.time() - start)


def indent(text):
    """Indents a failure's detail under its FAIL line."""
    text = text.rstrip("\n")
    return "".join("    " + line + "\n" for line in text.split("\n")) if text else ""


def normalize_output(data):
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


# ---------------------------------------------------------------------------------------
# Build constraints, as go/build/constraint reads them and test/run.go evaluates them.

def _constraint_text(line):
    """Returns ("go", expr) or ("plus", expr) if line is a build constraint, else None."""
    if line.startswith("//go:build"):
        rest = line.strip()[len("//go:build"):]
        trimmed = rest.strip()
        if rest and len(rest) == len(trimmed):
            return None  # //go:buildfoo
        return ("go", trimmed)
    if line.startswith("//"):
        rest = line[2:].strip()
        if rest.startswith("+build"):
            rest = rest[len("+build"):]
            trimmed = rest.strip()
            if rest and len(rest) == len(trimmed):
                return None
            return ("plus", trimmed)
    return None


def _valid_tag(name):
    return bool(name) and all(c.isalnum() or c in "_." for c in name)


class _GoBuildParser:
    """Recursive descent over `||`, `&&`, `!`, parentheses and tags."""

    def __init__(self, text):
        self.toks = re.findall(r"\|\||&&|[!()]|[^\s!()|&]+|\S", text)
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def parse(self):
        expr = self.or_expr()
        if self.peek() is not None:
            raise ValueError("unexpected token")
        return expr

    def or_expr(self):
        x = self.and_expr()
        while self.peek() == "||":
            self.take()
            y = self.and_expr()
            x = ("or", x, y)
        return x

    def and_expr(self):
        x = self.not_expr()
        while self.peek() == "&&":
            self.take()
            y = self.not_expr()
            x = ("and", x, y)
        return x

    def not_expr(self):
        if self.peek() == "!":
            self.take()
            if self.peek() == "!":
                raise ValueError("double negation")
            return ("not", self.atom())
        return self.atom()

    def atom(self):
        tok = self.take()
        if tok == "(":
            x = self.or_expr()
            if self.take() != ")":
                raise ValueError("missing )")
            return x
        if tok is None or not _valid_tag(tok):
            raise ValueError("bad tag")
        return ("tag", tok)


def _plus_build_expr(text):
    """`// +build a,!b c`: space-separated OR of comma-separated AND of (negated) tags."""
    clauses = []
    for clause in text.split():
        terms = []
        for lit in clause.split(","):
            if lit.startswith("!!") or lit == "!":
                terms.append(("tag", "ignore"))
            elif lit.startswith("!"):
                terms.append(("not", ("tag", lit[1:])))
            else:
                terms.append(("tag", lit))
        x = terms[0]
        for t in terms[1:]:
            x = ("and", x, t)
        clauses.append(x)
    if not clauses:
        return ("tag", "ignore")
    x = clauses[0]
    for c in clauses[1:]:
        x = ("or", x, c)
    return x


def _eval(expr, ok):
    kind = expr[0]
    if kind == "tag":
        return ok(expr[1])
    if kind == "not":
        return not _eval(expr[1], ok)
    if kind == "and":
        return _eval(expr[1], ok) and _eval(expr[2], ok)
    return _eval(expr[1], ok) or _eval(expr[2], ok)


def tag_matcher(goos, goarch):
    """The tags test/run.go sets: goos, goarch, gc, test_run; no cgo, no goexperiment."""
    def ok(name):
        if not _valid_tag(name):
            return False
        return name in (goos, goarch, "gc", "test_run")
    return ok


def should_test(header, goos, goarch):
    """(True, "") or (False, the constraint line that excludes the file)."""
    ok = tag_matcher(goos, goarch)
    for line in header.split("\n"):
        if line.startswith("package "):
            break
        c = _constraint_text(line)
        if c is None:
            continue
        kind, text = c
        if kind == "go":
            try:
                expr = _GoBuildParser(text).parse()
            except ValueError:
                continue  # not a valid constraint: run.go ignores the line too
        else:
            expr = _plus_build_expr(text)
        if not _eval(expr, ok):
            return False, line
    return True, ""


# ---------------------------------------------------------------------------------------
# Test recipes

class Recipe:
    """A test file's first comment block read as test/run.go reads it.

    action: "run", "errorcheck", ... (None: file skipped, reason in `skip`).
    declared: the recipe's first word even when the file is skipped (a build constraint
            excludes it, say), so a runner can tell which of its tests were left out.
    flags:  leading "-x" arguments (go command flags); args: the rest.
    files:  extra .go files (leading args ending in .go, as `go run a.go b.go` takes them).
    timeout: from `-t N`, else None.
    exitcode: talpa's own convention for test/run: a `// exitcode N` line before `package`.
    xfail:  test/run's `// XFAIL: *` (or `// XFAIL: goos/goarch, goos`) line before
            `package`: expected to fail on this target for now.
    """

    def __init__(self):
        self.action = None
        self.declared = None
        self.flags = []
        self.args = []
        self.files = []
        self.timeout = None
        self.exitcode = 0
        self.xfail = False
        self.skip = ""


_EXITCODE_RE = re.compile(r"^// exitcode (\d+)\s*$", re.M)
_XFAIL_RE = re.compile(r"^// XFAIL: (.+?)\s*$", re.M)


def read_recipe(path, goos, goarch):
    r = Recipe()
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            src = f.read()
    except OSError as e:
        r.skip = f"unreadable: {e}"
        return r
    if not src or src[0] == "\n":
        r.skip = "starts with newline"
        return r
    action, sep, _ = src.partition("\n\n")
    if not sep:
        r.skip = "no blank line ending the recipe"
        return r
    first, nl, rest = action.partition("\n")
    if nl and "+build" in first:
        action = rest
    if action.startswith("//"):
        action = action[2:]
    words = action.split(None, 1)
    r.declared = words[0] if words else None
    header, sep, _ = src.partition("\npackage")
    if not sep:
        header = action
    ok, why = should_test(header, goos, goarch)
    if not ok:
        r.skip = f"build constraint: {why}"
        return r
    try:
        fields = shlex.split(action, comments=False)
    except ValueError as e:
        r.skip = f"invalid recipe: {e}"
        return r
    if not fields:
        r.skip = "empty recipe"
        return r
    r.action = fields[0]
    args = fields[1:]
    while args and args[0].startswith("-"):
        flag = args.pop(0)
        if flag == "-t" and args:
            try:
                r.timeout = int(args.pop(0))
            except ValueError:
                r.skip = "bad -t"
        else:
            r.flags.append(flag)
    while args and args[0].endswith(".go"):
        r.files.append(args.pop(0))
    r.args = args
    m = _EXITCODE_RE.search(header)
    if m:
        r.exitcode = int(m.group(1))
    m = _XFAIL_RE.search(header)
    if m:
        targets = [t.strip() for t in m.group(1).split(",")]
        r.xfail = "*" in targets or f"{goos}/{goarch}" in targets or goos in targets
    return r


# ---------------------------------------------------------------------------------------
# Build and run one program

class Result:
    """One test's verdict. kind: pass, skip, build, crash, build-timeout, run-timeout,
    exit, output. `detail` is the text shown when it fails."""

    def __init__(self, name, kind, detail="", seconds=0.0):
        self.name = name
        self.kind = kind
        self.detail = detail
        self.seconds = seconds

    @property
    def passed(self):
        return self.kind == "pass"


# talpa flags a recipe may carry and talpa understands; anything else skips the test.
PASSTHROUGH_FLAGS = {"-gcflags=-l", "-gcflags=-N", "-gcflags=-N -l", "-gcflags=-precise=1"}


class Runner:
    def __init__(self, talpa, target, workdir, wineprefix=None, build_timeout=30,
                 run_timeout=10, timeout_scale=1, path_prefix=None):
        self.talpa = os.path.abspath(talpa)
        self.target = target
        self.workdir = workdir
        self.wineprefix = wineprefix
        self.build_timeout = build_timeout
        self.run_timeout = run_timeout
        self.timeout_scale = timeout_scale
        self.path_prefix = path_prefix  # put first on the program's PATH (Go's bin dir)
        self.counter = 0
        self.lock = threading.Lock()

    def exec_argv(self, exe, args):
        run = self.target.run
        if run == "native":
            return [exe] + args, None
        if run.startswith("qemu-"):
            return [run, exe] + args, None
        if run == "wine":
            return ["wine", exe] + args, wine_env(self.wineprefix)
        raise ValueError(f"target {self.target.name} cannot run here ({run})")

    def build(self, files, out, flags=()):
        env = dict(os.environ)
        env.pop("GOOS", None)
        env.pop("GOARCH", None)
        argv = [self.talpa, "build", "-target", self.target.name] + list(flags) + \
            ["-o", out] + files
        return run_command(argv, self.build_timeout * self.timeout_scale, env=env), argv

    def build_and_run(self, name, files, expected, recipe, cwd, exact=True, run_timeout=None):
        """Builds `files`, runs the result, compares with `expected` (str).

        exact=False (for `// exitcode N` tests) asks only that the output begins with it.
        run_timeout, if given, caps the run time (seconds, before scaling)."""
        with self.lock:
            self.counter += 1
            n = self.counter
        base = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        exe = os.path.join(self.workdir, f"{n:05d}_{base}{self.target.exe_suffix}")
        start = time.time()
        b, argv = self.build(files, exe, [f for f in recipe.flags])
        if b.timed_out:
            return Result(name, "build-timeout", f"talpa build timed out after "
                          f"{self.build_timeout * self.timeout_scale}s", time.time() - start)
        if b.status < 0 or b.status > 2:
            return Result(name, "crash", f"talpa exited with status {b.status}:\n"
                          + shlex.join(argv) + "\n" + normalize_output(b.output),
                          time.time() - start)
        if b.status != 0:
            return Result(name, "build", shlex.join(argv) + "\n" + normalize_output(b.output),
                          time.time() - start)
        if not os.path.exists(exe):
            return Result(name, "build", f"talpa build succeeded but wrote no {exe}",
                          time.time() - start)
        if not self.target.runnable:
            os.unlink(exe)
            return Result(name, "pass", "built only (target not runnable here)",
                          time.time() - start)
        run_argv, env = self.exec_argv(exe, recipe.args)
        if env is None:
            env = dict(os.environ)
        env["GOOS"] = self.target.goos
        if self.path_prefix:
            env["PATH"] = self.path_prefix + os.pathsep + env.get("PATH", "")
        env["GOARCH"] = self.target.goarch
        timeout = recipe.timeout or self.run_timeout
        if run_timeout is not None:
            timeout = min(timeout, run_timeout)
        timeout *= self.timeout_scale
        r = run_command(run_argv, timeout, cwd=cwd, env=env)
        rerun = ""
        if self.target.run == "wine" and r.status == 1 and not r.output and recipe.exitcode != 1:
            # Exit status 1 with no output at all is how a wine process ends when wine
            # itself fails under it (talpa's runtime never exits 1 by itself, and says
            # why when it exits 2). Seen once in a few thousand runs of CI, never
            # reproduced; run once more, and say so in the verdict either way.
            rerun = "exit status 1 with no output under wine; ran it again\n"
            r = run_command(run_argv, timeout, cwd=cwd, env=env)
        elif (self.target.run.startswith("qemu") and r.status < 0 and not r.timed_out
              and not r.output):
            # Killed by a signal with no output at all: qemu-user itself crashed. A guest
            # killed by a signal makes qemu print "qemu: uncaught target signal N", and
            # talpa's runtime reports every fault it catches before exiting 2. Seen once
            # (signal 11, linux/riscv64, CI at load 2), not reproduced in 2,460 runs; run
            # once more, and say so in the verdict either way.
            rerun = f"signal {-r.status} with no output under qemu; ran it again\n"
            r = run_command(run_argv, timeout, cwd=cwd, env=env)
        out = normalize_output(r.output)
        try:
            os.unlink(exe)
        except OSError:
            pass
        elapsed = time.time() - start
        if r.timed_out:
            return Result(name, "run-timeout",
                          f"{rerun}timed out after {timeout}s; output:\n{out}", elapsed)
        if r.status != recipe.exitcode:
            what = f"signal {-r.status}" if r.status < 0 else f"exit status {r.status}"
            return Result(name, "exit",
                          f"{rerun}{what} (want {recipe.exitcode}); output:\n{out}", elapsed)
        if (out != expected) if exact else (not out.startswith(expected)):
            return Result(name, "output", rerun + diff_text(expected, out), elapsed)
        return Result(name, "pass", rerun, elapsed)


def diff_text(want, got):
    import difflib
    lines = difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                 "want", "got", n=2)
    text = "".join(l if l.endswith("\n") else l + "\n\\ No newline at end\n" for l in lines)
    if len(text) > 4000:
        text = text[:4000] + "... (diff cut)\n"
    return "output differs:\n" + text


def run_parallel(fn, items, jobs, on_result=None):
    """Calls fn(item) on `jobs` threads; returns the results in item order."""
    results = [None] * len(items)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(fn, item): i for i, item in enumerate(items)}
        for fut in concurrent.futures.as_completed(futures):
            i = futures[fut]
            results[i] = fut.result()
            if on_result:
                on_result(results[i])
    return results


_EXIT_STATUS_RE = re.compile(r"(?:^|\n)exit status (\d+)\n?$")


def go_run_expectation(text, recipe):
    """Reads a .out file written by `go run x.go > x.out 2>&1` for a failing program.

    Such a file ends with the go command's `exit status N` line, and a panic's goroutine
    traceback (addresses, paths) follows a blank line. Returns (expected prefix, N), or
    None if `text` does not end that way. Only for test/run; Go's test/ never needs it."""
    m = _EXIT_STATUS_RE.search(text)
    if not m:
        return None
    body = text[:m.start()] + ("\n" if m.group(0).startswith("\n") else "")
    cut = body.find("\n\ngoroutine ")
    if cut >= 0:
        body = body[:cut + 1]
    return body, int(m.group(1))


def read_expected(go_file):
    out = go_file[:-3] + ".out"
    if os.path.exists(out):
        with open(out, encoding="utf-8", errors="replace", newline="") as f:
            return f.read()
    return ""


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "wine-prefix":
        ensure_wine_prefix(sys.argv[2], log=sys.stdout)
        stop_wineserver(sys.argv[2])
        sys.exit(0)
    print("usage: talpatest.py wine-prefix DIR", file=sys.stderr)
    sys.exit(2)
