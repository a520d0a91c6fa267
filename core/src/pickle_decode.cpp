// pickle::decode: the unpickling machine (stack, marks, memo) driven by the opcode table, with
// CPython 3.11's C unpickler semantics (pickle.loads on bytes). It never imports or runs anything:
// globals become Global values, calls become Reduced values (or model types, see
// pickle_decode_reduce.hpp).
//
// Errors: every failure is an UnpicklingError naming the opcode and its offset; when CPython
// raises another exception type for the same input, the message starts with that type's name
// ("ValueError: unsupported pickle protocol: 6"). Unhashable dict keys and set members are such
// a case ("TypeError: unhashable type: 'list'"). Two exceptions pass through unchanged: a
// RecursionError when the result nests deeper than DecodeOptions::max_depth (or a key is too
// deep to hash), and whatever the caller's persistent_load / extension hooks throw.
//
// Where the answer differs from pickle.loads, on purpose:
// - A REDUCE/NEWOBJ/INST/OBJ whose callable would reject its arguments (complex('x'), a module
//   that does not exist) is accepted as a Reduced value: nothing is called.
// - Memo indexes are keys of a hash map: PUT 4294967295 is accepted where CPython allocates an
//   array that large (MemoryError).
// - BUILD sets the state of Reduced values only; on other objects it is accepted only when
//   CPython's default __setstate__ would do nothing (state None, or {} on a global, with an empty
//   slot-state dict if any); CPython would set class attributes on a global.
// - The copies made for model types rebuilt from memoized arguments may not exceed the input size
//   (CPython's own pickles never reuse such arguments).
// - Dotted global names are kept as they are (CPython resolves them attribute by attribute).
#include <algorithm>
#include <array>
#include <bitset>
#include <exception>
#include <string>
#include <unordered_map>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/pickle.hpp"
#include "hog/core/pickle_compat.hpp"
#include "hog/core/utf8.hpp"
#include "pickle_decode_depth.hpp"
#include "pickle_decode_failure.hpp"
#include "pickle_decode_handed_over.hpp"
#include "pickle_decode_memo.hpp"
#include "pickle_decode_numpy.hpp"
#include "pickle_decode_reader.hpp"
#include "pickle_decode_reduce.hpp"
#include "pickle_decode_small.hpp"
#include "pickle_decode_text.hpp"
#include "small_stack.hpp"
#include "value_internal.hpp"

namespace hog::core::pickle {
namespace {

using decoding::Argument;
using decoding::fail;
using decoding::fail_as;
using detail::Slot;

// An exception from a caller's hook, carried past the machine's error translation.
struct HookError {
  std::exception_ptr error;
};

std::string type_of(const Slot& slot) {
  return std::string(kind_name(detail::kind_of(slot)));
}

class Machine {
 public:
  // `handed_over`: null, or the block `data` lies in, which the graph may keep (bytearray()).
  Machine(std::span<const std::byte> data, const DecodeOptions& options,
          std::unique_ptr<std::byte[]> handed_over = nullptr)
      : in_(data),
        handed_over_(std::move(handed_over)),
        input_size_(data.size()),
        options_(options),
        // Every node takes at least one opcode byte; capped, as a hint must not cost memory.
        guard_(std::clamp(std::min(data.size(), kMaxFirstChunk) * kArenaBytesPerInputByte,
                          kMinFirstChunk, kMaxFirstChunk),
               std::min(data.size(), kInitialNodes)),
        copy_budget_(data.size() + kCopySlack) {}

  Value run() {
    for (;;) {
      try {
        run_fast_opcodes();
      } catch (...) {
        report(in_.position(), opcode_info(static_cast<std::uint8_t>(in_.rest().front())));
      }
      const std::size_t offset = in_.position();
      const OpcodeInfo* info = nullptr;
      try {
        if (in_.at_end()) fail_as("EOFError", "Ran out of input");
        const std::uint8_t code = in_.byte();
        info = opcode_info(code);
        if (info == nullptr) fail(invalid_key(code));
        const Argument arg = decoding::read_argument(in_, *info);
        if (info->op == Op::STOP) {
          const Slot result = pop();
          // A heap with no more containers than the limit cannot hold a deeper graph (hook
          // results are adopted into this heap, so their containers count).
          if (heap().container_count() > options_.max_depth) {
            decoding::check_depth(result, options_.max_depth);
          }
          return guard_.finish(result);
        }
        execute(*info, arg);
      } catch (...) {
        report(offset, info);
      }
    }
  }

 private:
  // Rethrows the exception being handled as decode() reports it for the opcode `info` at
  // `offset` (null info: no opcode could be read there). Anything else propagates unchanged.
  [[noreturn]] static void report(std::size_t offset, const OpcodeInfo* info) {
    const std::string name = info != nullptr ? std::string(info->name) : "";
    try {
      throw;
    } catch (const decoding::Failure& failure) {
      throw UnpicklingError(failure.text(), offset, name);
    } catch (const TypeError& error) {
      throw UnpicklingError("TypeError: " + std::string(error.what()), offset, name);
    } catch (const ValueError& error) {
      throw UnpicklingError("ValueError: " + std::string(error.what()), offset, name);
    } catch (const HookError& hook) {
      std::rethrow_exception(hook.error);
    }
  }

  static std::string invalid_key(std::uint8_t c) {
    if (c >= 0x20 && c <= 0x7e && c != '\'' && c != '\\')
      return std::string("invalid load key, '") + static_cast<char>(c) + "'.";
    static const char digits[] = "0123456789abcdef";
    return std::string("invalid load key, '\\x") + digits[c >> 4] + digits[c & 15] + "'.";
  }

  detail::Heap& heap() { return guard_.heap(); }

  // The opcodes that make up most of a pickle, run straight from the input without the generic
  // loop's argument reader, in one switch: the items of containers (strs, floats, small ints,
  // memo puts and gets), PROTO and FRAME, and the structure (marks, containers, appends,
  // setitems, None, booleans), with the same effect as execute(); other opcodes without an
  // argument but STOP go to execute(). It stops at the first opcode it does not take, and at an
  // item it would have to reject (truncated, bad UTF-8, a missing memo entry, a MARK in the way):
  // run() then decodes that one and reports its error. An error thrown here leaves the reader at
  // its opcode.
  void run_fast_opcodes() {
    const std::string_view rest = in_.rest();
    const auto* bytes = reinterpret_cast<const unsigned char*>(rest.data());
    const std::size_t size = rest.size();
    std::size_t at = 0;
    const auto le = [&](std::size_t from, int width) {
      return static_cast<std::uint32_t>(decoding::load_le(rest.data() + from, width));
    };
    // `return in_.skip(at)` stops before the opcode at `at`, for run() to take the ordinary way.
    try {
      while (at < size) {
        const auto op = static_cast<Op>(bytes[at]);
        std::size_t length = 1;  // of the opcode with its argument
        switch (op) {
          case Op::SHORT_BINUNICODE:
          case Op::BINUNICODE: {
            const std::size_t header = op == Op::SHORT_BINUNICODE ? 2 : 5;
            if (size - at < header) return in_.skip(at);
            const std::size_t count = op == Op::SHORT_BINUNICODE ? bytes[at + 1] : le(at + 1, 4);
            if (size - at - header < count) return in_.skip(at);
            const std::string_view text(rest.data() + at + header, count);
            if (find_utf8_error(text, true)) return in_.skip(at);
            push(str(text));
            length = header + count;
            break;
          }
          case Op::BINFLOAT:
            if (size - at < 9) return in_.skip(at);
            push(detail::float_slot(decoding::load_be_double(rest.data() + at + 1)));
            length = 9;
            break;
          case Op::BININT1:
            if (size - at < 2) return in_.skip(at);
            push(detail::int_slot(bytes[at + 1]));
            length = 2;
            break;
          case Op::BININT2:
          case Op::BININT: {
            const int width = op == Op::BININT2 ? 2 : 4;
            if (size - at < 1 + static_cast<std::size_t>(width)) return in_.skip(at);
            const std::uint32_t value = le(at + 1, width);
            push(detail::int_slot(op == Op::BININT ? static_cast<std::int32_t>(value)
                                                   : static_cast<std::int64_t>(value)));
            length = 1 + static_cast<std::size_t>(width);
            break;
          }
          case Op::MEMOIZE:
            if (stack_.size() <= fence()) return in_.skip(at);
            memo_.put(memo_.size(), stack_.back());
            break;
          case Op::BINPUT:
            if (stack_.size() <= fence() || size - at < 2) return in_.skip(at);
            memo_.put(bytes[at + 1], stack_.back());
            length = 2;
            break;
          case Op::BINGET: {
            if (size - at < 2) return in_.skip(at);
            const std::optional<Slot> found = memo_.get(bytes[at + 1]);
            if (!found) return in_.skip(at);
            push(*found);
            length = 2;
            break;
          }
          case Op::PROTO:
            if (size - at < 2 || bytes[at + 1] > kHighestProtocol) return in_.skip(at);
            protocol_ = bytes[at + 1];
            length = 2;
            break;
          case Op::FRAME:  // a frame longer than the rest of the input is refused
            if (size - at < 9 || decoding::load_le(rest.data() + at + 1, 8) > size - at - 9)
              return in_.skip(at);
            length = 9;
            break;
          case Op::MARK:
            mark();
            break;
          case Op::EMPTY_LIST:
            empty_list();
            break;
          case Op::EMPTY_DICT:
            empty_dict();
            break;
          case Op::EMPTY_TUPLE:
          case Op::TUPLE1:
          case Op::TUPLE2:
          case Op::TUPLE3:
            small_tuple(op);
            break;
          case Op::TUPLE:
            tuple_from_mark();
            break;
          case Op::APPEND:
            append();
            break;
          case Op::APPENDS:
            appends();
            break;
          case Op::SETITEM:
            setitem();
            break;
          case Op::SETITEMS:
            setitems();
            break;
          case Op::NONE:
            push(Slot{});
            break;
          case Op::NEWTRUE:
          case Op::NEWFALSE:
            push(detail::bool_slot(op == Op::NEWTRUE));
            break;
          default: {
            const OpcodeInfo* info = opcode_info(bytes[at]);
            if (info == nullptr || info->arg != ArgKind::None || op == Op::STOP)
              return in_.skip(at);
            execute(*info, Argument{});
          }
        }
        at += length;
      }
    } catch (...) {
      in_.skip(at);  // at the failing opcode
      throw;
    }
    in_.skip(at);
  }

  // --- the structural opcodes (run_fast_opcodes and execute both use these) ------------------
  void mark() { marks_.push(stack_.size()); }
  void empty_list() { push(sequence_from(Kind::List, stack_.size())); }
  void empty_dict() { push(detail::slot_of(heap().make<detail::DictNode>())); }
  // EMPTY_TUPLE, TUPLE1, TUPLE2, TUPLE3.
  void small_tuple(Op op) {
    const std::size_t count =
        op == Op::EMPTY_TUPLE ? 0 : static_cast<std::size_t>(static_cast<std::uint8_t>(op) - 0x84);
    if (stack_.size() < count || stack_.size() - count < fence()) underflow();
    push(sequence_from(Kind::Tuple, stack_.size() - count));
  }
  void tuple_from_mark() { push(sequence_from(Kind::Tuple, marker())); }
  void append() {
    if (static_cast<std::ptrdiff_t>(stack_.size()) - 1 <= static_cast<std::ptrdiff_t>(fence()))
      underflow();
    do_append(stack_.size() - 1);
  }
  void appends() { do_append(marker()); }
  void setitem() { do_setitems(static_cast<std::ptrdiff_t>(stack_.size()) - 2); }
  void setitems() { do_setitems(static_cast<std::ptrdiff_t>(marker())); }

  // --- stack and marks, with CPython's fence: nothing below the top mark can be popped ----------
  std::size_t fence() const { return marks_.empty() ? 0 : marks_.back(); }
  [[noreturn]] void underflow() const {
    fail(marks_.empty() ? "unpickling stack underflow" : "unexpected MARK found");
  }
  void push(const Slot& slot) { stack_.push(slot); }
  Slot pop() {
    if (stack_.size() <= fence()) underflow();
    Slot top;
    detail::store_item(top, stack_.back());  // often just pushed: no 16-byte load
    stack_.pop();
    return top;
  }
  const Slot& top() const {
    if (stack_.size() <= fence()) underflow();
    return stack_.back();
  }
  std::size_t marker() {
    if (marks_.empty()) fail("could not find MARK");
    const std::size_t mark = marks_.back();
    marks_.pop();
    return mark;
  }

  // An object from outside this graph (a buffer, a hook's result) joins its heap.
  Slot adopt(const Value& value) {
    const Slot slot = value.slot();
    if (slot.rep == Slot::Rep::Node) detail::Heap::unite(&heap(), slot.node->home);
    return slot;
  }

  // A list or tuple of the stack's items from `start` on, which it pops.
  Slot sequence_from(Kind kind, std::size_t start) {
    auto* node = heap().make<detail::SequenceNode>(kind);
    node->items.assign(stack_.begin() + start, stack_.end());
    stack_.truncate(start);
    return detail::slot_of(node);
  }
  Slot str(std::string_view utf8) { return text(heap().make_str(utf8)); }
  // A bytearray of bytes in the input: a view into it when the caller handed the input over and
  // they are most of it (NumPy's protocol 5 array data, written as one BYTEARRAY8), so the array
  // is not copied; the heap then keeps the whole input. Otherwise a copy.
  detail::ByteArrayNode* bytearray(std::string_view data) {
    if (handed_over_ != nullptr && data.size() >= kMinViewBytes && data.size() >= input_size_ / 2) {
      heap().adopt(std::move(handed_over_));
      return heap().make_bytearray_view(data);
    }
    return heap().make_bytearray(data);
  }
  // A str or bytes written by an opcode. Of those CPython shares by content, the first of each
  // content is taken for the shared object; one written anew later is its own object.
  Slot text(detail::TextNode* node) {
    const Slot slot = detail::slot_of(node);
    // (A node just made is not its own object yet.)
    if (detail::is_shared_text_content(node->kind, node->data)) {
      detail::TextNode*& first = shared_text(node->kind, node->data);
      if (first == nullptr) {
        first = node;
      } else {
        node->own_object = true;
      }
    }
    return slot;
  }
  // The entry of shared_texts_ for a str or bytes that is_shared_by_value.
  detail::TextNode*& shared_text(Kind kind, std::string_view data) {
    std::size_t slot = 0;
    if (data.size() == 1) slot = 1 + static_cast<unsigned char>(data[0]);
    if (data.size() == 2) {  // U+0080..U+00FF in UTF-8
      slot = 1 + (((static_cast<unsigned char>(data[0]) & 0x1fu) << 6) |
                  (static_cast<unsigned char>(data[1]) & 0x3fu));
    }
    const std::size_t entry = (kind == Kind::Str ? 0 : 257) + slot;
    if (!shared_seen_.test(entry)) {
      shared_seen_.set(entry);
      shared_texts_[entry] = nullptr;
    }
    return shared_texts_[entry];
  }
  // The str in _codecs.encode(str, 'latin1') (bytes below protocol 3) is the one CPython's
  // Latin-1 decoder returns: for one character, the shared object itself. An equal str written
  // before it, anew, was then an object of its own.
  void note_latin1_str(const Slot& callable, const Slot& args) {
    if (detail::kind_of(callable) != Kind::Global) return;
    const auto& global = static_cast<const detail::GlobalNode&>(*callable.node);
    const auto& items = static_cast<const detail::SequenceNode&>(*args.node).items;
    if (global.module != "_codecs" || global.name != "encode" || items.size() != 2 ||
        detail::kind_of(items[0]) != Kind::Str) {
      return;
    }
    auto* str = static_cast<detail::TextNode*>(items[0].node);
    str->own_object = false;  // it is the shared object, if its content has one
    if (!detail::is_shared_by_value(items[0])) return;
    detail::TextNode*& first = shared_text(Kind::Str, str->data);
    if (first != nullptr && first != str) first->own_object = true;
    first = str;
  }
  Slot integer(BigInt value) { return detail::make_int(heap(), std::move(value)); }

  Slot global(std::string_view module, std::string_view name) {
    if (protocol_ < 3) {
      const auto [m, n] = to_python3(module, name);
      return detail::slot_of(heap().make<detail::GlobalNode>(m, n));
    }
    return detail::slot_of(heap().make<detail::GlobalNode>(std::string(module), std::string(name)));
  }

  static void require_callable(const Slot& callable) {
    const Kind kind = detail::kind_of(callable);
    if (kind != Kind::Global && kind != Kind::Reduced)
      fail_as("TypeError", "'" + type_of(callable) + "' object is not callable");
  }

  Slot reduced(const Slot& callable, const Slot& args, Construction how,
               const Slot& kwargs = Slot{}) {
    auto* node = heap().make<detail::ReducedNode>();
    node->callable = callable;
    node->args = args;
    node->how = how;
    node->kwargs = kwargs;
    return detail::slot_of(node);
  }

  Slot memo_get(std::uint64_t index) {
    const std::optional<Slot> found = memo_.get(index);
    if (!found) fail("Memo value not found at index " + std::to_string(index));
    return *found;
  }
  // PUT/GET's decimal index, as PyLong_AsSsize_t reads it.
  static std::int64_t decimal_index(std::string_view text) {
    const BigInt value = decoding::parse_python_int(text, 10);
    if (!value.fits_int64())
      fail_as("OverflowError", "Python int too large to convert to C ssize_t");
    return value.to_int64();
  }

  Value call_hook(const auto& hook, const auto& argument) {
    try {
      return hook(argument);
    } catch (...) {
      throw HookError{std::current_exception()};
    }
  }

  // --- the copy budget ----------------------------------------------------------------------
  // Model types rebuilt from REDUCE arguments (and read-only buffers) copy their argument, and a
  // stream can reuse one big argument through the memo for a few bytes each time. CPython's own
  // pickles never do: each such argument is written once. So the copies may not exceed the input.
  static std::size_t copied_size(const Slot& model) {
    switch (detail::kind_of(model)) {
      case Kind::Set:
      case Kind::FrozenSet:
        return static_cast<detail::SetNode*>(model.node)->items.size();
      case Kind::Bytes:
        return static_cast<detail::TextNode*>(model.node)->data.size();
      case Kind::ByteArray:
        return static_cast<detail::ByteArrayNode*>(model.node)->data.size();
      case Kind::Global: {  // a nested class: its names are a copy
        const auto* global = static_cast<detail::GlobalNode*>(model.node);
        return global->module.size() + global->name.size();
      }
      case Kind::Reduced: {  // NEWOBJ from copyreg.__newobj__: its args are a copy
        const auto* reduced = static_cast<detail::ReducedNode*>(model.node);
        if (reduced->how != Construction::NewObj) return 0;  // __newobj_ex__'s are its own
        return static_cast<detail::SequenceNode*>(reduced->args.node)->items.size();
      }
      default:
        return 0;
    }
  }
  void charge(std::size_t size) {
    copied_ += size;
    if (copied_ > copy_budget_) {
      fail("the pickle rebuilds more data from shared arguments than it holds (" +
           std::to_string(copied_) + " units from " + std::to_string(copy_budget_ - kCopySlack) +
           " bytes of input)");
    }
  }

  // --- container updates -------------------------------------------------------------------
  void do_append(std::size_t x) {
    const std::size_t len = stack_.size();
    if (x > len || x <= fence()) underflow();
    if (len == x) return;
    const Slot target = stack_[x - 1];
    switch (detail::kind_of(target)) {
      case Kind::List: {
        auto& items = static_cast<detail::SequenceNode*>(target.node)->items;
        items.append(stack_.begin() + x, stack_.end());
        break;
      }
      case Kind::Reduced: {
        auto& items = static_cast<detail::ReducedNode*>(target.node)->list_items;
        items.append(stack_.begin() + x, stack_.end());
        break;
      }
      default:
        fail_as("AttributeError", "'" + type_of(target) + "' object has no attribute 'append'");
    }
    stack_.truncate(x);
  }

  void set_list_item(detail::SequenceNode& list, const Slot& key, const Slot& value) {
    const Kind kind = detail::kind_of(key);
    if (kind == Kind::Int && key.rep == Slot::Rep::Node)
      fail_as("IndexError", "cannot fit 'int' into an index-sized integer");
    if (kind != Kind::Int && kind != Kind::Bool) {
      fail_as("TypeError", "list indices must be integers or slices, not " + type_of(key));
    }
    const std::int64_t index = kind == Kind::Bool ? key.b : key.i;
    const auto size = static_cast<std::int64_t>(list.items.size());
    const std::int64_t at = index < 0 ? index + size : index;
    if (at < 0 || at >= size) fail_as("IndexError", "list assignment index out of range");
    list.items[static_cast<std::size_t>(at)] = value;
  }

  void do_setitems(std::ptrdiff_t x_signed) {
    const auto len = static_cast<std::ptrdiff_t>(stack_.size());
    if (x_signed > len || x_signed <= static_cast<std::ptrdiff_t>(fence())) underflow();
    const auto x = static_cast<std::size_t>(x_signed);
    if (stack_.size() == x) return;
    if ((stack_.size() - x) % 2 != 0) fail("odd number of items for SETITEMS");
    const Slot target = stack_[x - 1];
    if (detail::kind_of(target) == Kind::Dict) {
      detail::dict_set_pairs(*static_cast<detail::DictNode*>(target.node), &stack_[x],
                             (stack_.size() - x) / 2);
      stack_.truncate(x);
      return;
    }
    for (std::size_t i = x; i + 1 < stack_.size(); i += 2) {
      const Slot& key = stack_[i];
      const Slot& value = stack_[i + 1];
      switch (detail::kind_of(target)) {
        case Kind::Reduced:
          static_cast<detail::ReducedNode*>(target.node)->dict_items.emplace_back(key, value);
          break;
        case Kind::List:
          set_list_item(*static_cast<detail::SequenceNode*>(target.node), key, value);
          break;
        default:
          fail_as("TypeError", "'" + type_of(target) + "' object does not support item assignment");
      }
    }
    stack_.truncate(x);
  }

  // BUILD: a Reduced object keeps its state; other objects accept only a state that CPython's
  // default __setstate__ applies as a no-op (None, or (None, {})).
  void build() {
    if (static_cast<std::ptrdiff_t>(stack_.size()) - 2 < static_cast<std::ptrdiff_t>(fence()))
      underflow();
    const Slot state = pop();
    const Slot target = top();
    if (detail::kind_of(target) == Kind::Reduced) {
      auto& node = *static_cast<detail::ReducedNode*>(target.node);
      if (decoding::numpy_build(node, state)) return;
      node.has_state = true;
      node.state = state;
      return;
    }
    if (state.rep == Slot::Rep::None) return;
    if (detail::kind_of(state) == Kind::Tuple) {
      const auto& parts = static_cast<detail::SequenceNode*>(state.node)->items;
      if (parts.size() == 2 && parts[0].rep == Slot::Rep::None &&
          detail::kind_of(parts[1]) == Kind::Dict &&
          static_cast<detail::DictNode*>(parts[1].node)->items.empty()) {
        return;
      }
    }
    fail("BUILD cannot set the state of a '" + type_of(target) +
         "' object (only of reduced objects)");
  }

  void execute(const OpcodeInfo& info, const Argument& arg) {
    switch (info.op) {
      // --- protocol and framing ---
      case Op::PROTO:
        if (arg.number > kHighestProtocol)
          fail_as("ValueError", "unsupported pickle protocol: " + std::to_string(arg.number));
        protocol_ = static_cast<int>(arg.number);
        return;
      case Op::FRAME:
        if (arg.number > static_cast<std::uint64_t>(INT64_MAX)) {
          fail_as("OverflowError",
                  "FRAME length exceeds system's maximum of 9223372036854775807 bytes");
        }
        if (arg.number > in_.remaining()) fail("pickle data was truncated");
        return;
      case Op::STOP:
        return;  // handled by run()

      // --- scalars ---
      case Op::NONE:
        push(Slot{});
        return;
      case Op::NEWTRUE:
        push(detail::bool_slot(true));
        return;
      case Op::NEWFALSE:
        push(detail::bool_slot(false));
        return;
      case Op::INT: {
        bool is_bool = false;
        BigInt value = decoding::parse_int_opcode(arg.text, is_bool);
        push(is_bool ? detail::bool_slot(!value.is_zero()) : integer(std::move(value)));
        return;
      }
      case Op::BININT:
        push(detail::int_slot(arg.integer));
        return;
      case Op::BININT1:
      case Op::BININT2:
        push(detail::int_slot(static_cast<std::int64_t>(arg.number)));
        return;
      case Op::LONG:
        push(integer(decoding::parse_long_opcode(arg.text)));
        return;
      case Op::LONG1:
      case Op::LONG4:
        push(integer(BigInt::from_twos_complement(arg.text)));
        return;
      case Op::FLOAT:
        push(detail::float_slot(decoding::parse_float_opcode(arg.text)));
        return;
      case Op::BINFLOAT:
        push(detail::float_slot(arg.real));
        return;

      // --- strings ---
      case Op::STRING:
        push(str(decoding::decode_string_opcode(arg.text)));
        return;
      case Op::BINSTRING:
      case Op::SHORT_BINSTRING:
        push(str(decoding::require_ascii(arg.text)));
        return;
      case Op::BINBYTES:
      case Op::SHORT_BINBYTES:
      case Op::BINBYTES8:
        push(text(heap().make_bytes(arg.text)));
        return;
      case Op::BYTEARRAY8:
        push(detail::slot_of(bytearray(arg.text)));
        return;
      case Op::UNICODE:
        push(str(decoding::decode_raw_unicode_escape(arg.text)));
        return;
      case Op::SHORT_BINUNICODE:
      case Op::BINUNICODE:
      case Op::BINUNICODE8:
        decoding::require_utf8(arg.text, true);
        push(str(arg.text));
        return;

      // --- out-of-band buffers ---
      case Op::NEXT_BUFFER:
        if (options_.buffers.empty()) {
          fail("pickle stream refers to out-of-band data but no *buffers* argument was given");
        }
        if (next_buffer_ == options_.buffers.size()) fail("not enough out-of-band buffers");
        push(adopt(options_.buffers[next_buffer_++]));
        return;
      case Op::READONLY_BUFFER: {
        const Slot buffer = top();
        const Kind kind = detail::kind_of(buffer);
        if (kind == Kind::ByteArray) {
          // One read-only copy per bytearray, however often the stream asks for it.
          auto [view, fresh] = readonly_copies_.try_emplace(buffer.node);
          if (fresh) {
            const std::string_view data = static_cast<detail::ByteArrayNode*>(buffer.node)->data;
            charge(data.size());
            view->second = detail::slot_of(heap().make_bytes(data));
          }
          stack_.back() = view->second;
        } else if (kind != Kind::Bytes) {
          fail_as("TypeError",
                  "memoryview: a bytes-like object is required, not '" + type_of(buffer) + "'");
        }
        return;
      }

      // --- containers ---
      case Op::EMPTY_LIST:
        empty_list();
        return;
      case Op::APPEND:
        append();
        return;
      case Op::APPENDS:
        appends();
        return;
      case Op::LIST:
        push(sequence_from(Kind::List, marker()));
        return;
      case Op::EMPTY_TUPLE:
      case Op::TUPLE1:
      case Op::TUPLE2:
      case Op::TUPLE3:
        small_tuple(info.op);
        return;
      case Op::TUPLE:
        tuple_from_mark();
        return;
      case Op::EMPTY_DICT:
        empty_dict();
        return;
      case Op::DICT: {
        const std::size_t mark = marker();
        if ((stack_.size() - mark) % 2 != 0) fail("odd number of items for DICT");
        auto* dict = heap().make<detail::DictNode>();
        if (mark < stack_.size()) {
          detail::dict_set_pairs(*dict, &stack_[mark], (stack_.size() - mark) / 2);
        }
        stack_.truncate(mark);
        push(detail::slot_of(dict));
        return;
      }
      case Op::SETITEM:
        setitem();
        return;
      case Op::SETITEMS:
        setitems();
        return;
      case Op::EMPTY_SET:
        push(detail::slot_of(heap().make<detail::SetNode>(Kind::Set)));
        return;
      case Op::ADDITEMS: {
        const std::size_t mark = marker();
        if (mark > stack_.size() || mark <= fence()) underflow();
        if (mark == stack_.size()) return;
        const Slot target = stack_[mark - 1];
        if (detail::kind_of(target) != Kind::Set)
          fail_as("AttributeError", "'" + type_of(target) + "' object has no attribute 'add'");
        for (std::size_t i = mark; i < stack_.size(); ++i)
          detail::set_add(*static_cast<detail::SetNode*>(target.node), stack_[i]);
        stack_.truncate(mark);
        return;
      }
      case Op::FROZENSET: {
        const std::size_t mark = marker();
        auto* set = heap().make<detail::SetNode>(Kind::FrozenSet);
        for (std::size_t i = mark; i < stack_.size(); ++i) detail::set_add(*set, stack_[i]);
        stack_.truncate(mark);
        push(detail::slot_of(set));
        return;
      }

      // --- stack manipulation ---
      case Op::POP:
        if (!marks_.empty() && marks_.back() == stack_.size()) {
          marks_.pop();
        } else {
          pop();
        }
        return;
      case Op::DUP:
        push(top());
        return;
      case Op::MARK:
        mark();
        return;
      case Op::POP_MARK:
        stack_.truncate(marker());
        return;

      // --- memo ---
      case Op::GET: {
        const std::int64_t index = decimal_index(arg.text);
        if (index < 0) fail("Memo value not found at index " + std::to_string(index));
        push(memo_get(static_cast<std::uint64_t>(index)));
        return;
      }
      case Op::BINGET:
      case Op::LONG_BINGET:
        push(memo_get(arg.number));
        return;
      case Op::PUT: {
        const Slot value = top();
        const std::int64_t index = decimal_index(arg.text);
        if (index < 0) fail_as("ValueError", "negative PUT argument");
        memo_.put(static_cast<std::uint64_t>(index), value);
        return;
      }
      case Op::BINPUT:
      case Op::LONG_BINPUT:
        memo_.put(arg.number, top());
        return;
      case Op::MEMOIZE: {
        const Slot value = top();
        memo_.put(memo_.size(), value);
        return;
      }

      // --- extensions and persistent ids: the caller's hooks ---
      case Op::EXT1:
      case Op::EXT2:
      case Op::EXT4: {
        const std::int64_t code =
            info.op == Op::EXT4 ? arg.integer : static_cast<std::int64_t>(arg.number);
        if (code <= 0) fail("EXT specifies code <= 0");
        if (!options_.extension)
          fail_as("ValueError", "unregistered extension code " + std::to_string(code));
        push(adopt(call_hook(options_.extension, static_cast<std::int32_t>(code))));
        return;
      }
      case Op::PERSID:
      case Op::BINPERSID: {
        if (!options_.persistent_load) {
          fail(
              "A load persistent id instruction was encountered, but no persistent_load function "
              "was specified.");
        }
        Value id;
        if (info.op == Op::PERSID) {
          try {
            id = Value::from_slot(str(decoding::require_ascii(arg.text)));
          } catch (const decoding::Failure&) {
            fail("persistent IDs in protocol 0 must be ASCII strings");
          }
        } else {
          id = Value::from_slot(pop());
        }
        push(adopt(call_hook(options_.persistent_load, id)));
        return;
      }

      // --- globals and calls: recorded, never run ---
      case Op::GLOBAL:
        decoding::require_utf8(arg.text, false);
        decoding::require_utf8(arg.second, false);
        push(global(arg.text, arg.second));
        return;
      case Op::STACK_GLOBAL: {
        const Slot name = pop();
        const Slot module = pop();
        if (detail::kind_of(name) != Kind::Str || detail::kind_of(module) != Kind::Str)
          fail("STACK_GLOBAL requires str");
        push(global(static_cast<detail::TextNode*>(module.node)->data,
                    static_cast<detail::TextNode*>(name.node)->data));
        return;
      }
      case Op::REDUCE: {
        const Slot args = pop();
        const Slot callable = pop();
        require_callable(callable);
        if (detail::kind_of(args) != Kind::Tuple)
          fail_as("TypeError", "argument list must be a tuple");
        note_latin1_str(callable, args);
        if (auto array = decoding::numpy_from_reduce(heap(), callable, args)) {
          push(*array);
        } else if (auto model = decoding::model_from_reduce(heap(), callable, args, protocol_)) {
          charge(copied_size(*model));
          push(detail::kind_of(*model) == Kind::Bytes
                   ? text(static_cast<detail::TextNode*>(model->node))  // bytes below protocol 3
                   : *model);
        } else {
          push(reduced(callable, args, Construction::Reduce));
        }
        return;
      }
      case Op::INST: {
        decoding::require_ascii(arg.text);
        decoding::require_ascii(arg.second);
        const Slot args = sequence_from(Kind::Tuple, marker());
        push(reduced(global(arg.text, arg.second), args, Construction::Reduce));
        return;
      }
      case Op::OBJ: {
        const std::size_t mark = marker();
        if (stack_.size() < mark + 1) underflow();
        const Slot args = sequence_from(Kind::Tuple, mark + 1);
        const Slot callable = pop();
        require_callable(callable);
        push(reduced(callable, args, Construction::Reduce));
        return;
      }
      case Op::NEWOBJ:
      case Op::NEWOBJ_EX: {
        const bool ex = info.op == Op::NEWOBJ_EX;
        const Slot kwargs = ex ? pop() : Slot{};
        const Slot args = pop();
        const Slot cls = pop();
        const std::string name(info.name);
        if (detail::kind_of(cls) != Kind::Global)
          fail(name + " class argument must be a type, not " + type_of(cls));
        if (detail::kind_of(args) != Kind::Tuple)
          fail(name + " args argument must be a tuple, not " + type_of(args));
        if (ex && detail::kind_of(kwargs) != Kind::Dict)
          fail(name + " kwargs argument must be a dict, not " + type_of(kwargs));
        push(reduced(cls, args, ex ? Construction::NewObjEx : Construction::NewObj, kwargs));
        return;
      }
      case Op::BUILD:
        build();
        return;
    }
  }

  decoding::Reader in_;
  std::unique_ptr<std::byte[]> handed_over_;
  std::size_t input_size_;
  static constexpr std::size_t kMinViewBytes = 64 * 1024;
  const DecodeOptions& options_;
  detail::HeapGuard guard_;
  // Room for a typical call payload's stack before anything is allocated.
  detail::SmallStack<Slot, 32> stack_;
  detail::SmallStack<std::size_t, 8> marks_;
  decoding::DecodeMemo memo_;
  int protocol_ = 0;
  std::size_t next_buffer_ = 0;
  std::unordered_map<const detail::Node*, Slot> readonly_copies_;
  // The str or bytes taken for CPython's shared object of each content: 257 strs (empty, then by
  // Latin-1 character), then 257 bytes (empty, then by byte); null until one is met. Entries are
  // initialized when first used (shared_seen_), so a decode does not start by clearing 4 KiB.
  std::array<detail::TextNode*, 2 * 257> shared_texts_;
  std::bitset<2 * 257> shared_seen_;
  static constexpr std::size_t kCopySlack = 4096;
  static constexpr std::size_t kInitialNodes = 64;
  // The arena's first chunk, sized so a small pickle's graph fits in one (a call payload's ~50
  // bytes make ~600 bytes of nodes and items); bigger graphs go on with chunks that double from
  // there.
  static constexpr std::size_t kArenaBytesPerInputByte = 16;
  static constexpr std::size_t kMinFirstChunk = 256;
  static constexpr std::size_t kMaxFirstChunk = 4096;
  std::size_t copy_budget_;
  std::size_t copied_ = 0;
};

}  // namespace

namespace {

// Out of line, so a decode the fast path takes does not set up the Machine's stack frame.
[[gnu::noinline]] Value decode_with_machine(std::span<const std::byte> data,
                                            const DecodeOptions& options) {
  Machine machine(data, options);
  return machine.run();
}

}  // namespace

Value decode(std::span<const std::byte> data, const DecodeOptions& options) {
  Value value;
  if (!decoding::decode_small_into(data, options.max_depth, value)) {
    value = decode_with_machine(data, options);
  }
  return value;
}

Value decoding::decode_handed_over(std::unique_ptr<std::byte[]> pickle, std::size_t size,
                                   const DecodeOptions& options) {
  const std::span<const std::byte> data(pickle.get(), size);
  Machine machine(data, options, std::move(pickle));
  return machine.run();
}

}  // namespace hog::core::pickle
