// A copy of 1 to 16 bytes with at most two fixed-size (inlined) copies that may overlap: the
// codecs copy mostly opcode headers and short strs, where a call to memcpy costs more than the
// copy itself.
#pragma once

#include <cstddef>
#include <cstring>

namespace hog::core::detail {

inline void copy_short(char* out, const char* in, std::size_t size) {
  if (size >= 8) {
    std::memcpy(out, in, 8);
    std::memcpy(out + size - 8, in + size - 8, 8);
  } else if (size >= 4) {
    std::memcpy(out, in, 4);
    std::memcpy(out + size - 4, in + size - 4, 4);
  } else {
    out[0] = in[0];
    out[size / 2] = in[size / 2];
    out[size - 1] = in[size - 1];
  }
}

// Any size: copy_short up to 16 bytes, memcpy beyond.
inline void copy_bytes(char* out, const char* in, std::size_t size) {
  if (size == 0) return;
  if (size <= 16) {
    copy_short(out, in, size);
  } else {
    std::memcpy(out, in, size);
  }
}

}  // namespace hog::core::detail
