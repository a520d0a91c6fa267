// The pickle decoder's value stack: a growable array of slots whose push is inlined into the
// opcode loop (std::vector's push_back is not, in a loop this size).
//
// Contract: push/pop/back/operator[] as on a vector; truncate(n) drops the items from position n
// on (nothing when n >= size()); begin()/end() are pointers, valid until the next push. Slots are
// trivially copyable, so growing is one memcpy. Not thread-safe; one per decode().
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>

#include "value_internal.hpp"

namespace hog::core::pickle::decoding {

class SlotStack {
 public:
  static_assert(std::is_trivially_copyable_v<detail::Slot>);

  explicit SlotStack(std::size_t capacity)
      : slots_(std::make_unique_for_overwrite<detail::Slot[]>(capacity)), capacity_(capacity) {}

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  detail::Slot& operator[](std::size_t i) { return slots_[i]; }
  const detail::Slot& operator[](std::size_t i) const { return slots_[i]; }
  detail::Slot& back() { return slots_[size_ - 1]; }
  const detail::Slot& back() const { return slots_[size_ - 1]; }
  const detail::Slot* begin() const { return slots_.get(); }
  const detail::Slot* end() const { return slots_.get() + size_; }

  // By value: the slot may be one of this stack's, which grow() frees.
  void push(detail::Slot slot) {
    if (size_ == capacity_) [[unlikely]]
      grow();
    slots_[size_++] = slot;
  }
  void pop() { --size_; }
  void truncate(std::size_t size) { size_ = size < size_ ? size : size_; }

 private:
  void grow() {
    const std::size_t capacity = capacity_ * 2 + 16;
    auto bigger = std::make_unique_for_overwrite<detail::Slot[]>(capacity);
    if (size_ != 0) std::memcpy(bigger.get(), slots_.get(), size_ * sizeof(detail::Slot));
    slots_ = std::move(bigger);
    capacity_ = capacity;
  }

  std::unique_ptr<detail::Slot[]> slots_;
  std::size_t size_ = 0;
  std::size_t capacity_;
};

}  // namespace hog::core::pickle::decoding
