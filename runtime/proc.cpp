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
void lockOSThread();
void unlockOSThread();

[[noreturn]] void main() {
  // Package initialisation runs on the main thread, locked: an init that calls
  // LockOSThread keeps main.main there (gc's rule for programs that need the main
  // thread).
  lockOSThread();
  MainInit();
  unlockOSThread();
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

// ---- ThreadSanitizer (the unit tests' TSan build) ----
//
// Every g is a TSan fiber: its stack is switched to by gogo, which TSan cannot see, so
// the switches are announced (racegoswitch) and new gs get a fiber of their own. The
// target's runtime is never built with TSan: these are empty there.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TALPA_TSAN 1
#endif
#endif

namespace {
#if defined(TALPA_RUNTIME_HOST) && defined(TALPA_TSAN)
extern "C" void *__tsan_get_current_fiber();
extern "C" void *__tsan_create_fiber(unsigned flags);
extern "C" void __tsan_switch_to_fiber(void *fiber, unsigned flags);
void racenewfiber(g *gp) { gp->racectx = __tsan_create_fiber(0); }
void racecurrentfiber(g *gp) { gp->racectx = __tsan_get_current_fiber(); }
void racegoswitch(g *to) { __tsan_switch_to_fiber(to->racectx, 0); }
#else
void racenewfiber(g *) {}
void racecurrentfiber(g *) {}
void racegoswitch(g *) {}
#endif
} // namespace

// A g's status, written and read atomically: other Ms read it (NumGoroutine, checkdead,
// the goroutine dump) while its own M changes it. Go: readgstatus, casgstatus.
namespace {
gstatus readgstatus(const g *gp) {
  return static_cast<gstatus>(
      __atomic_load_n(reinterpret_cast<const uint32_t *>(&gp->status), __ATOMIC_ACQUIRE));
}
void setgstatus(g *gp, gstatus v) {
  __atomic_store_n(reinterpret_cast<uint32_t *>(&gp->status), static_cast<uint32_t>(v),
                   __ATOMIC_RELEASE);
}
} // namespace

// ---- Run queues ----

void gqueue::push(g *gp) {
  gp->schedlink = nullptr;
  if (tail != nullptr)
    tail->schedlink = gp;
  else
    head = gp;
  tail = gp;
  __atomic_store_n(&size, size + 1, __ATOMIC_RELAXED);
}

g *gqueue::pop() {
  g *gp = head;
  if (gp == nullptr) return nullptr;
  head = gp->schedlink;
  if (head == nullptr) tail = nullptr;
  gp->schedlink = nullptr;
  __atomic_store_n(&size, size - 1, __ATOMIC_RELAXED);
  return gp;
}

namespace {

constexpr uint32_t runqlen = sizeof(p::runq) / sizeof(p::runq[0]);

// A P's status, read and written atomically (sysmon and stealing Ms read it).
pstatus loadpstatus(const pstatus *s) {
  return static_cast<pstatus>(
      __atomic_load_n(reinterpret_cast<const uint32_t *>(s), __ATOMIC_ACQUIRE));
}
void storepstatus(pstatus *s, pstatus v) {
  __atomic_store_n(reinterpret_cast<uint32_t *>(s), static_cast<uint32_t>(v), __ATOMIC_RELEASE);
}

// casp changes a P's status from old to nw if it is old. Go: atomic.Cas(&pp.status).
bool casp(p *pp, pstatus old, pstatus nw) {
  auto o = static_cast<uint32_t>(old);
  return __atomic_compare_exchange_n(reinterpret_cast<uint32_t *>(&pp->status), &o,
                                     static_cast<uint32_t>(nw), false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_RELAXED);
}

uint32_t loadacq(const uint32_t *a) { return __atomic_load_n(a, __ATOMIC_ACQUIRE); }
g *loadslot(g *const *s) { return __atomic_load_n(s, __ATOMIC_RELAXED); }
void storeslot(g **s, g *gp) { __atomic_store_n(s, gp, __ATOMIC_RELAXED); }
int32_t globrunqsize() { return __atomic_load_n(&sched.runq.size, __ATOMIC_RELAXED); }

// runqputslow moves half of pp's full queue and gp to the global queue; false if a
// thief took some in the meantime (the caller retries the fast path). Go: runqputslow.
bool runqputslow(p *pp, g *gp, uint32_t h, uint32_t t) {
  g *batch[runqlen / 2 + 1];
  uint32_t n = (t - h) / 2;
  for (uint32_t i = 0; i < n; i++)
    batch[i] = loadslot(&pp->runq[(h + i) % runqlen]);
  if (!__atomic_compare_exchange_n(&pp->runqhead, &h, h + n, false, __ATOMIC_RELEASE,
                                   __ATOMIC_RELAXED))
    return false;
  batch[n] = gp;
  lock(&sched.lock);
  for (uint32_t i = 0; i <= n; i++)
    sched.runq.push(batch[i]);
  unlock(&sched.lock);
  return true;
}

// runqgrab copies half of pp's queue (at least one) into batch[batchhead ...] and
// claims them; with stealRunNextG an empty queue gives up its runnext. Returns the
// number taken. Go: runqgrab. Runs on any M.
uint32_t runqgrab(p *pp, g **batch, uint32_t batchhead, bool stealRunNextG) {
  for (;;) {
    uint32_t h = loadacq(&pp->runqhead);
    uint32_t t = loadacq(&pp->runqtail);
    uint32_t n = t - h;
    n = n - n / 2;
    if (n == 0) {
      if (stealRunNextG) {
        g *next = __atomic_load_n(&pp->runnext, __ATOMIC_ACQUIRE);
        if (next != nullptr) {
          // The P's owner just readied it and is likely to run it at its next
          // schedule (a ping-pong between two goroutines): give it a moment first.
          if (loadpstatus(&pp->status) == pstatus::running) {
#if defined(GOOS_windows)
            osyield(); // gc: Sleep's granularity is too coarse there
#else
            osleep(3000);
#endif
          }
          if (!__atomic_compare_exchange_n(&pp->runnext, &next, nullptr, false, __ATOMIC_ACQ_REL,
                                           __ATOMIC_RELAXED))
            continue;
          storeslot(&batch[batchhead % runqlen], next);
          return 1;
        }
      }
      return 0;
    }
    if (n > runqlen / 2) continue; // h and t read at different times
    for (uint32_t i = 0; i < n; i++)
      storeslot(&batch[(batchhead + i) % runqlen], loadslot(&pp->runq[(h + i) % runqlen]));
    if (__atomic_compare_exchange_n(&pp->runqhead, &h, h + n, false, __ATOMIC_RELEASE,
                                    __ATOMIC_RELAXED))
      return n;
  }
}

} // namespace

// Runs on pp's M (or with the world stopped).
void runqput(p *pp, g *gp, bool next) {
  if (next) {
    g *old = __atomic_exchange_n(&pp->runnext, gp, __ATOMIC_ACQ_REL);
    if (old == nullptr) return;
    gp = old;
  }
  for (;;) {
    uint32_t h = loadacq(&pp->runqhead);
    uint32_t t = pp->runqtail;
    if (t - h < runqlen) {
      storeslot(&pp->runq[t % runqlen], gp);
      __atomic_store_n(&pp->runqtail, t + 1, __ATOMIC_RELEASE);
      return;
    }
    if (runqputslow(pp, gp, h, t)) return;
  }
}

// Runs on pp's M.
g *runqget(p *pp) {
  g *next = __atomic_load_n(&pp->runnext, __ATOMIC_RELAXED);
  while (next != nullptr) {
    if (__atomic_compare_exchange_n(&pp->runnext, &next, nullptr, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED))
      return next;
  }
  for (;;) {
    uint32_t h = loadacq(&pp->runqhead);
    uint32_t t = pp->runqtail;
    if (t == h) return nullptr;
    g *gp = loadslot(&pp->runq[h % runqlen]);
    if (__atomic_compare_exchange_n(&pp->runqhead, &h, h + 1, false, __ATOMIC_RELEASE,
                                    __ATOMIC_RELAXED))
      return gp;
  }
}

// Runs on any M: a snapshot.
bool runqempty(const p *pp) {
  for (;;) {
    uint32_t h = __atomic_load_n(&pp->runqhead, __ATOMIC_ACQUIRE);
    uint32_t t = __atomic_load_n(&pp->runqtail, __ATOMIC_ACQUIRE);
    g *next = __atomic_load_n(&pp->runnext, __ATOMIC_ACQUIRE);
    if (__atomic_load_n(&pp->runqtail, __ATOMIC_ACQUIRE) == t) return h == t && next == nullptr;
  }
}

uint32_t runqsize(const p *pp) {
  uint32_t h = __atomic_load_n(&pp->runqhead, __ATOMIC_ACQUIRE);
  uint32_t t = __atomic_load_n(&pp->runqtail, __ATOMIC_ACQUIRE);
  return t - h + (__atomic_load_n(&pp->runnext, __ATOMIC_ACQUIRE) != nullptr ? 1 : 0);
}

// Runs on pp's M.
g *runqsteal(p *pp, p *p2, bool stealRunNextG) {
  uint32_t t = pp->runqtail;
  uint32_t n = runqgrab(p2, pp->runq, t, stealRunNextG);
  if (n == 0) return nullptr;
  n--;
  g *gp = loadslot(&pp->runq[(t + n) % runqlen]);
  if (n == 0) return gp;
  uint32_t h = loadacq(&pp->runqhead);
  if (t - h + n >= runqlen) throw_("runqsteal: runq overflow");
  __atomic_store_n(&pp->runqtail, t + n, __ATOMIC_RELEASE);
  return gp;
}

// ---- Ps, Ms and the idle lists ----

p *allp[maxgomaxprocs];
m *allm;
int32_t gomaxprocs = 1;
uint32_t gcwaiting;

namespace {

bool mainstarted;    // the scheduler runs: go statements and readies wake idle Ps
bool lockaccounting; // m::locks is counted (the thread pointer is set)
mutex stackLock;     // guards stackalloc (stack.cpp keeps one free list)

m *getm() { return getg()->m_; }

// acquirep binds pp to the current M. Go: acquirep + wirep.
void acquirep(p *pp) {
  m *mp = getm();
  if (mp->p_ != nullptr || pp->m_ != nullptr) {
    if (pp->m_ != mp) throw_("acquirep: invalid p state");
  }
  mp->p_ = pp;
  __atomic_store_n(&pp->m_, mp, __ATOMIC_RELEASE);
  storepstatus(&pp->status, pstatus::running);
}

// releasep unbinds the current M's P and returns it. Go: releasep.
p *releasep() {
  m *mp = getm();
  p *pp = mp->p_;
  if (pp == nullptr || pp->m_ != mp) throw_("releasep: invalid p state");
  mp->p_ = nullptr;
  __atomic_store_n(&pp->m_, nullptr, __ATOMIC_RELEASE);
  storepstatus(&pp->status, pstatus::idle);
  return pp;
}

// The idle P list. sched.lock held. Go: pidleput, pidleget.
void pidleput(p *pp) {
  if (!runqempty(pp)) throw_("pidleput: P has non-empty run queue");
  storepstatus(&pp->status, pstatus::idle);
  pp->link = sched.pidle;
  sched.pidle = pp;
  __atomic_fetch_add(&sched.npidle, 1, __ATOMIC_RELAXED);
}

p *pidleget() {
  p *pp = sched.pidle;
  if (pp != nullptr) {
    sched.pidle = pp->link;
    pp->link = nullptr;
    __atomic_fetch_sub(&sched.npidle, 1, __ATOMIC_RELAXED);
  }
  return pp;
}

void checkdead();
void handoffp(p *pp);
void stoplockedm();
void startlockedm(g *gp);
[[noreturn]] void mexit(m *mp);
void incidlelocked(int32_t v);

// The idle M list. sched.lock held. Go: mput, mget.
void mput(m *mp) {
  mp->schedlink = sched.midle;
  sched.midle = mp;
  sched.nmidle++;
  checkdead();
}

m *mget() {
  m *mp = sched.midle;
  if (mp != nullptr) {
    sched.midle = mp->schedlink;
    mp->schedlink = nullptr;
    sched.nmidle--;
  }
  return mp;
}

// allocm makes an M (and its g0 record; newosproc gives g0 its stack) that will start
// with fn or, without fn, take pp. Go: allocm.
m *allocm(void (*fn)(), p *pp) {
  m *mp = nullptr;
  g *g0p = nullptr;
  // An M whose thread exited (mexit) is reused, its OS resources freed first.
  if (__atomic_load_n(&sched.freem, __ATOMIC_ACQUIRE) != nullptr) {
    lock(&sched.lock);
    for (m **pm = &sched.freem; *pm != nullptr; pm = &(*pm)->freelink) {
      if (__atomic_load_n(&(*pm)->freewait, __ATOMIC_ACQUIRE) != 0) continue;
      mp = *pm;
      *pm = mp->freelink;
      break;
    }
    unlock(&sched.lock);
  }
  bool reused = mp != nullptr;
  int64_t id = 0;
  if (reused) {
    mfree(mp);
    g0p = mp->g0;
    m *link = mp->alllink;
    id = mp->id;
    *mp = m{};
    mp->alllink = link;
    *g0p = g{};
  } else {
    mp = static_cast<m *>(persistentalloc(sizeof(m), alignof(m)));
    g0p = static_cast<g *>(persistentalloc(sizeof(g), alignof(g)));
  }
  g0p->m_ = mp;
  setgstatus(g0p, gstatus::running);
  mp->g0 = g0p;
  mp->mstartfn = fn;
  mp->nextp = pp;
  mp->tls.self = reinterpret_cast<uintptr_t>(&mp->tls);
  mp->tls.curg = g0p;
  lock(&sched.lock);
  if (fn != nullptr) sched.nmsys++;
  if (reused) {
    mp->id = id; // its old number; a live M again
    sched.nmfreed--;
  } else {
    mp->id = sched.mnext++;
    mp->alllink = allm;
    __atomic_store_n(&allm, mp, __ATOMIC_RELEASE);
  }
  unlock(&sched.lock);
  return mp;
}

// newm starts an OS thread that runs fn or, without fn, schedules on pp. Go: newm.
void newm(void (*fn)(), p *pp) { newosproc(allocm(fn, pp)); }

// stopm parks the M on the idle list until startm hands it a P (mp->nextp), which it
// takes. Go: stopm.
void stopm() {
  m *mp = getm();
  if (mp->p_ != nullptr) throw_("stopm holding p");
  if (mp->spinning) throw_("stopm spinning");
  lock(&sched.lock);
  mput(mp);
  unlock(&sched.lock);
  notesleep(&mp->park);
  noteclear(&mp->park);
  p *pp = mp->nextp;
  mp->nextp = nullptr;
  acquirep(pp);
}

void wakesysmon();

// startm runs pp (an idle P if null; nothing if there is none) on an idle or a new M.
// spinning: the caller counted the M in nmspinning, and the M starts spinning. Go:
// startm.
void startm(p *pp, bool spinning) {
  lock(&sched.lock);
  if (pp == nullptr) {
    pp = pidleget();
    if (pp == nullptr) {
      unlock(&sched.lock);
      if (spinning && __atomic_sub_fetch(&sched.nmspinning, 1, __ATOMIC_SEQ_CST) < 0)
        throw_("startm: negative nmspinning");
      return;
    }
  }
  m *nmp = mget();
  unlock(&sched.lock);
  wakesysmon();
  if (nmp == nullptr) {
    withstack(schedStackBytes, [pp, spinning] {
      m *mp = allocm(nullptr, pp);
      mp->spinning = spinning;
      newosproc(mp);
    });
    return;
  }
  if (nmp->spinning) throw_("startm: m is spinning");
  if (nmp->nextp != nullptr) throw_("startm: m has p");
  nmp->spinning = spinning;
  nmp->nextp = pp;
  notewakeup(&nmp->park);
}

// wakep starts a spinning M for an idle P if none spins already: new work may be
// stolen. Go: wakep.
void wakep() {
  if (__atomic_load_n(&sched.npidle, __ATOMIC_SEQ_CST) == 0) return;
  int32_t zero = 0;
  if (__atomic_load_n(&sched.nmspinning, __ATOMIC_SEQ_CST) != 0 ||
      !__atomic_compare_exchange_n(&sched.nmspinning, &zero, 1, false, __ATOMIC_SEQ_CST,
                                   __ATOMIC_RELAXED))
    return;
  startm(nullptr, true);
}

// resetspinning: a spinning M found work. If it was the last spinning one, another is
// woken to look for more (gc's rule: there is a spinning M whenever there may be work
// and an idle P). Go: resetspinning.
void resetspinning() {
  m *mp = getm();
  if (!mp->spinning) throw_("resetspinning: not a spinning m");
  mp->spinning = false;
  int32_t nr = __atomic_sub_fetch(&sched.nmspinning, 1, __ATOMIC_SEQ_CST);
  if (nr < 0) throw_("findrunnable: negative nmspinning");
  if (nr == 0) wakep();
}

// ---- Finding work ----

// globrunqget takes a batch from the global queue for pp: returns one, puts the others
// (up to max - 1; max 0: a fair share) in pp's queue. sched.lock held. Go: globrunqget.
g *globrunqget(p *pp, int32_t max) {
  int32_t size = sched.runq.size;
  if (size == 0) return nullptr;
  int32_t n = size / gomaxprocs + 1;
  if (n > size) n = size;
  if (max > 0 && n > max) n = max;
  if (n > static_cast<int32_t>(runqlen / 2)) n = runqlen / 2;
  g *gp = sched.runq.pop();
  for (n--; n > 0; n--)
    runqput(pp, sched.runq.pop(), false);
  return gp;
}

// A random order of the Ps: start anywhere, step by a number coprime to their count.
// Go: randomOrder.
uint32_t gcd(uint32_t a, uint32_t b) {
  while (b != 0) {
    uint32_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// stealWork tries four times to take half of another P's queue, in random order; runnext
// only in the last round. Go: stealWork.
g *stealWork(p *pp) {
  constexpr int stealTries = 4;
  uint32_t n = static_cast<uint32_t>(gomaxprocs);
  for (int i = 0; i < stealTries; i++) {
    bool stealRunNextG = i == stealTries - 1;
    uint32_t pos = fastrand() % n;
    uint32_t inc = 1;
    if (n > 1) {
      inc = fastrand() % n;
      if (inc == 0) inc = 1;
      while (gcd(inc, n) != 1)
        inc++;
    }
    for (uint32_t k = 0; k < n; k++, pos = (pos + inc) % n) {
      if (__atomic_load_n(&gcwaiting, __ATOMIC_RELAXED) != 0) return nullptr;
      p *p2 = allp[pos];
      if (p2 == pp) continue;
      if (g *gp = runqsteal(pp, p2, stealRunNextG); gp != nullptr) return gp;
    }
  }
  return nullptr;
}

// gcstopm halts the current M's P for stopTheWorld and parks the M. Go: gcstopm.
void gcstopm() {
  m *mp = getm();
  if (mp->spinning) {
    mp->spinning = false;
    if (__atomic_sub_fetch(&sched.nmspinning, 1, __ATOMIC_SEQ_CST) < 0)
      throw_("gcstopm: negative nmspinning");
  }
  p *pp = releasep();
  lock(&sched.lock);
  storepstatus(&pp->status, pstatus::gcstop);
  if (--sched.stopwait == 0) notewakeup(&sched.stopnote);
  unlock(&sched.lock);
  stopm();
}

// timersleep: the M without a P that waits for the next timer sleeps at most ns, or
// until wakeTimerWaiter. Returns at once if a timer is due.
void timersleep(int64_t ns) {
  uint32_t v = __atomic_load_n(&sched.timerwake, __ATOMIC_ACQUIRE);
  int64_t wait = timeUntilNextTimer();
  if (wait == 0) return;
  if (wait > 0 && wait < ns) ns = wait;
  futexsleep(&sched.timerwake, v, ns);
}

// findrunnable returns the next goroutine to run on the current M's P: the local and
// global queues, the due timers, other Ps' queues (spinning); with nothing, the P goes
// idle and the M either waits for the next timer or parks until startm. Go:
// findRunnable. Runs on g0.
g *findrunnable() {
top:
  m *mp = getm();
  p *pp = mp->p_;
  if (__atomic_load_n(&gcwaiting, __ATOMIC_ACQUIRE) != 0) {
    gcstopm();
    goto top;
  }
  checkTimers();
  // Every 61st schedule, the global queue first, so that it is not starved by
  // goroutines that keep the local queue full.
  if (pp->schedtick % 61 == 0 && globrunqsize() > 0) {
    lock(&sched.lock);
    g *gp = globrunqget(pp, 1);
    unlock(&sched.lock);
    if (gp != nullptr) return gp;
  }
  if (g *gp = runqget(pp); gp != nullptr) return gp;
  if (globrunqsize() > 0) {
    lock(&sched.lock);
    g *gp = globrunqget(pp, 0);
    unlock(&sched.lock);
    if (gp != nullptr) return gp;
  }
  // Steal, unless half the busy Ps already have a spinning M looking (gc's limit on
  // the CPU spent spinning).
  if (gomaxprocs > 1 &&
      (mp->spinning || 2 * __atomic_load_n(&sched.nmspinning, __ATOMIC_SEQ_CST) <
                           gomaxprocs - __atomic_load_n(&sched.npidle, __ATOMIC_SEQ_CST))) {
    if (!mp->spinning) {
      mp->spinning = true;
      __atomic_fetch_add(&sched.nmspinning, 1, __ATOMIC_SEQ_CST);
    }
    if (g *gp = stealWork(pp); gp != nullptr) return gp;
  }
  // A timer due now runs on this P.
  if (timeUntilNextTimer() == 0) goto top;

  // Nothing: give up the P.
  lock(&sched.lock);
  if (__atomic_load_n(&gcwaiting, __ATOMIC_ACQUIRE) != 0) {
    unlock(&sched.lock);
    goto top;
  }
  if (sched.runq.size != 0) {
    g *gp = globrunqget(pp, 0);
    unlock(&sched.lock);
    return gp;
  }
  if (releasep() != pp) throw_("findrunnable: wrong p");
  pidleput(pp);
  unlock(&sched.lock);

  // A spinning M that gives up must look once more at every queue after it stopped
  // counting as spinning: work submitted in between saw it spinning and woke no one.
  // Go: the delicate dance of findRunnable.
  bool wasSpinning = mp->spinning;
  if (mp->spinning) {
    mp->spinning = false;
    if (__atomic_sub_fetch(&sched.nmspinning, 1, __ATOMIC_SEQ_CST) < 0)
      throw_("findrunnable: negative nmspinning");
    for (int32_t i = 0; i < gomaxprocs; i++) {
      if (runqempty(allp[i])) continue;
      lock(&sched.lock);
      p *np = pidleget();
      unlock(&sched.lock);
      if (np != nullptr) {
        acquirep(np);
        mp->spinning = true;
        __atomic_fetch_add(&sched.nmspinning, 1, __ATOMIC_SEQ_CST);
        goto top;
      }
      break;
    }
  }
  (void)wasSpinning;

  // One M without a P sleeps until the next timer (gc blocks in netpoll for it).
  int64_t wait = timeUntilNextTimer();
  uint32_t zero = 0;
  if (wait >= 0 && __atomic_compare_exchange_n(&sched.timerwaiter, &zero, 1, false,
                                               __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
    timersleep(wait);
    __atomic_store_n(&sched.timerwaiter, 0, __ATOMIC_SEQ_CST);
    lock(&sched.lock);
    p *np = __atomic_load_n(&gcwaiting, __ATOMIC_ACQUIRE) == 0 ? pidleget() : nullptr;
    unlock(&sched.lock);
    if (np != nullptr) {
      acquirep(np);
      wakesysmon();
      goto top;
    }
  }
  stopm();
  goto top;
}

// checkdead reports a program that can never continue: every M idle (sysmon aside), so
// no goroutine runs, none is runnable and no timer is pending. sched.lock held. Go:
// checkdead.
void checkdead() {
  int64_t run = sched.mnext - sched.nmidle - sched.nmidlelocked - sched.nmsys - sched.nmfreed;
  if (run > 0) return;
  if (run < 0) throw_("checkdead: inconsistent counts");
  int32_t waiting = 0;
  for (g *gp = allgs; gp != nullptr; gp = gp->alllink) {
    if (readgstatus(gp) == gstatus::waiting && !isSystemGoroutine(gp, false)) waiting++;
    if (readgstatus(gp) == gstatus::runnable || readgstatus(gp) == gstatus::running) {
      if (gp->m_ != nullptr && gp == gp->m_->g0) continue;
      throw_("checkdead: runnable g");
    }
  }
  if (waiting == 0) fatal("no goroutines (main called runtime.Goexit) - deadlock!");
  // A pending timer will wake someone (sysmon starts an M for it).
  if (timeUntilNextTimer() >= 0) return;
  startpanic();
  printcstr("fatal error: all goroutines are asleep - deadlock!\n");
  tracebackothers(nullptr);
  exit(2);
}

// execute runs gp on the current M (from g0) until gp gives the M back through mcall.
// Go: execute + gogo.
void execute(g *gp) {
  m *mp = getm();
  mp->curg = gp;
  gp->m_ = mp;
  setgstatus(gp, gstatus::running);
  gp->waitreason = waitReason::zero;
  gp->waitsince = 0; // the collector stamps a waiting g (scangoroutines)
  preemptclear(gp);
  setg(gp);
  racegoswitch(gp);
  gogo(&mp->g0->schedsp, gp->schedsp);
  // Back on g0 (mcall set g): gp called mcall.
}

// The g0 loop: the request of the goroutine that switched here, then the next
// goroutine. Go: schedule. Runs on g0, never returns.
[[noreturn]] void schedloop(void *arg) {
  auto *mp = static_cast<m *>(arg);
  for (;;) {
    // A request may run a goroutine itself (exitsyscall0, entersyscallblock_m): when that
    // one switches back here with a request of its own, the loop takes it next.
    while (mp->mcallfn != nullptr) {
      void (*fn)(g *) = mp->mcallfn;
      g *gp = mp->mcallg;
      mp->mcallfn = nullptr;
      mp->mcallg = nullptr;
      fn(gp);
    }
    if (mp->exiting) mexit(mp);
    if (g *lg = mp->lockedg; lg != nullptr) {
      // A locked M runs its goroutine only: at once if it is this P's next, else when
      // another M's scheduler finds it (startlockedm).
      g *next = lg;
      if (p *pp = mp->p_; pp == nullptr || __atomic_load_n(&pp->runnext, __ATOMIC_RELAXED) != lg ||
                          !__atomic_compare_exchange_n(&pp->runnext, &next, nullptr, false,
                                                       __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
        stoplockedm();
      execute(lg);
      continue;
    }
    if (p *pp = mp->p_; pp != nullptr)
      __atomic_store_n(&pp->schedtick, pp->schedtick + 1, __ATOMIC_RELAXED);
    g *gp = findrunnable();
    if (mp->spinning) resetspinning();
    if (gp->lockedm != nullptr) {
      startlockedm(gp);
      continue;
    }
    execute(gp);
  }
}

// park_m finishes gopark on g0. Go: park_m.
void park_m(g *gp) {
  m *mp = getm();
  setgstatus(gp, gstatus::waiting);
  gp->m_ = nullptr;
  mp->curg = nullptr;
  if (mp->waitunlockf != nullptr) {
    bool ok = mp->waitunlockf(gp, mp->waitlock);
    mp->waitunlockf = nullptr;
    mp->waitlock = nullptr;
    if (!ok) {
      setgstatus(gp, gstatus::runnable);
      runqput(mp->p_, gp, true);
    }
  }
}

// gosched_m puts gp at the end of the global queue. Go: gosched_m / goschedImpl.
void gosched_m(g *gp) {
  setgstatus(gp, gstatus::runnable);
  gp->m_ = nullptr;
  lock(&sched.lock);
  sched.runq.push(gp);
  unlock(&sched.lock);
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
  lock(&sched.gflock);
  gp->schedlink = sched.gfree;
  sched.gfree = gp;
  unlock(&sched.gflock);
}

// goexit0 retires gp. Go: goexit0 + gdestroy.
void goexit0(g *gp) {
  setgstatus(gp, gstatus::dead);
  gp->m_ = nullptr;
  gp->defer_ = nullptr;
  gp->panic_ = nullptr;
  gp->deferring = nullptr;
  gp->panicfault_ = nullptr;
  __atomic_store_n(&gp->fn, nullptr, __ATOMIC_RELAXED); // NumGoroutine reads it
  gp->param = nullptr;
  gp->waiting = nullptr;
  gp->parkingOnChan = false;
  gp->selectDone = 0;
  gp->preempt = false;
  gp->waitreason = waitReason::zero;
  m *mp = getm();
  mp->curg = nullptr;
  bool locked = gp->lockedm != nullptr;
  gp->lockedm = nullptr;
  mp->lockedg = nullptr;
  if (locked && mp->lockedInt != 0) throw_("exited a goroutine internally locked to the OS thread");
  mp->lockedExt = 0;
  goroutinestackfree(gp);
  gfput(gp);
  // Locked to its thread at exit: the thread goes too (schedloop calls mexit).
  if (locked) mp->exiting = true;
}

// The goroutine's first frame: fn's code called with fn, then goexit. Runs on gp.
[[noreturn]] void goentry(void *arg) {
  auto *gp = static_cast<g *>(arg);
  void *fn = gp->fn;
  auto code = *static_cast<void (**)(void *)>(fn);
  code(fn);
  goexit1();
}

mutex allglock; // guards allgs' head (the list is only ever prepended to)

// allgadd puts gp at the head of allgs. allglock held (or a single thread at start-up).
void allgadd(g *gp) {
  g *head = allgs;
  gp->alllink = head;
  gp->allprev = nullptr;
  if (head != nullptr) __atomic_store_n(&head->allprev, gp, __ATOMIC_RELEASE);
  __atomic_store_n(&allgs, gp, __ATOMIC_RELEASE);
}

// A g for a new goroutine, with a stack: a dead one from the free list, or a new one.
// Runs on any goroutine.
g *gfget() {
  lock(&sched.gflock);
  g *gp = sched.gfree;
  if (gp != nullptr) sched.gfree = gp->schedlink;
  unlock(&sched.gflock);
  if (gp != nullptr) {
    gp->schedlink = nullptr;
    return gp;
  }
  gp = static_cast<g *>(persistentalloc(sizeof(g), alignof(g)));
  racenewfiber(gp);
  gp->stackguard1 = ~uintptr_t(0);
  setgstatus(gp, gstatus::dead);
  lock(&allglock);
  allgadd(gp);
  unlock(&allglock);
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
  if (gp->stack.hi == 0) {
    lock(&stackLock);
    gp->stack = stackalloc(goroutinestacksize);
    unlock(&stackLock);
  }
  gp->stackguard0 = gp->stack.lo;
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
  racegoswitch(mp->g0);
  gogo(&gp->schedsp, mp->g0->schedsp);
  // Scheduled again (execute set curg), maybe on another M.
}

void gopark(bool (*unlockf)(g *gp, void *arg), void *arg, waitReason reason) {
  g *gp = getg();
  m *mp = gp->m_;
  mp->waitunlockf = unlockf;
  mp->waitlock = arg;
  gp->waitreason = reason;
  mcall(park_m);
}

void goready(g *gp) {
  if (readgstatus(gp) != gstatus::waiting) throw_("bad g->status in ready");
  setgstatus(gp, gstatus::runnable);
  runqput(getm()->p_, gp, true);
  if (mainstarted) wakep();
}

// newproc: the new goroutine goes to runnext, so it runs as soon as the creator yields,
// as in gc; an idle P, if any, is woken to steal it or what it displaced. Runs on the
// goroutine executing the go statement.
// ---- Package initialization ----
//
// main..init (the compiler's) calls doInit with main..inittask: each package's initTask
// (abi.h) lists the tasks of the packages it imports and the functions that initialize it.
// A task runs once; one found running again is a cycle the compiler cannot make (gc's
// message blames the linker). Go: doInit.
extern "C" void DoInit(Ptr task) {
  auto *t = static_cast<talpa::abi::initTask *>(task);
  if (t->state == 2) return;
  if (t->state == 1) throw_("recursive call during initialization - linker skew");
  t->state = 1;
  auto *deps = reinterpret_cast<talpa::abi::initTask **>(t + 1);
  for (uintptr_t i = 0; i < t->ndeps; ++i)
    DoInit(deps[i]);
  auto *fns = reinterpret_cast<void (**)()>(deps + t->ndeps);
  for (uintptr_t i = 0; i < t->nfns; ++i)
    fns[i]();
  t->state = 2;
}

extern "C" __attribute__((noinline)) void NewProc(void *fn) {
  if (fn == nullptr) {
    // gc throws here: the message, then the goroutine that ran the go statement.
    startpanic();
    printcstr("fatal error: go of nil func value\n\n");
    goroutineheader(getg());
    traceback(nullptr);
    exit(2);
  }
  g *newg = gfget();
  goroutinestack(newg);
  __atomic_store_n(&newg->fn, fn, __ATOMIC_RELAXED);
  newg->gopc = reinterpret_cast<uintptr_t>(__builtin_return_address(0));
  int64_t id = __atomic_add_fetch(&sched.goidgen, 1, __ATOMIC_RELAXED);
  newg->goid = id;
  newg->schedsp = gostartsp(newg->stack, goentry, newg);
  setgstatus(newg, gstatus::runnable);
  runqput(getm()->p_, newg, true);
  if (mainstarted) wakep();
}

void goexit1() {
  mcall(goexit0);
  throw_("runtime: dead goroutine scheduled");
}

extern "C" void Gosched() { mcall(gosched_m); }

// gopreempt: the goroutine goes to the global queue, as for Gosched (gc's gopreempt_m
// differs only in its trace event). Runs on the goroutine (morestack's stackPreempt path,
// preemption checks).
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
  for (g *gp = __atomic_load_n(&allgs, __ATOMIC_ACQUIRE); gp != nullptr; gp = gp->alllink) {
    if (readgstatus(gp) != gstatus::dead && gp != m0.g0 && !isSystemGoroutine(gp, true)) n++;
  }
  return n;
}

// ---- Stopping the world ----

namespace {

// The one stopper: taken by spinning, yielding the goroutine between tries (so that a
// stopper waiting for this P is not held up).
void acquireworld() {
  for (;;) {
    uint32_t zero = 0;
    if (__atomic_compare_exchange_n(&sched.worldsema, &zero, 1, false, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED))
      return;
    Gosched();
  }
}

void releaseworld() { __atomic_store_n(&sched.worldsema, 0, __ATOMIC_RELEASE); }

// preemptall asks every running P to stop. Go: preemptall.
void preemptall() {
  for (int32_t i = 0; i < gomaxprocs; i++) {
    p *pp = allp[i];
    if (loadpstatus(&pp->status) == pstatus::running) preemptone(pp);
  }
}

// procresize makes nprocs Ps, returning those with work (not on the idle list), each
// with the idle M to run it in pp->m_ (or none). World stopped, sched.lock held. Go:
// procresize.
p *procresize(int32_t nprocs) {
  int32_t old = gomaxprocs;
  if (nprocs < 1 || nprocs > maxgomaxprocs) throw_("procresize: invalid arg");
  for (int32_t i = old; i < nprocs; i++) {
    p *pp = allp[i];
    if (pp == nullptr) {
      pp = static_cast<p *>(persistentalloc(sizeof(p), alignof(p)));
      pp->id = i;
      pp->mcache_ = static_cast<mcache *>(persistentalloc(sizeof(mcache), alignof(mcache)));
      initmcache(pp->mcache_);
      __atomic_store_n(&allp[i], pp, __ATOMIC_RELEASE);
    }
    pp->status = pstatus::gcstop;
  }
  // Ps beyond the new count: their goroutines go to the global queue, their caches
  // back to the heap. Go: p.destroy.
  for (int32_t i = nprocs; i < old; i++) {
    p *pp = allp[i];
    for (g *gp = runqget(pp); gp != nullptr; gp = runqget(pp))
      sched.runq.push(gp);
    pp->mcache_->releaseAll();
    pp->status = pstatus::dead;
  }
  __atomic_store_n(&gomaxprocs, nprocs, __ATOMIC_RELEASE);
  m *mp = getm();
  if (mp->p_ != nullptr && mp->p_->id < nprocs) {
    storepstatus(&mp->p_->status, pstatus::running);
  } else {
    if (mp->p_ != nullptr) {
      mp->p_->m_ = nullptr;
      mp->p_ = nullptr;
    }
    p *pp = allp[0];
    pp->m_ = nullptr;
    acquirep(pp);
  }
  // The idle list is rebuilt from the live Ps.
  sched.pidle = nullptr;
  __atomic_store_n(&sched.npidle, 0, __ATOMIC_RELAXED);
  p *runnable = nullptr;
  for (int32_t i = nprocs - 1; i >= 0; i--) {
    p *pp = allp[i];
    if (mp->p_ == pp) continue;
    pp->m_ = nullptr;
    if (runqempty(pp)) {
      pidleput(pp);
    } else {
      pp->status = pstatus::idle;
      pp->m_ = mget();
      pp->link = runnable;
      runnable = pp;
    }
  }
  return runnable;
}

int32_t newprocs; // GOMAXPROCS wanted at the next startTheWorld

} // namespace

namespace {

// Stops the world; the caller holds worldsema. Go: stopTheWorldWithSema.
void stopTheWorldWithSema() {
  m *mp = getm();
  lock(&sched.lock);
  sched.stopwait = gomaxprocs;
  __atomic_store_n(&gcwaiting, 1, __ATOMIC_SEQ_CST);
  preemptall();
  storepstatus(&mp->p_->status, pstatus::gcstop);
  sched.stopwait--;
  // Ps in system calls stop now: their goroutines are scanned from the sp they left.
  for (int32_t i = 0; i < gomaxprocs; i++) {
    p *pp = allp[i];
    if (loadpstatus(&pp->status) == pstatus::syscall &&
        casp(pp, pstatus::syscall, pstatus::gcstop)) {
      __atomic_fetch_add(&pp->syscalltick, 1, __ATOMIC_RELAXED);
      sched.stopwait--;
    }
  }
  for (p *pp = pidleget(); pp != nullptr; pp = pidleget()) {
    storepstatus(&pp->status, pstatus::gcstop);
    sched.stopwait--;
  }
  bool wait = sched.stopwait > 0;
  unlock(&sched.lock);
  if (wait) {
    // Every 100 us, the request again (a P may have picked up a new goroutine).
    while (!notetsleep(&sched.stopnote, 100000))
      preemptall();
    noteclear(&sched.stopnote);
  }
  for (int32_t i = 0; i < gomaxprocs; i++) {
    if (loadpstatus(&allp[i]->status) != pstatus::gcstop) throw_("stopTheWorld: not stopped");
  }
}

} // namespace

void stopTheWorld() {
  acquireworld();
  stopTheWorldWithSema();
}

bool tryStopTheWorld() {
  uint32_t zero = 0;
  if (!__atomic_compare_exchange_n(&sched.worldsema, &zero, 1, false, __ATOMIC_ACQUIRE,
                                   __ATOMIC_RELAXED))
    return false;
  stopTheWorldWithSema();
  return true;
}

void startTheWorld() {
  lock(&sched.lock);
  int32_t n = newprocs != 0 ? newprocs : gomaxprocs;
  newprocs = 0;
  p *runnable = procresize(n);
  __atomic_store_n(&gcwaiting, 0, __ATOMIC_SEQ_CST);
  unlock(&sched.lock);
  wakesysmon();
  while (runnable != nullptr) {
    p *pp = runnable;
    runnable = pp->link;
    pp->link = nullptr;
    m *nmp = pp->m_;
    pp->m_ = nullptr;
    if (nmp != nullptr) {
      if (nmp->nextp != nullptr) throw_("startTheWorld: inconsistent mp->nextp");
      nmp->nextp = pp;
      notewakeup(&nmp->park);
    } else {
      newm(nullptr, pp);
    }
  }
  releaseworld();
  wakep();
}

void checkStopTheWorldSlow() {
  g *gp = getg();
  m *mp = gp->m_;
  if (mp == nullptr || gp == mp->g0 || mp->locks != 0 || mp->p_ == nullptr) return;
  gopreempt();
}

namespace {
mutex paniclk; // held by the dying M until the process exits
} // namespace

void startpanic() {
  if (!lockaccounting) return; // before the thread pointer: one thread
  m *mp = getm();
  if (mp == nullptr || mp->dying++ > 0) return;
  lock(&paniclk);
}

void lockacquired() {
  if (lockaccounting) getm()->locks++;
}
void lockreleased() {
  if (lockaccounting) getm()->locks--;
}

// runtime.GOMAXPROCS(n): the old value; n > 0 changes it, with the world stopped.
extern "C" int64_t GOMAXPROCS(int64_t n) {
  int32_t ret = __atomic_load_n(&gomaxprocs, __ATOMIC_ACQUIRE);
  if (n <= 0 || n == ret) return ret;
  if (n > maxgomaxprocs) n = maxgomaxprocs;
  withstack(schedStackBytes, [n] {
    stopTheWorld();
    newprocs = static_cast<int32_t>(n);
    startTheWorld();
  });
  return ret;
}

extern "C" int64_t NumCPU() { return ncpu; }

// ---- Locked goroutines ----
//
// A goroutine locked to its M (LockOSThread) runs only there, and the M runs nothing
// else: when the goroutine blocks, the M hands its P off and sleeps (stoplockedm); when
// another M's scheduler picks the goroutine, it gives its P to the locked M and parks
// (startlockedm). The user's calls nest (lockedExt); the runtime locks the main goroutine
// during package initialisation (lockedInt), so an init that calls LockOSThread keeps
// main.main on the main thread. A goroutine that exits while locked takes its thread
// with it (mexit), as in gc: it may have left the thread in a state nobody else wants.

namespace {

void dolockOSThread() {
  g *gp = getg();
  m *mp = gp->m_;
  mp->lockedg = gp;
  gp->lockedm = mp;
}

void dounlockOSThread() {
  g *gp = getg();
  m *mp = gp->m_;
  if (mp->lockedInt != 0 || mp->lockedExt != 0) return;
  mp->lockedg = nullptr;
  gp->lockedm = nullptr;
}

// The runtime's own lock (package initialisation). Go: lockOSThread, unlockOSThread.
void lockOSThread() {
  getm()->lockedInt++;
  dolockOSThread();
}

void unlockOSThread() {
  m *mp = getm();
  if (mp->lockedInt == 0) throw_("runtime: internal error: misuse of lockOSThread/unlockOSThread");
  mp->lockedInt--;
  dounlockOSThread();
}

// incidlelocked counts locked Ms waiting for their goroutine as idle for checkdead. Go:
// incidlelocked.
void incidlelocked(int32_t v) {
  lock(&sched.lock);
  sched.nmidlelocked += v;
  if (v > 0) checkdead();
  unlock(&sched.lock);
}

// stoplockedm: the locked M's goroutine is not running; the P goes to another M and this
// one sleeps until startlockedm hands it a P to run the goroutine on. Go: stoplockedm.
void stoplockedm() {
  m *mp = getm();
  if (mp->lockedg == nullptr || mp->lockedg->lockedm != mp)
    throw_("stoplockedm: inconsistent locking");
  if (mp->p_ != nullptr) {
    p *pp = releasep();
    handoffp(pp);
  }
  incidlelocked(1);
  notesleep(&mp->park);
  noteclear(&mp->park);
  p *pp = mp->nextp;
  mp->nextp = nullptr;
  acquirep(pp);
}

// startlockedm: gp, locked to another M, was picked to run here: its M gets this P and
// this M parks. Go: startlockedm.
void startlockedm(g *gp) {
  m *lm = gp->lockedm;
  if (lm == getm()) throw_("startlockedm: locked to me");
  if (lm->nextp != nullptr) throw_("startlockedm: m has p");
  incidlelocked(-1);
  p *pp = releasep();
  lm->nextp = pp;
  notewakeup(&lm->park);
  stopm();
}

// mexit ends the current M, whose locked goroutine exited: its P is handed off and the
// thread exits; allocm reuses the M (and frees its stacks) once the thread is gone. The
// main thread only parks forever (its exit would end the process on some systems). Runs
// on g0. Go: mexit.
[[noreturn]] void mexit(m *mp) {
  p *pp = releasep();
  handoffp(pp);
  lock(&sched.lock);
  sched.nmfreed++;
  checkdead();
  if (mp == &m0) {
    unlock(&sched.lock);
    notesleep(&mp->park);
    throw_("locked m0 woke up");
  }
  __atomic_store_n(&mp->freewait, 1, __ATOMIC_RELEASE);
  mp->freelink = sched.freem;
  sched.freem = mp;
  unlock(&sched.lock);
  exitThread(mp);
}

} // namespace

extern "C" void LockOSThread() {
  m *mp = getm();
  mp->lockedExt++;
  if (mp->lockedExt == 0) {
    mp->lockedExt--;
    fatal("LockOSThread nesting overflow");
  }
  dolockOSThread();
}

extern "C" void UnlockOSThread() {
  m *mp = getm();
  if (mp->lockedExt == 0) return;
  mp->lockedExt--;
  dounlockOSThread();
}

// ---- System calls ----
//
// A goroutine about to make a system call that may block calls entersyscall: its P stays
// with the M but in state syscall, owned by nobody. If the call returns soon, exitsyscall
// takes the P back (a compare-and-swap, no lock). If it blocks, sysmon's retake hands the
// P to another M after one of its ticks (20 us to 10 ms) when the P has work or no M is
// spinning or idle to pick up new work, and a stopper of the world takes it as stopped;
// exitsyscall then takes any idle P or, with none, queues the goroutine and parks the M.
//
// The goroutine counts as stopped for the collector: it is scanned from the sp of
// entersyscall's caller, and the callee-saved registers at entersyscall (the caller's
// values that live across the call in registers) are copied into the g record, which is
// scanned too. Between the two calls the goroutine must not allocate, grow its stack (a
// new segment would leave the recorded sp behind) or hold a pointer it did not hold at
// entersyscall (gc's rules for the code between them: nosplit, no write barriers).

namespace {

// The callee-saved registers entersyscall's stub saves, in words: amd64 rbp rbx r12-r15
// (windows: rsi rdi too), arm64 x19-x29, riscv64 s0-s11.
#if defined(GOARCH_amd64) && defined(GOOS_windows)
constexpr uintptr_t syscallsavewords = 8;
#elif defined(GOARCH_amd64)
constexpr uintptr_t syscallsavewords = 6;
#elif defined(GOARCH_arm64)
constexpr uintptr_t syscallsavewords = 12; // x29 x30 x19-x28
#elif defined(GOARCH_riscv64)
constexpr uintptr_t syscallsavewords = 14; // s1-s11 (pad) s0 ra
#endif
static_assert(syscallsavewords <= sizeof(g::syscallregs) / sizeof(uintptr_t));

// entersyscall_gcwait: a stopper of the world is waiting; the P, just put in syscall,
// counts as stopped. Go: entersyscall_gcwait.
void entersyscall_gcwait(m *mp) {
  p *pp = mp->oldp;
  lock(&sched.lock);
  auto *st = reinterpret_cast<uint32_t *>(&pp->status);
  uint32_t old = static_cast<uint32_t>(pstatus::syscall);
  if (sched.stopwait > 0 &&
      __atomic_compare_exchange_n(st, &old, static_cast<uint32_t>(pstatus::gcstop), false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
    __atomic_fetch_add(&pp->syscalltick, 1, __ATOMIC_RELAXED);
    if (--sched.stopwait == 0) notewakeup(&sched.stopnote);
  }
  unlock(&sched.lock);
}

// handoffp gives pp, which its M released (a system call, a locked M waiting), to an M if
// there is work for it or nobody is left to look for work; else it goes idle (or stops,
// if the world is stopping). Runs on any M, without sched.lock. Go: handoffp.
void handoffp(p *pp) {
  if (!runqempty(pp) || globrunqsize() != 0) {
    startm(pp, false);
    return;
  }
  // No M spinning or idle: this one looks for work in its place.
  int32_t zero = 0;
  if (__atomic_load_n(&sched.nmspinning, __ATOMIC_SEQ_CST) +
              __atomic_load_n(&sched.npidle, __ATOMIC_SEQ_CST) ==
          0 &&
      __atomic_compare_exchange_n(&sched.nmspinning, &zero, 1, false, __ATOMIC_SEQ_CST,
                                  __ATOMIC_RELAXED)) {
    startm(pp, true);
    return;
  }
  lock(&sched.lock);
  if (__atomic_load_n(&gcwaiting, __ATOMIC_ACQUIRE) != 0) {
    storepstatus(&pp->status, pstatus::gcstop);
    if (--sched.stopwait == 0) notewakeup(&sched.stopnote);
    unlock(&sched.lock);
    return;
  }
  if (sched.runq.size != 0) {
    unlock(&sched.lock);
    startm(pp, false);
    return;
  }
  // The last P going idle with a timer pending that no M waits for: this P's M waits
  // for it (gc: the last P wakes an M to poll the network).
  if (__atomic_load_n(&sched.npidle, __ATOMIC_SEQ_CST) == gomaxprocs - 1 &&
      __atomic_load_n(&sched.timerwaiter, __ATOMIC_SEQ_CST) == 0 && timeUntilNextTimer() >= 0) {
    unlock(&sched.lock);
    startm(pp, false);
    return;
  }
  pidleput(pp);
  unlock(&sched.lock);
}

// The P a goroutine leaving a system call may run on: its own if nobody took it, else
// an idle one. Go: exitsyscallfast.
bool exitsyscallfast(p *oldp) {
  if (oldp != nullptr && loadpstatus(&oldp->status) == pstatus::syscall &&
      casp(oldp, pstatus::syscall, pstatus::idle)) {
    acquirep(oldp);
    return true;
  }
  if (__atomic_load_n(&sched.npidle, __ATOMIC_SEQ_CST) > 0) {
    lock(&sched.lock);
    p *pp = pidleget();
    unlock(&sched.lock);
    if (pp != nullptr) {
      wakesysmon();
      acquirep(pp);
      return true;
    }
  }
  return false;
}

// exitsyscall0 runs on g0 for a goroutine whose system call outlived its P: an idle P
// runs it at once; with none it goes to the global queue and the M parks (a locked M
// waits for its goroutine instead). Go: exitsyscall0.
void exitsyscall0(g *gp) {
  m *mp = getm();
  setgstatus(gp, gstatus::runnable);
  gp->m_ = nullptr;
  mp->curg = nullptr;
  lock(&sched.lock);
  p *pp = __atomic_load_n(&gcwaiting, __ATOMIC_ACQUIRE) == 0 ? pidleget() : nullptr;
  bool locked = false;
  if (pp == nullptr) {
    sched.runq.push(gp);
    locked = gp->lockedm != nullptr;
  }
  unlock(&sched.lock);
  if (pp != nullptr) {
    wakesysmon();
    acquirep(pp);
    execute(gp);
    return;
  }
  if (locked) {
    stoplockedm();
    execute(mp->lockedg);
    return;
  }
  stopm();
}

// The first half of entersyscall, shared with entersyscallblock: the goroutine leaves
// the running state with its registers and sp recorded. Go: reentersyscall's start.
void savesyscallregs(g *gp, const uintptr_t *regs, uintptr_t callersp) {
  for (uintptr_t i = 0; i < syscallsavewords; i++)
    gp->syscallregs[i] = regs[i];
  gp->syscallsp = callersp;
  // The stub's frame: the return address and the caller's frame pointer.
#if defined(GOARCH_amd64) && defined(GOOS_windows)
  gp->syscallfp = regs[7];
  gp->syscallpc = regs[8];
#elif defined(GOARCH_amd64)
  gp->syscallfp = regs[5];
  gp->syscallpc = regs[6];
#elif defined(GOARCH_arm64)
  gp->syscallfp = regs[0];
  gp->syscallpc = regs[1];
#elif defined(GOARCH_riscv64)
  gp->syscallfp = regs[12];
  gp->syscallpc = regs[13];
#endif
  if (callersp < gp->stack.lo || callersp > gp->stack.hi) throw_("entersyscall inconsistent sp");
}

void savesyscall(g *gp, const uintptr_t *regs, uintptr_t callersp) {
  savesyscallregs(gp, regs, callersp);
  gp->schedsp = callersp;
  setgstatus(gp, gstatus::syscall);
}

// entersyscallblock_m runs on g0 (mcall) for a goroutine entering a blocking system
// call: the goroutine, its registers saved on its own stack by the switch, becomes a
// system-call goroutine, its P is handed off with g0's stack to spare, and it resumes on
// this M without a P. On the goroutine's stack the hand-off could need a segment of its
// own (withstack), which the collector, scanning from the recorded sp, would not see.
// Go: entersyscallblock's systemstack(entersyscallblock_handoff).
void entersyscallblock_m(g *gp) {
  m *mp = getm();
  setgstatus(gp, gstatus::syscall);
  p *pp = releasep();
  handoffp(pp);
  mp->curg = gp;
  setg(gp);
  racegoswitch(gp);
  gogo(&mp->g0->schedsp, gp->schedsp);
  // gp switched back here (exitsyscall0, maybe): schedloop takes its request.
}

} // namespace

// Called by entersyscall's stub with the callee-saved registers it pushed and the sp of
// its caller. Go: reentersyscall.
extern "C" void entersyscall1(const uintptr_t *regs, uintptr_t callersp)
    GOSYM("runtime.entersyscall1");
extern "C" void entersyscall1(const uintptr_t *regs, uintptr_t callersp) {
  g *gp = getg();
  m *mp = gp->m_;
  mp->locks++;
  savesyscall(gp, regs, callersp);
  wakesysmon();
  p *pp = mp->p_;
  mp->syscalltick = pp->syscalltick;
  __atomic_store_n(&pp->m_, nullptr, __ATOMIC_RELEASE);
  mp->oldp = pp;
  mp->p_ = nullptr;
  storepstatus(&pp->status, pstatus::syscall);
  if (__atomic_load_n(&gcwaiting, __ATOMIC_ACQUIRE) != 0) entersyscall_gcwait(mp);
  mp->locks--;
}

// entersyscallblock's: the P is handed off at once. Go: entersyscallblock.
extern "C" void entersyscallblock1(const uintptr_t *regs, uintptr_t callersp)
    GOSYM("runtime.entersyscallblock1");
extern "C" void entersyscallblock1(const uintptr_t *regs, uintptr_t callersp) {
  g *gp = getg();
  m *mp = gp->m_;
  mp->locks++;
  savesyscallregs(gp, regs, callersp);
  mp->syscalltick = mp->p_->syscalltick;
  mcall(entersyscallblock_m);
  // In the system call, on the same M, without a P; scanned from the caller's sp (the
  // switch's save area below it is reused from here on).
  gp->schedsp = callersp;
  mp->locks--;
}

extern "C" void exitsyscall() {
  g *gp = getg();
  m *mp = gp->m_;
  mp->locks++;
  p *oldp = mp->oldp;
  mp->oldp = nullptr;
  if (exitsyscallfast(oldp)) {
    __atomic_fetch_add(&mp->p_->syscalltick, 1, __ATOMIC_RELAXED);
    gp->syscallsp = 0;
    setgstatus(gp, gstatus::running);
    mp->locks--;
    return;
  }
  mp->locks--;
  mcall(exitsyscall0);
  // Running again, with a P, maybe on another M.
  gp->syscallsp = 0;
  __atomic_fetch_add(&gp->m_->p_->syscalltick, 1, __ATOMIC_RELAXED);
}

// runtime.entersyscall and runtime.entersyscallblock: push the callee-saved registers,
// call the C++ half with their address and the caller's sp, return. Both are called
// with the caller's registers as they are, so the compiler must not touch them first.
#define SYSSYM(s) TALPA_STR(__USER_LABEL_PREFIX__) s
#if defined(GOOS_darwin)
#define SYSFUNC(name) ".globl " SYSSYM(name) "\n.p2align 4\n" SYSSYM(name) ":\n"
#define SYSEND(name)
#elif defined(GOOS_windows)
#define SYSFUNC(name)                                                                              \
  ".globl " SYSSYM(name) "\n.def " SYSSYM(name) "; .scl 2; .type 32; .endef\n.p2align 4\n" SYSSYM( \
      name) ":\n"
#define SYSEND(name)
#else
#define SYSFUNC(name) ".globl " name "\n.type " name ", %function\n.p2align 4\n" name ":\n"
#define SYSEND(name) ".size " name ", .-" name "\n"
#endif

#if defined(GOARCH_amd64) && defined(GOOS_windows)
#define SYSSTUB(name, impl)                                                                        \
  __asm__(".text\n" SYSFUNC(name) "  pushq %rbp\n"                                                 \
                                  "  movq %rsp, %rbp\n"                                            \
                                  "  pushq %rbx\n"                                                 \
                                  "  pushq %rsi\n"                                                 \
                                  "  pushq %rdi\n"                                                 \
                                  "  pushq %r12\n"                                                 \
                                  "  pushq %r13\n"                                                 \
                                  "  pushq %r14\n"                                                 \
                                  "  pushq %r15\n"                                                 \
                                  "  movq %rsp, %rcx\n"                                            \
                                  "  leaq 16(%rbp), %rdx\n"                                        \
                                  "  subq $40, %rsp\n"                                             \
                                  "  callq " SYSSYM(impl) "\n"                                     \
                                                          "  movq %rbp, %rsp\n"                    \
                                                          "  popq %rbp\n"                          \
                                                          "  ret\n" SYSEND(name))
#elif defined(GOARCH_amd64)
#define SYSSTUB(name, impl)                                                                        \
  __asm__(".text\n" SYSFUNC(name) "  pushq %rbp\n"                                                 \
                                  "  movq %rsp, %rbp\n"                                            \
                                  "  pushq %rbx\n"                                                 \
                                  "  pushq %r12\n"                                                 \
                                  "  pushq %r13\n"                                                 \
                                  "  pushq %r14\n"                                                 \
                                  "  pushq %r15\n"                                                 \
                                  "  movq %rsp, %rdi\n"                                            \
                                  "  leaq 16(%rbp), %rsi\n"                                        \
                                  "  subq $8, %rsp\n"                                              \
                                  "  callq " SYSSYM(impl) "\n"                                     \
                                                          "  movq %rbp, %rsp\n"                    \
                                                          "  popq %rbp\n"                          \
                                                          "  ret\n" SYSEND(name))
#elif defined(GOARCH_arm64)
#define SYSSTUB(name, impl)                                                                        \
  __asm__(".text\n" SYSFUNC(name) "  stp x29, x30, [sp, #-96]!\n"                                  \
                                  "  mov x29, sp\n"                                                \
                                  "  stp x19, x20, [sp, #16]\n"                                    \
                                  "  stp x21, x22, [sp, #32]\n"                                    \
                                  "  stp x23, x24, [sp, #48]\n"                                    \
                                  "  stp x25, x26, [sp, #64]\n"                                    \
                                  "  stp x27, x28, [sp, #80]\n"                                    \
                                  "  mov x0, sp\n"                                                 \
                                  "  add x1, sp, #96\n"                                            \
                                  "  bl " SYSSYM(impl) "\n"                                        \
                                                       "  ldp x29, x30, [sp], #96\n"               \
                                                       "  ret\n" SYSEND(name))
#elif defined(GOARCH_riscv64)
#define SYSSTUB(name, impl)                                                                        \
  __asm__(".text\n" SYSFUNC(name) "  addi sp, sp, -112\n"                                          \
                                  "  sd s1, 0(sp)\n"                                               \
                                  "  sd s2, 8(sp)\n"                                               \
                                  "  sd s3, 16(sp)\n"                                              \
                                  "  sd s4, 24(sp)\n"                                              \
                                  "  sd s5, 32(sp)\n"                                              \
                                  "  sd s6, 40(sp)\n"                                              \
                                  "  sd s7, 48(sp)\n"                                              \
                                  "  sd s8, 56(sp)\n"                                              \
                                  "  sd s9, 64(sp)\n"                                              \
                                  "  sd s10, 72(sp)\n"                                             \
                                  "  sd s11, 80(sp)\n"                                             \
                                  "  sd s0, 96(sp)\n"                                              \
                                  "  sd ra, 104(sp)\n"                                             \
                                  "  addi s0, sp, 112\n"                                           \
                                  "  mv a0, sp\n"                                                  \
                                  "  addi a1, sp, 112\n"                                           \
                                  "  call " SYSSYM(impl) "\n"                                      \
                                                         "  ld s0, 96(sp)\n"                       \
                                                         "  ld ra, 104(sp)\n"                      \
                                                         "  addi sp, sp, 112\n"                    \
                                                         "  ret\n" SYSEND(name))
#else
#error "proc.cpp: no entersyscall for this GOARCH"
#endif

SYSSTUB("runtime.entersyscall", "runtime.entersyscall1");
SYSSTUB("runtime.entersyscallblock", "runtime.entersyscallblock1");

// ---- Preemption and sysmon ----

// The OS layer's asynchronous preemption (h-preempt); without it, preemption waits for
// the goroutine's next prologue check or safe point.
__attribute__((weak)) bool preemptMSupported = false;
__attribute__((weak)) void preemptM(m *mp) { (void)mp; }

bool preemptone(p *pp) {
  m *mp = __atomic_load_n(&pp->m_, __ATOMIC_ACQUIRE);
  if (mp == nullptr || mp == getm()) return false;
  g *gp = __atomic_load_n(&mp->curg, __ATOMIC_ACQUIRE);
  if (gp == nullptr || gp == mp->g0) return false;
  __atomic_store_n(&gp->preempt, true, __ATOMIC_RELAXED);
  __atomic_store_n(&gp->stackguard0, uintptr_t(talpa::abi::stackguard::stackPreempt),
                   __ATOMIC_RELAXED);
  if (preemptMSupported) preemptM(mp);
  return true;
}

namespace {

// A goroutine running longer than this is asked to yield. Go: forcePreemptNS.
constexpr int64_t forcePreemptNS = 10000000;

// retake asks every P that has run the same goroutine for more than 10 ms to preempt
// it, and hands off every P blocked in a system call since sysmon's last tick if it has
// work or nobody else would look for work (after 10 ms in any case, so that sysmon may
// sleep deeply). Returns the number of Ps asked or handed off. Go: retake.
uint32_t retake(int64_t now) {
  uint32_t n = 0;
  int32_t np = __atomic_load_n(&gomaxprocs, __ATOMIC_ACQUIRE);
  for (int32_t i = 0; i < np; i++) {
    p *pp = __atomic_load_n(&allp[i], __ATOMIC_ACQUIRE);
    if (pp == nullptr) continue;
    pstatus s = loadpstatus(&pp->status);
    if (s != pstatus::running && s != pstatus::syscall) continue;
    bool sysretake = false;
    uint32_t t = __atomic_load_n(&pp->schedtick, __ATOMIC_RELAXED);
    if (pp->sysmontick != t) {
      pp->sysmontick = t;
      pp->sysmonwhen = now;
    } else if (pp->sysmonwhen + forcePreemptNS <= now) {
      if (preemptone(pp)) n++;
      pp->sysmonwhen = now; // ask again in 10 ms at the earliest
      sysretake = true;     // a P in a system call has no M to preempt
    }
    if (s != pstatus::syscall) continue;
    uint32_t st = __atomic_load_n(&pp->syscalltick, __ATOMIC_RELAXED);
    if (!sysretake && pp->sysmonsyscalltick != st) {
      pp->sysmonsyscalltick = st;
      pp->sysmonsyscallwhen = now;
      continue;
    }
    if (runqempty(pp) &&
        __atomic_load_n(&sched.nmspinning, __ATOMIC_SEQ_CST) +
                __atomic_load_n(&sched.npidle, __ATOMIC_SEQ_CST) >
            0 &&
        pp->sysmonsyscallwhen + 10000000 > now)
      continue;
    // Until the P has an M again, count one more M as running: the M in the system call
    // may come back meanwhile, find no P, park and leave checkdead seeing every M idle
    // with its goroutine runnable. Go: retake's incidlelocked(-1) / (1).
    incidlelocked(-1);
    if (casp(pp, pstatus::syscall, pstatus::idle)) {
      n++;
      __atomic_fetch_add(&pp->syscalltick, 1, __ATOMIC_RELAXED);
      handoffp(pp);
    }
    incidlelocked(1);
  }
  return n;
}

// sysmon watches the Ps from an M of its own, without a P: it sleeps 20 us, doubling
// after a millisecond of nothing to do up to 10 ms, preempts long-running goroutines
// (retake) and starts an M for an overdue timer nobody waits for. When every P is idle
// it sleeps until startTheWorld or wakep wakes it (or the next timer). Go: sysmon.
[[noreturn]] void sysmon() {
  int64_t delay = 0;
  uint32_t idle = 0;
  for (;;) {
    if (idle == 0) {
      delay = 20000;
    } else if (idle > 50) {
      delay *= 2;
    }
    if (delay > 10000000) delay = 10000000;
    osleep(delay);
    int64_t now = nanotime();
    if (__atomic_load_n(&gcwaiting, __ATOMIC_ACQUIRE) != 0 ||
        __atomic_load_n(&sched.npidle, __ATOMIC_ACQUIRE) ==
            __atomic_load_n(&gomaxprocs, __ATOMIC_ACQUIRE)) {
      lock(&sched.lock);
      bool sleep = __atomic_load_n(&gcwaiting, __ATOMIC_ACQUIRE) != 0 || sched.npidle == gomaxprocs;
      if (sleep) __atomic_store_n(&sched.sysmonwait, 1, __ATOMIC_SEQ_CST);
      unlock(&sched.lock);
      if (sleep) {
        int64_t wait = timeUntilNextTimer();
        if (wait < 0 || wait > 30000000000) wait = 30000000000;
        notetsleep(&sched.sysmonnote, wait);
        lock(&sched.lock);
        __atomic_store_n(&sched.sysmonwait, 0, __ATOMIC_SEQ_CST);
        noteclear(&sched.sysmonnote);
        unlock(&sched.lock);
        idle = 0;
        delay = 20000;
        now = nanotime();
      }
    }
    // An overdue timer with every P idle and no M waiting for it: start one.
    if (timeUntilNextTimer() == 0 && __atomic_load_n(&sched.timerwaiter, __ATOMIC_SEQ_CST) == 0 &&
        __atomic_load_n(&sched.npidle, __ATOMIC_SEQ_CST) ==
            __atomic_load_n(&gomaxprocs, __ATOMIC_ACQUIRE) &&
        __atomic_load_n(&gcwaiting, __ATOMIC_ACQUIRE) == 0) {
      startm(nullptr, false);
    }
    if (retake(now) != 0) {
      idle = 0;
    } else {
      idle++;
    }
  }
}

void wakesysmon() {
  if (__atomic_load_n(&sched.sysmonwait, __ATOMIC_SEQ_CST) == 0) return;
  lock(&sched.lock);
  if (__atomic_load_n(&sched.sysmonwait, __ATOMIC_SEQ_CST) != 0) {
    __atomic_store_n(&sched.sysmonwait, 0, __ATOMIC_SEQ_CST);
    notewakeup(&sched.sysmonnote);
  }
  unlock(&sched.lock);
}

} // namespace

void wakeTimerWaiter() {
  if (__atomic_load_n(&sched.timerwaiter, __ATOMIC_SEQ_CST) == 0) return;
  __atomic_fetch_add(&sched.timerwake, 1, __ATOMIC_SEQ_CST);
  futexwakeup(&sched.timerwake, 1);
}

[[noreturn]] void mstart(m *mp) {
  racecurrentfiber(mp->g0);
  minit(mp);
  if (mp->mstartfn != nullptr) {
    mp->mstartfn();
    throw_("mstart: start function returned");
  }
  p *pp = mp->nextp;
  mp->nextp = nullptr;
  if (pp == nullptr) {
    stopm();
  } else {
    acquirep(pp);
  }
  schedloop(mp);
}

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
  lock(&allglock);
  s->alllink = allsudogs;
  __atomic_store_n(&allsudogs, s, __ATOMIC_RELEASE);
  unlock(&allglock);
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
  switch (readgstatus(gp)) {
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
  if (readgstatus(gp) == gstatus::waiting && gp->waitreason != waitReason::zero)
    status = waitReasonString(gp->waitreason);
  printcstr("goroutine ");
  printuint64(static_cast<uint64_t>(gp->goid));
  printcstr(" [");
  printcstr(status);
  if (readgstatus(gp) == gstatus::waiting && gp->waitsince != 0) {
    int64_t minutes = (nanotime() - gp->waitsince) / 60000000000;
    if (minutes >= 1) {
      printcstr(", ");
      printuint64(static_cast<uint64_t>(minutes));
      printcstr(" minutes");
    }
  }
  printcstr("]:\n");
}

// Goroutines in creation order, as gc's allgs: from the oldest (the list's tail) back
// through allprev to the head seen at the start (goroutines made meanwhile are left out).
// No recursion: g0's stack is fixed and there may be a million goroutines.
void tracebackothers(g *skip) {
  g *head = __atomic_load_n(&allgs, __ATOMIC_ACQUIRE);
  g *oldest = head;
  while (oldest != nullptr && oldest->alllink != nullptr)
    oldest = oldest->alllink;
  for (g *gp = oldest; gp != nullptr; gp = gp == head ? nullptr : gp->allprev) {
    if (gp == skip || readgstatus(gp) == gstatus::dead || gp == m0.g0) continue;
    if (isSystemGoroutine(gp, false)) continue; // the finalizer goroutine, idle (mfinal.cpp)
    printcstr("\n");
    goroutineheader(gp);
    if (readgstatus(gp) == gstatus::running || readgstatus(gp) == gstatus::syscall) {
      // On another M: its saved context is stale. Go: the same words.
      printcstr("\tgoroutine running on other thread; stack unavailable\n");
    } else {
      tracebackg(gp);
    }
    printcreatedby(gp);
  }
}

void throwtraceback() {
  if (!lockaccounting) return;
  m *mp = getm();
  // dying is 1 for the first report on this M: a fault or a throw while the dump walks
  // a stack comes back here with 2 and ends the program with what is printed.
  if (mp == nullptr || mp->dying != 1) return;
  g *gp = getg();
  if (gp == nullptr || gp == mp->g0 || gp != mp->curg) return;
  printcstr("\n");
  goroutineheader(gp);
  // With room for the walk (windows: a CONTEXT per unwound frame) wherever the throw is.
  withstack(tracebackStackBytes, [] { traceback(nullptr); });
  printcreatedby(gp);
  tracebackothers(gp);
}

// ---- Start-up ----

void schedinit() {
  m0.g0 = &g0;
  m0.id = 0;
  m0.p_ = &p0;
  p0.m_ = &m0;
  p0.id = 0;
  p0.status = pstatus::running;
  p0.mcache_ = &mcache0;
  allp[0] = &p0;
  allm = &m0;
  sched.mnext = 1;
  gomaxprocs = 1;
  g0.m_ = &m0;
  g0.goid = 0;
  setgstatus(&g0, gstatus::running);
  g0.alllink = nullptr;
  g0.allprev = nullptr;
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
  racenewfiber(&g0);
  racecurrentfiber(gp);

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
  setgstatus(gp, gstatus::running);
  allgadd(gp);
  // gc numbers its system goroutines 2 to 4; user goroutines start at 5 as there.
  sched.goidgen = firstusergoid - 1;
  mp->curg = gp;
  // The thread pointer again: on windows this is a new thread (startmain).
  mp->tls.curg = gp;
  settls(&mp->tls);
  // m0's thread id (and windows handle) for preemptM; newosproc's Ms do this in mstart.
  minit(mp);
}

namespace {

// The number of Ps to start with: $GOMAXPROCS if it is a positive number, else the
// CPUs the process may use. Go: the procs computation of schedinit.
int32_t initialprocs() {
  int32_t procs = ncpu;
  if (const uint8_t *e = gogetenv("GOMAXPROCS"); e != nullptr && *e != 0) {
    int64_t n = 0;
    for (; *e >= '0' && *e <= '9' && n <= maxgomaxprocs; e++)
      n = n * 10 + (*e - '0');
    if (*e == 0 && n > 0) procs = static_cast<int32_t>(n);
  }
  if (procs > maxgomaxprocs) procs = maxgomaxprocs;
  return procs;
}

} // namespace

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
  // The Ps, then sysmon: from here on there may be several Ms. Go: procresize in
  // schedinit, newm(sysmon) in runtime.main.
  lock(&sched.lock);
  p *runnable = procresize(initialprocs());
  unlock(&sched.lock);
  if (runnable != nullptr) throw_("schedmain: runnable Ps before main");
  mainstarted = true;
  newm(sysmon, nullptr);
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
  lockaccounting = true;
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
