// Decimal digit values per code point: a binary search in the generated table of digit-zero code
// points (each starts a run of ten digits).
#include <algorithm>
#include <iterator>

#include "unicode_tables.hpp"

namespace hog::core::detail {
namespace {
#include "unicode_decimal.inc"
}  // namespace

int decimal_value(char32_t code_point) {
  // The last run starting at or before code_point.
  const auto* it = std::upper_bound(std::begin(kDecimalZeros), std::end(kDecimalZeros), code_point);
  if (it == std::begin(kDecimalZeros)) return -1;
  const char32_t offset = code_point - *(it - 1);
  return offset < 10 ? static_cast<int>(offset) : -1;
}

}  // namespace hog::core::detail
