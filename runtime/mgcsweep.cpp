// Sweeping: freeing what marking left white; mirrors runtime/mgcsweep.go (sweepLocked).
//
// With the world stopped after marking, every in-use span is swept once, found through
// the arenas' pageInUse bits (one per span, at its first page):
//
//     small span:  nmarked = popcount(gcmarkBits)
//                  nmarked == 0          -> the span's pages go back to the heap
//                  else                  -> allocBits, gcmarkBits = gcmarkBits, cleared
//                                           freeindex = 0, allocCount = nmarked,
//                                           needzero if anything was freed,
//                                           onto its mcentral's partial or full list
//     large span:  marked -> clear the mark; else the pages go back to the heap
//
// A freed object is just a clear bit: its memory is cleared when it is handed out again
// (mallocgc, needzero). The mcentral lists are rebuilt from scratch, since every span
// was given back to them before marking (gcStart's releaseAll).
//
// Lazy sweeping would do the same per span on first use after a cycle (cacheSpan, or
// the allocator's large path), with a sweep generation telling swept from unswept spans;
// it belongs with the concurrent collector.
#include "malloc.h"

namespace runtime {

namespace {

// sweepspan sweeps s. World stopped.
void sweepspan(mspan *s) {
  if (s->specials != nullptr) sweepSpecials(s); // finalizers (mfinal.cpp)
  uint32_t nw = bitmapWords(s->nelems);
  uint32_t nmarked = 0;
  for (uint32_t i = 0; i < nw; i++)
    nmarked += static_cast<uint32_t>(__builtin_popcountll(s->gcmarkBits[i]));
  if (s->allocCount < nmarked) throw_("sweep: more objects marked than allocated");
  uint32_t nfreed = s->allocCount - nmarked;
  memstats.nfree += nfreed;
  if (nmarked == 0) {
    mheap_.freeSpan(s);
    return;
  }
  if (s->sizeclass() == 0) {
    s->gcmarkBits[0] = 0;
    return;
  }
  uint64_t *bits = s->allocBits;
  s->allocBits = s->gcmarkBits;
  s->gcmarkBits = bits;
  for (uint32_t i = 0; i < nw; i++)
    bits[i] = 0;
  s->freeindex = 0;
  s->allocCount = nmarked;
  s->refillAllocCache();
  if (nfreed > 0) s->needzero = 1;
  mcentral &c = mheap_.central[s->spanclass];
  if (nmarked == s->nelems) {
    c.full.insert(s);
  } else {
    c.partial.insert(s);
  }
  s->inList = 1;
}

} // namespace

// World stopped, after gcMark.
void gcSweep() {
  mheap &h = mheap_;
  for (int i = 0; i < numSpanClasses; i++) {
    h.central[i].partial = {};
    h.central[i].full = {};
  }
  for (uintptr_t k = 0; k < h.nregions; k++) {
    heapRegion &r = h.regions[k];
    for (uintptr_t a = r.base; a < r.base + r.npages * pageSize; a += heapArenaBytes) {
      heapArena *ha = arenaOf(a);
      for (uintptr_t w = 0; w < pagesPerArena / 64; w++) {
        // A snapshot: freeing a span clears its bit in the live word.
        uint64_t bits = ha->pageInUse[w];
        while (bits != 0) {
          uintptr_t k2 = static_cast<uintptr_t>(__builtin_ctzll(bits));
          bits &= bits - 1;
          mspan *s = ha->spans[w * 64 + k2];
          sweepspan(s);
        }
      }
    }
  }
}

} // namespace runtime
