"""`%exit N cmd args...`: run cmd, pass its output through, succeed only if it exits N."""
import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit("usage: exit.py N cmd [args...]")
want = int(sys.argv[1])
got = subprocess.call(sys.argv[2:])
if got != want:
    sys.stderr.write(f"exit.py: {sys.argv[2]} exited with status {got}, want {want}\n")
    sys.exit(1)
