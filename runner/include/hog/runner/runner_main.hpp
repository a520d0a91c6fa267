// The body of a C++ runner binary: what `hog-runner` (and a user's own runner) does inside the
// script that Groundhog-style rendering produces.
//
// Usage: RUNNER --function NAME --in PAYLOAD_FILE --out RESULT_FILE
//        RUNNER --function NAME --in - --out -   (payload on stdin, result on stdout)
//        RUNNER --list            (the registered names, one per line)
//
// Contract of one run:
// - Reads PAYLOAD_FILE (an envelope: "__PICKLE__:" + base64, or JSON), resolves a proxy reference
//   (hog/core/proxy_ref.hpp: the store file is read and removed), checks it is (args, kwargs),
//   calls the function NAME and writes the result's envelope (pickle protocol 5, no size limit)
//   to RESULT_FILE. Standard output belongs to the function; the runner writes nothing there and
//   flushes it before returning.
// - `--in -` reads the payload from stdin instead, dropping one final "\n" if there is one (the
//   newline the script's heredoc ends with; an envelope never ends in one). `--out -` writes the
//   result to stdout instead: after the function returned and its output (std::cout and C stdio)
//   is flushed, "__GROUNDHOG_RESULT__\n" and the result's envelope, the bytes a file-mode script's
//   `echo "__GROUNDHOG_RESULT__"` and `cat RESULT_FILE` print. The two are independent.
// - Any failure (bad flags, unreadable payload, unknown function, an exception from the function,
//   an unwritable result file) prints one line "<PythonTypeName>: <message>" on stderr, writes no
//   result file (with `--out -`: no delimiter), and returns non-zero: 2 for bad usage, 1 otherwise.
#pragma once

#include "hog/runner/registry.hpp"

namespace hog::runner {

int run_runner(const Registry& registry, int argc, const char* const* argv);

}  // namespace hog::runner
