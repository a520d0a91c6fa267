// Internal to the pickle decoder: the text arguments of protocol 0 opcodes (and the str payloads
// of the binary ones) converted the way CPython 3.11's C unpickler converts them.
//
// Contract: pure functions; on bad input they throw decoding::Failure with CPython's exception
// type and wording. Decimal ints are limited to 4300 digits, as CPython's int() is by default.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hog/core/bigint.hpp"

namespace hog::core::pickle::decoding {

// int(text, base) for base 0 (prefixes 0x/0o/0b, underscores) or 10, with Python's surrounding
// whitespace rules. Text stops at the first NUL, as the C string CPython parses does.
BigInt parse_python_int(std::string_view text, int base);

// INT's line: C strtol(text, 0) when it fits a long (then "00"/"01"-style 3-byte lines are
// False/True), else Python's int(text, 0). Returns an int or a bool in `is_bool`.
BigInt parse_int_opcode(std::string_view line, bool& is_bool);

// LONG's line: an optional trailing 'L' removed, then int(text, 0).
BigInt parse_long_opcode(std::string_view line);

// FLOAT's line: PyOS_string_to_double (no surrounding whitespace; inf/nan spellings; overflow is
// OverflowError).
double parse_float_opcode(std::string_view line);

// STRING's line: quoted, Python 2 escapes, then ASCII-decoded to a str (UTF-8 out).
std::string decode_string_opcode(std::string_view line);

// Checks that Python 2 str bytes are ASCII (pickle.loads' default encoding) and returns them.
std::string_view require_ascii(std::string_view bytes);

// UNICODE's line: raw-unicode-escape to UTF-8 (surrogates kept).
std::string decode_raw_unicode_escape(std::string_view text);

// BINUNICODE*: UTF-8 with 'surrogatepass'; `allow_surrogates` false is strict UTF-8 (GLOBAL).
void require_utf8(std::string_view bytes, bool allow_surrogates);

// Python-style repr of a C string for messages: 'text' with non-printables escaped.
std::string quoted_for_message(std::string_view text);

}  // namespace hog::core::pickle::decoding
