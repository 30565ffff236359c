// The scheduler's run queues (proc.cpp): runnext, the 256-entry local queue and its
// overflow into the global queue, and the goroutine dump's header.
#include <gtest/gtest.h>

#include <vector>

#include "os_host.h"
#include "proc.h"

namespace runtime {
namespace {

// Fresh g records (never run) and an empty P, the global queue emptied after each test.
class RunQueue : public ::testing::Test {
protected:
  void TearDown() override {
    while (sched.runq.pop() != nullptr) {
    }
  }
  g *newg(int64_t id) {
    gs.push_back(g{});
    gs.back().goid = id;
    return &gs.back();
  }
  std::vector<g> gs = std::vector<g>();
  p pp{};

public:
  RunQueue() { gs.reserve(1000); }
};

TEST_F(RunQueue, FifoOrder) {
  for (int i = 0; i < 10; i++)
    runqput(&pp, newg(i), false);
  EXPECT_EQ(runqsize(&pp), 10u);
  for (int i = 0; i < 10; i++) {
    g *gp = runqget(&pp);
    ASSERT_NE(gp, nullptr);
    EXPECT_EQ(gp->goid, i);
  }
  EXPECT_EQ(runqget(&pp), nullptr);
  EXPECT_TRUE(runqempty(&pp));
}

TEST_F(RunQueue, RunnextFirstAndKickedToTail) {
  runqput(&pp, newg(1), false);
  runqput(&pp, newg(2), true);
  runqput(&pp, newg(3), true); // 2 goes to the queue's tail
  EXPECT_EQ(runqget(&pp)->goid, 3);
  EXPECT_EQ(runqget(&pp)->goid, 1);
  EXPECT_EQ(runqget(&pp)->goid, 2);
  EXPECT_EQ(runqget(&pp), nullptr);
}

TEST_F(RunQueue, OverflowMovesHalfToGlobal) {
  for (int i = 0; i < 256; i++)
    runqput(&pp, newg(i), false);
  EXPECT_EQ(sched.runq.size, 0);
  runqput(&pp, newg(256), false);
  // Half of the full queue (the oldest 128) and the new one moved, in order.
  EXPECT_EQ(sched.runq.size, 129);
  EXPECT_EQ(runqsize(&pp), 128u);
  EXPECT_EQ(runqget(&pp)->goid, 128);
  for (int i = 0; i < 128; i++)
    EXPECT_EQ(sched.runq.pop()->goid, i);
  EXPECT_EQ(sched.runq.pop()->goid, 256);
  EXPECT_EQ(sched.runq.pop(), nullptr);
}

TEST_F(RunQueue, WrapsAround) {
  int next = 0, want = 0;
  for (int round = 0; round < 5; round++) {
    for (int i = 0; i < 200; i++)
      runqput(&pp, newg(next++ % 1000), false);
    for (int i = 0; i < 200; i++)
      EXPECT_EQ(runqget(&pp)->goid, want++ % 1000);
    gs.clear();
  }
  EXPECT_TRUE(runqempty(&pp));
  EXPECT_EQ(sched.runq.size, 0);
}

TEST(GoroutineHeader, WaitReasons) {
  g gp{};
  gp.goid = 17;
  gp.status = gstatus::waiting;
  gp.waitreason = waitReason::chanreceive;
  hostos::startCapture();
  goroutineheader(&gp);
  gp.waitreason = waitReason::selectnocases;
  goroutineheader(&gp);
  gp.status = gstatus::runnable;
  goroutineheader(&gp);
  std::string out;
  for (const hostos::Write &w : hostos::stopCapture())
    out += w.bytes;
  EXPECT_EQ(out, "goroutine 17 [chan receive]:\ngoroutine 17 [select (no cases)]:\n"
                 "goroutine 17 [runnable]:\n");
}

} // namespace
} // namespace runtime

// Goroutines for real, on the host: each scenario runs in a death test's child (the
// scheduler's state is global and a scenario ends the process), with the test thread as
// goroutine 1 and C++ closures standing in for compiled go statements.
namespace runtime {
namespace {

struct closure {
  void (*code)(void *);
  int64_t id;
};

void say(const char *s, int64_t a = -1, int64_t b = -1) {
  printcstr(s);
  if (a >= 0) {
    printcstr(" ");
    printuint64(static_cast<uint64_t>(a));
  }
  if (b >= 0) {
    printcstr(" ");
    printuint64(static_cast<uint64_t>(b));
  }
  printcstr("\n");
}

void startscheduler() {
  schedinit();
  mstart0(getg());
}

void worker(void *c) {
  int64_t id = static_cast<closure *>(c)->id;
  for (int64_t i = 0; i < 2; i++) {
    say("work", id, i);
    Gosched();
  }
}

// gc's order with one P: the newest goroutine runs first (runnext), a yielding one goes
// to the global queue's tail.
[[noreturn]] void goexitScenario() {
  startscheduler();
  static closure c1{worker, 1}, c2{worker, 2};
  NewProc(&c1);
  NewProc(&c2);
  say("goroutines", NumGoroutine());
  Goexit();
  say("not reached");
  exit(0);
}

TEST(SchedDeathTest, GoexitFromMainRunsTheOthersThenDies) {
  SKIP_UNDER_ASAN();
  EXPECT_EXIT(goexitScenario(), ::testing::ExitedWithCode(2),
              "^goroutines 3\nwork 2 0\nwork 1 0\nwork 2 1\nwork 1 1\n"
              "fatal error: no goroutines \\(main called runtime.Goexit\\) - deadlock!\n$");
}

void parker(void *c) {
  auto reason = static_cast<waitReason>(static_cast<closure *>(c)->id);
  gopark(nullptr, nullptr, reason);
  say("woken: bad");
}

[[noreturn]] void deadlockScenario() {
  startscheduler();
  static closure c1{parker, static_cast<int64_t>(waitReason::chanreceive)};
  static closure c2{parker, static_cast<int64_t>(waitReason::chansendnilchan)};
  NewProc(&c1);
  NewProc(&c2);
  gopark(nullptr, nullptr, waitReason::selectnocases);
  exit(0);
}

TEST(SchedDeathTest, AllAsleepIsADeadlock) {
  SKIP_UNDER_ASAN();
  EXPECT_EXIT(deadlockScenario(), ::testing::ExitedWithCode(2),
              "^fatal error: all goroutines are asleep - deadlock!\n\n"
              "goroutine 1 \\[select \\(no cases\\)\\]:\n\n"
              "goroutine 5 \\[chan receive\\]:\n\n"
              "goroutine 6 \\[chan send \\(nil chan\\)\\]:\n$");
}

g *sleeper;
int64_t parks;

bool recordpark(g *gp, void *arg) {
  sleeper = gp;
  parks++;
  return *static_cast<bool *>(arg);
}

void waiter(void *c) {
  static bool stay = true, resume = false;
  say("waiter parks", static_cast<closure *>(c)->id);
  gopark(recordpark, &resume, waitReason::sleep); // unlockf false: resumes at once
  say("waiter resumed at once");
  gopark(recordpark, &stay, waitReason::chanreceive);
  say("waiter woken");
}

// gopark's unlock function runs on g0 after the switch; goready puts the goroutine in
// runnext, so it runs at the waker's next yield.
[[noreturn]] void parkScenario() {
  startscheduler();
  static closure c{waiter, 7};
  NewProc(&c);
  Gosched();
  say("main: parks, goroutines", parks, NumGoroutine());
  goready(sleeper);
  say("main: readied");
  Gosched();
  say("main: goroutines", NumGoroutine());
  exit(0);
}

TEST(SchedDeathTest, ParkAndReady) {
  SKIP_UNDER_ASAN();
  EXPECT_EXIT(parkScenario(), ::testing::ExitedWithCode(0),
              "^waiter parks 7\nwaiter resumed at once\nmain: parks, goroutines 2 2\n"
              "main: readied\nwaiter woken\nmain: goroutines 1\n$");
}

int64_t finished;

void shortlived(void *) { finished++; }

// Dead goroutines are reused with their stacks: 10000 goroutines, at most 100 alive at
// a time, make at most 100 g records.
[[noreturn]] void reuseScenario() {
  startscheduler();
  static closure c{shortlived, 0};
  for (int round = 0; round < 100; round++) {
    for (int i = 0; i < 100; i++)
      NewProc(&c);
    // Main sits in the global queue, which every 61st schedule takes first (gc's
    // fairness rule): it may come back before all 100 have run.
    while (finished < (round + 1) * 100)
      Gosched();
  }
  int64_t records = 0;
  for (g *gp = allgs; gp != nullptr; gp = gp->alllink)
    records++;
  say("finished, records <= 102:", finished, records <= 102 ? 1 : 0);
  exit(0);
}

TEST(SchedDeathTest, DeadGoroutinesAreReused) {
  SKIP_UNDER_ASAN();
  EXPECT_EXIT(reuseScenario(), ::testing::ExitedWithCode(0),
              "^finished, records <= 102: 10000 1\n$");
}

} // namespace
} // namespace runtime

// Locks and notes between real threads (host pthreads standing in for Ms).
#include <thread>

namespace runtime {
namespace {

TEST(Lock, CountsExactlyUnderContention) {
  static mutex mu;
  static int64_t count;
  count = 0;
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; t++)
    ts.emplace_back([] {
      for (int i = 0; i < 100000; i++) {
        lock(&mu);
        count++;
        unlock(&mu);
      }
    });
  for (std::thread &t : ts)
    t.join();
  EXPECT_EQ(count, 400000);
  EXPECT_EQ(mu.key, 0u);
}

TEST(Note, SleepUntilWakeup) {
  static note n;
  static int64_t seen;
  noteclear(&n);
  seen = 0;
  std::thread sleeper([] {
    notesleep(&n);
    seen = __atomic_load_n(&seen, __ATOMIC_RELAXED) + 1;
  });
  EXPECT_FALSE(notetsleep(&n, 1000000)); // 1 ms: nobody woke it
  notewakeup(&n);
  sleeper.join();
  EXPECT_EQ(seen, 1);
  EXPECT_TRUE(notetsleep(&n, 0)); // stays woken until cleared
  noteclear(&n);
  EXPECT_FALSE(notetsleep(&n, 0));
}

TEST(LockDeathTest, UnlockOfUnlocked) {
  mutex mu{};
  EXPECT_EXIT(unlock(&mu), ::testing::ExitedWithCode(2), "fatal error: unlock of unlocked lock");
}

} // namespace
} // namespace runtime

// ---- Several Ms (h-threads) ----

namespace runtime {
namespace {

// Stealing: the owner puts and gets while thieves take halves of its queue (runqsteal)
// from other threads. Every goroutine is taken exactly once, none is lost or duplicated.
TEST(RunQueueSteal, EveryGoroutineTakenOnceUnderConcurrentSteals) {
  constexpr int n = 200000;
  static std::vector<g> gs;
  gs.assign(n, g{});
  static p owner, thief1, thief2;
  owner = p{};
  thief1 = p{};
  thief2 = p{};
  static std::vector<int> seen;
  seen.assign(n, 0);
  static int done;
  __atomic_store_n(&done, 0, __ATOMIC_RELAXED);
  auto record = [](g *gp) {
    __atomic_fetch_add(&seen[static_cast<size_t>(gp->goid)], 1, __ATOMIC_RELAXED);
  };
  auto thief = [record](p *mine) {
    while (__atomic_load_n(&done, __ATOMIC_ACQUIRE) == 0 || !runqempty(&owner)) {
      if (g *gp = runqsteal(mine, &owner, true); gp != nullptr) record(gp);
      for (g *gp = runqget(mine); gp != nullptr; gp = runqget(mine))
        record(gp);
    }
  };
  std::thread t1(thief, &thief1), t2(thief, &thief2);
  for (int i = 0; i < n; i++) {
    gs[static_cast<size_t>(i)].goid = i;
    runqput(&owner, &gs[static_cast<size_t>(i)], i % 3 == 0);
    if (i % 5 == 0) {
      if (g *gp = runqget(&owner); gp != nullptr) record(gp);
    }
  }
  __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
  for (g *gp = runqget(&owner); gp != nullptr; gp = runqget(&owner))
    record(gp);
  t1.join();
  t2.join();
  // A full queue spills half to the global queue.
  lock(&sched.lock);
  for (g *gp = sched.runq.pop(); gp != nullptr; gp = sched.runq.pop())
    record(gp);
  unlock(&sched.lock);
  int missing = 0, dup = 0;
  for (int i = 0; i < n; i++) {
    if (seen[static_cast<size_t>(i)] == 0) missing++;
    if (seen[static_cast<size_t>(i)] > 1) dup++;
  }
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(dup, 0);
}

int64_t counted;

void counter(void *) {
  for (int i = 0; i < 100; i++) {
    __atomic_fetch_add(&counted, 1, __ATOMIC_RELAXED);
    Gosched();
  }
}

// The whole scheduler on host threads: GOMAXPROCS(4) stops the world and starts Ms for
// the new Ps (host pthreads), 200 goroutines yield 100 times each across them, the main
// goroutine waits by yielding; then GOMAXPROCS(1) stops them again.
[[noreturn]] void threadsScenario() {
  startscheduler();
  say("prev", GOMAXPROCS(4));
  say("now", GOMAXPROCS(0));
  static closure c{counter, 0};
  for (int i = 0; i < 200; i++)
    NewProc(&c);
  while (__atomic_load_n(&counted, __ATOMIC_RELAXED) < 200 * 100)
    Gosched();
  while (NumGoroutine() > 1)
    Gosched();
  int64_t ms = 0;
  for (m *mp = allm; mp != nullptr; mp = mp->alllink)
    ms++;
  say("counted", counted);
  say("several Ms", ms > 1 ? 1 : 0);
  say("prev", GOMAXPROCS(1));
  exit(0);
}

TEST(SchedDeathTest, GoroutinesAcrossHostThreads) {
  SKIP_UNDER_ASAN();
  EXPECT_EXIT(threadsScenario(), ::testing::ExitedWithCode(0),
              "^prev 1\nnow 4\ncounted 20000\nseveral Ms 1\nprev 4\n$");
}

} // namespace
} // namespace runtime

// System calls and locked goroutines on host threads.
#include <unistd.h>

namespace runtime {
namespace {

int hostpipe[2];
int64_t readerdone;

void blockingReader(void *) {
  entersyscallblock();
  // Where a walk of this goroutine's frames starts while it is in the call: this frame.
  g *gp = getg();
  auto here = reinterpret_cast<uintptr_t>(&blockingReader);
  bool frame = gp->syscallfp == reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) &&
               gp->syscallpc > here && gp->syscallpc < here + 4096 &&
               gp->syscallsp <= gp->syscallfp;
  char c = 0;
  ssize_t n = ::read(hostpipe[0], &c, 1);
  exitsyscall();
  say(frame ? "frame recorded" : "frame wrong");
  say(n == 1 && c == 'x' ? "reader got x" : "reader failed");
  __atomic_store_n(&readerdone, 1, __ATOMIC_RELEASE);
}

// With one P a goroutine blocks in read(2) after entersyscallblock: its P goes to a new
// M at once, so main runs on and writes what the reader waits for; the reader, back
// without a P, waits in the global queue until main yields.
[[noreturn]] void syscallScenario() {
  startscheduler();
  if (::pipe(hostpipe) != 0) exit(3);
  static closure c{blockingReader, 0};
  NewProc(&c);
  Gosched();
  say("main runs while the reader blocks");
  if (::write(hostpipe[1], "x", 1) != 1) exit(3);
  while (__atomic_load_n(&readerdone, __ATOMIC_ACQUIRE) == 0)
    Gosched();
  int64_t ms = 0;
  for (m *mp = allm; mp != nullptr; mp = mp->alllink)
    ms++;
  say("Ms", ms);
  exit(0);
}

TEST(SchedDeathTest, BlockingSyscallHandsOffTheP) {
  SKIP_UNDER_ASAN();
  EXPECT_EXIT(syscallScenario(), ::testing::ExitedWithCode(0),
              "^main runs while the reader blocks\nframe recorded\nreader got x\nMs 2\n$");
}

int64_t lockedok, lockeddone, spins;

void spinner(void *) {
  while (__atomic_load_n(&lockeddone, __ATOMIC_ACQUIRE) == 0) {
    __atomic_fetch_add(&spins, 1, __ATOMIC_RELAXED);
    Gosched();
  }
}

// A locked goroutine runs on its M only, across yields, while others run on two Ps; when
// it exits locked its thread ends, and the next new M reuses the record.
void lockedWorker(void *) {
  LockOSThread();
  LockOSThread();
  UnlockOSThread(); // nested: still locked
  m *mine = getg()->m_;
  uint64_t tid = mine->procid;
  int64_t same = 0;
  for (int i = 0; i < 200; i++) {
    Gosched();
    if (getg()->m_ == mine && getg()->m_->procid == tid) same++;
  }
  __atomic_store_n(&lockedok, same, __ATOMIC_RELEASE);
  __atomic_store_n(&lockeddone, 1, __ATOMIC_RELEASE);
}

[[noreturn]] void lockedScenario() {
  startscheduler();
  GOMAXPROCS(2);
  static closure s{spinner, 0}, l{lockedWorker, 0};
  for (int i = 0; i < 4; i++)
    NewProc(&s);
  NewProc(&l);
  while (__atomic_load_n(&lockeddone, __ATOMIC_ACQUIRE) == 0 || NumGoroutine() > 1)
    Gosched();
  say("same M", __atomic_load_n(&lockedok, __ATOMIC_ACQUIRE));
  say("others ran", __atomic_load_n(&spins, __ATOMIC_RELAXED) > 200 ? 1 : 0);
  // The locked goroutine's thread is gone.
  int64_t freed = 0;
  for (int i = 0; i < 1000 && freed == 0; i++) {
    lock(&sched.lock);
    freed = sched.nmfreed;
    unlock(&sched.lock);
    if (freed == 0) osleep(1000000);
  }
  say("threads ended", freed);
  exit(0);
}

TEST(SchedDeathTest, LockedGoroutineKeepsItsThread) {
  SKIP_UNDER_ASAN();
  EXPECT_EXIT(lockedScenario(), ::testing::ExitedWithCode(0),
              "^same M 200\nothers ran 1\nthreads ended 1\n$");
}

} // namespace
} // namespace runtime
