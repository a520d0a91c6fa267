// str.__format__(spec) as CPython 3.11 does it (Python/formatter_unicode.c): parse the standard
// format-spec mini-language with default type 's' and default alignment '<', reject what str does
// not support, then truncate to the precision and pad to the width. Positions count code points.
#include "python_format_spec.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "hog/core/errors.hpp"
#include "hog/core/python_format.hpp"
#include "hog/core/utf8.hpp"
#include "unicode_tables.hpp"

namespace hog::core::detail {
namespace {

constexpr std::int64_t kSsizeMax = std::numeric_limits<std::int64_t>::max();

std::u32string decode(std::string_view text) {
  std::u32string out;
  for (std::size_t at = 0; at < text.size();) out += next_code_point(text, at);
  return out;
}

bool is_alignment(char32_t c) {
  return c == '<' || c == '>' || c == '=' || c == '^';
}
bool is_sign(char32_t c) {
  return c == ' ' || c == '+' || c == '-';
}

struct Spec {
  char32_t fill = ' ';
  char32_t align = '<';
  char32_t sign = 0;
  bool no_neg_0 = false;
  bool alternate = false;
  std::int64_t width = -1;
  char thousands = 0;  // ',' or '_' when given
  std::int64_t precision = -1;
  char32_t type = 's';
};

std::int64_t read_digits(const std::u32string& s, std::size_t& pos, std::size_t& count) {
  std::int64_t value = 0;
  count = 0;
  for (; pos < s.size(); ++pos, ++count) {
    const int digit = decimal_value(s[pos]);
    if (digit < 0) break;
    if (value > (kSsizeMax - digit) / 10) {
      throw ValueError("Too many decimal digits in format string");
    }
    value = value * 10 + digit;
  }
  return value;
}

// parse_internal_render_format_spec with default type 's' and default alignment '<'.
Spec parse_spec(std::string_view spec_text) {
  const std::u32string s = decode(spec_text);
  Spec spec;
  std::size_t pos = 0;
  const std::size_t end = s.size();
  bool fill_specified = false;
  if (end - pos >= 2 && is_alignment(s[pos + 1])) {
    spec.fill = s[pos];
    spec.align = s[pos + 1];
    fill_specified = true;
    pos += 2;
  } else if (end - pos >= 1 && is_alignment(s[pos])) {
    spec.align = s[pos++];
  }
  if (end - pos >= 1 && is_sign(s[pos])) spec.sign = s[pos++];
  if (end - pos >= 1 && s[pos] == 'z') {
    spec.no_neg_0 = true;
    ++pos;
  }
  if (end - pos >= 1 && s[pos] == '#') {
    spec.alternate = true;
    ++pos;
  }
  // A leading '0' sets the fill; str's default alignment '<' stays (CPython 3.10+).
  if (!fill_specified && end - pos >= 1 && s[pos] == '0') {
    spec.fill = '0';
    ++pos;
  }
  std::size_t digits = 0;
  const std::int64_t width = read_digits(s, pos, digits);
  if (digits > 0) spec.width = width;
  if (end - pos >= 1 && s[pos] == ',') {
    spec.thousands = ',';
    ++pos;
  }
  if (end - pos >= 1 && s[pos] == '_') {
    if (spec.thousands != 0) throw ValueError("Cannot specify both ',' and '_'.");
    spec.thousands = '_';
    ++pos;
  }
  if (end - pos >= 1 && s[pos] == ',' && spec.thousands == '_') {
    throw ValueError("Cannot specify both ',' and '_'.");
  }
  if (end - pos >= 1 && s[pos] == '.') {
    ++pos;
    spec.precision = read_digits(s, pos, digits);
    if (digits == 0) throw ValueError("Format specifier missing precision");
  }
  if (end - pos > 1) {
    throw ValueError("Invalid format specifier '" + std::string(spec_text) +
                     "' for object of type 'str'");
  }
  if (end - pos == 1) spec.type = s[pos++];
  if (spec.thousands != 0) {
    switch (spec.type) {
      case 'd':
      case 'e':
      case 'f':
      case 'g':
      case 'E':
      case 'G':
      case '%':
      case 'F':
      case 0:
        break;
      case 'b':
      case 'o':
      case 'x':
      case 'X':
        if (spec.thousands == '_') break;
        [[fallthrough]];
      default:
        throw ValueError(std::string("Cannot specify '") + spec.thousands + "' with '" +
                         code_point_text(spec.type) + "'.");
    }
  }
  return spec;
}

// What format_string_internal rejects for a str.
void check_str_spec(const Spec& spec) {
  if (spec.type != 's') {
    throw ValueError("Unknown format code '" + code_point_text(spec.type) +
                     "' for object of type 'str'");
  }
  if (spec.sign == ' ') throw ValueError("Space not allowed in string format specifier");
  if (spec.sign != 0) throw ValueError("Sign not allowed in string format specifier");
  if (spec.no_neg_0) {
    throw ValueError("Negative zero coercion (z) not allowed in string format specifier");
  }
  if (spec.alternate) {
    throw ValueError("Alternate form (#) not allowed in string format specifier");
  }
  if (spec.align == '=') {
    throw ValueError("'=' alignment not allowed in string format specifier");
  }
}

void append_fill(std::string& out, char32_t fill, std::size_t count) {
  std::string one;
  append_utf8(one, fill);
  for (std::size_t i = 0; i < count; ++i) out += one;
}

}  // namespace

std::string code_point_text(char32_t c, char32_t below) {
  if (c > 32 && c < below) return std::string(1, static_cast<char>(c));
  char hex[16];
  std::snprintf(hex, sizeof hex, "\\x%x", static_cast<unsigned>(c));
  return hex;
}

std::optional<std::int64_t> whole_decimal(std::string_view text) {
  // Like CPython, digits are read one by one, so a long run of digits overflows even when a
  // non-digit follows it.
  const std::u32string s = decode(text);
  std::size_t pos = 0;
  std::size_t digits = 0;
  const std::int64_t value = read_digits(s, pos, digits);
  if (digits == 0 || pos != s.size()) return std::nullopt;
  return value;
}

void append_formatted_str(std::string& out, std::string_view value, std::string_view spec_text) {
  if (spec_text.empty()) {
    out += value;
    return;
  }
  const Spec spec = parse_spec(spec_text);
  check_str_spec(spec);
  // Count code points only as far as width and precision can tell apart (CPython's len() is O(1);
  // counting a long value in full for every field would make "{a:.1}" cost the value's length).
  const std::int64_t bound = std::min(std::max(spec.width, spec.precision), kSsizeMax - 1) + 1;
  std::int64_t length = 0;
  for (std::size_t at = 0; at < value.size() && length < bound; ++length) {
    next_code_point(value, at);
  }
  if ((spec.width < 0 || spec.width <= length) &&
      (spec.precision < 0 || spec.precision >= length)) {
    out += value;
    return;
  }
  std::int64_t kept = length;
  if (spec.precision >= 0 && length >= spec.precision) kept = spec.precision;
  if (spec.width > static_cast<std::int64_t>(kMaxFormatWidth)) {
    throw Error("MemoryError", "format width " + std::to_string(spec.width) +
                                   " is over hogsim's limit of " + std::to_string(kMaxFormatWidth) +
                                   " characters");
  }
  const std::int64_t total = std::max(kept, spec.width);
  std::int64_t left = 0;
  if (spec.align == '>') left = total - kept;
  if (spec.align == '^') left = (total - kept) / 2;
  const std::int64_t right = total - kept - left;
  append_fill(out, spec.fill, static_cast<std::size_t>(left));
  std::size_t cut = 0;
  for (std::int64_t i = 0; i < kept; ++i) next_code_point(value, cut);
  out += value.substr(0, cut);
  append_fill(out, spec.fill, static_cast<std::size_t>(right));
}

}  // namespace hog::core::detail
