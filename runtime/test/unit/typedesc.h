// Type and map descriptors built by hand, as the compiler will emit them, for the hash and
// map unit tests (alg_test.cpp, map_test.cpp, map_bench.cpp).
//
// The descriptors live as long as the test process (the runtime keeps pointers to them in
// maps it never frees). mapType computes maptype's sizes and flags with gc's rules
// (reflectdata.MapType): what the compiler must compute, restated here so the tests check
// the runtime against the contract rather than against map.cpp's own reading of it.
#ifndef TALPA_RUNTIME_TEST_UNIT_TYPEDESC_H
#define TALPA_RUNTIME_TEST_UNIT_TYPEDESC_H

#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "runtime.h"

namespace testtypes {

using namespace talpa::abi;
using namespace runtime;

// keep stores v where it stays put for the rest of the process and returns its address.
template <class T> T *keep(const T &v) {
  static std::deque<T> store;
  store.push_back(v);
  return &store.back();
}

inline const stringStruct *name(const char *s) {
  return keep(stringStruct{reinterpret_cast<const uint8_t *>(s), static_cast<intptr_t>(strlen(s))});
}

inline std::string str(const stringStruct &s) {
  return std::string(reinterpret_cast<const char *>(s.ptr), static_cast<size_t>(s.len));
}

inline const uint8_t *pointerBits() {
  static const uint8_t bits[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  return bits;
}

// A basic type's descriptor; plain memory unless told otherwise.
inline _type basic(uint8_t kind, uintptr_t size, bool (*equal)(const void *, const void *),
                   const char *str, uintptr_t ptrdata = 0, uint8_t tflag = tflags::RegularMemory) {
  _type t{};
  t.size = size;
  t.ptrdata = ptrdata;
  t.tflag = tflag;
  t.align = static_cast<uint8_t>(size >= 8 ? 8 : size == 0 ? 1 : size);
  t.fieldAlign = t.align;
  t.kind = kind;
  t.equal = equal;
  t.gcdata = ptrdata != 0 ? pointerBits() : nullptr;
  t.str = name(str);
  return t;
}

inline const _type *int64Type() {
  static const _type t = basic(kinds::Int64, 8, MemEqual64, "int64");
  return &t;
}
inline const _type *int32Type() {
  static const _type t = basic(kinds::Int32, 4, MemEqual32, "int32");
  return &t;
}
inline const _type *float64Type() {
  static const _type t = basic(kinds::Float64, 8, F64Equal, "float64", 0, 0);
  return &t;
}
inline const _type *float32Type() {
  static const _type t = basic(kinds::Float32, 4, F32Equal, "float32", 0, 0);
  return &t;
}
inline const _type *stringType() {
  static const _type t = basic(kinds::String, 16, StrEqual, "string", 8, 0);
  return &t;
}
// *int64: a pointer, stored directly in an interface's data word.
inline const _type *ptrInt64Type() {
  static const _type t = basic(kinds::Pointer | kinds::DirectIface, 8, MemEqual64, "*int64", 8);
  return &t;
}
// []int: not comparable.
inline const _type *sliceIntType() {
  static const _type t = basic(kinds::Slice, 24, nullptr, "[]int", 8, 0);
  return &t;
}
// interface{} and interface{ M() }.
inline const _type *efaceType() {
  static const interfacetype t = {basic(kinds::Interface, 16, NilInterEqual, "interface {}", 16, 0),
                                  nullptr, nullptr, 0};
  return &t.typ;
}
inline const _type *ifaceType() {
  static const imethod m = {name("M"), nullptr};
  static const interfacetype t = {
      basic(kinds::Interface, 16, InterEqual, "interface { M() }", 16, 0), nullptr, &m, 1};
  return &t.typ;
}

// An array type [n]elem, with the equality the compiler would generate.
inline const _type *arrayType(const _type *elem, uintptr_t n,
                              bool (*equal)(const void *, const void *), const char *str) {
  arraytype a{};
  bool regular = (elem->tflag & tflags::RegularMemory) != 0;
  a.typ = basic(kinds::Array, elem->size * n, equal, str, elem->ptrdata != 0 ? elem->size * n : 0,
                regular ? tflags::RegularMemory : 0);
  a.typ.align = elem->align;
  a.elem = elem;
  a.len = n;
  return &keep(a)->typ;
}

inline bool isFloatOrIface(uint8_t k) {
  return k == kinds::Float32 || k == kinds::Float64 || k == kinds::Complex64 ||
         k == kinds::Complex128 || k == kinds::Interface;
}

// walk calls f on t and, for arrays and structs, on their elements and fields.
template <class F> bool anyKind(const _type *t, F f) {
  if (f(t)) return true;
  switch (t->kind & kinds::Mask) {
  case kinds::Array:
    return anyKind(reinterpret_cast<const arraytype *>(t)->elem, f);
  case kinds::Struct: {
    auto *s = reinterpret_cast<const structtype *>(t);
    for (uintptr_t i = 0; i < s->nfields; i++) {
      if (anyKind(s->fields[i].typ, f)) return true;
    }
    return false;
  }
  default:
    return false;
  }
}

// mapType builds map[key]elem's descriptor and bucket type as gc's compiler does.
inline const maptype *mapType(const _type *key, const _type *elem,
                              uintptr_t (*hasher)(const void *, uintptr_t)) {
  maptype m{};
  m.typ = basic(kinds::Map | kinds::DirectIface, 8, nullptr, "map", 8, 0);
  m.key = key;
  m.elem = elem;
  m.hasher = hasher;
  bool ik = key->size > maplayout::maxKeySize;
  bool ie = elem->size > maplayout::maxElemSize;
  uintptr_t ks = ik ? 8 : key->size;
  uintptr_t es = ie ? 8 : elem->size;
  uintptr_t bs = maplayout::bucketDataOffset + maplayout::bucketCnt * (ks + es) + 8;
  bool pointers = ik || ie || key->ptrdata != 0 || elem->ptrdata != 0;
  _type bucket = basic(kinds::Struct, bs, nullptr, "bucket", pointers ? bs : 0, 0);
  m.bucket = keep(bucket);
  m.keysize = static_cast<uint8_t>(ks);
  m.elemsize = static_cast<uint8_t>(es);
  m.bucketsize = static_cast<uint16_t>(bs);
  uint32_t flags = 0;
  if (ik) flags |= mapflags::IndirectKey;
  if (ie) flags |= mapflags::IndirectElem;
  if (!anyKind(key, [](const _type *t) { return isFloatOrIface(t->kind & kinds::Mask); }))
    flags |= mapflags::ReflexiveKey;
  if (anyKind(key, [](const _type *t) {
        uint8_t k = t->kind & kinds::Mask;
        return isFloatOrIface(k) || k == kinds::String;
      }))
    flags |= mapflags::NeedKeyUpdate;
  if (anyKind(key, [](const _type *t) { return (t->kind & kinds::Mask) == kinds::Interface; }))
    flags |= mapflags::HashMightPanic;
  m.flags = flags;
  return keep(m);
}

// A map value in a test: the C entry points with typed keys.
inline hmap *asMap(void *h) { return static_cast<hmap *>(h); }

} // namespace testtypes

#endif // TALPA_RUNTIME_TEST_UNIT_TYPEDESC_H
