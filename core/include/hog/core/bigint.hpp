// BigInt: an arbitrary-precision integer, the magnitude of Python's `int`.
//
// Contract: a value type (sign + magnitude in 32-bit limbs, least significant first, no leading
// zero limbs; zero has no limbs and is never negative). It does the conversions the wire format
// needs — text in bases 2/8/10/16, two's-complement little-endian bytes (pickle's LONG1/LONG4),
// exact comparison with doubles, correctly rounded conversion to double, Python's numeric hash —
// and nothing else. Decimal conversion is quadratic; callers bound the digit count the way
// CPython does (sys.int_info.default_max_str_digits = 4300). Thread-safe as any value type.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hog::core {

class BigInt {
 public:
  BigInt() = default;
  explicit BigInt(std::int64_t value);

  // Digits only (no sign, prefix or underscores), in base 2, 8, 10 or 16; nullopt on a bad digit
  // or an empty string.
  static std::optional<BigInt> from_digits(std::string_view digits, int base);
  // Two's complement, little-endian, as pickle's LONG1/LONG4 and int.from_bytes(..., 'little',
  // signed=True) read it. Empty input is zero.
  static BigInt from_twos_complement(std::string_view bytes);
  // The integer value of a finite, integral double; nullopt otherwise.
  static std::optional<BigInt> from_double(double value);

  bool is_zero() const { return limbs_.empty(); }
  bool is_negative() const { return negative_; }
  bool fits_int64() const;
  std::int64_t to_int64() const;  // precondition: fits_int64()
  std::size_t bit_length() const;  // of the magnitude, as int.bit_length()
  std::size_t decimal_digits_upper_bound() const;

  // Text in base 2, 8, 10 or 16 (lower-case digits), with a leading '-' when negative.
  std::string to_string(int base = 10) const;
  // Shortest two's complement little-endian form, as pickle.encode_long: zero is empty.
  std::string to_twos_complement() const;
  // Correctly rounded (half to even); nullopt when the magnitude overflows a double.
  std::optional<double> to_double() const;
  // Python's hash(int): reduction modulo 2**61 - 1 with sign, -1 mapped to -2.
  std::int64_t python_hash() const;

  BigInt operator-() const;
  friend bool operator==(const BigInt&, const BigInt&) = default;
  friend std::strong_ordering operator<=>(const BigInt& a, const BigInt& b);

 private:
  void trim();
  bool negative_ = false;
  std::vector<std::uint32_t> limbs_;
};

}  // namespace hog::core
