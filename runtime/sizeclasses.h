// The allocator's size classes; mirrors runtime/sizeclasses.go and msize.go.
//
// Small objects (up to maxSmallSize = 32 KiB) are rounded up to one of 67 sizes, the size
// classes, and carved out of spans whose page count the class fixes. talpa computes gc
// 1.19's table rather than copying it: sizeclasses.cpp evaluates the rules below at
// compile time, and static_asserts there (and a unit test against gc's published table)
// check that the result is gc's, so `append` capacities and allocation sizes match.
//
// The rules, walking candidate sizes upward from 8 bytes:
//   - the step between candidates starts at 8 bytes and grows at each power of two: 16
//     from 32 bytes, size/8 from 128 bytes (16, 32, ... 256), 256 from 2 KiB, so every
//     class is aligned to its step;
//   - a class gets the fewest 8 KiB pages whose tail (the bytes left after the last whole
//     object) is at most 1/8 of the span, so tail waste stays under 12.5%;
//   - a candidate that would use the same pages for the same number of objects as the
//     previous class replaces it (the bigger size costs nothing);
//   - finally each class grows to the largest size that still fits the same number of
//     objects in its pages, rounded down to a multiple of 128 so size_to_class128 still
//     finds it.
// Class 0 stands for large objects (more than 32 KiB), which get a span of their own.
//
// Object index from offset: divmagic = 2^32 / size rounded up; (off * divmagic) >> 32
// equals off / size for every offset inside a span of the class (checked exhaustively by
// the unit test), so finding the object an interior pointer points into costs a multiply.
#ifndef TALPA_RUNTIME_SIZECLASSES_H
#define TALPA_RUNTIME_SIZECLASSES_H

#include <stddef.h>
#include <stdint.h>

namespace runtime {

constexpr uintptr_t pageShift = 13;
constexpr uintptr_t pageSize = uintptr_t(1) << pageShift; // 8 KiB
constexpr uintptr_t maxSmallSize = 32 << 10;
constexpr uintptr_t smallSizeDiv = 8;
constexpr uintptr_t smallSizeMax = 1024;
constexpr uintptr_t largeSizeDiv = 128;
constexpr int numSizeClasses = 68; // including class 0 (large objects)

// The computed tables. Go: class_to_size, class_to_allocnpages, class_to_divmagic,
// size_to_class8, size_to_class128.
struct sizeclassTables {
  uint16_t class_to_size[numSizeClasses];
  uint8_t class_to_allocnpages[numSizeClasses];
  uint32_t class_to_divmagic[numSizeClasses];
  // size_to_class8[ceil(size/8)] for size <= 1024; size_to_class128[ceil((size-1024)/128)]
  // above.
  uint8_t size_to_class8[smallSizeMax / smallSizeDiv + 1];
  uint8_t size_to_class128[(maxSmallSize - smallSizeMax) / largeSizeDiv + 1];
};
extern const sizeclassTables sizeclasses;

// sizeToClass returns the class of a small object of size bytes (1 <= size <=
// maxSmallSize). Runs anywhere.
inline uint8_t sizeToClass(uintptr_t size) {
  if (size <= smallSizeMax - 8) return sizeclasses.size_to_class8[(size + smallSizeDiv - 1) / 8];
  return sizeclasses.size_to_class128[(size - smallSizeMax + largeSizeDiv - 1) / largeSizeDiv];
}

// roundupsize returns the size of the block mallocgc hands out for a request of size
// bytes: the class size for small objects, whole pages for large ones (the request
// itself if rounding would overflow). Go: roundupsize. Runs anywhere.
inline uintptr_t roundupsize(uintptr_t size) {
  if (size < maxSmallSize) return sizeclasses.class_to_size[sizeToClass(size)];
  if (size + pageSize < size) return size;
  return (size + pageSize - 1) & ~(pageSize - 1);
}

} // namespace runtime

#endif // TALPA_RUNTIME_SIZECLASSES_H
