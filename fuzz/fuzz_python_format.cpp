// Fuzz target: python_format (Python's str.format with keyword arguments) on arbitrary templates.
//
// Properties: a template is either formatted or rejected with a hog::core::Error (KeyError,
// IndexError, ValueError) — never anything else; text that is not UTF-8 (surrogates allowed) is
// always rejected (a Python str is text); for UTF-8 text, escape_braces makes a template that
// formats back to it, and text without braces formats to itself.
#include <string>

#include "fuzz_support.hpp"
#include "hog/core/python_format.hpp"
#include "hog/core/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace core = hog::core;
  const std::string_view text = hog::fuzz::as_text(data, size);
  const core::FormatKwargs kwargs = {
      {"payload", "__PICKLE__:gAU="}, {"name", "x{y}"}, {"", "empty"}};
  const auto formatted = hog::fuzz::attempt([&] { return core::python_format(text, kwargs); });
  if (core::find_utf8_error(text)) {  // lone surrogates are text, as in a Python str
    if (formatted) hog::fuzz::fail("non-UTF-8 templates are rejected", text, *formatted);
    return 0;
  }

  const std::string escaped = core::escape_braces(text);
  const auto back = hog::fuzz::attempt([&] { return core::python_format(escaped, {}); });
  if (!back || *back != text) {
    hog::fuzz::fail("python_format(escape_braces(t)) == t", text, back ? *back : "<rejected>");
  }
  if (text.find_first_of("{}") == std::string_view::npos) {
    const auto same = hog::fuzz::attempt([&] { return core::python_format(text, kwargs); });
    if (!same || *same != text) {
      hog::fuzz::fail("text without braces formats to itself", text, same ? *same : "<rejected>");
    }
  }
  return 0;
}
