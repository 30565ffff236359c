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
// Not yet: windows code does not keep its frame pointer at the saved one when a frame is
// larger than 128 bytes (the Win64 prologue sets it to rsp + min(size, 128)), so the walk
// is not attempted there: no frames are printed. Unwinding with the image's .pdata
// (RtlVirtualUnwind) is the fix.
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

} // namespace

uintptr_t funcentry(uintptr_t pc) {
  const funcinfo *f = findfunc(pc);
  return f != nullptr ? reinterpret_cast<uintptr_t>(f->entry) : 0;
}

// traceback prints the Go frames of the stack whose innermost frame has frame pointer fp,
// starting with pc if it is non-zero (a faulting instruction: exact) and otherwise with
// fp's return address. Runs on the goroutine being traced.
void traceback(uintptr_t pc, uintptr_t fp) {
  constexpr int maxframes = 100;
  if (talpa_pcln.nfuncs == 0) return; // nothing to name (and the walk could leave the stack)
#if defined(GOOS_windows)
  // The frame-pointer chain cannot be followed on windows (see the file comment): walking
  // it could fault inside the fault handler. Until unwinding uses .pdata, no frames.
  return;
#endif
  bool exact = pc != 0;
  bool seen = false;
  int n = 0;
  if (pc == 0) {
    if (!validfp(fp, 0)) return;
    callerframe c = caller(fp);
    pc = c.pc;
    fp = c.fp;
  }
  for (;;) {
    const funcinfo *f = findfunc(exact ? pc : pc - 1);
    if (f != nullptr) {
      if (n == maxframes) {
        printcstr("...additional frames elided...\n");
        return;
      }
      printframe(*f, pc, exact);
      seen = true;
      ++n;
    } else if (seen) {
      return;
    }
    exact = false;
    uintptr_t below = fp;
    if (!validfp(fp, 0)) return;
    callerframe c = caller(fp);
    if (c.pc == 0 || !validfp(c.fp, below)) {
      // The last frame: name its return address, then stop.
      if (c.pc != 0 && (f = findfunc(c.pc - 1)) != nullptr && n < maxframes)
        printframe(*f, c.pc, false);
      return;
    }
    pc = c.pc;
    fp = c.fp;
  }
}

} // namespace runtime
