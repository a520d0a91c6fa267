// The lenient decoder: base64.b64decode(s) with validate=False, i.e. CPython 3.11's
// binascii.a2b_base64 with strict_mode=False, state for state:
// - characters outside the alphabet (and '=' where it cannot be padding) are skipped;
// - data characters fill 4-character groups (quad positions 0..3), a byte out per position 1..3;
// - '=' counts as padding only at quad position 2 or 3; once position + pads reaches 4 the
//   decoding stops there and everything after it is ignored; a data character resets the count;
// - at the end, a group holding one data character is "Invalid base64-encoded string: number of
//   data characters (N) cannot be 1 more than a multiple of 4", and two or three is
//   "Incorrect padding" (both reported at offset = the text's length, where they are found).
// Speed: a kernel decodes runs of clean whole groups; the state machine takes over from the first
// group with anything else in it and hands back whenever it completes a group.
#include "base64_internal.hpp"
#include "hog/core/errors.hpp"

namespace hog::core::base64::detail {

std::size_t decode_lenient_into(const Kernel& kernel, std::string_view text, char* out) {
  const char* in = text.data();
  const std::size_t n = text.size();
  auto* start = reinterpret_cast<unsigned char*>(out);
  unsigned char* o = start;

  std::size_t i = 0;
  int quad_pos = 0;
  unsigned leftchar = 0;
  int pads = 0;
  while (i < n) {
    if (quad_pos == 0) {
      const std::size_t clean = kernel.decode_clean(in + i, n - i, o);
      i += clean;
      o += clean / 4 * 3;
      if (i == n) break;
    }
    while (i < n) {
      const auto ch = static_cast<unsigned char>(in[i++]);
      if (ch == '=') {
        if (quad_pos >= 2 && quad_pos + ++pads >= 4) return static_cast<std::size_t>(o - start);
        continue;
      }
      const unsigned value = kDecodeTable[ch];
      if (value == kNotAlphabet) continue;
      pads = 0;
      switch (quad_pos) {
        case 0:
          leftchar = value;
          break;
        case 1:
          *o++ = static_cast<unsigned char>(leftchar << 2 | value >> 4);
          leftchar = value & 0x0f;
          break;
        case 2:
          *o++ = static_cast<unsigned char>(leftchar << 4 | value >> 2);
          leftchar = value & 0x03;
          break;
        default:
          *o++ = static_cast<unsigned char>(leftchar << 6 | value);
          leftchar = 0;
          break;
      }
      quad_pos = (quad_pos + 1) % 4;
      if (quad_pos == 0) break;  // a group is complete: back to the kernel
    }
  }
  if (quad_pos == 1) {
    const std::size_t data_characters = static_cast<std::size_t>(o - start) / 3 * 4 + 1;
    throw Base64Error("Invalid base64-encoded string: number of data characters (" +
                          std::to_string(data_characters) +
                          ") cannot be 1 more than a multiple of 4",
                      n);
  }
  if (quad_pos != 0) throw Base64Error("Incorrect padding", n);
  return static_cast<std::size_t>(o - start);
}

std::string decode_lenient_with(const Kernel& kernel, std::string_view text) {
  std::string out(decoded_room(text.size()), '\0');
  out.resize(decode_lenient_into(kernel, text, out.data()));
  return out;
}

}  // namespace hog::core::base64::detail
