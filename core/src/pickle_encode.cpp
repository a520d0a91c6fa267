// pickle::encode: the walk over the value graph and the built-in containers, following save(),
// save_tuple, save_list/batch_list_exact, save_dict/batch_dict_exact, save_set and save_frozenset
// in CPython 3.11's Modules/_pickle.c (see pickle_encode_walk.hpp).
#include <string>

#include "base64_internal.hpp"
#include "hog/core/base64.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/pickle.hpp"
#include "hog/core/pickle_opcodes.hpp"
#include "numpy_internal.hpp"
#include "pickle_encode_base64.hpp"
#include "pickle_encode_small.hpp"
#include "pickle_encode_types.hpp"
#include "pickle_encode_walk.hpp"

namespace hog::core::pickle {
namespace detail {
namespace {

using core::detail::DictNode;
using core::detail::IntNode;
using core::detail::SequenceNode;
using core::detail::SetNode;
using core::detail::TextNode;

// A first guess at the output size, so typical payloads never reallocate the buffer.
std::size_t estimate_size(const Slot& root) {
  if (root.rep != Slot::Rep::Node) return 64;
  const Node* node = root.node;
  switch (node->kind) {
    case Kind::List:
    case Kind::Tuple:
      return 64 + 12 * static_cast<const SequenceNode*>(node)->items.size();
    case Kind::Dict:
      return 64 + 28 * static_cast<const DictNode*>(node)->items.size();
    case Kind::Set:
    case Kind::FrozenSet:
      return 64 + 12 * static_cast<const SetNode*>(node)->items.size();
    case Kind::Str:
    case Kind::Bytes:
      return 64 + static_cast<const TextNode*>(node)->data.size();
    case Kind::NDArray:  // the elements are written in one piece
      return 256 +
             core::detail::array_bytes(*static_cast<const core::detail::NDArrayNode*>(node)).size();
    default:
      return 256;
  }
}

}  // namespace

Encoder::Encoder(const EncodeOptions& options, std::size_t reserve)
    : protocol_(options.protocol), max_depth_(options.max_depth), w_(reserve) {}

void Encoder::write_pickle(const Slot& root) {
  if (protocol_ >= 2) {
    w_.op(Op::PROTO, static_cast<std::uint8_t>(protocol_));  // PROTO
    if (protocol_ >= 4) w_.enable_framing();
  }
  if (save(root)) {
    while (!stack_.empty()) resume();
  }
  w_.op(Op::STOP);  // STOP
}

std::string Encoder::run(const Slot& root) {
  write_pickle(root);
  return w_.finish();
}

std::string Encoder::run_base64(const Slot& root, std::string_view prefix) {
  write_pickle(root);
  return base64::encode(w_.finish_view(), prefix);
}

void Encoder::put_index(std::uint32_t index) {
  write_memo_put(w_, protocol_, index);
}
void Encoder::get_index(std::uint32_t index) {
  write_memo_get(w_, protocol_, index);
}

void Encoder::save_str(std::string_view utf8, const Node* node, const std::string* name_key) {
  const std::ptrdiff_t slot =
      node != nullptr && node->own_object ? -1 : core::detail::shared_str_slot(utf8);
  std::uint32_t index = Memo::kMissing;
  if (slot >= 0) {
    index = memo_.find_shared_str(static_cast<std::size_t>(slot));
  } else if (node != nullptr) {
    index = memo_.find(node);
  } else if (name_key != nullptr) {
    index = memo_.find_named(*name_key);
  }
  if (index != Memo::kMissing) {
    get_index(index);
    return;
  }
  write_str(w_, protocol_, utf8);
  if (slot >= 0) {
    index = memo_.put_shared_str(static_cast<std::size_t>(slot));
  } else if (node != nullptr) {
    index = memo_.put(node);
  } else if (name_key != nullptr) {
    index = memo_.put_named(*name_key);
  } else {
    index = memo_.fresh();
  }
  put_index(index);
}

// A slot without a node: None, bool, an int that fits 64 bits, float. Inline, for the loops.
inline void Encoder::save_scalar(const Slot& slot) {
  w_.opcode_boundary();
  switch (slot.rep) {
    case Slot::Rep::None:
      w_.op(Op::NONE);
      return;
    case Slot::Rep::Bool:
      write_bool(w_, protocol_, slot.b);
      return;
    case Slot::Rep::SmallInt:
      write_small_int(w_, protocol_, slot.i);
      return;
    case Slot::Rep::Float:
      write_float(w_, protocol_, slot.f);
      return;
    case Slot::Rep::Node:
      return;
  }
}

bool Encoder::save(const Slot& slot) {
  if (slot.rep != Slot::Rep::Node) {
    save_scalar(slot);
    return false;
  }
  w_.opcode_boundary();
  Node* node = slot.node;
  switch (node->kind) {
    case Kind::Int:
      write_bigint(w_, protocol_, static_cast<IntNode*>(node)->value);
      return false;
    case Kind::Str:
      save_str(static_cast<TextNode*>(node)->data, node, nullptr);
      return false;
    case Kind::Bytes:
      save_bytes(static_cast<TextNode*>(node)->data, node);
      return false;
    case Kind::Global: {
      const auto* global = static_cast<core::detail::GlobalNode*>(node);
      save_global_after_boundary(global->module, global->name);
      return false;
    }
    case Kind::NumpyDType:
      save_numpy_dtype(node);
      return false;
    default:
      break;
  }
  const std::uint32_t index = memo_.find(node);
  if (index != Memo::kMissing) {
    get_index(index);
    return false;
  }
  switch (node->kind) {
    case Kind::Complex:
      save_complex(node);
      return false;
    case Kind::ByteArray:
      save_bytearray(node);
      return false;
    case Kind::Tuple:
      return begin_tuple(node);
    case Kind::List:
      return begin_list(node);
    case Kind::Dict:
      return begin_dict(node);
    case Kind::Set:
      return begin_set(node);
    case Kind::FrozenSet:
      return begin_frozenset(node);
    case Kind::Reduced:
      return begin_reduced(node);
    case Kind::NDArray:
      save_ndarray(node);
      return false;
    case Kind::NumpyScalar:
      save_numpy_scalar(node);
      return false;
    default:
      throw PicklingError("cannot pickle a value of kind '" + std::string(kind_name(node->kind)) +
                          "'");
  }
}

void Encoder::check_depth() const {
  if (stack_.size() + inline_depth_ >= max_depth_) {
    throw RecursionError(
        "maximum recursion depth exceeded while pickling an object (containers nested deeper "
        "than max_depth = " +
        std::to_string(max_depth_) + ")");
  }
}

bool Encoder::push(Frame::Type type, Node* node, Batcher batch) {
  check_depth();
  stack_.push(Frame{type, 0, false, node, 0, batch});
  return true;
}

void Encoder::save_now(const Slot& slot) {
  if (!save(slot)) return;
  const std::size_t below = stack_.size() - 1;
  while (stack_.size() > below) resume();
}

bool Encoder::save_str_scalar_item(const Slot& key, const Slot& value) {
  if (key.rep != Slot::Rep::Node || value.rep == Slot::Rep::Node || !save_short_str(key.node)) {
    return false;
  }
  save_scalar(value);
  return true;
}

void Encoder::save_pair(const Slot& key, const Slot& value) {
  if (save_str_scalar_item(key, value)) return;
  save_now(key);
  save_now(value);
}

template <class Items, class SaveItem>
void Encoder::save_each_inline(const Items& items, SaveItem save_item) {
  check_depth();
  ++inline_depth_;
  for (const auto& item : items) save_item(item);
  --inline_depth_;
}

template <class Items, class SaveItem>
void Encoder::save_items_inline(const Items& items, SaveItem save_item, Op close1, Op close_n) {
  const bool alone = items.size() == 1;
  if (!alone) w_.op(Op::MARK);
  save_each_inline(items, save_item);
  w_.op(alone ? close1 : close_n);
}

void Encoder::resume() {
  Frame& f = stack_.back();
  switch (f.type) {
    case Frame::Type::Tuple:
      resume_tuple(f);
      break;
    case Frame::Type::List:
    case Frame::Type::Dict:
    case Frame::Type::Set:
      resume_batched(f);
      break;
    case Frame::Type::FrozenSet:
      resume_frozenset(f);
      break;
    case Frame::Type::SetReduce:
      resume_set_reduce(f);
      break;
    case Frame::Type::Reduced:
      resume_reduced(f);
      break;
  }
}

bool Encoder::run_batch(Frame& f, const Slot* items, const std::pair<Slot, Slot>* pairs, Op close1,
                        Op close_n) {
  for (;;) {
    if (f.value_pending) {
      f.value_pending = false;
      if (save(pairs[f.batch.current()].second)) return false;
      continue;
    }
    switch (f.batch.next()) {
      case BatchToken::Mark:
        w_.op(Op::MARK);
        break;
      case BatchToken::Unit:
        if (pairs != nullptr) {
          const auto& [key, value] = pairs[f.batch.current()];
          if (save_str_scalar_item(key, value)) break;
          f.value_pending = true;
          if (save(pairs[f.batch.current()].first)) return false;
        } else if (save(items[f.batch.current()])) {
          return false;
        } else {
          save_scalar_run(f, items);
        }
        break;
      case BatchToken::Close1:
        w_.op(close1);
        break;
      case BatchToken::CloseN:
        w_.op(close_n);
        break;
      case BatchToken::Done:
        return true;
    }
  }
}

// A str of 3 to 255 bytes met for the first time, at protocol 4+: SHORT_BINUNICODE and MEMOIZE
// written in one go (what save_str writes for it). False, writing nothing, for any other node.
bool Encoder::save_short_str(const Node* node) {
  if (protocol_ < 4 || node->kind != Kind::Str) return false;
  const std::string_view utf8 = static_cast<const TextNode*>(node)->data;
  // Up to 2 bytes it may be a shared str; from 256 on it takes a longer opcode.
  if (utf8.size() <= 2 || utf8.size() > 255 || memo_.find(node) != Memo::kMissing) return false;
  w_.opcode_boundary();
  char* p = w_.begin_run(utf8.size() + 3);
  p[0] = static_cast<char>(Op::SHORT_BINUNICODE);
  p[1] = static_cast<char>(utf8.size());
  std::memcpy(p + 2, utf8.data(), utf8.size());
  p[2 + utf8.size()] = static_cast<char>(Op::MEMOIZE);
  w_.end_run(p + utf8.size() + 3);
  memo_.put(node);
  return true;
}

void Encoder::save_scalar_run(Frame& f, const Slot* items) {
  std::size_t left = f.batch.units_left_in_batch();
  while (left > 0) {
    const Slot& first = items[f.batch.current() + 1];
    if (first.rep == Slot::Rep::Node) {
      if (!save_short_str(first.node)) return;
      f.batch.claim_unit();
      --left;
      continue;
    }
    if (!is_binint(first)) {
      f.batch.claim_unit();
      save_scalar(first);
      --left;
      continue;
    }
    // A run of ints that fit BININT/BININT1/BININT2 (the protocol is 1+: `first` is one): at most
    // 5 bytes each, written in place. The loop's state is in locals: each byte written through a
    // char pointer may alias the encoder's members, which would be reloaded around every write.
    w_.opcode_boundary();
    char* const begin = w_.begin_run(5 * left);
    const char* const buffer = w_.buffer();
    const std::size_t stop = w_.run_stop_offset();
    const Slot* const run = &first;
    const Slot* item = run;
    char* p = begin;
    for (; item < run + left; ++item) {
      if (!fits_binint(*item) || (p != begin && static_cast<std::size_t>(p - buffer) >= stop)) {
        break;
      }
      p = put_binint(p, item->i);
    }
    const auto taken = static_cast<std::size_t>(item - run);
    f.batch.claim_units(taken);
    left -= taken;
    w_.end_run(p);
  }
}

// --- tuple: save_tuple ---

bool Encoder::begin_tuple(Node* node) {
  const std::size_t n = static_cast<SequenceNode*>(node)->items.size();
  if (n == 0) {
    if (protocol_ >= 1) {
      w_.op(Op::EMPTY_TUPLE);
    } else {
      w_.write("(t", 2);
    }
    return false;
  }
  if (inlines(n)) {
    if (n > 3) w_.op(Op::MARK);
    save_each_inline(static_cast<SequenceNode*>(node)->items,
                     [this](const Slot& item) { save_now(item); });
    end_tuple(node, n);
    return false;
  }
  push(Frame::Type::Tuple, node);
  if (!(n <= 3 && protocol_ >= 2)) w_.op(Op::MARK);
  return true;
}

void Encoder::resume_tuple(Frame& f) {
  const auto& items = static_cast<SequenceNode*>(f.node)->items;
  const std::size_t n = items.size();
  while (f.index < n) {
    if (save(items[f.index++])) return;
  }
  Node* node = f.node;
  stack_.pop();
  end_tuple(node, n);
}

void Encoder::end_tuple(Node* node, std::size_t n) {
  const bool short_form = n <= 3 && protocol_ >= 2;
  const std::uint32_t index = memo_.find(node);
  if (index != Memo::kMissing) {
    // The tuple was reached again through its items: drop what was pushed, fetch it from the memo.
    if (short_form) {
      for (std::size_t i = 0; i < n; ++i) w_.op(Op::POP);
    } else if (protocol_ >= 1) {
      w_.op(Op::POP_MARK);
    } else {
      for (std::size_t i = 0; i <= n; ++i) w_.op(Op::POP);
    }
    get_index(index);
    return;
  }
  static constexpr Op kTupleOfSize[] = {Op::EMPTY_TUPLE, Op::TUPLE1, Op::TUPLE2, Op::TUPLE3};
  w_.op(short_form ? kTupleOfSize[n] : Op::TUPLE);
  put_index(memo_.put(node));
}

// --- list, dict, set: the empty container, its memo entry, then the items in batches ---

bool Encoder::begin_list(Node* node) {
  if (protocol_ >= 1) {
    w_.op(Op::EMPTY_LIST);
  } else {
    w_.write("(l", 2);
  }
  put_index(memo_.put(node));
  const auto& items = static_cast<SequenceNode*>(node)->items;
  const std::size_t n = items.size();
  if (n == 0) return false;
  if (inlines(n)) {  // batch_list_exact
    save_items_inline(
        items, [this](const Slot& item) { save_now(item); }, Op::APPEND, Op::APPENDS);
    return false;
  }
  return push(Frame::Type::List, node,
              protocol_ >= 1 ? Batcher::exact_list(n) : Batcher::one_by_one(n));
}

bool Encoder::begin_dict(Node* node) {
  if (protocol_ >= 1) {
    w_.op(Op::EMPTY_DICT);
  } else {
    w_.write("(d", 2);
  }
  put_index(memo_.put(node));
  const auto& items = static_cast<DictNode*>(node)->items;
  const std::size_t n = items.size();
  if (n == 0) return false;
  if (inlines(n)) {  // batch_dict_exact
    save_items_inline(
        items, [this](const auto& pair) { save_pair(pair.first, pair.second); }, Op::SETITEM,
        Op::SETITEMS);
    return false;
  }
  return push(Frame::Type::Dict, node,
              protocol_ >= 1 ? Batcher::exact_dict(n) : Batcher::one_by_one(n));
}

bool Encoder::begin_set(Node* node) {
  if (protocol_ < 4) return begin_set_reduce(node);
  w_.op(Op::EMPTY_SET);  // EMPTY_SET
  put_index(memo_.put(node));
  const std::size_t n = static_cast<SetNode*>(node)->items.size();
  if (n == 0) return false;
  return push(Frame::Type::Set, node, Batcher::set_items(n));
}

void Encoder::resume_batched(Frame& f) {
  bool done = false;
  switch (f.type) {
    case Frame::Type::List:
      done = run_batch(f, static_cast<SequenceNode*>(f.node)->items.data(), nullptr, Op::APPEND,
                       Op::APPENDS);
      break;
    case Frame::Type::Dict:
      done = run_batch(f, nullptr, static_cast<DictNode*>(f.node)->items.data(), Op::SETITEM,
                       Op::SETITEMS);
      break;
    default:
      done = run_batch(f, static_cast<SetNode*>(f.node)->items.data(), nullptr, Op::ADDITEMS,
                       Op::ADDITEMS);  // ADDITEMS
      break;
  }
  if (done) stack_.pop();
}

// --- frozenset at protocol 4+: MARK items FROZENSET, or POP_MARK and a GET when recursive ---

bool Encoder::begin_frozenset(Node* node) {
  if (protocol_ < 4) return begin_set_reduce(node);
  push(Frame::Type::FrozenSet, node);
  w_.op(Op::MARK);
  return true;
}

void Encoder::resume_frozenset(Frame& f) {
  const auto& items = static_cast<SetNode*>(f.node)->items;
  while (f.index < items.size()) {
    if (save(items[f.index++])) return;
  }
  Node* node = f.node;
  stack_.pop();
  const std::uint32_t index = memo_.find(node);
  if (index != Memo::kMissing) {
    w_.op(Op::POP_MARK);  // POP_MARK
    get_index(index);
    return;
  }
  w_.op(Op::FROZENSET);  // FROZENSET
  put_index(memo_.put(node));
}

}  // namespace detail

namespace {

EncodeOptions checked(const EncodeOptions& options) {
  EncodeOptions effective = options;
  if (effective.protocol < 0)
    effective.protocol = kHighestProtocol;  // as pickle.dumps(protocol=-1)
  if (effective.protocol > kHighestProtocol) {
    throw ValueError("pickle protocol must be <= " + std::to_string(kHighestProtocol));
  }
  return effective;
}

// The pickle the small-graph fast path writes into `out`, or an empty view when it does not take
// the value (every pickle has at least PROTO and STOP).
std::string_view encode_small_into(const Value& value, const EncodeOptions& options,
                                   std::span<char, detail::kSmallPickleBytes> out) {
  return {out.data(), detail::encode_small(value.slot(), options.protocol, options.max_depth, out)};
}

}  // namespace

std::string encode(const Value& value, const EncodeOptions& options) {
  const EncodeOptions effective = checked(options);
  char small[detail::kSmallPickleBytes];
  if (const std::string_view pickle = encode_small_into(value, effective, small); !pickle.empty()) {
    return std::string(pickle);
  }
  return detail::Encoder(effective, detail::estimate_size(value.slot())).run(value.slot());
}

std::string detail::encode_base64(const Value& value, const EncodeOptions& options,
                                  std::string_view prefix) {
  const EncodeOptions effective = checked(options);
  char small[detail::kSmallPickleBytes];
  if (const std::string_view pickle = encode_small_into(value, effective, small); !pickle.empty()) {
    return base64::detail::encode_with(base64::detail::active_kernel(), pickle, prefix);
  }
  return detail::Encoder(effective, detail::estimate_size(value.slot()))
      .run_base64(value.slot(), prefix);
}

}  // namespace hog::core::pickle
