#!/usr/bin/env bash
# Builds talpa-parse-fuzzer (the fuzz preset) and runs it on Go's sources as seed corpus.
#   tools/fuzz_parse.sh [seconds] [extra libFuzzer args]    default 60 s
# FUZZ_TARGET=check fuzzes the type checker instead (talpa-check-fuzzer: parse, then
# types::Check), with its own corpus and artifacts (corpus-check, artifacts-check).
# Seeds: every .go file of at most 64 KiB under src/ and test/ of Go 1.19 (GOROOT_SEEDS),
# copied once into the corpus (CORPUS, default build-fuzz/corpus-parse) named by content
# hash, so reruns add nothing twice and keep what earlier runs found. One libFuzzer process
# (-fork=1) that goes on after a crash, hang or OOM; each finding is an artifact in
# build-fuzz/artifacts-parse/. Ends with a one-line summary; exit status 1 if anything was
# found. TALPA_FUZZ_ROUNDTRIP=0 leaves out the printer round trip. See docs/testing/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
if [ $# -gt 0 ]; then shift; fi
if ! [[ $secs =~ ^[0-9]+$ ]]; then
  echo "usage: tools/fuzz_parse.sh [seconds] [extra libFuzzer args]" >&2
  exit 2
fi

build=build-fuzz
target=${FUZZ_TARGET:-parse}
case $target in parse | check) ;; *) echo "FUZZ_TARGET must be parse or check" >&2; exit 2 ;; esac
fuzzer=$build/test/fuzz/talpa-$target-fuzzer
corpus=${CORPUS:-$build/corpus-$target}
artifacts=$build/artifacts-$target
goroot=${GOROOT_SEEDS:-/usr/share/go-1.19}
max_len=65536

# Build: configuring again is cheap and picks up CMake changes; ninja builds only the
# fuzzer and the two libraries it links.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! cmake --preset fuzz >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
ninja -C "$build" "talpa-$target-fuzzer"

# Seed once; the stamp is beside the corpus, not in it (libFuzzer reads every file there).
mkdir -p "$corpus" "$artifacts"
if [ ! -e "$corpus.seeded" ]; then
  n=0
  while read -r hash path; do
    [ -e "$corpus/$hash" ] || cp "$path" "$corpus/$hash"
    n=$((n + 1))
  done < <(find -L "$goroot/src" "$goroot/test" -name '*.go' -type f -size -$((max_len + 1))c \
             -print0 | xargs -0 sha1sum)
  echo "fuzz_$target: seeded $corpus with $n Go files from $goroot"
  touch "$corpus.seeded"
fi

# Sanitizer reports stop the unit (the build has -fno-sanitize-recover) and carry a stack.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

runlog=$build/fuzz-$target.log
start=$(date +%s)
touch "$build/.fuzz-$target-start"
set +e
"$fuzzer" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len \
  -dict=test/fuzz/go.dict -artifact_prefix="$artifacts/" -print_final_stats=1 \
  "$@" "$corpus" 2>&1 | tee "$runlog"
status=${PIPESTATUS[0]}
set -e
ran=$(($(date +%s) - start))

# The last status line: "#N: cov: C ft: F corp: K ..." in fork mode, "#N <event> cov: C
# ft: F corp: K/..." in a single process (-fork=0 among the extra args).
last=$(grep -E '^#[0-9]+:?[[:space:]].*cov: [0-9]+' "$runlog" | tail -n 1 || true)
execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
units=$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+)/\1/p' "$runlog" | tail -n 1)
[ -n "$units" ] && execs=$units

# Findings: the artifacts this run wrote (slow-unit-* are reports, not findings).
mapfile -t found < <(find "$artifacts" -type f -newer "$build/.fuzz-$target-start" \
                       ! -name 'slow-unit-*' | sort)
kinds=""
for k in crash timeout oom leak; do
  c=$(printf '%s\n' "${found[@]}" | grep -c "/$k-" || true)
  [ "$c" -gt 0 ] && kinds+=" $k=$c"
done
echo "fuzz_$target: ran ${ran} s, ${execs:-?} execs, cov ${cov:-?} ft ${ft:-?}," \
  "corpus ${corp:-?}, findings ${#found[@]}${kinds:+ (${kinds# })}, libFuzzer exit $status"
for f in "${found[@]}"; do echo "  $f"; done
[ ${#found[@]} -eq 0 ]
