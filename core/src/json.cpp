// A JSON scanner with the decisions and messages of CPython's json module (_json.c scanner).
#include "hog/core/json.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

#include "hog/core/utf8.hpp"
#include "value_internal.hpp"

namespace hog::core {
namespace {

using detail::Slot;

class JsonScanner {
 public:
  JsonScanner(std::string_view text, const JsonOptions& options, detail::Heap& heap)
      : text_(text), options_(options), heap_(heap) {}

  Slot parse_document() {
    std::size_t pos = skip_whitespace(0);
    Slot result = parse_value(pos, 0);
    pos = skip_whitespace(pos);
    if (pos != text_.size()) fail("Extra data", pos);
    return result;
  }

 private:
  [[noreturn]] void fail(const std::string& what, std::size_t byte_offset) const {
    // Python reports positions in code points: line, column (1-based) and char index.
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < byte_offset; ++i) {
      if (text_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    const std::size_t chars = utf8_code_points(text_.substr(0, byte_offset));
    const std::size_t column = utf8_code_points(text_.substr(line_start, byte_offset - line_start)) + 1;
    throw JSONDecodeError(what + ": line " + std::to_string(line) + " column " + std::to_string(column) + " (char " +
                              std::to_string(chars) + ")",
                          chars);
  }

  std::size_t skip_whitespace(std::size_t pos) const {
    while (pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\t' || text_[pos] == '\n' || text_[pos] == '\r')) {
      ++pos;
    }
    return pos;
  }

  bool starts_with(std::size_t pos, std::string_view word) const { return text_.substr(pos, word.size()) == word; }

  Slot parse_value(std::size_t& pos, std::size_t depth) {
    if (depth > options_.max_depth) throw RecursionError("maximum recursion depth exceeded while decoding a JSON document");
    if (pos >= text_.size()) fail("Expecting value", pos);
    switch (text_[pos]) {
      case '"': return parse_string(pos);
      case '{': return parse_object(pos, depth);
      case '[': return parse_array(pos, depth);
      case 'n':
        if (starts_with(pos, "null")) {
          pos += 4;
          return Slot{};
        }
        break;
      case 't':
        if (starts_with(pos, "true")) {
          pos += 4;
          return detail::bool_slot(true);
        }
        break;
      case 'f':
        if (starts_with(pos, "false")) {
          pos += 5;
          return detail::bool_slot(false);
        }
        break;
      case 'N':
        if (starts_with(pos, "NaN")) {
          pos += 3;
          return detail::float_slot(std::numeric_limits<double>::quiet_NaN());
        }
        break;
      case 'I':
        if (starts_with(pos, "Infinity")) {
          pos += 8;
          return detail::float_slot(std::numeric_limits<double>::infinity());
        }
        break;
      case '-':
        if (starts_with(pos, "-Infinity")) {
          pos += 9;
          return detail::float_slot(-std::numeric_limits<double>::infinity());
        }
        break;
      default: break;
    }
    return parse_number(pos);
  }

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  Slot parse_number(std::size_t& pos) {
    const std::size_t start = pos;
    std::size_t i = pos;
    if (i < text_.size() && text_[i] == '-') ++i;
    if (i >= text_.size() || !is_digit(text_[i])) fail("Expecting value", start);
    if (text_[i] == '0') {
      ++i;
    } else {
      while (i < text_.size() && is_digit(text_[i])) ++i;
    }
    bool is_float = false;
    if (i + 1 < text_.size() && text_[i] == '.' && is_digit(text_[i + 1])) {
      is_float = true;
      i += 2;
      while (i < text_.size() && is_digit(text_[i])) ++i;
    }
    if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
      std::size_t j = i + 1;
      if (j < text_.size() && (text_[j] == '+' || text_[j] == '-')) ++j;
      if (j < text_.size() && is_digit(text_[j])) {
        while (j < text_.size() && is_digit(text_[j])) ++j;
        is_float = true;
        i = j;
      }
    }
    pos = i;
    const std::string_view number = text_.substr(start, i - start);
    if (is_float) {
      double value = 0;
      const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
      if (error == std::errc::result_out_of_range) {
        // from_chars reports overflow and underflow alike; Python gives inf or 0.0 (signed).
        const bool negative = number[0] == '-';
        const auto e = number.find_first_of("eE");
        const bool tiny = e != std::string_view::npos && number[e + 1] == '-';
        value = tiny ? (negative ? -0.0 : 0.0)
                     : (negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity());
      }
      (void)end;
      return detail::float_slot(value);
    }
    const bool negative = number[0] == '-';
    const std::string_view digits = number.substr(negative ? 1 : 0);
    if (digits.size() > options_.max_int_digits) {
      throw ValueError("Exceeds the limit (" + std::to_string(options_.max_int_digits) +
                       " digits) for integer string conversion: value has " + std::to_string(digits.size()) +
                       " digits; use sys.set_int_max_str_digits() to increase the limit");
    }
    BigInt value = *BigInt::from_digits(digits, 10);
    return detail::make_int(heap_, negative ? -value : value);
  }

  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Four hex digits after "\u" at `pos` (the backslash), or -1.
  int read_u_escape(std::size_t pos) const {
    if (pos + 6 > text_.size()) return -1;
    int value = 0;
    for (std::size_t k = pos + 2; k < pos + 6; ++k) {
      const int digit = hex_value(text_[k]);
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    return value;
  }

  Slot parse_string(std::size_t& pos) {
    const std::size_t quote = pos;
    std::size_t i = pos + 1;
    scratch_.clear();
    while (true) {
      const std::size_t chunk_start = i;
      while (i < text_.size() && text_[i] != '"' && text_[i] != '\\' && static_cast<unsigned char>(text_[i]) >= 0x20) {
        ++i;
      }
      scratch_.append(text_.substr(chunk_start, i - chunk_start));
      if (i >= text_.size()) fail("Unterminated string starting at", quote);
      const char c = text_[i];
      if (c == '"') {
        ++i;
        break;
      }
      if (c != '\\') fail("Invalid control character at", i);
      if (i + 1 >= text_.size()) fail("Unterminated string starting at", quote);
      const char escape = text_[i + 1];
      switch (escape) {
        case '"': scratch_ += '"'; break;
        case '\\': scratch_ += '\\'; break;
        case '/': scratch_ += '/'; break;
        case 'b': scratch_ += '\b'; break;
        case 'f': scratch_ += '\f'; break;
        case 'n': scratch_ += '\n'; break;
        case 'r': scratch_ += '\r'; break;
        case 't': scratch_ += '\t'; break;
        case 'u': {
          int code = read_u_escape(i);
          if (code < 0) fail("Invalid \\uXXXX escape", i + 1);
          i += 6;
          if (code >= 0xD800 && code <= 0xDBFF && i + 1 < text_.size() && text_[i] == '\\' && text_[i + 1] == 'u') {
            const int low = read_u_escape(i);
            if (low < 0) fail("Invalid \\uXXXX escape", i + 1);
            if (low >= 0xDC00 && low <= 0xDFFF) {
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            }
          }
          append_utf8(scratch_, static_cast<char32_t>(code));
          continue;
        }
        default: fail("Invalid \\escape", i);
      }
      i += 2;
    }
    pos = i;
    return detail::slot_of(heap_.make_str(scratch_));
  }

  Slot parse_object(std::size_t& pos, std::size_t depth) {
    auto* dict = heap_.make<detail::DictNode>();
    std::size_t i = skip_whitespace(pos + 1);
    if (i < text_.size() && text_[i] == '}') {
      pos = i + 1;
      return detail::slot_of(dict);
    }
    while (true) {
      if (i >= text_.size() || text_[i] != '"') fail("Expecting property name enclosed in double quotes", i);
      const Slot key = parse_string(i);
      i = skip_whitespace(i);
      if (i >= text_.size() || text_[i] != ':') fail("Expecting ':' delimiter", i);
      i = skip_whitespace(i + 1);
      const Slot value = parse_value(i, depth + 1);
      detail::dict_set(*dict, key, value);
      i = skip_whitespace(i);
      if (i < text_.size() && text_[i] == '}') {
        pos = i + 1;
        return detail::slot_of(dict);
      }
      if (i >= text_.size() || text_[i] != ',') fail("Expecting ',' delimiter", i);
      i = skip_whitespace(i + 1);
    }
  }

  Slot parse_array(std::size_t& pos, std::size_t depth) {
    auto* list = heap_.make<detail::SequenceNode>(Kind::List);
    std::size_t i = skip_whitespace(pos + 1);
    if (i < text_.size() && text_[i] == ']') {
      pos = i + 1;
      return detail::slot_of(list);
    }
    while (true) {
      list->items.push_back(parse_value(i, depth + 1));
      i = skip_whitespace(i);
      if (i < text_.size() && text_[i] == ']') {
        pos = i + 1;
        return detail::slot_of(list);
      }
      if (i >= text_.size() || text_[i] != ',') fail("Expecting ',' delimiter", i);
      i = skip_whitespace(i + 1);
    }
  }

  std::string_view text_;
  const JsonOptions& options_;
  detail::Heap& heap_;
  std::string scratch_;
};

}  // namespace

Value parse_json(std::string_view text, const JsonOptions& options) {
  if (auto error = find_utf8_error(text, /*allow_surrogates=*/false)) {
    throw ValueError("JSON text is not valid UTF-8: " + error->reason + " at byte offset " +
                     std::to_string(error->offset));
  }
  detail::HeapGuard guard;
  JsonScanner scanner(text, options, guard.heap());
  return Value::from_slot(scanner.parse_document());
}

}  // namespace hog::core
