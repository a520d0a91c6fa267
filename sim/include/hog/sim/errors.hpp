// The errors a client call raises, named as Groundhog names them.
//
// - LocalExecutionError: the script of a .local() call exited non-zero (the function raised, the
//   walltime ran out, the runner could not start). It carries what the executor returned: the
//   exception name ("subprocess.CalledProcessError" or "subprocess.TimeoutExpired"), the return
//   code, the captured stdout and stderr (their last snippet lines) and the command with its
//   payload shortened. The message names the exception, the return code and the last stderr line
//   (the function's own exception as the runner printed it).
// - PayloadTooLargeError and DeserializationError come from hog/core/errors.hpp unchanged.
#pragma once

#include <string>

#include "hog/core/errors.hpp"

namespace hog::sim {

class LocalExecutionError : public core::Error {
 public:
  LocalExecutionError(const std::string& message, std::string exception_name, int returncode,
                      std::string stdout_text, std::string stderr_text, std::string cmd)
      : core::Error("LocalExecutionError", message),
        exception_name_(std::move(exception_name)),
        returncode_(returncode),
        stdout_(std::move(stdout_text)),
        stderr_(std::move(stderr_text)),
        cmd_(std::move(cmd)) {}

  const std::string& exception_name() const { return exception_name_; }
  int returncode() const { return returncode_; }
  const std::string& stdout_text() const { return stdout_; }
  const std::string& stderr_text() const { return stderr_; }
  // The command that ran, its payload heredoc truncated (core's truncate_payload_in_cmd).
  const std::string& cmd() const { return cmd_; }

 private:
  std::string exception_name_;
  int returncode_;
  std::string stdout_;
  std::string stderr_;
  std::string cmd_;
};

}  // namespace hog::sim
