// The "return plain Python types" lint of payload inspection (Groundhog's advice: NumPy scalars
// and 0-d arrays "don't always deserialize cleanly", return float/int instead).
//
// This is the hook: one object in, the finding's message out. Today NumPy values reach it in the
// generic reduced form (numpy.core.multiarray.scalar(dtype, bytes)); when the value model gains
// NumPy kinds, their cases (NumpyScalar, 0-d NDArray) belong here too.
#include "inspect_internal.hpp"

namespace hog::core::inspection {

std::optional<std::string> not_plain_python(const detail::Slot& slot) {
  if (detail::kind_of(slot) != Kind::Reduced) return std::nullopt;
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
