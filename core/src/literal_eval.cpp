// parse(): literal text -> Value, in ast.literal_eval's three steps. The text is lstripped of
// " \t" and its newlines normalized; it is tokenized and parsed (every SyntaxError); then the tree
// is converted by literal_eval's rules (3.11's _convert, _convert_signed_num, _convert_num):
// constants, tuple/list/set/dict displays, set(), unary +/- on a number constant, and
// real +/- imaginary. Keys and members are converted and inserted in CPython's order, so
// "unhashable type" and "malformed node" errors come out as literal_eval raises them.
// Extensions (spellings repr() prints): inf, nan, infj, nanj as numbers, Ellipsis, bytearray(),
// bytearray(b'...'), frozenset() and frozenset({...}), and the NumPy forms (literal_numpy.hpp).
#include <cmath>
#include <complex>
#include <limits>
#include <optional>
#include <string>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/utf8.hpp"
#include "literal_ast.hpp"
#include "literal_numpy.hpp"
#include "value_internal.hpp"

namespace hog::core {
namespace {

using detail::AstNode;
using Type = AstNode::Type;
using ConstantKind = AstNode::ConstantKind;
using detail::Slot;

struct Number {
  enum class Type : std::uint8_t { Int, Float, Complex } type = Type::Int;
  bool small = true;  // an Int in small_value (else in integer)
  std::int64_t small_value = 0;
  BigInt integer;
  double real = 0, imag = 0;
};

// Builds the value directly in one arena heap, as the other codecs do.
class Evaluator {
 public:
  Evaluator(std::string_view text, const detail::SyntaxTree& tree, detail::Heap& heap)
      : text_(text), nodes_(tree.nodes), heap_(heap) {}

  Slot convert(int n) {
    if (n < 0) malformed(n);
    const AstNode& node = nodes_[n];
    switch (node.type) {
      case Type::Constant:
        return constant(node);
      case Type::Tuple:
      case Type::List: {
        auto* sequence =
            heap_.make<detail::SequenceNode>(node.type == Type::Tuple ? Kind::Tuple : Kind::List);
        sequence->items.reserve(node.children.size());
        for (int child : node.children) sequence->items.push_back(convert(child));
        return detail::slot_of(sequence);
      }
      case Type::Set: {
        auto* set = heap_.make<detail::SetNode>(Kind::Set);
        for (int child : node.children) detail::set_add(*set, convert(child));
        return detail::slot_of(set);
      }
      case Type::Dict: {
        auto* dict = heap_.make<detail::DictNode>();
        for (std::size_t i = 0; i < node.children.size(); i += 2) {
          const Slot key = convert(node.children[i]);
          detail::dict_set(*dict, key, convert(node.children[i + 1]));
        }
        return detail::slot_of(dict);
      }
      case Type::Call:
        if (auto value = detail::read_numpy_call(
                detail::LiteralContext{text_, nodes_, heap_, [this](int k) { return convert(k); }},
                n)) {
          return *value;
        }
        if (auto value = call(node)) return *value;
        break;
      case Type::BinOp:
        if (auto value = complex_literal(node)) return *value;
        break;
      case Type::Name:
        if (node.name == "Ellipsis") return constant_ellipsis();
        break;
      default:
        break;
    }
    return to_slot(convert_signed_num(n));
  }

 private:
  [[noreturn]] void malformed(int n) const {
    if (n < 0) throw ValueError("malformed node or string: None");
    const AstNode& node = nodes_[n];
    static constexpr const char* kClass[] = {"Constant", "Tuple", "List",    "Set",   "Dict",
                                             "Call",     "Name",  "UnaryOp", "BinOp", ""};
    const std::string cls(node.type == Type::Other
                              ? node.name
                              : std::string_view(kClass[static_cast<int>(node.type)]));
    throw ValueError("malformed node or string on line " +
                     std::to_string(detail::position_of(text_, node.offset).line) + ": <ast." +
                     cls + " object>");
  }

  Slot constant_ellipsis() {
    return detail::slot_of(heap_.make<detail::GlobalNode>("builtins", "Ellipsis"));
  }

  // Every str and bytes constant is a new object, as literal_eval makes them.
  Slot constant(const AstNode& node) {
    switch (node.constant) {
      case ConstantKind::None:
        return Slot();
      case ConstantKind::True:
        return detail::bool_slot(true);
      case ConstantKind::False:
        return detail::bool_slot(false);
      case ConstantKind::Ellipsis:
        return constant_ellipsis();
      case ConstantKind::Int:
        return node.number.small ? detail::int_slot(node.number.small_value)
                                 : detail::make_int(heap_, node.number.integer);
      case ConstantKind::Float:
        return detail::float_slot(node.number.number);
      case ConstantKind::Imaginary:
        return detail::slot_of(heap_.make<detail::ComplexNode>(0.0, node.number.number));
      case ConstantKind::Str:
        return detail::slot_of(heap_.make_str(node.data));
      case ConstantKind::Bytes:
        return detail::slot_of(heap_.make_bytes(node.data));
    }
    return Slot();
  }

  // set(), and the extensions bytearray(), bytearray(b'...'), frozenset(), frozenset({...}).
  std::optional<Slot> call(const AstNode& node) {
    if (!node.plain_call) return std::nullopt;
    if (node.children.size() > 1) return std::nullopt;
    const AstNode* arg = node.children.empty() ? nullptr : &nodes_[node.children[0]];
    if (node.name == "set" && !arg) return detail::slot_of(heap_.make<detail::SetNode>(Kind::Set));
    if (node.name == "bytearray" &&
        (!arg || (arg->type == Type::Constant && arg->constant == ConstantKind::Bytes))) {
      return detail::slot_of(
          heap_.make_bytearray(arg ? std::string_view(arg->data) : std::string_view()));
    }
    if (node.name == "frozenset" && (!arg || arg->type == Type::Set)) {
      auto* set = heap_.make<detail::SetNode>(Kind::FrozenSet);
      if (arg) {
        for (int child : arg->children) detail::set_add(*set, convert(child));
      }
      return detail::slot_of(set);
    }
    return std::nullopt;
  }

  std::optional<Number> number_constant(int n) const {
    const AstNode& node = nodes_[n];
    Number number;
    if (node.type == Type::Name) {
      // Extensions: the names repr() prints for non-finite floats.
      const double inf = std::numeric_limits<double>::infinity();
      const double nan = std::numeric_limits<double>::quiet_NaN();
      if (node.name == "inf" || node.name == "nan") {
        number.type = Number::Type::Float;
        number.real = node.name == "inf" ? inf : nan;
        return number;
      }
      if (node.name == "infj" || node.name == "nanj") {
        number.type = Number::Type::Complex;
        number.imag = node.name == "infj" ? inf : nan;
        return number;
      }
      return std::nullopt;
    }
    if (node.type != Type::Constant) return std::nullopt;
    switch (node.constant) {
      case ConstantKind::Int:
        number.small = node.number.small;
        number.small_value = node.number.small_value;
        number.integer = node.number.integer;
        return number;
      case ConstantKind::Float:
        number.type = Number::Type::Float;
        number.real = node.number.number;
        return number;
      case ConstantKind::Imaginary:
        number.type = Number::Type::Complex;
        number.imag = node.number.number;
        return number;
      default:
        return std::nullopt;
    }
  }

  Number convert_num(int n) const {
    if (auto number = number_constant(n)) return *number;
    malformed(n);
  }

  Number convert_signed_num(int n) const {
    const AstNode& node = nodes_[n];
    if (node.type != Type::UnaryOp) return convert_num(n);
    Number number = convert_num(node.children[0]);
    if (node.op == '-') {
      number.small_value = -number.small_value;  // at most 18 digits: no overflow
      number.integer = -number.integer;
      number.real = -number.real;
      number.imag = -number.imag;
    }
    return number;
  }

  static double real_of(const Number& number) {
    if (number.type == Number::Type::Float) return number.real;
    if (number.small) return static_cast<double>(number.small_value);
    const auto value = number.integer.to_double();
    if (!value) throw Error("OverflowError", "int too large to convert to float");
    return *value;
  }

  // real +/- imaginary: Python converts the real operand to complex(x, 0.0) and adds or subtracts.
  std::optional<Slot> complex_literal(const AstNode& node) {
    const Number left = convert_signed_num(node.children[0]);
    const Number right = convert_num(node.children[1]);
    if (left.type == Number::Type::Complex || right.type != Number::Type::Complex)
      return std::nullopt;
    const double real = real_of(left);
    if (node.op == '+') return complex_slot(real + right.real, 0.0 + right.imag);
    return complex_slot(real - right.real, 0.0 - right.imag);
  }

  Slot complex_slot(double real, double imag) {
    return detail::slot_of(heap_.make<detail::ComplexNode>(real, imag));
  }

  Slot to_slot(const Number& number) {
    switch (number.type) {
      case Number::Type::Int:
        return number.small ? detail::int_slot(number.small_value)
                            : detail::make_int(heap_, number.integer);
      case Number::Type::Float:
        return detail::float_slot(number.real);
      case Number::Type::Complex:
        return complex_slot(number.real, number.imag);
    }
    return Slot();
  }

  std::string_view text_;
  const std::vector<AstNode>& nodes_;
  detail::Heap& heap_;
};

// Python source is a str: reject bytes that are not UTF-8, and lone surrogates as compile() does.
void check_text(std::string_view text) {
  if (auto error = find_utf8_error(text, true)) {
    throw ValueError("literal text is not UTF-8: " + error->reason + " at offset " +
                     std::to_string(error->offset));
  }
  if (auto error = find_utf8_error(text, false)) {
    std::size_t pos = error->offset;
    const char32_t cp = next_code_point(text, pos);
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (int shift = 12; shift >= 0; shift -= 4) hex += digits[(cp >> shift) & 15];
    throw Error("UnicodeEncodeError",
                "'utf-8' codec can't encode character '\\u" + hex + "' in position " +
                    std::to_string(utf8_code_points(text.substr(0, error->offset))) +
                    ": surrogates not allowed");
  }
  const std::size_t nul = text.find('\0');
  if (nul != std::string_view::npos)
    detail::syntax_error(text, nul, "source code string cannot contain null bytes");
}

// The tokenizer reads "\r\n" and "\r" as "\n".
std::string normalize_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

Value parse(std::string_view text, const ParseOptions& options) {
  const std::size_t start = text.find_first_not_of(" \t");
  text = start == std::string_view::npos ? std::string_view() : text.substr(start);
  check_text(text);
  const std::string source = normalize_newlines(text);
  const std::vector<detail::Token> tokens = detail::tokenize(source, options.max_depth);
  const detail::SyntaxTree tree = detail::parse_syntax(source, tokens, options.max_int_digits);
  detail::HeapGuard guard;
  return Value::from_slot(Evaluator(source, tree, guard.heap()).convert(tree.root));
}

}  // namespace hog::core
