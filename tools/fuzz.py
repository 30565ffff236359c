#!/usr/bin/env python3
"""Mutation fuzzer for talpa's front end and lowering: the compiler must never crash or hang.

Each run takes a seed Go file (default: Go's test/*.go and talpa's test/run/*.go), applies
one to four random mutations and compiles the result with `talpa build -o OUT FILE` under
a timeout. Good input builds (exit 0) and bad input is reported (exit 2); anything else is
a finding:

  crash  exit status other than 0 and 2, a signal, a sanitizer report (AddressSanitizer,
         UndefinedBehaviorSanitizer, LeakSanitizer) or `internal compiler error`
  hang   no exit within --timeout seconds

Mutations: byte flips and random bytes, token-level splices between two seeds, truncation
at a random point, duplicated/deleted/swapped lines, random Go tokens, keywords and
brackets inserted between tokens, tokens replaced by others of the file, short token runs
repeated thousands of times, deep nesting (parentheses, brackets, blocks, types, unary
operators), huge literals (numbers, exponents, strings, identifiers), invalid UTF-8 and
NUL bytes. Seeds the compiler accepts are mutated most often (see seed_weight).

Findings are grouped by signature (the first talpa frame of the sanitizer's stack, the
internal error's message, or the exit status). The first input of each signature is
minimised (line, then token, then byte deletion, within --min-runs builds) and kept in
--out as <kind>-<n>.go with the original as <kind>-<n>.orig.go and the compiler's output as
<kind>-<n>.txt. The run ends after --runs builds or --time seconds and prints
`N runs, M crashes, K hangs` (plus distinct signatures); its exit status is 1 when
anything was found.

  tools/fuzz.py --talpa build-asan/bin/talpa --out /tmp/fz/found --runs 20000 --jobs 2
  tools/fuzz.py --talpa build-asan/bin/talpa --out /tmp/fz/corpus --replay \\
      /usr/share/go-1.19/test /usr/share/go-1.19/src      # the seeds as they are

--replay builds every .go file under the paths given (or the default seeds) unchanged and
reports the same way, without minimising; --seed makes a fuzzing run repeatable.
"""

import argparse
import concurrent.futures
import glob
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SEEDS = ["/usr/share/go-1.19/test/*.go", os.path.join(REPO, "test/run/*.go"),
                 os.path.join(REPO, "test/lit/diagnostics/*.go")]

# A rough Go tokenizer: good enough to cut sources at token boundaries and to splice.
TOKEN_RE = re.compile(
    rb"""//[^\n]*|/\*.*?\*/|`[^`]*`|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'"""
    rb"""|[A-Za-z_][A-Za-z0-9_]*|0[xX][0-9a-fA-F_.pP+-]*|[0-9][0-9_.eEiI+-]*"""
    rb"""|<<=|>>=|&\^=|\.\.\.|&&|\|\||<-|\+\+|--|==|!=|<=|>=|:=|[-+*/%&|^<>]=|<<|>>|&\^"""
    rb"""|\s+|.""", re.S)

KEYWORDS = [b"break", b"case", b"chan", b"const", b"continue", b"default", b"defer",
            b"else", b"fallthrough", b"for", b"func", b"go", b"goto", b"if", b"import",
            b"interface", b"map", b"package", b"range", b"return", b"select", b"struct",
            b"switch", b"type", b"var"]
PREDECLARED = [b"int", b"int8", b"uint64", b"uintptr", b"float32", b"float64", b"complex128",
               b"string", b"bool", b"byte", b"rune", b"error", b"any", b"comparable",
               b"true", b"false", b"nil", b"iota", b"len", b"cap", b"append", b"make",
               b"new", b"panic", b"print", b"println", b"recover", b"copy", b"delete",
               b"complex", b"real", b"imag", b"close", b"unsafe", b"main", b"init", b"_"]
PUNCT = [b"+", b"-", b"*", b"/", b"%", b"&", b"|", b"^", b"<<", b">>", b"&^", b"+=", b"-=",
         b"*=", b"/=", b"%=", b"&=", b"|=", b"^=", b"<<=", b">>=", b"&^=", b"&&", b"||",
         b"<-", b"++", b"--", b"==", b"<", b">", b"=", b"!", b"~", b"!=", b"<=", b">=",
         b":=", b"...", b"(", b")", b"[", b"]", b"{", b"}", b",", b";", b".", b":", b"\n"]
LITERALS = [b"0", b"1", b"-1", b"1.5", b"1e9", b"0x7fffffffffffffff", b"0xffffffffffffffff",
            b"1<<63", b"1<<64", b"-1<<63", b"0i", b"'a'", b"'\\x00'", b"\"\"", b"\"s\"",
            b"`raw`", b"0b1_0", b"0o17", b"017", b"0x1p-2", b"1e-400", b"1e400", b"'\\U0010ffff'",
            b"\"\\xff\"", b"08", b"0x", b"1_", b"'ab'", b"''", b"\"\\z\""]
BAD_BYTES = [b"\xff", b"\xfe", b"\xc0\x80", b"\xed\xa0\x80", b"\xe2\x82", b"\xf4\x90\x80\x80",
             b"\xef\xbb\xbf", b"\x00", b"\x00\x00", b"\x80", b"\xc3", b"\x7f", b"\r", b"\x0b",
             b"\xe2\x80\xa8", b"\xc2\xa0"]
SAN_RE = re.compile(r"(AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|"
                    r"runtime error:|internal compiler error|Stack dump:|PLEASE submit)")
FRAME_RE = re.compile(r"#\d+ 0x[0-9a-f]+ in (\S+) (\S*(?:compiler|linker)/[^\s:]+:\d+)")


def tokens(data):
    return TOKEN_RE.findall(data)


# ---- mutations: each takes (rng, data, other seed) and returns new bytes ----

def m_byte_flip(rng, data, other):
    if not data:
        return bytes([rng.randrange(256)])
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(b))
        r = rng.random()
        if r < 0.4:
            b[i] ^= 1 << rng.randrange(8)
        elif r < 0.7:
            b[i] = rng.randrange(256)
        else:
            b[i] = rng.choice(b"(){}[];,.:=+-*/<>!&|^\"'`\n 0aZ_")
    return bytes(b)


def m_splice(rng, data, other):
    a, b = tokens(data), tokens(other)
    if not a or not b:
        return data + other
    i, j = rng.randrange(len(a) + 1), rng.randrange(len(b) + 1)
    if rng.random() < 0.5:  # prefix of one, suffix of the other
        return b"".join(a[:i] + b[j:])
    k = min(len(b), j + rng.randint(1, 60))  # a slice of the other inserted
    return b"".join(a[:i] + b[j:k] + a[i:])


def m_truncate(rng, data, other):
    if rng.random() < 0.5:
        return data[:rng.randrange(len(data) + 1)]
    t = tokens(data)
    return b"".join(t[:rng.randrange(len(t) + 1)])


def m_lines(rng, data, other):
    lines = data.split(b"\n")
    if not lines:
        return data
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        r = rng.random()
        if r < 0.35:
            lines.insert(rng.randrange(len(lines) + 1), lines[i])
        elif r < 0.7 and len(lines) > 1:
            del lines[i]
        elif r < 0.85:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            n = rng.randint(2, 6)
            lines[i:i + n] = lines[i:i + n] * rng.randint(2, 30)
    return b"\n".join(lines)


def random_token(rng):
    r = rng.random()
    if r < 0.25:
        return rng.choice(KEYWORDS)
    if r < 0.45:
        return rng.choice(PREDECLARED)
    if r < 0.85:
        return rng.choice(PUNCT)
    return rng.choice(LITERALS)


def m_insert_tokens(rng, data, other):
    t = tokens(data)
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(t) + 1)
        seq = [random_token(rng) for _ in range(rng.randint(1, 4))]
        sep = b" " if rng.random() < 0.7 else b""
        t[i:i] = [sep + s + sep for s in seq]
    if t and rng.random() < 0.3:  # and delete or replace one
        i = rng.randrange(len(t))
        t[i] = random_token(rng) if rng.random() < 0.5 else b""
    return b"".join(t)


def m_replace_tokens(rng, data, other):
    """Replaces tokens by others of the same file: operands, operators and types mix."""
    t = tokens(data)
    words = [x for x in t if x.strip() and not x.startswith((b"//", b"/*"))]
    if not words:
        return data
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(t))
        if t[i].strip():
            t[i] = rng.choice(words)
    return b"".join(t)


def m_repeat(rng, data, other):
    """Repeats a short run of tokens many times: long chains of operators, statements,
    declarations or arguments, for the costs that grow faster than the input."""
    t = tokens(data)
    if not t:
        return data
    i = rng.randrange(len(t))
    k = min(len(t), i + rng.randint(1, 6))
    n = rng.choice([100, 1000, 5000, 20000, 60000])
    return b"".join(t[:k] + t[i:k] * n + t[k:])


NESTS = [(b"(", b")"), (b"[", b"]"), (b"{", b"}"), (b"[]", b""), (b"*", b""), (b"-", b""),
         (b"!", b""), (b"^", b""), (b"<-", b""), (b"&", b""), (b"func() ", b""),
         (b"map[int]", b""), (b"chan ", b""), (b"struct{ f ", b"}"), (b"if true {", b"}"),
         (b"for {", b"}"), (b"func() {", b"}()"), (b"[]int{", b"}"), (b"x.", b""),
         (b"f(", b")"), (b"a[", b"]"), (b"switch {case true:", b"}"), (b"(1+", b")"),
         (b"interface{ m(", b") }")]


def m_nest(rng, data, other):
    opn, cls = rng.choice(NESTS)
    n = rng.choice([10, 100, 500, 999, 1000, 1001, 2000, 5000, 20000, 100000])
    core = rng.choice([b"x", b"1", b"int", b"", b"nil", b"main"])
    balanced = rng.random() < 0.8
    nest = opn * n + core + (cls * n if balanced else b"")
    t = tokens(data)
    if not t or rng.random() < 0.3:
        body = rng.choice([b"var x = %s\n", b"func main() { _ = %s }\n", b"type T %s\n",
                           b"func main() { %s }\n", b"const c = %s\n", b"func f(%s)\n"])
        return b"package main\n\n" + body.replace(b"%s", nest)
    i = rng.randrange(len(t) + 1)
    return b"".join(t[:i]) + nest + b"".join(t[i:])


def m_huge(rng, data, other):
    n = rng.choice([100, 1000, 10000, 100000, 1000000])
    lit = rng.choice([
        b"1" * n, b"0x" + b"f" * n, b"0b" + b"1" * n, b"0" + b"7" * n, b"1e" + b"9" * min(n, 40),
        b"1e-" + b"9" * min(n, 40), b"0." + b"0" * n + b"1", b"1" + b"_0" * n,
        b"\"" + b"a" * n + b"\"", b"`" + b"\n" * n + b"`", b"x" * n, b"'" + b"\\x41" * 4 + b"'",
        b"\"" + b"\\u00e9" * (n // 6) + b"\"", b"1" * n + b"i", b"0x1p" + b"9" * min(n, 30),
        b"1" + b"<<62" * (n // 100 + 1), b"+1" * (n // 2), b"1" * 400 + b"." + b"1" * 400])
    t = tokens(data)
    if not t or rng.random() < 0.3:
        return b"package main\n\nvar x = " + lit + b"\n\nfunc main() { println(x) }\n"
    i = rng.randrange(len(t) + 1)
    return b"".join(t[:i]) + b" " + lit + b" " + b"".join(t[i:])


def m_bad_bytes(rng, data, other):
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(b) + 1)
        b[i:i] = rng.choice(BAD_BYTES) * (1 if rng.random() < 0.8 else rng.randint(2, 100))
    return bytes(b)


MUTATORS = [(m_byte_flip, 3), (m_splice, 3), (m_truncate, 2), (m_lines, 3),
            (m_insert_tokens, 4), (m_replace_tokens, 4), (m_repeat, 1), (m_nest, 1),
            (m_huge, 1), (m_bad_bytes, 1)]


def mutate(rng, seeds, weights):
    data = rng.choices(seeds, weights)[0]()
    fns, fweights = zip(*MUTATORS)
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
        fn = rng.choices(fns, fweights)[0]
        data = fn(rng, data, seeds[rng.randrange(len(seeds))]())
    return data


# Seeds the compiler accepts are mutated most often: their mutants reach the checker and
# lowering, while most of Go's tests stop at `not yet supported`.
def seed_weight(kind, text):
    if kind is None and "# command-line-arguments" not in text:
        return 20
    if "syntax error" not in text and "not yet supported" not in text:
        return 5
    return 1


# ---- running the compiler ----

class Runner:
    """Builds one file with talpa in a private scratch directory."""

    def __init__(self, talpa, timeout, workdir, leaks):
        self.talpa, self.timeout, self.workdir = talpa, timeout, workdir
        self.env = dict(os.environ)
        asan = "detect_leaks=%d:allocator_may_return_null=1" % (1 if leaks else 0)
        self.env["ASAN_OPTIONS"] = asan + ":" + self.env.get("ASAN_OPTIONS", "")
        self.env["UBSAN_OPTIONS"] = "print_stacktrace=1:" + self.env.get("UBSAN_OPTIONS", "")
        self.env["TALPA_CACHE"] = os.path.join(workdir, "cache")
        self.env.pop("GOOS", None)
        self.env.pop("GOARCH", None)
        self.local = threading.local()

    def scratch(self):
        d = getattr(self.local, "dir", None)
        if d is None:
            d = tempfile.mkdtemp(prefix="w", dir=self.workdir)
            self.local.dir = d
        return d

    def run_path(self, path):
        """Returns (kind, signature, output): kind is None, "crash" or "hang"."""
        out = os.path.join(self.scratch(), "out")
        cmd = [self.talpa, "build", "-o", out, path]
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=self.timeout, env=self.env,
                               start_new_session=True)
        except subprocess.TimeoutExpired as e:
            return "hang", "timeout", (e.output or b"").decode("utf-8", "replace")
        except OSError as e:  # the binary is being rebuilt, say: not the input's fault
            sys.exit("fuzz.py: cannot run %s: %s" % (self.talpa, e))
        text = p.stdout.decode("utf-8", "replace")
        if p.returncode in (0, 2) and not SAN_RE.search(text):
            return None, None, text
        return "crash", signature(p.returncode, text), text

    def run_data(self, data):
        path = os.path.join(self.scratch(), "prog.go")
        with open(path, "wb") as f:
            f.write(data)
        return self.run_path(path)


def signature(status, text):
    m = re.search(r"internal compiler error: ([^\n(]*)", text)
    if m:
        return "ice: " + m.group(1).strip()[:80]
    frame = FRAME_RE.search(text)
    kind = re.search(r"(AddressSanitizer|LeakSanitizer): (\S+)|runtime error: ([a-z -]+)", text)
    what = (kind.group(2) or kind.group(3)).strip() if kind else (
        "signal %d" % -status if status < 0 else "exit %d" % status)
    where = "%s %s" % (frame.group(1), os.path.basename(frame.group(2))) if frame else ""
    return (what + " " + where).strip()


# ---- minimisation: delete chunks while the signature stays ----

def minimise(runner, data, kind, sig, budget):
    runs = [0]

    def same(candidate):
        if runs[0] >= budget:
            return False
        runs[0] += 1
        k, s, _ = runner.run_data(candidate)
        return k == kind and s == sig

    def ddmin(units):
        n = 2
        while len(units) >= 2 and runs[0] < budget:
            size = max(1, len(units) // n)
            removed = False
            for i in range(0, len(units), size):
                rest = units[:i] + units[i + size:]
                if rest and same(b"".join(rest)):
                    units, n, removed = rest, max(n - 1, 2), True
                    break
            if not removed:
                if size == 1:
                    break
                n = min(len(units), n * 2)
        return units

    lines = data.split(b"\n")
    data = b"".join(ddmin([l + b"\n" for l in lines[:-1]] + [lines[-1]]))
    data = b"".join(ddmin(tokens(data)))
    if len(data) < 2000:
        data = b"".join(ddmin([bytes([c]) for c in data]))
    return data


# ---- the campaign ----

class Findings:
    def __init__(self, out):
        self.out, self.lock = out, threading.Lock()
        self.runs = self.crashes = self.hangs = 0
        self.sigs = {}  # signature -> (kind, index, count)
        os.makedirs(out, exist_ok=True)

    def record(self, kind, sig):
        """Counts one result; returns the file stem when the signature is new."""
        with self.lock:
            self.runs += 1
            if kind is None:
                return None
            if kind == "crash":
                self.crashes += 1
            else:
                self.hangs += 1
            if sig in self.sigs:
                k, i, c = self.sigs[sig]
                self.sigs[sig] = (k, i, c + 1)
                return None
            index = len(self.sigs) + 1
            self.sigs[sig] = (kind, index, 1)
            return os.path.join(self.out, "%s-%d" % (kind, index))

    def summary(self):
        distinct = len(self.sigs)
        return "%d runs, %d crashes, %d hangs (%d distinct)" % (
            self.runs, self.crashes, self.hangs, distinct)


def load_seeds(patterns, replay):
    paths = []
    for pat in patterns:
        if os.path.isdir(pat):
            for root, _, files in os.walk(pat):
                paths += [os.path.join(root, f) for f in files if f.endswith(".go")]
        else:
            paths += glob.glob(pat, recursive=True)
    paths = sorted(set(p for p in paths if os.path.isfile(p)))
    if not paths:
        sys.exit("fuzz.py: no seed files")
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--talpa", required=True, help="the talpa binary (an ASan build, ideally)")
    ap.add_argument("--out", required=True, help="directory for crashing and hanging inputs")
    ap.add_argument("--runs", type=int, default=1000, help="builds to run (default 1000)")
    ap.add_argument("--time", type=float, default=0, help="stop after this many seconds")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20, help="seconds per build (default 20)")
    ap.add_argument("--seed", type=int, default=None, help="random seed, for a repeatable run")
    ap.add_argument("--min-runs", type=int, default=300,
                    help="builds spent minimising each new finding (0: keep it as is)")
    ap.add_argument("--leaks", action="store_true", help="let LeakSanitizer report leaks")
    ap.add_argument("--replay", action="store_true",
                    help="build the seed files unchanged instead of mutating them")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("seeds", nargs="*", help="seed files, globs or directories "
                    "(default: Go's test/*.go and test/run/*.go)")
    args = ap.parse_args()

    talpa = os.path.abspath(args.talpa)
    paths = load_seeds(args.seeds or DEFAULT_SEEDS, args.replay)
    findings = Findings(args.out)
    workdir = tempfile.mkdtemp(prefix="talpa-fuzz-")
    runner = Runner(talpa, args.timeout, workdir, args.leaks)
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    cache = {}

    def seed_reader(path):
        def read():
            if path not in cache:
                with open(path, "rb") as f:
                    cache[path] = f.read()
            return cache[path]
        return read

    seeds = [seed_reader(p) for p in paths]
    weights = [1] * len(seeds)
    start = time.time()
    stop = threading.Event()

    def report(kind, sig, data, orig, text, origin):
        stem = findings.record(kind, sig)
        if stem is None:
            return
        if not args.quiet:
            print("new %s: %s (%s)" % (kind, sig, origin), flush=True)
        with open(stem + ".orig.go", "wb") as f:
            f.write(orig)
        if args.min_runs and not args.replay and kind == "crash":  # hangs: too slow
            data = minimise(runner, data, kind, sig, args.min_runs)
        with open(stem + ".go", "wb") as f:
            f.write(data)
        with open(stem + ".txt", "w") as f:
            f.write("# %s\n# from %s\n%s" % (sig, origin, text[-20000:]))

    def one(i):
        if stop.is_set():
            return
        if args.replay:
            path = paths[i]
            kind, sig, text = runner.run_path(path)
            data = orig = seeds[i]() if kind else b""
            report(kind, sig, data, orig, text, path)
        else:
            rng = random.Random("%d/%d" % (seed, i))
            data = mutate(rng, seeds, weights)
            kind, sig, text = runner.run_data(data)
            report(kind, sig, data, data, text, "seed %d run %d" % (seed, i))
        if args.time and time.time() - start > args.time:
            stop.set()
        if not args.quiet and findings.runs % 500 == 0:
            print("%s [%.0fs]" % (findings.summary(), time.time() - start), flush=True)

    if not args.replay:
        # Weigh the seeds by how far they get (and report any that fail as they are).
        def weigh(i):
            kind, sig, text = runner.run_path(paths[i])
            report(kind, sig, seeds[i](), seeds[i](), text, paths[i])
            weights[i] = seed_weight(kind, text)
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(weigh, range(len(paths))))
        if not args.quiet:
            print("%d seeds, %d accepted, %d reach the checker" % (
                len(paths), weights.count(20), weights.count(5)), flush=True)

    total = len(paths) if args.replay else args.runs
    try:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            # Submit in windows so that --time and ^C stop promptly.
            i = 0
            while i < total and not stop.is_set():
                batch = [pool.submit(one, j) for j in range(i, min(total, i + 64))]
                for f in batch:
                    f.result()
                i += 64
    except KeyboardInterrupt:
        stop.set()
        print("interrupted", file=sys.stderr)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print("fuzz seed %d" % seed)
    for sig, (kind, index, count) in sorted(findings.sigs.items(), key=lambda x: x[1][1]):
        print("  %s-%d: %s (%d times)" % (kind, index, sig, count))
    print(findings.summary())
    return 1 if findings.sigs else 0


if __name__ == "__main__":
    sys.exit(main())
