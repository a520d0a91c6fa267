// Shortest round-trip digits come from std::to_chars; the layout is CPython's 'r' format code:
// positional when the decimal exponent is in [-4, 16), else d.ddde+XX with at least two exponent
// digits. inf and nan are spelled out; the sign of a nan is never shown.
#include "repr_float.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace hog::core::detail {

std::string format_float_repr(double value, bool add_dot_0, bool always_sign) {
  if (std::isnan(value)) return always_sign ? "+nan" : "nan";
  std::string out;
  if (std::signbit(value)) {
    out += '-';
  } else if (always_sign) {
    out += '+';
  }
  if (std::isinf(value)) return out + "inf";

  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value),
                                    std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  const std::size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits += c;
  }
  const int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  const int decpt = exponent + 1;  // value = 0.DIGITS * 10^decpt
  const int ndigits = static_cast<int>(digits.size());

  if (decpt <= -4 || decpt > 16) {
    out += digits[0];
    if (ndigits > 1) out += "." + digits.substr(1);
    const int exp = decpt - 1;
    out += exp < 0 ? "e-" : "e+";
    const std::string magnitude = std::to_string(std::abs(exp));
    if (magnitude.size() < 2) out += '0';
    return out + magnitude;
  }
  if (decpt <= 0) return out + "0." + std::string(static_cast<std::size_t>(-decpt), '0') + digits;
  if (decpt >= ndigits) {
    out += digits + std::string(static_cast<std::size_t>(decpt - ndigits), '0');
    return add_dot_0 ? out + ".0" : out;
  }
  return out + digits.substr(0, static_cast<std::size_t>(decpt)) + "." +
         digits.substr(static_cast<std::size_t>(decpt));
}

}  // namespace hog::core::detail
