// Runs one call through a runner process the way a rendered script would: payload file in, result
// file out, stdout and stderr captured. For the runner tests only.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "hog/runner/python_runner.hpp"
#include "support/python_oracle.hpp"
#include "support/subprocess.hpp"
#include "support/temp_dir.hpp"

namespace hog::test {

struct RunnerRun {
  int exit_code = -1;
  std::string out;  // the function's stdout
  std::string err;
  std::optional<std::string> result;  // the result file, when the runner wrote one
};

enum class RunnerKind { Cpp, Python };

inline RunnerRun run_runner(RunnerKind kind, const std::string& function,
                            const std::string& payload, const TempDir& dir) {
  const auto in = dir / "payload.in";
  const auto out = dir / "payload.out";
  std::filesystem::remove(out);
  write_file(in, payload);
  std::vector<std::string> argv;
  if (kind == RunnerKind::Cpp) {
    argv = {HOG_RUNNER_PATH, "--function", function, "--in", in.string(), "--out", out.string()};
  } else {
    const auto runner = dir / "runner.py";
    write_file(runner, hog::runner::python_runner_source());
    argv = {python_path(), runner.string(), std::string(HOG_EXAMPLES_DIR) + "/functions.py",
            function,      in.string(),     out.string()};
  }
  const ProcessResult process = run_command(argv);
  RunnerRun run{process.exit_code, process.out, process.err, std::nullopt};
  if (std::filesystem::exists(out)) run.result = read_file(out);
  return run;
}

inline std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  const auto newline = trimmed.rfind('\n');
  return newline == std::string::npos ? trimmed : trimmed.substr(newline + 1);
}

}  // namespace hog::test
