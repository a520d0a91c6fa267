// The pickle encoder's memo: which objects were already written, and under which memo index.
//
// Contract: indexes are handed out in order (0, 1, 2, ...) exactly as CPython's pickler numbers
// its memo. Objects are keyed three ways, mirroring what is one object in CPython:
// - by node identity — str, bytes, bytearray, containers, complex, reduced objects;
// - by content, for CPython's shared singletons: the empty and one-character Latin-1 str, the
//   empty and one-byte bytes (char_key/byte_key), and named objects — globals (one class or
//   function per qualified name) and interned strs such as module names (name keys);
// - not at all: temporaries CPython builds while saving (fresh()) take an index and are never
//   looked up again.
// Nodes are found through a vector indexed by node id (dense) or a pointer hash table (sparse; see
// grow_dense()); lookups never allocate. Every node looked up must belong to one graph (one heap).
// Not thread-safe; one per encode().
#pragma once

#include <algorithm>
#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "small_stack.hpp"
#include "value_internal.hpp"

namespace hog::core::pickle::detail {

class Memo {
 public:
  static constexpr std::uint32_t kMissing = UINT32_MAX;

  std::uint32_t find(const core::detail::Node* key) const {
    if (key->id < dense_.size()) return dense_[key->id];
    return find_sparse(key);
  }
  // Memoizes `key`, which find() did not know, under the next index.
  std::uint32_t put(const core::detail::Node* key) {
    const std::size_t id = key->id;
    if (id >= dense_.size() && id <= 4 * used_ + kDenseSlack) grow_dense(id + 1);
    ++used_;
    if (id < dense_.size()) {
      dense_[id] = next_;
    } else {
      put_sparse(key, next_);
    }
    return next_++;
  }

  // Shared singletons by content: slot 0 is the empty object, slot 1 + c the one with unit c.
  std::uint32_t find_shared_str(std::size_t slot) const {
    return strs_seen_.test(slot) ? strs_[slot] : kMissing;
  }
  std::uint32_t put_shared_str(std::size_t slot) {
    strs_seen_.set(slot);
    return strs_[slot] = next_++;
  }
  std::uint32_t find_shared_bytes(std::size_t slot) const {
    return bytes_seen_.test(slot) ? bytes_[slot] : kMissing;
  }
  std::uint32_t put_shared_bytes(std::size_t slot) {
    bytes_seen_.set(slot);
    return bytes_[slot] = next_++;
  }

  // Named objects (globals, interned strs), keyed by a caller-built string.
  std::uint32_t find_named(const std::string& key) const {
    const auto it = named_.find(key);
    return it == named_.end() ? kMissing : it->second;
  }
  std::uint32_t put_named(std::string key) { return named_[std::move(key)] = next_++; }

  std::uint32_t fresh() { return next_++; }

 private:
  struct Entry {
    const core::detail::Node* key = nullptr;
    std::uint32_t index = 0;
  };
  // Dense part: the memo index by node id (kMissing when absent), so a walk over a graph built in
  // one go touches it in order. All nodes of a graph live in one heap, where ids are distinct, so
  // an id stands for its node. The dense part covers ids up to a few times the number of memoized
  // nodes, which keeps its size proportional to the memo; nodes with larger ids (a small graph
  // inside a big heap) go to the sparse part, an open-addressing table keyed by node pointer.
  // Invariant: a node is in the dense part exactly when its id is below dense_.size().
  static constexpr std::size_t kDenseSlack = 1024;
  static constexpr std::size_t kMinDense = 64;  // inline: a small graph's memo allocates nothing
  void grow_dense(std::size_t size) {
    dense_.grow_to(std::max({size, dense_.size() * 2, kMinDense}), kMissing);
    if (sparse_used_ == 0) return;
    std::vector<Entry> old(sparse_.size());
    old.swap(sparse_);
    sparse_used_ = 0;
    for (const Entry& e : old) {
      if (e.key == nullptr) continue;
      if (e.key->id < dense_.size()) {
        dense_[e.key->id] = e.index;
      } else {
        put_sparse(e.key, e.index);
      }
    }
  }
  std::uint32_t find_sparse(const core::detail::Node* key) const {
    if (sparse_used_ == 0) return kMissing;
    const std::size_t mask = sparse_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      const Entry& e = sparse_[i];
      if (e.key == key) return e.index;
      if (e.key == nullptr) return kMissing;
    }
  }
  void put_sparse(const core::detail::Node* key, std::uint32_t index) {
    if ((sparse_used_ + 1) * 3 >= sparse_.size() * 2) grow_sparse();
    const std::size_t mask = sparse_.size() - 1;
    std::size_t i = hash(key) & mask;
    while (sparse_[i].key != nullptr) i = (i + 1) & mask;
    sparse_[i] = Entry{key, index};
    ++sparse_used_;
  }
  static std::size_t hash(const void* key) {
    const auto bits = reinterpret_cast<std::uintptr_t>(key);
    return static_cast<std::size_t>((bits >> 4) * 0x9E3779B97F4A7C15ull >> 16);
  }
  void grow_sparse() {
    std::vector<Entry> old(std::max<std::size_t>(sparse_.size() * 2, 64));
    old.swap(sparse_);
    sparse_used_ = 0;
    for (const Entry& e : old) {
      if (e.key != nullptr) put_sparse(e.key, e.index);
    }
  }
  // Inline, not on the heap: a small pickle's whole encode makes only a few allocations. An entry
  // is set only when its bit is, so a new memo clears 2 x 257 bits, not 2 KiB.
  using SharedTable = std::array<std::uint32_t, 257>;

  core::detail::SmallStack<std::uint32_t, kMinDense> dense_;
  std::vector<Entry> sparse_;
  std::size_t sparse_used_ = 0;
  std::size_t used_ = 0;  // nodes memoized (dense and sparse)
  std::uint32_t next_ = 0;
  SharedTable strs_;  // not initialized: read only where strs_seen_ is set
  SharedTable bytes_;
  std::bitset<257> strs_seen_;
  std::bitset<257> bytes_seen_;
  std::unordered_map<std::string, std::uint32_t> named_;
};

}  // namespace hog::core::pickle::detail
