// The size-class tables, computed at compile time; mirrors runtime/sizeclasses.go (which
// gc generates with mksizeclasses.go). The rules are in sizeclasses.h.
#include "sizeclasses.h"

namespace runtime {

namespace {

constexpr bool isPowerOfTwo(uintptr_t x) { return x != 0 && (x & (x - 1)) == 0; }

// makeSizeClasses applies sizeclasses.h's rules. Evaluated by the compiler only.
constexpr sizeclassTables makeSizeClasses() {
  sizeclassTables t{};
  uintptr_t sizes[numSizeClasses + 1] = {};
  uintptr_t npages[numSizeClasses + 1] = {};
  int n = 1; // class 0 is the large-object class

  // 1. Candidate sizes, each with the fewest pages that keep the tail within 1/8.
  uintptr_t step = 8;
  for (uintptr_t size = step; size <= maxSmallSize; size += step) {
    if (isPowerOfTwo(size)) {
      if (size >= 2048) {
        step = 256;
      } else if (size >= 128) {
        step = size / 8;
      } else if (size >= 32) {
        step = 16;
      }
    }
    uintptr_t span = pageSize;
    while (span % size > span / 8)
      span += pageSize;
    uintptr_t pages = span / pageSize;
    // Same pages, same object count as the previous class: the larger size wins.
    if (n > 1 && pages == npages[n - 1] && span / size == span / sizes[n - 1]) {
      sizes[n - 1] = size;
      continue;
    }
    if (n == numSizeClasses + 1) return sizeclassTables{}; // too many: caught below
    sizes[n] = size;
    npages[n] = pages;
    n++;
  }
  if (n != numSizeClasses) return sizeclassTables{}; // caught by the static_asserts below

  // 2. Widen each class to the largest 128-multiple with the same object count.
  for (int c = 1; c < n; c++) {
    uintptr_t span = npages[c] * pageSize;
    uintptr_t widened = (span / (span / sizes[c])) & ~(largeSizeDiv - 1);
    if (widened > sizes[c]) sizes[c] = widened;
  }

  for (int c = 0; c < n; c++) {
    t.class_to_size[c] = static_cast<uint16_t>(sizes[c]);
    t.class_to_allocnpages[c] = static_cast<uint8_t>(npages[c]);
    t.class_to_divmagic[c] = c == 0 ? 0 : static_cast<uint32_t>(~uint32_t(0) / sizes[c] + 1);
  }

  // 3. The lookup tables: the smallest class holding each rounded request size.
  auto smallest = [&](uintptr_t size) {
    int c = 1;
    while (sizes[c] < size)
      c++;
    return static_cast<uint8_t>(c);
  };
  for (uintptr_t i = 0; i < sizeof t.size_to_class8; i++)
    t.size_to_class8[i] = i == 0 ? 0 : smallest(i * smallSizeDiv);
  for (uintptr_t i = 0; i < sizeof t.size_to_class128; i++)
    t.size_to_class128[i] = smallest(smallSizeMax + i * largeSizeDiv);
  return t;
}

} // namespace

constexpr sizeclassTables sizeclasses = makeSizeClasses();

// Spot checks against gc 1.19's sizeclasses.go (the unit test compares every class).
static_assert(sizeclasses.class_to_size[1] == 8 && sizeclasses.class_to_size[2] == 16);
static_assert(sizeclasses.class_to_size[5] == 48 && sizeclasses.class_to_size[35] == 1408);
static_assert(sizeclasses.class_to_allocnpages[35] == 2);
static_assert(sizeclasses.class_to_size[52] == 9472 && sizeclasses.class_to_allocnpages[52] == 7);
static_assert(sizeclasses.class_to_size[numSizeClasses - 1] == maxSmallSize);
static_assert(sizeclasses.size_to_class8[1] == 1 && sizeclasses.size_to_class8[128] == 32);
static_assert(sizeclasses.size_to_class128[248] == numSizeClasses - 1);

} // namespace runtime
