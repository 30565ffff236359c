#!/usr/bin/env python3
"""Compares `talpa list` with Go 1.19's `go list` (CGO_ENABLED=0): the std pattern on three
targets, -deps of fmt and net/http, and the files chosen for each std package.

    tools/listcompare.py --talpa build/bin/talpa [--go /usr/lib/go-1.19/bin/go]
"""
import argparse
import os
import subprocess
import sys
import tempfile


def run(cmd, env):
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    return r.returncode, [line.rstrip() for line in r.stdout.splitlines()], r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--talpa", required=True)
    ap.add_argument("--go", default="/usr/lib/go-1.19/bin/go")
    ap.add_argument("--goroot", default="/usr/share/go-1.19")
    a = ap.parse_args()
    if not os.path.exists(a.go) or not os.path.isdir(os.path.join(a.goroot, "src")):
        print("skipped: no go command or Go tree")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, HOME=tmp, GOCACHE=os.path.join(tmp, "cache"), CGO_ENABLED="0",
                   GOROOT=a.goroot, GOFLAGS="")
        cases = [(t, ["std"], None) for t in ("linux/amd64", "windows/amd64", "darwin/arm64")]
        cases.append(("linux/amd64", ["-deps", "fmt", "net/http"], None))
        cases.append(("linux/amd64", ["std"], "files"))
        passed = failed = 0
        for target, args, fmt in cases:
            goos, goarch = target.split("/")
            genv = dict(env, GOOS=goos, GOARCH=goarch)
            tenv = {k: v for k, v in env.items() if k not in ("GOOS", "GOARCH")}
            gcmd = [a.go, "list"] + (["-f", '{{.ImportPath}}: {{join .GoFiles " "}}']
                                     if fmt else []) + args
            tcmd = [a.talpa, "list", "-target", target] + (["-f", fmt] if fmt else []) + args
            grc, gout, gerr = run(gcmd, genv)
            trc, tout, terr = run(tcmd, tenv)
            name = " ".join(tcmd[2:])
            if grc == trc and gout == tout:
                passed += 1
                print("PASS: %s (%d lines)" % (name, len(gout)))
                continue
            failed += 1
            print("FAIL: %s (exit %d, go %d)" % (name, trc, grc))
            for line in sorted(set(tout) - set(gout))[:10]:
                print("  talpa only: " + line)
            for line in sorted(set(gout) - set(tout))[:10]:
                print("  go only:    " + line)
            if terr:
                print("  talpa stderr: " + terr[:500])
        print("%d passed, %d failed" % (passed, failed))
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
