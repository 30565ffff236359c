#!/bin/sh
# Builds the smoke programs against each target's libtalpart.a, links them by hand and
# runs them (native, qemu, wine) or inspects them (darwin, windows/arm64).
#
# usage: run.sh <build-dir> [target...]     (default: all seven targets)
#   <build-dir> holds lib/talpa/runtime/<T>/libtalpart.a (the CMake build tree).
#   REGEN_GOLDEN=1 rebuilds *.out from gc (/usr/lib/go-1.19/bin/go) first.
# Exit status: 0 if every check passed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
rt=$(cd "$here/../.." && pwd)
build=${1:?usage: run.sh <build-dir> [target...]}
shift
targets=${*:-"linux_amd64 linux_arm64 linux_riscv64 windows_amd64 windows_arm64 darwin_amd64 darwin_arm64"}
llvm=/usr/lib/llvm-19/bin
work=${TMPDIR:-/tmp}/talpa-smoke
programs="smoke panic divide floats nilfault badfault maps mapnil maphash gc sched goexit gopanic"
mkdir -p "$work"
fails=0

note() { printf '%s\n' "$*"; }
fail() { note "FAIL: $*"; fails=$((fails + 1)); }

if [ "${REGEN_GOLDEN:-0}" = 1 ]; then
  for p in smoke panic divide floats maps mapnil maphash gc sched goexit gopanic; do
    HOME=/tmp GOCACHE=/tmp/gocache /usr/lib/go-1.19/bin/go build -o "$work/$p.gc" "$here/$p.go"
  done
  "$work/smoke.gc" a b 2>"$here/smoke.out"
  "$work/floats.gc" 2>"$here/floats.out"
  "$work/maps.gc" 2>"$here/maps.out"
  "$work/gc.gc" 2>"$here/gc.out"
  "$work/sched.gc" 2>"$here/sched.out"
  "$work/goexit.gc" 2>"$here/goexit.out"
  "$work/gopanic.gc" 2>&1 >/dev/null | sed '/^goroutine 7 \[running\]:$/q' >"$here/gopanic.out"
  for p in panic divide mapnil maphash; do
    "$work/$p.gc" 2>&1 >/dev/null | sed '/^goroutine 1 \[running\]:$/q' >"$here/$p.out"
  done
  # The faults differ on windows (the signal line names the exception code): both
  # goldens, the windows one from gc's windows/amd64 program under wine.
  for p in nilfault badfault; do
    HOME=/tmp GOCACHE=/tmp/gocache /usr/lib/go-1.19/bin/go build -o "$work/$p.gc" "$here/$p.go"
    "$work/$p.gc" 2>&1 >/dev/null | sed '/^goroutine 1 \[running\]:$/q' >"$here/$p.out"
    HOME=/tmp GOCACHE=/tmp/gocache GOOS=windows /usr/lib/go-1.19/bin/go build \
      -o "$work/$p.gc.exe" "$here/$p.go"
    WINEDEBUG=-all wine "$work/$p.gc.exe" 2>&1 >/dev/null | tr -d '\r' |
      sed '/^goroutine 1 \[running\]:$/q' >"$here/$p.windows.out"
  done
fi

# Import stubs generated from the runtime's import lists (the real linker generates them
# in-process from the same lists).
{
  echo "LIBRARY kernel32.dll"
  echo "EXPORTS"
  sed -n 's/^WINDOWS_IMPORT("kernel32.dll", *\([A-Za-z0-9_]*\)).*/\1/p' "$rt/os_windows_imports.def"
} >"$work/kernel32.def"
{
  echo "--- !tapi-tbd"
  echo "tbd-version: 4"
  echo "targets: [ x86_64-macos, arm64-macos ]"
  echo "install-name: '/usr/lib/libSystem.B.dylib'"
  echo "current-version: 1319"
  echo "exports:"
  echo "  - targets: [ x86_64-macos, arm64-macos ]"
  printf "    symbols: [ dyld_stub_binder"
  for s in $(sed -n 's/^DARWIN_IMPORT(\([A-Za-z0-9_]*\)).*/\1/p' "$rt/os_darwin_imports.def"); do
    printf ", _%s" "$s"
  done
  echo " ]"
  echo "..."
} >"$work/libSystem.tbd"

# check <name> <expected-status> <golden> <command...>: runs the program and compares its
# standard error with the golden file and its exit status with the expected one. A fault's
# report names the faulting pc, which differs from gc's: "pc=0x..." is masked on both
# sides.
check() {
  name=$1 want=$2 golden=$3
  shift 3
  # A hang fails this program (and names it) instead of the whole test at ctest's limit.
  timeout -k 5 120 "$@" 2>"$work/$name.err" >"$work/$name.stdout"
  rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    fail "$name: timed out after 120 s"
    return
  fi
  sed -i 's/pc=0x[0-9a-f]*/pc=PC/' "$work/$name.err"
  sed 's/pc=0x[0-9a-f]*/pc=PC/' "$golden" >"$work/$name.golden"
  if [ "$rc" != "$want" ]; then
    fail "$name: exit status $rc, want $want"
  elif ! cmp -s "$work/$name.err" "$work/$name.golden"; then
    fail "$name: stderr differs from $(basename "$golden")"
    diff "$work/$name.golden" "$work/$name.err" | head -20
  elif [ -s "$work/$name.stdout" ]; then
    fail "$name: unexpected output on stdout"
  else
    note "ok   $name (exit $rc, stderr matches $(basename "$golden"))"
  fi
}

for t in $targets; do
  lib="$build/lib/talpa/runtime/$t/libtalpart.a"
  [ -f "$lib" ] || { fail "$t: no $lib"; continue; }
  case $t in
    linux_amd64) triple=x86_64-unknown-linux-gnu flags="-fno-pic" ;;
    linux_arm64) triple=aarch64-unknown-linux-gnu flags="-fno-pic" ;;
    linux_riscv64) triple=riscv64-unknown-linux-gnu flags="-fno-pic -march=rv64gc -mabi=lp64d" ;;
    windows_amd64) triple=x86_64-pc-windows-msvc flags="-mno-stack-arg-probe" ;;
    windows_arm64) triple=aarch64-pc-windows-msvc flags="-mno-stack-arg-probe" ;;
    darwin_amd64) triple=x86_64-apple-macosx11.0.0 flags="" ;;
    darwin_arm64) triple=arm64-apple-macosx11.0.0 flags="" ;;
    *) fail "$t: unknown target"; continue ;;
  esac
  d="$work/$t"
  mkdir -p "$d"
  for p in $programs; do
    # shellcheck disable=SC2086
    $llvm/clang --target=$triple $flags -ffreestanding -nostdinc \
      -isystem "$($llvm/clang -print-resource-dir)/include" -O2 -Wall -Werror \
      -ffp-contract=off -fno-stack-protector -c "$here/$p.c" -o "$d/$p.o" || { fail "$t: compiling $p.c"; continue; }
    case $t in
      linux_*)
        $llvm/ld.lld -static -e _start --gc-sections "$d/$p.o" "$lib" -o "$d/$p" ||
          { fail "$t: linking $p"; continue; } ;;
      windows_*)
        m=x64 dm=i386:x86-64
        [ "$t" = windows_arm64 ] && m=arm64 dm=arm64
        $llvm/llvm-dlltool -m $dm -d "$work/kernel32.def" -l "$d/kernel32.lib" &&
          $llvm/lld-link /nologo /subsystem:console /entry:talpa_rt0 /nodefaultlib /machine:$m \
            "$d/$p.o" "$lib" "$d/kernel32.lib" /out:"$d/$p.exe" ||
          { fail "$t: linking $p"; continue; } ;;
      darwin_*)
        a=x86_64
        [ "$t" = darwin_arm64 ] && a=arm64
        $llvm/ld64.lld -arch $a -platform_version macos 11.0.0 11.0.0 -dead_strip \
          -L"$work" -lSystem "$d/$p.o" "$lib" -o "$d/$p" ||
          { fail "$t: linking $p"; continue; } ;;
    esac
  done

  case $t in
    linux_amd64) run="" ;;
    linux_arm64) run=qemu-aarch64 ;;
    linux_riscv64) run=qemu-riscv64 ;;
    windows_amd64) run="env WINEDEBUG=-all wine" ;;
    *) run=inspect ;;
  esac
  if [ "$run" = inspect ]; then
    # Cannot run here: check the entry point and imports instead.
    case $t in
      windows_*)
        h=$($llvm/llvm-readobj --file-headers --coff-imports "$d/smoke.exe")
        dlls=$(echo "$h" | sed -n 's/^ *Name: \(.*\.dll\)$/\1/p' | sort -u | tr '\n' ' ')
        if echo "$h" | grep -q "Subsystem: IMAGE_SUBSYSTEM_WINDOWS_CUI" &&
          [ "$dlls" = "kernel32.dll " ]; then
          note "ok   $t: smoke.exe is a console PE importing only kernel32.dll"
        else
          fail "$t: unexpected PE headers (imports: $dlls)"
        fi
        ;;
      darwin_*)
        l=$($llvm/llvm-otool -l "$d/smoke")
        dylibs=$(echo "$l" | sed -n 's/^ *name \(.*\) (offset.*/\1/p' | grep -v dyld | sort -u |
          tr '\n' ' ')
        if echo "$l" | grep -q "cmd LC_MAIN" && [ "$dylibs" = "/usr/lib/libSystem.B.dylib " ]; then
          note "ok   $t: smoke has LC_MAIN and links only libSystem.B.dylib"
        else
          fail "$t: unexpected Mach-O load commands (dylibs: $dylibs)"
        fi
        ;;
    esac
    continue
  fi
  for p in $programs; do
    want=0
    args=""
    [ $p = smoke ] && args="a b"
    case $p in panic | divide | nilfault | badfault | mapnil | maphash | goexit | gopanic) want=2 ;; esac
    exe="$d/$p"
    golden="$here/$p.out"
    case $t in windows_*) exe="$d/$p.exe" ;; esac
    case $t:$p in windows_*:*fault) golden="$here/$p.windows.out" ;; esac
    # shellcheck disable=SC2086
    check "$t/$p" $want "$golden" $run "$exe" $args
  done
done

if [ $fails -ne 0 ]; then
  note "$fails check(s) failed"
  exit 1
fi
note "all checks passed"
