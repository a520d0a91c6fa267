// hog-runner: the C++ runner with the builtin functions (hog/runner/builtins.hpp). A user's own
// runner is the same three lines with their own functions added to the registry.
#include "hog/runner/builtins.hpp"
#include "hog/runner/runner_main.hpp"

int main(int argc, char** argv) {
  hog::runner::Registry registry;
  hog::runner::add_builtins(registry);
  return hog::runner::run_runner(registry, argc, argv);
}
