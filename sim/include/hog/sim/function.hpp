// hog::sim::Function: a function a user calls the Groundhog way, here through .local().
//
// Contract:
// - A Function names either a function registered in a C++ runner binary (Function::cpp) or a
//   function in a Groundhog-style Python script (Function::python: the script is read once, at
//   construction; the Python runner from runner/python/runner.py runs it with `python`).
// - command() is the rendered bash script with its one {payload} placeholder; it is rendered once
//   and serves every call. A C++ runner gets core's stdin shape (render_stdin_command: the payload
//   heredoc, then `exec RUNNER --function NAME --in - --out -`, so a call starts bash and the
//   runner and nothing else); a Python script gets Groundhog's shape (render_shell_command).
// - local(args, kwargs) does what Groundhog's .local() does: pickles (args, kwargs) at protocol 5;
//   when the pickle is larger than proxy_threshold_bytes (default 1 MiB, Groundhog's 1 MB), writes
//   it to the Function's proxy store and sends a proxy reference instead (so .local() has no size
//   limit); formats the command with the payload; runs it with the ShellFunction executor
//   (mock_endpoint) in a sandbox directory that is removed afterwards (TMPDIR points into it, so
//   the script's task directory and the function's temp files go with it, even after a walltime
//   kill); then
//   - exit status non-zero: LocalExecutionError (exception name, return code, stdout, stderr,
//     the truncated command);
//   - stdout that does not end in a readable result payload: core's DeserializationError, which
//     keeps the user's output;
//   - else the result value and the user's output (stdout before __GROUNDHOG_RESULT__).
// - Copies share one proxy store, removed when the last copy goes. Calls on one Function may run
//   from several threads at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "hog/core/value.hpp"

namespace hog::sim {

class ProxyStore;

struct LocalOptions {
  std::optional<std::chrono::milliseconds> walltime;  // nullopt: no limit
  std::size_t proxy_threshold_bytes = std::size_t{1} << 20;
  std::size_t snippet_lines = 1000;
};

struct CallResult {
  core::Value value;
  std::string user_output;  // the function's stdout (empty when it printed nothing)
};

class Function {
 public:
  static Function cpp(const std::filesystem::path& runner_binary, std::string name);
  static Function python(const std::filesystem::path& script, std::string name,
                         std::string python = "python3");

  const std::string& name() const { return name_; }
  const std::string& command() const { return command_; }
  // Where large arguments go: empty until a call needed the store.
  std::filesystem::path proxy_store_directory() const;

  CallResult local(const core::Value& args, const core::Value& kwargs = core::Value::dict(),
                   const LocalOptions& options = {}) const;

 private:
  Function(std::string name, std::string command);

  std::string name_;
  std::string command_;
  std::shared_ptr<ProxyStore> store_;
};

}  // namespace hog::sim
