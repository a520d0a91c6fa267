#include "hog/core/bigint.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace hog::core {
namespace {

using Limbs = std::vector<std::uint32_t>;
__extension__ using Uint128 = unsigned __int128;

constexpr std::uint64_t kHashModulus = (std::uint64_t{1} << 61) - 1;

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// magnitude = magnitude * factor + addend
void multiply_add(Limbs& magnitude, std::uint32_t factor, std::uint32_t addend) {
  std::uint64_t carry = addend;
  for (auto& limb : magnitude) {
    const std::uint64_t product = std::uint64_t{limb} * factor + carry;
    limb = static_cast<std::uint32_t>(product);
    carry = product >> 32;
  }
  if (carry) magnitude.push_back(static_cast<std::uint32_t>(carry));
}

// magnitude /= divisor, returns the remainder.
std::uint32_t divide_small(Limbs& magnitude, std::uint32_t divisor) {
  std::uint64_t remainder = 0;
  for (auto it = magnitude.rbegin(); it != magnitude.rend(); ++it) {
    const std::uint64_t current = (remainder << 32) | *it;
    *it = static_cast<std::uint32_t>(current / divisor);
    remainder = current % divisor;
  }
  while (!magnitude.empty() && magnitude.back() == 0) magnitude.pop_back();
  return static_cast<std::uint32_t>(remainder);
}

std::strong_ordering compare_magnitude(const Limbs& a, const Limbs& b) {
  if (a.size() != b.size()) return a.size() <=> b.size();
  for (std::size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] <=> b[i];
  }
  return std::strong_ordering::equal;
}

}  // namespace

BigInt::BigInt(std::int64_t value) {
  negative_ = value < 0;
  std::uint64_t magnitude =
      negative_ ? std::uint64_t{0} - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  while (magnitude) {
    limbs_.push_back(static_cast<std::uint32_t>(magnitude));
    magnitude >>= 32;
  }
}

void BigInt::trim() {
  while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  if (limbs_.empty()) negative_ = false;
}

std::optional<BigInt> BigInt::from_digits(std::string_view digits, int base) {
  if (digits.empty()) return std::nullopt;
  BigInt result;
  if (base == 16 || base == 8 || base == 2) {
    const int bits = base == 16 ? 4 : base == 8 ? 3 : 1;
    result.limbs_.assign((digits.size() * bits + 31) / 32, 0);
    std::size_t bit = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it, bit += bits) {
      const int value = digit_value(*it);
      if (value >= base) return std::nullopt;
      const std::uint64_t shifted = std::uint64_t(value) << (bit % 32);
      result.limbs_[bit / 32] |= static_cast<std::uint32_t>(shifted);
      if ((shifted >> 32) && bit / 32 + 1 < result.limbs_.size()) {
        result.limbs_[bit / 32 + 1] |= static_cast<std::uint32_t>(shifted >> 32);
      }
    }
  } else if (base == 10) {
    // Nine decimal digits per step.
    std::size_t i = 0;
    const std::size_t head = digits.size() % 9 == 0 ? 9 : digits.size() % 9;
    std::size_t chunk = head;
    while (i < digits.size()) {
      std::uint32_t value = 0;
      std::uint32_t scale = 1;
      for (std::size_t j = 0; j < chunk; ++j) {
        const int d = digit_value(digits[i + j]);
        if (d >= 10) return std::nullopt;
        value = value * 10 + static_cast<std::uint32_t>(d);
        scale *= 10;
      }
      multiply_add(result.limbs_, scale, value);
      i += chunk;
      chunk = 9;
    }
  } else {
    return std::nullopt;
  }
  result.trim();
  return result;
}

BigInt BigInt::from_twos_complement(std::string_view bytes) {
  BigInt result;
  if (bytes.empty()) return result;
  result.limbs_.assign((bytes.size() + 3) / 4, 0);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    result.limbs_[i / 4] |= std::uint32_t{static_cast<unsigned char>(bytes[i])} << (8 * (i % 4));
  }
  const bool negative = static_cast<unsigned char>(bytes.back()) & 0x80;
  if (negative) {
    // Sign-extend the top limb, then negate: magnitude = ~x + 1.
    const std::size_t used = bytes.size() % 4;
    if (used) result.limbs_.back() |= ~std::uint32_t{0} << (8 * used);
    std::uint64_t carry = 1;
    for (auto& limb : result.limbs_) {
      const std::uint64_t sum = std::uint64_t{static_cast<std::uint32_t>(~limb)} + carry;
      limb = static_cast<std::uint32_t>(sum);
      carry = sum >> 32;
    }
    result.negative_ = true;
  }
  result.trim();
  return result;
}

std::optional<BigInt> BigInt::from_double(double value) {
  if (!std::isfinite(value) || std::trunc(value) != value) return std::nullopt;
  BigInt result;
  result.negative_ = value < 0;
  int exponent = 0;
  double mantissa = std::frexp(std::fabs(value), &exponent);  // value = mantissa * 2^exponent
  if (exponent <= 0) return BigInt{};
  // 53 significant bits, placed at bit (exponent - 53).
  const auto significand = static_cast<std::uint64_t>(std::ldexp(mantissa, 53));
  const int shift = exponent - 53;
  if (shift <= 0) {
    const std::uint64_t integer = significand >> (-shift);
    result.limbs_ = {static_cast<std::uint32_t>(integer), static_cast<std::uint32_t>(integer >> 32)};
  } else {
    result.limbs_.assign(static_cast<std::size_t>(shift / 32 + 3), 0);
    const int limb = shift / 32;
    const int bit = shift % 32;
    const Uint128 placed = static_cast<Uint128>(significand) << bit;
    for (int i = 0; i < 3; ++i) {
      result.limbs_[static_cast<std::size_t>(limb + i)] = static_cast<std::uint32_t>(placed >> (32 * i));
    }
  }
  result.trim();
  if (value < 0 && !result.limbs_.empty()) result.negative_ = true;
  return result;
}

bool BigInt::fits_int64() const {
  if (limbs_.size() <= 1) return true;
  if (limbs_.size() > 2) return false;
  const std::uint64_t magnitude = (std::uint64_t{limbs_[1]} << 32) | limbs_[0];
  return negative_ ? magnitude <= (std::uint64_t{1} << 63) : magnitude < (std::uint64_t{1} << 63);
}

std::int64_t BigInt::to_int64() const {
  std::uint64_t magnitude = 0;
  for (std::size_t i = limbs_.size(); i-- > 0;) magnitude = (magnitude << 32) | limbs_[i];
  return negative_ ? static_cast<std::int64_t>(std::uint64_t{0} - magnitude)
                   : static_cast<std::int64_t>(magnitude);
}

std::size_t BigInt::bit_length() const {
  if (limbs_.empty()) return 0;
  return 32 * (limbs_.size() - 1) + static_cast<std::size_t>(std::bit_width(limbs_.back()));
}

std::size_t BigInt::decimal_digits_upper_bound() const {
  // log10(2) < 0.30103; one extra digit for rounding.
  return bit_length() * 30103 / 100000 + 1;
}

std::string BigInt::to_string(int base) const {
  if (limbs_.empty()) return "0";
  static const char kDigits[] = "0123456789abcdef";
  std::string reversed;
  if (base == 10) {
    Limbs magnitude = limbs_;
    while (!magnitude.empty()) {
      std::uint32_t chunk = divide_small(magnitude, 1000000000u);
      for (int i = 0; i < 9; ++i) {
        reversed += kDigits[chunk % 10];
        chunk /= 10;
        if (magnitude.empty() && chunk == 0) break;
      }
    }
  } else {
    const int bits = base == 16 ? 4 : base == 8 ? 3 : 1;
    const std::size_t total = bit_length();
    for (std::size_t bit = 0; bit < total; bit += static_cast<std::size_t>(bits)) {
      unsigned value = 0;
      for (int b = 0; b < bits && bit + static_cast<std::size_t>(b) < total; ++b) {
        const std::size_t at = bit + static_cast<std::size_t>(b);
        value |= ((limbs_[at / 32] >> (at % 32)) & 1u) << b;
      }
      reversed += kDigits[value];
    }
  }
  while (reversed.size() > 1 && reversed.back() == '0') reversed.pop_back();
  if (negative_) reversed += '-';
  return {reversed.rbegin(), reversed.rend()};
}

std::string BigInt::to_twos_complement() const {
  if (limbs_.empty()) return {};
  // Enough bytes for the magnitude plus a sign bit.
  const std::size_t nbytes = bit_length() / 8 + 1;
  std::string bytes(nbytes, '\0');
  for (std::size_t i = 0; i < nbytes; ++i) {
    const std::size_t limb = i / 4;
    bytes[i] = limb < limbs_.size() ? static_cast<char>(limbs_[limb] >> (8 * (i % 4))) : '\0';
  }
  if (negative_) {
    unsigned carry = 1;
    for (auto& byte : bytes) {
      const unsigned sum = static_cast<unsigned char>(~static_cast<unsigned char>(byte)) + carry;
      byte = static_cast<char>(sum);
      carry = sum >> 8;
    }
    // -2**(8k-1) fits in k bytes: drop a redundant 0xff whose successor already carries the sign.
    if (bytes.size() > 1 && static_cast<unsigned char>(bytes.back()) == 0xff &&
        (static_cast<unsigned char>(bytes[bytes.size() - 2]) & 0x80)) {
      bytes.pop_back();
    }
  }
  return bytes;
}

std::optional<double> BigInt::to_double() const {
  const std::size_t bits = bit_length();
  if (bits <= 64) {
    // The hardware conversion rounds half to even, as required.
    std::uint64_t magnitude = 0;
    for (std::size_t i = limbs_.size(); i-- > 0;) magnitude = (magnitude << 32) | limbs_[i];
    const double value = static_cast<double>(magnitude);
    return negative_ ? -value : value;
  }
  if (bits > 1024) return std::nullopt;
  // Take the top 55 bits (53 + guard + round) and a sticky bit for everything below.
  const std::size_t shift = bits - 55;
  std::uint64_t top = 0;
  for (std::size_t b = 0; b < 55; ++b) {
    const std::size_t at = shift + b;
    top |= std::uint64_t{(limbs_[at / 32] >> (at % 32)) & 1u} << b;
  }
  bool sticky = false;
  for (std::size_t at = 0; at < shift && !sticky; ++at) {
    if ((limbs_[at / 32] >> (at % 32)) & 1u) sticky = true;
  }
  std::uint64_t mantissa = top >> 2;
  const unsigned round_bits = static_cast<unsigned>(top & 3);
  const bool round_up = round_bits > 2 || (round_bits == 2 && (sticky || (mantissa & 1)));
  if (round_up) ++mantissa;
  const double value = std::ldexp(static_cast<double>(mantissa), static_cast<int>(shift + 2));
  if (std::isinf(value)) return std::nullopt;
  return negative_ ? -value : value;
}

std::int64_t BigInt::python_hash() const {
  std::uint64_t x = 0;
  for (std::size_t i = limbs_.size(); i-- > 0;) {
    const Uint128 wide = (static_cast<Uint128>(x) << 32) | limbs_[i];
    x = static_cast<std::uint64_t>(wide % kHashModulus);
  }
  auto result = static_cast<std::int64_t>(x);
  if (negative_) result = -result;
  return result == -1 ? -2 : result;
}

BigInt BigInt::operator-() const {
  BigInt result = *this;
  if (!result.limbs_.empty()) result.negative_ = !result.negative_;
  return result;
}

std::strong_ordering operator<=>(const BigInt& a, const BigInt& b) {
  if (a.negative_ != b.negative_) return a.negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  const auto by_magnitude = compare_magnitude(a.limbs_, b.limbs_);
  return a.negative_ ? 0 <=> by_magnitude : by_magnitude;
}

}  // namespace hog::core
