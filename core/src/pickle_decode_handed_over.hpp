// decode() of a pickle whose buffer the caller hands over, for deserialize(): a big bytearray in
// it (NumPy's protocol 5 array data) becomes a view into the buffer, which the decoded graph then
// keeps, instead of a copy. Same values and errors as decode() of the same bytes.
#pragma once

#include <cstddef>
#include <memory>

#include "hog/core/pickle.hpp"

namespace hog::core::pickle::decoding {

// `pickle` holds the pickle in its first `size` bytes.
Value decode_handed_over(std::unique_ptr<std::byte[]> pickle, std::size_t size,
                         const DecodeOptions& options = {});

}  // namespace hog::core::pickle::decoding
