// Internal layout of NumPy values (see hog/core/numpy.hpp) and the names NumPy pickles them under.
//
// The nodes derive from ReducedNode because the decoder meets them as calls first: numpy.dtype(...)
// and _reconstruct(ndarray, (0,), b'b') are REDUCEs whose BUILD state comes later, and references
// to the object exist from the REDUCE on. Such a node starts as Kind::Reduced (a faithful generic
// reduced object) and switches its kind to NumpyDType/NDArray in place when its BUILD state turns
// out to be one hogsim models; if not, it stays a plain reduced object. Values made in C++ or from
// _frombuffer/scalar get their NumPy kind at once and leave the ReducedNode part empty.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "hog/core/numpy.hpp"
#include "value_internal.hpp"

namespace hog::core::detail {

// The module paths of NumPy 1.x (numpy.core.*) or NumPy 2.x (numpy._core.*).
enum class NumpyFlavor : std::uint8_t { V1, V2 };
// How an ndarray is pickled at protocol 5: numeric._frombuffer, or multiarray._reconstruct + BUILD
// (what NumPy does for arrays that are not contiguous; below protocol 5 always the latter).
enum class ArrayForm : std::uint8_t { FromBuffer, Reconstruct };

struct DTypeNode : ReducedNode {
  numpy::DType dtype;
};

struct NDArrayNode : ReducedNode {
  Slot dtype;  // a DTypeNode of kind NumpyDType
  std::vector<std::int64_t> shape;
  numpy::Order order = numpy::Order::C;
  Slot data;  // Bytes (read-only buffer) or ByteArray (writable) holding the elements
  NumpyFlavor flavor = NumpyFlavor::V1;
  ArrayForm form = ArrayForm::FromBuffer;
};

struct NumpyScalarNode : Node {
  NumpyScalarNode() : Node(Kind::NumpyScalar) {}
  Slot dtype;  // a DTypeNode of kind NumpyDType, in the machine's byte order
  Slot data;   // Bytes: itemsize bytes
  NumpyFlavor flavor = NumpyFlavor::V1;
};

// The elements' bytes of an ndarray node.
std::string_view array_bytes(const NDArrayNode& node);
const numpy::DType& dtype_of_node(const Slot& dtype);

// The order NumPy reports for elements laid out in `order`: F only when the layout is not also C
// (an array with at most one dimension longer than 1, or with no elements, is both, and NumPy
// pickles it as C).
numpy::Order layout_order(std::span<const std::int64_t> shape, numpy::Order order);

// Module names by flavor.
std::string_view numpy_multiarray(NumpyFlavor flavor);  // numpy.core.multiarray / numpy._core...
std::string_view numpy_numeric(NumpyFlavor flavor);     // numpy.core.numeric / numpy._core.numeric

// The DType for the text NumPy pickles as numpy.dtype's first argument ("f8", "b1", "<i4"), or
// nullopt for types hogsim does not model ("O8", "V16", "U3", "M8[s]").
std::optional<numpy::DType> dtype_from_pickle_text(std::string_view text);

// New nodes in `heap` (no validation: callers pass consistent parts).
DTypeNode* make_dtype_node(Heap& heap, const numpy::DType& dtype);
// The Python number (bool, int, float or complex) a NumPy scalar of `type` stored at `data` (in
// the machine's byte order) stands for. scalar_number puts a big int or a complex in `storage`
// (for comparisons that must not allocate); scalar_item makes them in `heap`.
struct NumberStorage {
  IntNode big{BigInt()};
  ComplexNode complex{0.0, 0.0};
};
Slot scalar_number(const numpy::DType& type, const char* data, NumberStorage& storage);
Slot scalar_item(Heap& heap, const numpy::DType& type, const char* data);
// The itemsize bytes (machine order) of a NumPy scalar of `type` made from a Python number, as
// numpy.TYPE(number) makes it: a bool for bool_; an int in range for the integer types; an int or
// float for the float types (rounded to nearest even); an int, float or complex for complex.
// ValueError otherwise.
std::string scalar_bytes_of(const numpy::DType& type, const Slot& number);
// The same for a scalar node.
Slot scalar_item(Heap& heap, const NumpyScalarNode& node);

}  // namespace hog::core::detail
