// str.isprintable() per code point: a binary search in the generated range table.
#include <algorithm>
#include <iterator>

#include "unicode_tables.hpp"

namespace hog::core::detail {
namespace {
#include "unicode_printable.inc"
}  // namespace

bool is_printable(char32_t code_point) {
  const auto* end = std::end(kPrintableRanges);
  // The first range whose last code point is >= code_point.
  const auto* it =
      std::lower_bound(std::begin(kPrintableRanges), end, code_point,
                       [](const char32_t(&range)[2], char32_t cp) { return range[1] < cp; });
  return it != end && (*it)[0] <= code_point;
}

}  // namespace hog::core::detail
