// The Groundhog envelope: "__PICKLE__:" + base64(pickle) or JSON, the size limit, runner stdout,
// and call payloads. See envelope.hpp for the contract.
#include "hog/core/envelope.hpp"

#include <cstdint>
#include <cstring>
#include <memory>

#include "base64_internal.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/json.hpp"
#include "hog/core/pickle.hpp"
#include "pickle_decode_handed_over.hpp"
#include "pickle_encode_base64.hpp"

namespace hog::core {

namespace {

constexpr double kBytesPerMb = 1024.0 * 1024.0;
constexpr std::size_t kStackPickleBytes = 1024;

// Whether every byte is below 0x80, eight at a time, 32 per step (a payload is megabytes of
// base64); the last eight are read again when the size is not a multiple of eight.
bool all_ascii(std::string_view text) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080u;
  const auto word_at = [&text](std::size_t at) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + at, 8);
    return word;
  };
  const std::size_t n = text.size();
  if (n < 8) {
    std::uint64_t seen = 0;
    for (const char c : text) seen |= static_cast<unsigned char>(c);
    return (seen & 0x80) == 0;
  }
  std::uint64_t seen = word_at(n - 8);
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32)
    seen |= word_at(i) | word_at(i + 8) | word_at(i + 16) | word_at(i + 24);
  for (; i + 8 <= n; i += 8) seen |= word_at(i);
  return (seen & kHighBits) == 0;
}

// base64.b64decode(str) first encodes the str as ASCII and raises ValueError otherwise.
void require_ascii(std::string_view text, std::size_t offset_in_payload) {
  if (all_ascii(text)) return;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) >= 0x80) {
      throw ValueError(
          "string argument should contain only ASCII characters (non-ASCII byte at offset " +
          std::to_string(offset_in_payload + i) + ")");
    }
  }
}

// pickle::decode(base64::decode_lenient(text)) without a string for the pickle, `text` being the
// payload from `offset` on: a small one is decoded on the stack (canonical base64, as senders
// write it, without the ASCII check or the lenient decoder: it is ASCII), a big one into a buffer
// that is never zero-filled (the filling of an 8 MB array's pickle costs as much as a third of its
// decode).
Value decode_pickle_text(std::string_view text, std::size_t offset) {
  const base64::detail::Kernel& kernel = base64::detail::active_kernel();
  const std::size_t room = base64::detail::decoded_room(text.size());
  if (room <= kStackPickleBytes) {
    char pickle[kStackPickleBytes];
    std::size_t size = base64::detail::decode_canonical_into(kernel, text, pickle);
    if (size == base64::detail::kNotCanonical) {
      require_ascii(text, offset);
      size = base64::detail::decode_lenient_into(kernel, text, pickle);
    }
    static const pickle::DecodeOptions defaults;  // (made once: it holds two std::functions)
    return pickle::decode(std::string_view(pickle, size), defaults);
  }
  require_ascii(text, offset);
  auto pickle = std::make_unique_for_overwrite<std::byte[]>(room);
  const std::size_t size =
      base64::detail::decode_lenient_into(kernel, text, reinterpret_cast<char*>(pickle.get()));
  return pickle::decoding::decode_handed_over(std::move(pickle), size);
}

}  // namespace

void check_payload_size(std::size_t payload_bytes, std::optional<std::size_t> limit_bytes) {
  if (limit_bytes && payload_bytes > *limit_bytes) {
    throw PayloadTooLargeError(static_cast<double>(payload_bytes) / kBytesPerMb,
                               static_cast<double>(*limit_bytes) / kBytesPerMb);
  }
}

std::string serialize(const Value& value, const SerializeOptions& options) {
  std::string payload =
      pickle::detail::encode_base64(value, {.protocol = options.protocol}, kPickleMarker);
  check_payload_size(payload.size(), options.limit_bytes);
  return payload;
}

Value deserialize(std::string_view payload) {
  if (payload.starts_with(kPickleMarker)) {
    return decode_pickle_text(payload.substr(kPickleMarker.size()), kPickleMarker.size());
  }
  return parse_json(payload);
}

StdoutResult deserialize_stdout(std::string_view stdout_text) {
  StdoutResult result;
  std::string_view payload = stdout_text;
  if (const std::size_t at = stdout_text.find(kResultDelimiter); at != std::string_view::npos) {
    std::string_view before = stdout_text.substr(0, at);
    while (before.ends_with('\n')) before.remove_suffix(1);
    result.user_output = std::string(before);
    payload = stdout_text.substr(at + kResultDelimiter.size());
    while (payload.starts_with('\n')) payload.remove_prefix(1);
  }
  try {
    result.value = deserialize(payload);
  } catch (const Error& error) {
    throw DeserializationError(
        "cannot deserialize the result payload: " + error.type_name() + ": " + error.what(),
        result.user_output.value_or(""), std::string(stdout_text));
  }
  return result;
}

Value make_call_payload(const Value& args, const Value& kwargs) {
  Value args_tuple;
  switch (args.kind()) {
    case Kind::Tuple:
      args_tuple = args;
      break;
    case Kind::List:
      args_tuple = Value::tuple(args.elements());
      break;
    default:
      throw TypeError("call arguments must be a tuple or a list, got " +
                      std::string(args.type_name()));
  }
  if (kwargs.kind() != Kind::Dict) {
    throw TypeError("keyword arguments must be a dict, got " + std::string(kwargs.type_name()));
  }
  for (const auto& [key, value] : kwargs.items()) {
    if (key.kind() != Kind::Str) {
      throw TypeError("keywords must be strings, got a key of type " +
                      std::string(key.type_name()));
    }
  }
  return Value::tuple({args_tuple, kwargs});
}

CallArguments split_call_payload(const Value& payload) {
  if (payload.kind() != Kind::Tuple || payload.size() != 2) {
    throw TypeError("a call payload is the 2-tuple (args, kwargs), got " +
                    (payload.kind() == Kind::Tuple
                         ? "a tuple of " + std::to_string(payload.size()) + " items"
                         : "a " + std::string(payload.type_name())));
  }
  const Value args = payload[0];
  const Value kwargs = payload[1];
  if (args.kind() != Kind::Tuple && args.kind() != Kind::List) {
    throw TypeError("call payload item 0 (args) must be a tuple, got " +
                    std::string(args.type_name()));
  }
  if (kwargs.kind() != Kind::Dict) {
    throw TypeError("call payload item 1 (kwargs) must be a dict, got " +
                    std::string(kwargs.type_name()));
  }
  for (const auto& [key, value] : kwargs.items()) {
    if (key.kind() != Kind::Str) {
      throw TypeError("call payload kwargs keys must be str, got " + std::string(key.type_name()));
    }
  }
  return {args.kind() == Kind::Tuple ? args : Value::tuple(args.elements()), kwargs};
}

}  // namespace hog::core
