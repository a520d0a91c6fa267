// Heredoc headers and the structural walk that finds the payload heredoc in a rendered script.
#include "shell_script_heredoc.hpp"

#include "hog/core/shell_script.hpp"

namespace hog::core::detail {
namespace {

constexpr std::string_view kCatWord = "cat > ";
static_assert(kStdinPayloadHeader == "exec <<'HOG_PAYLOAD_EOF'" &&
              kPayloadDelimiter == "HOG_PAYLOAD_EOF");
constexpr std::string_view kHeredocOpen = " <<'";

bool is_delimiter_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The delimiter of a heredoc header line, or nullopt when `line` is not one.
std::optional<std::string_view> header_delimiter(std::string_view line) {
  const std::string prefix = std::string(kCatWord) + std::string(kTaskDirWord);
  if (!line.starts_with(prefix) || !line.ends_with('\'')) return std::nullopt;
  const std::size_t open = line.rfind(kHeredocOpen);
  if (open == std::string_view::npos || open < prefix.size()) return std::nullopt;
  const std::size_t begin = open + kHeredocOpen.size();
  const std::string_view delimiter = line.substr(begin, line.size() - 1 - begin);
  if (delimiter.empty()) return std::nullopt;
  for (const char c : delimiter) {
    if (!is_delimiter_char(c)) return std::nullopt;
  }
  return delimiter;
}

// The line starting at `pos` (without its newline); `pos` moves past the newline.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  const std::size_t newline = text.find('\n', pos);
  const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
  const std::string_view line = text.substr(pos, end - pos);
  pos = newline == std::string_view::npos ? text.size() : newline + 1;
  return line;
}

// The body of a heredoc that starts at `pos` and ends with a line equal to `delimiter`; `pos`
// moves past that line. nullopt when no line closes it (bash would read to the end: not a script
// we rendered).
std::optional<HeredocBody> read_body(std::string_view script, std::size_t& pos,
                                     std::string_view delimiter) {
  const std::size_t body_begin = pos;
  while (pos < script.size()) {
    const std::size_t line_begin = pos;
    if (next_line(script, pos) == delimiter) {
      const std::size_t body_end = line_begin > body_begin ? line_begin - 1 : body_begin;
      return HeredocBody{body_begin, body_end, delimiter};
    }
  }
  return std::nullopt;
}

}  // namespace

std::string heredoc_header(std::string_view quoted_name, std::string_view delimiter) {
  return std::string(kCatWord) + std::string(kTaskDirWord) + std::string(quoted_name) +
         std::string(kHeredocOpen) + std::string(delimiter) + "'";
}

std::optional<HeredocBody> find_payload_heredoc(std::string_view script) {
  std::size_t pos = 0;
  if (script.starts_with(kScriptHead)) {
    pos = kScriptHead.size();
    if (next_line(script, pos) == kStdinPayloadHeader) {
      return read_body(script, pos, kPayloadDelimiter);
    }
  }
  pos = 0;
  while (pos < script.size()) {
    const std::optional<std::string_view> delimiter = header_delimiter(next_line(script, pos));
    if (!delimiter) continue;
    const std::optional<HeredocBody> body = read_body(script, pos, *delimiter);
    if (!body || *delimiter == kPayloadDelimiter) return body;
  }
  return std::nullopt;
}

}  // namespace hog::core::detail
