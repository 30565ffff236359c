// Tracebacks of compiled Go code; mirrors runtime/traceback.go and symtab.go.
//
// A traceback walks the frame-pointer chain of the current stack (every Go function and
// the runtime itself keep frame pointers) and names each return address it finds with
// the program's PC table, talpa_pcln (abi.h's pclntab), which the driver builds from
// the DWARF line table of the compiled code (compiler/driver/pcln.cpp) and links into
// every program. Per frame it prints what gc prints for goroutine 1:
//
//     main.g(...)                 an inlined call: no offset
//         /abs/path/t.go:4
//     main.main()                 the function the code belongs to
//         /abs/path/t.go:9 +0x1d  return address - entry
//
// Frames of the runtime (no entry in the table) before the first Go frame are skipped;
// the first runtime frame after Go frames (the runtime's entry that called main.main)
// ends the walk, as gc hides runtime.main. A return address is looked up at pc-1, inside
// the call instruction, so the line is the call's.
//
// Frame layout: on amd64 and arm64 the frame pointer points at the saved caller's frame
// pointer, the return address is the word above it; on riscv64 it points at the frame's
// top, with the return address at fp-8 and the caller's frame pointer at fp-16. The walk
// stops at a null, misaligned or non-increasing frame pointer, one outside the main
// stack when that is known, or after 100 frames (gc's limit, which it reports the same
// way).
//
// Windows code keeps no such chain: the Win64 prologue points the frame pointer at
// rsp + min(frame size, 128), not at the saved one. There the walk unwinds with the
// image's unwind data instead (RtlVirtualUnwind, os_windows.cpp), starting from the
// exception's CONTEXT or from the registers RtlCaptureContext gives.
#include "runtime.h"

// The program's table. The driver's generated object defines it; this weak empty one is
// for programs linked without it (the runtime's own smoke tests).
extern "C" __attribute__((weak)) const talpa::abi::pclntab talpa_pcln = {nullptr, 0, nullptr};

namespace runtime {

namespace {

using talpa::abi::funcinfo;
using talpa::abi::pcframe;

const funcinfo *findfunc(uintptr_t pc) {
  const talpa::abi::pclntab &t = talpa_pcln;
  for (uintptr_t i = 0; i < t.nfuncs; ++i) {
    uintptr_t entry = reinterpret_cast<uintptr_t>(t.funcs[i].entry);
    if (pc >= entry && pc - entry < t.funcs[i].size) return &t.funcs[i];
  }
  return nullptr;
}

// The first source frame of the row holding code offset off, or nullptr.
const pcframe *findframes(const funcinfo &f, uint32_t off) {
  const pcframe *frames = nullptr;
  for (uint32_t i = 0; i < f.nrows && f.rows[i].pcoff <= off; ++i)
    frames = &talpa_pcln.frames[f.rows[i].frame];
  return frames;
}

// Whether name (a function's) contains sub.
bool contains(const char *name, const char *sub) {
  for (; *name != 0; ++name) {
    const char *a = name, *b = sub;
    while (*b != 0 && *a == *b) {
      ++a;
      ++b;
    }
    if (*b == 0) return true;
  }
  return false;
}

// Prints the frames of one physical frame at pc (a return address unless exact). The
// wrapper of a go statement (<outer>.gowrapN, compiler/lower/defer.cpp) is not shown: gc
// hides its own.
void printframe(const funcinfo &f, uintptr_t pc, bool exact) {
  uintptr_t entry = reinterpret_cast<uintptr_t>(f.entry);
  uintptr_t look = exact ? pc : pc - 1;
  const pcframe *fr = findframes(f, static_cast<uint32_t>(look - entry));
  if (fr == nullptr) return;
  if (fr->more == 0 && contains(fr->name, ".gowrap")) return;
  for (;; ++fr) {
    printcstr(fr->name);
    bool inlined = fr->more != 0;
    printcstr(inlined || (f.flags & talpa::abi::funcflags::NoArgs) == 0 ? "(...)\n\t" : "()\n\t");
    printcstr(fr->file);
    printcstr(":");
    printuint64(fr->line);
    if (inlined) {
      printcstr("\n");
      continue;
    }
    printcstr(" +");
    printhex(pc - entry);
    printcstr("\n");
    return;
  }
}

// A return address into the stack-switch routine: the frames above it are on the
// segment the goroutine grew from (stack.cpp).
bool isseam(uintptr_t pc) {
  return pc == reinterpret_cast<uintptr_t>(stackswitchret) ||
         pc == reinterpret_cast<uintptr_t>(stackswitchret2);
}

#if !defined(GOOS_windows)

// The walk over the frame-pointer chain (see the file comment), within the goroutine's
// stack when it is known.
class framecursor {
public:
  // At the fault f, or at traceback's own return address (the runtime frames up to the
  // first Go frame are skipped by name).
  bool start(const sigfault *f) {
    if (g *gp = getg(); gp != nullptr) {
      stk_ = gp->stack;
      g_ = gp;
    }
    if (f != nullptr && f->pc != 0) {
      pc = f->pc;
      exact = true;
      fp_ = f->fp;
      return true;
    }
    uintptr_t fp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    if (!validfp(fp, 0)) return false;
    callerframe c = caller(fp);
    pc = c.pc;
    fp_ = c.fp;
    return pc != 0;
  }
  // At a goroutine's saved context (not running).
  bool startg(g *gp) {
    stk_ = gp->stack;
    g_ = gp;
    pc = savedpc(gp->schedsp);
    fp_ = savedfp(gp->schedsp);
    return pc != 0;
  }
  // Moves to the calling frame; false at the end of the chain.
  bool next() {
    // Above runtime.asyncPreempt's frame is the interrupted function at the instruction
    // it was stopped at, not at a return address (preempt.cpp).
    bool interrupted = isasyncpreemptret(pc);
    exact = false;
    if (last_ || !validfp(fp_, 0)) return false;
    callerframe c = caller(fp_);
    if (c.pc == 0) return false;
    // A broken link above: name this return address, then stop.
    // Across a segment seam the caller's frame may lie below this one.
    last_ = !validfp(c.fp, isseam(c.pc) ? 0 : fp_);
    pc = c.pc;
    fp_ = c.fp;
    exact = interrupted;
    return true;
  }
  uintptr_t pc = 0;
  bool exact = false; // pc is the faulting instruction, not a return address

private:
  bool validfp(uintptr_t fp, uintptr_t below) const {
    if (fp == 0 || fp % sizeof(uintptr_t) != 0 || fp <= below) return false;
    if (stk_.hi != 0 && (fp < stk_.lo || fp > stk_.hi) && !onoldstack(g_, fp)) return false;
    return true;
  }
  stack stk_{};
  g *g_ = nullptr; // whose older stack segments the chain may continue on
  uintptr_t fp_ = 0;
  bool last_ = false;
};
#else
// The walk by the image's unwind data (os_windows.cpp).
class framecursor {
public:
  bool start(const sigfault *f) {
    winunwindstart(w_, f != nullptr ? f->context : nullptr);
    exact = f != nullptr && f->context != nullptr;
    pc = winunwindpc(w_);
    return pc != 0;
  }
  bool startg(g *gp) {
    winunwindsaved(w_, gp->schedsp);
    exact = false;
    pc = winunwindpc(w_);
    return pc != 0;
  }
  bool next() {
    exact = false;
    if (!winunwindnext(w_)) return false;
    pc = winunwindpc(w_);
    return true;
  }
  uintptr_t pc = 0;
  bool exact = false;

private:
  winframes w_;
};
#endif

} // namespace

uintptr_t funcentry(uintptr_t pc) {
  const funcinfo *f = findfunc(pc);
  return f != nullptr ? reinterpret_cast<uintptr_t>(f->entry) : 0;
}

bool ingocode(uintptr_t pc) { return talpa_pcln.nfuncs == 0 || findfunc(pc) != nullptr; }

namespace {

void walk(framecursor &c);

} // namespace

// traceback prints the Go frames of the stack of the fault f (its faulting instruction
// first) or, with f null, of the stack traceback was called on. Runs on the goroutine
// being traced, or in a fault handler.
__attribute__((noinline)) void traceback(const sigfault *f) {
  if (talpa_pcln.nfuncs == 0) return; // nothing to name (and the walk could leave the stack)
  framecursor c;
  if (!c.start(f)) return;
  walk(c);
}

void tracebackg(g *gp) {
  if (talpa_pcln.nfuncs == 0 || gp->schedsp == 0) return;
  framecursor c;
  if (!c.startg(gp)) return;
  walk(c);
}

// gc: "created by <function>" and the go statement's file:line +offset.
void printcreatedby(g *gp) {
  if (gp->gopc == 0) return;
  const funcinfo *f = findfunc(gp->gopc - 1);
  if (f == nullptr) return;
  uintptr_t entry = reinterpret_cast<uintptr_t>(f->entry);
  const pcframe *fr = findframes(*f, static_cast<uint32_t>(gp->gopc - 1 - entry));
  if (fr == nullptr) return;
  const pcframe *outer = fr;
  while (outer->more != 0)
    ++outer;
  printcstr("created by ");
  printcstr(outer->name);
  printcstr("\n\t");
  printcstr(fr->file);
  printcstr(":");
  printuint64(fr->line);
  printcstr(" +");
  printhex(gp->gopc - entry);
  printcstr("\n");
}

namespace {

void walk(framecursor &c) {
  constexpr int maxframes = 100;
  bool seen = false;
  int n = 0;
  // Stack segments (stack.cpp): a Go function that grew the stack runs again through a
  // thunk on the new segment; from its frame the walk meets the thunk, the seam (the
  // switch routine's return address), the runtime's morestack frames and the function's
  // first activation, which called morestack: that one is not printed again. A seam
  // made by withstack (stackswitchret2) has runtime frames only below it.
  enum { none, skipnext, printnext } seam = none;
  do {
    if (isseam(c.pc)) {
      seam = c.pc == reinterpret_cast<uintptr_t>(stackswitchret) ? skipnext : printnext;
      continue;
    }
    const funcinfo *fn = findfunc(c.exact ? c.pc : c.pc - 1);
    if (fn != nullptr) {
      bool skip = seam == skipnext;
      seam = none;
      if (skip) continue;
      if (n == maxframes) {
        printcstr("...additional frames elided...\n");
        return;
      }
      printframe(*fn, c.pc, c.exact);
      seen = true;
      ++n;
    } else if (seen && seam == none) {
      // The end of the Go frames, unless this is a thunk just above a seam.
      framecursor peek = c;
      if (!peek.next() || !isseam(peek.pc)) return;
    }
  } while (c.next());
}

} // namespace

// ---- The runtime package's stack queries (lib/runtime/symtab.go) ----
//
// Entry points for runtime.Caller, Callers, FuncForPC and CallersFrames, called from the
// Go code of talpa's runtime package with integers and pointers only. Frames are counted
// from the first compiled Go frame above the entry point (the runtime package's function
// that called it). C++ frames are passed over wherever they are: between a deferred call
// and the function whose defer it is run the runtime's defer and panic machinery, and
// the signal frames of a fault that panicked; the walk ends where the frame chain does.

namespace {

constexpr int maxwalk = 10000; // physical frames, C++ ones included

void setcstring(stringStruct *out, const char *s) {
  out->ptr = reinterpret_cast<const uint8_t *>(s);
  out->len = findnull(out->ptr);
}

// The source frames at code address pc (looked up as given), innermost first, and their
// number; 0 if pc is in no compiled Go function.
int64_t framesat(uintptr_t pc, const funcinfo **fn, const pcframe **first) {
  const funcinfo *f = findfunc(pc);
  if (f == nullptr) return 0;
  const pcframe *fr =
      findframes(*f, static_cast<uint32_t>(pc - reinterpret_cast<uintptr_t>(f->entry)));
  if (fr == nullptr) return 0;
  int64_t n = 1;
  while (fr[n - 1].more != 0)
    ++n;
  *fn = f;
  *first = fr;
  return n;
}

} // namespace

// callerframe finds source frame `skip` of the calling goroutine (0: the Go function
// that called callerframe; frames inlined into one physical frame count one each) and
// stores its pc (inside the call), file and line. Returns 1 if there is such a frame.
extern "C" __attribute__((noinline)) int64_t callerframe(int64_t skip, uintptr_t *pc,
                                                         stringStruct *file, int64_t *line)
    GOSYM("runtime.callerframe");
extern "C" __attribute__((noinline)) int64_t callerframe(int64_t skip, uintptr_t *pc,
                                                         stringStruct *file, int64_t *line) {
  framecursor c;
  if (!c.start(nullptr)) return 0;
  int walked = 0;
  do {
    if (++walked > maxwalk) return 0;
    uintptr_t look = c.exact ? c.pc : c.pc - 1;
    const funcinfo *fn = nullptr;
    const pcframe *fr = nullptr;
    int64_t n = framesat(look, &fn, &fr);
    if (n == 0) continue;
    if (skip < n) {
      *pc = look;
      setcstring(file, fr[skip].file);
      *line = fr[skip].line;
      return 1;
    }
    skip -= n;
  } while (c.next());
  return 0;
}

// callerpcs stores the return addresses of up to n physical frames of the calling
// goroutine, skipping `skip` (0: the Go function that called callerpcs), into buf and
// returns how many it stored.
extern "C" __attribute__((noinline)) int64_t callerpcs(int64_t skip, uintptr_t *buf, int64_t n)
    GOSYM("runtime.callerpcs");
extern "C" __attribute__((noinline)) int64_t callerpcs(int64_t skip, uintptr_t *buf, int64_t n) {
  framecursor c;
  if (n <= 0 || !c.start(nullptr)) return 0;
  int64_t stored = 0;
  int walked = 0;
  do {
    if (++walked > maxwalk) break;
    if (findfunc(c.exact ? c.pc : c.pc - 1) == nullptr) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    buf[stored++] = c.pc;
  } while (stored < n && c.next());
  return stored;
}

// funcframe describes source frame i (0: innermost) of those at code address pc: the
// function's name, file, line and the physical function's entry. Returns the number of
// source frames at pc, 0 if pc is in no compiled Go function.
extern "C" int64_t funcframe(uintptr_t pc, int64_t i, stringStruct *name, stringStruct *file,
                             int64_t *line, uintptr_t *entry) GOSYM("runtime.funcframe");
extern "C" int64_t funcframe(uintptr_t pc, int64_t i, stringStruct *name, stringStruct *file,
                             int64_t *line, uintptr_t *entry) {
  const funcinfo *fn = nullptr;
  const pcframe *fr = nullptr;
  int64_t n = framesat(pc, &fn, &fr);
  // A return address just past a function's end: its last instruction is a call that
  // does not return (gc pads such calls with a no-op, talpa does not), so look inside it.
  if (n == 0 && pc > 0) n = framesat(pc - 1, &fn, &fr);
  if (n == 0 || i < 0 || i >= n) return n;
  setcstring(name, fr[i].name);
  setcstring(file, fr[i].file);
  *line = fr[i].line;
  *entry = reinterpret_cast<uintptr_t>(fn->entry);
  return n;
}

} // namespace runtime
