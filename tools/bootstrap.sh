#!/usr/bin/env bash
# The README's first command: install what is missing, build talpa, then cross-compile
# examples/hello for every target and run it wherever this machine can.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default

talpa=build/bin/talpa
out=build/hello
mkdir -p "$out"
export WINEDEBUG=-all WINEPREFIX="$PWD/build/wineprefix"
status=0
for t in $("$talpa" targets); do
  goos=${t%/*} goarch=${t#*/}
  suffix=""; [ "$goos" = windows ] && suffix=.exe
  exe="$out/hello-${goos}-${goarch}${suffix}"
  "$talpa" build -target "$t" -o "$exe" examples/hello
  run=$(python3 -c "import json,sys;d=json.load(open('targets/${goos}_${goarch}.json'));print(d.get('run',''))")
  printf '== %s (%s): ' "$t" "$run"
  case "$run" in
    native) "$exe" ;;
    qemu-*) "$run" "$exe" ;;
    wine)   wine "$exe" ;;
    *)      echo; /usr/lib/llvm-19/bin/llvm-readobj --file-headers "$exe" | grep -E 'Format|Arch' | sed 's/^/   /' ;;
  esac || status=1
done
exit $status
