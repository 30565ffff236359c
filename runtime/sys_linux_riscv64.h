// Raw linux system calls on riscv64; mirrors runtime/sys_linux_riscv64.s.
//
// The kernel ABI: number in a7, arguments in a0-a5, `ecall`; the result comes back in
// a0, -errno on failure. Numbers are the asm-generic table's.
#ifndef TALPA_RUNTIME_SYS_LINUX_RISCV64_H
#define TALPA_RUNTIME_SYS_LINUX_RISCV64_H

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

// riscv64 has no SA_RESTORER: the kernel always returns from a handler through the
// vDSO's __vdso_rt_sigreturn.
constexpr uintptr_t SA_RESTORER = 0;

// The kernel's struct sigaction on riscv64: handler, flags, mask (no restorer field).
// Go: sigactiont (defs_linux_riscv64.go).
struct sigactiont {
  void *sa_handler;
  uint64_t sa_flags;
  uint64_t sa_mask;
};
static_assert(sizeof(sigactiont) == 24 && offsetof(sigactiont, sa_mask) == 16);

// struct ucontext up to the registers sighandler reads: uc_sigmask is padded to 128
// bytes (a 1024-bit sigset) and uc_mcontext (struct sigcontext: pc, ra, sp, ... then the
// FP state) is 16-byte aligned. Go: ucontext, sigcontext (defs_linux_riscv64.go).
struct ucontext {
  uint64_t uc_flags;
  ucontext *uc_link;
  uint8_t uc_stack[24];
  uint8_t uc_sigmask[128];
  uint8_t pad[8];
  uint64_t pc;
  uint64_t ra;
  uint64_t sp;
  uint64_t gp, tp, t0, t1, t2;
  uint64_t s0; // the frame pointer
};
static_assert(offsetof(ucontext, pc) == 176 && offsetof(ucontext, sp) == 192 &&
              offsetof(ucontext, s0) == 240);

// sigctxt accessors: the faulting pc and sp. Go: sigctxt.sigpc, sigsp
// (signal_linux_riscv64.go).
inline uintptr_t sigpc(const ucontext *uc) { return uc->pc; }
inline uintptr_t sigsp(const ucontext *uc) { return uc->sp; }
inline uintptr_t sigfp(const ucontext *uc) { return uc->s0; }

// setsigpanic makes the interrupted context call pc as if the faulting instruction had:
// its address goes in ra (a leaf's own return address there is lost; the panic never
// returns to it). Go: sigctxt.preparePanic.
inline void setsigpanic(ucontext *uc, uintptr_t pc) {
  uc->ra = uc->pc;
  uc->pc = pc;
}

inline intptr_t syscall6(uintptr_t num, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                         uintptr_t a5, uintptr_t a6) {
  register uintptr_t a7r __asm__("a7") = num;
  register uintptr_t a0r __asm__("a0") = a1;
  register uintptr_t a1r __asm__("a1") = a2;
  register uintptr_t a2r __asm__("a2") = a3;
  register uintptr_t a3r __asm__("a3") = a4;
  register uintptr_t a4r __asm__("a4") = a5;
  register uintptr_t a5r __asm__("a5") = a6;
  __asm__ volatile("ecall"
                   : "+r"(a0r)
                   : "r"(a7r), "r"(a1r), "r"(a2r), "r"(a3r), "r"(a4r), "r"(a5r)
                   : "memory");
  return static_cast<intptr_t>(a0r);
}

} // namespace runtime::sys

#endif // TALPA_RUNTIME_SYS_LINUX_RISCV64_H
