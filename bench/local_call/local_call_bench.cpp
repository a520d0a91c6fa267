// The per-call overhead of .local(): the same trivial call (echo(None)) through the rendered
// script with the C++ runner and with the Python runner. Each iteration is one whole call: the
// payload, the executor's sandbox and bash, then for the C++ runner the payload heredoc and `exec`
// of hog-runner (two processes in all), for the Python runner Groundhog's script (mktemp, heredocs,
// python3, cat, rm). bench/compare.py turns the two into the ratio issue 4 targets (Python / C++
// >= 10x, C++ <= 5 ms per call).
#include <benchmark/benchmark.h>
#include <spawn.h>
#include <sys/wait.h>

#include "hog/mock/shell_executor.hpp"
#include "hog/sim/function.hpp"

namespace {

using hog::core::Value;

void local_call(benchmark::State& state, const hog::sim::Function& function) {
  const Value args = Value::tuple({Value()});
  for (auto _ : state) {
    auto result = function.local(args);
    benchmark::DoNotOptimize(result);
  }
}

void BM_LocalCall_cpp(benchmark::State& state) {
  local_call(state, hog::sim::Function::cpp(HOG_RUNNER_PATH, "echo"));
}
void BM_LocalCall_python(benchmark::State& state) {
  local_call(state,
             hog::sim::Function::python(HOG_EXAMPLES_DIR "/functions.py", "echo", HOG_PYTHON));
}

// The floor under both: the executor running `true` (sandbox, bash, process group, snippets).
void BM_ShellCommand_true(benchmark::State& state) {
  for (auto _ : state) {
    auto result = hog::mock::run_shell_command("true");
    benchmark::DoNotOptimize(result);
  }
}

// The floor under that: `bash -c true` spawned and waited for, nothing else (no sandbox, no group).
void BM_Bash_true(benchmark::State& state) {
  const char* argv[] = {"/bin/bash", "-c", "true", nullptr};
  for (auto _ : state) {
    pid_t pid = -1;
    if (posix_spawn(&pid, argv[0], nullptr, nullptr, const_cast<char* const*>(argv), environ) !=
        0) {
      state.SkipWithError("cannot spawn /bin/bash");
      return;
    }
    int status = 0;
    waitpid(pid, &status, 0);
  }
}

BENCHMARK(BM_Bash_true)->Name("Bash/true")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ShellCommand_true)
    ->Name("ShellCommand/true")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_LocalCall_cpp)->Name("LocalCall/cpp")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LocalCall_python)
    ->Name("LocalCall/python")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
