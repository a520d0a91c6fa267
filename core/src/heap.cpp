// Arena heaps with union-find merging (see value_internal.hpp).
#include <algorithm>
#include <cstring>

#include "value_internal.hpp"

namespace hog::core::detail {

Heap::~Heap() {
  for (Node* node : nodes_) node->~Node();
}

void Heap::release() noexcept {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
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
  for (auto& chunk : b->chunks_) a->chunks_.push_back(std::move(chunk));
  b->chunks_.clear();
  a->refs_.fetch_add(b->refs_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  delete b;
  return a;
}

void* Heap::allocate(std::size_t size, std::size_t align) {
  auto aligned = [&]() -> void* {
    const auto address = reinterpret_cast<std::uintptr_t>(cursor_);
    const std::size_t padding = (0 - address) & (align - 1);  // align is a power of two
    if (cursor_ == nullptr || padding + size > remaining_) return nullptr;
    void* result = cursor_ + padding;
    cursor_ += padding + size;
    remaining_ -= padding + size;
    return result;
  };
  if (void* result = aligned()) return result;
  const std::size_t chunk_size = std::max(next_chunk_, size + align);
  // Doubling from 256 bytes, up to 64 KiB: below mmap's threshold, so memory is reused.
  next_chunk_ = std::clamp<std::size_t>(next_chunk_ * 2, 256, kMaxChunk);
  chunks_.push_back(Chunk::allocate(chunk_size, /*nursery=*/chunks_.empty()));  // not zeroed
  cursor_ = chunks_.back().data();
  remaining_ = chunk_size;
  return aligned();
}

TextNode* Heap::make_text(Kind kind, std::string_view data) {
  void* memory = allocate(sizeof(TextNode) + data.size(), alignof(TextNode));
  char* chars = static_cast<char*>(memory) + sizeof(TextNode);
  if (!data.empty()) std::memcpy(chars, data.data(), data.size());
  return enlist(new (memory) TextNode(kind, std::string_view(chars, data.size())));
}

}  // namespace hog::core::detail
