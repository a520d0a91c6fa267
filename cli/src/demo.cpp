// `hogsim demo`: the serialization roundtrip from Groundhog's documentation, with real values —
// a call payload through the envelope and back, then payloads just under and just over the
// 10 MB Globus Compute limit.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "demo_sections.hpp"
#include "exit_codes.hpp"
#include "hog/core/envelope.hpp"
#include "hog/core/errors.hpp"
#include "hog/core/literal.hpp"
#include "hog/core/numpy.hpp"
#include "hog/core/pickle.hpp"

namespace hog::cli {

namespace {

using core::Value;

void show_call_roundtrip() {
  std::printf("1. A call: my_function.remote(x, y, z=10)\n");
  const Value x = Value::list({1.5, 2.5, 4.0});
  const Value y = Value("seed-42");
  const Value call = core::make_call_payload(Value::tuple({x, y}), Value::dict({{"z", 10}}));
  std::printf("   (args, kwargs)   = %s\n", core::repr(call).c_str());
  const std::string pickled = core::pickle::encode(call);
  std::printf("   pickle (proto 5) = %zu bytes\n", pickled.size());
  const std::string envelope = core::serialize(call);
  std::printf("   envelope         = %s\n", envelope.c_str());
  std::printf("   size             = %zu bytes of the %zu-byte limit\n", envelope.size(),
              core::kGlobusComputeLimitBytes);

  std::printf("\n2. The runner decodes it and calls the function\n");
  const core::CallArguments arguments = core::split_call_payload(core::deserialize(envelope));
  std::printf("   args = %s, kwargs = %s, equal to the original: %s\n",
              core::repr(arguments.args).c_str(), core::repr(arguments.kwargs).c_str(),
              core::deserialize(envelope) == call ? "yes" : "no");

  std::printf("\n3. The result comes back on stdout after the delimiter\n");
  const Value result = Value::dict({{"mean", 8.0 / 3.0}, {"label", y}});
  const std::string stdout_text = "computing...\ndone\n" + std::string(core::kResultDelimiter) +
                                  "\n" + core::serialize(result) + "\n";
  std::printf("   stdout:\n");
  for (std::size_t start = 0; start < stdout_text.size();) {
    const std::size_t end = stdout_text.find('\n', start);
    std::printf("   | %s\n", stdout_text.substr(start, end - start).c_str());
    start = end + 1;
  }
  const core::StdoutResult read = core::deserialize_stdout(stdout_text);
  std::printf("   user output = %s\n", core::repr(Value(*read.user_output)).c_str());
  std::printf("   result      = %s\n", core::repr(read.value).c_str());
}

// bytes whose envelope is exactly `payload_size` long (payload sizes step by 4 base64 characters).
Value bytes_with_envelope_size(std::size_t payload_size) {
  const std::size_t base64_chars = payload_size - core::kPickleMarker.size();
  // Probe the pickle overhead for a large bytes object once, then size the data to fit.
  const std::size_t probe = 1 << 20;
  const std::size_t overhead =
      core::pickle::encode(Value::bytes(std::string(probe, 'x'))).size() - probe;
  return Value::bytes(std::string(base64_chars / 4 * 3 - overhead, 'x'));
}

void try_size(const char* label, const Value& value) {
  try {
    const std::string payload = core::serialize(value);
    std::printf("   %-34s %10zu bytes (%.2f MB): accepted\n", label, payload.size(),
                static_cast<double>(payload.size()) / (1024.0 * 1024.0));
  } catch (const core::PayloadTooLargeError& error) {
    const double bytes = error.size_mb() * 1024.0 * 1024.0;
    std::printf("   %-34s %10.0f bytes: %s: %s\n", label, bytes, error.type_name().c_str(),
                error.what());
  }
}

void show_size_limit() {
  std::printf("\n4. The 10 MB limit (10 x 2^20 bytes, checked on the whole envelope)\n");
  const std::size_t limit = core::kGlobusComputeLimitBytes;
  // Envelopes are 11 + 4k characters long: the largest one under the limit is 1 byte short of it.
  const std::size_t largest_under = limit - (limit - core::kPickleMarker.size()) % 4;
  try_size("bytes, envelope just under:", bytes_with_envelope_size(largest_under));
  try_size("bytes, envelope just over:", bytes_with_envelope_size(largest_under + 4));
  std::vector<Value> rows;
  for (int i = 0; i < 1000; ++i) {
    std::vector<Value> row;
    row.reserve(1000);
    for (int j = 0; j < 1000; ++j) row.emplace_back(static_cast<double>(i * 1000 + j) / 7.0);
    rows.push_back(Value::list(row));
  }
  try_size("1000x1000 floats as nested lists:", Value::list(rows));
  std::string data(1000 * 1000 * sizeof(double), '\0');
  try_size("numpy 1000x1000 float64 array:",
           core::numpy::array(core::numpy::DType::parse("<f8"), {1000, 1000}, data));
  std::printf(
      "   Remedies: chunk the data into several calls, or pass a path on shared storage.\n");
}

}  // namespace

void add_demo_command(CLI::App& app, CommandAction& action) {
  auto* demo = app.add_subcommand(
      "demo", "walk through Groundhog's serialization roundtrip with real values");
  auto paths =
      std::make_shared<DemoPaths>(DemoPaths{HOG_RUNNER_PATH, HOG_EXAMPLES_DIR, HOG_PYTHON});
  demo->add_option("--runner", paths->runner, "the C++ runner binary")->capture_default_str();
  demo->add_option("--examples", paths->examples_dir, "the folder of functions.py")
      ->capture_default_str();
  demo->add_option("--python", paths->python, "a python3 that imports numpy")
      ->capture_default_str();
  demo->callback([&action, paths] {
    action = [paths] {
      show_call_roundtrip();
      show_size_limit();
      show_local_calls(*paths);
      std::fflush(stdout);
      return kExitOk;
    };
  });
}

}  // namespace hog::cli
