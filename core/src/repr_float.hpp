// CPython's repr() of floats: the shortest digits that round-trip, laid out as
// PyOS_double_to_string(x, 'r', 0, flags) does.
//
// Contract: pure, thread-safe. add_dot_0 appends ".0" to integral values in positional form (float
// repr); always_sign writes '+' before non-negative values (the imaginary part of a complex repr).
#pragma once

#include <string>

namespace hog::core::detail {

std::string format_float_repr(double value, bool add_dot_0, bool always_sign);

}  // namespace hog::core::detail
