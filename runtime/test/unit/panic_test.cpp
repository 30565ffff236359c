// Unit tests of the exit paths: runtime/panic.cpp (panics, fatal, throw) and the start-up
// of runtime/proc.cpp and runtime1.cpp. Each runs as a GoogleTest death test, in a forked
// child whose exit status and whole standard error are checked (the regexes are anchored
// at both ends). The expected text is gc 1.19's up to its traceback, which talpa does not
// print yet (runtime/test/smoke/panic.out, divide.out).
#include <gtest/gtest.h>

#include <cstdint>

#include "runtime.h"

namespace runtime {

// The Go program of the start-up test: main..init and main.main print what they see.
extern "C" void MainInit() { PrintString(const_cast<char *>("init\n"), 5); }

extern "C" void MainMain() {
  PrintString(const_cast<char *>("main"), 4);
  PrintSp();
  PrintInt(argc);
  PrintSp();
  PrintInt(nenvs);
  PrintSp();
  PrintString(argv[1], findnull(argv[1]));
  PrintSp();
  PrintString(envs[0], findnull(envs[0]));
  PrintNl();
}

} // namespace runtime

namespace {

using namespace runtime;
using ::testing::ExitedWithCode;

TEST(PanicDeathTest, PanicString) {
  static const char msg[] = "something went wrong";
  EXPECT_EXIT(PanicString(const_cast<char *>(msg), sizeof msg - 1), ExitedWithCode(2),
              "^panic: something went wrong\n\ngoroutine 1 \\[running\\]:\n$");
}

TEST(PanicDeathTest, PanicStringUsesLength) {
  // The message is (ptr, len): bytes past len are not part of it.
  static const char msg[] = "boom, and more";
  EXPECT_EXIT(PanicString(const_cast<char *>(msg), 4), ExitedWithCode(2),
              "^panic: boom\n\ngoroutine 1 \\[running\\]:\n$");
}

TEST(PanicDeathTest, PanicEmptyString) {
  EXPECT_EXIT(PanicString(nullptr, 0), ExitedWithCode(2),
              "^panic: \n\ngoroutine 1 \\[running\\]:\n$");
}

TEST(PanicDeathTest, PanicDivide) {
  EXPECT_EXIT(PanicDivide(), ExitedWithCode(2),
              "^panic: runtime error: integer divide by zero\n\ngoroutine 1 \\[running\\]:\n$");
}

// The boundsError panics of string indexing and slicing, in both of gc's forms: with the
// length or other bound, and for a negative index without it.
TEST(PanicDeathTest, PanicIndex) {
  EXPECT_EXIT(PanicIndex(5, 3), ExitedWithCode(2),
              "^panic: runtime error: index out of range \\[5\\] with length 3\n\n"
              "goroutine 1 \\[running\\]:\n$");
  EXPECT_EXIT(PanicIndex(-1, 3), ExitedWithCode(2),
              "^panic: runtime error: index out of range \\[-1\\]\n\n"
              "goroutine 1 \\[running\\]:\n$");
}

TEST(PanicDeathTest, PanicSliceAlen) {
  EXPECT_EXIT(PanicSliceAlen(5, 3), ExitedWithCode(2),
              "^panic: runtime error: slice bounds out of range \\[:5\\] with length 3\n\n"
              "goroutine 1 \\[running\\]:\n$");
  EXPECT_EXIT(PanicSliceAlen(-2, 3), ExitedWithCode(2),
              "^panic: runtime error: slice bounds out of range \\[:-2\\]\n\n"
              "goroutine 1 \\[running\\]:\n$");
}

TEST(PanicDeathTest, PanicSliceB) {
  EXPECT_EXIT(PanicSliceB(3, 2), ExitedWithCode(2),
              "^panic: runtime error: slice bounds out of range \\[3:2\\]\n\n"
              "goroutine 1 \\[running\\]:\n$");
  EXPECT_EXIT(PanicSliceB(-1, 2), ExitedWithCode(2),
              "^panic: runtime error: slice bounds out of range \\[-1:\\]\n\n"
              "goroutine 1 \\[running\\]:\n$");
}

// The other bounds panics, the unsigned variants and the conversion's message (gc 1.19).
TEST(PanicDeathTest, MoreBounds) {
  EXPECT_EXIT(PanicSliceAcap(9, 4), ExitedWithCode(2),
              "^panic: runtime error: slice bounds out of range \\[:9\\] with capacity 4\n");
  EXPECT_EXIT(PanicSlice3Alen(-3, 4), ExitedWithCode(2),
              "^panic: runtime error: slice bounds out of range \\[::-3\\]\n");
  EXPECT_EXIT(PanicSlice3B(5, 4), ExitedWithCode(2),
              "^panic: runtime error: slice bounds out of range \\[:5:4\\]\n");
  EXPECT_EXIT(PanicSlice3C(3, 2), ExitedWithCode(2),
              "^panic: runtime error: slice bounds out of range \\[3:2:\\]\n");
  EXPECT_EXIT(PanicIndexU(-1, 3), ExitedWithCode(2),
              "^panic: runtime error: index out of range \\[18446744073709551615\\] with length "
              "3\n");
  EXPECT_EXIT(PanicSliceConvert(4, 3), ExitedWithCode(2),
              "^panic: runtime error: cannot convert slice with length 3 to pointer to array with "
              "length 4\n");
}

TEST(PanicDeathTest, PanicMem) {
  EXPECT_EXIT(PanicMem(), ExitedWithCode(2),
              "^panic: runtime error: invalid memory address or nil pointer dereference\n\n"
              "goroutine 1 \\[running\\]:\n$");
}

// panic(v) as gopanic prints it: unnamed basic values as print does, named ones as T(v).
TEST(PanicDeathTest, GoPanic) {
  static const char name[] = "main.T";
  static const stringStruct str{reinterpret_cast<const uint8_t *>(name), 6};
  talpa::abi::_type named{};
  named.kind = talpa::abi::kinds::Int;
  named.tflag = talpa::abi::tflags::Named;
  named.str = &str;
  talpa::abi::_type plain = named;
  plain.tflag = 0;
  static int64_t v = -5;
  EXPECT_EXIT(GoPanic(&plain, &v), ExitedWithCode(2), "^panic: -5\n\ngoroutine 1");
  EXPECT_EXIT(GoPanic(&named, &v), ExitedWithCode(2), "^panic: main.T\\(-5\\)\n\ngoroutine 1");
  EXPECT_EXIT(GoPanic(nullptr, nullptr), ExitedWithCode(2), "^panic: nil\n\ngoroutine 1");
}

TEST(PanicDeathTest, OutputBeforeThePanicStays) {
  // println("before"); panic(...): nothing is buffered, so both reach standard error.
  EXPECT_EXIT(
      {
        PrintString(const_cast<char *>("before"), 6);
        PrintNl();
        PanicString(const_cast<char *>("x"), 1);
      },
      ExitedWithCode(2), "^before\npanic: x\n\ngoroutine 1 \\[running\\]:\n$");
}

TEST(FatalDeathTest, FatalAndThrow) {
  EXPECT_EXIT(fatal("all goroutines are asleep - deadlock!"), ExitedWithCode(2),
              "^fatal error: all goroutines are asleep - deadlock!\n$");
  EXPECT_EXIT(throw_("unreachable"), ExitedWithCode(2), "^fatal error: unreachable\n$");
}

// A process's argument vector as linux lays it out: argv, nullptr, the environment,
// nullptr.
const char *const startVector[] = {"prog", "a", "b c", nullptr, "K=V", "HOME=/", nullptr};

uint8_t **startArgv() { return reinterpret_cast<uint8_t **>(const_cast<char **>(startVector)); }

TEST(StartDeathTest, Rt0GoRunsInitThenMainThenExits0) {
  EXPECT_EXIT(rt0_go(3, startArgv()), ExitedWithCode(0), "^init\nmain 3 2 a K=V\n$");
}

void argsTwice() {
  args(3, startArgv());
  args(3, startArgv());
}

TEST(StartDeathTest, ArgsTwiceIsABug) {
  EXPECT_EXIT(argsTwice(), ExitedWithCode(2), "^fatal error: args called twice\n$");
}

} // namespace
