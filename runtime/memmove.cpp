// The C memory primitives LLVM-generated code calls; mirrors runtime/memmove_*.s,
// memclr_*.s and internal/bytealg's compare.
//
// LLVM lowers large copies, zeroing and struct assignments in any module (compiled Go
// code and this runtime alike) to calls to memcpy, memmove and memset, and may turn
// comparison loops into memcmp, so every talpa executable must define them and there is
// no libc to do it. They carry C names, not Go ones, because that is what LLVM emits.
//
// Each is a plain loop, word at a time where alignment allows. The danger is that clang
// recognises such a loop as "a memset" and replaces it with a call to memset: the
// function would call itself forever. __attribute__((no_builtin)) forbids that
// transformation inside these functions (it is -fno-builtin per function).
//
// Per-architecture versions (rep movsb, NEON, the V extension) are future work; on
// darwin, libSystem's faster ones could be imported instead.
#include <stddef.h>
#include <stdint.h>

#define NOBUILTIN __attribute__((no_builtin))

extern "C" {

// The C declarations (there is no <string.h> to provide them).
void *memmove(void *dst, const void *src, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

// memmove copies n bytes from src to dst; the ranges may overlap.
NOBUILTIN void *memmove(void *dst, const void *src, size_t n) {
  auto *d = static_cast<uint8_t *>(dst);
  auto *s = static_cast<const uint8_t *>(src);
  if (d == s || n == 0) return dst;
  bool aligned = ((reinterpret_cast<uintptr_t>(d) | reinterpret_cast<uintptr_t>(s)) & 7) == 0;
  if (d < s || d >= s + n) {
    // Forward: safe when dst is below src or the ranges are disjoint.
    size_t i = 0;
    if (aligned) {
      for (; i + 8 <= n; i += 8) {
        *reinterpret_cast<uint64_t *>(d + i) = *reinterpret_cast<const uint64_t *>(s + i);
      }
    }
    for (; i < n; i++)
      d[i] = s[i];
  } else {
    // Backward: dst overlaps the tail of src.
    size_t i = n;
    if (aligned) {
      for (; i % 8 != 0; i--)
        d[i - 1] = s[i - 1];
      for (; i >= 8; i -= 8) {
        *reinterpret_cast<uint64_t *>(d + i - 8) = *reinterpret_cast<const uint64_t *>(s + i - 8);
      }
    }
    for (; i > 0; i--)
      d[i - 1] = s[i - 1];
  }
  return dst;
}

// memcpy copies n bytes between non-overlapping ranges; memmove's forward path is
// exactly that, and one implementation is one to get right.
NOBUILTIN void *memcpy(void *dst, const void *src, size_t n) { return memmove(dst, src, n); }

// memset fills n bytes at dst with the low byte of c.
NOBUILTIN void *memset(void *dst, int c, size_t n) {
  auto *d = static_cast<uint8_t *>(dst);
  uint8_t b = static_cast<uint8_t>(c);
  size_t i = 0;
  if ((reinterpret_cast<uintptr_t>(d) & 7) == 0) {
    uint64_t w = uint64_t(b) * 0x0101010101010101ull;
    for (; i + 8 <= n; i += 8)
      *reinterpret_cast<uint64_t *>(d + i) = w;
  }
  for (; i < n; i++)
    d[i] = b;
  return dst;
}

// memcmp compares n bytes as unsigned bytes: <0, 0 or >0.
NOBUILTIN int memcmp(const void *a, const void *b, size_t n) {
  auto *x = static_cast<const uint8_t *>(a);
  auto *y = static_cast<const uint8_t *>(b);
  for (size_t i = 0; i < n; i++) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

#if defined(GOOS_darwin)
// On darwin LLVM lowers zeroing to libSystem's bzero (arm64) or __bzero (amd64) instead
// of memset; talpa links only the libSystem functions it imports, so it defines these.
void bzero(void *dst, size_t n);
void __bzero(void *dst, size_t n);
NOBUILTIN void bzero(void *dst, size_t n) { memset(dst, 0, n); }
NOBUILTIN void __bzero(void *dst, size_t n) { memset(dst, 0, n); }
#endif

} // extern "C"
