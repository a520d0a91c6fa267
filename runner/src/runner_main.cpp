// One run of a C++ runner (see hog/runner/runner_main.hpp).
#include "hog/runner/runner_main.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>

#include "hog/core/envelope.hpp"
#include "hog/runner/proxy_files.hpp"
#include "stdin_payload.hpp"

namespace hog::runner {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr std::string_view kStdStream = "-";  // --in - / --out -: stdin / stdout

struct Options {
  std::string function;
  std::string in_path;
  std::string out_path;
  bool list = false;
};

// A failure reported as "<type>: <message>" on stderr.
struct Failure {
  std::string type_name;
  std::string message;
  int exit_code = kExitFailure;
};

Options parse_options(int argc, const char* const* argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--list") {
      options.list = true;
      continue;
    }
    std::string* target = flag == "--function" ? &options.function
                          : flag == "--in"     ? &options.in_path
                          : flag == "--out"    ? &options.out_path
                                               : nullptr;
    if (target == nullptr)
      throw Failure{"UsageError", "unknown argument '" + flag + "'", kExitUsage};
    if (i + 1 == argc) throw Failure{"UsageError", flag + " needs a value", kExitUsage};
    *target = argv[++i];
  }
  if (!options.list &&
      (options.function.empty() || options.in_path.empty() || options.out_path.empty())) {
    throw Failure{"UsageError",
                  "usage: " + std::string(argc > 0 ? argv[0] : "hog-runner") +
                      " --function NAME --in PAYLOAD_FILE|- --out RESULT_FILE|- | --list",
                  kExitUsage};
  }
  return options;
}

std::string read_payload(const std::string& path) {
  if (path == kStdStream) {
    try {
      return detail::read_stdin_payload(STDIN_FILENO);
    } catch (const std::system_error& error) {
      throw Failure{"OSError", error.what()};
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure{"FileNotFoundError", "cannot read payload file " + path};
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

// The result as the script's `echo` + `cat` would print it, after the function's own output.
void write_stdout(const std::string& text) {
  std::cout << core::kResultDelimiter << '\n' << text;
  std::cout.flush();
  if (!std::cout || std::fflush(stdout) != 0) {
    throw Failure{"OSError", "cannot write the result to stdout"};
  }
}

void write_result(const std::string& path, const std::string& text) {
  if (path == kStdStream) return write_stdout(text);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw Failure{"OSError", "cannot write result file " + path};
}

core::Value call(const Registry& registry, const Options& options) {
  const Function* function = registry.find(options.function);
  if (function == nullptr) {
    throw Failure{"AttributeError", "runner has no function '" + options.function + "'"};
  }
  core::Value payload = core::deserialize(read_payload(options.in_path));
  payload = resolve_top_level_proxy(payload);
  const core::CallArguments arguments = core::split_call_payload(payload);
  return (*function)(Call{arguments.args, arguments.kwargs});
}

int report(const Failure& failure) {
  std::cout.flush();
  std::fprintf(stderr, "%s: %s\n", failure.type_name.c_str(), failure.message.c_str());
  return failure.exit_code;
}

}  // namespace

int run_runner(const Registry& registry, int argc, const char* const* argv) {
  try {
    const Options options = parse_options(argc, argv);
    if (options.list) {
      for (const std::string& name : registry.names()) std::cout << name << '\n';
      std::cout.flush();
      return 0;
    }
    const core::Value result = call(registry, options);
    const std::string payload = core::serialize(result, {.limit_bytes = std::nullopt});
    std::cout.flush();
    std::fflush(stdout);
    write_result(options.out_path, payload);
    return 0;
  } catch (const Failure& failure) {
    return report(failure);
  } catch (const core::Error& error) {
    return report({error.type_name(), error.what()});
  } catch (const std::exception& error) {
    return report({"RuntimeError", error.what()});
  }
}

}  // namespace hog::runner
