#!/usr/bin/env python3
"""Regenerates the CHECK lines of lit tests from the output they check, like LLVM's
update_test_checks.py, for talpa's diagnostics tests (test/lit/diagnostics/fail_*.go).

For each RUN line of the form `CMD | %FileCheck %s [--check-prefix=P]`, CMD runs (with
lit's substitutions: %talpa %s %S %t %exit %python) and its output becomes the block of
`// P:` / `// P-NEXT:` lines at the end of the file, file paths replaced by `{{.*}}`, ending
with `// P-NOT: {{.}}` so nothing else may follow. Old lines of that prefix are removed.

  tools/update_checks.py [--talpa build/bin/talpa] test/lit/diagnostics/fail_*.go
  tools/update_checks.py --gc test/lit/diagnostics/fail_x.go   # gc's messages instead

--gc takes the messages from Go's own compiler (`go build -gcflags=-e`), the wording talpa
must match; review the diff either way: this script believes whatever it is shown.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LLVM_BIN = "/usr/lib/llvm-19/bin"
GO = "/usr/lib/go-1.19/bin/go"

RUN_RE = re.compile(r"^\s*//\s*RUN:\s?(.*)$")
CHECK_LINE_RE = re.compile(r"^\s*//\s*([A-Z][A-Z0-9_-]*?)(-NEXT|-NOT|-DAG|-SAME|-EMPTY|-LABEL)?:")
FILECHECK_RE = re.compile(r"\|\s*(?:%FileCheck|FileCheck)\s+%s\b(.*)$")
PREFIX_RE = re.compile(r"--check-prefix(?:es)?[= ](\S+)")


def substitute(cmd, path, talpa, tmp):
    subs = [
        ("%talpa", talpa),
        ("%exit", f"{sys.executable} {os.path.join(REPO, 'test', 'lit', 'exit.py')}"),
        ("%python", sys.executable),
        ("%not", os.path.join(LLVM_BIN, "not")),
        ("%FileCheck", os.path.join(LLVM_BIN, "FileCheck")),
        ("%s", path),
        ("%S", os.path.dirname(path)),
        ("%t", os.path.join(tmp, "t")),
    ]
    for k, v in subs:
        cmd = cmd.replace(k, v)
    return cmd


def escape(text):
    """FileCheck reads {{ }} as a regexp and [[ ]] as a variable: keep them literal."""
    return text.replace("{{", "{{[{][{]}}").replace("[[", "{{[[][[]}}")


def to_checks(output, path, prefix):
    base = os.path.basename(path)
    lines = []
    for raw in output.replace("\r\n", "\n").rstrip("\n").split("\n"):
        parts = re.split(rf"[^\s:]*{re.escape(base)}(?=:)", raw)
        text = ("{{.*}}" + escape(base)).join(escape(p) for p in parts)
        text = text.strip()
        if not text:
            continue
        kind = prefix if not lines else prefix + "-NEXT"
        lines.append(f"// {kind}: {text}")
    lines.append(f"// {prefix}-NOT: {{{{.}}}}")
    return lines


def gc_output(path):
    tmp = tempfile.mkdtemp(prefix="update-checks-gc-")
    try:
        env = dict(os.environ, HOME=tmp, GOCACHE=os.path.join(tmp, "cache"),
                   GO111MODULE="off", GOFLAGS="")
        p = subprocess.run([GO, "build", "-gcflags=-e", "-o", os.path.join(tmp, "out"),
                            path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                           cwd=os.path.dirname(path))
        return p.stdout.decode("utf-8", errors="replace")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def update(path, talpa, use_gc):
    path = os.path.abspath(path)
    with open(path, encoding="utf-8") as f:
        src = f.read().split("\n")
    runs = [m.group(1) for m in (RUN_RE.match(l) for l in src) if m]
    blocks = {}
    for run in runs:
        m = FILECHECK_RE.search(run)
        if not m:
            continue
        pm = PREFIX_RE.search(m.group(1))
        prefix = pm.group(1) if pm else "CHECK"
        if use_gc:
            output = gc_output(path)
        else:
            cmd = run[:m.start()].strip()
            tmp = tempfile.mkdtemp(prefix="update-checks-")
            try:
                env = dict(os.environ)
                env["PATH"] = LLVM_BIN + os.pathsep + env.get("PATH", "")
                env.pop("GOOS", None)
                env.pop("GOARCH", None)
                p = subprocess.run(["bash", "-c", substitute(cmd, path, talpa, tmp)],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
                output = p.stdout.decode("utf-8", errors="replace")
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        blocks[prefix] = to_checks(output, path, prefix)
    if not blocks:
        print(f"{path}: no `| %FileCheck %s` RUN line; left alone", file=sys.stderr)
        return False
    kept = [l for l in src if not (CHECK_LINE_RE.match(l) and
                                   CHECK_LINE_RE.match(l).group(1) in blocks)]
    while kept and kept[-1].strip() == "":
        kept.pop()
    out = kept + [""]
    for prefix in sorted(blocks):
        out += blocks[prefix]
    new = "\n".join(out) + "\n"
    old = "\n".join(src)
    if new != old:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
        print(f"updated {os.path.relpath(path)}")
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--talpa", default=os.path.join(REPO, "build", "bin", "talpa"))
    ap.add_argument("--gc", action="store_true", help="take the messages from gc")
    ap.add_argument("files", nargs="+")
    opts = ap.parse_args()
    if not opts.gc and not os.path.exists(opts.talpa):
        sys.exit(f"error: no talpa at {opts.talpa} (build it, or pass --talpa or --gc)")
    ok = all([update(f, os.path.abspath(opts.talpa), opts.gc) for f in opts.files])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
