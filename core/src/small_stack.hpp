// The pickle codecs' growable arrays (the decoder's value stack, marks and dense memo; the
// encoder's frame stack and dense memo): a vector of trivially copyable items whose first N live
// inline, so coding a small pickle allocates none of them, and whose push is inlined into the
// opcode loop (std::vector's push_back is not, in a loop this size).
//
// Contract: push/pop/back/operator[] as on a vector; truncate(n) drops the items from position n
// on (nothing when n >= size()); grow_to(n, fill) extends to n items, the new ones `fill`;
// begin()/end() are pointers, valid until the next push or grow_to. Past N items the contents move
// to the heap once per doubling (one memcpy each). Neither copyable nor movable (it may point into
// itself). Not thread-safe; one per encode() or decode().
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>

namespace hog::core::detail {

// How push() copies an item in; a type may overload it (found by argument-dependent lookup), as
// Slot does to copy field by field.
template <class T>
inline void store_item(T& to, const T& from) {
  to = from;
}

template <class T, std::size_t N>
class SmallStack {
 public:
  static_assert(std::is_trivially_copyable_v<T> && N > 0);

  SmallStack() = default;
  SmallStack(const SmallStack&) = delete;
  SmallStack& operator=(const SmallStack&) = delete;

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  // Whether the items have moved to the heap (for tests of the spill boundary).
  bool spilled() const { return data_ != reinterpret_cast<const T*>(inline_); }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  // By value: the item may be one of this stack's, which growing frees.
  void push(T item) {
    if (size_ == capacity_) [[unlikely]]
      grow(size_ + 1);
    store_item(data_[size_++], item);
  }
  void pop() { --size_; }
  void truncate(std::size_t size) { size_ = std::min(size, size_); }
  void grow_to(std::size_t size, T fill) {
    if (size <= size_) return;
    if (size > capacity_) grow(size);
    std::fill(data_ + size_, data_ + size, fill);
    size_ = size;
  }

 private:
  void grow(std::size_t needed) {
    const std::size_t capacity = std::max(capacity_ * 2, needed);
    auto bigger = std::make_unique_for_overwrite<T[]>(capacity);
    if (size_ != 0) std::memcpy(bigger.get(), data_, size_ * sizeof(T));
    heap_ = std::move(bigger);
    data_ = heap_.get();
    capacity_ = capacity;
  }

  // Raw storage, never initialized (only items below size_ are read); T is an implicit-lifetime
  // type, so items begin to live where they are written.
  alignas(T) std::byte inline_[N * sizeof(T)];
  T* data_ = reinterpret_cast<T*>(inline_);
  std::unique_ptr<T[]> heap_;
  std::size_t size_ = 0;
  std::size_t capacity_ = N;
};

}  // namespace hog::core::detail
