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

// Prints the frames of one physical frame at pc (a return address unless exact).
void printframe(const funcinfo &f, uintptr_t pc, bool exact) {
  uintptr_t entry = reinterpret_cast<uintptr_t>(f.entry);
  uintptr_t look = exact ? pc : pc - 1;
  const pcframe *fr = findframes(f, static_cast<uint32_t>(look - entry));
  if (fr == nullptr) return;
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
// The caller's frame pointer and the return address of the frame at fp.
struct callerframe {
  uintptr_t fp, pc;
};
callerframe caller(uintptr_t fp) {
  auto *w = reinterpret_cast<const uintptr_t *>(fp);
#if defined(__riscv)
  return {w[-2], w[-1]};
#else
  return {w[0], w[1]};
#endif
}

bool validfp(uintptr_t fp, uintptr_t below) {
  if (fp == 0 || fp % sizeof(uintptr_t) != 0 || fp <= below) return false;
  if (mainstack.hi != 0 && (fp < mainstack.lo || fp > mainstack.hi)) return false;
  return true;
}

// The walk over the frame-pointer chain (see the file comment).
class framecursor {
public:
  // At the fault f, or at traceback's own return address (the runtime frames up to the
  // first Go frame are skipped by name).
  bool start(const sigfault *f) {
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
  // Moves to the calling frame; false at the end of the chain.
  bool next() {
    exact = false;
    if (last_ || !validfp(fp_, 0)) return false;
    callerframe c = caller(fp_);
    if (c.pc == 0) return false;
    // A broken link above: name this return address, then stop.
    // Across a segment seam the caller's frame may lie below this one.
    last_ = !validfp(c.fp, isseam(c.pc) ? 0 : fp_);
    pc = c.pc;
    fp_ = c.fp;
    return true;
  }
  uintptr_t pc = 0;
  bool exact = false; // pc is the faulting instruction, not a return address

private:
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

// traceback prints the Go frames of the stack of the fault f (its faulting instruction
// first) or, with f null, of the stack traceback was called on. Runs on the goroutine
// being traced, or in a fault handler.
__attribute__((noinline)) void traceback(const sigfault *f) {
  constexpr int maxframes = 100;
  if (talpa_pcln.nfuncs == 0) return; // nothing to name (and the walk could leave the stack)
  framecursor c;
  if (!c.start(f)) return;
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

} // namespace runtime
