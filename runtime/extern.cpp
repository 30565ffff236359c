// Entry points of talpa's runtime package (lib/runtime) that are neither the scheduler's
// nor the collector's: Breakpoint and ReadMemStats. Like every entry point the package's
// Go code calls, they take and return integers and pointers only (lib/runtime/extern.go).
// Stack queries are in traceback.cpp, SetFinalizer in mfinal.cpp.
#include "malloc.h"
#include "runtime.h"

namespace runtime {

// Breakpoint is runtime.Breakpoint: a breakpoint trap (SIGTRAP under a debugger; without
// one the program dies of it, as with gc).
extern "C" void Breakpoint() GOSYM("runtime.Breakpoint");
extern "C" void Breakpoint() { __builtin_debugtrap(); }

namespace {

// runtime.MemStats as gc lays it out (lib/runtime/mstats.go declares the same fields in
// the same order; Go and C agree on the layout of such plain fields). Go: MemStats.
struct MemStats {
  uint64_t Alloc, TotalAlloc, Sys, Lookups, Mallocs, Frees;
  uint64_t HeapAlloc, HeapSys, HeapIdle, HeapInuse, HeapReleased, HeapObjects;
  uint64_t StackInuse, StackSys, MSpanInuse, MSpanSys, MCacheInuse, MCacheSys, BuckHashSys, GCSys,
      OtherSys;
  uint64_t NextGC, LastGC, PauseTotalNs;
  uint64_t PauseNs[256];
  uint64_t PauseEnd[256];
  uint32_t NumGC, NumForcedGC;
  double GCCPUFraction;
  bool EnableGC, DebugGC;
  struct {
    uint32_t Size;
    uint64_t Mallocs, Frees;
  } BySize[61];
};
static_assert(sizeof(MemStats) == 24 * 8 + 2 * 256 * 8 + 8 + 8 + 8 + 61 * 24);
static_assert(__builtin_offsetof(MemStats, PauseNs) == 24 * 8 &&
              __builtin_offsetof(MemStats, NumGC) == 24 * 8 + 2 * 256 * 8 &&
              __builtin_offsetof(MemStats, EnableGC) == 24 * 8 + 2 * 256 * 8 + 16 &&
              __builtin_offsetof(MemStats, BySize) == 24 * 8 + 2 * 256 * 8 + 24);

} // namespace

// readmemstats fills *m (runtime.ReadMemStats) from the collector's and allocator's
// statistics. The counts of the current P's cached spans, which memstats takes in only
// when a span goes back, are added here, so that the figures are exact for the
// allocations made so far on this P. Allocates nothing. Go: readmemstats_m (without
// stopping the world).
extern "C" void readmemstats(MemStats *m) GOSYM("runtime.readmemstats");
extern "C" void readmemstats(MemStats *m) {
  uint64_t mallocs = memstats.nmalloc, total = memstats.totalAlloc;
  uint64_t heapAlloc = gcController.heapLive;
  mcache *c = getmcache();
  for (int i = 0; i < numSpanClasses; i++) {
    mspan *s = c->alloc[i];
    if (s == &emptymspan) continue;
    uint32_t n = s->allocCount - s->allocCountCache;
    mallocs += n;
    total += uint64_t(n) * s->elemsize;
    heapAlloc -= uint64_t(s->nelems - s->allocCount) * s->elemsize; // free slots counted live
  }
  __builtin_memset(m, 0, sizeof *m);
  m->HeapAlloc = heapAlloc;
  m->Alloc = heapAlloc;
  m->TotalAlloc = total;
  m->HeapSys = memstats.heapSys;
  m->Sys = memstats.heapSys;
  m->HeapInuse = memstats.heapInuse;
  if (m->HeapSys > m->HeapInuse) m->HeapIdle = m->HeapSys - m->HeapInuse;
  m->Mallocs = mallocs;
  m->Frees = memstats.nfree;
  if (mallocs > m->Frees) m->HeapObjects = mallocs - m->Frees;
  m->NextGC = gcController.heapGoal;
  m->PauseTotalNs = static_cast<uint64_t>(memstats.pauseTotalNs);
  for (int i = 0; i < 256; i++)
    m->PauseNs[i] = memstats.pauseNs[i];
  m->NumGC = static_cast<uint32_t>(memstats.numgc);
  m->NumForcedGC = static_cast<uint32_t>(memstats.numforcedgc);
  m->EnableGC = true; // as gc's: true even with GOGC=off
}

} // namespace runtime
