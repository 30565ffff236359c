// The runtime's OS interface on the build machine, for the unit tests; see os_host.h.
#include "os_host.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include "proc.h"

namespace hostos {

namespace {

// The tests run on one thread (death tests fork, they do not start threads), so plain
// globals suffice.
bool capturing;
std::vector<Write> captured;
SysAllocStats stats;
bool sysAllocFails;

} // namespace

void startCapture() {
  captured.clear();
  capturing = true;
}

std::vector<Write> stopCapture() {
  capturing = false;
  std::vector<Write> out;
  out.swap(captured);
  return out;
}

SysAllocStats sysAllocStats() { return stats; }

void setSysAllocFails(bool fail) { sysAllocFails = fail; }

} // namespace hostos

namespace runtime {

// write1 as os_linux.cpp has it (short writes and EINTR retried), or recorded during a
// capture.
int32_t write1(uintptr_t fd, const void *p, int32_t n) {
  auto *b = static_cast<const char *>(p);
  if (hostos::capturing) {
    hostos::captured.push_back({fd, std::string(b, static_cast<size_t>(n))});
    return n;
  }
  int32_t done = 0;
  while (done < n) {
    ssize_t r = ::write(static_cast<int>(fd), b + done, static_cast<size_t>(n - done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return done > 0 ? done : -1;
    done += static_cast<int32_t>(r);
  }
  return done;
}

// _exit, not exit: like exit_group it runs no atexit handlers and flushes no stdio.
void exit(int32_t code) { ::_exit(code); }

// sysAlloc maps fresh anonymous memory, zeroed and page-aligned as the contract says.
void *sysAlloc(uintptr_t n) {
  hostos::stats.calls++;
  hostos::stats.lastSize = n;
  if (hostos::sysAllocFails) return nullptr;
  void *p = ::mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

// stack.cpp's place: the tests run on the host's own stack, so there is no main
// goroutine stack to switch to, and a test may set mainstack to exercise sigpanic.
stack mainstack;

// The thread's g: goroutine 1, running (getg reads hosttls, runtime.h).
namespace {
g hostg = [] {
  g gp{};
  gp.goid = 1;
  gp.status = gstatus::running;
  return gp;
}();
mtls hostblock = {0, &hostg};
} // namespace
// Each host thread starts with the tests' g (the M threads of newosproc set their own).
thread_local mtls *hosttls = &hostblock;

void settls(mtls *t) { hosttls = t; }

// The host's futexes, as os_linux.cpp.
void futexsleep(uint32_t *addr, uint32_t val, int64_t ns) {
  timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  ::syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, ns < 0 ? nullptr : &ts, nullptr, 0);
}

void futexwakeup(uint32_t *addr, uint32_t n) {
  ::syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, n, nullptr, nullptr, 0);
}

void osyield() { ::sched_yield(); }

int32_t getproccount() { return static_cast<int32_t>(::sysconf(_SC_NPROCESSORS_ONLN)); }

void osleep(int64_t ns) {
  timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  ::nanosleep(&ts, nullptr);
}

// Goroutine stacks: plain mappings (stack.cpp's scheme is the target's).
const uintptr_t goroutinestacksize = 256 << 10;
const uintptr_t goroutineguardsize = 0;

stack stackalloc(uintptr_t n) {
  void *p = ::mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw_("stackalloc: out of memory");
  auto lo = reinterpret_cast<uintptr_t>(p);
  return {lo, lo + n};
}

void stackfree(stack s) { ::munmap(reinterpret_cast<void *>(s.lo), s.hi - s.lo); }

void startmain(void (*fn)()) {
  fn();
  exit(0); // not reached: fn does not return
}

// No fault handlers: a fault in a test is the host's (GoogleTest and the sanitizers
// report it). sigpanic itself is tested by calling it (signal_test.cpp).
void initsig() {}

void *sysReserve(uintptr_t n) {
  void *p = ::mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

void sysFault(void *p, uintptr_t n) { ::mprotect(p, n, PROT_NONE); }

// getRandomData: the host's getrandom(2).
uintptr_t getRandomData(uint8_t *r, uintptr_t n) {
  uintptr_t done = 0;
  while (done < n) {
    ssize_t got = ::getrandom(r + done, n - done, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    done += static_cast<uintptr_t>(got);
  }
  return done;
}

// As os_linux.cpp: over-reserve and trim; counted and failing with sysAlloc.
void *sysReserveAligned(uintptr_t n, uintptr_t align) {
  hostos::stats.reserves++;
  hostos::stats.lastReserve = n;
  if (hostos::sysAllocFails) return nullptr;
  void *r = ::mmap(nullptr, n + align, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (r == MAP_FAILED) return nullptr;
  auto p = reinterpret_cast<uintptr_t>(r);
  uintptr_t base = (p + align - 1) & ~(align - 1);
  if (base > p) ::munmap(r, base - p);
  if (p + n + align > base + n) {
    ::munmap(reinterpret_cast<void *>(base + n), p + n + align - (base + n));
  }
  return reinterpret_cast<void *>(base);
}

bool sysMap(void *p, uintptr_t n) {
  (void)p;
  hostos::stats.mapped += n;
  return true;
}

void sysFree(void *p, uintptr_t n) { ::munmap(p, n); }

int64_t nanotime() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// goenvs as on linux: the environment follows argv's terminating nullptr, so a test that
// calls rt0_go lays its vector out that way.
void goenvs() {
  envs = argv + argc + 1;
  nenvs = 0;
  while (envs[nenvs] != nullptr)
    nenvs++;
}

// Ms as host threads (pthreads, whose stacks are their g0's), for the scheduler tests.
namespace {
void *hostthreadstart(void *arg) {
  auto *mp = static_cast<m *>(arg);
  auto hi = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  mp->g0->stack = {hi - (g0stacksize - (32 << 10)), hi};
  mp->g0->stackguard0 = mp->g0->stack.lo;
  mp->g0->stackguard1 = mp->g0->stack.lo;
  settls(&mp->tls);
  mstart(mp);
}
} // namespace

void newosproc(m *mp) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, g0stacksize);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  if (pthread_create(&t, &attr, hostthreadstart, mp) != 0) throw_("newosproc");
  pthread_attr_destroy(&attr);
}

void minit(m *mp) { mp->procid = static_cast<uint64_t>(::gettid()); }

// The host's pthread stacks are the system's.
void exitThread(m *mp) {
  __atomic_store_n(&mp->freewait, 0, __ATOMIC_RELEASE);
  ::pthread_exit(nullptr);
}

void mfree(m *) {}

} // namespace runtime

void hostos::asGoroutine(void (*f)(void *arg), void *arg) {
  runtime::schedinit();
  runtime::mstart0(runtime::getg());
  f(arg);
  runtime::exit(0);
}
