// Where the pointers are, and which slots are free; mirrors runtime/mbitmap.go.
//
// Three kinds of bitmap:
//
// 1. The heap bitmap, one bit per 8-byte word of each arena (heapArena::bitmap): set for
//    a word of a scannable small object that holds a pointer. mallocgc writes an
//    object's bits when it hands the object out, from its type descriptor:
//
//        typ->gcdata: bit w set <=> word w of a T holds a pointer, for w < ptrdata/8
//        object of elemsize bytes holding n = dataSize/typ->size values of T:
//            bits of element e = gcdata, placed at word e * typ->size/8
//            every other bit of the object's words: clear
//
//    so scanning an object reads its words' bits and never needs the type again.
//    Noscan spans never read or write the bitmap. Large objects (one per span) keep the
//    type in the span instead (mspan::largeType): a 100 MB []*T costs no bitmap writes.
//    gc 1.19 keeps two bits per word (pointer, and "more pointers follow") and writes them
//    for large objects too; gc 1.22 moved to a per-span bitmap for small objects and a
//    type header for larger ones. One bit per word is the simplest of these that is
//    precise; the objects' bits never straddle spans, so spans owned by different Ps
//    will not write the same word.
//
// 2. allocBits and gcmarkBits per span, one bit per object (mspan). See mspan in
//    malloc.h for how allocation reads allocBits through allocCache.
//
// 3. The page allocator's bitmaps (mheap.cpp).
#include "malloc.h"

namespace runtime {

// Caller owns the span (its mcache, or the world is stopped).
void mspan::refillAllocCache() {
  uint32_t group = freeindex / 64;
  allocCache = ~allocBits[group] >> (freeindex % 64);
}

// Caller owns the span. Go: nextFreeIndex.
uint32_t mspan::nextFreeIndex() {
  while (allocCache == 0) {
    uint32_t next = (freeindex & ~63u) + 64;
    if (next >= nelems) {
      freeindex = nelems;
      return nelems;
    }
    freeindex = next;
    allocCache = ~allocBits[next / 64];
  }
  uint32_t j = static_cast<uint32_t>(__builtin_ctzll(allocCache));
  uint32_t idx = freeindex + j;
  if (idx >= nelems) {
    freeindex = nelems;
    allocCache = 0;
    return nelems;
  }
  allocCache = j == 63 ? 0 : allocCache >> (j + 1);
  freeindex = idx + 1;
  // Keep allocCache loaded for the group freeindex is in.
  if (freeindex % 64 == 0 && freeindex < nelems) allocCache = ~allocBits[freeindex / 64];
  allocCount++;
  return idx;
}

namespace {

void setBit(uint64_t *b, uintptr_t i) { b[i / 64] |= uint64_t(1) << (i % 64); }

void setRange(uint64_t *b, uintptr_t i, uintptr_t n) {
  for (; n > 0 && i % 64 != 0; i++, n--)
    setBit(b, i);
  for (; n >= 64; i += 64, n -= 64)
    b[i / 64] = ~uint64_t(0);
  for (; n > 0; i++, n--)
    setBit(b, i);
}

void clearRange(uint64_t *b, uintptr_t i, uintptr_t n) {
  for (; n > 0 && i % 64 != 0; i++, n--)
    b[i / 64] &= ~(uint64_t(1) << (i % 64));
  for (; n >= 64; i += 64, n -= 64)
    b[i / 64] = 0;
  for (; n > 0; i++, n--)
    b[i / 64] &= ~(uint64_t(1) << (i % 64));
}

} // namespace

// Caller owns x's span; x's bits are only read with the world stopped.
void heapBitsSetType(const mspan *s, uintptr_t x, uintptr_t dataSize, const _type *typ) {
  heapArena *ha = s->arena;
  uint64_t *bits = ha->bitmap;
  uintptr_t w0 = (x - ha->base) / 8;
  uintptr_t nw = s->elemsize / 8;
  uintptr_t elemWords = typ->size / 8;
  uintptr_t ptrWords = typ->ptrdata / 8;
  // One value (the common case) needs no division.
  uintptr_t n = dataSize <= typ->size || typ->size == 0 ? 1 : dataSize / typ->size;
  const uint8_t *mask = typ->gcdata;
  if (nw <= 64 && ptrWords <= 64) {
    // The common case: the object's bits fit in one 64-bit mask, written in at most
    // two words.
    uint64_t m = 0;
    for (uintptr_t b = 0; b < (ptrWords + 7) / 8; b++)
      m |= uint64_t(mask[b]) << (8 * b);
    if (ptrWords < 64) m &= (uint64_t(1) << ptrWords) - 1;
    uint64_t all = m;
    for (uintptr_t e = 1; elemWords > 0 && e < n && e * elemWords < 64; e++)
      all |= m << (e * elemWords);
    uint64_t keep = nw == 64 ? ~uint64_t(0) : (uint64_t(1) << nw) - 1;
    all &= keep;
    uintptr_t i = w0 / 64;
    uintptr_t shift = w0 % 64;
    bits[i] = (bits[i] & ~(keep << shift)) | all << shift;
    if (shift + nw > 64) {
      bits[i + 1] = (bits[i + 1] & ~(keep >> (64 - shift))) | all >> (64 - shift);
    }
    return;
  }
  clearRange(bits, w0, nw);
  // An array of pointers: one run.
  if (elemWords == 1 && ptrWords == 1 && (mask[0] & 1) != 0) {
    setRange(bits, w0, n);
    return;
  }
  for (uintptr_t e = 0; e < n; e++) {
    uintptr_t base = w0 + e * elemWords;
    for (uintptr_t w = 0; w < ptrWords; w += 8) {
      uint8_t m = mask[w / 8];
      while (m != 0) {
        uintptr_t k = static_cast<uintptr_t>(__builtin_ctz(m));
        if (w + k < ptrWords) setBit(bits, base + w + k);
        m &= static_cast<uint8_t>(m - 1);
      }
    }
  }
}

// World stopped (or the caller owns p's span).
bool heapBitsPointer(uintptr_t p) {
  heapArena *ha = arenaOf(p);
  uintptr_t w = (p - ha->base) / 8;
  return (ha->bitmap[w / 64] >> (w % 64) & 1) != 0;
}

} // namespace runtime
