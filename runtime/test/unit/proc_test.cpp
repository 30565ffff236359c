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
