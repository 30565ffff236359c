// The host OS layer the runtime unit tests link in place of os_<goos>.cpp, and its hooks.
//
// os_host.cpp implements runtime.h's OS interface (write1, exit, sysAlloc, goenvs,
// sysReserve, sysFault; initsig and startmain do nothing, and it defines mainstack in
// place of stack.cpp) with the build machine's libc, so the portable runtime sources run unchanged
// inside a GoogleTest binary. Two things differ from a real OS layer, both switched by the tests:
//
//   - write1 can capture: between startCapture and stopCapture every write is recorded
//     (descriptor and bytes) instead of reaching the descriptor, so a test can compare
//     what print wrote, byte for byte, and see how many writes it took. Outside a
//     capture it writes to the real descriptor, which is what death tests read.
//   - sysAlloc counts its calls and the bytes asked for, and can be made to fail, so the
//     allocator's chunk policy and its out-of-memory path can be observed.
//
// exit is the process's _exit: exit paths are tested with death tests (a forked child
// whose status and standard error GoogleTest checks), so nothing in the runtime has to
// survive a non-returning call.
#ifndef TALPA_RUNTIME_TEST_UNIT_OS_HOST_H
#define TALPA_RUNTIME_TEST_UNIT_OS_HOST_H

#include <cstdint>
#include <string>
#include <vector>

// AddressSanitizer does not follow stacks switched without its fiber annotations (it
// warns, and may report false positives): tests that switch stacks (park, run
// goroutines) skip themselves there. Expands to GTEST_SKIP where it is used.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SKIP_UNDER_ASAN() GTEST_SKIP() << "stack switching under ASan"
#endif
#endif
#ifndef SKIP_UNDER_ASAN
#define SKIP_UNDER_ASAN()
#endif

namespace hostos {

// One call of write1 seen during a capture.
struct Write {
  uintptr_t fd;
  std::string bytes;
};

// startCapture begins recording write1 calls; stopCapture ends it and returns them in
// order. Captures do not nest.
void startCapture();
std::vector<Write> stopCapture();

// sysAlloc's record: calls made, the size of the last request, and a switch that makes
// the next calls fail (return nullptr) as an exhausted OS would. The switch fails heap
// reservations (sysReserveAligned) too, which are counted apart, with the bytes the heap
// made usable (sysMap).
struct SysAllocStats {
  int calls;
  uintptr_t lastSize;
  int reserves;
  uintptr_t lastReserve;
  uintptr_t mapped;
};
SysAllocStats sysAllocStats();
void setSysAllocFails(bool fail);

// asGoroutine starts the scheduler with the calling thread as goroutine 1 (schedinit and
// mstart0, as a program's start-up does), runs f(arg) there, so that it may park, block
// on channels and timers and start goroutines, and exits 0 when f returns. The
// scheduler's state is global and not undone: call it in a death test's child
// (EXPECT_EXIT), which must not return to GoogleTest. The typed form runs any callable.
[[noreturn]] void asGoroutine(void (*f)(void *arg), void *arg);
template <class F> [[noreturn]] void asGoroutine(F f) {
  asGoroutine([](void *p) { (*static_cast<F *>(p))(); }, &f);
}

} // namespace hostos

#endif // TALPA_RUNTIME_TEST_UNIT_OS_HOST_H
