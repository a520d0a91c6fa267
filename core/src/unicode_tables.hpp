// Unicode properties the literal codec and str.format need, as CPython 3.11's unicodedata has them
// (Unicode 14.0).
//
// Contract: pure lookups over generated constant tables (scripts/gen/unicode_*.py); no state,
// thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace hog::core::detail {

// The code point "\N{name}" stands for in a Python string literal, or nullopt. Character names and
// name aliases match case-insensitively; the algorithmic names (CJK UNIFIED IDEOGRAPH-XXXX with 4
// or 5 upper-case hex digits, HANGUL SYLLABLE ...) only in upper case, as in CPython. Named
// sequences are not accepted. One lookup scans the table (about a millisecond).
std::optional<char32_t> lookup_unicode_name(std::string_view name);

// str.isprintable() for one code point: repr() escapes the characters for which this is false.
bool is_printable(char32_t code_point);

// The value 0..9 of a Unicode decimal digit (unicodedata.decimal, which str.format's field indexes,
// widths and precisions accept), or -1 for any other code point.
int decimal_value(char32_t code_point);

}  // namespace hog::core::detail
