// A Boost.Process v2 launcher that starts the child with vfork instead of fork.
//
// Why: fork copies the caller's page tables and makes every page it touches afterwards a
// copy-on-write fault; on this kind of VM that is about 1 ms for a small caller and grows with
// the caller's memory (a caller holding 100 MB pays about 7 ms per task). vfork shares the memory
// until the child's execve, as CPython's subprocess does where it can. Boost 1.81's own
// vfork_launcher calls exit() (atexit handlers, stdio flushing: in the caller's memory) when the
// exec fails and re-initialises the io_context in the child; this one does neither.
//
// Contract: the same launcher interface and initializer hooks as bp::posix::default_launcher
// (on_setup, on_error and on_success in the caller; on_exec_setup in the child), so the stdio,
// start-dir and caller initializers work unchanged. Signals are blocked in the caller across the
// vfork; the child resets every caught signal to its default action, restores the caller's mask
// and runs only the initializers' on_exec_setup hooks, which must make system calls only (no
// allocation, no locks, no exceptions). Boost's own close-all is not run (it allocates): the
// initializers close descriptors themselves. When a hook or the execve fails, the child records the
// error number in the caller's memory and leaves with _exit(127); the caller reaps it and returns
// that error.
#pragma once

#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process/v2/process.hpp>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <utility>

namespace hog::mock::detail {

struct VforkLauncher : boost::process::v2::posix::default_launcher {
  template <typename Executor, typename Args, typename... Inits>
  boost::process::v2::basic_process<Executor> operator()(Executor exec,
                                                         boost::process::v2::error_code& ec,
                                                         const std::filesystem::path& executable,
                                                         Args&& args, Inits&&... inits) {
    namespace bp = boost::process::v2;
    namespace hooks = boost::process::v2::posix::detail;  // runs each initializer's hook
    const char* const* argv = this->build_argv_(executable, std::forward<Args>(args));
    ec = hooks::on_setup(*this, executable, argv, inits...);
    if (ec) {
      hooks::on_error(*this, executable, argv, ec, inits...);
      return bp::basic_process<Executor>(exec);
    }
    // Signals stay blocked across vfork, so no handler of the caller's runs in the child while it
    // shares the caller's memory; the child drops the handlers before it restores the mask.
    sigset_t all;
    sigset_t caller_mask;
    ::sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &caller_mask);
    // Written by the child only, read by the caller once the child has exec'd or exited.
    volatile int child_errno = 0;
    pid = ::vfork();
    if (pid == 0) {
      drop_signal_handlers();
      ::sigprocmask(SIG_SETMASK, &caller_mask, nullptr);
      const bp::error_code setup = hooks::on_exec_setup(*this, executable, argv, inits...);
      if (!setup) {
        ::execve(executable.c_str(), const_cast<char* const*>(argv), const_cast<char* const*>(env));
      }
      child_errno = setup ? setup.value() : errno;
      ::_exit(127);
    }
    const int vfork_errno = errno;
    ::pthread_sigmask(SIG_SETMASK, &caller_mask, nullptr);
    if (pid == -1) {
      ec.assign(vfork_errno, bp::system_category());
    } else if (child_errno != 0) {
      ec.assign(child_errno, bp::system_category());
      while (::waitpid(pid, nullptr, 0) == -1 && errno == EINTR) {
      }
      pid = -1;
    }
    if (ec) {
      hooks::on_error(*this, executable, argv, ec, inits...);
      return bp::basic_process<Executor>(exec);
    }
    bp::basic_process<Executor> process(exec, pid);
    hooks::on_success(*this, executable, argv, ec, inits...);
    return process;
  }

 private:
  // In the child: every signal the caller catches goes back to its default action (a handler
  // would run in the caller's memory); ignored signals stay ignored, as exec keeps them.
  static void drop_signal_handlers() {
    for (int signal = 1; signal < NSIG; ++signal) {
      struct sigaction current {};
      if (::sigaction(signal, nullptr, &current) != 0) continue;
      const bool caught = (current.sa_flags & SA_SIGINFO) != 0 ||
                          (current.sa_handler != SIG_DFL && current.sa_handler != SIG_IGN);
      if (!caught) continue;
      struct sigaction reset {};
      reset.sa_handler = SIG_DFL;
      ::sigaction(signal, &reset, nullptr);
    }
  }
};

}  // namespace hog::mock::detail
