// Heap memory blocks and the per-thread nursery (see heap_chunk.hpp).
#include "heap_chunk.hpp"

#include <atomic>
#include <new>

namespace hog::core::detail {

class Slab {
 public:
  // Room for `size` bytes (a multiple of Chunk::kAlignment), or null when the slab is full.
  std::byte* take(std::size_t size) {
    if (size > Chunk::kSlabBytes - used_) return nullptr;
    std::byte* result = data_ + used_;
    used_ += size;
    holds_.fetch_add(1, std::memory_order_relaxed);
    return result;
  }
  // Drops one hold (a chunk, or the thread that allocates from it); the last one frees the slab.
  void release() noexcept {
    if (holds_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  alignas(Chunk::kAlignment) std::byte data_[Chunk::kSlabBytes];
  std::size_t used_ = 0;
  std::atomic<std::size_t> holds_{1};  // chunks alive, plus one while it is a thread's current slab
};

namespace {

// The slab this thread carves nursery chunks from; released when the thread exits.
struct Nursery {
  Slab* current = nullptr;
  ~Nursery() {
    if (current != nullptr) current->release();
  }
  std::byte* take(std::size_t size, Slab*& from) {
    std::byte* result = current != nullptr ? current->take(size) : nullptr;
    if (result == nullptr) {
      Slab* fresh = new Slab();
      if (current != nullptr) current->release();
      current = fresh;
      result = current->take(size);
    }
    from = current;
    return result;
  }
};
thread_local Nursery nursery;

}  // namespace

Chunk Chunk::allocate(std::size_t size, bool use_nursery) {
  if (use_nursery && size <= kNurseryMaxBytes) {
    const std::size_t rounded = (size + kAlignment - 1) / kAlignment * kAlignment;
    Slab* slab = nullptr;
    std::byte* data = nursery.take(rounded, slab);
    return Chunk(data, slab);
  }
  return Chunk(new std::byte[size], nullptr);
}

void Chunk::free_memory() noexcept {
  if (slab_ != nullptr) {
    slab_->release();
  } else {
    delete[] data_;
  }
  data_ = nullptr;
  slab_ = nullptr;
}

}  // namespace hog::core::detail
