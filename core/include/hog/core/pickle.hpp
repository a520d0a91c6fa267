// The pickle codec: Python's pickle format, protocols 0-5, without Python.
//
// Contract:
// - decode(bytes, options) reads one pickle (up to its STOP opcode; trailing bytes are ignored, as
//   pickle.loads ignores them) into a Value graph, keeping shared references and cycles. It never
//   imports or runs anything: GLOBAL/STACK_GLOBAL give Global values; REDUCE, NEWOBJ, NEWOBJ_EX,
//   INST, OBJ and BUILD give Reduced values — except those that stand for model types (complex,
//   set, frozenset, bytearray, bytes via _codecs.encode at protocols 0-2, ...), which become them.
//   PERSID/BINPERSID and EXT1/2/4 need the caller's hooks; NEXT_BUFFER takes the next of the
//   caller's out-of-band buffers. Any input gives a value or UnpicklingError naming the offset and
//   opcode. Memory stays proportional to the input (a length field larger than the remaining input
//   is an error before anything is allocated), nesting is bounded by max_depth, time is linear.
// - encode(value, options) writes a pickle. For protocols 2-5 the bytes are exactly what CPython
//   3.11's pickle.dumps writes for the same object graph (memoization by object identity, framing
//   at 4+, batching of APPENDS/SETITEMS/ADDITEMS, every opcode choice); for protocols 0 and 1
//   CPython loads the output to an equal value. Values that cannot be written raise PicklingError;
//   containers nested deeper than EncodeOptions::max_depth raise RecursionError (the walk keeps
//   its own stack, so deep values never overflow the C++ stack).
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hog/core/value.hpp"

namespace hog::core::pickle {

struct DecodeOptions {
  std::size_t max_depth = 1000;  // container nesting in the result
  // Out-of-band buffers for NEXT_BUFFER, in order (bytes or bytearray values).
  std::vector<Value> buffers;
  // PERSID/BINPERSID: the persistent id (a str for PERSID) to the object. Unset: UnpicklingError.
  std::function<Value(const Value& persistent_id)> persistent_load;
  // EXT1/EXT2/EXT4: the extension code to the object. Unset: UnpicklingError.
  std::function<Value(std::int32_t code)> extension;
};

Value decode(std::span<const std::byte> data, const DecodeOptions& options = {});
inline Value decode(std::string_view data, const DecodeOptions& options = {}) {
  return decode(std::as_bytes(std::span<const char>(data.data(), data.size())), options);
}

struct EncodeOptions {
  int protocol = 5;  // 0..5; Groundhog uses pickle.HIGHEST_PROTOCOL
  // Container nesting allowed in the value; deeper nesting raises RecursionError.
  std::size_t max_depth = 10000;
};

std::string encode(const Value& value, const EncodeOptions& options = {});

}  // namespace hog::core::pickle
