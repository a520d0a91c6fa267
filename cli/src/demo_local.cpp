// `hogsim demo`, second half: the seed's flow through .local() — the rendered script run here with
// both runners, a large argument through the proxy store, chunked work, a failing function and a
// timeout, each printed the way a user meets it.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "demo_sections.hpp"
#include "hog/core/envelope.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/numpy.hpp"
#include "hog/sim/errors.hpp"
#include "hog/sim/function.hpp"

namespace hog::cli {
namespace {

using core::Value;

sim::Function python_function(const DemoPaths& paths, const char* name) {
  return sim::Function::python(paths.examples_dir + "/functions.py", name, paths.python);
}
sim::Function cpp_function(const DemoPaths& paths, const char* name) {
  return sim::Function::cpp(paths.runner, name);
}

void show_call(const char* label, const sim::Function& function, const Value& args,
               const sim::LocalOptions& options = {}) {
  std::printf("   >>> %s\n", label);
  try {
    const sim::CallResult result = function.local(args, Value::dict(), options);
    for (std::size_t start = 0; start < result.user_output.size();) {
      std::size_t end = result.user_output.find('\n', start);
      if (end == std::string::npos) end = result.user_output.size();
      std::printf("   %s\n", result.user_output.substr(start, end - start).c_str());
      start = end + 1;
    }
    std::printf("   %s\n", core::repr(result.value).c_str());
  } catch (const sim::LocalExecutionError& error) {
    std::printf("   %s: %s\n", error.type_name().c_str(), error.what());
  }
}

// The seed's 1000 x 1000 float64 array (deterministic values instead of random ones).
Value seed_array() {
  std::string data(1000 * 1000 * sizeof(double), '\0');
  for (std::size_t i = 0; i < 1000 * 1000; ++i) {
    const double x = static_cast<double>((i * 7919) % 1000003) / 1000003.0;
    std::memcpy(&data[i * sizeof x], &x, sizeof x);
  }
  return core::numpy::array(core::numpy::DType::parse("<f8"), {1000, 1000}, data);
}

}  // namespace

void show_local_calls(const DemoPaths& paths) {
  std::printf("\n5. .local(): the same bash script, run here (both runners)\n");
  const sim::Function py_mean = python_function(paths, "mean");
  std::printf(
      "   the rendered script: %zu bytes, one {payload} placeholder, the user script and\n"
      "   runner.py in quoted heredocs (hogsim script render %s/functions.py mean)\n",
      py_mean.command().size(), paths.examples_dir.c_str());
  const Value values = Value::tuple({Value::list({1.5, 2.5, 4.0})});
  show_call("mean.local([1.5, 2.5, 4.0])          # Python runner", py_mean, values);
  show_call("mean.local([1.5, 2.5, 4.0])          # C++ runner", cpp_function(paths, "mean"),
            values);
  show_call("print_lines.local(3)                 # its prints come first",
            python_function(paths, "print_lines"), Value::tuple({3}));

  std::printf("\n6. A large argument goes through the proxy store (.local() has no size limit)\n");
  const Value array = seed_array();
  try {
    core::serialize(Value::tuple({array}));
  } catch (const core::PayloadTooLargeError& error) {
    std::printf("   .remote(array) would fail: %s: %s\n", error.type_name().c_str(), error.what());
  }
  show_call(
      "mean.local(array)                    # 8 MB array: pickled once to a store file,\n"
      "   ...                                  # the payload carries a small reference",
      cpp_function(paths, "mean"), Value::tuple({array}));

  std::printf("\n7. Chunking: numpy.array_split(array, 10), one call per chunk, then combined\n");
  const std::vector<Value> chunks = core::numpy::array_split(array, 10);
  const sim::Function chunk_mean = cpp_function(paths, "mean");
  double total = 0;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const std::size_t payload = core::serialize(Value::tuple({chunks[i]})).size();
    const double mean = chunk_mean.local(Value::tuple({chunks[i]})).value.as_float();
    total += mean * static_cast<double>(core::numpy::view(chunks[i]).size());
    if (i < 2 || i + 1 == chunks.size()) {
      std::printf("   chunk %zu: payload %.2f MB, mean %s\n", i,
                  static_cast<double>(payload) / (1024.0 * 1024.0),
                  core::repr(Value(mean)).c_str());
    } else if (i == 2) {
      std::printf("   ...\n");
    }
  }
  std::printf("   combined mean = %s\n", core::repr(Value(total / 1e6)).c_str());

  std::printf("\n8. A failing function: the runner's exception, as .local() raises it\n");
  show_call("fail.local('the input file is empty')", python_function(paths, "fail"),
            Value::tuple({"the input file is empty"}));

  std::printf("\n9. A timeout: walltime 1 s, the function sleeps 30 s\n");
  sim::LocalOptions timeout;
  timeout.walltime = std::chrono::milliseconds(1000);
  show_call("sleep.local(30)", cpp_function(paths, "sleep"), Value::tuple({30}), timeout);
}

}  // namespace hog::cli
