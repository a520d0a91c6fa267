// The pickle encoder's memo: which objects were already written, and under which memo index.
//
// Contract: indexes are handed out in order (0, 1, 2, ...) exactly as CPython's pickler numbers
// its memo. Objects are keyed three ways, mirroring what is one object in CPython:
// - by node pointer (identity) — str, bytes, bytearray, containers, complex, reduced objects;
// - by content, for CPython's shared singletons: the empty and one-character Latin-1 str, the
//   empty and one-byte bytes (char_key/byte_key), and named objects — globals (one class or
//   function per qualified name) and interned strs such as module names (name keys);
// - not at all: temporaries CPython builds while saving (fresh()) take an index and are never
//   looked up again.
// The pointer table is open addressing with linear probing; lookups and inserts never allocate
// except when the table grows. Not thread-safe; one per encode().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hog::core::pickle::detail {

class Memo {
 public:
  static constexpr std::uint32_t kMissing = UINT32_MAX;

  Memo() : table_(64) {}

  std::uint32_t find(const void* key) const {
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      const Entry& e = table_[i];
      if (e.key == key) return e.index;
      if (e.key == nullptr) return kMissing;
    }
  }
  std::uint32_t put(const void* key) {
    if ((used_ + 1) * 3 >= table_.size() * 2) grow();
    const std::size_t mask = table_.size() - 1;
    std::size_t i = hash(key) & mask;
    while (table_[i].key != nullptr) i = (i + 1) & mask;
    table_[i] = Entry{key, next_};
    ++used_;
    return next_++;
  }

  // Shared singletons by content: slot 0 is the empty object, slot 1 + c the one with unit c.
  std::uint32_t find_shared_str(std::size_t slot) const { return strs_[slot]; }
  std::uint32_t put_shared_str(std::size_t slot) { return strs_[slot] = next_++; }
  std::uint32_t find_shared_bytes(std::size_t slot) const { return bytes_[slot]; }
  std::uint32_t put_shared_bytes(std::size_t slot) { return bytes_[slot] = next_++; }

  // Named objects (globals, interned strs), keyed by a caller-built string.
  std::uint32_t find_named(const std::string& key) const {
    const auto it = named_.find(key);
    return it == named_.end() ? kMissing : it->second;
  }
  std::uint32_t put_named(std::string key) { return named_[std::move(key)] = next_++; }

  std::uint32_t fresh() { return next_++; }

 private:
  struct Entry {
    const void* key = nullptr;
    std::uint32_t index = 0;
  };
  static std::size_t hash(const void* key) {
    const auto bits = reinterpret_cast<std::uintptr_t>(key);
    return static_cast<std::size_t>((bits >> 4) * 0x9E3779B97F4A7C15ull >> 16);
  }
  void grow() {
    std::vector<Entry> old(table_.size() * 2);
    old.swap(table_);
    const std::size_t mask = table_.size() - 1;
    for (const Entry& e : old) {
      if (e.key == nullptr) continue;
      std::size_t i = hash(e.key) & mask;
      while (table_[i].key != nullptr) i = (i + 1) & mask;
      table_[i] = e;
    }
  }
  static std::vector<std::uint32_t> missing_table() {
    return std::vector<std::uint32_t>(257, kMissing);
  }

  std::vector<Entry> table_;
  std::size_t used_ = 0;
  std::uint32_t next_ = 0;
  std::vector<std::uint32_t> strs_ = missing_table();
  std::vector<std::uint32_t> bytes_ = missing_table();
  std::unordered_map<std::string, std::uint32_t> named_;
};

}  // namespace hog::core::pickle::detail
