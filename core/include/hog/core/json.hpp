// JSON text to Value, exactly as Python's json.loads maps it: objects → dict (the last duplicate
// key wins), arrays → list, strings → str (\u escapes may leave lone surrogates), integers of any
// size → int, other numbers → float, NaN/Infinity/-Infinity accepted, true/false/null.
//
// Contract: parse_json accepts what json.loads accepts (with Python's default strict=True) and
// rejects the rest with JSONDecodeError carrying Python's message, e.g. "Expecting value: line 1
// column 1 (char 0)" (column and char count code points). Integers beyond 4300 digits raise
// ValueError as Python 3.11 does; nesting deeper than max_depth raises RecursionError. Input must
// be valid UTF-8. Pure and thread-safe; linear time.
#pragma once

#include <cstddef>
#include <string_view>

#include "hog/core/errors.hpp"
#include "hog/core/value.hpp"

namespace hog::core {

class JSONDecodeError : public Error {
 public:
  JSONDecodeError(const std::string& message, std::size_t char_offset)
      : Error("json.decoder.JSONDecodeError", message), char_offset_(char_offset) {}
  std::size_t char_offset() const { return char_offset_; }

 private:
  std::size_t char_offset_;
};

struct JsonOptions {
  std::size_t max_depth = 1000;
  std::size_t max_int_digits = 4300;  // sys.int_info.default_max_str_digits
};

Value parse_json(std::string_view text, const JsonOptions& options = {});

}  // namespace hog::core
