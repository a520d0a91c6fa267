// UTF-8 as CPython's 'surrogatepass' error handler writes it: every code point U+0000..U+10FFFF,
// lone surrogates included, in its shortest form. This is how hog::core::Value stores str.
//
// Contract: pure functions over byte strings; no allocation except in append_utf8. Validation
// reports the first offending byte offset and Python's codec wording for the reason.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hog::core {

struct Utf8Error {
  std::size_t offset;  // first byte of the offending sequence
  std::string reason;  // "invalid start byte", "invalid continuation byte", "unexpected end of data"
};

// The first error in `text`, or nullopt when it is valid. With allow_surrogates false, encoded
// surrogates are errors too (strict UTF-8).
std::optional<Utf8Error> find_utf8_error(std::string_view text, bool allow_surrogates = true);

// Code points in valid text.
std::size_t utf8_code_points(std::string_view text);

// Decodes the code point starting at `pos` in valid text and advances `pos` past it.
char32_t next_code_point(std::string_view text, std::size_t& pos);

// Appends the encoding of `code_point` (surrogates as three bytes).
void append_utf8(std::string& out, char32_t code_point);

}  // namespace hog::core
