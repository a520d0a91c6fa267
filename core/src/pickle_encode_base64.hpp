// The envelope's fast path: prefix + base64(pickle.encode(value, options)) with the base64 read
// straight from the encoder's buffer (no copy of the pickle into a string of its own). Same bytes
// and errors as composing the two public calls.
#pragma once

#include <string>
#include <string_view>

#include "hog/core/pickle.hpp"

namespace hog::core::pickle::detail {

std::string encode_base64(const Value& value, const EncodeOptions& options,
                          std::string_view prefix);

}  // namespace hog::core::pickle::detail
