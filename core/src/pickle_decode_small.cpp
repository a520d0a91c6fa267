// The pickle decoder's fast path for small pickles (see pickle_decode_small.hpp). Each opcode has
// the general Machine's effect (pickle_decode.cpp), CPython's mark fence included; where the
// Machine would raise, this gives up instead.
#include "pickle_decode_small.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "hog/core/pickle_opcodes.hpp"
#include "hog/core/utf8.hpp"
#include "pickle_decode_reader.hpp"
#include "value_internal.hpp"

namespace hog::core::pickle::decoding {
namespace {

using detail::Heap;
using detail::Slot;

// The heap's hints, as the Machine gives them: a first arena chunk the graph fits in, and room
// in the node list (every node takes at least one opcode byte), so a fresh heap grows neither.
constexpr std::size_t kArenaBytesPerInputByte = 16;
constexpr std::size_t kMinFirstChunk = 256;
constexpr std::size_t kInitialNodes = 64;

class SmallDecoder {
 public:
  SmallDecoder(Heap& heap, std::size_t max_depth) : heap_(heap), max_depth_(max_depth) {}

  // The root of the graph, or nullopt when this pickle is not one this path takes.
  std::optional<Slot> run(const unsigned char* bytes, std::size_t size) {
    std::size_t at = 0;
    while (at < size) {
      const auto op = static_cast<Op>(bytes[at]);
      const std::size_t left = size - at;
      std::size_t length = 1;  // of the opcode with its argument
      switch (op) {
        case Op::PROTO:
          if (left < 2 || bytes[at + 1] > kHighestProtocol) return std::nullopt;
          length = 2;
          break;
        case Op::FRAME:
          if (left < 9 || load_le(chars(bytes, at + 1), 8) > left - 9) return std::nullopt;
          length = 9;
          break;
        case Op::STOP:
          if (containers_ > max_depth_ || sp_ <= fence()) return std::nullopt;
          return stack_[sp_ - 1];
        case Op::NONE:
          if (!push(Slot{})) return std::nullopt;
          break;
        case Op::NEWTRUE:
        case Op::NEWFALSE:
          if (!push(detail::bool_slot(op == Op::NEWTRUE))) return std::nullopt;
          break;
        case Op::BININT1:
        case Op::BININT2:
        case Op::BININT: {
          const int width = op == Op::BININT1 ? 1 : op == Op::BININT2 ? 2 : 4;
          if (left < 1 + static_cast<std::size_t>(width)) return std::nullopt;
          const auto value = static_cast<std::uint32_t>(load_le(chars(bytes, at + 1), width));
          if (!push(detail::int_slot(op == Op::BININT ? static_cast<std::int32_t>(value)
                                                      : static_cast<std::int64_t>(value)))) {
            return std::nullopt;
          }
          length = 1 + static_cast<std::size_t>(width);
          break;
        }
        case Op::BINFLOAT:
          if (left < 9 || !push(detail::float_slot(load_be_double(chars(bytes, at + 1))))) {
            return std::nullopt;
          }
          length = 9;
          break;
        case Op::SHORT_BINUNICODE: {
          if (left < 2 || left - 2 < bytes[at + 1]) return std::nullopt;
          const std::string_view text(chars(bytes, at + 2), bytes[at + 1]);
          if (find_utf8_error(text, true) || !push_str(text)) return std::nullopt;
          length = 2 + text.size();
          break;
        }
        case Op::MEMOIZE:
          if (sp_ <= fence() || memo_size_ == kMemo) return std::nullopt;
          detail::store_item(memo_[memo_size_++], stack_[sp_ - 1]);
          break;
        case Op::BINGET:
          if (left < 2 || bytes[at + 1] >= memo_size_ || !push(memo_[bytes[at + 1]])) {
            return std::nullopt;
          }
          length = 2;
          break;
        case Op::MARK:
          if (depth_ == kMarks) return std::nullopt;
          marks_[depth_++] = sp_;
          break;
        case Op::EMPTY_TUPLE:
        case Op::TUPLE1:
        case Op::TUPLE2:
        case Op::TUPLE3: {
          const std::size_t count =
              op == Op::EMPTY_TUPLE ? 0 : static_cast<std::uint8_t>(op) - 0x84u;
          if (sp_ < count || sp_ - count < fence() || (count == 0 && sp_ == kStack)) {
            return std::nullopt;
          }
          sequence(Kind::Tuple, sp_ - count);
          break;
        }
        case Op::TUPLE:
          if (depth_ == 0) return std::nullopt;
          sequence(Kind::Tuple, marks_[--depth_]);
          break;
        case Op::EMPTY_LIST:
          if (sp_ == kStack) return std::nullopt;
          sequence(Kind::List, sp_);
          break;
        case Op::EMPTY_DICT:
          if (sp_ == kStack) return std::nullopt;
          ++containers_;
          detail::store_item(stack_[sp_++], detail::slot_of(heap_.make<detail::DictNode>()));
          break;
        case Op::APPEND:
          if (!append(sp_ - 1)) return std::nullopt;
          break;
        case Op::APPENDS:
          if (depth_ == 0 || !append(marks_[--depth_])) return std::nullopt;
          break;
        case Op::SETITEM:
          if (sp_ < 2 || !set_items(sp_ - 2)) return std::nullopt;
          break;
        case Op::SETITEMS:
          if (depth_ == 0 || !set_items(marks_[--depth_])) return std::nullopt;
          break;
        default:
          return std::nullopt;
      }
      at += length;
    }
    return std::nullopt;  // no STOP
  }

 private:
  static constexpr std::size_t kStack = 32;
  static constexpr std::size_t kMarks = 8;
  static constexpr std::size_t kMemo = 64;
  static constexpr std::size_t kSharedStrs = 8;

  static const char* chars(const unsigned char* bytes, std::size_t at) {
    return reinterpret_cast<const char*>(bytes + at);
  }
  std::size_t fence() const { return depth_ == 0 ? 0 : marks_[depth_ - 1]; }
  bool push(const Slot& slot) {
    if (sp_ == kStack) return false;
    detail::store_item(stack_[sp_++], slot);
    return true;
  }

  // A str; of those CPython shares by content, the first of each content is taken for the shared
  // object and one written anew later is its own object (as the Machine's text()).
  bool push_str(std::string_view utf8) {
    if (sp_ == kStack) return false;
    detail::TextNode* node = heap_.make_str(utf8);
    if (const std::ptrdiff_t shared = detail::shared_str_slot(utf8); shared >= 0) {
      std::ptrdiff_t* const end = shared_slots_ + shared_count_;
      if (std::find(shared_slots_, end, shared) != end) {
        node->own_object = true;
      } else if (shared_count_ == kSharedStrs) {
        return false;
      } else {
        shared_slots_[shared_count_++] = shared;
      }
    }
    detail::store_item(stack_[sp_++], detail::slot_of(node));
    return true;
  }

  // A list or tuple of the stack's items from `start` on, which it replaces.
  void sequence(Kind kind, std::size_t start) {
    ++containers_;
    auto* node = heap_.make<detail::SequenceNode>(kind);
    node->items.assign(stack_ + start, stack_ + sp_);
    sp_ = start;
    detail::store_item(stack_[sp_++], detail::slot_of(node));
  }

  // APPEND/APPENDS of the items from `x` on to the list below them.
  bool append(std::size_t x) {
    if (x <= fence() || x > sp_ || detail::kind_of(stack_[x - 1]) != Kind::List) return false;
    auto& items = static_cast<detail::SequenceNode*>(stack_[x - 1].node)->items;
    items.insert(items.end(), stack_ + x, stack_ + sp_);
    sp_ = x;
    return true;
  }

  // SETITEM/SETITEMS of the pairs from `x` on into the dict below them; keys must be strs or
  // scalars (which hash without fail).
  bool set_items(std::size_t x) {
    if (x <= fence() || x > sp_ || (sp_ - x) % 2 != 0) return false;
    if (detail::kind_of(stack_[x - 1]) != Kind::Dict) return false;
    for (std::size_t i = x; i < sp_; i += 2) {
      if (stack_[i].rep == Slot::Rep::Node && stack_[i].node->kind != Kind::Str) return false;
    }
    detail::dict_set_pairs(*static_cast<detail::DictNode*>(stack_[x - 1].node), stack_ + x,
                           (sp_ - x) / 2);
    sp_ = x;
    return true;
  }

  Heap& heap_;
  std::size_t max_depth_;
  // Raw storage, never initialized: only the slots below sp_ and memo_size_ are read (Slot's own
  // constructor would clear all 96 on every decode).
  alignas(Slot) std::byte stack_bytes_[kStack * sizeof(Slot)];
  alignas(Slot) std::byte memo_bytes_[kMemo * sizeof(Slot)];
  Slot* const stack_ = reinterpret_cast<Slot*>(stack_bytes_);
  Slot* const memo_ = reinterpret_cast<Slot*>(memo_bytes_);
  std::size_t sp_ = 0;
  std::size_t marks_[kMarks];
  std::size_t depth_ = 0;  // marks open
  std::size_t memo_size_ = 0;
  std::size_t containers_ = 0;
  std::ptrdiff_t shared_slots_[kSharedStrs];
  std::size_t shared_count_ = 0;
};

}  // namespace

std::optional<Value> decode_small(std::span<const std::byte> data, std::size_t max_depth) {
  if (data.size() > kSmallInputBytes) return std::nullopt;
  Heap* heap = Heap::create();
  heap->retain_new();
  struct Release {
    Heap* heap;
    ~Release() {
      if (heap != nullptr) heap->release();
    }
  } release{heap};
  heap->size_first_chunk(std::max(data.size() * kArenaBytesPerInputByte, kMinFirstChunk));
  heap->reserve(std::min(data.size(), kInitialNodes));
  SmallDecoder decoder(*heap, max_depth);
  const std::optional<Slot> root =
      decoder.run(reinterpret_cast<const unsigned char*>(data.data()), data.size());
  if (!root) return std::nullopt;
  if (root->rep != Slot::Rep::Node) return Value::from_slot(*root);
  release.heap = nullptr;  // the handle takes over the reference
  return Value::adopt_slot(*root);
}

}  // namespace hog::core::pickle::decoding
