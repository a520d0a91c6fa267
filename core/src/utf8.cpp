#include "hog/core/utf8.hpp"

namespace hog::core {

std::optional<Utf8Error> find_utf8_error(std::string_view text, bool allow_surrogates) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // ASCII fast path, eight bytes at a time.
    while (i + 8 <= size) {
      std::uint64_t word;
      __builtin_memcpy(&word, bytes + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= size) break;
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED && !allow_surrogates) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return Utf8Error{i, "invalid start byte"};
    }
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= size) return Utf8Error{i, "unexpected end of data"};
      const unsigned char c = bytes[i + k];
      const unsigned char lo = k == 1 ? low : 0x80;
      const unsigned char hi = k == 1 ? high : 0xBF;
      if (c < lo || c > hi) return Utf8Error{i, "invalid continuation byte"};
    }
    i += length;
  }
  return std::nullopt;
}

std::size_t utf8_code_points(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

char32_t next_code_point(std::string_view text, std::size_t& pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  auto continuation = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(text[pos + k]) & 0x3F); };
  char32_t code_point;
  if (lead < 0x80) {
    code_point = lead;
    pos += 1;
  } else if (lead < 0xE0) {
    code_point = (char32_t{lead & 0x1Fu} << 6) | continuation(1);
    pos += 2;
  } else if (lead < 0xF0) {
    code_point = (char32_t{lead & 0x0Fu} << 12) | (continuation(1) << 6) | continuation(2);
    pos += 3;
  } else {
    code_point = (char32_t{lead & 0x07u} << 18) | (continuation(1) << 12) | (continuation(2) << 6) | continuation(3);
    pos += 4;
  }
  return code_point;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace hog::core
