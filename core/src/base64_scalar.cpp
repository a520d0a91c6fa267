// The portable base64 kernel: table-driven, no CPU-specific instructions. Encoding maps each
// 12-bit half of a 3-byte group to two characters with one 4096-entry table and reads six bytes
// per step; decoding looks up four characters at a time and checks them with one branch.
#include <bit>
#include <cstring>

#include "base64_internal.hpp"

namespace hog::core::base64::detail {
namespace {

// 12 bits -> the two characters that encode them.
constexpr std::array<std::array<char, 2>, 4096> kPairTable = [] {
  std::array<std::array<char, 2>, 4096> table{};
  for (std::size_t bits = 0; bits < table.size(); ++bits) {
    table[bits] = {kAlphabet[bits >> 6], kAlphabet[bits & 0x3f]};
  }
  return table;
}();

std::uint64_t load_big_endian64(const unsigned char* in) {
  std::uint64_t value;
  std::memcpy(&value, in, sizeof value);
  if constexpr (std::endian::native == std::endian::little) value = __builtin_bswap64(value);
  return value;
}

void put_group(std::uint32_t group, char* out) {
  std::memcpy(out, kPairTable[group >> 12].data(), 2);
  std::memcpy(out + 2, kPairTable[group & 0xfff].data(), 2);
}

std::size_t encode_portable(const unsigned char* in, std::size_t n, char* out) {
  std::size_t i = 0;
  // Two groups per step from one 8-byte read (the last two bytes belong to the next step).
  for (; i + 8 <= n; i += 6, out += 8) {
    const std::uint64_t word = load_big_endian64(in + i);
    put_group(static_cast<std::uint32_t>(word >> 40), out);
    put_group(static_cast<std::uint32_t>(word >> 16) & 0xffffff, out + 4);
  }
  for (; i + 3 <= n; i += 3, out += 4) {
    put_group(std::uint32_t{in[i]} << 16 | std::uint32_t{in[i + 1]} << 8 | in[i + 2], out);
  }
  return i;
}

constexpr Kernel kPortable{encode_portable, decode_clean_groups};

}  // namespace

const Kernel& portable_kernel() {
  return kPortable;
}

}  // namespace hog::core::base64::detail
