// Text arguments of the pickle decoder, converted as CPython 3.11's C unpickler converts them.
#include "pickle_decode_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "hog/core/utf8.hpp"
#include "pickle_decode_failure.hpp"

namespace hog::core::pickle::decoding {
namespace {

constexpr std::size_t kMaxStrDigits = 4300;  // sys.int_info.default_max_str_digits

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// The C string CPython parses: the text up to its first NUL.
std::string_view c_string(std::string_view text) {
  return text.substr(0, text.find('\0'));
}

std::string hex_byte(unsigned char c) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02x", c);
  return buffer;
}

[[noreturn]] void bad_int(std::string_view text, int base) {
  fail_as("ValueError", "invalid literal for int() with base " + std::to_string(base) + ": " +
                            quoted_for_message(text));
}

}  // namespace

std::string quoted_for_message(std::string_view text) {
  std::string out = "'";
  for (unsigned char c : text.substr(0, 200)) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\\' || c == '\'')
      (out += '\\') += static_cast<char>(c);
    else if (c < 0x20 || c >= 0x7f)
      out += "\\x" + hex_byte(c).substr(2);
    else
      out += static_cast<char>(c);
  }
  return out + "'";
}

BigInt parse_python_int(std::string_view text, int base) {
  const std::string_view s = c_string(text);
  std::size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  int radix = base;
  bool zeros_only = false;  // base 0 with a leading 0 and no prefix: only zeros allowed
  bool after_prefix = false;
  if (base == 0) {
    radix = 10;
    if (i < s.size() && s[i] == '0') {
      const char next = i + 1 < s.size() ? static_cast<char>(s[i + 1] | 0x20) : '\0';
      if (next == 'x' || next == 'o' || next == 'b') {
        radix = next == 'x' ? 16 : next == 'o' ? 8 : 2;
        i += 2;
        after_prefix = true;
      } else {
        zeros_only = true;
      }
    }
  }
  std::string digits;
  bool previous_was_digit = after_prefix;  // one underscore may follow a prefix
  for (; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (!previous_was_digit) bad_int(s, base);
      previous_was_digit = false;
      continue;
    }
    if (digit_value(s[i]) >= radix) break;
    digits += s[i];
    previous_was_digit = true;
  }
  if (digits.empty() || !previous_was_digit) bad_int(s, base);
  while (i < s.size() && is_space(s[i])) ++i;
  if (i != s.size()) bad_int(s, base);
  if (zeros_only && digits.find_first_not_of('0') != std::string::npos) bad_int(s, base);
  if (radix == 10 && digits.size() > kMaxStrDigits) {
    fail_as("ValueError",
            "Exceeds the limit (4300 digits) for integer string conversion: value has " +
                std::to_string(digits.size()) +
                " digits; use sys.set_int_max_str_digits() to increase the limit");
  }
  BigInt value = *BigInt::from_digits(digits, radix);
  return negative ? -value : value;
}

BigInt parse_int_opcode(std::string_view line, bool& is_bool) {
  is_bool = false;
  const std::string with_newline = std::string(line) + '\n';
  const std::string_view s = c_string(with_newline);
  // glibc strtol(s, &end, 0).
  std::size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  int radix = 10;
  if (i < s.size() && s[i] == '0') {
    if (i + 2 < s.size() && (s[i + 1] | 0x20) == 'x' && digit_value(s[i + 2]) < 16) {
      radix = 16;
      i += 2;
    } else {
      radix = 8;
    }
  }
  const std::size_t first_digit = i;
  const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
  std::uint64_t magnitude = 0;
  bool overflow = false;
  for (; i < s.size() && digit_value(s[i]) < radix; ++i) {
    const auto d = static_cast<std::uint64_t>(digit_value(s[i]));
    if (magnitude > (limit - d) / static_cast<std::uint64_t>(radix))
      overflow = true;
    else
      magnitude = magnitude * static_cast<std::uint64_t>(radix) + d;
  }
  const std::size_t end = i == first_digit ? 0 : i;  // no digits: strtol leaves end at the start
  const bool ends_well = end == s.size() || s[end] == '\n';
  if (!overflow && ends_well) {
    const std::int64_t x =
        negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
    is_bool = with_newline.size() == 3 && (x == 0 || x == 1);
    return BigInt(x);
  }
  try {
    return parse_python_int(s, 0);
  } catch (const Failure&) {
    fail_as("ValueError", "could not convert string to int");
  }
}

BigInt parse_long_opcode(std::string_view line) {
  std::string text = std::string(line) + '\n';
  if (!line.empty() && line.back() == 'L') text[line.size() - 1] = '\0';
  return parse_python_int(text, 0);
}

double parse_float_opcode(std::string_view line) {
  const std::string with_newline = std::string(line) + '\n';
  const std::string_view s = c_string(with_newline);
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  auto has_word = [&](std::string_view word) {
    if (s.size() - i < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
      if ((s[i + k] | 0x20) != word[k]) return false;
    }
    return true;
  };
  double value = 0;
  std::size_t end = 0;
  if (has_word("infinity") || has_word("inf")) {
    end = i + (has_word("infinity") ? 8 : 3);
    value = std::numeric_limits<double>::infinity();
  } else if (has_word("nan")) {
    end = i + 3;
    value = std::numeric_limits<double>::quiet_NaN();
  } else {
    const std::size_t start = i;
    std::size_t digits = 0;
    int magnitude = 0;  // decimal exponent of the first non-zero digit, relative to the point
    bool seen_nonzero = false, in_fraction = false;
    long long int_digits_after_nonzero = 0, fraction_zeros = 0;
    for (; i < s.size(); ++i) {
      if (s[i] == '.' && !in_fraction) {
        in_fraction = true;
        continue;
      }
      if (s[i] < '0' || s[i] > '9') break;
      ++digits;
      if (!in_fraction) {
        if (seen_nonzero || s[i] != '0') ++int_digits_after_nonzero;
      } else if (!seen_nonzero && s[i] == '0') {
        ++fraction_zeros;
      }
      if (s[i] != '0') seen_nonzero = true;
    }
    if (digits == 0)
      fail_as("ValueError", "could not convert string to float: " + quoted_for_message(s));
    long long exponent = 0;
    if (i < s.size() && (s[i] | 0x20) == 'e') {
      std::size_t j = i + 1;
      bool exponent_negative = false;
      if (j < s.size() && (s[j] == '+' || s[j] == '-')) exponent_negative = s[j++] == '-';
      if (j < s.size() && s[j] >= '0' && s[j] <= '9') {
        for (; j < s.size() && s[j] >= '0' && s[j] <= '9'; ++j) {
          if (exponent < 1'000'000'000) exponent = exponent * 10 + (s[j] - '0');
        }
        if (exponent_negative) exponent = -exponent;
        i = j;
      }
    }
    end = i;
    const std::string_view number = s.substr(start, end - start);
    const auto result = std::from_chars(number.data(), number.data() + number.size(), value);
    if (result.ec == std::errc::result_out_of_range) {
      magnitude = static_cast<int>(std::clamp<long long>(
          (int_digits_after_nonzero > 0 ? int_digits_after_nonzero - 1 : -fraction_zeros - 1) +
              exponent,
          -100000, 100000));
      if (seen_nonzero && magnitude > 0) {
        fail_as("OverflowError", "value too large to convert to float: " + quoted_for_message(s));
      }
      value = 0.0;
    }
  }
  if (end != s.size() && s[end] != '\n') fail_as("ValueError", "could not convert string to float");
  return negative ? -value : value;
}

std::string_view require_ascii(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x80) {
      fail_as("UnicodeDecodeError", "'ascii' codec can't decode byte " + hex_byte(c) +
                                        " in position " + std::to_string(i) +
                                        ": ordinal not in range(128)");
    }
  }
  return bytes;
}

std::string decode_string_opcode(std::string_view line) {
  if (line.size() < 2 || line.front() != line.back() ||
      (line.front() != '\'' && line.front() != '"')) {
    fail("the STRING opcode argument must be quoted");
  }
  const std::string_view body = line.substr(1, line.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < body.size();) {
    const char c = body[i++];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i == body.size()) fail_as("ValueError", "Trailing \\ in string");
    const char e = body[i++];
    // Single-character escapes: each letter of kEscaped stands for the byte at the same place.
    static constexpr std::string_view kEscaped = "\\'\"bftnrva", kMeaning = "\\'\"\b\f\t\n\r\v\a";
    if (const std::size_t at = kEscaped.find(e); at != std::string_view::npos) {
      out += kMeaning[at];
      continue;
    }
    if (e == 'x') {
      if (i + 2 > body.size() || digit_value(body[i]) >= 16 || digit_value(body[i + 1]) >= 16) {
        fail_as("ValueError", "invalid \\x escape at position " + std::to_string(i - 2));
      }
      out += static_cast<char>(digit_value(body[i]) * 16 + digit_value(body[i + 1]));
      i += 2;
    } else if (e >= '0' && e <= '7') {
      int value = e - '0';
      for (int k = 0; k < 2 && i < body.size() && body[i] >= '0' && body[i] <= '7'; ++k)
        value = value * 8 + (body[i++] - '0');
      out += static_cast<char>(value & 0xff);  // \777 keeps its low byte, as CPython does
    } else {
      out += '\\';  // an unknown escape keeps its backslash; the next character is read normally
      --i;
    }
  }
  require_ascii(out);
  return out;
}

std::string decode_raw_unicode_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '\\') {
      append_utf8(out, static_cast<unsigned char>(text[i++]));
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && text[i] == '\\') {
      out += '\\';
      ++i;
    }
    if ((i - start) % 2 == 0 || i >= text.size() || (text[i] != 'u' && text[i] != 'U')) continue;
    out.pop_back();  // the last backslash starts the escape
    const bool wide = text[i] == 'U';
    int count = wide ? 8 : 4;
    ++i;
    std::uint32_t code = 0;
    for (; count > 0 && i < text.size() && digit_value(text[i]) < 16; --count, ++i) {
      code = code * 16 + static_cast<std::uint32_t>(digit_value(text[i]));
    }
    const std::string where = "can't decode bytes in position " + std::to_string(start) + "-" +
                              std::to_string(i - 1) + ": ";
    if (count > 0) {
      fail_as("UnicodeDecodeError",
              "'rawunicodeescape' codec " + where +
                  (wide ? "truncated \\UXXXXXXXX escape" : "truncated \\uXXXX escape"));
    }
    if (code > 0x10FFFF)
      fail_as("UnicodeDecodeError",
              "'rawunicodeescape' codec " + where + "\\Uxxxxxxxx out of range");
    append_utf8(out, code);
  }
  return out;
}

void require_utf8(std::string_view bytes, bool allow_surrogates) {
  if (const auto error = find_utf8_error(bytes, allow_surrogates)) {
    fail_as("UnicodeDecodeError", "'utf-8' codec can't decode byte " +
                                      hex_byte(static_cast<unsigned char>(bytes[error->offset])) +
                                      " in position " + std::to_string(error->offset) + ": " +
                                      error->reason);
  }
}

}  // namespace hog::core::pickle::decoding
