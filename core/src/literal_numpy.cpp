// The NumPy forms of literal text (see literal_numpy.hpp).
#include "literal_numpy.hpp"

#include <charconv>
#include <utility>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "literal_syntax.hpp"
#include "numpy_internal.hpp"

namespace hog::core::detail {
namespace {

using Type = AstNode::Type;
using ConstantKind = AstNode::ConstantKind;

// One real number as Python's float() reads it: an optional sign, then decimal digits, "inf",
// "infinity" or "nan" (any case). nullopt unless all of `text` is that number.
std::optional<double> real_text(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text[0] == '+' || text[0] == '-') return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return negative ? -value : value;
}

// A number as Python's complex() reads the strings repr() writes: "nan", "-inf", "(-0+0j)",
// "(nan+1j)", "1e5j". Signed zeros and NaN signs are kept, as complex() keeps them.
std::optional<std::pair<double, double>> complex_text(std::string_view text, bool& imaginary) {
  if (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
    text = text.substr(1, text.size() - 2);
  }
  imaginary = !text.empty() && (text.back() == 'j' || text.back() == 'J');
  if (!imaginary) {
    const auto real = real_text(text);
    if (!real) return std::nullopt;
    return std::pair{*real, 0.0};
  }
  text.remove_suffix(1);
  // The imaginary part starts at the last sign that is not the first character or an exponent's.
  std::size_t split = 0;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if ((text[i] == '+' || text[i] == '-') && text[i - 1] != 'e' && text[i - 1] != 'E') split = i;
  }
  const std::string_view imag_text = text.substr(split);
  const auto imag = imag_text == "" || imag_text == "+" ? std::optional(1.0)
                    : imag_text == "-"                  ? std::optional(-1.0)
                                                        : real_text(imag_text);
  const auto real = split == 0 ? std::optional(0.0) : real_text(text.substr(0, split));
  if (!real || !imag) return std::nullopt;
  return std::pair{*real, *imag};
}

class NumpyReader {
 public:
  explicit NumpyReader(const LiteralContext& context) : c_(context) {}

  std::optional<Slot> call(int n) {
    const AstNode& node = c_.nodes[n];
    const std::optional<std::string> callee = dotted(node.callee);
    if (callee && *callee == "numpy.frombuffer") return frombuffer(n, std::nullopt);
    // numpy.frombuffer(...).reshape(...)
    const AstNode& target = c_.nodes[node.callee];
    if (is_attribute(target) && target.attribute == "reshape") {
      const AstNode& base = c_.nodes[target.children[0]];
      if (base.type == Type::Call && dotted(base.callee) == "numpy.frombuffer") {
        return frombuffer(target.children[0], n);
      }
    }
    if (!callee || callee->rfind("numpy.", 0) != 0) return std::nullopt;
    const std::string_view name = std::string_view(*callee).substr(6);
    if (name == "dtype") {
      positional(n, 1, "numpy.dtype");
      no_keywords(n, "numpy.dtype");
      return slot_of(make_dtype_node(
          c_.heap, numpy::DType::parse(str_constant(node.children[0], "numpy.dtype's argument"))));
    }
    for (const numpy::DType& type : scalar_types()) {
      if (type.scalar_type().substr(6) == name) return scalar(n, type);
    }
    fail(n, "'" + *callee +
                "' is not a NumPy form hogsim reads (numpy.frombuffer(...).reshape(...), "
                "numpy.TYPE(value) or numpy.dtype(...))");
  }

 private:
  static bool is_attribute(const AstNode& node) {
    return node.type == Type::Other && node.name == "Attribute";
  }

  // "a.b.c" for a chain of attributes on a name; nullopt otherwise.
  std::optional<std::string> dotted(int n) const {
    if (n < 0) return std::nullopt;
    const AstNode& node = c_.nodes[n];
    if (node.type == Type::Name) return std::string(node.name);
    if (!is_attribute(node)) return std::nullopt;
    auto base = dotted(node.children[0]);
    if (!base) return std::nullopt;
    return *base + "." + std::string(node.attribute);
  }

  [[noreturn]] void fail(int n, const std::string& message) const {
    throw ValueError(message + " on line " +
                     std::to_string(position_of(c_.text, c_.nodes[n].offset).line));
  }

  void positional(int n, std::size_t count, const std::string& what) const {
    if (c_.nodes[n].children.size() != count) {
      fail(n, what + " takes " + std::to_string(count) + " positional argument" +
                  (count == 1 ? "" : "s") + " here");
    }
  }
  void no_keywords(int n, const std::string& what) const {
    if (!c_.nodes[n].keywords.empty()) fail(n, what + " takes no keyword arguments here");
  }
  // The value of keyword `name` (or -1), failing on any other keyword.
  int keyword(int n, std::string_view name, const std::string& what) const {
    int found = -1;
    for (const auto& [keyword, value] : c_.nodes[n].keywords) {
      if (keyword != name) fail(n, what + " takes no keyword '" + std::string(keyword) + "' here");
      found = value;
    }
    return found;
  }

  std::string str_constant(int n, const std::string& what) const {
    const AstNode& node = c_.nodes[n];
    if (node.type != Type::Constant || node.constant != ConstantKind::Str) {
      fail(n, what + " must be a string");
    }
    return node.data;
  }

  // numpy.frombuffer(BYTES, dtype=STR), reshaped by the call `reshape` when given.
  Slot frombuffer(int n, std::optional<int> reshape) {
    const AstNode& node = c_.nodes[n];
    positional(n, 1, "numpy.frombuffer");
    const int dtype_arg = keyword(n, "dtype", "numpy.frombuffer");
    if (dtype_arg < 0) fail(n, "numpy.frombuffer needs dtype='...'");
    const numpy::DType dtype = numpy::DType::parse(str_constant(dtype_arg, "dtype"));
    const AstNode& data = c_.nodes[node.children[0]];
    if (data.type != Type::Constant || data.constant != ConstantKind::Bytes) {
      fail(n, "numpy.frombuffer's first argument must be a bytes literal");
    }
    if (data.data.size() % dtype.itemsize != 0) {
      fail(n, "numpy.frombuffer: buffer size " + std::to_string(data.data.size()) +
                  " is not a multiple of the element size " + std::to_string(dtype.itemsize));
    }
    std::vector<std::int64_t> shape{static_cast<std::int64_t>(data.data.size() / dtype.itemsize)};
    numpy::Order order = numpy::Order::C;
    if (reshape) {
      positional(*reshape, 1, "reshape");
      shape = shape_of(c_.nodes[*reshape].children[0]);
      const int order_arg = keyword(*reshape, "order", "reshape");
      if (order_arg >= 0) {
        const std::string text = str_constant(order_arg, "order");
        if (text != "C" && text != "F") fail(order_arg, "order must be 'C' or 'F'");
        order = text == "F" ? numpy::Order::F : numpy::Order::C;
      }
      if (numpy::element_count(shape) * dtype.itemsize != data.data.size()) {
        fail(*reshape, "cannot reshape an array of " +
                           std::to_string(data.data.size() / dtype.itemsize) +
                           " elements into the shape given");
      }
    }
    auto* array = c_.heap.make<NDArrayNode>();
    array->kind = Kind::NDArray;
    array->dtype = slot_of(make_dtype_node(c_.heap, dtype));
    array->order = layout_order(shape, order);
    array->shape = std::move(shape);
    array->data = slot_of(c_.heap.make_bytearray(data.data));
    return slot_of(array);
  }

  // A tuple of non-negative ints, or one int.
  std::vector<std::int64_t> shape_of(int n) const {
    const Slot value = c_.convert(n);
    std::vector<std::int64_t> shape;
    auto add = [&](const Slot& dim) {
      if (dim.rep != Slot::Rep::SmallInt || dim.i < 0) {
        fail(n, "a shape is a tuple of non-negative ints");
      }
      shape.push_back(dim.i);
    };
    if (kind_of(value) == Kind::Tuple) {
      for (const Slot& dim : static_cast<const SequenceNode&>(*value.node).items) add(dim);
    } else {
      add(value);
    }
    try {
      numpy::element_count(shape);
    } catch (const ValueError& error) {
      fail(n, error.what());
    }
    return shape;
  }

  static const std::vector<numpy::DType>& scalar_types() {
    static const std::vector<numpy::DType> types = [] {
      std::vector<numpy::DType> all;
      for (const char* text :
           {"b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16"}) {
        all.push_back(numpy::DType::parse(text));
      }
      return all;
    }();
    return types;
  }

  // numpy.TYPE(VALUE): a literal number, or a string holding one.
  Slot scalar(int n, const numpy::DType& type) {
    const std::string what(type.scalar_type());
    positional(n, 1, what);
    no_keywords(n, what);
    const int arg = c_.nodes[n].children[0];
    const AstNode& node = c_.nodes[arg];
    ComplexNode from_text(0.0, 0.0);  // a number read from a string
    Slot number;
    if (node.type == Type::Constant && node.constant == ConstantKind::Str) {
      bool imaginary = false;
      const auto parts = complex_text(node.data, imaginary);
      if (!parts || (type.kind != 'f' && type.kind != 'c') || (imaginary && type.kind == 'f')) {
        fail(arg, what + "(): the string does not hold a " +
                      (type.kind == 'c' ? "complex" : "float") + " number");
      }
      from_text.real = parts->first;
      from_text.imag = parts->second;
      number = type.kind == 'f' ? float_slot(parts->first) : slot_of(&from_text);
    } else {
      number = c_.convert(arg);
    }
    std::string bytes;
    try {
      bytes = scalar_bytes_of(type, number);
    } catch (const ValueError& error) {
      fail(arg, error.what());
    }
    auto* scalar = c_.heap.make<NumpyScalarNode>();
    scalar->dtype = slot_of(make_dtype_node(c_.heap, type));
    scalar->data = slot_of(c_.heap.make_bytes(bytes));
    return slot_of(scalar);
  }

  const LiteralContext& c_;
};

}  // namespace

std::optional<Slot> read_numpy_call(const LiteralContext& context, int call) {
  return NumpyReader(context).call(call);
}

}  // namespace hog::core::detail
