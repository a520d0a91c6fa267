// run_shell_command against bash itself: results, sandbox and environment, walltime killing the
// whole process group, no zombies or orphans left behind, snippets, huge output, executor errors.
#include "hog/mock/shell_executor.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <rapidcheck/detail/Configuration.h>
#include <rapidcheck/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace hog::mock {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<pid_t> read_pids(const fs::path& path) {
  std::ifstream in(path);
  std::vector<pid_t> pids;
  for (pid_t pid = 0; in >> pid;) pids.push_back(pid);
  return pids;
}

bool process_exists(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno != ESRCH;
}

// Children of this test process that are zombies (exited, never reaped).
std::vector<pid_t> zombie_children() {
  std::vector<pid_t> zombies;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string stat = read_text(entry.path() / "stat");
    auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(stat.substr(close + 2));
    char state = 0;
    pid_t parent = 0;
    fields >> state >> parent;
    if (state == 'Z' && parent == ::getpid()) zombies.push_back(std::stoi(entry.path().filename()));
  }
  return zombies;
}

// xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx: lowercase hex, version 4, V one of 8 9 a b (RFC 4122).
bool is_uuid4_text(const std::string& text) {
  if (text.size() != 36 || text[14] != '4' ||
      std::string("89ab").find(text[19]) == std::string::npos) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (text[i] == '-')) return false;
    if (!dash && std::string("0123456789abcdef").find(text[i]) == std::string::npos) return false;
  }
  return true;
}

class ShellExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "hog-mock-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    options_.sandbox_root = root_;
  }
  void TearDown() override { fs::remove_all(root_); }

  // The only task directory under the root (each test that calls this runs one task).
  fs::path only_sandbox() const {
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(root_)) dirs.push_back(entry.path());
    EXPECT_EQ(dirs.size(), 1u);
    return dirs.empty() ? fs::path() : dirs.front();
  }

  fs::path root_;
  ShellOptions options_;
};

TEST_F(ShellExecutorTest, EchoGivesBothStreamsAndExitZero) {
  auto result = run_shell_command("echo hello; echo oops >&2", options_);
  EXPECT_EQ(result.cmd, "echo hello; echo oops >&2");
  EXPECT_EQ(result.stdout_text, "hello\n");
  EXPECT_EQ(result.stderr_text, "oops\n");
  EXPECT_EQ(result.returncode, 0);
  EXPECT_EQ(result.exception_name, "");
}

// One exec argument is limited to 128 KiB: a command with a multi-MB payload inside must still run.
TEST_F(ShellExecutorTest, ACommandLargerThanOneExecArgumentStillRuns) {
  const std::string word(3 * 1000 * 1000, 'p');
  const std::string cmd = "payload='" + word + "'; echo \"${#payload}\" \"$1\"";
  auto result = run_shell_command(cmd, options_);
  EXPECT_EQ(result.returncode, 0) << result.stderr_text;
  EXPECT_EQ(result.stdout_text, "3000000 \n");
  EXPECT_EQ(result.cmd, cmd);
}

TEST_F(ShellExecutorTest, NonZeroExitIsCalledProcessError) {
  auto result = run_shell_command("echo partial; exit 3", options_);
  EXPECT_EQ(result.returncode, 3);
  EXPECT_EQ(result.exception_name, "subprocess.CalledProcessError");
  EXPECT_EQ(result.stdout_text, "partial\n");
}

TEST_F(ShellExecutorTest, KilledBySignalGivesMinusTheSignal) {
  auto result = run_shell_command("kill -TERM $$", options_);
  EXPECT_EQ(result.returncode, -SIGTERM);
  EXPECT_EQ(result.exception_name, "subprocess.CalledProcessError");
}

TEST_F(ShellExecutorTest, RunsInItsSandboxWithTheTaskEnvironment) {
  options_.extra_env = {
      {"HOG_EXTRA", "x y"}, {"HOME", "replaced"}, {"GC_TASK_UUID", "overridden by the executor"}};
  auto result = run_shell_command(
      "printf '%s\\n' \"$PWD\" \"$GC_TASK_SANDBOX_DIR\" \"$GC_TASK_UUID\" \"$HOG_EXTRA\" \"$HOME\" "
      "\"${PATH:+inherited}\"; cat",
      options_);
  fs::path sandbox = only_sandbox();
  std::string uuid = sandbox.filename().string();
  EXPECT_EQ(result.stdout_text, sandbox.string() + "\n" + sandbox.string() + "\n" + uuid +
                                    "\nx y\nreplaced\ninherited\n");  // `cat` read an empty stdin
  EXPECT_TRUE(is_uuid4_text(uuid)) << uuid;
  // The streams are files in the sandbox, kept after the call.
  EXPECT_EQ(read_text(sandbox / (uuid + ".stdout")), result.stdout_text);
  EXPECT_TRUE(fs::exists(sandbox / (uuid + ".stderr")));
}

TEST_F(ShellExecutorTest, EachTaskGetsAFreshSandbox) {
  auto first = run_shell_command("echo $GC_TASK_UUID", options_);
  auto second = run_shell_command("echo $GC_TASK_UUID", options_);
  EXPECT_NE(first.stdout_text, second.stdout_text);
  EXPECT_EQ(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 2);
}

TEST_F(ShellExecutorTest, WalltimeKillsTheWholeGroupIncludingGrandchildren) {
  // A child, a grandchild (under a second bash) and that bash; the script waits until all three
  // pids are written, then blocks.
  options_.walltime = milliseconds(1000);
  auto result = run_shell_command(
      "echo started; sleep 30 & echo $! >> pids; "
      "bash -c 'sleep 30 & echo $! >> pids; wait' & echo $! >> pids; "
      "until [ \"$(wc -l < pids)\" -ge 3 ]; do sleep 0.01; done; sleep 30; wait",
      options_);
  EXPECT_EQ(result.returncode, 124);
  EXPECT_EQ(result.exception_name, "subprocess.TimeoutExpired");
  EXPECT_EQ(result.stdout_text, "started\n");
  auto pids = read_pids(only_sandbox() / "pids");
  ASSERT_EQ(pids.size(), 3u) << "the script did not start its children within the walltime";
  for (pid_t pid : pids) EXPECT_FALSE(process_exists(pid)) << "pid " << pid << " survived";
  EXPECT_EQ(zombie_children(), std::vector<pid_t>{});
}

TEST_F(ShellExecutorTest, BackgroundChildrenLeftAfterANormalExitAreKilledAndReaped) {
  // One background child of bash, and one orphan (its subshell parent exits at once).
  auto result = run_shell_command(
      "sleep 30 & echo $! >> pids; (sleep 30 & echo $! >> pids); echo done", options_);
  EXPECT_EQ(result.returncode, 0);
  EXPECT_EQ(result.exception_name, "");
  EXPECT_EQ(result.stdout_text, "done\n");
  auto pids = read_pids(only_sandbox() / "pids");
  ASSERT_EQ(pids.size(), 2u);
  for (pid_t pid : pids) EXPECT_FALSE(process_exists(pid)) << "pid " << pid << " survived";
  EXPECT_EQ(zombie_children(), std::vector<pid_t>{});
}

TEST_F(ShellExecutorTest, WalltimeNotReachedGivesTheNormalResult) {
  options_.walltime = milliseconds(20000);
  auto result = run_shell_command("echo quick", options_);
  EXPECT_EQ(result.returncode, 0);
  EXPECT_EQ(result.exception_name, "");
  EXPECT_EQ(result.stdout_text, "quick\n");
}

TEST_F(ShellExecutorTest, SnippetsKeepTheLastLinesOfEachStream) {
  options_.snippet_lines = 3;
  auto result = run_shell_command("seq 1 10; printf 'a\\nb\\nc\\nd' >&2", options_);
  EXPECT_EQ(result.stdout_text, "8\n9\n10\n");
  EXPECT_EQ(result.stderr_text, "b\nc\nd");  // a final line without newline counts
}

// Through bash: `seq 1 L` (plus an unterminated "end" when asked) on both streams, snippet_lines
// N; the model is the last min(N, lines) of the lines written, each with its newline.
TEST_F(ShellExecutorTest, SnippetsMatchTheLastLinesModel) {
  auto property = [this](std::size_t lines, bool unterminated, std::size_t n) {
    std::vector<std::string> written;
    for (std::size_t i = 1; i <= lines; ++i) written.push_back(std::to_string(i) + "\n");
    if (unterminated) written.push_back("end");
    std::string expected;
    for (std::size_t i = written.size() - std::min(n, written.size()); i < written.size(); ++i) {
      expected += written[i];
    }
    std::string print = "seq 1 " + std::to_string(lines) + (unterminated ? "; printf end" : "");
    options_.snippet_lines = n;
    auto result = run_shell_command("{ " + print + "; } | tee /dev/stderr", options_);
    RC_ASSERT(result.stdout_text == expected);
    RC_ASSERT(result.stderr_text == expected);
  };
  // Each case starts bash, so fewer cases than RapidCheck's default; tail_lines_test.cpp runs the
  // full count against the reader itself.
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  params.maxSuccess = 25;
  auto outcome = rc::detail::checkTestable(
      [&] {
        property(*rc::gen::inRange<std::size_t>(0, 40), *rc::gen::arbitrary<bool>(),
                 *rc::gen::inRange<std::size_t>(0, 45));
      },
      rc::detail::TestMetadata{}, params);
  std::ostringstream message;
  rc::detail::printResultMessage(outcome, message);
  EXPECT_TRUE(outcome.is<rc::detail::SuccessResult>()) << message.str();
}

TEST_F(ShellExecutorTest, ZeroSnippetLinesAndEmptyStreamsGiveEmptyText) {
  options_.snippet_lines = 0;
  auto zero = run_shell_command("seq 1 10; echo err >&2", options_);
  EXPECT_EQ(zero.stdout_text, "");
  EXPECT_EQ(zero.stderr_text, "");
  options_.snippet_lines = 5;
  auto silent = run_shell_command("true", options_);
  EXPECT_EQ(silent.stdout_text, "");
  EXPECT_EQ(silent.stderr_text, "");
}

TEST_F(ShellExecutorTest, HugeOutputKeepsOnlyTheSnippet) {
  // 200 MB of "y\n" lines: the file holds all of it, the result only the last 1000 lines.
  auto result = run_shell_command("yes | head -c 200000000", options_);
  EXPECT_EQ(result.returncode, 0);
  std::string expected;
  for (int i = 0; i < 1000; ++i) expected += "y\n";
  EXPECT_EQ(result.stdout_text, expected);
  fs::path sandbox = only_sandbox();
  EXPECT_EQ(fs::file_size(sandbox / (sandbox.filename().string() + ".stdout")), 200000000u);
}

TEST_F(ShellExecutorTest, ConcurrentTasksKeepTheirOwnGroupsAndResults) {
  ShellResult slow;
  ShellResult quick;
  std::thread killer([&] {
    ShellOptions timed = options_;
    timed.walltime = milliseconds(300);
    slow = run_shell_command("sleep 30 & sleep 30; wait", timed);
  });
  quick = run_shell_command("sleep 0.5; echo quick", options_);
  killer.join();
  EXPECT_EQ(slow.exception_name, "subprocess.TimeoutExpired");
  EXPECT_EQ(quick.returncode, 0);
  EXPECT_EQ(quick.exception_name, "");
  EXPECT_EQ(quick.stdout_text, "quick\n");
  EXPECT_EQ(zombie_children(), std::vector<pid_t>{});
}

TEST_F(ShellExecutorTest, OutputSurvivesTheTaskDeletingItsStreamFiles) {
  auto result = run_shell_command("rm -- \"$GC_TASK_UUID\".*; echo still here", options_);
  EXPECT_EQ(result.returncode, 0);
  EXPECT_EQ(result.stdout_text, "still here\n");
}

TEST_F(ShellExecutorTest, NulInTheCommandOrEnvironmentIsAValueError) {
  auto expect_value_error = [this](const std::string& cmd, const std::string& where) {
    try {
      run_shell_command(cmd, options_);
      ADD_FAILURE() << "no ValueError";
    } catch (const hog::core::ValueError& error) {
      EXPECT_EQ(std::string(error.what()), "embedded null byte in " + where);
    }
  };
  expect_value_error(std::string("echo a\0b", 8), "the command at offset 6");
  options_.extra_env = {{"HOG_X", std::string("1\0", 2)}};
  expect_value_error("true", "environment variable HOG_X at offset 1");
  EXPECT_EQ(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 0);
}

TEST_F(ShellExecutorTest, TheTaskInheritsNoDescriptorsBeyondItsStreams) {
  // A descriptor of the caller without close-on-exec, as sockets and pipes often are.
  int stray = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(stray, 3);
  // Lists the task's open descriptors from 3 to 63 (test -e opens nothing itself).
  auto result = run_shell_command(
      "for fd in {3..63}; do if [ -e /proc/$$/fd/$fd ]; then echo $fd; fi; done", options_);
  ::close(stray);
  EXPECT_EQ(result.stdout_text, "") << "descriptor " << stray << " was not closed";
}

// Bit `signal - 1` of a /proc/<pid>/status signal mask line ("SigIgn:\t0000000001001000").
bool mask_has(const std::string& status, const std::string& field, int signal) {
  const auto at = status.find(field + ":\t");
  if (at == std::string::npos) throw std::runtime_error("no " + field + " in " + status);
  const unsigned long long mask =
      std::stoull(status.substr(at + field.size() + 2, 16), nullptr, 16);
  return ((mask >> (signal - 1)) & 1U) != 0;
}

TEST_F(ShellExecutorTest, TheTaskStartsWithoutTheCallersIgnoredOrBlockedSignals) {
  // The caller ignores SIGPIPE and SIGXFSZ and blocks SIGUSR1 (as servers do); the task must
  // not inherit that (Python's Popen restores SIGPIPE and SIGXFSZ too).
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old_pipe {};
  struct sigaction old_xfsz {};
  ::sigaction(SIGPIPE, &ignore, &old_pipe);
  ::sigaction(SIGXFSZ, &ignore, &old_xfsz);
  sigset_t usr1;
  sigset_t old_mask;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  ::pthread_sigmask(SIG_BLOCK, &usr1, &old_mask);
  auto result = run_shell_command("exec cat /proc/self/status", options_);
  ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  ::sigaction(SIGPIPE, &old_pipe, nullptr);
  ::sigaction(SIGXFSZ, &old_xfsz, nullptr);
  ASSERT_EQ(result.returncode, 0) << result.stderr_text;
  EXPECT_FALSE(mask_has(result.stdout_text, "SigIgn", SIGPIPE)) << result.stdout_text;
  EXPECT_FALSE(mask_has(result.stdout_text, "SigIgn", SIGXFSZ)) << result.stdout_text;
  EXPECT_FALSE(mask_has(result.stdout_text, "SigBlk", SIGUSR1)) << result.stdout_text;
  EXPECT_TRUE(mask_has("SigIgn:\t0000000001001000\n", "SigIgn", SIGPIPE));  // the parser itself
}

template <typename Body>
void expect_executor_error_naming(const fs::path& path, Body body) {
  try {
    body();
    ADD_FAILURE() << "no ExecutorError";
  } catch (const ExecutorError& error) {
    EXPECT_EQ(error.type_name(), "ExecutorError");
    EXPECT_EQ(error.path(), path);
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
  }
}

TEST_F(ShellExecutorTest, MissingBashIsAnExecutorErrorNamingIt) {
  options_.bash = root_ / "no-such-bash";
  expect_executor_error_naming(options_.bash, [&] { run_shell_command("true", options_); });
}

TEST_F(ShellExecutorTest, NonExecutableBashIsAnExecutorErrorNamingIt) {
  options_.bash = root_ / "not-executable";
  std::ofstream(options_.bash) << "#!/bin/sh\n";
  fs::permissions(options_.bash, fs::perms::owner_read | fs::perms::owner_write);
  expect_executor_error_naming(options_.bash, [&] { run_shell_command("true", options_); });
}

TEST_F(ShellExecutorTest, BashThatCannotBeExecutedIsAnExecutorErrorAndLeavesNoChild) {
  // Executable, but no program: execve fails in the started child (ENOEXEC), which must report
  // the error to the caller and be reaped, not run on in the caller's memory.
  options_.bash = root_ / "not-a-program";
  std::ofstream(options_.bash) << std::string("\x01\x02\x03\x04 not an ELF file\n");
  fs::permissions(options_.bash, fs::perms::owner_all);
  expect_executor_error_naming(options_.bash, [&] { run_shell_command("true", options_); });
  try {
    run_shell_command("true", options_);
  } catch (const ExecutorError& error) {
    EXPECT_NE(std::string(error.what()).find("Exec format error"), std::string::npos)
        << error.what();
  }
  errno = 0;
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);  // no child left at all, zombie or running
  EXPECT_EQ(errno, ECHILD);
  // And the executor still works.
  options_.bash = "/bin/bash";
  EXPECT_EQ(run_shell_command("echo ok", options_).stdout_text, "ok\n");
}

TEST_F(ShellExecutorTest, SandboxRootThatCannotBeCreatedIsAnExecutorErrorNamingIt) {
  // Below a regular file: no directory can be made there, not even by root.
  fs::path file = root_ / "a-file";
  std::ofstream(file) << "x";
  options_.sandbox_root = file / "sandboxes";
  expect_executor_error_naming(options_.sandbox_root, [&] { run_shell_command("true", options_); });
  options_.sandbox_root = file;
  expect_executor_error_naming(options_.sandbox_root, [&] { run_shell_command("true", options_); });
}

TEST_F(ShellExecutorTest, SandboxRootWithoutRoomForATaskDirIsAnExecutorErrorNamingTheTaskDir) {
  // /proc exists, but no directory can be made in it (not even by root).
  options_.sandbox_root = "/proc";
  try {
    run_shell_command("true", options_);
    ADD_FAILURE() << "no ExecutorError";
  } catch (const ExecutorError& error) {
    EXPECT_EQ(error.type_name(), "ExecutorError");
    EXPECT_EQ(error.path().parent_path(), fs::path("/proc"));
    EXPECT_NE(std::string(error.what()).find(error.path().string()), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace hog::mock
