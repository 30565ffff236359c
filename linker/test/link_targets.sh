#!/bin/sh
# Links the C stand-ins in this directory for every target with talpa-link, then runs the
# result where this machine can (natively, qemu-user, wine) and inspects its headers.
#
#   link_targets.sh <talpa-link> <work dir> <clang> <llvm-ar> <llvm bin dir>
#
# program.c plays the compiler's objects; rt_<goos>.c plays the runtime and goes into a
# fake libtalpart.a, so the entry point is found by archive search as in a real build.
# Every program prints "hello from talpa-link" and exits with status 7.
set -u
TALPA_LINK=$1 WORK=$2 CLANG=$3 AR=$4 BIN=$5
HERE=$(cd "$(dirname "$0")" && pwd)
EXPECT="hello from talpa-link"
failures=0

ok() { echo "PASS $*"; }
bad() { echo "FAIL $*"; failures=$((failures + 1)); }
skip() { echo "SKIP $*"; }
# has <file> <fixed string>: the file contains the string.
has() { grep -qF -- "$2" "$1"; }

# compile <dir> <triple> <cflags> <source> <object>: with DWARF (also on windows, where
# talpa writes no PDB) and a section per function, as the compiler emits them.
compile() {
  "$CLANG" --target="$2" $3 -ffreestanding -fno-stack-protector -O1 -gdwarf \
    -ffunction-sections -fdata-sections -c "$4" -o "$1/$5"
}

# prepare <name> <triple> <cflags> <rt source>: objects and the fake runtime archive.
prepare() {
  d=$WORK/$1
  rm -rf "$d" && mkdir -p "$d/runtime" || return 1
  compile "$d" "$2" "$3" "$HERE/program.c" program.o &&
    compile "$d" "$2" "$3" "$HERE/undefined.c" undefined.o &&
    compile "$d" "$2" "$3" "$HERE/$4.c" rt0.o &&
    "$AR" rcs "$d/runtime/libtalpart.a" "$d/rt0.o"
}

# link <name> <goos/goarch> <out> [flags...] <objects...>; status and messages in $d/link.log.
link() {
  n=$1 t=$2 o=$3
  shift 3
  "$TALPA_LINK" -target "$t" -o "$o" -runtime-dir "$WORK/$n/runtime" -scratch "$WORK/$n/scratch" \
    "$@" >"$WORK/$n/link.log" 2>&1
}

# run_check <name> <command...>: the program prints the message and exits 7.
run_check() {
  n=$1
  shift
  out=$("$@" 2>"$WORK/$n/run.err")
  st=$?
  out=$(printf '%s' "$out" | tr -d '\r')
  if [ "$st" = 7 ] && [ "$out" = "$EXPECT" ]; then ok "$n: ran, printed the message, exit 7"
  else bad "$n: ran with status $st, output '$out'"; fi
}

# errors <name> <goos/goarch> <exe suffix>: failed links report lld's message, exit 1 (not
# a signal) and leave no output, nor clobber an existing one.
errors() {
  n=$1 t=$2 x=$3 d=$WORK/$1
  link "$n" "$t" "$d/undef$x" "$d/undefined.o"
  st=$?
  if [ $st = 1 ] && has "$d/link.log" "undefined symbol" && has "$d/link.log" "talpa_missing" &&
    [ ! -e "$d/undef$x" ]; then ok "$n: undefined symbol reported ($(head -n1 "$d/link.log"))"
  else bad "$n: undefined symbol: status $st, $(head -n1 "$d/link.log")"; fi

  printf 'not an object file\n' >"$d/bad.o"
  printf 'previous executable\n' >"$d/keep$x"
  link "$n" "$t" "$d/keep$x" "$d/bad.o"
  st=$?
  if [ $st = 1 ] && [ -s "$d/link.log" ] && [ "$(cat "$d/keep$x")" = "previous executable" ] &&
    [ -z "$(ls -A "$d" | grep '\.link-')" ]; then
    ok "$n: bad object reported, old output kept ($(head -n1 "$d/link.log"))"
  else bad "$n: bad object: status $st, $(head -n1 "$d/link.log")"; fi

  # A truncated object is caught by talpa's own header check before lld sees it.
  head -c 200 "$d/program.o" >"$d/trunc.o"
  link "$n" "$t" "$d/trunc$x" "$d/trunc.o"
  st=$?
  if [ $st = 1 ] && has "$d/link.log" "trunc.o" && [ ! -e "$d/trunc$x" ]; then
    ok "$n: truncated object reported ($(head -n1 "$d/link.log"))"
  else bad "$n: truncated object: status $st, $(head -n1 "$d/link.log")"; fi

  # A corrupt runtime archive sends lld down its fatal() path: the process survives, and
  # the next link in it is refused instead of re-entering lld's half-torn-down state.
  mkdir -p "$d/badrt"
  printf '!<arch>\nnot an archive member header, not at all............................\n' \
    >"$d/badrt/libtalpart.a"
  "$TALPA_LINK" -target "$t" -o "$d/badrt-out$x" -runtime-dir "$d/badrt" -repeat 2 "$d/program.o" \
    >"$d/link.log" 2>&1
  st=$?
  if [ $st = 1 ] && has "$d/link.log" "malformed archive" && has "$d/link.log" "cannot run again" &&
    [ ! -e "$d/badrt-out$x" ]; then
    ok "$n: corrupt archive reported, re-entry refused ($(head -n1 "$d/link.log" | cut -c1-80)...)"
  else bad "$n: corrupt archive: status $st, $(head -n1 "$d/link.log")"; fi

  "$TALPA_LINK" -target "$t" -o "$d/nort$x" -runtime-dir "$d/no-such-dir" "$d/program.o" \
    >"$d/link.log" 2>&1
  st=$?
  if [ $st = 1 ] && has "$d/link.log" "libtalpart.a not found"; then
    ok "$n: missing runtime reported"
  else bad "$n: missing runtime: status $st, $(head -n1 "$d/link.log")"; fi
}

# reproducible <name> <goos/goarch> <exe suffix>: links in different directories, and
# repeated links in one process, give byte-identical executables.
reproducible() {
  n=$1 t=$2 x=$3 d=$WORK/$1
  mkdir -p "$d/r1" "$d/r2"
  link "$n" "$t" "$d/r1/prog$x" -buildid 0123abcd "$d/program.o" &&
    link "$n" "$t" "$d/r2/prog$x" -buildid 0123abcd "$d/program.o" &&
    link "$n" "$t" "$d/r2/prog$x" -repeat 3 -buildid 0123abcd "$d/program.o" &&
    cmp -s "$d/r1/prog$x" "$d/r2/prog$x"
  if [ $? = 0 ]; then ok "$n: reproducible, and re-linked 3 times in one process"
  else bad "$n: links differ or a repeated link failed"; fi
}

# --- linux: static ELF ----------------------------------------------------------------------
linux() {
  n=$1 arch=$2 triple=$3 cflags=$4 runner=$5
  d=$WORK/$n
  if ! prepare "$n" "$triple" "$cflags" rt_linux; then bad "$n: compiling test objects"; return; fi
  if ! link "$n" "linux/$arch" "$d/prog" -buildid 0x00112233445566778899aabbccddeeff "$d/program.o"; then
    bad "$n: link: $(cat "$d/link.log")"
    return
  fi
  ok "$n: linked"
  "$BIN/llvm-readobj" --file-headers --program-headers --notes --sections "$d/prog" >"$d/readobj"
  if has "$d/readobj" "Type: Executable (0x2)" && ! has "$d/readobj" "PT_INTERP" &&
    ! has "$d/readobj" "PT_DYNAMIC"; then ok "$n: static non-PIE executable, no interpreter"
  else bad "$n: not a static executable"; fi
  if has "$d/readobj" "Build ID: 00112233445566778899aabbccddeeff"; then ok "$n: build ID"
  else bad "$n: build ID missing"; fi
  if "$BIN/llvm-readelf" -S "$d/prog" | grep -qE '\.debug_info .* C '; then
    ok "$n: DWARF kept, compressed"
  else bad "$n: DWARF not compressed"; fi
  if "$BIN/llvm-nm" "$d/prog" | grep -q talpa_unused; then bad "$n: dead code kept"
  else ok "$n: dead code removed"; fi

  link "$n" "linux/$arch" "$d/prog-s" -s "$d/program.o"
  if ! "$BIN/llvm-readelf" -S "$d/prog-s" | grep -qE '\.symtab|\.debug_'; then
    ok "$n: -s strips symbols and DWARF"
  else bad "$n: -s left symbols or DWARF"; fi
  link "$n" "linux/$arch" "$d/prog-w" -w "$d/program.o"
  if "$BIN/llvm-readelf" -S "$d/prog-w" | grep -q '\.symtab' &&
    ! "$BIN/llvm-readelf" -S "$d/prog-w" | grep -q '\.debug_'; then
    ok "$n: -w strips DWARF only"
  else bad "$n: -w wrong"; fi

  if [ -z "$runner" ]; then run_check "$n" "$d/prog"
  elif command -v "$runner" >/dev/null; then run_check "$n" "$runner" "$d/prog"
  else skip "$n: $runner not installed"; fi
  errors "$n" "linux/$arch" ""
  reproducible "$n" "linux/$arch" ""
}

# --- windows: PE with generated import libraries ---------------------------------------------
windows() {
  n=$1 arch=$2 triple=$3 machine=$4 run=$5
  d=$WORK/$n
  if ! prepare "$n" "$triple" "" rt_windows; then bad "$n: compiling test objects"; return; fi
  if ! link "$n" "windows/$arch" "$d/prog.exe" "$d/program.o"; then
    bad "$n: link: $(cat "$d/link.log")"
    return
  fi
  ok "$n: linked"
  "$BIN/llvm-readobj" --file-headers --coff-imports "$d/prog.exe" >"$d/readobj"
  if has "$d/readobj" "Machine: $machine" && has "$d/readobj" "IMAGE_SUBSYSTEM_WINDOWS_CUI" &&
    has "$d/readobj" "IMAGE_DLL_CHARACTERISTICS_DYNAMIC_BASE" &&
    has "$d/readobj" "IMAGE_DLL_CHARACTERISTICS_HIGH_ENTROPY_VA"; then
    ok "$n: $machine console image, ASLR"
  else bad "$n: PE headers wrong"; fi
  if has "$d/readobj" "Name: kernel32.dll" && has "$d/readobj" "Symbol: WriteFile" &&
    has "$d/readobj" "Symbol: ExitProcess"; then ok "$n: imports kernel32.dll WriteFile/ExitProcess"
  else bad "$n: imports wrong"; fi
  for lib in "$d"/scratch/*.lib; do
    "$BIN/llvm-readobj" --file-headers "$lib" 2>/dev/null | grep -m1 "Machine:" |
      grep -q "$machine" || bad "$n: $lib has the wrong machine"
  done
  if "$BIN/llvm-readobj" --sections "$d/prog.exe" | grep -q '\.debug_info'; then
    ok "$n: DWARF kept (/debug:dwarf)"
  else bad "$n: DWARF missing"; fi
  if "$BIN/llvm-nm" "$d/prog.exe" | grep -q talpa_unused; then bad "$n: dead code kept"
  else ok "$n: dead code removed"; fi
  link "$n" "windows/$arch" "$d/prog-s.exe" -s "$d/program.o"
  if ! "$BIN/llvm-readobj" --sections "$d/prog-s.exe" | grep -q '\.debug_'; then
    ok "$n: -s drops DWARF"
  else bad "$n: -s kept DWARF"; fi

  if LINK=/no-such-flag _LINK_=/no-such-file.obj link "$n" "windows/$arch" "$d/prog-env.exe" \
    "$d/program.o"; then ok "$n: LINK/_LINK_ environment ignored"
  else bad "$n: LINK environment leaked into lld-link: $(head -n1 "$d/link.log")"; fi

  if [ "$run" = wine ]; then
    if command -v wine >/dev/null; then run_check "$n" env WINEDEBUG=-all wine "$d/prog.exe"
    else skip "$n: wine not installed"; fi
  fi
  errors "$n" "windows/$arch" ".exe"
  reproducible "$n" "windows/$arch" ".exe"
}

# --- darwin: Mach-O against a generated libSystem.tbd -----------------------------------------
darwin() {
  n=$1 arch=$2 triple=$3 march=$4
  d=$WORK/$n
  if ! prepare "$n" "$triple" "" rt_darwin; then bad "$n: compiling test objects"; return; fi
  if ! link "$n" "darwin/$arch" "$d/prog" "$d/program.o"; then
    bad "$n: link: $(cat "$d/link.log")"
    return
  fi
  ok "$n: linked"
  "$BIN/llvm-otool" -l "$d/prog" >"$d/otool"
  "$BIN/llvm-objdump" --macho --private-headers "$d/prog" >"$d/objdump"
  if has "$d/objdump" "$march" && has "$d/otool" "cmd LC_MAIN" &&
    has "$d/otool" "name /usr/lib/dyld" &&
    has "$d/otool" "name /usr/lib/libSystem.B.dylib"; then
    ok "$n: $march executable, LC_MAIN, dyld, libSystem.B.dylib"
  else bad "$n: load commands wrong"; fi
  if has "$d/otool" "minos 11.0"; then ok "$n: platform macos 11.0"
  else bad "$n: platform version missing"; fi
  if "$BIN/llvm-nm" -u "$d/prog" | grep -q '_write'; then ok "$n: _write bound from libSystem"
  else bad "$n: _write not imported"; fi
  if "$BIN/llvm-nm" "$d/prog" | grep -q talpa_unused; then bad "$n: dead code kept"
  else ok "$n: dead code removed"; fi
  "$BIN/llvm-objdump" --macho --lazy-bind "$d/prog" >"$d/binds"
  if grep -q 'libSystem *_write' "$d/binds"; then ok "$n: _write bound to libSystem by ordinal"
  else bad "$n: _write binding wrong"; fi
  if [ "$arch" = arm64 ]; then
    if has "$d/otool" "cmd LC_CODE_SIGNATURE"; then ok "$n: ad-hoc code signature"
    else bad "$n: no LC_CODE_SIGNATURE"; fi
  fi
  errors "$n" "darwin/$arch" ""
  reproducible "$n" "darwin/$arch" ""
}

mkdir -p "$WORK"
linux linux_amd64 amd64 x86_64-unknown-linux-gnu "" ""
linux linux_arm64 arm64 aarch64-unknown-linux-gnu "" qemu-aarch64
linux linux_riscv64 riscv64 riscv64-unknown-linux-gnu "-march=rv64gc -mabi=lp64d" qemu-riscv64
windows windows_amd64 amd64 x86_64-pc-windows-msvc IMAGE_FILE_MACHINE_AMD64 wine
windows windows_arm64 arm64 aarch64-pc-windows-msvc IMAGE_FILE_MACHINE_ARM64 inspect
darwin darwin_amd64 amd64 x86_64-apple-macosx11.0.0 X86_64
darwin darwin_arm64 arm64 arm64-apple-macosx11.0.0 ARM64

echo "$failures failure(s)"
[ "$failures" = 0 ]
