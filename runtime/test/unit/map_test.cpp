// Unit tests of runtime/map.cpp through its runtime.def entry points, with descriptors
// built by hand (typedesc.h) for int64, int32, string, float64, interface, struct and
// large (indirect) keys and elements: insertion, lookup and deletion of millions of keys,
// growth (doubling and same-size), iteration (each key once, random order, changes
// during iteration, growth during iteration), NaN keys, clear, nil maps, the fast variants
// against the generic ones, and the panics (death tests with gc's text).
//
// A randomized test checks every operation against std::unordered_map as a model.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime.h"
#include "typedesc.h"

namespace {

using namespace runtime;
using namespace testtypes;
using ::testing::ExitedWithCode;

class Map : public ::testing::Test {
protected:
  void SetUp() override { alginit(); }
};
using MapDeathTest = Map;

void *mt(const maptype *t) { return const_cast<maptype *>(t); }

intptr_t len(void *h) { return h == nullptr ? 0 : asMap(h)->count; }

// ---- map[int64]int64 through the generic entry points. ----

const maptype *intMap() {
  static const maptype *t = mapType(int64Type(), int64Type(), MemHash64);
  return t;
}

void set(void *h, int64_t k, int64_t v) {
  *static_cast<int64_t *>(MapAssign(mt(intMap()), h, &k)) = v;
}

int64_t get(void *h, int64_t k) { return *static_cast<int64_t *>(MapAccess1(mt(intMap()), h, &k)); }

bool has(void *h, int64_t k) {
  uint8_t ok = 7;
  MapAccess2(mt(intMap()), h, &k, &ok);
  EXPECT_TRUE(ok == 0 || ok == 1);
  return ok == 1;
}

void del(void *h, int64_t k) { MapDelete(mt(intMap()), h, &k); }

// range collects (key, element) pairs in iteration order.
template <class K, class E> std::vector<std::pair<K, E>> range(const maptype *t, void *h) {
  std::vector<std::pair<K, E>> out;
  hiter it;
  memset(&it, 0xab, sizeof it); // the compiler need not zero it
  MapIterInit(mt(t), h, &it);
  for (; it.key != nullptr; MapIterNext(&it)) {
    K k;
    E e;
    memcpy(&k, it.key, sizeof k);
    memcpy(&e, it.elem, sizeof e);
    out.push_back({k, e});
  }
  return out;
}

std::vector<int64_t> keysInOrder(void *h) {
  std::vector<int64_t> ks;
  for (auto &kv : range<int64_t, int64_t>(intMap(), h))
    ks.push_back(kv.first);
  return ks;
}

// A key sequence with no pattern in its low bits that a hash could like.
int64_t scramble(int64_t i) {
  return static_cast<int64_t>(static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ull);
}

TEST_F(Map, Empty) {
  void *h = MakeMapSmall();
  EXPECT_EQ(len(h), 0);
  EXPECT_EQ(get(h, 1), 0);
  EXPECT_FALSE(has(h, 1));
  del(h, 1);
  EXPECT_TRUE(keysInOrder(h).empty());
  MapClear(mt(intMap()), h);
  EXPECT_EQ(len(h), 0);
}

TEST_F(Map, InsertLookupDeleteMillions) {
  constexpr int64_t n = 1 << 21;
  void *h = MakeMap(mt(intMap()), 0, nullptr);
  for (int64_t i = 0; i < n; i++)
    set(h, scramble(i), i);
  ASSERT_EQ(len(h), n);
  EXPECT_GE(asMap(h)->B, 18); // 2M / 6.5 > 2^18 buckets
  for (int64_t i = 0; i < n; i++)
    ASSERT_EQ(get(h, scramble(i)), i) << i;
  for (int64_t i = n; i < n + 1000; i++)
    ASSERT_FALSE(has(h, scramble(i)));
  // Overwrite, delete the odd ones, check, put them back.
  for (int64_t i = 0; i < n; i += 2)
    set(h, scramble(i), -i);
  for (int64_t i = 1; i < n; i += 2)
    del(h, scramble(i));
  ASSERT_EQ(len(h), n / 2);
  for (int64_t i = 0; i < n; i++) {
    if (i % 2 == 0) {
      ASSERT_EQ(get(h, scramble(i)), -i);
    } else {
      ASSERT_FALSE(has(h, scramble(i)));
      ASSERT_EQ(get(h, scramble(i)), 0);
    }
  }
  for (int64_t i = 1; i < n; i += 2)
    set(h, scramble(i), i);
  ASSERT_EQ(len(h), n);
  for (int64_t i = 0; i < n; i++)
    del(h, scramble(i));
  EXPECT_EQ(len(h), 0);
  EXPECT_TRUE(keysInOrder(h).empty());
}

TEST_F(Map, LookupsDuringGrowth) {
  // After every insertion, part-way through incremental evacuation, every key so far is
  // found: lookups must consult old buckets not yet evacuated.
  void *h = MakeMapSmall();
  int grows = 0;
  uint8_t lastB = 0;
  for (int64_t i = 0; i < 3000; i++) {
    set(h, i, i * 3);
    if (asMap(h)->B != lastB) {
      grows++;
      lastB = asMap(h)->B;
    }
    int64_t step = i < 200 ? 1 : 37;
    for (int64_t j = 0; j <= i; j += step)
      ASSERT_EQ(get(h, j), j * 3) << "after inserting " << i;
    ASSERT_FALSE(has(h, i + 1));
  }
  EXPECT_GE(grows, 8);
}

TEST_F(Map, HintSizesTheTable) {
  void *h = MakeMap(mt(intMap()), 1000, nullptr);
  uint8_t B = asMap(h)->B;
  EXPECT_GE(6.5 * (1 << B), 1000);
  for (int64_t i = 0; i < 1000; i++)
    set(h, i, i);
  EXPECT_EQ(asMap(h)->B, B); // no growth
  EXPECT_EQ(asMap(h)->oldbuckets, nullptr);
  // Negative and absurd hints are taken as 0.
  EXPECT_EQ(asMap(MakeMap(mt(intMap()), -5, nullptr))->B, 0);
  EXPECT_EQ(asMap(MakeMap(mt(intMap()), INT64_MAX, nullptr))->B, 0);
  // A caller-provided header (a map that does not escape) is used in place.
  hmap local{};
  EXPECT_EQ(MakeMap(mt(intMap()), 20, &local), &local);
  set(&local, 5, 6);
  EXPECT_EQ(get(&local, 5), 6);
}

TEST_F(Map, SameSizeGrowthAfterChurn) {
  // A window of 500 live keys slides over the key space, in a map that keeps its size:
  // overflow buckets accumulate where keys crowded for a while, until a same-size growth
  // rebuilds the table. Watch for a growth that starts without a change of B, and check
  // the contents throughout.
  void *h = MakeMapSmall();
  constexpr int64_t window = 500;
  int sameSize = 0;
  for (int64_t next = 0; next < 400000; next++) {
    uint8_t B = asMap(h)->B;
    bool wasGrowing = asMap(h)->oldbuckets != nullptr;
    set(h, scramble(next), next);
    if (next >= window) del(h, scramble(next - window));
    if (!wasGrowing && asMap(h)->oldbuckets != nullptr && asMap(h)->B == B) sameSize++;
    ASSERT_EQ(len(h), next < window ? next + 1 : window);
    if (next % 9973 == 0) {
      for (int64_t k = next < window ? 0 : next - window + 1; k <= next; k++)
        ASSERT_EQ(get(h, scramble(k)), k);
    }
  }
  EXPECT_GT(sameSize, 0);
  EXPECT_EQ(asMap(h)->B, 7); // 500 keys fit 128 buckets: never doubled past that
  EXPECT_EQ(keysInOrder(h).size(), static_cast<size_t>(window));
}

TEST_F(Map, IterationVisitsEachKeyOnce) {
  for (int64_t n : {0, 1, 7, 8, 9, 13, 100, 1000, 100000}) {
    void *h = MakeMapSmall();
    for (int64_t i = 0; i < n; i++)
      set(h, scramble(i), i);
    auto kvs = range<int64_t, int64_t>(intMap(), h);
    ASSERT_EQ(static_cast<int64_t>(kvs.size()), n);
    std::vector<bool> seen(static_cast<size_t>(n));
    for (auto &[k, v] : kvs) {
      ASSERT_EQ(k, scramble(v));
      ASSERT_FALSE(seen[static_cast<size_t>(v)]) << "key returned twice";
      seen[static_cast<size_t>(v)] = true;
    }
  }
}

TEST_F(Map, IterationOrderDiffers) {
  // Between two iterations of one map and between two maps with the same keys: the start
  // bucket and offset are random, so the orders must not all agree.
  for (int64_t n : {3, 8, 50, 1000}) {
    void *a = MakeMapSmall();
    void *b = MakeMapSmall();
    for (int64_t i = 0; i < n; i++) {
      set(a, i, i);
      set(b, i, i);
    }
    std::set<std::vector<int64_t>> orders;
    // 200 iterations: three keys in slots 0-2 of an 8-slot bucket come out rotated (start
    // slot 1 or 2) with probability 1/8 each, so 40 samples missed one about 1 run in 100
    // (seen in ctest); with 200 it is (7/8)^200, about 1e-12.
    for (int i = 0; i < 100; i++) {
      orders.insert(keysInOrder(a));
      orders.insert(keysInOrder(b));
    }
    // Three keys in one bucket have three rotations; more keys, many more orders.
    EXPECT_GE(orders.size(), n <= 8 ? 3u : 10u) << n << " keys";
    // Even a one-bucket map starts at a random slot: the first key varies.
    std::set<int64_t> firsts;
    for (int i = 0; i < 50; i++)
      firsts.insert(keysInOrder(a)[0]);
    EXPECT_GE(firsts.size(), 2u) << n << " keys";
  }
}

TEST_F(Map, DeleteDuringIteration) {
  constexpr int64_t n = 5000;
  void *h = MakeMapSmall();
  for (int64_t i = 0; i < n; i++)
    set(h, i, i);
  // Delete each key as it is returned, and one more not yet returned: the deleted ones
  // must never come back, and every other key comes exactly once.
  std::unordered_set<int64_t> deletedUnseen, seen;
  hiter it;
  MapIterInit(mt(intMap()), h, &it);
  for (; it.key != nullptr; MapIterNext(&it)) {
    int64_t k = *static_cast<int64_t *>(it.key);
    ASSERT_EQ(*static_cast<int64_t *>(it.elem), k);
    ASSERT_EQ(deletedUnseen.count(k), 0u) << "deleted key returned";
    ASSERT_TRUE(seen.insert(k).second) << "key returned twice";
    del(h, k);
    int64_t other = (k * 7919 + 1) % n;
    if (!seen.count(other) && has(h, other)) {
      del(h, other);
      deletedUnseen.insert(other);
    }
  }
  EXPECT_EQ(seen.size() + deletedUnseen.size(), static_cast<size_t>(n));
  EXPECT_EQ(len(h), 0);
}

TEST_F(Map, InsertAndGrowDuringIteration) {
  // New keys inserted during iteration (enough to double the table several times) may or
  // may not be returned; the old keys are all returned exactly once, with their current
  // values, and updates made before a key is reached are seen.
  for (int trial = 0; trial < 20; trial++) {
    constexpr int64_t n = 100;
    void *h = MakeMapSmall();
    for (int64_t i = 0; i < n; i++)
      set(h, i, i);
    std::map<int64_t, int> count;
    int64_t next = 1000000;
    bool updated = false;
    hiter it;
    MapIterInit(mt(intMap()), h, &it);
    for (; it.key != nullptr; MapIterNext(&it)) {
      int64_t k = *static_cast<int64_t *>(it.key);
      int64_t v = *static_cast<int64_t *>(it.elem);
      count[k]++;
      if (k < n) {
        ASSERT_EQ(v, updated && k >= 50 ? k + 1000 : k) << "stale element";
      }
      if (count.size() == 10) {
        // Update keys 50..99, some not yet returned.
        for (int64_t j = 50; j < n; j++)
          set(h, j, j + 1000);
        updated = true;
      }
      for (int j = 0; j < 30; j++)
        set(h, next++, 0);
    }
    for (int64_t i = 0; i < n; i++)
      ASSERT_EQ(count[i], 1) << "old key " << i;
    for (auto &[k, c] : count)
      ASSERT_EQ(c, 1) << "key " << k;
    EXPECT_GT(asMap(h)->B, 5);
  }
}

TEST_F(Map, IterationStartedDuringGrowth) {
  // Start iterators at many points of an incremental growth, then keep inserting (which
  // evacuates old buckets under the iterator) and deleting.
  for (int64_t start = 50; start < 400; start += 7) {
    void *h = MakeMapSmall();
    for (int64_t i = 0; i < start; i++)
      set(h, i, i);
    std::unordered_set<int64_t> deleted;
    std::map<int64_t, int> count;
    hiter it;
    MapIterInit(mt(intMap()), h, &it);
    int64_t next = 10000;
    for (; it.key != nullptr; MapIterNext(&it)) {
      int64_t k = *static_cast<int64_t *>(it.key);
      ASSERT_EQ(deleted.count(k), 0u);
      ASSERT_EQ(++count[k], 1);
      set(h, next++, 0);
      int64_t d = (k * 31 + 3) % start;
      if (!count.count(d)) {
        del(h, d);
        deleted.insert(d);
      }
    }
    for (int64_t i = 0; i < start; i++)
      ASSERT_EQ(count.count(i) + deleted.count(i), 1u) << "start " << start << " key " << i;
  }
}

TEST_F(Map, Clear) {
  void *h = MakeMapSmall();
  for (int64_t i = 0; i < 10000; i++)
    set(h, i, i);
  uint8_t B = asMap(h)->B;
  void *buckets = asMap(h)->buckets;
  MapClear(mt(intMap()), h);
  EXPECT_EQ(len(h), 0);
  EXPECT_TRUE(keysInOrder(h).empty());
  for (int64_t i = 0; i < 10000; i++)
    ASSERT_FALSE(has(h, i));
  // The table is kept and reused.
  EXPECT_EQ(asMap(h)->B, B);
  EXPECT_EQ(asMap(h)->buckets, buckets);
  for (int64_t i = 0; i < 10000; i++)
    set(h, i, -i);
  EXPECT_EQ(asMap(h)->B, B);
  for (int64_t i = 0; i < 10000; i++)
    ASSERT_EQ(get(h, i), -i);
  // Clear in the middle of a growth.
  void *g = MakeMapSmall();
  for (int64_t i = 0; i < 53; i++)
    set(g, i, i);
  ASSERT_NE(asMap(g)->oldbuckets, nullptr);
  MapClear(mt(intMap()), g);
  EXPECT_EQ(asMap(g)->oldbuckets, nullptr);
  EXPECT_TRUE(keysInOrder(g).empty());
  set(g, 1, 2);
  EXPECT_EQ(keysInOrder(g), std::vector<int64_t>{1});
  MapClear(mt(intMap()), nullptr); // clear of a nil map does nothing
}

TEST_F(Map, ClearDuringIteration) {
  void *h = MakeMapSmall();
  for (int64_t i = 0; i < 1000; i++)
    set(h, i, i);
  hiter it;
  MapIterInit(mt(intMap()), h, &it);
  ASSERT_NE(it.key, nullptr);
  MapClear(mt(intMap()), h);
  int returned = 0;
  for (MapIterNext(&it); it.key != nullptr; MapIterNext(&it))
    returned++;
  EXPECT_EQ(returned, 0);
}

TEST_F(Map, NilMap) {
  EXPECT_EQ(get(nullptr, 5), 0);
  EXPECT_FALSE(has(nullptr, 5));
  del(nullptr, 5);
  EXPECT_TRUE(keysInOrder(nullptr).empty());
  EXPECT_EQ(len(nullptr), 0);
}

TEST_F(MapDeathTest, AssignToNilMap) {
  int64_t k = 1;
  EXPECT_EXIT(MapAssign(mt(intMap()), nullptr, &k), ExitedWithCode(2),
              "^panic: assignment to entry in nil map\n\ngoroutine 1 \\[running\\]:\n$");
  EXPECT_EXIT(MapAssignFast64(mt(intMap()), nullptr, 1), ExitedWithCode(2),
              "^panic: assignment to entry in nil map\n\ngoroutine 1 \\[running\\]:\n$");
}

// ---- float64 keys: NaN and signed zeros. ----

const maptype *floatMap() {
  static const maptype *t = mapType(float64Type(), int64Type(), F64Hash);
  return t;
}

void fset(void *h, double k, int64_t v) {
  *static_cast<int64_t *>(MapAssign(mt(floatMap()), h, &k)) = v;
}

bool fhas(void *h, double k) {
  uint8_t ok;
  MapAccess2(mt(floatMap()), h, &k, &ok);
  return ok != 0;
}

TEST_F(Map, NaNKeys) {
  void *h = MakeMapSmall();
  double nan = std::nan("");
  fset(h, nan, 1);
  fset(h, nan, 2);
  fset(h, nan, 3);
  fset(h, 1.5, 4);
  EXPECT_EQ(len(h), 4); // each NaN insertion is a new entry
  EXPECT_FALSE(fhas(h, nan));
  EXPECT_EQ(*static_cast<int64_t *>(MapAccess1(mt(floatMap()), h, &nan)), 0);
  MapDelete(mt(floatMap()), h, &nan);
  EXPECT_EQ(len(h), 4); // and cannot be deleted
  int nans = 0;
  int64_t sum = 0;
  for (auto &[k, v] : range<double, int64_t>(floatMap(), h)) {
    if (std::isnan(k)) nans++;
    sum += v;
  }
  EXPECT_EQ(nans, 3);
  EXPECT_EQ(sum, 10);
  MapClear(mt(floatMap()), h);
  EXPECT_EQ(len(h), 0);
  EXPECT_TRUE((range<double, int64_t>(floatMap(), h).empty()));
}

TEST_F(Map, SignedZerosAreOneKey) {
  void *h = MakeMapSmall();
  fset(h, -0.0, 1);
  fset(h, 0.0, 2);
  EXPECT_EQ(len(h), 1);
  auto kvs = range<double, int64_t>(floatMap(), h);
  ASSERT_EQ(kvs.size(), 1u);
  EXPECT_EQ(kvs[0].second, 2);
  EXPECT_FALSE(std::signbit(kvs[0].first)); // the key was updated to +0, as in gc
  EXPECT_TRUE(fhas(h, -0.0));
  double nz = -0.0;
  MapDelete(mt(floatMap()), h, &nz);
  EXPECT_EQ(len(h), 0);
}

TEST_F(Map, ManyNaNsThroughGrowthAndIteration) {
  // NaNs spread randomly over the buckets and move by tophash's low bit when the table
  // grows under an iterator: each must still be returned exactly once.
  for (int trial = 0; trial < 10; trial++) {
    void *h = MakeMapSmall();
    double nan = std::nan("");
    for (int i = 0; i < 40; i++) {
      fset(h, nan, 1);
      fset(h, static_cast<double>(i), 0);
    }
    int nans = 0;
    int numbers = 0;
    std::set<double> seen;
    hiter it;
    MapIterInit(mt(floatMap()), h, &it);
    double next = 1000;
    for (; it.key != nullptr; MapIterNext(&it)) {
      double k = *static_cast<double *>(it.key);
      if (std::isnan(k)) {
        nans++;
      } else if (k < 1000) {
        numbers++;
        ASSERT_TRUE(seen.insert(k).second);
      }
      for (int j = 0; j < 20; j++)
        fset(h, next++, 0); // grow under the iterator
    }
    EXPECT_EQ(nans, 40);
    EXPECT_EQ(numbers, 40);
  }
}

// ---- string keys, generic and fast. ----

const maptype *strMap() {
  static const maptype *t = mapType(stringType(), int64Type(), StrHash);
  return t;
}

struct Strings {
  std::vector<std::string> store;
  explicit Strings(int n) {
    store.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; i++)
      store.push_back("key-" + std::to_string(i * 7919) + (i % 3 == 0 ? std::string(40, 'x') : ""));
  }
  stringStruct operator[](int i) const {
    const std::string &s = store[static_cast<size_t>(i)];
    return {reinterpret_cast<const uint8_t *>(s.data()), static_cast<intptr_t>(s.size())};
  }
};

TEST_F(Map, StringKeysGenericAndFast) {
  constexpr int n = 200000;
  Strings keys(n);
  void *h = MakeMapSmall();
  for (int i = 0; i < n; i++) {
    stringStruct k = keys[i];
    if (i % 2 == 0) {
      *static_cast<int64_t *>(MapAssign(mt(strMap()), h, &k)) = i;
    } else {
      *static_cast<int64_t *>(
          MapAssignFastStr(mt(strMap()), h, const_cast<uint8_t *>(k.ptr), k.len)) = i;
    }
  }
  ASSERT_EQ(len(h), n);
  for (int i = 0; i < n; i++) {
    stringStruct k = keys[i];
    // An equal string in other memory finds the entry.
    std::string copy(reinterpret_cast<const char *>(k.ptr), static_cast<size_t>(k.len));
    stringStruct c{reinterpret_cast<const uint8_t *>(copy.data()), k.len};
    ASSERT_EQ(*static_cast<int64_t *>(MapAccess1(mt(strMap()), h, &c)), i);
    uint8_t ok = 0;
    ASSERT_EQ(*static_cast<int64_t *>(MapAccess2FastStr(mt(strMap()), h, copy.data(), c.len, &ok)),
              i);
    ASSERT_EQ(ok, 1);
  }
  std::string absent = "absent";
  uint8_t ok = 1;
  EXPECT_EQ(*static_cast<int64_t *>(MapAccess2FastStr(mt(strMap()), h, absent.data(), 6, &ok)), 0);
  EXPECT_EQ(ok, 0);
  for (int i = 0; i < n; i += 2) {
    stringStruct k = keys[i];
    MapDeleteFastStr(mt(strMap()), h, const_cast<uint8_t *>(k.ptr), k.len);
  }
  EXPECT_EQ(len(h), n / 2);
  int count = 0;
  for (auto &[k, v] : range<stringStruct, int64_t>(strMap(), h)) {
    stringStruct want = keys[static_cast<int>(v)];
    ASSERT_EQ(v % 2, 1);
    ASSERT_TRUE(StrEqual(&k, &want));
    count++;
  }
  EXPECT_EQ(count, n / 2);
}

TEST_F(Map, StringKeyUpdatedOnAssign) {
  // The stored key takes the newest string's bytes (gc's needkeyupdate for strings), so
  // the old backing array is no longer referenced.
  std::string a = "same", b = "same";
  void *h = MakeMapSmall();
  MapAssignFastStr(mt(strMap()), h, a.data(), 4);
  MapAssignFastStr(mt(strMap()), h, b.data(), 4);
  auto kvs = range<stringStruct, int64_t>(strMap(), h);
  ASSERT_EQ(kvs.size(), 1u);
  EXPECT_EQ(kvs[0].first.ptr, reinterpret_cast<const uint8_t *>(b.data()));
  stringStruct c{reinterpret_cast<const uint8_t *>(a.data()), 4};
  MapAssign(mt(strMap()), h, &c);
  EXPECT_EQ((range<stringStruct, int64_t>(strMap(), h)[0].first.ptr),
            reinterpret_cast<const uint8_t *>(a.data()));
}

TEST_F(Map, OneBucketStringMapWithoutHashing) {
  // A map of at most 8 entries is searched by comparing keys (faststr): long keys that
  // share a prefix and a suffix, empty keys, and keys of equal length.
  void *h = MakeMapSmall();
  std::vector<std::string> ks = {"",
                                 "a",
                                 std::string(100, 'z'),
                                 std::string(50, 'z') + "y" + std::string(49, 'z'),
                                 std::string(50, 'z') + "w" + std::string(49, 'z'),
                                 "ab",
                                 "ba"};
  for (size_t i = 0; i < ks.size(); i++)
    *static_cast<int64_t *>(
        MapAssignFastStr(mt(strMap()), h, ks[i].data(), static_cast<int64_t>(ks[i].size()))) =
        static_cast<int64_t>(i);
  ASSERT_EQ(asMap(h)->B, 0);
  for (size_t i = 0; i < ks.size(); i++) {
    std::string copy = ks[i];
    EXPECT_EQ(*static_cast<int64_t *>(MapAccess1FastStr(mt(strMap()), h, copy.data(),
                                                        static_cast<int64_t>(copy.size()))),
              static_cast<int64_t>(i));
  }
  std::string other = std::string(50, 'z') + "v" + std::string(49, 'z');
  uint8_t ok = 1;
  MapAccess2FastStr(mt(strMap()), h, other.data(), 100, &ok);
  EXPECT_EQ(ok, 0);
}

// ---- The integer fast variants against the generic ones. ----

TEST_F(Map, Fast64AndGenericAgree) {
  constexpr int64_t n = 300000;
  void *h = MakeMapSmall();
  for (int64_t i = 0; i < n; i++) {
    if (i % 3 == 0) {
      set(h, scramble(i), i);
    } else {
      *static_cast<int64_t *>(
          MapAssignFast64(mt(intMap()), h, static_cast<uint64_t>(scramble(i)))) = i;
    }
  }
  ASSERT_EQ(len(h), n);
  for (int64_t i = 0; i < n; i++) {
    ASSERT_EQ(get(h, scramble(i)), i);
    ASSERT_EQ(*static_cast<int64_t *>(
                  MapAccess1Fast64(mt(intMap()), h, static_cast<uint64_t>(scramble(i)))),
              i);
  }
  for (int64_t i = 0; i < n; i += 2)
    MapDeleteFast64(mt(intMap()), h, static_cast<uint64_t>(scramble(i)));
  for (int64_t i = 0; i < n; i++) {
    uint8_t ok;
    MapAccess2Fast64(mt(intMap()), h, static_cast<uint64_t>(scramble(i)), &ok);
    ASSERT_EQ(ok, i % 2);
    ASSERT_EQ(has(h, scramble(i)), i % 2 == 1);
  }
}

TEST_F(Map, Fast32) {
  const maptype *t = mapType(int32Type(), int64Type(), MemHash32);
  void *h = MakeMapSmall();
  for (uint32_t i = 0; i < 100000; i++)
    *static_cast<int64_t *>(MapAssignFast32(mt(t), h, i * 2654435761u)) = i;
  EXPECT_EQ(len(h), 100000);
  for (uint32_t i = 0; i < 100000; i++) {
    uint32_t k = i * 2654435761u;
    ASSERT_EQ(*static_cast<int64_t *>(MapAccess1Fast32(mt(t), h, k)), i);
    ASSERT_EQ(*static_cast<int64_t *>(MapAccess1(mt(t), h, &k)), i);
  }
  for (uint32_t i = 0; i < 100000; i += 2)
    MapDeleteFast32(mt(t), h, i * 2654435761u);
  EXPECT_EQ(len(h), 50000);
  uint8_t ok = 1;
  MapAccess2Fast32(mt(t), h, 0, &ok);
  EXPECT_EQ(ok, 0);
  MapAccess2Fast32(mt(t), h, 2654435761u, &ok);
  EXPECT_EQ(ok, 1);
}

TEST_F(Map, PointerKeys) {
  // map[*int64]int64: pointer identity, with the key stored through fast64ptr.
  const maptype *t = mapType(ptrInt64Type(), int64Type(), MemHash64);
  std::vector<int64_t> cells(1000);
  void *h = MakeMapSmall();
  for (size_t i = 0; i < cells.size(); i++)
    *static_cast<int64_t *>(MapAssignFast64Ptr(mt(t), h, &cells[i])) = static_cast<int64_t>(i);
  for (size_t i = 0; i < cells.size(); i++) {
    int64_t *p = &cells[i];
    ASSERT_EQ(*static_cast<int64_t *>(MapAccess1(mt(t), h, &p)), static_cast<int64_t>(i));
  }
  for (size_t i = 0; i < cells.size(); i++)
    MapDeleteFast64(mt(t), h, reinterpret_cast<uintptr_t>(&cells[i]));
  EXPECT_EQ(len(h), 0);
}

// ---- Interface keys. ----

const maptype *efaceMap() {
  static const maptype *t = mapType(efaceType(), int64Type(), NilInterHash);
  return t;
}

TEST_F(Map, InterfaceKeys) {
  EXPECT_EQ(efaceMap()->flags & mapflags::HashMightPanic, mapflags::HashMightPanic);
  void *h = MakeMapSmall();
  std::vector<int64_t> ints(100);
  std::vector<std::string> strs(100);
  std::vector<stringStruct> svals(100);
  for (int i = 0; i < 100; i++) {
    ints[static_cast<size_t>(i)] = i;
    strs[static_cast<size_t>(i)] = std::to_string(i);
    svals[static_cast<size_t>(i)] = {
        reinterpret_cast<const uint8_t *>(strs[static_cast<size_t>(i)].data()),
        static_cast<intptr_t>(strs[static_cast<size_t>(i)].size())};
    eface ki{int64Type(), &ints[static_cast<size_t>(i)]};
    eface ks{stringType(), &svals[static_cast<size_t>(i)]};
    eface kp{ptrInt64Type(), &ints[static_cast<size_t>(i)]};
    *static_cast<int64_t *>(MapAssign(mt(efaceMap()), h, &ki)) = i;
    *static_cast<int64_t *>(MapAssign(mt(efaceMap()), h, &ks)) = 1000 + i;
    *static_cast<int64_t *>(MapAssign(mt(efaceMap()), h, &kp)) = 2000 + i;
  }
  eface nilKey{nullptr, nullptr};
  *static_cast<int64_t *>(MapAssign(mt(efaceMap()), h, &nilKey)) = -1;
  EXPECT_EQ(len(h), 301);
  for (int64_t i = 0; i < 100; i++) {
    // Equal dynamic values in other memory find the same entries.
    int64_t v = i;
    std::string s = std::to_string(i);
    stringStruct sv{reinterpret_cast<const uint8_t *>(s.data()), static_cast<intptr_t>(s.size())};
    eface ki{int64Type(), &v}, ks{stringType(), &sv};
    ASSERT_EQ(*static_cast<int64_t *>(MapAccess1(mt(efaceMap()), h, &ki)), i);
    ASSERT_EQ(*static_cast<int64_t *>(MapAccess1(mt(efaceMap()), h, &ks)), 1000 + i);
    // A pointer to an equal value is another key.
    eface kp{ptrInt64Type(), &v};
    uint8_t ok = 1;
    MapAccess2(mt(efaceMap()), h, &kp, &ok);
    ASSERT_EQ(ok, 0);
  }
  eface nilKey2{nullptr, nullptr};
  EXPECT_EQ(*static_cast<int64_t *>(MapAccess1(mt(efaceMap()), h, &nilKey2)), -1);
  // An int32 7 is not an int64 7.
  int32_t small = 7;
  eface k32{int32Type(), &small};
  uint8_t ok = 1;
  MapAccess2(mt(efaceMap()), h, &k32, &ok);
  EXPECT_EQ(ok, 0);
}

TEST_F(MapDeathTest, UnhashableInterfaceKey) {
  int64_t backing[2] = {1, 2};
  slice sl{backing, 2, 2};
  eface k{sliceIntType(), &sl};
  void *h = MakeMapSmall();
  const char *msg = "^panic: runtime error: hash of unhashable type \\[\\]int\n\n"
                    "goroutine 1 \\[running\\]:\n$";
  EXPECT_EXIT(MapAssign(mt(efaceMap()), h, &k), ExitedWithCode(2), msg);
  EXPECT_EXIT(MapAccess1(mt(efaceMap()), h, &k), ExitedWithCode(2), msg);
  // Even on a nil or empty map, as in gc: the key is hashed for the panic.
  EXPECT_EXIT(MapAccess1(mt(efaceMap()), nullptr, &k), ExitedWithCode(2), msg);
  EXPECT_EXIT(MapDelete(mt(efaceMap()), nullptr, &k), ExitedWithCode(2), msg);
}

// ---- A struct key, hashed by typehash (hasher nullptr). ----

struct Key {
  int32_t a;
  int32_t pad; // blank field: not part of the value
  stringStruct s;
};

bool keyEqual(const void *p, const void *q) {
  auto *x = static_cast<const Key *>(p);
  auto *y = static_cast<const Key *>(q);
  return x->a == y->a && StrEqual(&x->s, &y->s);
}

const maptype *structMap() {
  static const structfield fields[] = {
      {name("a"), int32Type(), offsetof(Key, a), nullptr, 0},
      {name("_"), int32Type(), offsetof(Key, pad), nullptr, 0},
      {name("s"), stringType(), offsetof(Key, s), nullptr, 0},
  };
  static const structtype st = {basic(kinds::Struct, sizeof(Key), keyEqual, "main.Key", 16, 0),
                                nullptr, fields, 3};
  static const maptype *t = mapType(&st.typ, int64Type(), nullptr);
  return t;
}

TEST_F(Map, StructKeysViaTypehash) {
  EXPECT_EQ(structMap()->flags & mapflags::NeedKeyUpdate, mapflags::NeedKeyUpdate);
  void *h = MakeMapSmall();
  Strings names(1000);
  for (int i = 0; i < 1000; i++) {
    Key k{i % 10, i, names[i / 10]};
    *static_cast<int64_t *>(MapAssign(mt(structMap()), h, &k)) += 1;
  }
  EXPECT_EQ(len(h), 1000);
  // The blank field differs: same key.
  Key k{3, -77, names[0]};
  EXPECT_EQ(*static_cast<int64_t *>(MapAccess1(mt(structMap()), h, &k)), 1);
  for (int i = 0; i < 1000; i++) {
    Key again{i % 10, 12345, names[i / 10]};
    *static_cast<int64_t *>(MapAssign(mt(structMap()), h, &again)) += 1;
  }
  EXPECT_EQ(len(h), 1000);
  for (auto &[key, v] : range<Key, int64_t>(structMap(), h))
    ASSERT_EQ(v, 2);
}

// ---- Large keys and elements: stored indirectly; the zero value of a big element. ----

struct BigKey {
  uint64_t w[25]; // 200 bytes > maxKeySize
};
struct BigElem {
  uint64_t w[300]; // 2400 bytes > maxElemSize and > the 1024-byte zero area
};

bool bigKeyEqual(const void *p, const void *q) {
  return MemEqual(const_cast<void *>(p), const_cast<void *>(q), sizeof(BigKey));
}

TEST_F(Map, IndirectKeysAndElements) {
  const _type *bigKey = arrayType(int64Type(), 25, bigKeyEqual, "[25]int64");
  const _type *bigElem = arrayType(int64Type(), 300, nullptr, "[300]int64");
  const maptype *t = mapType(bigKey, bigElem, nullptr);
  ASSERT_EQ(t->flags & (mapflags::IndirectKey | mapflags::IndirectElem),
            mapflags::IndirectKey | mapflags::IndirectElem);
  void *h = MakeMapSmall();
  for (uint64_t i = 0; i < 2000; i++) {
    BigKey k{};
    k.w[24] = i;
    auto *e = static_cast<BigElem *>(MapAssign(mt(t), h, &k));
    for (uint64_t &w : e->w)
      ASSERT_EQ(w, 0u); // a new element starts zeroed
    e->w[0] = i;
    e->w[299] = i + 1;
  }
  EXPECT_EQ(len(h), 2000);
  for (uint64_t i = 0; i < 2000; i++) {
    BigKey k{};
    k.w[24] = i;
    auto *e = static_cast<BigElem *>(MapAccess1(mt(t), h, &k));
    ASSERT_EQ(e->w[0], i);
    ASSERT_EQ(e->w[299], i + 1);
  }
  BigKey absent{};
  absent.w[0] = 1;
  auto *z = static_cast<BigElem *>(MapAccess1(mt(t), h, &absent));
  for (uint64_t w : z->w)
    ASSERT_EQ(w, 0u);
  auto *nz = static_cast<BigElem *>(MapAccess1(mt(t), nullptr, &absent));
  for (uint64_t w : nz->w)
    ASSERT_EQ(w, 0u);
  int n = 0;
  hiter it;
  for (MapIterInit(mt(t), h, &it); it.key != nullptr; MapIterNext(&it)) {
    auto *k = static_cast<BigKey *>(it.key);
    auto *e = static_cast<BigElem *>(it.elem);
    ASSERT_EQ(e->w[0], k->w[24]);
    n++;
  }
  EXPECT_EQ(n, 2000);
  for (uint64_t i = 0; i < 2000; i += 2) {
    BigKey k{};
    k.w[24] = i;
    MapDelete(mt(t), h, &k);
  }
  EXPECT_EQ(len(h), 1000);
}

TEST_F(Map, ZeroSizedKeysAndElements) {
  // map[struct{}]struct{}: every key is the one key.
  static const structtype empty = {basic(kinds::Struct, 0, MemEqual0, "struct {}"), nullptr,
                                   nullptr, 0};
  const maptype *t = mapType(&empty.typ, &empty.typ, MemHash0);
  void *h = MakeMapSmall();
  char k = 0;
  EXPECT_NE(MapAssign(mt(t), h, &k), nullptr);
  EXPECT_NE(MapAssign(mt(t), h, &k), nullptr);
  EXPECT_EQ(len(h), 1);
  uint8_t ok = 0;
  MapAccess2(mt(t), h, &k, &ok);
  EXPECT_EQ(ok, 1);
  MapDelete(mt(t), h, &k);
  EXPECT_EQ(len(h), 0);
}

TEST_F(MapDeathTest, BadDescriptorIsARuntimeBug) {
  maptype bad = *intMap();
  bad.bucketsize = 100;
  EXPECT_EXIT(MakeMap(&bad, 0, nullptr), ExitedWithCode(2),
              "^fatal error: bad map type descriptor\n$");
}

// ---- Randomized: every operation against std::unordered_map. ----

TEST_F(Map, MatchesModelUnderRandomOperations) {
  std::mt19937_64 rng(12345);
  for (int trial = 0; trial < 4; trial++) {
    void *h = trial % 2 == 0 ? MakeMapSmall() : MakeMap(mt(intMap()), 300, nullptr);
    std::unordered_map<int64_t, int64_t> model;
    int64_t keyRange = trial < 2 ? 200 : 20000;
    for (int op = 0; op < 300000; op++) {
      int64_t k = static_cast<int64_t>(rng() % static_cast<uint64_t>(keyRange));
      switch (rng() % 16) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
        set(h, k, op);
        model[k] = op;
        break;
      case 5:
      case 6:
      case 7:
        del(h, k);
        model.erase(k);
        break;
      case 8:
        MapDeleteFast64(mt(intMap()), h, static_cast<uint64_t>(k));
        model.erase(k);
        break;
      case 9:
        *static_cast<int64_t *>(MapAssignFast64(mt(intMap()), h, static_cast<uint64_t>(k))) = op;
        model[k] = op;
        break;
      case 10:
        if (rng() % 2000 == 0) {
          MapClear(mt(intMap()), h);
          model.clear();
        }
        break;
      case 11:
        if (rng() % 500 == 0) {
          auto kvs = range<int64_t, int64_t>(intMap(), h);
          ASSERT_EQ(kvs.size(), model.size());
          for (auto &[kk, vv] : kvs)
            ASSERT_EQ(model.at(kk), vv);
        }
        break;
      default: {
        auto it = model.find(k);
        ASSERT_EQ(has(h, k), it != model.end());
        ASSERT_EQ(get(h, k), it == model.end() ? 0 : it->second);
      }
      }
      ASSERT_EQ(len(h), static_cast<intptr_t>(model.size()));
    }
  }
}

} // namespace
