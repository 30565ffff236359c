// The scheduler's structures (M, P, the global scheduler state); mirrors the scheduler
// half of runtime/runtime2.go. Shared by proc.cpp and the runtime unit tests; the rest
// of the runtime uses runtime.h's "Scheduler" section only.
#ifndef TALPA_RUNTIME_PROC_H
#define TALPA_RUNTIME_PROC_H

#include "runtime.h"

namespace runtime {

struct mcache;

// A processor: the right to run Go code, with its own run queue. Go: p.
struct p {
  int32_t id;
  uint32_t runqhead; // runq[runqhead % len] is the next to run
  uint32_t runqtail; // runq[runqtail % len] is the next free slot
  g *runq[256];
  // If set, the goroutine to run next, before runq: a goroutine readied by the running
  // one (goready) or made by it (newproc) inherits the rest of its time slice. Go:
  // runnext.
  g *runnext;
  m *m_;
  uint32_t schedtick; // counts schedule() calls, for the 1-in-61 global queue check
  sudog *sudogcache;  // free sudogs
  mcache *mcache_;    // the allocation cache (malloc.h)
};

// An OS thread running Go code. Go: m.
struct m {
  mtls tls; // the thread pointer's block (runtime.h)
  g *g0;    // the goroutine whose stack runs the scheduler
  g *curg;  // the goroutine running, nullptr on g0
  p *p_;
  int64_t id;
  // mcall's request: fn(gp) to run on g0 after the switch.
  void (*mcallfn)(g *gp);
  g *mcallg;
  // gopark's unlock function and its argument.
  bool (*waitunlockf)(g *gp, void *arg);
  void *waitlock;
  int32_t printlock; // nesting of printlock (print.cpp)

  // Preemption (preempt.cpp, os_<goos>.cpp): the thread's id (linux: for tgkill) or
  // handle (windows: for SuspendThread), and whether a preemption signal is on its way.
  // Go: procid, thread, signalPending.
  uint64_t procid;
  uintptr_t thread;
  uint32_t signalPending;
};

// A queue of goroutines linked through g::schedlink. Go: gQueue.
struct gqueue {
  g *head;
  g *tail;
  int32_t size;
  void push(g *gp);
  g *pop();
};

// The scheduler's global state. Go: schedt.
struct schedt {
  mutex lock;
  gqueue runq;     // the global run queue
  g *gfree;        // dead goroutines with their stacks, for reuse
  int64_t goidgen; // the last goroutine id handed out
};
extern schedt sched;

// The run queue operations (exposed for the unit tests). runqput puts gp on pp's queue
// (next: in runnext, kicking the old one into the queue); a full queue moves half of
// itself and gp to the global queue. runqget takes runnext, else the head. Go: runqput,
// runqget, runqputslow.
void runqput(p *pp, g *gp, bool next);
g *runqget(p *pp);
bool runqempty(const p *pp);
uint32_t runqsize(const p *pp);

} // namespace runtime

#endif // TALPA_RUNTIME_PROC_H
