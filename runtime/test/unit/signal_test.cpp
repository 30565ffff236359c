// Unit tests of runtime/signal.cpp: sigpanic's report of each kind of fault, called with
// the sigfault an OS handler would build (the handlers themselves are exercised by the
// smoke tests' fault programs and test/run/stackoverflow.go on each target). Death tests:
// the expected text is gc 1.19's (linux/amd64 and windows/amd64 programs that dereference
// nil, write to 0xdead0000 and recurse without end), up to its traceback.
#include <gtest/gtest.h>

#include <cstdint>

#include "runtime.h"

namespace {

using namespace runtime;
using ::testing::ExitedWithCode;

sigfault linuxSegv(uintptr_t addr, int32_t code = 1) {
  sigfault f{};
  f.kind = sigkind::mem;
  f.sig = 11;
  f.name = "SIGSEGV: segmentation violation";
  f.code = static_cast<uintptr_t>(code);
  f.addr = addr;
  f.pc = 0x457c94;
  f.sp = 0xc000036760;
  return f;
}

TEST(SigpanicDeathTest, NilDereference) {
  EXPECT_EXIT(sigpanic(linuxSegv(0x8)), ExitedWithCode(2),
              "^panic: runtime error: invalid memory address or nil pointer dereference\n"
              "\\[signal SIGSEGV: segmentation violation code=0x1 addr=0x8 pc=0x457c94\\]\n"
              "\ngoroutine 1 \\[running\\]:\n$");
}

TEST(SigpanicDeathTest, UnexpectedFaultAddress) {
  EXPECT_EXIT(sigpanic(linuxSegv(0xdead0000)), ExitedWithCode(2),
              "^unexpected fault address 0xdead0000\n"
              "fatal error: fault\n"
              "\\[signal SIGSEGV: segmentation violation code=0x1 addr=0xdead0000 pc=0x457c94\\]\n"
              "\ngoroutine 1 \\[running\\]:\n$");
}

TEST(SigpanicDeathTest, SmallAddressWithOtherCodeIsNotNil) {
  sigfault f = linuxSegv(0x8, 3);
  f.kind = sigkind::fault; // e.g. SEGV_BNDERR: gc's sigpanic does not call panicmem
  EXPECT_EXIT(sigpanic(f), ExitedWithCode(2),
              "^unexpected fault address 0x8\nfatal error: fault\n"
              "\\[signal SIGSEGV: segmentation violation code=0x3 addr=0x8 pc=0x457c94\\]\n"
              "\ngoroutine 1 \\[running\\]:\n$");
}

TEST(SigpanicDeathTest, WindowsAccessViolation) {
  // gc's signame is empty on windows: the exception code is printed in its place.
  sigfault f{};
  f.kind = sigkind::mem;
  f.sig = 0xc0000005;
  f.code = 1;
  f.addr = 0x8;
  f.pc = 0x45c8f4;
  EXPECT_EXIT(sigpanic(f), ExitedWithCode(2),
              "^panic: runtime error: invalid memory address or nil pointer dereference\n"
              "\\[signal 0xc0000005 code=0x1 addr=0x8 pc=0x45c8f4\\]\n"
              "\ngoroutine 1 \\[running\\]:\n$");
  f.addr = 0xdead0000;
  EXPECT_EXIT(sigpanic(f), ExitedWithCode(2),
              "^unexpected fault address 0xdead0000\nfatal error: fault\n"
              "\\[signal 0xc0000005 code=0x1 addr=0xdead0000 pc=0x45c8f4\\]\n"
              "\ngoroutine 1 \\[running\\]:\n$");
}

TEST(SigpanicDeathTest, IntegerDivide) {
  sigfault f{};
  f.kind = sigkind::intdiv;
  f.sig = 8;
  f.name = "SIGFPE: floating-point exception";
  f.code = 1;
  f.addr = 0x401000;
  f.pc = 0x401000;
  EXPECT_EXIT(sigpanic(f), ExitedWithCode(2),
              "^panic: runtime error: integer divide by zero\n"
              "\\[signal SIGFPE: floating-point exception code=0x1 addr=0x401000 pc=0x401000\\]\n"
              "\ngoroutine 1 \\[running\\]:\n$");
  f.kind = sigkind::intovf;
  EXPECT_EXIT(sigpanic(f), ExitedWithCode(2), "^panic: runtime error: integer overflow\n");
  f.kind = sigkind::floaterr;
  EXPECT_EXIT(sigpanic(f), ExitedWithCode(2), "^panic: runtime error: floating point error\n");
}

TEST(SigpanicDeathTest, IllegalInstruction) {
  // gc's sighandler: name, PC line, 16 instruction bytes (ud2 here), then the goroutine.
  static const uint8_t code[16] = {0x0f, 0x0b};
  sigfault f{};
  f.kind = sigkind::throwsig;
  f.sig = 4;
  f.name = "SIGILL: illegal instruction";
  f.code = 2;
  f.pc = reinterpret_cast<uintptr_t>(code);
  // Fewer than 16 bytes are printed if the array ends a page: hence ( 0x0)*.
  EXPECT_EXIT(sigpanic(f), ExitedWithCode(2),
              "^SIGILL: illegal instruction\nPC=0x[0-9a-f]+ m=0 sigcode=2\n"
              "instruction bytes: 0xf 0xb( 0x0)*\n\ngoroutine 1 \\[running\\]:\n$");
}

TEST(SigpanicDeathTest, StackOverflowInGuard) {
  mainstack.lo = 0x7f0000000000;
  mainstack.hi = mainstack.lo + 1000013824;
  // The running goroutine's stack is the one checked: the main goroutine's here.
  stack saved = getg()->stack;
  getg()->stack = mainstack;
  sigfault f = linuxSegv(mainstack.lo - 8);
  f.sp = mainstack.lo;
  EXPECT_EXIT(sigpanic(f), ExitedWithCode(2),
              "^runtime: goroutine stack exceeds 1000000000-byte limit\n"
              "runtime: sp=0x7f0000000000 stack=\\[0x7f0000000000, 0x7f003b9b0000\\]\n"
              "fatal error: stack overflow\n$");
  // A big frame: sp already in the guard, the access above it.
  f = linuxSegv(mainstack.lo + 64);
  f.sp = mainstack.lo - 4096;
  EXPECT_EXIT(sigpanic(f), ExitedWithCode(2), "^runtime: goroutine stack exceeds");
  // Below the guard is another mapping's fault.
  f = linuxSegv(mainstack.lo - stackguardsize - 8);
  f.sp = mainstack.hi - 64;
  EXPECT_EXIT(sigpanic(f), ExitedWithCode(2), "^unexpected fault address 0x7efffefffff8\n");
  mainstack = {};
  getg()->stack = saved;
}

TEST(SigpanicDeathTest, WindowsStackOverflow) {
  sigfault f{};
  f.kind = sigkind::stackoverflow;
  f.sig = 0xc00000fd;
  f.sp = 0x1000;
  EXPECT_EXIT(sigpanic(f), ExitedWithCode(2),
              "^runtime: goroutine stack exceeds 1000000000-byte limit\n"
              "runtime: sp=0x1000 stack=\\[0x0, 0x0\\]\nfatal error: stack overflow\n$");
}

} // namespace
