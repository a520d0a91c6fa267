// hog-runner's stream mode (`--in -` / `--out -`), checked against its file mode: the same call
// prints, on stdout, exactly what a file-mode script prints with `echo "__GROUNDHOG_RESULT__"` and
// `cat` of the result file; failures print no delimiter. Plus the stdin reader's newline rule.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <unistd.h>

#include "hog/core/envelope.hpp"
#include "hog/core/literal.hpp"
#include "runner_harness.hpp"
#include "stdin_payload.hpp"
#include "support/value_gen.hpp"

namespace {

using hog::core::Value;

std::string call_payload(const Value& args) {
  return hog::core::serialize(hog::core::make_call_payload(args), {.limit_bytes = std::nullopt});
}

hog::test::ProcessResult run_streams(const std::string& function, const std::string& input,
                                     const std::string& in = "-", const std::string& out = "-") {
  return hog::test::run_command({HOG_RUNNER_PATH, "--function", function, "--in", in, "--out", out},
                                input);
}

// The file-mode run of the same call, as the file-shape script shows it on stdout.
std::string file_mode_stdout(const std::string& function, const std::string& payload) {
  hog::test::TempDir dir;
  const auto run = hog::test::run_runner(hog::test::RunnerKind::Cpp, function, payload, dir);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.result.has_value());
  return run.out + "__GROUNDHOG_RESULT__\n" + run.result.value_or("");
}

TEST(RunnerStreams, StdoutIsTheUsersOutputThenTheDelimiterThenTheResultFileBytes) {
  std::vector<Value> values;
  for (int i = 0; i < 40; ++i) {
    values.push_back(hog::test::gen_value({.sharing = true})(rc::Random(7000 + i), i).value());
  }
  const std::vector<std::pair<std::string, Value>> calls = {
      {"print_lines", Value::tuple({3})},
      {"print_lines", Value::tuple({0})},
      {"sum", hog::core::parse("([1, 2.5, True],)")},
      {"return_bytes", Value::tuple({70000})},
      {"echo", Value::tuple({Value::list(values)})},
  };
  for (const auto& [function, args] : calls) {
    SCOPED_TRACE(function + hog::core::repr(args).substr(0, 80));
    const std::string payload = call_payload(args);
    const std::string expected = file_mode_stdout(function, payload);
    // As the heredoc feeds it (one newline added), and as a plain pipe would (none).
    for (const std::string& input : {payload + "\n", payload}) {
      const auto run = run_streams(function, input);
      EXPECT_EQ(run.exit_code, 0) << run.err;
      EXPECT_EQ(run.err, "");
      EXPECT_EQ(run.out, expected);
    }
  }
}

TEST(RunnerStreams, AFailurePrintsNoDelimiterAndExits1) {
  const auto run = run_streams("fail", call_payload(hog::core::parse("('no GPU',)")) + "\n");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(hog::test::last_line(run.err), "RuntimeError: no GPU");
  const auto unknown = run_streams("no_such_function", call_payload(Value::tuple()) + "\n");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.out, "");
  const auto bad = run_streams("echo", "__PICKLE__:gASV\n");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.out.find("__GROUNDHOG_RESULT__"), std::string::npos) << bad.out;
  EXPECT_FALSE(bad.err.empty());
}

TEST(RunnerStreams, InAndOutChooseStreamsIndependently) {
  hog::test::TempDir dir;
  const std::string payload = call_payload(hog::core::parse("('x',)"));
  hog::test::write_file(dir / "in", payload);
  const auto file_in = run_streams("echo", "", (dir / "in").string(), "-");
  ASSERT_EQ(file_in.exit_code, 0) << file_in.err;
  EXPECT_TRUE(file_in.out.starts_with("__GROUNDHOG_RESULT__\n__PICKLE__:")) << file_in.out;
  EXPECT_EQ(hog::core::repr(hog::core::deserialize(file_in.out.substr(21))), "'x'");

  const auto file_out = run_streams("echo", payload + "\n", "-", (dir / "out").string());
  ASSERT_EQ(file_out.exit_code, 0) << file_out.err;
  EXPECT_EQ(file_out.out, "");
  EXPECT_EQ(hog::core::repr(hog::core::deserialize(hog::test::read_file(dir / "out"))), "'x'");
}

TEST(RunnerStreams, AResultThatCannotBeWrittenIsAnOSError) {
  // /dev/full takes no bytes: the runner must notice (at the flush) and fail, not exit 0.
  const auto run = hog::test::run_command(
      {"/bin/bash", "-c", "exec \"$0\" --function echo --in - --out - > /dev/full",
       HOG_RUNNER_PATH},
      call_payload(Value::tuple({Value()})) + "\n");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(hog::test::last_line(run.err), "OSError: cannot write the result to stdout") << run.err;
}

// read_stdin_payload over a file descriptor: all bytes, less exactly one final "\n".
std::string read_through_fd(const std::string& text) {
  hog::test::TempDir dir;
  hog::test::write_file(dir / "stdin", text);
  const int fd = ::open((dir / "stdin").c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_GE(fd, 0);
  std::string read = hog::runner::detail::read_stdin_payload(fd);
  ::close(fd);
  return read;
}

TEST(StdinPayload, DropsExactlyOneFinalNewline) {
  EXPECT_EQ(read_through_fd(""), "");
  EXPECT_EQ(read_through_fd("\n"), "");
  EXPECT_EQ(read_through_fd("\n\n"), "\n");
  EXPECT_EQ(read_through_fd("__PICKLE__:gAU="), "__PICKLE__:gAU=");
  EXPECT_EQ(read_through_fd("__PICKLE__:gAU=\n"), "__PICKLE__:gAU=");
  EXPECT_EQ(read_through_fd("{\"a\": 1}\n\n"), "{\"a\": 1}\n");
  EXPECT_EQ(read_through_fd("x\r\n"), "x\r");
  const std::string big(200 * 1000 + 3, 'b');  // several reads
  EXPECT_EQ(read_through_fd(big + "\n"), big);
}

TEST(StdinPayload, AnUnreadableDescriptorIsASystemError) {
  EXPECT_THROW(hog::runner::detail::read_stdin_payload(-1), std::system_error);
}

}  // namespace
