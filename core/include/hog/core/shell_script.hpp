// The bash script a Groundhog-style call runs: Groundhog's template, made sturdy.
//
// Contract:
// - render_shell_command(spec) returns a python_format template with exactly one field,
//   {payload}; every other brace is escaped, so python_format(rendered, {{"payload", p}}) is the
//   command to run, and one rendered command serves every call. The command is, line by line:
//   `set -euo pipefail`; `HOG_TASK_DIR=$(mktemp -d)` (exported) and
//   `trap 'rm -rf "$HOG_TASK_DIR"' EXIT`, so the task directory is removed however the script
//   ends (a failure, SIGTERM; not SIGKILL, nor when the run_command sets its own EXIT trap) and
//   a failing command's exit status is the script's; each spec file, then the payload,
//   written by `cat` from a quoted heredoc (no expansion of any kind); a heredoc ends its text
//   with a newline, so where the text has none of its own (always for the payload) `truncate -s
//   -1` drops it again: every file is byte-identical to its text (no final newline, CRLF, `$`,
//   backticks, braces, non-ASCII all kept); the run_command,
//   run from the caller's working directory; `echo "__GROUNDHOG_RESULT__"`; `cat` of the result
//   file.
// - render_stdin_command(run_command) is the fast shape, for a runner that reads the payload on
//   stdin and prints the delimiter and the result itself (hog-runner's `--in - --out -`). Again a
//   python_format template with exactly the one field {payload}; the command is, line by line:
//   `set -euo pipefail`; `exec <<'HOG_PAYLOAD_EOF'` with {payload} as the heredoc's body (the
//   shell's own stdin becomes the payload text plus the one newline a heredoc ends with); the
//   run_command (any shell text; with a final newline added when it has none). No task directory,
//   no file, no process of its own: with run_command `exec RUNNER ...` a call runs bash and the
//   runner, nothing else. The run_command must not be empty (ValueError).
// - Heredoc delimiters cannot collide with content: each file's delimiter is "HOG_FILE_EOF",
//   with a numeric suffix bumped until no line of that file equals it. The payload's delimiter is
//   kPayloadDelimiter; no envelope payload can contain it as a line (payloads are one line that
//   starts with "__PICKLE__:" or are JSON), and check_payload_fits rejects a payload that does.
// - Errors: ValueError for a bad file name (empty, ".", "..", containing '/', NUL, CR or LF),
//   duplicate names, file contents or a run_command that hold NUL (bash drops NUL bytes) or are
//   not UTF-8 (the command is a Python str); from check_payload_fits for a payload with a
//   delimiter line or a NUL byte, or a command that is not a rendered one.
// - check_payload_fits and truncate_payload_in_cmd take either shape.
// - truncate_payload_in_cmd(cmd, max) finds the payload heredoc in a formatted command by reading
//   the script's structure (so file contents that look like a payload heredoc do not fool it) and
//   keeps the first max code points of the payload followed by "... [truncated N chars]" (N code
//   points removed); a short payload, or a command without a payload heredoc, is returned
//   unchanged.
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hog::core {

inline constexpr std::string_view kPayloadDelimiter = "HOG_PAYLOAD_EOF";

struct ScriptFile {
  std::string name;  // a plain file name inside the task directory
  std::string contents;
};

struct ShellCommandSpec {
  std::vector<ScriptFile> files;            // user script, runner... written into the task dir
  std::string payload_file = "payload.in";  // receives the "{payload}" field's text
  std::string result_file = "payload.out";  // the runner writes it; the script cats it
  // Raw shell text run from the task dir's parent cwd; may use "$HOG_TASK_DIR"
  // (e.g. python3 "$HOG_TASK_DIR/runner.py").
  std::string run_command;
};

// Single-quotes a word for bash: it's -> 'it'\''s'.
std::string shell_quote(std::string_view word);

std::string render_shell_command(const ShellCommandSpec& spec);

// The payload on the run command's stdin (see above): e.g. "exec 'hog-runner' --function echo
// --in - --out -".
std::string render_stdin_command(std::string_view run_command);

// Throws ValueError when `payload` cannot be carried by `rendered_command` (as returned by
// render_shell_command or render_stdin_command): a line of it equals the payload heredoc's
// delimiter, or it holds NUL.
void check_payload_fits(std::string_view rendered_command, std::string_view payload);

std::string truncate_payload_in_cmd(std::string_view cmd, std::size_t max_chars);

}  // namespace hog::core
