// The pickle encoder's fast path for small graphs: the pickles of call payloads and results
// (a few scalars, strs, tuples, lists and dicts) written in one recursive pass into a fixed
// buffer, with none of the general Encoder's set-up (frame stack, batching, memo tables, framing
// checks per write).
//
// Contract: encode_small(root, protocol, max_depth, out) writes the pickle of `root` into `out`
// and returns its size, exactly the bytes the general Encoder writes for the same graph; or it
// returns 0 when the graph is not one it takes, and the caller runs the general Encoder (which
// also reports every error: nothing here throws). It takes protocol 4 and 5; None, bools, ints in
// the int32 range, floats, strs of at most 255 bytes, tuples, lists and dicts of at most
// kSmallItems items nested at most kSmallDepth deep (and less deep than max_depth), in a graph
// whose nodes have ids below kSmallNodeIds and whose pickle fits kSmallPickleBytes. Sharing is
// kept as the general Encoder keeps it (memo by node, and by content for the strs CPython shares);
// a tuple reached again through its own items is left to the general Encoder.
#pragma once

#include <cstddef>
#include <span>

#include "value_internal.hpp"

namespace hog::core::pickle::detail {

inline constexpr std::size_t kSmallPickleBytes = 1024;
inline constexpr std::size_t kSmallItems = 64;
inline constexpr std::size_t kSmallDepth = 8;
inline constexpr std::size_t kSmallNodeIds = 64;

std::size_t encode_small(const core::detail::Slot& root, int protocol, std::size_t max_depth,
                         std::span<char, kSmallPickleBytes> out);

}  // namespace hog::core::pickle::detail
