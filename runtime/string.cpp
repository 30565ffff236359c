// String operations compiled code calls; mirrors runtime/string.go and utf8.go (and
// cmpstring of internal/bytealg).
//
// Strings are immutable {ptr, len} pairs (talpa/abi.h stringStruct). Concatenation always
// allocates a fresh backing array through mallocgc; gc's optimisations (a stack buffer
// for non-escaping results, returning an operand unchanged when the other is empty) are
// left for later. Only the second is visible to programs, through pointer identity, which
// Go does not promise.
#include "runtime.h"
#include "sizeclasses.h"

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

namespace {

constexpr int32_t runeError = 0xFFFD; // what invalid UTF-8 and invalid code points become
constexpr int32_t maxRune = 0x10FFFF;
constexpr int32_t surrogateMin = 0xD800, surrogateMax = 0xDFFF;

// isCont reports whether b is a UTF-8 continuation byte (10xxxxxx).
bool isCont(uint8_t b) { return (b & 0xC0) == 0x80; }

// encoderune writes the UTF-8 encoding of r to p (room for 4 bytes) and returns its
// length; invalid code points (surrogates, negative, past maxRune) encode runeError.
// Go: encoderune. Runs anywhere.
int encoderune(uint8_t *p, int64_t r) {
  if (r < 0 || r > maxRune || (r >= surrogateMin && r <= surrogateMax)) r = runeError;
  auto c = static_cast<uint32_t>(r);
  if (c < 0x80) {
    p[0] = static_cast<uint8_t>(c);
    return 1;
  }
  if (c < 0x800) {
    p[0] = static_cast<uint8_t>(0xC0 | c >> 6);
    p[1] = static_cast<uint8_t>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    p[0] = static_cast<uint8_t>(0xE0 | c >> 12);
    p[1] = static_cast<uint8_t>(0x80 | (c >> 6 & 0x3F));
    p[2] = static_cast<uint8_t>(0x80 | (c & 0x3F));
    return 3;
  }
  p[0] = static_cast<uint8_t>(0xF0 | c >> 18);
  p[1] = static_cast<uint8_t>(0x80 | (c >> 12 & 0x3F));
  p[2] = static_cast<uint8_t>(0x80 | (c >> 6 & 0x3F));
  p[3] = static_cast<uint8_t>(0x80 | (c & 0x3F));
  return 4;
}

} // namespace

// DecodeRune decodes the rune of s (length n) that starts at byte k and stores {rune,
// offset after it} into out (two int64s). A byte that does not begin a valid, shortest
// encoding of a code point outside the surrogates decodes as {runeError, k+1}, so a
// range loop visits every invalid byte once. Compiled code handles ASCII itself and calls
// this for s[k] >= 0x80, but any k < n works. Go: decoderune. Runs on any goroutine.
extern "C" void DecodeRune(void *out, void *s, int64_t n, int64_t k) {
  auto *res = static_cast<int64_t *>(out);
  const auto *p = static_cast<const uint8_t *>(s) + k;
  int64_t avail = n - k;
  res[0] = runeError;
  res[1] = k + 1;
  if (avail <= 0) return;
  uint8_t b0 = p[0];
  int size;
  int32_t r, min;
  if (b0 < 0x80) {
    res[0] = b0;
    return;
  } else if (b0 >= 0xC0 && b0 < 0xE0) {
    size = 2, r = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 < 0xF0) {
    size = 3, r = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 < 0xF8) {
    size = 4, r = b0 & 0x07, min = 0x10000;
  } else {
    return;
  }
  if (avail < size) return;
  for (int i = 1; i < size; i++) {
    if (!isCont(p[i])) return;
    r = r << 6 | (p[i] & 0x3F);
  }
  if (r < min || r > maxRune || (r >= surrogateMin && r <= surrogateMax)) return;
  res[0] = r;
  res[1] = k + size;
}

// IntString stores string(rune(v)) into out: the UTF-8 encoding of v, or of runeError
// when v is not a valid code point (including values that do not fit a rune). Go:
// intstring (always allocating: no stack buffer yet). Runs on any goroutine.
extern "C" void IntString(void *out, int64_t v) {
  uint8_t buf[4];
  int n = encoderune(buf, v);
  auto *p = static_cast<uint8_t *>(mallocgc(static_cast<uintptr_t>(n), nullptr, false));
  __builtin_memcpy(p, buf, static_cast<size_t>(n));
  *static_cast<stringStruct *>(out) = {p, n};
}

// SliceByteToString stores string(b) for b = (p, n) into out: a fresh copy ({nullptr, 0}
// when empty). Go: slicebytetostring. Runs on any goroutine.
extern "C" void SliceByteToString(void *out, void *p, int64_t n) {
  auto *res = static_cast<stringStruct *>(out);
  if (n == 0) {
    *res = {nullptr, 0};
    return;
  }
  auto *q = static_cast<uint8_t *>(mallocgc(static_cast<uintptr_t>(n), nullptr, false));
  __builtin_memcpy(q, p, static_cast<size_t>(n));
  *res = {q, n};
}

// SliceRuneToString stores string(r) for the runes r = (p, n) into out: each rune's UTF-8
// encoding (U+FFFD for invalid code points). Go: slicerunetostring. Runs on any goroutine.
extern "C" void SliceRuneToString(void *out, void *p, int64_t n) {
  auto *res = static_cast<stringStruct *>(out);
  const auto *runes = static_cast<const int32_t *>(p);
  uint8_t buf[4];
  int64_t size = 0;
  for (int64_t i = 0; i < n; i++)
    size += encoderune(buf, runes[i]);
  if (size == 0) {
    *res = {nullptr, 0};
    return;
  }
  auto *q = static_cast<uint8_t *>(mallocgc(static_cast<uintptr_t>(size), nullptr, false));
  int64_t at = 0;
  for (int64_t i = 0; i < n; i++)
    at += encoderune(q + at, runes[i]);
  *res = {q, size};
}

// StringToSliceByte stores []byte(s) for s = (p, n) into out: a new array whose capacity
// is n rounded up to the allocator's size class, as gc's rawbyteslice gives (a non-nil
// slice even when empty). Go: stringtoslicebyte (without its stack buffer). Runs on any
// goroutine.
extern "C" void StringToSliceByte(void *out, void *p, int64_t n) {
  uintptr_t cap = roundupsize(static_cast<uintptr_t>(n));
  auto *q = static_cast<uint8_t *>(mallocgc(cap, nullptr, true));
  if (n > 0) __builtin_memcpy(q, p, static_cast<size_t>(n));
  *static_cast<talpa::abi::slice *>(out) = {q, n, static_cast<intptr_t>(cap)};
}

// StringToSliceRune stores []rune(s) for s = (p, n) into out: the decoded runes (U+FFFD
// for each invalid byte) in an array whose capacity is rounded up as gc's rawruneslice
// rounds it. Go: stringtoslicerune. Runs on any goroutine.
extern "C" void StringToSliceRune(void *out, void *p, int64_t n) {
  int64_t count = 0, dec[2];
  for (int64_t k = 0; k < n; count++) {
    DecodeRune(dec, p, n, k);
    k = dec[1];
  }
  uintptr_t mem = roundupsize(static_cast<uintptr_t>(count) * 4);
  auto *runes = static_cast<int32_t *>(mallocgc(mem, nullptr, true));
  int64_t i = 0;
  for (int64_t k = 0; k < n; i++) {
    DecodeRune(dec, p, n, k);
    runes[i] = static_cast<int32_t>(dec[0]);
    k = dec[1];
  }
  *static_cast<talpa::abi::slice *>(out) = {runes, count, static_cast<intptr_t>(mem / 4)};
}

} // namespace runtime
