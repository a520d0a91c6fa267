// Cross-runner conformance: the same .local() calls through the C++ runner (hog-runner) and the
// Python runner (examples/functions.py) give the same results, the same user output and the same
// failures — for generated arguments, values large enough to go through the proxy store, and
// functions that print, raise, time out or return non-plain (NumPy) types.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <optional>
#include <random>

#include "hog/core/literal.hpp"
#include "hog/core/numpy.hpp"
#include "hog/sim/errors.hpp"
#include "hog/sim/function.hpp"
#include "support/python_oracle.hpp"
#include "support/value_gen.hpp"

namespace {

using hog::core::Value;
using hog::sim::Function;

// What a user sees of one call.
struct Outcome {
  std::optional<Value> value;
  std::string user_output;
  std::string exception_name;  // of a LocalExecutionError
  std::string error_line;      // the last stderr line: the function's exception
};

std::string last_line(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto newline = text.rfind('\n');
  return newline == std::string::npos ? text : text.substr(newline + 1);
}

Outcome call(const Function& function, const Value& args, const hog::sim::LocalOptions& options) {
  Outcome outcome;
  try {
    auto result = function.local(args, Value::dict(), options);
    outcome.value = result.value;
    outcome.user_output = result.user_output;
  } catch (const hog::sim::LocalExecutionError& error) {
    outcome.exception_name = error.exception_name();
    outcome.error_line = last_line(error.stderr_text());
  }
  return outcome;
}

// Calls `name` through both runners and checks that the outcomes agree: values by repr() (so the
// types agree too: numpy.float64(...) is not a float) unless `by_equality` (sets come back in
// CPython's hash order), output and errors exactly.
Outcome expect_same(const std::string& name, const Value& args, bool by_equality = false,
                    hog::sim::LocalOptions options = {}) {
  const Function cpp = Function::cpp(HOG_RUNNER_PATH, name);
  const Function python = Function::python(std::string(HOG_EXAMPLES_DIR) + "/functions.py", name,
                                           hog::test::python_path());
  const Outcome a = call(cpp, args, options);
  const Outcome b = call(python, args, options);
  EXPECT_EQ(a.value.has_value(), b.value.has_value())
      << name << " " << a.error_line << " | " << b.error_line;
  if (a.value && b.value) {
    if (by_equality) {
      EXPECT_TRUE(*a.value == *b.value)
          << name << ": " << hog::core::repr(*a.value) << " vs " << hog::core::repr(*b.value);
    } else {
      EXPECT_EQ(hog::core::repr(*a.value), hog::core::repr(*b.value)) << name;
    }
  }
  EXPECT_EQ(a.user_output, b.user_output) << name;
  EXPECT_EQ(a.exception_name, b.exception_name) << name;
  EXPECT_EQ(a.error_line, b.error_line) << name;
  return a;
}

TEST(CrossRunner, GeneratedArgumentsEchoTheSame) {
  hog::test::ValueGenOptions options;
  options.sharing = true;
  options.cycles = false;      // CPython's == recurses forever on cycles
  options.non_finite = false;  // nan != nan
  for (int i = 0; i < 12; ++i) {
    const Value value = hog::test::gen_value(options)(rc::Random(77 + i), 3 * i).value();
    const Outcome outcome = expect_same("echo", Value::tuple({value}), /*by_equality=*/true);
    ASSERT_TRUE(outcome.value.has_value());
    EXPECT_TRUE(*outcome.value == value) << hog::core::repr(value);
  }
}

TEST(CrossRunner, ArithmeticAgrees) {
  expect_same("sum", Value::tuple({hog::core::parse("[1, 2.5, True, -7]")}));
  expect_same("mean", Value::tuple({hog::core::parse("[0.1, 0.2, 0.3]")}));
  expect_same("mean", Value::tuple({hog::core::parse("(3, 4)")}));
  std::mt19937_64 rng(3);
  std::string data(1000 * 8, '\0');
  for (std::size_t i = 0; i < 1000; ++i) {
    const double x = std::uniform_real_distribution<double>(-5, 5)(rng);
    std::memcpy(&data[i * 8], &x, 8);
  }
  const Value array =
      hog::core::numpy::array(hog::core::numpy::DType::parse("<f8"), {10, 100}, data);
  expect_same("mean", Value::tuple({array}));
}

TEST(CrossRunner, NonPlainResultsAgree) {
  const Value array = hog::core::numpy::array(
      hog::core::numpy::DType::parse("<i8"), {3},
      std::string("\x01\0\0\0\0\0\0\0\x02\0\0\0\0\0\0\0\x06\0\0\0\0\0\0\0", 24));
  const Outcome outcome = expect_same("numpy_mean", Value::tuple({array}));
  ASSERT_TRUE(outcome.value.has_value());
  EXPECT_EQ(hog::core::repr(*outcome.value), "numpy.float64(3.0)");
}

TEST(CrossRunner, PrintsRaisesAndBadArgumentsAgree) {
  expect_same("print_lines", Value::tuple({4}));
  const Outcome failed = expect_same("fail", Value::tuple({"quota exceeded"}));
  EXPECT_EQ(failed.exception_name, "subprocess.CalledProcessError");
  EXPECT_EQ(failed.error_line, "RuntimeError: quota exceeded");
  expect_same("echo", Value::tuple({1, 2}));
  expect_same("sum", Value::tuple({hog::core::parse("[1, 'a']")}));
  expect_same("mean", Value::tuple({hog::core::parse("[]")}));
}

TEST(CrossRunner, TimeoutsAgree) {
  hog::sim::LocalOptions options;
  options.walltime = std::chrono::milliseconds(400);
  const Outcome outcome = expect_same("sleep", Value::tuple({30}), false, options);
  EXPECT_EQ(outcome.exception_name, "subprocess.TimeoutExpired");
}

TEST(CrossRunner, LargeValuesThroughTheProxyAgree) {
  // An 8 MB float64 array (the seed's 1000 x 1000) goes as a proxy both ways in, and a 3 MB
  // bytes result comes back through stdout.
  std::string data(1000 * 1000 * 8, '\0');
  for (std::size_t i = 0; i < 1000 * 1000; ++i) {
    const double x = static_cast<double>(i % 977) / 8.0;
    std::memcpy(&data[i * 8], &x, 8);
  }
  const Value array =
      hog::core::numpy::array(hog::core::numpy::DType::parse("<f8"), {1000, 1000}, data);
  expect_same("mean", Value::tuple({array}));
  const Outcome bytes = expect_same("return_bytes", Value::tuple({3'000'000}));
  ASSERT_TRUE(bytes.value.has_value());
  EXPECT_EQ(bytes.value->as_bytes().size(), 3'000'000u);
}

}  // namespace
