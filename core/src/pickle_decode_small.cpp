// The pickle decoder's fast path for small pickles (see pickle_decode_small.hpp). Each opcode has
// the general Machine's effect (pickle_decode.cpp), CPython's mark fence included; where the
// Machine would raise, this gives up instead.
#include "pickle_decode_small.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "hog/core/pickle_opcodes.hpp"
#include "hog/core/utf8.hpp"
#include "pickle_decode_reader.hpp"
#include "short_copy.hpp"
#include "value_internal.hpp"

namespace hog::core::pickle::decoding {
namespace {

using detail::Heap;
using detail::Slot;

// The heap's hints, as the Machine gives them: a first arena chunk the graph fits in, and room
// in the node list (every node takes at least one opcode byte), so a fresh heap grows neither.
constexpr std::size_t kArenaBytesPerInputByte = 16;
constexpr std::size_t kMinFirstChunk = 256;
constexpr std::size_t kMaxFirstChunk = 4096;  // what a heap keeps for its next graph
constexpr std::size_t kInitialNodes = 64;

// What this path does for a byte read as an opcode: the step of an opcode it takes (a few share
// one), or giving up. The loop switches on the step rather than the opcode: the steps are dense
// and every byte value has one, so the jump needs no range check.
enum class Step : std::uint8_t {
  GiveUp,
  Proto,
  Frame,
  Stop,
  None,
  Bool,
  BinInt1,
  BinInt2,
  BinInt,
  BinFloat,
  ShortBinUnicode,
  Memoize,
  BinGet,
  Mark,
  ShortTuple,
  Tuple,
  EmptyList,
  EmptyDict,
  Append,
  Appends,
  SetItem,
  SetItems
};

constexpr std::array<Step, 256> kSteps = [] {
  std::array<Step, 256> steps{};  // Step::GiveUp
  const auto set = [&steps](Op op, Step step) { steps[static_cast<std::uint8_t>(op)] = step; };
  set(Op::PROTO, Step::Proto);
  set(Op::FRAME, Step::Frame);
  set(Op::STOP, Step::Stop);
  set(Op::NONE, Step::None);
  set(Op::NEWTRUE, Step::Bool);
  set(Op::NEWFALSE, Step::Bool);
  set(Op::BININT1, Step::BinInt1);
  set(Op::BININT2, Step::BinInt2);
  set(Op::BININT, Step::BinInt);
  set(Op::BINFLOAT, Step::BinFloat);
  set(Op::SHORT_BINUNICODE, Step::ShortBinUnicode);
  set(Op::MEMOIZE, Step::Memoize);
  set(Op::BINGET, Step::BinGet);
  set(Op::MARK, Step::Mark);
  for (const Op op : {Op::EMPTY_TUPLE, Op::TUPLE1, Op::TUPLE2, Op::TUPLE3})
    set(op, Step::ShortTuple);
  set(Op::TUPLE, Step::Tuple);
  set(Op::EMPTY_LIST, Step::EmptyList);
  set(Op::EMPTY_DICT, Step::EmptyDict);
  set(Op::APPEND, Step::Append);
  set(Op::APPENDS, Step::Appends);
  set(Op::SETITEM, Step::SetItem);
  set(Op::SETITEMS, Step::SetItems);
  return steps;
}();

// The decoder's state that the opcode loop does not touch on every opcode lives here; the stack
// pointer, the mark count and the memo count are locals of run(), so they stay in registers
// (the slots' one-byte tags may alias anything in memory, which would make every push reload them).
class SmallDecoder {
 public:
  SmallDecoder(Heap& heap, std::size_t max_depth) : heap_(heap), max_depth_(max_depth) {}

  // Sets `root` to the root of the graph; false when this pickle is not one this path takes.
  bool run(const unsigned char* bytes, std::size_t size, Slot& root) {
    Slot* const base = stack_;
    Slot* top = base;  // the next free slot
    // Marks open: marks_[1, marks]; marks_[0] is the stack's base, and `fence` the top mark (or
    // the base), below which no opcode but a mark's own may reach.
    std::size_t marks = 0;
    marks_[0] = base;
    Slot* fence = base;
    std::size_t memoized = 0;
    // The top mark, taken off (null when there is none).
    const auto pop_mark = [&]() -> Slot* {
      if (marks == 0) return nullptr;
      Slot* const mark = fence;
      fence = marks_[--marks];
      return mark;
    };
    // (No opcode pushes more than one slot, so the stack has room: kStack.)
    const auto push = [&](const Slot& slot) { detail::store_item(*top++, slot); };
    // The top slot into the next memo entry; false when the memo is full.
    const auto memoize = [&] {
      if (memoized == kMemo) return false;
      detail::store_item(memo_[memoized++], top[-1]);
      return true;
    };
    const unsigned char* p = bytes;
    const unsigned char* const end = bytes + size;
    // PROTO and FRAME, as protocol 4+ open a pickle: taken here without dispatches (the loop takes
    // them too, wherever they are).
    if (size >= 11 && p[0] == static_cast<unsigned char>(Op::PROTO) && p[1] <= kHighestProtocol &&
        p[2] == static_cast<unsigned char>(Op::FRAME) && load_le(chars(p + 3), 8) <= size - 11) {
      p += 11;
    }
    while (p < end) {
      const auto op = static_cast<Op>(*p);
      // The input left from this opcode on (computed only where an argument is read).
      const auto left = [&p, end] { return static_cast<std::size_t>(end - p); };
      std::size_t length = 1;  // of the opcode with its argument
      switch (kSteps[*p]) {
        case Step::Proto:
          if (left() < 2 || p[1] > kHighestProtocol) return false;
          length = 2;
          break;
        case Step::Frame:
          if (left() < 9 || load_le(chars(p + 1), 8) > left() - 9) return false;
          length = 9;
          break;
        case Step::Stop:
          if (heap_.container_count() > max_depth_ || top <= fence) return false;
          detail::store_item(root, top[-1]);  // (just pushed: no 16-byte load)
          return true;
        case Step::None:
          push(Slot{});
          break;
        case Step::Bool:
          push(detail::bool_slot(op == Op::NEWTRUE));
          break;
        case Step::BinInt1:
          if (left() < 2) return false;
          push(detail::int_slot(p[1]));
          length = 2;
          break;
        case Step::BinInt2:
          if (left() < 3) return false;
          push(detail::int_slot(load_le(chars(p + 1), 2)));
          length = 3;
          break;
        case Step::BinInt: {
          if (left() < 5) return false;
          const auto value = static_cast<std::uint32_t>(load_le(chars(p + 1), 4));
          push(detail::int_slot(static_cast<std::int32_t>(value)));
          length = 5;
          break;
        }
        case Step::BinFloat:
          if (left() < 9) return false;
          push(detail::float_slot(load_be_double(chars(p + 1))));
          length = 9;
          break;
        case Step::ShortBinUnicode: {
          if (left() < 2 || left() - 2 < p[1]) return false;
          const std::string_view text(chars(p + 2), p[1]);
          if (!valid_utf8(text) || !make_str(text, *top++)) return false;
          length = 2 + text.size();
          goto made_object;
        }
        case Step::Memoize:
          if (top <= fence || !memoize()) return false;
          break;
        case Step::BinGet:
          if (left() < 2 || p[1] >= memoized) return false;
          push(memo_[p[1]]);
          length = 2;
          break;
        case Step::Mark:
          if (marks == kMarks) return false;
          marks_[++marks] = top;
          fence = top;
          break;
        case Step::ShortTuple: {
          const std::size_t count =
              op == Op::EMPTY_TUPLE ? 0 : static_cast<std::uint8_t>(op) - 0x84u;
          if (static_cast<std::size_t>(top - fence) < count) return false;
          top = sequence(Kind::Tuple, top - count, top);
          goto made_object;
        }
        case Step::Tuple: {
          Slot* const mark = pop_mark();
          if (mark == nullptr) return false;
          top = sequence(Kind::Tuple, mark, top);
          goto made_object;
        }
        case Step::EmptyList:
          top = sequence(Kind::List, top, top);
          goto made_object;
        case Step::EmptyDict:
          detail::store_item(*top++, detail::slot_of(heap_.make<detail::DictNode>()));
          goto made_object;
        case Step::Append:
          if (top == base || !append(top - 1, top, fence)) return false;
          top -= 1;
          break;
        case Step::Appends: {
          Slot* const mark = pop_mark();
          if (mark == nullptr || !append(mark, top, fence)) return false;
          top = mark;
          break;
        }
        case Step::SetItem:
          if (top - base < 2 || !set_items(top - 2, top, fence)) return false;
          top -= 2;
          break;
        case Step::SetItems: {
          Slot* const mark = pop_mark();
          if (mark == nullptr || !set_items(mark, top, fence)) return false;
          top = mark;
          break;
        }
        case Step::GiveUp:
          return false;
        default:
          __builtin_unreachable();  // (kSteps holds steps only)
      }
      p += length;
      continue;
    made_object:
      // A new object is on top: the MEMOIZE that protocol 4 writes after it is taken here, as
      // Step::Memoize would, without a dispatch of its own.
      p += length;
      if (p < end && *p == static_cast<unsigned char>(Op::MEMOIZE)) {
        if (!memoize()) return false;
        ++p;
      }
    }
    return false;  // no STOP
  }

 private:
  // Each opcode takes at least a byte and pushes at most one slot, so a pickle this path takes
  // never stacks more than kSmallInputBytes slots.
  static constexpr std::size_t kStack = kSmallInputBytes;
  static constexpr std::size_t kMarks = 8;
  static constexpr std::size_t kMemo = 64;
  static constexpr std::size_t kSharedStrs = 8;

  // Whether `text` is UTF-8 (surrogates allowed, as pickle writes them); short ASCII texts, as
  // names and keys mostly are, are told without a call.
  static bool valid_utf8(std::string_view text) {
    if (text.empty()) return true;
    if (text.size() <= 8) {
      std::uint64_t word = 0;
      detail::copy_short(reinterpret_cast<char*>(&word), text.data(), text.size());
      if ((word & 0x8080808080808080u) == 0) return true;
    }
    return !find_utf8_error(text, true);
  }

  static const char* chars(const unsigned char* p) { return reinterpret_cast<const char*>(p); }

  // A str into `to`; of those CPython shares by content, the first of each content is taken for
  // the shared object and one written anew later is its own object (as the Machine's text()).
  bool make_str(std::string_view utf8, Slot& to) {
    detail::TextNode* node = heap_.make_str(utf8);
    if (const std::ptrdiff_t shared = detail::shared_str_slot(utf8); shared >= 0) {
      std::size_t seen = 0;  // (a plain loop: there are few, mostly none)
      while (seen < shared_count_ && shared_slots_[seen] != shared) ++seen;
      if (seen < shared_count_) {
        node->own_object = true;
      } else if (shared_count_ == kSharedStrs) {
        return false;
      } else {
        shared_slots_[shared_count_++] = shared;
      }
    }
    detail::store_item(to, detail::slot_of(node));
    return true;
  }

  // A list or tuple of the items [from, to), which it replaces; returns the new top.
  Slot* sequence(Kind kind, Slot* from, Slot* to) {
    auto* node = heap_.make<detail::SequenceNode>(kind);
    node->items.assign(from, to);
    detail::store_item(*from, detail::slot_of(node));
    return from + 1;
  }

  // APPEND/APPENDS of the items [x, top) to the list below them (above the mark `fence`).
  static bool append(Slot* x, Slot* top, Slot* fence) {
    if (x <= fence || x > top || detail::kind_of(x[-1]) != Kind::List) return false;
    auto& items = static_cast<detail::SequenceNode*>(x[-1].node)->items;
    items.append(x, top);
    return true;
  }

  // SETITEM/SETITEMS of the pairs [x, top) into the dict below them (above the mark `fence`);
  // keys must be strs or scalars (which hash without fail).
  static bool set_items(Slot* x, Slot* top, Slot* fence) {
    if (x <= fence || x > top || (top - x) % 2 != 0) return false;
    if (detail::kind_of(x[-1]) != Kind::Dict) return false;
    for (const Slot* key = x; key < top; key += 2) {
      if (key->rep == Slot::Rep::Node && key->node->kind != Kind::Str) return false;
    }
    detail::dict_set_pairs(*static_cast<detail::DictNode*>(x[-1].node), x,
                           static_cast<std::size_t>(top - x) / 2);
    return true;
  }

  Heap& heap_;
  std::size_t max_depth_;
  // Raw storage, never initialized: only the slots run() has written are read (Slot's own
  // constructor would clear them all on every decode).
  alignas(Slot) std::byte stack_bytes_[kStack * sizeof(Slot)];
  alignas(Slot) std::byte memo_bytes_[kMemo * sizeof(Slot)];
  Slot* const stack_ = reinterpret_cast<Slot*>(stack_bytes_);
  Slot* const memo_ = reinterpret_cast<Slot*>(memo_bytes_);
  Slot* marks_[1 + kMarks];  // the stack's top at each open MARK, after the base
  std::ptrdiff_t shared_slots_[kSharedStrs];
  std::size_t shared_count_ = 0;
};

}  // namespace

bool decode_small_into(std::span<const std::byte> data, std::size_t max_depth, Value& out) {
  if (data.size() > kSmallInputBytes) return false;
  Heap* heap = Heap::create();
  heap->retain_new();
  struct Release {
    Heap* heap;
    ~Release() {
      if (heap != nullptr) heap->release();
    }
  } release{heap};
  heap->size_first_chunk(
      std::clamp(data.size() * kArenaBytesPerInputByte, kMinFirstChunk, kMaxFirstChunk));
  heap->reserve(std::min(data.size(), kInitialNodes));
  SmallDecoder decoder(*heap, max_depth);
  Slot root;
  if (!decoder.run(reinterpret_cast<const unsigned char*>(data.data()), data.size(), root)) {
    return false;
  }
  if (root.rep != Slot::Rep::Node) {
    out = Value::from_slot(root);
  } else {
    release.heap = nullptr;  // the handle takes over the reference
    out = Value::adopt_slot(root);
  }
  return true;
}

}  // namespace hog::core::pickle::decoding
