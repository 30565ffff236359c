// The garbage collector: when it runs and the order of its phases; mirrors
// runtime/mgc.go, mgcpacer.go (the GOGC trigger) and mstats.go.
//
// talpa's collector is a non-moving mark-sweep collector that, for now, stops the world
// for the whole cycle (with one goroutine, "the world" is the caller):
//
//     gcStart(forced):
//         1. sweep termination: every mcache gives its spans back (releaseAll), so
//            every span is on an mcentral list or is large; the tiny block is dropped
//         2. mark (mgcmark.cpp): callee-saved registers spilled onto the stack, then the
//            roots scanned conservatively (writable data and bss, the stack from here to
//            its base) and every reachable heap object marked, scanning each one
//            precisely through its pointer bitmap; heapMarked = bytes marked
//         3. sweep (mgcsweep.cpp): every span frees its unmarked objects (the mark bits
//            become the allocation bits); empty spans go back to the heap
//         4. the next goal: heapGoal = heapMarked * (1 + GOGC/100), at least
//            heapMinimum (4 MiB at GOGC=100, scaled with GOGC as in gc)
//
// Trigger: mallocgc's slow paths (a span refill, a large object) start a collection
// when heapLive, the bytes allocated since the last one plus those it kept, reaches the
// goal. gc starts earlier (its pacer's trigger) so that concurrent marking ends near the
// goal; a stop-the-world collection can wait until the goal itself. GOGC=off (or
// negative) disables the trigger; runtime.GC() always collects.
//
// How the concurrent collector will fit (DESIGN.md section 4): phase 1 becomes a short
// stop-the-world that turns the write barrier on (mbarrier.cpp) and queues the roots;
// phase 2 runs beside the program, goroutine stacks scanned one at a time while their
// goroutine is stopped; a second short stop-the-world ends marking; phase 3 becomes lazy
// and concurrent (mcentral then keeps swept and unswept spans apart, as gc's sweepgen
// does). The trigger moves below the goal, paced by how fast the program allocates.
//
// GODEBUG=gctrace=1 prints one line per cycle on standard error, in gc's shape:
//
//     gc 3 @0.104s 2%: 0.010+1.2+0.35 ms clock, 9->9->4 MB, 9 MB goal, 0 MB stacks,
//         0 MB globals, 1 P
//
// cycle number; seconds since start-up; the share of time spent collecting so far; the
// wall time of the three phases (sweep termination, mark, sweep: all with the world
// stopped, where gc's middle one runs concurrently); heap at start, at mark end (the same
// here: nothing allocates while the world is stopped) and live (marked); the next goal;
// the stack and data/bss bytes scanned; the number of Ps; "(forced)" for runtime.GC().
#include "malloc.h"
#include "proc.h"

namespace runtime {

gcControllerState gcController = {
    .gcPercent = 100,
    .heapMinimum = 4 << 20,
    // No automatic collection until gcinit has read GOGC (and never in the unit tests,
    // which do not run gcinit).
    .trigger = ~uint64_t(0),
    .heapLive = 0,
    .heapMarked = 0,
    .heapGoal = 0,
    .initTime = 0,
    .phase = gcPhase::off,
};
mstats memstats;

namespace {

constexpr uint64_t defaultHeapMinimum = 4 << 20;

// commit recomputes the goal and the trigger from heapMarked and GOGC. Go:
// gcControllerState.commit. World stopped, or single-threaded start-up.
void commit() {
  gcControllerState &c = gcController;
  if (c.gcPercent < 0) {
    c.heapGoal = ~uint64_t(0);
    c.trigger = ~uint64_t(0);
    return;
  }
  uint64_t goal = c.heapMarked + c.heapMarked * static_cast<uint64_t>(c.gcPercent) / 100;
  if (goal < c.heapMinimum) goal = c.heapMinimum;
  c.heapGoal = goal;
  c.trigger = goal;
}

// readGOGC parses $GOGC: "off" is -1, a number is itself, anything else the default 100.
// Go: readGOGC. Runs at start-up.
int32_t readGOGC() {
  const uint8_t *p = gogetenv("GOGC");
  if (p == nullptr) return 100;
  if (p[0] == 'o' && p[1] == 'f' && p[2] == 'f' && p[3] == 0) return -1;
  bool neg = *p == '-';
  if (neg) p++;
  if (*p == 0) return 100;
  int64_t n = 0;
  for (; *p != 0; p++) {
    if (*p < '0' || *p > '9') return 100;
    n = n * 10 + (*p - '0');
    if (n > 0x7fffffff) return 100;
  }
  return static_cast<int32_t>(neg ? -n : n);
}

// printDecimal prints v / 10^dec with dec decimals ("0.052" for 52, 3). Go: itoaDiv.
void printDecimal(uint64_t v, int dec) {
  uint64_t pow = 1;
  for (int i = 0; i < dec; i++)
    pow *= 10;
  printuint64(v / pow);
  if (dec == 0) return;
  char buf[20];
  uint64_t frac = v % pow;
  for (int i = dec - 1; i >= 0; i--) {
    buf[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  gwrite(".", 1);
  gwrite(buf, dec);
}

// printMS prints a duration in milliseconds with two significant digits and at most
// three decimals, whole milliseconds from 10 ms. Go: fmtNSAsMS.
void printMS(int64_t ns) {
  if (ns < 0) ns = 0;
  auto n = static_cast<uint64_t>(ns);
  if (n >= 10000000) {
    printuint64(n / 1000000);
    return;
  }
  uint64_t x = n / 1000;
  if (x == 0) {
    gwrite("0", 1);
    return;
  }
  int dec = 3;
  while (x >= 100) {
    x /= 10;
    dec--;
  }
  printDecimal(x, dec);
}

// gctrace prints the cycle's line (see the file comment). World stopped.
void gctrace(bool forced, int64_t t0, int64_t t1, int64_t t2, int64_t t3, uint64_t heap0,
             uint64_t heap1) {
  int64_t run = t3 - gcController.initTime;
  int64_t util = run > 0 ? memstats.pauseTotalNs * 100 / run : 0;
  PrintLock();
  printcstr("gc ");
  printuint64(memstats.numgc);
  printcstr(" @");
  printDecimal(static_cast<uint64_t>(t0 - gcController.initTime) / 1000000, 3);
  printcstr("s ");
  printuint64(static_cast<uint64_t>(util));
  printcstr("%: ");
  printMS(t1 - t0);
  printcstr("+");
  printMS(t2 - t1);
  printcstr("+");
  printMS(t3 - t2);
  printcstr(" ms clock, ");
  printuint64(heap0 >> 20);
  printcstr("->");
  printuint64(heap1 >> 20);
  printcstr("->");
  printuint64(gcController.heapMarked >> 20);
  printcstr(" MB, ");
  printuint64(gcController.heapGoal >> 20);
  printcstr(" MB goal, ");
  printuint64(memstats.lastStackScan >> 20);
  printcstr(" MB stacks, ");
  printuint64(memstats.lastGlobalsScan >> 20);
  printcstr(" MB globals, ");
  printuint64(static_cast<uint64_t>(gomaxprocs));
  printcstr(" P");
  if (forced) printcstr(" (forced)");
  printcstr("\n");
  PrintUnlock();
}

// currentsp returns an address just below the caller's frame: everything the caller and
// its callers hold on the stack (and the registers the caller spilled) lies above it.
__attribute__((noinline)) uintptr_t currentsp() {
  return reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
}

} // namespace

// Runs once at start-up, after goenvs, before any Go code.
void gcinit() {
  gcController.initTime = nanotime();
  setGCPercent(readGOGC());
}

// World stopped (no collection running). Go: setGCPercent.
int32_t setGCPercent(int32_t in) {
  int32_t old = gcController.gcPercent;
  if (in < 0) in = -1;
  gcController.gcPercent = in;
  gcController.heapMinimum = defaultHeapMinimum;
  if (in > 0) gcController.heapMinimum = defaultHeapMinimum * static_cast<uint64_t>(in) / 100;
  commit();
  return old;
}

namespace {

// clearstack zeroes the stack just below its caller's frame, where the caller's next
// call, gcCycle, puts its frame: the collector scans that frame conservatively (it holds
// the spilled callee-saved registers), and slots the compiler leaves uninitialised there
// would otherwise still hold what earlier calls left, pointers to garbage among them
// (an object whose finalizer should run, kept alive by a dead runtime.SetFinalizer
// frame). Runs on the collecting goroutine.
__attribute__((noinline)) void clearstack() {
  volatile uintptr_t buf[128];
  for (uintptr_t i = 0; i < 128; i++)
    buf[i] = 0;
}

// __builtin_unwind_init makes this function save every callee-saved register in its
// frame: a heap pointer that a caller keeps only in such a register is then in memory
// above currentsp() and gets scanned. Caller-saved registers are the caller's to save
// across this call. Runs on the goroutine that allocates or calls runtime.GC, with no
// lock held. Says whether it collected.
__attribute__((noinline)) bool gcCycle(bool forced) {
  __builtin_unwind_init();
  gcControllerState &c = gcController;
  if (!forced && c.gcPercent < 0) return false;
  if (!mheap_.inited) mallocinit();
  // With the scheduler running, the other Ps stop first (stopTheWorld). An allocation
  // that reaches the trigger while another M is already stopping the world, or while
  // its M holds a runtime lock, leaves the collection to later (it cannot yield inside
  // the allocator, whose cache belongs to its P).
  g *gp = getg();
  m *mp = gp->m_;
  bool stw = mp != nullptr && mp->p_ != nullptr;
  if (stw) {
    if (gp == mp->g0 || mp->locks != 0) {
      if (forced) throw_("runtime.GC: called with a runtime lock held");
      return false;
    }
    if (forced) {
      stopTheWorld();
    } else if (!tryStopTheWorld()) {
      return false;
    }
    if (!forced && !gcShouldStart()) {
      startTheWorld();
      return false;
    }
  }
  if (c.phase != gcPhase::off) throw_("gcStart: collection already running");
  int64_t t0 = nanotime();
  c.phase = gcPhase::mark;

  // 1. Sweep termination: all spans back to their mcentral, from every P's cache.
  if (stw) {
    for (int32_t i = 0; i < gomaxprocs; i++)
      allp[i]->mcache_->releaseAll();
  } else {
    getmcache()->releaseAll();
  }
  uint64_t heap0 = c.heapLive;
  int64_t t1 = nanotime();

  // 2. Mark.
  c.heapMarked = 0;
  gcMark(currentsp());
  uint64_t heap1 = c.heapLive;
  int64_t t2 = nanotime();

  // 3. Sweep.
  c.phase = gcPhase::sweep;
  gcSweep();
  c.heapLive = c.heapMarked;

  // 4. The next goal.
  commit();
  c.phase = gcPhase::off;
  int64_t t3 = nanotime();
  memstats.numgc++;
  if (forced) memstats.numforcedgc++;
  memstats.lastPauseNs = t3 - t0;
  memstats.pauseNs[(memstats.numgc + 255) % 256] = static_cast<uint64_t>(t3 - t0);
  memstats.pauseTotalNs += t3 - t0;
  if (debug.gctrace > 0) gctrace(forced, t0, t1, t2, t3, heap0, heap1);
  if (stw) startTheWorld();
  return true;
}

// The collection runs with gcStackBytes of stack: on a segment of its own when the
// goroutine's current one has less (morestack.cpp's withstack; a goroutine may be deep in
// its 2 KiB first segment when an allocation starts a collection). clearstack's buffer
// lies there too.
constexpr uintptr_t gcStackBytes = 16 << 10;

struct gcRunArgs {
  bool forced;
  bool collected;
};

void gcForced();

// clearframes zeroes 512 bytes below its caller's frame, where the caller's next calls
// put theirs (gcStart's and withstack's, before the collection moves to a segment of its
// own); few enough to fit in a goroutine segment's red zone.
__attribute__((noinline)) void clearframes() {
  volatile uintptr_t buf[64];
  for (uintptr_t i = 0; i < 64; i++)
    buf[i] = 0;
}

void gcRun(void *arg) {
  auto *a = static_cast<gcRunArgs *>(arg);
  clearstack();
  a->collected = gcCycle(a->forced);
}

} // namespace

void gcStart(bool forced) {
  gcRunArgs a{forced, false};
  withstack(gcStackBytes, gcRun, &a);
  // The finalizer goroutine, if the cycle queued finalizers (mfinal.cpp).
  if (a.collected) gcFinalizersReady();
}

// GC is runtime.GC: a full collection, whatever GOGC says, then a yield (on a goroutine
// of the scheduler; the unit tests' thread has none). gc's GC blocks the caller while
// the cycle runs, which lets other goroutines run even with one P, and so does this
// yield: a goroutine calling GC in a loop does not starve the others, and finalizers the
// cycle queued have run when GC returns, as the finalizer goroutine (readied by the
// cycle) goes first. Go: GC. Runs on the calling goroutine.
//
// GC's own frame holds nothing: it clears the stack below it first (clearframes), so the
// frames of the collection are built on zeros. A slot they leave unwritten (padding, a
// local written only in part) would otherwise show what earlier calls left there to the
// scan of this very stack, such as a dead copy of a runtime.SetFinalizer argument
// (fixedbugs/issue46725.go with precise frames on riscv64).
extern "C" void GC() {
  clearframes();
  gcForced();
}

namespace {

__attribute__((noinline)) void gcForced() {
  gcStart(true);
  g *gp = getg();
  if (gp->m_ != nullptr && gp != gp->m_->g0) Gosched();
}

} // namespace

} // namespace runtime
