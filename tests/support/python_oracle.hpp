// Runs CPython (the interpreter found at configure time, one that imports numpy) as a test oracle.
//
// Contract: run_python(code, input) runs `HOG_PYTHON -c code` with `input` on standard input and
// returns its standard output. A non-zero exit raises std::runtime_error carrying stderr, so an
// oracle that cannot run fails the test instead of skipping it. Blocking; no shared state.
#pragma once

#include <string>
#include <string_view>

namespace hog::test {

// The oracle interpreter's path, fixed at configure time.
const char* python_path();

std::string run_python(std::string_view code, std::string_view input = {});

// Hex helpers so bytes travel through text pipes unchanged.
std::string to_hex(std::string_view bytes);
std::string from_hex(std::string_view hex);

}  // namespace hog::test
