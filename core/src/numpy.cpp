// NumPy values: dtypes, construction, typed views and scalar conversion (see hog/core/numpy.hpp).
#include <algorithm>
#include <bit>
#include <cmath>

#include "hog/core/errors.hpp"
#include "numpy_internal.hpp"

namespace hog::core {
namespace numpy {
namespace {

struct TypeRow {
  char kind;
  std::uint8_t itemsize;
  std::string_view name;         // dtype.name
  std::string_view scalar_type;  // the type of its scalars, as Python prints it
};
constexpr TypeRow kTypes[] = {
    {'b', 1, "bool", "numpy.bool_"},          {'i', 1, "int8", "numpy.int8"},
    {'i', 2, "int16", "numpy.int16"},         {'i', 4, "int32", "numpy.int32"},
    {'i', 8, "int64", "numpy.int64"},         {'u', 1, "uint8", "numpy.uint8"},
    {'u', 2, "uint16", "numpy.uint16"},       {'u', 4, "uint32", "numpy.uint32"},
    {'u', 8, "uint64", "numpy.uint64"},       {'f', 2, "float16", "numpy.float16"},
    {'f', 4, "float32", "numpy.float32"},     {'f', 8, "float64", "numpy.float64"},
    {'c', 8, "complex64", "numpy.complex64"}, {'c', 16, "complex128", "numpy.complex128"},
};

const TypeRow* find_type(char kind, unsigned itemsize) {
  for (const TypeRow& row : kTypes) {
    if (row.kind == kind && row.itemsize == itemsize) return &row;
  }
  return nullptr;
}

// "f8" / "c16": kind letter then itemsize digits; nullopt for anything else.
std::optional<DType> from_code(std::string_view code, char byteorder) {
  if (code.size() < 2 || code.size() > 3) return std::nullopt;
  unsigned size = 0;
  for (char c : code.substr(1)) {
    if (c < '0' || c > '9') return std::nullopt;
    size = size * 10 + static_cast<unsigned>(c - '0');
  }
  const TypeRow* row = find_type(code[0], size);
  if (row == nullptr) return std::nullopt;
  DType type{row->kind, row->itemsize, row->itemsize == 1 ? '|' : byteorder};
  if (row->itemsize == 1 && byteorder != '|' && byteorder != DType::native_order() &&
      byteorder != '<' && byteorder != '>') {
    return std::nullopt;
  }
  return type;
}

void swap_bytes(char* data, const DType& type) {
  const std::size_t unit = type.kind == 'c' ? type.itemsize / 2u : type.itemsize;
  for (std::size_t at = 0; at < type.itemsize; at += unit)
    std::reverse(data + at, data + at + unit);
}

double half_to_double(std::uint16_t bits) {
  const int sign = bits >> 15;
  const int exponent = (bits >> 10) & 0x1f;
  const int mantissa = bits & 0x3ff;
  double magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(mantissa, -24);
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? INFINITY : NAN;
  } else {
    magnitude = std::ldexp(mantissa + 1024, exponent - 25);
  }
  return sign ? -magnitude : magnitude;
}

// IEEE binary16 nearest to `value` (ties to even), as NumPy's float16 conversion rounds.
std::uint16_t double_to_half(double value) {
  const std::uint16_t sign = std::signbit(value) ? 0x8000 : 0;
  const double magnitude = std::fabs(value);
  if (std::isnan(value)) {
    // NumPy keeps the top of the NaN's payload, and keeps it a NaN.
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    const auto payload = static_cast<std::uint16_t>((bits & 0xfffffffffffffull) >> 42);
    return sign | 0x7c00 | (payload == 0 ? 1 : payload);
  }
  if (magnitude >= 65520.0) return sign | 0x7c00;  // at or past the midpoint above 65504: inf
  if (magnitude < 0x1p-14) {
    // Subnormal: units of 2^-24, rounded to nearest even; 1024 units is the smallest normal.
    return sign | static_cast<std::uint16_t>(std::nearbyint(magnitude * 0x1p24));
  }
  int exponent = 0;
  const double fraction = std::frexp(magnitude, &exponent);  // magnitude = fraction * 2^exponent
  auto units = static_cast<std::uint32_t>(std::nearbyint(fraction * 2048.0));  // 1024..2048
  int biased = exponent - 1 + 15;
  if (units == 2048) {
    units = 1024;
    ++biased;
  }
  if (biased >= 31) return sign | 0x7c00;
  return sign | static_cast<std::uint16_t>((biased << 10) | (units - 1024));
}

template <class T>
T load(const char* data) {
  T value;
  std::memcpy(&value, data, sizeof value);
  return value;
}

// A real element (float16/32/64) as a double.
double real_at(const char* data, std::uint8_t size) {
  switch (size) {
    case 2:
      return half_to_double(load<std::uint16_t>(data));
    case 4:
      return load<float>(data);
    default:
      return load<double>(data);
  }
}

void check_dtype(const DType& type) {
  const TypeRow* row = find_type(type.kind, type.itemsize);
  const bool order_ok =
      row != nullptr &&
      (row->itemsize == 1 ? type.byteorder == '|' : type.byteorder == '<' || type.byteorder == '>');
  if (!order_ok) {
    throw ValueError("not a NumPy dtype hogsim models: kind '" + std::string(1, type.kind) +
                     "', itemsize " + std::to_string(type.itemsize) + ", byte order '" +
                     std::string(1, type.byteorder) + "'");
  }
}

}  // namespace

std::string DType::str() const {
  return std::string(1, byteorder) + kind + std::to_string(itemsize);
}

std::string_view DType::name() const {
  const TypeRow* row = find_type(kind, itemsize);
  return row != nullptr ? row->name : std::string_view("unknown");
}

std::string_view DType::scalar_type() const {
  const TypeRow* row = find_type(kind, itemsize);
  return row != nullptr ? row->scalar_type : std::string_view("numpy.generic");
}

char DType::native_order() {
  return std::endian::native == std::endian::little ? '<' : '>';
}

DType DType::parse(std::string_view text) {
  for (const TypeRow& row : kTypes) {
    if (text == row.name) {
      return DType{row.kind, row.itemsize, row.itemsize == 1 ? '|' : native_order()};
    }
  }
  std::optional<DType> type;
  if (!text.empty() && (text[0] == '<' || text[0] == '>' || text[0] == '|' || text[0] == '=')) {
    const char order = text[0] == '=' ? native_order() : text[0];
    type = from_code(text.substr(1), order);
    // '|' only for one-byte types, as NumPy writes it.
    if (type && text[0] == '|' && type->itemsize != 1) type.reset();
  } else {
    type = from_code(text, native_order());
  }
  if (!type) throw ValueError("not a NumPy dtype hogsim models: '" + std::string(text) + "'");
  return *type;
}

std::uint64_t element_count(std::span<const std::int64_t> shape) {
  // At most 2^59 elements, so that count * itemsize (at most 16) stays below 2^63, as NumPy
  // requires of an array's byte size.
  constexpr std::uint64_t kLimit = std::uint64_t{1} << 59;
  std::uint64_t count = 1;
  bool empty = false, overflow = false;
  for (const std::int64_t dim : shape) {
    if (dim < 0) throw ValueError("negative dimensions are not allowed");
    const auto d = static_cast<std::uint64_t>(dim);
    if (d == 0) {
      empty = true;  // no elements, whatever the other dimensions are
    } else if (!overflow && count > kLimit / d) {
      overflow = true;
    } else if (!overflow) {
      count *= d;
    }
  }
  if (empty) return 0;
  if (overflow) throw ValueError("array is too big; the shape overflows");
  return count;
}

Value array(const DType& dtype, std::vector<std::int64_t> shape, std::string_view data,
            Order order) {
  check_dtype(dtype);
  const std::uint64_t count = element_count(shape);
  if (count > data.size() / dtype.itemsize || count * dtype.itemsize != data.size()) {
    throw ValueError("an array of shape with " + std::to_string(count) + " elements of dtype " +
                     dtype.str() + " needs " + std::to_string(count * dtype.itemsize) +
                     " bytes, got " + std::to_string(data.size()));
  }
  return core::detail::new_graph([&](core::detail::Heap& heap) {
    auto* node = heap.make<core::detail::NDArrayNode>();
    node->kind = Kind::NDArray;
    node->dtype = core::detail::slot_of(core::detail::make_dtype_node(heap, dtype));
    node->order = core::detail::layout_order(shape, order);
    node->shape = std::move(shape);
    node->data = core::detail::slot_of(heap.make_bytearray(data));
    return node;
  });
}

Value scalar(const DType& dtype, std::string_view data) {
  check_dtype(dtype);
  if (data.size() != dtype.itemsize) {
    throw ValueError("a NumPy scalar of dtype " + dtype.str() + " needs " +
                     std::to_string(dtype.itemsize) + " bytes, got " + std::to_string(data.size()));
  }
  std::string bytes(data);
  DType native = dtype;
  if (!dtype.is_native()) {
    swap_bytes(bytes.data(), dtype);
    native.byteorder = DType::native_order();
  }
  return core::detail::new_graph([&](core::detail::Heap& heap) {
    auto* node = heap.make<core::detail::NumpyScalarNode>();
    node->dtype = core::detail::slot_of(core::detail::make_dtype_node(heap, native));
    node->data = core::detail::slot_of(heap.make_bytes(bytes));
    return node;
  });
}

Value dtype(const DType& type) {
  check_dtype(type);
  return core::detail::new_graph(
      [&](core::detail::Heap& heap) { return core::detail::make_dtype_node(heap, type); });
}

std::vector<Value> array_split(const Value& value, std::size_t sections) {
  const ArrayView whole = view(value);
  if (whole.shape().empty()) throw ValueError("array_split needs an array of at least 1 dimension");
  if (sections == 0) throw ValueError("number sections must be larger than 0.");
  const auto rows = static_cast<std::size_t>(whole.shape()[0]);
  // Elements per row (in C order a row is contiguous; in F order one element of each column
  // block), and bytes per element.
  const std::size_t rest = rows == 0 ? 0 : whole.size() / rows;
  const std::size_t item = whole.dtype().itemsize;
  std::vector<Value> parts;
  std::size_t start = 0;
  for (std::size_t k = 0; k < sections; ++k) {
    const std::size_t count = rows / sections + (k < rows % sections ? 1 : 0);
    std::string data;
    data.reserve(count * rest * item);
    if (whole.order() == Order::C) {
      data.append(whole.bytes().substr(start * rest * item, count * rest * item));
    } else {
      // Fortran order: element (row, r) sits at (row + rows * r); each r holds a run of rows.
      for (std::size_t r = 0; r < rest; ++r) {
        data.append(whole.bytes().substr((start + rows * r) * item, count * item));
      }
    }
    std::vector<std::int64_t> shape(whole.shape().begin(), whole.shape().end());
    shape[0] = static_cast<std::int64_t>(count);
    parts.push_back(array(whole.dtype(), std::move(shape), data, whole.order()));
    start += count;
  }
  return parts;
}

ArrayView view(const Value& value) {
  if (value.kind() != Kind::NDArray) {
    throw TypeError("expected numpy.ndarray, got " + std::string(value.type_name()));
  }
  const auto& node = static_cast<const core::detail::NDArrayNode&>(*value.slot().node);
  ArrayView result;
  result.dtype_ = core::detail::dtype_of_node(node.dtype);
  result.shape_ = node.shape;
  result.order_ = node.order;
  result.data_ = core::detail::array_bytes(node);
  return result;
}

void ArrayView::check_element(char kind, std::size_t size, const char* cpp_name,
                              std::size_t align) const {
  if (dtype_.kind != kind || dtype_.itemsize != size) {
    throw TypeError("an ndarray of dtype " + std::string(dtype_.name()) + " ('" + dtype_.str() +
                    "') cannot be read as " + cpp_name);
  }
  if (!dtype_.is_native()) {
    throw TypeError("an ndarray of dtype '" + dtype_.str() +
                    "' is not in the machine's byte order; read bytes() and swap them");
  }
  if (kind == 'b') {
    // A C++ bool must hold 0 or 1; a decoded array may hold any byte.
    for (const char byte : data_) {
      if (byte != 0 && byte != 1) {
        throw TypeError(
            "a bool ndarray holding bytes other than 0 and 1 cannot be read as bool; "
            "read bytes()");
      }
    }
  }
  if (reinterpret_cast<std::uintptr_t>(data_.data()) % align != 0) {
    throw TypeError("the ndarray's data is not aligned for " + std::string(cpp_name) +
                    "; read bytes()");
  }
}

ScalarView scalar_view(const Value& value) {
  if (value.kind() != Kind::NumpyScalar) {
    throw TypeError("expected a NumPy scalar, got " + std::string(value.type_name()));
  }
  const auto& node = static_cast<const core::detail::NumpyScalarNode&>(*value.slot().node);
  return ScalarView{core::detail::dtype_of_node(node.dtype),
                    static_cast<const core::detail::TextNode&>(*node.data.node).data};
}

Value ScalarView::item() const {
  // The item may be an inline scalar rather than a node: it is made inside a one-item list.
  const Value holder = core::detail::new_graph([&](core::detail::Heap& heap) {
    auto* list = heap.make<core::detail::SequenceNode>(Kind::List);
    list->items.push_back(core::detail::scalar_item(heap, dtype, bytes.data()));
    return list;
  });
  return holder[0];
}

DType dtype_of(const Value& value) {
  switch (value.kind()) {
    case Kind::NDArray:
      return core::detail::dtype_of_node(
          static_cast<const core::detail::NDArrayNode&>(*value.slot().node).dtype);
    case Kind::NumpyScalar:
      return core::detail::dtype_of_node(
          static_cast<const core::detail::NumpyScalarNode&>(*value.slot().node).dtype);
    case Kind::NumpyDType:
      return core::detail::dtype_of_node(value.slot());
    default:
      throw TypeError("expected a NumPy array, scalar or dtype, got " +
                      std::string(value.type_name()));
  }
}

}  // namespace numpy

namespace detail {

std::string_view array_bytes(const NDArrayNode& node) {
  if (kind_of(node.data) == Kind::ByteArray) {
    return static_cast<const ByteArrayNode&>(*node.data.node).data;
  }
  return static_cast<const TextNode&>(*node.data.node).data;
}

const numpy::DType& dtype_of_node(const Slot& dtype) {
  return static_cast<const DTypeNode&>(*dtype.node).dtype;
}

numpy::Order layout_order(std::span<const std::int64_t> shape, numpy::Order order) {
  std::size_t long_dims = 0;
  for (const std::int64_t dim : shape) {
    if (dim == 0) return numpy::Order::C;
    if (dim > 1) ++long_dims;
  }
  return long_dims > 1 ? order : numpy::Order::C;
}

std::string_view numpy_multiarray(NumpyFlavor flavor) {
  return flavor == NumpyFlavor::V1 ? "numpy.core.multiarray" : "numpy._core.multiarray";
}
std::string_view numpy_numeric(NumpyFlavor flavor) {
  return flavor == NumpyFlavor::V1 ? "numpy.core.numeric" : "numpy._core.numeric";
}

std::optional<numpy::DType> dtype_from_pickle_text(std::string_view text) {
  return numpy::from_code(text, numpy::DType::native_order());
}

DTypeNode* make_dtype_node(Heap& heap, const numpy::DType& dtype) {
  auto* node = heap.make<DTypeNode>();
  node->kind = Kind::NumpyDType;
  node->dtype = dtype;
  return node;
}

Slot scalar_number(const numpy::DType& type, const char* data, NumberStorage& storage) {
  switch (type.kind) {
    case 'b':
      return bool_slot(data[0] != 0);
    case 'i':
      switch (type.itemsize) {
        case 1:
          return int_slot(numpy::load<std::int8_t>(data));
        case 2:
          return int_slot(numpy::load<std::int16_t>(data));
        case 4:
          return int_slot(numpy::load<std::int32_t>(data));
        default:
          return int_slot(numpy::load<std::int64_t>(data));
      }
    case 'u':
      switch (type.itemsize) {
        case 1:
          return int_slot(numpy::load<std::uint8_t>(data));
        case 2:
          return int_slot(numpy::load<std::uint16_t>(data));
        case 4:
          return int_slot(numpy::load<std::uint32_t>(data));
        default: {
          const auto value = numpy::load<std::uint64_t>(data);
          if (value <= static_cast<std::uint64_t>(INT64_MAX)) {
            return int_slot(static_cast<std::int64_t>(value));
          }
          storage.big.value = *BigInt::from_digits(std::to_string(value), 10);
          return slot_of(&storage.big);
        }
      }
    case 'f':
      return float_slot(numpy::real_at(data, type.itemsize));
    default: {
      const auto half = static_cast<std::uint8_t>(type.itemsize / 2);
      storage.complex.real = numpy::real_at(data, half);
      storage.complex.imag = numpy::real_at(data + half, half);
      return slot_of(&storage.complex);
    }
  }
}

Slot scalar_item(Heap& heap, const numpy::DType& type, const char* data) {
  NumberStorage storage;
  const Slot number = scalar_number(type, data, storage);
  if (number.rep != Slot::Rep::Node) return number;
  if (number.node == &storage.big) return make_int(heap, storage.big.value);
  return slot_of(heap.make<ComplexNode>(storage.complex.real, storage.complex.imag));
}

std::string scalar_bytes_of(const numpy::DType& type, const Slot& number) {
  const Kind kind = kind_of(number);
  const std::string wanted(type.scalar_type());
  std::string bytes(type.itemsize, '\0');
  auto store = [&](const auto& value) { std::memcpy(bytes.data(), &value, sizeof value); };
  auto as_double = [&]() -> double {
    if (kind == Kind::Float) return number.f;
    if (kind == Kind::Int && number.rep == Slot::Rep::SmallInt) {
      return static_cast<double>(number.i);
    }
    if (kind == Kind::Int) {
      if (const auto value = static_cast<const IntNode&>(*number.node).value.to_double()) {
        return *value;
      }
      throw ValueError(wanted + ": int too large to convert to float");
    }
    throw ValueError(wanted + "() takes a number here, not " + std::string(kind_name(kind)));
  };
  auto store_real = [&](double value, std::uint8_t size, std::size_t at) {
    if (size == 2) {
      const std::uint16_t half = numpy::double_to_half(value);
      std::memcpy(bytes.data() + at, &half, 2);
    } else if (size == 4) {
      const auto single = static_cast<float>(value);
      std::memcpy(bytes.data() + at, &single, 4);
    } else {
      std::memcpy(bytes.data() + at, &value, 8);
    }
  };
  switch (type.kind) {
    case 'b':
      if (kind != Kind::Bool) throw ValueError(wanted + "() takes True or False here");
      bytes[0] = number.b ? 1 : 0;
      return bytes;
    case 'i':
    case 'u': {
      if (kind != Kind::Int || number.rep != Slot::Rep::SmallInt) {
        if (kind == Kind::Int && type.kind == 'u' && type.itemsize == 8) {
          const BigInt& big = static_cast<const IntNode&>(*number.node).value;
          if (!big.is_negative() && big.bit_length() <= 64) {
            store(static_cast<std::uint64_t>(std::stoull(big.to_string(10))));
            return bytes;
          }
        }
        if (kind != Kind::Int) throw ValueError(wanted + "() takes an int here");
        throw ValueError("Python int too large for " + wanted);
      }
      const std::int64_t value = number.i;
      const int bits = 8 * type.itemsize;
      const bool in_range = type.kind == 'i'
                                ? (bits == 64 || (value >= -(std::int64_t{1} << (bits - 1)) &&
                                                  value < (std::int64_t{1} << (bits - 1))))
                                : value >= 0 && (bits == 64 || value < (std::int64_t{1} << bits));
      if (!in_range)
        throw ValueError("Python int " + std::to_string(value) + " out of range for " + wanted);
      std::memcpy(bytes.data(), &value, type.itemsize);  // little-endian: the low bytes
      if constexpr (std::endian::native == std::endian::big) {
        std::memcpy(bytes.data(), reinterpret_cast<const char*>(&value) + 8 - type.itemsize,
                    type.itemsize);
      }
      return bytes;
    }
    case 'f':
      store_real(as_double(), type.itemsize, 0);
      return bytes;
    default: {
      const std::uint8_t half = type.itemsize / 2;
      if (kind == Kind::Complex) {
        const auto& c = static_cast<const ComplexNode&>(*number.node);
        store_real(c.real, half, 0);
        store_real(c.imag, half, half);
      } else {
        store_real(as_double(), half, 0);
        store_real(0.0, half, half);
      }
      return bytes;
    }
  }
}

Slot scalar_item(Heap& heap, const NumpyScalarNode& node) {
  return scalar_item(heap, dtype_of_node(node.dtype),
                     static_cast<const TextNode&>(*node.data.node).data.data());
}

}  // namespace detail
}  // namespace hog::core
