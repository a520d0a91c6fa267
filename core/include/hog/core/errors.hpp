// Errors raised by hog::core, named after the Python (and Groundhog) errors they stand for.
//
// Contract: every error derives from hog::core::Error, whose type_name() is the Python-side name
// a user would see (`PayloadTooLargeError`, `UnpicklingError`, `binascii.Error`, ...) and whose
// what() says what was wrong and where (offset, opcode, line:column, field). The command line
// prints `type_name() + ": " + what()`. Errors carry their context as plain values; they are
// cheap to copy and safe to rethrow on another thread.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace hog::core {

class Error : public std::runtime_error {
 public:
  Error(std::string type_name, const std::string& message)
      : std::runtime_error(message), type_name_(std::move(type_name)) {}
  ~Error() override;  // out of line: anchors the vtable in one object file
  const std::string& type_name() const noexcept { return type_name_; }

 private:
  std::string type_name_;
};

// Python's TypeError: an operation met a value of the wrong type (unhashable key, wrong accessor).
class TypeError : public Error {
 public:
  explicit TypeError(const std::string& message) : Error("TypeError", message) {}
};

// Python's ValueError: right type, bad value (int too large to convert, digit limits, ...).
class ValueError : public Error {
 public:
  explicit ValueError(const std::string& message) : Error("ValueError", message) {}
};

// Python's IndexError and KeyError, for the typed accessors.
class IndexError : public Error {
 public:
  explicit IndexError(const std::string& message) : Error("IndexError", message) {}
};
class KeyError : public Error {
 public:
  explicit KeyError(const std::string& message) : Error("KeyError", message) {}
};

// Python's RecursionError: a value nested deeper than the configured depth limit.
class RecursionError : public Error {
 public:
  explicit RecursionError(const std::string& message) : Error("RecursionError", message) {}
};

// Python's SyntaxError from literal text: `message` says what was wrong; line and column (1-based,
// the column counts code points) say where. what() is "message (line L, column C)".
class SyntaxError : public Error {
 public:
  SyntaxError(const std::string& message, std::size_t line, std::size_t column);
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }

 private:
  std::size_t line_;
  std::size_t column_;
};

// binascii.Error: base64 text that cannot be decoded. offset is where in the input (0-based
// character offset) the problem was found. what() names the problem and the offset.
class Base64Error : public Error {
 public:
  Base64Error(const std::string& message, std::size_t offset);
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

// pickle.UnpicklingError: bytes that are not a pickle hog can read. offset is the byte offset of
// the opcode that failed and opcode its pickletools name ("" when the byte is not an opcode).
// what() is "message at offset N (opcode NAME)".
class UnpicklingError : public Error {
 public:
  UnpicklingError(const std::string& message, std::size_t offset, std::string opcode);
  std::size_t offset() const { return offset_; }
  const std::string& opcode() const { return opcode_; }

 private:
  std::size_t offset_;
  std::string opcode_;
};

// pickle.PicklingError: a value that cannot be written at the requested protocol.
class PicklingError : public Error {
 public:
  explicit PicklingError(const std::string& message) : Error("PicklingError", message) {}
};

// Groundhog's PayloadTooLargeError: a serialized payload over the size limit. size_mb is the
// payload's UTF-8 byte length / 2^20.
class PayloadTooLargeError : public Error {
 public:
  PayloadTooLargeError(double size_mb, double limit_mb);
  double size_mb() const { return size_mb_; }
  double limit_mb() const { return limit_mb_; }

 private:
  double size_mb_;
  double limit_mb_;
};

// Groundhog's DeserializationError: a result that cannot be read. It keeps what the user's
// function printed (the stdout before the result delimiter) and the whole stdout.
class DeserializationError : public Error {
 public:
  DeserializationError(const std::string& message, std::string user_output, std::string stdout_text)
      : Error("DeserializationError", message), user_output_(std::move(user_output)), stdout_(std::move(stdout_text)) {}
  const std::string& user_output() const { return user_output_; }
  const std::string& stdout_text() const { return stdout_; }

 private:
  std::string user_output_;
  std::string stdout_;
};

}  // namespace hog::core
