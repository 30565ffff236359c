// Unit tests of runtime/slice.cpp: makeslice, and growslice's capacities against gc 1.19
// (the table comes from growslice_table.go run under gc), its copying and zeroing, and
// the panics of both, with gc's messages.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "malloc.h"

namespace {

using namespace runtime;
using talpa::abi::slice;

// {element size, old len, old cap, required cap, gc's new cap}
struct GrowCase {
  uintptr_t elemsize;
  int64_t oldlen;
  int64_t oldcap;
  int64_t cap;
  int64_t want;
};
constexpr GrowCase growCases[] = {
    {1, 0, 0, 1, 8},
    {1, 0, 0, 2, 8},
    {1, 0, 0, 3, 8},
    {1, 0, 0, 5, 8},
    {1, 0, 0, 7, 8},
    {1, 0, 0, 9, 16},
    {1, 0, 0, 17, 24},
    {1, 1, 1, 2, 8},
    {1, 2, 2, 3, 8},
    {1, 3, 3, 4, 8},
    {1, 4, 4, 5, 8},
    {1, 5, 5, 6, 16},
    {1, 7, 7, 8, 16},
    {1, 8, 8, 9, 16},
    {1, 12, 12, 13, 24},
    {1, 13, 13, 14, 32},
    {1, 25, 25, 26, 64},
    {1, 100, 100, 101, 208},
    {1, 100, 100, 250, 256},
    {1, 255, 255, 256, 512},
    {1, 256, 256, 257, 512},
    {1, 257, 257, 258, 576},
    {1, 300, 300, 301, 576},
    {1, 511, 511, 513, 896},
    {1, 512, 512, 513, 896},
    {1, 1000, 1000, 1001, 1536},
    {1, 1024, 1024, 1025, 1536},
    {1, 2000, 2000, 2001, 3072},
    {1, 4096, 4096, 4097, 5376},
    {1, 10000, 10000, 10001, 13568},
    {1, 100000, 100000, 100001, 131072},
    {1, 1000000, 1000000, 1000001, 1253376},
    {1, 5, 10, 11, 24},
    {1, 0, 10, 11, 24},
    {1, 300, 300, 1000, 1024},
    {1, 1000, 1000, 6000, 6144},
    {1, 3, 3, 103, 112},
    {5, 0, 0, 1, 1},
    {5, 0, 0, 2, 3},
    {5, 0, 0, 3, 3},
    {5, 0, 0, 5, 6},
    {5, 0, 0, 7, 9},
    {5, 0, 0, 9, 9},
    {5, 0, 0, 17, 19},
    {5, 1, 1, 2, 3},
    {5, 2, 2, 3, 4},
    {5, 3, 3, 4, 6},
    {5, 4, 4, 5, 9},
    {5, 5, 5, 6, 12},
    {5, 7, 7, 8, 16},
    {5, 8, 8, 9, 16},
    {5, 12, 12, 13, 25},
    {5, 13, 13, 14, 28},
    {5, 25, 25, 26, 51},
    {5, 100, 100, 101, 204},
    {5, 100, 100, 250, 256},
    {5, 255, 255, 256, 537},
    {5, 256, 256, 257, 537},
    {5, 257, 257, 258, 537},
    {5, 300, 300, 301, 614},
    {5, 511, 511, 513, 972},
    {5, 512, 512, 513, 972},
    {5, 1000, 1000, 1001, 1638},
    {5, 1024, 1024, 1025, 1638},
    {5, 2000, 2000, 2001, 2713},
    {5, 4096, 4096, 4097, 5452},
    {5, 10000, 10000, 10001, 13107},
    {5, 100000, 100000, 100001, 126156},
    {5, 1000000, 1000000, 1000001, 1251737},
    {5, 5, 10, 11, 22},
    {5, 0, 10, 11, 22},
    {5, 300, 300, 1000, 1075},
    {5, 1000, 1000, 6000, 6553},
    {5, 3, 3, 103, 115},
    {8, 0, 0, 1, 1},
    {8, 0, 0, 2, 2},
    {8, 0, 0, 3, 3},
    {8, 0, 0, 5, 6},
    {8, 0, 0, 7, 8},
    {8, 0, 0, 9, 10},
    {8, 0, 0, 17, 18},
    {8, 1, 1, 2, 2},
    {8, 2, 2, 3, 4},
    {8, 3, 3, 4, 6},
    {8, 4, 4, 5, 8},
    {8, 5, 5, 6, 10},
    {8, 7, 7, 8, 14},
    {8, 8, 8, 9, 16},
    {8, 12, 12, 13, 24},
    {8, 13, 13, 14, 26},
    {8, 25, 25, 26, 52},
    {8, 100, 100, 101, 224},
    {8, 100, 100, 250, 256},
    {8, 255, 255, 256, 512},
    {8, 256, 256, 257, 512},
    {8, 257, 257, 258, 608},
    {8, 300, 300, 301, 608},
    {8, 511, 511, 513, 848},
    {8, 512, 512, 513, 848},
    {8, 1000, 1000, 1001, 1536},
    {8, 1024, 1024, 1025, 1536},
    {8, 2000, 2000, 2001, 2720},
    {8, 4096, 4096, 4097, 6144},
    {8, 10000, 10000, 10001, 13312},
    {8, 100000, 100000, 100001, 125952},
    {8, 1000000, 1000000, 1000001, 1250304},
    {8, 5, 10, 11, 20},
    {8, 0, 10, 11, 20},
    {8, 300, 300, 1000, 1024},
    {8, 1000, 1000, 6000, 6144},
    {8, 3, 3, 103, 112},
    {12, 0, 0, 1, 1},
    {12, 0, 0, 2, 2},
    {12, 0, 0, 3, 4},
    {12, 0, 0, 5, 5},
    {12, 0, 0, 7, 8},
    {12, 0, 0, 9, 9},
    {12, 0, 0, 17, 17},
    {12, 1, 1, 2, 2},
    {12, 2, 2, 3, 4},
    {12, 3, 3, 4, 6},
    {12, 4, 4, 5, 8},
    {12, 5, 5, 6, 10},
    {12, 7, 7, 8, 14},
    {12, 8, 8, 9, 16},
    {12, 12, 12, 13, 24},
    {12, 13, 13, 14, 26},
    {12, 25, 25, 26, 53},
    {12, 100, 100, 101, 224},
    {12, 100, 100, 250, 256},
    {12, 255, 255, 256, 512},
    {12, 256, 256, 257, 512},
    {12, 257, 257, 258, 544},
    {12, 300, 300, 301, 576},
    {12, 511, 511, 513, 853},
    {12, 512, 512, 513, 853},
    {12, 1000, 1000, 1001, 1536},
    {12, 1024, 1024, 1025, 1536},
    {12, 2000, 2000, 2001, 2730},
    {12, 4096, 4096, 4097, 5461},
    {12, 10000, 10000, 10001, 12970},
    {12, 100000, 100000, 100001, 125610},
    {12, 1000000, 1000000, 1000001, 1250645},
    {12, 5, 10, 11, 20},
    {12, 0, 10, 11, 20},
    {12, 300, 300, 1000, 1024},
    {12, 1000, 1000, 6000, 6144},
    {12, 3, 3, 103, 106},
    {16, 0, 0, 1, 1},
    {16, 0, 0, 2, 2},
    {16, 0, 0, 3, 3},
    {16, 0, 0, 5, 5},
    {16, 0, 0, 7, 7},
    {16, 0, 0, 9, 9},
    {16, 0, 0, 17, 18},
    {16, 1, 1, 2, 2},
    {16, 2, 2, 3, 4},
    {16, 3, 3, 4, 6},
    {16, 4, 4, 5, 8},
    {16, 5, 5, 6, 10},
    {16, 7, 7, 8, 14},
    {16, 8, 8, 9, 16},
    {16, 12, 12, 13, 24},
    {16, 13, 13, 14, 26},
    {16, 25, 25, 26, 56},
    {16, 100, 100, 101, 200},
    {16, 100, 100, 250, 256},
    {16, 255, 255, 256, 512},
    {16, 256, 256, 257, 512},
    {16, 257, 257, 258, 592},
    {16, 300, 300, 301, 592},
    {16, 511, 511, 513, 848},
    {16, 512, 512, 513, 848},
    {16, 1000, 1000, 1001, 1536},
    {16, 1024, 1024, 1025, 1536},
    {16, 2000, 2000, 2001, 3072},
    {16, 4096, 4096, 4097, 5632},
    {16, 10000, 10000, 10001, 12800},
    {16, 100000, 100000, 100001, 125440},
    {16, 1000000, 1000000, 1000001, 1250304},
    {16, 5, 10, 11, 20},
    {16, 0, 10, 11, 20},
    {16, 300, 300, 1000, 1024},
    {16, 1000, 1000, 6000, 6144},
    {16, 3, 3, 103, 112},
    {24, 0, 0, 1, 1},
    {24, 0, 0, 2, 2},
    {24, 0, 0, 3, 3},
    {24, 0, 0, 5, 5},
    {24, 0, 0, 7, 7},
    {24, 0, 0, 9, 9},
    {24, 0, 0, 17, 17},
    {24, 1, 1, 2, 2},
    {24, 2, 2, 3, 4},
    {24, 3, 3, 4, 6},
    {24, 4, 4, 5, 8},
    {24, 5, 5, 6, 10},
    {24, 7, 7, 8, 14},
    {24, 8, 8, 9, 16},
    {24, 12, 12, 13, 24},
    {24, 13, 13, 14, 26},
    {24, 25, 25, 26, 53},
    {24, 100, 100, 101, 202},
    {24, 100, 100, 250, 256},
    {24, 255, 255, 256, 512},
    {24, 256, 256, 257, 512},
    {24, 257, 257, 258, 565},
    {24, 300, 300, 301, 597},
    {24, 511, 511, 513, 853},
    {24, 512, 512, 513, 853},
    {24, 1000, 1000, 1001, 1706},
    {24, 1024, 1024, 1025, 1706},
    {24, 2000, 2000, 2001, 2730},
    {24, 4096, 4096, 4097, 5461},
    {24, 10000, 10000, 10001, 12970},
    {24, 100000, 100000, 100001, 125269},
    {24, 1000000, 1000000, 1000001, 1250304},
    {24, 5, 10, 11, 20},
    {24, 0, 10, 11, 20},
    {24, 300, 300, 1000, 1024},
    {24, 1000, 1000, 6000, 6144},
    {24, 3, 3, 103, 112},
    {32, 0, 0, 1, 1},
    {32, 0, 0, 2, 2},
    {32, 0, 0, 3, 3},
    {32, 0, 0, 5, 5},
    {32, 0, 0, 7, 7},
    {32, 0, 0, 9, 9},
    {32, 0, 0, 17, 18},
    {32, 1, 1, 2, 2},
    {32, 2, 2, 3, 4},
    {32, 3, 3, 4, 6},
    {32, 4, 4, 5, 8},
    {32, 5, 5, 6, 10},
    {32, 7, 7, 8, 14},
    {32, 8, 8, 9, 16},
    {32, 12, 12, 13, 24},
    {32, 13, 13, 14, 28},
    {32, 25, 25, 26, 56},
    {32, 100, 100, 101, 204},
    {32, 100, 100, 250, 256},
    {32, 255, 255, 256, 512},
    {32, 256, 256, 257, 512},
    {32, 257, 257, 258, 576},
    {32, 300, 300, 301, 576},
    {32, 511, 511, 513, 852},
    {32, 512, 512, 513, 852},
    {32, 1000, 1000, 1001, 1536},
    {32, 1024, 1024, 1025, 1536},
    {32, 2000, 2000, 2001, 2816},
    {32, 4096, 4096, 4097, 5376},
    {32, 10000, 10000, 10001, 12800},
    {32, 100000, 100000, 100001, 125440},
    {32, 1000000, 1000000, 1000001, 1250304},
    {32, 5, 10, 11, 20},
    {32, 0, 10, 11, 20},
    {32, 300, 300, 1000, 1024},
    {32, 1000, 1000, 6000, 6144},
    {32, 3, 3, 103, 108},
    {48, 0, 0, 1, 1},
    {48, 0, 0, 2, 2},
    {48, 0, 0, 3, 3},
    {48, 0, 0, 5, 5},
    {48, 0, 0, 7, 7},
    {48, 0, 0, 9, 9},
    {48, 0, 0, 17, 18},
    {48, 1, 1, 2, 2},
    {48, 2, 2, 3, 4},
    {48, 3, 3, 4, 6},
    {48, 4, 4, 5, 8},
    {48, 5, 5, 6, 10},
    {48, 7, 7, 8, 14},
    {48, 8, 8, 9, 16},
    {48, 12, 12, 13, 24},
    {48, 13, 13, 14, 26},
    {48, 25, 25, 26, 56},
    {48, 100, 100, 101, 202},
    {48, 100, 100, 250, 256},
    {48, 255, 255, 256, 512},
    {48, 256, 256, 257, 512},
    {48, 257, 257, 258, 568},
    {48, 300, 300, 301, 568},
    {48, 511, 511, 513, 853},
    {48, 512, 512, 513, 853},
    {48, 1000, 1000, 1001, 1536},
    {48, 1024, 1024, 1025, 1536},
    {48, 2000, 2000, 2001, 2730},
    {48, 4096, 4096, 4097, 5461},
    {48, 10000, 10000, 10001, 12800},
    {48, 100000, 100000, 100001, 125269},
    {48, 1000000, 1000000, 1000001, 1250304},
    {48, 5, 10, 11, 21},
    {48, 0, 10, 11, 21},
    {48, 300, 300, 1000, 1024},
    {48, 1000, 1000, 6000, 6144},
    {48, 3, 3, 103, 112},
    {100, 0, 0, 1, 1},
    {100, 0, 0, 2, 2},
    {100, 0, 0, 3, 3},
    {100, 0, 0, 5, 5},
    {100, 0, 0, 7, 7},
    {100, 0, 0, 9, 10},
    {100, 0, 0, 17, 17},
    {100, 1, 1, 2, 2},
    {100, 2, 2, 3, 4},
    {100, 3, 3, 4, 6},
    {100, 4, 4, 5, 8},
    {100, 5, 5, 6, 10},
    {100, 7, 7, 8, 14},
    {100, 8, 8, 9, 17},
    {100, 12, 12, 13, 26},
    {100, 13, 13, 14, 26},
    {100, 25, 25, 26, 53},
    {100, 100, 100, 101, 204},
    {100, 100, 100, 250, 272},
    {100, 255, 255, 256, 573},
    {100, 256, 256, 257, 573},
    {100, 257, 257, 258, 573},
    {100, 300, 300, 301, 573},
    {100, 511, 511, 513, 901},
    {100, 512, 512, 513, 901},
    {100, 1000, 1000, 1001, 1474},
    {100, 1024, 1024, 1025, 1474},
    {100, 2000, 2000, 2001, 2703},
    {100, 4096, 4096, 4097, 5324},
    {100, 10000, 10000, 10001, 12697},
    {100, 100000, 100000, 100001, 125255},
    {100, 1000000, 1000000, 1000001, 1250263},
    {100, 5, 10, 11, 20},
    {100, 0, 10, 11, 20},
    {100, 300, 300, 1000, 1064},
    {100, 1000, 1000, 6000, 6062},
    {100, 3, 3, 103, 108},
    {1000, 0, 0, 1, 1},
    {1000, 0, 0, 2, 2},
    {1000, 0, 0, 3, 3},
    {1000, 0, 0, 5, 5},
    {1000, 0, 0, 7, 8},
    {1000, 0, 0, 9, 9},
    {1000, 0, 0, 17, 18},
    {1000, 1, 1, 2, 2},
    {1000, 2, 2, 3, 4},
    {1000, 3, 3, 4, 6},
    {1000, 4, 4, 5, 8},
    {1000, 5, 5, 6, 10},
    {1000, 7, 7, 8, 14},
    {1000, 8, 8, 9, 16},
    {1000, 12, 12, 13, 24},
    {1000, 13, 13, 14, 27},
    {1000, 25, 25, 26, 57},
    {1000, 100, 100, 101, 204},
    {1000, 100, 100, 250, 253},
    {1000, 255, 255, 256, 516},
    {1000, 256, 256, 257, 516},
    {1000, 257, 257, 258, 516},
    {1000, 300, 300, 301, 573},
    {1000, 511, 511, 513, 835},
    {1000, 512, 512, 513, 835},
    {1000, 1000, 1000, 1001, 1449},
    {1000, 1024, 1024, 1025, 1474},
    {1000, 2000, 2000, 2001, 2695},
    {1000, 4096, 4096, 4097, 5316},
    {1000, 10000, 10000, 10001, 12697},
    {1000, 100000, 100000, 100001, 125198},
    {1000, 1000000, 1000000, 1000001, 1250197},
    {1000, 5, 10, 11, 20},
    {1000, 0, 10, 11, 20},
    {1000, 300, 300, 1000, 1007},
    {1000, 1000, 1000, 6000, 6004},
    {1000, 3, 3, 103, 106},
    {5000, 0, 0, 1, 1},
    {5000, 0, 0, 2, 2},
    {5000, 0, 0, 3, 3},
    {5000, 0, 0, 5, 5},
    {5000, 0, 0, 7, 8},
    {5000, 0, 0, 9, 9},
    {5000, 0, 0, 17, 18},
    {5000, 1, 1, 2, 2},
    {5000, 2, 2, 3, 4},
    {5000, 3, 3, 4, 6},
    {5000, 4, 4, 5, 8},
    {5000, 5, 5, 6, 11},
    {5000, 7, 7, 8, 14},
    {5000, 8, 8, 9, 16},
    {5000, 12, 12, 13, 24},
    {5000, 13, 13, 14, 26},
    {5000, 25, 25, 26, 50},
    {5000, 100, 100, 101, 201},
    {5000, 100, 100, 250, 250},
    {5000, 255, 255, 256, 511},
    {5000, 256, 256, 257, 512},
    {5000, 257, 257, 258, 514},
    {5000, 300, 300, 301, 568},
    {5000, 511, 511, 513, 830},
    {5000, 512, 512, 513, 832},
    {5000, 1000, 1000, 1001, 1443},
    {5000, 1024, 1024, 1025, 1472},
    {5000, 2000, 2000, 2001, 2693},
    {5000, 4096, 4096, 4097, 5313},
    {5000, 10000, 10000, 10001, 12692},
    {5000, 100000, 100000, 100001, 125193},
    {5000, 1000000, 1000000, 1000001, 1250192},
    {5000, 5, 10, 11, 21},
    {5000, 0, 10, 11, 21},
    {5000, 300, 300, 1000, 1001},
    {5000, 1000, 1000, 6000, 6001},
    {5000, 3, 3, 103, 103},
};

// A pointer-free type of the given size.
_type bytesType(uintptr_t size) {
  _type t{};
  t.size = size;
  t.align = 1;
  return t;
}

TEST(GrowSlice, CapacitiesMatchGc119) {
  for (const GrowCase &c : growCases) {
    uintptr_t capmem = 0;
    int64_t got = growslicecap(c.elemsize, c.oldcap, c.cap, &capmem);
    EXPECT_EQ(got, c.want) << "elemsize " << c.elemsize << " len " << c.oldlen << " cap "
                           << c.oldcap << " need " << c.cap;
    EXPECT_EQ(capmem, roundupsize(uintptr_t(c.want) * c.elemsize));
  }
}

// The same cases through growslice itself where the arrays are of moderate size (the
// others would make it copy and clear gigabytes): capacity, length and the copied prefix.
TEST(GrowSlice, GrowsAndCopiesAsGc119) {
  static uint8_t old[8 << 20];
  for (size_t i = 0; i < sizeof old; i++)
    old[i] = static_cast<uint8_t>(i * 7 + 1);
  int tested = 0;
  for (const GrowCase &c : growCases) {
    uintptr_t lenmem = uintptr_t(c.oldlen) * c.elemsize;
    if (uintptr_t(c.want) * c.elemsize > (uintptr_t(32) << 20) || lenmem > sizeof old) continue;
    _type t = bytesType(c.elemsize);
    slice out{};
    GrowSlice(&out, &t, old, c.oldlen, c.oldcap, c.cap);
    ASSERT_EQ(out.cap, c.want) << "elemsize " << c.elemsize << " cap " << c.oldcap << " need "
                               << c.cap;
    ASSERT_EQ(out.len, c.oldlen);
    ASSERT_EQ(std::memcmp(out.ptr, old, lenmem), 0);
    tested++;
  }
  EXPECT_GT(tested, 350);
}

TEST(GrowSlice, CopiesOldAndZeroesTheRest) {
  _type t = bytesType(4);
  // Dirty memory first, so that zeroing is observable: fill and drop some arrays.
  for (int i = 0; i < 100; i++)
    std::memset(mallocgc(64, nullptr, false), 0xee, 64);
  uint32_t old[5] = {1, 2, 3, 4, 5};
  slice out{};
  GrowSlice(&out, &t, old, 5, 5, 6);
  ASSERT_GE(out.cap, 6);
  auto *p = static_cast<uint32_t *>(out.ptr);
  for (int i = 0; i < 5; i++)
    EXPECT_EQ(p[i], old[i]);
  // [len, cap) is zero beyond what append writes next (index 5); gc leaves index 5 to it.
  for (int64_t i = 6; i < out.cap; i++)
    EXPECT_EQ(p[i], 0u) << "index " << i;
}

TEST(GrowSlice, PointerElementsAreScannedAndZeroed) {
  static const uint8_t ptrmask[] = {1};
  _type t{};
  t.size = 8;
  t.ptrdata = 8;
  t.gcdata = ptrmask;
  void *old[3] = {&old[0], &old[1], &old[2]};
  slice out{};
  GrowSlice(&out, &t, old, 3, 3, 4);
  EXPECT_EQ(out.cap, 6); // doubled: 48 bytes, a size class of its own
  auto **p = static_cast<void **>(out.ptr);
  EXPECT_EQ(p[0], &old[0]);
  EXPECT_EQ(p[2], &old[2]);
  EXPECT_EQ(p[3], nullptr);
  EXPECT_EQ(p[5], nullptr);
  mspan *s = spanOf(reinterpret_cast<uintptr_t>(p));
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->noscan());
  EXPECT_TRUE(heapBitsPointer(reinterpret_cast<uintptr_t>(p + 3)));
}

TEST(GrowSlice, ZeroSizeElements) {
  _type t = bytesType(0);
  slice out{};
  GrowSlice(&out, &t, nullptr, 7, 7, 1000);
  EXPECT_NE(out.ptr, nullptr);
  EXPECT_EQ(out.ptr, mallocgc(0, nullptr, true)); // zerobase
  EXPECT_EQ(out.len, 7);
  EXPECT_EQ(out.cap, 1000);
}

TEST(GrowSliceDeathTest, CapBelowOldCap) {
  _type t = bytesType(8);
  slice out{};
  EXPECT_EXIT(
      GrowSlice(&out, &t, nullptr, 0, 10, 5), ::testing::ExitedWithCode(2),
      "^panic: runtime error: growslice: cap out of range\n\ngoroutine 1 \\[running\\]:\n$");
}

TEST(GrowSliceDeathTest, CapTooLarge) {
  _type t = bytesType(1 << 20);
  slice out{};
  EXPECT_EXIT(GrowSlice(&out, &t, nullptr, 0, 0, int64_t(1) << 40), ::testing::ExitedWithCode(2),
              "^panic: runtime error: growslice: cap out of range\n");
}

TEST(MakeSlice, ZeroedArray) {
  static const uint8_t ptrmask[] = {1};
  _type t{};
  t.size = 8;
  t.ptrdata = 8;
  t.gcdata = ptrmask;
  auto **p = static_cast<void **>(MakeSlice(&t, 10, 20));
  ASSERT_NE(p, nullptr);
  for (int i = 0; i < 20; i++)
    EXPECT_EQ(p[i], nullptr);
  mspan *s = spanOf(reinterpret_cast<uintptr_t>(p));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->elemsize, 160u);
  _type b = bytesType(1);
  EXPECT_EQ(MakeSlice(&b, 0, 0), mallocgc(0, nullptr, true));
}

TEST(MakeSliceDeathTest, Panics) {
  _type t = bytesType(8);
  const char *lenMsg = "^panic: runtime error: makeslice: len out of range\n\ngoroutine 1 "
                       "\\[running\\]:\n$";
  const char *capMsg = "^panic: runtime error: makeslice: cap out of range\n\ngoroutine 1 "
                       "\\[running\\]:\n$";
  EXPECT_EXIT(MakeSlice(&t, -1, 10), ::testing::ExitedWithCode(2), lenMsg);
  EXPECT_EXIT(MakeSlice(&t, 11, 10), ::testing::ExitedWithCode(2), capMsg);
  EXPECT_EXIT(MakeSlice(&t, 5, -1), ::testing::ExitedWithCode(2), capMsg);
  // make([]T, huge): the length is named, since the capacity was only implied.
  EXPECT_EXIT(MakeSlice(&t, int64_t(1) << 60, int64_t(1) << 60), ::testing::ExitedWithCode(2),
              lenMsg);
  EXPECT_EXIT(MakeSlice(&t, 1, int64_t(1) << 60), ::testing::ExitedWithCode(2), capMsg);
}

// The string <-> []byte / []rune conversions (string.cpp).
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
