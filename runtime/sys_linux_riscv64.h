// Raw linux system calls on riscv64; mirrors runtime/sys_linux_riscv64.s.
//
// The kernel ABI: number in a7, arguments in a0-a5, `ecall`; the result comes back in
// a0, -errno on failure. Numbers are the asm-generic table's.
#ifndef TALPA_RUNTIME_SYS_LINUX_RISCV64_H
#define TALPA_RUNTIME_SYS_LINUX_RISCV64_H

#include <stdint.h>

namespace runtime::sys {

constexpr uintptr_t SYS_write = 64;
constexpr uintptr_t SYS_mmap = 222;
constexpr uintptr_t SYS_munmap = 215;
constexpr uintptr_t SYS_exit_group = 94;

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
