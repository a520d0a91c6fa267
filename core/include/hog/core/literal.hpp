// Python literal text: parse() reads what ast.literal_eval reads, repr() writes what repr() writes.
//
// Contract:
// - parse(text) accepts exactly the language of Python 3.11's ast.literal_eval(text) — the text
//   lstripped of " \t" and parsed in 'eval' mode (comments, continuations, newlines inside
//   brackets, trailing commas); string and bytes literals with every prefix and escape (\N{...}
//   with names and aliases of Unicode 14.0) and implicit concatenation; ints in every base, with
//   underscores, of any size; floats (1e999 is inf); imaginary numbers and real +/- imaginary;
//   tuples, lists, dicts, sets, set(); True, False, None, ... (Ellipsis, the global
//   builtins.Ellipsis); unary minus and plus on a number — and gives the value Python gives, plus
//   the spellings repr() prints that literal_eval lacks: inf, nan, infj, nanj (so -inf and
//   (1+nanj) work too), Ellipsis, bytearray(), bytearray(b'...'), frozenset(), frozenset({...}).
//   Every str and bytes literal makes a new object, as literal_eval does (the value model treats
//   the objects CPython shares by value, such as one-character Latin-1 str, as shared); duplicate
//   dict keys and set members collapse as in Python.
// - Errors, as ast.literal_eval raises them (every SyntaxError comes before any other error):
//   SyntaxError for text CPython's tokenizer or parser rejects (f-strings included), with the line
//   and column (1-based, in code points) where hog found the problem — CPython's own error
//   positions follow other heuristics and may differ; ValueError("malformed node or string on
//   line L: <ast.Name object>") for well-formed non-literal expressions; TypeError for an
//   unhashable dict key or set member; Error "OverflowError" for an int too large for a float in
//   a complex literal; Error "UnicodeEncodeError" for lone surrogates in the text (ValueError for
//   bytes that are not UTF-8). Decimal ints longer than max_int_digits are CPython 3.11's
//   SyntaxError. Known difference: non-ASCII characters outside strings are all treated as name
//   characters or, when not printable, SyntaxError (CPython names some of them "invalid
//   character"); either way the text is rejected.
// - repr(value) is CPython's repr() for the built-in types: shortest round-trip floats, complex,
//   ints (ValueError over 4300 digits, as CPython), str and bytes quoting and escapes
//   (non-printable characters as str.isprintable() of Unicode 14.0 says), bytearray(b'...'), set(),
//   frozenset({...}), and [...], {...}, (...), set(...), frozenset(...) where an object contains
//   itself. Containers print in the value's own order. Globals print as `module.name`
//   (builtins.Ellipsis as Ellipsis); reduced objects as documented in core/src/repr.cpp (not
//   parseable).
// Pure functions, thread-safe. Nesting deeper than max_depth raises RecursionError, never
// overflows the stack (CPython's own limit of 200 nested brackets is a SyntaxError).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "hog/core/value.hpp"

namespace hog::core {

struct ParseOptions {
  // Brackets nested deeper than this raise RecursionError (below CPython's limit of 200, which is
  // a SyntaxError). Runs of unary operators cost no stack; other expression rules nested more
  // than 1000 deep (e.g. a long chain of **) raise RecursionError too.
  std::size_t max_depth = 200;
  // sys.int_info.default_max_str_digits: longer decimal int literals are a SyntaxError; 0 means no
  // limit, as sys.set_int_max_str_digits(0).
  std::size_t max_int_digits = 4300;
};

Value parse(std::string_view text, const ParseOptions& options = {});

struct ReprOptions {
  std::size_t max_depth = 100000;  // containers nested deeper raise RecursionError (no recursion)
  // Shared references print once per reference, so a few hundred bytes of pickle can stand for
  // a repr of 2^40 characters: output beyond this many bytes raises ValueError instead.
  std::size_t max_output = std::size_t{256} << 20;
};

std::string repr(const Value& value, const ReprOptions& options = {});

}  // namespace hog::core
