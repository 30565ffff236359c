// Process start-up and the goroutine scheduler; mirrors runtime/proc.go.
//
// Start-up, on the main thread:
//
//     OS entry (rt0_linux_<arch>.S _start / windows talpa_rt0 / darwin main)
//       -> rt0_go(argc, argv)                  on g0 of m0 (the thread pointer set first)
//            args(argc, argv); goenvs()        runtime1.cpp, os_<goos>.cpp
//            parsedebugvars()                  GODEBUG, runtime1.cpp
//            mallocinit(); gcinit()            the heap, GOGC; mheap.cpp, mgc.cpp
//            alginit()                         hash keys, fastrand seed (alg.cpp)
//            initsig()                         fault handlers, os_<goos>.cpp
//            schedinit()                       P 0, goroutine ids
//            startmain(mainstart)              onto a maxstacksize stack, stack.cpp
//              schedmain(main)                 that stack becomes goroutine 1's; g0 gets
//                                              a context whose entry is the scheduler
//                main()
//                  main..init()                package initialisation of main and deps
//                  main.main()
//                  exit(0)
//
// gc creates the main goroutine with newproc and starts it from the scheduler; here the
// code already running on the main goroutine's stack takes that role, which saves a
// switch and keeps the OS layer's startmain as it was (windows makes the stack a thread).
//
// Scheduling (docs/runtime/proc.md): G, M and P as in gc. A goroutine gives up its M
// through mcall (gopark, Gosched, goexit): the switch to the M's g0 (asm.cpp gogo), which
// runs the requested function there and then schedule(): the P's runnext, its run queue
// (256 entries), the global queue (checked first every 61st time), the timers (h-chan's
// time.cpp), else the deadlock report. One M and one P exist today (GOMAXPROCS 1).
#include "proc.h"

#include "malloc.h"

namespace runtime {

namespace {

// main runs the Go program: package initialisation, then main.main, then exit(0).
// Returning from main.main ends the process even if other goroutines would still run, as
// in gc. Runs on the main goroutine. Go: runtime.main.
[[noreturn]] void main() {
  MainInit();
  MainMain();
  if (debug.wbcheck != 0) wbcheckReport();
  exit(0);
}

// Goroutine 1 on the main goroutine's stack (startmain).
[[noreturn]] void mainstart() { schedmain(main); }

// m0 and its g0, the main goroutine's g, P 0. Go: m0, g0, allp.
m m0;
g g0;
p p0;
// Goroutine 1's g. Go: the main goroutine (newproc's g for runtime.main).
g gmain;
// gc numbers its system goroutines (forcegc, bgsweep, bgscavenge) 2 to 4, so the first
// goroutine a program starts is 5 there; talpa keeps those numbers free so that ids
// match gc's in output.
constexpr int64_t firstusergoid = 5;

// The g0 stack's size: the scheduler, the deadlock report and tracebacks run there.
constexpr uintptr_t g0stacksize = 256 << 10;

} // namespace

schedt sched;
stack g0stack;
g *allgs;
sudog *allsudogs;
uintptr_t osstackhi;
uintptr_t tls_g;
int32_t ncpu = 1;

// Timers are h-chan's (time.cpp); these defaults, for a runtime without them, say there
// are none.
__attribute__((weak)) int64_t timeUntilNextTimer() { return -1; }
__attribute__((weak)) void checkTimers() {}

const char *waitReasonString(waitReason r) {
  switch (r) {
  case waitReason::zero:
    return "";
  case waitReason::gcassistmarking:
    return "GC assist marking";
  case waitReason::iowait:
    return "IO wait";
  case waitReason::chanreceivenilchan:
    return "chan receive (nil chan)";
  case waitReason::chansendnilchan:
    return "chan send (nil chan)";
  case waitReason::dumpingheap:
    return "dumping heap";
  case waitReason::garbagecollection:
    return "garbage collection";
  case waitReason::garbagecollectionscan:
    return "garbage collection scan";
  case waitReason::panicwait:
    return "panicwait";
  case waitReason::select:
    return "select";
  case waitReason::selectnocases:
    return "select (no cases)";
  case waitReason::gcassistwait:
    return "GC assist wait";
  case waitReason::gcsweepwait:
    return "GC sweep wait";
  case waitReason::gcscavengewait:
    return "GC scavenge wait";
  case waitReason::chanreceive:
    return "chan receive";
  case waitReason::chansend:
    return "chan send";
  case waitReason::finalizerwait:
    return "finalizer wait";
  case waitReason::forcegcidle:
    return "force gc (idle)";
  case waitReason::semacquire:
    return "semacquire";
  case waitReason::sleep:
    return "sleep";
  case waitReason::syncconditionwait:
    return "sync.Cond.Wait";
  case waitReason::timergoroutineidle:
    return "timer goroutine (idle)";
  case waitReason::tracereaderblocked:
    return "trace reader (blocked)";
  case waitReason::waitforgccycle:
    return "wait for GC cycle";
  case waitReason::gcworkeridle:
    return "GC worker (idle)";
  case waitReason::preempted:
    return "preempted";
  case waitReason::debugcall:
    return "debug call";
  }
  return "unknown wait reason";
}

// ---- Run queues ----

void gqueue::push(g *gp) {
  gp->schedlink = nullptr;
  if (tail != nullptr)
    tail->schedlink = gp;
  else
    head = gp;
  tail = gp;
  size++;
}

g *gqueue::pop() {
  g *gp = head;
  if (gp == nullptr) return nullptr;
  head = gp->schedlink;
  if (head == nullptr) tail = nullptr;
  gp->schedlink = nullptr;
  size--;
  return gp;
}

namespace {

constexpr uint32_t runqlen = sizeof(p::runq) / sizeof(p::runq[0]);

// runqputslow moves half of pp's full queue and gp to the global queue. Go: runqputslow.
void runqputslow(p *pp, g *gp) {
  uint32_t n = (pp->runqtail - pp->runqhead) / 2;
  lock(&sched.lock);
  for (uint32_t i = 0; i < n; i++)
    sched.runq.push(pp->runq[(pp->runqhead + i) % runqlen]);
  pp->runqhead += n;
  sched.runq.push(gp);
  unlock(&sched.lock);
}

} // namespace

void runqput(p *pp, g *gp, bool next) {
  if (next) {
    g *old = pp->runnext;
    pp->runnext = gp;
    if (old == nullptr) return;
    gp = old;
  }
  if (pp->runqtail - pp->runqhead < runqlen) {
    pp->runq[pp->runqtail % runqlen] = gp;
    pp->runqtail++;
    return;
  }
  runqputslow(pp, gp);
}

g *runqget(p *pp) {
  if (g *next = pp->runnext; next != nullptr) {
    pp->runnext = nullptr;
    return next;
  }
  if (pp->runqhead == pp->runqtail) return nullptr;
  g *gp = pp->runq[pp->runqhead % runqlen];
  pp->runqhead++;
  return gp;
}

bool runqempty(const p *pp) { return pp->runnext == nullptr && pp->runqhead == pp->runqtail; }

uint32_t runqsize(const p *pp) {
  return pp->runqtail - pp->runqhead + (pp->runnext != nullptr ? 1 : 0);
}

// ---- Goroutines ----

namespace {

// The goroutine's first frame: fn's code called with fn, then goexit. Runs on gp.
[[noreturn]] void goentry(void *arg) {
  auto *gp = static_cast<g *>(arg);
  void *fn = gp->fn;
  auto code = *static_cast<void (**)(void *)>(fn);
  code(fn);
  goexit1();
}

// A g for a new goroutine, with a stack: a dead one from the free list, or a new one.
// Runs on any goroutine.
g *gfget() {
  g *gp = sched.gfree;
  if (gp != nullptr) {
    sched.gfree = gp->schedlink;
    gp->schedlink = nullptr;
    return gp;
  }
  gp = static_cast<g *>(persistentalloc(sizeof(g), alignof(g)));
  gp->stackguard1 = ~uintptr_t(0);
  gp->status = gstatus::dead;
  gp->alllink = allgs;
  allgs = gp;
  return gp;
}

// ---- Goroutine stacks (morestack.cpp, stack.cpp; docs/runtime/stack.md) ----

// goroutinestack gives a new goroutine its stack: with stack checks a first segment of
// firstsegsize bytes that morestack grows, without them one fixed stack (stack.cpp).
// Go: the stackalloc of newproc1 / malg.
void goroutinestack(g *gp) {
  if (stackchecks()) {
    if (gp->stack.hi == 0) stackinit(gp, firstsegsize);
    return;
  }
  if (gp->stack.hi == 0) gp->stack = stackalloc(goroutinestacksize);
  gp->stackguard0 = gp->stack.lo;
}

// goroutinestackfree drops what an exited goroutine grew: with stack checks every
// segment but the first, which the dead g keeps for its next use (stackrelease frees
// all, stackinit takes a first segment again: both through the stack cache). Runs on g0.
// Go: gfput's stackfree of a non-standard stack.
void goroutinestackfree(g *gp) {
  if (stackchecks()) stackfreeextra(gp);
}

// Puts a dead g (and its stack) on the free list. Go: gfput.
void gfput(g *gp) {
  gp->schedlink = sched.gfree;
  sched.gfree = gp;
}

// execute runs gp on the current M (from g0) until gp gives the M back through mcall.
// Go: execute + gogo.
void execute(g *gp) {
  m *mp = &m0;
  mp->curg = gp;
  gp->m_ = mp;
  gp->status = gstatus::running;
  gp->waitreason = waitReason::zero;
  setg(gp);
  gogo(&mp->g0->schedsp, gp->schedsp);
  // Back on g0 (mcall set g): gp called mcall.
}

// checkdead reports a program that can never continue: no goroutine runnable, none
// running, no timer pending. Go: checkdead. Runs on g0.
[[noreturn]] void checkdead() {
  int32_t waiting = 0;
  for (g *gp = allgs; gp != nullptr; gp = gp->alllink) {
    if (gp->status == gstatus::waiting) waiting++;
  }
  if (waiting == 0) fatal("no goroutines (main called runtime.Goexit) - deadlock!");
  printcstr("fatal error: all goroutines are asleep - deadlock!\n");
  tracebackothers(nullptr);
  exit(2);
}

// findrunnable returns the next goroutine to run, sleeping for timers; when there is
// nothing left to wait for, the program is deadlocked. Go: findRunnable. Runs on g0.
g *findrunnable() {
  p *pp = &p0;
  for (;;) {
    checkTimers();
    // Every 61st schedule, the global queue first, so that it is not starved by
    // goroutines that keep the local queue full.
    if (pp->schedtick % 61 == 0 && sched.runq.size > 0) {
      if (g *gp = sched.runq.pop(); gp != nullptr) return gp;
    }
    if (g *gp = runqget(pp); gp != nullptr) return gp;
    if (g *gp = sched.runq.pop(); gp != nullptr) return gp;
    int64_t wait = timeUntilNextTimer();
    if (wait < 0) checkdead();
    if (wait > 0) osleep(wait);
  }
}

// The g0 loop: the request of the goroutine that switched here, then the next
// goroutine. Go: schedule. Runs on g0, never returns.
[[noreturn]] void schedloop(void *arg) {
  auto *mp = static_cast<m *>(arg);
  for (;;) {
    if (mp->mcallfn != nullptr) {
      void (*fn)(g *) = mp->mcallfn;
      g *gp = mp->mcallg;
      mp->mcallfn = nullptr;
      mp->mcallg = nullptr;
      fn(gp);
    }
    mp->p_->schedtick++;
    execute(findrunnable());
  }
}

// park_m finishes gopark on g0. Go: park_m.
void park_m(g *gp) {
  m *mp = &m0;
  gp->status = gstatus::waiting;
  if (mp->waitunlockf != nullptr) {
    bool ok = mp->waitunlockf(gp, mp->waitlock);
    mp->waitunlockf = nullptr;
    mp->waitlock = nullptr;
    if (!ok) {
      gp->status = gstatus::runnable;
      runqput(mp->p_, gp, true);
    }
  }
}

// gosched_m puts gp at the end of the global queue. Go: gosched_m / goschedImpl.
void gosched_m(g *gp) {
  gp->status = gstatus::runnable;
  lock(&sched.lock);
  sched.runq.push(gp);
  unlock(&sched.lock);
}

// goexit0 retires gp. Go: goexit0 + gdestroy.
void goexit0(g *gp) {
  gp->status = gstatus::dead;
  gp->m_ = nullptr;
  gp->defer_ = nullptr;
  gp->panic_ = nullptr;
  gp->deferring = nullptr;
  gp->fn = nullptr;
  gp->param = nullptr;
  gp->waiting = nullptr;
  gp->parkingOnChan = false;
  gp->selectDone = 0;
  gp->waitreason = waitReason::zero;
  m0.curg = nullptr;
  goroutinestackfree(gp);
  gfput(gp);
}

} // namespace

void mcall(void (*fn)(g *gp)) {
  g *gp = getg();
  m *mp = gp->m_;
  if (gp == mp->g0) throw_("runtime: mcall called on m->g0 stack");
  mp->mcallfn = fn;
  mp->mcallg = gp;
  mp->curg = nullptr;
  setg(mp->g0);
  gogo(&gp->schedsp, mp->g0->schedsp);
  // Scheduled again (execute set curg).
}

void gopark(bool (*unlockf)(g *gp, void *arg), void *arg, waitReason reason) {
  g *gp = getg();
  m *mp = gp->m_;
  mp->waitunlockf = unlockf;
  mp->waitlock = arg;
  gp->waitreason = reason;
  gp->waitsince = nanotime();
  mcall(park_m);
}

void goready(g *gp) {
  if (gp->status != gstatus::waiting) throw_("bad g->status in ready");
  gp->status = gstatus::runnable;
  runqput(getg()->m_->p_, gp, true);
}

// newproc: the new goroutine goes to runnext, so it runs as soon as the creator yields,
// as in gc. Runs on the goroutine executing the go statement.
extern "C" __attribute__((noinline)) void NewProc(void *fn) {
  if (fn == nullptr) {
    // gc throws here: the message, then the goroutine that ran the go statement.
    printcstr("fatal error: go of nil func value\n\n\n");
    goroutineheader(getg());
    traceback(nullptr);
    exit(2);
  }
  g *newg = gfget();
  goroutinestack(newg);
  newg->fn = fn;
  newg->gopc = reinterpret_cast<uintptr_t>(__builtin_return_address(0));
  if (sched.goidgen < firstusergoid - 1) sched.goidgen = firstusergoid - 1;
  newg->goid = ++sched.goidgen;
  newg->schedsp = gostartsp(newg->stack, goentry, newg);
  newg->status = gstatus::runnable;
  runqput(getg()->m_->p_, newg, true);
}

void goexit1() {
  mcall(goexit0);
  throw_("runtime: dead goroutine scheduled");
}

extern "C" void Gosched() { mcall(gosched_m); }

// ---- Preemption (morestack.cpp's stackPreempt path) ----

// The goroutine goes to the global queue, as for Gosched (gc's gopreempt_m differs only
// in its trace event). Runs on the goroutine, from morestack.
void gopreempt() { mcall(gosched_m); }

// Goexit runs the goroutine's pending deferred calls, newest first, then ends it. A
// recover() in them returns nil (no panic). The main goroutine may exit this way; the
// program then ends when no goroutine is left (checkdead). Go: Goexit.
extern "C" void Goexit() {
  g *gp = getg();
  for (;;) {
    talpa::abi::_defer *d = gp->defer_;
    if (d == nullptr) break;
    gp->defer_ = d->link;
    rundefer(d);
  }
  goexit1();
}

extern "C" int64_t NumGoroutine() {
  int64_t n = 0;
  for (g *gp = allgs; gp != nullptr; gp = gp->alllink) {
    if (gp->status != gstatus::dead && gp != m0.g0) n++;
  }
  return n;
}

// One P until Ms are threads: GOMAXPROCS reports 1 and ignores n.
extern "C" int64_t GOMAXPROCS(int64_t n) {
  (void)n;
  return 1;
}

extern "C" int64_t NumCPU() { return ncpu; }

// Every goroutine runs on the one thread: locking changes nothing.
extern "C" void LockOSThread() {}
extern "C" void UnlockOSThread() {}

// ---- Sudogs ----

sudog *acquireSudog() {
  p *pp = getg()->m_->p_;
  sudog *s = pp->sudogcache;
  if (s != nullptr) {
    pp->sudogcache = s->next;
    s->next = nullptr;
    return s;
  }
  s = static_cast<sudog *>(persistentalloc(sizeof(sudog), alignof(sudog)));
  s->alllink = allsudogs;
  allsudogs = s;
  return s;
}

void releaseSudog(sudog *s) {
  if (s->elem != nullptr) throw_("runtime: sudog with non-nil elem");
  if (s->isSelect) throw_("runtime: sudog with non-false isSelect");
  if (s->next != nullptr) throw_("runtime: sudog with non-nil next");
  if (s->prev != nullptr) throw_("runtime: sudog with non-nil prev");
  if (s->waitlink != nullptr) throw_("runtime: sudog with non-nil waitlink");
  if (s->c != nullptr) throw_("runtime: sudog with non-nil c");
  sudog *link = s->alllink;
  *s = sudog{};
  s->alllink = link;
  p *pp = getg()->m_->p_;
  s->next = pp->sudogcache;
  pp->sudogcache = s;
}

// ---- Goroutine dumps ----

void goroutineheader(g *gp) {
  const char *status = "???";
  switch (gp->status) {
  case gstatus::idle:
    status = "idle";
    break;
  case gstatus::runnable:
    status = "runnable";
    break;
  case gstatus::running:
    status = "running";
    break;
  case gstatus::syscall:
    status = "syscall";
    break;
  case gstatus::waiting:
    status = "waiting";
    break;
  case gstatus::dead:
    status = "dead";
    break;
  }
  if (gp->status == gstatus::waiting && gp->waitreason != waitReason::zero)
    status = waitReasonString(gp->waitreason);
  printcstr("goroutine ");
  printuint64(static_cast<uint64_t>(gp->goid));
  printcstr(" [");
  printcstr(status);
  if (gp->status == gstatus::waiting && gp->waitsince != 0) {
    int64_t minutes = (nanotime() - gp->waitsince) / 60000000000;
    if (minutes >= 1) {
      printcstr(", ");
      printuint64(static_cast<uint64_t>(minutes));
      printcstr(" minutes");
    }
  }
  printcstr("]:\n");
}

// Goroutines in creation order, as gc's allgs: ours is newest first, so the list is
// reversed for the walk and back after it (a recursion would need a frame per goroutine
// on g0's fixed stack).
namespace {
g *reverseallgs(g *list) {
  g *prev = nullptr;
  while (list != nullptr) {
    g *next = list->alllink;
    list->alllink = prev;
    prev = list;
    list = next;
  }
  return prev;
}
} // namespace

void tracebackothers(g *skip) {
  g *oldest = reverseallgs(allgs);
  for (g *gp = oldest; gp != nullptr; gp = gp->alllink) {
    if (gp == skip || gp->status == gstatus::dead || gp == m0.g0) continue;
    printcstr("\n");
    goroutineheader(gp);
    tracebackg(gp);
    printcreatedby(gp);
  }
  allgs = reverseallgs(oldest);
}

// ---- Start-up ----

void schedinit() {
  m0.g0 = &g0;
  m0.id = 0;
  m0.p_ = &p0;
  p0.m_ = &m0;
  p0.id = 0;
  p0.mcache_ = &mcache0;
  g0.m_ = &m0;
  g0.goid = 0;
  g0.status = gstatus::running;
  g0.alllink = nullptr;
  allgs = &g0;
  ncpu = getproccount();
}

void mstart0(g *gp) {
  m *mp = &m0;
  // The stack we run on becomes goroutine 1's; the scheduler gets a stack of its own
  // (gc's g0 is the thread's stack; talpa's main thread stack went to goroutine 1 on
  // windows, so every OS does the same here).
  void *g0mem = sysAlloc(g0stacksize);
  if (g0mem == nullptr) throw_("runtime: cannot allocate the scheduler's stack");
  g0stack.lo = reinterpret_cast<uintptr_t>(g0mem);
  g0stack.hi = g0stack.lo + g0stacksize;
  g0.stack = g0stack;
  g0.stackguard0 = g0stack.lo;
  g0.stackguard1 = g0stack.lo;
  g0.schedsp = gostartsp(g0stack, schedloop, mp);

  gp->stackguard0 = gp->stack.lo;
  if (stackchecks()) {
    // One segment, the whole reservation (or the OS stack): morestack reports an
    // overflow when a check fails there (docs/runtime/stack.md).
    gp->stackguard0 = gp->stack.lo + mainstackRedZone;
    gp->stackbytes = gp->stack.hi - gp->stack.lo;
  }
  gp->stackguard1 = ~uintptr_t(0);
  gp->goid = 1;
  gp->m_ = mp;
  gp->status = gstatus::running;
  gp->alllink = allgs;
  allgs = gp;
  sched.goidgen = 1;
  mp->curg = gp;
  // The thread pointer again: on windows this is a new thread (startmain).
  mp->tls.curg = gp;
  settls(&mp->tls);
}

void schedmain(void (*mainfn)()) {
  g *gp = &gmain;
  if (mainstack.hi != 0) {
    gp->stack = mainstack;
  } else {
    // Still on the OS's stack (startmain could not make one): its top is known.
    gp->stack.hi = osstackhi;
    gp->stack.lo = osstackhi > maxstacksize ? osstackhi - (8 << 20) : 0;
  }
  mstart0(gp);
  mainfn();
  throw_("runtime: main returned");
}

// Runs once, on the main thread, on the stack the OS gave the process.
extern "C" void rt0_go(int32_t c, uint8_t **v) {
  // If startmain cannot make the main goroutine's stack, Go code runs on this one,
  // below this frame; the collector scans it up to here.
  osstackhi = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  schedinit();
  m0.tls.self = reinterpret_cast<uintptr_t>(&m0.tls);
  m0.tls.curg = &g0;
  g0.stack.hi = osstackhi;
  g0.stack.lo = osstackhi - (64 << 10);
  settls(&m0.tls);
  args(c, v);
  goenvs();
  parsedebugvars();
  if (debug.wbcheck != 0) writeBarrier.enabled = 1; // mbarrier.cpp's test mode
  mallocinit();
  gcinit();
  alginit();
  initsig();
  startmain(mainstart);
}

} // namespace runtime
