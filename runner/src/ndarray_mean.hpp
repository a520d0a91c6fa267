// The mean of an ndarray's elements as NumPy 1.24 computes it for float64 results
// (numpy.mean): elements in storage order, converted to float64, summed pairwise (NumPy's
// pairwise_sum, 8-way unrolled blocks of up to 128) within chunks of 8192 elements (the
// ufunc buffer size), the chunk sums added to a total that starts at 0.0, then divided by the
// element count. Bit-identical to NumPy for bool, int, uint and float64 arrays; TypeError for
// float16/float32/complex arrays (NumPy keeps their own precision there).
#pragma once

#include "hog/core/value.hpp"

namespace hog::runner::detail {

double ndarray_mean(const core::Value& array);

}  // namespace hog::runner::detail
