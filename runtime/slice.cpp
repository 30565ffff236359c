// Slice allocation and growth; mirrors runtime/slice.go (makeslice, growslice) and msize.go
// (roundupsize).
//
// These are the lowering's own until the allocator's versions land (runtime.def's "Slices"
// section): the growth rule must be gc's exactly, because programs print cap() after
// append. growslice(et, old, newlen):
//
//     if newlen < old.cap: panic "growslice: cap out of range" (newlen overflowed)
//     newcap = old.cap
//     if newlen > 2*old.cap:            newcap = newlen
//     else if old.cap < 256:            newcap = 2*old.cap
//     else: repeat newcap += (newcap + 3*256) / 4 until newcap >= newlen (0 on overflow:
//           newcap = newlen)
//     capmem = roundupsize(newcap * et.size); newcap = capmem / et.size
//
// then a new zeroed block of capmem bytes receives the old elements. roundupsize rounds a
// small request up to the smallest of gc's 67 size classes that holds it (the same
// classes as gc's sizeclasses.go, so the capacities agree) and a large one up to whole
// 8 KiB pages. The block is allocated with the element's descriptor: mallocgc must treat
// an object larger than its type as an array of that type, as gc's does.
#include "runtime.h"

namespace runtime {

namespace {

// gc's class_to_size (sizeclasses.go): the object sizes of the small size classes.
constexpr uint16_t class_to_size[] = {
    0,     8,     16,    24,    32,    48,    64,    80,    96,    112,   128,   144,  160,   176,
    192,   208,   224,   240,   256,   288,   320,   352,   384,   416,   448,   480,  512,   576,
    640,   704,   768,   896,   1024,  1152,  1280,  1408,  1536,  1792,  2048,  2304, 2688,  3072,
    3200,  3456,  4096,  4864,  5376,  6144,  6528,  6784,  6912,  8192,  9472,  9728, 10240, 10880,
    12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768};

constexpr uintptr_t maxSmallSize = 32768;
constexpr uintptr_t pageSize = 8192;
// The largest allocation: the 48-bit address space of every talpa target. Go: maxAlloc.
constexpr uintptr_t maxAlloc = uintptr_t(1) << 48;

// mulUintptr returns a*b and whether it overflowed. Go: math.MulUintptr.
bool mulUintptr(uintptr_t a, uintptr_t b, uintptr_t *r) { return __builtin_mul_overflow(a, b, r); }

} // namespace

// Runs anywhere.
uintptr_t roundupsize(uintptr_t size) {
  if (size < maxSmallSize) {
    // The smallest class that holds size (binary search over the sorted sizes).
    size_t lo = 0, hi = sizeof(class_to_size) / sizeof(class_to_size[0]) - 1;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (class_to_size[mid] < size)
        lo = mid + 1;
      else
        hi = mid;
    }
    return class_to_size[lo];
  }
  if (size + pageSize < size) return size;
  return (size + pageSize - 1) & ~(pageSize - 1);
}

// MakeSlice allocates the zeroed backing array of make([]T, len, cap). Go: makeslice.
// Runs on any goroutine.
extern "C" void *MakeSlice(void *typ, int64_t len, int64_t cap) {
  auto *et = static_cast<const talpa::abi::_type *>(typ);
  uintptr_t mem;
  bool overflow = mulUintptr(et->size, static_cast<uintptr_t>(cap), &mem);
  if (overflow || mem > maxAlloc || len < 0 || len > cap) {
    // make([]T, bignumber) says len, not cap, out of range: cap is only implied there.
    overflow = mulUintptr(et->size, static_cast<uintptr_t>(len), &mem);
    if (overflow || mem > maxAlloc || len < 0) panicerrorstring("makeslice: len out of range");
    panicerrorstring("makeslice: cap out of range");
  }
  return mallocgc(mem, et, true);
}

// GrowSlice writes {ptr, oldlen, newcap} to out: a backing array with room for newlen
// elements holding the old ones (see the file comment). Go: growslice. Runs on any
// goroutine.
extern "C" void GrowSlice(void *out, void *typ, void *oldptr, int64_t oldlen, int64_t oldcap,
                          int64_t newlen) {
  auto *et = static_cast<const talpa::abi::_type *>(typ);
  auto *res = static_cast<talpa::abi::slice *>(out);
  if (newlen < oldcap) panicerrorstring("growslice: cap out of range");
  if (et->size == 0) {
    // append must not make a nil slice of non-zero length; zero-size elements share one
    // address.
    *res = {mallocgc(0, et, false), oldlen, newlen};
    return;
  }
  int64_t newcap = oldcap;
  int64_t doublecap = newcap + newcap;
  if (newlen > doublecap) {
    newcap = newlen;
  } else {
    constexpr int64_t threshold = 256;
    if (oldcap < threshold) {
      newcap = doublecap;
    } else {
      // From doubling to growing by 1.25 smoothly; 0 < newcap stops an overflow.
      while (0 < newcap && newcap < newlen)
        newcap += (newcap + 3 * threshold) / 4;
      if (newcap <= 0) newcap = newlen;
    }
  }
  uintptr_t size = et->size;
  uintptr_t lenmem = static_cast<uintptr_t>(oldlen) * size;
  uintptr_t capmem;
  bool overflow;
  if (size == 1) {
    capmem = roundupsize(static_cast<uintptr_t>(newcap));
    overflow = static_cast<uintptr_t>(newcap) > maxAlloc;
    newcap = static_cast<int64_t>(capmem);
  } else {
    overflow = mulUintptr(size, static_cast<uintptr_t>(newcap), &capmem);
    capmem = roundupsize(capmem);
    newcap = static_cast<int64_t>(capmem / size);
  }
  if (overflow || capmem > maxAlloc) panicerrorstring("growslice: cap out of range");
  void *p = mallocgc(capmem, et, true);
  if (lenmem > 0) __builtin_memmove(p, oldptr, lenmem);
  *res = {p, oldlen, newcap};
}

} // namespace runtime
