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
// them through the method convention). The runtime's own error types carry gc's method
// sets (Error, RuntimeError) in the method convention, so recover()'s value works as an
// error and as a runtime.Error. A panic a fault raised (signal.cpp's sigpanic) prints the
// fault's signal line when nothing recovers it.
#include "runtime.h"

namespace runtime {

// fatalpanic prints what gc prints after a panic message, the signal line of a panic a
// fault raised (sigpanic) and the goroutine header, and exits with status 2, gc's status
// for an unrecovered panic. Go: fatalpanic + dopanic_m. Runs on the panicking goroutine
// after the panic message is printed, or in a fault handler.
void fatalpanic(const sigfault *f) {
  startpanic();
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
  g *gp = getg();
  printcstr("\n");
  goroutineheader(gp);
  // With room for the walk (windows: a CONTEXT per unwound frame) wherever the panic is.
  withstack(
      tracebackStackBytes, [](void *fault) { traceback(static_cast<const sigfault *>(fault)); },
      const_cast<sigfault *>(f));
  printcreatedby(gp);
  exit(2);
}

namespace {

// dieFatal prints "fatal error: s", the goroutines' stacks (throwtraceback) and exits 2.
// Go: fatalthrow. Runs anywhere, even with the heap broken: it allocates nothing.
[[noreturn]] void dieFatal(const char *s) {
  startpanic();
  printcstr("fatal error: ");
  printcstr(s);
  printcstr("\n");
  throwtraceback();
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
//     type TypeAssertionError struct { _interface, concrete, asserted *_type;
//                                      missingMethod string }   // panicked as a pointer
// (gc's types, so that a program comparing recover()'s value's type string sees gc's),
// each with the method set gc gives it: Error() string and RuntimeError() (runtime.Error),
// so that `recover().(error)` and `interface{ error; RuntimeError() }` find them. The
// methods follow compiled code's method convention (docs/runtime/iface.md): the entry
// receives the interface's data word first and returns the string as compiled code
// returns a `string` result (two words in the return registers, see goStringMethod).

#define CSTRING(s) {reinterpret_cast<const uint8_t *>(s), sizeof(s) - 1}

const uint8_t ptrbits1[] = {0x01};
const stringStruct stringName = CSTRING("string");
const stringStruct errorStringName = CSTRING("runtime.errorString");
const stringStruct plainErrorName = CSTRING("runtime.plainError");
const stringStruct boundsErrorName = CSTRING("runtime.boundsError");
const stringStruct typeAssertionErrorName = CSTRING("runtime.TypeAssertionError");
const stringStruct typeAssertionErrorPtrName = CSTRING("*runtime.TypeAssertionError");
const stringStruct runtimePkg = CSTRING("runtime");
const stringStruct errorMethodName = CSTRING("Error");
const stringStruct runtimeErrorMethodName = CSTRING("RuntimeError");
const stringStruct funcStringName = CSTRING("func() string");
const stringStruct funcName = CSTRING("func()");

// The compiler's descriptor hash: FNV-1a of the descriptor's symbol, "type:" and the
// type string (compiler/lower/descriptor.cpp). getitab matches method types by hash and
// string, so these must agree with the compiler's own `func() string` and `func()`.
constexpr uint32_t typehash(const char *s) {
  uint32_t h = 2166136261u;
  for (const char *p = "type:"; *p != 0; p++)
    h = (h ^ static_cast<uint8_t>(*p)) * 16777619u;
  for (; *s != 0; s++)
    h = (h ^ static_cast<uint8_t>(*s)) * 16777619u;
  return h;
}

#define STRINGTYPE(name, tflag, uncommon)                                                          \
  {sizeof(stringStruct), 8,        0,        tflag, 8,        8,                                   \
   kinds::String,        StrEqual, ptrbits1, name,  uncommon, nullptr}

const _type stringtype = STRINGTYPE(&stringName, 0, nullptr);

// func() string and func(): pointer-shaped func descriptors, as the compiler's.
const _type *const funcStringParams[] = {&stringtype};
const talpa::abi::functype funcStringType = {{8, 8, typehash("func() string"), 0, 8, 8,
                                              kinds::Func | kinds::DirectIface, nullptr, ptrbits1,
                                              &funcStringName, nullptr, nullptr},
                                             0,
                                             1,
                                             0,
                                             funcStringParams};
const talpa::abi::functype funcType = {{8, 8, typehash("func()"), 0, 8, 8,
                                        kinds::Func | kinds::DirectIface, nullptr, ptrbits1,
                                        &funcName, nullptr, nullptr},
                                       0,
                                       0,
                                       0,
                                       nullptr};

// gc's boundsError.
struct boundsError {
  int64_t x;
  intptr_t y;
  uint8_t signed_;
  uint8_t code;
};

// gc's TypeAssertionError.
struct typeAssertionError {
  const _type *iface; // the interface type asserted from, nullptr if unknown
  const _type *concrete;
  const _type *asserted;
  stringStruct missingMethod;
};

// textbuf builds an error's text in a noscan heap buffer (the texts only point at static
// data and at this buffer).
struct textbuf {
  uint8_t *p = nullptr;
  intptr_t n = 0;
  intptr_t cap = 0;

  void add(const uint8_t *s, intptr_t k) {
    if (n + k > cap) {
      intptr_t c = cap * 2 > n + k ? cap * 2 : n + k + 32;
      auto *q = static_cast<uint8_t *>(mallocgc(static_cast<uintptr_t>(c), nullptr, false));
      for (intptr_t i = 0; i < n; i++)
        q[i] = p[i];
      p = q;
      cap = c;
    }
    for (intptr_t i = 0; i < k; i++)
      p[n + i] = s[i];
    n += k;
  }
  void add(const char *s) {
    add(reinterpret_cast<const uint8_t *>(s), findnull(reinterpret_cast<const uint8_t *>(s)));
  }
  void add(const stringStruct &s) { add(s.ptr, s.len); }
  void adduint(uint64_t v) {
    uint8_t d[20];
    int i = 20;
    do {
      d[--i] = static_cast<uint8_t>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    add(d + i, 20 - i);
  }
  void addint(int64_t v) {
    if (v < 0) {
      add("-");
      adduint(0 - static_cast<uint64_t>(v));
    } else {
      adduint(static_cast<uint64_t>(v));
    }
  }
  stringStruct str() const { return {p, n}; }
};

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

} // namespace

// The Error methods' bodies: *out = the receiver's Error(), data the interface's data
// word. Go: errorString.Error, plainError.Error, boundsError.Error,
// (*TypeAssertionError).Error. Run on the goroutine calling Error.
extern "C" void ErrorStringText(stringStruct *out, void *data) GOSYM("runtime.errorString.text");
extern "C" void ErrorStringText(stringStruct *out, void *data) {
  textbuf b;
  b.add("runtime error: ");
  b.add(*static_cast<const stringStruct *>(data));
  *out = b.str();
}

extern "C" void PlainErrorText(stringStruct *out, void *data) GOSYM("runtime.plainError.text");
extern "C" void PlainErrorText(stringStruct *out, void *data) {
  *out = *static_cast<const stringStruct *>(data);
}

extern "C" void BoundsErrorText(stringStruct *out, void *data) GOSYM("runtime.boundsError.text");
extern "C" void BoundsErrorText(stringStruct *out, void *data) {
  const auto &e = *static_cast<const boundsError *>(data);
  auto code = e.code < sizeof boundsFmt / sizeof boundsFmt[0] ? e.code : 0;
  const char *fmt = boundsFmt[code];
  if (e.signed_ && e.x < 0) fmt = boundsNegFmt[code];
  textbuf b;
  b.add("runtime error: ");
  for (const char *p = fmt; *p != 0; p++) {
    if (*p != '%') {
      b.add(reinterpret_cast<const uint8_t *>(p), 1);
      continue;
    }
    p++;
    if (*p == 'x') {
      if (e.signed_)
        b.addint(e.x);
      else
        b.adduint(static_cast<uint64_t>(e.x));
    } else {
      b.addint(e.y);
    }
  }
  *out = b.str();
}

extern "C" void TypeAssertionErrorText(stringStruct *out, void *data)
    GOSYM("runtime.(*TypeAssertionError).text");
extern "C" void TypeAssertionErrorText(stringStruct *out, void *data) {
  const auto &e = *static_cast<const typeAssertionError *>(data);
  textbuf b;
  b.add("interface conversion: ");
  if (e.concrete == nullptr) {
    if (e.iface != nullptr)
      b.add(*e.iface->str);
    else
      b.add("interface");
    b.add(" is nil, not ");
    b.add(*e.asserted->str);
  } else if (e.missingMethod.len == 0) {
    b.add(e.iface != nullptr ? *e.iface->str : stringStruct CSTRING("interface"));
    b.add(" is ");
    b.add(*e.concrete->str);
    b.add(", not ");
    b.add(*e.asserted->str);
    const stringStruct &cs = *e.concrete->str, &as = *e.asserted->str;
    bool same = cs.len == as.len;
    for (intptr_t i = 0; same && i < cs.len; i++)
      same = cs.ptr[i] == as.ptr[i];
    if (same) b.add(" (types from different scopes)");
  } else {
    b.add(*e.concrete->str);
    b.add(" is not ");
    b.add(*e.asserted->str);
    b.add(": missing method ");
    b.add(e.missingMethod);
  }
  *out = b.str();
}

// RuntimeError marks runtime.Error; it does nothing. Go: the RuntimeError methods.
extern "C" void RuntimeErrorMethod(void *) GOSYM("runtime.Error.RuntimeError");
extern "C" void RuntimeErrorMethod(void *) {}

// The Error entries as compiled code calls a method `func() string` through an itab:
// the data word in the first argument register, the string's two words returned in the
// two return registers (the LLVM return type {ptr, i64}). C returns a two-word struct the
// same way on SysV amd64, arm64 and riscv64; Win64 returns it through a hidden pointer,
// so there a few instructions call the body with an out slot and load the words.
#define SYM(s) TALPA_STR(__USER_LABEL_PREFIX__) s
#if defined(GOARCH_amd64) && defined(GOOS_windows)
#define GO_STRING_METHOD(fn, gosym, text, body)                                                    \
  extern "C" void fn(void *) GOSYM(gosym);                                                         \
  extern "C" __attribute__((naked)) void fn(void *) {                                              \
    __asm__ volatile("subq $56, %%rsp\n\t"                                                         \
                     "movq %%rcx, %%rdx\n\t"                                                       \
                     "leaq 32(%%rsp), %%rcx\n\t"                                                   \
                     "callq \"" SYM(body) "\"\n\t"                                                 \
                                          "movq 32(%%rsp), %%rax\n\t"                              \
                                          "movq 40(%%rsp), %%rdx\n\t"                              \
                                          "addq $56, %%rsp\n\t"                                    \
                                          "retq" ::                                                \
                                              : "memory");                                         \
  }
#else
#define GO_STRING_METHOD(fn, gosym, text, body)                                                    \
  extern "C" stringStruct fn(void *) GOSYM(gosym);                                                 \
  extern "C" stringStruct fn(void *data) {                                                         \
    stringStruct s;                                                                                \
    text(&s, data);                                                                                \
    return s;                                                                                      \
  }
#endif

GO_STRING_METHOD(ErrorStringError, "runtime.errorString.Error", ErrorStringText,
                 "runtime.errorString.text")
GO_STRING_METHOD(PlainErrorError, "runtime.plainError.Error", PlainErrorText,
                 "runtime.plainError.text")
GO_STRING_METHOD(BoundsErrorError, "runtime.boundsError.Error", BoundsErrorText,
                 "runtime.boundsError.text")
GO_STRING_METHOD(TypeAssertionErrorError, "runtime.(*TypeAssertionError).Error",
                 TypeAssertionErrorText, "runtime.(*TypeAssertionError).text")

namespace {

// The method sets: Error and RuntimeError, exported and sorted. tfn (the method with the
// receiver value itself) is only the same entry for the pointer receiver: compiled code
// cannot name these types' method expressions.
#define METHODS(name, ifn, direct)                                                                 \
  const talpa::abi::method name[] = {                                                              \
      {&errorMethodName, &funcStringType.typ, reinterpret_cast<const void *>(ifn),                 \
       direct ? reinterpret_cast<const void *>(ifn) : nullptr},                                    \
      {&runtimeErrorMethodName, &funcType.typ, reinterpret_cast<const void *>(RuntimeErrorMethod), \
       direct ? reinterpret_cast<const void *>(RuntimeErrorMethod) : nullptr},                     \
  };
METHODS(errorStringMethods, ErrorStringError, false)
METHODS(plainErrorMethods, PlainErrorError, false)
METHODS(boundsErrorMethods, BoundsErrorError, false)
METHODS(typeAssertionErrorMethods, TypeAssertionErrorError, true)

const talpa::abi::uncommontype errorStringUncommon = {&runtimePkg, errorStringMethods, 2, 2, 0};
const talpa::abi::uncommontype plainErrorUncommon = {&runtimePkg, plainErrorMethods, 2, 2, 0};
const talpa::abi::uncommontype boundsErrorUncommon = {&runtimePkg, boundsErrorMethods, 2, 2, 0};
const talpa::abi::uncommontype typeAssertionErrorUncommon = {&runtimePkg, typeAssertionErrorMethods,
                                                             2, 2, 0};

constexpr uint8_t namedUncommon = tflags::Named | tflags::Uncommon;

const _type errorStringType = STRINGTYPE(&errorStringName, namedUncommon, &errorStringUncommon);
const _type plainErrorType = STRINGTYPE(&plainErrorName, namedUncommon, &plainErrorUncommon);

// boundsError's descriptor is a struct type's, with gc's fields (x int64, y int, signed
// bool, code boundsErrorCode), so that recovered bounds errors compare and hash as gc's:
// field by field (the padding after code is not compared).
bool boundsErrorEqual(const void *p, const void *q) {
  auto *a = static_cast<const boundsError *>(p);
  auto *b = static_cast<const boundsError *>(q);
  return a->x == b->x && a->y == b->y && a->signed_ == b->signed_ && a->code == b->code;
}

// The fields' types: plain memory of their size (8 or 1 bytes, aligned as large).
#define FIELDTYPE(size, str, tflag, kind, eq, name)                                                \
  {size, 0, typehash(str), tflag, size, size, kind, eq, nullptr, name, nullptr, nullptr}
const stringStruct int64Name = CSTRING("int64");
const stringStruct intName = CSTRING("int");
const stringStruct boolName = CSTRING("bool");
const stringStruct boundsErrorCodeName = CSTRING("runtime.boundsErrorCode");
constexpr uint8_t regular = tflags::RegularMemory;
const _type int64Type = FIELDTYPE(8, "int64", regular, kinds::Int64, MemEqual64, &int64Name);
const _type intType = FIELDTYPE(8, "int", regular, kinds::Int, MemEqual64, &intName);
const _type boolType = FIELDTYPE(1, "bool", regular, kinds::Bool, MemEqual8, &boolName);
const _type boundsErrorCodeType = FIELDTYPE(1, "runtime.boundsErrorCode", regular | tflags::Named,
                                            kinds::Uint8, MemEqual8, &boundsErrorCodeName);
const stringStruct fieldX = CSTRING("x");
const stringStruct fieldY = CSTRING("y");
const stringStruct fieldSigned = CSTRING("signed");
const stringStruct fieldCode = CSTRING("code");
const talpa::abi::structfield boundsErrorFields[] = {
    {&fieldX, &int64Type, offsetof(boundsError, x), nullptr, 0},
    {&fieldY, &intType, offsetof(boundsError, y), nullptr, 0},
    {&fieldSigned, &boolType, offsetof(boundsError, signed_), nullptr, 0},
    {&fieldCode, &boundsErrorCodeType, offsetof(boundsError, code), nullptr, 0},
};

const talpa::abi::structtype boundsErrorType = {
    {sizeof(boundsError), 0, typehash("runtime.boundsError"), namedUncommon, 8, 8, kinds::Struct,
     boundsErrorEqual, nullptr, &boundsErrorName, &boundsErrorUncommon, nullptr},
    &runtimePkg,
    boundsErrorFields,
    4};

const _type typeAssertionErrorType = {sizeof(typeAssertionError),
                                      0,
                                      typehash("runtime.TypeAssertionError"),
                                      tflags::Named,
                                      8,
                                      8,
                                      kinds::Struct,
                                      nullptr,
                                      nullptr,
                                      &typeAssertionErrorName,
                                      nullptr,
                                      nullptr};
const talpa::abi::ptrtype typeAssertionErrorPtrType = {
    {8, 8, typehash("*runtime.TypeAssertionError"), tflags::Uncommon, 8, 8,
     kinds::Pointer | kinds::DirectIface, MemEqual64, ptrbits1, &typeAssertionErrorPtrName,
     &typeAssertionErrorUncommon, nullptr},
    &typeAssertionErrorType};

// A heap string value holding s (length n) for an interface's data word.
void *stringvalue(const void *s, intptr_t n) {
  auto *v = static_cast<stringStruct *>(mallocgc(sizeof(stringStruct), &stringtype, true));
  v->ptr = static_cast<const uint8_t *>(s);
  v->len = n;
  return v;
}

[[noreturn]] void panicvalue(const _type *t, void *data) { GoPanic(const_cast<_type *>(t), data); }

// runtimeerrortext gives the Error() text of one of the runtime's error values, false for
// other types.
bool runtimeerrortext(const _type *t, void *data, stringStruct *out) {
  if (t == &errorStringType)
    ErrorStringText(out, data);
  else if (t == &plainErrorType)
    PlainErrorText(out, data);
  else if (t == &boundsErrorType.typ)
    BoundsErrorText(out, data);
  else if (t == &typeAssertionErrorPtrType.typ)
    TypeAssertionErrorText(out, data);
  else
    return false;
  return true;
}

} // namespace

// panicTypeAssertion panics with a *TypeAssertionError (iface.cpp's failed assertions).
// Go: panicdottypeE, getitab's panic. Runs on the goroutine asserting.
[[noreturn]] void panicTypeAssertion(const _type *iface, const _type *concrete,
                                     const _type *asserted, const stringStruct *missing) {
  auto *e = static_cast<typeAssertionError *>(mallocgc(sizeof(typeAssertionError), nullptr, true));
  e->iface = iface;
  e->concrete = concrete;
  e->asserted = asserted;
  if (missing != nullptr) e->missingMethod = *missing;
  panicvalue(&typeAssertionErrorPtrType.typ, e);
}

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

// printpanicval prints a panic value as gc's printpanicval does: the runtime's errors by
// their Error text, the value of an unnamed basic type as print would, a named one as
// T(v) or T("s"), anything else as (T) and its data word.
void printpanicval(const eface &v) {
  const _type *t = v.type;
  if (t == nullptr) {
    printcstr("nil");
    return;
  }
  if (stringStruct text{}; runtimeerrortext(t, v.data, &text)) {
    gwrite(text.ptr, text.len);
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
      clearpanicfault();
      resume(d->frame);
    }
  }
  startpanic();
  printpanics(gp->panic_);
  fatalpanic(panicfault());
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
  if (d != nullptr && (d->flags & talpa::abi::deferflags::RecoverCall) != 0) {
    // `defer recover()`: a panic running it gets nothing (gc's no-op); run at its
    // frame's return, it stands for a recover() called by that frame's function, whose
    // return address retaddr is, and which ran as the deferred call d->frame->deferring.
    if (d->panic_ != nullptr || d->frame == nullptr) return;
    d = d->frame->deferring;
  }
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

// PanicShift is called by the compiler's check before a shift by a signed count that is
// negative. Go: panicshift (shiftError). Runs on the goroutine that shifted.
extern "C" void PanicShift() { panicerrorstring("negative shift amount"); }

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
  panicvalue(&boundsErrorType.typ, e);
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

extern "C" void PanicWrap(void *msg, int64_t n) {
  panicvalue(&plainErrorType, stringvalue(msg, n));
}

void throw_(const char *s) { dieFatal(s); }

void fatal(const char *s) { dieFatal(s); }

} // namespace runtime
