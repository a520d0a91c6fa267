// The item storage of container nodes (value_internal.hpp): a growable array, like std::vector,
// whose blocks come from the arena of the heap its node lives in.
//
// Contract: an ItemVector belongs to one node (`owner`) and never moves. Blocks of up to
// kArenaBytes come from the owner's heap (Heap::allocate) and are freed with the heap: a vector
// that grows leaves its old block there, as a removed object stays until its graph goes. Bigger
// blocks come from operator new, are freed by the vector, and mark the owner needs_destructor, so
// its heap runs the destructor. Elements are trivially destructible and copied by value; a
// reference to an element is valid until the vector grows. Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <new>
#include <type_traits>

namespace hog::core::detail {

struct Node;

// Blocks beyond the arena's (and impossible sizes), out of line (heap.cpp).
[[gnu::noinline]] void* allocate_items_outside_arena(std::size_t count, std::size_t size);

template <class T>
class ItemVector {
  static_assert(std::is_trivially_destructible_v<T>);

 public:
  static constexpr std::size_t kArenaBytes = 1024;

  explicit ItemVector(const Node* owner) noexcept : owner_(owner) {}
  ~ItemVector() {
    if (outside_arena()) ::operator delete(data_);
  }
  ItemVector(const ItemVector&) = delete;
  ItemVector& operator=(const ItemVector&) = delete;

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::size_t capacity() const noexcept { return capacity_; }
  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  T* begin() noexcept { return data_; }
  T* end() noexcept { return data_ + size_; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + size_; }
  T& operator[](std::size_t i) noexcept { return data_[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }

  void clear() noexcept { size_ = 0; }
  // Room for `count` items in all, exactly when it has to grow.
  void reserve(std::size_t count) {
    if (count > capacity_) make_room(count);
  }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    if (size_ == capacity_) {
      const T item(std::forward<Args>(args)...);  // (the arguments may be items of this vector)
      grow(size_ + 1);
      return *new (data_ + size_++) T(item);
    }
    return *new (data_ + size_++) T(std::forward<Args>(args)...);
  }
  void push_back(const T& item) { emplace_back(item); }
  // The items [first, last) (not of this vector) after the others.
  template <class It>
  void append(It first, It last) {
    const auto count = static_cast<std::size_t>(std::distance(first, last));
    if (size_ + count > capacity_) grow(size_ + count);
    std::uninitialized_copy(first, last, data_ + size_);
    size_ += count;
  }
  // The items [first, last) (not of this vector) instead of the others.
  template <class It>
  void assign(It first, It last) {
    size_ = 0;
    append(first, last);
  }
  // `count` copies of `item` instead of the others.
  void assign(std::size_t count, const T& item) {
    size_ = 0;
    reserve(count);
    std::uninitialized_fill_n(data_, count, item);
    size_ = count;
  }

 private:
  bool outside_arena() const noexcept { return capacity_ > kArenaBytes / sizeof(T); }
  // Room for at least `count` items, doubling as std::vector does.
  void grow(std::size_t count) { make_room(std::max(count, 2 * size_)); }
  // Room for exactly `count` (> capacity) items. A vector's first block, from the arena, is taken
  // inline: containers are mostly filled once.
  void make_room(std::size_t count) {
    if (capacity_ == 0 && count <= kArenaBytes / sizeof(T)) {
      take_first_block(count);
    } else {
      reallocate(count);
    }
  }
  void take_first_block(std::size_t count);
  void reallocate(std::size_t count);

  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  const Node* owner_;
};

}  // namespace hog::core::detail
