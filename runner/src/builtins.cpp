// The builtin functions of every runner binary (see hog/runner/builtins.hpp).
#include "hog/runner/builtins.hpp"

#include <chrono>
#include <cmath>
#include <iostream>
#include <string>
#include <thread>

#include "bind_arguments.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/numpy.hpp"
#include "ndarray_mean.hpp"
#include "python_sum.hpp"

namespace hog::runner {
namespace {

using core::Value;

// A non-negative int argument, TypeError/ValueError otherwise.
std::int64_t count_argument(const Value& value, std::string_view function) {
  if (value.kind() != core::Kind::Int && value.kind() != core::Kind::Bool) {
    throw core::TypeError("'" + std::string(value.type_name()) +
                          "' object cannot be interpreted as an integer");
  }
  const std::int64_t n = value.as_int();
  if (n < 0) throw core::ValueError(std::string(function) + "() needs a count >= 0");
  return n;
}

Value echo(const Call& call) {
  return detail::bind_arguments(call, "echo", {"value"})[0];
}

Value sum(const Call& call) {
  return detail::python_sum(detail::bind_arguments(call, "sum", {"values"})[0]);
}

Value mean(const Call& call) {
  const Value values = detail::bind_arguments(call, "mean", {"values"})[0];
  if (values.kind() == core::Kind::NDArray) return Value(detail::ndarray_mean(values));
  return Value(detail::python_mean(values));
}

Value numpy_mean(const Call& call) {
  const Value values = detail::bind_arguments(call, "numpy_mean", {"array"})[0];
  if (values.kind() != core::Kind::NDArray) {
    throw core::TypeError("numpy_mean() needs an ndarray, not " + std::string(values.type_name()));
  }
  return core::numpy::scalar_of(detail::ndarray_mean(values));
}

Value sleep(const Call& call) {
  const Value seconds = detail::bind_arguments(call, "sleep", {"seconds"})[0];
  const double duration = seconds.kind() == core::Kind::Float
                              ? seconds.as_float()
                              : static_cast<double>(count_argument(seconds, "sleep"));
  if (!(duration >= 0.0) || std::isinf(duration)) {
    throw core::ValueError("sleep length must be non-negative");
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(duration));
  return Value();
}

Value fail(const Call& call) {
  const Value message = detail::bind_arguments(call, "fail", {"message"})[0];
  // Python's str(message): the text of a str, repr() of anything else.
  throw FunctionError("RuntimeError", message.kind() == core::Kind::Str
                                          ? std::string(message.as_str())
                                          : core::repr(message));
}

Value print_lines(const Call& call) {
  const std::int64_t n =
      count_argument(detail::bind_arguments(call, "print_lines", {"n"})[0], "print_lines");
  for (std::int64_t i = 0; i < n; ++i) std::cout << "line " << i << '\n';
  return Value(static_cast<long long>(n));
}

Value return_bytes(const Call& call) {
  const std::int64_t n =
      count_argument(detail::bind_arguments(call, "return_bytes", {"n"})[0], "return_bytes");
  return Value::bytes(std::string(static_cast<std::size_t>(n), '\0'));
}

}  // namespace

void add_builtins(Registry& registry) {
  registry.add("echo", echo);
  registry.add("sum", sum);
  registry.add("mean", mean);
  registry.add("numpy_mean", numpy_mean);
  registry.add("sleep", sleep);
  registry.add("fail", fail);
  registry.add("print_lines", print_lines);
  registry.add("return_bytes", return_bytes);
}

}  // namespace hog::runner
