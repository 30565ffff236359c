// Unit tests of runtime/slice.cpp (roundupsize, makeslice, growslice) and of the string and
// slice conversions in runtime/string.cpp. Expected capacities are gc 1.19's, as Go
// programs print them after append (test/run/slices.go checks the same through compiled
// code).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "runtime.h"

namespace {

using namespace runtime;
using talpa::abi::_type;
using talpa::abi::slice;

// A descriptor with only what the allocator and growslice read.
_type typeOfSize(uintptr_t size) {
  _type t{};
  t.size = size;
  t.align = 8;
  return t;
}

TEST(RoundUpSize, SizeClasses) {
  EXPECT_EQ(roundupsize(0), 0u);
  EXPECT_EQ(roundupsize(1), 8u);
  EXPECT_EQ(roundupsize(8), 8u);
  EXPECT_EQ(roundupsize(9), 16u);
  EXPECT_EQ(roundupsize(33), 48u);
  EXPECT_EQ(roundupsize(1025), 1152u);
  EXPECT_EQ(roundupsize(32767), 32768u);
  EXPECT_EQ(roundupsize(32768), 32768u);
  // Above the small sizes: whole 8 KiB pages.
  EXPECT_EQ(roundupsize(32769), 40960u);
}

// The capacity after appending one element to a full slice of capacity oldcap.
int64_t grow(uintptr_t elemSize, int64_t oldcap, int64_t newlen) {
  _type t = typeOfSize(elemSize);
  slice out{};
  GrowSlice(&out, &t, nullptr, 0, oldcap, newlen);
  EXPECT_EQ(out.len, 0);
  EXPECT_NE(out.ptr, nullptr);
  return out.cap;
}

TEST(GrowSlice, GcCapacities) {
  // Doubling below 256 elements, rounded up to a size class.
  EXPECT_EQ(grow(1, 0, 1), 8);
  EXPECT_EQ(grow(1, 8, 9), 16);
  EXPECT_EQ(grow(8, 0, 1), 1);
  EXPECT_EQ(grow(8, 4, 5), 8);
  EXPECT_EQ(grow(24, 2, 3), 4);  // 96 bytes: a size class
  EXPECT_EQ(grow(24, 8, 9), 16); // 384 bytes: a size class
  EXPECT_EQ(grow(3, 0, 1), 2);   // 3 bytes -> 8: room for 2
  EXPECT_EQ(grow(3, 2, 3), 5);   // 12 bytes -> 16: room for 5
  // From 256 on: by 1.25 plus 192, then rounded.
  EXPECT_EQ(grow(8, 256, 257), 512);
  EXPECT_EQ(grow(8, 512, 513), 848);
  EXPECT_EQ(grow(1, 512, 513), 896);
  // A request beyond double the capacity is taken as it is (then rounded).
  EXPECT_EQ(grow(8, 4, 100), 112); // 800 bytes -> the 896-byte class
}

TEST(GrowSlice, CopiesTheOldElements) {
  _type t = typeOfSize(4);
  int32_t old[3] = {7, 8, 9};
  slice out{};
  GrowSlice(&out, &t, old, 3, 3, 4);
  ASSERT_EQ(out.len, 3);
  EXPECT_EQ(out.cap, 6); // doubled: 24 bytes, a size class
  auto *p = static_cast<int32_t *>(out.ptr);
  EXPECT_EQ(p[0], 7);
  EXPECT_EQ(p[2], 9);
  EXPECT_EQ(p[3], 0) << "the new part is zeroed";
}

TEST(GrowSlice, ZeroSizeElements) {
  _type t = typeOfSize(0);
  slice out{};
  GrowSlice(&out, &t, nullptr, 5, 5, 6);
  EXPECT_NE(out.ptr, nullptr) << "never a nil slice of non-zero length";
  EXPECT_EQ(out.len, 5);
  EXPECT_EQ(out.cap, 6);
}

TEST(MakeSlice, Zeroed) {
  _type t = typeOfSize(8);
  auto *p = static_cast<int64_t *>(MakeSlice(&t, 3, 10));
  for (int i = 0; i < 10; i++)
    EXPECT_EQ(p[i], 0);
}

TEST(SliceDeathTest, MakeSliceBounds) {
  _type t = typeOfSize(8);
  EXPECT_EXIT(
      MakeSlice(&t, -1, 4), ::testing::ExitedWithCode(2),
      "^panic: runtime error: makeslice: len out of range\n\ngoroutine 1 \\[running\\]:\n$");
  EXPECT_EXIT(
      MakeSlice(&t, 5, 4), ::testing::ExitedWithCode(2),
      "^panic: runtime error: makeslice: cap out of range\n\ngoroutine 1 \\[running\\]:\n$");
  EXPECT_EXIT(
      MakeSlice(&t, int64_t(1) << 62, int64_t(1) << 62), ::testing::ExitedWithCode(2),
      "^panic: runtime error: makeslice: len out of range\n\ngoroutine 1 \\[running\\]:\n$");
}

TEST(SliceDeathTest, GrowSliceOverflow) {
  _type t = typeOfSize(8);
  slice out{};
  // An appended length that overflowed is below the old capacity.
  EXPECT_EXIT(
      GrowSlice(&out, &t, nullptr, 4, 4, -3), ::testing::ExitedWithCode(2),
      "^panic: runtime error: growslice: cap out of range\n\ngoroutine 1 \\[running\\]:\n$");
}

TEST(Conversions, BytesAndStrings) {
  slice b{};
  StringToSliceByte(&b, const_cast<char *>("hello"), 5);
  EXPECT_EQ(b.len, 5);
  EXPECT_EQ(b.cap, 8) << "rounded up to the size class";
  EXPECT_EQ(std::memcmp(b.ptr, "hello", 5), 0);
  StringToSliceByte(&b, nullptr, 0);
  EXPECT_NE(b.ptr, nullptr) << "[]byte(\"\") is not nil";
  EXPECT_EQ(b.len, 0);

  talpa::abi::stringStruct s{};
  SliceByteToString(&s, const_cast<char *>("abc"), 3);
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(s.ptr), s.len), "abc");
  SliceByteToString(&s, nullptr, 0);
  EXPECT_EQ(s.ptr, nullptr);
  EXPECT_EQ(s.len, 0);
}

TEST(Conversions, RunesAndStrings) {
  // "héllo" with an invalid byte: five runes and U+FFFD.
  const char text[] = "h\xc3\xa9llo\xff";
  slice r{};
  StringToSliceRune(&r, const_cast<char *>(text), sizeof text - 1);
  ASSERT_EQ(r.len, 6);
  EXPECT_EQ(r.cap, 6) << "24 bytes is a size class";
  auto *runes = static_cast<int32_t *>(r.ptr);
  EXPECT_EQ(runes[1], 0xe9);
  EXPECT_EQ(runes[5], 0xfffd);

  talpa::abi::stringStruct s{};
  int32_t back[] = {'h', 0xe9, 0x10ffff + 1, 'o'};
  SliceRuneToString(&s, back, 4);
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(s.ptr), s.len), "h\xc3\xa9\xef\xbf\xbdo");
}

} // namespace
