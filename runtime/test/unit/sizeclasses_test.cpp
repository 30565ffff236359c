// Unit tests of runtime/sizeclasses.cpp: the computed table is gc 1.19's, the division
// by multiplication is exact, and the lookup tables pick the smallest fitting class.
#include <gtest/gtest.h>

#include <cstdint>

#include "sizeclasses.h"

namespace {

using namespace runtime;

// gc 1.19's runtime/sizeclasses.go, classes 1..67: bytes per object, pages per span.
struct GcClass {
  uint32_t size;
  uint32_t npages;
};
constexpr GcClass gcClasses[] = {
    {8, 1},      {16, 1},    {24, 1},    {32, 1},    {48, 1},    {64, 1},    {80, 1},    {96, 1},
    {112, 1},    {128, 1},   {144, 1},   {160, 1},   {176, 1},   {192, 1},   {208, 1},   {224, 1},
    {240, 1},    {256, 1},   {288, 1},   {320, 1},   {352, 1},   {384, 1},   {416, 1},   {448, 1},
    {480, 1},    {512, 1},   {576, 1},   {640, 1},   {704, 1},   {768, 1},   {896, 1},   {1024, 1},
    {1152, 1},   {1280, 1},  {1408, 2},  {1536, 1},  {1792, 2},  {2048, 1},  {2304, 2},  {2688, 1},
    {3072, 3},   {3200, 2},  {3456, 3},  {4096, 1},  {4864, 3},  {5376, 2},  {6144, 3},  {6528, 4},
    {6784, 5},   {6912, 6},  {8192, 1},  {9472, 7},  {9728, 6},  {10240, 5}, {10880, 4}, {12288, 3},
    {13568, 5},  {14336, 7}, {16384, 2}, {18432, 9}, {19072, 7}, {20480, 5}, {21760, 8}, {24576, 3},
    {27264, 10}, {28672, 7}, {32768, 4},
};
static_assert(sizeof gcClasses / sizeof gcClasses[0] == numSizeClasses - 1);

TEST(SizeClasses, TableIsGc119s) {
  EXPECT_EQ(sizeclasses.class_to_size[0], 0);
  for (int c = 1; c < numSizeClasses; c++) {
    EXPECT_EQ(sizeclasses.class_to_size[c], gcClasses[c - 1].size) << "class " << c;
    EXPECT_EQ(sizeclasses.class_to_allocnpages[c], gcClasses[c - 1].npages) << "class " << c;
  }
}

TEST(SizeClasses, TailWasteAtMostOneEighth) {
  for (int c = 1; c < numSizeClasses; c++) {
    uint32_t span = sizeclasses.class_to_allocnpages[c] * pageSize;
    EXPECT_LE(span % sizeclasses.class_to_size[c], span / 8) << "class " << c;
  }
}

TEST(SizeClasses, DivMagicIsExactDivision) {
  // Every offset a span of the class can hold, including its end.
  for (int c = 1; c < numSizeClasses; c++) {
    uint64_t size = sizeclasses.class_to_size[c];
    uint64_t magic = sizeclasses.class_to_divmagic[c];
    uint64_t max = uint64_t(sizeclasses.class_to_allocnpages[c]) * pageSize;
    for (uint64_t n = 0; n <= max; n++) {
      ASSERT_EQ((n * magic) >> 32, n / size) << "class " << c << " offset " << n;
    }
  }
}

TEST(SizeClasses, SizeToClassIsSmallestFit) {
  for (uintptr_t size = 1; size <= maxSmallSize; size++) {
    uint8_t c = sizeToClass(size);
    ASSERT_GE(c, 1);
    ASSERT_LT(c, numSizeClasses);
    ASSERT_GE(sizeclasses.class_to_size[c], size) << "size " << size;
    ASSERT_LT(sizeclasses.class_to_size[c - 1], size) << "size " << size;
  }
}

TEST(SizeClasses, Roundupsize) {
  EXPECT_EQ(roundupsize(1), 8u);
  EXPECT_EQ(roundupsize(9), 16u);
  EXPECT_EQ(roundupsize(17), 24u);
  EXPECT_EQ(roundupsize(33), 48u);
  EXPECT_EQ(roundupsize(1025), 1152u);
  EXPECT_EQ(roundupsize(8193), 9472u);
  EXPECT_EQ(roundupsize(32767), 32768u);
  // Large: whole pages; a size whose rounding would overflow stays as it is.
  EXPECT_EQ(roundupsize(32768), 32768u);
  EXPECT_EQ(roundupsize(32769), 40960u);
  EXPECT_EQ(roundupsize(1 << 20), uintptr_t(1) << 20);
  EXPECT_EQ(roundupsize(~uintptr_t(0) - 5), ~uintptr_t(0) - 5);
}

} // namespace
