// The exit codes of the hogsim command: what a script or CI job can branch on.
#pragma once

#include <string>

namespace hog::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;  // the input could not be read, parsed or converted
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitTooLarge = 3;  // PayloadTooLargeError: over the payload size limit
inline constexpr int kExitIo = 4;        // reading input or writing output failed
inline constexpr int kExitUnsafe = 5;    // payload inspect --strict: the payload can run code
inline constexpr int kExitCallFailed = 6;  // run: the call failed (LocalExecutionError, ...)

inline std::string exit_code_help() {
  return "Exit codes:\n"
         "  0  success\n"
         "  1  bad input: SyntaxError, UnpicklingError, binascii.Error, JSONDecodeError, "
         "ValueError, ...\n"
         "  2  bad command line\n"
         "  3  PayloadTooLargeError: the payload is over the size limit\n"
         "  4  OSError: reading the input or writing the output failed\n"
         "  5  payload inspect --strict: the payload names a global that can run code\n"
         "  6  run: the call failed (LocalExecutionError, DeserializationError of its result)\n"
         "Errors print one line on stderr that starts with the error's type name.";
}

}  // namespace hog::cli
