// Binding a call's (args, kwargs) to a builtin's parameters the way Python binds a plain
// `def f(a, b)`: positionally first, then by name, with Python's TypeError texts for too many
// arguments, unknown or repeated keywords, and missing arguments.
#pragma once

#include <string_view>
#include <vector>

#include "hog/runner/registry.hpp"

namespace hog::runner::detail {

std::vector<core::Value> bind_arguments(const Call& call, std::string_view function,
                                        const std::vector<std::string_view>& parameters);

}  // namespace hog::runner::detail
