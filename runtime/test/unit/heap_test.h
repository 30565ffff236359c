// Helpers for the allocator and collector tests: isolating the collector's roots, and
// fake type descriptors.
//
// The heap is process-wide and the tests share it. A test that collects runs with the
// roots it registers itself (addRootRange) and nothing else: the test binary's data, bss
// and stack (the host's, full of GoogleTest's state) are left out unless the test turns
// them on, and automatic collections are off (GOGC off), so what survives a collection
// is exactly what the test made reachable. Objects other tests left behind are garbage
// to it, which is harmless: no test keeps heap objects past its end.
#ifndef TALPA_RUNTIME_TEST_UNIT_HEAP_TEST_H
#define TALPA_RUNTIME_TEST_UNIT_HEAP_TEST_H

#include <gtest/gtest.h>

#include <cstdint>

#include "malloc.h"

namespace heaptest {

class Isolated : public ::testing::Test {
protected:
  void SetUp() override {
    runtime::gcroots = {.globals = false, .stack = false, .stackhi = 0};
    runtime::clearRootRanges();
    runtime::setGCPercent(-1);
    runtime::debug.gctrace = 0;
  }
  void TearDown() override { SetUp(); }
};

inline uintptr_t addr(const void *p) { return reinterpret_cast<uintptr_t>(p); }

// allocated says whether p points into an allocated heap object.
inline bool allocated(const void *p) {
  runtime::mspan *s = runtime::spanOf(addr(p));
  if (s == nullptr) return false;
  uint32_t i = s->sizeclass() == 0 ? 0 : s->objIndex(addr(p));
  return s->isAllocated(i);
}

// A type descriptor with the given size and pointer words (bits of mask, word 0 = bit 0).
// ptrdata covers the words up to the last pointer, as the compiler emits it.
struct FakeType {
  runtime::_type t{};
  uint8_t gcdata[16]{};
  FakeType(uintptr_t size, uint64_t mask) {
    t.size = size;
    t.align = 8;
    for (int w = 0; w < 64; w++) {
      if ((mask >> w & 1) == 0) continue;
      gcdata[w / 8] |= static_cast<uint8_t>(1 << (w % 8));
      t.ptrdata = uintptr_t(w + 1) * 8;
    }
    t.gcdata = gcdata;
  }
  FakeType(const FakeType &) = delete; // gcdata points into the object
  const runtime::_type *type() const { return &t; }
};

} // namespace heaptest

#endif // TALPA_RUNTIME_TEST_UNIT_HEAP_TEST_H
