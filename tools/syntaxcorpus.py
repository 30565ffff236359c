#!/usr/bin/env python3
"""The parser over the whole Go tree: every file gofmt accepts must parse without a
diagnostic and survive the printer's round trip; every file gofmt rejects must get at
least one diagnostic (and, in most cases, the first one on the line gofmt reports).

    tools/syntaxcorpus.py --talpa build/bin/talpa [--goroot /usr/share/go-1.19]
    tools/syntaxcorpus.py --update      # re-derive test/syntax/gofmt_rejects.txt with gofmt

The files gofmt rejects, with the line of gofmt's first error, are checked in
(test/syntax/gofmt_rejects.txt), so the test needs only talpa and the Go source tree.
"""
import argparse, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REJECTS = os.path.join(HERE, "..", "test", "syntax", "gofmt_rejects.txt")
GOFMT = "/usr/lib/go-1.19/bin/gofmt"
CHUNK = 1500  # files per talpa invocation
DIAG = re.compile(r"^(.*?\.go):(\d+)(?::\d+)?: ")


def go_files(goroot):
    """Relative paths of the .go files under src/ and test/, sorted."""
    out = []
    for top in ("src", "test"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(goroot, top)):
            dirnames.sort()
            for name in filenames:
                path = os.path.join(dirpath, name)
                if name.endswith(".go") and os.path.isfile(path):
                    out.append(os.path.relpath(path, goroot))
    return sorted(out)


def load_rejects():
    rejects = {}
    with open(REJECTS) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                path, _, lineno = line.rpartition(":")
                rejects[path] = int(lineno)
    return rejects


def update(goroot):
    if not os.path.exists(GOFMT):
        sys.exit("syntaxcorpus: %s not found (golang-1.19-go)" % GOFMT)
    files = go_files(goroot)
    first = {}
    for i in range(0, len(files), CHUNK):
        chunk = [os.path.join(goroot, p) for p in files[i:i + CHUNK]]
        proc = subprocess.run([GOFMT, "-e", "-l"] + chunk, capture_output=True, text=True)
        for line in proc.stderr.splitlines():
            m = DIAG.match(line)
            if m:
                rel = os.path.relpath(m.group(1), goroot)
                first.setdefault(rel, int(m.group(2)))
    with open(REJECTS, "w") as f:
        f.write("# The .go files of Go 1.19's src/ and test/ that `gofmt -e -l` rejects, with the\n"
                "# line of its first error. Regenerate: tools/syntaxcorpus.py --update\n")
        for path in sorted(first):
            f.write("%s:%d\n" % (path, first[path]))
    print("syntaxcorpus: %d of %d files rejected by gofmt" % (len(first), len(files)))


def talpa_parse(talpa, goroot, paths, flags):
    """Runs `talpa tool parse` over paths; returns {relpath: [diagnostic lines]} and the
    lines that name no file."""
    diags, other = {}, []
    for i in range(0, len(paths), CHUNK):
        chunk = [os.path.join(goroot, p) for p in paths[i:i + CHUNK]]
        proc = subprocess.run([talpa, "tool", "parse"] + flags + chunk,
                              capture_output=True, text=True, errors="replace")
        if proc.returncode not in (0, 1):
            other.append("talpa tool parse exited %d" % proc.returncode)
        for line in proc.stderr.splitlines():
            m = DIAG.match(line)
            if m and m.group(1).startswith(goroot):
                diags.setdefault(os.path.relpath(m.group(1), goroot), []).append(line)
            elif line.strip():
                other.append(line)
    return diags, other


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--talpa", default=os.path.join(HERE, "..", "build", "bin", "talpa"))
    ap.add_argument("--goroot", default="/usr/share/go-1.19")
    ap.add_argument("--update", action="store_true")
    opts = ap.parse_args()
    goroot = os.path.abspath(opts.goroot)
    if not os.path.isdir(os.path.join(goroot, "src")):
        print("syntaxcorpus: SKIPPED: no Go source tree at %s (install golang-1.19-src)" % goroot)
        return 0
    if opts.update:
        update(goroot)
        return 0

    files = go_files(goroot)
    rejects = load_rejects()
    valid = [p for p in files if p not in rejects]
    invalid = [p for p in files if p in rejects]
    failures = []

    # Valid files: no diagnostic, and the printed source parses to the same tree.
    diags, other = talpa_parse(opts.talpa, goroot, valid, ["-roundtrip"])
    for path in sorted(diags):
        failures.append("valid file reported: " + diags[path][0])
    failures += ["valid files: " + line for line in other]

    # Invalid files: at least one diagnostic; note whether the first is on gofmt's line.
    # One run per file: after a //line directive, diagnostics name another file.
    diags, other = {}, []
    for path in invalid:
        proc = subprocess.run([opts.talpa, "tool", "parse", os.path.join(goroot, path)],
                              capture_output=True, text=True, errors="replace")
        found = [line for line in proc.stderr.splitlines() if DIAG.match(line)]
        if found and proc.returncode == 1:
            diags[path] = found
    same_line = 0
    for path in invalid:
        if path not in diags:
            failures.append("invalid file not reported: %s (gofmt: line %d)" % (path, rejects[path]))
            continue
        lines = [int(DIAG.match(d).group(2)) for d in diags[path]]
        if lines and min(lines) == rejects[path]:
            same_line += 1
    missing = [p for p in rejects if p not in set(files)]
    for p in missing:
        failures.append("listed in gofmt_rejects.txt but not in the tree: " + p)

    for f in failures[:50]:
        print("FAIL " + f)
    if len(failures) > 50:
        print("... and %d more" % (len(failures) - 50))
    print("syntax corpus: %d valid files parse without a diagnostic and round-trip through the "
          "printer; %d invalid files, %d reported, first error on gofmt's line in %d"
          % (len(valid), len(invalid), len(invalid) - sum(1 for p in invalid if p not in diags),
             same_line))
    passed = len(valid) + len(invalid) - len(failures)
    print("%d passed, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
