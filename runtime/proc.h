// The scheduler's structures (M, P, the global scheduler state); mirrors the scheduler
// half of runtime/runtime2.go. Shared by proc.cpp and the runtime unit tests; the rest
// of the runtime uses runtime.h's "Scheduler" section only.
#ifndef TALPA_RUNTIME_PROC_H
#define TALPA_RUNTIME_PROC_H

#include "runtime.h"

namespace runtime {

struct mcache;

// A P's state. idle: on the idle list (or being handed to an M); running: owned by an
// M; gcstop: halted by stopTheWorld; dead: beyond GOMAXPROCS; syscall: its M's goroutine
// is in a system call (entersyscall), the P is its M's to take back unless sysmon or a
// stopper of the world takes it first. Go: _Pidle ... _Pdead.
enum class pstatus : uint32_t { idle, running, gcstop, dead, syscall };

// A processor: the right to run Go code, with its own run queue. Go: p.
//
// The run queue is a ring that only the owning M appends to (runqput, at the tail) while
// any M may take from its head (runqget by the owner, runqgrab by a thief), so head and
// tail are atomics: the owner publishes a slot with a release store of the tail, a taker
// claims slots with a compare-and-swap of the head. runnext is swapped atomically too.
struct p {
  int32_t id;
  pstatus status;    // atomic
  p *link;           // the idle list (sched.pidle), or procresize's list of Ps with work
  uint32_t runqhead; // runq[runqhead % len] is the next to run
  uint32_t runqtail; // runq[runqtail % len] is the next free slot
  g *runq[256];
  // If set, the goroutine to run next, before runq: a goroutine readied by the running
  // one (goready) or made by it (newproc) inherits the rest of its time slice. Go:
  // runnext.
  g *runnext;
  m *m_;              // the M owning it (running), or the M procresize hands it to
  uint32_t schedtick; // counts schedule() calls, for the 1-in-61 global queue check
  sudog *sudogcache;  // free sudogs
  mcache *mcache_;    // the allocation cache (malloc.h)
  // sysmon's view (retake): the schedtick it last saw and when it saw it change.
  uint32_t sysmontick;
  int64_t sysmonwhen;

  // ---- System calls ----
  // Counts the system calls whose P was taken back or handed off (and exits from
  // them); sysmon's view of it and when it last changed. Go: syscalltick,
  // sysmontick.syscalltick / syscallwhen.
  uint32_t syscalltick;
  uint32_t sysmonsyscalltick;
  int64_t sysmonsyscallwhen;
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

  // ---- Threads (h-threads) ----
  int32_t locks;      // runtime mutexes held (lock_futex.cpp): no GC, no yielding
  bool spinning;      // looking for work with a P and nothing to run (sched.nmspinning)
  p *nextp;           // the P to take when woken (startm, startTheWorld)
  note park;          // sleeps here while idle (stopm)
  m *alllink;         // allm, newest first
  m *schedlink;       // the idle list (sched.midle)
  void (*mstartfn)(); // run instead of the scheduler (sysmon), or nullptr
  uint64_t procid;    // the OS thread id (linux tid, windows thread id)
  void *thread;       // windows: the thread's handle (preemptM suspends it)
  void *gsignalstack; // unix: the alternate signal stack (minit)
  int32_t dying;      // startpanic's nesting on this M

  // ---- Preemption (h-preempt) ----
  uint32_t signalPending; // a SIGURG is on its way to the thread (linux preemptM)

  // ---- System calls and locked threads ----
  p *oldp;              // the P it held when its goroutine entered a system call
  uint32_t syscalltick; // the P's syscalltick at entersyscall
  // The goroutine locked to this M (LockOSThread), and the nesting of the lock: the
  // user's LockOSThread calls (lockedExt) and the runtime's own (lockedInt). Go:
  // lockedg, lockedExt, lockedInt.
  g *lockedg;
  uint32_t lockedExt;
  uint32_t lockedInt;
  bool exiting;      // its locked goroutine exited: the thread ends (mexit)
  uint32_t freewait; // 1 while an exiting thread may still use its stacks (atomic)
  m *freelink;       // sched.freem

  // ---- Faults (signal.cpp) ----
  // The fault the signal handler (windows: the vectored handler) of this thread found in
  // compiled Go code, for runtime.sigpanic, which the goroutine calls next on this M.
  sigfault pendingfault;
  bool faultpending;
};

// A queue of goroutines linked through g::schedlink. Go: gQueue.
struct gqueue {
  g *head;
  g *tail;
  int32_t size;
  void push(g *gp);
  g *pop();
};

// The scheduler's global state. Go: schedt. Fields marked atomic are read without the
// lock; the rest are guarded by lock.
struct schedt {
  mutex lock;
  gqueue runq;     // the global run queue (runq.size read atomically)
  mutex gflock;    // guards gfree
  g *gfree;        // dead goroutines with their stacks, for reuse
  int64_t goidgen; // the last goroutine id handed out (atomic)

  m *midle;           // idle Ms, parked on their note
  int32_t nmidle;     // their number
  int32_t nmsys;      // Ms that never run goroutines (sysmon): not counted by checkdead
  int64_t mnext;      // Ms made so far, the next M's id
  p *pidle;           // idle Ps
  int32_t npidle;     // their number (atomic)
  int32_t nmspinning; // Ms spinning (atomic)

  int32_t stopwait;   // Ps still to stop
  note stopnote;      // the stopper sleeps here until stopwait reaches 0
  uint32_t worldsema; // held (1) by the one stopper of the world (atomic)

  uint32_t sysmonwait; // sysmon sleeps on sysmonnote (atomic)
  note sysmonnote;
  uint32_t timerwaiter; // an M without a P sleeps until the next timer (atomic)
  uint32_t timerwake;   // its futex word: changed to wake it (atomic)

  // ---- Locked threads ----
  int32_t nmidlelocked; // locked Ms waiting for their goroutine (stoplockedm)
  int32_t nmfreed;      // Ms whose threads exited (mexit)
  m *freem;             // exited Ms, reused by allocm once their thread is gone
};
extern schedt sched;

// Every P (allp[0 .. gomaxprocs)), every M (allm). Go: allp, allm, gomaxprocs.
constexpr int32_t maxgomaxprocs = 1024;
extern p *allp[maxgomaxprocs];
extern m *allm;

// The run queue operations (exposed for the unit tests). runqput puts gp on pp's queue
// (next: in runnext, kicking the old one into the queue); a full queue moves half of
// itself and gp to the global queue. runqget takes runnext, else the head. Go: runqput,
// runqget, runqputslow.
void runqput(p *pp, g *gp, bool next);
g *runqget(p *pp);
bool runqempty(const p *pp);
uint32_t runqsize(const p *pp);
// runqsteal moves half of p2's queue (and, with stealRunNextG, its runnext when the
// queue is empty) to pp's and returns one of them to run, or nullptr. Go: runqsteal.
g *runqsteal(p *pp, p *p2, bool stealRunNextG);

} // namespace runtime

#endif // TALPA_RUNTIME_PROC_H
