// OS threads on linux: clone, the new thread's start, its signal stack; mirrors newosproc
// and minit of runtime/os_linux.go and clone in sys_linux_<arch>.s.
//
// newosproc gives the M a g0 stack (g0stacksize bytes of fresh memory) and makes a thread
// with clone(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_SYSVSEM |
// CLONE_THREAD | CLONE_SETTLS), whose thread pointer (amd64 fs base, arm64 tpidr_el0,
// riscv64 tp) is the M's TLS block from its first instruction, and whose stack pointer is
// the top of g0's stack, where newosproc left the M and the entry function:
//
//     g0.stack.hi ->  +-------------+
//                     | threadstart |   popped by the child half of talpaclone
//                     | mp          |
//     child sp    ->  +-------------+
//
// The kernel's argument order for the TLS value differs between architectures (amd64:
// the fifth argument; arm64, riscv64: the fourth); talpaclone passes it in both, since
// without CLONE_PARENT_SETTID / CLONE_CHILD_SETTID the tid pointers are ignored. The child
// never returns into C frames (its stack is new): it calls threadstart(mp), which sets
// the thread up (minit: its tid, its own alternate signal stack, so a fault on any M is
// handled on that M's) and enters the scheduler (mstart).
#include "proc.h"

#if defined(GOARCH_amd64)
#include "sys_linux_amd64.h"
#elif defined(GOARCH_arm64)
#include "sys_linux_arm64.h"
#elif defined(GOARCH_riscv64)
#include "sys_linux_riscv64.h"
#endif

namespace runtime {

namespace {

#if defined(GOARCH_amd64)
constexpr uintptr_t SYS_gettid = 186;
#else
constexpr uintptr_t SYS_gettid = 178;
#endif

constexpr uintptr_t CLONE_VM = 0x100;
constexpr uintptr_t CLONE_FS = 0x200;
constexpr uintptr_t CLONE_FILES = 0x400;
constexpr uintptr_t CLONE_SIGHAND = 0x800;
constexpr uintptr_t CLONE_THREAD = 0x10000;
constexpr uintptr_t CLONE_SYSVSEM = 0x40000;
constexpr uintptr_t CLONE_SETTLS = 0x80000;
constexpr uintptr_t cloneFlags =
    CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_SYSVSEM | CLONE_THREAD | CLONE_SETTLS;
constexpr uintptr_t sigaltstacksize = 64 << 10; // as initsig's (os_linux.cpp)

// talpaclone(flags, stk, tls): the clone system call; the parent gets the child's tid
// (or -errno), the child pops mp and the entry function from stk and calls entry(mp).
extern "C" intptr_t talpaclone(uintptr_t flags, uintptr_t stk, uintptr_t tls)
    GOSYM("runtime.clone");

#if defined(GOARCH_amd64)
__asm__(".text\n"
        ".globl runtime.clone\n"
        ".type runtime.clone, @function\n"
        ".p2align 4\n"
        "runtime.clone:\n"
        "  movq %rdx, %r8\n" // tls: the fifth argument on x86-64
        "  movq %rdx, %r10\n"
        "  xorl %edx, %edx\n"
        "  movl $56, %eax\n" // SYS_clone
        "  syscall\n"
        "  testq %rax, %rax\n"
        "  jnz 1f\n"
        "  popq %rdi\n" // mp
        "  popq %rax\n" // threadstart
        "  xorl %ebp, %ebp\n"
        "  callq *%rax\n"
        "  ud2\n"
        "1:\n"
        "  ret\n"
        ".size runtime.clone, .-runtime.clone\n");
#elif defined(GOARCH_arm64)
__asm__(".text\n"
        ".globl runtime.clone\n"
        ".type runtime.clone, %function\n"
        ".p2align 2\n"
        "runtime.clone:\n"
        "  mov x3, x2\n" // tls
        "  mov x4, x2\n"
        "  mov x2, xzr\n"
        "  mov x8, #220\n" // SYS_clone
        "  svc #0\n"
        "  cbz x0, 1f\n"
        "  ret\n"
        "1:\n"
        "  ldp x0, x1, [sp], #16\n" // mp, threadstart
        "  mov x29, xzr\n"
        "  mov x30, xzr\n"
        "  blr x1\n"
        "  brk #0\n"
        ".size runtime.clone, .-runtime.clone\n");
#elif defined(GOARCH_riscv64)
__asm__(".text\n"
        ".globl runtime.clone\n"
        ".type runtime.clone, @function\n"
        ".p2align 2\n"
        "runtime.clone:\n"
        "  mv a3, a2\n" // tls
        "  mv a4, a2\n"
        "  li a2, 0\n"
        "  li a7, 220\n" // SYS_clone
        "  ecall\n"
        "  beqz a0, 1f\n"
        "  ret\n"
        "1:\n"
        "  ld a0, 0(sp)\n" // mp
        "  ld t0, 8(sp)\n" // threadstart
        "  addi sp, sp, 16\n"
        "  li s0, 0\n"
        "  li ra, 0\n"
        "  jalr t0\n"
        "  unimp\n"
        ".size runtime.clone, .-runtime.clone\n");
#else
#error "os_thread_linux.cpp: no clone for this GOARCH"
#endif

bool failed(intptr_t r) { return r < 0 && r >= -4095; }

// The child's first C function, on g0's stack. The thread pointer is set (CLONE_SETTLS);
// settls again keeps the block's self word right whatever the kernel did.
[[noreturn]] void threadstart(m *mp) {
  settls(&mp->tls);
  mstart(mp);
}

} // namespace

// Runs on any M.
void newosproc(m *mp) {
  void *stk = sysAlloc(g0stacksize);
  if (stk == nullptr) throw_("runtime: cannot allocate an M's stack");
  g *g0p = mp->g0;
  g0p->stack.lo = reinterpret_cast<uintptr_t>(stk);
  g0p->stack.hi = g0p->stack.lo + g0stacksize;
  g0p->stackguard0 = g0p->stack.lo;
  g0p->stackguard1 = g0p->stack.lo;
  auto *sp = reinterpret_cast<uintptr_t *>((g0p->stack.hi & ~uintptr_t(15)) - 16);
  sp[0] = reinterpret_cast<uintptr_t>(mp);
  sp[1] = reinterpret_cast<uintptr_t>(threadstart);
  intptr_t r = talpaclone(cloneFlags, reinterpret_cast<uintptr_t>(sp),
                          reinterpret_cast<uintptr_t>(&mp->tls));
  if (failed(r)) {
    printcstr("runtime: failed to create new OS thread\n");
    throw_("newosproc");
  }
}

// ---- Threads that end (mexit) ----

namespace {

#if defined(GOARCH_amd64)
constexpr uintptr_t SYS_rt_sigprocmask = 14;
#else
constexpr uintptr_t SYS_rt_sigprocmask = 135;
#endif
constexpr uintptr_t SS_DISABLE = 2;

// exitthread(wait): stores 0 in *wait, then the exit system call (this thread only),
// touching no stack in between: once *wait is 0 another M may free this one's stacks.
// Go: exitThread (sys_linux_<arch>.s).
extern "C" [[noreturn]] void exitthread(uint32_t *wait) GOSYM("runtime.exitthread");

#if defined(GOARCH_amd64)
__asm__(".text\n"
        ".globl runtime.exitthread\n"
        ".type runtime.exitthread, @function\n"
        ".p2align 4\n"
        "runtime.exitthread:\n"
        "  movl $0, (%rdi)\n" // a release store on x86-64
        "  xorl %edi, %edi\n"
        "  movl $60, %eax\n" // SYS_exit
        "  syscall\n"
        "  ud2\n"
        ".size runtime.exitthread, .-runtime.exitthread\n");
#elif defined(GOARCH_arm64)
__asm__(".text\n"
        ".globl runtime.exitthread\n"
        ".type runtime.exitthread, %function\n"
        ".p2align 2\n"
        "runtime.exitthread:\n"
        "  stlr wzr, [x0]\n"
        "  mov x0, xzr\n"
        "  mov x8, #93\n" // SYS_exit
        "  svc #0\n"
        "  brk #0\n"
        ".size runtime.exitthread, .-runtime.exitthread\n");
#elif defined(GOARCH_riscv64)
__asm__(".text\n"
        ".globl runtime.exitthread\n"
        ".type runtime.exitthread, @function\n"
        ".p2align 2\n"
        "runtime.exitthread:\n"
        "  fence rw, w\n"
        "  sw zero, 0(a0)\n"
        "  li a0, 0\n"
        "  li a7, 93\n" // SYS_exit
        "  ecall\n"
        "  unimp\n"
        ".size runtime.exitthread, .-runtime.exitthread\n");
#endif

} // namespace

// Runs on mp's g0. Signals are blocked first: with the signal stack gone a handler would
// run on g0's stack, which another M may free as soon as freewait is 0.
void exitThread(m *mp) {
  uint64_t all = ~uint64_t(0);
  sys::syscall6(SYS_rt_sigprocmask, 2 /* SIG_SETMASK */, reinterpret_cast<uintptr_t>(&all), 0,
                sizeof(all), 0, 0);
  struct {
    void *ss_sp;
    int32_t ss_flags;
    uintptr_t ss_size;
  } st{};
  st.ss_flags = SS_DISABLE;
  sys::syscall6(sys::SYS_sigaltstack, reinterpret_cast<uintptr_t>(&st), 0, 0, 0, 0, 0);
  exitthread(&mp->freewait);
}

// Runs on any M, once mp's thread is gone.
void mfree(m *mp) {
  g *g0p = mp->g0;
  sysFree(reinterpret_cast<void *>(g0p->stack.lo), g0stacksize);
  if (mp->gsignalstack != nullptr) sysFree(mp->gsignalstack, sigaltstacksize);
  mp->gsignalstack = nullptr;
}

// Runs on the new M.
void minit(m *mp) {
  mp->procid = static_cast<uint64_t>(sys::syscall6(SYS_gettid, 0, 0, 0, 0, 0, 0));
  struct {
    void *ss_sp;
    int32_t ss_flags;
    uintptr_t ss_size;
  } st{};
  st.ss_sp = sysAlloc(sigaltstacksize);
  if (st.ss_sp == nullptr) throw_("runtime: cannot allocate the signal stack");
  st.ss_size = sigaltstacksize;
  mp->gsignalstack = st.ss_sp;
  if (failed(sys::syscall6(sys::SYS_sigaltstack, reinterpret_cast<uintptr_t>(&st), 0, 0, 0, 0, 0)))
    throw_("runtime: sigaltstack failed");
}

} // namespace runtime
