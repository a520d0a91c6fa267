// The strict decoder: canonical RFC 4648 text only, i.e. exactly the strings encode() produces.
//
// The error offset is the length of the longest prefix of the text that is still the beginning of
// some canonical text: the first character that cannot be there (outside the alphabet, padding
// where a data character is needed, data or a third '=' after padding, padding after a character
// whose unused low bits are set), or the text's length when it ends inside a 4-character group.
#include <cstdio>

#include "base64_internal.hpp"
#include "hog/core/base64.hpp"
#include "hog/core/errors.hpp"

namespace hog::core::base64::detail {
namespace {

std::string describe(unsigned char ch) {
  char text[32];
  if (ch >= 0x20 && ch < 0x7f) {
    std::snprintf(text, sizeof text, "'%c'", ch);
  } else {
    std::snprintf(text, sizeof text, "byte 0x%02x", ch);
  }
  return text;
}

}  // namespace

std::string decode_strict_with(const Kernel& kernel, std::string_view text) {
  const std::size_t n = text.size();
  std::string out(n / 4 * 3 + 3, '\0');
  auto* start = reinterpret_cast<unsigned char*>(out.data());
  std::size_t i = kernel.decode_clean(text.data(), n, start);
  unsigned char* o = start + i / 4 * 3;

  // The rest, one character at a time; i is at the start of a 4-character group.
  std::uint32_t bits = 0;
  int data = 0;  // data characters in the current group
  int pads = 0;  // '=' in the current group
  for (; i < n; ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    const std::uint8_t value = kDecodeTable[ch];
    if (value != kNotAlphabet) {
      if (pads > 0) throw Base64Error("data character " + describe(ch) + " after padding '='", i);
      bits = bits << 6 | value;
      if (++data == 4) {
        *o++ = static_cast<unsigned char>(bits >> 16);
        *o++ = static_cast<unsigned char>(bits >> 8);
        *o++ = static_cast<unsigned char>(bits);
        bits = 0;
        data = 0;
      }
    } else if (ch == '=') {
      if (data + pads == 4) throw Base64Error("excess padding '=' after a complete group", i);
      if (data < 2) {
        throw Base64Error("padding '=' where a data character is needed (" + std::to_string(data) +
                              " data characters in this 4-character group)",
                          i);
      }
      const std::uint32_t unused_mask = data == 2 ? 0x0f : 0x03;
      if (pads == 0 && (bits & unused_mask) != 0) {
        throw Base64Error(
            "padding '=' after a character whose unused low bits are not zero (not canonical)", i);
      }
      ++pads;
    } else {
      throw Base64Error("invalid character " + describe(ch) + " in base64 text", i);
    }
  }
  if (data + pads != 0 && data + pads != 4) {
    throw Base64Error("text ends inside a 4-character group (length " + std::to_string(n) +
                          " is not a multiple of 4)",
                      n);
  }
  if (data == 2) {
    *o++ = static_cast<unsigned char>(bits >> 4);
  } else if (data == 3) {
    *o++ = static_cast<unsigned char>(bits >> 10);
    *o++ = static_cast<unsigned char>(bits >> 2);
  }
  out.resize(static_cast<std::size_t>(o - start));
  return out;
}

}  // namespace hog::core::base64::detail
