// The memory manager's shared declarations: heap, spans, central lists, per-P caches and
// the collector's state; mirrors the types of runtime/mheap.go, mcentral.go, mcache.go,
// mbitmap.go, mgc.go and mstats.go.
//
// How the pieces fit (the essays are in each .cpp and in docs/runtime/malloc.md, gc.md):
//
//     mallocgc(size, typ)                                       malloc.cpp
//       small: mcache (one per P, no lock) -> span of the size class -> next free slot
//              | span full: mcentral (one per span class, locked) -> partial span
//              |            | none: mheap (locked) -> pages -> new span
//       large: mheap -> a span of its own
//     pages come from heap regions of whole 64 MiB arenas, reserved from the OS
//     every arena has a heapArena record: the span of each page, the heap bitmap (one
//     bit per word: a pointer the collector must follow), the first page of each span
//
// Locks: mheap_.lock and each mcentral's lock are spinlocks; nothing holds two at once
// except mcentral -> mheap. Today there is one thread, so they are never contended.
//
// A rule that keeps the collector honest: globals are scanned conservatively, so no
// runtime global may hold an address inside an arena unless it means to keep that object
// alive. The heap's own records (spans, arenas, work buffers) live in memory from
// persistentalloc, outside the arenas and outside data/bss; arena positions are kept as
// indices, not addresses.
#ifndef TALPA_RUNTIME_MALLOC_H
#define TALPA_RUNTIME_MALLOC_H

#include "proc.h"
#include "runtime.h"
#include "sizeclasses.h"

namespace runtime {

using talpa::abi::_type;

// Geometry. Go: heapArenaBytes, pagesPerArena, heapAddrBits, maxAlloc, maxTinySize.
constexpr uintptr_t logHeapArenaBytes = 26;
constexpr uintptr_t heapArenaBytes = uintptr_t(1) << logHeapArenaBytes; // 64 MiB
constexpr uintptr_t pagesPerArena = heapArenaBytes / pageSize;          // 8192
constexpr uintptr_t heapArenaWords = heapArenaBytes / 8;
// User addresses on every supported target fit in 48 bits; so does the heap.
constexpr uintptr_t heapAddrBits = 48;
constexpr uintptr_t maxAlloc = uintptr_t(1) << heapAddrBits;
// The arena map: arena index (address >> 26) split into an L1 index (6 bits) and an L2
// index (16 bits); L2 tables (512 KiB each) are made when an arena of theirs appears.
constexpr uintptr_t arenaL1Bits = 6;
constexpr uintptr_t arenaL2Bits = heapAddrBits - logHeapArenaBytes - arenaL1Bits;
constexpr uintptr_t maxTinySize = 16;
// Span classes: size class << 1 | noscan. Go: spanClass.
constexpr int numSpanClasses = numSizeClasses << 1;
constexpr uint8_t makeSpanClass(uint8_t sizeclass, bool noscan) {
  return static_cast<uint8_t>(sizeclass << 1 | (noscan ? 1 : 0));
}
constexpr uint8_t tinySpanClass = makeSpanClass(2, true); // 16-byte noscan blocks

// persistentalloc returns zeroed memory that is never freed, outside the heap (for the
// heap's own records). Go: persistentalloc. Takes its own lock; runs anywhere.
void *persistentalloc(uintptr_t size, uintptr_t align);

// fixalloc hands out fixed-size blocks of persistent memory, zeroed, with a free list.
// Go: fixalloc. Caller holds mheap_.lock.
struct fixalloc {
  uintptr_t size;
  void *list; // freed blocks, linked through their first word
  uintptr_t chunk;
  uintptr_t nchunk;
  void *alloc();
  void free(void *p);
};

enum class spanState : uint8_t { dead, inUse };

struct heapArena;
struct special;

// mspan is a run of pages: either one large object, or nelems objects of one size class.
// Go: mspan.
//
// Which slots are allocated: slot i is in use iff i < freeindex or allocBits has bit i.
// allocBits is the mark bitmap of the last collection (swept spans take it over), and
// allocation only moves freeindex forward, using allocCache: the complement of allocBits
// from freeindex to the end of its 64-slot group, shifted so that bit 0 is freeindex.
// gcmarkBits is the bitmap the current collection marks; sweeping swaps the two.
struct mspan {
  mspan *next; // in an mSpanList
  mspan *prev;
  uintptr_t startAddr;
  uintptr_t npages;
  uintptr_t limit;    // end of the last object
  uintptr_t elemsize; // class size, or npages * pageSize for a large span
  uint32_t nelems;
  uint32_t freeindex;
  uint32_t allocCount;
  uint32_t divMul;          // sizeclasses' divmagic of elemsize
  uint32_t allocCountCache; // allocCount when an mcache took the span (statistics)
  uint8_t spanclass;
  spanState state;
  uint8_t needzero; // free slots may hold old data
  uint8_t inList;   // on an mcentral list (not cached by an mcache)
  uint64_t allocCache;
  uint64_t *allocBits;
  uint64_t *gcmarkBits;
  // Large spans: the object's type (nullptr: no pointers) and requested size.
  const _type *largeType;
  uintptr_t largeSize;
  heapArena *arena; // of the first page (a small span lies in one arena)
  // Finalizers (mfinal.cpp): records of this span's objects, by offset. Go: specials.
  special *specials;

  uint8_t sizeclass() const { return spanclass >> 1; }
  bool noscan() const { return (spanclass & 1) != 0; }
  uintptr_t base() const { return startAddr; }
  // objIndex returns the index of the object containing address p (inside the span).
  uint32_t objIndex(uintptr_t p) const {
    return static_cast<uint32_t>((uint64_t(p - startAddr) * divMul) >> 32);
  }
  bool isAllocated(uint32_t i) const {
    return i < freeindex || (allocBits[i / 64] >> (i % 64) & 1) != 0;
  }
  bool isMarked(uint32_t i) const { return (gcmarkBits[i / 64] >> (i % 64) & 1) != 0; }
  // nextFreeIndex returns the next free slot and takes it, or nelems if the span is full.
  // Caller owns the span (an mcache, or the world is stopped).
  uint32_t nextFreeIndex();
  // refillAllocCache loads allocCache for the group of freeindex, shifted to it.
  void refillAllocCache();
};

// The number of uint64 words of a bitmap with one bit per object.
constexpr uint32_t bitmapWords(uint32_t nelems) { return (nelems + 63) / 64; }

// An intrusive doubly-linked list of spans. Go: mSpanList.
struct mSpanList {
  mspan *first;
  mspan *last;
  bool empty() const { return first == nullptr; }
  void insert(mspan *s);
  void remove(mspan *s);
};

struct heapRegion;

// What the heap knows about one 64 MiB arena. Go: heapArena.
struct heapArena {
  // One bit per word of the arena: set where a scannable object (in a span of a scan
  // class) holds a pointer. Written at allocation from the type's gcdata; the bits of
  // noscan objects and of large objects (whose span records the type) are not used.
  uint64_t bitmap[heapArenaWords / 64];
  // The span of each page (nullptr for free pages).
  mspan *spans[pagesPerArena];
  // A bit at the first page of each in-use span: the sweeper's index of spans.
  uint64_t pageInUse[pagesPerArena / 64];
  // A bit at the first page of each span with specials (finalizers, mfinal.cpp).
  uint64_t pageSpecials[pagesPerArena / 64];
  heapRegion *region;
  uintptr_t base;
};

// A heap region: one reservation from the OS of one or more contiguous arenas, whose
// pages the page allocator hands out first-fit. Pages at and above `mapped` are not
// usable yet (sysMap); pages at and above `zeroed` have never been in a span, so they
// still hold the OS's zeroes.
struct heapRegion {
  uintptr_t base; // aligned to heapArenaBytes
  uintptr_t npages;
  uintptr_t mapped;
  uintptr_t zeroed;
  uintptr_t searchHint; // every page below it is in use
  uintptr_t freeMapped; // free pages below mapped
  uint64_t *used;       // one bit per page: in a span
};

// One per span class: the spans of that class not held by an mcache. With a
// stop-the-world sweep every listed span is swept. Go: mcentral.
struct mcentral {
  mutex lock;
  uint8_t spanclass;
  mSpanList partial; // some slot free
  mSpanList full;    // no slot free
  // cacheSpan returns a span with a free slot for an mcache (from partial or a fresh
  // one from the heap), or nullptr when the heap is out of memory.
  mspan *cacheSpan();
  // uncacheSpan takes back a span an mcache is done with.
  void uncacheSpan(mspan *s);
};

// The heap. Go: mheap.
struct mheap {
  mutex lock;
  // L1 -> L2 table -> heapArena, by arena index.
  heapArena **arenas[uintptr_t(1) << arenaL1Bits];
  heapRegion *regions; // sorted by base
  uintptr_t nregions;
  uintptr_t capregions;
  // Lowest and highest arena index in use (+1): a cheap first filter for conservative
  // pointers. Indices, not addresses: see the rule at the top of this file.
  uintptr_t minArena;
  uintptr_t maxArena;
  fixalloc spanalloc;
  mcentral central[numSpanClasses];
  bool inited;

  // alloc returns a new in-use span of npages pages for span class spc, or nullptr if
  // the OS has no more memory. Takes mheap_.lock.
  mspan *alloc(uintptr_t npages, uint8_t spc);
  // freeSpan returns an in-use span's pages. Takes mheap_.lock.
  void freeSpan(mspan *s);
};
extern mheap mheap_;

// arenaOf returns the heapArena of address p, or nullptr if p is not in the heap.
// Runs anywhere.
inline heapArena *arenaOf(uintptr_t p) {
  uintptr_t ai = p >> logHeapArenaBytes;
  if (ai < mheap_.minArena || ai >= mheap_.maxArena) return nullptr;
  heapArena **l2 = mheap_.arenas[ai >> arenaL2Bits];
  if (l2 == nullptr) return nullptr;
  return l2[ai & ((uintptr_t(1) << arenaL2Bits) - 1)];
}

// spanOf returns the span holding p if p is inside an in-use span's objects, else
// nullptr. Go: spanOfHeap. Runs anywhere.
inline mspan *spanOf(uintptr_t p) {
  heapArena *ha = arenaOf(p);
  if (ha == nullptr) return nullptr;
  mspan *s = ha->spans[(p >> pageShift) & (pagesPerArena - 1)];
  if (s == nullptr || s->state != spanState::inUse || p < s->startAddr || p >= s->limit) {
    return nullptr;
  }
  return s;
}

// Per-P allocation cache: a current span per span class and the tiny block. No lock:
// only its P uses it. Go: mcache.
struct mcache {
  uintptr_t tiny; // current tiny block (16 bytes), or 0
  uintptr_t tinyoffset;
  mspan *alloc[numSpanClasses];
  // nextFree returns a free slot of span class spc, refilling from the mcentral (and
  // starting a collection first if the heap has reached its goal); *sp is the span.
  uintptr_t nextFree(uint8_t spc, mspan **sp);
  // refill replaces the current span of spc by one with a free slot.
  mspan *refill(uint8_t spc);
  // releaseAll gives every cached span back to its mcentral and drops the tiny block.
  void releaseAll();
};
// The placeholder span of an empty cache slot: no free slot, so the fast path falls to
// refill. Go: emptymspan.
extern mspan emptymspan;
// getmcache returns the current P's mcache: every P has its own (p::mcache_), so the
// allocation fast path takes no lock; without a P (the unit tests' thread outside the
// scheduler) mcache0, which is P 0's. Go: getMCache.
extern mcache mcache0;
inline mcache *getmcache() {
  g *gp = getg();
  if (gp->m_ != nullptr && gp->m_->p_ != nullptr) return gp->m_->p_->mcache_;
  return &mcache0;
}
void initmcache(mcache *c);

// mallocinit sets up the heap. Idempotent: mallocgc calls it too, for the allocations
// of the windows entry before rt0_go. Go: mallocinit.
void mallocinit();

// Heap bitmap (mbitmap.cpp). heapBitsSetType records the pointer words of the object at
// x in small span s: elemsize bytes (its size class) holding dataSize bytes of values of
// type typ (an array if dataSize > typ->size). Go: heapBitsSetType. Caller owns s.
void heapBitsSetType(const mspan *s, uintptr_t x, uintptr_t dataSize, const _type *typ);
// heapBitsPointer says whether word at address p (in a scan span) holds a pointer.
bool heapBitsPointer(uintptr_t p);
uint64_t *newSpanBits(uint32_t nwords); // 2*nwords zeroed words, from the heap's pools
void freeSpanBits(uint64_t *p, uint32_t nwords);

// growslicecap returns the capacity growslice gives a slice of elemsize-byte elements and
// capacity oldcap that must hold cap (> oldcap) elements, with its size in bytes in
// *capmem; -1 if that is more than the heap can hold (slice.cpp).
int64_t growslicecap(uintptr_t elemsize, int64_t oldcap, int64_t cap, uintptr_t *capmem);

// The collector (mgc.cpp, mgcmark.cpp, mgcsweep.cpp).
enum class gcPhase : uint32_t { off, mark, sweep };

struct gcControllerState {
  int32_t gcPercent;    // GOGC; negative: off
  uint64_t heapMinimum; // 4 MiB * GOGC/100
  uint64_t trigger;     // start a collection when heapLive reaches it
  uint64_t heapLive;    // bytes in allocated objects, plus cached spans' free slots
  uint64_t heapMarked;  // bytes the last collection marked
  uint64_t heapGoal;    // heapMarked * (1 + GOGC/100), at least heapMinimum
  int64_t initTime;     // nanotime at start-up (gctrace's clock)
  gcPhase phase;
};
extern gcControllerState gcController;

// Statistics, readable by runtime code (runtime.ReadMemStats will report them). Updated
// with the world stopped or under mheap_.lock, except the mcache counters, which are
// added when a cached span goes back. Go: mstats.
struct mstats {
  uint64_t numgc;       // completed collections
  uint64_t numforcedgc; // of which runtime.GC
  uint64_t peakHeapLive;
  uint64_t heapInuse; // bytes in in-use spans
  uint64_t peakHeapInuse;
  uint64_t heapSys; // bytes of arenas made usable
  uint64_t totalAlloc;
  uint64_t nmalloc;
  uint64_t nfree;
  int64_t pauseTotalNs;
  int64_t lastPauseNs;
  uint64_t lastStackScan;   // bytes of stack the last collection scanned
  uint64_t lastGlobalsScan; // bytes of data/bss the last collection scanned
  // The last 256 pauses, collection n's at pauseNs[(n + 255) % 256] (runtime.MemStats'
  // PauseNs).
  uint64_t pauseNs[256];
};
// A Go symbol, so that the smoke tests (and later runtime.ReadMemStats) can read it.
extern mstats memstats GOSYM("runtime.memstats");

// noteHeapLive adds n to heapLive, keeping the peak. Caller owns the allocation path.
inline void noteHeapLive(uint64_t n) {
  uint64_t live = __atomic_add_fetch(&gcController.heapLive, n, __ATOMIC_RELAXED);
  uint64_t peak = __atomic_load_n(&memstats.peakHeapLive, __ATOMIC_RELAXED);
  while (live > peak && !__atomic_compare_exchange_n(&memstats.peakHeapLive, &peak, live, true,
                                                     __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
}
// The counters the Ps' caches update concurrently (mcache.cpp): atomic adds.
inline void noteSpanReturned(uint32_t n, uintptr_t elemsize, uint64_t unused) {
  __atomic_fetch_add(&memstats.nmalloc, n, __ATOMIC_RELAXED);
  __atomic_fetch_add(&memstats.totalAlloc, uint64_t(n) * elemsize, __ATOMIC_RELAXED);
  __atomic_fetch_sub(&gcController.heapLive, unused, __ATOMIC_RELAXED);
}

void gcinit();
// gcStart runs a whole stop-the-world collection (forced: runtime.GC, which also runs
// with GOGC=off). Must not be called with any heap lock held. Go: gcStart + gcMarkDone +
// gcMarkTermination + gcSweep.
void gcStart(bool forced);
// setGCPercent sets GOGC and recomputes the trigger; returns the old value. Go:
// setGCPercent (debug.SetGCPercent).
int32_t setGCPercent(int32_t in);
// gcShouldStart says whether heapLive has reached the trigger. Go: gcTrigger.test.
inline bool gcShouldStart() {
  return __atomic_load_n(&gcController.heapLive, __ATOMIC_RELAXED) >=
             __atomic_load_n(&gcController.trigger, __ATOMIC_RELAXED) &&
         gcController.phase == gcPhase::off;
}

// Marking (mgcmark.cpp): gcMark marks everything reachable from the roots, with the
// stack scanned from sp up; gcMarkReset empties the work buffers. World stopped.
void gcMark(uintptr_t sp);
// shade marks the object p points into, if p points into an allocated heap object, and
// queues it for scanning. Go: shade / findObject + greyobject. World stopped.
void shade(uintptr_t p);
// Sweeping (mgcsweep.cpp): frees every unmarked object, gives empty spans back to the
// heap and rebuilds the mcentral lists. World stopped, mark done.
void gcSweep();

// Roots. The collector scans conservatively: the program's writable data and bss, the
// current stack from the collector's frame to its base (callee-saved registers spilled
// first), and any range added with addRootRange (memory outside the heap that holds heap
// pointers, and the unit tests' roots). gcroots lets a test leave out the first two.
struct gcRootConfig {
  bool globals;
  bool stack;
  uintptr_t stackhi; // if non-zero, the stack's base (unit tests)
};
extern gcRootConfig gcroots;
void addRootRange(const void *p, uintptr_t n);
void clearRootRanges();

// The write barrier's flag (mbarrier.cpp): compiled code checks the first byte before a
// pointer store. Go: writeBarrier.
struct writeBarrierFlag {
  uint8_t enabled;
  uint8_t pad[7];
};
extern writeBarrierFlag writeBarrier GOSYM("runtime.writeBarrier");
// GODEBUG=wbcheck=1 (mbarrier.cpp): what the barrier saw, and the line main prints at exit.
struct wbcheckStats {
  uint64_t pointerStores; // gcWriteBarrier calls
  uint64_t bulkBarriers;  // typedmemmove and bulkBarrierPreWrite calls with pointers
  uint64_t pointerWords;  // pointer words those bulk calls covered
};
extern wbcheckStats wbcheck;
void wbcheckReport();

// ---- Finalizers (mfinal.cpp; docs/runtime/gc.md "Finalizers") ----

// The records. addfinalizer ties finalizer fn (a func value of type ft, whose parameter
// has type fint) to the heap object at p (of pointer type ot); false if p has one
// already. removefinalizer drops p's record, saying whether there was one. Take
// speciallock; run on any goroutine. Go: addfinalizer, removefinalizer.
bool addfinalizer(void *p, void *fn, const talpa::abi::functype *ft, const _type *fint,
                  const talpa::abi::ptrtype *ot);
bool removefinalizer(void *p);
// The number of records, and of finalizer calls queued and not made yet.
uint64_t finalizerCount();
uint64_t queuedFinalizers();
// runQueuedFinalizers makes the queued calls on the calling goroutine (the unit tests,
// which have no finalizer goroutine); says whether there were any.
bool runQueuedFinalizers();
// The collector's hooks. gcMarkFinalizers (gcMark, with the roots): marks what objects
// with finalizers refer to, their functions and the queued calls' functions and
// arguments. sweepSpecials (before s is swept): every unmarked object with a finalizer
// is marked and its finalizer queued. World stopped, both.
void gcMarkFinalizers();
void sweepSpecials(mspan *s);
// gcScanObject shades the pointers of the object at b, not b itself (mgcmark.cpp's
// scanobject). World stopped.
void gcScanObject(uintptr_t b);
// gcForEachFinalizable calls f with the address of every object that has a finalizer
// (mgcmark.cpp's TALPA_GCWHY debugging aid). World stopped.
void gcForEachFinalizable(void (*f)(uintptr_t obj));
// gcFinalizersReady, after a collection: makes the finalizer goroutine runnable if
// calls were queued for it, and says so. Runs on the goroutine that collected.
bool gcFinalizersReady();
// setfinalizer is runtime.SetFinalizer on its two interface arguments (lib/runtime).
extern "C" void setfinalizer(const talpa::abi::eface *obj, const talpa::abi::eface *finalizer)
    GOSYM("runtime.setfinalizer");
// isSystemGoroutine: the finalizer goroutine, which NumGoroutine does not count (fixed)
// and dumps do not show unless it is running a finalizer. Go: isSystemGoroutine.
bool isSystemGoroutine(const g *gp, bool fixed);

} // namespace runtime

#endif // TALPA_RUNTIME_MALLOC_H
