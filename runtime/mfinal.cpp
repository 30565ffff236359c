// Finalizers: runtime.SetFinalizer, the records that tie a finalizer to its object, the
// collector's treatment of finalizable objects and the goroutine that runs finalizers;
// mirrors runtime/mfinal.go and the specials of mheap.go.
//
// A finalizer is a *special* record on the span of its object, in a list sorted by the
// object's offset in the span (gc's mspan.specials); the first page of every span with
// specials has a bit in its arena's pageSpecials, so the collector finds them without
// visiting every span. The records live in persistent memory, which is no root: a record
// holds the object's offset, never its address, so it does not keep the object alive.
//
//     SetFinalizer(obj, fn):   gc's checks (throws, as gc's), then
//                              fn == nil: remove obj's record
//                              else:      add a record {offset, fn, fint, ot, ft}
//                                         ("finalizer already set" if there is one)
//     mark (gcMarkFinalizers, with the roots):
//         for each record: scan the object's contents (not the object itself) and
//         shade fn, so everything the finalizer may touch survives this cycle; and
//         shade fn and arg of every finalizer queued but not run yet
//     sweep (sweepSpecials, before a span is swept):
//         for each unmarked object with a record: mark it (it survives this cycle),
//         unlink the record and queue {fn, arg = the object's address, fint, ot, ft}
//     after the cycle: the finalizer goroutine, if queued work waits, is made runnable;
//         runtime.GC() yields to it, so finalizers of a forced collection have run when
//         GC returns (gc runs them on another P or while GC waits)
//     runfinq (the finalizer goroutine, gc's runtime.runfinq, created by the first
//         SetFinalizer): takes the whole queue, calls each finalizer, parks when empty
//         ("finalizer wait"); it is a system goroutine: NumGoroutine does not count it
//         and goroutine dumps show it only while it runs a finalizer, as gc's
//
// So an object with a finalizer takes two cycles to be freed: the first finds it
// unreachable, keeps it and queues the finalizer; once the finalizer has run (and kept
// no reference), the next cycle frees it. If A refers to B and both have finalizers,
// A's scan keeps B reachable: A's finalizer runs first, B's one cycle later.
//
// The queue is a list of blocks of finalizer records (gc's finq, finc for spare blocks)
// in persistent memory; runfinq runs a block's records from the last to the first, the
// newest block first, as gc does.
//
// Calling a finalizer: fn is a func value (a closure whose word 0 is the code) of type
// func(T) R..., T a pointer type or an interface type. The code takes the closure first,
// then, as FuncType of its signature says (docs/compiler/abi.md, HELPERS "Function
// values"): a results-out pointer when a result is an array or a struct, then the
// argument (one pointer word, or an interface's two words). Results returned in
// registers are discarded; those LLVM returns through a hidden pointer because they do
// not fit its return registers (amd64: more than 3 integer or 4 floating-point values;
// arm64: more than 8 of either; riscv64: more than 2 values in all) are given a buffer
// through the same register a C++ function returning a large struct uses (the first
// argument's, x8 on arm64).
#include "malloc.h"

namespace runtime {

using talpa::abi::eface;
using talpa::abi::functype;
using talpa::abi::interfacetype;
using talpa::abi::itab;
using talpa::abi::ptrtype;
namespace kinds = talpa::abi::kinds;

// A finalizer special: which object (by offset in its span) and what to call. Go:
// special + specialfinalizer.
struct special {
  special *next;
  uintptr_t offset; // of the pointer SetFinalizer was given (inner for tiny objects)
  void *fn;         // the func value
  const functype *ft;
  const _type *fint; // the finalizer's parameter type
  const ptrtype *ot; // the object's pointer type
};

namespace {

// A queued finalizer call. Go: finalizer.
struct finalizer {
  void *fn;
  void *arg;
  const functype *ft;
  const _type *fint;
  const ptrtype *ot;
};

// A block of the queue. Go: finblock.
struct finblock {
  finblock *alllink; // every block ever made (allfin)
  finblock *next;
  uintptr_t cnt;
  finalizer fin[(4096 - 3 * sizeof(uintptr_t)) / sizeof(finalizer)];
};

// The records and the queue, each under its own lock. speciallock guards every span's
// specials list, pageSpecials and the record free list (gc has a lock per span).
mutex speciallock;
special *specialfree;
mutex finlock;
finblock *finq; // queued work, newest block first
finblock *finc; // spare blocks
// Every block: the collector scans them all (a block runfinq took off finq still holds
// the calls it has not made yet). Go: allfin.
finblock *allfin;
g *fing;       // the finalizer goroutine
bool fingwait; // fing is parked waiting for work
bool fingwake; // work was queued since fing parked
bool fingRunning;
uint32_t fingCreated;
uint64_t nspecials; // records in all spans (the collector skips its pass without any)

special *newspecial() {
  special *s = specialfree;
  if (s != nullptr) {
    specialfree = s->next;
    *s = special{};
    return s;
  }
  return static_cast<special *>(persistentalloc(sizeof(special), alignof(special)));
}

void setPageSpecials(mspan *s, bool on) {
  heapArena *ha = arenaOf(s->startAddr);
  uintptr_t page = (s->startAddr >> pageShift) & (pagesPerArena - 1);
  uint64_t bit = uint64_t(1) << (page % 64);
  if (on) {
    ha->pageSpecials[page / 64] |= bit;
  } else {
    ha->pageSpecials[page / 64] &= ~bit;
  }
}

// queuefinalizer appends a call of f's finalizer with arg to the queue. Go:
// queuefinalizer. World stopped (the sweep).
void queuefinalizer(const special *f, void *arg) {
  lock(&finlock);
  if (finq == nullptr || finq->cnt == sizeof finq->fin / sizeof finq->fin[0]) {
    finblock *b = finc;
    if (b != nullptr) {
      finc = b->next;
    } else {
      b = static_cast<finblock *>(persistentalloc(sizeof(finblock), alignof(finblock)));
      b->alllink = allfin;
      allfin = b;
    }
    b->next = finq;
    b->cnt = 0;
    finq = b;
  }
  finq->fin[finq->cnt++] = finalizer{f->fn, arg, f->ft, f->fint, f->ot};
  fingwake = true;
  unlock(&finlock);
}

bool unlockfin(g *, void *lk) {
  unlock(static_cast<mutex *>(lk));
  return true;
}

// ---- Calling a finalizer ----

// How LLVM returns a function's results: the number of integer (pointer) and
// floating-point values they flatten to. Memory results (arrays, structs) make the
// results go through an out pointer instead (inmemory).
struct resultshape {
  bool inmemory;
  uintptr_t memsize; // bytes of the results in memory (upper bound)
  uint32_t ints;
  uint32_t floats;
};

resultshape shapeof(const functype *ft) {
  resultshape r{};
  uint32_t nout = ft->out_count & 0x7fff;
  for (uint32_t i = 0; i < nout; i++) {
    const _type *t = ft->params[ft->in_count + i];
    uintptr_t a = t->align < 8 ? 8 : t->align;
    r.memsize = (r.memsize + a - 1) / a * a + t->size;
    switch (t->kind & kinds::Mask) {
    case kinds::Array:
    case kinds::Struct:
      r.inmemory = true;
      break;
    case kinds::Float32:
    case kinds::Float64:
      r.floats++;
      break;
    case kinds::Complex64:
    case kinds::Complex128:
      r.floats += 2;
      break;
    case kinds::String:
    case kinds::Interface:
      r.ints += 2;
      break;
    case kinds::Slice:
      r.ints += 3;
      break;
    default:
      r.ints++;
      break;
    }
  }
  return r;
}

// Whether LLVM returns results of this shape through a hidden pointer (see the file
// comment; measured with llc 19 for every target talpa runs).
bool demoted(const resultshape &r) {
#if defined(__x86_64__)
  return r.ints > 3 || r.floats > 4;
#elif defined(__aarch64__)
  return r.ints > 8 || r.floats > 8;
#elif defined(__riscv)
  return r.ints + r.floats > 2;
#else
#error "mfinal.cpp: how does LLVM return results on this architecture?"
#endif
}

// The buffer a demoted return writes: every value takes at most a word.
struct bigresults {
  uintptr_t w[256];
};

// callfinalizer calls f's function with its argument converted to the parameter type.
// The function is compiled Go code called through a pointer of the type its convention
// gives (UBSan's -fsanitize=function, in the unit tests, cannot know that type). Runs on
// the finalizer goroutine.
__attribute__((no_sanitize("function"))) void callfinalizer(const finalizer &f) {
  // The argument: the pointer, or an interface {type or itab, pointer}. Go: runfinq.
  const void *w0 = nullptr;
  void *w1 = f.arg;
  bool iface = (f.fint->kind & kinds::Mask) == kinds::Interface;
  if (iface) {
    auto *ityp = reinterpret_cast<const interfacetype *>(f.fint);
    w0 = &f.ot->typ;
    if (ityp->mcount != 0) w0 = getitab(ityp, &f.ot->typ, false);
  }
  void *fv = f.fn;
  void *code = *static_cast<void **>(fv);
  resultshape r = shapeof(f.ft);
  fingRunning = true;
  if (r.inmemory) {
    alignas(16) uint8_t small[512];
    void *out = small;
    if (r.memsize > sizeof small) out = MallocGC(r.memsize, nullptr, true);
    if (iface) {
      reinterpret_cast<void (*)(void *, void *, const void *, void *)>(code)(fv, out, w0, w1);
    } else {
      reinterpret_cast<void (*)(void *, void *, void *)>(code)(fv, out, w1);
    }
  } else if (demoted(r)) {
    if (r.ints + r.floats > sizeof(bigresults) / sizeof(uintptr_t)) {
      throw_("runtime: finalizer has too many results");
    }
    if (iface) {
      reinterpret_cast<bigresults (*)(void *, const void *, void *)>(code)(fv, w0, w1);
    } else {
      reinterpret_cast<bigresults (*)(void *, void *)>(code)(fv, w1);
    }
  } else {
    if (iface) {
      reinterpret_cast<void (*)(void *, const void *, void *)>(code)(fv, w0, w1);
    } else {
      reinterpret_cast<void (*)(void *, void *)>(code)(fv, w1);
    }
  }
#if defined(__x86_64__)
  // A third and fourth floating-point result come back on the x87 stack, which nobody
  // pops here: mark its registers empty again.
  __asm__ volatile("emms");
#endif
  fingRunning = false;
}

// clearstack zeroes stack below the caller: the finalizers' frames left their arguments
// there, and the collector scans a parked goroutine's stack conservatively from its
// saved sp, which gopark's frames place inside that region.
__attribute__((noinline)) void clearstack() {
  volatile uintptr_t buf[256];
  for (uintptr_t i = 0; i < 256; i++)
    buf[i] = 0;
}

// runfinblocks calls the finalizers of the chain fb took off finq (each block's records
// from the last to the first) and returns the blocks to the free list. Says whether it
// called any.
bool runfinblocks(finblock *fb) {
  bool any = false;
  while (fb != nullptr) {
    for (uintptr_t i = fb->cnt; i > 0; i--) {
      callfinalizer(fb->fin[i - 1]);
      fb->fin[i - 1] = finalizer{};
      fb->cnt = i - 1;
      any = true;
    }
    finblock *next = fb->next;
    lock(&finlock);
    fb->next = finc;
    finc = fb;
    unlock(&finlock);
    fb = next;
  }
  return any;
}

// The finalizer goroutine's loop. Runs on fing, never returns.
[[noreturn]] void runfinqloop() {
  for (;;) {
    lock(&finlock);
    finblock *fb = finq;
    finq = nullptr;
    if (fb == nullptr) {
      clearstack();
      fing = getg();
      fingwait = true;
      gopark(unlockfin, &finlock, waitReason::finalizerwait);
      continue;
    }
    unlock(&finlock);
    runfinblocks(fb);
  }
}

// The C++ frames here (callfinalizer's result buffer, clearstack's) need more than a
// goroutine's first segment has below its red zone: the loop runs on a segment of
// finqStackBytes (morestack.cpp's withstack; in place without stack checks).
constexpr uintptr_t finqStackBytes = 16 << 10;

void runfinqon(void *) { runfinqloop(); }

// The finalizer goroutine's body. Go: runfinq. Runs on fing, never returns.
[[noreturn]] void runfinq(void *) {
  withstack(finqStackBytes, runfinqon, nullptr);
  throw_("runtime: runfinq returned");
}

// The func value of runfinq, for newproc (word 0: the code, called with the closure).
struct funcval {
  void (*code)(void *);
};
const funcval runfinqfv = {runfinq};

// createfing starts the finalizer goroutine once. Go: createfing. Runs on the goroutine
// calling SetFinalizer.
void createfing() {
  if (__atomic_exchange_n(&fingCreated, 1, __ATOMIC_ACQ_REL) != 0) return;
  NewProc(const_cast<funcval *>(&runfinqfv));
}

// ---- SetFinalizer's checks ----

void printtype(const _type *t) {
  if (t->str != nullptr) gwrite(t->str->ptr, t->str->len);
}

// throwtypes throws "runtime.SetFinalizer: " + a + t1 + b + t2 + c (t2 may be null), as
// gc's throw of the concatenation.
[[noreturn]] void throwtypes(const char *a, const _type *t1, const char *b, const _type *t2,
                             const char *c) {
  startpanic();
  printcstr("fatal error: runtime.SetFinalizer: ");
  printcstr(a);
  printtype(t1);
  printcstr(b);
  if (t2 != nullptr) printtype(t2);
  printcstr(c);
  printcstr("\n");
  exit(2);
}

// Whether an interface-typed parameter fint accepts a value of type t. Go: the
// kindInterface case of SetFinalizer.
bool ifaceaccepts(const _type *fint, const _type *t) {
  auto *ityp = reinterpret_cast<const interfacetype *>(fint);
  if (ityp->mcount == 0) return true;
  return getitab(ityp, t, true) != nullptr;
}

} // namespace

// ---- The records ----

bool addfinalizer(void *p, void *fn, const functype *ft, const _type *fint, const ptrtype *ot) {
  auto addr = reinterpret_cast<uintptr_t>(p);
  mspan *s = spanOf(addr);
  if (s == nullptr) throw_("addfinalizer on a pointer outside the heap");
  uintptr_t offset = addr - s->startAddr;
  lock(&speciallock);
  special **link = &s->specials;
  for (special *x = *link; x != nullptr && x->offset <= offset; x = *link) {
    if (x->offset == offset) {
      unlock(&speciallock);
      return false;
    }
    link = &x->next;
  }
  special *f = newspecial();
  f->offset = offset;
  f->fn = fn;
  f->ft = ft;
  f->fint = fint;
  f->ot = ot;
  f->next = *link;
  *link = f;
  setPageSpecials(s, true);
  nspecials++;
  unlock(&speciallock);
  return true;
}

bool removefinalizer(void *p) {
  auto addr = reinterpret_cast<uintptr_t>(p);
  mspan *s = spanOf(addr);
  if (s == nullptr) return false;
  uintptr_t offset = addr - s->startAddr;
  lock(&speciallock);
  bool found = false;
  for (special **link = &s->specials; *link != nullptr; link = &(*link)->next) {
    special *x = *link;
    if (x->offset > offset) break;
    if (x->offset == offset) {
      *link = x->next;
      x->next = specialfree;
      specialfree = x;
      nspecials--;
      found = true;
      break;
    }
  }
  if (s->specials == nullptr) setPageSpecials(s, false);
  unlock(&speciallock);
  return found;
}

uint64_t finalizerCount() { return nspecials; }

uint64_t queuedFinalizers() {
  lock(&finlock);
  uint64_t n = 0;
  for (finblock *b = finq; b != nullptr; b = b->next)
    n += b->cnt;
  unlock(&finlock);
  return n;
}

bool runQueuedFinalizers() {
  lock(&finlock);
  finblock *fb = finq;
  finq = nullptr;
  fingwake = false;
  unlock(&finlock);
  return runfinblocks(fb);
}

// ---- The collector's hooks ----

namespace {

// forEachSpecialSpan calls f(s) for every in-use span with specials. World stopped.
template <typename F> void forEachSpecialSpan(F f) {
  mheap &h = mheap_;
  for (uintptr_t k = 0; k < h.nregions; k++) {
    heapRegion &r = h.regions[k];
    for (uintptr_t a = r.base; a < r.base + r.npages * pageSize; a += heapArenaBytes) {
      heapArena *ha = arenaOf(a);
      for (uintptr_t w = 0; w < pagesPerArena / 64; w++) {
        uint64_t bits = ha->pageSpecials[w];
        while (bits != 0) {
          auto b = static_cast<uintptr_t>(__builtin_ctzll(bits));
          bits &= bits - 1;
          f(ha->spans[w * 64 + b]);
        }
      }
    }
  }
}

} // namespace

void gcForEachFinalizable(void (*f)(uintptr_t obj)) {
  if (nspecials == 0) return;
  forEachSpecialSpan([f](mspan *s) {
    for (special *x = s->specials; x != nullptr; x = x->next)
      f(s->startAddr + x->offset / s->elemsize * s->elemsize);
  });
}

void gcMarkFinalizers() {
  if (nspecials != 0) {
    forEachSpecialSpan([](mspan *s) {
      for (special *x = s->specials; x != nullptr; x = x->next) {
        uintptr_t obj = s->startAddr + x->offset / s->elemsize * s->elemsize;
        // Everything the object refers to, not the object itself: it is garbage if
        // nothing else reaches it, and then its finalizer is queued by the sweep.
        if (!s->noscan()) gcScanObject(obj);
        shade(reinterpret_cast<uintptr_t>(x->fn));
      }
    });
  }
  // Queued calls: their functions and objects live until the calls are made.
  for (finblock *b = allfin; b != nullptr; b = b->alllink) {
    for (uintptr_t i = 0; i < b->cnt; i++) {
      shade(reinterpret_cast<uintptr_t>(b->fin[i].fn));
      shade(reinterpret_cast<uintptr_t>(b->fin[i].arg));
    }
  }
}

void sweepSpecials(mspan *s) {
  special **link = &s->specials;
  while (*link != nullptr) {
    special *x = *link;
    uint32_t i = static_cast<uint32_t>(x->offset / s->elemsize);
    if (s->isMarked(i)) {
      link = &x->next;
      continue;
    }
    // Unreachable: keep the object for its finalizer (every record of the object, tiny
    // blocks may have several, is queued; the object is marked once).
    s->gcmarkBits[i / 64] |= uint64_t(1) << (i % 64);
    gcController.heapMarked += s->elemsize;
    uintptr_t end = (uintptr_t(i) + 1) * s->elemsize;
    while (*link != nullptr && (*link)->offset < end) {
      special *y = *link;
      *link = y->next;
      queuefinalizer(y, reinterpret_cast<void *>(s->startAddr + y->offset));
      y->next = specialfree;
      specialfree = y;
      nspecials--;
    }
  }
  if (s->specials == nullptr) setPageSpecials(s, false);
}

namespace {

// wakefing returns the finalizer goroutine if it waits and calls were queued since it
// parked, clearing both flags. Go: wakefing. Runs on any goroutine.
g *wakefing() {
  g *res = nullptr;
  lock(&finlock);
  if (fingwait && fingwake) {
    fingwait = false;
    fingwake = false;
    res = fing;
  }
  unlock(&finlock);
  return res;
}

} // namespace

bool gcFinalizersReady() {
  g *gp = wakefing();
  if (gp == nullptr) return false;
  goready(gp);
  return true;
}

bool isSystemGoroutine(const g *gp, bool fixed) {
  // Atomic: NumGoroutine asks about goroutines other Ms are starting or retiring.
  if (__atomic_load_n(&gp->fn, __ATOMIC_RELAXED) != static_cast<const void *>(&runfinqfv))
    return false;
  return fixed || !fingRunning;
}

// SetFinalizer is runtime.SetFinalizer's C++ half: obj and finalizer point to the two
// interface arguments (lib/runtime/extern.go). Go: SetFinalizer. Runs on the calling
// goroutine.
extern "C" void setfinalizer(const eface *obj, const eface *finalizer) {
  const _type *etyp = obj->type;
  if (etyp == nullptr) throw_("runtime.SetFinalizer: first argument is nil");
  if ((etyp->kind & kinds::Mask) != kinds::Pointer) {
    throwtypes("first argument is ", etyp, ", not pointer", nullptr, "");
  }
  auto *ot = reinterpret_cast<const ptrtype *>(etyp);
  if (ot->elem == nullptr) throw_("nil elem type!");

  // The object: the heap block the pointer is in, or a global (nothing to do), or a
  // 0-byte allocation (likewise).
  auto addr = reinterpret_cast<uintptr_t>(obj->data);
  mspan *s = spanOf(addr);
  if (s == nullptr || !s->isAllocated(s->sizeclass() == 0 ? 0 : s->objIndex(addr))) {
    if (obj->data == MallocGC(0, nullptr, false)) return;
    // gc accepts pointers into the data and bss segments; talpa accepts any address
    // outside the heap but the stack of the goroutine (talpa's stack objects are never
    // handed out as heap blocks).
    g *gp = getg();
    bool onstack = gp != nullptr && addr >= gp->stack.lo && addr < gp->stack.hi;
    if (addr == 0 || onstack || s != nullptr) {
      throw_("runtime.SetFinalizer: pointer not in allocated block");
    }
    return;
  }
  uintptr_t base = s->startAddr;
  if (s->sizeclass() != 0) base += uintptr_t(s->objIndex(addr)) * s->elemsize;
  if (addr != base) {
    // An inner pointer is allowed where it may be a tiny allocation's.
    if (ot->elem->ptrdata != 0 || ot->elem->size >= maxTinySize) {
      throw_("runtime.SetFinalizer: pointer not at beginning of allocated block");
    }
  }

  const _type *ftyp = finalizer->type;
  if (ftyp == nullptr) {
    removefinalizer(obj->data);
    return;
  }
  if ((ftyp->kind & kinds::Mask) != kinds::Func) {
    throwtypes("second argument is ", ftyp, ", not a function", nullptr, "");
  }
  auto *ft = reinterpret_cast<const functype *>(ftyp);
  if ((ft->out_count & 0x8000) != 0) {
    throwtypes("cannot pass ", etyp, " to finalizer ", ftyp, " because dotdotdot");
  }
  if (ft->in_count != 1) throwtypes("cannot pass ", etyp, " to finalizer ", ftyp, "");
  const _type *fint = ft->params[0];
  bool ok = false;
  if (fint == etyp) {
    ok = true;
  } else if ((fint->kind & kinds::Mask) == kinds::Pointer) {
    // Assignable: both pointers to the same type, one of them unnamed.
    ok = (fint->uncommon == nullptr || etyp->uncommon == nullptr) &&
         reinterpret_cast<const ptrtype *>(fint)->elem == ot->elem;
  } else if ((fint->kind & kinds::Mask) == kinds::Interface) {
    ok = ifaceaccepts(fint, etyp);
  }
  if (!ok) throwtypes("cannot pass ", etyp, " to finalizer ", ftyp, "");

  createfing();
  if (!addfinalizer(obj->data, finalizer->data, ft, fint, ot)) {
    throw_("runtime.SetFinalizer: finalizer already set");
  }
}

} // namespace runtime
