// Fuzz target: literal parse on arbitrary text.
//
// Property: whatever parse() accepts and repr() can print, parse(repr(v)) accepts and gives a
// value equal to v — Python's == with the same kind at every position (bool is not int), in the
// same order, and nan equal to nan. The text is not a fixed point, as in CPython: -(2j) prints
// (-0-2j), which reads back as 0.0-2j, printed -2j; signed zeros in complex parts are not kept.
#include <cmath>
#include <complex>
#include <vector>

#include "fuzz_support.hpp"
#include "hog/core/literal.hpp"

namespace {

namespace core = hog::core;

bool same_number(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

// Recursion is bounded: parse() limits nesting to kMaxDepth.
bool equal_values(const core::Value& a, const core::Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case core::Kind::Float:
      return same_number(a.as_float(), b.as_float());
    case core::Kind::Complex:
      return same_number(a.as_complex().real(), b.as_complex().real()) &&
             same_number(a.as_complex().imag(), b.as_complex().imag());
    case core::Kind::List:
    case core::Kind::Tuple:
    case core::Kind::Set:
    case core::Kind::FrozenSet: {
      const std::vector<core::Value> x = a.elements();
      const std::vector<core::Value> y = b.elements();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!equal_values(x[i], y[i])) return false;
      return true;
    }
    case core::Kind::Dict: {
      const auto x = a.items();
      const auto y = b.items();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!equal_values(x[i].first, y[i].first) || !equal_values(x[i].second, y[i].second))
          return false;
      return true;
    }
    default:
      return a == b;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  core::ParseOptions parse_options;
  parse_options.max_depth = hog::fuzz::kMaxDepth;
  const std::string_view text = hog::fuzz::as_text(data, size);
  const auto value = hog::fuzz::attempt([&] { return core::parse(text, parse_options); });
  if (!value) return 0;
  core::ReprOptions repr_options;
  repr_options.max_output = hog::fuzz::kMaxReprBytes;
  const auto printed = hog::fuzz::attempt([&] { return core::repr(*value, repr_options); });
  if (!printed) return 0;  // ints over 4300 digits, output over the cap

  // repr adds at most one bracket level (a complex's parentheses) below the deepest container.
  core::ParseOptions reparse_options = parse_options;
  reparse_options.max_depth = parse_options.max_depth + 1;
  core::Value again;
  try {
    again = core::parse(*printed, reparse_options);
  } catch (const core::Error& error) {
    hog::fuzz::fail("parse(repr(v)) accepts", *printed, error.type_name() + ": " + error.what());
  }
  if (!equal_values(*value, again))
    hog::fuzz::fail("parse(repr(v)) == v", *printed, hog::fuzz::describe(again));
  return 0;
}
