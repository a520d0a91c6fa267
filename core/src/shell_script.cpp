// render_shell_command, render_stdin_command and their helpers: the script text, file-name checks
// and the choice of heredoc delimiters that no content line can equal.
#include "hog/core/shell_script.hpp"

#include <set>

#include "hog/core/envelope.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/python_format.hpp"
#include "hog/core/utf8.hpp"
#include "shell_script_heredoc.hpp"

namespace hog::core {
namespace {

constexpr std::string_view kFileDelimiter = "HOG_FILE_EOF";

// A file name as Python would show it: repr() of the str, or of the bytes when not UTF-8.
std::string repr_name(std::string_view name) {
  if (find_utf8_error(name, /*allow_surrogates=*/false)) return repr(Value::bytes(name));
  return repr(Value(name));
}

void check_file_name(std::string_view name, std::string_view role) {
  const auto fail = [&](const std::string& why) {
    throw ValueError(std::string(role) + " name " + repr_name(name) + " " + why);
  };
  if (name.empty()) fail("is empty");
  if (name == "." || name == "..") fail("is not a file name");
  if (name.find('/') != std::string_view::npos) fail("contains '/'");
  if (name.find('\0') != std::string_view::npos) fail("contains a NUL byte");
  if (name.find_first_of("\r\n") != std::string_view::npos) fail("contains a line break");
}

// Script text must be UTF-8 (the command is a Python str) without NUL (bash drops NUL bytes).
void check_text(std::string_view text, const std::string& what) {
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    throw ValueError(what + " contains a NUL byte at offset " + std::to_string(nul) +
                     " (bash drops NUL bytes)");
  }
  if (const auto error = find_utf8_error(text, /*allow_surrogates=*/false)) {
    throw ValueError(what + " is not UTF-8 text: " + error->reason + " at byte offset " +
                     std::to_string(error->offset));
  }
}

// The lines of `text` as bash reads a heredoc body holding it (text + "\n"), split on '\n'.
std::set<std::string_view> lines_of(std::string_view text) {
  std::set<std::string_view> lines;
  std::size_t pos = 0;
  while (true) {
    const std::size_t newline = text.find('\n', pos);
    if (newline == std::string_view::npos) {
      lines.insert(text.substr(pos));
      return lines;
    }
    lines.insert(text.substr(pos, newline - pos));
    pos = newline + 1;
  }
}

// kFileDelimiter, or kFileDelimiter_N with the smallest N, that is no line of `contents`.
std::string choose_delimiter(std::string_view contents) {
  const std::set<std::string_view> lines = lines_of(contents);
  std::string candidate(kFileDelimiter);
  for (std::size_t n = 1; lines.contains(candidate); ++n) {
    candidate = std::string(kFileDelimiter) + "_" + std::to_string(n);
  }
  return candidate;
}

// A heredoc that writes `body_text` (already escaped for python_format) to the task dir; the
// name is escaped here. A heredoc always ends its text with a newline: a body that has its own
// final newline is written as it is, any other one (the payload among them) gets the extra newline
// cut off again with truncate (one process more, so only where needed).
std::string write_file(std::string_view name, std::string_view delimiter,
                       std::string_view body_text) {
  const std::string quoted = escape_braces(shell_quote(name));
  std::string text = detail::heredoc_header(quoted, delimiter) + "\n" + std::string(body_text);
  if (body_text.ends_with('\n')) return text + std::string(delimiter) + "\n";
  return text + "\n" + std::string(delimiter) + "\ntruncate -s -1 " +
         std::string(detail::kTaskDirWord) + quoted + "\n";
}

}  // namespace

std::string shell_quote(std::string_view word) {
  std::string out = "'";
  for (const char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string render_shell_command(const ShellCommandSpec& spec) {
  check_file_name(spec.payload_file, "payload file");
  check_file_name(spec.result_file, "result file");
  std::set<std::string_view> names{spec.payload_file};
  for (const ScriptFile& file : spec.files) {
    check_file_name(file.name, "script file");
    if (!names.insert(file.name).second) {
      throw ValueError("file name " + repr_name(file.name) + " is used twice");
    }
    check_text(file.contents, "script file " + repr_name(file.name));
  }
  check_text(spec.run_command, "the run command");
  std::string head = std::string(detail::kScriptHead) +
                     "HOG_TASK_DIR=$(mktemp -d)\n"
                     "export HOG_TASK_DIR\n"
                     "trap 'rm -rf \"$HOG_TASK_DIR\"' EXIT\n";
  for (const ScriptFile& file : spec.files) {
    head += write_file(file.name, choose_delimiter(file.contents), escape_braces(file.contents));
  }
  head += write_file(spec.payload_file, kPayloadDelimiter, "{payload}");
  std::string tail = escape_braces(spec.run_command);
  if (!tail.empty() && !tail.ends_with('\n')) tail += '\n';
  tail += "echo \"" + std::string(kResultDelimiter) + "\"\n";
  tail += "cat " + std::string(detail::kTaskDirWord) +
          escape_braces(shell_quote(spec.result_file)) + "\n";
  return head + tail;
}

std::string render_stdin_command(std::string_view run_command) {
  if (run_command.empty()) throw ValueError("the run command is empty");
  check_text(run_command, "the run command");
  std::string command = std::string(detail::kScriptHead) +
                        std::string(detail::kStdinPayloadHeader) + "\n{payload}\n" +
                        std::string(kPayloadDelimiter) + "\n" + escape_braces(run_command);
  if (!command.ends_with('\n')) command += '\n';
  return command;
}

void check_payload_fits(std::string_view rendered_command, std::string_view payload) {
  const auto body = detail::find_payload_heredoc(rendered_command);
  if (!body || rendered_command.substr(body->begin, body->end - body->begin) != "{payload}") {
    throw ValueError("not a rendered shell command: no payload heredoc holding {payload}");
  }
  if (const std::size_t nul = payload.find('\0'); nul != std::string_view::npos) {
    throw ValueError("the payload contains a NUL byte at offset " + std::to_string(nul) +
                     " (bash drops NUL bytes from heredocs)");
  }
  std::size_t line = 1;
  std::size_t pos = 0;
  while (true) {
    const std::size_t newline = payload.find('\n', pos);
    const std::size_t end = newline == std::string_view::npos ? payload.size() : newline;
    if (payload.substr(pos, end - pos) == body->delimiter) {
      throw ValueError("line " + std::to_string(line) +
                       " of the payload is the heredoc delimiter " + std::string(body->delimiter) +
                       "; the payload cannot be embedded");
    }
    if (newline == std::string_view::npos) return;
    pos = newline + 1;
    ++line;
  }
}

}  // namespace hog::core
