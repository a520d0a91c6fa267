// The stdlib-only Python runner (runner/python/runner.py), embedded at build time so that a client
// can write it into a rendered script. See the file's docstring for what it does.
// Usage inside a script: python3 runner.py SCRIPT_PATH FUNCTION_NAME PAYLOAD_IN RESULT_OUT
#pragma once

#include <string_view>

namespace hog::runner {

// The text of runner.py, byte for byte.
std::string_view python_runner_source();

}  // namespace hog::runner
