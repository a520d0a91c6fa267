// The pickle encoder's fast path for small graphs (see pickle_encode_small.hpp). The opcodes are
// the general Encoder's choices at protocol 4+ (pickle_encode.cpp, pickle_encode_types.hpp) for
// the value kinds taken here: CPython's save_tuple, batch_list_exact and batch_dict_exact with a
// single batch, MEMOIZE after each new object, BINGET for a memo hit, one frame.
#include "pickle_encode_small.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "hog/core/pickle_opcodes.hpp"
#include "pickle_encode_types.hpp"

namespace hog::core::pickle::detail {
namespace {

using core::detail::DictNode;
using core::detail::Node;
using core::detail::SequenceNode;
using core::detail::Slot;
using core::detail::TextNode;

// The write position is passed in and returned (nullptr: not a graph this path takes) rather than
// kept in a member: every byte written through a char pointer may alias any member, so a member
// position would be reloaded and stored again around each write.
class SmallEncoder {
 public:
  SmallEncoder(std::size_t max_depth, char* end)
      : depth_limit_(std::min(kSmallDepth, max_depth == 0 ? 0 : max_depth - 1)),
        item_limit_(end - kMaxItemBytes),
        close_limit_(end - kMaxCloseBytes) {
    std::memset(memo_by_id_, kMissing, sizeof memo_by_id_);
  }

  // Writes `slot` at p. Inline in the loops over items, so scalars are written without a call.
  [[gnu::always_inline]] char* save(const Slot& slot, char* p, std::size_t depth) {
    // One check covers every byte the item writes itself (its children check their own).
    if (p > item_limit_) return nullptr;
    switch (slot.rep) {
      case Slot::Rep::None:
        *p = static_cast<char>(Op::NONE);
        return p + 1;
      case Slot::Rep::Bool:
        *p = static_cast<char>(slot.b ? Op::NEWTRUE : Op::NEWFALSE);
        return p + 1;
      case Slot::Rep::SmallInt:
        if (slot.i < INT32_MIN || slot.i > INT32_MAX) return nullptr;
        return put_binint(p, slot.i);
      case Slot::Rep::Float: {
        std::uint64_t bits;
        std::memcpy(&bits, &slot.f, sizeof bits);
        bits = __builtin_bswap64(bits);
        *p = static_cast<char>(Op::BINFLOAT);
        std::memcpy(p + 1, &bits, sizeof bits);
        return p + 9;
      }
      case Slot::Rep::Node:
        if (slot.node->kind == Kind::Str && slot.node->id < kSmallNodeIds) {
          return save_str(static_cast<const TextNode*>(slot.node), p);
        }
        return save_container(slot.node, p, depth);
    }
    return nullptr;
  }

 private:
  static constexpr unsigned char kMissing = 0xff;
  static constexpr std::size_t kSharedStrs = 8;
  // The most an item writes itself: a str's SHORT_BINUNICODE header, 255 bytes and MEMOIZE (a
  // container's opening, EMPTY_LIST MEMOIZE MARK, and a memo get take less).
  static constexpr std::size_t kMaxItemBytes = 2 + 0xff + 1;
  // The most a container writes after its items: TUPLE and MEMOIZE.
  static constexpr std::size_t kMaxCloseBytes = 2;

  // MEMOIZE at p for the next memo index, which is recorded for the node with `id`.
  char* memoize(char* p, std::uint32_t id) {
    *p = static_cast<char>(Op::MEMOIZE);
    memo_by_id_[id] = next_index_++;
    return p + 1;
  }
  static char* memo_get(char* p, unsigned char index) {
    p[0] = static_cast<char>(Op::BINGET);
    p[1] = static_cast<char>(index);
    return p + 2;
  }
  bool room_to_close(const char* p) const { return p <= close_limit_; }

  // Any other node: a tuple, list or dict, written, or fetched from the memo.
  [[gnu::noinline]] char* save_container(Node* node, char* p, std::size_t depth) {
    if (node->id >= kSmallNodeIds) return nullptr;
    const unsigned char index = memo_by_id_[node->id];
    switch (node->kind) {
      case Kind::Tuple:
        if (index != kMissing) return memo_get(p, index);
        return save_tuple(static_cast<const SequenceNode*>(node), p, depth);
      case Kind::List:
        if (index != kMissing) return memo_get(p, index);
        return save_list(static_cast<const SequenceNode*>(node), p, depth);
      case Kind::Dict:
        if (index != kMissing) return memo_get(p, index);
        return save_dict(static_cast<const DictNode*>(node), p, depth);
      default:
        return nullptr;
    }
  }

  // A str: by content when CPython shares it (unless it is an object of its own), else by node.
  char* save_str(const TextNode* node, char* p) {
    const unsigned char index_by_node = memo_by_id_[node->id];
    const std::string_view utf8 = node->data;
    const std::ptrdiff_t shared = node->own_object ? -1 : core::detail::shared_str_slot(utf8);
    std::size_t entry = 0;
    if (shared >= 0) {
      while (entry < shared_count_ && shared_slots_[entry] != shared) ++entry;
      if (entry < shared_count_) return memo_get(p, shared_indexes_[entry]);
      if (shared_count_ == kSharedStrs) return nullptr;
    } else if (index_by_node != kMissing) {
      return memo_get(p, index_by_node);
    }
    if (utf8.size() > 0xff) return nullptr;
    p[0] = static_cast<char>(Op::SHORT_BINUNICODE);
    p[1] = static_cast<char>(utf8.size());
    core::detail::copy_bytes(p + 2, utf8.data(), utf8.size());
    p += 2 + utf8.size();
    *p = static_cast<char>(Op::MEMOIZE);
    const unsigned char index = next_index_++;
    if (shared >= 0) {
      shared_slots_[shared_count_] = shared;
      shared_indexes_[shared_count_++] = index;
    } else {
      memo_by_id_[node->id] = index;
    }
    return p + 1;
  }

  // Whether a container of `n` items at `depth` may open here (RecursionError and big
  // containers are the general Encoder's).
  bool may_open(std::size_t n, std::size_t depth) const {
    return n <= kSmallItems && depth < depth_limit_;
  }

  char* save_tuple(const SequenceNode* node, char* p, std::size_t depth) {
    const std::size_t n = node->items.size();
    if (n == 0) {
      *p = static_cast<char>(Op::EMPTY_TUPLE);
      return p + 1;
    }
    if (!may_open(n, depth)) return nullptr;
    if (n > 3) *p++ = static_cast<char>(Op::MARK);
    for (const Slot& item : node->items) {
      p = save(item, p, depth + 1);
      if (p == nullptr) return nullptr;
    }
    // Reached again through its items: the general Encoder drops them and fetches it.
    if (memo_by_id_[node->id] != kMissing || !room_to_close(p)) return nullptr;
    static constexpr Op kTupleOfSize[] = {Op::EMPTY_TUPLE, Op::TUPLE1, Op::TUPLE2, Op::TUPLE3};
    *p = static_cast<char>(n <= 3 ? kTupleOfSize[n] : Op::TUPLE);
    return memoize(p + 1, node->id);
  }

  // EMPTY_LIST or EMPTY_DICT and its memo entry, then the items: one alone then `close1`, or
  // MARK, the items, `close_n` (kSmallItems is below the batch size, so there is one batch).
  template <class Items, class SaveItem>
  char* save_filled(const Node* node, char* p, Op empty, const Items& items, std::size_t depth,
                    Op close1, Op close_n, SaveItem save_item) {
    const std::size_t n = items.size();
    if (n != 0 && !may_open(n, depth)) return nullptr;
    *p = static_cast<char>(empty);
    p = memoize(p + 1, node->id);
    if (n == 0) return p;
    if (n > 1) *p++ = static_cast<char>(Op::MARK);
    for (const auto& item : items) {
      p = save_item(item, p);
      if (p == nullptr) return nullptr;
    }
    if (!room_to_close(p)) return nullptr;
    *p = static_cast<char>(n == 1 ? close1 : close_n);
    return p + 1;
  }

  char* save_list(const SequenceNode* node, char* p, std::size_t depth) {
    return save_filled(node, p, Op::EMPTY_LIST, node->items, depth, Op::APPEND, Op::APPENDS,
                       [&](const Slot& item, char* at) { return save(item, at, depth + 1); });
  }

  char* save_dict(const DictNode* node, char* p, std::size_t depth) {
    return save_filled(node, p, Op::EMPTY_DICT, node->items, depth, Op::SETITEM, Op::SETITEMS,
                       [&](const std::pair<Slot, Slot>& pair, char* at) {
                         at = save(pair.first, at, depth + 1);
                         return at == nullptr ? nullptr : save(pair.second, at, depth + 1);
                       });
  }

  // Containers open at most at depths below this: kSmallDepth, and where one more level still
  // keeps within max_depth.
  std::size_t depth_limit_;
  // The last places where an item, and a container's closing, still fit before the end.
  const char* const item_limit_;
  const char* const close_limit_;
  unsigned char next_index_ = 0;
  unsigned char memo_by_id_[kSmallNodeIds];
  std::size_t shared_count_ = 0;
  std::ptrdiff_t shared_slots_[kSharedStrs];
  unsigned char shared_indexes_[kSharedStrs];
};

}  // namespace

std::size_t encode_small(const Slot& root, int protocol, std::size_t max_depth,
                         std::span<char, kSmallPickleBytes> out) {
  if (protocol < 4) return 0;
  constexpr std::size_t kHeader = 2 + Writer::kFrameHeaderSize;  // PROTO, FRAME
  char* const body = out.data() + kHeader;
  SmallEncoder encoder(max_depth, out.data() + out.size() - 1);  // room for STOP
  char* end = encoder.save(root, body, 0);
  if (end == nullptr) return 0;
  *end++ = static_cast<char>(Op::STOP);
  out[0] = static_cast<char>(Op::PROTO);
  out[1] = static_cast<char>(protocol);
  const auto frame = static_cast<std::uint64_t>(end - body);
  if (frame < Writer::kFrameSizeMin) {  // too short for a frame: no header (FRAME_SIZE_MIN)
    std::memmove(out.data() + 2, body, frame);
    return 2 + frame;
  }
  out[2] = static_cast<char>(Op::FRAME);
  for (int i = 0; i < 8; ++i) out[3 + i] = static_cast<char>(frame >> (8 * i));
  return static_cast<std::size_t>(end - out.data());
}

}  // namespace hog::core::pickle::detail
