// Both runners as processes: the call protocol (payload file in, result file out, stdout left to
// the function), proxies, nested names, and failures reported as Python reports them.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <filesystem>

#include "hog/core/envelope.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/pickle.hpp"
#include "hog/core/proxy_ref.hpp"
#include "runner_harness.hpp"
#include "support/value_gen.hpp"

namespace {

using hog::core::Value;
using hog::test::RunnerKind;

std::string call_payload(const char* args_literal, const char* kwargs_literal = "{}") {
  return hog::core::serialize(hog::core::make_call_payload(hog::core::parse(args_literal),
                                                           hog::core::parse(kwargs_literal)));
}

class RunnerProcess : public ::testing::TestWithParam<RunnerKind> {
 protected:
  hog::test::RunnerRun call(const std::string& function, const std::string& payload) {
    return hog::test::run_runner(GetParam(), function, payload, dir_);
  }
  hog::test::TempDir dir_;
};

TEST_P(RunnerProcess, CallsTheFunctionAndWritesTheResultEnvelope) {
  const auto run = call("sum", call_payload("([1, 2.5, True],)"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_TRUE(run.result.has_value());
  EXPECT_TRUE(run.result->starts_with("__PICKLE__:"));
  EXPECT_EQ(hog::core::repr(hog::core::deserialize(*run.result)), "4.5");
  EXPECT_EQ(run.out, "");
}

TEST_P(RunnerProcess, KeywordArgumentsBindByName) {
  const auto run = call("echo", call_payload("()", "{'value': [1, 'two']}"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(hog::core::repr(hog::core::deserialize(*run.result)), "[1, 'two']");
}

TEST_P(RunnerProcess, TheFunctionsPrintsStayOnStdoutApartFromTheResult) {
  const auto run = call("print_lines", call_payload("(3,)"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "line 0\nline 1\nline 2\n");
  EXPECT_EQ(hog::core::repr(hog::core::deserialize(*run.result)), "3");
}

TEST_P(RunnerProcess, AnExceptionInTheFunctionIsItsTypeAndMessageOnStderr) {
  const auto run = call("fail", call_payload("('the disk is full',)"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(hog::test::last_line(run.err), "RuntimeError: the disk is full");
  EXPECT_FALSE(run.result.has_value());
}

TEST_P(RunnerProcess, WrongArgumentsAreTheTypeErrorPythonRaises) {
  const auto run = call("echo", call_payload("(1, 2)"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(hog::test::last_line(run.err),
            "TypeError: echo() takes 1 positional argument but 2 were given");
}

TEST_P(RunnerProcess, AnUnknownFunctionIsAnAttributeError) {
  const auto run = call("no_such_function", call_payload("()"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(hog::test::last_line(run.err).starts_with("AttributeError: ")) << run.err;
  EXPECT_NE(run.err.find("no_such_function"), std::string::npos) << run.err;
}

TEST_P(RunnerProcess, AnUnreadablePayloadFailsWithTheDecodersError) {
  const auto run = call("echo", "__PICKLE__:gASV");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_FALSE(run.result.has_value());
  EXPECT_FALSE(run.err.empty());
}

TEST_P(RunnerProcess, AProxyReferenceIsResolvedFromItsStoreFileAndEvicted) {
  hog::test::TempDir store;
  const Value arguments =
      hog::core::make_call_payload(Value::tuple({Value::bytes(std::string(3000, 'x'))}));
  hog::test::write_file(store / "k1", hog::core::pickle::encode(arguments));
  const std::string payload =
      hog::core::serialize(hog::core::make_proxy_ref({store.path().string(), "k1"}));
  const auto run = call("echo", payload);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(hog::core::deserialize(*run.result).as_bytes(), std::string(3000, 'x'));
  EXPECT_FALSE(std::filesystem::exists(store / "k1"));
}

TEST_P(RunnerProcess, AProxyKeyOutsideItsStoreIsRefused) {
  hog::core::Reduction bad;
  bad.callable = Value::global("hogsim.proxy", "resolve");
  bad.args = Value::tuple({Value("/"), Value("../etc/passwd")});
  const auto run = call("echo", hog::core::serialize(Value::reduced(bad)));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(hog::test::last_line(run.err).find("not a plain file name"), std::string::npos)
      << run.err;
}

TEST_P(RunnerProcess, ReadsPayloadsCPythonWrote) {
  const std::string payload = hog::test::run_python(
      "import pickle, base64\n"
      "print('__PICKLE__:' + base64.b64encode(pickle.dumps(((['a', 1.5],), {}), "
      "protocol=5)).decode(), end='')\n");
  const auto run = call("echo", payload);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(hog::core::repr(hog::core::deserialize(*run.result)), "['a', 1.5]");
}

INSTANTIATE_TEST_SUITE_P(BothRunners, RunnerProcess,
                         ::testing::Values(RunnerKind::Cpp, RunnerKind::Python),
                         [](const ::testing::TestParamInfo<RunnerKind>& param) {
                           return param.param == RunnerKind::Cpp ? "Cpp" : "Python";
                         });

TEST(PythonRunner, ImportsTheScriptAsAModuleSoItsMainBlockDoesNotRun) {
  hog::test::TempDir dir;
  const auto run = hog::test::run_runner(RunnerKind::Python, "echo", call_payload("(1,)"), dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.find("run as a program"), std::string::npos) << run.out;
}

TEST(PythonRunner, ResolvesNestedNamesWithAttrgetter) {
  hog::test::TempDir dir;
  const auto run =
      hog::test::run_runner(RunnerKind::Python, "Stats.total", call_payload("([1, 2, 3],)"), dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(hog::core::repr(hog::core::deserialize(*run.result)), "6");
}

TEST(CppRunner, BadFlagsAreAUsageErrorWithExitCode2) {
  const auto process = hog::test::run_command({HOG_RUNNER_PATH, "--function", "echo"});
  EXPECT_EQ(process.exit_code, 2);
  EXPECT_TRUE(process.err.starts_with("UsageError: usage:")) << process.err;
}

TEST(CppRunner, ListsItsFunctions) {
  const auto process = hog::test::run_command({HOG_RUNNER_PATH, "--list"});
  EXPECT_EQ(process.exit_code, 0);
  EXPECT_EQ(process.out, "echo\nfail\nmean\nnumpy_mean\nprint_lines\nreturn_bytes\nsleep\nsum\n");
}

// Generated values go through echo unchanged: one list of many values per runner, so the property
// costs one process. hog-runner keeps the exact graph (sharing, cycles, set order); CPython
// rebuilds sets in its own hash order, so there the result must be equal (==), with values whose
// equality is defined (no cycles, no nan).
TEST_P(RunnerProcess, EchoReturnsGeneratedValuesUnchanged) {
  const bool exact = GetParam() == RunnerKind::Cpp;
  hog::test::ValueGenOptions options;
  options.sharing = true;
  options.cycles = exact;
  options.non_finite = exact;
  std::vector<Value> values;
  for (int i = 0; i < 60; ++i) {
    values.push_back(hog::test::gen_value(options)(rc::Random(1000 + i), i).value());
  }
  const Value all = Value::list(values);
  const auto run =
      call("echo", hog::core::serialize(hog::core::make_call_payload(Value::tuple({all}))));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Value echoed = hog::core::deserialize(*run.result);
  if (exact) {
    EXPECT_TRUE(hog::core::same_graph(echoed, all));
  } else {
    EXPECT_TRUE(echoed == all) << hog::core::repr(echoed) << "\n" << hog::core::repr(all);
  }
}

}  // namespace
