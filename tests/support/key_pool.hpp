// Dict keys and set members that exercise Python's key collapsing: numbers equal across types
// (0 / 0.0 / -0.0 / False / 0j and 1 / 1.0 / True), strs and bytes of equal text, equal hashable
// containers, plain strs (enough to pass small-index sizes), and unhashable keys, directly and
// inside a tuple. For white-box tests of the dict/set index.
#pragma once

#include <vector>

#include "hog/core/value.hpp"

namespace hog::test {

std::vector<hog::core::Value> colliding_keys();

}  // namespace hog::test
