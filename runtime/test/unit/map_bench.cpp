// Micro-benchmark of runtime/map.cpp: insertion and lookup throughput for int64 and string
// keys, through the fast and the generic entry points, beside std::unordered_map.
// map_bench.go does the same work with gc for comparison. Not a test: run it by hand
// (docs/runtime/map.md has the figures and the commands).
//
//     build/runtime/test/unit/runtime_map_bench
//
// Each figure is nanoseconds of thread CPU time per operation, the best of several
// rounds. A round inserts n keys into a new map made without a size hint, so growth is
// included, then looks every key up once, in insertion order.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime.h"
#include "typedesc.h"

namespace {

using namespace runtime;
using namespace testtypes;

// CPU time of this thread (user and system, so page faults count), not wall-clock time:
// the machine is shared, and time spent descheduled is not the map's.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
  }
};

double nsSince(double t0, int64_t ops) { return (Clock::now() - t0) / static_cast<double>(ops); }

void *mt(const maptype *t) { return const_cast<maptype *>(t); }

struct Result {
  double insert = 1e30;
  double lookup = 1e30;
};

// The checksum keeps the compiler from dropping lookups.
int64_t sink;

// run times `rounds` rounds of `maps` maps of n keys each, keeping the best round.
template <class Insert, class Lookup>
Result run(int64_t n, int maps, int rounds, Insert insert, Lookup lookup) {
  Result r;
  for (int round = 0; round < rounds; round++) {
    std::vector<void *> hs(static_cast<size_t>(maps));
    auto t0 = Clock::now();
    for (auto &h : hs) {
      h = MakeMapSmall();
      for (int64_t i = 0; i < n; i++)
        insert(h, i);
    }
    r.insert = std::min(r.insert, nsSince(t0, n * maps));
    t0 = Clock::now();
    int64_t sum = 0;
    for (auto h : hs) {
      for (int64_t i = 0; i < n; i++)
        sum += lookup(h, i);
    }
    r.lookup = std::min(r.lookup, nsSince(t0, n * maps));
    sink += sum;
  }
  return r;
}

template <class K> Result runStd(int64_t n, int maps, int rounds, const std::vector<K> &keys) {
  Result r;
  for (int round = 0; round < rounds; round++) {
    std::vector<std::unordered_map<K, int64_t>> ms(static_cast<size_t>(maps));
    auto t0 = Clock::now();
    for (auto &m : ms) {
      for (int64_t i = 0; i < n; i++)
        m[keys[static_cast<size_t>(i)]] = i;
    }
    r.insert = std::min(r.insert, nsSince(t0, n * maps));
    t0 = Clock::now();
    int64_t sum = 0;
    for (auto &m : ms) {
      for (int64_t i = 0; i < n; i++)
        sum += m.find(keys[static_cast<size_t>(i)])->second;
    }
    r.lookup = std::min(r.lookup, nsSince(t0, n * maps));
    sink += sum;
  }
  return r;
}

void report(const char *what, int64_t n, Result r) {
  std::printf("%-28s n=%-8lld insert %7.1f ns/op   lookup %7.1f ns/op\n", what,
              static_cast<long long>(n), r.insert, r.lookup);
}

// Keys as a program would have them: int keys i*k for an odd k, string keys "key<i>".
int64_t intKey(int64_t i) { return i * 0x9E3779B97F4A7C15ll; }

} // namespace

// proc.cpp's start-up calls the Go program; there is none here.
extern "C" void MainInit() {}
extern "C" void MainMain() {}

int main() {
  alginit();
  const maptype *im = mapType(int64Type(), int64Type(), MemHash64);
  const maptype *sm = mapType(stringType(), int64Type(), StrHash);
  struct Size {
    int64_t n;
    int maps;
    int rounds;
  };
  const Size sizes[] = {{1000, 300, 3}, {100000, 5, 3}, {1000000, 1, 2}};
  for (const Size &s : sizes) {
    std::vector<int64_t> ikeys;
    std::vector<std::string> skeys;
    std::vector<stringStruct> sks;
    for (int64_t i = 0; i < s.n; i++) {
      ikeys.push_back(intKey(i));
      skeys.push_back("key" + std::to_string(i));
    }
    for (auto &k : skeys)
      sks.push_back({reinterpret_cast<const uint8_t *>(k.data()), static_cast<intptr_t>(k.size())});
    auto ik = [&](int64_t i) { return ikeys[static_cast<size_t>(i)]; };
    auto sk = [&](int64_t i) { return &sks[static_cast<size_t>(i)]; };

    report("int64 fast64", s.n,
           run(
               s.n, s.maps, s.rounds,
               [&](void *h, int64_t i) {
                 *static_cast<int64_t *>(MapAssignFast64(mt(im), h, static_cast<uint64_t>(ik(i)))) =
                     i;
               },
               [&](void *h, int64_t i) {
                 return *static_cast<int64_t *>(
                     MapAccess1Fast64(mt(im), h, static_cast<uint64_t>(ik(i))));
               }));
    report("int64 generic", s.n,
           run(
               s.n, s.maps, s.rounds,
               [&](void *h, int64_t i) {
                 int64_t k = ik(i);
                 *static_cast<int64_t *>(MapAssign(mt(im), h, &k)) = i;
               },
               [&](void *h, int64_t i) {
                 int64_t k = ik(i);
                 return *static_cast<int64_t *>(MapAccess1(mt(im), h, &k));
               }));
    report("int64 std::unordered_map", s.n, runStd(s.n, s.maps, s.rounds, ikeys));
    report("string faststr", s.n,
           run(
               s.n, s.maps, s.rounds,
               [&](void *h, int64_t i) {
                 const stringStruct *k = sk(i);
                 *static_cast<int64_t *>(
                     MapAssignFastStr(mt(sm), h, const_cast<uint8_t *>(k->ptr), k->len)) = i;
               },
               [&](void *h, int64_t i) {
                 const stringStruct *k = sk(i);
                 return *static_cast<int64_t *>(
                     MapAccess1FastStr(mt(sm), h, const_cast<uint8_t *>(k->ptr), k->len));
               }));
    report("string generic", s.n,
           run(
               s.n, s.maps, s.rounds,
               [&](void *h, int64_t i) {
                 *static_cast<int64_t *>(MapAssign(mt(sm), h, const_cast<stringStruct *>(sk(i)))) =
                     i;
               },
               [&](void *h, int64_t i) {
                 return *static_cast<int64_t *>(
                     MapAccess1(mt(sm), h, const_cast<stringStruct *>(sk(i))));
               }));
    report("string std::unordered_map", s.n, runStd(s.n, s.maps, s.rounds, skeys));
  }
  return sink == 42 ? 1 : 0;
}
