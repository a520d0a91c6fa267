#include "hog/mock/shell_executor.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string_view>

#include "tail_lines.hpp"
#include "task_process.hpp"
#include "task_sandbox.hpp"

namespace hog::mock {
namespace {

// The inherited environment with `overrides` set (later entries win over earlier ones).
std::vector<std::string> task_environment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::vector<std::string> env;
  auto set = [&env](const std::string& name, const std::string& value) {
    std::string prefix = name + "=";
    std::erase_if(env, [&prefix](const std::string& entry) { return entry.starts_with(prefix); });
    env.push_back(prefix + value);
  };
  for (char** entry = environ; *entry != nullptr; ++entry) env.emplace_back(*entry);
  for (const auto& [name, value] : overrides) set(name, value);
  return env;
}

// Python's Popen refuses NUL in arguments and the environment ("embedded null byte"): so does the
// executor, instead of letting exec cut the text short.
void check_no_nul(std::string_view text, const std::string& what) {
  auto at = text.find('\0');
  if (at != std::string_view::npos) {
    throw hog::core::ValueError("embedded null byte in " + what + " at offset " +
                                std::to_string(at));
  }
}

// Commands up to this size run as `bash -c cmd`, as ShellFunction runs them; longer ones (a payload
// embedded in the script) would fail exec with E2BIG, so they go through a file in the sandbox.
constexpr std::size_t kMaxInlineCommandBytes = 100 * 1024;

std::filesystem::path write_command_file(const detail::TaskSandbox& sandbox,
                                         const std::string& cmd) {
  const std::filesystem::path path = sandbox.dir / (sandbox.uuid + ".sh");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(cmd.data(), static_cast<std::streamsize>(cmd.size()));
  out.close();
  if (!out) throw ExecutorError("cannot write the command file " + path.string(), path);
  return path;
}

}  // namespace

std::filesystem::path default_sandbox_root() {
  return std::filesystem::temp_directory_path() / "hogsim-sandboxes";
}

ShellResult run_shell_command(const std::string& cmd, const ShellOptions& options) {
  check_no_nul(cmd, "the command");
  for (const auto& [name, value] : options.extra_env) {
    check_no_nul(name, "an environment variable name");
    check_no_nul(value, "environment variable " + name);
  }
  detail::TaskSandbox sandbox = detail::make_task_sandbox(
      options.sandbox_root.empty() ? default_sandbox_root() : options.sandbox_root);

  auto overrides = options.extra_env;
  overrides.emplace_back("GC_TASK_SANDBOX_DIR", sandbox.dir.string());
  overrides.emplace_back("GC_TASK_UUID", sandbox.uuid);
  detail::LaunchSpec spec{options.bash,
                          cmd,
                          sandbox.dir,
                          task_environment(overrides),
                          sandbox.stdout_fd.get(),
                          sandbox.stderr_fd.get(),
                          {}};
  if (cmd.size() > kMaxInlineCommandBytes) spec.script_file = write_command_file(sandbox, cmd);
  detail::TaskExit exit = detail::TaskProcess(spec).wait(options.walltime);

  ShellResult result;
  result.cmd = cmd;
  result.stdout_text =
      detail::tail_lines(sandbox.stdout_fd.get(), sandbox.stdout_path, options.snippet_lines);
  result.stderr_text =
      detail::tail_lines(sandbox.stderr_fd.get(), sandbox.stderr_path, options.snippet_lines);
  if (exit.timed_out) {
    // As the `timeout` command (and Globus Compute) report it.
    result.returncode = 124;
    result.exception_name = "subprocess.TimeoutExpired";
    return result;
  }
  result.returncode =
      WIFSIGNALED(exit.wait_status) ? -WTERMSIG(exit.wait_status) : WEXITSTATUS(exit.wait_status);
  if (result.returncode != 0) result.exception_name = "subprocess.CalledProcessError";
  return result;
}

}  // namespace hog::mock
