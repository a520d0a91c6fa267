// Internals of python_format: CPython's decimal reader and str.__format__(spec).
//
// Contract: text arguments are valid UTF-8 (checked by the caller). Errors are CPython 3.11's
// ValueErrors with its messages (see python_format.hpp). Pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hog::core::detail {

// CPython's field-name index: the number when `text` is non-empty and all decimal digits, else
// nullopt. A run of digits over PY_SSIZE_T_MAX raises ValueError "Too many decimal digits in
// format string".
std::optional<std::int64_t> whole_decimal(std::string_view text);

// How CPython's messages show one code point: the character itself when 32 < c < below, else
// "\x" and its hex value (CPython uses below = 128 in format-spec messages, 127 for conversions).
std::string code_point_text(char32_t c, char32_t below = 128);

// Appends `value` formatted as str.__format__(spec) does.
void append_formatted_str(std::string& out, std::string_view value, std::string_view spec);

}  // namespace hog::core::detail
