// NUMBER tokens as CPython 3.11's tokenizer scans them (underscores, prefixes, the "invalid ...
// literal" errors, leading zeros, the keywords a number may touch) and their values: ints of any
// size (decimal ones bounded by the int_max_str_digits rule), correctly rounded floats (1e999 is
// inf) and imaginary numbers.
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "hog/core/errors.hpp"
#include "literal_syntax.hpp"

namespace hog::core::detail {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || is_digit(c) ||
         static_cast<unsigned char>(c) >= 0x80;
}

class NumberScanner {
 public:
  NumberScanner(std::string_view text, std::size_t pos) : text_(text), pos_(pos) {}

  std::size_t run() {
    if (peek() == '.') {
      ++pos_;
      return fraction();
    }
    if (peek() == '0') {
      ++pos_;
      const char c = static_cast<char>(peek() | 0x20);
      if (c == 'x') return prefixed(16, "hexadecimal");
      if (c == 'o') return prefixed(8, "octal");
      if (c == 'b') return prefixed(2, "binary");
      return leading_zero();
    }
    decimal_tail();
    if (peek() == '.') {
      ++pos_;
      return fraction();
    }
    return exponent_or_end();
  }

 private:
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  [[noreturn]] void fail(const std::string& message) const { syntax_error(text_, pos_, message); }

  // Digits with single underscores between them; pos_ is at a digit.
  void decimal_tail() {
    while (true) {
      while (is_digit(peek())) ++pos_;
      if (peek() != '_') return;
      ++pos_;
      if (!is_digit(peek())) fail("invalid decimal literal");
    }
  }

  // After a number: touching one of the keywords that may follow a number is allowed (CPython
  // warns), any other identifier character is an error.
  void verify_end(const char* kind) const {
    const std::string_view rest = text_.substr(pos_);
    const char c = peek();
    const bool keyword =
        (c == 'a' && rest.substr(0, 3) == "and") || (c == 'e' && rest.substr(0, 4) == "else") ||
        (c == 'f' && rest.substr(0, 3) == "for") ||
        (c == 'i' && (peek(1) == 'f' || peek(1) == 'n' || peek(1) == 's')) ||
        (c == 'o' && rest.substr(0, 2) == "or") || (c == 'n' && rest.substr(0, 3) == "not");
    if (!keyword && is_identifier_char(c)) fail(std::string("invalid ") + kind + " literal");
  }

  std::size_t prefixed(int base, const char* kind) {
    ++pos_;  // the prefix letter
    auto in_base = [base](char c) {
      return base == 16 ? is_hex(c) : c >= '0' && c < static_cast<char>('0' + base);
    };
    do {
      if (peek() == '_') ++pos_;
      if (!in_base(peek())) {
        if (base != 16 && is_digit(peek()))
          fail(std::string("invalid digit '") + peek() + "' in " + kind + " literal");
        fail(std::string("invalid ") + kind + " literal");
      }
      while (in_base(peek())) ++pos_;
    } while (peek() == '_');
    if (base != 16 && is_digit(peek()))
      fail(std::string("invalid digit '") + peek() + "' in " + kind + " literal");
    verify_end(kind);
    return pos_;
  }

  std::size_t leading_zero() {
    const std::size_t start = pos_ - 1;
    while (true) {
      if (peek() == '_') {
        ++pos_;
        if (!is_digit(peek())) fail("invalid decimal literal");
      }
      if (peek() != '0') break;
      ++pos_;
    }
    const bool nonzero = is_digit(peek());
    if (nonzero) decimal_tail();
    const char c = peek();
    if (c == '.') {
      ++pos_;
      return fraction();
    }
    if (c == 'e' || c == 'E' || c == 'j' || c == 'J') return exponent_or_end();
    if (nonzero) {
      syntax_error(text_, start,
                   "leading zeros in decimal integer literals are not permitted; use an 0o prefix "
                   "for octal integers");
    }
    verify_end("decimal");
    return pos_;
  }

  std::size_t fraction() {
    if (is_digit(peek())) decimal_tail();
    return exponent_or_end();
  }

  std::size_t exponent_or_end() {
    if (peek() == 'e' || peek() == 'E') {
      const std::size_t e = pos_;
      ++pos_;
      if (peek() == '+' || peek() == '-') {
        ++pos_;
        if (!is_digit(peek())) fail("invalid decimal literal");
      } else if (!is_digit(peek())) {
        pos_ = e;
        verify_end("decimal");
        return pos_;
      }
      decimal_tail();
    }
    if (peek() == 'j' || peek() == 'J') {
      ++pos_;
      verify_end("imaginary");
    } else {
      verify_end("decimal");
    }
    return pos_;
  }

  std::string_view text_;
  std::size_t pos_;
};

std::string without_underscores(std::string_view digits) {
  std::string out;
  for (char c : digits) {
    if (c != '_') out += c;
  }
  return out;
}

// Correctly rounded decimal to double; overflow gives inf and underflow 0, as float() does.
double to_double(const std::string& digits) {
  double value = 0;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (result.ec == std::errc::result_out_of_range) {
    // libstdc++ leaves the value alone out of range; strtod in the "C" locale rounds the same way
    // and saturates to inf or a correctly rounded tiny value.
    return std::strtod(digits.c_str(), nullptr);
  }
  return value;
}

}  // namespace

std::size_t scan_number(std::string_view text, std::size_t pos) {
  return NumberScanner(text, pos).run();
}

NumberValue number_value(std::string_view text, const Token& token, std::size_t max_int_digits) {
  const std::string digits = without_underscores(token.text);
  NumberValue value;
  const char second = digits.size() > 1 ? static_cast<char>(digits[1] | 0x20) : '\0';
  if (digits[0] == '0' && (second == 'x' || second == 'o' || second == 'b')) {
    value.type = NumberValue::Type::Int;
    value.integer = *BigInt::from_digits(std::string_view(digits).substr(2), second == 'x'   ? 16
                                                                             : second == 'o' ? 8
                                                                                             : 2);
    return value;
  }
  const char last = static_cast<char>(digits.back() | 0x20);
  if (last == 'j') {
    value.type = NumberValue::Type::Imaginary;
    value.number = to_double(digits.substr(0, digits.size() - 1));
    return value;
  }
  if (digits.find_first_of(".eE") != std::string::npos) {
    value.type = NumberValue::Type::Float;
    value.number = to_double(digits);
    return value;
  }
  if (max_int_digits != 0 && digits.size() > max_int_digits) {
    const Position p = position_of(text, token.offset);
    throw SyntaxError("Exceeds the limit (" + std::to_string(max_int_digits) +
                          " digits) for integer string conversion: value has " +
                          std::to_string(digits.size()) +
                          " digits; use sys.set_int_max_str_digits() to increase the limit - "
                          "Consider hexadecimal for "
                          "huge integer literals to avoid decimal conversion limits.",
                      p.line, p.column);
  }
  value.type = NumberValue::Type::Int;
  if (digits.size() <= 18) {  // the common case: no BigInt
    value.small = true;
    for (char c : digits) value.small_value = value.small_value * 10 + (c - '0');
    return value;
  }
  value.integer = *BigInt::from_digits(digits, 10);
  return value;
}

}  // namespace hog::core::detail
