// The memory hash as inline functions, for alg.cpp and map.cpp's fast paths; mirrors
// runtime/hash64.go.
//
// The hash is a multiply-mix design in the style of wyhash (public domain): input words
// are xored with secret keys and multiplied as 64x64 -> 128 bits, and the two halves of
// the product are folded together (mix). A 16-byte block costs one mix; the final value
// is one more mix of the length and the running state:
//
//     memhash(p, seed, n):
//         s = seed ^ hashkey[0]
//         n <= 16:  a, b = the first and last bytes of p packed into two words
//                   (overlapping reads, so no byte is left out and none is read past n)
//         n > 16:   for each 48-byte block, three independent lanes
//                       s_j = mix(word ^ hashkey[j+1], word ^ s_j)
//                   then 16-byte blocks into s; a, b = the last 16 bytes of p
//         return mix(hashkey[1] ^ n, mix(a ^ hashkey[1], b ^ s))
//
// hashkey is four random odd words chosen by alginit from the OS's random bytes, so
// that hashes (and a map's bucket of a key) differ from one run to the next, and the
// per-map seed makes them differ between maps. hashkey[0] has its top bit set: the seed
// a map passes is 32 bits wide, so s is never 0 and short keys (b = 0) never collapse.
#ifndef TALPA_RUNTIME_ALG_H
#define TALPA_RUNTIME_ALG_H

#include <stddef.h>
#include <stdint.h>

namespace runtime::alg {

// The process's hash keys; written once by alginit before any Go code runs.
extern uint64_t hashkey[4];

// mix multiplies a by b as 128 bits and folds the product: the core of the hash.
inline uint64_t mix(uint64_t a, uint64_t b) {
  unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

// Unaligned little-endian loads (every talpa target is little-endian).
inline uint64_t r8(const uint8_t *p) {
  uint64_t v;
  __builtin_memcpy(&v, p, 8);
  return v;
}
inline uint64_t r4(const uint8_t *p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}

inline uint64_t finish(uint64_t a, uint64_t b, uint64_t s, uintptr_t n) {
  return mix(hashkey[1] ^ n, mix(a ^ hashkey[1], b ^ s));
}

// hashShort hashes n <= 16 bytes. With a constant n (the memhashN helpers) it folds to
// two loads and two multiplications.
inline uint64_t hashShort(const uint8_t *p, uintptr_t n, uint64_t seed) {
  uint64_t a = 0;
  uint64_t b = 0;
  if (n >= 4) {
    uintptr_t d = (n >> 3) << 2; // 0 for 4..7 bytes, 4 for 8..15, 8 for 16
    a = r4(p) << 32 | r4(p + d);
    b = r4(p + n - 4) << 32 | r4(p + n - 4 - d);
  } else if (n > 0) {
    a = uint64_t(p[0]) << 16 | uint64_t(p[n >> 1]) << 8 | p[n - 1];
  }
  return finish(a, b, seed ^ hashkey[0], n);
}

// hashLong hashes n > 16 bytes.
uint64_t hashLong(const uint8_t *p, uintptr_t n, uint64_t seed);

inline uint64_t memhash(const void *p, uint64_t seed, uintptr_t n) {
  auto *b = static_cast<const uint8_t *>(p);
  return n <= 16 ? hashShort(b, n, seed) : hashLong(b, n, seed);
}

inline uint64_t memhash32(const void *p, uint64_t seed) {
  return hashShort(static_cast<const uint8_t *>(p), 4, seed);
}

inline uint64_t memhash64(const void *p, uint64_t seed) {
  return hashShort(static_cast<const uint8_t *>(p), 8, seed);
}

} // namespace runtime::alg

#endif // TALPA_RUNTIME_ALG_H
