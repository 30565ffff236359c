#!/usr/bin/env bash
# The README's second command: install what is missing, build talpa, run every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default
cd build
ctest --output-on-failure --timeout 2400 "$@"
