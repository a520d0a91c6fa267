// The C++ runner's function registry: the functions a runner binary can call, by name.
//
// Contract:
// - A Function receives the call's positional arguments (a tuple) and keyword arguments (a dict
//   with str keys) as decoded from the payload, and returns the result value. What it prints on
//   std::cout is the user's output; the runner keeps it apart from the result.
// - Names are Python-style dotted names ("sum", "stats.mean"): non-empty identifiers joined by
//   single dots. add() throws std::invalid_argument for a bad or duplicate name.
// - To report a failure the way Python would, throw hog::runner::FunctionError (a Python exception
//   type name and a message) or any hog::core::Error; any other std::exception is reported as
//   RuntimeError.
// - A Registry is a plain value: build it in main() and hand it to run_runner (runner_main.hpp).
//   Not thread-safe while being built; const after.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hog/core/errors.hpp"
#include "hog/core/value.hpp"

namespace hog::runner {

struct Call {
  core::Value args;    // tuple
  core::Value kwargs;  // dict, str keys
};

using Function = std::function<core::Value(const Call& call)>;

// An exception the called function raises, named like a Python exception ("ValueError").
class FunctionError : public core::Error {
 public:
  FunctionError(std::string type_name, const std::string& message)
      : core::Error(std::move(type_name), message) {}
};

class Registry {
 public:
  void add(std::string name, Function function);
  // nullptr when no function has that name.
  const Function* find(std::string_view name) const;
  std::vector<std::string> names() const;  // sorted

 private:
  std::map<std::string, Function, std::less<>> functions_;
};

// True for a non-empty dotted name of identifiers ([A-Za-z_][A-Za-z0-9_]*, joined by '.').
bool is_dotted_name(std::string_view name);

}  // namespace hog::runner
