// Per-P allocation caches; mirrors runtime/mcache.go.
//
// Each P owns an mcache: for every span class, the span it allocates from, plus the tiny
// block. Only the P's own goroutine touches it, so mallocgc's fast path takes no lock:
//
//     s = c->alloc[spanclass]; slot = next set bit of s->allocCache   (malloc.cpp)
//
// When the span has no free slot left, refill hands it back to its mcentral and takes
// another. At that moment heapLive is charged for the whole free part of the new span
// (and credited back for the unused part of a span handed back): allocating from a cached
// span changes no shared counter, which is what makes the fast path a few instructions.
// The trigger check sits on the same slow path (nextFree), as in gc.
//
// Every P has its cache (p::mcache_); getmcache reads the current M's P. Today there is
// one P, whose cache is mcache0; the collector flushes it (releaseAll) before marking.
#include "malloc.h"

namespace runtime {

mspan emptymspan; // nelems 0, allocCache 0: never has a free slot

namespace {

constexpr mcache emptyCache() {
  mcache c{};
  for (int i = 0; i < numSpanClasses; i++)
    c.alloc[i] = &emptymspan;
  return c;
}

} // namespace

// The one P's cache, usable from the first allocation on (the windows entry allocates
// before rt0_go). Its fields point at span records (outside the heap), and its tiny
// block is dropped before every collection, so scanning this global keeps nothing alive.
mcache mcache0 = emptyCache();

// Single-threaded (mallocinit).
void initmcache(mcache *c) {
  for (int i = 0; i < numSpanClasses; i++)
    c->alloc[i] = &emptymspan;
  c->tiny = 0;
  c->tinyoffset = 0;
}

// Runs on the cache's P, with no lock held.
mspan *mcache::refill(uint8_t spc) {
  if (!mheap_.inited) mallocinit();
  mspan *s = alloc[spc];
  if (s != &emptymspan) {
    uint32_t n = s->allocCount - s->allocCountCache;
    noteSpanReturned(n, s->elemsize, uint64_t(s->nelems - s->allocCount) * s->elemsize);
    mheap_.central[spc].uncacheSpan(s);
  }
  s = mheap_.central[spc].cacheSpan();
  if (s == nullptr) {
    alloc[spc] = &emptymspan;
    printcstr("runtime: out of memory: cannot allocate a span of ");
    printuint64(sizeclasses.class_to_allocnpages[spc >> 1] * pageSize);
    printcstr(" bytes\n");
    fatal("out of memory");
  }
  if (s->allocCount == s->nelems) throw_("refill: span has no free space");
  s->allocCountCache = s->allocCount;
  noteHeapLive(uint64_t(s->nelems - s->allocCount) * s->elemsize);
  alloc[spc] = s;
  return s;
}

// Runs on the cache's P, with no lock held; may run a whole collection first.
uintptr_t mcache::nextFree(uint8_t spc, mspan **sp) {
  mspan *s = alloc[spc];
  uint32_t idx = s->nextFreeIndex();
  if (idx == s->nelems) {
    if (gcShouldStart()) gcStart(false); // flushes this cache: alloc[spc] is empty now
    s = refill(spc);
    idx = s->nextFreeIndex();
    if (idx == s->nelems) throw_("nextFree: refilled span has no free slot");
  }
  *sp = s;
  return s->startAddr + uintptr_t(idx) * s->elemsize;
}

// Runs on the cache's P, or with the world stopped (the collector).
void mcache::releaseAll() {
  for (int i = 0; i < numSpanClasses; i++) {
    mspan *s = alloc[i];
    if (s == &emptymspan) continue;
    uint32_t n = s->allocCount - s->allocCountCache;
    noteSpanReturned(n, s->elemsize, uint64_t(s->nelems - s->allocCount) * s->elemsize);
    mheap_.central[i].uncacheSpan(s);
    alloc[i] = &emptymspan;
  }
  tiny = 0;
  tinyoffset = 0;
}

} // namespace runtime
