// Raw linux system calls on amd64; mirrors runtime/sys_linux_amd64.s.
//
// The kernel ABI: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9; `syscall`
// clobbers rcx and r11; the result comes back in rax, -errno on failure.
#ifndef TALPA_RUNTIME_SYS_LINUX_AMD64_H
#define TALPA_RUNTIME_SYS_LINUX_AMD64_H

#include <stdint.h>

namespace runtime::sys {

constexpr uintptr_t SYS_write = 1;
constexpr uintptr_t SYS_mmap = 9;
constexpr uintptr_t SYS_munmap = 11;
constexpr uintptr_t SYS_exit_group = 231;

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
