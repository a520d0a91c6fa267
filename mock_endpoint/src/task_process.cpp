#include "task_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/optional.hpp>  // Process v2 of Boost 1.81 uses it with std::filesystem, unincluded
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/start_dir.hpp>
#include <boost/process/v2/stdio.hpp>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

#include "hog/mock/errors.hpp"
#include "vfork_launcher.hpp"

namespace hog::mock::detail {
namespace {

namespace bp = boost::process::v2;
using Clock = std::chrono::steady_clock;

// How long reaping may wait for processes of the group that are not (yet) this process's
// children; only a process that escaped the subreaper (another subreaper below us) takes this long.
constexpr auto kReapPatience = std::chrono::seconds(5);

// Closes every descriptor from 3 up that is not in `keep` (the launcher's whitelist), without
// allocating: this runs between vfork and exec. (Boost 1.81's own close_all would allocate, and
// leaves descriptors open: its range loop compares each entry with itself.)
void close_descriptors_except(const std::vector<int>& keep) {
  unsigned int low = 3;
  for (;;) {
    unsigned int next_kept = ~0U;
    for (int fd : keep) {
      if (fd >= 0 && static_cast<unsigned int>(fd) >= low) {
        next_kept = std::min(next_kept, static_cast<unsigned int>(fd));
      }
    }
    if (next_kept == ~0U) {
      ::syscall(SYS_close_range, low, ~0U, 0);
      return;
    }
    if (next_kept > low) ::syscall(SYS_close_range, low, next_kept - 1, 0);
    low = next_kept + 1;
  }
}

// Boost.Process initializer, given last: the environment in the parent; in the child before exec
// (after stdio is in place) its own process group, no descriptors but stdio, and the signal state
// a fresh program expects (nothing blocked, SIGPIPE and SIGXFSZ default, as Python's Popen does).
struct TaskSetup {
  const char* const* envp;

  bp::error_code on_setup(bp::posix::default_launcher& launcher, const std::filesystem::path&,
                          const char* const*) {
    launcher.env = envp;
    return {};
  }
  bp::error_code on_exec_setup(bp::posix::default_launcher& launcher, const std::filesystem::path&,
                               const char* const*) {
    if (::setpgid(0, 0) != 0) return {errno, bp::system_category()};
    close_descriptors_except(launcher.fd_whitelist);
    ::signal(SIGPIPE, SIG_DFL);
    ::signal(SIGXFSZ, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    return {};
  }
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

}  // namespace

TaskProcess::TaskProcess(const LaunchSpec& spec) : sandbox_(spec.cwd) {
  if (::access(spec.bash.c_str(), X_OK) != 0) {
    cannot_start(spec.bash, std::string(std::strerror(errno)) + " (bash must be an executable)");
  }
  become_subreaper();

  std::vector<const char*> envp;
  for (const auto& entry : spec.env) envp.push_back(entry.c_str());
  envp.push_back(nullptr);
  UniqueFd dev_null(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!dev_null.valid()) cannot_start(spec.bash, std::string("/dev/null: ") + std::strerror(errno));

  boost::asio::io_context context;
  VforkLauncher launcher;
  bp::error_code error;
  std::vector<std::string> args = spec.script_file.empty()
                                      ? std::vector<std::string>{"-c", spec.cmd}
                                      : std::vector<std::string>{spec.script_file.string()};
  auto process = launcher(context.get_executor(), error, spec.bash, args,
                          bp::process_stdio{dev_null.get(), spec.stdout_fd, spec.stderr_fd},
                          bp::process_start_dir{spec.cwd}, TaskSetup{envp.data()});
  if (error) cannot_start(spec.bash, error.message());  // the launcher reaped a failed child
  pgid_ = process.id();
  process.detach();  // the waiting is ours (see the header)
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
