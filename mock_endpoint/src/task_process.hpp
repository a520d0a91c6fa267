// TaskProcess: one task's bash, started through Boost.Process in a process group of its own,
// waited for with a deadline, and then ended as a group: every process still in the group gets
// SIGKILL and is reaped before wait() returns (the destructor does the same if wait() never ran,
// e.g. when an exception passes).
//
// Boost.Process starts the process (through VforkLauncher: vfork, stdio, cwd, environment, exec
// errors); the waiting is
// done here with a pidfd and waitid(WNOWAIT), because the group must be killed while the leader's
// zombie still holds the group id (so the id cannot be reused by an unrelated group). Orphans of
// the task reach this process because it is made a child subreaper (PR_SET_CHILD_SUBREAPER).
// Linux only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "unique_fd.hpp"

namespace hog::mock::detail {

struct LaunchSpec {
  std::filesystem::path bash;
  std::string cmd;  // run as `bash -c cmd`, unless script_file is set
  std::filesystem::path cwd;
  std::vector<std::string> env;  // "NAME=value" entries, the whole environment
  int stdout_fd = -1;
  int stderr_fd = -1;
  // A file holding the command, run as `bash script_file`: for commands over the kernel's limit on
  // one argument (MAX_ARG_STRLEN, 128 KiB), which `bash -c` cannot take.
  std::filesystem::path script_file;
};

struct TaskExit {
  bool timed_out = false;
  int wait_status = 0;  // the leader's status as waitpid reports it
};

class TaskProcess {
 public:
  // Throws ExecutorError naming spec.bash when bash cannot be started.
  explicit TaskProcess(const LaunchSpec& spec);
  TaskProcess(const TaskProcess&) = delete;
  TaskProcess& operator=(const TaskProcess&) = delete;
  ~TaskProcess();

  // Waits for bash to exit, at most `walltime` (nullopt: no limit); then kills and reaps the group.
  // Throws ExecutorError (naming the sandbox) only if the process cannot be watched.
  TaskExit wait(std::optional<std::chrono::milliseconds> walltime);

 private:
  bool wait_for_leader(std::optional<std::chrono::milliseconds> walltime);
  int kill_and_reap_group();

  std::filesystem::path sandbox_;  // named in errors
  pid_t pgid_ = -1;                // the leader's pid, which is also the group id
  UniqueFd pidfd_;
  bool reaped_ = false;
};

}  // namespace hog::mock::detail
