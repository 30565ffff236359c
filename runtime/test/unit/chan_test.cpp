// Unit tests of runtime/chan.cpp, select.cpp and time.cpp through their runtime.def
// entry points, with one goroutine: buffered channels (FIFO order across wrap-around,
// len/cap), closing (buffered values drained first, then zero values), the non-blocking
// forms, selectgo's choice among ready cases (every ready case chosen, with roughly equal
// frequency), nil cases, the timer heap (order, deletion, periodic timers) and timeSleep.
// Operations that block run as goroutine 1 of a scheduler started in a death test's child
// (hostos::asGoroutine): deadlocks with gc's report, and sleeping.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "os_host.h"
#include "runtime.h"
#include "typedesc.h"

namespace {

using namespace runtime;
using namespace testtypes;
using ::testing::ExitedWithCode;

const chantype *chanOf(const _type *elem) {
  chantype t{};
  t.typ = basic(kinds::Chan | kinds::DirectIface, 8, nullptr, "chan", 8);
  t.elem = elem;
  t.dir = chandir::Both;
  return keep(t);
}

hchan *makechan(const _type *elem, int64_t size) {
  return static_cast<hchan *>(MakeChan(const_cast<chantype *>(chanOf(elem)), size));
}

class Chan : public ::testing::Test {
protected:
  void SetUp() override { alginit(); }
};
using ChanDeathTest = Chan;

TEST_F(Chan, BufferedFifoAcrossWrap) {
  hchan *c = makechan(int64Type(), 3);
  EXPECT_EQ(c->qcount, 0u);
  EXPECT_EQ(c->dataqsiz, 3u);
  int64_t next = 0, want = 0;
  for (int round = 0; round < 10; round++) {
    for (int i = 0; i < 2; i++) {
      int64_t v = next++;
      ChanSend1(c, &v);
    }
    EXPECT_EQ(c->qcount, 2u);
    for (int i = 0; i < 2; i++) {
      int64_t v = -1;
      EXPECT_EQ(ChanRecv2(c, &v), 1);
      EXPECT_EQ(v, want++);
    }
  }
}

TEST_F(Chan, CloseDrainsThenZero) {
  hchan *c = makechan(stringType(), 2);
  stringStruct a = *name("a"), b = *name("b");
  ChanSend1(c, &a);
  ChanSend1(c, &b);
  CloseChan(c);
  stringStruct got{};
  EXPECT_EQ(ChanRecv2(c, &got), 1);
  EXPECT_EQ(str(got), "a");
  EXPECT_EQ(ChanRecv2(c, &got), 1);
  EXPECT_EQ(str(got), "b");
  got = a;
  EXPECT_EQ(ChanRecv2(c, &got), 0);
  EXPECT_EQ(got.ptr, nullptr);
  EXPECT_EQ(got.len, 0);
  ChanRecv1(c, nullptr); // closed: returns at once
}

TEST_F(Chan, NonBlocking) {
  hchan *c = makechan(int64Type(), 1);
  int64_t v = 7;
  uint8_t ok = 9;
  EXPECT_EQ(SelectNbRecv(&v, c, &ok), 0);
  EXPECT_EQ(SelectNbSend(c, &v), 1);
  EXPECT_EQ(SelectNbSend(c, &v), 0); // full
  v = 0;
  EXPECT_EQ(SelectNbRecv(&v, c, &ok), 1);
  EXPECT_EQ(v, 7);
  EXPECT_EQ(ok, 1);
  hchan *u = makechan(int64Type(), 0);
  EXPECT_EQ(SelectNbSend(u, &v), 0); // no receiver waits
  EXPECT_EQ(SelectNbRecv(&v, u, nullptr), 0);
  CloseChan(u);
  v = 5;
  EXPECT_EQ(SelectNbRecv(&v, u, &ok), 1);
  EXPECT_EQ(v, 0);
  EXPECT_EQ(ok, 0);
  EXPECT_EQ(SelectNbSend(nullptr, &v), 0);
  EXPECT_EQ(SelectNbRecv(&v, nullptr, &ok), 0);
}

TEST_F(Chan, ZeroSizeElements) {
  const _type *empty = keep(basic(kinds::Struct, 0, MemEqual0, "struct {}"));
  hchan *c = makechan(empty, 1 << 20);
  for (int i = 0; i < 1000; i++)
    ChanSend1(c, nullptr);
  EXPECT_EQ(c->qcount, 1000u);
  EXPECT_EQ(ChanRecv2(c, nullptr), 1);
}

// selectgo with two ready receives and a ready send picks each about a third of the time.
TEST_F(Chan, SelectChoosesAmongReady) {
  hchan *a = makechan(int64Type(), 1000000), *b = makechan(int64Type(), 1000000);
  hchan *s = makechan(int64Type(), 1000000);
  for (int64_t i = 0; i < 3000; i++) {
    ChanSend1(a, &i);
    ChanSend1(b, &i);
  }
  int counts[3] = {};
  int64_t nexta = 0, nextb = 0;
  for (int i = 0; i < 3000; i++) {
    int64_t va = -1, vb = -1, out = i;
    scase cases[4] = {{s, &out}, {nullptr, nullptr}, {b, &vb}, {a, &va}};
    uint16_t order[8];
    uint8_t ok = 0;
    int64_t chosen = SelectGo(cases, order, 1, 3, 1, &ok);
    ASSERT_TRUE(chosen == 0 || chosen == 2 || chosen == 3) << chosen;
    counts[chosen == 0 ? 0 : chosen == 2 ? 1 : 2]++;
    if (chosen == 2) {
      EXPECT_EQ(ok, 1);
      EXPECT_EQ(vb, nextb++);
    } else if (chosen == 3) {
      EXPECT_EQ(ok, 1);
      EXPECT_EQ(va, nexta++);
    }
  }
  for (int k : counts) {
    EXPECT_GT(k, 800);
    EXPECT_LT(k, 1200);
  }
  EXPECT_EQ(static_cast<int64_t>(s->qcount), counts[0]);
}

TEST_F(Chan, SelectDefaultAndClosed) {
  hchan *a = makechan(int64Type(), 0);
  int64_t v = 3;
  scase cases[2] = {{a, &v}, {a, &v}};
  uint16_t order[4];
  uint8_t ok = 7;
  EXPECT_EQ(SelectGo(cases, order, 1, 1, 0, &ok), -1);
  CloseChan(a);
  scase recv[2] = {{nullptr, nullptr}, {a, &v}};
  EXPECT_EQ(SelectGo(recv, order, 0, 2, 1, &ok), 1);
  EXPECT_EQ(ok, 0);
  EXPECT_EQ(v, 0);
}

TEST_F(ChanDeathTest, Panics) {
  EXPECT_EXIT(CloseChan(nullptr), ExitedWithCode(2), "panic: close of nil channel");
  hchan *c = makechan(int64Type(), 1);
  CloseChan(c);
  EXPECT_EXIT(CloseChan(c), ExitedWithCode(2), "panic: close of closed channel");
  int64_t v = 1;
  EXPECT_EXIT(ChanSend1(c, &v), ExitedWithCode(2), "panic: send on closed channel");
  EXPECT_EXIT(makechan(int64Type(), -1), ExitedWithCode(2), "panic: makechan: size out of range");
  EXPECT_EXIT(makechan(int64Type(), int64_t(1) << 61), ExitedWithCode(2),
              "panic: makechan: size out of range");
}

// Each operation blocks goroutine 1 of a scheduler started in the child (parking needs
// one: hostos::asGoroutine) with no other goroutine to wake it.
TEST_F(ChanDeathTest, Deadlocks) {
  SKIP_UNDER_ASAN();
  hchan *c = makechan(int64Type(), 0);
  int64_t v = 1;
  using hostos::asGoroutine;
  EXPECT_EXIT(asGoroutine([&] { ChanSend1(c, &v); }), ExitedWithCode(2),
              "^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 "
              "\\[chan send\\]:\n$");
  EXPECT_EXIT(asGoroutine([&] { ChanRecv1(c, &v); }), ExitedWithCode(2),
              "goroutine 1 \\[chan receive\\]");
  EXPECT_EXIT(asGoroutine([&] { ChanRecv1(nullptr, &v); }), ExitedWithCode(2),
              "goroutine 1 \\[chan receive \\(nil chan\\)\\]");
  EXPECT_EXIT(asGoroutine([&] { ChanSend1(nullptr, &v); }), ExitedWithCode(2),
              "goroutine 1 \\[chan send \\(nil chan\\)\\]");
  EXPECT_EXIT(asGoroutine([] { Block(); }), ExitedWithCode(2),
              "goroutine 1 \\[select \\(no cases\\)\\]");
  scase cases[2] = {{c, &v}, {c, &v}};
  uint16_t order[4];
  EXPECT_EXIT(asGoroutine([&] { SelectGo(cases, order, 1, 1, 1, nullptr); }), ExitedWithCode(2),
              "goroutine 1 \\[select\\]");
  // A goroutine blocked too: both are reported, in creation order.
  EXPECT_EXIT(asGoroutine([&] {
                static hchan *d;
                d = c;
                static struct {
                  void (*code)(void *);
                } sender = {[](void *) {
                  int64_t w = 2;
                  ChanSend1(d, &w);
                }};
                NewProc(&sender);
                Gosched();
                ChanRecv1(makechan(int64Type(), 0), &v);
              }),
              ExitedWithCode(2),
              "^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 "
              "\\[chan receive\\]:\n\ngoroutine 5 \\[chan send\\]:\n$");
}

// ---- Timers ----

std::vector<int> fired;
void record(void *arg, uintptr_t seq) {
  fired.push_back(static_cast<int>(reinterpret_cast<uintptr_t>(arg)) * 1000 +
                  static_cast<int>(seq));
}

TEST(Timers, HeapOrderAndDelete) {
  EXPECT_EQ(timeUntilNextTimer(), -1);
  int64_t now = nanotime();
  std::mt19937 rng(1);
  std::vector<timer> ts(300);
  std::vector<int> order(ts.size());
  for (size_t i = 0; i < ts.size(); i++)
    order[i] = static_cast<int>(i);
  std::shuffle(order.begin(), order.end(), rng);
  for (int i : order) {
    timer &t = ts[static_cast<size_t>(i)];
    t = timer{};
    t.index = -1;
    t.when = now - 1000000 + i; // all due, ordered by i
    t.f = record;
    t.arg = reinterpret_cast<void *>(static_cast<uintptr_t>(i));
    addtimer(&t);
  }
  // Delete every third one (some before, some after others moved in the heap).
  for (size_t i = 0; i < ts.size(); i += 3)
    EXPECT_TRUE(deltimer(&ts[i]));
  EXPECT_FALSE(deltimer(&ts[0]));
  EXPECT_EQ(timeUntilNextTimer(), 0);
  fired.clear();
  checkTimers();
  std::vector<int> want;
  for (size_t i = 0; i < ts.size(); i++)
    if (i % 3 != 0) want.push_back(static_cast<int>(i) * 1000);
  EXPECT_EQ(fired, want);
  EXPECT_EQ(timeUntilNextTimer(), -1);
}

TEST(Timers, FutureAndPeriodic) {
  timer later{};
  later.index = -1;
  later.when = nanotime() + int64_t(3600) * 1000000000;
  later.f = record;
  addtimer(&later);
  int64_t d = timeUntilNextTimer();
  EXPECT_GT(d, int64_t(3500) * 1000000000);
  timer tick{};
  tick.index = -1;
  tick.when = nanotime() - 10;
  tick.period = int64_t(1000000000);
  tick.f = record;
  tick.seq = 7;
  addtimer(&tick);
  fired.clear();
  checkTimers();
  EXPECT_EQ(fired, std::vector<int>{7});
  EXPECT_GE(tick.index, 0); // still pending, a period later
  EXPECT_GT(tick.when, nanotime());
  EXPECT_TRUE(deltimer(&tick));
  EXPECT_TRUE(deltimer(&later));
  EXPECT_EQ(timeUntilNextTimer(), -1);
}

// timeSleep parks goroutine 1 on a timer; the scheduler, with nothing else to run,
// sleeps until it is due (hostos::asGoroutine, in a death test's child). Its report is
// the child's output.
TEST(TimersDeathTest, Sleep) {
  SKIP_UNDER_ASAN();
  EXPECT_EXIT(hostos::asGoroutine([] {
                int64_t t0 = nanotime();
                TimeSleep(2000000);
                int64_t slept = nanotime() - t0;
                TimeSleep(0);
                TimeSleep(-5);
                printcstr(slept >= 2000000 ? "slept enough" : "woke early");
                printcstr(timeUntilNextTimer() == -1 ? ", no timer left\n" : ", a timer left\n");
              }),
              ExitedWithCode(0), "^slept enough, no timer left\n$");
}

} // namespace

// ---- Channels across Ms (h-threads) ----

namespace {

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SKIP_STACK_SWITCHING() GTEST_SKIP() << "stack switching under ASan"
#endif
#endif
#ifndef SKIP_STACK_SWITCHING
#define SKIP_STACK_SWITCHING()
#endif

// A goroutine's closure: the code pointer first, then what it uses.
struct chanclosure {
  void (*fn)(void *);
  hchan *c;
  hchan *done;
  int64_t base;
};

int64_t received;

void producer(void *cl) {
  auto *k = static_cast<chanclosure *>(cl);
  for (int64_t i = 0; i < 2000; i++) {
    int64_t v = k->base + i;
    ChanSend1(k->c, &v);
  }
}

void consumer(void *cl) {
  auto *k = static_cast<chanclosure *>(cl);
  int64_t sum = 0;
  for (int64_t i = 0; i < 2000; i++) {
    int64_t v = 0;
    ChanRecv1(k->c, &v);
    sum += v;
  }
  __atomic_fetch_add(&received, sum, __ATOMIC_RELAXED);
  ChanSend1(k->done, &sum);
}

// Four producers and four consumers on an unbuffered and a buffered channel, with four
// Ps (host threads): every value arrives once, whichever M runs which goroutine.
[[noreturn]] void chanAcrossMs(int64_t size) {
  alginit();
  schedinit();
  mstart0(getg());
  GOMAXPROCS(4);
  hchan *c = makechan(int64Type(), size);
  hchan *done = makechan(int64Type(), 0);
  static chanclosure ps[4], cs[4];
  for (int i = 0; i < 4; i++) {
    ps[i] = {producer, c, done, int64_t(i) * 1000000};
    cs[i] = {consumer, c, done, 0};
    NewProc(&cs[i]);
    NewProc(&ps[i]);
  }
  int64_t total = 0;
  for (int i = 0; i < 4; i++) {
    int64_t v = 0;
    ChanRecv1(done, &v);
    total += v;
  }
  // sum over i of (i*1e6*2000 + 0+...+1999)
  int64_t want = 0;
  for (int64_t i = 0; i < 4; i++)
    want += i * 1000000 * 2000 + 1999 * 2000 / 2;
  printcstr(total == want && received == want ? "all received\n" : "wrong sum\n");
  runtime::exit(0);
}

TEST(ChanThreadsDeathTest, UnbufferedAcrossMs) {
  SKIP_STACK_SWITCHING();
  EXPECT_EXIT(chanAcrossMs(0), ExitedWithCode(0), "^all received\n$");
}

TEST(ChanThreadsDeathTest, BufferedAcrossMs) {
  SKIP_STACK_SWITCHING();
  EXPECT_EXIT(chanAcrossMs(7), ExitedWithCode(0), "^all received\n$");
}

} // namespace
