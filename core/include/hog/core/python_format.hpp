// Python 3.11's str.format(**kwargs) with str values: what Globus Compute's ShellFunction does to
// its command (cmd.format(**kwargs)), so hogsim formats a rendered script exactly as the endpoint
// would.
//
// Contract:
// - python_format(format, kwargs) gives the text CPython gives, or throws the error CPython raises,
//   with CPython's message: literal text, "{{" and "}}", fields "{name}", "{name!r}", "{name!s}",
//   "{name!a}", "{name:spec}" (the str format-spec mini-language: fill, align "<>^", width,
//   ".precision", type "s"; nested "{...}" fields inside a spec, two levels deep as in CPython),
//   and "{name[3]}" (indexing the str by code point). Errors: KeyError whose what() is the repr of
//   the missing name ('name', as Python prints a KeyError); IndexError "Replacement index N out of
//   range for positional args tuple" for "{}" and "{N}" (there are never positional arguments);
//   IndexError "string index out of range"; TypeError "string indices must be integers, not
//   'str'"; ValueError for every malformed template or spec ("Single '}' encountered in format
//   string", "expected '}' before end of string", "Unknown format code 'd' for object of type
//   'str'", ...). Errors come in CPython's order: the template is read left to right and the
//   first problem met is raised.
// - Not Python: attribute access ("{name.upper}") raises ValueError saying hogsim does not
//   support it (CPython would format a bound method's repr, which has a memory address). A width
//   over kMaxFormatWidth raises Error "MemoryError" instead of allocating it. Text that is not
//   UTF-8 ('surrogatepass' UTF-8, as hog::core stores str) raises ValueError with the byte offset.
// - Widths and precisions count code points; digits may be any Unicode decimal digits, as in
//   CPython; non-ASCII text passes through unchanged.
// - escape_braces(text) doubles every '{' and '}', so python_format(escape_braces(t), any) == t.
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace hog::core {

// Keyword arguments for python_format: the str values passed as cmd.format(**kwargs).
using FormatKwargs = std::map<std::string, std::string, std::less<>>;

// The widest field python_format pads to (code points); wider raises Error "MemoryError".
// One Mi code points: commands pad nothing near this, and a template of a few bytes cannot ask for
// tens of megabytes (a nested "{a:{b}}" spec could otherwise be made that long and parsed again).
inline constexpr std::size_t kMaxFormatWidth = std::size_t{1} << 20;

std::string python_format(std::string_view format, const FormatKwargs& kwargs);

std::string escape_braces(std::string_view text);

}  // namespace hog::core
