// Emits a Python program that rebuilds a Value graph in CPython, identity included: each object
// becomes one Python object, shared references are shared, cycles are closed, and strings and
// bytes are made at run time so CPython's own singletons (empty and one-character Latin-1 str,
// empty and one-byte bytes) are shared exactly as CPython shares them.
//
// Contract: python_program(v, "name") returns statements that leave the object in variable
// `name`; they need `import struct` (emitted at the top). Globals and reduced objects have no
// Python equivalent here: std::invalid_argument.
#pragma once

#include <string>

#include "hog/core/value.hpp"

namespace hog::test {

std::string python_program(const hog::core::Value& value, const std::string& name = "v");

}  // namespace hog::test
