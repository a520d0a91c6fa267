// repr() of NumPy values as Python expressions that rebuild them with `import numpy` (see
// repr_parts.hpp and hog/core/numpy.hpp; literal parse reads exactly these forms back).
#include <cmath>

#include "numpy_internal.hpp"
#include "repr_float.hpp"
#include "repr_parts.hpp"

namespace hog::core::detail {

void repr_ndarray(std::string& out, const NDArrayNode& node) {
  out += "numpy.frombuffer(";
  repr_bytes(out, array_bytes(node));
  out += ", dtype='" + dtype_of_node(node.dtype).str() + "').reshape((";
  for (std::size_t i = 0; i < node.shape.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(node.shape[i]);
  }
  if (node.shape.size() == 1) out += ",";
  out += node.order == numpy::Order::F ? "), order='F')" : "))";
}

void repr_numpy_scalar(std::string& out, const NumpyScalarNode& node) {
  const numpy::DType& dtype = dtype_of_node(node.dtype);
  NumberStorage storage;
  const Slot number =
      scalar_number(dtype, static_cast<const TextNode&>(*node.data.node).data.data(), storage);
  const std::string_view type = dtype.scalar_type();
  out += type;
  out += '(';
  switch (kind_of(number)) {
    case Kind::Bool:
      out += number.b ? "True" : "False";
      break;
    case Kind::Int:
      out += number.rep == Slot::Rep::SmallInt ? std::to_string(number.i)
                                               : storage.big.value.to_string(10);
      break;
    case Kind::Float:
      if (std::isfinite(number.f)) {
        out += format_float_repr(number.f, true, false);
      } else {
        out += "'" + format_float_repr(number.f, true, false) + "'";
      }
      break;
    default: {
      // Python evaluates (-0+0j) or (1-0j) with a positive zero, and -1j (a +0 real part is not
      // printed) as -(1j), whose real part is -0: such values, and non-finite ones, go in a
      // string, which complex() reads with its signs.
      const double re = storage.complex.real, im = storage.complex.imag;
      const bool literal = std::isfinite(re) && std::isfinite(im) &&
                           !(re == 0 && std::signbit(re)) && !(im == 0 && std::signbit(im)) &&
                           !(re == 0 && std::signbit(im));
      std::string text;
      repr_complex(text, re, im);
      out += literal ? text : "'" + text + "'";
      break;
    }
  }
  out += ')';
}

}  // namespace hog::core::detail
