#include "hog/core/errors.hpp"

#include <cstdio>

namespace hog::core {

Error::~Error() = default;

namespace {
std::string format_mb(double mb) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", mb);
  return text;
}
std::string format_limit(double mb) {
  char text[64];
  std::snprintf(text, sizeof text, "%g", mb);
  return text;
}
}  // namespace

PayloadTooLargeError::PayloadTooLargeError(double size_mb, double limit_mb)
    : Error("PayloadTooLargeError", "Payload size (" + format_mb(size_mb) + " MB) exceeds Globus Compute's " +
                                        format_limit(limit_mb) + " MB limit."),
      size_mb_(size_mb),
      limit_mb_(limit_mb) {}

}  // namespace hog::core
