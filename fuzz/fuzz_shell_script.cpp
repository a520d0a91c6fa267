// Fuzz target: render_shell_command with arbitrary file contents, render_stdin_command with an
// arbitrary run command, and truncate_payload_in_cmd on both shapes.
//
// The input is split at its first two 0xff bytes into a user script, a runner text (also the
// stdin shape's run command) and a payload (NUL bytes are dropped). Properties:
// render_shell_command fails (with a hog::core::Error) exactly when a content is not UTF-8,
// render_stdin_command exactly when the run command is empty or not UTF-8; a rendered command
// formats with only the payload field (every other brace is escaped) and contains the payload once
// formatted; an envelope-like payload (one line) always fits; truncating the formatted command
// leaves it unchanged when the limit is above the payload size and never makes it longer than the
// original plus the marker text.
#include <string>

#include "fuzz_support.hpp"
#include "hog/core/python_format.hpp"
#include "hog/core/shell_script.hpp"
#include "hog/core/utf8.hpp"

namespace {

void check_payload_round(const std::string& rendered, const std::string& payload) {
  namespace core = hog::core;
  core::check_payload_fits(rendered, payload);
  const std::string cmd = core::python_format(rendered, {{"payload", payload}});
  if (cmd.find(payload) == std::string::npos) hog::fuzz::fail("payload in command", payload, cmd);

  const std::string same = core::truncate_payload_in_cmd(cmd, payload.size() + 1);
  if (same != cmd) hog::fuzz::fail("truncation under the limit is the identity", cmd, same);
  const std::string shortened = core::truncate_payload_in_cmd(cmd, 4);
  if (shortened.size() > cmd.size() + 64) {
    hog::fuzz::fail("truncation does not grow the command", cmd, shortened);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace core = hog::core;
  std::string parts[3];
  int part = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const char c = static_cast<char>(data[i]);
    if (data[i] == 0xff && part < 2) {
      ++part;
    } else if (c != '\0') {
      parts[part] += c;
    }
  }
  core::ShellCommandSpec spec;
  spec.files.push_back({"user_script.py", parts[0]});
  spec.files.push_back({"runner.py", parts[1]});
  spec.run_command = "python3 \"$HOG_TASK_DIR/runner.py\"";
  const bool utf8 =
      !core::find_utf8_error(parts[0], false) && !core::find_utf8_error(parts[1], false);
  const auto rendered_or = hog::fuzz::attempt([&] { return core::render_shell_command(spec); });
  if (rendered_or.has_value() != utf8) {
    hog::fuzz::fail("render rejects exactly non-UTF-8 contents", parts[0] + "\xff" + parts[1],
                    rendered_or ? "rendered" : "rejected");
  }
  // An envelope-like payload: one line of printable ASCII after the marker.
  std::string payload = "__PICKLE__:";
  for (const char c : parts[2])
    payload += static_cast<char>(0x20 + (static_cast<unsigned char>(c) % 0x5f));
  if (rendered_or) check_payload_round(*rendered_or, payload);

  const bool usable_run_command = !parts[1].empty() && !core::find_utf8_error(parts[1], false);
  const auto stdin_or = hog::fuzz::attempt([&] { return core::render_stdin_command(parts[1]); });
  if (stdin_or.has_value() != usable_run_command) {
    hog::fuzz::fail("render_stdin_command rejects exactly an empty or non-UTF-8 run command",
                    parts[1], stdin_or ? "rendered" : "rejected");
  }
  if (stdin_or) check_payload_round(*stdin_or, payload);
  return 0;
}
