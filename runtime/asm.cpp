// The scheduler's context switch; mirrors gogo, gosave and mcall's stack switch in
// runtime/asm_<arch>.s.
//
// A goroutine that is not running keeps its registers on its own stack: gogo pushes what
// the target's C calling convention says a callee preserves (compiled Go code uses that
// convention), the frame pointer and the return address, stores sp in the goroutine
// (g::schedsp) and pops the same set from the stack it switches to. The collector scans a
// parked goroutine's stack from schedsp up, so the registers it held are scanned with it,
// and a traceback of it starts at the saved frame pointer and return address.
//
// Save areas (words from the saved sp up):
//   amd64 (SysV):   r15 r14 r13 r12 rbx rbp ret
//   amd64 windows:  xmm6-xmm15 (20 words) r15 r14 r13 r12 rsi rdi rbx rbp ret
//   arm64:          x19-x28 x29 x30(ret) d8-d15
//   riscv64:        ra(ret) s0-s11 fs0-fs11 (and a pad word)
//
// A new context (gostartsp) is a save area at the top of a fresh stack whose return
// address is gostart, whose frame pointer is 0, and which holds entry and its argument in
// two callee-saved registers; gostart calls entry(arg), which must not return.
#include "runtime.h"

namespace runtime {

extern "C" void gostart() GOSYM("runtime.gostart");

namespace {

// Per arch: the save area's size in words, and the slots gostartsp fills.
#if defined(GOARCH_amd64) && defined(GOOS_windows)
constexpr uintptr_t savewords = 29;
constexpr uintptr_t slotfp = 27, slotpc = 28, slotarg = 26 /* rbx */, slotentry = 23 /* r12 */;
#elif defined(GOARCH_amd64)
constexpr uintptr_t savewords = 7;
constexpr uintptr_t slotfp = 5, slotpc = 6, slotarg = 4 /* rbx */, slotentry = 3 /* r12 */;
#elif defined(GOARCH_arm64)
constexpr uintptr_t savewords = 20;
constexpr uintptr_t slotfp = 10, slotpc = 11, slotarg = 0 /* x19 */, slotentry = 1 /* x20 */;
#elif defined(GOARCH_riscv64)
constexpr uintptr_t savewords = 26;
constexpr uintptr_t slotfp = 1, slotpc = 0, slotarg = 2 /* s1 */, slotentry = 3 /* s2 */;
#else
#error "asm.cpp: no context switch for this GOARCH"
#endif

} // namespace

#if defined(GOARCH_amd64) && defined(GOOS_windows)

extern "C" __attribute__((naked)) void gogo(uintptr_t *, uintptr_t) {
  __asm__ volatile("pushq %%rbp\n\t"
                   "pushq %%rbx\n\t"
                   "pushq %%rdi\n\t"
                   "pushq %%rsi\n\t"
                   "pushq %%r12\n\t"
                   "pushq %%r13\n\t"
                   "pushq %%r14\n\t"
                   "pushq %%r15\n\t"
                   "subq $160, %%rsp\n\t"
                   "movups %%xmm6, 0(%%rsp)\n\t"
                   "movups %%xmm7, 16(%%rsp)\n\t"
                   "movups %%xmm8, 32(%%rsp)\n\t"
                   "movups %%xmm9, 48(%%rsp)\n\t"
                   "movups %%xmm10, 64(%%rsp)\n\t"
                   "movups %%xmm11, 80(%%rsp)\n\t"
                   "movups %%xmm12, 96(%%rsp)\n\t"
                   "movups %%xmm13, 112(%%rsp)\n\t"
                   "movups %%xmm14, 128(%%rsp)\n\t"
                   "movups %%xmm15, 144(%%rsp)\n\t"
                   "movq %%rsp, (%%rcx)\n\t"
                   "movq %%rdx, %%rsp\n\t"
                   "movups 0(%%rsp), %%xmm6\n\t"
                   "movups 16(%%rsp), %%xmm7\n\t"
                   "movups 32(%%rsp), %%xmm8\n\t"
                   "movups 48(%%rsp), %%xmm9\n\t"
                   "movups 64(%%rsp), %%xmm10\n\t"
                   "movups 80(%%rsp), %%xmm11\n\t"
                   "movups 96(%%rsp), %%xmm12\n\t"
                   "movups 112(%%rsp), %%xmm13\n\t"
                   "movups 128(%%rsp), %%xmm14\n\t"
                   "movups 144(%%rsp), %%xmm15\n\t"
                   "addq $160, %%rsp\n\t"
                   "popq %%r15\n\t"
                   "popq %%r14\n\t"
                   "popq %%r13\n\t"
                   "popq %%r12\n\t"
                   "popq %%rsi\n\t"
                   "popq %%rdi\n\t"
                   "popq %%rbx\n\t"
                   "popq %%rbp\n\t"
                   "retq" ::
                       : "memory");
}

extern "C" __attribute__((naked)) void gostart() {
  __asm__ volatile("movq %%rbx, %%rcx\n\t"
                   "andq $-16, %%rsp\n\t"
                   "subq $32, %%rsp\n\t"
                   "callq *%%r12\n\t"
                   "ud2" ::
                       : "memory");
}

#elif defined(GOARCH_amd64)

extern "C" __attribute__((naked)) void gogo(uintptr_t *, uintptr_t) {
  __asm__ volatile("pushq %%rbp\n\t"
                   "pushq %%rbx\n\t"
                   "pushq %%r12\n\t"
                   "pushq %%r13\n\t"
                   "pushq %%r14\n\t"
                   "pushq %%r15\n\t"
                   "movq %%rsp, (%%rdi)\n\t"
                   "movq %%rsi, %%rsp\n\t"
                   "popq %%r15\n\t"
                   "popq %%r14\n\t"
                   "popq %%r13\n\t"
                   "popq %%r12\n\t"
                   "popq %%rbx\n\t"
                   "popq %%rbp\n\t"
                   "retq" ::
                       : "memory");
}

extern "C" __attribute__((naked)) void gostart() {
  __asm__ volatile("movq %%rbx, %%rdi\n\t"
                   "andq $-16, %%rsp\n\t"
                   "callq *%%r12\n\t"
                   "ud2" ::
                       : "memory");
}

#elif defined(GOARCH_arm64)

extern "C" __attribute__((naked)) void gogo(uintptr_t *, uintptr_t) {
  __asm__ volatile("sub sp, sp, #160\n\t"
                   "stp x19, x20, [sp, #0]\n\t"
                   "stp x21, x22, [sp, #16]\n\t"
                   "stp x23, x24, [sp, #32]\n\t"
                   "stp x25, x26, [sp, #48]\n\t"
                   "stp x27, x28, [sp, #64]\n\t"
                   "stp x29, x30, [sp, #80]\n\t"
                   "stp d8, d9, [sp, #96]\n\t"
                   "stp d10, d11, [sp, #112]\n\t"
                   "stp d12, d13, [sp, #128]\n\t"
                   "stp d14, d15, [sp, #144]\n\t"
                   "mov x9, sp\n\t"
                   "str x9, [x0]\n\t"
                   "mov sp, x1\n\t"
                   "ldp x19, x20, [sp, #0]\n\t"
                   "ldp x21, x22, [sp, #16]\n\t"
                   "ldp x23, x24, [sp, #32]\n\t"
                   "ldp x25, x26, [sp, #48]\n\t"
                   "ldp x27, x28, [sp, #64]\n\t"
                   "ldp x29, x30, [sp, #80]\n\t"
                   "ldp d8, d9, [sp, #96]\n\t"
                   "ldp d10, d11, [sp, #112]\n\t"
                   "ldp d12, d13, [sp, #128]\n\t"
                   "ldp d14, d15, [sp, #144]\n\t"
                   "add sp, sp, #160\n\t"
                   "ret" ::
                       : "memory");
}

extern "C" __attribute__((naked)) void gostart() {
  __asm__ volatile("mov x0, x19\n\t"
                   "blr x20\n\t"
                   "brk #0" ::
                       : "memory");
}

#elif defined(GOARCH_riscv64)

extern "C" __attribute__((naked)) void gogo(uintptr_t *, uintptr_t) {
  __asm__ volatile("addi sp, sp, -208\n\t"
                   "sd ra, 0(sp)\n\t"
                   "sd s0, 8(sp)\n\t"
                   "sd s1, 16(sp)\n\t"
                   "sd s2, 24(sp)\n\t"
                   "sd s3, 32(sp)\n\t"
                   "sd s4, 40(sp)\n\t"
                   "sd s5, 48(sp)\n\t"
                   "sd s6, 56(sp)\n\t"
                   "sd s7, 64(sp)\n\t"
                   "sd s8, 72(sp)\n\t"
                   "sd s9, 80(sp)\n\t"
                   "sd s10, 88(sp)\n\t"
                   "sd s11, 96(sp)\n\t"
                   "fsd fs0, 104(sp)\n\t"
                   "fsd fs1, 112(sp)\n\t"
                   "fsd fs2, 120(sp)\n\t"
                   "fsd fs3, 128(sp)\n\t"
                   "fsd fs4, 136(sp)\n\t"
                   "fsd fs5, 144(sp)\n\t"
                   "fsd fs6, 152(sp)\n\t"
                   "fsd fs7, 160(sp)\n\t"
                   "fsd fs8, 168(sp)\n\t"
                   "fsd fs9, 176(sp)\n\t"
                   "fsd fs10, 184(sp)\n\t"
                   "fsd fs11, 192(sp)\n\t"
                   "sd sp, 0(a0)\n\t"
                   "mv sp, a1\n\t"
                   "ld ra, 0(sp)\n\t"
                   "ld s0, 8(sp)\n\t"
                   "ld s1, 16(sp)\n\t"
                   "ld s2, 24(sp)\n\t"
                   "ld s3, 32(sp)\n\t"
                   "ld s4, 40(sp)\n\t"
                   "ld s5, 48(sp)\n\t"
                   "ld s6, 56(sp)\n\t"
                   "ld s7, 64(sp)\n\t"
                   "ld s8, 72(sp)\n\t"
                   "ld s9, 80(sp)\n\t"
                   "ld s10, 88(sp)\n\t"
                   "ld s11, 96(sp)\n\t"
                   "fld fs0, 104(sp)\n\t"
                   "fld fs1, 112(sp)\n\t"
                   "fld fs2, 120(sp)\n\t"
                   "fld fs3, 128(sp)\n\t"
                   "fld fs4, 136(sp)\n\t"
                   "fld fs5, 144(sp)\n\t"
                   "fld fs6, 152(sp)\n\t"
                   "fld fs7, 160(sp)\n\t"
                   "fld fs8, 168(sp)\n\t"
                   "fld fs9, 176(sp)\n\t"
                   "fld fs10, 184(sp)\n\t"
                   "fld fs11, 192(sp)\n\t"
                   "addi sp, sp, 208\n\t"
                   "ret" ::
                       : "memory");
}

extern "C" __attribute__((naked)) void gostart() {
  __asm__ volatile("mv a0, s1\n\t"
                   "jalr s2\n\t"
                   "unimp" ::
                       : "memory");
}

#endif

// The save area sits at the top of s, 16-byte aligned; gostart finds the stack aligned
// as a call needs it (amd64 realigns itself).
uintptr_t gostartsp(stack s, void (*entry)(void *), void *arg) {
  uintptr_t top = s.hi & ~uintptr_t(15);
  uintptr_t sp = (top - savewords * 8) & ~uintptr_t(15);
  auto *w = reinterpret_cast<uintptr_t *>(sp);
  for (uintptr_t i = 0; i < savewords; i++)
    w[i] = 0;
  w[slotpc] = reinterpret_cast<uintptr_t>(gostart);
  w[slotfp] = 0;
  w[slotarg] = reinterpret_cast<uintptr_t>(arg);
  w[slotentry] = reinterpret_cast<uintptr_t>(entry);
  return sp;
}

uintptr_t savedfp(uintptr_t sp) { return reinterpret_cast<const uintptr_t *>(sp)[slotfp]; }
uintptr_t savedpc(uintptr_t sp) { return reinterpret_cast<const uintptr_t *>(sp)[slotpc]; }

} // namespace runtime
