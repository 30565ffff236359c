// Unit tests of runtime/defer.cpp and the recover half of panic.cpp: frames set up as the
// compiler's code does (deferframe, deferproc, deferreturn), closures built by hand (word
// 0 the code, called with the closure pointer), panics recovered and not.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "runtime.h"

namespace {

using namespace runtime;
using talpa::abi::deferframe;
using talpa::abi::eface;
using ::testing::ExitedWithCode;

std::vector<std::string> trace;

// A closure: code, then one word of data the code reads.
struct closure {
  void (*code)(closure *);
  const char *name;
};

void record(closure *c) { trace.push_back(c->name); }

eface recovered;

// Calls recover directly from the deferred call.
__attribute__((noinline)) void recoverer(closure *c) {
  GoRecover(&recovered, __builtin_return_address(0));
  trace.push_back(c->name);
}

__attribute__((noinline)) void indirectHelper() {
  GoRecover(&recovered, __builtin_return_address(0));
}

// Calls recover one call deeper: must not stop the panic.
__attribute__((noinline)) void indirect(closure *c) {
  indirectHelper();
  trace.push_back(c->name);
}

closure first = {record, "first"};
closure second = {record, "second"};
closure rec = {recoverer, "recoverer"};
closure ind = {indirect, "indirect"};

// A function with defers as the compiler lowers it: results in memory, every return
// through deferreturn.
__attribute__((noinline)) int64_t deferring(bool panics, closure *extra) {
  deferframe f{};
  volatile int64_t result = 1;
  if (DeferFrame(&f) != 0) {
    DeferReturn(&f);
    return result;
  }
  DeferProc(&f, &first, 0);
  DeferProc(&f, extra, 0);
  DeferProc(&f, &second, 0);
  result = 42;
  if (panics) PanicString(const_cast<char *>("boom"), 4);
  DeferReturn(&f);
  return result + 1;
}

TEST(Defer, RunsLifoAtReturn) {
  trace.clear();
  EXPECT_EQ(deferring(false, &first), 43);
  EXPECT_EQ(trace, (std::vector<std::string>{"second", "first", "first"}));
  EXPECT_EQ(getg()->defer_, nullptr);
}

TEST(Defer, RecoverResumesTheFrame) {
  trace.clear();
  recovered = {};
  EXPECT_EQ(deferring(true, &rec), 42);
  EXPECT_EQ(trace, (std::vector<std::string>{"second", "recoverer", "first"}));
  ASSERT_NE(recovered.type, nullptr);
  auto *s = static_cast<const stringStruct *>(recovered.data);
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(s->ptr), s->len), "boom");
  EXPECT_EQ(getg()->panic_, nullptr);
  EXPECT_EQ(getg()->defer_, nullptr);
  EXPECT_EQ(getg()->deferring, nullptr);
}

TEST(Defer, RecoverOutsidePanicIsNil) {
  trace.clear();
  static const talpa::abi::_type dummy{};
  recovered = {&dummy, nullptr};
  EXPECT_EQ(deferring(false, &rec), 43);
  EXPECT_EQ(recovered.type, nullptr);
}

TEST(DeferDeathTest, IndirectRecoverDoesNotStopThePanic) {
  EXPECT_EXIT(
      {
        trace.clear();
        deferring(true, &ind);
      },
      ExitedWithCode(2), "^panic: boom\n\ngoroutine 1 \\[running\\]:\n");
}

__attribute__((noinline)) void recoverAndPanic(closure *) {
  GoRecover(&recovered, __builtin_return_address(0));
  PanicString(const_cast<char *>("again"), 5);
}

closure repanic = {recoverAndPanic, "repanic"};

TEST(DeferDeathTest, RecoveredThenPanickedAgain) {
  EXPECT_EXIT(deferring(true, &repanic), ExitedWithCode(2),
              "^panic: boom \\[recovered\\]\n\tpanic: again\n\ngoroutine 1 \\[running\\]:\n");
}

} // namespace
