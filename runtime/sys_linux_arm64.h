// Raw linux system calls on arm64; mirrors runtime/sys_linux_arm64.s.
//
// The kernel ABI: number in x8, arguments in x0-x5, `svc #0`; the result comes back in
// x0, -errno on failure. Numbers are the asm-generic table's.
#ifndef TALPA_RUNTIME_SYS_LINUX_ARM64_H
#define TALPA_RUNTIME_SYS_LINUX_ARM64_H

#include <stddef.h>
#include <stdint.h>

namespace runtime::sys {

constexpr uintptr_t SYS_write = 64;
constexpr uintptr_t SYS_mmap = 222;
constexpr uintptr_t SYS_mprotect = 226;
constexpr uintptr_t SYS_clock_gettime = 113;
constexpr uintptr_t SYS_munmap = 215;
constexpr uintptr_t SYS_sigaltstack = 132;
constexpr uintptr_t SYS_rt_sigaction = 134;
constexpr uintptr_t SYS_exit_group = 94;
constexpr uintptr_t SYS_getrandom = 278;
constexpr uintptr_t SYS_nanosleep = 101;

// arm64 needs no SA_RESTORER: without it the kernel returns from a handler through the
// vDSO's __kernel_rt_sigreturn (gc's _SA_RESTORER is 0 here too).
constexpr uintptr_t SA_RESTORER = 0;

// The kernel's struct sigaction on arm64: handler, flags, restorer (unused), mask.
// Go: sigactiont (defs_linux_arm64.go).
struct sigactiont {
  void *sa_handler;
  uint64_t sa_flags;
  void *sa_restorer;
  uint64_t sa_mask;
};
static_assert(sizeof(sigactiont) == 32 && offsetof(sigactiont, sa_mask) == 24);

// struct ucontext up to the registers sighandler reads: uc_sigmask is padded to 128
// bytes (a 1024-bit sigset) and uc_mcontext (struct sigcontext: fault_address,
// regs[31], sp, pc, pstate, ...) is 16-byte aligned. Go: ucontext, sigcontext
// (defs_linux_arm64.go).
struct ucontext {
  uint64_t uc_flags;
  ucontext *uc_link;
  uint8_t uc_stack[24];
  uint8_t uc_sigmask[128];
  uint8_t pad[8];
  uint64_t fault_address;
  uint64_t regs[31];
  uint64_t sp;
  uint64_t pc;
};
static_assert(offsetof(ucontext, fault_address) == 176 && offsetof(ucontext, sp) == 432 &&
              offsetof(ucontext, pc) == 440);

// sigctxt accessors: the faulting pc and sp. Go: sigctxt.sigpc, sigsp
// (signal_linux_arm64.go).
inline uintptr_t sigpc(const ucontext *uc) { return uc->pc; }
inline uintptr_t sigsp(const ucontext *uc) { return uc->sp; }
inline uintptr_t sigfp(const ucontext *uc) { return uc->regs[29]; }

// setsigpanic makes the interrupted context call pc as if the faulting instruction had:
// its address goes in the link register (a leaf's own return address there is lost; the
// panic never returns to it). Go: sigctxt.preparePanic.
inline void setsigpanic(ucontext *uc, uintptr_t pc) {
  uc->regs[30] = uc->pc;
  uc->pc = pc;
}

inline intptr_t syscall6(uintptr_t num, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                         uintptr_t a5, uintptr_t a6) {
  register uintptr_t x8 __asm__("x8") = num;
  register uintptr_t x0 __asm__("x0") = a1;
  register uintptr_t x1 __asm__("x1") = a2;
  register uintptr_t x2 __asm__("x2") = a3;
  register uintptr_t x3 __asm__("x3") = a4;
  register uintptr_t x4 __asm__("x4") = a5;
  register uintptr_t x5 __asm__("x5") = a6;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                   : "memory");
  return static_cast<intptr_t>(x0);
}

} // namespace runtime::sys

#endif // TALPA_RUNTIME_SYS_LINUX_ARM64_H
