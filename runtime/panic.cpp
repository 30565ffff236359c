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
  traceback(f);
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

namespace {

// printvalue prints the value of kind k at p as print(v) would. Go: the cases of printany.
void printvalue(uint8_t k, const void *p) {
  namespace kinds = talpa::abi::kinds;
  switch (k) {
  case kinds::Bool:
    PrintBool(*static_cast<const uint8_t *>(p));
    return;
  case kinds::Int:
  case kinds::Int64:
    PrintInt(*static_cast<const int64_t *>(p));
    return;
  case kinds::Int8:
    PrintInt(*static_cast<const int8_t *>(p));
    return;
  case kinds::Int16:
    PrintInt(*static_cast<const int16_t *>(p));
    return;
  case kinds::Int32:
    PrintInt(*static_cast<const int32_t *>(p));
    return;
  case kinds::Uint:
  case kinds::Uint64:
  case kinds::Uintptr:
    PrintUint(*static_cast<const uint64_t *>(p));
    return;
  case kinds::Uint8:
    PrintUint(*static_cast<const uint8_t *>(p));
    return;
  case kinds::Uint16:
    PrintUint(*static_cast<const uint16_t *>(p));
    return;
  case kinds::Uint32:
    PrintUint(*static_cast<const uint32_t *>(p));
    return;
  case kinds::Float32:
    PrintFloat(*static_cast<const float *>(p));
    return;
  case kinds::Float64:
    PrintFloat(*static_cast<const double *>(p));
    return;
  case kinds::String: {
    auto *s = static_cast<const stringStruct *>(p);
    gwrite(s->ptr, s->len);
    return;
  }
  default:
    return;
  }
}

bool printable(uint8_t k) {
  namespace kinds = talpa::abi::kinds;
  return (k >= kinds::Bool && k <= kinds::Float64) || k == kinds::String;
}

} // namespace

// GoPanic is panic(v) for v as the empty interface (typ, data). With no recover yet it is
// always unrecovered: gc's printpanics prints "panic: " and the value as printany does
// (the value of an unnamed basic type as print would, a named one as T(v) or T("s"),
// anything else as (T) and its data word); an error prints its Error(), a Stringer its
// String() (iface.cpp). Go: gopanic + printpanics. Runs on the panicking goroutine.
extern "C" void GoPanic(void *typ, void *data) {
  auto *t = static_cast<const talpa::abi::_type *>(typ);
  printcstr("panic: ");
  if (t == nullptr) {
    printcstr("nil");
  } else {
    uint8_t k = t->kind & talpa::abi::kinds::Mask;
    // The data word is the value itself for pointer-shaped types.
    const void *p = (t->kind & talpa::abi::kinds::DirectIface) ? &data : data;
    stringStruct text{};
    if (panicvaluestring(t, data, &text)) {
      gwrite(text.ptr, text.len); // an error's Error(), a Stringer's String()
    } else if (!(t->tflag & talpa::abi::tflags::Named) && printable(k)) {
      printvalue(k, p);
    } else if (printable(k)) {
      gwrite(t->str->ptr, t->str->len);
      printcstr(k == talpa::abi::kinds::String ? "(\"" : "(");
      printvalue(k, p);
      printcstr(k == talpa::abi::kinds::String ? "\")" : ")");
    } else {
      printcstr("(");
      gwrite(t->str->ptr, t->str->len);
      printcstr(") ");
      PrintPointer(data);
    }
  }
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

// panicerrorstring is panic(errorString(s)): gc's runtime errors whose message is a fixed
// string. Go: errorString.Error. Runs on the panicking goroutine.
void panicerrorstring(const char *s) {
  printcstr("panic: runtime error: ");
  printcstr(s);
  printcstr("\n");
  fatalpanic(nullptr);
}

// PanicMem is the compiler's explicit nil check failing. gc raises the same panic from a
// fault and then prints the fault's signal line; no signal happened here, so none is
// printed (see compiler/lower/panic.cpp). Go: panicmem. Runs on the goroutine that
// dereferenced.
extern "C" void PanicMem() {
  panicerrorstring("invalid memory address or nil pointer dereference");
}

// The checks of unsafe.Slice and unsafe.String. Go: panicunsafeslicelen... Run on the
// goroutine that called them.
extern "C" void PanicUnsafeSliceLen() { panicerrorstring("unsafe.Slice: len out of range"); }
extern "C" void PanicUnsafeSliceNilPtr() {
  panicerrorstring("unsafe.Slice: ptr is nil and len is not zero");
}
extern "C" void PanicUnsafeStringLen() { panicerrorstring("unsafe.String: len out of range"); }
extern "C" void PanicUnsafeStringNilPtr() {
  panicerrorstring("unsafe.String: ptr is nil and len is not zero");
}

namespace {

// gc's boundsCode and its two format tables (runtime/error.go): %x is the offending
// value, %y the bound; a negative signed x is printed with the second table, without y.
enum class boundsCode {
  index,
  sliceAlen,
  sliceAcap,
  sliceB,
  slice3Alen,
  slice3Acap,
  slice3B,
  slice3C,
  convert,
};

constexpr const char *boundsFmt[] = {
    "index out of range [%x] with length %y",
    "slice bounds out of range [:%x] with length %y",
    "slice bounds out of range [:%x] with capacity %y",
    "slice bounds out of range [%x:%y]",
    "slice bounds out of range [::%x] with length %y",
    "slice bounds out of range [::%x] with capacity %y",
    "slice bounds out of range [:%x:%y]",
    "slice bounds out of range [%x:%y:]",
    "cannot convert slice with length %y to pointer to array with length %x",
};

constexpr const char *boundsNegFmt[] = {
    "index out of range [%x]",
    "slice bounds out of range [:%x]",
    "slice bounds out of range [:%x]",
    "slice bounds out of range [%x:]",
    "slice bounds out of range [::%x]",
    "slice bounds out of range [::%x]",
    "slice bounds out of range [:%x:]",
    "slice bounds out of range [%x::]",
    "",
};

// panicBounds prints gc's boundsError message for x and y and dies. Go: boundsError.Error.
[[noreturn]] void panicBounds(boundsCode code, int64_t x, bool signed_, int64_t y) {
  const char *fmt = boundsFmt[static_cast<int>(code)];
  if (signed_ && x < 0) fmt = boundsNegFmt[static_cast<int>(code)];
  printcstr("panic: runtime error: ");
  for (const char *p = fmt; *p != 0; p++) {
    if (*p != '%') {
      gwrite(p, 1);
      continue;
    }
    p++;
    if (*p == 'x') {
      if (signed_)
        PrintInt(x);
      else
        printuint64(static_cast<uint64_t>(x));
    } else {
      PrintInt(y);
    }
  }
  printcstr("\n");
  fatalpanic(nullptr);
}

} // namespace

// The compiler's bounds checks call these with the offending value x and the bound y
// (runtime.def). Go: panicIndex... (goPanicIndex...). Run on the goroutine that indexed.
extern "C" void PanicIndex(int64_t x, int64_t y) { panicBounds(boundsCode::index, x, true, y); }
extern "C" void PanicIndexU(int64_t x, int64_t y) { panicBounds(boundsCode::index, x, false, y); }
extern "C" void PanicSliceAlen(int64_t x, int64_t y) {
  panicBounds(boundsCode::sliceAlen, x, true, y);
}
extern "C" void PanicSliceAlenU(int64_t x, int64_t y) {
  panicBounds(boundsCode::sliceAlen, x, false, y);
}
extern "C" void PanicSliceAcap(int64_t x, int64_t y) {
  panicBounds(boundsCode::sliceAcap, x, true, y);
}
extern "C" void PanicSliceAcapU(int64_t x, int64_t y) {
  panicBounds(boundsCode::sliceAcap, x, false, y);
}
extern "C" void PanicSliceB(int64_t x, int64_t y) { panicBounds(boundsCode::sliceB, x, true, y); }
extern "C" void PanicSliceBU(int64_t x, int64_t y) { panicBounds(boundsCode::sliceB, x, false, y); }
extern "C" void PanicSlice3Alen(int64_t x, int64_t y) {
  panicBounds(boundsCode::slice3Alen, x, true, y);
}
extern "C" void PanicSlice3AlenU(int64_t x, int64_t y) {
  panicBounds(boundsCode::slice3Alen, x, false, y);
}
extern "C" void PanicSlice3Acap(int64_t x, int64_t y) {
  panicBounds(boundsCode::slice3Acap, x, true, y);
}
extern "C" void PanicSlice3AcapU(int64_t x, int64_t y) {
  panicBounds(boundsCode::slice3Acap, x, false, y);
}
extern "C" void PanicSlice3B(int64_t x, int64_t y) { panicBounds(boundsCode::slice3B, x, true, y); }
extern "C" void PanicSlice3BU(int64_t x, int64_t y) {
  panicBounds(boundsCode::slice3B, x, false, y);
}
extern "C" void PanicSlice3C(int64_t x, int64_t y) { panicBounds(boundsCode::slice3C, x, true, y); }
extern "C" void PanicSlice3CU(int64_t x, int64_t y) {
  panicBounds(boundsCode::slice3C, x, false, y);
}
extern "C" void PanicSliceConvert(int64_t x, int64_t y) {
  panicBounds(boundsCode::convert, x, true, y);
}

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
