// Private to the base64 sources: the alphabet tables, the kernel interface every implementation
// path provides, and the drivers that turn kernels into the public encode/decode functions.
//
// Contract: a Kernel only does the bulk work on clean data (whole 3-byte groups to encode, whole
// 4-character groups of alphabet characters to decode) and reports how far it got; the drivers
// (base64_encode.cpp, base64_strict.cpp, base64_lenient.cpp) do everything else — padding, the
// careful character-by-character paths, and every error — so all paths share one set of rules and
// differ only in speed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hog::core::base64::detail {

inline constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
inline constexpr std::uint8_t kNotAlphabet = 0xff;  // also for '=': padding is not a data character

// Character -> its 6-bit value, or kNotAlphabet.
inline constexpr std::array<std::uint8_t, 256> kDecodeTable = [] {
  std::array<std::uint8_t, 256> table{};
  table.fill(kNotAlphabet);
  for (std::uint8_t value = 0; value < 64; ++value) {
    table[static_cast<unsigned char>(kAlphabet[value])] = value;
  }
  return table;
}();

// Decodes one group of four characters; false (and nothing written) if one is not in the
// alphabet.
inline bool decode_group(const char* in, unsigned char* out) {
  const std::uint32_t a = kDecodeTable[static_cast<unsigned char>(in[0])];
  const std::uint32_t b = kDecodeTable[static_cast<unsigned char>(in[1])];
  const std::uint32_t c = kDecodeTable[static_cast<unsigned char>(in[2])];
  const std::uint32_t d = kDecodeTable[static_cast<unsigned char>(in[3])];
  if ((a | b | c | d) & 0x80) return false;
  const std::uint32_t bits = a << 18 | b << 12 | c << 6 | d;
  out[0] = static_cast<unsigned char>(bits >> 16);
  out[1] = static_cast<unsigned char>(bits >> 8);
  out[2] = static_cast<unsigned char>(bits);
  return true;
}

// Kernel::encode a group at a time, for the few groups the AVX2 kernel's steps leave.
inline std::size_t encode_clean_groups(const unsigned char* in, std::size_t n, char* out) {
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3, out += 4) {
    const std::uint32_t group =
        std::uint32_t{in[i]} << 16 | std::uint32_t{in[i + 1]} << 8 | in[i + 2];
    out[0] = kAlphabet[group >> 18];
    out[1] = kAlphabet[group >> 12 & 0x3f];
    out[2] = kAlphabet[group >> 6 & 0x3f];
    out[3] = kAlphabet[group & 0x3f];
  }
  return i;
}

// Kernel::decode_clean a group at a time: the portable kernel's, and the AVX2 kernel's for what
// its steps leave.
inline std::size_t decode_clean_groups(const char* in, std::size_t n, unsigned char* out) {
  std::size_t i = 0;
  for (; i + 4 <= n && decode_group(in + i, out); i += 4, out += 3) {
  }
  return i;
}

struct Kernel {
  // Encodes whole 3-byte groups from the front of in[0, n) into out (4 characters per group);
  // returns the bytes consumed: n / 3 * 3.
  std::size_t (*encode)(const unsigned char* in, std::size_t n, char* out);
  // Decodes the longest prefix of in[0, n) made of whole 4-character groups of alphabet
  // characters into out (3 bytes per group); returns that prefix's length. The group right after
  // it, if there is a whole one, holds a character outside the alphabet ('=' included).
  std::size_t (*decode_clean)(const char* in, std::size_t n, unsigned char* out);
};

const Kernel& portable_kernel();
// nullptr when the AVX2 path is not compiled in (non-x86 targets).
const Kernel* avx2_kernel();

// `prefix` then the base64 text of `bytes`.
std::string encode_with(const Kernel& kernel, std::string_view bytes, std::string_view prefix);
std::string decode_strict_with(const Kernel& kernel, std::string_view text);
std::string decode_lenient_with(const Kernel& kernel, std::string_view text);

// The kernel the public functions use now (see force_path).
const Kernel& active_kernel();
// The most bytes `text_size` characters of base64 decode to.
constexpr std::size_t decoded_room(std::size_t text_size) {
  return text_size / 4 * 3 + (text_size % 4 == 0 ? 0 : 3);
}
// decode_lenient_with into out[0, decoded_room(text.size())), which the caller provides (not
// zero-filled: only the bytes written are read); returns how many bytes it wrote.
std::size_t decode_lenient_into(const Kernel& kernel, std::string_view text, char* out);

// What decode_canonical_into returns for a text that is not canonical base64.
inline constexpr std::size_t kNotCanonical = static_cast<std::size_t>(-1);
// For canonical base64 (exactly the texts encode writes, which decode_strict accepts): its bytes
// into out[0, decoded_room(text.size())), as either decoder would decode them, and how many there
// are. For any other text: kNotCanonical, having written into out what it read before it could
// tell (the caller then runs a full decoder, which reports what is wrong). Canonical text is
// ASCII.
std::size_t decode_canonical_into(const Kernel& kernel, std::string_view text, char* out);

}  // namespace hog::core::base64::detail
