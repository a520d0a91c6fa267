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

class SmallEncoder {
 public:
  SmallEncoder(std::size_t max_depth, char* out, char* end)
      : depth_limit_(std::min(kSmallDepth, max_depth == 0 ? 0 : max_depth - 1)),
        p_(out),
        item_limit_(end - kMaxItemBytes),
        close_limit_(end - kMaxCloseBytes) {
    std::memset(memo_by_id_, kMissing, sizeof memo_by_id_);
  }

  // Writes `slot`; false when the graph is not one this path takes. Inline in the loops over
  // items, so scalars are written without a call.
  [[gnu::always_inline]] bool save(const Slot& slot, std::size_t depth) {
    // One check covers every byte the item writes itself (its children check their own).
    if (p_ > item_limit_) return false;
    switch (slot.rep) {
      case Slot::Rep::None:
        *p_++ = static_cast<char>(Op::NONE);
        return true;
      case Slot::Rep::Bool:
        *p_++ = static_cast<char>(slot.b ? Op::NEWTRUE : Op::NEWFALSE);
        return true;
      case Slot::Rep::SmallInt:
        if (slot.i < INT32_MIN || slot.i > INT32_MAX) return false;
        p_ = put_binint(p_, slot.i);
        return true;
      case Slot::Rep::Float: {
        std::uint64_t bits;
        std::memcpy(&bits, &slot.f, sizeof bits);
        bits = __builtin_bswap64(bits);
        *p_ = static_cast<char>(Op::BINFLOAT);
        std::memcpy(p_ + 1, &bits, sizeof bits);
        p_ += 9;
        return true;
      }
      case Slot::Rep::Node:
        if (slot.node->kind == Kind::Str && slot.node->id < kSmallNodeIds) {
          return save_str(static_cast<const TextNode*>(slot.node));
        }
        return save_container(slot.node, depth);
    }
    return false;
  }

  char* position() const { return p_; }

 private:
  static constexpr unsigned char kMissing = 0xff;
  static constexpr std::size_t kSharedStrs = 8;
  // The most an item writes itself: a str's SHORT_BINUNICODE header, 255 bytes and MEMOIZE (a
  // container's opening, EMPTY_LIST MEMOIZE MARK, and a memo get take less).
  static constexpr std::size_t kMaxItemBytes = 2 + 0xff + 1;
  // The most a container writes after its items: TUPLE and MEMOIZE.
  static constexpr std::size_t kMaxCloseBytes = 2;

  // The next memo index, written as MEMOIZE.
  unsigned char memoize() {
    *p_++ = static_cast<char>(Op::MEMOIZE);
    return next_index_++;
  }
  bool memo_get(unsigned char index) {
    p_[0] = static_cast<char>(Op::BINGET);
    p_[1] = static_cast<char>(index);
    p_ += 2;
    return true;
  }
  bool room_to_close() const { return p_ <= close_limit_; }

  // Any other node: a tuple, list or dict, written, or fetched from the memo.
  [[gnu::noinline]] bool save_container(Node* node, std::size_t depth) {
    if (node->id >= kSmallNodeIds) return false;
    const unsigned char index = memo_by_id_[node->id];
    switch (node->kind) {
      case Kind::Tuple:
        if (index != kMissing) return memo_get(index);
        return save_tuple(static_cast<const SequenceNode*>(node), depth);
      case Kind::List:
        if (index != kMissing) return memo_get(index);
        return save_list(static_cast<const SequenceNode*>(node), depth);
      case Kind::Dict:
        if (index != kMissing) return memo_get(index);
        return save_dict(static_cast<const DictNode*>(node), depth);
      default:
        return false;
    }
  }

  // A str: by content when CPython shares it (unless it is an object of its own), else by node.
  bool save_str(const TextNode* node) {
    const unsigned char index_by_node = memo_by_id_[node->id];
    const std::string_view utf8 = node->data;
    const std::ptrdiff_t shared = node->own_object ? -1 : core::detail::shared_str_slot(utf8);
    std::size_t entry = 0;
    if (shared >= 0) {
      while (entry < shared_count_ && shared_slots_[entry] != shared) ++entry;
      if (entry < shared_count_) return memo_get(shared_indexes_[entry]);
      if (shared_count_ == kSharedStrs) return false;
    } else if (index_by_node != kMissing) {
      return memo_get(index_by_node);
    }
    if (utf8.size() > 0xff) return false;
    p_[0] = static_cast<char>(Op::SHORT_BINUNICODE);
    p_[1] = static_cast<char>(utf8.size());
    core::detail::copy_bytes(p_ + 2, utf8.data(), utf8.size());
    p_ += 2 + utf8.size();
    const unsigned char index = memoize();
    if (shared >= 0) {
      shared_slots_[shared_count_] = shared;
      shared_indexes_[shared_count_++] = index;
    } else {
      memo_by_id_[node->id] = index;
    }
    return true;
  }

  // Whether a container of `n` items at `depth` may open here (RecursionError and big
  // containers are the general Encoder's).
  bool may_open(std::size_t n, std::size_t depth) const {
    return n <= kSmallItems && depth < depth_limit_;
  }

  bool save_tuple(const SequenceNode* node, std::size_t depth) {
    const std::size_t n = node->items.size();
    if (n == 0) {
      *p_++ = static_cast<char>(Op::EMPTY_TUPLE);
      return true;
    }
    if (!may_open(n, depth)) return false;
    if (n > 3) *p_++ = static_cast<char>(Op::MARK);
    for (const Slot& item : node->items) {
      if (!save(item, depth + 1)) return false;
    }
    // Reached again through its items: the general Encoder drops them and fetches it.
    if (memo_by_id_[node->id] != kMissing || !room_to_close()) return false;
    static constexpr Op kTupleOfSize[] = {Op::EMPTY_TUPLE, Op::TUPLE1, Op::TUPLE2, Op::TUPLE3};
    *p_++ = static_cast<char>(n <= 3 ? kTupleOfSize[n] : Op::TUPLE);
    memo_by_id_[node->id] = memoize();
    return true;
  }

  // EMPTY_LIST or EMPTY_DICT and its memo entry, then the items: one alone then `close1`, or
  // MARK, the items, `close_n` (kSmallItems is below the batch size, so there is one batch).
  template <class Items, class SaveItem>
  bool save_filled(const Node* node, Op empty, const Items& items, std::size_t depth, Op close1,
                   Op close_n, SaveItem save_item) {
    const std::size_t n = items.size();
    if (n != 0 && !may_open(n, depth)) return false;
    *p_++ = static_cast<char>(empty);
    memo_by_id_[node->id] = memoize();
    if (n == 0) return true;
    if (n > 1) *p_++ = static_cast<char>(Op::MARK);
    for (const auto& item : items) {
      if (!save_item(item)) return false;
    }
    if (!room_to_close()) return false;
    *p_++ = static_cast<char>(n == 1 ? close1 : close_n);
    return true;
  }

  bool save_list(const SequenceNode* node, std::size_t depth) {
    return save_filled(node, Op::EMPTY_LIST, node->items, depth, Op::APPEND, Op::APPENDS,
                       [&](const Slot& item) { return save(item, depth + 1); });
  }

  bool save_dict(const DictNode* node, std::size_t depth) {
    return save_filled(node, Op::EMPTY_DICT, node->items, depth, Op::SETITEM, Op::SETITEMS,
                       [&](const std::pair<Slot, Slot>& pair) {
                         return save(pair.first, depth + 1) && save(pair.second, depth + 1);
                       });
  }

  // Containers open at most at depths below this: kSmallDepth, and where one more level still
  // keeps within max_depth.
  std::size_t depth_limit_;
  char* p_;
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
  SmallEncoder encoder(max_depth, body, out.data() + out.size() - 1);  // room for STOP
  if (!encoder.save(root, 0)) return 0;
  char* end = encoder.position();
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
