// String operations compiled code calls; mirrors runtime/string.go (and cmpstring of
// internal/bytealg).
//
// Strings are immutable {ptr, len} pairs (talpa/abi.h stringStruct). Concatenation always
// allocates a fresh backing array through mallocgc; gc's optimisations (a stack buffer
// for non-escaping results, returning an operand unchanged when the other is empty) are
// left for later. Only the second is visible to programs, through pointer identity, which
// Go does not promise.
#include "runtime.h"

namespace runtime {

// Runs anywhere; allocates nothing.
intptr_t findnull(const uint8_t *s) {
  if (s == nullptr) return 0;
  intptr_t n = 0;
  while (s[n] != 0)
    n++;
  return n;
}

// ConcatString2 stores a+b into *out. The empty result is {nullptr, 0}. Go:
// concatstring2 / concatstrings. Runs on any goroutine.
extern "C" void ConcatString2(void *out, void *a, int64_t alen, void *b, int64_t blen) {
  auto *res = static_cast<stringStruct *>(out);
  int64_t n;
  if (__builtin_add_overflow(alen, blen, &n)) throw_("string concatenation too long");
  if (n == 0) {
    *res = {nullptr, 0};
    return;
  }
  auto *p = static_cast<uint8_t *>(mallocgc(static_cast<uintptr_t>(n), nullptr, false));
  // An empty operand may carry any pointer, even nullptr: never hand it to memcpy.
  if (alen > 0) __builtin_memcpy(p, a, static_cast<size_t>(alen));
  if (blen > 0) __builtin_memcpy(p + alen, b, static_cast<size_t>(blen));
  *res = {p, n};
}

// CmpString compares a and b bytewise as unsigned bytes and returns -1, 0 or +1, the
// ordering of Go's string comparison operators. Go: cmpstring.
extern "C" int64_t CmpString(void *a, int64_t alen, void *b, int64_t blen) {
  auto *x = static_cast<const uint8_t *>(a);
  auto *y = static_cast<const uint8_t *>(b);
  int64_t n = alen < blen ? alen : blen;
  for (int64_t i = 0; i < n; i++) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : +1;
  }
  if (alen < blen) return -1;
  if (alen > blen) return +1;
  return 0;
}

} // namespace runtime
