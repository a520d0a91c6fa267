// The pickle encoder's walk over a value graph: CPython 3.11's save() and its helpers, one frame
// per open container on an explicit stack (so nesting is bounded by EncodeOptions::max_depth,
// never by the C++ stack).
//
// Contract: Encoder(options).run(root) returns the whole pickle. save() is CPython's save(): it
// marks an opcode boundary for framing, writes scalars, memo hits and leaf objects at once, and
// for a container writes its opening and pushes a frame (returning true); resume() advances the
// top frame until it pushes a child or finishes. Memoization follows pickle_encode_memo.hpp.
// pickle_encode.cpp holds the walk and the containers; pickle_encode_reduce.cpp holds globals,
// reduced objects and the types CPython pickles through __reduce__ (complex, bytes below protocol
// 3, bytearray below 5). One Encoder per encode(); not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hog/core/pickle.hpp"
#include "pickle_encode_batch.hpp"
#include "pickle_encode_memo.hpp"
#include "pickle_encode_writer.hpp"
#include "small_stack.hpp"
#include "value_internal.hpp"

namespace hog::core::pickle::detail {

using core::detail::Node;
using core::detail::Slot;

class Encoder {
 public:
  explicit Encoder(const EncodeOptions& options, std::size_t reserve);
  std::string run(const Slot& root);
  // run() then base64 straight from the output buffer: prefix + base64(pickle).
  std::string run_base64(const Slot& root, std::string_view prefix);

 private:
  void write_pickle(const Slot& root);
  // One open container (or reduced object) whose items are being saved.
  struct Frame {
    enum class Type : std::uint8_t { Tuple, List, Dict, Set, FrozenSet, SetReduce, Reduced };
    Type type;
    std::uint8_t phase = 0;
    bool value_pending = false;  // dict units: the key was saved, the value is next
    Node* node = nullptr;
    std::size_t index = 0;
    Batcher batch;
  };

  // --- pickle_encode.cpp: the walk and the containers ---
  bool save(const Slot& slot);
  void save_scalar(const Slot& slot);
  void resume();
  bool push(Frame::Type type, Node* node, Batcher batch = {});
  // RecursionError when max_depth containers are open (frames and inline levels).
  void check_depth() const;
  // save(), then the frames it pushed until they are done.
  void save_now(const Slot& slot);
  // A str -> number dict item, the commonest kind, in one go: true when written that way (a new
  // short str key, a scalar value), else false with nothing written.
  bool save_str_scalar_item(const Slot& key, const Slot& value);
  // A dict item: key then value (save_str_scalar_item when it can).
  void save_pair(const Slot& key, const Slot& value);
  // The items of an inline tuple, list or dict, saved one after another as one more inline level
  // (RecursionError past max_depth).
  template <class Items, class SaveItem>
  void save_each_inline(const Items& items, SaveItem save_item);
  // The items of an inline list or dict with CPython's single-batch opcodes: one item alone then
  // close1, else MARK, the items, close_n (kInlineItems never fills a batch).
  template <class Items, class SaveItem>
  void save_items_inline(const Items& items, SaveItem save_item, Op close1, Op close_n);
  // Whether a tuple, list or dict of n items (n >= 1) is saved inline: its items at once,
  // recursively, with no frame. Small containers, not nested too deep, at protocol 2+ (where
  // their opcodes do not depend on anything else): what call payloads are made of. Containers of
  // kInlineItems items or fewer never fill a batch (kBatchSize), so one batch holds them.
  // Only while no frame is open: a frame's resume holds a reference into the frame stack, so a
  // save() it calls must push nothing when it returns false (an inline save may push and pop
  // frames for a big child, and growing the stack moves it).
  bool inlines(std::size_t n) const {
    return protocol_ >= 2 && n <= kInlineItems && inline_depth_ < kInlineDepth && stack_.empty();
  }
  static constexpr std::size_t kInlineItems = 64;
  static constexpr std::size_t kInlineDepth = 8;
  static_assert(kInlineItems < Batcher::kBatchSize);
  // The end of a tuple whose items were saved: TUPLE/TUPLE1-3 and its memo entry, or, when the
  // items reached the tuple again (it is in the memo now), the items dropped and a memo get.
  void end_tuple(Node* node, std::size_t n);
  bool begin_tuple(Node* node);
  bool begin_list(Node* node);
  bool begin_dict(Node* node);
  bool begin_set(Node* node);
  bool begin_frozenset(Node* node);
  void resume_tuple(Frame& f);
  void resume_batched(Frame& f);
  void resume_frozenset(Frame& f);
  void resume_set_reduce(Frame& f);
  // Runs f.batch over `items` (pairs when `pairs`); returns false when a child frame was pushed.
  // The scalar items (no node: int, float, bool, None) and new short strs that follow the current
  // one in its batch, saved in a tight loop: lists of numbers and names spend most of their time
  // here.
  void save_scalar_run(Frame& f, const Slot* items);
  bool save_short_str(const Node* node);
  // An int slot that protocol 1+ writes as BININT1, BININT2 or BININT.
  bool is_binint(const Slot& slot) const { return protocol_ >= 1 && fits_binint(slot); }
  static bool fits_binint(const Slot& slot) {
    return slot.rep == Slot::Rep::SmallInt && slot.i >= INT32_MIN && slot.i <= INT32_MAX;
  }
  bool run_batch(Frame& f, const Slot* items, const std::pair<Slot, Slot>* pairs, Op close1,
                 Op close_n);

  // Memo operations on already-computed indexes.
  void put_index(std::uint32_t index);
  void get_index(std::uint32_t index);
  // A str as CPython saves one: the shared singletons by content, else by `node` when given, else
  // by `name_key` (interned strs) when given, else a fresh temporary. The caller marked the
  // boundary.
  void save_str(std::string_view utf8, const Node* node, const std::string* name_key);

  // --- pickle_encode_reduce.cpp: globals, reduced objects, types saved through __reduce__ ---
  // A save() of the global module.qualname (boundary, memo check, then the global).
  void save_global(std::string_view module, std::string_view qualname);
  void save_global_after_boundary(std::string_view module, std::string_view qualname);
  void write_global(std::string_view module, std::string_view qualname);
  // bytes: by node (or by content for CPython's singletons), or a new temporary when node is null
  // (bytes(bytearray) inside bytearray's reduce value is a new object even when one byte long),
  // unless `shared_by_content`: a new object made where CPython returns its empty and one-byte
  // singletons (PyBytes_FromStringAndSize on data).
  void save_bytes(std::string_view data, const Node* node, bool shared_by_content = false);
  void save_bytearray(Node* node);
  void save_complex(Node* node);
  bool begin_set_reduce(Node* node);
  bool begin_reduced(Node* node);
  void resume_reduced(Frame& f);
  // Saves an empty tuple (`()` in a reduce value): not memoized.
  void save_empty_tuple();

  // --- pickle_encode_numpy.cpp: NumPy values, written as leaves ---
  void save_numpy_dtype(Node* node);  // does its own memo lookup (singletons by content)
  void save_ndarray(Node* node);
  void save_numpy_scalar(Node* node);
  // A new tuple built inline: begin (boundary, MARK when needed), the items, end (memo entry).
  void begin_leaf_tuple(std::size_t n);
  void end_leaf_tuple(std::size_t n);
  void save_small_int(std::int64_t value);
  void save_shape(const std::vector<std::int64_t>& shape);

  int protocol_;
  std::size_t max_depth_;
  Writer w_;
  Memo memo_;
  core::detail::SmallStack<Frame, 16> stack_;  // a typical payload's nesting fits inline
  std::size_t inline_depth_ = 0;               // containers open in inline saves
};

}  // namespace hog::core::pickle::detail
