// Memory allocation for Go values; mirrors runtime/malloc.go (mallocgc, newobject,
// newarray).
//
// Every Go value that outlives its frame, and every backing array, comes from mallocgc.
// The allocator is gc's design (DESIGN.md section 4), in three tiers:
//
//     mallocgc(size, typ, needzero):
//         size == 0                  -> &zerobase, one address for all of them
//         noscan && size < 16        -> tiny: packed into the current 16-byte block
//         size <= 32 KiB             -> small: class = sizeToClass(size)
//             s = mcache.alloc[class<<1 | noscan]
//             slot = next free slot of s (allocCache) | mcache.nextFree (refill, maybe GC)
//             clear it if needzero and s may hold old data
//             scan class: write the object's heap bitmap from typ
//         else                        -> large: a span of its own from mheap, type kept in
//                                       the span
//
// "noscan" means typ is nullptr or typ->ptrdata is 0: the object holds no pointers, goes
// to a noscan span and is never scanned. Everything else goes to a scan span and is
// scanned precisely through the bitmap (mbitmap.cpp). The tiny allocator only takes
// noscan objects (a block is freed when none of its objects is reachable, so a pointer
// into one keeps up to 15 neighbouring bytes alive; gc accepts the same).
//
// Zeroing: fresh pages from the OS are zero, and a span made only of such pages says so
// (needzero 0); a span whose objects have been freed once, or whose pages were used
// before, is cleared object by object on allocation. Callers that overwrite the whole
// object may pass needzero = false (string concatenation, growslice's copied prefix);
// objects with pointers are always cleared, so the collector never sees stale words.
//
// A collection can start inside mallocgc, on the slow paths (mcache.nextFree, large
// objects), before the new object exists: objects the caller holds in registers or its
// frame survive because the collector spills registers and scans the stack.
#include "malloc.h"

namespace runtime {

namespace {

// zerobase is the address of every 0-byte allocation, as in gc.
uint64_t zerobase;

uintptr_t alignUp(uintptr_t n, uintptr_t a) { return (n + a - 1) & ~(a - 1); }

// nextFreeFast takes the next free slot of s from its allocCache, or returns 0 when that
// needs more work (empty cache, the slot closing a 64-slot group, a full span).
// Go: nextFreeFast. Runs on the cache's P.
inline uintptr_t nextFreeFast(mspan *s) {
  uint64_t cache = s->allocCache;
  if (cache == 0) return 0;
  uint32_t j = static_cast<uint32_t>(__builtin_ctzll(cache));
  uint32_t idx = s->freeindex + j;
  if (idx >= s->nelems || (idx + 1) % 64 == 0) return 0;
  s->allocCache = cache >> (j + 1); // j < 63: the slot does not close its group
  s->freeindex = idx + 1;
  s->allocCount++;
  return s->startAddr + uintptr_t(idx) * s->elemsize;
}

[[noreturn]] void outOfMemory(uintptr_t size) {
  printcstr("runtime: out of memory: cannot allocate ");
  printuint64(size);
  printcstr("-byte block (");
  printuint64(memstats.heapInuse);
  printcstr(" in use)\n");
  fatal("out of memory");
}

// largeAlloc returns a new span holding one object of size bytes. Go: mcache.allocLarge.
// Runs on any goroutine, with no lock held; may run a collection first.
mspan *largeAlloc(uintptr_t size, bool noscan) {
  if (!mheap_.inited) mallocinit();
  if (size > maxAlloc) outOfMemory(size);
  if (gcShouldStart()) gcStart(false);
  uintptr_t npages = alignUp(size, pageSize) / pageSize;
  mspan *s = mheap_.alloc(npages, makeSpanClass(0, noscan));
  if (s == nullptr) outOfMemory(size);
  s->freeindex = 1;
  s->allocCount = 1;
  s->allocCache = 0;
  s->largeSize = size;
  noteSpanReturned(1, s->elemsize, 0);
  noteHeapLive(s->elemsize);
  return s;
}

// newarrayPanic is newarray's panic for a bad count. Go: plainError("runtime: allocation
// size out of range").
[[noreturn]] void newarrayPanic() { panicPlainError("runtime: allocation size out of range"); }

} // namespace

// mallocgc returns size bytes for values of type typ (nullptr: no pointers), zeroed
// unless needzero is false and typ has no pointers. Runs on any goroutine; not while
// the collector runs (it allocates nothing).
void *mallocgc(uintptr_t size, const _type *typ, bool needzero) {
  if (size == 0) return &zerobase;
  // A safe point: a P asked to stop for a collection yields here (before it picks its
  // cache, which another M may own when this goroutine resumes).
  checkStopTheWorld();
  if (gcController.phase != gcPhase::off) throw_("malloc during GC");
  mcache *c = getmcache();
  bool noscan = typ == nullptr || typ->ptrdata == 0;
  uintptr_t dataSize = size;
  uintptr_t x;
  mspan *s;
  if (size <= maxSmallSize) {
    if (noscan && size < maxTinySize) {
      // Tiny: align the offset to the object's natural alignment (within 8).
      uintptr_t off = c->tinyoffset;
      if ((size & 7) == 0) {
        off = alignUp(off, 8);
      } else if ((size & 3) == 0) {
        off = alignUp(off, 4);
      } else if ((size & 1) == 0) {
        off = alignUp(off, 2);
      }
      if (off + size <= maxTinySize && c->tiny != 0) {
        c->tinyoffset = off + size;
        return reinterpret_cast<void *>(c->tiny + off);
      }
      s = c->alloc[tinySpanClass];
      x = nextFreeFast(s);
      if (x == 0) x = c->nextFree(tinySpanClass, &s);
      auto *w = reinterpret_cast<uint64_t *>(x);
      w[0] = 0;
      w[1] = 0;
      // Keep whichever block has more room left: the new one, unless the old one has
      // more.
      if (size < c->tinyoffset || c->tiny == 0) {
        c->tiny = x;
        c->tinyoffset = size;
      }
      return reinterpret_cast<void *>(x);
    }
    uint8_t sizeclass = sizeToClass(size);
    size = sizeclasses.class_to_size[sizeclass];
    uint8_t spc = makeSpanClass(sizeclass, noscan);
    s = c->alloc[spc];
    x = nextFreeFast(s);
    if (x == 0) x = c->nextFree(spc, &s);
    if ((needzero || !noscan) && s->needzero != 0) {
      __builtin_memset(reinterpret_cast<void *>(x), 0, size);
    }
    if (!noscan) heapBitsSetType(s, x, dataSize, typ);
  } else {
    s = largeAlloc(size, noscan);
    x = s->startAddr;
    if ((needzero || !noscan) && s->needzero != 0) {
      __builtin_memset(reinterpret_cast<void *>(x), 0, s->elemsize);
    }
    if (!noscan) s->largeType = typ;
  }
  return reinterpret_cast<void *>(x);
}

// MallocGC is the compiler's entry to mallocgc. Runs on any goroutine.
extern "C" void *MallocGC(uintptr_t size, void *typ, uint8_t needzero) {
  preemptcheck();
  return mallocgc(size, static_cast<const _type *>(typ), needzero != 0);
}

// NewObject is new(T). Go: newobject. Runs on any goroutine.
extern "C" void *NewObject(void *typ) {
  preemptcheck();
  auto *t = static_cast<const _type *>(typ);
  return mallocgc(t->size, t, true);
}

// NewArray allocates a zeroed [n]T. Go: newarray. Runs on any goroutine.
extern "C" void *NewArray(void *typ, int64_t n) {
  preemptcheck();
  auto *t = static_cast<const _type *>(typ);
  if (n == 1) return mallocgc(t->size, t, true);
  uintptr_t mem;
  if (n < 0 || __builtin_mul_overflow(t->size, static_cast<uintptr_t>(n), &mem) || mem > maxAlloc) {
    newarrayPanic();
  }
  return mallocgc(mem, t, true);
}

} // namespace runtime
