// StableVector: an append-only sequence whose elements never move.
//
// The type checker's tables (objects, constants, struct/signature/interface infos) are
// indexed by small integer ids and referenced while they grow, so their elements must
// keep their addresses. std::deque gives that, but with 512-byte blocks: a table of
// 100-byte elements allocates a block every five appends. StableVector allocates blocks
// of kChunk elements (4096 by default), keeps a vector of block pointers, and indexes
// with a shift and a mask.
#ifndef TALPA_BASE_STABLE_VECTOR_H
#define TALPA_BASE_STABLE_VECTOR_H

#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace talpa::base {

template <typename T, size_t kChunkLog2 = 12> class StableVector {
public:
  static constexpr size_t kChunk = size_t(1) << kChunkLog2;

  StableVector() = default;
  StableVector(const StableVector &) = delete;
  StableVector &operator=(const StableVector &) = delete;
  ~StableVector() {
    for (size_t i = 0; i < size_; ++i)
      (*this)[i].~T();
    for (T *c : chunks_)
      ::operator delete(static_cast<void *>(c), std::align_val_t(alignof(T)));
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T &operator[](size_t i) { return chunks_[i >> kChunkLog2][i & (kChunk - 1)]; }
  const T &operator[](size_t i) const { return chunks_[i >> kChunkLog2][i & (kChunk - 1)]; }
  T &back() { return (*this)[size_ - 1]; }
  const T &back() const { return (*this)[size_ - 1]; }

  template <typename... Args> T &emplace_back(Args &&...args) {
    if ((size_ & (kChunk - 1)) == 0 && (size_ >> kChunkLog2) == chunks_.size())
      chunks_.push_back(
          static_cast<T *>(::operator new(kChunk * sizeof(T), std::align_val_t(alignof(T)))));
    T *slot = &chunks_[size_ >> kChunkLog2][size_ & (kChunk - 1)];
    ::new (static_cast<void *>(slot)) T(std::forward<Args>(args)...);
    ++size_;
    return *slot;
  }
  void push_back(const T &v) { emplace_back(v); }
  void push_back(T &&v) { emplace_back(std::move(v)); }

private:
  std::vector<T *> chunks_;
  size_t size_ = 0;
};

} // namespace talpa::base

#endif // TALPA_BASE_STABLE_VECTOR_H
