// NumPy values without NumPy: ndarrays, their dtypes and NumPy scalars as plain data in the value
// model, so that the payloads NumPy pickles decode, print, parse and encode without Python.
//
// Contract:
// - A DType is one of the numeric element types NumPy pickles as a builtin dtype: bool ('b1'),
//   int8..int64 ('i1'..'i8'), uint8..uint64 ('u1'..'u8'), float16/32/64 ('f2', 'f4', 'f8') and
//   complex64/128 ('c8', 'c16'), with a byte order: '<' little-endian, '>' big-endian, '|' for
//   one-byte types (NumPy's dtype.str, e.g. "<f8"). Everything else NumPy pickles (object arrays,
//   structured and string dtypes, datetimes, subclasses such as masked arrays) is not modelled:
//   those pickles decode into generic Reduced values, which re-encode exactly but have no typed
//   access.
// - An ndarray value (Kind::NDArray) holds a dtype, a shape, an order and its elements' bytes in
//   that order (C: last index fastest; F: first index fastest); a NumPy scalar (Kind::NumpyScalar)
//   holds a dtype in the machine's byte order and itemsize bytes; a dtype value
//   (Kind::NumpyDType) holds a dtype. All are immutable.
// - Python semantics: a NumPy scalar compares and hashes as the Python bool/int/float/complex it
//   converts to (np.float64(0.5) == 0.5, and they are one dict key). ndarrays are unhashable;
//   `==` on two ndarrays is true when dtype, shape, order and bytes are the same (NumPy's own `==`
//   is elementwise). dtypes compare by their DType.
// - Views (ArrayView, ScalarView) read without copying and stay valid while a handle to the value
//   lives. `ArrayView::as<T>()` throws TypeError unless T is exactly the element type and the byte
//   order is the machine's.
// - Errors: ValueError for an unknown dtype text or data whose size does not match the shape;
//   TypeError for reading a value of another kind.
#pragma once

#include <complex>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hog/core/value.hpp"

namespace hog::core::numpy {

struct DType {
  char kind = 'f';            // 'b' bool, 'i' signed int, 'u' unsigned int, 'f' float, 'c' complex
  std::uint8_t itemsize = 8;  // bytes per element
  char byteorder = '<';       // '<', '>' or '|' (one-byte types only)

  // "<f8", "|b1", ">i2": NumPy's dtype.str. Also accepted by parse: the type name ("float64",
  // "bool"), and the short forms NumPy pickles ("f8", "b1"), which mean the machine's byte order.
  std::string str() const;
  static DType parse(std::string_view text);  // ValueError when it is not one of the types above
  // NumPy's type name: "bool", "int8" ... "uint64", "float16" ... "complex128".
  std::string_view name() const;
  // The type of its scalars as Python names it: "numpy.float64", "numpy.bool_".
  std::string_view scalar_type() const;
  // The dtype with the machine's byte order ('|' stays '|').
  static char native_order();
  bool is_native() const { return byteorder == '|' || byteorder == native_order(); }

  friend bool operator==(const DType&, const DType&) = default;
};

enum class Order : std::uint8_t { C, F };

// A shape's element count, or ValueError when a dimension is negative or the count is over 2^59
// (so that count * itemsize always fits, below 2^63 bytes as NumPy requires).
std::uint64_t element_count(std::span<const std::int64_t> shape);

// A new ndarray. `data` holds element_count(shape) * dtype.itemsize bytes in `order`; ValueError
// otherwise. The bytes are copied.
Value array(const DType& dtype, std::vector<std::int64_t> shape, std::string_view data,
            Order order = Order::C);
// A new NumPy scalar from its itemsize bytes (in the dtype's byte order; a non-native dtype is
// converted to the machine's order, as NumPy scalars always are).
Value scalar(const DType& dtype, std::string_view data);
// The NumPy scalars of the C++ arithmetic types: numpy.float64(0.5) is scalar_of(0.5).
template <class T>
Value scalar_of(T value);
// A dtype object.
Value dtype(const DType& dtype);

// numpy.array_split(array, sections) along the first axis: `sections` arrays, the first
// (length % sections) of them one row longer, each a copy in the array's order. ValueError for a
// 0-d array or sections == 0.
std::vector<Value> array_split(const Value& array, std::size_t sections);

class ArrayView {
 public:
  DType dtype() const { return dtype_; }
  std::span<const std::int64_t> shape() const { return shape_; }
  Order order() const { return order_; }
  std::size_t size() const { return static_cast<std::size_t>(element_count(shape_)); }
  std::string_view bytes() const { return data_; }
  // The elements in storage order, without copying. TypeError unless T matches the dtype exactly
  // (bool, std::int8_t ... std::uint64_t, float, double, std::complex<float/double>; float16 has
  // no C++ type: read bytes()) and the byte order is the machine's; as<bool>() also requires every
  // byte to be 0 or 1 (a decoded array may hold others).
  template <class T>
  std::span<const T> as() const;

 private:
  friend ArrayView view(const Value& value);
  void check_element(char kind, std::size_t size, const char* cpp_name, std::size_t align) const;
  DType dtype_;
  std::span<const std::int64_t> shape_;
  Order order_ = Order::C;
  std::string_view data_;
};

// The ndarray behind `value`; TypeError when it is not one.
ArrayView view(const Value& value);

struct ScalarView {
  DType dtype;
  std::string_view bytes;  // itemsize bytes in the machine's order
  // The Python value NumPy's item() returns: bool, int, float or complex.
  Value item() const;
};
// The NumPy scalar behind `value`; TypeError when it is not one.
ScalarView scalar_view(const Value& value);
// The dtype of an ndarray, a NumPy scalar or a dtype value; TypeError otherwise.
DType dtype_of(const Value& value);

// --- implementation of the templates -------------------------------------------------------------

namespace detail {
template <class T>
struct Element;
template <>
struct Element<bool> {
  static constexpr char kind = 'b';
  static constexpr const char* name = "bool";
};
template <>
struct Element<std::int8_t> {
  static constexpr char kind = 'i';
  static constexpr const char* name = "int8_t";
};
template <>
struct Element<std::int16_t> {
  static constexpr char kind = 'i';
  static constexpr const char* name = "int16_t";
};
template <>
struct Element<std::int32_t> {
  static constexpr char kind = 'i';
  static constexpr const char* name = "int32_t";
};
template <>
struct Element<std::int64_t> {
  static constexpr char kind = 'i';
  static constexpr const char* name = "int64_t";
};
template <>
struct Element<std::uint8_t> {
  static constexpr char kind = 'u';
  static constexpr const char* name = "uint8_t";
};
template <>
struct Element<std::uint16_t> {
  static constexpr char kind = 'u';
  static constexpr const char* name = "uint16_t";
};
template <>
struct Element<std::uint32_t> {
  static constexpr char kind = 'u';
  static constexpr const char* name = "uint32_t";
};
template <>
struct Element<std::uint64_t> {
  static constexpr char kind = 'u';
  static constexpr const char* name = "uint64_t";
};
template <>
struct Element<float> {
  static constexpr char kind = 'f';
  static constexpr const char* name = "float";
};
template <>
struct Element<double> {
  static constexpr char kind = 'f';
  static constexpr const char* name = "double";
};
template <>
struct Element<std::complex<float>> {
  static constexpr char kind = 'c';
  static constexpr const char* name = "complex<float>";
};
template <>
struct Element<std::complex<double>> {
  static constexpr char kind = 'c';
  static constexpr const char* name = "complex<double>";
};
}  // namespace detail

template <class T>
std::span<const T> ArrayView::as() const {
  check_element(detail::Element<T>::kind, sizeof(T), detail::Element<T>::name, alignof(T));
  return {reinterpret_cast<const T*>(data_.data()), data_.size() / sizeof(T)};
}

template <class T>
Value scalar_of(T value) {
  const DType type{detail::Element<T>::kind, static_cast<std::uint8_t>(sizeof(T)),
                   sizeof(T) == 1 ? '|' : DType::native_order()};
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  return scalar(type, std::string_view(bytes, sizeof(T)));
}

}  // namespace hog::core::numpy
