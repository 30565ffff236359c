// The darwin OS layer: libSystem calls only; mirrors runtime/os_darwin.go, mem_darwin.go
// and sys_darwin.go.
//
// Apple supports no system-call ABI but libSystem's, so (like gc since Go 1.12) talpa's
// darwin executables are dynamically linked against /usr/lib/libSystem.B.dylib and call
// its C functions. Every function used is listed in os_darwin_imports.def, from which the
// linker generates the libSystem.tbd stub it links against; a static_assert per entry
// checks that each listed function is declared here.
//
// dyld loads the executable (LC_MAIN) and calls the C function main(argc, argv, envp,
// apple) on the main thread. That main is ours: it hands argc/argv to rt0_go and never
// returns. The environment follows argv's terminating nullptr, as on linux.
//
// Faults as on linux (os_linux.cpp): an alternate signal stack and sigtramp for the
// synchronous signals, installed through libSystem's sigaction (whose own trampoline,
// _sigtramp, calls ours and would make the sigreturn call), decoded from darwin's
// siginfo and ucontext (darwin numbers differ from linux's: SIGBUS is 10, FPE_INTDIV 7),
// turned into panics through sigpanictramp or reported by sigpanic (signal.cpp).
#include "proc.h"

// libSystem's declarations, with the types of the darwin C headers (LP64).
extern "C" {
long write(int fd, const void *buf, unsigned long nbyte);
__attribute__((noreturn)) void exit(int status);
void *mmap(void *addr, unsigned long len, int prot, int flags, int fd, long long offset);
int munmap(void *addr, unsigned long len);
int mprotect(void *addr, unsigned long len, int prot);
// struct sigaction and stack_t as runtime::darwin declares them below.
int sigaction(int sig, const void *act, void *oact);
int sigaltstack(const void *ss, void *oss);
void arc4random_buf(void *buf, unsigned long nbytes);
// struct timespec as runtime::darwin's nanotime declares it.
int clock_gettime(int clock_id, void *tp);
// pthread_key_t is unsigned long on darwin; the destructor is unused (null).
int pthread_key_create(unsigned long *key, void (*destructor)(void *));
int pthread_setspecific(unsigned long key, const void *value);
int nanosleep(const void *req, void *rem);
long sysconf(int name);
int sched_yield(void);
// pthread_t and pthread_attr_t (64 bytes on darwin LP64) as opaque storage.
int pthread_attr_init(void *attr);
int pthread_attr_setstacksize(void *attr, unsigned long stacksize);
int pthread_attr_setdetachstate(void *attr, int detachstate);
int pthread_create(void **thread, const void *attr, void *(*start)(void *), void *arg);
int pthread_threadid_np(void *thread, unsigned long long *thread_id);
// sigset_t is a 32-bit mask on darwin.
int pthread_sigmask(int how, const uint32_t *set, uint32_t *oset);
__attribute__((noreturn)) void pthread_exit(void *value);
// darwin's address wait (libsystem_kernel; no header).
int __ulock_wait(uint32_t operation, void *addr, uint64_t value, uint32_t timeout_us);
int __ulock_wake(uint32_t operation, void *addr, uint64_t wake_value);
}

#define DARWIN_IMPORT(name)                                                                        \
  static_assert(sizeof(&::name) == sizeof(void *), #name " is listed but not declared");
#include "os_darwin_imports.def"
#undef DARWIN_IMPORT

namespace runtime {

namespace {

constexpr int PROT_NONE = 0x0;
constexpr int PROT_READ = 0x1;
constexpr int PROT_WRITE = 0x2;
constexpr int MAP_PRIVATE = 0x0002;
constexpr int MAP_NORESERVE = 0x0040;
constexpr int MAP_ANON = 0x1000;

// Signals, si_codes and sigaction flags. Go: defs_darwin_<arch>.go.
constexpr uint32_t SIGILL = 4;
constexpr uint32_t SIGTRAP = 5;
constexpr uint32_t SIGFPE = 8;
constexpr uint32_t SIGBUS = 10;
constexpr uint32_t SIGSEGV = 11;
constexpr int32_t SEGV_MAPERR = 1;
constexpr int32_t SEGV_ACCERR = 2;
constexpr int32_t BUS_ADRERR = 2;
constexpr int32_t FPE_INTDIV = 7;
constexpr int32_t FPE_INTOVF = 8;
// What unixsigfault needs to know of this kernel's numbering.
constexpr unixsignals signums = {SIGSEGV,     SIGBUS,     SIGFPE,     SIGILL,    SEGV_MAPERR,
                                 SEGV_ACCERR, BUS_ADRERR, FPE_INTDIV, FPE_INTOVF};
constexpr int SA_ONSTACK = 0x1;
constexpr int SA_SIGINFO = 0x40;
constexpr uintptr_t sigaltstacksize = 64 << 10;

// libSystem's struct sigaction (not the kernel's __sigaction with its trampoline field),
// stack_t, the head of siginfo_t, and ucontext_t up to its mcontext pointer.
// Go: usigactiont, stackt, siginfo, ucontext (defs_darwin_<arch>.go).
struct sigactiont {
  void *sa_sigaction;
  uint32_t sa_mask;
  int32_t sa_flags;
};
static_assert(sizeof(sigactiont) == 16);
struct stackt {
  void *ss_sp;
  uintptr_t ss_size;
  int32_t ss_flags;
};
static_assert(sizeof(stackt) == 24 && __builtin_offsetof(stackt, ss_flags) == 16);
struct siginfo {
  int32_t si_signo;
  int32_t si_errno;
  int32_t si_code;
  int32_t si_pid;
  uint32_t si_uid;
  int32_t si_status;
  uintptr_t si_addr;
};
static_assert(__builtin_offsetof(siginfo, si_addr) == 24);
struct ucontext {
  int32_t uc_onstack;
  uint32_t uc_sigmask;
  stackt uc_stack;
  ucontext *uc_link;
  uintptr_t uc_mcsize;
  uint8_t *uc_mcontext;
};
static_assert(__builtin_offsetof(ucontext, uc_mcontext) == 48);

// Where the mcontext keeps the registers a fault needs: after the 16-byte exception
// state, in the thread state (amd64: rax rbx rcx rdx rdi rsi rbp rsp r8-r15 rip; arm64:
// x0-x28, fp, lr, sp, pc). Go: regs64 / regs64 in defs_darwin_<arch>.go.
#if defined(GOARCH_amd64)
constexpr uintptr_t MCONTEXT_FP = 16 + 6 * 8;
constexpr uintptr_t MCONTEXT_SP = 16 + 7 * 8;
constexpr uintptr_t MCONTEXT_PC = 16 + 16 * 8;
#elif defined(GOARCH_arm64)
constexpr uintptr_t MCONTEXT_FP = 16 + 29 * 8;
constexpr uintptr_t MCONTEXT_LR = 16 + 30 * 8;
constexpr uintptr_t MCONTEXT_SP = 16 + 31 * 8;
constexpr uintptr_t MCONTEXT_PC = 16 + 32 * 8;
#else
#error "os_darwin.cpp: no mcontext layout for this GOARCH"
#endif

uintptr_t mcontextreg(const ucontext *uc, uintptr_t off) {
  uintptr_t v;
  __builtin_memcpy(&v, uc->uc_mcontext + off, sizeof v);
  return v;
}

void setmcontextreg(ucontext *uc, uintptr_t off, uintptr_t v) {
  __builtin_memcpy(uc->uc_mcontext + off, &v, sizeof v);
}

// setsigpanic makes the interrupted context call pc as if the faulting instruction had,
// as on linux (sys_linux_<arch>.h): amd64 pushes the faulting pc as a return address,
// arm64 puts it in the link register. libSystem's _sigtramp resumes the thread from
// this context when the handler returns. Go: sigctxt.preparePanic.
void setsigpanic(ucontext *uc, uintptr_t pc) {
  uintptr_t faulting = mcontextreg(uc, MCONTEXT_PC);
#if defined(GOARCH_amd64)
  uintptr_t sp = mcontextreg(uc, MCONTEXT_SP) - 8;
  *reinterpret_cast<uint64_t *>(sp) = faulting;
  setmcontextreg(uc, MCONTEXT_SP, sp);
#else
  setmcontextreg(uc, MCONTEXT_LR, faulting);
#endif
  setmcontextreg(uc, MCONTEXT_PC, pc);
}

// sigtramp is every synchronous signal's handler, as on linux: a fault gc turns into a
// panic resumes the goroutine in sigpanictramp, anything else is reported here. Go:
// sigtramp + sighandler. Runs on the alternate signal stack, with the signal blocked.
void sigtramp(int sig, siginfo *info, void *ctx) {
  auto *uc = static_cast<ucontext *>(ctx);
  sigfault f = unixsigfault(signums, static_cast<uint32_t>(sig), info->si_code, info->si_addr,
                            mcontextreg(uc, MCONTEXT_PC), mcontextreg(uc, MCONTEXT_SP));
  f.fp = mcontextreg(uc, MCONTEXT_FP);
  if (sigtopanic(f)) {
    setsigpanic(uc, reinterpret_cast<uintptr_t>(sigpanictramp));
    return;
  }
  sigpanic(f);
}

} // namespace

// write1 does not retry on EINTR as gc does: errno is reached through libSystem's
// __error(), which is not imported yet.
int32_t write1(uintptr_t fd, const void *p, int32_t n) {
  auto *b = static_cast<const uint8_t *>(p);
  int32_t done = 0;
  while (done < n) {
    long r = ::write(static_cast<int>(fd), b + done, static_cast<unsigned long>(n - done));
    if (r <= 0) return done > 0 ? done : -1;
    done += static_cast<int32_t>(r);
  }
  return done;
}

void exit(int32_t code) { ::exit(code); }

// sysAlloc maps n bytes of anonymous memory, which the kernel zeroes. Go: sysAlloc.
// Runs on any thread; the caller (the heap) serialises.
void *sysAlloc(uintptr_t n) {
  void *p = ::mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
  if (p == reinterpret_cast<void *>(-1)) return nullptr;
  return p;
}

// sysReserve maps n bytes committed page by page as they are touched. Runs on any
// thread.
void *sysReserve(uintptr_t n) {
  void *p =
      ::mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON | MAP_NORESERVE, -1, 0);
  if (p == reinterpret_cast<void *>(-1)) return nullptr;
  return p;
}

// sysReserveAligned over-reserves by align and unmaps the misaligned head and the tail.
// Runs on any thread; the caller (the heap) serialises.
void *sysReserveAligned(uintptr_t n, uintptr_t align) {
  void *r = ::mmap(nullptr, n + align, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANON | MAP_NORESERVE, -1, 0);
  if (r == reinterpret_cast<void *>(-1)) return nullptr;
  auto p = reinterpret_cast<uintptr_t>(r);
  uintptr_t base = (p + align - 1) & ~(align - 1);
  if (base > p) ::munmap(r, base - p);
  if (p + n + align > base + n) {
    ::munmap(reinterpret_cast<void *>(base + n), p + n + align - (base + n));
  }
  return reinterpret_cast<void *>(base);
}

// The reservation is read-write already; the kernel commits pages as they are touched.
bool sysMap(void *p, uintptr_t n) {
  (void)p;
  (void)n;
  return true;
}

void sysFree(void *p, uintptr_t n) { ::munmap(p, n); }

// Go: nanotime1 (which reads mach_absolute_time). Runs anywhere.
int64_t nanotime() {
  struct {
    int64_t sec;
    int64_t nsec;
  } ts{};
  constexpr int CLOCK_MONOTONIC = 6; // darwin's value
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.sec * 1000000000 + ts.nsec;
}

// Go: sysFault (mem_darwin.go). Runs on any thread.
void sysFault(void *p, uintptr_t n) {
  if (::mprotect(p, n, PROT_NONE) != 0) throw_("runtime: cannot protect the stack guard");
}

// Go: initsig + minitSignalStack. Runs once, on the main thread, before any Go code.
void initsig() {
  stackt st{};
  st.ss_sp = sysAlloc(sigaltstacksize);
  if (st.ss_sp == nullptr) throw_("runtime: cannot allocate the signal stack");
  st.ss_size = sigaltstacksize;
  if (::sigaltstack(&st, nullptr) != 0) throw_("runtime: sigaltstack failed");
  static constexpr uint32_t sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
  for (uint32_t sig : sigs) {
    sigactiont sa{};
    sa.sa_sigaction = reinterpret_cast<void *>(sigtramp);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    if (::sigaction(static_cast<int>(sig), &sa, nullptr) != 0) throw_("runtime: sigaction failed");
  }
}

// goenvs takes the environment vector that follows argv's terminating nullptr. Runs once
// at start-up, after args. Go: goenvs_unix.
void goenvs() {
  envs = argv + argc + 1;
  nenvs = 0;
  while (envs[nenvs] != nullptr)
    nenvs++;
}

// getRandomData: libSystem's arc4random_buf, which cannot fail. Go: getRandomData
// (gc 1.19 reads /dev/urandom; later releases call arc4random_buf too). Runs anywhere.
uintptr_t getRandomData(uint8_t *r, uintptr_t n) {
  ::arc4random_buf(r, n);
  return n;
}

} // namespace runtime

// main is the executable's entry, called by dyld. Go: _rt0_amd64_darwin /
// _rt0_arm64_darwin (which gc reaches through the same LC_MAIN entry). extern "C" because
// -ffreestanding makes main an ordinary (so C++-mangled) function.
extern "C" int main(int argc, char **argv, char **envp, char **apple);
extern "C" int main(int argc, char **argv, char **envp, char **apple) {
  (void)envp;
  (void)apple;
  runtime::rt0_go(argc, reinterpret_cast<uint8_t **>(argv));
}

namespace runtime {

// ---- Threads: the g slot, sleeping ----

// settls makes a pthread key on the first call; its slot lies at key*8 from the thread's
// TSD base (gs on amd64, tpidrro_el0 on arm64), which tls_g records for getg. Go: the
// TLS slot of darwin's mstart (sys_darwin_<arch>.s).
void settls(mtls *t) {
  t->self = reinterpret_cast<uintptr_t>(t);
  if (tls_g == 0) {
    unsigned long key = 0;
    if (::pthread_key_create(&key, nullptr) != 0) throw_("runtime: pthread_key_create failed");
    tls_g = key * 8;
  }
  if (::pthread_setspecific(tls_g / 8, t->curg) != 0) throw_("runtime: pthread_setspecific failed");
}

// osleep: nanosleep. Go: usleep.
void osleep(int64_t ns) {
  struct {
    int64_t sec;
    int64_t nsec;
  } ts{ns / 1000000000, ns % 1000000000};
  ::nanosleep(&ts, nullptr);
}

// getproccount: sysconf(_SC_NPROCESSORS_ONLN). Go: getncpu (os_darwin.go, through
// sysctl). Runs once, at start-up.
int32_t getproccount() {
  constexpr int SC_NPROCESSORS_ONLN = 58;
  long n = ::sysconf(SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<int32_t>(n) : 1;
}

// futexsleep / futexwakeup: libSystem's __ulock_wait / __ulock_wake, darwin's futex
// (UL_COMPARE_AND_WAIT on a 32-bit word; the timeout in microseconds, 0 meaning none).
// They are what Apple's own os_unfair_lock and libc++'s std::atomic::wait are built on
// (macOS 10.12 and later), and keep lock_futex.cpp's futex-based lock and note on darwin
// too; gc instead waits on a per-M semaphore made of a pthread mutex and condition
// variable (lock_sema), which would need a second lock implementation. A return may be
// early (a signal, the timeout cap of 71 minutes): callers loop.
void futexsleep(uint32_t *addr, uint32_t val, int64_t ns) {
  constexpr uint32_t UL_COMPARE_AND_WAIT = 1;
  constexpr uint32_t ULF_NO_ERRNO = 0x01000000;
  uint32_t us = 0; // no limit
  if (ns >= 0) {
    int64_t r = (ns + 999) / 1000;
    if (r == 0) return;
    us = r > 0xffffffff ? 0xffffffff : static_cast<uint32_t>(r);
  }
  ::__ulock_wait(UL_COMPARE_AND_WAIT | ULF_NO_ERRNO, addr, val, us);
}

void futexwakeup(uint32_t *addr, uint32_t n) {
  constexpr uint32_t UL_COMPARE_AND_WAIT = 1;
  constexpr uint32_t ULF_WAKE_ALL = 0x100;
  constexpr uint32_t ULF_NO_ERRNO = 0x01000000;
  uint32_t op = UL_COMPARE_AND_WAIT | ULF_NO_ERRNO;
  if (n != 1) op |= ULF_WAKE_ALL;
  ::__ulock_wake(op, addr, 0);
}

void osyield() { ::sched_yield(); }

// ---- Ms (h-threads) ----
//
// Each M is a detached pthread whose stack (g0stacksize) is its g0's; the thread sets
// its g slot (settls: the pthread key's slot), its alternate signal stack, and enters
// the scheduler. Go: newosproc + mstart_stub (os_darwin.go, sys_darwin_<arch>.s).

namespace {

void *threadstart(void *arg) {
  auto *mp = static_cast<m *>(arg);
  // The pthread's stack: its top is above this frame, its bottom g0stacksize below.
  auto hi = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  g *g0p = mp->g0;
  g0p->stack.hi = hi;
  g0p->stack.lo = hi - g0stacksize + (16 << 10);
  g0p->stackguard0 = g0p->stack.lo;
  g0p->stackguard1 = g0p->stack.lo;
  settls(&mp->tls);
  mstart(mp);
}

} // namespace

// Runs on any M.
void newosproc(m *mp) {
  constexpr int PTHREAD_CREATE_DETACHED = 2;
  alignas(16) uint8_t attr[64] = {};
  void *thread = nullptr;
  if (::pthread_attr_init(attr) != 0 || ::pthread_attr_setstacksize(attr, g0stacksize) != 0 ||
      ::pthread_attr_setdetachstate(attr, PTHREAD_CREATE_DETACHED) != 0 ||
      ::pthread_create(&thread, attr, threadstart, mp) != 0) {
    printcstr("runtime: failed to create new OS thread\n");
    throw_("newosproc");
  }
  mp->thread = thread;
}

// Runs on mp's g0 (the pthread's own stack, which the system frees). Signals are
// blocked before the signal stack goes.
void exitThread(m *mp) {
  constexpr int SIG_SETMASK = 3;
  constexpr int32_t SS_DISABLE = 4;
  uint32_t all = ~uint32_t(0);
  ::pthread_sigmask(SIG_SETMASK, &all, nullptr);
  stackt st{};
  st.ss_flags = SS_DISABLE;
  ::sigaltstack(&st, nullptr);
  __atomic_store_n(&mp->freewait, 0, __ATOMIC_RELEASE);
  ::pthread_exit(nullptr);
}

// Runs on any M, once mp's thread is gone: its signal stack (the pthread's stack is the
// system's).
void mfree(m *mp) {
  if (mp->gsignalstack != nullptr) sysFree(mp->gsignalstack, sigaltstacksize);
  mp->gsignalstack = nullptr;
}

// Runs on the new M.
void minit(m *mp) {
  unsigned long long tid = 0;
  ::pthread_threadid_np(nullptr, &tid);
  mp->procid = tid;
  stackt st{};
  st.ss_sp = sysAlloc(sigaltstacksize);
  if (st.ss_sp == nullptr) throw_("runtime: cannot allocate the signal stack");
  st.ss_size = sigaltstacksize;
  mp->gsignalstack = st.ss_sp;
  if (::sigaltstack(&st, nullptr) != 0) throw_("runtime: sigaltstack failed");
}

} // namespace runtime
