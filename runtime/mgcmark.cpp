// Marking: roots, the grey set, scanning objects; mirrors runtime/mgcmark.go (markroot,
// scanblock, scanobject, greyobject) and mgcwork.go (the work buffers).
//
// Tri-colour marking with the world stopped:
//
//     white: not marked (gcmarkBits clear)   -> freed by the sweep
//     grey:  marked, in the work buffer      -> its pointers still to be followed
//     black: marked, scanned (or noscan: marked and never queued)
//
//     gcMark(sp):
//         for each root range [b, e): scanblock (conservative)
//         while the work buffer has an object: scanobject (precise)
//
//     scanblock(b, e):  every aligned word w of [b, e): shade(w)
//     scanobject(p):    every word of p the heap bitmap (small) or the span's type
//                       (large) marks as a pointer: shade(word)
//     shade(v):         s = span of v (in an in-use span's object range, else ignore)
//                       i = index of the object containing v (interior pointers count)
//                       ignore if slot i is free; else set mark bit i, and if it was
//                       clear and s is a scan span, push the object (grey)
//
// Conservative words are validated the same way as precise ones: a value is a pointer
// only if it lands inside an allocated object of an in-use span, so integers that look
// like addresses keep at most an object alive, never corrupt the heap. Precise pointers
// are validated too (a program cannot make a bad one without unsafe, and ignoring one is
// safer than throwing).
//
// Roots:
//   - the program's writable data and bss, found per object format: ELF through the
//     program headers reached from the linker-defined __ehdr_start (every writable
//     PT_LOAD segment), PE through __ImageBase's section table (sections with
//     IMAGE_SCN_MEM_WRITE), Mach-O through __mh_execute_header's load commands (segments
//     whose initial protection allows writing). Conservatively, since globals have no
//     pointer bitmap yet (gc has the linker emit one for data and bss).
//   - the current goroutine's stack from the collector's frame to the stack's base
//     (its g's stack.hi, or the OS stack's top recorded by rt0_go), after gcStart
//     spilled the callee-saved registers into its frame;
//   - every other live goroutine's stack from its saved sp (gogo pushed its registers
//     there, asm.cpp), and every g record and sudog (persistent memory);
//   - ranges registered with addRootRange.
//
// The work buffer is a stack of object addresses in 32 KiB blocks of persistent memory
// (kept for the next cycle), so marking allocates nothing from the heap.
#include "malloc.h"

// The ASan build of the unit tests must not report the collector's reads of stack and
// globals redzones: scanning reads every word, by design.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_SANITIZE_ADDRESS __attribute__((no_sanitize("address")))
#endif
#endif
#ifndef NO_SANITIZE_ADDRESS
#define NO_SANITIZE_ADDRESS
#endif

#if defined(GOOS_windows)
extern "C" const uint8_t __ImageBase[];
#elif defined(GOOS_darwin)
extern "C" const uint8_t _mh_execute_header[];
#else
// ELF: defined by the linker (lld, GNU ld) when the ELF header is loaded, as it is in
// talpa's static executables and in the unit tests' host executables.
extern "C" const uint8_t __ehdr_start[] __attribute__((weak, visibility("hidden")));
#endif

// The program's stack maps (compiler/driver/stackmap.cpp); this weak empty one is for
// programs built without them.
extern "C" __attribute__((weak)) const talpa::abi::gctab talpa_gctab = {nullptr, 0};

namespace runtime {

namespace {

// Sorts a[0:n) by less, in place, with no allocation and no libc: a shell sort, quick on
// the nearly sorted tables it gets (functions in link order, stack objects in walk order).
template <typename T, typename Less> void shellsort(T *a, uintptr_t n, Less less) {
  for (uintptr_t gap = n / 2; gap > 0; gap /= 2)
    for (uintptr_t i = gap; i < n; i++) {
      T v = a[i];
      uintptr_t j = i;
      for (; j >= gap && less(v, a[j - gap]); j -= gap)
        a[j] = a[j - gap];
      a[j] = v;
    }
}

// The number of leading elements of a[0:n) that satisfy pred, the table being
// partitioned by it (sorted): the index of the first that does not. A binary search.
template <typename T, typename Pred> uintptr_t partitionpoint(const T *a, uintptr_t n, Pred pred) {
  uintptr_t lo = 0, hi = n;
  while (lo < hi) {
    uintptr_t mid = (lo + hi) / 2;
    if (pred(a[mid]))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

} // namespace

gcRootConfig gcroots = {.globals = true, .stack = true, .stackhi = 0};

namespace {

// A block of the work buffer. Go: workbuf.
struct workbuf {
  workbuf *next;
  uintptr_t n;
  uintptr_t obj[(32 << 10) / sizeof(uintptr_t) - 2];
};

struct {
  workbuf *full;  // the stack: blocks below the top one (each full)
  workbuf *top;   // the block being filled and emptied
  workbuf *empty; // spare blocks
} work;

// Root ranges added with addRootRange: a growable array in persistent memory.
struct rootRange {
  uintptr_t lo;
  uintptr_t hi;
};
struct {
  rootRange *r;
  uintptr_t n;
  uintptr_t cap;
} extraRoots;

workbuf *getempty() {
  workbuf *b = work.empty;
  if (b != nullptr) {
    work.empty = b->next;
  } else {
    b = static_cast<workbuf *>(persistentalloc(sizeof(workbuf), 8));
  }
  b->next = nullptr;
  b->n = 0;
  return b;
}

void push(uintptr_t obj) {
  workbuf *b = work.top;
  if (b == nullptr || b->n == sizeof b->obj / sizeof b->obj[0]) {
    if (b != nullptr) {
      b->next = work.full;
      work.full = b;
    }
    b = getempty();
    work.top = b;
  }
  b->obj[b->n++] = obj;
}

// pop returns the next grey object, or 0 when there is none.
uintptr_t pop() {
  for (;;) {
    workbuf *b = work.top;
    if (b == nullptr) return 0;
    if (b->n > 0) return b->obj[--b->n];
    work.top = work.full;
    if (work.full != nullptr) work.full = work.full->next;
    b->next = work.empty;
    work.empty = b;
  }
}

// greyobject marks slot i of s (whose object starts at obj) and queues it if it holds
// pointers. Go: greyobject.
inline void greyobject(uintptr_t obj, mspan *s, uint32_t i) {
  uint64_t *word = &s->gcmarkBits[i / 64];
  uint64_t bit = uint64_t(1) << (i % 64);
  if ((*word & bit) != 0) return;
  *word |= bit;
  gcController.heapMarked += s->elemsize;
  if (!s->noscan()) push(obj);
}

// scanblock shades every aligned word of [b, e) (conservative). Go: scanblock with no
// pointer mask.
// TALPA_GCWHY: see "Debugging" below.
bool whyon;
void whyscanblock(uintptr_t b, uintptr_t e);
void whyroot(const char *root, int64_t goid);
void whystackobj(uintptr_t at, uintptr_t v);
void whystackroot(const char *root, int64_t goid, uintptr_t pc, uintptr_t fp, const void *w);

NO_SANITIZE_ADDRESS void scanblock(uintptr_t b, uintptr_t e) {
  b = (b + 7) & ~uintptr_t(7);
  if (whyon) {
    whyscanblock(b, e);
    return;
  }
  uintptr_t lo = mheap_.minArena << logHeapArenaBytes;
  uintptr_t hi = mheap_.maxArena << logHeapArenaBytes;
  for (uintptr_t p = b; p + 8 <= e; p += 8) {
    uintptr_t v = *reinterpret_cast<const uintptr_t *>(p);
    if (v >= lo && v < hi) shade(v);
  }
}

// scanobject shades the pointers of the grey object at b. Go: scanobject.
void scanobject(uintptr_t b) {
  mspan *s = spanOf(b);
  if (s == nullptr) throw_("scanobject: object not in the heap");
  if (s->sizeclass() == 0) {
    // Large: the span's type, repeated over the array it may hold.
    const _type *t = s->largeType;
    if (t == nullptr || t->ptrdata == 0) return;
    uintptr_t n = t->size == 0 ? 1 : s->largeSize / t->size;
    uintptr_t ptrWords = t->ptrdata / 8;
    for (uintptr_t e = 0; e < n; e++) {
      uintptr_t elem = b + e * t->size;
      for (uintptr_t w = 0; w < ptrWords; w++) {
        if ((t->gcdata[w / 8] >> (w % 8) & 1) == 0) continue;
        uintptr_t v = *reinterpret_cast<const uintptr_t *>(elem + w * 8);
        if (v != 0) shade(v);
      }
    }
    return;
  }
  // Small: the heap bitmap, a word of bits at a time.
  heapArena *ha = arenaOf(b);
  uintptr_t w = (b - ha->base) / 8;
  uintptr_t end = w + s->elemsize / 8;
  while (w < end) {
    uintptr_t shift = w % 64;
    uintptr_t span = 64 - shift;
    if (span > end - w) span = end - w;
    uint64_t bits = ha->bitmap[w / 64] >> shift;
    if (span < 64) bits &= (uint64_t(1) << span) - 1;
    while (bits != 0) {
      uintptr_t k = static_cast<uintptr_t>(__builtin_ctzll(bits));
      bits &= bits - 1;
      uintptr_t v = *reinterpret_cast<const uintptr_t *>(ha->base + (w + k) * 8);
      if (v != 0) shade(v);
    }
    w += span;
  }
}

// drain scans grey objects until there are none. An object popped from the work buffer
// is prefetched and scanned only after the next few: its words are usually not in the
// cache (the stall on loading them was most of the marking time), and a small FIFO of
// prefetched objects hides that latency. The order of scanning does not matter to
// correctness. Go: gcDrain (gc 1.19 does not prefetch).
void drain() {
  constexpr int ringSize = 8;
  uintptr_t ring[ringSize];
  int head = 0;
  int count = 0;
  for (;;) {
    uintptr_t obj = pop();
    uintptr_t next;
    if (obj != 0) {
      __builtin_prefetch(reinterpret_cast<const void *>(obj));
      if (count < ringSize) {
        ring[(head + count) % ringSize] = obj;
        count++;
        continue;
      }
      next = ring[head];
      ring[head] = obj;
    } else {
      if (count == 0) return;
      next = ring[head];
      count--;
    }
    head = (head + 1) % ringSize;
    scanobject(next);
  }
}

#if defined(GOOS_windows)

// Every writable section of the executable's image. Go: the data and bss ranges of
// moduledata, which gc's linker records.
void scanglobals() {
  const uint8_t *img = __ImageBase;
  uint32_t lfanew;
  __builtin_memcpy(&lfanew, img + 0x3C, 4);
  const uint8_t *fh = img + lfanew + 4; // IMAGE_FILE_HEADER, after "PE\0\0"
  uint16_t nsections, optsize;
  __builtin_memcpy(&nsections, fh + 2, 2);
  __builtin_memcpy(&optsize, fh + 16, 2);
  const uint8_t *sh = fh + 20 + optsize;
  constexpr uint32_t IMAGE_SCN_MEM_WRITE = 0x80000000;
  for (uint16_t i = 0; i < nsections; i++, sh += 40) {
    uint32_t vsize, va, chars;
    __builtin_memcpy(&vsize, sh + 8, 4);
    __builtin_memcpy(&va, sh + 12, 4);
    __builtin_memcpy(&chars, sh + 36, 4);
    if ((chars & IMAGE_SCN_MEM_WRITE) == 0) continue;
    auto lo = reinterpret_cast<uintptr_t>(img) + va;
    memstats.lastGlobalsScan += vsize;
    scanblock(lo, lo + vsize);
  }
}

#elif defined(GOOS_darwin)

// Every segment mapped writable (initprot has VM_PROT_WRITE), shifted by the slide.
void scanglobals() {
  const uint8_t *mh = _mh_execute_header;
  uint32_t ncmds;
  __builtin_memcpy(&ncmds, mh + 16, 4);
  constexpr uint32_t LC_SEGMENT_64 = 0x19;
  constexpr uint32_t VM_PROT_WRITE = 0x2;
  // The slide: where __TEXT (which holds the header at its file offset 0) actually is.
  intptr_t slide = 0;
  const uint8_t *lc = mh + 32;
  for (uint32_t i = 0; i < ncmds; i++) {
    uint32_t cmd, size;
    __builtin_memcpy(&cmd, lc, 4);
    __builtin_memcpy(&size, lc + 4, 4);
    if (cmd == LC_SEGMENT_64) {
      uint64_t vmaddr, fileoff, filesize;
      __builtin_memcpy(&vmaddr, lc + 24, 8);
      __builtin_memcpy(&fileoff, lc + 40, 8);
      __builtin_memcpy(&filesize, lc + 48, 8);
      if (fileoff == 0 && filesize != 0) {
        slide = reinterpret_cast<intptr_t>(mh) - static_cast<intptr_t>(vmaddr);
      }
    }
    lc += size;
  }
  lc = mh + 32;
  for (uint32_t i = 0; i < ncmds; i++) {
    uint32_t cmd, size;
    __builtin_memcpy(&cmd, lc, 4);
    __builtin_memcpy(&size, lc + 4, 4);
    if (cmd == LC_SEGMENT_64) {
      uint64_t vmaddr, vmsize;
      uint32_t initprot;
      __builtin_memcpy(&vmaddr, lc + 24, 8);
      __builtin_memcpy(&vmsize, lc + 32, 8);
      __builtin_memcpy(&initprot, lc + 60, 4);
      if ((initprot & VM_PROT_WRITE) != 0) {
        uintptr_t lo = static_cast<uintptr_t>(static_cast<intptr_t>(vmaddr) + slide);
        memstats.lastGlobalsScan += vmsize;
        scanblock(lo, lo + vmsize);
      }
    }
    lc += size;
  }
}

#else

// Every writable PT_LOAD segment, shifted by the load bias (0 for talpa's static
// executables; the unit tests' host executables are position-independent).
void scanglobals() {
  const uint8_t *eh = __ehdr_start;
  if (eh == nullptr) throw_("gc: the executable has no __ehdr_start (ELF header not loaded)");
  uint64_t phoff;
  uint16_t phentsize, phnum;
  __builtin_memcpy(&phoff, eh + 32, 8);
  __builtin_memcpy(&phentsize, eh + 54, 2);
  __builtin_memcpy(&phnum, eh + 56, 2);
  constexpr uint32_t PT_LOAD = 1;
  constexpr uint32_t PF_W = 2;
  // The bias: the segment that maps file offset 0 holds the ELF header.
  intptr_t bias = 0;
  for (uint16_t i = 0; i < phnum; i++) {
    const uint8_t *ph = eh + phoff + uintptr_t(i) * phentsize;
    uint32_t type;
    uint64_t offset, vaddr;
    __builtin_memcpy(&type, ph, 4);
    __builtin_memcpy(&offset, ph + 8, 8);
    __builtin_memcpy(&vaddr, ph + 16, 8);
    if (type == PT_LOAD && offset == 0) {
      bias = reinterpret_cast<intptr_t>(eh) - static_cast<intptr_t>(vaddr);
      break;
    }
  }
  for (uint16_t i = 0; i < phnum; i++) {
    const uint8_t *ph = eh + phoff + uintptr_t(i) * phentsize;
    uint32_t type, flags;
    uint64_t vaddr, memsz;
    __builtin_memcpy(&type, ph, 4);
    __builtin_memcpy(&flags, ph + 4, 4);
    __builtin_memcpy(&vaddr, ph + 16, 8);
    __builtin_memcpy(&memsz, ph + 40, 8);
    if (type != PT_LOAD || (flags & PF_W) == 0) continue;
    uintptr_t lo = static_cast<uintptr_t>(static_cast<intptr_t>(vaddr) + bias);
    memstats.lastGlobalsScan += memsz;
    scanblock(lo, lo + memsz);
  }
}

#endif

// ---- Precise frames (docs/runtime/gc.md "Stack scanning") ----
//
// A compiled Go function built with stack maps (-gcflags=-precise=1) lists, per call
// site, the words of its frame that hold its pointers but are dead there
// (abi.h gctab). A goroutine's stack is still scanned conservatively, segment by
// segment, but the dead words of every frame stopped at such a call site are skipped:
// a pointer a function no longer needs does not keep its object alive. Everything else
// (runtime frames, their saved registers, a frame interrupted by asyncPreempt, stack
// objects) stays conservative, so a frame misread only makes the scan less precise.
//
// The frames are walked by their frame pointers from the innermost one; their dead
// words come in ascending address order within a segment, and segments come in the
// order forstacks gives them (the current one, then the older ones), which is the order
// the walk crosses them, so the scan of each range consumes the words inside it as it
// goes (deadslotwalk).

struct gcfuncrange {
  uintptr_t entry, end;
  const talpa::abi::gcfunc *f;
};

// The table's functions by address, built at the first collection (persistent memory).
struct {
  gcfuncrange *r;
  uintptr_t n;
  bool built;
} gcfuncs;

void buildgcfuncs() {
  gcfuncs.built = true;
  const talpa::abi::gctab &t = talpa_gctab;
  if (t.nfuncs == 0) return;
  gcfuncs.r = static_cast<gcfuncrange *>(persistentalloc(t.nfuncs * sizeof(gcfuncrange), 8));
  for (uintptr_t i = 0; i < t.nfuncs; i++) {
    auto e = reinterpret_cast<uintptr_t>(t.funcs[i].entry);
    gcfuncs.r[i] = {e, e + t.funcs[i].size, &t.funcs[i]};
  }
  gcfuncs.n = t.nfuncs;
  shellsort(gcfuncs.r, gcfuncs.n,
            [](const gcfuncrange &a, const gcfuncrange &b) { return a.entry < b.entry; });
}

// The call site whose return address is pc, or nullptr.
const talpa::abi::gcsite *findgcsite(uintptr_t pc, const talpa::abi::gcfunc **fout) {
  uintptr_t lo =
      partitionpoint(gcfuncs.r, gcfuncs.n, [pc](const gcfuncrange &r) { return r.entry <= pc; });
  if (lo == 0) return nullptr;
  const gcfuncrange &r = gcfuncs.r[lo - 1];
  if (pc >= r.end) return nullptr;
  auto off = static_cast<uint32_t>(pc - r.entry);
  uintptr_t a = partitionpoint(r.f->sites, r.f->nsites,
                               [off](const talpa::abi::gcsite &s) { return s.pcoff < off; });
  if (a == r.f->nsites || r.f->sites[a].pcoff != off) return nullptr;
  *fout = r.f;
  return &r.f->sites[a];
}

// The walk over one goroutine's frames, yielding the addresses of their dead words in
// the order described above. The world is stopped and one thread scans: one walk at a
// time.
class deadslotwalk {
public:
  // At a frame: its pc and frame pointer (on windows, the unwinder's registers: the
  // frame's stack pointer stands for the frame pointer, the table's offsets being
  // relative to it there).
  void start(uintptr_t pc, uintptr_t fp) {
    if (!gcfuncs.built) buildgcfuncs();
    pc_ = pc;
    fp_ = fp;
    frames_ = 0;
    offs_ = nullptr;
    i_ = n_ = 0;
    interrupted_ = false;
    done_ = gcfuncs.n == 0 || pc == 0;
    if (!done_) settle();
  }
#if defined(GOOS_windows)
  void startwin() { start(winunwindpc(w_), winunwindsp(w_)); }
  winframes w_{};
#endif
  // The next run of dead words: its address (0: none left) and length in bytes.
  uintptr_t peek() const { return done_ ? 0 : fp_ + static_cast<intptr_t>(offs_[2 * i_]); }
  uintptr_t len() const { return uintptr_t(offs_[2 * i_ + 1]) * 8; }
  void next() {
    if (++i_ == n_) {
      offs_ = nullptr;
      up();
      settle();
    }
  }
  // The stack objects of the frame whose runs are being given (stackobjs), and the move
  // past that frame's runs.
  const int32_t *objs() const { return offs_ + 2 * n_; }
  uint32_t nobjs() const { return nobjs_; }
  uintptr_t fp() const { return fp_; }
  void nextframe() {
    i_ = n_ - 1;
    next();
  }

private:
  // Moves to the calling frame; done_ at the end of the chain.
  void up() {
    interrupted_ = isasyncpreemptret(pc_);
    if (fp_ == 0 || fp_ % sizeof(uintptr_t) != 0 || ++frames_ > maxframes) {
      done_ = true;
      return;
    }
#if defined(GOOS_windows)
    if (!winunwindnext(w_)) {
      done_ = true;
      return;
    }
    callerframe c = {winunwindsp(w_), winunwindpc(w_)};
#else
    callerframe c = caller(fp_);
#endif
    if (c.pc == 0 || c.fp == 0) {
      done_ = true;
      return;
    }
    pc_ = c.pc;
    fp_ = c.fp;
  }
  // From the current frame outwards, stops at the first frame with dead words.
  void settle() {
    while (!done_) {
      const talpa::abi::gcfunc *f = nullptr;
      const talpa::abi::gcsite *s = interrupted_ ? nullptr : findgcsite(pc_, &f);
#if defined(GOOS_windows)
      constexpr uint32_t base = talpa::abi::gcfuncflags::SPBased;
#else
      constexpr uint32_t base = 0;
#endif
      if (s != nullptr && s->ndead != 0 && (f->flags & talpa::abi::gcfuncflags::SPBased) == base) {
        offs_ = f->offs + 2 * s->dead;
        i_ = 0;
        n_ = s->ndead;
        nobjs_ = s->nobjs;
        return;
      }
      up();
    }
  }
  static constexpr uintptr_t maxframes = uintptr_t(1) << 26;
  uintptr_t pc_ = 0, fp_ = 0, frames_ = 0;
  const int32_t *offs_ = nullptr;
  uint32_t i_ = 0, n_ = 0, nobjs_ = 0;
  bool interrupted_ = false, done_ = true;
};

deadslotwalk deadslots;

// ---- Stack objects (docs/runtime/gc.md "Stack scanning") ----
//
// A frame stopped at a listed call site names the stack objects that are no roots there
// (the site's objects, inside its dead runs: the linear scan skips them). As in gc, such
// an object is scanned only if a pointer into it turns up while the goroutine is
// scanned: a word the scan keeps (a live slot of a precise frame, any word of a
// conservative frame or of a root object), a word of another stack object being scanned,
// a word of the goroutine's g or of a sudog it waits on (a parked channel operation holds
// the address of the value it sends or receives into in sudog.elem only). Before the
// stack is scanned, a copy of the frame walk lists every such object by address
// (stackobjs.o, sorted); every scanned word in the objects' range is looked up, and the
// object it points into is queued, once; the queue is drained after the stack, and what
// the objects point to is looked up the same way.

struct stackobj {
  uintptr_t lo, hi; // [lo, hi); bit 0 of hi: queued already
};

struct {
  stackobj *o;
  uintptr_t n, cap;
  uintptr_t min, max; // the range the objects cover
  uintptr_t *queue;   // indices into o, to scan
  uintptr_t nq, qcap;
} stackobjs;

// The array a of n elements, moved to one of twice its capacity (persistent memory; the
// arrays are kept for the next goroutines and cycles).
template <typename T> T *stackobjsgrow(T *a, uintptr_t n, uintptr_t &cap) {
  uintptr_t ncap = cap == 0 ? 256 : 2 * cap;
  auto *b = static_cast<T *>(persistentalloc(ncap * sizeof(T), 8));
  for (uintptr_t i = 0; i < n; i++)
    b[i] = a[i];
  cap = ncap;
  return b;
}

// stackobjsbegin lists the stack objects of the frames that w (started, not consumed
// yet: a copy of the walk the scan is about to make) yields runs for.
void stackobjsbegin(deadslotwalk w) {
  stackobjs.n = 0;
  stackobjs.nq = 0;
  stackobjs.min = ~uintptr_t(0);
  stackobjs.max = 0;
  for (; w.peek() != 0; w.nextframe())
    for (uint32_t i = 0; i < w.nobjs(); i++) {
      uintptr_t lo = w.fp() + static_cast<uintptr_t>(static_cast<intptr_t>(w.objs()[2 * i]));
      uintptr_t hi = lo + uintptr_t(w.objs()[2 * i + 1]) * 8;
      if (hi <= lo) continue;
      if (stackobjs.n == stackobjs.cap)
        stackobjs.o = stackobjsgrow(stackobjs.o, stackobjs.n, stackobjs.cap);
      stackobjs.o[stackobjs.n++] = {lo, hi};
      if (lo < stackobjs.min) stackobjs.min = lo;
      if (hi > stackobjs.max) stackobjs.max = hi;
    }
  // By address: ascending within a stack segment already (the walk goes outwards), so a
  // shell sort mostly only checks.
  shellsort(stackobjs.o, stackobjs.n,
            [](const stackobj &a, const stackobj &b) { return a.lo < b.lo; });
}

// stackobjfound queues the listed object v points into, if any and not queued yet.
void stackobjfound(uintptr_t v) {
  uintptr_t a =
      partitionpoint(stackobjs.o, stackobjs.n, [v](const stackobj &o) { return o.lo <= v; });
  if (a == 0) return;
  stackobj &o = stackobjs.o[a - 1];
  if ((o.hi & 1) != 0 || v >= o.hi) return;
  o.hi |= 1;
  if (stackobjs.nq == stackobjs.qcap)
    stackobjs.queue = stackobjsgrow(stackobjs.queue, stackobjs.nq, stackobjs.qcap);
  stackobjs.queue[stackobjs.nq++] = a - 1;
}

// scanstackblock is scanblock for a goroutine's stack: words pointing into its stack
// objects queue them.
NO_SANITIZE_ADDRESS void scanstackblock(uintptr_t b, uintptr_t e) {
  if (stackobjs.n == 0) {
    scanblock(b, e);
    return;
  }
  b = (b + 7) & ~uintptr_t(7);
  if (whyon) {
    for (uintptr_t p = b; p + 8 <= e; p += 8) {
      uintptr_t v = *reinterpret_cast<const uintptr_t *>(p);
      if (v >= stackobjs.min && v < stackobjs.max) {
        uintptr_t nq = stackobjs.nq;
        stackobjfound(v);
        if (stackobjs.nq != nq) whystackobj(p, v);
      }
      whyscanblock(p, p + 8);
    }
    return;
  }
  uintptr_t lo = mheap_.minArena << logHeapArenaBytes;
  uintptr_t hi = mheap_.maxArena << logHeapArenaBytes;
  for (uintptr_t p = b; p + 8 <= e; p += 8) {
    uintptr_t v = *reinterpret_cast<const uintptr_t *>(p);
    if (v >= lo && v < hi) shade(v);
    if (v >= stackobjs.min && v < stackobjs.max) stackobjfound(v);
  }
}

// stackobjsfind queues the stack objects words of [b, e) point into (records outside
// the stack, already scanned for heap pointers).
void stackobjsfind(uintptr_t b, uintptr_t e) {
  for (uintptr_t p = b; p + 8 <= e; p += 8) {
    uintptr_t v = *reinterpret_cast<const uintptr_t *>(p);
    if (v >= stackobjs.min && v < stackobjs.max) stackobjfound(v);
  }
}

// stackobjsend scans the objects of gp's stack found so far, and those they lead to.
void stackobjsend(g *gp) {
  if (stackobjs.n == 0) return;
  auto rec = reinterpret_cast<uintptr_t>(gp);
  stackobjsfind(rec, rec + sizeof(g));
  for (sudog *sg = gp->waiting; sg != nullptr; sg = sg->waitlink) {
    rec = reinterpret_cast<uintptr_t>(sg);
    stackobjsfind(rec, rec + sizeof(sudog));
  }
  while (stackobjs.nq > 0) {
    const stackobj &o = stackobjs.o[stackobjs.queue[--stackobjs.nq]];
    memstats.lastStackScan += (o.hi & ~uintptr_t(1)) - o.lo;
    scanstackblock(o.lo, o.hi & ~uintptr_t(1));
  }
  stackobjs.n = 0;
}

// scanstackrange scans [lo, hi) of a goroutine's stack but the dead words inside it.
void scanstackrange(uintptr_t lo, uintptr_t hi) {
  memstats.lastStackScan += hi - lo;
  uintptr_t pos = lo;
  for (uintptr_t a = deadslots.peek(); a != 0 && a < hi; a = deadslots.peek()) {
    if (a < lo) break; // in another range (or bogus): stays scanned
    if (a >= pos && a + deadslots.len() <= hi) {
      scanstackblock(pos, a);
      pos = a + deadslots.len();
    }
    deadslots.next();
  }
  scanstackblock(pos, hi);
}

// scanstackof scans gp's stack from sp, every segment (forstacks), with the walk
// deadslots was started on: its dead words skipped, its stack objects scanned if reached.
void scanstackof(g *gp, uintptr_t sp) {
  stackobjsbegin(deadslots);
  forstacks(gp, sp, scanstackrange);
  stackobjsend(gp);
}

// scanstack scans the current stack from sp to its base. Go: scanstack (conservatively,
// as gc does for frames without stack maps).
void scanstack(uintptr_t sp) {
  uintptr_t hi = gcroots.stackhi;
  if (hi == 0 && stackchecks()) {
    // Every segment of the goroutine, each from the sp it was left at (stack.cpp), less
    // the dead pointer slots of compiled frames.
    memstats.lastStackScan = 0;
#if defined(GOOS_windows)
    if (talpa_gctab.nfuncs != 0) {
      winunwindstart(deadslots.w_, nullptr);
      if (whyon) whystackroot("the current stack", getg()->goid, 0, 0, &deadslots.w_);
      deadslots.startwin();
    } else {
      if (whyon) whystackroot("the current stack", getg()->goid, 0, 0, nullptr);
      deadslots.start(0, 0);
    }
#else
    auto fp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    if (talpa_gctab.nfuncs != 0)
      deadslots.start(caller(fp).pc, caller(fp).fp);
    else
      deadslots.start(0, 0);
    if (whyon)
      whystackroot("the current stack", getg()->goid, caller(fp).pc, caller(fp).fp, nullptr);
#endif
    scanstackof(getg(), sp);
    return;
  }
  if (hi == 0) {
    g *gp = getg();
    if (gp != nullptr && sp >= gp->stack.lo && sp < gp->stack.hi) {
      hi = gp->stack.hi;
    } else if (sp >= mainstack.lo && sp < mainstack.hi) {
      hi = mainstack.hi;
    } else if (sp < osstackhi && osstackhi - sp < maxstacksize) {
      hi = osstackhi;
    } else {
      throw_("gc: cannot find the bounds of the current stack");
    }
  }
  if (sp >= hi) return;
  memstats.lastStackScan = hi - sp;
  scanblock(sp, hi);
}

// scangoroutines scans every goroutine but the running one: its g (the defer and panic
// records, the closure it runs, channel state) and its stack from the saved sp, which
// covers the registers gogo saved there; and every sudog. g and sudog records live
// outside the heap (persistentalloc). Go: markroot's stack and g roots.
void scangoroutines() {
  g *self = getg();
  // A waiting g learns when it started to wait here, not when it parks: the clock is
  // read once per collection instead of once per park. The goroutine dump's "N minutes"
  // is as approximate as gc's.
  int64_t now = nanotime();
  for (g *gp = allgs; gp != nullptr; gp = gp->alllink) {
    auto b = reinterpret_cast<uintptr_t>(gp);
    if (whyon) whyroot("the g record", gp->goid);
    scanblock(b, b + sizeof(g));
    if (gp->status == gstatus::waiting && gp->waitsince == 0) gp->waitsince = now;
    if (gp == self || gp->status == gstatus::dead || gp->schedsp == 0) continue;
    if (gp->status == gstatus::running) continue; // g0 while a goroutine runs: nothing
    if (gp->schedsp < gp->stack.lo || gp->schedsp >= gp->stack.hi) continue;
    // Every segment of its stack, each from the sp it was left at (morestack.cpp), less
    // the dead pointer slots of compiled frames.
    if (gp->status == gstatus::syscall) {
      // In a system call schedsp is the caller's sp, no gogo save area: the walk starts
      // from the pc and frame pointer entersyscall recorded (windows: conservative).
#if defined(GOOS_windows)
      deadslots.start(0, 0);
      if (whyon) whystackroot("the stack (in a system call)", gp->goid, 0, 0, nullptr);
#else
      deadslots.start(talpa_gctab.nfuncs != 0 ? gp->syscallpc : 0, gp->syscallfp);
      if (whyon)
        whystackroot("the stack (in a system call)", gp->goid, gp->syscallpc, gp->syscallfp,
                     nullptr);
#endif
      scanstackof(gp, gp->schedsp);
      continue;
    }
#if defined(GOOS_windows)
    if (talpa_gctab.nfuncs != 0) {
      winunwindsaved(deadslots.w_, gp->schedsp);
      if (whyon) whystackroot("the stack", gp->goid, 0, 0, &deadslots.w_);
      deadslots.startwin();
    } else {
      if (whyon) whystackroot("the stack", gp->goid, 0, 0, nullptr);
      deadslots.start(0, 0);
    }
#else
    deadslots.start(talpa_gctab.nfuncs != 0 ? savedpc(gp->schedsp) : 0, savedfp(gp->schedsp));
    if (whyon)
      whystackroot("the stack", gp->goid, savedpc(gp->schedsp), savedfp(gp->schedsp), nullptr);
#endif
    scanstackof(gp, gp->schedsp);
  }
  if (whyon) whyroot("a sudog", 0);
  for (sudog *s = allsudogs; s != nullptr; s = s->alllink) {
    auto b = reinterpret_cast<uintptr_t>(s);
    scanblock(b, b + sizeof(sudog));
  }
}

// ---- Debugging: which root word keeps an object (TALPA_GCWHY) ----
//
// TALPA_GCWHY=N in the environment makes every collection report, for each object with
// a finalizer and each large object of at least N bytes (N = 0: finalizers only; at most
// 32 objects), the first root word from which marking reached it: the word's address and
// value, which root it is in (globals, a goroutine's stack and the frame holding the
// word, a g record, ...), or that nothing reached it. Marking then drains the grey set
// after every root word that shades something, so that a target marked by the drain is
// charged to that word; slow, for debugging only. Which word it names depends on the
// order of the roots (the globals, the current stack, the other goroutines, then the
// rest); clearing it shows the next one, if any.

struct whytarget {
  uintptr_t objx; // ~the object's address: this table is in the globals, a root

  mspan *s;
  uint32_t i;
  bool done;
};

struct {
  whytarget t[32];
  uint32_t n;
  uintptr_t minsize;
  uint64_t cycle;
  const char *root; // the kind of root being scanned
  int64_t goid;     // its goroutine, for stacks and g records (0: none)
  bool stack;       // the root is a stack range: name the frame
#if defined(GOOS_windows)
  winframes w; // where the stack's frame walk starts
#endif
  uintptr_t pc, fp; // where the stack's frame walk starts (pc 0: unknown)
} why;

bool whymarked(const whytarget &t) { return (t.s->gcmarkBits[t.i / 64] >> (t.i % 64) & 1) != 0; }

void whyaddtarget(uintptr_t obj) {
  if (why.n == sizeof why.t / sizeof why.t[0]) return;
  mspan *s = spanOf(obj);
  if (s == nullptr) return;
  uint32_t i = s->sizeclass() == 0 ? 0 : s->objIndex(obj);
  why.t[why.n++] = {~(s->startAddr + uintptr_t(i) * s->elemsize), s, i, false};
}

// Reads TALPA_GCWHY and lists the targets; called by gcMark before any marking.
void whystart() {
  const uint8_t *e = gogetenv("TALPA_GCWHY");
  whyon = e != nullptr;
  if (!whyon) return;
  why.minsize = 0;
  for (; *e >= '0' && *e <= '9'; e++)
    why.minsize = why.minsize * 10 + (*e - '0');
  why.n = 0;
  why.cycle++;
  why.root = "?";
  why.goid = 0;
  why.stack = false;
  gcForEachFinalizable(whyaddtarget);
  if (why.minsize == 0) return;
  mheap &h = mheap_;
  for (uintptr_t k = 0; k < h.nregions; k++) {
    heapRegion &r = h.regions[k];
    for (uintptr_t a = r.base; a < r.base + r.npages * pageSize; a += heapArenaBytes) {
      heapArena *ha = arenaOf(a);
      for (uintptr_t w = 0; w < pagesPerArena / 64; w++)
        for (uint64_t bits = ha->pageInUse[w]; bits != 0; bits &= bits - 1) {
          mspan *s = ha->spans[w * 64 + uintptr_t(__builtin_ctzll(bits))];
          if (s->sizeclass() == 0 && s->elemsize >= why.minsize && s->isAllocated(0))
            whyaddtarget(s->startAddr);
        }
    }
  }
}

void whyroot(const char *root, int64_t goid) {
  why.root = root;
  why.goid = goid;
  why.stack = false;
}

// The root is the stack of goroutine goid whose frame walk starts at pc and fp (or, on
// windows, at the registers deadslots was started from).
void whystackroot(const char *root, int64_t goid, uintptr_t pc, uintptr_t fp, const void *w) {
  whyroot(root, goid);
  why.stack = true;
  why.pc = pc;
  why.fp = fp;
#if defined(GOOS_windows)
  if (w != nullptr) {
    why.w = *static_cast<const winframes *>(w);
    why.pc = 1;
  }
#else
  (void)w;
#endif
}

extern "C" int64_t funcframe(uintptr_t pc, int64_t i, stringStruct *name, stringStruct *file,
                             int64_t *line, uintptr_t *entry) GOSYM("runtime.funcframe");

void whyprintframe(uintptr_t pc) {
  stringStruct name{}, file{};
  int64_t line = 0;
  uintptr_t entry = 0;
  printcstr(" pc ");
  printhex(pc);
  if (int64_t n = funcframe(pc, 0, &name, &file, &line, &entry); n > 0) {
    for (int64_t i = 0; i < n; i++) { // inlined calls first
      funcframe(pc, i, &name, &file, &line, &entry);
      printcstr(i == 0 ? " " : " in ");
      gwrite(name.ptr, name.len);
      printcstr(":");
      printuint64(uint64_t(line));
    }
    printcstr(" +");
    printhex(pc - entry);
  } else {
    printcstr(" (not compiled Go: a runtime frame)");
  }
}

// Names the frame holding the stack word at a: the innermost frame whose extent ends
// above a.
void whyframe(uintptr_t a) {
  if (why.pc == 0) return;
  printcstr("\n  in the frame of");
#if defined(GOOS_windows)
  winframes w = why.w;
  for (int k = 0; k < 4096; k++) {
    uintptr_t pc = winunwindpc(w), sp = winunwindsp(w);
    winframes next = w;
    bool more = winunwindnext(next);
    if (a >= sp && (!more || a < winunwindsp(next))) {
      whyprintframe(pc);
      printcstr(" sp ");
      printhex(sp);
      return;
    }
    if (!more) break;
    w = next;
  }
#else
  uintptr_t pc = why.pc, fp = why.fp;
  for (int k = 0; k < 4096 && fp != 0 && fp % 8 == 0; k++) {
#if defined(__riscv)
    uintptr_t top = fp;
#else
    uintptr_t top = fp + 16;
#endif
    if (a < top && top - a < (uintptr_t(1) << 20)) {
      whyprintframe(pc);
      printcstr(" fp ");
      printhex(fp);
      return;
    }
    callerframe c = caller(fp);
    pc = c.pc;
    fp = c.fp;
  }
#endif
  printcstr(" ? (outside the walk)");
}

// Reports the targets marked since the last check, charged to the root word at `at`.
void whycheck(uintptr_t at, uintptr_t v) {
  for (uint32_t k = 0; k < why.n; k++) {
    whytarget &t = why.t[k];
    if (t.done || !whymarked(t)) continue;
    t.done = true;
    printcstr("gcwhy: cycle ");
    printuint64(why.cycle);
    printcstr(": object ");
    printhex(~t.objx);
    printcstr(" (");
    printuint64(t.s->elemsize);
    printcstr(" bytes) reached from ");
    printcstr(why.root);
    if (why.goid != 0) {
      printcstr(" of goroutine ");
      printuint64(uint64_t(why.goid));
    }
    if (at != 0) {
      printcstr(", word at ");
      printhex(at);
      printcstr(" = ");
      printhex(v);
      if (mspan *s = spanOf(v); s != nullptr) {
        uint32_t i = s->sizeclass() == 0 ? 0 : s->objIndex(v);
        printcstr(" (in the object at ");
        printhex(s->startAddr + uintptr_t(i) * s->elemsize);
        printcstr(", ");
        printuint64(s->elemsize);
        printcstr(" bytes)");
      }
      if (why.stack) whyframe(at);
    }
    printcstr("\n");
  }
}

NO_SANITIZE_ADDRESS void whyscanblock(uintptr_t b, uintptr_t e) {
  uintptr_t lo = mheap_.minArena << logHeapArenaBytes;
  uintptr_t hi = mheap_.maxArena << logHeapArenaBytes;
  for (uintptr_t p = b; p + 8 <= e; p += 8) {
    uintptr_t v = *reinterpret_cast<const uintptr_t *>(p);
    if (v < lo || v >= hi) continue;
    shade(v);
    drain();
    whycheck(p, v);
  }
}

// A stack object that is no root was found through the word at `at` (= v), and will be
// scanned: targets reached from its words are charged to them, so name the finder.
void whystackobj(uintptr_t at, uintptr_t v) {
  printcstr("gcwhy: cycle ");
  printuint64(why.cycle);
  printcstr(": stack object at ");
  printhex(v);
  printcstr(" found through the word at ");
  printhex(at);
  if (why.stack) whyframe(at);
  printcstr("\n");
}

// After marking: the targets nothing reached.
void whyend() {
  for (uint32_t k = 0; k < why.n; k++) {
    if (why.t[k].done) continue;
    printcstr("gcwhy: cycle ");
    printuint64(why.cycle);
    printcstr(": object ");
    printhex(~why.t[k].objx);
    printcstr(" (");
    printuint64(why.t[k].s->elemsize);
    printcstr(" bytes) not reached\n");
  }
  whyon = false;
}

} // namespace

// World stopped. Go: shade + findObject + greyobject.
void shade(uintptr_t p) {
  mspan *s = spanOf(p);
  if (s == nullptr) return;
  uint32_t i = s->sizeclass() == 0 ? 0 : s->objIndex(p);
  if (!s->isAllocated(i)) return;
  greyobject(s->startAddr + uintptr_t(i) * s->elemsize, s, i);
}

// World stopped: called by gcStart with sp below its frame.
void gcMark(uintptr_t sp) {
  memstats.lastStackScan = 0;
  memstats.lastGlobalsScan = 0;
  whystart();
  if (whyon) whyroot("the globals", 0);
  if (gcroots.globals) scanglobals();
  if (gcroots.stack) {
    scanstack(sp);
    scangoroutines();
  }
  if (whyon) whyroot("a root range", 0);
  for (uintptr_t i = 0; i < extraRoots.n; i++)
    scanblock(extraRoots.r[i].lo, extraRoots.r[i].hi);
  gcMarkFinalizers(); // objects with finalizers: what they reach (mfinal.cpp)
  drain();
  if (whyon) {
    whyroot("the finalizer records (an object's contents, a queued call)", 0);
    whycheck(0, 0);
    whyend();
  }
}

void gcScanObject(uintptr_t b) { scanobject(b); }

// Runs with the world stopped or before any collection can start (single thread).
void addRootRange(const void *p, uintptr_t n) {
  if (extraRoots.n == extraRoots.cap) {
    uintptr_t cap = extraRoots.cap == 0 ? 16 : 2 * extraRoots.cap;
    auto *r = static_cast<rootRange *>(persistentalloc(cap * sizeof(rootRange), 8));
    for (uintptr_t i = 0; i < extraRoots.n; i++)
      r[i] = extraRoots.r[i];
    extraRoots.r = r;
    extraRoots.cap = cap;
  }
  auto lo = reinterpret_cast<uintptr_t>(p);
  extraRoots.r[extraRoots.n++] = {lo, lo + n};
}

void clearRootRanges() { extraRoots.n = 0; }

} // namespace runtime
