// Function.local() end to end: the rendered script runs under the ShellFunction executor with
// either runner; results, user output, proxying of large arguments and every failure a user sees.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/numpy.hpp"
#include "hog/sim/errors.hpp"
#include "hog/sim/function.hpp"
#include "support/python_oracle.hpp"
#include "support/temp_dir.hpp"

namespace {

using hog::core::Value;
using hog::sim::Function;

enum class Runner { Cpp, Python };

Function function_for(Runner runner, const std::string& name) {
  if (runner == Runner::Cpp) return Function::cpp(HOG_RUNNER_PATH, name);
  return Function::python(std::string(HOG_EXAMPLES_DIR) + "/functions.py", name,
                          hog::test::python_path());
}

class LocalCall : public ::testing::TestWithParam<Runner> {
 protected:
  Function function(const std::string& name) const { return function_for(GetParam(), name); }
};

TEST_P(LocalCall, ReturnsTheResultAndTheUsersOutput) {
  const auto result = function("print_lines").local(Value::tuple({2}));
  EXPECT_EQ(hog::core::repr(result.value), "2");
  EXPECT_EQ(result.user_output, "line 0\nline 1");
}

TEST_P(LocalCall, KeywordArgumentsArrive) {
  const auto result = function("echo").local(
      Value::tuple(), Value::dict({{"value", hog::core::parse("{'a': (1,)}")}}));
  EXPECT_EQ(hog::core::repr(result.value), "{'a': (1,)}");
  EXPECT_EQ(result.user_output, "");
}

TEST_P(LocalCall, AFunctionThatRaisesIsALocalExecutionErrorWithItsMessage) {
  try {
    function("fail").local(Value::tuple({"no GPU on this node"}));
    FAIL() << "no error";
  } catch (const hog::sim::LocalExecutionError& error) {
    EXPECT_EQ(error.exception_name(), "subprocess.CalledProcessError");
    EXPECT_EQ(error.returncode(), 1);
    EXPECT_NE(error.stderr_text().find("RuntimeError: no GPU on this node"), std::string::npos)
        << error.stderr_text();
    EXPECT_NE(std::string(error.what()).find("RuntimeError: no GPU on this node"),
              std::string::npos)
        << error.what();
    EXPECT_NE(error.cmd().find("__PICKLE__:"), std::string::npos);
  }
}

TEST_P(LocalCall, TheWalltimeIsATimeoutWithReturnCode124) {
  hog::sim::LocalOptions options;
  options.walltime = std::chrono::milliseconds(500);
  try {
    function("sleep").local(Value::tuple({30}), Value::dict(), options);
    FAIL() << "no error";
  } catch (const hog::sim::LocalExecutionError& error) {
    EXPECT_EQ(error.exception_name(), "subprocess.TimeoutExpired");
    EXPECT_EQ(error.returncode(), 124);
  }
}

TEST_P(LocalCall, ALargeArgumentTravelsThroughTheProxyStoreAndIsEvicted) {
  // 3 MB of bytes: over the 1 MiB threshold, and over 10 MB for the limit check below.
  const std::string big(3 * 1000 * 1000, 'q');
  const auto result = function("echo").local(Value::tuple({Value::bytes(big)}));
  EXPECT_EQ(result.value.as_bytes(), big);
  // A payload over Globus Compute's 10 MB also works: .local() has no size limit.
  const std::string huge(12 * 1024 * 1024, 'z');
  const auto huge_result =
      function("return_bytes").local(Value::tuple({Value(static_cast<long long>(huge.size()))}));
  EXPECT_EQ(huge_result.value.as_bytes().size(), huge.size());
}

TEST_P(LocalCall, AnEmbeddedPayloadLargerThanOneExecArgumentWorks) {
  // 600 kB: under the proxy threshold, so the payload is inside the command, which is then far
  // over the kernel's 128 KiB limit for one exec argument.
  const std::string data(600 * 1000, 'e');
  hog::sim::LocalOptions options;
  EXPECT_EQ(function("echo")
                .local(Value::tuple({Value::bytes(data)}), Value::dict(), options)
                .value.as_bytes(),
            data);
}

TEST_P(LocalCall, TheScriptIsRenderedOnceWithOnePayloadPlaceholder) {
  const Function f = function("echo");
  const std::string& command = f.command();
  std::size_t count = 0;
  for (auto at = command.find("{payload}"); at != std::string::npos;
       at = command.find("{payload}", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(hog::core::repr(f.local(Value::tuple({1})).value), "1");
  EXPECT_EQ(hog::core::repr(f.local(Value::tuple({2})).value), "2");
}

INSTANTIATE_TEST_SUITE_P(BothRunners, LocalCall, ::testing::Values(Runner::Cpp, Runner::Python),
                         [](const ::testing::TestParamInfo<Runner>& param) {
                           return param.param == Runner::Cpp ? "Cpp" : "Python";
                         });

TEST(LocalCallProxy, TheStoreFileIsEvictedAndTheStoreGoesWithTheFunction) {
  std::filesystem::path store;
  {
    const Function f = function_for(Runner::Cpp, "echo");
    EXPECT_TRUE(f.proxy_store_directory().empty());
    hog::sim::LocalOptions options;
    options.proxy_threshold_bytes = 10;
    const auto result = f.local(Value::tuple({"eleven bytes and more"}), Value::dict(), options);
    EXPECT_EQ(result.value.as_str(), "eleven bytes and more");
    store = f.proxy_store_directory();
    ASSERT_FALSE(store.empty());
    EXPECT_TRUE(std::filesystem::is_empty(store));
  }
  EXPECT_FALSE(std::filesystem::exists(store));
}

// The C++ runner's script starts no process besides bash and the runner: it is the payload heredoc
// and `exec` of the runner, nothing else.
TEST(LocalCallCpp, TheScriptIsThePayloadHeredocAndExecOfTheRunner) {
  const std::string runner = std::filesystem::absolute(HOG_RUNNER_PATH).string();
  ASSERT_EQ(runner.find_first_of("'{}\n"), std::string::npos) << runner;
  EXPECT_EQ(Function::cpp(HOG_RUNNER_PATH, "stats.mean").command(),
            "set -euo pipefail\n"
            "exec <<'HOG_PAYLOAD_EOF'\n"
            "{payload}\n"
            "HOG_PAYLOAD_EOF\n"
            "exec '" +
                runner + "' --function 'stats.mean' --in - --out -\n");
}

// With a stand-in runner that reports its parent and its stdin: the runner is bash itself after
// exec (its parent is the calling process, not a shell), and it reads the payload on stdin (the
// payload CPython makes of ((None,), {})).
TEST(LocalCallCpp, TheRunnerReplacesBashAndReadsThePayloadOnStdin) {
  hog::test::TempDir dir;
  const auto fake = dir / "fake-runner";
  hog::test::write_file(fake,
                        "#!/bin/bash\n"
                        "payload=$(cat)\n"
                        "echo __GROUNDHOG_RESULT__\n"
                        "printf '[%s, \"%s\"]' \"$PPID\" \"$payload\"\n");
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  const auto result = Function::cpp(fake, "echo").local(Value::tuple({Value()}));
  EXPECT_EQ(hog::core::repr(result.value),
            "[" + std::to_string(::getpid()) + ", '__PICKLE__:gAWVCAAAAAAAAABOhZR9lIaULg==']");
}

TEST(LocalCallErrors, AResultThatCannotBeReadIsADeserializationErrorKeepingTheOutput) {
  const Function f = Function::python(std::string(HOG_TEST_DATA_DIR) + "/tricky_functions.py",
                                      "print_the_delimiter", hog::test::python_path());
  try {
    f.local(Value::tuple());
    FAIL() << "no error";
  } catch (const hog::core::DeserializationError& error) {
    EXPECT_NE(error.stdout_text().find("not a payload"), std::string::npos);
  }
}

TEST(LocalCallErrors, TheWalltimeKillsTheFunctionsChildrenToo) {
  hog::test::TempDir dir;
  const auto pid_file = dir / "pids";
  const Function f = Function::python(std::string(HOG_TEST_DATA_DIR) + "/tricky_functions.py",
                                      "start_grandchild_and_hang", hog::test::python_path());
  hog::sim::LocalOptions options;
  options.walltime = std::chrono::milliseconds(1500);
  EXPECT_THROW(f.local(Value::tuple({pid_file.string()}), Value::dict(), options),
               hog::sim::LocalExecutionError);
  std::istringstream pids(hog::test::read_file(pid_file));
  pid_t runner = 0;
  pid_t child = 0;
  pids >> runner >> child;
  ASSERT_GT(child, 0);
  EXPECT_NE(::kill(runner, 0), 0);
  EXPECT_NE(::kill(child, 0), 0);
}

TEST(LocalCallErrors, AWalltimeKillLeavesNoTaskDirectoryBehind) {
  hog::test::TempDir dir;
  const auto path_file = dir / "task_dir";
  const Function f = Function::python(std::string(HOG_TEST_DATA_DIR) + "/tricky_functions.py",
                                      "report_task_dir_and_hang", hog::test::python_path());
  hog::sim::LocalOptions options;
  options.walltime = std::chrono::milliseconds(1500);
  EXPECT_THROW(f.local(Value::tuple({path_file.string()}), Value::dict(), options),
               hog::sim::LocalExecutionError);
  const std::string task_dir = hog::test::read_file(path_file);
  ASSERT_FALSE(task_dir.empty());
  EXPECT_FALSE(std::filesystem::exists(task_dir)) << task_dir;
}

TEST(LocalCallErrors, AMissingScriptOrBadNameIsAClearError) {
  EXPECT_THROW(Function::python("/nonexistent/dir/script.py", "f"), std::runtime_error);
  hog::test::TempDir dir;  // a directory named like a script is no script (not an empty one)
  std::filesystem::create_directory(dir / "folder.py");
  EXPECT_THROW(Function::python(dir / "folder.py", "f"), std::runtime_error);
  try {
    function_for(Runner::Python, "no_such").local(Value::tuple());
    FAIL() << "no error";
  } catch (const hog::sim::LocalExecutionError& error) {
    EXPECT_NE(std::string(error.what()).find("AttributeError"), std::string::npos) << error.what();
  }
}

}  // namespace
