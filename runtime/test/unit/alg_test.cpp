// Unit tests of runtime/alg.cpp: the hash functions (distribution, seeds, float and
// interface rules, typehash of arrays and structs), the equality helpers, and the panics
// for unhashable and uncomparable dynamic types (death tests, gc's text).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "alg.h"
#include "runtime.h"
#include "typedesc.h"

namespace {

using namespace runtime;
using namespace testtypes;
using ::testing::ExitedWithCode;

class Alg : public ::testing::Test {
protected:
  void SetUp() override { alginit(); }
};
using AlgDeathTest = Alg;

uintptr_t h64(uint64_t v, uintptr_t seed) { return MemHash64(&v, seed); }

TEST_F(Alg, SeededByTheOS) {
  // alginit took random keys: not all zero, odd, hashkey[0]'s top bit set.
  for (uint64_t k : alg::hashkey)
    EXPECT_EQ(k & 1, 1u);
  EXPECT_NE(alg::hashkey[0] >> 63, 0u);
  EXPECT_NE(alg::hashkey[1], alg::hashkey[2]);
  // A second alginit changes nothing (maps hashed with the keys stay valid).
  uint64_t before = alg::hashkey[3];
  alginit();
  EXPECT_EQ(alg::hashkey[3], before);
}

TEST_F(Alg, FixedSizeHashesAgreeWithMemhash) {
  // memhashN(p) == memhash(p, N): typehash and compiler-generated hashers may use either.
  uint8_t buf[16];
  for (int i = 0; i < 16; i++)
    buf[i] = static_cast<uint8_t>(i * 37 + 1);
  for (uintptr_t seed : {uintptr_t(0), uintptr_t(1), uintptr_t(0xdeadbeef)}) {
    EXPECT_EQ(MemHash8(buf, seed), MemHash(buf, seed, 1));
    EXPECT_EQ(MemHash16(buf, seed), MemHash(buf, seed, 2));
    EXPECT_EQ(MemHash32(buf, seed), MemHash(buf, seed, 4));
    EXPECT_EQ(MemHash64(buf, seed), MemHash(buf, seed, 8));
    EXPECT_EQ(MemHash128(buf, seed), MemHash(buf, seed, 16));
    EXPECT_EQ(MemHash0(buf, seed), seed);
  }
}

TEST_F(Alg, EveryByteMatters) {
  // For every length up to 200, flipping any one bit changes the hash (the short path's
  // overlapping reads and the long path's tail must cover every byte).
  std::vector<uint8_t> buf(200);
  for (size_t i = 0; i < buf.size(); i++)
    buf[i] = static_cast<uint8_t>(i * 131 + 7);
  for (uintptr_t n = 1; n <= buf.size(); n++) {
    uintptr_t h = MemHash(buf.data(), 42, n);
    for (uintptr_t i = 0; i < n; i++) {
      for (int bit = 0; bit < 8; bit += 3) {
        buf[i] ^= static_cast<uint8_t>(1 << bit);
        EXPECT_NE(MemHash(buf.data(), 42, n), h) << "length " << n << " byte " << i;
        buf[i] ^= static_cast<uint8_t>(1 << bit);
      }
    }
    // Bytes past n do not.
    if (n < buf.size()) {
      buf[n] ^= 0xff;
      EXPECT_EQ(MemHash(buf.data(), 42, n), h);
      buf[n] ^= 0xff;
    }
  }
}

TEST_F(Alg, LengthAndSeedMatter) {
  uint8_t zeros[64] = {};
  std::set<uintptr_t> seen;
  for (uintptr_t n = 0; n <= 64; n++)
    seen.insert(MemHash(zeros, 7, n));
  EXPECT_EQ(seen.size(), 65u); // zero bytes of different lengths differ
  EXPECT_NE(h64(12345, 1), h64(12345, 2));
  EXPECT_NE(MemHash(zeros, 1, 0), MemHash(zeros, 2, 0));
}

// Avalanche: flipping one input bit flips each output bit with probability ~1/2.
TEST_F(Alg, Avalanche) {
  for (uintptr_t n : {uintptr_t(4), uintptr_t(8), uintptr_t(13), uintptr_t(40), uintptr_t(100)}) {
    std::vector<uint8_t> buf(n);
    double total = 0;
    int trials = 0;
    uint64_t x = 0x9e3779b97f4a7c15;
    for (int round = 0; round < 40; round++) {
      for (auto &b : buf) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        b = static_cast<uint8_t>(x >> 56);
      }
      uintptr_t h = MemHash(buf.data(), 99, n);
      for (uintptr_t bit = 0; bit < n * 8; bit++) {
        buf[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
        total += std::popcount(static_cast<uint64_t>(h ^ MemHash(buf.data(), 99, n)));
        buf[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
        trials++;
      }
    }
    double mean = total / trials;
    EXPECT_GT(mean, 31.0) << "length " << n;
    EXPECT_LT(mean, 33.0) << "length " << n;
  }
}

// Sequential integers and similar strings spread evenly over 1024 buckets (low bits, as
// a map uses them) and over the top byte (tophash).
double chiSquare(const std::vector<int> &counts, double expected) {
  double chi = 0;
  for (int c : counts)
    chi += (c - expected) * (c - expected) / expected;
  return chi;
}

TEST_F(Alg, DistributionOfSequentialKeys) {
  constexpr int n = 1 << 18;
  std::vector<int> low(1024), top(256), strLow(1024);
  for (int i = 0; i < n; i++) {
    uintptr_t h = h64(static_cast<uint64_t>(i), 0x1234);
    low[h & 1023]++;
    top[h >> 56]++;
    std::string s = "key" + std::to_string(i);
    stringStruct ss{reinterpret_cast<const uint8_t *>(s.data()), static_cast<intptr_t>(s.size())};
    strLow[StrHash(&ss, 0x1234) & 1023]++;
  }
  // 1023 (255) degrees of freedom: the 99.99th percentile is about 1220 (345).
  EXPECT_LT(chiSquare(low, n / 1024.0), 1220);
  EXPECT_LT(chiSquare(strLow, n / 1024.0), 1220);
  EXPECT_LT(chiSquare(top, n / 256.0), 345);
}

TEST_F(Alg, NoCollisionsAmongAMillionInts) {
  std::vector<uintptr_t> hs;
  hs.reserve(1 << 20);
  for (uint64_t i = 0; i < (1 << 20); i++)
    hs.push_back(h64(i, 5));
  std::sort(hs.begin(), hs.end());
  EXPECT_EQ(std::adjacent_find(hs.begin(), hs.end()), hs.end());
}

TEST_F(Alg, Floats) {
  double pz = 0.0, nz = -0.0, nan = std::nan(""), one = 1.0;
  EXPECT_EQ(F64Hash(&pz, 3), F64Hash(&nz, 3));
  EXPECT_NE(F64Hash(&pz, 3), F64Hash(&pz, 4));
  EXPECT_NE(F64Hash(&nan, 3), F64Hash(&nan, 3)); // each NaN hash is fresh
  EXPECT_EQ(F64Hash(&one, 3), F64Hash(&one, 3));
  EXPECT_NE(F64Hash(&one, 3), F64Hash(&pz, 3));
  EXPECT_TRUE(F64Equal(&pz, &nz));
  EXPECT_FALSE(F64Equal(&nan, &nan));
  float fpz = 0.0f, fnz = -0.0f, fnan = std::nanf("");
  EXPECT_EQ(F32Hash(&fpz, 9), F32Hash(&fnz, 9));
  EXPECT_NE(F32Hash(&fnan, 9), F32Hash(&fnan, 9));
  EXPECT_TRUE(F32Equal(&fpz, &fnz));
  EXPECT_FALSE(F32Equal(&fnan, &fnan));
  // complex: (+0, -0) and (-0, +0) alike; a NaN part makes it unequal to itself.
  double c1[2] = {0.0, -0.0}, c2[2] = {-0.0, 0.0}, c3[2] = {1.0, nan};
  EXPECT_EQ(C128Hash(c1, 1), C128Hash(c2, 1));
  EXPECT_TRUE(C128Equal(c1, c2));
  EXPECT_FALSE(C128Equal(c3, c3));
  float f1[2] = {0.0f, -0.0f}, f2[2] = {-0.0f, 0.0f};
  EXPECT_EQ(C64Hash(f1, 1), C64Hash(f2, 1));
  EXPECT_TRUE(C64Equal(f1, f2));
}

TEST_F(Alg, Strings) {
  std::string a = "hello, world", b = "hello, world", c = "hello, worle";
  stringStruct sa{reinterpret_cast<const uint8_t *>(a.data()), 12};
  stringStruct sb{reinterpret_cast<const uint8_t *>(b.data()), 12};
  stringStruct sc{reinterpret_cast<const uint8_t *>(c.data()), 12};
  stringStruct empty1{nullptr, 0};
  stringStruct empty2{reinterpret_cast<const uint8_t *>(a.data()), 0};
  EXPECT_EQ(StrHash(&sa, 1), StrHash(&sb, 1));
  EXPECT_NE(StrHash(&sa, 1), StrHash(&sc, 1));
  EXPECT_TRUE(StrEqual(&sa, &sb));
  EXPECT_FALSE(StrEqual(&sa, &sc));
  EXPECT_TRUE(StrEqual(&empty1, &empty2)); // any pointer with length 0
  EXPECT_EQ(StrHash(&empty1, 1), StrHash(&empty2, 1));
  stringStruct prefix{sa.ptr, 5};
  EXPECT_FALSE(StrEqual(&sa, &prefix));
}

TEST_F(Alg, MemEqual) {
  uint8_t x[32], y[32];
  for (int i = 0; i < 32; i++)
    x[i] = y[i] = static_cast<uint8_t>(i);
  EXPECT_TRUE(MemEqual(x, y, 32));
  EXPECT_TRUE(MemEqual8(x, y) && MemEqual16(x, y) && MemEqual32(x, y) && MemEqual64(x, y) &&
              MemEqual128(x, y) && MemEqual0(x, y));
  y[15] = 99;
  EXPECT_FALSE(MemEqual(x, y, 32));
  EXPECT_FALSE(MemEqual128(x, y));
  EXPECT_TRUE(MemEqual64(x, y));
  EXPECT_TRUE(MemEqual(x, y, 0));
}

eface box(const _type *t, void *data) { return eface{t, data}; }

TEST_F(Alg, Interfaces) {
  int64_t v1 = 7, v2 = 7, v3 = 8;
  std::string s = "7";
  stringStruct sv{reinterpret_cast<const uint8_t *>(s.data()), 1};
  eface a = box(int64Type(), &v1), b = box(int64Type(), &v2), c = box(int64Type(), &v3);
  eface d = box(stringType(), &sv), nil = box(nullptr, nullptr);
  EXPECT_TRUE(NilInterEqual(&a, &b));
  EXPECT_EQ(NilInterHash(&a, 11), NilInterHash(&b, 11));
  EXPECT_FALSE(NilInterEqual(&a, &c));
  EXPECT_FALSE(NilInterEqual(&a, &d));
  EXPECT_TRUE(NilInterEqual(&nil, &nil));
  EXPECT_EQ(NilInterHash(&nil, 11), 11u);
  EXPECT_TRUE(EfaceEq(const_cast<_type *>(int64Type()), &v1, &v2));
  EXPECT_FALSE(EfaceEq(const_cast<_type *>(int64Type()), &v1, &v3));
  EXPECT_TRUE(EfaceEq(nullptr, nullptr, nullptr));
  // Direct interface values: the data word is the pointer, compared and hashed as such.
  eface p1 = box(ptrInt64Type(), &v1), p2 = box(ptrInt64Type(), &v1), p3 = box(ptrInt64Type(), &v2);
  EXPECT_TRUE(NilInterEqual(&p1, &p2));
  EXPECT_FALSE(NilInterEqual(&p1, &p3)); // *v1 == *v2, but the pointers differ
  EXPECT_EQ(NilInterHash(&p1, 5), NilInterHash(&p2, 5));
  // typehash through the interface descriptor is the interface's own hash.
  EXPECT_EQ(typehash(efaceType(), &a, 5), NilInterHash(&a, 5));
  // A non-empty interface: the same, through its itab.
  itab tab{};
  tab.type = int64Type();
  iface i1{&tab, &v1}, i2{&tab, &v2}, i3{&tab, &v3};
  EXPECT_TRUE(InterEqual(&i1, &i2));
  EXPECT_FALSE(InterEqual(&i1, &i3));
  EXPECT_EQ(InterHash(&i1, 5), InterHash(&i2, 5));
  EXPECT_EQ(typehash(ifaceType(), &i1, 5), InterHash(&i1, 5));
  EXPECT_TRUE(IfaceEq(&tab, &v1, &v2));
}

// struct { a int32; _ int32; s string; f float64 }: the blank field is not hashed.
struct S {
  int32_t a;
  int32_t blank;
  stringStruct s;
  double f;
};

const _type *structSType() {
  static const structfield fields[] = {
      {name("a"), int32Type(), offsetof(S, a), nullptr, 0},
      {name("_"), int32Type(), offsetof(S, blank), nullptr, 0},
      {name("s"), stringType(), offsetof(S, s), nullptr, 0},
      {name("f"), float64Type(), offsetof(S, f), nullptr, 0},
  };
  static const structtype t = {basic(kinds::Struct, sizeof(S), nullptr, "main.S", 16, 0), nullptr,
                               fields, 4};
  return &t.typ;
}

TEST_F(Alg, TypehashWalksStructsAndArrays) {
  std::string x = "x";
  S s1{1, 100, {reinterpret_cast<const uint8_t *>(x.data()), 1}, 0.0};
  S s2{1, 200, {reinterpret_cast<const uint8_t *>(x.data()), 1}, -0.0};
  S s3{2, 100, {reinterpret_cast<const uint8_t *>(x.data()), 1}, 0.0};
  EXPECT_EQ(typehash(structSType(), &s1, 3), typehash(structSType(), &s2, 3));
  EXPECT_NE(typehash(structSType(), &s1, 3), typehash(structSType(), &s3, 3));
  // [3]float64: element by element, so -0 and +0 elements hash alike.
  const _type *arr = arrayType(float64Type(), 3, nullptr, "[3]float64");
  double a1[3] = {1, 0.0, 2}, a2[3] = {1, -0.0, 2}, a3[3] = {1, 2, 0.0};
  EXPECT_EQ(typehash(arr, a1, 3), typehash(arr, a2, 3));
  EXPECT_NE(typehash(arr, a1, 3), typehash(arr, a3, 3));
  // Plain-memory types hash as their bytes.
  const _type *ints = arrayType(int64Type(), 2, nullptr, "[2]int64");
  int64_t i2[2] = {5, 6};
  EXPECT_EQ(typehash(ints, i2, 3), MemHash128(i2, 3));
  int64_t i = 77;
  EXPECT_EQ(typehash(int64Type(), &i, 3), MemHash64(&i, 3));
}

TEST_F(AlgDeathTest, HashOfUnhashableType) {
  int64_t backing[3] = {1, 2, 3};
  slice sl{backing, 3, 3};
  eface e = box(sliceIntType(), &sl);
  EXPECT_EXIT(NilInterHash(&e, 0), ExitedWithCode(2),
              "^panic: runtime error: hash of unhashable type \\[\\]int\n\n"
              "goroutine 1 \\[running\\]:\n$");
  // Inside an array of interfaces, found by typehash.
  const _type *arr = arrayType(efaceType(), 2, nullptr, "[2]interface {}");
  int64_t v = 1;
  eface pair[2] = {box(int64Type(), &v), e};
  EXPECT_EXIT(typehash(arr, pair, 0), ExitedWithCode(2),
              "^panic: runtime error: hash of unhashable type \\[\\]int\n\n"
              "goroutine 1 \\[running\\]:\n$");
}

TEST_F(AlgDeathTest, ComparingUncomparableType) {
  int64_t backing[1] = {1};
  slice s1{backing, 1, 1}, s2{backing, 1, 1};
  eface a = box(sliceIntType(), &s1), b = box(sliceIntType(), &s2);
  EXPECT_EXIT(NilInterEqual(&a, &b), ExitedWithCode(2),
              "^panic: runtime error: comparing uncomparable type \\[\\]int\n\n"
              "goroutine 1 \\[running\\]:\n$");
  EXPECT_EXIT(EfaceEq(const_cast<_type *>(sliceIntType()), &s1, &s2), ExitedWithCode(2),
              "^panic: runtime error: comparing uncomparable type \\[\\]int\n\n"
              "goroutine 1 \\[running\\]:\n$");
  // Different dynamic types compare unequal without looking at the values, as in gc.
  int64_t v = 1;
  eface c = box(int64Type(), &v);
  EXPECT_FALSE(NilInterEqual(&a, &c));
}

TEST_F(Alg, Fastrand) {
  std::set<uint64_t> seen;
  for (int i = 0; i < 1000; i++)
    seen.insert(fastrand64());
  EXPECT_EQ(seen.size(), 1000u);
  // The low bits spread too (map iteration takes its start bucket from them).
  std::vector<int> counts(16);
  for (int i = 0; i < 16000; i++)
    counts[fastrand() & 15]++;
  EXPECT_LT(chiSquare(counts, 1000), 50); // 15 degrees of freedom
}

} // namespace
