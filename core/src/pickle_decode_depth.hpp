// Internal to the pickle decoder: the nesting bound on a decoded graph.
//
// Contract: check_depth walks the graph from `root` without recursion and throws RecursionError
// when a containment path holds more than `max_depth` containers (list, tuple, dict, set,
// frozenset, reduced object). Cycles aside: the walk is a depth-first search, and an edge back to
// an object still on the search path (a cycle) is not followed; shared objects are measured once.
// This is the depth a recursive walker that stops at objects it is already inside (repr, the
// encoder) reaches. Time and memory linear in the graph.
#pragma once

#include <cstddef>

#include "value_internal.hpp"

namespace hog::core::pickle::decoding {

void check_depth(const detail::Slot& root, std::size_t max_depth);

}  // namespace hog::core::pickle::decoding
