// The ShellFunction executor: runs one formatted command under bash the way Globus Compute's
// ShellFunction does on an endpoint, and returns its ShellResult.
//
// Contract:
// - Each call makes a fresh sandbox <sandbox_root>/<uuid>/ (uuid: random version-4 text), runs
//   `bash -c cmd` there (cwd = the sandbox; GC_TASK_SANDBOX_DIR = the sandbox path and
//   GC_TASK_UUID = uuid are added to the inherited environment, after extra_env, so they win; stdin
//   is /dev/null) with stdout and stderr in the files <uuid>.stdout and <uuid>.stderr there.
//   A command over 100 KiB (a large payload embedded in it) is written to <uuid>.sh there and run
//   as `bash <uuid>.sh` instead, since one exec argument is limited to 128 KiB.
//   The sandbox is kept after the call, as Globus Compute keeps it: the caller cleans sandbox_root.
// - The task runs in its own process group. On walltime the whole group gets SIGKILL and the result
//   is returncode 124, exception_name "subprocess.TimeoutExpired". When bash exits by itself,
//   whatever it left running in its group is killed too. Either way every process of the group is
//   reaped before the call returns, so no zombie or orphan of the task outlives it. For that the
//   calling process makes itself a child subreaper (Linux PR_SET_CHILD_SUBREAPER, kept for the
//   life of the process): orphans of the task are reparented to it instead of to init. A process
//   that leaves the group (setsid, setpgid) is beyond the executor's reach (and, if it outlives its
//   parent, ends as an unreaped child of the calling process).
// - The task inherits no descriptor of the caller except its stdin, stdout and stderr.
// - returncode is bash's exit code; killed by signal S it is -S (Python's convention). Non-zero
//   gives exception_name "subprocess.CalledProcessError"; zero gives "".
// - stdout_text / stderr_text hold the last snippet_lines lines of each file, bytes as written (no
//   decoding, no newline translation). A line ends after each '\n'; a final piece without '\n'
//   is a line too. N = 0 or an empty stream gives "" (Globus Compute's readlines()[-0:] would
//   return everything; the executor never does, since memory must stay bounded). The files are
//   read backwards in blocks: memory is bounded by the snippet, not by the output size — but a
//   single huge line is kept whole.
// - Throws ExecutorError (naming the path) when bash is missing or not executable, when the
//   sandbox or a stream file cannot be created, or a stream file cannot be read — never a
//   half-filled ShellResult. The task's processes are reaped before the error leaves. A NUL byte
//   in cmd or extra_env throws hog::core::ValueError ("embedded null byte", as Python's Popen).
// - Thread-safe: concurrent calls share nothing but the subreaper setting. Linux only (pidfd).
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hog/mock/errors.hpp"

namespace hog::mock {

// As globus_compute_sdk's ShellResult.
struct ShellResult {
  std::string cmd;             // the command that ran
  std::string stdout_text;     // last snippet_lines lines of stdout
  std::string stderr_text;     // last snippet_lines lines of stderr
  int returncode = 0;          // 124 on walltime; -S when killed by signal S
  std::string exception_name;  // "", "subprocess.CalledProcessError" or "subprocess.TimeoutExpired"
};

struct ShellOptions {
  std::optional<std::chrono::milliseconds> walltime;  // nullopt: no limit
  std::size_t snippet_lines = 1000;
  std::filesystem::path sandbox_root;  // empty: default_sandbox_root()
  std::filesystem::path bash = "/bin/bash";
  std::vector<std::pair<std::string, std::string>> extra_env;  // added to the inherited env
};

// <temp_directory_path>/hogsim-sandboxes: where sandboxes go when ShellOptions leaves it empty.
std::filesystem::path default_sandbox_root();

ShellResult run_shell_command(const std::string& cmd, const ShellOptions& options = {});

}  // namespace hog::mock
