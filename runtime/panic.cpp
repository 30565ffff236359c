// Panics and fatal errors; mirrors runtime/panic.go.
//
// Go's runtime has three ways to die, and talpa keeps Go's words for them:
//   panic  -- raised by Go code or by a compiler-inserted check (division by zero, index
//             out of range...); recoverable by a deferred recover().
//   fatal  -- an unrecoverable error in the user's program (deadlock, out of memory).
//   throw  -- a bug in the runtime itself.
//
// What exists today is the unrecovered-panic path only, because defer and recover do not
// exist yet: every panic goes straight to fatalpanic, which prints what gc prints
//
//     panic: <message>
//     <blank line>
//     goroutine 1 [running]:
//
// then the traceback of the Go frames (traceback.cpp, docs/runtime/traceback.md), and exits
// with status 2.
//
// Future structure, as in panic.go: gopanic(eface) pushes a _panic record on the current
// g, runs the g's defer records LIFO, and if one recovers, resumes its frame; otherwise
// printpanics + fatalpanic. panicstring becomes gopanic of a string eface then.
#include "runtime.h"

namespace runtime {

// fatalpanic prints what gc prints after a panic message, the signal line of a panic a
// fault raised (sigpanic) and the goroutine header, and exits with status 2, gc's status
// for an unrecovered panic. Go: fatalpanic + dopanic_m. Runs on the panicking goroutine
// after the panic message is printed, or in a fault handler.
void fatalpanic(const sigfault *f) {
  if (f != nullptr) {
    // gc prints signame(sig), which is empty on windows: the exception code in hex then.
    printcstr("[signal ");
    if (f->name != nullptr) {
      printcstr(f->name);
    } else {
      printhex(f->sig);
    }
    printcstr(" code=");
    printhex(f->code);
    printcstr(" addr=");
    printhex(f->addr);
    printcstr(" pc=");
    printhex(f->pc);
    printcstr("]\n");
  }
  // Only goroutine 1 exists until the scheduler does.
  printcstr("\ngoroutine 1 [running]:\n");
  if (f != nullptr)
    traceback(f->pc, f->fp);
  else
    traceback(0, reinterpret_cast<uintptr_t>(__builtin_frame_address(0)));
  exit(2);
}

namespace {

// dieFatal prints "fatal error: s" and exits 2. Go: fatalthrow. Runs anywhere, even with
// the heap broken: it allocates nothing.
[[noreturn]] void dieFatal(const char *s) {
  printcstr("fatal error: ");
  printcstr(s);
  printcstr("\n");
  exit(2);
}

} // namespace

// PanicString is panic(s) for a string s: no defers or recover yet, so it is always
// unrecovered. Runs on the panicking goroutine.
extern "C" void PanicString(void *p, int64_t n) {
  printcstr("panic: ");
  gwrite(p, n);
  printcstr("\n");
  fatalpanic(nullptr);
}

// PanicDivide is called by the compiler's check before an integer division or remainder
// by zero. Go: panicdivide (the message of runtime.divideError). Runs on the goroutine
// that divided.
extern "C" void PanicDivide() {
  printcstr("panic: runtime error: integer divide by zero\n");
  fatalpanic(nullptr);
}

namespace {

// The boundsError kinds strings need; Go: boundsCode and its two format tables.
enum class boundsCode { index, sliceAlen, sliceB };

// panicBounds prints gc's boundsError message for x and y and dies. gc formats a negative
// x on its own ("index out of range [-1]"), else with y. Go: boundsError.Error.
[[noreturn]] void panicBounds(boundsCode code, int64_t x, int64_t y) {
  printcstr("panic: runtime error: ");
  if (code == boundsCode::sliceB) {
    printcstr("slice bounds out of range [");
    PrintInt(x);
    printcstr(":");
    if (x >= 0) PrintInt(y);
    printcstr("]");
  } else {
    printcstr(code == boundsCode::index ? "index out of range [" : "slice bounds out of range [:");
    PrintInt(x);
    printcstr("]");
    if (x >= 0) {
      printcstr(" with length ");
      PrintInt(y);
    }
  }
  printcstr("\n");
  fatalpanic(nullptr);
}

} // namespace

// PanicIndex: s[x] with x out of [0, y). Go: panicIndex (goPanicIndex). Runs on the
// goroutine that indexed.
extern "C" void PanicIndex(int64_t x, int64_t y) { panicBounds(boundsCode::index, x, y); }

// PanicSliceAlen: s[:x] with x out of [0, len y]. Go: panicSliceAlen. Runs on the
// goroutine that sliced.
extern "C" void PanicSliceAlen(int64_t x, int64_t y) { panicBounds(boundsCode::sliceAlen, x, y); }

// PanicSliceB: s[x:y] with x out of [0, y]. Go: panicSliceB. Runs on the goroutine that
// sliced.
extern "C" void PanicSliceB(int64_t x, int64_t y) { panicBounds(boundsCode::sliceB, x, y); }

// ---- The runtime's own error values (map.cpp, alg.cpp) ----
//
// Until gopanic exists these print what gc prints for the unrecovered panic: an error
// value's Error() text. They become gopanic(eface{plainError or errorString, msg}).

void panicPlainError(const char *msg) {
  printcstr("panic: ");
  printcstr(msg);
  printcstr("\n");
  fatalpanic(nullptr);
}

void panicErrorString(const char *msg, const stringStruct *detail) {
  printcstr("panic: runtime error: ");
  printcstr(msg);
  if (detail != nullptr) gwrite(detail->ptr, detail->len);
  printcstr("\n");
  fatalpanic(nullptr);
}

void throw_(const char *s) { dieFatal(s); }

void fatal(const char *s) { dieFatal(s); }

} // namespace runtime
