// The memory blocks heaps carve nodes from.
//
// A Chunk comes from operator new, or, for the small first chunk of a fresh heap, from a nursery:
// a per-thread slab that hands out such chunks one after another. A value made on its own (one
// str, one Value per list item) lives in its own heap, and without the nursery its node would sit
// between that heap's bookkeeping blocks; with it, values made one after another lie next to each
// other in memory, as nodes decoded into one heap do, and a walk over a container of them reads
// memory in order (serializing 200 000 such strs is about twice as fast).
//
// Contract: a Chunk owns its memory (move-only; freeing is thread-safe — a slab is freed when the
// last chunk carved from it is gone and its thread has moved on to a new slab or exited). Nursery
// chunks are at most kNurseryMaxBytes; a long-lived one keeps its whole slab (kSlabBytes) alive.
#pragma once

#include <cstddef>
#include <memory>

namespace hog::core::detail {

class Slab;

class Chunk {
 public:
  static constexpr std::size_t kNurseryMaxBytes = 256;
  static constexpr std::size_t kSlabBytes = 16 * 1024;
  static constexpr std::size_t kAlignment = 16;  // of data(), as operator new gives

  // `size` bytes, not zeroed; from the calling thread's nursery when `nursery` and size allows.
  static Chunk allocate(std::size_t size, bool nursery);
  // Owns `block` from now on.
  static Chunk adopt(std::unique_ptr<std::byte[]> block) { return Chunk(block.release(), nullptr); }

  Chunk() = default;  // no memory
  Chunk(Chunk&& other) noexcept : data_(other.data_), slab_(other.slab_) {
    other.data_ = nullptr;
    other.slab_ = nullptr;
  }
  Chunk& operator=(Chunk&& other) noexcept {
    if (this != &other) {
      free();
      data_ = other.data_;
      slab_ = other.slab_;
      other.data_ = nullptr;
      other.slab_ = nullptr;
    }
    return *this;
  }
  Chunk(const Chunk&) = delete;
  Chunk& operator=(const Chunk&) = delete;
  ~Chunk() { free(); }

  std::byte* data() const { return data_; }
  bool from_nursery() const { return slab_ != nullptr; }

 private:
  Chunk(std::byte* data, Slab* slab) : data_(data), slab_(slab) {}
  // Inline for the chunks that hold nothing (moved from), which a heap's emptying mostly meets.
  void free() noexcept {
    if (data_ != nullptr) free_memory();
  }
  void free_memory() noexcept;

  std::byte* data_ = nullptr;
  Slab* slab_ = nullptr;  // null when data_ came from operator new
};

}  // namespace hog::core::detail
