// Arena heaps with union-find merging (see value_internal.hpp).
#include <algorithm>
#include <cstring>

#include "value_internal.hpp"

namespace hog::core::detail {

// Heaps emptied on this thread, handed out again by Heap::create(): a decode of a small pickle
// then finds its node and chunk lists already allocated. At most kMax are kept, each only if its
// lists are small, so a thread holds at most a few KiB this way; they are deleted when it exits.
// The list itself is trivially destructible, so heaps freed by later thread-exit destructors
// still find it (closed: they are deleted).
struct SpareHeaps {
  static constexpr std::size_t kMax = 4;
  static constexpr std::size_t kMaxNodeCapacity = 256;
  static constexpr std::size_t kMaxChunkCapacity = 16;
  Heap* heaps[kMax];
  std::size_t count;
  bool closed;

  static bool worth_keeping(const Heap& heap) {
    return heap.nodes_.capacity() <= kMaxNodeCapacity &&
           heap.chunks_.capacity() <= kMaxChunkCapacity;
  }
  void close() {
    while (count > 0) delete heaps[--count];
    closed = true;
  }
};

namespace {

thread_local SpareHeaps spare_heaps{};

// Deletes this thread's spare heaps when it exits; made on the first heap kept.
struct SpareHeapsCloser {
  ~SpareHeapsCloser() { spare_heaps.close(); }
};
thread_local SpareHeapsCloser spare_heaps_closer;

}  // namespace

Heap* Heap::create() {
  if (spare_heaps.count > 0) return spare_heaps.heaps[--spare_heaps.count];
  return new Heap();
}

void Heap::retire(Heap* heap) noexcept {
  heap->clear();
  if (spare_heaps.closed || spare_heaps.count == SpareHeaps::kMax ||
      !SpareHeaps::worth_keeping(*heap)) {
    delete heap;
    return;
  }
  static_cast<void>(spare_heaps_closer);  // constructs it, so the spares are freed at exit
  spare_heaps.heaps[spare_heaps.count++] = heap;
}

Heap::~Heap() {
  clear();
}

void Heap::clear() noexcept {
  if (has_destructors_) {
    for (Node* node : nodes_) {
      if (node->needs_destructor) node->~Node();
    }
    has_destructors_ = false;
  }
  nodes_.clear();
  containers_ = 0;
  // (first_chunk_bytes_ is 0 when chunks_.front() is an adopted block, not a first chunk.)
  if (!chunks_.empty() && !chunks_.front().from_nursery() && first_chunk_bytes_ != 0 &&
      first_chunk_bytes_ <= kMaxKeptChunk) {
    // Kept, and allocation starts in it again: as if it had just been made first chunk.
    chunks_.erase(chunks_.begin() + 1, chunks_.end());
    cursor_ = chunks_.front().data();
    chunk_end_ = cursor_ + first_chunk_bytes_;
    next_chunk_ = std::clamp<std::size_t>(first_chunk_bytes_ * 2, 256, kMaxChunk);
    return;
  }
  chunks_.clear();
  first_chunk_bytes_ = 0;
  cursor_ = nullptr;
  chunk_end_ = nullptr;
  next_chunk_ = 0;
}

// The last reference needs no atomic read-modify-write: when the count is 1, the reference is the
// caller's and no other thread holds one it could copy meanwhile (copying a handle takes holding
// one), so a load that sees 1 (acquire: after every other thread's release) decides alone.
void Heap::release() noexcept {
  if (refs_.load(std::memory_order_acquire) == 1 ||
      refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    retire(this);
  }
}

Heap* Heap::unite(Heap* a, Heap* b) {
  if (!a || a == b) return a ? a : b;
  if (!b) return a;
  // The heap with more nodes absorbs the other, so merging n objects one by one costs O(n log n).
  if (a->nodes_.size() < b->nodes_.size()) std::swap(a, b);
  for (Node* node : b->nodes_) {
    node->home = a;
    node->id = static_cast<std::uint32_t>(a->nodes_.size() + node->id);  // id was its place in b
  }
  a->nodes_.insert(a->nodes_.end(), b->nodes_.begin(), b->nodes_.end());
  b->nodes_.clear();
  a->containers_ += b->containers_;
  a->has_destructors_ = a->has_destructors_ || b->has_destructors_;
  b->has_destructors_ = false;
  for (auto& chunk : b->chunks_) a->chunks_.push_back(std::move(chunk));
  b->chunks_.clear();
  a->refs_.fetch_add(b->refs_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  b->refs_.store(0, std::memory_order_relaxed);
  retire(b);
  return a;
}

void* Heap::allocate_in_new_chunk(std::size_t size) {
  const std::size_t chunk_size = std::max(next_chunk_, size);
  const bool sized_first = chunks_.empty() && next_chunk_ != 0;  // size_first_chunk was called
  // Doubling from 256 bytes, up to 64 KiB: below mmap's threshold, so memory is reused.
  next_chunk_ = std::clamp<std::size_t>(next_chunk_ * 2, 256, kMaxChunk);
  // Not zeroed. A first chunk of a size asked for comes from operator new, to be kept by clear()
  // for the next graph of that kind; an unsized first one (a value made on its own) from the
  // nursery.
  chunks_.push_back(Chunk::allocate(chunk_size, /*nursery=*/chunks_.empty() && !sized_first));
  if (chunks_.size() == 1) first_chunk_bytes_ = chunk_size;
  cursor_ = chunks_.back().data();
  chunk_end_ = cursor_ + chunk_size;
  return allocate<kGrain>(size);  // fits: the chunk has room for size (a multiple of kGrain)
}

void* allocate_items_outside_arena(std::size_t count, std::size_t size) {
  if (count > SIZE_MAX / size) throw std::bad_array_new_length();
  const std::size_t bytes = count * size;
  return ::operator new(bytes);
}

ByteArrayNode* Heap::make_bytearray(std::string_view data) {
  const auto [memory, bytes] = allocate_with_bytes<ByteArrayNode>(data);
  return enlist(new (memory) ByteArrayNode(std::string_view(bytes, data.size())));
}

}  // namespace hog::core::detail
