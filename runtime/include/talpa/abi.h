// The data layouts compiled Go code and the runtime share; mirrors runtime/runtime2.go and type.go.
//
// This header is the one statement of every layout that crosses the boundary between the
// code the compiler emits and the C++ runtime. The runtime includes it to read and build
// these values; the compiler must not restate them by hand but check its LLVM types against
// this file (sizes and field offsets are asserted below, so a change here that the
// compiler has not followed breaks a build rather than a program).
//
// It is plain C++20 with only <stddef.h> and <stdint.h>, so that both the freestanding
// runtime (clang, any talpa target) and the host compiler (clang++/g++ on the build
// machine) can include it. Every supported target is 64-bit little-endian; the asserts
// below say so, and a 32-bit target will have to revisit them.
//
// Names follow Go's runtime (stringStruct, slice, eface, _type); field names are those of
// the compiler's view (ptr, len, cap) where Go's own differ only by spelling.
#ifndef TALPA_ABI_H
#define TALPA_ABI_H

#include <stddef.h>
#include <stdint.h>

namespace talpa::abi {

// Kinds of the scalar values that cross the runtime.def boundary, as C types. The runtime
// declares its entry points by spelling runtime.def's kinds with these aliases, so the
// table is the only place a signature is written.
namespace kind {
using Void = void;
using Bool = uint8_t;  // i8 holding 0 or 1
using Int = int64_t;   // Go int
using Uint = uint64_t; // Go uint
using Uintptr = uintptr_t;
using Float64 = double;
using Ptr = void *;
} // namespace kind

static_assert(sizeof(void *) == 8, "talpa targets are 64-bit");
static_assert(sizeof(intptr_t) == 8 && sizeof(uintptr_t) == 8);
static_assert(sizeof(double) == 8 && alignof(int64_t) == 8);

// A Go string value: a pointer to immutable bytes and a length. An empty string may carry
// any pointer (the runtime produces nullptr); code must never dereference ptr when len is
// 0. Go: stringStruct.
struct stringStruct {
  const uint8_t *ptr;
  intptr_t len;
};
static_assert(sizeof(stringStruct) == 16 && alignof(stringStruct) == 8);
static_assert(offsetof(stringStruct, ptr) == 0 && offsetof(stringStruct, len) == 8);

// A Go slice value. Go: slice {array, len, cap}.
struct slice {
  void *ptr;
  intptr_t len;
  intptr_t cap;
};
static_assert(sizeof(slice) == 24 && alignof(slice) == 8);
static_assert(offsetof(slice, ptr) == 0 && offsetof(slice, len) == 8 && offsetof(slice, cap) == 16);

// Type descriptor. A placeholder with gc 1.19's leading fields, in gc's order, so the
// allocator can later read size / ptrdata / gcdata from it; the compiler does not emit
// descriptors yet (mallocgc receives nullptr). Fields will be added (uncommon type,
// element types, method tables) as interfaces and reflection arrive. Go: _type.
struct _type {
  uintptr_t size;
  uintptr_t ptrdata; // prefix of the object that can hold pointers
  uint32_t hash;
  uint8_t tflag;
  uint8_t align;
  uint8_t fieldAlign;
  uint8_t kind;
  // Equality on two values of this type; nullptr if the type is not comparable.
  bool (*equal)(const void *, const void *);
  const uint8_t *gcdata; // pointer bitmap, one bit per word of the ptrdata prefix
  int32_t str;           // name: offset, as in gc (placeholder)
  int32_t ptrToThis;     // offset of the *T descriptor, as in gc (placeholder)
};
static_assert(sizeof(_type) == 48 && alignof(_type) == 8);
static_assert(offsetof(_type, size) == 0 && offsetof(_type, ptrdata) == 8 &&
              offsetof(_type, hash) == 16 && offsetof(_type, tflag) == 20 &&
              offsetof(_type, kind) == 23 && offsetof(_type, equal) == 24 &&
              offsetof(_type, gcdata) == 32 && offsetof(_type, str) == 40 &&
              offsetof(_type, ptrToThis) == 44);

// An empty interface value (interface{} / any). Go: eface {_type, data}.
struct eface {
  const _type *type;
  void *data;
};
static_assert(sizeof(eface) == 16 && alignof(eface) == 8);
static_assert(offsetof(eface, type) == 0 && offsetof(eface, data) == 8);

} // namespace talpa::abi

#endif // TALPA_ABI_H
