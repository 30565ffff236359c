// The page heap: arenas reserved from the OS, a page allocator, spans; mirrors
// runtime/mheap.go, mpagealloc.go, mfixalloc.go and malloc.go's persistentalloc.
//
// Address space comes from the OS in heap regions: one reservation of whole 64 MiB
// arenas, aligned to 64 MiB (one arena, or more for a single object larger than that).
// Each arena gets a heapArena record (spans of its pages, heap bitmap, first-page bits),
// reachable from an address in two table lookups:
//
//     arena index ai = addr >> 26                       (22 bits for 48-bit addresses)
//     heapArena = mheap_.arenas[ai >> 16][ai & 0xffff]   (L2 tables made on demand)
//     span      = heapArena->spans[(addr >> 13) % 8192]
//
// Pages (8 KiB) are handed out by a first-fit page allocator over the regions, one bit
// per page, lowest address first (gc does the same since 1.14, with a radix tree of
// summaries on top to search fast; a linear scan of bitmap words with a per-region hint
// is enough at today's heap sizes):
//
//     alloc(npages):
//         for region in regions (by address):
//             look for npages clear bits in [searchHint, mapped); set them, return
//         grow: extend a region's usable part (sysMap, 4 MiB at a time), or reserve a
//               new region; retry
//     free(base, npages): clear the bits; lower the region's searchHint
//
// The region's usable part grows from its start (gc's curArena): on windows that is when
// pages are committed, on unix the reservation is usable already and sysMap does
// nothing. Pages above `zeroed` have never been in a span: a span made only of them is
// known to be zero, so mallocgc can skip clearing (needzero = 0).
//
// Not yet: returning free pages to the OS (gc's scavenger). Free pages stay committed
// and are reused first-fit, so a program's footprint is its peak heap.
//
// The heap's own records come from persistentalloc (a bump allocator over 256 KiB OS
// chunks) and fixalloc (free lists of fixed-size blocks on top of it): never from the
// arenas, and never freed to the OS.
#include "malloc.h"

namespace runtime {

mheap mheap_;

namespace {

constexpr uintptr_t persistentChunk = 256 << 10;
// How far a region's usable part grows at a time, in pages (4 MiB, gc's grow step).
constexpr uintptr_t growPages = 512;

// The persistent allocator's chunk. Not an arena address (see malloc.h's rule).
struct {
  mutex lock;
  uintptr_t base;
  uintptr_t off;
} persistent;

// The pools newSpanBits draws from: one free list per size in words (1..16 per bitmap).
constexpr uint32_t maxSpanBitsWords = 16;
fixalloc spanBitsPool[maxSpanBitsWords + 1];

uintptr_t alignUp(uintptr_t n, uintptr_t a) { return (n + a - 1) & ~(a - 1); }

void setBits(uint64_t *b, uintptr_t i, uintptr_t n) {
  for (; n > 0 && i % 64 != 0; i++, n--)
    b[i / 64] |= uint64_t(1) << (i % 64);
  for (; n >= 64; i += 64, n -= 64)
    b[i / 64] = ~uint64_t(0);
  for (; n > 0; i++, n--)
    b[i / 64] |= uint64_t(1) << (i % 64);
}

void clearBits(uint64_t *b, uintptr_t i, uintptr_t n) {
  for (; n > 0 && i % 64 != 0; i++, n--)
    b[i / 64] &= ~(uint64_t(1) << (i % 64));
  for (; n >= 64; i += 64, n -= 64)
    b[i / 64] = 0;
  for (; n > 0; i++, n--)
    b[i / 64] &= ~(uint64_t(1) << (i % 64));
}

// findRun returns the first page index i in [from, to) with pages [i, i+n) all clear in
// used, or ~0. Skips whole words of used or free pages at a time.
uintptr_t findRun(const uint64_t *used, uintptr_t from, uintptr_t to, uintptr_t n) {
  uintptr_t i = from;
  while (i + n <= to) {
    uint64_t freeHere = ~used[i / 64] >> (i % 64);
    if (freeHere == 0) { // the rest of this word is in use
      i = (i | 63) + 1;
      continue;
    }
    i += static_cast<uintptr_t>(__builtin_ctzll(freeHere)); // first free page
    if (i + n > to) break;
    // Measure the free run from i, up to n pages.
    uintptr_t j = i;
    while (j < i + n) {
      uint64_t usedHere = used[j / 64] >> (j % 64);
      if (usedHere == 0) {
        j = (j | 63) + 1;
        continue;
      }
      j += static_cast<uintptr_t>(__builtin_ctzll(usedHere));
      break;
    }
    if (j >= i + n) return i;
    i = j; // a used page: continue after it
  }
  return ~uintptr_t(0);
}

// tailFree returns the number of free pages at the end of r's usable part.
uintptr_t tailFree(const heapRegion &r) {
  uintptr_t n = 0;
  while (n < r.mapped && (r.used[(r.mapped - 1 - n) / 64] >> ((r.mapped - 1 - n) % 64) & 1) == 0)
    n++;
  return n;
}

// mapMore makes npages more pages of r usable. Caller holds mheap_.lock.
bool mapMore(heapRegion &r, uintptr_t npages) {
  if (!sysMap(reinterpret_cast<void *>(r.base + r.mapped * pageSize), npages * pageSize)) {
    return false;
  }
  r.mapped += npages;
  r.freeMapped += npages;
  memstats.heapSys += npages * pageSize;
  return true;
}

// newRegion reserves a region of at least npages pages and records its arenas. Caller
// holds mheap_.lock.
heapRegion *newRegion(uintptr_t npages) {
  uintptr_t bytes = alignUp(npages * pageSize, heapArenaBytes);
  if (bytes < npages * pageSize || bytes >= maxAlloc) return nullptr;
  void *mem = sysReserveAligned(bytes, heapArenaBytes);
  if (mem == nullptr) return nullptr;
  auto base = reinterpret_cast<uintptr_t>(mem);
  if (((base + bytes - 1) >> heapAddrBits) != 0) { // beyond the arena map: refuse
    sysFree(mem, bytes);
    return nullptr;
  }
  mheap &h = mheap_;
  if (h.nregions == h.capregions) {
    uintptr_t cap = h.capregions == 0 ? 16 : 2 * h.capregions;
    auto *regions = static_cast<heapRegion *>(persistentalloc(cap * sizeof(heapRegion), 8));
    for (uintptr_t i = 0; i < h.nregions; i++)
      regions[i] = h.regions[i];
    h.regions = regions; // the old array is abandoned (persistent memory is never freed)
    h.capregions = cap;
  }
  uintptr_t at = h.nregions;
  while (at > 0 && h.regions[at - 1].base > base) {
    h.regions[at] = h.regions[at - 1];
    at--;
  }
  h.nregions++;
  heapRegion &r = h.regions[at];
  r = heapRegion{};
  r.base = base;
  r.npages = bytes / pageSize;
  r.used = static_cast<uint64_t *>(persistentalloc(r.npages / 8, 8));
  // Regions moved in the array: re-point every arena at its region.
  for (uintptr_t a = base >> logHeapArenaBytes; a < (base + bytes) >> logHeapArenaBytes; a++) {
    heapArena **&l2 = h.arenas[a >> arenaL2Bits];
    if (l2 == nullptr) {
      l2 = static_cast<heapArena **>(sysAlloc(sizeof(heapArena *) << arenaL2Bits));
      if (l2 == nullptr) throw_("out of memory allocating the arena map");
    }
    auto *ha = static_cast<heapArena *>(sysAlloc(sizeof(heapArena)));
    if (ha == nullptr) throw_("out of memory allocating heap arena metadata");
    ha->base = a << logHeapArenaBytes;
    l2[a & ((uintptr_t(1) << arenaL2Bits) - 1)] = ha;
    if (h.minArena == 0 || a < h.minArena) h.minArena = a;
    if (a + 1 > h.maxArena) h.maxArena = a + 1;
  }
  for (uintptr_t i = 0; i < h.nregions; i++) {
    heapRegion &ri = h.regions[i];
    for (uintptr_t p = ri.base; p < ri.base + ri.npages * pageSize; p += heapArenaBytes)
      arenaOf(p)->region = &ri;
  }
  return &r;
}

// pageAlloc takes npages contiguous pages, growing the heap if needed, and says whether
// they may hold old data. Returns 0 when the OS has no memory left. Caller holds
// mheap_.lock.
uintptr_t pageAlloc(uintptr_t npages, bool *needzero) {
  mheap &h = mheap_;
  for (int attempt = 0; attempt < 2; attempt++) {
    for (uintptr_t k = 0; k < h.nregions; k++) {
      heapRegion &r = h.regions[k];
      if (r.freeMapped < npages) continue;
      uintptr_t i = findRun(r.used, r.searchHint, r.mapped, npages);
      if (i == ~uintptr_t(0)) continue;
      setBits(r.used, i, npages);
      r.freeMapped -= npages;
      if (i == r.searchHint) r.searchHint = i + npages;
      *needzero = i < r.zeroed;
      if (i + npages > r.zeroed) r.zeroed = i + npages;
      return r.base + i * pageSize;
    }
    // Grow: a region whose unmapped part, with its free tail, can hold the run.
    heapRegion *grown = nullptr;
    for (uintptr_t k = 0; k < h.nregions && grown == nullptr; k++) {
      heapRegion &r = h.regions[k];
      uintptr_t tail = tailFree(r);
      if (r.npages - r.mapped + tail < npages) continue;
      uintptr_t need = npages - tail;
      uintptr_t more = alignUp(need, growPages);
      if (more > r.npages - r.mapped) more = r.npages - r.mapped;
      if (!mapMore(r, more)) return 0;
      grown = &r;
    }
    if (grown == nullptr) {
      heapRegion *r = newRegion(npages);
      if (r == nullptr) return 0;
      uintptr_t more = alignUp(npages, growPages);
      if (more > r->npages) more = r->npages;
      if (!mapMore(*r, more)) return 0;
    }
  }
  return 0;
}

// pageFree gives back npages pages at base. Caller holds mheap_.lock.
void pageFree(uintptr_t base, uintptr_t npages) {
  heapRegion &r = *arenaOf(base)->region;
  uintptr_t i = (base - r.base) / pageSize;
  clearBits(r.used, i, npages);
  r.freeMapped += npages;
  if (i < r.searchHint) r.searchHint = i;
}

// setSpans points the span table entries of s's pages at v.
void setSpans(mspan *s, mspan *v) {
  for (uintptr_t p = s->startAddr; p < s->startAddr + s->npages * pageSize; p += pageSize)
    arenaOf(p)->spans[(p >> pageShift) & (pagesPerArena - 1)] = v;
}

} // namespace

// Large requests get their own OS memory; the rest share the current chunk. Runs
// anywhere.
void *persistentalloc(uintptr_t size, uintptr_t align) {
  if (align == 0) align = 8;
  if (size >= persistentChunk / 4) {
    void *p = sysAlloc(alignUp(size, 64 << 10));
    if (p == nullptr) throw_("runtime: cannot allocate memory");
    return p;
  }
  lock(&persistent.lock);
  uintptr_t off = alignUp(persistent.off, align);
  if (persistent.base == 0 || off + size > persistentChunk) {
    void *chunk = sysAlloc(persistentChunk);
    if (chunk == nullptr) throw_("runtime: cannot allocate memory");
    persistent.base = reinterpret_cast<uintptr_t>(chunk);
    off = 0;
  }
  persistent.off = off + size;
  uintptr_t p = persistent.base + off;
  unlock(&persistent.lock);
  return reinterpret_cast<void *>(p);
}

void *fixalloc::alloc() {
  if (list != nullptr) {
    void *p = list;
    list = *static_cast<void **>(p);
    __builtin_memset(p, 0, size);
    return p;
  }
  if (nchunk < size) {
    constexpr uintptr_t fixallocChunk = 16 << 10;
    chunk = reinterpret_cast<uintptr_t>(persistentalloc(fixallocChunk, 8));
    nchunk = fixallocChunk;
  }
  void *p = reinterpret_cast<void *>(chunk);
  chunk += size;
  nchunk -= size;
  return p;
}

void fixalloc::free(void *p) {
  *static_cast<void **>(p) = list;
  list = p;
}

// Runs once (mallocgc and rt0_go both call it; the first call wins). Single-threaded.
void mallocinit() {
  mheap &h = mheap_;
  if (h.inited) return;
  h.inited = true;
  h.spanalloc.size = sizeof(mspan);
  for (uint32_t w = 1; w <= maxSpanBitsWords; w++)
    spanBitsPool[w].size = 2 * w * sizeof(uint64_t);
  for (int i = 0; i < numSpanClasses; i++)
    h.central[i].spanclass = static_cast<uint8_t>(i);
}

uint64_t *newSpanBits(uint32_t nwords) {
  if (nwords == 0 || nwords > maxSpanBitsWords) throw_("newSpanBits: bad size");
  return static_cast<uint64_t *>(spanBitsPool[nwords].alloc());
}

void freeSpanBits(uint64_t *p, uint32_t nwords) { spanBitsPool[nwords].free(p); }

// A small span's objects start at startAddr and run to limit; a large span's one object
// fills its pages. Runs on any goroutine; takes mheap_.lock.
mspan *mheap::alloc(uintptr_t npages, uint8_t spc) {
  runtime::lock(&this->lock);
  bool needzero = false;
  uintptr_t base = pageAlloc(npages, &needzero);
  if (base == 0) {
    runtime::unlock(&this->lock);
    return nullptr;
  }
  auto *s = static_cast<mspan *>(spanalloc.alloc());
  s->startAddr = base;
  s->npages = npages;
  s->spanclass = spc;
  s->needzero = needzero ? 1 : 0;
  uint8_t sc = s->sizeclass();
  if (sc == 0) {
    s->elemsize = npages * pageSize;
    s->nelems = 1;
    s->divMul = 0;
  } else {
    s->elemsize = sizeclasses.class_to_size[sc];
    s->nelems = static_cast<uint32_t>(npages * pageSize / s->elemsize);
    s->divMul = sizeclasses.class_to_divmagic[sc];
  }
  s->limit = base + s->nelems * s->elemsize;
  uint32_t nw = bitmapWords(s->nelems);
  uint64_t *bits = newSpanBits(nw);
  s->allocBits = bits;
  s->gcmarkBits = bits + nw;
  s->freeindex = 0;
  s->allocCount = 0;
  s->allocCache = ~uint64_t(0);
  s->state = spanState::inUse;
  setSpans(s, s);
  heapArena *ha = arenaOf(base);
  s->arena = ha;
  uintptr_t page = (base >> pageShift) & (pagesPerArena - 1);
  ha->pageInUse[page / 64] |= uint64_t(1) << (page % 64);
  memstats.heapInuse += npages * pageSize;
  if (memstats.heapInuse > memstats.peakHeapInuse) memstats.peakHeapInuse = memstats.heapInuse;
  runtime::unlock(&this->lock);
  return s;
}

// Runs on any goroutine, or in the sweeper; takes mheap_.lock.
void mheap::freeSpan(mspan *s) {
  runtime::lock(&this->lock);
  if (s->state != spanState::inUse) throw_("mheap.freeSpan: span not in use");
  heapArena *ha = arenaOf(s->startAddr);
  uintptr_t page = (s->startAddr >> pageShift) & (pagesPerArena - 1);
  ha->pageInUse[page / 64] &= ~(uint64_t(1) << (page % 64));
  setSpans(s, nullptr);
  pageFree(s->startAddr, s->npages);
  memstats.heapInuse -= s->npages * pageSize;
  uint64_t *bits = s->allocBits < s->gcmarkBits ? s->allocBits : s->gcmarkBits;
  freeSpanBits(bits, bitmapWords(s->nelems));
  s->state = spanState::dead;
  spanalloc.free(s);
  runtime::unlock(&this->lock);
}

void mSpanList::insert(mspan *s) {
  s->prev = nullptr;
  s->next = first;
  if (first != nullptr) {
    first->prev = s;
  } else {
    last = s;
  }
  first = s;
}

void mSpanList::remove(mspan *s) {
  if (s->prev != nullptr) {
    s->prev->next = s->next;
  } else {
    first = s->next;
  }
  if (s->next != nullptr) {
    s->next->prev = s->prev;
  } else {
    last = s->prev;
  }
  s->next = s->prev = nullptr;
}

} // namespace runtime
