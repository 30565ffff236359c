// Interfaces at run time: itabs and type assertions; mirrors runtime/iface.go.
//
// An itab pairs an interface type with a concrete type and lists, in the interface's
// method order, the entry points of the concrete type's methods (abi.h itab). The compiler
// emits a constant itab for every pair it can see statically (a conversion of a value of
// known type to an interface); the others, needed when an interface value is converted to
// or asserted as another interface, are made here by getitab and kept in itabTable, an
// open-addressing hash table keyed by the pair, as gc's:
//
//   getitab(inter, typ, canfail):
//     if inter has no methods: throw (the compiler never asks)
//     m = itabTable.find(inter, typ)              // probe: hash(inter, typ) + i*(i+1)/2
//     if m == nil:
//       m = new itab(inter, typ); m.init()       // fun[] by merging the two sorted
//       itabTable.add(m)                         //   method lists; fun[0] = 0 if missing
//     if m.fun[0] != 0: return m
//     if canfail: return nil
//     panic(TypeAssertionError{concrete: typ, asserted: inter, missingMethod: name})
//
// Failed lookups are cached too (fun[0] == 0), so a type switch that keeps failing does
// not redo the merge. Both method lists are sorted the same way (exported names first,
// then by name; the compiler sorts them), so one linear merge finds each interface
// method: a method matches when name and type agree (types are compared by descriptor
// identity, and by their strings for descriptors of one type emitted twice).
//
// Itabs and the table live outside the collected heap (sysAlloc): they are never freed
// and hold no heap pointers. talpa runs one goroutine today, so the table has no lock.
#include "runtime.h"

namespace runtime {

using talpa::abi::_type;
using talpa::abi::imethod;
using talpa::abi::interfacetype;
using talpa::abi::itab;
using talpa::abi::method;
using talpa::abi::stringStruct;
using talpa::abi::uncommontype;

namespace {

bool strEqual(const stringStruct *a, const stringStruct *b) {
  if (a == b) return true;
  if (a == nullptr || b == nullptr || a->len != b->len) return false;
  for (intptr_t i = 0; i < a->len; ++i)
    if (a->ptr[i] != b->ptr[i]) return false;
  return true;
}

bool sameType(const _type *a, const _type *b) {
  return a == b || (a != nullptr && b != nullptr && a->hash == b->hash && strEqual(a->str, b->str));
}

bool isExported(const stringStruct *s) {
  return s->len > 0 && s->ptr[0] >= 'A' && s->ptr[0] <= 'Z';
}

// The order of method lists: exported names first, then by bytes. Returns <0, 0, >0.
int nameCmp(const stringStruct *a, const stringStruct *b) {
  bool ea = isExported(a), eb = isExported(b);
  if (ea != eb) return ea ? -1 : 1;
  intptr_t n = a->len < b->len ? a->len : b->len;
  for (intptr_t i = 0; i < n; ++i)
    if (a->ptr[i] != b->ptr[i]) return a->ptr[i] < b->ptr[i] ? -1 : 1;
  return a->len < b->len ? -1 : (a->len > b->len ? 1 : 0);
}

// Bump allocation of itabs and the table from sysAlloc'd chunks.
uint8_t *chunk;
uintptr_t chunkLeft;

void *persistent(uintptr_t n) {
  n = (n + 7) & ~uintptr_t{7};
  if (n > chunkLeft) {
    uintptr_t size = n > 64 * 1024 ? n : 64 * 1024;
    chunk = static_cast<uint8_t *>(sysAlloc(size));
    if (chunk == nullptr) throw_("iface: out of memory");
    chunkLeft = size;
  }
  void *p = chunk;
  chunk += n;
  chunkLeft -= n;
  return p;
}

// The table: size a power of two, at most 3/4 full. Go: itabTableType. Readers (any M)
// find entries without a lock: a table never changes size (growing publishes a new one
// with an atomic store), and an entry is published with a release store once its itab is
// complete. Writers serialise on itabLock. Go: itabLock + the atomic table of iface.go.
struct itabTableType {
  uintptr_t size;
  uintptr_t count;
  itab *entries[1]; // size entries
};
itabTableType *itabTable;
mutex itabLock;

uintptr_t itabHash(const interfacetype *inter, const _type *typ) {
  return static_cast<uintptr_t>(inter->typ.hash) ^ static_cast<uintptr_t>(typ->hash);
}

itab *itabFind(const interfacetype *inter, const _type *typ) {
  itabTableType *t = __atomic_load_n(&itabTable, __ATOMIC_ACQUIRE);
  if (t == nullptr) return nullptr;
  uintptr_t mask = t->size - 1;
  uintptr_t h = itabHash(inter, typ) & mask;
  for (uintptr_t i = 1;; ++i) {
    itab *m = __atomic_load_n(&t->entries[h], __ATOMIC_ACQUIRE);
    if (m == nullptr) return nullptr;
    if (m->inter == inter && m->type == typ) return m;
    h = (h + i) & mask;
  }
}

// Puts m in t (which has room). itabLock held.
void itabInsert(itabTableType *t, itab *m) {
  uintptr_t mask = t->size - 1;
  uintptr_t h = itabHash(m->inter, m->type) & mask;
  for (uintptr_t i = 1;; ++i) {
    if (t->entries[h] == nullptr) {
      __atomic_store_n(&t->entries[h], m, __ATOMIC_RELEASE);
      ++t->count;
      return;
    }
    h = (h + i) & mask;
  }
}

// itabLock held.
void itabAdd(itab *m) {
  itabTableType *t = itabTable;
  if (t == nullptr || (t->count + 1) * 4 > t->size * 3) {
    uintptr_t size = t == nullptr ? 512 : t->size * 2;
    auto *n = static_cast<itabTableType *>(
        persistent(sizeof(itabTableType) + (size - 1) * sizeof(itab *)));
    n->size = size;
    n->count = 0;
    for (uintptr_t i = 0; i < size; ++i)
      n->entries[i] = nullptr;
    if (t != nullptr) {
      for (uintptr_t i = 0; i < t->size; ++i)
        if (t->entries[i] != nullptr) itabInsert(n, t->entries[i]);
    }
    __atomic_store_n(&itabTable, n, __ATOMIC_RELEASE);
    t = n;
  }
  itabInsert(t, m);
}

// Fills m->fun from the type's method list; returns the name of the first interface
// method the type lacks (fun[0] is then 0), or nullptr. Go: itab.init.
const stringStruct *itabInit(itab *m) {
  const interfacetype *inter = m->inter;
  const uncommontype *x = m->type->uncommon;
  uintptr_t nt = x != nullptr ? x->mcount : 0, j = 0;
  for (uintptr_t k = 0; k < inter->mcount; ++k) {
    const imethod &im = inter->methods[k];
    const void *fn = nullptr;
    for (; j < nt; ++j) {
      const method &tm = x->methods[j];
      int c = nameCmp(tm.name, im.name);
      if (c > 0) break;
      if (c == 0) {
        if (sameType(tm.mtyp, im.typ)) fn = tm.ifn;
        ++j;
        break;
      }
    }
    if (fn == nullptr) {
      m->fun[0] = nullptr;
      return im.name;
    }
    m->fun[k] = fn;
  }
  return nullptr;
}

} // namespace

// The itab of (inter, typ), made on first use. With canfail a type that lacks a method
// gives nullptr; without, it panics. Go: getitab. Runs on the calling goroutine.
const itab *getitab(const interfacetype *inter, const _type *typ, bool canfail) {
  if (inter->mcount == 0) throw_("internal error - misuse of itab");
  itab *m = itabFind(inter, typ);
  const stringStruct *missing = nullptr;
  if (m == nullptr) {
    lock(&itabLock);
    m = itabFind(inter, typ); // another M may have made it meanwhile
    if (m == nullptr) {
      m = static_cast<itab *>(
          persistent(sizeof(itab) + (inter->mcount - 1) * sizeof(const void *)));
      m->inter = inter;
      m->type = typ;
      m->hash = typ->hash;
      missing = itabInit(m);
      itabAdd(m);
    }
    unlock(&itabLock);
  }
  if (m->fun[0] != nullptr) return m;
  if (canfail) return nullptr;
  if (missing == nullptr) missing = itabInit(m); // cached failure: find the name again
  panicTypeAssertion(nullptr, typ, &inter->typ, missing);
}

extern "C" void *ConvI2I(void *inter, void *typ) {
  if (typ == nullptr) return nullptr;
  return const_cast<itab *>(
      getitab(static_cast<const interfacetype *>(inter), static_cast<const _type *>(typ), false));
}

extern "C" void *AssertE2I(void *inter, void *typ, void *) {
  auto *it = static_cast<const interfacetype *>(inter);
  // gc names no interface type here: "interface conversion: interface is nil, not I".
  if (typ == nullptr) panicTypeAssertion(nullptr, nullptr, &it->typ, nullptr);
  return const_cast<itab *>(getitab(it, static_cast<const _type *>(typ), false));
}

extern "C" void *AssertE2I2(void *inter, void *typ) {
  if (typ == nullptr) return nullptr;
  return const_cast<itab *>(
      getitab(static_cast<const interfacetype *>(inter), static_cast<const _type *>(typ), true));
}

extern "C" void PanicDotTypeE(void *have, void *want, void *iface) {
  panicTypeAssertion(static_cast<const _type *>(iface), static_cast<const _type *>(have),
                     static_cast<const _type *>(want), nullptr);
}

extern "C" void PrintEface(void *typ, void *data) {
  printcstr("(");
  printhex(reinterpret_cast<uintptr_t>(typ));
  printcstr(",");
  printhex(reinterpret_cast<uintptr_t>(data));
  printcstr(")");
}

} // namespace runtime

namespace runtime {

// The one Go call the runtime makes into compiled code: out = fn(data) for the itab
// entry fn of a method `func() string` (the Go calling convention returns the string as
// two words, which C ABIs do not agree on, so compiled code provides the call: the
// lowering defines runtime.callstringmethod in package main's module). This weak default,
// for programs without one (the runtime's own tests), cannot call and returns 0.
extern "C" uint8_t CallStringMethod(const void *fn, void *data, stringStruct *out)
    GOSYM("runtime.callstringmethod");
extern "C" __attribute__((weak)) uint8_t CallStringMethod(const void *, void *, stringStruct *) {
  return 0;
}

namespace {

const void *findStringMethod(const _type *t, const char *name) {
  const uncommontype *x = t->uncommon;
  if (x == nullptr) return nullptr;
  intptr_t n = static_cast<intptr_t>(findnull(reinterpret_cast<const uint8_t *>(name)));
  stringStruct want{reinterpret_cast<const uint8_t *>(name), n};
  static const char sig[] = "func() string";
  stringStruct wantSig{reinterpret_cast<const uint8_t *>(sig), sizeof sig - 1};
  for (uintptr_t i = 0; i < x->mcount; ++i) {
    const method &m = x->methods[i];
    if (strEqual(m.name, &want) && m.mtyp != nullptr && strEqual(m.mtyp->str, &wantSig))
      return m.ifn;
  }
  return nullptr;
}

} // namespace

// The text gc's printpanics shows for a panic value of dynamic type t: v.Error() for an
// error, else v.String() for a Stringer. False if t has neither (or the program cannot
// call them). Go: preprintpanics. Runs on the panicking goroutine.
bool panicvaluestring(const _type *t, void *data, stringStruct *out) {
  const void *fn = findStringMethod(t, "Error");
  if (fn == nullptr) fn = findStringMethod(t, "String");
  return fn != nullptr && CallStringMethod(fn, data, out) != 0;
}

} // namespace runtime
