#!/usr/bin/env bash
# Formats talpa's C and C++ sources with clang-format-19 and the root .clang-format.
#   tools/format.sh          rewrite files in place
#   tools/format.sh --check  list files that differ from the format; exit 1 if any
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=${CLANG_FORMAT:-clang-format-19}
mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.c' | grep -v '/Inputs/')
if [ "${1:-}" = "--check" ]; then
  bad=0
  for f in "${files[@]}"; do
    if ! "$fmt" --style=file "$f" | cmp -s - "$f"; then
      echo "not formatted: $f"
      bad=1
    fi
  done
  [ $bad -eq 0 ] && echo "format: ${#files[@]} files formatted"
  exit $bad
fi
"$fmt" --style=file -i "${files[@]}"
