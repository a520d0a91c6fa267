// The pickle decoder's memo: PUT/BINPUT/LONG_BINPUT/MEMOIZE store, GET/BINGET/LONG_BINGET read.
//
// Contract: a map from index (any 64-bit value) to slot with Python's dict semantics (a PUT
// overwrites; size() counts distinct indexes, which is MEMOIZE's next index). Pickles number their
// memo densely from 0, so indexes near the count live in an array (one cache-friendly slot each,
// no per-entry allocation, the first 16 inline so a small pickle allocates nothing); an index far
// beyond the count goes to a hash map, so a LONG_BINPUT of 2^32 - 1 costs one entry, not 2^32.
// Memory is therefore proportional to the number of PUTs, which is bounded by the input length. Not
// thread-safe; one per decode().
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "small_stack.hpp"
#include "value_internal.hpp"

namespace hog::core::pickle::decoding {

class DecodeMemo {
 public:
  std::size_t size() const { return count_; }

  void put(std::uint64_t index, const detail::Slot& value) {
    // MEMOIZE, and PUTs numbered in order: the next dense entry, new (not in sparse_ either).
    if (index == dense_.size() && sparse_.empty()) [[likely]] {
      dense_.push(value);
      ++count_;
      return;
    }
    put_elsewhere(index, value);
  }

  std::optional<detail::Slot> get(std::uint64_t index) const {
    if (index < dense_.size()) {
      if (is_missing(dense_[index])) return std::nullopt;
      return dense_[index];
    }
    const auto found = sparse_.find(index);
    if (found == sparse_.end()) return std::nullopt;
    return found->second;
  }

 private:
  static constexpr std::uint64_t kDenseSlack = 64;
  static constexpr std::uint64_t kMinDense = 16;

  // put() of an index other than the next dense one (out of line: pickles rarely do this).
  [[gnu::noinline]] void put_elsewhere(std::uint64_t index, const detail::Slot& value) {
    if (index >= dense_.size() && index <= 2 * count_ + kDenseSlack) grow_dense(index + 1);
    if (index < dense_.size()) {
      if (is_missing(dense_[index])) ++count_;
      detail::store_item(dense_[index], value);
      return;
    }
    if (sparse_.insert_or_assign(index, value).second) ++count_;
  }

  // An unused dense entry: a node slot without a node, which no value ever is.
  static detail::Slot missing() {
    detail::Slot slot;
    slot.rep = detail::Slot::Rep::Node;
    slot.node = nullptr;
    return slot;
  }
  static bool is_missing(const detail::Slot& slot) {
    return slot.rep == detail::Slot::Rep::Node && slot.node == nullptr;
  }

  // Extends the dense part to at least `size` entries, moving sparse entries it now covers.
  void grow_dense(std::uint64_t size) {
    const std::size_t target = std::max<std::size_t>({size, dense_.size() * 2, kMinDense});
    dense_.grow_to(target, missing());
    for (auto it = sparse_.begin(); it != sparse_.end();) {
      if (it->first < target) {
        dense_[it->first] = it->second;
        it = sparse_.erase(it);
      } else {
        ++it;
      }
    }
  }

  detail::SmallStack<detail::Slot, kMinDense> dense_;
  std::unordered_map<std::uint64_t, detail::Slot> sparse_;
  std::size_t count_ = 0;
};

}  // namespace hog::core::pickle::decoding
