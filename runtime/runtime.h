// The runtime's internal declarations; mirrors runtime/stubs.go and the OS hooks of os_*.go.
//
// Three groups live here:
//   1. The entry points compiled Go code calls and the Go functions the runtime calls,
//      declared from include/talpa/runtime.def (never by hand), with their Go symbols.
//   2. The small interface every OS layer (os_<goos>.cpp) implements: write1, exit,
//      sysAlloc, sysReserve, sysFault, goenvs, initsig (and startmain on windows).
//      Nothing above that layer knows which OS it runs on.
//   3. Cross-file runtime functions and globals (print helpers, throw, argc/argv).
//
// The runtime is freestanding: no libc, no C++ library, no exceptions, no RTTI and no
// global constructors (nothing would run them: the entry points in rt0_*.S / os_*.cpp are
// the first code of the process). Globals are constant-initialised or zero.
#ifndef TALPA_RUNTIME_RUNTIME_H
#define TALPA_RUNTIME_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "talpa/abi.h"

// Go symbols contain dots (runtime.printint, main.main), so C++ reaches them through asm
// labels. An asm label bypasses the platform's C symbol prefix, so the label must carry it
// itself: "_" on Mach-O (where LLVM names IR global @runtime.printint as
// _runtime.printint), nothing on ELF and on 64-bit COFF.
#define TALPA_STR2(x) #x
#define TALPA_STR(x) TALPA_STR2(x)
#define GOSYM(sym) __asm__(TALPA_STR(__USER_LABEL_PREFIX__) sym)

#define TALPA_FLAGS_None
#define TALPA_FLAGS_NoReturn __attribute__((noreturn))
#define TALPA_FLAGS_ReturnsTwice __attribute__((returns_twice))
#define TALPA_FLAGS_NoGC

namespace runtime {

// 1. The compiler/runtime boundary. Each RUNTIME_FUNC becomes
//      extern "C" <Result> <Id>(<Params>) __asm__("<symbol>");
// with the kinds spelled as talpa::abi::kind aliases, and each GO_HOOK becomes
//      extern "C" void <Id>() __asm__("<symbol>");
// Definitions repeat `extern "C"` and the Id (e.g. `extern "C" void PrintInt(int64_t v)`):
// a definition whose types differ from the table is then a conflicting-types error, and
// -Wmissing-prototypes rejects one whose Id is misspelt.
using namespace talpa::abi::kind;

#define RUNTIME_FUNC(Id, Sym, Flags, Result, ...)                                                  \
  extern "C" TALPA_FLAGS_##Flags Result Id(__VA_ARGS__) GOSYM(Sym);
#define GO_HOOK(Id, Sym) extern "C" void Id() GOSYM(Sym);
// The hash and equality functions type descriptors point to have the C types of
// maptype::hasher and _type::equal, so the compiler's descriptors and the runtime's tests
// can take their addresses without casts.
#define RUNTIME_HASHFUNC(Id, Sym) extern "C" uintptr_t Id(const void *p, uintptr_t seed) GOSYM(Sym);
#define RUNTIME_EQUALFUNC(Id, Sym) extern "C" bool Id(const void *p, const void *q) GOSYM(Sym);
#include "talpa/runtime.def"
#undef RUNTIME_FUNC
#undef GO_HOOK
#undef RUNTIME_HASHFUNC
#undef RUNTIME_EQUALFUNC

using talpa::abi::stringStruct;

// 2. The OS layer (os_linux.cpp, os_windows.cpp, os_darwin.cpp).

// write1 writes n bytes to fd (1 = standard output, 2 = standard error), retrying short
// writes; it returns the number written or a negative value on error. Go: write1.
int32_t write1(uintptr_t fd, const void *p, int32_t n);

// exit ends the process with the given status without running anything else. Go: exit.
[[noreturn]] void exit(int32_t code);

// sysAlloc returns n bytes of zeroed, page-aligned memory from the OS, or nullptr.
// Go: sysAlloc (mem_<goos>.go).
void *sysAlloc(uintptr_t n);

// goenvs fills envs from the OS's environment. Called once by rt0_go after args.
// Go: goenvs.
void goenvs();

// sysReserve returns n bytes of zeroed, page-aligned, read-write address space whose
// pages the OS commits only when touched (MAP_NORESERVE), or nullptr. sysFault makes
// [p, p+n) inaccessible, so that any access faults. Go: sysReserve, sysFault
// (mem_<goos>.go; gc's sysReserve maps PROT_NONE and sysMap commits later).
// Not on windows, whose thread stacks the OS reserves (see startmain).
void *sysReserve(uintptr_t n);
void sysFault(void *p, uintptr_t n);

// getRandomData fills a prefix of r[0:n) with random bytes from the OS (getrandom, or the
// kernel's 16 AT_RANDOM bytes, on linux; RtlGenRandom on windows; arc4random_buf on
// darwin) and returns its length, n unless the OS could not provide them. For hash seeds
// and fastrand (alginit stretches a short prefix). Go: getRandomData. Runs anywhere;
// allocates nothing.
uintptr_t getRandomData(uint8_t *r, uintptr_t n);
// Heap memory (mheap.cpp), in gc's three steps (mem_<goos>.go): sysReserveAligned returns
// n bytes of address space aligned to align (n and align multiples of 64 KiB), or nullptr;
// sysMap makes [p, p+n) of such a reservation usable, zero-filled, returning false if the
// OS refuses (unix: nothing to do, the reservation is read-write and committed page by
// page as touched; windows: MEM_COMMIT); sysFree returns a whole reservation. The heap
// never unmaps parts of a reservation. Go: sysReserveAligned, sysMap, sysFree. Run on any
// thread; the caller (the heap) serialises.
void *sysReserveAligned(uintptr_t n, uintptr_t align);
bool sysMap(void *p, uintptr_t n);
void sysFree(void *p, uintptr_t n);

// nanotime returns a monotonic clock in nanoseconds from an arbitrary origin. Go:
// nanotime. Runs anywhere.
int64_t nanotime();

// linux only (vdso_linux.cpp): vdsoinit looks up the vDSO's clock_gettime, which
// nanotime calls when it is not nullptr. Runs once, from goenvs.
void vdsoinit(const uintptr_t *auxv);
extern int32_t (*vdsoClockGettime)(uintptr_t clock, void *ts);

// initsig installs the handlers of the synchronous faults (SIGSEGV, SIGBUS, SIGFPE,
// SIGILL, SIGTRAP on unix, running on an alternate signal stack; a vectored exception
// handler on windows), which report through sigpanic. Called once by rt0_go before any
// Go code runs. Go: initsig (signal_unix.go), initExceptionHandler (signal_windows.go).
void initsig();

// startmain runs fn, which must not return, on the main goroutine's stack: maxstacksize
// bytes with an inaccessible guard below, recorded in mainstack. unix: reserved with
// sysReserve and switched to (stack.cpp); windows: a thread created with that stack
// reservation, the original thread waiting for the process to end (os_windows.cpp).
// Go: newproc(runtime.main) + mstart, which this stands in for until the scheduler.
[[noreturn]] void startmain(void (*fn)());

// 3. Shared runtime state and helpers.

// The process arguments and environment, as NUL-terminated UTF-8 strings (converted from
// UTF-16 on windows). envs is nullptr-terminated. Set by args/goenvs before any Go code
// runs; read-only afterwards. They carry Go symbols (runtime.argc...) so that the os and
// syscall packages can reach them from compiled Go code. Go: argc, argv (runtime1.go),
// envs (runtime.envs).
extern int32_t argc GOSYM("runtime.argc");
extern uint8_t **argv GOSYM("runtime.argv");
extern uint8_t **envs GOSYM("runtime.envs");
extern int32_t nenvs GOSYM("runtime.nenvs");

// args records the arguments the OS entry found. Go: args (runtime1.go).
void args(int32_t c, uint8_t **v);

// rt0_go is the OS-independent start of the runtime: every OS entry (rt0_linux_*.S, the
// windows talpa_rt0, darwin's main) calls it with the arguments in argv form.
// Go: runtime·rt0_go (asm_*.s); ours needs no assembly until goroutines exist.
extern "C" [[noreturn]] void rt0_go(int32_t c, uint8_t **v) GOSYM("runtime.rt0_go");

// gwrite writes to standard error, the destination of print and of fatal messages.
// Go: gwrite (print.go).
void gwrite(const void *p, intptr_t n);
void printcstr(const char *s); // printstring of a NUL-terminated C string

// throw reports a runtime bug, fatal an unrecoverable user error; both print
// "fatal error: <s>" and exit with status 2. Go: throw, fatal (panic.go).
[[noreturn]] void throw_(const char *s);
[[noreturn]] void fatal(const char *s);

// The extent of the main goroutine's stack, [lo, hi), set by startmain; both 0 while
// the program still runs on the stack the OS started it on (or if startmain could not
// reserve one). Below lo lie stackguardsize inaccessible bytes: a fault there is a stack
// overflow. Go: g.stack of the main goroutine.
using stack = talpa::abi::gstack;
extern stack mainstack;

// gc's limit on a goroutine stack on 64-bit systems (maxstacksize, set by runtime.main
// to 1e9; debug.SetMaxStack changes it there, not here). talpa's main goroutine gets a
// reservation of that size, so the limit in the overflow message is the one enforced.
constexpr uintptr_t maxstacksize = 1000000000;
// The inaccessible region below a stack. A frame larger than this could step over it;
// generous because it costs only address space.
constexpr uintptr_t stackguardsize = uintptr_t(16) << 20;

// A synchronous fault, as an OS layer's handler decodes it for sigpanic: the fields of
// gc's g.sig, g.sigcode0, g.sigcode1 and g.sigpc, plus the faulting sp, and what gc does
// with it (which depends on OS-specific codes the OS layer interprets).
enum class sigkind : uint8_t {
  mem,           // SIGSEGV/SIGBUS/access violation: below 0x1000 a nil dereference,
                 // else "unexpected fault address"
  fault,         // a memory fault gc never treats as nil (other si_codes)
  intdiv,        // SIGFPE FPE_INTDIV / EXCEPTION_INT_DIVIDE_BY_ZERO
  intovf,        // SIGFPE FPE_INTOVF / EXCEPTION_INT_OVERFLOW
  floaterr,      // other floating-point traps
  throwsig,      // unix _SigThrow signals (SIGILL, SIGTRAP): gc's sighandler report
  throwfault,    // windows exceptions gc's sigpanic turns into throw("fault")
  stackoverflow, // the OS says so (EXCEPTION_STACK_OVERFLOW)
};
struct sigfault {
  sigkind kind;
  uint32_t sig;     // signal number or windows exception code
  const char *name; // gc's sigtable name ("SIGSEGV: segmentation violation"); nullptr on
                    // windows, where gc's signame is empty and the code is printed
  uintptr_t code;   // si_code / ExceptionInformation[0]
  uintptr_t addr;   // si_addr / ExceptionInformation[1]
  uintptr_t pc;
  uintptr_t sp;
  uintptr_t fp;        // frame pointer, for the traceback (0 if unknown)
  const void *context; // windows: the exception's CONTEXT, which the traceback unwinds
};

// The numbers a unix kernel gives the signals talpa catches and the si_code values gc's
// sighandler distinguishes; each unix OS layer (linux, darwin) defines one.
struct unixsignals {
  uint32_t sigsegv, sigbus, sigfpe, sigill;
  int32_t segv_maperr, segv_accerr, bus_adrerr, fpe_intdiv, fpe_intovf;
};

// unixsigfault classifies a unix signal as gc's sighandler does, for sigpanic. Any signal
// other than SIGSEGV, SIGBUS, SIGFPE and SIGILL is taken to be SIGTRAP, the only other one
// installed. Runs in a signal handler (signal.cpp).
sigfault unixsigfault(const unixsignals &n, uint32_t sig, int32_t code, uintptr_t addr,
                      uintptr_t pc, uintptr_t sp);

// sigpanic reports a synchronous fault in gc's words and exits with status 2 (a fault
// inside mainstack's guard is a stack overflow). Runs in a signal handler on the
// alternate signal stack, or in a windows exception handler: allocates nothing.
// Go: sighandler + sigpanic (signal_unix.go, signal_windows.go).
[[noreturn]] void sigpanic(const sigfault &f);

// sigtopanic says whether the fault f becomes a Go panic (gc's sigpanic: a nil
// dereference, integer divide or overflow, floating-point error) and keeps it; the OS
// layer then makes the faulting context call sigpanictramp (its pc pushed as the return
// address on amd64, in the link register on arm64 and riscv64) and resumes it. Else the
// caller reports it with sigpanic. Runs in a fault handler.
bool sigtopanic(const sigfault &f);
extern "C" void sigpanictramp();

// panicfault is the fault a running panic came from (its signal line is printed when
// the panic is not recovered), or nullptr; clearpanicfault forgets it at a recovery.
const sigfault *panicfault();
void clearpanicfault();

// fatalpanic ends an unrecovered panic whose message is printed: gc's signal line for a
// panic raised by a fault (f non-null), the goroutine header, exit status 2.
// Go: fatalpanic + dopanic_m.
[[noreturn]] void fatalpanic(const sigfault *f);

// printhex writes 0x and lowercase hex digits, printuint64 decimal digits (print.cpp).
// Go: printhex, printuint. Run anywhere.
void printhex(uint64_t v);
// traceback.cpp: prints the Go frames of the stack of a fault (f) or of the caller.
void traceback(const sigfault *f);

// A frame's caller: its frame pointer and the return address into it.
struct callerframe {
  uintptr_t fp, pc;
};
#if !defined(GOOS_windows)
// caller reads them from the frame record at fp (riscv64 keeps it below fp). Not on
// windows, whose frames keep no such chain (its walks unwind).
inline callerframe caller(uintptr_t fp) {
  auto *w = reinterpret_cast<const uintptr_t *>(fp);
#if defined(__riscv)
  return {w[-2], w[-1]};
#else
  return {w[0], w[1]};
#endif
}
#endif
void printuint64(uint64_t v);

#if defined(GOOS_windows)
// Windows code keeps no walkable frame-pointer chain (the Win64 prologue points the frame
// pointer into the frame), so tracebacks unwind with the image's unwind data (.pdata,
// .xdata) through the OS (os_windows.cpp). A winframes holds one frame's registers.
struct alignas(16) winframes {
  uint8_t context[1232]; // CONTEXT: 1232 bytes on amd64, 912 on arm64
};
// Starts at the registers of a fault (context: its CONTEXT) or, with null, of the caller.
void winunwindstart(winframes &w, const void *context);
// Moves to the calling frame; false at the stack's end or outside the image.
bool winunwindnext(winframes &w);
uintptr_t winunwindpc(const winframes &w);
// The frame's stack pointer (at its call, for a frame a call left).
uintptr_t winunwindsp(const winframes &w);
// Starts at the registers gogo saved at sp (a goroutine that is not running).
void winunwindsaved(winframes &w, uintptr_t sp);
#endif

// mallocgc for runtime-internal callers. Go: mallocgc.
void *mallocgc(uintptr_t size, const talpa::abi::_type *typ, bool needzero);

// gogetenv returns the value of the environment variable key (a NUL-terminated name) as a
// NUL-terminated string inside envs, or nullptr if it is not set. Go: gogetenv. Runs after
// goenvs.
const uint8_t *gogetenv(const char *key);

// The GODEBUG settings the runtime reads (parsedebugvars, at start-up). Go: debug.
struct dbgvars {
  int32_t gctrace; // GODEBUG=gctrace=N: one line per collection on standard error
  // GODEBUG=wbcheck=1: the write barrier is switched on for the whole run, so that every
  // barriered store takes its slow path (mbarrier.cpp checks and counts them, and main
  // prints the counts at exit); a test hook while the collector stops the world.
  int32_t wbcheck;
};
extern dbgvars debug;
void parsedebugvars();

// The top of the stack the OS started the process on (the frame of rt0_go): where the
// collector stops scanning if the main goroutine runs there (mainstack not set up).
extern uintptr_t osstackhi;

// panicerrorstring is panic(errorString(s)): prints "panic: runtime error: <s>" and
// ends the program as an unrecovered panic. Go: panic(errorString(s)).
[[noreturn]] void panicerrorstring(const char *s);

// findnull returns the length of the NUL-terminated string s. Go: findnull.
intptr_t findnull(const uint8_t *s);

// ---- Hashing and maps (alg.cpp, map.cpp) ----

// alginit seeds the hash functions and fastrand from getRandomData. Called once by
// rt0_go before any Go code runs; later calls do nothing. Go: alginit + the fastrand
// seeding of mcommoninit.
void alginit();

// fastrand returns pseudo-random bits (wyrand), fastrand64 a full word. Not for
// cryptography. Single-threaded until there are Ms (then the state moves to the M).
// Go: fastrand, fastrand64.
uint32_t fastrand();
uint64_t fastrand64();

// typehash returns the hash of the value of type t at p with seed h, walking arrays and
// structs through their descriptors; the value the type's hasher gives. Panics with
// "hash of unhashable type T" for a type that is not comparable. Go: typehash.
uintptr_t typehash(const talpa::abi::_type *t, const void *p, uintptr_t h);

// The panics the runtime raises with its own error values: panicPlainError is gc's
// panic(plainError(msg)), printed as msg ("assignment to entry in nil map");
// panicErrorString is panic(errorString(msg + detail)), a runtime.Error printed with gc's
// "runtime error: " prefix; detail (a type's string, say) may be nullptr. Go: plainError,
// errorString. Run on the panicking goroutine.
[[noreturn]] void panicPlainError(const char *msg);
[[noreturn]] void panicErrorString(const char *msg, const stringStruct *detail);

// iface.cpp: the itab of (inter, typ), made on first use and cached; nullptr if typ lacks
// a method of inter and canfail, else a TypeAssertionError panic. Go: getitab.
const talpa::abi::itab *getitab(const talpa::abi::interfacetype *inter,
                                const talpa::abi::_type *typ, bool canfail);
// iface.cpp: the text printed for panic value (t, data): its Error() or String() result.
// Go: preprintpanics.
bool panicvaluestring(const talpa::abi::_type *t, void *data, stringStruct *out);

// panicTypeAssertion panics with a *TypeAssertionError{iface, concrete, asserted,
// missing} (panic.cpp), gc's value for a failed type assertion. Go: panicdottypeE.
[[noreturn]] void panicTypeAssertion(const talpa::abi::_type *iface,
                                     const talpa::abi::_type *concrete,
                                     const talpa::abi::_type *asserted,
                                     const stringStruct *missing);

// ---- Defer, panic and recover (defer.cpp, panic.cpp; docs/runtime/panic.md) ----

// ---- Scheduler (proc.cpp, asm.cpp, stack.cpp; docs/runtime/proc.md) ----

struct m;
struct p;
struct sudog;
struct stackseg;

// A goroutine's state. Go: _Gidle ... _Gdead.
enum class gstatus : uint32_t { idle, runnable, running, syscall, waiting, dead };

// Why a goroutine waits, printed in the goroutine dump. Go: waitReason (gc's strings).
enum class waitReason : uint8_t {
  zero,
  gcassistmarking,
  iowait,
  chanreceivenilchan,
  chansendnilchan,
  dumpingheap,
  garbagecollection,
  garbagecollectionscan,
  panicwait,
  select,
  selectnocases,
  gcassistwait,
  gcsweepwait,
  gcscavengewait,
  chanreceive,
  chansend,
  finalizerwait,
  forcegcidle,
  semacquire,
  sleep,
  syncconditionwait,
  timergoroutineidle,
  tracereaderblocked,
  waitforgccycle,
  gcworkeridle,
  preempted,
  debugcall,
};
const char *waitReasonString(waitReason r);

// A goroutine: the head compiled code reads (abi.h), the defer and panic state
// (defer.cpp, panic.cpp), and the scheduler's fields. Never freed: a dead g waits on the
// free list with its stack for the next go statement. Go: g.
struct g : talpa::abi::g {
  talpa::abi::_defer *defer_;    // newest pending deferred call
  talpa::abi::_panic *panic_;    // newest active panic
  talpa::abi::_defer *deferring; // the deferred call running now (innermost), or nullptr

  uintptr_t schedsp; // the saved sp while not running (asm.cpp gogo's register save area)
  m *m_;             // the M running it, or nullptr
  g *schedlink;      // run queue / free list link
  g *alllink;        // every g ever made, newest first (allgs)
  g *allprev;        // the next newer g in allgs (creation-order walks), or nullptr
  // The fault a running panic came from (runtime.sigpanic's copy in its own frame, which
  // stays until the panic ends or is recovered), or nullptr. Go: g.sig, sigcode0/1, sigpc.
  const sigfault *panicfault_;
  int64_t goid; // 1 for the main goroutine
  gstatus status;
  waitReason waitreason; // valid while waiting
  bool parkingOnChan;    // channels (chan.cpp): set while parking on a channel
  uint32_t selectDone;   // select (select.cpp): a case has won
  void *fn;              // the func() closure the goroutine runs
  uintptr_t gopc;        // the return address of the go statement's newproc call
  void *param;           // passed by the waker (channels: the sudog that completed)
  sudog *waiting;        // the sudogs this g waits on (select: several), elem order
  int64_t waitsince;     // about when it parked: stamped by the collector, 0 while it runs
  bool preempt;          // preemption requested (preemptone): yield at the next chance
  void *racectx;         // the ThreadSanitizer build of the unit tests: the g's fiber

  // Preemption (preempt.cpp): whether the g is stopped in runtime.asyncPreempt. Go:
  // asyncSafePoint.
  bool asyncSafePoint;

  // ---- Stacks (morestack.cpp; docs/runtime/stack.md) ----
  // The segment running now (nullptr on the first stack), one kept free against the hot
  // split, segments a recovered panic left (freed by the next growth: the panic ran on
  // them), the bytes of all segments in use.
  stackseg *seg;
  stackseg *spareseg;
  stackseg *deadseg;
  uintptr_t stackbytes;

  // ---- System calls and locked threads (proc.cpp) ----
  // Between entersyscall and exitsyscall: the caller's sp (the collector scans the stack
  // from there) and the callee-saved registers at entersyscall (scanned with the g
  // record: the values the caller keeps in registers across the system call). Go:
  // syscallsp (the registers have no gc counterpart: its scan is precise).
  uintptr_t syscallsp;
  uintptr_t syscallregs[14];
  // The caller's return address and frame pointer at entersyscall: where a walk of the
  // goroutine's frames starts while it is in the call (its schedsp is no gogo save
  // area then). Go: syscallpc (and the frame of syscallsp).
  uintptr_t syscallpc;
  uintptr_t syscallfp;
  // The M this goroutine is locked to (LockOSThread), or nullptr. Go: lockedm.
  m *lockedm;
};

// A waiting goroutine in a wait queue (channels, select). Go: sudog.
struct sudog {
  g *g_;
  sudog *next;
  sudog *prev;
  void *elem; // data element (may point to a stack)
  int64_t acquiretime;
  int64_t releasetime;
  uint32_t ticket;
  bool isSelect;   // g is in a select: g.selectDone must be CASed to win
  bool success;    // the wake came from a communication (false: channel closed)
  sudog *parent;   // semaRoot binary tree
  sudog *waitlink; // g.waiting list or semaRoot
  sudog *waittail; // semaRoot
  void *c;         // the channel (hchan *)
  sudog *alllink;  // every sudog ever made (scanned by the collector)
};

// acquireSudog returns a zeroed sudog, releaseSudog gives it back (all links nil). Run on
// any goroutine. Go: acquireSudog, releaseSudog.
sudog *acquireSudog();
void releaseSudog(sudog *s);

// The thread's block that the thread pointer points to: word 0 its own address, word 1
// the running g (getg). abi: docs/runtime/proc.md "g access".
struct mtls {
  uintptr_t self;
  g *curg;
};

// getg returns the running goroutine (an M's g0 while the M runs the scheduler); setg
// changes it (the scheduler, on a switch). Through the thread pointer:
// linux amd64 %fs:8, arm64 [tpidr_el0+8], riscv64 8(tp); windows the TLS slot whose TEB
// offset is tls_g; darwin the pthread key slot whose offset is tls_g.
extern uintptr_t tls_g GOSYM("runtime.tls_g");
#if defined(TALPA_RUNTIME_HOST)
extern thread_local mtls *hosttls; // the unit tests: the host's TLS (its libc owns fs)
inline g *getg() { return hosttls->curg; }
inline void setg(g *gp) { hosttls->curg = gp; }
#elif defined(GOOS_linux) && defined(GOARCH_amd64)
inline g *getg() {
  g *gp;
  __asm__ volatile("movq %%fs:8, %0" : "=r"(gp));
  return gp;
}
inline void setg(g *gp) { __asm__ volatile("movq %0, %%fs:8" : : "r"(gp) : "memory"); }
#elif defined(GOOS_linux) && (defined(GOARCH_arm64) || defined(GOARCH_riscv64))
inline mtls *gettls() {
  mtls *t;
#if defined(GOARCH_arm64)
  __asm__ volatile("mrs %0, tpidr_el0" : "=r"(t));
#else
  __asm__ volatile("mv %0, tp" : "=r"(t));
#endif
  return t;
}
inline g *getg() { return gettls()->curg; }
inline void setg(g *gp) { gettls()->curg = gp; }
#elif (defined(GOOS_windows) || defined(GOOS_darwin)) && defined(GOARCH_amd64)
// gs points at the TEB (windows) or the pthread's TSD (darwin); tls_g is the slot's offset.
inline g *getg() {
  g *gp;
  __asm__ volatile("movq %%gs:(%1), %0" : "=r"(gp) : "r"(tls_g));
  return gp;
}
inline void setg(g *gp) {
  __asm__ volatile("movq %0, %%gs:(%1)" : : "r"(gp), "r"(tls_g) : "memory");
}
#elif defined(GOOS_windows) && defined(GOARCH_arm64)
inline g *getg() {
  g *gp;
  __asm__ volatile("ldr %0, [x18, %1]" : "=r"(gp) : "r"(tls_g));
  return gp;
}
inline void setg(g *gp) {
  __asm__ volatile("str %0, [x18, %1]" : : "r"(gp), "r"(tls_g) : "memory");
}
#elif defined(GOOS_darwin) && defined(GOARCH_arm64)
inline g **gslot() {
  uintptr_t tp;
  __asm__ volatile("mrs %0, tpidrro_el0" : "=r"(tp));
  return reinterpret_cast<g **>((tp & ~uintptr_t(7)) + tls_g);
}
inline g *getg() { return *gslot(); }
inline void setg(g *gp) { *gslot() = gp; }
#else
#error "runtime.h: no getg for this target"
#endif
// settls makes t the calling thread's block and t->curg its g (os_<goos>.cpp; windows
// and darwin allocate the TLS slot on the first call). Runs once per thread.
void settls(mtls *t);

// The runtime package's scheduler functions, under their Go names (proc.cpp).
extern "C" void Gosched() GOSYM("runtime.Gosched");
extern "C" void Goexit() GOSYM("runtime.Goexit");
extern "C" int64_t NumGoroutine() GOSYM("runtime.NumGoroutine");
extern "C" int64_t GOMAXPROCS(int64_t n) GOSYM("runtime.GOMAXPROCS");
extern "C" int64_t NumCPU() GOSYM("runtime.NumCPU");
extern "C" void LockOSThread() GOSYM("runtime.LockOSThread");
extern "C" void UnlockOSThread() GOSYM("runtime.UnlockOSThread");
// System calls made by Go code (gc's syscall package reaches these through
// //go:linkname): entersyscall before a system call that may block, exitsyscall after it;
// between them the goroutine holds no P (sysmon hands a P blocked longer than one of its
// ticks to another M) and must not grow its stack or allocate. entersyscallblock is for
// a call known to block: the P is handed off at once. Go: entersyscall, exitsyscall,
// entersyscallblock (proc.cpp).
extern "C" void entersyscall() GOSYM("runtime.entersyscall");
extern "C" void entersyscallblock() GOSYM("runtime.entersyscallblock");
extern "C" void exitsyscall() GOSYM("runtime.exitsyscall");
// goexit1 ends the running goroutine (its deferred calls done). Go: goexit1.
[[noreturn]] void goexit1();

// gopark parks the running goroutine: on the scheduler's stack, unlockf(gp, arg) runs
// (if not null); false resumes gp at once, true leaves it waiting until goready. Go:
// gopark.
void gopark(bool (*unlockf)(g *gp, void *arg), void *arg, waitReason reason);
// goready makes gp (waiting) runnable, next on the current P. Go: goready.
void goready(g *gp);

// mutex: a lock that makes the thread, not the goroutine, wait: spin, then sleep in the
// kernel (lock_futex.cpp). Not re-entrant. Go: mutex, lock, unlock.
struct mutex {
  uint32_t key;
};
void lock(mutex *l);
void unlock(mutex *l);

// note: a one-time event between threads (lock_futex.cpp). noteclear before use;
// notesleep waits for notewakeup (one waker); notetsleep waits at most ns nanoseconds
// (ns < 0: forever) and says whether it was woken. Go: note, notesleep, notewakeup.
struct note {
  uint32_t key;
};
void noteclear(note *n);
void notewakeup(note *n);
void notesleep(note *n);
bool notetsleep(note *n, int64_t ns);

// The OS layer's waiting (os_<goos>.cpp): futexsleep sleeps while *addr == val, at most
// ns nanoseconds (ns < 0: no limit), and may return early; futexwakeup wakes up to n
// threads sleeping on addr; osyield gives the CPU to another thread. Go: futexsleep,
// futexwakeup, osyield.
void futexsleep(uint32_t *addr, uint32_t val, int64_t ns);
void futexwakeup(uint32_t *addr, uint32_t n);
void osyield();

// mcall switches to the M's g0 stack and calls fn(gp) there with gp the goroutine that
// called it; fn decides where gp goes (gp resumes only when scheduled again). Go: mcall.
void mcall(void (*fn)(g *gp));

// The scheduler's context switch (asm.cpp): gogo saves the callee-saved registers, fp and
// return address on the current stack, stores sp in *save and resumes the context saved
// at sp (the one whose save area sp points to). gostart is the first return address of a
// new context (gostartsp): it calls entry(arg) on the new stack with a null frame
// pointer, so tracebacks stop there. Go: gogo, gosave (asm_<arch>.s).
extern "C" void gogo(uintptr_t *save, uintptr_t sp) GOSYM("runtime.gogo");
uintptr_t gostartsp(stack s, void (*entry)(void *), void *arg);
// The registers gogo saves: where a saved context keeps the frame pointer and the
// return address (for tracebacks of goroutines not running).
uintptr_t savedfp(uintptr_t sp);
uintptr_t savedpc(uintptr_t sp);

// Goroutine stacks (stack.cpp): n rounded up to the stack chunk size; the guard below.
// Go: stackalloc, stackfree.
stack stackalloc(uintptr_t n);
void stackfree(stack s);
// The size of a goroutine's stack (stack.cpp).
extern const uintptr_t goroutinestacksize;
// The inaccessible bytes below a goroutine stack (0 where there is none).
extern const uintptr_t goroutineguardsize;

// allgs: every goroutine ever made, newest first; the collector scans their g structs
// and stacks. allsudogs likewise. Go: allgs.
extern g *allgs;
extern sudog *allsudogs;

// The first scheduler set-up (rt0_go) and the running of the scheduler on m0 from the
// main goroutine (schedmain, on the main goroutine's stack, already in the role of
// goroutine 1). Go: schedinit, newproc(runtime.main), mstart.
void schedinit();
[[noreturn]] void schedmain(void (*mainfn)());
// mstart0 makes gp (its stack set, running on it) goroutine 1 of m0 and gives g0 its
// stack and first context; schedmain's first half, for the unit tests too.
void mstart0(g *gp);
// The extent of m0's g0 stack (set by rt0_go on unix, the OS stack; windows allocates).
extern stack g0stack;

// tracebackg prints gp's frames (gp not running: from its saved context). traceback.cpp.
void tracebackg(g *gp);
// goroutineheader prints "goroutine N [status]:\n". proc.cpp. Go: goroutineheader.
void goroutineheader(g *gp);
// printcreatedby prints gc's "created by" lines for gp (none for the main goroutine).
void printcreatedby(g *gp);
// tracebackothers prints every goroutine but gp, each after a blank line. Go:
// tracebackothers.
void tracebackothers(g *gp);
// throwtraceback prints, after a fatal error's message, the throwing goroutine's stack
// and every other goroutine's, as gc's fatalthrow does (a throw raises the traceback
// level to all goroutines). Nothing when called off a goroutine (g0, a signal handler
// before the thread is set up) or during a dump already under way on this M. proc.cpp.
void throwtraceback();

// ---- Threads (h-threads: proc.cpp, os_thread_<goos>.cpp; docs/runtime/proc.md) ----

// The number of Ps (runtime.GOMAXPROCS). Changes only with the world stopped. Go:
// gomaxprocs.
extern int32_t gomaxprocs;
// newosproc starts an OS thread for mp on its g0 stack (linux: clone with the thread
// pointer at mp->tls; windows: CreateThread, the thread's own stack becoming g0's;
// darwin: pthread_create); the thread calls mstart(mp), which never returns. Go:
// newosproc (os_<goos>.go). Runs on any M, with sched.lock not held.
void newosproc(m *mp);
// mstart is every new M's first function: minit, then the M's start function or the
// scheduler. Runs on the new thread, on its g0 stack. Go: mstart.
[[noreturn]] void mstart(m *mp);
// minit sets up the calling thread for mp: its OS thread id (mp->procid) and, on unix,
// its alternate signal stack (sigaltstack: each M has its own, so a fault on any M is
// handled on that M's). Go: minit + minitSignalStack. Runs on the new M (m0: initsig).
void minit(m *mp);
// exitThread ends the calling thread, an M running on its g0 whose goroutine exited
// while locked to it (mexit): blocks signals, drops the signal stack and, once it no
// longer touches mp's stacks, stores 0 in mp->freewait. mfree releases what newosproc and
// minit made for such an M (its g0 and signal stacks, its thread handle), called by
// another M once freewait is 0. Go: exitThread, mexit's unminit, freem (os_<goos>.cpp).
[[noreturn]] void exitThread(m *mp);
void mfree(m *mp);
// The size of the g0 stack of an M: the scheduler, tracebacks and fault reports run there.
constexpr uintptr_t g0stacksize = 256 << 10;
// gopreempt puts the running goroutine at the end of the global run queue and
// reschedules (a preemption request seen at a safe point: morestack seeing stackPreempt,
// an allocation while the world is being stopped). Go: gopreempt_m.
void gopreempt();
// wakeTimerWaiter wakes the M sleeping until the next timer (if one is), so that it
// sees a timer added earlier than what it waits for. Go: wakeNetPoller. Runs anywhere.
void wakeTimerWaiter();
// stopTheWorld halts every P but the caller's at its next safe point (a call into the
// scheduler, an allocation, a preemption request) and returns with the world stopped;
// startTheWorld restarts them (applying a pending GOMAXPROCS change). Only one stopper
// at a time: stopTheWorld waits for the previous one, yielding the goroutine. Run on a
// goroutine, with no runtime lock held. Go: stopTheWorld, startTheWorld.
void stopTheWorld();
void startTheWorld();
// tryStopTheWorld is stopTheWorld if no other stopper is at work, else false at once
// (for callers that cannot yield: the allocator's collection trigger).
bool tryStopTheWorld();
// The runtime's safe point for stopTheWorld outside the scheduler: yields the P if the
// world is being stopped and the running goroutine holds no runtime lock (mallocgc's
// entry). Go: the preemption check of the allocation path.
void checkStopTheWorldSlow();
// startpanic begins the report of a dying program (an unrecovered panic, a fatal error,
// a fault, the deadlock report): the first M to call it prints, any other M that dies
// meanwhile waits (for the exit the first one makes), so reports never interleave. Nested
// calls on the dying M go on. Go: startpanic_m's paniclk. Runs anywhere.
void startpanic();
// lockacquired / lockreleased count the runtime mutexes the M holds (m::locks): with
// one held, the M neither yields at a safe point nor starts a collection. lock_futex.cpp.
void lockacquired();
void lockreleased();
extern uint32_t gcwaiting; // stopTheWorld is stopping the Ps (atomic). Go: sched.gcwaiting
inline void checkStopTheWorld() {
  if (__atomic_load_n(&gcwaiting, __ATOMIC_RELAXED) != 0) checkStopTheWorldSlow();
}

// ---- Preemption (h-threads defines preemptone; h-preempt preemptM, preemptMSupported) ----

// preemptone asks the goroutine running on pp to stop: gp->preempt, stackguard0 =
// stackPreempt (its next prologue check calls morestack, which yields), and, where the
// OS layer can interrupt a thread (preemptMSupported), preemptM(mp) for an asynchronous
// preemption. False if nothing runs on pp. Go: preemptone. Runs anywhere (sysmon,
// stopTheWorld).
bool preemptone(p *pp);
extern bool preemptMSupported;
void preemptM(m *mp);

// ---- Timers (time.cpp, h-chan; weak defaults in proc.cpp) ----

// timeUntilNextTimer returns the nanoseconds until the next timer fires (0: due now), or
// -1 without timers; checkTimers runs the due ones. The scheduler's idle loop calls them.
int64_t timeUntilNextTimer();
void checkTimers();
// osleep sleeps the thread for ns nanoseconds (os_<goos>.cpp). Go: usleep.
void osleep(int64_t ns);
// getproccount returns the number of CPUs the process may use (os_<goos>.cpp). Go:
// getproccount / getncpu.
int32_t getproccount();
// ncpu: getproccount() at start-up (schedinit). Go: ncpu.
extern int32_t ncpu;

// rundefer calls d's function as the goroutine's innermost deferred call; resume
// continues frame f after a recovered panic (its deferframe call returns 1). defer.cpp.
void rundefer(talpa::abi::_defer *d);
[[noreturn]] void resume(talpa::abi::deferframe *f);
// The return address of calldefer's call of a deferred function.
extern "C" const char calldeferret[] GOSYM("runtime.calldeferret");
// funcentry returns the entry of the compiled Go function holding pc, or 0 (traceback.cpp).
uintptr_t funcentry(uintptr_t pc);
// ingocode says whether pc lies in compiled Go code: in a function of the program's PC
// table, or anywhere in a program without one (the runtime's own test programs, whose C
// stands in for compiled Go code). Runs anywhere, in fault handlers too (traceback.cpp).
bool ingocode(uintptr_t pc);

// ---- Preemption (preempt.cpp, os_<goos>.cpp; docs/runtime/proc.md "Preemption") ----

// preemptM (declared with preemptone above) asks M mp to stop its running goroutine at
// an asynchronous safe point if that goroutine wants it (gp->preempt): linux sends SIGURG
// to the M's thread, windows suspends the thread and rewrites its context;
// preemptMSupported on linux and windows/amd64 (os_<goos>.cpp). Runs on any thread but
// mp's. Go: preemptM, preemptMSupported.
//
// wantAsyncPreempt: gp, running on its M, was asked to stop and may be (its M holds no
// runtime lock and no print lock). isAsyncSafePoint: pc (with sp) is an instruction of compiled Go
// code of gp at which a call of runtime.asyncPreempt may be injected: inside a function of the
// program's PC table, past its first instruction, not at a return, on gp's stack with
// room for asyncPreempt's frame and the switch. Run in the signal handler (linux) or on
// the preempting thread with gp's thread suspended (windows). Go: wantAsyncPreempt,
// isAsyncSafePoint.
bool wantAsyncPreempt(g *gp);
bool isAsyncSafePoint(g *gp, uintptr_t pc, uintptr_t sp);
// runtime.asyncPreempt (preempt.cpp, asm per arch): the injected call. It saves every
// register compiled code may hold (flags, vector/FP state included), calls asyncPreempt2,
// which puts the goroutine on the global run queue and schedules, then restores them and
// returns to the interrupted pc. How the call is injected (asyncPreemptInject, per arch):
// amd64 pushes the interrupted pc 128 bytes below sp (past SysV's red zone; asyncPreempt
// returns with `ret $128`); arm64 and riscv64 push the link register (16 bytes) and set
// it to the interrupted pc. Go: asyncPreempt, asyncPreempt2.
extern "C" void asyncPreempt() GOSYM("runtime.asyncPreempt");
extern "C" void asyncPreempt2() GOSYM("runtime.asyncPreempt2");
// asyncPreemptInject rewrites the registers of an interrupted thread (pc, sp, lr: lr is
// null on amd64) so that it calls asyncPreempt from pc. Writes the goroutine's stack.
void asyncPreemptInject(uintptr_t *pc, uintptr_t *sp, uintptr_t *lr);
// Whether pc is the return address of asyncPreempt's call (tracebacks: the frame above
// was interrupted at its pc, which is then no return address).
bool isasyncpreemptret(uintptr_t pc);
// preemptcheck honours a pending request at once: called at the entries compiled code
// calls into the runtime's long paths (allocation, runtime.GC), where no runtime lock is
// held and nothing is half done. The signal never stops a goroutine inside the runtime's
// own code, so one that spends most of its time there (a loop that allocates or
// collects) yields here instead, as gc's goroutines do at their next function prologue.
// Go: the stackguard0 check of a prologue, morestack → gopreempt_m.
void preemptyield();
inline void preemptcheck() {
  g *gp = getg();
  if (__builtin_expect(gp != nullptr && gp->preempt, false)) preemptyield();
}
// preemptclear forgets a request when gp is scheduled (execute). Go: execute's
// gp.preempt = false.
inline void preemptclear(g *gp) { gp->preempt = false; }

// ---- Timers (time.cpp) ----
// A timer calls f(arg, seq) at nanotime() >= when, then every period ns if period > 0.
// index is the timer's position in the timer heap, -1 while it is not pending (set it
// to -1 before the first addtimer). f runs without the timers' lock, on whatever
// goroutine runs checkTimers; it must not block. addtimer starts a timer that is not
// pending; deltimer stops one, reporting whether it was pending. Go: timer, addtimer,
// deltimer.
struct timer {
  int64_t when;
  int64_t period;
  void (*f)(void *arg, uintptr_t seq);
  void *arg;
  uintptr_t seq;
  intptr_t index;
};
void addtimer(timer *t);
bool deltimer(timer *t);
// timeUntilNextTimer: nanoseconds until the earliest pending timer is due (0 if one is
// due now), or -1 with none; checkTimers runs every due timer. The scheduler's idle loop
// calls both. timeSleep parks the current goroutine for ns nanoseconds (none if ns <= 0).
// Go: the timer heap of time.go (per P there), timeSleep.
int64_t timeUntilNextTimer();
void checkTimers();
void timeSleep(int64_t ns);

// ---- Stack checks and segments (stack.cpp; docs/runtime/stack.md) ----

// Whether the program's code checks its stack in each prologue (the compiler's StackCheck
// pass defines talpa_stackchecks = 1; programs without it run on one large stack).
bool stackchecks();
// The bytes below g.stackguard0 at the bottom of every segment: the frame of a function
// whose check failed plus the thunk and morestack, or the leaves and runtime functions a
// function whose check passed calls (docs/runtime/stack.md, "Red zone"). Windows
// dispatches an exception on the faulting thread's own stack (a CONTEXT of 1232 bytes,
// the exception record, the OS's dispatcher and the runtime's handler), and its system
// calls run on it too: a larger red zone, and a larger first segment to hold it.
#if defined(GOOS_windows)
constexpr uintptr_t stackRedZone = 8 << 10;
#else
constexpr uintptr_t stackRedZone = 1536;
#endif
// g.stackguard0 when the scheduler asks the goroutine to yield: abi.h's
// stackguard::stackPreempt (gc's), larger than any sp, so every check fails and
// morestack tells it from an overflow.
// stackinit gives gp a first stack of size bytes (a power of two, at least 2 KiB) with
// stackguard0 set. Go: stackalloc for a new goroutine.
void stackinit(g *gp, uintptr_t size);
// stackrelease frees all of gp's stacks (the goroutine has exited; it does not run on
// them). Go: stackfree.
void stackrelease(g *gp);
// stackguardof returns gp's real stackguard0 for its current stack (not a preemption
// request).
uintptr_t stackguardof(g *gp);
// gopreempt puts the running goroutine at the end of the global run queue and runs the
// scheduler (proc.cpp); morestack calls it on a preemption request. Go: gopreempt_m.
void gopreempt();
// stackfreeextra frees every segment of gp but its first stack, which becomes its
// current stack again (an exited goroutine's g keeps it for the next go statement).
void stackfreeextra(g *gp);
// The first segment of a new goroutine (gc's 2 KiB), and the red zone of the main
// goroutine's one big stack (mainstack or the OS's), which never grows: larger than a
// segment's, for the OS's own use of the main thread's stack (windows: loader callbacks,
// exception dispatch) when an overflow is reported.
#if defined(GOOS_windows)
constexpr uintptr_t firstsegsize = 16 << 10;
#else
constexpr uintptr_t firstsegsize = 2048;
#endif
constexpr uintptr_t mainstackRedZone = 64 << 10;
// stackunwindto drops the segments above the one holding sp (a recovered panic resuming
// a frame on an older segment). Runs on the goroutine, deeper than sp.
void stackunwindto(uintptr_t sp);
// forstacks calls f on every range [lo, hi) of gp's stacks in use: [sp, hi) of the current
// segment, then each older segment from the sp at which it grew. For the collector.
void forstacks(g *gp, uintptr_t sp, void (*f)(uintptr_t lo, uintptr_t hi));
// onoldstack says whether p lies in one of the segments gp grew from (not the current
// one, gp->stack); false for a null gp. For tracebacks crossing a seam.
bool onoldstack(g *gp, uintptr_t p);
// withstack runs fn(arg) with at least n bytes of stack: where it is if there is room
// (or off the goroutine's stack: a signal stack, g0's), else on a new segment. For deep
// runtime paths (panics, tracebacks, the collector).
void withstack(uintptr_t n, void (*fn)(void *), void *arg);
// withstack for a callable (a lambda): runs f() with at least n bytes of stack.
template <typename F> void withstack(uintptr_t n, F &&f) {
  withstack(n, [](void *a) { (*static_cast<F *>(a))(); }, &f);
}
// What the scheduler's deeper paths run with when called from a goroutine (making an M:
// the OS's thread creation; GOMAXPROCS: stopping the world, resizing the Ps).
constexpr uintptr_t schedStackBytes = 16 << 10;
// The stack a traceback gets (fatalpanic, throwtraceback): windows unwinds with a
// CONTEXT per frame.
constexpr uintptr_t tracebackStackBytes = 32 << 10;
// The return addresses in the stack-switch routine: a traceback reaching one continues
// on the previous segment (after morestack's frames: skip the function that grew).
extern "C" const char stackswitchret[] GOSYM("runtime.stackswitchret");
extern "C" const char stackswitchret2[] GOSYM("runtime.stackswitchret2");

} // namespace runtime

#endif // TALPA_RUNTIME_RUNTIME_H
