// TaskProcess (see task_process.hpp): bash launched with posix_spawn, waited for with a pidfd,
// then its whole process group killed and reaped.
#include "task_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

#include "hog/mock/errors.hpp"

namespace hog::mock::detail {
namespace {

using Clock = std::chrono::steady_clock;

// How long reaping may wait for processes of the group that are not (yet) this process's
// children; only a process that escaped the subreaper (another subreaper below us) takes this long.
constexpr auto kReapPatience = std::chrono::seconds(5);

// posix_spawn's attributes and file actions, released with the object.
struct SpawnSetup {
  SpawnSetup() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&actions);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
};

void become_subreaper() {
  static const bool done = [] {
    ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    return true;
  }();
  (void)done;
}

[[noreturn]] void cannot_start(const std::filesystem::path& bash, const std::string& why) {
  throw ExecutorError("cannot start " + bash.string() + ": " + why, bash);
}

// What the child gets before exec: its own process group; stdin /dev/null, stdout and stderr the
// stream files, nothing else open; cwd the sandbox; the signal state a fresh program expects
// (nothing blocked; SIGPIPE and SIGXFSZ default, as Python's Popen does; posix_spawn itself resets
// every signal the caller catches).
void configure(SpawnSetup& setup, const LaunchSpec& spec) {
  const auto need = [&spec](int error) {
    if (error != 0) cannot_start(spec.bash, std::string("posix_spawn: ") + std::strerror(error));
  };
  sigset_t signals;
  sigemptyset(&signals);
  need(posix_spawnattr_setsigmask(&setup.attr, &signals));
  sigaddset(&signals, SIGPIPE);
  sigaddset(&signals, SIGXFSZ);
  need(posix_spawnattr_setsigdefault(&setup.attr, &signals));
  need(posix_spawnattr_setpgroup(&setup.attr, 0));
  need(posix_spawnattr_setflags(
      &setup.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
  posix_spawn_file_actions_t* actions = &setup.actions;
  need(posix_spawn_file_actions_addopen(actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0));
  need(posix_spawn_file_actions_adddup2(actions, spec.stdout_fd, STDOUT_FILENO));
  need(posix_spawn_file_actions_adddup2(actions, spec.stderr_fd, STDERR_FILENO));
  need(posix_spawn_file_actions_addclosefrom_np(actions, STDERR_FILENO + 1));
  need(posix_spawn_file_actions_addchdir_np(actions, spec.cwd.c_str()));
}

}  // namespace

TaskProcess::TaskProcess(const LaunchSpec& spec) : sandbox_(spec.cwd) {
  if (::access(spec.bash.c_str(), X_OK) != 0) {
    cannot_start(spec.bash, std::string(std::strerror(errno)) + " (bash must be an executable)");
  }
  become_subreaper();

  std::vector<const char*> envp;
  for (const auto& entry : spec.env) envp.push_back(entry.c_str());
  envp.push_back(nullptr);
  const std::string script = spec.script_file.string();
  std::vector<const char*> argv{spec.bash.c_str()};
  if (script.empty()) {
    argv.push_back("-c");
    argv.push_back(spec.cmd.c_str());
  } else {
    argv.push_back(script.c_str());
  }
  argv.push_back(nullptr);

  SpawnSetup setup;
  configure(setup, spec);
  pid_t pid = -1;
  const int error =
      ::posix_spawn(&pid, spec.bash.c_str(), &setup.actions, &setup.attr,
                    const_cast<char* const*>(argv.data()), const_cast<char* const*>(envp.data()));
  if (error != 0) cannot_start(spec.bash, std::strerror(error));
  pgid_ = pid;
  pidfd_ = UniqueFd(static_cast<int>(::syscall(SYS_pidfd_open, pgid_, 0)));
  if (!pidfd_.valid()) {
    std::string why = std::strerror(errno);
    kill_and_reap_group();
    cannot_start(spec.bash, "pidfd_open: " + why);
  }
}

TaskProcess::~TaskProcess() {
  if (pgid_ > 0 && !reaped_) kill_and_reap_group();
}

TaskExit TaskProcess::wait(std::optional<std::chrono::milliseconds> walltime) {
  TaskExit result;
  result.timed_out = !wait_for_leader(walltime);
  result.wait_status = kill_and_reap_group();
  return result;
}

bool TaskProcess::wait_for_leader(std::optional<std::chrono::milliseconds> walltime) {
  auto deadline = Clock::now() + walltime.value_or(std::chrono::milliseconds(0));
  for (;;) {
    int timeout = -1;
    if (walltime) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return false;
      timeout = static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count(), 1 << 30));
    }
    pollfd watch{pidfd_.get(), POLLIN, 0};
    int ready = ::poll(&watch, 1, timeout);
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) {
      // The destructor kills and reaps the group as the error leaves.
      throw ExecutorError(
          "cannot wait for the task in " + sandbox_.string() + ": " + std::strerror(errno),
          sandbox_);
    }
  }
}

int TaskProcess::kill_and_reap_group() {
  reaped_ = true;
  ::kill(-pgid_, SIGKILL);
  // Let the leader die without reaping it: while its zombie exists the group id stays taken.
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pgid_), &info, WEXITED | WNOWAIT) != 0 &&
         errno == EINTR) {
  }
  int leader_status = 0;
  auto give_up = Clock::now() + kReapPatience;
  for (;;) {
    ::kill(-pgid_, SIGKILL);  // again: members forked since the last kill
    int status = 0;
    pid_t reaped = ::waitpid(-pgid_, &status, 0);
    if (reaped == pgid_) leader_status = status;
    if (reaped > 0 || errno == EINTR) continue;
    // No child of ours is left in the group; members may still be on their way to us (their
    // parent is dying and they are being reparented).
    if ((::kill(-pgid_, 0) != 0 && errno == ESRCH) || Clock::now() > give_up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return leader_status;
}

}  // namespace hog::mock::detail
