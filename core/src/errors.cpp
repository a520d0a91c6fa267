#include "hog/core/errors.hpp"

#include <cstdio>
#include <string>

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

SyntaxError::SyntaxError(const std::string& message, std::size_t line, std::size_t column)
    : Error("SyntaxError", message + " (line " + std::to_string(line) + ", column " + std::to_string(column) + ")"),
      line_(line),
      column_(column) {}

Base64Error::Base64Error(const std::string& message, std::size_t offset)
    : Error("binascii.Error", message + " (at offset " + std::to_string(offset) + ")"), offset_(offset) {}

UnpicklingError::UnpicklingError(const std::string& message, std::size_t offset, std::string opcode)
    : Error("UnpicklingError",
            message + " at offset " + std::to_string(offset) + (opcode.empty() ? "" : " (opcode " + opcode + ")")),
      offset_(offset),
      opcode_(std::move(opcode)) {}

}  // namespace hog::core
