// The sections of `hogsim demo`, split by idea: the wire format (demo.cpp) and calls through
// .local() (demo_local.cpp).
#pragma once

#include <string>

namespace hog::cli {

// Where the demo finds the C++ runner, the example script and a python3 with numpy; the defaults
// are the ones the build knows.
struct DemoPaths {
  std::string runner;
  std::string examples_dir;
  std::string python;
};

void show_local_calls(const DemoPaths& paths);

}  // namespace hog::cli
