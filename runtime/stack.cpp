// The main goroutine's stack; mirrors the stack allocation of runtime/stack.go and the
// stack switch of mstart / gogo in asm_<arch>.s.
//
// gc runs every goroutine on a small stack that the function prologues grow by copying,
// up to maxstacksize (1e9 bytes on 64-bit systems); a goroutine needing more dies with
// "goroutine stack exceeds 1000000000-byte limit". talpa cannot copy stacks yet (that
// needs stack maps, DESIGN.md section 4), so the main goroutine gets the whole limit at
// once instead of the 8 MiB (linux rlimit, darwin) or 1 MiB (windows) stack the OS gave
// the main thread: gc programs that recurse deeply then run under talpa too, and
// running out of it is reported with gc's number, which is the real one.
//
//     hi  ->  +------------------------+   initial sp (16-byte aligned)
//             | maxstacksize bytes      |   read-write, committed by the OS page by page
//     lo  ->  +------------------------+   as it is touched (MAP_NORESERVE)
//             | stackguardsize bytes    |   inaccessible: a touch is a stack overflow
//             +------------------------+   (sigpanic, signal.cpp)
//
// Costs: address space only (1 GB + 16 MB of 128 TB); the kernel commits pages as the
// stack grows and never gives them back, which is what the OS stack did too.
// On unix startmain maps this with sysReserve / sysFault and switches sp to hi with a
// few instructions of inline assembly; on windows the OS builds the same layout for a
// thread created with that stack reservation (os_windows.cpp), since windows tracks a
// thread's stack in its TEB and handles exceptions only on the thread's own stack.
#include "runtime.h"

namespace runtime {

stack mainstack;

#if !defined(GOOS_windows)

namespace {

// Interim until the scheduler's Ms (h-sched): the main thread's thread block, word 0 its
// own address, word 1 the current g, as compiled code reads it (HELPERS.md, "g access").
void settls() {
#if defined(GOOS_linux)
  static uintptr_t m0tls[8];
  m0tls[0] = reinterpret_cast<uintptr_t>(&m0tls[0]);
  m0tls[1] = reinterpret_cast<uintptr_t>(getg());
#if defined(GOARCH_amd64)
  constexpr uintptr_t SYS_arch_prctl = 158, ARCH_SET_FS = 0x1002;
  uintptr_t r;
  __asm__ volatile("syscall"
                   : "=a"(r)
                   : "a"(SYS_arch_prctl), "D"(ARCH_SET_FS), "S"(&m0tls[0])
                   : "rcx", "r11", "memory");
  (void)r;
#elif defined(GOARCH_arm64)
  __asm__ volatile("msr tpidr_el0, %0" : : "r"(&m0tls[0]) : "memory");
#elif defined(GOARCH_riscv64)
  __asm__ volatile("mv tp, %0" : : "r"(&m0tls[0]) : "memory");
#endif
#endif
}

// gogo sets sp to sp, clears the frame pointer (so frame-pointer walks stop here, as at
// _start) and calls fn, which does not return. Go: gogo / mstart. Runs once, on the
// main thread.
[[noreturn]] void gogo(uintptr_t sp, void (*fn)()) {
#if defined(GOARCH_amd64)
  __asm__ volatile("movq %0, %%rsp\n\t"
                   "xorl %%ebp, %%ebp\n\t"
                   "callq *%1\n\t"
                   "ud2"
                   :
                   : "r"(sp), "r"(fn)
                   : "memory");
#elif defined(GOARCH_arm64)
  __asm__ volatile("mov sp, %0\n\t"
                   "mov x29, xzr\n\t"
                   "blr %1\n\t"
                   "brk #0"
                   :
                   : "r"(sp), "r"(fn)
                   : "memory");
#elif defined(GOARCH_riscv64)
  __asm__ volatile("mv sp, %0\n\t"
                   "li s0, 0\n\t"
                   "jalr %1\n\t"
                   "unimp"
                   :
                   : "r"(sp), "r"(fn)
                   : "memory");
#else
#error "stack.cpp: no gogo for this GOARCH"
#endif
  __builtin_unreachable();
}

} // namespace

// If the reservation fails (a strict overcommit policy may refuse it), the program runs
// on the OS's stack, where an overflow is reported as an unexpected fault. Runs once, on
// the main thread, on the OS's stack.
void startmain(void (*fn)()) {
  settls();
  if (stackchecks()) {
    // The main goroutine starts on a segment like any other and grows by more.
    g *gp = getg();
    stackinit(gp, 8 << 10);
    gogo(gp->stack_.hi, fn);
  }
  constexpr uintptr_t align = 64 << 10; // covers 4 KiB, 16 KiB and 64 KiB pages
  constexpr uintptr_t size = (maxstacksize + align - 1) & ~(align - 1);
  auto *base = static_cast<uint8_t *>(sysReserve(stackguardsize + size));
  if (base == nullptr) {
    fn();
    exit(0); // not reached: fn does not return
  }
  sysFault(base, stackguardsize);
  mainstack.lo = reinterpret_cast<uintptr_t>(base) + stackguardsize;
  mainstack.hi = mainstack.lo + size;
  gogo(mainstack.hi, fn);
}

#endif // !GOOS_windows

} // namespace runtime
