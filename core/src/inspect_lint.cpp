// The "return plain Python types" lint of payload inspection (Groundhog's advice: NumPy scalars
// and 0-d arrays "don't always deserialize cleanly", return float/int instead).
//
// One object in, the finding's message out: NumPy scalars and 0-d ndarrays are reported, and so
// are NumPy scalar reductions hogsim does not model (a scalar of a non-native dtype stays in the
// generic reduced form numpy.core.multiarray.scalar(dtype, bytes)).
#include "inspect_internal.hpp"
#include "numpy_internal.hpp"

namespace hog::core::inspection {

std::optional<std::string> not_plain_python(const detail::Slot& slot) {
  switch (detail::kind_of(slot)) {
    case Kind::NumpyScalar: {
      const auto& scalar = static_cast<const detail::NumpyScalarNode&>(*slot.node);
      return "a NumPy scalar (" + std::string(detail::dtype_of_node(scalar.dtype).scalar_type()) +
             "), not a plain Python type: return float(x), int(x) or x.item()";
    }
    case Kind::NDArray: {
      const auto& array = static_cast<const detail::NDArrayNode&>(*slot.node);
      if (!array.shape.empty()) return std::nullopt;
      return "a 0-d NumPy array, not a plain Python type: return x.item()";
    }
    case Kind::Reduced:
      break;
    default:
      return std::nullopt;
  }
  const auto& reduced = static_cast<const detail::ReducedNode&>(*slot.node);
  if (detail::kind_of(reduced.callable) != Kind::Global) return std::nullopt;
  const auto& callable = static_cast<const detail::GlobalNode&>(*reduced.callable.node);
  const bool numpy_module =
      callable.module == "numpy.core.multiarray" || callable.module == "numpy._core.multiarray";
  if (numpy_module && callable.name == "scalar") {
    return "a NumPy scalar, not a plain Python type: return float(x), int(x) or x.item()";
  }
  return std::nullopt;
}

}  // namespace hog::core::inspection
