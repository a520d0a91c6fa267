// Function: rendering a runner's script and running calls through it (see hog/sim/function.hpp).
#include "hog/sim/function.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "hog/core/base64.hpp"
#include "hog/core/envelope.hpp"
#include "hog/core/pickle.hpp"
#include "hog/core/proxy_ref.hpp"
#include "hog/core/python_format.hpp"
#include "hog/core/shell_script.hpp"
#include "hog/mock/shell_executor.hpp"
#include "hog/runner/python_runner.hpp"
#include "hog/sim/errors.hpp"
#include "hog/sim/proxy_store.hpp"
#include "local_sandbox.hpp"

namespace hog::sim {
namespace {

constexpr std::size_t kCommandShownChars = 200;

std::string read_script(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw std::runtime_error("the script " + path.string() + " is not a readable file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the script " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

// The payload for one call: the envelope of (args, kwargs), or of a proxy reference to it.
std::string call_payload(const core::Value& args, const core::Value& kwargs, std::size_t threshold,
                         ProxyStore& store) {
  const std::string pickle = core::pickle::encode(core::make_call_payload(args, kwargs));
  if (pickle.size() <= threshold) return core::base64::encode(pickle, core::kPickleMarker);
  return core::serialize(core::make_proxy_ref(store.put(pickle)));
}

std::string last_line(std::string_view text) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  const auto newline = text.rfind('\n');
  return std::string(newline == std::string_view::npos ? text : text.substr(newline + 1));
}

[[noreturn]] void throw_execution_error(const mock::ShellResult& result) {
  std::string message =
      result.exception_name + " (return code " + std::to_string(result.returncode) + ")";
  const std::string reason = last_line(result.stderr_text);
  if (!reason.empty()) message += ": " + reason;
  throw LocalExecutionError(message, result.exception_name, result.returncode, result.stdout_text,
                            result.stderr_text,
                            core::truncate_payload_in_cmd(result.cmd, kCommandShownChars));
}

}  // namespace

Function::Function(std::string name, std::string command)
    : name_(std::move(name)),
      command_(std::move(command)),
      store_(std::make_shared<ProxyStore>()) {}

Function Function::cpp(const std::filesystem::path& runner_binary, std::string name) {
  // The fast shape: bash execs the runner, which reads the payload on stdin and prints the result.
  std::string command = core::render_stdin_command(
      "exec " + core::shell_quote(std::filesystem::absolute(runner_binary).string()) +
      " --function " + core::shell_quote(name) + " --in - --out -");
  return Function(std::move(name), std::move(command));
}

Function Function::python(const std::filesystem::path& script, std::string name,
                          std::string python) {
  core::ShellCommandSpec spec;
  const std::string script_name = script.filename().string();
  spec.files.push_back({script_name, read_script(script)});
  spec.files.push_back({"runner.py", std::string(runner::python_runner_source())});
  spec.run_command = core::shell_quote(python) + " \"$HOG_TASK_DIR/runner.py\" \"$HOG_TASK_DIR/\"" +
                     core::shell_quote(script_name) + " " + core::shell_quote(name) +
                     " \"$HOG_TASK_DIR/" + spec.payload_file + "\" \"$HOG_TASK_DIR/" +
                     spec.result_file + "\"";
  std::string command = core::render_shell_command(spec);
  return Function(std::move(name), std::move(command));
}

std::filesystem::path Function::proxy_store_directory() const {
  return store_->directory();
}

CallResult Function::local(const core::Value& args, const core::Value& kwargs,
                           const LocalOptions& options) const {
  const std::string payload = call_payload(args, kwargs, options.proxy_threshold_bytes, *store_);
  core::check_payload_fits(command_, payload);
  const std::string cmd = core::python_format(command_, {{"payload", payload}});
  const detail::LocalSandbox sandbox;
  mock::ShellOptions shell;
  shell.walltime = options.walltime;
  shell.snippet_lines = options.snippet_lines;
  shell.sandbox_root = sandbox.path();
  // The script's mktemp -d task directory goes inside the sandbox too, so that it is removed with
  // it even when the walltime's SIGKILL leaves the script no time for its EXIT trap.
  shell.extra_env = {{"TMPDIR", sandbox.path().string()}};
  const mock::ShellResult result = mock::run_shell_command(cmd, shell);
  if (result.returncode != 0) throw_execution_error(result);
  core::StdoutResult output = core::deserialize_stdout(result.stdout_text);
  return CallResult{std::move(output.value), output.user_output.value_or("")};
}

}  // namespace hog::sim
