// Entry points of talpa's runtime package (lib/runtime) that are neither the scheduler's
// nor the collector's: Breakpoint and ReadMemStats' figures. Like every entry point the
// package's Go code calls, they take and return integers and pointers only
// (lib/runtime/extern.go). Stack queries are in traceback.cpp.
#include "malloc.h"
#include "runtime.h"

namespace runtime {

// Breakpoint is runtime.Breakpoint: a breakpoint trap (SIGTRAP under a debugger; without
// one the program dies of it, as with gc).
extern "C" void Breakpoint() GOSYM("runtime.Breakpoint");
extern "C" void Breakpoint() { __builtin_debugtrap(); }

// The figures readmemstats stores, in this order (lib/runtime/mstats.go reads them).
enum memstat : int {
  msNumGC,
  msNumForcedGC,
  msHeapAlloc,
  msTotalAlloc,
  msHeapSys,
  msHeapInuse,
  msMallocs,
  msFrees,
  msPauseTotalNs,
  msLastPauseNs,
  msNextGC,
  msCount
};

// readmemstats stores the collector's and allocator's statistics into out[0:msCount].
// The counts of the current P's cached spans, which memstats takes in only when a span
// goes back, are added here, so that the figures are exact for the allocations made so
// far on this P. Go: readmemstats_m (without stopping the world: today there is one P).
extern "C" void readmemstats(uint64_t *out) GOSYM("runtime.readmemstats");
extern "C" void readmemstats(uint64_t *out) {
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
  out[msNumGC] = memstats.numgc;
  out[msNumForcedGC] = memstats.numforcedgc;
  out[msHeapAlloc] = heapAlloc;
  out[msTotalAlloc] = total;
  out[msHeapSys] = memstats.heapSys;
  out[msHeapInuse] = memstats.heapInuse;
  out[msMallocs] = mallocs;
  out[msFrees] = memstats.nfree;
  out[msPauseTotalNs] = static_cast<uint64_t>(memstats.pauseTotalNs);
  out[msLastPauseNs] = static_cast<uint64_t>(memstats.lastPauseNs);
  out[msNextGC] = gcController.heapGoal;
}

} // namespace runtime
