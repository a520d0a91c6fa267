// `hogsim run ... --local` and `hogsim script render`: calls from the shell with both runners,
// arguments from stdin, and failures printed as one typed line plus the captured output.
#include <gtest/gtest.h>

#include <string>

#include "support/python_oracle.hpp"
#include "support/subprocess.hpp"

namespace {

using hog::test::hogsim;

const std::string kScript = std::string(HOG_EXAMPLES_DIR) + "/functions.py";

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

TEST(RunCli, PythonTargetPrintsTheResultsRepr) {
  const auto run = hogsim({"run", kScript, "echo", "--args", "([1, 'a', None],)", "--local",
                           "--python", hog::test::python_path()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "[1, 'a', None]\n");
}

TEST(RunCli, RunnerBinaryTargetPrintsUserOutputThenTheResult) {
  const auto run = hogsim({"run", HOG_RUNNER_PATH, "print_lines", "--args", "(2,)", "--local"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "line 0\nline 1\n2\n");
}

TEST(RunCli, KeywordArguments) {
  const auto run =
      hogsim({"run", HOG_RUNNER_PATH, "echo", "--kwargs", "{'value': 1.5}", "--local"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "1.5\n");
}

TEST(RunCli, ArgumentsOfTensOfMegabytesComeFromStdin) {
  // 24 MB of literal text (far past one exec argument's 128 KiB): an ndarray of 3 million
  // float64 whose bytes are all 'A', through the proxy store. The expected mean is NumPy's:
  // numpy.frombuffer(b'A' * 24_000_000, dtype='<f8').mean().
  std::string literal = "(numpy.frombuffer(b'";
  literal.append(24'000'000, 'A');
  literal += "', dtype='<f8'),)";
  const auto run = hogsim({"run", HOG_RUNNER_PATH, "mean", "--args", "-", "--local"}, literal);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "2261634.50980392\n");
}

TEST(RunCli, AFailingFunctionIsOneTypedLineThenTheCapturedOutput) {
  const auto run = hogsim({"run", kScript, "fail", "--args", "('bad input',)", "--local",
                           "--python", hog::test::python_path()});
  EXPECT_EQ(run.exit_code, 6);
  EXPECT_EQ(run.out, "");
  const std::string line = first_line(run.err);
  EXPECT_TRUE(line.starts_with("LocalExecutionError: subprocess.CalledProcessError")) << run.err;
  EXPECT_NE(line.find("RuntimeError: bad input"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Traceback"), std::string::npos) << run.err;  // the captured stderr
}

TEST(RunCli, AWalltimeIsATimeout) {
  const auto run =
      hogsim({"run", HOG_RUNNER_PATH, "sleep", "--args", "(30,)", "--walltime", "0.5", "--local"});
  EXPECT_EQ(run.exit_code, 6);
  EXPECT_TRUE(first_line(run.err).starts_with("LocalExecutionError: subprocess.TimeoutExpired"))
      << run.err;
}

TEST(RunCli, BadCommandLinesAreUsageErrors) {
  EXPECT_EQ(hogsim({"run", HOG_RUNNER_PATH, "echo"}).exit_code, 2);  // --local is required
  EXPECT_EQ(hogsim({"run", HOG_RUNNER_PATH, "echo", "--local", "--walltime", "-1"}).exit_code, 2);
  const auto missing = hogsim({"run", "no/such/runner", "echo", "--local"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("no/such/runner"), std::string::npos) << missing.err;
  const auto directory = hogsim({"run", HOG_EXAMPLES_DIR, "echo", "--local"});
  EXPECT_NE(directory.exit_code, 0);
  EXPECT_NE(directory.err.find("is not a file"), std::string::npos) << directory.err;
  const auto bad_literal = hogsim({"run", HOG_RUNNER_PATH, "echo", "--args", "(1,", "--local"});
  EXPECT_EQ(bad_literal.exit_code, 1);
  EXPECT_TRUE(bad_literal.err.starts_with("SyntaxError: ")) << bad_literal.err;
}

TEST(ScriptRenderCli, PrintsTheScriptWithOnePayloadPlaceholder) {
  const auto run = hogsim({"script", "render", kScript, "mean"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("set -euo pipefail"), std::string::npos);
  const auto first = run.out.find("{payload}");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(run.out.find("{payload}", first + 1), std::string::npos);
  EXPECT_NE(run.out.find("__GROUNDHOG_RESULT__"), std::string::npos);
  // The user script travels whole, its PEP 723 block included (no environment is made from it).
  EXPECT_NE(run.out.find("# /// script\n# requires-python"), std::string::npos);
}

}  // namespace
