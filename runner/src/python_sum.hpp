// Python's sum() and the list mean (sum(values) / len(values)) over a model value, for the
// builtins. Items may be bool, int (64-bit), float or NumPy bool/int/float scalars; the total stays
// an int until a float item turns it into a float, as in CPython. OverflowError where a Python
// int would outgrow 64 bits; TypeError with Python's text for an item of another type.
#pragma once

#include "hog/core/value.hpp"

namespace hog::runner::detail {

core::Value python_sum(const core::Value& values);
// sum(values) / len(values) as Python computes it; ZeroDivisionError "division by zero" when empty.
double python_mean(const core::Value& values);

}  // namespace hog::runner::detail
