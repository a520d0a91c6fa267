// Internal to the pickle decoder: the failure its helpers throw and the machine turns into an
// UnpicklingError with the offset and name of the opcode being executed.
//
// Contract: `python_type` is the Python exception CPython raises for the same input when it is not
// UnpicklingError itself ("EOFError", "ValueError", "UnicodeDecodeError", ...); it prefixes the
// message so the user still sees what CPython would have said.
#pragma once

#include <string>
#include <utility>

namespace hog::core::pickle::decoding {

struct Failure {
  std::string python_type;  // "" for UnpicklingError
  std::string message;
  std::string text() const { return python_type.empty() ? message : python_type + ": " + message; }
};

[[noreturn]] inline void fail(std::string message) {
  throw Failure{"", std::move(message)};
}
[[noreturn]] inline void fail_as(std::string python_type, std::string message) {
  throw Failure{std::move(python_type), std::move(message)};
}

}  // namespace hog::core::pickle::decoding
