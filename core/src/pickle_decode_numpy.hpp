// Internal to the pickle decoder: recognizing the pickles NumPy writes for dtypes, ndarrays and
// NumPy scalars (NumPy 1.x numpy.core.* and 2.x numpy._core.* paths), so that they decode into
// NumPy values (hog/core/numpy.hpp) instead of generic reduced objects.
//
// Contract:
// - numpy_from_reduce looks at a REDUCE's callable and arguments and returns a node for:
//     numpy.dtype(code, False, True)            -> a dtype node, still Kind::Reduced (its byte
//                                                  order comes with BUILD)
//     multiarray._reconstruct(numpy.ndarray, (0,), b'b')
//                                               -> an array node, still Kind::Reduced (its
//                                                  contents come with BUILD)
//     numeric._frombuffer(buffer, dtype, shape, 'C'|'F')  -> an ndarray (the buffer is not copied)
//     multiarray.scalar(dtype, bytes)           -> a NumPy scalar (dtype in the machine's order)
//   and nullopt for everything else, including dtypes hogsim does not model.
// - numpy_build applies BUILD to such a Kind::Reduced node: when the state is exactly what NumPy
//   writes (dtype: (3, byteorder, None, None, None, -1, -1, 0); ndarray: (1, shape, dtype,
//   is_fortran, bytes) with the right byte count), the node becomes a NumpyDType or NDArray in
//   place and it returns true. Otherwise it returns false and the caller stores the state as for
//   any reduced object, so nothing NumPy can pickle is lost.
#pragma once

#include <optional>

#include "value_internal.hpp"

namespace hog::core::pickle::decoding {

std::optional<detail::Slot> numpy_from_reduce(detail::Heap& heap, const detail::Slot& callable,
                                              const detail::Slot& args);
bool numpy_build(detail::ReducedNode& target, const detail::Slot& state);

}  // namespace hog::core::pickle::decoding
