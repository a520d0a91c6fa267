// The Groundhog payload envelope: how arguments and results travel as text.
//
// Contract:
// - serialize(v) is "__PICKLE__:" + base64(pickle(v, protocol 5)). The size checked is the byte
//   length of that whole string (it is ASCII, so also its UTF-8 length); strictly more than the
//   limit (default 10 MiB, Globus Compute's cap) raises PayloadTooLargeError carrying the size in
//   MB (bytes / 2^20). A payload exactly at the limit passes.
// - deserialize(text): text starting with "__PICKLE__:" is lenient base64 (as Python's
//   base64.b64decode) then pickle; anything else is JSON, mapped as json.loads maps it. Errors are
//   the underlying ones: ValueError (non-ASCII text after the marker, as b64decode raises for a
//   str), binascii.Error, UnpicklingError, JSONDecodeError.
// - deserialize_stdout(stdout) reads a runner's stdout: the part before the first
//   "__GROUNDHOG_RESULT__" (trailing newlines removed) is the user's output, the part after it
//   (leading newlines removed) is the payload. Without the delimiter the whole stdout is the
//   payload and there is no user output. Any failure is a DeserializationError that keeps the
//   user output and the whole stdout; its message names the underlying error.
// - Call payloads are the 2-tuple (args_tuple, kwargs_dict).
// Pure functions, thread-safe; values are shared handles (see value.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "hog/core/value.hpp"

namespace hog::core {

inline constexpr std::string_view kPickleMarker = "__PICKLE__:";
inline constexpr std::string_view kResultDelimiter = "__GROUNDHOG_RESULT__";
inline constexpr std::size_t kGlobusComputeLimitBytes = 10 * 1024 * 1024;

struct SerializeOptions {
  int protocol = 5;
  std::optional<std::size_t> limit_bytes = kGlobusComputeLimitBytes;  // nullopt: no limit
};

std::string serialize(const Value& value, const SerializeOptions& options = {});
// Raises PayloadTooLargeError when payload_bytes > limit_bytes.
void check_payload_size(std::size_t payload_bytes, std::optional<std::size_t> limit_bytes);

Value deserialize(std::string_view payload);

struct StdoutResult {
  std::optional<std::string> user_output;  // nullopt when stdout had no delimiter
  Value value;
};
StdoutResult deserialize_stdout(std::string_view stdout_text);

// (args, kwargs) as Groundhog sends them. make_call_payload takes a tuple (a list is converted) and
// a dict; split_call_payload checks the shape and raises TypeError naming what is wrong.
struct CallArguments {
  Value args;    // tuple
  Value kwargs;  // dict with str keys
};
Value make_call_payload(const Value& args, const Value& kwargs = Value::dict());
CallArguments split_call_payload(const Value& payload);

}  // namespace hog::core
