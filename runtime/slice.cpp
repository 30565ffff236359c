// Slice allocation and growth; mirrors runtime/slice.go (makeslice, growslice) as of Go
// 1.19.
//
// growslice is append's slow path: the compiler calls it when len + n exceeds cap, with
// the required capacity, and it returns a new backing array with old.len elements copied.
// The new capacity follows gc 1.19 exactly, because programs can observe it (cap after
// append):
//
//     newcap = old.cap
//     if cap > 2*old.cap:        newcap = cap
//     else if old.cap < 256:     newcap = 2*old.cap
//     else: repeat newcap += (newcap + 3*256) / 4 until newcap >= cap
//           (a smooth step from doubling to growing by 1.25; if it overflows: cap)
//     bytes = roundupsize(newcap * elemsize); newcap = bytes / elemsize
//
// so the array fills its size class (for small arrays) or its pages. gc splits the last
// step by element size (1, pointer size, powers of two, others) only to avoid a
// division; the result is the same, and so is the overflow check, which is written here
// once with a checked multiplication.
#include "malloc.h"

namespace runtime {

namespace {

// The panics of errorString values: "panic: runtime error: <s>".
[[noreturn]] void panicRuntimeError(const char *s) { panicerrorstring(s); }

// Go: panicmakeslicelen, panicmakeslicecap.
[[noreturn]] void panicmakeslicelen() { panicRuntimeError("makeslice: len out of range"); }
[[noreturn]] void panicmakeslicecap() { panicRuntimeError("makeslice: cap out of range"); }

} // namespace

// MakeSlice allocates the zeroed backing array of make([]T, len, cap). Go: makeslice.
// Runs on any goroutine.
extern "C" void *MakeSlice(void *et, int64_t len, int64_t cap) {
  preemptcheck();
  auto *t = static_cast<const _type *>(et);
  uintptr_t mem;
  bool overflow = __builtin_mul_overflow(t->size, static_cast<uintptr_t>(cap), &mem);
  if (overflow || mem > maxAlloc || len < 0 || len > cap) {
    // make([]T, huge) names len, which the programmer wrote, not the implicit cap.
    overflow = __builtin_mul_overflow(t->size, static_cast<uintptr_t>(len), &mem);
    if (overflow || mem > maxAlloc || len < 0) panicmakeslicelen();
    panicmakeslicecap();
  }
  return mallocgc(mem, t, true);
}

namespace {

// growcap returns gc 1.19's new capacity (before rounding to a size class) for a slice
// of capacity oldcap that must hold cap elements. Runs anywhere.
int64_t growcap(int64_t oldcap, int64_t cap) {
  int64_t newcap = oldcap;
  int64_t doublecap = newcap + newcap;
  if (cap > doublecap) return cap;
  constexpr int64_t threshold = 256;
  if (oldcap < threshold) return doublecap;
  // 0 < newcap catches overflow and ends the loop.
  while (0 < newcap && newcap < cap) {
    // Wrapping, as Go's int addition: a negative result ends the loop.
    newcap = static_cast<int64_t>(static_cast<uint64_t>(newcap) +
                                  static_cast<uint64_t>((newcap + 3 * threshold) / 4));
  }
  return newcap <= 0 ? cap : newcap;
}

} // namespace

// Runs anywhere.
int64_t growslicecap(uintptr_t elemsize, int64_t oldcap, int64_t cap, uintptr_t *capmem) {
  int64_t newcap = growcap(oldcap, cap);
  uintptr_t mem;
  if (__builtin_mul_overflow(elemsize, static_cast<uintptr_t>(newcap), &mem)) return -1;
  mem = roundupsize(mem);
  if (mem > maxAlloc) return -1;
  *capmem = mem;
  return static_cast<int64_t>(mem / elemsize);
}

// GrowSlice writes {new array, old.len, new cap} to out. Go: growslice (Go 1.19). Runs
// on any goroutine.
extern "C" void GrowSlice(void *out, void *et, void *oldptr, int64_t oldlen, int64_t oldcap,
                          int64_t cap) {
  preemptcheck();
  auto *t = static_cast<const _type *>(et);
  auto *res = static_cast<talpa::abi::slice *>(out);
  if (cap < oldcap) panicRuntimeError("growslice: cap out of range");
  if (t->size == 0) {
    // append must not make a nil slice of non-zero length; any address will do.
    *res = {mallocgc(0, nullptr, false), oldlen, cap};
    return;
  }
  uintptr_t capmem = 0;
  int64_t newcap = growslicecap(t->size, oldcap, cap, &capmem);
  if (newcap < 0) panicRuntimeError("growslice: cap out of range");
  uintptr_t lenmem = static_cast<uintptr_t>(oldlen) * t->size;
  uintptr_t newlenmem = static_cast<uintptr_t>(cap) * t->size;
  void *p;
  if (t->ptrdata == 0) {
    p = mallocgc(capmem, nullptr, false);
    // append writes [old.len, cap) next; clear only what it leaves.
    __builtin_memset(static_cast<uint8_t *>(p) + newlenmem, 0, capmem - newlenmem);
  } else {
    // Cleared whole: the collector must never see stale pointers in it. No barrier is
    // needed for the copy while the collector stops the world (see mbarrier.cpp).
    p = mallocgc(capmem, t, true);
  }
  if (lenmem > 0) __builtin_memmove(p, oldptr, lenmem);
  *res = {p, oldlen, newcap};
}

} // namespace runtime
