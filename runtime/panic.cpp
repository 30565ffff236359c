// Panics, recover and fatal errors; mirrors runtime/panic.go (gopanic, gorecover,
// printpanics) and error.go (the runtime's error values).
//
// Go's runtime has three ways to die, and talpa keeps Go's words for them:
//   panic  -- raised by Go code or by a compiler-inserted check (division by zero, index
//             out of range...); recoverable by a deferred recover().
//   fatal  -- an unrecoverable error in the user's program (deadlock, out of memory).
//   throw  -- a bug in the runtime itself.
//
// Every panic goes through gopanic with its value as an empty interface: panic(v) of
// compiled code passes v's type descriptor and data word; the compiler's checks and the
// runtime's own panics pass one of the runtime's error values below (runtime.boundsError,
// runtime.errorString, runtime.plainError), as gc does, so that recover() returns them.
// gopanic pushes a _panic record on the goroutine and calls its deferred calls, newest
// first (defer.cpp says how a recovering one resumes its frame). If none recovers, it
// prints the chain of panics as gc's printpanics does, oldest first,
//
//     panic: first [recovered]        (recovered, then a deferred call panicked again)
//     	panic: second
//     <blank line>
//     goroutine 1 [running]:
//
// then the traceback of the Go frames (traceback.cpp, docs/runtime/traceback.md), and exits
// with status 2 (fatalpanic). docs/runtime/panic.md has the whole design.
//
// A compiled error value prints its Error(), a Stringer its String() (iface.cpp calls
// them through the method convention). Not yet: the runtime's own error types carry no
// method tables (printpanicval knows them; `recover().(error)` fails on them), and faults
// that gc turns into panics (sigpanic) are still fatal.
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

namespace {

using talpa::abi::_defer;
using talpa::abi::_panic;
using talpa::abi::_type;
using talpa::abi::eface;
namespace kinds = talpa::abi::kinds;
namespace tflags = talpa::abi::tflags;

// ---- The runtime's error values (Go: error.go) ----
//
// Descriptors built by hand as the compiler would emit them for
//     type errorString string     // "runtime error: " + the string
//     type plainError string      // the string as is
//     type boundsError struct { x int64; y int; signed bool; code boundsErrorCode }
// (gc's types, so that a program comparing recover()'s value's type string sees gc's).

#define CSTRING(s) {reinterpret_cast<const uint8_t *>(s), sizeof(s) - 1}

const uint8_t ptrbits1[] = {0x01};
const stringStruct stringName = CSTRING("string");
const stringStruct errorStringName = CSTRING("runtime.errorString");
const stringStruct plainErrorName = CSTRING("runtime.plainError");
const stringStruct boundsErrorName = CSTRING("runtime.boundsError");

#define STRINGTYPE(name, tflag)                                                                    \
  {sizeof(stringStruct), 8,        0,        tflag, 8,       8,                                    \
   kinds::String,        StrEqual, ptrbits1, name,  nullptr, nullptr}

const _type stringtype = STRINGTYPE(&stringName, 0);
const _type errorStringType = STRINGTYPE(&errorStringName, tflags::Named);
const _type plainErrorType = STRINGTYPE(&plainErrorName, tflags::Named);

// gc's boundsError.
struct boundsError {
  int64_t x;
  intptr_t y;
  uint8_t signed_;
  uint8_t code;
};
const _type boundsErrorType = {
    sizeof(boundsError), 0,       0,       tflags::Named,    8,       8,
    kinds::Struct,       nullptr, nullptr, &boundsErrorName, nullptr, nullptr};

// A heap string value holding s (length n) for an interface's data word.
void *stringvalue(const void *s, intptr_t n) {
  auto *v = static_cast<stringStruct *>(mallocgc(sizeof(stringStruct), &stringtype, true));
  v->ptr = static_cast<const uint8_t *>(s);
  v->len = n;
  return v;
}

[[noreturn]] void panicvalue(const _type *t, void *data) { GoPanic(const_cast<_type *>(t), data); }

} // namespace

// PanicString is panic(s) for a string s; the compiler passes strings to gopanic with its
// own descriptor, but the runtime's smoke tests call this. Runs on the panicking goroutine.
extern "C" void PanicString(void *p, int64_t n) { panicvalue(&stringtype, stringvalue(p, n)); }

namespace {

// printvalue prints the value of kind k at p as print(v) would. Go: the cases of printany.
void printvalue(uint8_t k, const void *p) {
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
  return (k >= kinds::Bool && k <= kinds::Float64) || k == kinds::String;
}

// gc's boundsCode and its two format tables (runtime/error.go): %x is the offending
// value, %y the bound; a negative signed x is printed with the second table, without y.
enum class boundsCode : uint8_t {
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

// printbounds prints e.Error(). Go: boundsError.Error.
void printbounds(const boundsError &e) {
  auto code = e.code < sizeof boundsFmt / sizeof boundsFmt[0] ? e.code : 0;
  const char *fmt = boundsFmt[code];
  if (e.signed_ && e.x < 0) fmt = boundsNegFmt[code];
  printcstr("runtime error: ");
  for (const char *p = fmt; *p != 0; p++) {
    if (*p != '%') {
      gwrite(p, 1);
      continue;
    }
    p++;
    if (*p == 'x') {
      if (e.signed_)
        PrintInt(e.x);
      else
        printuint64(static_cast<uint64_t>(e.x));
    } else {
      PrintInt(e.y);
    }
  }
}

// printpanicval prints a panic value as gc's printpanicval does: the runtime's errors by
// their Error text, the value of an unnamed basic type as print would, a named one as
// T(v) or T("s"), anything else as (T) and its data word.
void printpanicval(const eface &v) {
  const _type *t = v.type;
  if (t == nullptr) {
    printcstr("nil");
    return;
  }
  if (t == &errorStringType || t == &plainErrorType) {
    if (t == &errorStringType) printcstr("runtime error: ");
    auto *s = static_cast<const stringStruct *>(v.data);
    gwrite(s->ptr, s->len);
    return;
  }
  if (t == &boundsErrorType) {
    printbounds(*static_cast<const boundsError *>(v.data));
    return;
  }
  // An error's Error(), a Stringer's String() (iface.cpp). Go: preprintpanics.
  if (stringStruct text{}; panicvaluestring(t, v.data, &text)) {
    gwrite(text.ptr, text.len);
    return;
  }
  uint8_t k = t->kind & kinds::Mask;
  // The data word is the value itself for pointer-shaped types.
  const void *p = (t->kind & kinds::DirectIface) ? &v.data : v.data;
  if (!(t->tflag & tflags::Named) && printable(k)) {
    printvalue(k, p);
  } else if (printable(k)) {
    gwrite(t->str->ptr, t->str->len);
    printcstr(k == kinds::String ? "(\"" : "(");
    printvalue(k, p);
    printcstr(k == kinds::String ? "\")" : ")");
  } else {
    printcstr("(");
    gwrite(t->str->ptr, t->str->len);
    printcstr(") ");
    PrintPointer(v.data);
  }
}

// printpanics prints the chain of panics, oldest first. Go: printpanics.
void printpanics(const _panic *p) {
  if (p->link != nullptr) {
    printpanics(p->link);
    printcstr("\t");
  }
  printcstr("panic: ");
  printpanicval(p->arg);
  if (p->recovered) printcstr(" [recovered]");
  printcstr("\n");
}

} // namespace

// GoPanic is panic(v) for v as the empty interface (typ, data). It runs the goroutine's
// deferred calls newest first; one that recovers resumes its frame (defer.cpp) and this
// call never returns. A record another panic started is dropped and that panic marked
// aborted: its deferred call is being abandoned by this panic. Go: gopanic. Runs on the
// panicking goroutine.
extern "C" void GoPanic(void *typ, void *data) {
  g *gp = getg();
  _panic p{};
  p.arg.type = static_cast<const _type *>(typ);
  p.arg.data = data;
  p.link = gp->panic_;
  gp->panic_ = &p;
  for (;;) {
    _defer *d = gp->defer_;
    if (d == nullptr) break;
    if (d->started) {
      if (d->panic_ != nullptr) d->panic_->aborted = 1;
      d->panic_ = nullptr;
      gp->defer_ = d->link;
      continue;
    }
    d->started = 1;
    d->panic_ = &p;
    rundefer(d);
    if (gp->defer_ != d) throw_("bad defer entry in panic");
    d->panic_ = nullptr;
    gp->defer_ = d->link;
    if (p.recovered) {
      gp->panic_ = p.link;
      // Panics this one aborted stay on the chain until now: their deferred calls are
      // gone with the frames the recovery leaves.
      while (gp->panic_ != nullptr && gp->panic_->aborted)
        gp->panic_ = gp->panic_->link;
      resume(d->frame);
    }
  }
  printpanics(gp->panic_);
  fatalpanic(nullptr);
}

// GoRecover is recover(): the current panic's value if the function calling it (whose
// return address is retaddr) is the deferred call that panic is running, called by
// calldefer directly or by the compiler's wrapper for a deferred call with arguments;
// else nil. Go: gorecover. Runs on the goroutine calling recover.
extern "C" void GoRecover(void *out, void *retaddr) {
  g *gp = getg();
  auto *v = static_cast<eface *>(out);
  v->type = nullptr;
  v->data = nullptr;
  _panic *p = gp->panic_;
  _defer *d = gp->deferring;
  if (p == nullptr || p->recovered || d == nullptr || d->panic_ != p) return;
  auto ra = reinterpret_cast<uintptr_t>(retaddr);
  bool direct = ra == reinterpret_cast<uintptr_t>(calldeferret);
  if (!direct && (d->flags & talpa::abi::deferflags::Wrapper) != 0) {
    // Called by the wrapper: retaddr lies in the wrapper's code.
    uintptr_t entry = reinterpret_cast<uintptr_t>(*static_cast<void *const *>(d->fn));
    direct = funcentry(ra - 1) == entry;
  }
  if (!direct) return;
  p->recovered = 1;
  *v = p->arg;
}

// PanicDivide is called by the compiler's check before an integer division or remainder
// by zero. Go: panicdivide (divideError). Runs on the goroutine that divided.
extern "C" void PanicDivide() { panicerrorstring("integer divide by zero"); }

// panicerrorstring is panic(errorString(s)): gc's runtime errors whose message is a fixed
// string. Runs on the panicking goroutine.
void panicerrorstring(const char *s) {
  panicvalue(&errorStringType, stringvalue(s, findnull(reinterpret_cast<const uint8_t *>(s))));
}

// PanicMem is the compiler's explicit nil check failing. gc raises the same panic from a
// fault and then prints the fault's signal line; no signal happened here, so none is
// printed (see compiler/lower/panic.cpp). Go: panicmem (memoryError). Runs on the
// goroutine that dereferenced.
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

// panicBounds panics with gc's boundsError{x, y, signed, code}. Go: goPanicIndex...
[[noreturn]] void panicBounds(boundsCode code, int64_t x, bool signed_, int64_t y) {
  auto *e = static_cast<boundsError *>(mallocgc(sizeof(boundsError), nullptr, true));
  e->x = x;
  e->y = y;
  e->signed_ = signed_ ? 1 : 0;
  e->code = static_cast<uint8_t>(code);
  panicvalue(&boundsErrorType, e);
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

// ---- The runtime's own error values (map.cpp, alg.cpp, malloc.cpp, slice.cpp) ----

void panicPlainError(const char *msg) {
  panicvalue(&plainErrorType, stringvalue(msg, findnull(reinterpret_cast<const uint8_t *>(msg))));
}

void panicErrorString(const char *msg, const stringStruct *detail) {
  intptr_t n = findnull(reinterpret_cast<const uint8_t *>(msg));
  intptr_t dn = detail != nullptr ? detail->len : 0;
  auto *buf = static_cast<uint8_t *>(mallocgc(static_cast<uintptr_t>(n + dn), nullptr, false));
  for (intptr_t i = 0; i < n; i++)
    buf[i] = static_cast<uint8_t>(msg[i]);
  for (intptr_t i = 0; i < dn; i++)
    buf[n + i] = detail->ptr[i];
  panicvalue(&errorStringType, stringvalue(buf, n + dn));
}

void throw_(const char *s) { dieFatal(s); }

void fatal(const char *s) { dieFatal(s); }

} // namespace runtime
