// Raw linux system calls on amd64; mirrors runtime/sys_linux_amd64.s.
//
// The kernel ABI: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9; `syscall`
// clobbers rcx and r11; the result comes back in rax, -errno on failure.
#ifndef TALPA_RUNTIME_SYS_LINUX_AMD64_H
#define TALPA_RUNTIME_SYS_LINUX_AMD64_H

#include <stddef.h>
#include <stdint.h>

namespace runtime::sys {

constexpr uintptr_t SYS_write = 1;
constexpr uintptr_t SYS_mmap = 9;
constexpr uintptr_t SYS_mprotect = 10;
constexpr uintptr_t SYS_clock_gettime = 228;
constexpr uintptr_t SYS_munmap = 11;
constexpr uintptr_t SYS_rt_sigaction = 13;
constexpr uintptr_t SYS_sigaltstack = 131;
constexpr uintptr_t SYS_exit_group = 231;
constexpr uintptr_t SYS_getrandom = 318;
constexpr uintptr_t SYS_nanosleep = 35;
constexpr uintptr_t SYS_arch_prctl = 158;

// x86-64 has no kernel-provided return path from a signal handler: the kernel refuses to
// deliver a signal whose sigaction lacks SA_RESTORER, and returns from the handler to
// sa_restorer, which must make the rt_sigreturn system call (sigreturn in
// rt0_linux_amd64.S). Go: sigreturn__sigaction (sys_linux_amd64.s).
constexpr uintptr_t SA_RESTORER = 0x04000000;
extern "C" void sigreturn() __asm__("runtime.sigreturn");

// The kernel's struct sigaction on x86-64 (not glibc's): handler, flags, restorer, mask.
// Go: sigactiont (defs_linux_amd64.go).
struct sigactiont {
  void *sa_handler;
  uint64_t sa_flags;
  void *sa_restorer;
  uint64_t sa_mask;
};
static_assert(sizeof(sigactiont) == 32 && offsetof(sigactiont, sa_mask) == 24);

// struct ucontext up to the registers sighandler reads: uc_mcontext (struct
// sigcontext_64: r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip) follows uc_flags,
// uc_link and the 24-byte uc_stack. Go: ucontext, mcontext (defs_linux_amd64.go).
struct ucontext {
  uint64_t uc_flags;
  ucontext *uc_link;
  uint8_t uc_stack[24];
  uint64_t r[15]; // r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx
  uint64_t rsp;
  uint64_t rip;
};
static_assert(offsetof(ucontext, r) == 40 && offsetof(ucontext, rsp) == 160 &&
              offsetof(ucontext, rip) == 168);

// sigctxt accessors: the faulting pc and sp. Go: sigctxt.sigpc, sigsp
// (signal_linux_amd64.go).
inline uintptr_t sigpc(const ucontext *uc) { return uc->rip; }
inline uintptr_t sigsp(const ucontext *uc) { return uc->rsp; }
inline uintptr_t sigfp(const ucontext *uc) { return uc->r[10]; } // rbp

// setsigpanic makes the interrupted context call pc as if the faulting instruction had:
// its address is pushed as the return address. Go: sigctxt.preparePanic.
inline void setsigpanic(ucontext *uc, uintptr_t pc) {
  uc->rsp -= 8;
  *reinterpret_cast<uint64_t *>(uc->rsp) = uc->rip;
  uc->rip = pc;
}

inline intptr_t syscall6(uintptr_t num, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                         uintptr_t a5, uintptr_t a6) {
  register uintptr_t r10 __asm__("r10") = a4;
  register uintptr_t r8 __asm__("r8") = a5;
  register uintptr_t r9 __asm__("r9") = a6;
  intptr_t ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(num), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}

} // namespace runtime::sys

#endif // TALPA_RUNTIME_SYS_LINUX_AMD64_H
