// Deferred calls and the resumption of a frame after recover; mirrors the defer half of
// runtime/panic.go (deferproc, deferreturn, recovery) and the setjmp-like context switch
// of asm_<arch>.s.
//
// Structures (abi.h's "Defer" section):
//
//     goroutine (g)                    stack
//       defer_ ──► _defer ──► _defer ──► ... (newest first; each names its deferframe)
//       panic_ ──► _panic ──► ...        (in gopanic's frames, newest first)
//       deferring: the _defer whose fn is running now (innermost), or nullptr
//
// A function with defer statements (the compiler's "defer frame") lowers to
//
//     frame = deferframe{}                     in its own stack frame
//     if deferframe(&frame) != 0 goto exit     saves registers; 1 again after a recovery
//     ...
//     defer f(a, b)  =>  deferproc(&frame, closure{wrapper, a, b}, Wrapper)
//     ...
//     return x       =>  results = x; goto exit
//   exit:
//     deferreturn(&frame)                      runs this frame's records, newest first
//     return results                           read from memory: a deferred call may
//                                              have changed them, or a recovery left them
//
// deferproc pushes a heap _defer (the closure holds the arguments evaluated at the defer
// statement). deferreturn pops and calls the records whose frame is its frame: they are
// the newest ones, because deeper frames have run theirs before returning. A panic
// (gopanic, panic.cpp) calls the records from the newest on, marking each started, whatever
// their frame; when a deferred call recovers (gorecover returned the value), gopanic
// drops the record and jumps into its frame with deferjump: the registers, stack pointer
// and pc deferframe saved, so deferframe returns 1 there and the frame goes to its exit,
// where deferreturn runs the rest of its records and the function returns normally with
// its current results. The frames between the panic and the resumed one are abandoned,
// as gc's recovery abandons them; nothing in them needs undoing (their records were run
// or dropped by the panic).
//
// Deferred calls run through calldefer (below), a few instructions of assembly that call
// the closure's code: recover() is effective only in the function a panic's calldefer
// called directly (its return address lies right after calldefer's call), or in the
// function a compiler-made wrapper (deferflags::Wrapper) called on its behalf, and only
// while that call is the goroutine's innermost deferred call (so a deferred call that
// deferreturn runs inside it does not count). gc checks the same with the caller's
// argument pointer.
//
// Per-arch context (deferframe::ctx, words): what the C calling convention of the
// target (which compiled Go code uses) says a callee preserves, plus sp and pc:
//   amd64 (SysV):  rbx rbp r12 r13 r14 r15 sp pc
//   amd64 windows: rbx rbp rdi rsi r12 r13 r14 r15 sp pc, xmm6-xmm15 (16 bytes each)
//   arm64:         x19-x28 x29 x30(pc) sp d8-d15
//   riscv64:       s0-s11 ra(pc) sp fs0-fs11
#include "runtime.h"

namespace runtime {

using talpa::abi::_defer;
using talpa::abi::_panic;
using talpa::abi::deferframe;

namespace {

// The descriptor of a _defer for the collector: words 0 (link) and 1 (fn) hold heap
// pointers (frame and panic_ point into stacks).
const uint8_t deferbits[] = {0x03};
const stringStruct defername = {reinterpret_cast<const uint8_t *>("runtime._defer"), 14};
const talpa::abi::_type defertype = {
    sizeof(_defer),
    16,
    0,
    0,
    alignof(_defer),
    alignof(_defer),
    talpa::abi::kinds::Struct,
    nullptr,
    deferbits,
    &defername,
    nullptr,
    nullptr,
};

} // namespace

// deferframeinit finishes deferframe (the assembly saved the registers and jumps here):
// the frame remembers which deferred call was running when it was entered. Returns 0,
// deferframe's first return. Runs on the goroutine entering the frame.
extern "C" int64_t deferframeinit(deferframe *f) GOSYM("runtime.deferframeinit");
extern "C" int64_t deferframeinit(deferframe *f) {
  f->deferring = getg()->deferring;
  return 0;
}

// calldefer calls fn's code with fn (a closure object) as its only argument. Its one call
// instruction is followed by the global label runtime.calldeferret, the return address
// gorecover compares with. Frame: a standard frame-pointer frame, so tracebacks walk
// through it (on riscv64 s0 points at the frame's top, as the compiler's).
extern "C" void calldefer(void *fn) GOSYM("runtime.calldefer");

// deferjump loads the registers deferframe saved in f and returns 1 from that call.
extern "C" [[noreturn]] void deferjump(deferframe *f) GOSYM("runtime.deferjump");
extern "C" const char calldeferret[] GOSYM("runtime.calldeferret");

#define SYM(s) TALPA_STR(__USER_LABEL_PREFIX__) s
#if defined(GOOS_darwin)
#define ALT_ENTRY(s) ".alt_entry " SYM(s) "\n\t"
#else
#define ALT_ENTRY(s)
#endif

#if defined(GOARCH_amd64) && defined(GOOS_windows)

extern "C" __attribute__((naked)) int64_t DeferFrame(void *) {
  __asm__ volatile("movq %%rbx, 8(%%rcx)\n\t"
                   "movq %%rbp, 16(%%rcx)\n\t"
                   "movq %%rdi, 24(%%rcx)\n\t"
                   "movq %%rsi, 32(%%rcx)\n\t"
                   "movq %%r12, 40(%%rcx)\n\t"
                   "movq %%r13, 48(%%rcx)\n\t"
                   "movq %%r14, 56(%%rcx)\n\t"
                   "movq %%r15, 64(%%rcx)\n\t"
                   "leaq 8(%%rsp), %%rax\n\t"
                   "movq %%rax, 72(%%rcx)\n\t"
                   "movq (%%rsp), %%rax\n\t"
                   "movq %%rax, 80(%%rcx)\n\t"
                   "movups %%xmm6, 88(%%rcx)\n\t"
                   "movups %%xmm7, 104(%%rcx)\n\t"
                   "movups %%xmm8, 120(%%rcx)\n\t"
                   "movups %%xmm9, 136(%%rcx)\n\t"
                   "movups %%xmm10, 152(%%rcx)\n\t"
                   "movups %%xmm11, 168(%%rcx)\n\t"
                   "movups %%xmm12, 184(%%rcx)\n\t"
                   "movups %%xmm13, 200(%%rcx)\n\t"
                   "movups %%xmm14, 216(%%rcx)\n\t"
                   "movups %%xmm15, 232(%%rcx)\n\t"
                   "jmp " SYM("runtime.deferframeinit")::
                       : "memory");
}

extern "C" __attribute__((naked)) void deferjump(deferframe *) {
  __asm__ volatile("movq 8(%%rcx), %%rbx\n\t"
                   "movq 16(%%rcx), %%rbp\n\t"
                   "movq 24(%%rcx), %%rdi\n\t"
                   "movq 32(%%rcx), %%rsi\n\t"
                   "movq 40(%%rcx), %%r12\n\t"
                   "movq 48(%%rcx), %%r13\n\t"
                   "movq 56(%%rcx), %%r14\n\t"
                   "movq 64(%%rcx), %%r15\n\t"
                   "movups 88(%%rcx), %%xmm6\n\t"
                   "movups 104(%%rcx), %%xmm7\n\t"
                   "movups 120(%%rcx), %%xmm8\n\t"
                   "movups 136(%%rcx), %%xmm9\n\t"
                   "movups 152(%%rcx), %%xmm10\n\t"
                   "movups 168(%%rcx), %%xmm11\n\t"
                   "movups 184(%%rcx), %%xmm12\n\t"
                   "movups 200(%%rcx), %%xmm13\n\t"
                   "movups 216(%%rcx), %%xmm14\n\t"
                   "movups 232(%%rcx), %%xmm15\n\t"
                   "movq 72(%%rcx), %%rsp\n\t"
                   "movl $1, %%eax\n\t"
                   "jmpq *80(%%rcx)" ::
                       : "memory");
}

// 32 bytes of home space for the callee, as the Win64 convention wants. Written at file
// scope, not as a naked function, to give it unwind data (.seh_*): Windows walks stacks
// with it (runtime.Callers from a deferred call, tracebacks), and a function without
// unwind data is taken for a leaf whose return address is at rsp, which here it is not.
__asm__(".text\n"
        ".p2align 4\n"
        ".globl runtime.calldefer\n"
        ".def runtime.calldefer\n"
        ".scl 2\n"
        ".type 32\n"
        ".endef\n"
        "runtime.calldefer:\n"
        ".seh_proc runtime.calldefer\n"
        "\tpushq %rbp\n"
        "\t.seh_pushreg %rbp\n"
        "\tmovq %rsp, %rbp\n"
        "\t.seh_setframe %rbp, 0\n"
        "\tsubq $32, %rsp\n"
        "\t.seh_stackalloc 32\n"
        "\t.seh_endprologue\n"
        "\tcallq *(%rcx)\n"
        ".globl runtime.calldeferret\n"
        "runtime.calldeferret:\n"
        "\tmovq %rbp, %rsp\n"
        "\tpopq %rbp\n"
        "\tretq\n"
        ".seh_endproc\n");

#elif defined(GOARCH_amd64)

extern "C" __attribute__((naked)) int64_t DeferFrame(void *) {
  __asm__ volatile("movq %%rbx, 8(%%rdi)\n\t"
                   "movq %%rbp, 16(%%rdi)\n\t"
                   "movq %%r12, 24(%%rdi)\n\t"
                   "movq %%r13, 32(%%rdi)\n\t"
                   "movq %%r14, 40(%%rdi)\n\t"
                   "movq %%r15, 48(%%rdi)\n\t"
                   "leaq 8(%%rsp), %%rax\n\t"
                   "movq %%rax, 56(%%rdi)\n\t"
                   "movq (%%rsp), %%rax\n\t"
                   "movq %%rax, 64(%%rdi)\n\t"
                   "jmp " SYM("runtime.deferframeinit")::
                       : "memory");
}

extern "C" __attribute__((naked)) void deferjump(deferframe *) {
  __asm__ volatile("movq 8(%%rdi), %%rbx\n\t"
                   "movq 16(%%rdi), %%rbp\n\t"
                   "movq 24(%%rdi), %%r12\n\t"
                   "movq 32(%%rdi), %%r13\n\t"
                   "movq 40(%%rdi), %%r14\n\t"
                   "movq 48(%%rdi), %%r15\n\t"
                   "movq 56(%%rdi), %%rsp\n\t"
                   "movl $1, %%eax\n\t"
                   "jmpq *64(%%rdi)" ::
                       : "memory");
}

extern "C" __attribute__((naked)) void calldefer(void *) {
  __asm__ volatile("pushq %%rbp\n\t"
                   "movq %%rsp, %%rbp\n\t"
                   "callq *(%%rdi)\n\t" ALT_ENTRY("runtime.calldeferret") ".globl " SYM(
                       "runtime.calldeferret") "\n" SYM("runtime.calldeferret") ":\n\t"
                                                                                "popq %%rbp\n\t"
                                                                                "retq" ::
                                                                                    : "memory");
}

#elif defined(GOARCH_arm64)

extern "C" __attribute__((naked)) int64_t DeferFrame(void *) {
  __asm__ volatile("stp x19, x20, [x0, #8]\n\t"
                   "stp x21, x22, [x0, #24]\n\t"
                   "stp x23, x24, [x0, #40]\n\t"
                   "stp x25, x26, [x0, #56]\n\t"
                   "stp x27, x28, [x0, #72]\n\t"
                   "stp x29, x30, [x0, #88]\n\t"
                   "mov x9, sp\n\t"
                   "str x9, [x0, #104]\n\t"
                   "stp d8, d9, [x0, #112]\n\t"
                   "stp d10, d11, [x0, #128]\n\t"
                   "stp d12, d13, [x0, #144]\n\t"
                   "stp d14, d15, [x0, #160]\n\t"
                   "b " SYM("runtime.deferframeinit")::
                       : "memory");
}

extern "C" __attribute__((naked)) void deferjump(deferframe *) {
  __asm__ volatile("ldp x19, x20, [x0, #8]\n\t"
                   "ldp x21, x22, [x0, #24]\n\t"
                   "ldp x23, x24, [x0, #40]\n\t"
                   "ldp x25, x26, [x0, #56]\n\t"
                   "ldp x27, x28, [x0, #72]\n\t"
                   "ldp x29, x30, [x0, #88]\n\t"
                   "ldr x9, [x0, #104]\n\t"
                   "mov sp, x9\n\t"
                   "ldp d8, d9, [x0, #112]\n\t"
                   "ldp d10, d11, [x0, #128]\n\t"
                   "ldp d12, d13, [x0, #144]\n\t"
                   "ldp d14, d15, [x0, #160]\n\t"
                   "mov x0, #1\n\t"
                   "br x30" ::
                       : "memory");
}

extern "C" __attribute__((naked)) void calldefer(void *) {
  __asm__ volatile(
      "stp x29, x30, [sp, #-16]!\n\t"
      "mov x29, sp\n\t"
      "ldr x16, [x0]\n\t"
      "blr x16\n\t" ALT_ENTRY("runtime.calldeferret") ".globl " SYM(
          "runtime.calldeferret") "\n" SYM("runtime.calldeferret") ":\n\t"
                                                                   "ldp x29, x30, [sp], #16\n\t"
                                                                   "ret" ::
                                                                       : "memory");
}

#elif defined(GOARCH_riscv64)

extern "C" __attribute__((naked)) int64_t DeferFrame(void *) {
  __asm__ volatile("sd s0, 8(a0)\n\t"
                   "sd s1, 16(a0)\n\t"
                   "sd s2, 24(a0)\n\t"
                   "sd s3, 32(a0)\n\t"
                   "sd s4, 40(a0)\n\t"
                   "sd s5, 48(a0)\n\t"
                   "sd s6, 56(a0)\n\t"
                   "sd s7, 64(a0)\n\t"
                   "sd s8, 72(a0)\n\t"
                   "sd s9, 80(a0)\n\t"
                   "sd s10, 88(a0)\n\t"
                   "sd s11, 96(a0)\n\t"
                   "sd ra, 104(a0)\n\t"
                   "sd sp, 112(a0)\n\t"
                   "fsd fs0, 120(a0)\n\t"
                   "fsd fs1, 128(a0)\n\t"
                   "fsd fs2, 136(a0)\n\t"
                   "fsd fs3, 144(a0)\n\t"
                   "fsd fs4, 152(a0)\n\t"
                   "fsd fs5, 160(a0)\n\t"
                   "fsd fs6, 168(a0)\n\t"
                   "fsd fs7, 176(a0)\n\t"
                   "fsd fs8, 184(a0)\n\t"
                   "fsd fs9, 192(a0)\n\t"
                   "fsd fs10, 200(a0)\n\t"
                   "fsd fs11, 208(a0)\n\t"
                   "tail " SYM("runtime.deferframeinit")::
                       : "memory");
}

extern "C" __attribute__((naked)) void deferjump(deferframe *) {
  __asm__ volatile("ld s0, 8(a0)\n\t"
                   "ld s1, 16(a0)\n\t"
                   "ld s2, 24(a0)\n\t"
                   "ld s3, 32(a0)\n\t"
                   "ld s4, 40(a0)\n\t"
                   "ld s5, 48(a0)\n\t"
                   "ld s6, 56(a0)\n\t"
                   "ld s7, 64(a0)\n\t"
                   "ld s8, 72(a0)\n\t"
                   "ld s9, 80(a0)\n\t"
                   "ld s10, 88(a0)\n\t"
                   "ld s11, 96(a0)\n\t"
                   "ld ra, 104(a0)\n\t"
                   "ld sp, 112(a0)\n\t"
                   "fld fs0, 120(a0)\n\t"
                   "fld fs1, 128(a0)\n\t"
                   "fld fs2, 136(a0)\n\t"
                   "fld fs3, 144(a0)\n\t"
                   "fld fs4, 152(a0)\n\t"
                   "fld fs5, 160(a0)\n\t"
                   "fld fs6, 168(a0)\n\t"
                   "fld fs7, 176(a0)\n\t"
                   "fld fs8, 184(a0)\n\t"
                   "fld fs9, 192(a0)\n\t"
                   "fld fs10, 200(a0)\n\t"
                   "fld fs11, 208(a0)\n\t"
                   "li a0, 1\n\t"
                   "jr ra" ::
                       : "memory");
}

extern "C" __attribute__((naked)) void calldefer(void *) {
  __asm__ volatile(
      "addi sp, sp, -16\n\t"
      "sd ra, 8(sp)\n\t"
      "sd s0, 0(sp)\n\t"
      "addi s0, sp, 16\n\t"
      "ld t0, 0(a0)\n\t"
      "jalr t0\n\t"
      ".globl " SYM("runtime.calldeferret") "\n" SYM("runtime.calldeferret") ":\n\t"
                                                                             "ld ra, 8(sp)\n\t"
                                                                             "ld s0, 0(sp)\n\t"
                                                                             "addi sp, sp, 16\n\t"
                                                                             "ret" ::
                                                                                 : "memory");
}

#else
#error "defer.cpp: no context switch for this GOARCH"
#endif

// The stack a deferred call gets before it starts (rundefer).
constexpr uintptr_t deferStackBytes = 8 << 10;

// rundefer calls d's function as the goroutine's innermost deferred call. A nil func value
// panics as gc's call of it does. Runs on the goroutine owning d.
void rundefer(_defer *d) {
  g *gp = getg();
  if (d->fn == nullptr) PanicMem();
  _defer *prev = gp->deferring;
  gp->deferring = d;
  // With room for the deferred function's frame (and its wrapper's), so that its stack
  // check passes where calldefer called it: recover() works only there (morestack.cpp).
  withstack(deferStackBytes, calldefer, d->fn);
  gp->deferring = prev;
}

// resume continues frame f after a recovered panic: deferframe returns 1 there. Runs on
// the goroutine owning f, deeper on its stack.
void resume(deferframe *f) {
  getg()->deferring = f->deferring;
  stackunwindto(reinterpret_cast<uintptr_t>(f)); // f's frame may be on an older segment
  deferjump(f);
}

// Runs on the goroutine executing the defer statement.
extern "C" void DeferProc(void *frame, void *fn, uint64_t flags) {
  g *gp = getg();
  auto *d = static_cast<_defer *>(mallocgc(sizeof(_defer), &defertype, true));
  d->link = gp->defer_;
  d->fn = fn;
  d->frame = static_cast<deferframe *>(frame);
  d->flags = static_cast<uint32_t>(flags);
  gp->defer_ = d;
}

// Records are popped before their call, as gc's deferreturn does: a panic in the call
// runs the remaining ones, not this one again. Runs on the goroutine returning from frame.
extern "C" void DeferReturn(void *frame) {
  g *gp = getg();
  for (;;) {
    _defer *d = gp->defer_;
    if (d == nullptr || d->frame != frame) return;
    gp->defer_ = d->link;
    rundefer(d);
  }
}

} // namespace runtime
