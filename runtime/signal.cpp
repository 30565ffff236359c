// Reporting synchronous faults in gc's words; mirrors sigpanic and the _SigThrow half of
// sighandler in runtime/signal_unix.go and signal_windows.go, and newstack's overflow
// check in stack.go.
//
// Each OS layer catches the faults a Go program can raise by itself: on linux and darwin
// SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGTRAP (the signals gc's sigtable marks _SigPanic
// or _SigThrow + _SigUnblock, i.e. the synchronous ones), each handler running on an
// alternate signal stack so that it still has a stack when the goroutine's is exhausted;
// on windows the exceptions gc's isgoexception accepts, in a vectored handler. The
// handler decodes the OS's record (siginfo + ucontext, EXCEPTION_RECORD + CONTEXT) into
// a sigfault and calls sigpanic, which never returns:
//
//     sigpanic(f):
//       if f is a memory fault inside mainstack's guard, or sp went below mainstack.lo,
//          or the OS reports a stack overflow:
//            runtime: goroutine stack exceeds 1000000000-byte limit
//            runtime: sp=<sp> stack=[<lo>, <hi>]
//            fatal error: stack overflow
//       a fault below whose pc no compiled Go function lies (the runtime's code):
//                                 fatal error: unexpected signal during runtime execution
//                                 + signal line + goroutine header
//       mem fault below 0x1000 -> panic: runtime error: invalid memory address or nil
//                                 pointer dereference + signal line + goroutine header
//       other mem fault        -> unexpected fault address <addr>
//                                 fatal error: fault + signal line + goroutine header
//       FPE                    -> panic: runtime error: integer divide by zero (or
//                                 integer overflow, floating point error) + signal line...
//       SIGILL, SIGTRAP        -> SIGILL: illegal instruction / PC=.. m=0 sigcode=..
//                                 instruction bytes: ... / goroutine header
//       exit(2)
//
// The faults gc turns into panics (a nil dereference, an integer divide or overflow, a
// floating-point trap) in compiled Go code are not reported there (in the runtime's own
// code they are fatal, as gc's canpanic makes them): the handler asks sigtopanic, which keeps
// the fault (gc: g.sig, sigcode0, sigcode1, sigpc), and then rewrites the interrupted
// context as gc's preparePanic does, so that returning from the handler makes the
// faulting function call sigpanictramp: on amd64 the faulting pc is pushed as a return
// address, on arm64 and riscv64 it goes in the link register, and pc becomes the
// trampoline's. The trampoline builds a frame record (so the frame-pointer walk sees the
// faulting function as its caller) and calls runtime.sigpanic, which panics with gc's
// runtime error on the goroutine: deferred calls run and recover() works. Unrecovered,
// gopanic prints the kept fault's signal line (fatalpanic) and the traceback from the
// faulting instruction.
//
// What gc prints next (its traceback, "runtime stack:") is not printed: no line here is
// made up. The stack-overflow line pair differs from gc in meaning only slightly: gc
// detects the overflow in morestack, before sp leaves the stack, so its sp lies inside
// [lo, hi]; talpa detects it when the guard is touched, so sp is usually just below lo.
// The limit is real: startmain reserves maxstacksize bytes for the main goroutine.
//
// Everything here runs in a signal or exception handler on a small stack, possibly with
// the heap in an unknown state: it allocates nothing and only writes to standard error.
#include "proc.h"
#include "runtime.h"

namespace runtime {

namespace {

// isstackoverflow says whether a memory fault at addr with stack pointer sp is the running
// goroutine running off the bottom of its stack (into the guard below it). Runs in a
// fault handler.
bool isstackoverflow(const sigfault &f) {
  if (f.kind == sigkind::stackoverflow) return true;
  if (f.kind != sigkind::mem && f.kind != sigkind::fault) return false;
  g *gp = getg();
  if (gp == nullptr || gp->stack.hi == 0) return false;
  uintptr_t size = gp->stack.lo == mainstack.lo ? stackguardsize : goroutineguardsize;
  if (size == 0) return false;
  uintptr_t guard = gp->stack.lo - size;
  auto inguard = [&](uintptr_t a) { return a >= guard && a < gp->stack.lo; };
  return inguard(f.addr) || inguard(f.sp);
}

// stackoverflow prints newstack's report and exits. Go: newstack's "goroutine stack
// exceeds" path + throw("stack overflow"). Runs in a fault handler.
[[noreturn]] void stackoverflow(const sigfault &f) {
  g *gp = getg();
  startpanic();
  printcstr("runtime: goroutine stack exceeds ");
  printuint64(maxstacksize);
  printcstr("-byte limit\n");
  printcstr("runtime: sp=");
  printhex(f.sp);
  printcstr(" stack=[");
  printhex(gp != nullptr ? gp->stack.lo : 0);
  printcstr(", ");
  printhex(gp != nullptr ? gp->stack.hi : 0);
  printcstr("]\n");
  printcstr("fatal error: stack overflow\n");
  // gc continues with "\nruntime stack:\n" and tracebacks (future work).
  exit(2);
}

// throwsig is gc's sighandler for a _SigThrow signal: the signal's name, the registers'
// summary, for SIGILL the instruction bytes, then the goroutine. Runs in a fault handler.
[[noreturn]] void throwsig(const sigfault &f) {
  startpanic();
  printcstr(f.name);
  printcstr("\n");
  printcstr("PC=");
  printhex(f.pc);
  // Only m0 exists until the scheduler does.
  printcstr(" m=0 sigcode=");
  printuint64(f.code);
  printcstr("\n");
  // gc prints the bytes for SIGILL and SIGFPE (only SIGILL reaches here), 16 of them but
  // never past the end of the page holding pc, which is known to be readable. 4096 is
  // the smallest page size of every target, hence safe where the page is larger.
  if (f.sig == 4) { // SIGILL on linux and darwin
    uintptr_t n = 16;
    if (n > 4096 - f.pc % 4096) n = 4096 - f.pc % 4096;
    printcstr("instruction bytes:");
    auto *b = reinterpret_cast<const volatile uint8_t *>(f.pc);
    for (uintptr_t i = 0; i < n; i++) {
      printcstr(" ");
      printhex(b[i]);
    }
    printcstr("\n");
  }
  printcstr("\n");
  goroutineheader(getg());
  // gc continues with the traceback and a register dump (future work).
  exit(2);
}

// inruntime says whether fault f, one gc's sigpanic would handle, happened outside
// compiled Go code: in the runtime (or code of no Go function), where gc's canpanic
// refuses to panic. Runs in a fault handler.
bool inruntime(const sigfault &f) {
  switch (f.kind) {
  case sigkind::mem:
  case sigkind::fault:
  case sigkind::intdiv:
  case sigkind::intovf:
  case sigkind::floaterr:
  case sigkind::throwfault:
    return !ingocode(f.pc);
  default:
    return false;
  }
}

} // namespace

sigfault unixsigfault(const unixsignals &n, uint32_t sig, int32_t code, uintptr_t addr,
                      uintptr_t pc, uintptr_t sp) {
  sigfault f{};
  f.sig = sig;
  f.code = static_cast<uintptr_t>(static_cast<intptr_t>(code));
  f.addr = addr;
  f.pc = pc;
  f.sp = sp;
  if (sig == n.sigsegv) {
    // gc: a nil dereference only for si_code 0, SEGV_MAPERR or SEGV_ACCERR.
    f.name = "SIGSEGV: segmentation violation";
    bool mem = code == 0 || code == n.segv_maperr || code == n.segv_accerr;
    f.kind = mem ? sigkind::mem : sigkind::fault;
  } else if (sig == n.sigbus) {
    f.name = "SIGBUS: bus error";
    f.kind = code == n.bus_adrerr ? sigkind::mem : sigkind::fault;
  } else if (sig == n.sigfpe) {
    f.name = "SIGFPE: floating-point exception";
    f.kind = code == n.fpe_intdiv   ? sigkind::intdiv
             : code == n.fpe_intovf ? sigkind::intovf
                                    : sigkind::floaterr;
  } else if (sig == n.sigill) {
    f.name = "SIGILL: illegal instruction";
    f.kind = sigkind::throwsig;
  } else {
    f.name = "SIGTRAP: trace trap";
    f.kind = sigkind::throwsig;
  }
  return f;
}

namespace {

// Where the handler keeps a fault when the thread has no M (the unit tests' host threads
// before the scheduler runs there).
sigfault nomfault;
bool nomfaultpending;

sigfault &pendingfault(m *mp) { return mp != nullptr ? mp->pendingfault : nomfault; }
bool &faultpending(m *mp) { return mp != nullptr ? mp->faultpending : nomfaultpending; }

} // namespace

// Runs in a signal handler on the alternate signal stack, or in a windows vectored
// exception handler, on the faulting thread: the fault is kept on its M, whose goroutine
// calls runtime.sigpanic next.
bool sigtopanic(const sigfault &f) {
  if (isstackoverflow(f) || inruntime(f)) return false;
  switch (f.kind) {
  case sigkind::mem:
    if (f.addr >= 0x1000) return false; // gc: "unexpected fault address", a throw
    break;
  case sigkind::intdiv:
  case sigkind::intovf:
  case sigkind::floaterr:
    break;
  default:
    return false;
  }
  m *mp = getg()->m_;
  pendingfault(mp) = f;
  faultpending(mp) = true;
  return true;
}

const sigfault *panicfault() { return getg()->panicfault_; }

void clearpanicfault() { getg()->panicfault_ = nullptr; }

// SigPanic raises the panic of the fault sigtopanic kept, on the faulting goroutine,
// called by sigpanictramp as if the faulting function had called it. The fault moves
// from the M to this frame, which lives as long as the panic (a deferred call may block
// and continue on another M). Go: sigpanic.
extern "C" void SigPanic() GOSYM("runtime.sigpanic");
extern "C" void SigPanic() {
  g *gp = getg();
  m *mp = gp->m_;
  if (!faultpending(mp)) throw_("unexpected signal during runtime execution");
  faultpending(mp) = false;
  sigfault f = pendingfault(mp);
  gp->panicfault_ = &f;
  switch (f.kind) {
  case sigkind::mem:
    panicerrorstring("invalid memory address or nil pointer dereference");
  case sigkind::intdiv:
    panicerrorstring("integer divide by zero");
  case sigkind::intovf:
    panicerrorstring("integer overflow");
  default:
    panicerrorstring("floating point error");
  }
}

#define SYM(s) TALPA_STR(__USER_LABEL_PREFIX__) s

// sigpanictramp: entered with the faulting pc as its return address (amd64: pushed on the
// stack; arm64, riscv64: in the link register), any stack alignment on amd64. It makes a
// frame record and calls runtime.sigpanic, which does not return.
#if defined(__x86_64__)
extern "C" __attribute__((naked)) void sigpanictramp() {
  __asm__ volatile("pushq %%rbp\n\t"
                   "movq %%rsp, %%rbp\n\t"
                   "andq $-16, %%rsp\n\t"
                   "subq $32, %%rsp\n\t" // Win64 home space; harmless elsewhere
                   "callq " SYM("runtime.sigpanic") "\n\t"
                                                    "ud2" ::
                                                        : "memory");
}
#elif defined(__aarch64__)
extern "C" __attribute__((naked)) void sigpanictramp() {
  __asm__ volatile("stp x29, x30, [sp, #-16]!\n\t"
                   "mov x29, sp\n\t"
                   "bl " SYM("runtime.sigpanic") "\n\t"
                                                 "brk #0" ::
                                                     : "memory");
}
#elif defined(__riscv)
extern "C" __attribute__((naked)) void sigpanictramp() {
  __asm__ volatile("addi sp, sp, -16\n\t"
                   "sd ra, 8(sp)\n\t"
                   "sd s0, 0(sp)\n\t"
                   "addi s0, sp, 16\n\t"
                   "call " SYM("runtime.sigpanic") "\n\t"
                                                   "ebreak" ::
                                                       : "memory");
}
#else
#error "signal.cpp: no sigpanictramp for this GOARCH"
#endif

// Runs in a signal handler on the alternate signal stack, or in a windows vectored
// exception handler.
void sigpanic(const sigfault &f) {
  startpanic();
  if (isstackoverflow(f)) stackoverflow(f);
  if (inruntime(f)) {
    // Go: sigpanic's throw when canpanic is false; dopanic_m prints the signal line.
    printcstr("fatal error: unexpected signal during runtime execution\n");
    fatalpanic(&f);
  }
  switch (f.kind) {
  case sigkind::mem:
    if (f.addr < 0x1000) {
      // Go: panicmem.
      printcstr("panic: runtime error: invalid memory address or nil pointer dereference\n");
      fatalpanic(&f);
    }
    [[fallthrough]];
  case sigkind::fault:
  case sigkind::stackoverflow: // handled above
    printcstr("unexpected fault address ");
    printhex(f.addr);
    printcstr("\n");
    [[fallthrough]];
  case sigkind::throwfault:
    // Go: throw("fault"), whose dopanic_m prints the signal line and the goroutine.
    printcstr("fatal error: fault\n");
    fatalpanic(&f);
  case sigkind::intdiv:
    printcstr("panic: runtime error: integer divide by zero\n");
    fatalpanic(&f);
  case sigkind::intovf:
    printcstr("panic: runtime error: integer overflow\n");
    fatalpanic(&f);
  case sigkind::floaterr:
    printcstr("panic: runtime error: floating point error\n");
    fatalpanic(&f);
  case sigkind::throwsig:
    throwsig(f);
  }
  throw_("sigpanic: unknown fault kind");
}

} // namespace runtime
