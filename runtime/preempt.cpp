// Asynchronous preemption; mirrors runtime/preempt.go, preempt_<arch>.s and the
// preemption halves of signal_unix.go and os_windows.go (docs/runtime/proc.md,
// "Preemption").
//
// A goroutine that never calls into the scheduler (`for {}`, a long arithmetic loop) would
// keep its M forever. To stop it, another thread asks (g::preempt) and then interrupts
// the M's thread: linux sends SIGURG to it (os_linux.cpp), windows suspends it and reads
// its registers (os_windows.cpp). Either way the decision is made here:
//
//     wantAsyncPreempt(gp)          gp asked to stop, running on its M, no print lock held
//     isAsyncSafePoint(gp, pc, sp)  pc in compiled Go code, past the entry, not at a
//                                   return; sp on gp's stack with room below it
//     asyncPreemptInject            rewrite the interrupted registers: a call of
//                                   runtime.asyncPreempt from pc
//
// and when the thread resumes, runtime.asyncPreempt (assembly, below) saves every
// register, calls asyncPreempt2, which puts the goroutine on the global run queue and
// enters the scheduler (mcall), and, once the goroutine is scheduled again, restores the
// registers and returns to the interrupted instruction.
//
// Any instruction of compiled Go code is a safe point for talpa: the collector scans
// stacks conservatively (a goroutine stopped anywhere is scanned from its saved sp, and
// asyncPreempt's register save area lies on that stack) and stacks never move. What can
// be unsafe is only where sp is: the injected frame must fit (asyncpreemptstack below,
// checked against the stack's low bound, which also rejects a function whose frame is
// made but whose stack check has not run yet and fails) and it must not overwrite data
// the interrupted code keeps below sp (amd64 SysV's 128-byte red zone, which
// asyncPreempt's injected return address skips). The entry instruction and returns are
// rejected as well: there the frame-pointer chain does not include the interrupted
// function's caller, so a traceback of the stopped goroutine would skip a frame.
//
// The runtime's own code (C++ and assembly) is never interrupted: its pcs are in no
// function of the PC table. Programs without a table (the runtime's smoke tests) are
// never preempted.
#include "proc.h"

namespace runtime {

#define SYM(s) TALPA_STR(__USER_LABEL_PREFIX__) s
#if defined(GOOS_darwin)
#define ALT_ENTRY(s) ".alt_entry " SYM(s) "\n\t"
#else
#define ALT_ENTRY(s)
#endif

// The return address of asyncPreempt's call of asyncPreempt2.
extern "C" const char asyncPreemptRet[] GOSYM("runtime.asyncPreemptRet");

namespace {

// The stack asyncPreempt needs below the interrupted sp: its own frame (with the pushed
// return address or link register, and on amd64 the red zone it skips) plus asyncPreempt2,
// mcall and gogo's save area (windows: 29 words).
#if defined(GOARCH_amd64)
constexpr uintptr_t asyncpreemptstack = 8 + 128 + 16 + 432 + 512;
#elif defined(GOARCH_arm64)
constexpr uintptr_t asyncpreemptstack = 16 + 768 + 512;
#elif defined(GOARCH_riscv64)
constexpr uintptr_t asyncpreemptstack = 16 + 496 + 512;
#else
#error "preempt.cpp: no asyncPreempt for this GOARCH"
#endif

// Whether the instruction at pc returns from its function (its frame record is already
// popped).
bool isreturn(uintptr_t pc) {
#if defined(GOARCH_amd64)
  auto op = *reinterpret_cast<const uint8_t *>(pc);
  return op == 0xc3 || op == 0xc2; // ret, ret imm16
#elif defined(GOARCH_arm64)
  return *reinterpret_cast<const uint32_t *>(pc) == 0xd65f03c0; // ret
#else
  auto lo = *reinterpret_cast<const uint16_t *>(pc);
  if ((lo & 3) != 3) return lo == 0x8082; // c.jr ra
  auto hi = *reinterpret_cast<const uint16_t *>(pc + 2);
  return (uint32_t(hi) << 16 | lo) == 0x00008067; // jalr x0, 0(ra)
#endif
}

} // namespace

bool wantAsyncPreempt(g *gp) {
  if (!__atomic_load_n(&gp->preempt, __ATOMIC_RELAXED)) return false;
  m *mp = gp->m_;
  return mp != nullptr && mp->curg == gp && gp != mp->g0 && gp->status == gstatus::running &&
         mp->locks == 0 && mp->printlock == 0;
}

bool isAsyncSafePoint(g *gp, uintptr_t pc, uintptr_t sp) {
  if (gp->stack.hi == 0 || sp < gp->stack.lo || sp >= gp->stack.hi) return false;
  if (sp - gp->stack.lo < asyncpreemptstack) return false;
  uintptr_t entry = funcentry(pc);
  if (entry == 0 || pc == entry) return false;
  return !isreturn(pc);
}

void asyncPreemptInject(uintptr_t *pc, uintptr_t *sp, uintptr_t *lr) {
#if defined(GOARCH_amd64)
  (void)lr;
  *sp -= 128 + 8;
  *reinterpret_cast<uintptr_t *>(*sp) = *pc;
#else
  // The link register is pushed (16 bytes keep sp aligned) and then holds pc, as if the
  // interrupted instruction had called asyncPreempt.
  *sp -= 16;
  *reinterpret_cast<uintptr_t *>(*sp) = *lr;
  *lr = *pc;
#endif
  *pc = reinterpret_cast<uintptr_t>(asyncPreempt);
}

void preemptyield() {
  g *gp = getg();
  m *mp = gp->m_;
  if (mp == nullptr || mp->curg != gp || mp->locks != 0 || mp->printlock != 0) return;
  gp->preempt = false;
  gopreempt();
}

bool isasyncpreemptret(uintptr_t pc) { return pc == reinterpret_cast<uintptr_t>(asyncPreemptRet); }

// asyncPreempt2 parks the goroutine as runnable and schedules; it returns when the
// goroutine runs again. Runs on the preempted goroutine, called by asyncPreempt.
extern "C" void asyncPreempt2() {
  g *gp = getg();
  gp->preempt = false;
  gp->asyncSafePoint = true;
  gopreempt();
  gp->asyncSafePoint = false;
}

// runtime.asyncPreempt, per arch. Entered as if called from the interrupted pc (see
// asyncPreemptInject); every register compiled code may hold is saved in its frame and
// restored before it returns there.
//
// amd64 frame (from the aligned sp up): 32 bytes of home space (Win64), rax rbx rcx rdx
// rsi rdi r8-r15, xmm0-xmm15; then the flags at rbp-8, the interrupted rbp at rbp, the
// interrupted pc at rbp+8 and the 128 bytes skipped (`ret $128` gives them back). The
// targets' x86-64 baseline has no AVX, so xmm0-15 are the whole vector state.
#if defined(GOARCH_amd64)
extern "C" __attribute__((naked)) void asyncPreempt() {
  __asm__ volatile(
      "pushq %%rbp\n\t"
      "movq %%rsp, %%rbp\n\t"
      "pushfq\n\t"
      "cld\n\t"
      "subq $408, %%rsp\n\t"
      "andq $-16, %%rsp\n\t"
      "movq %%rax, 32(%%rsp)\n\t"
      "movq %%rbx, 40(%%rsp)\n\t"
      "movq %%rcx, 48(%%rsp)\n\t"
      "movq %%rdx, 56(%%rsp)\n\t"
      "movq %%rsi, 64(%%rsp)\n\t"
      "movq %%rdi, 72(%%rsp)\n\t"
      "movq %%r8, 80(%%rsp)\n\t"
      "movq %%r9, 88(%%rsp)\n\t"
      "movq %%r10, 96(%%rsp)\n\t"
      "movq %%r11, 104(%%rsp)\n\t"
      "movq %%r12, 112(%%rsp)\n\t"
      "movq %%r13, 120(%%rsp)\n\t"
      "movq %%r14, 128(%%rsp)\n\t"
      "movq %%r15, 136(%%rsp)\n\t"
      "movaps %%xmm0, 144(%%rsp)\n\t"
      "movaps %%xmm1, 160(%%rsp)\n\t"
      "movaps %%xmm2, 176(%%rsp)\n\t"
      "movaps %%xmm3, 192(%%rsp)\n\t"
      "movaps %%xmm4, 208(%%rsp)\n\t"
      "movaps %%xmm5, 224(%%rsp)\n\t"
      "movaps %%xmm6, 240(%%rsp)\n\t"
      "movaps %%xmm7, 256(%%rsp)\n\t"
      "movaps %%xmm8, 272(%%rsp)\n\t"
      "movaps %%xmm9, 288(%%rsp)\n\t"
      "movaps %%xmm10, 304(%%rsp)\n\t"
      "movaps %%xmm11, 320(%%rsp)\n\t"
      "movaps %%xmm12, 336(%%rsp)\n\t"
      "movaps %%xmm13, 352(%%rsp)\n\t"
      "movaps %%xmm14, 368(%%rsp)\n\t"
      "movaps %%xmm15, 384(%%rsp)\n\t"
      "callq " SYM("runtime.asyncPreempt2") "\n\t" ALT_ENTRY(
          "runtime.asyncPreemptRet") ".globl " SYM("runtime.asyncPreemptRet") "\n" SYM("runtime."
                                                                                       "asyncPreemp"
                                                                                       "tRet") ":\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 14"
                                                                                               "4(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "0\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 16"
                                                                                               "0(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "1\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 17"
                                                                                               "6(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "2\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 19"
                                                                                               "2(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "3\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 20"
                                                                                               "8(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "4\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 22"
                                                                                               "4(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "5\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 24"
                                                                                               "0(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "6\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 25"
                                                                                               "6(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "7\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 27"
                                                                                               "2(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "8\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 28"
                                                                                               "8(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "9\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 30"
                                                                                               "4(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "10"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 32"
                                                                                               "0(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "11"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 33"
                                                                                               "6(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "12"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 35"
                                                                                               "2(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "13"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 36"
                                                                                               "8(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "14"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "aps"
                                                                                               " 38"
                                                                                               "4(%"
                                                                                               "%rs"
                                                                                               "p),"
                                                                                               " %%"
                                                                                               "xmm"
                                                                                               "15"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "32("
                                                                                               "%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "rax"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "40("
                                                                                               "%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "rbx"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "48("
                                                                                               "%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "rcx"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "56("
                                                                                               "%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "rdx"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "64("
                                                                                               "%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "rsi"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "72("
                                                                                               "%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "rdi"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "80("
                                                                                               "%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "r8"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "88("
                                                                                               "%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "r9"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "96("
                                                                                               "%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "r10"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "104"
                                                                                               "(%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "r11"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "112"
                                                                                               "(%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "r12"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "120"
                                                                                               "(%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "r13"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "128"
                                                                                               "(%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "r14"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "mov"
                                                                                               "q "
                                                                                               "136"
                                                                                               "(%%"
                                                                                               "rsp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "r15"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "lea"
                                                                                               "q "
                                                                                               "-8("
                                                                                               "%%"
                                                                                               "rbp"
                                                                                               "), "
                                                                                               "%%"
                                                                                               "rsp"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "pop"
                                                                                               "fq"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "pop"
                                                                                               "q "
                                                                                               "%%"
                                                                                               "rbp"
                                                                                               "\n"
                                                                                               "\t"
                                                                                               "ret"
                                                                                               "q "
                                                                                               "$12"
                                                                                               "8" ::
                                                                                                   : "memory");
}

// arm64 frame (784 bytes from sp): x29, x30 (the interrupted pc), x0-x17, x19-x28, nzcv,
// fpsr, q0-q31; above it the 16 bytes asyncPreemptInject pushed (the interrupted x30).
// The return jumps through x18, which compiled Go code on linux/arm64 never uses (the
// target reserves it: targets/linux_arm64.json); windows and darwin reserve x18 for the OS,
// so they do not preempt (preemptMSupported is false there).
#elif defined(GOARCH_arm64)
extern "C" __attribute__((naked)) void asyncPreempt() {
  __asm__ volatile(
      "sub sp, sp, #768\n\t"
      "stp x29, x30, [sp]\n\t"
      "mov x29, sp\n\t"
      "stp x0, x1, [sp, #16]\n\t"
      "stp x2, x3, [sp, #32]\n\t"
      "stp x4, x5, [sp, #48]\n\t"
      "stp x6, x7, [sp, #64]\n\t"
      "stp x8, x9, [sp, #80]\n\t"
      "stp x10, x11, [sp, #96]\n\t"
      "stp x12, x13, [sp, #112]\n\t"
      "stp x14, x15, [sp, #128]\n\t"
      "stp x16, x17, [sp, #144]\n\t"
      "stp x19, x20, [sp, #160]\n\t"
      "stp x21, x22, [sp, #176]\n\t"
      "stp x23, x24, [sp, #192]\n\t"
      "stp x25, x26, [sp, #208]\n\t"
      "stp x27, x28, [sp, #224]\n\t"
      "mrs x0, nzcv\n\t"
      "mrs x1, fpsr\n\t"
      "stp x0, x1, [sp, #240]\n\t"
      "stp q0, q1, [sp, #256]\n\t"
      "stp q2, q3, [sp, #288]\n\t"
      "stp q4, q5, [sp, #320]\n\t"
      "stp q6, q7, [sp, #352]\n\t"
      "stp q8, q9, [sp, #384]\n\t"
      "stp q10, q11, [sp, #416]\n\t"
      "stp q12, q13, [sp, #448]\n\t"
      "stp q14, q15, [sp, #480]\n\t"
      "stp q16, q17, [sp, #512]\n\t"
      "stp q18, q19, [sp, #544]\n\t"
      "stp q20, q21, [sp, #576]\n\t"
      "stp q22, q23, [sp, #608]\n\t"
      "stp q24, q25, [sp, #640]\n\t"
      "stp q26, q27, [sp, #672]\n\t"
      "stp q28, q29, [sp, #704]\n\t"
      "stp q30, q31, [sp, #736]\n\t"
      "bl " SYM("runtime.asyncPreempt2") "\n\t" ALT_ENTRY("runtime.asyncPreemptRet") ".globl " SYM(
          "runtime.asyncPreemptRet") "\n" SYM("runtime.asyncPreemptRet") ":\n\t"
                                                                         "ldp q0, q1, [sp, "
                                                                         "#256]\n\t"
                                                                         "ldp q2, q3, [sp, "
                                                                         "#288]\n\t"
                                                                         "ldp q4, q5, [sp, "
                                                                         "#320]\n\t"
                                                                         "ldp q6, q7, [sp, "
                                                                         "#352]\n\t"
                                                                         "ldp q8, q9, [sp, "
                                                                         "#384]\n\t"
                                                                         "ldp q10, q11, [sp, "
                                                                         "#416]\n\t"
                                                                         "ldp q12, q13, [sp, "
                                                                         "#448]\n\t"
                                                                         "ldp q14, q15, [sp, "
                                                                         "#480]\n\t"
                                                                         "ldp q16, q17, [sp, "
                                                                         "#512]\n\t"
                                                                         "ldp q18, q19, [sp, "
                                                                         "#544]\n\t"
                                                                         "ldp q20, q21, [sp, "
                                                                         "#576]\n\t"
                                                                         "ldp q22, q23, [sp, "
                                                                         "#608]\n\t"
                                                                         "ldp q24, q25, [sp, "
                                                                         "#640]\n\t"
                                                                         "ldp q26, q27, [sp, "
                                                                         "#672]\n\t"
                                                                         "ldp q28, q29, [sp, "
                                                                         "#704]\n\t"
                                                                         "ldp q30, q31, [sp, "
                                                                         "#736]\n\t"
                                                                         "ldp x0, x1, [sp, "
                                                                         "#240]\n\t"
                                                                         "msr nzcv, x0\n\t"
                                                                         "msr fpsr, x1\n\t"
                                                                         "ldp x0, x1, [sp, #16]\n\t"
                                                                         "ldp x2, x3, [sp, #32]\n\t"
                                                                         "ldp x4, x5, [sp, #48]\n\t"
                                                                         "ldp x6, x7, [sp, #64]\n\t"
                                                                         "ldp x8, x9, [sp, #80]\n\t"
                                                                         "ldp x10, x11, [sp, "
                                                                         "#96]\n\t"
                                                                         "ldp x12, x13, [sp, "
                                                                         "#112]\n\t"
                                                                         "ldp x14, x15, [sp, "
                                                                         "#128]\n\t"
                                                                         "ldp x16, x17, [sp, "
                                                                         "#144]\n\t"
                                                                         "ldp x19, x20, [sp, "
                                                                         "#160]\n\t"
                                                                         "ldp x21, x22, [sp, "
                                                                         "#176]\n\t"
                                                                         "ldp x23, x24, [sp, "
                                                                         "#192]\n\t"
                                                                         "ldp x25, x26, [sp, "
                                                                         "#208]\n\t"
                                                                         "ldp x27, x28, [sp, "
                                                                         "#224]\n\t"
                                                                         "ldr x18, [sp, #8]\n\t"
                                                                         "ldr x29, [sp]\n\t"
                                                                         "ldr x30, [sp, #768]\n\t"
                                                                         "add sp, sp, #784\n\t"
                                                                         "br x18" ::
                                                                             : "memory");
}

// riscv64 frame (496 bytes from sp): t0-t2, s1, a0-a7, s2-s11, t3-t6, f0-f31, fcsr, then
// the frame record (s0 at 480, ra = the interrupted pc at 488, so s0 = sp + 496 as the
// traceback expects); above it the 16 bytes asyncPreemptInject pushed (the interrupted
// ra). The return jumps through gp, which nothing uses in a talpa executable (the linker
// does no gp-relative relaxation); tp holds the thread's block and is left alone.
#elif defined(GOARCH_riscv64)
extern "C" __attribute__((naked)) void asyncPreempt() {
  __asm__ volatile(
      "addi sp, sp, -496\n\t"
      "sd ra, 488(sp)\n\t"
      "sd s0, 480(sp)\n\t"
      "addi s0, sp, 496\n\t"
      "sd t0, 0(sp)\n\t"
      "sd t1, 8(sp)\n\t"
      "sd t2, 16(sp)\n\t"
      "sd s1, 24(sp)\n\t"
      "sd a0, 32(sp)\n\t"
      "sd a1, 40(sp)\n\t"
      "sd a2, 48(sp)\n\t"
      "sd a3, 56(sp)\n\t"
      "sd a4, 64(sp)\n\t"
      "sd a5, 72(sp)\n\t"
      "sd a6, 80(sp)\n\t"
      "sd a7, 88(sp)\n\t"
      "sd s2, 96(sp)\n\t"
      "sd s3, 104(sp)\n\t"
      "sd s4, 112(sp)\n\t"
      "sd s5, 120(sp)\n\t"
      "sd s6, 128(sp)\n\t"
      "sd s7, 136(sp)\n\t"
      "sd s8, 144(sp)\n\t"
      "sd s9, 152(sp)\n\t"
      "sd s10, 160(sp)\n\t"
      "sd s11, 168(sp)\n\t"
      "sd t3, 176(sp)\n\t"
      "sd t4, 184(sp)\n\t"
      "sd t5, 192(sp)\n\t"
      "sd t6, 200(sp)\n\t"
      "fsd f0, 208(sp)\n\t"
      "fsd f1, 216(sp)\n\t"
      "fsd f2, 224(sp)\n\t"
      "fsd f3, 232(sp)\n\t"
      "fsd f4, 240(sp)\n\t"
      "fsd f5, 248(sp)\n\t"
      "fsd f6, 256(sp)\n\t"
      "fsd f7, 264(sp)\n\t"
      "fsd f8, 272(sp)\n\t"
      "fsd f9, 280(sp)\n\t"
      "fsd f10, 288(sp)\n\t"
      "fsd f11, 296(sp)\n\t"
      "fsd f12, 304(sp)\n\t"
      "fsd f13, 312(sp)\n\t"
      "fsd f14, 320(sp)\n\t"
      "fsd f15, 328(sp)\n\t"
      "fsd f16, 336(sp)\n\t"
      "fsd f17, 344(sp)\n\t"
      "fsd f18, 352(sp)\n\t"
      "fsd f19, 360(sp)\n\t"
      "fsd f20, 368(sp)\n\t"
      "fsd f21, 376(sp)\n\t"
      "fsd f22, 384(sp)\n\t"
      "fsd f23, 392(sp)\n\t"
      "fsd f24, 400(sp)\n\t"
      "fsd f25, 408(sp)\n\t"
      "fsd f26, 416(sp)\n\t"
      "fsd f27, 424(sp)\n\t"
      "fsd f28, 432(sp)\n\t"
      "fsd f29, 440(sp)\n\t"
      "fsd f30, 448(sp)\n\t"
      "fsd f31, 456(sp)\n\t"
      "frcsr t0\n\t"
      "sd t0, 464(sp)\n\t"
      "call " SYM("runtime.asyncPreempt2") "\n\t"
                                           ".globl " SYM("runtime.asyncPreemptRet") "\n" SYM(
                                               "runtime.asyncPreemptRet") ":\n\t"
                                                                          "ld t0, 464(sp)\n\t"
                                                                          "fscsr t0\n\t"
                                                                          "fld f0, 208(sp)\n\t"
                                                                          "fld f1, 216(sp)\n\t"
                                                                          "fld f2, 224(sp)\n\t"
                                                                          "fld f3, 232(sp)\n\t"
                                                                          "fld f4, 240(sp)\n\t"
                                                                          "fld f5, 248(sp)\n\t"
                                                                          "fld f6, 256(sp)\n\t"
                                                                          "fld f7, 264(sp)\n\t"
                                                                          "fld f8, 272(sp)\n\t"
                                                                          "fld f9, 280(sp)\n\t"
                                                                          "fld f10, 288(sp)\n\t"
                                                                          "fld f11, 296(sp)\n\t"
                                                                          "fld f12, 304(sp)\n\t"
                                                                          "fld f13, 312(sp)\n\t"
                                                                          "fld f14, 320(sp)\n\t"
                                                                          "fld f15, 328(sp)\n\t"
                                                                          "fld f16, 336(sp)\n\t"
                                                                          "fld f17, 344(sp)\n\t"
                                                                          "fld f18, 352(sp)\n\t"
                                                                          "fld f19, 360(sp)\n\t"
                                                                          "fld f20, 368(sp)\n\t"
                                                                          "fld f21, 376(sp)\n\t"
                                                                          "fld f22, 384(sp)\n\t"
                                                                          "fld f23, 392(sp)\n\t"
                                                                          "fld f24, 400(sp)\n\t"
                                                                          "fld f25, 408(sp)\n\t"
                                                                          "fld f26, 416(sp)\n\t"
                                                                          "fld f27, 424(sp)\n\t"
                                                                          "fld f28, 432(sp)\n\t"
                                                                          "fld f29, 440(sp)\n\t"
                                                                          "fld f30, 448(sp)\n\t"
                                                                          "fld f31, 456(sp)\n\t"
                                                                          "ld t0, 0(sp)\n\t"
                                                                          "ld t1, 8(sp)\n\t"
                                                                          "ld t2, 16(sp)\n\t"
                                                                          "ld s1, 24(sp)\n\t"
                                                                          "ld a0, 32(sp)\n\t"
                                                                          "ld a1, 40(sp)\n\t"
                                                                          "ld a2, 48(sp)\n\t"
                                                                          "ld a3, 56(sp)\n\t"
                                                                          "ld a4, 64(sp)\n\t"
                                                                          "ld a5, 72(sp)\n\t"
                                                                          "ld a6, 80(sp)\n\t"
                                                                          "ld a7, 88(sp)\n\t"
                                                                          "ld s2, 96(sp)\n\t"
                                                                          "ld s3, 104(sp)\n\t"
                                                                          "ld s4, 112(sp)\n\t"
                                                                          "ld s5, 120(sp)\n\t"
                                                                          "ld s6, 128(sp)\n\t"
                                                                          "ld s7, 136(sp)\n\t"
                                                                          "ld s8, 144(sp)\n\t"
                                                                          "ld s9, 152(sp)\n\t"
                                                                          "ld s10, 160(sp)\n\t"
                                                                          "ld s11, 168(sp)\n\t"
                                                                          "ld t3, 176(sp)\n\t"
                                                                          "ld t4, 184(sp)\n\t"
                                                                          "ld t5, 192(sp)\n\t"
                                                                          "ld t6, 200(sp)\n\t"
                                                                          "ld gp, 488(sp)\n\t"
                                                                          "ld s0, 480(sp)\n\t"
                                                                          "ld ra, 496(sp)\n\t"
                                                                          "addi sp, sp, 512\n\t"
                                                                          "jr gp" ::
                                                                              : "memory");
}
#endif

} // namespace runtime
