// The pickle decoder's fast path for small pickles: call payloads and results (a few scalars,
// strs, tuples, lists and dicts, as protocols 2-5 write them) decoded in one pass with fixed-size
// stack, marks and memo, and without the general Machine's set-up (argument reader, hooks, copy
// budget, error translation).
//
// Contract: decode_small(data, max_depth) (and decode_small_into, which sets a Value instead)
// returns the value pickle::decode(data) returns, with
// the same graph (sharing, and which strs are CPython's shared objects); or nullopt when the
// pickle is not one it takes, and the caller runs the general Machine, which also reports every
// error: nothing here throws but std::bad_alloc. It takes pickles of at most kSmallInputBytes
// made of PROTO, FRAME, STOP, NONE, NEWTRUE, NEWFALSE, BININT1, BININT2, BININT, BINFLOAT,
// SHORT_BINUNICODE, MEMOIZE, BINGET, MARK, EMPTY_TUPLE, TUPLE1-3, TUPLE, EMPTY_LIST, APPEND,
// APPENDS, EMPTY_DICT, SETITEM and SETITEMS, whose dict keys are strs or scalars, and that keep
// within its fixed sizes. Anything else — another opcode, a malformed argument, an error the
// general decoder would report — makes it give up, having kept nothing.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "hog/core/value.hpp"

namespace hog::core::pickle::decoding {

inline constexpr std::size_t kSmallInputBytes = 512;

// Sets `out` to the value and returns true, or returns false and leaves `out` as it was.
bool decode_small_into(std::span<const std::byte> data, std::size_t max_depth, Value& out);

inline std::optional<Value> decode_small(std::span<const std::byte> data, std::size_t max_depth) {
  Value value;
  if (!decode_small_into(data, max_depth, value)) return std::nullopt;
  return value;
}

}  // namespace hog::core::pickle::decoding
