// The pieces of Python's tokenizer that literal text needs, shared by the literal parser's files.
//
// Contract: tokenize() splits text (newlines already normalized to '\n') into the tokens CPython
// 3.11's tokenizer makes in 'eval' input, and raises SyntaxError for everything its tokenizer
// rejects (bad numbers, unterminated strings, unmatched brackets, stray characters, unexpected
// indentation). Token texts are views into the text. decode_string() and number_value() turn one
// STRING or NUMBER token into its value, raising SyntaxError where CPython's AST builder does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hog/core/bigint.hpp"

namespace hog::core::detail {

enum class TokenType : std::uint8_t { Name, Number, String, Op, Newline, End };

struct Token {
  TokenType type;
  std::string_view text;  // STRING: prefix, quotes and body
  std::size_t offset;     // byte offset in the text
};

// Line and column (1-based, the column in code points) of a byte offset, for error messages.
struct Position {
  std::size_t line;
  std::size_t column;
};
Position position_of(std::string_view text, std::size_t offset);
[[noreturn]] void syntax_error(std::string_view text, std::size_t offset,
                               const std::string& message);

// max_depth: bracket nesting deeper than this raises RecursionError (CPython's own limit of 200
// nested brackets raises SyntaxError first).
std::vector<Token> tokenize(std::string_view text, std::size_t max_depth);

// Number tokens: the end offset of the number starting at `pos`, or SyntaxError.
std::size_t scan_number(std::string_view text, std::size_t pos);

struct NumberValue {
  enum class Type : std::uint8_t { Int, Float, Imaginary } type = Type::Int;
  BigInt integer;      // Int, unless small
  bool small = false;  // Int that fits in 64 bits: small_value (no BigInt is made)
  std::int64_t small_value = 0;
  double number = 0;  // Float; the imaginary part of Imaginary
};
// The value of a NUMBER token; decimal ints longer than max_int_digits raise SyntaxError as 3.11
// does.
NumberValue number_value(std::string_view text, const Token& token, std::size_t max_int_digits);

struct StringValue {
  bool bytes = false;
  bool raw = false;
  bool formatted = false;  // an f-string (not a literal): data is its body, undecoded
  std::string data;        // UTF-8 (surrogatepass) for str, raw bytes for bytes
};
// The value of one STRING token: prefix, escapes (\N{...} included), raw strings.
StringValue decode_string(std::string_view text, const Token& token);
// The escapes of a non-raw str body (a piece of an f-string), with decode_string's errors.
std::string decode_str_escapes(std::string_view text, const Token& token, std::string_view body);

}  // namespace hog::core::detail
