// The linux OS layer: raw system calls, no libc; mirrors runtime/os_linux.go,
// mem_linux.go and the system-call stubs of sys_linux_<arch>.s.
//
// A talpa linux executable is a static, non-PIE ELF file that talks to the kernel only
// through the system-call instruction (syscall / svc #0 / ecall, in sys_linux_<arch>.h).
// The kernel starts it at _start (rt0_linux_<arch>.S) with the stack holding
//
//     sp -> argc | argv[0] ... argv[argc-1] | 0 | envp[0] ... | 0 | auxv pairs ... | AT_NULL
//
// and _start passes argc and &argv[0] to rt0_go. The environment follows argv, which is
// how goenvs finds it without being told (Go: goenvs_unix). System calls return -errno
// in [-4095, -1] on failure.
//
// Faults: initsig gives the process an alternate signal stack (sigaltstack, memory from
// sysAlloc) and installs sigtramp for the synchronous signals with SA_ONSTACK |
// SA_SIGINFO, so that a handler still has a stack when the main goroutine's is used up.
// sigtramp decodes siginfo (signal, si_code, si_addr) and the ucontext's pc and sp
// (sys_linux_<arch>.h) into a sigfault and calls sigpanic (signal.cpp), which reports
// and exits: no handler returns yet, though amd64's SA_RESTORER trampoline is in place
// for when one does. With threads, each M will need its own alternate stack (gc:
// minitSignalStack).
#include "proc.h"

#if defined(GOARCH_amd64)
#include "sys_linux_amd64.h"
#elif defined(GOARCH_arm64)
#include "sys_linux_arm64.h"
#elif defined(GOARCH_riscv64)
#include "sys_linux_riscv64.h"
#else
#error "os_linux.cpp: no sys_linux_<arch>.h for this GOARCH"
#endif

namespace runtime {

namespace {

constexpr uintptr_t PROT_NONE = 0x0;
constexpr uintptr_t PROT_READ = 0x1;
constexpr uintptr_t PROT_WRITE = 0x2;
constexpr uintptr_t MAP_PRIVATE = 0x02;
constexpr uintptr_t MAP_ANONYMOUS = 0x20;
constexpr uintptr_t MAP_NORESERVE = 0x4000;
constexpr intptr_t EINTR = 4;

// Signals, si_codes and sigaction flags, the same on every linux target talpa supports
// (asm-generic and x86). Go: defs_linux_<arch>.go.
constexpr uint32_t SIGILL = 4;
constexpr uint32_t SIGTRAP = 5;
constexpr uint32_t SIGBUS = 7;
constexpr uint32_t SIGFPE = 8;
constexpr uint32_t SIGSEGV = 11;
constexpr int32_t SEGV_MAPERR = 1;
constexpr int32_t SEGV_ACCERR = 2;
constexpr int32_t BUS_ADRERR = 2;
constexpr int32_t FPE_INTDIV = 1;
constexpr int32_t FPE_INTOVF = 2;
// What unixsigfault needs to know of this kernel's numbering.
constexpr unixsignals signums = {SIGSEGV,     SIGBUS,     SIGFPE,     SIGILL,    SEGV_MAPERR,
                                 SEGV_ACCERR, BUS_ADRERR, FPE_INTDIV, FPE_INTOVF};
constexpr uint64_t SA_SIGINFO = 0x4;
constexpr uint64_t SA_ONSTACK = 0x08000000;
constexpr uintptr_t sigaltstacksize = 64 << 10; // gc: 32 KiB (malg(32*1024))

// The head of siginfo_t: the fields a fault fills (si_addr is the first member of the
// union after 4 bytes of padding). Go: siginfo (defs_linux_<arch>.go).
struct siginfo {
  int32_t si_signo;
  int32_t si_errno;
  int32_t si_code;
  int32_t pad;
  uintptr_t si_addr;
};
static_assert(offsetof(siginfo, si_addr) == 16);

// stack_t, for sigaltstack. Go: stackt.
struct stackt {
  void *ss_sp;
  int32_t ss_flags;
  uintptr_t ss_size;
};
static_assert(sizeof(stackt) == 24 && offsetof(stackt, ss_size) == 16);

bool failed(intptr_t r) { return r < 0 && r >= -4095; }

// sigtramp is every synchronous signal's handler: it turns the kernel's record into a
// sigfault, classified as gc's sighandler and sigpanic classify it, and reports. Go:
// sigtramp + sigtrampgo + sighandler. Runs on the alternate signal stack, with the
// signal blocked.
void sigtramp(int32_t sig, siginfo *info, void *ctx) {
  auto *uc = static_cast<sys::ucontext *>(ctx);
  sigfault f = unixsigfault(signums, static_cast<uint32_t>(sig), info->si_code, info->si_addr,
                            sys::sigpc(uc), sys::sigsp(uc));
  f.fp = sys::sigfp(uc);
  if (sigtopanic(f)) {
    // The goroutine resumes in sigpanictramp, called from the faulting pc. Go:
    // preparePanic (signal_<arch>.go).
    sys::setsigpanic(uc, reinterpret_cast<uintptr_t>(sigpanictramp));
    return;
  }
  sigpanic(f);
}

// setsig installs sigtramp for sig. Go: setsig (os_linux.go). Runs once per signal in
// initsig.
void setsig(uint32_t sig) {
  sys::sigactiont sa{};
  sa.sa_handler = reinterpret_cast<void *>(sigtramp);
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | sys::SA_RESTORER;
#if defined(GOARCH_amd64)
  sa.sa_restorer = reinterpret_cast<void *>(sys::sigreturn);
#endif
  // sa_mask empty: the signal itself is blocked while its handler runs; the others stay
  // deliverable, so a fault inside the handler is reported rather than hanging.
  intptr_t r = sys::syscall6(sys::SYS_rt_sigaction, sig, reinterpret_cast<uintptr_t>(&sa), 0,
                             sizeof sa.sa_mask, 0, 0);
  if (failed(r)) throw_("runtime: rt_sigaction failed");
}

} // namespace

namespace {

// ---- Preemption (preempt.cpp; docs/runtime/proc.md "Preemption") ----
//
// preemptM sends SIGURG (gc's sigPreempt: a signal programs rarely use, ignored by
// default) to the M's thread; its handler, sigpreempt, rewrites the interrupted context
// to call runtime.asyncPreempt when the goroutine wants it and stands at an asynchronous
// safe point, and otherwise returns at once. SA_RESTART: a system call the signal
// interrupts restarts (the runtime's own calls retry EINTR as well).

constexpr uint32_t SIGURG = 23;
constexpr uint64_t SA_RESTART = 0x10000000;
#if defined(GOARCH_amd64)
constexpr uintptr_t SYS_getpid = 39, SYS_tgkill = 234;
#else
constexpr uintptr_t SYS_getpid = 172, SYS_tgkill = 131;
#endif
uintptr_t pid; // for tgkill (setpreemptsig)

// Go: sighandler's sigPreempt case + doSigPreempt. Runs on the alternate signal stack,
// SIGURG blocked.
void sigpreempt(int32_t sig, siginfo *info, void *ctx) {
  (void)sig;
  (void)info;
  g *gp = getg();
  if (gp == nullptr) return;
  auto *uc = static_cast<sys::ucontext *>(ctx);
  if (wantAsyncPreempt(gp) && isAsyncSafePoint(gp, sys::sigpc(uc), sys::sigsp(uc))) {
#if defined(GOARCH_amd64)
    uintptr_t pc = uc->rip, sp = uc->rsp;
    asyncPreemptInject(&pc, &sp, nullptr);
    uc->rip = pc;
    uc->rsp = sp;
#else
#if defined(GOARCH_arm64)
    uintptr_t *lr = reinterpret_cast<uintptr_t *>(&uc->regs[30]);
#else
    uintptr_t *lr = reinterpret_cast<uintptr_t *>(&uc->ra);
#endif
    uintptr_t pc = uc->pc, sp = uc->sp;
    asyncPreemptInject(&pc, &sp, lr);
    uc->pc = pc;
    uc->sp = sp;
#endif
  }
  if (m *mp = gp->m_; mp != nullptr) __atomic_store_n(&mp->signalPending, 0, __ATOMIC_RELEASE);
}

void setpreemptsig() {
  pid = static_cast<uintptr_t>(sys::syscall6(SYS_getpid, 0, 0, 0, 0, 0, 0));
  sys::sigactiont sa{};
  sa.sa_handler = reinterpret_cast<void *>(sigpreempt);
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART | sys::SA_RESTORER;
#if defined(GOARCH_amd64)
  sa.sa_restorer = reinterpret_cast<void *>(sys::sigreturn);
#endif
  intptr_t r = sys::syscall6(sys::SYS_rt_sigaction, SIGURG, reinterpret_cast<uintptr_t>(&sa), 0,
                             sizeof sa.sa_mask, 0, 0);
  if (failed(r)) throw_("runtime: rt_sigaction failed");
}

} // namespace

// write1 retries short writes and EINTR. Runs on any thread.
int32_t write1(uintptr_t fd, const void *p, int32_t n) {
  auto *b = static_cast<const uint8_t *>(p);
  int32_t done = 0;
  while (done < n) {
    intptr_t r = sys::syscall6(sys::SYS_write, fd, reinterpret_cast<uintptr_t>(b + done),
                               static_cast<uintptr_t>(n - done), 0, 0, 0);
    if (r == -EINTR) continue;
    if (failed(r) || r == 0) return done > 0 ? done : static_cast<int32_t>(r);
    done += static_cast<int32_t>(r);
  }
  return done;
}

// exit ends every thread of the process (exit_group, not exit). Go: exit. Runs anywhere.
void exit(int32_t code) {
  for (;;)
    sys::syscall6(sys::SYS_exit_group, static_cast<uintptr_t>(code), 0, 0, 0, 0, 0);
}

// sysAlloc maps n bytes of anonymous memory, which the kernel zeroes. Go: sysAlloc.
// Runs on any thread; the caller (the heap) serialises.
void *sysAlloc(uintptr_t n) {
  intptr_t r = sys::syscall6(sys::SYS_mmap, 0, n, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, ~uintptr_t(0), 0);
  if (failed(r)) return nullptr;
  return reinterpret_cast<void *>(r);
}

// sysReserve maps n bytes of read-write anonymous memory that is committed page by page
// as it is touched. Runs on any thread.
void *sysReserve(uintptr_t n) {
  intptr_t r = sys::syscall6(sys::SYS_mmap, 0, n, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, ~uintptr_t(0), 0);
  if (failed(r)) return nullptr;
  return reinterpret_cast<void *>(r);
}

// sysReserveAligned over-reserves by align and unmaps the misaligned head and the tail.
// Runs on any thread; the caller (the heap) serialises.
void *sysReserveAligned(uintptr_t n, uintptr_t align) {
  intptr_t r = sys::syscall6(sys::SYS_mmap, 0, n + align, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, ~uintptr_t(0), 0);
  if (failed(r)) return nullptr;
  auto p = static_cast<uintptr_t>(r);
  uintptr_t base = (p + align - 1) & ~(align - 1);
  if (base > p) sys::syscall6(sys::SYS_munmap, p, base - p, 0, 0, 0, 0);
  if (p + n + align > base + n) {
    sys::syscall6(sys::SYS_munmap, base + n, p + n + align - (base + n), 0, 0, 0, 0);
  }
  return reinterpret_cast<void *>(base);
}

// The reservation is read-write already; the kernel commits pages as they are touched.
bool sysMap(void *p, uintptr_t n) {
  (void)p;
  (void)n;
  return true;
}

void sysFree(void *p, uintptr_t n) {
  sys::syscall6(sys::SYS_munmap, reinterpret_cast<uintptr_t>(p), n, 0, 0, 0, 0);
}

// nanotime reads CLOCK_MONOTONIC through the vDSO, or by system call where there is none.
// Runs anywhere (a handful of stack words for the vDSO's code).
int64_t nanotime() {
  struct {
    int64_t sec;
    int64_t nsec;
  } ts{};
  constexpr uintptr_t CLOCK_MONOTONIC = 1;
  if (vdsoClockGettime != nullptr && vdsoClockGettime(CLOCK_MONOTONIC, &ts) == 0)
    return ts.sec * 1000000000 + ts.nsec;
  sys::syscall6(sys::SYS_clock_gettime, CLOCK_MONOTONIC, reinterpret_cast<uintptr_t>(&ts), 0, 0, 0,
                0);
  return ts.sec * 1000000000 + ts.nsec;
}

// sysFault makes [p, p+n) inaccessible. Go: sysFault (mem_linux.go). Runs on any thread.
void sysFault(void *p, uintptr_t n) {
  intptr_t r =
      sys::syscall6(sys::SYS_mprotect, reinterpret_cast<uintptr_t>(p), n, PROT_NONE, 0, 0, 0);
  if (failed(r)) throw_("runtime: cannot protect the stack guard");
}

// initsig gives the thread its alternate signal stack and installs the fault handlers.
// Go: initsig (signal_unix.go) + minitSignalStack. Runs once, on the main thread, before
// any Go code.
void initsig() {
  stackt st{};
  st.ss_sp = sysAlloc(sigaltstacksize);
  if (st.ss_sp == nullptr) throw_("runtime: cannot allocate the signal stack");
  st.ss_size = sigaltstacksize;
  if (failed(
          sys::syscall6(sys::SYS_sigaltstack, reinterpret_cast<uintptr_t>(&st), 0, 0, 0, 0, 0))) {
    throw_("runtime: sigaltstack failed");
  }
  static constexpr uint32_t sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
  for (uint32_t sig : sigs)
    setsig(sig);
  setpreemptsig();
}

// goenvs takes the environment vector that follows argv's terminating nullptr. Runs once
// at start-up, after args. Go: goenvs_unix.
void goenvs() {
  envs = argv + argc + 1;
  nenvs = 0;
  while (envs[nenvs] != nullptr)
    nenvs++;
  vdsoinit(reinterpret_cast<const uintptr_t *>(envs + nenvs + 1));
}

// getRandomData asks getrandom(2) (linux 3.17 and later; never blocks once the kernel's
// pool is initialised, which it is long before a user program runs) and, failing that,
// copies the 16 random bytes the kernel leaves at the auxiliary vector's AT_RANDOM entry,
// which follows the environment. Go: getRandomData + sysauxv. Runs anywhere, after
// goenvs.
uintptr_t getRandomData(uint8_t *r, uintptr_t n) {
  uintptr_t done = 0;
  while (done < n) {
    intptr_t got = sys::syscall6(sys::SYS_getrandom, reinterpret_cast<uintptr_t>(r + done),
                                 n - done, 0, 0, 0, 0);
    if (got == -EINTR) continue;
    if (failed(got) || got == 0) break;
    done += static_cast<uintptr_t>(got);
  }
  if (done > 0 || envs == nullptr) return done;
  constexpr uintptr_t AT_NULL = 0;
  constexpr uintptr_t AT_RANDOM = 25;
  auto *auxv = reinterpret_cast<const uintptr_t *>(envs + nenvs + 1);
  for (; auxv[0] != AT_NULL; auxv += 2) {
    if (auxv[0] != AT_RANDOM) continue;
    auto *src = reinterpret_cast<const uint8_t *>(auxv[1]);
    for (; done < n && done < 16; done++)
      r[done] = src[done];
    break;
  }
  return done;
}

} // namespace runtime

namespace runtime {

// ---- Threads: the thread pointer, sleeping ----

// settls points the thread pointer at t (amd64: the fs base, by arch_prctl; arm64:
// tpidr_el0; riscv64: tp, which nothing else uses in a static talpa executable). Go:
// settls (sys_linux_amd64.s), save_g. Runs on the thread being set up.
void settls(mtls *t) {
  t->self = reinterpret_cast<uintptr_t>(t);
#if defined(GOARCH_amd64)
  constexpr uintptr_t ARCH_SET_FS = 0x1002;
  intptr_t r =
      sys::syscall6(sys::SYS_arch_prctl, ARCH_SET_FS, reinterpret_cast<uintptr_t>(t), 0, 0, 0, 0);
  if (failed(r)) throw_("runtime: arch_prctl(ARCH_SET_FS) failed");
#elif defined(GOARCH_arm64)
  __asm__ volatile("msr tpidr_el0, %0" : : "r"(t) : "memory");
#elif defined(GOARCH_riscv64)
  __asm__ volatile("mv tp, %0" : : "r"(t) : "memory");
#endif
}

// osleep: nanosleep, resumed after a signal. Go: usleep. Runs on any thread.
void osleep(int64_t ns) {
  struct {
    int64_t sec;
    int64_t nsec;
  } ts{ns / 1000000000, ns % 1000000000}, rem{};
  while (sys::syscall6(sys::SYS_nanosleep, reinterpret_cast<uintptr_t>(&ts),
                       reinterpret_cast<uintptr_t>(&rem), 0, 0, 0, 0) == -EINTR)
    ts = rem;
}

// getproccount counts the CPUs the process may run on (its affinity mask). Go:
// getproccount (os_linux.go). Runs once, at start-up.
int32_t getproccount() {
  uint64_t mask[1024 / 64] = {};
  intptr_t r = sys::syscall6(sys::SYS_sched_getaffinity, 0, sizeof mask,
                             reinterpret_cast<uintptr_t>(mask), 0, 0, 0);
  if (failed(r) || r == 0) return 1;
  int32_t n = 0;
  for (intptr_t i = 0; i < r / 8; i++)
    n += __builtin_popcountll(mask[i]);
  return n > 0 ? n : 1;
}

// futexsleep: FUTEX_WAIT on a process-private futex. Go: futexsleep (os_linux.go).
// Runs on any thread.
void futexsleep(uint32_t *addr, uint32_t val, int64_t ns) {
  constexpr uintptr_t FUTEX_WAIT_PRIVATE = 0 | 128;
  struct {
    int64_t sec;
    int64_t nsec;
  } ts{ns / 1000000000, ns % 1000000000};
  sys::syscall6(sys::SYS_futex, reinterpret_cast<uintptr_t>(addr), FUTEX_WAIT_PRIVATE, val,
                ns < 0 ? 0 : reinterpret_cast<uintptr_t>(&ts), 0, 0);
}

// futexwakeup: FUTEX_WAKE. Go: futexwakeup. Runs on any thread.
void futexwakeup(uint32_t *addr, uint32_t n) {
  constexpr uintptr_t FUTEX_WAKE_PRIVATE = 1 | 128;
  intptr_t r = sys::syscall6(sys::SYS_futex, reinterpret_cast<uintptr_t>(addr), FUTEX_WAKE_PRIVATE,
                             n, 0, 0, 0);
  if (failed(r)) throw_("futexwakeup failed");
}

void osyield() { sys::syscall6(sys::SYS_sched_yield, 0, 0, 0, 0, 0, 0); }

// ---- Preemption (see setpreemptsig) ----

bool preemptMSupported = true;

// One SIGURG at a time per M: sigpreempt clears signalPending. Go: preemptM
// (signal_unix.go). Runs on any thread but mp's.
void preemptM(m *mp) {
  if (__atomic_exchange_n(&mp->signalPending, 1, __ATOMIC_ACQ_REL) != 0) return;
  sys::syscall6(SYS_tgkill, pid, mp->procid, SIGURG, 0, 0, 0);
}

// ---- System calls from Go code ----
//
// runtime/internal/syscall.Syscall6(num, a1, ..., a6 uintptr) (r1, r2, errno uintptr), the
// raw system call gc's syscall package makes (bracketed by entersyscall / exitsyscall for
// the calls that may block). talpa's convention for three integer results is LLVM's
// return of {i64, i64, i64}: amd64 rax, rdx, rcx (arguments rdi, rsi, rdx, rcx, r8, r9,
// the seventh on the stack); arm64 x0, x1, x2 (arguments x0-x6); riscv64 stores them
// through a hidden pointer in a0 (arguments a1-a7). A result in [-4095, -1] is -errno:
// r1 = -1, r2 = 0. Go: Syscall6 (runtime/internal/syscall/asm_linux_<arch>.s).
#if defined(GOARCH_amd64)
__asm__(".text\n"
        ".globl \"runtime/internal/syscall.Syscall6\"\n"
        ".type \"runtime/internal/syscall.Syscall6\", @function\n"
        ".p2align 4\n"
        "\"runtime/internal/syscall.Syscall6\":\n"
        "  movq %rdi, %rax\n"   // num
        "  movq %rsi, %rdi\n"   // a1
        "  movq %rdx, %rsi\n"   // a2
        "  movq %rcx, %rdx\n"   // a3
        "  movq %r8, %r10\n"    // a4
        "  movq %r9, %r8\n"     // a5
        "  movq 8(%rsp), %r9\n" // a6
        "  syscall\n"
        "  cmpq $-4095, %rax\n"
        "  jae 1f\n"
        "  xorl %ecx, %ecx\n" // errno 0; r2 is rdx as the kernel left it
        "  ret\n"
        "1:\n"
        "  negq %rax\n"
        "  movq %rax, %rcx\n"
        "  movq $-1, %rax\n"
        "  xorl %edx, %edx\n"
        "  ret\n"
        ".size \"runtime/internal/syscall.Syscall6\", .-\"runtime/internal/syscall.Syscall6\"\n");
#elif defined(GOARCH_arm64)
__asm__(".text\n"
        ".globl \"runtime/internal/syscall.Syscall6\"\n"
        ".type \"runtime/internal/syscall.Syscall6\", %function\n"
        ".p2align 2\n"
        "\"runtime/internal/syscall.Syscall6\":\n"
        "  mov x8, x0\n" // num
        "  mov x0, x1\n"
        "  mov x1, x2\n"
        "  mov x2, x3\n"
        "  mov x3, x4\n"
        "  mov x4, x5\n"
        "  mov x5, x6\n"
        "  svc #0\n"
        "  cmn x0, #4095\n"
        "  b.hs 1f\n"
        "  mov x2, xzr\n" // errno 0; r2 is x1 as the kernel left it
        "  ret\n"
        "1:\n"
        "  neg x2, x0\n"
        "  mov x0, #-1\n"
        "  mov x1, xzr\n"
        "  ret\n"
        ".size \"runtime/internal/syscall.Syscall6\", .-\"runtime/internal/syscall.Syscall6\"\n");
#elif defined(GOARCH_riscv64)
__asm__(".text\n"
        ".globl \"runtime/internal/syscall.Syscall6\"\n"
        ".type \"runtime/internal/syscall.Syscall6\", @function\n"
        ".p2align 2\n"
        "\"runtime/internal/syscall.Syscall6\":\n"
        "  mv t1, a0\n" // the results
        "  mv a0, a2\n" // a1 .. a6
        "  mv t2, a1\n" // num
        "  mv a1, a3\n"
        "  mv a2, a4\n"
        "  mv a3, a5\n"
        "  mv a4, a6\n"
        "  mv a5, a7\n"
        "  mv a7, t2\n"
        "  ecall\n"
        "  li t0, -4095\n"
        "  bgeu a0, t0, 1f\n"
        "  sd a0, 0(t1)\n"
        "  sd a1, 8(t1)\n"
        "  sd zero, 16(t1)\n"
        "  ret\n"
        "1:\n"
        "  neg a0, a0\n"
        "  li t0, -1\n"
        "  sd t0, 0(t1)\n"
        "  sd zero, 8(t1)\n"
        "  sd a0, 16(t1)\n"
        "  ret\n"
        ".size \"runtime/internal/syscall.Syscall6\", .-\"runtime/internal/syscall.Syscall6\"\n");
#endif

} // namespace runtime
