// truncate_payload_in_cmd: a formatted command shortened for error messages, its payload heredoc
// body cut to the first max_chars code points.
#include "hog/core/shell_script.hpp"
#include "shell_script_heredoc.hpp"

namespace hog::core {
namespace {

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Code points in `text` counted by their first bytes (any bytes accepted).
std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += is_continuation_byte(c) ? 0 : 1;
  return count;
}

// The byte length of the first `chars` code points of `text`.
std::size_t prefix_bytes(std::string_view text, std::size_t chars) {
  std::size_t pos = 0;
  for (std::size_t seen = 0; pos < text.size(); ++pos) {
    if (!is_continuation_byte(text[pos]) && seen++ == chars) break;
  }
  return pos;
}

}  // namespace

std::string truncate_payload_in_cmd(std::string_view cmd, std::size_t max_chars) {
  const auto body = detail::find_payload_heredoc(cmd);
  if (!body) return std::string(cmd);
  const std::string_view payload = cmd.substr(body->begin, body->end - body->begin);
  const std::size_t chars = count_code_points(payload);
  if (chars <= max_chars) return std::string(cmd);
  std::string out(cmd.substr(0, body->begin));
  out += payload.substr(0, prefix_bytes(payload, max_chars));
  out += "... [truncated " + std::to_string(chars - max_chars) + " chars]";
  out += cmd.substr(body->end);
  return out;
}

}  // namespace hog::core
