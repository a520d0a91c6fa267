// repr(): CPython's repr() for the built-in types, written without recursion.
//
// Containers print in the value's own order. A container already being printed (a cycle) prints
// CPython's marker: [...] for a list, {...} for a dict, (...) for a tuple, set(...) and
// frozenset(...) — the objects CPython guards with Py_ReprEnter. Ints over 4300 decimal digits
// raise ValueError as CPython 3.11 does. Forms with no CPython spelling (documented, not
// parseable):
//   global       module.name (builtins.Ellipsis and builtins.NotImplemented as Python prints them)
//   reduced      <reduce CALLABLE(ARG, ...)>, <newobj CALLABLE(ARG, ...)> or
//                <newobj CALLABLE(ARG, ..., **KWARGS)>, followed by " state=STATE",
//                " items=[ITEM, ...]" and " dict_items={KEY: VALUE, ...}" when present; <...> when
//                it contains itself.
// Nesting deeper than options.max_depth raises RecursionError; output longer than
// options.max_output bytes raises ValueError.
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/utf8.hpp"
#include "numpy_internal.hpp"
#include "repr_float.hpp"
#include "repr_parts.hpp"
#include "unicode_tables.hpp"
#include "value_internal.hpp"

namespace hog::core {
namespace {

using detail::Node;
using detail::Slot;

constexpr std::size_t kMaxIntDigits = 4300;  // sys.int_info.default_max_str_digits

void append_hex(std::string& out, char32_t value, int digits) {
  static const char hex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += hex[(value >> shift) & 15];
}

char choose_quote(std::string_view data) {
  const bool single = data.find('\'') != std::string_view::npos;
  const bool dbl = data.find('"') != std::string_view::npos;
  return single && !dbl ? '"' : '\'';
}

// The escapes str and bytes reprs share; false when `c` needs none of them.
bool common_escape(std::string& out, char32_t c, char quote) {
  if (c == static_cast<char32_t>(quote) || c == '\\') {
    out += '\\';
    out += static_cast<char>(c);
  } else if (c == '\t') {
    out += "\\t";
  } else if (c == '\n') {
    out += "\\n";
  } else if (c == '\r') {
    out += "\\r";
  } else if (c < ' ' || c == 0x7F) {
    out += "\\x";
    append_hex(out, c, 2);
  } else {
    return false;
  }
  return true;
}

void repr_str(std::string& out, std::string_view utf8) {
  const char quote = choose_quote(utf8);
  out += quote;
  for (std::size_t pos = 0; pos < utf8.size();) {
    const std::size_t start = pos;
    const char32_t c = next_code_point(utf8, pos);
    if (common_escape(out, c, quote)) continue;
    if (c < 0x7F || detail::is_printable(c)) {
      out += utf8.substr(start, pos - start);
    } else {
      out += c <= 0xFF ? "\\x" : c <= 0xFFFF ? "\\u" : "\\U";
      append_hex(out, c, c <= 0xFF ? 2 : c <= 0xFFFF ? 4 : 8);
    }
  }
  out += quote;
}

}  // namespace

namespace detail {

void repr_bytes(std::string& out, std::string_view data) {
  const char quote = choose_quote(data);
  out += 'b';
  out += quote;
  for (unsigned char c : data) {
    if (common_escape(out, c, quote)) continue;
    if (c >= 0x80) {
      out += "\\x";
      append_hex(out, c, 2);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += quote;
}

void repr_complex(std::string& out, double real, double imag) {
  if (real == 0.0 && !std::signbit(real)) {
    out += detail::format_float_repr(imag, false, false) + "j";
    return;
  }
  out += "(" + detail::format_float_repr(real, false, false) +
         detail::format_float_repr(imag, false, true) + "j)";
}

}  // namespace detail

namespace {

using detail::repr_bytes;
using detail::repr_complex;

void repr_int(std::string& out, const BigInt& value) {
  const char* message =
      "Exceeds the limit (4300 digits) for integer string conversion; use "
      "sys.set_int_max_str_digits() to increase "
      "the limit";
  if (value.bit_length() > 14300) throw ValueError(message);  // 2**14300 has more than 4300 digits
  const std::string text = value.to_string(10);
  if (text.size() - (value.is_negative() ? 1 : 0) > kMaxIntDigits) throw ValueError(message);
  out += text;
}

// One unit of pending work: text to write, a value to print, the rest of a container's items
// (so the work list grows with the nesting depth, not with the number of items), or the end of a
// container.
struct Task {
  enum class Type : std::uint8_t { Text, Value, Items, Pairs, Exit } type;
  std::string_view text = {};
  Slot slot = {};
  const Node* node = nullptr;
  const detail::SlotVector* items = nullptr;
  const detail::PairVector* pairs = nullptr;
  std::size_t index = 0;
};

class Printer {
 public:
  explicit Printer(const ReprOptions& options) : options_(options) {}

  std::string run(const Slot& root) {
    tasks_.push_back(value_task(root));
    while (!tasks_.empty()) {
      const Task task = tasks_.back();
      tasks_.pop_back();
      switch (task.type) {
        case Task::Type::Text:
          out_ += task.text;
          break;
        case Task::Type::Value:
          print(task.slot);
          break;
        case Task::Type::Items:
          next_item(task);
          break;
        case Task::Type::Pairs:
          next_pair(task);
          break;
        case Task::Type::Exit:
          active_.erase(task.node);
          break;
      }
      if (out_.size() > options_.max_output) {
        throw ValueError("repr() output exceeds the limit of " +
                         std::to_string(options_.max_output) +
                         " bytes (shared references are printed once per reference)");
      }
    }
    return std::move(out_);
  }

 private:
  static Task text_task(std::string_view text) {
    Task task{Task::Type::Text};
    task.text = text;
    return task;
  }
  static Task value_task(const Slot& slot) {
    Task task{Task::Type::Value};
    task.slot = slot;
    return task;
  }

  void print(const Slot& slot) {
    switch (slot.rep) {
      case Slot::Rep::None:
        out_ += "None";
        return;
      case Slot::Rep::Bool:
        out_ += slot.b ? "True" : "False";
        return;
      case Slot::Rep::SmallInt:
        out_ += std::to_string(slot.i);
        return;
      case Slot::Rep::Float:
        out_ += detail::format_float_repr(slot.f, true, false);
        return;
      case Slot::Rep::Node:
        break;
    }
    const Node* node = slot.node;
    switch (node->kind) {
      case Kind::Int:
        repr_int(out_, static_cast<const detail::IntNode*>(node)->value);
        return;
      case Kind::Complex: {
        const auto* c = static_cast<const detail::ComplexNode*>(node);
        repr_complex(out_, c->real, c->imag);
        return;
      }
      case Kind::Str:
        repr_str(out_, static_cast<const detail::TextNode*>(node)->data);
        return;
      case Kind::Bytes:
        repr_bytes(out_, static_cast<const detail::TextNode*>(node)->data);
        return;
      case Kind::ByteArray:
        out_ += "bytearray(";
        repr_bytes(out_, static_cast<const detail::ByteArrayNode*>(node)->data);
        out_ += ")";
        return;
      case Kind::Global: {
        const auto* g = static_cast<const detail::GlobalNode*>(node);
        if (g->module == "builtins" && (g->name == "Ellipsis" || g->name == "NotImplemented")) {
          out_ += g->name;
        } else {
          out_ += g->module + "." + g->name;
        }
        return;
      }
      case Kind::NDArray:
        detail::repr_ndarray(out_, *static_cast<const detail::NDArrayNode*>(node));
        return;
      case Kind::NumpyScalar:
        detail::repr_numpy_scalar(out_, *static_cast<const detail::NumpyScalarNode*>(node));
        return;
      case Kind::NumpyDType:
        out_ += "numpy.dtype('" + detail::dtype_of_node(slot).str() + "')";
        return;
      default:
        container(node);
        return;
    }
  }

  // Opens a container: writes its opening, queues its items and closing, or writes its marker.
  void container(const Node* node) {
    const Kind kind = node->kind;
    if (kind == Kind::List || kind == Kind::Tuple) {
      const auto& items = static_cast<const detail::SequenceNode*>(node)->items;
      if (items.empty()) {
        out_ += kind == Kind::List ? "[]" : "()";
        return;
      }
      if (!enter(node, kind == Kind::List ? "[...]" : "(...)")) return;
      out_ += kind == Kind::List ? "[" : "(";
      push_close(node, kind == Kind::List ? "]" : items.size() == 1 ? ",)" : ")");
      push_items(items);
    } else if (kind == Kind::Set || kind == Kind::FrozenSet) {
      const auto& items = static_cast<const detail::SetNode*>(node)->items;
      const bool frozen = kind == Kind::FrozenSet;
      if (items.empty()) {
        out_ += frozen ? "frozenset()" : "set()";
        return;
      }
      if (!enter(node, frozen ? "frozenset(...)" : "set(...)")) return;
      out_ += frozen ? "frozenset({" : "{";
      push_close(node, frozen ? "})" : "}");
      push_items(items);
    } else if (kind == Kind::Dict) {
      const auto& items = static_cast<const detail::DictNode*>(node)->items;
      if (items.empty()) {
        out_ += "{}";
        return;
      }
      if (!enter(node, "{...}")) return;
      out_ += "{";
      push_close(node, "}");
      push_pairs(items);
    } else if (kind == Kind::Reduced) {
      reduced(static_cast<const detail::ReducedNode*>(node));
    }
  }

  void reduced(const detail::ReducedNode* node) {
    if (!enter(node, "<...>")) return;
    out_ += node->how == Construction::Reduce ? "<reduce " : "<newobj ";
    push_close(node, ">");
    // Tasks run last-pushed first: push the parts in reverse order.
    if (!node->dict_items.empty()) {
      tasks_.push_back(text_task("}"));
      push_pairs(node->dict_items);
      tasks_.push_back(text_task(" dict_items={"));
    }
    if (!node->list_items.empty()) {
      tasks_.push_back(text_task("]"));
      push_items(node->list_items);
      tasks_.push_back(text_task(" items=["));
    }
    if (node->has_state) {
      tasks_.push_back(value_task(node->state));
      tasks_.push_back(text_task(" state="));
    }
    tasks_.push_back(text_task(")"));
    if (node->how == Construction::NewObjEx) {
      tasks_.push_back(value_task(node->kwargs));
      tasks_.push_back(text_task(", **"));
    }
    const Slot& args = node->args;
    if (detail::kind_of(args) == Kind::Tuple) {
      push_items(static_cast<const detail::SequenceNode*>(args.node)->items);
    } else {
      tasks_.push_back(value_task(args));
      tasks_.push_back(text_task("*"));
    }
    tasks_.push_back(text_task("("));
    tasks_.push_back(value_task(node->callable));
  }

  bool enter(const Node* node, std::string_view marker) {
    if (active_.count(node)) {
      out_ += marker;
      return false;
    }
    if (active_.size() >= options_.max_depth) {
      throw RecursionError(
          "maximum recursion depth exceeded while getting the repr of an object (depth " +
          std::to_string(options_.max_depth) + ")");
    }
    active_.insert(node);
    return true;
  }

  void push_close(const Node* node, std::string_view close) {
    Task exit{Task::Type::Exit};
    exit.node = node;
    tasks_.push_back(exit);
    tasks_.push_back(text_task(close));
  }

  void push_items(const detail::SlotVector& items) {
    Task task{Task::Type::Items};
    task.items = &items;
    tasks_.push_back(task);
  }
  void next_item(Task task) {
    if (task.index >= task.items->size()) return;
    if (task.index > 0) out_ += ", ";
    const Slot& item = (*task.items)[task.index++];
    tasks_.push_back(task);
    print(item);
  }

  void push_pairs(const detail::PairVector& pairs) {
    Task task{Task::Type::Pairs};
    task.pairs = &pairs;
    tasks_.push_back(task);
  }
  void next_pair(Task task) {
    if (task.index >= task.pairs->size()) return;
    if (task.index > 0) out_ += ", ";
    const auto& [key, value] = (*task.pairs)[task.index++];
    tasks_.push_back(task);
    tasks_.push_back(value_task(value));
    tasks_.push_back(text_task(": "));
    print(key);
  }

  const ReprOptions& options_;
  std::string out_;
  std::vector<Task> tasks_;
  std::unordered_set<const Node*> active_;
};

}  // namespace

std::string repr(const Value& value, const ReprOptions& options) {
  return Printer(options).run(value.slot());
}

}  // namespace hog::core
