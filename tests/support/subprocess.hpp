// Runs a command for a test: argv (no shell interpretation), bytes on stdin, stdout, stderr and the
// exit code back. Blocking; files in a private temporary directory carry the streams, so outputs of
// any size work.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hog::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when the process did not exit normally
  std::string out;
  std::string err;
};

ProcessResult run_command(const std::vector<std::string>& argv, std::string_view input = {});

// Runs the hogsim command built with the tests (HOG_CLI_PATH) with `args`.
inline ProcessResult hogsim(std::vector<std::string> args, std::string_view input = {}) {
  args.insert(args.begin(), HOG_CLI_PATH);
  return run_command(args, input);
}

}  // namespace hog::test
