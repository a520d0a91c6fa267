// Python literal text: parse() reads what ast.literal_eval reads, repr() writes what repr() writes.
//
// Contract:
// - parse(text) accepts exactly the language of Python 3.11's ast.literal_eval — string and bytes
//   literals with every prefix and escape (\N{...} included) and implicit concatenation; ints in
//   every base, with underscores, of any size; floats (1e999 is inf); complex via 1+2j; tuples,
//   lists, dicts, sets, set(); True, False, None; unary minus and plus — and gives the value
//   Python gives, plus the spellings repr() prints that literal_eval lacks: inf, nan,
//   bytearray(b'...'), frozenset({...}). Every string literal makes a new str object except the
//   ones CPython shares (empty and one-character Latin-1 str, empty and one-byte bytes), so the
//   identity graph matches what literal_eval builds. Bad text raises SyntaxError with line and
//   column (or ValueError where literal_eval raises ValueError, e.g. "malformed node or string").
// - repr(value) is CPython's repr() for the built-in types: shortest round-trip floats, str and
//   bytes quoting and escapes, set(), frozenset({...}), and [...], {...}, (...) for recursion.
//   Containers print in the value's own order. Globals print as `module.name`; reduced objects as
//   documented in literal.cpp (these are not parseable).
// Pure functions, thread-safe. Nesting deeper than max_depth raises RecursionError, never
// overflows the stack.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hog/core/value.hpp"

namespace hog::core {

struct ParseOptions {
  std::size_t max_depth = 200;        // containers and unary operators nested
  std::size_t max_int_digits = 4300;  // sys.int_info.default_max_str_digits (decimal literals)
};

Value parse(std::string_view text, const ParseOptions& options = {});

struct ReprOptions {
  std::size_t max_depth = 100000;  // deeper nesting raises RecursionError
};

std::string repr(const Value& value, const ReprOptions& options = {});

}  // namespace hog::core
