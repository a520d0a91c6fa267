// Internal layout of the value model: arena heaps, nodes, key indexes. Only core/src uses this;
// the codecs build graphs directly through it (no handle traffic on hot paths).
//
// Heaps: every node is allocated in a Heap arena and destroyed with it. A handle (Value) counts
// on the heap its node lives in (`node->home`). Joining two graphs (an object put into a
// container of another heap) merges the smaller heap into the larger: its nodes move over (their
// `home` is rewritten), its arena chunks and its reference count are added, and it is deleted.
// `home` is therefore always the live heap, cycles never leak, and destruction is flat (no
// recursion, whatever the nesting depth). A heap whose last handle goes is emptied and may be
// kept by the thread for its next graph (SpareHeaps in heap.cpp), so decoding small payloads one
// after another allocates nothing. Containers keep their items in the arena too (ItemVector).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "heap_chunk.hpp"
#include "hog/core/value.hpp"
#include "item_vector.hpp"
#include "short_copy.hpp"

namespace hog::core::detail {

class Heap;
struct Node;

using SlotVector = ItemVector<Slot>;
using PairVector = ItemVector<std::pair<Slot, Slot>>;

struct Node {
  explicit Node(Kind k) : kind(k) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  Kind kind;
  // A str or bytes CPython would share by content (empty, one Latin-1 character, one byte) that
  // is its own object all the same: the pickle it was decoded from wrote it anew after an equal
  // one. The encoder memoizes it by identity, and is_shared_by_value() is false for it.
  bool own_object = false;
  // Whether destroying it frees memory outside the arena; Heap::clear() skips the destructors of
  // the others. Set by the kinds that always hold such memory (ints, globals, reduced objects),
  // and by ItemVector when it takes an item block from operator new.
  mutable bool needs_destructor = false;
  // Position in its heap's node list: dense, in allocation order, renumbered when heaps merge.
  // A graph lives in one heap, so within a graph ids are distinct: codecs index tables by them.
  std::uint32_t id = 0;
  Heap* home = nullptr;  // the heap that owns the node now
};

// Index from Python hash to position in an ordered item vector, built once a container has more
// than kSmall items. Up to there a lookup compares keys one by one and no key is hashed at all
// (most dicts in call payloads are small, and hashing their keys costs more than comparing them):
// equal keys have equal hashes, so the answer is the same. Built, it keeps every item's hash and
// an open-addressing table over them. Callers pass a key's hash only where built() (else 0).
class KeyIndex {
 public:
  explicit KeyIndex(const Node* owner) : table_(owner), hashes_(owner) {}
  static constexpr std::size_t kSmall = 8;
  bool built() const { return !table_.empty(); }
  // Builds the index over the first `count` items (`key_at(i)`: the key of item i, whose hash
  // cannot throw: it was checked when the item came in), with room for `room` (>= count) items
  // in all.
  template <class KeyAt>
  void build(std::size_t count, std::size_t room, KeyAt&& key_at);
  // Built: the position of an item equal to `key`, whose hash is `hash`, or -1.
  template <class KeyAt>
  std::ptrdiff_t find_built(const Slot& key, std::int64_t hash, KeyAt&& key_at) const;
  // Not built: the position among the first `count` items of one equal to `key`, or -1.
  template <class KeyAt>
  static std::ptrdiff_t find_unbuilt(const Slot& key, std::size_t count, KeyAt&& key_at);
  // Built: item `position`, the last, came in with `hash`.
  void insert(std::int64_t hash, std::size_t position);
  // Room for `items` items in all, so inserting up to that many moves nothing (once built; before,
  // there is nothing to make room in).
  void reserve(std::size_t items);
  // A hint: the table entry where a lookup of `hash` starts is fetched into the cache.
  void prefetch(std::int64_t hash) const {
    if (table_.empty()) return;
    __builtin_prefetch(&table_[static_cast<std::size_t>(hash) & (table_.size() - 1)]);
  }

 private:
  void grow(std::size_t items);
  // position + 1, 0 when empty; none until built
  ItemVector<std::uint32_t> table_;
  ItemVector<std::int64_t> hashes_;  // of the item at each position
};

struct IntNode : Node {
  explicit IntNode(BigInt v) : Node(Kind::Int), value(std::move(v)) { needs_destructor = true; }
  BigInt value;
};
struct ComplexNode : Node {
  ComplexNode(double r, double i) : Node(Kind::Complex), real(r), imag(i) {}
  double real, imag;
};
// str (UTF-8, surrogatepass) and bytes: immutable, characters in the arena.
struct TextNode : Node {
  TextNode(Kind k, std::string_view d) : Node(k), data(d) {}
  std::string_view data;
};
// bytearray: its bytes in the arena, or in a block its heap adopted (Heap::make_bytearray_view).
struct ByteArrayNode : Node {
  explicit ByteArrayNode(std::string_view d) : Node(Kind::ByteArray), data(d) {}
  std::string_view data;
};
// list and tuple.
struct SequenceNode : Node {
  explicit SequenceNode(Kind k) : Node(k), items(this) {}
  SlotVector items;
};
struct DictNode : Node {
  DictNode() : Node(Kind::Dict), items(this), index(this) {}
  PairVector items;
  KeyIndex index;
};
// set and frozenset.
struct SetNode : Node {
  explicit SetNode(Kind k) : Node(k), items(this), index(this) {}
  SlotVector items;
  KeyIndex index;
};
struct GlobalNode : Node {
  GlobalNode(std::string m, std::string n)
      : Node(Kind::Global), module(std::move(m)), name(std::move(n)) {
    needs_destructor = true;
  }
  std::string module, name;
};
struct ReducedNode : Node {
  ReducedNode() : Node(Kind::Reduced), list_items(this), dict_items(this) {
    needs_destructor = true;  // NumPy's nodes derive from it
  }
  Slot callable;
  Slot args;
  Construction how = Construction::Reduce;
  Slot kwargs;
  bool has_state = false;
  Slot state;
  SlotVector list_items;
  PairVector dict_items;
};

class Heap {
 public:
  // A new, empty heap with no references: the first handle made from one of its nodes keeps it.
  // It may be one this thread emptied before (see SpareHeaps in heap.cpp).
  static Heap* create();

  void retain() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  // The first reference to a heap create() just returned, which no other thread can see yet: a
  // plain store, not an atomic increment.
  void retain_new() noexcept { refs_.store(1, std::memory_order_relaxed); }
  void release() noexcept;

  // Merges the smaller of two heaps into the larger and returns the survivor; the other is
  // deleted. Either may be null (no heap).
  static Heap* unite(Heap* a, Heap* b);

  // Allocates a node in this heap.
  template <class T, class... Args>
  T* make(Args&&... args) {
    void* memory = allocate<alignof(T)>(sizeof(T));
    return enlist(new (memory) T(std::forward<Args>(args)...));
  }
  // The containers (list, tuple, dict, set, frozenset, reduced object) allocated here, those of
  // heaps merged in included: a containment path visits distinct containers, so no graph in this
  // heap nests deeper than this.
  std::size_t container_count() const { return containers_; }
  // A hint: room for `nodes` more nodes in the node list, so it does not grow node by node.
  void reserve(std::size_t nodes) {
    nodes_.reserve(nodes_.size() + nodes);
    chunks_.reserve(kInitialChunks);
  }
  // A hint for a heap with no chunk yet: its first chunk holds `bytes` (at least the first
  // request), later ones double from there, so a graph of about that size takes one chunk. A heap
  // clear() kept a first chunk in has one already, and starts in it.
  void size_first_chunk(std::size_t bytes) {
    if (!chunks_.empty()) return;
    next_chunk_ = std::min<std::size_t>(bytes, kMaxChunk);
  }

  // A str or bytes node; its characters are copied into the arena right behind it.
  TextNode* make_str(std::string_view utf8) { return make_text(Kind::Str, utf8); }
  TextNode* make_bytes(std::string_view data) { return make_text(Kind::Bytes, data); }
  // A bytearray node; its bytes are copied into the arena right behind it.
  ByteArrayNode* make_bytearray(std::string_view data);
  // A bytearray node whose bytes are `data` itself, which must lie in a block adopt() gave this
  // heap (no copy).
  ByteArrayNode* make_bytearray_view(std::string_view data) { return make<ByteArrayNode>(data); }
  // Takes a block of memory to free with the heap's nodes (it moves along when heaps merge).
  void adopt(std::unique_ptr<std::byte[]> block) {
    chunks_.push_back(Chunk::adopt(std::move(block)));
  }

 private:
  friend struct SpareHeaps;
  template <class T>
  friend class ItemVector;
  Heap() = default;
  ~Heap();
  // Destroys the nodes and frees the chunks: an empty heap again, its lists' capacity kept, and
  // its first chunk too when that came from operator new and is at most kMaxKeptChunk bytes
  // (allocation then starts in it again).
  void clear() noexcept;
  // A heap nothing refers to any more: kept for a later create() on this thread, or deleted.
  static void retire(Heap* heap) noexcept;
  // Bump allocation in the current chunk, inline; a new chunk out of line (allocate_in_new_chunk
  // makes room, then allocates here again). Every block takes a multiple of kGrain bytes, so the
  // cursor stays kGrain-aligned (chunks start 16-aligned) and no block needs padding.
  static constexpr std::size_t kGrain = 8;
  template <std::size_t Align>
  void* allocate(std::size_t size) {
    static_assert(Align <= kGrain);
    size = (size + kGrain - 1) & ~(kGrain - 1);
    if (size > static_cast<std::size_t>(chunk_end_ - cursor_)) [[unlikely]]
      return allocate_in_new_chunk(size);
    void* result = cursor_;
    cursor_ += size;
    return result;
  }
  [[gnu::noinline]] void* allocate_in_new_chunk(std::size_t size);
  TextNode* make_text(Kind kind, std::string_view data) {
    const auto [memory, chars] = allocate_with_bytes<TextNode>(data);
    return enlist(new (memory) TextNode(kind, std::string_view(chars, data.size())));
  }
  // Room for a node of type T with a copy of `data` right behind it: where the node goes, and
  // where the copy is.
  template <class T>
  std::pair<void*, char*> allocate_with_bytes(std::string_view data) {
    void* memory = allocate<alignof(T)>(sizeof(T) + data.size());
    char* bytes = static_cast<char*>(memory) + sizeof(T);
    copy_bytes(bytes, data.data(), data.size());
    return {memory, bytes};
  }
  template <class T>
  T* enlist(T* node) {
    if constexpr (std::is_same_v<T, SequenceNode> || std::is_same_v<T, DictNode> ||
                  std::is_same_v<T, SetNode> || std::is_same_v<T, ReducedNode>) {
      ++containers_;
    }
    node->home = this;
    node->id = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(node);
    if (node->needs_destructor) has_destructors_ = true;  // (known here for each T)
    return node;
  }

  std::atomic<std::size_t> refs_{0};
  std::vector<Node*> nodes_;
  // Whether a node in nodes_ needs_destructor: clear() walks them only then.
  bool has_destructors_ = false;
  std::size_t containers_ = 0;
  std::vector<Chunk> chunks_;
  std::byte* cursor_ = nullptr;
  std::byte* chunk_end_ = nullptr;  // of the chunk cursor_ is in
  // The first chunk fits the first request exactly (unless size_first_chunk said otherwise, or
  // clear() kept one), so a one-node heap (a str made on its own) takes no more memory than its
  // node; later chunks double from 256 bytes up to 64 KiB.
  std::size_t next_chunk_ = 0;
  std::size_t first_chunk_bytes_ = 0;  // of chunks_[0]
  // clear() keeps a first chunk of a size asked for (size_first_chunk, as decodes ask) of up to
  // this many bytes for the next graph built in this heap, so a decode in a reused heap allocates
  // no memory.
  static constexpr std::size_t kMaxKeptChunk = 4096;
  static constexpr std::size_t kInitialChunks = 8;
  static constexpr std::size_t kMaxChunk = 1 << 16;
};

// Keeps a new heap alive while a graph is built in it, so a half-built graph is freed when an
// exception escapes. It counts through an anchor node, so it follows the heap through merges.
class HeapGuard {
 public:
  // `first_chunk` and `nodes`: Heap::size_first_chunk's and Heap::reserve's hints for the new
  // heap (0: none).
  explicit HeapGuard(std::size_t first_chunk = 0, std::size_t nodes = 0)
      : anchor_(make_anchor(first_chunk, nodes)) {}
  ~HeapGuard() {
    if (anchor_ != nullptr) anchor_->home->release();
  }
  HeapGuard(const HeapGuard&) = delete;
  HeapGuard& operator=(const HeapGuard&) = delete;
  // Where new nodes go.
  Heap& heap() { return *anchor_->home; }
  // The first handle to the finished graph's `root`. A root node in this heap takes over the
  // guard's reference (no atomic operations), and the guard is done.
  Value finish(const Slot& root) {
    if (anchor_ == nullptr || root.rep != Slot::Rep::Node || root.node->home != anchor_->home) {
      return Value::from_slot(root);
    }
    anchor_ = nullptr;
    return Value::adopt_slot(root);
  }

 private:
  static Node* make_anchor(std::size_t first_chunk, std::size_t nodes) {
    Heap* heap = Heap::create();
    heap->retain_new();
    heap->size_first_chunk(first_chunk);
    try {
      if (nodes != 0) heap->reserve(nodes + 1);
      return heap->make<Node>(Kind::None);
    } catch (...) {
      heap->release();
      throw;
    }
  }
  Node* anchor_;
};
// A new graph whose root node `make_root(heap)` makes in a fresh heap, returned as its first
// handle. Nodes joined to it later keep it alive through that handle (no anchor node is needed).
template <class MakeRoot>
Value new_graph(MakeRoot&& make_root) {
  Heap* heap = Heap::create();
  heap->retain_new();  // freed below if make_root throws; no merge can happen before it returns
  struct Release {
    Heap* heap;
    ~Release() {
      if (heap != nullptr) heap->release();
    }
  } release{heap};
  Node* root = make_root(*heap);
  release.heap = nullptr;  // the handle takes over the reference
  Slot slot;
  slot.rep = Slot::Rep::Node;
  slot.node = root;
  return Value::adopt_slot(slot);
}

template <class T>
inline void ItemVector<T>::take_first_block(std::size_t count) {
  data_ = static_cast<T*>(owner_->home->template allocate<alignof(T)>(count * sizeof(T)));
  capacity_ = count;
}

template <class T>
void ItemVector<T>::reallocate(std::size_t count) {
  T* fresh;
  if (count > kArenaBytes / sizeof(T)) [[unlikely]] {
    fresh = static_cast<T*>(allocate_items_outside_arena(count, sizeof(T)));
    owner_->needs_destructor = true;  // this vector frees the block
    owner_->home->has_destructors_ = true;
  } else {
    fresh = static_cast<T*>(owner_->home->template allocate<alignof(T)>(count * sizeof(T)));
  }
  std::uninitialized_copy(data_, data_ + size_, fresh);
  if (outside_arena()) ::operator delete(data_);
  data_ = fresh;
  capacity_ = count;
}

// Copies a slot field by field. A slot is mostly written field by field (its tag, then its
// value), and a whole-slot copy right after is one 16-byte load that the CPU cannot forward from
// those two smaller stores: it waits for them to reach the cache. The decoder's stack and memo,
// which read back the slot just pushed (MEMOIZE), copy this way.
inline void store_item(Slot& to, const Slot& from) {
  to.rep = from.rep;
  to.i = from.i;
}

inline Kind kind_of(const Slot& slot) {
  switch (slot.rep) {
    case Slot::Rep::None:
      return Kind::None;
    case Slot::Rep::Bool:
      return Kind::Bool;
    case Slot::Rep::SmallInt:
      return Kind::Int;
    case Slot::Rep::Float:
      return Kind::Float;
    case Slot::Rep::Node:
      return slot.node->kind;
  }
  return Kind::None;
}
inline Slot slot_of(Node* node) {
  Slot s;
  s.rep = Slot::Rep::Node;
  s.node = node;
  return s;
}
inline Slot int_slot(std::int64_t v) {
  Slot s;
  s.rep = Slot::Rep::SmallInt;
  s.i = v;
  return s;
}
inline Slot float_slot(double v) {
  Slot s;
  s.rep = Slot::Rep::Float;
  s.f = v;
  return s;
}
inline Slot bool_slot(bool v) {
  Slot s;
  s.rep = Slot::Rep::Bool;
  s.b = v;
  return s;
}
// An int slot: inline when it fits in 64 bits, else a node in `heap`.
Slot make_int(Heap& heap, BigInt value);

// Objects CPython shares by value rather than by creation: the empty str and one-character
// Latin-1 strs, the empty and one-byte bytes, the empty tuple (interpreter singletons), and globals
// (one class object per qualified name). Pickle memoizes them by content; identity tests treat them
// alike.
bool is_shared_by_value(const Slot& slot);
// Whether its content is one CPython shares (is_shared_by_value without the own_object check).
bool is_shared_by_content(const Slot& slot);
// is_shared_by_content for a str or bytes (`kind`) of `data`: the empty one, a one-character
// Latin-1 str (ASCII, or a two-byte sequence for U+0080..U+00FF, lead byte C2 or C3), one byte.
inline bool is_shared_text_content(Kind kind, std::string_view data) {
  if (data.size() <= 1) return true;
  return kind == Kind::Str && data.size() == 2 &&
         (static_cast<unsigned char>(data[0]) == 0xC2 ||
          static_cast<unsigned char>(data[0]) == 0xC3);
}

// Which of the 257 strs CPython shares by content `utf8` is: 0 for the empty str, 1 + c for the
// one Latin-1 character c; -1 for any other str. (The codecs memoize these by content.)
inline std::ptrdiff_t shared_str_slot(std::string_view utf8) {
  if (utf8.empty()) return 0;
  const auto b0 = static_cast<unsigned char>(utf8[0]);
  if (utf8.size() == 1) return 1 + b0;
  if (utf8.size() == 2 && (b0 == 0xC2 || b0 == 0xC3)) {
    return 1 + (((b0 & 0x1f) << 6) | (static_cast<unsigned char>(utf8[1]) & 0x3f));
  }
  return -1;
}

// Python semantics on slots (the public functions wrap these).
bool slot_equal(const Slot& a, const Slot& b);
std::int64_t slot_hash(const Slot& value);  // throws TypeError when unhashable

// dict/set insertion with Python's key collapsing. Return false when the key/member was present.
bool dict_set(DictNode& dict, const Slot& key, const Slot& value);
// dict_set of `count` key/value pairs (pairs[2i] the key, pairs[2i + 1] its value), in order, with
// the same result and the same exception at the same pair as one dict_set after another. Faster
// for many pairs: room is made once, and the index entries of the next keys are prefetched.
void dict_set_pairs(DictNode& dict, const Slot* pairs, std::size_t count);
bool set_add(SetNode& set, const Slot& member);
std::ptrdiff_t dict_find(const DictNode& dict, const Slot& key);
std::ptrdiff_t set_find(const SetNode& set, const Slot& member);

template <class KeyAt>
void KeyIndex::build(std::size_t count, std::size_t room, KeyAt&& key_at) {
  hashes_.reserve(room);
  for (std::size_t position = 0; position < count; ++position) {
    hashes_.push_back(slot_hash(key_at(position)));
  }
  grow(room);  // a table of at least 8 entries, so built() from here on
}

template <class KeyAt>
std::ptrdiff_t KeyIndex::find_built(const Slot& key, std::int64_t hash, KeyAt&& key_at) const {
  const std::size_t mask = table_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
    const std::uint32_t entry = table_[i];
    if (entry == 0) return -1;
    const std::size_t position = entry - 1;
    if (hashes_[position] == hash && slot_equal(key_at(position), key)) {
      return static_cast<std::ptrdiff_t>(position);
    }
  }
}

template <class KeyAt>
std::ptrdiff_t KeyIndex::find_unbuilt(const Slot& key, std::size_t count, KeyAt&& key_at) {
  for (std::size_t position = 0; position < count; ++position) {
    if (slot_equal(key_at(position), key)) return static_cast<std::ptrdiff_t>(position);
  }
  return -1;
}

}  // namespace hog::core::detail
