// The safety lists of payload inspection, as data. Edit these tables (and the list in
// inspect.hpp and the README) to change what `hogsim payload inspect` calls safe.
#include "inspect_allowlist.hpp"

namespace hog::core::inspection {
namespace {

struct Entry {
  std::string_view module;
  std::string_view name;  // "*": every name in the module
  std::string_view reason;
};

// Globals that only rebuild data when Python unpickles them.
constexpr Entry kAllowed[] = {
    {"builtins", "complex", "complex number"},
    {"builtins", "set", "set"},
    {"builtins", "frozenset", "frozenset"},
    {"builtins", "bytearray", "bytearray"},
    {"builtins", "bytes", "bytes"},
    {"builtins", "slice", "slice"},
    {"builtins", "range", "range"},
    {"builtins", "object", "base class for copyreg._reconstructor"},
    {"builtins", "Ellipsis", "the Ellipsis singleton"},
    {"builtins", "NotImplemented", "the NotImplemented singleton"},
    {"copyreg", "_reconstructor", "rebuilds an object of a class named in the pickle"},
    {"_codecs", "encode", "bytes below protocol 3"},
    {"collections", "OrderedDict", "ordered dict"},
    {"datetime", "*", "date and time value"},
    {"decimal", "Decimal", "decimal number"},
    {"fractions", "Fraction", "fraction"},
    {"uuid", "UUID", "UUID"},
    {"uuid", "SafeUUID", "UUID safety flag (an enum)"},
    {"numpy.core.multiarray", "_reconstruct", "NumPy array reconstruction"},
    {"numpy.core.multiarray", "scalar", "NumPy scalar"},
    {"numpy.core.numeric", "_frombuffer", "NumPy array from a buffer (protocol 5)"},
    {"numpy._core.multiarray", "_reconstruct", "NumPy 2 array reconstruction"},
    {"numpy._core.multiarray", "scalar", "NumPy 2 scalar"},
    {"numpy._core.numeric", "_frombuffer", "NumPy 2 array from a buffer (protocol 5)"},
    {"numpy", "dtype", "NumPy dtype"},
    {"numpy", "ndarray", "NumPy array type"},
};

// Globals known to run code, with the reason shown to the user. Checked before kAllowed.
constexpr Entry kDangerous[] = {
    {"os", "system", "runs a shell command"},
    {"os", "popen", "runs a shell command"},
    {"os", "*", "operating system calls (processes, files, environment)"},
    {"posix", "*", "operating system calls (os on POSIX)"},
    {"nt", "*", "operating system calls (os on Windows)"},
    {"subprocess", "*", "starts processes"},
    {"pty", "*", "starts processes"},
    {"builtins", "eval", "runs Python code"},
    {"builtins", "exec", "runs Python code"},
    {"builtins", "compile", "compiles Python code"},
    {"builtins", "getattr", "reaches any attribute, so any function"},
    {"builtins", "setattr", "changes any attribute"},
    {"builtins", "delattr", "deletes any attribute"},
    {"builtins", "__import__", "imports any module"},
    {"builtins", "open", "opens files"},
    {"builtins", "breakpoint", "starts a debugger"},
    {"importlib", "*", "imports any module"},
    {"runpy", "*", "runs Python code"},
    {"code", "*", "runs Python code"},
    {"types", "*", "builds functions and code objects"},
    {"marshal", "*", "loads code objects"},
    {"pickle", "*", "unpickles nested data with its own globals"},
    {"_pickle", "*", "unpickles nested data with its own globals"},
    {"shutil", "*", "file system operations"},
    {"socket", "*", "network access"},
    {"sys", "*", "interpreter state"},
    {"ctypes", "*", "calls C functions"},
};

const Entry* find(const auto& table, std::string_view module, std::string_view name) {
  for (const Entry& entry : table) {
    if (entry.module == module && entry.name == name) return &entry;
  }
  for (const Entry& entry : table) {
    if (entry.module == module && entry.name == "*") return &entry;
  }
  return nullptr;
}

}  // namespace

GlobalVerdict classify_global(std::string_view module, std::string_view name) {
  if (const Entry* entry = find(kDangerous, module, name)) return {false, entry->reason};
  if (const Entry* entry = find(kAllowed, module, name)) return {true, entry->reason};
  return {false, "not on the allow-list"};
}

}  // namespace hog::core::inspection
