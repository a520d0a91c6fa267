#include "support/python_expr.hpp"

#include <bit>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "support/python_oracle.hpp"

namespace hog::test {
namespace {

using hog::core::Kind;
using hog::core::Value;

std::string float_expr(double d) {
  return "struct.unpack('<d', bytes.fromhex('" +
         to_hex(std::string(reinterpret_cast<const char*>(&d), sizeof d)) + "'))[0]";
}

class Emitter {
 public:
  std::string run(const Value& root, const std::string& name) {
    collect(root);
    // Phase 1: every mutable container exists (empty) before anything refers to it.
    for (const auto& node : order_) {
      if (is_mutable(node)) out_ << var(node) << " = " << empty_form(node) << "\n";
    }
    // Phase 2: immutable objects, each after the immutable objects it holds. (Not collect()'s
    // post-order: a tuple reached again through a list below it comes first there, yet it holds
    // the list, so it may be made before the tuple the list holds.)
    for (const auto& node : order_) {
      if (!is_mutable(node)) emit_immutable(node);
    }
    // Phase 3: fill the mutable containers in their own order.
    for (const auto& node : order_) {
      switch (node.kind()) {
        case Kind::List:
          for (const auto& item : node.elements())
            out_ << var(node) << ".append(" << ref(item) << ")\n";
          break;
        case Kind::Dict:
          for (const auto& [k, v] : node.items())
            out_ << var(node) << "[" << ref(k) << "] = " << ref(v) << "\n";
          break;
        case Kind::Set:
          for (const auto& item : node.elements())
            out_ << var(node) << ".add(" << ref(item) << ")\n";
          break;
        default:
          break;
      }
    }
    out_ << name << " = " << ref(root) << "\n";
    return "import struct\n" + out_.str();
  }

 private:
  static bool has_identity(const Value& v) {
    return v.slot().rep == hog::core::detail::Slot::Rep::Node;
  }
  static bool is_mutable(const Value& v) {
    return v.kind() == Kind::List || v.kind() == Kind::Dict || v.kind() == Kind::Set;
  }

  void collect(const Value& v) {
    if (!has_identity(v)) return;
    const auto* key = v.slot().node;
    if (index_.count(key)) return;
    index_[key] = index_.size();
    switch (v.kind()) {
      case Kind::List:
      case Kind::Tuple:
      case Kind::Set:
      case Kind::FrozenSet:
        for (const auto& item : v.elements()) collect(item);
        break;
      case Kind::Dict:
        for (const auto& [k, item] : v.items()) {
          collect(k);
          collect(item);
        }
        break;
      case Kind::Global:
      case Kind::Reduced:
        throw std::invalid_argument(
            "python_program: globals and reduced objects have no Python form here");
      default:
        break;
    }
    order_.push_back(v);
  }

  // Writes `v` (immutable) after the immutable objects it holds directly; mutable ones exist
  // since phase 1, so no path through them orders anything. Immutable objects cannot hold
  // themselves without a mutable one in between, so this always ends.
  void emit_immutable(const Value& v) {
    const auto* key = v.slot().node;
    if (!emitted_.insert(key).second) return;
    if (v.kind() == Kind::Tuple || v.kind() == Kind::FrozenSet) {
      for (const auto& item : v.elements()) {
        if (has_identity(item) && !is_mutable(item)) emit_immutable(item);
      }
    }
    out_ << var(v) << " = " << immutable_form(v) << "\n";
  }

  std::string var(const Value& v) { return "o" + std::to_string(index_.at(v.slot().node)); }

  std::string ref(const Value& v) {
    if (has_identity(v)) return var(v);
    switch (v.kind()) {
      case Kind::None:
        return "None";
      case Kind::Bool:
        return v.as_bool() ? "True" : "False";
      case Kind::Int:
        return "(" + std::to_string(v.as_int()) + ")";
      case Kind::Float:
        return float_expr(v.as_float());
      default:
        throw std::logic_error("python_program: scalar without identity of kind " +
                               std::string(v.type_name()));
    }
  }

  static std::string empty_form(const Value& v) {
    return v.kind() == Kind::List ? "[]" : v.kind() == Kind::Dict ? "{}" : "set()";
  }

  std::string items_of(const Value& v) {
    std::string text;
    for (const auto& item : v.elements()) text += ref(item) + ", ";
    return text;
  }

  std::string immutable_form(const Value& v) {
    switch (v.kind()) {
      case Kind::Int:
        return "int('" + v.as_bigint().to_string() + "')";
      case Kind::Complex:
        return "complex(" + float_expr(v.as_complex().real()) + ", " +
               float_expr(v.as_complex().imag()) + ")";
      case Kind::Str:
        return "bytes.fromhex('" + to_hex(v.as_str()) + "').decode('utf-8', 'surrogatepass')";
      case Kind::Bytes:
        return "bytes.fromhex('" + to_hex(v.as_bytes()) + "')";
      case Kind::ByteArray:
        return "bytearray.fromhex('" + to_hex(v.as_bytes()) + "')";
      // Not a display: the compiler folds equal constant tuples into one shared object.
      case Kind::Tuple:
        return "tuple([" + items_of(v) + "])";
      case Kind::FrozenSet:
        return "frozenset([" + items_of(v) + "])";
      default:
        throw std::logic_error("python_program: unexpected kind " + std::string(v.type_name()));
    }
  }

  std::map<const void*, std::size_t> index_;
  std::set<const void*> emitted_;
  std::vector<Value> order_;
  std::ostringstream out_;
};

}  // namespace

std::string python_program(const Value& value, const std::string& name) {
  return Emitter().run(value, name);
}

}  // namespace hog::test
