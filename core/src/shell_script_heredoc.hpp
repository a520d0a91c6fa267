// Internals shared by the shell script renderer and its readers: how a heredoc that writes a file
// into the task directory is spelled, and how to find the payload heredoc in a script.
//
// Contract: pure functions over script text. Both shapes start with kScriptHead. In the file shape
// a heredoc header line is exactly
//   cat > "$HOG_TASK_DIR"/<shell-quoted name> <<'<DELIMITER>'
// with a delimiter of upper-case letters, digits and '_'; in the stdin shape the second line is
// kStdinPayloadHeader (the file shape's second line is never that).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hog::core::detail {

inline constexpr std::string_view kTaskDirWord = "\"$HOG_TASK_DIR\"/";
inline constexpr std::string_view kScriptHead = "set -euo pipefail\n";
inline constexpr std::string_view kStdinPayloadHeader = "exec <<'HOG_PAYLOAD_EOF'";

std::string heredoc_header(std::string_view quoted_name, std::string_view delimiter);

// Where the payload heredoc's body lies in `script`: right after kStdinPayloadHeader in the stdin
// shape, else found by walking the script from its start, skipping over the bodies of the other
// heredocs (so their contents cannot pose as headers). The
// body excludes the newline before the delimiter line.
struct HeredocBody {
  std::size_t begin;
  std::size_t end;
  std::string_view delimiter;
};
std::optional<HeredocBody> find_payload_heredoc(std::string_view script);

}  // namespace hog::core::detail
